//! The tail of a letter: what follows the valediction. The signature as
//! read, the signatory's name, role and office, a date set at the very end,
//! copy recipients ("cc:", "Copy to:") and enclosures ("Enc:").

use crate::layout::Layout;
use crate::names::NameParts;
use crate::segment::{self, Kind};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// What the tail holds.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    /// The line(s) where the signature stands, as read.
    pub signature: Option<Range<usize>>,
    /// The signatory's printed name.
    pub name: Option<(NameParts, Range<usize>)>,
    /// A name slot was printed but withheld ("[redacted]").
    pub name_withheld: bool,
    /// True when the only name-like line is also the signature: it may be an
    /// unreadable rendering of a handwritten signature.
    pub name_is_signature: bool,
    pub role: Option<Range<usize>>,
    pub org: Option<Range<usize>>,
    /// Address and contact details printed under the signatory.
    pub details: crate::parties::Draft,
    pub dates: Vec<Range<usize>>,
    /// Each copy recipient's text.
    pub cc: Vec<Range<usize>>,
    pub enclosures: Vec<Range<usize>>,
    /// Where a web page's text after the letter begins ("Share this page").
    pub page_after: Option<usize>,
}

/// "cc:", "Copy to:", "Enc:" labels.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)(cc|copy to|copies to|copied to|enc|encl|enclosures?|attachments?|enclosed)\s*[.:]\s*").unwrap()
});

/// A footnote definition opening a line: "^3 …", "[3] …", "3 Author …".
pub(crate) static FOOTNOTE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\^(\d{1,3})|\[(\d{1,3})\]|(\d{1,3})\.?)\s+\S").unwrap());

/// In flattened text: a footnote number followed by a citation.
static FOOTNOTE_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)\^?\d{1,3}\s+(?:[A-Z][^\s]*\s+){0,12}?(?:[^\s]*\((?:19|20)\d\d\)|(?:19|20)\d\d\b|https?://)").unwrap()
});

/// In flattened text: a heading over the notes, then the first one's number
/// ("Footnotes 1. Protection of …", "Notes: [1] …", "Endnotes ^1 …").
static NOTES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:Footnotes|Endnotes|Notes|footnotes|endnotes|FOOTNOTES|ENDNOTES|NOTES)\s*:?\s+(?:\^|\[)?1(?:[.):\]]|\s)").unwrap()
});

static WEB_JUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:related (?:content|news)|share this page|is this page useful|was this page helpful|sign up|topics|©|\(c\)|all content is available|prepared \d)").unwrap()
});

/// Reads the tail of a letter.
pub(crate) fn read(text: &str, lay: &Layout) -> Tail {
    let mut tail = Tail::default();
    let region = lay.tail.clone();
    if region.start >= region.end {
        return tail;
    }
    let mut zone: Vec<Range<usize>> = Vec::new();
    let mut zone_open = true;
    let mut in_label = false;
    // The lines of each copy or enclosure block: (is_cc, the lines' ranges).
    let mut blocks: Vec<(bool, Vec<Range<usize>>)> = Vec::new();
    // In double-spaced text a blank line is a line break: a block ends at
    // two blank lines.
    let double = double_spaced(text, &lay.lines);
    let mut blanks = 0;
    for l in &lay.lines {
        if l.range.end <= region.start || l.furniture {
            if l.furniture {
                in_label = false;
            }
            continue;
        }
        let r = l.range.start.max(region.start)..l.range.end;
        let s = &text[r.clone()];
        if crate::text::is_blank(s) {
            blanks += 1;
            if !double || blanks >= 2 {
                in_label = false;
            }
            continue;
        }
        blanks = 0;
        let lead = s.len() - s.trim_start().len();
        let r = r.start + lead..r.start + s.trim_end().len();
        let s = &text[r.clone()];
        let first = s.as_bytes().first().copied().unwrap_or(b' ');
        // Each of WEB_JUNK's forms opens with one of these (or non-ASCII).
        let junk_first = !first.is_ascii()
            || matches!(
                first.to_ascii_lowercase(),
                b'r' | b's' | b'i' | b'w' | b't' | b'(' | b'a' | b'p'
            );
        if junk_first && WEB_JUNK.is_match(s) {
            tail.page_after = Some(r.start);
            break;
        }
        if crate::date::parse_exact(s.trim_end_matches(['.', ',']))
            .is_some_and(|d| d.precision != crate::record::Precision::Year)
        {
            // A line that is just a date: the letter dated at its foot.
            tail.dates.push(r.clone());
            continue;
        }
        // Footnote definitions end the signature zone and any label block.
        // A definition opens with "^", "[" or a digit (maybe a non-ASCII one).
        let note_first = !first.is_ascii() || matches!(first, b'^' | b'[' | b'0'..=b'9');
        if !zone.is_empty() && note_first && FOOTNOTE_LINE.is_match(s) {
            zone_open = false;
            in_label = false;
            continue;
        }
        // Labels may stand mid-line when lines were flattened.
        // A label is followed by "." or ":".
        let label_at = if s.contains(['.', ':']) {
            LABEL.find(s)
        } else {
            None
        };
        if let Some(m) = label_at {
            let before = r.start..r.start + m.start();
            if zone_open && !text[before.clone()].trim().is_empty() {
                zone.push(before);
            }
            zone_open = false;
            let word = m
                .as_str()
                .trim()
                .trim_end_matches([':', '.'])
                .to_lowercase();
            let is_cc = word.starts_with('c');
            let rest = r.start + m.end()..r.end;
            let rest = cut_footnotes(text, rest);
            blocks.push((is_cc, vec![rest]));
            in_label = true;
            continue;
        }
        if in_label {
            let rest = cut_footnotes(text, r);
            if let Some((_, lines)) = blocks.last_mut() {
                lines.push(rest);
            }
            continue;
        }
        if zone_open {
            let cut = cut_footnotes(text, r.clone());
            if cut.end < r.end {
                zone_open = false;
            }
            if cut.start < cut.end {
                zone.push(cut);
            }
        }
    }
    // Each label's lines, a line that ran out of room joined to the next
    // ("Ruth Maguire MSP, Convener, Equalities and Human Rights / Committee").
    for (is_cc, lines) in blocks {
        for r in join_wrapped(text, lay.wrap_width, lines) {
            push_items(text, r, is_cc, &mut tail);
        }
    }
    let zone = join_wrapped(text, lay.wrap_width, zone);
    read_signature(text, &zone, &mut tail);
    tail
}

/// Whether the text is double-spaced: nearly every line with words is
/// followed by a blank line (at least ten such lines), and paragraphs are
/// set apart by two blank lines or more (twice at least). Text with one
/// line a paragraph and one blank line between has no such runs.
fn double_spaced(text: &str, lines: &[crate::layout::Line]) -> bool {
    // Each line with the two after it, each line looked at once.
    let mut blanks = lines
        .iter()
        .map(|l| crate::text::is_blank(&text[l.range.clone()]));
    let (Some(mut a), Some(mut b)) = (blanks.next(), blanks.next()) else {
        return false;
    };
    let (mut full, mut spaced, mut wide_gaps) = (0, 0, 0);
    for c in blanks {
        if !a {
            full += 1;
            spaced += usize::from(b);
            wide_gaps += usize::from(b && c);
        }
        (a, b) = (b, c);
    }
    full >= 10 && spaced * 10 >= full * 9 && wide_gaps >= 2
}

/// Joins the signature zone's pieces that a text wrapped at a fixed width
/// split ("… Dame Sara Thornton DBE / QPM Independent …"): a piece that
/// ended for want of room runs on into the next line's piece.
fn join_wrapped(
    text: &str,
    wrap_width: Option<usize>,
    zone: Vec<Range<usize>>,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(zone.len());
    for r in zone {
        if let Some(last) = out.last_mut() {
            let between = &text[last.end.min(r.start)..r.start];
            let next_line =
                between.bytes().filter(|&b| b == b'\n').count() == 1 && between.trim().is_empty();
            let line_start = text[..last.end].rfind('\n').map_or(0, |i| i + 1);
            if next_line
                && crate::layout::wrapped_line(
                    wrap_width,
                    &text[line_start..last.end],
                    &text[r.clone()],
                )
            {
                last.end = r.end;
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// Cuts a flattened line where footnote definitions begin.
fn cut_footnotes(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    // A footnote number is a digit (maybe a non-ASCII one).
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_digit()) {
        return r;
    }
    // A notes heading and the first note's number: "… Footnotes 1. Home …".
    let heading = NOTES_HEADING.find(s).map(|m| m.start());
    let note = FOOTNOTE_INLINE
        .find(s)
        .map(|m| m.start())
        .filter(|&at| at > 0);
    match (heading, note) {
        (Some(h), Some(n)) => r.start..r.start + h.min(n),
        (Some(a), None) | (None, Some(a)) => r.start..r.start + a,
        (None, None) => r,
    }
}

/// Splits a copy or enclosure block into items: one a line, or separated by
/// semicolons; a bullet or dash before an item is dropped.
fn push_items(text: &str, r: Range<usize>, is_cc: bool, tail: &mut Tail) {
    let s = &text[r.clone()];
    let mut start = 0;
    let mut pieces = Vec::new();
    for (i, c) in s.char_indices() {
        if c == ';' {
            pieces.push(start..i);
            start = i + 1;
        }
    }
    pieces.push(start..s.len());
    for p in pieces {
        let t = &s[p.clone()];
        let t2 = t
            .trim_start()
            .trim_start_matches(['-', '•', '*', '·'])
            .trim_start();
        let lead = t.len() - t2.len();
        let t3 = t2.trim_end().trim_end_matches(['.', ',']);
        if t3.is_empty() {
            continue;
        }
        let a = r.start + p.start + lead;
        let item = a..a + t3.len();
        if is_cc {
            for part in split_people(text, item) {
                tail.cc.push(part);
            }
        } else {
            tail.enclosures.push(item);
        }
    }
}

/// Splits "Simon Cole QPM, Chief Constable, Leicestershire Police Grace
/// Strong, Strategic Director, …" where a new name follows an office.
fn split_people(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[r.clone()];
    let toks: Vec<(usize, &str)> = s
        .split(' ')
        .scan(0usize, |pos, t| {
            let at = *pos;
            *pos += t.len() + 1;
            Some((at, t))
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..toks.len() {
        let prev = toks[k - 1].1;
        let office_end = crate::lexicon::is_org_noun(prev) || crate::lexicon::is_role_noun(prev);
        if !office_end || prev.ends_with(',') {
            continue;
        }
        let words: Vec<&str> = toks[k..].iter().map(|t| t.1).collect();
        if let Some((n, used)) = crate::names::read_name(&words) {
            if n.has_name() && used >= 2 && words[used - 1].ends_with(',') {
                out.push(r.start + start..r.start + toks[k - 1].0 + prev.len());
                start = toks[k].0;
            }
        }
    }
    out.push(r.start + start..r.end);
    out
}

/// Reads signature, name, role and office from the signature zone.
fn read_signature(text: &str, zone: &[Range<usize>], tail: &mut Tail) {
    let mut segs = Vec::new();
    let mut seg = segment::Segmenter::new(text);
    for (i, r) in zone.iter().enumerate() {
        seg.line_into(r.clone(), i, &mut segs);
    }
    let role_at = segs
        .iter()
        .position(|s| s.kind == Kind::Role)
        .or_else(|| segs.iter().position(|s| s.kind == Kind::Org));
    let upto = role_at.unwrap_or(segs.len());
    let nameish: Vec<usize> = (0..upto)
        .filter(|&i| match &segs[i].kind {
            Kind::Name(_) | Kind::Redacted => true,
            Kind::Other => text[segs[i].range.clone()].split_whitespace().count() <= 4,
            _ => false,
        })
        .collect();
    if let Some(ri) = role_at {
        let kind = segs[ri].kind.clone();
        if kind == Kind::Role {
            tail.role = Some(segs[ri].range.clone());
            if let Some(o) = segs[ri + 1..]
                .iter()
                .take_while(|s| !matches!(s.kind, Kind::Name(_)))
                .find(|s| s.kind == Kind::Org)
            {
                tail.org = Some(o.range.clone());
            }
        } else {
            tail.org = Some(segs[ri].range.clone());
        }
    }
    // Address and contact details under the signatory, before another name.
    if let Some(ri) = role_at {
        for s in segs[ri + 1..]
            .iter()
            .take_while(|s| !matches!(s.kind, Kind::Name(_)))
        {
            match &s.kind {
                Kind::Address | Kind::Other if tail.details.postcode.is_none() => {
                    tail.details.address.push(s.range.clone())
                }
                Kind::Postcode(p, r) if tail.details.postcode.is_none() => {
                    tail.details.postcode = Some((p.clone(), s.range.clone(), *r))
                }
                Kind::Phone(e) => tail.details.phones.push((s.range.clone(), e.clone())),
                Kind::Email(a) => tail.details.emails.push((s.range.clone(), a.clone())),
                _ => {}
            }
        }
        // Words after the role are an address only if a postcode closes them.
        if tail.details.postcode.is_none() {
            tail.details.address.clear();
        }
    }
    let last_name = nameish
        .iter()
        .rev()
        .find(|&&i| matches!(segs[i].kind, Kind::Name(_) | Kind::Redacted));
    if let Some(&li) = last_name {
        match &segs[li].kind {
            Kind::Name(p) if p.has_name() => tail.name = Some((p.clone(), segs[li].range.clone())),
            _ => tail.name_withheld = true,
        }
    }
    if let Some(&first) = nameish.first() {
        let line = segs[first].line;
        // The signature is the first line under the valediction.
        let sig = zone[line].clone();
        let sig_end = if segs[first].line == segs.get(upto).map_or(usize::MAX, |s| s.line) {
            segs[first].range.end
        } else {
            sig.end.min(
                segs[first..]
                    .iter()
                    .take_while(|s| s.line == line)
                    .map(|s| s.range.end)
                    .max()
                    .unwrap_or(sig.end),
            )
        };
        tail.signature = Some(segs[first].range.start..sig_end);
        tail.name_is_signature = nameish.len() == 1 && last_name == Some(&first);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail(t: &str) -> Tail {
        read(t, &crate::layout::layout(t))
    }

    #[test]
    fn signature_name_and_role_under_the_valediction() {
        let t = "Dear Sir,\n\nText.\n\nYours sincerely,\n\nKathryn Stone OBE\nParliamentary Commissioner for Standards\n\n9 February 2022\n";
        let tl = tail(t);
        assert_eq!(tl.name.as_ref().unwrap().0.family.as_deref(), Some("Stone"));
        assert_eq!(
            &t[tl.role.clone().unwrap()],
            "Parliamentary Commissioner for Standards"
        );
        assert_eq!(tl.dates.len(), 1);
    }

    #[test]
    fn unreadable_signature_line_then_printed_name() {
        let t = "Dear Sir,\n\nText.\n\nYours sincerely,\n\nJuclith Tliompsor\n\nJudith Thompson\nCommissioner for Victims and Survivors\n";
        let tl = tail(t);
        assert_eq!(&t[tl.signature.clone().unwrap()], "Juclith Tliompsor");
        assert_eq!(
            tl.name.as_ref().unwrap().0.family.as_deref(),
            Some("Thompson")
        );
        assert!(!tl.name_is_signature);
    }

    #[test]
    fn a_copy_recipient_wrapped_at_the_text_width_stays_one_item() {
        // A text wrapped at 40 columns: the first cc item ran out of room.
        let wrapped = "We write about the plans for the region\n\
                    and the way in which the services are\n\
                    funded over the coming years, with a\n\
                    note on the arrangements for review that\n\
                    the board agreed at its last meeting in\n\
                    the spring, and the steps that follow\n\
                    from them for each of the partners named\n\
                    below in this letter.";
        let t = format!(
            "Dear A B,\n\n{wrapped}\n\nYours sincerely\n\nAnn Lee\nDirector\n\n\
             cc: Ann Mole MSP, Convener, Equalities\nCommittee\nBen Hart MSP, Convener\n"
        );
        let tl = tail(&t);
        let cc: Vec<String> = tl
            .cc
            .iter()
            .map(|r| {
                t[r.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            cc,
            [
                "Ann Mole MSP, Convener, Equalities Committee",
                "Ben Hart MSP, Convener"
            ]
        );
    }

    #[test]
    fn double_spaced_copy_recipients_stay_one_block() {
        let body: String = (0..12)
            .map(|i| {
                format!(
                    "Line {i} of the letter.\n\n{}",
                    if i % 4 == 3 { "\n" } else { "" }
                )
            })
            .collect();
        let t = format!(
            "Dear A B,\n\n{body}Yours sincerely\n\nAnn Lee\n\nDirector\n\n\n\ncc: Ben Hart, Chair\n\nCat Ray, Clerk\n\n\n\nOffice of the Director, 1 Mill Lane\n"
        );
        let cc: Vec<&str> = tail(&t).cc.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(cc, ["Ben Hart, Chair", "Cat Ray, Clerk"]);
        // One line a paragraph, one blank line between: a blank line ends it.
        let body: String = (0..12).map(|i| format!("Paragraph {i}.\n\n")).collect();
        let t = format!("Dear A B,\n\n{body}Yours sincerely\n\nAnn Lee\n\ncc: Ben Hart, Chair\n\nRead more news\n");
        let cc: Vec<&str> = tail(&t).cc.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(cc, ["Ben Hart, Chair"]);
        // Single-spaced, a blank line ends the block.
        let t = "Dear A B,\n\nText.\n\nYours sincerely\n\nAnn Lee\n\ncc: Ben Hart, Chair\n\nCat Ray, Clerk\n";
        let cc: Vec<&str> = tail(t).cc.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(cc, ["Ben Hart, Chair"]);
    }

    #[test]
    fn copy_recipients_one_a_line_and_split_after_an_office() {
        let t = "Dear A B,\n\nText.\n\nYours sincerely\n\nAnn Lee\nDirector\n\ncc: Simon Cole QPM, Chief Constable, Leicestershire Police Grace Strong, Strategic Director, Violence Reduction Network\n";
        let tl = tail(t);
        let cc: Vec<&str> = tl.cc.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(
            cc,
            [
                "Simon Cole QPM, Chief Constable, Leicestershire Police",
                "Grace Strong, Strategic Director, Violence Reduction Network"
            ]
        );
    }

    #[test]
    fn enclosure_label_takes_the_rest_of_its_line() {
        let t = "Dear A B,\n\nText.\n\nYours sincerely\n\nAnn Lee\nDirector\n\nEnc: Annex A – Data request template\n\n^1 Home Office (2020) Report\n";
        let tl = tail(t);
        assert_eq!(
            &t[tl.enclosures[0].clone()],
            "Annex A – Data request template"
        );
    }

    #[test]
    fn flattened_tail_stops_at_footnotes() {
        let t = "Dear A B, Text. Yours sincerely, Aun Yurn Independent Anti-Slavery Commissioner 4 Independent Anti-Slavery Commissioner (2020) The Act";
        let tl = tail(t);
        assert_eq!(
            &t[tl.role.clone().unwrap()],
            "Independent Anti-Slavery Commissioner"
        );
        assert!(tl.name_is_signature);
    }

    #[test]
    fn flattened_enclosure_stops_at_a_notes_heading() {
        let t =
            "Dear A B, Text. Yours sincerely, Aun Yurn Chief Inspector Enc: Terms of reference \
                 Footnotes 1. Policing Act 2019, section 3 2. Home Office (2021) Guidance";
        let tl = tail(t);
        let encl: Vec<&str> = tl.enclosures.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(encl, ["Terms of reference"]);
        // In a sentence, "notes" is a word, not a heading.
        let t = "Dear A B, Text. Yours sincerely, Aun Yurn Chief Inspector Enc: My notes 1 and 2";
        let encl: Vec<&str> = tail(t).enclosures.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(encl, ["My notes 1 and 2"]);
    }
}
