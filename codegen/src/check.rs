//! `ecs-codegen check`: what a set of pages read to, per page and in total.

use crate::ir::{Page, PageKind, Param, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts over a set of pages (the `check --json` output).
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Totals {
    pub pages: usize,
    /// Pages by kind: `action`, `data-type`, `other`.
    pub kinds: BTreeMap<String, usize>,
    /// Action pages with at least one error diagnostic.
    pub action_pages_with_errors: usize,
    /// Top-level request parameters.
    pub params: usize,
    /// Parameters at every depth (list items and struct members included).
    pub params_all_depths: usize,
    /// Constraints inferred, by rule (`ranges`, `enum`, `max_len`, ...).
    pub constraints: BTreeMap<String, usize>,
    pub response_fields: usize,
    /// Rows of the pages' error-code tables (the service's documented errors, not problems
    /// with the pages: those are `diagnostics`).
    pub errors: usize,
    pub request_examples: usize,
    pub json_examples: usize,
    /// Diagnostics by severity, then by kind.
    pub diagnostics: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Totals {
    /// Counts one more page (so a caller can stream pages instead of holding them all).
    pub fn add(&mut self, p: &Page) {
        let t = self;
        t.pages += 1;
        *t.kinds.entry(p.kind.as_str().to_string()).or_default() += 1;
        if p.kind == PageKind::Action && p.errors_count() > 0 {
            t.action_pages_with_errors += 1;
        }
        t.params += p.params.len();
        walk_params(&p.params, &mut |q| {
            t.params_all_depths += 1;
            let c = &q.constraints;
            let mut bump = |k: &str, on: bool| {
                if on {
                    *t.constraints.entry(k.to_string()).or_default() += 1;
                }
            };
            bump("ranges", !c.ranges.is_empty());
            bump("enum", !c.enum_values.is_empty());
            bump("min_len", c.min_len.is_some());
            bump("max_len", c.max_len.is_some());
            bump("min_items", c.min_items.is_some());
            bump("max_items", c.max_items.is_some());
            bump("not_prefix", !c.not_prefix.is_empty());
            bump("pattern", c.pattern.is_some());
            bump("default", q.default.is_some());
        });
        t.response_fields += count_fields(&p.response.fields);
        t.errors += p.errors.len();
        t.request_examples += p.examples.requests.len();
        t.json_examples += p.examples.json.len();
        for d in &p.diagnostics {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            *t.diagnostics
                .entry(sev.to_string())
                .or_default()
                .entry(d.kind.clone())
                .or_default() += 1;
        }
    }
}

/// Calls `f` on every parameter, list item and struct member.
pub fn walk_params<'a>(params: &'a [Param], f: &mut dyn FnMut(&'a Param)) {
    for p in params {
        f(p);
        if let Some(i) = &p.item {
            walk_params(std::slice::from_ref(i), f);
        }
        walk_params(&p.fields, f);
    }
}

fn count_fields(fields: &[crate::ir::Field]) -> usize {
    fields
        .iter()
        .map(|f| {
            1 + count_fields(&f.fields) + f.item.as_ref().map_or(0, |i| count_fields(&i.fields))
        })
        .sum()
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// One page: kind, name, counts, then every diagnostic as `file:line: severity[kind]: message`.
/// The page's error-code table is counted as "documented error rows" and its problems as
/// "diagnostics", so that a page documenting 11 service errors does not read as 11 failures.
pub fn report_page(out: &mut dyn Write, p: &Page) -> io::Result<()> {
    match p.kind {
        PageKind::Action => {
            let problems = p.errors_count();
            let warnings = p.diagnostics.len() - problems;
            writeln!(
                out,
                "{}: action {} ({:?}): {} params, {} response fields, {}; {}, {}",
                p.file,
                p.action.as_deref().unwrap_or("?"),
                p.generation.map(|g| format!("{g:?}")).unwrap_or_default(),
                p.params.len(),
                count_fields(&p.response.fields),
                count(p.errors.len(), "documented error row"),
                count(problems, "error diagnostic"),
                count(warnings, "warning"),
            )?
        }
        _ => writeln!(
            out,
            "{}: {} skipped: {}",
            p.file,
            p.kind.as_str(),
            p.skip_reason.as_deref().unwrap_or("")
        )?,
    }
    for d in &p.diagnostics {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            out,
            "  {}:{}: {sev}[{}]: {}",
            p.file, d.line, d.kind, d.message
        )?;
    }
    Ok(())
}

pub fn report_totals(out: &mut dyn Write, t: &Totals) -> io::Result<()> {
    writeln!(out, "\n== totals ==")?;
    writeln!(out, "pages: {} ({:?})", t.pages, t.kinds)?;
    writeln!(
        out,
        "action pages with error diagnostics: {}",
        t.action_pages_with_errors
    )?;
    writeln!(
        out,
        "params: {} top-level, {} at all depths; response fields: {}; documented error rows \
         (the pages' error tables, not diagnostics): {}",
        t.params, t.params_all_depths, t.response_fields, t.errors
    )?;
    writeln!(out, "constraints inferred: {:?}", t.constraints)?;
    writeln!(
        out,
        "examples: {} requests, {} JSON responses",
        t.request_examples, t.json_examples
    )?;
    for (sev, kinds) in &t.diagnostics {
        let n: usize = kinds.values().sum();
        writeln!(out, "{sev} diagnostics: {n} {kinds:?}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# RunWidgets\n\nRuns widgets.\n\n## Request parameters\n\n\
|Name|Type|Required|Example|Description|\n|----|----|--------|-------|-----------|\n\
|RegionId|String|Yes|cn-hangzhou|The ID of the region.|\n\n\
## Response parameters\n\n|Name|Type|Example|Description|\n|----|----|-------|-----------|\n\
|RequestId|String|473469C7|The ID of the request.|\n\n\
## Error codes\n\n|HttpCode|Error code|Error message|Description|\n\
|--------|----------|-------------|-----------|\n\
|403|QuotaExceed.Widget|The widget quota is exceeded.|The quota is exceeded.|\n\
|404|InvalidRegionId.NotFound|The specified RegionId does not exist.|No region.|\n";

    fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn documented_error_codes_do_not_read_as_diagnostics() {
        let page = crate::parse_page("RunWidgets.md", PAGE);
        assert_eq!(page.errors.len(), 2);
        assert_eq!(page.errors_count(), 0);
        let line = text(|o| report_page(o, &page));
        assert!(
            line.contains("2 documented error rows; 0 error diagnostics"),
            "{line}"
        );
        assert!(!line.contains(" 2 errors"), "{line}");
        let mut t = Totals::default();
        t.add(&page);
        let totals = text(|o| report_totals(o, &t));
        assert!(
            totals.contains("action pages with error diagnostics: 0"),
            "{totals}"
        );
        assert!(
            totals.contains("documented error rows (the pages' error tables, not diagnostics): 2"),
            "{totals}"
        );
        assert!(!totals.contains("errors: 2"), "{totals}");
    }
}
