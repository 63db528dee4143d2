//! Table cells (Markdown) -> text, rendered as pulldown-cmark renders a table cell.
//!
//! Nineteen cells in twenty hold no inline markup at all, and their text is their Markdown. The
//! others (links, code spans, escapes, emphasis, entities, HTML) go through pulldown-cmark in
//! one pass per page, as the rows of a one-column table: each is parsed as a table cell, and
//! reference links resolve against the page's own definitions.

use super::normalise::{Normalised, RawTable};
use super::{clean_cell, clean_cell_counting, Inline, BREAKS, OPTIONS};
use crate::table::{Cell, Row, Table};
use pulldown_cmark::{BrokenLink, CowStr, Event, Parser, RefDefs, Tag, TagEnd};
use std::ops::Range;

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

/// How a cell's text is found.
enum Source {
    /// The Markdown is the text.
    Plain,
    /// Rendered by pulldown-cmark: row `k` of the cells with markup.
    Marked(usize),
}

/// Renders every cell of `norm.tables`; the result holds one [`Table`] per [`RawTable`].
/// `defs` are the page's link reference definitions (`[1]: url`), which cells may use.
pub fn render(norm: &Normalised, defs: &RefDefs<'_>) -> Vec<Table> {
    render_with(norm, defs, is_plain)
}

/// [`render`], with `plain` deciding which cells skip pulldown-cmark.
fn render_with(norm: &Normalised, defs: &RefDefs<'_>, plain: fn(&str) -> bool) -> Vec<Table> {
    let md = |r: &Range<u32>| {
        norm.cells
            .get(r.start as usize..r.end as usize)
            .unwrap_or("")
    };
    let mut marked: Vec<&str> = Vec::new();
    let sources: Vec<Source> = norm
        .tables
        .iter()
        .flat_map(|t| &t.cells)
        .map(|r| {
            let m = md(r);
            if plain(m) {
                Source::Plain
            } else {
                marked.push(m);
                Source::Marked(marked.len() - 1)
            }
        })
        .collect();
    let mut rendered = render_marked(&marked, defs);
    let mut sources = sources.into_iter();
    norm.tables
        .iter()
        .map(|t| {
            let cells = t.cells.iter().map(|r| {
                let m = md(r);
                // The line breaks of the Markdown place the next cell.
                let marked = match sources.next() {
                    Some(Source::Marked(k)) => rendered.get_mut(k),
                    _ => None,
                };
                let indent = m.chars().take_while(|c| c.is_whitespace()).count() as u32;
                match marked {
                    Some((text, links)) => (
                        clean_cell(text),
                        std::mem::take(links),
                        BREAKS.find_iter(m.as_bytes()).count() as u32,
                        indent,
                    ),
                    None => {
                        let (text, breaks) = clean_cell_counting(m);
                        (text, Vec::new(), breaks, indent)
                    }
                }
            });
            table(t, cells)
        })
        .collect()
}

/// Text and link destinations of each cell in `cells`, in order. They are read as the rows of
/// one one-column table, so each is parsed as a table cell; should pulldown-cmark see more or
/// fewer rows than were written, each cell is read again on its own.
fn render_marked(cells: &[&str], defs: &RefDefs<'_>) -> Vec<(String, Vec<String>)> {
    if cells.is_empty() {
        return Vec::new();
    }
    let all = render_rows(&one_column_table(cells), defs);
    if all.len() == cells.len() {
        return all;
    }
    cells
        .iter()
        .map(|c| {
            render_rows(&one_column_table(&[c]), defs)
                .into_iter()
                .next()
                .unwrap_or_else(|| (c.to_string(), Vec::new()))
        })
        .collect()
}

/// `|x|`, `|-|`, then `|cell |` per cell. The space keeps a trailing `\` from escaping the
/// closing pipe; a lone carriage return (a line ending to CommonMark) becomes a space.
fn one_column_table(cells: &[&str]) -> String {
    let mut md = String::with_capacity(8 + cells.iter().map(|c| c.len() + 4).sum::<usize>());
    md.push_str("|x|\n|-|\n");
    for c in cells {
        md.push('|');
        if c.contains('\r') {
            md.push_str(&c.replace('\r', " "));
        } else {
            md.push_str(c);
        }
        md.push_str(" |\n");
    }
    md
}

/// Text and link destinations of each body cell of the one-column table `md`; reference links
/// resolve against the page's definitions.
fn render_rows(md: &str, defs: &RefDefs<'_>) -> Vec<(String, Vec<String>)> {
    let resolve = |link: BrokenLink<'_>| {
        defs.get(link.reference.as_ref()).map(|d| {
            (
                CowStr::from(d.dest.to_string()),
                CowStr::from(d.title.as_deref().unwrap_or("").to_string()),
            )
        })
    };
    let mut out = Vec::new();
    let mut inline = Inline::default();
    let mut in_head = false;
    for ev in Parser::new_with_broken_link_callback(md, OPTIONS, Some(resolve)) {
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

/// One table from its rendered cells (text, links, line breaks in the Markdown, indentation), `ncols` per
/// row, the header first.
fn table(t: &RawTable, mut cells: impl Iterator<Item = (String, Vec<String>, u32, u32)>) -> Table {
    let header = cells
        .by_ref()
        .take(t.ncols)
        .map(|(text, _, _, _)| text.trim().to_string())
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
            for (text, links, breaks, indent) in cells.by_ref().take(t.ncols) {
                row.cells.push(Cell {
                    line: at,
                    links,
                    text,
                    indent,
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
        let defs = Parser::new_ext(&norm.text, OPTIONS);
        let defs = defs.reference_definitions();
        (render(&norm, defs), render_with(&norm, defs, |_| false))
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
    fn a_carriage_return_or_a_trailing_backslash_stays_in_its_cell() {
        // A lone CR is a line ending to CommonMark; it must not split the cells' table and
        // shift every later cell. A trailing backslash must not escape the closing pipe.
        let md = "|a|b|\n|--|--|\n|1|`x`\rtail|\n|2|**y**|\n|3|back\\\\|\n\n|c|d|\n|--|--|\n|4|[l](u)|\n";
        let norm = normalise(md);
        let defs = Parser::new_ext(&norm.text, OPTIONS);
        let t = render(&norm, defs.reference_definitions());
        assert_eq!(t[0].rows[0].cells[1].text, "`x` tail");
        assert_eq!(t[0].rows[1].cells[1].text, "y");
        assert_eq!(t[0].rows[2].cells[1].text, "back\\");
        assert_eq!(t[1].rows[0].cells[1].text, "l");
        assert_eq!(t[1].rows[0].cells[1].links, ["u"]);
    }

    #[test]
    fn reference_links_resolve_against_the_page() {
        let doc = crate::page::parse(
            "# X\n\n## A\n\n|名称|描述|\n|--|--|\n|a|see [DescribeRegions][1] and [gone][2]|\n\n[1]: ~~25609~~\n",
        );
        let cell = match &doc.sections[0].blocks[0] {
            crate::page::Block::Table(t) => t.rows[0].cells[1].clone(),
            b => panic!("{b:?}"),
        };
        assert_eq!(cell.text, "see DescribeRegions and [gone][2]");
        assert_eq!(cell.links, ["~~25609~~"]);
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
