//! The IR: the API as the emitters see it. Every `$ref` is resolved, every name is final
//! (a valid, collision-free Rust identifier, including the ones an emitter adds beside the
//! spec's), identical types are one type, and every decision (boxing, alias resolution,
//! which body a response carries) is taken. Emitters read this and nothing else; they
//! never see openapiv3, and they print what it says.
//!
//! The IR can say more than the emitters print yet: bodies of every media kind, cookie
//! parameters and every parameter style, open enums, secret fields and
//! response headers. Lowering refuses (with a located diagnostic) what the emitters cannot
//! print, so an `Api` that reaches them is always printable. Everything derives
//! `Serialize` so that the IR can be snapshotted and compared.

use serde::Serialize;

mod answers;
pub(crate) mod contract;
mod media;
mod security;
mod settings;
mod tags;
mod unions;
mod values;
mod webhooks;
pub use answers::{Guard, MockAnswer, RejectionShape};
pub use media::{Body, FormArray, Framing, Media, PartType, Positions};
pub use security::{OAuth, OAuthFlow, SecurityKind, SecurityScheme};
pub use settings::{ArrayQueryStyle, ErrorBody, OpenEnums, Settings, WebhookSignature};
pub use tags::{TAG_MODULE_DEPTH, Tag};
pub use unions::{Discriminator, Union, UnionVariant};
pub use values::{Bound, Bounds, Constraints, TextFormat};
pub use webhooks::{Webhook, WebhookOrigin};

/// The whole API.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The root spec's display path, for `@generated` headers.
    pub spec_path: String,
    /// Server URLs, in spec order.
    pub servers: Vec<String>,
    pub settings: Settings,
    /// Every named type: the arena that [`TypeId`]s index, in name order (so emitting the
    /// arena in order is deterministic and reads alphabetically).
    pub types: Vec<TypeDef>,
    /// Operations in spec order (path order, then method order).
    pub operations: Vec<Operation>,
    /// The requests the API sends rather than serves: 3.1 `webhooks`, then operations'
    /// `callbacks`, in spec order. Each has its [`Operation::webhook`]; its `path` is empty
    /// (the subscriber chooses the URL). The receiver and the sender are printed from these
    /// by the server's and the client's emitters. Left out of the IR's serialisation when
    /// empty, so snapshots of APIs without them stay as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Operation>,
    /// How the receiver checks deliveries: the `webhook_signature` setting, else the
    /// root's `x-webhook-signature` extension, else [`WebhookSignature::Custom`].
    #[serde(skip_serializing_if = "WebhookSignature::is_custom")]
    pub webhook_signature: WebhookSignature,
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
    /// What of the spec could not be expressed and was left out or loosened, in words,
    /// sorted (each also a located warning): the crate's documentation lists them, so a
    /// reviewer sees them in the diff.
    pub omitted: Vec<String>,
    /// JSON pointers into the normalised document of what the crate leaves out and so
    /// does not serve (a request body's media type whose value is not the body's type), so
    /// that `openapi.json` does not offer it to a checker. Not serialised: it is about the
    /// document, not the API.
    #[serde(skip)]
    pub unserved: Vec<String>,
    /// The spec's tags in tree order (each parent before its children; `lower/tags.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Whether the prelude's names ([`PRELUDE`]) are the prelude's in every generated
    /// module: no type and no pending call is named after one. The emitters then write
    /// them short (`Option<String>`), as hand-written Rust does; a spec with a schema
    /// named `Option` (it keeps that name) gets the full paths (`::std::option::Option`).
    /// Set by lowering, from the IR's names ([`Api::prelude_is_free`]).
    #[serde(skip)]
    pub short_prelude: bool,
    /// The same for `Result`, `Ok` and `Err` ([`RESULT_PRELUDE`]), apart, so that a schema
    /// named `Result` (a common name) costs only these three their short form.
    #[serde(skip)]
    pub short_result: bool,
}

/// The prelude names the emitters write short when no generated item shadows them (the
/// names of `emit::Prelude` but `Result`'s).
pub const PRELUDE: [&str; 6] = ["Option", "Some", "None", "String", "Vec", "Box"];

/// `Result` and its variants, written short when no generated item shadows any of them.
pub const RESULT_PRELUDE: [&str; 3] = ["Result", "Ok", "Err"];

impl Api {
    /// The operations the generated server routes (see [`Operation::unserved`]).
    pub fn served(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(|op| !op.unserved)
    }

    /// Whether no item a generated module declares has one of `names` (the [`PRELUDE`]
    /// or the [`RESULT_PRELUDE`]): the models'
    /// types (schemas, each operation's request and response types, response headers and
    /// media enums) and the client's pending calls. The other modules declare only
    /// snake-case items and the runtime's fixed names.
    pub fn prelude_is_free(&self, names: &[&str]) -> bool {
        let types = self.types.iter().map(|t| t.name.as_str());
        let ops = self.operations.iter().chain(&self.webhooks).flat_map(|o| {
            let responses = o
                .responses
                .iter()
                .flat_map(|r| r.headers_type.iter().map(String::as_str).chain(r.media.iter().map(|m| m.name.as_str())));
            [o.request_type.as_str(), o.response_type.as_str(), o.call_type.as_str()].into_iter().chain(responses)
        });
        !types.chain(ops).any(|name| names.contains(&name))
    }

    /// The named type an id refers to. Ids come from lowering, which only makes ids into
    /// this arena.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// Whether `null` is a value of `t`: a JSON value of any kind (a schema without
    /// `type`), the `{"message"}` body, or an alias or union of one. An optional field of
    /// any other type reads `null` as absent in a client and refuses it in a server's
    /// request (the runtime's `values::not_null`), unless the field is `nullable`.
    pub fn holds_null(&self, t: &TypeRef) -> bool {
        fn holds(api: &Api, t: &TypeRef, depth: u8) -> bool {
            match t {
                TypeRef::Any | TypeRef::ErrorMessage => true,
                // Unions of unions deeper than this are not written; deeper means a loop.
                TypeRef::Named(_) if depth > 16 => true,
                TypeRef::Named(id) => match &api.ty(*id).kind {
                    TypeKind::Alias(target) => holds(api, target, depth + 1),
                    TypeKind::Union(u) => u.variants.iter().any(|v| holds(api, &v.ty, depth + 1)),
                    TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => false,
                },
                _ => false,
            }
        }
        holds(self, t, 0)
    }

    /// Whether a type has a [`TypeRef::File`] field, or a request body is a list of files,
    /// so the crate needs the runtime's `File` (lowering makes them only as fields of
    /// multipart bodies' structs, and as the items of multipart array bodies).
    pub fn uses_files(&self) -> bool {
        let bodies = self.operations.iter().chain(&self.webhooks).flat_map(|op| op.body.iter());
        self.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.ty.is_file()),
            _ => false,
        }) || bodies.flat_map(|b| &b.bodies).any(|b| b.ty.is_file())
    }

    /// Whether a response of an operation or webhook is a sequence of items, so the crate
    /// needs the runtime's `stream` module.
    pub fn uses_streams(&self) -> bool {
        self.operations.iter().chain(&self.webhooks).any(|op| op.streams() || op.streams_request())
    }
}

/// An index into [`Api::types`]. Serialises as the bare number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub u32);

impl TypeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A named type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeDef {
    /// The final Rust name (`AccessTokensGetAccessTokenList`).
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Whether its values have constraints to check (a struct with a constrained field,
    /// or holding such a struct): it implements the runtime's `Validate`. Set once every
    /// type is known ([`Api::checked_types`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub checked: bool,
    /// A struct a request body or parameter carries, at any depth, which the server reads
    /// from a JSON object only (serde's derived `Deserialize` also reads a struct from an
    /// array of its fields, `[null, null]`, which no schema of an object allows) and with
    /// its required nullable properties present; or a `oneOf` a request body carries, which the
    /// server reads as exactly one variant ([`Union::one_of`]). Clients still read
    /// leniently. Set once every operation is known (`tri_state_fields`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub object_only: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum: variants serialise as their wire values.
    StringEnum(Enum<String>),
    /// An integer enum: variants serialise as integers.
    IntegerEnum(Enum<i64>),
    /// A union (`oneOf`/`anyOf`).
    Union(Union),
    /// A named alias for another type (a component schema that is not an object or enum).
    /// Lowering refuses aliases that reach themselves (Rust refuses them too).
    Alias(TypeRef),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Properties beyond the declared ones, when `additionalProperties` says.
    pub additional: Option<Additional>,
    /// Unions the object must match besides its properties (`oneOf`/`anyOf` beside
    /// `properties`, or inside `allOf`): `#[serde(flatten)]` fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flattened: Vec<Flattened>,
    /// Lists of property names, all of one of which a request must carry: the first
    /// `anyOf` of `required` lists (DigitalOcean's firewall rules), checked by `Validate`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub present_any: Vec<Vec<String>>,
    /// `additionalProperties: false`: a request's object may have no other property
    /// (checked while the server reads, through the runtime's `ObjectOnly`; clients read
    /// what real APIs add).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// A union the object also is, read from and written to the same JSON object as its
/// declared properties (`#[serde(flatten)]`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flattened {
    /// The Rust field name, unique among the struct's fields (`one_of`).
    pub name: String,
    pub ty: TypeRef,
    /// Whether it holds its type behind a `Box` (see [`Field::boxed`]).
    pub boxed: bool,
}

/// The field that collects undeclared properties (`#[serde(flatten)]` into a map).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Additional {
    /// The Rust field name, unique among the struct's fields (`additional_properties`).
    pub name: String,
    /// The type of each extra property's value.
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// The Rust field name (`created_at`, `type_`).
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Whether the value is a secret (`format: password`, or the `secret_fields` setting):
    /// the field holds it in the runtime's `Secret`, whose `Debug` never shows it.
    pub secret: bool,
    /// Whether the field holds its type behind a `Box`: its type contains the owner again
    /// without a `Vec` or map in between, so the struct would be infinitely large.
    pub boxed: bool,
    /// Whether the field tells an explicit `null` from an absent one (the runtime's
    /// `Nullable<T>`): an optional nullable property of a type that request bodies carry,
    /// where `null` asks to clear a value and absence to leave it (PATCH). Elsewhere both
    /// mean "no value", and the field is a plain `Option<T>`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tri_state: bool,
    /// Whether `null` is refused in a request though the field holds it: `nullable: true`
    /// beside an `enum` that does not list `null`. OpenAPI 3.0.3 says `nullable` adds
    /// `null` to the `type` only and "other Schema Object constraints retain their defined
    /// behavior", so the `enum` refuses it (OAI/OpenAPI-Specification#1900); real APIs
    /// send it (Asana's `color`), so a client still reads it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub null_refused: bool,
    /// Whether the property is binary data (`format: binary`, or a list of it). Inside
    /// JSON that is a string like any other; a multipart body's struct (or a variant of its
    /// union) holds it as the runtime's `File` instead (`TypeRef::File`, set when
    /// lowering checks multipart bodies), since OpenAPI 3.0.3 gives binary data its own part.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub binary: bool,
    /// What the property's value must meet, checked by the client before it sends.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

/// A string or integer enum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Enum<T> {
    pub variants: Vec<EnumVariant<T>>,
    /// For an open enum (`x-open-enum: true`, or the `open_enums` setting), the variant
    /// that keeps a value outside the list (`Other`), named beside the listed ones; `None`
    /// for a closed enum, which refuses such values.
    pub other: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnumVariant<T> {
    pub name: String,
    pub value: T,
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    /// A string of a format the runtime's `formats` module reads strictly and writes in its
    /// canonical form (`format: byte`, `duration`, `date-time-rfc1123`).
    Format(TextFormat),
    /// Any JSON value.
    Any,
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A named type in the arena.
    Named(TypeId),
    /// The runtime's `ErrorMessage` (`{"message": …}`), which the settings say a bodiless
    /// error response carries. Decoding it never fails: a body that is not that JSON is
    /// kept as the message text.
    ErrorMessage,
    /// A file: the runtime's `File`, its bytes with an optional file name and media type.
    /// Lowering makes it only for the `format: binary` properties (and arrays of them) of
    /// a multipart request body's object, each one part. Elsewhere `format: binary` is a
    /// [`TypeRef::String`]: inside JSON or a form a value is text, and a whole binary body
    /// is [`Media::Binary`].
    File,
}

impl TypeRef {
    /// Whether values of this type print and parse as one text token (path segments,
    /// query values, headers).
    pub fn is_scalar(&self) -> bool {
        self.is_primitive() || matches!(self, TypeRef::Named(_))
    }

    /// Whether this is a file or a list of files (a multipart body's file parts).
    pub fn is_file(&self) -> bool {
        match self {
            TypeRef::File => true,
            TypeRef::Array(inner) => **inner == TypeRef::File,
            _ => false,
        }
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
                | TypeRef::Format(_)
        )
    }

    /// Whether this type holds a [`TypeRef::Format`] anywhere, not looking into named
    /// types.
    pub fn has_format(&self) -> bool {
        match self {
            TypeRef::Format(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.has_format(),
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// A method 3.0 has no field for, as it is sent: 3.2's `QUERY`, or a key of
    /// `additionalOperations` (`COPY`); always an HTTP token (lowering checks).
    Other(String),
}

impl Method {
    pub fn as_str(&self) -> &str {
        match self {
            Method::Other(name) => name,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Operation {
    /// The spec's operationId, verbatim (`accessTokens_get`).
    pub operation_id: String,
    /// The method name on the client and on the server trait (`access_tokens_get`).
    pub fn_name: String,
    /// The client method that sends a whole typed request (`access_tokens_get_with`).
    pub with_fn_name: String,
    /// The server module's private function that serves this operation.
    pub handler_fn: String,
    /// The server module's private function that reads this operation's request.
    pub reader_fn: String,
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
    /// Every parameter, path ones first, then query, header and cookie ones, each group
    /// in declaration order: the order of the typed request's fields.
    pub params: Vec<Param>,
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
    /// How to follow this list operation's pages, when it is one (`lower/pagination.rs`).
    pub pagination: Option<Pagination>,
    /// The JSON body's boolean field that asks for the stream a response offers beside
    /// JSON (OpenAI's `stream`), which the pending call's `streaming` sets
    /// (`lower/stream.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_flag: Option<StreamFlag>,
    /// Whether the generated server routes it. False when a path segment cannot be split
    /// back into its parameters (`{name}{ext}`, VTEX's `{windowDay}F{windowStartTime}`):
    /// the client can always write such a path, so only the server leaves it out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unserved: bool,
    /// Where a webhook or callback came from, and where its receiver is mounted by
    /// default; `None` for the API's own operations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Webhook>,
    /// What the router checks of the credentials before the implementation sees the
    /// request; `None` when the operation is open (no requirement, an empty one, or one
    /// the server cannot see, such as an undefined scheme).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guard: Option<Guard>,
    /// How the router words this operation's rejections where the spec declares a
    /// response that fits one (`lower/rejections.rs`), by status; a status not here is
    /// answered in the runtime's own JSON.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejections: Vec<RejectionShape>,
    /// The response (an index into [`Operation::responses`]) the mock answers unless the
    /// request prefers another: the first success, else the first declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mock: Option<usize>,
}

/// A list operation: a `GET` whose success answer is a JSON array, with page parameters
/// or pagination headers. The client streams its items across pages.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pagination {
    /// The status whose body is a page.
    pub status: u16,
    /// The type of one item.
    pub item: TypeRef,
    /// The page-number parameter (an index into [`Operation::params`]), which a page
    /// header's number is written into.
    pub page_param: Option<usize>,
    /// How the next page is found.
    pub next: NextPage,
}

/// A body field that asks for a stream: its Rust name, and whether it is required (a
/// `bool`) or optional (an `Option<bool>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StreamFlag {
    pub field: String,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum NextPage {
    /// RFC 8288: the `Link` header's `rel="next"` target.
    Link,
    /// A header with the next page's number, empty on the last page (GitLab's
    /// `X-Next-Page`), written into [`Pagination::page_param`]; where it is absent, the
    /// `Link` header is followed instead (GitLab's keyset pagination sends only that).
    PageHeader(String),
    /// AutoRest's `x-ms-pageable`: the page is an object whose `items` property holds the
    /// items and whose `next` property (when there is one) the next page's URL; no URL
    /// there, or none declared, means the last page.
    BodyLink { items: String, next: Option<String> },
}

impl Operation {
    /// The parameters in one location, in declaration order.
    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }

    /// Whether a response is a sequence of items (see [`Media::Sequence`]).
    pub fn streams(&self) -> bool {
        self.responses.iter().flat_map(|r| &r.bodies).any(|b| matches!(b.media, Media::Sequence(_)))
    }

    /// Whether the request body is a sequence of items the client sends as it makes them.
    pub fn streams_request(&self) -> bool {
        self.body.as_ref().is_some_and(|b| matches!(b.primary().media, Media::Sequence(_)))
    }

    /// Whether the typed request has no fields at all.
    pub fn request_is_empty(&self) -> bool {
        self.params.is_empty() && self.body.is_none()
    }
}

/// One piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PathSegment {
    /// Literal text, including its slashes.
    Literal(String),
    /// A whole path segment filled from the parameter at this index of
    /// [`Operation::params`].
    Param(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ParamLocation {
    Path,
    Query,
    /// OpenAPI 3.2's `in: querystring`: the whole query string is the value, written in
    /// the media type `Param::content_type` names (a form, or JSON text percent-encoded).
    /// An operation that has one has no `Query` parameters.
    QueryString,
    Header,
    Cookie,
}

/// How a parameter's value is written (OpenAPI's `style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Param {
    /// The name on the wire (`scopes`, `Private-Token`).
    pub wire_name: String,
    /// The Rust name (`scopes`): a field of the typed request, an argument or a setter.
    pub name: String,
    pub doc: Option<String>,
    /// The type of the typed request's field.
    pub ty: TypeRef,
    /// `ty` with every alias replaced by what it names: what decides how the value is
    /// written as text and read back.
    pub resolved_ty: TypeRef,
    pub required: bool,
    pub location: ParamLocation,
    pub style: ParamStyle,
    /// For arrays and objects: one key per item (`a=1&a=2`) or one joined value.
    pub explode: bool,
    /// Whether reserved characters go unencoded (query parameters only).
    pub allow_reserved: bool,
    /// `allowEmptyValue` (query parameters only): `name=` is the parameter left out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_empty: bool,
    /// The media type of a parameter declared with `content` instead of `schema`
    /// (`application/json`), or of one whose value no style can carry, which lowering
    /// sends as JSON with a warning: its value is written as that media's text, not in a
    /// style.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Whether the value is a secret (a `format: password` string): the typed request
    /// holds it in the runtime's `Secret`, like a secret field, and only the wire sees it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// For a map in style `form` with `explode` (`?a=1&b=2`): the query keys that belong
    /// to something else (the operation's other query parameters, query API keys); every
    /// other key is the map's, which is how OpenAPI defines an exploded object. A key
    /// `k[…]` belongs to `k` too (deepObject). Empty for every other parameter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_query_keys: Vec<String>,
    /// A value that validates against the schema, as JSON text (`lower/synth.rs`): what a
    /// call built from the spec alone sends (the conformance check against Prism).
    pub sample: String,
    /// What the value must meet, checked by the client before it sends.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// The numeric bounds of the value (of each item, for an array), which the server's
    /// reader checks; `None` when the schema sets none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    /// Whether the value (each item, for an array) is a string of `format: uuid`, which
    /// the server's reader checks; the type stays `String`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub uuid: bool,
    /// A string's `minLength` and `maxLength` (of each item, for an array), in
    /// characters, which the server's reader checks; `None` when the schema sets neither.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<(Option<u64>, Option<u64>)>,
}

impl Param {
    /// Whether the parameter's `content` is a form (`application/x-www-form-urlencoded`),
    /// which only a `QueryString` parameter may be: lowering refuses it elsewhere.
    pub fn content_is_form(&self) -> bool {
        self.content_type.as_deref().is_some_and(|m| {
            m.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestBody {
    /// The typed request's field for the body, unique among the parameters' names
    /// (`body`); also the client's argument or setter for it.
    pub name: String,
    /// The representations the operation accepts, in spec order (never empty); the
    /// first is sent.
    pub bodies: Vec<Body>,
    pub required: bool,
    /// The spec's `required`, where it differs from [`RequestBody::required`]: a stream is
    /// always there (no body is no items), but the server refuses a required one that is
    /// sent with neither a `Content-Type` nor a byte. Not serialised (one meaning, one field
    /// in the snapshots).
    #[serde(skip)]
    pub declared_required: bool,
    pub doc: Option<String>,
    /// A value of the first representation's schema that validates, as JSON text, as for
    /// [`Param::sample`].
    pub sample: String,
    /// Whether that schema also holds `null` (no `type`, or `nullable`), read as no body.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub null_is_absent: bool,
    /// Whether a required JSON body may be `null` (its schema holds it, as above): the
    /// typed request's field is then an `Option`, `None` written and read as `null`, and
    /// only a request with no body at all is refused as missing (DigitalOcean's
    /// `nullable` maintenance window, which a `null` body validates against).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// A JSON body's own constraints (Shutterstock's bulk search: `maxItems: 5`).
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

impl RequestBody {
    /// The representation the client sends and the server reads.
    pub fn primary(&self) -> &Body {
        &self.bodies[0]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    pub status: Status,
    /// The response enum's variant name (`Ok`, `NotFound`).
    pub variant: String,
    pub description: Option<String>,
    /// The representations the response may take, JSON first, then in spec order; empty
    /// when it has no body. The variant carries the first, unless `media` says otherwise.
    pub bodies: Vec<Body>,
    /// When the representations decode differently (JSON and CSV text, say), the enum the
    /// variant carries instead: one variant per body, so a client decodes the body by the
    /// `Content-Type` it carries, and a server can answer with each. `None` when every
    /// representation decodes alike (`application/json` and `+json` of one schema), which
    /// the variant then carries as the first's type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaEnum>,
    /// Declared response headers, scalar ones only (lowering warns about the others).
    pub headers: Vec<ResponseHeader>,
    /// The struct that holds `headers` (`AccessTokensGetOkHeaders`), which the variant
    /// carries as its `headers` field; `None` when there are none.
    pub headers_type: Option<String>,
    /// What the generated mock answers for this response (`lower/mock.rs`).
    pub mock: MockAnswer,
}

impl Response {
    /// The first representation, if any: the body the response enum's variant carries,
    /// unless [`Response::media`] makes it carry the enum of all of them.
    pub fn body(&self) -> Option<&Body> {
        self.bodies.first()
    }

    /// Whether the variant carries the status received: a range or `default` stands for
    /// several statuses, one status code for one.
    pub fn carries_status(&self) -> bool {
        !matches!(self.status, Status::Code(_))
    }
}

/// The enum of a response's representations (see [`Response::media`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MediaEnum {
    /// The type's name (`GetReportOkMedia`), claimed beside the operation's types.
    pub name: String,
    /// A variant name per body, index for index with [`Response::bodies`]
    /// (`ApplicationJson`, `TextCsv`).
    pub variants: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseHeader {
    /// The Rust name (`x_total`), a field of the response's headers struct.
    pub name: String,
    /// The header's name on the wire (`X-Total`).
    pub wire_name: String,
    pub doc: Option<String>,
    /// A scalar: a primitive, an enum or a union of primitives.
    pub ty: TypeRef,
    /// Required headers are plain fields; optional ones are `Option`s, and a client reads
    /// an optional header that is absent or empty as `None` (GitLab's `X-Next-Page: `).
    pub required: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

/// An example from the spec, with the type it must fit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Example {
    /// Where it was, for test names and messages (`spec/v4/access_tokens.yaml#/…`).
    pub origin: String,
    /// A short name, unique among examples, usable as a Rust identifier.
    pub name: String,
    pub ty: TypeRef,
    /// The example as JSON text.
    pub json: String,
}

/// A path as the server's router sees it: each segment that holds a parameter is one
/// capture, whatever its name or the text beside it (`/exports/{id}.tar` →
/// `/exports/{}`). Operations of one method that share one are told apart by their text.
pub fn route_shape(path: &str) -> String {
    path.split('/').map(|part| if part.contains('{') { "{}" } else { part }).collect::<Vec<_>>().join("/")
}
