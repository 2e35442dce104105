//! Email addresses in running text, including "mailto:" links and addresses
//! obfuscated against harvesters ("info [at] example [dot] org"), and the
//! placeholders left where an address was hidden ("[email protected]", as
//! Cloudflare prints it in scraped pages).
//!
//! An address needs a local part, `@`, and a domain of dotted labels ending
//! in a top-level domain of two or more letters; so "@handles", "user@localhost"
//! and the `@` inside a URL path are not addresses. A full stop or other
//! punctuation after an address ends the sentence, not the address.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// An email address found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmailMatch {
    /// Byte range of the address as printed (with a "mailto:" prefix or the
    /// obfuscation, if printed).
    pub range: Range<usize>,
    /// The address as it should be used: obfuscation and "mailto:" removed,
    /// lower case (mailbox names are case-insensitive in practice).
    pub address: String,
}

/// A plain address, perhaps after "mailto:".
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x-u) (?i)
        (?: mailto: )?
        ( [a-z0-9_%+\-]+ (?: \.[a-z0-9_%+\-]+ )* )
        @
        ( (?: [a-z0-9] (?: [a-z0-9\-]* [a-z0-9] )? \. )+ [a-z]{2,63} )
        \b",
    )
    // A fixed pattern: it compiles, as the unit tests show.
    .expect("email pattern compiles")
});

/// An address with "@" and "." written as bracketed words:
/// "info [at] example [dot] org", "info(at)example.org".
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x-u) (?i)
        ( [a-z0-9_%+\-]+ (?: \.[a-z0-9_%+\-]+ )* )
        \ {0,2} [\[({] \ ? (?: at | @ ) \ ? [\])}] \ {0,2}
        ( [a-z0-9] (?: [a-z0-9\-]* [a-z0-9] )? )
        ( (?:
            (?: \ {0,2} [\[({] \ ? (?: dot | \. ) \ ? [\])}] \ {0,2} | \. )
            [a-z0-9] (?: [a-z0-9\-]* [a-z0-9] )?
        )+ )
        \b",
    )
    // A fixed pattern: it compiles, as the unit tests show.
    .expect("bracketed email pattern compiles")
});

/// A bracketed "dot" inside the domain part of [`BRACKETED`].
static DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i) {0,2}[\[({] ?(?:dot|\.) ?[\])}] {0,2}")
        // A fixed pattern: it compiles, as the unit tests show.
        .expect("dot pattern compiles")
});

/// The placeholder Cloudflare prints where it hid an address, with the
/// space as printed, as an HTML entity, or as a no-break space.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[email(?: |&#160;|&nbsp;|\x{a0})protected\]")
        // A fixed pattern: it compiles, as the unit tests show.
        .expect("placeholder pattern compiles")
});

/// How far back to look for a URL around an address; a URL longer than this
/// is not looked at whole, which keeps the search linear.
const URL_LOOKBACK: usize = 256;

/// Whether the address starting at `start` sits inside a URL
/// ("https://user@host.example.com", "https://example.com/@user").
fn inside_url(text: &str, start: usize) -> bool {
    let token: String = text[..start]
        .chars()
        .rev()
        .take(URL_LOOKBACK)
        .take_while(|c| !c.is_whitespace() && !matches!(c, '(' | '[' | '<' | '"'))
        .collect();
    // `token` is reversed: "//:" is "://", ".www" ends with "www." read forwards.
    token.contains("//:") || token.ends_with(".www")
}

/// Whether a match at `range` stands alone: not glued to a word before or
/// after, not part of a URL.
fn stands_alone(text: &str, range: &Range<usize>) -> bool {
    let mut before = text[..range.start].chars().rev();
    let glued_before = match before.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('/' | '\\' | '@' | '_' | '%' | '+' | '&' | '=') => true,
        // "a..b@example.org": the local part cannot have two dots.
        Some('.') => before.next().is_some_and(char::is_alphanumeric),
        _ => false,
    };
    let mut after = text[range.end..].chars();
    let glued_after = match after.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('@' | '_' | '/' | '\\') => true,
        // "x@example.org.uk_": the match stopped short of the real domain.
        Some('.' | '-') => after
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_'),
        _ => false,
    };
    !glued_before && !glued_after && !inside_url(text, range.start)
}

/// Finds every email address in `text`, in order, without overlaps: plain
/// ones and bracket-obfuscated ones (de-obfuscated in `address`).
pub(crate) fn find_all(text: &str) -> Vec<EmailMatch> {
    let mut found: Vec<EmailMatch> = Vec::new();
    // A plain address holds an "@": text without one is not searched. The
    // parts are cut from the whole match (the local part holds no "@" nor
    // ":"), which spares the search for the groups.
    let plain = if memchr::memchr(b'@', text.as_bytes()).is_some() {
        EMAIL.find_iter(text)
    } else {
        EMAIL.find_iter("")
    };
    for whole in plain {
        let m = whole.as_str();
        let Some(at) = m.find('@') else { continue };
        let local_start = if m.len() >= 7 && m.as_bytes()[..7].eq_ignore_ascii_case(b"mailto:") {
            7
        } else {
            0
        };
        if !stands_alone(text, &whole.range()) {
            continue;
        }
        found.push(EmailMatch {
            range: whole.range(),
            address: format!("{}@{}", &m[local_start..at], &m[at + 1..]).to_ascii_lowercase(),
        });
    }
    for (range, address) in bracketed(text) {
        found.push(EmailMatch { range, address });
    }
    found.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut end = 0;
    found.retain(|m| {
        let keep = m.range.start >= end;
        if keep {
            end = m.range.end;
        }
        keep
    });
    found
}

/// Bracket-obfuscated addresses: their ranges and de-obfuscated addresses.
fn bracketed(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    if !may_hold_bracketed_at(text) {
        return found;
    }
    for caps in BRACKETED.captures_iter(text) {
        let (Some(whole), Some(local), Some(first), Some(rest)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        if !stands_alone(text, &whole.range()) {
            continue;
        }
        let rest = DOT.replace_all(rest.as_str(), ".");
        let domain = format!("{}{}", first.as_str(), rest);
        let tld = domain.rsplit('.').next().unwrap_or("");
        if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        found.push((
            whole.range(),
            format!("{}@{}", local.as_str(), domain).to_ascii_lowercase(),
        ));
    }
    found
}

/// Whether `text` holds what every [`BRACKETED`] match holds: an opening
/// bracket, perhaps a space, then "@" or an "a" (of "at", in any case).
fn may_hold_bracketed_at(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |i: usize| matches!(b.get(i), Some(b'@' | b'a' | b'A'));
    b.iter().enumerate().any(|(i, &c)| {
        matches!(c, b'[' | b'(' | b'{') && (at(i + 1) || (b.get(i + 1) == Some(&b' ') && at(i + 2)))
    })
}

/// Ranges of obfuscated addresses, in order: placeholders that hide an
/// address for good ("[email protected]"), and bracketed forms ("info [at]
/// example [dot] org") that [`find_all`] also returns de-obfuscated. A range
/// here that no [`find_all`] match covers is an address that cannot be
/// recovered.
pub(crate) fn find_obfuscated(text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = PLACEHOLDER.find_iter(text).map(|m| m.range()).collect();
    found.extend(bracketed(text).into_iter().map(|(range, _)| range));
    found.sort_by_key(|r| r.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The addresses found in `text`, as (printed text, address).
    fn found(text: &str) -> Vec<(&str, String)> {
        find_all(text)
            .into_iter()
            .map(|m| (&text[m.range], m.address))
            .collect()
    }

    #[track_caller]
    fn one(text: &str, printed: &str, address: &str) {
        assert_eq!(
            found(text),
            vec![(printed, address.to_string())],
            "in {text:?}"
        );
    }

    #[track_caller]
    fn none(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    #[test]
    fn trailing_full_stop_is_not_part_of_the_address() {
        one(
            "can be contacted at April.McCoig@iasc.independent.gov.uk. Finally",
            "April.McCoig@iasc.independent.gov.uk",
            "april.mccoig@iasc.independent.gov.uk",
        );
    }

    #[test]
    fn address_in_brackets() {
        one("(info@niccy.org)", "info@niccy.org", "info@niccy.org");
        one("<info@niccy.org>", "info@niccy.org", "info@niccy.org");
    }

    #[test]
    fn address_mid_line_after_a_label() {
        one(
            "Tel: +44 (0) 20 3513 0477 Email: shelley.perera@iasc.independent.gov.uk 13 October 2020",
            "shelley.perera@iasc.independent.gov.uk",
            "shelley.perera@iasc.independent.gov.uk",
        );
        one(
            "Email:inbox@cypcs.org.uk",
            "inbox@cypcs.org.uk",
            "inbox@cypcs.org.uk",
        );
    }

    #[test]
    fn mailto_prefix_is_kept_in_range_but_not_in_address() {
        one(
            "mailto:info@niccy.org",
            "mailto:info@niccy.org",
            "info@niccy.org",
        );
        one(
            "MAILTO:Info@NICCY.org;",
            "MAILTO:Info@NICCY.org",
            "info@niccy.org",
        );
    }

    #[test]
    fn address_is_lower_cased() {
        one(
            "to Info.Request@ChildrensCommissioner.gov.uk,",
            "Info.Request@ChildrensCommissioner.gov.uk",
            "info.request@childrenscommissioner.gov.uk",
        );
    }

    #[test]
    fn plus_hyphen_and_underscore_in_local_part() {
        one(
            "a.b+foi_x-y@example-site.co.uk",
            "a.b+foi_x-y@example-site.co.uk",
            "a.b+foi_x-y@example-site.co.uk",
        );
    }

    #[test]
    fn two_addresses_on_one_line() {
        assert_eq!(
            found("a@example.org or b@example.scot."),
            vec![
                ("a@example.org", "a@example.org".to_string()),
                ("b@example.scot", "b@example.scot".to_string()),
            ]
        );
    }

    #[test]
    fn handles_without_domain_are_not_addresses() {
        none("follow @ICOnews and @UKHomeOffice");
        none("at @ 10am");
    }

    #[test]
    fn domain_needs_a_dot_and_a_real_tld() {
        none("user@localhost");
        none("user@example.c");
        none("user@example.123");
    }

    #[test]
    fn urls_are_not_addresses() {
        none("see https://www.niccy.org/about");
        none("https://user:secret@example.com/path");
        none("https://medium.com/@someone/post-title");
        none("www.example.org/people/jane@example.org");
    }

    #[test]
    fn address_glued_to_a_word_is_not_found() {
        none("café@example.org");
        none("x@example.org.uk_old");
        none("x@example.orgé");
    }

    #[test]
    fn bracketed_at_and_dot_are_deobfuscated() {
        one(
            "write to info [at] niccy [dot] org today",
            "info [at] niccy [dot] org",
            "info@niccy.org",
        );
        one(
            "John.Smith(at)example(dot)co(dot)uk.",
            "John.Smith(at)example(dot)co(dot)uk",
            "john.smith@example.co.uk",
        );
        one(
            "info{at}example.org",
            "info{at}example.org",
            "info@example.org",
        );
        one(
            "info [@] example [.] org",
            "info [@] example [.] org",
            "info@example.org",
        );
    }

    #[test]
    fn unbracketed_at_and_dot_are_not_deobfuscated() {
        none("write to info at niccy dot org");
        none("we met at home.");
    }

    #[test]
    fn bracketed_form_needs_a_real_tld() {
        none("info [at] niccy [dot] 2020");
    }

    #[test]
    fn cloudflare_placeholder_is_not_an_address() {
        let text = "Tel: +44 (0) 20 3513 0477 Email: [email protected] 13 October";
        assert_eq!(found(text), vec![]);
        let ranges = find_obfuscated(text);
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["[email protected]"]
        );
    }

    #[test]
    fn placeholder_with_entity_or_no_break_space() {
        let text = "a [email&#160;protected] b [email\u{a0}protected] c";
        let ranges = find_obfuscated(text);
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["[email&#160;protected]", "[email\u{a0}protected]"]
        );
    }

    #[test]
    fn find_obfuscated_reports_bracketed_forms_too() {
        let text = "info [at] niccy [dot] org or [email protected]";
        let ranges = find_obfuscated(text);
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["info [at] niccy [dot] org", "[email protected]"]
        );
    }

    #[test]
    fn plain_text_has_no_obfuscation() {
        assert_eq!(
            find_obfuscated("email us at info@niccy.org"),
            Vec::<Range<usize>>::new()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_input_gives_ranges_on_char_boundaries(s in "[a-z0-9@. \\[\\](){}:/_é–]{0,40}|[a-z]{1,4} ?\\[(at|dot)\\] ?[a-z.é]{1,8}") {
            for m in find_all(&s) {
                proptest::prop_assert!(s.get(m.range.clone()).is_some());
                proptest::prop_assert!(m.address.contains('@'));
            }
            for r in find_obfuscated(&s) {
                proptest::prop_assert!(s.get(r).is_some());
            }
        }
    }
}
