//! Month names of every system Arabic news uses, and weekday names.
//!
//! | system | names (folded forms are matched) |
//! |---|---|
//! | Levantine / Iraqi (Syriac) | كانون الثاني، شباط، آذار، نيسان، أيار، حزيران، تموز، آب، أيلول، تشرين الأول، تشرين الثاني، كانون الأول |
//! | Egyptian / Gulf (from English) | يناير، فبراير، مارس، أبريل/إبريل/ابريل، مايو، يونيو/يونيه، يوليو/يوليه، أغسطس، سبتمبر، أكتوبر، نوفمبر، ديسمبر |
//! | Algeria / Tunisia (from French) | جانفي، فيفري، مارس، أفريل، ماي، جوان، جويلية، أوت، سبتمبر، أكتوبر، نوفمبر، ديسمبر |
//! | Morocco | يناير، فبراير، مارس، أبريل، ماي، يونيو، يوليوز، غشت، شتنبر، أكتوبر، نونبر، دجنبر |
//! | Latin script | January ... December (and Jan, Feb ...), French janvier ... décembre |
//! | Hijri (see [`super::hijri`]) | محرم، صفر، ربيع الأول ... ذو الحجة |
//!
//! ## Ambiguous names
//! Some names are also common words; the grammar accepts them only with support:
//! - `آب` folds to `اب` = `أب` (father): needs a day number before it or a year after it, and
//!   when written without the madda, both (or the doubled form `آب/أغسطس`).
//! - `نيسان` (also the car maker): needs a day before or a year after, or `شهر`.
//! - `مارس` (also "he practised"), `ماي`, `جوان`, `أوت`: need a day, a year, `شهر` or a
//!   `الماضي`/`المقبل` modifier.
//! - Latin abbreviations (`Jan`, `Mar` ...) need a day or a year.

/// How much support a month word needs before it is read as a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Amb {
    /// Always a month (`أيلول`, `سبتمبر`).
    #[default]
    Clear,
    /// Also a common word: needs a day, a year, `شهر` or a modifier (`مارس`, `ماي`).
    Word,
    /// Needs a day before or a year after, or `شهر` (`نيسان`, `آب`, Latin abbreviations).
    Strong,
}

/// The first word of a two-word month name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    /// `كانون` + الثاني (1) / الأول (12).
    Kanun,
    /// `تشرين` + الأول (10) / الثاني (11).
    Tishrin,
    /// `ربيع` + الأول (3) / الثاني, الآخر (4).
    Rabi,
    /// `جمادى` + الأولى (5) / الآخرة, الثانية (6).
    Jumada,
    /// `ذو`/`ذي`/`ذا` + القعدة (11) / الحجة (12).
    Dhu,
}

/// Which naming system a month word belongs to (the doubled form `أيلول/سبتمبر` pairs two
/// different systems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum System {
    Syriac,
    Western,
    Latin,
    Hijri,
}

/// A month word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MonthWord {
    /// 1..=12, or 0 for the head of a two-word name.
    pub n: u8,
    pub head: Option<Head>,
    pub system: System,
    pub amb: Amb,
}

impl MonthWord {
    pub(super) fn is_hijri(self) -> bool {
        self.system == System::Hijri
    }
}

fn mw(n: u8, system: System, amb: Amb) -> MonthWord {
    MonthWord { n, head: None, system, amb }
}

/// `(folded word, month word)` for every single-word Gregorian month name.
pub(super) fn gregorian_entries() -> Vec<(&'static str, MonthWord)> {
    use Amb::{Clear, Strong, Word};
    use System::{Latin, Syriac, Western};
    let mut v = vec![
        // Levantine / Iraqi.
        ("شباط", mw(2, Syriac, Clear)),
        ("اذار", mw(3, Syriac, Clear)),
        ("نيسان", mw(4, Syriac, Strong)),
        ("ايار", mw(5, Syriac, Clear)),
        ("حزيران", mw(6, Syriac, Clear)),
        ("تموز", mw(7, Syriac, Clear)),
        ("اب", mw(8, Syriac, Strong)),
        ("ايلول", mw(9, Syriac, Clear)),
        ("كانون", MonthWord { n: 0, head: Some(Head::Kanun), system: Syriac, amb: Clear }),
        ("تشرين", MonthWord { n: 0, head: Some(Head::Tishrin), system: Syriac, amb: Clear }),
        // Egyptian / Gulf, with Moroccan and Algerian forms.
        ("يناير", mw(1, Western, Clear)),
        ("جانفي", mw(1, Western, Clear)),
        ("فبراير", mw(2, Western, Clear)),
        ("فبرائر", mw(2, Western, Clear)),
        ("فيفري", mw(2, Western, Clear)),
        ("مارس", mw(3, Western, Word)),
        ("ابريل", mw(4, Western, Clear)),
        ("افريل", mw(4, Western, Clear)),
        ("مايو", mw(5, Western, Clear)),
        ("ماي", mw(5, Western, Word)),
        ("مايس", mw(5, Western, Clear)),
        ("يونيو", mw(6, Western, Clear)),
        ("يونيه", mw(6, Western, Clear)),
        ("جوان", mw(6, Western, Word)),
        ("يوليو", mw(7, Western, Clear)),
        ("يوليه", mw(7, Western, Clear)),
        ("يوليوز", mw(7, Western, Clear)),
        ("جويليه", mw(7, Western, Clear)),
        ("اغسطس", mw(8, Western, Clear)),
        ("اغسطوس", mw(8, Western, Clear)),
        ("غشت", mw(8, Western, Clear)),
        ("اوت", mw(8, Western, Word)),
        ("سبتمبر", mw(9, Western, Clear)),
        ("شتنبر", mw(9, Western, Clear)),
        ("اكتوبر", mw(10, Western, Clear)),
        ("اوكتوبر", mw(10, Western, Clear)),
        ("نوفمبر", mw(11, Western, Clear)),
        ("نونبر", mw(11, Western, Clear)),
        ("ديسمبر", mw(12, Western, Clear)),
        ("دجنبر", mw(12, Western, Clear)),
        ("ديسيمبر", mw(12, Western, Clear)),
    ];
    let latin: [(&[&str], u8); 12] = [
        (&["january", "janvier"], 1),
        (&["february", "février", "fevrier"], 2),
        (&["march", "mars"], 3),
        (&["april", "avril"], 4),
        (&["may", "mai"], 5),
        (&["june", "juin"], 6),
        (&["july", "juillet"], 7),
        (&["august", "août", "aout"], 8),
        (&["september", "septembre"], 9),
        (&["october", "octobre"], 10),
        (&["november", "novembre"], 11),
        (&["december", "décembre", "decembre"], 12),
    ];
    for (names, n) in latin {
        for name in names {
            v.push((name, mw(n, Latin, Clear)));
        }
    }
    for (name, n) in [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ] {
        v.push((name, mw(n, Latin, Strong)));
    }
    v
}

/// The month a two-word name ends in: `head` + the (folded) second word.
pub(super) fn second_word(head: Head, w: &str) -> Option<u8> {
    let first = matches!(w, "الاول" | "اول" | "الاولي" | "الاوله");
    let second = matches!(w, "الثاني" | "ثاني" | "الثانيه" | "الثان");
    let last = matches!(w, "الاخر" | "الاخره" | "اخر" | "الاخير" | "الاخيره");
    match head {
        Head::Kanun if second => Some(1),
        Head::Kanun if first => Some(12),
        Head::Tishrin if first => Some(10),
        Head::Tishrin if second => Some(11),
        Head::Rabi if first => Some(3),
        Head::Rabi if second || last => Some(4),
        Head::Jumada if first => Some(5),
        Head::Jumada if second || last => Some(6),
        Head::Dhu if matches!(w, "القعده" | "القعد") => Some(11),
        Head::Dhu if matches!(w, "الحجه" | "الحج") => Some(12),
        _ => None,
    }
}

/// `(folded word, weekday 0 = Sunday, with article)` for weekday names.
pub(super) fn weekday_entries() -> Vec<(String, u8, bool)> {
    let mut v = Vec::new();
    let names: [(&[&str], u8); 7] = [
        (&["احد"], 0),
        (&["اثنين", "اتنين"], 1),
        (&["ثلاثاء", "ثلاثا"], 2),
        (&["اربعاء", "اربعا"], 3),
        (&["خميس"], 4),
        (&["جمعه"], 5),
        (&["سبت"], 6),
    ];
    for (forms, n) in names {
        for f in forms {
            v.push((format!("ال{f}"), n, true));
            v.push(((*f).to_owned(), n, false));
        }
    }
    for (name, n) in [
        ("sunday", 0),
        ("monday", 1),
        ("tuesday", 2),
        ("wednesday", 3),
        ("thursday", 4),
        ("friday", 5),
        ("saturday", 6),
    ] {
        v.push((name.to_owned(), n, true));
    }
    v
}
