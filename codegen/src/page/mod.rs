//! Markdown page -> blocks (headings, paragraphs, tables, code) with page lines.
//!
//! [`normalise`] takes the tables out of the page (the pages write rows GFM cannot read) and
//! leaves a marker paragraph where each stood; pulldown-cmark reads the rest (headings with
//! attributes, fences, lists, inline markup), `walk` turns its events into blocks and puts
//! each table at its marker, and `cells` renders the table cells.

mod cells;
mod normalise;
mod walk;

pub use normalise::{normalise, Normalised, RawTable, TABLE_MARK};

use crate::ir::Diagnostic;
use crate::table::Table;
use memchr::memmem;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::sync::LazyLock;

/// Stands for a source line break inside a joined table row (a private-use character that
/// never occurs in the pages).
pub const LINE_BREAK: char = '\u{E000}';
const LINE_BREAK_UTF8: &[u8] = "\u{E000}".as_bytes();

/// Finds LINE_BREAK (a plain `char` search would stop at every `80` byte of CJK text).
static BREAKS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(LINE_BREAK_UTF8));

/// GFM tables (for tables written without outer pipes, which stay in the text) and heading
/// attributes.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_HEADING_ATTRIBUTES);

/// A page split into blocks.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Doc {
    /// The page starts with YAML front matter (action pages never do).
    pub front_matter: bool,
    /// Blocks before the first `##` heading (the H1 among them).
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
    /// Problems found while reading the page: unterminated and short rows, tables that an
    /// HTML block swallowed.
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

impl Block {
    /// The page line the block starts on.
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading(h) => h.line,
            Block::Para { line, .. } | Block::Code { line, .. } => *line,
            Block::Table(t) => t.line,
        }
    }
}

/// Reads a page into blocks.
pub fn parse(src: &str) -> Doc {
    let mut norm = normalise(src);
    let mut doc = Doc {
        front_matter: norm.front_matter,
        diagnostics: std::mem::take(&mut norm.diagnostics),
        ..Doc::default()
    };
    let lines = walk::Lines::new(&norm.text, &norm.line_map);
    let parser = Parser::new_ext(&norm.text, OPTIONS).into_offset_iter();
    // The tables normalise took out, rendered (their reference links resolve against the
    // page's definitions, known after pulldown-cmark's first pass), each waiting for its
    // marker paragraph.
    let mut tables: Vec<Option<Table>> = cells::render(&norm, parser.reference_definitions())
        .into_iter()
        .map(Some)
        .collect();
    let mut blocks = walk::Walk::run(parser, &norm.text, &lines, &mut tables);

    // A marker swallowed by an HTML block (one that runs to its end tag, past blank lines):
    // the table is kept where its line puts it, its marker leaves the swallowing text, and
    // the diagnostic says so.
    for (k, t) in tables.into_iter().enumerate().rev() {
        let Some(t) = t else { continue };
        doc.diagnostics.push(Diagnostic::error(
            t.line,
            "table-unplaced",
            "pulldown-cmark reads this table as part of an HTML block; it is kept as a table at its line",
        ));
        let mark = format!("{TABLE_MARK}{k}");
        for b in &mut blocks {
            if let Block::Para { text, .. } | Block::Code { text, .. } = b {
                if text.contains(&mark) {
                    *text = text.replace(&mark, "");
                }
            }
        }
        let at = blocks.partition_point(|b| b.line() <= t.line);
        blocks.insert(at, Block::Table(t));
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

/// The text and link destinations of inline content, as the reader wants them: code spans
/// keep their backticks, HTML stays as written, emphasis markers and link syntax go.
#[derive(Default)]
struct Inline {
    text: String,
    links: Vec<String>,
}

impl Inline {
    fn clear(&mut self) {
        self.text.clear();
        self.links.clear();
    }

    fn take(&mut self) -> (String, Vec<String>) {
        (
            std::mem::take(&mut self.text),
            std::mem::take(&mut self.links),
        )
    }

    fn event(&mut self, ev: Event) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => self.links.push(dest_url.to_string()),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => self.text.push_str(&t),
            Event::Code(t) => {
                self.text.push('`');
                self.text.push_str(&t);
                self.text.push('`');
            }
            Event::SoftBreak | Event::HardBreak => self.text.push('\n'),
            _ => {}
        }
    }
}

/// Line breaks back to `\n`, each line trimmed, outer blank lines kept (they keep the line map).
fn clean_cell(raw: &str) -> String {
    clean_cell_counting(raw).0
}

/// [`clean_cell`], and how many line breaks `raw` holds.
fn clean_cell_counting(raw: &str) -> (String, u32) {
    let mut s = String::with_capacity(raw.len());
    let mut start = 0;
    let mut breaks = 0;
    for k in BREAKS.find_iter(raw.as_bytes()) {
        s.push_str(raw[start..k].trim());
        s.push('\n');
        start = k + LINE_BREAK_UTF8.len();
        breaks += 1;
    }
    s.push_str(raw[start..].trim());
    (s, breaks)
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
    fn header_and_rows_written_one_cell_per_line() {
        // ROS and CMS error tables: every cell opens its own line, blank lines between them.
        let src = "# X\n\n## Error codes\n\n|HttpCode\n\n|Error code\n\n|Error message\n\n|Description |\n|---|---|---|---|\n|400\n\n|CircularDependency\n\n|Found: \\{reason\\}.\n\n|The template has a cycle. |\n|404\n\n|StackNotFound\n\n|Not found.\n\n|No such stack. |\n\n## Examples\n";
        let doc = parse(src);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let t = tables(&doc)[0];
        assert_eq!(
            t.header,
            ["HttpCode", "Error code", "Error message", "Description"]
        );
        assert_eq!(t.rows.len(), 2);
        let texts: Vec<&str> = t.rows[1].cells.iter().map(|c| c.trimmed()).collect();
        assert_eq!(
            texts,
            ["404", "StackNotFound", "Not found.", "No such stack."]
        );
        assert_eq!((t.line, t.rows[0].line, t.rows[1].line), (5, 13, 20));
        // A one-line row that is not closed still ends at the next row.
        let doc = parse("# X\n\n## A\n\n|Name|Type|Description|\n|--|--|--|\n|A|String|first\n|B|String|second|\n");
        assert_eq!(tables(&doc)[0].rows.len(), 2);
        assert_eq!(doc.diagnostics[0].kind, "row-unterminated");
    }

    #[test]
    fn a_table_without_separator_line() {
        // CDN zh-CN: the header of column words, then the rows, no `|---|` line.
        let doc = parse("# X\n\n## 请求参数\n\n|参数|类型|是否必选|示例值|描述|\n|Action|String|是|ModifyHttpHeaderConfig|系统规定参数。|\n|ConfigID|String|是|892783|配置ID。|\n\n## 返回参数\n");
        let t = tables(&doc)[0];
        assert_eq!(t.header, ["参数", "类型", "是否必选", "示例值", "描述"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[0].trimmed(), "ConfigID");
        // A row of ordinary cells without separator stays text.
        let doc = parse("# X\n\n|a|b|c|\n|d|e|f|\n");
        assert!(tables(&doc).is_empty());
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
    fn tables_keep_their_place_among_blocks() {
        let doc = parse("# X\n\n## A\n\nbefore\n|a|b|\n|--|--|\n|1|2|\nafter\n\n|c|\n|-|\n|3|\n");
        let kinds: Vec<&str> = doc.sections[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para { .. } => "para",
                Block::Table(_) => "table",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["para", "table", "para", "table"]);
        assert_eq!(tables(&doc)[1].rows[0].cells[0].text, "3");
    }

    #[test]
    fn a_table_swallowed_by_html_is_reported_not_lost() {
        // An HTML comment block runs to its `-->`, past blank lines and the table's marker.
        let doc =
            parse("# X\n\n## A\n\n<!-- open\n\n|a|b|\n|--|--|\n|1|2|\n\n-->\n\n## B\n\ntext\n");
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows[0].cells[1].text, "2");
        assert_eq!(doc.diagnostics[0].kind, "table-unplaced");
        assert_eq!(doc.diagnostics[0].line, 7);
        // It stays in its own section, and no marker is left in any text.
        assert!(matches!(
            doc.sections[0].blocks.last(),
            Some(Block::Table(_))
        ));
        assert!(format!("{doc:?}").find(TABLE_MARK).is_none());
    }

    #[test]
    fn a_table_inside_a_longer_fence_is_code() {
        // The ```` fence is not closed by the ``` line, so the table is code text.
        let doc = parse("# X\n\n## A\n\n````\n```\n|a|b|\n|--|--|\n|1|2|\n````\n\n## B\n");
        assert!(tables(&doc).is_empty());
        match &doc.sections[0].blocks[0] {
            Block::Code { text, .. } => assert!(text.contains("|1|2|"), "{text}"),
            b => panic!("{b:?}"),
        }
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    }

    #[test]
    fn the_item_after_a_code_block_keeps_its_own_line() {
        let doc = parse("# X\n\n## A\n\n- a\n\n  ```\n  x\n  ```\n\n-\n  foo\n");
        let last = doc.sections[0].blocks.last().expect("blocks");
        assert!(
            matches!(last, Block::Para { text, line: 11, .. } if text == "- foo"),
            "{last:?}"
        );
    }

    #[test]
    fn a_code_block_inside_a_list_item_keeps_the_item_text() {
        let doc = parse("# X\n\n## A\n\n- Take note:\n\n  ```\n  a|b\n  ```\n\n  and then this.\n");
        let got: Vec<(String, u32)> = doc.sections[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para { text, line, .. } => (text.clone(), *line),
                Block::Code { text, line, .. } => (format!("code {text}"), *line),
                _ => (String::new(), 0),
            })
            .collect();
        assert_eq!(
            got,
            [
                ("- Take note:".to_string(), 5),
                ("code a|b\n".to_string(), 8),
                ("and then this.".to_string(), 11)
            ]
        );
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
