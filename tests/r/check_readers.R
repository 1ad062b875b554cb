# Reads every khabar table from R and answers one query: the most mentioned person.
# Debian has no R arrow package, so the tables are read by pyarrow through reticulate
# (Debian's r-cran-reticulate) and handed to R as data frames.
#
# usage: Rscript tests/r/check_readers.R OUT_DIR
args <- commandArgs(trailingOnly = TRUE)
out <- args[[1]]
library(reticulate)
ds <- import("pyarrow.dataset")
tables <- c("documents", "sentences", "entities", "dates", "entity_catalog", "document_sources", "failures")
path_of <- function(name) {
  single <- file.path(out, paste0(name, ".parquet"))
  if (file.exists(single)) single else file.path(out, name)
}
# A column as an R vector (a list for list columns), nulls as NA. pandas is not used: Debian's
# reticulate 1.28 does not convert pandas 3 data frames.
column <- function(table, name, list_column = FALSE) {
  values <- table$column(name)$to_pylist()
  if (list_column) return(lapply(values, unlist))
  if (inherits(Find(Negate(is.null), values), "Date")) {
    days <- vapply(values, function(v) if (is.null(v)) NA_real_ else as.numeric(v), 0)
    return(as.Date(days, origin = "1970-01-01"))
  }
  values <- lapply(values, function(v) if (is.null(v)) NA else v)
  do.call(c, values)
}
stopifnot_msg <- function(ok, msg) if (!isTRUE(ok)) stop(msg, call. = FALSE)
read <- lapply(setNames(tables, tables), function(name) ds$dataset(path_of(name), format = "parquet")$to_table())
for (name in tables) {
  stopifnot_msg(read[[name]]$num_rows >= 0, paste(name, "reads"))
}
published <- column(read$documents, "published")
stopifnot_msg(inherits(published, "Date") && any(!is.na(published)), "documents.published is a Date")
char_start <- column(read$sentences, "char_start")
char_end <- column(read$sentences, "char_end")
stopifnot_msg(is.numeric(char_start) && all(char_start == round(char_start)), "sentences.char_start is an integer")
aliases <- column(read$entity_catalog, "aliases", list_column = TRUE)
stopifnot_msg(all(vapply(aliases, function(a) is.character(a) && length(a) >= 1, TRUE)),
              "entity_catalog.aliases is a list of strings")
dates <- column(read$dates, "date")
stopifnot_msg(inherits(dates, "Date"), "dates.date is a Date")
# Offsets are code points: R's substr gives back each sentence (1-based, inclusive).
text <- setNames(column(read$documents, "text"), column(read$documents, "doc_id"))
pieces <- substr(text[column(read$sentences, "doc_id")], char_start + 1, char_end)
stopifnot_msg(all(pieces == column(read$sentences, "text")), "substr(text, char_start + 1, char_end) is the sentence")
labels <- column(read$entities, "label")
people <- table(column(read$entities, "canonical")[labels == "PER"])
top <- sort(names(people)[people == max(people)])[[1]]
cat(sprintf("ok: R (top person: %s, %d mentions)\n", top, max(people)))
