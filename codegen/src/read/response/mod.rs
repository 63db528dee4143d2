//! Response tree recovery: flat response tables (+ the JSON/XML examples) -> nested `Field`s.
//!
//! Method (FORMAT.md §7): rows are walked with a stack of open blocks. Type markers open blocks
//! (`Struct`, `Array of X` (+ its bare wrapper row), G2 empty-type containers); G2 `└` prefixes
//! separate top-level rows from nested ones. Where a block ends is decided by the example: a row
//! goes under the deepest open block whose example object has its key. When the example is
//! silent, ASCII sibling order (and the next row the example does place) decides; a row with
//! several equally good places is reported as `response-nesting` error. G1 pages reach nested
//! data through captioned sub-tables in the same section or links to data-type pages.
//!
//! One concern per file: `rows` (type and name cells), `tree` (the walk over one table),
//! `placement` (which open block a row joins), `example_shape` (the examples' keys),
//! `data_types` (sub-tables and data-type pages), `fields` (nodes -> `Field`s), `wire_names`
//! (dotted, worded and implausible names).

mod data_types;
mod example_shape;
mod fields;
mod placement;
mod rows;
#[cfg(test)]
mod tests;
mod tree;
pub mod wire_names;

use crate::ir::{DataType, Diagnostic, Field, Generation, Response, Type};
use crate::names::{snake, Scope};
use data_types::*;
use example_shape::*;
/// The element name a plural list name implies (also what `lifecycle` matches nouns with).
pub use fields::singular;
use fields::*;
use placement::*;
use regex::Regex;
use rows::*;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use tree::*;

/// One row of a response table, as the reader hands it over.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RespRow {
    pub line: u32,
    /// Name cell as written, trimmed (may carry a `└` prefix in G2, may be dotted).
    pub name: String,
    /// Type cell text, trimmed (`String`, `Array of Instance`, `Struct`, `List`, empty, or the
    /// text of a link to a data-type page).
    pub ty: String,
    /// Basename without `.md` of a data-type page the type cell links to (G1).
    pub link: Option<String>,
    /// The type cell's link to another page as `Base.md` or `Base.md#anchor`, when the cell
    /// has one: KMS describes a type in a section of another action's page
    /// (`[KeyVersion](…/DescribeKeyVersion.md#section_qvb_ed3_i6n)`).
    pub target: Option<String>,
    pub example: String,
    pub description: String,
}

/// `Base.md` or `Base.md#anchor` of a link to another page of the folder (`…/API列表/X.md#s`,
/// `X.md`), or `None` for any other link (an anchor on the same page, a web address).
pub fn page_target(link: &str) -> Option<String> {
    let (file, anchor) = match link.split_once('#') {
        Some((f, a)) => (f, Some(a.trim())),
        None => (link, None),
    };
    let base = file.rsplit('/').next().unwrap_or(file).trim();
    let stem = base.strip_suffix(".md")?;
    if stem.is_empty() || link.contains("://") {
        return None;
    }
    Some(match anchor.filter(|a| !a.is_empty()) {
        Some(a) => format!("{base}#{a}"),
        None => base.to_string(),
    })
}

/// A response table with the bold caption that preceded it, if any (`**DedicatedHostType**`,
/// `**数据类型 X**`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RespTable {
    pub line: u32,
    pub caption: Option<String>,
    pub rows: Vec<RespRow>,
}

/// Counters of one recovery, for measurements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Table rows that became a field (wrapper rows excluded).
    pub rows: usize,
    /// Wrapper rows (`|Instance| | | |`) consumed.
    pub wrapper_rows: usize,
    /// Rows whose parent was decided by the example.
    pub via_example: usize,
    /// Rows with only one possible parent (block just opened, `└`, top of stack, ...).
    pub via_marker: usize,
    /// Rows decided by ASCII order and the next example-placed row.
    pub via_sort: usize,
    /// Rows whose place could not be decided (each also gets an error).
    pub undecided: usize,
}

const MAX_DEPTH: usize = 8;

/// A known home for a response row that neither the example nor the order can place: the row
/// `field` belongs to the block opened by `parent` (`""` for the top level). Such facts come
/// from the errata (`crate::errata::placements`), each with its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub field: &'static str,
    pub parent: &'static str,
}

/// Recovers the response tree of an action page (see the module docs), with placement
/// counters. `section_line` (the response heading) locates what is said about a section
/// without tables.
pub fn recover_with_stats(
    section_line: u32,
    gen: Generation,
    tables: &[RespTable],
    examples: &[Value],
    placements: &[Placement],
    resolve: &mut dyn FnMut(&str) -> Option<DataType>,
    diags: &mut Vec<Diagnostic>,
) -> (Response, Stats) {
    let known = Known {
        placements,
        other_version: &[],
        evidence: &[],
    };
    recover_known(section_line, gen, tables, examples, &known, resolve, diags)
}

/// What is known about a page's rows from outside its tables and examples.
pub struct Known<'a> {
    /// Errata (`crate::errata::placements`): used whenever the example is silent.
    pub placements: &'a [Placement],
    /// `(field, parent)` of every field in another version of the same action's page
    /// (`""` parent for the top level; a list's row name and its element name both count):
    /// used only for rows that two open blocks explain equally well.
    pub other_version: &'a [(String, String)],
    /// Other pages of the same action (the page in another language, other versions), in the
    /// order they are asked: the first that puts an undecided row in exactly one of the blocks
    /// that could hold it decides, and is named in a warning.
    pub evidence: &'a [Evidence],
}

/// The field homes of another page of the same action, as [`homes`] gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// The page, as a warning names it (`zh-CN/DescribeX.md`).
    pub source: String,
    pub homes: Vec<(String, String)>,
}

/// [`recover_with_stats`] with everything [`Known`].
pub fn recover_known(
    section_line: u32,
    gen: Generation,
    tables: &[RespTable],
    examples: &[Value],
    known: &Known,
    resolve: &mut dyn FnMut(&str) -> Option<DataType>,
    diags: &mut Vec<Diagnostic>,
) -> (Response, Stats) {
    let placements = known.placements;
    let mut ex_root: Option<ExObj> = None;
    for v in examples {
        if let ExVal::Obj(o) = ExVal::from_value(v) {
            match &mut ex_root {
                None => ex_root = Some(o),
                Some(r) => r.merge(o),
            }
        }
    }
    let ex_root = ex_root.map(|o| unwrap_action_root(o, tables));
    let mut ctx = Ctx {
        gen,
        tables,
        placements,
        other_version: known.other_version,
        evidence: known.evidence,
        resolve,
        diags,
        stats: Stats::default(),
        visiting: Vec::new(),
        cache: HashMap::new(),
    };
    let mut fields = Vec::new();
    let main = main_table(tables);
    if let Some(t) = main {
        ctx.visiting.push(t);
        fields = build_table(&mut ctx, t, ex_root.as_ref(), 0);
        ctx.visiting.pop();
        for (i, table) in tables.iter().enumerate() {
            if i != t && !ctx.referenced(i) {
                ctx.diags.push(Diagnostic::warning(
                    table.line,
                    "response-table-unused",
                    format!(
                        "response table{} is not referenced by any row",
                        table
                            .caption
                            .as_deref()
                            .map(|c| format!(" `{c}`"))
                            .unwrap_or_default()
                    ),
                ));
            }
        }
    }
    let literal: Vec<&str> = known
        .other_version
        .iter()
        .map(|(f, _)| f.as_str())
        .filter(|f| f.contains('.'))
        .collect();
    wire_names::settle(&mut fields, ex_root.as_ref(), &literal, ctx.diags);
    let first_line = tables.first().map_or(section_line.max(1), |t| t.line);
    if !fields.iter().any(|f| f.name == "RequestId") {
        let nested = find_nested(&fields, "RequestId");
        if let Some(line) = nested {
            ctx.diags.push(Diagnostic::warning(
                line,
                "response-request-id",
                "`RequestId` is nested in the table; a top-level one was added",
            ));
        }
        fields.push(Field::bare("RequestId", Type::String, first_line));
    } else if let Some(f) = fields.iter_mut().find(|f| f.name == "RequestId") {
        if f.ty != Type::String {
            ctx.diags.push(Diagnostic::warning(
                f.line,
                "response-request-id",
                "`RequestId` is not documented as a String; treated as one",
            ));
            f.ty = Type::String;
            f.fields.clear();
            f.item = None;
            f.wrapper = None;
        }
    }
    if let Some(ex) = &ex_root {
        report_unmatched_keys(&fields, ex, first_line, ctx.diags, 0);
    }
    assign_rust_names(&mut fields);
    let stats = ctx.stats;
    (Response { fields }, stats)
}

/// Fields of a G1 data-type page's `## 子节点` table(s); nested links are resolved through
/// `resolve` (cycles and depth > 8 are cut with a diagnostic).
pub fn data_type_fields(
    tables: &[RespTable],
    resolve: &mut dyn FnMut(&str) -> Option<DataType>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Field> {
    let mut ctx = Ctx {
        gen: Generation::G1,
        tables,
        placements: &[],
        other_version: &[],
        evidence: &[],
        resolve,
        diags,
        stats: Stats::default(),
        visiting: Vec::new(),
        cache: HashMap::new(),
    };
    let Some(t) = main_table(tables) else {
        return Vec::new();
    };
    ctx.visiting.push(t);
    let mut fields = build_table(&mut ctx, t, None, 0);
    wire_names::settle(&mut fields, None, &[], ctx.diags);
    assign_rust_names(&mut fields);
    fields
}

struct Ctx<'a, 'd> {
    gen: Generation,
    tables: &'a [RespTable],
    placements: &'a [Placement],
    other_version: &'a [(String, String)],
    evidence: &'a [Evidence],
    resolve: &'a mut dyn FnMut(&str) -> Option<DataType>,
    diags: &'d mut Vec<Diagnostic>,
    stats: Stats,
    /// Sub-tables being built (cycle guard).
    visiting: Vec<usize>,
    /// Data types resolved so far, by name; sub-tables used so far are recorded under the key
    /// `#table<index>` (not a possible type name).
    cache: HashMap<String, Option<DataType>>,
}

thread_local! {
    /// Data-type names being resolved on this thread (the caller's `resolve` may call
    /// `data_type_fields` again, so the guard cannot live in one `Ctx`).
    static RESOLVING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn find_nested(fields: &[Field], name: &str) -> Option<u32> {
    for f in fields {
        for c in f
            .fields
            .iter()
            .chain(f.item.as_deref().map(|i| &i.fields).into_iter().flatten())
        {
            if c.name == name {
                return Some(c.line);
            }
        }
        let sub: Vec<Field> = f
            .fields
            .iter()
            .cloned()
            .chain(
                f.item
                    .as_deref()
                    .map(|i| i.fields.clone())
                    .unwrap_or_default(),
            )
            .collect();
        if let Some(l) = find_nested(&sub, name) {
            return Some(l);
        }
    }
    None
}

fn assign_rust_names(fields: &mut [Field]) {
    let mut scope = Scope::default();
    for f in fields.iter_mut() {
        f.rust_name = scope.unique(snake(&f.name));
        assign_rust_names(&mut f.fields);
        if let Some(item) = f.item.as_deref_mut() {
            item.rust_name = snake(&item.name);
            assign_rust_names(&mut item.fields);
        }
    }
}

/// `(field, parent)` of every field of `fields` and below, as [`Known::other_version`] wants.
pub fn homes(fields: &[Field], parent: &str, out: &mut Vec<(String, String)>) {
    for f in fields {
        out.push((f.name.clone(), parent.to_string()));
        homes(&f.fields, &f.name, out);
        if let Some(item) = &f.item {
            homes(&item.fields, &f.name, out);
            homes(&item.fields, &item.name, out);
        }
    }
}
