//! The fast way to the same `openapiv3::OpenAPI`: path items and component schemas one by
//! one, on two threads, instead of the document in one piece.
//!
//! openapiv3's `OpenAPI`, `Paths` and `Components` each flatten their `x-` extensions
//! into themselves, so serde buffers the whole of `paths` and of `components` as a copy
//! (`Content`) before reading a single path item from it: on mailchimp, a copy of 5.6 MB
//! of JSON made and dropped for nothing. Read entry by entry, each path item and schema
//! is deserialized straight from the document, and the entries split between two threads.
//!
//! The objects are put together here as openapiv3's derives would: the same fields and
//! defaults, `x-` keys as extensions, path keys starting with `/`, other keys ignored.
//! Anything that does not read cleanly returns `None`, and the caller parses the whole
//! document the usual way, which finds and locates the error: so this path decides no
//! error and no message.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, PathItem, Paths, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The document, or `None` when some part of it does not read (then the whole parse, which
/// locates the error, is the one to run).
pub(super) fn parse(doc: &Value) -> Option<OpenAPI> {
    let top = doc.as_object()?;
    let paths = top.get("paths")?.as_object()?;
    let components = match top.get("components") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_object()?),
    };
    let schemas = match components.and_then(|c| c.get("schemas")) {
        None => None,
        Some(value) => Some(value.as_object()?),
    };

    // Every entry of both big maps is a job; alternate jobs go to the two threads, which
    // balances them without knowing their sizes (neighbouring entries are alike).
    let jobs: Vec<Job<'_>> = paths
        .iter()
        .filter(|(key, _)| key.starts_with('/'))
        .map(|(_, value)| Job::Path(value))
        .chain(schemas.into_iter().flatten().map(|(_, value)| Job::Schema(value)))
        .collect();
    let read = read_all(&jobs)?;
    let mut read = read.into_iter();
    let mut take = || read.next();

    let mut path_items = IndexMap::new();
    for key in paths.keys().filter(|key| key.starts_with('/')) {
        let Some(Read::Path(item)) = take() else { return None };
        path_items.insert(key.clone(), *item);
    }
    let mut schema_items = IndexMap::new();
    for key in schemas.into_iter().flat_map(Map::keys) {
        let Some(Read::Schema(schema)) = take() else { return None };
        schema_items.insert(key.clone(), *schema);
    }

    let components = match components {
        None => None,
        Some(c) => Some(Components {
            schemas: schema_items,
            responses: field_or_default(c, "responses")?,
            parameters: field_or_default(c, "parameters")?,
            examples: field_or_default(c, "examples")?,
            request_bodies: field_or_default(c, "requestBodies")?,
            headers: field_or_default(c, "headers")?,
            security_schemes: field_or_default(c, "securitySchemes")?,
            links: field_or_default(c, "links")?,
            callbacks: field_or_default(c, "callbacks")?,
            extensions: extensions(c),
        }),
    };
    Some(OpenAPI {
        openapi: field(top, "openapi")?,
        info: field(top, "info")?,
        servers: field_or_default(top, "servers")?,
        paths: Paths { paths: path_items, extensions: extensions(paths) },
        components,
        security: field_or_default(top, "security")?,
        tags: field_or_default(top, "tags")?,
        external_docs: field_or_default(top, "externalDocs")?,
        extensions: extensions(top),
    })
}

/// One entry to deserialize.
enum Job<'a> {
    Path(&'a Value),
    Schema(&'a Value),
}

/// What a job read (boxed: a schema is far smaller than a path item, and the results
/// wait in one vector).
enum Read {
    Path(Box<ReferenceOr<PathItem>>),
    Schema(Box<ReferenceOr<Schema>>),
}

fn read(job: &Job<'_>) -> Option<Read> {
    match job {
        Job::Path(value) => ReferenceOr::deserialize(*value).ok().map(|r| Read::Path(Box::new(r))),
        Job::Schema(value) => ReferenceOr::deserialize(*value).ok().map(|r| Read::Schema(Box::new(r))),
    }
}

/// Reads every job, in order: the odd ones on a helper thread (with the pipeline's large
/// stack, since deserializing recurses over the document), the even ones here. Without a
/// helper, all of them here.
fn read_all(jobs: &[Job<'_>]) -> Option<Vec<Read>> {
    let mine = || jobs.iter().step_by(2).map(read).collect::<Option<Vec<_>>>();
    let theirs = || jobs.iter().skip(1).step_by(2).map(read).collect::<Option<Vec<_>>>();
    let (mine, theirs) = std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("generator-parse".into())
            .stack_size(crate::STACK_BYTES)
            .spawn_scoped(scope, theirs)
            .ok();
        let mine = mine();
        let theirs = match helper.map(std::thread::ScopedJoinHandle::join) {
            Some(Ok(theirs)) => theirs,
            // A panic is re-raised for the caller's guard, as if it had happened here.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => theirs(),
        };
        (mine, theirs)
    });
    let (mine, theirs) = (mine?, theirs?);
    let mut all = Vec::with_capacity(jobs.len());
    let mut theirs = theirs.into_iter();
    for read in mine {
        all.push(read);
        all.extend(theirs.next());
    }
    Some(all)
}

/// A required field.
fn field<'a, T: Deserialize<'a>>(object: &'a Map<String, Value>, key: &str) -> Option<T> {
    T::deserialize(object.get(key)?).ok()
}

/// A field that serde's `default` (or an `Option`) lets be absent.
fn field_or_default<'a, T: Deserialize<'a> + Default>(object: &'a Map<String, Value>, key: &str) -> Option<T> {
    match object.get(key) {
        None => Some(T::default()),
        Some(value) => T::deserialize(value).ok(),
    }
}

/// An object's `x-` keys, as openapiv3 keeps them.
fn extensions(object: &Map<String, Value>) -> IndexMap<String, Value> {
    object.iter().filter(|(key, _)| key.starts_with("x-")).map(|(key, value)| (key.clone(), value.clone())).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The split reading gives what openapiv3's own deserialization gives, field for field
    /// (extensions, ignored keys, defaults, references, order), and refuses what it refuses.
    #[test]
    fn reads_what_openapiv3_reads() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}}, "x-s": 1});
        let whole = |doc: &serde_json::Value| <openapiv3::OpenAPI as serde::Deserialize>::deserialize(doc).ok();
        let docs = [
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "x-i": true},
                "servers": [{"url": "https://example.com"}],
                "security": [{"k": []}],
                "tags": [{"name": "a"}],
                "externalDocs": {"url": "https://example.com/docs"},
                "x-top": {"a": [1, 2]},
                "ignored": 3,
                "paths": {
                    "/b": {"get": {"responses": {"200": {"description": "ok"}}}},
                    "/a/{id}": {"$ref": "#/components/pathItems/x"},
                    "/c": {"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": {}}},
                    "x-paths": "ext",
                    "not-a-path": {}
                },
                "components": {
                    "schemas": {"Z": schema, "A": {"$ref": "#/components/schemas/Z"}, "M": {"oneOf": [{"type": "integer"}, schema]}},
                    "responses": {"R": {"description": "r"}},
                    "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "integer"}}},
                    "requestBodies": {"B": {"content": {}}},
                    "securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "K"}},
                    "x-c": null
                }
            }),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": null}),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "security": null}),
        ];
        for doc in &docs {
            let expected = whole(doc).expect("openapiv3 reads it");
            assert_eq!(super::parse(doc).as_ref(), Some(&expected), "{doc}");
            // Order is kept, which `PartialEq` on maps does not check.
            let keys = |api: &openapiv3::OpenAPI| api.paths.paths.keys().cloned().collect::<Vec<_>>();
            assert_eq!(super::parse(doc).map(|api| keys(&api)), Some(keys(&expected)));
        }
        let refused = [
            json!({"openapi": "3.0.0", "paths": {}}),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": 3}}}),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"A": 3}}}),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "tags": null}),
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": []}),
        ];
        for doc in &refused {
            assert_eq!(super::parse(doc), whole(doc), "{doc}");
        }
    }
}
