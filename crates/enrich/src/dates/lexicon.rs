//! The word list the date grammar classifies tokens with.
//!
//! One table maps every folded word the grammar cares about to what it can be (a month,
//! a weekday, a unit, a number word, a keyword). A word that is not found as written is tried
//! again without a clitic prefix: `و`/`ف`, then `ب`/`ل`/`ك` (`وبعام` → `عام`), and `لل` + X as
//! `ال` + X (`للعام` → `العام`). Words that are also common nouns (`آب`, `نيسان`, `مارس` ...) are
//! never read through a clitic (`باب` is a door, not `ب` + `آب`).

use std::collections::BTreeMap;

use super::hijri;
use super::months::{self, Amb, MonthWord};
use super::numbers;
use super::relative::{self, UnitWord};

/// Fuzzy part of a month or year (`مطلع`, `منتصف`, `أواخر` ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fuzzy {
    /// `بداية`, `غرة`: the first day (of a month) or first month (of a year).
    Start,
    /// `مطلع`, `أوائل`, `مستهل`: days 1–10 / months 1–4.
    Early,
    /// `منتصف`, `نصف`, `أواسط`: the 15th / months 5–8.
    Mid,
    /// `أواخر`: days 21–end / months 9–12.
    Late,
    /// `نهاية`, `آخر`, `ختام`: the last day / last month.
    End,
}

/// Keywords of the date grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Kw {
    #[default]
    None,
    /// `في`
    Fi,
    /// `من`
    Min,
    /// `بين`
    Bayn,
    /// `إلى`, `حتى`, `لغاية`
    To,
    /// `و` standing alone
    Wa,
    /// `منذ`
    Mundh,
    /// `قبل`
    Qabl,
    /// `بعد`
    Baad,
    /// `عام`, `العام`, `سنة`, `السنة`
    YearWord,
    /// `عامي`, `العامين`, `سنتي` (between the years ...)
    YearDual,
    /// `شهر`, `الشهر`
    Shahr,
    /// `أسبوع`, `الأسبوع`
    Week,
    /// `يوم`
    DayWord,
    /// `اليوم`
    Today,
    /// `أمس`, `الأمس`, `البارحة`
    Yesterday,
    /// `غداً`, `غد`, `الغد`, `بكرة`
    Tomorrow,
    /// `هذا`, `هذه`
    Hadha,
    /// `الماضي`, `المنصرم`, `الفائت`, `السابق`
    Past,
    /// `المقبل`, `القادم`, `التالي`
    Next,
    /// `الجاري`, `الحالي`
    Current,
    /// `مطلع`, `منتصف`, ...
    Fuzzy(Fuzzy),
    /// `الموافق`
    Muwafiq,
    /// `هـ`, `هجري`, `للهجرة`
    HijriMark,
    /// `م`, `ميلادي`, `للميلاد`
    GregMark,
    /// `قبل الميلاد` shorthand `ق` (as in `ق.م`)
    Bc,
    /// `القرن`, `قرن`
    Century,
    /// `تاريخ`, `بتاريخ`
    Tarikh,
    /// `نفسه`, `ذاته`
    Same,
    /// `الأخير`, `الأخيرة`
    Last,
    /// `عقد` (decade; also "contract")
    Decade,
    /// `بضعة`, `عدة`: a vague amount
    Few,
    /// `طوال`, `طيلة`, `مدة`: before a duration
    During,
    /// `وقت` (`في وقت لاحق من هذا الشهر`)
    Waqt,
    /// `بقية`, `باقي`: the rest (of the week, month, year)
    Rest,
    /// A season: 0 winter (`شتاء`), 1 spring (`ربيع`), 2 summer (`صيف`), 3 autumn (`خريف`).
    Season(u8),
}

/// What a word can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)] // a word has several independent roles
pub(super) struct Lex {
    pub month: Option<MonthWord>,
    /// Weekday, 0 = Sunday, and whether written with the article.
    pub weekday: Option<(u8, bool)>,
    pub unit: Option<UnitWord>,
    pub kw: Kw,
    /// A number word (cardinal or ordinal).
    pub num: bool,
    /// A noun counted by a number (`2000 نازح`): a number before it is not a year.
    pub counted: bool,
    /// May stand before a bare year (`في 2017`, `منذ 2014`).
    pub trigger: bool,
    /// Decade word: 2..=9 for `العشرينيات` .. `التسعينيات`.
    pub decade: u8,
    /// First word of a holiday name.
    pub holiday: bool,
    /// Never read through a clitic prefix.
    pub no_clitic: bool,
    /// May begin an expression.
    pub start: bool,
}

impl Lex {
    fn merge(&mut self, o: &Lex) {
        self.month = self.month.or(o.month);
        self.weekday = self.weekday.or(o.weekday);
        self.unit = self.unit.or(o.unit);
        if self.kw == Kw::None {
            self.kw = o.kw;
        }
        self.num |= o.num;
        self.counted |= o.counted;
        self.trigger |= o.trigger;
        self.decade = self.decade.max(o.decade);
        self.holiday |= o.holiday;
        self.no_clitic |= o.no_clitic;
    }
}

/// The word table.
#[derive(Debug)]
pub(super) struct Lexicon {
    /// Sorted by word.
    words: Vec<(Box<str>, Lex)>,
    /// The same entries, for lookups: most words of a text are not in the table, and a hash
    /// lookup rejects them faster than a search of the sorted table behind a Bloom filter
    /// (`dates_bench`: 111–114 MB/s against 103, run alternately).
    index: ahash::AHashMap<Box<str>, Lex>,
}

/// Season words (folded), with and without the article.
const SEASONS: &[(&str, u8)] = &[
    ("شتاء", 0),
    ("الشتاء", 0),
    ("شتاءا", 0),
    ("ربيع", 1),
    ("الربيع", 1),
    ("صيف", 2),
    ("الصيف", 2),
    ("خريف", 3),
    ("الخريف", 3),
];

#[allow(clippy::too_many_lines)] // a word table reads best unsplit
fn kw_entries() -> Vec<(&'static str, Kw)> {
    use self::Fuzzy::{Early, End, Late, Mid, Start};
    use Kw::{
        Baad, Bayn, Bc, Century, Current, DayWord, Decade, During, Few, Fi, GregMark, Hadha, HijriMark, Last, Min,
        Mundh, Muwafiq, Next, Past, Qabl, Same, Shahr, Tarikh, To, Today, Tomorrow, Wa, Week, YearDual, YearWord,
        Yesterday,
    };
    vec![
        ("في", Fi),
        ("من", Min),
        ("بين", Bayn),
        ("الي", To),
        ("حتي", To),
        ("لغايه", To),
        ("لحد", To),
        ("و", Wa),
        ("منذ", Mundh),
        ("مذ", Mundh),
        ("قبل", Qabl),
        ("القبل", Qabl),
        ("بعد", Baad),
        ("عام", YearWord),
        ("العام", YearWord),
        ("سنه", YearWord),
        ("السنه", YearWord),
        ("عامي", YearDual),
        ("العامين", YearDual),
        ("سنتي", YearDual),
        ("السنتين", YearDual),
        ("شهر", Shahr),
        ("الشهر", Shahr),
        ("اسبوع", Week),
        ("الاسبوع", Week),
        ("يوم", DayWord),
        ("اليوم", Today),
        ("امس", Yesterday),
        ("الامس", Yesterday),
        ("البارحه", Yesterday),
        ("امبارح", Yesterday),
        ("غدا", Tomorrow),
        ("غد", Tomorrow),
        ("الغد", Tomorrow),
        ("بكره", Tomorrow),
        ("بكرا", Tomorrow),
        ("هذا", Hadha),
        ("هذه", Hadha),
        ("هذي", Hadha),
        ("الماضي", Past),
        ("الماضيه", Past),
        ("الماض", Past),
        ("الماضيين", Past),
        ("الماضيتين", Past),
        ("المنصرم", Past),
        ("المنصرمه", Past),
        ("المنصرمين", Past),
        ("الفائت", Past),
        ("الفائته", Past),
        ("الفائتين", Past),
        ("السابق", Past),
        ("السابقه", Past),
        ("السابقين", Past),
        ("المنقضي", Past),
        ("الفارط", Past),
        ("الفارطه", Past),
        ("المقبل", Next),
        ("المقبله", Next),
        ("المقبلين", Next),
        ("المقبلتين", Next),
        ("القادم", Next),
        ("القادمه", Next),
        ("القادمين", Next),
        ("القادمتين", Next),
        ("التالي", Next),
        ("التاليه", Next),
        ("الجاي", Next),
        ("الاتي", Next),
        ("الاتيه", Next),
        ("الجاري", Current),
        ("الجاريه", Current),
        ("الحالي", Current),
        ("الحاليه", Current),
        ("بدايه", Kw::Fuzzy(Start)),
        ("غره", Kw::Fuzzy(Start)),
        ("مطلع", Kw::Fuzzy(Early)),
        ("اوائل", Kw::Fuzzy(Early)),
        ("مستهل", Kw::Fuzzy(Early)),
        ("منتصف", Kw::Fuzzy(Mid)),
        ("اواسط", Kw::Fuzzy(Mid)),
        ("نصف", Kw::Fuzzy(Mid)),
        ("نص", Kw::Fuzzy(Mid)),
        ("اواخر", Kw::Fuzzy(Late)),
        ("نهايه", Kw::Fuzzy(End)),
        ("اخر", Kw::Fuzzy(End)),
        ("ختام", Kw::Fuzzy(End)),
        ("الموافق", Muwafiq),
        ("الموافقه", Muwafiq),
        ("ه", HijriMark),
        ("هجري", HijriMark),
        ("هجريه", HijriMark),
        ("الهجري", HijriMark),
        ("الهجريه", HijriMark),
        ("للهجره", HijriMark),
        ("هجريا", HijriMark),
        ("م", GregMark),
        ("ميلادي", GregMark),
        ("ميلاديه", GregMark),
        ("الميلادي", GregMark),
        ("الميلاديه", GregMark),
        ("للميلاد", GregMark),
        ("ميلاديا", GregMark),
        ("ق", Bc),
        ("القرن", Century),
        ("قرن", Century),
        ("تاريخ", Tarikh),
        ("التاريخ", Tarikh),
        ("نفسه", Same),
        ("ذاته", Same),
        ("نفسها", Same),
        ("ذاتها", Same),
        ("الاخير", Last),
        ("الاخيره", Last),
        ("عقد", Decade),
        ("العقد", Decade),
        ("بضعه", Few),
        ("بضع", Few),
        ("عده", Few),
        ("طوال", During),
        ("طيله", During),
        ("مده", During),
        ("بقيه", Kw::Rest),
        ("باقي", Kw::Rest),
        ("وقت", Kw::Waqt),
    ]
}

/// Words that may stand right before a bare year (`في 2017`): prepositions and the fuzzy
/// parts of a period.
const TRIGGERS: &[&str] = &[
    "في",
    "منذ",
    "مذ",
    "حتي",
    "خلال",
    "بدايه",
    "مطلع",
    "نهايه",
    "اواخر",
    "اوائل",
    "منتصف",
    "اواسط",
    "قبل",
    "بعد",
    "بحلول",
    "لغايه",
    "الي",
    "من",
    "بين",
    "طوال",
    "طيله",
    "مستهل",
    "ختام",
    "عقب",
    "اثناء",
];

/// Nouns a number counts (`2000 نازح`, `1440 متراً`, `52 مدرسة`, `86 دولة`): a number followed
/// by one of these is a quantity, never a year. Folded; the accusative `-ا` form is derived.
const COUNTED: &[&str] = &[
    "شخص",
    "اشخاص",
    "مدني",
    "مدنيين",
    "نازح",
    "نازحين",
    "لاجئ",
    "لاجئين",
    "قتيل",
    "قتلي",
    "جريح",
    "جرحي",
    "مقاتل",
    "مقاتلين",
    "عنصر",
    "عناصر",
    "جندي",
    "جنود",
    "طفل",
    "اطفال",
    "امراه",
    "نساء",
    "رجل",
    "رجال",
    "مواطن",
    "مواطنين",
    "عامل",
    "عمال",
    "طالب",
    "طلاب",
    "معتقل",
    "معتقلين",
    "اسير",
    "اسري",
    "مسلح",
    "مسلحين",
    "ضحيه",
    "ضحايا",
    "حاله",
    "حالات",
    "اصابه",
    "اصابات",
    "وفاه",
    "وفيات",
    "متر",
    "امتار",
    "مترا",
    "كيلومتر",
    "كيلومترا",
    "كم",
    "كلم",
    "ميل",
    "هكتار",
    "دونم",
    "كغ",
    "كيلو",
    "كيلوغرام",
    "غرام",
    "طن",
    "اطنان",
    "لتر",
    "برميل",
    "دولار",
    "دولارا",
    "يورو",
    "جنيه",
    "دينار",
    "ريال",
    "درهم",
    "ليره",
    "فرنك",
    "روبل",
    "يوان",
    "مدرسه",
    "مدارس",
    "منزل",
    "منازل",
    "بيت",
    "بيوت",
    "مبني",
    "مباني",
    "قريه",
    "قري",
    "بلده",
    "مدينه",
    "مدن",
    "دوله",
    "دول",
    "موقع",
    "مواقع",
    "هدف",
    "اهداف",
    "غاره",
    "غارات",
    "صاروخ",
    "صواريخ",
    "قذيفه",
    "قذائف",
    "طائره",
    "طائرات",
    "دبابه",
    "دبابات",
    "سياره",
    "سيارات",
    "اليه",
    "اليات",
    "شاحنه",
    "شاحنات",
    "وحده",
    "وحدات",
    "سرير",
    "مشروع",
    "مشاريع",
    "فرصه",
    "وظيفه",
    "صوت",
    "اصوات",
    "مقعد",
    "مقاعد",
    "نائب",
    "عضو",
    "اعضاء",
    "ناخب",
    "مرشح",
    "مرشحين",
    "نسمه",
    "عائله",
    "عائلات",
    "اسره",
    "اسر",
    "صفحه",
    "كتاب",
    "مقال",
    "ميغاواط",
    "واط",
    "قدم",
    "درجه",
    "نقطه",
    "مباراه",
    "لاعب",
    "سهم",
    "اسهم",
    "مليون",
    "مليار",
    "الف",
    "الاف",
    "ملايين",
    "مليارات",
    "بالمئه",
    "بالمائه",
    "نسخه",
    "رحله",
    "زائر",
    "زوار",
    "حاج",
    "حجاج",
    "سائح",
    "سياح",
    "مستوطن",
    "مستوطنين",
    "مهاجر",
    "مهاجرين",
    "موظف",
    "موظفين",
    "مريض",
    "مرضي",
    "طبيب",
    "اطباء",
    "مصاب",
    "مصابين",
    "مفقود",
    "مفقودين",
    "منشق",
    "جهادي",
    "جهاديين",
    "داعشي",
    "مسجد",
    "كنيسه",
    "مستشفي",
    "عمليه",
    "عمليات",
    "هجوم",
    "هجمات",
    "انتهاك",
    "انتهاكات",
    "خرق",
    "خروقات",
    "صوره",
    "فيديو",
    "تقرير",
    "ميدالية",
    "ميداليه",
    "هدفا",
    "نقاط",
    "مشارك",
    "مشاركين",
    "متظاهر",
    "متظاهرين",
    "كيلوغراما",
    "طنا",
    "دقيقه",
    "ساعه",
    "كلغ",
    "سنتيمتر",
    "ملم",
    "مم",
    "فدان",
    "فدانا",
    "بئر",
    "ابار",
    "خيمه",
    "خيام",
    "سله",
    "سلال",
    "وجبه",
];

fn decade_entries() -> Vec<(String, u8)> {
    let mut v = Vec::new();
    for (stem, d) in [
        ("عشرين", 2),
        ("ثلاثين", 3),
        ("اربعين", 4),
        ("خمسين", 5),
        ("ستين", 6),
        ("سبعين", 7),
        ("ثمانين", 8),
        ("تسعين", 9),
    ] {
        for suffix in ["يات", "ات"] {
            v.push((format!("{stem}{suffix}"), d));
            v.push((format!("ال{stem}{suffix}"), d));
        }
    }
    v
}

impl Lexicon {
    pub(super) fn new() -> Self {
        let mut map: BTreeMap<String, Lex> = BTreeMap::new();
        let mut add = |w: &str, lex: Lex| {
            map.entry(w.to_owned()).or_default().merge(&lex);
        };
        for (w, m) in months::gregorian_entries().into_iter().chain(hijri::entries()) {
            add(w, Lex { month: Some(m), no_clitic: m.amb != Amb::Clear, ..Lex::default() });
        }
        for (w, n, al) in months::weekday_entries() {
            add(&w, Lex { weekday: Some((n, al)), ..Lex::default() });
        }
        for (w, u) in relative::unit_entries() {
            add(w, Lex { unit: Some(u), ..Lex::default() });
        }
        for w in numbers::known_words() {
            add(w, Lex { num: true, ..Lex::default() });
        }
        for (w, k) in kw_entries() {
            add(w, Lex { kw: k, ..Lex::default() });
        }
        for (w, season) in SEASONS {
            add(w, Lex { kw: Kw::Season(*season), ..Lex::default() });
        }
        for w in TRIGGERS {
            add(w, Lex { trigger: true, ..Lex::default() });
        }
        for w in COUNTED {
            add(w, Lex { counted: true, ..Lex::default() });
            if !w.ends_with('ا') {
                add(&format!("{w}ا"), Lex { counted: true, ..Lex::default() });
            }
        }
        for (w, d) in decade_entries() {
            add(&w, Lex { decade: d, ..Lex::default() });
        }
        for w in hijri::holiday_heads() {
            add(w, Lex { holiday: true, ..Lex::default() });
        }
        let words = map
            .into_iter()
            .map(|(w, mut lex)| {
                lex.start = lex.month.is_some()
                    || lex.weekday.is_some()
                    || lex.unit.is_some()
                    || lex.num
                    || lex.decade > 0
                    || lex.holiday
                    || matches!(
                        lex.kw,
                        Kw::Min
                            | Kw::Bayn
                            | Kw::Mundh
                            | Kw::Qabl
                            | Kw::Baad
                            | Kw::YearWord
                            | Kw::YearDual
                            | Kw::Shahr
                            | Kw::Week
                            | Kw::DayWord
                            | Kw::Today
                            | Kw::Yesterday
                            | Kw::Tomorrow
                            | Kw::Hadha
                            | Kw::Fuzzy(_)
                            | Kw::Century
                            | Kw::Decade
                            | Kw::Few
                            | Kw::During
                            | Kw::Rest
                            | Kw::Waqt
                            | Kw::Season(_)
                    );
                (w.into_boxed_str(), lex)
            })
            .collect::<Vec<(Box<str>, Lex)>>();
        let index = words.iter().cloned().collect();
        Self { words, index }
    }

    pub(super) fn get(&self, w: &str) -> Option<Lex> {
        self.index.get(w).copied()
    }

    fn get_through_clitic(&self, w: &str) -> Option<Lex> {
        self.get(w).filter(|l| !l.no_clitic)
    }

    /// What `w` (a folded word) is, and how many bytes of clitic prefix were set aside to find
    /// it (0 when found as written, or when the clitic cannot be split off the surface, as in
    /// `للعام`).
    pub(super) fn classify(&self, w: &str, scratch: &mut String) -> (Lex, u8) {
        if let Some(l) = self.get(w) {
            return (l, 0);
        }
        // Shortest stem worth trying: two letters.
        let long_enough = |r: &str| r.len() >= 4;
        let mut rest = w;
        let mut cl = 0u8;
        if let Some(r) = rest.strip_prefix(['و', 'ف']).filter(|r| long_enough(r)) {
            if let Some(l) = self.get_through_clitic(r) {
                return (l, 2);
            }
            rest = r;
            cl = 2;
        }
        if let Some(r) = rest.strip_prefix("لل").filter(|r| long_enough(r)) {
            scratch.clear();
            scratch.push_str("ال");
            scratch.push_str(r);
            if let Some(l) = self.get_through_clitic(scratch) {
                return (l, cl);
            }
        }
        if let Some(r) = rest.strip_prefix(['ب', 'ل', 'ك']).filter(|r| long_enough(r))
            && let Some(l) = self.get_through_clitic(r)
        {
            return (l, cl + 2);
        }
        (Lex::default(), 0)
    }

    /// Every word in the table (for the anchor scan and tests).
    pub(super) fn words(&self) -> impl Iterator<Item = (&str, &Lex)> {
        self.words.iter().map(|(w, l)| (&**w, l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_are_stripped() {
        let lx = Lexicon::new();
        let mut s = String::new();
        let (l, c) = lx.classify("وعام", &mut s);
        assert_eq!((l.kw, c), (Kw::YearWord, 2));
        let (l, c) = lx.classify("بالامس", &mut s);
        assert_eq!((l.kw, c), (Kw::Yesterday, 2));
        let (l, c) = lx.classify("للعام", &mut s);
        assert_eq!((l.kw, c), (Kw::YearWord, 0));
        let (l, c) = lx.classify("وفي", &mut s);
        assert_eq!((l.kw, c), (Kw::Fi, 2));
        // A door is not "ب" + August.
        let (l, _) = lx.classify("باب", &mut s);
        assert!(l.month.is_none());
        let (l, c) = lx.classify("بايلول", &mut s);
        assert_eq!((l.month.map(|m| m.n), c), (Some(9), 2));
    }
}
