//! The aggregations, each a lazy polars query over the tables' Parquet files, collected into
//! plain Rust rows sorted on all their keys (so the report's bytes never depend on polars'
//! group order).

use polars::prelude::{
    DataFrame, DataType, Expr, JoinArgs, JoinType, LazyFrame, PlRefPath, ScanArgsParquet, SortMultipleOptions, col,
    len, lit,
};

use crate::dataset::Dataset;
use crate::{Error, ErrorKind, STEPS};

/// How many entities per label are drawn.
pub const TOP_ENTITIES: usize = 10;
/// How many entity pairs are listed.
pub const TOP_PAIRS: usize = 25;
/// Sentences with more distinct entities than this are left out of the co-occurrences: a
/// sentence of `k` entities makes `k (k - 1) / 2` pairs, and a list of 300 names would make
/// 45,000 pairs that say little.
pub const MAX_ENTITIES_PER_SENTENCE: u32 = 30;
/// How many of the most repeated boilerplate sentences are listed.
pub const TOP_BOILERPLATE: usize = 10;

/// Everything the report draws.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Rows per table, counted from the files.
    pub rows: Rows,
    /// Documents per month of `published`: `(year, month, documents)`, ascending.
    pub published_per_month: Vec<(i32, u32, u64)>,
    /// Dates of day or month granularity mentioned in the texts, per month of `date`.
    pub mentioned_per_month: Vec<(i32, u32, u64)>,
    /// Resolved dates per granularity: `(granularity, dates)`, most first.
    pub dates_by_granularity: Vec<(String, u64)>,
    /// Dates whose value could not be resolved.
    pub unresolved_dates: u64,
    /// Per label (sorted), the most mentioned entities.
    pub top_entities: Vec<(String, Vec<EntityCount>)>,
    /// The entity pairs named in the most sentences.
    pub pairs: Vec<Pair>,
    /// Sentences left out of the co-occurrences (more than [`MAX_ENTITIES_PER_SENTENCE`]).
    pub crowded_sentences: u64,
    /// Documents per `(source, format)`; `None` when the input named no source.
    pub sources: Vec<(Option<String>, String, u64)>,
    /// Near-duplicate clusters per size: `(documents in the cluster, clusters)`, ascending.
    pub cluster_sizes: Vec<(u64, u64)>,
    /// Failure rows per `(code, name, severity)`, most first.
    pub failures: Vec<(String, String, String, u64)>,
    /// Sentences flagged as boilerplate.
    pub boilerplate_sentences: u64,
    /// The most repeated boilerplate sentences: `(text, occurrences in the dataset)`.
    pub top_boilerplate: Vec<(String, u64)>,
}

/// Rows per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rows {
    /// `documents`.
    pub documents: u64,
    /// Documents with a `published` date.
    pub published: u64,
    /// `sentences`.
    pub sentences: u64,
    /// `entities` (mentions).
    pub entities: u64,
    /// Distinct `entity_id`s among the mentions.
    pub distinct_entities: u64,
    /// `dates`.
    pub dates: u64,
    /// `failures`.
    pub failures: u64,
}

/// One entity in a top list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCount {
    /// `entity_id`.
    pub entity_id: String,
    /// `canonical`.
    pub canonical: String,
    /// Mentions.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
}

/// Two entities named in the same sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The first entity (the smaller `entity_id`): canonical name and label.
    pub a: (String, String),
    /// The second entity.
    pub b: (String, String),
    /// Sentences that name both.
    pub sentences: u64,
}

/// Runs every aggregation, calling `progress` with [`STEPS`] 1 to 8.
pub(crate) fn collect(dataset: &Dataset, progress: &mut dyn FnMut(&'static str)) -> Result<Stats, Error> {
    let mut stats = Stats::default();
    progress(STEPS[1]);
    stats.rows = rows(dataset)?;
    progress(STEPS[2]);
    stats.published_per_month = per_month(
        "documents",
        scan(dataset, "documents")?.select([col("published")]).filter(col("published").is_not_null()),
        "published",
    )?;
    let dates = scan(dataset, "dates")?.select([col("date"), col("granularity")]);
    stats.mentioned_per_month = per_month(
        "dates",
        dates.clone().filter(
            col("date").is_not_null().and(col("granularity").eq(lit("day")).or(col("granularity").eq(lit("month")))),
        ),
        "date",
    )?;
    let df = run("dates", dates.filter(col("date").is_not_null()).group_by([col("granularity")]).agg([count("n")]))?;
    stats.dates_by_granularity = zip2(&strings(&df, "granularity", "dates")?, &counts(&df, "n", "dates")?);
    stats.dates_by_granularity.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let df = run("dates", scan(dataset, "dates")?.filter(col("date").is_null()).select([count("n")]))?;
    stats.unresolved_dates = counts(&df, "n", "dates")?.first().copied().unwrap_or(0);
    progress(STEPS[3]);
    stats.top_entities = top_entities(dataset)?;
    progress(STEPS[4]);
    (stats.pairs, stats.crowded_sentences) = pairs(dataset)?;
    progress(STEPS[5]);
    let df = run("documents", scan(dataset, "documents")?.group_by([col("source"), col("format")]).agg([count("n")]))?;
    let sources = strings(&df, "source", "documents")?;
    let formats = strings(&df, "format", "documents")?;
    let n = counts(&df, "n", "documents")?;
    stats.sources = sources.into_iter().zip(formats).zip(n).map(|((s, f), n)| (s, f.unwrap_or_default(), n)).collect();
    stats.sources.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    progress(STEPS[6]);
    let df = run(
        "documents",
        scan(dataset, "documents")?
            .filter(col("cluster_id").is_not_null())
            .group_by([col("cluster_id")])
            .agg([count("size")])
            .group_by([col("size")])
            .agg([count("clusters")]),
    )?;
    stats.cluster_sizes =
        counts(&df, "size", "documents")?.into_iter().zip(counts(&df, "clusters", "documents")?).collect();
    stats.cluster_sizes.sort_unstable();
    progress(STEPS[7]);
    let df = run(
        "failures",
        scan(dataset, "failures")?.group_by([col("code"), col("name"), col("severity")]).agg([count("n")]),
    )?;
    let code = strings(&df, "code", "failures")?;
    let name = strings(&df, "name", "failures")?;
    let severity = strings(&df, "severity", "failures")?;
    let n = counts(&df, "n", "failures")?;
    stats.failures = code
        .into_iter()
        .zip(name)
        .zip(severity)
        .zip(n)
        .map(|(((c, m), s), n)| (c.unwrap_or_default(), m.unwrap_or_default(), s.unwrap_or_default(), n))
        .collect();
    stats.failures.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| (&a.0, &a.2, &a.1).cmp(&(&b.0, &b.2, &b.1))));
    progress(STEPS[8]);
    let sentences = scan(dataset, "sentences")?;
    let df = run(
        "sentences",
        sentences.clone().select([col("boilerplate").cast(DataType::Int64).sum().cast(DataType::UInt64).alias("n")]),
    )?;
    stats.boilerplate_sentences = counts(&df, "n", "sentences")?.first().copied().unwrap_or(0);
    let df = run(
        "sentences",
        sentences
            .filter(col("boilerplate"))
            .group_by([col("text")])
            .agg([count("n")])
            .sort(["n", "text"], SortMultipleOptions::default().with_order_descending_multi([true, false]))
            .limit(TOP_BOILERPLATE as u32),
    )?;
    stats.top_boilerplate = zip2(&strings(&df, "text", "sentences")?, &counts(&df, "n", "sentences")?);
    stats.top_boilerplate.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(stats)
}

/// A lazy scan of all the files of `table`.
fn scan(dataset: &Dataset, table: &'static str) -> Result<LazyFrame, Error> {
    let paths: Vec<PlRefPath> =
        dataset.files(table).iter().map(|path| PlRefPath::new(path.to_string_lossy().into_owned())).collect();
    // Statistics and the cache are polars' defaults; no row index, no hive partitions, no glob
    // (the manifest names every file).
    let args = ScanArgsParquet { glob: false, ..ScanArgsParquet::default() };
    LazyFrame::scan_parquet_files(paths.into(), args).map_err(|e| table_error(table, &e))
}

fn run(table: &'static str, query: LazyFrame) -> Result<DataFrame, Error> {
    query.collect().map_err(|e| table_error(table, &e))
}

fn table_error(table: &'static str, e: &polars::prelude::PolarsError) -> Error {
    ErrorKind::Table { table, message: e.to_string() }.into()
}

/// A row count as a `u64` column.
fn count(name: &str) -> Expr {
    len().cast(DataType::UInt64).alias(name)
}

fn counts(df: &DataFrame, column: &str, table: &'static str) -> Result<Vec<u64>, Error> {
    let series = df.column(column).and_then(|c| c.cast(&DataType::UInt64)).map_err(|e| table_error(table, &e))?;
    let values = series.u64().map_err(|e| table_error(table, &e))?;
    Ok(values.iter().map(|v| v.unwrap_or(0)).collect())
}

fn strings(df: &DataFrame, column: &str, table: &'static str) -> Result<Vec<Option<String>>, Error> {
    let series = df.column(column).map_err(|e| table_error(table, &e))?;
    let values = series.str().map_err(|e| table_error(table, &e))?;
    Ok(values.iter().map(|v| v.map(str::to_owned)).collect())
}

fn zip2(keys: &[Option<String>], values: &[u64]) -> Vec<(String, u64)> {
    keys.iter().zip(values).map(|(k, v)| (k.clone().unwrap_or_default(), *v)).collect()
}

fn rows(dataset: &Dataset) -> Result<Rows, Error> {
    let one = |table: &'static str, query: LazyFrame| -> Result<u64, Error> {
        Ok(counts(&run(table, query)?, "n", table)?.first().copied().unwrap_or(0))
    };
    Ok(Rows {
        documents: one("documents", scan(dataset, "documents")?.select([count("n")]))?,
        published: one(
            "documents",
            scan(dataset, "documents")?.filter(col("published").is_not_null()).select([count("n")]),
        )?,
        sentences: one("sentences", scan(dataset, "sentences")?.select([count("n")]))?,
        entities: one("entities", scan(dataset, "entities")?.select([count("n")]))?,
        distinct_entities: one(
            "entities",
            scan(dataset, "entities")?.select([col("entity_id").n_unique().cast(DataType::UInt64).alias("n")]),
        )?,
        dates: one("dates", scan(dataset, "dates")?.select([count("n")]))?,
        failures: one("failures", scan(dataset, "failures")?.select([count("n")]))?,
    })
}

/// Counts per day in polars (a date32 is days since 1970-01-01), folded into months here: the
/// calendar arithmetic is a few lines, where polars' temporal feature is a crate more to build.
fn per_month(table: &'static str, query: LazyFrame, column: &str) -> Result<Vec<(i32, u32, u64)>, Error> {
    let df = run(table, query.group_by([col(column).cast(DataType::Int32).alias("day")]).agg([count("n")]))?;
    let days = df.column("day").and_then(|c| c.cast(&DataType::Int32)).map_err(|e| table_error(table, &e))?;
    let days = days.i32().map_err(|e| table_error(table, &e))?;
    let n = counts(&df, "n", table)?;
    let mut months = std::collections::BTreeMap::new();
    for (day, n) in days.iter().zip(n) {
        let Some(day) = day else { continue };
        let (year, month) = year_month(day);
        *months.entry((year, month)).or_insert(0) += n;
    }
    Ok(months.into_iter().map(|((y, m), n)| (y, m, n)).collect())
}

/// The proleptic Gregorian year and month of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub(crate) fn year_month(days: i32) -> (i32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32)
}

fn top_entities(dataset: &Dataset) -> Result<Vec<(String, Vec<EntityCount>)>, Error> {
    let df = run(
        "entities",
        scan(dataset, "entities")?
            .group_by([col("label"), col("entity_id")])
            .agg([
                count("mentions"),
                col("doc_id").n_unique().cast(DataType::UInt64).alias("documents"),
                // entity_id is a hash of the canonical name: every row of a group has the same one.
                col("canonical").first().alias("canonical"),
            ])
            .sort(
                ["label", "mentions", "entity_id"],
                SortMultipleOptions::default().with_order_descending_multi([false, true, false]),
            )
            .group_by_stable([col("label")])
            .head(Some(TOP_ENTITIES)),
    )?;
    let labels = strings(&df, "label", "entities")?;
    let ids = strings(&df, "entity_id", "entities")?;
    let names = strings(&df, "canonical", "entities")?;
    let mentions = counts(&df, "mentions", "entities")?;
    let documents = counts(&df, "documents", "entities")?;
    let mut by_label: std::collections::BTreeMap<String, Vec<EntityCount>> = std::collections::BTreeMap::new();
    for i in 0..labels.len() {
        by_label.entry(labels[i].clone().unwrap_or_default()).or_default().push(EntityCount {
            entity_id: ids[i].clone().unwrap_or_default(),
            canonical: names[i].clone().unwrap_or_default(),
            mentions: mentions[i],
            documents: documents[i],
        });
    }
    Ok(by_label
        .into_iter()
        .map(|(label, mut top)| {
            top.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.entity_id.cmp(&b.entity_id)));
            top.truncate(TOP_ENTITIES);
            (label, top)
        })
        .collect())
}

/// Pairs of distinct entities named in one sentence, counted once per sentence however often
/// each is mentioned there: the mentions are first reduced to distinct (sentence, entity) rows,
/// crowded sentences dropped, then that table is joined with itself on `sentence_id`.
fn pairs(dataset: &Dataset) -> Result<(Vec<Pair>, u64), Error> {
    let distinct = scan(dataset, "entities")?
        .select([col("sentence_id"), col("entity_id")])
        .group_by([col("sentence_id"), col("entity_id")])
        .agg([count("m")])
        .select([col("sentence_id"), col("entity_id")]);
    let sizes = distinct.clone().group_by([col("sentence_id")]).agg([count("k")]);
    let df = run("entities", sizes.clone().filter(col("k").gt(lit(MAX_ENTITIES_PER_SENTENCE))).select([count("n")]))?;
    let crowded = counts(&df, "n", "entities")?.first().copied().unwrap_or(0);
    let kept = distinct
        .join(
            sizes.filter(col("k").lt_eq(lit(MAX_ENTITIES_PER_SENTENCE))),
            [col("sentence_id")],
            [col("sentence_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([col("sentence_id"), col("entity_id")]);
    let right = kept.clone().select([col("sentence_id"), col("entity_id").alias("other_id")]);
    let names = scan(dataset, "entity_catalog")?.select([col("entity_id"), col("canonical"), col("label")]);
    let other_names = names.clone().select([
        col("entity_id").alias("other_id"),
        col("canonical").alias("other_canonical"),
        col("label").alias("other_label"),
    ]);
    let df = run(
        "entities",
        kept.join(right, [col("sentence_id")], [col("sentence_id")], JoinArgs::new(JoinType::Inner))
            .filter(col("entity_id").lt(col("other_id")))
            .group_by([col("entity_id"), col("other_id")])
            .agg([count("sentences")])
            .sort(
                ["sentences", "entity_id", "other_id"],
                SortMultipleOptions::default().with_order_descending_multi([true, false, false]),
            )
            .limit(TOP_PAIRS as u32)
            .join(names, [col("entity_id")], [col("entity_id")], JoinArgs::new(JoinType::Left))
            .join(other_names, [col("other_id")], [col("other_id")], JoinArgs::new(JoinType::Left)),
    )?;
    let a_id = strings(&df, "entity_id", "entities")?;
    let b_id = strings(&df, "other_id", "entities")?;
    let a_name = strings(&df, "canonical", "entity_catalog")?;
    let a_label = strings(&df, "label", "entity_catalog")?;
    let b_name = strings(&df, "other_canonical", "entity_catalog")?;
    let b_label = strings(&df, "other_label", "entity_catalog")?;
    let n = counts(&df, "sentences", "entities")?;
    let mut rows: Vec<(String, String, Pair)> = (0..n.len())
        .map(|i| {
            let name =
                |name: &Option<String>, id: &Option<String>| name.clone().or_else(|| id.clone()).unwrap_or_default();
            (
                a_id[i].clone().unwrap_or_default(),
                b_id[i].clone().unwrap_or_default(),
                Pair {
                    a: (name(&a_name[i], &a_id[i]), a_label[i].clone().unwrap_or_default()),
                    b: (name(&b_name[i], &b_id[i]), b_label[i].clone().unwrap_or_default()),
                    sentences: n[i],
                },
            )
        })
        .collect();
    rows.sort_by(|x, y| y.2.sentences.cmp(&x.2.sentences).then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1))));
    Ok((rows.into_iter().map(|(_, _, pair)| pair).collect(), crowded))
}

#[cfg(test)]
mod tests {
    use super::year_month;

    #[test]
    fn days_fold_into_months() {
        let cases = [
            ("epoch", 0, (1970, 1)),
            ("last day of january 1970", 30, (1970, 1)),
            ("first of february 1970", 31, (1970, 2)),
            ("day before the epoch", -1, (1969, 12)),
            ("leap day 2024", 19_782, (2024, 2)),
            ("2024-07-26", 19_930, (2024, 7)),
            ("628-06-05", -490_000, (628, 6)),
        ];
        for (name, days, want) in cases {
            assert_eq!(year_month(days), want, "{name}");
        }
    }
}
