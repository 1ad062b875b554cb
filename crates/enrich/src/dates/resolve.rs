//! Resolution: an unresolved [`Expr`] and the publication date become an ISO 8601 value.
//!
//! Rules (also in DATES.md):
//! - A year written in the text makes the expression `absolute`; a part taken from the
//!   publication date (`أمس`, `العام الماضي`, `أيلول الماضي`) makes it `relative`, and its value
//!   is `None` when there is no publication date.
//! - A day and month with no year stay `XXXX-MM-DD` (kind `partial`, `date` None) unless the
//!   text implies the year: `الماضي`/`المقبل` after the month, or a weekday that matches only
//!   one of the publication year and its neighbours. [`Options::infer_year`] can make every
//!   yearless date take the nearest past or next year instead.
//! - A bare weekday (`يوم الأحد`) is the most recent such day on or before publication
//!   ([`Tense::Past`], news is written in the past tense) or the next one after it
//!   ([`Tense::Future`]); `الماضي` is strictly before, `المقبل`/`القادم` strictly after.
//! - A weekday that contradicts the date it names halves the confidence.

// Dates (`d`, `p` published), years (`y`), months (`m`) and results (`r`) read best with
// short names in calendar code.
#![allow(clippy::many_single_char_names)]

use khabar_core::CivilDate;
use khabar_core::date::days_in_month;

use super::grammar::{Amounts, Cal, CenturyRef, DateSpec, Dir, Expr, MonthRef, Nth, SeasonRef, YearRef};
use super::hijri::{self, Rule};
use super::lexicon::Fuzzy;
use super::relative::{Unit, add_months, add_months_to_date, iso_week, week_start};
use super::{Options, Tense};

/// A resolved expression (everything of a `DateMatch` but its span).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Resolved {
    pub value: Option<String>,
    pub granularity: &'static str,
    pub kind: &'static str,
    pub date: Option<CivilDate>,
    pub confidence: f32,
    pub calendar: &'static str,
    pub modifier: Option<&'static str>,
}

impl Resolved {
    fn new(granularity: &'static str, kind: &'static str, confidence: f32) -> Self {
        Self { value: None, granularity, kind, date: None, confidence, calendar: "gregorian", modifier: None }
    }

    fn day(d: CivilDate, kind: &'static str, confidence: f32) -> Self {
        Self {
            value: Some(d.to_string()),
            granularity: "day",
            kind,
            date: Some(d),
            confidence,
            calendar: "gregorian",
            modifier: None,
        }
    }

    fn hijri(mut self) -> Self {
        self.calendar = "hijri";
        self
    }
}

fn ymd(y: i32, m: u8, d: u8) -> Option<CivilDate> {
    CivilDate::new(y, m, d)
}

fn month_value(y: i32, m: u8) -> String {
    format!("{y:04}-{m:02}")
}

fn last_day(y: i32, m: u8) -> CivilDate {
    ymd(y, m, days_in_month(y, m)).expect("last day of a valid month")
}

fn nth_weekday(y: i32, m: u8, n: u8, wd: u8) -> Option<CivilDate> {
    if n == 0 {
        let last = last_day(y, m);
        let back = (i32::from(last.weekday()) - i32::from(wd)).rem_euclid(7);
        return Some(last.add_days(-back));
    }
    let first = ymd(y, m, 1)?;
    let fwd = (i32::from(wd) - i32::from(first.weekday())).rem_euclid(7);
    let d = first.add_days(fwd + 7 * (i32::from(n) - 1));
    (d.month() == m).then_some(d)
}

/// The n-th (0 = last) full Monday-to-Sunday week of a month, by its Monday.
fn nth_week(y: i32, m: u8, n: u8) -> Option<CivilDate> {
    if n == 0 {
        let last = last_day(y, m);
        let sunday = last.add_days(-(i32::from(last.weekday())));
        return Some(sunday.add_days(-6));
    }
    nth_weekday(y, m, n, 1)
}

/// The most recent day with weekday `wd` before `from` (`inclusive`: on or before).
fn weekday_before(from: CivilDate, wd: u8, inclusive: bool) -> CivilDate {
    let mut back = (i32::from(from.weekday()) - i32::from(wd)).rem_euclid(7);
    if back == 0 && !inclusive {
        back = 7;
    }
    from.add_days(-back)
}

fn weekday_after(from: CivilDate, wd: u8, inclusive: bool) -> CivilDate {
    let mut fwd = (i32::from(wd) - i32::from(from.weekday())).rem_euclid(7);
    if fwd == 0 && !inclusive {
        fwd = 7;
    }
    from.add_days(fwd)
}

fn week_value(d: CivilDate) -> String {
    let (y, w) = iso_week(d);
    format!("{y:04}-W{w:02}")
}

/// Resolves one expression; `None` means emit nothing (an impossible date).
pub(super) fn resolve(expr: &Expr, published: Option<CivilDate>, o: Options) -> Option<Resolved> {
    match *expr {
        Expr::Date(ref sp) => resolve_spec(sp, published, o),
        Expr::Interval(ref a, ref b) => resolve_interval(a, b, published, o),
        Expr::RelDay(off, wd) => {
            let Some(p) = published else {
                return Some(Resolved::new("day", "relative", 0.8));
            };
            let d = p.add_days(off);
            let conf = if wd.is_some_and(|w| w != d.weekday()) { 0.4 } else { 0.85 };
            Some(Resolved::day(d, "relative", conf))
        }
        Expr::RelWeek(off) => {
            let mut r = Resolved::new("week", "relative", 0.8);
            if let Some(p) = published {
                let monday = week_start(p).add_days(7 * off);
                r.value = Some(week_value(monday));
                r.date = Some(monday);
            }
            Some(r)
        }
        Expr::Shift(n, unit) => Some(shift(n, unit, published)),
        Expr::Span(n, unit, dir) => Some(span(n, unit, dir, published)),
        Expr::Duration(_, unit) => Some(Resolved::new(unit.name(), "duration", 0.8)),
        Expr::Durations(all) => Some(Resolved::new(all.smallest().name(), "duration", 0.8)),
        Expr::ShiftAll(all, dir) => Some(shift_all(&all, dir, published)),
        Expr::Decade(tens, century) => Some(decade(tens, century, published)),
        Expr::Century(c) => {
            let mut r = Resolved::new("century", "absolute", 0.85);
            let c = match c {
                CenturyRef::Abs(c) => c,
                CenturyRef::Rel(off) => {
                    r.kind = "relative";
                    let Some(p) = published else { return Some(r) };
                    p.year() / 100 + 1 + off
                }
            };
            let base = (c - 1) * 100;
            r.value = Some(format!("{:02}", c - 1));
            r.date = ymd(base, 1, 1);
            Some(r)
        }
        Expr::RestOf(unit) => {
            let mut r = Resolved::new("day", "relative", 0.75);
            if let Some(p) = published {
                let end = match unit {
                    Unit::Week => week_start(p).add_days(6),
                    Unit::Month => last_day(p.year(), p.month()),
                    _ => last_day(p.year(), 12),
                };
                r.value = Some(format!("{p}/{end}"));
                r.date = Some(p);
            }
            Some(r)
        }
        Expr::Narrative => Some(Resolved::new("day", "relative", 0.3)),
        Expr::Rejected => None,
        Expr::Season(season, r) => Some(season_of(season, r, published)),
    }
}

/// The months `(first, last)` of a season of year `y`: winter is December of `y - 1` to
/// February, spring March to May, summer June to August, autumn September to November.
fn season_months(season: u8, y: i32) -> ((i32, u8), (i32, u8)) {
    match season {
        0 => ((y - 1, 12), (y, 2)),
        s => ((y, 3 * s), (y, 3 * s + 2)),
    }
}

fn season_of(season: u8, r: SeasonRef, published: Option<CivilDate>) -> Resolved {
    let mut out = Resolved::new("month", "relative", 0.75);
    let y = match (r, published) {
        (SeasonRef::Year(YearRef::Abs(y)), _) => {
            out.kind = "absolute";
            y
        }
        (_, None) => return out,
        (SeasonRef::Year(YearRef::Rel(off)), Some(p)) => p.year() + off,
        (SeasonRef::Rel(off), Some(p)) => {
            let now = (p.year(), p.month());
            // This one: the season of the publication year (the winter under way in December).
            let this = if season == 0 && p.month() == 12 { p.year() + 1 } else { p.year() };
            match off {
                0 => this,
                // The last one over, the next one to begin.
                o if o < 0 => (this - 1..=this).rev().find(|&y| season_months(season, y).1 < now).unwrap_or(this - 1),
                _ => (this..=this + 1).find(|&y| season_months(season, y).0 > now).unwrap_or(this + 1),
            }
        }
    };
    let ((ya, ma), (yb, mb)) = season_months(season, y);
    out.value = Some(format!("{}/{}", month_value(ya, ma), month_value(yb, mb)));
    out.date = ymd(ya, ma, 1);
    out
}

fn shift(n: i64, unit: Unit, published: Option<CivilDate>) -> Resolved {
    let gran = match unit {
        Unit::Day | Unit::Week => "day",
        Unit::Month => "month",
        _ => "year",
    };
    let mut r = Resolved::new(gran, "relative", 0.75);
    let Some(d) = published.and_then(|p| moved(p, n, unit)) else { return r };
    place(&mut r, d, gran);
    r
}

/// `d` moved by `n` of `unit` (back when `n` is negative); `None` for a clock unit.
fn moved(d: CivilDate, n: i64, unit: Unit) -> Option<CivilDate> {
    let days = |k: i32| i32::try_from(n).unwrap_or(0).saturating_mul(k);
    Some(match unit {
        Unit::Day => d.add_days(days(1)),
        Unit::Week => d.add_days(days(7)),
        Unit::Month => add_months_to_date(d, n),
        Unit::Year => add_months_to_date(d, n * 12),
        Unit::Decade => add_months_to_date(d, n * 120),
        Unit::Century => add_months_to_date(d, n * 1200),
        Unit::Hour | Unit::Minute | Unit::Second => return None,
    })
}

/// `r` at `d` with the grain `gran`: the day, its month or its year.
fn place(r: &mut Resolved, d: CivilDate, gran: &str) {
    match gran {
        "day" => {
            r.value = Some(d.to_string());
            r.date = Some(d);
        }
        "month" => {
            r.value = Some(month_value(d.year(), d.month()));
            r.date = ymd(d.year(), d.month(), 1);
        }
        _ => {
            r.value = Some(format!("{:04}", d.year()));
            r.date = ymd(d.year(), 1, 1);
        }
    }
}

/// Publication moved by every amount of `all`, forward (`dir` 1) or back (-1); the value
/// has the grain of the smallest unit (days and weeks give a day).
fn shift_all(all: &Amounts, dir: i64, published: Option<CivilDate>) -> Resolved {
    let gran = match all.smallest() {
        Unit::Day | Unit::Week | Unit::Hour | Unit::Minute | Unit::Second => "day",
        Unit::Month => "month",
        Unit::Year | Unit::Decade | Unit::Century => "year",
    };
    let mut r = Resolved::new(gran, "relative", 0.75);
    let Some(mut d) = published else { return r };
    for (n, unit) in all.iter() {
        // Beyond ten thousand of anything the calendar has no use.
        let Some(n) = i64::try_from(n).ok().filter(|&n| n <= 10_000).map(|n| n * dir) else { return r };
        let Some(next) = moved(d, n, unit) else { return r };
        d = next;
    }
    place(&mut r, d, gran);
    r
}

fn span(n: Option<u32>, unit: Unit, dir: Dir, published: Option<CivilDate>) -> Resolved {
    let gran = match unit {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year | Unit::Decade | Unit::Century => "year",
        Unit::Hour | Unit::Minute | Unit::Second => unit.name(),
    };
    let mut r = Resolved::new(gran, "relative", 0.7);
    let (Some(p), Some(n)) = (published, n) else {
        return r;
    };
    let n = i64::from(n.max(1));
    let (lo, hi) = match dir {
        Dir::Past => (-n, -1),
        Dir::Next => (1, n),
    };
    let (a, b, da) = match unit {
        Unit::Day => {
            let a = p.add_days(lo as i32);
            (a.to_string(), p.add_days(hi as i32).to_string(), a)
        }
        Unit::Week => {
            let w = week_start(p);
            let a = w.add_days(7 * lo as i32);
            (week_value(a), week_value(w.add_days(7 * hi as i32)), a)
        }
        Unit::Month => {
            let (ya, ma) = add_months(p.year(), p.month(), lo);
            let (yb, mb) = add_months(p.year(), p.month(), hi);
            (month_value(ya, ma), month_value(yb, mb), ymd(ya, ma, 1).expect("valid month"))
        }
        Unit::Year | Unit::Decade | Unit::Century => {
            let k = match unit {
                Unit::Decade => 10,
                Unit::Century => 100,
                _ => 1,
            };
            let ya = p.year() + (lo * k) as i32;
            let yb = p.year() + (hi * k) as i32 + if k > 1 && dir == Dir::Next { k as i32 - 1 } else { 0 };
            let yb = if k > 1 && dir == Dir::Past { p.year() - 1 } else { yb };
            (format!("{ya:04}"), format!("{yb:04}"), ymd(ya, 1, 1).expect("valid year"))
        }
        Unit::Hour | Unit::Minute | Unit::Second => return r,
    };
    r.value = Some(format!("{a}/{b}"));
    r.date = Some(da);
    r
}

fn decade(tens: u8, century: Option<CenturyRef>, published: Option<CivilDate>) -> Resolved {
    let mut r = Resolved::new("decade", "absolute", 0.8);
    let t = i32::from(tens) * 10;
    let base = match century {
        Some(CenturyRef::Abs(c)) => (c - 1) * 100,
        Some(CenturyRef::Rel(off)) => {
            r.kind = "relative";
            let Some(p) = published else { return r };
            (p.year() / 100 + off) * 100
        }
        None => {
            if let Some(p) = published {
                let b = p.year() / 100 * 100;
                if b + t > p.year() { b - 100 } else { b }
            } else {
                r.confidence = 0.6;
                1900
            }
        }
    };
    let start = base + t;
    r.value = Some(format!("{:03}", start / 10));
    r.date = ymd(start, 1, 1);
    r
}

fn resolve_interval(a: &DateSpec, b: &DateSpec, published: Option<CivilDate>, o: Options) -> Option<Resolved> {
    let ra = resolve_spec(a, published, o)?;
    let mut rb = resolve_spec(b, published, o)?;
    // `من الجمعة حتى الأحد`: the second weekday is the first one after the start.
    let weekday_only = |s: &DateSpec| {
        s.weekday.is_some() && s.month.is_none() && s.day.is_none() && s.week_off.is_none() && s.wd_dir.is_none()
    };
    if let (Some(da), Some(wd), true) = (ra.date, b.weekday, weekday_only(b)) {
        rb = Resolved::day(weekday_after(da, wd, false), "relative", rb.confidence);
    }
    // `اليوم حتى 22 أكتوبر`: a yearless end takes its year from the other end.
    let (ra, rb) = match (ra.date, rb.date, ra.value.as_deref(), rb.value.as_deref()) {
        (Some(da), None, _, Some(vb)) if vb.starts_with("XXXX-") && !vb.contains('/') => {
            let fill = fill_year(vb, da, true);
            (ra, fill.map_or(rb, |d| Resolved::day(d, "relative", 0.7)))
        }
        (None, Some(db), Some(va), _) if va.starts_with("XXXX-") && !va.contains('/') => {
            let fill = fill_year(va, db, false);
            (fill.map_or(ra, |d| Resolved::day(d, "relative", 0.7)), rb)
        }
        _ => (ra, rb),
    };
    let mut r = Resolved::new(ra.granularity, "interval", ra.confidence.min(rb.confidence));
    r.calendar = ra.calendar;
    if let (Some(da), Some(db)) = (ra.date, rb.date)
        && da > db
    {
        return None;
    }
    if let (Some(va), Some(vb)) = (ra.value, rb.value) {
        let first = va.split('/').next().unwrap_or(&va).to_owned();
        let last = vb.rsplit('/').next().unwrap_or(&vb).to_owned();
        r.value = Some(format!("{first}/{last}"));
        r.date = ra.date;
    }
    Some(r)
}

/// `XXXX-MM-DD` placed in the year that puts it after (`after`) or before `anchor`.
fn fill_year(v: &str, anchor: CivilDate, after: bool) -> Option<CivilDate> {
    let m: u8 = v.get(5..7)?.parse().ok()?;
    let d: u8 = v.get(8..10)?.parse().ok()?;
    let y = anchor.year();
    let same = ymd(y, m, d)?;
    Some(match (after, same >= anchor) {
        (true, true) | (false, false) => same,
        (true, false) => ymd(y + 1, m, d)?,
        (false, true) => ymd(y - 1, m, d)?,
    })
}

/// Months back from month `m0` to month `m` (0 to 11).
fn months_back(m: u8, m0: u8) -> i32 {
    (i32::from(m0) - i32::from(m)).rem_euclid(12)
}

/// How far back a [`Tense::Reported`] date may be, in months.
const REPORTED_MONTHS: i32 = 8;

/// The year of a yearless date, when something implies it, and whether it came from the
/// tense alone (`anchored`) rather than from words of the text.
fn infer_year(sp: &DateSpec, m: u8, published: Option<CivilDate>, o: Options) -> Option<(i32, bool)> {
    let p = published?;
    let day = sp.day.unwrap_or(1);
    let before = (m, day) < (p.month(), p.day());
    let after = (m, day) > (p.month(), p.day());
    if let Some(dir) = sp.month_dir {
        let y = match dir {
            Dir::Past if sp.day.is_some() => {
                if before {
                    p.year()
                } else {
                    p.year() - 1
                }
            }
            Dir::Past => {
                if m < p.month() {
                    p.year()
                } else {
                    p.year() - 1
                }
            }
            Dir::Next if sp.day.is_some() => {
                if after {
                    p.year()
                } else {
                    p.year() + 1
                }
            }
            Dir::Next => {
                if m > p.month() {
                    p.year()
                } else {
                    p.year() + 1
                }
            }
        };
        return Some((y, false));
    }
    if let (Some(d), Some(wd)) = (sp.day, sp.weekday) {
        let fits: Vec<i32> =
            (p.year() - 1..=p.year() + 1).filter(|&y| ymd(y, m, d).is_some_and(|x| x.weekday() == wd)).collect();
        if let [y] = fits[..] {
            return Some((y, false));
        }
    }
    Some((year_by_tense(m, p.month(), p.year(), o.infer_year?), true))
}

/// The year of month `m` (of 12, Gregorian or Hijri) seen from month `m0` of year `y0` in a
/// text of tense `t`: the last occurrence, or the next. The month `m0` itself counts as both.
fn year_by_tense(m: u8, m0: u8, y0: i32, t: Tense) -> i32 {
    let next = if m >= m0 { y0 } else { y0 + 1 };
    let last = if m <= m0 { y0 } else { y0 - 1 };
    match t {
        Tense::Past => last,
        Tense::Reported if months_back(m, m0) <= REPORTED_MONTHS => last,
        Tense::Future | Tense::Reported => next,
    }
}

/// The modifier of a part of a period, and the first day of that third of a month.
fn part(f: Fuzzy) -> (&'static str, u8) {
    match f {
        Fuzzy::Start | Fuzzy::Early => ("start", 1),
        Fuzzy::Mid => ("mid", 11),
        Fuzzy::Late | Fuzzy::End => ("end", 21),
    }
}

#[allow(clippy::too_many_lines)]
fn resolve_spec(sp: &DateSpec, published: Option<CivilDate>, o: Options) -> Option<Resolved> {
    if let Some(rule) = sp.holiday {
        return Some(holiday(rule, sp, published, o));
    }
    if let Some(off) = sp.rel_day {
        return resolve(&Expr::RelDay(off, sp.weekday), published, o);
    }
    if sp.cal == Cal::Hijri || (sp.year_cal == Cal::Hijri && sp.month.is_none()) {
        return resolve_hijri(sp, published, o);
    }
    let mut kind = "absolute";
    let mut conf: f32 = 0.9;
    if sp.weak_year {
        conf = 0.8;
    }
    if sp.swapped {
        conf = 0.6;
    }
    // Weekday-only forms.
    if sp.month.is_none() && sp.year.is_none() {
        let wd = sp.weekday?;
        // A bare weekday is placed by the tense; `الأحد الماضي`, `الأحد من الأسبوع المقبل` by
        // their words.
        let wd_kind = if o.anchor && sp.wd_dir.is_none() && sp.week_off.is_none() { "anchored" } else { "relative" };
        let mut r = Resolved::new("day", wd_kind, 0.75);
        let Some(p) = published else { return Some(r) };
        let d = if let Some(day) = sp.day {
            // `الأربعاء 27`: the nearby month whose 27th is a Wednesday.
            let cands: Vec<CivilDate> = (-3..=3)
                .filter_map(|k| {
                    let (y, m) = add_months(p.year(), p.month(), k);
                    ymd(y, m, day).filter(|x| x.weekday() == wd)
                })
                .collect();
            let pick = match o.weekday {
                Tense::Past | Tense::Reported => cands.iter().rev().find(|x| **x <= p).or(cands.first()),
                Tense::Future => cands.iter().find(|x| **x >= p).or(cands.last()),
            };
            match (pick, sp.nth_alt) {
                (Some(x), _) => *x,
                (None, Some(n)) => nth_weekday(p.year(), p.month(), n, wd)?,
                (None, None) => return Some(r),
            }
        } else if let Some(off) = sp.week_off {
            week_start(p).add_days(7 * off + (i32::from(wd) + 6) % 7)
        } else {
            match (sp.wd_dir, o.weekday) {
                (Some(Dir::Past), _) => weekday_before(p, wd, false),
                (Some(Dir::Next), _) | (None, Tense::Future) => weekday_after(p, wd, false),
                (None, Tense::Past | Tense::Reported) => weekday_before(p, wd, true),
            }
        };
        r = Resolved::day(d, wd_kind, 0.75);
        return Some(r);
    }
    // Year.
    if matches!(sp.year, Some(YearRef::Rel(_))) && published.is_none() {
        return Some(Resolved::new(if sp.month.is_some() { "month" } else { "year" }, "relative", 0.7));
    }
    let mut year: Option<i32> = match (sp.year, published) {
        (Some(YearRef::Abs(y)), _) => Some(y),
        (Some(YearRef::Rel(off)), Some(p)) => {
            kind = "relative";
            Some(p.year() + off)
        }
        _ => None,
    };
    // Month.
    let month: Option<u8> = match sp.month {
        Some(MonthRef::Abs(m)) => Some(m),
        Some(MonthRef::Rel(off)) => {
            kind = "relative";
            let Some(p) = published else {
                let mut r = Resolved::new(if sp.day.is_some() { "day" } else { "month" }, "relative", 0.7);
                r.modifier = sp.fuzzy.map(|f| part(f).0);
                return Some(r);
            };
            let (y, m) = add_months(p.year(), p.month(), i64::from(off));
            if year.is_none() {
                year = Some(y);
            }
            Some(m)
        }
        None => None,
    };
    if year.is_none() && sp.month_dir.is_some() && published.is_none() {
        // `أيلول الماضي` names a year relative to publication: unresolvable without it.
        return Some(Resolved::new(if sp.day.is_some() { "day" } else { "month" }, "relative", 0.7));
    }
    if year.is_none()
        && let Some(m) = month
        && let Some((y, anchored)) = infer_year(sp, m, published, o)
    {
        year = Some(y);
        kind = if anchored { "anchored" } else { "relative" };
        conf = conf.min(0.8);
    }
    let Some(m) = month else {
        let y = year?;
        // `الأسبوع الثالث من عام 2027`: the ISO week (0 = the last).
        if let Some(Nth::Week(n)) = sp.nth {
            let monday = if n == 0 {
                week_start(ymd(y, 12, 28)?)
            } else {
                week_start(ymd(y, 1, 4)?).add_days(7 * (i32::from(n) - 1))
            };
            if iso_week(monday).0 != y {
                return None;
            }
            let mut r = Resolved::new("week", kind, 0.8);
            r.value = Some(week_value(monday));
            r.date = Some(monday);
            return Some(r);
        }
        // A year alone, maybe fuzzy.
        let mut r = Resolved::new("year", kind, conf);
        r.value = Some(format!("{y:04}"));
        r.date = ymd(y, 1, 1);
        if let (Some(f), true) = (sp.fuzzy, o.parts_as_days) {
            let (a, b) = fuzzy_months(f);
            r.granularity = "month";
            r.confidence = 0.7;
            r.value =
                Some(if a == b { month_value(y, a) } else { format!("{}/{}", month_value(y, a), month_value(y, b)) });
            r.date = ymd(y, a, 1);
        } else if let Some(f) = sp.fuzzy {
            // The thirds of a year: January, May and September.
            let (modifier, day) = part(f);
            r.confidence = 0.7;
            r.modifier = Some(modifier);
            r.date = ymd(y, (day - 1) / 10 * 4 + 1, 1);
        }
        return Some(r);
    };
    let Some(y) = year else {
        // Year unknown: XXXX.
        let mut r = Resolved::new(if sp.day.is_some() || sp.nth.is_some() { "day" } else { "month" }, "partial", 0.7);
        if let Some(d) = sp.day {
            if d > days_in_month(2000, m) {
                return None;
            }
            if sp.week_of {
                // The week of a date needs its year.
                r.granularity = "week";
                return Some(r);
            }
            r.value = Some(format!("XXXX-{m:02}-{d:02}"));
        } else if sp.nth.is_none() {
            r.value = Some(format!("XXXX-{m:02}"));
            r.modifier = sp.fuzzy.map(|f| part(f).0);
        }
        return Some(r);
    };
    if !(1..=12).contains(&m) {
        return None;
    }
    // Day.
    let day_date = if let Some(nth) = sp.nth {
        Some(match nth {
            Nth::Weekday(n, wd) => nth_weekday(y, m, n, wd)?,
            Nth::Week(n) => {
                let monday = nth_week(y, m, n)?;
                let mut r = Resolved::new("week", kind, 0.8);
                r.value = Some(week_value(monday));
                r.date = Some(monday);
                return Some(r);
            }
            Nth::LastDay => last_day(y, m),
        })
    } else if let Some(d) = sp.day {
        Some(ymd(y, m, d)?)
    } else {
        None
    };
    if let Some(mut d) = day_date {
        if let Some(wd) = sp.weekday
            && d.weekday() != wd
        {
            match sp.nth_alt.and_then(|n| nth_weekday(y, m, n, wd)) {
                Some(alt) => d = alt,
                None => conf *= 0.5,
            }
        }
        if sp.week_of {
            let mut r = Resolved::new("week", kind, conf.min(0.8));
            r.value = Some(week_value(d));
            r.date = Some(week_start(d));
            return Some(r);
        }
        return Some(Resolved::day(d, kind, conf));
    }
    // Month, maybe a part of it.
    let mut r = Resolved::new("month", kind, conf.min(0.9));
    r.value = Some(month_value(y, m));
    r.date = ymd(y, m, 1);
    if let (Some(f), true) = (sp.fuzzy, o.parts_as_days) {
        let (a, b) = fuzzy_days(f, days_in_month(y, m));
        let (da, db) = (ymd(y, m, a)?, ymd(y, m, b)?);
        r = Resolved::day(da, kind, 0.7);
        if a != b {
            r.value = Some(format!("{da}/{db}"));
        }
    } else if let Some(f) = sp.fuzzy {
        let (modifier, day) = part(f);
        r.confidence = 0.7;
        r.modifier = Some(modifier);
        r.date = ymd(y, m, day);
    }
    Some(r)
}

/// Duckling's days `(first, last)` of a part of a month with `len` days.
fn fuzzy_days(f: Fuzzy, len: u8) -> (u8, u8) {
    match f {
        Fuzzy::Start => (1, 1),
        Fuzzy::Early => (1, 10),
        Fuzzy::Mid => (15, 15),
        Fuzzy::Late => (21, len),
        Fuzzy::End => (len, len),
    }
}

/// Duckling's months `(first, last)` of a part of a year.
fn fuzzy_months(f: Fuzzy) -> (u8, u8) {
    match f {
        Fuzzy::Start => (1, 1),
        Fuzzy::Early => (1, 4),
        Fuzzy::Mid => (5, 8),
        Fuzzy::Late => (9, 12),
        Fuzzy::End => (12, 12),
    }
}

fn holiday(rule: Rule, sp: &DateSpec, published: Option<CivilDate>, o: Options) -> Resolved {
    let hijri_rule = matches!(rule, Rule::Hijri(..));
    let mut kind = "absolute";
    let date = match sp.year {
        Some(YearRef::Abs(y)) if sp.year_cal == Cal::Hijri => rule.in_hijri_year(y),
        Some(YearRef::Abs(y)) => rule.in_year(y),
        Some(YearRef::Rel(off)) => {
            kind = "relative";
            published.and_then(|p| rule.in_year(p.year() + off))
        }
        None => {
            kind = "anchored";
            match (published, o.infer_year) {
                (Some(p), Some(Tense::Future)) => rule.next_from(p),
                (Some(p), Some(Tense::Past)) => rule.prev_from(p),
                (Some(p), Some(Tense::Reported)) => match rule.prev_from(p) {
                    Some(d) if p.days_since_epoch() - d.days_since_epoch() <= 30 * REPORTED_MONTHS => Some(d),
                    _ => rule.next_from(p),
                },
                _ => None,
            }
        }
    };
    let mut r = if let Some(d) = date {
        Resolved::day(d, kind, 0.85)
    } else {
        let mut r = Resolved::new("day", "partial", 0.6);
        if let (Rule::Fixed(m, d), None) = (rule, sp.year) {
            r.value = Some(format!("XXXX-{m:02}-{d:02}"));
        }
        r
    };
    if hijri_rule {
        r = r.hijri();
    }
    r
}

fn resolve_hijri(sp: &DateSpec, published: Option<CivilDate>, o: Options) -> Option<Resolved> {
    let m = match sp.month {
        Some(MonthRef::Abs(m)) => Some(m),
        Some(MonthRef::Rel(_)) => return None,
        None => None,
    };
    let mut kind = "absolute";
    let hy: Option<i32> = match (sp.year, m) {
        (Some(YearRef::Abs(y)), _) if sp.year_cal == Cal::Hijri => Some(y),
        (Some(YearRef::Abs(gy)), Some(m)) => {
            // `رمضان 2019`: the Hijri month that begins in Gregorian 2019.
            let (h0, _, _) = hijri::from_gregorian(ymd(gy, 1, 1)?);
            (h0 - 1..=h0 + 1).find(|&h| hijri::to_gregorian(h, m, 1).is_some_and(|d| d.year() == gy))
        }
        (Some(YearRef::Abs(_)) | None, None) => None,
        (Some(YearRef::Rel(off)), _) => {
            kind = "relative";
            published.map(|p| hijri::from_gregorian(p).0 + off)
        }
        (None, Some(m)) => {
            let p = published;
            let inferred = p.and_then(|p| {
                let (y0, m0, d0) = hijri::from_gregorian(p);
                let day = sp.day.unwrap_or(1);
                let before = (m, day) < (m0, d0);
                let after = (m, day) > (m0, d0);
                match (sp.month_dir, o.infer_year) {
                    (Some(Dir::Past), _) => Some(if before { y0 } else { y0 - 1 }),
                    (Some(Dir::Next), _) => Some(if after { y0 } else { y0 + 1 }),
                    (None, t) => t.map(|t| year_by_tense(m, m0, y0, t)),
                }
            });
            if inferred.is_some() {
                kind = if sp.month_dir.is_some() { "relative" } else { "anchored" };
            }
            inferred
        }
    };
    let Some(hy) = hy else {
        let gran = if sp.day.is_some() {
            "day"
        } else if m.is_some() {
            "month"
        } else {
            "year"
        };
        return Some(Resolved::new(gran, "partial", 0.6).hijri());
    };
    let conf = 0.85;
    match (m, sp.day) {
        (Some(m), Some(d)) => {
            let g = hijri::to_gregorian(hy, m, d)?;
            let mut r = Resolved::day(g, kind, conf);
            if let Some(wd) = sp.weekday {
                // Sighting may shift the day by one: only a larger gap is a contradiction.
                let near = (-1..=1).any(|k| g.add_days(k).weekday() == wd);
                if !near {
                    r.confidence *= 0.5;
                }
            }
            Some(r.hijri())
        }
        (Some(m), None) => {
            let (a, b) = hijri::month_span(hy, m)?;
            let mut r = Resolved::new("day", kind, conf);
            r.value = Some(format!("{a}/{b}"));
            r.date = Some(a);
            Some(r.hijri())
        }
        (None, _) => {
            let (a, b) = hijri::year_span(hy)?;
            let mut r = Resolved::new("day", kind, conf);
            r.value = Some(format!("{a}/{b}"));
            r.date = Some(a);
            Some(r.hijri())
        }
    }
}
