//! Dates in running text: "13 October 2020", "Tuesday, 13 October 2020",
//! "October 13, 2020", "13/10/2020", "2020-10-13", "October 2020".
//!
//! Candidates are found by scanning word starts; the grammar of one date is a
//! small [`nom`] parser tried at each of them, so the whole pass is linear in
//! the text (every attempt reads at most a few short tokens). Calendar
//! validity is left to [`jiff::civil::Date`]: "31 September 2020" is not a
//! date. Numeric dates are read day first, as in British usage.
//!
//! Ranges are byte ranges into the `&str` given, always on char boundaries.
//!
//! Besides full dates the module offers the pieces deadlines need: a day and
//! month without a year ("30 November", "Friday 4 December") and a month on
//! its own ("January"), with [`next_on_or_after`] and [`end_of_month`] to
//! turn them into calendar dates.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use nom::bytes::complete::tag;
use nom::character::complete::char;
use nom::combinator::{opt, verify};
use nom::{IResult, Parser};

use crate::record::Precision;

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateMatch {
    /// Byte range of the date as printed.
    pub range: Range<usize>,
    /// The calendar date (first of the month or year for coarser precisions).
    pub date: Date,
    /// How much of the date was printed.
    pub precision: Precision,
}

/// A day and month printed without a year ("30 November", "Friday 4 December").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayMonth {
    /// Byte range as printed.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Day of the month, 1 to 31 (not yet checked against the month).
    pub day: i8,
    /// Month, 1 to 12.
    pub month: i8,
}

/// Every full date in `text` (day, month and year, or month and year), in order.
///
/// A month name alone or a bare year is not a date here; neither is a number
/// inside a range ("2019-2021"), a financial year ("2017/18"), a phone number
/// or a reference ("IASC/HS/2021/02").
pub(crate) fn find_all(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let candidate = (b.is_ascii_digit()
            || (b.is_ascii_uppercase() && names_a_date_word(bytes, i)))
            && is_word_start(text, i);
        // Most numbers open no date: skip them as a failed parse would.
        let parse = candidate && (!b.is_ascii_digit() || digits_may_open_date(bytes, i));
        if candidate && !parse {
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        if candidate {
            // `parse` passed the checks of `may_open_date`.
            if let Some(m) = parse_date_at(text, i) {
                i = m.range.end;
                out.push(m);
                continue;
            }
            // "31 September 2020" is no date, and its "September 2020" is
            // not one either: skip the day and month together.
            if let Some(dm) = parse_day_month_at(text, i) {
                i = dm.end;
                continue;
            }
            // Skip the rest of this word: no date starts inside it.
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The digits at `i` could open a date or a day and month, judged from the
/// bytes after them alone, so that most numbers ("2020,", "28 days", "(3)")
/// need no parse. The grammar allows only these continuations: four digits
/// and '-' ([`iso_date`]); one or two digits and a separator
/// ([`numeric_date`]); one or two digits, an ordinal suffix, space, and then
/// "of" or a capitalised month ([`day_month`]). This may pass text the
/// grammar rejects, never the reverse.
fn digits_may_open_date(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i..];
    let n = rest
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let after = &rest[n..];
    match n {
        4 => after.first() == Some(&b'-'),
        1 | 2 => match after.first() {
            Some(b'/' | b'.' | b'-') => true,
            _ => day_then_month_word(after),
        },
        _ => false,
    }
}

/// After a day's digits: at most two letters (an ordinal suffix), space (as
/// [`is_space`] has it: ASCII space, tab, line breaks, no-break space), then
/// "of" or a capital letter. A superset of what [`day_month`] accepts there.
fn day_then_month_word(after: &[u8]) -> bool {
    let suffix = after
        .iter()
        .take(2)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let after = &after[suffix..];
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0xc2 | 0xa0);
    if !after.first().is_some_and(space) {
        return false;
    }
    after
        .iter()
        .find(|b| !space(b))
        .is_some_and(|&b| b.is_ascii_uppercase() || b == b'o')
}

/// The capitalised word at `i` could open a date: it is a month or weekday
/// name as [`named`] reads it. A date that starts with a letter starts with
/// one of these, so other words need no parse.
fn names_a_date_word(bytes: &[u8], i: usize) -> bool {
    // Most capitalised words ("The", "Council") differ from every name in
    // their first three letters (and a name has three): rule them out
    // before the full lookup.
    if !name_head(&bytes[i..]).is_some_and(|(at, bit)| NAME_HEADS[at] & bit != 0) {
        return false;
    }
    let word_len = bytes[i..]
        .iter()
        .take(10)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if !(3..=9).contains(&word_len) {
        return false;
    }
    let word = &bytes[i..i + word_len];
    MONTH_NAMES.get(word).is_some() || WEEKDAY_NAMES.get(word).is_some()
}

/// `s`, trimmed (and without a trailing full stop or comma), is exactly one
/// date. Besides the forms [`find_all`] knows, a bare year ("2019") is
/// accepted here with [`Precision::Year`], since a line holding only a year
/// can only be a date line.
pub(crate) fn parse_exact(s: &str) -> Option<DateMatch> {
    let start = s.len() - s.trim_start().len();
    let trimmed = s.trim().trim_end_matches(['.', ',']).trim_end();
    let end = start + trimmed.len();
    if trimmed.is_empty() {
        return None;
    }
    if let Some(m) = date_at(s, start) {
        if m.range.end == end {
            return Some(m);
        }
        return None;
    }
    if trimmed.len() == 4 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let year: i16 = trimmed.parse().ok()?;
        if (1800..=2199).contains(&year) {
            return Some(DateMatch {
                range: start..end,
                date: Date::new(year, 1, 1).ok()?,
                precision: Precision::Year,
            });
        }
    }
    None
}

/// The ISO 8601 form, "2020-10-13".
pub(crate) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A full date starting exactly at byte `start` of `text` (which must be a
/// char boundary), checked against the words around it.
pub(crate) fn date_at(text: &str, start: usize) -> Option<DateMatch> {
    if !may_open_date(text.as_bytes(), start) {
        return None;
    }
    parse_date_at(text, start)
}

/// A date or a day and month could start at byte `start`, judged by the
/// cheap checks [`find_all`] makes: every date starts with digits that
/// [`digits_may_open_date`] passes or with a capitalised month or weekday
/// name ([`names_a_date_word`]).
fn may_open_date(bytes: &[u8], start: usize) -> bool {
    match bytes.get(start) {
        Some(b) if b.is_ascii_digit() => digits_may_open_date(bytes, start),
        Some(b) if b.is_ascii_uppercase() => names_a_date_word(bytes, start),
        _ => false,
    }
}

/// [`date_at`] without its pre-check.
fn parse_date_at(text: &str, start: usize) -> Option<DateMatch> {
    if !text.is_char_boundary(start) || !is_word_start(text, start) {
        return None;
    }
    let rest = &text[start..];
    let (after, (date, precision, numeric)) = full_date(rest).ok()?;
    let end = start + (rest.len() - after.len());
    if !is_word_end(text, end) {
        return None;
    }
    if numeric && follows_numbering_word(text, start) {
        return None;
    }
    Some(DateMatch {
        range: start..end,
        date,
        precision,
    })
}

/// A day and month without a year starting exactly at `start`
/// ("30 November", "4th December", "Friday 4 December", "November 30").
/// A full date is not one of these: try [`date_at`] first.
pub(crate) fn day_month_at(text: &str, start: usize) -> Option<DayMonth> {
    if !may_open_date(text.as_bytes(), start) {
        return None;
    }
    parse_day_month_at(text, start)
}

/// [`day_month_at`] without its pre-check.
fn parse_day_month_at(text: &str, start: usize) -> Option<DayMonth> {
    if !text.is_char_boundary(start) || !is_word_start(text, start) {
        return None;
    }
    let rest = &text[start..];
    let (after, (day, month)) = day_month(rest).ok()?;
    let end = start + (rest.len() - after.len());
    if !is_word_end(text, end) {
        return None;
    }
    Some(DayMonth {
        start,
        end,
        day,
        month,
    })
}

/// A month name on its own starting exactly at `start` ("January", "Sept"):
/// its end and number.
pub(crate) fn month_at(text: &str, start: usize) -> Option<(usize, i8)> {
    if !text.is_char_boundary(start) || !is_word_start(text, start) {
        return None;
    }
    let rest = &text[start..];
    let (after, month) = month_name(rest).ok()?;
    let end = start + (rest.len() - after.len());
    is_word_end(text, end).then_some((end, month))
}

/// The first date on or after `from` that falls on `day` `month`: this year's
/// if it has not passed, else the next year's ("15 January" in a letter of
/// December is next January). 29 February waits for a leap year. `None` for
/// a day the month never has.
pub(crate) fn next_on_or_after(from: Date, month: i8, day: i8) -> Option<Date> {
    // Four years always include a leap year, except across 2100; eight is safe.
    for year in from.year()..from.year().saturating_add(9) {
        if let Ok(d) = Date::new(year, month, day) {
            if d >= from {
                return Some(d);
            }
        }
    }
    None
}

/// The last day of `month` in `year`.
pub(crate) fn end_of_month(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1).ok().map(|d| d.last_of_month())
}

/// The last day of the next `month` whose end is on or after `from`
/// ("by the end of January" in a letter of November is next January).
pub(crate) fn next_end_of_month(from: Date, month: i8) -> Option<Date> {
    let this = end_of_month(from.year(), month)?;
    if this >= from {
        Some(this)
    } else {
        end_of_month(from.year().checked_add(1)?, month)
    }
}

// ---------------------------------------------------------------------------
// Lexicons

/// Month names and abbreviations with their numbers.
static MONTHS: LazyLock<Vec<(&'static str, i8)>> =
    LazyLock::new(|| load_lexicon(include_str!("lexicon/months.txt")));

/// Weekday names and abbreviations.
static WEEKDAYS: LazyLock<Vec<(&'static str, i8)>> =
    LazyLock::new(|| load_lexicon(include_str!("lexicon/weekdays.txt")));

/// The first three letters of every month and weekday name, as a table:
/// entry `26 * a + b` has bit `c` set for a name opening with the letters
/// `a`, `b`, `c` (counted from 'a', any case). A name whose first three
/// bytes are not all ASCII letters could never match a word of letters.
static NAME_HEADS: LazyLock<Vec<u32>> = LazyLock::new(|| {
    let mut heads = vec![0u32; 26 * 26];
    for (name, _) in MONTHS.iter().chain(WEEKDAYS.iter()) {
        if let Some(head) = name_head(name.as_bytes()) {
            heads[head.0] |= head.1;
        }
    }
    heads
});

/// The [`NAME_HEADS`] entry and bit of the first three bytes of `word`,
/// when they are ASCII letters.
fn name_head(word: &[u8]) -> Option<(usize, u32)> {
    let [a, b, c] = match word.get(..3)? {
        [a, b, c] => [*a, *b, *c].map(|x| x.to_ascii_lowercase().wrapping_sub(b'a')),
        _ => return None,
    };
    (a < 26 && b < 26 && c < 26).then(|| (26 * usize::from(a) + usize::from(b), 1 << c))
}

/// Reads "name number" lines, skipping `#` comments and blank lines.
fn load_lexicon(src: &'static str) -> Vec<(&'static str, i8)> {
    src.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (name, n) = l.trim().split_once(' ')?;
            Some((name, n.trim().parse().ok()?))
        })
        .collect()
}

/// A lexicon of names (3 to 9 letters, the lengths [`named`] reads) keyed
/// by their lower-case letters, for a binary search where a scan of the
/// list would compare every name.
struct Names(Vec<NameEntry>);

/// A name's key (lower case, padded with zero bytes), its number, and
/// whether a longer name has the same number (it is a short form).
type NameEntry = ([u8; 9], i8, bool);

impl Names {
    fn new(table: &[(&'static str, i8)]) -> Names {
        let mut entries: Vec<NameEntry> = table
            .iter()
            .filter(|(name, _)| (3..=9).contains(&name.len()))
            .map(|&(name, n)| {
                let short = table
                    .iter()
                    .any(|(other, m)| *m == n && other.len() > name.len());
                (Names::key(name.as_bytes()), n, short)
            })
            .collect();
        // A stable sort and dedup keep the first of equal names, the one a
        // scan of the list finds.
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        Names(entries)
    }

    fn key(word: &[u8]) -> [u8; 9] {
        let mut key = [0; 9];
        for (k, b) in key.iter_mut().zip(word) {
            *k = b.to_ascii_lowercase();
        }
        key
    }

    /// The number of `word` (3 to 9 ASCII letters, any case), and whether
    /// it is a short form. A key matches only a word of the same length,
    /// since letters are never zero bytes.
    fn get(&self, word: &[u8]) -> Option<(i8, bool)> {
        let key = Names::key(word);
        self.0
            .binary_search_by_key(&key, |e| e.0)
            .ok()
            .map(|at| (self.0[at].1, self.0[at].2))
    }
}

/// [`MONTHS`] for lookup.
static MONTH_NAMES: LazyLock<Names> = LazyLock::new(|| Names::new(&MONTHS));

/// [`WEEKDAYS`] for lookup.
static WEEKDAY_NAMES: LazyLock<Names> = LazyLock::new(|| Names::new(&WEEKDAYS));

// ---------------------------------------------------------------------------
// Boundaries

/// `i` starts a word: the byte before is not a letter or digit, and is not a
/// joiner ('/', '-', '.', ':') glued to one ("2019-2021", "IASC/2021/02").
fn is_word_start(text: &str, i: usize) -> bool {
    let before = &text.as_bytes()[..i];
    match before.last() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(b'/' | b'-' | b'.' | b':') => !before
            .len()
            .checked_sub(2)
            .is_some_and(|j| before[j].is_ascii_alphanumeric()),
        Some(_) => {
            // A non-ASCII letter or digit before is still inside a word.
            !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        }
    }
}

/// `end` ends a word: nothing alphanumeric follows, nor a joiner followed by
/// a digit ("13/10/2020/5", "2020-21"). A full stop after a numeric date is
/// the end of a sentence unless a digit follows it.
fn is_word_end(text: &str, end: usize) -> bool {
    let after = &text.as_bytes()[end..];
    match after.first() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(b'/' | b'-' | b'.' | b':') => !after.get(1).is_some_and(u8::is_ascii_digit),
        Some(_) => !text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric),
    }
}

/// Words after which a dotted number is a section or paragraph number
/// ("section 4.10.12"), not a date.
fn follows_numbering_word(text: &str, start: usize) -> bool {
    const WORDS: [&str; 12] = [
        "article",
        "chapter",
        "clause",
        "figure",
        "no",
        "page",
        "para",
        "paragraph",
        "regulation",
        "rule",
        "section",
        "table",
    ];
    let before = text[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_ascii_alphabetic() && c != '.')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

// ---------------------------------------------------------------------------
// Grammar

type Res<'a, T> = IResult<&'a str, T>;

/// A parse failure at `i` (its kind is never looked at).
fn fail<T>(i: &str) -> Res<'_, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Verify,
    )))
}

/// Space between the words of a date: at most one line break. Spaces are
/// ASCII space, tab, line breaks and the no-break space (bytes C2 A0).
fn ws(i: &str) -> Res<'_, &str> {
    let b = i.as_bytes();
    let (mut n, mut breaks) = (0, 0);
    loop {
        match b.get(n) {
            Some(b' ' | b'\t' | b'\r') => n += 1,
            Some(b'\n') => {
                breaks += 1;
                n += 1;
            }
            Some(0xc2) if b.get(n + 1) == Some(&0xa0) => n += 2,
            _ => break,
        }
    }
    if n == 0 || breaks > 1 {
        return fail(i);
    }
    // `n` stops after whole characters, so it is a char boundary.
    Ok((&i[n..], &i[..n]))
}

/// An optional comma, then space: "Tuesday, 13", "13, 2020".
fn comma_ws(i: &str) -> Res<'_, ()> {
    let (i, _) = opt(char(',')).parse(i)?;
    let (i, _) = ws(i)?;
    Ok((i, ()))
}

/// One to `max` digits, not followed by another digit.
fn number(max: usize) -> impl Fn(&str) -> Res<'_, u32> {
    move |i: &str| {
        let b = i.as_bytes();
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        // None, or more than `max` (a digit follows the first `max`).
        if n == 0 || n > max {
            return fail(i);
        }
        // At most four digits (all callers): no overflow.
        let v = b[..n]
            .iter()
            .fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'));
        Ok((&i[n..], v))
    }
}

/// Exactly `n` digits, not followed by another digit.
fn digits_exact(n: usize) -> impl Fn(&str) -> Res<'_, u32> {
    move |i: &str| {
        let (rest, v) = number(n)(i)?;
        if i.len() - rest.len() != n {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Digit,
            )));
        }
        Ok((rest, v))
    }
}

/// A day of the month with an optional ordinal suffix: "13", "13th", "1st".
fn day(i: &str) -> Res<'_, i8> {
    let (i, d) = number(2)(i)?;
    if !(1..=31).contains(&d) {
        return fail(i);
    }
    // An ordinal suffix in any case. Only ASCII letters lower-case to these
    // letters (as a case-blind tag compares), so bytes suffice.
    let b = i.as_bytes();
    let i = match b
        .get(..2)
        .map(|s| [s[0].to_ascii_lowercase(), s[1].to_ascii_lowercase()])
    {
        Some([b's', b't'] | [b'n', b'd'] | [b'r', b'd'] | [b't', b'h']) => &i[2..],
        _ => i,
    };
    if i.starts_with(|c: char| c.is_alphanumeric()) {
        return fail(i);
    }
    // 1..=31 fits in i8.
    Ok((i, d as i8))
}

/// A capitalised word looked up in `table`, with an optional full stop after
/// an abbreviation ("Sept.", "Fri.").
fn named<'a>(i: &'a str, table: &Names) -> Res<'a, i8> {
    let b = i.as_bytes();
    let len = b
        .iter()
        .take(9)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if len < 3 || !b[0].is_ascii_uppercase() || i[len..].starts_with(|c: char| c.is_alphabetic()) {
        return fail(i);
    }
    let Some((n, short)) = table.get(&b[..len]) else {
        return fail(i);
    };
    let rest = &i[len..];
    // Only a short form takes a full stop; "May." ends a sentence.
    let rest =
        if short && rest.starts_with('.') && !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            &rest[1..]
        } else {
            rest
        };
    Ok((rest, n))
}

fn month_name(i: &str) -> Res<'_, i8> {
    named(i, &MONTH_NAMES)
}

/// A weekday and the space (and comma) after it: "Tuesday ", "Tuesday, ".
fn weekday(i: &str) -> Res<'_, i8> {
    let (i, w) = named(i, &WEEKDAY_NAMES)?;
    let (i, _) = comma_ws(i)?;
    Ok((i, w))
}

/// A four-digit year from 1800 to 2199.
fn year4(i: &str) -> Res<'_, i16> {
    let (i, y) = verify(digits_exact(4), |y| (1800..=2199).contains(y)).parse(i)?;
    // Checked to be in range above.
    Ok((i, y as i16))
}

/// "13 October", "13th of October", "October 13", "October 13th", each with
/// an optional weekday before it.
fn day_month(i: &str) -> Res<'_, (i8, i8)> {
    let (i, _) = opt(weekday).parse(i)?;
    let day_first = |i| -> Res<'_, (i8, i8)> {
        let (i, d) = day(i)?;
        let (i, _) = ws(i)?;
        let (i, _) = opt((tag("of"), ws)).parse(i)?;
        let (i, m) = month_name(i)?;
        Ok((i, (d, m)))
    };
    let month_first = |i| -> Res<'_, (i8, i8)> {
        let (i, m) = month_name(i)?;
        let (i, _) = ws(i)?;
        let (i, d) = day(i)?;
        Ok((i, (d, m)))
    };
    nom::branch::alt((day_first, month_first)).parse(i)
}

/// A whole date: the calendar date, its precision, and whether it was numeric.
fn full_date(i: &str) -> Res<'_, (Date, Precision, bool)> {
    nom::branch::alt((iso_date, numeric_date, named_day_date, month_year)).parse(i)
}

/// "2020-10-13".
fn iso_date(i: &str) -> Res<'_, (Date, Precision, bool)> {
    let (rest, (y, _, m, _, d)) = (
        year4,
        char('-'),
        digits_exact(2),
        char('-'),
        digits_exact(2),
    )
        .parse(i)?;
    let date = make(i, y, m as i8, d as i8)?;
    Ok((rest, (date, Precision::Day, true)))
}

/// "13/10/2020", "13.10.20", "13-10-2020": day first, the same separator
/// twice. A two-digit year is 20yy; with '.' or '-' it needs two-digit day
/// and month, since "4.2.10" is more often a section number.
fn numeric_date(i: &str) -> Res<'_, (Date, Precision, bool)> {
    let (r1, d) = number(2)(i)?;
    let (r2, sep) = nom::character::complete::one_of("/.-")(r1)?;
    let (r3, m) = number(2)(r2)?;
    let (r4, _) = char(sep)(r3)?;
    let (rest, y) = nom::branch::alt((
        |i| year4(i).map(|(r, y)| (r, Some(y))),
        |i| digits_exact(2)(i).map(|(r, _)| (r, None)),
    ))
    .parse(r4)?;
    let year = match y {
        Some(y) => y,
        None => {
            let day_len = i.len() - r1.len();
            let month_len = r2.len() - r3.len();
            if sep != '/' && (day_len != 2 || month_len != 2) {
                return Err(nom::Err::Error(nom::error::Error::new(
                    i,
                    nom::error::ErrorKind::Verify,
                )));
            }
            // Two ASCII digits.
            2000 + r4[..2].parse::<i16>().unwrap_or(0)
        }
    };
    let date = make(i, year, m as i8, d as i8)?;
    Ok((rest, (date, Precision::Day, true)))
}

/// "13 October 2020", "Tuesday, 13th October 2020", "October 13, 2020".
fn named_day_date(i: &str) -> Res<'_, (Date, Precision, bool)> {
    let (r, (d, m)) = day_month(i)?;
    let (r, _) = comma_ws(r)?;
    let (rest, y) = year4(r)?;
    let date = make(i, y, m, d)?;
    Ok((rest, (date, Precision::Day, false)))
}

/// "October 2020", "Sept 2020": the first of the month, month precision.
fn month_year(i: &str) -> Res<'_, (Date, Precision, bool)> {
    let (r, m) = month_name(i)?;
    let (r, _) = comma_ws(r)?;
    let (rest, y) = year4(r)?;
    let date = make(i, y, m, 1)?;
    Ok((rest, (date, Precision::Month, false)))
}

/// A real calendar date, or a parse failure at `i`.
fn make(i: &str, y: i16, m: i8, d: i8) -> Result<Date, nom::Err<nom::error::Error<&str>>> {
    Date::new(y, m, d)
        .map_err(|_| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn dates(text: &str) -> Vec<(String, String, Precision)> {
        find_all(text)
            .into_iter()
            .map(|m| (text[m.range].to_string(), iso(m.date), m.precision))
            .collect()
    }

    #[track_caller]
    fn one(text: &str, printed: &str, iso_form: &str) {
        assert_eq!(
            dates(text),
            vec![(printed.to_string(), iso_form.to_string(), Precision::Day)]
        );
    }

    #[track_caller]
    fn none(text: &str) {
        assert_eq!(dates(text), vec![]);
    }

    #[test]
    fn day_month_year_in_words() {
        one("dated 13 October 2020.", "13 October 2020", "2020-10-13");
    }

    #[test]
    fn ordinal_day() {
        one("on 13th October 2020,", "13th October 2020", "2020-10-13");
        one("the 1st of March 2016", "1st of March 2016", "2016-03-01");
    }

    #[test]
    fn weekday_before_the_day() {
        one(
            "Tuesday 13 October 2020",
            "Tuesday 13 October 2020",
            "2020-10-13",
        );
        one(
            "Tuesday, 13 October 2020",
            "Tuesday, 13 October 2020",
            "2020-10-13",
        );
        one(
            "by Friday 12 March 2021:",
            "Friday 12 March 2021",
            "2021-03-12",
        );
    }

    #[test]
    fn month_first_american_order() {
        one("October 13, 2020", "October 13, 2020", "2020-10-13");
        one("on June 16, 2022 we", "June 16, 2022", "2022-06-16");
    }

    #[test]
    fn month_first_with_ordinal_and_capitals() {
        one("October 13th, 2020", "October 13th, 2020", "2020-10-13");
        one("13 OCTOBER 2020", "13 OCTOBER 2020", "2020-10-13");
    }

    #[test]
    fn long_runs_of_digits_and_spaces_stay_linear() {
        let text =
            "1".repeat(200_000) + &" 13".repeat(100_000) + &" ".repeat(200_000) + "October 2020";
        let started = std::time::Instant::now();
        assert_eq!(find_all(&text).len(), 1);
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn abbreviated_month() {
        one("13 Oct 2020", "13 Oct 2020", "2020-10-13");
        one("13 Sept. 2020", "13 Sept. 2020", "2020-09-13");
    }

    #[test]
    fn month_and_year_have_month_precision() {
        assert_eq!(
            dates("in October 2020 and Sept 2019"),
            vec![
                ("October 2020".into(), "2020-10-01".into(), Precision::Month),
                ("Sept 2019".into(), "2019-09-01".into(), Precision::Month),
            ]
        );
        assert_eq!(
            dates("January 2019"),
            vec![("January 2019".into(), "2019-01-01".into(), Precision::Month)]
        );
    }

    #[test]
    fn numeric_dates_are_day_first() {
        one("13/10/2020", "13/10/2020", "2020-10-13");
        one("on 13.10.20.", "13.10.20", "2020-10-13");
        one("13-10-2020", "13-10-2020", "2020-10-13");
        one("4/6/2021", "4/6/2021", "2021-06-04");
    }

    #[test]
    fn iso_dates() {
        one("(2020-10-13)", "2020-10-13", "2020-10-13");
    }

    #[test]
    fn invalid_calendar_date_is_not_a_date() {
        none("on 31 September 2020");
        none("29 February 2021");
        none("31/02/2020");
        one("29 February 2020", "29 February 2020", "2020-02-29");
    }

    #[test]
    fn ranges_financial_years_and_sections_are_not_dates() {
        none("the Strategic Plan 2019-2021 and the 2017/18 report");
        none("section 45 of the Act 2015");
        none("see section 4.10.12 for details");
        none("Tel: 0303 123 1113 or 020 3513 0477");
        none("Our ref: IASC/HS/2021/02");
        none("ref ABC-2021-02-03");
    }

    #[test]
    fn month_name_alone_or_bare_year_is_not_a_date() {
        none("In June you announced a pause, in 2019.");
        none("I may 2020");
        none("Published in May.");
    }

    #[test]
    fn several_dates_in_order() {
        let found = dates("from 1 April 2017 to 31 March 2018, reported in May 2019");
        let isos: Vec<&str> = found.iter().map(|d| d.1.as_str()).collect();
        assert_eq!(isos, ["2017-04-01", "2018-03-31", "2019-05-01"]);
    }

    #[test]
    fn date_across_a_line_break() {
        one("on 13 October\n2020", "13 October\n2020", "2020-10-13");
    }

    #[test]
    fn parse_exact_accepts_a_whole_date_only() {
        let m = parse_exact("  9 February 2021 ").unwrap();
        assert_eq!((m.range, iso(m.date)), (2..17, "2021-02-09".to_string()));
        assert_eq!(iso(parse_exact("13/10/2020").unwrap().date), "2020-10-13");
        assert_eq!(parse_exact("13 October 2020 at noon"), None);
        assert_eq!(parse_exact("Dear Sir"), None);
        let y = parse_exact("2019").unwrap();
        assert_eq!(
            (iso(y.date), y.precision),
            ("2019-01-01".into(), Precision::Year)
        );
    }

    #[test]
    fn day_month_without_year() {
        let t = "by Friday 4 December, please";
        let dm = day_month_at(t, 3).unwrap();
        assert_eq!(
            (&t[dm.start..dm.end], dm.day, dm.month),
            ("Friday 4 December", 4, 12)
        );
        let t = "by 30 November.";
        let dm = day_month_at(t, 3).unwrap();
        assert_eq!(
            (&t[dm.start..dm.end], dm.day, dm.month),
            ("30 November", 30, 11)
        );
    }

    #[test]
    fn month_alone() {
        assert_eq!(month_at("end of January.", 7), Some((14, 1)));
        assert_eq!(month_at("end of Janus", 7), None);
    }

    #[test]
    fn next_occurrence_rolls_over_the_year() {
        let dec = Date::new(2020, 12, 10).unwrap();
        assert_eq!(next_on_or_after(dec, 1, 15), Date::new(2021, 1, 15).ok());
        assert_eq!(next_on_or_after(dec, 12, 10), Some(dec));
        assert_eq!(next_on_or_after(dec, 2, 29), Date::new(2024, 2, 29).ok());
        assert_eq!(next_on_or_after(dec, 2, 30), None);
        assert_eq!(next_end_of_month(dec, 1), Date::new(2021, 1, 31).ok());
        assert_eq!(next_end_of_month(dec, 12), Date::new(2020, 12, 31).ok());
    }

    #[test]
    fn numeric_date_after_a_multibyte_dash() {
        one("—13.10.20", "13.10.20", "2020-10-13");
        none("No. 13.10.20");
    }

    proptest::proptest! {
        #[test]
        fn prechecks_pass_every_date(
            s in r"([0-9]{1,5}|st|th|of|[ \t\n/.,-]|\u{a0}|é|May|May\.|Sept|Friday|The|Them|Thurs|june|2020){0,8}"
        ) {
            let b = s.as_bytes();
            for i in (0..b.len()).filter(|&i| s.is_char_boundary(i)) {
                if date_at(&s, i).is_some() || day_month_at(&s, i).is_some() {
                    if b[i].is_ascii_digit() {
                        proptest::prop_assert!(digits_may_open_date(b, i), "{s:?} at {i}");
                    } else if b[i].is_ascii_uppercase() {
                        proptest::prop_assert!(names_a_date_word(b, i), "{s:?} at {i}");
                    }
                }
            }
        }

        #[test]
        fn ranges_are_in_bounds_and_on_char_boundaries(
            s in "([0-9]{1,4}|[ .,/:-]|é|—|\\n|Oct|October|May|Fri|Friday|13th|of|2020|I|a){0,24}"
        ) {
            for m in find_all(&s) {
                proptest::prop_assert!(m.range.end <= s.len());
                proptest::prop_assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
                proptest::prop_assert!(m.range.start < m.range.end);
            }
            let _ = parse_exact(&s);
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "1",
            "31/",
            "13.10.",
            "October",
            "Fri",
            "é13 October 2020",
            "13 Octobre 2020",
            "2020-",
            "12th",
            "9999-99-99",
        ] {
            let _ = find_all(s);
            let _ = parse_exact(s);
        }
        // A non-ASCII letter glues to the number; the month and year remain.
        assert_eq!(
            dates("é13 October 2020"),
            vec![("October 2020".into(), "2020-10-01".into(), Precision::Month)]
        );
        assert_eq!(dates("—13 October 2020").len(), 1);
    }

    #[test]
    fn names_find_what_a_scan_of_the_list_finds() {
        let scan = |table: &[(&'static str, i8)], word: &str| {
            let n = table
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(word))
                .map(|&(_, n)| n)?;
            let short = table
                .iter()
                .any(|(name, m)| *m == n && name.len() > word.len());
            Some((n, short))
        };
        let mut words: Vec<String> = MONTHS
            .iter()
            .chain(WEEKDAYS.iter())
            .flat_map(|(w, _)| [w.to_string(), w.to_uppercase(), format!("{w}x")])
            .collect();
        words.extend(["The", "Mayor", "Marc", "Sep", "Thurs", "Tues", "Monday"].map(String::from));
        for w in words.iter().filter(|w| (3..=9).contains(&w.len())) {
            assert_eq!(MONTH_NAMES.get(w.as_bytes()), scan(&MONTHS, w), "{w}");
            assert_eq!(WEEKDAY_NAMES.get(w.as_bytes()), scan(&WEEKDAYS, w), "{w}");
        }
    }

    #[test]
    fn prechecks_pass_the_forms_of_a_date() {
        for s in [
            "2020-10-13",
            "13/10/2020",
            "4.2.10",
            "13 October",
            "13th of October",
            "1st\u{a0}May",
            "4 \n December",
        ] {
            assert!(digits_may_open_date(s.as_bytes(), 0), "{s}");
        }
        for s in ["2020 was", "28 days", "(3)", "12345", "123-4", "2020,"] {
            assert!(!digits_may_open_date(s.as_bytes(), 0), "{s}");
        }
        for s in ["Sept", "Thurs", "MAY", "Wednesday"] {
            assert!(names_a_date_word(s.as_bytes(), 0), "{s}");
        }
        assert!(!names_a_date_word(b"The", 0) && !names_a_date_word(b"Council", 0));
    }
}
