//! letterscope: formal letters, as text from PDF extraction and OCR, into typed records.
#![deny(missing_docs)]

mod error;
mod normalize;
mod record;
mod text;

pub(crate) mod date;
pub(crate) mod documents;
pub(crate) mod email;
pub(crate) mod phone;
pub(crate) mod postcode;
pub(crate) mod requests;

pub use error::{Error, ErrorKind};
pub use record::*;

/// Parses one letter.
pub fn parse(input: &str) -> Letter {
    let norm = normalize::normalize(input);
    let _ = norm;
    Letter::empty(input.len())
}

/// Parses bytes that may not be valid UTF-8 (bad sequences are replaced and reported).
pub fn parse_bytes(input: &[u8]) -> Letter {
    let norm = normalize::normalize_bytes(input);
    let _ = norm;
    Letter::empty(input.len())
}
