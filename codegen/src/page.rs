//! Markdown page -> blocks (headings, paragraphs, tables, code) with page lines.
//!
//! The reference pages write table rows that GFM cannot read: a cell continues over several
//! physical lines (blank lines and bullets included) and the row closes with ` |` or a lone `|`
//! line; code fences sit inside cells; the last column holds unescaped `|`. [`normalise`] turns
//! every row into one line (source line breaks become [`LINE_BREAK`]), escapes pipes that are
//! cell content, drops YAML front matter, and keeps a map back to page lines. pulldown-cmark
//! then does the Markdown proper (headings with attributes, fences, tables, inline markup).

use crate::ir::Diagnostic;
use crate::table::{Cell, Col, Row, Table};
use memchr::memmem;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Stands for a source line break inside a joined table row (a private-use character that
/// never occurs in the pages).
pub const LINE_BREAK: char = '\u{E000}';
const LINE_BREAK_UTF8: &[u8] = "\u{E000}".as_bytes();

/// Finds LINE_BREAK (a plain `char` search would stop at every `80` byte of CJK text).
static BREAKS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(LINE_BREAK_UTF8));

/// A page split into blocks.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Doc {
    /// The page starts with YAML front matter (action pages never do).
    pub front_matter: bool,
    /// Blocks before the first `##` heading (the H1 among them).
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
    /// Problems found while normalising (unterminated rows, short rows).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: Heading,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    /// Text with the `{#id .class}` block removed, trimmed (NBSP included).
    pub text: String,
    /// The attribute block as written (`{#doc_api_Ecs_X .reference}`), if any.
    pub attrs: Option<String>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(Heading),
    /// A paragraph or list item, rendered to text. `bold`: the whole paragraph is strong text
    /// (the captions of sub-tables). `links`: link destinations in it.
    Para {
        text: String,
        line: u32,
        bold: bool,
        links: Vec<String>,
    },
    Table(Table),
    /// A fenced or indented code block; `line` is the page line of its first content line.
    Code {
        info: String,
        text: String,
        line: u32,
    },
}

/// Output of [`normalise`].
#[derive(Debug, Default)]
pub struct Normalised {
    pub text: String,
    /// Page line (1-based) of each normalised line.
    pub line_map: Vec<u32>,
    pub diagnostics: Vec<Diagnostic>,
    pub front_matter: bool,
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

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Ends with a `|` that is not escaped.
fn ends_with_pipe(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with('|') && !t.ends_with("\\|")
}

/// Splits a joined row into cells on unescaped `|`, treating fenced content (a line of the row
/// that starts with ```` ``` ```` up to the next such line) as opaque: its pipes are escaped.
/// Works on bytes: `|`, `\\`, `` ` `` and spaces are ASCII, so every cut is a char boundary.
/// A cell borrows from `row` unless a pipe in it had to be escaped.
fn split_cells(row: &str) -> Vec<Cow<'_, str>> {
    let body = row.trim();
    let body = body.strip_prefix('|').unwrap_or(body);
    let body = match body.trim_end().strip_suffix('|') {
        Some(b) if !b.ends_with('\\') => b,
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
        .filter(|&k| b[k] == b'|' && (k == 0 || b[k - 1] != b'\\'))
        .count()
}

/// Makes every table row a single line and escapes content pipes; see the module docs.
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
    let mut in_fence = false;
    // The current row with its physical lines joined by LINE_BREAK (reused between rows).
    let mut joined = String::new();
    while i < lines.len() {
        let line = lines[i];
        if is_fence(line) {
            in_fence = !in_fence;
            out.push_line(line, i);
            i += 1;
            continue;
        }
        if in_fence
            || !line.trim_start().starts_with('|')
            || !lines.get(i + 1).is_some_and(|l| is_separator(l))
        {
            out.push_line(line, i);
            i += 1;
            continue;
        }
        // A table: header, separator, rows.
        let header = split_cells(line);
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
        out.push_row(&header, i);
        out.text.push('|');
        for _ in 0..ncols {
            out.text.push_str("---|");
        }
        out.push_line("", i + 1);
        i += 2;
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
                if !cell_fence
                    && (l.trim_start().starts_with('|') && t != "|" || t.starts_with('#'))
                {
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
            out.push_row(&cells, start);
        }
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

    /// Appends `|a|b|c|` for 0-based page line `line`.
    fn push_row(&mut self, cells: &[Cow<'_, str>], line: usize) {
        self.text.push('|');
        for (k, c) in cells.iter().enumerate() {
            if k > 0 {
                self.text.push('|');
            }
            self.text.push_str(c);
        }
        self.push_line("|", line);
    }
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

/// Reads a page into blocks.
pub fn parse(src: &str) -> Doc {
    let norm = normalise(src);
    let mut doc = Doc {
        front_matter: norm.front_matter,
        diagnostics: norm.diagnostics,
        ..Doc::default()
    };
    // Start offset of every normalised line, for offset -> line.
    let mut starts = Vec::with_capacity(norm.line_map.len() + 1);
    starts.push(0usize);
    starts.extend(memchr::memchr_iter(b'\n', norm.text.as_bytes()).map(|k| k + 1));
    let line_idx = |off: usize| starts.partition_point(|&s| s <= off).saturating_sub(1);
    let line_of = |off: usize| -> u32 { norm.line_map.get(line_idx(off)).copied().unwrap_or(1) };
    // Page line of a table cell: its row's line plus the breaks before it in the row. Cells
    // come in order, so the breaks are counted from the previous cell of the same row.
    let mut counted = (usize::MAX, 0usize, 0u32); // (normalised line, offset, breaks before it)
    let mut cell_line = |off: usize| -> u32 {
        let idx = line_idx(off);
        if counted.0 != idx || counted.1 > off {
            counted = (idx, starts.get(idx).copied().unwrap_or(0), 0);
        }
        let breaks = norm
            .text
            .get(counted.1..off)
            .map_or(0, |s| BREAKS.find_iter(s.as_bytes()).count());
        counted.1 = off;
        counted.2 += breaks as u32;
        norm.line_map.get(idx).copied().unwrap_or(1) + counted.2
    };

    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let parser = Parser::new_ext(&norm.text, opts).into_offset_iter();

    let mut blocks: Vec<Block> = Vec::new();
    let mut text = String::new();
    let mut links: Vec<String> = Vec::new();
    let mut block_line = 1u32;
    let mut strong_depth = 0usize;
    let mut only_strong = true;
    let mut item_depth = 0usize;
    let mut code: Option<(String, u32)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut in_head = false;
    let mut heading: Option<(u8, u32)> = None;

    for (ev, range) in parser {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                text.clear();
                heading = Some((level as u8, line_of(range.start)));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line)) = heading.take() {
                    // pulldown-cmark takes well-formed `{#id .class}` blocks itself; the raw
                    // line tells us whether one was there.
                    let raw = norm.text.get(range.clone()).unwrap_or("");
                    let (t, attrs) = split_heading_attrs(&text);
                    let attrs = attrs.or_else(|| split_heading_attrs(raw.trim()).1);
                    blocks.push(Block::Heading(Heading {
                        level,
                        text: t,
                        attrs,
                        line,
                    }));
                }
                text.clear();
            }
            Event::Start(Tag::Paragraph) if item_depth == 0 => {
                text.clear();
                links.clear();
                only_strong = true;
                block_line = line_of(range.start);
            }
            Event::End(TagEnd::Paragraph) if item_depth == 0 => {
                push_para(&mut blocks, &mut text, &mut links, block_line, only_strong);
            }
            Event::Start(Tag::Item) => {
                if item_depth == 0 {
                    text.clear();
                    links.clear();
                    block_line = line_of(range.start);
                } else {
                    text.push('\n');
                }
                text.push_str("- ");
                item_depth += 1;
                only_strong = false;
            }
            Event::End(TagEnd::Item) => {
                item_depth = item_depth.saturating_sub(1);
                if item_depth == 0 {
                    push_para(&mut blocks, &mut text, &mut links, block_line, false);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let first = line_of(range.start)
                    + u32::from(norm.text.get(range.start..).is_some_and(is_fence));
                code = Some((info, first));
                text.clear();
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, line)) = code.take() {
                    blocks.push(Block::Code {
                        info: info.trim().to_string(),
                        text: std::mem::take(&mut text),
                        line,
                    });
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    line: line_of(range.start),
                    ..Table::default()
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    blocks.push(Block::Table(t));
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                let ncols = table.as_ref().map_or(0, |t| t.header.len());
                row = Some(Row {
                    line: line_of(range.start),
                    cells: Vec::with_capacity(ncols),
                });
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                text.clear();
                links.clear();
                block_line = cell_line(range.start);
            }
            Event::End(TagEnd::TableCell) => {
                let cell_text = clean_cell(&text);
                if let Some(t) = table.as_mut() {
                    if in_head {
                        t.header.push(cell_text.trim().to_string());
                    } else if let Some(r) = row.as_mut() {
                        r.cells.push(Cell {
                            text: cell_text,
                            line: block_line,
                            links: std::mem::take(&mut links),
                        });
                    }
                }
                text.clear();
            }
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Text(t) => {
                if only_strong && code.is_none() && strong_depth == 0 && !t.trim().is_empty() {
                    only_strong = false;
                }
                text.push_str(&t);
            }
            Event::Code(t) => {
                if strong_depth == 0 {
                    only_strong = false;
                }
                text.push('`');
                text.push_str(&t);
                text.push('`');
            }
            Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
            Event::SoftBreak => text.push('\n'),
            Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }

    // Group blocks into sections at each level-2 heading.
    let mut current: Option<Section> = None;
    for b in blocks {
        match b {
            Block::Heading(h) if h.level == 2 => {
                if let Some(s) = current.take() {
                    doc.sections.push(s);
                }
                current = Some(Section {
                    heading: h,
                    blocks: Vec::new(),
                });
            }
            other => match current.as_mut() {
                Some(s) => s.blocks.push(other),
                None => doc.preamble.push(other),
            },
        }
    }
    doc.sections.extend(current);
    doc
}

fn push_para(
    blocks: &mut Vec<Block>,
    text: &mut String,
    links: &mut Vec<String>,
    line: u32,
    bold: bool,
) {
    let t = text.trim();
    if !t.is_empty() {
        blocks.push(Block::Para {
            text: t.to_string(),
            line,
            bold,
            links: std::mem::take(links),
        });
    }
    text.clear();
}

/// Line breaks back to `\n`, each line trimmed, outer blank lines kept (they keep the line map).
fn clean_cell(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut start = 0;
    for k in BREAKS.find_iter(raw.as_bytes()) {
        s.push_str(raw[start..k].trim());
        s.push('\n');
        start = k + LINE_BREAK_UTF8.len();
    }
    s.push_str(raw[start..].trim());
    s
}

/// `CreateAutoSnapshotPolicy {#doc_api_Ecs_X .reference}` -> (`CreateAutoSnapshotPolicy`, attrs).
pub fn split_heading_attrs(h: &str) -> (String, Option<String>) {
    let t = h.trim();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            let attrs = &t[open..];
            if attrs.contains('#') || attrs.contains('.') {
                return (t[..open].trim().to_string(), Some(attrs.to_string()));
            }
        }
    }
    (t.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(doc: &Doc) -> Vec<&Table> {
        doc.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn g2_rows_closed_by_lone_pipe_keep_their_lines() {
        let src = "# X {#doc_api_Ecs_X .reference}\n\n## 请求参数 {#parameters .section}\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|RegionId|String|是|cn-hangzhou|地域。\n\n 默认值：1\n\n |\n|Tag.N.Key|String|否|k|标签\n\n |\n";
        let doc = parse(src);
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].header, ["名称", "类型", "是否必选", "示例值", "描述"]);
        assert_eq!(t[0].rows.len(), 2);
        let d = &t[0].rows[0].cells[4];
        assert_eq!(d.line, 7);
        let lines: Vec<_> = d.lines().collect();
        assert_eq!(lines, [(7, "地域。"), (9, "默认值：1")]);
        assert_eq!(t[0].rows[1].line, 12);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    }

    #[test]
    fn g3_row_closed_by_trailing_pipe_and_bullets() {
        let src = "# X\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|InstanceNetworkType|String|No|vpc|The network type. Valid values:\n\n -   classic: classic network\n-   vpc: VPC |\n|PageSize|Integer|No|10|Size. |\n";
        let doc = parse(src);
        let t = tables(&doc)[0];
        assert_eq!(t.rows.len(), 2);
        let lines: Vec<_> = t.rows[0].cells[4].lines().collect();
        assert_eq!(
            lines,
            [
                (7, "The network type. Valid values:"),
                (9, "-   classic: classic network"),
                (10, "-   vpc: VPC")
            ]
        );
    }

    #[test]
    fn unescaped_pipes_go_to_the_free_column() {
        let src = "# X\n\n## 请求参数\n\n|名称|类型|是否必需|描述|\n|:-|:-|:---|:-|\n|Period|Integer|否|取值范围：\\[1, 9\\] | 12 | 24 | 36|\n\n## 错误码\n\n|错误代码|错误信息|HTTP 状态码|说明|\n|:-|:-|:-|:-|\n|InvalidPeriod|one of: 1|2|3|6|12.|400|说明|\n";
        let doc = parse(src);
        let t = tables(&doc);
        assert_eq!(t[0].rows[0].cells.len(), 4);
        assert_eq!(
            t[0].rows[0].cells[3].text,
            "取值范围：[1, 9] | 12 | 24 | 36"
        );
        assert_eq!(t[1].rows[0].cells[1].text, "one of: 1|2|3|6|12.");
        assert_eq!(t[1].rows[0].cells[2].text, "400");
    }

    #[test]
    fn code_fence_inside_a_cell() {
        let src = "# X\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Password|String|否|Abc|密码。特殊字符：\n\n ```\n()`~!@#$%^&*-_+=|{}[]:;'<>,.?/\n``` |\n|Next|String|否|x|下一个。 |\n";
        let doc = parse(src);
        let t = tables(&doc)[0];
        assert_eq!(t.rows.len(), 2, "{:#?}", t.rows);
        assert!(
            t.rows[0].cells[4].text.contains("+=|{}"),
            "{}",
            t.rows[0].cells[4].text
        );
        assert_eq!(t.rows[1].cells[0].text, "Next");
    }

    #[test]
    fn headings_lose_attributes_and_nbsp() {
        let doc = parse("# AttachNetworkInterface\u{a0} {#AttachNetworkInterface .reference}\n\ntext\n\n## 错误码 { .section}\n");
        match &doc.preamble[0] {
            Block::Heading(h) => {
                assert_eq!(h.text, "AttachNetworkInterface");
                assert!(h.attrs.as_deref().unwrap().contains("reference"));
            }
            b => panic!("{b:?}"),
        }
        assert_eq!(doc.sections[0].heading.text, "错误码");
    }

    #[test]
    fn short_first_line_with_trailing_pipe_continues() {
        let doc = parse("# X\n\n## A\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|└DeliveringAmount|Integer|20| \n\n 待交付数量\n\n |\n|Next|String|x|y|\n");
        let t = tables(&doc)[0];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[3].trimmed(), "待交付数量");
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    }

    #[test]
    fn front_matter_is_skipped() {
        let doc = parse("---\nkeyword: [a, b]\n---\n\n# Request syntax\n\nbody\n");
        assert!(doc.front_matter);
        assert!(matches!(&doc.preamble[0], Block::Heading(h) if h.line == 5));
    }

    #[test]
    fn escapes_links_and_code() {
        let doc = parse("# X\n\n## A\n\n|名称|描述|\n|--|--|\n|a|见[DescribeRegions](~~25609~~)，`x\\_y` i-bp\\*\\*\\*\\*|\n");
        let c = &tables(&doc)[0].rows[0].cells[1];
        assert_eq!(c.text, "见DescribeRegions，`x\\_y` i-bp****");
        assert_eq!(c.links, ["~~25609~~"]);
    }

    #[test]
    fn unterminated_row_is_reported_not_lost() {
        let doc = parse("# X\n\n## A\n\n|a|b|\n|--|--|\n|x|open\n|y|z|\n");
        let t = tables(&doc)[0];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(doc.diagnostics[0].kind, "row-unterminated");
        assert_eq!(doc.diagnostics[0].line, 7);
    }
}
