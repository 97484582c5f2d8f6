//! Streams of typed items. A response that is a sequence (Server-Sent Events, JSON Lines,
//! JSON text sequences) carries an [`Items`] of its item type: the client decodes each
//! item as the body arrives, never buffering the whole; the server writes each item as the
//! implementation produces it. Only crates whose spec has such a response get this module.
//!
//! Without the `client` and `server` features an [`Items`] cannot be made (the models
//! still name it), so a models-only build pulls no stream dependency. The `read` and
//! `write` halves are what the generated client and server call; they are public so that
//! a crate whose spec streams in one framing only builds without dead code.

use std::fmt;
use std::time::Duration;

#[cfg(any(feature = "client", feature = "server"))]
use futures_util::stream::{BoxStream, Stream, StreamExt as _};

/// A stream of typed items, each `Ok`, or an `Err` saying what went wrong where.
///
/// An item that does not decode is an [`StreamError::Item`] and the stream goes on, so a
/// caller chooses whether to skip it or stop reading; a transport failure or a body that
/// ends in the middle of an item is the stream's last item.
pub struct Items<T> {
    #[cfg(any(feature = "client", feature = "server"))]
    inner: BoxStream<'static, Result<T, StreamError>>,
    #[cfg(not(any(feature = "client", feature = "server")))]
    _item: std::marker::PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

#[cfg(any(feature = "client", feature = "server"))]
impl<T> Items<T> {
    /// The items of any stream (an implementation's answer, say).
    pub fn new(stream: impl Stream<Item = Result<T, StreamError>> + Send + 'static) -> Self {
        Self { inner: stream.boxed() }
    }

    /// The items of a stream of plain values (what a client sends as a request body
    /// that streams), none of them an error.
    pub fn of(stream: impl Stream<Item = T> + Send + 'static) -> Self
    where
        T: Send + 'static,
    {
        Self::new(stream.map(Ok))
    }

    /// The same items up to and including the first error item, then the end: for a
    /// caller that would rather stop than read on past an item that does not decode.
    /// (By default a malformed item is an error item and the stream goes on.)
    pub fn stop_on_error(self) -> Self
    where
        T: Send + 'static,
    {
        let mut failed = false;
        Self::new(self.inner.take_while(move |item| {
            let go = !failed;
            failed |= item.is_err();
            std::future::ready(go)
        }))
    }
}

#[cfg(any(feature = "client", feature = "server"))]
impl<T: Send + 'static> FromIterator<T> for Items<T> {
    /// The items of a list known in advance.
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let items: Vec<T> = items.into_iter().collect();
        Self::new(futures_util::stream::iter(items.into_iter().map(Ok)))
    }
}

#[cfg(any(feature = "client", feature = "server"))]
impl<T> Stream for Items<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

/// One Server-Sent Event: its `data` decoded as the item type, and the fields beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The event's name (`event:`), when it has one; a client without one calls it
    /// `message`.
    pub event: Option<String>,
    /// The event's id (`id:`), which a reconnecting client sends as `Last-Event-ID`.
    pub id: Option<String>,
    /// How long a client should wait before reconnecting (`retry:`).
    pub retry: Option<Duration>,
    /// The event's data.
    pub data: T,
}

impl<T> Event<T> {
    /// An event of `data` alone.
    pub fn new(data: T) -> Self {
        Self { event: None, id: None, retry: None, data }
    }

    /// Names the event (`event:`).
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// Sets the event's id (`id:`).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the reconnection time (`retry:`).
    pub fn retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }
}

/// What went wrong in a stream. Items are counted from 1, keep-alives and comments not
/// counted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// An item arrived whole but does not fit its type; the stream goes on. The message
    /// leaves out the values it met.
    #[error("item {item} does not decode at `{path}`: {message}")]
    Item { item: u64, path: String, message: String },
    /// The body ended in the middle of an item; the stream ends.
    #[error("the body ended in the middle of item {item}")]
    Truncated { item: u64 },
    /// The bytes are not a well-formed stream of this framing (not UTF-8 in an event
    /// stream, an event field a server cannot write); the stream ends.
    #[error("item {item} is not well framed: {message}")]
    Framing { item: u64, message: String },
    /// The connection failed, or the implementation ended its stream with an error.
    #[error("the stream failed: {message}")]
    Transport { message: String },
    /// An item grew past `limit` bytes without ending (one endless line of JSON Lines, a
    /// JSON text sequence or an event's `data:`, say), so it was not read further; the
    /// stream ends. A server answers such a request 413 (see `receive::records`, under the feature `server`).
    #[error("item {item} is larger than {limit} bytes")]
    TooLarge { item: u64, limit: usize },
}

/// The largest item, in bytes, that the client reads of a streaming response unless
/// built with another (`ClientBuilder::stream_item_limit`): a record of JSON Lines or a
/// JSON text sequence, or a Server-Sent Event as sent (its field names and line ends
/// counted). Past it, the item is an error ([`StreamError::TooLarge`]) and the stream
/// ends, so that one endless line is never buffered without limit. (A server reads a
/// request's items within its `Api::body_limit`.)
#[cfg(feature = "client")]
pub use crate::client::runtime::STREAM_ITEM_LIMIT as ITEM_LIMIT;

/// Decodes one item of JSON text, or says where it does not fit.
#[cfg(any(feature = "client", feature = "server"))]
fn decode_json<T: serde::de::DeserializeOwned>(item: u64, text: &[u8]) -> Result<T, StreamError> {
    serde_json::from_slice(text).map_err(|plain| {
        let mut de = serde_json::Deserializer::from_slice(text);
        let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => (e.path().to_string(), without_values(&e.inner().to_string())),
            Ok(_) => (".".to_owned(), without_values(&plain.to_string())),
        };
        StreamError::Item { item, path, message }
    })
}

/// A decoder's message without the values it quotes (a body's text may be a secret):
/// quoted spans become `…`.
#[cfg(any(feature = "client", feature = "server"))]
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(q) if c == q => {
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if c == '"' || c == '`' => {
                out.push(c);
                out.push('…');
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    out
}

/// Reads an event's `data` as JSON of the item type (`schema`, or 3.2's `contentSchema`).
#[cfg(feature = "client")]
pub fn json_data<T: serde::de::DeserializeOwned>(item: u64, data: String) -> Result<T, StreamError> {
    decode_json(item, data.as_bytes())
}

/// Reads an event's `data` as the text it is (a `string` schema).
#[cfg(feature = "client")]
pub fn text_data(_item: u64, data: String) -> Result<String, StreamError> {
    Ok(data)
}

/// Writes an item as an event's `data` in JSON.
#[cfg(feature = "server")]
pub fn write_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// Writes a text item as an event's `data`, as it is.
#[cfg(feature = "server")]
pub fn write_text<S: AsRef<str>>(value: &S) -> Result<String, String> {
    Ok(value.as_ref().to_owned())
}

/// How the items of JSON Lines and JSON text sequences are cut apart.
#[cfg(any(feature = "client", feature = "server"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// One JSON value a line (`application/jsonl`, `application/x-ndjson`).
    Lines,
    /// RFC 7464: a record separator (`0x1E`) before each value, a line feed after it
    /// (`application/json-seq`).
    Seq,
}

/// The record separator that starts each value of a JSON text sequence.
#[cfg(any(feature = "client", feature = "server"))]
const RS: u8 = 0x1e;

/// A sequence's record without the separators before it.
#[cfg(any(feature = "client", feature = "server"))]
fn trim_separators(record: &[u8]) -> &[u8] {
    let start = record.iter().position(|&b| b != RS).unwrap_or(record.len());
    &record[start..]
}

/// Whether a record holds the start of a value and not yet its end (a line feed inside a
/// value a sequence pretty-printed).
#[cfg(any(feature = "client", feature = "server"))]
fn unfinished(record: &[u8]) -> bool {
    !record.iter().all(u8::is_ascii_whitespace)
        && serde_json::from_slice::<serde::de::IgnoredAny>(record).is_err_and(|e| e.is_eof())
}

/// Cuts records out of bytes as they arrive, however the chunks fall.
#[cfg(any(feature = "client", feature = "server"))]
#[derive(Debug)]
pub struct Splitter {
    records: Records,
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    /// How far past `start` has been searched for a delimiter.
    searched: usize,
    /// Items cut so far.
    item: u64,
}

#[cfg(any(feature = "client", feature = "server"))]
impl Splitter {
    /// A splitter with nothing read yet.
    pub fn new(records: Records) -> Self {
        Self { records, buffer: Vec::new(), start: 0, searched: 0, item: 0 }
    }

    /// Adds bytes that arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        // What was read is dropped before the buffer grows, so it holds one item's bytes
        // at a time, not the stream's.
        if self.start > 0 && self.start >= self.buffer.len() / 2 {
            self.buffer.drain(..self.start);
            self.searched -= self.start;
            self.start = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole record's number and bytes (blank ones skipped), if one has arrived.
    /// A line ends a JSON Lines record; a JSON text sequence's record (after its record
    /// separators) ends at the first line feed after which its value is whole, so that it
    /// is read as soon as it arrives, not when the next one starts.
    pub fn next_record(&mut self) -> Option<(u64, &[u8])> {
        loop {
            let found = self.buffer[self.searched..].iter().position(|&b| b == b'\n');
            let Some(at) = found.map(|i| self.searched + i) else {
                self.searched = self.buffer.len();
                return None;
            };
            let (mut from, mut to) = (self.start, at);
            match self.records {
                Records::Lines if to > from && self.buffer[to - 1] == b'\r' => to -= 1,
                Records::Lines => {}
                Records::Seq => {
                    while from < to && self.buffer[from] == RS {
                        from += 1;
                    }
                    if unfinished(&self.buffer[from..to]) {
                        self.searched = at + 1;
                        continue;
                    }
                }
            }
            self.start = at + 1;
            self.searched = self.start;
            if !self.buffer[from..to].iter().all(u8::is_ascii_whitespace) {
                self.item += 1;
                return Some((self.item, &self.buffer[from..to]));
            }
        }
    }

    /// How many bytes of an unfinished record are held (once every whole one is cut).
    pub fn pending(&self) -> usize {
        self.buffer.len() - self.start
    }

    /// Drops what is held unread, when the stream ends early (an item too large).
    fn discard(&mut self) {
        self.start = self.buffer.len();
        self.searched = self.start;
    }

    /// After the body's end: the last record, if anything but whitespace is left. A JSON
    /// text sequence's last record must end with its line feed, and a line must hold a
    /// whole value, or the body ended in the middle of it.
    pub fn finish<T: serde::de::DeserializeOwned>(&mut self) -> Option<Result<T, StreamError>> {
        let rest = &self.buffer[self.start..];
        let rest = if self.records == Records::Seq { trim_separators(rest) } else { rest };
        if rest.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        self.item += 1;
        let item = self.item;
        self.start = self.buffer.len();
        self.searched = self.start;
        if self.records == Records::Seq && !rest.ends_with(b"\n") {
            return Some(Err(StreamError::Truncated { item }));
        }
        Some(match serde_json::from_slice::<serde::de::IgnoredAny>(rest) {
            Err(e) if e.is_eof() => Err(StreamError::Truncated { item }),
            _ => decode_json(item, rest),
        })
    }
}

/// The records of a body whose chunks arrive as `chunks` (a response's, or a request's on
/// the server), each read as a `T` as soon as it is whole; a chunk that fails is the last
/// item, a transport error, and so is a record that grows past `limit` bytes unfinished
/// ([`StreamError::TooLarge`]): at most `limit` bytes and a chunk are held at a time.
#[cfg(any(feature = "client", feature = "server"))]
pub fn records_of<T, B, S>(chunks: S, records: Records, limit: usize) -> Items<T>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    B: AsRef<[u8]>,
    S: Stream<Item = Result<B, String>> + Send + 'static,
{
    let start = (Some(Box::pin(chunks)), Splitter::new(records));
    Items::new(futures_util::stream::unfold(start, move |(mut chunks, mut splitter)| async move {
        loop {
            if let Some((item, record)) = splitter.next_record() {
                // A record that arrived whole in one large chunk is held to the limit too.
                if record.len() <= limit {
                    return Some((decode_json(item, record), (chunks, splitter)));
                }
                splitter.discard();
                return Some((Err(StreamError::TooLarge { item, limit }), (None, splitter)));
            }
            if splitter.pending() > limit {
                let item = splitter.item + 1;
                splitter.discard();
                return Some((Err(StreamError::TooLarge { item, limit }), (None, splitter)));
            }
            let body = chunks.as_mut()?;
            match body.next().await {
                Some(Ok(chunk)) => splitter.push(chunk.as_ref()),
                None => {
                    let last = splitter.finish()?;
                    return Some((last, (None, splitter)));
                }
                Some(Err(message)) => return Some((Err(StreamError::Transport { message }), (None, splitter))),
            }
        }
    }))
}

/// One item written as a record: a JSON value and a line feed, after a record separator
/// in a JSON text sequence. What the server writes for a response and the client for a
/// request body; an error item, or a value that does not serialize, is the error that
/// ends the body there.
#[cfg(any(feature = "client", feature = "server"))]
pub fn write_record<T: serde::Serialize>(
    records: Records,
    item: Result<T, StreamError>,
) -> Result<Vec<u8>, StreamError> {
    let value = item?;
    let mut bytes = Vec::with_capacity(128);
    if records == Records::Seq {
        bytes.push(0x1e);
    }
    serde_json::to_writer(&mut bytes, &value).map_err(|e| StreamError::Transport { message: e.to_string() })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The client's side of a request body that streams: each item written as it comes.
#[cfg(feature = "client")]
pub mod send {
    use super::{Items, Records, write_record};
    use futures_util::stream::StreamExt as _;

    /// A request body of JSON Lines or a JSON text sequence, each item written (by the
    /// writer the server's answers use) as the caller's stream yields it, never buffered
    /// whole. An error item ends the body there, which the server reads as a body ending
    /// in the middle of an item. Such a body is sent once: a call carrying it is not sent
    /// again after `429` (reqwest cannot copy a stream), whatever the retry policy.
    pub fn records<T>(items: Items<T>, records: Records) -> reqwest::Body
    where
        T: serde::Serialize + Send + 'static,
    {
        reqwest::Body::wrap_stream(items.map(move |item| write_record(records, item)))
    }
}

/// The server's side of a request body that streams: the implementation reads each item
/// as it arrives.
#[cfg(feature = "server")]
pub mod receive {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{Items, Records, StreamError, records_of};
    use crate::server::runtime::{Location, Problem, Rejection, strictly_now};
    use futures_util::stream::StreamExt as _;

    tokio::task_local! {
        /// Set while an operation whose request streams is served (see [`watched`]): the
        /// limit an item of its body passed, or 0.
        static OVERSIZED: Arc<AtomicUsize>;
    }

    /// A request's JSON Lines or JSON text sequence, each record read as a `T` as it
    /// arrives (by the reader the client uses for answers): a malformed record is an
    /// error item naming its number, and the stream goes on. The body as a whole has no
    /// limit (the items are never held together), but each item has: one that grows past
    /// `limit` bytes (the API's `body_limit`) is an error item that ends the stream, and
    /// the request is answered 413 whatever the implementation returns (see [`watched`]).
    ///
    /// Each item is read as strictly as the rest of a request (a struct from a JSON
    /// object only, no `null` where the schema has none), though the implementation
    /// reads the items after the request's reader has returned: every poll decodes
    /// within `strictly_now`.
    pub fn records<T>(body: axum::body::Body, records: Records, limit: usize) -> Items<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let chunks = body.into_data_stream().map(|chunk| chunk.map_err(|e| e.to_string()));
        let mut lenient = records_of(chunks, records, limit);
        let items = futures_util::stream::poll_fn(move |cx| strictly_now(|| lenient.poll_next_unpin(cx)));
        let Ok(oversized) = OVERSIZED.try_with(Arc::clone) else { return Items::new(items) };
        Items::new(items.inspect(move |item| {
            if let Err(StreamError::TooLarge { limit, .. }) = item {
                oversized.store(*limit, Ordering::Relaxed);
            }
        }))
    }

    /// Serves an operation whose request streams, and says whether an item of its body
    /// was too large ([`records`]), as the 413 rejection to answer instead.
    pub async fn watched<F: std::future::Future>(serve: F) -> (F::Output, Option<Rejection>) {
        let oversized = Arc::new(AtomicUsize::new(0));
        let output = OVERSIZED.scope(Arc::clone(&oversized), serve).await;
        let rejection = match oversized.load(Ordering::Relaxed) {
            0 => None,
            limit => Some(Rejection::with_status(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                Location::Body,
                ".",
                Problem::Invalid(format!("has an item larger than {limit} bytes")),
            )),
        };
        (output, rejection)
    }
}

/// The client's side: reading a streaming response as it arrives.
#[cfg(feature = "client")]
pub mod read {
    use super::{Event, Items, Records, StreamError};
    use crate::client::runtime::{Call, Client, Error, RawResponse, Reconnect};
    use futures_util::stream::{self, StreamExt as _};

    /// Reads a response's body whole unless `streams` says its status and media type (the
    /// `Content-Type`'s essence, lowercase) are a stream's, whose body is then left to read
    /// as it arrives. The `RawResponse` of a stream has an empty body.
    pub async fn whole_unless(
        operation: &'static str,
        mut response: reqwest::Response,
        streams: fn(u16, &str) -> bool,
    ) -> Result<(RawResponse, Option<reqwest::Response>), Error> {
        let status = response.status();
        let media = response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let media = media.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if streams(status.as_u16(), &media) {
            let headers = response.headers().clone();
            return Ok((RawResponse { operation, status, headers, body: bytes::Bytes::new() }, Some(response)));
        }
        let headers = std::mem::take(response.headers_mut());
        let body =
            response.bytes().await.map_err(|source| Error::Transport { operation, source: source.without_url() })?;
        Ok((RawResponse { operation, status, headers, body }, None))
    }

    /// Whether the bytes seen so far end inside an event (not after its blank line).
    #[derive(Clone, Copy, Default, PartialEq, Eq)]
    enum Tail {
        /// Nothing yet, or a blank line last: between events.
        #[default]
        Between,
        /// Inside a line of an event.
        Line,
        /// Just after the end of an event's line.
        LineEnd,
        /// Just after a `\r` that ended an event's line, which a `\n` may complete.
        Cr,
    }

    impl Tail {
        fn feed(mut self, bytes: &[u8]) -> Self {
            // Only what follows the chunk's last byte that is not a line end matters: from
            // there the state is `Line`. Found from the end, so a chunk costs a few bytes'
            // look, not a walk over all of it.
            let rest = match bytes.iter().rposition(|&b| b != b'\r' && b != b'\n') {
                Some(last) => {
                    self = Tail::Line;
                    &bytes[last + 1..]
                }
                None => bytes,
            };
            rest.iter().fold(self, |tail, &b| tail.step(b))
        }

        /// The state after one more byte.
        fn step(self, b: u8) -> Self {
            match (self, b) {
                (Tail::Between, b'\r' | b'\n') => Tail::Between,
                (Tail::Line, b'\r') => Tail::Cr,
                (Tail::Line, b'\n') | (Tail::Cr, b'\n') => Tail::LineEnd,
                (Tail::LineEnd | Tail::Cr, b'\r') | (Tail::LineEnd, b'\n') => Tail::Between,
                (_, _) => Tail::Line,
            }
        }

        /// Whether an event was begun and not ended.
        fn open(self) -> bool {
            self != Tail::Between
        }
    }

    /// The index just past the last blank line of `bytes` (the end of the last event
    /// begun before it), if it has one, `before` being the state the bytes start in.
    /// Searched from the end, run of line ends by run, so that a chunk of many small
    /// events costs a look at its last event only.
    fn last_event_end(before: Tail, bytes: &[u8]) -> Option<usize> {
        let line_end = |b: &u8| *b == b'\r' || *b == b'\n';
        let mut end = bytes.len();
        while let Some(last) = bytes[..end].iter().rposition(line_end) {
            let start = bytes[..last].iter().rposition(|b| !line_end(b)).map_or(0, |i| i + 1);
            let mut tail = if start == 0 { before } else { Tail::Line };
            let mut found = None;
            for (i, &b) in bytes[start..=last].iter().enumerate() {
                tail = tail.step(b);
                if tail == Tail::Between {
                    found = Some(start + i + 1);
                }
            }
            if found.is_some() {
                return found;
            }
            end = start;
        }
        None
    }

    /// Where the bytes of an event stream are: whether they end inside an event, and how
    /// many bytes that event holds so far (what the client's item limit is held to).
    #[derive(Clone, Copy, Default)]
    struct Position {
        tail: Tail,
        open: usize,
        /// Whether the last byte was a carriage return.
        cr: bool,
    }

    impl Position {
        /// The position after `bytes`, or `Err(start)` when an event in them grows past
        /// `limit` bytes, `start` being where that event begins in them (0 when it began
        /// before). An event's bytes are all of them as sent but the blank line that ends
        /// it, comments before it included.
        fn feed(self, bytes: &[u8], limit: usize) -> Result<Self, usize> {
            // Unless this chunk and the open event together pass the limit (never, for
            // small events and the default limit), no event in it can: only its end is
            // looked at, from the end.
            let cr = bytes.last().map_or(self.cr, |&b| b == b'\r');
            if self.open.saturating_add(bytes.len()) <= limit {
                let tail = self.tail.feed(bytes);
                let open = match tail.open().then(|| last_event_end(self.tail, bytes)) {
                    None => 0,
                    Some(Some(end)) => bytes.len() - end,
                    Some(None) => self.open + bytes.len(),
                };
                return Ok(Self { tail, open, cr });
            }
            let Self { mut tail, mut open, .. } = self;
            let mut start = 0;
            for (i, &b) in bytes.iter().enumerate() {
                let before = tail;
                tail = tail.step(b);
                if tail == Tail::Between {
                    open = 0;
                    continue;
                }
                if before == Tail::Between {
                    start = i;
                }
                open += 1;
                if open > limit {
                    return Err(start);
                }
            }
            Ok(Self { tail, open, cr })
        }
    }

    /// Why the body stopped short.
    #[derive(Debug)]
    enum Fault {
        Transport(String),
        Truncated,
        /// An event grew past the limit (in bytes) without ending.
        TooLarge(usize),
    }

    impl std::fmt::Display for Fault {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Fault::Transport(message) => f.write_str(message),
                Fault::Truncated => f.write_str("the body ended in the middle of an event"),
                Fault::TooLarge(limit) => write!(f, "an event is larger than {limit} bytes"),
            }
        }
    }

    /// The body's chunks as they arrive, with an error last when it ends inside an event,
    /// or in place of the event that grows past `limit` bytes (the events before it are
    /// read; the connection is dropped): at most `limit` bytes and a chunk are held.
    fn chunks(
        response: reqwest::Response,
        limit: usize,
    ) -> impl futures_util::Stream<Item = Result<bytes::Bytes, Fault>> {
        stream::unfold(Some((Some(response), Position::default())), move |state| async move {
            let (response, at) = state?;
            let Some(mut response) = response else { return Some((Err(Fault::TooLarge(limit)), None)) };
            match response.chunk().await {
                Ok(Some(chunk)) => match at.feed(&chunk, limit) {
                    Ok(at) => Some((Ok(chunk), Some((Some(response), at)))),
                    Err(start) => {
                        // The events before the one too large are read, the last of them
                        // completed as at the body's end (below) when a `\r` ends it.
                        let cr = if start == 0 { at.cr } else { chunk[start - 1] == b'\r' };
                        let kept = chunk.slice(..start);
                        let kept = if cr { [&kept[..], b"\n"].concat().into() } else { kept };
                        Some((Ok(kept), Some((None, at))))
                    }
                },
                Ok(None) if at.tail.open() => Some((Err(Fault::Truncated), None)),
                // eventsource-stream waits for the byte after a carriage return (which may
                // begin a CRLF) before it ends a line, so an event whose blank line is a
                // last `\r` would be lost: a line feed completes it, meaning nothing more.
                Ok(None) if at.cr => Some((Ok(bytes::Bytes::from_static(b"\n")), None)),
                Ok(None) => None,
                Err(e) => Some((Err(Fault::Transport(e.without_url().to_string())), None)),
            }
        })
    }

    /// What a stream of events needs to reconnect: the client, the call that opened it and
    /// the client's [`Reconnect`] policy.
    pub struct Resend {
        client: Client,
        call: Call,
        policy: Reconnect,
    }

    impl Resend {
        /// The call to send again when `client` was built to reconnect streams of events
        /// ([`ClientBuilder::reconnect_events`](crate::client::runtime::ClientBuilder::reconnect_events)),
        /// else `None` (and nothing is cloned).
        pub fn of(client: &Client, call: &Call) -> Option<Self> {
            let policy = crate::client::runtime::reconnect_policy(client)?;
            Some(Self { client: client.clone(), call: call.clone(), policy })
        }
    }

    type Events = std::pin::Pin<
        Box<
            dyn futures_util::Stream<
                    Item = Result<eventsource_stream::Event, eventsource_stream::EventStreamError<Fault>>,
                > + Send,
        >,
    >;

    fn open(response: reqwest::Response, last_id: &str, limit: usize) -> Events {
        let mut events = eventsource_stream::EventStream::new(chunks(response, limit));
        events.set_last_event_id(last_id);
        Box::pin(events)
    }

    /// Where a stream of events is: the connection it reads (none while reconnecting),
    /// how many events it has seen, the last event's id and `retry`, and what is left of
    /// its reconnections.
    struct Reading<T> {
        events: Option<Events>,
        seen: u64,
        last_id: String,
        retry: Option<std::time::Duration>,
        attempts: u32,
        resend: Option<Resend>,
        /// Why the last reconnection failed, said if the stream ends there.
        failed: Option<StreamError>,
        sentinel: Option<&'static str>,
        read: fn(u64, String) -> Result<T, StreamError>,
        /// The largest event read, in bytes.
        limit: usize,
    }

    /// What one step of reading gave: an item, the end, an error that ends the stream (an
    /// event too large, which a reconnection would only send again), or a connection that
    /// ended (with the error it ended in, if any) and may be opened again.
    enum Step<T> {
        Item(Result<Event<T>, StreamError>),
        End,
        Last(StreamError),
        Closed(Option<StreamError>),
    }

    impl<T> Reading<T> {
        async fn step(&mut self) -> Step<T> {
            let Some(events) = self.events.as_mut() else { return Step::Closed(self.failed.take()) };
            let Some(event) = events.next().await else { return Step::Closed(None) };
            self.seen += 1;
            let item = self.seen;
            match event {
                Ok(e) if self.sentinel == Some(e.data.as_str()) => Step::End,
                Ok(e) => {
                    self.retry = e.retry.or(self.retry);
                    if let Some(resend) = &self.resend {
                        self.attempts = resend.policy.max_attempts;
                    }
                    // The id an event carries is the last one sent, as SSE's last event
                    // ID is (across reconnections too); eventsource-stream carries it
                    // within one connection, so the event's own is moved, not copied.
                    let id = if e.id.is_empty() {
                        Some(self.last_id.clone()).filter(|i| !i.is_empty())
                    } else {
                        self.last_id.clone_from(&e.id);
                        Some(e.id)
                    };
                    let event = Some(e.event).filter(|n| !n.is_empty() && n != "message");
                    Step::Item((self.read)(item, e.data).map(|data| Event { event, id, retry: e.retry, data }))
                }
                Err(eventsource_stream::EventStreamError::Transport(Fault::TooLarge(limit))) => {
                    Step::Last(StreamError::TooLarge { item, limit })
                }
                Err(eventsource_stream::EventStreamError::Transport(Fault::Truncated)) => {
                    Step::Closed(Some(StreamError::Truncated { item }))
                }
                Err(eventsource_stream::EventStreamError::Transport(Fault::Transport(message))) => {
                    Step::Closed(Some(StreamError::Transport { message }))
                }
                Err(e) => Step::Item(Err(StreamError::Framing { item, message: e.to_string() })),
            }
        }

        /// Opens the stream again, as the policy allows: `Err` with the item that ends it.
        async fn reconnect(&mut self, ended: Option<StreamError>) -> Result<(), Option<StreamError>> {
            self.events = None;
            let Some(resend) = self.resend.as_ref().filter(|_| self.attempts > 0) else { return Err(ended) };
            self.attempts -= 1;
            tokio::time::sleep(self.retry.unwrap_or(resend.policy.default_retry)).await;
            let mut call = resend.call.clone();
            if let Ok(id) = reqwest::header::HeaderValue::from_str(&self.last_id) {
                if !self.last_id.is_empty() {
                    call.headers.insert("last-event-id", id);
                }
            }
            let refused = |message: String| Err(Some(StreamError::Transport { message }));
            match call.send(&resend.client).await {
                Ok(response) if response.status() == reqwest::StatusCode::NO_CONTENT => Err(None),
                Ok(response) if response.status().is_success() => {
                    self.events = Some(open(response, &self.last_id, self.limit));
                    Ok(())
                }
                Ok(response) => refused(format!("reconnecting, the server answered {}", response.status())),
                // A failed attempt counts; the next waits as long again.
                Err(e) if self.attempts > 0 => {
                    self.failed = Some(StreamError::Transport { message: format!("reconnecting failed: {e}") });
                    Ok(())
                }
                Err(e) => refused(format!("reconnecting failed: {e}")),
            }
        }
    }

    /// A response's Server-Sent Events, each `data` read as `D`; comments and keep-alives
    /// are skipped (eventsource-stream parses the framing), and an event whose data is
    /// `sentinel` ends the stream cleanly. With a [`Resend`] (the client was built to
    /// reconnect), a connection that ends otherwise is opened again with
    /// `Last-Event-ID`, after the server's `retry` time. An event that grows past `limit`
    /// bytes as sent is an error item ([`StreamError::TooLarge`]) that ends the stream.
    pub fn events<T: Send + 'static>(
        response: Option<reqwest::Response>,
        sentinel: Option<&'static str>,
        read: fn(u64, String) -> Result<T, StreamError>,
        resend: Option<Resend>,
        limit: usize,
    ) -> Items<Event<T>> {
        let Some(response) = response else { return Items::new(stream::empty()) };
        let attempts = resend.as_ref().map_or(0, |r| r.policy.max_attempts);
        // Boxed: the state moves into each step's future, and a pointer moves cheaper.
        let reading = Box::new(Reading {
            events: Some(open(response, "", limit)),
            seen: 0,
            last_id: String::new(),
            retry: None,
            attempts,
            resend,
            failed: None,
            sentinel,
            read,
            limit,
        });
        Items::new(stream::unfold(Some(reading), |reading| async move {
            let mut reading = reading?;
            loop {
                match reading.step().await {
                    Step::Item(item) => return Some((item, Some(reading))),
                    Step::End => return None,
                    Step::Last(e) => return Some((Err(e), None)),
                    Step::Closed(ended) => match reading.reconnect(ended).await {
                        Ok(()) => {}
                        Err(last) => return last.map(|e| (Err(e), None)),
                    },
                }
            }
        }))
    }

    /// A response's JSON Lines or JSON text sequence, each record read as a `T`; an item
    /// past `limit` bytes (the client's, [`ITEM_LIMIT`](super::ITEM_LIMIT) by default) is
    /// an error item that ends it.
    pub fn records<T>(response: Option<reqwest::Response>, records: Records, limit: usize) -> Items<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let Some(response) = response else { return Items::new(stream::empty()) };
        let chunks = stream::unfold(Some(response), |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(e) => Some((Err(e.without_url().to_string()), None)),
            }
        });
        super::records_of(chunks, records, limit)
    }
}

/// The server's side: writing an implementation's items as they come.
#[cfg(feature = "server")]
pub mod write {
    use super::{Event, Items, Records, StreamError};
    use axum::response::sse::{self, KeepAlive, Sse};
    use axum::response::{IntoResponse as _, Response};
    use futures_util::stream::StreamExt as _;

    /// The answer of a stream of events: `text/event-stream`, each event written (and
    /// flushed) as the implementation yields it, multi-line data framed as several `data:`
    /// lines, and a keep-alive comment when the stream is quiet; after the last, an event
    /// of the `sentinel` data when the spec names one. An error item, or an event name,
    /// id or data a field cannot carry (a line break; in data, a carriage return), ends
    /// the stream without it. (An event whose data is empty is written, and skipped by
    /// readers, as the SSE specification says.)
    pub fn events<T: Send + 'static>(
        status: u16,
        items: Items<Event<T>>,
        sentinel: Option<&'static str>,
        write: fn(&T) -> Result<String, String>,
    ) -> Response {
        let events = items.scan(0u64, move |seen, item| {
            *seen += 1;
            let item_number = *seen;
            let event = item.and_then(|e| sse_event(item_number, &e, write));
            if let Err(e) = &event {
                tracing::error!(error = %e, "the stream of events ended early");
            }
            std::future::ready(Some(event))
        });
        // An error item ends the body there (hyper drops it), before the sentinel.
        let events = events.chain(futures_util::stream::iter(sentinel.map(|s| Ok(sse::Event::default().data(s)))));
        let mut response = Sse::new(events).keep_alive(KeepAlive::default()).into_response();
        *response.status_mut() = status_code(status);
        response
    }

    /// An event as axum writes it, refusing fields that would break its framing (axum
    /// panics on them).
    fn sse_event<T>(
        item: u64,
        e: &Event<T>,
        write: fn(&T) -> Result<String, String>,
    ) -> Result<sse::Event, StreamError> {
        let refuse = |what: &str| StreamError::Framing { item, message: format!("its {what} holds a line break") };
        let data = write(&e.data).map_err(|message| StreamError::Framing { item, message })?;
        // A reader takes a carriage return for a line end, so text holding one would
        // arrive changed (`a\rb` as `a\nb`); JSON data escapes it and never holds one.
        if data.contains('\r') {
            return Err(refuse("data"));
        }
        let mut event = sse::Event::default().data(data);
        if let Some(name) = &e.event {
            if name.contains(['\r', '\n']) {
                return Err(refuse("event name"));
            }
            event = event.event(name);
        }
        if let Some(id) = &e.id {
            if id.contains(['\r', '\n', '\0']) {
                return Err(refuse("id"));
            }
            event = event.id(id);
        }
        if let Some(retry) = e.retry {
            event = event.retry(retry);
        }
        Ok(event)
    }

    /// The answer of a JSON Lines or JSON text sequence: each item written (and flushed)
    /// as the implementation yields it. An error item ends the body early, which the
    /// client reads as a body ending in the middle of an item.
    pub fn records<T>(status: u16, content_type: &'static str, items: Items<T>, records: Records) -> Response
    where
        T: serde::Serialize + Send + 'static,
    {
        let body = items.map(move |item| {
            let record = super::write_record(records, item);
            if let Err(e) = &record {
                tracing::error!(error = %e, "the stream of records ended early");
            }
            record
        });
        let mut response = axum::body::Body::from_stream(body).into_response();
        *response.status_mut() = status_code(status);
        if let Ok(value) = axum::http::HeaderValue::from_str(content_type) {
            response.headers_mut().insert(axum::http::header::CONTENT_TYPE, value);
        }
        response
    }

    fn status_code(status: u16) -> axum::http::StatusCode {
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
    }
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use super::{Records, Splitter, StreamError};

    /// Every item of `chunks`, pushed one by one, then the body's end.
    fn split(records: Records, chunks: &[&[u8]]) -> Vec<Result<serde_json::Value, String>> {
        let mut splitter = Splitter::new(records);
        let mut out = Vec::new();
        for chunk in chunks {
            splitter.push(chunk);
            while let Some((item, record)) = splitter.next_record() {
                out.push(super::decode_json(item, record).map_err(|e| e.to_string()));
            }
        }
        out.extend(splitter.finish().map(|r: Result<_, StreamError>| r.map_err(|e| e.to_string())));
        out
    }

    #[test]
    fn lines_are_cut_however_the_chunks_fall() {
        let body: &[u8] = b"{\"a\":1}\r\n\n  \n[2,\n3]\n\"last\"";
        let whole = split(Records::Lines, &[body]);
        let bytewise: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(split(Records::Lines, &bytewise), whole);
        assert_eq!(whole.len(), 4, "{whole:?}");
        assert_eq!(whole[0], Ok(serde_json::json!({"a": 1})));
        assert!(whole[1].as_ref().is_err_and(|e| e.starts_with("item 2 does not decode")), "{whole:?}");
        assert!(whole[2].as_ref().is_err_and(|e| e.starts_with("item 3 does not decode")), "{whole:?}");
        assert_eq!(whole[3], Ok(serde_json::json!("last")));
    }

    #[test]
    fn a_line_cut_short_is_reported_at_the_end() {
        let got = split(Records::Lines, &[b"1\n{\"a\": [1, "]);
        assert_eq!(got, [Ok(serde_json::json!(1)), Err("the body ended in the middle of item 2".to_owned())]);
    }

    #[test]
    fn sequences_read_pretty_printed_values_as_they_arrive() {
        let body: &[u8] = b"\x1e{\n  \"a\": 1\n}\n\x1e\x1e2\n\x1e[3";
        let bytewise: Vec<&[u8]> = body.chunks(1).collect();
        let got = split(Records::Seq, &bytewise);
        assert_eq!(
            got,
            [
                Ok(serde_json::json!({"a": 1})),
                Ok(serde_json::json!(2)),
                Err("the body ended in the middle of item 3".to_owned())
            ]
        );
        // A whole value is read at its line feed, before the next record starts.
        let mut splitter = Splitter::new(Records::Seq);
        splitter.push(b"\x1e{\"a\":\n1}\n");
        assert_eq!(splitter.next_record().map(|(i, r)| (i, r.to_vec())), Some((1, b"{\"a\":\n1}".to_vec())));
    }
}
