//! Emits `client/mod.rs`: a method per operation on the runtime's `Client`, a pending-call
//! type per operation (optional parameters as setters, then `.await`), the builder's
//! credential setters for the spec's security schemes, and response decoding by status.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Artifact, doc, doc_trusted, escape_markdown, ident, type_tokens};
use crate::ir::{
    Api, ArrayQueryStyle, NextPage, Operation, Param, ParamLocation, PathSegment, SecurityKind, SecurityScheme, Status,
    TypeRef,
};

/// The methods of the runtime's `Client` (`templates/client_runtime.rs`), beside which
/// the operations' methods live.
pub(crate) const RESERVED_CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "execute", "url_of", "call_for"];

/// The methods of the runtime's `ClientBuilder`, public and private, beside which the
/// security schemes' setters live.
pub(crate) const RESERVED_BUILDER_METHODS: &[&str] = &[
    "bearer_token",
    "timeout",
    "connect_timeout",
    "user_agent",
    "http_client",
    "retry",
    "build",
    "fail",
    "api_key_header",
    "api_key_query",
    "bearer_for",
    "basic_for",
];

/// The methods of every pending-call type, beside which the optional parameters' and
/// the body's setters live.
pub(crate) const RESERVED_CALL_METHODS: &[&str] = &["send", "stream"];

/// The `client` module's own items (its runtime and what it re-exports from it), beside
/// which the pending-call types live.
pub(crate) const RESERVED_ITEMS: &[&str] =
    &["Client", "ClientBuilder", "Error", "ErrorResponse", "Response", "RetryPolicy", "runtime"];

pub(crate) fn client(api: &Api) -> Artifact<'_> {
    let schemes = api.security_schemes.iter().map(scheme_setter);
    let server = api.servers.first().map(|s| format!(" The spec's server is `{s}`.")).unwrap_or_default();
    let module_doc = super::doc_lines(&format!(
        "The async client (feature `client`): one method per operation.\n\n\
         Required parameters are the method's arguments; optional ones are setters on the \
         pending call it returns, which runs when awaited. Each call answers with the \
         operation's response enum (one variant per declared status) inside a [`Response`] \
         that also has the status and headers; anything else is an [`Error`].{server}"
    ));
    let head = quote! {
        #(#![doc = #module_doc])*

        pub mod runtime;

        pub use runtime::{Client, ClientBuilder, Error, ErrorResponse, Response, RetryPolicy};

        impl ClientBuilder {
            #(#schemes)*
        }
    };
    // One `impl Client` block per operation, beside its pending-call type.
    let operations = api.operations.iter().map(move |op| {
        let method = method(api, op);
        let call = call_type(api, op);
        quote! {
            impl Client {
                #method
            }

            #call
        }
    });
    Artifact::new(head, operations)
}

fn scheme_setter(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.ident);
    let id = Literal::string(&s.ident);
    let extra = s.doc.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default();
    match &s.kind {
        SecurityKind::ApiKeyHeader { header } => {
            let docs =
                doc(Some(&format!("Authenticates with the `{header}` header (security scheme `{}`).{extra}", s.name)));
            let header = Literal::string(header);
            quote! {
                #docs
                pub fn #name(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.api_key_header(#id, #header, key.into())
                }
            }
        }
        SecurityKind::ApiKeyQuery { param } => {
            let docs = doc(Some(&format!(
                "Authenticates with the `{param}` query parameter (security scheme `{}`).{extra}",
                s.name
            )));
            let param = Literal::string(param);
            quote! {
                #docs
                pub fn #name(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.api_key_query(#id, #param, key.into())
                }
            }
        }
        SecurityKind::Bearer => {
            let docs = doc(Some(&format!(
                "Authenticates with `Authorization: Bearer` (security scheme `{}`).{extra}",
                s.name
            )));
            quote! {
                #docs
                pub fn #name(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.bearer_for(#id, token.into())
                }
            }
        }
        SecurityKind::Basic => {
            let docs =
                doc(Some(&format!("Authenticates with `Authorization: Basic` (security scheme `{}`).{extra}", s.name)));
            quote! {
                #docs
                pub fn #name(
                    self,
                    user: impl ::std::convert::Into<::std::string::String>,
                    password: impl ::std::convert::Into<::std::string::String>,
                ) -> Self {
                    self.basic_for(#id, user.into(), password.into())
                }
            }
        }
    }
}

/// An argument type that takes what converts (`42` or `"group/project"` for a union).
fn arg_type(api: &Api, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String | TypeRef::Named(_) => {
            let t = type_tokens(api, t);
            quote!(impl ::std::convert::Into<#t>)
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(api, inner);
            quote!(impl ::std::iter::IntoIterator<Item = #inner>)
        }
        other => type_tokens(api, other),
    }
}

/// The expression that turns an argument into the field's type.
fn arg_convert(name: &proc_macro2::Ident, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String | TypeRef::Named(_) => quote!(#name.into()),
        TypeRef::Array(_) => quote!(#name.into_iter().collect()),
        _ => quote!(#name),
    }
}

/// Spec prose made safe for rustdoc, one paragraph.
fn prose(text: &str) -> String {
    super::doc_lines(text).iter().map(|l| l.trim_start()).collect::<Vec<_>>().join("\n")
}

fn op_docs(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(s) = &op.summary {
        text.push_str(&prose(s));
    }
    if let Some(d) = op.description.as_deref().filter(|d| Some(d.trim()) != op.summary.as_deref().map(str::trim)) {
        text.push_str("\n\n");
        text.push_str(&prose(d));
    }
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.method.as_str(),
        escape_markdown(&op.path),
        op.operation_id
    ));
    let describe = |p: &Param| format!("- `{}`: {}", p.name, p.doc.as_deref().map_or("(undocumented)".into(), prose));
    let required: Vec<String> = op.params.iter().filter(|p| p.required).map(describe).collect();
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&required.join("\n"));
    }
    let optional: Vec<String> = op.params.iter().filter(|p| !p.required).map(describe).collect();
    if !optional.is_empty() {
        text.push_str(&format!("\n\nOptional parameters are setters on [`{}`]:\n\n", op.call_type));
        text.push_str(&optional.join("\n"));
    }
    doc_trusted(&text)
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let docs = op_docs(op);
    let name = ident(&op.fn_name);
    let with = ident(&op.with_fn_name);
    let call = ident(&op.call_type);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let n = ident(&p.name);
        let t = arg_type(api, &p.ty);
        quote!(#n: #t)
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let n = ident(&b.name);
        let t = type_tokens(api, &b.primary().ty);
        quote!(#n: #t,)
    });
    let fields = op.params.iter().map(|p| {
        let n = ident(&p.name);
        if p.required {
            match p.ty {
                TypeRef::String | TypeRef::Named(_) | TypeRef::Array(_) => {
                    let conv = arg_convert(&n, &p.ty);
                    quote!(#n: #conv,)
                }
                _ => quote!(#n,),
            }
        } else {
            quote!(#n: ::std::option::Option::None,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let n = ident(&b.name);
        if b.required { quote!(#n,) } else { quote!(#n: ::std::option::Option::None,) }
    });
    let with_docs = doc(Some(&format!(
        "Sends `{}` from a whole typed request (as a server implementation receives it).",
        op.operation_id
    )));
    let (build, finish) = send_body(api, op);
    // An operation without parameters reads nothing from its (empty) request.
    let request_arg = if op.request_is_empty() { quote!(_request) } else { quote!(request) };
    quote! {
        #docs
        pub fn #name(&self, #(#args,)* #body_arg) -> #call<'_> {
            #call {
                client: self,
                request: crate::models::#request {
                    #(#fields)*
                    #body_field
                },
            }
        }

        #with_docs
        pub async fn #with(
            &self,
            #request_arg: crate::models::#request,
        ) -> ::std::result::Result<Response<crate::models::#response>, Error> {
            #build
            #finish
        }
    }
}

/// A `&dyn Display` expression for a scalar parameter value (`v` is a reference), written
/// into the URL as it is encoded.
fn display(v: TokenStream, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::DateTime => quote!(&runtime::Rfc3339(#v)),
        _ => v,
    }
}

/// A `&str`-like expression for a scalar parameter value (`v` is a reference).
fn text(v: TokenStream, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => v,
        TypeRef::DateTime => quote!(&runtime::date_time(#v)),
        _ => quote!(&::std::string::ToString::to_string(#v)),
    }
}

/// The statements that build `call` (a `runtime::Call`) from `request`, and those that
/// send it and decode the answer.
fn send_body(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let mut path = Vec::new();
    for seg in &op.segments {
        match seg {
            PathSegment::Literal(l) => {
                let l = Literal::string(l);
                path.push(quote!(path.push_str(#l);));
            }
            PathSegment::Param(i) => {
                let p = &op.params[*i];
                let n = ident(&p.name);
                let wire = Literal::string(&p.wire_name);
                let value = display(quote!(&request.#n), &p.resolved_ty);
                path.push(quote!(runtime::push_segment_display(&mut path, #wire, #value)?;));
            }
        }
    }
    let query = op.params_in(ParamLocation::Query).map(|p| query_push(api, p));
    let headers = op.params_in(ParamLocation::Header).map(|p| {
        let n = ident(&p.name);
        let wire = Literal::string(&p.wire_name);
        if p.required {
            let value = text(quote!(&request.#n), &p.resolved_ty);
            quote!(runtime::header(&mut headers, #wire, #value)?;)
        } else {
            let value = text(quote!(v), &p.resolved_ty);
            quote! {
                if let ::std::option::Option::Some(v) = &request.#n {
                    runtime::header(&mut headers, #wire, #value)?;
                }
            }
        }
    });
    let body = match &op.body {
        None => quote!(::std::option::Option::None),
        Some(b) => {
            let encode = quote! {
                ::serde_json::to_vec(b).map_err(|e| Error::Parameter { parameter: "body", reason: e.to_string() })?
            };
            let n = ident(&b.name);
            if b.required {
                quote!({ let b = &request.#n; ::std::option::Option::Some(#encode) })
            } else {
                quote!(match &request.#n {
                    ::std::option::Option::Some(b) => ::std::option::Option::Some(#encode),
                    ::std::option::Option::None => ::std::option::Option::None,
                })
            }
        }
    };
    let mut schemes: Vec<&str> = op.security.iter().flatten().map(String::as_str).collect();
    schemes.sort_unstable();
    schemes.dedup();
    let operation = Literal::string(&op.operation_id);
    let method = format_ident!("{}", op.method.as_str());
    let response = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let pattern = match r.status {
            Status::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                quote!(#c)
            }
            Status::Range(n) => {
                let lo = Literal::u16_unsuffixed(n * 100);
                let hi = Literal::u16_unsuffixed(n * 100 + 99);
                quote!(#lo..=#hi)
            }
            Status::Default => quote!(_),
        };
        // `ErrorMessage` reads any body (it keeps text that is not its JSON as the
        // message), so it cannot fail; every other type is decoded as JSON.
        let decode = match r.body().map(|b| &b.ty) {
            Some(TypeRef::ErrorMessage) => quote!(raw.error_message()),
            _ => quote!(raw.decode()?),
        };
        let headers = r.headers_type.as_ref().map(|h| {
            let h = ident(h);
            let fields = r.headers.iter().map(|header| {
                let name = ident(&header.name);
                let wire = Literal::string(&header.wire_name);
                if header.required {
                    quote!(#name: raw.required_header(#wire)?)
                } else {
                    quote!(#name: raw.header(#wire)?)
                }
            });
            quote!(crate::models::#h { #(#fields),* })
        });
        let value = super::response_variant(
            quote!(crate::models::#response::#v),
            r,
            quote!(raw.status.as_u16()),
            decode,
            headers.unwrap_or_default(),
        );
        quote!(#pattern => #value,)
    });
    // A 429 the operation does not declare is a typed error carrying the wait, even where
    // a `4XX` or `default` would match it: GitLab answers it in plain text, which no
    // declared body fits, and a caller wants the delay, not a decode error.
    let rate_limited = (!op.responses.iter().any(|r| r.status == Status::Code(429)))
        .then(|| quote!(429 => return ::std::result::Result::Err(raw.rate_limited()),));
    let has_default = op.responses.iter().any(|r| r.status == Status::Default);
    let fallback = (!has_default).then(|| quote!(_ => return ::std::result::Result::Err(raw.unexpected()),));
    let headers_count = op.params_in(ParamLocation::Header).count();
    let query_count = op.params_in(ParamLocation::Query).count();
    let header_mut = if headers_count == 0 { quote!() } else { quote!(mut) };
    // Room for the literal path and a modest value per parameter, so that building the
    // URL does not reallocate as it grows.
    let path_capacity = Literal::usize_unsuffixed(op.path.len() + 32 * op.params_in(ParamLocation::Path).count());
    let query_new = if query_count == 0 {
        quote!(runtime::Query::default())
    } else {
        let bytes = Literal::usize_unsuffixed(48 * query_count);
        quote!(runtime::Query::with_capacity(#bytes))
    };
    let query_mut = if query_count == 0 { quote!() } else { quote!(mut) };
    let build = quote! {
        let mut path = ::std::string::String::with_capacity(#path_capacity);
        #(#path)*
        let #query_mut query = #query_new;
        #(#query)*
        let #header_mut headers = ::reqwest::header::HeaderMap::new();
        #(#headers)*
        let call = runtime::Call {
            operation: #operation,
            method: ::reqwest::Method::#method,
            path,
            query,
            headers,
            body: #body,
            schemes: &[#(#schemes),*],
        };
    };
    let finish = quote! {
        let raw = self.execute(call).await?;
        let body = match raw.status.as_u16() {
            #rate_limited
            #(#arms)*
            #fallback
        };
        ::std::result::Result::Ok(raw.into_response(body))
    };
    (build, finish)
}

fn query_push(api: &Api, p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let wire = Literal::string(&p.wire_name);
    // `reference` borrows the value; `place` names it (for method calls, which borrow).
    let push = |reference: TokenStream, place: TokenStream| match &p.resolved_ty {
        TypeRef::Array(inner) => {
            let style = match (api.settings.array_query_style, p.explode) {
                (ArrayQueryStyle::Rails, _) => quote!(runtime::ArrayStyle::Brackets),
                (ArrayQueryStyle::OpenApi, true) => quote!(runtime::ArrayStyle::Repeat),
                (ArrayQueryStyle::OpenApi, false) => quote!(runtime::ArrayStyle::Comma),
            };
            let items = match **inner {
                TypeRef::DateTime => quote!(#place.iter().map(runtime::Rfc3339)),
                _ => quote!(#place.iter()),
            };
            quote!(query.push_array(#wire, #items, #style);)
        }
        other => {
            let value = display(reference, other);
            quote!(query.push_display(#wire, #value);)
        }
    };
    if p.required {
        push(quote!(&request.#n), quote!(request.#n))
    } else {
        let inner = push(quote!(v), quote!(v));
        quote! {
            if let ::std::option::Option::Some(v) = &request.#n {
                #inner
            }
        }
    }
}

fn call_type(api: &Api, op: &Operation) -> TokenStream {
    let call = ident(&op.call_type);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let with = ident(&op.with_fn_name);
    let docs = doc(Some(&format!(
        "A pending `{}` call: set optional parameters, then `.await` it (or call `send`).",
        op.operation_id
    )));
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let n = ident(&p.name);
        let docs = doc(p.doc.as_deref());
        let t = arg_type(api, &p.ty);
        let conv = arg_convert(&n, &p.ty);
        quote! {
            #docs
            pub fn #n(mut self, #n: #t) -> Self {
                self.request.#n = ::std::option::Option::Some(#conv);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let n = ident(&b.name);
        let t = type_tokens(api, &b.primary().ty);
        quote! {
            /// The request body.
            pub fn #n(mut self, #n: #t) -> Self {
                self.request.#n = ::std::option::Option::Some(#n);
                self
            }
        }
    });
    let output = quote!(::std::result::Result<Response<crate::models::#response>, Error>);
    let stream = stream_method(api, op);
    quote! {
        #docs
        #[derive(::std::fmt::Debug)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #call<'a> {
            client: &'a Client,
            request: crate::models::#request,
        }

        impl<'a> #call<'a> {
            #(#setters)*
            #body_setter

            /// Sends the call.
            pub async fn send(self) -> #output {
                self.client.#with(self.request).await
            }

            #stream
        }

        impl<'a> ::std::future::IntoFuture for #call<'a> {
            type Output = #output;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = #output> + ::std::marker::Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// `stream` for a list operation: every item of every page, as the runtime's `paginate`
/// follows them.
fn stream_method(api: &Api, op: &Operation) -> Option<TokenStream> {
    let paging = op.pagination.as_ref()?;
    let item = type_tokens(api, &paging.item);
    let request = ident(&op.request_type);
    let status = Literal::u16_unsuffixed(paging.status);
    let (build, _) = send_body(api, op);
    let request_arg = if op.request_is_empty() { quote!(_request) } else { quote!(request) };
    let (next, how) = match &paging.next {
        NextPage::Link => (quote!(runtime::Next::Link), "the `Link` header's `rel=\"next\"`".to_string()),
        NextPage::PageHeader(h) => {
            let how = format!("the `{h}` header (or else `Link`)");
            let h = Literal::string(h);
            (quote!(runtime::Next::PageHeader(#h)), how)
        }
    };
    let set_page = match paging.page_param.map(|i| &op.params[i]) {
        Some(p) => {
            let n = ident(&p.name);
            let wire = Literal::string(&p.wire_name);
            let value = quote! {
                ::std::convert::TryFrom::try_from(page).map_err(|_| Error::Parameter {
                    parameter: #wire,
                    reason: ::std::string::ToString::to_string("cannot hold the next page's number"),
                })?
            };
            let assign = if p.required { value } else { quote!(::std::option::Option::Some(#value)) };
            quote! {
                ::std::option::Option::Some(|request: &mut crate::models::#request, page: u64| {
                    request.#n = #assign;
                    ::std::result::Result::Ok(())
                })
            }
        }
        None => quote!(::std::option::Option::None),
    };
    let docs = doc_trusted(&format!(
        "Every item of every page, as a stream that fetches the next page when it needs it \
         (following {how}), from the page the parameters set. A page size set here \
         (`per_page`, say) holds for every page. The stream ends after the last page; an \
         error is its last item."
    ));
    Some(quote! {
        #docs
        pub fn stream(self) -> impl ::futures_util::Stream<Item = ::std::result::Result<#item, Error>> + ::std::marker::Send + 'a {
            runtime::paginate(
                self.client,
                runtime::Pages {
                    request: self.request,
                    call: |#request_arg: &crate::models::#request| {
                        #build
                        ::std::result::Result::Ok(call)
                    },
                    set_page: #set_page,
                    next: #next,
                    status: #status,
                },
            )
        }
    })
}
