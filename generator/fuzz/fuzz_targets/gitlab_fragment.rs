//! Mutations of GitLab's `access_tokens.yaml` behind the project's real root spec: the
//! input replaces the fragment, so the fuzzer explores the dialect's neighbourhood
//! (seed the corpus with the real file).
#![no_main]

mod common;

const ROOT: &str = include_str!("../../../spec/openapi.yaml");
const SETTINGS: &str = include_str!("../../../spec/openapi.codegen.yaml");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let files = common::Files(
        [
            ("openapi.yaml".to_string(), ROOT.as_bytes().to_vec()),
            ("openapi.codegen.yaml".to_string(), SETTINGS.as_bytes().to_vec()),
            ("v4/access_tokens.yaml".to_string(), data.to_vec()),
        ]
        .into(),
    );
    common::check(files, "openapi.yaml");
});
