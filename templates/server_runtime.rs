//! The server runtime: spec-independent pieces the generated server uses.
