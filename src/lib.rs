//! letterscope: formal letters, as text from PDF extraction and OCR, into typed records.
//!
//! ```
//! let text = "Dame Jane Doe DBE\nCommissioner for Examples\n1 High Street\nLeeds LS1 4AB\n\n\
//!             12 March 2024\n\nThe Rt Hon John Roe MP\nSecretary of State\nHome Office\n\
//!             2 Marsham Street\nLondon SW1P 4DF\n\nDear Secretary of State,\n\n\
//!             I would be grateful for your response within 28 days of the date of this letter.\n\n\
//!             Yours sincerely,\n\nJane Doe\nCommissioner for Examples\n";
//! let letter = letterscope::parse(text);
//!
//! let sender = letter.sender.as_ref().unwrap();
//! assert_eq!(sender.name.as_ref().unwrap().family.as_deref(), Some("Doe"));
//! assert_eq!(sender.address.as_ref().unwrap().postcode.as_deref(), Some("LS1 4AB"));
//! let addressee = letter.addressee.as_ref().unwrap();
//! assert_eq!(addressee.name.as_ref().unwrap().honorific.as_deref(), Some("The Rt Hon"));
//! assert_eq!(addressee.organisation.as_ref().unwrap().text, "Home Office");
//! assert_eq!(letter.date.as_ref().unwrap().iso, "2024-03-12");
//! // Every value points back at the bytes it came from.
//! let span = letter.salutation.as_ref().unwrap().span;
//! assert_eq!(&text[span.start..span.end], "Dear Secretary of State");
//! // Requests carry their deadline, resolved against the letter's date.
//! assert_eq!(letter.requests[0].deadline.as_ref().unwrap().iso, "2024-04-09");
//! ```
//!
//! # Spans
//!
//! Every [`Span`] is a half-open range of UTF-8 **byte** offsets into the
//! input exactly as given to [`parse`] or [`parse_bytes`] (for `parse`, always
//! on char boundaries). A span covers the raw text, markup and all; the value
//! beside it is cleaned. A value the parser inferred (a signatory resolved
//! from the sender) carries the span of the text it was inferred from.
//!
//! # Errors and diagnostics
//!
//! Parsing never fails and never panics: a messy letter still gives a
//! record. What was doubtful is listed in [`Letter::diagnostics`], each with
//! a stable code:
//!
//! | code | level | when |
//! |---|---|---|
//! | `invalid_utf8_replaced` | warning | [`parse_bytes`] met bytes that are not UTF-8 and replaced them with U+FFFD |
//! | `no_salutation` | warning | no "Dear …" line was found, so header and body could not be told apart |
//! | `no_valediction` | warning | no "Yours sincerely", "Best wishes" … was found |
//! | `no_date_found` | warning | the letter's date was not found |
//! | `unreadable_signature` | warning | the signature did not read as the printed name; the signatory was resolved through the role under it and the sender |
//! | `postcode_repaired` | info | an OCR confusion in a postcode was repaired where the postcode grammar made it certain ("SWlA OAA" → "SW1A 0AA") |
//! | `obfuscated_email` | warning | an address was hidden by the web page it was copied from ("\[email protected\]"): no email is invented |
//! | `marker_without_footnote` | warning | a footnote marker in the body has no footnote |
//! | `footnote_without_marker` | info | a footnote is not cited in the body |
//! | `paragraph_breaks_inferred` | info | the body was flattened onto one line (its line breaks erased); its paragraph breaks were inferred from sentence cues and paragraph lengths, and footnotes printed inside it were cut out; the span covers the stretch |
//! | `deadline_unresolved` | warning | a relative deadline ("within 28 days") in a letter without a date |
//! | `input_truncated` | warning | the input is over 4 GiB; only its first 4 GiB were read |
//!
//! Only inputs that cannot be a letter at all are errors ([`Error`], with
//! an [`ErrorKind`]): see [`check_bytes`].
#![deny(missing_docs)]

mod assemble;
mod body;
mod breaks;
mod check;
mod closing;
mod contacts;
mod dedent;
mod error;
mod hash;
mod layout;
mod lexicon;
mod names;
mod normalize;
mod parties;
mod record;
mod segment;
mod text;

pub(crate) mod date;
pub(crate) mod documents;
pub(crate) mod email;
pub(crate) mod phone;
pub(crate) mod postcode;
pub(crate) mod requests;

pub use check::check_bytes;
pub use error::{Error, ErrorKind};
pub use record::*;

/// Parses one letter.
///
/// ```
/// let letter = letterscope::parse("Dear Ann,\n\nThank you.\n\nKind regards,\n\nBen Cole\n");
/// assert_eq!(letter.closing.unwrap().valediction.unwrap().text, "Kind regards");
/// ```
pub fn parse(input: &str) -> Letter {
    let limit = input_limit(input.as_bytes());
    // Cut back to a char boundary so the string slice stays valid.
    let mut end = limit;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    let norm = dedent::dedent(normalize::normalize(&input[..end]));
    finish(assemble::build(&norm, input.len()), end, input.len())
}

/// Parses bytes that may not be valid UTF-8: bad sequences are replaced
/// with U+FFFD and reported by an `invalid_utf8_replaced` diagnostic; spans
/// still index the bytes given.
///
/// ```
/// let letter = letterscope::parse_bytes(b"Dear Ann,\n\nCaf\xe9 news.\n\nYours,\n\nBen Cole\n");
/// assert_eq!(letter.diagnostics[0].code, "invalid_utf8_replaced");
/// ```
pub fn parse_bytes(input: &[u8]) -> Letter {
    let end = input_limit(input);
    let norm = dedent::dedent(normalize::normalize_bytes(&input[..end]));
    finish(assemble::build(&norm, input.len()), end, input.len())
}

/// Spans are stored as 32-bit offsets: at most this many bytes are read.
const MAX_INPUT: usize = u32::MAX as usize;

fn input_limit(input: &[u8]) -> usize {
    input.len().min(MAX_INPUT)
}

/// Reports an input cut at [`MAX_INPUT`] bytes.
fn finish(mut letter: Letter, read: usize, len: usize) -> Letter {
    if read < len {
        letter.diagnostics.push(Diagnostic::warning(
            "input_truncated",
            format!("only the first {read} of {len} bytes were read (4 GiB is the most a letter may have)"),
            Some(Span::new(read, len)),
        ));
    }
    letter
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
