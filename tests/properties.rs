//! Invariants by property test: whatever the input, `parse` and
//! `parse_bytes` never panic, every span is in bounds and on character
//! boundaries, every value's words are found at its span, the output is
//! deterministic and survives the JSON round trip.
//!
//! Inputs: arbitrary strings and bytes, mutated letters (fixtures, else the
//! shared corpus, plus one built-in letter), and named hostile inputs. The
//! checks themselves live in `tests/common/invariants.rs`.

mod common;

use common::invariants::{self, words_found, Input};
use common::{assert_invariants, assert_parses_soundly, assert_round_trips, fixture_letters};
use letterscope::{Citation, Footnote, Letter, Paragraph, Span, Text};
use proptest::prelude::*;

/// Sizes of the hostile inputs are for release builds; debug builds use a
/// tenth so each test stays within a few seconds.
const SCALE: usize = if cfg!(debug_assertions) { 10 } else { 1 };

/// A letter that is always available, so the mutation tests have something
/// to mutate even in a checkout without fixtures or corpus.
const SAMPLE: &str = "Office of the Commissioner\n\
5th Floor, Globe House\n\
89 Eccleston Square\n\
London SW1V 1PN\n\
\n\
Tel: 020 3513 0477\n\
Email: office@example.gov.uk\n\
\n\
13 October 2020\n\
\n\
Our ref: KY/2020/14\n\
\n\
Dame Sara Thornton DBE QPM\n\
Chief Constable\n\
Police Headquarters\n\
Leicester LE19 2BX\n\
\n\
Dear Dame Sara,\n\
\n\
Re: Annual Report and Strategic Plan\n\
\n\
I am writing about my <u>Annual Report</u> and the announcement\u{b9} in late\n\
2019 regarding the signiﬁcant invest-\nment in eighteen areas across England.\n\
\n\
1. Please provide an update on your work by 30 November 2020.\n\
2. I would welcome a meeting with your oﬃce.\n\
\n\
Yours sincerely,\n\
\n\
Sara Thornton\n\
Independent Commissioner\n\
\n\
\u{b9} Home Office, Violence Reduction Units announcement, 2019.\n";

fn letters() -> Vec<String> {
    let mut v: Vec<String> = fixture_letters().into_iter().map(|(_, s)| s).collect();
    v.push(SAMPLE.to_string());
    v
}

// ---------------------------------------------------------------------------
// Arbitrary input

/// Characters a letter from PDF extraction or OCR is made of, plus the
/// artefacts the normaliser must handle.
fn letterish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Dear ",
        "Sir",
        "Yours sincerely",
        "Re: ",
        "Our ref: ",
        "13 October 2020",
        "SW1V 1PN",
        "+44 (0) 20 3513 0477",
        "a@b.gov.uk",
        "Report",
        "\n",
        "\n\n",
        " ",
        "-\n",
        ",",
        ".",
        "¹",
        "²³",
        "^1",
        "[^2]",
        "[^2]: ",
        "[footnote 3]",
        "<u>",
        "</u>",
        "<sup>4</sup>",
        "**",
        "__",
        "# ",
        "[",
        "](",
        ")",
        "](https://x.org)",
        "ﬁ",
        "ﬄ",
        "\u{a0}",
        "\u{ad}",
        "\u{200b}",
        "\u{301}",
        "\r\n",
        "\u{c}",
        "\u{2028}",
        "\u{fffd}",
        "😀",
        "\\\n",
        "\t",
        "1.",
        "(a)",
        "•",
        "Dr",
        "Ltd",
    ]);
    let noise = prop::collection::vec(any::<char>(), 0..8).prop_map(String::from_iter);
    prop::collection::vec(
        prop_oneof![3 => pieces.prop_map(str::to_string), 1 => noise],
        0..120,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string_parses_soundly(s in any::<String>()) {
        assert_parses_soundly(&s);
    }

    #[test]
    fn letterish_string_parses_soundly(s in letterish()) {
        assert_parses_soundly(&s);
    }

    #[test]
    fn any_bytes_parse_soundly(b in prop::collection::vec(any::<u8>(), 0..600)) {
        let a = letterscope::parse_bytes(&b);
        assert_invariants(&a, Input::Bytes(&b));
        prop_assert!(a == letterscope::parse_bytes(&b), "parse_bytes is not deterministic");
        assert_round_trips(&a);
    }

    #[test]
    fn letterish_bytes_with_bad_utf8_parse_soundly(
        s in letterish(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 0..6),
    ) {
        let mut b = s.into_bytes();
        for (at, byte) in cuts {
            let i = at.index(b.len() + 1);
            b.insert(i, byte);
        }
        let a = letterscope::parse_bytes(&b);
        assert_invariants(&a, Input::Bytes(&b));
        assert_round_trips(&a);
    }
}

// ---------------------------------------------------------------------------
// Mutated letters

/// What can happen to a letter between the printer and us.
#[derive(Debug, Clone)]
enum Mutation {
    DropLine(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
    JoinLines(prop::sample::Index),
    CollapseWhitespace,
    SwapChars(prop::sample::Index),
    Insert(prop::sample::Index, &'static str),
}

/// Unicode that PDF extraction and OCR scatter through text.
const INSERTS: &[&str] = &[
    "¹",
    "²",
    "³",
    "¹²",
    "ﬁ",
    "ﬂ",
    "ﬃ",
    "\u{a0}",
    "\u{202f}",
    "\u{301}",
    "\u{308}",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "\u{fffd}",
    "\u{200b}",
    "\u{ad}",
    "\u{feff}",
    "<u>",
    "</u>",
    "^1",
    "[^2]",
    "\r\n",
    "\u{c}",
    "-\n",
    "\n\n",
    "Ａ",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let idx = any::<prop::sample::Index>;
    prop_oneof![
        idx().prop_map(Mutation::DropLine),
        idx().prop_map(Mutation::DuplicateLine),
        idx().prop_map(Mutation::JoinLines),
        Just(Mutation::CollapseWhitespace),
        idx().prop_map(Mutation::SwapChars),
        (idx(), prop::sample::select(INSERTS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match m {
        Mutation::DropLine(i) if !lines.is_empty() => {
            lines.remove(i.index(lines.len()));
            lines.concat()
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let k = i.index(lines.len());
            lines.insert(k, lines[k]);
            lines.concat()
        }
        Mutation::JoinLines(i) if lines.len() > 1 => {
            let k = i.index(lines.len() - 1);
            let mut out = String::with_capacity(text.len());
            for (j, l) in lines.iter().enumerate() {
                if j == k {
                    out.push_str(l.trim_end_matches(['\n', '\r']));
                    out.push(' ');
                } else {
                    out.push_str(l);
                }
            }
            out
        }
        Mutation::CollapseWhitespace => text.split_whitespace().collect::<Vec<_>>().join(" "),
        Mutation::SwapChars(i) => {
            let mut chars: Vec<char> = text.chars().collect();
            if chars.len() > 1 {
                let k = i.index(chars.len() - 1);
                chars.swap(k, k + 1);
            }
            chars.into_iter().collect()
        }
        Mutation::Insert(i, s) => {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            let at = bounds[i.index(bounds.len())];
            let mut out = String::with_capacity(text.len() + s.len());
            out.push_str(&text[..at]);
            out.push_str(s);
            out.push_str(&text[at..]);
            out
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutated_letters_parse_soundly(
        which in any::<prop::sample::Index>(),
        muts in prop::collection::vec(mutation(), 1..12),
    ) {
        let all = letters();
        let mut text = all[which.index(all.len())].clone();
        for m in &muts {
            text = apply(&text, m);
        }
        assert_parses_soundly(&text);
    }
}

#[test]
fn every_letter_unmutated_parses_soundly() {
    for (path, text) in fixture_letters() {
        let l = letterscope::parse(&text);
        if let Err(e) = invariants::check(&l, Input::Str(&text)) {
            panic!("{}:\n{e}", path.display());
        }
    }
    assert_parses_soundly(SAMPLE);
}

// ---------------------------------------------------------------------------
// Hostile inputs: invariants only, never timings.

/// A deterministic byte stream (xorshift64*), so failures reproduce.
fn seeded_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(n);
    out
}

/// `unit` repeated until the result has at least `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len().max(1)))
}

fn one_line_letter() -> String {
    let base = letters()
        .into_iter()
        .next()
        .unwrap_or_else(|| SAMPLE.to_string());
    base.replace(['\n', '\r'], " ")
}

#[test]
fn empty_input() {
    assert_parses_soundly("");
    let l = letterscope::parse("");
    assert_eq!(l.source.bytes, 0);
    assert!(l.body.is_empty());
}

#[test]
fn whitespace_only() {
    let s = " \t\n\r\n\u{a0}\u{2003}\u{3000} \u{c}\n".repeat(1000);
    assert_parses_soundly(&s);
    let l = letterscope::parse(&s);
    assert!(
        l.body.is_empty(),
        "whitespace has no paragraphs: {:?}",
        l.body
    );
    assert!(l.salutation.is_none() && l.date.is_none() && l.sender.is_none());
}

#[test]
fn two_megabyte_letter_on_one_line() {
    let unit = format!("{} ", one_line_letter());
    assert_parses_soundly(&repeat_to(&unit, 2_000_000 / SCALE));
}

#[test]
fn two_hundred_thousand_empty_lines() {
    assert_parses_soundly(&"\n".repeat(200_000 / SCALE));
    assert_parses_soundly(&"\r\n".repeat(200_000 / SCALE));
}

#[test]
fn a_hundred_thousand_superscript_footnote_markers() {
    assert_parses_soundly(&"word¹ ".repeat(100_000 / SCALE));
}

#[test]
fn a_hundred_thousand_caret_footnote_markers() {
    assert_parses_soundly(&"^1".repeat(100_000 / SCALE));
    assert_parses_soundly(&"[^1]: note\n".repeat(100_000 / SCALE));
}

#[test]
fn one_megabyte_of_random_bytes() {
    let b = seeded_bytes(1_000_000 / SCALE, 0x5EED_1E77_E25C_09E0);
    let l = letterscope::parse_bytes(&b);
    assert_invariants(&l, Input::Bytes(&b));
    assert_round_trips(&l);
}

#[test]
fn deeply_nested_brackets() {
    let n = 100_000 / SCALE;
    for (open, close) in [
        ("[", "]"),
        ("(", ")"),
        ("<", ">"),
        ("[^", "]"),
        ("![", "](x)"),
    ] {
        let s = format!("{}text{}", open.repeat(n), close.repeat(n));
        assert_parses_soundly(&s);
    }
    assert_parses_soundly(&"[a](".repeat(n));
}

#[test]
fn a_megabyte_line_of_dear() {
    assert_parses_soundly(&repeat_to("Dear ", 1_000_000 / SCALE));
}

#[test]
fn fifty_thousand_unclosed_underlines() {
    assert_parses_soundly(&"<u>".repeat(50_000 / SCALE));
    assert_parses_soundly(&"<u>word ".repeat(50_000 / SCALE));
}

// ---------------------------------------------------------------------------
// The invariant checker itself: it must pass sound records and catch lies.

#[test]
fn helper_words_found_allows_cleaning() {
    let ok = [
        ("organisation", "organi-\nsation"),
        ("the office", "the ofﬁce"),
        ("Annual Report", "<u>Annual Report</u>"),
        ("announcement in", "announcement¹ in"),
        ("announcement in", "announcement[^1] in"),
        ("Strategic Plan", "[Strategic Plan](https://x.org/p)"),
        ("ABCD Report", "ＡＢＣＤ Report"),
        ("Résumé attached", "Re\u{301}sume\u{301} attached"),
        ("Dear Lord Bach", "Dear  Lord\u{a0}Bach,"),
    ];
    for (text, raw) in ok {
        assert_eq!(words_found(text, raw), Ok(()), "{text:?} at {raw:?}");
    }
    assert_eq!(
        words_found("Annual Report", "Strategic Plan"),
        Err("Annual".into())
    );
}

fn letter_with_subject(text: &str, span: Span, len: usize) -> Letter {
    let mut l = Letter::empty(len);
    l.subject = Some(Text {
        text: text.into(),
        span,
    });
    l
}

#[test]
fn helper_catches_lying_spans() {
    let input = "Re: ﬁnancial plan\n";
    let good = letter_with_subject("financial plan", Span::new(4, 19), input.len());
    assert_eq!(invariants::check(&good, Input::Str(input)), Ok(()));
    let cases = [
        (Span::new(4, 99), "ends past the input"),
        (Span::new(5, 19), "not on character boundaries"),
        (Span::new(9, 4), "starts after it ends"),
        (Span::new(0, 3), "not found at span"),
        (Span::new(4, 4), "empty span"),
    ];
    for (span, want) in cases {
        let l = letter_with_subject("financial plan", span, input.len());
        let err = invariants::check(&l, Input::Str(input)).expect_err(want);
        assert!(err.contains(want), "{span:?}: expected {want:?}, got {err}");
    }
}

#[test]
fn helper_byte_boundaries_follow_lossy_decoding() {
    // "a", a truncated 3-byte sequence (one U+FFFD), "é".
    let input: &[u8] = b"a\xe2\x82\xc3\xa9";
    let ok = letter_with_subject("\u{fffd}", Span::new(1, 3), input.len());
    assert_eq!(invariants::check(&ok, Input::Bytes(input)), Ok(()));
    let bad = letter_with_subject("\u{fffd}", Span::new(2, 3), input.len());
    assert!(invariants::check(&bad, Input::Bytes(input)).is_err());
    let bad = letter_with_subject("é", Span::new(3, 4), input.len());
    assert!(invariants::check(&bad, Input::Bytes(input)).is_err());
}

#[test]
fn helper_catches_bad_cross_references() {
    let input = "I read the report\u{b9}.\n\u{b9} Annual Report.\n";
    let mut l = Letter::empty(input.len());
    l.body.push(Paragraph {
        text: "I read the report.".into(),
        span: Span::new(0, 20),
        label: None,
        footnote_refs: vec![1],
    });
    l.footnotes.push(Footnote {
        number: 1,
        text: "Annual Report.".into(),
        span: Span::new(21, 38),
        cited_from: vec![Citation {
            paragraph: 0,
            span: Span::new(17, 19),
        }],
        document: None,
    });
    assert_eq!(invariants::check(&l, Input::Str(input)), Ok(()));
    let mut wrong = l.clone();
    wrong.footnotes[0].cited_from[0].paragraph = 3;
    assert!(invariants::check(&wrong, Input::Str(input)).is_err());
    let mut wrong = l.clone();
    wrong.footnotes[0].number = 2;
    let err = invariants::check(&wrong, Input::Str(input)).unwrap_err();
    assert!(err.contains("does not hold the number 2"), "{err}");
    let mut wrong = l;
    wrong.footnotes[0].document = Some(0);
    assert!(invariants::check(&wrong, Input::Str(input)).is_err());
}
