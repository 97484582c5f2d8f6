//! The client runtime: spec-independent pieces the generated client uses.
