//! Telephone numbers as printed in letters: UK national numbers ("020 3513
//! 0477", "(0116) 229 8980", "07700 900123") and international ones ("+44 (0)
//! 20 3513 0477", "+353 1 234 5678", "0044 20 3513 0477"), with their E.164
//! form.
//!
//! Finding is two steps. A pattern picks out runs of digit groups joined by
//! the separators people print between them (one or two spaces, a hyphen, a
//! dot, brackets round a group). Each run is then read as numbers: from each
//! group that can start one, the longest series of groups that makes a valid
//! number wins, so a date or a page number printed right after a phone number
//! is left out.
//!
//! UK numbers follow the national numbering plan (Ofcom): after the trunk
//! `0`, ten digits, or nine for some `01` areas and some `0800` numbers; the
//! number ranges in use start `01`, `02`, `03`, `05`, `07`, `08`, `09`.
//! International numbers are checked against a small table of national
//! number lengths; for a country code not in it, the number is still found
//! but gets no E.164 form.

use std::ops::Range;
#[cfg(test)]
use std::sync::LazyLock;

#[cfg(test)]
use regex::Regex;

/// A telephone number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhoneMatch {
    /// Byte range of the number as printed, without any "Tel:" label.
    pub range: Range<usize>,
    /// The number in E.164 form ("+442035130477"), when it is valid for its
    /// country.
    pub e164: Option<String>,
}

/// A run of digit groups: "+44 (0) 20 3513 0477", "(020) 7783-8330". The
/// finder reads these runs by hand ([`next_run`]); the pattern is kept to
/// check it.
#[cfg(test)]
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?: \( \ ?\+\ ?[0-9]{1,3}\ ?\) | \+\ ?[0-9]+ | \([0-9]+\) | [0-9]+ )
        (?:
            (?: \ {1,2} | \ ?[-.]\ ? )?
            (?: \([0-9]{1,4}\) | [0-9]+ )
        )*",
    )
    // A fixed pattern: it compiles, as the unit tests show.
    .expect("phone candidate pattern compiles")
});

/// Country codes with the lengths of their national significant numbers
/// (ITU-T E.164 national numbering plans). Country codes are prefix-free,
/// so at most one entry matches the start of a number.
const COUNTRIES: &[(&str, usize, usize)] = &[
    ("1", 10, 10),  // USA, Canada and the rest of the NANP
    ("27", 9, 9),   // South Africa
    ("30", 10, 10), // Greece
    ("31", 9, 9),   // Netherlands
    ("32", 8, 9),   // Belgium
    ("33", 9, 9),   // France
    ("34", 9, 9),   // Spain
    ("36", 8, 9),   // Hungary
    ("39", 6, 11),  // Italy
    ("40", 9, 9),   // Romania
    ("41", 9, 9),   // Switzerland
    ("43", 7, 13),  // Austria
    ("44", 9, 10),  // United Kingdom (checked by the UK plan)
    ("45", 8, 8),   // Denmark
    ("46", 7, 9),   // Sweden
    ("47", 8, 8),   // Norway
    ("48", 9, 9),   // Poland
    ("49", 6, 11),  // Germany
    ("61", 9, 9),   // Australia
    ("64", 8, 10),  // New Zealand
    ("65", 8, 8),   // Singapore
    ("81", 9, 10),  // Japan
    ("86", 10, 11), // China
    ("91", 10, 10), // India
    ("351", 9, 9),  // Portugal
    ("352", 6, 11), // Luxembourg
    ("353", 7, 9),  // Ireland
    ("354", 7, 7),  // Iceland
    ("356", 8, 8),  // Malta
    ("357", 8, 8),  // Cyprus
    ("358", 5, 12), // Finland
    ("852", 8, 8),  // Hong Kong
    ("971", 8, 9),  // United Arab Emirates
];

/// Whether `nsn` (the digits after the trunk `0`) is a UK number in a
/// range in use, with the right length for it.
fn is_uk_nsn(nsn: &str) -> bool {
    let b = nsn.as_bytes();
    if b.len() < 2 {
        return false;
    }
    match (b[0], b[1], b.len()) {
        // Geographic numbers; some 01 areas still have nine digits.
        (b'1', b'1'..=b'9', 9 | 10) => true,
        // London, Southampton/Portsmouth, Coventry, Northern Ireland, Cardiff.
        (b'2', b'0' | b'3' | b'4' | b'8' | b'9', 10) => true,
        // Non-geographic at geographic rates.
        (b'3', b'0' | b'3' | b'4' | b'7', 10) => true,
        // Corporate and VoIP numbers.
        (b'5', b'5' | b'6', 10) => true,
        // Mobiles, pagers, personal numbers.
        (b'7', _, 10) => true,
        // Freephone and special rates; some 0800 numbers have nine digits.
        (b'8', b'0' | b'4' | b'7', 10) => true,
        (b'8', b'0', 9) => nsn.starts_with("800"),
        // Premium rate.
        (b'9', b'0' | b'1' | b'8', 10) => true,
        _ => false,
    }
}

/// One group of digits in a candidate run.
#[derive(Debug, Clone)]
struct Group<'a> {
    /// Byte range in the text, with its brackets and `+` if any.
    range: Range<usize>,
    /// Its digits.
    digits: &'a str,
    /// Printed with a leading `+`.
    plus: bool,
    /// Printed in brackets.
    bracketed: bool,
}

/// The next run of digit groups at or after `from`: the next match of
/// [`CANDIDATE`], read as that pattern reads it (leftmost, then each choice
/// in the pattern's order, repeats taken greedily).
fn next_run(b: &[u8], from: usize) -> Option<Range<usize>> {
    (from..b.len())
        .filter(|&i| matches!(b[i], b'0'..=b'9' | b'(' | b'+'))
        .find_map(|i| run_end(b, i).map(|e| i..e))
}

/// The end of the run of digit groups ([`CANDIDATE`]) starting at `i`.
fn run_end(b: &[u8], i: usize) -> Option<usize> {
    let at = |k: usize, c: u8| b.get(k) == Some(&c);
    let digits = |k: usize| {
        b.get(k..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    // The first group: "( +44 )", "+44", "(020)", "020".
    let mut p = match b.get(i)? {
        b'(' => {
            let mut k = i + 1 + usize::from(at(i + 1, b' '));
            if at(k, b'+') {
                k += 1;
                k += usize::from(at(k, b' '));
                let d = digits(k);
                if !(1..=3).contains(&d) {
                    return None;
                }
                k += d;
                k += usize::from(at(k, b' '));
                if !at(k, b')') {
                    return None;
                }
                k + 1
            } else {
                let d = digits(i + 1);
                if d == 0 || !at(i + 1 + d, b')') {
                    return None;
                }
                i + d + 2
            }
        }
        b'+' => {
            let k = i + 1 + usize::from(at(i + 1, b' '));
            let d = digits(k);
            if d == 0 {
                return None;
            }
            k + d
        }
        b'0'..=b'9' => i + digits(i),
        _ => return None,
    };
    // A later group at `r`: "(0)" (one to four digits) or digits.
    let group = |r: usize| {
        if at(r, b'(') {
            let d = digits(r + 1);
            ((1..=4).contains(&d) && at(r + 1 + d, b')')).then_some(r + d + 2)
        } else {
            let d = digits(r);
            (d > 0).then_some(r + d)
        }
    };
    // Separator then group, each separator tried in the pattern's order:
    // two spaces, one; a hyphen or dot with a space after, without; none.
    let next_group = |p: usize| {
        if at(p, b' ') {
            if at(p + 1, b' ') {
                if let Some(e) = group(p + 2) {
                    return Some(e);
                }
            }
            if let Some(e) = group(p + 1) {
                return Some(e);
            }
        }
        let q = p + usize::from(at(p, b' '));
        if at(q, b'-') || at(q, b'.') {
            if at(q + 1, b' ') {
                if let Some(e) = group(q + 2) {
                    return Some(e);
                }
            }
            if let Some(e) = group(q + 1) {
                return Some(e);
            }
        }
        group(p)
    };
    while let Some(e) = next_group(p) {
        p = e;
    }
    Some(p)
}

/// Splits a candidate run (a match of [`CANDIDATE`]) into groups.
fn groups(text: &str, run: Range<usize>) -> Vec<Group<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = run.start;
    while i < run.end {
        while i < run.end && matches!(b[i], b' ' | b'-' | b'.') {
            i += 1;
        }
        let start = i;
        let bracketed = i < run.end && b[i] == b'(';
        if bracketed {
            i += 1;
        }
        while i < run.end && b[i] == b' ' {
            i += 1;
        }
        let plus = i < run.end && b[i] == b'+';
        if plus {
            i += 1;
        }
        while i < run.end && b[i] == b' ' {
            i += 1;
        }
        let ds = i;
        while i < run.end && b[i].is_ascii_digit() {
            i += 1;
        }
        let de = i;
        if bracketed {
            while i < run.end && b[i] == b' ' {
                i += 1;
            }
            if i < run.end && b[i] == b')' {
                i += 1;
            }
        }
        if ds == de {
            // The pattern never yields this; guard the loop all the same.
            i = i.max(start + 1);
            continue;
        }
        out.push(Group {
            range: start..i,
            // The run is ASCII, so byte indices are char boundaries.
            digits: &text[ds..de],
            plus,
            bracketed,
        });
    }
    out
}

/// The digits of a few groups, kept on the stack: [`find_all`] reads no
/// series of more than [`MAX_DIGITS`] digits.
struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl Digits {
    fn new() -> Digits {
        Digits {
            buf: [0; MAX_DIGITS],
            len: 0,
        }
    }

    /// The digits of `groups` one after another; `None` if too many.
    fn of(groups: &[Group]) -> Option<Digits> {
        let mut d = Digits::new();
        for g in groups {
            d.push_str(g.digits)?;
        }
        Some(d)
    }

    /// Appends ASCII digits; `None` if they do not fit.
    fn push_str(&mut self, s: &str) -> Option<()> {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Some(())
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits are pushed.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// Reads a series of groups as one number: `Some(e164)` when it is a number
/// (`e164` is `None` for a country this module has no plan for).
fn read_number(groups: &[Group]) -> Option<Option<String>> {
    let first = groups.first()?;
    if !can_start(first) {
        return None;
    }
    if first.plus {
        return read_international(groups, 0, true);
    }
    if first.digits.starts_with("00") {
        // "0044 20 ..." / "00 353 1 ...": the international call prefix.
        return read_international(groups, 2, false);
    }
    let all = Digits::of(groups)?;
    let nsn = all.as_str().get(1..)?;
    is_uk_nsn(nsn).then(|| Some(format!("+44{nsn}")))
}

/// Whether a number can start with this group: a `+`, the international
/// prefix `00`, or a trunk `0` printed with its area code, which is at
/// least three digits together ("020", "0116", "0800"; not "0" or "01").
fn can_start(g: &Group) -> bool {
    g.plus || g.digits.starts_with("00") || (g.digits.starts_with('0') && g.digits.len() >= 3)
}

/// Reads an international number whose country code starts `skip` digits
/// into the first group. `lenient`: an unknown country code still makes a
/// number (printed with `+`, so clearly meant as one).
fn read_international(groups: &[Group], skip: usize, lenient: bool) -> Option<Option<String>> {
    let all = Digits::of(groups)?;
    let digits = all.as_str().get(skip..)?;
    let country = COUNTRIES.iter().find(|(cc, _, _)| digits.starts_with(cc));
    let Some(&(cc, min, max)) = country else {
        return (lenient && (7..=15).contains(&digits.len())).then_some(None);
    };
    // The national number: what follows the country code, less a trunk
    // "(0)" printed for callers at home.
    let cc_end = skip + cc.len();
    let mut nsn = Digits::new();
    let mut seen = 0;
    let mut trunk_dropped = false;
    for g in groups {
        let here = seen..seen + g.digits.len();
        seen = here.end;
        if here.end <= cc_end {
            continue;
        }
        if g.bracketed && g.digits == "0" && !trunk_dropped && here.start == cc_end {
            trunk_dropped = true;
            continue;
        }
        let from = cc_end.saturating_sub(here.start);
        nsn.push_str(g.digits.get(from..)?)?;
    }
    let nsn = nsn.as_str();
    if cc == "44" {
        // "+44 020 ...": a trunk 0 printed where it should not be.
        let nsn = if trunk_dropped {
            nsn
        } else {
            nsn.strip_prefix('0').unwrap_or(nsn)
        };
        return is_uk_nsn(nsn).then(|| Some(format!("+44{nsn}")));
    }
    (min..=max)
        .contains(&nsn.len())
        .then(|| Some(format!("+{cc}{nsn}")))
}

/// Whether some group of `text` could open a number ([`can_start`]): the
/// text holds a `+`, or a run of digits that starts with `0`. Most lines
/// with digits (dates, house numbers, postcodes) hold neither.
fn may_hold_start(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'+' || (c == b'0' && (i == 0 || !b[i - 1].is_ascii_digit())))
}

/// Whether a number may start at `i`: not glued to a word, a reference, an
/// amount or a longer number.
fn starts_clean(text: &str, i: usize) -> bool {
    let mut before = text[..i].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('/' | '\\' | '_' | '@' | '#' | '%' | '&' | '=' | '£' | '$' | '€' | '+') => false,
        // "IC-0123456", "1.0116...", "1,0116..."
        Some('-') => !before.next().is_some_and(char::is_alphanumeric),
        Some('.' | ',') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Whether a number may end at `i`.
fn ends_clean(text: &str, i: usize) -> bool {
    let mut after = text[i..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('/' | '\\' | '_' | '@' | '%' | '£' | '$' | '€') => false,
        Some('-' | '.' | ',') => !after.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Longest number digits the search looks at from one group (E.164 allows
/// 15, plus an international prefix "00" and a trunk "(0)").
const MAX_DIGITS: usize = 18;

/// Finds every telephone number in `text`, in order, without overlaps.
pub(crate) fn find_all(text: &str) -> Vec<PhoneMatch> {
    let mut found = Vec::new();
    if !may_hold_start(text) {
        return found;
    }
    let mut from = 0;
    while let Some(run) = next_run(text.as_bytes(), from) {
        from = run.end;
        let groups = groups(text, run);
        let mut i = 0;
        while i < groups.len() {
            let mut best = None;
            if can_start(&groups[i]) && starts_clean(text, groups[i].range.start) {
                let mut digits = 0;
                for (j, g) in groups.iter().enumerate().skip(i) {
                    digits += g.digits.len();
                    if digits > MAX_DIGITS {
                        break;
                    }
                    if !ends_clean(text, g.range.end) {
                        continue;
                    }
                    if let Some(e164) = read_number(&groups[i..=j]) {
                        best = Some((j, e164));
                    }
                }
            }
            match best {
                Some((j, e164)) => {
                    found.push(PhoneMatch {
                        range: groups[i].range.start..groups[j].range.end,
                        e164,
                    });
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers found in `text`, as (printed text, e164).
    fn found(text: &str) -> Vec<(&str, Option<String>)> {
        find_all(text)
            .into_iter()
            .map(|m| (&text[m.range], m.e164))
            .collect()
    }

    #[track_caller]
    fn one(text: &str, printed: &str, e164: &str) {
        assert_eq!(
            found(text),
            vec![(printed, Some(e164.to_string()))],
            "in {text:?}"
        );
    }

    #[track_caller]
    fn none(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    #[test]
    fn pattern_compiles() {
        assert!(CANDIDATE.is_match("020 3513 0477"));
    }

    /// The runs [`next_run`] reads, one after another.
    fn runs(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(r) = next_run(text.as_bytes(), from) {
            from = r.end;
            out.push(r);
        }
        out
    }

    proptest::proptest! {
        /// The runs read by hand are the pattern's matches.
        #[test]
        fn runs_are_the_pattern_matches(
            t in r#"[0-9 ()+.\-x]{0,24}"#
        ) {
            let want: Vec<Range<usize>> = CANDIDATE.find_iter(&t).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(runs(&t), want);
        }

        /// The same, with longer pieces and text that is not ASCII.
        #[test]
        fn runs_are_the_pattern_matches_in_pieces(
            t in r#"(020|0|44|12345|\(|\)|\+|\( ?\+|  | |-|\.| - |\(0\)|\(12345\)|é|٣|a){0,14}"#
        ) {
            let want: Vec<Range<usize>> = CANDIDATE.find_iter(&t).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(runs(&t), want);
        }
    }

    #[test]
    fn london_number_with_spaces() {
        one("Tel: 020 3513 0477", "020 3513 0477", "+442035130477");
    }

    #[test]
    fn international_form_with_bracketed_trunk_zero() {
        one(
            "London SW1V 1PN Tel: +44 (0) 20 3513 0477 Email: x",
            "+44 (0) 20 3513 0477",
            "+442035130477",
        );
        one("+44(0)20 3513 0477", "+44(0)20 3513 0477", "+442035130477");
    }

    #[test]
    fn international_form_without_trunk_zero() {
        one(
            "call +44 20 3513 0477.",
            "+44 20 3513 0477",
            "+442035130477",
        );
        one("call +442035130477", "+442035130477", "+442035130477");
    }

    #[test]
    fn international_form_with_stray_trunk_zero() {
        one(
            "call +44 020 3513 0477",
            "+44 020 3513 0477",
            "+442035130477",
        );
    }

    #[test]
    fn international_call_prefix_double_zero() {
        one("0044 20 3513 0477", "0044 20 3513 0477", "+442035130477");
        one("00353 1 234 5678", "00353 1 234 5678", "+35312345678");
    }

    #[test]
    fn four_digit_area_codes() {
        one("Tel: 0116 229 8980 Email", "0116 229 8980", "+441162298980");
        one("on 0131 346 5350.", "0131 346 5350", "+441313465350");
    }

    #[test]
    fn five_digit_area_code_with_nine_digit_number() {
        one("Tel 01204 12345", "01204 12345", "+44120412345");
    }

    #[test]
    fn non_geographic_and_freephone_numbers() {
        one(
            "T. 0303 123 1113 ico.org.uk",
            "0303 123 1113",
            "+443031231113",
        );
        one("free on 0800 019 1179", "0800 019 1179", "+448000191179");
        one("free on 0800 123 456", "0800 123 456", "+44800123456");
        one("rate 0845 600 0800", "0845 600 0800", "+448456000800");
    }

    #[test]
    fn northern_ireland_number() {
        one(
            "Tel: 028 9031 1616 | Email",
            "028 9031 1616",
            "+442890311616",
        );
    }

    #[test]
    fn bracketed_area_code() {
        one("Tel (020) 7783 8330", "(020) 7783 8330", "+442077838330");
        one("Tel (0116) 229 8980", "(0116) 229 8980", "+441162298980");
    }

    #[test]
    fn hyphens_and_dots_as_separators() {
        one("0116-229-8980", "0116-229-8980", "+441162298980");
        one("020.7783.8330", "020.7783.8330", "+442077838330");
        one("020 - 7783 8330", "020 - 7783 8330", "+442077838330");
    }

    #[test]
    fn mobile_numbers() {
        one("mobile 07700 900123", "07700 900123", "+447700900123");
        one("mobile 07700900123.", "07700900123", "+447700900123");
    }

    #[test]
    fn unspaced_eleven_digits() {
        one("Tel:02035130477", "02035130477", "+442035130477");
    }

    #[test]
    fn label_is_not_part_of_the_range() {
        let text = "Telephone: 020 3513 0477";
        let m = &find_all(text)[0];
        assert_eq!(m.range, 11..24);
    }

    #[test]
    fn irish_and_american_numbers() {
        one("Dublin +353 1 234 5678", "+353 1 234 5678", "+35312345678");
        one("DC +1 202 555 0143", "+1 202 555 0143", "+12025550143");
        one("(+353) 1 234 5678", "(+353) 1 234 5678", "+35312345678");
    }

    #[test]
    fn international_number_of_wrong_length_is_not_matched() {
        none("+1 202 555 01");
        none("+353 12");
    }

    #[test]
    fn unknown_country_code_has_no_e164() {
        assert_eq!(found("+998 71 123 4567"), vec![("+998 71 123 4567", None)]);
    }

    #[test]
    fn trailing_date_or_number_is_left_out() {
        assert_eq!(
            found("Tel: +44 (0) 20 3513 0477 13 October 2020"),
            vec![("+44 (0) 20 3513 0477", Some("+442035130477".to_string()))]
        );
        assert_eq!(
            found("0116 229 8980 2020"),
            vec![("0116 229 8980", Some("+441162298980".to_string()))]
        );
    }

    #[test]
    fn two_numbers_in_a_row_are_both_found() {
        assert_eq!(
            found("020 3513 0477 0116 229 8980"),
            vec![
                ("020 3513 0477", Some("+442035130477".to_string())),
                ("0116 229 8980", Some("+441162298980".to_string())),
            ]
        );
    }

    #[test]
    fn dates_and_years_are_not_matched() {
        none("13/10/2020");
        none("01/10/2020");
        none("2019-2021");
        none("2020-10-13");
        none("01.10.2020");
        none("in 2019 and 2020");
        none("14 September 2021");
    }

    #[test]
    fn reference_numbers_are_not_matched() {
        none("FS50781234");
        none("RFA0627721");
        none("IC-0123456789");
        none("ref 0123456/2020");
        none("case 02035130477X");
    }

    #[test]
    fn postcodes_money_and_sections_are_not_matched() {
        none("London SW1V 1PN");
        none("£0116229898");
        none("£1,000,000 and 2,500");
        none("section 45 of the 2020 Act");
        none("paragraph 1.2.3");
        none("0.5 per cent");
    }

    #[test]
    fn unused_ranges_and_wrong_lengths_are_not_matched() {
        none("0400 123 4567"); // 04 is not in use
        none("0203 513 04"); // too short
        none("020 3513 04779"); // too long
        none("0 20 3513 0477 1"); // too long
    }

    #[test]
    fn digits_inside_words_are_not_matched() {
        none("abc02035130477");
        none("02035130477abc");
    }

    #[test]
    fn non_ascii_neighbours_never_panic() {
        one("tél:020 3513 0477 – é.", "020 3513 0477", "+442035130477");
        none("é02035130477");
        assert_eq!(found("€ £ (+ +"), vec![]);
    }

    proptest::proptest! {
        #[test]
        fn any_input_gives_ranges_on_char_boundaries(s in "[0-9 ()+.\\-/a£é–]{0,40}") {
            for m in find_all(&s) {
                proptest::prop_assert!(s.get(m.range.clone()).is_some());
                if let Some(e) = m.e164 {
                    proptest::prop_assert!(e.starts_with('+') && e[1..].bytes().all(|b| b.is_ascii_digit()));
                }
            }
        }
    }
}
