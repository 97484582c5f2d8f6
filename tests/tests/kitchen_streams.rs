//! The kitchen sink's generated client reading streams that a hand-written server sends
//! byte for byte, in every form the formats allow: comments and keep-alives, CRLF and CR
//! line ends, data over several lines, the sentinel and what follows it, an item that does
//! not decode, a body that ends in the middle of an item, and all of it one byte a chunk;
//! and a chat completion's stream in OpenAI's chunk format, ending at `[DONE]`; and a
//! request body that streams, sent once whatever the retry policy.
//! (The generated server's side of the same streams is in `kitchen_wire.rs`.)

use std::time::Duration;

use futures_util::StreamExt as _;
use kitchen_sink::client::Client;
use kitchen_sink::models as m;
use kitchen_sink::stream::{Event, Items};

/// Events as a server may write them. The sentinel ends the stream: the event after it
/// is never read.
const EVENTS: &str = ": a comment\r\n\r\nevent: tick\r\nid: 7\r\ndata: {\"n\":\r\ndata: 1}\r\n\r\n:\n\n\
                      data: {\"n\": \"two\"}\n\nevent: tock\rdata: {\"n\":3}\rretry: 2000\r\r\
                      data: [DONE]\n\ndata: {\"n\":4}\n\n";

/// Events whose body ends inside the second.
const CUT_EVENTS: &str = "data: {\"n\":1}\n\ndata: {\"n\":2}\n";

/// JSON Lines with an item that does not decode, and a last line cut short.
const LINES: &str = "{\"n\":1}\n{\"n\":\"x\"}\r\n\n{\"n\":3,\"label\":\"ü\"}\n{\"n\":";

/// Serves `body` as `content_type`, whole or one byte a chunk, at a path of the kitchen
/// sink's, and returns a client of it.
async fn serve(path: &'static str, content_type: &'static str, body: &'static str, bytewise: bool) -> Client {
    let answer = move || async move {
        let body = if bytewise {
            let bytes = futures_util::stream::iter(
                body.as_bytes()
                    .chunks(1)
                    .map(|c| Ok::<_, std::convert::Infallible>(axum::body::Bytes::copy_from_slice(c))),
            );
            axum::body::Body::from_stream(bytes)
        } else {
            axum::body::Body::from(body)
        };
        ([("content-type", content_type)], body)
    };
    let app = axum::Router::new().route(path, axum::routing::get(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    Client::builder(&format!("http://{addr}/")).api_key_header_2("key").build().expect("client")
}

/// Every item of a stream, errors as their text.
async fn all<T>(items: Items<T>) -> Vec<Result<T, String>> {
    items.map(|i| i.map_err(|e| e.to_string())).collect().await
}

fn tick(n: i64, label: Option<&str>) -> m::Tick {
    m::Tick { n, label: label.map(str::to_owned) }
}

async fn events(body: &'static str, bytewise: bool) -> Vec<Result<Event<m::Tick>, String>> {
    let client = serve("/streams/ticks", "text/event-stream", body, bytewise).await;
    let m::StreamTicksResponse::Ok(items) = client.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    all(items).await
}

#[tokio::test]
async fn events_are_read_as_the_format_allows_whole_or_byte_by_byte() {
    for bytewise in [false, true] {
        let got = events(EVENTS, bytewise).await;
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], Ok(Event::new(tick(1, None)).event("tick").id("7")));
        // The item that does not decode names its position and field, not its value, and
        // the stream goes on after it.
        assert_eq!(
            got[1],
            Err("item 2 does not decode at `n`: invalid type: string \"…\", expected i64 at line 1 column 11"
                .to_owned())
        );
        // The last id holds for the events after it, as EventSource keeps it.
        let third = Event::new(tick(3, None)).event("tock").id("7").retry(Duration::from_secs(2));
        assert_eq!(got[2], Ok(third));
    }
}

#[tokio::test]
async fn a_body_that_ends_inside_an_event_says_so() {
    for bytewise in [false, true] {
        let got = events(CUT_EVENTS, bytewise).await;
        assert_eq!(got, [Ok(Event::new(tick(1, None))), Err("the body ended in the middle of item 2".to_owned())]);
    }
}

#[tokio::test]
async fn a_caller_may_stop_at_the_first_error_item() {
    let client = serve("/streams/ticks.jsonl", "application/x-ndjson", LINES, true).await;
    let m::StreamTickLinesResponse::Ok(items) = client.stream_tick_lines().await.expect("sent").into_inner();
    let got = all(items.stop_on_error()).await;
    assert_eq!(
        got,
        [
            Ok(tick(1, None)),
            Err("item 2 does not decode at `n`: invalid type: string \"…\", expected i64 at line 1 column 8".to_owned()),
        ]
    );
}

#[tokio::test]
async fn json_lines_report_bad_and_cut_items_by_position() {
    for bytewise in [false, true] {
        let client = serve("/streams/ticks.jsonl", "application/x-ndjson", LINES, bytewise).await;
        let m::StreamTickLinesResponse::Ok(items) = client.stream_tick_lines().await.expect("sent").into_inner();
        let got = all(items).await;
        assert_eq!(
            got,
            [
                Ok(tick(1, None)),
                Err("item 2 does not decode at `n`: invalid type: string \"…\", expected i64 at line 1 column 8"
                    .to_owned()),
                Ok(tick(3, Some("ü"))),
                Err("the body ended in the middle of item 4".to_owned()),
            ]
        );
    }
}

/// One endless JSON line is never buffered without limit: past `ITEM_LIMIT` bytes it is
/// an error item naming its position, and the stream ends there (nothing after it is
/// read, though the body goes on).
#[tokio::test]
async fn an_endless_response_line_is_an_error_item_past_the_item_limit() {
    let limit = kitchen_sink::stream::ITEM_LIMIT;
    let body = format!("{{\"n\":1}}\n{{\"n\":2,\"label\":\"{}\"}}\n{{\"n\":3}}\n", "x".repeat(limit + 1));
    let client = serve("/streams/ticks.jsonl", "application/x-ndjson", Box::leak(body.into_boxed_str()), false).await;
    let m::StreamTickLinesResponse::Ok(items) = client.stream_tick_lines().await.expect("sent").into_inner();
    // Compared as short text, so that a failure does not print the 16 MiB line.
    let got: Vec<String> = all(items).await.iter().map(|i| format!("{i:?}").chars().take(100).collect()).collect();
    assert_eq!(
        got,
        [format!("{:?}", Ok::<_, String>(tick(1, None))), format!("Err(\"item 2 is larger than {limit} bytes\")")]
    );
}

/// An endless `data:` line is never buffered without limit either: past the client's item
/// limit (here 1 KiB, set on the builder) the event is an error item naming its position,
/// and the stream ends though the server never stops sending.
#[tokio::test]
async fn an_endless_event_is_an_error_item_past_the_item_limit() {
    let answer = || async {
        let endless = futures_util::stream::iter([axum::body::Bytes::from_static(b"data: {\"n\":1}\n\ndata: \"")])
            .chain(futures_util::stream::repeat(axum::body::Bytes::from_static(&[b'x'; 256])))
            .map(Ok::<_, std::convert::Infallible>);
        ([("content-type", "text/event-stream")], axum::body::Body::from_stream(endless))
    };
    let app = axum::Router::new().route("/streams/ticks", axum::routing::get(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let client = Client::builder(&format!("http://{addr}/"))
        .api_key_header_2("key")
        .stream_item_limit(1024)
        .build()
        .expect("client");
    let m::StreamTicksResponse::Ok(items) = client.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    let got = tokio::time::timeout(Duration::from_secs(20), all(items)).await.expect("the stream ends");
    assert_eq!(got, [Ok(Event::new(tick(1, None))), Err("item 2 is larger than 1024 bytes".to_owned())]);
}

/// With the default limit an event of more than 16 MiB is refused as well, after the
/// events before it; a client built with a larger limit reads it.
#[tokio::test]
async fn an_event_past_the_default_limit_is_refused_unless_the_limit_is_raised() {
    let limit = kitchen_sink::stream::ITEM_LIMIT;
    assert_eq!(limit, 16 * 1024 * 1024);
    let label = "x".repeat(limit);
    let body = format!("data: {{\"n\":1}}\n\ndata: {{\"n\":2,\"label\":\"{label}\"}}\n\ndata: {{\"n\":3}}\n\n");
    let client = serve("/streams/ticks", "text/event-stream", Box::leak(body.into_boxed_str()), false).await;
    let m::StreamTicksResponse::Ok(items) = client.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    // Compared as short text, so that a failure does not print the 16 MiB event.
    let got: Vec<String> = all(items).await.iter().map(|i| format!("{i:?}").chars().take(100).collect()).collect();
    assert_eq!(
        got,
        [
            format!("{:?}", Ok::<_, String>(Event::new(tick(1, None)))),
            format!("Err(\"item 2 is larger than {limit} bytes\")")
        ]
    );
    let raised = Client::builder(client.base_url()).api_key_header_2("key").stream_item_limit(2 * limit).build();
    let m::StreamTicksResponse::Ok(items) = raised.expect("client").stream_ticks().await.expect("sent").into_inner()
    else {
        panic!("not the stream")
    };
    let got: Vec<i64> = all(items).await.into_iter().map(|i| i.expect("an event").data.n).collect();
    assert_eq!(got, [1, 2, 3]);
}

/// The builder's limit holds for every framing: a limit of a few bytes passes the short
/// items and stops each stream at its first longer one, whole or one byte a chunk, with
/// the error naming that item.
#[tokio::test]
async fn the_builders_item_limit_stops_each_framing_at_the_first_longer_item() {
    const SHORT_EVENTS: &str = ":\n\ndata: {\"n\":1}\n\n\
                                data: {\"n\":2}\r\n\r\ndata: {\"n\":3,\"label\":\"long\"}\n\ndata: {\"n\":4}\n\n";
    const SHORT_LINES: &str = "{\"n\":1}\n{\"n\":2}\r\n{\"n\":3,\"label\":\"long\"}\n{\"n\":4}\n";
    const SHORT_SEQ: &str = "\x1e{\"n\":1}\n\x1e{\"n\":2}\n\x1e{\"n\":3,\"label\":\"long\"}\n\x1e{\"n\":4}\n";
    let limited = |client: Client| {
        Client::builder(client.base_url()).api_key_header_2("key").stream_item_limit(18).build().expect("client")
    };
    let expected = |n: usize| -> Vec<Result<i64, String>> {
        let mut items: Vec<Result<i64, String>> = (1..n as i64).map(Ok).collect();
        items.push(Err(format!("item {n} is larger than 18 bytes")));
        items
    };
    for bytewise in [false, true] {
        let client = limited(serve("/streams/ticks", "text/event-stream", SHORT_EVENTS, bytewise).await);
        let m::StreamTicksResponse::Ok(items) = client.stream_ticks().await.expect("sent").into_inner() else {
            panic!("not the stream")
        };
        let got: Vec<_> = all(items).await.into_iter().map(|i| i.map(|e| e.data.n)).collect();
        assert_eq!(got, expected(3), "events, bytewise: {bytewise}");

        let client = limited(serve("/streams/ticks.jsonl", "application/x-ndjson", SHORT_LINES, bytewise).await);
        let m::StreamTickLinesResponse::Ok(items) = client.stream_tick_lines().await.expect("sent").into_inner();
        let got: Vec<_> = all(items).await.into_iter().map(|i| i.map(|t| t.n)).collect();
        assert_eq!(got, expected(3), "lines, bytewise: {bytewise}");

        let client = limited(serve("/streams/ticks.seq", "application/json-seq", SHORT_SEQ, bytewise).await);
        let m::StreamTickSequenceResponse::Success { body: items, .. } =
            client.stream_tick_sequence().await.expect("sent").into_inner();
        let got: Vec<_> = all(items).await.into_iter().map(|i| i.map(|t| t.n)).collect();
        assert_eq!(got, expected(3), "sequence, bytewise: {bytewise}");
    }
}

/// A chat completion streamed as OpenAI streams one (`chat.completion.chunk` events, fields
/// the spec does not declare, `[DONE]` last), written in its documented format.
const OPENAI_STREAM: &str = include_str!("fixtures/openai-chat-stream.txt");

/// `streaming()` sets the request's `stream`, and the chunks it answers are read up to
/// `[DONE]`: their deltas are the message.
#[tokio::test]
async fn a_chat_completion_streams_when_asked_to() {
    let (sent_tx, mut sent) = tokio::sync::mpsc::unbounded_channel::<serde_json::Value>();
    let answer = move |body: axum::body::Bytes| async move {
        let _ = sent_tx.send(serde_json::from_slice(&body).expect("a JSON body"));
        ([("content-type", "text/event-stream"), ("openai-processing-ms", "281")], OPENAI_STREAM)
    };
    let app = axum::Router::new().route("/chat/completions", axum::routing::post(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let client = Client::builder(&format!("http://{addr}/")).api_key_header_2("key").build().expect("client");
    let request = m::ChatRequest {
        model: "gpt-4o-mini".to_owned(),
        messages: vec![m::ChatMessage { role: m::ChatMessageRole::User, content: "Hi".to_owned() }],
        stream: None,
    };
    let response = client.create_chat_completion(request).streaming().await.expect("sent");
    let m::CreateChatCompletionResponse::OkStream { body: chunks, headers } = response.into_inner() else {
        panic!("not the stream")
    };
    assert_eq!(headers.openai_processing_ms, Some(281));
    let chunks: Vec<m::ChatChunk> = all(chunks).await.into_iter().map(|c| c.expect("a chunk").data).collect();
    assert_eq!(chunks.len(), 11);
    let text: String = chunks.iter().filter_map(|c| c.choices[0].delta.content.clone()).collect();
    assert_eq!(text, "Hello! How can I help you today?");
    assert_eq!(chunks[10].choices[0].finish_reason.as_deref(), Some("stop"));
    let sent = sent.recv().await.expect("a request");
    assert_eq!(sent["stream"], serde_json::json!(true), "{sent}");
}

/// A server of ticks that closes the first connection after one event (saying `retry:
/// 10`), and answers the next with `then` (the events after id 1, or a 204), recording
/// each request's `Last-Event-ID`.
async fn flaky(then: &'static str) -> (Client, std::sync::Arc<std::sync::Mutex<Vec<Option<String>>>>) {
    let (base, seen) = flaky_at(then).await;
    let client = Client::builder(&base).api_key_header_2("key").reconnect_events(POLICY).build().expect("client");
    (client, seen)
}

/// The reconnection policy of the tests: two attempts, and a long wait unless the server
/// says otherwise (it does: `retry: 10`).
const POLICY: kitchen_sink::client::runtime::Reconnect =
    kitchen_sink::client::runtime::Reconnect { max_attempts: 2, default_retry: Duration::from_secs(30) };

/// The server of [`flaky`], at the base URL returned.
async fn flaky_at(then: &'static str) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Option<String>>>>) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let answer = move |headers: axum::http::HeaderMap| {
        let log = log.clone();
        async move {
            let last = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
            let mut log = log.lock().expect("lock");
            log.push(last);
            let body = if log.len() == 1 { "id: 1\nretry: 10\ndata: {\"n\":1}\n\n" } else { then };
            let status = if body.is_empty() { axum::http::StatusCode::NO_CONTENT } else { axum::http::StatusCode::OK };
            (status, [("content-type", "text/event-stream")], body)
        }
    };
    let app = axum::Router::new().route("/streams/ticks", axum::routing::get(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (format!("http://{addr}/"), seen)
}

#[tokio::test]
async fn events_reconnect_with_the_last_event_id_when_asked_to() {
    let (client, seen) = flaky("id: 2\ndata: {\"n\":2}\n\ndata: {\"n\":3}\n\ndata: [DONE]\n\n").await;
    let m::StreamTicksResponse::Ok(items) = client.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    // The wait is the server's `retry` (10 ms), not the policy's 30 s.
    let got = tokio::time::timeout(Duration::from_secs(10), all(items)).await.expect("reconnected in time");
    let ids: Vec<(i64, Option<String>)> =
        got.into_iter().map(|e| e.map(|e| (e.data.n, e.id)).expect("an event")).collect();
    assert_eq!(ids, [(1, Some("1".into())), (2, Some("2".into())), (3, Some("2".into()))]);
    assert_eq!(*seen.lock().expect("lock"), [None, Some("1".to_owned())]);

    // A 204 to the reconnection ends the stream, as the SSE specification says.
    let (client, seen) = flaky("").await;
    let m::StreamTicksResponse::Ok(items) = client.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    let got = tokio::time::timeout(Duration::from_secs(10), all(items)).await.expect("ended in time");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(seen.lock().expect("lock").len(), 2);

    // Without the setting, the stream is read once: its end is the end.
    let plain = serve("/streams/ticks", "text/event-stream", "id: 1\ndata: {\"n\":1}\n\n", false).await;
    let m::StreamTicksResponse::Ok(items) = plain.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    assert_eq!(all(items).await.len(), 1);
}

/// A call may reconnect otherwise than its client: `reconnect_events(None)` reads the
/// stream once from a client that reconnects, `reconnect_events(Some(policy))` reconnects
/// from one that does not; other calls keep the client's policy.
#[tokio::test]
async fn a_call_overrides_the_clients_reconnection() {
    let then = "id: 2\ndata: {\"n\":2}\n\ndata: [DONE]\n\n";
    let (client, seen) = flaky(then).await;
    let m::StreamTicksResponse::Ok(items) =
        client.stream_ticks().reconnect_events(None).await.expect("sent").into_inner()
    else {
        panic!("not the stream")
    };
    assert_eq!(all(items).await.len(), 1);
    assert_eq!(seen.lock().expect("lock").len(), 1, "reconnected though the call said not to");

    let (base, seen) = flaky_at(then).await;
    let once = Client::builder(&base).api_key_header_2("key").build().expect("client");
    let m::StreamTicksResponse::Ok(items) =
        once.stream_ticks().reconnect_events(Some(POLICY)).await.expect("sent").into_inner()
    else {
        panic!("not the stream")
    };
    let got = tokio::time::timeout(Duration::from_secs(10), all(items)).await.expect("reconnected in time");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(*seen.lock().expect("lock"), [None, Some("1".to_owned())]);
    // The client itself still reads each stream once.
    let m::StreamTicksResponse::Ok(items) = once.stream_ticks().await.expect("sent").into_inner() else {
        panic!("not the stream")
    };
    assert_eq!(all(items).await.len(), 1);
}

/// A request body that streams is sent once: a `429` is not retried, whatever the
/// client's retry policy (the stream cannot be sent again), and the answer is the
/// rate-limited error. The server got the items, written as JSON Lines as they came.
#[tokio::test]
async fn a_streaming_request_is_not_retried_after_429() {
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = bodies.clone();
    let answer = move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
        let log = log.clone();
        async move {
            let media = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            log.lock().expect("lock").push((media, String::from_utf8_lossy(&body).into_owned()));
            (axum::http::StatusCode::TOO_MANY_REQUESTS, [("retry-after", "0")], "")
        }
    };
    let app = axum::Router::new().route("/streams/ingest", axum::routing::post(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let client = Client::builder(&format!("http://{addr}/"))
        .api_key_header_2("key")
        .retry(kitchen_sink::client::runtime::RetryPolicy::new(3, Duration::from_secs(10)))
        .build()
        .expect("client");
    let ticks = futures_util::stream::iter([tick(1, None), tick(2, Some("b"))]);
    let got = client.ingest_ticks(ticks).await;
    assert!(matches!(got, Err(kitchen_sink::client::Error::RateLimited { .. })), "{got:?}");
    let sent = bodies.lock().expect("lock").clone();
    assert_eq!(
        sent,
        [("application/x-ndjson".to_owned(), "{\"n\":1}\n{\"n\":2,\"label\":\"b\"}\n".to_owned())],
        "sent once, as JSON Lines"
    );
}
