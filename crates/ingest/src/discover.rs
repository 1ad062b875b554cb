//! Finding input files: files as given, folders walked recursively in sorted order.

use std::path::{Path, PathBuf};

use crate::{Error, Format};

/// One input file and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The input root it was found under, as given.
    pub root: PathBuf,
    /// Path to open.
    pub path: PathBuf,
    /// Path relative to the input root it was found under, `/`-separated.
    pub rel: String,
    /// Its format.
    pub format: Format,
}

/// A file found under an input folder that khabar does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The input root it was found under, as given.
    pub root: PathBuf,
    /// Path relative to its input root.
    pub rel: String,
    /// Why it was skipped.
    pub reason: String,
}

/// Everything found under the inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Files to read, in reading order.
    pub files: Vec<InputFile>,
    /// Files not read, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Lists the input files under `inputs`: a file is taken as is (even with an unknown
/// extension, which is then read as text); a folder is walked recursively, sorted by name,
/// following symbolic links, skipping hidden entries (names starting with `.`). What cannot be
/// walked or read as a file (a symlink loop or a dangling link, a folder without permission, a
/// FIFO, socket or device) is listed in `skipped` with the reason, never an error: it must not
/// stop the run, and a FIFO would block it.
pub fn discover(inputs: &[PathBuf]) -> Result<Discovery, Error> {
    let mut out = Discovery::default();
    for input in inputs {
        if !input.exists() {
            return Err(Error::MissingInput { path: input.display().to_string() });
        }
        if input.is_file() {
            let rel = file_name(input);
            let format = Format::of_name(&rel).unwrap_or(Format::Txt);
            out.files.push(InputFile { root: input.clone(), path: input.clone(), rel, format });
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let Some(path) = e.path() else {
                        return Err(Error::Walk { path: input.display().to_string(), source: e });
                    };
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop".to_owned()
                    } else {
                        format!("cannot be read: {}", e.io_error().map_or_else(|| e.to_string(), ToString::to_string))
                    };
                    out.skipped.push(Skipped { root: input.clone(), rel: relative(path, input), reason });
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            if !kind.is_file() {
                let reason = format!("not a regular file ({})", special_kind(&kind));
                out.skipped.push(Skipped { root: input.clone(), rel: relative(entry.path(), input), reason });
                continue;
            }
            let rel = relative(entry.path(), input);
            if let Some(format) = Format::of_name(&rel) {
                out.files.push(InputFile { root: input.clone(), path: entry.into_path(), rel, format });
            } else {
                let reason = match rel.rsplit_once('.') {
                    Some((_, ext)) if !ext.contains('/') => format!("unsupported extension .{ext}"),
                    _ => "no extension".to_owned(),
                };
                out.skipped.push(Skipped { root: input.clone(), rel, reason });
            }
        }
    }
    Ok(out)
}

/// What a file that is neither a regular file nor a folder is.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_symlink() { "a dangling symbolic link" } else { "a special file" }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_and_lists_unsupported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).expect("mkdir");
        std::fs::create_dir_all(root.join(".git")).expect("mkdir");
        for name in ["z.txt", "a.jsonl", "b/c/d.TXT", "b/readme.md", ".hidden.txt", ".git/x.txt"] {
            std::fs::write(root.join(name), "x").expect("write");
        }
        let found = discover(&[root.to_path_buf()]).expect("discover");
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.jsonl", "b/c/d.TXT", "z.txt"]);
        assert_eq!(
            found.skipped,
            [Skipped {
                root: root.to_path_buf(),
                rel: "b/readme.md".into(),
                reason: "unsupported extension .md".into()
            }]
        );
    }

    /// Links are followed; a loop, a dangling link, a FIFO and an unreadable folder are listed
    /// as skipped, not errors.
    #[cfg(unix)]
    #[test]
    fn special_files_are_skipped_with_the_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("real")).expect("mkdir");
        std::fs::write(root.join("real/a.txt"), "x").expect("write");
        std::os::unix::fs::symlink(root.join("real/a.txt"), root.join("link.txt")).expect("symlink");
        std::os::unix::fs::symlink(root, root.join("real/loop")).expect("symlink");
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).expect("symlink");
        let fifo = std::process::Command::new("mkfifo").arg(root.join("pipe.txt")).status().expect("mkfifo");
        assert!(fifo.success());
        let found = discover(&[root.to_path_buf()]).expect("discover");
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["link.txt", "real/a.txt"]);
        let skipped: Vec<(&str, &str)> = found.skipped.iter().map(|s| (s.rel.as_str(), s.reason.as_str())).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].0 == "dangling.txt" && skipped[0].1.starts_with("cannot be read"), "{skipped:?}");
        assert_eq!(skipped[1], ("pipe.txt", "not a regular file (a FIFO)"));
        assert_eq!(skipped[2], ("real/loop", "symbolic link loop"));
    }

    #[test]
    fn missing_input_is_an_error() {
        let err = discover(&[PathBuf::from("/no/such/khabar/input")]).expect_err("missing");
        assert_eq!(err.to_string(), "input path /no/such/khabar/input does not exist");
    }
}
