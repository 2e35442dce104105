//! Word lists: general knowledge kept as data in `src/lexicon/*.txt`.
//!
//! Each list is one entry a line with `#` comments; multi-word entries are
//! matched token by token. Lists are loaded once.

use std::sync::LazyLock;

use crate::hash::{FastMap, FastSet};

fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The shapes of a list's words: for each first byte, a bit for each
/// length (63 standing for 63 and more). A word whose shape is not there is
/// not in the list, which most words of running text show without hashing.
struct Shapes([u64; 256]);

impl Shapes {
    fn new() -> Shapes {
        Shapes([0; 256])
    }

    fn bit(word: &str) -> Option<(usize, u64)> {
        let first = *word.as_bytes().first()?;
        Some((usize::from(first), 1 << word.len().min(63)))
    }

    fn add(&mut self, word: &str) {
        if let Some((i, bit)) = Shapes::bit(word) {
            self.0[i] |= bit;
        }
    }

    /// False only when no word of the list can be `word`.
    fn may_hold(&self, word: &str) -> bool {
        match Shapes::bit(word) {
            Some((i, bit)) => self.0[i] & bit != 0,
            None => true,
        }
    }
}

/// A list of single words.
pub(crate) struct WordSet {
    words: FastSet<&'static str>,
    shapes: Shapes,
}

impl WordSet {
    fn load(src: &'static str) -> WordSet {
        let words: FastSet<&'static str> = entries(src).collect();
        let mut shapes = Shapes::new();
        for w in &words {
            shapes.add(w);
        }
        WordSet { words, shapes }
    }

    /// The words of the list.
    pub(crate) fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.words.iter().copied()
    }

    /// Whether `word` (trailing punctuation ignored) is in the list.
    pub(crate) fn contains(&self, word: &str) -> bool {
        let w = strip(word);
        self.shapes.may_hold(w) && self.words.contains(w)
    }
}

/// A list of phrases, matched as whole tokens (longest first).
pub(crate) struct PhraseSet {
    by_first: FastMap<&'static str, Vec<Vec<&'static str>>>,
    /// Shapes of the entries' first words.
    firsts: Shapes,
    /// The most words an entry has.
    longest: usize,
}

impl PhraseSet {
    fn load(src: &'static str) -> PhraseSet {
        let mut by_first: FastMap<&'static str, Vec<Vec<&'static str>>> = FastMap::default();
        for e in entries(src) {
            let words: Vec<&'static str> = e.split_whitespace().collect();
            if let Some(first) = words.first() {
                by_first.entry(first).or_default().push(words);
            }
        }
        let mut firsts = Shapes::new();
        let mut longest = 0;
        for (k, v) in by_first.iter_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
            longest = longest.max(v[0].len());
            firsts.add(k);
        }
        PhraseSet {
            by_first,
            firsts,
            longest,
        }
    }

    /// Whether the whole of `words` is one entry.
    pub(crate) fn is_entry<S: AsRef<str>>(&self, words: &[S]) -> bool {
        !words.is_empty() && words.len() <= self.longest && self.match_len(words) == words.len()
    }

    /// Whether some entry starts with `word`.
    pub(crate) fn starts_with_word(&self, word: &str) -> bool {
        let w = strip(word);
        self.firsts.may_hold(w) && self.by_first.contains_key(w)
    }

    /// Number of tokens of the longest entry matching at the start of `words`.
    pub(crate) fn match_len<S: AsRef<str>>(&self, words: &[S]) -> usize {
        let Some(first) = words.first() else { return 0 };
        let first = strip(first.as_ref());
        if !self.firsts.may_hold(first) {
            return 0;
        }
        let Some(cands) = self.by_first.get(first) else {
            return 0;
        };
        for c in cands {
            if c.len() <= words.len() && c.iter().zip(words).all(|(a, b)| *a == strip(b.as_ref())) {
                return c.len();
            }
        }
        0
    }
}

/// For each byte: 1 when it clings to a word (see [`strip`]), 2 for a full
/// stop, 0 otherwise.
const ENDS: [u8; 256] = {
    let mut t = [0u8; 256];
    let clings = b",;:()\"|";
    let mut k = 0;
    while k < clings.len() {
        t[clings[k] as usize] = 1;
        k += 1;
    }
    t[b'.' as usize] = 2;
    t
};

/// A word without the punctuation that clings to it in running text.
#[inline]
pub(crate) fn strip(word: &str) -> &str {
    // The marks are ASCII, so trimming bytes keeps to char boundaries.
    let clings = |b: u8| matches!(b, b',' | b';' | b':' | b'(' | b')' | b'"' | b'|');
    let b = word.as_bytes();
    // Most words have nothing to strip: tell them by their two ends.
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if ENDS[usize::from(f)] & 1 == 0 && ENDS[usize::from(l)] == 0 => {
            return word
        }
        (None, _) => return word,
        _ => {}
    }
    let mut start = 0;
    let mut end = b.len();
    while start < end && clings(b[start]) {
        start += 1;
    }
    while end > start && clings(b[end - 1]) {
        end -= 1;
    }
    while end > start && b[end - 1] == b'.' {
        end -= 1;
    }
    &word[start..end]
}

/// Honorifics ("Dame", "The Rt Hon").
pub(crate) static HONORIFICS: LazyLock<PhraseSet> =
    LazyLock::new(|| PhraseSet::load(include_str!("lexicon/honorifics.txt")));
/// Post-nominal letters ("DBE", "QPM").
pub(crate) static POST_NOMINALS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::load(include_str!("lexicon/post_nominals.txt")));
/// Valedictions ("Yours sincerely").
pub(crate) static VALEDICTIONS: LazyLock<PhraseSet> =
    LazyLock::new(|| PhraseSet::load(include_str!("lexicon/valedictions.txt")));
/// Head nouns of roles ("Commissioner").
pub(crate) static ROLE_NOUNS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::load(include_str!("lexicon/role_nouns.txt")));
/// Head nouns of organisations ("Office").
pub(crate) static ORG_NOUNS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::load(include_str!("lexicon/org_nouns.txt")));
/// Words that open a title before its head noun ("Chief", "Deputy").
pub(crate) static ROLE_MODIFIERS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::load(include_str!("lexicon/role_modifiers.txt")));
/// Address words ("Street", "House").
pub(crate) static ADDRESS_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::load(include_str!("lexicon/address_words.txt")));
/// Places ("Leicestershire", "East Sussex").
pub(crate) static PLACES: LazyLock<PhraseSet> =
    LazyLock::new(|| PhraseSet::load(include_str!("lexicon/places.txt")));

/// Whether a word is a role noun, also in the possessive-free plural or
/// with a leading "Vice-"/"Deputy-" glued on.
pub(crate) fn is_role_noun(word: &str) -> bool {
    let w = strip(word);
    ROLE_NOUNS.contains(w) || w.strip_suffix('s').is_some_and(|s| ROLE_NOUNS.contains(s))
}

/// Whether a word is an organisation noun.
pub(crate) fn is_org_noun(word: &str) -> bool {
    ORG_NOUNS.contains(strip(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_phrase_is_an_entry_and_a_longer_run_is_not() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        assert!(VALEDICTIONS.is_entry(&words("With best wishes")));
        assert!(VALEDICTIONS.is_entry(&words("Kind regards")));
        assert!(!VALEDICTIONS.is_entry(&words("Kind regards to all of you")));
        assert!(!VALEDICTIONS.is_entry(&words("")));
        assert!(!VALEDICTIONS.is_entry::<&str>(&[]));
    }

    #[test]
    fn honorifics_match_longest_multiword_form() {
        assert_eq!(HONORIFICS.match_len(&["The", "Rt", "Hon", "Priti"]), 3);
        assert_eq!(HONORIFICS.match_len(&["Rt", "Hon", "Mike"]), 2);
        assert_eq!(HONORIFICS.match_len(&["Dame", "Sara"]), 1);
        assert_eq!(HONORIFICS.match_len(&["Dr.", "Smith"]), 1);
        assert_eq!(HONORIFICS.match_len(&["Dear", "Sir"]), 0);
    }

    #[test]
    fn places_match_multiword_and_single() {
        assert_eq!(PLACES.match_len(&["East", "Sussex", "BN7"]), 2);
        assert_eq!(PLACES.match_len(&["Leicestershire,"]), 1);
        assert_eq!(PLACES.match_len(&["Newcastle", "upon", "Tyne"]), 3);
    }

    #[test]
    fn word_lists_ignore_clinging_punctuation() {
        assert!(POST_NOMINALS.contains("QPM,"));
        assert!(is_role_noun("Commissioner"));
        assert!(is_role_noun("Officers"));
        assert!(!is_role_noun("Commissioner's"));
        assert!(is_org_noun("Office"));
        assert!(ADDRESS_WORDS.contains("Square"));
    }
}
