//! The HTML page: inline CSS, one `<section id>` per chart, charts as inline SVG drawn here.
//! No script and no external resource, so the file opens offline and renders the same anywhere.

use std::fmt::Write as _;

use crate::aggregate::{MAX_ENTITIES_PER_SENTENCE, Stats, TOP_ENTITIES, TOP_PAIRS};
use crate::dataset::Dataset;

/// Fonts with Arabic glyphs first, then what every system has.
const FONTS: &str = r#""Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Arial", sans-serif"#;
const BLUE: &str = "#3366aa";
const ORANGE: &str = "#cc6633";
const GREY: &str = "#bbbbbb";
/// Width of every chart, in SVG user units (the SVG scales down to the page).
const WIDTH: u32 = 900;
/// Longest label drawn in a chart, in characters (the tables keep the whole text).
const LABEL_CHARS: usize = 48;

/// The sections, in page order: `(id, heading)`.
pub const SECTIONS: &[(&str, &str)] = &[
    ("summary", "Summary"),
    ("timeline", "Documents published and dates mentioned, per month"),
    ("entities", "Top entities per label"),
    ("cooccurrences", "Entities named together in a sentence"),
    ("sources", "Documents per source and format"),
    ("clusters", "Near-duplicate clusters"),
    ("failures", "Failures by code"),
    ("boilerplate", "Boilerplate sentences"),
];

pub(crate) fn render(dataset: &Dataset, stats: &Stats) -> String {
    let mut page = String::with_capacity(64 * 1024);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>khabar dataset report</title>\n<style>\n");
    let _ = write!(page, "{}", css());
    page.push_str("</style>\n</head>\n<body>\n<header>\n<h1>khabar dataset report</h1>\n");
    let _ = writeln!(
        page,
        "<p class=\"meta\">Written by khabar {}; schema version {}; ID scheme {}.</p>",
        escape(&dataset.khabar_version),
        escape(&dataset.schema_version),
        escape(&dataset.id_scheme)
    );
    page.push_str("<nav><ul>");
    for (id, heading) in SECTIONS {
        let _ = write!(page, "<li><a href=\"#{id}\">{}</a></li>", escape(heading));
    }
    page.push_str("</ul></nav>\n</header>\n<main>\n");
    for (id, heading) in SECTIONS {
        let _ = writeln!(page, "<section id=\"{id}\">\n<h2>{}</h2>", escape(heading));
        match *id {
            "summary" => summary(&mut page, dataset, stats),
            "timeline" => timeline(&mut page, stats),
            "entities" => entities(&mut page, stats),
            "cooccurrences" => cooccurrences(&mut page, stats),
            "sources" => sources(&mut page, stats),
            "clusters" => clusters(&mut page, stats),
            "failures" => failures(&mut page, stats),
            "boilerplate" => boilerplate(&mut page, stats),
            _ => unreachable!("every section has a renderer"),
        }
        page.push_str("</section>\n");
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn css() -> String {
    format!(
        "body {{ font-family: {FONTS}; margin: 0 auto; max-width: 960px; padding: 1em; color: #222; background: #fff; }}
h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; }}
h3 {{ font-size: 1.05em; }}
.meta, .note {{ color: #555; font-size: .9em; }}
nav ul {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1em; font-size: .9em; }}
svg {{ display: block; max-width: 100%; height: auto; font-family: {FONTS}; font-size: 13px; }}
svg text {{ fill: #222; }}
table {{ border-collapse: collapse; margin: .6em 0; font-size: .92em; }}
th, td {{ border: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
[dir=rtl] {{ text-align: right; }}
.ar {{ font-family: {FONTS}; font-size: 1.05em; }}
details {{ margin: .5em 0; }}
"
    )
}

/// Escapes text for HTML content and attribute values alike.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// True when `s` holds a letter of the Arabic blocks: such text is laid out right to left.
fn is_arabic(s: &str) -> bool {
    s.chars().any(
        |c| matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF),
    )
}

/// `dir` and `lang` attributes for a cell or paragraph showing `s`.
fn dir(s: &str) -> &'static str {
    if is_arabic(s) { " dir=\"rtl\" lang=\"ar\" class=\"ar\"" } else { "" }
}

/// 1234567 -> "1,234,567".
pub(crate) fn num(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.0%".to_owned();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// A chart's label: right-aligned against `x`, laid out right to left when it is Arabic.
fn label(x: u32, y: u32, text: &str) -> String {
    let shown = escape(&shorten(text, LABEL_CHARS));
    if is_arabic(text) {
        format!("<text x=\"{x}\" y=\"{y}\" direction=\"rtl\" text-anchor=\"start\" class=\"ar\">{shown}</text>")
    } else {
        format!("<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\">{shown}</text>")
    }
}

fn svg_open(out: &mut String, height: u32, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
}

/// A chart with nothing to draw says so, so every section still has its chart.
fn empty_chart(out: &mut String, title: &str, message: &str) {
    svg_open(out, 40, title);
    let _ = writeln!(out, "<text x=\"10\" y=\"25\" class=\"empty\">{}</text></svg>", escape(message));
}

/// Horizontal bars, one per `(label, value)`, longest first as given.
fn bars(out: &mut String, title: &str, rows: &[(String, u64)], color: &str) {
    const ROW: u32 = 24;
    const LABEL_W: u32 = 340;
    const BAR_W: u32 = 470;
    if rows.is_empty() {
        empty_chart(out, title, "nothing to draw");
        return;
    }
    let height = ROW * rows.len() as u32 + 10;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    svg_open(out, height, title);
    for (i, (text, value)) in rows.iter().enumerate() {
        let y = 5 + ROW * i as u32;
        let w = ((*value as f64 / max as f64) * f64::from(BAR_W)).round().max(1.0) as u32;
        out.push_str(&label(LABEL_W - 8, y + 16, text));
        let _ = write!(
            out,
            "<rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{color}\"><title>{}: {}</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
            y + 3,
            ROW - 6,
            escape(text),
            num(*value),
            LABEL_W + w + 6,
            y + 16,
            num(*value)
        );
    }
    out.push_str("</svg>\n");
}

fn summary(out: &mut String, dataset: &Dataset, stats: &Stats) {
    let r = &stats.rows;
    let rows = [
        ("Documents", r.documents),
        ("Sentences", r.sentences),
        ("Entity mentions", r.entities),
        ("Distinct entities", r.distinct_entities),
        ("Date expressions", r.dates),
        ("Failure rows", r.failures),
    ];
    out.push_str("<table><thead><tr><th>Table</th><th class=\"n\">Rows</th></tr></thead><tbody>");
    for (name, n) in rows {
        let _ = write!(out, "<tr><td>{name}</td><td class=\"n\">{}</td></tr>", num(n));
    }
    out.push_str("</tbody></table>\n");
    if let (Some(inputs), Some(duplicates)) = (dataset.counts.get("inputs"), dataset.counts.get("duplicates")) {
        let _ = writeln!(
            out,
            "<p class=\"note\">From {} inputs; {} byte-identical duplicates were folded into one document each.</p>",
            num(*inputs),
            num(*duplicates)
        );
    }
    let per_doc = |n: u64| if r.documents == 0 { 0.0 } else { n as f64 / r.documents as f64 };
    let chart: Vec<(String, u64)> =
        rows.iter().filter(|(name, _)| *name != "Distinct entities").map(|(n, v)| ((*n).to_owned(), *v)).collect();
    bars(out, "Rows per table", &chart, BLUE);
    let _ = writeln!(
        out,
        "<p class=\"note\">Per document: {:.1} sentences, {:.1} entity mentions, {:.1} dates.</p>",
        per_doc(r.sentences),
        per_doc(r.entities),
        per_doc(r.dates)
    );
}

/// The months from `first` to `last`, inclusive.
fn months(first: (i32, u32), last: (i32, u32)) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn timeline(out: &mut String, stats: &Stats) {
    let published = &stats.published_per_month;
    let mentioned = &stats.mentioned_per_month;
    let r = &stats.rows;
    let _ = writeln!(
        out,
        "<p class=\"note\">{} of {} documents have a publication date. Mentioned dates are those of day or month granularity \
         that the texts name (resolved, relative ones against the publication date); {} date expressions could not be resolved.</p>",
        num(r.published),
        num(r.documents),
        num(stats.unresolved_dates)
    );
    if published.is_empty() && mentioned.is_empty() {
        empty_chart(
            out,
            "Documents and dates per month",
            "no dated documents and no dates of day or month granularity",
        );
    } else {
        // The window: the months that hold the middle 99% of the publication dates (of the
        // mentioned dates when no document has one), widened by a year on each side, so that a
        // few stray dates (a year 2099 typo, a text about the Umayyads) do not squeeze the chart.
        let anchor = if published.is_empty() { mentioned } else { published };
        let (first, last) = middle(anchor, 0.005);
        let lo = (first.0 - 1, first.1);
        let hi = (last.0 + 1, last.1);
        let out_of = |rows: &[(i32, u32, u64)]| -> u64 {
            rows.iter().filter(|&&(y, m, _)| (y, m) < lo || (y, m) > hi).map(|r| r.2).sum()
        };
        let (docs_outside, dates_outside) = (out_of(published), out_of(mentioned));
        let axis = months(lo, hi);
        let by_year = axis.len() > 240;
        let buckets: Vec<(i32, u32)> = if by_year {
            let mut years: Vec<(i32, u32)> = axis.iter().map(|&(y, _)| (y, 0)).collect();
            years.dedup();
            years
        } else {
            axis
        };
        let series = |rows: &[(i32, u32, u64)]| -> Vec<u64> {
            let mut values = vec![0; buckets.len()];
            for &(y, m, n) in rows {
                let key = if by_year { (y, 0) } else { (y, m) };
                if let Ok(i) = buckets.binary_search(&key) {
                    values[i] += n;
                }
            }
            values
        };
        let docs = series(published);
        let dates = series(mentioned);
        two_panels(out, &buckets, by_year, &docs, &dates);
        if docs_outside + dates_outside > 0 {
            let _ = writeln!(
                out,
                "<p class=\"note\">Outside the window drawn ({}-{:02} to {}-{:02}): {} documents and {} mentioned dates.</p>",
                lo.0,
                lo.1,
                hi.0,
                hi.1,
                num(docs_outside),
                num(dates_outside)
            );
        }
        out.push_str("<details><summary>The numbers</summary><table><thead><tr><th>");
        out.push_str(if by_year { "Year" } else { "Month" });
        out.push_str(
            "</th><th class=\"n\">Documents published</th><th class=\"n\">Dates mentioned</th></tr></thead><tbody>",
        );
        for (i, &(y, m)) in buckets.iter().enumerate() {
            if docs[i] == 0 && dates[i] == 0 {
                continue;
            }
            let when = if by_year { y.to_string() } else { format!("{y}-{m:02}") };
            let _ = write!(
                out,
                "<tr><td>{when}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                num(docs[i]),
                num(dates[i])
            );
        }
        out.push_str("</tbody></table></details>\n");
    }
    if !stats.dates_by_granularity.is_empty() {
        out.push_str("<h3>Resolved dates by granularity</h3>\n");
        bars(out, "Resolved dates by granularity", &stats.dates_by_granularity, ORANGE);
    }
}

/// The first and last month of `rows` (ascending) once `tail` of the total is cut from each end.
fn middle(rows: &[(i32, u32, u64)], tail: f64) -> ((i32, u32), (i32, u32)) {
    let total: u64 = rows.iter().map(|r| r.2).sum();
    let cut = (total as f64 * tail).floor() as u64;
    let mut seen = 0;
    let mut first = (rows[0].0, rows[0].1);
    for &(y, m, n) in rows {
        seen += n;
        if seen > cut {
            first = (y, m);
            break;
        }
    }
    seen = 0;
    let mut last = (rows[rows.len() - 1].0, rows[rows.len() - 1].1);
    for &(y, m, n) in rows.iter().rev() {
        seen += n;
        if seen > cut {
            last = (y, m);
            break;
        }
    }
    (first, last)
}

/// Two bar panels over one time axis: documents published above, dates mentioned below.
fn two_panels(out: &mut String, buckets: &[(i32, u32)], by_year: bool, docs: &[u64], dates: &[u64]) {
    const LEFT: u32 = 60;
    const PANEL: u32 = 150;
    const GAP: u32 = 40;
    let plot_w = WIDTH - LEFT - 20;
    let height = 30 + 2 * PANEL + GAP + 40;
    let step = f64::from(plot_w) / buckets.len() as f64;
    let unit = if by_year { "year" } else { "month" };
    svg_open(out, height, &format!("Documents published and dates mentioned, per {unit}"));
    let panels = [(docs, BLUE, "Documents published", 30), (dates, ORANGE, "Dates mentioned", 30 + PANEL + GAP)];
    for (values, color, name, top) in panels {
        let max = values.iter().copied().max().unwrap_or(0).max(1);
        let base = top + PANEL;
        let _ = write!(
            out,
            "<text x=\"{LEFT}\" y=\"{}\" font-weight=\"bold\" fill=\"{color}\">{name} per {unit}</text>\
             <line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#888\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{base}\" text-anchor=\"end\">0</text>",
            top - 8,
            LEFT + plot_w,
            LEFT - 6,
            top + 12,
            num(max),
            LEFT - 6
        );
        for (i, &n) in values.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let h = ((n as f64 / max as f64) * f64::from(PANEL - 10)).round().max(1.0);
            let x = f64::from(LEFT) + step * i as f64;
            let (y, m) = buckets[i];
            let when = if by_year { y.to_string() } else { format!("{y}-{m:02}") };
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{color}\"><title>{when}: {}</title></rect>",
                f64::from(base) - h,
                (step * 0.85).max(0.5),
                num(n)
            );
        }
    }
    // Year ticks under the lower panel, thinned to at most about 15 labels.
    let years: Vec<(usize, i32)> =
        buckets.iter().enumerate().filter(|(_, (_, m))| by_year || *m == 1).map(|(i, (y, _))| (i, *y)).collect();
    let every = years.len().div_ceil(15).max(1);
    let base = 30 + 2 * PANEL + GAP;
    for (k, (i, y)) in years.iter().enumerate() {
        if k % every != 0 {
            continue;
        }
        let x = f64::from(LEFT) + step * *i as f64;
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{base}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#888\"/><text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{y}</text>",
            base + 5,
            base + 20
        );
    }
    if years.is_empty() {
        let (y, m) = buckets[0];
        let _ = write!(out, "<text x=\"{LEFT}\" y=\"{}\">{y}-{m:02}</text>", base + 20);
    }
    out.push_str("</svg>\n");
}

fn entities(out: &mut String, stats: &Stats) {
    let _ = writeln!(
        out,
        "<p class=\"note\">The {TOP_ENTITIES} most mentioned entities of each label (PER people, ORG organizations, LOC places, MISC other), by canonical name; aliases of one entity count together.</p>"
    );
    if stats.top_entities.is_empty() {
        empty_chart(out, "Top entities", "no entities");
        return;
    }
    for (label_name, top) in &stats.top_entities {
        let _ = writeln!(out, "<h3>{}</h3>", escape(label_name));
        let rows: Vec<(String, u64)> = top.iter().map(|e| (e.canonical.clone(), e.mentions)).collect();
        bars(out, &format!("Top {label_name} entities by mentions"), &rows, BLUE);
        out.push_str("<table><thead><tr><th>Entity</th><th class=\"n\">Mentions</th><th class=\"n\">Documents</th></tr></thead><tbody>");
        for e in top {
            let _ = write!(
                out,
                "<tr><td{}>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                dir(&e.canonical),
                escape(&e.canonical),
                num(e.mentions),
                num(e.documents)
            );
        }
        out.push_str("</tbody></table>\n");
    }
}

fn cooccurrences(out: &mut String, stats: &Stats) {
    let _ = writeln!(
        out,
        "<p class=\"note\">The {TOP_PAIRS} pairs of distinct entities named in the most sentences (a pair counts once per sentence). \
         {} sentences with more than {MAX_ENTITIES_PER_SENTENCE} distinct entities (lists) are left out.</p>",
        num(stats.crowded_sentences)
    );
    let rows: Vec<(String, u64)> =
        stats.pairs.iter().map(|p| (format!("{} – {}", p.a.0, p.b.0), p.sentences)).collect();
    bars(out, "Entity pairs by sentences naming both", &rows, ORANGE);
    if stats.pairs.is_empty() {
        return;
    }
    out.push_str("<table><thead><tr><th>Entity</th><th>Label</th><th>Entity</th><th>Label</th><th class=\"n\">Sentences</th></tr></thead><tbody>");
    for p in &stats.pairs {
        let _ = write!(
            out,
            "<tr><td{}>{}</td><td>{}</td><td{}>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            dir(&p.a.0),
            escape(&p.a.0),
            escape(&p.a.1),
            dir(&p.b.0),
            escape(&p.b.0),
            escape(&p.b.1),
            num(p.sentences)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn sources(out: &mut String, stats: &Stats) {
    let name = |s: &Option<String>| s.clone().unwrap_or_else(|| "no source given".to_owned());
    let rows: Vec<(String, u64)> = stats.sources.iter().map(|(s, f, n)| (format!("{} · {f}", name(s)), *n)).collect();
    bars(out, "Documents per source and format", &rows, BLUE);
    out.push_str("<table><thead><tr><th>Source</th><th>Format</th><th class=\"n\">Documents</th></tr></thead><tbody>");
    for (s, f, n) in &stats.sources {
        let s = name(s);
        let _ = write!(
            out,
            "<tr><td{}>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            dir(&s),
            escape(&s),
            escape(f),
            num(*n)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn clusters(out: &mut String, stats: &Stats) {
    let clusters: u64 = stats.cluster_sizes.iter().map(|c| c.1).sum();
    let documents: u64 = stats.cluster_sizes.iter().map(|c| c.0 * c.1).sum();
    let _ = writeln!(
        out,
        "<p class=\"note\">{} documents fall in {} clusters of near-duplicates ({} of all documents); the others have no near-duplicate.</p>",
        num(documents),
        num(clusters),
        percent(documents, stats.rows.documents)
    );
    let rows: Vec<(String, u64)> =
        stats.cluster_sizes.iter().map(|(size, n)| (format!("{size} documents"), *n)).collect();
    if rows.is_empty() {
        empty_chart(out, "Clusters per size", "no near-duplicate clusters");
    } else {
        bars(out, "Clusters per size", &rows, BLUE);
    }
}

fn failures(out: &mut String, stats: &Stats) {
    let rows: Vec<(String, u64)> =
        stats.failures.iter().map(|(code, name, severity, n)| (format!("{code} {name} ({severity})"), *n)).collect();
    if rows.is_empty() {
        empty_chart(out, "Failure rows per code", "no failures: every input became documents");
        return;
    }
    bars(out, "Failure rows per code", &rows, ORANGE);
    let _ = writeln!(out, "<p class=\"note\">The codes are listed in docs/failures.md.</p>");
}

fn boilerplate(out: &mut String, stats: &Stats) {
    let total = stats.rows.sentences;
    let flagged = stats.boilerplate_sentences;
    let _ = writeln!(
        out,
        "<p class=\"note\">{} of {} sentences ({}) are boilerplate: repeated across documents (bylines, agency credits, calls to subscribe).</p>",
        num(flagged),
        num(total),
        percent(flagged, total)
    );
    svg_open(out, 50, "Share of boilerplate sentences");
    let w = f64::from(WIDTH - 20);
    let share = if total == 0 { 0.0 } else { flagged as f64 / total as f64 };
    let _ = writeln!(
        out,
        "<rect x=\"10\" y=\"5\" width=\"{w:.1}\" height=\"22\" fill=\"{GREY}\"><title>other sentences</title></rect>\
         <rect x=\"10\" y=\"5\" width=\"{:.1}\" height=\"22\" fill=\"{ORANGE}\"><title>boilerplate: {}</title></rect>\
         <text x=\"10\" y=\"44\">boilerplate {} · other {}</text></svg>",
        w * share,
        percent(flagged, total),
        percent(flagged, total),
        percent(total - flagged.min(total), total)
    );
    if stats.top_boilerplate.is_empty() {
        return;
    }
    out.push_str("<h3>The most repeated</h3>\n<table><thead><tr><th>Sentence</th><th class=\"n\">Occurrences</th></tr></thead><tbody>");
    for (text, n) in &stats.top_boilerplate {
        let shown = shorten(text, 200);
        let _ = write!(out, "<tr><td{}>{}</td><td class=\"n\">{}</td></tr>", dir(&shown), escape(&shown), num(*n));
    }
    out.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::{escape, is_arabic, middle, months, num, shorten};

    #[test]
    fn the_window_drops_thin_tails() {
        let rows = [(1990, 1, 1), (2018, 1, 500), (2018, 2, 499), (2099, 1, 1)];
        assert_eq!(middle(&rows, 0.005), ((2018, 1), (2018, 2)), "one in a thousand at each end is cut");
        assert_eq!(middle(&rows, 0.0), ((1990, 1), (2099, 1)), "nothing cut");
        assert_eq!(middle(&[(2024, 7, 1)], 0.005), ((2024, 7), (2024, 7)), "a single month");
    }

    #[test]
    fn escapes_markup() {
        let cases = [
            ("plain", "abc", "abc"),
            ("tag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("quotes", r#"a "b" 'c'"#, "a &quot;b&quot; &#39;c&#39;"),
            ("ampersand first", "&lt;", "&amp;lt;"),
            ("arabic untouched", "داعش", "داعش"),
        ];
        for (name, input, want) in cases {
            assert_eq!(escape(input), want, "{name}");
        }
    }

    #[test]
    fn numbers_group_thousands() {
        let cases = [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567")];
        for (n, want) in cases {
            assert_eq!(num(n), want);
        }
    }

    #[test]
    fn arabic_is_detected() {
        assert!(is_arabic("الأمم المتحدة"));
        assert!(is_arabic("UN الأمم"));
        assert!(!is_arabic("txt"));
    }

    #[test]
    fn long_labels_are_shortened_by_characters() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("بيروت", 5), "بيروت");
        assert_eq!(shorten("بيروتي", 5), "بيرو…");
    }

    #[test]
    fn months_span_year_ends() {
        assert_eq!(months((2023, 11), (2024, 2)), vec![(2023, 11), (2023, 12), (2024, 1), (2024, 2)]);
        assert_eq!(months((2024, 3), (2024, 3)), vec![(2024, 3)]);
    }
}
