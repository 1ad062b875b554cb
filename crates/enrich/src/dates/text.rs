//! Folding with an offset map, and the tokenizer the date grammar runs on.
//!
//! The grammar works on folded text (see [`khabar_core::text::fold_char`]) so that spelling
//! variants meet one lexicon; every folded offset maps back to a byte offset of the original
//! text, so spans always point into the caller's text.

use khabar_core::text::{fold_char, is_arabic_letter};

use super::lexicon::{Lex, Lexicon};

/// The folded form of a text and the way back to original byte offsets.
pub(super) struct Folded {
    /// Folded text: alef/yeh/taa-marbuta variants unified, marks and tatweel dropped,
    /// Arabic-Indic digits made ASCII, ASCII letters lowercased.
    pub text: String,
    /// `(folded offset, original offset)` at every point where the two stop moving together.
    checkpoints: Vec<(u32, u32)>,
}

impl Folded {
    pub(super) fn new(orig: &str) -> Self {
        let bytes = orig.as_bytes();
        let mut text = String::with_capacity(orig.len());
        let mut checkpoints = vec![(0u32, 0u32)];
        // Unchanged chars are copied in runs; only changed ones are handled one by one. ASCII
        // and the two-byte chars U+0600..U+067F (the Arabic letters) are told apart by bytes.
        let mut run = 0;
        let mut o = 0;
        while o < bytes.len() {
            let b = bytes[o];
            if b < 0x80 {
                if !b.is_ascii_uppercase() {
                    o += 1;
                    continue;
                }
            } else if (b == 0xD8 || b == 0xD9)
                && ARABIC_UNCHANGED[(usize::from(b & 1) << 6) | usize::from(bytes[o + 1] & 0x3F)]
            {
                o += 2;
                continue;
            }
            let c = orig[o..].chars().next().expect("o is a char boundary");
            if unchanged(c) {
                o += c.len_utf8();
                continue;
            }
            text.push_str(&orig[run..o]);
            o += c.len_utf8();
            run = o;
            let out = match c {
                'A'..='Z' => Some(c.to_ascii_lowercase()),
                'ی' | 'ى' => Some('ي'),
                'ک' => Some('ك'),
                'ھ' | 'ە' => Some('ه'),
                _ => fold_char(c),
            };
            match out {
                Some(f) if f.len_utf8() == c.len_utf8() => text.push(f),
                Some(f) => {
                    text.push(f);
                    checkpoints.push((text.len() as u32, run as u32));
                }
                None => checkpoints.push((text.len() as u32, run as u32)),
            }
        }
        text.push_str(&orig[run..]);
        Self { text, checkpoints }
    }

    /// The original byte offset of folded offset `f` (a char boundary of the folded text).
    /// An end offset lands after any marks that followed the last folded char.
    pub(super) fn to_orig(&self, f: usize) -> usize {
        let f32_ = f as u32;
        let i = self.checkpoints.partition_point(|&(fp, _)| fp <= f32_);
        let (fp, op) = self.checkpoints[i.saturating_sub(1)];
        (op + (f32_ - fp)) as usize
    }
}

/// [`unchanged`] of U+0600..U+067F, by the low six bits of the second UTF-8 byte, after one bit
/// for the lead byte (`D8`: U+0600..U+063F, `D9`: U+0640..U+067F).
static ARABIC_UNCHANGED: std::sync::LazyLock<[bool; 128]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| unchanged(char::from_u32(0x600 + i as u32).expect("U+0600..U+067F are chars")))
});

/// Whether folding leaves `c` as it is (the fast path of [`Folded::new`]).
fn unchanged(c: char) -> bool {
    match c {
        'A'..='Z' => false,
        _ if c.is_ascii() => true,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' | 'ة' | 'ی' | 'ک' | 'ھ' | 'ە' => false,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        _ => fold_char(c) == Some(c),
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits (after folding).
    Num,
    /// One other visible char.
    Punct(char),
}

/// One token of folded text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    /// Folded byte range.
    pub s: u32,
    pub e: u32,
    pub kind: Kind,
    /// Digits: value (saturating) and digit count.
    pub num: u32,
    pub nd: u8,
    /// Whitespace precedes the token.
    pub space: bool,
    /// A sentence or line boundary precedes the token: expressions never cross it.
    pub brk: bool,
    /// Bytes of a stripped clitic prefix (`و`, `ف`, `ب`, `ل`, `ك`, `وب` ...) at the start.
    pub clitic: u8,
    /// What the lexicon knows of the word (or of its stem after the clitic).
    pub lex: Lex,
}

impl Tok {
    pub(super) fn is_num(&self) -> bool {
        self.kind == Kind::Num
    }
    pub(super) fn punct(&self) -> Option<char> {
        match self.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }
}

fn is_gap(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}')
}

/// A letter of a word: ASCII and Arabic letters on a fast path, anything else alphabetic.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return is_arabic_letter(c);
    }
    c.is_alphabetic()
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

/// Tokenizes `f[range]` (folded text), appending to `out`. `range` must lie on char
/// boundaries.
#[allow(clippy::many_single_char_names)] // byte cursors of a scanner
pub(super) fn tokenize(
    f: &str,
    range: std::ops::Range<usize>,
    lexicon: &Lexicon,
    out: &mut Vec<Tok>,
    scratch: &mut String,
) {
    let base = range.start;
    let s = &f[range];
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut space = false;
    let mut brk = true;
    let mut prev_terminal = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let st = i;
            let mut v: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            let nd = (i - st).min(255) as u8;
            push(out, base, st, i, Kind::Num, v, nd, &mut space, &mut brk, &mut prev_terminal, Lex::default(), 0);
            continue;
        }
        let c = s[i..].chars().next().expect("i is a char boundary");
        let cl = c.len_utf8();
        if is_gap(c) {
            space = true;
            if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
                brk = true;
            }
            i += cl;
            continue;
        }
        if is_letter(c) {
            let st = i;
            let latin = c.is_ascii();
            i += cl;
            while i < bytes.len() {
                let d = s[i..].chars().next().expect("char boundary");
                if !is_letter(d) || d.is_ascii() != latin {
                    break;
                }
                i += d.len_utf8();
            }
            let (lex, clitic) = lexicon.classify(&s[st..i], scratch);
            push(out, base, st, i, Kind::Word, 0, 0, &mut space, &mut brk, &mut prev_terminal, lex, clitic);
            continue;
        }
        push(out, base, i, i + cl, Kind::Punct(c), 0, 0, &mut space, &mut brk, &mut prev_terminal, Lex::default(), 0);
        i += cl;
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Tok>,
    base: usize,
    s: usize,
    e: usize,
    kind: Kind,
    num: u32,
    nd: u8,
    space: &mut bool,
    brk: &mut bool,
    prev_terminal: &mut bool,
    lex: Lex,
    clitic: u8,
) {
    let boundary = *brk || (*prev_terminal && *space && !dotted_date(out, kind, &lex, nd));
    out.push(Tok {
        s: (base + s) as u32,
        e: (base + e) as u32,
        kind,
        num,
        nd,
        space: *space,
        brk: boundary,
        clitic,
        lex,
    });
    *prev_terminal =
        matches!(kind, Kind::Punct(c) if is_terminal(c)) && !(kind == Kind::Punct('.') && dateline_weekday(out));
    *space = false;
    *brk = false;
}

/// `16. نوفمبر. 2016`, `2. أكتوبر`: the dot of a day number before a month name, and the
/// month's dot before a year after such a day, do not end a sentence (`kind`, `lex`, `nd`: the
/// token about to be pushed after the dot).
fn dotted_date(out: &[Tok], kind: Kind, lex: &Lex, nd: u8) -> bool {
    let n = out.len();
    let dot = |k: usize| out[k].kind == Kind::Punct('.') && !out[k].space;
    let day = |k: usize| out[k].kind == Kind::Num && out[k].nd <= 2;
    match kind {
        Kind::Word if lex.month.is_some() => n >= 2 && dot(n - 1) && day(n - 2),
        Kind::Num if nd == 4 => n >= 4 && dot(n - 1) && out[n - 2].lex.month.is_some() && dot(n - 3) && day(n - 4),
        _ => false,
    }
}

/// The tokens just pushed (ending with a `.`) are a dateline's weekday at the start of a line,
/// bare or after a bullet (`• الجمعة. يوليو 26th, 2024`): that dot does not end a sentence.
fn dateline_weekday(out: &[Tok]) -> bool {
    let n = out.len();
    if n < 2 || out[n - 2].lex.weekday.is_none() || out[n - 2].kind != Kind::Word {
        return false;
    }
    out[n - 2].brk || (n >= 3 && out[n - 3].brk && matches!(out[n - 3].kind, Kind::Punct(c) if !is_terminal(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Folded::new`] as first written, one char at a time: the oracle for its byte scan.
    fn fold_by_chars(orig: &str) -> (String, Vec<(u32, u32)>) {
        let mut text = String::new();
        let mut checkpoints = vec![(0u32, 0u32)];
        for (o, c) in orig.char_indices() {
            let end = (o + c.len_utf8()) as u32;
            let out = match c {
                'A'..='Z' => Some(c.to_ascii_lowercase()),
                'ی' | 'ى' => Some('ي'),
                'ک' => Some('ك'),
                'ھ' | 'ە' => Some('ه'),
                _ if unchanged(c) => Some(c),
                _ => fold_char(c),
            };
            match out {
                Some(f) if f.len_utf8() == c.len_utf8() => text.push(f),
                Some(f) => {
                    text.push(f);
                    checkpoints.push((text.len() as u32, end));
                }
                None => checkpoints.push((text.len() as u32, end)),
            }
        }
        (text, checkpoints)
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_folds_as_the_char_scan(orig in "[a-zA-Z0-9 .\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{00C0}-\u{00FF}\u{2000}-\u{2030}\u{FB50}-\u{FB60}\u{1F600}]{0,80}") {
            let folded = Folded::new(&orig);
            let (text, checkpoints) = fold_by_chars(&orig);
            proptest::prop_assert_eq!(&folded.text, &text);
            proptest::prop_assert_eq!(&folded.checkpoints, &checkpoints);
        }
    }

    #[test]
    fn folding_maps_offsets_back() {
        let orig = "غداً في ٢٠١٤ أيّار";
        let f = Folded::new(orig);
        assert_eq!(f.text, "غدا في 2014 ايار");
        // "غدا" ends before the tanween in folded text, after it in the original.
        assert_eq!(&orig[..f.to_orig(6)], "غداً");
        let y = f.text.find("2014").expect("year");
        assert_eq!(&orig[f.to_orig(y)..f.to_orig(y + 4)], "٢٠١٤");
        let m = f.text.find("ايار").expect("month");
        assert_eq!(&orig[f.to_orig(m)..f.to_orig(m + "ايار".len())], "أيّار");
    }
}
