//! The IR: the API as the emitters see it. Every `$ref` is resolved, every name is final
//! (a valid, collision-free Rust identifier), and identical types are one type. Emitters
//! read this and nothing else; they never see openapiv3.

/// The whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The root spec's display path, for `@generated` headers.
    pub spec_path: String,
    /// Server URLs, in spec order.
    pub servers: Vec<String>,
    pub settings: Settings,
    /// Named types in a deterministic order (by name).
    pub types: Vec<TypeDef>,
    /// Operations in spec order (path order, then method order).
    pub operations: Vec<Operation>,
    /// Security schemes the operations refer to, by their final names.
    pub security_schemes: Vec<SecurityScheme>,
    /// The Rust name for an `Authorization: Bearer` token when the spec has security schemes
    /// but none of them is bearer: GitLab takes its tokens as `Private-Token` or as bearer
    /// tokens alike, so a server should see either. `None` when a scheme is already bearer,
    /// or when there are no schemes. Claimed after the schemes' own names, so it never
    /// collides with them.
    pub bearer_fallback: Option<String>,
    /// Examples to check against the generated types.
    pub examples: Vec<Example>,
}

/// Generator settings that are not OpenAPI (see `settings.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub crate_name: String,
    pub crate_version: String,
    pub array_query_style: ArrayQueryStyle,
    pub error_body: ErrorBody,
}

/// How array query parameters go on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayQueryStyle {
    /// As the parameter's `style`/`explode` say (OpenAPI's default: `a=1&a=2`).
    OpenApi,
    /// Rails' convention, `a[]=1&a[]=2`, which GitLab requires.
    Rails,
}

/// What a bodiless error response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorBody {
    /// Nothing: the body is ignored.
    None,
    /// GitLab's JSON `{"message": …}`.
    Message,
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The final Rust name (`AccessTokensGetAccessTokenList`).
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum: variants serialise as their wire values.
    StringEnum(Vec<EnumVariant<String>>),
    /// An integer enum: variants serialise as integers.
    IntegerEnum(Vec<EnumVariant<i64>>),
    /// An untagged union (`oneOf`/`anyOf`); tried in order when deserialising.
    Union(Vec<UnionVariant>),
    /// A named alias for another type (a component schema that is not an object or enum).
    Alias(TypeRef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The type of properties beyond the declared ones, when `additionalProperties` says.
    pub additional: Option<TypeRef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Rust field name (`created_at`, `type_`).
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant<T> {
    pub name: String,
    pub value: T,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    /// `i32` or `i64`.
    Integer {
        bits: u8,
    },
    /// `f32` or `f64`.
    Number {
        bits: u8,
    },
    Boolean,
    /// `chrono::NaiveDate`.
    Date,
    /// `chrono::DateTime<Utc>`.
    DateTime,
    /// Any JSON value.
    Any,
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A named type, by its final name.
    Named(String),
}

impl TypeRef {
    /// Whether values of this type print and parse as one text token (path segments,
    /// query values, headers).
    pub fn is_scalar(&self) -> bool {
        self.is_primitive() || matches!(self, TypeRef::Named(_))
    }

    /// Whether this is a built-in scalar: text, a number, a boolean, a date or a date-time.
    pub fn is_primitive(&self) -> bool {
        matches!(
            self,
            TypeRef::String
                | TypeRef::Integer { .. }
                | TypeRef::Number { .. }
                | TypeRef::Boolean
                | TypeRef::Date
                | TypeRef::DateTime
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The spec's operationId, verbatim (`accessTokens_get`).
    pub operation_id: String,
    /// The method name (`access_tokens_get`).
    pub fn_name: String,
    /// The client method that sends a whole typed request (`access_tokens_get_with`).
    pub with_fn_name: String,
    /// The prefix for this operation's types (`AccessTokensGet`).
    pub type_prefix: String,
    pub method: Method,
    /// The path template as written (`/v4/projects/{id}/access_tokens`).
    pub path: String,
    pub segments: Vec<PathSegment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The name of this operation's response enum (`AccessTokensGetResponse`).
    pub response_type: String,
    /// The name of this operation's typed request (all its parameters).
    pub request_type: String,
    /// The name of the client's pending-call type for this operation (`AccessTokensGet`),
    /// unique in the `client` module.
    pub call_type: String,
    /// Alternatives, any one of which suffices; each names schemes by their IR names.
    /// Empty means no authentication.
    pub security: Vec<Vec<String>>,
}

/// One piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, including its slashes.
    Literal(String),
    /// A whole path segment filled from the path parameter of this index.
    Param(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The name on the wire (`scopes`, `Private-Token`).
    pub wire_name: String,
    /// The Rust name (`scopes`).
    pub name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    /// For arrays in a query: repeated keys (`explode: true`, the default) or one
    /// comma-separated value.
    pub explode: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    pub content_type: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: Status,
    /// The response enum's variant name (`Ok`, `NotFound`).
    pub variant: String,
    pub description: Option<String>,
    pub body: ResponseBody,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    /// No body is declared and none is expected.
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// An error without a declared body, which the settings say carries `{"message"}`.
    ErrorMessage,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name in `components/securitySchemes`.
    pub name: String,
    /// The Rust name used in emitted code (`private_token`).
    pub ident: String,
    pub doc: Option<String>,
    pub kind: SecurityKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityKind {
    /// An API key in a header (`Private-Token`).
    ApiKeyHeader { header: String },
    /// An API key in the query string.
    ApiKeyQuery { param: String },
    /// `Authorization: Bearer …` (also OAuth2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
}

/// An example from the spec, with the type it must fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Where it was, for test names and messages (`spec/v4/access_tokens.yaml#/…`).
    pub origin: String,
    /// A short name, unique among examples, usable as a Rust identifier.
    pub name: String,
    pub ty: TypeRef,
    /// The example as JSON text.
    pub json: String,
}
