//! Feature extraction: per-token analysis (fold, stem, affixes, shape, clusters, gazetteer) and
//! hashed feature keys for each token of a sentence.
//!
//! Nothing here allocates per feature: tokens are folded into one reused buffer, strings are
//! hashed with FNV-1a in place, and features are 32-bit keys `feature_key(template, value)`.

use khabar_core::text::{fold_char, is_arabic_letter};

use super::cache::prefetch_ref;
use super::clusters::{ClusterTable, NO_CLASS, WordCluster};
use super::gazetteer::{CLASSES, FIRST_TRIGGER, Gazetteer};
use super::hash::{Fnv, combine, feature_key, hash_str};

/// Read-only lookups features need.
#[derive(Clone, Copy)]
pub(super) struct Resources<'a> {
    pub(super) gazetteer: &'a Gazetteer,
    pub(super) clusters: &'a ClusterTable,
}

/// Feature keys for a sentence, token after token.
#[derive(Clone, Debug, Default)]
pub(super) struct FeatureBuf {
    pub(super) keys: Vec<u32>,
    pub(super) starts: Vec<u32>,
    /// Templates (bit `t` for template `t < 64`) that are switched off.
    pub(super) disabled: u64,
}

impl FeatureBuf {
    pub(super) fn clear(&mut self) {
        self.keys.clear();
        self.starts.clear();
    }

    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Keys of token `i`.
    #[inline]
    pub(super) fn token(&self, i: usize) -> &[u32] {
        &self.keys[self.range(i)]
    }

    /// Where the keys of token `i` are in [`FeatureBuf::keys`].
    #[inline]
    pub(super) fn range(&self, i: usize) -> std::ops::Range<usize> {
        let s = self.starts[i] as usize;
        let e = self.starts.get(i + 1).map_or(self.keys.len(), |&e| e as usize);
        s..e
    }

    /// Starts a new token.
    pub(super) fn begin_token(&mut self) {
        self.starts.push(self.keys.len() as u32);
    }

    /// Adds a key to the current token.
    #[inline]
    pub(super) fn push(&mut self, t: u32, h: u64) {
        if t < 64 && (self.disabled >> t) & 1 == 1 {
            return;
        }
        self.keys.push(feature_key(t, h));
    }
}

/// Per-token analysis.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct TokInfo {
    pub(super) raw: u64,
    pub(super) fold: u64,
    pub(super) stem: u64,
    pub(super) bare: u64,
    pub(super) shape: u8,
    pub(super) len: u8,
    pub(super) clitic: u8,
    pub(super) pre: [u64; 3],
    pub(super) suf: [u64; 4],
    pub(super) cl_fold: Option<WordCluster>,
    pub(super) cl_stem: Option<WordCluster>,
    pub(super) gaz_fold: u16,
    pub(super) gaz_stem: u16,
    /// Whether a longer gazetteer entry may begin with the folded form (bit 0) or the stem
    /// (bit 1): where [`mark_sequences`] looks for multi-token entries.
    pub(super) seq_start: u8,
    /// Gazetteer classes of multi-token entries: starting here (low 16 bits), inside (high).
    pub(super) gaz_seq: u32,
    /// Trigger classes of entries that end at this token.
    pub(super) trig_end: u16,
    /// Inside a short quoted or parenthesized span: `kind << 2 | position` plus [`ENCL_IN`]
    /// (0 when not enclosed). See [`mark_enclosed`].
    pub(super) encl: u8,
    /// Length of the enclosing span (tokens, capped at 6).
    pub(super) encl_len: u8,
    /// Folded word before the opening delimiter of the enclosing span.
    pub(super) encl_prev: u64,
}

const _: () = assert!(std::mem::size_of::<TokInfo>() == 160, "TokInfo::prefetch counts on 160 bytes");

impl TokInfo {
    /// Asks for the cache lines of this analysis (see [`super::cache::TokenCache::prefetch`]):
    /// 160 bytes, so three or four lines, reached through fields that lie apart (the compiler
    /// orders the fields, so a few are asked for; a line asked for twice costs nothing more).
    pub(super) fn prefetch(&self) {
        prefetch_ref(self);
        prefetch_ref(&self.suf[3]);
        prefetch_ref(&self.encl_prev);
        prefetch_ref(&self.cl_stem);
        prefetch_ref(&self.gaz_seq);
    }
}

/// [`TokInfo::encl`] flag: the token is inside a span.
const ENCL_IN: u8 = 0x80;
/// Longest quoted or parenthesized span that gets enclosure features.
const ENCL_MAX: usize = 8;

// Templates. Values must never change once a model is shipped (they are hashed into keys).
const T_BIAS: u32 = 1;
const T_RAW: u32 = 2;
const T_FOLD: u32 = 3;
const T_STEM: u32 = 4;
const T_BARE: u32 = 5;
const T_PRE: u32 = 6; // +0..2
const T_SUF: u32 = 9; // +0..3
const T_SHAPE: u32 = 13;
const T_SHAPE_LEN: u32 = 14;
const T_CLITIC: u32 = 15;
const T_CTX_FOLD: u32 = 16; // +0..3 for offsets -2,-1,+1,+2
const T_CTX_STEM: u32 = 20; // +0..1 for -1,+1
const T_BI_PREV: u32 = 22;
const T_BI_NEXT: u32 = 23;
const T_BI_AROUND: u32 = 24;
const T_CTX_SHAPE: u32 = 25; // +0..1
const T_CL_FOLD: u32 = 27; // +0..4 (prefix lengths, leaf)
const T_CL_STEM: u32 = 32; // +0..4
const T_CL_PREV: u32 = 37; // +0..2
const T_CL_NEXT: u32 = 40; // +0..2
const T_GAZ_FOLD: u32 = 43;
const T_GAZ_STEM: u32 = 44;
const T_GAZ_SEQ: u32 = 45;
const T_TRIG_PREV: u32 = 46; // +0..1 for -1,-2
const T_GAZ_PREV: u32 = 48;
const T_GAZ_NEXT: u32 = 49;
const T_FREQ: u32 = 50;
const T_FIRST: u32 = 51;
const T_STEM_SUF: u32 = 52;
const T_SHAPE_TRI: u32 = 55;
const T_CL_STEM_PREV: u32 = 56;
const T_TRIG_NEXT: u32 = 57;
const T_ENCL: u32 = 58;
const T_ENCL_PREV: u32 = 59;
const T_ENCL_LEN: u32 = 60;
const T_EMB_FOLD: u32 = 64; // +0..2 per word-vector class view
const T_EMB_STEM: u32 = 67; // +0..2
const T_EMB_PREV: u32 = 70; // +0..2
const T_EMB_NEXT: u32 = 73; // +0..2
/// First template number free for the second pass.
pub(super) const T_NEXT_FREE: u32 = 96;

/// Cluster path prefix lengths used as features (plus the leaf id).
const CLUSTER_PREFIXES: [u8; 4] = [4, 6, 10, 16];
const CONTEXT_CLUSTER_PREFIXES: [u8; 3] = [4, 8, 12];

const BOS: u64 = 0x0b05_0b05_0b05_0b05;
const EOS: u64 = 0x0e05_0e05_0e05_0e05;

// Shape bits.
const SH_ARABIC: u8 = 1;
const SH_LATIN: u8 = 2;
const SH_DIGIT: u8 = 4;
const SH_PUNCT: u8 = 8;
const SH_OTHER: u8 = 16;

/// A proclitic split of a folded token: bytes to skip, and whether `ال` was elided (`لل`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Split {
    pub(super) skip: usize,
    pub(super) article_elided: bool,
    /// The pattern, for the `T_CLITIC` feature: conjunction (4 = و, 8 = ف) plus preposition
    /// (1 = ب, 2 = ك, 3 = ل), plus 16 for the elided article of `لل`.
    pub(super) kind: u8,
}

/// Proclitic candidates of a folded token, shortest strip first. Candidates leave at least two
/// letters; the `لل` case (`ل` + `ال`) is reported as skipping one letter with the article
/// elided, so the name is `ال` + the rest after `لل`.
pub(super) fn proclitic_splits(folded: &str, out: &mut Vec<Split>) {
    out.clear();
    // The first four chars and their byte offsets are all we look at.
    let mut head = ['\0'; 4];
    let mut at = [folded.len(); 5];
    let mut total = 0usize;
    for (i, (b, c)) in folded.char_indices().enumerate() {
        if i < 4 {
            head[i] = c;
            at[i] = b;
        }
        total = i + 1;
    }
    let letter = |i: usize| if i < total.min(4) { Some(head[i]) } else { None };
    let mut pos = 0usize;
    let mut kind = 0u8;
    let mut starts = [(0usize, 0u8); 2];
    let mut n = 0;
    if matches!(letter(0), Some('و' | 'ف')) {
        pos = 1;
        kind = if letter(0) == Some('و') { 4 } else { 8 };
        starts[n] = (pos, kind);
        n += 1;
    }
    if let Some(c @ ('ب' | 'ك' | 'ل')) = letter(pos) {
        let k = kind
            + match c {
                'ب' => 1,
                'ك' => 2,
                _ => 3,
            };
        starts[n] = (pos + 1, k);
        n += 1;
    }
    for &(p, k) in &starts[..n] {
        if total.saturating_sub(p) < 2 {
            continue;
        }
        out.push(Split { skip: at[p], article_elided: false, kind: k });
        // ل + ال written لل: the name is ال + rest.
        if k % 4 == 3 && letter(p) == Some('ل') && total.saturating_sub(p) >= 3 {
            out.push(Split { skip: at[p], article_elided: true, kind: k + 16 });
        }
    }
}

/// Hash of the folded name after a split.
pub(super) fn split_hash(folded: &str, s: Split) -> u64 {
    let rest = &folded[s.skip..];
    if s.article_elided {
        // "لقاعده" -> "القاعده": ا + the remaining ل...
        Fnv::new().bytes("ا".as_bytes()).bytes(rest.as_bytes()).finish()
    } else {
        hash_str(rest)
    }
}

/// Score used to decide whether a stripped form is "the word": corpus count, with gazetteer
/// names counting as very frequent.
pub(super) fn word_score(res: &Resources<'_>, h: u64) -> u64 {
    let count = res.clusters.get(h).map_or(0, |w| u64::from(w.count));
    let gaz = res.gazetteer.lookup(h) & NAME_CLASSES;
    count + if gaz != 0 { 1 << 24 } else { 0 }
}

/// Gazetteer classes that are names (not triggers).
pub(super) const NAME_CLASSES: u16 = (1 << FIRST_TRIGGER) - 1;

/// Chooses the stem split among `splits` for a folded token: the candidate with the highest
/// [`word_score`], if it beats the unsplit token; otherwise, with no evidence either way, a
/// clear article prefix (`وال`, `بال`, `لل`...) is split.
pub(super) fn choose_split(res: &Resources<'_>, folded: &str, full_hash: u64, splits: &[Split]) -> Option<Split> {
    let full = word_score(res, full_hash);
    let mut best: Option<(u64, Split)> = None;
    for &s in splits {
        let sc = word_score(res, split_hash(folded, s));
        if sc > full && best.is_none_or(|(b, _)| sc > b) {
            best = Some((sc, s));
        }
    }
    if let Some((_, s)) = best {
        return Some(s);
    }
    if full == 0 {
        // Unknown word: split only before an article, the unambiguous case.
        for &s in splits.iter().rev() {
            let rest = &folded[s.skip..];
            if s.article_elided || (rest.starts_with("ال") && rest.chars().count() >= 4) {
                return Some(s);
            }
        }
    }
    None
}

/// Reusable buffers for extraction.
#[derive(Clone, Debug, Default)]
pub(super) struct Scratch {
    fold: String,
    splits: Vec<Split>,
    pub(super) infos: Vec<TokInfo>,
}

/// Analyzes one token on its own: everything in [`TokInfo`] but what its neighbours add
/// ([`mark_sequences`]). A function of the token and the resources only; `raw_hash` is
/// [`hash_str`] of the token, which the tagger has already computed for its word cache.
pub(super) fn analyze(raw: &str, raw_hash: u64, res: &Resources<'_>, scratch: &mut Scratch) -> TokInfo {
    let folded = &mut scratch.fold;
    folded.clear();
    let mut shape = 0u8;
    let mut nchars = 0usize;
    for c in raw.chars() {
        let Some(f) = fold_char(c) else { continue };
        if is_arabic_letter(f) {
            shape |= SH_ARABIC;
            folded.push(f);
            nchars += 1;
            continue;
        }
        if f.is_ascii() {
            shape |= if f.is_ascii_digit() {
                SH_DIGIT
            } else if f.is_ascii_alphabetic() {
                SH_LATIN
            } else if f.is_ascii_punctuation() {
                SH_PUNCT
            } else {
                SH_OTHER
            };
            folded.push(f.to_ascii_lowercase());
            nchars += 1;
            continue;
        }
        if matches!(f, '،' | '؛' | '؟' | '«' | '»' | '“' | '”' | '‘' | '’' | '…' | '–' | '—') {
            shape |= SH_PUNCT;
        } else if f.is_alphabetic() {
            shape |= SH_LATIN;
        } else {
            shape |= SH_OTHER;
        }
        for l in f.to_lowercase() {
            folded.push(l);
            nchars += 1;
        }
    }
    if folded.is_empty() {
        folded.push_str(raw);
    }
    let folded: &str = folded;
    let fold_h = hash_str(folded);
    proclitic_splits(folded, &mut scratch.splits);
    let split = choose_split(res, folded, fold_h, &scratch.splits);
    let (stem_h, clitic) = match split {
        Some(s) => (split_hash(folded, s), s.kind),
        None => (fold_h, 0),
    };
    // bare: stem without the article
    let stem_rest_starts_al = match split {
        Some(s) if s.article_elided => true,
        Some(s) => folded[s.skip..].starts_with("ال"),
        None => folded.starts_with("ال"),
    };
    let bare = if stem_rest_starts_al {
        let rest = match split {
            Some(s) if s.article_elided => &folded[s.skip + "ل".len()..],
            Some(s) => &folded[s.skip + "ال".len()..],
            None => &folded["ال".len()..],
        };
        if rest.chars().count() >= 2 { hash_str(rest) } else { stem_h }
    } else {
        stem_h
    };
    // affixes
    let mut pre = [0u64; 3];
    let mut suf = [0u64; 4];
    {
        let mut h = Fnv::new();
        for (i, c) in folded.chars().take(3).enumerate() {
            h = h.char(c);
            pre[i] = h.finish();
        }
        for (i, (b, _)) in folded.char_indices().rev().take(4).enumerate() {
            suf[i] = hash_str(&folded[b..]);
        }
    }
    let cl_fold = res.clusters.get(fold_h);
    let cl_stem = if stem_h == fold_h { None } else { res.clusters.get(stem_h) };
    let (gaz_fold, fold_starts) = res.gazetteer.lookup_seq(fold_h);
    let (gaz_stem, stem_starts) = if stem_h == fold_h { (0, fold_starts) } else { res.gazetteer.lookup_seq(stem_h) };
    TokInfo {
        raw: raw_hash,
        fold: fold_h,
        stem: stem_h,
        bare,
        shape,
        len: nchars.min(12) as u8,
        clitic,
        pre,
        suf,
        cl_fold,
        cl_stem,
        gaz_fold,
        gaz_stem,
        seq_start: u8::from(fold_starts) | (u8::from(stem_starts) << 1),
        gaz_seq: 0,
        trig_end: (gaz_fold | gaz_stem) & !NAME_CLASSES,
        encl: 0,
        encl_len: 0,
        encl_prev: 0,
    }
}

/// Analyzes every token and marks multi-token gazetteer matches.
pub(super) fn analyze_sentence(tokens: &[&str], res: &Resources<'_>, scratch: &mut Scratch) {
    let mut infos = std::mem::take(&mut scratch.infos);
    infos.clear();
    for t in tokens {
        infos.push(analyze(t, hash_str(t), res, scratch));
    }
    mark_sequences(&mut infos, res);
    scratch.infos = infos;
}

/// Marks the multi-token gazetteer matches of a sentence of tokens from [`analyze`]. A sequence
/// is extended only while some entry begins with it.
pub(super) fn mark_sequences(infos: &mut [TokInfo], res: &Resources<'_>) {
    let max = res.gazetteer.max_len();
    for i in 0..infos.len() {
        let firsts = [infos[i].fold, infos[i].stem];
        let distinct = if firsts[0] == firsts[1] { 1 } else { 2 };
        for (k, &first) in firsts[..distinct].iter().enumerate() {
            if infos[i].seq_start & (1 << k) == 0 {
                continue;
            }
            let mut h = first;
            for j in (i + 1)..infos.len().min(i + max) {
                h = combine(h, infos[j].fold);
                let (bits, longer) = res.gazetteer.lookup_seq(h);
                if bits != 0 {
                    infos[i].gaz_seq |= u32::from(bits);
                    for info in &mut infos[(i + 1)..=j] {
                        info.gaz_seq |= u32::from(bits) << 16;
                    }
                    infos[j].trig_end |= bits & !NAME_CLASSES;
                }
                if !longer {
                    break;
                }
            }
        }
    }
    mark_enclosed(infos);
}

/// Delimiter kind of a folded token: 1 guillemets or curly double quotes, 2 straight quotes
/// (`"`, `'`, `''`), 3 parentheses; and whether it opens (`true`) or may close.
fn delimiter(fold: u64) -> Option<(u8, bool, bool)> {
    // (kind, can open, can close)
    const TABLE: [(&str, u8, bool, bool); 9] = [
        ("«", 1, true, false),
        ("»", 1, false, true),
        ("“", 1, true, false),
        ("”", 1, false, true),
        ("\"", 2, true, true),
        ("'", 2, true, true),
        ("''", 2, true, true),
        ("(", 3, true, false),
        (")", 3, false, true),
    ];
    // The delimiters' hashes, computed once: this runs for every token.
    static HASHED: std::sync::LazyLock<[(u64, u8, bool, bool); 9]> =
        std::sync::LazyLock::new(|| TABLE.map(|(d, kind, open, close)| (hash_str(d), kind, open, close)));
    HASHED.iter().find(|d| d.0 == fold).map(|d| (d.1, d.2, d.3))
}

/// Marks tokens inside short quoted or parenthesized spans (at most [`ENCL_MAX`] tokens),
/// pairing delimiters left to right; a run of straight quotes (`' '`) counts as one delimiter.
fn mark_enclosed(infos: &mut [TokInfo]) {
    let n = infos.len();
    let mut at = 0;
    while at < n {
        let Some((kind, true, _)) = delimiter(infos[at].fold) else {
            at += 1;
            continue;
        };
        // Skip a run of the same opening delimiter.
        let open = infos[at].fold;
        let start = at + infos[at..].iter().take_while(|x| x.fold == open).count();
        let close = infos[start..n.min(start + ENCL_MAX + 1)]
            .iter()
            .position(|x| delimiter(x.fold).is_some_and(|(_, _, closes)| closes))
            .map(|p| start + p)
            .filter(|&end| delimiter(infos[end].fold).is_some_and(|(k, _, _)| k == kind));
        match close {
            Some(end) if end > start => {
                let prev = if at == 0 { BOS } else { infos[at - 1].fold };
                let len = end - start;
                for (p, info) in infos[start..end].iter_mut().enumerate() {
                    let pos = if len == 1 {
                        0
                    } else if p == 0 {
                        1
                    } else if p + 1 == len {
                        3
                    } else {
                        2
                    };
                    info.encl = ENCL_IN | (kind << 2) | pos;
                    info.encl_len = len.min(6) as u8;
                    info.encl_prev = prev;
                }
                // Skip the closing run too.
                let shut = infos[end].fold;
                at = end + infos[end..].iter().take_while(|x| x.fold == shut).count();
            }
            _ => at = start,
        }
    }
}

#[inline]
fn cluster_prefix(c: WordCluster, p: u8) -> u64 {
    if c.len <= p {
        (u64::from(c.path) << 8) | u64::from(c.len)
    } else {
        (u64::from(c.path >> (c.len - p)) << 8) | u64::from(p)
    }
}

/// The classes in `range` whose bits are set in `bits`, lowest first (most tokens have none,
/// so this beats testing each class).
fn classes_in(bits: u16, range: std::ops::Range<usize>) -> impl Iterator<Item = usize> {
    let mut rest = u32::from(bits) & ((1u32 << range.end) - 1) & !((1u32 << range.start) - 1);
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let c = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            c
        })
    })
}

/// Word-vector class views used for the token itself and for its ±1 neighbours (bit v = view v).
const EMB_SELF_VIEWS: u8 = 0b111;
const EMB_CONTEXT_VIEWS: u8 = 0b010;

#[inline]
fn push_classes(out: &mut FeatureBuf, base: u32, c: WordCluster, views: u8) {
    for (v, &id) in c.classes.iter().enumerate() {
        if id != NO_CLASS && (views >> v) & 1 == 1 {
            out.push(base + v as u32, u64::from(id));
        }
    }
}

/// Neighbour offsets whose tokens add features of their own analysis to a token: `-2, -1, +1, +2`.
pub(super) const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// Writes the observation features of every token of the analyzed sentence into `out`.
///
/// A token's features are of three kinds: [`own_features`] (its own analysis only),
/// [`neighbour_features`] (the analysis of one neighbour only), and [`joint_features`] (several
/// tokens, or the token's place in the sentence). Tagging caches the scores of the first two
/// per word; this function is the whole list, as training sees it.
pub(super) fn extract(infos: &[TokInfo], out: &mut FeatureBuf) {
    out.clear();
    for i in 0..infos.len() {
        out.begin_token();
        own_features(&infos[i], out);
        for (k, off) in NEIGHBOURS.into_iter().enumerate() {
            neighbour_features(k, i.checked_add_signed(off).and_then(|j| infos.get(j)), out);
        }
        joint_features(infos, i, out);
    }
}

/// Writes only the [`joint_features`] of every token into `out` (tagging adds the others from
/// per-word scores).
pub(super) fn extract_joint(infos: &[TokInfo], out: &mut FeatureBuf) {
    out.clear();
    for i in 0..infos.len() {
        out.begin_token();
        joint_features(infos, i, out);
    }
}

/// The best cluster of a token: of its stem if known, else of its folded form.
fn best_cluster(t: &TokInfo) -> Option<WordCluster> {
    t.cl_stem.or(t.cl_fold)
}

/// The features of a token that depend on its own analysis ([`analyze`]) only, not on what
/// [`mark_sequences`] adds.
pub(super) fn own_features(t: &TokInfo, out: &mut FeatureBuf) {
    out.push(T_BIAS, 0);
    out.push(T_RAW, t.raw);
    out.push(T_FOLD, t.fold);
    out.push(T_STEM, t.stem);
    out.push(T_BARE, t.bare);
    for (k, &p) in t.pre.iter().enumerate() {
        if p != 0 {
            out.push(T_PRE + k as u32, p);
        }
    }
    for (k, &s) in t.suf.iter().enumerate() {
        if s != 0 {
            out.push(T_SUF + k as u32, s);
        }
    }
    out.push(T_SHAPE, u64::from(t.shape));
    out.push(T_SHAPE_LEN, (u64::from(t.shape) << 8) | u64::from(t.len));
    out.push(T_CLITIC, u64::from(t.clitic));
    out.push(T_STEM_SUF, combine(t.stem, u64::from(t.clitic)));
    if let Some(c) = t.cl_fold {
        for (k, &p) in CLUSTER_PREFIXES.iter().enumerate() {
            out.push(T_CL_FOLD + k as u32, cluster_prefix(c, p));
        }
        out.push(T_CL_FOLD + 4, u64::from(c.leaf));
        out.push(T_FREQ, u64::from(32 - c.count.leading_zeros()));
    } else {
        out.push(T_CL_FOLD, u64::MAX);
        out.push(T_FREQ, 0);
    }
    if let Some(c) = t.cl_stem {
        for (k, &p) in CLUSTER_PREFIXES.iter().enumerate() {
            out.push(T_CL_STEM + k as u32, cluster_prefix(c, p));
        }
        out.push(T_CL_STEM + 4, u64::from(c.leaf));
    }
    for (base, cl) in [(T_EMB_FOLD, t.cl_fold), (T_EMB_STEM, t.cl_stem)] {
        if let Some(c) = cl {
            push_classes(out, base, c, EMB_SELF_VIEWS);
        }
    }
    for c in classes_in(t.gaz_fold, 0..CLASSES.len()) {
        out.push(T_GAZ_FOLD, c as u64);
    }
    for c in classes_in(t.gaz_stem, 0..CLASSES.len()) {
        out.push(T_GAZ_STEM, c as u64);
    }
}

/// The features a token gets from its neighbour number `k` of [`NEIGHBOURS`], from that
/// neighbour's own analysis (`None`: the offset is past the sentence's edge).
pub(super) fn neighbour_features(k: usize, x: Option<&TokInfo>, out: &mut FeatureBuf) {
    let before = NEIGHBOURS[k] < 0;
    let edge = if before { BOS } else { EOS };
    out.push(T_CTX_FOLD + k as u32, x.map_or(edge, |x| x.fold));
    if NEIGHBOURS[k].abs() != 1 {
        return;
    }
    let side = u32::from(!before);
    out.push(T_CTX_STEM + side, x.map_or(edge, |x| x.stem));
    out.push(T_CTX_SHAPE + side, shape_of(x));
    let base = if before { T_CL_PREV } else { T_CL_NEXT };
    match x.and_then(best_cluster) {
        Some(c) => {
            for (j, &p) in CONTEXT_CLUSTER_PREFIXES.iter().enumerate() {
                out.push(base + j as u32, cluster_prefix(c, p));
            }
            push_classes(out, if before { T_EMB_PREV } else { T_EMB_NEXT }, c, EMB_CONTEXT_VIEWS);
        }
        None => out.push(base, u64::MAX),
    }
    if let Some(x) = x {
        for c in classes_in(x.gaz_fold | x.gaz_stem, 0..FIRST_TRIGGER) {
            out.push(if before { T_GAZ_PREV } else { T_GAZ_NEXT }, c as u64);
        }
    }
}

/// A token's shape as a feature value (`0xff` past the sentence's edge).
fn shape_of(x: Option<&TokInfo>) -> u64 {
    x.map_or(0xff, |x| u64::from(x.shape))
}

/// The features of token `i` that combine several tokens, depend on its place in the
/// sentence, or on what [`mark_sequences`] found.
pub(super) fn joint_features(infos: &[TokInfo], i: usize, out: &mut FeatureBuf) {
    let t = &infos[i];
    let prev = i.checked_sub(1).map(|j| &infos[j]);
    let next = infos.get(i + 1);
    if i == 0 {
        out.push(T_FIRST, 1);
    }
    let fold_prev = prev.map_or(BOS, |x| x.fold);
    let fold_next = next.map_or(EOS, |x| x.fold);
    out.push(T_BI_PREV, combine(fold_prev, t.fold));
    out.push(T_BI_NEXT, combine(t.fold, fold_next));
    out.push(T_BI_AROUND, combine(fold_prev, fold_next));
    out.push(T_SHAPE_TRI, (shape_of(prev) << 16) | (u64::from(t.shape) << 8) | shape_of(next));
    if let (Some(cp), Some(c0)) = (prev.and_then(best_cluster), best_cluster(t)) {
        out.push(T_CL_STEM_PREV, combine(cluster_prefix(cp, 8), cluster_prefix(c0, 8)));
    }
    // quoted or parenthesized spans
    if t.encl != 0 {
        out.push(T_ENCL, u64::from(t.encl));
        out.push(T_ENCL_PREV, combine(u64::from(t.encl >> 2), t.encl_prev));
        out.push(T_ENCL_LEN, (u64::from(t.encl) << 8) | u64::from(t.encl_len));
    }
    // multi-token gazetteer entries and triggers
    for c in classes_in(t.gaz_seq as u16, 0..CLASSES.len()) {
        out.push(T_GAZ_SEQ, c as u64);
    }
    for c in classes_in((t.gaz_seq >> 16) as u16, 0..CLASSES.len()) {
        out.push(T_GAZ_SEQ, 100 + c as u64);
    }
    for (k, j) in [i.checked_sub(1), i.checked_sub(2)].into_iter().enumerate() {
        if let Some(j) = j {
            for c in classes_in(infos[j].trig_end, FIRST_TRIGGER..CLASSES.len()) {
                out.push(T_TRIG_PREV + k as u32, c as u64);
            }
        }
    }
    if let Some(nx) = next {
        for c in classes_in(nx.trig_end, FIRST_TRIGGER..CLASSES.len()) {
            out.push(T_TRIG_NEXT, c as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cover_conjunction_preposition_and_ll() {
        let mut out = Vec::new();
        proclitic_splits("وبالرقه", &mut out);
        let rests: Vec<&str> = out.iter().map(|s| &"وبالرقه"[s.skip..]).collect();
        assert_eq!(rests, vec!["بالرقه", "الرقه"]);
        proclitic_splits("للقاعده", &mut out);
        assert!(out.iter().any(|s| s.article_elided && &"للقاعده"[s.skip..] == "لقاعده"));
        proclitic_splits("في", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn stem_prefers_known_forms() {
        let g = Gazetteer::builtin();
        let c = ClusterTable::default();
        let res = Resources { gazetteer: &g, clusters: &c };
        let mut scratch = Scratch::default();
        analyze_sentence(&["وتركيا", "بغداد", "للأمم", "المتحدة"], &res, &mut scratch);
        let infos = &scratch.infos;
        assert_eq!(infos[0].stem, hash_str("تركيا"));
        assert_eq!(infos[1].stem, hash_str("بغداد"));
        assert_eq!(infos[2].stem, hash_str("الامم"));
        assert_ne!(infos[2].gaz_seq & 0xffff, 0, "الأمم المتحدة should match through للأمم");
    }

    #[test]
    fn quoted_and_parenthesized_spans_are_marked() {
        let g = Gazetteer::builtin();
        let c = ClusterTable::default();
        let res = Resources { gazetteer: &g, clusters: &c };
        let mut scratch = Scratch::default();
        let toks =
            ["برنامج", "«", "الناس", "وأنا", "»", "على", "'", "'", "اوربت", "'", "'", "(", "فرنسا", ")", "«", "x"];
        analyze_sentence(&toks, &res, &mut scratch);
        let encl: Vec<u8> = scratch.infos.iter().map(|i| i.encl).collect();
        assert_eq!(encl[2], ENCL_IN | (1 << 2) | 1, "first of a two-token quote");
        assert_eq!(encl[3], ENCL_IN | (1 << 2) | 3, "last of it");
        assert_eq!(scratch.infos[2].encl_prev, hash_str("برنامج"));
        assert_eq!(encl[8], ENCL_IN | (2 << 2), "single token between doubled straight quotes");
        assert_eq!(encl[12], ENCL_IN | (3 << 2), "parenthesized");
        assert_eq!(encl[15], 0, "an unclosed quote marks nothing");
        assert!([0, 1, 4, 5, 6, 7, 9, 10, 11, 13, 14].iter().all(|&i| encl[i] == 0));
    }
}
