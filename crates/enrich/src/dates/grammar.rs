//! The date grammar: recognizers over the tokens of one window of text.
//!
//! Every recognizer looks at a start token and returns the longest expression it can read
//! there, unresolved ([`Expr`]); [`Parser::run`] keeps, left to right, the longest candidate
//! at each position and jumps past it, so matches never overlap. Resolution against the
//! publication date is [`super::resolve`]'s job.

// Token cursors (`i`, `j`, `k`), phrases (`p`), months (`m`) and candidates (`c`) read best
// with short names in a parser.
#![allow(clippy::many_single_char_names)]

use super::hijri::{self, Rule};
use super::lexicon::{Fuzzy, Kw, Lex};
use super::months::{self, Amb, System};
use super::numbers;
use super::relative::{Count, Unit};
use super::text::{Folded, Tok};

/// Calendar of a month name or year number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Cal {
    #[default]
    Greg,
    Hijri,
}

/// A year: written (`2014`) or relative to the publication year (`العام الماضي` = -1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearRef {
    Abs(i32),
    Rel(i32),
}

/// A month: named (`أيلول`) or relative to the publication month (`الشهر الماضي` = -1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MonthRef {
    Abs(u8),
    Rel(i32),
}

/// Direction of `الماضي` / `المقبل`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    Past,
    Next,
}

/// An ordinal position inside a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nth {
    /// The n-th (0 = last) given weekday of the month: `ثالث ثلاثاء`, `آخر اثنين`.
    Weekday(u8, u8),
    /// The n-th (0 = last) week of the month: `الأسبوع الأول من`.
    Week(u8),
    /// The last day of the month: `آخر يوم من`, `اليوم الأخير من`.
    LastDay,
}

/// A date as written: any of its parts may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct DateSpec {
    /// Calendar of the month (and day).
    pub cal: Cal,
    /// Calendar of the year number (`1440 هـ`, or a Hijri month's year below 1600).
    pub year_cal: Cal,
    pub year: Option<YearRef>,
    pub month: Option<MonthRef>,
    pub day: Option<u8>,
    pub weekday: Option<u8>,
    /// `الأحد الماضي` / `الأحد المقبل`.
    pub wd_dir: Option<Dir>,
    /// `الأحد من الأسبوع الماضي`: the week, relative to the publication week.
    pub week_off: Option<i32>,
    /// `أيلول الماضي` / `أيلول المقبل`: the year is the one that makes this month past/next.
    pub month_dir: Option<Dir>,
    pub fuzzy: Option<Fuzzy>,
    pub nth: Option<Nth>,
    /// `الثلاثاء الثالث من أيلول`: read as "the third Tuesday" when Tuesday the 3rd is not a
    /// Tuesday.
    pub nth_alt: Option<u8>,
    pub holiday: Option<Rule>,
    /// A numeric date read month-first because its second number is above 12.
    pub swapped: bool,
    /// A bare year after a preposition (`في 2017`), not introduced by `عام`/`سنة`.
    pub weak_year: bool,
    /// A day relative to publication (`اليوم` 0, `غداً` +1), as an interval end.
    pub rel_day: Option<i32>,
    /// `أسبوع 15 سبتمبر`: the week of the date.
    pub week_of: bool,
}

/// A century, ordinal as said (`القرن العشرين` = 20) or relative (`القرن الماضي` = -1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CenturyRef {
    Abs(i32),
    Rel(i32),
}

/// An unresolved expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Expr {
    Date(DateSpec),
    Interval(DateSpec, DateSpec),
    /// A day relative to publication: `اليوم` 0, `أمس` -1, `غداً` +1. The weekday, if given
    /// (`اليوم السبت`), is checked.
    RelDay(i32, Option<u8>),
    /// A week relative to publication: `الأسبوع الماضي` -1.
    RelWeek(i32),
    /// Publication moved by `n` units: `قبل ثلاثة أيام` (-3 days), `بعد أسبوعين` (+2 weeks).
    Shift(i64, Unit),
    /// The `n` units before or after publication: `الأيام الثلاثة الماضية`.
    Span(Option<u32>, Unit, Dir),
    Duration(Option<u64>, Unit),
    /// Amounts of several units read as one duration: `عام واحد و شهر و 21 يوماً`.
    Durations(Amounts),
    /// Publication moved by several amounts, forward (+1: `1 شهر و 21 يوماً من الآن`, `بعد
    /// سنة و3 أشهر`) or back (-1: `قبل عامين وشهر`); one amount `من الآن` too (`عامين من الآن`).
    ShiftAll(Amounts, i64),
    Decade(u8, Option<CenturyRef>),
    Century(CenturyRef),
    /// From publication to the end of its week, month or year: `بقية الأسبوع`, `باقي العام`.
    RestOf(Unit),
    /// A day relative to the story, not to publication (`اليوم التالي`): never resolved.
    Narrative,
    /// Read and consumed, but impossible (`31 حزيران`): emits nothing.
    Rejected,
    /// A season (0 winter ... 3 autumn) of a year (`صيف 2014`, `شتاء العام الماضي`), or the
    /// last (-1), this (0) or the next (1) one from publication (`الصيف الماضي`, `هذا الصيف`).
    Season(u8, SeasonRef),
}

/// Up to four amounts of distinct units, in written order (`2 سنة 1 شهر 21 يوم`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Amounts {
    parts: [(u64, Unit); 4],
    len: u8,
}

impl Amounts {
    fn one(n: u64, unit: Unit) -> Self {
        Self { parts: [(n, unit); 4], len: 1 }
    }

    /// The amounts, in written order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u64, Unit)> + '_ {
        self.parts[..usize::from(self.len)].iter().copied()
    }

    /// The smallest unit (the grain of the whole).
    pub(super) fn smallest(&self) -> Unit {
        self.iter().map(|(_, u)| u).min().unwrap_or(self.parts[0].1)
    }

    /// Hours, minutes or seconds among the amounts: a length of time, never a date.
    fn clock(&self) -> bool {
        self.iter().any(|(_, u)| matches!(u, Unit::Hour | Unit::Minute | Unit::Second))
    }

    fn last_unit(&self) -> Unit {
        self.parts[usize::from(self.len) - 1].1
    }
}

/// Which season of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SeasonRef {
    /// The season of a year; a winter is the one that ends in that year (December before it
    /// to February).
    Year(YearRef),
    /// -1 the last one over before publication, 0 this year's, 1 the next one to begin.
    Rel(i32),
}

impl DateSpec {
    /// A day and month, a month, a holiday or a bare weekday, with no year and nothing that
    /// places it (`الماضي`, `الأسبوع المقبل`): the publication date and the tense must.
    fn names_no_year(&self) -> bool {
        self.year.is_none()
            && self.month_dir.is_none()
            && self.rel_day.is_none()
            && self.week_off.is_none()
            && (matches!(self.month, Some(MonthRef::Abs(_)))
                || self.holiday.is_some()
                || (self.month.is_none() && self.weekday.is_some() && self.wd_dir.is_none()))
    }
}

impl Expr {
    /// The expression, or one end of it, names no year ([`DateSpec::names_no_year`]).
    pub(super) fn names_no_year(&self) -> bool {
        match self {
            Self::Date(sp) => sp.names_no_year(),
            Self::Interval(a, b) => a.names_no_year() || b.names_no_year(),
            _ => false,
        }
    }
}

/// A candidate expression over tokens `s..e`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cand {
    pub s: usize,
    pub e: usize,
    /// Bytes of clitic prefix on token `s` left out of the surface.
    pub skip: u8,
    pub expr: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A whole expression: ambiguous words need support.
    Normal,
    /// One end of an interval: a lone day or year is fine; the interval checks the rest.
    Endpoint,
}

/// A month name read at some position.
#[derive(Debug, Clone, Copy)]
struct MonthHit {
    m: MonthRef,
    cal: Cal,
    next: usize,
    amb: Amb,
    /// Preceded by `شهر`, or doubled (`أيلول/سبتمبر`): no doubt it is a month.
    sure: bool,
    /// `آب` written with its madda (as opposed to `اب`/`أب`).
    madda: bool,
}

/// A year read at some position.
#[derive(Debug, Clone, Copy)]
struct YearHit {
    y: YearRef,
    marker: Option<Cal>,
    next: usize,
    /// Introduced by `عام`/`العام`/`سنة`.
    word: bool,
    /// Written in words, and how many.
    words: usize,
}

/// What a phrase read.
#[derive(Debug, Clone, Copy, Default)]
struct Phrase {
    spec: DateSpec,
    end: usize,
    month: Option<MonthHit>,
    year: Option<YearHit>,
    /// The day number stood right next to the month name.
    day_adjacent: bool,
    has_day: bool,
    /// `هذا` before a weekday or month.
    this: bool,
}

/// The date grammar over the tokens of one window.
pub(super) struct Parser<'a> {
    t: &'a [Tok],
    words: Vec<&'a str>,
    /// For each token, the index of the next token that starts a new sentence or line.
    seg_end: Vec<usize>,
    fold: &'a Folded,
    orig: &'a str,
}

const FILLERS: &[&str] = &["المبارك", "السعيد", "المجيد", "الشريف", "المبارك،"];

impl<'a> Parser<'a> {
    pub(super) fn new(t: &'a [Tok], folded: &'a Folded, orig: &'a str) -> Self {
        let f = folded.text.as_str();
        let words = t.iter().map(|x| &f[x.s as usize..x.e as usize]).collect();
        let mut seg_end = vec![t.len(); t.len()];
        let mut end = t.len();
        for i in (0..t.len()).rev() {
            seg_end[i] = end;
            if t[i].brk {
                end = i;
            }
        }
        Self { t, words, seg_end, fold: folded, orig }
    }

    pub(super) fn tokens(&self) -> &[Tok] {
        self.t
    }

    /// All expressions, left to right, longest first at each position.
    pub(super) fn run(&self, out: &mut Vec<Cand>) {
        let n = self.t.len();
        let mut i = 0;
        while i < n {
            let t = &self.t[i];
            if !(t.is_num() || t.lex.start) {
                i += 1;
                continue;
            }
            match self.best_at(i) {
                Some(c) => {
                    i = c.e.max(i + 1);
                    out.push(c);
                }
                None => i += 1,
            }
        }
    }

    fn best_at(&self, i: usize) -> Option<Cand> {
        let cands = [
            self.interval(i),
            self.phrase_cand(i),
            self.numeric(i),
            self.relative(i),
            self.holiday(i),
            self.decade(i),
            self.span(i),
            self.duration(i),
            self.season(i),
            self.month_then_days(i),
            self.rest_of(i),
            self.later_this(i),
        ];
        let mut best: Option<Cand> = None;
        for c in cands.into_iter().flatten() {
            if best.is_none_or(|b| c.e > b.e) {
                best = Some(c);
            }
        }
        best
    }

    // ---- token helpers ----------------------------------------------------------------

    /// Token `i` exists and continues the expression (no sentence or line break before it).
    fn cont(&self, i: usize) -> bool {
        i < self.t.len() && !self.t[i].brk
    }

    fn lex(&self, i: usize) -> Lex {
        self.t.get(i).map_or_else(Lex::default, |t| t.lex)
    }

    fn kw(&self, i: usize) -> Kw {
        self.t.get(i).map_or(Kw::None, |t| t.lex.kw)
    }

    fn word(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }

    /// The word without its clitic prefix.
    fn stem(&self, i: usize) -> &'a str {
        match self.t.get(i) {
            Some(t) => &self.words[i][t.clitic as usize..],
            None => "",
        }
    }

    fn num(&self, i: usize) -> Option<(u32, u8)> {
        self.t.get(i).filter(|t| t.is_num()).map(|t| (t.num, t.nd))
    }

    fn punct(&self, i: usize) -> Option<char> {
        self.t.get(i).and_then(Tok::punct)
    }

    /// No whitespace before token `i`.
    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.space)
    }

    fn skip(&self, i: usize) -> u8 {
        self.t.get(i).map_or(0, |t| t.clitic)
    }

    /// Runs `f` on the words from `i` to the end of its sentence, the first one without its
    /// clitic (`والخامس` → `الخامس`, `للثانية` → `الثانية`).
    fn with_words<R>(&self, i: usize, f: impl FnOnce(&[&str]) -> R) -> R {
        let end = self.seg_end.get(i).copied().unwrap_or(i).max(i);
        let ws = &self.words[i.min(self.words.len())..end.min(self.words.len())];
        let Some(first) = ws.first() else {
            return f(ws);
        };
        let t = &self.t[i];
        if let Some(rest) = first.strip_prefix("لل").filter(|_| t.clitic == 0 && t.lex != Lex::default()) {
            let stem = format!("ال{rest}");
            let mut v: Vec<&str> = Vec::with_capacity(ws.len());
            v.push(&stem);
            v.extend_from_slice(&ws[1..]);
            return f(&v);
        }
        if t.clitic > 0 {
            let mut v: Vec<&str> = Vec::with_capacity(ws.len());
            v.push(&first[t.clitic as usize..]);
            v.extend_from_slice(&ws[1..]);
            return f(&v);
        }
        f(ws)
    }

    /// Token `i` is a number glued to `/`, `-`, `.` or `:` and another number: part of a
    /// numeric date, a time, a score or a decimal, never a lone day or year.
    fn is_numeric_piece(&self, i: usize) -> bool {
        let after = matches!(self.punct(i + 1), Some('/' | '-' | '.' | ':' | '٫' | ',' | '٬'))
            && self.glued(i + 1)
            && self.num(i + 2).is_some()
            && self.glued(i + 2);
        let before = i >= 2
            && matches!(self.punct(i - 1), Some('/' | '-' | '.' | ':' | '٫' | ',' | '٬'))
            && self.glued(i)
            && self.glued(i - 1)
            && self.num(i - 2).is_some();
        after || before
    }

    /// `2014-2017`: year `j` and another 4-digit year joined by a dash.
    fn is_year_range(&self, j: usize) -> bool {
        let year = |k: usize| self.num(k).is_some_and(|(_, nd)| nd == 4);
        (self.punct(j + 1) == Some('-')
            && year(j + 2)
            && !(self.glued(j + 3) && self.punct(j + 3).is_some_and(|c| c == '-' || c == '/')))
            || (j >= 2 && self.punct(j - 1) == Some('-') && year(j - 2))
    }

    /// `13-15`: day `j`, a dash, another day (and nothing more glued on).
    fn is_day_range(&self, j: usize) -> bool {
        let day = |k: usize| self.num(k).is_some_and(|(v, nd)| nd <= 2 && (1..=31).contains(&v));
        let glued_piece_before = |k: usize| {
            k >= 2 && self.glued(k) && self.punct(k - 1).is_some() && self.glued(k - 1) && self.num(k - 2).is_some()
        };
        let glued_piece_after = |k: usize| {
            self.glued(k + 1) && (self.punct(k + 1).is_some_and(|c| c != '،' && c != ',') || self.num(k + 1).is_some())
        };
        let first = !glued_piece_before(j) && self.punct(j + 1) == Some('-') && day(j + 2) && !glued_piece_after(j + 2);
        let second = j >= 2
            && self.punct(j - 1) == Some('-')
            && day(j - 2)
            && !glued_piece_before(j - 2)
            && !glued_piece_after(j);
        first || second
    }

    /// Whether the original text writes token `i` with a madda alef (`آب`, not `أب`).
    fn has_madda(&self, i: usize) -> bool {
        let t = &self.t[i];
        let s = self.fold.to_orig(t.s as usize + t.clitic as usize);
        self.orig[s..].starts_with('آ')
    }

    // ---- pieces -------------------------------------------------------------------------

    /// A day of the month at `j`: digits 1..=31 (with an optional `th`), or an ordinal word.
    /// Returns the day, the next index, and whether it was a feminine ordinal.
    fn day_at(&self, j: usize) -> Option<(u8, usize, bool)> {
        self.day_at_range(j, false)
    }

    /// [`Self::day_at`]; with `range`, a day glued to `-` and another day (`13-15`) counts.
    fn day_at_range(&self, j: usize, range: bool) -> Option<(u8, usize, bool)> {
        if let Some((v, nd)) = self.num(j) {
            if nd > 2 || !(1..=31).contains(&v) {
                return None;
            }
            if self.is_numeric_piece(j) && !(range && self.is_day_range(j)) {
                return None;
            }
            let mut k = j + 1;
            if self.cont(k) && self.glued(k) && matches!(self.word(k), "st" | "nd" | "rd" | "th") {
                k += 1;
            }
            return Some((v as u8, k, false));
        }
        if !self.lex(j).num {
            return None;
        }
        let (v, used) = self.with_words(j, numbers::ordinal_prefix)?;
        if !(1..=31).contains(&v) {
            return None;
        }
        let last = self.stem(j + used - 1);
        let fem = last.ends_with('ه') || matches!(self.stem(j), "الاولي" | "اولي");
        Some((v as u8, j + used, fem))
    }

    /// A month at `j`: a name (one or two words, possibly doubled across systems), `شهر` +
    /// name or number, or `الشهر` + `الماضي`/`المقبل`/`الجاري`/ordinal, or `هذا الشهر`.
    #[allow(clippy::too_many_lines)] // one arm per way of naming a month
    fn month_at(&self, j: usize) -> Option<MonthHit> {
        let rel = |m: i32, next: usize| MonthHit {
            m: MonthRef::Rel(m),
            cal: Cal::Greg,
            next,
            amb: Amb::Clear,
            sure: true,
            madda: false,
        };
        if !self.cont(j) && j != 0 {
            // A month never starts after a break inside an expression; callers check cont.
        }
        let mut k = j;
        if self.kw(k) == Kw::Hadha && self.cont(k + 1) && self.stem(k + 1) == "الشهر" {
            return Some(rel(0, k + 2));
        }
        let mut sure = false;
        if self.kw(k) == Kw::Shahr {
            let def = self.stem(k).starts_with("ال");
            if !self.cont(k + 1) {
                return None;
            }
            if def {
                match self.kw(k + 1) {
                    Kw::Past => return Some(rel(-1, k + 2)),
                    Kw::Next => return Some(rel(1, k + 2)),
                    Kw::Current => return Some(rel(0, k + 2)),
                    _ => {}
                }
                if self.lex(k + 1).num
                    && let Some((v, used)) = self.with_words(k + 1, numbers::ordinal_prefix)
                    && (1..=12).contains(&v)
                {
                    return Some(MonthHit {
                        m: MonthRef::Abs(v as u8),
                        cal: Cal::Greg,
                        next: k + 1 + used,
                        amb: Amb::Clear,
                        sure: true,
                        madda: false,
                    });
                }
                return None;
            }
            sure = true;
            k += 1;
        }
        if let Some(mw) = self.lex(k).month {
            let (n, mut next) = match mw.head {
                Some(head) => {
                    if !self.cont(k + 1) {
                        return None;
                    }
                    (months::second_word(head, self.word(k + 1))?, k + 2)
                }
                None => (mw.n, k + 1),
            };
            let madda = n == 8 && mw.system == System::Syriac && self.has_madda(k);
            // Doubled: `تشرين الأول/أكتوبر`, `أكتوبر (تشرين الأول)`, `أيلول سبتمبر`, `سبتمبر-أيلول`.
            let mut double = false;
            let mut p = next;
            let open = self.punct(p);
            if self.cont(p) && matches!(open, Some('/' | '(' | '-' | '–' | '\\' | '،' | ',')) {
                p += 1;
            }
            if self.cont(p)
                && let Some(mw2) = self.lex(p).month.filter(|m2| m2.system != mw.system)
            {
                let n2 = match mw2.head {
                    Some(h) if self.cont(p + 1) => months::second_word(h, self.word(p + 1)).map(|x| (x, p + 2)),
                    Some(_) => None,
                    None => Some((mw2.n, p + 1)),
                };
                if let Some((_, after)) = n2.filter(|&(x, _)| x == n) {
                    next = after;
                    if open == Some('(') && self.cont(next) && self.punct(next) == Some(')') {
                        next += 1;
                    }
                    double = true;
                }
            }
            return Some(MonthHit {
                m: MonthRef::Abs(n),
                cal: if mw.is_hijri() { Cal::Hijri } else { Cal::Greg },
                next,
                amb: mw.amb,
                sure: sure || double,
                madda,
            });
        }
        if sure {
            // `شهر 3`, `شهر ثلاثة`.
            if let Some((v, nd)) = self.num(k)
                && nd <= 2
                && (1..=12).contains(&v)
                && !self.is_numeric_piece(k)
            {
                return Some(MonthHit {
                    m: MonthRef::Abs(v as u8),
                    cal: Cal::Greg,
                    next: k + 1,
                    amb: Amb::Clear,
                    sure: true,
                    madda: false,
                });
            }
            if self.lex(k).num
                && let Some((v, used)) = self.with_words(k, numbers::cardinal_prefix)
                && (1..=12).contains(&v)
            {
                return Some(MonthHit {
                    m: MonthRef::Abs(v as u8),
                    cal: Cal::Greg,
                    next: k + used,
                    amb: Amb::Clear,
                    sure: true,
                    madda: false,
                });
            }
        }
        None
    }

    /// `العام` used as an adjective: `المدعي العام`, `الأمين العام`, `الرأي العام` (a definite
    /// noun right before it).
    fn is_adjective_am(&self, k: usize) -> bool {
        if k == 0 || self.t[k].brk || self.t[k].clitic > 0 {
            return false;
        }
        let prev = k - 1;
        if self.t[prev].is_num() || self.t[prev].punct().is_some() {
            return false;
        }
        let p = self.stem(prev);
        let lx = self.lex(prev);
        p.starts_with("ال")
            && lx.unit.is_none()
            && lx.month.is_none()
            && !matches!(lx.kw, Kw::Past | Kw::Next | Kw::Current | Kw::Today | Kw::Yesterday)
            && !lx.trigger
    }

    /// A year at `j`: `عام`/`العام`/`سنة` + number, number words or `الماضي`/`المقبل`; a bare
    /// 4-digit number; number words of 1000..2200; `هذا العام`. Optional `من`/`في` before
    /// the year word, optional `هـ`/`م` marker after.
    fn year_at(&self, j: usize, inner: bool) -> Option<YearHit> {
        let mut k = j;
        if inner && matches!(self.kw(k), Kw::Min | Kw::Fi) && self.cont(k + 1) && self.kw(k + 1) == Kw::YearWord {
            k += 1;
        }
        if self.kw(k) == Kw::Hadha && self.cont(k + 1) && self.kw(k + 1) == Kw::YearWord {
            return Some(YearHit { y: YearRef::Rel(0), marker: None, next: k + 2, word: true, words: 0 });
        }
        let mut word = false;
        if self.kw(k) == Kw::YearWord {
            let def = self.stem(k).starts_with("ال") || self.word(k).starts_with("لل");
            if def && self.is_adjective_am(k) {
                return None;
            }
            if !self.cont(k + 1) {
                return None;
            }
            if def {
                if let Some(r) = relative_offset(self.kw(k + 1)) {
                    return Some(YearHit { y: YearRef::Rel(r), marker: None, next: k + 2, word: true, words: 0 });
                }
            }
            word = true;
            k += 1;
        }
        let (y, mut next, words) = if let Some((v, nd)) = self.num(k) {
            let ok_len = if word { (1..=4).contains(&nd) } else { nd == 4 };
            if !ok_len || v == 0 || v > 9999 || (self.is_numeric_piece(k) && !self.is_year_range(k)) {
                return None;
            }
            (v as i32, k + 1, 0)
        } else if self.lex(k).num {
            let (v, used) = self.with_words(k, numbers::cardinal_prefix)?;
            let lo = if word { 100 } else { 1000 };
            if !(lo..=2200).contains(&v) {
                return None;
            }
            (v as i32, k + used, used)
        } else {
            return None;
        };
        let mut marker = None;
        if self.cont(next) {
            match self.kw(next) {
                Kw::HijriMark => {
                    marker = Some(Cal::Hijri);
                    next += 1;
                }
                Kw::GregMark => {
                    marker = Some(Cal::Greg);
                    next += 1;
                }
                // `ق.م` / `ق م`: before the common era; not handled.
                Kw::Bc => return None,
                _ => {}
            }
            if marker.is_some() && self.cont(next) && self.punct(next) == Some('.') && self.glued(next) {
                // `2019م.` keeps its dot out of the span (a sentence end), nothing to do.
            }
        }
        if self.cont(next) && self.stem(next) == "قبل" && self.cont(next + 1) && self.stem(next + 1) == "الميلاد"
        {
            return None;
        }
        Some(YearHit { y: YearRef::Abs(y), marker, next, word, words })
    }

    /// A number here counts a noun (`2000 نازح`, `60 ألف`, `15%`): not a year.
    fn counted_after(&self, k: usize) -> bool {
        if !self.cont(k) {
            return false;
        }
        let lx = self.lex(k);
        lx.counted || matches!(self.punct(k), Some('%' | '٪' | '$' | '€'))
    }

    /// A weekday at `j`: `الأحد`, `يوم الأحد`, `يوم أحد`. Returns the weekday and the next index.
    fn weekday_at(&self, j: usize, bare_ok: bool) -> Option<(u8, usize)> {
        let mut k = j;
        let mut after_yawm = false;
        if self.kw(k) == Kw::DayWord && self.cont(k + 1) && self.lex(k + 1).weekday.is_some() {
            k += 1;
            after_yawm = true;
        }
        let (wd, al) = self.lex(k).weekday?;
        if !al && !after_yawm && !bare_ok {
            return None;
        }
        // `صلاة الجمعة`, `خطبة الجمعة`: the prayer, not a date.
        if !after_yawm
            && k > 0
            && !self.t[k].brk
            && wd == 5
            && matches!(self.stem(k - 1), "صلاه" | "خطبه" | "خطيب" | "صلوات" | "جمعه" | "امام" | "مسجد" | "جامع")
        {
            return None;
        }
        // `الاثنين معاً`, `كلا الاثنين`: the two.
        if wd == 1 && !after_yawm {
            let next_maan = self.cont(k + 1) && matches!(self.stem(k + 1), "معا");
            let prev_kila = k > 0 && !self.t[k].brk && matches!(self.stem(k - 1), "كلا" | "كلتا" | "بين");
            if next_maan || prev_kila {
                return None;
            }
        }
        Some((wd, k + 1))
    }

    /// `الأسبوع الماضي` / `هذا الأسبوع` / `الأسبوع الحالي` ...: week offset and next index.
    fn rel_week(&self, j: usize) -> Option<(i32, usize)> {
        if self.kw(j) == Kw::Hadha && self.cont(j + 1) && self.stem(j + 1) == "الاسبوع" {
            return Some((0, j + 2));
        }
        if self.stem(j) == "الاسبوع" && self.cont(j + 1) {
            // `الأسبوع بعد المقبل`: the week after next.
            if self.kw(j + 1) == Kw::Baad && self.cont(j + 2) && self.kw(j + 2) == Kw::Next {
                return Some((2, j + 3));
            }
            let off = match self.kw(j + 1) {
                Kw::Past => -1,
                Kw::Next => 1,
                Kw::Current => 0,
                _ => return None,
            };
            return Some((off, j + 2));
        }
        None
    }

    /// Ordinal (1..=31) or `آخر` at `j`: `Some(0)` means last.
    fn ord_or_last(&self, j: usize) -> Option<(u8, usize)> {
        if matches!(self.stem(j), "اخر") {
            return Some((0, j + 1));
        }
        if !self.lex(j).num || self.lex(j).weekday.is_some() {
            return None;
        }
        let (v, used) = self.with_words(j, numbers::ordinal_prefix)?;
        (1..=31).contains(&v).then_some((v as u8, j + used))
    }

    /// After an nth phrase: `من`/`في`/`ب`+ month (`بشهر`, `بايلول`).
    fn nth_month(&self, k: usize) -> Option<(MonthHit, usize)> {
        if !self.cont(k) {
            return None;
        }
        let k2 = if matches!(self.kw(k), Kw::Min | Kw::Fi) { k + 1 } else { k };
        if !self.cont(k2) {
            return None;
        }
        let m = self.month_at(k2)?;
        Some((m, m.next))
    }

    // ---- phrase -----------------------------------------------------------------------

    fn phrase_cand(&self, i: usize) -> Option<Cand> {
        let p = self.phrase(i, Mode::Normal)?;
        // `يوم الأحد ...`, `يوم 15 أيلول`: the surface starts after `يوم`.
        let s = if self.stem(i) == "يوم" && p.end > i + 1 { i + 1 } else { i };
        Some(Cand { s, e: p.end, skip: self.skip(s), expr: Expr::Date(p.spec) })
    }

    /// Day, month and year in any of their written orders, with weekday, fuzzy part,
    /// ordinal-weekday (`ثالث ثلاثاء`) and relative forms.
    #[allow(clippy::too_many_lines)]
    fn phrase(&self, i: usize, mode: Mode) -> Option<Phrase> {
        let mut p = Phrase::default();
        let mut j = i;
        // `أسبوع 15 سبتمبر`: the week of a date (not `قبل أسبوع`, `مدة أسبوع`: a week's time).
        let amount_before = i > 0
            && !self.t[i].brk
            && (matches!(self.kw(i - 1), Kw::Qabl | Kw::Baad | Kw::Mundh | Kw::During) || self.lex(i - 1).trigger);
        if mode == Mode::Normal
            && self.stem(i) == "اسبوع"
            && self.t[i].clitic == 0
            && !amount_before
            && self.cont(i + 1)
            && (self.num(i + 1).is_some() || self.lex(i + 1).num)
        {
            p.spec.week_of = true;
            j += 1;
        }
        let shahr_month = |k: usize| self.stem(k) == "شهر" && self.cont(k + 1) && self.lex(k + 1).month.is_some();
        if self.kw(j) == Kw::Hadha
            && self.cont(j + 1)
            && (self.lex(j + 1).weekday.is_some() || self.lex(j + 1).month.is_some() || shahr_month(j + 1))
        {
            p.this = true;
            j += 1;
        }
        if let Kw::Fuzzy(fz) = self.kw(j)
            && self.cont(j + 1)
            && !(fz == Fuzzy::End && self.lex(j + 1).weekday.is_some())
            && !self.half_of_an_amount(j)
        {
            p.spec.fuzzy = Some(fz);
            j += 1;
        }
        let mut weekday_done = false;
        // `الأسبوع القادم (يوم) الجمعة`, `هذا الأسبوع الجمعة`.
        if p.spec.fuzzy.is_none()
            && let Some((off, k)) = self.rel_week(j)
            && self.cont(k)
            && let Some((wd, k2)) = self.weekday_at(k, false)
        {
            p.spec.week_off = Some(off);
            p.spec.weekday = Some(wd);
            j = k2;
            weekday_done = true;
        }
        // Ordinal-led: `أول ثلاثاء من`, `ثالث يوم ثلاثاء ب`, `آخر اثنين من`, `ثالث يوم من`,
        // `آخر يوم من`, `أول أسبوع ب`.
        let mut nth_done = false;
        if !weekday_done && p.spec.fuzzy.is_none_or(|f| f == Fuzzy::End) {
            let ol = if p.spec.fuzzy == Some(Fuzzy::End) { Some((0u8, j)) } else { self.ord_or_last(j) };
            if let Some((n, k)) = ol.filter(|&(_, k)| self.cont(k)) {
                let mut k2 = k;
                let yawm = self.kw(k2) == Kw::DayWord && self.stem(k2) == "يوم";
                if yawm && self.cont(k2 + 1) {
                    k2 += 1;
                }
                let what = if let Some((wd, after)) = self.lex(k2).weekday.filter(|_| n <= 5).map(|(w, _)| (w, k2 + 1))
                {
                    Some((Nth::Weekday(n, wd), after, None))
                } else if yawm {
                    if n == 0 { Some((Nth::LastDay, k + 1, None)) } else { Some((Nth::LastDay, k + 1, Some(n))) }
                } else if matches!(self.stem(k2), "اسبوع") && n <= 5 {
                    Some((Nth::Week(n), k2 + 1, None))
                } else {
                    None
                };
                if let Some((nth, after, day)) = what
                    && let Some((m, after_m)) = self.nth_month(after)
                {
                    match day {
                        Some(d) => p.spec.day = Some(d),
                        None => p.spec.nth = Some(nth),
                    }
                    p.spec.fuzzy = None;
                    p.has_day = true;
                    Self::set_month(&mut p, m);
                    j = after_m;
                    nth_done = true;
                }
            }
        }
        // `اليوم الثالث من`, `اليوم الأخير من`, `الأسبوع الأول من`, `الأسبوع الأخير في`.
        if !nth_done
            && !weekday_done
            && p.spec.fuzzy.is_none()
            && matches!(self.stem(j), "اليوم" | "الاسبوع")
            && self.cont(j + 1)
        {
            let week = self.stem(j) == "الاسبوع";
            let what = if self.kw(j + 1) == Kw::Last {
                Some((0u8, j + 2))
            } else if self.lex(j + 1).num {
                self.with_words(j + 1, numbers::ordinal_prefix)
                    .filter(|&(v, _)| (1..=31).contains(&v))
                    .map(|(v, used)| (v as u8, j + 1 + used))
            } else {
                None
            };
            if let Some((n, k)) = what
                && let Some((m, after_m)) = self.nth_month(k)
            {
                match (week, n) {
                    (true, n) if n <= 5 => p.spec.nth = Some(Nth::Week(n)),
                    (true, _) => return None,
                    (false, 0) => p.spec.nth = Some(Nth::LastDay),
                    (false, n) => p.spec.day = Some(n),
                }
                p.has_day = true;
                Self::set_month(&mut p, m);
                j = after_m;
                nth_done = true;
            } else if week
                && let Some((n, k)) = what
                && let Some(y) = self.week_year(k)
            {
                // `الأسبوع الثالث من عام 2027`, `الأسبوع الأول العام المقبل`: an ISO week.
                p.spec.nth = Some(Nth::Week(n));
                p.spec.year = Some(y.y);
                p.year = Some(y);
                j = y.next;
                nth_done = true;
            }
        }
        // Weekday, then what may follow it.
        if !nth_done && !weekday_done {
            // `احد الأسبوع الماضي`, `اثنين الأسبوع الحالي`, `ثلاثاء الأسبوع الفائت`.
            if let Some((wd, false)) = self.lex(j).weekday
                && self.cont(j + 1)
                && let Some((off, k)) = self.rel_week(j + 1)
            {
                p.spec.weekday = Some(wd);
                p.spec.week_off = Some(off);
                j = k;
                weekday_done = true;
            }
        }
        if !nth_done
            && !weekday_done
            && let Some((wd, k)) = self.weekday_at(j, false)
        {
            p.spec.weekday = Some(wd);
            j = k;
            weekday_done = true;
            // `الأحد الماضي`, `يوم الثلاثاء السابق`, `الثلاثاء القادم`.
            if self.cont(j) {
                match self.kw(j) {
                    Kw::Past => {
                        p.spec.wd_dir = Some(Dir::Past);
                        j += 1;
                    }
                    Kw::Next => {
                        p.spec.wd_dir = Some(Dir::Next);
                        j += 1;
                    }
                    _ => {}
                }
            }
            // `الأحد من الأسبوع الماضي`, `الجمعة الأسبوع المقبل`.
            if p.spec.wd_dir.is_none() && self.cont(j) {
                let k = if self.kw(j) == Kw::Min && self.cont(j + 1) { j + 1 } else { j };
                if let Some((off, k2)) = self.rel_week(k) {
                    p.spec.week_off = Some(off);
                    j = k2;
                }
            }
            // `الثلاثاء الأخير من شهر مارس`, `الثلاثاء الثالث من شهر أيلول`, `السبت السادس عشر`.
            if p.spec.wd_dir.is_none()
                && p.spec.week_off.is_none()
                && self.cont(j)
                && self.kw(j) == Kw::Last
                && let Some((m, after_m)) = self.nth_month(j + 1)
            {
                p.spec.nth = Some(Nth::Weekday(0, wd));
                p.has_day = true;
                Self::set_month(&mut p, m);
                j = after_m;
                nth_done = true;
            }
            if !nth_done && p.spec.wd_dir.is_none() && p.spec.week_off.is_none() && self.cont(j) {
                // Separators between the weekday and the date.
                let mut k = j;
                // A `.` continues only in a dateline (`• الجمعة. يوليو 26th`): see `text::tokenize`.
                if matches!(self.punct(k), Some(',' | '،' | '-' | '–' | '.')) && self.cont(k + 1) {
                    k += 1;
                }
                if self.kw(k) == Kw::Fi && self.cont(k + 1) {
                    k += 1;
                }
                if self.kw(k) == Kw::Muwafiq && self.cont(k + 1) {
                    k += 1;
                    if self.word(k) == "ل" && self.cont(k + 1) {
                        k += 1;
                    }
                }
                let day = self.day_at(k).filter(|&(_, after, _)| {
                    // An ordinal word after a comma or `في` is a date only when a month
                    // follows (`الأحد، في أول انتخابات` is "in the first elections").
                    let ordinal = self.num(k).is_none();
                    let month_next = self.cont(after)
                        && (self.lex(after).month.is_some()
                            || matches!(self.kw(after), Kw::Min | Kw::Shahr)
                            || self.stem(after) == "هذا");
                    let alone = !self.cont(after) || self.punct(after).is_some();
                    !ordinal || (k == j && self.t[k].clitic == 0) || month_next || (alone && self.t[k].clitic == 0)
                });
                if let Some((d, after, fem)) = day {
                    let ordinal = self.num(k).is_none();
                    if ordinal && d <= 5 {
                        if fem {
                            p.spec.nth = Some(Nth::Weekday(d, wd));
                        } else {
                            p.spec.day = Some(d);
                            p.spec.nth_alt = Some(d);
                        }
                    } else {
                        p.spec.day = Some(d);
                    }
                    p.has_day = true;
                    p.day_adjacent = true;
                    j = after;
                } else if k != j && (self.lex(k).month.is_some() || self.kw(k) == Kw::Shahr) {
                    j = k;
                }
            }
        }
        // A day written `2. أكتوبر`, at `k`.
        let mut dotted_day: Option<usize> = None;
        // Day before the month: `15 أيلول`, `الخامس عشر من أيلول`, `يوم 15 أيلول`, `28-نوفمبر`.
        if !nth_done && !p.has_day && (!weekday_done || p.spec.wd_dir.is_none()) && p.spec.week_off.is_none() {
            let mut k = j;
            if matches!(self.stem(k), "يوم" | "اليوم")
                && self.cont(k + 1)
                && (self.num(k + 1).is_some() || self.lex(k + 1).num)
            {
                k += 1;
            }
            if let Some((d, after, _)) = self.day_at_range(k, mode == Mode::Endpoint) {
                let mut m_at = after;
                let mut adjacent = true;
                if self.cont(m_at) && self.kw(m_at) == Kw::Min {
                    m_at += 1;
                    adjacent = false;
                } else if self.cont(m_at) && matches!(self.punct(m_at), Some('-' | '/' | '.')) && self.glued(m_at) {
                    // `2- أكتوبر`, `2/ أكتوبر`, `2. أكتوبر` (the tokenizer keeps the dot's
                    // sentence going only before a month name).
                    m_at += 1;
                }
                if self.cont(m_at) {
                    if let Some(m) = self.month_at(m_at).filter(|_| self.t[m_at].clitic == 0) {
                        if self.punct(after) == Some('.') {
                            dotted_day = Some(k);
                        }
                        p.spec.day = Some(d);
                        p.has_day = true;
                        p.day_adjacent = adjacent || p.day_adjacent;
                        Self::set_month(&mut p, m);
                        j = m.next;
                    } else if mode == Mode::Endpoint && self.num(k).is_some() {
                        p.spec.day = Some(d);
                        p.has_day = true;
                        j = after;
                    } else if mode == Mode::Endpoint && self.kw(after) == Kw::Min && self.lex(k).num {
                        // `من الثالث والعشرين وحتى السادس والعشرين من شهر أكتوبر`: the first end.
                        p.spec.day = Some(d);
                        p.has_day = true;
                        j = after;
                    } else if mode == Mode::Endpoint && self.lex(k).num {
                        p.spec.day = Some(d);
                        p.has_day = true;
                        j = after;
                    }
                } else if mode == Mode::Endpoint && self.num(k).is_some() {
                    p.spec.day = Some(d);
                    p.has_day = true;
                    j = after;
                }
            }
        }
        // Month (if the day did not bring one).
        if p.month.is_none()
            && !nth_done
            && p.spec.week_off.is_none()
            && p.spec.wd_dir.is_none()
            && self.cont_or_first(i, j)
        {
            let mut k = j;
            let fi_rel = self.kw(k) == Kw::Fi && matches!(self.stem(k + 1), "الشهر" | "هذا");
            if p.has_day
                && self.cont(k + 1)
                && (self.kw(k) == Kw::Min || fi_rel || (matches!(self.punct(k), Some('-' | '/')) && self.glued(k)))
            {
                k += 1;
            }
            let hit = self.month_at(k).or_else(|| if k == j { None } else { self.month_at(j) });
            // `الدفعة التاسعة لشهر أغسطس`: a day does not reach a month through a clitic.
            let hit = hit.filter(|_| !(p.has_day && self.t.get(k).is_some_and(|t| t.clitic > 0)));
            if let Some(m) = hit {
                Self::set_month(&mut p, m);
                j = m.next;
                // Day after the month: `يوليو 26th`, `مايو الحادي عشر`, `يناير-1`, `سبتمبر10`.
                if !p.has_day && self.cont(j) {
                    let mut k = j;
                    if matches!(self.punct(k), Some('-')) && self.glued(k) {
                        k += 1;
                    }
                    if let Some((d, after, _)) = self.day_at_range(k, mode == Mode::Endpoint) {
                        // Not the start of a year-range or a count (`يوليو 13 الى 15` is fine).
                        p.spec.day = Some(d);
                        p.has_day = true;
                        p.day_adjacent = true;
                        j = after;
                    }
                }
            }
        }
        // Modifier after a named month: `أيلول الماضي`, `يونيو القادم`.
        if let Some(MonthRef::Abs(_)) = p.spec.month
            && self.cont(j)
        {
            match self.kw(j) {
                Kw::Past => {
                    p.spec.month_dir = Some(Dir::Past);
                    j += 1;
                }
                Kw::Next => {
                    p.spec.month_dir = Some(Dir::Next);
                    j += 1;
                }
                Kw::Current if p.spec.cal == Cal::Greg => {
                    p.spec.year = Some(YearRef::Rel(0));
                    j += 1;
                }
                _ => {}
            }
        }
        // `مطلع العام`, `نهاية الشهر`: the current year or month.
        if p.spec.fuzzy.is_some() && p.month.is_none() && p.spec.year.is_none() && j == i + 1 && self.cont(j) {
            let next_adj = self.cont(j + 1) && self.word(j + 1).starts_with("ال") && self.t[j + 1].punct().is_none();
            match self.stem(j) {
                "العام" | "السنه" if !next_adj && self.year_at(j, false).is_none() => {
                    p.spec.year = Some(YearRef::Rel(0));
                    p.year = Some(YearHit { y: YearRef::Rel(0), marker: None, next: j + 1, word: true, words: 0 });
                    j += 1;
                }
                "الشهر" if !next_adj && self.month_at(j).is_none() => {
                    let m = MonthHit {
                        m: MonthRef::Rel(0),
                        cal: Cal::Greg,
                        next: j + 1,
                        amb: Amb::Clear,
                        sure: true,
                        madda: false,
                    };
                    Self::set_month(&mut p, m);
                    j += 1;
                }
                _ => {}
            }
        }
        // Year.
        let year_ok =
            p.spec.month_dir.is_none() && p.spec.year.is_none() && p.spec.week_off.is_none() && p.spec.wd_dir.is_none();
        if year_ok && self.cont_or_first(i, j) {
            let mut k = j;
            let dot = self.punct(k) == Some('.') && self.glued(k) && p.month.is_some();
            if (p.month.is_some() || p.spec.holiday.is_some())
                && (matches!(self.punct(k), Some(',' | '،')) || dot)
                && self.cont(k + 1)
            {
                k += 1;
            }
            // `سبتمبر الحادي والعشرين من ألف وتسعمائة وثمانية وسبعين`.
            if p.month.is_some()
                && self.kw(k) == Kw::Min
                && self.cont(k + 1)
                && (self.num(k + 1).is_some() || self.lex(k + 1).num)
            {
                k += 1;
            }
            // Only a year proper after a month; a lone year anywhere else.
            if let Some(y) = self.year_at(k, k > i) {
                let fits = p.month.is_some() || (!p.has_day && p.spec.weekday.is_none()) || p.spec.fuzzy.is_some();
                if fits {
                    p.spec.year = Some(y.y);
                    if let Some(c) = y.marker {
                        p.spec.year_cal = c;
                    }
                    p.year = Some(y);
                    j = y.next;
                }
            }
        }
        // `الأحد الثاني` with no month: the second Sunday of the publication month.
        if let (Some(n), None, Some(wd)) = (p.spec.nth_alt, p.spec.month, p.spec.weekday) {
            p.spec.nth = Some(Nth::Weekday(n, wd));
            p.spec.day = None;
            p.spec.nth_alt = None;
            p.spec.month = Some(MonthRef::Rel(0));
        }
        p.end = j;
        if j == i || (p.spec.fuzzy.is_some() && j == i + 1) {
            return None;
        }
        if p.spec.week_of && !(p.has_day && p.spec.day.is_some() && p.month.is_some()) {
            return None;
        }
        // `7.يوليو 4.87 ليرة`, `الدولار. 8. أغسطس`: an item number of a list at the start of a
        // sentence, unless a year makes the whole a date (`16. نوفمبر. 2016`).
        if let Some(k) = dotted_day
            && p.year.is_none()
            && (self.t[k].brk || (k > 0 && self.punct(k - 1).is_some()))
        {
            return None;
        }
        if mode == Mode::Endpoint {
            return (p.month.is_some() || p.year.is_some() || p.has_day || p.spec.weekday.is_some()).then_some(p);
        }
        self.accept(i, &mut p).then_some(p)
    }

    /// Position `j` may continue an expression begun at `i`.
    fn cont_or_first(&self, i: usize, j: usize) -> bool {
        j < self.t.len() && (j == i || !self.t[j].brk)
    }

    fn set_month(p: &mut Phrase, m: MonthHit) {
        p.spec.month = Some(m.m);
        p.spec.cal = m.cal;
        if m.cal == Cal::Hijri {
            p.spec.year_cal = Cal::Hijri;
        }
        p.month = Some(m);
    }

    /// Nothing counted can follow token `k`: the sentence ends, punctuation, a new clause
    /// (`و`/`ف` + word) or a preposition. An old bare year (`في 1789`) needs this.
    fn clause_ends(&self, k: usize) -> bool {
        if !self.cont(k) || self.punct(k).is_some() {
            return true;
        }
        let w = self.word(k);
        (w.starts_with('و') || w.starts_with('ف')) && w.len() > 4
            || self.lex(k).trigger
            || matches!(w, "علي" | "حين" | "حيث" | "عندما" | "عند" | "ثم" | "لكن" | "اي" | "الي")
    }

    /// Token `i` follows a preposition of time (`في`, `منذ`, `حتى`, `خلال` ...).
    fn after_preposition(&self, i: usize) -> bool {
        i > 0 && !self.t[i].brk && self.t[i - 1].lex.trigger && self.t[i - 1].punct().is_none()
    }

    /// Whether a whole phrase is a date, and settles the calendar of its year.
    fn accept(&self, i: usize, p: &mut Phrase) -> bool {
        let has_year = p.year.is_some() || p.spec.year.is_some();
        if let Some(y) = p.year
            && y.marker.is_none()
            && p.spec.cal == Cal::Hijri
        {
            // A Hijri month's year is Hijri unless it is plainly Gregorian (`رمضان 2019`).
            if let YearRef::Abs(v) = y.y {
                p.spec.year_cal = if v > 1600 { Cal::Greg } else { Cal::Hijri };
            }
        }
        if let Some(m) = p.month {
            let supported_day = p.has_day;
            let ok = match m.amb {
                Amb::Clear => true,
                Amb::Word => {
                    supported_day
                        || has_year
                        || m.sure
                        || p.spec.month_dir.is_some()
                        || p.spec.fuzzy.is_some()
                        || p.this
                        || self.after_preposition(i)
                }
                Amb::Strong => {
                    // `آب الماضي`, `نيسان المقبل`: the modifier says it is a month.
                    let base = supported_day || p.year.is_some() || m.sure || p.spec.month_dir.is_some();
                    let is_ab = matches!(m.m, MonthRef::Abs(8)) && p.spec.cal == Cal::Greg && !m.sure;
                    let ab_bare = is_ab && !m.madda;
                    // `هذا آب`, `هذا نيسان`: the masculine demonstrative of `شهر` (`هذه نيسان`
                    // is the car); `في آب` with its madda (`في نيسان` may be the car maker).
                    let this = p.this && self.stem(i) == "هذا";
                    let madda_after_preposition = is_ab && m.madda && self.after_preposition(i);
                    if ab_bare {
                        m.sure || (supported_day && p.year.is_some())
                    } else {
                        base || this || madda_after_preposition
                    }
                }
            };
            if !ok {
                return false;
            }
            // `صفر` is also zero (`فاز 2-صفر`): Safar needs a year or `شهر`.
            if p.spec.cal == Cal::Hijri && m.m == MonthRef::Abs(2) && !(has_year || m.sure) {
                return false;
            }
            // A lone Hijri month name (`رمضان`) is a period, not a date of this extractor,
            // unless `شهر` or a year or day says so.
            if p.spec.cal == Cal::Hijri && !(supported_day || has_year || m.sure || p.spec.month_dir.is_some()) {
                return false;
            }
            return true;
        }
        if p.has_day {
            return p.spec.weekday.is_some();
        }
        if matches!(p.spec.nth, Some(Nth::Week(_))) && p.year.is_some() {
            return true;
        }
        if let Some(y) = p.year {
            if y.word || matches!(y.y, YearRef::Rel(_)) || y.marker.is_some() {
                if y.marker.is_none() && !y.word && self.counted_after(y.next) {
                    return false;
                }
                return true;
            }
            // A bare year needs a preposition before it and no counted noun after it.
            let triggered = p.spec.fuzzy.is_some() || self.after_preposition(i);
            let YearRef::Abs(v) = y.y else { return false };
            let old_ok = (1000..1900).contains(&v)
                && i > 0
                && matches!(self.kw(i - 1), Kw::Fi | Kw::Mundh)
                && self.clause_ends(y.next);
            let plausible = ((1900..=2100).contains(&v) || old_ok) && (y.words == 0 || y.words >= 2);
            if triggered && plausible && !self.counted_after(y.next) {
                p.spec.weak_year = true;
                return true;
            }
            return false;
        }
        if p.spec.weekday.is_some() {
            return p.spec.fuzzy.is_none();
        }
        false
    }

    // ---- numeric dates ----------------------------------------------------------------

    /// `15/9/2014`, `2014-09-15`, `24.03.2019`, `١٥/٩/٢٠١٤`, `9/2014`, and after a trigger
    /// `15/9`.
    fn numeric(&self, i: usize) -> Option<Cand> {
        let (a, na) = self.num(i)?;
        if i >= 2
            && self.glued(i)
            && matches!(self.punct(i - 1), Some('/' | '-' | '.' | ':'))
            && self.glued(i - 1)
            && self.num(i - 2).is_some()
        {
            return None;
        }
        let sep = self.punct(i + 1).filter(|c| matches!(c, '/' | '-' | '.'))?;
        if !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let (b, nb) = self.num(i + 2)?;
        let third = (self.punct(i + 3) == Some(sep) && self.glued(i + 3) && self.glued(i + 4))
            .then(|| self.num(i + 4))
            .flatten();
        let end = if third.is_some() { i + 5 } else { i + 3 };
        // Something longer glued on (`1.2.3.4`, `0933-123-456`, `12:30`): not a date.
        if self.glued(end)
            && (matches!(self.punct(end), Some('/' | '-' | '.' | ':'))
                && self.num(end + 1).is_some()
                && self.glued(end + 1)
                || self.num(end).is_some())
        {
            return None;
        }
        let mut spec = DateSpec::default();
        if let Some((c, nc)) = third {
            let (y, m, d, swapped) = if na == 4 && nb <= 2 && nc <= 2 {
                (a, b, c, false)
            } else if na <= 2 && nb <= 2 && (nc == 4 || nc == 2) {
                let y = if nc == 2 { if c < 50 { 2000 + c } else { 1900 + c } } else { c };
                if b > 12 && a <= 12 { (y, a, b, true) } else { (y, b, a, false) }
            } else {
                return None;
            };
            spec.year = Some(YearRef::Abs(y as i32));
            spec.month = Some(MonthRef::Abs(m.min(255) as u8));
            spec.day = Some(d.min(255) as u8);
            spec.swapped = swapped;
            let valid =
                (1..=12).contains(&m) && khabar_core::CivilDate::new(y as i32, m as u8, d.min(255) as u8).is_some();
            let expr = if valid { Expr::Date(spec) } else { Expr::Rejected };
            return Some(Cand { s: i, e: end, skip: 0, expr });
        }
        if sep == '.' {
            return None;
        }
        if na == 4 && nb <= 2 && (1..=12).contains(&b) && (1000..=2100).contains(&a) {
            spec.year = Some(YearRef::Abs(a as i32));
            spec.month = Some(MonthRef::Abs(b as u8));
            return Some(Cand { s: i, e: end, skip: 0, expr: Expr::Date(spec) });
        }
        if nb == 4 && na <= 2 && (1..=12).contains(&a) && (1000..=2100).contains(&b) {
            spec.year = Some(YearRef::Abs(b as i32));
            spec.month = Some(MonthRef::Abs(a as u8));
            return Some(Cand { s: i, e: end, skip: 0, expr: Expr::Date(spec) });
        }
        if na <= 2 && nb <= 2 {
            // Day and month only: needs a trigger (`في 15/9`, `بتاريخ 15/9`, `يوم 15/9`).
            let prev = i.checked_sub(1).filter(|_| !self.t[i].brk);
            let triggered = prev.is_some_and(|p| {
                let lx = self.lex(p);
                matches!(lx.kw, Kw::Fi | Kw::Tarikh | Kw::DayWord | Kw::Mundh | Kw::To) || lx.weekday.is_some()
            });
            // `22/04`: a zero-padded two-digit pair is written by a date, not a score or a ratio
            // (`3/1`, `21/20`), unless it is a number (`رقم 12/04`).
            let padded = na == 2 && nb == 2 && (a < 10 || b < 10) && b <= 12;
            let numbered = prev.is_some_and(|p| matches!(self.stem(p), "رقم" | "عدد" | "الرقم"));
            if !(triggered || padded && !numbered) {
                return None;
            }
            let (m, d, swapped) = if b > 12 && a <= 12 { (a, b, true) } else { (b, a, false) };
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return None;
            }
            if khabar_core::CivilDate::new(2000, m as u8, d as u8).is_none() {
                return Some(Cand { s: i, e: end, skip: 0, expr: Expr::Rejected });
            }
            spec.month = Some(MonthRef::Abs(m as u8));
            spec.day = Some(d as u8);
            spec.swapped = swapped;
            return Some(Cand { s: i, e: end, skip: 0, expr: Expr::Date(spec) });
        }
        None
    }

    // ---- intervals ----------------------------------------------------------------------

    /// One end of an interval: a phrase, a numeric date, or a relative day (`اليوم`, `غداً`).
    fn endpoint(&self, j: usize) -> Option<Phrase> {
        let mut best = self.phrase(j, Mode::Endpoint);
        if let Some(c) = self.numeric(j)
            && let Expr::Date(sp) = c.expr
            && best.is_none_or(|b| c.e > b.end)
        {
            let has_day = sp.day.is_some();
            best = Some(Phrase { spec: sp, end: c.e, has_day, ..Phrase::default() });
        }
        if let Some(c) = self.relative(j)
            && let Expr::RelDay(off, wd) = c.expr
            && best.is_none_or(|b| c.e > b.end)
        {
            let spec = DateSpec { rel_day: Some(off), weekday: wd, ..DateSpec::default() };
            best = Some(Phrase { spec, end: c.e, has_day: true, ..Phrase::default() });
        }
        best
    }

    /// `بين عامي 2014 و2017`, `من 2014 إلى 2017`, `من 13 إلى 15 تموز`, `13-15 تموز`,
    /// `تموز 13 الى 15`, `2014-2017`, `من الأحد حتى الخميس`, `اليوم حتى الغد`.
    #[allow(clippy::too_many_lines)]
    fn interval(&self, i: usize) -> Option<Cand> {
        let lead = self.kw(i);
        let has_lead = matches!(lead, Kw::Min | Kw::Bayn);
        let mut j = if has_lead { i + 1 } else { i };
        if has_lead && !self.cont(j) {
            return None;
        }
        if has_lead && self.kw(j) == Kw::YearDual && self.cont(j + 1) {
            j += 1;
        }
        let a = self.endpoint(j)?;
        let k = a.end;
        if !self.cont(k) {
            return None;
        }
        // Connector; `و` may be glued to what follows (`و2017`, `وعام 2017`).
        let (b_at, dash) = match self.kw(k) {
            Kw::To if lead != Kw::Bayn && self.cont(k + 1) => (k + 1, false),
            Kw::Wa if lead == Kw::Bayn && self.cont(k + 1) => (k + 1, false),
            _ if lead == Kw::Bayn && self.word(k).starts_with('و') && self.t[k].clitic >= 2 => (k, false),
            _ if matches!(self.punct(k), Some('-' | '–' | '—')) && self.cont(k + 1) => (k + 1, true),
            _ => return None,
        };
        let b = self.endpoint(b_at)?;
        let (mut sa, mut sb) = (a.spec, b.spec);
        let day_like =
            |p: &Phrase| p.has_day || p.spec.weekday.is_some() || p.spec.rel_day.is_some() || p.spec.nth.is_some();
        let (da, db) = (day_like(&a), day_like(&b));
        if sa.month.is_none() && sb.month.is_some() && a.has_day && sa.weekday.is_none() && sa.rel_day.is_none() {
            sa.month = sb.month;
            sa.cal = sb.cal;
        }
        if sb.month.is_none() && sa.month.is_some() && b.has_day && sb.weekday.is_none() && sb.rel_day.is_none() {
            sb.month = sa.month;
            sb.cal = sa.cal;
        }
        if sa.year.is_none() && sb.year.is_some() && sa.month.is_some() && sa.month.is_some() == sb.month.is_some() {
            sa.year = sb.year;
            sa.year_cal = sb.year_cal;
        }
        if da != db || sa.fuzzy.is_some() || sb.fuzzy.is_some() {
            return None;
        }
        // A day with neither month nor weekday nor relative anchor is just a number.
        let anchored = |s: &DateSpec| s.month.is_some() || s.weekday.is_some() || s.rel_day.is_some();
        if da && !(anchored(&sa) && anchored(&sb)) {
            return None;
        }
        if !da && sa.month.is_some() != sb.month.is_some() {
            return None;
        }
        let years_only = !da && sa.month.is_none();
        if years_only {
            let (Some(ya), Some(yb)) = (a.year, b.year) else {
                return None;
            };
            let (YearRef::Abs(va), YearRef::Abs(vb)) = (ya.y, yb.y) else {
                return None;
            };
            let plausible = |y: &YearHit, v: i32| y.words > 0 || y.word || (1000..=2100).contains(&v);
            if va >= vb || vb - va > 200 || !plausible(&ya, va) || !plausible(&yb, vb) {
                return None;
            }
            if !has_lead && !dash && !ya.word {
                return None;
            }
            if !has_lead && self.counted_after(b.end) {
                return None;
            }
        }
        // Ambiguous month names need a day or a year, as in a whole phrase (Safar, also
        // "zero", always a year).
        for m in [a.month, b.month].into_iter().flatten() {
            let year = sa.year.is_some() || sb.year.is_some();
            if m.amb != Amb::Clear && !(da || year || m.sure) {
                return None;
            }
            if m.cal == Cal::Hijri && m.m == MonthRef::Abs(2) && !(year || m.sure) {
                return None;
            }
        }
        // Weekdays alone make an interval only with `من`/`بين` or `حتى` (`الجمعة حتى الأحد`).
        if (sa.weekday.is_some() && sa.month.is_none()) && dash {
            return None;
        }
        if sa.cal != sb.cal {
            return None;
        }
        if sa.cal == Cal::Hijri && sa.year.is_none() {
            sa.year_cal = Cal::Hijri;
        }
        // `يوم الجمعة حتى الأحد`: the surface starts at the weekday (with a lead, at the lead).
        let s = if !has_lead && self.stem(i) == "يوم" && sa.weekday.is_some() { i + 1 } else { i };
        Some(Cand { s, e: b.end, skip: self.skip(s), expr: Expr::Interval(sa, sb) })
    }

    // ---- relative -----------------------------------------------------------------------

    /// `اليوم`, `أمس`, `أول أمس`, `غداً`, `بعد غد`, `الأسبوع الماضي`, `قبل ثلاثة أيام`,
    /// `بعد أسبوعين`, `منذ عامين`, `اليوم التالي`.
    fn relative(&self, i: usize) -> Option<Cand> {
        let c = |e: usize, expr: Expr| Some(Cand { s: i, e, skip: self.skip(i), expr });
        let kw = self.kw(i);
        let stem = self.stem(i);
        match kw {
            Kw::Today => {
                if !self.cont(i + 1) {
                    return if self.nowadays(i) { None } else { c(i + 1, Expr::RelDay(0, None)) };
                }
                let nk = self.kw(i + 1);
                if let Some((wd, true)) = self.lex(i + 1).weekday {
                    return c(i + 2, Expr::RelDay(0, Some(wd)));
                }
                match nk {
                    Kw::Past => return c(i + 2, Expr::RelDay(-1, None)),
                    Kw::Next => return c(i + 2, Expr::Narrative),
                    _ => {}
                }
                // `اليوم الذي بعد الغد`, `اليوم الي قبل امبارح`, `اليوم القبل البارحة`.
                let mut k = i + 1;
                if matches!(self.stem(k), "الذي" | "الي" | "اللي") && self.cont(k + 1) {
                    k += 1;
                }
                if let Some((off, e)) = self.before_after(k) {
                    return c(e, Expr::RelDay(off, None));
                }
                let next = self.word(i + 1);
                let next_is_def_word = self.t[i + 1].is_num()
                    || (next.starts_with("ال") && self.t[i + 1].punct().is_none())
                    || self.lex(i + 1).num;
                if next_is_def_word || self.nowadays(i) {
                    return None;
                }
                c(i + 1, Expr::RelDay(0, None))
            }
            Kw::Yesterday => c(i + 1, Expr::RelDay(-1, None)),
            Kw::Tomorrow => c(i + 1, Expr::RelDay(1, None)),
            Kw::DayWord if stem == "يوم" && self.cont(i + 1) => match self.kw(i + 1) {
                Kw::Yesterday => c(i + 2, Expr::RelDay(-1, None)),
                Kw::Tomorrow => c(i + 2, Expr::RelDay(1, None)),
                _ => {
                    let (off, e) = self.before_after(i + 1)?;
                    c(e, Expr::RelDay(off, None))
                }
            },
            Kw::Qabl | Kw::Baad | Kw::Mundh => {
                if let Some((off, e)) = self.before_after(i) {
                    return c(e, Expr::RelDay(off, None));
                }
                self.shift(i)
            }
            Kw::Hadha if self.cont(i + 1) && self.kw(i + 1) == Kw::Today => c(i + 2, Expr::RelDay(0, None)),
            // `مطلع الأسبوع المقبل`, `أواخر الأسبوع الماضي`: the week.
            Kw::Fuzzy(_) if self.cont(i + 1) => {
                let (off, e) = self.rel_week(i + 1)?;
                c(e, Expr::RelWeek(off))
            }
            Kw::Hadha | Kw::Week => {
                let (off, e) = self.rel_week(i)?;
                c(e, Expr::RelWeek(off))
            }
            _ if matches!(stem, "اول") && self.cont(i + 1) => {
                // `أول أمس`, `أول من أمس`, `أول البارحة`.
                let k = if self.kw(i + 1) == Kw::Min && self.cont(i + 2) { i + 2 } else { i + 1 };
                (self.kw(k) == Kw::Yesterday).then_some(())?;
                c(k + 1, Expr::RelDay(-2, None))
            }
            _ => None,
        }
    }

    /// A bare `اليوم` after a verb of continuing (`تستمر الجهود اليوم`, `لا يزال اليوم`,
    /// `باتت المدينة اليوم`) means "nowadays", not the day of publication.
    fn nowadays(&self, i: usize) -> bool {
        const CONTINUING: [&str; 22] = [
            "تستمر",
            "يستمر",
            "تتواصل",
            "يتواصل",
            "تزال",
            "يزال",
            "زال",
            "زالت",
            "مازال",
            "مازالت",
            "تظل",
            "يظل",
            "ظل",
            "ظلت",
            "بات",
            "باتت",
            "اصبح",
            "اصبحت",
            "اضحى",
            "اضحت",
            "يعيش",
            "تعيش",
        ];
        let mut k = i;
        for _ in 0..3 {
            if k == 0 || self.t[k].brk {
                return false;
            }
            k -= 1;
            if CONTINUING.contains(&self.word(k)) {
                return true;
            }
        }
        false
    }

    /// `قبل أمس`, `قبل يوم أمس`, `بعد غد`, `بعد الغد`: offset and next index.
    fn before_after(&self, k: usize) -> Option<(i32, usize)> {
        if !self.cont(k + 1) {
            return None;
        }
        match self.kw(k) {
            Kw::Qabl => {
                let k2 = if self.stem(k + 1) == "يوم" && self.cont(k + 2) { k + 2 } else { k + 1 };
                (self.kw(k2) == Kw::Yesterday).then_some((-2, k2 + 1))
            }
            Kw::Baad => {
                let k2 = if self.stem(k + 1) == "يوم" && self.cont(k + 2) { k + 2 } else { k + 1 };
                (self.kw(k2) == Kw::Tomorrow).then_some((2, k2 + 1))
            }
            _ => None,
        }
    }

    /// An amount of a unit at `k`: digits or number words + unit, a dual unit, or (when
    /// `single_ok`) a singular unit meaning one. Returns the amount (`None` = vague:
    /// `بضعة أيام`), the unit and the next index.
    fn amount_unit(&self, k: usize, single_ok: bool) -> Option<(Option<u64>, Unit, usize)> {
        if !self.cont(k) && k > 0 {
            return None;
        }
        let lx = self.lex(k);
        if let Some(u) = lx.unit.filter(|u| !u.def) {
            return match u.count {
                Count::Two => Some((Some(2), u.unit, k + 1)),
                Count::One if single_ok && !matches!(self.stem(k), "عقد") => Some((Some(1), u.unit, k + 1)),
                _ => None,
            };
        }
        let (n, after) = if let Some((v, _)) = self.num(k) {
            if self.is_numeric_piece(k) {
                return None;
            }
            (Some(u64::from(v)), k + 1)
        } else if lx.kw == Kw::Few {
            (None, k + 1)
        } else if lx.num {
            let (v, used) = self.with_words(k, numbers::cardinal_prefix)?;
            (Some(v), k + used)
        } else {
            return None;
        };
        if n == Some(0) || !self.cont(after) {
            return None;
        }
        let u = self.lex(after).unit.filter(|u| !u.def && u.count != Count::Two)?;
        Some((n, u.unit, after + 1))
    }

    /// `قبل ثلاثة أيام`, `بعد أسبوعين`, `منذ عامين`, `قبل شهر`: publication moved. When
    /// followed by `من`/`على` + something other than now (`بعد سنتين من التحرير`), the
    /// expression is relative to an event, and only the duration is reported.
    fn shift(&self, i: usize) -> Option<Cand> {
        let dir: i64 = if self.kw(i) == Kw::Baad { 1 } else { -1 };
        let (n, unit, e) = self.amount_unit(i + 1, true)?;
        // `يوماً بعد يوم`, `سنة بعد سنة`: one after another, not a date.
        if i > 0 && !self.t[i].brk && self.lex(i - 1).unit.is_some_and(|u| u.unit == unit) {
            return None;
        }
        // `منذ عام 1990`: `عام` introduces a year here, not an amount.
        let wa = self.t.get(e).is_some_and(|t| t.clitic == 2) && self.word(e).starts_with('و');
        if e == i + 2 && self.cont(e) && !wa && (self.num(e).is_some() || self.lex(e).num) {
            return None;
        }
        let anaphoric = self.cont(e)
            && matches!(self.kw(e), Kw::Min)
            && !(self.cont(e + 1) && matches!(self.stem(e + 1), "الان" | "اليوم"))
            || self.cont(e) && self.stem(e) == "علي";
        if anaphoric {
            return None;
        }
        let mut end = e;
        if self.cont(e) && self.kw(e) == Kw::Min && self.cont(e + 1) && matches!(self.stem(e + 1), "الان" | "اليوم")
        {
            end = e + 2;
        }
        let n = n?;
        if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
            return Some(Cand { s: i + 1, e, skip: self.skip(i + 1), expr: Expr::Duration(Some(n), unit) });
        }
        // `بعد سنة و3 أشهر`, `قبل عامين وشهر`: several amounts.
        if let Some((all, e2)) = self.more_amounts(i + 1, n, unit, e).filter(|(a, _)| !a.clock()) {
            let anaphoric = self.cont(e2) && matches!(self.kw(e2), Kw::Min) && !self.now_after(e2)
                || self.cont(e2) && self.stem(e2) == "علي";
            if anaphoric {
                return None;
            }
            let end = if self.now_after(e2) { e2 + 2 } else { e2 };
            return Some(Cand { s: i, e: end, skip: self.skip(i), expr: Expr::ShiftAll(all, dir) });
        }
        let signed = i64::try_from(n).ok()?.checked_mul(dir)?;
        Some(Cand { s: i, e: self.in_future(end, dir), skip: self.skip(i), expr: Expr::Shift(signed, unit) })
    }

    /// `الأيام الثلاثة الماضية`, `الشهرين الماضيين`, `السنوات الخمس الماضية`,
    /// `الأسابيع الثلاثة القادمة`, `3 أيام القادمة`, `الأشهر الماضية` (vague).
    fn span(&self, i: usize) -> Option<Cand> {
        let lx = self.lex(i);
        let (n, unit, k) = if let Some(u) = lx.unit.filter(|u| u.def && u.count != Count::One) {
            let mut n = (u.count == Count::Two).then_some(2u32);
            let mut k = i + 1;
            // `الأيام العديدة الماضية`, `الأشهر القليلة المقبلة`: vague.
            if self.cont(k) && matches!(self.stem(k), "العديده" | "القليله" | "الاخيره") && self.cont(k + 1)
            {
                k += 1;
            }
            if n.is_none() && self.cont(k) {
                if let Some((v, _)) = self.num(k) {
                    n = Some(v);
                    k += 1;
                } else if let Some(w) = self.stem(k).strip_prefix("ال") {
                    if let Some(v) = numbers::parse_number_words(w) {
                        n = u32::try_from(v).ok();
                        k += 1;
                    }
                } else if self.word(k) == "ال"
                    && self.glued(k + 1)
                    && let Some((v, _)) = self.num(k + 1)
                {
                    n = Some(v);
                    k += 2;
                }
            }
            (n, u.unit, k)
        } else if self.stem(i) == "اخر" && self.cont(i + 1) {
            // `آخر ثلاث سنوات`, `آخر 3 أشهر`: the last n units.
            let (n, unit, k) = self.amount_unit(i + 1, false)?;
            return Some(Cand {
                s: i,
                e: k,
                skip: self.skip(i),
                expr: Expr::Span(n.and_then(|v| u32::try_from(v).ok()), unit, Dir::Past),
            });
        } else {
            let (n, unit, k) = self.amount_unit(i, false)?;
            (n.and_then(|v| u32::try_from(v).ok()), unit, k)
        };
        if !self.cont(k) {
            return None;
        }
        let dir = match self.kw(k) {
            Kw::Past => Dir::Past,
            Kw::Next => Dir::Next,
            _ => return None,
        };
        Some(Cand { s: i, e: k + 1, skip: self.skip(i), expr: Expr::Span(n, unit, dir) })
    }

    /// `ستة أيام`, `30 يوم`, `سنتين`, `بضعة أشهر`, `يوم كامل`, `عام واحد`, `طوال العام`,
    /// `لمدة شهر` (the surface leaves `لمدة` out).
    fn duration(&self, i: usize) -> Option<Cand> {
        let whole = |k: usize| self.cont(k) && matches!(self.stem(k), "كامل" | "كامله" | "واحد" | "واحده");
        let singular = |k: usize| {
            (k == i || self.cont(k)) && self.lex(k).unit.is_some_and(|u| u.count == Count::One) && self.stem(k) != "عقد"
        };
        if self.kw(i) == Kw::During && singular(i + 1) {
            let unit = self.lex(i + 1).unit.expect("checked").unit;
            let e = if whole(i + 2) { i + 3 } else { i + 2 };
            let (s, def) = (if self.stem(i) == "مده" { i + 1 } else { i }, self.lex(i + 1).unit.is_some_and(|u| u.def));
            // `مدة العام` is not "for a year"; `طوال العام` is "all year".
            if def && s != i {
                return None;
            }
            if !def && let Some((all, e2)) = self.more_amounts(i + 1, 1, unit, e) {
                return Some(Cand { s, e: e2, skip: self.skip(s), expr: Expr::Durations(all) });
            }
            return Some(Cand { s, e, skip: self.skip(s), expr: Expr::Duration(Some(1), unit) });
        }
        let bare_one = singular(i) && !self.lex(i).unit.is_some_and(|u| u.def) && self.one_unit(i).is_some();
        let (n, unit, e) = if singular(i) && !self.lex(i).unit.is_some_and(|u| u.def) && whole(i + 1) {
            (Some(1), self.lex(i).unit.expect("checked").unit, i + 2)
        } else if let Some((all, e)) =
            bare_one.then(|| self.more_amounts(i, 1, self.lex(i).unit.expect("checked").unit, i + 1)).flatten()
        {
            // `ساعة و42 دقيقة`, `عام وشهرين`: a singular unit opens a sum.
            return Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::Durations(all) });
        } else {
            let (n, unit, mut e) = self.amount_unit(i, false)?;
            if whole(e) && n == Some(1) {
                e += 1;
            }
            (n, unit, e)
        };
        let c = |e: usize, expr: Expr| Some(Cand { s: i, e, skip: self.skip(i), expr });
        let Some(n) = n else { return c(e, Expr::Duration(None, unit)) };
        let (all, e) = self.more_amounts(i, n, unit, e).unwrap_or((Amounts::one(n, unit), e));
        // `عامين من الآن`, `1 شهر و 21 يوم من الآن`: a date ahead of publication.
        if self.now_after(e) && !all.clock() {
            // `قبل (نحو) ثلاث سنوات من الآن` is back from now.
            let back = (1..=2).any(|b| {
                i >= b && (i + 1 - b..=i).all(|k| !self.t[k].brk) && matches!(self.kw(i - b), Kw::Qabl | Kw::Mundh)
            });
            return c(e + 2, Expr::ShiftAll(all, if back { -1 } else { 1 }));
        }
        if all.len > 1 { c(e, Expr::Durations(all)) } else { c(e, Expr::Duration(Some(n), unit)) }
    }

    /// `من الآن` at `k` (after an amount: "from now").
    fn now_after(&self, k: usize) -> bool {
        self.cont(k) && self.kw(k) == Kw::Min && self.cont(k + 1) && self.stem(k + 1) == "الان"
    }

    /// `في المستقبل` after a forward shift (`بعد 4 أسابيع في المستقبل`) belongs to it.
    fn in_future(&self, e: usize, dir: i64) -> usize {
        let fi = dir > 0 && self.cont(e) && self.kw(e) == Kw::Fi && self.cont(e + 1) && self.stem(e + 1) == "المستقبل";
        if fi { e + 2 } else { e }
    }

    /// More amounts after a first one (`n` `unit`, read from `i` to `e`): `و` + amount, `و` +
    /// a singular unit meaning one (`و شهر`, not `وشهر رمضان`), or with no `و` digits and a
    /// unit (`2 سنة 1 شهر 21 يوم`). Each unit is smaller than the one before, as Arabic writes a
    /// sum (`3 سنوات وشهر و15 يوماً`; `21 شهرا و11 عاما` is a list); after `بين` the amounts
    /// are two ends (`بين أسبوع وشهر`), not one sum. `None` unless a second amount is read.
    fn more_amounts(&self, i: usize, n: u64, unit: Unit, e: usize) -> Option<(Amounts, usize)> {
        if i > 0 && !self.t[i].brk && self.kw(i - 1) == Kw::Bayn {
            return None;
        }
        let mut all = Amounts::one(n, unit);
        let mut k = e;
        while usize::from(all.len) < all.parts.len() && self.cont(k) {
            let (at, joined) = if self.kw(k) == Kw::Wa && self.cont(k + 1) {
                (k + 1, true)
            } else if self.t[k].clitic == 2 && self.word(k).starts_with('و') {
                (k, true)
            } else {
                (k, false)
            };
            let part = match self.amount_unit(at, false) {
                Some((Some(m), u, next)) => Some((m, u, next)),
                None if joined => self.one_unit(at),
                Some((None, ..)) | None => None,
            };
            let Some((m, u, mut next)) = part else { break };
            // Without `و`, digits only (`عقدين ست سنوات` is two amounts); larger units first.
            if u >= all.last_unit() || (!joined && self.num(at).is_none()) {
                break;
            }
            if m == 1 && self.cont(next) && matches!(self.stem(next), "واحد" | "واحده") {
                next += 1;
            }
            all.parts[usize::from(all.len)] = (m, u);
            all.len += 1;
            k = next;
        }
        (all.len > 1).then_some((all, k))
    }

    /// A singular unit word alone at `k`, meaning one (`شهر`, `يوماً`), when nothing makes it
    /// the head of something else: a number (`عام 2015`), a month (`شهر رمضان`), a weekday
    /// (`يوم الجمعة`), a holiday or a definite noun (`أسبوع الموضة`).
    fn one_unit(&self, k: usize) -> Option<(u64, Unit, usize)> {
        let u = self.lex(k).unit.filter(|u| !u.def && u.count == Count::One && self.stem(k) != "عقد")?;
        if self.cont(k + 1) {
            let nx = self.lex(k + 1);
            let w = self.stem(k + 1);
            let headed = self.num(k + 1).is_some()
                || (nx.num && !matches!(w, "واحد" | "واحده"))
                || nx.month.is_some()
                || nx.weekday.is_some()
                || nx.holiday
                || (w.starts_with("ال") && self.t[k + 1].punct().is_none());
            if headed {
                return None;
            }
        }
        Some((1, u.unit, k + 1))
    }

    // ---- decades, centuries, holidays -----------------------------------------------------

    /// `الثمانينيات`, `تسعينيات القرن الماضي`, `عقد التسعينات`, `القرن العشرين`, `القرن الـ21`.
    fn decade(&self, i: usize) -> Option<Cand> {
        let mut k = i;
        if self.kw(k) == Kw::Decade && self.cont(k + 1) && self.lex(k + 1).decade > 0 {
            k += 1;
        }
        let tens = self.lex(k).decade;
        if tens > 0 {
            let mut e = k + 1;
            let mut century = None;
            let c_at = if self.cont(e) && self.kw(e) == Kw::Min { e + 1 } else { e };
            if self.cont(c_at)
                && let Some((c, after)) = self.century_at(c_at)
            {
                century = Some(c);
                e = after;
            }
            return Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::Decade(tens, century) });
        }
        let (c, e) = self.century_at(i)?;
        Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::Century(c) })
    }

    fn century_at(&self, k: usize) -> Option<(CenturyRef, usize)> {
        if self.kw(k) != Kw::Century || !self.cont(k + 1) {
            return None;
        }
        match self.kw(k + 1) {
            Kw::Past => return Some((CenturyRef::Rel(-1), k + 2)),
            Kw::Current => return Some((CenturyRef::Rel(0), k + 2)),
            Kw::Next => return Some((CenturyRef::Rel(1), k + 2)),
            _ => {}
        }
        if self.word(k + 1) == "ال" && self.glued(k + 2) {
            let (v, nd) = self.num(k + 2)?;
            return (nd <= 2 && (1..=30).contains(&v)).then_some((CenturyRef::Abs(v as i32), k + 3));
        }
        if let Some((v, nd)) = self.num(k + 1) {
            return (nd <= 2 && (1..=30).contains(&v)).then_some((CenturyRef::Abs(v as i32), k + 2));
        }
        let (v, used) = self.with_words(k + 1, numbers::ordinal_prefix)?;
        (1..=30).contains(&v).then_some((CenturyRef::Abs(v as i32), k + 1 + used))
    }

    /// `عيد الفطر`, `عيد الأضحى 2013`, `رأس السنة الهجرية`, `عيد الميلاد 2020`.
    fn holiday(&self, i: usize) -> Option<Cand> {
        let start = if self.kw(i) == Kw::DayWord && self.stem(i) == "يوم" && self.cont(i + 1) && self.lex(i + 1).holiday
        {
            i + 1
        } else {
            i
        };
        if !self.lex(start).holiday {
            return None;
        }
        let (rule, used) = self.with_words(start, hijri::holiday_prefix)?;
        // `عيد الميلاد` with a possessor (`عيد ميلاده`) never reaches here; `عيد الميلاد`
        // followed by a number of years (`عيد الميلاد الـ80`) is a birthday.
        let mut e = start + used;
        if self.cont(e) && FILLERS.contains(&self.stem(e)) {
            e += 1;
        }
        let mut spec = DateSpec { holiday: Some(rule), ..DateSpec::default() };
        if let Rule::Hijri(m, d) = rule {
            spec.cal = Cal::Hijri;
            spec.month = Some(MonthRef::Abs(m));
            spec.day = Some(d);
        }
        if self.cont(e) {
            let k = if matches!(self.punct(e), Some(',' | '،')) { e + 1 } else { e };
            if let Some(y) = self.year_at(k, true).filter(|y| y.word || y.marker.is_some() || y.words == 0) {
                spec.year = Some(y.y);
                spec.year_cal = match (y.marker, y.y) {
                    (Some(c), _) => c,
                    (None, YearRef::Abs(v)) if v <= 1600 && spec.cal == Cal::Hijri => Cal::Hijri,
                    _ => Cal::Greg,
                };
                e = y.next;
            } else if let Some((_, k2)) = self.rel_year_word(k) {
                let (off, _) = self.rel_year_word(k).expect("just matched");
                spec.year = Some(YearRef::Rel(off));
                e = k2;
            }
        }
        Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::Date(spec) })
    }

    /// `سبع سنوات ونصف السنة`, `ساعتين ونصف`: `نصف` after an amount is a half, not the middle.
    fn half_of_an_amount(&self, j: usize) -> bool {
        matches!(self.stem(j), "نصف" | "نص")
            && j > 0
            && self.word(j).starts_with('و')
            && (self.lex(j - 1).unit.is_some() || self.lex(j - 1).num || self.t[j - 1].is_num())
    }

    /// `صيف 2014`, `صيف عام 2014`, `شتاء العام الماضي`, `الصيف الماضي`, `الشتاء المقبل`,
    /// `هذا الصيف`: a season. A bare season (`الصيف`, `الربيع العربي`) is not a date.
    fn season(&self, i: usize) -> Option<Cand> {
        let this = self.kw(i) == Kw::Hadha && self.cont(i + 1);
        let k = if this { i + 1 } else { i };
        let Kw::Season(season) = self.kw(k) else { return None };
        let c = |e: usize, r: SeasonRef| Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::Season(season, r) });
        let def = self.stem(k).starts_with("ال");
        if this {
            return if def { c(k + 1, SeasonRef::Rel(0)) } else { None };
        }
        if !self.cont(k + 1) {
            return None;
        }
        if def {
            return match self.kw(k + 1) {
                Kw::Past => c(k + 2, SeasonRef::Rel(-1)),
                Kw::Next => c(k + 2, SeasonRef::Rel(1)),
                Kw::Current => c(k + 2, SeasonRef::Rel(0)),
                _ => None,
            };
        }
        let y = self.year_at(k + 1, true)?;
        if y.marker == Some(Cal::Hijri) {
            return None;
        }
        c(y.next, SeasonRef::Year(y.y))
    }

    /// The year after `الأسبوع الثالث`: `من عام 2027`, `من 2027`, `العام المقبل`, `من هذا العام`.
    fn week_year(&self, k: usize) -> Option<YearHit> {
        if !self.cont(k) {
            return None;
        }
        let k2 = if matches!(self.kw(k), Kw::Min | Kw::Fi) && self.cont(k + 1) { k + 1 } else { k };
        // `العام المقبل` right after the ordinal (which `year_at` would take for a noun that
        // `العام` qualifies, as in `الأمين العام`).
        if self.kw(k2) == Kw::YearWord && self.stem(k2).starts_with("ال") && self.cont(k2 + 1) {
            if let Some(off) = relative_offset(self.kw(k2 + 1)) {
                return Some(YearHit { y: YearRef::Rel(off), marker: None, next: k2 + 2, word: true, words: 0 });
            }
        }
        self.year_at(k2, true).filter(|y| y.marker != Some(Cal::Hijri))
    }

    /// `نوفمبر بين 15 و 19`, `شهر نوفمبر بين الخامس عشر والتاسع عشر`: a month, then a range
    /// of its days; the range must end the clause (`بين 15 و20 عاماً` counts years).
    fn month_then_days(&self, i: usize) -> Option<Cand> {
        let m = self.month_at(i)?;
        if !(m.amb == Amb::Clear || m.sure || m.madda) || !matches!(m.m, MonthRef::Abs(_)) {
            return None;
        }
        let k = m.next;
        if !self.cont(k) || self.kw(k) != Kw::Bayn || self.t[k].clitic > 0 || !self.cont(k + 1) {
            return None;
        }
        let (d1, after, _) = self.day_at(k + 1)?;
        if !self.cont(after) {
            return None;
        }
        let b_at = if self.kw(after) == Kw::Wa && self.cont(after + 1) {
            after + 1
        } else if self.t[after].clitic >= 2 && self.word(after).starts_with('و') {
            after
        } else {
            return None;
        };
        let (d2, e, _) = self.day_at(b_at)?;
        let percent = self.cont(e) && self.kw(e) == Kw::Fi && matches!(self.stem(e + 1), "المئه" | "المائه");
        if d1 >= d2 || !self.clause_ends(e) || self.counted_after(e) || percent {
            return None;
        }
        let a = DateSpec { cal: m.cal, year_cal: m.cal, month: Some(m.m), day: Some(d1), ..DateSpec::default() };
        let b = DateSpec { day: Some(d2), ..a };
        Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::Interval(a, b) })
    }

    /// `بقية الأسبوع`, `باقي الشهر`, `بقية هذا العام`, `بقية العام الجاري`: publication to the
    /// end of its week, month or year (not `بقية العام الدراسي`, `بقية الشهر الفضيل`).
    fn rest_of(&self, i: usize) -> Option<Cand> {
        if self.kw(i) != Kw::Rest || !self.cont(i + 1) {
            return None;
        }
        let mut k = i + 1;
        let this = self.kw(k) == Kw::Hadha && self.cont(k + 1);
        if this {
            k += 1;
        }
        if self.t[k].clitic > 0 {
            return None;
        }
        let unit = match self.word(k) {
            "الاسبوع" => Unit::Week,
            "الشهر" => Unit::Month,
            "العام" | "السنه" => Unit::Year,
            _ => return None,
        };
        let mut e = k + 1;
        if self.cont(e) {
            let w = self.word(e);
            match self.kw(e) {
                Kw::Current if !this => e += 1,
                Kw::Past | Kw::Next => return None,
                _ if self.num(e).is_some() || self.lex(e).num => return None,
                _ if w.starts_with("ال") && self.punct(e).is_none() => return None,
                _ => {}
            }
        }
        Some(Cand { s: i, e, skip: self.skip(i), expr: Expr::RestOf(unit) })
    }

    /// `في وقت لاحق من هذا الشهر`, `وقت مبكر هذا الأسبوع`, `في وقت لاحق من العام الجاري`,
    /// `في وقت لاحق اليوم`: a week, month or year of publication with a part (`مبكر` early,
    /// `لاحق`/`متأخر` late). `في وقت` is one adverbial and stays in the span. (`في وقت سابق`
    /// says before publication, not which part: the period is read alone.)
    fn later_this(&self, i: usize) -> Option<Cand> {
        if self.word(i) != "وقت" || !self.cont(i + 1) {
            return None;
        }
        let fz = match self.stem(i + 1) {
            "مبكر" => Fuzzy::Early,
            "لاحق" | "متاخر" => Fuzzy::Late,
            _ => return None,
        };
        let mut k = i + 2;
        if self.cont(k) && self.kw(k) == Kw::Min && self.cont(k + 1) {
            k += 1;
        }
        if !self.cont(k) {
            return None;
        }
        let (expr, e) = if let Some((off, e)) = self.rel_week(k) {
            (Expr::RelWeek(off), e)
        } else if let Some(m) = self.month_at(k).filter(|m| matches!(m.m, MonthRef::Rel(_))) {
            (Expr::Date(DateSpec { month: Some(m.m), fuzzy: Some(fz), ..DateSpec::default() }), m.next)
        } else if let Some(y) = self.year_at(k, false).filter(|y| matches!(y.y, YearRef::Rel(_))) {
            (Expr::Date(DateSpec { year: Some(y.y), fuzzy: Some(fz), ..DateSpec::default() }), y.next)
        } else if self.kw(k) == Kw::Today
            && let Some(c) = self.relative(k).filter(|c| c.expr == Expr::RelDay(0, None))
        {
            (c.expr, c.e)
        } else {
            return None;
        };
        let s = if i > 0 && !self.t[i].brk && self.kw(i - 1) == Kw::Fi { i - 1 } else { i };
        Some(Cand { s, e, skip: self.skip(s), expr })
    }

    /// `هذا العام` / `العام الماضي` ... after a holiday: year offset and next index.
    fn rel_year_word(&self, k: usize) -> Option<(i32, usize)> {
        let y = self.year_at(k, true)?;
        match y.y {
            YearRef::Rel(off) => Some((off, y.next)),
            YearRef::Abs(_) => None,
        }
    }
}

/// The year offset a word after `العام` names: `الماضي` -1, `المقبل` +1, `الحالي`/`الجاري` 0.
fn relative_offset(kw: Kw) -> Option<i32> {
    match kw {
        Kw::Past => Some(-1),
        Kw::Next => Some(1),
        Kw::Current => Some(0),
        _ => None,
    }
}
