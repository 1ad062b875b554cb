//! WORK, the folder shards write into and the merge reads from.
//!
//! ## Layout
//!
//! ```text
//! WORK/
//!   shard-00000-of-00004/    one folder per finished shard
//!     records.zst            its inputs' results, in order (see crate::shard)
//!     inputs.jsonl           the manifest entry of each file it read
//!     complete.json          the completion marker
//!   .shard-00001-of-00004.tmp/   a shard being written (or killed while writing)
//! ```
//!
//! A shard writes into its `.tmp` folder and renames it into place after its marker, the last
//! file written, is on disk: a shard folder without the dot is complete, whatever was killed
//! when. Shards touch only their own folders, so they may run in any order, at once, on
//! machines sharing WORK over a network filesystem (the rename is atomic on NFS too).

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::shard::FileSum;

/// The marker's file name.
pub const MARKER: &str = "complete.json";
/// The records' file name.
pub const RECORDS: &str = "records.zst";
/// The input entries' file name.
pub const INPUTS: &str = "inputs.jsonl";

/// A shard's completion marker: what it read, with which settings and binary, and the sums of
/// its files. `P` is what the merge needs to know of the run (its settings, the files skipped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker<P> {
    /// khabar's version.
    pub khabar_version: String,
    /// Output schema version.
    pub schema_version: String,
    /// ID scheme.
    pub id_scheme: String,
    /// The run's `config_hash`.
    pub config_hash: String,
    /// This shard.
    pub shard_index: usize,
    /// Shards in all.
    pub num_shards: usize,
    /// SHA-256 of the whole input listing (every path and size, in order, and the files
    /// skipped): every shard of one run saw the same one.
    pub listing_sha256: String,
    /// Input files of this shard.
    pub files: u64,
    /// What the merge needs of the run.
    pub plan: P,
    /// `records.zst`.
    pub records: FileSum,
    /// `inputs.jsonl`.
    pub inputs: FileSum,
    /// SHA-256 of this marker's JSON with this field empty: a marker edited by hand or cut
    /// short does not pass.
    pub checksum: String,
}

impl<P: Serialize> Marker<P> {
    /// The checksum: SHA-256 of the marker as canonical JSON (keys sorted, no spaces), so that
    /// it does not depend on how `P` orders its fields.
    fn sum(&self) -> io::Result<String> {
        let canonical = serde_json::to_value(Checksummed { marker: self })?;
        Ok(khabar_core::id::hex(&Sha256::digest(serde_json::to_vec(&canonical)?)))
    }

    /// Whether this marker describes the same shard of the same run as `other`: everything but
    /// the sums of the files.
    pub fn same_shard(&self, other: &Self) -> bool
    where
        P: PartialEq,
    {
        self.khabar_version == other.khabar_version
            && self.schema_version == other.schema_version
            && self.id_scheme == other.id_scheme
            && self.config_hash == other.config_hash
            && self.shard_index == other.shard_index
            && self.num_shards == other.num_shards
            && self.listing_sha256 == other.listing_sha256
            && self.files == other.files
            && self.plan == other.plan
    }
}

/// The marker as hashed: its checksum field left empty.
struct Checksummed<'a, P> {
    marker: &'a Marker<P>,
}

impl<P: Serialize> Serialize for Checksummed<'_, P> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = self.marker;
        let blank = Marker {
            khabar_version: m.khabar_version.clone(),
            schema_version: m.schema_version.clone(),
            id_scheme: m.id_scheme.clone(),
            config_hash: m.config_hash.clone(),
            shard_index: m.shard_index,
            num_shards: m.num_shards,
            listing_sha256: m.listing_sha256.clone(),
            files: m.files,
            plan: &m.plan,
            records: m.records.clone(),
            inputs: m.inputs.clone(),
            checksum: String::new(),
        };
        blank.serialize(serializer)
    }
}

/// A finished shard's folder name: `shard-IIIII-of-NNNNN`.
#[must_use]
pub fn shard_name(index: usize, count: usize) -> String {
    format!("shard-{index:05}-of-{count:05}")
}

/// The index and count in a finished shard's folder name.
#[must_use]
pub fn parse_shard_name(name: &str) -> Option<(usize, usize)> {
    let (index, count) = name.strip_prefix("shard-")?.split_once("-of-")?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(index) && all_digits(count)).then(|| Some((index.parse().ok()?, count.parse().ok()?)))?
}

/// Reads and checks the marker in `dir`.
pub fn read_marker<P: Serialize + DeserializeOwned>(dir: &Path) -> Result<Marker<P>, String> {
    let path = dir.join(MARKER);
    let text = fs::read(&path).map_err(|e| format!("no readable {MARKER} ({e})"))?;
    let marker: Marker<P> = serde_json::from_slice(&text).map_err(|e| format!("{MARKER} is not a marker ({e})"))?;
    let sum = marker.sum().map_err(|e| e.to_string())?;
    if sum != marker.checksum {
        return Err(format!("{MARKER} was altered (its checksum does not match its content)"));
    }
    Ok(marker)
}

/// Writes `marker` into `dir`, its checksum filled in, and syncs it to disk.
pub fn write_marker<P: Serialize>(dir: &Path, mut marker: Marker<P>) -> io::Result<()> {
    marker.checksum = marker.sum()?;
    let mut out = File::create(dir.join(MARKER))?;
    serde_json::to_writer_pretty(&mut out, &marker)?;
    out.write_all(b"\n")?;
    out.sync_all()
}

/// Size and SHA-256 of a file, read through.
pub fn file_sum(path: &Path) -> io::Result<FileSum> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok(FileSum { bytes, sha256: khabar_core::id::hex(&hasher.finalize()) })
}

/// A shard being written: its `.tmp` folder, and where it goes when complete.
#[derive(Debug)]
pub struct ShardDir {
    tmp: PathBuf,
    done: PathBuf,
}

impl ShardDir {
    /// Where shard `index` of `count` lands in `work`.
    #[must_use]
    pub fn finished_path(work: &Path, index: usize, count: usize) -> PathBuf {
        work.join(shard_name(index, count))
    }

    /// Starts shard `index` of `count` in `work`, clearing what a killed attempt left.
    pub fn begin(work: &Path, index: usize, count: usize) -> io::Result<Self> {
        let name = shard_name(index, count);
        let tmp = work.join(format!(".{name}.tmp"));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        Ok(Self { tmp, done: work.join(name) })
    }

    /// The folder to write into.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes the marker (its checksum filled in), syncs, and moves the folder into place,
    /// replacing a finished shard of other settings.
    pub fn publish<P: Serialize>(self, marker: Marker<P>) -> io::Result<()> {
        write_marker(&self.tmp, marker)?;
        sync_dir(&self.tmp)?;
        if self.done.exists() {
            let old = self.tmp.with_extension("old");
            if old.exists() {
                fs::remove_dir_all(&old)?;
            }
            fs::rename(&self.done, &old)?;
            fs::rename(&self.tmp, &self.done)?;
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&self.tmp, &self.done)?;
        }
        if let Some(work) = self.done.parent() {
            sync_dir(work)?;
        }
        Ok(())
    }
}

/// A shard that failed or was stopped removes its unfinished folder (one killed outright
/// leaves it; the next attempt clears it).
impl Drop for ShardDir {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Why WORK cannot be merged: every problem found, one per line.
#[derive(Debug, thiserror::Error)]
#[error("{} cannot be merged:\n{}", .work.display(), .problems.join("\n"))]
pub struct WorkError {
    /// The folder.
    pub work: PathBuf,
    /// What is wrong, each naming the shards concerned.
    pub problems: Vec<String>,
}

/// The finished shards of `work`, in order, after checking that they are all there, complete
/// and of one run: one shard count, one config, one input listing, and `version` of khabar.
/// The files' sums are checked as they are read.
pub fn open_work<P>(work: &Path, version: &str) -> Result<Vec<(PathBuf, Marker<P>)>, WorkError>
where
    P: Serialize + DeserializeOwned + PartialEq,
{
    let fail = |problems: Vec<String>| WorkError { work: work.to_path_buf(), problems };
    let entries = fs::read_dir(work).map_err(|e| fail(vec![format!("cannot read it: {e}")]))?;
    let mut found: Vec<(usize, usize, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(vec![format!("cannot read it: {e}")]))?;
        if let Some((index, count)) = entry.file_name().to_str().and_then(parse_shard_name) {
            found.push((index, count, entry.path()));
        }
    }
    found.sort();
    let mut problems = Vec::new();
    let mut counts: Vec<usize> = found.iter().map(|f| f.1).collect();
    counts.sort_unstable();
    counts.dedup();
    let count = match counts.as_slice() {
        [] => return Err(fail(vec!["no finished shard in it (folders named shard-IIIII-of-NNNNN)".to_owned()])),
        [n] => *n,
        several => {
            let list: Vec<String> = several.iter().map(|n| format!("{n}")).collect();
            return Err(fail(vec![format!(
                "shards of runs split {} ways: remove the folders of the runs not to merge",
                list.join(", ")
            )]));
        }
    };
    let mut missing = Vec::new();
    let mut next = 0;
    for (index, _, _) in &found {
        missing.extend(next..(*index).min(count));
        next = index + 1;
    }
    missing.extend(next..count);
    if !missing.is_empty() {
        problems.push(format!("missing or unfinished shards of {count}: {}", list(&missing)));
    }
    if let Some((index, _, _)) = found.iter().find(|f| f.0 >= count) {
        problems.push(format!("{}: index outside 0..{count}", shard_name(*index, count)));
    }
    let mut shards = Vec::new();
    for (index, count, path) in found {
        match read_marker::<P>(&path) {
            Err(why) => problems.push(format!("{}: {why}", shard_name(index, count))),
            Ok(m) if m.shard_index != index || m.num_shards != count => problems.push(format!(
                "{}: its marker is for shard {} of {}",
                shard_name(index, count),
                m.shard_index,
                m.num_shards
            )),
            Ok(m) => shards.push((path, m)),
        }
    }
    let name = |m: &Marker<P>| shard_name(m.shard_index, m.num_shards);
    let other_version: Vec<String> = shards
        .iter()
        .filter(|(_, m)| m.khabar_version != version)
        .map(|(_, m)| format!("{} (khabar {})", name(m), m.khabar_version))
        .collect();
    if !other_version.is_empty() {
        problems.push(format!("written by another khabar than this one ({version}): {}", other_version.join(", ")));
    }
    // Against the first shard: the config, the listing and the plan must agree.
    if let Some((_, first)) = shards.first() {
        let mut odd = |what: &str, differs: &dyn Fn(&Marker<P>) -> bool| {
            let names: Vec<String> = shards.iter().filter(|(_, m)| differs(m)).map(|(_, m)| name(m)).collect();
            if !names.is_empty() {
                problems.push(format!("another {what} than {}: {}", name(first), names.join(", ")));
            }
        };
        odd("config (config_hash)", &|m| m.config_hash != first.config_hash);
        odd("input listing (listing_sha256)", &|m| m.listing_sha256 != first.listing_sha256);
        odd("set of run settings", &|m| {
            m.plan != first.plan || m.schema_version != first.schema_version || m.id_scheme != first.id_scheme
        });
    }
    if problems.is_empty() { Ok(shards) } else { Err(fail(problems)) }
}

/// `0, 2-5, 9`.
fn list(indices: &[usize]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < indices.len() {
        let mut j = i;
        while j + 1 < indices.len() && indices[j + 1] == indices[j] + 1 {
            j += 1;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        if j == i {
            let _ = write!(out, "{}", indices[i]);
        } else {
            let _ = write!(out, "{}-{}", indices[i], indices[j]);
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(index: usize, count: usize) -> Marker<String> {
        Marker {
            khabar_version: "1.0.0".into(),
            schema_version: "1".into(),
            id_scheme: "x".into(),
            config_hash: "c".into(),
            shard_index: index,
            num_shards: count,
            listing_sha256: "l".into(),
            files: 1,
            plan: "p".into(),
            records: FileSum { bytes: 0, sha256: String::new() },
            inputs: FileSum { bytes: 0, sha256: String::new() },
            checksum: String::new(),
        }
    }

    fn publish(work: &Path, m: Marker<String>) {
        let dir = ShardDir::begin(work, m.shard_index, m.num_shards).expect("begin");
        dir.publish(m).expect("publish");
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(parse_shard_name(&shard_name(3, 17)), Some((3, 17)));
        assert_eq!(parse_shard_name(".shard-00001-of-00002.tmp"), None);
        assert_eq!(parse_shard_name("shard-1-of-"), None);
        assert_eq!(list(&[0, 2, 3, 4, 5, 9]), "0, 2-5, 9");
    }

    #[test]
    fn a_complete_work_opens_in_order() {
        let work = tempfile::tempdir().expect("tempdir");
        for i in [2, 0, 1] {
            publish(work.path(), marker(i, 3));
        }
        // A killed shard's leftovers are ignored.
        fs::create_dir(work.path().join(".shard-00001-of-00003.tmp")).expect("mkdir");
        let shards = open_work::<String>(work.path(), "1.0.0").expect("open");
        let indices: Vec<usize> = shards.iter().map(|(_, m)| m.shard_index).collect();
        assert_eq!(indices, [0, 1, 2]);
    }

    #[test]
    fn every_problem_is_named() {
        let work = tempfile::tempdir().expect("tempdir");
        publish(work.path(), marker(0, 5));
        publish(work.path(), Marker { config_hash: "other".into(), ..marker(1, 5) });
        publish(work.path(), Marker { khabar_version: "0.9.0".into(), ..marker(4, 5) });
        let err = open_work::<String>(work.path(), "1.0.0").expect_err("incomplete").to_string();
        assert!(err.contains("missing or unfinished shards of 5: 2-3"), "{err}");
        assert!(err.contains("another config (config_hash) than shard-00000-of-00005: shard-00001-of-00005"), "{err}");
        assert!(err.contains("shard-00004-of-00005 (khabar 0.9.0)"), "{err}");

        // A marker edited by hand, or cut short.
        let path = work.path().join(shard_name(0, 5)).join(MARKER);
        let text = fs::read_to_string(&path).expect("read");
        fs::write(&path, text.replace("\"files\": 1", "\"files\": 2")).expect("write");
        let err = open_work::<String>(work.path(), "1.0.0").expect_err("edited").to_string();
        assert!(err.contains("shard-00000-of-00005: complete.json was altered"), "{err}");
        fs::write(&path, &text[..text.len() / 2]).expect("write");
        let err = open_work::<String>(work.path(), "1.0.0").expect_err("cut").to_string();
        assert!(err.contains("shard-00000-of-00005: complete.json is not a marker"), "{err}");
    }

    #[test]
    fn shards_of_two_splits_are_refused() {
        let work = tempfile::tempdir().expect("tempdir");
        publish(work.path(), marker(0, 1));
        publish(work.path(), marker(0, 2));
        let err = open_work::<String>(work.path(), "1.0.0").expect_err("two splits").to_string();
        assert!(err.contains("split 1, 2 ways"), "{err}");
    }
}
