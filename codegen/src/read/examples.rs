//! The `## 示例` / `## Examples` section: request URLs, JSON and XML success responses, and
//! the classification of its fenced blocks (FORMAT.md §10).
//!
//! JSON is always parsed by `serde_json`; when a page's JSON is broken, a fixed sequence of
//! text repairs is tried (each one the identity on valid JSON and none of them adding or
//! removing lines, so serde_json's line numbers stay page lines). XML is parsed by `roxmltree`
//! and turned into the object tree the JSON example would have had.

use crate::ir::{Diagnostic, JsonExample, RequestExample};
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// Request URLs
// ---------------------------------------------------------------------------------------------

/// A fenced request example: `https://ecs.aliyuncs.com/?Action=X` then one `&Param=value` per
/// line, trailer `&<公共请求参数>` / `&<Common request parameters>`. Host variants (`http(s)://`,
/// `example.com`, regional hosts), `? Action=`, `?&Action=`, values with raw JSON and with
/// spaces, the whole URL on one line, a `$` typed for `&`, and HTML-escaped `&amp;`/`&lt;` are
/// accepted. `line` is the page line of the first line of the block's content.
///
/// Returns `None` if the block is not a request URL. Params keep page order; values are as
/// written (not URL-decoded), trimmed; the `Action` (any case) goes into `action`; the
/// `<…>` common-parameter trailer is dropped.
pub fn parse_request(text: &str, line: u32) -> Option<RequestExample> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = unescape_html(strip_numbering(lines.next()?));
    let lower = first.to_ascii_lowercase();
    let is_url = ["http://", "https://", "http(s)://"]
        .iter()
        .any(|p| lower.starts_with(p));
    if !is_url {
        return None;
    }
    let mut segments: Vec<String> = Vec::new();
    if let Some(q) = first.find('?') {
        push_segments(&mut segments, &first[q + 1..]);
    }
    for l in lines {
        let l = unescape_html(l);
        let rest = l
            .strip_prefix('&')
            .or_else(|| l.strip_prefix('$'))
            .or_else(|| l.strip_prefix("/?"))
            .or_else(|| l.strip_prefix('?'))
            .unwrap_or(&l);
        push_segments(&mut segments, rest);
    }
    let mut action = None;
    let mut params = Vec::new();
    for seg in segments {
        let seg = seg.trim();
        if seg.is_empty() || (seg.starts_with('<') && seg.ends_with('>')) {
            continue;
        }
        let (name, value) = match seg.split_once('=') {
            Some((n, v)) => (n.trim(), v.trim()),
            None => (seg, ""),
        };
        if name.eq_ignore_ascii_case("action") && action.is_none() {
            action = Some(value.to_string());
        } else {
            params.push((name.to_string(), value.to_string()));
        }
    }
    Some(RequestExample {
        line,
        action,
        params,
    })
}

/// The first `*.aliyuncs.com` host a request example's URL is sent to, lower-cased.
pub fn request_host(text: &str) -> Option<String> {
    let at = memchr::memmem::find(text.as_bytes(), b"://")?;
    let rest = &text[at + 3..];
    let host = rest
        .split(['/', '?', ':', ' ', '\n', '&'])
        .next()?
        .to_ascii_lowercase();
    host.ends_with(".aliyuncs.com").then_some(host)
}

/// `1. http://…` -> `http://…`: CDN numbers its request examples.
fn strip_numbering(l: &str) -> &str {
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    match l[digits..].strip_prefix(". ") {
        Some(rest) if digits > 0 => rest.trim_start(),
        _ => l,
    }
}

/// Split one query fragment on `&`, but only where what follows looks like a parameter name
/// (`Name=`, `<trailer>`, or a bare name); an `&` inside a value stays in the value.
fn push_segments(out: &mut Vec<String>, s: &str) {
    let parts: Vec<&str> = s.split('&').collect();
    let mut cur = parts.first().copied().unwrap_or_default().to_string();
    for p in parts.iter().skip(1) {
        if starts_like_param(p) {
            out.push(std::mem::take(&mut cur));
            cur = p.to_string();
        } else {
            cur.push('&');
            cur.push_str(p);
        }
    }
    out.push(cur);
}

/// `Name=…` or `<trailer>` (a bare `Name` only stands alone on its line).
fn starts_like_param(p: &str) -> bool {
    let t = p.trim_start();
    if t.is_empty() || t.starts_with('<') {
        return true;
    }
    let name_end = match t.find('=') {
        Some(e) => e,
        None => return false,
    };
    let name = t[..name_end].trim_end();
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ' '))
}

fn unescape_html(s: &str) -> String {
    if s.contains("&amp;") || s.contains("&lt;") || s.contains("&gt;") {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

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

type Repair = fn(&str) -> String;

const REPAIRS: [(&str, Repair); 13] = [
    (REPAIR_HTTP_HEADER, strip_http_header),
    (REPAIR_COMMENT_LINE, strip_comment_lines),
    (REPAIR_SMART_QUOTES, normalise_quotes),
    (REPAIR_UNICODE_SPACE, normalise_spaces),
    (REPAIR_OPENING_QUOTE, reopen_quotes),
    (REPAIR_MISSING_COLON, insert_missing_colons),
    (REPAIR_TRAILING_COMMA, remove_trailing_commas),
    (REPAIR_MISSING_COMMA, insert_missing_commas),
    (REPAIR_REBRACE, rebrace),
    (REPAIR_INNER_QUOTES, escape_inner_quotes),
    (REPAIR_BARE_KEY, quote_bare_keys),
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
/// at a line end), `bare-key` (`Key: 1` at a
/// line start), `structure` (`{{`, members directly in `[ ]`, mismatched / missing / extra
/// closers, stray `|`), `trailing-text` (text after a complete value). On failure:
/// `example-json` error at the page line of serde_json's last complaint.
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
    let at = line.saturating_add(u32::try_from(err_line.saturating_sub(1)).unwrap_or(0));
    Err(Diagnostic::error(
        at,
        "example-json",
        format!("invalid JSON example: {err}"),
    ))
}

/// Lexical state of the string-aware scanners below. JSON strings cannot span lines, so every
/// scanner leaves a string at a newline: an unterminated string cannot swallow the rest.
#[derive(Clone, Copy, PartialEq)]
enum Lex {
    Out,
    /// Inside an ASCII-quoted string; `bool` = the previous char was a backslash.
    Str(bool),
}

fn step(state: Lex, c: char) -> Lex {
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
fn strip_http_header(s: &str) -> String {
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
fn strip_comment_lines(s: &str) -> String {
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
fn reopen_quotes(s: &str) -> String {
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
fn insert_missing_colons(s: &str) -> String {
    static R: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?m)^(\s*"[^"\n]*")[ \t]*([{\[])[ \t]*$"#).expect("static regex")
    });
    R.replace_all(s, "$1: $2").into_owned()
}

/// Join lines back, keeping a final newline if the input had one.
fn join_lines<S: AsRef<str>>(lines: &[S], original: &str) -> String {
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
fn normalise_quotes(s: &str) -> String {
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
fn normalise_spaces(s: &str) -> String {
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
fn quote_bare_keys(s: &str) -> String {
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

#[derive(Debug)]
struct SFrame {
    kind: Kind,
    /// Byte offset of the opener in the output.
    at: usize,
    /// Nothing but whitespace since the opener.
    empty: bool,
    /// An object inserted by this pass (members written straight into an array).
    implied: bool,
    /// Opened as `{` and turned into an array (`"K": { {…} ]`): accepts `}` as its closer.
    converted: bool,
    /// Outer `{` of a `[{ {` dropped inside this array: one `}` too many will follow.
    dropped: usize,
}

impl SFrame {
    fn new(kind: Kind, at: usize) -> Self {
        SFrame {
            kind,
            at,
            empty: true,
            implied: false,
            converted: false,
            dropped: 0,
        }
    }
}

/// Token-level structure repair outside strings: `{ {` (an object whose first token is an
/// object: the outer one becomes `[`, or is dropped when already inside `[`), members written
/// straight into an array (`"X": [ "K": 1 ]` → `[{ … }]`), mismatched closers (closing what
/// they can, else dropped), closers with nothing open (dropped), chars that cannot occur
/// outside JSON strings (`|`) blanked, and missing closers appended at the end. The identity
/// on valid JSON.
fn fix_structure(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut stack: Vec<SFrame> = Vec::new();
    let mut state = Lex::Out;
    for c in s.chars() {
        if state != Lex::Out {
            state = step(state, c);
            out.push(c);
            continue;
        }
        if c.is_whitespace() {
            out.push(c);
            continue;
        }
        match c {
            '{' | '[' => {
                let kind = if c == '{' { Kind::Obj } else { Kind::Arr };
                let n = stack.len();
                if kind == Kind::Obj
                    && n >= 1
                    && stack[n - 1].kind == Kind::Obj
                    && stack[n - 1].empty
                {
                    let in_array = n >= 2 && stack[n - 2].kind == Kind::Arr;
                    let at = stack[n - 1].at;
                    if in_array && out.is_char_boundary(at) && out.get(at..=at) == Some("{") {
                        out.replace_range(at..=at, " ");
                        stack.pop();
                        if let Some(parent) = stack.last_mut() {
                            parent.dropped += 1;
                        }
                    } else if out.get(at..=at) == Some("{") {
                        out.replace_range(at..=at, "[");
                        if let Some(top) = stack.last_mut() {
                            top.kind = Kind::Arr;
                            top.converted = true;
                        }
                    }
                }
                if let Some(top) = stack.last_mut() {
                    top.empty = false;
                }
                stack.push(SFrame::new(kind, out.len()));
                out.push(c);
            }
            '}' | ']' => {
                let want = if c == '}' { Kind::Obj } else { Kind::Arr };
                let mut emitted = false;
                while let Some(top) = stack.last_mut() {
                    if top.kind == want {
                        stack.pop();
                        out.push(c);
                        emitted = true;
                        break;
                    }
                    if top.kind == Kind::Arr && top.converted && want == Kind::Obj {
                        stack.pop();
                        out.push(']');
                        emitted = true;
                        break;
                    }
                    if top.kind == Kind::Arr && want == Kind::Obj && top.dropped > 0 {
                        top.dropped -= 1;
                        out.push(' ');
                        emitted = true;
                        break;
                    }
                    // Close the mismatched container and try again one level up, if the
                    // wanted kind is open further up; else drop this closer.
                    let open_above = stack.iter().rev().skip(1).any(|f| f.kind == want);
                    if !open_above {
                        break;
                    }
                    if let Some(f) = stack.pop() {
                        out.push(closer(f.kind));
                    }
                }
                if !emitted {
                    out.push(' ');
                }
            }
            ':' => {
                let n = stack.len();
                if n >= 1 && stack[n - 1].kind == Kind::Arr && !stack[n - 1].implied {
                    let at = stack[n - 1].at + 1;
                    let only_key = out
                        .get(at..)
                        .is_some_and(|t| !t.contains(',') && t.trim_start().starts_with('"'));
                    if only_key && out.is_char_boundary(at) {
                        out.insert(at, '{');
                        let mut f = SFrame::new(Kind::Obj, at);
                        f.implied = true;
                        f.empty = false;
                        stack.push(f);
                    }
                }
                out.push(c);
            }
            '"' => {
                if let Some(top) = stack.last_mut() {
                    top.empty = false;
                }
                state = step(state, c);
                out.push(c);
            }
            c if c.is_ascii_alphanumeric() || matches!(c, ',' | '-' | '+' | '.') => {
                if let Some(top) = stack.last_mut() {
                    top.empty = false;
                }
                out.push(c);
            }
            _ => out.push(' '),
        }
    }
    // `]` closing an implied object's array arrives above as a mismatch: the implied object is
    // closed by `}` pushed there. Close whatever is still open.
    while let Some(f) = stack.pop() {
        out.push(if f.implied { '}' } else { closer(f.kind) });
    }
    out
}

/// Outside strings, drop a `,` whose next non-blank char is `}`, `]` or another `,`.
fn remove_trailing_commas(s: &str) -> String {
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
fn insert_missing_commas(s: &str) -> String {
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
fn escape_inner_quotes(s: &str) -> String {
    let lines: Vec<String> = s.lines().map(escape_inner_quotes_line).collect();
    join_lines(&lines, s)
}

fn escape_inner_quotes_line(l: &str) -> String {
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
fn several_strings(inner: &str) -> bool {
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
fn drop_trailing_text(s: &str) -> String {
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

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Obj,
    Arr,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    /// Indentation of the line that opened it.
    open: usize,
    /// Indentation of the first child line.
    child: Option<usize>,
    /// An object that is an element of an array (its braces may have been lost too).
    elem: bool,
    keys: Vec<String>,
    /// A whitespace-only line (a lost brace line) was seen since the last member.
    gap: bool,
}

impl Frame {
    /// Whether a content line at indentation `ind` lies outside this container.
    fn left_by(&self, ind: usize) -> bool {
        match self.child {
            Some(c) => ind < c,
            None => ind <= self.open,
        }
    }

    fn new(kind: Kind, open: usize, elem: bool) -> Self {
        Frame {
            kind,
            open,
            child: None,
            elem,
            keys: Vec::new(),
            gap: false,
        }
    }
}

fn closer(k: Kind) -> char {
    match k {
        Kind::Obj => '}',
        Kind::Arr => ']',
    }
}

fn indent_of(l: &str) -> usize {
    l.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The key of a `"Key": …` line.
fn line_key(t: &str) -> Option<&str> {
    let rest = t.strip_prefix('"')?;
    let end = rest.find('"')?;
    rest[end + 1..]
        .trim_start()
        .starts_with(':')
        .then(|| &rest[..end])
}

/// FORMAT.md §10 "all braces stripped": the block starts with `"RequestId": …` and every line
/// that held only braces is blank (its indentation left behind). Rebuild the braces from the
/// indentation: `{` before the first line, closers appended to the last line of the container
/// they close, element objects of arrays re-opened at blank-line gaps or repeated keys. Never
/// adds or removes lines. Commas are then fixed by the two comma repairs.
fn rebrace(s: &str) -> String {
    let src: Vec<&str> = s.lines().collect();
    let Some(first) = src.iter().position(|l| !l.trim().is_empty()) else {
        return s.to_string();
    };
    if line_key(src[first].trim()).is_none() {
        return s.to_string();
    }
    let mut out: Vec<String> = src.iter().map(|l| l.to_string()).collect();
    let mut stack: Vec<Frame> = vec![Frame::new(Kind::Obj, 0, false)];
    let mut last: Option<usize> = None;
    // Append closers to the last content line (or prefix them to line `i` if none yet).
    fn close_into(out: &mut [String], last: Option<usize>, i: usize, k: Kind) {
        match last.and_then(|l| out.get_mut(l)) {
            Some(l) => l.push(closer(k)),
            None => {
                if let Some(l) = out.get_mut(i) {
                    l.insert(0, closer(k));
                }
            }
        }
    }
    for (i, raw) in src.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            if !raw.is_empty() {
                if let Some(top) = stack.last_mut() {
                    top.gap = true;
                }
            }
            continue;
        }
        let ind = indent_of(raw);
        if i == first {
            out[i] = format!("{{{raw}");
        }
        if t.starts_with(['}', ']']) {
            // Explicit closers: auto-close deeper containers, then let each closer close one.
            while stack.len() >= 3 && stack[stack.len() - 2].left_by(ind) {
                if let Some(f) = stack.pop() {
                    close_into(&mut out, last, i, f.kind);
                }
            }
            let lead: String = raw.chars().take_while(|c| c.is_whitespace()).collect();
            let mut line = lead;
            for c in t.chars().filter(|c| matches!(c, '}' | ']')) {
                let _ = c;
                if stack.len() > 1 {
                    if let Some(f) = stack.pop() {
                        line.push(closer(f.kind));
                    }
                }
            }
            out[i] = line;
            last = Some(i);
            continue;
        }
        // Leaving containers whose children were indented deeper.
        while stack.len() > 1 && stack.last().is_some_and(|f| f.left_by(ind)) {
            if let Some(f) = stack.pop() {
                close_into(&mut out, last, i, f.kind);
            }
        }
        let key = line_key(t);
        if let Some(top) = stack.last() {
            let next_elem = top.elem
                && key.is_some()
                && top.child == Some(ind)
                && (top.gap || key.is_some_and(|k| top.keys.iter().any(|x| x == k)));
            if next_elem {
                if let Some(f) = stack.pop() {
                    close_into(&mut out, last, i, f.kind);
                }
                let at = out[i].len() - raw.len();
                out[i].insert(at, '{');
                stack.push(Frame::new(Kind::Obj, ind, true));
            }
        }
        if key.is_some() && stack.last().is_some_and(|f| f.kind == Kind::Arr) {
            if let Some(top) = stack.last_mut() {
                top.child.get_or_insert(ind);
            }
            let at = out[i].len() - raw.len();
            out[i].insert(at, '{');
            stack.push(Frame::new(Kind::Obj, ind, true));
        }
        let n = stack.len();
        if n >= 2 && stack[n - 1].elem {
            stack[n - 2].child.get_or_insert(ind);
        }
        if let Some(top) = stack.last_mut() {
            top.child.get_or_insert(ind);
            top.gap = false;
            if let Some(k) = key {
                top.keys.push(k.to_string());
            }
        }
        last = Some(i);
        let opener = t.trim_end_matches(',').trim_end();
        if let Some(before) = opener.strip_suffix('{') {
            if before.trim_end().ends_with('[') {
                stack.push(Frame::new(Kind::Arr, ind, false));
                stack.push(Frame::new(Kind::Obj, ind, true));
            } else {
                let elem = stack.last().is_some_and(|f| f.kind == Kind::Arr);
                stack.push(Frame::new(Kind::Obj, ind, elem));
            }
        } else if opener.ends_with('[') {
            stack.push(Frame::new(Kind::Arr, ind, false));
        }
    }
    while let Some(f) = stack.pop() {
        let at = last.unwrap_or(first);
        close_into(&mut out, Some(at), at, f.kind);
    }
    remove_trailing_commas(&insert_missing_commas(&join_lines(&out, s)))
}

// ---------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------

/// XML success example -> the object tree the JSON example would have: elements with child
/// elements become objects, repeated sibling elements become arrays, leaf text becomes strings
/// (trimmed; attributes are ignored). The root element (`XResponse`, `Error`) is dropped: its
/// children object is returned. A leading `HTTP/1.1 …` header block, `<?xml …?>` declarations
/// anywhere, and a wholly HTML-escaped document (`&lt;X>`) are tolerated. Malformed XML gives an
/// `example-xml` error at the page line roxmltree names.
pub fn xml_to_json(text: &str, line: u32) -> Result<Value, Diagnostic> {
    let cleaned = clean_xml(text);
    let doc = roxmltree::Document::parse(&cleaned).map_err(|e| {
        let at = line.saturating_add(e.pos().row.saturating_sub(1));
        Diagnostic::error(at, "example-xml", format!("invalid XML example: {e}"))
    })?;
    Ok(Value::Object(children_object(doc.root_element())))
}

fn clean_xml(text: &str) -> String {
    let mut s = strip_comment_lines(&strip_http_header(text));
    if s.trim_start().starts_with("&lt;") {
        s = s.replace("&lt;", "<").replace("&gt;", ">");
    }
    // Declarations are only legal at the very start; drop them wherever they are.
    while let Some(a) = s.find("<?xml") {
        let Some(len) = s[a..].find("?>") else {
            break;
        };
        s.replace_range(a..a + len + 2, "");
    }
    s
}

fn children_object(node: roxmltree::Node) -> Map<String, Value> {
    let mut map = Map::new();
    for child in node.children().filter(|n| n.is_element()) {
        let name = child.tag_name().name().to_string();
        let value = element_value(child);
        match map.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let prev = existing.take();
                *existing = Value::Array(vec![prev, value]);
            }
            None => {
                map.insert(name, value);
            }
        }
    }
    map
}

fn element_value(node: roxmltree::Node) -> Value {
    if node.children().any(|n| n.is_element()) {
        Value::Object(children_object(node))
    } else {
        let text: String = node
            .children()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        Value::String(text.trim().to_string())
    }
}

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

/// What a fenced block in an Examples section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Request,
    JsonSuccess,
    XmlSuccess,
    JsonError,
    XmlError,
    Unknown,
}

/// Classify a fenced block found in an Examples section from its info string (` ``` {#json_return_success_demo}`,
/// `json`, `xml`, empty), the label paragraphs seen since the previous block (`请求示例`,
/// `` `JSON` 格式 ``, `**异常返回示例**`, `Sample success responses`, …) and its text.
///
/// The text decides the format (a URL, `<`, or `{`/`"`); labels and the info string decide
/// only when the text is not recognisable. An example is an error example when a label says so
/// (`异常`, `error`) or its content is one (`<Error>` root, a `"HostId"` member) — the latter
/// matters because the `JSON` label after an `**异常返回示例**` XML block does not repeat it.
pub fn classify(info: &str, labels: &[&str], text: &str) -> BlockKind {
    #[derive(PartialEq)]
    enum Fmt {
        Json,
        Xml,
        None,
    }
    let info = info.trim().to_ascii_lowercase();
    let labels: Vec<String> = labels.iter().map(|l| normalise_label(l)).collect();
    let body = strip_http_header(text);
    let head = strip_numbering(body.trim_start());
    let head_lower: String = head
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();

    if head_lower.starts_with("http") && head.lines().next().is_some_and(|l| l.contains('?')) {
        return BlockKind::Request;
    }
    let mut fmt = if head.starts_with('<') || head.starts_with("&lt;") {
        Fmt::Xml
    } else if head.starts_with(['{', '[', '"', '\u{201c}']) {
        Fmt::Json
    } else {
        Fmt::None
    };
    if fmt == Fmt::None {
        if info.contains("request_demo") {
            return BlockKind::Request;
        }
        let says = |w: &str| info.contains(w) || labels.iter().any(|l| l.contains(w));
        if says("json") {
            fmt = Fmt::Json;
        } else if says("xml") {
            fmt = Fmt::Xml;
        } else if labels
            .iter()
            .any(|l| l.contains("请求") || l.contains("request"))
            && head.contains("Action=")
        {
            return BlockKind::Request;
        }
    }
    if fmt == Fmt::None || head.is_empty() {
        return BlockKind::Unknown;
    }
    let error_label = labels
        .iter()
        .any(|l| l.contains("异常") || l.contains("错误") || l.contains("error"));
    let error_content = match fmt {
        Fmt::Xml => {
            let h = head.trim_start_matches("&lt;").trim_start_matches('<');
            h.starts_with("Error>") || h.starts_with("Error ")
        }
        _ => head.contains("\"HostId\""),
    };
    let error = !info.contains("success") && (error_label || error_content);
    match (fmt, error) {
        (Fmt::Xml, false) => BlockKind::XmlSuccess,
        (Fmt::Xml, true) => BlockKind::XmlError,
        (_, false) => BlockKind::JsonSuccess,
        (_, true) => BlockKind::JsonError,
    }
}

fn normalise_label(l: &str) -> String {
    l.chars()
        .filter(|c| !matches!(c, '*' | '`' | '\u{a0}') && !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn params(r: &RequestExample) -> Vec<(&str, &str)> {
        r.params
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }

    // --- request URLs ---------------------------------------------------------------------

    #[test]
    fn a_value_that_lost_its_opening_quote() {
        // history/en-US/DescribeImages/2018-06-15: a bare key and a lost opening quote.
        let text = "{\n  \"Platform\": \"SUSE\",\n  Progress: 100 \",\n  \"Size\": 20\n}";
        assert_eq!(
            parse_json(text, 100).expect("repaired").value["Progress"],
            "100 "
        );
        let j = parse_json(
            "{\n\"Dirquota\": 100 \",\n\"Dirremain\": \"99 \",\nTTL: 1000 \"\n}\n",
            1,
        )
        .expect("json");
        assert_eq!(
            j.value,
            serde_json::json!({"Dirquota": "100 ", "Dirremain": "99 ", "TTL": "1000 "})
        );
        assert!(
            j.repairs.contains(&REPAIR_OPENING_QUOTE.to_string()),
            "{:?}",
            j.repairs
        );
    }

    #[test]
    fn numbered_request_examples_and_their_host() {
        let text = "1. http://cdn.aliyuncs.com?Action=AddCdnDomain&CdnType=web&<Public request parameter>\n";
        let r = parse_request(text, 5).expect("request");
        assert_eq!(r.action.as_deref(), Some("AddCdnDomain"));
        assert_eq!(r.params, [("CdnType".to_string(), "web".to_string())]);
        assert_eq!(request_host(text).as_deref(), Some("cdn.aliyuncs.com"));
        assert_eq!(request_host("https://ecs.example.com/?Action=X"), None);
    }

    #[test]
    fn a_key_that_lost_its_colon() {
        let text = "{\n  \"1472659500\": {\n    \"Tianjin\": { {\n      \"China Telecom\" {\n        \"pv\": 5819\n      }\n    }\n  }\n}\n";
        let j = parse_json(text, 1).expect("json");
        // `{ {` is the structure repair's business (`[{`).
        assert_eq!(
            j.value["1472659500"]["Tianjin"][0]["China Telecom"]["pv"],
            5819
        );
        assert!(
            j.repairs.contains(&REPAIR_MISSING_COLON.to_string()),
            "{:?}",
            j.repairs
        );
    }

    #[test]
    fn comment_line_captions_are_blanked() {
        // KMS pages open both example fences with a `//json response` caption.
        let j = parse_json("//json response\n{\n\"RequestId\": \"R\"\n}\n", 30).expect("json");
        assert_eq!(j.value, serde_json::json!({"RequestId": "R"}));
        assert_eq!(j.repairs, [REPAIR_COMMENT_LINE]);
        let x = xml_to_json(
            "//xml response\n<KMS>\n<RequestId>R</RequestId>\n</KMS>\n",
            40,
        )
        .expect("xml");
        assert_eq!(x, serde_json::json!({"RequestId": "R"}));
    }

    #[test]
    fn request_seed_block_verbatim() {
        let text = "https://ecs.aliyuncs.com/?Action=CreateAutoSnapshotPolicy\n&regionId=cn-hangzhou\n&repeatWeekdays=[\"1\"]\n&retentionDays=30\n&timePoints=[\"0\", \"19\"]\n&autoSnapshotPolicyName=FinanceJoshua\n&<公共请求参数>\n";
        let r = parse_request(text, 71).expect("request");
        assert_eq!(r.line, 71);
        assert_eq!(r.action.as_deref(), Some("CreateAutoSnapshotPolicy"));
        assert_eq!(
            params(&r),
            vec![
                ("regionId", "cn-hangzhou"),
                ("repeatWeekdays", "[\"1\"]"),
                ("retentionDays", "30"),
                ("timePoints", "[\"0\", \"19\"]"),
                ("autoSnapshotPolicyName", "FinanceJoshua"),
            ]
        );
    }

    #[test]
    fn request_english_trailer_and_host_variants() {
        for host in [
            "https://ecs.aliyuncs.com/?",
            "http(s)://ecs.aliyuncs.com/?",
            "http://ecs-cn-hangzhou.aliyuncs.com/?",
            "https://ecs.example.com/?",
            "https://ecs.aliyuncs.com?",
            "http(s)://[Endpoint]/?",
            "https://ecs.aliyuncs.com/?&",
        ] {
            for trailer in [
                "&<Common request parameters>",
                "&<Common Request Parameters>",
            ] {
                let text = format!("{host}Action=DescribeDisks\n&RegionId=cn-hangzhou\n{trailer}");
                let r = parse_request(&text, 1).expect(host);
                assert_eq!(r.action.as_deref(), Some("DescribeDisks"), "{host}");
                assert_eq!(params(&r), vec![("RegionId", "cn-hangzhou")], "{host}");
            }
        }
    }

    #[test]
    fn request_spaced_action_and_lowercase_key() {
        let r = parse_request(
            "https://ecs.aliyuncs.com/? Action= DescribeUserdata\n&InstanceId=i-1",
            3,
        )
        .expect("request");
        assert_eq!(r.action.as_deref(), Some("DescribeUserdata"));
        assert_eq!(params(&r), vec![("InstanceId", "i-1")]);
        let r =
            parse_request("https://ecs.aliyuncs.com/?action=DescribeDisks", 3).expect("request");
        assert_eq!(r.action.as_deref(), Some("DescribeDisks"));
        assert!(r.params.is_empty());
    }

    #[test]
    fn request_one_line_url() {
        let r = parse_request(
            "https://ecs.aliyuncs.com/?Action=DescribeRegions&RegionId=cn-hangzhou&PageSize=10",
            5,
        )
        .expect("request");
        assert_eq!(r.action.as_deref(), Some("DescribeRegions"));
        assert_eq!(
            params(&r),
            vec![("RegionId", "cn-hangzhou"), ("PageSize", "10")]
        );
    }

    #[test]
    fn request_raw_json_values_and_inner_ampersand() {
        let text = "https://ecs.aliyuncs.com/?Action=StartInstances\n&InstanceIds=[\"i-XXXXX\",\"i-YYYYY\"]\n&Query=a&b c\n&Timed=true&Frequency=0 0-5 14 * * ?\n&<公共请求参数>";
        let r = parse_request(text, 1).expect("request");
        assert_eq!(
            params(&r),
            vec![
                ("InstanceIds", "[\"i-XXXXX\",\"i-YYYYY\"]"),
                ("Query", "a&b c"),
                ("Timed", "true"),
                ("Frequency", "0 0-5 14 * * ?"),
            ]
        );
    }

    #[test]
    fn request_action_not_first_and_odd_lines() {
        let text = "https://ecs.aliyuncs.com/?RegionId=cn-hangzhou\n&Action=DescribeInstances\nPageNumber=1\n$BatchOptimization=SuccessFirst\nEventId. 1=\"e-1\"\n&DescribeInstanceVncUrl\n&amp;&lt;Common Request Parameters>";
        let r = parse_request(text, 1).expect("request");
        assert_eq!(r.action.as_deref(), Some("DescribeInstances"));
        assert_eq!(
            params(&r),
            vec![
                ("RegionId", "cn-hangzhou"),
                ("PageNumber", "1"),
                ("BatchOptimization", "SuccessFirst"),
                ("EventId. 1", "\"e-1\""),
                ("DescribeInstanceVncUrl", ""),
            ]
        );
    }

    #[test]
    fn request_rejects_non_urls() {
        assert_eq!(parse_request("{\n\"RequestId\": \"x\"\n}", 1), None);
        assert_eq!(parse_request("<XResponse/>", 1), None);
        assert_eq!(parse_request("", 1), None);
        assert_eq!(parse_request("   \n\n", 1), None);
    }

    // --- JSON -----------------------------------------------------------------------------

    fn repaired(text: &str) -> (Value, Vec<String>) {
        match parse_json(text, 10) {
            Ok(j) => (j.value, j.repairs),
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn json_valid_as_is() {
        let (v, r) = repaired(
            "{\n\t\"RequestId\":\"F3CD\",\n\t\"AutoSnapshotPolicyId\":\"sp-233e6yl**\"\n}",
        );
        assert_eq!(
            v,
            json!({"RequestId": "F3CD", "AutoSnapshotPolicyId": "sp-233e6yl**"})
        );
        assert!(r.is_empty());
    }

    #[test]
    fn json_http_header() {
        let text = "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"RequestId\": \"x\"\n}";
        let (v, r) = repaired(text);
        assert_eq!(v, json!({"RequestId": "x"}));
        assert_eq!(r, vec!["http-header"]);
    }

    #[test]
    fn json_smart_quotes_and_fullwidth_punctuation() {
        let text = "{\n  “InvokeRecordStatus”：“Finished”，\n  \"Message\": \"The input “Name” is bad\"\n}";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({"InvokeRecordStatus": "Finished", "Message": "The input “Name” is bad"})
        );
        assert_eq!(r, vec!["smart-quotes"]);
        // full-width comma after an ASCII string
        let (v, _) = repaired("{\"a\": \"…D541\"，\n\"b\": 1}");
        assert_eq!(v, json!({"a": "…D541", "b": 1}));
    }

    #[test]
    fn json_trailing_commas() {
        let (v, r) = repaired("{\n  \"a\": [1, 2,],\n  \"b\": {\"c\": \"x,\",},\n}");
        assert_eq!(v, json!({"a": [1, 2], "b": {"c": "x,"}}));
        assert_eq!(r, vec!["trailing-comma"]);
    }

    #[test]
    fn json_missing_commas() {
        let text = "{\n    \"RequestId\": \"E69E\",\n    \"HostId\": \"ecs.aliyuncs.com\"\n    \"Code\": 5\n    \"Ok\": true\n    \"List\": [{\"a\": 1}\n {\"a\": 2}]\n    \"N\": null\n    \"E\": 1e5\n}";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({"RequestId": "E69E", "HostId": "ecs.aliyuncs.com", "Code": 5, "Ok": true,
                   "List": [{"a": 1}, {"a": 2}], "N": null, "E": 1e5})
        );
        assert_eq!(r, vec!["missing-comma"]);
    }

    #[test]
    fn json_rebrace_flat() {
        // intl.en-US/.../Images/Deleteimage.md: a blank line, then the members, no braces.
        let text = "\n    \"RequestId\": \"C0003E8B-B930-4F59-ADC0-0E209A9012A8\"\n";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({"RequestId": "C0003E8B-B930-4F59-ADC0-0E209A9012A8"})
        );
        assert_eq!(r, vec!["rebrace"]);
        let (v, _) = repaired("\"RequestId\": \"x\",\n\"NetworkInterfaceId\": \"eni-1\"\n");
        assert_eq!(v, json!({"RequestId": "x", "NetworkInterfaceId": "eni-1"}));
    }

    #[test]
    fn json_rebrace_nested_from_indentation() {
        // Shape of history/en-US/DescribeImageSharePermission/2018-06-13: brace lines left blank
        // with their indentation.
        let text = "\n    \"ShareGroups\": {\n        \"ShareGroup\": [\n            \n                \"Group\": \"all\"\n            \n        \n    \n    \"Items\": {\n        \"Item\": [\n            \n                \"Id\": 1,\n                \"On\": false\n            \n            \n                \"Id\": 2,\n                \"On\": true\n            \n        \n    \n    \"TotalCount\": 1,\n    \"RequestId\": \"9AD9\"\n";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({
                "ShareGroups": {"ShareGroup": [{"Group": "all"}]},
                "Items": {"Item": [{"Id": 1, "On": false}, {"Id": 2, "On": true}]},
                "TotalCount": 1,
                "RequestId": "9AD9"
            })
        );
        assert!(r.contains(&"rebrace".to_string()));
    }

    #[test]
    fn json_rebrace_with_partial_braces() {
        let text = "    \"RequestId\": \"1651\",\n    \"Permissions\": {\n        \"Permission\": [{\n            \"IpProtocol\": \"ALL\",\n            \"Policy\": \"Accept\"\n        \n        \n            \"IpProtocol\": \"tcp\",\n            \"Policy\": \"accept\"\n        \n    }\n";
        let (v, _) = repaired(text);
        assert_eq!(
            v,
            json!({"RequestId": "1651", "Permissions": {"Permission": [
                {"IpProtocol": "ALL", "Policy": "Accept"},
                {"IpProtocol": "tcp", "Policy": "accept"}
            ]}})
        );
    }

    #[test]
    fn json_inner_quotes() {
        let text = "{\n  \"Code\": \"InvalidParameter\",\n  \"Message\": \"The Parameter \"EventCycleStatus\" provided is not valid.\"\n}";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({"Code": "InvalidParameter",
                   "Message": "The Parameter \"EventCycleStatus\" provided is not valid."})
        );
        assert_eq!(r, vec!["inner-quotes"]);
    }

    #[test]
    fn json_trailing_text() {
        // history/en-US/DescribeRegions/2018-11-15: `}e`
        let (v, r) = repaired("{\n  \"a\": 1\n}e\n");
        assert_eq!(v, json!({"a": 1}));
        assert_eq!(r, vec!["trailing-text"]);
    }

    #[test]
    fn json_unicode_space() {
        // history/en-US/DetachDisk/2018-10-26: no-break spaces in the indentation.
        let (v, r) = repaired("{\n    \u{a0} \u{a0} \"RequestId\": \"a\u{a0}b\"\n}");
        assert_eq!(v, json!({"RequestId": "a\u{a0}b"}));
        assert_eq!(r, vec!["unicode-space"]);
    }

    #[test]
    fn json_bare_key() {
        let (v, r) = repaired("{\n  \"SourceDiskId\": \"d-1\",\n  Totalcount: 1\n}");
        assert_eq!(v, json!({"SourceDiskId": "d-1", "Totalcount": 1}));
        assert_eq!(r, vec!["bare-key"]);
    }

    #[test]
    fn json_structure_object_holding_objects() {
        // ecs/en-US/DescribeKeyPairs.md: `"KeyPair":{ {…} ]`
        let text = "{\n\t\"KeyPairs\": {\n\t\t\"KeyPair\":{\n\t\t\t{\n\t\t\t\t\"KeyPairName\": \"test\"\n\t\t\t}\n\t\t]\n\t},\n\t\"PageSize\":2\n}";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({"KeyPairs": {"KeyPair": [{"KeyPairName": "test"}]}, "PageSize": 2})
        );
        assert_eq!(r, vec!["structure"]);
    }

    #[test]
    fn json_structure_doubled_element_brace() {
        // zh-CN-legacy/DescribeLaunchTemplateVersions.md: `[{ {` … `} }]`
        let text = "{\n\"Sets\":{\n\t\"Set\":[{\n\t\t{\n\t\t\t\"A\":1\n\t\t},\n\t\t{\n\t\t\t\"A\":2\n\t\t}\n\t}]\n}\n}";
        let (v, r) = repaired(text);
        assert_eq!(v, json!({"Sets": {"Set": [{"A": 1}, {"A": 2}]}}));
        assert_eq!(r, vec!["structure"]);
    }

    #[test]
    fn json_structure_members_in_array() {
        // zh-CN-legacy/DescribeSnapshotPackage.md: `"SnapshotPackage": [ "StartTime": … ]`
        let text = "{\n\t\"SnapshotPackages\": {\n\t\t\"SnapshotPackage\": [\n\t\t\t\"StartTime\": \"2017\",\n\t\t\t\"DisplayName\": \"sp\"\n\t\t]\n\t},\n\t\"RequestId\": \"ACD9\"\n}";
        let (v, r) = repaired(text);
        assert_eq!(
            v,
            json!({"SnapshotPackages": {"SnapshotPackage": [{"StartTime": "2017", "DisplayName": "sp"}]},
                   "RequestId": "ACD9"})
        );
        assert_eq!(r, vec!["structure"]);
    }

    #[test]
    fn json_structure_stray_line_and_missing_closer() {
        // history/en-US/InvokeCommand/2018-08-24: the closing `}` typed as `|`.
        let (v, r) = repaired("{\n    \"RequestId\":\"540C\",\n    \"InvokeId\":\"t-1\"\n|\n");
        assert_eq!(v, json!({"RequestId": "540C", "InvokeId": "t-1"}));
        assert_eq!(r, vec!["structure"]);
        // A doubled closer at the end.
        let (v, r) = repaired("{\n  \"a\": [1]\n}\n}\n");
        assert_eq!(v, json!({"a": [1]}));
        assert_eq!(r, vec!["structure"]);
    }

    #[test]
    fn json_repairs_are_identity_on_valid_json() {
        let valid = [
            "{\"a\": \"x\", \"b\": \"y\"}",
            "{\n  \"a\": \"“quoted”, ：\",\n  \"b\": [1, 2e3, -4, true, false, null],\n  \"c\": {\"d\": \"e\\\"f\"}\n}",
            "[\n  \"a\",\n  \"b\"\n]",
            "{\"a\":\"x\",\"b\":\"y\"}\n",
            "\"RequestId\"",
        ];
        for text in valid {
            assert!(serde_json::from_str::<Value>(text).is_ok(), "{text}");
            for (name, repair) in REPAIRS {
                assert_eq!(repair(text), text, "{name} changed {text}");
            }
        }
    }

    #[test]
    fn json_error_located_on_page_line() {
        // A value no repair can make sense of.
        let text = "{\n  \"Platform\": \"SUSE\",\n  \"Progress\": @@,\n  \"Size\": 20\n}";
        let d = parse_json(text, 100).expect_err("broken");
        assert_eq!(d.line, 102);
        assert_eq!(d.kind, "example-json");
        assert_eq!(d.severity, crate::ir::Severity::Error);
        let d = parse_json("", 7).expect_err("empty");
        assert_eq!(d.kind, "example-json");
    }

    // --- XML ------------------------------------------------------------------------------

    #[test]
    fn xml_seed_example() {
        let text = "<CreateAutoSnapshotPolicyResponse>\n      <RequestId>F3CD6886</RequestId>\n      <AutoSnapshotPolicyId>sp-233e6yl**</AutoSnapshotPolicyId>\n</CreateAutoSnapshotPolicyResponse>\n";
        let v = xml_to_json(text, 85).expect("xml");
        assert_eq!(
            v,
            json!({"RequestId": "F3CD6886", "AutoSnapshotPolicyId": "sp-233e6yl**"})
        );
    }

    #[test]
    fn xml_nesting_and_repeats() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse>\n  <Instances>\n    <Instance><InstanceId>i-1</InstanceId><Tags><Tag><Key>k</Key></Tag></Tags></Instance>\n    <Instance><InstanceId>i-2</InstanceId><Empty/></Instance>\n  </Instances>\n  <TotalCount>2</TotalCount>\n</DescribeInstancesResponse>";
        let v = xml_to_json(text, 1).expect("xml");
        assert_eq!(
            v,
            json!({
                "Instances": {"Instance": [
                    {"InstanceId": "i-1", "Tags": {"Tag": {"Key": "k"}}},
                    {"InstanceId": "i-2", "Empty": ""}
                ]},
                "TotalCount": "2"
            })
        );
    }

    #[test]
    fn xml_header_and_misplaced_declaration() {
        let text = "HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XResponse><RequestId>r</RequestId></XResponse>";
        assert_eq!(
            xml_to_json(text, 1).expect("xml"),
            json!({"RequestId": "r"})
        );
        let text = "\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XResponse><RequestId>r</RequestId></XResponse>";
        assert_eq!(
            xml_to_json(text, 1).expect("xml"),
            json!({"RequestId": "r"})
        );
        let text = "&lt;XResponse>\n&lt;RequestId>r&lt;/RequestId>\n&lt;/XResponse>";
        assert_eq!(
            xml_to_json(text, 1).expect("xml"),
            json!({"RequestId": "r"})
        );
    }

    #[test]
    fn xml_malformed_is_located() {
        let text = "<XResponse>\n  <RequestId>r</RequestID>\n</XResponse>";
        let d = xml_to_json(text, 50).expect_err("mismatched");
        assert_eq!(d.line, 51);
        assert_eq!(d.kind, "example-xml");
        assert!(xml_to_json("", 1).is_err());
    }

    // --- classification -------------------------------------------------------------------

    #[test]
    fn classify_by_info_labels_and_content() {
        let url = "https://ecs.aliyuncs.com/?Action=X\n&A=1";
        let xml = "<XResponse>\n<RequestId>r</RequestId>\n</XResponse>";
        let json = "{\n\"RequestId\": \"r\"\n}";
        let err_xml =
            "<Error>\n<RequestId>r</RequestId>\n<HostId>ecs.aliyuncs.com</HostId>\n</Error>";
        let err_json =
            "{\n\"RequestId\": \"r\",\n\"HostId\": \"ecs.aliyuncs.com\",\n\"Code\": \"X\"\n}";
        use BlockKind::*;
        assert_eq!(classify("{#request_demo}", &["请求示例"], url), Request);
        assert_eq!(classify("", &["Sample requests"], url), Request);
        assert_eq!(classify("", &["**请求示例一**"], url), Request);
        assert_eq!(
            classify(
                "{#xml_return_success_demo}",
                &["正常返回示例", "`XML` 格式"],
                xml
            ),
            XmlSuccess
        );
        assert_eq!(
            classify("{#json_return_success_demo}", &["`JSON` 格式"], json),
            JsonSuccess
        );
        assert_eq!(
            classify("", &["Sample success responses", "`XML` format"], xml),
            XmlSuccess
        );
        assert_eq!(classify("", &["**JSON format\u{a0}**"], json), JsonSuccess);
        assert_eq!(classify("json", &[], json), JsonSuccess);
        assert_eq!(
            classify("", &["**异常返回示例**", "**XML 格式**"], err_xml),
            XmlError
        );
        assert_eq!(
            classify("", &["**Error response example**", "**XML format**"], xml),
            XmlError
        );
        // The JSON after an error XML block repeats only the format label.
        assert_eq!(classify("", &["**JSON 格式**"], err_json), JsonError);
        // Brace-less JSON and a header-prefixed one.
        assert_eq!(
            classify("", &["**JSON format**"], "\n    \"RequestId\": \"x\"\n"),
            JsonSuccess
        );
        assert_eq!(
            classify(
                "",
                &[],
                "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{}"
            ),
            JsonSuccess
        );
        assert_eq!(classify("", &["`JSON` 格式"], "garbage"), JsonSuccess);
        assert_eq!(classify("", &["something"], "garbage"), Unknown);
        assert_eq!(classify("", &[], ""), Unknown);
    }

    // --- robustness -----------------------------------------------------------------------

    const SEED_JSON: &str = "\n    \"Permissions\": {\n        \"Permission\": [{\n            “IpProtocol”：“ALL”，\n            \"Msg\": \"a \"b\" c\",\n        \n        \n            \"IpProtocol\": \"tcp\"\n        \n    }\n    \"RequestId\": \"1651\"\n}\n}";

    proptest! {
        #[test]
        fn mutated_json_never_panics(ops in proptest::collection::vec((0usize..400, 0u8..3, 0usize..8), 0..12)) {
            let mut chars: Vec<char> = SEED_JSON.chars().collect();
            let extra = ['{', '}', '"', ',', '\n', '“', '：', '\\'];
            for (pos, op, what) in ops {
                if chars.is_empty() { break; }
                let at = pos % chars.len();
                match op {
                    0 => { chars.remove(at); }
                    1 => { let c = chars[at]; chars.insert(at, c); }
                    _ => chars.insert(at, extra[what % extra.len()]),
                }
            }
            let text: String = chars.into_iter().collect();
            let _ = parse_json(&text, 1);
            let _ = xml_to_json(&text, 1);
            let _ = parse_request(&text, 1);
            let _ = classify("", &[], &text);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = parse_json(&text, 1);
            let _ = xml_to_json(&text, 1);
            let _ = parse_request(&text, 1);
            let _ = classify(&text, &[&text], &text);
        }
    }
}
