//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy Arabic code pages.
//!
//! ## What it does
//! 1. A BOM decides (UTF-8, UTF-16LE, UTF-16BE); malformed sequences after it are an error.
//! 2. Without BOM, NUL bytes mean binary; valid UTF-8 is taken as is.
//! 3. Otherwise, when allowed, `chardetng` guesses a legacy encoding; only windows-1256 and
//!    ISO-8859-6 are accepted, and only if the result is mostly Arabic letters.
//!
//! ## Why
//! Legacy Arabic sites still serve windows-1256; anything else that is not UTF-8 is far more
//! often a broken file than a real legacy page, and decoding it would invent text.

use encoding_rs::{Encoding, ISO_8859_6, UTF_8, WINDOWS_1256};
use khabar_core::FailureCode;
use khabar_core::text::is_arabic_letter;

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// Name of the encoding it was decoded from.
    pub encoding: &'static str,
}

/// `bytes` as UTF-8 text, checked with SIMD; on failure, std's error, which says where the
/// bytes stop being UTF-8 (the SIMD check only says whether they are).
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| std::str::from_utf8(bytes).expect_err("the SIMD check failed"))
}

/// Decodes a whole file; the error is a failure code and a lowercase message.
pub fn decode(bytes: &[u8], detect_legacy: bool) -> Result<Decoded, (FailureCode, String)> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = encoding.decode_without_bom_handling_and_without_replacement(body).ok_or_else(|| {
            (FailureCode::UndecodableText, format!("malformed {} after its byte order mark", encoding.name()))
        })?;
        return finish(text.into_owned(), encoding);
    }
    decode_unmarked(bytes, detect_legacy)
}

/// [`decode`] without the byte order marks: a JSON Lines line, which is never UTF-16.
pub(crate) fn decode_unmarked(bytes: &[u8], detect_legacy: bool) -> Result<Decoded, (FailureCode, String)> {
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err((
            FailureCode::BinaryFile,
            format!("NUL byte at offset {pos}: binary data, not text (UTF-16 needs a byte order mark)"),
        ));
    }
    match utf8(bytes) {
        Ok(text) => finish(text.to_owned(), UTF_8),
        Err(utf8_error) => {
            let at = utf8_error.valid_up_to();
            let not_utf8 = format!("invalid UTF-8 at byte {at} (0x{:02x})", bytes[at]);
            if !detect_legacy {
                return Err((FailureCode::UndecodableText, not_utf8));
            }
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
            if guess != WINDOWS_1256 && guess != ISO_8859_6 {
                return Err((
                    FailureCode::UndecodableText,
                    format!("{not_utf8}, and not legacy Arabic text (closest guess: {})", guess.name()),
                ));
            }
            let (text, had_errors) = guess.decode_without_bom_handling(bytes);
            let share = arabic_share(&text);
            if had_errors || share < 0.5 {
                return Err((
                    FailureCode::UndecodableText,
                    format!("{not_utf8}; as {} only {:.0}% of its letters are Arabic", guess.name(), share * 100.0),
                ));
            }
            finish(text.into_owned(), guess)
        }
    }
}

fn finish(text: String, encoding: &'static Encoding) -> Result<Decoded, (FailureCode, String)> {
    if text.trim().is_empty() {
        return Err((FailureCode::EmptyDocument, "no text: the file is empty or only whitespace".to_owned()));
    }
    // C0 controls but \t \n \f \r, DEL, and C1 controls (U+0080-U+009F: C2 80-9F in UTF-8).
    let bytes = text.as_bytes();
    // Counted in bytes per block of 255, so the count vectorizes 16 or more bytes at a time; a
    // C1 control starts at one of the (rarer) C2 bytes.
    let c0: usize = bytes
        .chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &b| n + u8::from(matches!(b, 0..=0x08 | 0x0b | 0x0e..=0x1f | 0x7f)));
            usize::from(n)
        })
        .sum();
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
        .count();
    let controls = c0 + c1;
    if controls > 0 && controls * 20 > text.chars().count() {
        return Err((FailureCode::BinaryFile, format!("{controls} control characters: binary data, not text")));
    }
    Ok(Decoded { text, encoding: encoding.name() })
}

/// A UTF-16 stream (its byte order mark already read) as UTF-8, read as it goes: JSON Lines
/// files saved as UTF-16 (Windows PowerShell's default) are split into lines only after this.
/// Malformed UTF-16 (an unpaired surrogate, an odd last byte) is an `InvalidData` error that
/// says where, never a replacement character.
pub(crate) struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    /// Decoded bytes not yet handed out, from `pos`.
    out: Vec<u8>,
    pos: usize,
    /// Bytes of the stream consumed so far, the byte order mark's included.
    offset: u64,
    eof: bool,
    /// Malformed input met after the bytes in `out`: the error once they are read.
    malformed: Option<String>,
}

impl<R: std::io::BufRead> Utf16Reader<R> {
    /// `encoding` is UTF-16LE or UTF-16BE; `inner` starts right after the byte order mark.
    pub(crate) fn new(inner: R, encoding: &'static Encoding) -> Self {
        let decoder = encoding.new_decoder_without_bom_handling();
        Self { inner, decoder, out: Vec::new(), pos: 0, offset: 2, eof: false, malformed: None }
    }
}

impl<R: std::io::BufRead> std::io::BufRead for Utf16Reader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.pos == self.out.len() && !self.eof {
            if let Some(message) = self.malformed.take() {
                self.eof = true;
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, message));
            }
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            // Room for all of `src` and a pending byte or surrogate: never `OutputFull`.
            let room = self.decoder.max_utf8_buffer_length_without_replacement(src.len() + 2).unwrap_or(usize::MAX);
            self.out.clear();
            self.out.resize(room, 0);
            self.pos = 0;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut self.out, last);
            self.out.truncate(written);
            self.inner.consume(read);
            self.offset += read as u64;
            match result {
                encoding_rs::DecoderResult::InputEmpty => self.eof = last,
                encoding_rs::DecoderResult::OutputFull => {}
                // What came before the bad bytes is handed out first.
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    let at = self.offset.saturating_sub(u64::from(bad) + u64::from(after));
                    self.malformed = Some(format!("malformed {} at byte {at}", self.decoder.encoding().name()));
                }
            }
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.out.len());
    }
}

impl<R: std::io::BufRead> std::io::Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::Read::read(&mut std::io::BufRead::fill_buf(self)?, buf)?;
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

/// Share of alphabetic characters that are Arabic letters.
fn arabic_share(text: &str) -> f64 {
    let (mut letters, mut arabic) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        arabic += usize::from(is_arabic_letter(c));
    }
    if letters == 0 { 0.0 } else { arabic as f64 / letters as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "قالت قوات سوريا الديمقراطية إنها سيطرت على الباغوز";

    proptest::proptest! {
        /// The SIMD check accepts what std accepts, and its errors are std's.
        #[test]
        fn utf8_is_std_from_utf8(
            text in "[a-z \u{0600}-\u{06FF}\u{1F600}]{0,60}",
            noise in proptest::collection::vec((0usize..200, proptest::num::u8::ANY), 0..3),
        ) {
            let mut bytes = text.into_bytes();
            for (at, b) in noise {
                let at = at.min(bytes.len());
                bytes.insert(at, b);
            }
            proptest::prop_assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes));
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(ARABIC.as_bytes(), true).expect("utf-8");
        assert_eq!((plain.text.as_str(), plain.encoding), (ARABIC, "UTF-8"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(ARABIC.as_bytes());
        assert_eq!(decode(&bom, true).expect("bom").text, ARABIC);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(ARABIC.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le, true).expect("utf-16le");
        assert_eq!((d.text.as_str(), d.encoding), (ARABIC, "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend(ARABIC.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be, true).expect("utf-16be").text, ARABIC);
    }

    #[test]
    fn windows_1256_arabic() {
        let (bytes, _, _) = WINDOWS_1256.encode(ARABIC);
        let d = decode(&bytes, true).expect("windows-1256");
        assert_eq!((d.text.as_str(), d.encoding), (ARABIC, "windows-1256"));
        let (code, message) = decode(&bytes, false).expect_err("legacy detection off");
        assert_eq!(code, FailureCode::UndecodableText);
        assert!(message.starts_with("invalid UTF-8 at byte 0"), "{message}");
    }

    #[test]
    fn broken_utf8_latin_is_refused() {
        let bytes = b"caf\xE9 au lait, cr\xE8me br\xFBl\xE9e and more plain latin words here";
        let (code, message) = decode(bytes, true).expect_err("not arabic");
        assert_eq!(code, FailureCode::UndecodableText);
        assert!(message.contains("invalid UTF-8 at byte 3 (0xe9)"), "{message}");
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", true).expect_err("png").0, FailureCode::BinaryFile);
        assert_eq!(decode(b"", true).expect_err("empty").0, FailureCode::EmptyDocument);
        assert_eq!(decode(b" \n\t\n", true).expect_err("blank").0, FailureCode::EmptyDocument);
        assert_eq!(decode(b"\x01\x02\x03\x04abc", true).expect_err("controls").0, FailureCode::BinaryFile);
    }
}
