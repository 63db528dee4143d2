//! Tables as the reader sees them: header names, rows of cells with their page lines.
//! `page` builds them (multi-line cells already joined, Markdown rendered to plain text).

/// One table of the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Line of the header row.
    pub line: u32,
    /// Header cells, trimmed.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// First line of the row.
    pub line: u32,
    /// As many cells as the header has (missing ones empty, excess merged into the free-text
    /// column: see `page`).
    pub cells: Vec<Cell>,
}

/// A cell rendered to text: escapes removed, links reduced to their text, inline code kept in
/// backticks, emphasis markers dropped. A cell that spanned several physical lines keeps one
/// `\n` per source line break, so line `k` (0-based) of `text` sits on page line `line + k`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub line: u32,
    /// Destinations of the links in the cell, in order.
    pub links: Vec<String>,
}

impl Cell {
    /// The text trimmed of Unicode whitespace (an "empty" cell is often a lone NBSP).
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
    /// `(page line, text)` for each non-blank line.
    pub fn lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.text
            .split('\n')
            .enumerate()
            .map(move |(i, l)| (self.line + i as u32, l.trim()))
            .filter(|(_, l)| !l.is_empty())
    }
}

/// What a column holds, recognised by its header text (column order differs between
/// generations, and headers have typos: `HTTP stauts code`, `Description.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Name,
    Type,
    Required,
    Example,
    Description,
    /// `Position` (`Query`), in three en G3 pages.
    Position,
    HttpStatus,
    Code,
    Message,
}

impl Col {
    pub fn from_header(h: &str) -> Option<Col> {
        let h = h.trim().trim_end_matches(['.', '?', '？']).trim();
        let lower = h.to_ascii_lowercase();
        let col = match lower.as_str() {
            "名称" | "name" | "parameter" | "参数" | "参数名" | "节点名" => Col::Name,
            "类型" | "type" | "数据类型" => Col::Type,
            "是否必选" | "是否必需" | "必选" | "required" | "required or not" => {
                Col::Required
            }
            "示例值" | "example" | "example value" | "示例" => Col::Example,
            "描述" | "说明" | "description" | "meaning" | "note" => Col::Description,
            "position" | "位置" => Col::Position,
            "httpcode" | "http" | "http 状态码" | "http状态码" | "http status code"
            | "http stauts code" | "http status ode" | "状态码" => Col::HttpStatus,
            "错误码" | "错误代码" | "error code" | "error codes" => Col::Code,
            "错误信息" | "error message" | "error messages" | "error information" | "message" => {
                Col::Message
            }
            _ => return None,
        };
        Some(col)
    }
}

/// Column positions of one table, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns(Vec<Option<Col>>);

impl Columns {
    pub fn of(table: &Table) -> Columns {
        Columns(table.header.iter().map(|h| Col::from_header(h)).collect())
    }
    pub fn find(&self, c: Col) -> Option<usize> {
        self.0.iter().position(|x| *x == Some(c))
    }
    /// Headers that were not understood, as (index, text).
    pub fn unknown<'a>(&self, table: &'a Table) -> Vec<&'a str> {
        self.0
            .iter()
            .zip(&table.header)
            .filter(|(c, _)| c.is_none())
            .map(|(_, h)| h.as_str())
            .collect()
    }
    /// The cell of `row` in column `c`, if the table has that column.
    pub fn cell<'r>(&self, row: &'r Row, c: Col) -> Option<&'r Cell> {
        self.find(c).and_then(|i| row.cells.get(i))
    }
    /// Trimmed text of that cell, or "".
    pub fn text<'r>(&self, row: &'r Row, c: Col) -> &'r str {
        self.cell(row, c).map_or("", Cell::trimmed)
    }
}
