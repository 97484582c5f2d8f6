//! What OpenAPI 3.1's JSON Schema keywords become in 3.0, by kind: refused, dropped as
//! narrowing, dropped as annotation, kept beside a `$ref`, split by type.

/// Keywords that change the shape of a value and have no 3.0 form, with why.
pub(super) const REFUSED: &[(&str, &str)] = &[
    ("prefixItems", "tuples (`prefixItems`) cannot be expressed in OpenAPI 3.0"),
    ("$dynamicRef", "dynamic references (`$dynamicRef`) cannot be expressed in OpenAPI 3.0"),
    ("$recursiveRef", "recursive references (`$recursiveRef`) cannot be expressed in OpenAPI 3.0"),
];

/// Keywords that only narrow what is valid: dropping them keeps every valid value
/// decodable, so they are ignored with a warning. `if`/`then`/`else` and
/// `dependentSchemas` are among them: JSON Schema 2020-12 (§10.2.2) makes them apply more
/// assertions to a value the schema around them has already described, never describe a
/// shape of their own.
pub(super) const NARROWING: &[&str] = &[
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "$id",
    "$anchor",
    "if",
    "then",
    "else",
    "dependentSchemas",
];

/// Keywords with no effect on the generated code; 3.0 has no place for them.
pub(super) const ANNOTATIONS_DROPPED: &[&str] = &["$comment", "contentSchema"];

/// Keywords beside a `$ref` that annotate the use rather than constrain the value; they
/// stay on the `allOf` wrapper, where lowering reads them.
pub(super) const REF_ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "summary",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "default",
    "externalDocs",
    "nullable",
    "xml",
];

/// Keywords that apply to values of one JSON type, so that a `type` list split into
/// `oneOf` members gives each member its own.
pub(super) const KEYWORDS_BY_TYPE: &[(&str, &[&str])] = &[
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    ("object", &["properties", "required", "additionalProperties", "minProperties", "maxProperties"]),
    ("string", &["minLength", "maxLength", "pattern"]),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
];
