//! Dates of real news, resolved as a reader resolves them: 77 expressions of the ANT
//! corpus (read from `$KHABAR_SHARED/external/news_corpus`, never copied here), each checked by
//! hand against its article: a day and month or a month placed in the year before or after
//! publication by its sentence (kind `anchored`), parts of periods (`modifier`), and dates
//! whose year the sentence says is another (`XXXX`, kind `partial`).
//!
//! A document is its `<TEXT>` body, published on its `<TIME>` date (`Thu, 29 Mar 2018 ...`),
//! as `cargo run --release -p khabar-enrich --example dates_ant` lists them (the list these
//! cases were drawn from).
//!
//! Run: `KHABAR_SHARED=/work/shared cargo test -p khabar-enrich --test ant_dates`.

mod common;

use common::read_shared;
use khabar_core::CivilDate;
use khabar_enrich::dates::DateExtractor;

/// `(file under news_corpus, surface, value, kind, modifier or "-")`.
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    ("France24/middleEast/FR-middleEast-450-20180512.txt", "12 أيار/مايو", "2018-05-12", "anchored", "-"),
    ("SkyNews/economy/SK-economy-966-20180713.txt", "التاسع والعشرين من يونيو حزيران", "2018-06-29", "anchored", "-"),
    ("France24/middleEast/FR-middleEast-605-20180608.txt", "11 أيار/مايو", "2018-05-11", "anchored", "-"),
    ("France24/middleEast/FR-middleEast-439-20180510.txt", "10 أيار/مايو", "2018-05-10", "anchored", "-"),
    ("SkyNews/economy/SK-economy-1221-20180816.txt", "العاشر من أغسطس", "2018-08-10", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-193-20180228.txt", "5 ديسمبر", "2017-12-05", "anchored", "-"),
    ("BBC/sport/BB-sport-44-20180220.txt", "الأثنين", "2018-02-19", "anchored", "-"),
    ("BBC/middleEast/BB-middleEast-963-20180905.txt", "4 سبتمبر/ أيلول", "2018-09-04", "anchored", "-"),
    ("SkyNews/economy/SK-economy-1367-20181003.txt", "24 أغسطس", "2018-08-24", "anchored", "-"),
    ("France24/middleEast/FR-middleEast-734-20180705.txt", "19 حزيران/يونيو", "2018-06-19", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-3475-20181014.txt", "28 أغسطس", "2018-08-28", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-2729-20180719.txt", "11 يوليو", "2018-07-11", "anchored", "-"),
    ("BBC/sport/BB-sport-112-20180415.txt", "السابع من أبريل/نيسان", "2018-04-07", "anchored", "-"),
    ("BBC/economy/BB-economy-193-20180720.txt", "31 مارس/آذار", "2018-03-31", "anchored", "-"),
    ("France24/middleEast/FR-middleEast-389-20180501.txt", "30 آذار/مارس", "2018-03-30", "anchored", "-"),
    (
        "France24/internationalNews/FR-internationalNews-1575-20180601.txt",
        "الرابع من آذار/مارس",
        "2018-03-04",
        "anchored",
        "-",
    ),
    ("BBC/middleEast/BB-middleEast-1113-20181017.txt", "2 أكتوبر/ تشرين الأول", "2018-10-02", "anchored", "-"),
    ("BBC/culture/BB-culture-65-20180308.txt", "السادس من مارس/آذار", "2018-03-06", "anchored", "-"),
    ("SkyNews/economy/SK-economy-541-20180511.txt", "25 أبريل", "2018-04-25", "anchored", "-"),
    ("SkyNews/middleEast/SK-middleEast-3104-20180725.txt", "الثاني من يونيو", "2018-06-02", "anchored", "-"),
    (
        "SkyNews/internationalNews/SK-internationalNews-415-20180317.txt",
        "السادس من مارس",
        "2018-03-06",
        "anchored",
        "-",
    ),
    (
        "Alarabia/internationalNews/AL-internationalNews-1893-20180711.txt",
        "السادس من يوليو",
        "2018-07-06",
        "anchored",
        "-",
    ),
    ("SkyNews/technology/SK-technology-1708-20181019.txt", "26 أكتوبر", "2018-10-26", "anchored", "-"),
    ("France24/internationalNews/FR-internationalNews-1565-20180601.txt", "3 من حزيران", "2018-06-03", "anchored", "-"),
    ("SkyNews/sport/SK-sport-994-20180503.txt", "26 مايو", "2018-05-26", "anchored", "-"),
    ("France24/internationalNews/FR-internationalNews-2616-20180808.txt", "23 آب/أغسطس", "2018-08-23", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-1414-20180507.txt", "22 مايو", "2018-05-22", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-3123-20180904.txt", "23 ديسمبر", "2018-12-23", "anchored", "-"),
    ("SkyNews/economy/SK-economy-662-20180529.txt", "2 يونيو", "2018-06-02", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-1361-20180505.txt", "24 يونيو", "2018-06-24", "anchored", "-"),
    ("Alarabia/sport/AL-sport-2168-20180626.txt", "15 يوليو", "2018-07-15", "anchored", "-"),
    ("SkyNews/economy/SK-economy-780-20180614.txt", "الرابع والعشرين من يونيو", "2018-06-24", "anchored", "-"),
    ("Alarabia/culture/AL-culture-495-20180614.txt", "16 حزيران/يونيو", "2018-06-16", "anchored", "-"),
    ("SkyNews/sport/SK-sport-1107-20180510.txt", "19 مايو", "2018-05-19", "anchored", "-"),
    ("France24/middleEast/FR-middleEast-577-20180603.txt", "12 حزيران/يونيو", "2018-06-12", "anchored", "-"),
    ("Alarabia/internationalNews/AL-internationalNews-1311-20180525.txt", "12 من يونيو", "2018-06-12", "anchored", "-"),
    ("Alarabia/internationalNews/AL-internationalNews-1180-20180515.txt", "16 مايو", "2018-05-16", "anchored", "-"),
    ("Alarabia/economy/AL-economy-68-20180220.txt", "السادس من إبريل/نيسان", "2018-04-06", "anchored", "-"),
    ("Alarabia/sport/AL-sport-981-20180330.txt", "14 أبريل", "2018-04-14", "anchored", "-"),
    ("SkyNews/sport/SK-sport-157-20180228.txt", "السادس من مارس", "2018-03-06", "anchored", "-"),
    ("SkyNews/economy/SK-economy-684-20180531.txt", "مارس", "2018-03", "anchored", "-"),
    ("Alarabia/economy/AL-economy-257-20180318.txt", "شهر يناير", "2018-01", "anchored", "-"),
    ("SkyNews/middleEast/SK-middleEast-2959-20180718.txt", "حزيران/يونيو", "2018-06", "anchored", "-"),
    ("France24/middleEast/FR-middleEast-460-20180513.txt", "كانون الثاني/يناير", "2018-01", "anchored", "-"),
    ("CNN/economy/CN-economy-242-20180901.txt", "شهر مايو", "2018-05", "anchored", "-"),
    ("SkyNews/economy/SK-economy-617-20180521.txt", "يونيو حزيران", "2018-06", "anchored", "-"),
    ("SkyNews/technology/SK-technology-11-20180217.txt", "أكتوبر", "2017-10", "anchored", "-"),
    ("BBC/economy/BB-economy-153-20180601.txt", "مارس/ آذار", "2018-03", "anchored", "-"),
    ("SkyNews/economy/SK-economy-1256-20180831.txt", "يونيو", "2018-06", "anchored", "-"),
    ("BBC/internationalNews/BB-internationalNews-460-20180503.txt", "فبراير/شباط", "2018-02", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-1084-20180421.txt", "يونيو", "2018-06", "anchored", "-"),
    ("BBC/technology/BB-technology-310-20180711.txt", "نهاية العام الجاري", "2018", "relative", "end"),
    ("France24/middleEast/FR-middleEast-142-20180313.txt", "نهاية الشهر الجاري", "2018-03", "relative", "end"),
    ("Alarabia/economy/AL-economy-1003-20170216.txt", "أواخر الشهر الماضي", "2017-01", "relative", "end"),
    ("SkyNews/internationalNews/SK-internationalNews-1648-20180518.txt", "مطلع فبراير", "2018-02", "anchored", "start"),
    (
        "Alarabia/internationalNews/AL-internationalNews-1356-20180527.txt",
        "نهاية ايار/مايو 2010",
        "2010-05",
        "absolute",
        "end",
    ),
    (
        "France24/internationalNews/FR-internationalNews-2751-20180817.txt",
        "منتصف آب/أغسطس 1953",
        "1953-08",
        "absolute",
        "mid",
    ),
    (
        "SkyNews/internationalNews/SK-internationalNews-1397-20180506.txt",
        "أوائل يونيو المقبل",
        "2018-06",
        "relative",
        "start",
    ),
    ("BBC/middleEast/BB-middleEast-920-20180830.txt", "أواخر فبراير/شباط عام 2018", "2018-02", "absolute", "end"),
    (
        "France24/internationalNews/FR-internationalNews-1638-20180605.txt",
        "نهاية أيار/مايو",
        "2018-05",
        "anchored",
        "end",
    ),
    ("SkyNews/economy/SK-economy-1112-20180807.txt", "نهاية العام الحالي", "2018", "relative", "end"),
    ("SkyNews/sport/SK-sport-2409-20180807.txt", "نهاية أغسطس", "2018-08", "anchored", "end"),
    (
        "Alarabia/internationalNews/AL-internationalNews-129-20180221.txt",
        "منتصف العام الحالي",
        "2018",
        "relative",
        "mid",
    ),
    (
        "SkyNews/internationalNews/SK-internationalNews-3064-20180817.txt",
        "أواخر يوليو الماضي",
        "2018-07",
        "relative",
        "end",
    ),
    ("BBC/middleEast/BB-middleEast-508-20180517.txt", "أواخر عام 2003", "2003", "absolute", "end"),
    ("CNN/economy/CN-economy-304-20180911.txt", "بداية العام الجاري", "2018", "relative", "start"),
    ("SkyNews/middleEast/SK-middleEast-1576-20180510.txt", "أواخر أبريل الماضي", "2018-04", "relative", "end"),
    ("France24/internationalNews/FR-internationalNews-2084-20180630.txt", "الجمعة", "2018-06-29", "anchored", "-"),
    ("Alarabia/internationalNews/AL-internationalNews-1966-20180717.txt", "الاثنين", "2018-07-16", "anchored", "-"),
    ("Alarabia/sport/AL-sport-342-20180301.txt", "الخميس", "2018-03-01", "anchored", "-"),
    ("SkyNews/technology/SK-technology-828-20180604.txt", "الأحد", "2018-06-03", "anchored", "-"),
    ("BBC/middleEast/BB-middleEast-734-20180714.txt", "الجمعة", "2018-07-13", "anchored", "-"),
    ("SkyNews/internationalNews/SK-internationalNews-2457-20180703.txt", "السبت", "2018-06-30", "anchored", "-"),
    ("SkyNews/middleEast/SK-middleEast-1649-20180513.txt", "السادس من أكتوبر", "XXXX-10-06", "partial", "-"),
    ("SkyNews/middleEast/SK-middleEast-529-20180325.txt", "منتصف مارس", "XXXX-03", "partial", "mid"),
    ("CNN/economy/CN-economy-441-20181016.txt", "نهاية يونيو/حزيران", "XXXX-06", "partial", "end"),
    ("CNN/middleEast/CN-middleEast-24-20180219.txt", "بداية نوفمبر/تشرين ثاني", "XXXX-11", "partial", "start"),
];

/// `Thu, 29 Mar 2018 10:38:55 +0400` → 2018-03-29.
fn rfc2822_date(s: &str) -> Option<CivilDate> {
    let mut it = s.split_whitespace().skip(1);
    let day: u8 = it.next()?.parse().ok()?;
    let name = it.next()?;
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = u8::try_from(months.iter().position(|x| *x == name)? + 1).ok()?;
    CivilDate::new(it.next()?.parse().ok()?, m, day)
}

fn between<'a>(doc: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let s = doc.find(open)? + open.len();
    let e = s + doc[s..].find(close)?;
    Some(&doc[s..e])
}

#[test]
fn ant_dates_resolve_as_a_reader_does() {
    let x = DateExtractor::new();
    let mut failures = Vec::new();
    for (path, surface, value, kind, modifier) in CASES {
        let doc = read_shared(&format!("external/news_corpus/{path}"));
        let published = between(&doc, "<TIME>", "</TIME>").and_then(rfc2822_date);
        assert!(published.is_some(), "{path}: no <TIME> date");
        let text = between(&doc, "<TEXT>", "</TEXT>").unwrap_or_else(|| panic!("{path}: no <TEXT>"));
        let found = x.extract(text, published);
        let modifier = (*modifier != "-").then_some(*modifier);
        let ok = found.iter().any(|m| {
            &text[m.start..m.end] == *surface
                && m.value.as_deref() == Some(*value)
                && m.kind == *kind
                && m.modifier == modifier
        });
        if !ok {
            let same: Vec<_> = found
                .iter()
                .filter(|m| &text[m.start..m.end] == *surface)
                .map(|m| (m.value.clone(), m.kind, m.modifier))
                .collect();
            failures.push(format!("{path}: {surface} want {value} {kind} {modifier:?}, got {same:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}
