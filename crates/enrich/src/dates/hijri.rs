//! Hijri (Islamic) dates: month names, conversion to Gregorian, and religious holidays.
//!
//! ## Calendar
//! Conversion uses the **Umm al-Qura** calendar of Saudi Arabia as implemented by
//! [`icu_calendar`] (`Hijri<UmmAlQura>`): month lengths published by KACST for 1300–1600 AH
//! (1882-11-12 to 2174-11-25), and outside that range the tabular Islamic calendar (type II
//! leap years, Friday epoch, i.e. CLDR `islamic-civil`). Umm al-Qura is the calendar most
//! Arabic news sites print; a date fixed by local moon sighting may differ by a day or two,
//! which is why a `الموافق` Gregorian twin printed in the text wins over this conversion
//! (see [`super`]).
//!
//! ## Month names (folded forms)
//! محرم/المحرم، صفر، ربيع الأول، ربيع الثاني/الآخر، جمادى الأولى، جمادى الآخرة/الثانية، رجب،
//! شعبان، رمضان، شوال، ذو/ذي/ذا القعدة، ذو/ذي/ذا الحجة (also joined: ذوالحجة).
//! Most are also names or words (`رجب` Tayyip Erdoğan, `صفر` zero, `محرم` forbidden,
//! `ربيع` spring), so a Hijri month counts only with a day, a year, `شهر` or a modifier.

use icu_calendar::Date;
use icu_calendar::cal::Hijri;
use icu_calendar::cal::hijri::UmmAlQura;
use icu_calendar::types::RataDie;
use khabar_core::CivilDate;

use super::months::{Amb, Head, MonthWord, System};

/// Rata Die (days since 0001-01-01 = 1) of 1970-01-01.
const RD_UNIX_EPOCH: i64 = 719_163;

/// `(folded word, month word)` for Hijri month names.
pub(super) fn entries() -> Vec<(&'static str, MonthWord)> {
    let m = |n: u8, amb: Amb| MonthWord { n, head: None, system: System::Hijri, amb };
    let h = |head: Head| MonthWord { n: 0, head: Some(head), system: System::Hijri, amb: Amb::Clear };
    vec![
        ("محرم", m(1, Amb::Strong)),
        ("المحرم", m(1, Amb::Strong)),
        ("صفر", m(2, Amb::Strong)),
        ("ربيع", h(Head::Rabi)),
        ("جمادي", h(Head::Jumada)),
        ("رجب", m(7, Amb::Strong)),
        ("شعبان", m(8, Amb::Strong)),
        ("رمضان", m(9, Amb::Word)),
        ("شوال", m(10, Amb::Word)),
        ("ذو", h(Head::Dhu)),
        ("ذي", h(Head::Dhu)),
        ("ذا", h(Head::Dhu)),
        ("ذوالقعده", m(11, Amb::Word)),
        ("ذوالحجه", m(12, Amb::Word)),
        ("ذيالقعده", m(11, Amb::Word)),
        ("ذيالحجه", m(12, Amb::Word)),
    ]
}

fn uq() -> Hijri<UmmAlQura> {
    Hijri::new_umm_al_qura()
}

/// The Gregorian date of Hijri `year-month-day` (Umm al-Qura), or `None` when no such day
/// exists (day 30 of a 29-day month, month 13).
#[must_use]
pub fn to_gregorian(year: i32, month: u8, day: u8) -> Option<CivilDate> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let d = Date::try_new_hijri_with_calendar(year, month, day, uq()).ok()?;
    // icu clamps nothing here: an out-of-range day is an error above. Check the round trip to
    // be sure a 30 in a 29-day month was refused.
    if d.day_of_month().0 != day {
        return None;
    }
    let days = d.to_rata_die().to_i64_date() - RD_UNIX_EPOCH;
    Some(CivilDate::from_days_since_epoch(i32::try_from(days).ok()?))
}

/// The Hijri `(year, month, day)` of a Gregorian date (Umm al-Qura).
#[must_use]
pub fn from_gregorian(date: CivilDate) -> (i32, u8, u8) {
    let rd = RataDie::new(i64::from(date.days_since_epoch()) + RD_UNIX_EPOCH);
    let h = Date::from_rata_die(rd, uq());
    (h.year().extended_year(), h.month().ordinal, h.day_of_month().0)
}

/// Days in Hijri `month` of `year` (29 or 30).
#[must_use]
pub fn month_length(year: i32, month: u8) -> u8 {
    if to_gregorian(year, month, 30).is_some() { 30 } else { 29 }
}

/// The Gregorian days `[first, last]` of Hijri `month` of `year`.
#[must_use]
pub fn month_span(year: i32, month: u8) -> Option<(CivilDate, CivilDate)> {
    let first = to_gregorian(year, month, 1)?;
    Some((first, first.add_days(i32::from(month_length(year, month)) - 1)))
}

/// The Gregorian days `[first, last]` of Hijri `year`.
#[must_use]
pub fn year_span(year: i32) -> Option<(CivilDate, CivilDate)> {
    let first = to_gregorian(year, 1, 1)?;
    let last = to_gregorian(year + 1, 1, 1)?.add_days(-1);
    Some((first, last))
}

/// The first Hijri `month`/`day` that falls in Gregorian `gyear` (the Hijri year is ~11 days
/// shorter, so some holidays fall twice in a Gregorian year: the first is returned).
#[must_use]
pub fn in_gregorian_year(gyear: i32, month: u8, day: u8) -> Option<CivilDate> {
    let jan1 = CivilDate::new(gyear, 1, 1)?;
    let (hy, _, _) = from_gregorian(jan1);
    (hy - 1..=hy + 1).filter_map(|y| to_gregorian(y, month, day)).find(|d| d.year() == gyear)
}

/// What a holiday name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    /// A Hijri month and day (`عيد الفطر` = 1 Shawwal).
    Hijri(u8, u8),
    /// A fixed Gregorian month and day (`عيد الميلاد` = 25 December).
    Fixed(u8, u8),
    /// Western (Gregorian computus) Easter Sunday.
    Easter,
}

/// Holiday names (sequences of folded words) and their rules; longest names first so the
/// longest one wins.
const HOLIDAYS: &[(&[&str], Rule)] = &[
    (&["راس", "السنه", "الهجريه"], Rule::Hijri(1, 1)),
    (&["راس", "العام", "الهجري"], Rule::Hijri(1, 1)),
    (&["راس", "السنه", "الميلاديه"], Rule::Fixed(1, 1)),
    (&["الاسراء", "والمعراج"], Rule::Hijri(7, 27)),
    (&["عيد", "الفطر"], Rule::Hijri(10, 1)),
    (&["عيد", "الاضحي"], Rule::Hijri(12, 10)),
    (&["المولد", "النبوي"], Rule::Hijri(3, 12)),
    (&["يوم", "عرفه"], Rule::Hijri(12, 9)),
    (&["وقفه", "عرفه"], Rule::Hijri(12, 9)),
    (&["ليله", "القدر"], Rule::Hijri(9, 27)),
    (&["يوم", "عاشوراء"], Rule::Hijri(1, 10)),
    (&["عاشوراء"], Rule::Hijri(1, 10)),
    (&["عيد", "الميلاد"], Rule::Fixed(12, 25)),
    (&["الكريسماس"], Rule::Fixed(12, 25)),
    (&["كريسماس"], Rule::Fixed(12, 25)),
    (&["راس", "السنه"], Rule::Fixed(1, 1)),
    (&["عيد", "العمال"], Rule::Fixed(5, 1)),
    (&["عيد", "الحب"], Rule::Fixed(2, 14)),
    (&["عيد", "الام"], Rule::Fixed(3, 21)),
    (&["يوم", "الارض"], Rule::Fixed(3, 30)),
    (&["عيد", "الفصح"], Rule::Easter),
];

/// First words of holiday names, for the lexicon.
pub(super) fn holiday_heads() -> impl Iterator<Item = &'static str> {
    HOLIDAYS.iter().map(|(w, _)| w[0])
}

/// The holiday named at the start of `words` (folded words): its rule and the words used.
pub(super) fn holiday_prefix(words: &[&str]) -> Option<(Rule, usize)> {
    HOLIDAYS
        .iter()
        .filter(|(name, _)| name.len() <= words.len() && name.iter().zip(words).all(|(a, b)| a == b))
        .map(|(name, rule)| (*rule, name.len()))
        .max_by_key(|&(_, n)| n)
}

/// Easter Sunday (Western) of `year`, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
#[must_use]
#[allow(clippy::many_single_char_names)] // the algorithm's own letters, as published
pub fn easter(year: i32) -> Option<CivilDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    CivilDate::new(year, (n / 31) as u8, (n % 31 + 1) as u8)
}

impl Rule {
    /// The date of this holiday in Gregorian `year`.
    pub(super) fn in_year(self, year: i32) -> Option<CivilDate> {
        match self {
            Rule::Hijri(m, d) => in_gregorian_year(year, m, d),
            Rule::Fixed(m, d) => CivilDate::new(year, m, d),
            Rule::Easter => easter(year),
        }
    }

    /// The date of this holiday in Hijri `year` (Hijri rules only).
    pub(super) fn in_hijri_year(self, year: i32) -> Option<CivilDate> {
        match self {
            Rule::Hijri(m, d) => to_gregorian(year, m, d),
            _ => None,
        }
    }

    /// The first occurrence on or after `from`.
    pub(super) fn next_from(self, from: CivilDate) -> Option<CivilDate> {
        (from.year()..=from.year() + 2).flat_map(|y| self.occurrences_in(y)).flatten().filter(|d| *d >= from).min()
    }

    /// The last occurrence on or before `from`.
    pub(super) fn prev_from(self, from: CivilDate) -> Option<CivilDate> {
        (from.year() - 2..=from.year()).flat_map(|y| self.occurrences_in(y)).flatten().filter(|d| *d <= from).max()
    }

    /// The occurrences in Gregorian year `y`: a Hijri holiday may fall twice in one year.
    fn occurrences_in(self, y: i32) -> [Option<CivilDate>; 2] {
        let second = match self {
            Rule::Hijri(..) => {
                let (hy, _, _) = from_gregorian(CivilDate::new(y, 12, 31).expect("valid"));
                self.in_hijri_year(hy).filter(|x| x.year() == y)
            }
            _ => None,
        };
        [self.in_year(y), second]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> CivilDate {
        CivilDate::new(y, m, day).expect("valid test date")
    }

    #[test]
    fn umm_al_qura_known_days() {
        // 1 Ramadan 1440 = 6 May 2019; 1 Shawwal 1440 = 4 June 2019 (Saudi announcements).
        assert_eq!(to_gregorian(1440, 9, 1), Some(d(2019, 5, 6)));
        assert_eq!(to_gregorian(1440, 10, 1), Some(d(2019, 6, 4)));
        // Eid al-Adha 1434 = 15 October 2013; Eid al-Fitr 1434 = 8 August 2013.
        assert_eq!(to_gregorian(1434, 12, 10), Some(d(2013, 10, 15)));
        assert_eq!(to_gregorian(1434, 10, 1), Some(d(2013, 8, 8)));
        assert_eq!(from_gregorian(d(2019, 5, 6)), (1440, 9, 1));
        assert_eq!(month_length(1440, 9), 29);
        assert_eq!(to_gregorian(1440, 9, 30), None);
    }

    #[test]
    fn easter_sundays() {
        assert_eq!(easter(2013), Some(d(2013, 3, 31)));
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter(2019), Some(d(2019, 4, 21)));
    }

    #[test]
    fn holidays_resolve() {
        assert_eq!(Rule::Hijri(10, 1).in_year(2013), Some(d(2013, 8, 8)));
        assert_eq!(Rule::Hijri(12, 10).next_from(d(2013, 2, 12)), Some(d(2013, 10, 15)));
        assert_eq!(Rule::Hijri(1, 1).in_year(2019), Some(d(2019, 8, 31)));
        let (w, n) = holiday_prefix(&["عيد", "الفطر", "2013"]).expect("holiday");
        assert_eq!((w, n), (Rule::Hijri(10, 1), 2));
    }
}
