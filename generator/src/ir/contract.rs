//! The contract between lowering and emission: the names each emitter writes beside the
//! ones it takes from the spec, which lowering must therefore not give to anything the spec
//! names, and the deepest structure an emitter can print, which lowering must not hand it.
//! Both stages read this; neither looks into the other (`emit/reserved.rs` checks that the
//! emitters write exactly these names).

/// The module of header-name constants each client, server and sender module holds.
pub(crate) const HEADER_NAMES_MODULE: &str = "header_names";

/// The models module as the client, server, sender and receiver modules import it (`use
/// crate::models;`) where they name a model.
pub(crate) const MODELS: &str = "models";

// The client (`emit/client.rs`).

/// The methods of the runtime's `Client` (`templates/client_runtime/call.rs`), public and
/// private, beside which the operations' methods live.
pub(crate) const CLIENT_METHODS: &[&str] =
    &["new", "builder", "base_url", "validates", "execute", "url_of", "call_for"];

/// The methods of the runtime's `ClientBuilder`, public and private, beside which the
/// security schemes' setters live.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "bearer_token",
    "timeout",
    "connect_timeout",
    "user_agent",
    "http_client",
    "retry",
    "reconnect_events",
    "stream_item_limit",
    "client_side_validation",
    "build",
    "fail",
    "api_key_header",
    "api_key_query",
    "api_key_cookie",
    "bearer_for",
    "basic_for",
];

/// The methods of pending-call types (`stream` where an operation lists pages,
/// `send_streaming` where a response is binary, `body_media` where the body has several
/// representations, `reconnect_events` where a response is a stream of events), beside
/// which the optional parameters' and the body's setters live.
pub(crate) const CALL_METHODS: &[&str] =
    &["send", "stream", "send_streaming", "body_media", "streaming", "reconnect_events"];

/// The `client` module's own items (its runtime and what it re-exports from it, and the
/// constant its builder reads), beside which the pending-call types live.
pub(crate) const CLIENT_ITEMS: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ErrorResponse",
    "Response",
    "RetryPolicy",
    "runtime",
    "REDIRECTS_ARE_ANSWERS",
    HEADER_NAMES_MODULE,
    MODELS,
];

// The server (`emit/server.rs`).

/// The provided methods of the `Api` trait, beside which the operations' methods live.
pub(crate) const TRAIT_METHODS: &[&str] = &["error_response", "rejection_response", "body_limit"];

/// The `server` module's own items, beside which each operation's private handler and
/// reader functions live.
pub(crate) const SERVER_ITEMS: &[&str] = &[
    "runtime",
    "mock",
    "Mock",
    "OperationId",
    "Secret",
    "Credentials",
    "Api",
    "router",
    "rejection_shapes",
    HEADER_NAMES_MODULE,
    MODELS,
];

// The webhook sender (`emit/sender.rs`).

/// The `sender` module's own items, beside which the webhooks' pending-call types live.
pub(crate) const SENDER_ITEMS: &[&str] = &["Sender", "runtime", "Error", "Response", HEADER_NAMES_MODULE, MODELS];

// The webhook receiver (`emit/receiver.rs`).

/// The `webhooks` module's own items, beside which each webhook's private handler and
/// reader functions live.
pub(crate) const RECEIVER_ITEMS: &[&str] = &[
    "runtime",
    "sender",
    "Receiver",
    "Paths",
    "router",
    "Sender",
    "SenderBuilder",
    "Backoff",
    "StandardWebhooks",
    "Unsigned",
    "Verify",
    "Sign",
    "SignatureError",
    "RouteError",
    HEADER_NAMES_MODULE,
    MODELS,
];

// The examples test (`emit/examples.rs`).

/// The test file's own items, beside which each example's test function lives.
pub(crate) const EXAMPLES_ITEMS: &[&str] = &["check"];

// Every emitter that builds or reads a typed request.

/// Names the typed request's fields (so the parameters and the body) must not take: the
/// arguments of the functions that build and read a request.
pub(crate) const PARAM_NAMES: &[&str] = &["request", "credentials"];

// Multipart bodies (`emit/multipart.rs`).

/// How many unions deep a multipart body may nest (lowering checks the same bound).
pub(crate) const MULTIPART_DEPTH: usize = 8;
