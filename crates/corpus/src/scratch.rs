//! Reading back the files a run spills into its unfinished output (near-duplicate sketches,
//! seen document IDs): positioned reads, so that several threads can read one handle.

use std::fs::File;
use std::io;

/// Whether this platform reads a file at an offset through a shared handle; where it cannot,
/// nothing is spilled (memory then grows with the corpus, as it did before spilling).
pub const SPILLS: bool = cfg!(any(unix, windows));

/// Fills `buf` from `file` at `offset`, without moving a cursor.
pub fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let (mut buf, mut offset) = (buf, offset);
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        // Never reached: without positioned reads nothing is spilled (`SPILLS`).
        let _ = (file, buf, offset);
        Err(io::Error::new(io::ErrorKind::Unsupported, "reading a spilled file back needs positioned reads"))
    }
}
