//! The normalize stage: turns decoded text into the frozen text every offset points into.
//!
//! ## Place in the pipeline
//!
//! `RawDocument` (ingest) → [`Normalizer::run`] → `NormalizedDocument` (enrich). After this
//! stage the text never changes again.
//!
//! ## What it does, in order
//!
//! 1. Line breaks ([`steps::linebreaks`]): `\r\n`, `\r`, U+2028/U+2029 → `\n`. Lossless.
//! 2. Forms ([`steps::forms`]): presentation forms → base letters (lossless for meaning);
//!    Persian/Urdu letter codes → Arabic (lossy); separator and fullwidth punctuation → ASCII.
//! 3. Characters ([`steps::chars`]): Unicode spaces (NBSP, thin space...) → space;
//!    tatweel, zero-width and bidi controls removed; Arabic-Indic digits → ASCII
//!    (configurable). Lossy for typography and digit script only. After forms, whose
//!    expansions can yield tatweel and spaces (ﹱ → ـً).
//! 4. Unicode form ([`steps::unicode`]): NFC (default, lossless) or NFKC (lossy), after the
//!    removals, since removing a character between two marks can leave them out of order.
//! 5. Lines ([`steps::lines`]): each line trimmed and its space runs collapsed; page chrome lines
//!    dropped; everything from a comment-section marker on cut; a title repeated as the next
//!    line collapsed; paragraphs kept apart by one blank line. Lossy (dropped lines are gone).
//!
//! Steps 1–3 run fused, in one pass over the decoded text ([`steps::fused`]); each step's own
//! `apply` is kept as its reference.
//!
//! Every step keeps, for each char, the raw char it came from, so the output carries an offset
//! map back to the decoded text. The reference steps hold a vector of chars and a vector of
//! origins ([`steps::aligned`]); the stage itself runs on UTF-8 text whose origins are kept as
//! the offset map ([`steps::traced`]), except the Unicode step when a text has marks to compose
//! or reorder. A property test checks that both give the same text, offset map and count of
//! dropped lines.
//!
//! ## Non-goals
//!
//! Letter folding (أ إ آ → ا, ى → ي, ة → ه, diacritics) is for matching only and is never
//! written into the text: see `khabar_core::text`.
#![warn(missing_docs)]

pub mod steps;

use khabar_core::{DocFailure, FailureCode, NormalizedDocument, RawDocument, Stage};
use serde::{Deserialize, Serialize};

/// Name of this stage in failure rows.
pub const STAGE: &str = "normalize";

/// Unicode normalization form applied to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnicodeForm {
    /// Canonical composition: lossless.
    Nfc,
    /// Compatibility composition: also maps presentation forms and ligatures; lossy.
    Nfkc,
    /// Leave as decoded.
    None,
}

/// What to do with Arabic-Indic (٠١٢) and Extended Arabic-Indic (۰۱۲) digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// Write them as ASCII 0-9 (lossy but what analysts filter on).
    Ascii,
    /// Keep them as written.
    Keep,
}

/// What to do with a document whose text is not Arabic (see [`Config::non_arabic_below`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NonArabic {
    /// Keep it as any other text.
    Keep,
    /// Keep it, with a warning row (`NRM002 not-arabic`) in `failures`.
    Flag,
    /// Leave it out of the dataset, with an error row (`NRM002 not-arabic`) in `failures`.
    Skip,
}

/// Settings of the `[normalize]` section of `pipeline.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Config {
    /// Unicode normalization form.
    pub unicode: UnicodeForm,
    /// Digit handling.
    pub digits: Digits,
    /// Remove tatweel (ـ), a purely typographic stretch.
    pub remove_tatweel: bool,
    /// Arabic presentation forms (ﻻ ﺑ) → base letters.
    pub presentation_forms: bool,
    /// Persian/Urdu letter codes (ک ی ۀ) → Arabic letters (ك ي ة).
    pub persian_letters: bool,
    /// Arabic decimal/thousands separators and fullwidth punctuation → ASCII.
    pub punctuation: bool,
    /// Lines dropped wherever they occur, compared after trimming and letter folding.
    pub chrome_lines: Vec<String>,
    /// A line starting with one of these (after folding) starts a comment section or footer:
    /// it and everything after it are cut.
    pub cut_from: Vec<String>,
    /// Drop the second of two identical first lines (a title repeated as the first body line).
    pub collapse_repeated_title: bool,
    /// Drop a closing signature line: at most three words, no digits or sentence punctuation,
    /// after a line that ends a sentence, in a document of three lines or more ("العرب").
    pub drop_trailing_signature: bool,
    /// What to do with a text that is not Arabic.
    pub non_arabic: NonArabic,
    /// A text is not Arabic when fewer than this percent of its letters are Arabic letters
    /// (a text with no letter at all is not Arabic either). 0 to 100.
    pub non_arabic_below: u8,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            unicode: UnicodeForm::Nfc,
            digits: Digits::Ascii,
            remove_tatweel: true,
            presentation_forms: true,
            persian_letters: true,
            punctuation: true,
            chrome_lines: [
                "اظهر المزيد",
                "زر الذهاب إلى الأعلى",
                "news-details",
                "أخبار ذات صلة",
                "إضافة تعقيب",
                "المزيد..",
                "المزيد",
                "اقرأ أيضا",
                "شارك هذا المقال",
                "شارك",
                "طباعة",
            ]
            .map(str::to_owned)
            .to_vec(),
            cut_from: [
                "One thought on",
                "thoughts on",
                "اترك تعليقاً",
                "اترك تعليقا",
                "لن يتم نشر عنوان بريدك الإلكتروني",
                "أضف تعليقاً",
            ]
            .map(str::to_owned)
            .to_vec(),
            collapse_repeated_title: true,
            drop_trailing_signature: true,
            non_arabic: NonArabic::Keep,
            non_arabic_below: 20,
        }
    }
}

/// A bad `[normalize]` setting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A chrome or cut-from entry is blank once folded, so it would match every empty line.
    #[error("normalize.{list} entry {index} is blank")]
    BlankEntry {
        /// Which list.
        list: &'static str,
        /// 0-based position.
        index: usize,
    },
    /// `non-arabic-below` is a percent.
    #[error("normalize.non-arabic-below is {0}, not a percent from 0 to 100")]
    NotAPercent(u8),
}

/// Why `text` is not Arabic, if it is not: fewer than `below` percent of its letters are
/// Arabic letters, or it has no letter at all.
#[must_use]
pub fn not_arabic(text: &str, below: u8) -> Option<String> {
    let (mut letters, mut arabic) = (0_u64, 0_u64);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        arabic += u64::from(khabar_core::text::is_arabic_letter(c));
    }
    if letters == 0 {
        return Some("not Arabic: the text has no letters".to_owned());
    }
    (arabic * 100 < letters * u64::from(below)).then(|| {
        format!(
            "not Arabic: {arabic} of its {letters} letters are Arabic ({:.1}%), under normalize.non-arabic-below = {below}%",
            100.0 * arabic as f64 / letters as f64
        )
    })
}

/// The normalize stage, built once and run on any thread.
#[derive(Debug, Clone)]
pub struct Normalizer {
    config: Config,
    lines: steps::lines::LineCleaner,
    chars: steps::fused::CharSteps,
}

impl Normalizer {
    /// Builds the stage, checking the settings.
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        if config.non_arabic_below > 100 {
            return Err(ConfigError::NotAPercent(config.non_arabic_below));
        }
        let lines = steps::lines::LineCleaner::new(config)?;
        Ok(Self { config: config.clone(), lines, chars: steps::fused::CharSteps::new(config) })
    }

    fn char_steps(&self, s: &str) -> steps::aligned::Aligned {
        steps::unicode::apply(self.chars.apply(s), self.config.unicode)
    }

    /// Normalizes a string with the character-level steps only (no line rules): used for
    /// titles, and for anything a user wants matched against `documents.text`.
    #[must_use]
    pub fn normalize_inline(&self, s: &str) -> String {
        steps::lines::collapse_spaces(self.char_steps(s).text().trim())
    }

    /// Normalizes the text of one document; returns it with its trace to the input text
    /// (see [`steps::aligned::Aligned::offset_map`]) and the number of lines dropped.
    #[must_use]
    pub fn normalize_aligned(&self, s: &str) -> (steps::aligned::Aligned, u32) {
        self.lines.apply(&self.char_steps(s))
    }

    /// Normalizes the text of one document: its text, its offset map to `s` (as
    /// [`steps::aligned::Aligned::offset_map`] writes it) and the number of lines dropped. The
    /// same result as [`Normalizer::normalize_aligned`], built without a vector of chars (see
    /// [`steps::traced`]).
    #[must_use]
    pub fn normalize_traced(&self, s: &str) -> (String, Vec<(u32, u32)>, u32) {
        let (mut chars, plainly_nfc) = self.chars.apply_traced(s);
        let form = self.config.unicode;
        let unchanged =
            (plainly_nfc && form == UnicodeForm::Nfc) || steps::unicode::unchanged_str(chars.as_str(), form);
        if !unchanged {
            // Marks to compose or reorder (seldom in news): the lines that hold them are
            // normalized as vectors of chars, the others copied.
            chars = steps::unicode::apply_traced(&chars, form);
        }
        let (out, removed) = self.lines.apply_traced(&chars);
        let (text, map) = out.into_parts();
        (text, map, removed)
    }

    /// Normalizes the text of one document.
    #[must_use]
    pub fn normalize_text(&self, s: &str) -> (String, u32) {
        let (text, _, removed) = self.normalize_traced(s);
        (text, removed)
    }
}

impl Stage for Normalizer {
    const NAME: &'static str = STAGE;
    type Input = RawDocument;
    type Output = NormalizedDocument;

    fn run(&self, raw: &RawDocument) -> Result<NormalizedDocument, DocFailure> {
        let (text, offset_map, removed_lines) = self.normalize_traced(&raw.text);
        if text.is_empty() {
            let message = format!("no text left after removing {removed_lines} chrome lines");
            return Err(DocFailure::error(STAGE, &raw.meta.source_path, FailureCode::EmptyAfterNormalization, message)
                .with_doc_id(raw.meta.doc_id));
        }
        let title = if raw.title_from_first_line {
            text.lines().next().map(str::to_owned)
        } else {
            raw.title.as_deref().map(|t| self.normalize_inline(t)).filter(|t| !t.is_empty())
        };
        let mut issues = raw.issues.clone();
        for issue in &mut issues {
            issue.doc_id.get_or_insert(raw.meta.doc_id);
        }
        if self.config.non_arabic != NonArabic::Keep {
            if let Some(why) = not_arabic(&text, self.config.non_arabic_below) {
                let mut failure = DocFailure::error(STAGE, &raw.meta.source_path, FailureCode::NotArabic, why)
                    .with_doc_id(raw.meta.doc_id);
                failure.line = raw.meta.source_line;
                if self.config.non_arabic == NonArabic::Skip {
                    return Err(failure);
                }
                issues.push(failure.as_warning());
            }
        }
        Ok(NormalizedDocument {
            meta: raw.meta.clone(),
            title,
            text,
            raw_text: raw.text.clone(),
            offset_map,
            removed_lines,
            issues,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_core::Severity;

    fn normalize(text: &str) -> String {
        Normalizer::new(&Config::default()).expect("default config").normalize_text(text).0
    }

    fn run_with(non_arabic: NonArabic, text: &str) -> Result<NormalizedDocument, DocFailure> {
        let config = Config { non_arabic, ..Config::default() };
        Normalizer::new(&config).expect("config").run(&RawDocument::from_text(text.to_owned(), "a.txt", "UTF-8"))
    }

    #[test]
    fn a_text_is_arabic_from_a_fifth_of_its_letters() {
        // 5 Arabic letters of 25 (20%): Arabic; 5 of 26: not.
        assert_eq!(not_arabic("سوريا: Syria, a land of old ports", 20), None);
        let why = not_arabic("سوريا: Syria, a land of old ports.x", 20).expect("not Arabic");
        assert_eq!(why, "not Arabic: 5 of its 26 letters are Arabic (19.2%), under normalize.non-arabic-below = 20%");
        assert!(not_arabic("北京是中国的首都", 20).is_some(), "Chinese");
        assert_eq!(not_arabic("12 + 7 = 19 ☺ ¶", 20).as_deref(), Some("not Arabic: the text has no letters"));
        assert_eq!(not_arabic("北京", 0), None, "0 keeps any text with letters");
        assert!(not_arabic("سوريا", 100).is_none() && not_arabic("سوريا x", 100).is_some());
    }

    #[test]
    fn non_arabic_text_is_kept_flagged_or_skipped_as_configured() {
        let english = "Title\n\nThe Syrian Democratic Forces said on Monday they had taken Baghouz.";
        let kept = run_with(NonArabic::Keep, english).expect("kept");
        assert_eq!(kept.text, english, "kept as written");
        assert!(kept.issues.is_empty());

        let flagged = run_with(NonArabic::Flag, english).expect("flagged is kept");
        assert_eq!(flagged.text, kept.text, "flagging changes nothing in the text");
        let [issue] = flagged.issues.as_slice() else { panic!("one warning: {:?}", flagged.issues) };
        assert_eq!(
            (issue.code, issue.severity, issue.doc_id),
            (FailureCode::NotArabic, Severity::Warning, Some(kept.meta.doc_id))
        );
        assert!(issue.message.starts_with("not Arabic: 0 of its "), "{}", issue.message);

        let skipped = run_with(NonArabic::Skip, english).expect_err("skipped");
        assert_eq!((skipped.code, skipped.severity, skipped.stage), (FailureCode::NotArabic, Severity::Error, STAGE));

        let arabic = "سيطرت قوات سوريا الديمقراطية على الباغوز (Baghouz) يوم الاثنين.";
        for how in [NonArabic::Flag, NonArabic::Skip] {
            assert!(run_with(how, arabic).expect("Arabic is kept").issues.is_empty());
        }
    }

    #[test]
    fn normalizing_twice_drops_no_second_signature() {
        // Found by the normalize fuzz target (crash-bcaa932f): the first pass dropped the last
        // line as a signature after "- أدوان ية)", which a second pass then dropped too.
        let raw = "هزم\u{7}\u{7}وي - (المغرب)\n- في كل\u{7}\t\u{b}ية\u{0})\n- أدوان\u{7}\t\u{b}ية\u{0})\n- أدوانا ";
        let once = normalize(raw);
        assert_eq!(once.lines().count(), 4, "{once:?}");
        assert_eq!(normalize(&once), once);
    }

    #[test]
    fn a_percent_over_100_is_refused() {
        let config = Config { non_arabic_below: 101, ..Config::default() };
        assert!(matches!(Normalizer::new(&config), Err(ConfigError::NotAPercent(101))));
    }

    #[test]
    fn nbsp_inside_a_name_becomes_a_space() {
        assert_eq!(normalize("الرئيس السوري بشار\u{a0}الأسد،\u{a0}باستعادة"), "الرئيس السوري بشار الأسد، باستعادة");
    }

    #[test]
    fn chrome_lines_and_comment_sections_go() {
        let text = "news-details\n\nالعنوان\n\nنص الخبر.\n\u{a0}\nأخبار ذات صلة\n\nOne thought on “العنوان”\n\nاترك تعليقاً\nنص التعليق";
        assert_eq!(normalize(text), "العنوان\n\nنص الخبر.");
    }

    #[test]
    fn offset_map_traces_every_char_to_the_raw_text() {
        let raw = "news-details\r\n\r\nبشار\u{a0}الأسد  يقول:  ســوريا ١٤\n\nاظهر المزيد\nنهاية";
        let normalizer = Normalizer::new(&Config::default()).expect("config");
        let (aligned, _) = normalizer.normalize_aligned(raw);
        let text = aligned.text();
        assert_eq!(text, "بشار الأسد يقول: سوريا 14\n\nنهاية");
        let map = aligned.offset_map();
        let raw_chars: Vec<char> = raw.chars().collect();
        // Letters map to the same letter in the raw text.
        for (i, c) in text.chars().enumerate() {
            let r = steps::aligned::raw_offset(&map, i as u32).expect("mapped") as usize;
            if c.is_alphabetic() {
                assert_eq!(raw_chars[r], c, "char {i}");
            }
        }
        // "نهاية" is found after the dropped chrome line.
        let at = text.chars().count() - 5;
        let r = steps::aligned::raw_offset(&map, at as u32).expect("mapped") as usize;
        assert_eq!(raw_chars[r..r + 5].iter().collect::<String>(), "نهاية");
    }

    #[test]
    fn repeated_title_collapses() {
        let text = "حلم خلافة داعش ينتهي\n\nحلم خلافة داعش ينتهي\n\nتحتفل قوات";
        assert_eq!(normalize(text), "حلم خلافة داعش ينتهي\n\nتحتفل قوات");
    }

    #[test]
    fn title_from_first_line_skips_chrome() {
        let normalizer = Normalizer::new(&Config::default()).expect("config");
        let raw = RawDocument::from_text("news-details\n\nقوات قسد تعلن\n\nنص.".into(), "x.txt", "UTF-8");
        assert_eq!(raw.title.as_deref(), Some("news-details"));
        let doc = normalizer.run(&raw).expect("normalized");
        assert_eq!(doc.title.as_deref(), Some("قوات قسد تعلن"));
        assert_eq!(doc.removed_lines, 1);
    }

    #[test]
    fn all_chrome_is_a_failure() {
        let normalizer = Normalizer::new(&Config::default()).expect("config");
        let raw = RawDocument::from_text("اظهر المزيد\nزر الذهاب إلى الأعلى".into(), "x.txt", "UTF-8");
        let err = normalizer.run(&raw).expect_err("nothing left");
        assert_eq!(err.code, FailureCode::EmptyAfterNormalization);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// The traced steps give what the char-vector steps give: text, offset map, lines
        /// dropped. Lines are drawn from pieces that trigger every rule (chrome, comment
        /// sections, repeated titles, signatures, spaces to trim and collapse) and chars that
        /// every step changes (line breaks, presentation forms, Persian letters, digits,
        /// tatweel, controls, marks to reorder or compose).
        #[test]
        fn traced_equals_aligned(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "قوات سوريا", " ", "  ", "\t", "\u{a0}", "\r", "\r\n", "\n", "\n\n", "\u{2028}", "\u{85}",
                        ".", "،", "\"", "”", "العرب", "رويترز", "ســوريا", "١٤", "۲۰", "\u{200f}", "\u{200c}",
                        "\u{FEFB}", "\u{FE8D}", "ک", "ی", "ۀ", "بَ", "ب\u{651}\u{64e}", "\u{627}\u{654}", "e\u{301}",
                        "اظهر المزيد", "أخبار ذات صلة", "اترك تعليقاً", "One thought on", "news-details", "٫", "abc",
                        "😀", "\u{3000}",
                    ]),
                    0..8,
                ),
                0..8,
            ),
            repeat_title in proptest::bool::ANY,
            flags in proptest::array::uniform7(proptest::bool::ANY),
            form in proptest::sample::select(vec![UnicodeForm::Nfc, UnicodeForm::Nfkc, UnicodeForm::None]),
        ) {
            let mut lines: Vec<String> = lines.into_iter().map(|pieces| pieces.concat()).collect();
            if repeat_title && !lines.is_empty() {
                lines.insert(1, lines[0].clone());
            }
            let text = lines.join("\n");
            let config = Config {
                unicode: form,
                digits: if flags[0] { Digits::Ascii } else { Digits::Keep },
                remove_tatweel: flags[1],
                persian_letters: flags[2],
                collapse_repeated_title: flags[3],
                drop_trailing_signature: flags[4],
                presentation_forms: flags[5],
                punctuation: flags[6],
                ..Config::default()
            };
            let normalizer = Normalizer::new(&config).expect("config");
            let (aligned, removed) = normalizer.normalize_aligned(&text);
            proptest::prop_assert_eq!(
                normalizer.normalize_traced(&text),
                (aligned.text(), aligned.offset_map(), removed)
            );
        }

        #[test]
        fn idempotent(text in "\\PC{0,80}(\n\\PC{0,40}){0,4}") {
            let once = normalize(&text);
            proptest::prop_assert_eq!(normalize(&once), once.clone());
        }

        #[test]
        fn idempotent_on_arabic(text in "[\u{0600}-\u{06FF} \u{a0}\u{200c}\u{200f}\n.،]{0,120}") {
            let once = normalize(&text);
            proptest::prop_assert_eq!(normalize(&once), once.clone());
        }
    }
}
