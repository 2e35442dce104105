//! Parties: grouping labelled segments into the blocks of people and offices
//! a letter names (letterhead, sender block, addressee block, signatory,
//! copy recipients), and deciding which is the sender and which the addressee.

use crate::names::NameParts;
use crate::segment::{Kind, Seg};
use std::borrow::Cow;
use std::ops::Range;

/// A party as read, before it becomes a record [`crate::Party`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    pub name: Option<(NameParts, Range<usize>)>,
    /// A name slot was printed (a title, or "[redacted]"), even if no name.
    pub name_slot: bool,
    pub role: Option<Range<usize>>,
    pub role_before_name: bool,
    pub org: Option<Range<usize>>,
    pub address: Vec<Range<usize>>,
    pub postcode: Option<(String, Range<usize>, bool)>,
    pub phones: Vec<(Range<usize>, Option<String>)>,
    pub emails: Vec<(Range<usize>, String)>,
    pub urls: Vec<Range<usize>>,
    pub obfuscated: Vec<Range<usize>>,
    /// Whole extent, for spans and ordering.
    pub extent: Option<Range<usize>>,
}

impl Draft {
    pub(crate) fn has_identity(&self) -> bool {
        self.name_slot || self.role.is_some() || self.org.is_some()
    }

    pub(crate) fn is_empty(&self) -> bool {
        !self.has_identity() && self.address.is_empty() && self.postcode.is_none()
    }

    fn has_place(&self) -> bool {
        self.postcode.is_some()
    }

    fn grow(&mut self, r: &Range<usize>) {
        self.extent = Some(match self.extent.take() {
            Some(e) => e.start.min(r.start)..e.end.max(r.end),
            None => r.clone(),
        });
    }

    /// Adds a contact detail (phone, email, web address) found in the block.
    fn add_contact(&mut self, s: &Seg) {
        match &s.kind {
            Kind::Phone(e) => self.phones.push((s.range.clone(), e.clone())),
            Kind::Email(a) => self.emails.push((s.range.clone(), a.clone())),
            Kind::Url => self.urls.push(s.range.clone()),
            Kind::Obfuscated => self.obfuscated.push(s.range.clone()),
            _ => {}
        }
        self.grow(&s.range);
    }
}

/// What the header holds besides parties.
#[derive(Debug, Default)]
pub(crate) struct HeaderExtras {
    pub dates: Vec<Range<usize>>,
    pub ours: Option<Range<usize>>,
    pub yours: Option<Range<usize>>,
    pub cc: Vec<Range<usize>>,
    pub subject: Option<Range<usize>>,
}

/// Groups segments (in reading order) into party drafts.
///
/// A new party starts where the evidence says one block ended: a name after
/// a name or an address; a role or organisation after a postcode; a date,
/// reference or delivery note between blocks.
pub(crate) fn group(segs: Vec<Seg>, text: &str) -> (Vec<Draft>, HeaderExtras) {
    let mut parties: Vec<Draft> = Vec::new();
    let mut cur = Draft::default();
    let mut extras = HeaderExtras::default();
    let close = |cur: &mut Draft, parties: &mut Vec<Draft>| {
        let d = std::mem::take(cur);
        if d.is_empty() {
            // Contact details alone belong to the block before them.
            if let Some(last) = parties.last_mut() {
                last.phones.extend(d.phones);
                last.emails.extend(d.emails);
                last.urls.extend(d.urls);
                last.obfuscated.extend(d.obfuscated);
            }
        } else {
            parties.push(d);
        }
    };
    for mut s in segs {
        match &mut s.kind {
            Kind::Date => {
                extras.dates.push(s.range.clone());
                close(&mut cur, &mut parties);
            }
            Kind::RefOurs => {
                extras.ours.get_or_insert(s.range.clone());
                close(&mut cur, &mut parties);
            }
            Kind::RefYours => {
                extras.yours.get_or_insert(s.range.clone());
                close(&mut cur, &mut parties);
            }
            Kind::Delivery => close(&mut cur, &mut parties),
            Kind::Cc => {
                extras.cc.push(s.range.clone());
                close(&mut cur, &mut parties);
            }
            Kind::Subject => {
                extras.subject.get_or_insert(s.range.clone());
                close(&mut cur, &mut parties);
            }
            Kind::Name(parts) => {
                // A plain name inside a block that has its person already, and
                // no postcode yet, names a building ("Castle Buildings").
                let plain = parts.honorific.is_none() && parts.post_nominals.is_empty();
                if plain
                    && cur.name_slot
                    && (cur.role.is_some() || cur.org.is_some())
                    && !cur.has_place()
                {
                    cur.address.push(s.range.clone());
                    cur.grow(&s.range);
                    continue;
                }
                if cur.name_slot || cur.has_place() || !cur.address.is_empty() {
                    close(&mut cur, &mut parties);
                }
                cur.name_slot = true;
                cur.role_before_name = cur.role.is_some();
                if parts.has_name() {
                    cur.name = Some((std::mem::take(parts), s.range.clone()));
                }
                cur.grow(&s.range);
            }
            Kind::Redacted => {
                if cur.name_slot || cur.has_place() {
                    close(&mut cur, &mut parties);
                }
                cur.name_slot = true;
                cur.role_before_name = cur.role.is_some();
                cur.grow(&s.range);
            }
            Kind::Role => {
                if cur.has_place() || !cur.address.is_empty() {
                    close(&mut cur, &mut parties);
                }
                match &cur.role {
                    None => cur.role = Some(s.range.clone()),
                    Some(old) if text[old.clone()] == text[s.range.clone()] => {}
                    Some(old) => {
                        // A letterhead title above the name is the office; the
                        // title under the name is the person's role.
                        let letterhead = !cur.name_slot || cur.role_before_name;
                        if letterhead && cur.org.is_none() {
                            cur.org = Some(old.clone());
                            cur.role = Some(s.range.clone());
                        }
                    }
                }
                cur.grow(&s.range);
            }
            Kind::Org => {
                if cur.has_place() || !cur.address.is_empty() {
                    close(&mut cur, &mut parties);
                }
                match &cur.org {
                    None => cur.org = Some(s.range.clone()),
                    // A second institution under the first is where it sits:
                    // the building that opens the address ("… NHS Foundation
                    // Trust / Hellesdon Hospital / Drayton High Road").
                    Some(old) if text[old.clone()] != text[s.range.clone()] => {
                        cur.address.push(s.range.clone())
                    }
                    Some(_) => {}
                }
                cur.grow(&s.range);
            }
            Kind::Address => {
                if cur.has_place() {
                    close(&mut cur, &mut parties);
                }
                cur.address.push(s.range.clone());
                cur.grow(&s.range);
            }
            Kind::Postcode(pc, repaired) => {
                if cur.has_place() {
                    close(&mut cur, &mut parties);
                }
                cur.postcode = Some((std::mem::take(pc), s.range.clone(), *repaired));
                cur.grow(&s.range);
            }
            Kind::Phone(_) | Kind::Email(_) | Kind::Url | Kind::Obfuscated => cur.add_contact(&s),
            Kind::Other => {
                // A bare word inside a block before its postcode is an address
                // line (a town, a district); elsewhere it is noise.
                let words = text[s.range.clone()].split_whitespace().count();
                if cur.has_identity() && !cur.has_place() && words <= 4 {
                    cur.address.push(s.range.clone());
                    cur.grow(&s.range);
                }
            }
        }
    }
    close(&mut cur, &mut parties);
    (parties, extras)
}

/// Function words say nothing about which office is meant.
const STOP: &[&str] = &["and", "for", "of", "the", "in", "on", "to"];

/// A string's distinct words, lower-cased and sorted; a word already in
/// lower case is borrowed, not copied.
fn words(s: &str) -> Vec<Cow<'_, str>> {
    let mut v: Vec<Cow<str>> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(|w| {
            if w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
        .filter(|w| !STOP.contains(&w.as_ref()))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// [`words`] for an ASCII string, without copying it: its words as
/// printed, in the order of their lower-case forms, one of each lower-case
/// form ([`fold_cmp`] compares them). Split at bytes (an ASCII char is
/// alphanumeric exactly when its byte is), with no char decoding.
fn ascii_words(s: &str) -> Vec<Cow<'_, str>> {
    let b = s.as_bytes();
    // About a word in six bytes: most lists are never regrown.
    let mut v: Vec<Cow<str>> = Vec::with_capacity(s.len() / 6 + 1);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // ASCII: every byte index is a char boundary.
        let w = &s[start..i];
        if w.len() > 1 && !is_stop_ignoring_case(w) {
            v.push(Cow::Borrowed(w));
        }
        i += 1;
    }
    v.sort_unstable_by(|a, b| fold_cmp(a, b));
    v.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    v
}

/// Whether the word in lower case is in [`STOP`].
fn is_stop_ignoring_case(w: &str) -> bool {
    w.len() <= 3 && STOP.iter().any(|s| s.eq_ignore_ascii_case(w))
}

/// Compares two words as their ASCII lower-case forms compare.
fn fold_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// A string's distinct words for [`overlap`], read once for a string that is
/// compared with many (the signatory's role with every block's).
pub(crate) struct Words<'a>(Vec<Cow<'a, str>>);

impl<'a> Words<'a> {
    /// The words of `s`. Each is kept as printed when `s` is ASCII, and
    /// lower-cased otherwise: either way its ASCII lower-case form is the
    /// word's lower-case form, and the words are sorted by it.
    pub(crate) fn new(s: &'a str) -> Words<'a> {
        if s.is_ascii() {
            Words(ascii_words(s))
        } else {
            Words(words(s))
        }
    }

    /// Token overlap with `other`, as a share of the smaller word set.
    pub(crate) fn overlap(&self, other: &Words) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let common = a
            .iter()
            .filter(|w| b.binary_search_by(|x| fold_cmp(x, w)).is_ok())
            .count() as f64;
        common / a.len().min(b.len()) as f64
    }
}

/// Token overlap of two strings (lower-cased words), as a share of the smaller.
pub(crate) fn overlap(a: &str, b: &str) -> f64 {
    Words::new(a).overlap(&Words::new(b))
}

/// How strongly a draft is the signatory: 2 when the family name matches,
/// else the best word overlap of its role or office with the signatory's
/// role (0 to 1).
pub(crate) fn signatory_score(
    d: &Draft,
    text: &str,
    sig_name: Option<&NameParts>,
    sig_role: Option<&Words>,
) -> f64 {
    if let (Some((n, _)), Some(s)) = (&d.name, sig_name) {
        if n.family.is_some() && n.family == s.family {
            return 2.0;
        }
    }
    let Some(role) = sig_role else { return 0.0 };
    [&d.role, &d.org]
        .into_iter()
        .flatten()
        .map(|r| Words::new(&text[r.clone()]).overlap(role))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as the general (char by char) path reads them.
    fn general_words(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn stop_words_are_told_in_any_case() {
        for w in STOP {
            assert!(is_stop_ignoring_case(w));
        }
        for w in [
            "", "a", "an", "then", "off", "into", "And", "ofs", "THE", "tO",
        ] {
            let want = STOP.contains(&w.to_ascii_lowercase().as_str());
            assert_eq!(is_stop_ignoring_case(w), want, "{w:?}");
        }
    }

    /// [`overlap`] as the general split reads it, on lower-cased strings.
    fn general_overlap(a: &str, b: &str) -> f64 {
        let (a, b) = (general_words(a), general_words(b));
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count() as f64;
        common / a.len().min(b.len()) as f64
    }

    #[test]
    fn overlap_agrees_with_the_general_split() {
        let strings = [
            "",
            "Chief Executive of the NHS Trust",
            "chief EXECUTIVE",
            "Secretary of State for Health and Social Care",
            "THE Secretary of State",
            "Comisiynydd Pobl Hŷn Cymru",
            "comisiynydd pobl hŷn",
            "Directeur Général, Équipe",
            "directeur général",
            "x y zz ZZ zz",
        ];
        for a in strings {
            for b in strings {
                assert_eq!(overlap(a, b), general_overlap(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn ascii_words_agree_with_the_general_split() {
        for s in [
            "",
            "a",
            "Chief Executive of the NHS Trust",
            "Director-General, Policy & Strategy (UK) 2024",
            "  Head  of  Legal,,Services  ",
            "THE Secretary of State for Health and Social Care",
            "x y zz ZZ zz",
        ] {
            let fast: Vec<String> = ascii_words(s)
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect();
            assert_eq!(fast, general_words(s), "{s:?}");
        }
    }
}
