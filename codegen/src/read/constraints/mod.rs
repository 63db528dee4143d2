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

mod cx;
mod en;
mod keys;
mod lex;
mod lines;
mod prose;
mod values;
mod zh;

use crate::ir::{Constraints, Diagnostic, EnumValue, Language, Origin};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use cx::*;
use keys::*;
pub(crate) use lex::clip;
use lex::{range_list, token, token_list, value_end_ok, Cur};
use lines::*;
use prose::*;
use std::sync::LazyLock;
use values::*;

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

#[cfg(test)]
mod tests;
