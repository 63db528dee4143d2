//! Which section a `##` heading opens, by its text in either language (FORMAT.md §2), and what
//! an action page's sections hold: the tables of each kind, the description, the example blocks.

use super::identity::is_action_name;
use super::response::{self, RespRow, RespTable};
use crate::page::{Block, Doc};
use crate::table::{Col, Columns, Table};

/// The sections the reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Description,
    Debug,
    Request,
    Response,
    Examples,
    Errors,
    /// `## 节点名` of a data-type page.
    NodeName,
    /// `## 子节点` of a data-type page.
    Children,
    Other,
}

impl SectionKind {
    pub fn of(heading: &str) -> SectionKind {
        let h = heading
            .trim()
            .trim_end_matches([':', '：'])
            .trim()
            .to_ascii_lowercase();
        match h.as_str() {
            "接口说明" | "描述" | "description" | "接口描述" | "precautions" | "limits"
            | "methods" => SectionKind::Description,
            "调试" | "debugging" | "debug" => SectionKind::Debug,
            "请求参数" | "request parameters" | "request parameter" => SectionKind::Request,
            "返回参数"
            | "返回数据"
            | "response parameters"
            | "return parameters"
            | "response elements" => SectionKind::Response,
            "示例" | "examples" | "example" => SectionKind::Examples,
            "错误码" | "error codes" | "errors" | "errors codes" | "error code" => {
                SectionKind::Errors
            }
            "节点名" | "节点" => SectionKind::NodeName,
            "子节点" => SectionKind::Children,
            _ => SectionKind::Other,
        }
    }
}

/// The kind of each section of `doc`, in order.
pub(super) fn kinds(doc: &Doc) -> Vec<SectionKind> {
    doc.sections
        .iter()
        .map(|s| SectionKind::of(&s.heading.text))
        .collect()
}

/// What an action page's sections hold, borrowed from the page.
pub(super) struct Parts<'d> {
    pub req_tables: Vec<&'d Table>,
    pub resp_tables: Vec<RespTable>,
    /// The response section's heading line (the H1's when there is none).
    pub resp_line: u32,
    pub err_tables: Vec<&'d Table>,
    /// The description section as text (tables as Markdown tables, code as `text` fences).
    pub description: String,
    pub example_blocks: Vec<&'d Block>,
}

/// Sorts the sections of an action page into [`Parts`].
pub(super) fn gather<'d>(doc: &'d Doc, kinds: &[SectionKind], h1_line: u32) -> Parts<'d> {
    let mut req_tables: Vec<&Table> = Vec::new();
    let mut resp_tables: Vec<RespTable> = Vec::new();
    let mut resp_line = h1_line;
    let mut err_tables: Vec<&Table> = Vec::new();
    let mut desc = Vec::new();
    let mut example_blocks = Vec::new();
    let mut type_tables: Vec<RespTable> = Vec::new();
    for (section, kind) in doc.sections.iter().zip(kinds) {
        match kind {
            SectionKind::Description => {
                for b in &section.blocks {
                    match b {
                        Block::Para { text, .. } => desc.push(text.clone()),
                        Block::Code { text, .. } => desc.push(format!("```text\n{}```", text)),
                        Block::Table(t) => desc.push(markdown_table(t)),
                        _ => {}
                    }
                }
            }
            SectionKind::Request => req_tables.extend(tables_of(&section.blocks)),
            SectionKind::Response => {
                resp_line = section.heading.line;
                resp_tables = response_tables(&section.blocks);
            }
            SectionKind::Errors => err_tables.extend(tables_of(&section.blocks)),
            SectionKind::Examples => example_blocks = section.blocks.iter().collect(),
            SectionKind::Other => {
                // KMS documents a response type in a section of its own (`## KeyMetadata`,
                // reached by `[KeyMetadata](#section_…)`): its tables are captioned sub-tables.
                let h = section.heading.text.trim();
                let name = h.strip_suffix(" fields").unwrap_or(h).trim();
                if is_action_name(name) {
                    for t in tables_of(&section.blocks) {
                        type_tables.push(resp_table(t, Some(name.to_string())));
                    }
                }
            }
            _ => {}
        }
    }
    if !resp_tables.is_empty() {
        resp_tables.append(&mut type_tables);
    }
    Parts {
        req_tables,
        resp_tables,
        resp_line,
        err_tables,
        description: desc.join("\n\n"),
        example_blocks,
    }
}

/// A table of the description as one Markdown table (a cell's line breaks become spaces, its
/// pipes are escaped), so that the description keeps what the page says.
pub(super) fn markdown_table(t: &Table) -> String {
    fn row<'a>(cells: impl Iterator<Item = &'a str>) -> String {
        let mut out = String::from("|");
        for c in cells {
            let c = c.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push_str(&c.replace('|', "\\|"));
            out.push('|');
        }
        out
    }
    let mut lines = vec![
        row(t.header.iter().map(String::as_str)),
        format!("|{}", "---|".repeat(t.header.len())),
    ];
    lines.extend(
        t.rows
            .iter()
            .map(|r| row(r.cells.iter().map(|c| c.text.as_str()))),
    );
    lines.join("\n")
}

pub(super) fn tables_of(blocks: &[Block]) -> impl Iterator<Item = &Table> {
    blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    })
}

/// The response section's tables with the bold caption (or heading-like paragraph) before each.
pub(super) fn response_tables(blocks: &[Block]) -> Vec<RespTable> {
    let mut out = Vec::new();
    let mut caption = None;
    for b in blocks {
        match b {
            Block::Para {
                text, bold: true, ..
            } => caption = Some(text.clone()),
            Block::Para { .. } => {}
            Block::Table(t) => {
                out.push(resp_table(t, caption.take()));
            }
            _ => {}
        }
    }
    out
}

pub(super) fn resp_table(t: &Table, caption: Option<String>) -> RespTable {
    let cols = Columns::of(t);
    RespTable {
        line: t.line,
        caption,
        rows: t
            .rows
            .iter()
            .map(|r| {
                let ty_cell = cols.cell(r, Col::Type);
                RespRow {
                    line: r.line,
                    // Indented as on the page: the indentation before a `└` tells the level.
                    name: cols.cell(r, Col::Name).map_or(String::new(), |c| {
                        let mut name = " ".repeat(c.indent as usize);
                        name.push_str(c.trimmed());
                        name
                    }),
                    ty: ty_cell.map_or("", |c| c.trimmed()).to_string(),
                    // A link to a page (not to a section of one) names the data-type page.
                    link: ty_cell.and_then(|c| {
                        c.links.iter().find(|l| l.contains(".md")).and_then(|l| {
                            let (file, anchor) = l.split_once('#').unwrap_or((l, ""));
                            let base = file.rsplit('/').next().unwrap_or(file);
                            anchor
                                .trim()
                                .is_empty()
                                .then(|| base.trim_end_matches(".md").trim().to_string())
                        })
                    }),
                    target: ty_cell
                        .and_then(|c| c.links.iter().find_map(|l| response::page_target(l))),
                    example: cols.text(r, Col::Example).to_string(),
                    description: cols
                        .cell(r, Col::Description)
                        .map_or(String::new(), |c| c.text.trim().to_string()),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::SectionKind::*;
    use super::*;

    #[test]
    fn headings_in_both_languages() {
        assert_eq!(SectionKind::of("请求参数"), Request);
        assert_eq!(SectionKind::of("Request Parameters"), Request);
        assert_eq!(SectionKind::of("返回数据"), Response);
        // SLB's older pages (outside the corpus): `## Response elements {#resultMapping .section}`.
        assert_eq!(SectionKind::of("Response elements"), Response);
        assert_eq!(SectionKind::of("Return parameters"), Response);
        assert_eq!(SectionKind::of("接口说明："), Description);
        assert_eq!(SectionKind::of("Errors codes"), Errors);
        assert_eq!(SectionKind::of("子节点"), Children);
        assert_eq!(SectionKind::of("Something else"), Other);
    }
}
