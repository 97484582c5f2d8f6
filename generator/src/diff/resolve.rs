//! Follows `#/components/...` references inside one parsed document. The loader has
//! already inlined references to other files, so only local ones are left.

use std::borrow::Borrow;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr, Schema};

use crate::diagnostics::push_pointer;

/// How many references in a row are followed before giving up (`A: {$ref: B}` chains).
const MAX_HOPS: usize = 32;

/// An item found in a document, with its JSON pointer and, when it came through a
/// reference, the component's name.
#[derive(Debug)]
pub(crate) struct Found<'a, T> {
    pub item: &'a T,
    pub pointer: String,
    pub name: Option<&'a str>,
}

/// The component name a local reference into `section` names (`#/components/schemas/X`).
fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
}

/// Follows a local reference into one section of `components`, through chains of
/// references. `None` when it does not resolve (the front end leaves that to lowering).
fn follow<'a, T>(
    doc: &'a OpenAPI,
    section: &str,
    map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    mut reference: &'a str,
) -> Option<Found<'a, T>> {
    let components = doc.components.as_ref()?;
    for _ in 0..MAX_HOPS {
        let name = component_name(reference, section)?;
        let (key, target) = map(components).get_key_value(&name)?;
        match target {
            ReferenceOr::Item(item) => {
                let pointer = push_pointer(&push_pointer("/components", section), key);
                return Some(Found { item, pointer, name: Some(key) });
            }
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// Resolves an item that may be a reference into one section of `components`; `at` is
/// where the item itself sits.
pub(crate) fn resolve<'a, T>(
    doc: &'a OpenAPI,
    section: &str,
    map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    item: &'a ReferenceOr<T>,
    at: String,
) -> Option<Found<'a, T>> {
    match item {
        ReferenceOr::Item(item) => Some(Found { item, pointer: at, name: None }),
        ReferenceOr::Reference { reference } => follow(doc, section, map, reference),
    }
}

/// Resolves a schema, boxed (as properties and items hold them) or not.
pub(crate) fn schema<'a, S: Borrow<Schema>>(
    doc: &'a OpenAPI,
    item: &'a ReferenceOr<S>,
    at: String,
) -> Option<Found<'a, Schema>> {
    match item {
        ReferenceOr::Item(s) => Some(Found { item: s.borrow(), pointer: at, name: None }),
        ReferenceOr::Reference { reference } => follow(doc, "schemas", |c| &c.schemas, reference),
    }
}
