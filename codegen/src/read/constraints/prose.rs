//! Prose helpers: sentence bounds, the leading-character class, forbidden prefixes.

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
pub(super) fn named_char(item: &str) -> Option<&'static str> {
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
