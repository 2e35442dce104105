//! Invariants every [`Letter`] must satisfy, whatever the input.
//!
//! Shared by the property tests (`tests/properties.rs`), the schema test and
//! the fuzz target (`fuzz/fuzz_targets/parse_bytes.rs` includes this file by
//! path), so a lying span is a test failure and a fuzzer crash alike.
//!
//! The checks never panic: [`check`] returns every violation it finds as
//! text, and the caller decides to assert (tests) or abort (fuzzer).
//!
//! # What is checked
//!
//! *Generically*, on the record serialised to JSON (so fields added later are
//! covered without touching this file):
//! - every value under a key named `span` is `null` or `[start, end]` and every
//!   item of a `mentions` list is `[start, end]`, with `start <= end <= len`
//!   and both ends on character boundaries of the input (for `parse_bytes`,
//!   boundaries of its lossy UTF-8 decoding: an invalid sequence is one unit);
//! - every object with a string `text` and a `span` (Text, Name, Address,
//!   Phone, Email, Date, Paragraph, Footnote, Request) has a non-empty span
//!   when its text is non-empty, no ligature characters in its text, and
//!   passes the loose *words found at span* check ([`words_found`]);
//! - no string value is `""` (absent values are `null`, never `""`).
//!
//! *On the typed record*: `schema` and `source.bytes`; indices (`cited_from`
//! paragraph, footnote `document`) in range; footnotes ordered by number;
//! each citation span inside its paragraph and holding the footnote's number;
//! dates are real ISO dates matching their precision; e164 and postcode
//! shapes; paragraph text reflowed (no line breaks, no `<u>` markup).

use letterscope::{Letter, Precision, SCHEMA};
use serde_json::Value;

/// The input a letter was parsed from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// Given to `letterscope::parse`.
    Str(&'a str),
    /// Given to `letterscope::parse_bytes`.
    Bytes(&'a [u8]),
}

impl Input<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Input::Str(s) => s.as_bytes(),
            Input::Bytes(b) => b,
        }
    }
}

/// Character boundaries of the input: for a `&str` its own; for bytes those
/// of the lossy decoding (`String::from_utf8_lossy`), where each invalid
/// sequence is one unit (it becomes one U+FFFD).
struct Boundaries<'a> {
    input: Input<'a>,
    /// Only for `Input::Bytes`: `is_boundary[i]` for `i` in `0..=len`.
    table: Vec<bool>,
}

impl<'a> Boundaries<'a> {
    /// Whether the raw text at `span` contains `needle`.
    fn raw_contains(&self, span: letterscope::Span, needle: &str) -> bool {
        let bytes: &[u8] = match self.input {
            Input::Str(s) => s.as_bytes(),
            Input::Bytes(b) => b,
        };
        let slice = bytes
            .get(span.start..span.end.min(bytes.len()))
            .unwrap_or(&[]);
        slice.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    fn new(input: Input<'a>) -> Boundaries<'a> {
        let table = match input {
            Input::Str(_) => Vec::new(),
            Input::Bytes(b) => {
                let mut t = vec![false; b.len() + 1];
                let mut base = 0;
                for chunk in b.utf8_chunks() {
                    for (i, _) in chunk.valid().char_indices() {
                        t[base + i] = true;
                    }
                    base += chunk.valid().len();
                    if !chunk.invalid().is_empty() {
                        t[base] = true;
                        base += chunk.invalid().len();
                    }
                }
                t[b.len()] = true;
                t
            }
        };
        Boundaries { input, table }
    }

    fn is_boundary(&self, i: usize) -> bool {
        match self.input {
            Input::Str(s) => s.is_char_boundary(i),
            Input::Bytes(_) => self.table.get(i).copied().unwrap_or(false),
        }
    }

    /// The raw text at `start..end` (lossy for bytes); `None` when out of bounds.
    fn slice(&self, start: usize, end: usize) -> Option<String> {
        let b = self.input.bytes().get(start..end)?;
        Some(String::from_utf8_lossy(b).into_owned())
    }
}

/// Checks every invariant; `Err` lists each violation on its own line.
pub fn check(letter: &Letter, input: Input<'_>) -> Result<(), String> {
    let mut out = Vec::new();
    let len = input.bytes().len();
    if letter.schema != SCHEMA {
        out.push(format!("schema: {:?}, expected {SCHEMA:?}", letter.schema));
    }
    if letter.source.bytes != len {
        out.push(format!(
            "source.bytes: {}, input has {len}",
            letter.source.bytes
        ));
    }
    let b = Boundaries::new(input);
    match serde_json::to_value(letter) {
        Ok(v) => walk(&v, &mut String::new(), &b, &mut out),
        Err(e) => out.push(format!("record does not serialise: {e}")),
    }
    typed(letter, &b, &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        // Cap the report: one bad pass over a huge input can yield thousands.
        let n = out.len();
        out.truncate(20);
        if n > 20 {
            out.push(format!("... and {} more", n - 20));
        }
        Err(out.join("\n"))
    }
}

/// Reads `[start, end]`; `None` when the value has another shape.
fn as_span(v: &Value) -> Option<(usize, usize)> {
    let a = v.as_array()?;
    if a.len() != 2 {
        return None;
    }
    let s = usize::try_from(a[0].as_u64()?).ok()?;
    let e = usize::try_from(a[1].as_u64()?).ok()?;
    Some((s, e))
}

fn check_span(path: &str, s: usize, e: usize, b: &Boundaries<'_>, out: &mut Vec<String>) -> bool {
    let len = b.input.bytes().len();
    if s > e {
        out.push(format!("{path}: [{s}, {e}] starts after it ends"));
        return false;
    }
    if e > len {
        out.push(format!(
            "{path}: [{s}, {e}] ends past the input ({len} bytes)"
        ));
        return false;
    }
    if !b.is_boundary(s) || !b.is_boundary(e) {
        out.push(format!("{path}: [{s}, {e}] is not on character boundaries"));
        return false;
    }
    true
}

fn walk(v: &Value, path: &mut String, b: &Boundaries<'_>, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            let here = path.len();
            for (k, child) in map {
                path.push('.');
                path.push_str(k);
                match k.as_str() {
                    "span" if !child.is_null() => match as_span(child) {
                        Some((s, e)) => {
                            check_span(path, s, e, b, out);
                        }
                        None => out.push(format!("{path}: not [start, end]: {child}")),
                    },
                    "mentions" => match child.as_array() {
                        Some(items) => {
                            for (i, m) in items.iter().enumerate() {
                                let p = format!("{path}[{i}]");
                                match as_span(m) {
                                    Some((s, e)) => {
                                        check_span(&p, s, e, b, out);
                                    }
                                    None => out.push(format!("{p}: not [start, end]: {m}")),
                                }
                            }
                        }
                        None => out.push(format!("{path}: not a list: {child}")),
                    },
                    _ => walk(child, path, b, out),
                }
                path.truncate(here);
            }
            if let (Some(Value::String(text)), Some(span)) = (map.get("text"), map.get("span")) {
                check_text(path, text, span, b, out);
            }
        }
        Value::Array(items) => {
            let here = path.len();
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk(item, path, b, out);
                path.truncate(here);
            }
        }
        Value::String(s) if s.is_empty() => {
            out.push(format!("{path}: empty string (absent values are null)"));
        }
        _ => {}
    }
}

fn check_text(path: &str, text: &str, span: &Value, b: &Boundaries<'_>, out: &mut Vec<String>) {
    let Some((s, e)) = as_span(span) else { return };
    let len = b.input.bytes().len();
    if s > e || e > len {
        return; // already reported by the span check
    }
    if !text.is_empty() && s == e {
        out.push(format!(
            "{path}: text {text:?} has an empty span [{s}, {s}]"
        ));
        return;
    }
    // Typographic ligatures (U+FB00–FB06) are spelled out; letters such as
    // "œ" and "æ" are letters of words ("œuvre") and stay as printed.
    if let Some(c) = text.chars().find(|c| ('\u{FB00}'..='\u{FB06}').contains(c)) {
        out.push(format!("{path}: text {text:?} keeps the ligature {c:?}"));
    }
    let Some(raw) = b.slice(s, e) else { return };
    if let Err(word) = words_found(text, &raw) {
        out.push(format!(
            "{path}: word {word:?} of text {text:?} not found at span [{s}, {e}] = {:?}",
            shorten(&raw)
        ));
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 200 {
        return s.to_string();
    }
    let head: String = s.chars().take(120).collect();
    let tail: String = {
        let v: Vec<char> = s.chars().rev().take(60).collect();
        v.into_iter().rev().collect()
    };
    format!("{head} … {tail}")
}

/// The loose check that a cleaned value was really read from its span.
///
/// Values are cleaned (hyphenation joined, markup removed, ligatures spelled
/// out, footnote markers dropped, whitespace collapsed), so the value is not
/// a substring of its raw text. Instead: every run of **4 or more ASCII
/// letters** in `text` must occur, ASCII case-insensitively, in the raw
/// slice once both are *squashed*: markup tags (`<u>`, `</sup>`, `<br />` …)
/// removed from the raw, then everything but ASCII letters dropped
/// (whitespace, hyphens, digits, punctuation, footnote markers, combining
/// marks). The raw is squashed twice, once as is and once with ligatures and
/// full-width letters spelled out (`ﬁ` → `fi`, `Ａ` → `a`); a word found in
/// either passes.
///
/// Why it holds for any sound parser: cleaning only removes characters or
/// spells out ligatures, so the letters of a value stay in order inside its
/// raw text; a run that crosses a removed marker or a joined hyphen is still
/// contiguous once the raw is squashed. Runs shorter than 4 letters are
/// skipped because letters between non-ASCII characters ("caf" of "café"
/// when the parser composes combining marks) may legitimately differ.
///
/// `Err` carries the first word not found.
pub fn words_found(text: &str, raw: &str) -> Result<(), String> {
    let stripped = strip_tags(raw);
    // Link targets are dropped only where the normaliser saw a whole link,
    // and GOV.UK's "[footnote 3]" markers only where whole: try the raw with
    // and without them.
    let unlinked = strip_link_targets(&stripped).replace("[footnote ", "[");
    let plain = squash(&stripped, false);
    let expanded = squash(&stripped, true);
    let plain_unlinked = squash(&unlinked, false);
    let expanded_unlinked = squash(&unlinked, true);
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() < 4 {
            continue;
        }
        let w = word.to_ascii_lowercase();
        let found = [&plain, &expanded, &plain_unlinked, &expanded_unlinked]
            .iter()
            .any(|r| r.contains(&w));
        if !found {
            return Err(word.to_string());
        }
    }
    Ok(())
}

/// Lower-case ASCII letters of `s`, everything else dropped; with `expand`,
/// ligatures and full-width letters spelled out first.
fn squash(s: &str, expand: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if expand {
            if let Some(l) = ligature(c) {
                out.push_str(l);
            } else if let Some(a) = fullwidth(c) {
                out.push(a);
            }
        }
    }
    out
}

/// The letters a ligature (or a long s) stands for, lower case.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{0132}' | '\u{0133}' => "ij",
        '\u{0152}' | '\u{0153}' => "oe",
        '\u{00C6}' | '\u{00E6}' => "ae",
        '\u{017F}' => "s",
        _ => return None,
    })
}

/// A full-width Latin letter as its lower-case ASCII letter.
fn fullwidth(c: char) -> Option<char> {
    let a = match c {
        '\u{FF21}'..='\u{FF3A}' => c as u32 - 0xFF21 + u32::from(b'a'),
        '\u{FF41}'..='\u{FF5A}' => c as u32 - 0xFF41 + u32::from(b'a'),
        _ => return None,
    };
    char::from_u32(a)
}

/// `s` without inline markup tags: `<`, an optional `/`, up to 10 letters,
/// spaces or slashes, `>`. Anything else with `<` is kept.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let inner_len = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == '>')
            .map(|(j, _)| j)
            .filter(|&j| {
                // Only the inline tags the normaliser removes.
                let name = after[..j]
                    .trim_matches(|c| c == '/' || c == ' ')
                    .to_ascii_lowercase();
                matches!(
                    name.as_str(),
                    "u" | "b" | "i" | "em" | "strong" | "sup" | "sub" | "span" | "br" | "p"
                )
            });
        match inner_len {
            Some(j) => rest = &after[j + 1..],
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes markdown link targets ("](https://…)"), which the normaliser drops
/// while keeping the link's words.
fn strip_link_targets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..=i]);
        let after = &rest[i + 2..];
        match after.find(|c: char| matches!(c, ')' | '(' | '[' | ']') || c.is_whitespace()) {
            Some(j) if after[j..].starts_with(')') => rest = &after[j + 1..],
            _ => rest = &rest[i + 1..],
        }
    }
    out.push_str(rest);
    out
}

/// Checks that need the types: indices, order, dates, shapes.
fn typed(l: &Letter, b: &Boundaries<'_>, out: &mut Vec<String>) {
    let mut last = 0;
    for (i, f) in l.footnotes.iter().enumerate() {
        if f.number < last {
            out.push(format!(
                "footnotes[{i}]: number {} after {last} (not ordered by number)",
                f.number
            ));
        }
        last = f.number;
        if let Some(d) = f.document {
            if d >= l.documents.len() {
                out.push(format!(
                    "footnotes[{i}].document: {d}, but there are {} documents",
                    l.documents.len()
                ));
            }
        }
        for (j, c) in f.cited_from.iter().enumerate() {
            let path = format!("footnotes[{i}].cited_from[{j}]");
            let Some(p) = l.body.get(c.paragraph) else {
                out.push(format!(
                    "{path}.paragraph: {}, but the body has {} paragraphs",
                    c.paragraph,
                    l.body.len()
                ));
                continue;
            };
            if c.span.start < p.span.start || c.span.start > p.span.end {
                out.push(format!(
                    "{path}.span: [{}, {}] outside its paragraph [{}, {}]",
                    c.span.start, c.span.end, p.span.start, p.span.end
                ));
            }
            if let Some(raw) = b.slice(c.span.start, c.span.end) {
                let digits: String = raw
                    .chars()
                    .filter_map(|ch| superscript(ch).or(ch.is_ascii_digit().then_some(ch)))
                    .collect();
                if !digits.contains(&f.number.to_string()) {
                    out.push(format!(
                        "{path}.span: marker {raw:?} does not hold the number {}",
                        f.number
                    ));
                }
            }
        }
    }
    for (i, d) in l.documents.iter().enumerate() {
        if let Some(n) = d.footnote {
            if !l.footnotes.iter().any(|f| f.number == n) {
                out.push(format!(
                    "documents[{i}].footnote: {n}, but there is no such footnote"
                ));
            }
        }
    }
    for (i, p) in l.body.iter().enumerate() {
        if p.text.contains(['\n', '\r']) {
            out.push(format!("body[{i}].text: line break left in {:?}", p.text));
        }
        // Markup the input printed is removed; "<¹u>" is not markup until a
        // marker is taken out of it, so only markup present in the raw counts.
        let raw_has = |m: &str| b.raw_contains(p.span, m);
        if (p.text.contains("<u>") && raw_has("<u>"))
            || (p.text.contains("</u>") && raw_has("</u>"))
        {
            out.push(format!("body[{i}].text: markup left in {:?}", p.text));
        }
    }
    // Dates anywhere (letter date, deadlines), found generically.
    let mut dates = Vec::new();
    if let Some(d) = &l.date {
        dates.push(("date".to_string(), d));
    }
    for (i, r) in l.requests.iter().enumerate() {
        if let Some(d) = &r.deadline {
            dates.push((format!("requests[{i}].deadline"), d));
        }
    }
    for (path, d) in dates {
        match iso_date(&d.iso) {
            None => out.push(format!(
                "{path}.iso: {:?} is not a real YYYY-MM-DD date",
                d.iso
            )),
            Some((_, m, day)) => {
                let ok = match d.precision {
                    Precision::Day => true,
                    Precision::Month => day == 1,
                    Precision::Year => m == 1 && day == 1,
                    _ => true,
                };
                if !ok {
                    out.push(format!(
                        "{path}: iso {:?} does not start its {:?}",
                        d.iso, d.precision
                    ));
                }
            }
        }
    }
    let v = serde_json::to_value(l).unwrap_or(Value::Null);
    shapes(&v, &mut String::new(), out);
}

/// `e164` and `postcode` values anywhere in the record have their shapes.
fn shapes(v: &Value, path: &mut String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            let here = path.len();
            for (k, child) in map {
                path.push('.');
                path.push_str(k);
                if let Value::String(s) = child {
                    if k == "e164" && !is_e164(s) {
                        out.push(format!("{path}: {s:?} is not E.164"));
                    }
                    if k == "postcode" && !is_postcode(s) {
                        out.push(format!("{path}: {s:?} is not a normalised UK postcode"));
                    }
                    if k == "address" && (!s.contains('@') || s.contains(char::is_whitespace)) {
                        out.push(format!("{path}: {s:?} is not a usable email address"));
                    }
                }
                shapes(child, path, out);
                path.truncate(here);
            }
        }
        Value::Array(items) => {
            let here = path.len();
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                shapes(item, path, out);
                path.truncate(here);
            }
        }
        _ => {}
    }
}

fn superscript(c: char) -> Option<char> {
    let d = match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴'..='⁹' => c as u32 - '⁴' as u32 + 4,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// `(year, month, day)` of a real calendar date written `YYYY-MM-DD`.
fn iso_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

/// "SW1V 1PN": an outward code of 2–4, one space, an inward code of digit
/// and two letters, all upper case.
fn is_postcode(s: &str) -> bool {
    let Some((out, inw)) = s.split_once(' ') else {
        return false;
    };
    let ib = inw.as_bytes();
    (2..=4).contains(&out.len())
        && out
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && out.as_bytes()[0].is_ascii_uppercase()
        && ib.len() == 3
        && ib[0].is_ascii_digit()
        && ib[1].is_ascii_uppercase()
        && ib[2].is_ascii_uppercase()
}
