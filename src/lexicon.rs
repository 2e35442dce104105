//! Word lists: general knowledge kept as data in `src/lexicon/*.txt`.
//!
//! Each list is one entry a line with `#` comments; multi-word entries are
//! matched token by token. Lists are loaded once.

use std::sync::LazyLock;

use crate::hash::{FnvMap as FastMap, FnvSet as FastSet};

fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A list of single words.
pub(crate) struct WordSet(FastSet<&'static str>);

impl WordSet {
    fn load(src: &'static str) -> WordSet {
        WordSet(entries(src).collect())
    }

    /// Whether `word` (trailing punctuation ignored) is in the list.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.0.contains(strip(word))
    }
}

/// A list of phrases, matched as whole tokens (longest first).
pub(crate) struct PhraseSet {
    by_first: FastMap<&'static str, Vec<Vec<&'static str>>>,
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
        for v in by_first.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        PhraseSet { by_first }
    }

    /// Whether some entry starts with `word`.
    pub(crate) fn starts_with_word(&self, word: &str) -> bool {
        self.by_first.contains_key(strip(word))
    }

    /// Number of tokens of the longest entry matching at the start of `words`.
    pub(crate) fn match_len<S: AsRef<str>>(&self, words: &[S]) -> usize {
        let Some(first) = words.first() else { return 0 };
        let Some(cands) = self.by_first.get(strip(first.as_ref())) else {
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

/// A word without the punctuation that clings to it in running text.
pub(crate) fn strip(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '|'))
        .trim_end_matches('.')
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
