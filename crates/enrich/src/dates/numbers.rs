//! Arabic numbers written in words: cardinals and ordinals.
//!
//! ## What it does
//! Parses Modern Standard Arabic number words, with their gender and case variants and the
//! common Egyptian/Levantine spoken forms, into integers:
//!
//! | input | value |
//! |---|---|
//! | `ثلاث`, `ثلاثة`, `ثلاثه`, `تلاتة` | 3 |
//! | `اثنان`, `اثنين`, `اثنتين`, `اتنين` | 2 |
//! | `أربعة عشر`, `أربع عشرة`, `اربعتاشر` | 14 |
//! | `خمسة وعشرون`, `خمسة و عشرين` | 25 |
//! | `ثلاثمائة وخمسين`, `ثلاث مائة وخمسون`, `تلتمية وخمسين` | 350 |
//! | `ألفين وأربعة عشر` | 2014 |
//! | `ألف وتسعمائة وواحد` | 1901 |
//! | `اثنين وخمسين ألف` | 52000 |
//! | `ثلاثة آلاف وخمسمائة` | 3500 |
//! | `ألفي` | 2000 |
//! | `100 ألف`, `2 مليون`, `3 ملايين` | 100000, 2000000, 3000000 |
//!
//! Ordinals: `الأول`/`الأولى`/`أول` = 1, `الثاني`/`ثاني`/`الثان` = 2, `الحادي عشر`/`الإحدى عشرة` = 11,
//! `الثالث والعشرين`/`الثالثة و العشرون` = 23, `الواحد والثلاثون` = 31, `التسعين` = 90.
//!
//! Words are matched on their folded form ([`khabar_core::text::fold`]: alef variants, alef
//! maqsura, taa marbuta, diacritics), so `إحدى`, `احدى` and `إِحْدَى` are one word. A later part may
//! carry the conjunction `و` either attached (`وأربعة`) or as its own word (`و أربعة`).
//!
//! ## Why
//! News writes years and day numbers out in words (`في الخامس عشر من أيلول عام ألفين وأربعة
//! عشر`); the date extractor needs them as numbers.
//!
//! ## Example
//! ```
//! use khabar_enrich::dates::numbers::{parse_number_words, parse_ordinal_words};
//! assert_eq!(parse_number_words("ألفين وأربعة عشر"), Some(2014));
//! assert_eq!(parse_number_words("اثنين وخمسين ألف"), Some(52_000));
//! assert_eq!(parse_ordinal_words("الثالث والعشرين"), Some(23));
//! ```
//!
//! ## Known limitations
//! Fractions in words (`نصف`, `ثلث`, `خمسة أثمان`) are not parsed by the word parser
//! ([`parse_numeral`] handles digit fractions `11/10`). `أحد`/`إحدى` alone are not read as 1
//! (they mean "one of"); they count only in `أحد عشر`. Ordinals above 99 are not parsed.

// Number groups (`g`), words (`w`) and values (`n`, `s`, `t`) read best with short names.
#![allow(clippy::many_single_char_names)]

use std::sync::LazyLock;

use khabar_core::text::fold;

/// What one folded word contributes to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    /// 0.
    Zero,
    /// 1 to 9 (`ثلاث`, `ثلاثة`).
    Unit(u64),
    /// 1 or 2 that only stand before `عشر` (`أحد`, `إحدى`, `اثنا`, `اثنتي`).
    TeenHead(u64),
    /// `عشر`, `عشرة`: 10 alone, or the second word of 11..19.
    Ten,
    /// 11 to 19 in one word (spoken: `حداشر`, `اربعتاشر`).
    Teen(u64),
    /// 20, 30 ... 90.
    Tens(u64),
    /// `مائة` (100) alone or after a unit word (`ثلاث مائة`).
    Hundred,
    /// 200 ... 900 in one word (`مائتين`, `ثلاثمائة`).
    Hundreds(u64),
    /// `ألف`, `مليون`, `مليار`: the scale, times 1 alone or times the number before it.
    Scale(u64),
    /// `ألفين`, `ألفي`, `مليونين`: twice the scale, standing alone.
    ScaleDual(u64),
    /// `آلاف`, `ملايين`, `مليارات`: the scale after 3..10 (or digits).
    ScalePlural(u64),
}

#[allow(clippy::too_many_lines)] // a word table reads best unsplit
fn cardinal_table() -> Vec<(&'static str, Term)> {
    use Term::{Hundred, Hundreds, Scale, ScaleDual, ScalePlural, Teen, TeenHead, Ten, Tens, Unit, Zero};
    let mut v: Vec<(&'static str, Term)> = vec![
        ("صفر", Zero),
        ("واحد", Unit(1)),
        ("واحده", Unit(1)),
        ("احد", TeenHead(1)),
        ("احدي", TeenHead(1)),
        ("حادي", TeenHead(1)),
        ("اثنان", Unit(2)),
        ("اثنين", Unit(2)),
        ("اثنتان", Unit(2)),
        ("اثنتين", Unit(2)),
        ("اثنتان", Unit(2)),
        ("ثنتين", Unit(2)),
        ("ثنتان", Unit(2)),
        ("اتنين", Unit(2)),
        ("اثنا", TeenHead(2)),
        ("اثني", TeenHead(2)),
        ("اثنتا", TeenHead(2)),
        ("اثنتي", TeenHead(2)),
        ("ثلاث", Unit(3)),
        ("ثلاثه", Unit(3)),
        ("تلات", Unit(3)),
        ("تلاته", Unit(3)),
        ("اربع", Unit(4)),
        ("اربعه", Unit(4)),
        ("خمس", Unit(5)),
        ("خمسه", Unit(5)),
        ("ست", Unit(6)),
        ("سته", Unit(6)),
        ("سبع", Unit(7)),
        ("سبعه", Unit(7)),
        ("ثمان", Unit(8)),
        ("ثماني", Unit(8)),
        ("ثمانيه", Unit(8)),
        ("تمن", Unit(8)),
        ("تمان", Unit(8)),
        ("تمانيه", Unit(8)),
        ("تسع", Unit(9)),
        ("تسعه", Unit(9)),
        ("عشر", Ten),
        ("عشره", Ten),
        ("حداشر", Teen(11)),
        ("احداشر", Teen(11)),
        ("اتناشر", Teen(12)),
        ("اثناشر", Teen(12)),
        ("تلتاشر", Teen(13)),
        ("تلطاشر", Teen(13)),
        ("اربعتاشر", Teen(14)),
        ("اربعطاشر", Teen(14)),
        ("خمستاشر", Teen(15)),
        ("خمسطاشر", Teen(15)),
        ("ستاشر", Teen(16)),
        ("سطاشر", Teen(16)),
        ("سبعتاشر", Teen(17)),
        ("سبعطاشر", Teen(17)),
        ("تمنتاشر", Teen(18)),
        ("تمنطاشر", Teen(18)),
        ("تسعتاشر", Teen(19)),
        ("تسعطاشر", Teen(19)),
        ("مائه", Hundred),
        ("مئه", Hundred),
        ("مايه", Hundred),
        ("ميه", Hundred),
        ("ميت", Hundred),
        ("مائتان", Hundreds(200)),
        ("مائتين", Hundreds(200)),
        ("مائتا", Hundreds(200)),
        ("مائتي", Hundreds(200)),
        ("مئتان", Hundreds(200)),
        ("مئتين", Hundreds(200)),
        ("مئتا", Hundreds(200)),
        ("مئتي", Hundreds(200)),
        ("ميتين", Hundreds(200)),
        ("متين", Hundreds(200)),
        ("الف", Scale(1000)),
        ("الفا", Scale(1000)),
        ("الفان", ScaleDual(1000)),
        ("الفين", ScaleDual(1000)),
        ("الفي", ScaleDual(1000)),
        ("الاف", ScalePlural(1000)),
        ("مليون", Scale(1_000_000)),
        ("مليونا", Scale(1_000_000)),
        ("مليونان", ScaleDual(1_000_000)),
        ("مليونين", ScaleDual(1_000_000)),
        ("مليوني", ScaleDual(1_000_000)),
        ("ملايين", ScalePlural(1_000_000)),
        ("مليار", Scale(1_000_000_000)),
        ("مليارا", Scale(1_000_000_000)),
        ("بليون", Scale(1_000_000_000)),
        ("ملياران", ScaleDual(1_000_000_000)),
        ("مليارين", ScaleDual(1_000_000_000)),
        ("مليارات", ScalePlural(1_000_000_000)),
    ];
    // Tens: -ون (nominative) and -ين (oblique), plus spoken forms.
    for (stem, n) in [
        ("عشر", 20),
        ("ثلاث", 30),
        ("تلات", 30),
        ("اربع", 40),
        ("خمس", 50),
        ("ست", 60),
        ("سبع", 70),
        ("ثمان", 80),
        ("تمان", 80),
        ("تسع", 90),
    ] {
        v.push((leak(format!("{stem}ون")), Tens(n)));
        v.push((leak(format!("{stem}ين")), Tens(n)));
    }
    // Hundreds written as one word: ثلاثمائة, ثلاثمئة, spoken تلتمية, خمسمية.
    for (stems, n) in [
        (&["ثلاث", "ثلاثه", "تلات", "تلت"][..], 300),
        (&["اربع", "اربعه", "ربع"][..], 400),
        (&["خمس", "خمسه"][..], 500),
        (&["ست", "سته"][..], 600),
        (&["سبع", "سبعه"][..], 700),
        (&["ثمان", "ثماني", "ثمن", "تمن", "تمان"][..], 800),
        (&["تسع", "تسعه"][..], 900),
    ] {
        for stem in stems {
            for h in ["مائه", "مئه", "ميه", "مايه"] {
                v.push((leak(format!("{stem}{h}")), Hundreds(n)));
            }
        }
    }
    v
}

/// Builds strings for the static tables once (they live for the whole program).
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

static CARDINALS: LazyLock<Vec<(&'static str, Term)>> = LazyLock::new(|| {
    let mut v = cardinal_table();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v.dedup_by(|a, b| a.0 == b.0);
    v
});

fn term(word: &str) -> Option<Term> {
    let t = &*CARDINALS;
    t.binary_search_by(|(w, _)| (*w).cmp(word)).ok().map(|i| t[i].1)
}

/// Ordinal words: value and whether the word can begin a compound (`الثالث` in `الثالث
/// والعشرين`, `الحادي` in `الحادي عشر`).
fn ordinal_table() -> Vec<(&'static str, u64)> {
    let mut v: Vec<(&'static str, u64)> = Vec::new();
    let units: [(&[&str], u64); 10] = [
        (&["اول", "اولي", "اوله"], 1),
        (&["ثاني", "ثان", "ثانيه"], 2),
        (&["ثالث", "ثالثه", "تالت"], 3),
        (&["رابع", "رابعه"], 4),
        (&["خامس", "خامسه"], 5),
        (&["سادس", "سادسه"], 6),
        (&["سابع", "سابعه"], 7),
        (&["ثامن", "ثامنه", "تامن"], 8),
        (&["تاسع", "تاسعه"], 9),
        (&["عاشر", "عاشره"], 10),
    ];
    for (forms, n) in units {
        for f in forms {
            v.push((f, n));
            v.push((leak(format!("ال{f}")), n));
        }
    }
    v.push(("الحادي", 1));
    v.push(("حادي", 1));
    v.push(("الحاديه", 1));
    v.push(("حاديه", 1));
    v.push(("الواحد", 1));
    v.push(("الواحده", 1));
    v
}

static ORDINALS: LazyLock<Vec<(&'static str, u64)>> = LazyLock::new(|| {
    let mut v = ordinal_table();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v.dedup_by(|a, b| a.0 == b.0);
    v
});

fn ordinal_unit(word: &str) -> Option<u64> {
    let t = &*ORDINALS;
    t.binary_search_by(|(w, _)| (*w).cmp(word)).ok().map(|i| t[i].1)
}

/// Tens as an ordinal (`العشرين`, `الثلاثون`, also without `ال` after `و`).
fn ordinal_tens(word: &str) -> Option<u64> {
    let w = word.strip_prefix("ال").unwrap_or(word);
    match term(w) {
        Some(Term::Tens(n)) => Some(n),
        _ => None,
    }
}

static KNOWN: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<&'static str> = CARDINALS.iter().map(|(w, _)| *w).collect();
    v.extend(ORDINALS.iter().map(|(w, _)| *w));
    v.extend(CARDINALS.iter().filter(|(_, t)| matches!(t, Term::Tens(_))).map(|(w, _)| leak(format!("ال{w}"))));
    v.extend(["الاحد", "الاحدي", "الاثني", "الاثنا", "الاثنتي", "الاثنتا"]);
    v
});

/// Every folded word this module reads as part of a number (without the `و` prefix).
pub(super) fn known_words() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().copied()
}

fn is_ten_word(w: &str) -> bool {
    matches!(w, "عشر" | "عشره")
}

/// Whether a folded word is a number word this module knows (cardinal, ordinal or scale),
/// with or without a leading `و`. Used to decide cheaply whether to try a parse.
#[must_use]
pub fn is_number_word(word: &str) -> bool {
    let w = word.strip_prefix('و').filter(|r| !r.is_empty() && term(word).is_none()).unwrap_or(word);
    term(w).is_some() || ordinal_unit(w).is_some() || ordinal_tens(w).is_some() || teen_ordinal_head(w).is_some()
}

/// `الأحد عشر`, `الإحدى عشرة`, `الاثنا عشر`: ordinal heads that only exist before `عشر`.
fn teen_ordinal_head(w: &str) -> Option<u64> {
    match w {
        "الاحد" | "الاحدي" => Some(1),
        "الاثني" | "الاثنا" | "الاثنتي" | "الاثنتا" => Some(2),
        _ => None,
    }
}

/// The word after a conjunction: `وأربعة` → `اربعه`, or the word itself when it is a number
/// word already (`واحد`).
fn strip_wa(word: &str) -> Option<&str> {
    if term(word).is_some() || ordinal_unit(word).is_some() {
        return None;
    }
    word.strip_prefix('و').filter(|r| !r.is_empty())
}

/// Parses digits (`52`) as a number part before a scale word (`52 ألف`).
fn digits_value(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 12 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

#[derive(Default, Clone, Copy)]
struct Group {
    value: u64,
    hundreds: bool,
    units: bool,
    tens: bool,
}

/// The longest cardinal number at the start of `words` (folded words, as produced by
/// [`khabar_core::text::fold`] and split on whitespace): its value and how many words it used.
///
/// A standalone `و` word counts as the conjunction. Digits count only when a scale word
/// follows (`100 ألف`). Returns `None` when the first word is not a number word.
#[must_use]
#[allow(clippy::too_many_lines)] // one arm per kind of number word
pub fn cardinal_prefix(words: &[&str]) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut g = Group::default();
    let mut last_scale = u64::MAX;
    let mut best: Option<(u64, usize)> = None;
    let mut i = 0;
    // Whether the next term must be joined by و (true after the first term, except where
    // Arabic juxtaposes: teens, `ثلاث مائة`, scale words, spoken `متين واحد وعشرين`).
    let mut first = true;
    while i < words.len() {
        let mut w = words[i];
        let mut used = 1;
        let mut joined = false;
        if !first {
            if w == "و" {
                let Some(next) = words.get(i + 1) else { break };
                w = next;
                used = 2;
                joined = true;
            } else if let Some(rest) = strip_wa(w) {
                w = rest;
                joined = true;
            }
        }
        // Digits followed by a scale word: `52 ألف`.
        if let Some(d) = digits_value(w) {
            let scale = words.get(i + used).and_then(|s| term(s));
            let Some(Term::Scale(s) | Term::ScalePlural(s)) = scale else {
                break;
            };
            if (!first && !joined) || g.value != 0 || s >= last_scale {
                break;
            }
            total = total.saturating_add(d.saturating_mul(s));
            last_scale = s;
            i += used + 1;
            first = false;
            best = Some((total, i));
            continue;
        }
        let Some(t) = term(w) else { break };
        let group_empty = g.value == 0 && !g.units && !g.tens && !g.hundreds;
        match t {
            Term::Zero => {
                if !first {
                    break;
                }
                return Some((0, 1));
            }
            Term::Unit(n) | Term::TeenHead(n) => {
                let juxtaposed_ok = first || joined || (g.hundreds && !g.units && !g.tens);
                if !juxtaposed_ok {
                    break;
                }
                if g.units || g.tens {
                    break;
                }
                let next = words.get(i + used).copied();
                if next.is_some_and(is_ten_word) {
                    g.value += 10 + n;
                    g.tens = true;
                    g.units = true;
                    used += 1;
                } else if n >= 3 && next.is_some_and(|x| term(x) == Some(Term::Hundred)) && group_empty {
                    g.value = n * 100;
                    g.hundreds = true;
                    used += 1;
                } else if matches!(t, Term::TeenHead(_)) {
                    break;
                } else {
                    g.value += n;
                    g.units = true;
                }
            }
            Term::Ten => {
                if (!first && !joined) || g.units || g.tens {
                    break;
                }
                g.value += 10;
                g.tens = true;
                g.units = true;
            }
            Term::Teen(n) => {
                let joined_ok = first || joined || (g.hundreds && !g.units);
                if !joined_ok || g.units || g.tens {
                    break;
                }
                g.value += n;
                g.tens = true;
                g.units = true;
            }
            Term::Tens(n) => {
                let joined_ok = first || joined || (g.hundreds && !g.units);
                if !joined_ok || g.tens {
                    break;
                }
                g.value += n;
                g.tens = true;
            }
            Term::Hundred | Term::Hundreds(_) => {
                if (!first && !joined) || !group_empty {
                    break;
                }
                g.value = if let Term::Hundreds(n) = t { n } else { 100 };
                g.hundreds = true;
            }
            Term::Scale(s) => {
                if s >= last_scale || (!first && !joined && group_empty) {
                    break;
                }
                let mult = if group_empty { 1 } else { g.value };
                total = total.saturating_add(mult.saturating_mul(s));
                g = Group::default();
                last_scale = s;
            }
            Term::ScaleDual(s) => {
                if s >= last_scale || !group_empty || (!first && !joined) {
                    break;
                }
                total = total.saturating_add(2 * s);
                last_scale = s;
            }
            Term::ScalePlural(s) => {
                if s >= last_scale || group_empty || g.value < 3 || g.value > 10 {
                    break;
                }
                total = total.saturating_add(g.value * s);
                g = Group::default();
                last_scale = s;
            }
        }
        if g.value >= last_scale {
            // `ألف وألفين` and the like: a group may not reach the scale before it.
            break;
        }
        i += used;
        first = false;
        best = Some((total + g.value, i));
    }
    best
}

/// The longest ordinal at the start of `words` (folded words): value and words used.
///
/// `الخامس` (5), `الخامس عشر` (15), `الخامسة عشرة` (15), `الخامس والعشرين` (25),
/// `الخامس و العشرون` (25), `العشرين` (20), `أول` (1).
#[must_use]
pub fn ordinal_prefix(words: &[&str]) -> Option<(u64, usize)> {
    let w0 = *words.first()?;
    if let Some(n) = teen_ordinal_head(w0) {
        return words.get(1).copied().filter(|w| is_ten_word(w)).map(|_| (10 + n, 2));
    }
    if let Some(n) = ordinal_tens(w0) {
        // `العشرين`: the definite article is required for a bare tens ordinal.
        return w0.starts_with("ال").then_some((n, 1));
    }
    let n = ordinal_unit(w0)?;
    let next = words.get(1).copied();
    if n < 10 && next.is_some_and(is_ten_word) {
        return Some((10 + n, 2));
    }
    if n < 10 {
        // `والعشرين` or `و العشرين`.
        let (tens_word, used) = match next {
            Some("و") => (words.get(2).copied(), 3),
            Some(w) => (w.strip_prefix('و'), 2),
            None => (None, 0),
        };
        if let Some(t) = tens_word.and_then(ordinal_tens) {
            return Some((n + t, used));
        }
    }
    // `الحادي`/`الواحد` alone are not ordinals (they only start 11, 21, 31 ...).
    if matches!(w0, "الحادي" | "حادي" | "الحاديه" | "حاديه" | "الواحد" | "الواحده") {
        return None;
    }
    Some((n, 1))
}

fn folded_words(s: &str) -> Vec<String> {
    fold(s).split_whitespace().map(str::to_owned).collect()
}

/// The cardinal number written in words in the whole of `s`, or `None` when `s` is not
/// exactly one number. Folding is applied first, so any spelling variant works.
///
/// ```
/// use khabar_enrich::dates::numbers::parse_number_words;
/// assert_eq!(parse_number_words("ثلاثمائة وخمسين"), Some(350));
/// assert_eq!(parse_number_words("ألفي"), Some(2000));
/// assert_eq!(parse_number_words("ثلاثة أطفال"), None);
/// ```
#[must_use]
pub fn parse_number_words(s: &str) -> Option<u64> {
    let owned = folded_words(s);
    let words: Vec<&str> = owned.iter().map(String::as_str).collect();
    if words.len() == 1
        && let Some(d) = digits_value(words[0])
    {
        return Some(d);
    }
    match cardinal_prefix(&words) {
        Some((v, n)) if n == words.len() => Some(v),
        _ => None,
    }
}

/// The ordinal written in words in the whole of `s` (`الثالث والعشرين` → 23).
#[must_use]
pub fn parse_ordinal_words(s: &str) -> Option<u64> {
    let owned = folded_words(s);
    let words: Vec<&str> = owned.iter().map(String::as_str).collect();
    match ordinal_prefix(&words) {
        Some((v, n)) if n == words.len() => Some(v),
        _ => None,
    }
}

/// A numeral in any common written form, as a float: digits (ASCII or Arabic-Indic) with
/// `.`/`٫` decimals and `,`/`٬` thousands separators, a leading `-` (or `سالب`/`ناقص`), a digit fraction
/// (`11/10`, `٧٧/١٠٠`), `1 فاصلة 1` / `واحد فاصلة واحد`, or number words.
///
/// ```
/// use khabar_enrich::dates::numbers::parse_numeral;
/// assert_eq!(parse_numeral("١٬٢٠٠٬٠٠٠٫٠٠"), Some(1_200_000.0));
/// assert_eq!(parse_numeral("-1.2"), Some(-1.2));
/// assert_eq!(parse_numeral("٧٧/١٠٠"), Some(0.77));
/// assert_eq!(parse_numeral("خمسمائة و خمسة و عشرون"), Some(525.0));
/// ```
#[must_use]
pub fn parse_numeral(s: &str) -> Option<f64> {
    let f = fold(s.trim());
    let (neg, body) = match f.strip_prefix('-').or_else(|| f.strip_prefix("سالب ")).or_else(|| f.strip_prefix("ناقص "))
    {
        Some(rest) => (true, rest.trim_start()),
        None => (false, f.as_str()),
    };
    let v = numeral_body(body)?;
    Some(if neg { -v } else { v })
}

fn numeral_body(s: &str) -> Option<f64> {
    if let Some((a, b)) = s.split_once('/') {
        let (a, b) = (plain_decimal(a)?, plain_decimal(b)?);
        return (b != 0.0).then(|| a / b);
    }
    if let Some((a, b)) = s.split_once("فاصله") {
        let a = parse_int_any(a.trim())?;
        let b = b.trim();
        let digits = if b.bytes().all(|c| c.is_ascii_digit()) { b.to_owned() } else { parse_int_any(b)?.to_string() };
        return format!("{a}.{digits}").parse().ok();
    }
    if let Some(v) = plain_decimal(s) {
        return Some(v);
    }
    parse_int_any(s).map(|v| v as f64)
}

fn parse_int_any(s: &str) -> Option<u64> {
    parse_number_words(s)
}

/// Digits with optional thousands separators (`,` `٬`) and one decimal mark (`.` `٫`).
fn plain_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut seen_dot = false;
    for c in s.chars() {
        match c {
            '0'..='9' => out.push(c),
            '.' | '٫' if !seen_dot => {
                seen_dot = true;
                out.push('.');
            }
            ',' | '٬' if !seen_dot => {}
            _ => return None,
        }
    }
    if out == "." {
        return None;
    }
    out.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals() {
        let cases: &[(&str, &str, u64)] = &[
            ("zero", "صفر", 0),
            ("one", "واحد", 1),
            ("two nominative", "اثنان", 2),
            ("two oblique", "اثنين", 2),
            ("two feminine", "اثنتين", 2),
            ("three short", "ثلاث", 3),
            ("three taa", "ثلاثة", 3),
            ("ten", "عشرة", 10),
            ("ten short", "عشر", 10),
            ("eleven", "أحد عشر", 11),
            ("eleven feminine", "إحدى عشرة", 11),
            ("twelve", "اثنا عشر", 12),
            ("twelve feminine", "اثنتي عشرة", 12),
            ("fourteen", "أربعة عشر", 14),
            ("eighteen", "ثماني عشرة", 18),
            ("thirty nominative", "ثلاثون", 30),
            ("thirty oblique", "ثلاثين", 30),
            ("twenty five", "خمسة وعشرون", 25),
            ("twenty five spaced", "خمسة و عشرين", 25),
            ("ninety three", "ثلاث وتسعين", 93),
            ("two hundred", "مائتين", 200),
            ("three hundred one word", "ثلاثمائة", 300),
            ("three hundred two words", "ثلاث مائة", 300),
            ("three fifty", "ثلاثمائة وخمسين", 350),
            ("five twenty five", "خمسمائة و خمسة و عشرون", 525),
            ("thousand", "ألف", 1000),
            ("two thousand", "ألفين", 2000),
            ("two thousand construct", "ألفي", 2000),
            ("2014", "ألفين وأربعة عشر", 2014),
            ("2019", "ألفين وتسعة عشر", 2019),
            ("1901", "ألف وتسعمائة وواحد", 1901),
            ("1999", "ألف وتسعمائة وتسعة وتسعون", 1999),
            ("2018 nominative", "ألفان وثمانية عشر", 2018),
            ("52000", "اثنين وخمسين ألف", 52_000),
            ("3500", "ثلاثة آلاف وخمسمائة", 3500),
            ("120000", "مائة وعشرون ألفا", 120_000),
            ("digits thousand", "100 الف", 100_000),
            ("digits plural thousand", "10 آلاف", 10_000),
            ("million", "مليون", 1_000_000),
            ("two million", "مليونين", 2_000_000),
            ("three million plural", "3 ملايين", 3_000_000),
            ("spoken 11", "حداشر", 11),
            ("spoken 14", "اربعتاشر", 14),
            ("spoken 33", "تلاتة و تلاتين", 33),
            ("spoken 221", "متين واحد وعشرين", 221),
            ("spoken 263", "متين تلاتة وستين", 263),
            ("spoken 300", "تلتمية", 300),
            ("spoken 525", "خمسمية خمسة و عشرين", 525),
            ("spoken two", "اتنين", 2),
        ];
        for (name, s, want) in cases {
            assert_eq!(parse_number_words(s), Some(*want), "{name}: {s}");
        }
    }

    #[test]
    fn not_cardinals() {
        for s in ["أحد", "إحدى", "ثلاثة أطفال", "عشرين ثلاثين", "ألف ألف", "و", "", "الأول", "خمسة خمسة"]
        {
            assert_eq!(parse_number_words(s), None, "{s}");
        }
    }

    #[test]
    fn prefixes_stop_at_non_numbers() {
        let w = ["ست", "سنوات"];
        assert_eq!(cardinal_prefix(&w), Some((6, 1)));
        let w = ["اثنين", "وخمسين", "الف", "كيلو"];
        assert_eq!(cardinal_prefix(&w), Some((52_000, 3)));
        let w = ["ثلاث", "وتسعين", "دوله"];
        assert_eq!(cardinal_prefix(&w), Some((93, 2)));
        let w = ["الفين", "وتسعه", "عشر", "وبعد"];
        assert_eq!(cardinal_prefix(&w), Some((2019, 3)));
    }

    #[test]
    fn ordinals() {
        let cases: &[(&str, u64)] = &[
            ("الأول", 1),
            ("الأولى", 1),
            ("أول", 1),
            ("الثاني", 2),
            ("الثان", 2),
            ("ثاني", 2),
            ("الثالثة", 3),
            ("العاشر", 10),
            ("الحادي عشر", 11),
            ("الأحد عشر", 11),
            ("الإحدى عشرة", 11),
            ("الحادي عشرة", 11),
            ("الثاني عشرة", 12),
            ("الاثنى عشر", 12),
            ("الثالث عشر", 13),
            ("الثالثة عشرة", 13),
            ("الخامس عشر", 15),
            ("الحادي والعشرين", 21),
            ("الواحد و العشرون", 21),
            ("الثالث والعشرين", 23),
            ("الخامس و العشرون", 25),
            ("الواحد والثلاثين", 31),
            ("الحادية والثلاثين", 31),
            ("الثان والسبعون", 72),
            ("التسعين", 90),
        ];
        for (s, want) in cases {
            assert_eq!(parse_ordinal_words(s), Some(*want), "{s}");
        }
        for s in ["الحادي", "الواحد", "الأحد", "عشرين", "ثلاثة"] {
            assert_eq!(parse_ordinal_words(s), None, "{s}");
        }
    }

    #[test]
    fn numerals() {
        let cases: &[(&str, f64)] = &[
            ("0", 0.0),
            ("٠٫٠", 0.0),
            ("1.10", 1.1),
            ("01.10", 1.1),
            (".77", 0.77),
            ("٫٧٧", 0.77),
            ("١١/١٠", 1.1),
            ("1 فاصلة 1", 1.1),
            ("واحد فاصلة واحد", 1.1),
            ("١٠٠٬٠٠٠٫٠", 100_000.0),
            ("-١٢/١٠", -1.2),
            ("الفان", 2000.0),
        ];
        for (s, want) in cases {
            let got = parse_numeral(s).unwrap_or(f64::NAN);
            assert!((got - want).abs() < 1e-9, "{s}: {got} != {want}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_number_words(&s);
            let _ = parse_ordinal_words(&s);
            let _ = parse_numeral(&s);
        }
    }
}
