//! 3.1's security schemes that 3.0 cannot say: `mutualTLS`, whose credential is the
//! client's TLS certificate, so the HTTP layer neither sends nor reads anything for it.

use serde_json::{Map, Value};

use super::Rewriter;
use crate::diagnostics::push_pointer;

impl Rewriter<'_> {
    /// 3.1's `mutualTLS` schemes, which 3.0 cannot say: the credential is the client's
    /// TLS certificate, so the HTTP layer neither sends nor reads anything for it. The
    /// scheme is removed, and so is its name from each requirement (a requirement of it
    /// alone is met by the connection), with a warning that says where the identity goes.
    pub(super) fn mutual_tls(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(schemes)) = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) else {
            return;
        };
        let names: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type") == Some(&Value::from("mutualTLS")))
            .map(|(n, _)| n.clone())
            .collect();
        for name in &names {
            schemes.shift_remove(name);
            self.warn(
                &push_pointer("/components/securitySchemes", name),
                format!(
                    "security scheme `{name}` is mutual TLS: the client presents a certificate (give reqwest an \
                     `Identity` through `ClientBuilder::http_client`), and the server leaves checking it to TLS \
                     termination; no credential is sent or read for it in HTTP"
                ),
            );
        }
        if names.is_empty() {
            return;
        }
        let strip = |reqs: &mut Value| {
            if let Value::Array(reqs) = reqs {
                for req in reqs.iter_mut() {
                    if let Value::Object(req) = req {
                        req.retain(|k, _| !names.contains(k));
                    }
                }
            }
        };
        if let Some(reqs) = root.get_mut("security") {
            strip(reqs);
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for item in paths.values_mut() {
                let Value::Object(item) = item else { continue };
                for slot in crate::methods::slots_of(item) {
                    if let Some(reqs) = slot.get_mut(item).and_then(|op| op.get_mut("security")) {
                        strip(reqs);
                    }
                }
            }
        }
    }
}
