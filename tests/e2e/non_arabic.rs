//! Text that is not Arabic (English, Chinese, symbols) is kept, flagged or skipped as
//! `normalize.non-arabic` says, and never mangled on the way.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::khabar_in;

const ARABIC: &str = "سيطرة قوات سوريا الديمقراطية على الباغوز\n\nأعلنت قوات سوريا الديمقراطية السيطرة على بلدة الباغوز (Baghouz) في ريف دير الزور.";
const ENGLISH: &str =
    "SDF takes Baghouz\n\nThe Syrian Democratic Forces said on Monday they had taken the town of Baghouz.";
const CHINESE: &str = "叙利亚民主力量\n\n叙利亚民主力量星期一表示，他们已经攻占了巴古兹镇。";
const SYMBOLS: &str = "▒▓█ ☃☃ ©®™\n\n0x1F 0x7F ◆◇◆ 12 + 7 = 19 ¶ §";

fn write_inputs(input: &Path) {
    std::fs::create_dir_all(input).expect("input folder");
    for (name, text) in [("ar.txt", ARABIC), ("en.txt", ENGLISH), ("zh.txt", CHINESE), ("symbols.txt", SYMBOLS)] {
        std::fs::write(input.join(name), text).expect("input");
    }
    // Other texts than the files' (the same text would be one document with two sources).
    let lines = ["Raqqa: the coalition says the city is cleared.", "قالت قوات سوريا الديمقراطية إن الرقة تحررت."]
        .map(|t| serde_json::json!({ "text": t }).to_string());
    std::fs::write(input.join("feed.jsonl"), lines.join("\n") + "\n").expect("jsonl");
}

/// Runs with `non-arabic = HOW`; returns the exit code, the documents' texts by source and the
/// failures as (source, line, code, severity).
fn run_with(dir: &Path, how: &str) -> (i32, BTreeMap<String, String>, Vec<[String; 4]>) {
    let config = dir.join(format!("{how}.toml"));
    let toml =
        format!("[run]\ninputs = [{:?}]\n[normalize]\nnon-arabic = {how:?}\n", dir.join("in").to_str().expect("utf-8"));
    std::fs::write(&config, toml).expect("config");
    let out = dir.join(format!("out-{how}"));
    let output =
        khabar_in(dir, &["run", "--config", config.to_str().expect("utf-8"), "--output", out.to_str().expect("utf-8")]);
    let code = output.status.code().expect("an exit code");
    assert!(code == 0 || code == 1, "{how}: {}", String::from_utf8_lossy(&output.stderr));
    let docs = khabar_testkit::rows(&out, "documents")
        .into_iter()
        .map(|d| (format!("{}:{}", d["source_path"], d["source_line"]), d["text"].clone()))
        .collect();
    let failures = khabar_testkit::rows(&out, "failures")
        .into_iter()
        .map(|f| [f["source_path"].clone(), f["line"].clone(), f["code"].clone(), f["severity"].clone()])
        .collect();
    (code, docs, failures)
}

fn failure(path: &str, line: &str, severity: &str) -> [String; 4] {
    [path, line, "NRM002", severity].map(str::to_owned)
}

#[test]
fn non_arabic_text_is_kept_flagged_or_skipped_as_configured() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_inputs(&dir.path().join("in"));
    let all = ["ar.txt:∅", "en.txt:∅", "feed.jsonl:1", "feed.jsonl:2", "symbols.txt:∅", "zh.txt:∅"];

    // keep (the default): every text is a document, exactly as written, and no failure.
    let (code, kept, failures) = run_with(dir.path(), "keep");
    assert_eq!(code, 0);
    assert_eq!(kept.keys().map(String::as_str).collect::<Vec<_>>(), all);
    // Normalized as any text: the fullwidth comma becomes `,` (`punctuation = true`), no more.
    let chinese = CHINESE.replace('，', ",");
    for (source, text) in [("en.txt:∅", ENGLISH), ("zh.txt:∅", chinese.as_str()), ("symbols.txt:∅", SYMBOLS)] {
        assert_eq!(kept[source], text, "{source} is not mangled");
    }
    assert!(failures.is_empty(), "{failures:?}");

    // flag: the same documents, byte for byte, and a warning for each text that is not Arabic.
    let (code, flagged, failures) = run_with(dir.path(), "flag");
    assert_eq!(code, 0);
    assert_eq!(flagged, kept);
    let warnings = [
        failure("en.txt", "∅", "warning"),
        failure("feed.jsonl", "1", "warning"),
        failure("symbols.txt", "∅", "warning"),
        failure("zh.txt", "∅", "warning"),
    ];
    assert_eq!(failures, warnings);

    // skip: the Arabic documents only, and an error for each text left out.
    let (code, skipped, failures) = run_with(dir.path(), "skip");
    assert_eq!(code, 0, "max-failure-ratio is 1.0 by default");
    assert_eq!(skipped.keys().map(String::as_str).collect::<Vec<_>>(), ["ar.txt:∅", "feed.jsonl:2"]);
    assert_eq!(failures, warnings.map(|[p, l, c, _]| [p, l, c, "error".to_owned()]));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out-skip/manifest.json")).expect("manifest"))
            .expect("json");
    assert_eq!(manifest["counts"]["failed_inputs"], 4);
    assert_eq!(manifest["counts"]["inputs"], 6);
}
