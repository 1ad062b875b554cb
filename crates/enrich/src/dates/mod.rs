//! Arabic date and time expressions: finding them in news text and resolving them to
//! ISO 8601 values.
//!
//! ## What it does
//! [`DateExtractor::extract`] finds every date expression of a text (numeric dates, day +
//! month + year in any written order and month system, years, Hijri dates, relative and
//! partial dates, intervals, durations, decades, centuries and the main holidays) and resolves
//! it against the publication date. [`DateExtractor::find_publication_date`] reads the dateline
//! printed at the top of a page.
//!
//! | kind | meaning | value |
//! |---|---|---|
//! | `absolute` | the year is written in the text | `2014-09-15`, `2014-09`, `2014`, `198` (decade), `19` (century) |
//! | `relative` | anchored on the publication date (`أمس`, `العام الماضي`, `أيلول الماضي`) | as absolute; `None` without a publication date; weeks `2013-W07` |
//! | `partial` | the year is unknown (`الأول من تشرين الثاني`) | `XXXX-11-01`, `XXXX-09`; `None` for a yearless Hijri date |
//! | `interval` | `بين عامي 2014 و2017`, `من 13 إلى 15 تموز` | `2014/2017`, `2013-07-13/2013-07-15` (both ends inclusive) |
//! | `duration` | `ستة أيام`, `سنتين` | `None` (the amount: [`relative::parse_duration`] on the surface) |
//!
//! Fuzzy parts (`أواخر آذار`) and relative spans (`الأيام الثلاثة الماضية`) keep their kind and
//! give an interval value (`2019-03-21/2019-03-31`); a Hijri month or year gives the interval of
//! its Gregorian days. `granularity` is the grain of the value's ends: `day`, `week`, `month`,
//! `year`, `decade`, `century` (durations: their unit, including `hour`, `minute`, `second`).
//! `calendar` is `hijri` when the expression is written in the Hijri calendar (its value is
//! always Gregorian).
//!
//! ## Why
//! Arabic news dates events in several month systems, in words as often as in digits, and
//! relative to the day of publication; the `dates` table needs one normalized value.
//!
//! ## Example
//! ```
//! use khabar_core::CivilDate;
//! use khabar_enrich::dates::DateExtractor;
//! let x = DateExtractor::new();
//! let text = "بدأ الهجوم في الخامس عشر من أيلول عام ألفين وأربعة عشر، وانتهى أمس.";
//! let found = x.extract(text, CivilDate::new(2015, 1, 27));
//! assert_eq!(found[0].value.as_deref(), Some("2014-09-15"));
//! assert_eq!(&text[found[0].start..found[0].end], "الخامس عشر من أيلول عام ألفين وأربعة عشر");
//! assert_eq!(found[1].value.as_deref(), Some("2015-01-26"));
//! ```
//!
//! ## How
//! The text is folded once (alef, yeh and taa-marbuta variants, marks, Arabic-Indic digits)
//! with a map back to original offsets. An Aho-Corasick scan finds anchor words (month and
//! weekday names, time units, relative words, year words, digits); only windows around
//! anchors are tokenized and parsed by the recognizers of `grammar.rs`; `resolve.rs` turns the
//! result into values. Parsing windows gives exactly what parsing the whole text gives (a
//! test checks it on real news).
//!
//! ## Known limitations
//! Clock times are not extracted. Quarters (`الربع الثالث`), a bare season (`في الصيف`) and
//! country-specific holidays are not recognized. Yearless dates are anchored on the publication
//! date by the cues of their sentence, not by the story: an anniversary or a planned event with
//! no future word can take the wrong occurrence. See docs/dates.md for the rules and the
//! peer-suite pass rates.

pub mod hijri;
pub mod numbers;
pub mod relative;

mod grammar;
mod lexicon;
mod months;
mod resolve;
mod tense;
mod text;

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use khabar_core::CivilDate;

use self::grammar::{Cal, Cand, Expr, Parser};
use self::lexicon::{Kw, Lexicon};
use self::resolve::{Resolved, resolve};
use self::text::{Folded, Tok, tokenize};

pub use self::numbers::{parse_number_words, parse_ordinal_words};

/// Which way an underdetermined date leans from the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tense {
    /// The most recent matching day on or before publication (news reports the past).
    #[default]
    Past,
    /// The next matching day after publication (agendas, forecasts; Duckling's convention).
    Future,
    /// A report with no cue either way: the most recent occurrence, unless it is more than
    /// eight months back (a day or month named without a year is this year's or next year's
    /// news, rarely last year's): then the next.
    Reported,
}

/// Resolution settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// A bare weekday (`يوم الأحد`): the last one on or before publication ([`Tense::Past`],
    /// default) or the next one after it.
    pub weekday: Tense,
    /// A date with no year (`الأول من تشرين الثاني`): `Some(tense)` takes the year from the
    /// publication date, the month's last or next occurrence (the publication month itself
    /// counts as both), whatever the text says; `None` (default) leaves it to `anchor`.
    pub infer_year: Option<Tense>,
    /// With `infer_year` `None`: a date with no year, and a bare weekday, take the tense of
    /// their sentence (see `tense.rs`: `ستجري الانتخابات في العاشر من نيسان` is the next
    /// 10 April, `قتل في الرابع من آذار` the last 4 March) and are `anchored`; words that say
    /// the year is another (`ولد`, `ذكرى`, `كل عام`, a year written in the sentence) keep it
    /// `XXXX`. `false` keeps every yearless date `XXXX` (kind `partial`).
    pub anchor: bool,
    /// A part of a month or year (`أواخر آذار`) as days (`2019-03-21/2019-03-31`, `منتصف` the
    /// 15th, `بداية` the 1st) or months of a year, as Duckling resolves them; `false` (default)
    /// gives the whole period with a `modifier`.
    pub parts_as_days: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { weekday: Tense::Past, infer_year: None, anchor: true, parts_as_days: false }
    }
}

impl Options {
    /// Duckling's conventions: bare weekdays and yearless dates resolve forward, parts of
    /// periods are days.
    #[must_use]
    pub fn future() -> Self {
        Self { weekday: Tense::Future, infer_year: Some(Tense::Future), anchor: true, parts_as_days: true }
    }

    /// The options for one expression, given the cue of its sentence.
    fn with_cue(self, cue: tense::Cue) -> Self {
        if self.infer_year.is_some() || !self.anchor {
            return self;
        }
        match cue {
            tense::Cue::Hold => Self { anchor: false, ..self },
            tense::Cue::Past => Self { weekday: Tense::Past, infer_year: Some(Tense::Past), ..self },
            tense::Cue::Future => Self { weekday: Tense::Future, infer_year: Some(Tense::Future), ..self },
            tense::Cue::None => Self { weekday: Tense::Past, infer_year: Some(Tense::Reported), ..self },
        }
    }
}

/// Finds and resolves date expressions. Build once; `Send + Sync`.
#[derive(Debug)]
pub struct DateExtractor {
    lexicon: Lexicon,
    anchors: AhoCorasick,
    options: Options,
}

/// One date expression found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    /// Byte offset of the expression in the text (a char boundary; a clitic `و`/`ب`/`ل`... on
    /// the first word is left out when it can be).
    pub start: usize,
    /// Byte offset one past the expression.
    pub end: usize,
    /// ISO 8601 at its granularity: `2014-09-15`, `2014-09`, `2014`, `2013-W07`, `198`
    /// (1980s), `19` (1900s), an interval `2014/2017`, `XXXX-11-01` when the year is unknown;
    /// `None` when it cannot be resolved (relative with no publication date, durations).
    pub value: Option<String>,
    /// `day`, `week`, `month`, `year`, `decade`, `century`; for durations their unit (also
    /// `hour`, `minute`, `second`).
    pub granularity: &'static str,
    /// `absolute`, `relative`, `partial`, `interval` or `duration`.
    pub kind: &'static str,
    /// First day of `value` when it is resolved (an interval's start; `None` for `XXXX`).
    pub date: Option<CivilDate>,
    /// 0..1: how sure the extractor is of `value` (halved when a weekday contradicts the date).
    pub confidence: f32,
    /// `gregorian` or `hijri`: the calendar the expression is written in.
    pub calendar: &'static str,
    /// `start`, `mid` or `end` for a part of a period (`مطلع آذار`, `منتصف العام`, `أواخر
    /// 2014`): `value` is the whole period, `date` the first day of that third of it.
    pub modifier: Option<&'static str>,
}

/// Bytes before an anchor that an expression may start at (`من الثالث والعشرين وحتى السادس
/// والعشرين من شهر`), and after it that it may end at.
const BACK: usize = 120;
const FWD: usize = 120;

impl Default for DateExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl DateExtractor {
    /// Builds the extractor with the default [`Options`] (news conventions).
    #[must_use]
    pub fn new() -> Self {
        Self::with_options(Options::default())
    }

    /// Builds the extractor with the given resolution settings.
    ///
    /// # Panics
    /// Never: the anchor patterns are a fixed list of short words.
    #[must_use]
    pub fn with_options(options: Options) -> Self {
        let lexicon = Lexicon::new();
        let mut pats: Vec<String> = Vec::new();
        for (w, lex) in lexicon.words() {
            let anchor = lex.month.is_some()
                || lex.unit.is_some()
                || lex.decade > 0
                || lex.holiday
                || lex.weekday.is_some_and(|(_, al)| al)
                || matches!(
                    lex.kw,
                    Kw::Today | Kw::Yesterday | Kw::Tomorrow | Kw::Century | Kw::Week | Kw::DayWord | Kw::Season(_)
                );
            // Short words would match inside too many others; their longer forms suffice.
            if anchor && w.chars().count() >= 2 {
                pats.push(w.to_owned());
            }
        }
        for w in ["ثلاثاء", "اربعاء", "اربعا", "خميس", "سبت", "الفين", "الفان", "الفي", "الف و", "غد"]
        {
            pats.push(w.to_owned());
        }
        for d in '0'..='9' {
            pats.push(d.to_string());
        }
        pats.sort();
        pats.dedup();
        let anchors = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .expect("the anchor patterns are a few hundred short words");
        Self { lexicon, anchors, options }
    }

    /// All date/time expressions in `text`, resolved against `published`: non-overlapping,
    /// sorted by start, with byte offsets on char boundaries.
    #[must_use]
    pub fn extract(&self, text: &str, published: Option<CivilDate>) -> Vec<DateMatch> {
        let folded = Folded::new(text);
        let windows = self.windows(&folded.text);
        self.extract_windows(text, &folded, &windows, published)
    }

    /// The same as [`extract`](Self::extract) without the anchor scan: the whole text is one
    /// window. For tests of the scan.
    #[doc(hidden)]
    #[must_use]
    pub fn extract_unfiltered(&self, text: &str, published: Option<CivilDate>) -> Vec<DateMatch> {
        let folded = Folded::new(text);
        let all = 0..folded.text.len();
        self.extract_windows(text, &folded, std::slice::from_ref(&all), published)
    }

    fn extract_windows(
        &self,
        text: &str,
        folded: &Folded,
        windows: &[Range<usize>],
        published: Option<CivilDate>,
    ) -> Vec<DateMatch> {
        let mut out = Vec::new();
        let mut toks: Vec<Tok> = Vec::new();
        let mut cands: Vec<Cand> = Vec::new();
        let mut scratch = String::new();
        for w in windows {
            toks.clear();
            cands.clear();
            tokenize(&folded.text, w.clone(), &self.lexicon, &mut toks, &mut scratch);
            let parser = Parser::new(&toks, folded, text);
            parser.run(&mut cands);
            let t = parser.tokens();
            let mut resolved: Vec<(Cand, Resolved)> = cands
                .iter()
                .filter_map(|c| {
                    let mut o = self.options;
                    if let Some(p) = published
                        && o.anchor
                        && o.infer_year.is_none()
                        && c.expr.names_no_year()
                    {
                        o = o.with_cue(tense::cue(&folded.text, t[c.s].s as usize, t[c.e - 1].e as usize, p.year()));
                    }
                    resolve(&c.expr, published, o).map(|r| (*c, r))
                })
                .collect();
            pair_muwafiq(parser.tokens(), &mut resolved);
            for (c, r) in resolved {
                let start = folded.to_orig(t[c.s].s as usize + c.skip as usize);
                let end = folded.to_orig(t[c.e - 1].e as usize);
                out.push(DateMatch {
                    start,
                    end,
                    value: r.value,
                    granularity: r.granularity,
                    kind: r.kind,
                    date: r.date,
                    confidence: r.confidence,
                    calendar: r.calendar,
                    modifier: r.modifier,
                });
            }
        }
        out
    }

    /// Folded byte ranges around anchor words, merged, on whitespace boundaries.
    fn windows(&self, f: &str) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for m in self.anchors.find_iter(f) {
            if !is_word_anchor(f, m.start(), m.end()) {
                continue;
            }
            if let Some(last) = out.last_mut()
                && m.start() < last.end
            {
                if m.end() + FWD > last.end {
                    last.end = snap_end(f, m.end() + FWD);
                }
                continue;
            }
            let s = snap_start(f, m.start().saturating_sub(BACK));
            let e = snap_end(f, m.end() + FWD);
            match out.last_mut() {
                Some(last) if s <= last.end => last.end = last.end.max(e),
                _ => out.push(s..e),
            }
        }
        out
    }

    /// The publication date printed in the page itself: the first full day-granularity date
    /// with a written year among the first three non-empty lines (a dateline such as
    /// `• الجمعة. يوليو 26th, 2024`).
    #[must_use]
    pub fn find_publication_date(&self, text: &str) -> Option<CivilDate> {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .flat_map(|line| self.extract(line, None))
            .find(|m| {
                m.granularity == "day"
                    && m.kind == "absolute"
                    && m.date.is_some()
                    && !m.value.as_deref().is_some_and(|v| v.contains('/'))
            })
            .and_then(|m| m.date)
    }
}

/// An anchor match counts when it is a whole word, or a word behind at most two clitic
/// letters (`و`, `ف`, `ب`, `ل`, `ك`: `وبعام`, `للعام`); digits always count.
fn is_word_anchor(f: &str, s: usize, e: usize) -> bool {
    let b = f.as_bytes();
    if b[s].is_ascii_digit() {
        return true;
    }
    let letter = |c: char| c.is_alphanumeric();
    // `الف و`: ends inside the next word by design.
    if !f[..e].ends_with(" و") && f[e..].chars().next().is_some_and(letter) {
        return false;
    }
    for (clitics, c) in f[..s].chars().rev().enumerate() {
        if !letter(c) {
            return true;
        }
        if !matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك') || clitics == 2 {
            return false;
        }
    }
    true
}

/// The start of a window: back to a whitespace so no word is cut.
fn snap_start(f: &str, mut s: usize) -> usize {
    while s > 0 && !f.is_char_boundary(s) {
        s -= 1;
    }
    let lo = s.saturating_sub(48);
    let mut lo_b = lo;
    while lo_b > 0 && !f.is_char_boundary(lo_b) {
        lo_b -= 1;
    }
    match f[lo_b..s].rfind(char::is_whitespace) {
        Some(p) => lo_b + p,
        None => s,
    }
}

/// The end of a window: on to a whitespace so no word is cut.
fn snap_end(f: &str, e: usize) -> usize {
    if e >= f.len() {
        return f.len();
    }
    let mut e = e;
    while !f.is_char_boundary(e) {
        e += 1;
    }
    let hi = (e + 48).min(f.len());
    let mut hi_b = hi;
    while !f.is_char_boundary(hi_b) {
        hi_b += 1;
    }
    match f[e..hi_b].find(char::is_whitespace) {
        Some(p) => e + p,
        None => hi_b,
    }
}

/// `27 رمضان 1440 هـ الموافق 31 أيار 2019`: a Hijri date and its Gregorian twin. Both sides
/// stay separate expressions; the Hijri side takes the Gregorian side's value (the text's own
/// statement beats calendar arithmetic, as sighting can move a month by a day), and its
/// confidence falls when the two disagree by more than two days.
#[allow(clippy::many_single_char_names)] // the two sides and their indices
fn pair_muwafiq(t: &[Tok], items: &mut [(Cand, Resolved)]) {
    for k in 1..items.len() {
        let (a, b) = (items[k - 1].0, items[k].0);
        let mut gap = a.e;
        if gap >= t.len() || t[gap].lex.kw != Kw::Muwafiq {
            continue;
        }
        gap += 1;
        if gap < t.len() && t.get(gap).is_some_and(|x| x.kind == text::Kind::Word && x.e - x.s == 2) && b.s == gap + 1 {
            gap += 1;
        }
        if b.s != gap {
            continue;
        }
        let cal = |c: &Cand| match c.expr {
            Expr::Date(sp) => Some(sp.cal == Cal::Hijri || sp.year_cal == Cal::Hijri),
            _ => None,
        };
        let (hi, gi) = match (cal(&a), cal(&b)) {
            (Some(true), Some(false)) => (k - 1, k),
            (Some(false), Some(true)) => (k, k - 1),
            _ => continue,
        };
        let g = items[gi].1.clone();
        if g.granularity != "day" || g.date.is_none() {
            continue;
        }
        let h = &mut items[hi].1;
        let agree = match (h.date, g.date) {
            (Some(x), Some(y)) => (x.days_since_epoch() - y.days_since_epoch()).abs() <= 2,
            _ => false,
        };
        h.value.clone_from(&g.value);
        h.date = g.date;
        h.granularity = "day";
        h.kind = g.kind;
        h.confidence = if agree { 0.95 } else { 0.6 };
        if agree {
            items[gi].1.confidence = items[gi].1.confidence.max(0.95);
        }
    }
}

#[cfg(test)]
mod tests;
