//! A folder of bad inputs: every good document is written, every bad one is a failures row
//! with a clear reason, and the run exits 0.

use std::collections::BTreeMap;

use crate::common::run;

const ARABIC: &str = "أعلنت قوات سوريا الديمقراطية السيطرة على بلدة الباغوز في ريف دير الزور الشرقي";

#[test]
fn bad_inputs_are_recorded_and_good_ones_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write_bad_inputs(&input);

    let out = dir.path().join("out");
    let output = run(&input, &out, 2);
    assert!(output.status.success());

    let docs = khabar_testkit::rows(&out, "documents");
    let by_path: BTreeMap<&str, &BTreeMap<String, String>> =
        docs.iter().map(|d| (d["source_path"].as_str(), d)).collect();
    assert_eq!(by_path.keys().copied().collect::<Vec<_>>(), ["feed.jsonl", "good.txt", "legacy_1256.txt", "utf16.txt"]);
    assert_eq!(docs.iter().filter(|d| d["source_path"] == "feed.jsonl").count(), 2, "lines 1 and 3 of the JSONL");
    assert_eq!(by_path["legacy_1256.txt"]["encoding"], "windows-1256");
    assert!(by_path["legacy_1256.txt"]["text"].contains("بترميز قديم"));
    assert_eq!(by_path["utf16.txt"]["encoding"], "UTF-16LE");
    assert!(by_path["utf16.txt"]["text"].contains("UTF-16"));

    let failures = khabar_testkit::rows(&out, "failures");
    let found: Vec<(&str, &str, &str)> =
        failures.iter().map(|f| (f["source_path"].as_str(), f["line"].as_str(), f["code"].as_str())).collect();
    assert_eq!(
        found,
        [
            ("binary.txt", "∅", "ING003"),
            ("empty.txt", "∅", "ING004"),
            ("feed.jsonl", "2", "ING005"),
            ("invalid_utf8.txt", "∅", "ING002")
        ]
    );
    for f in &failures {
        assert_eq!(f["severity"], "error");
        assert!(f["message"].len() > 10, "a clear reason: {f:?}");
    }
    assert!(failures.iter().any(|f| f["message"].contains("invalid UTF-8 at byte 3")));

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
    let counts = &manifest["counts"];
    assert_eq!(counts["inputs"], 9);
    assert_eq!(counts["documents"], 5);
    assert_eq!(counts["failed_inputs"], 4);
    assert_eq!(
        counts["inputs"].as_u64(),
        Some(
            counts["documents"].as_u64().expect("n")
                + counts["duplicates"].as_u64().expect("n")
                + counts["failed_inputs"].as_u64().expect("n")
        )
    );
    assert_eq!(manifest["skipped"][0]["path"], "notes.md");
}

/// JSON Lines in other encodings: a gzipped file saved as UTF-16 (Windows PowerShell's
/// default), a file with one windows-1256 line among UTF-8 ones, and a UTF-16 file that turns
/// malformed on its third line: every readable line is a document that names its encoding;
/// the malformed line is one ING002 row at that line.
#[test]
fn jsonl_in_utf16_and_with_a_legacy_line() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let line = |n: &str| format!("{{\"id\": \"{n}\", \"text\": \"{ARABIC} {n}.\"}}");
    let utf16 = |text: &str| {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&utf16(&format!("{}\r\n{}\r\n", line("الأول"), line("الثاني")))).expect("gzip");
    std::fs::write(input.join("powershell.jsonl.gz"), gz.finish().expect("gzip")).expect("write");
    let mut mixed = format!("{}\n", line("الثالث")).into_bytes();
    mixed.extend(windows_1256::encode(&line("الرابع")));
    std::fs::write(input.join("mixed.jsonl"), mixed).expect("write");
    let mut broken = utf16(&format!("{}\n{}\n", line("الخامس"), line("السادس")));
    broken.extend([0x00, 0xDC, b'{', 0x00]); // a low surrogate alone
    std::fs::write(input.join("broken.jsonl"), broken).expect("write");

    let out = dir.path().join("out");
    assert!(run(&input, &out, 2).status.success());
    let docs = khabar_testkit::rows(&out, "documents");
    let found: BTreeMap<&str, (&str, &str)> =
        docs.iter().map(|d| (d["source_id"].as_str(), (d["source_path"].as_str(), d["encoding"].as_str()))).collect();
    let want = BTreeMap::from([
        ("الأول", ("powershell.jsonl.gz", "UTF-16LE")),
        ("الثاني", ("powershell.jsonl.gz", "UTF-16LE")),
        ("الثالث", ("mixed.jsonl", "UTF-8")),
        ("الرابع", ("mixed.jsonl", "windows-1256")),
        ("الخامس", ("broken.jsonl", "UTF-16LE")),
        ("السادس", ("broken.jsonl", "UTF-16LE")),
    ]);
    assert_eq!(found, want);
    assert!(docs.iter().all(|d| d["text"].starts_with(ARABIC)), "decoded, not mangled");
    let failures = khabar_testkit::rows(&out, "failures");
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!((failures[0]["source_path"].as_str(), failures[0]["line"].as_str()), ("broken.jsonl", "3"));
    assert_eq!(failures[0]["code"], "ING002");
    assert!(failures[0]["message"].starts_with("malformed UTF-16LE at byte "), "{}", failures[0]["message"]);
}

/// Writes the folder of bad inputs (and some good ones) into `input`.
pub(crate) fn write_bad_inputs(input: &std::path::Path) {
    std::fs::create_dir_all(input).expect("mkdir");
    let write = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).expect("write");
    write("good.txt", format!("عنوان\n\n{ARABIC}.").as_bytes());
    write("invalid_utf8.txt", b"caf\xe9 cr\xe8me br\xfbl\xe9e with plain latin words that are not arabic at all");
    write("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    write("empty.txt", b"");
    let jsonl = format!(
        "{{\"id\": \"a1\", \"text\": \"{ARABIC} الأول.\", \"published\": \"2019-03-23\"}}\n{{\"id\": \"a2\", \"text\": oops}}\n{{\"id\": \"a3\", \"text\": \"{ARABIC} الثالث.\"}}\n"
    );
    write("feed.jsonl", jsonl.as_bytes());
    let cp1256 = windows_1256::encode(&format!("ويندوز\n\n{ARABIC} بترميز قديم."));
    write("legacy_1256.txt", &cp1256);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(format!("يونيكود\n\n{ARABIC} بترميز UTF-16.").encode_utf16().flat_map(u16::to_le_bytes));
    write("utf16.txt", &utf16);
    write("notes.md", b"not an input format");
}

/// Tiny windows-1256 encoder for the letters the test uses, written from the code page
/// table, so the test does not reuse the decoder it checks.
mod windows_1256 {
    pub(super) fn encode(s: &str) -> Vec<u8> {
        let table: &[(char, u8)] = &[
            ('ء', 0xC1),
            ('آ', 0xC2),
            ('أ', 0xC3),
            ('ؤ', 0xC4),
            ('إ', 0xC5),
            ('ئ', 0xC6),
            ('ا', 0xC7),
            ('ب', 0xC8),
            ('ة', 0xC9),
            ('ت', 0xCA),
            ('ث', 0xCB),
            ('ج', 0xCC),
            ('ح', 0xCD),
            ('خ', 0xCE),
            ('د', 0xCF),
            ('ذ', 0xD0),
            ('ر', 0xD1),
            ('ز', 0xD2),
            ('س', 0xD3),
            ('ش', 0xD4),
            ('ص', 0xD5),
            ('ض', 0xD6),
            ('ط', 0xD8),
            ('ظ', 0xD9),
            ('ع', 0xDA),
            ('غ', 0xDB),
            ('ف', 0xDD),
            ('ق', 0xDE),
            ('ك', 0xDF),
            ('ل', 0xE1),
            ('م', 0xE3),
            ('ن', 0xE4),
            ('ه', 0xE5),
            ('و', 0xE6),
            ('ى', 0xEC),
            ('ي', 0xED),
        ];
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    table.iter().find(|(t, _)| *t == c).unwrap_or_else(|| panic!("no windows-1256 byte for {c}")).1
                }
            })
            .collect()
    }
}
