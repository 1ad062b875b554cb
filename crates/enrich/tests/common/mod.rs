//! Helpers shared by the integration tests: where the shared data lives, a small JSON reader
//! (the crate takes no JSON dependency), and a reader for Duckling's `Corpus.hs` files.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder (gold sets, peer suites, corpora), read in place and never copied:
/// `KHABAR_SHARED` if set, else `../shared` beside the workspace, else `/work/shared`.
#[allow(clippy::disallowed_methods, reason = "tests may be pointed at the shared data folder")]
pub(crate) fn shared() -> PathBuf {
    if let Some(dir) = std::env::var_os("KHABAR_SHARED") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let candidates = [beside, PathBuf::from("/work/shared")];
    candidates.iter().find(|d| d.join("external").is_dir()).cloned().unwrap_or_else(|| {
        panic!("shared data not found at {} or /work/shared; set KHABAR_SHARED", candidates[0].display())
    })
}

/// Reads a file under the shared folder (BOM removed). Missing data is an error, not a skip:
/// these tests are the evidence for the numbers in the README.
pub(crate) fn read_shared(rel: &str) -> String {
    let p = shared().join(rel);
    match std::fs::read_to_string(&p) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_owned(),
        Err(e) => panic!("cannot read {}: {e}", p.display()),
    }
}

// ---- JSON ----------------------------------------------------------------------------------

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    /// Keys in file order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub(crate) fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            Json::Str(s) => s.parse().ok(),
            _ => None,
        }
    }
    pub(crate) fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => &[],
        }
    }
    /// `true`, or the string `"true"` (Recognizers-Text writes both).
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Json::Bool(b) => *b,
            Json::Str(s) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

pub(crate) fn parse_json(s: &str) -> Json {
    let mut p = JsonParser { b: s.as_bytes(), i: 0, s };
    let v = p.value();
    p.ws();
    assert_eq!(p.i, p.b.len(), "trailing data in JSON");
    v
}

struct JsonParser<'a> {
    b: &'a [u8],
    i: usize,
    s: &'a str,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    #[allow(clippy::too_many_lines)] // one arm per JSON value kind
    fn value(&mut self) -> Json {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut kv = Vec::new();
                loop {
                    self.ws();
                    if self.b[self.i] == b'}' {
                        self.i += 1;
                        break;
                    }
                    let Json::Str(k) = self.value() else { panic!("object key") };
                    self.ws();
                    assert_eq!(self.b[self.i], b':');
                    self.i += 1;
                    let v = self.value();
                    kv.push((k, v));
                    self.ws();
                    if self.b[self.i] == b',' {
                        self.i += 1;
                    }
                }
                Json::Obj(kv)
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.ws();
                    if self.b[self.i] == b']' {
                        self.i += 1;
                        break;
                    }
                    a.push(self.value());
                    self.ws();
                    if self.b[self.i] == b',' {
                        self.i += 1;
                    }
                }
                Json::Arr(a)
            }
            b'"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = self.b[self.i];
                    match c {
                        b'"' => {
                            self.i += 1;
                            break;
                        }
                        b'\\' => {
                            let e = self.b[self.i + 1];
                            self.i += 2;
                            match e {
                                b'n' => out.push('\n'),
                                b't' => out.push('\t'),
                                b'r' => out.push('\r'),
                                b'b' => out.push('\u{8}'),
                                b'f' => out.push('\u{c}'),
                                b'u' => {
                                    let hex = &self.s[self.i..self.i + 4];
                                    self.i += 4;
                                    let mut cp = u32::from_str_radix(hex, 16).expect("hex escape");
                                    if (0xD800..0xDC00).contains(&cp) && self.s[self.i..].starts_with("\\u") {
                                        let lo = u32::from_str_radix(&self.s[self.i + 2..self.i + 6], 16).expect("hex");
                                        self.i += 6;
                                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                    }
                                    out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                }
                                other => out.push(char::from(other)),
                            }
                        }
                        _ => {
                            let st = self.i;
                            while self.i < self.b.len() && self.b[self.i] != b'"' && self.b[self.i] != b'\\' {
                                self.i += 1;
                            }
                            out.push_str(&self.s[st..self.i]);
                        }
                    }
                }
                Json::Str(out)
            }
            b't' => {
                self.i += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Json::Null
            }
            _ => {
                let st = self.i;
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
                Json::Num(self.s[st..self.i].parse().expect("number"))
            }
        }
    }
}

// ---- Duckling Corpus.hs ----------------------------------------------------------------------

/// One `examples (HEADER) [ "input", ... ]` group of a Duckling corpus.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The text inside `examples ( ... )`, e.g. `datetime (2013, 2, 12, 0, 0, 0) Day`.
    pub header: String,
    pub inputs: Vec<String>,
}

/// Every `examples` group of a `Corpus.hs` file, in order, plus the `negativeCorpus` strings.
pub(crate) fn parse_corpus(src: &str) -> (Vec<Group>, Vec<String>) {
    let mut groups = Vec::new();
    let mut rest = src;
    while let Some(p) = rest.find("examples (") {
        let after = &rest[p + "examples (".len()..];
        // Balanced parentheses for the header.
        let mut depth = 1;
        let mut end = 0;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let header = after[..end].trim().to_owned();
        let list_start = after[end..].find('[').expect("list") + end;
        let list_end = after[list_start..].find(']').expect("list end") + list_start;
        let inputs = strings(&after[list_start..list_end]);
        groups.push(Group { header, inputs });
        rest = &after[list_end..];
    }
    let negative = src
        .find("negativeCorpus =")
        .and_then(|p| {
            let s = &src[p..];
            let a = s.find('[')?;
            let b = s[a..].find(']')? + a;
            Some(strings(&s[a..b]))
        })
        .unwrap_or_default();
    (groups, negative)
}

fn strings(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = s.split('"');
    it.next();
    while let Some(v) = it.next() {
        out.push(v.to_owned());
        it.next();
    }
    out
}

/// All integers in a string, in order (`(2013, 2, 12, 4, 30, 0)` → 2013, 2, 12, 4, 30, 0).
pub(crate) fn ints(s: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '-' && cur.is_empty()) {
            cur.push(c);
        } else {
            if let Ok(v) = cur.parse() {
                out.push(v);
            }
            cur.clear();
        }
    }
    out
}

/// Pass-rate bookkeeping for one file: prints a summary and asserts the floor.
pub(crate) struct Tally {
    pub name: String,
    pub pass: usize,
    pub total: usize,
    pub ruled_out: usize,
    pub failures: Vec<String>,
}

impl Tally {
    pub(crate) fn new(name: &str) -> Self {
        Self { name: name.to_owned(), pass: 0, total: 0, ruled_out: 0, failures: Vec::new() }
    }
    pub(crate) fn record(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.pass += 1;
        } else {
            self.failures.push(what());
        }
    }
    pub(crate) fn rate(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.pass as f64 / self.total as f64 }
    }
    /// Prints the rate (and the failures with `KHABAR_VERBOSE=1`) and fails under `floor`.
    pub(crate) fn finish(&self, floor: f64) {
        eprintln!(
            "PASS RATE {}: {}/{} = {:.1}% (ruled out: {}; floor {:.1}%)",
            self.name,
            self.pass,
            self.total,
            100.0 * self.rate(),
            self.ruled_out,
            100.0 * floor
        );
        #[allow(clippy::disallowed_methods)] // a test's verbosity switch
        let verbose = std::env::var_os("KHABAR_VERBOSE").is_some();
        if verbose {
            for f in &self.failures {
                eprintln!("  FAIL {f}");
            }
        }
        assert!(self.rate() >= floor, "{}: pass rate {:.3} fell under the floor {floor}", self.name, self.rate());
    }
}

/// The `.txt` files under `dir`, recursively, in sorted path order, appended to `out`.
pub(crate) fn txt_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

/// `<TEXT>...</TEXT>` of an ANT corpus file, or the whole file.
pub(crate) fn ant_body(s: &str) -> &str {
    match (s.find("<TEXT>"), s.find("</TEXT>")) {
        (Some(a), Some(b)) if a < b => &s[a + 6..b],
        _ => s,
    }
}
