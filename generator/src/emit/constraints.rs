//! The constraint checks (`templates/constraints.rs`): each checked struct's `Validate`,
//! which the client runs on a call's body before it sends and the server's reader after
//! it reads one, and the checks the client runs on a call's parameters.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use super::wire::Shape;
use crate::ir::{Api, Constraints, Operation, Param, ParamLocation, TypeDef, TypeKind, TypeRef, Union};

/// A `&Rules` expression for `c`.
fn rules(api: &Api, c: &Constraints) -> TokenStream {
    let some = super::prelude(api, super::Prelude::Some);
    let count = |name: &str, n: Option<u64>| {
        let name = ident(name);
        n.map(|n| quote!(#name: #some(#n),))
    };
    let bound = |name: &str, b: Option<crate::ir::Bound>| {
        let name = ident(name);
        b.map(|b| {
            let (value, exclusive) = (b.value, b.exclusive);
            quote!(#name: #some((#value, #exclusive)),)
        })
    };
    let fields = [
        count("min_length", c.min_length),
        count("max_length", c.max_length),
        c.pattern.as_ref().map(|p| quote!(pattern: #some(#p),)),
        bound("minimum", c.minimum),
        bound("maximum", c.maximum),
        c.multiple_of.map(|m| quote!(multiple_of: #some(#m),)),
        count("min_items", c.min_items),
        count("max_items", c.max_items),
        c.unique_items.then(|| quote!(unique_items: true,)),
        count("min_properties", c.min_properties),
        count("max_properties", c.max_properties),
        c.format.as_ref().map(|f| quote!(format: #some(#f),)),
        excluded(c),
    ];
    let fields: Vec<TokenStream> = fields.into_iter().flatten().collect();
    // `uniqueItems` alone has a name of its own: Microsoft Graph's beta checks it 35,000
    // times, each a six-line struct expression otherwise.
    if c.unique_items && fields.len() == 1 {
        return quote!(&crate::constraints::Rules::UNIQUE_ITEMS);
    }
    quote!(&crate::constraints::Rules { #(#fields)* ..crate::constraints::Rules::NONE })
}

/// The `Rules` fields of the values `not: {enum: […]}` excludes (texts and numbers), and
/// the boolean a boolean's `enum` leaves out.
fn excluded(c: &Constraints) -> Option<TokenStream> {
    if c.excluded.is_empty() {
        return None;
    }
    let texts: Vec<&str> = c.excluded.iter().filter_map(serde_json::Value::as_str).collect();
    let numbers: Vec<f64> = c.excluded.iter().filter_map(serde_json::Value::as_f64).collect();
    let texts = (!texts.is_empty()).then(|| quote!(not_texts: &[#(#texts),*],));
    let booleans: Vec<bool> = c.excluded.iter().filter_map(serde_json::Value::as_bool).collect();
    let numbers = (!numbers.is_empty()).then(|| quote!(not_numbers: &[#(#numbers),*],));
    let booleans = (!booleans.is_empty()).then(|| quote!(not_booleans: &[#(#booleans),*],));
    Some(quote!(#texts #numbers #booleans))
}

/// The checks of `value` (a reference expression), at the path `target`, against `c`:
/// its own constraints, then each item's or value's.
fn checks(api: &Api, c: &Constraints, value: &TokenStream, target: &TokenStream) -> TokenStream {
    checks_or(api, c, value, target, &TokenStream::new())
}

/// [`checks`], with `or` between each check and its `?` (the server's `.map_err(…)`,
/// which says where the parameter was).
fn checks_or(api: &Api, c: &Constraints, value: &TokenStream, target: &TokenStream, or: &TokenStream) -> TokenStream {
    let present = c.required.then(|| quote!(crate::constraints::present(#value, #target)#or?;));
    let own = Constraints { each: None, required: false, ..c.clone() };
    let own = (!own.is_empty()).then(|| {
        let rules = rules(api, &own);
        quote!(crate::constraints::check(#value, #target, #rules)#or?;)
    });
    let each = c.each.as_ref().map(|each| match each.each {
        // A list of lists (or maps): each item's own checks, its items' in turn.
        Some(_) => {
            let inner = checks(api, each, &quote!(item), &quote!(at));
            quote!(crate::constraints::each_with(#value, #target, &|item, at| { #inner Ok(()) })#or?;)
        }
        None => {
            let rules = rules(api, each);
            quote!(crate::constraints::each(#value, #target, #rules)#or?;)
        }
    });
    quote!(#present #own #each)
}

/// `impl Validate` for a union with something to check: its variant's value's checks.
fn union_validate(api: &Api, name: &TokenStream, u: &Union) -> TokenStream {
    let super::Preludes { ok, result, .. } = super::Preludes::of(api);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        match (v.constraints.is_empty(), v.ty.is_checked(api)) {
            (true, true) => quote!(Self::#variant(value) => crate::constraints::Validate::validate(value, at),),
            (true, false) => quote!(Self::#variant(_) => #ok(()),),
            (false, _) => {
                let checks = variant_checks(api, v);
                quote!(Self::#variant(value) => { #checks #ok(()) })
            }
        }
    });
    quote! {
        impl crate::constraints::Validate for #name {
            fn validate(&self, at: &str) -> #result<(), crate::ConstraintError> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The checks of a union variant's own constraints (`ir::UnionVariant::constraints`) on
/// `value`, a reference to the variant's value, at `at`, then its type's `Validate`.
pub(super) fn variant_checks(api: &Api, v: &crate::ir::UnionVariant) -> TokenStream {
    let own = checks(api, &v.constraints, &quote!(value), &quote!(at));
    let nested = v.ty.is_checked(api).then(|| quote!(crate::constraints::Validate::validate(value, at)?;));
    quote!(#own #nested)
}

/// `impl Validate` for a struct or a union with something to check.
pub(super) fn validate_impl(api: &Api, t: &TypeDef) -> Option<TokenStream> {
    let super::Preludes { ok, result, .. } = super::Preludes::of(api);
    if !t.checked {
        return None;
    }
    let name = ident(&t.name);
    let s = match &t.kind {
        TypeKind::Struct(s) => s,
        TypeKind::Union(u) => return Some(union_validate(api, &quote!(#name), u)),
        _ => return None,
    };
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = Literal::string(&f.wire_name);
        let own = checks(api, &f.constraints, &quote!(&self.#field), &quote!(&crate::constraints::member(at, #wire)));
        let nested = f.ty.is_checked(api).then(
            || quote!(crate::constraints::Validate::validate(&self.#field, &crate::constraints::member(at, #wire))?;),
        );
        quote!(#own #nested)
    });
    let present_any = (!s.present_any.is_empty()).then(|| present_any(api, s, &s.present_any));
    Some(quote! {
        impl crate::constraints::Validate for #name {
            fn validate(&self, at: &str) -> #result<(), crate::ConstraintError> {
                #(#fields)*
                #present_any
                #ok(())
            }
        }
    })
}

/// The check that all the properties of one of `lists` are there (`ir::Struct::present_any`).
fn present_any(api: &Api, s: &crate::ir::Struct, lists: &[Vec<String>]) -> TokenStream {
    let super::Preludes { err, .. } = super::Preludes::of(api);
    let present = |wire: &String| match s.fields.iter().find(|f| &f.wire_name == wire) {
        Some(f) if !f.required => {
            let field = ident(&f.name);
            quote!(crate::constraints::Presence::is_present(&self.#field))
        }
        _ => quote!(true),
    };
    let alternatives = lists.iter().map(|list| {
        let all = list.iter().map(present);
        if list.len() == 1 { quote!(#(#all)*) } else { quote!((#(#all)&&*)) }
    });
    let names: Vec<String> =
        lists.iter().map(|l| l.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" and ")).collect();
    let reason = format!("has none of {} (`anyOf`)", names.join(", nor "));
    quote! {
        if !(#(#alternatives)||*) {
            return #err(crate::ConstraintError::new(at, "required", ::std::string::String::from(#reason)));
        }
    }
}

/// The client's checks of `request`'s parameters and body against their constraints, or
/// nothing when there is nothing to check. `client` is the `Client` expression.
pub(super) fn client_checks(api: &Api, op: &Operation, client: &TokenStream) -> TokenStream {
    // A webhook's sender delivers what the API itself sends; the checks are the client's.
    if op.webhook.is_some() {
        return TokenStream::new();
    }
    let params = op.params.iter().filter(|p| !p.constraints.is_empty()).map(|p| {
        let name = ident(&p.name);
        let wire = Literal::string(&p.wire_name);
        checks(api, &p.constraints, &quote!(&request.#name), &quote!(#wire))
    });
    let body = op.body.as_ref().filter(|b| b.bodies.first().is_some_and(|b| b.ty.is_checked(api))).map(|b| {
        let name = ident(&b.name);
        quote!(crate::constraints::Validate::validate(&request.#name, "body")?;)
    });
    let checks: Vec<TokenStream> = params.chain(own_body_checks(api, op)).chain(body).collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        if #client.validates() {
            #(#checks)*
        }
    }
}

/// The checks of a request body's own constraints (`maxItems` of a list body), or nothing;
/// the server's reader runs them after reading, as the client before sending.
pub(super) fn own_body_checks(api: &Api, op: &Operation) -> Option<TokenStream> {
    let b = op.body.as_ref().filter(|b| !b.constraints.is_empty() && !op.streams_request())?;
    let name = ident(&b.name);
    Some(checks(api, &b.constraints, &quote!(&request.#name), &quote!("body")))
}

/// The server's checks of a request's parameters against their schemas' constraints,
/// after reading: the client's own checks (`client_checks`), so that both sides agree on
/// what a valid parameter is. A path id of `format: uuid` that openapiv3 reads as a schema
/// of any kind (DigitalOcean's `{type: string, format: uuid, minimum: 1}`) is checked here
/// like any other (schemathesis's `null,null`). A breach is a 400 naming the parameter,
/// where it was, and the keyword.
pub(super) fn server_param_checks(api: &Api, op: &Operation, rt: &TokenStream) -> TokenStream {
    let checks = op.params.iter().filter_map(|p| {
        let c = left_by_parser(api, p);
        if c.is_empty() {
            return None;
        }
        let name = ident(&p.name);
        let wire = Literal::string(&p.wire_name);
        let location = match p.location {
            ParamLocation::Path => quote!(Path),
            ParamLocation::Query | ParamLocation::QueryString => quote!(Query),
            ParamLocation::Header => quote!(Header),
            ParamLocation::Cookie => quote!(Cookie),
        };
        let or = quote!(.map_err(|e| #rt::Rejection::broken(#rt::Location::#location, e)));
        Some(checks_or(api, &c, &quote!(&request.#name), &quote!(#wire), &or))
    });
    quote!(#(#checks)*)
}

/// `p`'s constraints less those its value's parser checks as it reads each value
/// (`wire::param_parser`: a string's length and `format: uuid`, a number's bounds, of the
/// value or of each item of a list), so that nothing is checked twice.
fn left_by_parser(api: &Api, p: &Param) -> Constraints {
    let mut c = p.constraints.clone();
    let (t, values) = match super::wire::shape(api, p) {
        Shape::Scalar(t) => (t, Some(&mut c)),
        Shape::Array(t) => (t, c.each.as_deref_mut()),
        Shape::Object | Shape::Json => return c,
    };
    if let Some(values) = values {
        match t {
            TypeRef::String => {
                if p.length.is_some() {
                    (values.min_length, values.max_length) = (None, None);
                }
                if p.uuid && values.format.as_deref() == Some("uuid") {
                    values.format = None;
                }
            }
            TypeRef::Integer { .. } | TypeRef::Number { .. } if p.bounds.is_some() => {
                (values.minimum, values.maximum) = (None, None);
            }
            _ => {}
        }
    }
    if c.each.as_ref().is_some_and(|each| each.is_empty()) {
        c.each = None;
    }
    c
}
