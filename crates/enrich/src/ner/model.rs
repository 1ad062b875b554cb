//! The trained model: weights, embedded lookups, tagging, and the binary format.
//!
//! ## Format (version 3; version 1 lacks the `classes` section, and before version 3 the
//! gazetteer does not mark the keys that begin longer entries)
//! All integers little-endian; `varint` is LEB128, `zigzag` the signed variant.
//!
//! ```text
//! "KNER" u32 version
//! u32 doc_window                      (second pass: sentences per pseudo-document in training)
//! u64 disabled                        (bit t: feature template t switched off)
//! gazetteer   varint max_len, varint n, n × (varint key delta, varint class bits; bit 15: begins
//!             a longer entry)
//! clusters    varint n, n × varint key delta, n × (u8 len, varint path, varint leaf, varint count)
//! classes     u8 views, views × varint size, n × views × varint (class + 1, 0 = none)
//! lexicon     varint n, n × (varint key delta, varint count)
//! pass 1      weights
//! u8 stack    0 (none), 1 (light) or 2 (full: weights also cover pass-1 features), then
//!             u8 rounds, 9 × u32 (f32 bits: multipliers of pass-1 scores) and weights
//! weights  =  u32 scale bits (f32), zigzag o_bias, 10×9 zigzag transitions,
//!             varint rows, rows × varint key delta, rows × (varint tag mask, zigzag per set bit)
//! u64 FNV-1a of everything before
//! ```

use prefetch_index::prefetch_index;
use thiserror::Error;

use super::cache::{Analysis, TokenCache, prefetch_ref};
use super::clitic::{NameStart, STRONG_EVIDENCE, name_start_with};
use super::clusters::ClusterTable;
use super::consistency::{DocCounts, StackTable};
use super::decode::{Transitions, Viterbi};
use super::eval::spans;
use super::features::{
    FeatureBuf, NAME_CLASSES, NEIGHBOURS, Resources, Scratch, TokInfo, analyze, analyze_sentence, extract,
    extract_joint, mark_sequences, neighbour_features, own_features,
};
use super::gazetteer::Gazetteer;
use super::hash::{Fnv, KeyIndex, hash_str, word_key};
use super::tags::{Label, NUM_TAGS, Tag};

const MAGIC: &[u8; 4] = b"KNER";
const VERSION: u32 = 3;

/// Why a model (or cluster table) could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes do not start with the expected magic.
    #[error("bad magic: expected {expected:?}")]
    Magic {
        /// The magic expected.
        expected: &'static str,
    },
    /// A format version this code does not read.
    #[error("unsupported format version {0}")]
    Version(u32),
    /// The data ended early.
    #[error("truncated at byte {0}")]
    Truncated(usize),
    /// The checksum does not match.
    #[error("checksum mismatch")]
    Checksum,
    /// Structurally invalid content.
    #[error("corrupt model: {0}")]
    Corrupt(&'static str),
}

/// Byte writer for the model format.
#[derive(Debug, Default)]
pub(super) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(super) fn new() -> Self {
        Self::default()
    }
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    pub(super) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                return;
            }
            self.buf.push(b | 0x80);
        }
    }
    pub(super) fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    /// Magic and format version at the start of a table file.
    pub(super) fn header(&mut self, magic: [u8; 4], version: u32) {
        self.bytes(&magic);
        self.u32(version);
    }
    /// Strictly increasing keys: their count, then each key's gap from the one before.
    pub(super) fn sorted_keys(&mut self, keys: impl ExactSizeIterator<Item = u32>) {
        self.varint(keys.len() as u64);
        let mut prev = 0u32;
        for k in keys {
            self.varint(u64::from(k - prev));
            prev = k;
        }
    }
    /// Strictly increasing keys, each with a value: their count, then per key its gap from the
    /// one before and its value.
    pub(super) fn keyed_values(&mut self, pairs: impl ExactSizeIterator<Item = (u32, u64)>) {
        self.varint(pairs.len() as u64);
        let mut prev = 0u32;
        for (k, v) in pairs {
            self.varint(u64::from(k - prev));
            self.varint(v);
            prev = k;
        }
    }
    /// Appends the checksum and returns the bytes.
    pub(super) fn finish(mut self) -> Vec<u8> {
        let sum = Fnv::new().bytes(&self.buf).finish();
        self.buf.extend_from_slice(&sum.to_le_bytes());
        self.buf
    }
}

/// Byte reader for the model format; checks the trailing checksum up front.
#[derive(Debug)]
pub(super) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Result<Self, ModelError> {
        if bytes.len() < 8 {
            return Err(ModelError::Truncated(bytes.len()));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let mut s = [0u8; 8];
        s.copy_from_slice(sum);
        if Fnv::new().bytes(body).finish() != u64::from_le_bytes(s) {
            return Err(ModelError::Checksum);
        }
        Ok(Reader { buf: body, pos: 0 })
    }
    pub(super) fn magic(&mut self, m: [u8; 4], name: &'static str) -> Result<(), ModelError> {
        let got = self.take(4)?;
        if got == m { Ok(()) } else { Err(ModelError::Magic { expected: name }) }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).ok_or(ModelError::Truncated(self.pos))?;
        if end > self.buf.len() {
            return Err(ModelError::Truncated(self.pos));
        }
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub(super) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub(super) fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(super) fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint too long"))
    }
    pub(super) fn varint_u32(&mut self) -> Result<u32, ModelError> {
        u32::try_from(self.varint()?).map_err(|_| ModelError::Corrupt("value exceeds u32"))
    }
    pub(super) fn zigzag(&mut self) -> Result<i64, ModelError> {
        let u = self.varint()?;
        Ok((u >> 1) as i64 ^ -((u & 1) as i64))
    }
    /// A count that must fit in the remaining bytes (each item takes at least one byte).
    pub(super) fn len_prefix(&mut self) -> Result<usize, ModelError> {
        let n = self.varint()?;
        if n > (self.buf.len() - self.pos) as u64 {
            return Err(ModelError::Corrupt("length prefix larger than the data"));
        }
        Ok(n as usize)
    }
    /// What [`Writer::header`] wrote, for exactly this `version`.
    pub(super) fn header(&mut self, magic: [u8; 4], name: &'static str, version: u32) -> Result<(), ModelError> {
        self.magic(magic, name)?;
        match self.u32()? {
            v if v == version => Ok(()),
            v => Err(ModelError::Version(v)),
        }
    }
    /// What [`Writer::sorted_keys`] wrote.
    pub(super) fn sorted_keys(&mut self) -> Result<Vec<u32>, ModelError> {
        let n = self.len_prefix()?;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            prev = self.next_key(prev)?;
            keys.push(prev);
        }
        Ok(keys)
    }
    /// What [`Writer::keyed_values`] wrote.
    pub(super) fn keyed_values(&mut self) -> Result<Vec<(u32, u64)>, ModelError> {
        let n = self.len_prefix()?;
        let mut pairs = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            prev = self.next_key(prev)?;
            pairs.push((prev, self.varint()?));
        }
        Ok(pairs)
    }
    /// The key after `prev` in a strictly increasing list: `prev` plus a non-zero gap.
    fn next_key(&mut self, prev: u32) -> Result<u32, ModelError> {
        let d = self.varint_u32()?;
        if d == 0 {
            return Err(ModelError::Corrupt("keys not strictly increasing"));
        }
        prev.checked_add(d).ok_or(ModelError::Corrupt("keys overflow"))
    }
    pub(super) fn end(&self) -> Result<(), ModelError> {
        if self.pos == self.buf.len() { Ok(()) } else { Err(ModelError::Corrupt("trailing bytes")) }
    }
}

/// Quantized weights of one pass, in an open-addressing table probed by key.
#[derive(Clone, Debug, Default)]
pub(super) struct Weights {
    pub(super) scale: f32,
    /// Added to the score of `O` at every token (negative favours recall).
    pub(super) o_bias: i32,
    pub(super) trans: Transitions,
    /// Slot keys (0 = empty); the row of a key lives at the same slot.
    slot_keys: Vec<u32>,
    slot_rows: Vec<[i16; NUM_TAGS]>,
    mask: usize,
    len: usize,
}

impl Weights {
    pub(super) fn new(scale: f32, trans: &Transitions, mut entries: Vec<(u32, [i16; NUM_TAGS])>) -> Self {
        entries.retain(|(k, r)| *k != 0 && r.iter().any(|&v| v != 0));
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let cap = (entries.len() * 3 / 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slot_keys = vec![0u32; cap];
        let mut slot_rows = vec![[0i16; NUM_TAGS]; cap];
        for (k, row) in &entries {
            let mut i = *k as usize & mask;
            while slot_keys[i] != 0 {
                i = (i + 1) & mask;
            }
            slot_keys[i] = *k;
            slot_rows[i] = *row;
        }
        Weights { scale, o_bias: 0, trans: *trans, slot_keys, slot_rows, mask, len: entries.len() }
    }

    /// Number of stored rows.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Rows sorted by key (for serialization).
    fn entries(&self) -> Vec<(u32, [i16; NUM_TAGS])> {
        let mut e: Vec<(u32, [i16; NUM_TAGS])> =
            self.slot_keys.iter().zip(&self.slot_rows).filter(|(k, _)| **k != 0).map(|(k, r)| (*k, *r)).collect();
        e.sort_unstable_by_key(|x| x.0);
        e
    }

    #[inline]
    fn get(&self, k: u32) -> Option<&[i16; NUM_TAGS]> {
        let mut i = k as usize & self.mask;
        loop {
            let sk = self.slot_keys[i];
            if sk == k {
                return Some(&self.slot_rows[i]);
            }
            if sk == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Emission scores of every token (the `O` bias included).
    pub(super) fn emissions(&self, feats: &FeatureBuf, out: &mut Vec<[i64; NUM_TAGS]>) {
        out.clear();
        for i in 0..feats.len() {
            let mut acc = [0i32; NUM_TAGS];
            acc[0] = self.o_bias;
            for &k in feats.token(i) {
                if let Some(row) = self.get(k) {
                    for t in 0..NUM_TAGS {
                        acc[t] += i32::from(row[t]);
                    }
                }
            }
            out.push(acc.map(i64::from));
        }
    }

    fn transitions(&self) -> Transitions<i64> {
        self.trans.map(|row| row.map(i64::from))
    }

    fn write(&self, w: &mut Writer) {
        w.u32(self.scale.to_bits());
        w.zigzag(i64::from(self.o_bias));
        for row in &self.trans {
            for &v in row {
                w.zigzag(i64::from(v));
            }
        }
        let entries = self.entries();
        w.sorted_keys(entries.iter().map(|&(k, _)| k));
        for (_, row) in &entries {
            let mut mask = 0u64;
            for (t, &v) in row.iter().enumerate() {
                if v != 0 {
                    mask |= 1 << t;
                }
            }
            w.varint(mask);
            for &v in row {
                if v != 0 {
                    w.zigzag(i64::from(v));
                }
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, ModelError> {
        let scale = f32::from_bits(r.u32()?);
        if !scale.is_finite() || scale <= 0.0 {
            return Err(ModelError::Corrupt("weight scale"));
        }
        let o_bias = i32::try_from(r.zigzag()?).map_err(|_| ModelError::Corrupt("o bias"))?;
        let mut trans = [[0i32; NUM_TAGS]; NUM_TAGS + 1];
        for row in &mut trans {
            for v in row.iter_mut() {
                *v = i32::try_from(r.zigzag()?).map_err(|_| ModelError::Corrupt("transition weight"))?;
            }
        }
        let keys = r.sorted_keys()?;
        let mut entries = Vec::with_capacity(keys.len());
        for k in keys {
            let mask = r.varint()?;
            if mask >> NUM_TAGS != 0 {
                return Err(ModelError::Corrupt("tag mask"));
            }
            let mut row = [0i16; NUM_TAGS];
            for (t, v) in row.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    *v = i16::try_from(r.zigzag()?).map_err(|_| ModelError::Corrupt("weight"))?;
                }
            }
            entries.push((k, row));
        }
        let mut w = Weights::new(scale, &trans, entries);
        w.o_bias = o_bias;
        Ok(w)
    }
}

/// First-pass and full-stack weights of the first-pass features side by side, so one probe
/// serves both passes. Tagging probes it for the joint features of each sentence; a word's other
/// features are probed once, when its scores enter the word cache.
///
/// Tagging waits on this table more than on anything else: the features of a sentence land in
/// it at random, and it is megabytes. The layout keeps the memory touched per lookup small:
/// keys are probed in a table of `(key, row number)` pairs kept at most a third full, so a
/// probe seldom reads past its first slot, and the rows themselves are packed densely. (Measured
/// against rows stored in their slots, at fill factors of two thirds and one third, and rows
/// beside their keys: this is the fastest, and smaller than the second.)
#[derive(Clone, Debug)]
struct JointTable {
    /// Open addressing by key (0 = empty): the key and the number of its row.
    slots: Vec<(u32, u32)>,
    rows: Vec<[i16; 2 * NUM_TAGS]>,
    mask: usize,
}

impl JointTable {
    fn build(pass1: &Weights, stack: Option<&Weights>) -> Self {
        let mut rows: Vec<(u32, [i16; 2 * NUM_TAGS])> = Vec::new();
        for (k, r) in pass1.entries() {
            let mut row = [0i16; 2 * NUM_TAGS];
            row[..NUM_TAGS].copy_from_slice(&r);
            rows.push((k, row));
        }
        if let Some(st) = stack {
            for (k, r) in st.entries() {
                let mut row = [0i16; 2 * NUM_TAGS];
                row[NUM_TAGS..].copy_from_slice(&r);
                rows.push((k, row));
            }
        }
        rows.sort_unstable_by_key(|e| e.0);
        let mut merged: Vec<(u32, [i16; 2 * NUM_TAGS])> = Vec::with_capacity(rows.len());
        for (k, r) in rows {
            match merged.last_mut() {
                Some(last) if last.0 == k => {
                    for (a, b) in last.1.iter_mut().zip(r) {
                        *a += b;
                    }
                }
                _ => merged.push((k, r)),
            }
        }
        let cap = (merged.len() * 3).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![(0u32, 0u32); cap];
        let mut table_rows = Vec::with_capacity(merged.len());
        for (k, row) in merged {
            let mut i = k as usize & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (k, u32::try_from(table_rows.len()).expect("fewer than 2^32 rows"));
            table_rows.push(row);
        }
        JointTable { slots, rows: table_rows, mask }
    }

    /// Adds the rows of `keys` (both passes side by side) to `acc`, one key at a time (for the
    /// edge scores and the tests; tagging uses [`JointTable::find_all`]).
    fn add(&self, keys: &[u32], acc: &mut Row) {
        for r in keys.iter().filter_map(|&k| self.find(k)) {
            self.add_found(std::slice::from_ref(&r), acc);
        }
    }

    /// The scores of the features `fill` writes into `buf` (emptied first).
    fn score(&self, buf: &mut FeatureBuf, fill: impl FnOnce(&mut FeatureBuf)) -> Row {
        buf.clear();
        fill(buf);
        let mut acc = [0; 2 * NUM_TAGS];
        self.add(&buf.keys, &mut acc);
        acc
    }

    /// The scores of what a token's own analysis decides (see [`WordScores`]). `buf` and
    /// `found` are scratch space.
    fn word_scores(&self, info: &TokInfo, buf: &mut FeatureBuf, found: &mut Vec<u32>) -> WordScores {
        buf.clear();
        buf.begin_token();
        own_features(info, buf);
        for k in 0..NEIGHBOURS.len() {
            buf.begin_token();
            neighbour_features(k, Some(info), buf);
        }
        self.find_all(&buf.keys, found);
        let mut rows = [[0; 2 * NUM_TAGS]; 1 + NEIGHBOURS.len()];
        for (i, row) in rows.iter_mut().enumerate() {
            self.add_found(&found[buf.range(i)], row);
        }
        let [own, given @ ..] = rows;
        WordScores { own, given }
    }

    /// The scores a token gets for each neighbour offset past the edge of its sentence.
    fn edge_scores(&self, buf: &mut FeatureBuf) -> [Row; NEIGHBOURS.len()] {
        std::array::from_fn(|k| self.score(buf, |b| neighbour_features(k, None, b)))
    }

    /// Appends the first-pass emissions (with the pass-1 `O` bias) of every token of a sentence
    /// to `e1`, and the stack's raw scores of the same features to `e2`: `rows` (what each
    /// token's own analysis and its neighbours give it, see [`WordScores::scatter`]) plus the
    /// rows of its joint features `feats` (looked up with [`JointTable::find_all`]). `found` is
    /// scratch space.
    fn emissions(
        &self,
        o_bias: i32,
        rows: &[Row],
        feats: &FeatureBuf,
        found: &mut Vec<u32>,
        e1: &mut Vec<[i64; NUM_TAGS]>,
        e2: &mut Vec<[i64; NUM_TAGS]>,
    ) {
        self.find_all(&feats.keys, found);
        for (i, row) in rows.iter().enumerate() {
            let mut acc = *row;
            acc[0] += o_bias;
            self.add_found(&found[feats.range(i)], &mut acc);
            e1.push(std::array::from_fn(|t| i64::from(acc[t])));
            e2.push(std::array::from_fn(|t| i64::from(acc[NUM_TAGS + t])));
        }
    }

    /// The row numbers of `keys` into `found` ([`NOT_FOUND`] for a key without a row).
    ///
    /// The keys land in the table at random and it is megabytes, so the lookups wait on memory:
    /// every key's slot is asked for first, then every found row (for [`JointTable::add_found`]),
    /// so the waits overlap.
    fn find_all(&self, keys: &[u32], found: &mut Vec<u32>) {
        found.clear();
        for &k in keys {
            prefetch_index(&self.slots, k as usize & self.mask);
        }
        found.extend(keys.iter().map(|&k| match self.find(k) {
            Some(r) => {
                prefetch_row(&self.rows[r as usize]);
                r
            }
            None => NOT_FOUND,
        }));
    }

    /// Adds the rows numbered `found` to `acc`.
    #[inline]
    fn add_found(&self, found: &[u32], acc: &mut Row) {
        for &r in found {
            if let Some(w) = self.rows.get(r as usize) {
                for (a, &w) in acc.iter_mut().zip(w) {
                    *a += i32::from(w);
                }
            }
        }
    }

    /// The row number of `k`, if it has a row.
    #[inline]
    fn find(&self, k: u32) -> Option<u32> {
        let mut j = k as usize & self.mask;
        loop {
            let (sk, r) = *self.slots.get(j)?;
            if sk == k {
                return Some(r);
            }
            if sk == 0 {
                return None;
            }
            j = (j + 1) & self.mask;
        }
    }
}

/// [`JointTable::find_all`]: a key without a row.
const NOT_FOUND: u32 = u32::MAX;

/// Asks for the cache lines of the first and last values of a row: all of a row of at most 64
/// bytes (a weight row is 36), and the ends of a longer one.
#[inline]
fn prefetch_row<T>(row: &[T]) {
    if let (Some(first), Some(last)) = (row.first(), row.last()) {
        prefetch_ref(first);
        prefetch_ref(last);
    }
}

/// Scores of both passes side by side: first pass, then the full stack's first-pass features.
type Row = [i32; 2 * NUM_TAGS];

/// The scores ([`JointTable`] rows summed) of the features a token's own analysis decides: its
/// [`own_features`], and the [`neighbour_features`] it gives the token at each offset of
/// [`NEIGHBOURS`] from it. A function of the token text and the model, so it is cached with the
/// analysis; integer sums, so adding them in any order gives the scores of the full feature list.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct WordScores {
    own: Row,
    given: [Row; NEIGHBOURS.len()],
}

impl WordScores {
    /// Adds these scores, of token `i` of a sentence, where they belong in `rows` (a row per
    /// token of the sentence): its own to row `i`, and what it gives its neighbours to theirs.
    #[inline]
    fn scatter(&self, i: usize, rows: &mut [Row]) {
        add_row(rows.get_mut(i), &self.own);
        for (k, off) in NEIGHBOURS.into_iter().enumerate() {
            // Token `i` is the neighbour at `off` of token `i - off`.
            add_row(i.checked_add_signed(-off).and_then(|j| rows.get_mut(j)), &self.given[k]);
        }
    }

    /// Asks for every cache line of these scores (see [`super::cache::TokenCache::prefetch`]).
    pub(super) fn prefetch(&self) {
        for row in std::iter::once(&self.own).chain(&self.given) {
            prefetch_row(row);
        }
    }
}

/// Adds what each token of a sentence of `rows.len()` tokens gets for neighbours past the
/// sentence's ends (`edge`, see [`JointTable::edge_scores`]).
fn add_edges(edge: &[Row; NEIGHBOURS.len()], rows: &mut [Row]) {
    let n = rows.len();
    let reach = NEIGHBOURS.iter().map(|o| o.unsigned_abs()).max().unwrap_or(0);
    // Only the first and last `reach` tokens can have a neighbour past an end.
    let ends = (0..n.min(reach)).chain(n.saturating_sub(reach).max(reach)..n);
    for i in ends {
        for (k, off) in NEIGHBOURS.into_iter().enumerate() {
            if i.checked_add_signed(off).is_none_or(|j| j >= n) {
                add_row(rows.get_mut(i), &edge[k]);
            }
        }
    }
}

#[inline]
fn add_row(to: Option<&mut Row>, from: &Row) {
    if let Some(to) = to {
        for (a, &b) in to.iter_mut().zip(from) {
            *a += b;
        }
    }
}

/// The second pass: its own sparse weights plus a per-tag multiplier on first-pass scores.
#[derive(Clone, Debug, Default)]
pub(super) struct Stack {
    /// Weight of the first-pass score of each tag (in averaged-perceptron units).
    pub(super) beta: [f32; NUM_TAGS],
    pub(super) weights: Weights,
    /// The stack weights also cover the first-pass features.
    pub(super) full: bool,
    /// Rounds of second-pass decoding; each round's consistency features come from the
    /// previous round's tags.
    pub(super) rounds: u8,
}

impl Stack {
    /// The part of the second-pass scores that stays the same from round to round: the `O`
    /// bias, the multiplied first-pass scores (`e1`, scale `scale1`) and, for a full stack, the
    /// first-pass features.
    fn fixed_emissions(
        &self,
        scale1: f32,
        e1: &[[i64; NUM_TAGS]],
        base2: &[[i64; NUM_TAGS]],
        out: &mut Vec<[i64; NUM_TAGS]>,
    ) {
        let mult: [f64; NUM_TAGS] =
            std::array::from_fn(|t| f64::from(self.beta[t]) * f64::from(self.weights.scale) / f64::from(scale1));
        out.clear();
        out.extend(e1.iter().map(|base| {
            let mut row: [i64; NUM_TAGS] = std::array::from_fn(|t| round_to_i64(mult[t] * base[t] as f64));
            row[0] += i64::from(self.weights.o_bias);
            row
        }));
        if self.full {
            for (row, b) in out.iter_mut().zip(base2) {
                for t in 0..NUM_TAGS {
                    row[t] += b[t];
                }
            }
        }
    }
}

/// `x.round() as i64` (halves away from zero), without the call to the C library's `round`
/// that `f64::round` compiles to on x86-64 processors older than SSE4.1's, and without a branch
/// on the fraction (which no predictor guesses): the second pass rounds nine products per token.
#[inline]
fn round_to_i64(x: f64) -> i64 {
    // Below 2^52 the integer part converts exactly and `x - t` (the fraction) is exact.
    if x.abs() < 4_503_599_627_370_496.0 {
        let t = x as i64;
        let frac = x - t as f64;
        t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5)
    } else {
        x.round() as i64
    }
}

/// Marks in `changed` the groups whose counts differ between `now` and `before`.
fn changed_groups(now: &[[u16; NUM_TAGS]], before: &[[u16; NUM_TAGS]], changed: &mut Vec<bool>) {
    changed.clear();
    changed.extend(now.iter().zip(before).map(|(a, b)| a != b));
}

/// A mention found in text: a byte span without attached proclitics, and its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset where the name starts (after any proclitic).
    pub start: usize,
    /// Byte offset where the mention ends (end of its last token).
    pub end: usize,
    /// Entity label.
    pub label: Label,
    /// The first token was `لل` + noun: the written-out name has `ا` before the text span
    /// (`للقاعدة` → span `لقاعدة`, name `القاعدة`).
    pub article_elided: bool,
}

/// A trained tagger. `&Model` is all tagging needs, from any number of threads.
#[derive(Clone, Debug)]
pub struct Model {
    pub(super) gazetteer: Gazetteer,
    pub(super) clusters: ClusterTable,
    /// Folded tokens seen inside gold mentions in training → count.
    pub(super) lexicon_keys: Vec<u32>,
    pub(super) lexicon_counts: Vec<u32>,
    pub(super) lexicon: KeyIndex,
    pub(super) pass1: Weights,
    pub(super) pass2: Option<Stack>,
    pub(super) doc_window: u32,
    /// Feature templates switched off (see `features.rs`).
    pub(super) disabled: u64,
    /// Both passes' weights of the first-pass features (derived, not serialized).
    joint: JointTable,
    /// What a token gets from each neighbour offset past its sentence's edge (derived).
    edge: [Row; NEIGHBOURS.len()],
    /// The second pass's weights, summed per consistency event (derived; see [`StackTable`]).
    stack_table: Option<StackTable>,
    /// Tells models apart for the per-thread [`TokenCache`]: each assembled model has its own
    /// (a clone shares it, and also everything the cached entries come from: the gazetteer and
    /// clusters of the analyses, the joint weights and disabled features of the scores).
    id: u64,
}

/// The next [`Model::id`].
static NEXT_MODEL_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What a model is made of (the rest is derived).
pub(super) struct Parts {
    pub(super) gazetteer: Gazetteer,
    pub(super) clusters: ClusterTable,
    /// (word key, count) of folded tokens inside training mentions.
    pub(super) lexicon: Vec<(u32, u32)>,
    pub(super) pass1: Weights,
    pub(super) pass2: Option<Stack>,
    pub(super) doc_window: u32,
    pub(super) disabled: u64,
}

/// Working memory for tagging one document, kept per thread so that tagging allocates little
/// beyond its result.
#[derive(Default)]
struct Work {
    scratch: Scratch,
    /// Analyses of tokens seen before, kept from document to document.
    cache: TokenCache,
    /// Analysis of every token of the document, sentence after sentence.
    infos: Vec<TokInfo>,
    /// Sentence `s` is document tokens `bounds[s]..bounds[s + 1]`.
    bounds: Vec<usize>,
    /// Features of one sentence.
    feats: FeatureBuf,
    /// Features of one token, to score it for the cache.
    word_feats: FeatureBuf,
    /// Token hashes of the current sentence.
    hashes: Vec<u64>,
    /// What the analyses of the current sentence's tokens give each token (see
    /// [`WordScores::scatter`]).
    rows: Vec<Row>,
    /// Rows found for the keys of `word_feats`, then of `feats` (see [`JointTable::find_all`]).
    found: Vec<u32>,
    /// First-pass emissions of every token.
    emit1: Vec<[i64; NUM_TAGS]>,
    /// Full-stack scores of the first-pass features of every token.
    base2: Vec<[i64; NUM_TAGS]>,
    /// Second-pass scores without the round-dependent features.
    fixed2: Vec<[i64; NUM_TAGS]>,
    /// Current tags of every token.
    tags: Vec<Tag>,
    /// The tags the previous second-pass round started from.
    prev_tags: Vec<Tag>,
    /// The tags the current round produces.
    next_tags: Vec<Tag>,
    counts: DocCounts,
    /// Stem and bare tag counts the previous round started from.
    prev_stem_counts: Vec<[u16; NUM_TAGS]>,
    prev_bare_counts: Vec<[u16; NUM_TAGS]>,
    /// Stem and bare groups whose counts differ from the previous round's.
    stem_changed: Vec<bool>,
    bare_changed: Vec<bool>,
    /// Emissions of one sentence.
    emit: Vec<[i64; NUM_TAGS]>,
    viterbi: Viterbi,
    path: Vec<usize>,
}

/// This thread's word-cache counts since it first tagged: `(hits, lookups)`, one lookup per
/// token tagged (see [`super::cache`]). For measuring; tags do not depend on it.
#[must_use]
pub fn word_cache_stats() -> (u64, u64) {
    WORK.with(|cell| cell.try_borrow().map_or((0, 0), |w| (w.cache.hits, w.cache.lookups)))
}

/// Documents up to this many tokens leave their buffers for the next call on the thread; a
/// longer one frees them (not the word cache), so one huge document does not pin its memory.
const KEEP_WORK_TOKENS: usize = 1 << 16;

thread_local! {
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

impl Work {
    /// Runs `f` with this thread's working memory for `model`, emptied of the last document
    /// (or with fresh memory if it is in use).
    fn with<R>(model: &Model, f: impl FnOnce(&mut Work) -> R) -> R {
        WORK.with(|cell| {
            let Ok(mut work) = cell.try_borrow_mut() else {
                // Tagging from inside tagging: fresh buffers, and the smallest word cache.
                let mut work = Work { cache: TokenCache::smallest(model.id), ..Work::default() };
                work.clear();
                return f(&mut work);
            };
            work.clear();
            work.cache.for_model(model.id);
            let r = f(&mut work);
            if work.infos.capacity() > KEEP_WORK_TOKENS {
                // The word cache has a fixed size and stays, with its entries and counts.
                let cache = std::mem::take(&mut work.cache);
                *work = Work { cache, ..Work::default() };
            }
            r
        })
    }

    /// Forgets the previous document (keeping the allocations).
    fn clear(&mut self) {
        self.infos.clear();
        self.bounds.clear();
        self.bounds.push(0);
        self.emit1.clear();
        self.base2.clear();
        self.tags.clear();
    }

    /// Tags of sentence `s`.
    fn sentence_tags(&self, s: usize) -> &[Tag] {
        &self.tags[self.bounds[s]..self.bounds[s + 1]]
    }

    /// Whether a second-pass round after the first can give sentence `s` other tags than the
    /// round before: only if its own tags or the document counts of one of its words changed.
    fn sentence_changed(&self, s: usize) -> bool {
        (self.bounds[s]..self.bounds[s + 1]).any(|i| {
            self.tags[i] != self.prev_tags[i]
                || self.stem_changed[self.counts.stem_group(i)]
                || (self.infos[i].bare != self.infos[i].stem && self.bare_changed[self.counts.bare_group(i)])
        })
    }
}

impl Model {
    pub(super) fn resources(&self) -> Resources<'_> {
        Resources { gazetteer: &self.gazetteer, clusters: &self.clusters }
    }

    /// Builds a model from its parts, deriving the lookup tables.
    pub(super) fn assemble(parts: Parts) -> Model {
        let mut lex = parts.lexicon;
        lex.sort_unstable();
        lex.dedup_by_key(|x| x.0);
        let lexicon_keys: Vec<u32> = lex.iter().map(|x| x.0).collect();
        let lexicon_counts: Vec<u32> = lex.iter().map(|x| x.1).collect();
        let lexicon = KeyIndex::build(lexicon_keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        let joint = JointTable::build(&parts.pass1, parts.pass2.as_ref().filter(|s| s.full).map(|s| &s.weights));
        let edge = joint.edge_scores(&mut FeatureBuf { disabled: parts.disabled, ..FeatureBuf::default() });
        let stack_table =
            parts.pass2.as_ref().map(|s| StackTable::build(|k| s.weights.get(k).copied(), parts.disabled));
        Model {
            gazetteer: parts.gazetteer,
            clusters: parts.clusters,
            lexicon_keys,
            lexicon_counts,
            lexicon,
            pass1: parts.pass1,
            pass2: parts.pass2,
            doc_window: parts.doc_window,
            disabled: parts.disabled,
            joint,
            edge,
            stack_table,
            id: NEXT_MODEL_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Tags one sentence of whitespace tokens on its own, with the first pass only: without
    /// a document the second pass has no context to add (on held-out training data it scores
    /// the same or lower than the first pass alone). Prefer [`Model::tag_document`] for text
    /// that comes in documents.
    #[must_use]
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        Work::with(self, |work| {
            self.first_pass(tokens, work);
            work.tags.clone()
        })
    }

    /// Tags the sentences of one document. With a second pass, each token also sees how the
    /// same word was tagged elsewhere in the document by the first pass.
    #[must_use]
    pub fn tag_document<S: AsRef<[T]>, T: AsRef<str>>(&self, sentences: &[S]) -> Vec<Vec<Tag>> {
        Work::with(self, |work| {
            let mut toks: Vec<&str> = Vec::new();
            for s in sentences {
                toks.clear();
                toks.extend(s.as_ref().iter().map(AsRef::as_ref));
                self.first_pass(&toks, work);
            }
            self.second_pass(work);
            (0..sentences.len()).map(|s| work.sentence_tags(s).to_vec()).collect()
        })
    }

    /// Tags one sentence with the first pass, appending it to the document in `work`.
    fn first_pass(&self, tokens: &[&str], work: &mut Work) {
        let res = self.resources();
        let start = work.infos.len();
        work.word_feats.disabled = self.disabled;
        // The cache lines of every token are asked for before the first is used (see
        // `TokenCache::prefetch`): the keys first, then the analyses and scores of those found.
        work.hashes.clear();
        work.hashes.extend(tokens.iter().map(|t| hash_str(t)));
        for &hash in &work.hashes {
            work.cache.prefetch_key(hash);
        }
        for (&hash, raw) in work.hashes.iter().zip(tokens) {
            work.cache.prefetch(hash, raw);
        }
        work.rows.clear();
        work.rows.resize(tokens.len(), [0; 2 * NUM_TAGS]);
        for (i, (&hash, &raw)) in work.hashes.iter().zip(tokens).enumerate() {
            let (scratch, word_feats, found) = (&mut work.scratch, &mut work.word_feats, &mut work.found);
            let cached = work.cache.get_or_insert_with(hash, raw, || {
                let info = analyze(raw, hash, &res, scratch);
                let scores = self.joint.word_scores(&info, word_feats, found);
                Analysis { info, scores }
            });
            work.infos.push(*cached.info);
            cached.scores.scatter(i, &mut work.rows);
        }
        add_edges(&self.edge, &mut work.rows);
        let sentence = &mut work.infos[start..];
        mark_sequences(sentence, &res);
        work.feats.disabled = self.disabled;
        extract_joint(sentence, &mut work.feats);
        self.joint.emissions(
            self.pass1.o_bias,
            &work.rows,
            &work.feats,
            &mut work.found,
            &mut work.emit1,
            &mut work.base2,
        );
        work.viterbi.decode(&work.emit1[start..], &self.pass1.transitions(), &mut work.path);
        work.tags.extend(work.path.iter().map(|&i| Tag::from_index(i)));
        work.bounds.push(work.infos.len());
    }

    /// Second-pass rounds over the document in `work`; leaves the final tags in `work.tags`.
    ///
    /// A round's tags for a sentence depend only on the sentence's own tags and on the
    /// document counts of its words (stems and bare forms). From the second round on, a
    /// sentence for which neither changed since the round before keeps its tags without being
    /// decoded again: decoding it would repeat the previous round exactly.
    fn second_pass(&self, work: &mut Work) {
        let (Some(stack), Some(table)) = (&self.pass2, &self.stack_table) else { return };
        let trans = stack.weights.transitions();
        stack.fixed_emissions(self.pass1.scale, &work.emit1, &work.base2, &mut work.fixed2);
        work.counts.group(&work.infos);
        for round in 0..stack.rounds.max(1) {
            work.counts.count(work.tags.iter().copied());
            if round > 0 {
                if work.tags == work.prev_tags {
                    // Same input as the previous round: same output, for this and every later round.
                    break;
                }
                changed_groups(work.counts.stem_counts(), &work.prev_stem_counts, &mut work.stem_changed);
                changed_groups(work.counts.bare_counts(), &work.prev_bare_counts, &mut work.bare_changed);
            }
            work.next_tags.clone_from(&work.tags);
            for s in 0..work.bounds.len() - 1 {
                if round > 0 && !work.sentence_changed(s) {
                    continue;
                }
                let (a, b) = (work.bounds[s], work.bounds[s + 1]);
                work.emit.clear();
                work.emit.extend_from_slice(&work.fixed2[a..b]);
                table.add_scores(&work.infos[a..b], &work.tags[a..b], &work.counts, a, &mut work.emit);
                work.viterbi.decode(&work.emit, &trans, &mut work.path);
                for (t, &i) in work.next_tags[a..b].iter_mut().zip(&work.path) {
                    *t = Tag::from_index(i);
                }
            }
            work.prev_stem_counts.clear();
            work.prev_stem_counts.extend_from_slice(work.counts.stem_counts());
            work.prev_bare_counts.clear();
            work.prev_bare_counts.extend_from_slice(work.counts.bare_counts());
            std::mem::swap(&mut work.prev_tags, &mut work.tags);
            std::mem::swap(&mut work.tags, &mut work.next_tags);
        }
    }

    /// Where the name starts inside a mention's first token: after an attached proclitic
    /// (و ف ب ل ك and their combinations) when the rest is itself a known word or name.
    /// See [`super::name_start`].
    #[must_use]
    pub fn name_start(&self, token: &str) -> NameStart {
        name_start_with(token, |folded| self.word_evidence(folded))
    }

    /// The mentions of one tagged sentence as byte spans into `text`, each starting after any
    /// proclitic attached to its first token ([`Model::name_start`]). `tokens` are the byte
    /// spans of the tagged tokens (e.g. from [`super::tokenize`]) and `tags` their tags.
    #[must_use]
    pub fn mentions(&self, text: &str, tokens: &[(usize, usize)], tags: &[Tag]) -> Vec<Mention> {
        spans(tags)
            .into_iter()
            .filter_map(|(first, end, label)| {
                let &(start, first_end) = tokens.get(first)?;
                let &(_, stop) = tokens.get(end - 1)?;
                let ns = self.name_start(text.get(start..first_end)?);
                Some(Mention { start: start + ns.offset, end: stop, label, article_elided: ns.article_elided })
            })
            .collect()
    }

    /// Evidence that a folded string is a word in its own right: its corpus count, plus 4096
    /// per occurrence inside a training mention (both capped below [`STRONG_EVIDENCE`]), plus
    /// [`STRONG_EVIDENCE`] for a gazetteer name.
    #[must_use]
    pub fn word_evidence(&self, folded: &str) -> u64 {
        let h = hash_str(folded);
        let count = self.clusters.get(h).map_or(0, |w| u64::from(w.count));
        let lex = self.lexicon.get(word_key(h)).map_or(0, |i| u64::from(self.lexicon_counts[i as usize]) << 12);
        let gaz = if self.gazetteer.lookup(h) & NAME_CLASSES != 0 { STRONG_EVIDENCE } else { 0 };
        (count + lex).min(STRONG_EVIDENCE - 1) + gaz
    }

    /// Serializes the model (deterministic: same model, same bytes).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.u32(self.doc_window);
        w.bytes(&self.disabled.to_le_bytes());
        self.gazetteer.write(&mut w);
        self.clusters.write(&mut w);
        self.clusters.write_classes(&mut w);
        w.keyed_values(self.lexicon_keys.iter().zip(&self.lexicon_counts).map(|(&k, &c)| (k, u64::from(c))));
        self.pass1.write(&mut w);
        match &self.pass2 {
            None => w.u8(0),
            Some(stack) => {
                w.u8(if stack.full { 2 } else { 1 });
                w.u8(stack.rounds);
                for b in stack.beta {
                    w.u32(b.to_bits());
                }
                stack.weights.write(&mut w);
            }
        }
        w.finish()
    }

    /// Reads a model written by [`Model::to_bytes`] (e.g. from `include_bytes!`).
    ///
    /// # Errors
    /// [`ModelError`] when the bytes are not a model of this format version: wrong magic or
    /// version, truncated, checksum mismatch, or inconsistent content.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes)?;
        r.magic(*MAGIC, "KNER")?;
        let version = r.u32()?;
        if !(1..=VERSION).contains(&version) {
            return Err(ModelError::Version(version));
        }
        let doc_window = r.u32()?;
        let disabled = u64::from(r.u32()?) | (u64::from(r.u32()?) << 32);
        let gazetteer = Gazetteer::read(&mut r, version >= 3)?;
        let mut clusters = ClusterTable::read(&mut r)?;
        if version >= 2 {
            clusters.read_classes(&mut r)?;
        }
        let lex = r
            .keyed_values()?
            .into_iter()
            .map(|(k, c)| Ok((k, u32::try_from(c).map_err(|_| ModelError::Corrupt("lexicon count"))?)))
            .collect::<Result<Vec<_>, ModelError>>()?;
        let pass1 = Weights::read(&mut r)?;
        let pass2 = match r.u8()? {
            0 => None,
            flag @ (1 | 2) => {
                let rounds = r.u8()?;
                let mut beta = [0f32; NUM_TAGS];
                for b in &mut beta {
                    *b = f32::from_bits(r.u32()?);
                    if !b.is_finite() {
                        return Err(ModelError::Corrupt("stack multiplier"));
                    }
                }
                Some(Stack { beta, weights: Weights::read(&mut r)?, full: flag == 2, rounds })
            }
            _ => return Err(ModelError::Corrupt("pass count")),
        };
        r.end()?;
        Ok(Model::assemble(Parts { gazetteer, clusters, lexicon: lex, pass1, pass2, doc_window, disabled }))
    }

    /// Number of weight rows (features with a non-zero weight), over both passes.
    #[must_use]
    pub fn feature_count(&self) -> usize {
        self.pass1.len() + self.pass2.as_ref().map_or(0, |p| p.weights.len())
    }

    /// Sets the bias added to the score of `O` in the last pass (in averaged-perceptron units;
    /// negative values trade precision for recall).
    pub fn set_o_bias(&mut self, bias: f32) {
        let w = match self.pass2.as_mut() {
            Some(s) => &mut s.weights,
            None => &mut self.pass1,
        };
        w.o_bias = (bias * w.scale).round() as i32;
    }

    /// For measuring: how many first-pass feature keys the sentence `tokens` has, and how many
    /// of them tagging looks up one by one (the joint features; the rest come from the word
    /// cache's summed scores).
    #[must_use]
    pub fn feature_key_counts(&self, tokens: &[&str]) -> (usize, usize) {
        let mut scratch = Scratch::default();
        analyze_sentence(tokens, &self.resources(), &mut scratch);
        let mut feats = FeatureBuf { disabled: self.disabled, ..FeatureBuf::default() };
        extract(&scratch.infos, &mut feats);
        let all = feats.keys.len();
        extract_joint(&scratch.infos, &mut feats);
        (all, feats.keys.len())
    }

    /// Whether the model has the document-level second pass.
    #[must_use]
    pub fn has_second_pass(&self) -> bool {
        self.pass2.is_some()
    }

    /// Sentences per pseudo-document the second pass was trained with.
    #[must_use]
    pub fn doc_window(&self) -> usize {
        self.doc_window as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// First-pass and stack emissions of one sentence from the whole feature list, looked up
    /// key by key: what tagging computed before word scores were cached.
    fn reference_emissions(model: &Model, tokens: &[&str]) -> (Vec<[i64; NUM_TAGS]>, Vec<[i64; NUM_TAGS]>) {
        let mut scratch = Scratch::default();
        analyze_sentence(tokens, &model.resources(), &mut scratch);
        let mut feats = FeatureBuf { disabled: model.disabled, ..FeatureBuf::default() };
        extract(&scratch.infos, &mut feats);
        let (mut e1, mut e2) = (Vec::new(), Vec::new());
        for i in 0..feats.len() {
            let mut acc = [0; 2 * NUM_TAGS];
            acc[0] = model.pass1.o_bias;
            model.joint.add(feats.token(i), &mut acc);
            e1.push(std::array::from_fn(|t| i64::from(acc[t])));
            e2.push(std::array::from_fn(|t| i64::from(acc[NUM_TAGS + t])));
        }
        (e1, e2)
    }

    #[test]
    fn a_format_2_model_matches_multiword_names_without_prefix_marks() {
        let model = &*SHIPPED;
        // The same content labelled format 2: the reader must not trust the gazetteer's marks.
        let mut bytes = model.to_bytes();
        bytes[4..8].copy_from_slice(&2u32.to_le_bytes());
        let body = bytes.len() - 8;
        let sum = Fnv::new().bytes(&bytes[..body]).finish();
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
        let old = Model::from_bytes(&bytes).expect("format 2 loads");
        let word = hash_str("ذهب");
        assert_eq!(model.gazetteer.lookup_seq(word), (0, false));
        assert_eq!(old.gazetteer.lookup_seq(word), (0, true), "format 2: every sequence may go on");
        let tokens = ["قال", "تنظيم", "الدولة", "الإسلامية", "إن", "الأمم", "المتحدة", "ذهب", "إلى", "دير", "الزور"];
        let seqs = |m: &Model| {
            let mut scratch = Scratch::default();
            crate::ner::features::analyze_sentence(&tokens, &m.resources(), &mut scratch);
            scratch.infos.iter().map(|i| i.gaz_seq).collect::<Vec<_>>()
        };
        let (new_seqs, old_seqs) = (seqs(model), seqs(&old));
        assert_eq!(new_seqs, old_seqs);
        assert!(new_seqs[1] != 0 && new_seqs[5] != 0, "multi-word names found: {new_seqs:?}");
        assert_eq!(model.tag(&tokens), old.tag(&tokens));
    }

    #[test]
    fn cached_word_scores_give_the_emissions_of_the_full_feature_list() {
        let model = &*SHIPPED;
        let sentences: [&[&str]; 5] = [
            // A token over 31 bytes is never cached: its scores come from the spare entry.
            &[
                "قال",
                "المتحدث",
                "باسم",
                "قوات",
                "سوريا",
                "الديمقراطية",
                "«",
                "قسد",
                "»",
                "إن",
                "مخيم",
                "الهول",
                "آمن",
                "الاستخباراتيةوالعسكرية",
            ],
            &["وصل", "دونالد", "ترامب", "إلى", "بغداد", "ثم", "إلى", "الرقة", "(", "سوريا", ")", "."],
            &["ترامب"],
            &["قال", "ترامب"],
            // The words of the first sentences again, now from the cache.
            &["قوات", "سوريا", "الديمقراطية", "قسد", "ترامب", "بغداد", "الرقة", "مخيم", "الهول", "'", "'", "x"],
        ];
        let (hits_before, lookups_before) = word_cache_stats();
        Work::with(model, |work| {
            for round in 0..2 {
                for tokens in sentences {
                    work.clear();
                    model.first_pass(tokens, work);
                    let (e1, e2) = reference_emissions(model, tokens);
                    assert_eq!(work.emit1, e1, "pass-1 emissions of {tokens:?}, round {round}");
                    assert_eq!(work.base2, e2, "stack emissions of {tokens:?}, round {round}");
                }
            }
        });
        // Every token was looked up once per round; in the second round every one was cached.
        let (hits, lookups) = word_cache_stats();
        let tokens: u64 = sentences.iter().map(|s| s.len() as u64).sum();
        assert_eq!(lookups - lookups_before, 2 * tokens);
        assert!(hits - hits_before >= tokens, "{} hits for {tokens} tokens", hits - hits_before);
    }

    /// A document of the shipped model's first pass: its token analyses, grouped for counting.
    fn analyzed_document(model: &Model, sentences: &[&[&str]]) -> (Vec<TokInfo>, Vec<usize>, DocCounts) {
        let mut infos = Vec::new();
        let mut bounds = vec![0];
        for tokens in sentences {
            let mut scratch = Scratch::default();
            analyze_sentence(tokens, &model.resources(), &mut scratch);
            infos.extend_from_slice(&scratch.infos);
            bounds.push(infos.len());
        }
        let mut counts = DocCounts::default();
        counts.group(&infos);
        (infos, bounds, counts)
    }

    /// The shipped model, loaded once for the property tests.
    static SHIPPED: std::sync::LazyLock<Model> =
        std::sync::LazyLock::new(|| Model::from_bytes(crate::NER_MODEL).expect("shipped model"));

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The dense stack table scores whatever the tags are exactly as the stack's features
        /// looked up one key at a time.
        #[test]
        fn stack_table_scores_are_the_stack_features_weights(tags in proptest::collection::vec(0..NUM_TAGS, 40)) {
            let model = &*SHIPPED;
            let (stack, table) = (model.pass2.as_ref().expect("two passes"), model.stack_table.as_ref().expect("table"));
            let sentences: [&[&str]; 3] = [
                &["قال", "المتحدث", "باسم", "قوات", "سوريا", "الديمقراطية", "«", "قسد", "»", "إن", "مخيم", "الهول", "آمن"],
                &["وصل", "دونالد", "ترامب", "إلى", "بغداد", "ثم", "إلى", "الرقة", "(", "سوريا", ")", "."],
                &["قال", "ترامب", "إن", "قوات", "سوريا", "الديمقراطية", "في", "الرقة", "وبغداد", "وسوريا", "."],
            ];
            let (infos, bounds, mut counts) = analyzed_document(model, &sentences);
            let tags: Vec<Tag> = tags[..infos.len()].iter().map(|&t| Tag::from_index(t)).collect();
            counts.count(tags.iter().copied());
            for s in 0..sentences.len() {
                let (a, b) = (bounds[s], bounds[s + 1]);
                let mut feats = FeatureBuf { disabled: model.disabled, ..FeatureBuf::default() };
                super::super::consistency::stack_features(&infos[a..b], &tags[a..b], &counts, a, &mut feats);
                let reference: Vec<[i64; NUM_TAGS]> = (0..feats.len())
                    .map(|i| {
                        let mut acc = [0i64; NUM_TAGS];
                        for row in feats.token(i).iter().filter_map(|&k| stack.weights.get(k)) {
                            for (a, &w) in acc.iter_mut().zip(row) {
                                *a += i64::from(w);
                            }
                        }
                        acc
                    })
                    .collect();
                let mut scores = vec![[0i64; NUM_TAGS]; b - a];
                table.add_scores(&infos[a..b], &tags[a..b], &counts, a, &mut scores);
                proptest::prop_assert_eq!(&scores, &reference, "sentence {}", s);
                proptest::prop_assert!(reference.iter().flatten().any(|&v| v != 0));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn round_to_i64_is_round(bits: u64, small in -1e7f64..1e7, halves in -100_000i64..100_000) {
            for x in [f64::from_bits(bits), small, halves as f64 / 2.0, (halves as f64 / 2.0).next_up(), (halves as f64 / 2.0).next_down()] {
                proptest::prop_assert_eq!(round_to_i64(x), x.round() as i64, "{}", x);
            }
        }
    }
}
