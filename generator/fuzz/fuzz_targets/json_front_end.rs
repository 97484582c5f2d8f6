//! Arbitrary bytes as a `.json` root spec, through the JSON reader. Besides what every
//! target checks, text that serde_json accepts must read to the same value (where no
//! number falls outside 64 bits, which the reader keeps as doubles by design), and every
//! node the value has must have a location.
#![no_main]

mod common;

use serde_json::Value;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        // serde_json refuses raw control characters and keeps the last of duplicate keys,
        // where the reader reads the first and refuses the second: compare the rest.
        if let (Ok(theirs), Ok(ours)) = (serde_json::from_str::<Value>(text), generator::fuzzing::parse_json(text)) {
            if !has_wide_number(&theirs) {
                assert_eq!(ours.value, theirs, "the JSON reader disagrees with serde_json");
            }
            every_node_located(&ours.value, "", &ours.locations);
        }
    }
    let files = common::Files([("openapi.json".to_string(), data.to_vec())].into());
    common::check(files, "openapi.json");
});

fn has_wide_number(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(items) => items.iter().any(has_wide_number),
        Value::Object(map) => map.values().any(has_wide_number),
        _ => false,
    }
}

fn every_node_located(v: &Value, pointer: &str, index: &generator::fuzzing::LocationIndex) {
    assert!(index.contains(pointer), "no location for `{pointer}`");
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                every_node_located(item, &generator::fuzzing::push_pointer(pointer, &i.to_string()), index);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                every_node_located(item, &generator::fuzzing::push_pointer(pointer, k), index);
            }
        }
        _ => {}
    }
}
