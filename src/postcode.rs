//! UK postcodes: found in running text, checked against the postcode grammar
//! and the list of postcode areas, normalised to "SW1V 1PN".
//!
//! A postcode is an outward code (area letters, then a district: `A9`, `A99`,
//! `AA9`, `AA99`, `A9A`, `AA9A`) and an inward code (`9AA`), or the special
//! `GIR 0AA`. The text is OCR output, so a few slips are mended where the
//! grammar leaves no doubt: `l`/`I` read for `1` and `O`/`o` for `0` in a
//! digit position, `0` for `O` and `1` for `I` in a letter position. A mended
//! postcode is flagged `repaired`.
//!
//! What keeps ordinary words out: letters must be printed upper case; the
//! area must be a real postcode area; the inward code must have its shape;
//! and a mended postcode needs a real digit (or an unmistakable lower-case
//! `l`/`o` inside upper-case letters) in a digit position of its outward
//! code, so all-caps words such as "SO OLD" are not read as "S0 0LD".

use std::ops::Range;
use std::sync::LazyLock;

/// A postcode found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PostcodeMatch {
    /// Byte range of the postcode as printed (both codes and the space between).
    pub range: Range<usize>,
    /// The postcode normalised: upper case, one space ("SW1V 1PN").
    pub postcode: String,
    /// Whether an OCR slip was mended to read it.
    pub repaired: bool,
}

/// The postcode areas, from the lexicon file.
static AREAS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut areas: Vec<&str> = include_str!("lexicon/postcode_areas.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    areas.sort_unstable();
    areas
});

/// Where an area of one or two capital letters stands in [`AREA_SET`].
fn area_index(area: &[u8]) -> Option<usize> {
    let letter = |c: &u8| c.is_ascii_uppercase().then(|| usize::from(c - b'A'));
    match area {
        [a] => Some(27 * letter(a)?),
        [a, b] => Some(27 * letter(a)? + 1 + letter(b)?),
        _ => None,
    }
}

/// [`AREAS`] as a bit set, indexed by [`area_index`]: a look-up is a bit test.
static AREA_SET: LazyLock<[u64; 11]> = LazyLock::new(|| {
    let mut set = [0u64; 11];
    for a in AREAS.iter() {
        if let Some(k) = area_index(a.as_bytes()) {
            set[k / 64] |= 1 << (k % 64);
        }
    }
    set
});

fn is_area(area: &str) -> bool {
    area_index(area.as_bytes()).is_some_and(|k| AREA_SET[k / 64] >> (k % 64) & 1 != 0)
}

/// Areas whose districts may end in a letter (`A9A`): E1W, N1C, N1P, W1A-W1W.
const AREAS_A9A: [&str; 3] = ["E", "N", "W"];
/// Areas whose districts may end in a letter (`AA9A`): EC1A, NW1W, SE1P, SW1A, WC1A...
const AREAS_AA9A: [&str; 5] = ["EC", "NW", "SE", "SW", "WC"];

/// One position of the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// First letter of the area: not Q, V, X.
    Area1,
    /// Second letter of the area: not I, J, Z.
    Area2,
    /// A digit.
    Digit,
    /// Third-position letter of `A9A`.
    Letter3,
    /// Fourth-position letter of `AA9A`.
    Letter4,
    /// Letter of the inward code: not C, I, K, M, O, V.
    Inward,
}

use Slot::*;

/// Outward shapes by length.
const SHAPES: [&[Slot]; 6] = [
    &[Area1, Digit],
    &[Area1, Digit, Digit],
    &[Area1, Area2, Digit],
    &[Area1, Digit, Letter3],
    &[Area1, Area2, Digit, Digit],
    &[Area1, Area2, Digit, Letter4],
];
const INWARD: [Slot; 3] = [Digit, Inward, Inward];

/// How a printed byte was read in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// As printed.
    Exact,
    /// Mended from an upper-case letter or a digit that looks alike.
    Mended,
    /// Mended from a lower-case `l` or `o`: in upper-case text, a sure sign
    /// of an OCR slip for a digit.
    MendedLower,
}

/// Capital letters as a bit set (bit 0 for `A`).
const fn letter_set(letters: &[u8]) -> u32 {
    let mut set = 0;
    let mut k = 0;
    while k < letters.len() {
        set |= 1 << (letters[k] - b'A');
        k += 1;
    }
    set
}

/// Reads printed byte `b` in `slot`, or `None` if it cannot stand there.
fn read(slot: Slot, b: u8) -> Option<(u8, Read)> {
    // The capital letters that can stand in the slot, as a bit set.
    let letters: u32 = match slot {
        Area1 => letter_set(b"ABCDEFGHIJKLMNOPRSTUWYZ"),
        Area2 => letter_set(b"ABCDEFGHKLMNOPQRSTUVWXY"),
        Letter3 => letter_set(b"ABCDEFGHJKPSTUW"),
        Letter4 => letter_set(b"ABEHMNPRVWXY"),
        Inward => letter_set(b"ABDEFGHJLNPQRSTUWXYZ"),
        Digit => {
            return match b {
                b'0'..=b'9' => Some((b, Read::Exact)),
                b'I' => Some((b'1', Read::Mended)),
                b'O' => Some((b'0', Read::Mended)),
                b'l' => Some((b'1', Read::MendedLower)),
                b'o' => Some((b'0', Read::MendedLower)),
                _ => None,
            }
        }
    };
    let holds = |c: u8| c.is_ascii_uppercase() && letters >> (c - b'A') & 1 != 0;
    if holds(b) {
        return Some((b, Read::Exact));
    }
    // A digit where only a letter can stand. Only the area letters can be
    // O or I, and an area is checked against the lexicon afterwards.
    let mended = match b {
        b'0' => b'O',
        b'1' => b'I',
        _ => return None,
    };
    matches!(slot, Area1 | Area2)
        .then_some(())
        .filter(|()| holds(mended))
        .map(|()| (mended, Read::Mended))
}

/// The normalised bytes of a code (at most four), kept on the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Code {
    buf: [u8; 4],
    len: usize,
}

impl std::ops::Deref for Code {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Reads `printed` against `slots`: the normalised bytes, how many were
/// mended, and whether a digit slot held a real digit or a lower-case slip.
fn read_slots(slots: &[Slot], printed: &[u8]) -> Option<(Code, usize, bool)> {
    if slots.len() != printed.len() || printed.len() > 4 {
        return None;
    }
    let mut out = Code {
        buf: [0; 4],
        len: printed.len(),
    };
    let mut mended = 0;
    let mut digit_evidence = false;
    for (k, (&slot, &b)) in slots.iter().zip(printed).enumerate() {
        let (c, how) = read(slot, b)?;
        if how != Read::Exact {
            mended += 1;
        }
        if slot == Digit && how != Read::Mended {
            digit_evidence = true;
        }
        out.buf[k] = c;
    }
    Some((out, mended, digit_evidence))
}

/// The area letters of a normalised outward code.
fn area_of(outward: &[u8]) -> &[u8] {
    let n = outward
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    &outward[..n.min(2)]
}

/// Reads an outward and an inward code as printed (ASCII, no spaces).
fn parse_parts(outward: &str, inward: &str) -> Option<(String, bool)> {
    let (outward, inward) = (outward.as_bytes(), inward.as_bytes());
    if outward.len() == 3 && inward.len() == 3 {
        if let Some((inw, mended, _)) = read_slots(&INWARD, inward) {
            if outward == b"GIR" && *inw == *b"0AA" {
                return Some(("GIR 0AA".to_string(), mended > 0));
            }
        }
    }
    let (inw, inward_mended, _) = read_slots(&INWARD, inward)?;
    // Every reading of the outward code the grammar allows, fewest mends first.
    let mut best: Option<(Code, usize)> = None;
    let mut tied = false;
    for shape in SHAPES.iter().filter(|s| s.len() == outward.len()) {
        let Some((out, mended, evidence)) = read_slots(shape, outward) else {
            continue;
        };
        if !evidence {
            continue;
        }
        let area = std::str::from_utf8(area_of(&out)).ok()?;
        let area_ok = match shape.last() {
            Some(Letter3) => AREAS_A9A.contains(&area),
            Some(Letter4) => AREAS_AA9A.contains(&area),
            _ => is_area(area),
        };
        if !area_ok {
            continue;
        }
        match &best {
            Some((b, m)) if *m == mended => tied |= *b != out,
            Some((_, m)) if *m < mended => {}
            _ => {
                best = Some((out, mended));
                tied = false;
            }
        }
    }
    let (out, outward_mended) = best?;
    // Two different mended readings: the slip is not certain.
    if tied && outward_mended > 0 {
        return None;
    }
    let mut s = String::with_capacity(8);
    s.extend(out.iter().map(|&b| char::from(b)));
    s.push(' ');
    s.extend(inw.iter().map(|&b| char::from(b)));
    Some((s, outward_mended + inward_mended > 0))
}

/// Parses a string that is one postcode (surrounding whitespace ignored):
/// the normalised postcode and whether an OCR slip was mended.
pub(crate) fn parse(s: &str) -> Option<(String, bool)> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    let mut parts = s.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(out), Some(inw), None) => parse_parts(out, inw),
        (Some(whole), None, None) if (5..=7).contains(&whole.len()) => {
            // Checked ASCII above, so any byte index is a char boundary.
            let (out, inw) = whole.split_at(whole.len() - 3);
            parse_parts(out, inw)
        }
        _ => None,
    }
}

/// Characters that, next to a postcode, show it is part of a longer token
/// (a reference "KY/MH/0919", an address "x@y", an identifier "a_b", "A1-B2").
fn joins_token(c: Option<char>) -> bool {
    matches!(
        c,
        Some('/' | '\\' | '@' | '_' | '-' | '#' | '&' | '+' | '=')
    )
}

/// What a byte can be in an inward code: bit [`IN_DIGIT`] when [`read`]
/// takes it in a digit slot, bit [`IN_LETTER`] when in an inward letter slot.
const INWARD_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let digits = b"0123456789IOlo";
    let mut k = 0;
    while k < digits.len() {
        t[digits[k] as usize] |= IN_DIGIT;
        k += 1;
    }
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    let mut k = 0;
    while k < letters.len() {
        t[letters[k] as usize] |= IN_LETTER;
        k += 1;
    }
    t
};
const IN_DIGIT: u8 = 1;
const IN_LETTER: u8 = 2;

/// Whether byte `i` of `text` (at a char boundary, or the end) follows an
/// alphanumeric character.
fn alnum_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Whether byte `i` of `text` (at a char boundary, or the end) starts an
/// alphanumeric character.
fn alnum_at(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphanumeric)
}

/// The start of the word (maximal run of alphanumeric characters) that ends
/// at `end`, or `None` when the word is not all ASCII.
fn ascii_word_start(text: &str, end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut s = end;
    while s > 0 && b[s - 1].is_ascii_alphanumeric() {
        s -= 1;
    }
    // A character that is not ASCII may still be alphanumeric.
    (s == 0 || b[s - 1].is_ascii() || !alnum_before(text, s)).then_some(s)
}

/// Whether a byte next to a postcode shows it is part of a longer token
/// ([`joins_token`]; no byte of a character that is not ASCII does).
fn joins_byte(b: Option<&u8>) -> bool {
    b.is_some_and(|&b| joins_token(Some(char::from(b))))
}

/// Finds every postcode in `text`, in order, without overlaps.
///
/// The text is read as words, maximal runs of alphanumeric characters; a
/// postcode is an ASCII word of five to seven characters (unspaced,
/// "SW1V1PN"), or one of two to four followed by one or two spaces and a
/// word of three (spaced, "SW1V 1PN"); a word taken as an inward code is
/// not read again as an outward one. Every postcode ends in an inward code
/// (a digit or a letter read as one, then two inward-code letters) that
/// ends a word, so those are looked for first and the words read back from
/// them.
pub(crate) fn find_all(text: &str) -> Vec<PostcodeMatch> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    // Where the last postcode found ends: a word before it is taken.
    let mut taken = 0;
    let mut i = 2;
    while i < b.len() {
        // Inward-code letters are upper case, which most bytes are not;
        // an inward code ending at `i`, `i + 1` or `i + 2` needs byte `i`
        // as a letter, a letter, or a digit.
        match INWARD_BYTES[usize::from(b[i])] {
            0 => {
                i += 3;
                continue;
            }
            IN_DIGIT => {
                i += 2;
                continue;
            }
            _ => {}
        }
        let e = i + 1;
        i += 1;
        if INWARD_BYTES[usize::from(b[e - 2])] & IN_LETTER == 0
            || INWARD_BYTES[usize::from(b[e - 3])] & IN_DIGIT == 0
            || alnum_at(text, e)
        {
            continue;
        }
        let Some(s) = ascii_word_start(text, e - 3) else {
            continue;
        };
        if joins_byte(b.get(e)) {
            continue;
        }
        let (start, outward) = match e - s {
            // Spaced: the word before, one or two spaces away.
            3 => {
                let mut g = s;
                for _ in 0..2 {
                    if g > 0 && b[g - 1] == b' ' {
                        g -= 1;
                    }
                }
                if g == s || g == 0 || !alnum_before(text, g) {
                    continue;
                }
                let Some(ps) = ascii_word_start(text, g) else {
                    continue;
                };
                if ps < taken || !(2..=4).contains(&(g - ps)) {
                    continue;
                }
                (ps, &text[ps..g])
            }
            // Unspaced. ASCII, so any index is a char boundary.
            5..=7 => (s, &text[s..e - 3]),
            _ => continue,
        };
        if start > 0 && joins_byte(b.get(start - 1)) {
            continue;
        }
        if let Some((postcode, repaired)) = parse_parts(outward, &text[e - 3..e]) {
            found.push(PostcodeMatch {
                range: start..e,
                postcode,
                repaired,
            });
            taken = e;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`find_all`] as it was first written: the words of the text, then
    /// each word tried as an outward code (kept to check the faster one).
    fn find_all_by_words(text: &str) -> Vec<PostcodeMatch> {
        // Words: maximal runs of alphanumeric characters, as byte ranges.
        let mut words: Vec<Range<usize>> = Vec::with_capacity(text.len() / 4 + 1);
        let mut start = None;
        let mut step = |i: usize, alnum: bool| match (alnum, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        };
        if text.is_ascii() {
            // Bytes will do: an ASCII character is alphanumeric as a byte.
            for (i, &b) in text.as_bytes().iter().enumerate() {
                step(i, b.is_ascii_alphanumeric());
            }
        } else {
            for (i, c) in text.char_indices() {
                step(i, c.is_alphanumeric());
            }
        }
        if let Some(s) = start {
            words.push(s..text.len());
        }

        let before = |i: usize| text[..i].chars().next_back();
        let after = |i: usize| text[i..].chars().next();
        let mut found = Vec::new();
        let mut k = 0;
        while k < words.len() {
            let w = words[k].clone();
            let word = &text[w.clone()];
            k += 1;
            if !word.is_ascii() || joins_token(before(w.start)) {
                continue;
            }
            // Spaced: "SW1V 1PN", "SW1V  1PN".
            if (2..=4).contains(&word.len()) {
                let Some(next) = words.get(k).cloned() else {
                    continue;
                };
                let gap = &text[w.end..next.start];
                let inward = &text[next.clone()];
                if !(1..=2).contains(&gap.len()) || gap.bytes().any(|b| b != b' ') {
                    continue;
                }
                if inward.len() != 3 || !inward.is_ascii() || joins_token(after(next.end)) {
                    continue;
                }
                if let Some((postcode, repaired)) = parse_parts(word, inward) {
                    found.push(PostcodeMatch {
                        range: w.start..next.end,
                        postcode,
                        repaired,
                    });
                    k += 1;
                }
            } else if (5..=7).contains(&word.len()) && !joins_token(after(w.end)) {
                // Unspaced: "SW1V1PN". ASCII, so any index is a char boundary.
                let (out, inw) = word.split_at(word.len() - 3);
                if let Some((postcode, repaired)) = parse_parts(out, inw) {
                    found.push(PostcodeMatch {
                        range: w,
                        postcode,
                        repaired,
                    });
                }
            }
        }
        found
    }

    /// The postcodes found in `text`, as (printed text, normalised, repaired).
    #[track_caller]
    fn found(text: &str) -> Vec<(&str, String, bool)> {
        find_all(text)
            .into_iter()
            .map(|m| (&text[m.range], m.postcode, m.repaired))
            .collect()
    }

    #[track_caller]
    fn one(text: &str, printed: &str, postcode: &str, repaired: bool) {
        assert_eq!(
            found(text),
            vec![(printed, postcode.to_string(), repaired)],
            "in {text:?}"
        );
    }

    #[track_caller]
    fn none(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    #[test]
    fn area_lexicon_is_sorted_and_complete() {
        assert_eq!(AREAS.len(), 126);
        for area in [
            "AB", "B", "BT", "E", "EC", "GY", "IM", "JE", "WC", "ZE", "BX",
        ] {
            assert!(is_area(area), "{area}");
        }
        for area in ["Q", "XX", "HC", "KY1", "AA", "", "b", "Bt"] {
            assert!(!is_area(area), "{area}");
        }
        // The bit set holds what the list does.
        for a in b'A'..=b'Z' {
            for b in std::iter::once(None).chain((b'A'..=b'Z').map(Some)) {
                let area: String = std::iter::once(a).chain(b).map(char::from).collect();
                assert_eq!(is_area(&area), AREAS.binary_search(&area.as_str()).is_ok());
            }
        }
    }

    #[test]
    fn each_outward_shape_is_found() {
        one("Manchester M1 1AE.", "M1 1AE", "M1 1AE", false); // A9
        one("Liverpool L18 9TG", "L18 9TG", "L18 9TG", false); // A99
        one("Birmingham B4 6NQ Tel", "B4 6NQ", "B4 6NQ", false); // A9
        one("Belfast BT4 3SH", "BT4 3SH", "BT4 3SH", false); // AA9
        one("Cardiff CF10 5FL", "CF10 5FL", "CF10 5FL", false); // AA99
        one("London W1A 1AA", "W1A 1AA", "W1A 1AA", false); // A9A
        one("London SW1V 1PN", "SW1V 1PN", "SW1V 1PN", false); // AA9A
        one("London EC1A 1BB", "EC1A 1BB", "EC1A 1BB", false); // AA9A
    }

    #[test]
    fn girobank_postcode_is_found() {
        one("Bootle GIR 0AA", "GIR 0AA", "GIR 0AA", false);
    }

    #[test]
    fn postcode_mid_line_is_found_without_neighbours() {
        one(
            "Leicester LE19 2BX Tel: 0116 229 8980",
            "LE19 2BX",
            "LE19 2BX",
            false,
        );
        assert_eq!(
            found("Square London, SW1V 1PN 13 October 2020 Wilmslow SK9 5AF T. 0303"),
            vec![
                ("SW1V 1PN", "SW1V 1PN".to_string(), false),
                ("SK9 5AF", "SK9 5AF".to_string(), false),
            ]
        );
    }

    #[test]
    fn missing_or_doubled_space_is_accepted() {
        one("London SW1V1PN", "SW1V1PN", "SW1V 1PN", false);
        one("London SW1V  1PN", "SW1V  1PN", "SW1V 1PN", false);
        one("(L189TG)", "L189TG", "L18 9TG", false);
        none("London SW1V   1PN");
    }

    #[test]
    fn lower_case_l_in_digit_position_is_repaired() {
        one("Marsham Street SWlP 4DF", "SWlP 4DF", "SW1P 4DF", true);
    }

    #[test]
    fn letter_o_in_digit_positions_is_repaired() {
        one("London SWlA OAA", "SWlA OAA", "SW1A 0AA", true);
        one("London SW1A OAA", "SW1A OAA", "SW1A 0AA", true);
        one("Leeds LSl 4AB", "LSl 4AB", "LS1 4AB", true);
        one("Bristol BSo 1AB", "BSo 1AB", "BS0 1AB", true);
    }

    #[test]
    fn zero_in_area_letter_position_is_repaired() {
        one("Southampton S014 3JU", "S014 3JU", "SO14 3JU", true);
        one("Oxford 0X4 2DU", "0X4 2DU", "OX4 2DU", true);
        one("Ilford 1G1 2AB", "1G1 2AB", "IG1 2AB", true);
    }

    #[test]
    fn capital_i_where_no_letter_can_stand_is_read_as_one() {
        one("Battersea SW1I 1AA", "SW1I 1AA", "SW11 1AA", true);
    }

    #[test]
    fn exact_reading_wins_over_a_repair() {
        // "S01" reads as area S, district 01, without mending anything.
        one("S01 4AB", "S01 4AB", "S01 4AB", false);
    }

    #[test]
    fn all_caps_words_are_not_repaired_into_postcodes() {
        none("SO OLD");
        none("SOLO 4AM");
        none("BIO 2AB");
        none("MO 2ND");
        none("SWIA OAA");
        none("Solo 4am");
    }

    #[test]
    fn lower_case_postcode_is_not_matched() {
        none("london sw1v 1pn");
    }

    #[test]
    fn letter_restrictions_per_position_are_enforced() {
        none("QA1 1AA"); // Q never first
        none("AZ1 1AA"); // Z never second
        none("SW1V 1CA"); // C never in the inward code
        none("SW1V 1AI"); // I never in the inward code
        none("SW1C 1AA"); // C never fourth
        none("W1Z 1AA"); // Z never third
        none("LS1A 1AA"); // AA9A only in central London areas
        none("B1A 1AA"); // A9A only in E, N, W
    }

    #[test]
    fn unknown_area_is_not_matched() {
        none("XY1 2AB");
        none("HC 270");
        none("HC1 2AB");
    }

    #[test]
    fn postcode_inside_longer_token_is_not_matched() {
        none("AB12 3CDE");
        none("xAB12 3CD");
        none("COVID19 2020");
        none("KY/MH/0919");
        none("ref KY1/2AB");
        none("id SW1A1AAX");
        none("mail me@SW1A1AA");
    }

    #[test]
    fn numbers_and_references_are_not_matched() {
        none("in 2019 and 2020");
        none("section 45 of the Act");
        none("the 2019/20 year");
        none("the A483 road");
        none("HC 270 of session 2019-21");
        none("E164 format");
        none("Tel: 020 3513 0477 or 0116 229 8980");
        none("FS50781234 and RFA0627721");
    }

    #[test]
    fn parse_accepts_one_whole_postcode() {
        assert_eq!(parse(" SW1V 1PN "), Some(("SW1V 1PN".to_string(), false)));
        assert_eq!(parse("SWlP4DF"), Some(("SW1P 4DF".to_string(), true)));
        assert_eq!(parse("GIR 0AA"), Some(("GIR 0AA".to_string(), false)));
        assert_eq!(parse("SW1V 1PN London"), None);
        assert_eq!(parse("London"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn non_ascii_text_never_panics() {
        none("é SW1V 1PÑ");
        none("ÉSW1V 1PN");
        one("– SW1V 1PN –", "SW1V 1PN", "SW1V 1PN", false);
        assert_eq!(parse("SW1V 1P\u{e9}"), None);
        assert_eq!(parse("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_input_gives_ranges_on_char_boundaries(s in "[A-Za-z0-9 lIOo/@_é–]{0,40}") {
            for m in find_all(&s) {
                proptest::prop_assert!(s.get(m.range.clone()).is_some());
                proptest::prop_assert!(parse(&s[m.range]).is_some());
            }
        }
    }

    proptest::proptest! {
        /// The inward-code-first [`find_all`] agrees with reading every word.
        #[test]
        fn find_all_agrees_with_reading_every_word(
            t in r#"(SW1V|1PN|1pn|SW1V1PN|GIR|0AA|EC1A|W1A|L18|9TG|9ZZ|AB|CD|B4|6NQ|SO|OLD|l|o|O|I|0|1|A|N|W|E|é|Σ|Ⅻ|x| |  |   |/|-|@|,|\.){0,14}"#
        ) {
            proptest::prop_assert_eq!(find_all(&t), find_all_by_words(&t));
        }

        /// The same, a character at a time.
        #[test]
        fn find_all_agrees_with_reading_every_word_by_char(
            t in r#"[ABDEGNPRSWZ019IOlo é/\-]{0,24}"#
        ) {
            proptest::prop_assert_eq!(find_all(&t), find_all_by_words(&t));
        }
    }
}
