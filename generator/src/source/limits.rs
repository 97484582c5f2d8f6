//! The bounds every reader runs under: against hostile input, each raised only by the
//! caller.

/// Files larger than this are refused rather than parsed, unless the caller raises the
/// cap ([`crate::Options::max_file_bytes`]). 64 MiB: the largest real specs (Microsoft
/// Graph's beta, 47 MB) fit, and a hostile file is still bounded.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// How many values the bundled document may hold; guards against reference fan-out.
/// Scaled with a raised file cap (one value per 8 bytes of the cap).
pub const MAX_BUNDLED_NODES: usize = 8_000_000;

/// The bounds a load runs under.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub file_bytes: usize,
    pub bundled_nodes: usize,
}

impl Limits {
    /// The defaults, or a raised (never lowered below 1 MiB) file cap with a node bound
    /// to match.
    pub fn with_file_bytes(file_bytes: Option<usize>) -> Self {
        match file_bytes {
            None => Self { file_bytes: MAX_FILE_BYTES, bundled_nodes: MAX_BUNDLED_NODES },
            Some(bytes) => {
                let bytes = bytes.max(1024 * 1024);
                Self { file_bytes: bytes, bundled_nodes: (bytes / 8).max(MAX_BUNDLED_NODES) }
            }
        }
    }
}
/// How deep the bundled document may nest, counting nesting added by inlined references.
pub const MAX_DEPTH: usize = 256;
