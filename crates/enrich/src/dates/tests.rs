//! Table-driven unit tests of the extractor: named cases per category, positives and
//! negatives. Each case lists every expression the text must yield, as `(surface, value)`
//! (`None` = found but unresolved), in order; nothing else may be found.

use super::*;

fn d(y: i32, m: u8, day: u8) -> Option<CivilDate> {
    CivilDate::new(y, m, day)
}

type Want = &'static [(&'static str, Option<&'static str>)];

struct Case {
    name: &'static str,
    text: &'static str,
    published: Option<CivilDate>,
    want: Want,
}

fn check(x: &DateExtractor, cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let got: Vec<(String, Option<String>)> =
            x.extract(c.text, c.published).into_iter().map(|m| (c.text[m.start..m.end].to_owned(), m.value)).collect();
        let want: Vec<(String, Option<String>)> =
            c.want.iter().map(|(s, v)| ((*s).to_owned(), v.map(str::to_owned))).collect();
        if got != want {
            failures.push(format!("{}: {}\n    want {want:?}\n    got  {got:?}", c.name, c.text));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

macro_rules! cases {
    ($($name:literal: $text:literal, $pub:expr => [$(($s:literal, $v:expr)),* $(,)?];)*) => {
        &[$(Case { name: $name, text: $text, published: $pub, want: &[$(($s, $v)),*] }),*]
    };
}

const N: Option<&str> = None;

#[test]
fn numeric_dates() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "slash day first": "وقع الهجوم في 15/9/2014 صباحا", None => [("15/9/2014", Some("2014-09-15"))];
            "iso": "صدر القرار 2014-09-15 رسميا", None => [("2014-09-15", Some("2014-09-15"))];
            "dotted": "بتاريخ 24.03.2019", None => [("24.03.2019", Some("2019-03-24"))];
            "dash day first": "في 15-9-2014", None => [("15-9-2014", Some("2014-09-15"))];
            "arabic-indic digits": "في ١٥/٩/٢٠١٤", None => [("١٥/٩/٢٠١٤", Some("2014-09-15"))];
            "persian digits": "في ۱۵/۹/۲۰۱۴", None => [("۱۵/۹/۲۰۱۴", Some("2014-09-15"))];
            "year slash month day": "سأعود 2016/02/22", None => [("2016/02/22", Some("2016-02-22"))];
            "two-digit year": "سأعود 18-9-15", None => [("18-9-15", Some("2015-09-18"))];
            "month and year": "في 9/2014", None => [("9/2014", Some("2014-09"))];
            "day month after trigger": "في 15/9 الماضي", None => [("15/9", Some("XXXX-09-15"))];
            "impossible 31 June": "في 31/6/2014", None => [];
            "impossible 30 Feb": "في 30/2/2019", None => [];
            "not a date: ratio": "بنسبة 3/4 من الأصوات", None => [];
            "not a date: phone": "اتصل على 0933-123-456", None => [];
            "not a date: version": "الإصدار 1.2.3.4", None => [];
            "not a date: decimal": "ارتفع 2.5 في المئة", None => [];
            "not a date: clock": "عند الساعة 12:30", None => [];
            "iso with time": "2024-07-26T10:00:00Z", None => [("2024-07-26", Some("2024-07-26"))];
        },
    );
}

#[test]
fn day_month_year() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "levantine": "في 15 أيلول 2014", None => [("15 أيلول 2014", Some("2014-09-15"))];
            "egyptian": "في 15 سبتمبر 2014", None => [("15 سبتمبر 2014", Some("2014-09-15"))];
            "maghreb": "يوم 5 جويلية 1962", None => [("5 جويلية 1962", Some("1962-07-05"))];
            "morocco": "في 20 غشت 1953", None => [("20 غشت 1953", Some("1953-08-20"))];
            "algeria february": "في 22 فيفري 2019", None => [("22 فيفري 2019", Some("2019-02-22"))];
            "doubled slash": "في 15 أيلول/سبتمبر 2014", None => [("15 أيلول/سبتمبر 2014", Some("2014-09-15"))];
            "doubled slash reversed": "في 1 تشرين الأول/أكتوبر 2018", None => [("1 تشرين الأول/أكتوبر 2018", Some("2018-10-01"))];
            "doubled brackets": "في 15 أكتوبر (تشرين الأول) 2018", None => [("15 أكتوبر (تشرين الأول) 2018", Some("2018-10-15"))];
            "doubled space": "في 3 أيلول سبتمبر 2014", None => [("3 أيلول سبتمبر 2014", Some("2014-09-03"))];
            "doubled dash": "في 3 سبتمبر-أيلول 2014", None => [("3 سبتمبر-أيلول 2014", Some("2014-09-03"))];
            "ordinal words": "في الخامس عشر من أيلول عام ألفين وأربعة عشر", None =>
                [("الخامس عشر من أيلول عام ألفين وأربعة عشر", Some("2014-09-15"))];
            "compound ordinal": "في الثالث والعشرين من آذار عام ألفين وتسعة عشر", None =>
                [("الثالث والعشرين من آذار عام ألفين وتسعة عشر", Some("2019-03-23"))];
            "year after من عام": "في 12 يناير من عام 2016", None => [("12 يناير من عام 2016", Some("2016-01-12"))];
            "english latin": "July 26, 2024", None => [("July 26, 2024", Some("2024-07-26"))];
            "arabic month english ordinal": "يوليو 26th, 2024", None => [("يوليو 26th, 2024", Some("2024-07-26"))];
            "month day words": "في مايو الحادي والعشرين 2017", None => [("مايو الحادي والعشرين 2017", Some("2017-05-21"))];
            "impossible 31 June words": "في 31 حزيران 2014", None => [];
            "impossible 30 February": "في 30 شباط 2019", None => [];
            "gregorian marker": "في 5 أيار 2019م", None => [("5 أيار 2019م", Some("2019-05-05"))];
            "arabic-indic day": "في ٢٥ كانون الثاني ٢٠١١", None => [("٢٥ كانون الثاني ٢٠١١", Some("2011-01-25"))];
            "clitic on month": "وقع ذلك بأيلول 2014", None => [("أيلول 2014", Some("2014-09"))];
        },
    );
}

#[test]
fn partial_and_month_year() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "first of november": "ليعلن الأول من تشرين الثاني يوما عالميا", None => [("الأول من تشرين الثاني", Some("XXXX-11-01"))];
            "first of november published": "ليعلن الأول من تشرين الثاني يوما عالميا", d(2019, 3, 1) =>
                [("الأول من تشرين الثاني", Some("XXXX-11-01"))];
            "month year": "في أيلول 2014", None => [("أيلول 2014", Some("2014-09"))];
            "month comma year": "لقد فاتني يناير, 2001", None => [("يناير, 2001", Some("2001-01"))];
            "lone month": "وفي أيار أعلنت", None => [("أيار", Some("XXXX-05"))];
            "shahr month": "خلال شهر رمضان", None => [("شهر رمضان", N)];
            "shahr number": "بداية شهر 3", d(2013, 2, 12) => [("بداية شهر 3", Some("2013-03"))];
            "day month no year": "في 15 آب", None => [("15 آب", Some("XXXX-08-15"))];
            "month dir past": "في أيلول الماضي", d(2019, 3, 23) => [("أيلول الماضي", Some("2018-09"))];
            "month dir next": "في أيار المقبل", d(2019, 3, 23) => [("أيار المقبل", Some("2019-05"))];
            "day month dir": "الأول من تشرين الثاني المقبل", d(2019, 3, 23) =>
                [("الأول من تشرين الثاني المقبل", Some("2019-11-01"))];
            "day month dir past same month": "في 15 آذار الماضي", d(2019, 3, 23) => [("15 آذار الماضي", Some("2019-03-15"))];
            "month without published dir": "في أيلول الماضي", None => [("أيلول الماضي", N)];
            "day of current month": "في 25 من الشهر الجاري", d(2018, 9, 3) => [("25 من الشهر الجاري", Some("2018-09-25"))];
            "month of next year": "في يونيو العام المقبل", d(2016, 11, 7) => [("يونيو العام المقبل", Some("2017-06"))];
            "doubled month past": "في مارس/آذار الماضي", d(2018, 4, 5) => [("مارس/آذار الماضي", Some("2018-03"))];
        },
    );
}

#[test]
fn weekdays() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "weekday matches": "يوم الاثنين 15 أيلول 2014", None => [("الاثنين 15 أيلول 2014", Some("2014-09-15"))];
            "bare weekday past": "وقال الوزير يوم الأحد إن", d(2019, 3, 23) => [("الأحد", Some("2019-03-17"))];
            "bare weekday same day": "أعلنت السبت", d(2019, 3, 23) => [("السبت", Some("2019-03-23"))];
            "weekday past": "الأحد الماضي", d(2019, 3, 24) => [("الأحد الماضي", Some("2019-03-17"))];
            "weekday next": "الثلاثاء المقبل", d(2019, 3, 24) => [("الثلاثاء المقبل", Some("2019-03-26"))];
            "weekday no published": "يوم الأحد", None => [("الأحد", N)];
            "friday prayer is not a date": "بعد صلاة الجمعة", d(2019, 3, 23) => [];
            "the two": "كلا الاثنين", d(2019, 3, 23) => [];
            "dateline weekday and date": "• الجمعة. يوليو 26th, 2024\nقال", None => [("الجمعة. يوليو 26th, 2024", Some("2024-07-26"))];
            "weekday ends a sentence": "وصل يوم الجمعة. يوليو شهر حار", d(2019, 3, 23) => [("الجمعة", Some("2019-03-22")), ("يوليو", Some("2018-07"))];
            "today weekday": "اليوم السبت", d(2019, 3, 23) => [("اليوم السبت", Some("2019-03-23"))];
            "weekday of last week": "الأحد من الأسبوع الماضي", d(2013, 2, 12) => [("الأحد من الأسبوع الماضي", Some("2013-02-10"))];
            "weekday before date with muwafiq": "الخميس الموافق 14 شباط 2013", None => [("الخميس الموافق 14 شباط 2013", Some("2013-02-14"))];
        },
    );
    // A weekday that contradicts its date halves the confidence.
    let ok = x.extract("يوم الاثنين 15 أيلول 2014", None);
    let bad = x.extract("يوم الأحد 15 أيلول 2014", None);
    assert_eq!(bad[0].value.as_deref(), Some("2014-09-15"));
    assert!(bad[0].confidence < ok[0].confidence / 1.5, "{} vs {}", bad[0].confidence, ok[0].confidence);
}

#[test]
fn years() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "am": "في الموصل عام 2014.", None => [("عام 2014", Some("2014"))];
            "al-am": "الذي أنشأ في العام 2014 بعد", None => [("العام 2014", Some("2014"))];
            "bare after fi": "في هزائم منكرة في 2017 ودفعه", None => [("2017", Some("2017"))];
            "clitic fi": "وفي 2014 تمكن التنظيم", None => [("2014", Some("2014"))];
            "sana": "سنة 2014", None => [("سنة 2014", Some("2014"))];
            "words": "عام ألفين وأربعة عشر", None => [("عام ألفين وأربعة عشر", Some("2014"))];
            "words after fi": "في ألفين وتسعة عشر.", None => [("ألفين وتسعة عشر", Some("2019"))];
            "words nineteen hundreds": "في عام ألف وتسعمائة وثمانية وأربعين", None => [("عام ألف وتسعمائة وثمانية وأربعين", Some("1948"))];
            "clitic wa-fi am": "وفي عام 2014 قالت", None => [("عام 2014", Some("2014"))];
            "clitic bi": "بعام 2014", None => [("عام 2014", Some("2014"))];
            "clitic li": "لعام 2014", None => [("عام 2014", Some("2014"))];
            "clitic lil": "للعام 2018", None => [("للعام 2018", Some("2018"))];
            "mundh": "منذ 2011 والبلاد", None => [("2011", Some("2011"))];
            "hatta": "حتى 2030", None => [("2030", Some("2030"))];
            "khilal": "خلال 2017", None => [("2017", Some("2017"))];
            "bidaya": "بداية 2014", None => [("بداية 2014", Some("2014"))];
            "fuzzy late": "أواخر 2014", None => [("أواخر 2014", Some("2014"))];
            "fuzzy end": "نهاية عام 2018", None => [("نهاية عام 2018", Some("2018"))];
            "old year with am": "ولد عام 632", None => [("عام 632", Some("0632"))];
            "historic bare": "في 1789 بعد", None => [("1789", Some("1789"))];
            "last year": "العام الماضي", d(2019, 3, 23) => [("العام الماضي", Some("2018"))];
            "next year": "العام المقبل", d(2019, 3, 23) => [("العام المقبل", Some("2020"))];
            "coming year": "العام القادم", d(2019, 3, 23) => [("العام القادم", Some("2020"))];
            "current year": "العام الجاري", d(2019, 3, 23) => [("العام الجاري", Some("2019"))];
            "this year": "هذا العام", d(2019, 3, 23) => [("هذا العام", Some("2019"))];
            "this sana": "هذه السنة", d(2019, 3, 23) => [("هذه السنة", Some("2019"))];
            "start of the year": "منذ مطلع العام", d(2019, 3, 23) => [("مطلع العام", Some("2019"))];
            "last year without published": "العام الماضي", None => [("العام الماضي", N)];
            "hijri year": "عام 1440 هـ", None => [("عام 1440 هـ", Some("2018-09-11/2019-08-30"))];
        },
    );
}

#[test]
fn not_dates() {
    let x = DateExtractor::new();
    let p = d(2019, 3, 23);
    check(
        &x,
        cases! {
            "father": "أب لثلاثة أطفال", p => [];
            "father with madda-less spelling and year-ish": "أب 2014 طفل", p => [];
            "nissan brand": "سيارة نيسان الجديدة", p => [];
            "displaced": "نزوح 2000 نازح", p => [];
            "after fi displaced": "في 2000 نازح", p => [];
            "meters": "بعمق 1440 متراً", p => [];
            "schools": "52 مدرسة", p => [];
            "km2": "حررت 52 كم2 من", p => [];
            "countries": "من 86 دولة", p => [];
            "thousands": "نحو 60 ألف شخص", p => [];
            "percent": "في 2015% من", p => [];
            "sunnis": "أهل السنة والجماعة", p => [];
            "sunni arabs": "العرب السنة", p => [];
            "prosecutor": "قال المدعي العام", p => [];
            "commander": "القائد العام للقوات", p => [];
            "public opinion": "الرأي العام العالمي", p => [];
            "secretary general next": "الأمين العام المقبل", p => [];
            "general": "بشكل عام", p => [];
            "practised": "مارس الرياضة", p => [];
            "erdogan": "رجب طيب أردوغان", p => [];
            "zero score": "فاز 2-صفر على ضيفه", p => [];
            "spring": "الربيع العربي", p => [];
            "one of them": "أحد الأشخاص", p => [];
            "first of its kind": "الأول من نوعه", p => [];
            "world day": "اليوم العالمي للمرأة", p => [];
            "duckling negatives": "حب اياب ابحث", p => [];
            "bare number": "قتل 15 شخصا", p => [];
            "contract": "عقد اجتماع", p => [];
            "father again": "إنه أب", p => [];
            "door": "فتح باب 15", p => [];
        },
    );
}

#[test]
fn relative() {
    let x = DateExtractor::new();
    let p = d(2019, 3, 23);
    check(
        &x,
        cases! {
            "today": "قال اليوم إن", p => [("اليوم", Some("2019-03-23"))];
            "today no published": "قال اليوم إن", None => [("اليوم", N)];
            "nowadays": "تستمر الجهود المشتركة اليوم بين التحالف وقسد", p => [];
            "still today": "لا يزال اليوم يعيش في المخيم", p => [];
            "yesterday": "أمس", p => [("أمس", Some("2019-03-22"))];
            "the yesterday": "بالأمس", p => [("الأمس", Some("2019-03-22"))];
            "yesterday with wa": "وأمس", p => [("أمس", Some("2019-03-22"))];
            "yawm ams": "يوم أمس", p => [("يوم أمس", Some("2019-03-22"))];
            "day before yesterday": "أول أمس", p => [("أول أمس", Some("2019-03-21"))];
            "day before yesterday min": "أول من أمس", p => [("أول من أمس", Some("2019-03-21"))];
            "tomorrow tanween": "غداً", p => [("غداً", Some("2019-03-24"))];
            "tomorrow": "غدا", p => [("غدا", Some("2019-03-24"))];
            "after tomorrow": "بعد غد", p => [("بعد غد", Some("2019-03-25"))];
            "last week": "الأسبوع الماضي", p => [("الأسبوع الماضي", Some("2019-W11"))];
            "next week": "الأسبوع المقبل", p => [("الأسبوع المقبل", Some("2019-W13"))];
            "last month": "الشهر الماضي", p => [("الشهر الماضي", Some("2019-02"))];
            "next month": "الشهر القادم", p => [("الشهر القادم", Some("2019-04"))];
            "three days ago": "قبل ثلاثة أيام", p => [("قبل ثلاثة أيام", Some("2019-03-20"))];
            "in two weeks": "بعد أسبوعين", p => [("بعد أسبوعين", Some("2019-04-06"))];
            "two years since": "منذ عامين", p => [("منذ عامين", Some("2017"))];
            "a month ago": "قبل شهر", p => [("قبل شهر", Some("2019-02"))];
            "anaphoric after": "بعد سنتين من التحرير", p => [("سنتين", N)];
            "anaphoric before": "قبل ثلاثة أيام من الانتخابات", p => [("ثلاثة أيام", N)];
            "last three days": "الأيام الثلاثة الماضية", p => [("الأيام الثلاثة الماضية", Some("2019-03-20/2019-03-22"))];
            "last two months": "الشهرين الماضيين", p => [("الشهرين الماضيين", Some("2019-01/2019-02"))];
            "last five years": "السنوات الخمس الماضية", p => [("السنوات الخمس الماضية", Some("2014/2018"))];
            "vague past weeks": "الأسابيع الماضية", p => [("الأسابيع الماضية", N)];
            "mid month": "منتصف الشهر الجاري", p => [("منتصف الشهر الجاري", Some("2019-03"))];
            "end of last month": "أواخر الشهر الماضي", p => [("أواخر الشهر الماضي", Some("2019-02"))];
            "early next week": "مطلع الأسبوع المقبل", p => [("مطلع الأسبوع المقبل", Some("2019-W13"))];
            "next day is narrative": "في اليوم التالي", p => [("اليوم التالي", N)];
            "this day": "في مثل هذا اليوم قبل سنتين", p => [("هذا اليوم", Some("2019-03-23")), ("قبل سنتين", Some("2017"))];
            "since a year then year": "منذ عام 1990", p => [("عام 1990", Some("1990"))];
        },
    );
}

#[test]
fn intervals() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "between years": "بين عامي 2014 و2017", None => [("بين عامي 2014 و2017", Some("2014/2017"))];
            "between am wa-am": "بين عام 2014 وعام 2017", None => [("بين عام 2014 وعام 2017", Some("2014/2017"))];
            "from to years": "من 2014 إلى 2017", None => [("من 2014 إلى 2017", Some("2014/2017"))];
            "from until years": "من عام 2014 حتى عام 2017", None => [("من عام 2014 حتى عام 2017", Some("2014/2017"))];
            "dash years": "خلال الفترة 2014-2017", None => [("2014-2017", Some("2014/2017"))];
            "days of a month": "من 13 إلى 15 تموز", None => [("من 13 إلى 15 تموز", Some("XXXX-07-13/XXXX-07-15"))];
            "days of a month with year": "من 13 إلى 15 تموز 2014", None => [("من 13 إلى 15 تموز 2014", Some("2014-07-13/2014-07-15"))];
            "dash days": "في 13-15 تموز 2014", None => [("13-15 تموز 2014", Some("2014-07-13/2014-07-15"))];
            "between dash days": "بين 13-15 تموز 2014", None => [("بين 13-15 تموز 2014", Some("2014-07-13/2014-07-15"))];
            "month range": "من آب/أغسطس 2016 إلى آذار/مارس 2017", None =>
                [("من آب/أغسطس 2016 إلى آذار/مارس 2017", Some("2016-08/2017-03"))];
            "weekdays": "من الأحد حتى الخميس", d(2019, 3, 23) => [("من الأحد حتى الخميس", Some("2019-03-17/2019-03-21"))];
            "backwards is not an interval": "من 2017 إلى 2014", None => [("2017", Some("2017")), ("2014", Some("2014"))];
            "counts are not years": "من 1000 إلى 2000 شخص", None => [];
        },
    );
}

#[test]
fn durations() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "six days": "استمرت ستة أيام", None => [("ستة أيام", N)];
            "four months": "أربعة أشهر", None => [("أربعة أشهر", N)];
            "two years dual": "سنتين على التحرير", None => [("سنتين", N)];
            "six years": "ست سنوات من الحرب", None => [("ست سنوات", N)];
            "digits": "لمدة 30 يوما", None => [("30 يوما", N)];
            "hours": "استغرق 3 ساعات", None => [("3 ساعات", N)];
            "few": "لعدة أسابيع", None => [("عدة أسابيع", N)];
            "bare plural is not": "على مدى أسابيع", None => [];
            "bare singular is not": "شهر", None => [];
        },
    );
    let m = &x.extract("ستة أيام", None)[0];
    assert_eq!((m.kind, m.granularity, m.date), ("duration", "day", None));
}

#[test]
fn hijri() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "day month year": "في 27 رمضان 1440 هـ", None => [("27 رمضان 1440 هـ", Some("2019-06-01"))];
            "marker h": "1 شوال 1440 ه", None => [("1 شوال 1440 ه", Some("2019-06-04"))];
            "hijri word": "10 ذو الحجة 1434 هجري", None => [("10 ذو الحجة 1434 هجري", Some("2013-10-15"))];
            "dhi variant": "في 10 ذي الحجة 1434هـ", None => [("10 ذي الحجة 1434هـ", Some("2013-10-15"))];
            "rabi al-awwal": "12 ربيع الأول 1441 هـ", None => [("12 ربيع الأول 1441 هـ", Some("2019-11-09"))];
            "rabi al-akhir": "1 ربيع الآخر 1441 هـ", None => [("1 ربيع الآخر 1441 هـ", Some("2019-11-28"))];
            "jumada al-ula": "1 جمادى الأولى 1441 هـ", None => [("1 جمادى الأولى 1441 هـ", Some("2019-12-27"))];
            "no year": "في 27 رمضان", None => [("27 رمضان", N)];
            "month gregorian year": "رمضان 2019", None => [("رمضان 2019", Some("2019-05-06/2019-06-03"))];
            "muwafiq": "الجمعة 27 رمضان 1440 هـ الموافق 31 أيار 2019", None =>
                [("الجمعة 27 رمضان 1440 هـ", Some("2019-05-31")), ("31 أيار 2019", Some("2019-05-31"))];
            "lone name is not a date": "رمضان شهر الصيام", None => [];
        },
    );
    // The Gregorian twin wins, and agreement keeps the confidence high.
    let m = x.extract("الجمعة 27 رمضان 1440 هـ الموافق 31 أيار 2019", None);
    assert_eq!((m[0].calendar, m[1].calendar), ("hijri", "gregorian"));
    assert!(m[0].confidence >= 0.9);
}

#[test]
fn holidays_decades_centuries() {
    let x = DateExtractor::new();
    check(
        &x,
        cases! {
            "eid al-fitr with year": "عيد الفطر 2013", None => [("عيد الفطر 2013", Some("2013-08-08"))];
            "eid no year": "عيد الأضحى المبارك", None => [("عيد الأضحى المبارك", N)];
            "christmas no year": "عيد الميلاد", None => [("عيد الميلاد", Some("XXXX-12-25"))];
            "easter": "عيد الفصح 2024", None => [("عيد الفصح 2024", Some("2024-03-31"))];
            "decade": "في الثمانينيات", None => [("الثمانينيات", Some("198"))];
            "decade of last century": "تسعينيات القرن الماضي", d(2019, 1, 1) => [("تسعينيات القرن الماضي", Some("199"))];
            "decade recent": "في العشرينيات", d(2024, 1, 1) => [("العشرينيات", Some("202"))];
            "century words": "القرن التاسع عشر", None => [("القرن التاسع عشر", Some("18"))];
            "century digits": "القرن الـ21", None => [("القرن الـ21", Some("20"))];
        },
    );
}

#[test]
fn publication_date() {
    let x = DateExtractor::new();
    assert_eq!(x.find_publication_date("• الجمعة. يوليو 26th, 2024\n\nقسد والتحالف"), d(2024, 7, 26));
    assert_eq!(x.find_publication_date("العنوان\nنشر في 15/9/2014\nالنص"), d(2014, 9, 15));
    assert_eq!(x.find_publication_date("الأحد 15 أيلول\nنص"), None, "no year: not a dateline");
    assert_eq!(x.find_publication_date("a\n\nb\n\nc\n\nd 15/9/2014"), None, "only the first three lines");
}

#[test]
fn spans_are_char_boundaries_and_sorted() {
    let x = DateExtractor::new();
    let text = "وفي عامِ ٢٠١٤ غداً، ثم في 15 أيّار 2019 والأسبوع الماضي";
    let ms = x.extract(text, d(2019, 6, 1));
    assert!(ms.len() >= 3, "{ms:?}");
    for w in ms.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    for m in &ms {
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
    assert_eq!(&text[ms[0].start..ms[0].end], "عامِ ٢٠١٤");
}

#[test]
fn options_future() {
    let x = DateExtractor::with_options(Options::future());
    let p = d(2013, 2, 12);
    check(
        &x,
        cases! {
            "weekday next": "الثلاثاء", p => [("الثلاثاء", Some("2013-02-19"))];
            "yearless next": "1 مارس", p => [("1 مارس", Some("2013-03-01"))];
            "yearless current month": "الاول من شباط", p => [("الاول من شباط", Some("2013-02-01"))];
            "holiday next": "عيد الأضحى", p => [("عيد الأضحى", Some("2013-10-15"))];
        },
    );
}

fn is_send_sync<T: Send + Sync>() {}

#[test]
fn extractor_is_send_sync() {
    is_send_sync::<DateExtractor>();
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_are_valid(s in "[\\p{Arabic}0-9/.\\- ،,]{0,80}") {
        let x = DateExtractor::new();
        for m in x.extract(&s, CivilDate::new(2020, 2, 29)) {
            proptest::prop_assert!(m.start < m.end && m.end <= s.len());
            proptest::prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
        }
    }

    #[test]
    fn windows_equal_whole_text(s in "[\\p{Arabic}0-9 /]{0,200}") {
        let x = DateExtractor::new();
        proptest::prop_assert_eq!(x.extract(&s, None), x.extract_unfiltered(&s, None));
    }
}

/// `(surface, value, kind, modifier, date)` of every expression found.
type Full = (String, Option<String>, &'static str, Option<&'static str>, Option<CivilDate>);

fn full(x: &DateExtractor, text: &str, published: Option<CivilDate>) -> Vec<Full> {
    x.extract(text, published)
        .into_iter()
        .map(|m| (text[m.start..m.end].to_owned(), m.value, m.kind, m.modifier, m.date))
        .collect()
}

#[test]
fn anchored_on_publication() {
    let x = DateExtractor::new();
    let p = d(2023, 3, 20);
    let cases: &[(&str, &str, &str, &str)] = &[
        // text, surface, value, kind
        ("قتل في الرابع من آذار خلال غارة", "الرابع من آذار", "2023-03-04", "anchored"),
        ("ستجري الانتخابات في العاشر من نيسان", "العاشر من نيسان", "2023-04-10", "anchored"),
        ("وقعت الحادثة في 15 كانون الأول", "15 كانون الأول", "2022-12-15", "anchored"),
        ("اعتقل في الحادي والعشرين من شباط", "الحادي والعشرين من شباط", "2023-02-21", "anchored"),
        ("توفي في الثامن والعشرين من كانون الثاني", "الثامن والعشرين من كانون الثاني", "2023-01-28", "anchored"),
        ("ارتفعت الأسعار في تشرين الأول", "تشرين الأول", "2022-10", "anchored"),
        ("من المقرر أن يعقد المؤتمر في أيلول", "أيلول", "2023-09", "anchored"),
        ("ستنطلق المحادثات يوم الثلاثاء", "الثلاثاء", "2023-03-21", "anchored"),
        ("وصل الوفد يوم الخميس إلى بغداد", "الخميس", "2023-03-16", "anchored"),
        ("عاد يوم الثلاثاء الماضي", "الثلاثاء الماضي", "2023-03-14", "relative"),
        ("تتواصل المعارك منذ 15 تشرين الأول", "15 تشرين الأول", "2022-10-15", "anchored"),
        ("ارتفعت الأسعار هذا الشهر", "هذا الشهر", "2023-03", "relative"),
        ("تراجعت الصادرات الشهر الماضي", "الشهر الماضي", "2023-02", "relative"),
        ("قتل بين 15 و20 أيلول", "بين 15 و20 أيلول", "2022-09-15/2022-09-20", "interval"),
        ("نزحت العائلات من آذار إلى أيار 2019", "من آذار إلى أيار 2019", "2019-03/2019-05", "interval"),
        // Held: the year is not the publication's.
        ("ولد في 15 آذار في حلب", "15 آذار", "XXXX-03-15", "partial"),
        ("يحتفل العالم في 8 آذار من كل عام", "8 آذار", "XXXX-03-08", "partial"),
        ("بعد ثورة 25 كانون الثاني في مصر", "25 كانون الثاني", "XXXX-01-25", "partial"),
    ];
    let mut failures = Vec::new();
    for (text, surface, value, kind) in cases {
        let got = full(&x, text, p);
        if !got.iter().any(|g| g.0 == *surface && g.1.as_deref() == Some(*value) && g.2 == *kind) {
            failures.push(format!("{text}: want {surface} = {value} ({kind}), got {got:?}"));
        }
    }
    // Without a publication date nothing is anchored.
    let got = full(&x, "قتل في الرابع من آذار", None);
    if got.len() != 1 || got[0].1.as_deref() != Some("XXXX-03-04") || got[0].2 != "partial" {
        failures.push(format!("no publication date: {got:?}"));
    }
    // Anchoring off keeps the year unknown.
    let off = DateExtractor::with_options(Options { anchor: false, ..Options::default() });
    let got = full(&off, "ستجري الانتخابات في العاشر من نيسان", p);
    if got.len() != 1 || got[0].1.as_deref() != Some("XXXX-04-10") {
        failures.push(format!("anchor off: {got:?}"));
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// text, surface, value, kind, modifier, date
type PartCase<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, Option<CivilDate>);

#[test]
fn parts_of_periods_and_seasons() {
    let x = DateExtractor::new();
    let p = d(2023, 3, 20);
    // text, surface, value, kind, modifier, date
    let cases: &[PartCase] = &[
        (
            "منتصف شباط من العام الماضي",
            "منتصف شباط من العام الماضي",
            "2022-02",
            "relative",
            Some("mid"),
            d(2022, 2, 11),
        ),
        ("في أواخر العام الماضي", "أواخر العام الماضي", "2022", "relative", Some("end"), d(2022, 9, 1)),
        ("مطلع العام المقبل", "مطلع العام المقبل", "2024", "relative", Some("start"), d(2024, 1, 1)),
        ("في أوائل 2014", "أوائل 2014", "2014", "absolute", Some("start"), d(2014, 1, 1)),
        ("نهاية آذار 2019", "نهاية آذار 2019", "2019-03", "absolute", Some("end"), d(2019, 3, 21)),
        ("منذ مطلع تموز", "مطلع تموز", "2022-07", "anchored", Some("start"), d(2022, 7, 1)),
        ("في أواسط السنة الفائتة", "أواسط السنة الفائتة", "2022", "relative", Some("mid"), d(2022, 5, 1)),
        ("صيف 2014", "صيف 2014", "2014-06/2014-08", "absolute", None, d(2014, 6, 1)),
        ("في صيف عام 2014", "صيف عام 2014", "2014-06/2014-08", "absolute", None, d(2014, 6, 1)),
        ("شتاء العام الماضي", "شتاء العام الماضي", "2021-12/2022-02", "relative", None, d(2021, 12, 1)),
        ("خلال الصيف الماضي", "الصيف الماضي", "2022-06/2022-08", "relative", None, d(2022, 6, 1)),
        ("في الشتاء المقبل", "الشتاء المقبل", "2023-12/2024-02", "relative", None, d(2023, 12, 1)),
        ("هذا الصيف", "هذا الصيف", "2023-06/2023-08", "relative", None, d(2023, 6, 1)),
        ("ربيع 2011", "ربيع 2011", "2011-03/2011-05", "absolute", None, d(2011, 3, 1)),
    ];
    let mut failures = Vec::new();
    for (text, surface, value, kind, modifier, date) in cases {
        let got = full(&x, text, p);
        let want = ((*surface).to_owned(), Some((*value).to_owned()), *kind, *modifier, *date);
        if got != [want.clone()] {
            failures.push(format!("{text}:\n    want [{want:?}]\n    got  {got:?}"));
        }
    }
    // Never a date (a duration is no date): a bare season, an ordinal that is not a day, half
    // of an amount.
    for text in [
        "الربيع العربي",
        "في الصيف",
        "بالسجن سبع سنوات ونصف السنة",
        "المرحلة الثانية من الخطة",
        "الملك عبد الله الأول",
        "ربيع الأول",
    ] {
        let got = full(&x, text, p);
        if got.iter().any(|g| g.1.is_some()) && text != "ربيع الأول" {
            failures.push(format!("{text}: want no dated expression, got {got:?}"));
        }
        if text == "ربيع الأول" && got.iter().any(|g| g.1.as_deref().is_some_and(|v| v.ends_with("-05"))) {
            failures.push(format!("{text}: a Hijri month read as spring: {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// The rules added for the Recognizers-Text periods, durations and dotted dates: each with a
/// case that must match and one that must not.
#[test]
fn sums_rests_parts_and_weeks() {
    let x = DateExtractor::new();
    let p = d(2019, 3, 23);
    check(
        &x,
        cases! {
            "sum of amounts": "حكم عليه بالسجن 3 سنوات وشهر و15 يوما", None => [("3 سنوات وشهر و15 يوما", N)];
            "sum in digits": "كان عمره 17 عاما و239 يوما", None => [("17 عاما و239 يوما", N)];
            "sum without wa": "غادرت هنا 2 سنة 1 شهر 21 يوم", None => [("2 سنة 1 شهر 21 يوم", N)];
            "sum from a singular": "استمر الخسوف ساعة و42 دقيقة", None => [("ساعة و42 دقيقة", N)];
            "not a sum: a list": "أعمار 21 شهرا و11 عاما", None => [("21 شهرا", N), ("11 عاما", N)];
            "not a sum: two ends": "بين 3 أيام وأسبوع", None => [("3 أيام", N)];
            "not a sum: a name": "3 أيام وأسبوع الموضة", None => [("3 أيام", N)];
            "not a sum: words without wa": "منذ نحو عقدين ست سنوات", None => [("عقدين", N), ("ست سنوات", N)];
            "from now": "سيحدث ذلك بعد عامين من الآن", p => [("بعد عامين من الآن", Some("2021"))];
            "sum from now": "لدينا اجتماع 1 شهر و 21 يوم من الآن", p => [("1 شهر و 21 يوم من الآن", Some("2019-05-14"))];
            "back from now": "توفيت قبل نحو ثلاث سنوات من الآن", p => [("ثلاث سنوات من الآن", Some("2016"))];
            "sum after baad": "سيعود بعد سنة وثلاثة أشهر", p => [("بعد سنة وثلاثة أشهر", Some("2020-06"))];
            "in the future": "سيحدث بعد 4 أسابيع في المستقبل", p => [("بعد 4 أسابيع في المستقبل", Some("2019-04-20"))];
            "not a date: day after day": "تتحسن حالته يوما بعد يوم", p => [];
            "month then days": "سنسافر نوفمبر بين 15 و 19", p => [("نوفمبر بين 15 و 19", Some("2019-11-15/2019-11-19"))];
            "month then ordinal days": "سنسافر نوفمبر بين الخامس عشر والتاسع عشر", p => [("نوفمبر بين الخامس عشر والتاسع عشر", Some("2019-11-15/2019-11-19"))];
            "not days: a percentage": "ارتفعت في نوفمبر بين 15 و 20 في المئة", p => [("نوفمبر", Some("2018-11"))];
            "rest of the week": "سيستمر البرد بقية الأسبوع", p => [("بقية الأسبوع", Some("2019-03-23/2019-03-24"))];
            "rest of this year": "توقعات قاتمة لبقية العام الجاري", p => [("بقية العام الجاري", Some("2019-03-23/2019-12-31"))];
            "rest of the month": "سأرحل باقي الشهر", p => [("باقي الشهر", Some("2019-03-23/2019-03-31"))];
            "not the calendar year": "خلال بقية العام الدراسي", p => [];
            "not a month of ours": "في بقية الشهر الفضيل", p => [];
            "later this month": "سيزور البلاد في وقت لاحق من هذا الشهر", p => [("في وقت لاحق من هذا الشهر", Some("2019-03"))];
            "early this week": "اجتماع وقت مبكر هذا الأسبوع", p => [("وقت مبكر هذا الأسبوع", Some("2019-W12"))];
            "later today": "سيلتقي نظيره في وقت لاحق اليوم", p => [("في وقت لاحق اليوم", Some("2019-03-23"))];
            "earlier is no part": "أعلن في وقت سابق من هذا العام", p => [("هذا العام", Some("2019"))];
            "week of a year": "سأخرج الأسبوع الثالث من عام 2027", p => [("الأسبوع الثالث من عام 2027", Some("2027-W03"))];
            "week of next year": "سأخرج الأسبوع الأول العام المقبل", p => [("الأسبوع الأول العام المقبل", Some("2020-W01"))];
            "not a week of a year: matchweek": "في الأسبوع 15 من الدوري", p => [];
            "week of a date": "ماذا لدي أسبوع 15 سبتمبر 2014", p => [("أسبوع 15 سبتمبر 2014", Some("2014-W38"))];
            "not the week of a date": "منذ أسبوع 15 شخصا", p => [];
            "this august": "سنخرج هذا آب", p => [("هذا آب", Some("2019-08"))];
            "in august with madda": "سنخرج في آب", p => [("آب", Some("2019-08"))];
            "not a month: the car": "هذه نيسان الجديدة", p => [];
            "not a month: at nissan": "رفعت حصتها في نيسان", p => [];
            "not a month: a father": "هذا أب لثلاثة أطفال", p => [];
            "zero-padded day and month": "سنعود 22/04", p => [("22/04", Some("2019-04-22"))];
            "not a date: a score": "فاز الفريق 3/1", p => [];
            "not a date: a number": "القرار رقم 12/04", p => [];
            "dotted day month year": "16. نوفمبر. 2016", p => [("16. نوفمبر. 2016", Some("2016-11-16"))];
            "dotted day month": "سنعود يوم 2. أكتوبر", p => [("2. أكتوبر", Some("2019-10-02"))];
            "a sentence end is no day": "بلغ العدد 2. وقال", p => [];
            "a list item is no day": "بلغ سعر الليرة 4.58. 7.يوليو 4.87 ليرة. 8. أغسطس 6.42 ليرة", p => [("يوليو", Some("2018-07")), ("أغسطس", Some("2018-08"))];
        },
    );
}
