//! What a change is: its rule (an oasdiff-style id and whom it breaks), where it is, and
//! what it says. The classification lives in the rule constants below, one place to review.

use serde::Serialize;

/// How much a change matters to code built on the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Code that compiled or worked against OLD's crate may fail against NEW's.
    Breaking,
    /// Nothing written against OLD's crate stops working.
    NonBreaking,
}

/// Whom a change breaks: code calling the generated client, code implementing the
/// generated server trait, both, or neither.
///
/// A webhook's or callback's change is judged by the same rules with the roles turned
/// around ([`Breaks::for_webhook`]): its receiver reads requests as a server does, and is
/// written by the API's users (subscribers, so the `clients` side); its sender builds
/// them as a client does, and is written by the API's own implementation (the `servers`
/// side). So a payload field removed breaks receivers, a required one added breaks
/// senders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Breaks {
    /// Client users: code that calls the generated client (for a webhook: the receivers
    /// subscribers implement).
    pub clients: bool,
    /// Server implementers: code that implements the generated `server::Api` trait (for
    /// a webhook: the API's code that sends it).
    pub servers: bool,
    /// Whether the change is to a webhook or callback, which names the two sides
    /// receivers and senders.
    pub webhook: bool,
}

impl Breaks {
    pub const NONE: Self = Self { clients: false, servers: false, webhook: false };
    pub const CLIENTS: Self = Self { clients: true, servers: false, webhook: false };
    pub const SERVERS: Self = Self { clients: false, servers: true, webhook: false };
    pub const BOTH: Self = Self { clients: true, servers: true, webhook: false };

    pub fn any(self) -> bool {
        self.clients || self.servers
    }

    /// The same rule's verdict for a webhook: who plays the client's part (the sender,
    /// the API's own code) and who the server's (the receiver, the subscribers') swap.
    pub fn for_webhook(self) -> Self {
        Self { clients: self.servers, servers: self.clients, webhook: true }
    }

    /// The audiences by name, as the JSON report and the text report spell them.
    pub fn names(self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.clients {
            names.push(if self.webhook { "webhook receivers" } else { "client users" });
        }
        if self.servers {
            names.push(if self.webhook { "webhook senders" } else { "server implementers" });
        }
        names
    }
}

impl Serialize for Breaks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(serializer)
    }
}

/// Which document a change's pointer points into: NEW, or OLD for what was removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Spec {
    Old,
    New,
}

/// One kind of change and whom it breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// oasdiff's id for the check when it has one, else one in its style.
    pub id: &'static str,
    pub breaks: Breaks,
}

/// One difference between OLD and NEW that code built on the generated crate can notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub level: Level,
    pub breaks: Breaks,
    pub rule: &'static str,
    /// The operationId, or `METHOD /path` when the operation has none.
    pub operation: String,
    /// A JSON pointer (RFC 6901) into NEW, or into OLD when something was removed.
    pub pointer: String,
    /// Which document `pointer` is in.
    pub spec: Spec,
    /// One sentence, lowercase, without a trailing full stop.
    pub message: String,
}

impl Change {
    pub fn new(rule: &Rule, operation: &str, spec: Spec, pointer: String, message: String) -> Self {
        let level = if rule.breaks.any() { Level::Breaking } else { Level::NonBreaking };
        Self { level, breaks: rule.breaks, rule: rule.id, operation: operation.to_string(), pointer, spec, message }
    }

    pub fn is_breaking(&self) -> bool {
        self.level == Level::Breaking
    }
}

const fn rule(id: &'static str, breaks: Breaks) -> Rule {
    Rule { id, breaks }
}

use Breaks as B;

// Operations.
/// oasdiff: info. The generated `server::Api` trait gains a method without a default body,
/// so every implementation stops compiling until it implements the new operation.
pub const ENDPOINT_ADDED: Rule = rule("endpoint-added", B::SERVERS);
/// oasdiff: error (`api-removed-without-deprecation`). The client method and the trait
/// method both disappear.
pub const ENDPOINT_REMOVED: Rule = rule("api-removed-without-deprecation", B::BOTH);
/// oasdiff: `api-operation-id-removed` (error). The generated method names come from the
/// operationId, so both sides see a renamed method.
pub const OPERATION_ID_CHANGED: Rule = rule("api-operation-id-changed", B::BOTH);

// Parameters.
pub const NEW_REQUIRED_PARAMETER: Rule = rule("new-required-request-parameter", B::CLIENTS);
pub const NEW_OPTIONAL_PARAMETER: Rule = rule("new-optional-request-parameter", B::NONE);
/// oasdiff: warning. Client calls that set it and server code that reads it stop compiling.
pub const PARAMETER_REMOVED: Rule = rule("request-parameter-removed", B::BOTH);
/// oasdiff: error for clients. Servers too: the request field goes from `Option<T>` to `T`.
pub const PARAMETER_BECAME_REQUIRED: Rule = rule("request-parameter-became-required", B::BOTH);
/// oasdiff: info. Here the client argument becomes a setter and the request field goes
/// from `T` to `Option<T>`, so both sides stop compiling.
pub const PARAMETER_BECAME_OPTIONAL: Rule = rule("request-parameter-became-optional", B::BOTH);
pub const PARAMETER_TYPE_CHANGED: Rule = rule("request-parameter-type-changed", B::BOTH);
/// A format picks the Rust type (`date` is `NaiveDate`, `int32` is `i32`), so it is a type
/// change for generated code.
pub const PARAMETER_FORMAT_CHANGED: Rule = rule("request-parameter-format-changed", B::BOTH);
/// oasdiff: info. Generated enums are exhaustive, so a server's `match` on the parameter
/// stops compiling.
pub const PARAMETER_ENUM_VALUE_ADDED: Rule = rule("request-parameter-enum-value-added", B::SERVERS);
/// oasdiff: error for clients; servers matching on the removed variant break too.
pub const PARAMETER_ENUM_VALUE_REMOVED: Rule = rule("request-parameter-enum-value-removed", B::BOTH);

// Request bodies.
pub const NEW_REQUIRED_REQUEST_BODY: Rule = rule("new-required-request-body", B::CLIENTS);
pub const NEW_OPTIONAL_REQUEST_BODY: Rule = rule("new-optional-request-body", B::NONE);
pub const REQUEST_BODY_REMOVED: Rule = rule("request-body-removed", B::BOTH);
pub const REQUEST_BODY_BECAME_REQUIRED: Rule = rule("request-body-became-required", B::BOTH);
pub const REQUEST_BODY_BECAME_OPTIONAL: Rule = rule("request-body-became-optional", B::BOTH);
pub const REQUEST_MEDIA_TYPE_ADDED: Rule = rule("request-body-media-type-added", B::NONE);
pub const REQUEST_MEDIA_TYPE_REMOVED: Rule = rule("request-body-media-type-removed", B::CLIENTS);
pub const REQUEST_BODY_TYPE_CHANGED: Rule = rule("request-body-type-changed", B::BOTH);
pub const NEW_REQUIRED_REQUEST_PROPERTY: Rule = rule("new-required-request-property", B::CLIENTS);
pub const NEW_OPTIONAL_REQUEST_PROPERTY: Rule = rule("new-optional-request-property", B::NONE);
/// oasdiff: warning. The model field disappears for both sides.
pub const REQUEST_PROPERTY_REMOVED: Rule = rule("request-property-removed", B::BOTH);
pub const REQUEST_PROPERTY_BECAME_REQUIRED: Rule = rule("request-property-became-required", B::BOTH);
/// oasdiff: info. The model field goes from `T` to `Option<T>`: clients building the body
/// and servers reading it both see a different type.
pub const REQUEST_PROPERTY_BECAME_OPTIONAL: Rule = rule("request-property-became-optional", B::BOTH);
/// oasdiff: info. A required property's field goes from `T` to `Option<T>`.
pub const REQUEST_PROPERTY_BECAME_NULLABLE: Rule = rule("request-property-became-nullable", B::BOTH);
/// oasdiff: error (clients may send null). A required property's field goes from
/// `Option<T>` to `T`.
pub const REQUEST_PROPERTY_BECAME_NOT_NULLABLE: Rule = rule("request-property-became-not-nullable", B::BOTH);
pub const REQUEST_PROPERTY_TYPE_CHANGED: Rule = rule("request-property-type-changed", B::BOTH);
pub const REQUEST_PROPERTY_FORMAT_CHANGED: Rule = rule("request-property-format-changed", B::BOTH);
/// oasdiff: info. Servers' exhaustive `match` stops compiling.
pub const REQUEST_PROPERTY_ENUM_VALUE_ADDED: Rule = rule("request-property-enum-value-added", B::SERVERS);
pub const REQUEST_PROPERTY_ENUM_VALUE_REMOVED: Rule = rule("request-property-enum-value-removed", B::BOTH);

// Responses.
/// oasdiff: info. The operation's response enum gains a variant, and clients' exhaustive
/// `match` on it stops compiling.
pub const SUCCESS_STATUS_ADDED: Rule = rule("response-success-status-added", B::CLIENTS);
/// oasdiff: info; as for a success status.
pub const NON_SUCCESS_STATUS_ADDED: Rule = rule("response-non-success-status-added", B::CLIENTS);
/// oasdiff: error. The variant disappears: clients matching on it and servers returning it
/// stop compiling.
pub const SUCCESS_STATUS_REMOVED: Rule = rule("response-success-status-removed", B::BOTH);
/// oasdiff: info, and only with `--include-checks` (removing an error status is taken as
/// cleanup). Breaking here for the same reason as a success status: the variant is gone.
pub const NON_SUCCESS_STATUS_REMOVED: Rule = rule("response-non-success-status-removed", B::BOTH);
/// oasdiff reports a removed and an added success status; one success status replaced by
/// another (GitLab's create going from 200 to 201) reads better as one change: the variant
/// is renamed for both sides.
pub const SUCCESS_STATUS_CHANGED: Rule = rule("response-success-status-changed", B::BOTH);
pub const RESPONSE_MEDIA_TYPE_ADDED: Rule = rule("response-media-type-added", B::NONE);
pub const RESPONSE_MEDIA_TYPE_REMOVED: Rule = rule("response-media-type-removed", B::CLIENTS);
/// oasdiff: error (`response-body-type-changed`). An object turning into an array (or back)
/// changes the decoded type for clients and the returned type for servers.
pub const RESPONSE_BODY_TYPE_CHANGED: Rule = rule("response-body-type-changed", B::BOTH);
/// oasdiff: info. Servers must now fill in a field their code does not set.
pub const RESPONSE_REQUIRED_PROPERTY_ADDED: Rule = rule("response-required-property-added", B::SERVERS);
pub const RESPONSE_OPTIONAL_PROPERTY_ADDED: Rule = rule("response-optional-property-added", B::NONE);
pub const RESPONSE_REQUIRED_PROPERTY_REMOVED: Rule = rule("response-required-property-removed", B::BOTH);
/// oasdiff: warning. The model field disappears for both sides.
pub const RESPONSE_OPTIONAL_PROPERTY_REMOVED: Rule = rule("response-optional-property-removed", B::BOTH);
/// oasdiff: error for clients; servers see `T` become `Option<T>` too.
pub const RESPONSE_PROPERTY_BECAME_OPTIONAL: Rule = rule("response-property-became-optional", B::BOTH);
/// oasdiff: info. The model field goes from `Option<T>` to `T`: servers building the body
/// and clients reading it both see a different type.
pub const RESPONSE_PROPERTY_BECAME_REQUIRED: Rule = rule("response-property-became-required", B::BOTH);
/// oasdiff: error (clients may receive null). A required property's field goes from `T`
/// to `Option<T>`.
pub const RESPONSE_PROPERTY_BECAME_NULLABLE: Rule = rule("response-property-became-nullable", B::BOTH);
/// A required property's field goes from `Option<T>` to `T`.
pub const RESPONSE_PROPERTY_BECAME_NOT_NULLABLE: Rule = rule("response-property-became-not-nullable", B::BOTH);
pub const RESPONSE_PROPERTY_TYPE_CHANGED: Rule = rule("response-property-type-changed", B::BOTH);
pub const RESPONSE_PROPERTY_FORMAT_CHANGED: Rule = rule("response-property-format-changed", B::BOTH);
/// oasdiff: warning. Clients' exhaustive `match` stops compiling, and an older client
/// fails to decode the new value.
pub const RESPONSE_PROPERTY_ENUM_VALUE_ADDED: Rule = rule("response-property-enum-value-added", B::CLIENTS);
/// oasdiff: info. Here the variant disappears, so clients matching on it and servers
/// returning it stop compiling.
pub const RESPONSE_PROPERTY_ENUM_VALUE_REMOVED: Rule = rule("response-property-enum-value-removed", B::BOTH);
/// A response that answered one body now answers a stream of items only: its variant
/// carries a stream where it carried a value, on both sides. (oasdiff sees a media type
/// removed and one added.)
pub const RESPONSE_BECAME_STREAM: Rule = rule("response-became-stream", B::BOTH);
/// A response that streamed now answers one body.
pub const RESPONSE_STOPPED_STREAMING: Rule = rule("response-stopped-streaming", B::BOTH);
/// A stream offered beside the body a response kept: the response enum gains its
/// `…Stream` variant, which exhaustive matches of client users lack.
pub const RESPONSE_STREAM_ADDED: Rule = rule("response-stream-added", B::CLIENTS);
/// A request body that was one value is now a stream of items, or the other way round:
/// the typed request's field changes type on both sides.
pub const REQUEST_BODY_STREAMING_CHANGED: Rule = rule("request-body-streaming-changed", B::BOTH);
/// A part of a multipart request body (a property's, by `encoding`, or a position's of an
/// array body, by 3.2's `prefixEncoding`/`itemEncoding`) no longer accepts a media type it
/// accepted (or accepts only some where it accepted any): the server refuses (400) a part
/// an existing client sends as before. Nothing generated changes type. (oasdiff does not
/// compare encodings.)
pub const REQUEST_PART_MEDIA_TYPE_REMOVED: Rule = rule("request-part-media-type-removed", B::CLIENTS);
/// A part accepts media types it did not, and every one it accepted: what clients sent is
/// still read.
pub const REQUEST_PART_MEDIA_TYPE_ADDED: Rule = rule("request-part-media-type-added", B::NONE);
/// A part's declared media types are the same set written otherwise (another order, so
/// another one the client sends first; a position of `prefixEncoding` added or removed
/// that declares what `itemEncoding` did): the server accepts what it accepted.
pub const REQUEST_PART_ENCODING_CHANGED: Rule = rule("request-part-encoding-changed", B::NONE);

// Security.
/// A security requirement that used to let clients in is gone, and the operation is not
/// public now.
pub const SECURITY_REMOVED: Rule = rule("api-security-removed", B::CLIENTS);
/// An operation that needed no credentials now needs some.
pub const SECURITY_ADDED: Rule = rule("api-security-added", B::CLIENTS);
/// The operation is public now: credentials clients still send are not refused.
pub const SECURITY_NO_LONGER_REQUIRED: Rule = rule("api-security-no-longer-required", B::NONE);
/// Another way to authenticate, next to the ones that still work (or on a public
/// operation, which still lets anyone in).
pub const SECURITY_ALTERNATIVE_ADDED: Rule = rule("api-security-alternative-added", B::NONE);
