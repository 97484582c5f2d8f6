//! The test that calls every operation of the crate on a server outside it (Prism's mock
//! of the spec, started by `cargo xtask conformance`), once per media type its body may be
//! sent in, with arguments built from the spec's samples.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::super::wire::alternatives;
use super::super::{Chunk, ident, string_literal, type_tokens_at};
use crate::ir::{Api, Media, Operation};

/// The test that calls every operation on a server outside the crate (`ROUND_TRIP_URL`:
/// `cargo xtask conformance` starts Prism's mock of the spec there), with arguments that
/// validate against the spec (each parameter's and body's `sample`), printing a line per
/// call: `outside<TAB>operation<TAB>ok|decode|error|no-sample|skipped<TAB>detail`, where
/// `ok` is followed by the status. A body that may be sent in several media types
/// ([`alternatives`]) is sent in each, a call and a line per type, its id the operation's
/// and the type (`postDocument (application/x-www-form-urlencoded)`). It asserts nothing:
/// the other server's answers are its own, and the counting is the caller's
/// (`ROUND_TRIP_SKIP` leaves operations, or single calls, out).
pub(super) fn outside<'a>(api: &'a Api, root: TokenStream, credentials: &[TokenStream]) -> (TokenStream, Chunk<'a>) {
    // `sample` reads parameters and JSON bodies: an API whose operations take neither
    // (AutoRest's no-argument specs) has no use for it, and an unused function warns.
    let samples = api.operations.iter().filter(|op| op.webhook.is_none()).any(|op| {
        !op.params.is_empty()
            || op.body.as_ref().is_some_and(|b| !matches!(b.primary().media, Media::Binary | Media::Text))
    });
    let sample = samples.then(|| {
        quote! {
            /// A value read from JSON text; `None` when it does not read as the type.
            fn sample<T: ::serde::de::DeserializeOwned>(text: &str) -> ::std::option::Option<T> {
                ::serde_json::from_str(text).ok()
            }
        }
    });
    let sample = sample.unwrap_or_default();
    let calls_other = api.operations.iter().any(|op| op.webhook.is_none()).then(|| other_server_helper(api, &root));
    let start = quote! {
        let url = ::std::env::var("ROUND_TRIP_URL").expect("ROUND_TRIP_URL: the server to call");
        // Operations not to call (comma-separated ids, an operation's alone or with a media
        // type, as its line names it): one that stopped the server.
        let skip = ::std::env::var("ROUND_TRIP_SKIP").unwrap_or_default();
        // The other server judges the values (Prism answers 400 to what breaks the spec).
        let client = #root::client::Client::builder(&url)
            #(#credentials)*
            .client_side_validation(false)
            .build()
            .expect("client");
    };
    let calls = api.operations.iter().filter(|op| op.webhook.is_none()).map(move |op| outside_call(api, &root, op));
    let test = Chunk::members(
        |calls| {
            quote! {
                #[tokio::test]
                #[ignore = "calls the server at ROUND_TRIP_URL (`cargo xtask conformance` starts Prism there)"]
                async fn every_operation_against_another_server() {
                    #calls
                }
            }
        },
        std::iter::once(start).chain(calls),
    );
    (quote!(#sample #calls_other), test)
}

/// The test's `call_other_server`, which makes one call of [`outside`]'s test: written
/// once rather than in each operation's block.
fn other_server_helper(api: &Api, root: &TokenStream) -> TokenStream {
    let super::super::Preludes { ok, err, none, option, some, result, .. } = super::super::Preludes::of(api);
    quote! {
        /// Calls one operation through `call` with the request `sent` makes (`None` when a
        /// sample does not read as its type), unless `skip` names it, and prints its line.
        /// `id` names the operation, followed by the media type its body goes in (`op
        /// (application/json)`) when it may go in several; `skip` may name either.
        async fn call_other_server<'c, R, T, F>(
            client: &'c #root::client::Client,
            skip: &str,
            id: &str,
            sent: impl FnOnce() -> #option<R>,
            call: impl FnOnce(&'c #root::client::Client, R) -> F,
        ) where
            F: ::std::future::Future<Output = #result<#root::client::Response<T>, #root::client::Error>>,
        {
            let skipped = |s: &str| s == id || id.strip_prefix(s).is_some_and(|media| media.starts_with(" ("));
            match sent() {
                _ if skip.split(',').any(skipped) => println!("outside\t{id}\tskipped\t"),
                #none => println!("outside\t{id}\tno-sample\t"),
                #some(sent) => match call(client, sent).await {
                    #ok(got) => println!("outside\t{id}\tok\t{}", got.status().as_u16()),
                    #err(e @ (#root::client::Error::Decode { .. } | #root::client::Error::Header { .. })) => {
                        println!("outside\t{id}\tdecode\t{e}")
                    }
                    #err(e) => println!("outside\t{id}\terror\t{e}"),
                },
            }
        }
    }
}

/// The calls of one operation in [`outside`]'s test: one through `{op}_with`, whose body
/// goes in its first media type, and, when the body may go in others, one per other type,
/// through the pending call's `body_media`, as a caller picks it. Samples read where their
/// field says the type, but a stream's item, which is collected into its field.
fn outside_call(api: &Api, root: &TokenStream, op: &Operation) -> TokenStream {
    let some = super::super::prelude(api, super::super::Prelude::Some);
    let with = ident(&op.with_fn_name);
    let request = ident(&op.request_type);
    let fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let n = ident(&p.name);
            let text = string_literal(&p.sample);
            let v = quote!(sample(#text)?);
            let v = if p.secret { quote!(#root::Secret::new(#v)) } else { v };
            if p.required { quote!(#n: #v,) } else { quote!(#n: #some(#v),) }
        })
        .collect();
    let body = op.body.as_ref().map(|b| {
        let n = ident(&b.name);
        let v = body_sample(api, root, b);
        if b.required && !b.nullable { quote!(#n: #v,) } else { quote!(#n: #some(#v),) }
    });
    let media = op.body.as_ref().map(alternatives).filter(|a| a.len() > 1).unwrap_or_default();
    // A body that may go in several media types names the one of each call.
    let id = match media.first() {
        Some(m) => Literal::string(&format!("{} ({})", op.operation_id, m.content_type)),
        None => Literal::string(&op.operation_id),
    };
    let others = media.iter().skip(1).map(|m| media_call(api, root, op, &fields, &m.content_type));
    quote! {
        call_other_server(&client, &skip, #id, || #some(models::#request { #(#fields)* #body }), |c, r| c.#with(r)).await;
        #(#others)*
    }
}

/// A body's sample, as its field holds it.
fn body_sample(api: &Api, root: &TokenStream, b: &crate::ir::RequestBody) -> TokenStream {
    let primary = b.primary();
    match primary.media {
        // The schema's string where it has one (`format: byte` is base64 text), else
        // any bytes.
        Media::Binary => {
            let text = serde_json::from_str::<String>(&b.sample).unwrap_or_else(|_| "conformance".to_owned());
            let text = Literal::byte_string(text.as_bytes());
            quote!(::bytes::Bytes::from_static(#text))
        }
        Media::Text => {
            let text = serde_json::from_str::<String>(&b.sample).unwrap_or_else(|_| b.sample.clone());
            let text = string_literal(&text);
            quote!(::std::string::String::from(#text))
        }
        // A stream of the one sample item.
        Media::Sequence(_) => {
            let ty = type_tokens_at(api, &primary.ty, root, &quote!(models));
            let text = string_literal(&b.sample);
            quote!(::std::iter::FromIterator::from_iter([sample::<#ty>(#text)?]))
        }
        _ => {
            let text = string_literal(&b.sample);
            quote!(sample(#text)?)
        }
    }
}

/// The call of an operation with its body in `media` (not its first type): the pending
/// call made from the request's required values, its optional ones set, then
/// `body_media`. (A body that streams has one media type: lowering reads one declared in
/// several whole, so the pending call's body argument is the request's field.)
fn media_call(api: &Api, root: &TokenStream, op: &Operation, fields: &[TokenStream], media: &str) -> TokenStream {
    let some = super::super::prelude(api, super::super::Prelude::Some);
    let Some(b) = op.body.as_ref() else { return TokenStream::new() };
    let id = Literal::string(&format!("{} ({media})", op.operation_id));
    let (name, request, n) = (ident(&op.fn_name), ident(&op.request_type), ident(&b.name));
    let ct = Literal::string(media);
    let v = body_sample(api, root, b);
    let body = if b.required && !b.nullable { quote!(#n: #v,) } else { quote!(#n: #some(#v),) };
    let required = op.params.iter().filter(|p| p.required).map(|p| {
        let f = ident(&p.name);
        quote!(r.#f,)
    });
    let body_arg = b.required.then(|| quote!(r.#n));
    let optional: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| ident(&p.name))
        .chain((!b.required).then(|| n.clone()))
        .map(|f| quote!(if let #some(v) = r.#f { call = call.#f(v); }))
        .collect();
    let make = quote!(c.#name(#(#required)* #body_arg));
    let call = if optional.is_empty() {
        quote!(#make.body_media(#ct).send())
    } else {
        quote! {{
            let mut call = #make;
            #(#optional)*
            call.body_media(#ct).send()
        }}
    };
    quote! {
        call_other_server(&client, &skip, #id, || #some(models::#request { #(#fields)* #body }), |c, r| #call).await;
    }
}
