//! The body: paragraphs in reading order, reflowed, with list labels kept
//! apart, page furniture and footnote definitions taken out, and a paragraph
//! cut by a page break joined again. Footnote definitions found on the way
//! are returned for the footnotes stage.

use crate::layout::Layout;
use crate::normalize::Normalized;
use crate::text::MappedText;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A paragraph as built: clean reflowed text mapped to the raw input.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub text: MappedText,
    pub label: Option<String>,
    /// Clean range from its first to its last byte.
    pub extent: Range<usize>,
    /// Footnote markers: number and clean range of the marker.
    pub markers: Vec<(u32, Range<usize>)>,
}

/// A footnote definition as found: its number, text, and clean extent.
#[derive(Debug, Clone)]
pub(crate) struct NoteDef {
    pub number: u32,
    pub text: MappedText,
    pub extent: Range<usize>,
}

/// A list label at a line start: a bullet, or "3.", "(b)", "iv)". Read by
/// hand ([`label_at`]); the tests hold the two to the same answers.
#[cfg(test)]
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:([-•*·–▪◦])|(\(?(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)]))\s+").unwrap()
});

/// [`LABEL`] read by hand: the label's range in `s` and where the white
/// space after it ends. Each repeat in the label can only be taken whole
/// (what follows it must be '.' or ')'), so each form has one reading, and
/// a letter and a numeral read alike ("i." either way).
fn label_at(s: &str) -> Option<(Range<usize>, usize)> {
    // `\s` is Unicode's White_Space, as `trim_start` reads it.
    let at = s.len() - s.trim_start().len();
    let t = &s[at..];
    let c = t.chars().next()?;
    let len = if matches!(c, '-' | '•' | '*' | '·' | '–' | '▪' | '◦') {
        c.len_utf8()
    } else {
        let open = usize::from(c == '(');
        let b = &t.as_bytes()[open..];
        let run = |n: usize, f: fn(&u8) -> bool| b.iter().take(n).take_while(|x| f(x)).count();
        let forms = [
            run(2, u8::is_ascii_digit),
            run(1, u8::is_ascii_lowercase),
            run(4, |x| matches!(x, b'i' | b'v' | b'x')),
        ];
        let n = forms
            .into_iter()
            .find(|&n| n > 0 && matches!(b.get(n), Some(b'.' | b')')))?;
        open + n + 1
    };
    let rest = &t[len..];
    let after = rest.trim_start();
    (after.len() < rest.len()).then(|| (at..at + len, s.len() - after.len()))
}

/// A footnote definition at a line start: "^3 …", "[3] …", "3 Author (2020) …".
/// Read by hand ([`note_at`]); the tests hold the two to the same answers.
#[cfg(test)]
static NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\^(\d{1,3})|\[(\d{1,3})\]|(\d{1,3}))\s+(\S)").unwrap());

/// A dotted footnote number, as under a "Footnotes" heading: "1. Home Office …".
/// Read by hand ([`dotted_note_at`]).
#[cfg(test)]
static NOTE_DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,3})\.\s+(\S)").unwrap());

/// The head of a footnote definition at a line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NoteHead {
    number: u32,
    /// Where a bare number starts ("3 Author …"); `None` after "^" or in "[ ]".
    plain_at: Option<usize>,
    /// Where the note's text starts (its first non-space character).
    text_at: usize,
}

/// Up to three ASCII digits at `s[i..]`: their value and the index after them.
fn digits_at(s: &[u8], i: usize) -> Option<(u32, usize)> {
    let n = s[i..]
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (n > 0).then(|| {
        let v = s[i..i + n]
            .iter()
            .fold(0, |v, &b| v * 10 + u32::from(b - b'0'));
        (v, i + n)
    })
}

/// The index after the white space at `s[i..]`.
fn skip_space(s: &str, i: usize) -> usize {
    i + s[i..].len() - s[i..].trim_start().len()
}

/// White space, then a non-space character, at `s[i..]`: where that character starts.
fn text_after(s: &str, i: usize) -> Option<usize> {
    let j = skip_space(s, i);
    (j > i && j < s.len()).then_some(j)
}

/// [`NOTE`] read by hand: "^3 …", "[3] …" or "3 …" at the line start. A
/// number must be ASCII digits (the caller parses it; other digits never
/// made a note).
fn note_at(s: &str) -> Option<NoteHead> {
    let b = s.as_bytes();
    let i = skip_space(s, 0);
    let (number, end, plain_at) = match b.get(i)? {
        b'^' => {
            let (v, e) = digits_at(b, i + 1)?;
            (v, e, None)
        }
        b'[' => {
            let (v, e) = digits_at(b, i + 1)?;
            (b.get(e) == Some(&b']')).then_some((v, e + 1, None))?
        }
        _ => {
            let (v, e) = digits_at(b, i)?;
            (v, e, Some(i))
        }
    };
    Some(NoteHead {
        number,
        plain_at,
        text_at: text_after(s, end)?,
    })
}

/// [`NOTE_DOTTED`] read by hand: "1. …" at the line start.
fn dotted_note_at(s: &str) -> Option<NoteHead> {
    let b = s.as_bytes();
    let i = skip_space(s, 0);
    let (number, e) = digits_at(b, i)?;
    (b.get(e) == Some(&b'.')).then_some(())?;
    Some(NoteHead {
        number,
        plain_at: None,
        text_at: text_after(s, e + 1)?,
    })
}

/// Footnote markers in running text: "^3", and "[3]" (checked against
/// defined numbers). Read by hand ([`marker_at`]); the tests hold the two
/// to the same answers.
#[cfg(test)]
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\^(\d{1,3})|\[(\d{1,3})\]").unwrap());

/// A footnote number glued to a word or after punctuation: "announcement1", "reform.3", "Units,3".
/// Read by hand ([`glued`]); the tests hold the two to the same answers.
#[cfg(test)]
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z][A-Za-z]|[a-z][.,;:)'\x22])(\d{1,2})(?:\s|$|[.,;:)])").unwrap()
});

/// Whether a line may open a footnote definition: [`NOTE`] and
/// [`NOTE_DOTTED`] need an ASCII digit, '^' or '[' after the leading spaces
/// (a number in other digits does not parse, and makes a text line either
/// way). Most lines open with a letter, and this spares them both captures.
fn may_be_note(s: &str) -> bool {
    s.trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '^' || c == '[')
}

/// Whether a line may open with a list label: [`LABEL`] needs a bullet, an
/// opening bracket, an ASCII digit or a lower-case ASCII letter after the
/// leading spaces. Most lines open with a capital, and this spares them the
/// capture. A label that is not a bullet ("3.", "(b)", "iv)") is six bytes
/// at most and ends with '.' or ')': a wrapped line that opens with a
/// lower-case word has neither among its first six bytes.
fn may_be_label(s: &str) -> bool {
    let t = s.trim_start();
    match t.chars().next() {
        Some(c) if c.is_ascii_digit() || c.is_ascii_lowercase() || c == '(' => {
            t.as_bytes().iter().take(6).any(|&b| b == b'.' || b == b')')
        }
        Some(c) => matches!(c, '-' | '•' | '*' | '·' | '–' | '▪' | '◦'),
        None => false,
    }
}

/// Whether a plain-number line is a footnote definition, not a wrapped
/// sentence: a capital, quote or URL after the number, and the text looks
/// like a citation or a short note.
fn plain_note_ok(s: &str, head: &NoteHead) -> bool {
    let Some(at) = head.plain_at else {
        return true;
    };
    s[head.text_at..].starts_with(|c: char| c.is_uppercase() || c == 'h' || c == 'w')
        && !crate::date::find_all(s).iter().any(|d| d.range.start <= at)
}

struct Line {
    range: Range<usize>,
    kind: LineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Furniture,
    Note(u32),
    Text,
    /// Running text that continues the paragraph before the footnotes
    /// printed inside it (flattened text only).
    Continued,
}

/// What the body stage found: paragraphs, footnote definitions, and the
/// stretches whose paragraph breaks had to be inferred.
pub(crate) struct Body {
    pub paras: Vec<Para>,
    pub notes: Vec<NoteDef>,
    /// Clean ranges of flattened text split into paragraphs by
    /// [`crate::breaks::infer`].
    pub inferred: Vec<Range<usize>>,
}

/// Splits the body region into paragraphs and collects footnote definitions
/// from the body and the tail.
pub(crate) fn read(norm: &Normalized, lay: &Layout, body: Range<usize>, notes_from: usize) -> Body {
    let text = norm.text.as_str();
    let mut lines = Vec::with_capacity(lay.lines.len());
    for l in &lay.lines {
        if l.range.end < body.start || l.range.start >= text.len() {
            continue;
        }
        let r = l.range.start.max(body.start)..l.range.end;
        let s = &text[r.clone()];
        let kind = if l.furniture {
            LineKind::Furniture
        } else if crate::text::is_blank(s) {
            LineKind::Blank
        } else if !may_be_note(s) {
            LineKind::Text
        } else if let Some(h) = note_at(s).filter(|h| plain_note_ok(s, h)) {
            LineKind::Note(h.number)
        } else if let Some(h) = dotted_note_at(s).filter(|_| r.start >= notes_from) {
            LineKind::Note(h.number)
        } else {
            LineKind::Text
        };
        lines.push(Line { range: r, kind });
    }
    let mut inferred = Vec::new();
    let raw_lines = lines;
    let lines = expand_flattened(norm, &raw_lines, &lay.lines, body.clone(), &mut inferred);
    let lines = soft_breaks(text, lines, body.clone());
    // The lines' width, asked of only where a note line may have cut a
    // paragraph (a sort of all the widths, spared in most letters).
    let typical = std::cell::OnceCell::new();
    let typical = || *typical.get_or_init(|| typical_width(text, &lines, body.clone()));
    // Footnote definitions: a note line and the wrapped lines that continue it.
    let mut notes: Vec<NoteDef> = Vec::new();
    let mut in_note: Option<usize> = None;
    let mut is_note_line = vec![false; lines.len()];
    let mut note_http: Vec<bool> = Vec::new();
    // The notes being read cut a paragraph of the body mid-sentence.
    let mut cut_open = false;
    for (i, l) in lines.iter().enumerate() {
        match l.kind {
            LineKind::Note(n) if l.range.start >= body.start => {
                if in_note.is_none() {
                    cut_open = cut_before(text, &lines[..i], body.end);
                }
                let s = &text[l.range.clone()];
                let start = note_at(s)
                    .or_else(|| dotted_note_at(s))
                    .map_or(0, |h| h.text_at);
                let mut t = MappedText::new();
                push_line(norm, l.range.start + start..l.range.end, &mut t, &[]);
                note_http.push(crate::text::contains_by(&t.text, "http", 3));
                notes.push(NoteDef {
                    number: n,
                    text: t,
                    extent: l.range.clone(),
                });
                is_note_line[i] = true;
                in_note = Some(notes.len() - 1);
            }
            LineKind::Text if in_note.is_some() => {
                let k = in_note.unwrap_or(0);
                let prev = notes[k].text.text.trim_end();
                let s = text[l.range.clone()].trim();
                // Whether the note holds an address so far, kept up to date
                // line by line (a rescan of the whole note on every line
                // would cost its length squared).
                let complete = prev.ends_with('.')
                    || note_http[k] && !prev.ends_with('/')
                    || prev.ends_with('↩');
                let long = s.len() > 110;
                // A paragraph cut mid-sentence by the notes goes on after
                // them, lower case, below a note line well short of the
                // text's width (one that was not wrapped).
                let resumes = cut_open
                    && s.starts_with(|c: char| c.is_lowercase())
                    && i > 0
                    && is_note_line[i - 1]
                    && typical().is_some_and(|w| {
                        let word = s.split_whitespace().next().unwrap_or("");
                        let prev = text[lines[i - 1].range.clone()].trim();
                        (prev.chars().count() + 1 + word.chars().count()) * 10 < w * 8
                    });
                if !complete && !long && !resumes {
                    notes[k]
                        .text
                        .push_joiner(" ", norm.map.start(l.range.start));
                    push_line(norm, l.range.clone(), &mut notes[k].text, &[]);
                    notes[k].extent.end = l.range.end;
                    note_http[k] |= crate::text::contains_by(s, "http", 3);
                    is_note_line[i] = true;
                } else {
                    in_note = None;
                }
            }
            LineKind::Blank | LineKind::Furniture => in_note = None,
            _ => in_note = None,
        }
    }
    for n in &mut notes {
        let t = n.text.text.trim_end_matches([' ', '↩']).len();
        n.text.truncate(t);
    }
    // Flattened text: definitions strung along one line after the signature.
    for l in &raw_lines {
        if l.range.start < body.end.max(notes_from) && l.range.end <= notes_from
            || l.kind == LineKind::Furniture
        {
            continue;
        }
        let r = l.range.start.max(notes_from)..l.range.end;
        if r.len() > 200 {
            notes.extend(inline_notes(norm, r));
        }
    }
    // … and wrapped again at a fixed width: the tail's lines are one stretch.
    if notes.is_empty() && lay.wrap_width.is_some() {
        let tail: Vec<&Line> = raw_lines
            .iter()
            .filter(|l| l.range.end > notes_from && l.kind == LineKind::Text)
            .collect();
        if let (Some(first), Some(last)) = (tail.first(), tail.last()) {
            let r = first.range.start.max(notes_from)..last.range.end;
            let one_stretch = tail.windows(2).all(|w| {
                text[w[0].range.end..w[1].range.start]
                    .bytes()
                    .filter(|&b| b == b'\n')
                    .count()
                    == 1
            });
            if one_stretch && r.len() > 200 {
                notes.extend(inline_notes(norm, r));
            }
        }
    }
    // A definition with no words (only a marker) is not a footnote.
    notes.retain(|n| !n.text.text.trim().is_empty());
    let numbers: Vec<u32> = notes.iter().map(|n| n.number).collect();
    // Paragraphs: runs of text lines in the body.
    let mut paras: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    let mut broke = false; // a page break, footnotes or furniture since the last paragraph
    let mut blank = true;
    for (i, l) in lines.iter().enumerate() {
        if l.range.start >= body.end {
            break;
        }
        let r = l.range.start..l.range.end.min(body.end);
        if is_note_line[i] || l.kind == LineKind::Furniture {
            if let Some(p) = cur.take() {
                paras.push(p);
            }
            broke = true;
            blank = true;
            continue;
        }
        if l.kind == LineKind::Blank {
            if let Some(p) = cur.take() {
                paras.push(p);
            }
            blank = true;
            continue;
        }
        let s = &text[r.clone()];
        if l.kind == LineKind::Continued && cur.is_none() && broke {
            if let Some(mut prev) = paras.pop() {
                let lead = s.len() - s.trim_start().len();
                let r = r.start + lead..r.end;
                let trimmed = prev.text.text.trim_end().len();
                prev.text.truncate(trimmed);
                prev.text.push_joiner(" ", norm.map.start(r.start));
                push_marked(norm, r.clone(), &mut prev, &numbers);
                prev.extent.end = r.end;
                cur = Some(prev);
                blank = false;
                broke = false;
                continue;
            }
        }
        let label = Some(s).filter(|s| may_be_label(s)).and_then(label_at);
        let starts_item = label.is_some();
        if starts_item || blank || cur.is_none() {
            if let Some(p) = cur.take() {
                paras.push(p);
            }
            // Join a paragraph a page break cut in two.
            let lower = s.trim_start().starts_with(|c: char| c.is_lowercase());
            if !starts_item && lower && (broke || blank) {
                if let Some(prev) = paras.last_mut() {
                    let ends = prev
                        .text
                        .text
                        .trim_end()
                        .ends_with(['.', '!', '?', ':', ';', '"', ')']);
                    if !ends {
                        prev.text.push_joiner(" ", norm.map.start(r.start));
                        push_marked(norm, r.clone(), prev, &numbers);
                        prev.extent.end = r.end;
                        cur = paras.pop();
                        blank = false;
                        broke = false;
                        continue;
                    }
                }
            }
            let (lab, start) = match label {
                Some((lab, end)) => (Some(s[lab].to_string()), r.start + end),
                None => (None, r.start + (s.len() - s.trim_start().len())),
            };
            let mut p = Para {
                text: paragraph_text(&lines[i..], body.end),
                label: lab,
                extent: start..r.end,
                markers: Vec::new(),
            };
            push_marked(norm, start..r.end, &mut p, &numbers);
            cur = Some(p);
        } else if let Some(p) = cur.as_mut() {
            join_line(norm, r.clone(), p, &numbers);
        }
        blank = false;
        broke = false;
    }
    if let Some(p) = cur.take() {
        paras.push(p);
    }
    let paras = finish_paras(paras);
    Body {
        paras,
        notes,
        inferred,
    }
}

/// Room for the text of a paragraph whose first line opens `lines`: its
/// lines up to the next that is not text (where most paragraphs end), so
/// they are added without the text and its map growing again and again.
fn paragraph_text(lines: &[Line], body_end: usize) -> MappedText {
    let run = lines
        .iter()
        .take_while(|l| l.kind == LineKind::Text && l.range.start < body_end)
        .take(64);
    let (bytes, n) = run.fold((0, 0), |(b, n), l| (b + l.range.len() + 1, n + 1));
    MappedText::with_capacity(bytes, n)
}

/// Whether the last line of text in `before` is a line of the body that
/// stops mid-sentence (its paragraph goes on after what follows).
fn cut_before(text: &str, before: &[Line], body_end: usize) -> bool {
    before
        .iter()
        .rev()
        .find(|l| !matches!(l.kind, LineKind::Blank | LineKind::Furniture))
        .is_some_and(|l| {
            matches!(l.kind, LineKind::Text | LineKind::Continued)
                && l.range.end <= body_end
                && !matches!(
                    last_mark(&text[l.range.clone()]),
                    Some('.' | '!' | '?' | ':' | ';')
                )
        })
}

/// The width, in characters, of the body's lines of text: the 90th
/// percentile, with at least three lines to judge by.
fn typical_width(text: &str, lines: &[Line], body: Range<usize>) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| {
            l.kind == LineKind::Text && l.range.start >= body.start && l.range.end <= body.end
        })
        .map(|l| crate::text::char_len(text[l.range.clone()].trim()))
        .collect();
    if widths.len() < 3 {
        return None;
    }
    widths.sort_unstable();
    Some(widths[((widths.len() - 1) * 9).div_ceil(10)])
}

/// Double-spaced text (a blank line after every line): a single blank line
/// between two lines of text in the body is dropped, and a run of blank
/// lines counts as one paragraph break. Text is double-spaced when at least
/// two in three of the gaps between its body lines (and at least four) are
/// single blank lines, and most of those fall inside a sentence.
fn undouble(text: &str, lines: Vec<Line>, body: Range<usize>) -> Vec<Line> {
    let in_body = |l: &Line| l.range.start >= body.start && l.range.end <= body.end;
    // Gaps between consecutive text lines: how many blank lines each holds.
    // (index of the first blank, blanks)
    let mut gaps: Vec<(usize, usize)> = Vec::with_capacity(lines.len());
    let mut last_text: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        if !in_body(l) {
            continue;
        }
        match l.kind {
            LineKind::Text => {
                if let Some(t) = last_text {
                    gaps.push((t + 1, i - t - 1));
                }
                last_text = Some(i);
            }
            LineKind::Blank => {}
            _ => last_text = None,
        }
    }
    let single = gaps.iter().filter(|g| g.1 == 1).count();
    // Blank lines between paragraphs follow the end of a sentence; those of
    // double spacing mostly fall inside one.
    let mid_sentence = gaps
        .iter()
        .filter(|g| g.1 == 1)
        .filter(|g| {
            !matches!(
                last_mark(&text[lines[g.0 - 1].range.clone()]),
                Some('.' | '!' | '?' | ':' | ';')
            )
        })
        .count();
    if gaps.len() < 4 || single * 3 < gaps.len() * 2 || mid_sentence * 2 < single {
        return lines;
    }
    let mut drop = vec![false; lines.len()];
    for &(at, n) in &gaps {
        if n == 1 {
            drop[at] = true;
        } else {
            for d in drop.iter_mut().skip(at + 1).take(n.saturating_sub(1)) {
                *d = true;
            }
        }
    }
    lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !drop[*i])
        .map(|(_, l)| l)
        .collect()
}

/// The last character of a line before its closing quotes and brackets:
/// the mark that tells whether a sentence ends there.
fn last_mark(line: &str) -> Option<char> {
    line.trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')'])
        .chars()
        .next_back()
}

/// Paragraph breaks in a body printed without blank lines (as many PDF
/// extractors print it), from where its lines end. A line ends a paragraph
/// when the next starts with a capital, digit, quote or bullet, the next
/// line's first word would have fitted on it (so it did not end for want of
/// room), and either it ends a sentence (the last line of a wrapped
/// paragraph) or it is a short heading with no closing punctuation; where nearly every line ends a sentence, each line is a
/// paragraph (one paragraph a line, unwrapped), headings of any length too. Returns the lines with a
/// blank line after each such break; a body with blank lines between its
/// paragraphs is left as it is.
fn soft_breaks(text: &str, lines: Vec<Line>, body: Range<usize>) -> Vec<Line> {
    let lines = undouble(text, lines, body.clone());
    let in_body = |l: &Line| l.range.start >= body.start && l.range.end <= body.end;
    let text_idx: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind == LineKind::Text && in_body(&lines[i]))
        .collect();
    let (Some(&first), Some(&last)) = (text_idx.first(), text_idx.last()) else {
        return lines;
    };
    // Blank lines between two lines of text: the paragraphs are marked
    // (a blank line at a page break, beside furniture or notes, is not).
    let mut prev_text = false;
    let mut gap = false;
    let mut marked = false;
    for l in &lines[first..=last] {
        match l.kind {
            LineKind::Blank => gap = true,
            LineKind::Text | LineKind::Continued => {
                marked |= prev_text && gap;
                prev_text = true;
                gap = false;
            }
            _ => {
                prev_text = false;
                gap = false;
            }
        }
    }
    if text_idx.len() < 3 || marked {
        return lines;
    }
    let line = |i: usize| text[lines[i].range.clone()].trim();
    let width = |i: usize| crate::text::char_len(line(i));
    let typical = typical_width(text, &lines, body.clone())
        .unwrap_or(1)
        .max(1);
    let ends_sentence = |i: usize| matches!(last_mark(line(i)), Some('.' | '!' | '?' | ':'));
    // No page is 200 characters wide: such lines were never wrapped.
    let one_a_line = typical > 200
        || text_idx.iter().filter(|&&i| ends_sentence(i)).count() * 10 >= text_idx.len() * 8;
    let mut breaks_after = vec![false; lines.len()];
    for w in text_idx.windows(2) {
        let (i, j) = (w[0], w[1]);
        if j != i + 1 {
            continue;
        }
        let opens = line(j).starts_with(|c: char| {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '•' | '(' | '-' | '*')
        });
        if !opens {
            continue;
        }
        // Would the next line's first word have fitted on this one? Then
        // the line did not end for want of room.
        let len = width(i);
        let next_word = line(j)
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        let fits = len + 1 + next_word <= typical;
        let short_end = ends_sentence(i) && (one_a_line || fits);
        let heading = !ends_sentence(i)
            && typical > 40
            && (one_a_line || fits)
            && crate::text::word_count(line(i)) <= 25
            && !line(i).ends_with([',', ';', '-']);
        breaks_after[i] = short_end || heading;
    }
    let mut out = Vec::with_capacity(lines.len() + 8);
    for (i, l) in lines.into_iter().enumerate() {
        let end = l.range.end;
        out.push(l);
        if breaks_after[i] {
            out.push(Line {
                range: end..end,
                kind: LineKind::Blank,
            });
        }
    }
    out
}

/// Words a stretch of running text needs before its paragraph breaks are
/// inferred: more than a usual paragraph holds.
const FLATTENED_WORDS: usize = 100;

/// Replaces each flattened body line (the body runs on from the salutation's
/// line, or is one long line alone) by its paragraphs: footnote definitions
/// printed inside it become note lines, and the breaks [`crate::breaks`]
/// infers become blank lines.
fn expand_flattened(
    norm: &Normalized,
    lines: &[Line],
    layout_lines: &[crate::layout::Line],
    body: Range<usize>,
    inferred: &mut Vec<Range<usize>>,
) -> Vec<Line> {
    let text = norm.text.as_str();
    let runs_on = layout_lines
        .iter()
        .any(|l| l.range.start < body.start && l.range.end > body.start);
    let merged = runs_on
        .then(|| rewrapped(text, lines, body.clone()))
        .flatten();
    let lines = merged.as_deref().unwrap_or(lines);
    let text_lines = lines
        .iter()
        .filter(|l| l.kind == LineKind::Text && l.range.start < body.end)
        .count();
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let end = l.range.end.min(body.end);
        let flattened = l.kind == LineKind::Text
            && l.range.start < end
            && (runs_on && l.range.start == body.start || text_lines == 1)
            && text[l.range.start..end]
                .split_whitespace()
                .nth(FLATTENED_WORDS)
                .is_some();
        if !flattened {
            out.push(Line {
                range: l.range.clone(),
                kind: l.kind,
            });
            continue;
        }
        let r = l.range.start..end;
        let blocks = note_blocks(text, r.clone());
        let masked: Vec<Range<usize>> = blocks.iter().map(|b| b.range.clone()).collect();
        let cuts = crate::breaks::infer(text, r.clone(), &masked);
        if !cuts.is_empty() {
            inferred.push(r.clone());
        }
        // Pieces of running text between breaks and blocks, in order.
        let mut events: Vec<(usize, Option<&NoteBlock>)> =
            cuts.iter().map(|&c| (c, None)).collect();
        events.extend(blocks.iter().map(|b| (b.range.start, Some(b))));
        events.sort_by_key(|e| e.0);
        let mut pos = r.start;
        let mut kind = LineKind::Text;
        for (at, block) in events {
            if at > pos {
                out.push(Line {
                    range: pos..at,
                    kind,
                });
            }
            match block {
                Some(b) => {
                    for (n, d) in &b.defs {
                        out.push(Line {
                            range: d.clone(),
                            kind: LineKind::Note(*n),
                        });
                    }
                    pos = b.range.end;
                    kind = LineKind::Continued;
                }
                None => {
                    out.push(Line {
                        range: at..at,
                        kind: LineKind::Blank,
                    });
                    pos = at;
                    kind = LineKind::Text;
                }
            }
        }
        if pos < r.end {
            out.push(Line {
                range: pos..r.end,
                kind,
            });
        }
        if end < l.range.end {
            out.push(Line {
                range: end..l.range.end,
                kind: LineKind::Text,
            });
        }
    }
    out
}

/// A flattened body wrapped again at a fixed width (a mail client, `fold`):
/// the body runs on from the salutation's line, and its lines, with no blank
/// line between them, are all nearly as wide as the widest, so none ends a
/// paragraph by falling short. The run of text lines from the body's start
/// then becomes one line, to be split by [`crate::breaks`].
fn rewrapped(text: &str, lines: &[Line], body: Range<usize>) -> Option<Vec<Line>> {
    let first = lines
        .iter()
        .position(|l| l.kind == LineKind::Text && l.range.start == body.start)?;
    let run = lines[first..]
        .iter()
        .take_while(|l| l.kind == LineKind::Text && l.range.end <= body.end)
        .count();
    if run < 3 {
        return None;
    }
    let widths: Vec<usize> = lines[first + 1..first + run - 1]
        .iter()
        .map(|l| crate::text::char_len(text[l.range.clone()].trim()))
        .collect();
    let mut sorted = widths.clone();
    sorted.sort_unstable();
    let typical = *sorted.get((sorted.len().saturating_sub(1) * 9).div_ceil(10))?;
    let full = widths.iter().filter(|&&w| w * 10 >= typical * 8).count();
    if typical < 30 || full * 10 < widths.len() * 9 {
        return None;
    }
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    out.extend(lines[..first].iter().map(|l| Line {
        range: l.range.clone(),
        kind: l.kind,
    }));
    out.push(Line {
        range: lines[first].range.start..lines[first + run - 1].range.end,
        kind: LineKind::Text,
    });
    out.extend(lines[first + run..].iter().map(|l| Line {
        range: l.range.clone(),
        kind: l.kind,
    }));
    Some(out)
}

/// Footnote definitions printed inside flattened running text, where a page
/// ended: "… with local 3 Association of … (2020) PCCs making … 1 Home Office
/// (2019) … 2 … (2020) A public health approach to modern slavery businesses
/// to create …".
struct NoteBlock {
    /// From the first definition's number to the last one's end.
    range: Range<usize>,
    /// Each definition: its number and clean range (number included).
    defs: Vec<(u32, Range<usize>)>,
}

/// Finds [`NoteBlock`]s in `r`. A definition opens with a number standing
/// alone before a capital, the text cites something (a year or an address
/// soon after), and that number was already used as a marker in the text
/// before. Definitions follow one another closely, in any order. The last
/// one ends where the evidence says: where its title echoes the words its
/// marker was attached to, or after its web address; a block whose end has
/// no evidence is left in the text.
fn note_blocks(text: &str, r: Range<usize>) -> Vec<NoteBlock> {
    let s = &text[r.clone()];
    if !has_ascii_digit(s.as_bytes()) {
        return Vec::new();
    }
    // Markers in the text: (number, offset of the marker in s).
    let mut markers: Vec<(u32, usize)> = glued(s).map(|(n, g)| (n, g.start)).collect();
    // MARKER's matches, by hand: the number starts after the '^' or '['.
    for at in memchr::memchr2_iter(b'^', b'[', s.as_bytes()) {
        if let Some((n, _, _)) = marker_at(s, at) {
            markers.push((n, at + 1));
        }
    }
    if markers.is_empty() {
        return Vec::new();
    }
    markers.sort_unstable();
    // The last marker numbered `n` before offset `at`.
    let marker_before = |n: u32, at: usize| {
        let k = markers.partition_point(|&(m, p)| (m, p) < (n, at));
        k.checked_sub(1)
            .map(|k| markers[k])
            .filter(|&(m, _)| m == n)
            .map(|(_, p)| p)
    };
    // Candidate definitions: (number, number start, text start).
    let mut cands: Vec<(u32, usize, usize)> = Vec::new();
    for (n, at, ts) in inline_heads(s) {
        if n >= 1 && marker_before(n, at).is_some() {
            cands.push((n, at, ts));
        }
    }
    let cites = |k: usize| {
        let (_, _, ts) = cands[k];
        let mut end = cands.get(k + 1).map_or(s.len(), |c| c.1).min(ts + 160);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        CITATION.is_match(&s[ts..end.max(ts)])
    };
    let ok: Vec<bool> = (0..cands.len()).map(cites).collect();
    let mut blocks = Vec::new();
    let mut k = 0;
    while k < cands.len() {
        if !ok[k] {
            k += 1;
            continue;
        }
        let mut group = vec![k];
        let mut seen = std::collections::HashSet::from([cands[k].0]);
        while let Some(&last) = group.last() {
            let next = last + 1;
            let close = cands.get(next).is_some_and(|c| c.1 - cands[last].2 <= 300);
            if next < cands.len() && ok[next] && close && seen.insert(cands[next].0) {
                group.push(next);
            } else {
                break;
            }
        }
        k = group.last().map_or(k, |g| g + 1);
        let &(n, at, ts) = &cands[*group.last().unwrap_or(&0)];
        let marker_at = marker_before(n, at).unwrap_or(0);
        let Some(end) = last_note_end(s, ts, marker_at) else {
            continue;
        };
        let mut defs = Vec::new();
        for (j, &g) in group.iter().enumerate() {
            let (num, start, _) = cands[g];
            let stop = group.get(j + 1).map_or(end, |&h| cands[h].1);
            let stop = start + s[start..stop].trim_end().len();
            defs.push((num, r.start + start..r.start + stop));
        }
        blocks.push(NoteBlock {
            range: r.start + cands[group[0]].1..r.start + end,
            defs,
        });
    }
    blocks
}

/// Where the last definition of a block (text from `ts` in `s`) ends: after
/// the word where its words and those before its marker (at `marker_at`,
/// perhaps one word on: "… in Focus report3") share their longest ending of
/// two or more words, or else after a web address in it.
fn last_note_end(s: &str, ts: usize, marker_at: usize) -> Option<usize> {
    fn key(w: &str) -> String {
        let mut k: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        k.truncate(k.trim_end_matches(|c: char| c.is_ascii_digit()).len());
        k
    }
    let before: Vec<String> = s[..marker_at]
        .split_whitespace()
        .rev()
        .take(12)
        .map(key)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut words: Vec<(String, usize)> = Vec::new(); // (key, end offset)
    let mut url_end = None;
    for w in s[ts..].split_whitespace().take(40) {
        // Where the word ends in `s` (the word is a piece of it).
        let end = w.as_ptr() as usize - s.as_ptr() as usize + w.len();
        if url_end.is_none() && (w.starts_with("http") || w.starts_with("www.")) {
            url_end = Some(end);
        }
        words.push((key(w), end));
    }
    let mut best: Option<(usize, usize)> = None; // (shared words, end)
    for e in 0..words.len() {
        // The marker may sit on a word after the title ("… in Focus report3").
        let shared = (0..2)
            .map(|skip| {
                words[..=e]
                    .iter()
                    .rev()
                    .zip(before.iter().rev().skip(skip))
                    .take_while(|(a, b)| !a.0.is_empty() && a.0 == **b)
                    .count()
            })
            .max()
            .unwrap_or(0);
        if shared >= 2 && best.map_or(true, |b| shared > b.0) {
            best = Some((shared, words[e].1));
        }
    }
    best.map(|b| b.1).or(url_end).filter(|&e| e < s.len())
}

/// A footnote number standing alone before a capitalised word or a URL:
/// "3 Home Office", "[3] Home Office", "^3 Home Office" (and a superscript,
/// which normalising made "^3"). Read by hand ([`inline_heads`]); the tests
/// hold the two to the same answers.
#[cfg(test)]
static INLINE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(\d{1,3}|\[\d{1,3}\]|\^\d{1,3})(\s+)[A-Z\x22'h]").unwrap()
});

/// The number of an [`INLINE_NOTE`] token.
#[cfg(test)]
fn inline_number(token: &str) -> Option<u32> {
    token.trim_matches(['[', ']', '^']).parse().ok()
}

/// The offsets in `s` where a run of ASCII digits starts, in order. Blocks
/// with no digit (most of them) are passed over by a branch-free sweep; in
/// the others a mask of the digits gives the runs' starts bit by bit.
fn digit_runs(s: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let (mut next, mut base, mut starts) = (0, 0, 0u32);
    // Whether the last byte of the block before was a digit.
    let mut carry = false;
    std::iter::from_fn(move || loop {
        if starts != 0 {
            let j = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            return Some(base + j);
        }
        // The next block that holds a digit.
        let skip = s.get(next..)?.chunks(32).position(has_ascii_digit)?;
        if skip > 0 {
            (next, carry) = (next + 32 * skip, false);
        }
        let block = &s[next..s.len().min(next + 32)];
        (base, next) = (next, next + block.len());
        let digits = digit_mask(block);
        // A digit after one that is not.
        starts = digits & !(digits << 1 | u32::from(carry));
        carry = digits >> (block.len() - 1) & 1 == 1;
    })
}

/// The ASCII digits among up to 32 bytes: bit i set for byte i, read eight
/// bytes at a time ([`digit_bits`]).
fn digit_mask(block: &[u8]) -> u32 {
    block.chunks(8).enumerate().fold(0, |m, (k, c)| {
        let w = c.first_chunk::<8>().map_or_else(
            || c.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b)),
            |w| u64::from_le_bytes(*w),
        );
        // Each byte's high bit, gathered into the top byte (bit i from byte i).
        let bits = (digit_bits(w) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        m | (bits as u32) << (8 * k)
    })
}

/// The ASCII digits among eight bytes (`x`, little-endian): the high bit
/// of each digit's byte. Setting each byte's high bit first keeps the
/// subtractions from borrowing across bytes: a byte keeps its high bit
/// when its low seven bits are at least '0', and loses it below ':'.
fn digit_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let at_least_0 = (x | HIGH) - ONES * u64::from(b'0');
    let above_9 = (x | HIGH) - ONES * u64::from(b':');
    at_least_0 & !above_9 & !x & HIGH
}

/// Whether the char that ends at byte `i` of `s` is white space.
fn space_before(s: &str, i: usize) -> bool {
    match s.as_bytes()[i - 1] {
        b if b < 0x80 => matches!(b, b'\t'..=b'\r' | b' '),
        _ => s[..i].chars().next_back().is_some_and(char::is_whitespace),
    }
}

/// [`GLUED`]'s matches read by hand: each number's value and range. A
/// match opens with two ASCII bytes that are not digits and holds no white
/// space but its last char, so none starts inside another, and each run of
/// ASCII digits is tried alone. A number with other digits (`\d` is any
/// Unicode digit) would not parse, and its match never counted: here it
/// fails as the run's end is no end of the match.
fn glued(s: &str) -> impl Iterator<Item = (u32, Range<usize>)> + '_ {
    digit_runs(s.as_bytes()).filter_map(move |q| glued_at(s, q))
}

/// The [`GLUED`] match whose number starts a run of ASCII digits at byte
/// `q` of `s`: the number's value and range.
fn glued_at(s: &str, q: usize) -> Option<(u32, Range<usize>)> {
    let b = s.as_bytes();
    let (&p, &c) = (b.get(q.checked_sub(2)?)?, b.get(q - 1)?);
    let stuck = p.is_ascii_alphabetic() && c.is_ascii_alphabetic()
        || p.is_ascii_lowercase() && matches!(c, b'.' | b',' | b';' | b':' | b')' | b'\'' | b'"');
    let (n, end) = digits_at(b, q).filter(|&(_, e)| stuck && e - q <= 2)?;
    let ends = match b.get(end) {
        None => true,
        Some(&t) if t < 0x80 => {
            matches!(t, b'\t'..=b'\r' | b' ' | b'.' | b',' | b';' | b':' | b')')
        }
        Some(_) => s[end..].starts_with(char::is_whitespace),
    };
    ends.then_some((n, q..end))
}

/// [`INLINE_NOTE`]'s matches read by hand: each one's number, where its
/// token starts, and where the spaces after it end. Every token holds a
/// run of ASCII digits (other digits would not parse, and their matches
/// never counted), so each run is tried, with the '[' or '^' before it; a
/// match holds no white space but before its token and after it, so none
/// starts inside another.
fn inline_heads(s: &str) -> impl Iterator<Item = (u32, usize, usize)> + '_ {
    let b = s.as_bytes();
    digit_runs(b).filter_map(move |q| {
        let (n, mut e) = digits_at(b, q)?;
        let t = match q.checked_sub(1).map(|i| b[i]) {
            Some(open @ (b'[' | b'^')) => {
                if open == b'[' {
                    (b.get(e) == Some(&b']')).then_some(())?;
                    e += 1;
                }
                q - 1
            }
            _ => q,
        };
        if t > 0 && !space_before(s, t) {
            return None;
        }
        // `\s` is Unicode's White_Space, as `char::is_whitespace` is.
        let after = s[e..].trim_start_matches(char::is_whitespace);
        let ts = s.len() - after.len();
        let opens =
            after.starts_with(|c: char| c.is_ascii_uppercase() || matches!(c, '"' | '\'' | 'h'));
        (ts > e && opens).then_some((n, t, ts))
    })
}

/// A citation's year or address soon after a footnote number.
static CITATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:19|20)\d\d\)|\b(?:19|20)\d\d\b|https?://|www\.").unwrap());

/// Footnote definitions run together on one line: "… 1 Home Office (2019)
/// Funding … 2 Independent … (2020) …". The numbers must follow one another
/// (1, 2, 3 …) and the first must open a citation; each definition runs to
/// the next number.
fn inline_notes(norm: &Normalized, r: Range<usize>) -> Vec<NoteDef> {
    let s = &norm.text[r.clone()];
    let mut starts: Vec<(u32, usize, usize)> = Vec::new(); // (number, number start, text start)
    let mut expected: Option<u32> = None;
    // The spaces after the number may be any Unicode space: the text starts after them.
    for (n, at, text_start) in inline_heads(s) {
        match expected {
            None => {
                let mut end = s.len().min(text_start + 160);
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                let window = &s[text_start..end];
                if n >= 1 && CITATION.is_match(window) {
                    starts.push((n, at, text_start));
                    expected = Some(n + 1);
                }
            }
            Some(e) if e == n => {
                starts.push((n, at, text_start));
                expected = Some(n + 1);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, &(n, at, ts)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(s.len(), |x| x.1);
        let body = s[ts..end].trim_end();
        let mut t = MappedText::new();
        // A stretch wrapped again holds line breaks: each becomes a space.
        let mut from = ts;
        for nl in memchr::memchr_iter(b'\n', &s.as_bytes()[ts..ts + body.len()]) {
            let at = ts + nl;
            t.push_clean(norm, r.start + from..r.start + at);
            t.push_joiner(" ", norm.map.start(r.start + at));
            from = at + 1;
        }
        t.push_clean(norm, r.start + from..r.start + ts + body.len());
        out.push(NoteDef {
            number: n,
            text: t,
            extent: r.start + at..r.start + ts + body.len(),
        });
    }
    out
}

/// Appends a wrapped line to a paragraph: a space, or nothing where a word
/// was hyphenated across the break.
fn join_line(norm: &Normalized, r: Range<usize>, p: &mut Para, numbers: &[u32]) {
    let text = &norm.text;
    let s = text[r.clone()].trim_start();
    let lead = r.end - r.start - s.len();
    let r = r.start + lead..r.end;
    let prev = p.text.text.trim_end();
    let hyphenated = prev.ends_with('-')
        && prev[..prev.len() - 1].ends_with(|c: char| c.is_lowercase())
        && s.starts_with(|c: char| c.is_lowercase());
    if hyphenated {
        let keep = prev.len() - 1;
        p.text.truncate(keep);
    } else {
        let trimmed = p.text.text.trim_end().len();
        p.text.truncate(trimmed);
        p.text.push_joiner(" ", norm.map.start(r.start));
    }
    push_marked(norm, r.clone(), p, numbers);
    p.extent.end = r.end;
}

/// Footnote markers in a clean range: "^3" anywhere; "[3]" and glued digits
/// only for numbers that have a definition.
fn markers_in(text: &str, r: Range<usize>, numbers: &[u32]) -> Vec<(u32, Range<usize>)> {
    let s = &text[r.clone()];
    let b = s.as_bytes();
    let mut out = Vec::new();
    if numbers.is_empty() {
        // Only "^3" counts: found at its caret.
        for at in memchr::memchr_iter(b'^', b) {
            if let Some((n, len, _)) = marker_at(s, at) {
                out.push((n, r.start + at..r.start + at + len));
            }
        }
        return out;
    }
    // Every marker holds a run of ASCII digits (most lines have none):
    // MARKER's after the '^' or '[' before it (see [`marker_at`]), GLUED's
    // after a letter or a mark (see [`glued_at`]). The runs come in order,
    // and so do the markers.
    for q in digit_runs(b) {
        let m = match q.checked_sub(1).map(|i| b[i]) {
            Some(b'^' | b'[') => marker_at(s, q - 1)
                .filter(|&(n, _, caret)| caret || numbers.contains(&n))
                .map(|(n, len, _)| (n, q - 1..q - 1 + len)),
            _ => glued_at(s, q).filter(|(n, _)| numbers.contains(n)),
        };
        if let Some((n, g)) = m {
            out.push((n, r.start + g.start..r.start + g.end));
        }
    }
    out
}

/// The `MARKER` match at byte `at` of `s` (a '^' or '['), read by hand:
/// its number, its length, and whether it is the caret form; `None` where
/// MARKER would not match there or its number would not parse. A match
/// holds no other '^' or '[', so MARKER's matches are exactly those at each
/// of them. Its `\d` is any Unicode digit, which makes the number fail to
/// parse: a non-ASCII char after a caret's digits is asked of `\d` itself.
fn marker_at(s: &str, at: usize) -> Option<(u32, usize, bool)> {
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d").unwrap());
    let b = s.as_bytes();
    let caret = b[at] == b'^';
    let from = at + 1;
    let digits = b[from..]
        .iter()
        .take(3)
        .take_while(|d| d.is_ascii_digit())
        .count();
    if digits == 0 {
        // Nothing, or Unicode digits that do not parse.
        return None;
    }
    let end = from + digits;
    let n = b[from..end]
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    if caret {
        // `\d{1,3}` takes a further Unicode digit into the number (then
        // unparsable) when fewer than three came first.
        if digits < 3 && b.get(end).is_some_and(|&c| c >= 0x80) && DIGIT.is_match(&s[end..]) {
            return None;
        }
        Some((n, end - at, true))
    } else if b.get(end) == Some(&b']') {
        Some((n, end + 1 - at, false))
    } else {
        // No "]" after the ASCII digits: no match, or one with a Unicode
        // digit that would not parse.
        None
    }
}

/// Whether `s` holds an ASCII digit: `s.iter().any(u8::is_ascii_digit)`,
/// read a block at a time with no early exit inside a block, so the
/// compiler can vectorise the sweep.
fn has_ascii_digit(s: &[u8]) -> bool {
    s.chunks(32).any(|c| {
        c.iter()
            .fold(false, |any, &b| any | (b.wrapping_sub(b'0') < 10))
    })
}

/// Appends a clean range to a paragraph, leaving out its footnote markers
/// and keeping them in the paragraph's list: the markers are found once for
/// both.
fn push_marked(norm: &Normalized, r: Range<usize>, p: &mut Para, numbers: &[u32]) {
    let markers = markers_in(&norm.text, r.clone(), numbers);
    push_unmarked(norm, r, &mut p.text, &markers);
    p.markers.extend(markers);
}

/// Appends a clean range, leaving out footnote markers.
fn push_line(norm: &Normalized, r: Range<usize>, t: &mut MappedText, numbers: &[u32]) {
    let markers = markers_in(&norm.text, r.clone(), numbers);
    push_unmarked(norm, r, t, &markers);
}

/// Appends a clean range less the given markers (in order, inside it).
fn push_unmarked(
    norm: &Normalized,
    r: Range<usize>,
    t: &mut MappedText,
    markers: &[(u32, Range<usize>)],
) {
    let mut pos = r.start;
    for (_, m) in markers {
        if m.start > pos {
            t.push_clean(norm, pos..m.start);
        }
        pos = m.end;
    }
    if pos < r.end {
        t.push_clean(norm, pos..r.end);
    }
}

/// The paragraphs as returned: inline bullets split out, empty ones dropped,
/// trailing spaces trimmed. A paragraph with no " • " (nearly all) moves
/// through as it is, with no vector of its own.
fn finish_paras(paras: Vec<Para>) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        if crate::text::contains_by(&p.text.text, " • ", 1) {
            out.extend(
                split_inline_bullets(p)
                    .into_iter()
                    .filter(has_words)
                    .map(trim_para),
            );
        } else if has_words(&p) {
            out.push(trim_para(p));
        }
    }
    out
}

/// Whether a paragraph holds anything but spaces.
fn has_words(p: &Para) -> bool {
    !p.text.text.trim().is_empty()
}

/// "… attention: • my survey … • automatic …": bullets run into one line.
fn split_inline_bullets(p: Para) -> Vec<Para> {
    let s = &p.text.text;
    let cuts: Vec<usize> = s.match_indices(" • ").map(|(i, _)| i).collect();
    if cuts.is_empty() {
        return vec![p];
    }
    let mut out = Vec::new();
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied());
    bounds.push(s.len());
    for (k, w) in bounds.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let a = if k == 0 { a } else { a + " • ".len() };
        if a >= b {
            continue;
        }
        let mut t = MappedText::new();
        for (r, x, y, copy) in p.text.map.pieces(a..b) {
            t.text.push_str(&s[r.clone()]);
            t.map.push(r.len(), x, y, copy);
        }
        out.push(Para {
            text: t,
            label: if k == 0 {
                p.label.clone()
            } else {
                Some("•".to_string())
            },
            extent: p.extent.clone(),
            markers: Vec::new(),
        });
    }
    // Markers go to the piece whose text they sat in: approximate by order.
    if let Some(first) = out.first_mut() {
        first.markers = p.markers;
    }
    out
}

/// The rest of a paragraph from clean offset `cut` of its text (after a
/// subject line that ran into it).
pub(crate) fn tail_of(p: &Para, cut: usize) -> Para {
    let s = &p.text.text;
    let lead = s[cut..].len() - s[cut..].trim_start().len();
    let a = cut + lead;
    let mut t = MappedText::new();
    for (r, x, y, copy) in p.text.map.pieces(a..s.len()) {
        t.text.push_str(&s[r.clone()]);
        t.map.push(r.len(), x, y, copy);
    }
    Para {
        text: t,
        label: None,
        extent: p.extent.clone(),
        markers: p.markers.clone(),
    }
}

fn trim_para(mut p: Para) -> Para {
    let t = p.text.text.trim_end().len();
    p.text.truncate(t);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = "I read the Violence Reduction Units in Focus report3 with interest, \
                          and the scheme brokers placements with local ";

    fn blocks(s: &str) -> Vec<(u32, String)> {
        note_blocks(s, 0..s.len())
            .into_iter()
            .flat_map(|b| b.defs)
            .map(|(n, r)| (n, s[r].to_string()))
            .collect()
    }

    #[test]
    fn a_footnote_block_inside_flattened_text_ends_where_its_title_echoes_the_marker() {
        let s = format!(
            "{BEFORE}3 Association of Police and Crime Commissioners (2020) PCCs making a \
             difference: Violence Reduction Units in focus businesses to create placements."
        );
        assert_eq!(
            blocks(&s),
            vec![(
                3,
                "3 Association of Police and Crime Commissioners (2020) PCCs making a \
                 difference: Violence Reduction Units in focus"
                    .to_string()
            )]
        );
    }

    #[test]
    fn definitions_in_any_order_follow_one_another_and_the_last_may_end_at_its_address() {
        let s = "The funding was announced1 and I wrote a blog on prevention2 with local \
                 2 Commissioner (2020) Blog: why prevention matters \
                 1 Home Office (2019) Funding https://example.org/funding businesses to create.";
        assert_eq!(
            blocks(s),
            vec![
                (
                    2,
                    "2 Commissioner (2020) Blog: why prevention matters".to_string()
                ),
                (
                    1,
                    "1 Home Office (2019) Funding https://example.org/funding".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_block_whose_end_has_no_evidence_stays_in_the_text() {
        let s = "The guidance was published,2 and the Council has been working to restore \
                 2 Welsh Government (2021) Guidance on day services safely services in towns.";
        assert!(blocks(s).is_empty());
    }

    #[test]
    fn a_number_never_used_as_a_marker_opens_no_footnote() {
        let s = "Forces in 18 areas received funding. Of those, 3 Forces (2020) reported \
                 that the Violence Reduction Units in focus were working well.";
        assert!(blocks(s).is_empty());
    }

    #[test]
    fn definitions_strung_after_the_signature_in_bracket_and_caret_forms() {
        for (open, close) in [("[", "]"), ("^", "")] {
            let s = format!(
                "Yours sincerely, A Writer Commissioner {open}5{close} Home Office (2019) \
                 Funding announced {open}6{close} Commissioner (2020) A review of what works"
            );
            let norm = crate::normalize::normalize(&s);
            let notes = inline_notes(&norm, 0..norm.text.len());
            let got: Vec<(u32, &str)> = notes
                .iter()
                .map(|n| (n.number, n.text.text.as_str()))
                .collect();
            assert_eq!(
                got,
                vec![
                    (5, "Home Office (2019) Funding announced"),
                    (6, "Commissioner (2020) A review of what works")
                ],
                "{open}n{close}"
            );
        }
    }

    #[test]
    fn a_caret_footnote_inside_flattened_text_is_found() {
        let s = "I wrote a blog on a public health approach to modern slavery^2 with local \
                 ^2 Commissioner (2020) Blog: A public health approach to modern slavery \
                 businesses to create placements.";
        assert_eq!(
            blocks(s),
            vec![(
                2,
                "^2 Commissioner (2020) Blog: A public health approach to modern slavery"
                    .to_string()
            )]
        );
    }

    /// [`markers_in`] by its two regexes, as it read before they were
    /// read by hand.
    fn markers_by_regex(s: &str, numbers: &[u32]) -> Vec<(u32, Range<usize>)> {
        let mut out = Vec::new();
        for c in MARKER.captures_iter(s) {
            let m = c.get(0).unwrap();
            let n: Option<u32> = c.get(1).or(c.get(2)).and_then(|g| g.as_str().parse().ok());
            if let Some(n) = n.filter(|n| c.get(1).is_some() || numbers.contains(n)) {
                out.push((n, m.range()));
            }
        }
        if !numbers.is_empty() {
            for c in GLUED.captures_iter(s) {
                let g = c.get(2).unwrap();
                if let Some(n) = g.as_str().parse().ok().filter(|n| numbers.contains(n)) {
                    out.push((n, g.range()));
                }
            }
        }
        out.sort_by_key(|m| m.1.start);
        out
    }

    /// What [`label_at`] reads, by [`LABEL`]: the label and the match's end.
    fn label_by_regex(t: &str) -> Option<(Range<usize>, usize)> {
        let c = LABEL.captures(t)?;
        Some((c.get(1).or(c.get(2))?.range(), c.get(0)?.end()))
    }

    /// What [`note_at`] reads, by [`NOTE`]: a number that parses (ASCII digits).
    fn note_by_regex(t: &str) -> Option<NoteHead> {
        let c = NOTE.captures(t)?;
        let n = c.get(1).or(c.get(2)).or(c.get(3))?;
        Some(NoteHead {
            number: n.as_str().parse().ok()?,
            plain_at: c.get(3).map(|m| m.start()),
            text_at: c.get(4)?.start(),
        })
    }

    /// What [`dotted_note_at`] reads, by [`NOTE_DOTTED`].
    fn dotted_note_by_regex(t: &str) -> Option<NoteHead> {
        let c = NOTE_DOTTED.captures(t)?;
        Some(NoteHead {
            number: c.get(1)?.as_str().parse().ok()?,
            plain_at: None,
            text_at: c.get(2)?.start(),
        })
    }

    #[test]
    fn note_heads_are_read_in_each_form() {
        let head = |number, plain_at, text_at| NoteHead {
            number,
            plain_at,
            text_at,
        };
        assert_eq!(note_at("^3 Home Office"), Some(head(3, None, 3)));
        assert_eq!(note_at("  [12]\tSee"), Some(head(12, None, 7)));
        assert_eq!(note_at("7 Author (2020)"), Some(head(7, Some(0), 2)));
        assert_eq!(note_at("1234 words"), None);
        assert_eq!(note_at("[3]x"), None);
        assert_eq!(note_at("3"), None);
        assert_eq!(dotted_note_at(" 1. Report"), Some(head(1, None, 4)));
        assert_eq!(dotted_note_at("1.5 million"), None);
    }

    proptest::proptest! {
        #[test]
        fn the_label_pre_check_never_drops_a_label(
            t in r"(\s|\u{a0}){0,2}\(?([0-9]{1,3}|[a-z]{1,2}|[ivx]{1,5}|[A-Z])[.),]?(\s|\u{a0}|\u{2003})?[a-z.)]{0,8}"
        ) {
            if LABEL.is_match(&t) {
                proptest::prop_assert!(may_be_label(&t));
            }
            proptest::prop_assert_eq!(label_at(&t), label_by_regex(&t));
        }

        #[test]
        fn pre_checks_never_drop_a_note_a_label_or_a_marker(
            t in r#"(\s|\u{a0}|\u{2003}|[0-9]|\u{663}|\^|\[|\]|[.,;:)('"]|[a-z]|[ivx]|[A-Z]|-|•|\*|·|–|▪|◦|é){0,12}"#,
            numbers in proptest::collection::vec(0u32..40, 0..3),
        ) {
            let (plain, dotted) = (note_by_regex(&t), dotted_note_by_regex(&t));
            proptest::prop_assert_eq!(note_at(&t), plain);
            proptest::prop_assert_eq!(dotted_note_at(&t), dotted);
            if !may_be_note(&t) {
                proptest::prop_assert!(plain.is_none() && dotted.is_none());
            }
            if !may_be_label(&t) {
                proptest::prop_assert!(!LABEL.is_match(&t));
            }
            proptest::prop_assert_eq!(label_at(&t), label_by_regex(&t));
            proptest::prop_assert_eq!(
                markers_in(&t, 0..t.len(), &numbers),
                markers_by_regex(&t, &numbers)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn glued_numbers_and_inline_heads_read_by_hand_are_the_regex_matches(
            t in r#"(\s|\u{a0}|\u{2003}|\u{85}|[0-9]|\u{663}|\^|\[|\]|[.,;:)('"]|[a-z]|[A-Z]|h|é){0,16}"#
        ) {
            let by_regex: Vec<(u32, Range<usize>)> = GLUED
                .captures_iter(&t)
                .filter_map(|c| {
                    let g = c.get(2)?;
                    Some((g.as_str().parse().ok()?, g.range()))
                })
                .collect();
            proptest::prop_assert_eq!(glued(&t).collect::<Vec<_>>(), by_regex);
            let by_regex: Vec<(u32, usize, usize)> = INLINE_NOTE
                .captures_iter(&t)
                .filter_map(|c| {
                    let (num, sp) = (c.get(1)?, c.get(2)?);
                    Some((inline_number(num.as_str())?, num.start(), sp.end()))
                })
                .collect();
            proptest::prop_assert_eq!(inline_heads(&t).collect::<Vec<_>>(), by_regex);
        }
    }

    proptest::proptest! {
        #[test]
        fn digit_runs_start_where_a_digit_follows_no_digit(t in "[0-9a ]{0,100}") {
            let b = t.as_bytes();
            let naive: Vec<usize> = (0..b.len())
                .filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()))
                .collect();
            proptest::prop_assert_eq!(digit_runs(b).collect::<Vec<_>>(), naive);
        }
    }

    #[test]
    fn glued_and_bracketed_markers_are_found_only_for_defined_numbers() {
        let s = "the report3 and Units,12 with [4] and ^7 but 3 alone";
        let got: Vec<u32> = markers_in(s, 0..s.len(), &[3, 12, 4])
            .iter()
            .map(|m| m.0)
            .collect();
        assert_eq!(got, vec![3, 12, 4, 7]);
        assert_eq!(markers_in(s, 0..s.len(), &[]), markers_by_regex(s, &[]));
    }

    fn text_lines(s: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let mut pos = 0;
        for l in s.split('\n') {
            let kind = if l.trim().is_empty() {
                LineKind::Blank
            } else {
                LineKind::Text
            };
            out.push(Line {
                range: pos..pos + l.len(),
                kind,
            });
            pos += l.len() + 1;
        }
        out
    }

    /// Lines after which `soft_breaks` put a paragraph break.
    fn soft(s: &str) -> Vec<String> {
        let lines = soft_breaks(s, text_lines(s), 0..s.len());
        lines
            .windows(2)
            .filter(|w| w[1].kind == LineKind::Blank && w[1].range.start == w[0].range.end)
            .map(|w| s[w[0].range.clone()].to_string())
            .collect()
    }

    #[test]
    fn without_blank_lines_a_sentence_ending_where_the_next_word_would_fit_ends_a_paragraph() {
        let s = "Review of board appointments\n\
                 I am writing following the audit of board appointments that my office\n\
                 carried out this year. The audit looked at eleven appointments made by\n\
                 the Trust since 2021, and I am grateful to your staff.\n\
                 The audit found that the Trust met the requirements of the Governance\n\
                 Code in most respects. Advertisements were clear and candidates were\n\
                 told of the outcome promptly.";
        assert_eq!(
            soft(s),
            vec![
                "Review of board appointments",
                "the Trust since 2021, and I am grateful to your staff."
            ]
        );
    }

    #[test]
    fn a_full_line_ending_a_sentence_is_not_taken_for_a_paragraph_end() {
        let s = "The audit found that the Trust met most of the requirements of the Code.\n\
                 Advertisements were clear and the selection panels were constituted well,\n\
                 and candidates were told of the outcome promptly after each interview.";
        assert!(soft(s).is_empty());
    }

    #[test]
    fn one_paragraph_a_line_is_read_as_such() {
        let long = "word ".repeat(50);
        let s =
            format!("Subject of the letter\nFirst {long}end.\nSecond {long}end.\nThird {long}end.");
        assert_eq!(soft(&s).len(), 3);
    }

    #[test]
    fn blank_lines_between_paragraphs_leave_the_lines_alone() {
        let s = "First paragraph ends here.\n\nSecond starts here and goes on\nShort line.\nThird.";
        assert!(soft(s).is_empty());
    }

    #[test]
    fn double_spaced_text_keeps_its_paragraphs_and_loses_its_spacing() {
        let s = "I am writing following the audit of board appointments that my\n\n\
                 office carried out this year, and I am grateful to your staff for\n\n\
                 the care with which they answered our questions about them.\n\n\n\
                 The audit found that the Trust met the requirements of the Code in\n\n\
                 most respects, and that candidates were told of the outcome of the\n\n\
                 interviews promptly after each round of the selection process.";
        let lines = undouble(s, text_lines(s), 0..s.len());
        let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
        use LineKind::{Blank, Text};
        assert_eq!(kinds, vec![Text, Text, Text, Blank, Text, Text, Text]);
    }

    #[test]
    fn paragraphs_one_a_line_between_blank_lines_are_not_double_spacing() {
        let s = "First paragraph, which ends a sentence.\n\nSecond paragraph ends too.\n\n\
                 Third one as well.\n\nFourth.\n\nFifth paragraph.";
        assert_eq!(
            undouble(s, text_lines(s), 0..s.len()).len(),
            text_lines(s).len()
        );
    }

    #[test]
    fn a_flattened_body_wrapped_again_at_a_fixed_width_is_read_as_one_stretch() {
        let s = "Dear Jane, I am writing as Commissioner about the review of\n\
                 the Code, which my office has followed closely since it was\n\
                 first announced. The review looked at eleven appointments\n\
                 and found that most met the Code. Finally, I would ask\n\
                 that you publish it.";
        let body = s.find("I am").unwrap()..s.len();
        // The body's lines, the first from the body's start (as `read` clips it).
        let clipped = |s: &str, body: &Range<usize>| {
            let mut l = text_lines(s);
            l[0].range.start = body.start;
            l
        };
        let merged = rewrapped(s, &clipped(s, &body), body.clone()).unwrap();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].range, body);
        // A short line ending a sentence is a paragraph end: not re-wrapped.
        let s = "Dear Jane, I am writing as Commissioner about the review of\n\
                 the Code, which I follow.\n\
                 The review looked at eleven appointments and it found that\n\
                 most met the Code. Finally, I would ask that you publish it.";
        let body = s.find("I am").unwrap()..s.len();
        assert!(rewrapped(s, &clipped(s, &body), body).is_none());
    }
}
