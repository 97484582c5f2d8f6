//! The one resolver of `#/components/…` references, for every kind of component the
//! lowering reads. A reference that names nothing is a located error, worded the same
//! way for every kind.

use indexmap::IndexMap;
use openapiv3::{Components, Example, Header, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Lowerer;

/// A kind of component: where its references point and what to call it in messages.
pub(super) trait Component: Sized {
    /// The section under `components` (`requestBodies`).
    const SECTION: &'static str;
    /// What one is, with its article (`a request body`).
    const WHAT: &'static str;
    fn section(c: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $section:literal, $what:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            const WHAT: &'static str = $what;
            fn section(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &c.$field
            }
        }
    };
}

component!(Parameter, "parameters", "a parameter", parameters);
component!(RequestBody, "requestBodies", "a request body", request_bodies);
component!(Response, "responses", "a response", responses);
component!(Schema, "schemas", "a schema", schemas);
component!(Header, "headers", "a header", headers);
component!(Example, "examples", "an example", examples);

/// The component name a reference points at, if it points into `T`'s section.
pub(super) fn component_name<T: Component>(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/")?.strip_prefix(T::SECTION)?.strip_prefix('/')
}

impl<'a> Lowerer<'a> {
    /// The item `r` is or names. `None` when it names nothing, or names another
    /// reference (the loader has already inlined every chain it could).
    pub(super) fn lookup<'d, T: Component>(&self, r: &'d ReferenceOr<T>) -> Option<&'d T>
    where
        'a: 'd,
    {
        match r {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => {
                let name = component_name::<T>(reference)?;
                match T::section(self.doc.components.as_ref()?).get(name)? {
                    ReferenceOr::Item(item) => Some(item),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// Like [`Lowerer::lookup`], reporting at `pointer` a reference that names nothing.
    pub(super) fn resolve<'d, T: Component>(&mut self, r: &'d ReferenceOr<T>, pointer: &str) -> Option<&'d T>
    where
        'a: 'd,
    {
        let found = self.lookup(r);
        if found.is_none() {
            if let ReferenceOr::Reference { reference } = r {
                self.error(
                    pointer,
                    format!("`{reference}` does not name {} in `components/{}`", T::WHAT, T::SECTION),
                    None,
                );
            }
        }
        found
    }
}
