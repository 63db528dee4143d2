//! A cell as logical lines (bullets, glued G1 bullets, code fences) and the scan state of one line.

/// One logical line of a cell.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// Content, trimmed, bullet marker removed.
    pub text: &'a str,
    pub line: u32,
    pub bullet: bool,
    /// A bullet indented under another one.
    pub nested: bool,
    /// Inside (or a fence of) a fenced code block.
    pub code: bool,
}

pub(super) fn split_lines(text: &str, first_line: u32) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (k, raw) in text.split('\n').enumerate() {
        let line = first_line.saturating_add(k as u32);
        let t = raw.trim();
        if t.starts_with("```") {
            in_code = !in_code;
            out.push(Line {
                text: t,
                line,
                bullet: false,
                nested: false,
                code: true,
            });
            continue;
        }
        if in_code {
            out.push(Line {
                text: t,
                line,
                bullet: false,
                nested: false,
                code: true,
            });
            continue;
        }
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
        let (mut bullet, mut body) = match strip_marker(t) {
            Some(b) => (true, b),
            None => (false, t),
        };
        let mut nested = bullet && indent >= 3;
        // G1 glue: `取值范围：-   PrePaid：…-   PostPaid：…`.
        while let Some(p) = find_glued_marker(body) {
            out.push(Line {
                text: body[..p].trim(),
                line,
                bullet,
                nested,
                code: false,
            });
            body = strip_marker(&body[p..]).unwrap_or("");
            bullet = true;
            nested = false;
        }
        out.push(Line {
            text: body.trim(),
            line,
            bullet,
            nested,
            code: false,
        });
    }
    out
}

/// `-   x` / `* x` / `• x` -> `x`.
pub(super) fn strip_marker(t: &str) -> Option<&str> {
    let mut ch = t.chars();
    let m = ch.next()?;
    if !matches!(m, '-' | '*' | '•') {
        return None;
    }
    let rest = ch.as_str();
    if rest.starts_with(char::is_whitespace) {
        Some(rest.trim_start())
    } else {
        None
    }
}

/// Byte offset (> 0) of a bullet marker glued into a line: `-` followed by at least two spaces
/// and then text.
pub(super) fn find_glued_marker(body: &str) -> Option<usize> {
    memchr::memmem::find_iter(body.as_bytes(), "-  ")
        .find(|&p| p > 0 && !body[p + 1..].trim_start().is_empty())
}

/// State of one line's scan: the scanners record which byte spans they understood.
pub(super) struct Scan<'a, 'b> {
    pub lines: &'a [Line<'a>],
    pub i: usize,
    pub consumed: &'b mut [bool],
    pub spans: Vec<(usize, usize)>,
    /// Keyword bits of the line (`k::*`).
    pub keys: u32,
}

impl<'a> Scan<'a, '_> {
    pub fn line(&self) -> &Line<'a> {
        &self.lines[self.i]
    }
    pub fn text(&self) -> &'a str {
        self.lines[self.i].text
    }
    pub fn has(&self, bits: u32) -> bool {
        self.keys & bits != 0
    }
    pub fn covered(&self, pos: usize) -> bool {
        self.spans.iter().any(|&(a, b)| a <= pos && pos < b)
    }
    pub fn cover(&mut self, a: usize, b: usize) {
        self.spans.push((a, b.max(a + 1)));
    }
}
