//! English phrases: `Valid values:`, `Valid values of N: 1 to 20`, `Default value: X`,
//! `2 to 128 characters in length`, `up to 100 instance IDs`, `Maximum value: 100`,
//! `cannot start with http://`, `must start with a letter`, `JSON array`, `deprecated`.

use super::lex::{num, range_list, token_list, value_end_ok, Cur};
use super::zh::first_uint;
use super::{
    default_value, k, leading_class, prefix_items, range_end_ok, sentence_end, Cx, Scan, Val,
};
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:valid values?|optional values?|possible values?|allowed values|acceptable values|value range|valid range|range of values?|scope of values?|value scope|values|options|valid options)\s*(?:\([^)]{0,30}\))?\s*:|(?-u:\b)(?:valid values?|value range|valid range|range of values?)\s+(?:is|are)(?-u:\b)\s*:?",
    )
});
static N_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?-u:\b)(?:valid values?|value range|valid range|range|values?|scope)\s+of\s+`?n`?(?:\s+in\s+`[^`]{1,40}`)?\s*(?::|(?-u:\b)is(?-u:\b):?|(?-u:\b)are(?-u:\b):?)|(?-u:\b)(?:of which|where|in which|wherein|and)\s+`?n`?\s+(?:is|ranges|can be|must be|value ranges)(?-u:\b)|(?-u:\b)`?n`?\s+(?:ranges|can range)(?-u:\b)|(?-u:\b)set the value of `?n`? to(?-u:\b))\s*(?:from\s+|between\s+)?",
    )
});
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:default(?:\s+value)?(?:\s+of\s+this\s+parameter)?\s*(?::|(?-u:\b)is(?-u:\b))|defaults\s+to(?-u:\b))\s*",
    )
});
static LEN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(\[\s*\d+\s*,\s*\d+\s*\]|(?-u:\b)\d+\s*(?:to|-|~)\s*\d+)\s+(?:[a-z-]+\s+){0,3}?(?:characters?|bytes)(?-u:\b)",
    )
});
static LEN_MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:up to|a maximum of|maximum of|at most|no more than|not more than|cannot exceed|can't exceed|can not exceed|must not exceed|does not exceed|not exceed|not longer than|not be longer than|maximum length of|maximum length is|max length of|maximum length:)\s+(\d+)\s+(?:[a-z-]+\s+){0,3}?(?:characters?|bytes)(?-u:\b)|(?-u:\b)length\s+(?:cannot|can't|can not|must not|should not|shall not)\s+exceed\s+(\d+)",
    )
});
static ITEMS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:up to|a maximum of|maximum of|at most|no more than)\s+(\d+)\s+(?:[a-z0-9-]+\s+){0,3}?(?:IDs?|names|items|tags|values|keys|elements|entries|instances|disks|snapshots|images|addresses|groups|interfaces|ENIs|hosts|resources|commands|files|policies|rules|blocks|time points|weekdays|prefixes|parameters|pairs|templates|versions|zones|types|sets|members|records)(?-u:\b)",
    )
});
static BOUND: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(maximum|minimum) value\s*(?::|(?-u:\b)is(?-u:\b))\s*"));
static NOT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:cannot|can't|can not|must not|should not|may not|shall not|neither|not|nor)\s+(?:start|begin)\s+with\s+",
    )
});
static LEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)must\s+(?:start|begin)\s+with\s+"));
static SET_VALUE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[.:]\s+)Set the value to\s+"));
static JSON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)JSON(?:-formatted|-format|\s+format)?\s+(?:string\s+)?array|(?-u:\b)array\s+in\s+(?:the\s+)?JSON\s+format|(?-u:\b)JSON\s+list",
    )
});
static DEPRECATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)deprecated(?-u:\b)|will be removed in (?:the )?future|will be (?:deprecated|discontinued)|(?-u:\b)is discontinued(?-u:\b)",
    )
});
static SPLIT_OR: LazyLock<Regex> = LazyLock::new(|| re(r"\s+or\s+|,\s*"));

pub(super) fn scan(cx: &mut Cx, s: &mut Scan) {
    let text = s.text();
    let line = s.line().line;

    let n_ranges = if s.has(k::N_EN) {
        N_RANGE.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in n_ranges {
        if s.covered(m.start()) {
            continue;
        }
        let between = m.as_str().to_ascii_lowercase().contains("between");
        let mut c = Cur::new(&text[m.end()..]);
        match range_list(&mut c) {
            Some(rl) if !rl.frac && (!between || rl.items.len() == 2) => {
                let end = m.end() + c.pos;
                cx.set_n_range(&rl.items, line);
                s.cover(m.start(), end);
            }
            _ => {}
        }
    }

    if s.has(k::LABEL_EN) {
        for m in LABEL.find_iter(text) {
            if s.covered(m.start()) {
                continue;
            }
            cx.value_label(s, (m.start(), m.end()), false);
        }
    }

    let sets = if s.has(k::SET_EN) {
        SET_VALUE.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in sets {
        let mut c = Cur::new(&text[m.end()..]);
        if let Some(toks) = token_list(&mut c) {
            if value_end_ok(c.rest()) {
                let end = m.end() + c.pos;
                let vals = toks
                    .into_iter()
                    .map(|t| (Val::Word(t), String::new()))
                    .collect();
                cx.apply_block(
                    vals,
                    line,
                    text[m.start()..end].trim_start_matches(['.', ':']),
                );
                s.cover(m.start(), end);
            }
        }
    }

    let defaults = if s.has(k::DEFAULT_EN) {
        DEFAULT.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in defaults {
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

    if s.has(k::LEN_EN) {
        for all in LEN_RANGE.find_iter(text) {
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

    let items = if s.has(k::MOST_EN) {
        ITEMS.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for all in items {
        if s.covered(all.start()) {
            continue;
        }
        if let Some(n) = first_uint(all.as_str()) {
            cx.set_max_items(n, line, all.as_str());
            s.cover(all.start(), all.end());
        }
    }

    let bounds = if s.has(k::BOUND_EN) {
        BOUND.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for all in bounds {
        if s.covered(all.start()) {
            continue;
        }
        let mut c = Cur::new(&text[all.end()..]);
        match num(&mut c) {
            Some(v) if !v.frac && range_end_ok(c.rest()) => {
                let max = all
                    .as_str()
                    .get(..3)
                    .is_some_and(|w| w.eq_ignore_ascii_case("max"));
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

    let starts = s.has(k::START_EN);
    let prefixes = if starts {
        NOT_PREFIX.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in prefixes {
        let end = list_end(text, m.end());
        let list = &text[m.end()..end];
        s.cover(m.start(), end);
        match prefix_items(list) {
            Some(items) => cx.add_not_prefix(items, line, &text[m.start()..end]),
            None => cx.warn(
                line,
                "forbidden prefix not understood",
                &text[m.start()..end],
            ),
        }
    }

    let leads = if starts {
        LEADING.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in leads {
        if s.covered(m.start()) {
            continue;
        }
        let end = list_end(text, m.end());
        s.cover(m.start(), end);
        let words: Vec<&str> = SPLIT_OR.split(&text[m.end()..end]).collect();
        match leading_class(&words) {
            Some(p) => cx.set_pattern(p, line, &text[m.start()..end]),
            None => cx.warn(
                line,
                "leading character not understood",
                &text[m.start()..end],
            ),
        }
    }

    if s.has(k::JSON) {
        if let Some(m) = JSON.find(text) {
            cx.set_json();
            s.cover(m.start(), m.end());
        }
    }
    if s.has(k::DEPR_EN) && DEPRECATED.is_match(text) {
        cx.set_deprecated();
    }
}

/// End of an enumeration after `start with`: the sentence end, `;`, `, nor`, ` and cannot`,
/// `, and`, ` and (it )?(must|can|cannot)`.
fn list_end(text: &str, from: usize) -> usize {
    let mut end = sentence_end(text, from);
    let seg = &text[from..end];
    for stop in [
        ", nor ",
        " nor ",
        ", and ",
        " or contain",
        " or end",
        " and cannot",
        " and can",
        " and must",
        " and it",
        ", but",
        " but ",
        ", which",
        " (",
        "，",
        "。",
    ] {
        if let Some(p) = seg.find(stop) {
            end = end.min(from + p);
        }
    }
    // Drop the sentence's final period.
    let t = text[from..end].trim_end();
    let t = t.strip_suffix(['.', ';']).unwrap_or(t);
    from + t.len()
}

fn to_u32(v: i64) -> Option<u32> {
    u32::try_from(v).ok()
}
