//! Pagination: which operations are lists whose pages the client can follow, and how.
//! A pure reading of the lowered operation (and, for AutoRest's `x-ms-pageable`, of the
//! page object's type), so it needs nothing but the IR.

use crate::ir::{Field, Media, Method, NextPage, Operation, Pagination, ParamLocation, Status, TypeRef};

/// Query parameters that say an operation answers one page of several.
const PAGE_PARAMS: &[&str] = &["page", "per_page", "page_size", "limit", "cursor", "page_token", "pageToken"];

/// The header with the next page's number, as GitLab names it.
const NEXT_PAGE_HEADER: &str = "x-next-page";

/// An operation is a list when it is a `GET` whose first 2xx answer is a JSON array and
/// it has page-ish query parameters or declares a `Link` or `X-Next-Page` header. Its
/// next page comes from `X-Next-Page` when that is declared and there is a `page`
/// parameter to write it into, else from `Link`.
pub(super) fn detect(op: &Operation) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let response = op.responses.iter().find(|r| matches!(r.status, Status::Code(200..=299)))?;
    let Status::Code(status) = response.status else { return None };
    // The first representation, JSON when there is one: a page in another media type the
    // response offers (gitea's `text/html`) is a decode error on the stream.
    let body = response.body().filter(|b| b.media == Media::Json)?;
    let TypeRef::Array(item) = &body.ty else { return None };
    let page_param = op
        .params
        .iter()
        .position(|p| p.location == ParamLocation::Query && p.wire_name == "page" && is_integer(&p.resolved_ty));
    let paged_query = op.params_in(ParamLocation::Query).any(|p| PAGE_PARAMS.contains(&p.wire_name.as_str()));
    let header = |name: &str| response.headers.iter().find(|h| h.wire_name.eq_ignore_ascii_case(name));
    let next_page = header(NEXT_PAGE_HEADER);
    let next = match (next_page, page_param) {
        (Some(h), Some(_)) => NextPage::PageHeader(h.wire_name.clone()),
        // A next-page number with nowhere to write it: only its `Link` can be followed.
        _ if paged_query || next_page.is_some() || header("link").is_some() => NextPage::Link,
        _ => return None,
    };
    Some(Pagination { status, item: (**item).clone(), page_param, next })
}

fn is_integer(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Integer { .. })
}

/// AutoRest's `x-ms-pageable` (`{itemName, nextLinkName}`, read by `operations.rs`): the
/// first 2xx answer is an object whose `itemName` property (default `value`) is the list
/// of items, and whose `nextLinkName` property, when it is not `null`, the next page's
/// URL. `fields` gives the fields of a named object type (aliases resolved). `None` when
/// the answer has no such list, which the caller reports.
pub(super) fn pageable<'f>(
    op: &Operation,
    items: &str,
    next: Option<&str>,
    fields: impl Fn(&TypeRef) -> Option<&'f [Field]>,
) -> Option<Pagination> {
    let response = op.responses.iter().find(|r| matches!(r.status, Status::Code(200..=299)))?;
    let Status::Code(status) = response.status else { return None };
    let body = response.body().filter(|b| b.media == Media::Json)?;
    let fields = fields(&body.ty)?;
    let list = fields.iter().find(|f| f.wire_name == items)?;
    let TypeRef::Array(item) = &list.ty else { return None };
    // The next link is read from the page's JSON as `nextLinkName` says, whether or not
    // the page's schema declares it (as AutoRest reads it).
    let next = NextPage::BodyLink { items: items.to_string(), next: next.map(str::to_string) };
    Some(Pagination { status, item: (**item).clone(), page_param: None, next })
}
