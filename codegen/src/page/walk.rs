//! pulldown-cmark events -> blocks: headings, paragraphs, list items, code blocks, and the
//! tables (the ones normalise took out, placed at their markers, and the few pulldown-cmark
//! finds itself), each with its page line.

use super::{clean_cell, split_heading_attrs, Block, Heading, Inline, TABLE_MARK};
use crate::table::{Cell, Row, Table};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::cell::Cell as Slot;
use std::ops::Range;

/// Offsets of the normalised text -> page lines.
pub(super) struct Lines<'a> {
    /// Start offset of every normalised line.
    starts: Vec<usize>,
    /// Page line of every normalised line.
    map: &'a [u32],
    /// The line found last: events arrive in offset order, so the next one is usually there
    /// or a few lines on.
    last: Slot<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &str, map: &'a [u32]) -> Self {
        let mut starts = Vec::with_capacity(map.len() + 1);
        starts.push(0usize);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|k| k + 1));
        Lines {
            starts,
            map,
            last: Slot::new(0),
        }
    }

    /// The page line of offset `off`: a short walk forward from the last line found, a
    /// binary search when the walk would be long or backwards.
    pub fn line_of(&self, off: usize) -> u32 {
        let starts = &self.starts;
        let mut k = self.last.get();
        if starts.get(k).is_some_and(|&s| s <= off) {
            let mut steps = 0;
            while starts.get(k + 1).is_some_and(|&s| s <= off) && steps < 8 {
                k += 1;
                steps += 1;
            }
            if steps == 8 {
                k += starts[k..].partition_point(|&s| s <= off).saturating_sub(1);
            }
        } else {
            k = starts.partition_point(|&s| s <= off).saturating_sub(1);
        }
        self.last.set(k);
        self.map.get(k).copied().unwrap_or(1)
    }
}

/// The state of one walk over a page's events.
#[derive(Default)]
pub(super) struct Walk {
    pub blocks: Vec<Block>,
    /// Text and links of the block being read.
    inline: Inline,
    /// Page line of the paragraph, list item or cell being read.
    block_line: u32,
    /// Inside `**…**`, and whether the paragraph so far is all strong text (a caption).
    strong_depth: usize,
    only_strong: bool,
    item_depth: usize,
    /// The code block being read: info string and first content line.
    code: Option<(String, u32)>,
    /// A code block ended inside a list item; the item's text goes on after it.
    resume_item: bool,
    heading: Option<(u8, u32)>,
    /// A table pulldown-cmark found itself (one written without outer pipes).
    table: Option<Table>,
    row: Option<Row>,
    in_head: bool,
}

impl Walk {
    /// Reads `events` of `text` into blocks; a marker paragraph takes its table out of
    /// `tables`.
    pub fn run<'t>(
        events: impl Iterator<Item = (Event<'t>, Range<usize>)>,
        text: &str,
        lines: &Lines<'_>,
        tables: &mut [Option<Table>],
    ) -> Vec<Block> {
        let mut w = Walk {
            block_line: 1,
            only_strong: true,
            ..Walk::default()
        };
        for (ev, range) in events {
            let line = || lines.line_of(range.start);
            match ev {
                Event::Start(Tag::Heading { level, .. }) => {
                    w.inline.clear();
                    w.heading = Some((level as u8, line()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    w.end_heading(text.get(range.clone()).unwrap_or(""))
                }
                Event::Start(Tag::Paragraph) if w.item_depth == 0 => w.start_paragraph(line()),
                Event::End(TagEnd::Paragraph) if w.item_depth == 0 => w.end_paragraph(tables),
                Event::Start(Tag::Item) => w.start_item(line()),
                Event::End(TagEnd::Item) => w.end_item(),
                Event::Start(Tag::CodeBlock(kind)) => {
                    // A fenced block's content starts on the line after its fence.
                    let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                    w.start_code(kind, line() + u32::from(fenced));
                }
                Event::End(TagEnd::CodeBlock) => w.end_code(),
                Event::Start(Tag::Strong) => w.strong_depth += 1,
                Event::End(TagEnd::Strong) => w.strong_depth = w.strong_depth.saturating_sub(1),
                ev @ (Event::Start(
                    Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell,
                )
                | Event::End(
                    TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
                )) => w.gfm_table(ev, line()),
                ev => w.inline_event(ev, line),
            }
        }
        w.blocks
    }

    fn end_heading(&mut self, raw: &str) {
        if let Some((level, line)) = self.heading.take() {
            // pulldown-cmark takes well-formed `{#id .class}` blocks itself; the raw line
            // tells us whether one was there.
            let (text, attrs) = split_heading_attrs(&self.inline.text);
            let attrs = attrs.or_else(|| split_heading_attrs(raw.trim()).1);
            self.blocks.push(Block::Heading(Heading {
                level,
                text,
                attrs,
                line,
            }));
        }
        self.inline.clear();
    }

    fn start_paragraph(&mut self, line: u32) {
        self.inline.clear();
        self.resume_item = false;
        self.only_strong = true;
        self.block_line = line;
    }

    fn end_paragraph(&mut self, tables: &mut [Option<Table>]) {
        match table_mark(&self.inline.text).and_then(|k| tables.get_mut(k)?.take()) {
            Some(t) => self.blocks.push(Block::Table(t)),
            None => self.push_para(self.only_strong),
        }
        self.inline.clear();
    }

    fn start_item(&mut self, line: u32) {
        if self.item_depth == 0 {
            self.inline.clear();
            self.resume_item = false;
            self.block_line = line;
        } else {
            self.inline.text.push('\n');
        }
        self.inline.text.push_str("- ");
        self.item_depth += 1;
        self.only_strong = false;
    }

    fn end_item(&mut self) {
        self.item_depth = self.item_depth.saturating_sub(1);
        if self.item_depth == 0 {
            self.push_para(false);
            self.resume_item = false;
        }
    }

    fn start_code(&mut self, kind: CodeBlockKind<'_>, first_line: u32) {
        let info = match kind {
            CodeBlockKind::Fenced(i) => i.to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((info, first_line));
        // A list item's text so far goes before its code block.
        if self.item_depth > 0 {
            self.push_para(false);
        }
        self.inline.clear();
    }

    fn end_code(&mut self) {
        if let Some((info, line)) = self.code.take() {
            self.blocks.push(Block::Code {
                info: info.trim().to_string(),
                // A copy of the right size; the buffer keeps its capacity.
                text: self.inline.text.clone(),
                line,
            });
            self.inline.text.clear();
            // The rest of the item (if any) starts with its next text.
            self.resume_item = self.item_depth > 0;
        }
    }

    /// The events of a table pulldown-cmark found itself.
    fn gfm_table(&mut self, ev: Event<'_>, line: u32) {
        match ev {
            Event::Start(Tag::Table(_)) => {
                self.table = Some(Table {
                    line,
                    ..Table::default()
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table(t));
                }
            }
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableRow) => {
                let ncols = self.table.as_ref().map_or(0, |t| t.header.len());
                self.row = Some(Row {
                    line,
                    cells: Vec::with_capacity(ncols),
                });
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (self.table.as_mut(), self.row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                self.inline.clear();
                self.block_line = line;
            }
            Event::End(TagEnd::TableCell) => {
                let (text, links) = self.inline.take();
                let text = clean_cell(&text);
                if let Some(t) = self.table.as_mut() {
                    if self.in_head {
                        t.header.push(text.trim().to_string());
                    } else if let Some(r) = self.row.as_mut() {
                        r.cells.push(Cell {
                            text,
                            line: self.block_line,
                            links,
                            indent: 0,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// Text, code spans, HTML, breaks and links; they also tell whether a paragraph is all
    /// strong text and where an item's text resumes after a code block.
    fn inline_event(&mut self, ev: Event<'_>, line: impl Fn() -> u32) {
        if self.resume_item
            && matches!(
                ev,
                Event::Text(_) | Event::Code(_) | Event::Start(Tag::Paragraph)
            )
        {
            self.block_line = line();
            self.resume_item = false;
        }
        match &ev {
            Event::Text(t) if self.code.is_none() && self.strong_depth == 0 => {
                self.only_strong &= t.trim().is_empty();
            }
            Event::Code(_) if self.strong_depth == 0 => self.only_strong = false,
            _ => {}
        }
        self.inline.event(ev);
    }

    fn push_para(&mut self, bold: bool) {
        let t = self.inline.text.trim();
        if !t.is_empty() {
            self.blocks.push(Block::Para {
                text: t.to_string(),
                line: self.block_line,
                bold,
                links: std::mem::take(&mut self.inline.links),
            });
        }
        self.inline.clear();
    }
}

/// `\u{E001}k` -> `k`: the paragraph stands for table `k` (see [`super::normalise`]).
fn table_mark(text: &str) -> Option<usize> {
    text.strip_prefix(TABLE_MARK)?.parse().ok()
}
