//! Small hand-written scanners shared by both languages: integers, ranges, range unions and
//! value tokens. Hand-written (not regex) so they are linear and cannot backtrack.

/// A cursor over a string; `pos` is always on a char boundary.
pub(super) struct Cur<'a> {
    pub s: &'a str,
    pub pos: usize,
}

impl<'a> Cur<'a> {
    pub fn new(s: &'a str) -> Self {
        Cur { s, pos: 0 }
    }
    pub fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    pub fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
    }
    /// Consumes `lit` if the rest starts with it. An ASCII-alphabetic literal must end at a
    /// word boundary (`to` does not match `top`).
    pub fn lit(&mut self, lit: &str) -> bool {
        let r = self.rest();
        if r.len() >= lit.len() && r.is_char_boundary(lit.len()) {
            let head = &r[..lit.len()];
            if head.eq_ignore_ascii_case(lit) {
                if lit.ends_with(|c: char| c.is_ascii_alphabetic()) {
                    let next = r[lit.len()..].chars().next();
                    if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return false;
                    }
                }
                self.pos += lit.len();
                return true;
            }
        }
        false
    }
    fn any(&mut self, lits: &[&str]) -> bool {
        lits.iter().any(|l| self.lit(l))
    }
}

/// A number as written: its integer value and whether it had a fractional part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Num {
    pub v: i64,
    pub frac: bool,
}

/// `-1`, `65536`, `65,536`, `1.5` (frac), `−1`.
pub(super) fn num(c: &mut Cur) -> Option<Num> {
    num_with(c, true)
}

/// [`num`]; `groups`: `65,536` is one number (else `65` stops at the comma).
fn num_with(c: &mut Cur, groups: bool) -> Option<Num> {
    let start = c.pos;
    let neg = if c.lit("-") || c.lit("−") || c.lit("－") {
        true
    } else {
        c.lit("+");
        false
    };
    let b = c.rest().as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 || i > 18 {
        c.pos = start;
        return None;
    }
    let mut digits: String = c.rest()[..i].to_string();
    // Thousands groups: `,ddd` followed by a non-digit, only after 1-3 leading digits.
    if groups && i <= 3 {
        let mut j = i;
        while j + 4 <= b.len()
            && b[j] == b','
            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
            && digits.len() < 16
        {
            digits.push_str(&c.rest()[j + 1..j + 4]);
            j += 4;
        }
        i = j;
    }
    let mut frac = false;
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        frac = true;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let v: i64 = digits.parse().ok()?;
    c.pos += i;
    Some(Num {
        v: if neg { -v } else { v },
        frac,
    })
}

/// One range item: `[A, B]`, `(A, B]`, `A~B`, `A～B`, `A to B`, `A 至 B`, `A到B`, `A-B`, or `A`.
/// Returns `(lo, hi, had_fraction)`.
pub(super) fn range(c: &mut Cur) -> Option<(i64, i64, bool)> {
    let start = c.pos;
    let open = if c.any(&["[", "【", "［"]) {
        Some(false)
    } else if c.any(&["(", "（"]) {
        Some(true)
    } else {
        None
    };
    if let Some(excl_lo) = open {
        let inner = c.pos;
        // `[1,100]`: when `1,100` read as one number leaves no separator, read `1` alone.
        for groups in [true, false] {
            c.pos = inner;
            c.ws();
            let a = num_with(c, groups);
            c.ws();
            let sep = c.any(&[",", "，", "~", "～", "、"]);
            c.ws();
            let b_text = c.rest();
            let b = num(c);
            c.ws();
            let close = if c.any(&["]", "】", "］"]) {
                Some(false)
            } else if c.any(&[")", "）"]) {
                Some(true)
            } else {
                None
            };
            // Read without groups, `[1,024]` would be 1..24: a second bound with a leading
            // zero, or below the first, means the comma was a thousands separator after all.
            let regrouped = !groups
                && (b_text.starts_with('0')
                    && b_text[1..].starts_with(|d: char| d.is_ascii_digit())
                    || matches!((&a, &b), (Some(a), Some(b)) if a.v > b.v));
            if regrouped {
                continue;
            }
            if let (Some(a), true, Some(b), Some(excl_hi)) = (a, sep, b, close) {
                let lo = if excl_lo { a.v.saturating_add(1) } else { a.v };
                let hi = if excl_hi { b.v.saturating_sub(1) } else { b.v };
                return Some((lo, hi, a.frac || b.frac));
            }
        }
        c.pos = start;
        return None;
    }
    let a = num(c)?;
    let after_a = c.pos;
    c.ws();
    let spaced = c.pos > after_a;
    let sep = c.any(&["~", "～", "至", "到", "—", "－"])
        || (spaced && c.lit("to"))
        || (!spaced && a.v >= 0 && c.lit("-"));
    if sep {
        c.ws();
        if let Some(b) = num(c) {
            return Some((a.v, b.v, a.frac || b.frac));
        }
    }
    c.pos = after_a;
    Some((a.v, a.v, a.frac))
}

/// A union of ranges: items joined by `|`, `,`, `、`, `或`, `or`, `and`, `和`.
pub(super) struct RangeList {
    pub items: Vec<[i64; 2]>,
    pub frac: bool,
}

impl RangeList {
    pub fn has_span(&self) -> bool {
        self.items.iter().any(|r| r[0] != r[1])
    }
}

pub(super) fn range_list(c: &mut Cur) -> Option<RangeList> {
    let (lo, hi, frac) = range(c)?;
    let mut out = RangeList {
        items: vec![[lo, hi]],
        frac,
    };
    loop {
        let save = c.pos;
        c.ws();
        let punct = c.any(&["|", ",", "，", "、", "/"]);
        c.ws();
        let word = c.any(&["或者", "或", "以及", "和", "及", "or", "and"]);
        c.ws();
        if !(punct || word) {
            c.pos = save;
            break;
        }
        match range(c) {
            Some((lo, hi, f)) => {
                out.items.push([lo, hi]);
                out.frac |= f;
            }
            None => {
                c.pos = save;
                break;
            }
        }
    }
    Some(out)
}

/// A value token: an identifier-like word, optionally in backticks or quotes
/// (`PrePaid`, `cloud_essd`, `ecs.g5.large`, `"1"`, `acs:`). A trailing `.` is not part of it.
pub(super) fn token(c: &mut Cur) -> Option<String> {
    let start = c.pos;
    let close = if c.lit("`") {
        Some("`")
    } else if c.lit("\"") {
        Some("\"")
    } else if c.lit("“") {
        Some("”")
    } else if c.lit("'") {
        Some("'")
    } else if c.lit("‘") {
        Some("’")
    } else {
        None
    };
    if close.is_some() {
        c.ws();
    }
    let r = c.rest();
    let mut end = 0;
    for (i, ch) in r.char_indices() {
        if ch.is_ascii_alphanumeric()
            || matches!(ch, '_' | '.' | ':' | '/' | '-' | '+' | '*' | '@' | '#')
        {
            end = i + ch.len_utf8();
        } else {
            break;
        }
    }
    let mut tok = &r[..end];
    // Trailing sentence punctuation is not part of the value; a trailing `:` is the
    // `value: meaning` separator when whitespace (or nothing) follows it.
    let after_ws = r[end..].chars().next().is_none_or(char::is_whitespace);
    loop {
        if let Some(t) = tok.strip_suffix('.') {
            tok = t;
        } else if let Some(t) = tok
            .strip_suffix(':')
            .filter(|_| after_ws && close.is_none())
        {
            tok = t;
        } else {
            break;
        }
    }
    let first_ok = tok
        .chars()
        .next()
        .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-' || ch == '*');
    if !first_ok || (tok.starts_with('-') && tok.len() == 1) {
        c.pos = start;
        return None;
    }
    c.pos += tok.len();
    if let Some(cl) = close {
        c.ws();
        // Accept either closing quote style.
        if !(c.lit(cl) || c.any(&["`", "\"", "”", "'", "’"])) {
            c.pos = start;
            return None;
        }
    }
    Some(tok.to_string())
}

/// A list of value tokens joined by `|`, `,`, `、`, `或`, `or`, `and`, `和`, `/`.
pub(super) fn token_list(c: &mut Cur) -> Option<Vec<String>> {
    let first = token(c)?;
    let mut out = vec![first];
    loop {
        let save = c.pos;
        c.ws();
        let punct = c.any(&["|", ",", "，", "、", "/"]);
        c.ws();
        let word = c.any(&["或者", "或", "以及", "和", "及", "or", "and"]);
        c.ws();
        if !(punct || word) {
            c.pos = save;
            break;
        }
        match token(c) {
            Some(t) => out.push(t),
            None => {
                c.pos = save;
                break;
            }
        }
    }
    Some(out)
}

/// Text that may follow a value without making it part of a longer phrase: nothing,
/// punctuation, or (for Chinese text) a non-ASCII character.
pub(super) fn value_end_ok(rest: &str) -> bool {
    let t = rest.trim_start();
    match t.chars().next() {
        None => true,
        Some(ch) => {
            matches!(
                ch,
                '.' | '。' | ',' | '，' | ';' | '；' | '(' | '（' | ')' | '）' | '、' | '!' | '！'
            ) || (!ch.is_ascii() && ch != '“' && ch != '"')
        }
    }
}

/// Cuts `s` to at most `max` chars (on a char boundary) for messages and origins.
pub(crate) fn clip(s: &str, max: usize) -> String {
    let t = s.trim();
    match t.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rl(s: &str) -> Option<(Vec<[i64; 2]>, String)> {
        let mut c = Cur::new(s);
        range_list(&mut c).map(|r| (r.items, c.rest().to_string()))
    }

    #[test]
    fn ranges() {
        assert_eq!(rl("1~7，如1").unwrap().0, vec![[1, 7]]);
        assert_eq!(rl("[1, 20]").unwrap().0, vec![[1, 20]]);
        assert_eq!(rl("2～256").unwrap().0, vec![[2, 256]]);
        assert_eq!(rl("1 to 65,536.").unwrap().0, vec![[1, 65536]]);
        assert_eq!(rl("8 至 30").unwrap().0, vec![[8, 30]]);
        assert_eq!(rl("-1").unwrap().0, vec![[-1, -1]]);
        assert_eq!(rl("1-9").unwrap().0, vec![[1, 9]]);
        assert_eq!(
            rl("[1, 9] | 12 | 24 | 36说明").unwrap(),
            (vec![[1, 9], [12, 12], [24, 24], [36, 36]], "说明".into())
        );
        assert_eq!(
            rl("0, 1, 2, and 3.").unwrap().0,
            vec![[0, 0], [1, 1], [2, 2], [3, 3]]
        );
        assert!(rl("abc").is_none());
        assert!(rl("99999999999999999999").is_none());
    }

    #[test]
    fn tokens() {
        let mut c = Cur::new("week | month | year");
        assert_eq!(token_list(&mut c).unwrap(), vec!["week", "month", "year"]);
        let mut c = Cur::new("`PrePaid`：包年");
        assert_eq!(token(&mut c).unwrap(), "PrePaid");
        assert_eq!(c.rest(), "：包年");
        let mut c = Cur::new("Month. Valid");
        assert_eq!(token(&mut c).unwrap(), "Month");
        let mut c = Cur::new("ecs.g5.large");
        assert_eq!(token(&mut c).unwrap(), "ecs.g5.large");
        assert_eq!(clip("一二三四", 2), "一二…");
    }
}
