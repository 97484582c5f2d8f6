//! Security: the requirements that apply to an operation (its own, else the document's),
//! compared as sets of alternatives.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, SecurityRequirement};

use super::model::{self, Spec};
use super::pair::{Op, Sink};
use crate::diagnostics::push_pointer;

/// How an empty requirement (`{}`: anyone may call) is written.
const PUBLIC: &str = "no credentials";

/// The requirements in force for an operation, each written `A + B[scope]`, and where
/// they are declared.
fn effective(doc: &OpenAPI, op: &Op<'_>) -> (BTreeSet<String>, String) {
    let (list, at) = match &op.operation.security {
        Some(list) => (list.as_slice(), push_pointer(&op.pointer, "security")),
        None => (doc.security.as_deref().unwrap_or_default(), "/security".to_string()),
    };
    (list.iter().map(describe).collect(), at)
}

fn describe(requirement: &SecurityRequirement) -> String {
    if requirement.is_empty() {
        return PUBLIC.into();
    }
    let mut schemes: Vec<String> = requirement
        .iter()
        .map(|(name, scopes)| {
            let mut scopes = scopes.clone();
            scopes.sort();
            if scopes.is_empty() { name.clone() } else { format!("{name}[{}]", scopes.join(", ")) }
        })
        .collect();
    schemes.sort();
    schemes.join(" + ")
}

pub(crate) fn compare(old_doc: &OpenAPI, new_doc: &OpenAPI, old: &Op<'_>, new: &Op<'_>, sink: &mut Sink<'_>) {
    let (olds, old_at) = effective(old_doc, old);
    let (news, new_at) = effective(new_doc, new);
    // No requirement, or an empty one among the alternatives, lets anyone in.
    let public = |set: &BTreeSet<String>| set.is_empty() || set.contains(PUBLIC);
    let (old_public, new_public) = (public(&olds), public(&news));
    for r in olds.difference(&news) {
        let rule = if new_public { &model::SECURITY_NO_LONGER_REQUIRED } else { &model::SECURITY_REMOVED };
        sink.push(rule, Spec::Old, old_at.clone(), format!("security requirement `{r}` was removed"));
    }
    for r in news.difference(&olds) {
        let rule = if old_public && !new_public { &model::SECURITY_ADDED } else { &model::SECURITY_ALTERNATIVE_ADDED };
        sink.push(rule, Spec::New, new_at.clone(), format!("security requirement `{r}` was added"));
    }
}
