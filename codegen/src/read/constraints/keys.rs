//! Keyword pass: which phrase scanners a line needs, and which words are triggers that must be
//! read or reported.

use super::*;

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
pub(super) const KEY_WORDS: &[&str] = &[
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
pub(super) static KEYS: LazyLock<AhoCorasick> = LazyLock::new(|| {
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
pub(super) fn line_keys(
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
pub(super) fn keys(text: &str, hits: &mut Vec<(usize, usize)>) -> u32 {
    KEYS.find_iter(text)
        .fold(0, |bits, m| bits | key_bits(text, m.start(), m.end(), hits))
}

/// Bits of the keyword at `a..b` of `text`; pushes its span to `hits` when it is a trigger.
pub(super) fn key_bits(text: &str, a: usize, b: usize, hits: &mut Vec<(usize, usize)>) -> u32 {
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
