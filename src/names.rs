//! Person names: honorific, given and family names, post-nominals.
//!
//! A name is read from a run of tokens: honorifics from the lexicon
//! ("The Rt Hon", "Dame"), then capitalised name words, then post-nominal
//! letters ("DBE QPM"). A name that is not printed is never invented:
//! "The Rt Hon MP" has a name slot but no name.

use crate::hash::FastSet;
use crate::lexicon::{self, ADDRESS_WORDS, HONORIFICS, ORG_NOUNS, POST_NOMINALS, ROLE_NOUNS};
use std::sync::LazyLock;

/// The parts of a printed name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct NameParts {
    pub honorific: Option<String>,
    pub given: Option<String>,
    pub family: Option<String>,
    pub post_nominals: Vec<String>,
}

impl NameParts {
    /// Whether a person's name is actually printed (not just a title).
    pub(crate) fn has_name(&self) -> bool {
        self.family.is_some()
    }
}

/// Lower-case particles that belong to a family name ("de Souza").
const PARTICLES: &[&str] = &[
    "ap", "ab", "al", "bin", "da", "de", "del", "della", "der", "di", "du", "la", "le", "van",
    "von",
];

/// Whether a token can be a word of a personal name.
pub(crate) fn is_name_word(tok: &str) -> bool {
    let w = lexicon::strip(tok);
    if !name_shaped(w) {
        return false;
    }
    // `w` is letters, hyphens, apostrophes and inner full stops, so the
    // lists' own stripping leaves it as it is; a plural role noun ("Officers")
    // is looked up without its "s", as `lexicon::is_role_noun` does.
    !(NOT_NAME.contains(w) || w.strip_suffix('s').is_some_and(|s| ROLE_NOUNS.contains(s)))
}

/// A token a name is read from: its text, and what the reader asks of it
/// again and again, which a token type may remember.
pub(crate) trait NameTok: AsRef<str> {
    /// [`is_name_word`] of the token.
    fn name_word(&self) -> bool {
        is_name_word(self.as_ref())
    }

    /// [`lexicon::is_role_noun`] of the token.
    fn role_noun(&self) -> bool {
        lexicon::is_role_noun(self.as_ref())
    }

    /// Whether the token is an address word.
    fn address_word(&self) -> bool {
        ADDRESS_WORDS.contains(self.as_ref())
    }
}

impl NameTok for &str {}

/// Whether a stripped word has the shape of a name word: capitalised,
/// letters (or "-", "'", "."), not a possessive, not a short acronym.
fn name_shaped(w: &str) -> bool {
    if w.is_ascii() {
        return ascii_name_shaped(w.as_bytes());
    }
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    // Initials ("J." / "J") and words of letters, hyphens and apostrophes.
    if !w
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
    {
        return false;
    }
    // Possessives ("Board's", "Victims'") qualify a noun; they are not names.
    if w.ends_with("'s") || w.ends_with('\'') {
        return false;
    }
    // An all-capitals word of 2+ letters is an acronym or post-nominal, not a name,
    // unless it is long enough to be a surname printed in capitals.
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    !((2..=4).contains(&letters) && w.chars().all(|c| !c.is_lowercase()))
}

/// [`name_shaped`] for an ASCII word, by bytes in one pass.
fn ascii_name_shaped(w: &[u8]) -> bool {
    if !w.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let (mut letters, mut lower) = (0, false);
    for &c in w {
        if c.is_ascii_alphabetic() {
            letters += 1;
            lower |= c.is_ascii_lowercase();
        } else if !matches!(c, b'-' | b'\'' | b'.') {
            return false;
        }
    }
    if w.ends_with(b"'s") || w.ends_with(b"'") {
        return false;
    }
    // Not an all-capitals word of two to four letters.
    !(2..=4).contains(&letters) || lower
}

/// Capitalised words of running text and of headings that are not names.
const FUNCTION_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "And",
    "Of",
    "For",
    "To",
    "In",
    "On",
    "By",
    "With",
    "At",
    "All",
    "Dear",
    "Yours",
    "Re",
    "Our",
    "Your",
    "My",
    "We",
    "I",
    "Email",
    "Tel",
    "Telephone",
    "Ref",
    "Cc",
    "Copy",
    "Enc",
    "Encl",
    "Via",
    "From",
    "Date",
    "Subject",
    "Page",
    "Independent",
    "National",
    "Deputy",
    "Chief",
    "Home",
    "Department",
    "Royal",
    "Scottish",
    "Welsh",
    "British",
    "Children",
    "Victims",
    "Police",
    "Crime",
    "Justice",
    "State",
    "Freedom",
    "Information",
    "Data",
    "Public",
    "Health",
    "Social",
    "Care",
    "Local",
    "County",
    "City",
    "General",
    "Senior",
    "Junior",
    "Acting",
    "Interim",
    "Designate",
    "Permanent",
    "Prime",
    "Parliamentary",
    "Assistant",
    "Executive",
    "Act",
    "Bill",
    "Order",
    "Report",
    "Code",
    "Strategy",
    "Plan",
    "Review",
    "Annex",
    "Appendix",
    "Section",
    "Article",
    "Regulations",
    "Guidance",
    "Inquiry",
    "Consultation",
    "Programme",
    "Scheme",
    "Fund",
    "Panel",
    "Court",
    "Bank",
    "Trust",
    "Prison",
    "Probation",
    "Treasury",
    "Cabinet",
];

/// Protective markings printed on official letters (the UK government's
/// classifications, past and present), which flattened text glues to the
/// name beside them ("OFFICIAL Dame …"): in capitals, never a name word.
const MARKINGS: &[&str] = &[
    "OFFICIAL",
    "OFFICIAL-SENSITIVE",
    "SENSITIVE",
    "UNCLASSIFIED",
    "RESTRICTED",
    "CONFIDENTIAL",
    "SECRET",
    "PROTECT",
    "PROTECTED",
];

/// The words that rule a token out of a name ([`is_name_word`]): role,
/// organisation and address nouns, post-nominals, [`MARKINGS`] and [`FUNCTION_WORDS`], in
/// one set, so that a name word is told by one look-up instead of five.
static NOT_NAME: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    ROLE_NOUNS
        .words()
        .chain(ORG_NOUNS.words())
        .chain(ADDRESS_WORDS.words())
        .chain(POST_NOMINALS.words())
        .chain(FUNCTION_WORDS.iter().copied())
        .chain(MARKINGS.iter().copied())
        .collect()
});

/// How many tokens at the start of `toks` form honorifics (possibly stacked:
/// "The Rt Hon" + "Lord").
pub(crate) fn honorific_len<S: AsRef<str>>(toks: &[S]) -> usize {
    let mut i = 0;
    for _ in 0..2 {
        let n = HONORIFICS.match_len(&toks[i..]);
        if n == 0 {
            break;
        }
        i += n;
    }
    i
}

/// Reads a name from the tokens at the start of `toks`; returns the parts and
/// how many tokens it used. `None` when no name (nor name slot) starts here.
///
/// Without an honorific, two to four name words are needed; with one, the
/// name words may be missing ("The Rt Hon MP").
pub(crate) fn read_name<S: NameTok>(toks: &[S]) -> Option<(NameParts, usize)> {
    read_name_after(toks, honorific_len(toks))
}

/// [`read_name`] for a caller that knows `h`, the [`honorific_len`] of `toks`.
pub(crate) fn read_name_after<S: NameTok>(toks: &[S], h: usize) -> Option<(NameParts, usize)> {
    scan_name(toks, h).map(|n| (n.parts(toks), n.used))
}

/// Where a name read by [`scan_name`] lies in its tokens: the caller builds
/// its [`NameParts`] (and their strings) only if it keeps the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameSpan {
    /// The honorific is `toks[..honorific]`.
    honorific: usize,
    /// The name words are `toks[honorific..words_end]` (at most four).
    words_end: usize,
    /// The post-nominals are `toks[post_nominals]`.
    post_nominals: (usize, usize),
    /// How many tokens the name took.
    pub used: usize,
}

impl NameSpan {
    /// Whether the name has an honorific ([`NameParts::honorific`] is set).
    pub(crate) fn titled(&self) -> bool {
        self.honorific > 0
    }

    /// Whether the name has post-nominals.
    pub(crate) fn has_post_nominals(&self) -> bool {
        self.post_nominals.0 < self.post_nominals.1
    }

    /// The parts of the name, from the tokens it was read from.
    pub(crate) fn parts<S: AsRef<str>>(&self, toks: &[S]) -> NameParts {
        fn strip<S: AsRef<str>>(t: &S) -> &str {
            lexicon::strip(t.as_ref())
        }
        let honorific = self
            .titled()
            .then(|| join(toks[..self.honorific].iter().map(strip)));
        let mut words = [""; 4];
        let n = self.words_end - self.honorific;
        for (w, t) in words.iter_mut().zip(&toks[self.honorific..self.words_end]) {
            *w = strip(t);
        }
        let (given, family) = split_given_family(&words[..n], self.titled());
        let (a, b) = self.post_nominals;
        NameParts {
            honorific,
            given,
            family,
            post_nominals: toks[a..b].iter().map(|t| strip(t).to_string()).collect(),
        }
    }
}

/// Words joined by one space, into a string sized once.
fn join<'a>(words: impl Iterator<Item = &'a str> + Clone) -> String {
    let len = words.clone().map(|w| w.len() + 1).sum::<usize>();
    let mut s = String::with_capacity(len.saturating_sub(1));
    for (k, w) in words.enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// Reads a name from the tokens at the start of `toks` as [`read_name_after`]
/// does, but returns where its parts lie instead of building them.
pub(crate) fn scan_name<S: NameTok>(toks: &[S], h: usize) -> Option<NameSpan> {
    // Without an honorific, a name opens with a name word and has two.
    if h == 0 && (toks.len() < 2 || !toks[0].name_word()) {
        return None;
    }
    let mut i = h;
    // The name words are `toks[h..i]`; `words` counts them.
    let mut words = 0;
    while i < toks.len() && words < 4 {
        let t = toks[i].as_ref();
        let w = lexicon::strip(t);
        let particle =
            PARTICLES.contains(&w) && i + 1 < toks.len() && toks[i + 1].name_word() && words > 0;
        if !(toks[i].name_word() || particle) {
            break;
        }
        // "… Plastow Bridgeside House": a word before an address word names a
        // building; "… Rochira Older People's Commissioner": words before a
        // role noun qualify the role.
        let enough = if h > 0 { 1 } else { 2 };
        if words >= enough {
            let ahead = |k: usize| toks.get(i + k).map(|n| n.as_ref());
            if toks.get(i + 1).is_some_and(|n| n.address_word()) {
                break;
            }
            let mut role_ahead = false;
            for k in 1..=2 {
                match toks.get(i + k) {
                    Some(n) if POST_NOMINALS.contains(n.as_ref()) || n.as_ref().ends_with(',') => {
                        break
                    }
                    // "Mr Daniel Smith Chief Executive": the title opens
                    // on the next word, so this one is the name's.
                    Some(n)
                        if k == 1
                            && lexicon::ROLE_MODIFIERS.contains(lexicon::strip(n.as_ref())) =>
                    {
                        break
                    }
                    Some(n) if n.role_noun() => {
                        role_ahead = true;
                        break;
                    }
                    _ => {}
                }
            }
            // "… Sampson Biometrics and Surveillance Camera Commissioner": a
            // word joined by "and" to capitalised words that reach a role
            // noun opens the role.
            if !role_ahead && matches!(ahead(1), Some("and" | "&")) && !t.ends_with(',') {
                for k in 2..=5 {
                    match toks.get(i + k) {
                        Some(n) if n.role_noun() => {
                            role_ahead = true;
                            break;
                        }
                        Some(n)
                            if n.as_ref().starts_with(char::is_uppercase)
                                && !n.as_ref().ends_with(',') => {}
                        _ => break,
                    }
                }
            }
            if role_ahead && !t.ends_with(',') {
                break;
            }
        }
        // "Lord Chancellor", "Lady Justice": an honorific word followed by a
        // role word is a title of office, not a name.
        words += 1;
        i += 1;
        if t.ends_with(',') {
            break;
        }
    }
    let words_end = i;
    // A peer's territorial designation: "Lord Harrington of Watford".
    if h > 0
        && words > 0
        && i + 1 < toks.len()
        && toks[i].as_ref() == "of"
        && toks[i + 1].name_word()
    {
        i += 2;
    }
    let names_end = i;
    let ended_by_comma = names_end > 0 && toks[names_end - 1].as_ref().ends_with(',');
    if !ended_by_comma {
        while i < toks.len() && POST_NOMINALS.contains(toks[i].as_ref()) {
            let comma = toks[i].as_ref().ends_with(',');
            i += 1;
            if comma {
                break;
            }
        }
    }
    let post_nominals = (names_end, i);
    if h == 0 && words < 2 {
        return None;
    }
    // A bare title, with or without something after it ("Lord Chancellor").
    if h > 0 && words == 0 && names_end == i {
        return None;
    }
    Some(NameSpan {
        honorific: h,
        words_end,
        post_nominals,
        used: i,
    })
}

/// Splits name words into given names and family name ("Rachel", "de Souza").
fn split_given_family(words: &[&str], titled: bool) -> (Option<String>, Option<String>) {
    match words.len() {
        0 => (None, None),
        // "Baroness Newlove": a titled single word is the family (or title) name.
        1 if titled => (None, Some(words[0].to_string())),
        1 => (Some(words[0].to_string()), None),
        n => {
            let mut fam_start = n - 1;
            while fam_start > 1 && PARTICLES.contains(&words[fam_start - 1]) {
                fam_start -= 1;
            }
            (
                Some(join(words[..fam_start].iter().copied())),
                Some(join(words[fam_start..].iter().copied())),
            )
        }
    }
}

/// Parses a whole string as a name; `None` when it is not one, or when
/// anything is left over.
#[cfg(test)]
pub(crate) fn parse_name(s: &str) -> Option<NameParts> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    let (parts, used) = read_name(&toks)?;
    (used == toks.len()).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_name_word`] as the separate lists read it.
    fn by_lists(tok: &str) -> bool {
        let w = lexicon::strip(tok);
        name_shaped(w)
            && !(lexicon::is_role_noun(w)
                || lexicon::is_org_noun(w)
                || ADDRESS_WORDS.contains(w)
                || POST_NOMINALS.contains(w)
                || FUNCTION_WORDS.contains(&w)
                || MARKINGS.contains(&w))
    }

    #[test]
    fn one_set_reads_name_words_as_the_lists_do() {
        let mut words: Vec<String> = NOT_NAME.iter().map(|w| w.to_string()).collect();
        for w in NOT_NAME.iter() {
            for x in [
                format!("{w}s"),
                format!("{w},"),
                format!("({w}.)"),
                format!("{w}'s"),
            ] {
                words.push(x);
            }
        }
        for w in [
            "Smith", "J.", "O'Brien", "Jean-Luc", "ÉMILE", "Zoë", "BBC", "Officers", "J.s",
            "Chair.s", "",
        ] {
            words.push(w.to_string());
        }
        for w in &words {
            assert_eq!(is_name_word(w), by_lists(w), "{w:?}");
        }
    }

    #[track_caller]
    fn name(s: &str) -> NameParts {
        parse_name(s).unwrap_or_else(|| panic!("{s:?} should parse as a name"))
    }

    #[test]
    fn a_protective_marking_is_no_part_of_a_name() {
        let toks: Vec<&str> = "OFFICIAL Ann Hale".split(' ').collect();
        assert!(read_name(&toks).is_none());
        assert_eq!(read_name(&toks[1..]).unwrap().1, 2);
    }

    #[test]
    fn a_word_joined_by_and_to_a_role_opens_the_role() {
        let toks: Vec<&str> = "Professor Ann Hale Finance and Resources Director"
            .split(' ')
            .collect();
        let (n, used) = read_name(&toks).unwrap();
        assert_eq!(used, 3);
        assert_eq!(n.family.as_deref(), Some("Hale"));
        // A second person joined by "and" is no role.
        let toks: Vec<&str> = "Ann Hale and Ben Cole".split(' ').collect();
        assert_eq!(read_name(&toks).unwrap().1, 2);
    }

    #[test]
    fn dame_with_two_post_nominals() {
        let n = name("Dame Sara Thornton DBE QPM");
        assert_eq!(n.honorific.as_deref(), Some("Dame"));
        assert_eq!(n.given.as_deref(), Some("Sara"));
        assert_eq!(n.family.as_deref(), Some("Thornton"));
        assert_eq!(n.post_nominals, ["DBE", "QPM"]);
    }

    #[test]
    fn rt_hon_is_one_honorific() {
        let n = name("The Rt Hon Priti Patel MP");
        assert_eq!(n.honorific.as_deref(), Some("The Rt Hon"));
        assert_eq!(n.family.as_deref(), Some("Patel"));
        assert_eq!(n.post_nominals, ["MP"]);
    }

    #[test]
    fn title_without_a_printed_name_has_no_name() {
        let n = name("The Rt Hon MP");
        assert!(!n.has_name());
        assert_eq!(n.post_nominals, ["MP"]);
    }

    #[test]
    fn particle_stays_with_family_name() {
        let n = name("Dame Rachel de Souza DBE");
        assert_eq!(n.given.as_deref(), Some("Rachel"));
        assert_eq!(n.family.as_deref(), Some("de Souza"));
    }

    #[test]
    fn peer_with_one_name_word_has_family_only() {
        let n = name("Baroness Newlove");
        assert_eq!(n.given, None);
        assert_eq!(n.family.as_deref(), Some("Newlove"));
    }

    #[test]
    fn plain_two_word_name_with_post_nominals() {
        let n = name("Tony Porter QPM LLB");
        assert_eq!(n.honorific, None);
        assert_eq!(n.post_nominals, ["QPM", "LLB"]);
    }

    #[test]
    fn office_titles_and_places_are_not_names() {
        assert!(parse_name("Lord Chancellor").is_none());
        assert!(parse_name("Home Office").is_none());
        assert!(parse_name("Globe House").is_none());
        assert!(parse_name("[redacted]").is_none());
        assert!(parse_name("Independent Anti-Slavery Commissioner").is_none());
    }

    #[test]
    fn read_name_stops_before_role_words() {
        let toks: Vec<&str> = "Lord Willy Bach Police and Crime".split(' ').collect();
        let (n, used) = read_name(&toks).unwrap();
        assert_eq!(used, 3);
        assert_eq!(n.family.as_deref(), Some("Bach"));
    }
}
