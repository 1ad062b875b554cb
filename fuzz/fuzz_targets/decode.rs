//! Encoding detection and decoding (`khabar_ingest::decode`) on arbitrary bytes, legacy
//! detection on or off (the first byte).
//!
//! Asserts: decoded text is never blank; UTF-8 bytes without BOM decode to themselves; a BOM
//! decodes its body losslessly (UTF-16 re-encodes to the same bytes); a legacy Arabic code
//! page is tried only when allowed and re-encodes to the input bytes; errors say why.
#![no_main]

use encoding_rs::{Encoding, UTF_8};
use khabar_core::FailureCode;
use khabar_fuzz::split_flags;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (flags, data) = split_flags(data);
    let detect_legacy = flags & 1 == 1;
    let result = khabar_ingest::decode(data, detect_legacy);
    match result {
        Ok(decoded) => {
            assert!(!decoded.text.trim().is_empty(), "decoded text is not blank");
            let encoding = Encoding::for_label(decoded.encoding.as_bytes()).expect("a known encoding");
            match Encoding::for_bom(data) {
                Some((bom, len)) => {
                    assert_eq!(bom, encoding, "the BOM decides");
                    let body = &data[len..];
                    if encoding == UTF_8 {
                        assert_eq!(decoded.text.as_bytes(), body);
                    } else {
                        let le = encoding.name() == "UTF-16LE";
                        let units: Vec<u8> = decoded
                            .text
                            .encode_utf16()
                            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                            .collect();
                        assert_eq!(units, body, "UTF-16 decoded losslessly");
                    }
                }
                None if encoding == UTF_8 => {
                    assert_eq!(decoded.text.as_bytes(), data, "UTF-8 is taken as is");
                }
                None => {
                    assert!(detect_legacy, "{} guessed with detection off", encoding.name());
                    assert!(matches!(encoding.name(), "windows-1256" | "ISO-8859-6"), "{}", encoding.name());
                    let (bytes, _, unmappable) = encoding.encode(&decoded.text);
                    assert!(!unmappable);
                    assert_eq!(&*bytes, data, "a legacy page re-encodes to its bytes");
                }
            }
            assert!(!decoded.text.contains('\0') || Encoding::for_bom(data).is_some(), "NUL means binary");
        }
        Err((code, message)) => {
            assert!(!message.is_empty());
            assert!(matches!(
                code,
                FailureCode::UndecodableText | FailureCode::BinaryFile | FailureCode::EmptyDocument
            ));
            if let Ok(text) = std::str::from_utf8(data)
                && Encoding::for_bom(data).is_none()
                && !text.contains('\0')
                && !text.trim().is_empty()
            {
                assert_eq!(code, FailureCode::BinaryFile, "valid UTF-8 is refused only as binary: {message}");
            }
        }
    }
});
