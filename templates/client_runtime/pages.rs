//! Following a list operation's pages: by page number (a header such as GitLab's
//! `X-Next-Page`) or by RFC 8288 `Link`, as a stream of every item.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use super::call::{Call, Client};
use super::encoding::Query;
use super::error::{Error, without_values};
use super::links::next_link;
use super::response::RawResponse;

/// How a list operation's pages are followed (built by the generated `stream` methods).
pub struct Pages<R> {
    /// The typed request of the first page.
    pub request: R,
    /// Builds the call for a request.
    pub call: fn(&R) -> Result<Call, Error>,
    /// Writes a page number into the request (for [`Next::PageHeader`]).
    pub set_page: Option<SetPage<R>>,
    /// Where the next page is found.
    pub next: Next,
    /// The status whose body is a page.
    pub status: u16,
}

/// Writes a page number into a typed request.
pub type SetPage<R> = fn(&mut R, u64) -> Result<(), Error>;

/// What a page followed through `Link` repeats of the call before it: everything but the
/// URL, so it is the same request as a page fetched by number (which rebuilds the call
/// from the typed request), body and media included. A search API that takes its
/// filters in a `GET` body (as the kitchen sink's `/search` does) would otherwise get
/// an unfiltered second page.
struct Template {
    operation: &'static str,
    method: Method,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    schemes: &'static [&'static str],
}

/// Where the next page is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// RFC 8288's `Link: <…>; rel="next"`; no such link means the last page.
    Link,
    /// A header with the next page's number (GitLab's `X-Next-Page`), empty on the last
    /// page. Where the header is absent altogether, `Link` is followed instead.
    PageHeader(&'static str),
    /// AutoRest's `x-ms-pageable`: the page is a JSON object whose `items` member is the
    /// list, and whose `next` member (if the spec names one) the next page's URL; an
    /// absent, `null` or empty one means the last page.
    Body { items: &'static str, next: Option<&'static str> },
}

/// Every item of every page, fetched a page at a time as the stream is read. The stream
/// ends after the last page (an empty page-number header, or no `rel="next"` link); an
/// error ends it after being yielded. A page number that does not move forward, or a link
/// back to the same URL, ends it too, so a misbehaving server cannot make it loop. A link
/// is followed only under the client's base URL (same origin, same path prefix), so
/// credentials never go to a host the server names.
pub fn paginate<'a, R, T>(
    client: &'a Client,
    pages: Pages<R>,
) -> impl futures_util::Stream<Item = Result<T, Error>> + Send + 'a
where
    R: Send + 'a,
    T: serde::de::DeserializeOwned + Send + 'a,
{
    use futures_util::{StreamExt as _, TryStreamExt as _};
    let first = (pages.call)(&pages.request);
    // Pages count from 1, so a next page is at least 2 and always above the last one.
    let state = Some((pages, first, 1u64));
    futures_util::stream::try_unfold(state, move |state| async move {
        let Some((mut pages, call, page)) = state else { return Ok(None) };
        let call = call?;
        let template = Template {
            operation: call.operation,
            method: call.method.clone(),
            headers: call.headers.clone(),
            body: call.body.clone(),
            schemes: call.schemes,
        };
        let current = client.url_of(&call)?;
        let raw = client.execute(call).await?;
        if raw.status == StatusCode::TOO_MANY_REQUESTS {
            return Err(raw.rate_limited());
        }
        if raw.status.as_u16() != pages.status {
            return Err(raw.not_a_page());
        }
        // The items, and the next page's link: `x-ms-pageable`'s is in the body, and only there.
        let (items, target): (Vec<T>, Option<String>) = match pages.next {
            Next::Body { items, next } => page_object(&raw, items, next)?,
            _ => (raw.decode()?, next_link(&raw.headers)),
        };
        let number = match pages.next {
            Next::PageHeader(name) if raw.headers.contains_key(name) => Some(raw.header::<u64>(name)?),
            _ => None,
        };
        let next = match (number, pages.set_page) {
            // The last page, or a number that would go back: done.
            (Some(None), _) => None,
            (Some(Some(n)), _) if n <= page => None,
            (Some(Some(n)), Some(set_page)) => {
                let call = set_page(&mut pages.request, n).and_then(|()| (pages.call)(&pages.request));
                Some((call, n))
            }
            _ => match target {
                None => None,
                Some(target) => {
                    let url = current.join(&target).map_err(|e| Error::Url {
                        operation: template.operation,
                        reason: format!("the next page's link is not a URL: {e}"),
                    })?;
                    if url == current { None } else { Some((client.call_for(url, template), page)) }
                }
            },
        };
        Ok(Some((items, next.map(|(call, n)| (pages, call, n)))))
    })
    .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}

/// An `x-ms-pageable` page: the items in its `items` member (none when it is absent or
/// `null`), and the next page's URL in its `next` member (`None` for the last page).
fn page_object<T: serde::de::DeserializeOwned>(
    raw: &RawResponse,
    items: &str,
    next: Option<&str>,
) -> Result<(Vec<T>, Option<String>), Error> {
    let mut page: serde_json::Map<String, serde_json::Value> = raw.decode()?;
    let list = match page.remove(items) {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(list) => serde_json::from_value(list)
            .map_err(|e| raw.decode_error(format!(".{items}"), without_values(&e.to_string())))?,
    };
    let link = next.and_then(|n| page.get(n)).and_then(serde_json::Value::as_str).filter(|l| !l.is_empty());
    Ok((list, link.map(str::to_owned)))
}

impl Client {
    /// The URL a call goes to, without query credentials (which are added when sent).
    fn url_of(&self, call: &Call) -> Result<Url, Error> {
        let mut text = format!("{}{}", self.inner.base, call.path);
        if !call.query.0.is_empty() {
            text.push('?');
            text.push_str(&call.query.0);
        }
        Url::parse(&text).map_err(|e| Error::Url { operation: call.operation, reason: e.to_string() })
    }

    /// A call to a next page's URL, the same request as the page before: its method,
    /// headers (the body's `Content-Type`, so the media chosen, among them), body and
    /// schemes; only the URL is the link's. Only a URL under the base URL is followed:
    /// credentials go nowhere else.
    fn call_for(&self, url: Url, template: Template) -> Result<Call, Error> {
        let Template { operation, method, headers, body, schemes } = template;
        let base = Url::parse(&self.inner.base).map_err(|e| Error::Url { operation, reason: e.to_string() })?;
        let path = url.path().strip_prefix(self.inner.base_path.as_str()).filter(|p| p.starts_with('/'));
        match path {
            Some(path) if url.origin() == base.origin() => Ok(Call {
                operation,
                method,
                path: path.to_owned(),
                query: Query(url.query().unwrap_or_default().to_owned()),
                headers,
                body,
                schemes,
            }),
            _ => Err(Error::Url {
                operation,
                reason: "the next page's link leaves the API's base URL; not followed".to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &'static str) -> RawResponse {
        RawResponse {
            operation: "op",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(body.as_bytes()),
        }
    }

    #[test]
    fn an_x_ms_pageable_page_has_its_items_and_link_in_the_body() {
        let page = |body| page_object::<i32>(&answer(body), "values", Some("odata.nextLink"));
        let (items, next) = page(r#"{"values": [1, 2], "odata.nextLink": "https://h/p?page=2"}"#).expect("page");
        assert_eq!((items, next.as_deref()), (vec![1, 2], Some("https://h/p?page=2")));
        for last in [
            r#"{"values": [1]}"#,
            r#"{"values": [1], "odata.nextLink": null}"#,
            r#"{"values": [1], "odata.nextLink": ""}"#,
        ] {
            assert_eq!(page(last).expect(last), (vec![1], None), "{last}");
        }
        assert_eq!(page(r#"{"odata.nextLink": "x"}"#).expect("no items"), (Vec::new(), Some("x".to_owned())));
        let Err(Error::Decode { path, .. }) = page(r#"{"values": ["one"]}"#) else { panic!("not integers") };
        assert_eq!(path, ".values");
    }
}
