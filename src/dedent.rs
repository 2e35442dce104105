//! A left margin common to every line, taken off.
//!
//! Some extractors (`pdftotext -layout`, text copied from an indented
//! e-mail quote) print every line after the same run of spaces. The stages
//! after this one read a line's first word as its start ("Yours sincerely",
//! "cc:", "Enc:"), so the margin is removed from the clean text, keeping its
//! map back to the raw input: spans still index the raw bytes.

use crate::normalize::{Normalized, OffsetMap};

/// `norm` with the leading spaces and tabs that its non-blank lines share
/// removed (see [`common_margin`]; a line with less loses what it has).
/// Text without such a margin is returned as it is, at no cost beyond one
/// scan.
pub(crate) fn dedent(norm: Normalized) -> Normalized {
    let margin = common_margin(&norm.text);
    if margin == 0 {
        return norm;
    }
    let text = norm.text.as_str();
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    // (clean offset in the old text, bytes removed before it), ascending.
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut total = 0;
    let mut start = 0;
    while start <= text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = &text.as_bytes()[start..end];
        let cut = line
            .iter()
            .take(margin)
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if cut > 0 {
            total += cut;
            removed.push((start + cut, total));
        }
        let keep_end = if end < text.len() { end + 1 } else { end };
        for (r, a, b, copy) in norm.map.pieces(start + cut..keep_end) {
            out.push_str(&text[r.clone()]);
            map.push(r.len(), a, b, copy);
        }
        if end >= text.len() {
            break;
        }
        start = end + 1;
    }
    let shift = |pos: usize| {
        let k = removed.partition_point(|&(at, _)| at <= pos);
        pos - k.checked_sub(1).map_or(0, |k| removed[k].1)
    };
    let links = norm
        .links
        .into_iter()
        .map(|mut l| {
            l.range = shift(l.range.start)..shift(l.range.end);
            l
        })
        .collect();
    Normalized {
        text: out,
        map,
        links,
        invalid_utf8: norm.invalid_utf8,
    }
}

/// The spaces and tabs that begin the non-blank lines: the least any of
/// them has, leaving out one line in twenty (a page's first line glued to a
/// form feed, a stray heading set at the edge) so that one odd line does
/// not keep the margin on all the others.
fn common_margin(text: &str) -> usize {
    let b = text.as_bytes();
    // Every line starts at column 0 unless one opens with a space or tab.
    if !b.first().is_some_and(|c| matches!(c, b' ' | b'\t'))
        && memchr::memmem::find(b, b"\n ").is_none()
        && memchr::memmem::find(b, b"\n\t").is_none()
    {
        return 0;
    }
    let mut leads: Vec<usize> = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', b).chain([b.len()]) {
        let line = &text[start..end];
        start = end + 1;
        let lead = line
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if !is_blank(line, lead) {
            leads.push(lead);
        }
    }
    if leads.is_empty() || !leads.iter().any(|&l| l > 0) {
        return 0;
    }
    leads.sort_unstable();
    leads[leads.len() / 20]
}

/// Whether `line.trim()` is empty, for a line opening with `lead` spaces
/// and tabs: an ASCII byte after them that is no whitespace settles it;
/// anything else is left to `str::trim`.
fn is_blank(line: &str, lead: usize) -> bool {
    match line.as_bytes().get(lead) {
        None => true,
        Some(c) if c.is_ascii() && !matches!(c, b'\t'..=b'\r' | b' ') => false,
        Some(_) => line.trim().is_empty(),
    }
}

/// The margin as first written (the reference for [`common_margin`]).
#[cfg(test)]
fn common_margin_reference(text: &str) -> usize {
    let mut leads: Vec<usize> = text
        .split('\n')
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            line.bytes()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()
        })
        .collect();
    if leads.is_empty() || !leads.iter().any(|&l| l > 0) {
        return 0;
    }
    leads.sort_unstable();
    leads[leads.len() / 20]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn a_margin_every_line_shares_is_removed_and_spans_still_point_at_the_raw_text() {
        let raw = "    Dear Ann,\n\n      Thank you.\n    Yours sincerely,\n";
        let n = dedent(normalize(raw));
        assert_eq!(n.text, "Dear Ann,\n\n  Thank you.\nYours sincerely,\n");
        let at = n.text.find("Yours").unwrap();
        let span = n.map.span(at..at + 5);
        assert_eq!(&raw[span.start..span.end], "Yours");
    }

    #[test]
    fn one_line_in_twenty_at_the_edge_does_not_keep_the_margin() {
        let mut raw = String::from("Page 2\n");
        for _ in 0..25 {
            raw.push_str("    a line of the letter\n");
        }
        let n = dedent(normalize(&raw));
        assert!(n.text.starts_with("Page 2\na line of the letter\n"));
    }

    proptest::proptest! {
        #[test]
        fn margin_agrees_with_the_reference(
            t in r"( |\t|\n|\u{b}|\r|\u{a0}|\u{3000}|a|é){0,40}"
        ) {
            proptest::prop_assert_eq!(common_margin(&t), common_margin_reference(&t));
        }
    }

    #[test]
    fn text_with_a_line_at_the_margin_is_left_alone() {
        let raw = "    Dear Ann,\nThank you.\n";
        assert_eq!(dedent(normalize(raw)).text, normalize(raw).text);
    }
}
