//! Stage 2: layout. Lines, page furniture, and the anchors that divide a
//! letter into zones: the salutation ("Dear …") and the valediction
//! ("Yours sincerely"). Text before the salutation is the header (minus a
//! web page's prologue), text between them the body, the rest the tail.

use crate::lexicon::{self, VALEDICTIONS};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One line of the clean text (without its line break).
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub range: Range<usize>,
    /// Page furniture: page numbers, running headers and footers, markings.
    pub furniture: bool,
    /// A repeated footer that carries a postal address (a letterhead at the foot).
    pub footer_address: bool,
}

/// The zones of a letter, as clean-text ranges.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub lines: Vec<Line>,
    /// Where the letter proper starts (after a web page's prologue).
    pub start: usize,
    /// The salutation's range, without trailing punctuation.
    pub salutation: Option<Range<usize>>,
    /// The valediction's range, without trailing punctuation.
    pub valediction: Option<Range<usize>>,
    /// Body: from after the salutation to the valediction.
    pub body: Range<usize>,
    /// Tail: from after the valediction to the end.
    pub tail: Range<usize>,
    /// The width, in characters, the text was wrapped at, when it was
    /// wrapped at a fixed width ([`wrap_width`]).
    pub wrap_width: Option<usize>,
}

/// Lines of text a document needs before its wrap width is judged.
const WRAP_MIN_LINES: usize = 8;
/// No page of a letter is wider than this many characters: longer lines
/// were never wrapped.
const WRAP_MAX: usize = 120;

/// The width a text was wrapped at, if it was: the 90th percentile of its
/// lines' widths in characters, when at least a third of its lines of text
/// come within a tenth of it (wrapped prose fills its lines; a letter whose
/// paragraphs are single long lines, or whose lines are all short, has no
/// such margin) and it is no wider than a page.
fn wrap_width(text: &str, lines: &[Line]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.furniture)
        .map(|l| trim(&text[l.range.clone()]))
        .filter(|s| !s.is_empty())
        .map(crate::text::char_len)
        .collect();
    if widths.len() < WRAP_MIN_LINES {
        return None;
    }
    // The percentile needs one rank, not the whole order.
    let rank = ((widths.len() - 1) * 9).div_ceil(10);
    let w = *widths.select_nth_unstable(rank).1;
    let near = widths.iter().filter(|&&x| x * 10 >= w * 9).count();
    (w <= WRAP_MAX && near * 3 >= widths.len()).then_some(w)
}

/// `s.trim()`, with the common case (a line that neither starts nor ends
/// with a space, and begins and ends with ASCII) answered from its two end
/// bytes: any other line is trimmed as `str::trim` does.
fn trim(s: &str) -> &str {
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(f), Some(l)) if plain(f) && plain(l) => s,
        _ => s.trim(),
    }
}

/// Whether the line `line` ended for want of room: the text was wrapped at
/// a fixed width and the first word of the line after it, `next`, would not
/// have fitted on it (within a character, for extractors that count a
/// trailing space).
pub(crate) fn wrapped_line(wrap_width: Option<usize>, line: &str, next: &str) -> bool {
    let Some(w) = wrap_width else {
        return false;
    };
    let line = line.trim();
    let word = next.split_whitespace().next().unwrap_or("");
    !line.is_empty() && !word.is_empty() && line.chars().count() + 1 + word.chars().count() + 1 > w
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3}|\d+\s*/\s*\d+|official(?:[-\s]sensitive)?|not protectively marked|previous page\s+contents\s+next page|-{3,}|_{3,}|\*{3,}|print this page|footnotes|contents)\s*$").unwrap()
});

static PROLOGUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:published|updated|last updated|skip to|share this page|download |is this page useful)|cookie|\s[>›»]\s|\(pdf,|^letter (?:from|to)\b|full text of the letter").unwrap()
});

/// A postcode's shape, a web address or a "|" separator. A postcode is
/// ASCII, so are its word boundaries: a Unicode `\b` would make the regex's
/// fast engine give up at the first non-ASCII byte of a long line.
static POSTCODE_OR_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}(?-u:\b)|www\.|https?://|\|")
        .unwrap()
});

/// Whether a trimmed line can be one of [`PAGE_NUMBER`]'s forms, judged by
/// its first byte: a letter opening a word of the pattern ("page",
/// "official", "not", "previous", "print", "footnotes", "contents"), a
/// digit, `-`, `_`, `*`, or any non-ASCII character (a Unicode digit).
fn may_be_page_number(t: &str) -> bool {
    t.as_bytes().first().is_some_and(|&b| {
        matches!(
            b.to_ascii_lowercase(),
            b'p' | b'o' | b'n' | b'f' | b'c' | b'-' | b'_' | b'*' | b'0'..=b'9'
        ) || !b.is_ascii()
    })
}

/// Splits the clean text into lines.
#[inline(never)]
pub(crate) fn lines(text: &str) -> Vec<Line> {
    // Counting the breaks first (a fast scan) sizes the list once.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(Line {
            range: start..i,
            furniture: false,
            footer_address: false,
        });
        start = i + 1;
    }
    out.push(Line {
        range: start..text.len(),
        furniture: false,
        footer_address: false,
    });
    out
}

/// Byte classes of a line fingerprint: digits are left out, ASCII
/// whitespace runs count as one space, letters (ASCII or any non-ASCII
/// byte) are counted.
const DIGIT: u8 = 0;
const SPACE: u8 = 1;
const LETTER: u8 = 2;
const OTHER: u8 = 3;
const FINGERPRINT_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_whitespace() {
            SPACE
        } else if c.is_ascii_alphabetic() || c >= 0x80 {
            LETTER
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// The fingerprint of a trimmed line: its bytes with digits dropped and
/// each run of white space written as one space. `key` holds at least as
/// many bytes as the line.
fn fingerprint<'k>(t: &str, key: &'k mut [u8]) -> &'k [u8] {
    let mut n = 0;
    let mut space = false;
    for &b in t.as_bytes() {
        match FINGERPRINT_CLASS[usize::from(b)] {
            DIGIT => {}
            SPACE => space = true,
            _ => {
                // A space is only written before a byte that is kept, so
                // the key is never longer than the line.
                if space {
                    key[n] = b' ';
                    n += 1;
                    space = false;
                }
                key[n] = b;
                n += 1;
            }
        }
    }
    &key[..n]
}

/// A bucket (0 to 1023) for the first and last bytes of a trimmed line's
/// fingerprint (the first and last that are neither digit nor white
/// space); `None` when the fingerprint is empty.
fn fingerprint_ends(t: &str) -> Option<usize> {
    let kept = |b: &u8| !matches!(FINGERPRINT_CLASS[usize::from(*b)], DIGIT | SPACE);
    let b = t.as_bytes();
    let first = *b.iter().find(|b| kept(b))?;
    let last = *b.iter().rev().find(|b| kept(b))?;
    Some((usize::from(first) << 2 ^ usize::from(last)) & 0x3ff)
}

/// The letters of a trimmed line, and whether it is its own fingerprint:
/// no digit, and no white space but single spaces.
fn letters_and_plain(t: &str) -> (usize, bool) {
    // Per byte: bit 0 a letter, bit 1 a digit or white space but ' ',
    // bit 2 white space; two white space bytes in a row leave bit 2 set.
    const FLAGS: [u8; 256] = {
        let mut f = [0; 256];
        let mut b = 0;
        while b < 256 {
            f[b] = match FINGERPRINT_CLASS[b] {
                LETTER => 1,
                DIGIT => 2,
                SPACE if b == b' ' as usize => 4,
                SPACE => 6,
                _ => 0,
            };
            b += 1;
        }
        f
    };
    let mut letters = 0;
    let mut odd = 0;
    let mut last = 0;
    for &b in t.as_bytes() {
        let f = FLAGS[usize::from(b)];
        letters += usize::from(f & 1);
        odd |= f & (2 | last);
        last = f & 4;
    }
    (letters, odd == 0)
}

/// Marks page furniture: page numbers and markings, and lines repeated on
/// several pages (running headers with a changing page number, footers with
/// an address or URL).
#[inline(never)]
fn mark_furniture(text: &str, lines: &mut [Line]) {
    // Furniture is short: a paragraph on one line is never a running header.
    const MAX_FURNITURE: usize = 200;
    // (fingerprint, line) of every candidate line, grouped by sorting.
    let mut seen: Vec<(u64, usize)> = Vec::with_capacity(lines.len());
    // The fingerprint's bytes, one line at a time (never longer than the line).
    let mut key = [0u8; MAX_FURNITURE];
    // A line can only repeat another with the same fingerprint, so with
    // the same first and last bytes of it, and the same letters: each test
    // in turn, cheapest first, leaves out the lines no other line shares it
    // with, and only lines left after both get a fingerprint.
    let mut by_ends: Vec<(usize, usize)> = Vec::with_capacity(lines.len());
    let mut with_ends = [0u8; 1024];
    for (i, l) in lines.iter_mut().enumerate() {
        let s = &text[l.range.clone()];
        if s.len() > MAX_FURNITURE {
            continue;
        }
        let t = trim(s);
        if t.is_empty() {
            continue;
        }
        // Page numbers and markings are short; most lines skip the regex,
        // and so do lines whose first character opens none of its forms.
        if t.len() <= 48 && may_be_page_number(t) && PAGE_NUMBER.is_match(s) {
            l.furniture = true;
            continue;
        }
        if let Some(ends) = fingerprint_ends(t) {
            by_ends.push((i, ends));
            with_ends[ends] = with_ends[ends].saturating_add(1);
        }
    }
    // (line, letters, whether it is its own fingerprint) of each line left.
    let mut candidates: Vec<(usize, usize, bool)> = Vec::with_capacity(by_ends.len());
    let mut with_letters = [0u8; MAX_FURNITURE + 1];
    for (i, ends) in by_ends {
        if with_ends[ends] < 2 {
            continue;
        }
        let (letters, plain) = letters_and_plain(trim(&text[lines[i].range.clone()]));
        if letters >= 6 {
            candidates.push((i, letters, plain));
            with_letters[letters] = with_letters[letters].saturating_add(1);
        }
    }
    for (i, letters, plain) in candidates {
        if with_letters[letters] < 2 {
            continue;
        }
        // The line's words without digits ("Report 2017/18 3" and "… 4"
        // agree): most lines hold no digit and no white space but single
        // spaces, and they are their own key.
        let t = trim(&text[lines[i].range.clone()]);
        let fingerprint: &[u8] = if plain {
            t.as_bytes()
        } else {
            fingerprint(t, &mut key)
        };
        let mut h = crate::hash::WordHash::default();
        std::hash::Hasher::write(&mut h, fingerprint);
        seen.push((std::hash::Hasher::finish(&h), i));
    }
    // Lines in the order they were printed within each fingerprint's group.
    seen.sort_unstable();
    // Lines printed more than once (a footer wrapped over several lines
    // repeats each of them).
    let mut repeated = vec![false; lines.len()];
    let mut any_address = false;
    for group in seen.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() >= 2) {
        let text_of = |k: usize| text[lines[group[k].1].range.clone()].trim();
        let numbers_differ = (1..group.len()).any(|k| text_of(k - 1) != text_of(k));
        let carries_address = POSTCODE_OR_URL.is_match(text_of(0));
        any_address |= carries_address;
        for &(_, i) in group {
            repeated[i] = true;
            if numbers_differ || carries_address {
                lines[i].furniture = true;
                lines[i].footer_address = carries_address;
            }
        }
    }
    if any_address {
        extend_footers(text, lines, &repeated);
    }
}

/// A footer address wrapped over several lines ("Office of …, Clive House,
/// 5th / Floor, 70 Petty France, London SW1H 9EX |"): the repeated lines
/// set right above and below a repeated address line, with no blank line
/// between, belong to the same footer.
fn extend_footers(text: &str, lines: &mut [Line], repeated: &[bool]) {
    let blank = |l: &Line| crate::text::is_blank(&text[l.range.clone()]);
    for i in 0..lines.len() {
        if !lines[i].footer_address {
            continue;
        }
        let mut j = i;
        while j > 0 && repeated[j - 1] && !lines[j - 1].furniture && !blank(&lines[j - 1]) {
            j -= 1;
            lines[j].furniture = true;
            lines[j].footer_address = true;
        }
        let mut k = i + 1;
        while k < lines.len() && repeated[k] && !lines[k].furniture && !blank(&lines[k]) {
            lines[k].furniture = true;
            lines[k].footer_address = true;
            k += 1;
        }
    }
}

/// Finds the salutation: "Dear …" at a line start (or, in text whose lines
/// were flattened, after a sentence or block end), up to the end of its line
/// or its first comma.
#[inline(never)]
fn find_salutation(text: &str, lines: &[Line]) -> Option<Range<usize>> {
    static DEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bDear\s+\S").unwrap());
    let mut fallback = None;
    for m in DEAR.find_iter(text) {
        let before = text[..m.start()].trim_end_matches([' ', '\t']);
        let at_line_start = before.is_empty() || before.ends_with('\n');
        if !at_line_start && fallback.is_some() {
            continue;
        }
        let line_end = line_end_at(lines, m.start(), text.len());
        let line = &text[m.start()..line_end];
        if at_line_start && line.len() <= 120 {
            let t = line.trim_end();
            // "Dear Jane, I am writing as …": the body runs on after the
            // comma (a line that ends with its comma is all salutation).
            let s = match t.find(", ") {
                Some(c) if !t.ends_with(',') && t[c + 2..].starts_with(char::is_uppercase) => {
                    &t[..c]
                }
                _ => t.trim_end_matches([',', ':', ';', '.']).trim_end(),
            };
            return Some(m.start()..m.start() + s.len());
        }
        if fallback.is_none() {
            // Flattened: up to the first comma, or the end of the name words.
            let prev_ok = before.is_empty() || !before.ends_with(|c: char| c.is_alphabetic()) || {
                // "… LE19 2BX Dear Lord Bach," – a block end, not a sentence word.
                let last = before.rsplit(' ').next().unwrap_or("");
                last.chars().any(|c| c.is_ascii_digit()) || last.chars().all(|c| c.is_uppercase())
            };
            if !prev_ok {
                continue;
            }
            let rest = &text[m.start()..line_end];
            // The name runs over name words, up to a word that opens the
            // letter's first sentence ("Dear Lord Chancellor Congratulations
            // on …"); a comma right after them ends it too.
            let toks: Vec<&str> = rest.split(' ').take(8).collect();
            let mut n = 2;
            while n < toks.len() {
                let bare = toks[n].trim_end_matches(',');
                let joins = NAME_JOINERS.contains(&bare);
                let capital = bare.starts_with(char::is_uppercase);
                if !(capital || joins) || SENTENCE_OPENERS.contains(&bare) {
                    break;
                }
                n += 1;
                if toks[n - 1].ends_with(',') {
                    break;
                }
            }
            // A joining word never ends a name ("Dear Sir or").
            while n > 2 && NAME_JOINERS.contains(&toks[n - 1]) {
                n -= 1;
            }
            let names_end = toks[..n.min(toks.len())].join(" ").len();
            let end = match rest.find(',') {
                Some(c) if c <= 80 && c <= names_end => c,
                _ => names_end,
            };
            fallback = Some(m.start()..m.start() + end);
        }
    }
    fallback
}

/// Lower-case words that join the words of a name or title after "Dear"
/// ("Sir or Madam", "Secretary of State"), never ending it.
const NAME_JOINERS: &[&str] = &["or", "and", "of", "the", "de", "van", "von", "&"];

/// Words that open a letter's first sentence, not a name after "Dear".
const SENTENCE_OPENERS: &[&str] = &[
    "I",
    "We",
    "My",
    "Our",
    "The",
    "This",
    "These",
    "Thank",
    "Thanks",
    "Many",
    "Congratulations",
    "Following",
    "Further",
    "Please",
    "It",
    "As",
    "On",
    "In",
    "With",
    "Having",
    "Re",
    "RE",
    "Subject",
    "Ahead",
    "Since",
    "Today",
    "Last",
    "You",
    "Your",
];

/// The end of the line holding `pos` (binary search: no rescanning).
fn line_end_at(lines: &[Line], pos: usize, len: usize) -> usize {
    let i = lines.partition_point(|l| l.range.end < pos);
    lines.get(i).map_or(len, |l| l.range.end)
}

/// At most `n` bytes of `s`, cut back to a char boundary.
fn prefix(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

/// Where a closing phrase may start, from the end of the text back to
/// `from`: a line start, a space after a line break, or a space after a
/// sentence end, a comma or an exclamation mark (the marks just before
/// `from` count too), and the text's start when `from` is 0. The last
/// phrase wins, so reading backwards lets the search stop at the first one.
/// The two streams never yield the same offset (a line break and a mark
/// cannot share a byte), so merging them gives each start once.
fn phrase_starts_rev(bytes: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let base = from.saturating_sub(2).min(bytes.len());
    let tail = &bytes[base..];
    let after_space = move |p: usize| (bytes.get(p + 1) == Some(&b' ')).then_some(p + 2);
    let mut breaks = memchr::memrchr_iter(b'\n', tail)
        .map(move |p| p + base)
        .flat_map(move |p| after_space(p).into_iter().chain([p + 1]))
        .peekable();
    let mut marks = memchr::memrchr3_iter(b'.', b',', b'!', tail)
        .filter_map(move |p| after_space(p + base))
        .peekable();
    std::iter::from_fn(move || match (breaks.peek(), marks.peek()) {
        (Some(&a), Some(&b)) if a < b => marks.next(),
        (Some(_), _) => breaks.next(),
        (None, _) => marks.next(),
    })
    .chain((from == 0).then_some(0))
}

/// Finds the valediction: the last closing phrase from the lexicon standing
/// at a line start (or after a sentence end when lines were flattened) and
/// followed by a comma, full stop, line end or a capitalised word.
#[inline(never)]
fn find_valediction(text: &str, lines: &[Line], from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    phrase_starts_rev(bytes, from).find_map(|i| valediction_at(text, lines, from, i))
}

/// The closing phrase starting at `i`, if one does (see [`find_valediction`]).
fn valediction_at(text: &str, lines: &[Line], from: usize, i: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    // A closing phrase opens with a capital.
    if i < from || i >= text.len() || !bytes[i].is_ascii_uppercase() {
        return None;
    }
    // Cheap test first: does a closing phrase start with this word?
    let first = text[i..].split([' ', '\n', ',']).next().unwrap_or("");
    if !VALEDICTIONS.starts_with_word(first) {
        return None;
    }
    // A window of the line is enough to read a closing phrase.
    let window = prefix(&text[i..line_end_at(lines, i, text.len())], 120);
    let rest_end = i + window.len();
    let toks: Vec<&str> = window.split(' ').take(5).collect();
    let n = VALEDICTIONS.match_len(&toks);
    if n == 0 {
        return None;
    }
    let phrase_len = toks[..n].join(" ").len();
    let last_tok = toks[n - 1];
    let stripped = lexicon::strip(last_tok);
    let punct = last_tok.len() > stripped.len();
    let end = i + toks[..n - 1].iter().map(|t| t.len() + 1).sum::<usize>() + stripped.len();
    let after = text
        .get(i + phrase_len..rest_end)
        .unwrap_or("")
        .trim_start();
    let line_start = i == 0 || bytes[i - 1] == b'\n';
    // "Yours sincerely Baroness Newlove …": flattening may lose
    // the comma too; a two-word "Yours …" is a closing anyway.
    let yours = n >= 2 && toks[0] == "Yours";
    let ok = if line_start {
        punct || after.is_empty() || after.starts_with(|c: char| c.is_uppercase())
    } else {
        (punct || yours) && after.starts_with(|c: char| c.is_uppercase())
    };
    // "Yours" or "Regards" alone must be set off as a line of its own.
    let single = n == 1
        && matches!(
            stripped,
            "Yours" | "Regards" | "Sincerely" | "Respectfully" | "Best" | "Cordially"
        );
    (ok && (!single || after.is_empty()) && text.is_char_boundary(end)).then_some(i..end)
}

/// Finds where the letter proper starts: after the last prologue line (a web
/// page's cookie notice, breadcrumbs, "Published …", title, summary prose)
/// before the salutation.
#[inline(never)]
fn find_start(text: &str, lines: &[Line], before: usize) -> usize {
    // Lines wholly before the salutation, and their word counts (a title's
    // lines are looked at from each of its first lines).
    let n_full = lines.partition_point(|l| l.range.end <= before);
    let counts: Vec<usize> = lines[..n_full]
        .iter()
        .map(|l| words_past_40(&text[l.range.clone()]))
        .collect();
    let mut start = 0;
    let mut i = 0;
    // The joined title, a buffer kept from one run of short lines to the next.
    let mut joined = String::new();
    while i < lines.len() && lines[i].range.start < before {
        let l = &lines[i];
        let s = text[l.range.start..l.range.end.min(before)].trim();
        let words = counts.get(i).copied().unwrap_or_else(|| words_past_40(s));
        // A title set one word a line ("LETTER / FROM / THE / …"): read it joined.
        if (1..=2).contains(&words) {
            // A title in capitals ends where the capitals do ("… 2022 /
            // Chris Bryant MP"): the next short line is the letter's own.
            let no_lower = |k: usize| !text[lines[k].range.clone()].chars().any(char::is_lowercase);
            let capitals = no_lower(i);
            let mut j = i;
            while j < n_full
                && j - i < 40
                && (1..=3).contains(&counts[j])
                && (!capitals || no_lower(j))
            {
                j += 1;
            }
            if j - i >= 3 {
                joined.clear();
                for l in &lines[i..j] {
                    joined.push_str(text[l.range.clone()].trim());
                    joined.push(' ');
                }
                if is_prologue(joined.trim()) {
                    start = lines[j - 1].range.end;
                    i = j;
                    continue;
                }
            }
        }
        let whole = l.range.end <= before;
        let prose = words >= 8
            && s.ends_with(['.', '!', '?'])
            && whole
            && !(may_carry_address(s) && POSTCODE_OR_URL.is_match(s));
        if prose || (whole && words <= 40 && is_prologue(s)) {
            start = l.range.end;
        }
        i += 1;
    }
    start
}

/// The number of words in `s` ([`crate::text::word_count`]) where it is
/// 40 or fewer, else some number above 40: [`find_start`] tells lines apart
/// by counts up to 40, and a long line's count is settled by its first
/// 512 bytes (a word cut there is still a word of the line).
fn words_past_40(s: &str) -> usize {
    let head = prefix(s, 512);
    let n = crate::text::word_count(head);
    if n > 40 || head.len() == s.len() {
        n
    } else {
        crate::text::word_count(s)
    }
}

/// Whether [`POSTCODE_OR_URL`] can match `s`: each of its forms holds an
/// ASCII digit, "www.", "://" or '|'.
fn may_carry_address(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit() || b == b'|')
        || memchr::memmem::find(s.as_bytes(), b"www.").is_some()
        || memchr::memmem::find(s.as_bytes(), b"://").is_some()
}

/// Whether `s` is a prologue line, as [`PROLOGUE`] says, read by hand. The
/// regex's case-insensitive letters match only their ASCII selves unless
/// the text holds one of the two non-ASCII characters that fold to ASCII
/// letters ("ſ" to "s", the Kelvin sign to "k"): such text goes to the
/// regex. So does "letter to" or "letter from" followed by a non-ASCII
/// character, where `\b` asks for Unicode word characters. `\s` is
/// `char::is_whitespace` (both are Unicode's White_Space).
fn is_prologue(s: &str) -> bool {
    let ascii = s.is_ascii();
    if !ascii && s.contains(['\u{17f}', '\u{212a}']) {
        return PROLOGUE.is_match(s);
    }
    const OPENERS: &[&str] = &[
        "published",
        "updated",
        "last updated",
        "skip to",
        "share this page",
        "download ",
        "is this page useful",
    ];
    let b = s.as_bytes();
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    for p in ["letter from", "letter to"] {
        if starts(p) {
            match b.get(p.len()) {
                Some(c) if !c.is_ascii() => return PROLOGUE.is_match(s),
                Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {}
                _ => return true,
            }
        }
    }
    if OPENERS.iter().any(|p| starts(p)) {
        return true;
    }
    // One pass for the phrases found anywhere: each opens with a byte that
    // is rare in a line or one of two letters.
    let at = |i: usize, p: &str| {
        b.len() - i >= p.len() && b[i..i + p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let space = |i: usize| b.get(i).is_some_and(|c| matches!(c, b'\t'..=b'\r' | b' '));
    // The bytes that may open a phrase: most of a line is skipped by a
    // table look-up, with no jump per byte.
    const OPENS: [bool; 256] = {
        let mut t = [false; 256];
        t[b'c' as usize] = true;
        t[b'C' as usize] = true;
        t[b'(' as usize] = true;
        t[b'f' as usize] = true;
        t[b'F' as usize] = true;
        t[b'>' as usize] = true;
        t
    };
    let found = b.iter().enumerate().any(|(i, &c)| {
        OPENS[usize::from(c)]
            && match c {
                b'c' | b'C' => at(i, "cookie"),
                b'(' => at(i, "(pdf,"),
                b'f' | b'F' => at(i, "full text of the letter"),
                b'>' => ascii && i > 0 && space(i - 1) && space(i + 1),
                _ => false,
            }
    });
    found || !ascii && spaced_arrow(s)
}

/// Whether `s` holds '>', '›' or '»' between two whitespace characters.
fn spaced_arrow(s: &str) -> bool {
    let mut prev: [Option<char>; 2] = [None, None];
    for c in s.chars() {
        if let [Some(a), Some(m)] = prev {
            if a.is_whitespace() && matches!(m, '>' | '›' | '»') && c.is_whitespace() {
                return true;
            }
        }
        prev = [prev[1], Some(c)];
    }
    false
}

/// Lays out the clean text.
pub(crate) fn layout(text: &str) -> Layout {
    let mut lines = lines(text);
    mark_furniture(text, &mut lines);
    let salutation = find_salutation(text, &lines);
    let start = salutation
        .as_ref()
        .map_or(0, |s| find_start(text, &lines, s.start));
    let body_start = salutation.as_ref().map_or(0, |s| {
        // Skip the salutation's trailing punctuation.
        let rest = &text[s.end..];
        s.end + (rest.len() - rest.trim_start_matches([',', ':', ';', '.']).len())
    });
    let valediction = find_valediction(text, &lines, body_start);
    let body_end = valediction.as_ref().map_or(text.len(), |v| v.start);
    let tail_start = valediction.as_ref().map_or(text.len(), |v| {
        let rest = &text[v.end..];
        v.end + (rest.len() - rest.trim_start_matches([',', '.', '!']).len())
    });
    let wrap_width = wrap_width(text, &lines);
    Layout {
        lines,
        wrap_width,
        start,
        salutation,
        valediction,
        body: body_start..body_end.max(body_start),
        tail: tail_start..text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salutation_on_its_own_line_drops_the_comma() {
        let t = "Header\n\nDear Lord Bach,\n\nBody text.\n\nYours sincerely,\n\nName";
        let l = layout(t);
        assert_eq!(&t[l.salutation.unwrap()], "Dear Lord Bach");
        assert_eq!(&t[l.valediction.unwrap()], "Yours sincerely");
    }

    #[test]
    fn salutation_at_a_line_start_ends_at_its_comma_when_the_body_runs_on() {
        let t = "L18 9TG\nDear Jane, I am writing as Commissioner\nabout the plan.\nYours sincerely,\nA Yurn";
        assert_eq!(&t[layout(t).salutation.unwrap()], "Dear Jane");
        let t = "SW1A 0AA\nDear Carol Monaghan MP, SNP Glasgow North West,\nI write.\nYours sincerely,\nA Yurn";
        assert_eq!(
            &t[layout(t).salutation.unwrap()],
            "Dear Carol Monaghan MP, SNP Glasgow North West"
        );
    }

    #[test]
    fn salutation_in_a_flattened_letter_keeps_its_role_words_and_stops_at_the_first_sentence() {
        let t = "London SW1P 4DF Dear Home Secretary, I am writing about the Code. Yours sincerely, A Yurn";
        assert_eq!(&t[layout(t).salutation.unwrap()], "Dear Home Secretary");
        let t = "London SW1P 4DF Dear Lord Chancellor Congratulations on your appointment as Lord \
                 Chancellor and Secretary of State for Justice, which I welcome. Yours sincerely A Yurn";
        let l = layout(t);
        assert_eq!(&t[l.salutation.unwrap()], "Dear Lord Chancellor");
        // The comma after the closing was lost too.
        assert_eq!(&t[l.valediction.unwrap()], "Yours sincerely");
        let t = "SW1P 4DF Dear Sir or Madam I write about the Code. Yours faithfully, A Yurn";
        assert_eq!(&t[layout(t).salutation.unwrap()], "Dear Sir or Madam");
    }

    #[test]
    fn salutation_in_a_flattened_letter_ends_at_its_comma() {
        let t = "Leicester LE19 2BX Dear Lord Bach, As Commissioner, I write. Yours sincerely, Aun Yurn";
        let l = layout(t);
        assert_eq!(&t[l.salutation.unwrap()], "Dear Lord Bach");
        assert_eq!(&t[l.valediction.unwrap()], "Yours sincerely");
    }

    #[test]
    fn valediction_is_the_last_closing_phrase_set_off_on_its_line() {
        let t = "Dear Mike,\n\nText.\n\nWith best wishes.\n\nYours sincerely\n\nVera";
        let l = layout(t);
        assert_eq!(&t[l.valediction.unwrap()], "Yours sincerely");
    }

    #[test]
    fn best_wishes_inside_a_sentence_is_not_a_valediction() {
        let t = "Dear Sir,\nI send my best wishes to all.\nKind regards,\nAnn";
        let l = layout(t);
        assert_eq!(&t[l.valediction.unwrap()], "Kind regards");
    }

    #[test]
    fn page_numbers_and_running_headers_are_furniture() {
        let t =
            "Report 2017/18    3\nDear X Y\ntext\nReport 2017/18    4\nmore\nPage 2 of 3\nOFFICIAL";
        let l = layout(t);
        let furn: Vec<&str> = l
            .lines
            .iter()
            .filter(|l| l.furniture)
            .map(|l| &t[l.range.clone()])
            .collect();
        assert_eq!(
            furn,
            [
                "Report 2017/18    3",
                "Report 2017/18    4",
                "Page 2 of 3",
                "OFFICIAL"
            ]
        );
    }

    #[test]
    fn a_footer_address_wrapped_over_lines_is_furniture_on_every_line() {
        let foot = "Office of the Ombudsman, Tower House, 3rd\nFloor, 9 Mill Lane, Leeds LS1 4AB |\nwww.example.org.uk";
        let t = format!(
            "Dear X Y,\n\nFirst page text.\n\n{foot}\n\nSecond page text.\nThe same words twice.\n\
             Yours sincerely,\n\nAnn Lee\n\n{foot}\n"
        );
        let l = layout(&t);
        let furn: Vec<&str> = l
            .lines
            .iter()
            .filter(|l| l.furniture && l.footer_address)
            .map(|l| &t[l.range.clone()])
            .collect();
        let want: Vec<&str> = foot.lines().chain(foot.lines()).collect();
        assert_eq!(furn, want);
    }

    #[test]
    fn a_text_wrapped_at_a_fixed_width_has_that_width_and_others_none() {
        let para = "The review looked at a sample of complaints closed by the company during \
                    the last financial year and at the letters sent to customers who had \
                    complained more than once about the same matter. ";
        let wrapped: String = para
            .repeat(3)
            .split_inclusive(' ')
            .fold((String::new(), 0), |(mut s, w), word| {
                let w = if w + word.len() > 60 {
                    s.push('\n');
                    0
                } else {
                    w
                };
                s.push_str(word);
                (s, w + word.len())
            })
            .0;
        let w = layout(&wrapped).wrap_width.expect("a wrap width");
        assert!((50..=61).contains(&w), "{w}");
        // A line that ends for want of room, and one that does not.
        assert!(wrapped_line(
            Some(60),
            "Lord Willy Bach Police and Crime Commissioner for",
            "Leicestershire Office"
        ));
        assert!(!wrapped_line(Some(60), "Police Headquarters", "St Johns"));
        // One paragraph a line: never wrapped.
        let one_a_line = format!("{para}\n").repeat(10);
        assert_eq!(layout(&one_a_line).wrap_width, None);
        // Short lines only (an address block): no margin to judge by.
        let short = "3rd Floor\nKestrel House\n12 Harbour Street\nBristol\n".repeat(3);
        assert_eq!(layout(&short).wrap_width, None);
    }

    /// The valediction as first written: every phrase start in text order,
    /// the last closing phrase kept.
    fn find_valediction_forward(text: &str, lines: &[Line], from: usize) -> Option<Range<usize>> {
        let bytes = text.as_bytes();
        let base = from.saturating_sub(2).min(bytes.len());
        let tail = &bytes[base..];
        let mut starts: Vec<usize> = Vec::new();
        if from == 0 {
            starts.push(0);
        }
        for p in memchr::memchr_iter(b'\n', tail).map(|p| p + base) {
            starts.push(p + 1);
            if bytes.get(p + 1) == Some(&b' ') {
                starts.push(p + 2);
            }
        }
        for p in memchr::memchr3_iter(b'.', b',', b'!', tail).map(|p| p + base) {
            if bytes.get(p + 1) == Some(&b' ') {
                starts.push(p + 2);
            }
        }
        starts.sort_unstable();
        let mut best = None;
        for i in starts {
            if let Some(r) = valediction_at(text, lines, from, i) {
                best = Some(r);
            }
        }
        best
    }

    proptest::proptest! {
        #[test]
        fn valediction_read_backwards_is_the_last_one_read_forwards(
            t in r"(Yours|sincerely|faithfully|Kind|regards|Best|wishes|With|Dear|Ann|I|thank|you|\.|,|!|:|\n| |é){0,24}",
            from in 0usize..40,
        ) {
            let lines = lines(&t);
            let mut from = from.min(t.len());
            while !t.is_char_boundary(from) {
                from -= 1;
            }
            proptest::prop_assert_eq!(
                find_valediction(&t, &lines, from),
                find_valediction_forward(&t, &lines, from)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_long_lines_word_count_is_exact_up_to_40(
            words in proptest::collection::vec(("[a-zé]{1,40}", "[ \t\u{a0}]{1,3}"), 0..90)
        ) {
            let s: String = words.iter().map(|(w, gap)| format!("{w}{gap}")).collect();
            let n = crate::text::word_count(&s);
            let got = words_past_40(&s);
            if n <= 40 {
                proptest::prop_assert_eq!(got, n);
            } else {
                proptest::prop_assert!(got > 40 && got <= n, "{} of {}", got, n);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn prologue_read_by_hand_agrees_with_its_regex(
            t in r"(published|Updated|last|LAST|updated|skip|to|share|this|page|download|is|useful|cookie|Cookies|\(pdf,|\(PDF,|letter|Letter|from|tO|_|2|full|text|of|the|>|›|»|\u{17f}|\u{212a}|é|\u{3000}| |\t|\u{a0}|\u{b}){0,10}"
        ) {
            proptest::prop_assert_eq!(is_prologue(&t), PROLOGUE.is_match(&t));
            if POSTCODE_OR_URL.is_match(&t) {
                proptest::prop_assert!(may_carry_address(&t));
            }
        }

        #[test]
        fn a_plain_line_is_its_own_fingerprint(
            t in r"([a-zA-Z@\[`{.:/-]{1,6}( |  |\x0b|\t|\n|\x0c|\r|[0-9]|é)?){0,10}"
        ) {
            let t = t.trim();
            let mut key = vec![0; t.len()];
            let slow = fingerprint(t, &mut key);
            let letters = slow.iter().filter(|&&b| b.is_ascii_alphabetic() || b >= 0x80).count();
            let (fast_letters, plain) = letters_and_plain(t);
            proptest::prop_assert_eq!(fast_letters, letters);
            proptest::prop_assert_eq!(plain, slow == t.as_bytes());
            let ends = match (slow.first(), slow.last()) {
                (Some(&f), Some(&l)) => Some((usize::from(f) << 2 ^ usize::from(l)) & 0x3ff),
                _ => None,
            };
            proptest::prop_assert_eq!(fingerprint_ends(t), ends);
        }

        #[test]
        fn trim_agrees_with_str_trim(t in r"( |\t|\u{b}|\u{a0}|\u{3000}|a|é|\.){0,8}") {
            proptest::prop_assert_eq!(trim(&t), t.trim());
        }

        #[test]
        fn postcodes_and_urls_are_never_missed(
            t in r"(SW1A|0AA|LE19|2BX|www\.|https?://|\||x|١|é|\.| ){0,8}"
        ) {
            if POSTCODE_OR_URL.is_match(&t) {
                proptest::prop_assert!(may_carry_address(&t));
            }
        }
    }

    #[test]
    fn web_page_prologue_ends_before_the_letter() {
        let t = "We use cookies on this site.\nHome > News > Letter\nPublished 1 July 2022\nThe full text of the letter is below.\nJane Doe\nDirector\n\nDear Sir,\nText";
        let l = layout(t);
        assert_eq!(&t[l.start..l.start + 9], "\nJane Doe");
    }

    #[test]
    fn a_title_in_capitals_one_word_a_line_ends_where_the_capitals_do() {
        let t = "LETTER\nFROM\nTHE\nOMBUDSMAN\nTO\nTHE\nCHAIR,\n3 MAY\n2022\nAnn Hale MP\nChair, Audit Committee\nDear Chair,\nText";
        let l = layout(t);
        assert_eq!(&t[l.start..l.start + 12], "\nAnn Hale MP");
    }
}
