//! Arbitrary bytes as the root spec.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let files = common::Files([("openapi.yaml".to_string(), data.to_vec())].into());
    common::check(files, "openapi.yaml");
});
