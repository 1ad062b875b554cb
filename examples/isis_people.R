# Who is named in the same sentence as the Islamic State? The top N people, as a bar chart.
#
# usage: Rscript examples/isis_people.R OUT [PNG] [N]
#
# OUT is a khabar dataset folder; PNG (optional) gets a horizontal bar chart drawn with base
# R graphics on the cairo png() device, which shapes Arabic; N is how many people (15).
# Debian has no R arrow package, so the tables are read by pyarrow through reticulate (Debian's
# r-cran-reticulate; point RETICULATE_PYTHON at a Python with pyarrow) and filtered in Arrow
# before they reach R. pandas is not used: reticulate 1.28 does not convert pandas 3 data frames.
#
# Definitions, the same as examples/isis_places.py:
# - an ISIS sentence holds a mention of the Islamic State entity (the ORG rows of
#   entity_catalog whose canonical name or an alias is تنظيم الدولة الإسلامية, تنظيم الدولة or
#   داعش), or its text contains "داعش" or "تنظيم الدولة" (لداعش, الداعشي, لتنظيم الدولة);
# - a person is an entities mention labelled PER, under its canonical name (مظلوم كوباني is
#   مظلوم عبدي), counted once per ISIS sentence that names them; a name that itself contains
#   داعش or تنظيم الدولة (the tagger's slip: داعشي, "an ISIS member") is left out;
# - near-duplicate documents (near_duplicate_of set) and boilerplate sentences are left out.
# Sorted by sentences, then documents, descending, ties in code point order (radix sort, not
# the locale's collation), so the same dataset always prints the same lines.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript examples/isis_people.R OUT [PNG] [N]", call. = FALSE)
out <- args[[1]]
png_path <- if (length(args) >= 2 && nzchar(args[[2]])) args[[2]] else NA
top_n <- if (length(args) >= 3) as.integer(args[[3]]) else 15L

suppressPackageStartupMessages(library(reticulate))
ds <- import("pyarrow.dataset")
pc <- import("pyarrow.compute")
pa <- import("pyarrow")
# An R character vector as an Arrow array (a value set for is_in, even of length 0 or 1).
arrow_strings <- function(x) pa$array(as.list(x), type = pa$string())
isis_names <- c("تنظيم الدولة الإسلامية", "تنظيم الدولة", "داعش")
isis_substrings <- c("داعش", "تنظيم الدولة")

path_of <- function(name) {
  single <- file.path(out, paste0(name, ".parquet"))
  if (file.exists(single)) single else file.path(out, name)
}
read <- function(name, columns) {
  dataset <- ds$dataset(path_of(name), format = "parquet")
  dataset$to_table(columns = as.list(intersect(columns, dataset$schema$names)))
}
# A string column as a character vector (nulls as NA).
strings <- function(table, name) {
  values <- table$column(name)$to_pylist()
  vapply(values, function(v) if (is.null(v)) NA_character_ else v, "")
}

documents <- read("documents", c("doc_id", "near_duplicate_of"))
if ("near_duplicate_of" %in% documents$column_names) {
  documents <- documents$filter(pc$is_null(documents$column("near_duplicate_of")))
}
kept <- strings(documents, "doc_id")

sentences <- read("sentences", c("sentence_id", "doc_id", "text", "boilerplate"))
if ("boilerplate" %in% sentences$column_names) {
  sentences <- sentences$filter(pc$invert(sentences$column("boilerplate")))
}
sentences <- sentences$filter(pc$is_in(sentences$column("doc_id"), value_set = documents$column("doc_id")))
by_text <- pc$match_substring(sentences$column("text"), isis_substrings[[1]])
for (needle in isis_substrings[-1]) {
  by_text <- pc$or_(by_text, pc$match_substring(sentences$column("text"), needle))
}

catalog <- read("entity_catalog", c("entity_id", "canonical", "label", "aliases"))$to_pylist()
is_isis <- vapply(catalog, function(row) {
  identical(row$label, "ORG") && any(c(row$canonical, unlist(row$aliases)) %in% isis_names)
}, TRUE)
isis_ids <- vapply(catalog[is_isis], function(row) row$entity_id, "")

entities <- read("entities", c("sentence_id", "doc_id", "label", "entity_id", "canonical"))
entities <- entities$filter(pc$is_in(entities$column("sentence_id"), value_set = sentences$column("sentence_id")))
isis_mentions <- entities$filter(pc$is_in(entities$column("entity_id"), value_set = arrow_strings(isis_ids)))
isis_sentences <- union(strings(sentences$filter(by_text), "sentence_id"), strings(isis_mentions, "sentence_id"))
isis_docs <- unique(strings(sentences$filter(pc$is_in(sentences$column("sentence_id"),
                                                      value_set = arrow_strings(isis_sentences))), "doc_id"))

people <- entities$filter(pc$and_(pc$equal(entities$column("label"), "PER"),
                                  pc$is_in(entities$column("sentence_id"), value_set = arrow_strings(isis_sentences))))
pairs <- data.frame(sentence_id = strings(people, "sentence_id"), doc_id = strings(people, "doc_id"),
                    canonical = strings(people, "canonical"), stringsAsFactors = FALSE)
# The tagger's slips, such as داعشي ("an ISIS member") tagged as a person, are not names.
is_isis_word <- Reduce(`|`, lapply(isis_substrings, function(w) grepl(w, pairs$canonical, fixed = TRUE)))
pairs <- unique(pairs[!is_isis_word, ])
cat(sprintf("ISIS sentences: %d in %d documents; %d people named with it\n",
            length(isis_sentences), length(isis_docs), length(unique(pairs$canonical))))
if (nrow(pairs) == 0) {
  cat("no person is named in an ISIS sentence\n")
  quit(status = if (is.na(png_path)) 0 else 1)
}
names_seen <- sort(unique(pairs$canonical), method = "radix")
counts <- data.frame(
  canonical = names_seen,
  sentences = vapply(names_seen, function(n) length(unique(pairs$sentence_id[pairs$canonical == n])), 0L),
  documents = vapply(names_seen, function(n) length(unique(pairs$doc_id[pairs$canonical == n])), 0L),
  stringsAsFactors = FALSE, row.names = NULL
)
# names_seen is already in code point order, so a stable sort on the counts keeps ties in it.
counts <- counts[order(-counts$sentences, -counts$documents, method = "radix"), ]
shown <- head(counts, top_n)
cat(sprintf("\ntop %d people (ISIS sentences naming them, documents)\n", nrow(shown)))
cat(sprintf("%4s  %9s  %9s  %s\n", "rank", "sentences", "documents", "person"))
for (i in seq_len(nrow(shown))) {
  cat(sprintf("%4d  %9d  %9d  %s\n", i, shown$sentences[[i]], shown$documents[[i]], shown$canonical[[i]]))
}

if (!is.na(png_path)) {
  family <- "Noto Sans Arabic"
  png(png_path, width = 900, height = 160 + 34 * nrow(shown), res = 110, type = "cairo", family = family)
  par(mar = c(4.2, 11, 3.6, 1.5))
  # Largest at the top: barplot draws the first bar at the bottom.
  bars <- rev(shown$sentences)
  mid <- barplot(bars, names.arg = rev(shown$canonical), horiz = TRUE, las = 1, col = "#b2182b",
                 border = NA, xlim = c(0, max(bars) * 1.12), cex.names = 0.95, xaxt = "n",
                 xlab = "sentences naming the Islamic State and the person")
  ticks <- unique(round(pretty(c(0, max(bars)))))
  axis(1, at = ticks[ticks <= max(bars) * 1.12])
  text(bars, mid, labels = bars, pos = 4, cex = 0.8, xpd = TRUE)
  title(main = "People named in the same sentence as the Islamic State", line = 2, cex.main = 1.05)
  mtext("داعش / تنظيم الدولة", side = 3, line = 0.7, cex = 0.95)
  invisible(dev.off())
  cat(sprintf("\nwrote %s\n", png_path))
}
