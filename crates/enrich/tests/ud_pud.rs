//! Sentence boundaries on UD Arabic-PUD (`../shared/external/ud_arabic`): every 10
//! consecutive gold sentences are joined with a space into one paragraph, the splitter runs on
//! each paragraph, and the boundaries it recovers are scored against the gold ones.
//!
//! Run: `cargo test -p khabar-enrich --test ud_pud -- --nocapture` (prints P/R/F1).

mod common;

use khabar_enrich::SentenceSplitter;

fn paragraphs() -> Vec<Vec<String>> {
    let path = common::shared().join("external/ud_arabic/ar_pud-ud-test.conllu");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sentences: Vec<String> =
        text.lines().filter_map(|l| l.strip_prefix("# text = ")).map(|s| s.trim().to_owned()).collect();
    assert_eq!(sentences.len(), 1000, "the PUD test set has 1000 sentences");
    sentences.chunks(10).map(<[String]>::to_vec).collect()
}

#[test]
fn pud_boundary_f1() {
    let splitter = SentenceSplitter::new();
    let (mut tp, mut predicted, mut gold) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for group in paragraphs() {
        let paragraph = group.join(" ");
        // Gold boundaries: byte offsets where each sentence but the last ends.
        let mut ends = Vec::new();
        let mut at = 0;
        for s in &group[..group.len() - 1] {
            at += s.len();
            ends.push(at);
            at += 1;
        }
        let spans = splitter.split(&paragraph);
        let found: Vec<usize> = spans[..spans.len().saturating_sub(1)].iter().map(|s| s.end).collect();
        gold += ends.len();
        predicted += found.len();
        for f in &found {
            if ends.contains(f) {
                tp += 1;
            } else if misses.len() < 10 {
                misses.push(format!("extra: …{}|{}…", tail(&paragraph[..*f], 30), head(&paragraph[*f..], 30)));
            }
        }
        for e in &ends {
            if !found.contains(e) && misses.len() < 20 {
                misses.push(format!("missed: …{}|{}…", tail(&paragraph[..*e], 30), head(&paragraph[*e..], 30)));
            }
        }
    }
    let p = tp as f64 / predicted.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(1e-9);
    for m in &misses {
        eprintln!("{m}");
    }
    eprintln!(
        "UD Arabic-PUD sentence boundaries: P {p:.3} R {r:.3} F1 {f1:.3} ({tp} of {gold} gold, {predicted} predicted)"
    );
    assert!(f1 >= 0.97, "boundary F1 {f1:.3} below 0.97");
}

fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
