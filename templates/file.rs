//! The file a multipart body's `format: binary` property holds: its bytes, and the file
//! name and media type its part carries. Only crates whose spec has such properties get
//! this module.

use bytes::Bytes;

/// A file, sent or received as one part of a `multipart/form-data` body.
///
/// The client sends `data` as the part's content, with `filename` in its
/// `Content-Disposition` and `content_type` as its `Content-Type`; when `content_type` is
/// `None`, the part gets the media type the spec declares for it (`encoding.contentType`,
/// else `application/octet-stream`). The server reads a part back the same way, leaving
/// `content_type` `None` when the part carries that declared type (or none at all), so
/// that what a client sends is what the server sees.
///
/// Serde reads and writes it as `{"data": [bytes…], "filename": …, "content_type": …}`,
/// which only matters where a multipart body's struct is also used as JSON; it also reads
/// a string as a file of that text, the value a JSON Schema of `type: string, format:
/// binary` holds (what a sample synthesised from the spec gives).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct File {
    /// The file's bytes.
    #[serde(with = "bytes_as_list")]
    pub data: Bytes,
    /// The file's name, if the part has one.
    pub filename: Option<String>,
    /// The part's media type, when it is not the declared one.
    pub content_type: Option<String>,
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The two ways a file is written.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            /// As serialised.
            Parts {
                #[serde(with = "bytes_as_list")]
                data: Bytes,
                #[serde(default)]
                filename: Option<String>,
                #[serde(default)]
                content_type: Option<String>,
            },
        }
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Text(text) => Self::new(text),
            Repr::Parts { data, filename, content_type } => Self { data, filename, content_type },
        })
    }
}

impl File {
    /// A file of these bytes, without a name, of the part's declared media type.
    pub fn new(data: impl Into<Bytes>) -> Self {
        Self { data: data.into(), filename: None, content_type: None }
    }

    /// The same file with a name (many servers need one to treat a part as a file).
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// The same file with a media type other than the part's declared one.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Bytes as serde's bytes when writing, and from bytes or a list of numbers when reading
/// (JSON has no bytes, so it writes and reads the list).
mod bytes_as_list {
    use std::fmt;

    use bytes::Bytes;
    use serde::de::{self, SeqAccess, Visitor};

    pub fn serialize<S: serde::Serializer>(data: &Bytes, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(data)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        deserializer.deserialize_bytes(BytesVisitor)
    }

    struct BytesVisitor;

    impl<'de> Visitor<'de> for BytesVisitor {
        type Value = Bytes;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("bytes, or a list of numbers from 0 to 255")
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
            Ok(Bytes::copy_from_slice(v))
        }

        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
            Ok(Bytes::from(v))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bytes, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(byte) = seq.next_element::<u8>()? {
                out.push(byte);
            }
            Ok(Bytes::from(out))
        }
    }
}
