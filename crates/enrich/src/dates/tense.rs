//! The tense of the words around a date that names no year: what a reader of news uses to
//! place `في الرابع من آذار` in the year before or after the day of publication.
//!
//! The cues are read in the folded text (alef, yeh and taa-marbuta variants folded) around the
//! expression, within its sentence: up to [`BACK`] bytes before it and [`FWD`] after it. They
//! are read from the whole text, not from the parser's window, so that a date resolves the
//! same however the text was windowed.
//!
//! | cue | words | reading |
//! |---|---|---|
//! | hold | `ولد`, `مواليد`, `ذكرى`, `كل عام`, `سنويا`, `العالمي`, a written year (`2011`, `العام الماضي`) elsewhere in the sentence | the year is not the publication's: keep `XXXX` |
//! | past | `منذ` right before the date | the last occurrence on or before publication |
//! | future | `سوف`, `لن`, `المقبل`, `القادم`, `المقرر`, `المرتقب`, `المزمع`, `المتوقع`, `المنتظر`, `يعتزم`, a verb with the future prefix `س` (`ستجري`, `وسيعقد`) | the next occurrence on or after publication |
//! | none | | the last occurrence, unless it is more than eight months back: then the next |

/// Bytes of folded text before the expression searched for cues.
const BACK: usize = 160;
/// Bytes of folded text after the expression searched for cues.
const FWD: usize = 60;

/// Words after the expression searched for cues.
const AFTER_WORDS: usize = 3;

/// Words that open a reported clause (folded: `أن`, `إن`, `بأن`, `لأن`...).
const COMPLEMENTIZERS: &[&str] = &[
    "ان",
    "بان",
    "وان",
    "لان",
    "فان",
    "انه",
    "انها",
    "بانه",
    "بانها",
    "لكن",
    "لكنه",
    "لكنها",
    "ولكن",
    "بينما",
    "فيما",
    "كما",
    "وقد",
];

/// What the words around a yearless date say about its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// Not the publication's year, or not one year at all: leave it unknown.
    Hold,
    /// Something that already happened.
    Past,
    /// Something announced, planned or expected.
    Future,
    /// No cue: news reports the past.
    None,
}

/// Words that mark the future (folded, clitics stripped).
const FUTURE: &[&str] = &[
    "سوف",
    "لن",
    "المقبل",
    "المقبله",
    "القادم",
    "القادمه",
    "المقرر",
    "مقرر",
    "مقرره",
    "المرتقب",
    "المرتقبه",
    "مرتقب",
    "مرتقبه",
    "المزمع",
    "المزمعه",
    "المتوقع",
    "المنتظر",
    "المنتظره",
    "يعتزم",
    "تعتزم",
    "يعتزمون",
];

/// Words that say the date recurs or is not this year's.
const HOLD: &[&str] = &[
    "ولد",
    "ولدت",
    "مواليد",
    "مولود",
    "مولده",
    "ذكري",
    "الذكري",
    "ذكراه",
    "ذكراها",
    "سنويا",
    "العالمي",
    "عالمي",
    "عالميا",
    "تاسيس",
    "التاريخيه",
    "تاسيسه",
];

/// Words right before a day and month that make it a name (`ثورة 25 يناير`, `مدينة السادس
/// من أكتوبر`, `قوى 14 آذار`): an event or place of some other year.
const NAMING: &[&str] = &[
    "ثوره",
    "انتفاضه",
    "حرب",
    "حركه",
    "تيار",
    "قوي",
    "مدينه",
    "جسر",
    "شارع",
    "ميدان",
    "احداث",
    "مجزره",
    "جامعه",
    "مستشفي",
    "ملعب",
    "نادي",
    "ساحه",
    "اتفاق",
    "اتفاقيه",
    "بيان",
    "انقلاب",
    "معركه",
    "هجمات",
    "منطقه",
    "حي",
    "محافظه",
    "ضاحيه",
];

/// Words after `عام`/`العام`/`سنه`/`السنه` that make a written year (`العام الماضي`).
const YEAR_ADJ: &[&str] =
    &["الماضي", "المقبل", "القادم", "المنصرم", "الفائت", "الماضيه", "المقبله", "المنصرمه", "الفائته", "القادمه"];

/// Nouns and names that start like a verb in the future (`سي`, `ست`, `سن`, `سا` + a stem):
/// prefixes of folded words.
const NOT_FUTURE: &[&str] = &[
    "سياس",
    "سيار",
    "سيطر",
    "سياح",
    "سياد",
    "سياق",
    "سياج",
    "سيده",
    "سيدي",
    "سيدن",
    "سيرج",
    "سيرته",
    "سيرتها",
    "سينما",
    "سيناء",
    "سيناري",
    "سيما",
    "سيمون",
    "سيوف",
    "سيول",
    "سيجار",
    "سيبر",
    "سيبيري",
    "سيئ",
    "سيي",
    "ستوديو",
    "ستوك",
    "ستيف",
    "ستين",
    "ستون",
    "ستار",
    "ستاد",
    "ستال",
    "سترات",
    "ستراتيج",
    "سنوا",
    "سنوي",
    "سنوات",
    "سنين",
    "سنتي",
    "سنتم",
    "سنغال",
    "سنغافور",
    "سنيه",
    "سنيور",
    "سناتور",
    "سندات",
    "سنده",
    "ساع",
    "سام",
    "ساب",
    "ساح",
    "سار",
    "ساد",
    "ساس",
    "سال",
    "ساق",
    "ساك",
    "ساه",
    "ساو",
    "ساي",
    "سات",
    "سان",
    "ساف",
    "ساخ",
    "ساط",
];

/// The cue for the expression at folded bytes `[s, e)` of `f`, in a text published in
/// `year`.
pub(super) fn cue(f: &str, s: usize, e: usize, year: i32) -> Cue {
    let lo = sentence_start(f, s);
    let hi = sentence_end(f, e);
    // The clause of the date: back to a complementizer (`قال إن`, `أكدت أن`), and three words
    // on (`أكدت ألمانيا، الثلاثاء، أن أوروبا لن تخضع`: the future is the reported clause's).
    // A future word that governs the clause stays: `من المقرر أن يعقد`, `يعتزم أن`.
    let mut before: Vec<&str> = words(&f[lo..s]).collect();
    if let Some(k) = before.iter().rposition(|w| COMPLEMENTIZERS.contains(w)) {
        let governs = before[k.saturating_sub(2)..k].iter().any(|w| FUTURE.contains(w));
        before.drain(..if governs { k - 1 } else { k });
    }
    let after: Vec<&str> = words(&f[e..hi]).take(AFTER_WORDS).take_while(|w| !COMPLEMENTIZERS.contains(w)).collect();
    let all = || before.iter().chain(after.iter()).copied();
    let named = before.last().is_some_and(|w| {
        let bare = |w: &str| NAMING.contains(&w) || w.strip_prefix("ال").is_some_and(|x| NAMING.contains(&x));
        bare(w) || w.strip_prefix(['و', 'ف', 'ب', 'ل', 'ك']).is_some_and(bare)
    });
    if named
        || all().any(|w| HOLD.contains(&w))
        || recurring(&before, &after)
        || other_year(&before, year)
        || other_year(&after, year)
    {
        return Cue::Hold;
    }
    if before.iter().rev().take(2).any(|w| *w == "منذ") {
        return Cue::Past;
    }
    // After the date only the words of the list: a verb there is often another clause's
    // (`أقره الكونغرس في ديسمبر سيضمن`).
    if before.iter().any(|w| FUTURE.contains(w) || future_verb(w)) || after.iter().any(|w| FUTURE.contains(w)) {
        return Cue::Future;
    }
    Cue::None
}

/// `كل عام`, `كل سنه`, `من كل عام`: the date recurs.
fn recurring(before: &[&str], after: &[&str]) -> bool {
    let pairs = |ws: &[&str]| ws.windows(2).any(|p| p[0] == "كل" && matches!(p[1], "عام" | "سنه" | "العام"));
    pairs(before) || pairs(after)
}

/// A year other than the publication's written beside the date: a number 1800–2100, or
/// `العام الماضي`, `نفس العام` and the like (`العام الحالي` is the publication's).
fn other_year(ws: &[&str], year: i32) -> bool {
    ws.iter().any(|w| w.len() == 4 && w.parse::<i32>().is_ok_and(|y| (1800..=2100).contains(&y) && y != year))
        || ws.windows(2).any(|p| {
            let period = |w: &str| matches!(w, "عام" | "العام" | "سنه" | "السنه" | "الشهر" | "شهر");
            (period(p[0]) && (YEAR_ADJ.contains(&p[1]) || matches!(p[1], "نفسه" | "ذاته")))
                || (matches!(p[0], "نفس" | "ذلك" | "ذات" | "تلك") && period(p[1]))
        })
}

/// `ستجري`, `وسيعقد`, `سنعمل`, `سأزور`: the future prefix `س` on an imperfect verb.
fn future_verb(w: &str) -> bool {
    let w = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).unwrap_or(w);
    let Some(rest) = w.strip_prefix('س') else { return false };
    let person = rest.chars().next();
    matches!(person, Some('ي' | 'ت' | 'ن' | 'ا'))
        && rest.chars().count() >= 4
        && !NOT_FUTURE.iter().any(|p| w.starts_with(p))
}

/// The words of a piece of folded text, with punctuation stripped.
fn words(piece: &str) -> impl Iterator<Item = &str> {
    piece
        .split(|c: char| {
            c.is_whitespace() || (c.is_ascii_punctuation() && c != '/') || matches!(c, '،' | '؛' | '«' | '»')
        })
        .filter(|w| !w.is_empty())
}

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '\n' | '؛')
}

/// Where the sentence holding byte `s` starts, at most [`BACK`] bytes before `s`.
fn sentence_start(f: &str, s: usize) -> usize {
    let mut lo = s.saturating_sub(BACK);
    while !f.is_char_boundary(lo) {
        lo += 1;
    }
    match f[lo..s].char_indices().rev().find(|&(_, c)| is_stop(c)) {
        Some((p, c)) => lo + p + c.len_utf8(),
        None => lo,
    }
}

/// Where the sentence holding byte `e` ends, at most [`FWD`] bytes after `e`.
fn sentence_end(f: &str, e: usize) -> usize {
    let mut hi = (e + FWD).min(f.len());
    while !f.is_char_boundary(hi) {
        hi -= 1;
    }
    match f[e..hi].find(is_stop) {
        Some(p) => e + p,
        None => hi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, expr: &str) -> Cue {
        let s = text.find(expr).expect("the expression is in the text");
        cue(text, s, s + expr.len(), 2018)
    }

    #[test]
    fn cues() {
        assert_eq!(at("وستعقد الكوريتان اجتماعا تحضيريا اخر في الرابع من ابريل", "الرابع من ابريل"), Cue::Future);
        assert_eq!(at("ستجري الانتخابات في العاشر من نيسان", "العاشر من نيسان"), Cue::Future);
        assert_eq!(at("قتل في الرابع من اذار خلال غاره", "الرابع من اذار"), Cue::None);
        assert_eq!(at("تتواصل المعارك منذ 15 اذار", "15 اذار"), Cue::Past);
        assert_eq!(at("ولد في 15 اذار في حلب", "15 اذار"), Cue::Hold);
        assert_eq!(at("يحتفل العالم في 8 اذار من كل عام", "8 اذار"), Cue::Hold);
        assert_eq!(at("في عام 2011 وتحديدا في 15 اذار خرج", "15 اذار"), Cue::Hold);
        // The publication's own year is no other year.
        assert_eq!(at("لمونديال روسيا 2018 بدءا من منتصف حزيران", "منتصف حزيران"), Cue::None);
        assert_eq!(at("ليسجل التضخم السنوي 13 بالمئه في نهايه ابريل", "نهايه ابريل"), Cue::None);
        assert_eq!(at("سيطرت القوات على المدينه في 15 اذار", "15 اذار"), Cue::None);
        assert_eq!(at("قالت السياسه الجديده في 15 اذار", "15 اذار"), Cue::None);
        // A future verb in the sentence before does not reach across a full stop.
        assert_eq!(at("ستجري الانتخابات. وقتل في 4 اذار", "4 اذار"), Cue::None);
        assert_eq!(at("ستجري الانتخابات؛ وقتل في 4 اذار", "4 اذار"), Cue::None);
        // The future of a reported clause is not the date's.
        assert_eq!(at("اكدت المانيا، الثلاثاء، ان اوروبا لن تخضع", "الثلاثاء"), Cue::None);
        assert_eq!(at("قال ان الانتخابات ستجري في 10 نيسان", "10 نيسان"), Cue::Future);
        assert_eq!(at("بعد ثوره 25 يناير في مصر", "25 يناير"), Cue::Hold);
        assert_eq!(at("ولعبت المباراه النهائيه في 27 مايو من نفس العام", "27 مايو"), Cue::Hold);
        assert_eq!(at("من مسجد بمدينه السادس من اكتوبر", "السادس من اكتوبر"), Cue::Hold);
    }
}
