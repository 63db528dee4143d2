//! A data-type page (G1 `数据类型/`: `## 节点名` + `## 子节点`), read for the responses that link to it.

use super::response;
use super::sections::{resp_table, SectionKind};
use super::Resolver;
use crate::ir::{DataType, Diagnostic};
use crate::page::{Block, Doc};
use std::path::Path;

pub(super) fn read(
    doc: &Doc,
    name: &str,
    dir: &Path,
    resolver: &mut Resolver,
    diags: &mut Vec<Diagnostic>,
) -> DataType {
    let mut node_name = None;
    let mut tables = Vec::new();
    for s in &doc.sections {
        match SectionKind::of(&s.heading.text) {
            SectionKind::NodeName => {
                node_name = s.blocks.iter().find_map(|b| match b {
                    Block::Para { text, .. } => Some(text.trim().trim_matches('`').to_string()),
                    _ => None,
                })
            }
            SectionKind::Children => {
                let mut caption = None;
                for b in &s.blocks {
                    match b {
                        Block::Para {
                            text, bold: true, ..
                        } => caption = Some(text.clone()),
                        Block::Table(t) => tables.push(resp_table(t, caption.take())),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let mut resolve = |n: &str| resolver.resolve(dir, n);
    let fields = response::data_type_fields(&tables, &mut resolve, diags);
    DataType {
        name: name.to_string(),
        node_name,
        fields,
    }
}
