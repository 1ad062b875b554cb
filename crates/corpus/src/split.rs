//! Which input files each shard reads.
//!
//! Files are taken in reading order and cut into `shards` contiguous runs of about equal
//! bytes: file `j` goes to shard `⌊shards × (bytes before j + half of j) / total⌋`. The
//! split depends only on the listing (paths in order, sizes), so every shard computes the same
//! one, each file is in exactly one shard, and shard after shard is the input order, which is
//! what lets the merge give a single run's bytes.

use std::ops::Range;

/// The files of each shard, as ranges of the listing; `sizes` are the files' sizes in order.
#[must_use]
pub fn split(sizes: &[u64], shards: usize) -> Vec<Range<usize>> {
    let shards = shards.max(1);
    let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    let mut first = vec![sizes.len(); shards + 1];
    first[0] = 0;
    let mut before: u128 = 0;
    let mut shard_of = Vec::with_capacity(sizes.len());
    for (j, &size) in sizes.iter().enumerate() {
        let shard = match ((before + u128::from(size) / 2) * shards as u128).checked_div(total) {
            Some(s) => s.min(shards as u128 - 1) as usize,
            None => j * shards / sizes.len(), // nothing but empty files: split them by count
        };
        shard_of.push(shard);
        before += u128::from(size);
    }
    // The first file of each shard (or the end, for a shard with none).
    for s in (1..shards).rev() {
        first[s] = shard_of.partition_point(|&x| x < s);
    }
    (0..shards).map(|s| first[s]..first[s + 1].max(first[s])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every file is in exactly one shard, in order, whatever the sizes.
        #[test]
        fn shards_cover_the_files_in_order(sizes in proptest::collection::vec(0u64..1000, 0..60), shards in 1usize..9) {
            let ranges = split(&sizes, shards);
            proptest::prop_assert_eq!(ranges.len(), shards);
            let mut next = 0;
            for r in &ranges {
                proptest::prop_assert_eq!(r.start, next);
                proptest::prop_assert!(r.end >= r.start);
                next = r.end;
            }
            proptest::prop_assert_eq!(next, sizes.len());
        }
    }

    #[test]
    fn shards_hold_about_equal_bytes() {
        let sizes = [10, 10, 10, 10, 40, 10, 10];
        assert_eq!(split(&sizes, 2), [0..4, 4..7]);
        assert_eq!(split(&sizes, 3), [0..3, 3..5, 5..7]);
        assert_eq!(split(&[0, 0, 0, 0], 2), [0..2, 2..4]);
        assert_eq!(split(&[], 3), [0..0, 0..0, 0..0]);
    }
}
