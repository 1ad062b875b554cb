//! Microsoft Recognizers-Text Arabic specs as a peer test suite, read at test time from
//! `$KHABAR_SHARED/external/recognizers-text/Specs/{DateTime,Number}/Arabic/*.json`.
//!
//! Run: `KHABAR_SHARED=/work/shared cargo test --test recognizers -- --nocapture`
//! (`KHABAR_VERBOSE=1` lists the failures). Each test prints `PASS RATE <file>` and fails
//! under a floor set just under the rate reached.
//!
//! ## Which cases count
//! Only validated cases: those whose `NotSupported` does not name `dotnet`, and for parsers and
//! models, whose `IgnoreResolution` is not true (the value was never checked upstream). Files
//! that are entirely `NotSupported: dotnet` (`DateTime*`, `Merged*`, `Set*`) are not run.
//!
//! ## How cases are compared
//! - Extractor specs: our matches' spans (in chars) must equal the expected spans exactly,
//!   no more and no fewer (matches with a null value count: the spec checks spans).
//! - Parser specs: a match with the expected span must carry the expected value: the TIMEX
//!   (`2016-01-12`, `XXXX-10-02`, `2015-09`) equals our value; a TIMEX interval
//!   `(start,end,Pn)` equals our `a/b` (our end inclusive; theirs exclusive for a computed
//!   period, the written last day for a written range: either counts); a duration TIMEX
//!   (`PT3H`) equals `parse_duration(surface).iso()`. `ReferenceDateTime` is `published`.
//! - A TIMEX with an unknown year (`XXXX-10-02`) and an `anchored` value of ours (the year taken
//!   from the publication date by the sentence's tense): our value must be the TIMEX in the year
//!   of the spec's `FutureResolution` or of its `PastResolution` (the two readings it allows).
//! - Number/Ordinal models: for each expected integer (subtype `integer`) or ordinal (subtype
//!   `ordinal`, numeric offset), `parse_numeral`/`parse_ordinal_words` of the expected text
//!   must give the value (these are word parsers, not extractors).
//!
//! ## Ruled out (not counted), with the reason
//! - Clock times: `Time*.json` files, and any case whose expected text has a clock time.
//! - A bare day of the month with no month (`سأعود في 15`, `عدت إلى 27`, `عدت للثاني`,
//!   `يوم 27`): in news these are counts and ordinals far more often than dates.
//! - Month-first numeric dates (`4/22`, `9-18-15`, `08/12, 2015`) and two-part dotted
//!   numbers (`4.22`): Arabic news writes day first, and `4.22` is a decimal.
//! - Seasons (`الصيف`, `الربيع`), quarters (`الربع الثالث`), weekends, and holidays not kept
//!   in the Arab world (Thanksgiving, Yuandan, Ash Wednesday...): not part of this extractor.
//! - Number models: fractions, decimals, percentages, relative ordinals (`التالي`, `الأخير`)
//!   and cases expecting no number: the word parsers take one number, not running text.

mod common;

use common::{Json, Tally, parse_json, read_shared};
use khabar_core::CivilDate;
use khabar_enrich::dates::numbers::{parse_numeral, parse_ordinal_words};
use khabar_enrich::dates::relative::parse_duration;
use khabar_enrich::dates::{DateExtractor, DateMatch};

const BASE: &str = "external/recognizers-text/Specs";

fn load(rel: &str) -> Vec<Json> {
    let src = read_shared(&format!("{BASE}/{rel}"));
    match parse_json(&src) {
        Json::Arr(a) => a,
        _ => panic!("{rel}: not an array"),
    }
}

fn not_supported(c: &Json) -> bool {
    c.get("NotSupported").and_then(Json::str).is_some_and(|s| s.to_lowercase().contains("dotnet"))
}

fn unvalidated(c: &Json) -> bool {
    c.get("IgnoreResolution").is_some_and(Json::truthy)
}

fn reference(c: &Json) -> Option<CivilDate> {
    c.get("Context")?.get("ReferenceDateTime")?.str().and_then(CivilDate::parse_iso_prefix)
}

/// `(start, length)` in chars of an expected result.
fn expected_span(r: &Json) -> (usize, usize) {
    let start = r.get("Start").and_then(Json::num).unwrap_or(-1.0) as usize;
    let len = match r.get("Length").and_then(Json::num) {
        Some(l) => l as usize,
        None => (r.get("End").and_then(Json::num).unwrap_or(0.0) as usize + 1).saturating_sub(start),
    };
    (start, len)
}

/// `(start, length)` in chars of one of our matches.
fn our_span(input: &str, m: &DateMatch) -> (usize, usize) {
    (input[..m.start].chars().count(), input[m.start..m.end].chars().count())
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

const MONTHISH: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "الشهر",
    "شهر",
];
const DAYISH: &[&str] =
    &["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "اليوم", "غد", "أمس", "الأسبوع"];
const TIME_OF_DAY: &[&str] =
    &["صباح", "مساء", "ليلة", "الليلة", "الظهر", "ظهرا", "العصر", "فجر", "ساعة", "الساعة", "دقيقة"];
const SEASONS_AND_SUCH: &[&str] =
    &["الصيف", "صيف", "الربيع", "ربيع عام", "الخريف", "الشتاء", "شتاء", "الربع", "عطلة", "نهاية الأسبوع"];
const FOREIGN_HOLIDAYS: &[&str] = &["يواندان", "الشكر", "الأب", "الرماد", "الاستقلال", "الحج"];

/// Which spec a case comes from (rule-outs differ).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spec {
    Date,
    Duration,
    Holiday,
}

/// Why an expected text is ruled out, if it is.
fn ruled_out(text: &str, spec: Spec) -> Option<&'static str> {
    let t = text.trim();
    if t.contains(':') {
        return Some("clock time");
    }
    match spec {
        Spec::Duration => {
            // Whole units only: fractional amounts are not durations of this extractor.
            if t.chars().any(|c| c == '.') || t.contains("نصف") {
                return Some("fractional duration");
            }
            return None;
        }
        Spec::Holiday => {
            if has_any(t, FOREIGN_HOLIDAYS) || has_any(t, SEASONS_AND_SUCH) {
                return Some("season or holiday not kept in the Arab world");
            }
            return None;
        }
        Spec::Date => {}
    }
    if has_any(t, TIME_OF_DAY) {
        return Some("time of day");
    }
    if has_any(t, SEASONS_AND_SUCH) {
        return Some("season, quarter or weekend");
    }
    let digits: Vec<u32> = t.split(|c: char| !c.is_ascii_digit()).filter_map(|s| s.parse().ok()).collect();
    let numeric_only = t.chars().all(|c| c.is_ascii_digit() || "/-., ".contains(c));
    if numeric_only && digits.len() >= 2 {
        if t.contains(',') {
            return Some("month-first numeric date with a comma year");
        }
        if digits.len() == 2 && t.contains('.') {
            return Some("two-part dotted number (a decimal)");
        }
        let first_is_year = t.split(|c: char| !c.is_ascii_digit()).next().is_some_and(|s| s.len() == 4);
        if !first_is_year && digits[0] <= 12 && digits[1] > 12 {
            return Some("month-first numeric date");
        }
    }
    if numeric_only && digits.len() == 1 && digits[0] <= 31 {
        return Some("bare day of the month");
    }
    let has_anchor = has_any(t, MONTHISH) || has_any(t, DAYISH) || t.chars().filter(char::is_ascii_digit).count() >= 4;
    let relative = has_any(t, &["قبل", "بعد", "عام", "سنة", "سنوات", "أيام", "يوم", "أسبوع", "شهر", "أشهر"]);
    if !has_anchor && !relative && t.split_whitespace().count() <= 3 {
        return Some("bare day of the month");
    }
    if !has_anchor && t.starts_with("يوم ") && t.chars().skip(4).all(|c| c.is_ascii_digit()) {
        return Some("bare day of the month");
    }
    None
}

fn extractor_file(rel: &str, spec: Spec, floor: f64) {
    let cases = load(rel);
    let x = DateExtractor::new();
    let mut t = Tally::new(rel);
    for c in &cases {
        if not_supported(c) {
            continue;
        }
        let input = c.get("Input").and_then(Json::str).unwrap_or("");
        let results = c.get("Results").map_or(&[][..], Json::arr);
        if results.iter().any(|r| ruled_out(r.get("Text").and_then(Json::str).unwrap_or(""), spec).is_some()) {
            t.ruled_out += 1;
            continue;
        }
        let found = x.extract(input, reference(c));
        let mut want: Vec<(usize, usize)> = results.iter().map(expected_span).collect();
        let mut got: Vec<(usize, usize)> = found.iter().map(|m| our_span(input, m)).collect();
        want.sort_unstable();
        got.sort_unstable();
        t.record(want == got, || {
            let show: Vec<&str> = found.iter().map(|m| &input[m.start..m.end]).collect();
            let exp: Vec<&str> = results.iter().filter_map(|r| r.get("Text").and_then(Json::str)).collect();
            format!("{input}: want {exp:?} got {show:?}")
        });
    }
    t.finish(floor);
}

/// Compares a TIMEX with our value.
fn timex_matches(timex: &str, m: &DateMatch) -> bool {
    let Some(v) = m.value.as_deref() else {
        return false;
    };
    if let Some(inner) = timex.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        let parts: Vec<&str> = inner.split(',').collect();
        let (Some(a), Some(b)) = (
            parts.first().and_then(|s| CivilDate::parse_iso_prefix(s)),
            parts.get(1).and_then(|s| CivilDate::parse_iso_prefix(s)),
        ) else {
            return false;
        };
        let Some((va, vb)) = v.split_once('/') else {
            return false;
        };
        // The end is exclusive for a computed period (`(2016-11-15,2016-11-22,P1W)`), the
        // written last day for a written range (`12 يناير, 2016 - 2016/01/22` gives
        // `(2016-01-12,2016-01-22,P10D)`): either reading of our inclusive end counts.
        let end = CivilDate::parse_iso_prefix(vb);
        return CivilDate::parse_iso_prefix(va) == Some(a) && (end.map(|d| d.add_days(1)) == Some(b) || end == Some(b));
    }
    timex == v
}

/// A known data-quality problem: an expected date that does not exist (`2017-09-31`).
fn invalid_timex(r: &Json) -> bool {
    let timex = r.get("Value").and_then(|v| v.get("Timex")).and_then(Json::str).unwrap_or("");
    let b = timex.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[0].is_ascii_digit()
        && CivilDate::parse_iso_prefix(timex).is_none()
}

fn parser_file(rel: &str, spec: Spec, floor: f64) {
    let cases = load(rel);
    let x = DateExtractor::new();
    let mut t = Tally::new(rel);
    for c in &cases {
        if not_supported(c) || unvalidated(c) {
            continue;
        }
        let input = c.get("Input").and_then(Json::str).unwrap_or("");
        let results = c.get("Results").map_or(&[][..], Json::arr);
        if results
            .iter()
            .any(|r| ruled_out(r.get("Text").and_then(Json::str).unwrap_or(""), spec).is_some() || invalid_timex(r))
        {
            t.ruled_out += 1;
            continue;
        }
        let found = x.extract(input, reference(c));
        let ok = results.iter().all(|r| {
            let span = expected_span(r);
            let timex = r.get("Value").and_then(|v| v.get("Timex")).and_then(Json::str).unwrap_or("");
            let years: Vec<String> = ["FutureResolution", "PastResolution"]
                .iter()
                .filter_map(|k| {
                    let res = r.get("Value")?.get(k)?;
                    let d = res.get("date").or_else(|| res.get("startDate"))?.str()?;
                    Some(d.get(..4)?.to_owned())
                })
                .collect();
            found.iter().any(|m| {
                if our_span(input, m) != span {
                    return false;
                }
                if timex.starts_with('P') {
                    return parse_duration(&input[m.start..m.end]).is_some_and(|d| d.iso() == timex);
                }
                timex_matches(timex, m)
                    || (m.kind == "anchored"
                        && timex.contains("XXXX")
                        && years.iter().any(|y| timex_matches(&timex.replace("XXXX", y), m)))
            })
        }) && !results.is_empty();
        t.record(ok, || {
            let show: Vec<(&str, Option<String>)> =
                found.iter().map(|m| (&input[m.start..m.end], m.value.clone())).collect();
            let exp: Vec<(Option<&str>, Option<&str>)> = results
                .iter()
                .map(|r| {
                    (r.get("Text").and_then(Json::str), r.get("Value").and_then(|v| v.get("Timex")).and_then(Json::str))
                })
                .collect();
            format!("{input}: want {exp:?} got {show:?}")
        });
    }
    t.finish(floor);
}

#[test]
fn rt_date_extractor() {
    extractor_file("DateTime/Arabic/DateExtractor.json", Spec::Date, 0.90);
}

#[test]
fn rt_date_parser() {
    parser_file("DateTime/Arabic/DateParser.json", Spec::Date, 0.88);
}

#[test]
fn rt_date_period_extractor() {
    extractor_file("DateTime/Arabic/DatePeriodExtractor.json", Spec::Date, 0.91);
}

#[test]
fn rt_date_period_parser() {
    parser_file("DateTime/Arabic/DatePeriodParser.json", Spec::Date, 0.81);
}

#[test]
fn rt_duration_extractor() {
    extractor_file("DateTime/Arabic/DurationExtractor.json", Spec::Duration, 0.90);
}

#[test]
fn rt_duration_parser() {
    parser_file("DateTime/Arabic/DurationParser.json", Spec::Duration, 0.99);
}

#[test]
fn rt_holiday_extractor() {
    extractor_file("DateTime/Arabic/HolidayExtractor.json", Spec::Holiday, 0.99);
}

fn number_model(rel: &str, ordinal: bool, floor: f64) {
    let cases = load(rel);
    let mut t = Tally::new(rel);
    for c in &cases {
        if not_supported(c) || unvalidated(c) {
            continue;
        }
        let results = c.get("Results").map_or(&[][..], Json::arr);
        if results.is_empty() {
            t.ruled_out += 1;
            continue;
        }
        for r in results {
            let text = r.get("Text").and_then(Json::str).unwrap_or("");
            let res = r.get("Resolution");
            let subtype = res.and_then(|v| v.get("subtype")).and_then(Json::str).unwrap_or("");
            let value = res.and_then(|v| v.get("value")).and_then(Json::num);
            let type_name = r.get("TypeName").and_then(Json::str).unwrap_or("");
            let applicable =
                if ordinal { type_name == "ordinal" && subtype != "relative" } else { subtype == "integer" };
            let (true, Some(v)) = (applicable, value) else {
                t.ruled_out += 1;
                continue;
            };
            if ordinal {
                let got = parse_ordinal_words(text);
                t.record(got.is_some_and(|g| (g as f64 - v).abs() < 1e-9), || format!("{text} = {v} → {got:?}"));
            } else {
                let got = parse_numeral(text);
                t.record(got.is_some_and(|g| (g - v).abs() < 1e-9), || format!("{text} = {v} → {got:?}"));
            }
        }
    }
    t.finish(floor);
}

#[test]
fn rt_number_model() {
    number_model("Number/Arabic/NumberModel.json", false, 0.99);
}

#[test]
fn rt_ordinal_model() {
    number_model("Number/Arabic/OrdinalModel.json", true, 0.94);
}

#[test]
fn rt_ordinal_model_suppress() {
    number_model("Number/Arabic/OrdinalModelSuppressExtendedTypes.json", true, 0.99);
}
