//! letterscope: formal letters, as text from PDF extraction and OCR, into typed records.
#![deny(missing_docs)]

mod assemble;
mod body;
mod closing;
mod contacts;
mod error;
mod parties;
mod layout;
mod lexicon;
mod names;
mod segment;
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
    assemble::build(&norm, input.len())
}

/// Parses bytes that may not be valid UTF-8 (bad sequences are replaced and reported).
pub fn parse_bytes(input: &[u8]) -> Letter {
    let norm = normalize::normalize_bytes(input);
    assemble::build(&norm, input.len())
}
