//! Request URL examples: `https://ecs.aliyuncs.com/?Action=X` and one `&Param=value` per line.

use super::*;

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
pub(super) fn strip_numbering(l: &str) -> &str {
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    match l[digits..].strip_prefix(". ") {
        Some(rest) if digits > 0 => rest.trim_start(),
        _ => l,
    }
}

/// Split one query fragment on `&`, but only where what follows looks like a parameter name
/// (`Name=`, `<trailer>`, or a bare name); an `&` inside a value stays in the value.
pub(super) fn push_segments(out: &mut Vec<String>, s: &str) {
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
pub(super) fn starts_like_param(p: &str) -> bool {
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

pub(super) fn unescape_html(s: &str) -> String {
    if s.contains("&amp;") || s.contains("&lt;") || s.contains("&gt;") {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    } else {
        s.to_string()
    }
}

// JSON
