//! Chinese phrases: `取值范围：`, `N的取值范围：`, `默认值：`, `长度为2~128个字符`, `最多传入24个`,
//! `最大值：100`, `不能以http://开头`, `必须以大小写字母或中文开头`, `JSON 数组`, `废弃`.

use super::lex::{num, range_list, Cur};
use super::{default_value, k, leading_class, prefix_items, sentence_end, Cx, Scan};
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:取值范围|取值|可能值|可选值|有效值|可能的值|返回值|枚举值)(?:如下|有|包括)?\s*(?:（[^）]{0,20}）|\([^)]{0,20}\))?\s*(?:[:：]|(?:为|是)\s*[:：]?)",
    )
});
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| re(r"默认(?:值|取值)?\s*(?:为|是|：|:)\s*"));
static LEN_AT: LazyLock<Regex> = LazyLock::new(|| re(r"长度(?:范围)?\s*(?:为|是|在|：|:)?\s*"));
static LEN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\[\s*\d+\s*[,，]\s*\d+\s*\]|\d+\s*[~～\-至到]\s*\d+)\s*(?:个|位)[^，。；\d]{0,12}?(?:字符|字节)",
    )
});
static LEN_MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:最多|不超过|不得超过|不能超过|不可超过|不超出|不大于|最长|最大长度|上限|长度限制|最大支持)\s*(?:为|是|：|:|支持|包含|输入|可输入|可以输入|可以包含|能包含)?\s*(\d+)\s*(?:个|位)?[^，。；\d]{0,10}?(?:字符|字节)|长度(?:不得|不能|不可|不)超过\s*(\d+)|最大长度\s*(?:为|是|：|:)?\s*(\d+)",
    )
});
static ITEMS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"最多(?:可以|可|能|只能|允许|支持)?(?:同时)?(?:传入|支持|指定|输入|设置|添加|包含|填写|选择|配置|绑定|关联|查询|传)?\s*(\d+)\s*(?:个|条|项|组|台|块|张|种)",
    )
});
static BOUND: LazyLock<Regex> =
    LazyLock::new(|| re(r"(最大值|最小值|起始值|最大取值|最小取值)\s*(?:为|是|：|:)\s*"));
static NOT_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| re(r"不(?:能|可以|可|允许|得|应|要)以\s*([^。；，,]{1,80}?)\s*(?:作为)?开头"));
static LEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:必须|需要|需|只能|应该|应|要)以\s*([^。；，,]{1,30}?)\s*开头"));
static JSON: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)json\s*(?:格式)?\s*的?\s*(?:字符串\s*)?数组|格式为\s*\[\s*[“\x22]"));
static DEPRECATED: LazyLock<Regex> = LazyLock::new(|| re(r"弃用|废弃"));
static SPLIT_OR: LazyLock<Regex> = LazyLock::new(|| re(r"或者|或|和|、|及|以及|,|，"));

pub(super) fn scan(cx: &mut Cx, s: &mut Scan) {
    let text = s.text();
    let line = s.line().line;

    // N range and value labels.
    if s.has(k::LABEL_ZH) {
        for all in LABEL.find_iter(text) {
            if s.covered(all.start()) {
                continue;
            }
            let before = &text[..all.start()];
            let n = names_n(before);
            let verb = !all.as_str().ends_with([':', '：']);
            if verb && !n {
                // `取值为X时` is a condition, not a rule; accept `为` only on real labels.
                let lb = all.as_str();
                let lb = ["取值范围", "可能值", "可选值", "有效值"]
                    .into_iter()
                    .find(|l| lb.starts_with(l))
                    .unwrap_or("");
                let at_start = !before
                    .chars()
                    .next_back()
                    .is_some_and(|c| !matches!(c, '。' | '，' | '；' | '：' | ' ' | '.' | ','));
                if !(matches!(lb, "取值范围" | "可能值" | "可选值" | "有效值") || at_start)
                {
                    continue;
                }
            }
            if verb && super::inline_values(&text[all.end()..]).is_none() {
                // `取值为 `PrePaid` 时才生效`: a condition.
                continue;
            }
            let start = if n { n_start(before) } else { all.start() };
            cx.value_label(s, (start, all.end()), n);
        }
    }

    if s.has(k::DEFAULT_ZH) {
        for m in DEFAULT.find_iter(text) {
            if s.covered(m.start()) {
                continue;
            }
            match default_value(&text[m.end()..]) {
                Ok((v, used)) => {
                    cx.set_default(v, line);
                    s.cover(m.start(), m.end() + used);
                }
                Err(()) => {
                    s.cover(m.start(), m.end());
                    let e = sentence_end(text, m.end());
                    cx.warn(line, "default value not a literal", &text[m.start()..e]);
                }
            }
        }
    }

    if s.has(k::LEN_ZH) {
        for m in LEN_AT.find_iter(text) {
            let mut c = Cur::new(&text[m.end()..]);
            if let Some(rl) = range_list(&mut c) {
                if rl.items.len() == 1 && rl.has_span() && !rl.frac {
                    let [lo, hi] = rl.items[0];
                    let end = m.end() + c.pos;
                    cx.set_len(to_u32(lo), to_u32(hi), line, &text[m.start()..end]);
                    s.cover(m.start(), end);
                }
            }
        }
        for all in LEN_RANGE.find_iter(text) {
            if s.covered(all.start()) {
                s.cover(all.start(), all.end());
                continue;
            }
            let mut c = Cur::new(all.as_str());
            if let Some(rl) = range_list(&mut c) {
                if let Some([lo, hi]) = rl.items.first().copied() {
                    cx.set_len(to_u32(lo), to_u32(hi), line, all.as_str());
                    s.cover(all.start(), all.end());
                }
            }
        }
        for all in LEN_MAX.find_iter(text) {
            if s.covered(all.start()) {
                continue;
            }
            if let Some(n) = first_uint(all.as_str()) {
                cx.set_len(None, Some(n), line, all.as_str());
                s.cover(all.start(), all.end());
            }
        }
    }

    if s.has(k::MOST_ZH) {
        for all in ITEMS.find_iter(text) {
            if s.covered(all.start()) {
                continue;
            }
            let tail: String = text[all.end()..].chars().take(12).collect();
            if tail.contains("字符") || tail.contains("字节") {
                continue;
            }
            if let Some(n) = first_uint(all.as_str()) {
                let e = sentence_end(text, all.end());
                cx.set_max_items(n, line, &text[all.start()..e]);
                s.cover(all.start(), all.end());
            }
        }
    }

    if s.has(k::BOUND_ZH) {
        for all in BOUND.find_iter(text) {
            if s.covered(all.start()) {
                continue;
            }
            let mut c = Cur::new(&text[all.end()..]);
            match num(&mut c) {
                Some(v) if !v.frac && super::range_end_ok(c.rest()) => {
                    let max = all.as_str().starts_with("最大");
                    let end = all.end() + c.pos;
                    cx.set_bound(max, v.v, line, &text[all.start()..end]);
                    s.cover(all.start(), end);
                }
                _ => {
                    s.cover(all.start(), all.end());
                    let e = sentence_end(text, all.end());
                    cx.warn(line, "bound not understood", &text[all.start()..e]);
                }
            }
        }
    }

    if s.has(k::START_ZH) {
        for all in NOT_PREFIX.find_iter(text) {
            s.cover(all.start(), all.end());
            match prefix_items(between_yi_kaitou(all.as_str())) {
                Some(items) => cx.add_not_prefix(items, line, all.as_str()),
                None => cx.warn(line, "forbidden prefix not understood", all.as_str()),
            }
        }
        for all in LEADING.find_iter(text) {
            if s.covered(all.start()) {
                continue;
            }
            s.cover(all.start(), all.end());
            let words: Vec<&str> = SPLIT_OR.split(between_yi_kaitou(all.as_str())).collect();
            match leading_class(&words) {
                Some(p) => cx.set_pattern(p, line, all.as_str()),
                None => cx.warn(line, "leading character not understood", all.as_str()),
            }
        }
    }

    if s.has(k::JSON) {
        if let Some(m) = JSON.find(text) {
            cx.set_json();
            s.cover(m.start(), m.end());
        }
    }
    if s.has(k::DEPR_ZH) && DEPRECATED.is_match(text) {
        cx.set_deprecated();
    }
}

/// Whether the text before a label names the index `N` (`N的`, `n 的`, `` `N` 的 ``, and `N`
/// alone as in `N取值范围：1~20`).
fn names_n(before: &str) -> bool {
    let t = before.trim_end();
    let t = t.strip_suffix('的').unwrap_or(t);
    let t = t.trim_end().trim_end_matches('`');
    let Some(t) = t.strip_suffix(['N', 'n']) else {
        return false;
    };
    let t = t.trim_end_matches('`');
    !t.chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// Byte offset where `N的` starts in `before` (for the origin text).
fn n_start(before: &str) -> usize {
    before
        .rfind(['N', 'n'])
        .map(|p| if before[..p].ends_with('`') { p - 1 } else { p })
        .unwrap_or(before.len())
}

/// `不能以X开头` / `必须以X开头` -> `X`.
fn between_yi_kaitou(m: &str) -> &str {
    let a = m.find('以').map_or(0, |p| p + '以'.len_utf8());
    let inner = &m[a..];
    let inner = inner.strip_suffix("开头").unwrap_or(inner).trim_end();
    inner.strip_suffix("作为").unwrap_or(inner)
}

/// The first run of ASCII digits in `s`.
pub(super) fn first_uint(s: &str) -> Option<u32> {
    let a = s.find(|c: char| c.is_ascii_digit())?;
    let d = &s[a..];
    let e = d.find(|c: char| !c.is_ascii_digit()).unwrap_or(d.len());
    d[..e].parse().ok()
}

fn to_u32(v: i64) -> Option<u32> {
    u32::try_from(v).ok()
}
