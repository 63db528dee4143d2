//! Values: bullet lists read as value sets, inline value lists after a label, defaults.

use super::*;

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
pub(super) fn bullet_value(t: &str, strict: bool) -> Option<(Val, String)> {
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

pub(super) fn skip_paren(r: &str) -> &str {
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
pub(super) fn item_end_ok(rest: &str) -> bool {
    let t = rest.trim_start();
    match t.chars().next() {
        None => true,
        Some(c) => matches!(c, '：' | ':' | '。' | '.' | ';' | '；' | '，' | ','),
    }
}

/// After a number, text that continues the number (`2019-01-01`, `00:00`, `1.5x`) is not a range.
pub(super) fn range_end_ok(rest: &str) -> bool {
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

pub(super) fn doc_after(rest: &str) -> String {
    let t = rest.trim_start();
    let t = t
        .strip_prefix('：')
        .or_else(|| t.strip_prefix(':'))
        .unwrap_or(t);
    t.trim().to_string()
}

pub(super) fn is_note(t: &str) -> bool {
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
pub(super) fn unlabelled_start(lines: &[Line], i: usize) -> bool {
    let prev = lines[..i].iter().rev().find(|l| !l.text.is_empty());
    match prev {
        None => true,
        Some(p) => !p.bullet && !p.code && !p.text.ends_with([':', '：']),
    }
}

pub(super) fn next_is_bullet(lines: &[Line], from: usize) -> bool {
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
pub(super) fn open_bound(rest: &str) -> Option<(Vec<(Val, String)>, usize)> {
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
