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

/// A byte that can start inline markup in a GFM table cell (NUL is replaced by U+FFFD). `~`
/// is not one: strikethrough is off, and `1~65536` is how Chinese pages write ranges.
#[inline]
fn is_markup(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'!' | b'<' | b'&' | 0
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
    render_with(norm, is_plain)
}

/// [`render`], with `plain` deciding which cells skip pulldown-cmark.
fn render_with(norm: &Normalised, plain: fn(&str) -> bool) -> Vec<Table> {
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
            let plain = plain(m);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::normalise;

    /// Renders `rows` (cells of a two-column table) both ways: the fast path and pulldown-cmark
    /// for every cell.
    fn both(rows: &[&str]) -> (Vec<Table>, Vec<Table>) {
        let md: String = std::iter::once("|a|b|\n|-|-|\n".to_string())
            .chain(rows.iter().map(|r| format!("{r}\n")))
            .collect();
        let norm = normalise(&md);
        (render(&norm), render_with(&norm, |_| false))
    }

    #[test]
    fn plain_cells_read_as_pulldown_reads_them() {
        let rows = [
            "|RegionId|cn-hangzhou|",
            "|  spaced  |\u{a0}NBSP\u{a0}|",
            "|地域|取值范围：1~65536，默认值：-1。|",
            "|tilde|~~struck~~ ~one~ 1～5|",
            "|tab\there|trailing spaces   |",
            "|multi|first line\n\n second line\n |",
            "|punct|(a), {b}; c: d. e? f/g=h#i%j+k'l\"m|",
            "|urls|http://example.com/a?b=c|",
            "|empty||",
        ];
        let (fast, slow) = both(&rows);
        assert_eq!(fast, slow);
        assert_eq!(fast[0].rows.len(), rows.len());
        assert_eq!(fast[0].rows[5].cells[1].text, "first line\n\nsecond line\n");
        assert_eq!(fast[0].rows[5].cells[1].line, 8);
    }

    #[test]
    fn markup_goes_through_pulldown() {
        let (fast, _) = both(&[
            "|a|see [DescribeRegions](~~25609~~) and `x\\_y`|",
            "|b|i-bp67acfmxazb4p\\*\\*\\*\\* &lt;tag&gt; **bold**|",
        ]);
        let cells = &fast[0].rows;
        assert_eq!(cells[0].cells[1].text, "see DescribeRegions and `x\\_y`");
        assert_eq!(cells[0].cells[1].links, ["~~25609~~"]);
        assert_eq!(cells[1].cells[1].text, "i-bp67acfmxazb4p**** <tag> bold");
    }

    #[test]
    fn every_markup_byte_is_caught() {
        for b in "\\`*_[]!<&\0".chars() {
            assert!(!is_plain(&format!("abc{b}def")), "{b:?}");
        }
        assert!(is_plain("plain text, 中文（全角）：1~64。"));
        // Longer than one chunk, the markup at the end.
        assert!(!is_plain(&format!("{}`", "x".repeat(70))));
    }
}
