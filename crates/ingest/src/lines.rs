//! Reading lines with a bound on their length, so that one enormous line (a 1 GiB JSON Lines
//! record, a decompression bomb with no newline) never sits in memory whole.

use std::io::{self, BufRead};

/// Appends the rest of the current line (its newline included) to `buf`, at most `limit`
/// bytes of it. Returns the bytes taken and whether the line ended (a newline, or the end of
/// the input); `(0, true)` is the end of the input. When the line did not end, the reader is
/// left inside it.
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(usize, bool)> {
    let mut taken = 0;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok((taken, true));
        }
        let room = limit.saturating_sub(taken);
        if room == 0 {
            return Ok((taken, false));
        }
        let window = &available[..available.len().min(room)];
        let (n, ended) = match memchr::memchr(b'\n', window) {
            Some(i) => (i + 1, true),
            None => (window.len(), false),
        };
        buf.extend_from_slice(&window[..n]);
        reader.consume(n);
        taken += n;
        if ended {
            return Ok((taken, true));
        }
    }
}

/// Skips the rest of the current line, its newline included; returns the bytes skipped.
pub(crate) fn skip_line<R: BufRead + ?Sized>(reader: &mut R) -> io::Result<usize> {
    let mut skipped = 0;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(skipped);
        }
        if let Some(i) = memchr::memchr(b'\n', available) {
            reader.consume(i + 1);
            return Ok(skipped + i + 1);
        }
        let n = available.len();
        reader.consume(n);
        skipped += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tiny buffers, so that lines cross many refills.
    fn reader(text: &'static [u8]) -> io::BufReader<&'static [u8]> {
        io::BufReader::with_capacity(3, text)
    }

    #[test]
    fn lines_are_cut_at_the_limit_and_the_rest_skipped() {
        let mut r = reader(b"short\nmuch longer line\n\nlast");
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).expect("io"), (6, true));
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).expect("io"), (10, false));
        assert_eq!(buf, b"much longe");
        assert_eq!(skip_line(&mut r).expect("io"), 7);
        buf.clear();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).expect("io"), (1, true));
        buf.clear();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).expect("io"), (4, true));
        assert_eq!(buf, b"last");
        buf.clear();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).expect("io"), (0, true));
    }

    proptest::proptest! {
        /// Lines within the limit read as `read_until` reads them.
        #[test]
        fn within_the_limit_it_is_read_until(lines in proptest::collection::vec("[a-z]{0,12}", 0..8)) {
            let text = lines.join("\n");
            let mut want = Vec::new();
            let mut plain = io::BufReader::new(text.as_bytes());
            let mut bounded = io::BufReader::with_capacity(2, text.as_bytes());
            loop {
                let mut a = Vec::new();
                let mut b = Vec::new();
                let n = plain.read_until(b'\n', &mut a).expect("io");
                let (m, ended) = read_line_bounded(&mut bounded, &mut b, 100).expect("io");
                proptest::prop_assert!(ended);
                proptest::prop_assert_eq!(n, m);
                proptest::prop_assert_eq!(&a, &b);
                want.push(a);
                if n == 0 {
                    break;
                }
            }
        }
    }
}
