//! Property tests of the stream runtime the generated crates share (the kitchen sink's
//! copy): whatever typed items the server's writers are handed — Server-Sent Events of
//! text with names, ids and retry times, JSON Lines and JSON text sequences of structs —
//! the client's readers give back the same items over a socket, data over several lines
//! and any Unicode included. The two things SSE cannot carry are pinned down too: a
//! carriage return in text data (refused by the writer, never delivered changed), and an
//! event's `id`, which readers carry over to the events after it (the last event ID).

use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Bytes;
use axum::routing::post;
use futures_util::StreamExt as _;
use kitchen_sink::models::Tick;
use kitchen_sink::stream::{self, Event, Items, Records};
use proptest::prelude::*;

/// An event as the test sends it to the server, which writes it as SSE.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Sent {
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
    data: String,
}

fn events_of(sent: Vec<Sent>) -> Items<Event<String>> {
    let events = sent.into_iter().map(|s| {
        let mut e = Event::new(s.data);
        if let Some(name) = s.event {
            e = e.event(name);
        }
        if let Some(id) = s.id {
            e = e.id(id);
        }
        if let Some(ms) = s.retry {
            e = e.retry(Duration::from_millis(ms));
        }
        Ok(e)
    });
    Items::new(futures_util::stream::iter(events.collect::<Vec<_>>()))
}

fn ticks_of(body: &Bytes) -> Items<Tick> {
    let ticks: Vec<Tick> = serde_json::from_slice(body).expect("ticks");
    Items::new(futures_util::stream::iter(ticks.into_iter().map(Ok)))
}

/// One server for every case: it streams back what each request's body lists.
fn server() -> &'static (tokio::runtime::Runtime, String) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, String)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        let base = rt.block_on(async {
            let app = axum::Router::new()
                .route(
                    "/events",
                    post(|body: Bytes| async move {
                        let sent: Vec<Sent> = serde_json::from_slice(&body).expect("events");
                        stream::write::events(200, events_of(sent), None, stream::write_text::<String>)
                    }),
                )
                .route(
                    "/lines",
                    post(|body: Bytes| async move {
                        stream::write::records(200, "application/jsonl", ticks_of(&body), Records::Lines)
                    }),
                )
                .route(
                    "/raw",
                    post(|body: Bytes| async move {
                        let (text, cuts): (String, Vec<usize>) = serde_json::from_slice(&body).expect("raw");
                        ([("content-type", "text/event-stream")], axum::body::Body::from_stream(pieces(text, cuts)))
                    }),
                )
                .route(
                    "/seq",
                    post(|body: Bytes| async move {
                        stream::write::records(200, "application/json-seq", ticks_of(&body), Records::Seq)
                    }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("addr");
            tokio::spawn(async move { axum::serve(listener, app).await });
            format!("http://{addr}")
        });
        (rt, base)
    })
}

/// `text` cut into chunks of the sizes `cuts` lists (the rest one last chunk), each
/// flushed on its own.
fn pieces(text: String, cuts: Vec<usize>) -> impl futures_util::Stream<Item = Result<Bytes, std::convert::Infallible>> {
    let mut rest = Bytes::from(text);
    let mut chunks = Vec::new();
    for cut in cuts {
        let cut = cut.min(rest.len());
        chunks.push(Ok(rest.split_to(cut)));
    }
    chunks.push(Ok(rest));
    futures_util::stream::iter(chunks).then(|chunk| async move {
        tokio::task::yield_now().await;
        chunk
    })
}

async fn post_json<T: serde::Serialize>(path: &str, items: &T) -> reqwest::Response {
    let base = &server().1;
    let body = serde_json::to_vec(items).expect("json");
    reqwest::Client::new().post(format!("{base}{path}")).body(body).send().await.expect("sent")
}

fn read_events(sent: &[Sent]) -> Vec<Result<Event<String>, String>> {
    server().0.block_on(async {
        let response = post_json("/events", &sent).await;
        let items = stream::read::events(Some(response), None, stream::text_data, None, stream::ITEM_LIMIT);
        items.map(|i| i.map_err(|e| e.to_string())).collect().await
    })
}

fn read_ticks(path: &str, ticks: &[Tick], records: Records) -> Vec<Result<Tick, String>> {
    server().0.block_on(async {
        let response = post_json(path, &ticks).await;
        let items = stream::read::records::<Tick>(Some(response), records, stream::ITEM_LIMIT);
        items.map(|i| i.map_err(|e| e.to_string())).collect().await
    })
}

/// One event as a server writes it: its data lines, and the line end it uses.
#[derive(Clone, Debug)]
struct Raw {
    lines: Vec<String>,
    end: &'static str,
}

impl Raw {
    /// The event's text, without the blank line that ends it: what the client's item
    /// limit counts.
    fn text(&self) -> String {
        self.lines.iter().map(|l| format!("data: {l}{}", self.end)).collect()
    }
}

fn raw() -> impl Strategy<Value = Raw> {
    (proptest::collection::vec("[a-z][a-z {}\":]{0,20}", 1..4), prop_oneof![Just("\n"), Just("\r"), Just("\r\n")])
        .prop_map(|(lines, end)| Raw { lines, end })
}

/// What the client reads of `events` (written whole, then cut as `cuts` says) with the
/// item limit `limit`.
fn read_limited(events: &[Raw], cuts: Vec<usize>, limit: usize) -> Vec<Result<String, String>> {
    let text: String = events.iter().map(|e| format!("{}{}", e.text(), e.end)).collect();
    server().0.block_on(async {
        let response = post_json("/raw", &(text, cuts)).await;
        let items = stream::read::events(Some(response), None, stream::text_data, None, limit);
        items.map(|i| i.map(|e| e.data).map_err(|e| e.to_string())).collect().await
    })
}

/// Event names a reader gives back as written: `message` is the name of an unnamed event.
fn event_name() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[A-Za-z0-9_.:-]{1,12}".prop_filter("the default name", |n| n != "message"))
}

fn sent() -> impl Strategy<Value = Sent> {
    (
        event_name(),
        // Any text but line ends and NUL, which an id cannot hold (the writer refuses).
        proptest::option::of("[^\r\n\u{0}]{1,16}"),
        proptest::option::of(0u64..100_000),
        // Any non-empty text without a carriage return: line feeds, spaces at either
        // end, `data:` and `:` inside, any script and the BMP's edges.
        "[^\r]{1,48}",
    )
        .prop_map(|(event, id, retry, data)| Sent { event, id, retry, data })
}

fn tick() -> impl Strategy<Value = Tick> {
    (any::<i64>(), proptest::option::of(any::<String>())).prop_map(|(n, label)| Tick { n, label })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn events_round_trip(sent in proptest::collection::vec(sent(), 0..12)) {
        let got = read_events(&sent);
        // The id an event reads with is the last one written so far (SSE's last event
        // ID, which readers carry over).
        let mut last_id: Option<String> = None;
        let expected: Vec<Result<Event<String>, String>> = sent
            .iter()
            .map(|s| {
                if s.id.is_some() {
                    last_id.clone_from(&s.id);
                }
                Ok(Event {
                    event: s.event.clone(),
                    id: last_id.clone(),
                    retry: s.retry.map(Duration::from_millis),
                    data: s.data.clone(),
                })
            })
            .collect();
        prop_assert_eq!(got, expected);
    }

    /// However the body's chunks fall, the client reads each event up to the first whose
    /// text (its lines and their ends, not the blank line after it) is longer than its
    /// limit, which is an error item naming it, and nothing after.
    #[test]
    fn an_event_past_the_item_limit_ends_the_stream_however_the_chunks_fall(
        events in proptest::collection::vec(raw(), 1..8),
        cuts in proptest::collection::vec(0usize..40, 0..12),
        limit in 1usize..120,
    ) {
        let got = read_limited(&events, cuts, limit);
        let mut expected = Vec::new();
        for (i, e) in events.iter().enumerate() {
            if e.text().len() > limit {
                expected.push(Err(format!("item {} is larger than {limit} bytes", i + 1)));
                break;
            }
            expected.push(Ok(e.lines.join("\n")));
        }
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn json_lines_round_trip(ticks in proptest::collection::vec(tick(), 0..24)) {
        let got = read_ticks("/lines", &ticks, Records::Lines);
        prop_assert_eq!(got, ticks.into_iter().map(Ok).collect::<Vec<_>>());
    }

    #[test]
    fn json_sequences_round_trip(ticks in proptest::collection::vec(tick(), 0..24)) {
        let got = read_ticks("/seq", &ticks, Records::Seq);
        prop_assert_eq!(got, ticks.into_iter().map(Ok).collect::<Vec<_>>());
    }
}

/// Text data with a carriage return cannot be carried (a reader ends the line there):
/// the writer ends the stream before it (when the events are all ready at once, hyper
/// drops the connection before the head is out), so no event arrives changed.
#[test]
fn a_carriage_return_in_text_data_ends_the_stream_instead_of_changing_it() {
    let sent = |data: &str| Sent { event: None, id: None, retry: None, data: data.into() };
    let sent = [sent("first"), sent("a\rb"), sent("never")];
    let got: Vec<String> = server().0.block_on(async {
        let base = &server().1;
        let body = serde_json::to_vec(&sent).expect("json");
        let Ok(response) = reqwest::Client::new().post(format!("{base}/events")).body(body).send().await else {
            return Vec::new();
        };
        let items = stream::read::events(Some(response), None, stream::text_data, None, stream::ITEM_LIMIT);
        items.filter_map(|e| std::future::ready(e.ok().map(|e| e.data))).collect().await
    });
    assert!(got.len() <= 1 && got.iter().all(|d| d == "first"), "{got:?}");
}
