//! Table cells (Markdown) -> text, rendered as pulldown-cmark renders a table cell.
//!
//! Nineteen cells in twenty hold no inline markup at all, and their text is their Markdown. The
//! others (links, code spans, escapes, emphasis, entities, HTML) go through pulldown-cmark in
//! one pass per page, as the rows of a one-column table, so each is read in the same context
//! as in the page's own table.

use super::normalise::{Normalised, RawTable};
use super::{clean_cell, Inline, BREAKS, OPTIONS};
use crate::table::{Cell, Row, Table};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A byte that can start inline markup in a GFM table cell (NUL is replaced by U+FFFD).
#[inline]
fn is_markup(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'!' | b'<' | b'&' | b'~' | 0
    )
}

/// The cell's rendered text is its Markdown. Whole chunks are tested without branching, so
/// the compiler can test many bytes at once.
fn is_plain(md: &str) -> bool {
    md.as_bytes()
        .chunks(32)
        .all(|c| !c.iter().fold(false, |m, &b| m | is_markup(b)))
}

/// Renders every cell of `norm.tables`; the result holds one [`Table`] per [`RawTable`].
pub fn render(norm: &Normalised) -> Vec<Table> {
    let md = |r: &std::ops::Range<u32>| norm.cells.get(r.start as usize..r.end as usize);
    // The cells with markup, as the rows of one table: `|x|`, `|-|`, then `|cell|` each.
    let mut marked = String::new();
    let mut marked_count = 0usize;
    let plain: Vec<bool> = norm
        .tables
        .iter()
        .flat_map(|t| &t.cells)
        .map(|r| {
            let m = md(r).unwrap_or("");
            let plain = is_plain(m);
            if !plain {
                if marked.is_empty() {
                    marked.push_str("|x|\n|-|\n");
                }
                marked.push('|');
                marked.push_str(m);
                marked.push_str("|\n");
                marked_count += 1;
            }
            plain
        })
        .collect();
    let mut plain = plain.into_iter();
    let mut rendered = render_rows(&marked, marked_count).into_iter();
    norm.tables
        .iter()
        .map(|t| {
            let cells = t.cells.iter().map(|r| {
                let m = md(r).unwrap_or("");
                let breaks = BREAKS.find_iter(m.as_bytes()).count() as u32;
                let (text, links) = if plain.next().unwrap_or(true) {
                    (clean_cell(m), Vec::new())
                } else {
                    // A marked cell pulldown-cmark did not give back keeps its Markdown.
                    rendered
                        .next()
                        .map(|(text, links)| (clean_cell(&text), links))
                        .unwrap_or_else(|| (clean_cell(m), Vec::new()))
                };
                (text, links, breaks)
            });
            table(t, cells)
        })
        .collect()
}

/// Text and link destinations of each body cell of the one-column table `md`.
fn render_rows(md: &str, rows: usize) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::with_capacity(rows);
    if rows == 0 {
        return out;
    }
    let mut inline = Inline::default();
    let mut in_head = false;
    for ev in Parser::new_ext(md, OPTIONS) {
        match ev {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableCell) => inline.clear(),
            Event::End(TagEnd::TableCell) if !in_head => out.push(inline.take()),
            ev => inline.event(ev),
        }
    }
    out
}

/// One table from its rendered cells (text, links, line breaks in the Markdown), `ncols` per
/// row, the header first.
fn table(t: &RawTable, mut cells: impl Iterator<Item = (String, Vec<String>, u32)>) -> Table {
    let header = cells
        .by_ref()
        .take(t.ncols)
        .map(|(text, _, _)| text.trim().to_string())
        .collect();
    let rows = t
        .rows
        .iter()
        .skip(1)
        .map(|&line| {
            let mut row = Row {
                line,
                cells: Vec::with_capacity(t.ncols),
            };
            // A cell starts on its row's line plus the line breaks of the cells before it.
            let mut at = line;
            for (text, links, breaks) in cells.by_ref().take(t.ncols) {
                row.cells.push(Cell {
                    line: at,
                    links,
                    text,
                });
                at += breaks;
            }
            row
        })
        .collect();
    Table {
        line: t.line(),
        header,
        rows,
    }
}
