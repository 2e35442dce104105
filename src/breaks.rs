//! Paragraph breaks in text whose line breaks were erased.
//!
//! A letter flattened onto one line (text copied out of a web page, some
//! PDF extractors) keeps its sentences but loses the breaks between its
//! paragraphs. Nothing in the characters marks them, so they are weighed from
//! two kinds of evidence, as a segmentation of the sentence sequence:
//!
//! - **length**: formal letters' paragraphs run to a few sentences, a median
//!   of fifty to sixty words, widely spread (a log-normal prior on a
//!   paragraph's word count);
//! - **cues** at each sentence start (`lexicon/paragraph_cues.txt`): moves
//!   that open a paragraph ("Finally,", "I look forward", "I am copying this
//!   letter", a new time frame or topic) and words that point back to the
//!   sentence before ("This", "Therefore", "For example"); a sentence after a
//!   request, or ending on a footnote marker, is a little more likely to end
//!   its paragraph; a colon never does;
//! - **cohesion** between neighbouring sentences, as TextTiling measures it:
//!   the content words they share, and a demonstrative naming what the
//!   sentence before named ("additional funding … this funding").
//!
//! The best segmentation is found by dynamic programming over sentence
//! boundaries (each paragraph at most [`MAX_SENTENCES`] sentences), linear
//! in the number of sentences. The result is a guess from evidence, so the
//! record says so with a `paragraph_breaks_inferred` diagnostic.

use regex::{Regex, RegexSet};
use std::ops::Range;
use std::sync::LazyLock;

/// The longest paragraph considered, in sentences.
pub(crate) const MAX_SENTENCES: usize = 25;

/// Median words in a paragraph, and the spread of the log-normal prior:
/// measured on the paragraphs of formal letters (190 in the development
/// letters: median 55 words, standard deviation of the log 0.65). A prior
/// as wide as the letters' own spread leaves the breaks to the cues where
/// they speak; a narrower one cut long paragraphs at the weakest cue.
const MEDIAN_WORDS: f64 = 60.0;
const SIGMA: f64 = 0.65;
/// How much the cues count against the length prior.
const CUE_WEIGHT: f64 = 1.0;

/// A sentence end: terminal punctuation, an optional footnote marker and
/// closing quote, spaces, then a capital, quote, bracket or digit. Read by
/// hand ([`sentence_end_at`]); the tests hold the two to the same answers.
#[cfg(test)]
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([.!?])((?:\^?[0-9]{1,3})?)(["”’)]?)(\s+)[A-Z"“‘(0-9]"#).unwrap()
});

/// The [`SENTENCE_END`] match whose mark is byte `p` of `s`, read by hand:
/// where the char after its spaces starts (the next sentence's start).
/// Each optional part can only be taken whole: what follows the marker's
/// digits must be a quote or a space, never a digit or '^', and what
/// follows the quote a space; so the greedy reading is the only one.
fn sentence_end_at(s: &str, p: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = p + 1;
    // The footnote marker: '^' and up to three ASCII digits.
    let caret = usize::from(b.get(i) == Some(&b'^'));
    let digits = b[(i + caret).min(b.len())..]
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits > 0 {
        i += caret + digits;
    }
    let rest = &s[i..];
    let rest = rest
        .strip_prefix(['"', '\u{201d}', '\u{2019}', ')'])
        .unwrap_or(rest);
    // `\s` is Unicode's White_Space, as `char::is_whitespace` is.
    let after = rest.trim_start_matches(char::is_whitespace);
    let opens = after.starts_with(|c: char| {
        c.is_ascii_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '(')
    });
    (after.len() < rest.len() && opens).then(|| s.len() - after.len())
}

/// Every [`SENTENCE_END`] match of `s` (as `find_iter` yields them): its
/// mark's offset and the next sentence's start. No match can start inside
/// another (none holds a second '.', '!' or '?'), so each mark is tried.
fn sentence_ends(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    memchr::memchr3_iter(b'.', b'!', b'?', s.as_bytes())
        .filter_map(move |p| sentence_end_at(s, p).map(|at| (p, at)))
}

/// A list item's label run into the text: "1. ", "2) ", "b. ".
static ITEM_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)]\s").unwrap());

/// A sentence that asks something of the reader.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:I|We) (?:would|should) (?:also |therefore |now |further |both )?(?:be (?:grateful|happy|pleased|glad|delighted)|welcome|ask|urge|like|request|invite|encourage|appreciate)\b|\b(?:would|will) be (?:happy|pleased|glad) to\b|^Please\b",
    )
    .unwrap()
});

/// A footnote number glued to the end of a sentence: "harm.3", "report4".
/// Read by hand ([`ends_on_marker`]); the tests hold the two to the same
/// answers.
#[cfg(test)]
static ENDS_ON_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z.,;)]\^?[0-9]{1,2}[.]?$").unwrap());

/// Whether `t` ends as [`ENDS_ON_MARKER`] says, read by hand: an optional
/// '.', one or two ASCII digits (three would leave a digit where the mark
/// before them must be), an optional '^' (taken when there: it is not a
/// mark), then a letter or one of ".,;)".
fn ends_on_marker(t: &str) -> bool {
    let b = t.as_bytes();
    let e = b.len() - usize::from(b.last() == Some(&b'.'));
    let digits = b[..e]
        .iter()
        .rev()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let mut k = e - digits;
    if k > 0 && b[k - 1] == b'^' {
        k -= 1;
    }
    k > 0 && (b[k - 1].is_ascii_alphabetic() || matches!(b[k - 1], b'.' | b',' | b';' | b')'))
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "vol", "e.g", "i.e", "etc", "prof", "rt", "hon",
    "cf", "pp", "p", "para", "paras", "art", "sec", "gov", "co", "ltd", "inc", "jr", "sr", "dept",
];

/// The sentence-start cues, compiled once from the lexicon file: one set
/// matched at once, and each pattern's weight.
static CUES: LazyLock<(RegexSet, Vec<f64>)> = LazyLock::new(|| {
    let (patterns, weights): (Vec<&str>, Vec<f64>) = include_str!("lexicon/paragraph_cues.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (w, re) = l.split_once(char::is_whitespace)?;
            Some((re.trim(), w.parse::<f64>().ok()?))
        })
        .unzip();
    let set = RegexSet::new(&patterns).unwrap_or_else(|_| RegexSet::empty());
    let weights = if set.len() == patterns.len() {
        weights
    } else {
        Vec::new()
    };
    (set, weights)
});

/// The last `n` bytes of `s` or a little more (never splitting a character).
#[cfg(test)]
fn tail_of(s: &str, n: usize) -> &str {
    let mut at = s.len().saturating_sub(n);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[at..]
}

/// A word of ASCII letters with its first eight bytes packed big-endian
/// (zero-padded) in front: as the words hold no NUL byte, ordering by the
/// packed bytes and then by the text is the text's own order, and most
/// comparisons end at the integers with no call to `memcmp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Word<'a> {
    key: u64,
    text: &'a str,
}

impl<'a> Word<'a> {
    fn new(text: &'a str) -> Word<'a> {
        Word {
            key: packed(text),
            text,
        }
    }
}

/// The first eight bytes of `s`, big-endian, zero-padded (a shorter word
/// is read byte by byte: a copy of a few bytes would call `memcpy`).
fn packed(s: &str) -> u64 {
    let b = s.as_bytes();
    match b.first_chunk::<8>() {
        Some(k) => u64::from_be_bytes(*k),
        None => b
            .iter()
            .fold(0u64, |k, &x| k << 8 | u64::from(x))
            .checked_shl(8 * (8 - b.len() as u32))
            .unwrap_or(0),
    }
}

/// Whether a sentence may hold a [`REQUEST`]: each of its branches needs
/// "would " or "should " (both hold "ould "), "will be ", or "Please" at
/// the start. Most sentences hold none, and this spares them the search.
fn may_ask(t: &str) -> bool {
    static OULD: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("ould "));
    static WILL_BE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("will be "));
    let b = t.as_bytes();
    t.starts_with("Please") || OULD.find(b).is_some() || WILL_BE.find(b).is_some()
}

/// What the segmentation needs to know of one sentence, read once. Its
/// words borrow from a lower-case copy of the sentence (made once per
/// stretch by [`segment`]), not a `String` each.
struct Sentence<'a> {
    /// The cues at its start (see [`opening`]).
    opens: f64,
    /// It ends with a colon: a list or a quotation follows.
    ends_colon: bool,
    /// It ends on a footnote marker.
    ends_marker: bool,
    /// It asks something of the reader.
    asks: bool,
    /// Its content words, sorted.
    words: Vec<Word<'a>>,
    /// Its first words, lowercase, for demonstratives ("this funding").
    head: &'a str,
}

impl<'a> Sentence<'a> {
    /// Reads sentence `s`; `lower` is `s.to_ascii_lowercase()` (the same
    /// bytes but for ASCII capitals, so its char boundaries are those of `s`).
    fn read(s: &str, lower: &'a str) -> Sentence<'a> {
        let t = s.trim_end();
        let mut words = content_words(lower);
        words.sort_unstable();
        words.dedup();
        let mut head = s.len().min(120);
        while !s.is_char_boundary(head) {
            head -= 1;
        }
        Sentence {
            opens: opening(s),
            ends_colon: t.ends_with(':'),
            ends_marker: ends_on_marker(t),
            asks: may_ask(t) && REQUEST.is_match(t),
            words,
            head: &lower[..head],
        }
    }
}

/// How strongly a sentence's first words say it opens a paragraph: the
/// strongest positive cue, then each negative cue (words that point back).
fn opening(sentence: &str) -> f64 {
    let head = head_of(sentence);
    let (set, weights) = &*CUES;
    let matched = set.matches(head);
    let mut score: f64 = 0.0;
    if !matched.matched_any() {
        return score;
    }
    let mut any_negative = false;
    for k in matched.iter() {
        let w = weights[k];
        if w > 0.0 {
            score = score.max(w);
        } else if w < 0.0 {
            any_negative = true;
        }
    }
    if !any_negative {
        return score;
    }
    for k in matched.iter() {
        let w = weights[k];
        if w < 0.0 {
            score = if score <= 0.0 {
                score.min(w)
            } else {
                score + w
            };
        }
    }
    score
}

#[cfg(test)]
/// How strongly the evidence says a paragraph opens with `sentence`, which
/// follows `prev`.
fn cue(prev: &str, sentence: &str) -> f64 {
    let (a, b) = (prev.to_ascii_lowercase(), sentence.to_ascii_lowercase());
    pair(&Sentence::read(prev, &a), &Sentence::read(sentence, &b))
}

/// [`cue`] from sentences read once.
fn pair(prev: &Sentence, cur: &Sentence) -> f64 {
    let mut score = cur.opens;
    if prev.ends_colon {
        score -= 6.0;
    }
    if prev.ends_marker {
        score += 0.5;
    }
    if prev.asks {
        score += 0.5;
    }
    score - cohesion(prev, cur)
}

/// Function words left out of the cohesion measure (sorted: searched by halves).
const STOPWORDS: &[&str] = &[
    "able", "about", "across", "after", "against", "also", "among", "because", "been", "before",
    "being", "between", "could", "does", "done", "during", "each", "from", "have", "into", "just",
    "like", "made", "make", "many", "more", "most", "much", "only", "other", "over", "same",
    "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "upon", "very", "well", "were", "what", "when", "where",
    "which", "while", "will", "with", "within", "without", "would", "your",
];

/// The length of the longest of the [`STOPWORDS`].
const LONGEST_STOPWORD: usize = {
    let (mut i, mut n) = (0, 0);
    while i < STOPWORDS.len() {
        if STOPWORDS[i].len() > n {
            n = STOPWORDS[i].len();
        }
        i += 1;
    }
    n
};

/// `s.trim_end_matches('s')`, byte by byte ('s' is one byte, so the cut
/// is a char boundary).
fn trim_plural(s: &str) -> &str {
    let n = s.bytes().rev().take_while(|&b| b == b's').count();
    &s[..s.len() - n]
}

/// Slots of the stopword table: a power of two over four times the list.
const STOP_SLOTS: usize = 256;

/// Where a packed word's probe starts in the stopword table.
fn stop_slot(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % STOP_SLOTS
}

/// Whether `w` (ASCII letters) is one of the [`STOPWORDS`]. Words of up
/// to eight bytes are looked up by their packed bytes (which, with no NUL
/// byte in either, tell words apart as their text does) in an open-address
/// table (0 marks an empty slot: no word packs to 0); longer ones in the
/// list itself, if any in it is as long.
fn is_stopword(w: Word) -> bool {
    static TABLE: LazyLock<[u64; STOP_SLOTS]> = LazyLock::new(|| {
        let mut t = [0u64; STOP_SLOTS];
        for s in STOPWORDS.iter().filter(|s| s.len() <= 8) {
            let k = packed(s);
            let mut i = stop_slot(k);
            while t[i] != 0 && t[i] != k {
                i = (i + 1) % STOP_SLOTS;
            }
            t[i] = k;
        }
        t
    });
    if w.text.len() > 8 {
        return w.text.len() <= LONGEST_STOPWORD && STOPWORDS.binary_search(&w.text).is_ok();
    }
    let k = w.key;
    if k == 0 {
        return false;
    }
    let t = &*TABLE;
    let mut i = stop_slot(k);
    loop {
        match t[i] {
            0 => return false,
            x if x == k => return true,
            _ => i = (i + 1) % STOP_SLOTS,
        }
    }
}

/// Content words of `lower` (a sentence already in ASCII lower case):
/// letter runs of four or more, not function words. The runs are found
/// byte by byte: every byte of a non-ASCII char is a non-letter, so they
/// are the runs a split on `!char::is_ascii_alphabetic` yields.
fn content_words(lower: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(lower.len() / 8);
    for run in letter_runs(lower).filter(|r| r.len() >= 4) {
        let w = Word::new(run);
        if !is_stopword(w) {
            out.push(w);
        }
    }
    out
}

/// The runs of ASCII letters in `s`, found byte by byte: every byte of a
/// non-ASCII char is a non-letter, so they are the runs a split on
/// `!char::is_ascii_alphabetic` yields (and start and end at char
/// boundaries).
fn letter_runs(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        (i > start).then(|| &s[start..i])
    })
}

/// How strongly a sentence holds on to the one before (lexical cohesion, as
/// in TextTiling): the share of content words they have in common, and a
/// demonstrative naming something the sentence before named ("additional
/// funding … this funding").
fn cohesion(prev: &Sentence, cur: &Sentence) -> f64 {
    let (a, b) = (&prev.words, &cur.words);
    let mut score = 0.0;
    if !a.is_empty() && !b.is_empty() {
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        score += 1.5 * shared as f64 / a.len().min(b.len()) as f64;
    }
    let mut prev_word = "";
    for w in letter_runs(cur.head) {
        // Whether the sentence before named it, plural or not.
        if matches!(prev_word, "this" | "these" | "that" | "those" | "such")
            && w.len() >= 4
            && prev
                .words
                .iter()
                .any(|p| trim_plural(p.text) == trim_plural(w))
        {
            score += 1.0;
            break;
        }
        prev_word = w;
    }
    score
}

/// The first words of a sentence: all the cues look at.
fn head_of(s: &str) -> &str {
    // Up to its tenth space (a byte scan: a few words are quicker read so
    // than by a memchr call per space).
    let end = s
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b' ')
        .nth(9)
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Sentence starts in `range` of `text` (offsets into `text`), the first
/// being `range.start`; boundaries inside a `masked` range (sorted, not
/// overlapping) are ignored.
pub(crate) fn sentence_starts(
    text: &str,
    range: Range<usize>,
    masked: &[Range<usize>],
) -> Vec<usize> {
    let s = &text[range.clone()];
    let mut out = vec![range.start];
    // The optional marker is empty exactly when no '^' or digit follows
    // the mark (either would have to be in it: no other part takes one).
    for (p, at) in sentence_ends(s) {
        let at = range.start + at;
        let k = masked.partition_point(|m| m.end < at);
        if masked.get(k).is_some_and(|m| m.start <= at) {
            continue;
        }
        let no_marker = !matches!(s.as_bytes().get(p + 1), Some(b'^' | b'0'..=b'9'));
        if s.as_bytes()[p] == b'.' && no_marker {
            let before = &s[..p];
            let word = before
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("");
            let single_initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            // The abbreviations are lower-case ASCII: a case-blind compare
            // says what lower-casing the word first said.
            if single_initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
                continue;
            }
        }
        out.push(at);
    }
    out
}

/// Words in `range` of `text`, leaving out the `masked` ranges.
fn words(text: &str, range: Range<usize>, masked: &[Range<usize>]) -> usize {
    let mut n = 0;
    let mut pos = range.start;
    let first = masked.partition_point(|m| m.end <= range.start);
    for m in masked[first..].iter().take_while(|m| m.start < range.end) {
        if m.start > pos {
            n += crate::text::word_count(&text[pos..m.start]);
        }
        pos = pos.max(m.end);
    }
    if pos < range.end {
        n += crate::text::word_count(&text[pos..range.end]);
    }
    n
}

/// Where paragraphs most likely begin in `range` of `text` (a stretch of
/// running text whose paragraph breaks were erased), not counting its start:
/// offsets of sentence starts and of list items. A list run into the text
/// ("… on the following points: the timetable …; the date …; and when …")
/// keeps its items apart, as they were printed; the text around it is
/// segmented by [`segment`]. `masked` ranges (footnotes printed inside the
/// stretch, sorted) are neither counted nor split.
pub(crate) fn infer(text: &str, range: Range<usize>, masked: &[Range<usize>]) -> Vec<usize> {
    let forced = list_breaks(text, range.clone(), masked);
    let mut cuts = Vec::new();
    let mut start = range.start;
    for &f in forced.iter().chain(std::iter::once(&range.end)) {
        if f > start {
            cuts.extend(segment(text, start..f, masked));
        }
        if f < range.end && f > range.start {
            cuts.push(f);
        }
        start = f;
    }
    cuts
}

/// Items of a list run into the text: after a colon, at least two items
/// parted by semicolons, the last ending a sentence. Printed lists hold
/// items of a clause or more (ten words or more on average, none under
/// five); a shorter run ("… priorities: care; prevention; research.") was
/// written inline and stays so. Returns the start of each item and of the
/// text after the list.
fn list_breaks(text: &str, range: Range<usize>, masked: &[Range<usize>]) -> Vec<usize> {
    let s = &text[range.clone()];
    let in_mask = |at: usize| {
        let k = masked.partition_point(|m| m.end <= at);
        masked.get(k).is_some_and(|m| m.start <= at)
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(c) = s[from..].find(": ").map(|i| from + i) {
        from = c + 2;
        let first = c + 2;
        let opens_item = s[first..]
            .starts_with(|ch: char| ch.is_lowercase() || ch == '(' || ch == '•')
            || ITEM_LABEL.is_match(&s[first..]);
        if !opens_item || in_mask(range.start + c) {
            continue;
        }
        // Items up to the first sentence end.
        let mut items: Vec<Range<usize>> = Vec::new();
        let mut pos = first;
        let mut end = None;
        while pos < s.len() && items.len() < 30 {
            let rest = &s[pos..];
            // Where the spaces after the sentence end stop.
            let stop = sentence_ends(rest).next().map(|(_, at)| at);
            // A "; " counts only where it starts before the stop, so the
            // search ends there (a byte past it, for the space), not at
            // the end of the stretch on every item.
            let upto = stop.map_or(rest.len(), |st| (st + 1).min(rest.len()));
            let semi = memchr::memmem::find(&rest.as_bytes()[..upto], b"; ");
            match (semi, stop) {
                (Some(i), st) if st.map_or(true, |st| i < st) => {
                    // "…; and the last item": the "and" closes the item before.
                    let after = &rest[i + 2..];
                    match ["and ", "or "].iter().find(|j| after.starts_with(**j)) {
                        Some(j) => {
                            items.push(pos..pos + i + 2 + j.len() - 1);
                            pos += i + 2 + j.len();
                        }
                        None => {
                            items.push(pos..pos + i + 1);
                            pos += i + 2;
                        }
                    }
                }
                (_, Some(st)) => {
                    items.push(pos..pos + st);
                    end = Some(pos + st);
                    break;
                }
                _ => break,
            }
        }
        let Some(end) = end else { continue };
        let words: Vec<usize> = items
            .iter()
            .map(|r| crate::text::word_count(&s[r.clone()]))
            .collect();
        let total: usize = words.iter().sum();
        if items.len() < 2 || words.iter().any(|&w| w < 5) || total < 10 * items.len() {
            continue;
        }
        out.extend(items.iter().map(|r| range.start + r.start));
        if end < s.len() {
            out.push(range.start + end);
        }
        from = end;
    }
    out
}

/// The best paragraph breaks in `range` of `text`, a stretch of sentences,
/// by the length prior and the cues (see the module docs).
fn segment(text: &str, range: Range<usize>, masked: &[Range<usize>]) -> Vec<usize> {
    let starts = sentence_starts(text, range.clone(), masked);
    let n = starts.len();
    if n < 2 {
        return Vec::new();
    }
    let bounds: Vec<Range<usize>> = (0..n)
        .map(|k| starts[k]..starts.get(k + 1).copied().unwrap_or(range.end))
        .collect();
    let mut cum = vec![0usize; n + 1];
    for (k, b) in bounds.iter().enumerate() {
        cum[k + 1] = cum[k] + words(text, b.clone(), masked);
    }
    // One lower-case copy of the stretch for all its sentences' words
    // (ASCII lower-casing keeps every byte offset).
    let lower = text[range.clone()].to_ascii_lowercase();
    let sentences: Vec<Sentence> = bounds
        .iter()
        .map(|b| {
            let l = &lower[b.start - range.start..b.end - range.start];
            Sentence::read(&text[b.clone()], l)
        })
        .collect();
    let cues: Vec<f64> = (0..n)
        .map(|k| {
            if k == 0 {
                0.0
            } else {
                pair(&sentences[k - 1], &sentences[k])
            }
        })
        .collect();
    let ln_median = MEDIAN_WORDS.ln();
    let mut best = vec![f64::NEG_INFINITY; n + 1];
    let mut back = vec![0usize; n + 1];
    best[0] = 0.0;
    for j in 1..=n {
        for i in j.saturating_sub(MAX_SENTENCES)..j {
            let w = (cum[j] - cum[i]).max(1) as f64;
            let prior = -(w.ln() - ln_median).powi(2) / (2.0 * SIGMA * SIGMA);
            let score = best[i] + prior + if i > 0 { CUE_WEIGHT * cues[i] } else { 0.0 };
            if score > best[j] {
                best[j] = score;
                back[j] = i;
            }
        }
    }
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        let i = back[j];
        if i > 0 {
            cuts.push(starts[i]);
        }
        j = i;
    }
    cuts.reverse();
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_move_opens_the_last_paragraph() {
        let a = "I am writing about the review of the Code of Practice which your department \
                 published in the spring. The review sets out a number of changes to the way \
                 complaints are handled, and it asks for views on each of them. My office has \
                 considered the proposals with care. We support most of them, and we have set \
                 out our reasons in the annex to this letter, with the evidence that we hold.";
        let b = "Finally, I would ask that you publish the timetable for the changes as soon \
                 as it is agreed, so that offices can plan their work. My officials will \
                 be glad to work with yours on the detail.";
        let t = format!("{a} {b}");
        let cuts = infer(&t, 0..t.len(), &[]);
        assert_eq!(cuts, vec![a.len() + 1]);
    }

    #[test]
    fn words_pointing_back_keep_a_sentence_in_its_paragraph() {
        assert!(cue("The review was published.", "This shows the gap.") < 0.0);
        assert!(cue("The review was published.", "Finally, the plan.") > 2.0);
        assert!(cue("The findings were:", "Finally, the plan.") < 0.0);
    }

    #[test]
    fn sentences_about_the_same_thing_hold_together() {
        let prev = "The Home Office announced additional funding for eighteen areas.";
        let lp = prev.to_ascii_lowercase();
        let p = Sentence::read(prev, &lp);
        let c = |s: &str| cohesion(&p, &Sentence::read(s, &s.to_ascii_lowercase()));
        assert!(c("I understand that this funding is being used well.") > 1.0);
        assert!(c("My casework team met older people in rural Wales.") < 0.5);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let t = "I met Dr. Smith and J. Bloggs today. They agreed.";
        let starts = sentence_starts(t, 0..t.len(), &[]);
        assert_eq!(starts, vec![0, t.find("They").unwrap()]);
    }

    #[test]
    fn a_marker_after_the_full_stop_stays_with_its_sentence() {
        let t = "It was announced in 2019.^1 We welcomed it.";
        let starts = sentence_starts(t, 0..t.len(), &[]);
        assert_eq!(starts, vec![0, t.find("We").unwrap()]);
    }

    #[test]
    fn masked_text_is_neither_split_nor_counted() {
        let t = "It was local. 1 Home Office (2019) Funding. Announced here. then more text.";
        let m = t.find("1 Home").unwrap()..t.find(" then").unwrap();
        let starts = sentence_starts(t, 0..t.len(), std::slice::from_ref(&m));
        assert_eq!(starts, vec![0]);
        assert_eq!(words(t, 0..t.len(), &[m]), 6);
    }

    #[test]
    fn a_short_stretch_stays_one_paragraph() {
        let t = "Thank you for your letter. I agree with it.";
        assert!(infer(t, 0..t.len(), &[]).is_empty());
    }

    #[test]
    fn a_list_run_into_flattened_text_keeps_its_items_apart() {
        let t = "I would be grateful for your response on the following points: the \
                 timetable for bringing forward the changes to the legislation; the date on \
                 which the registry of statements will open to all businesses; and when \
                 updated guidance for public bodies will be published. I would be happy to \
                 meet you.";
        let starts: Vec<&str> = list_breaks(t, 0..t.len(), &[])
            .into_iter()
            .map(|b| &t[b..b + 12])
            .collect();
        assert_eq!(
            starts,
            vec![
                "the timetabl",
                "the date on ",
                "when updated",
                "I would be h"
            ]
        );
    }

    #[test]
    fn a_short_list_written_inline_stays_in_its_sentence() {
        let t = "My team has leads for the priorities of my plan: victim care and support; \
                 law enforcement; prevention; and research. It also covers international work.";
        assert!(list_breaks(t, 0..t.len(), &[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn sentence_ends_read_by_hand_are_the_regex_matches(
            t in r#"([.!?^)"”’“‘(]|[0-9]|\s|\u{a0}|\u{2003}|\u{663}|[A-Za-z]|é){0,16}"#
        ) {
            let by_regex: Vec<(usize, usize)> = SENTENCE_END
                .find_iter(&t)
                .map(|m| {
                    let last = t[..m.end()].chars().next_back().map_or(0, char::len_utf8);
                    (m.start(), m.end() - last)
                })
                .collect();
            proptest::prop_assert_eq!(sentence_ends(&t).collect::<Vec<_>>(), by_regex);
        }
    }

    proptest::proptest! {
        #[test]
        fn sentences_end_on_a_marker_as_the_regex_says(
            t in r#"([.,;)^ ]|[0-9]|[A-Za-z]|\u{663}|é){0,10}"#
        ) {
            proptest::prop_assert_eq!(
                ends_on_marker(&t),
                ENDS_ON_MARKER.is_match(tail_of(&t, 8))
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn words_compare_as_their_text_does(x in "[ab]{0,10}", y in "[ab]{0,10}") {
            let (a, b) = (Word::new(&x), Word::new(&y));
            proptest::prop_assert_eq!(a.cmp(&b), x.cmp(&y));
            proptest::prop_assert_eq!(a == b, x == y);
            let mut k = [0u8; 8];
            for (d, &c) in k.iter_mut().zip(x.as_bytes()) {
                *d = c;
            }
            proptest::prop_assert_eq!(a.key, u64::from_be_bytes(k));
        }
    }

    #[test]
    fn stopwords_are_sorted_for_their_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_stopword_table_says_what_the_list_says() {
        for w in STOPWORDS {
            assert!(is_stopword(Word::new(w)), "{w}");
            for cut in 1..w.len() {
                let (a, b) = (&w[..cut], &w[cut..]);
                assert_eq!(is_stopword(Word::new(a)), STOPWORDS.contains(&a), "{a}");
                assert_eq!(is_stopword(Word::new(b)), STOPWORDS.contains(&b), "{b}");
            }
            let longer = format!("{w}s");
            assert_eq!(
                is_stopword(Word::new(&longer)),
                STOPWORDS.contains(&longer.as_str())
            );
        }
        for w in ["", "abcdefghij", "withinx", "zzzz", "report", "funding"] {
            assert_eq!(is_stopword(Word::new(w)), STOPWORDS.contains(&w), "{w}");
        }
    }

    #[test]
    fn words_order_as_their_text_does() {
        let ws = [
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefgha",
            "b",
            "ba",
            "",
            "zz",
        ];
        for x in ws {
            assert_eq!(
                packed(x).to_be_bytes()[..x.len().min(8)],
                x.as_bytes()[..x.len().min(8)]
            );
            for y in ws {
                assert_eq!(Word::new(x).cmp(&Word::new(y)), x.cmp(y), "{x} {y}");
                assert_eq!(Word::new(x) == Word::new(y), x == y, "{x} {y}");
            }
        }
    }

    #[test]
    fn every_cue_in_the_lexicon_compiles() {
        let lines = include_str!("lexicon/paragraph_cues.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
            .count();
        assert_eq!(CUES.1.len(), lines);
    }
}
