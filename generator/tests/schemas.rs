//! Schemas as real specs write them, table-driven: a minimal inline spec in, a
//! one-line-per-type summary of the IR (with the diagnostics) out. The summaries are
//! the snapshots of the tricky decisions: what `allOf` merges into, where a union is
//! flattened, how a tagged union maps its values, and how clashing names are resolved.

use std::collections::BTreeMap;

use generator::ir::{Api, TypeKind, TypeRef};

fn ty(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".into(),
        TypeRef::Integer { bits } => format!("i{bits}"),
        TypeRef::Number { bits } => format!("f{bits}"),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Format(f) => format!("{f:?}"),
        TypeRef::Any => "Value".into(),
        TypeRef::Array(i) => format!("[{}]", ty(api, i)),
        TypeRef::Map(i) => format!("{{{}}}", ty(api, i)),
        TypeRef::Named(id) => api.ty(*id).name.clone(),
        TypeRef::ErrorMessage => "ErrorMessage".into(),
        TypeRef::File => "File".into(),
    }
}

fn summary(api: &Api) -> String {
    let mut out = String::new();
    for t in &api.types {
        let body = match &t.kind {
            TypeKind::Struct(s) => {
                let mut parts: Vec<String> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let wire = if f.name == f.wire_name { String::new() } else { format!(" as {:?}", f.wire_name) };
                        // A tri-state field tells `null` from absent (`Nullable<T>`).
                        let null = match (f.nullable, f.tri_state) {
                            (true, true) => " | null | absent",
                            (true, false) => " | null",
                            (false, _) => "",
                        };
                        let boxed = if f.boxed { "Box " } else { "" };
                        let opt = if f.required { "" } else { "?" };
                        format!("{}{wire}: {boxed}{}{null}{opt}", f.name, ty(api, &f.ty))
                    })
                    .collect();
                parts.extend(s.flattened.iter().map(|f| format!("..{}: {}", f.name, ty(api, &f.ty))));
                if let Some(a) = &s.additional {
                    parts.push(format!("..{}: {{{}}}", a.name, ty(api, &a.ty)));
                }
                format!("struct {{ {} }}", parts.join(", "))
            }
            TypeKind::StringEnum(e) => {
                let vs: Vec<String> = e.variants.iter().map(|v| format!("{}={:?}", v.name, v.value)).collect();
                format!("enum {{ {} }}", vs.join(", "))
            }
            TypeKind::IntegerEnum(e) => {
                let vs: Vec<String> = e.variants.iter().map(|v| format!("{}={}", v.name, v.value)).collect();
                format!("enum {{ {} }}", vs.join(", "))
            }
            TypeKind::Union(u) => {
                let vs: Vec<String> = u
                    .variants
                    .iter()
                    .map(|v| format!("{}({}{})", v.name, if v.boxed { "Box " } else { "" }, ty(api, &v.ty)))
                    .collect();
                let tag = u.tag.as_ref().map_or(String::new(), |d| {
                    let m: Vec<String> =
                        d.mapping.iter().map(|(value, id)| format!("{value:?}={}", api.ty(*id).name)).collect();
                    format!(" tag {:?} [{}]", d.property, m.join(", "))
                });
                format!("union {{ {} }}{tag}", vs.join(", "))
            }
            TypeKind::Alias(t) => format!("= {}", ty(api, t)),
        };
        out.push_str(&format!("type {}: {body}\n", t.name));
    }
    for op in &api.operations {
        out.push_str(&format!("fn {}: {} -> {}\n", op.fn_name, op.request_type, op.response_type));
    }
    out
}

/// Lowers a spec (`paths` and `components` YAML) into a summary plus its diagnostics.
fn check(body: &str, expect: &str) {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options {
        root: "s.yaml".into(),
        display_prefix: String::new(),
        omissions: generator::Omissions::Deny,
        max_file_bytes: None,
    };
    let got = match generator::analyse(&files, &options) {
        Ok(a) => {
            let warnings: String = a.report.warnings().map(|d| format!("warning: {}\n", d.message)).collect();
            format!("{}{warnings}", summary(&a.api))
        }
        Err(report) => format!("failed\n{}", report.lines()),
    };
    assert_eq!(got.trim_end(), expect.trim(), "\n--- got ---\n{got}");
}

/// A spec with one operation answering `schema` (YAML), beside `components`.
fn answering(schema: &str, components: &str) -> String {
    format!(
        "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {{description: ok, content: \
         {{application/json: {{schema: {schema}}}}}}}\ncomponents:\n  schemas:\n{components}"
    )
}

#[test]
fn all_of_merges_objects_through_refs_and_nested_all_ofs() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Dog'}",
            "
    Named: {type: object, required: [name], properties: {name: {type: string}}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/Named'
        - {type: object, properties: {age: {type: integer}}}
    Dog:
      description: A dog.
      allOf:
        - $ref: '#/components/schemas/Pet'
        - required: [age]
          properties: {barks: {type: boolean}}
",
        ),
        "
type Dog: struct { name: String, age: i64, barks: bool? }
type Named: struct { name: String }
type Pet: struct { name: String, age: i64? }
fn get_a: GetARequest -> GetAResponse
",
    );
}

/// `properties` without `type` holds every value that is not an object, alone or as
/// every part of an `allOf` (Zoom's `dashboardIssueZoomRoom` answers `null` for one);
/// one part saying `type: object` makes the whole an object.
#[test]
fn an_all_of_of_untyped_object_schemas_holds_other_values_too() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Both'}",
            "
    Name: {properties: {name: {type: string}}}
    Age: {properties: {age: {type: integer}}}
    Both:
      allOf:
        - $ref: '#/components/schemas/Name'
        - $ref: '#/components/schemas/Age'
    Typed:
      allOf:
        - $ref: '#/components/schemas/Name'
        - {type: object, properties: {age: {type: integer}}}
    Uses:
      type: object
      properties: {typed: {$ref: '#/components/schemas/Typed'}}
",
        ),
        "
type Age: union { Object(AgeObject), Value(Value) }
type AgeObject: struct { age: i64? }
type Both: union { Object(BothObject), Value(Value) }
type BothObject: struct { name: String?, age: i64? }
type Name: union { Object(NameObject), Value(Value) }
type NameObject: struct { name: String? }
type Typed: struct { name: String?, age: i64? }
type Uses: struct { typed: Typed? }
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn a_single_member_all_of_is_the_member_and_carries_nullable() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Holder'}",
            "
    Inner: {type: object, properties: {x: {type: integer}}}
    Holder:
      type: object
      required: [inner, other]
      properties:
        inner: {allOf: [{$ref: '#/components/schemas/Inner'}], nullable: true, description: Maybe.}
        other: {$ref: '#/components/schemas/Maybe'}
    Maybe: {type: string, enum: [a, b, null], nullable: true}
",
        ),
        "
type Holder: struct { inner: Inner | null, other: Maybe | null }
type Inner: struct { x: i64? }
type Maybe: enum { A=\"a\", B=\"b\" }
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn all_of_members_that_cannot_merge_are_an_error_naming_both() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Bad'}",
            "
    Bad:
      allOf:
        - {type: string}
        - {type: integer}
",
        ),
        "
failed
error: s.yaml:15:11 (#/components/schemas/Bad/allOf/1): `allOf` members cannot merge: `/components/schemas/Bad/allOf/0` is a string, `/components/schemas/Bad/allOf/1` is an integer (help: a value cannot be both; use `oneOf` for alternatives)
",
    );
}

#[test]
fn all_of_over_scalars_is_the_scalar() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Email'}",
            "
    Text: {type: string, maxLength: 100}
    Email:
      allOf:
        - $ref: '#/components/schemas/Text'
        - {format: email}
",
        ),
        "
type Email: = Text
type Text: = String
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn properties_beside_a_union_become_a_struct_with_the_union_flattened() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Event'}",
            "
    Click: {type: object, required: [x], properties: {x: {type: integer}}}
    Key: {type: object, required: [key], properties: {key: {type: string}}}
    Event:
      type: object
      required: [at]
      properties: {at: {type: string, format: date-time}}
      oneOf:
        - $ref: '#/components/schemas/Click'
        - $ref: '#/components/schemas/Key'
",
        ),
        "
type Click: struct { x: i64 }
type Event: struct { at: DateTime, ..one_of: EventOneOf }
type EventOneOf: union { Click(Click), Key(Key) }
type Key: struct { key: String }
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn a_discriminator_tags_the_union_by_mapping_then_by_schema_name_which_a_mapped_variant_keeps() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Pet'}",
            "
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, purrs: {type: boolean}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, barks: {type: boolean}}}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', kitty: Cat}
",
        ),
        "
type Cat: struct { kind: String, purrs: bool? }
type Dog: struct { kind: String, barks: bool? }
type Pet: union { Cat(Cat), Dog(Dog) } tag \"kind\" [\"cat\"=Cat, \"kitty\"=Cat, \"Cat\"=Cat, \"Dog\"=Dog]
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn a_variant_whose_tag_is_an_enum_of_one_is_read_by_that_value_first() {
    // Spotify's playback item: no mapping, so OpenAPI's implicit values are the schema
    // names, which the variants' own `type` enums forbid; Prism answers `track`. The union
    // comes first, as in Spotify's spec, so its variants are read as written.
    check(
        &answering(
            "{$ref: '#/components/schemas/Item'}",
            "
    Item:
      oneOf: [{$ref: '#/components/schemas/Track'}, {$ref: '#/components/schemas/Episode'}]
      discriminator: {propertyName: type}
    Track: {type: object, required: [type], properties: {type: {type: string, enum: [track]}}}
    Episode: {type: object, required: [type], properties: {type: {type: string, enum: [episode]}}}
",
        ),
        "
type Episode: struct { type_ as \"type\": EpisodeType }
type EpisodeType: enum { Episode=\"episode\" }
type Item: union { Track(Track), Episode(Episode) } tag \"type\" [\"track\"=Track, \"Track\"=Track, \"episode\"=Episode, \"Episode\"=Episode]
type Track: struct { type_ as \"type\": TrackType }
type TrackType: enum { Track=\"track\" }
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn untagged_unions_try_the_most_specific_variant_first() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Loose'}",
            "
    Small: {type: object, required: [a], properties: {a: {type: string}}}
    Big: {type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}
    Same: {type: object, required: [a], properties: {a: {type: integer}}}
    Loose:
      oneOf:
        - {type: string}
        - $ref: '#/components/schemas/Small'
        - {type: number}
        - $ref: '#/components/schemas/Big'
        - $ref: '#/components/schemas/Same'
",
        ),
        "
type Big: struct { a: String, b: String }
type Loose: union { Big(Big), Small(Small), Same(Same), Number(f64), String(String) }
type Same: struct { a: i64 }
type Small: struct { a: String }
fn get_a: GetARequest -> GetAResponse
warning: the variants `Small` and `Same` of `Loose` require the same properties, so a value cannot say which it is; it is read as `Small` (a server refuses it in a request when both read it, as `oneOf` says)
",
    );
}

#[test]
fn a_schema_named_like_an_operations_type_keeps_its_name() {
    check(
        r#"
paths:
  /assets:
    post:
      operationId: create-asset
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/CreateAssetRequest'}}}}
      responses:
        '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/CreateAssetResponse'}}}}
components:
  schemas:
    CreateAssetRequest: {type: object, properties: {input: {type: string}}}
    CreateAssetResponse: {type: object, properties: {id: {type: string}}}
"#,
        "
type CreateAssetRequest: struct { input: String? }
type CreateAssetResponse: struct { id: String? }
fn create_asset: CreateAssetOperationRequest -> CreateAssetOperationResponse
warning: component schemas have the names of operations' request or response types, so those are named `{Op}OperationRequest`/`{Op}OperationResponse`: `CreateAssetOperationResponse` (beside the schema `CreateAssetResponse`), `CreateAssetOperationRequest` (beside the schema `CreateAssetRequest`)
",
    );
}

#[test]
fn references_into_sub_schemas_and_a_property_named_ref() {
    check(
        r#"
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int32}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Props'}}}}
components:
  schemas:
    Props:
      type: object
      properties:
        $ref: {type: string}
        size: {$ref: '#/components/schemas/Other/properties/size'}
        id: {$ref: '#/paths/~1a~1{id}/get/parameters/0/schema'}
    Other: {type: object, properties: {size: {type: integer, enum: [1, 2]}}}
"#,
        "
type Other: struct { size: PropsSize? }
type Props: struct { ref_ as \"$ref\": String?, size: PropsSize?, id: i32? }
type PropsSize: enum { V1=1, V2=2 }
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn enums_of_integers_mixed_scalars_and_read_only_properties() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Record'}",
            "
    Record:
      type: object
      required: [id, level, mixed, secret]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        secret: {type: string, format: password, writeOnly: true}
        level: {enum: [1, 2, 3]}
        mixed: {enum: [auto, 1, true]}
        extra: {type: object, additionalProperties: true, properties: {n: {type: integer}}}
",
        ),
        "
type Record: struct { id: String?, secret: String?, level: RecordLevel, mixed: RecordMixed, extra: RecordExtra? }
type RecordExtra: struct { n: i64?, ..additional_properties: {Value} }
type RecordLevel: enum { V1=1, V2=2, V3=3 }
type RecordMixed: union { String(RecordMixedString), Integer(RecordMixedInteger), Boolean(bool) }
type RecordMixedInteger: enum { V1=1 }
type RecordMixedString: enum { Auto=\"auto\" }
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn integer_bounds_past_i64_and_large_floats_are_read() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Limits'}",
            "
    Limits:
      type: object
      properties:
        big: {type: integer, minimum: 0, maximum: 18446744073709551615}
        huge: {type: number, maximum: 1.7976931348623157e308, example: 1.0e300}
        wide: {type: integer, enum: [1, 9999999999999999999]}
",
        ),
        "
type Limits: struct { big: i64?, huge: f64?, wide: i64? }
fn get_a: GetARequest -> GetAResponse
warning: `maximum` 18446744073709551615 does not fit in 64 bits; it only narrows what is valid, and is ignored
warning: the `enum` value 9999999999999999999 does not fit in 64 bits; the enum is read as any integer
",
    );
}

#[test]
fn an_inline_variant_whose_tag_is_an_enum_of_one_value_is_tagged_by_it() {
    check(
        &answering(
            "{oneOf: [{type: object, required: [type], properties: {type: {type: string, enum: [aim]}, n: {type: integer}}}, \
             {type: object, required: [type], properties: {type: {type: string, enum: [date]}, d: {type: string}}}], \
             discriminator: {propertyName: type}}",
            "    Unused: {type: string}\n",
        ),
        "
type GetAOkBody: union { Variant0(GetAOkBodyVariant0), Variant1(GetAOkBodyVariant1) } tag \"type\" [\"aim\"=GetAOkBodyVariant0, \"date\"=GetAOkBodyVariant1]
type GetAOkBodyVariant0: struct { type_ as \"type\": GetAOkBodyVariant0Type, n: i64? }
type GetAOkBodyVariant0Type: enum { Aim=\"aim\" }
type GetAOkBodyVariant1: struct { type_ as \"type\": GetAOkBodyVariant1Type, d: String? }
type GetAOkBodyVariant1Type: enum { Date=\"date\" }
type Unused: = String
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn unions_that_only_require_names_add_no_field_and_extras_beside_a_union_are_warned_away() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Either'}",
            "
    Either:
      type: object
      properties: {a: {type: string}, b: {type: string}}
      anyOf: [{required: [a]}, {required: [b]}]
    Extras:
      additionalProperties: {type: integer}
      oneOf:
        - {type: object, required: [x], properties: {x: {type: integer}}}
        - {type: object, required: [y], properties: {y: {type: string}}}
",
        ),
        "
type Either: struct { a: String?, b: String? }
type Extras: struct { ..one_of: ExtrasOneOf }
type ExtrasOneOf: union { Variant0(ExtrasOneOfVariant0), Variant1(ExtrasOneOfVariant1) }
type ExtrasOneOfVariant0: struct { x: i64 }
type ExtrasOneOfVariant1: struct { y: String }
fn get_a: GetARequest -> GetAResponse
warning: `additionalProperties` beside a union is not kept: the union's properties cannot be told from the extra ones
",
    );
}

#[test]
fn a_base_with_a_discriminator_that_others_extend_is_a_tagged_union_of_them() {
    check(
        &answering(
            "{$ref: '#/components/schemas/Vehicle'}",
            "
    Vehicle:
      type: object
      required: [type]
      properties: {type: {type: string}, wheels: {type: integer}}
      discriminator: {propertyName: type, mapping: {car: '#/components/schemas/Car'}}
    Car:
      allOf:
        - $ref: '#/components/schemas/Vehicle'
        - {type: object, properties: {doors: {type: integer}}}
    Bike:
      allOf:
        - $ref: '#/components/schemas/Vehicle'
        - {type: object, properties: {bell: {type: boolean}}}
",
        ),
        "
type Bike: struct { type_ as \"type\": String, wheels: i64?, bell: bool? }
type Car: struct { type_ as \"type\": String, wheels: i64?, doors: i64? }
type Vehicle: union { Car(Car), Bike(Bike) } tag \"type\" [\"car\"=Car, \"Car\"=Car, \"Bike\"=Bike]
fn get_a: GetARequest -> GetAResponse
",
    );
}

#[test]
fn optional_nullable_fields_of_request_types_tell_null_from_absent() {
    // `Patch` is a request body and `Place` is nested in it: their optional nullable
    // fields are tri-state. `View` only answers, so its field stays `Option`; a required
    // nullable field is always `Option`, and an optional one that is not nullable too.
    check(
        "
paths:
  /a:
    patch:
      operationId: patchA
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Patch'}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/View'}}}}
components:
  schemas:
    Patch:
      type: object
      required: [id]
      properties:
        id: {type: integer, nullable: true}
        nickname: {type: string, nullable: true}
        note: {type: string}
        places: {type: array, items: {$ref: '#/components/schemas/Place'}}
    Place:
      type: object
      properties:
        zip: {type: string, nullable: true}
    View:
      type: object
      properties:
        nickname: {type: string, nullable: true}
        place: {$ref: '#/components/schemas/Place'}
",
        "
type Patch: struct { id: i64 | null, nickname: String | null | absent?, note: String?, places: [Place]? }
type Place: struct { zip: String | null | absent? }
type View: struct { nickname: String | null?, place: Place? }
fn patch_a: PatchARequest -> PatchAResponse
",
    );
}

#[test]
fn a_request_body_without_media_types_leaves_the_body_out_not_the_operation() {
    check(
        r#"
paths:
  /channels/{channel}:
    post:
      operationId: subscribe
      parameters: [{name: channel, in: path, required: true, schema: {type: string}}]
      requestBody: {required: true, content: {}}
      responses:
        '204': {description: subscribed}
"#,
        "
fn subscribe: SubscribeRequest -> SubscribeResponse
warning: the request body declares no media types (`content: {}`), so there is nothing to send it as; the operation is generated without a body
",
    );
}

/// A `oneOf` a request body carries is read by the server as exactly one of its variants
/// (`Union::one_of`, marked `object_only` like the structs requests carry); an `anyOf`, and
/// a `oneOf` only responses carry, take the first variant that reads. Two `oneOf` members
/// the crate reads as one type (Shutterstock's `asset_id`, strings of formats it does not
/// check) are one, with a warning: JSON Schema would refuse every value of them.
#[test]
fn one_of_unions_requests_carry_are_read_as_exactly_one_variant() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: postA\n      \
                parameters:\n        - {name: id, in: query, schema: {oneOf: [{type: string, format: a-id}, {type: string, \
                format: b-id}]}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              \
                properties:\n                one: {oneOf: [{type: string}, {type: integer}]}\n                any: {anyOf: [{type: \
                string}, {type: number}]}\n      responses:\n        '200': {description: ok, content: {application/json: \
                {schema: {oneOf: [{type: string}, {type: boolean}]}}}}\n";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let a = generator::analyse(&files, &options).expect("lowers");
    let unions: Vec<(String, bool, bool)> = a
        .api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Union(u) => Some((t.name.clone(), u.one_of, t.object_only)),
            _ => None,
        })
        .collect();
    assert_eq!(
        unions,
        [
            // The body: `properties` without `type`, an object or any value.
            ("PostABody".to_string(), false, false),
            ("StringOrBoolean".to_string(), true, false),
            ("StringOrInteger".to_string(), true, true),
            ("StringOrNumber".to_string(), false, false),
        ]
    );
    assert_eq!(a.api.operations[0].params[0].ty, TypeRef::String);
    // A `oneOf` and an `anyOf` of the same variants stay one type, read as an `anyOf`.
    let merged = spec.replace("{type: number}", "{type: integer}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), merged)].into();
    let b = generator::analyse(&files, &options).expect("lowers");
    let one = b.api.types.iter().find(|t| t.name == "StringOrInteger").expect("one type");
    assert!(matches!(&one.kind, TypeKind::Union(u) if !u.one_of) && !one.object_only);
    assert!(!b.api.types.iter().any(|t| t.name == "StringOrInteger2"));
    let warnings: Vec<&str> = a.report.warnings().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warnings,
        ["`oneOf` members 0 and 1 read as one type (what tells them apart, a format or a constraint, is not checked \
          here), so a value valid under both, which `oneOf` refuses, is taken"]
    );
}
