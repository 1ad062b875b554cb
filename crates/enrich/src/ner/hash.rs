//! Stable hashing (FNV-1a + a splitmix finalizer), a small open-addressing index, and the
//! deterministic generator training and the word-vector classes draw from.
//!
//! Feature keys and lookup keys are written into the model file, so they must not depend on
//! the Rust version or process: std's `DefaultHasher` is never used.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a state, fed incrementally.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fnv(u64);

impl Fnv {
    pub(super) fn new() -> Self {
        Fnv(FNV_OFFSET)
    }

    pub(super) fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }

    pub(super) fn char(self, c: char) -> Self {
        let mut buf = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buf).as_bytes())
    }

    pub(super) fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a of a string.
pub(super) fn hash_str(s: &str) -> u64 {
    Fnv::new().bytes(s.as_bytes()).finish()
}

/// The splitmix64 finalizer: a bijective avalanche mix.
pub(super) fn avalanche(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines two hashes, order-sensitively.
pub(super) fn combine(a: u64, b: u64) -> u64 {
    avalanche(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d)
}

/// The 32-bit key stored in the model for a feature (template `t`, value hash `h`). Never 0.
pub(super) fn feature_key(t: u32, h: u64) -> u32 {
    let k = (avalanche(h ^ (u64::from(t) << 48) ^ u64::from(t).wrapping_mul(0xd6e8_feb8_6659_fd93)) >> 32) as u32;
    if k == 0 { 1 } else { k }
}

/// The 32-bit key of a word hash in lookup tables (clusters, lexicon). Never 0.
pub(super) fn word_key(h: u64) -> u32 {
    let k = (avalanche(h) >> 32) as u32;
    if k == 0 { 1 } else { k }
}

/// Open-addressing map from non-zero `u32` keys to small `Copy` values (by default `u32`),
/// built once, read many times. Each value sits next to its key, so a hit costs one memory
/// access.
#[derive(Clone, Debug, Default)]
pub(super) struct KeyIndex<V = u32> {
    slots: Vec<(u32, V)>,
    mask: usize,
}

impl<V: Copy + Default> KeyIndex<V> {
    /// Builds the index; a later duplicate key keeps the first value.
    pub(super) fn build(entries: impl ExactSizeIterator<Item = (u32, V)>) -> Self {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, V::default()); cap];
        let mask = cap - 1;
        for (k, v) in entries {
            debug_assert!(k != 0);
            let mut i = Self::home(k, mask);
            loop {
                if slots[i].0 == 0 {
                    slots[i] = (k, v);
                    break;
                }
                if slots[i].0 == k {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        KeyIndex { slots, mask }
    }

    #[inline]
    fn home(k: u32, mask: usize) -> usize {
        (k.wrapping_mul(0x9e37_79b1) as usize ^ (k >> 16) as usize) & mask
    }

    #[inline]
    pub(super) fn get(&self, k: u32) -> Option<V> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = Self::home(k, self.mask);
        loop {
            let (sk, sv) = self.slots[i];
            if sk == k {
                return Some(sv);
            }
            if sk == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// xorshift64*: a tiny deterministic generator (training shuffles, random projections, k-means
/// seeding). The seed must not be 0.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [−1, 1).
    pub(super) fn signed(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }

    /// Fisher–Yates shuffle.
    pub(super) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_answer() {
        // FNV-1a 64 test vectors.
        assert_eq!(hash_str(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_str("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv::new().char('ب').finish(), hash_str("ب"));
    }

    #[test]
    fn index_finds_what_it_holds() {
        let entries: Vec<(u32, u32)> = (1..1000u32).map(|k| (k.wrapping_mul(2_654_435_761) | 1, k)).collect();
        let idx = KeyIndex::build(entries.iter().copied());
        for &(k, v) in &entries {
            assert_eq!(idx.get(k), Some(v));
        }
        assert_eq!(idx.get(2), None);
    }
}
