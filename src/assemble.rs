//! Stage 4: assembly. The zones and segments found by the earlier stages
//! become the record, every value with its raw span.

use crate::body::{self, Para};
use crate::closing;
use crate::layout::{self, Layout};
use crate::names::NameParts;
use crate::normalize::Normalized;
use crate::parties::{self, Draft};
use crate::record::*;
use crate::segment::{self, Kind, Seg};
use std::ops::Range;

/// The clean text and its map: turns clean ranges into record values.
pub(crate) struct Doc<'a> {
    pub norm: &'a Normalized,
}

impl Doc<'_> {
    fn text(&self) -> &str {
        &self.norm.text
    }

    /// A [`Text`] for a clean range: whitespace collapsed, edge punctuation trimmed.
    pub(crate) fn value(&self, r: Range<usize>) -> Text {
        let (t, r) = self.trimmed(r);
        Text {
            text: join_words(t),
            span: self.norm.map.span(r),
        }
    }

    /// The text of [`Doc::value`] alone, for a caller that spans the
    /// untrimmed range itself (no span is looked up only to be dropped).
    fn value_text(&self, r: Range<usize>) -> String {
        join_words(self.trimmed(r).0)
    }

    /// A clean range without edge whitespace and punctuation, and its text:
    /// one scan from each end.
    fn trimmed(&self, r: Range<usize>) -> (&str, Range<usize>) {
        let edge = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|');
        let s = &self.text()[r.clone()];
        let front = s.trim_start_matches(edge);
        let lead = s.len() - front.len();
        let t = front.trim_end_matches(edge);
        (t, r.start + lead..r.start + lead + t.len())
    }

    fn span(&self, r: Range<usize>) -> Span {
        self.norm.map.span(r)
    }

    fn name(&self, p: NameParts, r: Range<usize>) -> Name {
        let t = self.value(r);
        Name {
            text: t.text,
            span: t.span,
            honorific: p.honorific,
            given: p.given,
            family: p.family,
            post_nominals: p.post_nominals,
        }
    }

    /// The record of a party, its strings moved out of its draft.
    fn party(&self, d: Draft) -> Party {
        let mut lines = Vec::new();
        let mut cover: Option<Range<usize>> = None;
        let mut toks = Vec::new();
        for r in &d.address {
            for piece in self.text()[r.clone()].split(',') {
                address_lines(piece, &mut toks, &mut lines);
            }
            cover = Some(cover.map_or(r.clone(), |c| c.start.min(r.start)..c.end.max(r.end)));
        }
        if let Some((_, r, _)) = &d.postcode {
            cover = Some(cover.map_or(r.clone(), |c| c.start.min(r.start)..c.end.max(r.end)));
        }
        // With no postal line but the postcode, the text is the postcode
        // (a value is never "").
        let postcode = d.postcode.map(|p| p.0);
        let text = if lines.is_empty() {
            postcode.clone().unwrap_or_default()
        } else {
            lines.join(", ")
        };
        let address = cover.filter(|_| !text.is_empty()).map(|c| Address {
            text,
            span: self.span(c),
            lines,
            postcode,
        });
        Party {
            name: d.name.map(|(p, r)| self.name(p, r)),
            role: d.role.map(|r| self.value(r)),
            organisation: d.org.map(|r| self.value(r)),
            address,
            phones: d
                .phones
                .into_iter()
                .map(|(r, e164)| Phone {
                    text: self.value_text(r.clone()),
                    span: self.span(r),
                    e164,
                })
                .collect(),
            emails: d
                .emails
                .into_iter()
                .map(|(r, address)| Email {
                    text: self.value_text(r.clone()),
                    span: self.span(r),
                    address,
                })
                .collect(),
        }
    }
}

/// Splits one comma-separated piece of a flattened address into postal
/// lines, appended to `lines`: a house number opens a line ("Globe House |
/// 89 Eccleston Square"), and a town ends the piece on its own line ("…
/// Square | London"). `toks` is a buffer the caller keeps for the next piece.
fn address_lines<'a>(piece: &'a str, toks: &mut Vec<&'a str>, lines: &mut Vec<String>) {
    toks.clear();
    toks.extend(piece.split_whitespace());
    let toks = &toks[..];
    let starts_number = |t: &str| t.starts_with(|c: char| c.is_ascii_digit());
    // A town (from the place list) closing the piece.
    let mut town = None;
    for k in (1..toks.len()).rev().take(3) {
        let n = crate::lexicon::PLACES.match_len(&toks[k..]);
        let after_number = starts_number(toks[k - 1]);
        let numbered = starts_number(toks[k]) && !matches!(toks[k - 1], "Box" | "PO");
        if n > 0 && k + n == toks.len() && !numbered && !after_number {
            town = Some(k);
            break;
        }
    }
    // Cuts in order: each number after a word, then the town; a line runs
    // from one cut to the next.
    let mut from = 0;
    let mut push = |to: usize| {
        if from < to {
            let mut line = String::with_capacity(toks[from..to].iter().map(|t| t.len() + 1).sum());
            for (i, t) in toks[from..to].iter().enumerate() {
                if i > 0 {
                    line.push(' ');
                }
                line.push_str(t);
            }
            lines.push(line);
            from = to;
        }
    };
    for i in 1..toks.len() {
        if Some(i) == town {
            push(i);
            continue;
        }
        let number = starts_number(toks[i]);
        let prev_number = starts_number(toks[i - 1]);
        if number && !prev_number && !matches!(toks[i - 1], "Box" | "PO") {
            push(i);
        }
    }
    push(toks.len());
}

/// Segments of every non-furniture line in a clean range.
///
/// Long lines were wrapped by the extractor, not set by the writer: a line
/// of prose width runs on into the next line of its block.
fn segments(text: &str, lay: &Layout, region: Range<usize>) -> Vec<Seg> {
    const WRAP_WIDTH: usize = 60;
    let mut out = Vec::new();
    let mut seg = segment::Segmenter::new(text);
    // The pending piece, the line it starts on and the line it ends on.
    let mut pending: Option<(Range<usize>, usize, usize)> = None;
    for (i, r) in pieces(text, lay, region.clone()) {
        let l = &lay.lines[i];
        let r = r.start.max(region.start)..r.end.min(region.end).max(r.start.max(region.start));
        let blank = crate::text::is_blank(&text[r.clone()]);
        if l.furniture || blank {
            if let Some((p, li, _)) = pending.take() {
                seg.line_into(p, li, &mut out);
            }
            continue;
        }
        // A markdown hard break ("  " at the line end) is a deliberate line end.
        let hard_break = |p: &Range<usize>| text[p.clone()].ends_with("  ");
        // A text wrapped at a fixed width: the last line ended for want of room.
        let wrapped = |last: usize| {
            last + 1 == i
                && crate::layout::wrapped_line(
                    lay.wrap_width,
                    &text[lay.lines[last].range.clone()],
                    &text[r.clone()],
                )
        };
        let r = match pending.take() {
            Some((p, li, last))
                if !hard_break(&p) && (p.len() >= WRAP_WIDTH && li + 1 == i || wrapped(last)) =>
            {
                let joined = p.start..r.end;
                pending = Some((joined, li, i));
                continue;
            }
            Some((p, li, _)) => {
                seg.line_into(p, li, &mut out);
                r
            }
            None => r,
        };
        pending = Some((r, i, i));
    }
    if let Some((p, li, _)) = pending.take() {
        seg.line_into(p, li, &mut out);
    }
    out
}

/// Builds the record from the clean text.
pub(crate) fn build(norm: &Normalized, raw_len: usize) -> Letter {
    let doc = Doc { norm };
    let text = norm.text.as_str();
    let mut letter = Letter::empty(raw_len);
    let lay = layout::layout(text);
    let header_end = lay.salutation.as_ref().map_or(lay.start, |s| s.start);
    let segs = segments(text, &lay, lay.start..header_end);
    let (mut drafts, extras) = parties::group(segs, text);
    let tail = closing::read(text, &lay);

    for s in &norm.invalid_utf8 {
        letter.diagnostics.push(Diagnostic::warning(
            "invalid_utf8_replaced",
            "bytes that are not UTF-8 were replaced with U+FFFD",
            Some(*s),
        ));
    }
    if lay.salutation.is_none() {
        letter.diagnostics.push(Diagnostic::warning(
            "no_salutation",
            "no salutation (\"Dear …\") was found",
            None,
        ));
    }
    if lay.valediction.is_none() {
        letter.diagnostics.push(Diagnostic::warning(
            "no_valediction",
            "no valediction (\"Yours sincerely\", \"Best wishes\" …) was found",
            None,
        ));
    }

    // Who signed.
    let sig_role = tail.role.clone().map(|r| doc.value_text(r));
    let sig_name = tail.name.as_ref().map(|(p, _)| p);
    let (sender_i, addressee_i) = assign(&drafts, text, sig_name, sig_role.as_deref());
    // The sender's block moves out of the drafts; what the diagnostics below
    // read of it stays behind, so they come out in the same order.
    let mut sender = sender_i.map(|i| {
        let stub = Draft {
            postcode: drafts[i].postcode.clone(),
            obfuscated: drafts[i].obfuscated.clone(),
            ..Draft::default()
        };
        std::mem::replace(&mut drafts[i], stub)
    });
    // Blocks before the addressee that are not the sender complete the sender
    // (a letterhead printed apart from the sender's name).
    if let (Some(s), Some(a)) = (sender.as_mut(), addressee_i) {
        for (i, d) in drafts.iter().enumerate() {
            if Some(i) != sender_i && i < a {
                fill(s, d);
            }
        }
    }

    // The signatory, resolving an unreadable signature through the sender.
    let mut signatory = Draft {
        name: tail.name.clone(),
        name_slot: tail.name.is_some() || tail.name_withheld,
        role: tail.role.clone(),
        org: tail.org.clone(),
        ..Draft::default()
    };
    if let Some(s) = &sender {
        let roles_match = match (&s.role, &sig_role) {
            (Some(r), Some(sr)) => parties::overlap(&doc.value_text(r.clone()), sr) >= 0.75,
            _ => false,
        };
        let families_differ = match (&s.name, &tail.name) {
            (Some((a, _)), Some((b, _))) => a.family != b.family,
            (Some(_), None) => !tail.name_withheld,
            _ => false,
        };
        if s.name.is_some()
            && families_differ
            && (tail.name_is_signature || tail.name.is_none())
            && (roles_match || sig_role.is_none())
        {
            signatory.name = s.name.clone();
            letter.diagnostics.push(Diagnostic::warning(
                "unreadable_signature",
                "the signature could not be read as the printed name; the signatory was resolved through the role under it and the sender",
                tail.signature.clone().map(|r| doc.span(r)),
            ));
        }
    }
    let mut sender = sender.unwrap_or_default();
    if sender.name.is_none() && !sender.name_slot {
        sender.name = signatory.name.clone();
    }
    if sender.role.is_none() {
        sender.role = signatory.role.clone();
    } else if sender.name.is_none() && signatory.role.is_some() && !sender.name_slot {
        // A letterhead's title is the office; the signatory's is the role.
        if sender.org.is_none() {
            sender.org = sender.role.clone();
        }
        sender.role = signatory.role.clone();
    }
    if sender.org.is_none() {
        sender.org = signatory.org.clone();
    }
    if sender.address.is_empty() && sender.postcode.is_none() && tail.details.postcode.is_some() {
        sender.address = tail.details.address.clone();
        sender.postcode = tail.details.postcode.clone();
    }
    if sender.phones.is_empty() && sender.emails.is_empty() {
        sender.phones = tail.details.phones.clone();
        sender.emails = tail.details.emails.clone();
    }
    if sender.address.is_empty() && sender.postcode.is_none() {
        if let Some(f) = footer_party(text, &lay) {
            sender.address = f.address;
            sender.postcode = f.postcode;
            if sender.org.is_none() {
                sender.org = f.org;
            }
        }
    }
    for d in drafts.iter().chain(std::iter::once(&sender)) {
        if let Some((_, r, true)) = &d.postcode {
            letter.diagnostics.push(Diagnostic::info(
                "postcode_repaired",
                "an OCR confusion in a postcode was repaired (l/I read as 1, O as 0)",
                Some(doc.span(r.clone())),
            ));
        }
        for r in &d.obfuscated {
            letter.diagnostics.push(Diagnostic::warning(
                "obfuscated_email",
                "an email address was hidden by the page it was copied from (\"[email protected]\")",
                Some(doc.span(r.clone())),
            ));
        }
    }

    // The drafts are done with: their names and postcodes move into the record.
    if !sender.is_empty() || sender.name.is_some() {
        letter.sender = Some(doc.party(sender));
    }
    letter.addressee = addressee_i.map(|i| doc.party(std::mem::take(&mut drafts[i])));

    // Date: in the header, else at the foot, else in a web page's prologue.
    // A web page's "Published 1 July 2022" run into the header (flattened)
    // is the page's date: the letter's is one with no such label.
    let page_date = |r: &Range<usize>| {
        let before = text[..r.start].trim_end().as_bytes();
        ["published", "updated", "posted"].iter().any(|w| {
            before.len() >= w.len()
                && before[before.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
        })
    };
    let date_range = extras
        .dates
        .iter()
        .find(|r| !page_date(r))
        .or(extras.dates.first())
        .cloned()
        .or_else(|| tail.dates.first().cloned())
        .or_else(|| {
            crate::date::find_all(&text[..lay.start])
                .first()
                .map(|d| d.range.clone())
        });
    if let Some(r) = date_range {
        if let Some(m) = crate::date::find_all(&text[r.clone()]).into_iter().next() {
            let t = doc.value(r.start + m.range.start..r.start + m.range.end);
            letter.date = Some(Date {
                text: t.text,
                span: t.span,
                iso: crate::date::iso(m.date),
                precision: m.precision,
            });
        }
    }
    if letter.date.is_none() {
        letter.diagnostics.push(Diagnostic::warning(
            "no_date_found",
            "the letter's date was not found",
            None,
        ));
    }
    letter.references.ours = extras.ours.clone().map(|r| doc.value(r));
    letter.references.yours = extras.yours.clone().map(|r| doc.value(r));
    letter.salutation = lay.salutation.clone().map(|r| doc.value(r));

    // Body, subject, footnotes.
    let body::Body {
        mut paras,
        notes,
        inferred,
    } = body::read(norm, &lay, lay.body.clone(), lay.tail.start);
    for r in inferred {
        letter.diagnostics.push(Diagnostic::info(
            "paragraph_breaks_inferred",
            "the body's line breaks were erased; its paragraph breaks were inferred from sentence cues and lengths",
            Some(doc.span(r)),
        ));
    }
    if let Some(first) = paras.first() {
        if let Some((subject, rest)) = subject_of(first, paras.len()) {
            letter.subject = Some(subject);
            match rest {
                // "RE: SUBJECT I am writing …": the body runs on after it.
                Some(cut) => paras[0] = body::tail_of(&paras[0], cut),
                None => {
                    paras.remove(0);
                }
            }
        } else if !text[lay.body.start..first.extent.start].contains('\n') {
            // Flattened: the subject runs into the first sentence.
            // A markdown heading's marks ("## Title") are no part of it.
            let t = first.text.text.as_str();
            let marks = if t.starts_with('#') {
                t.len() - t.trim_start_matches('#').trim_start().len()
            } else {
                0
            };
            // A block run into the body ("… Belfast BT2 7DP Telephone: …")
            // is no subject: a subject holds no postcode and no email.
            let cut = flattened_subject_end(&t[marks..])
                .map(|c| marks + c)
                .filter(|&c| {
                    !t[..c].contains('@') && crate::postcode::find_all(&t[..c]).is_empty()
                });
            if let Some(cut) = cut {
                letter.subject = Some(first.text.text_of(marks..cut));
                let rest = body::tail_of(&paras[0], cut);
                paras[0] = rest;
            }
        }
    }
    if letter.subject.is_none() {
        letter.subject = extras.subject.clone().map(|r| doc.value(r));
    }
    // "With best wishes." set above "Yours sincerely" closes the letter too.
    if paras.last().is_some_and(|p| {
        let t = p.text.text.trim_end_matches(['.', ',', '!']);
        // (A paragraph longer than any valediction is split no further.)
        let mut words = [""; 32];
        let mut n = 0;
        for w in t.split(' ').take(words.len()) {
            words[n] = w;
            n += 1;
        }
        crate::lexicon::VALEDICTIONS.is_entry(&words[..n])
    }) {
        paras.pop();
    }
    letter.footnotes = footnotes(&doc, &paras, &notes, &mut letter.diagnostics);
    letter.documents = crate::documents::find(norm, &paras, &mut letter.footnotes);
    // A document points only at a footnote the record holds (the citation of
    // one whose definition could not be cut from flattened text stays unlinked).
    for d in &mut letter.documents {
        if d.footnote
            .is_some_and(|n| !letter.footnotes.iter().any(|f| f.number == n))
        {
            d.footnote = None;
        }
    }

    // Closing.
    if lay.valediction.is_some() || tail.signature.is_some() {
        letter.closing = Some(Closing {
            valediction: lay.valediction.clone().map(|r| doc.value(r)),
            signature: tail.signature.clone().map(|r| doc.value(r)),
            signatory: (signatory.name.is_some() || signatory.role.is_some())
                .then(|| doc.party(signatory)),
        });
    }
    letter.cc = extras
        .cc
        .iter()
        .map(|r| cc_party(&doc, text, r.clone(), true))
        .chain(
            tail.cc
                .iter()
                .map(|r| cc_party(&doc, text, r.clone(), false)),
        )
        .collect();
    // In flattened text an enclosure runs on into the footnotes strung
    // after it: it ends where the first of them starts.
    let before_notes = |r: &Range<usize>| {
        let cut = notes
            .iter()
            .map(|n| n.extent.start)
            .filter(|&at| at > r.start && at < r.end)
            .min()
            .unwrap_or(r.end);
        r.start..cut
    };
    letter.enclosures = tail
        .enclosures
        .iter()
        .map(|r| doc.value(before_notes(r)))
        .collect();
    // The paragraphs' texts are lent to the request finder, not copied.
    let texts: Vec<crate::text::MappedText> = paras
        .iter_mut()
        .map(|p| std::mem::take(&mut p.text))
        .collect();
    let letter_date = letter
        .date
        .as_ref()
        .filter(|d| d.precision == Precision::Day)
        .and_then(|d| d.iso.parse::<jiff::civil::Date>().ok());
    let (requests, diags) = crate::requests::find(&texts, letter_date);
    for (p, t) in paras.iter_mut().zip(texts) {
        p.text = t;
    }
    letter.requests = requests;
    letter.diagnostics.extend(diags);
    letter.contacts = crate::contacts::find(
        &doc,
        &paras,
        letter.closing.as_ref().and_then(|c| c.signatory.as_ref()),
    );
    // The paragraphs are done with: their texts move into the record.
    letter.body = paras.into_iter().map(|p| paragraph(&doc, p)).collect();
    // Absent values are null, never "".
    let some = |t: &Text| !t.text.is_empty();
    letter.subject = letter.subject.filter(some);
    letter.salutation = letter.salutation.filter(some);
    letter.references.ours = letter.references.ours.take().filter(some);
    letter.references.yours = letter.references.yours.take().filter(some);
    if let Some(c) = letter.closing.as_mut() {
        c.valediction = c.valediction.take().filter(some);
        c.signature = c.signature.take().filter(some);
    }
    for p in letter.cc.iter_mut() {
        p.role = p.role.take().filter(some);
        p.organisation = p.organisation.take().filter(some);
    }
    letter
        .cc
        .retain(|p| p.name.is_some() || p.role.is_some() || p.organisation.is_some());
    letter.enclosures.retain(|t| !t.text.is_empty());
    // What was left out: furniture lines, and web page text around the letter.
    let trimmed = |r: Range<usize>| {
        let s = &text[r.clone()];
        let a = r.start + (s.len() - s.trim_start().len());
        a..(r.start + s.trim_end().len()).max(a)
    };
    if lay.start > 0 {
        let r = trimmed(0..lay.start);
        if !r.is_empty() {
            letter.dropped.push(Dropped {
                kind: DroppedKind::WebPage,
                span: doc.span(r),
            });
        }
    }
    for l in lay.lines.iter().filter(|l| l.furniture) {
        let r = trimmed(l.range.clone());
        if !r.is_empty() {
            letter.dropped.push(Dropped {
                kind: DroppedKind::PageFurniture,
                span: doc.span(r),
            });
        }
    }
    if let Some(at) = tail.page_after {
        let r = trimmed(at..text.len());
        if !r.is_empty() {
            letter.dropped.push(Dropped {
                kind: DroppedKind::WebPage,
                span: doc.span(r),
            });
        }
    }
    letter.dropped.sort_by_key(|d| d.span);
    let mut seen = std::collections::HashSet::new();
    letter
        .diagnostics
        .retain(|d| seen.insert((d.code.clone(), d.span)));
    letter
}

/// The header's lines in reading order.
///
/// Two blocks printed side by side (addressee left, sender right) come out
/// of PDF extraction interleaved line by line; the sign is two bare
/// postcodes on consecutive lines ending the block. Such a block is read as
/// its even lines, then its odd lines.
fn reading_order(text: &str, lay: &Layout, region: Range<usize>) -> Vec<usize> {
    let idx: Vec<usize> = (0..lay.lines.len())
        .filter(|&i| lay.lines[i].range.end > region.start && lay.lines[i].range.start < region.end)
        .collect();
    let bare_postcode =
        |i: usize| crate::postcode::parse(&text[lay.lines[i].range.clone()]).is_some();
    let mut out = Vec::with_capacity(idx.len());
    let mut k = 0;
    while k < idx.len() {
        // A block: consecutive non-blank lines.
        let start = k;
        while k < idx.len() && !text[lay.lines[idx[k]].range.clone()].trim().is_empty() {
            k += 1;
        }
        let block = &idx[start..k];
        let pair =
            (1..block.len()).find(|&j| bare_postcode(block[j - 1]) && bare_postcode(block[j]));
        match pair {
            Some(j) if (j + 1) % 2 == 0 && j >= 3 => {
                let cols = &block[..=j];
                out.extend(cols.iter().step_by(2));
                out.extend(cols.iter().skip(1).step_by(2));
                out.extend(&block[j + 1..]);
            }
            _ => out.extend(block),
        }
        if k < idx.len() {
            out.push(idx[k]);
            k += 1;
        }
    }
    out
}

/// The header's pieces of text in reading order, each with its line.
///
/// Layout-preserving extraction prints two blocks side by side on the same
/// lines ("Ms Helen Carter          Tel: 020 …"): when several lines hold a
/// wide gap, each line is cut at its gap and the left column is read before
/// the right one (a line indented far in belongs to the right column).
/// Otherwise the lines are read in [`reading_order`].
fn pieces(text: &str, lay: &Layout, region: Range<usize>) -> Vec<(usize, Range<usize>)> {
    static GAP: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\S( {6,}|\t+)\S").unwrap());
    const RIGHT_INDENT: usize = 20;
    let order = reading_order(text, lay, region.clone());
    let clip = |i: usize| {
        let r = &lay.lines[i].range;
        r.start.max(region.start)..r.end.min(region.end).max(r.start.max(region.start))
    };
    let gapped = order
        .iter()
        .filter(|&&i| GAP.is_match(&text[clip(i)]))
        .count();
    if gapped < 2 {
        return order.into_iter().map(|i| (i, clip(i))).collect();
    }
    let trim = |r: Range<usize>| {
        let s = &text[r.clone()];
        let a = r.start + (s.len() - s.trim_start().len());
        a..(r.start + s.trim_end().len()).max(a)
    };
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut lines: Vec<usize> = (0..lay.lines.len())
        .filter(|&i| lay.lines[i].range.end > region.start && lay.lines[i].range.start < region.end)
        .collect();
    lines.sort_unstable();
    for i in lines {
        let r = clip(i);
        let s = &text[r.clone()];
        let blank = |at: usize| (i, at..at);
        if let Some(c) = GAP.captures(s) {
            let g = c.get(1).map_or(0..0, |g| g.range());
            left.push((i, trim(r.start..r.start + g.start)));
            right.push((i, trim(r.start + g.end..r.end)));
        } else if s.len() - s.trim_start().len() >= RIGHT_INDENT {
            right.push((i, trim(r.clone())));
            left.push(blank(r.start));
        } else {
            left.push((i, trim(r.clone())));
            right.push(blank(r.start));
        }
    }
    left.extend(right);
    left
}

/// Which draft is the sender and which the addressee.
fn assign(
    drafts: &[Draft],
    text: &str,
    sig_name: Option<&NameParts>,
    sig_role: Option<&str>,
) -> (Option<usize>, Option<usize>) {
    let useful: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].has_identity())
        .collect();
    // The signatory's role is compared with every block's: its words are read once.
    let sig_words = sig_role.map(parties::Words::new);
    // The block most like the signatory (its name, else its office).
    const SAME_OFFICE: f64 = 0.6;
    let matching = useful
        .iter()
        .copied()
        .map(|i| {
            (
                i,
                parties::signatory_score(&drafts[i], text, sig_name, sig_words.as_ref()),
            )
        })
        .filter(|&(_, s)| s >= SAME_OFFICE)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i);
    match useful.len() {
        0 => (None, None),
        1 => {
            let i = useful[0];
            let d = &drafts[i];
            // A lone block is the sender when it is the signatory, or an
            // unnamed letterhead whose office shares the signatory's title.
            let letterhead_of_signatory = d.name.is_none()
                && !d.name_slot
                && sig_words.as_ref().is_some_and(|r| {
                    [&d.role, &d.org].iter().any(|x| {
                        x.as_ref().is_some_and(|x| {
                            parties::Words::new(&text[x.clone()]).overlap(r) >= 0.5
                        })
                    })
                });
            if matching == Some(i) || letterhead_of_signatory {
                (Some(i), None)
            } else {
                (None, Some(i))
            }
        }
        _ => {
            let s = matching.unwrap_or(useful[0]);
            let a = useful.iter().rev().copied().find(|&i| i != s);
            (Some(s), a)
        }
    }
}

/// Fills what `s` lacks from another block of the same sender.
fn fill(s: &mut Draft, d: &Draft) {
    if s.org.is_none() {
        s.org = d.org.clone().or(d.role.clone());
    }
    if s.address.is_empty() && s.postcode.is_none() {
        s.address = d.address.clone();
        s.postcode = d.postcode.clone();
    }
    s.phones.extend(d.phones.iter().cloned());
    s.emails.extend(d.emails.iter().cloned());
    s.urls.extend(d.urls.iter().cloned());
}

/// A letterhead printed as a page footer (repeated, with a postcode).
fn footer_party(text: &str, lay: &Layout) -> Option<Draft> {
    // The first footer, over all its lines (it may have been wrapped).
    let first = lay.lines.iter().position(|l| l.footer_address)?;
    let mut seg = segment::Segmenter::new(text);
    let mut segs = Vec::new();
    for (i, l) in lay.lines[first..]
        .iter()
        .take_while(|l| l.footer_address)
        .enumerate()
    {
        seg.line_into(l.range.clone(), i, &mut segs);
    }
    let (drafts, _) = parties::group(segs, text);
    drafts.into_iter().find(|d| d.postcode.is_some())
}

/// The subject line: "Re: …", or a short first line of the body that is not
/// a sentence.
fn subject_of(p: &Para, n_paras: usize) -> Option<(Text, Option<usize>)> {
    let t = p.text.text.as_str();
    for pre in ["re:", "re.", "subject:", "ref:", "re "] {
        if starts_with_ignoring_case(t, pre) && p.label.is_none() {
            let rest = &t[pre.len()..];
            let lead = t.len() - rest.trim_start().len();
            // A long paragraph is the subject run into the body (flattened).
            let cut = (rest.split_whitespace().count() > 25)
                .then(|| flattened_subject_end(&t[lead..]).map(|c| lead + c))
                .flatten();
            let subject = p.text.text_of(lead..cut.unwrap_or(t.len()));
            return (!subject.text.is_empty()).then_some((subject, cut));
        }
    }
    let words = t.split_whitespace().count();
    let sentence = t.ends_with(['.', ':', '?', '!']) && !t.ends_with("etc.");
    let first_person = t.split_whitespace().any(|w| matches!(w, "I" | "We" | "we"));
    if n_paras > 1 && p.label.is_none() && words <= 25 && !sentence && !first_person {
        return Some((p.text.text_of(0..t.len()), None));
    }
    None
}

/// Whether `t` lower-cased starts with the lower-case ASCII `pre`, without
/// lower-casing `t`: no char outside ASCII lower-cases to one of the
/// prefixes' letters (only U+0130 and U+212A lower-case into ASCII, to "i"
/// and "k"), so the prefix is `t`'s first bytes, matched ASCII-blind to case.
fn starts_with_ignoring_case(t: &str, pre: &str) -> bool {
    debug_assert!(!pre.contains(['i', 'k']));
    t.as_bytes()
        .get(..pre.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(pre.as_bytes()))
}

/// Where a subject line ends when a flattened letter ran it into the first
/// sentence, in a prefix that is not itself a first-person sentence: after
/// a run of capitals ("TRANSPARENCY IN SUPPLY CHAINS I am …"), else before a
/// word that opens a first sentence ("… statutory guidance I am pleased"),
/// else at the first capitalised word after a lower-case content word
/// ("… health emergency Organisations across …").
fn flattened_subject_end(t: &str) -> Option<usize> {
    const FUNCTION: &[&str] = &[
        "the", "of", "and", "for", "to", "in", "on", "with", "by", "a", "an", "at", "from", "or",
        "as",
    ];
    /// Words that open a letter's first sentence.
    const OPENERS: &[&str] = &[
        "I",
        "We",
        "Thank",
        "Thanks",
        "Following",
        "Further",
        "My",
        "Our",
        "Please",
        "Congratulations",
        "Ahead",
        "As",
        "Today",
        "Having",
        "Given",
        "You",
        "Your",
        "Many",
    ];
    let first_sentence = first_sentence_end(t);
    let words: Vec<(usize, &str)> = t[..first_sentence]
        .split(' ')
        .scan(0, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .take(30)
        .collect();
    // A first-person sentence from the start is no subject.
    if words
        .iter()
        .take(3)
        .any(|(_, w)| matches!(*w, "I" | "We" | "we"))
        || words.first().is_some_and(|(_, w)| {
            matches!(
                *w,
                "Thank" | "Thanks" | "Congratulations" | "Please" | "As" | "Ahead" | "Having"
            )
        })
    {
        return None;
    }
    // A subject in capitals: it ends with its last word in capitals.
    let caps = |w: &str| {
        w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
            || !w.chars().any(char::is_alphanumeric)
    };
    let mut run = words.iter().take_while(|(_, w)| caps(w)).count();
    // "… RESPONSE I am writing": the pronoun opens the sentence.
    while run > 0 && words[run - 1].1 == "I" {
        run -= 1;
    }
    if run >= 3 && run < words.len() {
        let (at, w) = words[run - 1];
        return Some(at + w.len());
    }
    // Words that open a sentence in capitals but stand in lower case inside
    // a title written in title case ("Requirements for Action In November").
    const CAPITAL_OPENERS: &[&str] = &[
        "In",
        "It",
        "The",
        "On",
        "At",
        "This",
        "Since",
        "Following",
        "Further",
        "Last",
        "Earlier",
        "Today",
        "After",
        "Before",
        "When",
        "While",
        "Over",
        "Thank",
        "Ahead",
        "As",
        "Having",
        "Given",
    ];
    // The word that opens the first sentence, after three words or more.
    if let Some(k) = (3..words.len()).find(|&k| {
        let (p, w) = (words[k - 1].1, words[k].1);
        if p.ends_with(',') {
            return false;
        }
        // "… to your letter of 13 October 2020 1. Thank you …": a
        // numbered first paragraph.
        let numbered = k + 1 == words.len()
            && w.len() <= 3
            && w.ends_with('.')
            && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit());
        // "… one year on It is now a year …": a pronoun and its verb.
        let it_verb = w == "It"
            && words
                .get(k + 1)
                .is_some_and(|(_, v)| v.starts_with(|c: char| c.is_lowercase()));
        // A capitalised small word in a title that writes its small words in
        // lower case, and not this one in capitals before.
        let title_then_sentence = CAPITAL_OPENERS.contains(&w)
            && words[..k].iter().any(|(_, x)| FUNCTION.contains(x))
            && !words[..k].iter().any(|(_, x)| *x == w)
            && !FUNCTION.contains(&p);
        let pronoun = matches!(w, "I" | "We");
        let opener = OPENERS.contains(&w)
            && (pronoun || p.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()))
            && !FUNCTION.contains(&p);
        numbered || it_verb || title_then_sentence || opener
    }) {
        return Some(words[k].0 - 1);
    }
    // Else the first capitalised word after a lower-case content word.
    for k in 3..words.len().min(21) {
        let (p, w) = (words[k - 1].1, words[k].1);
        let after_lower = p.starts_with(|c: char| c.is_lowercase()) && !FUNCTION.contains(&p);
        if after_lower && w.starts_with(|c: char| c.is_uppercase()) {
            return Some(words[k].0 - 1);
        }
        if matches!(w, "we") {
            return None;
        }
    }
    None
}

/// Where the first sentence of `t` ends: after the first ". " that follows
/// no abbreviation ("(No. 2) Bill", "St. Helens", "Dr. Jones") and no
/// initial ("J. Smith"); a paragraph number ("… 2020 1. Thank") ends it.
fn first_sentence_end(t: &str) -> usize {
    const ABBREVIATIONS: &[&str] = &[
        "No", "no", "Nos", "nos", "St", "Dr", "Mr", "Mrs", "Ms", "Prof", "Rev", "Revd", "Sr", "Jr",
        "Vol", "vol", "p", "pp", "para", "paras", "art", "Art", "s", "ss", "cf", "Co", "Cllr",
        "Rt", "Hon", "Gen", "Col", "Capt", "Lt", "Sgt", "Insp", "Supt", "Det", "Ch", "approx",
    ];
    let mut from = 0;
    while let Some(i) = t[from..].find(". ").map(|i| from + i) {
        let word = t[..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        // "J. Smith": a capital letter, then a name ("T. 0303 …" is a label).
        let initial = word.len() == 1
            && word.starts_with(|c: char| c.is_uppercase())
            && t[i + 2..].starts_with(|c: char| c.is_uppercase());
        if !ABBREVIATIONS.contains(&word) && !initial {
            return i + 1;
        }
        from = i + 2;
    }
    t.len()
}

/// Whitespace runs as one space, ends trimmed (copying only when needed).
fn collapse_spaces(s: &str) -> String {
    if is_collapsed(s) {
        s.trim().to_string()
    } else {
        join_words(s.trim())
    }
}

/// [`collapse_spaces`] of a string the caller gives up: kept as it is when
/// it is collapsed already (most paragraphs are), not copied.
fn collapse_spaces_owned(s: String) -> String {
    if is_collapsed(&s) {
        if s.trim().len() == s.len() {
            s
        } else {
            s.trim().to_string()
        }
    } else {
        join_words(s.trim())
    }
}

/// Whether `s`, trimmed, is its words joined by one space already.
fn is_collapsed(s: &str) -> bool {
    let t = s.trim();
    // Clean: no two ASCII whitespace bytes in a row, no line break, tab or
    // CR. Without those three, the ASCII whitespace left is the space and
    // the rare form feed: searching for "  " is enough when there is no
    // form feed.
    let b = t.as_bytes();
    memchr::memchr3(b'\n', b'\t', b'\r', b).is_none()
        && if memchr::memchr(b'\x0c', b).is_some() {
            !b.windows(2)
                .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        } else {
            memchr::memmem::find(b, b"  ").is_none()
        }
}

/// The words of `s` (split at Unicode whitespace) joined by one space:
/// `s.split_whitespace().collect::<Vec<_>>().join(" ")`, without the `Vec`.
pub(crate) fn join_words(s: &str) -> String {
    if s.is_ascii() && single_spaced(s.as_bytes()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // ASCII whitespace as `char::is_whitespace` sees it: \t \n \x0b \x0c \r and space.
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && matches!(b[i], b'\t'..=b'\r' | b' ') {
                i += 1;
            }
            let start = i;
            while i < b.len() && !matches!(b[i], b'\t'..=b'\r' | b' ') {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
    } else {
        for w in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Whether ASCII text is already its words joined by one space: no
/// whitespace at either end, none but the space, never two in a row. Most
/// values are, and copying them whole beats copying them word by word.
fn single_spaced(b: &[u8]) -> bool {
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        match c {
            b' ' if prev_space => return false,
            b' ' => prev_space = true,
            b'\t'..=b'\r' => return false,
            _ => prev_space = false,
        }
    }
    true
}

fn paragraph(doc: &Doc, p: Para) -> Paragraph {
    let mut refs: Vec<u32> = p.markers.iter().map(|m| m.0).collect();
    refs.dedup();
    // Markup is removed from paragraphs, including tags that only came
    // together as cleaning took out what stood between their parts.
    let mut text = collapse_spaces_owned(p.text.text);
    if crate::text::contains_by(&text, "u>", 1) {
        let stripped = collapse_spaces(&text.replace("</u>", "").replace("<u>", ""));
        // A paragraph that is nothing but such a tag keeps it (never "").
        if !stripped.is_empty() {
            text = stripped;
        }
    }
    Paragraph {
        text,
        span: doc.span(p.extent),
        label: p.label,
        footnote_refs: refs,
    }
}

fn footnotes(
    doc: &Doc,
    paras: &[Para],
    notes: &[body::NoteDef],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Footnote> {
    let mut out: Vec<Footnote> = Vec::new();
    for n in notes {
        if out.iter().any(|f| f.number == n.number) {
            continue;
        }
        out.push(Footnote {
            number: n.number,
            text: join_words(&n.text.text),
            span: doc.span(n.extent.clone()),
            cited_from: Vec::new(),
            document: None,
        });
    }
    for (pi, p) in paras.iter().enumerate() {
        for (num, r) in &p.markers {
            match out.iter_mut().find(|f| f.number == *num) {
                Some(f) => f.cited_from.push(Citation {
                    paragraph: pi,
                    span: doc.span(r.clone()),
                }),
                None => diags.push(Diagnostic::warning(
                    "marker_without_footnote",
                    format!("footnote marker {num} has no footnote"),
                    Some(doc.span(r.clone())),
                )),
            }
        }
    }
    for f in &out {
        if f.cited_from.is_empty() {
            diags.push(Diagnostic::info(
                "footnote_without_marker",
                format!("footnote {} is not cited in the body", f.number),
                Some(f.span),
            ));
        }
    }
    out.sort_by_key(|f| f.number);
    out
}

/// A copy recipient: name, role and organisation from "Name, Role, Body".
fn cc_party(doc: &Doc, text: &str, r: Range<usize>, header: bool) -> Party {
    let _ = header;
    let segs = segment::segment_line(text, r.clone(), 0);
    let mut d = Draft::default();
    for s in segs {
        match s.kind {
            Kind::Name(p) if d.name.is_none() && p.has_name() => d.name = Some((p, s.range)),
            Kind::Role if d.role.is_none() => d.role = Some(s.range),
            Kind::Org if d.org.is_none() => d.org = Some(s.range),
            _ => {}
        }
    }
    if d.name.is_none() && d.role.is_none() && d.org.is_none() {
        d.role = Some(r);
    }
    doc.party(d)
}

#[cfg(test)]
mod tests {
    use super::flattened_subject_end as end;
    use super::{address_lines, join_words, starts_with_ignoring_case};

    #[test]
    fn a_prefix_ignoring_case_agrees_with_lower_casing() {
        for t in [
            "",
            "r",
            "Re: Budget",
            "RE. x",
            "SUBJECT: y",
            "Subject:z",
            "Ref: 12",
            "re x",
            "RÉ: no",
            "\u{130}re: x",
            "\u{212a}re: x",
            "Regarding",
            "Sub",
            "\u{e9}re:",
        ] {
            for pre in ["re:", "re.", "subject:", "ref:", "re "] {
                let want = t.to_lowercase().starts_with(pre);
                assert_eq!(starts_with_ignoring_case(t, pre), want, "{t:?} {pre:?}");
            }
        }
    }

    fn lines(piece: &str) -> Vec<String> {
        let (mut toks, mut out) = (Vec::new(), vec!["kept".to_string()]);
        address_lines(piece, &mut toks, &mut out);
        assert_eq!(out.remove(0), "kept", "lines are appended");
        out
    }

    #[test]
    fn a_house_number_opens_an_address_line_and_a_closing_town_ends_one() {
        assert_eq!(
            lines(" Globe House  89 Eccleston Square London "),
            ["Globe House", "89 Eccleston Square", "London"]
        );
        // A number after a number, or after "PO Box", opens no line.
        assert_eq!(
            lines("PO Box 12 34 High Street"),
            ["PO Box 12 34 High Street"]
        );
        assert_eq!(lines("Unit 5 Quay Road"), ["Unit", "5 Quay Road"]);
        // A town right after a number is the street's, not a line of its own.
        assert_eq!(lines("Flat 2 London"), ["Flat", "2 London"]);
        assert!(lines("  ").is_empty());
    }

    #[test]
    fn join_words_agrees_with_split_and_join() {
        for s in [
            "",
            " ",
            "a",
            "Ms Helen Carter",
            " Ms Helen Carter",
            "Ms Helen Carter ",
            "Ms  Helen",
            "Ms\tHelen\nCarter",
            "line\r\nnext\x0bvt\x0cff",
            "caf\u{e9}  cr\u{e8}me\u{a0}br\u{fb}l\u{e9}e",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(join_words(s), want, "{s:?}");
        }
    }

    fn subject(t: &str) -> Option<&str> {
        end(t).map(|e| &t[..e])
    }

    #[test]
    fn a_subject_in_capitals_ends_with_its_last_capital_word() {
        let t = "TRANSPARENCY IN SUPPLY CHAINS – THE GOVERNMENT RESPONSE I am writing about it.";
        assert_eq!(
            subject(t),
            Some("TRANSPARENCY IN SUPPLY CHAINS – THE GOVERNMENT RESPONSE")
        );
    }

    #[test]
    fn a_subject_ends_before_the_word_that_opens_the_first_sentence() {
        let t = "Response to the draft Domestic Abuse Act 2021 statutory guidance I am pleased to respond.";
        assert_eq!(
            subject(t),
            Some("Response to the draft Domestic Abuse Act 2021 statutory guidance")
        );
        let t = "Modern slavery and the Sussex Partnership I am writing to you.";
        assert_eq!(
            subject(t),
            Some("Modern slavery and the Sussex Partnership")
        );
    }

    #[test]
    fn a_web_page_date_run_into_the_header_is_not_the_letters() {
        let t = "Letter to councils Published 1 July 2022\nAnn Lee\nDirector\n24 June 2022\n\nDear Sir,\n\nText.\n\nYours faithfully,\n\nAnn Lee\n";
        let l = crate::parse(t);
        assert_eq!(l.date.unwrap().iso, "2022-06-24");
    }

    #[test]
    fn a_subject_ends_before_a_numbered_first_paragraph() {
        let t = "Review of the Code of Conduct: response to the Committee's proposals 1. Thank you for your letter.";
        assert_eq!(
            subject(t),
            Some("Review of the Code of Conduct: response to the Committee's proposals")
        );
    }

    #[test]
    fn an_abbreviation_does_not_end_the_first_sentence() {
        let t = "Data Protection and Digital Information (No. 2) Bill – devolution consequences for Scotland I understand that you sit on it.";
        assert_eq!(
            subject(t),
            Some("Data Protection and Digital Information (No. 2) Bill – devolution consequences for Scotland")
        );
    }

    #[test]
    fn a_capitalised_small_word_in_a_title_case_subject_opens_the_sentence() {
        let t = "A Home for Everyone? – progress against my Recommendations for Action In May 2019 I published a review.";
        assert_eq!(
            subject(t),
            Some("A Home for Everyone? – progress against my Recommendations for Action")
        );
        let t = "Bus services review: exemptions from the freeze and the use of WelTAG In March you announced a freeze.";
        assert_eq!(
            subject(t),
            Some("Bus services review: exemptions from the freeze and the use of WelTAG")
        );
        let t = "Still Waiting – two years on It is now two years since my report.";
        assert_eq!(subject(t), Some("Still Waiting – two years on"));
    }

    #[test]
    fn a_first_sentence_is_no_subject() {
        assert_eq!(
            subject("As Independent Anti-Slavery Commissioner, I am writing to you."),
            None
        );
        assert_eq!(
            subject("Congratulations on your appointment as Lord Chancellor."),
            None
        );
        assert_eq!(
            subject("We are writing jointly as the two Commissioners."),
            None
        );
    }
}
