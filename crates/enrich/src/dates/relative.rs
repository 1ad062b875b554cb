//! Time units, durations, and the calendar arithmetic relative expressions need.
//!
//! ## Units (folded forms)
//! | unit | one | two (dual) | several |
//! |---|---|---|---|
//! | day | يوم، يوما | يومين، يومان | أيام |
//! | week | أسبوع، أسبوعا | أسبوعين، أسبوعان | أسابيع |
//! | month | شهر، شهرا | شهرين، شهران | أشهر، شهور |
//! | year | عام، عاما، سنة | عامين، عامان، سنتين، سنتان | أعوام، سنوات، سنين |
//! | decade | عقد | عقدين | عقود |
//! | century | قرن | قرنين | قرون |
//! | hour, minute, second | ساعة، دقيقة، ثانية، لحظة | ساعتين، دقيقتين، ثانيتين | ساعات، دقائق، ثوان |
//!
//! ## Durations
//! A number and a unit (`ستة أيام`, `30 يوم`, `أربعة أشهر`, `ست سنوات`) or a dual unit alone
//! (`سنتين`, `يومين`) is a duration. [`DateExtractor::extract`](super::DateExtractor::extract)
//! reports it with kind `duration` and value `None` (a duration is not a date; the amount is
//! available from [`parse_duration`] on the match's surface).

use khabar_core::CivilDate;
use khabar_core::text::fold;

use super::numbers::cardinal_prefix;

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// `ثانية`, `لحظة`.
    Second,
    /// `دقيقة`.
    Minute,
    /// `ساعة`.
    Hour,
    /// `يوم`.
    Day,
    /// `أسبوع`.
    Week,
    /// `شهر`.
    Month,
    /// `عام`, `سنة`.
    Year,
    /// `عقد`.
    Decade,
    /// `قرن`.
    Century,
}

impl Unit {
    /// The unit's name as used in `granularity`: `day`, `week`, `month` ...
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
            Unit::Decade => "decade",
            Unit::Century => "century",
        }
    }
}

/// How many of a unit a word says by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Count {
    /// Singular (`يوم`), or the accusative after 11..99 (`يوما`).
    One,
    /// Dual (`يومين`): two.
    Two,
    /// Plural (`أيام`): counted by a number before it.
    Many,
}

/// A unit word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct UnitWord {
    pub unit: Unit,
    pub count: Count,
    /// Written with the article (`الأيام`).
    pub def: bool,
}

/// Singular, dual and plural forms of one unit.
type UnitRow = (&'static [&'static str], &'static [&'static str], &'static [&'static str], Unit);

/// `(folded word, unit word)` for every unit word.
pub(super) fn unit_entries() -> Vec<(&'static str, UnitWord)> {
    use Count::{Many, One, Two};
    use Unit::{Century, Day, Decade, Hour, Minute, Month, Second, Week, Year};
    let table: &[UnitRow] = &[
        (&["يوم", "يوما"], &["يومين", "يومان"], &["ايام"], Day),
        (&["اسبوع", "اسبوعا"], &["اسبوعين", "اسبوعان"], &["اسابيع"], Week),
        (&["شهر", "شهرا"], &["شهرين", "شهران"], &["اشهر", "شهور"], Month),
        (&["عام", "عاما", "سنه"], &["عامين", "عامان", "سنتين", "سنتان"], &["اعوام", "سنوات", "سنين"], Year),
        (&["عقد"], &["عقدين", "عقدان"], &["عقود"], Decade),
        (&["قرن"], &["قرنين", "قرنان"], &["قرون"], Century),
        (&["ساعه"], &["ساعتين", "ساعتان"], &["ساعات"], Hour),
        (&["دقيقه"], &["دقيقتين", "دقيقتان"], &["دقائق"], Minute),
        (&["ثانيه", "لحظه"], &["ثانيتين", "ثانيتان"], &["ثوان", "ثواني"], Second),
    ];
    let mut v = Vec::new();
    for (ones, twos, manys, unit) in table {
        for (forms, count) in [(*ones, One), (*twos, Two), (*manys, Many)] {
            for f in forms {
                v.push((*f, UnitWord { unit: *unit, count, def: false }));
            }
        }
    }
    // With the article (`الأيام الثلاثة الماضية`, `الشهرين الماضيين`, `العام`).
    let def: &[(&str, Unit, Count)] = &[
        ("اليوم", Day, One),
        ("اليومين", Day, Two),
        ("الايام", Day, Many),
        ("الاسبوع", Week, One),
        ("الاسبوعين", Week, Two),
        ("الاسابيع", Week, Many),
        ("الشهر", Month, One),
        ("الشهرين", Month, Two),
        ("الاشهر", Month, Many),
        ("الشهور", Month, Many),
        ("العام", Year, One),
        ("السنه", Year, One),
        ("العامين", Year, Two),
        ("السنتين", Year, Two),
        ("الاعوام", Year, Many),
        ("السنوات", Year, Many),
        ("السنين", Year, Many),
        ("العقد", Decade, One),
        ("العقدين", Decade, Two),
        ("العقود", Decade, Many),
        ("القرن", Century, One),
        ("الساعات", Hour, Many),
        ("الساعتين", Hour, Two),
        ("الدقائق", Minute, Many),
    ];
    for (w, unit, count) in def {
        v.push((*w, UnitWord { unit: *unit, count: *count, def: true }));
    }
    v
}

/// An amount of time: `amount` × `unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// How many units.
    pub amount: u64,
    /// Which unit.
    pub unit: Unit,
}

impl Duration {
    /// ISO 8601 duration: `P6D`, `P2W`, `P4M`, `P6Y`, `P10Y` (a decade), `PT5H`, `PT2M`.
    #[must_use]
    pub fn iso(&self) -> String {
        let n = self.amount;
        match self.unit {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Month => format!("P{n}M"),
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => format!("P{}Y", n.saturating_mul(10)),
            Unit::Century => format!("P{}Y", n.saturating_mul(100)),
        }
    }
}

fn unit_word(w: &str) -> Option<UnitWord> {
    static TABLE: std::sync::LazyLock<Vec<(&'static str, UnitWord)>> = std::sync::LazyLock::new(|| {
        let mut v = unit_entries();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    });
    TABLE.binary_search_by(|(k, _)| (*k).cmp(w)).ok().map(|i| TABLE[i].1)
}

/// The duration written in the whole of `s`: a number (digits or words) and a unit
/// (`ستة أيام`, `30 يوم`, `خمسة ساعات`), a dual unit (`سنتين`, `دقيقتان`), or a singular unit
/// alone, meaning one (`شهر`, `اسبوع`, `لحظة`).
///
/// ```
/// use khabar_enrich::dates::relative::{parse_duration, Unit};
/// let d = parse_duration("أربعة أشهر").expect("a duration");
/// assert_eq!((d.amount, d.unit), (4, Unit::Month));
/// assert_eq!(d.iso(), "P4M");
/// assert_eq!(parse_duration("سنتين").map(|d| d.iso()), Some("P2Y".to_owned()));
/// ```
#[must_use]
pub fn parse_duration(s: &str) -> Option<Duration> {
    let folded = fold(s);
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    // `طوال يوم`, `لمدة شهر`: the word before the amount is not part of it.
    if words.len() > 1 && matches!(words[0], "طوال" | "طيله" | "لمده" | "مده") {
        words.remove(0);
    }
    // `يوم كامل`, `عام واحد`: one whole unit.
    if words.len() == 2 && matches!(words[1], "كامل" | "كامله" | "واحد" | "واحده") {
        words.pop();
    }
    let (amount, used) = match words.first() {
        Some(w) if w.bytes().all(|b| b.is_ascii_digit()) => (w.parse().ok()?, 1),
        _ => cardinal_prefix(&words).unwrap_or((1, 0)),
    };
    if used + 1 != words.len() {
        return None;
    }
    let u = unit_word(words[used])?;
    match (used, u.count) {
        (0, Count::Two) => Some(Duration { amount: 2, unit: u.unit }),
        (0, Count::One) => Some(Duration { amount: 1, unit: u.unit }),
        (0, Count::Many) | (_, Count::Two) => None,
        _ => Some(Duration { amount, unit: u.unit }),
    }
}

/// Monday of the ISO week holding `d`.
pub(super) fn week_start(d: CivilDate) -> CivilDate {
    let wd = i32::from(d.weekday()); // 0 = Sunday
    d.add_days(-((wd + 6) % 7))
}

/// ISO 8601 week `(year, week)` of `d`.
pub(super) fn iso_week(d: CivilDate) -> (i32, u32) {
    // The Thursday of d's week decides the ISO year.
    let thursday = week_start(d).add_days(3);
    let y = thursday.year();
    let jan1 = CivilDate::new(y, 1, 1).expect("January 1st exists");
    let week = (thursday.days_since_epoch() - jan1.days_since_epoch()) / 7 + 1;
    (y, week as u32)
}

/// `(year, month)` moved by `n` months.
pub(super) fn add_months(year: i32, month: u8, n: i64) -> (i32, u8) {
    let idx = i64::from(year) * 12 + i64::from(month) - 1 + n;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u8)
}

/// `d` moved by `n` months, the day clamped to the month's length.
pub(super) fn add_months_to_date(d: CivilDate, n: i64) -> CivilDate {
    let (y, m) = add_months(d.year(), d.month(), n);
    let last = khabar_core::date::days_in_month(y, m);
    CivilDate::new(y, m, d.day().min(last)).expect("clamped day is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases: &[(&str, u64, Unit)] = &[
            ("ستة أيام", 6, Unit::Day),
            ("أربعة أشهر", 4, Unit::Month),
            ("سنتين", 2, Unit::Year),
            ("ست سنوات", 6, Unit::Year),
            ("30 يوم", 30, Unit::Day),
            ("خمسة ساعات", 5, Unit::Hour),
            ("دقيقتان", 2, Unit::Minute),
            ("سبع اسابيع", 7, Unit::Week),
            ("عامان", 2, Unit::Year),
            ("شهر", 1, Unit::Month),
            ("لحظة", 1, Unit::Second),
        ];
        for (s, n, u) in cases {
            assert_eq!(parse_duration(s), Some(Duration { amount: *n, unit: *u }), "{s}");
        }
        assert_eq!(parse_duration("أيام"), None);
        assert_eq!(parse_duration("ثلاثة سنتين"), None);
        assert_eq!(Duration { amount: 6, unit: Unit::Day }.iso(), "P6D");
    }

    #[test]
    fn iso_weeks() {
        let d = |y, m, day| CivilDate::new(y, m, day).expect("valid");
        assert_eq!(iso_week(d(2013, 2, 12)), (2013, 7));
        assert_eq!(week_start(d(2013, 2, 12)), d(2013, 2, 11));
        assert_eq!(iso_week(d(2021, 1, 3)), (2020, 53));
        assert_eq!(add_months(2014, 1, -2), (2013, 11));
    }
}
