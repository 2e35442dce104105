//! Contacts: people named in the letter as points of contact, with their role
//! and the emails and phones given for them.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::assemble::Doc;
use crate::body::Para;
use crate::names::NameParts;
use crate::record::{Contact, Email, Party, Phone};

/// Words that make a sentence about contacting someone.
const CUES: &[&str] = &[
    "contact",
    "contacted",
    "co-ordinating",
    "coordinating",
    "enquiries",
    "queries",
    "questions",
    "arrange",
    "reached",
    "point of contact",
    "get in touch",
];

/// Words that make a sentence about where to send something, in any case.
const SEND_TO: &[&str] = &["send", "sent to", "return", "submit"];

/// [`CUES`] less those that hold another ("contacted", "point of contact"
/// hold "contact"): where one of those is, the word it holds is too, in the
/// same sentence.
fn cue_words_to_find() -> impl Iterator<Item = &'static str> {
    CUES.iter()
        .copied()
        .filter(|c| !CUES.iter().any(|o| o != c && c.contains(o)))
}

/// The words of [`cue_words_to_find`] then those of [`SEND_TO`], all in
/// ASCII lower case, in one automaton to run over text in ASCII lower case.
/// No word is the start of another, so at most one starts at any place.
static WORDS: LazyLock<(AhoCorasick, usize)> = LazyLock::new(|| {
    let cues: Vec<&str> = cue_words_to_find().collect();
    let words = cues.iter().chain(SEND_TO);
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .unwrap_or_else(|e| panic!("built-in words do not compile: {e}"));
    (ac, cues.len())
});

/// Where in `t` a [`CUES`] word (case-sensitive) or a [`SEND_TO`] word (in
/// any case) starts: its offset and whether it is a cue, in text order.
/// `lower` is a buffer for `t` in ASCII lower case.
///
/// A sentence holds such a word exactly when one found here starts in it:
/// no word holds a sentence end (".", "?", "!") or starts with a space, so
/// a word lies within the sentence its start is in. Each place where a
/// word starts in the lower-cased text is found, the search going on from
/// the next byte; a cue word is kept only where the text has it as written.
/// `SEND_TO` in ASCII lower case agrees with `SEND_TO` in the text lowered
/// by Unicode rules: the only characters outside ASCII that lower to an
/// ASCII letter are the Kelvin sign (to "k", in no word here) and "İ" (to
/// "i" and a combining dot, which keeps the "i" of "submit" from its "t").
fn cue_words(t: &str, lower: &mut Vec<u8>) -> Vec<(usize, bool)> {
    let (words, cues) = &*WORDS;
    lower.clear();
    lower.extend_from_slice(t.as_bytes());
    lower.make_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(m) = words.find(Input::new(&lower[..]).span(from..lower.len())) {
        let cue = m.pattern().as_usize() < *cues;
        // A cue word in lower case is one as written where the text is.
        if !cue || t.as_bytes()[m.range()] == lower[m.range()] {
            out.push((m.start(), cue));
        }
        from = m.start() + 1;
    }
    out
}

/// Finds contacts in the body paragraphs.
pub(crate) fn find(doc: &Doc, paras: &[Para], signatory: Option<&Party>) -> Vec<Contact> {
    let _ = (doc, signatory);
    let mut out: Vec<Contact> = Vec::new();
    let mut lower = Vec::new();
    for p in paras {
        let t = &p.text.text;
        // Case-sensitive: "contact" the verb, not "Victim Contact Scheme".
        let words = cue_words(t, &mut lower);
        if words.is_empty() {
            continue;
        }
        for (start, sentence) in sentences(t) {
            let here = &words[words.partition_point(|w| w.0 < start)..];
            let here = &here[..here.partition_point(|w| w.0 < start + sentence.len())];
            let cue = here.iter().any(|w| w.1);
            if here.is_empty() {
                continue;
            }
            let emails: Vec<Email> = crate::email::find_all(sentence)
                .into_iter()
                .map(|m| Email {
                    text: sentence[m.range.clone()].to_string(),
                    span: p.text.span(start + m.range.start..start + m.range.end),
                    address: m.address,
                })
                .collect();
            let phones: Vec<Phone> = crate::phone::find_all(sentence)
                .into_iter()
                .map(|m| Phone {
                    text: sentence[m.range.clone()].to_string(),
                    span: p.text.span(start + m.range.start..start + m.range.end),
                    e164: m.e164,
                })
                .collect();
            // Only a cue makes a named contact: without one, no name is read.
            let named = if cue { first_name(sentence) } else { None };
            let Some((parts, a, b)) = named else {
                if emails.is_empty() && phones.is_empty() {
                    continue;
                }
                // "I can be contacted on …", "Please send your response to …":
                // the writer (the signatory) is the point of contact.
                let Some(sig) = signatory else { continue };
                // "contact us", "our helpline": the office, unless the writer is
                // unnamed, when writer and office are one point of contact.
                let first_person = sentence
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| matches!(w, "I" | "me" | "my" | "My"));
                let office = Party {
                    name: None,
                    role: None,
                    ..sig.clone()
                };
                let sig = if first_person || sig.name.is_none() {
                    sig
                } else {
                    &office
                };
                let writer = out
                    .iter_mut()
                    .find(|c| c.name == sig.name && c.role == sig.role);
                match writer {
                    Some(w) => {
                        w.emails.extend(emails);
                        w.phones.extend(phones);
                    }
                    // A number with no name and no address to write to is a
                    // switchboard, not a point of contact.
                    None if emails.is_empty() && sig.name.is_none() && sig.role.is_none() => {}
                    None => out.push(Contact {
                        name: sig.name.clone(),
                        role: sig.role.clone(),
                        organisation: sig.organisation.clone(),
                        emails,
                        phones,
                        span: p.text.span(start..start + sentence.len()),
                    }),
                }
                continue;
            };
            let name_text = p.text.text_of(start + a..start + b);
            let role = role_after(sentence, b)
                .or_else(|| role_before(sentence, a))
                .map(|(x, y)| p.text.text_of(start + x..start + y));
            if out
                .iter()
                .any(|c| c.name.as_ref().is_some_and(|n| n.family == parts.family))
            {
                continue;
            }
            out.push(Contact {
                name: Some(crate::record::Name {
                    text: name_text.text,
                    span: name_text.span,
                    honorific: parts.honorific,
                    given: parts.given,
                    family: parts.family,
                    post_nominals: parts.post_nominals,
                }),
                role,
                organisation: None,
                emails,
                phones,
                span: p.text.span(start..start + sentence.len()),
            });
        }
    }
    out
}

/// The role in an apposition after a name: "April McCoig, the Victims and
/// Partnerships lead within my office, …", "Nick Hobbs, Head of Advice, …",
/// "…, who leads on victims and partnerships in my office, …".
fn role_after(s: &str, name_end: usize) -> Option<(usize, usize)> {
    let rest = &s[name_end..];
    let r = rest.strip_prefix(", ")?;
    let mut a = name_end + 2;
    let mut body = r;
    for pre in ["the ", "my ", "our ", "who ", "your "] {
        if let Some(x) = body.strip_prefix(pre) {
            a += pre.len();
            body = x;
            break;
        }
    }
    let mut end = body.find(',').unwrap_or(body.len());
    for stop in [
        " within ", " in my ", " in our ", " will ", " is ", " at my ",
    ] {
        if let Some(i) = body[..end].find(stop) {
            end = i;
        }
    }
    let role = body[..end].trim();
    // "…, on 0300 …", "…, at a@b.org": how to reach them, not who they are.
    let how = role.starts_with(|c: char| c.is_lowercase())
        && matches!(
            role.split(' ').next(),
            Some("on" | "at" | "by" | "via" | "in" | "or" | "and" | "can" | "will" | "is" | "who")
        );
    if role.is_empty()
        || role.split_whitespace().count() > 10
        || how
        || role.contains(|c: char| c.is_ascii_digit() || c == '@')
    {
        return None;
    }
    Some((a, a + role.len()))
}

/// The role in an apposition before a name: "please contact our case
/// officer, Mr Tom Ellis, …", "my Head of Casework, Ann Lee".
fn role_before(s: &str, name_start: usize) -> Option<(usize, usize)> {
    let before = s[..name_start].strip_suffix(", ")?;
    let start = [", ", "contact ", "to ", "with "]
        .iter()
        .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    let clause = &before[start..];
    let rest = ["our ", "my ", "the ", "your "]
        .iter()
        .find_map(|p| clause.strip_prefix(p))?;
    let words = rest.split_whitespace().count();
    if words == 0 || words > 8 || rest.contains(|c: char| c.is_ascii_digit() || c == '@') {
        return None;
    }
    let a = name_start - 2 - rest.len();
    Some((a, a + rest.len()))
}

fn sentences(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = t.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'?' | b'!') && (i + 1 == b.len() || b[i + 1] == b' ') {
            // Not inside an email or web address ("April.McCoig@…").
            out.push((start, &t[start..=i]));
            start = i + 1;
            while start < b.len() && b[start] == b' ' {
                start += 1;
            }
        }
    }
    if start < t.len() {
        out.push((start, &t[start..]));
    }
    out
}

/// The first full name (given and family) in `sentence`, and its byte range.
fn first_name(sentence: &str) -> Option<(NameParts, usize, usize)> {
    let toks = words(sentence);
    for k in 0..toks.len() {
        if let Some((parts, used)) = crate::names::read_name(&toks[k..]) {
            if parts.has_name() && parts.given.is_some() {
                let a = toks[k].at;
                let last = toks[k + used - 1];
                let b = last.at + crate::lexicon::strip(last.text).len();
                return Some((parts, a, b));
            }
        }
    }
    None
}

/// A word of a sentence split at spaces, and its byte offset.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    at: usize,
    text: &'a str,
}

impl crate::names::NameTok for Tok<'_> {}

impl AsRef<str> for Tok<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

fn words(s: &str) -> Vec<Tok<'_>> {
    // Room for words of four bytes and a space: one allocation, mostly.
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut at = 0;
    for text in s.split(' ') {
        if !text.is_empty() {
            out.push(Tok { at, text });
        }
        at += text.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a sentence is about contacting or sending, read as words
    /// searched one by one, the second in the Unicode lower-cased text.
    fn cue_and_send(sentence: &str) -> (bool, bool) {
        let lower = sentence.to_lowercase();
        (
            CUES.iter().any(|c| sentence.contains(c)),
            SEND_TO.iter().any(|c| lower.contains(c)),
        )
    }

    /// `cue_words` read for each sentence as `find` reads it.
    fn by_sentence(t: &str) -> Vec<Option<bool>> {
        let words = cue_words(t, &mut Vec::new());
        sentences(t)
            .into_iter()
            .map(|(start, s)| {
                let here: Vec<bool> = words
                    .iter()
                    .filter(|w| (start..start + s.len()).contains(&w.0))
                    .map(|w| w.1)
                    .collect();
                (!here.is_empty()).then(|| here.contains(&true))
            })
            .collect()
    }

    fn expected(t: &str) -> Vec<Option<bool>> {
        sentences(t)
            .into_iter()
            .map(|(_, s)| {
                let (cue, send) = cue_and_send(s);
                (cue || send).then_some(cue)
            })
            .collect()
    }

    #[test]
    fn words_are_lower_case_and_none_starts_another() {
        let words: Vec<&str> = cue_words_to_find().chain(SEND_TO.iter().copied()).collect();
        for a in &words {
            assert_eq!(*a, a.to_ascii_lowercase());
            for b in &words {
                assert!(a == b || !b.starts_with(a), "{a:?} starts {b:?}");
            }
        }
    }

    #[test]
    fn cue_words_agree_with_searching_each_sentence() {
        for t in [
            "Please contact me. You may SEND it to me! Queries? Get in touch.",
            "Submit. RETURN it. sent to x. Sent To. point of contact",
            "Our co-ordinating officer. coordinating arrange reached enquiries questions",
            "subm\u{130}t it. \u{212a}ent. Contact Scheme. cont",
            "send",
            "sen",
            "",
        ] {
            assert_eq!(by_sentence(t), expected(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cue_words_agree_on_any_text(
            t in r#"(contact|contacted|Contact|co-ordinating|coordinating|enquiries|queries|questions|arrange|reached|point of|get in touch|send|Send|SENT|sent to|return|RETURN|submit|sub|mit|\u{130}|\u{212a}|é|cont|ed|\.|\?|!| ){0,16}"#
        ) {
            proptest::prop_assert_eq!(by_sentence(&t), expected(&t));
        }
    }
}
