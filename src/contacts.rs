//! Contacts: people named in the letter as points of contact, with their role
//! and the emails and phones given for them.

use crate::assemble::Doc;
use crate::body::Para;
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

/// Finds contacts in the body paragraphs.
pub(crate) fn find(doc: &Doc, paras: &[Para], signatory: Option<&Party>) -> Vec<Contact> {
    let _ = (doc, signatory);
    let mut out: Vec<Contact> = Vec::new();
    for p in paras {
        let t = &p.text.text;
        for (start, sentence) in sentences(t) {
            let lower = sentence.to_lowercase();
            // Case-sensitive: "contact" the verb, not "Victim Contact Scheme".
            let cue = CUES.iter().any(|c| sentence.contains(c));
            let send_to = ["send", "sent to", "return", "submit"]
                .iter()
                .any(|c| lower.contains(c));
            if !cue && !send_to {
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
            let toks: Vec<(usize, &str)> = words(sentence);
            let mut named = None;
            for k in 0..toks.len() {
                let rest: Vec<&str> = toks[k..].iter().map(|x| x.1).collect();
                if let Some((parts, used)) = crate::names::read_name(&rest) {
                    if parts.has_name() && parts.given.is_some() {
                        let a = toks[k].0;
                        let last = toks[k + used - 1];
                        let b = last.0 + crate::lexicon::strip(last.1).len();
                        named = Some((parts, a, b));
                        break;
                    }
                }
            }
            let Some((parts, a, b)) = named.filter(|_| cue) else {
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

fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for w in s.split(' ') {
        if !w.is_empty() {
            out.push((pos, w));
        }
        pos += w.len() + 1;
    }
    out
}
