//! Labelling pieces of a block by the evidence in their words.
//!
//! Lines lie: a letterhead may arrive as one line ("Lord Willy Bach Police
//! and Crime Commissioner for Leicestershire Office of the … LE19 2BX").
//! This module first finds the pieces whose shape is certain (postcodes,
//! phones, emails, web addresses, dates, references), then splits the words
//! between them into name, role, organisation and address segments by what
//! the words are: honorifics and post-nominals open and close names; role
//! nouns ("Commissioner") and organisation nouns ("Office") head phrases
//! whose "for/of …" tails end at a place or the next phrase; numbers and
//! address words ("Street", "House") open address lines.

use crate::lexicon::{self, ADDRESS_WORDS, PLACES};
use crate::names::{self, NameParts};
use regex::Regex;
use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

/// What a segment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Name(NameParts),
    /// A name slot whose name is withheld ("[redacted]").
    Redacted,
    Role,
    Org,
    Address,
    Postcode(String, bool),
    Phone(Option<String>),
    Email(String),
    /// "[email protected]": an address hidden by a web page.
    Obfuscated,
    Url,
    Date,
    RefOurs,
    RefYours,
    /// "By email only", "Via email": delivery notes.
    Delivery,
    /// "cc: …" in a header.
    Cc,
    /// "Re: …" / "Subject: …" set above the salutation.
    Subject,
    Other,
}

/// A labelled piece of clean text.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub kind: Kind,
    pub range: Range<usize>,
    /// Index of the source line (segments of one line share it).
    pub line: usize,
}

#[derive(Debug, Clone)]
struct Tok<'a> {
    s: &'a str,
    /// `lexicon::strip(s)`, worked out once (the readers ask it again and again).
    w: &'a str,
    /// [`CAP`], [`NUMBER`] and [`CONNECTOR`] bits: what [`is_cap`],
    /// [`is_number`] and [`is_connector`] say of `w`.
    shape: u8,
    range: Range<usize>,
    /// Memo of [`address_starts`] here (the phrase readers ask it again and
    /// again of the same token).
    address: Cell<Option<bool>>,
    /// Memo of the honorific length of the tokens from here on.
    honorific: Cell<Option<usize>>,
    /// Memo of the word lists this token is in: for each of [`ROLE`],
    /// [`ORG`], [`ADDR`] and [`NAME`], a bit saying it is known and one saying it holds
    /// (the phrase readers look the same token up again and again).
    class: Cell<u8>,
}

/// [`lexicon::is_role_noun`] of the token.
const ROLE: u8 = 0;
/// [`lexicon::is_org_noun`] of the token.
const ORG: u8 = 1;
/// `ADDRESS_WORDS.contains` of the token.
const ADDR: u8 = 2;
/// [`names::is_name_word`] of the token.
const NAME: u8 = 3;

/// [`Tok::shape`] bit: [`is_cap`].
const CAP: u8 = 1;
/// [`Tok::shape`] bit: [`is_number`].
const NUMBER: u8 = 2;
/// [`Tok::shape`] bit: [`is_connector`].
const CONNECTOR: u8 = 4;

impl<'a> Tok<'a> {
    fn new(s: &'a str, range: Range<usize>) -> Tok<'a> {
        let w = lexicon::strip(s);
        let shape = if is_cap(w) { CAP } else { 0 }
            | if is_number(w) { NUMBER } else { 0 }
            | if is_connector(w) { CONNECTOR } else { 0 };
        Tok {
            s,
            w,
            shape,
            range,
            address: Cell::new(None),
            honorific: Cell::new(None),
            class: Cell::new(0),
        }
    }

    /// `look(self.s)`, remembered under `which` (one of [`ROLE`], [`ORG`], [`ADDR`], [`NAME`]).
    #[inline]
    fn class(&self, which: u8, look: fn(&str) -> bool) -> bool {
        let (known, holds) = (1u8 << (2 * which), 2u8 << (2 * which));
        let c = self.class.get();
        if c & known != 0 {
            return c & holds != 0;
        }
        let v = look(self.s);
        self.class.set(c | known | if v { holds } else { 0 });
        v
    }

    /// [`is_cap`] of the token.
    #[inline]
    fn cap(&self) -> bool {
        self.shape & CAP != 0
    }

    /// [`is_number`] of the token.
    #[inline]
    fn number(&self) -> bool {
        self.shape & NUMBER != 0
    }

    /// [`is_connector`] of the token.
    #[inline]
    fn connector(&self) -> bool {
        self.shape & CONNECTOR != 0
    }

    /// [`lexicon::is_role_noun`] of the token.
    fn is_role(&self) -> bool {
        self.class(ROLE, lexicon::is_role_noun)
    }

    /// [`lexicon::is_org_noun`] of the token.
    fn is_org(&self) -> bool {
        self.class(ORG, lexicon::is_org_noun)
    }

    /// Whether the token is an address word.
    fn is_addr(&self) -> bool {
        self.class(ADDR, |w| ADDRESS_WORDS.contains(w))
    }
}

/// [`names::honorific_len`] of `toks[i..]`, remembered in `toks[i]`.
fn honorific_at(toks: &[Tok], i: usize) -> usize {
    let Some(t) = toks.get(i) else {
        return names::honorific_len(&toks[i.min(toks.len())..]);
    };
    if let Some(n) = t.honorific.get() {
        return n;
    }
    let n = names::honorific_len(&toks[i..]);
    t.honorific.set(Some(n));
    n
}

/// The whitespace-separated tokens of `text[range]`, less the separators
/// ("|", "•", "-", "–", "·") that stand alone between pieces.
#[cfg(test)]
fn tokens(text: &str, range: Range<usize>) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    tokens_into(text, range, &mut out);
    out
}

/// [`tokens`], into `out` (cleared first): a buffer kept from gap to gap.
fn tokens_into<'a>(text: &'a str, range: Range<usize>, out: &mut Vec<Tok<'a>>) {
    let base = range.start;
    let s = &text[range];
    out.clear();
    // Most words are short: this spares most of the regrowing.
    out.reserve(s.len() / 6 + 1);
    let mut push = |st: usize, e: usize| {
        let t = &s[st..e];
        if !matches!(t, "|" | "•" | "-" | "–" | "·") {
            out.push(Tok::new(t, base + st..base + e));
        }
    };
    let mut start = None;
    if s.is_ascii() {
        // Bytes will do: in ASCII, whitespace is tab to carriage return and space.
        let b = s.as_bytes();
        let space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
        let mut i = 0;
        while i < b.len() {
            if space(b[i]) {
                i += 1;
                continue;
            }
            let st = i;
            while i < b.len() && !space(b[i]) {
                i += 1;
            }
            push(st, i);
        }
    } else {
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if let Some(st) = start.take() {
                    push(st, i);
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
    }
    if let Some(st) = start {
        push(st, s.len());
    }
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:tel(?:ephone)?|phone|t|freephone|fax|f|mobile|m|switchboard|helpline|e-?mail|e|web(?:site)?|w)\s*[.:]?\s*$").unwrap()
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://[^\s<>()]+|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>(),]*|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.uk|org\.uk|co\.uk|ac\.uk|nhs\.uk|police\.uk|gov\.scot|gov\.wales|scot|wales|com|org|net)\b/?)").unwrap()
});
static REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(our|your|my)?\s*(?:ref(?:erence)?|file)\s*(?:no\.?|number)?\s*[.:]\s*|\bref\s*:\s*").unwrap()
});
static DELIVERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:sent\s+)?(?:by|via)\s+(?:e-?mail|post|hand|courier|fax)(?:\s+only)?(?:\s+to)?\s*:?|private (?:and|&) confidential|strictly confidential)").unwrap()
});
static SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:re|subject|subj)\s*:\s*").unwrap());
static CC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:cc|copy to|copies to)\s*[.:]?\s").unwrap());

/// Certain pieces of a line, found by their shape, into `out` (cleared first).
fn atoms(text: &str, range: Range<usize>, line: usize, out: &mut Vec<Seg>) {
    let s = &text[range.clone()];
    let base = range.start;
    out.clear();
    let push = |out: &mut Vec<Seg>, kind: Kind, r: Range<usize>| {
        out.push(Seg {
            kind,
            range: base + r.start..base + r.end,
            line,
        })
    };
    // Both labels open the line: its first character rules each one out
    // ("cc", "copy to", "copies to"; "re", "subject", "subj").
    let first = s.trim_start().as_bytes().first().copied();
    if matches!(first, Some(b'c' | b'C')) {
        if let Some(m) = CC.find(s) {
            push(out, Kind::Cc, m.end()..s.trim_end().len().max(m.end()));
            return;
        }
    }
    if matches!(first, Some(b'r' | b's')) {
        if let Some(m) = SUBJECT.find(s) {
            if m.end() < s.trim_end().len() {
                push(out, Kind::Subject, m.end()..s.trim_end().len());
                return;
            }
        }
    }
    // Cheap tests first: most header lines are a name, a title or a street,
    // and each finder below needs a character such lines rarely hold.
    let seen = Seen::of(s);
    let digits = seen.has(DIGIT);
    let bracket = seen.has(BRACKET);
    if seen.has(AT) || bracket {
        for m in crate::email::find_all(s) {
            push(out, Kind::Email(m.address), m.range);
        }
    }
    if bracket {
        for r in crate::email::find_obfuscated(s) {
            push(out, Kind::Obfuscated, r);
        }
    }
    if may_hold_url(s, &seen) {
        for m in URL.find_iter(s) {
            let r = m.range();
            // Not the domain of an email already found.
            if !s[..r.start].ends_with('@')
                && !out
                    .iter()
                    .any(|o| overlaps(&o.range, &(base + r.start..base + r.end)))
            {
                push(out, Kind::Url, r);
            }
        }
    }
    for m in crate::postcode::find_all(s) {
        push(out, Kind::Postcode(m.postcode, m.repaired), m.range);
    }
    if digits {
        for m in crate::date::find_all(s) {
            push(out, Kind::Date, m.range);
        }
        for m in crate::phone::find_all(s) {
            push(out, Kind::Phone(m.e164), m.range);
        }
    }
    let (delivery, refs) = (seen.delivery, seen.refs);
    if delivery {
        for m in DELIVERY.find_iter(s) {
            // "By e-mail to: Chief Officers' staff officers": the rest of the line goes with it.
            let end = if m.as_str().trim_end().ends_with(':')
                || m.as_str().to_lowercase().ends_with("to")
            {
                s.len()
            } else {
                m.end()
            };
            push(out, Kind::Delivery, m.start()..end);
        }
    }
    if refs {
        for m in REF.find_iter(s) {
            let m = m.range();
            let rest = &s[m.end..];
            let vlen = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if vlen == 0 || !rest[..vlen].chars().any(|c| c.is_ascii_digit() || c == '/') {
                continue;
            }
            // The match opens with "your" exactly when its first group took
            // "your" ("ref", "file" and blanks do not start with "y"), so the
            // groups need not be searched for.
            let your = s.as_bytes()[m.start..]
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"your"));
            let kind = if your { Kind::RefYours } else { Kind::RefOurs };
            push(out, kind, m.end..m.end + vlen);
        }
    }
    if bracket {
        for (i, _) in s.match_indices("[redacted]") {
            push(out, Kind::Redacted, i..i + "[redacted]".len());
        }
    }
    // Earlier-found kinds win overlaps; keep the longest at each start.
    out.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end)));
    // (`dedup_by` compares each atom with the last one kept.)
    out.dedup_by(|a, kept| kept.range.end > a.range.start);
}

/// [`BYTE_CLASS`] bit: an ASCII digit.
const DIGIT: u8 = 1;
/// [`BYTE_CLASS`] bit: "[", "(" or "{".
const BRACKET: u8 = 2;
/// [`BYTE_CLASS`] bit: "@".
const AT: u8 = 4;
/// [`BYTE_CLASS`] bit: ".".
const DOT: u8 = 8;
/// [`BYTE_CLASS`] bit: a byte of a character that is not ASCII.
const HIGH: u8 = 16;
/// [`BYTE_CLASS`] bit: the first letter of a word [`Seen`] looks for.
const KEY: u8 = 32;

/// What each byte is to [`Seen::of`].
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'0'..=b'9' => DIGIT,
            b'[' | b'(' | b'{' => BRACKET,
            b'@' => AT,
            b'.' => DOT,
            b'b' | b'v' | b'c' | b's' | b'r' | b'f' => KEY,
            b'B' | b'V' | b'C' | b'S' | b'R' | b'F' => KEY,
            0x80..=0xff => HIGH,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// What a line holds, found in one pass over its bytes: which of the
/// [`BYTE_CLASS`] bits, and (ignoring ASCII case) a delivery note's word
/// ("by ", "via ", "confidential", "sent ") and a reference's ("ref", "file").
struct Seen {
    bits: u8,
    delivery: bool,
    refs: bool,
}

impl Seen {
    fn of(s: &str) -> Seen {
        let b = s.as_bytes();
        let mut bits = 0;
        let (mut delivery, mut refs) = (false, false);
        let at = |i: usize, w: &str| {
            b.get(i..i + w.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(w.as_bytes()))
        };
        for (i, &c) in b.iter().enumerate() {
            let class = BYTE_CLASS[usize::from(c)];
            bits |= class;
            if class & KEY == 0 {
                continue;
            }
            // The second letter rules out most words before a full comparison
            // (`KEY` bytes are letters: `| 0x20` lower-cases them).
            let second = b.get(i + 1).map_or(0, |&n| n | 0x20);
            match (c | 0x20, second) {
                (b'b', b'y') => delivery |= at(i, "by "),
                (b'v', b'i') => delivery |= at(i, "via "),
                (b'c', b'o') => delivery |= at(i, "confidential"),
                (b's', b'e') => delivery |= at(i, "sent "),
                (b'r', b'e') => refs |= at(i, "ref"),
                (b'f', b'i') => refs |= at(i, "file"),
                _ => {}
            }
        }
        Seen {
            bits,
            delivery,
            refs,
        }
    }

    /// Whether the line holds a byte of class `bit`.
    fn has(&self, bit: u8) -> bool {
        self.bits & bit != 0
    }
}

/// Whether [`URL`] is worth running on a line: a match needs "://", or a
/// full stop before a letter, digit or hyphen (a non-ASCII line may hold
/// letters that fold to ASCII ones, so it is run).
fn may_hold_url(s: &str, seen: &Seen) -> bool {
    let b = s.as_bytes();
    seen.has(DOT)
        && (seen.has(HIGH)
            || s.contains("://")
            || b.windows(2)
                .any(|w| w[0] == b'.' && (w[1].is_ascii_alphanumeric() || w[1] == b'-')))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether a token opens with a capital or a digit (or an apostrophe): `w` is the token [`lexicon::strip`]ped.
fn is_cap(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(&b) if b.is_ascii() => b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'\'',
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Whether a token is a word that joins the words of a phrase ("and", "of"): `w` is the token [`lexicon::strip`]ped.
fn is_connector(w: &str) -> bool {
    // (Most words are longer than any of these.)
    w.len() <= 4
        && matches!(
            w,
            "and" | "&" | "of" | "for" | "the" | "on" | "in" | "to" | "-" | "–" | "upon"
        )
}

/// Whether a token is a house number ("4", "12a", "3-5", "1/2"): `w` is the token [`lexicon::strip`]ped.
fn is_number(w: &str) -> bool {
    // Bytes will do: a character that is not ASCII fails every test.
    let w = w.as_bytes();
    w.len() <= 8
        && w.first().is_some_and(u8::is_ascii_digit)
        && w.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'/')
}

/// Whether an address line starts at token `i`: a house number, "PO Box",
/// a floor or suite, or a short capitalised run closed by an address word.
fn address_starts(toks: &[Tok], i: usize) -> bool {
    if let Some(v) = toks[i].address.get() {
        return v;
    }
    let v = address_starts_here(toks, i);
    toks[i].address.set(Some(v));
    v
}

/// [`address_starts`], worked out.
fn address_starts_here(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if t.number()
        || matches!(
            t.w,
            "PO" | "P.O." | "Flat" | "Suite" | "Unit" | "Floor" | "Level"
        )
    {
        return true;
    }
    if !t.cap() || honorific_at(toks, i) > 0 {
        return false;
    }
    // "St Catherine's Hospital NHS Trust": a run closed by a body's noun is
    // the body, whatever word opens it.
    let run_end = (i..toks.len().min(i + 8))
        .take_while(|&k| {
            toks[k].cap() && !toks[k].number() && (k == i || !toks[k - 1].s.ends_with(','))
        })
        .last();
    if let Some(e) = run_end {
        if e > i && toks[e].is_org() {
            return false;
        }
    }
    for k in 0..3 {
        let Some(tk) = toks.get(i + k) else { break };
        if tk.is_addr()
            && !(k == 0
                && toks
                    .get(i + 1)
                    .is_some_and(|n| n.connector() && n.w != "of"))
        {
            // "House of Commons" is an address; "Office of …" is not.
            return true;
        }
        // "Police Headquarters" is a building; "Council County Hall" starts with a body.
        if k == 0 && tk.is_org() && !toks.get(i + 1).is_some_and(|n| n.is_addr()) {
            return false;
        }
        if !tk.cap() || tk.is_role() || tk.s.ends_with(',') {
            break;
        }
    }
    false
}

impl AsRef<str> for Tok<'_> {
    fn as_ref(&self) -> &str {
        self.s
    }
}

impl names::NameTok for Tok<'_> {
    fn name_word(&self) -> bool {
        self.class(NAME, names::is_name_word)
    }

    fn role_noun(&self) -> bool {
        self.is_role()
    }

    fn address_word(&self) -> bool {
        self.is_addr()
    }
}

/// Reads a "for/of …" tail after a phrase's head; returns the index after it.
fn read_tail(toks: &[Tok], j: usize) -> usize {
    let n = toks.len();
    if j >= n || !matches!(toks[j].w, "for" | "of" | "on" | "in") || toks[j - 1].s.ends_with(',') {
        return j;
    }
    let after_prep = j + 1;
    let mut k = after_prep;
    let the = k < n && toks[k].w == "the";
    if the {
        k += 1;
    }
    if k >= n {
        return j;
    }
    if let Some(end) = place_list(toks, k) {
        // "Office of the Sussex Police & Crime Commissioner": the place is a
        // modifier when the phrase goes on after it.
        let goes_on = toks.get(end).is_some_and(|t| {
            let w = t.w;
            matches!(w, "&" | "and" | "Police") || lexicon::is_role_noun(w)
        });
        if !goes_on {
            return end;
        }
    }
    // Otherwise capitalised words and connectors, up to the next phrase.
    let mut end = k;
    let mut last_good = j;
    while end < n {
        let tok = &toks[end];
        let t = tok.s;
        if end > k && matches!(tok.w, "for" | "of") && !toks[end - 1].s.ends_with(',') {
            // A nested "… Commissioner for Leicestershire" ends at its places.
            if let Some(e) = place_list(toks, end + 1) {
                return e;
            }
        }
        if !(tok.cap() || tok.connector()) || honorific_at(toks, end) > 0 && end > k {
            break;
        }
        // "Chief Executive of the Severnside Water Company": after "of the"
        // a body's name closed by its nouns belongs to the title.
        let names_the_body =
            the && !toks[end].is_org() && toks.get(end + 1).is_some_and(|x| x.is_org());
        if end > k
            && (address_starts(toks, end)
                || starts_org(toks, end) && !names_the_body
                || tok.number())
        {
            break;
        }
        // ("… Police and Crime Commissioner": the noun only qualifies.)
        let qualifies = toks.get(end + 1).is_some_and(|x| {
            let w = x.w;
            matches!(w, "&" | "and") || lexicon::is_role_noun(w)
        });
        if the && end > k && toks[end].is_org() && !t.ends_with(',') && !qualifies {
            // The body's nouns close it ("… NHS Foundation Trust").
            let mut e = end + 1;
            while e < n && toks[e].is_org() && !toks[e - 1].s.ends_with(',') {
                e += 1;
            }
            return e;
        }
        if !tok.connector() {
            last_good = end + 1;
        }
        end += 1;
        if t.ends_with(',') && !(end < n && toks[end].cap()) {
            break;
        }
    }
    last_good.max(j)
}

/// A list of places at `k` ("Leicester, Leicestershire and Rutland"); the index after it.
fn place_list(toks: &[Tok], k: usize) -> Option<usize> {
    let n = toks.len();
    let words = &toks[k.min(n)..];
    let p = PLACES.match_len(words);
    if p > 0 {
        let mut end = k + p;
        loop {
            if toks[end - 1].s.ends_with(',') && end < n {
                let q = PLACES.match_len(&toks[end..]);
                if q > 0 {
                    end += q;
                    continue;
                }
            }
            if end + 1 < n && matches!(toks[end].w, "and" | "&") {
                let q = PLACES.match_len(&toks[end + 1..]);
                if q > 0 {
                    end += 1 + q;
                    continue;
                }
            }
            break;
        }
        return Some(end);
    }
    None
}

/// Whether an organisation name starts at `i` inside a run: an org noun
/// opening "X of/for" ("Office of …", "Ministry of Justice"), or a
/// capitalised word closed by an org noun ("Home Office", "HM Treasury").
fn starts_org(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if t.is_org() && toks.get(i + 1).is_some_and(|n| matches!(n.w, "of" | "for")) {
        return true;
    }
    if t.cap() && !t.connector() && !t.is_org() {
        if let Some(n) = toks.get(i + 1) {
            // "… Midlands Police and Crime Commissioner": the org noun is a modifier.
            let modifier = toks.get(i + 2).is_some_and(|x| matches!(x.w, "and" | "&"));
            if n.is_org()
                && !modifier
                && PLACES.match_len(&[t.s]) == 0
                && !matches!(t.w, "Police" | "Crime")
            {
                return true;
            }
        }
    }
    false
}

/// Reads a role or organisation phrase at `i`: capitalised words up to a
/// head noun, then its tail. Returns the kind and the index after it.
fn read_phrase(toks: &[Tok], i: usize) -> Option<(Kind, usize)> {
    let n = toks.len();
    let mut j = i;
    let mut head: Option<(usize, bool)> = None; // (index, is_org)
    while j < n && j - i < 9 {
        let tok = &toks[j];
        let t = tok.s;
        if j > i && (honorific_at(toks, j) > 0 || tok.number() || address_starts(toks, j)) {
            break;
        }
        if !(tok.cap() || tok.connector()) {
            break;
        }
        let possessive = tok.w.ends_with("'s") || tok.w.ends_with("s'");
        let mut head_now = false;
        if !possessive && toks[j].is_role() {
            head = Some((j, false));
            head_now = true;
        } else if toks[j].is_org() {
            head = Some((j, true));
            head_now = true;
        }
        if head_now {
            // Roles compound ("Chief Executive", "Police and Crime Commissioner"):
            // take the last head noun of a tight run.
            let next_tok = toks.get(j + 1);
            let next = next_tok.map(|x| x.s);
            // "National Police Chiefs' Council": a possessive carries the
            // phrase on to the noun it qualifies.
            let possessive_next = next.is_some_and(|x| x.ends_with('\'') || x.ends_with("'s"))
                && toks
                    .get(j + 2)
                    .is_some_and(|y| y.cap() && !t.ends_with(','));
            // "… Hospital NHS Trust": a body's name may close on a later noun.
            let body_goes_on = head.is_some_and(|h| h.1)
                && !t.ends_with(',')
                && next_tok
                    .is_some_and(|x| x.cap() && !x.number() && !x.s.ends_with(',') && !x.is_addr())
                && toks.get(j + 2).is_some_and(|y| y.is_org());
            let continues = possessive_next
                || body_goes_on
                || next_tok.is_some_and(|x| {
                    let x = x.w;
                    (lexicon::is_role_noun(x) || lexicon::is_org_noun(x)) && !t.ends_with(',')
                        || (matches!(x, "and" | "&") && !t.ends_with(','))
                            && toks.get(j + 2).is_some_and(|y| y.cap())
                            && toks[j + 2..]
                                .iter()
                                .take(4)
                                .any(|y| y.is_role() && !y.is_org() || y.w == "Secretary")
                });
            if !continues {
                break;
            }
        }
        if t.ends_with(',') && head.is_none() {
            // "Chair, Committee on Standards": the comma ends a role word only.
            if !toks[j].is_role() {
                break;
            }
        }
        j += 1;
    }
    let (h, is_org) = head?;
    let mut end = read_tail(toks, h + 1);
    if end == h + 1 {
        // Welsh puts the head first: "Comisiynydd Pobl Hŷn Cymru" runs to "Cymru".
        if toks[h].w == "Comisiynydd" {
            if let Some(k) = (h + 1..n.min(h + 8)).find(|&k| toks[k].w == "Cymru") {
                end = k + 1;
            }
        }
        // "Children and Young People's Commissioner Scotland": a place after the head.
        if end == h + 1 && !toks[h].s.ends_with(',') {
            if let Some(e) = place_list(toks, h + 1) {
                if e == n
                    || !toks[e].cap()
                    || address_starts(toks, e)
                    || honorific_at(toks, e) > 0
                    || toks[e].number()
                {
                    end = e;
                }
            }
        }
    }
    // "Chair, Committee on Standards"; "Deputy Prime Minister, Lord
    // Chancellor and Secretary of State for Justice": a comma list of titles.
    let mut is_org = is_org;
    while end < n && toks[end - 1].s.ends_with(',') {
        let Some((k2, e2)) = read_phrase(toks, end) else {
            break;
        };
        if k2 == Kind::Role || (!is_org && k2 == Kind::Org && e2 == n) {
            // "Police, Fire and Crime Commissioner": a bare body word before a
            // comma list of a title modifies the title.
            if k2 == Kind::Role && is_org && end == h + 1 {
                is_org = false;
            }
            end = e2;
        } else {
            break;
        }
    }
    Some((if is_org { Kind::Org } else { Kind::Role }, end))
}

/// Splits the words of a chunk (text between certain atoms) into segments.
fn split_words(toks: &[Tok], line: usize, out: &mut Vec<Seg>, whole_line: bool) {
    let n = toks.len();
    let seg = |kind: Kind, a: usize, b: usize| Seg {
        kind,
        range: toks[a].range.start..toks[b - 1].range.end,
        line,
    };
    let mut i = 0;
    let mut other_start: Option<usize> = None;
    let flush = |other_start: &mut Option<usize>, i: usize, out: &mut Vec<Seg>| {
        if let Some(s) = other_start.take() {
            if s < i {
                out.push(seg(Kind::Other, s, i));
            }
        }
    };
    while i < n {
        let words = &toks[i..];
        // Names: honorific-led, or plain capitalised words closed by
        // post-nominals, a comma, the end, or the start of a role phrase.
        // "The Palace Demesne": a person's name does not take "The".
        let after_the = i > 0 && toks[i - 1].w == "The";
        // (A name after "The" is dropped, so it is not read.)
        let name = if after_the {
            None
        } else {
            names::scan_name(words, honorific_at(toks, i))
        };
        if let Some(span) = name {
            let (titled, used) = (span.titled(), span.used);
            let next = toks.get(i + used);
            let closes = span.has_post_nominals()
                || next.is_none()
                || toks[i + used - 1].s.ends_with(',')
                || next.is_some_and(|x| {
                    // "Appointments Scrutiny Panel": words before a body's noun
                    // name the body ("Police and Crime …" excepted: a title).
                    let body_noun = x.is_org()
                        && !toks
                            .get(i + used + 1)
                            .is_some_and(|y| matches!(y.w, "and" | "&"));
                    !x.is_role() && !body_noun && !x.is_addr() && (x.cap() || x.number())
                });
            let placey = !titled
                && !span.has_post_nominals()
                && (i..i + used).any(|k| PLACES.match_len(&words[k - i..]) > 0);
            let single_plain =
                !titled && (whole_line && used == n) && !span.has_post_nominals() && n > 4;
            if (titled || closes) && !placey && !single_plain {
                flush(&mut other_start, i, out);
                out.push(seg(Kind::Name(span.parts(words)), i, i + used));
                i += used;
                continue;
            }
        }
        // "Information Commissioner's Office Wycliffe House": an org noun after
        // a capitalised run closes that run as a body, not an address.
        let closes_run = other_start.is_some() && toks[i].is_org();
        if !closes_run && address_starts(toks, i) {
            flush(&mut other_start, i, out);
            // An address runs to the end of the chunk, or to a name.
            let mut e = i + 1;
            while e < n && honorific_at(toks, e) == 0 {
                e += 1;
            }
            out.push(seg(Kind::Address, i, e));
            i = e;
            continue;
        }
        if let Some((kind, e)) = read_phrase(toks, i) {
            // The phrase may start before a capitalised run we took as "other".
            let start = match other_start {
                Some(s) if kind == Kind::Role || kind == Kind::Org => {
                    let all_cap = toks[s..i].iter().all(|t| t.cap() || t.connector());
                    if all_cap {
                        other_start = None;
                        s
                    } else {
                        flush(&mut other_start, i, out);
                        i
                    }
                }
                _ => {
                    flush(&mut other_start, i, out);
                    i
                }
            };
            out.push(seg(kind, start, e.max(i + 1)));
            i = e.max(i + 1);
            continue;
        }
        if other_start.is_none() {
            other_start = Some(i);
        }
        i += 1;
    }
    flush(&mut other_start, n, out);
}

/// Labels the pieces of one line (a whole line, or part of a flattened one).
pub(crate) fn segment_line(text: &str, range: Range<usize>, line: usize) -> Vec<Seg> {
    let mut out = Vec::new();
    Segmenter::new(text).line_into(range, line, &mut out);
    out
}

/// Labels the lines of one text, keeping its working buffers (the tokens
/// of a gap, the atoms of a line) from line to line instead of allocating
/// them for each.
pub(crate) struct Segmenter<'a> {
    text: &'a str,
    /// The tokens of the gap being split.
    toks: Vec<Tok<'a>>,
    /// The atoms of the line being labelled.
    atoms: Vec<Seg>,
}

impl<'a> Segmenter<'a> {
    /// A segmenter for lines of `text`.
    pub(crate) fn new(text: &'a str) -> Segmenter<'a> {
        Segmenter {
            text,
            toks: Vec::new(),
            atoms: Vec::new(),
        }
    }

    /// [`segment_line`], appending to `out`: a header's lines share one
    /// vector instead of each growing its own.
    pub(crate) fn line_into(&mut self, range: Range<usize>, line: usize, out: &mut Vec<Seg>) {
        let Segmenter { text, toks, atoms } = self;
        let text: &'a str = text;
        self::atoms(text, range.clone(), line, atoms);
        let mut pos = range.start;
        let whole = atoms.is_empty();
        let end = Seg {
            kind: Kind::Other,
            range: range.end..range.end,
            line,
        };
        for a in atoms.drain(..).chain(std::iter::once(end)) {
            if a.range.start > pos {
                let mut gap = pos..a.range.start;
                // Drop a label that belongs to the atom ("Tel:", "Email").
                if matches!(
                    a.kind,
                    Kind::Phone(_) | Kind::Email(_) | Kind::Url | Kind::Obfuscated
                ) {
                    if let Some(m) = LABEL.find(&text[gap.clone()]) {
                        gap.end = gap.start + m.start();
                    }
                }
                if matches!(a.kind, Kind::RefOurs | Kind::RefYours) {
                    if let Some(m) = REF.find_iter(&text[gap.clone()]).last() {
                        gap.end = gap.start + m.start();
                    }
                }
                tokens_into(text, gap, toks);
                if !toks.is_empty() {
                    split_words(toks, line, out, whole);
                }
            }
            pos = pos.max(a.range.end);
            if a.range.start < a.range.end {
                out.push(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_cap_by_bytes_agrees_with_chars() {
        let by_chars = |w: &str| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || w.starts_with('\'')
        };
        assert_eq!(is_cap(""), by_chars(""));
        for c in (0..0x3000).filter_map(char::from_u32) {
            let w = format!("{c}x");
            assert_eq!(is_cap(&w), by_chars(&w), "{c:?}");
        }
    }

    /// What [`Seen`] tells, found a search at a time.
    fn seen_by_searching(s: &str) -> (bool, bool, bool, bool, bool, bool, bool) {
        let b = s.as_bytes();
        let at = |i: usize, w: &str| {
            b.get(i..i + w.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(w.as_bytes()))
        };
        let any = |ws: &[&str]| (0..b.len()).any(|i| ws.iter().any(|w| at(i, w)));
        (
            s.bytes().any(|b| b.is_ascii_digit()),
            s.contains(['[', '(', '{']),
            s.contains('@'),
            s.contains('.'),
            !s.is_ascii(),
            any(&["by ", "via ", "confidential", "sent "]),
            any(&["ref", "file"]),
        )
    }

    proptest::proptest! {
        #[test]
        fn seen_agrees_with_searching(
            s in r#"(by|BY|bY|y| |via|VIA|vi|confidential|CONFIDENTIAL|confid|sent|SENT|ref|REF|re|file|FILE|fi|f|c|s|r|b|v|[0-9]|\[|\(|\{|@|\.|é|ſ|K|\u{212a}|x){0,12}"#
        ) {
            let seen = Seen::of(&s);
            let got = (
                seen.has(DIGIT),
                seen.has(BRACKET),
                seen.has(AT),
                seen.has(DOT),
                seen.has(HIGH),
                seen.delivery,
                seen.refs,
            );
            proptest::prop_assert_eq!(got, seen_by_searching(&s));
        }
    }

    #[test]
    fn ascii_tokens_split_at_what_char_whitespace_is() {
        for b in 0u8..128 {
            let c = char::from(b);
            let s = format!("a{c}b");
            let toks: Vec<&str> = tokens(&s, 0..s.len()).iter().map(|t| t.s).collect();
            let want: Vec<&str> = s
                .split(char::is_whitespace)
                .filter(|t| !t.is_empty())
                .collect();
            assert_eq!(toks, want, "{b}");
        }
    }

    fn kinds(s: &str) -> Vec<(String, &str)> {
        segment_line(s, 0..s.len(), 0)
            .into_iter()
            .map(|g| {
                let k = match g.kind {
                    Kind::Name(_) => "name",
                    Kind::Role => "role",
                    Kind::Org => "org",
                    Kind::Address => "address",
                    Kind::Postcode(..) => "postcode",
                    Kind::Phone(_) => "phone",
                    Kind::Email(_) => "email",
                    Kind::Url => "url",
                    Kind::Date => "date",
                    Kind::RefOurs => "ours",
                    Kind::RefYours => "yours",
                    Kind::Delivery => "delivery",
                    _ => "other",
                };
                (k.to_string(), &s[g.range])
            })
            .collect()
    }

    #[track_caller]
    fn check(s: &str, want: &[(&str, &str)]) {
        let got = kinds(s);
        let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn flattened_block_splits_into_name_role_org_address_postcode() {
        check(
            "Lord Willy Bach Police and Crime Commissioner for Leicestershire Office of the Police and Crime Commissioner for Leicestershire Police Headquarters St Johns Enderby Leicester LE19 2BX",
            &[
                ("name", "Lord Willy Bach"),
                ("role", "Police and Crime Commissioner for Leicestershire"),
                ("org", "Office of the Police and Crime Commissioner for Leicestershire"),
                ("address", "Police Headquarters St Johns Enderby Leicester"),
                ("postcode", "LE19 2BX"),
            ],
        );
    }

    #[test]
    fn role_with_a_list_of_places() {
        check(
            "Lord Willy Bach Police and Crime Commissioner for Leicester, Leicestershire and Rutland Office of the Police and Crime Commissioner",
            &[
                ("name", "Lord Willy Bach"),
                ("role", "Police and Crime Commissioner for Leicester, Leicestershire and Rutland"),
                ("org", "Office of the Police and Crime Commissioner"),
            ],
        );
    }

    #[test]
    fn a_title_opened_by_a_modifier_follows_the_whole_name_and_takes_its_body() {
        check(
            "Mr Daniel Oduya Chief Executive of the Severnside Water Company 4 Quay Road Gloucester GL1 2AB",
            &[
                ("name", "Mr Daniel Oduya"),
                ("role", "Chief Executive of the Severnside Water Company"),
                ("address", "4 Quay Road Gloucester"),
                ("postcode", "GL1 2AB"),
            ],
        );
        check(
            "Ms Ada Lee Deputy Director Home Office 2 Marsham Street London SW1P 4DF",
            &[
                ("name", "Ms Ada Lee"),
                ("role", "Deputy Director"),
                ("org", "Home Office"),
                ("address", "2 Marsham Street London"),
                ("postcode", "SW1P 4DF"),
            ],
        );
    }

    #[test]
    fn role_tail_stops_at_the_next_organisation() {
        check(
            "Rt Hon Mike Penning MP Minister for Policing, Crime and Criminal Justice Home Office 2 Marsham Street London SW1P 4DF",
            &[
                ("name", "Rt Hon Mike Penning MP"),
                ("role", "Minister for Policing, Crime and Criminal Justice"),
                ("org", "Home Office"),
                ("address", "2 Marsham Street London"),
                ("postcode", "SW1P 4DF"),
            ],
        );
    }

    #[test]
    fn letterhead_role_then_titled_name_then_address() {
        check(
            "Scottish Biometrics Commissioner Dr Brian Plastow Bridgeside House 99 McDonald Road Edinburgh EH7 4NS",
            &[
                ("role", "Scottish Biometrics Commissioner"),
                ("name", "Dr Brian Plastow"),
                ("address", "Bridgeside House 99 McDonald Road Edinburgh"),
                ("postcode", "EH7 4NS"),
            ],
        );
    }

    #[test]
    fn lines_of_one_kind() {
        check("Chief Executive", &[("role", "Chief Executive")]);
        check(
            "Royal Free London NHS Foundation Trust",
            &[("org", "Royal Free London NHS Foundation Trust")],
        );
        check(
            "Chair, Committee on Standards",
            &[("role", "Chair, Committee on Standards")],
        );
        check(
            "Chair of the Justice Committee",
            &[("role", "Chair of the Justice Committee")],
        );
        check(
            "Information Commissioner's Office",
            &[("org", "Information Commissioner's Office")],
        );
        check("Katy Bourne OBE", &[("name", "Katy Bourne OBE")]);
        check("Pond Street", &[("address", "Pond Street")]);
        check(
            "Deputy Prime Minister, Lord Chancellor and Secretary of State for Justice",
            &[(
                "role",
                "Deputy Prime Minister, Lord Chancellor and Secretary of State for Justice",
            )],
        );
    }

    #[test]
    fn contact_labels_are_dropped() {
        check(
            "Tel: +44 (0) 20 3513 0477 Email: a.b@x.gov.uk",
            &[("phone", "+44 (0) 20 3513 0477"), ("email", "a.b@x.gov.uk")],
        );
    }

    #[test]
    fn references_take_the_value_after_the_label() {
        check(
            "Our ref: WB/VRN/0114 Your ref: IASC/LEICS/2020",
            &[("ours", "WB/VRN/0114"), ("yours", "IASC/LEICS/2020")],
        );
    }
}
