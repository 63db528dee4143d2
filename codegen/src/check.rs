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

/// One page: kind, name, counts, then every diagnostic as `file:line: severity[kind]: message`.
pub fn report_page(out: &mut dyn Write, p: &Page) -> io::Result<()> {
    match p.kind {
        PageKind::Action => writeln!(
            out,
            "{}: action {} ({:?}): {} params, {} response fields, {} errors",
            p.file,
            p.action.as_deref().unwrap_or("?"),
            p.generation.map(|g| format!("{g:?}")).unwrap_or_default(),
            p.params.len(),
            count_fields(&p.response.fields),
            p.errors.len()
        )?,
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
        "action pages with errors: {}",
        t.action_pages_with_errors
    )?;
    writeln!(
        out,
        "params: {} top-level, {} at all depths; response fields: {}; documented errors: {}",
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
        writeln!(out, "{sev}s: {n} {kinds:?}")?;
    }
    Ok(())
}
