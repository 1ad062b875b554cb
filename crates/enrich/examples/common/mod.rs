//! Paths shared by the tagger examples.
#![allow(dead_code, reason = "each example uses some of these")]

/// A file under the shared data folder: `../shared` beside the workspace, else `/work/shared`.
pub(crate) fn shared(rel: &str) -> String {
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let root = if beside.join("external").is_dir() { beside } else { std::path::PathBuf::from("/work/shared") };
    root.join(rel).display().to_string()
}

/// A file of the committed models folder (`crates/enrich/models`).
pub(crate) fn models(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(name).display().to_string()
}

/// Feeds `sentence` every sentence of the raw text allowed for unsupervised features, in a fixed
/// order: the `ANERcorp` training portion (tokens only, no tags), the seed articles, and (when
/// `news`) the `<TITLE>` and `<TEXT>` of every ANT news article. Never the `ANERcorp` test split
/// or `NewsFANE`. Returns the number of news files read.
pub(crate) fn raw_corpus(news: bool, mut sentence: impl FnMut(&[&str])) -> std::io::Result<usize> {
    use khabar_enrich::ner::{read_conll, tokenize};
    use std::path::Path;
    let train = std::fs::read_to_string(shared("external/anercorp/ANERCorp_train_derived.txt"))?;
    for s in read_conll(&train) {
        sentence(&s.token_strs());
    }
    let mut add_text = |text: &str| {
        for line in text.lines() {
            let toks: Vec<&str> = tokenize(line).into_iter().map(|(a, b)| &line[a..b]).collect();
            if !toks.is_empty() {
                sentence(&toks);
            }
        }
    };
    let mut files = Vec::new();
    collect_files(Path::new(&shared("seeds")), &mut files)?;
    for f in &files {
        add_text(&std::fs::read_to_string(f)?);
    }
    if !news {
        return Ok(0);
    }
    let files = news_files()?;
    for f in &files {
        let doc = std::fs::read_to_string(f)?;
        for tag in ["TITLE", "TEXT"] {
            if let Some(body) = between(&doc, tag) {
                add_text(body);
            }
        }
    }
    Ok(files.len())
}

/// The `<TEXT>` of every ANT news article (`external/news_corpus`), in path order.
pub(crate) fn news_texts() -> std::io::Result<Vec<String>> {
    let files = news_files()?;
    let mut texts = Vec::with_capacity(files.len());
    for f in &files {
        let doc = std::fs::read_to_string(f)?;
        texts.push(between(&doc, "TEXT").unwrap_or(&doc).to_owned());
    }
    Ok(texts)
}

/// The article files of the ANT news corpus (`external/news_corpus`), in path order.
fn news_files() -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    collect_files(std::path::Path::new(&shared("external/news_corpus")), &mut files)?;
    files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
    Ok(files)
}

fn between<'a>(doc: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let s = doc.find(&open)? + open.len();
    let e = doc[s..].find(&close)? + s;
    Some(&doc[s..e])
}

/// All files under `dir`, sorted (deterministic order).
fn collect_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_files(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}
