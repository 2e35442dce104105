//! Clean text that remembers where each byte came from.

use crate::normalize::OffsetMap;
use crate::record::{Span, Text};

/// A piece of clean text (a paragraph, a line, a footnote) with a map back to
/// the raw input, so any range of it becomes a raw [`Span`].
#[derive(Debug, Clone, Default)]
pub struct MappedText {
    /// The clean text.
    pub text: String,
    /// Its offsets into the raw input.
    pub map: OffsetMap,
}

impl MappedText {
    /// An empty piece.
    pub fn new() -> MappedText {
        MappedText::default()
    }

    /// An empty piece with room for `bytes` bytes of text from `lines` lines
    /// (each line takes a run of the map, and its joiner another).
    pub fn with_capacity(bytes: usize, lines: usize) -> MappedText {
        MappedText {
            text: String::with_capacity(bytes),
            map: OffsetMap::with_capacity(2 * lines),
        }
    }

    /// Appends `s`, which came from raw `raw_start..raw_end`; `copy` when
    /// it is the raw text byte for byte.
    #[cfg(test)]
    pub fn push(&mut self, s: &str, raw_start: usize, raw_end: usize, copy: bool) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        self.map.push(
            s.len(),
            raw_start,
            raw_end,
            copy && raw_end - raw_start == s.len(),
        );
    }

    /// Appends a range of the normalised text, keeping its fine mapping.
    pub fn push_clean(
        &mut self,
        norm: &crate::normalize::Normalized,
        range: std::ops::Range<usize>,
    ) {
        // One reservation for the whole range, not one growth per piece.
        self.text.reserve(range.len());
        for (r, a, b, copy) in norm.map.pieces_iter(range) {
            let s = &norm.text[r];
            self.text.push_str(s);
            self.map.push(s.len(), a, b, copy);
        }
    }

    /// Appends text that stands for nothing in the input (a joining space),
    /// mapped to the empty span at `raw`.
    pub fn push_joiner(&mut self, s: &str, raw: usize) {
        if !s.is_empty() {
            self.text.push_str(s);
            self.map.push(s.len(), raw, raw, false);
        }
    }

    /// Shortens the text (and its map) to `len` bytes.
    pub fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.map.truncate(len);
    }

    /// The raw span of a range of this text. The range is widened to this
    /// text's char boundaries first, so the span never splits a character.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let len = self.text.len();
        let mut a = range.start.min(len);
        let mut b = range.end.min(len).max(a);
        while !self.text.is_char_boundary(a) {
            a -= 1;
        }
        while !self.text.is_char_boundary(b) {
            b += 1;
        }
        self.map.span(a..b)
    }

    /// A [`Text`] for a range of this text (trimmed of surrounding spaces).
    pub fn text_of(&self, range: std::ops::Range<usize>) -> Text {
        let s = &self.text[range.clone()];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        let r = (range.start + lead)..(range.end - trail).max(range.start + lead);
        Text {
            text: self.text[r.clone()].to_string(),
            span: self.span(r),
        }
    }
}

/// The number of chars in `s`: its length when it is ASCII (most lines
/// are, and telling so is cheaper than counting).
pub(crate) fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Whether `hay` holds `needle` (`hay.contains(needle)`), found at each
/// place its byte `rare` stands: for a short needle with a byte seldom
/// seen, cheaper than the string searcher `contains` builds on each call.
pub(crate) fn contains_by(hay: &str, needle: &str, rare: usize) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    memchr::memchr_iter(n[rare], h).any(|i| i >= rare && h[i - rare..].starts_with(n))
}

/// The number of words in `s`, as `s.split_whitespace().count()` says.
/// Read a block of bytes at a time: in an ASCII block (most of them) a word
/// starts at each byte that is not white space after one that is, counted
/// with no branch; a block with other chars goes char by char, each
/// non-ASCII char decoded to ask whether it is white space.
pub(crate) fn word_count(s: &str) -> usize {
    const BLOCK: usize = 32;
    let b = s.as_bytes();
    // ASCII white space as `char::is_whitespace` sees it: \t \n \x0b \x0c \r and space.
    // (`|`, not `||`: no branch, so the compiler can vectorise the count.)
    let space = |c: u8| (c == b' ') | (c.wrapping_sub(b'\t') < 5);
    let (mut n, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        let end = b.len().min(i + BLOCK);
        let block = &b[i..end];
        if block.is_ascii() {
            n += usize::from(!in_word && !space(block[0]));
            let starts: u32 = block
                .iter()
                .zip(&block[1..])
                .map(|(&p, &c)| u32::from(space(p) & !space(c)))
                .sum();
            n += starts as usize;
            in_word = !space(block[block.len() - 1]);
            i = end;
            continue;
        }
        // To the end of the char that holds the block's last byte.
        while i < end {
            let is_space = if b[i] < 0x80 {
                i += 1;
                space(b[i - 1])
            } else {
                let c = s[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                c.is_whitespace()
            };
            n += usize::from(!is_space && !in_word);
            in_word = !is_space;
        }
    }
    n
}

/// Whether `s` is empty or all white space (`s.trim().is_empty()`), told
/// by its first byte when that is an ASCII character other than white space.
#[inline]
pub(crate) fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ') => false,
        Some(_) => s.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_len_counts_chars_ascii_or_not() {
        for s in [
            "",
            "Dear Ann,",
            "caf\u{e9} cr\u{e8}me",
            "\u{2014}",
            "a\u{a0}b",
        ] {
            assert_eq!(char_len(s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn contains_by_agrees_with_contains() {
        let hays = [
            "",
            "u>",
            "<u>x</u>",
            "a • b",
            "•",
            " •",
            "see https://x",
            "htt",
            "phttp",
        ];
        for h in hays {
            for (n, rare) in [("u>", 1), (" • ", 1), ("http", 3), ("http", 0)] {
                assert_eq!(contains_by(h, n, rare), h.contains(n), "{h:?} {n:?}");
            }
        }
    }

    #[test]
    fn word_count_is_what_split_whitespace_says() {
        for s in [
            "",
            " ",
            "one",
            " two  words ",
            "a\u{a0}b\u{2003}c\u{3000}",
            "caf\u{e9} cr\u{e8}me\u{85}x",
            "\t\x0b\x0c\r\nx\u{1680}y\u{202f}\u{205f}z\u{2028}\u{2029}",
            "\u{1c}\u{1f}\u{200b}",
        ] {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn word_count_agrees_with_split_whitespace(s in r"(\s|\PC|\u{85}|\u{a0}|[a-z]){0,80}") {
            proptest::prop_assert_eq!(word_count(&s), s.split_whitespace().count());
        }

        #[test]
        fn word_count_agrees_in_mostly_ascii_text(
            s in r"([a-z \t\n]{0,40}(\u{a0}|\u{2019}|\u{2003}|\u{85}|\u{3000})?){0,6}"
        ) {
            proptest::prop_assert_eq!(word_count(&s), s.split_whitespace().count());
        }
    }

    #[test]
    fn blank_is_what_trim_says() {
        for s in [
            "",
            " ",
            "\t\x0b\r",
            "\u{a0}",
            "\u{3000}x",
            " a",
            "a",
            "\u{e9}",
            "\x00",
        ] {
            assert_eq!(is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }
}
