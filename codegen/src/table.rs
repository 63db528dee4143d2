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
    /// Whitespace characters before the cell's text in the page (CDN indents `└` markers by
    /// level); 0 where the page layer does not know.
    pub indent: u32,
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
/// generations, and headers have typos: `HTTP stauts code`, `Description.`). This is the one
/// synonym table of header words, for every product's pages.
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
            "名称" | "name" | "parameter" | "parameters" | "prameter" | "field" | "参数"
            | "参数名" | "参数名称" | "节点名" => Col::Name,
            "类型" | "type" | "数据类型" => Col::Type,
            "是否必选" | "是否必需" | "是否必须" | "必选" | "required" | "required or not" => {
                Col::Required
            }
            "示例值" | "example" | "example value" | "example values" | "instance value"
            | "sample response" | "示例" => Col::Example,
            "描述" | "说明" | "description" | "meaning" | "note" | "advice" => Col::Description,
            "position" | "位置" => Col::Position,
            "httpcode" | "http" | "http 状态码" | "http状态码" | "http status code"
            | "http stauts code" | "http status ode" | "http stat" | "httpstatecode" | "状态码" => {
                Col::HttpStatus
            }
            "错误码" | "错误代码" | "error code" | "error codes" | "errorcode" | "code" => {
                Col::Code
            }
            "错误信息" | "error message" | "error messages" | "error information" | "message"
            | "errormessage" => Col::Message,
            _ => return None,
        };
        Some(col)
    }
}

/// Column positions of one table, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns(Vec<Option<Col>>);

impl Columns {
    /// The columns of `table` by header. A header written twice where the type column
    /// belongs (`Parameters|Parameters|Required|...` in CDN pages) is the type column when the
    /// table has none: the second of two name columns right after the first.
    pub fn of(table: &Table) -> Columns {
        let mut cols: Vec<Option<Col>> = table.header.iter().map(|h| Col::from_header(h)).collect();
        if !cols.contains(&Some(Col::Type)) {
            if let Some(i) = cols.windows(2).position(|w| w == [Some(Col::Name); 2]) {
                cols[i + 1] = Some(Col::Type);
            }
        }
        Columns(cols)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            ..Table::default()
        }
    }

    #[test]
    fn header_synonyms_of_other_products() {
        let cols = Columns::of(&table(&[
            "Parameters",
            "Type",
            "Required",
            "Example values",
            "Description",
        ]));
        assert_eq!(cols.find(Col::Name), Some(0));
        assert_eq!(cols.find(Col::Example), Some(3));
        let cols = Columns::of(&table(&["HTTPStateCode", "ErrorCode", "ErrorMessage"]));
        assert_eq!(
            (
                cols.find(Col::HttpStatus),
                cols.find(Col::Code),
                cols.find(Col::Message)
            ),
            (Some(0), Some(1), Some(2))
        );
        let cols = Columns::of(&table(&["参数名称", "类型", "是否必须", "描述"]));
        assert_eq!(
            (cols.find(Col::Name), cols.find(Col::Required)),
            (Some(0), Some(2))
        );
        assert_eq!(Col::from_header("Required?"), Some(Col::Required));
        assert_eq!(Col::from_header("Advice"), Some(Col::Description));
    }

    #[test]
    fn a_repeated_name_header_is_the_type_column() {
        let t = table(&[
            "Parameters",
            "Parameters",
            "Required",
            "Example values",
            "Description",
        ]);
        let cols = Columns::of(&t);
        assert_eq!(
            (cols.find(Col::Name), cols.find(Col::Type)),
            (Some(0), Some(1))
        );
        assert!(cols.unknown(&t).is_empty());
        // With a type column present, a second name column stays a name column.
        let cols = Columns::of(&table(&["Name", "Name", "Type"]));
        assert_eq!(cols.find(Col::Type), Some(2));
    }
}
