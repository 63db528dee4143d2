//! JSON repair: the fixed sequence of text repairs tried on a broken JSON example, and the
//! line-level ones (headers, comments, quotes, commas, colons, bare keys, trailing text).

use super::*;

/// Repair names, in the order they are tried (also the names recorded in
/// [`JsonExample::repairs`]).
pub const REPAIR_HTTP_HEADER: &str = "http-header";

pub const REPAIR_COMMENT_LINE: &str = "comment-line";

pub const REPAIR_SMART_QUOTES: &str = "smart-quotes";

pub const REPAIR_TRAILING_COMMA: &str = "trailing-comma";

pub const REPAIR_MISSING_COMMA: &str = "missing-comma";

pub const REPAIR_REBRACE: &str = "rebrace";

pub const REPAIR_INNER_QUOTES: &str = "inner-quotes";

pub const REPAIR_OPENING_QUOTE: &str = "opening-quote";

pub const REPAIR_MISSING_COLON: &str = "missing-colon";

pub const REPAIR_UNICODE_SPACE: &str = "unicode-space";

pub const REPAIR_BARE_KEY: &str = "bare-key";

pub const REPAIR_STRUCTURE: &str = "structure";

pub const REPAIR_TRAILING_TEXT: &str = "trailing-text";

pub const REPAIR_KEY_COLON: &str = "key-colon";

pub const REPAIR_ELLIPSIS: &str = "ellipsis";

pub const REPAIR_CUT_OFF: &str = "cut-off";

pub(super) type Repair = fn(&str) -> String;

pub(super) const REPAIRS: [(&str, Repair); 16] = [
    (REPAIR_HTTP_HEADER, strip_http_header),
    (REPAIR_COMMENT_LINE, strip_comment_lines),
    (REPAIR_SMART_QUOTES, normalise_quotes),
    (REPAIR_UNICODE_SPACE, normalise_spaces),
    (REPAIR_OPENING_QUOTE, reopen_quotes),
    (REPAIR_MISSING_COLON, insert_missing_colons),
    (REPAIR_KEY_COLON, insert_key_colons),
    (REPAIR_ELLIPSIS, blank_ellipses),
    (REPAIR_TRAILING_COMMA, remove_trailing_commas),
    (REPAIR_MISSING_COMMA, insert_missing_commas),
    (REPAIR_REBRACE, rebrace),
    (REPAIR_INNER_QUOTES, escape_inner_quotes),
    (REPAIR_BARE_KEY, quote_bare_keys),
    (REPAIR_CUT_OFF, close_cut_off),
    (REPAIR_STRUCTURE, fix_structure),
    (REPAIR_TRAILING_TEXT, drop_trailing_text),
];

/// A fenced JSON success example. Tried as written first; then, cumulatively and in this
/// order, each repair that changes the text (recorded by name in `repairs`):
/// `http-header` (blank a leading `HTTP/1.1 200 OK` + headers block), `comment-line` (blank
/// lines that start with `//`: KMS's `//json response` caption inside the fence), `smart-quotes` (`“”`,
/// `，`, `：` outside strings), `unicode-space` (no-break and ideographic spaces outside
/// strings), `trailing-comma`, `missing-comma` (between two values separated by whitespace),
/// `rebrace` (a body that lost its braces, FORMAT.md §10, rebuilt from indentation),
/// `inner-quotes` (unescaped `"` inside a one-line string value), `opening-quote` (a value
/// that lost its opening quote, `"Dirquota": 100 ",` in CDN pages), `missing-colon` (`"Key" {`
/// at a line end), `key-colon` (a key in an object followed on its line by a value, no colon:
/// `"InstanceId" "i-1"`), `ellipsis` (`...`/`…` standing for elements left out), `bare-key`
/// (`Key: 1` at a line start), `cut-off` (the text ends with containers open: a dangling comma
/// or key dropped, the closers added on the last line), `structure` (`{{`, members directly in `[ ]`, mismatched / missing / extra
/// closers, stray `|`), `trailing-text` (text after a complete value). On failure:
/// `example-json` error at the page line of serde_json's last complaint, kept within the fence.
pub fn parse_json(text: &str, line: u32) -> Result<JsonExample, Diagnostic> {
    let mut err = match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            return Ok(JsonExample {
                line,
                value,
                repairs: Vec::new(),
            })
        }
        Err(e) => e,
    };
    let mut cur = text.to_string();
    let mut repairs = Vec::new();
    for (name, repair) in REPAIRS {
        let next = repair(&cur);
        if next == cur {
            continue;
        }
        repairs.push(name.to_string());
        cur = next;
        match serde_json::from_str::<Value>(&cur) {
            Ok(value) => {
                return Ok(JsonExample {
                    line,
                    value,
                    repairs,
                })
            }
            Err(e) => err = e,
        }
    }
    // Column 0 means serde_json choked on the newline that ended the previous line.
    let err_line = if err.column() == 0 && err.line() > 1 {
        err.line() - 1
    } else {
        err.line()
    };
    // Repairs may add lines (`rebrace`, closers), so the complaint is kept inside the fence.
    let last = text.lines().count().max(1);
    let offset = err_line.clamp(1, last) - 1;
    let at = line.saturating_add(u32::try_from(offset).unwrap_or(0));
    Err(Diagnostic::error(
        at,
        "example-json",
        format!("invalid JSON example: {err}"),
    ))
}

/// Lexical state of the string-aware scanners below. JSON strings cannot span lines, so every
/// scanner leaves a string at a newline: an unterminated string cannot swallow the rest.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Lex {
    Out,
    /// Inside an ASCII-quoted string; `bool` = the previous char was a backslash.
    Str(bool),
}

pub(super) fn step(state: Lex, c: char) -> Lex {
    match state {
        Lex::Out if c == '"' => Lex::Str(false),
        Lex::Out => Lex::Out,
        Lex::Str(_) if c == '\n' => Lex::Out,
        Lex::Str(true) => Lex::Str(false),
        Lex::Str(false) if c == '\\' => Lex::Str(true),
        Lex::Str(false) if c == '"' => Lex::Out,
        Lex::Str(false) => Lex::Str(false),
    }
}

/// Blank (keep as empty lines) a leading `HTTP/1.1 200 OK` status line and the header lines
/// after it, up to the first line that starts the body.
pub(super) fn strip_http_header(s: &str) -> String {
    let first = s.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    if !first.trim_start().starts_with("HTTP/") {
        return s.to_string();
    }
    let mut in_header = true;
    let out: Vec<&str> = s
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if in_header && (t.starts_with(['{', '[', '<', '"']) || t.starts_with('\u{201c}')) {
                in_header = false;
            }
            if in_header {
                ""
            } else {
                l
            }
        })
        .collect();
    join_lines(&out, s)
}

/// Blank every line that starts with `//` (no JSON line does: strings cannot span lines).
pub(super) fn strip_comment_lines(s: &str) -> String {
    if !s.contains("//") {
        return s.to_string();
    }
    let out: Vec<&str> = s
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect();
    join_lines(&out, s)
}

/// `"Key": 100 ",` -> `"Key": "100 ",`: a member value that ends with a quote but does not
/// start with one lost its opening quote (CDN's DescribeRefreshQuota, DescribeDomainISPData).
pub(super) fn reopen_quotes(s: &str) -> String {
    static R: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?m)^(\s*"?[A-Za-z_][\w.-]*"?\s*:\s*)([^"\s\[{][^"]*)"(\s*,?\s*)$"#)
            .expect("static regex")
    });
    if !R.is_match(s) {
        return s.to_string();
    }
    R.replace_all(s, r#"$1"$2"$3"#).into_owned()
}

/// `"China Telecom" {` -> `"China Telecom": {`: a key string followed by an opening bracket at
/// the end of a line lost its colon (CDN's DescribeRangeDataByLocateAndIspService).
pub(super) fn insert_missing_colons(s: &str) -> String {
    static R: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?m)^(\s*"[^"\n]*")[ \t]*([{\[])[ \t]*$"#).expect("static regex")
    });
    R.replace_all(s, "$1: $2").into_owned()
}

/// Join lines back, keeping a final newline if the input had one.
pub(super) fn join_lines<S: AsRef<str>>(lines: &[S], original: &str) -> String {
    let mut out = lines
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<&str>>()
        .join("\n");
    if original.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Outside strings: `“`/`”` become `"` (a smart-quoted string ends at the next `”`, `“` or
/// `"`), `，` becomes `,`, `：` becomes `:`. Smart quotes inside ASCII strings are content and
/// stay.
pub(super) fn normalise_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut state = Lex::Out;
    let mut smart = false;
    for c in s.chars() {
        if smart {
            match c {
                '\u{201c}' | '\u{201d}' | '"' => {
                    out.push('"');
                    smart = false;
                }
                '\n' => {
                    out.push(c);
                    smart = false;
                }
                _ => out.push(c),
            }
            continue;
        }
        if state == Lex::Out {
            match c {
                '\u{201c}' | '\u{201d}' => {
                    out.push('"');
                    smart = true;
                    continue;
                }
                '\u{ff0c}' => {
                    out.push(',');
                    continue;
                }
                '\u{ff1a}' => {
                    out.push(':');
                    continue;
                }
                _ => {}
            }
        }
        state = step(state, c);
        out.push(c);
    }
    out
}

/// Outside strings, no-break / ideographic / zero-width spaces become plain spaces.
pub(super) fn normalise_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut state = Lex::Out;
    for c in s.chars() {
        if state == Lex::Out && matches!(c, '\u{a0}' | '\u{3000}' | '\u{200b}' | '\u{feff}') {
            out.push(' ');
            continue;
        }
        state = step(state, c);
        out.push(c);
    }
    out
}

/// A line starting with an unquoted `Key:` (no JSON line can) gets its key quoted.
pub(super) fn quote_bare_keys(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|l| {
            let t = l.trim_start();
            let lead = &l[..l.len() - t.len()];
            let name_len = t
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(t.len());
            let name = &t[..name_len];
            let rest = &t[name_len..];
            let is_key = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && !matches!(name, "true" | "false" | "null")
                && rest.trim_start().starts_with(':');
            if is_key {
                format!("{lead}\"{name}\"{rest}")
            } else {
                l.to_string()
            }
        })
        .collect();
    join_lines(&lines, s)
}

/// Outside strings, drop a `,` whose next non-blank char is `}`, `]` or another `,`.
pub(super) fn remove_trailing_commas(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut state = Lex::Out;
    for (i, &c) in chars.iter().enumerate() {
        if state == Lex::Out && c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']' | ',')) {
                continue;
            }
        }
        state = step(state, c);
        out.push(c);
    }
    out
}

/// Outside strings, insert a `,` right after a value that is followed (across whitespace,
/// typically a line end) by the start of another value or key. Valid JSON never has two values
/// in a row, so this is the identity on it.
pub(super) fn insert_missing_commas(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut state = Lex::Out;
    // Byte offset in `out` just after the last significant char outside strings, and that char.
    let mut last: Option<(usize, char)> = None;
    let mut gap = false;
    for c in s.chars() {
        if state == Lex::Out {
            if c.is_whitespace() {
                gap = true;
                out.push(c);
                continue;
            }
            let starts_value =
                matches!(c, '"' | '{' | '[' | '-' | 't' | 'f' | 'n') || c.is_ascii_digit();
            if starts_value {
                if let Some((at, prev)) = last {
                    let ends_value = matches!(prev, '"' | '}' | ']')
                        || (gap && (prev.is_ascii_digit() || matches!(prev, 'e' | 'l')));
                    if ends_value && out.is_char_boundary(at) {
                        out.insert(at, ',');
                    }
                }
            }
        }
        let before = state;
        state = step(state, c);
        out.push(c);
        // A string's closing quote is significant; chars inside strings are not.
        if before == Lex::Out || state == Lex::Out {
            last = Some((out.len(), c));
            gap = false;
        }
    }
    out
}

/// Inside a one-line member `"Key": "…"`, escape `"` that cannot end the string (the value
/// would otherwise be followed by text). Lines holding several strings (`", "`, `": "`) are
/// left alone, so valid JSON is unchanged.
pub(super) fn escape_inner_quotes(s: &str) -> String {
    let lines: Vec<String> = s.lines().map(escape_inner_quotes_line).collect();
    join_lines(&lines, s)
}

pub(super) fn escape_inner_quotes_line(l: &str) -> String {
    let trimmed = l.trim_end();
    let body = trimmed.strip_suffix(',').unwrap_or(trimmed).trim_end();
    let lead = l.len() - l.trim_start().len();
    let t = &body[lead.min(body.len())..];
    // `"Key"` then `:` then `"value"`
    let Some(rest) = t.strip_prefix('"') else {
        return l.to_string();
    };
    let Some(key_end) = rest.find('"') else {
        return l.to_string();
    };
    let after_key = rest[key_end + 1..].trim_start();
    let Some(after_colon) = after_key.strip_prefix(':') else {
        return l.to_string();
    };
    let value = after_colon.trim_start();
    if value.len() < 2 || !value.starts_with('"') || !value.ends_with('"') {
        return l.to_string();
    }
    let inner = &value[1..value.len() - 1];
    if !inner.contains('"') || several_strings(inner) {
        return l.to_string();
    }
    let mut fixed = String::with_capacity(inner.len() + 4);
    let mut escaped = false;
    for c in inner.chars() {
        if c == '"' && !escaped {
            fixed.push('\\');
        }
        escaped = c == '\\' && !escaped;
        fixed.push(c);
    }
    let value_start = body.len() - value.len();
    format!("{}\"{}\"{}", &body[..value_start], fixed, &l[body.len()..])
}

/// `x", "y` / `x":"y` — the line holds more than one string token.
pub(super) fn several_strings(inner: &str) -> bool {
    let b = inner.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        if c != b'"' {
            return false;
        }
        let mut j = i + 1;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if j >= b.len() || !matches!(b[j], b',' | b':') {
            return false;
        }
        j += 1;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        j < b.len() && b[j] == b'"'
    })
}

/// Keep the first complete JSON value and blank what follows it, when what follows holds no
/// further data (a doubled `}` at the end, a stray `e`).
pub(super) fn drop_trailing_text(s: &str) -> String {
    let mut it = serde_json::Deserializer::from_str(s).into_iter::<Value>();
    if !matches!(it.next(), Some(Ok(_))) {
        return s.to_string();
    }
    let end = it.byte_offset();
    let Some(tail) = s.get(end..) else {
        return s.to_string();
    };
    if !tail.contains(['"', '{', '[', ':']) {
        let blanked: String = tail
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        format!("{}{}", &s[..end], blanked)
    } else {
        s.to_string()
    }
}

// --- rebrace: a body that lost its braces -----------------------------------------------------

/// Outside strings, inside an object: a key string followed on the same line by the start of
/// a value, with no colon between them (`"InstanceId" "i-1",`, `{"Id" 1}`), gets its colon.
/// Valid JSON always has the colon there, so this is the identity on it.
pub(super) fn insert_key_colons(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut state = Lex::Out;
    // Open containers (`true` = object) and whether the next string of the object is a key.
    let mut stack: Vec<bool> = Vec::new();
    let mut key_next = false;
    // Byte offset in `out` just after a key's closing quote, until something follows it.
    let mut after_key: Option<usize> = None;
    for c in s.chars() {
        if state != Lex::Out {
            state = step(state, c);
            out.push(c);
            if state == Lex::Out && key_next {
                key_next = false;
                after_key = Some(out.len());
            }
            continue;
        }
        if c == '\n' {
            after_key = None;
        }
        if c.is_whitespace() {
            out.push(c);
            continue;
        }
        let starts_value =
            matches!(c, '"' | '{' | '[' | '-' | 't' | 'f' | 'n') || c.is_ascii_digit();
        if let Some(at) = after_key.take() {
            if starts_value && out.is_char_boundary(at) {
                out.insert(at, ':');
            }
        }
        match c {
            '{' => {
                stack.push(true);
                key_next = true;
            }
            '[' => {
                stack.push(false);
                key_next = false;
            }
            '}' | ']' => {
                stack.pop();
                key_next = false;
            }
            ',' => key_next = stack.last() == Some(&true),
            _ => {}
        }
        if c == '"' {
            state = step(state, c);
        } else if c != ',' && c != '{' {
            key_next = false;
        }
        out.push(c);
    }
    out
}

/// Outside strings, `...` / `…` standing where elements or members were left out
/// (`["i-1", "i-2", ...]`, `{...}`) is blanked; `trailing-comma` then drops the comma left
/// before a closer or another comma.
pub(super) fn blank_ellipses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut state = Lex::Out;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if state != Lex::Out {
            state = step(state, c);
            out.push(c);
            continue;
        }
        if c == '…' {
            out.push(' ');
            continue;
        }
        if c == '.' && chars.peek() == Some(&'.') {
            // A run of two or more dots is an ellipsis, never part of a number.
            let prev = out.trim_end().chars().last();
            if !prev.is_some_and(|p| p.is_ascii_digit()) {
                out.push(' ');
                while chars.peek() == Some(&'.') {
                    chars.next();
                    out.push(' ');
                }
                continue;
            }
        }
        state = step(state, c);
        out.push(c);
    }
    out
}

/// When the text ends with containers still open (an example cut off in the middle of an
/// array or object) after something that cannot end a value (a comma, a key with or without
/// its colon), blank that and close the open containers right after the last value, innermost
/// first, on its line (a text that ends with a value is left to `structure`). The identity on text whose containers all close; no line is added or removed.
pub(super) fn close_cut_off(s: &str) -> String {
    let mut stack: Vec<char> = Vec::new();
    let mut state = Lex::Out;
    for c in s.chars() {
        if state != Lex::Out {
            state = step(state, c);
            continue;
        }
        match c {
            '{' | '[' => stack.push(c),
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
        state = step(state, c);
    }
    // An unterminated string on the last line is left to the other repairs.
    if stack.is_empty() || state != Lex::Out {
        return s.to_string();
    }
    let mut b: Vec<char> = s.chars().collect();
    let last = |b: &[char], end: usize| b[..end].iter().rposition(|c| !c.is_whitespace());
    let mut end = b.len();
    while let Some(p) = last(&b, end) {
        if b[p] == ',' {
            b[p] = ' ';
            end = p;
            continue;
        }
        // A dangling key (`"Key"` or `"Key":`) right after `{` or `,`.
        let q = if b[p] == ':' { last(&b, p) } else { Some(p) };
        let Some(q) = q.filter(|&q| b[q] == '"') else {
            break;
        };
        let Some(open) = b[..q].iter().rposition(|&c| c == '"' || c == '\n') else {
            break;
        };
        let before = last(&b, open);
        let keyish = b[open] == '"'
            && before.is_some_and(|x| b[x] == ',' || b[x] == '{')
            && (b[p] == ':' || before.is_some_and(|x| b[x] == ',' && stack.last() == Some(&'{')));
        if !keyish {
            break;
        }
        for c in &mut b[open..=p] {
            *c = ' ';
        }
        end = open;
    }
    // A text that ends with a value is `structure`'s to close.
    if end == b.len() {
        return s.to_string();
    }
    let at = last(&b, b.len()).map_or(0, |p| p + 1);
    let closers: Vec<char> = stack
        .iter()
        .rev()
        .map(|&c| if c == '{' { '}' } else { ']' })
        .collect();
    b.splice(at..at, closers);
    b.into_iter().collect()
}
