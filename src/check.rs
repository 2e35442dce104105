//! Deciding whether bytes can be a letter at all, before parsing them.
//!
//! Invalid UTF-8 is deliberately *not* an error: [`crate::parse_bytes`]
//! replaces each bad sequence and reports it as an `invalid_utf8_replaced`
//! diagnostic, so a Latin-1 or slightly corrupted OCR file still gives a record.

use crate::{Error, ErrorKind, Span};

/// How much of the start of an input the control-byte test looks at.
const SNIFF_LEN: usize = 64 * 1024;

/// Share of control bytes (out of 100) above which text is taken for binary.
/// Real text, OCR output included, has next to none besides tab, line ends
/// and form feeds.
const CONTROL_PERCENT: usize = 10;

/// Rejects input that cannot be a letter: empty (or only whitespace) and
/// binary data. Everything else, invalid UTF-8 included, is parsed.
///
/// ```
/// assert_eq!(letterscope::check_bytes(b"").unwrap_err().kind(), letterscope::ErrorKind::Empty);
/// assert_eq!(letterscope::check_bytes(b"%PDF-1.7").unwrap_err().kind(), letterscope::ErrorKind::Binary);
/// assert!(letterscope::check_bytes(b"Dear Sir,").is_ok());
/// ```
pub fn check_bytes(bytes: &[u8]) -> Result<(), Error> {
    if is_blank(bytes) {
        let message = if bytes.is_empty() {
            "the file is empty"
        } else {
            "the file holds only whitespace"
        };
        return Err(Error::new(ErrorKind::Empty, message, None));
    }
    if let Some(err) = binary(bytes) {
        return Err(err);
    }
    Ok(())
}

fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().position(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(i) if bytes[i].is_ascii() => false,
        // Non-ASCII: only Unicode spaces and invisible characters count as blank.
        Some(_) => std::str::from_utf8(bytes).is_ok_and(|s| {
            s.chars()
                .all(|c| c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}'))
        }),
    }
}

fn binary(bytes: &[u8]) -> Option<Error> {
    let known = |what: &str| Some(Error::new(ErrorKind::Binary, what, None));
    if bytes.starts_with(b"%PDF-") {
        return known("a PDF file, not text: extract its text first (for example with pdftotext)");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return known("a ZIP archive (a .docx or .odt?), not text: save it as plain text first");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return known(
            "UTF-16 text: convert it to UTF-8 first (for example with iconv -f UTF-16 -t UTF-8)",
        );
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Some(Error::new(
            ErrorKind::Binary,
            format!("binary data, not text (a NUL byte at offset {at})"),
            Some(Span::new(at, at + 1)),
        ));
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let control = sample
        .iter()
        .filter(|&&b| {
            (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C')) || b == 0x7F
        })
        .count();
    if control * 100 > sample.len() * CONTROL_PERCENT {
        return Some(Error::new(
            ErrorKind::Binary,
            format!(
                "binary data, not text ({control} control bytes in the first {} bytes)",
                sample.len()
            ),
            None,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn kind_of(bytes: &[u8]) -> Option<&'static str> {
        check_bytes(bytes).err().map(|e| e.kind().code())
    }

    #[test]
    fn empty_and_whitespace_only_are_empty() {
        assert_eq!(kind_of(b""), Some("empty"));
        assert_eq!(kind_of(b" \n\t\r\n"), Some("empty"));
        assert_eq!(kind_of("\u{FEFF}\u{00A0}\n".as_bytes()), Some("empty"));
    }

    #[test]
    fn nul_bytes_are_binary_with_their_offset() {
        let err = check_bytes(b"Dear Sir\0").err();
        assert_eq!(err.as_ref().map(|e| e.kind().code()), Some("binary"));
        assert_eq!(err.and_then(|e| e.span()), Some(Span::new(8, 9)));
    }

    #[test]
    fn mostly_control_bytes_are_binary() {
        assert_eq!(kind_of(b"\x01\x02\x03\x04abc"), Some("binary"));
    }

    #[test]
    fn pdf_and_utf16_are_named() {
        let msg = check_bytes(b"%PDF-1.7\n").err().map(|e| e.to_string());
        assert!(msg.is_some_and(|m| m.contains("pdftotext")));
        assert_eq!(kind_of(b"\xFF\xFED\0e\0"), Some("binary"));
    }

    #[test]
    fn invalid_utf8_and_form_feeds_are_text() {
        assert_eq!(kind_of(b"Dear Ms M\xfcller,\n\x0cpage two"), None);
    }
}
