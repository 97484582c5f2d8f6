//! Emits `server/mock.rs`: `Mock`, an implementation of the server's `Api` that answers
//! every operation with values lowering chose (`ir::MockAnswer`: the spec's example where
//! it reads as its type, else a value synthesised from the schema), and `router`, which
//! serves it and lets a request pick another declared response with Prism's
//! `Prefer: code=404`. This is Prism's job done inside the crate: downstream tests start
//! `server::mock::router(Mock::new())` in process.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rt;
use super::wire::body_type;
use super::{Artifact, Chunk, ident, string_literal, type_tokens};
use crate::ir::{Api, Media, Operation, Response, Status};

pub(crate) fn mock(api: &Api) -> Artifact<'_> {
    let super::Preludes { ok, result, some, none, option, .. } = super::Preludes::of(api);
    let rt = rt();
    let methods = api.served().map(|op| trait_method(api, op));
    let arms = api.served().map(move |op| {
        let some = super::prelude(api, super::Prelude::Some);
        let id = &op.operation_id;
        let name = ident(&op.fn_name);
        quote!(#id => Answers::#name(#some(status)).ok().map(::axum::response::IntoResponse::into_response),)
    });
    let preferred = move |body: TokenStream| {
        let option = super::prelude(api, super::Prelude::Option);
        quote! {
            /// The declared response of `status` for an operation, if it has one.
            fn preferred(
                operation: crate::server::OperationId,
                status: u16,
            ) -> #option<::axum::response::Response> {
                #body
            }
        }
    };
    let preferred = if api.served().next().is_none() {
        Chunk::Item(preferred(quote! {
            let _ = (operation, status);
            #none
        }))
    } else {
        Chunk::arms(
            move |arms| {
                let none = super::prelude(api, super::Prelude::None);
                preferred(quote!(match operation.as_str() { #arms _ => #none }))
            },
            arms,
        )
    };
    // Only an API with operations of its own has answers to make (a crate of webhooks
    // only has none).
    // `value` reads every mock body and header value: an API whose answers carry neither
    // has no use for it (rustc would warn that it is never used).
    let reads_values = api
        .served()
        .flat_map(|op| &op.responses)
        .any(|r| (r.body().is_some() && r.mock.body.is_some()) || r.mock.headers.iter().any(Option::is_some));
    let value_fn = reads_values.then(|| {
        quote! {
            /// A value of `T` from its JSON text: the spec's example when it reads as `T`, else
            /// the synthesised one.
            fn value<T: ::serde::de::DeserializeOwned>(
                example: #option<&str>,
                synthesised: &str,
            ) -> #result<T, MockError> {
                if let #some(Ok(v)) = example.map(::serde_json::from_str::<T>) {
                    return #ok(v);
                }
                ::serde_json::from_str(synthesised).map_err(|e| MockError(format!("a mock value does not read: {e}")))
            }
        }
    });
    let helpers = api.served().next().is_some().then(|| {
        quote! {
            #value_fn

            /// Each operation's answers, by the status asked for (`None`: the first success).
            struct Answers;
        }
    });
    // Every served operation's method and answers name its request and response types.
    let use_models = super::use_models(api.served().next().is_some());
    let head = quote! {
        //! A mock of the API (feature `server`): [`Mock`] answers every operation with its first
        //! success response, filled with the spec's example where there is one, else with
        //! values that validate against the response's schema. Requests are read as strictly
        //! as for any implementation. Serve it with [`router`], where a request may pick
        //! another declared response as Prism's `Prefer: code=404` does.

        #use_models

        /// The implementation of [`crate::server::Api`] that answers from the spec alone.
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
        pub struct Mock;

        impl Mock {
            /// The mock.
            pub fn new() -> Self {
                Self
            }
        }

        /// Why the mock cannot answer: the status a request prefers is not declared, or a
        /// value does not read as its type (a bug of the generator, answered 500).
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct MockError(::std::string::String);

        impl ::std::fmt::Display for MockError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::error::Error for MockError {}
    };
    let implementation = Chunk::members(
        |methods| {
            quote! {
                impl crate::server::Api for Mock {
                    #methods
                }
            }
        },
        std::iter::once(quote!(
            type Error = MockError;
        ))
        .chain(methods),
    );
    let routes = quote! {
        /// The router of [`Mock`]: [`crate::server::router`], and a layer that answers a
        /// request's `Prefer: code=…` (Prism's header) with that declared response instead
        /// of the first success, once the request has been read as valid.
        pub fn router(mock: Mock) -> ::axum::Router {
            crate::server::router(mock).layer(::axum::middleware::from_fn(prefer))
        }

        async fn prefer(
            request: ::axum::extract::Request,
            next: ::axum::middleware::Next,
        ) -> ::axum::response::Response {
            let code = #rt::preferred_code(request.headers());
            let response = next.run(request).await;
            let operation = response.extensions().get::<crate::server::OperationId>().copied();
            match (code, operation) {
                (#some(code), #some(operation))
                    if response.status().is_success() =>
                {
                    match preferred(operation, code) {
                        #some(answer) => #rt::tagged(operation, answer),
                        #none => response,
                    }
                }
                _ => response,
            }
        }
    };
    let answers = api.served().map(move |op| Chunk::Item(answers(api, op)));
    let whole = [implementation, Chunk::Item(routes), preferred, Chunk::Item(helpers.unwrap_or_default())];
    Artifact::chunks(head, whole.into_iter().chain(answers))
}

fn trait_method(api: &Api, op: &Operation) -> TokenStream {
    let super::Preludes { result, none, .. } = super::Preludes::of(api);
    let name = ident(&op.fn_name);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    quote! {
        async fn #name(
            &self,
            _request: models::#request,
            _credentials: crate::server::Credentials,
        ) -> #result<models::#response, MockError> {
            Answers::#name(#none)
        }
    }
}

/// `Answers::{op}(status)`: the response declared for the status (its code, else its
/// range, else `default`), where `None` asks for the first success.
fn answers(api: &Api, op: &Operation) -> TokenStream {
    let super::Preludes { ok, err, result, option, .. } = super::Preludes::of(api);
    let name = ident(&op.fn_name);
    let response = ident(&op.response_type);
    let doc = super::docs::outer([format!(" The answers of `{}`.", op.operation_id)]);
    let Some(default) = op.mock.and_then(|i| op.responses.get(i)) else {
        return quote! {
            impl Answers {
                #doc
                fn #name(status: #option<u16>) -> #result<models::#response, MockError> {
                    #err(MockError(format!("no response is declared ({status:?})")))
                }
            }
        };
    };
    let default = Literal::u16_unsuffixed(default.mock.status);
    // Only `default` (an operation that declares no responses, say): every status is its,
    // and a `match` of one catch-all arm is what clippy calls a `let`.
    if let [only] = op.responses.as_slice() {
        if only.status == Status::Default {
            let value = variant(api, op, only, quote!(status));
            return quote! {
                impl Answers {
                    #doc
                    fn #name(status: #option<u16>) -> #result<models::#response, MockError> {
                        let status = status.unwrap_or(#default);
                        #ok(#value)
                    }
                }
            };
        }
    }
    // A stream beside JSON shares the JSON's status, which answers it.
    let answered = op.responses.iter().filter(|r| !(super::stream::streams(r) && super::stream::shared(op, r)));
    let arms = answered.map(|r| {
        let value = variant(api, op, r, quote!(status));
        match r.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code => #value,)
            }
            Status::Range(range) => {
                let (low, high) = (Literal::u16_unsuffixed(range * 100), Literal::u16_unsuffixed(range * 100 + 99));
                quote!(status @ #low..=#high => #value,)
            }
            Status::Default => quote!(status => #value,),
        }
    });
    let fallback = (!op.responses.iter().any(|r| r.status == Status::Default)).then(|| {
        quote! {
            status => return #err(MockError(format!("{status} is not a declared status"))),
        }
    });
    quote! {
        impl Answers {
            #doc
            fn #name(status: #option<u16>) -> #result<models::#response, MockError> {
                #ok(match status.unwrap_or(#default) {
                    #(#arms)*
                    #fallback
                })
            }
        }
    }
}

/// The response variant with the mock's values, answering `status` where it carries one.
fn variant(api: &Api, op: &Operation, r: &Response, status: TokenStream) -> TokenStream {
    let none = super::prelude(api, super::Prelude::None);
    let response = ident(&op.response_type);
    let v = ident(&r.variant);
    let body = match (&r.media, r.body(), &r.mock.body) {
        (Some(media), Some(b), Some(text)) => {
            let (name, first) = (ident(&media.name), ident(&media.variants[0]));
            let value = body_value(api, b, text, r.mock.example.as_deref());
            quote!(models::#name::#first(#value))
        }
        (None, Some(b), Some(text)) => body_value(api, b, text, r.mock.example.as_deref()),
        _ => TokenStream::new(),
    };
    let headers = r.headers_type.as_ref().map(|h| {
        let h = ident(h);
        let some = super::prelude(api, super::Prelude::Some);
        let fields = r.headers.iter().zip(&r.mock.headers).map(|(header, text)| {
            let name = ident(&header.name);
            let ty = type_tokens(api, &header.ty);
            let value = match text {
                Some(text) => {
                    let text = string_literal(text);
                    quote!(value::<#ty>(#none, #text)?)
                }
                None => quote!(#none),
            };
            match (header.required, text) {
                (false, Some(_)) => quote!(#name: #some(#value)),
                _ => quote!(#name: #value),
            }
        });
        quote!(models::#h { #(#fields),* })
    });
    super::response_variant(quote!(models::#response::#v), r, status, body, headers.unwrap_or_default())
}

/// A body's value from the mock's JSON text: bytes or text as they are, anything else
/// read as its type.
fn body_value(api: &Api, b: &crate::ir::Body, text: &str, example: Option<&str>) -> TokenStream {
    let super::Preludes { some, none, .. } = super::Preludes::of(api);
    let example = match example {
        Some(e) => {
            let e = string_literal(e);
            quote!(#some(#e))
        }
        None => quote!(#none),
    };
    let text = string_literal(text);
    match b.media {
        Media::Binary => {
            quote!(::std::convert::From::from(value::<::std::string::String>(#example, #text)?.into_bytes()))
        }
        Media::Text => quote!(value::<::std::string::String>(#example, #text)?),
        Media::Sequence(framing) => {
            let ty = type_tokens(api, &b.ty);
            super::stream::one_item(&quote!(crate), framing, quote!(value::<#ty>(#example, #text)?))
        }
        _ => {
            let ty = body_type(api, b);
            quote!(value::<#ty>(#example, #text)?)
        }
    }
}
