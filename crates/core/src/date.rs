//! A proleptic Gregorian calendar date, enough for `date32` columns and date arithmetic.

use std::fmt;

/// A valid date in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

/// Days in `month` of `year` (1-based month), or 0 for a month out of range.
#[must_use]
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `year` is a Gregorian leap year.
#[must_use]
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl CivilDate {
    /// The date `year-month-day`, or `None` when no such day exists (31 June, 30 February).
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Year.
    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month, 1 to 12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// Day of the month, from 1.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (the Arrow `date32` value), by Howard Hinnant's
    /// `days_from_civil` algorithm.
    #[must_use]
    pub fn days_since_epoch(self) -> i32 {
        let y = if self.month <= 2 { self.year - 1 } else { self.year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i32::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (Hinnant's `civil_from_days`).
    #[must_use]
    pub fn from_days_since_epoch(days: i32) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
        let year = yoe + era * 400 + i32::from(month <= 2);
        Self { year, month, day }
    }

    /// This date moved by `days` (negative for earlier).
    #[must_use]
    pub fn add_days(self, days: i32) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Day of the week, 0 = Sunday ... 6 = Saturday.
    #[must_use]
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        (self.days_since_epoch() + 4).rem_euclid(7) as u8
    }

    /// Parses `YYYY-MM-DD` at the start of an ISO 8601 date or date-time
    /// (`2024-07-26`, `2024-07-26T10:00:00Z`, `2024-07-26 10:00`).
    #[must_use]
    pub fn parse_iso_prefix(s: &str) -> Option<Self> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        Self::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        let epoch = CivilDate::new(1970, 1, 1).expect("valid");
        assert_eq!(epoch.days_since_epoch(), 0);
        let d = CivilDate::new(2024, 7, 26).expect("valid");
        assert_eq!(d.days_since_epoch(), 19_930);
        assert_eq!(d.weekday(), 5, "2024-07-26 was a Friday");
        assert_eq!(CivilDate::from_days_since_epoch(19_930), d);
        assert_eq!(d.add_days(-26).to_string(), "2024-06-30");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(CivilDate::new(2014, 6, 31).is_none());
        assert!(CivilDate::new(2019, 2, 29).is_none());
        assert!(CivilDate::new(2020, 2, 29).is_some());
        assert!(CivilDate::new(2020, 13, 1).is_none());
    }

    #[test]
    fn iso_prefixes() {
        let want = CivilDate::new(2019, 3, 23);
        assert_eq!(CivilDate::parse_iso_prefix("2019-03-23"), want);
        assert_eq!(CivilDate::parse_iso_prefix("2019-03-23T08:00:00+03:00"), want);
        assert_eq!(CivilDate::parse_iso_prefix("2019-03-23 08:00"), want);
        assert_eq!(CivilDate::parse_iso_prefix("2019-03-2x"), None);
        assert_eq!(CivilDate::parse_iso_prefix("23/03/2019"), None);
        assert_eq!(CivilDate::parse_iso_prefix("2019-02-30"), None);
    }

    proptest::proptest! {
        #[test]
        fn days_round_trip(days in -800_000i32..800_000) {
            let d = CivilDate::from_days_since_epoch(days);
            proptest::prop_assert!(CivilDate::new(d.year(), d.month(), d.day()).is_some());
            proptest::prop_assert_eq!(d.days_since_epoch(), days);
        }
    }
}
