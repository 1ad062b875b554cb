//! Duckling's Arabic corpora as a peer test suite, read at test time from
//! `$KHABAR_SHARED/external/duckling/Duckling/{Time,Numeral,Ordinal,Duration}/AR/Corpus.hs`.
//!
//! Each test prints `PASS RATE <file>: pass/total` and fails when the rate drops under its
//! floor, set just under the rate reached (so a regression fails). `KHABAR_VERBOSE=1` lists
//! the failures. Run: `KHABAR_SHARED=/work/shared cargo test --test duckling -- --nocapture`.
//!
//! ## How Duckling's expectations are mapped
//! - Reference time 2013-02-12 (a Tuesday) is passed as `published`, with
//!   `Options::future()` (bare weekdays and yearless dates resolve forward, as in Duckling).
//! - Among the matches with a value, the longest is compared; it must cover the whole input
//!   except the fillers `في`, `قرابة` and a `يوم` before a weekday, which our spans leave out as
//!   Recognizers-Text does (Duckling requires one parse of the whole input).
//! - A `datetime (...) Grain` example passes when our granularity is that grain and our `date`
//!   (first day of the value) is Duckling's date; `Week` compares the Monday.
//! - A `datetimeInterval (start, end) Grain` example passes when our value is an interval
//!   `a/b` at that grain with `a` = start and `b` + one grain = end (Duckling's end is
//!   exclusive, ours inclusive).
//!
//! ## Ruled out (not counted)
//! - Every example at `Hour`, `Minute` or `Second` grain: clock times (`الساعة 3 صباحا`,
//!   `15:15`), "now" (`الان`, `حالا`), tonight (`الليلة`), and intervals that start at the
//!   current instant (`خلال اسبوعين`, `حتى الساعة 2:00`). The extractor finds dates, not times.
//!
//! Numerals: `parse_numeral(input)` must equal the value. Ordinals: `parse_ordinal_words`.
//! Durations: `parse_duration` must give the amount and unit.

mod common;

use common::{Tally, ints, parse_corpus, read_shared};
use khabar_core::CivilDate;
use khabar_enrich::dates::numbers::{parse_numeral, parse_ordinal_words};
use khabar_enrich::dates::relative::{Unit, parse_duration};
use khabar_enrich::dates::{DateExtractor, DateMatch, Options};

const FILLERS: &[&str] = &["في", "قرابة", "قرابه", "يوم"];

fn date(v: &[i64]) -> CivilDate {
    CivilDate::new(v[0] as i32, v[1] as u8, v[2] as u8).expect("valid corpus date")
}

/// Monday of an ISO week value `2013-W07`.
fn week_monday(v: &str) -> Option<CivilDate> {
    let (y, w) = v.split_once("-W")?;
    let (y, w): (i32, i32) = (y.parse().ok()?, w.parse().ok()?);
    let jan4 = CivilDate::new(y, 1, 4)?;
    let monday1 = jan4.add_days(-((i32::from(jan4.weekday()) + 6) % 7));
    Some(monday1.add_days(7 * (w - 1)))
}

/// First day of a value end (`2013-07-15`, `2013-07`, `2013`, `2013-W08`).
fn start_of(v: &str) -> Option<CivilDate> {
    if v.contains("-W") {
        return week_monday(v);
    }
    let parts: Vec<&str> = v.split('-').collect();
    let y = parts.first()?.parse().ok()?;
    let m = parts.get(1).map_or(Some(1), |s| s.parse().ok())?;
    let d = parts.get(2).map_or(Some(1), |s| s.parse().ok())?;
    CivilDate::new(y, m, d)
}

/// The day after the last day of a value end.
fn end_exclusive(v: &str, grain: &str) -> Option<CivilDate> {
    let s = start_of(v)?;
    Some(match grain {
        "day" => s.add_days(1),
        "week" => s.add_days(7),
        "month" => {
            let (y, m) = if s.month() == 12 { (s.year() + 1, 1) } else { (s.year(), s.month() + 1) };
            CivilDate::new(y, m, 1)?
        }
        "year" => CivilDate::new(s.year() + 1, 1, 1)?,
        _ => return None,
    })
}

fn covers_input(input: &str, m: &DateMatch) -> bool {
    let rest = format!("{} {}", &input[..m.start], &input[m.end..]);
    rest.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || c == '،')
        .filter(|w| !w.is_empty())
        .all(|w| FILLERS.contains(&w))
}

fn grain_name(g: &str) -> &'static str {
    match g {
        "Day" => "day",
        "Week" => "week",
        "Month" => "month",
        "Year" => "year",
        _ => "other",
    }
}

#[test]
#[allow(clippy::many_single_char_names)] // groups, matches and tallies of a test loop
fn duckling_time_ar() {
    let src = read_shared("external/duckling/Duckling/Time/AR/Corpus.hs");
    let (groups, negative) = parse_corpus(&src);
    let x = DateExtractor::with_options(Options::future());
    let reference = CivilDate::new(2013, 2, 12);
    let mut t = Tally::new("Duckling/Time/AR/Corpus.hs");
    for g in &groups {
        let unquoted = g.header.split('"').next().unwrap_or("");
        let grain = unquoted.split_whitespace().last().unwrap_or("").trim_end_matches(')');
        let interval = g.header.starts_with("datetimeInterval") || g.header.starts_with("datetimeIntervalHoliday");
        let n = ints(&g.header);
        if matches!(grain, "Hour" | "Minute" | "Second") {
            t.ruled_out += g.inputs.len();
            continue;
        }
        let gname = grain_name(grain);
        for input in &g.inputs {
            let found = x.extract(input, reference);
            let best = found.iter().filter(|m| m.value.is_some()).max_by_key(|m| m.end - m.start);
            let ok = best.is_some_and(|m| {
                let v = m.value.as_deref().unwrap_or("");
                if !covers_input(input, m) {
                    return false;
                }
                if interval {
                    let Some((a, b)) = v.split_once('/') else {
                        return false;
                    };
                    m.granularity == gname
                        && start_of(a) == Some(date(&n[0..3]))
                        && end_exclusive(b, gname) == Some(date(&n[6..9]))
                } else {
                    !v.contains('/') && m.granularity == gname && m.date == Some(date(&n[0..3]))
                }
            });
            t.record(ok, || {
                format!(
                    "{input} [{}] → {:?}",
                    g.header,
                    best.map(|m| (&input[m.start..m.end], m.value.clone(), m.granularity))
                )
            });
        }
    }
    for input in &negative {
        let found = x.extract(input, reference);
        t.record(found.iter().all(|m| m.value.is_none()), || format!("negative {input} → {found:?}"));
    }
    t.finish(0.97);
}

fn numeral_file(rel: &str, floor: f64) {
    let src = read_shared(rel);
    let (groups, _) = parse_corpus(&src);
    let mut t = Tally::new(rel.trim_start_matches("external/duckling/"));
    for g in &groups {
        let v: f64 = g
            .header
            .trim_start_matches("NumeralValue")
            .trim()
            .trim_matches(|c| c == '(' || c == ')')
            .parse()
            .expect("numeral value");
        for input in &g.inputs {
            let got = parse_numeral(input);
            t.record(got.is_some_and(|x| (x - v).abs() < 1e-9), || format!("{input} = {v} → {got:?}"));
        }
    }
    t.finish(floor);
}

#[test]
fn duckling_numeral_ar() {
    numeral_file("external/duckling/Duckling/Numeral/AR/Corpus.hs", 0.99);
}

#[test]
fn duckling_numeral_ar_eg() {
    numeral_file("external/duckling/Duckling/Numeral/AR/EG/Corpus.hs", 0.99);
}

#[test]
fn duckling_ordinal_ar() {
    let src = read_shared("external/duckling/Duckling/Ordinal/AR/Corpus.hs");
    let (groups, _) = parse_corpus(&src);
    let mut t = Tally::new("Duckling/Ordinal/AR/Corpus.hs");
    for g in &groups {
        let v = ints(&g.header)[0] as u64;
        for input in &g.inputs {
            let got = parse_ordinal_words(input);
            t.record(got == Some(v), || format!("{input} = {v} → {got:?}"));
        }
    }
    t.finish(0.99);
}

#[test]
fn duckling_duration_ar() {
    let src = read_shared("external/duckling/Duckling/Duration/AR/Corpus.hs");
    let (groups, _) = parse_corpus(&src);
    let mut t = Tally::new("Duckling/Duration/AR/Corpus.hs");
    for g in &groups {
        let n = ints(&g.header)[0] as u64;
        let unit = match g.header.split_whitespace().last().unwrap_or("") {
            "Second" => Unit::Second,
            "Minute" => Unit::Minute,
            "Hour" => Unit::Hour,
            "Day" => Unit::Day,
            "Week" => Unit::Week,
            "Month" => Unit::Month,
            "Year" => Unit::Year,
            other => panic!("grain {other}"),
        };
        for input in &g.inputs {
            let got = parse_duration(input);
            t.record(got.is_some_and(|d| d.amount == n && d.unit == unit), || {
                format!("{input} = {n} {unit:?} → {got:?}")
            });
        }
    }
    t.finish(0.99);
}
