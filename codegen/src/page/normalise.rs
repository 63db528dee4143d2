//! Page text -> text pulldown-cmark can read, and the tables taken out of it.
//!
//! The reference pages write table rows that GFM cannot read: a cell continues over several
//! physical lines (blank lines and bullets included) and the row closes with ` |` or a lone `|`
//! line; code fences sit inside cells; the last column holds unescaped `|`. [`normalise`] joins
//! every row (source line breaks become [`LINE_BREAK`]), splits it into cells, merges the
//! pipes that are cell content into the free-text column, and keeps the tables beside the text:
//! each leaves one [`TABLE_MARK`] paragraph in the text, so pulldown-cmark sees the rest of the
//! page (headings, paragraphs, lists, fences) with the tables in their places, and their cells
//! are rendered by [`super::cells`]. It also drops YAML front matter and keeps a map back to
//! page lines.

use super::{LINE_BREAK, LINE_BREAK_UTF8};
use crate::ir::Diagnostic;
use crate::table::Col;
use std::borrow::Cow;
use std::ops::Range;

/// Starts the paragraph `\u{E001}<k>` that stands for table `k` in the normalised text (a
/// private-use character that never occurs in the pages).
pub const TABLE_MARK: char = '\u{E001}';

/// A table as [`normalise`] found it: its cells are still Markdown.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RawTable {
    /// Page line of each row; row 0 is the header.
    pub rows: Vec<u32>,
    pub ncols: usize,
    /// `ncols` cells per row, row after row, as byte ranges of [`Normalised::cells`]. A cell
    /// holds [`LINE_BREAK`] where its source text broke the line.
    pub cells: Vec<Range<u32>>,
}

impl RawTable {
    /// Page line of the header row.
    pub fn line(&self) -> u32 {
        self.rows.first().copied().unwrap_or(1)
    }
}

/// Output of [`normalise`].
#[derive(Debug, Default)]
pub struct Normalised {
    pub text: String,
    /// Page line (1-based) of each normalised line.
    pub line_map: Vec<u32>,
    pub diagnostics: Vec<Diagnostic>,
    pub front_matter: bool,
    /// The tables, in page order; table `k` stands in `text` as the line `\u{E001}k`.
    pub tables: Vec<RawTable>,
    /// The Markdown of every table cell, one after the other.
    pub cells: String,
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') || !t.contains('|') {
        return false;
    }
    t.split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .all(|c| {
            let c = c.trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

/// A code fence line, as CommonMark reads one: three or more backticks or tildes (a backtick
/// fence's info string has no backtick). It closes a fence of the same character that is no
/// longer than it, when nothing but spaces follows.
struct Fence {
    ch: u8,
    len: usize,
    bare: bool,
}

impl Fence {
    fn of(line: &str) -> Option<Fence> {
        let t = line.trim_start().as_bytes();
        let ch = *t.first().filter(|c| matches!(c, b'`' | b'~'))?;
        let len = t.iter().take_while(|&&c| c == ch).count();
        let info = &t[len..];
        if len < 3 || (ch == b'`' && info.contains(&b'`')) {
            return None;
        }
        Some(Fence {
            ch,
            len,
            bare: info.iter().all(u8::is_ascii_whitespace),
        })
    }

    fn closes(&self, open: &Fence) -> bool {
        self.ch == open.ch && self.len >= open.len && self.bare
    }
}

/// Ends with a `|` that is not escaped.
fn ends_with_pipe(s: &str) -> bool {
    s.trim_end()
        .strip_suffix('|')
        .is_some_and(|before| !ends_escaping(before))
}

/// `s` ends in an odd run of backslashes, so the next character is escaped (`\\|` is an
/// escaped backslash and then a pipe).
fn ends_escaping(s: &str) -> bool {
    s.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Splits a joined row into cells on unescaped `|`, treating fenced content (a line of the row
/// that starts with ```` ``` ```` up to the next such line) as opaque: its pipes are escaped.
/// Works on bytes: `|`, `\\`, `` ` `` and spaces are ASCII, so every cut is a char boundary.
/// A cell borrows from `row` unless a pipe in it had to be escaped.
fn split_cells(row: &str) -> Vec<Cow<'_, str>> {
    let body = row.trim();
    let body = body.strip_prefix('|').unwrap_or(body);
    let body = match body.trim_end().strip_suffix('|') {
        Some(b) if !ends_escaping(b) => b,
        _ => body,
    };
    let bytes = body.as_bytes();
    let mut cells = Vec::with_capacity(6);
    // The current cell so far, once an escaped pipe made it differ from `body`.
    let mut owned: Option<String> = None;
    let mut start = 0; // start of the pending run of plain text in `body`
    let mut in_fence = false;
    let mut line_start = true;
    let mut i = 0;
    loop {
        if line_start {
            // The first non-space byte of a physical line: a fence there opens or closes.
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            if bytes.get(i..).is_some_and(|r| r.starts_with(b"```")) {
                in_fence = !in_fence;
            }
            line_start = false;
        }
        // Only escapes, pipes and line breaks matter; jump to the next one.
        let Some(off) = bytes
            .get(i..)
            .and_then(|r| memchr::memchr3(b'\\', b'|', 0xEE, r))
        else {
            break;
        };
        i += off;
        match bytes[i] {
            b'\\' => i += 1, // keep the escape and the escaped byte as they are
            b'|' if in_fence => {
                let cur = owned.get_or_insert_with(String::new);
                cur.push_str(&body[start..i]);
                cur.push_str("\\|");
                start = i + 1;
            }
            b'|' => {
                cells.push(finish_cell(owned.take(), &body[start..i]));
                start = i + 1;
            }
            // LINE_BREAK is U+E000, encoded EE 80 80.
            _ if bytes[i..].starts_with(LINE_BREAK_UTF8) => {
                line_start = true;
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
    cells.push(finish_cell(owned, body.get(start..).unwrap_or("")));
    cells
}

/// A cell from its escaped head (if any) and the plain text after it.
fn finish_cell(owned: Option<String>, tail: &str) -> Cow<'_, str> {
    match owned {
        Some(mut s) => {
            s.push_str(tail);
            Cow::Owned(s)
        }
        None => Cow::Borrowed(tail),
    }
}

/// How many cells `split_cells` would find on one physical line (no fences inside).
fn count_cells(line: &str) -> usize {
    let body = line.trim();
    let body = body.strip_prefix('|').unwrap_or(body);
    let body = body.strip_suffix('|').unwrap_or(body);
    let b = body.as_bytes();
    1 + (0..b.len())
        .filter(|&k| b[k] == b'|' && !ends_escaping(&body[..k]))
        .count()
}

/// Takes the tables out of the page (each row joined and split into cells, content pipes
/// merged into the free-text column), leaves a marker paragraph for each, drops front matter
/// and maps normalised lines back to page lines; see the module docs.
pub fn normalise(src: &str) -> Normalised {
    let lines = physical_lines(src);
    let mut out = Normalised {
        text: String::with_capacity(src.len() + src.len() / 8),
        line_map: Vec::with_capacity(lines.len()),
        ..Normalised::default()
    };
    let mut i = 0;
    // YAML front matter: `---` first line up to the next `---`.
    if lines.first().map(|l| l.trim()) == Some("---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            out.front_matter = true;
            for k in 0..=end + 1 {
                out.push_line("", k);
            }
            i = end + 2;
        }
    }
    // The open code fence, if any: tables are not looked for inside it.
    let mut fence: Option<Fence> = None;
    // The current row with its physical lines joined by LINE_BREAK (reused between rows).
    let mut joined = String::new();
    while i < lines.len() {
        let line = lines[i];
        let f = Fence::of(line);
        let toggles = match (&fence, &f) {
            (None, Some(_)) => true,
            (Some(open), Some(close)) => close.closes(open),
            _ => false,
        };
        if toggles {
            fence = if fence.is_some() { None } else { f };
            out.push_line(line, i);
            i += 1;
            continue;
        }
        if fence.is_some() || !line.trim_start().starts_with('|') {
            out.push_line(line, i);
            i += 1;
            continue;
        }
        // The header: one line, or cells on lines of their own (blank lines between them)
        // up to the one that ends in `|`, right above the separator.
        let Some((header_end, body)) = header_end(&lines, i) else {
            out.push_line(line, i);
            i += 1;
            continue;
        };
        let header_text;
        let header_line = if header_end == i {
            line
        } else {
            header_text = lines[i..=header_end]
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            &header_text
        };
        // A table: header, separator, rows.
        let header = split_cells(header_line);
        let ncols = header.len();
        let free = header
            .iter()
            .position(|h| Col::from_header(h) == Some(Col::Message))
            .unwrap_or(ncols.saturating_sub(1));
        if out
            .text
            .lines()
            .last()
            .is_some_and(|l| !l.trim().is_empty())
        {
            out.push_line("", i);
        }
        let mut table = RawTable {
            ncols,
            ..RawTable::default()
        };
        out.push_row(&mut table, &header, i);
        let mark = format!("{TABLE_MARK}{}", out.tables.len());
        out.push_line(&mark, i);
        out.push_line("", header_end + 1);
        i = body;
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            let start = i;
            joined.clear();
            joined.push_str(lines[i]);
            let mut cell_fence = false;
            // A first line that ends in `|` is the whole row, unless it is short of cells and
            // text follows (`|└DeliveringAmount|Integer|20| ` then the description).
            let next_starts_row = lines
                .get(i + 1)
                .is_none_or(|l| l.trim_start().starts_with('|'));
            let mut closed = ends_with_pipe(lines[i])
                && !is_fence_open_in(lines[i])
                && (next_starts_row || count_cells(lines[i]) >= ncols);
            i += 1;
            while !closed && i < lines.len() {
                let l = lines[i];
                let t = l.trim();
                // A line that opens a cell starts the next row, unless this row is written one
                // cell per line and is still short of cells.
                let opens_row = l.trim_start().starts_with('|')
                    && t != "|"
                    && !next_cell_of_split_row(&joined, ncols);
                if !cell_fence && (opens_row || t.starts_with('#')) {
                    break; // the row never closed; the next row or section begins
                }
                joined.push(LINE_BREAK);
                joined.push_str(l);
                i += 1;
                if t.starts_with("```") {
                    cell_fence = !cell_fence;
                    if !cell_fence && ends_with_pipe(t) {
                        closed = true;
                    }
                    continue;
                }
                if !cell_fence && ends_with_pipe(l) {
                    closed = true;
                }
            }
            if !closed {
                out.diagnostics.push(Diagnostic::warning(
                    start as u32 + 1,
                    "row-unterminated",
                    "table row is not closed by `|`; it was ended at the next row or heading",
                ));
            }
            let mut cells = split_cells(&joined);
            if cells.len() > ncols && ncols > 0 {
                let extra = cells.len() - ncols;
                let merged = cells[free..=free + extra].join("\\|");
                cells.splice(free..=free + extra, std::iter::once(Cow::Owned(merged)));
            } else if cells.len() < ncols {
                out.diagnostics.push(Diagnostic::warning(
                    start as u32 + 1,
                    "row-short",
                    format!(
                        "table row has {} cells where the header has {ncols}; the missing ones are empty",
                        cells.len()
                    ),
                ));
                cells.resize(ncols, Cow::Borrowed(""));
            }
            out.push_row(&mut table, &cells, start);
        }
        out.tables.push(table);
        out.push_line("", i.saturating_sub(1));
    }
    out
}

impl Normalised {
    /// Appends `text` (no `\n` in it) as the normalised line for 0-based page line `line`.
    fn push_line(&mut self, text: &str, line: usize) {
        self.text.push_str(text);
        self.text.push('\n');
        self.line_map.push(line as u32 + 1);
    }

    /// Adds a row of `table` for 0-based page line `line`.
    fn push_row(&mut self, table: &mut RawTable, cells: &[Cow<'_, str>], line: usize) {
        table.rows.push(line as u32 + 1);
        for c in cells {
            let start = self.cells.len() as u32;
            self.cells.push_str(c);
            table.cells.push(start..self.cells.len() as u32);
        }
    }
}

/// The last line of a table header that starts at `i` and the first line of its body: `i`
/// itself when the separator follows, or, for a header written one cell per line (`|HttpCode`,
/// blank, `|Error code`, ..., `|Description |`), the line ending in `|` right above the
/// separator (every line in between is blank or opens a cell, at most [`MAX_HEADER_LINES`]);
/// or `i` with the body right below when the page left the separator out and every header
/// cell is a column word (`|参数|类型|是否必选|示例值|描述|`).
fn header_end(lines: &[&str], i: usize) -> Option<(usize, usize)> {
    if lines.get(i + 1).is_some_and(|l| is_separator(l)) {
        return Some((i, i + 2));
    }
    if ends_with_pipe(lines[i]) {
        // CDN's zh-CN pages: no separator, a header of column words and the rows right below.
        let words = split_cells(lines[i]);
        let is_header = words.len() >= 3
            && words.iter().all(|w| Col::from_header(w).is_some())
            && lines
                .get(i + 1)
                .is_some_and(|l| l.trim_start().starts_with('|'));
        return is_header.then_some((i, i + 1));
    }
    let mut k = i + 1;
    while k < lines.len() && k - i < MAX_HEADER_LINES {
        let t = lines[k].trim();
        if !t.is_empty() && !t.starts_with('|') {
            return None;
        }
        if ends_with_pipe(t) {
            return lines
                .get(k + 1)
                .is_some_and(|l| is_separator(l))
                .then_some((k, k + 2));
        }
        k += 1;
    }
    None
}

/// A header written one cell per line has at most this many lines (cells and blanks).
const MAX_HEADER_LINES: usize = 24;

/// In a row written one cell per line (the layout of a split header, FORMAT.md's dialect in
/// ROS and CMS pages), a line that starts with `|` opens the next cell while the row is short
/// of cells: the row so far has fewer than `ncols` of them.
fn next_cell_of_split_row(joined: &str, ncols: usize) -> bool {
    let line_starts = joined
        .split(LINE_BREAK)
        .filter(|l| l.trim_start().starts_with('|'))
        .count();
    line_starts < ncols && count_cells(joined) < ncols
}

/// `src` split on `\n`, each line without a trailing `\r` (a final empty line included).
fn physical_lines(src: &str) -> Vec<&str> {
    fn strip(l: &str) -> &str {
        l.strip_suffix('\r').unwrap_or(l)
    }
    let mut lines = Vec::with_capacity(src.len() / 48);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', src.as_bytes()) {
        lines.push(strip(&src[start..nl]));
        start = nl + 1;
    }
    lines.push(strip(&src[start..]));
    lines
}

/// The line opens a code fence inside a cell (```` ``` ```` after the last pipe, not closed).
fn is_fence_open_in(line: &str) -> bool {
    memchr::memchr(b'`', line.as_bytes()).is_some() && line.matches("```").count() % 2 == 1
}
