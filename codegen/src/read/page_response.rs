//! The response stage of an action page: the examples lent as evidence of the shape (the JSON
//! examples, and the XML ones turned into the same shape), errata's row names, and the
//! resolver's evidence beyond the page (linked data-type pages and sections, other versions of
//! the same action), handed to the response reader.

use super::response::{self, RespTable};
use super::{examples, Resolver};
use crate::errata;
use crate::ir::{Generation, Page, Response};
use std::path::Path;

/// Reads the response tree of `page` (whose examples are read) from its response tables.
pub(super) fn read(
    page: &mut Page,
    mut resp_tables: Vec<RespTable>,
    resp_line: u32,
    resolver: &mut Resolver,
) -> Response {
    let gen = page.generation.unwrap_or(Generation::G3);
    let action = page.action.clone().unwrap_or_default();
    let action = action.as_str();
    let path = Path::new(&page.file);
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    // The JSON examples are lent to the response reader (and put back below) rather than
    // copied; the XML examples join them in the same shape (they often hold keys the JSON lacks).
    let mut values: Vec<serde_json::Value> = page
        .examples
        .json
        .iter_mut()
        .map(|j| std::mem::take(&mut j.value))
        .collect();
    let lent = values.len();
    for x in &page.examples.xml {
        match examples::xml_to_json(&x.text, x.line) {
            Ok(v) => values.push(v),
            // The XML only adds keys to the JSON example's shape; with a JSON example beside
            // it nothing is lost but the XML itself, so that is a warning.
            Err(mut d) if lent > 0 => {
                d.severity = crate::ir::Severity::Warning;
                d.message
                    .push_str("; the response shape comes from the JSON example");
                page.diagnostics.push(d);
            }
            Err(d) => page.diagnostics.push(d),
        }
    }
    for r in resp_tables.iter_mut().flat_map(|t| &mut t.rows) {
        if let Some(wire) = errata::response_name(action, &r.name) {
            let marker = if r.name.trim_start().starts_with('└') {
                "└"
            } else {
                ""
            };
            r.name = format!("{marker}{wire}");
        }
    }
    let other_version = resolver.other_version(action, path);
    let placements = errata::placements(action);
    let read = |evidence: &[response::Evidence], resolver: &mut Resolver| {
        let known = response::Known {
            placements: &placements,
            other_version: &other_version,
            evidence,
        };
        let mut resolve = |name: &str| resolver.resolve(&dir, name);
        let mut diags = Vec::new();
        let tree = response::recover_known(
            resp_line,
            gen,
            &resp_tables,
            &values,
            &known,
            &mut resolve,
            &mut diags,
        )
        .0;
        (tree, diags)
    };
    let (mut tree, mut diags) = read(&[], resolver);
    // Rows the page cannot place: the same action's other pages are asked, and the page is
    // read again with what they say.
    let undecided = |d: &[crate::ir::Diagnostic]| {
        d.iter()
            .filter(|d| d.kind == "response-nesting" && d.severity == crate::ir::Severity::Error)
            .count()
    };
    if undecided(&diags) > 0 {
        let evidence = resolver.layout_evidence(action, path);
        if !evidence.is_empty() {
            let (t, d) = read(&evidence, resolver);
            if undecided(&d) < undecided(&diags) {
                (tree, diags) = (t, d);
            }
        }
    }
    page.diagnostics.append(&mut diags);
    for (j, v) in page.examples.json.iter_mut().zip(values.drain(..lent)) {
        j.value = v;
    }
    tree
}
