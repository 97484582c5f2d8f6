//! Parameters: paired by location and name (`query` `scopes`), path-level ones merged
//! under the operation's own as OpenAPI says.

use openapiv3::{OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, Schema};

use super::model::{self, Spec};
use super::pair::{Op, Sink};
use super::resolve::{self, Found};
use super::schemas::{At, Place, Schemas};
use crate::diagnostics::push_pointer;

/// One effective parameter of an operation.
#[derive(Debug)]
struct Param<'a> {
    location: &'static str,
    data: &'a ParameterData,
    /// Where it is listed (`…/get/parameters/2`), for additions and removals.
    listed_at: String,
    /// Where its definition is (the component, when it is a reference).
    defined_at: String,
}

fn location(p: &Parameter) -> &'static str {
    match p {
        // 3.2's whole query string, which the 3.2 rewrite marks (its value's type is
        // another than any query parameter's).
        Parameter::Query { parameter_data, .. }
            if parameter_data.extensions.get(crate::v32::QUERYSTRING) == Some(&serde_json::Value::Bool(true)) =>
        {
            "querystring"
        }
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn data(p: &Parameter) -> &ParameterData {
    match p {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

fn params<'a>(doc: &'a OpenAPI, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    let lists = [(&op.item.parameters, &op.item_pointer), (&op.operation.parameters, &op.pointer)];
    for (list, owner) in lists {
        let at = push_pointer(owner, "parameters");
        for (i, p) in list.iter().enumerate() {
            let listed_at = push_pointer(&at, &i.to_string());
            let Some(found) = resolve::resolve(doc, "parameters", |c| &c.parameters, p, listed_at.clone()) else {
                continue;
            };
            let param =
                Param { location: location(found.item), data: data(found.item), listed_at, defined_at: found.pointer };
            // An operation's parameter overrides the path item's of the same name and place.
            out.retain(|q: &Param<'_>| (q.location, &q.data.name) != (param.location, &param.data.name));
            out.push(param);
        }
    }
    out
}

/// A parameter's schema, from `schema` or from its one `content` entry.
fn schema<'a>(doc: &'a OpenAPI, p: &Param<'a>) -> Option<Found<'a, Schema>> {
    match &p.data.format {
        ParameterSchemaOrContent::Schema(s) => resolve::schema(doc, s, push_pointer(&p.defined_at, "schema")),
        ParameterSchemaOrContent::Content(content) => {
            let (media, m) = content.first()?;
            let at = push_pointer(&push_pointer(&push_pointer(&p.defined_at, "content"), media), "schema");
            resolve::schema(doc, m.schema.as_ref()?, at)
        }
    }
}

pub(crate) fn compare<'a>(schemas: &mut Schemas<'a>, old: &Op<'a>, new: &Op<'a>, sink: &mut Sink<'_>) {
    let (old_doc, new_doc) = (schemas.old_doc(), schemas.new_doc());
    let olds = params(old_doc, old);
    let news = params(new_doc, new);
    let same = |a: &Param<'_>, b: &Param<'_>| a.location == b.location && a.data.name == b.data.name;
    for p in olds.iter().filter(|p| !news.iter().any(|n| same(p, n))) {
        let message = format!("{} parameter `{}` was removed", p.location, p.data.name);
        sink.push(&model::PARAMETER_REMOVED, Spec::Old, p.listed_at.clone(), message);
    }
    for p in &news {
        let Some(before) = olds.iter().find(|o| same(o, p)) else {
            let (rule, which) = if p.data.required {
                (&model::NEW_REQUIRED_PARAMETER, "required")
            } else {
                (&model::NEW_OPTIONAL_PARAMETER, "optional")
            };
            let message = format!("{which} {} parameter `{}` was added", p.location, p.data.name);
            sink.push(rule, Spec::New, p.listed_at.clone(), message);
            continue;
        };
        match (before.data.required, p.data.required) {
            (false, true) => {
                let message = format!("{} parameter `{}` became required", p.location, p.data.name);
                sink.push(&model::PARAMETER_BECAME_REQUIRED, Spec::New, p.defined_at.clone(), message);
            }
            (true, false) => {
                let message = format!("{} parameter `{}` became optional", p.location, p.data.name);
                sink.push(&model::PARAMETER_BECAME_OPTIONAL, Spec::New, p.defined_at.clone(), message);
            }
            _ => {}
        }
        if let (Some(o), Some(n)) = (schema(old_doc, before), schema(new_doc, p)) {
            let at = At { place: Place::Parameter, in_property: false, label: &p.data.name, depth: 0 };
            let found = schemas.compare(&o, &n, at);
            sink.findings(found, "");
        }
    }
}
