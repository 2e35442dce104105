//! Hashing for the parser's small keys (lexicon words, titles, line
//! fingerprints), where SipHash's resistance to crafted keys buys nothing
//! and costs most of each lookup.
//!
//! The hasher reads its key eight bytes at a time and mixes each word with
//! one folded 64×64→128-bit multiply (the mixing step of wyhash and
//! foldhash): a lexicon word costs one or two multiplies instead of the one
//! a byte of FNV-1a, and every input bit reaches the low bits that pick a
//! bucket.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MUL: u64 = 0x9e37_79b9_7f4a_7c15;

/// Multiplies two words into 128 bits and folds the halves together.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let m = u128::from(a) * u128::from(b);
    (m as u64) ^ ((m >> 64) as u64)
}

/// The word-at-a-time hasher (see the module comment).
pub(crate) struct WordHash(u64);

impl Default for WordHash {
    fn default() -> Self {
        WordHash(SEED)
    }
}

impl Hasher for WordHash {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = fold_mul(h ^ w, MUL);
        }
        // The last 0–7 bytes, with their count in the top byte so that
        // keys differing only by trailing zero bytes differ.
        let rest = chunks.remainder();
        let mut w = (rest.len() as u64) << 56;
        for (i, &b) in rest.iter().enumerate() {
            w |= u64::from(b) << (8 * i);
        }
        self.0 = fold_mul(h ^ w, MUL);
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.0 = fold_mul(self.0 ^ u64::from(b) ^ (1 << 56), MUL);
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.0 = fold_mul(self.0 ^ u64::from(n) ^ (4 << 56), MUL);
    }
}

/// A map hashed with [`WordHash`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHash>>;
/// A set hashed with [`WordHash`].
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<WordHash>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(b: &[u8]) -> u64 {
        let mut h = WordHash::default();
        h.write(b);
        h.finish()
    }

    #[test]
    fn keys_that_differ_anywhere_hash_apart() {
        let keys: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\0".to_vec(),
            b"\0\0".to_vec(),
            b"commissioner".to_vec(),
            b"commissionez".to_vec(),
            b"Commissioner".to_vec(),
            b"abcdefgh".to_vec(),
            b"abcdefgi".to_vec(),
            b"abcdefg".to_vec(),
        ];
        let mut seen = std::collections::HashSet::new();
        for k in &keys {
            assert!(seen.insert(hash(k)), "collision for {k:?}");
        }
    }

    #[test]
    fn a_high_byte_changes_the_bucket_bits() {
        // Words that differ only in their eighth byte still spread over the
        // low bits a table's bucket index is taken from.
        let low: std::collections::HashSet<u64> = (0u8..=255)
            .map(|b| hash(&[b'a', b'b', b'c', b'd', b'e', b'f', b'g', b]) & 0xff)
            .collect();
        assert!(low.len() > 100, "{}", low.len());
    }
}
