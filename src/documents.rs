//! Documents the letter refers to: reports, plans, strategies, blogs,
//! announcements, acts, guidance, letters and reviews.
//!
//! Two sources feed one list. A footnote is read as a citation ("Author
//! (Year) Title", "Author, Title, Month Year", an act with its section, a
//! bare URL, "Ibid."). The body is read for mentions: acts and bills by
//! name, capitalised titles ending in a document noun ("Annual Report",
//! "Code of Practice for Victims of Crime"), "your letter of 9 December",
//! linked words, and a title set in apposition after a document noun ("the
//! consultation, Reforming …, which"). A mention and a footnote are one
//! document when the titles agree or when the footnote's marker closes the
//! sentence that names it.

use crate::body::Para;
use crate::normalize::Normalized;
use crate::record::{Document, DocumentKind, Footnote, Span};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::hash::FastMap;

/// Document head nouns, sorted, and the kind each names; with, for each
/// first byte, the lengths (bit `len`, all below 64) of the heads that
/// start with it, to turn most words away unlooked.
struct Heads {
    words: Vec<(&'static str, DocumentKind)>,
    lens: [u64; 256],
}

/// Document head nouns and the kind each names.
static HEADS: LazyLock<Heads> = LazyLock::new(|| {
    // A later line for the same word wins, as in a map built in order.
    let map: HashMap<&'static str, DocumentKind> = include_str!("lexicon/document_heads.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let word = it.next()?;
            Some((word, kind_named(it.next()?)))
        })
        .collect();
    let mut words: Vec<(&'static str, DocumentKind)> = map.into_iter().collect();
    words.sort_unstable_by_key(|w| w.0);
    let mut lens = [0u64; 256];
    for (w, _) in &words {
        if let Some(&b) = w.as_bytes().first() {
            // A head of 64 bytes or more admits every length.
            lens[usize::from(b)] |= 1u64.checked_shl(w.len() as u32).unwrap_or(u64::MAX);
        }
    }
    Heads { words, lens }
});

impl Heads {
    /// The kind of document a head noun names. Inline: most words are
    /// turned away by the length table, and a loop over many words can
    /// hold `self` once rather than look it up for each.
    #[inline(always)]
    fn kind(&self, w: &str) -> Option<DocumentKind> {
        let b = w.as_bytes();
        let &c = b.first()?;
        let bit = 1u64.checked_shl(b.len() as u32).unwrap_or(1 << 63);
        if self.lens[usize::from(c)] & bit == 0 {
            return None;
        }
        self.words
            .binary_search_by(|x| x.0.cmp(w))
            .ok()
            .map(|i| self.words[i].1)
    }
}

/// The kind of document a head noun names.
fn head_kind(w: &str) -> Option<DocumentKind> {
    HEADS.kind(w)
}

/// Every word that can head a mention the tokens give: the document heads,
/// the legislation heads and "report".
fn head_words() -> impl Iterator<Item = &'static str> {
    HEADS.words.iter().map(|w| w.0).chain([
        "Act",
        "Bill",
        "Order",
        "Regulations",
        "Rules",
        "Measure",
        "report",
    ])
}

/// The words of [`head_words`] as [`scan`] looks for them.
struct HeadScan {
    /// Those that start with an ASCII capital, by that capital.
    by_capital: [Vec<&'static [u8]>; 26],
    /// The rest ("report"), each searched for on its own.
    others: Vec<memchr::memmem::Finder<'static>>,
    /// For each first byte, the lengths of the words that start with it
    /// (bit `len`, all below 64), to pick out the words worth looking up
    /// (see [`head_candidates`]).
    lens: [u64; 256],
}

static HEAD_SCAN: LazyLock<HeadScan> = LazyLock::new(|| {
    let mut scan = HeadScan {
        by_capital: Default::default(),
        others: Vec::new(),
        lens: [0; 256],
    };
    for w in head_words() {
        if let Some(&b) = w.as_bytes().first() {
            // A head of 64 bytes or more admits every length.
            scan.lens[usize::from(b)] |= 1u64.checked_shl(w.len() as u32).unwrap_or(u64::MAX);
        }
        match w.as_bytes().first() {
            Some(c) if c.is_ascii_uppercase() => {
                scan.by_capital[usize::from(c - b'A')].push(w.as_bytes());
            }
            _ => scan.others.push(memchr::memmem::Finder::new(w.as_bytes())),
        }
    }
    scan
});

/// The bytes of a word that are ASCII capitals, as their high bits. Each
/// byte is tested on its low seven bits, whose sums do not carry into the
/// next byte; bytes of 0x80 and up are left out.
#[inline]
fn capital_bits(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let t = w & !HIGH;
    // t + (0x80 - b'A') has its high bit set when t >= b'A'; t + (0x80 -
    // b'Z' - 1) when t > b'Z'.
    let ge_a = t.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & HIGH;
    let gt_z = t.wrapping_add(0x2525_2525_2525_2525) & HIGH;
    ge_a & !gt_z & !w & HIGH
}

/// Whether the bytes before `a` and from `e` on may leave `b[a..e]` the
/// core of a word (see [`token`]): white space, an opener or the start
/// before it; white space, a closer or the end after it. A byte past
/// ASCII on either side may open or close white space, a curly quote or
/// an apostrophe, and so is let pass.
#[inline]
fn may_be_core(b: &[u8], a: usize, e: usize) -> bool {
    let before = a == 0
        || matches!(
            b[a - 1],
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'(' | b'"' | b'[' | 0x80..
        );
    let after = b.get(e).map_or(true, |&c| {
        matches!(
            c,
            b' ' | b'\t'
                | b'\n'
                | 0x0b
                | 0x0c
                | b'\r'
                | b','
                | b'.'
                | b';'
                | b':'
                | b'!'
                | b'?'
                | b')'
                | b'"'
                | b']'
                | 0x80..
        )
    });
    before && after
}

/// Whether a word of [`head_words`] that starts with a capital starts at
/// byte `j`, which is one, where it may be a word's core: a head that
/// runs on into a longer word ("Action", "Planning") heads no mention.
fn head_at(b: &[u8], j: usize) -> bool {
    let rest = &b[j..];
    // The second byte first: most capitals open no head word, and are
    // turned away without a call to compare the rest.
    HEAD_SCAN.by_capital[usize::from(b[j] - b'A')]
        .iter()
        .any(|w| rest.get(1) == w.get(1) && rest.starts_with(w) && may_be_core(b, j, j + w.len()))
}

/// "etter", to find "letter" and "Letter" by.
static ETTER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"etter"));

/// Whether "letter", in any ASCII case and with a capital E, T or R at
/// byte `j`, covers that byte.
fn letter_at(b: &[u8], j: usize) -> bool {
    // How far into "letter" the capital stands: E second or fifth, T
    // third or fourth, R sixth.
    let into: &[usize] = match b[j] {
        b'E' => &[1, 4],
        b'T' => &[2, 3],
        b'R' => &[5],
        _ => return false,
    };
    into.iter().any(|&k| {
        j.checked_sub(k)
            .and_then(|i| b.get(i..i + 6))
            .is_some_and(|w| w.eq_ignore_ascii_case(b"letter"))
    })
}

/// What one scan of a paragraph's bytes tells of the matchers worth
/// running on it.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    /// Whether a word of [`head_words`] occurs in it where it may be a
    /// word's core (see [`may_be_core`]): `false` only when no word's
    /// core is one, so that no token heads a mention.
    head: bool,
    /// Whether it holds "letter" in any ASCII case (which [`LETTER`]
    /// needs; its letters have no case variants outside ASCII).
    letter: bool,
    /// Whether [`APPOSITION`] may match (see [`apposition_at`]).
    apposition: bool,
}

impl Scan {
    /// Looks at the ASCII capital at byte `j` for what is not yet found;
    /// returns whether all is.
    #[inline]
    fn capital(&mut self, b: &[u8], j: usize) -> bool {
        self.head = self.head || head_at(b, j);
        self.apposition = self.apposition || apposition_at(b, j);
        self.letter = self.letter || letter_at(b, j);
        self.head && self.apposition && self.letter
    }
}

/// Scans a paragraph's text. The words that start with a capital, the
/// apposition and "letter" with a capital in it are looked for where a
/// capital stands, the text read eight bytes at a time; "report" and
/// "letter" in lower case but for its first letter, by a search of their
/// own.
fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let mut out = Scan::default();
    scan_capitals(b, &mut out);
    // The searches of their own only where the capitals left it open.
    out.head = out.head
        || HEAD_SCAN.others.iter().any(|f| {
            let n = f.needle().len();
            f.find_iter(b).any(|i| may_be_core(b, i, i + n))
        });
    out.letter = out.letter
        || ETTER
            .find_iter(b)
            .any(|p| p > 0 && b[p - 1].eq_ignore_ascii_case(&b'l'));
    out
}

/// [`Scan::capital`] at every ASCII capital of `b`, until all is found.
fn scan_capitals(b: &[u8], out: &mut Scan) {
    any_capital(b, |j| out.capital(b, j));
}

/// Whether `f` holds at some ASCII capital of `b`, tried in order. The
/// capitals are found eight bytes at a time.
#[inline]
fn any_capital(b: &[u8], mut f: impl FnMut(usize) -> bool) -> bool {
    let mut chunks = b.chunks_exact(8);
    let mut i = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mut bits = capital_bits(u64::from_le_bytes(word));
        while bits != 0 {
            if f(i + (bits.trailing_zeros() / 8) as usize) {
                return true;
            }
            bits &= bits - 1;
        }
        i += 8;
    }
    (i..b.len()).any(|j| b[j].is_ascii_uppercase() && f(j))
}

/// Calls `f` with `w` in lower case, without allocating for short ASCII words.
fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 24];
    if w.len() <= buf.len() && w.is_ascii() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(l) = std::str::from_utf8(b) {
            return f(l);
        }
    }
    f(&w.to_lowercase())
}

/// Whether `w` in lower case is `target`.
fn lower_is(w: &str, target: &str) -> bool {
    if w.is_ascii() {
        w.eq_ignore_ascii_case(target) && !target.bytes().any(|c| c.is_ascii_uppercase())
    } else {
        w.to_lowercase() == target
    }
}

/// Form descriptors appended to a cited title ("Written Ministerial Statement").
static FORMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("lexicon/citation_forms.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Month names (shared list of the date stage).
static MONTHS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("lexicon/months.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
});

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").unwrap());
static AVAILABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\s,.;:]*(?:available (?:at|from|online)|accessed|retrieved from|see|online at)\s*:?\s*$").unwrap()
});
static IBID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*ibid\b").unwrap());
/// "Author (2020) Title" and "Author (2020). Title".
static AUTHOR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^()]{2,200}?)\s*\((1[89]\d\d|20\d\d)[a-z]?\)[.,:]?\s+(.+)$").unwrap()
});
/// `AUTHOR_YEAR` run by hand: the author, the year and the rest. A year
/// with digits outside ASCII goes to the regex.
fn author_year(s: &str) -> Option<(&str, &str, &str)> {
    // The author holds no parenthesis: the year's "(" is the first one.
    let p = memchr::memchr2(b'(', b')', s.as_bytes())?;
    if s.as_bytes()[p] != b'(' {
        return None;
    }
    let prefix = &s[..p];
    let t = prefix.trim_end();
    // The author is lazy: the shortest run of two or more chars followed
    // by spaces only up to the "(".
    let a_end = if t.chars().nth(1).is_some() {
        t.len()
    } else {
        let mut it = prefix.char_indices();
        it.nth(1).map(|(i, c)| i + c.len_utf8())?
    };
    // 200 bytes or fewer hold no more than 200 chars.
    if a_end > 200 && prefix[..a_end].chars().nth(200).is_some() {
        return None;
    }
    let b = s.as_bytes();
    let y = p + 1;
    match b.get(y..y + 4) {
        Some([b'1', b'8' | b'9', c, d] | [b'2', b'0', c, d]) => {
            if !c.is_ascii() || !d.is_ascii() {
                let c = AUTHOR_YEAR.captures(s)?;
                return Some((c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()));
            }
            if !c.is_ascii_digit() || !d.is_ascii_digit() {
                return None;
            }
        }
        _ => return None,
    }
    let mut q = y + 4;
    if b.get(q).is_some_and(u8::is_ascii_lowercase) {
        q += 1;
    }
    if b.get(q) != Some(&b')') {
        return None;
    }
    q += 1;
    if b.get(q).is_some_and(|c| matches!(c, b'.' | b',' | b':')) {
        q += 1;
    }
    let after = &s[q..];
    let rest = after.trim_start();
    let spaces = &after[..after.len() - rest.len()];
    let last_space = spaces.chars().next_back()?;
    let rest = if !rest.is_empty() {
        rest
    } else if spaces.chars().nth(1).is_some() && last_space != '\n' {
        &spaces[spaces.len() - last_space.len_utf8()..]
    } else {
        return None;
    };
    if rest.contains('\n') {
        return None;
    }
    Some((&s[..a_end], &s[y..y + 4], rest))
}

/// "Author, Title (2020)".
static TRAILING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s*\((1[89]\d\d|20\d\d)\)\.?$").unwrap());
/// A citation segment that is a date: "March 2021", "18 March 2020", "2019".
static DATE_SEG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:published|updated|accessed|last updated)\s+(?:on\s+)?)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[a-z]{3,9}\.?\s+)?(1[89]\d\d|20\d\d)$").unwrap()
});
/// Parliamentary session and paper numbers: "Fourth Report of Session 2021–22", "HC 270".
static PAPER_SEG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:\w+\s+)?report of session\s+\d{4}[–-]\d{2,4}|(?:hc|hl|cm|cmd|cp|sg|se)(?:\s+paper)?\s+\d[\d\-–]*|session\s+\d{4}[–-]\d{2,4})$").unwrap()
});
/// "your letter of 13 October 2020", "my letter dated 9 December".
static LETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:your|my|our|his|her|their|the)\s+(letter\s+(?:of|dated)\s+(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:,?\s+(1[89]\d\d|20\d\d))?)\b").unwrap()
});
/// Text after a mention that dates it: ", published in September 2020", " of December 2014".
static DATED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*,?\s*(?:(?:which (?:was|I|we) )?(?:published|launched|issued|laid|signed)\s+(?:in|on)\s+|of\s+)(?:\d{1,2}(?:st|nd|rd|th)?\s+)?([a-z]{3,9})\s+(1[89]\d\d|20\d\d)\b").unwrap()
});
/// A title in apposition after a document noun: "the consultation, Reforming …".
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(consultation|report|review|strategy|paper|publication|document|guidance|blog|plan)(,\s+|\s+(?:entitled|called|titled)\s+|\s+)([A-Z][^,.;()]*)").unwrap()
});
/// Whether `w` ends in a word after which [`APPOSITION`] takes a title:
/// one of its document nouns, or a word that may stand between one and
/// the title ("entitled" ends in "titled"). Looked up by the last byte.
fn ends_in_apposition_word(w: &[u8]) -> bool {
    let any = |words: &[&[u8]]| words.iter().any(|x| w.ends_with(x));
    match w.last() {
        Some(b'n') => any(&[b"consultation", b"publication", b"plan"]),
        Some(b't') => any(&[b"report", b"document"]),
        Some(b'w') => w.ends_with(b"review"),
        Some(b'y') => w.ends_with(b"strategy"),
        Some(b'r') => w.ends_with(b"paper"),
        Some(b'e') => w.ends_with(b"guidance"),
        Some(b'g') => w.ends_with(b"blog"),
        Some(b'd') => any(&[b"titled", b"called"]),
        _ => false,
    }
}

/// Whether [`APPOSITION`] may match with its title at byte `j`, an ASCII
/// capital (prefilter): `false` only when the capital stands after no
/// white space, or after white space that follows no word of
/// [`ends_in_apposition_word`], with or without a comma between. White
/// space that is not ASCII, which the bytes do not tell, is left to the
/// regex. Only the white space before the capital is looked back over, so
/// a scan of every capital is linear.
fn apposition_at(b: &[u8], j: usize) -> bool {
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut k = j;
    while k > 0 && space(b[k - 1]) {
        k -= 1;
    }
    if k > 0 && !b[k - 1].is_ascii() {
        return true;
    }
    if k == j {
        return false;
    }
    let w = &b[..k];
    let w = w.strip_suffix(b",").unwrap_or(w);
    ends_in_apposition_word(w)
}

static CITED_YEAR_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:1[89]|20)\d\d\)\s*$").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(1[89]\d\d|20\d\d)\b").unwrap());

fn kind_named(s: &str) -> DocumentKind {
    match s {
        "report" => DocumentKind::Report,
        "plan" => DocumentKind::Plan,
        "strategy" => DocumentKind::Strategy,
        "blog" => DocumentKind::Blog,
        "announcement" => DocumentKind::Announcement,
        "legislation" => DocumentKind::Legislation,
        "guidance" => DocumentKind::Guidance,
        "letter" => DocumentKind::Letter,
        "review" => DocumentKind::Review,
        _ => DocumentKind::Other,
    }
}

/// Legislation head nouns; those marked `true` need a year to count.
/// Inline: called for every word, and most are turned away by their first
/// byte.
#[inline(always)]
fn legislation_head(w: &str) -> Option<bool> {
    if !matches!(w.as_bytes().first(), Some(b'A' | b'B' | b'O' | b'R' | b'M')) {
        return None;
    }
    match w {
        "Act" | "Bill" => Some(false),
        "Order" | "Regulations" | "Rules" | "Measure" => Some(true),
        _ => None,
    }
}

/// Small words that may stand inside a title.
fn connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "and"
            | "the"
            | "for"
            | "on"
            | "to"
            | "in"
            | "&"
            | "upon"
            | "from"
            | "into"
            | "against"
            | "with"
    )
}

/// Words a title never starts with: determiners, possessives, and
/// capitalised sentence openers.
fn lead_stop(w: &str) -> bool {
    with_lower(w, |l| {
        matches!(
            l,
            "the"
                | "a"
                | "an"
                | "my"
                | "our"
                | "your"
                | "his"
                | "her"
                | "its"
                | "their"
                | "this"
                | "that"
                | "these"
                | "those"
                | "of"
                | "and"
                | "for"
                | "on"
                | "to"
                | "in"
                | "under"
                | "by"
                | "with"
                | "from"
                | "as"
                | "at"
                | "upon"
                | "into"
                | "against"
                | "&"
                | "since"
                | "following"
                | "after"
                | "before"
                | "while"
                | "although"
                | "if"
                | "when"
                | "ahead"
                | "according"
                | "regarding"
                | "despite"
                | "during"
                | "through"
                | "throughout"
                | "within"
                | "pursuant"
                | "prior"
                | "further"
                | "given"
                | "because"
                | "instead"
                | "alongside"
                | "including"
                | "unlike"
                | "like"
                | "via"
                | "per"
                | "beyond"
                | "until"
                | "without"
                | "about"
        )
    })
}

/// Provision words that precede "N of the … Act": cut from a title's start.
fn provision(w: &str) -> bool {
    with_lower(w, |l| {
        matches!(
            l,
            "section"
                | "sections"
                | "article"
                | "articles"
                | "part"
                | "schedule"
                | "paragraph"
                | "chapter"
                | "regulation"
                | "clause"
                | "s."
                | "s"
        )
    })
}

/// Whether a word names a month, in any case, with or without a dot.
fn is_month(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    // The month names are ASCII lower case, of 3 to 9 letters, and open
    // with one of these: a word whose first byte is another ASCII byte
    // keeps it when lower cased, and an ASCII word keeps its length.
    match w.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'a' | b'd' | b'f' | b'j' | b'm' | b'n' | b'o' | b's') => {}
        Some(c) if c.is_ascii() => return false,
        _ => {}
    }
    if w.is_ascii() && !(3..=9).contains(&w.len()) {
        return false;
    }
    with_lower(w, |l| MONTHS.contains(&l))
}

/// The title words `kind_of` looks for, in lower case.
const KIND_WORDS: [&str; 12] = [
    "blog",
    "announced",
    "announcement",
    "press",
    "release",
    "letter",
    "guidance",
    "guide",
    "strategy",
    "plan",
    "review",
    "report",
];

/// Calls `f` with each word of a title: a run of alphanumeric chars and
/// apostrophes. An ASCII title is split a byte at a time, without
/// decoding chars.
fn for_each_title_word<'a>(title: &'a str, mut f: impl FnMut(&'a str)) {
    if !title.is_ascii() {
        title
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .for_each(f);
        return;
    }
    let mut start = None;
    for (i, &c) in title.as_bytes().iter().enumerate() {
        // `LOWER_ALNUM` is not 0 at ASCII letters and digits.
        if LOWER_ALNUM[usize::from(c)] != 0 || c == b'\'' {
            start.get_or_insert(i);
        } else if let Some(a) = start.take() {
            f(&title[a..i]);
        }
    }
    if let Some(a) = start {
        f(&title[a..]);
    }
}

/// The bit of a word of [`KIND_WORDS`] in `kind_of`'s flags: bit `i` for
/// the word at index `i`. Evaluated at compile time.
const fn kind_bit(w: &str) -> u16 {
    let w = w.as_bytes();
    let mut i = 0;
    'words: while i < KIND_WORDS.len() {
        let k = KIND_WORDS[i].as_bytes();
        i += 1;
        if k.len() != w.len() {
            continue;
        }
        let mut j = 0;
        while j < k.len() {
            if k[j] != w[j] {
                continue 'words;
            }
            j += 1;
        }
        return 1 << (i - 1);
    }
    panic!("not a kind word")
}

/// The index in [`KIND_WORDS`] of a title word, in any case. An ASCII
/// word is compared without a lower-case copy (the kind words are ASCII
/// lower case, 4 to 12 bytes long, and open with one of the letters
/// below; a word that opens with another ASCII char keeps it when lower
/// cased, and so is none of them).
fn kind_word(w: &str) -> Option<usize> {
    match w.as_bytes().first()?.to_ascii_lowercase() {
        b'a' | b'b' | b'g' | b'l' | b'p' | b'r' | b's' => {}
        c if c.is_ascii() => return None,
        _ => {}
    }
    if w.is_ascii() {
        if !(4..=12).contains(&w.len()) {
            return None;
        }
        return KIND_WORDS.iter().position(|k| k.eq_ignore_ascii_case(w));
    }
    with_lower(w, |l| KIND_WORDS.iter().position(|k| *k == l))
}

/// What a document's title says it is.
fn kind_of(title: &str) -> DocumentKind {
    const BLOG: u16 = kind_bit("blog");
    const ANNOUNCED: u16 = kind_bit("announced");
    const ANNOUNCEMENT: u16 = kind_bit("announcement");
    const PRESS: u16 = kind_bit("press");
    const RELEASE: u16 = kind_bit("release");
    const LETTER: u16 = kind_bit("letter");
    const GUIDANCE: u16 = kind_bit("guidance");
    const GUIDE: u16 = kind_bit("guide");
    // One pass over the words: which kind words stand in the title, how
    // many words there are, the first, and the last that is neither a
    // number nor lower case (an act, bill or order names itself last:
    // "… Act 2021", "… (Scotland) Bill").
    let mut flags = 0u16;
    let mut count = 0usize;
    let mut first: Option<&str> = None;
    let mut last_word: Option<&str> = None;
    for_each_title_word(title, |w| {
        count += 1;
        first.get_or_insert(w);
        if let Some(i) = kind_word(w) {
            flags |= 1 << i;
        }
        if !w.bytes().all(|c| c.is_ascii_digit()) && !w.starts_with(char::is_lowercase) {
            last_word = Some(w);
        }
    });
    let has = |bit: u16| flags & bit != 0;
    if has(BLOG) {
        return DocumentKind::Blog;
    }
    if has(ANNOUNCED) || has(ANNOUNCEMENT) || has(PRESS) && has(RELEASE) {
        return DocumentKind::Announcement;
    }
    if last_word.is_some_and(|w| legislation_head(w).is_some()) && !title.contains(':') {
        return DocumentKind::Legislation;
    }
    if first.is_some_and(|w| lower_is(w, "letter")) || has(LETTER) && count <= 6 {
        return DocumentKind::Letter;
    }
    let code_of_practice = if title.is_ascii() {
        contains_ascii_ci(title, "code of practice")
    } else {
        title.to_lowercase().contains("code of practice")
    };
    if has(GUIDANCE) || code_of_practice || has(GUIDE) {
        return DocumentKind::Guidance;
    }
    const LAST: [(u16, DocumentKind); 4] = [
        (kind_bit("strategy"), DocumentKind::Strategy),
        (kind_bit("plan"), DocumentKind::Plan),
        (kind_bit("review"), DocumentKind::Review),
        (kind_bit("report"), DocumentKind::Report),
    ];
    for (bit, k) in LAST {
        if has(bit) {
            return k;
        }
    }
    DocumentKind::Other
}

/// Whether `s` may hold a year "18..", "19.." or "20.." (prefilter for
/// the year patterns, whose first two digits are ASCII).
fn may_hold_year(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        matches!(
            (b[i], b.get(i + 1)),
            (b'1', Some(b'8' | b'9')) | (b'2', Some(b'0'))
        )
    })
}

/// Whether `s` may hold "(18..", "(19.." or "(20..".
fn may_hold_paren_year(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'(', b).any(|i| {
        matches!(
            b.get(i + 1..i + 3),
            Some([b'1', b'8' | b'9'] | [b'2', b'0'])
        )
    })
}

/// Whether `s` holds `needle` (ASCII lower case) in any ASCII case.
fn contains_ascii_ci(s: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    let b = s.as_bytes();
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    // Look only where the first letter stands, in either case.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), b).any(|i| {
        b.get(i + 1..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// Whether `s` may end in a digit (prefilter for patterns ending in `\d`,
/// `[\d\-–]`): its last char is an ASCII digit, a hyphen or not ASCII.
fn may_end_in_number(s: &str) -> bool {
    s.chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || c == '-' || !c.is_ascii())
}

fn year_in(s: &str) -> Option<i32> {
    if !may_hold_year(s) {
        return None;
    }
    // `YEAR` by hand. Every match opens with ASCII "18", "19" or "20", so
    // the leftmost match starts at the first such place where the regex
    // matches. Where the two digits after, and the bytes either side, are
    // ASCII, `\d` is an ASCII digit and `\b` sees ASCII letters, digits
    // and "_" as word chars. Where one is not ASCII (a digit of another
    // script, a word char past ASCII), the regex decides from that place
    // on: no match starts before it, and `find_at` still sees the char
    // before for `\b`. Group 1 is the whole match.
    let b = s.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for i in memchr::memchr2_iter(b'1', b'2', b) {
        let (c, d) = match b.get(i..i + 4) {
            Some([b'1', b'8' | b'9', c, d] | [b'2', b'0', c, d]) => (*c, *d),
            // Not "18", "19" or "20"; or too few bytes left for two more
            // chars.
            _ => continue,
        };
        let before = if i == 0 { None } else { Some(b[i - 1]) };
        let after = b.get(i + 4).copied();
        let odd = |x: Option<u8>| x.is_some_and(|x| !x.is_ascii());
        if !c.is_ascii() || !d.is_ascii() || odd(before) || odd(after) {
            return YEAR.find_at(s, i).and_then(|m| m.as_str().parse().ok());
        }
        if c.is_ascii_digit()
            && d.is_ascii_digit()
            && !before.is_some_and(word)
            && !after.is_some_and(word)
        {
            return s[i..i + 4].parse().ok();
        }
    }
    None
}

/// Whether the bytes hold no ASCII white space at either end, and none
/// within but single spaces.
fn single_spaced(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    let other_space = |c: u8| (b'\t'..=b'\r').contains(&c);
    // Each byte with the next: `fold`, not `any`, as a loop without an
    // early exit vectorises.
    let bad = b.iter().zip(&b[1..]).fold(false, |acc, (&x, &y)| {
        acc | other_space(x) | (x == b' ' && y == b' ')
    });
    !bad && first != b' ' && last != b' ' && !other_space(last)
}

/// Whether `s` holds a white space char past ASCII (a no-break space, an
/// em space …). Only a byte that opens a char of two or more is decoded.
fn wide_space(s: &str) -> bool {
    s.bytes()
        .enumerate()
        .any(|(j, c)| c >= 0xc0 && space_len(s, j) > 0)
}

/// Whether `s` is already as [`collapse`] leaves it: no white space at
/// either end, and none within but single ASCII spaces. Most titles and
/// footnotes are.
fn collapsed(s: &str) -> bool {
    single_spaced(s.as_bytes()) && (s.is_ascii() || !wide_space(s))
}

/// The words of `s` joined by single spaces, as `split_whitespace` gives
/// them; `s` itself when it is so already.
fn collapse(s: &str) -> Cow<'_, str> {
    if collapsed(s) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    // Whether white space stands between the last byte kept and the next.
    let mut space = false;
    let mut j = 0;
    while j < b.len() {
        let n = space_len(s, j);
        if n > 0 {
            space = !out.is_empty();
            j += n;
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        out.push(b[j]);
        j += 1;
    }
    // Whole chars were dropped, and every other byte kept: still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

/// Whether every word of `a` is a word of `b`, in lower case: words are
/// runs of alphanumeric chars. Nothing is collected: titles are short.
fn words_within(a: &str, b: &str) -> bool {
    fn words(s: &str) -> impl Iterator<Item = &str> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    // Two ASCII words are equal in lower case when they are equal but
    // for ASCII case.
    let same = |x: &str, y: &str| {
        if x.is_ascii() && y.is_ascii() {
            x.eq_ignore_ascii_case(y)
        } else {
            x.to_lowercase() == y.to_lowercase()
        }
    };
    words(a).all(|w| words(b).any(|x| same(w, x)))
}

/// Each byte in lower case if it is an ASCII letter or digit, else 0.
static LOWER_ALNUM: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        if c.is_ascii_alphanumeric() {
            t[i] = c.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// `title_key` of an ASCII title into `key`: its letters and digits in
/// lower case, each run of other bytes between two words made one space.
/// The bytes are copied once and the key written over them, in place.
fn title_key_ascii(s: &str, key: &mut Vec<u8>) {
    let b = s.as_bytes();
    // A leading "the" is passed over: the first word ends at the first
    // byte after it that is no letter or digit.
    let from = b
        .iter()
        .position(u8::is_ascii_alphanumeric)
        .unwrap_or(b.len());
    let to = b[from..]
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .map_or(b.len(), |n| from + n);
    let rest = if b[from..to].eq_ignore_ascii_case(b"the") {
        &b[to..]
    } else {
        &b[from..]
    };
    key.clear();
    key.extend_from_slice(rest);
    let mut n = 0;
    // Whether a word has been kept and other bytes stood after it.
    let mut gap = false;
    for i in 0..key.len() {
        let c = LOWER_ALNUM[usize::from(key[i])];
        if c == 0 {
            gap = n > 0;
            continue;
        }
        // A space is written only after a byte was passed over, so `n`
        // stays at or below `i`.
        if gap {
            key[n] = b' ';
            n += 1;
            gap = false;
        }
        key[n] = c;
        n += 1;
    }
    key.truncate(n);
}

/// A title's words for lookup: lower case, a leading article aside,
/// joined by single spaces (no word holds a space, so words that differ
/// give keys that differ).
fn title_key(s: &str) -> String {
    if s.is_ascii() {
        let mut key = Vec::new();
        title_key_ascii(s, &mut key);
        return String::from_utf8(key).unwrap_or_default();
    }
    title_key_unicode(s)
}

/// [`title_key`] written into `buf`, which serves from call to call: no
/// allocation for an ASCII title once `buf` is large enough.
fn title_key_in<'b>(s: &str, buf: &'b mut Vec<u8>) -> &'b str {
    if s.is_ascii() {
        title_key_ascii(s, buf);
    } else {
        buf.clear();
        buf.extend_from_slice(title_key_unicode(s).as_bytes());
    }
    std::str::from_utf8(buf).unwrap_or_default()
}

/// [`title_key`] of a title that is not all ASCII.
fn title_key_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut first = true;
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if first {
            first = false;
            if lower_is(w, "the") {
                continue;
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

/// What a footnote cites.
#[derive(Debug, Clone, PartialEq)]
enum Cite {
    /// A citation with a title.
    Work {
        title: String,
        author: Option<String>,
        year: Option<i32>,
        url: Option<String>,
    },
    /// Only a URL: the title comes from the body or the URL.
    Url(String),
    /// "Ibid.": the previous footnote's document.
    Ibid,
}

/// Where a URL may start in `s` at the earliest: the first "http" or
/// "www." in any case (the letters of both have no case variants outside
/// ASCII). `URL` can match nowhere before it; searching from it with
/// `find_at` still sees the char before for `\b`.
fn url_start(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let at = |first: u8, word: &[u8]| {
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), b).find(|&i| {
            b.get(i..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        })
    };
    match (at(b'h', b"http"), at(b'w', b"www.")) {
        (Some(h), Some(w)) => Some(h.min(w)),
        (h, w) => h.or(w),
    }
}

/// The URL in a footnote, joined where extraction broke it at a slash
/// ("https://x.org/ report/y/"), and the text before it.
fn split_url(text: &str) -> (Cow<'_, str>, Option<String>) {
    let Some(m) = url_start(text).and_then(|i| URL.find_at(text, i)) else {
        return (Cow::Borrowed(text), None);
    };
    let mut url = m.as_str().to_string();
    let rest = text[m.end()..].trim();
    if url.ends_with('/')
        && !rest.is_empty()
        && !rest.contains(' ')
        && (rest.contains('/') || rest.contains('-'))
    {
        url.push_str(rest);
    }
    let kept = url.trim_end_matches(['.', ',', ';', ')']).len();
    url.truncate(kept);
    let before = AVAILABLE.replace(&text[..m.start()], "");
    (before, Some(url))
}

/// Splits on ", " outside parentheses.
fn comma_segments(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let b = s.as_bytes();
    for i in memchr::memchr3_iter(b'(', b')', b',', b) {
        match b[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ if depth <= 0 && b.get(i + 1) == Some(&b' ') => {
                out.push(&s[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// Drops trailing segments that are dates, paper numbers or form
/// descriptors; returns the kept segments and a year from a dropped date.
fn strip_trailers(segs: &mut Vec<&str>) -> Option<i32> {
    let mut year = None;
    while segs.len() > 1 {
        let last = segs[segs.len() - 1].trim_end_matches('.');
        let number = may_end_in_number(last);
        if let Some(c) = number.then(|| DATE_SEG.captures(last)).flatten() {
            if year.is_none() {
                year = c.get(1).and_then(|m| m.as_str().parse().ok());
            }
        } else if !(number && may_be_paper(last) && PAPER_SEG.is_match(last)
            || with_lower(last, |l| FORMS.contains(&l)))
        {
            break;
        }
        segs.pop();
    }
    // Session and paper labels may also stand between author and title.
    segs.retain(|s| {
        let s = s.trim_end_matches('.');
        !(may_end_in_number(s) && may_be_paper(s) && PAPER_SEG.is_match(s))
    });
    year
}

/// Whether `s` may be a session or paper label (prefilter for
/// `PAPER_SEG`). An ASCII label holds "session" or opens with a paper's
/// letters (hc, hl, cm, cmd, cp, sg, se), in any case; text that is not
/// ASCII goes to the regex, whose case folding reaches past ASCII ("ſ").
fn may_be_paper(s: &str) -> bool {
    if !s.is_ascii() {
        return true;
    }
    let b = s.as_bytes();
    let opens = match b {
        [x, y, ..] => matches!(
            [x.to_ascii_lowercase(), y.to_ascii_lowercase()],
            [b'h', b'c' | b'l'] | [b'c', b'm' | b'p'] | [b's', b'g' | b'e']
        ),
        _ => false,
    };
    opens || contains_ascii_ci(s, "session")
}

/// Whether a citation segment names a body or a person who wrote it.
fn looks_like_author(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 || s.contains(':') {
        return false;
    }
    let acronym = words.len() == 1
        && words[0].len() >= 2
        && words[0].chars().all(|c| c.is_ascii_uppercase() || c == '&');
    let capitalised = words
        .iter()
        .all(|w| w.starts_with(|c: char| c.is_uppercase()) || connector(w));
    let head = words.iter().any(|w| {
        let w = trim_possessive(w);
        crate::lexicon::is_org_noun(w)
            || crate::lexicon::is_role_noun(w)
            || w == "Government"
            || w == "Governments"
    });
    acronym || capitalised && head && legislation_at_start(s).is_none()
}

fn clean_title(s: &str) -> String {
    let t = collapse(s);
    let t = t.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    let t = t
        .trim_matches(|c| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\''))
        .trim();
    t.to_string()
}

/// [`clean_title`] of segments joined by ", "; one segment is not copied
/// to be joined.
fn clean_segments(segs: &[&str]) -> String {
    match segs {
        [one] => clean_title(one),
        _ => clean_title(&segs.join(", ")),
    }
}

/// An act, bill or order named at the very start of a text, with its year.
fn legislation_at_start(s: &str) -> Option<(String, Option<i32>)> {
    // Every act, bill or order has a head word in it: look for one where
    // a capital that may open one stands, in one pass.
    let b = s.as_bytes();
    let head_at = |i: usize| {
        let r = &b[i..];
        match b[i] {
            b'A' => r.starts_with(b"Act"),
            b'B' => r.starts_with(b"Bill"),
            b'O' => r.starts_with(b"Order"),
            b'R' => r.starts_with(b"Rules") || r.starts_with(b"Regulations"),
            b'M' => r.starts_with(b"Measure"),
            _ => false,
        }
    };
    if !any_capital(b, head_at) {
        return None;
    }
    let toks = tokens(s);
    for m in legislation(&toks, 0..toks.len()) {
        if m.range.start == 0 {
            let rest = s[m.range.end..].trim_start();
            let ok = rest.is_empty()
                || rest.starts_with([',', ':', ';', '(', '.'])
                || rest.split_whitespace().next().is_some_and(provision);
            if ok {
                return Some((s[m.range].to_string(), m.year));
            }
        }
    }
    None
}

/// Reads a footnote's text as a citation.
fn cite(text: &str) -> Option<Cite> {
    let text = collapse(text);
    // "Ibid" opens with an "i" in either case, past white space (the
    // regex's `i` matches no char past ASCII).
    let opens_with_i = text
        .trim_start()
        .as_bytes()
        .first()
        .is_some_and(|c| c.eq_ignore_ascii_case(&b'i'));
    if opens_with_i && IBID.is_match(&text) {
        return Some(Cite::Ibid);
    }
    let (body, url) = split_url(&text);
    let body = body
        .trim()
        .trim_end_matches([',', ';', ':', '.', '-', '–'])
        .trim();
    if body.is_empty() {
        return url.map(Cite::Url);
    }
    if let Some((title, year)) = legislation_at_start(body) {
        return Some(Cite::Work {
            title,
            author: None,
            year,
            url,
        });
    }
    let paren_year = may_hold_paren_year(body);
    if let Some((a, y, rest)) = paren_year.then(|| author_year(body)).flatten() {
        let author = Some(a.trim().trim_end_matches([',', '.']).trim().to_string());
        let year = y.parse().ok();
        let mut segs = comma_segments(rest);
        strip_trailers(&mut segs);
        let title = clean_segments(&segs);
        if !title.is_empty()
            && author
                .as_ref()
                // Collapsed text: its only white space is ASCII spaces.
                .is_some_and(|a| a.split_ascii_whitespace().count() <= 15)
        {
            return Some(Cite::Work {
                title,
                author,
                year,
                url,
            });
        }
    }
    let trailing = paren_year && (body.ends_with(')') || body.ends_with(")."));
    let (body, mut year) = match trailing.then(|| TRAILING_YEAR.captures(body)).flatten() {
        Some(c) => (
            c.get(1).map_or(body, |m| m.as_str()),
            c.get(2).and_then(|m| m.as_str().parse().ok()),
        ),
        None => (body, None),
    };
    let mut segs = comma_segments(body);
    if let Some(y) = strip_trailers(&mut segs) {
        year = year.or(Some(y));
    }
    // "Author, Title" or "Title, Author".
    let (author, rest) = match (segs.split_first(), segs.split_last()) {
        (Some((a, rest)), _) if !rest.is_empty() && looks_like_author(a) => {
            (Some(a.to_string()), rest.to_vec())
        }
        (_, Some((a, rest))) if !rest.is_empty() && looks_like_author(a) => {
            (Some(a.to_string()), rest.to_vec())
        }
        _ => (None, segs),
    };
    let title = clean_segments(&rest);
    if title.is_empty() {
        return url.map(Cite::Url);
    }
    Some(Cite::Work {
        title,
        author,
        year,
        url,
    })
}

/// A title from a URL's last wordy path segment ("…/data-protection-hub/").
fn title_from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |x| x.1);
    let seg = path
        .split('/')
        .skip(1)
        .filter(|s| s.matches('-').count() >= 2)
        .last()?;
    let seg = seg.split(['?', '#', '.']).next()?;
    let t = seg.replace(['-', '_'], " ");
    (!t.trim().is_empty()).then(|| collapse(&t).into_owned())
}

/// A word of a paragraph with its byte range.
#[derive(Debug, Clone)]
struct Tok<'a> {
    range: Range<usize>,
    /// The word without clinging punctuation.
    core: &'a str,
    /// Punctuation after the word ends a phrase (",", ".", ":" …).
    closes: bool,
    /// Whether the word ends with a comma only.
    comma: bool,
    /// The word opens or closes a parenthesis.
    open: bool,
    close: bool,
}

/// The words of `s`: runs of characters that are not white space.
fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    tokens_into(s, &mut out);
    out
}

/// [`tokens`] into `out`, cleared first: one buffer serves every paragraph.
///
/// A word runs from just after one white space char to the next. Only
/// bytes that are not printable ASCII (spaces and control chars, bytes of
/// chars past ASCII) can be white space; they are found eight bytes at a
/// time and looked at one by one, the rest passed over.
fn tokens_into<'a>(s: &'a str, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let b = s.as_bytes();
    out.reserve(b.len() / 6 + 1);
    // Where the word after the last white space starts.
    let mut start = 0;
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mut bits = unprintable_bits(u64::from_le_bytes(word));
        while bits != 0 {
            word_end_at(
                s,
                base + (bits.trailing_zeros() / 8) as usize,
                &mut start,
                out,
            );
            bits &= bits - 1;
        }
        base += 8;
    }
    for (j, &c) in chunks.remainder().iter().enumerate() {
        if !(b'!'..0x80).contains(&c) {
            word_end_at(s, base + j, &mut start, out);
        }
    }
    if b.len() > start {
        out.push(token(s, start, b.len()));
    }
}

/// A step of [`tokens_into`] at byte `j`, which is not printable ASCII:
/// white space there ends the word from `start`, and the next starts
/// after it.
#[inline(always)]
fn word_end_at<'a>(s: &'a str, j: usize, start: &mut usize, out: &mut Vec<Tok<'a>>) {
    let len = space_len(s, j);
    if len > 0 {
        if j > *start {
            out.push(token(s, *start, j));
        }
        *start = j + len;
    }
}

/// The bytes of a word that are not printable ASCII (below 0x21, or 0x80
/// and up), as their high bits. Each byte is tested on its low seven bits,
/// whose sums do not carry into the next byte.
#[inline]
fn unprintable_bits(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // t + (0x80 - 0x21) has its high bit set when t >= 0x21.
    let printable = (w & !HIGH).wrapping_add(0x5f5f_5f5f_5f5f_5f5f);
    (!printable | w) & HIGH
}

/// The length of the white space char at byte `j` of `s`, or 0 when none
/// starts there (a byte inside a char is none).
#[inline(always)]
fn space_len(s: &str, j: usize) -> usize {
    let c = s.as_bytes()[j];
    if c == b' ' {
        return 1;
    }
    if c < 0x80 {
        return usize::from(matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'));
    }
    if c & 0xc0 == 0x80 {
        return 0;
    }
    match s.get(j..).and_then(|r| r.chars().next()) {
        Some(ch) if ch.is_whitespace() => ch.len_utf8(),
        _ => 0,
    }
}

/// The token of the word `s[a..e]`.
#[inline]
fn token(s: &str, a: usize, e: usize) -> Tok<'_> {
    let w = &s[a..e];
    let wb = w.as_bytes();
    // Most words: no opener first, a letter or digit last. They are made
    // here, inline; the rest in a function of their own, so that the
    // common case pays for no more than it uses.
    if let (Some(&f), Some(&l)) = (wb.first(), wb.last()) {
        if !matches!(f, b'(' | b'"' | b'[' | 0xe2) && l.is_ascii_alphanumeric() {
            return Tok {
                range: a..e,
                core: w,
                closes: false,
                comma: false,
                open: false,
                close: false,
            };
        }
    }
    punctuated_token(s, a, e)
}

/// [`token`] of a word that may have punctuation at either end.
#[inline(never)]
fn punctuated_token(s: &str, a: usize, e: usize) -> Tok<'_> {
    let w = &s[a..e];
    let wb = w.as_bytes();
    // Openers: ( " “ ‘ [
    let mut lead = 0;
    loop {
        match wb.get(lead..) {
            Some([b'(' | b'"' | b'[', ..]) => lead += 1,
            Some([0xe2, 0x80, 0x9c | 0x98, ..]) => lead += 3,
            _ => break,
        }
    }
    // Closers: , . ; : ! ? ) " ” ]
    let mut end = wb.len();
    while end > lead {
        match &wb[..end] {
            [.., b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b']'] => end -= 1,
            [.., 0xe2, 0x80, 0x9d] if end - 3 >= lead => end -= 3,
            _ => break,
        }
    }
    let inner = &w[lead..];
    let core = &w[lead..end];
    let core = if core.ends_with('’') && !core.ends_with("s’") {
        core.trim_end_matches('’')
    } else {
        core
    };
    let tail = &inner[core.len()..];
    let (closes, comma, close) = if tail.is_empty() {
        (false, false, false)
    } else {
        (
            tail.contains([',', '.', ';', ':', '!', '?']) || tail.contains(['"', '”']),
            tail.starts_with(',') || tail == "),",
            tail.contains(')'),
        )
    };
    Tok {
        range: a + lead..a + lead + core.len(),
        core,
        closes,
        comma,
        open: lead > 0 && w.starts_with('('),
        close,
    }
}

fn capitalised(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
}

/// `w` without the possessive endings "'s" and "’s" at its end, as
/// `trim_end_matches` leaves it with each in turn (no searcher is built).
fn trim_possessive(mut w: &str) -> &str {
    while let Some(x) = w.strip_suffix("'s") {
        w = x;
    }
    while let Some(x) = w.strip_suffix("’s") {
        w = x;
    }
    w
}

fn possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

/// A document named in running text: where, what, and what the words say.
#[derive(Debug, Clone)]
struct Mention {
    range: Range<usize>,
    title: String,
    kind: DocumentKind,
    year: Option<i32>,
    author: Option<String>,
    url: Option<String>,
}

/// Walks back from token `head` over a capitalised name; returns the index
/// of its first token (after trimming openers) or `None` when no word of
/// the name stands before the head.
fn walk_back(toks: &[Tok], head: usize, allow_comma: bool, allow_digits: bool) -> usize {
    let mut i = head;
    // Titles are short; the cap keeps a run of capitals linear.
    while i > 0 && head - i < MAX_TITLE_WORDS {
        let t = &toks[i - 1];
        if t.closes
            && !(allow_comma
                && t.comma
                && capitalised(t.core)
                && !crate::lexicon::is_org_noun(t.core)
                && !t.core.contains('\''))
        {
            break;
        }
        if t.close && !t.open {
            // A parenthesised qualifier: "(Northern Ireland)", "(No. 2)".
            let Some(j) = (i.saturating_sub(4)..i).rev().find(|&j| toks[j].open) else {
                break;
            };
            if toks[j..i]
                .iter()
                .any(|x| !(capitalised(x.core) || x.core.chars().all(|c| c.is_ascii_digit())))
            {
                break;
            }
            i = j;
            continue;
        }
        if t.open && t.close && capitalised(t.core) {
            i -= 1;
            continue;
        }
        if t.open {
            break;
        }
        let w = t.core;
        // An act's name holds no document noun: "Review of the … Act" is a review.
        if allow_comma && head_kind(w).is_some() {
            break;
        }
        let digit_ok = allow_digits
            && w.chars().all(|c| c.is_ascii_digit())
            && i >= 2
            && capitalised(toks[i - 2].core);
        if (capitalised(w) && !possessive(w)) || connector(w) || digit_ok {
            i -= 1;
            continue;
        }
        break;
    }
    // Trim openers, provisions ("Section 35 of the …") and connectors, and
    // a sentence's opening verb ("Placing the Code …").
    let mut k = i;
    if k + 1 < head
        && toks[k].core.ends_with("ing")
        && lead_stop(toks[k + 1].core)
        && toks[k].core.len() > 5
    {
        k += 1;
    }
    loop {
        if k + 2 < head && provision(toks[k].core) {
            if let Some(of) = (k + 1..head.min(k + 4)).find(|&j| toks[j].core == "of") {
                k = of + 1;
                continue;
            }
        }
        if k < head && (lead_stop(toks[k].core) || is_month(toks[k].core)) {
            k += 1;
            continue;
        }
        break;
    }
    k
}

/// The author named by a possessive just before a title: "the
/// Committee's Stage 1 report" → "Committee".
fn possessive_author(toks: &[Tok], start: usize) -> Option<String> {
    let p = toks.get(start.checked_sub(1)?)?;
    if !possessive(p.core) || !capitalised(p.core) || p.closes {
        return None;
    }
    let mut i = start - 1;
    while i > 0
        && !toks[i - 1].closes
        && (capitalised(toks[i - 1].core) || connector(toks[i - 1].core))
        && !possessive(toks[i - 1].core)
    {
        i -= 1;
    }
    while i < start - 1 && lead_stop(toks[i].core) {
        i += 1;
    }
    let words: Vec<&str> = toks[i..start].iter().map(|t| t.core).collect();
    let mut a = words.join(" ");
    for s in ["'s", "’s"] {
        if let Some(x) = a.strip_suffix(s) {
            a = x.to_string();
        }
    }
    let last = a.split_whitespace().last().unwrap_or("");
    let acronym = last.len() >= 2 && last.chars().all(|c| c.is_ascii_uppercase());
    (acronym || crate::lexicon::is_org_noun(last) || crate::lexicon::is_role_noun(last))
        .then_some(a)
}

/// Whether token `i` heads an office or body, not a document ("Public
/// Bill Committee", "Review Commissioner").
fn names_a_body(toks: &[Tok], i: usize) -> bool {
    !toks[i].closes
        && toks.get(i + 1).is_some_and(|n| {
            let w = trim_possessive(n.core);
            crate::lexicon::is_org_noun(w) || crate::lexicon::is_role_noun(w)
        })
}

/// Acts, bills and orders named in `s`, headed by the tokens at `at`,
/// in order: every token whose core is a legislation head must be among
/// them (as [`head_candidates`] gives them); the rest are passed over.
fn legislation<'t>(
    toks: &'t [Tok<'t>],
    at: impl IntoIterator<Item = usize> + 't,
) -> impl Iterator<Item = LegMatch> + 't {
    at.into_iter().filter_map(move |i| {
        let t = &toks[i];
        let needs_year = legislation_head(t.core)?;
        if names_a_body(toks, i) {
            return None;
        }
        let year_tok = (!t.closes)
            .then(|| toks.get(i + 1))
            .flatten()
            .filter(|y| y.core.len() == 4 && y.core.chars().all(|c| c.is_ascii_digit()));
        if needs_year && year_tok.is_none() {
            return None;
        }
        let start = walk_back(toks, i, true, false);
        if start >= i {
            return None;
        }
        let end = year_tok.map_or(t.range.end, |y| y.range.end);
        Some(LegMatch {
            range: toks[start].range.start..end,
            year: year_tok.and_then(|y| y.core.parse().ok()),
        })
    })
}

/// The indices of the tokens whose core may be a word of [`head_words`],
/// into `out`, cleared first: the rest head neither an act nor a title.
/// Most are turned away by their first byte and length.
fn head_candidates(toks: &[Tok], out: &mut Vec<usize>) {
    let lens = &HEAD_SCAN.lens;
    out.clear();
    for (i, t) in toks.iter().enumerate() {
        let b = t.core.as_bytes();
        if let Some(&c) = b.first() {
            let bit = 1u64.checked_shl(b.len() as u32).unwrap_or(1 << 63);
            if lens[usize::from(c)] & bit != 0 {
                out.push(i);
            }
        }
    }
}

/// An act, bill or order: its range in the text and its year.
struct LegMatch {
    range: Range<usize>,
    year: Option<i32>,
}

/// Capitalised titles that end in a document noun, in a paragraph, headed
/// by the tokens at `at` (as for [`legislation`]), onto `out`.
fn titled(s: &str, toks: &[Tok], at: &[usize], out: &mut Vec<Mention>) {
    let heads = &*HEADS;
    for &i in at {
        let t = &toks[i];
        let lower_report = t.core == "report";
        let Some(kind) = heads
            .kind(t.core)
            .or(lower_report.then_some(DocumentKind::Report))
        else {
            continue;
        };
        if names_a_body(toks, i) {
            continue;
        }
        let start = walk_back(toks, i, false, true);
        let modifiers = toks[start..i]
            .iter()
            .filter(|x| capitalised(x.core) || x.core.chars().all(|c| c.is_ascii_digit()))
            .count();
        // Forward: a year or span of years, then "of Practice", "for England and Wales".
        let mut end = i;
        if !toks[end].closes {
            if let Some(y) = toks.get(end + 1) {
                let c = y.core;
                if c.len() >= 4
                    && c.get(..4)
                        .is_some_and(|h| h.chars().all(|d| d.is_ascii_digit()))
                    && c[4..]
                        .chars()
                        .all(|d| d.is_ascii_digit() || matches!(d, '-' | '–' | '/'))
                {
                    end += 1;
                }
            }
        }
        let mut k = end;
        while !toks[k].closes && !lower_report && k - i < MAX_TITLE_WORDS {
            let mut j = k + 1;
            while toks.get(j).is_some_and(|x| connector(x.core) && !x.closes) {
                j += 1;
            }
            if j == k + 1
                || !toks.get(j).is_some_and(|x| {
                    capitalised(x.core) && !is_month(x.core) && !possessive(x.core)
                })
            {
                break;
            }
            // Take the capitalised run.
            let mut m = j;
            while !toks[m].closes
                && m - i < MAX_TITLE_WORDS
                && toks
                    .get(m + 1)
                    .is_some_and(|x| capitalised(x.core) && !possessive(x.core))
            {
                m += 1;
            }
            k = m;
        }
        let forward = k > end;
        end = k;
        // "the Home Office report": an author before a common noun, no title.
        let author_run = i > 0
            && (crate::lexicon::is_org_noun(toks[i - 1].core)
                || crate::lexicon::is_role_noun(toks[i - 1].core));
        let accept = if lower_report {
            modifiers >= 1 && start < i && !author_run
        } else if t.core == "Review" {
            modifiers >= 2 || forward
        } else {
            modifiers >= 1 || forward
        };
        if !accept || start > i {
            continue;
        }
        let range = toks[start].range.start..toks[end].range.end;
        let title = collapse(&s[range.clone()]).into_owned();
        out.push(Mention {
            year: year_in(&title),
            author: possessive_author(toks, start),
            kind,
            title,
            range,
            url: None,
        });
    }
}

/// Every document mention in one paragraph's text.
#[cfg(test)]
fn mentions_in(s: &str, links: &[(Range<usize>, Option<String>)]) -> Vec<Mention> {
    let mut out = Vec::new();
    mentions_with(s, links, &mut Scratch::default(), &mut out);
    out
}

/// The buffers [`mentions_with`] reuses from paragraph to paragraph.
#[derive(Default)]
struct Scratch<'a> {
    /// The words of a paragraph.
    toks: Vec<Tok<'a>>,
    /// The indices of those that may head a mention.
    heads: Vec<usize>,
}

/// [`mentions_in`] into `out`, cleared first, with buffers reused from
/// call to call.
fn mentions_with<'a>(
    s: &'a str,
    links: &[(Range<usize>, Option<String>)],
    scratch: &mut Scratch<'a>,
    out: &mut Vec<Mention>,
) {
    out.clear();
    let scan = scan(s);
    // Only the acts and titles need the words, and each is headed by one.
    if scan.head {
        tokens_into(s, &mut scratch.toks);
    } else {
        scratch.toks.clear();
    }
    let toks = &scratch.toks[..];
    head_candidates(toks, &mut scratch.heads);
    let heads = &scratch.heads[..];
    for m in legislation(toks, heads.iter().copied()) {
        let title = collapse(&s[m.range.clone()]).into_owned();
        out.push(Mention {
            range: m.range,
            kind: DocumentKind::Legislation,
            year: m.year,
            author: None,
            title,
            url: None,
        });
    }
    titled(s, toks, heads, out);
    for c in (scan.letter && may_hold_dated_letter(s))
        .then(|| LETTER.captures_iter(s))
        .into_iter()
        .flatten()
    {
        let Some(m) = c.get(1) else { continue };
        if !c.get(3).is_some_and(|x| is_month(x.as_str())) {
            continue;
        }
        out.push(Mention {
            range: m.range(),
            title: collapse(m.as_str()).into_owned(),
            kind: DocumentKind::Letter,
            year: c.get(4).and_then(|y| y.as_str().parse().ok()),
            author: None,
            url: None,
        });
    }
    for c in scan
        .apposition
        .then(|| APPOSITION.captures_iter(s))
        .into_iter()
        .flatten()
    {
        let (Some(noun), Some(sep), Some(m)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        // Set off by a bare space, the title must look like one ("its
        // report Review of …"), not start a clause ("the report I wrote").
        let bare = sep.as_str().trim().is_empty();
        // The title runs to a clause word; it must be a few words long.
        let text = m.as_str();
        let text = text[..clause_end(text)].trim_end();
        let words = text.split_whitespace().count();
        let lower_words = text
            .split_whitespace()
            .skip(1)
            .filter(|w| w.starts_with(char::is_lowercase))
            .count();
        let first = text.split_whitespace().next().unwrap_or("");
        let pronoun = matches!(
            first,
            "I" | "We" | "You" | "He" | "She" | "It" | "They" | "There" | "Ministers"
        );
        if !(2..=20).contains(&words)
            || lower_words == 0
            || lead_stop(first)
            || pronoun
            || bare && words < 3
        {
            continue;
        }
        let range = m.start()..m.start() + text.len();
        out.push(Mention {
            title: collapse(text).into_owned(),
            kind: kind_of(noun.as_str()),
            year: None,
            author: None,
            range,
            url: None,
        });
    }
    for (r, url) in links {
        let text = collapse(&s[r.clone()]);
        let t = text.trim();
        let looks_like_address = t.contains('@')
            || url_start(t).is_some_and(|i| URL.find_at(t, i).is_some())
            || holds_dot_word(t, b".gov")
            || holds_dot_word(t, b".org");
        let last = t.split_whitespace().last().unwrap_or("");
        let names_body = crate::lexicon::is_org_noun(last) || crate::lexicon::is_role_noun(last);
        if t.split_whitespace().count() < 2 || looks_like_address || names_body {
            continue;
        }
        out.push(Mention {
            range: r.clone(),
            kind: kind_of(t),
            year: year_in(t),
            author: None,
            title: t.to_string(),
            url: url.clone(),
        });
    }
    // A title just after "(2020)" belongs to a citation that extraction ran
    // into the text; its end cannot be told, so it is left out.
    out.retain(|m| {
        let mut from = m.range.start.saturating_sub(12);
        while !s.is_char_boundary(from) {
            from += 1;
        }
        let before = &s[from..m.range.start];
        !(before.contains(')') && CITED_YEAR_BEFORE.is_match(before))
    });
    // One mention per stretch of text: the longest wins. `dedup_by` hands
    // each mention with the last one kept; the longer of the two stays.
    out.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    out.dedup_by(|m, last| {
        if m.range.start >= last.range.end {
            return false;
        }
        if m.range.len() > last.range.len() {
            std::mem::swap(m, last);
        }
        true
    });
    for m in out.iter_mut() {
        if m.kind != DocumentKind::Legislation || m.year.is_none() {
            let after = &s[m.range.end..];
            if let Some(c) = may_be_dated(after)
                .then(|| DATED_AFTER.captures(after))
                .flatten()
            {
                if c.get(1).is_some_and(|x| is_month(x.as_str())) && m.year.is_none() {
                    m.year = c.get(2).and_then(|y| y.as_str().parse().ok());
                }
            }
        }
    }
}

/// Words that end a title in apposition, in the order they are looked for.
const CLAUSE_STOPS: [&str; 11] = [
    " which ",
    " that ",
    " until ",
    " who ",
    " but ",
    " when ",
    " where ",
    " published ",
    " because ",
    " I ",
    " we ",
];

/// Where a title in apposition ends in `t`: each of [`CLAUSE_STOPS`] in
/// turn cuts `t` where it first stands in what is left. Where each first
/// stands is found in one pass over the spaces of `t`; a stop then cuts
/// when it fits within what the stops before it left (a later place would
/// fit no better).
fn clause_end(t: &str) -> usize {
    let b = t.as_bytes();
    let mut first = [None; CLAUSE_STOPS.len()];
    for p in memchr::memchr_iter(b' ', b) {
        let next = b.get(p + 1);
        for (k, stop) in CLAUSE_STOPS.iter().enumerate() {
            let stop = stop.as_bytes();
            if first[k].is_none() && next == stop.get(1) && b[p..].starts_with(stop) {
                first[k] = Some(p);
            }
        }
    }
    let mut end = b.len();
    for (k, stop) in CLAUSE_STOPS.iter().enumerate() {
        if let Some(p) = first[k].filter(|&p| p + stop.len() <= end) {
            end = p;
        }
    }
    end
}

/// Whether `s` holds "letter" followed by white space and "of" or
/// "dated", in any ASCII case: what [`LETTER`] needs to match (prefilter;
/// none of these letters has a case variant outside ASCII).
fn may_hold_dated_letter(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'l', b'L', b).any(|i| {
        if !b
            .get(i..i + 6)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"letter"))
        {
            return false;
        }
        let mut k = i + 6;
        while k < b.len() {
            match space_len(s, k) {
                0 => break,
                n => k += n,
            }
        }
        let rest = &b[k..];
        let opens = |w: &[u8]| {
            rest.get(..w.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(w))
        };
        k > i + 6 && (opens(b"of") || opens(b"dated"))
    })
}

/// Whether `t` holds `w`, a word that opens with a dot: looked for only
/// where a dot stands.
fn holds_dot_word(t: &str, w: &[u8]) -> bool {
    let b = t.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| b[i..].starts_with(w))
}

/// Whether text after a mention may open with a date phrase (prefilter for
/// `DATED_AFTER`): its first word after spaces and commas opens with one
/// of the words the phrase may open with, in any ASCII case, or holds a
/// char past ASCII in its first nine bytes (where case folding reaches
/// past ASCII: "ſ" is an "s"; the longest word has nine letters).
fn may_be_dated(after: &str) -> bool {
    let rest = after
        .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
        .as_bytes();
    let head = &rest[..rest.len().min(9)];
    !head.is_ascii()
        || [
            &b"which"[..],
            b"published",
            b"launched",
            b"issued",
            b"laid",
            b"signed",
            b"of",
        ]
        .iter()
        .any(|w| {
            head.get(..w.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(w))
        })
}

/// Offset in a paragraph's text where raw offset `raw` falls.
fn para_offset(p: &Para, raw: usize) -> usize {
    let s = &p.text.text;
    let (mut lo, mut hi) = (0, s.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if p.text.map.start(mid) < raw {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut i = lo;
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether a sentence ends between two offsets of `s`.
fn sentence_break(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(2)).any(|i| {
        matches!(b[i], b'.' | b'?' | b'!') && b[i + 1] == b' ' && b[i + 2].is_ascii_uppercase()
    })
}

/// A footnote number run into flattened text: " 3 " before a capital or a
/// URL. [`run_on_numbers`] reads it by hand; the tests hold it to this.
#[cfg(test)]
static RUN_ON_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(\d{1,2})\s+(?:[A-Z]|https?://|www\.)").unwrap());

/// The numbers `RUN_ON_NUMBER` finds in `tail`, with where each stands.
///
/// The regex by hand. A match is a run of one or two digits (a longer run
/// holds none: a digit follows the first two), at the start or after white
/// space, then white space and an ASCII capital or a URL's opening; the
/// next match is looked for from the end of the last. Only ASCII digits
/// are read: a run with a digit of another script does not parse, and so
/// gave no number, and a match that holds one ends in a capital or a URL's
/// opening, where no other match can start. White space is read as `\s`
/// reads it, past ASCII too.
fn run_on_numbers(tail: &str) -> Vec<(u32, usize, usize)> {
    let b = tail.as_bytes();
    // The length of the white space char at `i`, if one stands there.
    let space_at = |i: usize| -> Option<usize> {
        let c = *b.get(i)?;
        if c < 0x80 {
            return matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r').then_some(1);
        }
        let ch = tail.get(i..)?.chars().next()?;
        ch.is_whitespace().then(|| ch.len_utf8())
    };
    // Whether the char that ends just before `i` is white space.
    let space_before = |i: usize| -> bool {
        match b[i - 1] {
            c if c < 0x80 => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
            _ => tail[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace),
        }
    };
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while let Some(d) = b[i..].iter().position(u8::is_ascii_digit).map(|p| i + p) {
        let mut e = d;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
        i = e;
        let opens = d == 0 || d > from && space_before(d);
        if !opens || e - d > 2 {
            continue;
        }
        let mut k = e;
        while let Some(n) = space_at(k) {
            k += n;
        }
        let rest = &b[k..];
        let end = if k == e {
            continue;
        } else if rest.first().is_some_and(u8::is_ascii_uppercase) {
            k + 1
        } else if rest.starts_with(b"https://") {
            k + 8
        } else if rest.starts_with(b"http://") {
            k + 7
        } else if rest.starts_with(b"www.") {
            k + 4
        } else {
            continue;
        };
        if let Ok(n) = tail[d..e].parse() {
            out.push((n, d, e));
        }
        from = end;
        i = end;
    }
    out
}

/// Footnotes that extraction ran on after the letter's last paragraph
/// ("… Commissioner 1 Home Office (2019) Title 2 …"): consecutive numbers,
/// the first a citation with an author and year or an act. Numbers already
/// read as footnotes are left alone.
fn run_on_notes(text: &str, from: usize, known: &[u32]) -> Vec<(u32, Range<usize>)> {
    let Some(tail) = text.get(from..) else {
        return Vec::new();
    };
    let numbers = run_on_numbers(tail);
    // A few starting points suffice: notes stand together at the end.
    for (k, &(n, _, end)) in numbers.iter().enumerate().take(40) {
        if known.contains(&n) {
            continue;
        }
        // The run: n, n+1, … each the next number found after the last.
        let mut run = vec![(n, end)];
        let mut starts = Vec::new();
        for &(m, s, e) in &numbers[k + 1..] {
            if m == run.len() as u32 + n {
                starts.push(s);
                run.push((m, e));
            }
        }
        starts.push(tail.len());
        let pieces: Vec<(u32, Range<usize>)> = run
            .iter()
            .zip(&starts)
            .map(|(&(m, e), &s)| (m, from + e..from + s))
            .filter(|(_, r)| r.start < r.end)
            .collect();
        let Some((_, first)) = pieces.first() else {
            continue;
        };
        let first = collapse(&text[first.clone()]);
        let author_ok = author_year(&first)
            .is_some_and(|(a, _, _)| !a.contains(|c: char| c.is_ascii_digit() || c == '^'));
        if author_ok || legislation_at_start(&first).is_some() {
            return pieces
                .into_iter()
                .map(|(m, r)| {
                    let t = &text[r.clone()];
                    let lead = t.len() - t.trim_start().len();
                    (m, r.start + lead..r.start + t.trim_end().len())
                })
                .filter(|(m, _)| !known.contains(m))
                // A marker inside a piece means body text, not a note.
                .take_while(|(_, r)| !text[r.clone()].contains('^'))
                .collect();
        }
    }
    Vec::new()
}

/// The documents found so far, indexed by title.
#[derive(Default)]
struct Found {
    docs: Vec<Document>,
    by_title: FastMap<String, usize>,
}

impl Found {
    fn get(&self, title: &str) -> Option<usize> {
        self.by_title.get(&title_key(title)).copied()
    }

    fn push(&mut self, d: Document) -> usize {
        let key = title_key(&d.title);
        self.push_keyed(key, d)
    }

    /// [`Found::push`] with the document's `title_key` already made.
    fn push_keyed(&mut self, key: String, d: Document) -> usize {
        let i = self.docs.len();
        if !key.is_empty() {
            self.by_title.entry(key).or_insert(i);
        }
        self.docs.push(d);
        i
    }

    fn retitle(&mut self, i: usize, title: String) {
        self.by_title.entry(title_key(&title)).or_insert(i);
        self.docs[i].title = title;
    }
}

fn untitled(number: u32, url: String, span: Span) -> Document {
    Document {
        title: String::new(),
        author: None,
        year: None,
        kind: DocumentKind::Other,
        footnote: Some(number),
        url: Some(url),
        mentions: vec![span],
    }
}

/// The most words a title found in running text may have.
const MAX_TITLE_WORDS: usize = 25;

/// How far after a mention its footnote marker may stand, in bytes.
const MARKER_REACH: usize = 600;

/// Finds the documents of a letter and links each footnote to its document.
pub(crate) fn find(norm: &Normalized, paras: &[Para], footnotes: &mut [Footnote]) -> Vec<Document> {
    let mut found = Found::default();
    // Footnotes first: their citations give the fullest titles.
    let mut by_note: FastMap<u32, usize> = FastMap::default();
    let mut no_title: Vec<usize> = Vec::new();
    let mut prev: Option<usize> = None;
    // One buffer for every title key that is looked up.
    let mut key_buf = Vec::new();
    for f in footnotes.iter_mut() {
        let idx = match cite(&f.text) {
            Some(Cite::Ibid) => prev,
            Some(Cite::Work {
                title,
                author,
                year,
                url,
            }) => {
                let key = title_key_in(&title, &mut key_buf);
                match found.by_title.get(key).copied() {
                    Some(i) => {
                        found.docs[i].mentions.push(f.span);
                        Some(i)
                    }
                    None => Some(found.push_keyed(
                        key.to_owned(),
                        Document {
                            kind: kind_of(&title),
                            title,
                            author,
                            year,
                            footnote: Some(f.number),
                            url,
                            mentions: vec![f.span],
                        },
                    )),
                }
            }
            Some(Cite::Url(url)) => {
                let i = found.push(untitled(f.number, url, f.span));
                no_title.push(i);
                Some(i)
            }
            None => None,
        };
        f.document = idx;
        if let Some(i) = idx {
            by_note.insert(f.number, i);
        }
        prev = idx.or(prev);
    }
    // Footnotes that a flattened text ran on after the closing.
    let tail_from = paras.last().map_or(norm.text.len(), |p| p.extent.end);
    let known: Vec<u32> = footnotes.iter().map(|f| f.number).collect();
    for (n, r) in run_on_notes(&norm.text, tail_from, &known) {
        let span = norm.map.span(r.clone());
        match cite(&norm.text[r]) {
            Some(Cite::Work {
                title,
                author,
                year,
                url,
            }) if found.get(&title).is_none() => {
                let i = found.push(Document {
                    kind: kind_of(&title),
                    title,
                    author,
                    year,
                    footnote: Some(n),
                    url,
                    mentions: vec![span],
                });
                by_note.insert(n, i);
            }
            Some(Cite::Url(url)) => {
                let i = found.push(untitled(n, url, span));
                no_title.push(i);
                by_note.insert(n, i);
            }
            _ => {}
        }
    }
    // Then the body. Links in raw order, to find each paragraph's by search.
    let mut links: Vec<(Span, Option<String>)> = norm
        .links
        .iter()
        .map(|l| (norm.map.span(l.range.clone()), l.url.clone()))
        .filter(|(sp, _)| !sp.is_empty())
        .collect();
    links.sort_by_key(|l| l.0);
    // Buffers for the words and the mentions of every paragraph, the
    // words' sized once for the longest as `tokens_into` would size it.
    let longest = paras.iter().map(|p| p.text.text.len()).max().unwrap_or(0);
    let mut scratch = Scratch {
        toks: Vec::with_capacity(longest / 6 + 1),
        heads: Vec::new(),
    };
    let mut mentions: Vec<Mention> = Vec::new();
    for p in paras {
        let here: Vec<(Range<usize>, Option<String>)> = if links.is_empty() {
            Vec::new()
        } else {
            let raw_span = p.text.span(0..p.text.text.len());
            let first = links.partition_point(|l| l.0.start < raw_span.start);
            links[first..]
                .iter()
                .take_while(|l| l.0.start < raw_span.end)
                .filter(|l| l.0.end <= raw_span.end)
                .map(|(sp, url)| {
                    (
                        para_offset(p, sp.start)..para_offset(p, sp.end),
                        url.clone(),
                    )
                })
                .filter(|(r, _)| r.start < r.end)
                .collect()
        };
        let s = p.text.text.as_str();
        mentions_with(s, &here, &mut scratch, &mut mentions);
        // The markers by where they stand, placed only when a mention
        // needs them.
        let mut markers: Option<Vec<(u32, usize)>> = None;
        for mi in 0..mentions.len() {
            let next_end = mentions.get(mi + 1).map(|x| x.range.end);
            let m = &mut mentions[mi];
            let span: Span = p.text.span(m.range.clone());
            let key = title_key_in(&m.title, &mut key_buf);
            if let Some(&i) = found.by_title.get(key) {
                found.docs[i].mentions.push(span);
                continue;
            }
            let markers = markers.get_or_insert_with(|| {
                let mut v: Vec<(u32, usize)> = p
                    .markers
                    .iter()
                    .map(|(n, r)| (*n, para_offset(p, norm.map.start(r.start))))
                    .collect();
                v.sort_by_key(|m| m.1);
                v
            });
            // The marker closing the sentence that names it.
            let marker = markers
                .get(markers.partition_point(|x| x.1 < m.range.end))
                .filter(|(_, at)| {
                    *at - m.range.end <= MARKER_REACH && !sentence_break(&s[m.range.end..*at])
                });
            let merged = marker.and_then(|(n, at)| {
                let i = *by_note.get(n)?;
                let d = &found.docs[i];
                let last = next_end.map_or(true, |end| end > *at);
                // Only needed when the mention is not the last before the marker.
                let within = || words_within(&m.title, &d.title);
                let leg_clash = m.kind == DocumentKind::Legislation
                    && d.kind != DocumentKind::Legislation
                    && !d.title.is_empty();
                ((last || within()) && !leg_clash).then_some(i)
            });
            match merged {
                Some(i) => {
                    if found.docs[i].title.is_empty() {
                        found.retitle(i, std::mem::take(&mut m.title));
                        let d = &mut found.docs[i];
                        d.kind = m.kind;
                        d.year = m.year;
                        d.author = m.author.take();
                    }
                    found.docs[i].mentions.push(span);
                }
                None => {
                    found.push_keyed(
                        key.to_owned(),
                        Document {
                            title: std::mem::take(&mut m.title),
                            author: m.author.take(),
                            year: m.year,
                            kind: m.kind,
                            footnote: None,
                            url: m.url.take(),
                            mentions: vec![span],
                        },
                    );
                }
            }
        }
    }
    let mut docs = found.docs;
    // A footnote that is only a URL and that no mention named: its URL's words.
    for &i in &no_title {
        if docs[i].title.is_empty() {
            let url = docs[i].url.clone().unwrap_or_default();
            docs[i].title = title_from_url(&url).unwrap_or(url);
            docs[i].kind = kind_of(&docs[i].title);
        }
    }
    for d in &mut docs {
        d.mentions.sort();
        d.mentions.dedup();
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_agrees_with_split_whitespace() {
        for s in [
            "",
            " ",
            "a",
            "  Annual \t Report\n2020 ",
            "a\u{b}b\u{c}c\rd\u{1c}e\u{1f}f",
            "x\u{a0}y \u{2003} z",
            "\u{85}Plan\u{3000}",
        ] {
            let words: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(collapse(s), words.join(" "), "{s:?}");
        }
    }

    #[track_caller]
    fn work(text: &str) -> (String, Option<String>, Option<i32>, Option<String>) {
        match cite(text) {
            Some(Cite::Work {
                title,
                author,
                year,
                url,
            }) => (title, author, year, url),
            other => panic!("not a work: {other:?}"),
        }
    }

    #[track_caller]
    fn titles(s: &str) -> Vec<String> {
        mentions_in(s, &[]).into_iter().map(|m| m.title).collect()
    }

    #[test]
    fn author_year_title() {
        let (t, a, y, _) =
            work("Home Office (2019) Funding for Violence Reduction Units announced");
        assert_eq!(t, "Funding for Violence Reduction Units announced");
        assert_eq!(a.as_deref(), Some("Home Office"));
        assert_eq!(y, Some(2019));
        assert_eq!(kind_of(&t), DocumentKind::Announcement);
    }

    #[test]
    fn author_list_with_initials() {
        let (t, a, y, _) =
            work("Cox, P., Lamont, R. and Sunkin, M. (2020) Constitutional powers of the office");
        assert_eq!(a.as_deref(), Some("Cox, P., Lamont, R. and Sunkin, M"));
        assert_eq!(t, "Constitutional powers of the office");
        assert_eq!(y, Some(2020));
    }

    #[test]
    fn author_title_month_year() {
        let (t, a, y, _) = work("Committee on Standards, Sanctions in the standards system: revised proposals, March 2021");
        assert_eq!(t, "Sanctions in the standards system: revised proposals");
        assert_eq!(a.as_deref(), Some("Committee on Standards"));
        assert_eq!(y, Some(2021));
    }

    #[test]
    fn session_and_paper_number_dropped() {
        let (t, a, _, _) = work("Select Committee, Second Report of Session 2019–21, Review of the Rules: proposals, HC 101");
        assert_eq!(t, "Review of the Rules: proposals");
        assert_eq!(a.as_deref(), Some("Select Committee"));
    }

    #[test]
    fn title_author_month_year() {
        let (t, a, y, _) =
            work("Working Together to Safeguard Children, Department for Education, July 2018");
        assert_eq!(
            (t.as_str(), a.as_deref(), y),
            (
                "Working Together to Safeguard Children",
                Some("Department for Education"),
                Some(2018)
            )
        );
    }

    #[test]
    fn author_title_trailing_year() {
        let (t, a, y, _) = work("Department for Transport, Road Safety Statement (2019)");
        assert_eq!(
            (t.as_str(), a.as_deref(), y),
            (
                "Road Safety Statement",
                Some("Department for Transport"),
                Some(2019)
            )
        );
    }

    #[test]
    fn trailing_form_and_date_dropped() {
        let (t, _, y, _) = work("Cabinet Office (2020) Public Appointments Reform, Written Ministerial Statement, 18 March 2020");
        assert_eq!(t, "Public Appointments Reform");
        assert_eq!(y, Some(2020));
        let (t, _, _, _) = work("Treasury (2021) Growth Plan, Next Steps");
        assert_eq!(t, "Growth Plan, Next Steps");
    }

    #[test]
    fn trailing_url_goes_to_url() {
        let (t, _, _, u) =
            work("Home Office (2019) Funding announced https://www.gov.uk/government/news/funding");
        assert_eq!(t, "Funding announced");
        assert_eq!(
            u.as_deref(),
            Some("https://www.gov.uk/government/news/funding")
        );
        let (_, _, _, u) = work("Office (2020) Title https://x.org/ report/some-page/");
        assert_eq!(u.as_deref(), Some("https://x.org/report/some-page/"));
        let (t, _, _, u) =
            work("Welsh Office, Care Review: Register, Available at: www.example.wales");
        assert_eq!(t, "Care Review: Register");
        assert_eq!(u.as_deref(), Some("www.example.wales"));
    }

    #[test]
    fn legislation_with_section() {
        let (t, a, y, _) = work("Equality Act 2010, section 149 https://www.legislation.gov.uk/ukpga/2010/15/section/149");
        assert_eq!((t.as_str(), a, y), ("Equality Act 2010", None, Some(2010)));
        assert_eq!(kind_of(&t), DocumentKind::Legislation);
        let (t, _, y, _) = work("Human Rights Act 1998, sections 6 and 7:");
        assert_eq!((t.as_str(), y), ("Human Rights Act 1998", Some(1998)));
    }

    #[test]
    fn organisation_then_act_title_keeps_author() {
        let (t, a, y, _) =
            work("Home Office, Police and Criminal Evidence Act 1984 (PACE) codes of practice");
        assert_eq!(
            t,
            "Police and Criminal Evidence Act 1984 (PACE) codes of practice"
        );
        assert_eq!(a.as_deref(), Some("Home Office"));
        assert_eq!(y, None);
    }

    #[test]
    fn notes_run_on_after_the_closing() {
        let t = "Yours sincerely, A Person Commissioner 1 Home Office (2019) Funding announced 2 Equality Act 2010, section 1 3 https://x.org/a-b-c/";
        let got: Vec<(u32, &str)> = run_on_notes(t, 0, &[])
            .into_iter()
            .map(|(n, r)| (n, &t[r]))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Home Office (2019) Funding announced"),
                (2, "Equality Act 2010, section 1"),
                (3, "https://x.org/a-b-c/")
            ]
        );
        assert!(run_on_notes("on 18 March 2020 ^2 UK Office (2020) Title", 0, &[]).is_empty());
    }

    #[test]
    fn citation_run_into_text_gives_no_mention() {
        assert!(titles(
            "with local 2 Some Commissioner (2020) IASC Blog: A public approach businesses to"
        )
        .is_empty());
    }

    #[test]
    fn bare_url_and_ibid() {
        assert_eq!(
            cite("https://www.legislation.gov.uk/nisi/2003/439/contents"),
            Some(Cite::Url(
                "https://www.legislation.gov.uk/nisi/2003/439/contents".into()
            ))
        );
        assert_eq!(cite("Ibid., p. 4"), Some(Cite::Ibid));
        assert_eq!(
            title_from_url("https://ico.org.uk/global/data-protection-and-coronavirus-hub/")
                .as_deref(),
            Some("data protection and coronavirus hub")
        );
        assert_eq!(
            title_from_url("https://www.legislation.gov.uk/nisi/2003/439/contents"),
            None
        );
    }

    #[test]
    fn act_after_section_of() {
        assert_eq!(
            titles("I rely on section 45 of the Modern Slavery Act 2015 here."),
            ["Modern Slavery Act 2015"]
        );
        assert_eq!(
            titles("Section 35 of the Protection of Freedoms Act 2012 requires me"),
            ["Protection of Freedoms Act 2012"]
        );
    }

    #[test]
    fn act_with_from_in_its_name() {
        assert_eq!(
            titles("The Protection from Harassment Act 1997 gives powers"),
            ["Protection from Harassment Act 1997"]
        );
    }

    #[test]
    fn act_with_comma_and_parenthesis() {
        assert_eq!(
            titles("created by the Domestic Violence, Crime and Victims Act 2004, and"),
            ["Domestic Violence, Crime and Victims Act 2004"]
        );
        assert_eq!(
            titles(
                "Under Article 7(4) of the Commissioner for Older People (Wales) Act 2006 I must"
            ),
            ["Commissioner for Older People (Wales) Act 2006"]
        );
        assert_eq!(
            titles("considering the Data Protection and Digital Information (No. 2) Bill. I am"),
            ["Data Protection and Digital Information (No. 2) Bill"]
        );
    }

    #[test]
    fn order_needs_year_and_committee_is_no_bill() {
        assert_eq!(
            titles("under the Children (Northern Ireland) Order 1995 and"),
            ["Children (Northern Ireland) Order 1995"]
        );
        assert!(titles("In Order to help").is_empty());
        assert!(titles("a member of the Public Bill Committee considering it").is_empty());
    }

    #[test]
    fn titled_plans_reports_strategies() {
        assert_eq!(
            titles("the priorities in my Strategic Plan 2019-2021: improving care"),
            ["Strategic Plan 2019-2021"]
        );
        assert_eq!(
            titles("In September I published my Annual Report outlining"),
            ["Annual Report"]
        );
        assert_eq!(
            titles("commitments in the Tackling Violence Against Women and Girls Strategy, and"),
            ["Tackling Violence Against Women and Girls Strategy"]
        );
        assert_eq!(
            titles("The National Camera Strategy for England and Wales, which I launched"),
            ["National Camera Strategy for England and Wales"]
        );
        assert_eq!(
            titles("the Code of Practice for Victims of Crime. Too many"),
            ["Code of Practice for Victims of Crime"]
        );
        assert_eq!(
            titles("the overarching principles of the Victims' Code but"),
            ["Victims' Code"]
        );
    }

    #[test]
    fn possessive_gives_author() {
        let m = mentions_in(
            "The Equalities and Human Rights Committee's Stage 1 report reflects this.",
            &[],
        );
        assert_eq!(m[0].title, "Stage 1 report");
        assert_eq!(
            m[0].author.as_deref(),
            Some("Equalities and Human Rights Committee")
        );
        let m = mentions_in("The VRN's Response Strategy is informed by", &[]);
        assert_eq!(
            (m[0].title.as_str(), m[0].author.as_deref()),
            ("Response Strategy", Some("VRN"))
        );
    }

    #[test]
    fn process_reviews_and_bare_heads_are_not_documents() {
        assert!(titles("Ahead of the Spending Review, I write").is_empty());
        assert!(titles("Ahead of next week's Spending Review, I write").is_empty());
        assert!(titles("compliance with the Code must be monitored and the Report").is_empty());
        assert!(titles("the Police Investigations and Review Commissioner").is_empty());
    }

    #[test]
    fn letter_of_date() {
        let m = mentions_in(
            "Thank you for your letter of 13 October 2020 about the links",
            &[],
        );
        assert_eq!(
            (m[0].title.as_str(), m[0].kind, m[0].year),
            (
                "letter of 13 October 2020",
                DocumentKind::Letter,
                Some(2020)
            )
        );
    }

    #[test]
    fn author_before_common_noun_is_no_title() {
        assert!(titles("as the Home Office report showed").is_empty());
        assert!(titles("the report I wrote, which was").is_empty());
    }

    #[test]
    fn title_in_apposition() {
        assert_eq!(
            titles("responded to the consultation, Reforming police funding arrangements in England and Wales, which closed"),
            ["Reforming police funding arrangements in England and Wales"]
        );
    }

    #[test]
    fn published_date_gives_year() {
        let m = mentions_in(
            "My Annual Report, published in September 2020, reports on",
            &[],
        );
        assert_eq!(
            (m[0].title.as_str(), m[0].year),
            ("Annual Report", Some(2020))
        );
        let m = mentions_in("The Stormont House Agreement of December 2014 was", &[]);
        assert_eq!(
            (m[0].title.as_str(), m[0].year),
            ("Stormont House Agreement", Some(2014))
        );
    }

    #[test]
    fn linked_words_are_a_mention() {
        let s = "in March I published my analysis of the figures for England.";
        let a = s.find("analysis").unwrap_or(0);
        let m = mentions_in(
            s,
            &[(
                a..a + "analysis of the figures".len(),
                Some("https://x.org".into()),
            )],
        );
        assert_eq!(m[0].title, "analysis of the figures");
        assert_eq!(m[0].url.as_deref(), Some("https://x.org"));
    }

    #[test]
    fn ibid_opens_with_an_ascii_i_past_white_space() {
        // `cite` asks for an "i" or "I" first, past `trim_start`'s white
        // space, before it runs `IBID`.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if IBID.is_match(&format!("{c}bid")) {
                assert!(matches!(c, 'i' | 'I'), "{c:?}");
            }
            if IBID.is_match(&format!("{c}ibid")) {
                assert!(c.is_whitespace(), "{c:?}");
            }
        }
    }

    #[test]
    fn month_prefilter_keeps_every_month() {
        // `is_month` turns words away by first letter and length.
        for m in MONTHS.iter() {
            assert!(m.is_ascii() && (3..=9).contains(&m.len()), "{m}");
            assert!(b"adfjmnos".contains(&m.as_bytes()[0]), "{m}");
            assert!(is_month(m) && is_month(&m.to_uppercase()), "{m}");
            assert!(is_month(&format!("{m}.")), "{m}");
        }
        for w in ["", ".", "Monday", "X", "Ma", "Septembers", "\u{212A}", "é"] {
            assert!(!is_month(w), "{w}");
        }
    }

    #[test]
    fn titles_agree_without_leading_article() {
        assert_eq!(
            title_key("The Future Report 2020"),
            title_key("Future Report 2020")
        );
        assert_ne!(title_key("Annual Report"), title_key("Annual Report 2019"));
    }

    #[test]
    fn pathological_input_is_linear_and_safe() {
        let s = "Annual Report Act 2000 (No. 2) Bill, Review of the ".repeat(2000);
        let m = mentions_in(&s, &[]);
        assert!(m
            .iter()
            .all(|x| s.is_char_boundary(x.range.start) && s.is_char_boundary(x.range.end)));
        let _ = cite(&"(((( 1999) ".repeat(500));
        let notes: String = (1..90)
            .map(|n| format!(" {n} Some Office (2000) Title {n}"))
            .collect();
        assert_eq!(run_on_notes(&notes, 0, &[]).len(), 89);
        let odd = "Réport 20€€ Plan 2019–2021é ’s Code’ (Wales) Act 1999é";
        let _ = mentions_in(odd, &[]);
    }

    #[test]
    fn whole_letter_mentions_merge_with_footnotes() {
        let raw = "Dear Minister,\n\nI welcome the Tackling Crime Strategy.\u{b9} Section 3 of the Equality Act 2010 applies, and the Equality Act 2010 is clear.\n\nThank you for your letter of 9 May 2024.\n\nYours sincerely,\n\nA Person\n\n\u{b9} Home Office (2023) Tackling Crime Strategy\n";
        let l = crate::parse(raw);
        let titles: Vec<&str> = l.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Tackling Crime Strategy",
                "Equality Act 2010",
                "letter of 9 May 2024"
            ]
        );
        assert_eq!(l.documents[0].footnote, Some(1));
        assert_eq!(l.documents[0].author.as_deref(), Some("Home Office"));
        assert_eq!(l.documents[0].mentions.len(), 2);
        assert_eq!(l.documents[1].mentions.len(), 2);
        assert_eq!(l.footnotes[0].document, Some(0));
        for d in &l.documents {
            for m in &d.mentions {
                assert!(raw.get(m.start..m.end).is_some_and(|t| !t.is_empty()));
            }
        }
        assert_eq!(
            &raw[l.documents[1].mentions[0].start..l.documents[1].mentions[0].end],
            "Equality Act 2010"
        );
    }

    #[test]
    fn author_year_by_hand_agrees_with_the_regex() {
        let cases = [
            "Home Office (2019) Funding announced",
            "Home Office (2019). Title",
            "Home Office (2019a), Title",
            "Home Office (2019b): Title",
            "Home Office  (2019)  Title",
            "HO(2019) Title",
            "H (2019) Title",
            "H(2019) Title",
            " (2019) Title",
            "AB (2019)",
            "AB (2019) ",
            "AB (2019)  ",
            "AB (2019) \n",
            "AB (2019)\n\n",
            "AB (2019) x\ny",
            "AB (2019)x",
            "AB (2019ab) x",
            "AB (2019a x",
            "AB (1899) x",
            "AB (1799) x",
            "AB (2100) x",
            "AB (20١٩) x",
            "AB (19٣٣) x",
            "AB (20x9) x",
            "A) (2019) x",
            "Ré, É. (2020) Titré",
            "Office\u{a0}(2020)\u{a0}Title",
            "Office (2020)\u{2003}\u{2003}",
            "(2020) Title",
            "",
            "(",
            "A (",
            "Cox, P., Lamont, R. and Sunkin, M. (2020) Constitutional powers",
        ];
        let long = format!("{} (2020) T", "a".repeat(200));
        let longer = format!("{} (2020) T", "a".repeat(201));
        let spaced = format!("ab{} (2020) T", " ".repeat(300));
        for s in cases
            .iter()
            .copied()
            .chain([long.as_str(), longer.as_str(), spaced.as_str()])
        {
            let want = AUTHOR_YEAR.captures(s).map(|c| {
                (
                    c.get(1).map_or("", |m| m.as_str()),
                    c.get(2).map_or("", |m| m.as_str()),
                    c.get(3).map_or("", |m| m.as_str()),
                )
            });
            assert_eq!(author_year(s), want, "{s:?}");
        }
    }

    /// `title_key` as first written: the words collected, then joined.
    fn title_key_reference(s: &str) -> String {
        let mut v: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if v.first().is_some_and(|w| w == "the") {
            v.remove(0);
        }
        v.join(" ")
    }

    #[test]
    fn title_key_matches_its_word_list() {
        for s in [
            "The Future Report 2020",
            "the",
            "THE",
            "  The  ",
            "Theory of the Case",
            "-- the -- report --",
            "",
            "a-b_c, D.E",
            "Thé Report",
            "The Réport ΣΑΣ",
            "The \u{212A}elvin Report",
            "3 The Report",
        ] {
            assert_eq!(title_key(s), title_key_reference(s), "{s:?}");
        }
    }

    #[test]
    fn kinds_from_title_words() {
        assert_eq!(
            kind_of("IASC Blog: A public health approach"),
            DocumentKind::Blog
        );
        assert_eq!(
            kind_of("Surveillance Camera Code of Practice"),
            DocumentKind::Guidance
        );
        assert_eq!(
            kind_of("Age of Criminal Responsibility (Scotland) Bill"),
            DocumentKind::Legislation
        );
        assert_eq!(
            kind_of("Police and Crime Plan 2017–2021"),
            DocumentKind::Plan
        );
        assert_eq!(kind_of("Annual Report 2019-2020"), DocumentKind::Report);
        assert_eq!(kind_of("letter of 9 December 2021"), DocumentKind::Letter);
        assert_eq!(kind_of("New Decade, New Approach"), DocumentKind::Other);
    }

    /// `kind_of` as first written: the words collected, then looked at.
    fn kind_of_reference(title: &str) -> DocumentKind {
        let words: Vec<&str> = title
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .collect();
        let has = |k: &str| words.iter().any(|w| w.to_lowercase() == k);
        if has("blog") {
            return DocumentKind::Blog;
        }
        if has("announced") || has("announcement") || has("press") && has("release") {
            return DocumentKind::Announcement;
        }
        let last_word = words
            .iter()
            .rev()
            .find(|w| !w.chars().all(|c| c.is_ascii_digit()) && !w.starts_with(char::is_lowercase));
        if last_word.is_some_and(|w| legislation_head(w).is_some()) && !title.contains(':') {
            return DocumentKind::Legislation;
        }
        if words.first().is_some_and(|w| w.to_lowercase() == "letter")
            || has("letter") && words.len() <= 6
        {
            return DocumentKind::Letter;
        }
        if has("guidance") || title.to_lowercase().contains("code of practice") || has("guide") {
            return DocumentKind::Guidance;
        }
        for (w, k) in [
            ("strategy", DocumentKind::Strategy),
            ("plan", DocumentKind::Plan),
            ("review", DocumentKind::Review),
            ("report", DocumentKind::Report),
        ] {
            if has(w) {
                return k;
            }
        }
        DocumentKind::Other
    }

    proptest::proptest! {
        /// The one-pass `kind_of` agrees with the collecting one.
        #[test]
        fn kind_of_agrees_with_reference(
            t in r#"(Blog|BLOG|blog|announced|Press|release|Letter|letter|LETTER|Guidance|guide|Code of Practice|code Of practice|Strategy|plan|Plan|Review|report|Report|Act|Bill|Order|Rules|2021|3|x|é|Élan|\u{212A}|’s|'|:| |-|, |\t|reportsreports){0,10}"#
        ) {
            proptest::prop_assert_eq!(kind_of(&t), kind_of_reference(&t));
        }

        /// `words_within` agrees with collecting the words in lower case.
        #[test]
        fn words_within_agrees_with_collecting(
            a in r#"(The|the|THE|Report|report|2020|Σ|σ|ς|ΣΑΣ|\u{212A}|k|é|É| |-|:){0,6}"#,
            b in r#"(The|the|THE|Report|report|2020|Σ|σ|ς|ΣΑΣ|\u{212A}|k|é|É| |-|:){0,8}"#
        ) {
            let words = |s: &str| -> Vec<String> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            };
            let (wa, wb) = (words(&a), words(&b));
            proptest::prop_assert_eq!(words_within(&a, &b), wa.iter().all(|w| wb.contains(w)));
        }

        /// `title_key` agrees with joining the words it collects.
        #[test]
        fn title_key_agrees_with_reference(
            t in r#"(The|the|THE|tHe|Theory|them|Report|2020|a|Z|0|9| |  |\t|\n|-|:|'|’|é|Σ|\u{212A}|_|\.|,){0,12}"#
        ) {
            proptest::prop_assert_eq!(title_key(&t), title_key_reference(&t));
        }

        /// `collapse` agrees with joining the words `split_whitespace` gives.
        #[test]
        fn collapse_agrees_with_words(t in r#"( |  |\t|\n|\r|\u{b}|\u{c}|\u{a0}|a|Bc|é|\.){0,12}"#) {
            let words: Vec<&str> = t.split_whitespace().collect();
            proptest::prop_assert_eq!(collapse(&t), words.join(" "));
        }
    }

    proptest::proptest! {
        /// The byte scans agree with reading every window of the text.
        #[test]
        fn scans_agree_with_windows(
            t in r#"(http|HTTP|hTtP|htt|www\.|WWW\.|ww|Letter|LETTER|lett|letter|lETter|leTTER|l|L|e|E|tter|TtER|ter|code of practice|Code Of|\(|\(18|\(20|\(19|18|19|20|1|2|é|’| |x){0,12}"#
        ) {
            let b = t.as_bytes();
            for needle in ["letter", "code of practice"] {
                let n = needle.as_bytes();
                let by_windows = b.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
                proptest::prop_assert_eq!(contains_ascii_ci(&t, needle), by_windows);
                if needle == "letter" {
                    proptest::prop_assert_eq!(scan(&t).letter, by_windows);
                }
            }
            proptest::prop_assert_eq!(
                may_hold_year(&t),
                b.windows(2).any(|w| matches!(w, [b'1', b'8' | b'9'] | [b'2', b'0']))
            );
            proptest::prop_assert_eq!(
                may_hold_paren_year(&t),
                b.windows(3).any(|w| matches!(w, [b'(', b'1', b'8' | b'9'] | [b'(', b'2', b'0']))
            );
            proptest::prop_assert_eq!(
                url_start(&t),
                b.windows(4)
                    .position(|w| w.eq_ignore_ascii_case(b"http") || w.eq_ignore_ascii_case(b"www."))
            );
        }

        /// The head scan finds every word whose core is a head word, and
        /// only head words that may be one.
        #[test]
        fn head_scan_agrees_with_search(
            t in r#"(Act|Ac|Bill|Order|Rules|Rule|report|Report|repor|Review|Code|Co|Plan|Pla|Guide|Paper|Strategy|A|B|R|é|’|“|”|\u{a0}|\(|\)|"|,|\.|'s|@|\[|Z|\x7f| |x|xxxxxxx){0,16}"#
        ) {
            let words: Vec<&str> = head_words().collect();
            let by_tokens = tokens(&t).iter().any(|x| words.contains(&x.core));
            let by_search = words.iter().any(|w| {
                t.match_indices(w)
                    .any(|(i, _)| may_be_core(t.as_bytes(), i, i + w.len()))
            });
            proptest::prop_assert_eq!(scan(&t).head, by_search);
            if by_tokens {
                proptest::prop_assert!(by_search);
            }
        }

        /// Years and paper labels read by hand agree with the regexes.
        #[test]
        fn year_and_paper_agree_with_regexes(
            t in r#"(1|2|0|8|9|19|20|18|2021|1999|a|_|é|٣|-|–| |\(|HC|hl|Cm|cmd|CP|sg|SE|session|SESSION|seſſion|Report of|paper){0,10}"#
        ) {
            let by_regex = if may_hold_year(&t) {
                YEAR.captures(&t)
                    .and_then(|c| c.get(1))
                    .and_then(|m| m.as_str().parse().ok())
            } else {
                None
            };
            proptest::prop_assert_eq!(year_in(&t), by_regex);
            if PAPER_SEG.is_match(&t) {
                proptest::prop_assert!(may_be_paper(&t));
            }
        }
    }

    proptest::proptest! {
        /// The run-on numbers read by hand agree with `RUN_ON_NUMBER`.
        #[test]
        fn run_on_numbers_agree_with_regex(
            t in r#"(1|2|12|123|٣|x|A|Home| |  |\n|\t|\u{a0}|\u{2003}|http://|https://|www\.|htt|é|’|\(){0,14}"#
        ) {
            let by_regex: Vec<(u32, usize, usize)> = RUN_ON_NUMBER
                .captures_iter(&t)
                .filter_map(|c| {
                    let g = c.get(1)?;
                    Some((g.as_str().parse().ok()?, g.start(), g.end()))
                })
                .collect();
            proptest::prop_assert_eq!(run_on_numbers(&t), by_regex);
        }

        /// The apposition prefilter turns away no text the regex matches.
        #[test]
        fn apposition_prefilter_keeps_matches(
            t in r#"(report|the report|review|consultation|plan|blog|paper|called|entitled|titled|guidance|strategy|document|publication|reports|,| |  |\n|\u{a0}|\u{2003}|A|Reforming|x|é|’|\.){0,12}"#
        ) {
            if APPOSITION.is_match(&t) {
                proptest::prop_assert!(scan(&t).apposition);
            }
        }

        /// The apposition's end found in one pass agrees with cutting at
        /// each stop in turn.
        #[test]
        fn clause_end_agrees_with_cutting_in_turn(
            t in r#"( which | that | until | who | but | when | where | published | because | I | we |which|we| we which | I we | that I |I|x|Report| |  |é){0,10}"#
        ) {
            let mut end = t.len();
            for stop in CLAUSE_STOPS {
                if let Some(p) = t[..end].find(stop) {
                    end = p;
                }
            }
            proptest::prop_assert_eq!(clause_end(&t), end);
        }

        /// The dated-letter prefilter turns away no text `LETTER` matches.
        #[test]
        fn dated_letter_prefilter_keeps_matches(
            t in r#"(your|Your|the|THE|my|letter|Letter|LETTER|lEtTeR|of|OF|Of|dated|DATED|9|12|3rd|May|December|dec\.|2020|,| |  |\n|\u{a0}|\u{2003}|x|é){0,12}"#
        ) {
            if LETTER.is_match(&t) {
                proptest::prop_assert!(may_hold_dated_letter(&t));
            }
        }

        /// The date prefilter turns away no text `DATED_AFTER` matches.
        #[test]
        fn dated_prefilter_keeps_matches(
            t in r#"(,| |  |\u{a0}|which|WHICH|was|I|we|published|Published|launched|issued|iſſued|laid|signed|ſigned|in|on|of|OF|9|3rd|September|sept|2020|x|é){0,8}"#
        ) {
            if DATED_AFTER.is_match(&t) {
                proptest::prop_assert!(may_be_dated(&t));
            }
        }

        /// The words agree with `split_whitespace`.
        #[test]
        fn tokens_agree_with_split_whitespace(
            t in r#"(Act|a|\(|\)|,|\.|”|“|’|é|\u{85}|\u{a0}|\u{2003}|\u{3000}|\u{1c}|\u{7f}| |  |\t|\n|\r|\u{b}|\u{c}|xxxxxxxxx|\x00){0,16}"#
        ) {
            let want: Vec<String> = t
                .split_whitespace()
                .map(|w| {
                    let a = w.as_ptr() as usize - t.as_ptr() as usize;
                    format!("{:?}", token(&t, a, a + w.len()))
                })
                .collect();
            let got: Vec<String> = tokens(&t).iter().map(|x| format!("{x:?}")).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
