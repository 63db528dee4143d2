//! Constraint inference: what a description cell says about its parameter (ranges, closed value
//! sets, lengths, list sizes, forbidden prefixes, the leading character, defaults, the N range of
//! a repeat list, JSON-array strings, deprecation). Both languages are recognised on every line,
//! whatever the page language, because mixed text exists. Phrase catalogue: FORMAT.md §8.
//!
//! How a cell is read:
//! 1. It is split into lines (page line = `first_line + k`); G1 glued bullets
//!    (`取值范围：-   PrePaid：…-   PostPaid：…`) are split into separate bullet lines; lines inside
//!    code fences are skipped.
//! 2. Each line is scanned by the Chinese (`zh`) and English (`en`) phrase scanners. A value
//!    label (`取值范围：`, `Valid values:`) with nothing after it takes the bullet list that
//!    follows as the value set; an unlabelled bullet list counts only if every item is a strict
//!    `value：meaning` pair.
//! 3. Phrases that look like constraints (a trigger word) but were not read become
//!    `constraint-unread` warnings quoting the sentence.

mod en;
mod lex;
mod zh;

use crate::ir::{Constraints, Diagnostic, EnumValue, Language, Origin};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
pub(crate) use lex::clip;
use lex::{range_list, token, token_list, value_end_ok, Cur};
use std::sync::LazyLock;

/// What a description says about its parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inferred {
    /// Value rules for the parameter (or, for lists, for each item): ranges, enum,
    /// min_len/max_len, not_prefix, pattern, plus list-level max_items/min_items, each with
    /// `origin` (rule key -> Origin{line, text}) filled.
    pub constraints: Constraints,
    /// `Default value: X` / `默认值：X` / `默认值为X` / `Default: 1`. None when the default is
    /// stated as empty (`默认值：空`).
    pub default: Option<(String, u32)>,
    /// `Valid values of N: 1 to 20` / `N的取值范围：1~20` / `n的取值范围：[1, 20]`: the index
    /// range of a repeat list.
    pub n_range: Option<([i64; 2], u32)>,
    /// The description says the value is a JSON array (`JSON array`, `JSON 数组`,
    /// `JSON格式的数组`, `格式为["i-xxx", ...]`).
    pub json_array: bool,
    /// `will be removed in the future`, `即将被弃用`, `废弃`, `deprecated`.
    pub deprecated: bool,
}

/// Reads the constraints stated in a rendered description cell.
///
/// `text`: the cell; its line k (0-based, split on '\n') sits on page line `first_line + k`.
/// `_lang`: the page language. Both languages' phrases are recognised on every line (pages mix
/// them), so it only documents the caller's expectation.
///
/// Integer-looking closed sets (`- 1`, `- 2`, `- 3`) are returned as `enum` (strings); a set
/// with at least one span (`-1` + `1~65536`) is returned as `ranges`. A bound stated alone
/// (`起始值：1`, `Maximum value: 100`) becomes a range open on the other side (`i64::MAX` /
/// `i64::MIN`).
pub fn infer(text: &str, first_line: u32, _lang: Language) -> (Inferred, Vec<Diagnostic>) {
    // One keyword pass over the whole cell; each line takes its share of the matches.
    let found: Vec<(usize, usize)> = KEYS.find_iter(text).map(|m| (m.start(), m.end())).collect();
    if found.is_empty() {
        return (Inferred::default(), Vec::new());
    }
    let mut hits = Vec::new();
    let lines = split_lines(text, first_line);
    let mut cx = Cx::default();
    let mut consumed = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if consumed[i] || l.code || l.text.is_empty() {
            i += 1;
            continue;
        }
        if l.bullet && !l.nested && unlabelled_start(&lines, i) {
            if let Some(BlockRead::Values(vals, idx)) = read_block(&lines, i, true) {
                cx.apply_block(vals, l.line, l.text);
                for k in idx {
                    consumed[k] = true;
                }
                continue;
            }
        }
        hits.clear();
        let bits = line_keys(text, &found, l.text, &mut hits);
        if bits == 0 {
            i += 1;
            continue;
        }
        let mut s = Scan {
            lines: &lines,
            i,
            consumed: &mut consumed,
            spans: Vec::new(),
            keys: bits,
        };
        zh::scan(&mut cx, &mut s);
        en::scan(&mut cx, &mut s);
        let spans = std::mem::take(&mut s.spans);
        cx.warn_unread(l, &spans, &hits);
        i += 1;
    }
    cx.finish()
}

/// The closed value set a response field's description states (`The status. Valid values:`
/// and a bullet list, `取值范围：`), read by the same scanners as [`infer`]. Ranges, lengths and
/// defaults are a request's business and are dropped, and so are the unread-phrase warnings:
/// a response description that says something else is not a defect of the page.
pub fn value_set(text: &str, first_line: u32) -> Vec<EnumValue> {
    infer(text, first_line, Language::En)
        .0
        .constraints
        .enum_values
}

/// Keyword bits: one literal-set pass per line decides which phrase scanners run.
pub(super) mod k {
    pub const LABEL_ZH: u32 = 1;
    pub const DEFAULT_ZH: u32 = 1 << 1;
    pub const LEN_ZH: u32 = 1 << 2;
    pub const MOST_ZH: u32 = 1 << 3;
    pub const BOUND_ZH: u32 = 1 << 4;
    pub const START_ZH: u32 = 1 << 5;
    pub const DEPR_ZH: u32 = 1 << 6;
    pub const EXCEED_ZH: u32 = 1 << 7;
    pub const JSON: u32 = 1 << 8;
    pub const LABEL_EN: u32 = 1 << 9;
    pub const DEFAULT_EN: u32 = 1 << 10;
    pub const LEN_EN: u32 = 1 << 11;
    pub const MOST_EN: u32 = 1 << 12;
    pub const BOUND_EN: u32 = 1 << 13;
    pub const START_EN: u32 = 1 << 14;
    pub const SET_EN: u32 = 1 << 15;
    pub const DEPR_EN: u32 = 1 << 16;
    pub const N_EN: u32 = 1 << 17;
}

/// Keyword literals, matched leftmost-first as a regex alternation would be.
const KEY_WORDS: &[&str] = &[
    "最大取值",
    "最小取值",
    "取值范围",
    "取值",
    "可能值",
    "可选值",
    "有效值",
    "可能的值",
    "返回值",
    "枚举值",
    "默认",
    "长度",
    "字符",
    "字节",
    "最多",
    "最大值",
    "最小值",
    "起始值",
    "开头",
    "弃用",
    "废弃",
    "不超过",
    "超过",
    "json",
    "JSON",
    "Json",
    "格式为",
    "alid value",
    "ptional value",
    "ossible value",
    "llowed value",
    "cceptable value",
    "alue range",
    "alid range",
    "ange of value",
    "cope of value",
    "alue scope",
    "alues:",
    "alues (",
    "ptions:",
    "alid option",
    "efault",
    "haracter",
    "byte",
    "length",
    "exceed",
    "up to",
    "Up to",
    "aximum",
    "at most",
    "no more",
    "imum value",
    "imum Value",
    "start with",
    "begin with",
    "Start with",
    "Begin with",
    "Set the value",
    "eprecat",
    "removed in",
    "discontinu",
    " n ",
    " N ",
    "`n`",
    "`N`",
    " N:",
    " n:",
];

/// A plain multi-literal searcher: the same matches as a regex alternation of [`KEY_WORDS`]
/// without the regex engine's confirmation pass.
static KEYS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(AhoCorasickKind::DFA))
        .build(KEY_WORDS)
        .expect("static keyword set")
});

/// Keyword bits of `line` (a slice of `cell`) from the cell's keyword matches `found`.
///
/// A leftmost-first search over the cell reports, inside the line, exactly the matches a search
/// over the line alone would, unless a reported match crosses one of the line's ends (a keyword
/// with a leading or trailing space, cut by the trim); then the line is searched on its own.
fn line_keys(
    cell: &str,
    found: &[(usize, usize)],
    line: &str,
    hits: &mut Vec<(usize, usize)>,
) -> u32 {
    let off = (line.as_ptr() as usize).wrapping_sub(cell.as_ptr() as usize);
    let end = off + line.len();
    if cell.get(off..end) != Some(line) {
        return keys(line, hits);
    }
    let first = found.partition_point(|m| m.1 <= off);
    let mine = &found[first..];
    let mine = &mine[..mine.partition_point(|m| m.0 < end)];
    if mine.iter().any(|m| m.0 < off || m.1 > end) {
        return keys(line, hits);
    }
    mine.iter().fold(0, |bits, m| {
        bits | key_bits(line, m.0 - off, m.1 - off, hits)
    })
}

/// Keyword bits of `text`; pushes the spans of trigger words (constraint-like phrases that
/// must be read or reported) to `hits`.
fn keys(text: &str, hits: &mut Vec<(usize, usize)>) -> u32 {
    KEYS.find_iter(text)
        .fold(0, |bits, m| bits | key_bits(text, m.start(), m.end(), hits))
}

/// Bits of the keyword at `a..b` of `text`; pushes its span to `hits` when it is a trigger.
fn key_bits(text: &str, a: usize, b: usize, hits: &mut Vec<(usize, usize)>) -> u32 {
    let after = text.get(b..).unwrap_or("");
    let before = text.get(..a).unwrap_or("");
    let digit_soon = |n: usize| {
        after
            .bytes()
            .take(n)
            .any(|c| c.is_ascii_digit() || c == b'[')
    };
    let colon_next = after.starts_with(['：', ':', '为']);
    let (bit, trigger) = match &text[a..b] {
        "最大取值" | "最小取值" => (k::BOUND_ZH | k::LABEL_ZH, colon_next),
        "取值范围" | "可能值" | "可选值" => (k::LABEL_ZH, true),
        "取值" => (k::LABEL_ZH, after.starts_with(['：', ':'])),
        "有效值" | "可能的值" | "返回值" | "枚举值" => (k::LABEL_ZH, false),
        "默认" => (k::DEFAULT_ZH, false),
        "长度" => (k::LEN_ZH, digit_soon(8)),
        "字符" | "字节" => (
            k::LEN_ZH,
            before.ends_with('个') && before.bytes().rev().take(12).any(|c| c.is_ascii_digit()),
        ),
        "最多" => (if digit_soon(12) { k::MOST_ZH } else { 0 }, digit_soon(12)),
        "最大值" | "最小值" | "起始值" => (k::BOUND_ZH, colon_next),
        "开头" => (k::START_ZH, true),
        "弃用" | "废弃" => (k::DEPR_ZH, false),
        "不超过" | "超过" => (k::EXCEED_ZH, false),
        "json" | "JSON" | "Json" | "格式为" => (k::JSON, false),
        "alid value" | "ptional value" | "ossible value" | "alue range" => (k::LABEL_EN, true),
        "llowed value" | "cceptable value" | "alid range" | "ange of value" | "cope of value"
        | "alue scope" | "alues:" | "alues (" | "ptions:" | "alid option" => (k::LABEL_EN, false),
        "efault" => (k::DEFAULT_EN, false),
        "haracter" => (
            k::LEN_EN,
            before.bytes().rev().take(24).any(|c| c.is_ascii_digit()),
        ),
        "byte" => (k::LEN_EN, false),
        "length" => (
            if after.starts_with(" c") || after.starts_with(" m") || after.starts_with(" s") {
                k::LEN_EN
            } else {
                0
            },
            false,
        ),
        "exceed" => (0, digit_soon(4)),
        "aximum" => {
            // `Maximum value:`, `Maximum Value: 50`, `maximum value is`.
            let starts = |w: &str| {
                after
                    .get(..w.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(w))
            };
            let bound = starts(" value:") || starts(" value is");
            let most = after.starts_with(" of");
            (
                if bound { k::BOUND_EN } else { 0 } | if most { k::MOST_EN } else { 0 },
                bound,
            )
        }
        "up to" | "Up to" => (if digit_soon(2) { k::MOST_EN } else { 0 }, false),
        "at most" | "no more" => (k::MOST_EN, false),
        "imum value" | "imum Value" => (
            k::BOUND_EN,
            after.starts_with(':') || after.starts_with(" is"),
        ),
        "start with" | "begin with" | "Start with" | "Begin with" => (k::START_EN, true),
        "Set the value" => (k::SET_EN | k::LABEL_EN, false),
        "eprecat" | "removed in" | "discontinu" => (k::DEPR_EN, false),
        _ => (k::N_EN, before.ends_with(" of") || before.ends_with(" of ")),
    };
    if trigger {
        hits.push((a, b));
    }
    bit
}

/// One logical line of a cell.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// Content, trimmed, bullet marker removed.
    pub text: &'a str,
    pub line: u32,
    pub bullet: bool,
    /// A bullet indented under another one.
    pub nested: bool,
    /// Inside (or a fence of) a fenced code block.
    pub code: bool,
}

fn split_lines(text: &str, first_line: u32) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (k, raw) in text.split('\n').enumerate() {
        let line = first_line.saturating_add(k as u32);
        let t = raw.trim();
        if t.starts_with("```") {
            in_code = !in_code;
            out.push(Line {
                text: t,
                line,
                bullet: false,
                nested: false,
                code: true,
            });
            continue;
        }
        if in_code {
            out.push(Line {
                text: t,
                line,
                bullet: false,
                nested: false,
                code: true,
            });
            continue;
        }
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
        let (mut bullet, mut body) = match strip_marker(t) {
            Some(b) => (true, b),
            None => (false, t),
        };
        let mut nested = bullet && indent >= 3;
        // G1 glue: `取值范围：-   PrePaid：…-   PostPaid：…`.
        while let Some(p) = find_glued_marker(body) {
            out.push(Line {
                text: body[..p].trim(),
                line,
                bullet,
                nested,
                code: false,
            });
            body = strip_marker(&body[p..]).unwrap_or("");
            bullet = true;
            nested = false;
        }
        out.push(Line {
            text: body.trim(),
            line,
            bullet,
            nested,
            code: false,
        });
    }
    out
}

/// `-   x` / `* x` / `• x` -> `x`.
fn strip_marker(t: &str) -> Option<&str> {
    let mut ch = t.chars();
    let m = ch.next()?;
    if !matches!(m, '-' | '*' | '•') {
        return None;
    }
    let rest = ch.as_str();
    if rest.starts_with(char::is_whitespace) {
        Some(rest.trim_start())
    } else {
        None
    }
}

/// Byte offset (> 0) of a bullet marker glued into a line: `-` followed by at least two spaces
/// and then text.
fn find_glued_marker(body: &str) -> Option<usize> {
    memchr::memmem::find_iter(body.as_bytes(), "-  ")
        .find(|&p| p > 0 && !body[p + 1..].trim_start().is_empty())
}

/// State of one line's scan: the scanners record which byte spans they understood.
pub(super) struct Scan<'a, 'b> {
    pub lines: &'a [Line<'a>],
    pub i: usize,
    pub consumed: &'b mut [bool],
    pub spans: Vec<(usize, usize)>,
    /// Keyword bits of the line (`k::*`).
    pub keys: u32,
}

impl<'a> Scan<'a, '_> {
    pub fn line(&self) -> &Line<'a> {
        &self.lines[self.i]
    }
    pub fn text(&self) -> &'a str {
        self.lines[self.i].text
    }
    pub fn has(&self, bits: u32) -> bool {
        self.keys & bits != 0
    }
    pub fn covered(&self, pos: usize) -> bool {
        self.spans.iter().any(|&(a, b)| a <= pos && pos < b)
    }
    pub fn cover(&mut self, a: usize, b: usize) {
        self.spans.push((a, b.max(a + 1)));
    }
}

/// A value read from one bullet (or one inline item).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    /// A number or a span; `text` is how the number was written.
    Num {
        lo: i64,
        hi: i64,
        frac: bool,
        text: String,
    },
    Word(String),
}

pub(super) enum BlockRead {
    /// The values, with the line indices the block used.
    Values(Vec<(Val, String)>, Vec<usize>),
    /// A top-level bullet that is not a value (its text).
    NotValues(usize),
}

/// Reads `- value：meaning` / `- value: meaning` / `- value` (strict: meaning required).
fn bullet_value(t: &str, strict: bool) -> Option<(Val, String)> {
    let mut c = Cur::new(t);
    if let Some(rl) = range_list(&mut c) {
        let rest = c.rest();
        if rl.items.len() == 1 && range_end_ok(rest) && item_end_ok(rest) {
            let [lo, hi] = rl.items[0];
            let text = t[..c.pos].trim().to_string();
            if lo <= hi {
                let doc = doc_after(rest);
                if !strict || !doc.is_empty() {
                    return Some((
                        Val::Num {
                            lo,
                            hi,
                            frac: rl.frac,
                            text,
                        },
                        doc,
                    ));
                }
            }
        }
    }
    let mut c = Cur::new(t);
    let tok = token(&mut c)?;
    c.ws();
    // `PL0 (default): …`, `true（默认）：…`
    let r = c.rest();
    let r = skip_paren(r);
    if !item_end_ok(r) {
        return None;
    }
    let doc = doc_after(r);
    if strict && (doc.is_empty() || tok.contains(['/', '*'])) {
        return None;
    }
    Some((Val::Word(tok), doc))
}

fn skip_paren(r: &str) -> &str {
    let t = r.trim_start();
    for (o, cl) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = t.strip_prefix(o) {
            if let Some(p) = inner.find(cl) {
                if p <= 60 {
                    return &inner[p + cl.len_utf8()..];
                }
            }
        }
    }
    r
}

/// What may follow the value of a bullet: nothing, `：`/`:` + meaning, or end punctuation.
fn item_end_ok(rest: &str) -> bool {
    let t = rest.trim_start();
    match t.chars().next() {
        None => true,
        Some(c) => matches!(c, '：' | ':' | '。' | '.' | ';' | '；' | '，' | ','),
    }
}

/// After a number, text that continues the number (`2019-01-01`, `00:00`, `1.5x`) is not a range.
fn range_end_ok(rest: &str) -> bool {
    let mut ch = rest.chars();
    match ch.next() {
        None => true,
        Some(c) if c.is_ascii_digit() || matches!(c, ':' | '-' | '_' | '/' | '*') => false,
        // `50.Default value: 10.` is a glued sentence; `1.5`, `1.x` are not ranges.
        Some('.') => !ch
            .next()
            .is_some_and(|d| d.is_ascii_digit() || d.is_ascii_lowercase()),
        // `[1, 100]Default value: 10.`: a glued next sentence.
        Some(c)
            if c.is_ascii_uppercase()
                && ch.clone().next().is_some_and(|d| d.is_ascii_lowercase()) =>
        {
            true
        }
        Some(c) if c.is_ascii_alphabetic() => {
            // `5GB`, `100Mbit/s` are units; `1st`, `2x` are not numbers we understand.
            let w: String = std::iter::once(c)
                .chain(ch.take_while(|d| d.is_ascii_alphabetic()))
                .collect();
            matches!(
                w.to_ascii_lowercase().as_str(),
                "gb" | "gib" | "mb" | "mib" | "tb" | "tib" | "kb" | "mbit" | "mbps" | "kbps"
            )
        }
        Some(_) => true,
    }
}

fn doc_after(rest: &str) -> String {
    let t = rest.trim_start();
    let t = t
        .strip_prefix('：')
        .or_else(|| t.strip_prefix(':'))
        .unwrap_or(t);
    t.trim().to_string()
}

fn is_note(t: &str) -> bool {
    [
        "说明", "注意", "Note", "NOTE", "Notice", "警告", "Warning", "提示",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Reads the bullet list starting at or after line `start` as a value list.
pub(super) fn read_block(lines: &[Line], start: usize, strict: bool) -> Option<BlockRead> {
    let mut vals = Vec::new();
    let mut idx = Vec::new();
    let mut j = start;
    while j < lines.len() {
        let l = &lines[j];
        if l.code || l.text.is_empty() {
            if l.code && vals.is_empty() {
                return None;
            }
            j += 1;
            continue;
        }
        if l.bullet && !l.nested {
            match bullet_value(l.text, strict) {
                Some(v) => {
                    vals.push(v);
                    idx.push(j);
                }
                None => return Some(BlockRead::NotValues(j)),
            }
            j += 1;
            continue;
        }
        if l.bullet {
            if vals.is_empty() {
                return Some(BlockRead::NotValues(j));
            }
            idx.push(j);
            j += 1;
            continue;
        }
        // A note paragraph between two value bullets does not end the list.
        if !vals.is_empty() && is_note(l.text) {
            let next = lines[j + 1..]
                .iter()
                .find(|n| !n.text.is_empty() && !n.code);
            if next.is_some_and(|n| n.bullet && !n.nested) {
                j += 1;
                continue;
            }
        }
        break;
    }
    if vals.is_empty() || (strict && vals.len() < 2) {
        return None;
    }
    Some(BlockRead::Values(vals, idx))
}

/// An unlabelled bullet list may be a value list only if the text before it does not introduce
/// something else (`请留意以下注意事项：`).
fn unlabelled_start(lines: &[Line], i: usize) -> bool {
    let prev = lines[..i].iter().rev().find(|l| !l.text.is_empty());
    match prev {
        None => true,
        Some(p) => !p.bullet && !p.code && !p.text.ends_with([':', '：']),
    }
}

/// The rules read so far.
#[derive(Default)]
pub(super) struct Cx {
    inf: Inferred,
    diags: Vec<Diagnostic>,
    min_v: Option<(i64, u32, String)>,
    max_v: Option<(i64, u32, String)>,
}

fn origin(line: u32, text: &str) -> Origin {
    Origin {
        line,
        text: clip(text, 160),
    }
}

impl Cx {
    fn set_origin(&mut self, key: &str, line: u32, text: &str) {
        self.inf
            .constraints
            .origin
            .entry(key.to_string())
            .or_insert_with(|| origin(line, text));
    }

    pub fn warn(&mut self, line: u32, what: &str, phrase: &str) {
        let msg = format!("{what}: \"{}\"", clip(phrase, 120));
        if !self
            .diags
            .iter()
            .any(|d| d.line == line && d.message == msg)
        {
            self.diags
                .push(Diagnostic::warning(line, "constraint-unread", msg));
        }
    }

    pub fn add_ranges(&mut self, items: &[[i64; 2]], line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        for r in items {
            if r[0] <= r[1] && !c.ranges.contains(r) {
                c.ranges.push(*r);
            }
        }
        self.set_origin("ranges", line, phrase);
    }

    pub fn add_enum(&mut self, vals: Vec<(String, String)>, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        for (value, doc) in vals {
            if !c.enum_values.iter().any(|e| e.value == value) {
                c.enum_values.push(EnumValue { value, doc });
            }
        }
        self.set_origin("enum", line, phrase);
    }

    /// A length statement; several statements widen to their hull.
    pub fn set_len(&mut self, min: Option<u32>, max: Option<u32>, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        if let Some(m) = min {
            c.min_len = Some(c.min_len.map_or(m, |o| o.min(m)));
            self.set_origin("min_len", line, phrase);
        }
        let c = &mut self.inf.constraints;
        if let Some(m) = max {
            c.max_len = Some(c.max_len.map_or(m, |o| o.max(m)));
            self.set_origin("max_len", line, phrase);
        }
    }

    pub fn set_max_items(&mut self, n: u32, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        c.max_items = Some(c.max_items.map_or(n, |o| o.max(n)));
        self.set_origin("max_items", line, phrase);
    }

    pub fn add_not_prefix(&mut self, items: Vec<String>, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        for p in items {
            if !c.not_prefix.contains(&p) {
                c.not_prefix.push(p);
            }
        }
        self.set_origin("not_prefix", line, phrase);
    }

    pub fn set_pattern(&mut self, pattern: String, line: u32, phrase: &str) {
        if self.inf.constraints.pattern.is_none() {
            self.inf.constraints.pattern = Some(pattern);
            self.set_origin("pattern", line, phrase);
        }
    }

    pub fn set_default(&mut self, value: Option<String>, line: u32) {
        // The first statement wins; a stated-empty default also counts as a statement.
        if self.inf.default.is_none() {
            self.inf.default = value.map(|v| (v, line));
        }
    }

    pub fn set_n_range(&mut self, items: &[[i64; 2]], line: u32) {
        let lo = items.iter().map(|r| r[0]).min();
        let hi = items.iter().map(|r| r[1]).max();
        if let (Some(lo), Some(hi), None) = (lo, hi, self.inf.n_range) {
            if lo <= hi {
                self.inf.n_range = Some(([lo, hi], line));
            }
        }
    }

    pub fn set_bound(&mut self, max: bool, v: i64, line: u32, phrase: &str) {
        let slot = if max {
            &mut self.max_v
        } else {
            &mut self.min_v
        };
        if slot.is_none() {
            *slot = Some((v, line, phrase.to_string()));
        }
    }

    pub fn set_json(&mut self) {
        self.inf.json_array = true;
    }

    pub fn set_deprecated(&mut self) {
        self.inf.deprecated = true;
    }

    /// Applies a value list (bullets or inline items).
    pub fn apply_block(&mut self, vals: Vec<(Val, String)>, line: u32, phrase: &str) {
        self.apply_values(vals, line, phrase, false);
    }

    /// `n_range`: the list is the N range of a repeat list.
    pub fn apply_values(&mut self, vals: Vec<(Val, String)>, line: u32, phrase: &str, n: bool) {
        let all_num = vals.iter().all(|(v, _)| matches!(v, Val::Num { .. }));
        let any_span = vals
            .iter()
            .any(|(v, _)| matches!(v, Val::Num { lo, hi, .. } if lo != hi));
        let any_frac = vals
            .iter()
            .any(|(v, _)| matches!(v, Val::Num { frac: true, .. }));
        let nums: Vec<[i64; 2]> = vals
            .iter()
            .filter_map(|(v, _)| match v {
                Val::Num { lo, hi, .. } => Some([*lo, *hi]),
                Val::Word(_) => None,
            })
            .collect();
        if n {
            if all_num && !any_frac {
                self.set_n_range(&nums, line);
            } else {
                self.warn(line, "N range not understood", phrase);
            }
            return;
        }
        if any_span {
            if all_num && !any_frac {
                self.add_ranges(&nums, line, phrase);
            } else {
                self.warn(line, "value set mixes words and ranges", phrase);
            }
            return;
        }
        let vals = vals
            .into_iter()
            .map(|(v, doc)| match v {
                Val::Num { text, .. } => (text, doc),
                Val::Word(w) => (w, doc),
            })
            .collect();
        self.add_enum(vals, line, phrase);
    }

    /// After a value label (`取值范围：`, `Valid values:`): read the inline values or the bullet
    /// list that follows. `label` is the byte span of the label in the current line.
    pub fn value_label(&mut self, s: &mut Scan, label: (usize, usize), n: bool) {
        let text = s.text();
        let line = s.line().line;
        let rest = text.get(label.1..).unwrap_or("");
        let phrase_start = label.0;
        let t = rest.trim_start_matches(|c: char| c.is_whitespace());
        if t.is_empty() || t == "." || t == "。" {
            s.cover(label.0, text.len());
            let phrase = &text[phrase_start..];
            match read_block(s.lines, s.i + 1, false) {
                Some(BlockRead::Values(vals, idx)) => {
                    for k in idx {
                        s.consumed[k] = true;
                    }
                    self.apply_values(vals, line, phrase, n);
                }
                Some(BlockRead::NotValues(j)) => {
                    let l = s.lines[j];
                    self.warn(l.line, "value list item not understood", l.text);
                }
                None => {
                    // `取值范围：` then a prose paragraph: try it as inline values.
                    let next = s.lines[s.i + 1..].iter().position(|l| !l.text.is_empty());
                    if let Some(off) = next {
                        let j = s.i + 1 + off;
                        let l = s.lines[j];
                        if !l.code && !l.bullet {
                            if let Some((vals, _)) = inline_values(l.text) {
                                s.consumed[j] = true;
                                self.apply_values(vals, l.line, l.text, n);
                                return;
                            }
                        }
                    }
                    self.warn(line, "value label without values", phrase);
                }
            }
            return;
        }
        match inline_values(rest) {
            Some((vals, used)) => {
                let end = label.1 + used;
                s.cover(label.0, end);
                let phrase = text.get(phrase_start..end).unwrap_or(text);
                self.apply_values(vals, line, phrase, n);
                // Bullets explaining the values (`取值范围：0~6` + `- 0：…`) belong to it.
                if let Some(BlockRead::Values(_, idx)) = read_block(s.lines, s.i + 1, false) {
                    if next_is_bullet(s.lines, s.i + 1) {
                        for k in idx {
                            s.consumed[k] = true;
                        }
                    }
                }
            }
            None => {
                s.cover(label.0, label.1);
                let end = sentence_end(text, label.1);
                self.warn(line, "values not understood", &text[phrase_start..end]);
            }
        }
    }

    /// Sentences of the line with a trigger word that no scanner understood.
    fn warn_unread(&mut self, l: &Line, spans: &[(usize, usize)], hits: &[(usize, usize)]) {
        let text = l.text;
        let mut last_end = 0;
        for &(a, _b) in hits {
            if a < last_end || spans.iter().any(|&(x, y)| x <= a && a < y) {
                continue;
            }
            let (s0, s1) = (sentence_start(text, a), sentence_end(text, a));
            if spans.iter().any(|&(x, _)| s0 <= x && x < s1) && s1 - s0 > 200 {
                continue;
            }
            last_end = s1;
            self.warn(l.line, "constraint phrase not understood", &text[s0..s1]);
        }
    }

    fn finish(mut self) -> (Inferred, Vec<Diagnostic>) {
        // A bound stated beside a range (`大于等于2，最大值：100`) narrows it.
        if !self.inf.constraints.ranges.is_empty() && (self.min_v.is_some() || self.max_v.is_some())
        {
            let lo = self.min_v.as_ref().map_or(i64::MIN, |m| m.0);
            let hi = self.max_v.as_ref().map_or(i64::MAX, |m| m.0);
            let narrowed: Vec<[i64; 2]> = self
                .inf
                .constraints
                .ranges
                .iter()
                .map(|r| [r[0].max(lo), r[1].min(hi)])
                .filter(|r| r[0] <= r[1])
                .collect();
            let bound = self
                .min_v
                .as_ref()
                .or(self.max_v.as_ref())
                .map(|b| (b.1, b.2.clone()));
            match bound {
                Some((line, phrase)) if narrowed.is_empty() => {
                    self.warn(line, "bound outside the stated range", &phrase)
                }
                _ => self.inf.constraints.ranges = narrowed,
            }
        }
        if self.inf.constraints.ranges.is_empty() && (self.min_v.is_some() || self.max_v.is_some())
        {
            let lo = self.min_v.as_ref().map_or(i64::MIN, |m| m.0);
            let hi = self.max_v.as_ref().map_or(i64::MAX, |m| m.0);
            let (line, phrase) = match (&self.min_v, &self.max_v) {
                (Some(a), Some(b)) => (a.1, format!("{} {}", a.2, b.2)),
                (Some(a), None) => (a.1, a.2.clone()),
                (None, Some(b)) => (b.1, b.2.clone()),
                (None, None) => (0, String::new()),
            };
            if lo <= hi {
                self.add_ranges(&[[lo, hi]], line, &phrase);
            }
        }
        (self.inf, self.diags)
    }
}

fn next_is_bullet(lines: &[Line], from: usize) -> bool {
    lines
        .get(from..)
        .and_then(|r| r.iter().find(|l| !l.text.is_empty()))
        .is_some_and(|l| l.bullet && !l.nested)
}

/// Inline values after a label: a range union (`1~7`, `[1, 9] | 12 | 24`, `-1 or 1 to 5`) or a
/// token list (`week | month | year`, `true、false`, `CreateAutoSnapshotPolicy`).
/// Returns the values and the bytes used.
pub(super) fn inline_values(rest: &str) -> Option<(Vec<(Val, String)>, usize)> {
    if let Some(v) = open_bound(rest) {
        return Some(v);
    }
    let mut c = Cur::new(rest);
    c.ws();
    let start = c.pos;
    if let Some(rl) = range_list(&mut c) {
        if range_end_ok(c.rest()) && rl.items.iter().all(|r| r[0] <= r[1]) {
            let text = rest[start..c.pos].trim();
            let single = rl.items.len() == 1 && !rl.has_span();
            let vals = rl
                .items
                .iter()
                .map(|r| {
                    let t = if single {
                        text.to_string()
                    } else {
                        r[0].to_string()
                    };
                    (
                        Val::Num {
                            lo: r[0],
                            hi: r[1],
                            frac: rl.frac,
                            text: t,
                        },
                        String::new(),
                    )
                })
                .collect();
            return Some((vals, c.pos));
        }
    }
    let mut c = Cur::new(rest);
    c.ws();
    let toks = token_list(&mut c)?;
    let after = c.rest();
    if !value_end_ok(after) || after.trim_start().starts_with('时') {
        return None;
    }
    Some((
        toks.into_iter()
            .map(|t| (Val::Word(t), String::new()))
            .collect(),
        c.pos,
    ))
}

/// `大于等于2`, `greater than or equal to 2`, `小于100`, `less than 100`, and the words
/// `正整数` / `positive integer(s)` / `non-negative integer(s)`: a half-open range.
fn open_bound(rest: &str) -> Option<(Vec<(Val, String)>, usize)> {
    let mut c = Cur::new(rest);
    c.ws();
    let forms: [(&str, bool, i64); 8] = [
        ("大于等于", true, 0),
        ("大于", true, 1),
        ("小于等于", false, 0),
        ("小于", false, -1),
        ("greater than or equal to", true, 0),
        ("greater than", true, 1),
        ("less than or equal to", false, 0),
        ("less than", false, -1),
    ];
    // `正整数` / `positive integer`: the bound is in the word.
    let words: [(&str, i64); 6] = [
        ("正整数", 1),
        ("非负整数", 0),
        ("positive integers", 1),
        ("positive integer", 1),
        ("non-negative integers", 0),
        ("non-negative integer", 0),
    ];
    let (lo, hi) = if let Some(&(_, lo)) = words.iter().find(|w| c.lit(w.0)) {
        // The word must be the whole value: only the sentence's end or a glued `默认值` /
        // `Default value` may follow. `正整数，最大值：100`, `正整数或-1`, `正整数倍` (a
        // multiple) say more than the word, and are reported instead.
        let after = c
            .rest()
            .trim_start_matches(|ch: char| ch.is_whitespace() || "，,。.；;".contains(ch));
        let next_label = after.starts_with("默认")
            || after
                .get(..7)
                .is_some_and(|w| w.eq_ignore_ascii_case("default"));
        if !(after.is_empty() || next_label) {
            return None;
        }
        (lo, i64::MAX)
    } else {
        let (lower, adj) = forms.iter().find(|f| c.lit(f.0)).map(|f| (f.1, f.2))?;
        c.ws();
        let n = lex::num(&mut c)?;
        if n.frac || !range_end_ok(c.rest()) {
            return None;
        }
        let v = n.v.saturating_add(adj);
        if lower {
            (v, i64::MAX)
        } else {
            (i64::MIN, v)
        }
    };
    let text = rest[..c.pos].trim().to_string();
    Some((
        vec![(
            Val::Num {
                lo,
                hi,
                frac: false,
                text,
            },
            String::new(),
        )],
        c.pos,
    ))
}

/// Parses a default value; `Ok(None)` when stated as empty, `Err(())` when not a literal.
/// Returns the bytes used too.
pub(super) fn default_value(rest: &str) -> Result<(Option<String>, usize), ()> {
    let lead = rest.len() - rest.trim_start().len();
    let t = &rest[lead..];
    for e in ["空字符串", "空", "无", "null", "empty", "\"\"", "不设置"] {
        if let Some(after) = t.get(..e.len()).filter(|h| h.eq_ignore_ascii_case(e)) {
            let _ = after;
            let next = t[e.len()..].chars().next();
            if !next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                return Ok((None, lead + e.len()));
            }
        }
    }
    let mut c = Cur::new(t);
    let tok = token(&mut c).ok_or(())?;
    if !value_end_ok(c.rest()) {
        return Err(());
    }
    Ok((Some(tok), lead + c.pos))
}

/// Byte offset where the sentence containing `pos` ends (exclusive).
pub(super) fn sentence_end(text: &str, pos: usize) -> usize {
    let mut it = text.get(pos..).unwrap_or("").char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let end = match c {
            '。' | '；' | ';' | '！' => true,
            '.' => it.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if end {
            return pos + i + c.len_utf8();
        }
    }
    text.len()
}

/// Byte offset where the sentence containing `pos` starts.
pub(super) fn sentence_start(text: &str, pos: usize) -> usize {
    let head = text.get(..pos).unwrap_or("");
    let mut start = 0;
    for (i, c) in head.char_indices() {
        let end = match c {
            '。' | '；' | ';' | '！' => true,
            '.' => head[i + 1..].starts_with(char::is_whitespace),
            _ => false,
        };
        if end {
            start = i + c.len_utf8();
        }
    }
    start + (text[start..].len() - text[start..].trim_start().len())
}

/// Character-class pieces named by a "must start with" phrase, as a full-match pattern.
pub(super) fn leading_class(words: &[&str]) -> Option<String> {
    let (mut upper, mut lower, mut digit, mut han, mut under) = (false, false, false, false, false);
    for w in words {
        let w = w.trim().to_ascii_lowercase();
        let w = w.as_str();
        if w.is_empty() {
            continue;
        }
        let mut known = false;
        if w.contains("中文") || w.contains("汉字") || w.contains("chinese") {
            han = true;
            known = true;
        }
        if w.contains("大写") || w.contains("uppercase") || w.contains("upper-case") {
            upper = true;
            known = true;
        }
        if w.contains("小写") || w.contains("lowercase") || w.contains("lower-case") {
            lower = true;
            known = true;
        }
        if w.contains("大小") {
            upper = true;
            lower = true;
            known = true;
        }
        let letter = w.contains("字母")
            || w.contains("letter")
            || w.contains("english")
            || w.contains("英文");
        if letter && !known {
            upper = true;
            lower = true;
            known = true;
        } else if letter {
            known = true;
        }
        if w.contains("数字") || w.contains("digit") || w.contains("number") {
            digit = true;
            known = true;
        }
        if w.contains("下划线") || w.contains("underscore") {
            under = true;
            known = true;
        }
        if !known {
            return None;
        }
    }
    if !(upper || lower || digit || han || under) {
        return None;
    }
    let mut class = String::new();
    if upper {
        class.push_str("A-Z");
    }
    if lower {
        class.push_str("a-z");
    }
    if digit {
        class.push_str("0-9");
    }
    if under {
        class.push('_');
    }
    if han {
        class.push_str("\\p{Han}");
    }
    Some(format!("^[{class}][\\s\\S]*$"))
}

/// `a forward slash`, `a hyphen (-)`, `a period (.)` -> the character.
fn named_char(item: &str) -> Option<&'static str> {
    let w = item.to_ascii_lowercase();
    let w = w
        .trim_start_matches("a ")
        .trim_start_matches("an ")
        .trim_start_matches("the ");
    let w = w.split(" (").next().unwrap_or(w).trim();
    Some(match w {
        "forward slash" | "slash" | "正斜线" | "斜线" => "/",
        "backslash" | "反斜线" => "\\",
        "hyphen" | "连字符" | "短划线" | "短横线" => "-",
        "period" | "dot" | "点号" | "句号" => ".",
        "underscore" | "下划线" => "_",
        _ => return None,
    })
}

/// Splits a list of prefixes (`aliyun、acs:、http://或者https://`, `"aliyun", "acs:", or
/// "https://"`) into items; `None` if an item is not a literal prefix.
pub(super) fn prefix_items(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.trim().is_empty() {
        let t = rest.trim_start();
        // Find the next separator.
        let seps = [
            ",", "，", "、", "或者", "或", "以及", "和", "及", " or ", " and ", " nor ",
        ];
        let mut cut = t.len();
        let mut skip = 0;
        for sp in seps {
            if let Some(p) = t.find(sp) {
                if p < cut {
                    cut = p;
                    skip = sp.len();
                }
            }
        }
        let item = t[..cut]
            .trim()
            .trim_matches(|c: char| matches!(c, '`' | '"' | '“' | '”' | '\'' | '‘' | '’'))
            .trim();
        let item = item
            .strip_prefix("or ")
            .or_else(|| item.strip_prefix("and "))
            .unwrap_or(item)
            .trim_matches(|c: char| matches!(c, '`' | '"' | '“' | '”' | '\'' | '‘' | '’'));
        if !item.is_empty() {
            let item = named_char(item).unwrap_or(item);
            if !item.chars().all(|c| c.is_ascii_graphic()) {
                return None;
            }
            out.push(item.to_string());
        }
        rest = &t[(cut + skip).min(t.len())..];
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

#[cfg(test)]
mod tests;
