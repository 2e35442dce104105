//! Requests and deadlines: what the writer asks the reader to do, and by when.
//!
//! A request is found by its phrasing, first person singular or plural:
//! "I would be grateful if you could …", "I should be grateful …", "We would
//! welcome …", "I request that …", "I would ask that/you to …", "I urge you
//! to …", "I am asking …", "I look forward to hearing/receiving …", "Please …"
//! (imperative), "Could you …?". Its `text` is the clause that makes it: from
//! the phrase to the end of the sentence, cut before a following independent
//! clause (", and I …", "; …") or a following request.
//!
//! Not requests, by design:
//! - what others asked, or what the writer asked before ("The Committee
//!   asked …", "you asked me to …", "in my letter I asked …"): past tense is
//!   never a request phrase, and a phrase reported after "said that" is skipped;
//! - offers: "I would be happy to meet", "My office would be pleased to …",
//!   "Please do not hesitate to contact us", "Please contact me if you have
//!   any questions". They ask nothing of the reader beyond an option;
//! - thanks ("Thank you in advance") and hopes ("I hope the Government will …");
//! - present-tense welcome ("I welcome the Bill") which approves, not asks.
//!
//! A list introduced by a request ("I would be grateful if you could provide
//! me with:") gives one request per item; the items are the paragraphs that
//! follow the introducer. A deadline in the introducer applies to every item.
//!
//! Deadlines are resolved against the letter's date: absolute ("by 30
//! November 2020", "no later than Friday 4 December" — the next such day on
//! or after the letter's date), end of a month ("by the end of January") and
//! relative ("within 28 days of the date of this letter", "within 20 working
//! days", "in the next four weeks"). A deadline that needs the letter's date
//! when there is none gives a `deadline_unresolved` warning instead.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;
use regex::{Regex, RegexSet};
use unicode_segmentation::UnicodeSegmentation;

use crate::date;
use crate::hash::FastMap;
use crate::record::{self, Diagnostic, Precision, Request, RequestKind};
use crate::text::MappedText;

/// Every request in the body `paragraphs` (in order), and diagnostics about
/// deadlines that could not be resolved. `letter_date` is the date the
/// letter is dated, against which "by 30 November" and "within 28 days" are
/// resolved.
pub(crate) fn find(
    paragraphs: &[MappedText],
    letter_date: Option<Date>,
) -> (Vec<Request>, Vec<Diagnostic>) {
    let mut out = Finder {
        letter_date,
        requests: Vec::new(),
        diagnostics: Vec::new(),
        warned: HashSet::new(),
        lower: Vec::new(),
    };
    let mut i = 0;
    while i < paragraphs.len() {
        let p = &paragraphs[i];
        // Where the whole paragraph agrees, so does every part of it.
        let agree = ascii_bounds_agree(&p.text);
        let (clauses, sents) = clauses(&p.text, agree);
        let items = list_items(paragraphs, i, &clauses);
        if items.is_empty() {
            out.emit_paragraph(p, agree, &clauses, &sents);
            i += 1;
            continue;
        }
        // The last clause introduces the list: its items are the requests.
        // `list_items` found items, so there is an introducing clause.
        let Some((intro, rest)) = clauses.split_last() else {
            i += 1;
            continue;
        };
        out.emit_paragraph(p, agree, rest, &sents);
        let intro_deadline = deadlines(
            &p.text,
            intro.sentence.clone(),
            letter_date,
            &mut out.lower,
            agree,
        )
        .into_iter()
        .next();
        for (j, range) in &items {
            let item = &paragraphs[*j];
            let own = deadlines(
                &item.text,
                range.clone(),
                letter_date,
                &mut out.lower,
                false,
            )
            .into_iter()
            .next();
            let deadline = match own {
                Some(d) => out.resolve(item, d),
                None => intro_deadline.clone().and_then(|d| out.resolve(p, d)),
            };
            let text = item.text_of(range.clone());
            let kind = match classify(&text.text, false) {
                RequestKind::Act | RequestKind::Other if intro.kind == RequestKind::Respond => {
                    RequestKind::ProvideInformation
                }
                RequestKind::Act | RequestKind::Other => intro.kind,
                k => k,
            };
            out.requests.push(Request {
                text: text.text,
                span: text.span,
                kind,
                deadline,
            });
        }
        i = items.last().map_or(i, |(j, _)| *j) + 1;
    }
    (out.requests, out.diagnostics)
}

struct Finder {
    letter_date: Option<Date>,
    requests: Vec<Request>,
    diagnostics: Vec<Diagnostic>,
    /// Deadline spans already warned about (a list shares one).
    warned: HashSet<record::Span>,
    /// A buffer for [`deadlines`]' search in lower case.
    lower: Vec<u8>,
}

impl Finder {
    /// Emits the clauses of one paragraph, each with the deadline in its own
    /// clause, else elsewhere in its sentence, else in the next sentence when
    /// that sentence asks nothing itself (it is then about the timing).
    /// `sents` are the paragraph's sentences, as [`sentences`] gives them;
    /// `agree` when [`ascii_bounds_agree`] holds for the whole paragraph.
    fn emit_paragraph(
        &mut self,
        p: &MappedText,
        agree: bool,
        clauses: &[Clause],
        sents: &[Range<usize>],
    ) {
        if clauses.is_empty() {
            return;
        }
        let mut found: Vec<Option<Deadline>> = vec![None; clauses.len()];
        // Clauses come in text order, so those of one sentence are adjacent.
        let mut k = 0;
        while k < clauses.len() {
            let sentence = clauses[k].sentence.clone();
            let end = k + clauses[k..]
                .iter()
                .take_while(|c| c.sentence == sentence)
                .count();
            let group = &clauses[k..end];
            let found_here = deadlines(
                &p.text,
                sentence.clone(),
                self.letter_date,
                &mut self.lower,
                agree,
            );
            for d in found_here {
                // The clause holding the deadline, else the nearest one
                // ("By 30 June, I would ask …").
                let at = group.partition_point(|c| c.range.end <= d.range.start);
                let best = [at.checked_sub(1), (at < group.len()).then_some(at)]
                    .into_iter()
                    .flatten()
                    .min_by_key(|&i| distance(&group[i].range, &d.range));
                if let Some(i) = best {
                    found[k + i].get_or_insert(d);
                }
            }
            // The next sentence, when it asks nothing itself, may be about
            // the timing: "A reply by 31 March would help."
            if found[k..end].iter().any(Option::is_none) {
                let next = sents
                    .get(sents.partition_point(|s| s.start < sentence.end))
                    .filter(|s| s.start == sentence.end)
                    .filter(|s| clauses.get(end).map_or(true, |c| c.sentence != **s));
                if let Some(next) = next {
                    if let Some(d) = deadlines(
                        &p.text,
                        next.clone(),
                        self.letter_date,
                        &mut self.lower,
                        agree,
                    )
                    .into_iter()
                    .next()
                    {
                        for slot in &mut found[k..end] {
                            slot.get_or_insert_with(|| d.clone());
                        }
                    }
                }
            }
            k = end;
        }
        for (c, d) in clauses.iter().zip(found) {
            let deadline = d.and_then(|d| self.resolve(p, d));
            let text = p.text_of(c.range.clone());
            self.requests.push(Request {
                text: text.text,
                span: text.span,
                kind: c.kind,
                deadline,
            });
        }
    }

    /// The record value of a deadline found in `p`, or a warning when it
    /// cannot be resolved without the letter's date.
    fn resolve(&mut self, p: &MappedText, d: Deadline) -> Option<record::Date> {
        let span = p.span(d.range.clone());
        let text = p.text[d.range.clone()].to_string();
        match d.date {
            Some(date) => Some(record::Date {
                text,
                span,
                iso: date::iso(date),
                precision: Precision::Day,
            }),
            None => {
                if self.warned.insert(span) {
                    self.diagnostics.push(Diagnostic::warning(
                        "deadline_unresolved",
                        format!(
                            "the deadline '{text}' depends on the letter's date, which was not found"
                        ),
                        Some(span),
                    ));
                }
                None
            }
        }
    }
}

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if b.end <= a.start {
        a.start - b.end
    } else {
        b.start.saturating_sub(a.end)
    }
}

// ---------------------------------------------------------------------------
// Request clauses

/// A request clause in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    /// Byte range of the clause in the paragraph text.
    range: Range<usize>,
    /// Byte range of its sentence.
    sentence: Range<usize>,
    kind: RequestKind,
}

/// Compiles one of this module's built-in patterns. They are literals, so a
/// failure is a bug in this file, found by `every_pattern_compiles`.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("built-in pattern does not compile: {e}"))
}

/// Adverbs that may stand between the subject, the modal and the verb:
/// "I would therefore be grateful", "We would both welcome".
const ADV: &str = r"(?:,?\s+(?:therefore|also|further|both|now|again|still|then|thus|however|nonetheless|accordingly|equally|in\s+particular|in\s+addition|[a-z]+ly),?)";

/// Request phrasings. Each alternative's match starts where the clause starts.
static TRIGGER: LazyLock<Regex> = LazyLock::new(|| re(&no_prefilter(&trigger_pattern())));

/// [`TRIGGER`] with ASCII word boundaries, which its fast engine keeps to on
/// any text (a Unicode `\b` sends text that is not ASCII to a slow one).
/// Every `\b` in the pattern stands next to an ASCII letter of it, so where
/// the Unicode boundary holds the ASCII one does too, and this matches
/// wherever [`TRIGGER`] does, unless the text holds a character that Unicode
/// case folding equates with an ASCII letter ([`has_non_ascii_fold`]). It
/// may match more: it only rules text out.
static TRIGGER_ASCII: LazyLock<Regex> = LazyLock::new(|| {
    re(&no_prefilter(
        &trigger_pattern().replace(r"\b", r"(?-u:\b)"),
    ))
});

/// `pattern` with one more alternative that never matches (a word boundary
/// that is none) but starts with a letter class. The regex engine then finds
/// no literal prefix to hunt for first: for [`TRIGGER`] that literal would
/// be "i", of which nearly every word holds one, and stopping at each costs
/// more than the automaton's plain scan.
fn no_prefilter(pattern: &str) -> String {
    format!("{pattern}\n| [a-z](?-u:\\b)(?-u:\\B)")
}

/// `text` may hold a [`TRIGGER`] match: `false` only when it does not.
fn trigger_may_match(text: &str) -> bool {
    if has_non_ascii_fold(text) {
        TRIGGER.is_match(text)
    } else {
        TRIGGER_ASCII.is_match(text)
    }
}

/// The source of [`TRIGGER`].
fn trigger_pattern() -> String {
    let verbs: Vec<String> = include_str!("lexicon/request_verbs.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split_whitespace()
                .collect::<Vec<_>>()
                .join(&format!(r"{ADV}*\s+"))
        })
        .collect();
    let verbs = verbs.join("|");
    format!(
        r"(?ix)
        # I would / we should / I must ... be grateful, welcome, ask ...
        \b(?:I|we)\b{ADV}*(?:\s+(?:would|should|must)|'d){ADV}*\s+(?:{verbs})\b
        # elided subject: '..., and would ask that ...'
        | (?-i:\b[Aa]nd)\s+(?:would|should){ADV}*\s+(?:{verbs})\b
        # present tense: I ask that, we urge you to, I request that
        | \b(?:I|we){ADV}*\s+(?:ask|request|urge|invite|implore|call\s+on)\s+(?:that|you|your|the|all|each|every)\b
        # progressive: I am asking, I am writing to ask
        | \b(?:I\s+am|we\s+are){ADV}*\s+(?:writing\s+to\s+(?:ask|request|invite|urge)|asking|requesting|inviting|urging|calling\s+on)\b
        # I look forward to hearing from you / receiving your reply
        | \b(?:I|we){ADV}*\s+(?:look|am\s+looking|are\s+looking)\s+forward\s+to\s+(?:receiving|hearing|reading|seeing|meeting|getting|learning|your\s+(?:early\s+|prompt\s+)?(?:reply|response|comments|views|confirmation|answer|thoughts)|an?\s+(?:early\s+|prompt\s+|swift\s+)?(?:reply|response|answer|update))\b
        # it would be helpful if you could / to receive
        | \bit\s+would\s+be\s+(?:very\s+|most\s+|particularly\s+)?(?:helpful|useful|appreciated)\s+(?:if\s+you|to\s+(?:receive|have|know|hear|see|understand|learn))\b
        # imperative please (checked for position and offers below)
        | \bplease\b
        # questions: Could you ...? May I ask ...?
        | ^(?:could|would|can|will)\s+you\b
        | ^(?:may|might|could|can)\s+(?:I|we)\s+(?:ask|request|invite|urge)\b
        # a second request sharing the first one's verb: ', and in the meantime to provide'
        | ,\s+and\s+(?:in\s+the\s+meantime|meanwhile),?\s+to\s"
    )
}

/// A question that asks something, opening any sentence of a paragraph
/// ([`TRIGGER`] anchors its questions at the start of the sentence).
static QUESTION: LazyLock<Regex> = LazyLock::new(|| re(QUESTION_SRC));

/// [`QUESTION`] with ASCII word boundaries (see [`ascii_bounds_agree`]):
/// the part of [`MAY_ASK`] that its tests compare with [`QUESTION`].
#[cfg(test)]
static QUESTION_ASCII: LazyLock<Regex> = LazyLock::new(|| re(&ascii_bounds(QUESTION_SRC)));

/// The source of [`QUESTION`].
const QUESTION_SRC: &str = r"(?i)(?:^|[.!?][\x22'\x{201d}\x{2019})]?\s+)(?:(?:could|would|can|will)\s+you|(?:may|might|could|can)\s+(?:I|we)\s+(?:ask|request|invite|urge))\b";

/// [`TRIGGER_ASCII`] and [`QUESTION_ASCII`] in one automaton: most
/// paragraphs ask nothing, and one pass rules them out where two would
/// otherwise scan them. Like its parts it may match more than the Unicode
/// patterns, on text with a character that folds to an ASCII letter.
static MAY_ASK: LazyLock<Regex> = LazyLock::new(|| {
    re(&no_prefilter(&ascii_bounds(&format!(
        "{}\n| {QUESTION_SRC}",
        trigger_pattern()
    ))))
});

/// The paragraph `text` may hold a request: a [`TRIGGER`] match, or a
/// [`QUESTION`] opening a sentence. `false` only when it holds neither.
/// `agree` is [`ascii_bounds_agree`] of `text`.
fn may_ask(text: &str, agree: bool) -> bool {
    // Where the bounds agree the text holds no character that folds to an
    // ASCII letter, [`trigger_may_match`] is [`TRIGGER_ASCII`], and
    // [`QUESTION_ASCII`] matches as [`QUESTION`]: their union is exact.
    if agree {
        return MAY_ASK.is_match(text);
    }
    if !has_non_ascii_fold(text) && !MAY_ASK.is_match(text) {
        return false;
    }
    trigger_may_match(text) || QUESTION.is_match(text)
}

/// `pattern` with ASCII word boundaries in place of Unicode ones.
fn ascii_bounds(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Characters outside ASCII that letters often hold and that are not word
/// characters to a Unicode `\b`: space, symbols, quotes, dashes, bullets.
const NON_WORD: [char; 16] = [
    '\u{a0}', '\u{a3}', '\u{a7}', '\u{a9}', '\u{ab}', '\u{b0}', '\u{bb}', '\u{2013}', '\u{2014}',
    '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2026}', '\u{20ac}',
];

/// An ASCII `\b` holds on `text` exactly where a Unicode one does: every
/// character is ASCII or one of [`NON_WORD`], which both count as no word
/// character. A pattern with ASCII boundaries then matches as its Unicode
/// original, and the regex engine's fast automaton runs it on any text,
/// where a Unicode `\b` sends text that is not ASCII to a slow engine.
fn ascii_bounds_agree(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| c.is_ascii() || NON_WORD.contains(&c))
}

/// Words of which every [`BY`] match holds one.
const BY_WORDS: [&str; 3] = ["by", "before", "later"];

/// Words of which every [`WITHIN`] match holds one.
const WITHIN_WORDS: [&str; 3] = ["within", "next", "coming"];

/// [`BY_WORDS`] then [`WITHIN_WORDS`] in one automaton, to run over text in
/// ASCII lower case: one pass tells whether a text may hold either. No word
/// is the start of another, so at most one starts at any place.
static DEADLINE_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(BY_WORDS.iter().chain(&WITHIN_WORDS))
        .unwrap_or_else(|e| panic!("built-in words do not compile: {e}"))
});

/// Characters that Unicode case folding (which the `(?i)` patterns use)
/// equates with an ASCII letter: the long s and the Kelvin sign. Where one
/// occurs the ASCII-only literal prefilters are not trusted.
fn has_non_ascii_fold(text: &str) -> bool {
    // Their UTF-8 forms are C5 BF and E2 84 AA; memchr finds the lead
    // bytes many at a time, where a search by characters decodes each.
    let b = text.as_bytes();
    !text.is_ascii()
        && memchr::memchr2_iter(0xc5, 0xe2, b).any(|at| {
            b[at..].starts_with("\u{17f}".as_bytes()) || b[at..].starts_with("\u{212a}".as_bytes())
        })
}

/// Whether `text` may hold a match of [`BY`], and of [`WITHIN`]: `false`
/// only where the `(?i)` pattern cannot match, the text holding none of
/// its words in any ASCII case, nor a character that folds to an ASCII
/// letter. `lower` is a buffer for the text in ASCII lower case.
fn may_hold_deadlines(text: &str, lower: &mut Vec<u8>) -> (bool, bool) {
    if has_non_ascii_fold(text) {
        return (true, true);
    }
    lower.clear();
    lower.extend_from_slice(text.as_bytes());
    lower.make_ascii_lowercase();
    let (mut by, mut within) = (false, false);
    // Each place where a word starts is found, the search going on from
    // the next byte, till both kinds are.
    let mut from = 0;
    while let Some(m) = DEADLINE_WORDS.find(Input::new(&lower[..]).span(from..lower.len())) {
        if m.pattern().as_usize() < BY_WORDS.len() {
            by = true;
        } else {
            within = true;
        }
        if by && within {
            break;
        }
        from = m.start() + 1;
    }
    (by, within)
}

/// Where a clause ends before its sentence does: a semicolon, or a comma and
/// a conjunction opening an independent clause (", and I …", ", but we …").
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| re(CLAUSE_END_SRC));

/// [`CLAUSE_END`] with ASCII word boundaries (see [`ascii_bounds_agree`]).
static CLAUSE_END_ASCII: LazyLock<Regex> = LazyLock::new(|| re(&ascii_bounds(CLAUSE_END_SRC)));

/// The source of [`CLAUSE_END`].
const CLAUSE_END_SRC: &str = r"(?ix)
        ;
        | ,\s+(?:and|but|while|whereas|although|though)\s+(?:I|we|my|our|this|these|those|it|they|he|she|there|you\s+(?:will|may|can|might|should))\b
        | ,\s+and\s+(?:in\s+the\s+meantime|meanwhile)\b";

/// "Please" phrases that offer or inform rather than ask.
static PLEASE_OFFER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?ix)^please\s+(?:do\s+not\s+hesitate|don't\s+hesitate|feel\s+free|note|find|see\s+(?:attached|enclosed|below|above)|accept|be\s+assured|rest\s+assured|be\s+aware|let\s+(?:me|us)\s+know\s+if\s+you\s+(?:have|need|would|require|wish))
        | ^please\s+(?:contact|call|email|e-mail|write\s+to|get\s+in\s+touch\s+with)\b.*\bif\s+you\s+(?:have|need|would|require|wish|want)\b",
    )
});

/// A condition that makes a following "please contact …" an offer.
static OFFER_CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:if|should)\s+you\s+(?:have|need|would\s+like|wish|require|want)\b")
});

/// "please contact / call / get in touch …".
static PLEASE_CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^please\s+(?:contact|call|telephone|phone|email|e-mail|write\s+to|get\s+in\s+touch|speak\s+to)\b",
    )
});

/// A subordinate clause that opens the sentence before an imperative "please"
/// belongs to the request ("Where … is not held, please explain …").
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:if|where|when|once|should|unless|whenever|wherever|in\s+the\s+event|as\s+soon\s+as)\b",
    )
});

/// Verbs that report what someone said: a request phrase right after them is
/// reported, not made ("I said that I would welcome …").
static REPORTED: LazyLock<Regex> = LazyLock::new(|| re(REPORTED_SRC));

/// [`REPORTED`] with ASCII word boundaries (see [`ascii_bounds_agree`]).
static REPORTED_ASCII: LazyLock<Regex> = LazyLock::new(|| re(&ascii_bounds(REPORTED_SRC)));

/// The source of [`REPORTED`].
const REPORTED_SRC: &str = r"(?i)\b(?:said|wrote|explained|noted|stated|mentioned|indicated|replied|told\s+\w+)\s*,?\s+(?:that\s+)?$";

/// Sentence byte ranges of `text`: the bounds of Unicode (UAX #29) sentence
/// segmentation, exactly as `unicode_segmentation`'s
/// `split_sentence_bound_indices` gives them. Letters are almost all ASCII,
/// for which the break rules run here on a byte table; text holding any
/// other character outside a small verified set goes to the crate.
fn sentences(text: &str) -> Vec<Range<usize>> {
    fast_sentences(text).unwrap_or_else(|| {
        text.split_sentence_bound_indices()
            .map(|(i, s)| i..i + s.len())
            .collect()
    })
}

/// Sentence_Break property values (UAX #29) of the characters
/// [`sentence_cat`] knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sb {
    Other,
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
}

/// The Sentence_Break value of `c`, for ASCII and a few common characters of
/// letters; `None` for the rest.
const fn sentence_cat(c: char) -> Option<Sb> {
    Some(match c {
        '\r' => Sb::Cr,
        '\n' => Sb::Lf,
        '\t' | '\u{b}' | '\u{c}' | ' ' | '\u{a0}' => Sb::Sp,
        'a'..='z' | '\u{df}'..='\u{f6}' | '\u{f8}'..='\u{ff}' => Sb::Lower,
        'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => Sb::Upper,
        '0'..='9' => Sb::Numeric,
        '.' => Sb::ATerm,
        '!' | '?' => Sb::STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '\u{2018}' | '\u{2019}' | '\u{201c}'
        | '\u{201d}' | '\u{ab}' | '\u{bb}' | '\u{2039}' | '\u{203a}' => Sb::Close,
        ',' | '-' | ':' | ';' | '\u{2013}' | '\u{2014}' => Sb::SContinue,
        '\u{0}'..='\u{7f}' | '\u{a3}' | '\u{a9}' | '\u{20ac}' | '\u{2022}' => Sb::Other,
        _ => return None,
    })
}

/// A collapsed part of the text before a position, as the break rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The last four parts before a position (the newest last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SbState([Part; 4]);

impl SbState {
    fn next(self, cat: Sb) -> SbState {
        let p = self.0;
        match (p[3], cat) {
            (Part::ClosePlus, Sb::Close) | (Part::SpPlus, Sb::Sp) => self,
            _ => SbState([
                p[1],
                p[2],
                p[3],
                match cat {
                    Sb::Cr => Part::Cr,
                    Sb::Lf => Part::Lf,
                    Sb::ATerm => Part::ATerm,
                    Sb::Upper | Sb::Lower => Part::UpperLower,
                    Sb::Close => Part::ClosePlus,
                    Sb::Sp => Part::SpPlus,
                    Sb::STerm => Part::STerm,
                    _ => Part::Other,
                },
            ]),
        }
    }

    fn last(self, part: Part) -> bool {
        self.0[3] == part
    }

    /// No break can come until a terminator, CR or LF does: the state holds
    /// no terminator (which SB8–SB11 look back for) and does not end at the
    /// start of the text or a line end (SB1–SB4).
    fn quiet(self) -> bool {
        !self
            .0
            .iter()
            .any(|p| matches!(p, Part::ATerm | Part::STerm))
            && !matches!(self.0[3], Part::Sot | Part::Cr | Part::Lf)
    }

    /// The state after a quiet stretch whose last character is of `cat`,
    /// entered in a [`quiet`](Self::quiet) state. Only the last part is
    /// kept: the rules read older parts only in looking back for a
    /// terminator, and none is there, so any part that is none serves.
    /// (SB7 reads the part before a terminator, which is this last one.)
    fn after_quiet(cat: Sb) -> SbState {
        SbState([Part::Other; 4]).next(cat)
    }

    /// SB8: ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower.
    /// `None` when a character ahead is unknown.
    fn sb8(self, ahead: &str) -> Option<bool> {
        let p = self.0;
        let mut idx = if p[3] == Part::SpPlus { 2 } else { 3 };
        if p[idx] == Part::ClosePlus {
            idx -= 1;
        }
        if p[idx] != Part::ATerm {
            return Some(false);
        }
        for c in ahead.chars() {
            match sentence_cat(c)? {
                Sb::Lower => return Some(true),
                Sb::Upper | Sb::Cr | Sb::Lf | Sb::STerm | Sb::ATerm => return Some(false),
                _ => {}
            }
        }
        Some(false)
    }

    /// SATerm Close* Sp*
    fn sb8a(self) -> bool {
        let p = self.0;
        let mut idx = if p[3] == Part::SpPlus { 2 } else { 3 };
        if p[idx] == Part::ClosePlus {
            idx -= 1;
        }
        matches!(p[idx], Part::STerm | Part::ATerm)
    }

    /// SATerm Close*
    fn sb9(self) -> bool {
        let p = self.0;
        let idx = if p[3] == Part::ClosePlus { 2 } else { 3 };
        matches!(p[idx], Part::STerm | Part::ATerm)
    }

    /// SATerm Close* Sp* ParaSep?
    fn sb11(self) -> bool {
        let p = self.0;
        let mut idx = if matches!(p[3], Part::Cr | Part::Lf) {
            2
        } else {
            3
        };
        if p[idx] == Part::SpPlus {
            idx -= 1;
        }
        if p[idx] == Part::ClosePlus {
            idx -= 1;
        }
        matches!(p[idx], Part::STerm | Part::ATerm)
    }
}

/// [`sentence_cat`] of each ASCII character (it knows them all).
const ASCII_CAT: [Sb; 128] = {
    let mut t = [Sb::Other; 128];
    let mut i = 0;
    while i < 128 {
        if let Some(cat) = sentence_cat(i as u8 as char) {
            t[i] = cat;
        }
        i += 1;
    }
    t
};

/// Where a quiet stretch of text may end (see [`SbState::quiet`]): at a
/// terminator, CR, LF or a byte outside ASCII (whose character the break
/// rules must see, and which may be unknown).
#[derive(Debug, Clone, Copy)]
enum Stops {
    /// The text is ASCII with no CR or LF: only terminators stop.
    Terminators,
    /// Any text: every byte is tested.
    Any,
}

impl Stops {
    fn of(b: &[u8]) -> Stops {
        if b.is_ascii() && memchr::memchr2(b'\r', b'\n', b).is_none() {
            Stops::Terminators
        } else {
            Stops::Any
        }
    }

    /// The first stop at or after `from`, or the end of `b`. Every byte
    /// before it is ASCII.
    fn next(self, b: &[u8], from: usize) -> usize {
        let rest = &b[from..];
        let at = match self {
            Stops::Terminators => memchr::memchr3(b'.', b'?', b'!', rest),
            Stops::Any => rest
                .iter()
                .position(|&c| matches!(c, b'.' | b'?' | b'!' | b'\r' | b'\n' | 0x80..)),
        };
        from + at.unwrap_or(rest.len())
    }
}

/// The sentences of `text` when [`sentence_cat`] knows every character in it.
fn fast_sentences(text: &str) -> Option<Vec<Range<usize>>> {
    let mut sents: Vec<Range<usize>> = Vec::new();
    // Where the sentence being read starts: the last break.
    let mut open = 0;
    let mut state = SbState([Part::Sot; 4]);
    let b = text.as_bytes();
    let stops = Stops::of(b);
    let mut pos = 0;
    while pos < b.len() {
        // A quiet state stays so, and breaks nowhere, over characters that
        // are no terminator, CR or LF: skip to the next that may be one.
        if state.quiet() {
            let stop = stops.next(b, pos);
            if stop > pos {
                state = SbState::after_quiet(ASCII_CAT[usize::from(b[stop - 1])]);
                pos = stop;
                continue;
            }
        }
        let (cat, len) = match b[pos] {
            byte @ 0..=0x7f => (ASCII_CAT[byte as usize], 1),
            _ => {
                let c = text[pos..].chars().next()?;
                (sentence_cat(c)?, c.len_utf8())
            }
        };
        let before = state;
        state = state.next(cat);
        let at = pos;
        pos += len;
        // The rest of an ASCII word: no break after a letter, and each
        // letter only shifts the state (four of them fill it).
        if len == 1 && matches!(cat, Sb::Upper | Sb::Lower) {
            let run = b[pos..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            for _ in 0..run.min(4) {
                state = state.next(Sb::Lower);
            }
            pos += run;
        }
        // After a letter or an other character no rule breaks (SB11 needs
        // a terminator before) and SB8 looks no further.
        if before.last(Part::UpperLower) || before.last(Part::Other) {
            continue;
        }
        let brk = if before.last(Part::Sot) {
            true // SB1
        } else if before.last(Part::Cr) || before.last(Part::Lf) {
            !(cat == Sb::Lf && before.last(Part::Cr)) // SB3, SB4
        } else {
            let no_break = (cat == Sb::Numeric && before.last(Part::ATerm)) // SB6
                || (cat == Sb::Upper
                    && before.0[2] == Part::UpperLower
                    && before.last(Part::ATerm)) // SB7
                || before.sb8(&text[at..])? // SB8
                || (matches!(cat, Sb::SContinue | Sb::STerm | Sb::ATerm) && before.sb8a()) // SB8a
                || (matches!(cat, Sb::Close | Sb::Sp | Sb::Cr | Sb::Lf) && before.sb9()) // SB9
                || (matches!(cat, Sb::Sp | Sb::Cr | Sb::Lf) && before.sb8a()); // SB10
            !no_break && before.sb11() // SB11, else SB998
        };
        // The first break is at 0 (SB1), where no sentence ends.
        if brk && at > 0 {
            sents.push(open..at);
            open = at;
        }
    }
    // SB2
    if !state.last(Part::Sot) {
        sents.push(open..text.len());
    }
    Some(sents)
}

/// Every request clause in one paragraph, in order, and the paragraph's
/// sentences (empty when it holds no request phrase at all). `text_agrees`
/// is [`ascii_bounds_agree`] of `text`.
fn clauses(text: &str, text_agrees: bool) -> (Vec<Clause>, Vec<Range<usize>>) {
    let mut out = Vec::new();
    // Sentence splitting is the costly part: skip paragraphs that ask nothing.
    // A question ("Could you …?") opens a sentence, not only the paragraph.
    if !may_ask(text, text_agrees) {
        return (out, Vec::new());
    }
    let sents = sentences(text);
    let mut starts: Vec<usize> = Vec::new();
    for sentence in sents.iter().cloned() {
        let s = &text[sentence.clone()];
        let lead = s.len() - s.trim_start().len();
        let body = &s[lead..];
        let base = sentence.start + lead;
        // Where ASCII word boundaries agree the search below rules a
        // sentence out as fast as the check would; the check only spares
        // the slow engine other text.
        let agree = text_agrees || ascii_bounds_agree(body);
        if !agree && !trigger_may_match(body) {
            continue;
        }
        let (trigger, clause_end): (&Regex, &Regex) = if agree {
            (&TRIGGER_ASCII, &CLAUSE_END_ASCII)
        } else {
            (&TRIGGER, &CLAUSE_END)
        };
        starts.clear();
        for m in trigger.find_iter(body) {
            let Some(start) = trigger_start(body, m.start(), m.as_str(), starts.is_empty()) else {
                continue;
            };
            if starts.last().is_some_and(|&last| start <= last) {
                continue;
            }
            starts.push(start);
        }
        for (k, &start) in starts.iter().enumerate() {
            let limit = starts.get(k + 1).copied().unwrap_or(body.len());
            // The phrase itself may hold no clause end ("I would, therefore,
            // ask"): search from a little into the clause.
            let from = body[start..]
                .chars()
                .next()
                .map_or(limit, |c| (start + c.len_utf8()).min(limit));
            let end = clause_end
                .find_at(&body[..limit], from)
                .map_or(limit, |m| m.start());
            let range = trim_clause(body, start..end);
            if range.is_empty() {
                continue;
            }
            let abs = base + range.start..base + range.end;
            out.push(Clause {
                kind: classify(&text[abs.clone()], agree),
                range: abs,
                sentence: sentence.clone(),
            });
        }
    }
    (out, sents)
}

/// Where the clause of a trigger matched at `at` in `sentence` starts, or
/// `None` when the match is not a request there.
/// `first` when no request starts earlier in the sentence: only then does
/// an opening condition ("Where …, I would ask …") belong to the clause.
fn trigger_start(sentence: &str, at: usize, matched: &str, first: bool) -> Option<usize> {
    let before = &sentence[..at];
    // Only the last few words matter ("… said that "); a bounded window
    // keeps a sentence of many phrases linear.
    let mut window = at.saturating_sub(48);
    while !sentence.is_char_boundary(window) {
        window -= 1;
    }
    let near = &sentence[window..at];
    let reported: &Regex = if ascii_bounds_agree(near) {
        &REPORTED_ASCII
    } else {
        &REPORTED
    };
    if reported.is_match(near) {
        return None;
    }
    let lower = AsciiCaseless(matched);
    if matched.starts_with(',') {
        // ", and in the meantime to …": the new clause starts at "in".
        let off = lower
            .find("in the meantime")
            .or_else(|| lower.find("meanwhile"))?;
        return Some(at + off);
    }
    if lower.starts_with("and") {
        // Elided subject: the clause starts at the modal.
        let off = lower.find("would").or_else(|| lower.find("should"))?;
        return Some(at + off);
    }
    if matched.eq_ignore_ascii_case("please") {
        if PLEASE_OFFER.is_match(&sentence[at..]) {
            return None;
        }
        // "If you have any questions, please contact me": an offer.
        if OFFER_CONDITION.is_match(sentence) && PLEASE_CONTACT.is_match(&sentence[at..]) {
            return None;
        }
        let prev = before.trim_end();
        let opens = prev.is_empty()
            || prev.ends_with([',', ';', ':', '(', '"', '\''])
            || prev
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("and"))
            // "Once you have decided please let me know."
            || (first && CONDITION.is_match(prev));
        if !opens {
            return None;
        }
        let conditional = first && !prev.is_empty() && CONDITION.is_match(prev);
        return Some(if conditional { 0 } else { at });
    }
    if lower.starts_with("could")
        || lower.starts_with("would")
        || lower.starts_with("can")
        || lower.starts_with("will")
    {
        // A question asks; "Could you …" at the start of a statement does not.
        if !sentence.trim_end().ends_with('?') && !lower.contains(" i ") && !lower.contains(" we ")
        {
            return None;
        }
    }
    Some(if first && opens_with_condition(before) {
        0
    } else {
        at
    })
}

/// Text read in any ASCII case, as if lowered to ASCII lower case: its
/// searches take words in lower case.
#[derive(Debug, Clone, Copy)]
struct AsciiCaseless<'a>(&'a str);

impl AsciiCaseless<'_> {
    /// Where `word` first stands.
    fn find(self, word: &str) -> Option<usize> {
        self.0
            .as_bytes()
            .windows(word.len())
            .position(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    }

    fn starts_with(self, word: &str) -> bool {
        self.0
            .as_bytes()
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    }

    fn contains(self, word: &str) -> bool {
        self.find(word).is_some()
    }
}

/// The sentence up to a request opens with a condition and ends in a comma:
/// "If the Council decides to disclose it, " / "Where information is not held, ".
fn opens_with_condition(before: &str) -> bool {
    !before.is_empty() && before.trim_end().ends_with(',') && CONDITION.is_match(before)
}

/// Trims spaces, closing punctuation and a dangling conjunction off a clause.
fn trim_clause(s: &str, mut r: Range<usize>) -> Range<usize> {
    loop {
        let piece = &s[r.clone()];
        let t = piece.trim_end_matches(|c: char| c.is_whitespace() || ",;:.!?".contains(c));
        let t = ["and", "or", "but"]
            .iter()
            .find_map(|w| {
                t.strip_suffix(w)
                    .filter(|rest| rest.ends_with(|c: char| c.is_whitespace() || c == ','))
            })
            .unwrap_or(t);
        if t.len() == piece.len() {
            break;
        }
        r.end = r.start + t.len();
    }
    let lead = s[r.clone()].len() - s[r.clone()].trim_start().len();
    r.start += lead;
    r
}

/// The patterns of [`KINDS`], in the order [`classify`] tries them:
/// publish, meet, update, information, respond, send, act.
const KIND_PATTERNS: [&str; 7] = [
    // "since my report was published" is no request to publish.
    r"(?i)\b(?:publish(?:es|ing)?|publication|website|(?:be|are|is)\s+published)\b",
    // "meet me", "a meeting with", "to discuss"; not "meet its duty".
    r"(?i)\bmeet\s+(?:with\s+)?(?:me|us|you|them|him|her|my|our|your|members|officials|officers|representatives)\b|\bmeeting\b|\bdiscuss(?:ion)?\b",
    r"(?i)\b(?:updates?|progress)\b",
    r"(?i)\b(?:provide|share|tell\s+(?:me|us)|explain|set\s+out|information|details?|copy|data|account|supply|evidence|figures|timetable)\b",
    r"(?i)\b(?:respond|response|reply|replies|answer|hearing\s+from\s+you|let\s+(?:me|us)\s+know|confirm\w*|your\s+views)\b",
    r"(?i)\b(?:send|return|complete)\b",
    r"(?i)^(?:I|we)\b.*\b(?:ask|urge|invite|request|grateful|encourage|call\s+on|asking|urging)\b|^please\b|^(?:give|require|place|go|identify|carry\s+out|commission|make|ensure|review|consider|introduce|sign)\b",
];

/// The request kind patterns, searched in one pass over a clause.
static KINDS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(KIND_PATTERNS)
        .unwrap_or_else(|e| panic!("built-in pattern does not compile: {e}"))
});

/// [`KINDS`] with ASCII word boundaries (see [`ascii_bounds_agree`]): what
/// [`kind_by_words`] must agree with.
#[cfg(test)]
static KINDS_ASCII: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(KIND_PATTERNS.map(ascii_bounds))
        .unwrap_or_else(|e| panic!("built-in pattern does not compile: {e}"))
});

/// What a request clause asks for, from its words: publish, meet, an
/// update, a reply, information, an action.
/// `agrees` when [`ascii_bounds_agree`] is known to hold for `clause`.
fn classify(clause: &str, agrees: bool) -> RequestKind {
    // The first pattern that matches names the kind.
    const KINDS_IN_ORDER: [RequestKind; 7] = [
        RequestKind::Publish,
        RequestKind::Meet,
        RequestKind::ProvideUpdate,
        RequestKind::ProvideInformation,
        RequestKind::Respond,
        RequestKind::ProvideInformation,
        RequestKind::Act,
    ];
    let first = if agrees || ascii_bounds_agree(clause) {
        kind_by_words(clause)
    } else {
        KINDS.matches(clause).iter().next()
    };
    first.map_or(RequestKind::Other, |i| KINDS_IN_ORDER[i])
}

/// A word of a clause as an ASCII `\b` bounds it: a run of ASCII letters,
/// digits and underscores with none of them on either side.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// Byte offset in the clause.
    at: usize,
    end: usize,
    /// Where the word before it ended (0 for the first).
    after: usize,
}

/// The [`Word`]s of a clause, in order.
#[derive(Debug, Clone)]
struct Words<'a> {
    clause: &'a [u8],
    /// Where the last word ended (0 before the first).
    pos: usize,
}

impl<'a> Words<'a> {
    fn new(clause: &'a str) -> Self {
        Words {
            clause: clause.as_bytes(),
            pos: 0,
        }
    }

    /// The [`WordRole`]s of `w`, a word of this clause, when it may have one
    /// by `ends` (a [`role_ends`] table); 0 when it has none.
    fn roles(&self, w: &Word, ends: &RoleEnds) -> u32 {
        word_roles(&self.clause[w.at..w.end], ends)
    }

    /// White space alone (`\s+`) stands between `w`, not the first word,
    /// and the word before.
    fn spaced(&self, w: &Word) -> bool {
        // The bytes between two words: ASCII, or whole characters.
        std::str::from_utf8(&self.clause[w.after..w.at])
            .is_ok_and(|gap| gap.chars().all(char::is_whitespace))
    }

    /// The next word has a role of `roles`, with white space alone before it.
    fn then(&self, roles: u32) -> bool {
        self.clone()
            .next()
            .is_some_and(|w| self.roles(&w, &ANY_ROLE_ENDS) & roles != 0 && self.spaced(&w))
    }

    /// The next two words have a role of `first` and of `second`, each with
    /// white space alone before it.
    fn then_two(&self, first: u32, second: u32) -> bool {
        let mut rest = self.clone();
        rest.next()
            .is_some_and(|w| self.roles(&w, &ANY_ROLE_ENDS) & first != 0 && self.spaced(&w))
            && rest.then(second)
    }
}

/// The bytes of ASCII word characters (`(?-u:\w)`).
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_';
        i += 1;
    }
    t
};

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let b = self.clause;
        let mut at = self.pos;
        while !WORD_BYTE[usize::from(*b.get(at)?)] {
            at += 1;
        }
        let mut end = at + 1;
        while b.get(end).is_some_and(|&c| WORD_BYTE[usize::from(c)]) {
            end += 1;
        }
        let after = self.pos;
        self.pos = end;
        Some(Word { at, end, after })
    }
}

/// The roles a word plays in [`KIND_PATTERNS`], as bits of a `u32`. Role
/// `Kk` is a word that makes pattern `k` match alone, and is bit `k`.
struct WordRole;

impl WordRole {
    const K0: u32 = 1 << 0;
    const K1: u32 = 1 << 1;
    const K2: u32 = 1 << 2;
    const K3: u32 = 1 << 3;
    const K4: u32 = 1 << 4;
    const K5: u32 = 1 << 5;
    /// "be", "are", "is" before "published".
    const BE: u32 = 1 << 6;
    const PUBLISHED: u32 = 1 << 7;
    const MEET: u32 = 1 << 8;
    const WITH: u32 = 1 << 9;
    /// Whom one meets: "me", "officials" …
    const WHOM: u32 = 1 << 10;
    const TELL: u32 = 1 << 11;
    /// "me" or "us", after "tell" or "let".
    const ME_US: u32 = 1 << 12;
    const SET: u32 = 1 << 13;
    const OUT: u32 = 1 << 14;
    const HEARING: u32 = 1 << 15;
    const FROM: u32 = 1 << 16;
    const YOU: u32 = 1 << 17;
    const LET: u32 = 1 << 18;
    const KNOW: u32 = 1 << 19;
    const YOUR: u32 = 1 << 20;
    const VIEWS: u32 = 1 << 21;
    /// "I" or "we" opening the clause.
    const SUBJECT: u32 = 1 << 22;
    /// "ask", "grateful" … after an opening subject.
    const ASKS: u32 = 1 << 23;
    const CALL: u32 = 1 << 24;
    const ON: u32 = 1 << 25;
    /// "please", "give", "ensure" … opening the clause.
    const BIDS: u32 = 1 << 26;
    const CARRY: u32 = 1 << 27;
}

/// The words with a [`WordRole`], in lower case, and their roles.
const ROLE_WORDS: [(&[&str], u32); 28] = {
    use WordRole as R;
    [
        (
            &[
                "publish",
                "publishes",
                "publishing",
                "publication",
                "website",
            ],
            R::K0,
        ),
        (&["be", "are", "is"], R::BE),
        (&["published"], R::PUBLISHED),
        (&["meet"], R::MEET),
        (&["with"], R::WITH),
        (&["me", "us"], R::WHOM | R::ME_US),
        (&["you"], R::WHOM | R::YOU),
        (&["your"], R::WHOM | R::YOUR),
        (
            &[
                "them",
                "him",
                "her",
                "my",
                "our",
                "members",
                "officials",
                "officers",
                "representatives",
            ],
            R::WHOM,
        ),
        (&["meeting", "discuss", "discussion"], R::K1),
        (&["update", "updates", "progress"], R::K2),
        (
            &[
                "provide",
                "share",
                "explain",
                "information",
                "detail",
                "details",
                "copy",
                "data",
                "account",
                "supply",
                "evidence",
                "figures",
                "timetable",
            ],
            R::K3,
        ),
        (&["tell"], R::TELL),
        (&["set"], R::SET),
        (&["out"], R::OUT),
        (
            &["respond", "response", "reply", "replies", "answer"],
            R::K4,
        ),
        (&["hearing"], R::HEARING),
        (&["from"], R::FROM),
        (&["let"], R::LET),
        (&["know"], R::KNOW),
        (&["views"], R::VIEWS),
        (&["send", "return", "complete"], R::K5),
        (&["i", "we"], R::SUBJECT),
        (
            &[
                "ask",
                "urge",
                "invite",
                "request",
                "grateful",
                "encourage",
                "asking",
                "urging",
            ],
            R::ASKS,
        ),
        (&["call"], R::CALL),
        (&["on"], R::ON),
        (
            &[
                "please",
                "give",
                "require",
                "place",
                "go",
                "identify",
                "commission",
                "make",
                "ensure",
                "review",
                "consider",
                "introduce",
                "sign",
            ],
            R::BIDS,
        ),
        (&["carry"], R::CARRY),
    ]
};

/// A word's first 16 bytes, ASCII letters in lower case, as one number
/// (padded with zero bytes, which no word holds).
type WordKey = u128;

/// [`ROLE_WORDS`] by [`WordKey`]. Every word there is shorter than 16
/// bytes ([`RoleEnds`] has no room for longer), so no longer word, whose
/// key has no zero byte, shares a key with one.
static ROLES: LazyLock<FastMap<WordKey, u32>> = LazyLock::new(|| {
    let mut map = FastMap::default();
    for (words, roles) in ROLE_WORDS {
        for w in words {
            let mut key = [0u8; 16];
            key[..w.len()].copy_from_slice(w.as_bytes());
            *map.entry(u128::from_le_bytes(key)).or_insert(0) |= roles;
        }
    }
    map
});

/// For each length below 16 and first letter of a word, the set of last
/// letters (bit 0 for "a") of the words of [`ROLE_WORDS`] of that length and
/// first letter: a word of other ends has no role.
type RoleEnds = [[u32; 26]; 16];

/// The [`RoleEnds`] of the words with a role of `roles`.
const fn role_ends(roles: u32) -> RoleEnds {
    let mut t = [[0u32; 26]; 16];
    let mut i = 0;
    while i < ROLE_WORDS.len() {
        let (words, r) = ROLE_WORDS[i];
        let mut j = 0;
        while r & roles != 0 && j < words.len() {
            let w = words[j].as_bytes();
            t[w.len()][(w[0] - b'a') as usize] |= 1 << (w[w.len() - 1] - b'a');
            j += 1;
        }
        i += 1;
    }
    t
}

/// The ends of every word with a role.
const ANY_ROLE_ENDS: RoleEnds = role_ends(u32::MAX);

/// The ends of the words that a [`KIND_PATTERNS`] match can start at. Most
/// words of a clause are passed over on this alone; those that only follow
/// another ("you", "with", "on") are looked up only after one.
const LEAD_ROLE_ENDS: RoleEnds = {
    use WordRole as R;
    role_ends(
        R::K0
            | R::K1
            | R::K2
            | R::K3
            | R::K4
            | R::K5
            | R::BE
            | R::MEET
            | R::TELL
            | R::SET
            | R::HEARING
            | R::LET
            | R::YOUR
            | R::ASKS
            | R::CALL
            | R::BIDS
            | R::CARRY,
    )
};

/// The [`WordRole`]s of a word of ASCII word characters, in any ASCII case,
/// when `ends` lets it have one (see [`RoleEnds`]); else 0.
fn word_roles(word: &[u8], ends: &RoleEnds) -> u32 {
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return 0;
    };
    if word.len() >= 7 && word[..7].eq_ignore_ascii_case(b"confirm") {
        return WordRole::K4;
    }
    // `| 0x20` lowers an ASCII letter and keeps a digit a digit; it makes
    // "_" a DEL, in no word. So the bytes match a word of lower case
    // letters exactly when the word matches in any ASCII case.
    let (first, last) = (
        (first | 0x20).wrapping_sub(b'a'),
        (last | 0x20).wrapping_sub(b'a'),
    );
    if first >= 26 || last >= 26 {
        return 0;
    }
    let ends = ends.get(word.len()).map_or(0, |t| t[usize::from(first)]);
    if ends & (1 << last) == 0 {
        return 0;
    }
    let mut key = [0u8; 16];
    for (k, c) in key.iter_mut().zip(word) {
        *k = c | 0x20;
    }
    ROLES.get(&u128::from_le_bytes(key)).copied().unwrap_or(0)
}

/// The index of the first of [`KIND_PATTERNS`] that matches `clause`, read
/// word by word, for text on which ASCII word boundaries agree with
/// Unicode ones ([`ascii_bounds_agree`]) and no character folds to an
/// ASCII letter: every pattern is words joined by `\s+` (and, in the last,
/// anchors and `.*`), so each match starts at a word, and what a pattern
/// needs there is checked on the words ahead.
fn kind_by_words(clause: &str) -> Option<usize> {
    let mut words = Words::new(clause);
    // "I …" / "We …" at the very start opens pattern 6's first branch,
    // whose `.*` runs to the first line break.
    let subject = words
        .clone()
        .next()
        .is_some_and(|w| w.at == 0 && words.roles(&w, &ANY_ROLE_ENDS) & WordRole::SUBJECT != 0);
    let line_end = memchr::memchr(b'\n', clause.as_bytes()).unwrap_or(clause.len());
    let mut found = 0u32;
    while let Some(w) = words.next() {
        let roles = words.roles(&w, &LEAD_ROLE_ENDS);
        if roles == 0 {
            continue;
        }
        found |= kinds_at(roles, w.at == 0, &words, subject && w.at < line_end);
        if found & 1 != 0 {
            break;
        }
    }
    (found != 0).then(|| found.trailing_zeros() as usize)
}

/// The [`KIND_PATTERNS`] (bit `k` for pattern `k`) that match starting at
/// a word of `roles`, with `ahead` the words after it. `opens` when the
/// word opens the clause; `subject` when the clause opens with "I" or "we"
/// and no line break comes before the word.
fn kinds_at(roles: u32, opens: bool, ahead: &Words, subject: bool) -> u32 {
    use WordRole as R;
    let has = |role: u32| roles & role != 0;
    // The single words, whose role bits are their patterns' bits.
    let mut kinds = roles & (R::K0 | R::K1 | R::K2 | R::K3 | R::K4 | R::K5);
    if has(R::BE) && ahead.then(R::PUBLISHED) {
        kinds |= 1 << 0;
    }
    if has(R::MEET) && (ahead.then(R::WHOM) || ahead.then_two(R::WITH, R::WHOM)) {
        kinds |= 1 << 1;
    }
    if (has(R::TELL) && ahead.then(R::ME_US)) || (has(R::SET) && ahead.then(R::OUT)) {
        kinds |= 1 << 3;
    }
    if (has(R::HEARING) && ahead.then_two(R::FROM, R::YOU))
        || (has(R::LET) && ahead.then_two(R::ME_US, R::KNOW))
        || (has(R::YOUR) && ahead.then(R::VIEWS))
    {
        kinds |= 1 << 4;
    }
    let asks = subject && !opens && (has(R::ASKS) || (has(R::CALL) && ahead.then(R::ON)));
    let bids = opens && (has(R::BIDS) || (has(R::CARRY) && ahead.then(R::OUT)));
    if asks || bids {
        kinds |= 1 << 6;
    }
    kinds
}

/// The items of a list that paragraph `i` introduces, each as (paragraph
/// index, range of the item's words), or none when paragraph `i` is not a
/// request ending in ':'. Items run on while each ends in ';', ',' or a
/// conjunction, and stop after one ending in a full stop unless the next
/// begins in lower case as items do.
fn list_items(
    paragraphs: &[MappedText],
    i: usize,
    clauses: &[Clause],
) -> Vec<(usize, Range<usize>)> {
    let p = &paragraphs[i].text;
    let trimmed = p.trim_end();
    let Some(last) = clauses.last() else {
        return Vec::new();
    };
    if !trimmed.ends_with(':') || last.sentence.end < trimmed.len() {
        return Vec::new();
    }
    let mut items: Vec<(usize, Range<usize>)> = Vec::new();
    let mut j = i + 1;
    while j < paragraphs.len() && items.len() < 50 {
        let t = paragraphs[j].text.as_str();
        let words = t.trim();
        if words.is_empty() {
            j += 1;
            continue;
        }
        if !items.is_empty() {
            let prev_index = items.last().map_or(i, |(k, _)| *k);
            let prev = paragraphs[prev_index].text.trim_end();
            let runs_on =
                !prev.ends_with(['.', '!', '?']) || words.starts_with(|c: char| c.is_lowercase());
            if !runs_on {
                break;
            }
        }
        let range = trim_clause(t, 0..t.len());
        if !range.is_empty() {
            items.push((j, range));
        }
        j += 1;
    }
    items
}

// ---------------------------------------------------------------------------
// Deadlines

/// A deadline phrase found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Deadline {
    /// The phrase: "by 31 July 2017", "within 28 days of the date of this letter".
    range: Range<usize>,
    /// The resolved date; `None` when the letter's date was needed and missing.
    date: Option<Date>,
}

/// "by", "no later than", "before" and the like, before a date.
static BY: LazyLock<Regex> = LazyLock::new(|| re(BY_SRC));

/// [`BY`] with ASCII word boundaries (see [`ascii_bounds_agree`]).
static BY_ASCII: LazyLock<Regex> = LazyLock::new(|| re(&ascii_bounds(BY_SRC)));

/// The source of [`BY`].
const BY_SRC: &str = r"(?i)\b(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before)\s+(?:the\s+end\s+of\s+(?:(?:the|this)\s+(?P<this>month)\b|(?:the|this)\s+(?P<year>year)\b|next\s+(?P<next>month)\b|(?:the\s+month\s+of\s+)?(?P<eom>))|(?:the\s+|close\s+of\s+business\s+on\s+)?)";

/// "within 28 days (of the date of this letter)", "in the next four weeks".
static WITHIN: LazyLock<Regex> = LazyLock::new(|| re(WITHIN_SRC));

/// [`WITHIN`] with ASCII word boundaries (see [`ascii_bounds_agree`]).
static WITHIN_ASCII: LazyLock<Regex> = LazyLock::new(|| re(&ascii_bounds(WITHIN_SRC)));

/// The source of [`WITHIN`].
const WITHIN_SRC: &str = r"(?ix)\b(?:within(?:\s+the\s+next)?|in\s+the\s+next|over\s+the\s+next|in\s+the\s+coming)\s+
        (?:(?P<fortnight>a\s+fortnight)
        | (?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|thirty(?:[-\s]one)?)
          \s+(?P<working>(?:working|business)\s+)?(?:calendar\s+|clear\s+)?(?P<unit>days?|weeks?|months?)\b)
        (?:\s+(?:of|from|after)\s+(?:(?:the\s+)?(?:date\s+of|receipt\s+of)\s+|receiving\s+)?(?:this|my|the)\s+letter\b
         |\s+of\s+(?:its\s+)?receipt\b
         |\s+from\s+today\b)?";

/// Every deadline phrase in `text[within]`, in order, resolved against
/// `letter`. `lower` is a buffer for the search in lower case; `agrees`
/// when [`ascii_bounds_agree`] is known to hold for `text`.
fn deadlines(
    text: &str,
    within: Range<usize>,
    letter: Option<Date>,
    lower: &mut Vec<u8>,
    agrees: bool,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    let hay = &text[..within.end];
    let scope = &hay[within.start..];
    let agree = agrees || ascii_bounds_agree(scope);
    let (by, within_re): (&Regex, &Regex) = if agree {
        (&BY_ASCII, &WITHIN_ASCII)
    } else {
        (&BY, &WITHIN)
    };
    let (may_by, may_within) = may_hold_deadlines(scope, lower);
    let by_re = by;
    let by = may_by.then(|| by_re.find_iter(scope));
    for m in by.into_iter().flatten() {
        let start = within.start + m.start();
        let at = within.start + m.end();
        // Only "the end of …" sets a group ("by the end of this month"),
        // and of the pattern's words only its "end" holds those letters
        // (none of which another letter folds to): other matches need no
        // groups, and the costlier capturing search is run only for these.
        let c = if contains_ignoring_ascii_case(m.as_str(), b"end") {
            by_re.captures_at(scope, m.start())
        } else {
            None
        };
        let group = |name: &str| c.as_ref().is_some_and(|c| c.name(name).is_some());
        let end_of = group("eom");
        if group("this") {
            let date = letter.map(|l| l.last_of_month());
            out.push(Deadline {
                range: start..at,
                date,
            });
            continue;
        }
        if group("year") {
            let date = letter.and_then(|l| Date::new(l.year(), 12, 31).ok());
            out.push(Deadline {
                range: start..at,
                date,
            });
            continue;
        }
        if group("next") {
            let date = letter
                .and_then(|l| l.first_of_month().checked_add(1.month()).ok())
                .map(|d| d.last_of_month());
            out.push(Deadline {
                range: start..at,
                date,
            });
            continue;
        }
        if let Some(d) = date::date_at(hay, at) {
            let date = match (d.precision, end_of) {
                (Precision::Day, _) => Some(d.date),
                (Precision::Month, true) => Some(d.date.last_of_month()),
                // "by March 2021" names no day; "by 2021" is no deadline.
                _ => continue,
            };
            out.push(Deadline {
                range: start..d.range.end,
                date,
            });
        } else if let Some(dm) = date::day_month_at(hay, at) {
            let date = letter.and_then(|l| date::next_on_or_after(l, dm.month, dm.day));
            if letter.is_some() && date.is_none() {
                continue; // "30 February" is no day.
            }
            out.push(Deadline {
                range: start..dm.end,
                date,
            });
        } else if end_of {
            if let Some((end, month)) = date::month_at(hay, at) {
                let date = letter.and_then(|l| date::next_end_of_month(l, month));
                out.push(Deadline {
                    range: start..end,
                    date,
                });
            }
        }
    }
    let within_matches = may_within.then(|| within_re.captures_iter(scope));
    for c in within_matches.into_iter().flatten() {
        let Some(m) = c.get(0) else { continue };
        let range = within.start + m.start()..within.start + m.end();
        let (n, unit) = if c.name("fortnight").is_some() {
            (14, "day")
        } else {
            let Some(n) = c.name("n").and_then(|n| number_word(n.as_str())) else {
                continue;
            };
            let unit = c.name("unit").map_or("day", |u| u.as_str());
            (n, unit)
        };
        let working = c.name("working").is_some();
        let date = letter.and_then(|l| add(l, n, unit, working));
        out.push(Deadline { range, date });
    }
    out.sort_by_key(|d| d.range.start);
    out
}

/// Whether `hay` holds `needle` (ASCII), ignoring ASCII case.
fn contains_ignoring_ascii_case(hay: &str, needle: &[u8]) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// `from` plus `n` days, weeks or months; working days skip Saturdays and
/// Sundays. Bank holidays are not known here and are counted as working
/// days, so a deadline in working days may fall a day or two early.
fn add(from: Date, n: i64, unit: &str, working: bool) -> Option<Date> {
    let unit = unit.to_ascii_lowercase();
    if unit.starts_with("month") {
        return from.checked_add(n.months()).ok();
    }
    let days = if unit.starts_with("week") { n * 7 } else { n };
    if !working {
        return from.checked_add(days.days()).ok();
    }
    let mut d = from;
    let mut left = days;
    while left > 0 {
        d = d.tomorrow().ok()?;
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    Some(d)
}

/// "28", "a", "four", "twenty-eight" as a number.
fn number_word(s: &str) -> Option<i64> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    let lower = s.to_ascii_lowercase();
    if lower == "a" || lower == "an" {
        return Some(1);
    }
    let mut parts = lower.split(['-', ' ']).filter(|p| !p.is_empty());
    let first = parts.next()?;
    let tens = match first {
        "twenty" => 20,
        "thirty" => 30,
        w => return UNITS.iter().position(|u| *u == w).map(|n| n as i64),
    };
    let unit = match parts.next() {
        Some(w) => UNITS.iter().position(|u| *u == w)? as i64,
        None => 0,
    };
    Some(tens + unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs as if read from a raw text where they stand separated by
    /// blank lines, byte for byte.
    fn paras(texts: &[&str]) -> Vec<MappedText> {
        let mut at = 0;
        texts
            .iter()
            .map(|t| {
                let mut m = MappedText::new();
                m.push(t, at, at + t.len(), true);
                at += t.len() + 2;
                m
            })
            .collect()
    }

    fn day(y: i16, m: i8, d: i8) -> Option<Date> {
        Date::new(y, m, d).ok()
    }

    /// (text, deadline iso) of each request.
    #[track_caller]
    fn requests_in(texts: &[&str], letter: Option<Date>) -> Vec<(String, Option<String>)> {
        find(&paras(texts), letter)
            .0
            .into_iter()
            .map(|r| (r.text, r.deadline.map(|d| d.iso)))
            .collect()
    }

    #[track_caller]
    fn texts(paragraph: &str) -> Vec<String> {
        requests_in(&[paragraph], day(2020, 10, 13))
            .into_iter()
            .map(|r| r.0)
            .collect()
    }

    #[track_caller]
    fn only(paragraph: &str, clause: &str) {
        assert_eq!(texts(paragraph), vec![clause.to_string()]);
    }

    #[track_caller]
    fn nothing(paragraph: &str) {
        assert_eq!(texts(paragraph), Vec::<String>::new());
    }

    /// The deadline (phrase, iso) of the only request.
    #[track_caller]
    fn deadline(paragraph: &str, letter: Option<Date>) -> Option<(String, String)> {
        let (reqs, _) = find(&paras(&[paragraph]), letter);
        assert_eq!(reqs.len(), 1, "{reqs:?}");
        reqs[0]
            .deadline
            .as_ref()
            .map(|d| (d.text.clone(), d.iso.clone()))
    }

    #[track_caller]
    fn due(paragraph: &str, letter: Option<Date>, phrase: &str, iso: &str) {
        assert_eq!(
            deadline(paragraph, letter),
            Some((phrase.to_string(), iso.to_string()))
        );
    }

    #[test]
    fn every_pattern_compiles() {
        for p in [
            &TRIGGER,
            &TRIGGER_ASCII,
            &CLAUSE_END,
            &PLEASE_OFFER,
            &OFFER_CONDITION,
            &PLEASE_CONTACT,
            &CONDITION,
            &REPORTED,
            &BY,
            &WITHIN,
            &QUESTION,
            &QUESTION_ASCII,
            &MAY_ASK,
            &CLAUSE_END_ASCII,
            &REPORTED_ASCII,
            &BY_ASCII,
            &WITHIN_ASCII,
        ] {
            assert!(!p.as_str().is_empty());
        }
        assert_eq!(KINDS.len(), KIND_PATTERNS.len());
        assert_eq!(KINDS_ASCII.len(), KIND_PATTERNS.len());
    }

    // Phrasings -------------------------------------------------------------

    #[test]
    fn would_be_grateful_if_you_could() {
        only(
            "We met last year. I would be grateful if you could send me a copy of the plan. It helps.",
            "I would be grateful if you could send me a copy of the plan",
        );
    }

    #[test]
    fn should_be_grateful() {
        only(
            "I should be grateful if you would arrange for the report to be laid before Parliament.",
            "I should be grateful if you would arrange for the report to be laid before Parliament",
        );
    }

    #[test]
    fn would_therefore_be_grateful_with_adverbs() {
        only(
            "I would therefore be most grateful for your views.",
            "I would therefore be most grateful for your views",
        );
    }

    #[test]
    fn would_welcome_after_a_leading_clause() {
        only(
            "I note that your strategy is published online, however I would welcome any further updates on progress.",
            "I would welcome any further updates on progress",
        );
    }

    #[test]
    fn we_would_both_welcome() {
        only(
            "We would both welcome the opportunity to give evidence, and our offices would be happy to help.",
            "We would both welcome the opportunity to give evidence",
        );
    }

    #[test]
    fn request_that() {
        only(
            "In the interests of transparency, I request that you respond in a way that lets me publish your letter.",
            "I request that you respond in a way that lets me publish your letter",
        );
    }

    #[test]
    fn please_imperative() {
        only(
            "Please sign and return the undertaking. My office will publish it.",
            "Please sign and return the undertaking",
        );
    }

    #[test]
    fn please_could_you() {
        only(
            "Please could you confirm the figures?",
            "Please could you confirm the figures",
        );
    }

    #[test]
    fn please_after_a_condition_keeps_the_condition() {
        only(
            "Where information is not held, please explain why.",
            "Where information is not held, please explain why",
        );
    }

    #[test]
    fn ask_that_and_ask_you_to() {
        assert_eq!(
            texts("I ask that the survey is completed. I would ask you to confirm the principles."),
            [
                "I ask that the survey is completed",
                "I would ask you to confirm the principles"
            ]
        );
    }

    #[test]
    fn could_you_question() {
        only(
            "Could you tell me when the guidance will be published?",
            "Could you tell me when the guidance will be published",
        );
        nothing("Could you have foreseen this, the report asks.");
    }

    #[test]
    fn a_question_after_another_sentence_asks_too() {
        only(
            "Thank you for the note. Could you reply by 3 May 2024?",
            "Could you reply by 3 May 2024",
        );
    }

    #[test]
    fn would_appreciate() {
        only(
            "I would appreciate it if you could share the timetable.",
            "I would appreciate it if you could share the timetable",
        );
    }

    #[test]
    fn invite_you_to() {
        only(
            "I invite you to comment on the draft.",
            "I invite you to comment on the draft",
        );
    }

    #[test]
    fn look_forward_to_receiving_or_hearing() {
        assert_eq!(
            texts(
                "I look forward to receiving your response. We look forward to hearing from you."
            ),
            [
                "I look forward to receiving your response",
                "We look forward to hearing from you"
            ]
        );
    }

    #[test]
    fn look_forward_to_working_together_is_not_a_request() {
        nothing("I look forward to working with you, as I have with your predecessors.");
    }

    #[test]
    fn urge_and_would_urge() {
        assert_eq!(
            texts("I urge you to act. Finally, I would urge the Government not to delay."),
            [
                "I urge you to act",
                "I would urge the Government not to delay"
            ]
        );
    }

    #[test]
    fn am_asking() {
        only(
            "I am therefore asking every force to complete the template.",
            "I am therefore asking every force to complete the template",
        );
    }

    #[test]
    fn elided_subject_after_and_would() {
        assert_eq!(
            texts("I look forward to receiving your reply, and would ask that it be written for publication."),
            [
                "I look forward to receiving your reply",
                "would ask that it be written for publication"
            ]
        );
    }

    #[test]
    fn it_would_be_helpful_if_you_could() {
        only(
            "It would be helpful if you could set out the timetable.",
            "It would be helpful if you could set out the timetable",
        );
    }

    #[test]
    fn would_be_glad_to_receive_asks_but_glad_to_help_offers() {
        only(
            "I would be glad to receive your comments.",
            "I would be glad to receive your comments",
        );
        nothing("I would be glad to help in any way.");
    }

    #[test]
    fn please_after_a_condition_without_comma() {
        only(
            "Once you have decided please let me know.",
            "Once you have decided please let me know",
        );
        nothing("The form says please in several places.");
    }

    // Not requests ----------------------------------------------------------

    #[test]
    fn offers_are_not_requests() {
        nothing("I would be happy to meet you to discuss this.");
        nothing("My office would be pleased to provide a briefing.");
        nothing("Please do not hesitate to contact us if you need help.");
        nothing("Please contact my office if you have any questions.");
        nothing("If you would like to discuss this, please contact my office.");
        nothing("Please let me know if you have any questions.");
        nothing("Thank you in advance for your co-operation.");
    }

    #[test]
    fn reported_requests_are_not_requests() {
        nothing("The Committee asked the Government to publish its plan.");
        nothing("You asked me to set out my views on the Bill.");
        nothing("In my letter of 3 May I asked for an update.");
        nothing("I said that I would welcome an update.");
        nothing("I have asked that the reports be shared with the board.");
    }

    #[test]
    fn present_tense_welcome_approves_and_asks_nothing() {
        nothing("I welcome the Bill and the commitment it represents.");
    }

    #[test]
    fn relative_clause_ask_for_is_not_a_request() {
        nothing("The information I ask for is set out in the annex.");
    }

    // Clause boundaries -----------------------------------------------------

    #[test]
    fn clause_ends_before_an_independent_clause() {
        only(
            "I would welcome an early meeting to discuss these issues, and my office will contact yours to arrange a date.",
            "I would welcome an early meeting to discuss these issues",
        );
        only(
            "I would ask that you review the policy; the present one is out of date.",
            "I would ask that you review the policy",
        );
    }

    #[test]
    fn clause_runs_on_across_and_to_and_and_that() {
        only(
            "I would urge you to review the decision, and to ensure that victims are told.",
            "I would urge you to review the decision, and to ensure that victims are told",
        );
        only(
            "I would ask that the draft is revised, and that it is tested with victims.",
            "I would ask that the draft is revised, and that it is tested with victims",
        );
    }

    #[test]
    fn two_requests_in_one_sentence_are_split() {
        assert_eq!(
            texts("We would welcome a meeting with you, and we look forward to hearing from you."),
            [
                "We would welcome a meeting with you",
                "we look forward to hearing from you"
            ]
        );
    }

    #[test]
    fn in_the_meantime_starts_a_second_request() {
        assert_eq!(
            texts("I would ask you to meet me as soon as you can, and in the meantime to provide a full account of the proposals."),
            [
                "I would ask you to meet me as soon as you can",
                "in the meantime to provide a full account of the proposals"
            ]
        );
    }

    // Lists -----------------------------------------------------------------

    #[test]
    fn list_items_are_each_a_request_with_the_introducers_deadline() {
        let got = requests_in(
            &[
                "I would therefore be grateful for your response on the following points by Friday 12 March 2021:",
                "the timetable for the changes;",
                "the date the registry will open; and",
                "when guidance will be published.",
                "I would be happy to discuss these points with you.",
            ],
            day(2021, 2, 9),
        );
        let due = Some("2021-03-12".to_string());
        assert_eq!(
            got,
            vec![
                ("the timetable for the changes".to_string(), due.clone()),
                ("the date the registry will open".to_string(), due.clone()),
                ("when guidance will be published".to_string(), due),
            ]
        );
    }

    #[test]
    fn list_ends_at_a_paragraph_that_is_not_an_item() {
        let got = requests_in(
            &[
                "I would be grateful if you could provide me with:",
                "an update on the action taken.",
                "I would also welcome a meeting.",
            ],
            None,
        );
        let texts: Vec<&str> = got.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "an update on the action taken",
                "I would also welcome a meeting"
            ]
        );
    }

    #[test]
    fn list_after_a_sentence_that_asks_nothing_is_no_request() {
        let got = requests_in(
            &[
                "There are three matters in the report:",
                "the survey;",
                "the code.",
            ],
            None,
        );
        assert_eq!(got, vec![]);
    }

    #[test]
    fn request_kinds_follow_the_verbs() {
        let kinds: Vec<RequestKind> = find(
            &paras(&[
                "I look forward to receiving your response. I would welcome an update on progress. I request that you publish your reply on your website. I would welcome a meeting with you. Please send me a copy of the data. I urge you to act now.",
            ]),
            None,
        )
        .0
        .into_iter()
        .map(|r| r.kind)
        .collect();
        assert_eq!(
            kinds,
            [
                RequestKind::Respond,
                RequestKind::ProvideUpdate,
                RequestKind::Publish,
                RequestKind::Meet,
                RequestKind::ProvideInformation,
                RequestKind::Act
            ]
        );
    }

    // Deadlines -------------------------------------------------------------

    #[test]
    fn deadline_by_full_date() {
        due(
            "Please sign and return the undertaking by 31 July 2017.",
            day(2017, 7, 3),
            "by 31 July 2017",
            "2017-07-31",
        );
    }

    #[test]
    fn deadline_by_weekday_and_date_inside_the_clause() {
        due(
            "I would be grateful if you could provide me, by Friday 25 October 2019, with the figures.",
            day(2019, 9, 20),
            "by Friday 25 October 2019",
            "2019-10-25",
        );
    }

    #[test]
    fn deadline_by_day_month_takes_the_letters_year() {
        due(
            "Please reply by 30 November.",
            day(2020, 10, 13),
            "by 30 November",
            "2020-11-30",
        );
    }

    #[test]
    fn deadline_by_day_month_rolls_over_the_year() {
        due(
            "Please reply by 15 January.",
            day(2020, 12, 10),
            "by 15 January",
            "2021-01-15",
        );
    }

    #[test]
    fn deadline_no_later_than_weekday_day_month() {
        due(
            "Please send the data no later than Friday 4 December.",
            day(2020, 11, 20),
            "no later than Friday 4 December",
            "2020-12-04",
        );
    }

    #[test]
    fn deadline_within_28_days_of_the_date_of_this_letter() {
        due(
            "Please return the template within 28 days of the date of this letter.",
            day(2023, 8, 15),
            "within 28 days of the date of this letter",
            "2023-09-12",
        );
    }

    #[test]
    fn deadline_within_fourteen_days() {
        due(
            "Please reply within fourteen days.",
            day(2020, 3, 27),
            "within fourteen days",
            "2020-04-10",
        );
    }

    #[test]
    fn deadline_within_20_working_days_skips_weekends() {
        // Thursday 4 October 2018 + 20 working days = Thursday 1 November.
        due(
            "I would be grateful if you would reply within 20 working days of the date of this letter.",
            day(2018, 10, 4),
            "within 20 working days of the date of this letter",
            "2018-11-01",
        );
    }

    #[test]
    fn deadline_in_the_next_four_weeks() {
        due(
            "I would welcome your views in the next four weeks.",
            day(2021, 1, 4),
            "in the next four weeks",
            "2021-02-01",
        );
    }

    #[test]
    fn deadline_within_a_month() {
        due(
            "Please reply within a month.",
            day(2021, 1, 31),
            "within a month",
            "2021-02-28",
        );
    }

    #[test]
    fn deadline_by_the_end_of_the_month() {
        due(
            "Please reply by the end of the month.",
            day(2020, 2, 10),
            "by the end of the month",
            "2020-02-29",
        );
    }

    #[test]
    fn deadline_by_the_end_of_january_rolls_over_the_year() {
        due(
            "I would be grateful if you could let me know, by the end of January, how you will respond.",
            day(2018, 11, 12),
            "by the end of January",
            "2019-01-31",
        );
    }

    #[test]
    fn deadline_by_the_end_of_the_year() {
        due(
            "Please reply by the end of the year.",
            day(2020, 2, 10),
            "by the end of the year",
            "2020-12-31",
        );
    }

    #[test]
    fn deadline_by_the_end_of_next_month_in_capitals() {
        due(
            "PLEASE REPLY BY THE END OF NEXT MONTH.",
            day(2020, 1, 10),
            "BY THE END OF NEXT MONTH",
            "2020-02-29",
        );
        due(
            "Please reply By The End Of This Month.",
            day(2021, 4, 2),
            "By The End Of This Month",
            "2021-04-30",
        );
    }

    #[test]
    fn deadline_within_two_weeks_of_receiving_this_letter() {
        due(
            "Please reply within two weeks of receiving this letter.",
            day(2020, 2, 10),
            "within two weeks of receiving this letter",
            "2020-02-24",
        );
    }

    #[test]
    fn deadline_by_the_end_of_a_month_and_year() {
        due(
            "Please reply by the end of March 2022.",
            None,
            "by the end of March 2022",
            "2022-03-31",
        );
    }

    #[test]
    fn deadline_in_the_next_sentence_about_timing() {
        due(
            "I would welcome an update on the review. A reply by 31 March 2016 would allow me to report.",
            day(2015, 12, 9),
            "by 31 March 2016",
            "2016-03-31",
        );
    }

    #[test]
    fn next_sentence_that_asks_keeps_its_own_deadline() {
        let got = requests_in(
            &["I would ask you to meet me. I should be grateful to receive that account within 28 days."],
            day(2020, 3, 27),
        );
        assert_eq!(
            got,
            vec![
                ("I would ask you to meet me".to_string(), None),
                (
                    "I should be grateful to receive that account within 28 days".to_string(),
                    Some("2020-04-24".to_string())
                ),
            ]
        );
    }

    #[test]
    fn bare_year_or_vague_time_is_no_deadline() {
        assert_eq!(
            deadline(
                "I would urge you to reach net zero by 2050, within a fixed period, before the review.",
                day(2021, 1, 1)
            ),
            None
        );
    }

    #[test]
    fn relative_deadline_without_letter_date_is_a_warning() {
        let ps = paras(&[
            "Intro.",
            "Please reply within 28 days of the date of this letter.",
        ]);
        let (reqs, diags) = find(&ps, None);
        assert_eq!(reqs.len(), 1);
        assert_eq!(reqs[0].deadline, None);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "deadline_unresolved");
        assert_eq!(
            diags[0].message,
            "the deadline 'within 28 days of the date of this letter' depends on the letter's date, which was not found"
        );
        // The second paragraph starts at byte 8 of the raw text.
        let span = diags[0].span.unwrap();
        assert_eq!((span.start, span.end), (8 + 13, 8 + 54));
    }

    #[test]
    fn spans_point_into_the_raw_text() {
        let raw = "Intro.\n\nWe met. Please reply by 30 November 2020.";
        let ps = paras(&["Intro.", "We met. Please reply by 30 November 2020."]);
        let (reqs, _) = find(&ps, None);
        let r = &reqs[0];
        assert_eq!(
            &raw[r.span.start..r.span.end],
            "Please reply by 30 November 2020"
        );
        let d = r.deadline.as_ref().unwrap();
        assert_eq!(&raw[d.span.start..d.span.end], "by 30 November 2020");
        assert_eq!(
            (d.iso.as_str(), d.precision),
            ("2020-11-30", Precision::Day)
        );
    }

    /// The crate's sentences, which [`sentences`] must reproduce.
    fn crate_sentences(text: &str) -> Vec<Range<usize>> {
        text.split_sentence_bound_indices()
            .map(|(i, s)| i..i + s.len())
            .collect()
    }

    #[test]
    fn fast_sentences_match_the_crate_on_every_known_character() {
        let mut known: Vec<char> = (0u8..128).map(char::from).collect();
        known.extend("\u{a0}éÉßÀÖØÞÿ\u{2018}\u{2019}\u{201c}\u{201d}«»‹›–—£©€•".chars());
        // Each known character between every context that matters.
        let contexts = [
            "Mr. X", "Mr. x", "a. X", "a.) X", "a.  x", "a? X", "a! x", "a.\n", "a.\r\nB", "1.5",
            "a.b", "A.B", "a. 'x", "a.' X", "(a.) x", "e.g. x", "a:", "a;",
        ];
        for &c in &known {
            assert!(sentence_cat(c).is_some(), "{c:?}");
            for ctx in contexts {
                for at in 0..=ctx.len() {
                    let mut t = ctx.to_string();
                    t.insert(at, c);
                    for t in [
                        t.clone(),
                        format!("{t} x"),
                        format!("{t} X. y"),
                        format!("{c}{c}{t}{c}{c}"),
                    ] {
                        assert_eq!(fast_sentences(&t), Some(crate_sentences(&t)), "{t:?}");
                    }
                }
            }
        }
        // Unknown characters go to the crate.
        assert_eq!(fast_sentences("a. \u{2026} b"), None);
        assert_eq!(
            sentences("a.\u{2029}B. c"),
            crate_sentences("a.\u{2029}B. c")
        );
    }

    #[test]
    fn prefilters_pass_every_match() {
        for t in [
            "Could you reply?",
            "can we ask",
            "Will you",
            "I'd welcome",
            "we URGE you",
            "We are inviting",
            "I am calling on",
            ", and in the meantime to send",
            ", and meanwhile, to send",
            "I look forward to hearing",
            "It would be helpful if you",
            "PLEASE",
            "I \u{17f}hould be grateful",
            "we as\u{212a} that",
        ] {
            assert!(TRIGGER.is_match(t), "{t}");
            assert!(trigger_may_match(t), "{t}");
        }
        for t in [
            "BY 3 May",
            "no later than 3 May",
            "on or before 3 May",
            "Before 1 June",
        ] {
            assert!(
                BY.is_match(t) && may_hold_deadlines(t, &mut Vec::new()).0,
                "{t}"
            );
        }
        for t in [
            "within a fortnight",
            "in the next 3 days",
            "in the coming 2 weeks",
        ] {
            assert!(
                WITHIN.is_match(t) && may_hold_deadlines(t, &mut Vec::new()).1,
                "{t}"
            );
        }
        assert!(!trigger_may_match("The Committee met in May."));
    }

    #[test]
    fn deadline_words_are_lower_case_and_none_starts_another() {
        let words: Vec<&str> = BY_WORDS.iter().chain(&WITHIN_WORDS).copied().collect();
        for a in &words {
            assert_eq!(*a, a.to_ascii_lowercase());
            for b in &words {
                assert!(a == b || !b.starts_with(a), "{a:?} starts {b:?}");
            }
        }
    }

    #[test]
    fn non_word_characters_are_no_word_characters() {
        let word = Regex::new(r"\w").unwrap();
        for c in NON_WORD {
            assert!(!word.is_match(&c.to_string()), "{c:?}");
        }
        assert!(ascii_bounds_agree("a \u{2019}b\u{2014} \u{a3}5"));
        assert!(!ascii_bounds_agree("caf\u{e9}"));
        assert!(!ascii_bounds_agree("\u{17f}"));
    }

    /// Every search of a pattern and its ASCII-bounded twin, on `t`.
    fn twin_searches(t: &str) -> Vec<String> {
        let pairs: [(&Regex, &Regex); 6] = [
            (&TRIGGER, &TRIGGER_ASCII),
            (&CLAUSE_END, &CLAUSE_END_ASCII),
            (&REPORTED, &REPORTED_ASCII),
            (&QUESTION, &QUESTION_ASCII),
            (&BY, &BY_ASCII),
            (&WITHIN, &WITHIN_ASCII),
        ];
        let mut out = Vec::new();
        for (u, a) in pairs {
            let caps = |r: &Regex| -> Vec<Vec<Option<(usize, usize)>>> {
                r.captures_iter(t)
                    .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                    .collect()
            };
            out.push(format!("{:?} | {:?}", caps(u), caps(a)));
        }
        let kinds = |set: &RegexSet| set.matches(t).into_iter().collect::<Vec<_>>();
        out.push(format!("{:?} | {:?}", kinds(&KINDS), kinds(&KINDS_ASCII)));
        out
    }

    #[test]
    fn ascii_twins_match_as_the_originals_where_bounds_agree() {
        for t in [
            "I would be grateful if you could reply by 3 May \u{2014} within 28 days.",
            "\u{201c}Please publish it\u{201d}, and I said that I would ask you; meanwhile",
            "Could you\u{2019}re, I request that\u{a0}you \u{2022} meet me",
        ] {
            assert!(ascii_bounds_agree(t));
            for pair in twin_searches(t) {
                let (u, a) = pair.split_once(" | ").unwrap();
                assert_eq!(u, a, "{t}");
            }
        }
    }

    /// The first kind pattern by regex, on text where ASCII bounds agree.
    fn kind_by_regex(t: &str) -> Option<usize> {
        KINDS_ASCII.matches(t).iter().next()
    }

    #[test]
    fn kinds_by_words_agree_with_the_regexes() {
        for t in [
            "",
            "I would ask",
            "we are\ngrateful",
            "I am, on reflection, grateful",
            "I\u{2019}d be grateful",
            "Please meet with\u{a0}us",
            "meet\twith, us",
            "will be\u{a0}published",
            "be published_",
            "confirmation please",
            "please let me  know",
            "let me, know",
            "hearing from\nyou",
            "carry out a review",
            "Carry\n\nOUT",
            "We call\non you",
            "I\ncall on you",
            "tell us; set out",
            "discussion_",
            "_meeting",
            "Sign \u{2014} here",
        ] {
            assert!(ascii_bounds_agree(t));
            assert_eq!(kind_by_words(t), kind_by_regex(t), "{t:?}");
            assert_eq!(kind_by_regex(t), KINDS.matches(t).iter().next(), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn kinds_by_words_agree_with_the_regexes_on_any_clause(
            t in r#"(I|i|we|We|WE|please|Please|publish|publishes|publishing|publication|website|be|are|is|published|meet|with|me|us|you|them|him|her|my|our|your|members|officials|officers|representatives|meeting|discuss|discussion|update|updates|progress|provide|share|tell|explain|set|out|information|detail|details|copy|data|account|supply|evidence|figures|timetable|respond|response|reply|replies|answer|hearing|from|let|know|confirm|confirmed|Confirmation|views|send|return|complete|ask|urge|invite|request|grateful|encourage|call|on|asking|urging|give|require|place|go|identify|carry|commission|make|ensure|review|consider|introduce|sign|x|_|1|[.,;:'’—•]|\u{a0}|\u{2019}| |  |\n|\t|\r|\x0b|\x0c){0,12}"#
        ) {
            proptest::prop_assert!(ascii_bounds_agree(&t));
            proptest::prop_assert_eq!(kind_by_words(&t), kind_by_regex(&t));
        }

        #[test]
        fn ascii_twins_agree_on_text_of_known_characters(
            t in r#"(I|we|you|and|would|could|ask|request|please|meet|said|that|publish|update|by|before|no later than|within|next|the end of|3|28|days|May|[a-z]{1,3}|[.,;?!]|\u{a0}|\u{2019}|\u{2014}|\u{201c}|\u{201d}|\u{2022}|\u{a3}| ){0,14}"#
        ) {
            proptest::prop_assert!(ascii_bounds_agree(&t));
            for pair in twin_searches(&t) {
                let (u, a) = pair.split_once(" | ").unwrap();
                proptest::prop_assert_eq!(u, a);
            }
        }

        #[test]
        fn folding_characters_are_found(t in r"(a|\u{17f}|\u{212a}|\u{2019}|\u{2014}|\u{c5}|\u{bf}){0,8}") {
            proptest::prop_assert_eq!(
                has_non_ascii_fold(&t),
                t.contains(['\u{17f}', '\u{212a}'])
            );
        }

        #[test]
        fn needles_are_found_in_any_ascii_case(
            t in r"([bByYeEfFoOrRlLaAtTwWiIhHnNxXcCmMgG]|\u{17f}| ){0,16}"
        ) {
            let lower = t.to_ascii_lowercase();
            let fold = has_non_ascii_fold(&t);
            let holds = |words: &[&str]| fold || words.iter().any(|w| lower.contains(w));
            proptest::prop_assert_eq!(
                may_hold_deadlines(&t, &mut Vec::new()),
                (holds(&BY_WORDS), holds(&WITHIN_WORDS))
            );
        }

        #[test]
        fn prefilters_never_drop_a_match(
            t in r#"(I|we|We|you|and|And|it|It|may|can|could|Could|will|would|should|must|'d|ask|request|urge|invite|inviting|call|on|forward|to|please|be|grateful|meantime|meanwhile|by|before|later|no|within|next|coming|the|end|of|3|days|\u{17f}|\u{212a}|é|’|—|,| ){0,12}"#
        ) {
            if TRIGGER.is_match(&t) {
                proptest::prop_assert!(trigger_may_match(&t));
            }
            proptest::prop_assert_eq!(
                may_ask(&t, ascii_bounds_agree(&t)),
                trigger_may_match(&t) || QUESTION.is_match(&t)
            );
            if BY.is_match(&t) {
                proptest::prop_assert!(may_hold_deadlines(&t, &mut Vec::new()).0);
            }
            if WITHIN.is_match(&t) {
                proptest::prop_assert!(may_hold_deadlines(&t, &mut Vec::new()).1);
            }
        }

        #[test]
        fn fast_sentences_match_the_crate(
            t in r#"([a-zA-Z0-9]{1,3}|[ .?!,;:"'()\[\]\n\r\t-]|\u{a0}|é|É|’|‘|“|”|–|—|£|Mr\.|e\.g\.){0,40}"#
        ) {
            proptest::prop_assert_eq!(fast_sentences(&t), Some(crate_sentences(&t)));
        }

        #[test]
        fn sentences_match_the_crate_on_any_text(t in "\\PC{0,30}") {
            proptest::prop_assert_eq!(sentences(&t), crate_sentences(&t));
        }

        #[test]
        fn spans_are_in_bounds_for_any_paragraphs(
            a in "(I would ask|[Pp]lease|, and I|by|within|28|working days|the end of|January|30 November|2020|:|;|\\.|\\?|é|—| |you|the)\\s{0,1}{0,30}",
            b in "(I would ask|[Pp]lease|by 3 May|within 2 weeks|é|;|\\.| |x){0,12}"
        ) {
            let ps = paras(&[&a, &b]);
            let raw = format!("{a}\n\n{b}");
            let (reqs, diags) = find(&ps, day(2020, 12, 1));
            for r in &reqs {
                proptest::prop_assert!(raw.get(r.span.start..r.span.end).is_some());
                if let Some(d) = &r.deadline {
                    proptest::prop_assert!(raw.get(d.span.start..d.span.end).is_some());
                }
            }
            let (_, diags2) = find(&ps, None);
            proptest::prop_assert!(diags.is_empty());
            for d in diags2 {
                let sp = d.span.unwrap();
                proptest::prop_assert!(raw.get(sp.start..sp.end).is_some());
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "",
            ":",
            "Please",
            "please:",
            "I would ask",
            "by",
            "within",
            "within 999 working days",
            "Please reply by 31 February.",
            "Please reply by the end of",
            "é, please é; I would ask é",
            "I would be grateful:",
            "“If so, please reply.”",
        ];
        for s in odd {
            let _ = find(&paras(&[s, s]), day(2020, 1, 1));
            let _ = find(&paras(&[s]), None);
        }
        assert_eq!(
            texts("Please reply by 31 February."),
            ["Please reply by 31 February"]
        );
    }
}

#[cfg(test)]
mod pathological {
    use super::*;

    #[test]
    fn long_sentence_of_phrases_and_deadlines_stays_fast() {
        let text = "please, I would ask by 30 November within 3 days; ".repeat(10_000)
            + &"13 October 2020 ".repeat(10_000);
        let started = std::time::Instant::now();
        let mut m = MappedText::new();
        m.push(&text, 0, text.len(), true);
        let (reqs, _) = find(&[m.clone()], Date::new(2020, 1, 1).ok());
        assert_eq!(reqs.len(), 20_000);
        let (_, diags) = find(&[m], None);
        // One deadline per clause: the first, "by 30 November", unresolved.
        assert_eq!(diags.len(), 10_000);
        assert_eq!(crate::date::find_all(&text).len(), 10_000);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}
