//! Stage 1: normalisation with an offset map back to the raw input.
//!
//! The later stages read one clean `String`: ligatures spelled out,
//! non-breaking and odd spaces made plain, curly quotes straightened,
//! `<u>`/`**`/markdown-link markup removed, and footnote markers written as
//! superscripts (`¹`), `^1`, `[^1]:` or `[footnote 1]` all turned into the
//! one token `^1`. Line breaks are kept exactly, so layout still sees them.
//!
//! Every output byte remembers the raw bytes it came from, so a range of the
//! clean text maps back to a span of the input as given ([`OffsetMap`]).
//! Invalid UTF-8 (see `decode`) becomes U+FFFD whose raw range is the bad
//! bytes themselves.

use crate::record::Span;

/// A link found in markup: the clean range of its visible text and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Clean-text byte range of the link's words.
    pub range: std::ops::Range<usize>,
    /// The URL, when the markup carried one (`<u>` carries none).
    pub url: Option<String>,
}

/// Maps byte offsets of the clean text back to the raw input.
///
/// Stored as runs: a *copy* run maps byte for byte; a *replace* run maps its
/// whole clean range onto its whole raw range. Lookups are a binary search,
/// so the map stays small (one entry per edit, not per byte).
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    clean_len: usize,
    raw_len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    clean: usize,
    clean_end: usize,
    raw: usize,
    raw_end: usize,
    copy: bool,
}

impl OffsetMap {
    /// An empty map with room for `runs` runs.
    pub fn with_capacity(runs: usize) -> OffsetMap {
        OffsetMap {
            runs: Vec::with_capacity(runs),
            ..OffsetMap::default()
        }
    }

    /// Appends `clean_len` clean bytes that came from raw `raw..raw_end`;
    /// `copy` when they map byte for byte.
    pub fn push(&mut self, clean_len: usize, raw: usize, raw_end: usize, copy: bool) {
        let clean = self.clean_len;
        let clean_end = clean + clean_len;
        if copy {
            if let Some(last) = self.runs.last_mut() {
                if last.copy && last.clean_end == clean && last.raw_end == raw {
                    last.clean_end = clean_end;
                    last.raw_end = raw_end;
                    self.clean_len = clean_end;
                    return;
                }
            }
        }
        self.runs.push(Run {
            clean,
            clean_end,
            raw,
            raw_end,
            copy,
        });
        self.clean_len = clean_end;
    }

    /// Forgets the mapping of clean bytes at and after `len`.
    pub fn truncate(&mut self, len: usize) {
        while let Some(last) = self.runs.last_mut() {
            if last.clean >= len {
                self.runs.pop();
                continue;
            }
            if last.clean_end > len {
                if last.copy {
                    last.raw_end = last.raw + (len - last.clean);
                }
                last.clean_end = len;
            }
            break;
        }
        self.clean_len = self.clean_len.min(len);
    }

    fn find(&self, pos: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.clean_end <= pos);
        self.runs.get(i)
    }

    /// Raw offset where the clean byte at `pos` starts.
    pub fn start(&self, pos: usize) -> usize {
        match self.find(pos) {
            Some(r) if r.copy => r.raw + (pos - r.clean).min(r.raw_end - r.raw),
            Some(r) => r.raw,
            None => self.raw_len,
        }
    }

    /// Raw offset just after the clean byte before `pos`.
    pub fn end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.runs.first().map_or(0, |r| r.raw);
        }
        match self.find(pos - 1) {
            Some(r) if r.copy => r.raw + (pos - r.clean).min(r.raw_end - r.raw),
            Some(r) => r.raw_end,
            None => self.raw_len,
        }
    }

    /// The runs covering a clean range, clipped to it: `(clean range, raw
    /// start, raw end, copy)`. Used to carry the mapping into pieces of text
    /// built from the clean text.
    pub fn pieces(
        &self,
        range: std::ops::Range<usize>,
    ) -> Vec<(std::ops::Range<usize>, usize, usize, bool)> {
        self.pieces_iter(range).collect()
    }

    /// [`OffsetMap::pieces`], one at a time (nothing allocated).
    pub(crate) fn pieces_iter(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, usize, usize, bool)> + '_ {
        let i = self.runs.partition_point(|r| r.clean_end <= range.start);
        self.runs[i..]
            .iter()
            .take_while(move |r| r.clean < range.end)
            .filter_map(move |r| {
                let a = r.clean.max(range.start);
                let b = r.clean_end.min(range.end);
                if a >= b {
                    None
                } else if r.copy {
                    Some((a..b, r.raw + (a - r.clean), r.raw + (b - r.clean), true))
                } else {
                    Some((a..b, r.raw, r.raw_end, false))
                }
            })
    }

    /// The raw span of a clean range.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        if range.start >= range.end {
            let p = self.start(range.start);
            return Span::new(p, p);
        }
        let (a, b) = (self.start(range.start), self.end(range.end));
        Span::new(a.min(b), b)
    }
}

/// The clean text of a letter and the way back to its raw bytes.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The clean text.
    pub text: String,
    /// Clean offsets to raw offsets.
    pub map: OffsetMap,
    /// Links found in markup.
    pub links: Vec<Link>,
    /// Raw spans of invalid UTF-8 sequences replaced by U+FFFD.
    pub invalid_utf8: Vec<Span>,
}

/// Text decoded from the raw input, and the way from its offsets to raw ones.
///
/// Valid UTF-8 is read in place (a decoded offset is the raw offset). Each
/// invalid sequence becomes one U+FFFD, three bytes long whatever the
/// number of bad bytes, so offsets after it shift: `shifts` holds, for each
/// replacement, the decoded offset just after it and the raw offset just
/// after the bad bytes.
struct Source<'a> {
    text: std::borrow::Cow<'a, str>,
    shifts: Vec<(usize, usize)>,
}

impl Source<'_> {
    /// The raw offset of a decoded char boundary.
    #[inline]
    fn raw(&self, pos: usize) -> usize {
        if self.shifts.is_empty() {
            return pos;
        }
        match self.shifts.partition_point(|&(d, _)| d <= pos) {
            0 => pos,
            k => {
                let (d, r) = self.shifts[k - 1];
                r + (pos - d)
            }
        }
    }
}

/// Decodes bytes as UTF-8, replacing each invalid sequence with U+FFFD.
///
/// Returns the decoded text (with its offset shifts) and the raw spans of
/// the invalid sequences.
fn decode(bytes: &[u8]) -> (Source<'_>, Vec<Span>) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (
            Source {
                text: std::borrow::Cow::Borrowed(s),
                shifts: Vec::new(),
            },
            Vec::new(),
        );
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut shifts = Vec::new();
    let mut bad = Vec::new();
    let mut base = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        base += chunk.valid().len();
        let n = chunk.invalid().len();
        if n > 0 {
            text.push('\u{FFFD}');
            shifts.push((text.len(), base + n));
            bad.push(Span::new(base, base + n));
            base += n;
        }
    }
    (
        Source {
            text: std::borrow::Cow::Owned(text),
            shifts,
        },
        bad,
    )
}

/// Normalises a string (see the module docs).
pub fn normalize(raw: &str) -> Normalized {
    let src = Source {
        text: std::borrow::Cow::Borrowed(raw),
        shifts: Vec::new(),
    };
    normalize_source(raw.len(), &src, Vec::new())
}

/// Normalises bytes that may not be valid UTF-8.
pub fn normalize_bytes(raw: &[u8]) -> Normalized {
    let (src, bad) = decode(raw);
    normalize_source(raw.len(), &src, bad)
}

fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}

/// Simple one-character replacements; `None` keeps the character.
fn replace_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2002}' | '\u{2003}' | '\u{2009}'
        | '\u{200A}' | '\u{2004}' | '\u{2005}' | '\u{2006}' | '\u{2008}' | '\t' => " ",
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\r' => "",
        '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{0085}' => "\n",
        // A form feed is a page break: keep it as a line break.
        '\u{000C}' => "\n",
        _ => return None,
    })
}

struct Writer {
    text: String,
    map: OffsetMap,
}

impl Writer {
    fn copy(&mut self, c: char, raw: usize, raw_end: usize) {
        self.text.push(c);
        self.map
            .push(c.len_utf8(), raw, raw_end, raw_end - raw == c.len_utf8());
    }

    fn put(&mut self, s: &str, raw: usize, raw_end: usize) {
        if s.is_empty() {
            // Deleted text still advances nothing in the clean text.
            return;
        }
        self.text.push_str(s);
        self.map.push(s.len(), raw, raw_end, false);
    }
}

/// Whether the text at byte `i` starts with the ASCII `pat`, ignoring ASCII
/// case (a byte of a non-ASCII character never matches).
fn starts_with_ci(b: &[u8], i: usize, pat: &str) -> bool {
    b.get(i..i + pat.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(pat.as_bytes()))
}

/// Length in bytes of an HTML-ish inline tag we drop (`<u>`, `</u>`, `<b>`,
/// `<i>`, `<em>`, `<strong>`, `<sup>`, `<br>` …) starting at `i`.
fn inline_tag(b: &[u8], i: usize) -> Option<(usize, &'static str)> {
    const TAGS: &[&str] = &[
        "u", "b", "i", "em", "strong", "sup", "sub", "span", "br", "br/", "br /", "p",
    ];
    if *b.get(i)? != b'<' {
        return None;
    }
    let closing = b.get(i + 1) == Some(&b'/');
    let start = if closing { i + 2 } else { i + 1 };
    for t in TAGS {
        if starts_with_ci(b, start, t) {
            let after = start + t.len();
            if b.get(after) == Some(&b'>') {
                let name: &'static str = if *t == "sup" { "sup" } else { "" };
                return Some((after + 1 - i, if closing { "" } else { name }));
            }
        }
    }
    None
}

/// Plain ASCII that no rule touches: copied through in runs.
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = !matches!(
            b as u8,
            b'#' | b'['
                | b']'
                | b'<'
                | b'*'
                | b'_'
                | b'!'
                | b'\\'
                | b'\r'
                | b'\t'
                | b'\x0b'
                | b'\x0c'
        );
        b += 1;
    }
    t
};

/// Length of the rest of an inline tag ("u>", "/sup>") starting at `i`,
/// for a `<` already written.
fn tag_rest(b: &[u8], i: usize) -> Option<usize> {
    const TAGS: &[&str] = &[
        "u>", "/u>", "b>", "/b>", "i>", "/i>", "em>", "/em>", "strong>", "/strong>", "sup>",
        "/sup>", "sub>", "/sub>", "span>", "/span>", "br>", "br/>", "p>", "/p>",
    ];
    TAGS.iter()
        .find(|t| starts_with_ci(b, i, t))
        .map(|t| t.len())
}

/// The character starting at byte `i` of `s` (a char boundary).
#[inline]
fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        char::from(b)
    } else {
        s[i..].chars().next().unwrap_or('\u{FFFD}')
    }
}

/// Length of the UTF-8 character whose first byte is `b`.
#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn normalize_source(raw_len: usize, src: &Source, invalid_utf8: Vec<Span>) -> Normalized {
    let s: &str = &src.text;
    let b = s.as_bytes();
    let n = b.len();
    let mut w = Writer {
        text: String::with_capacity(n + 16),
        map: OffsetMap::default(),
    };
    w.map.raw_len = raw_len;
    let mut links = Vec::new();
    // Open link: clean start offset, and whether it is a markdown `[`.
    let mut md_link_start: Vec<usize> = Vec::new();
    let mut u_start: Option<usize> = None;
    let mut at_line_start = true;
    let mut i = 0;
    while i < n {
        // The fast path: a run of plain ASCII goes through in one piece.
        if PLAIN[usize::from(b[i])] {
            let mut k = i + 1;
            // Eight bytes a step, tested without a branch per byte.
            while k + 8 <= n
                && b[k..k + 8]
                    .iter()
                    .fold(true, |all, &c| all & PLAIN[usize::from(c)])
            {
                k += 8;
            }
            while k < n && PLAIN[usize::from(b[k])] {
                k += 1;
            }
            let run = &s[i..k];
            w.text.push_str(run);
            w.map.push(run.len(), src.raw(i), src.raw(k), true);
            at_line_start = b[k - 1] == b'\n';
            i = k;
            continue;
        }
        let c = char_at(s, i);
        let next = b.get(i + 1).copied();
        // Markdown heading marks at a line start: "# ", "## ".
        if at_line_start && c == '#' {
            let mut k = i;
            while k < n && b[k] == b'#' && k - i < 6 {
                k += 1;
            }
            if k < n && b[k] == b' ' {
                i = k + 1;
                at_line_start = false;
                continue;
            }
        }
        // Footnote definition "[^1]:" or marker "[^1]".
        if c == '[' && next == Some(b'^') {
            let mut k = i + 2;
            while k < n && b[k].is_ascii_digit() && k - i < 6 {
                k += 1;
            }
            if k > i + 2 && k < n && b[k] == b']' {
                let mut end = k + 1;
                if end < n && b[end] == b':' {
                    end += 1;
                }
                w.put(&format!("^{}", &s[i + 2..k]), src.raw(i), src.raw(end));
                i = end;
                at_line_start = false;
                continue;
            }
        }
        // "[footnote 3]" as GOV.UK prints markers.
        if c == '[' && starts_with_ci(b, i + 1, "footnote ") {
            let mut k = i + 10;
            while k < n && b[k].is_ascii_digit() && k - i < 16 {
                k += 1;
            }
            if k > i + 10 && k < n && b[k] == b']' {
                w.put(&format!("^{}", &s[i + 10..k]), src.raw(i), src.raw(k + 1));
                i = k + 1;
                at_line_start = false;
                continue;
            }
        }
        // Unicode superscript digits: one marker token.
        if superscript_digit(c).is_some() {
            let mut k = i;
            let mut digits = String::from("^");
            while k < n {
                let d = char_at(s, k);
                match superscript_digit(d) {
                    Some(d) => digits.push(d),
                    None => break,
                }
                k += d.len_utf8();
            }
            w.put(&digits, src.raw(i), src.raw(k));
            i = k;
            at_line_start = false;
            continue;
        }
        // <sup>12</sup> → ^12
        if let Some((len, name)) = inline_tag(b, i) {
            if name == "sup" {
                let mut k = i + len;
                while k < n && b[k].is_ascii_digit() {
                    k += 1;
                }
                if k > i + len && starts_with_ci(b, k, "</sup>") {
                    w.put(&format!("^{}", &s[i + len..k]), src.raw(i), src.raw(k + 6));
                    i = k + 6;
                    continue;
                }
            }
            if starts_with_ci(b, i, "<u>") {
                u_start = Some(w.text.len());
            } else if starts_with_ci(b, i, "</u>") {
                if let Some(s) = u_start.take() {
                    links.push(Link {
                        range: s..w.text.len(),
                        url: None,
                    });
                }
            }
            i += len;
            // "<<u>u>": taking out the inner tag leaves another; take that
            // out too, so no markup is made by the cleaning.
            while w.text.ends_with('<') {
                let Some(rest) = tag_rest(b, i) else {
                    break;
                };
                let keep = w.text.len() - 1;
                w.text.truncate(keep);
                w.map.truncate(keep);
                i += rest;
            }
            continue;
        }
        // Bold/italic markdown "**" and "__".
        if (c == '*' || c == '_') && next == Some(c as u8) {
            i += 2;
            continue;
        }
        // Markdown image "![alt](src)": dropped whole.
        if c == '!' && next == Some(b'[') {
            if let Some(end) = md_link_end(s, i + 1) {
                i = end;
                continue;
            }
        }
        // Markdown link "[text](url)": keep the text, remember the url.
        if c == '[' && md_link_end(s, i).is_some() {
            md_link_start.push(w.text.len());
            i += 1;
            continue;
        }
        if c == ']' && !md_link_start.is_empty() && next == Some(b'(') {
            let k = b[i + 2..]
                .iter()
                .position(|&x| x == b')' || x == b'\n')
                .map_or(n, |p| i + 2 + p);
            let start = md_link_start.pop().unwrap_or(0);
            let url = s[i + 2..k].trim();
            let url = (!url.is_empty() && !url.starts_with('#') && !url.starts_with("mailto:"))
                .then(|| url.to_string());
            links.push(Link {
                range: start..w.text.len(),
                url,
            });
            i = (k + 1).min(n);
            continue;
        }
        if c == '\\' && next == Some(b'\n') {
            // A markdown hard break "\" at the end of a line.
            i += 1;
            continue;
        }
        let end = i + c.len_utf8();
        if let Some(rep) = replace_char(c) {
            w.put(rep, src.raw(i), src.raw(end));
            if rep == "\n" {
                at_line_start = true;
            }
            i = end;
            continue;
        }
        w.copy(c, src.raw(i), src.raw(end));
        at_line_start = c == '\n';
        i = end;
    }
    Normalized {
        text: w.text,
        map: w.map,
        links,
        invalid_utf8,
    }
}

/// If a markdown link `[text](url)` starts at byte `i`, the byte offset
/// after its `)`. Its limits count characters.
fn md_link_end(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = i + 1;
    let mut count = 1;
    let mut depth = 1;
    // Link text stays on one line and is short.
    while k < b.len() && count < 400 {
        match b[k] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b'\n' => return None,
            _ => {}
        }
        k += utf8_len(b[k]);
        count += 1;
    }
    if b.get(k) != Some(&b']') || b.get(k + 1) != Some(&b'(') {
        return None;
    }
    let mut j = k + 2;
    let mut count = 2;
    while j < b.len() && count < 2000 {
        let c = char_at(s, j);
        match c {
            ')' => return Some(j + 1),
            // A link target holds no spaces nor brackets of its own.
            c if c.is_whitespace() || matches!(c, '[' | ']' | '(') => return None,
            _ => {
                j += c.len_utf8();
                count += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(raw: &str, clean: &str) {
        let n = normalize(raw);
        assert_eq!(n.text, clean);
    }

    #[test]
    fn ligatures_are_spelled_out_and_map_back() {
        let raw = "the ofﬁce";
        let n = normalize(raw);
        assert_eq!(n.text, "the office");
        let at = n.text.find("office").unwrap();
        let s = n.map.span(at..at + 6);
        assert_eq!(&raw[s.start..s.end], "ofﬁce");
    }

    #[test]
    fn superscript_markers_become_caret_tokens() {
        check("the announcement¹ in", "the announcement^1 in");
        check("see²³", "see^23");
        let raw = "word¹ next";
        let n = normalize(raw);
        let s = n.map.span(4..6);
        assert_eq!(&raw[s.start..s.end], "¹");
    }

    #[test]
    fn underline_markup_is_removed_and_remembered_as_a_link() {
        let raw = "my <u>Annual Report</u> outlining";
        let n = normalize(raw);
        assert_eq!(n.text, "my Annual Report outlining");
        assert_eq!(&n.text[n.links[0].range.clone()], "Annual Report");
        let s = n.map.span(3..16);
        assert_eq!(&raw[s.start..s.end], "Annual Report");
    }

    #[test]
    fn markdown_link_keeps_text_and_url() {
        let n = normalize("my [Strategic Plan](https://x.org/p) and [a@b.com](mailto:a@b.com).");
        assert_eq!(n.text, "my Strategic Plan and a@b.com.");
        assert_eq!(n.links[0].url.as_deref(), Some("https://x.org/p"));
        assert_eq!(n.links[1].url, None);
    }

    #[test]
    fn markdown_footnote_forms_become_caret_tokens() {
        check("Code[^2] are\n[^2]: Ministry", "Code^2 are\n^2 Ministry");
        check("Code,[footnote 1] and", "Code,^1 and");
    }

    #[test]
    fn bold_heading_and_nbsp_are_cleaned() {
        check("# Title\n**Our ref:**\u{a0}KY", "Title\nOur ref: KY");
        check("\u{201C}Making\u{201D} it\u{2019}s", "\"Making\" it's");
    }

    #[test]
    fn invalid_utf8_maps_to_its_bytes() {
        let raw = b"ab\xffcd";
        let n = normalize_bytes(raw);
        assert_eq!(n.text, "ab\u{FFFD}cd");
        assert_eq!(n.invalid_utf8, vec![Span::new(2, 3)]);
        let s = n.map.span(5..7);
        assert_eq!(s, Span::new(3, 5));
    }

    #[test]
    fn crlf_line_ends_become_lf() {
        let raw = "a\r\nb";
        let n = normalize(raw);
        assert_eq!(n.text, "a\nb");
        assert_eq!(n.map.span(2..3), Span::new(3, 4));
    }
}
