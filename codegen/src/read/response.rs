//! Response tree recovery: flat response tables (+ the JSON/XML examples) -> nested `Field`s.
//!
//! Method (FORMAT.md §7): rows are walked with a stack of open blocks. Type markers open blocks
//! (`Struct`, `Array of X` (+ its bare wrapper row), G2 empty-type containers); G2 `└` prefixes
//! separate top-level rows from nested ones. Where a block ends is decided by the example: a row
//! goes under the deepest open block whose example object has its key. When the example is
//! silent, ASCII sibling order (and the next row the example does place) decides; a row with
//! several equally good places is reported as `response-nesting` error. G1 pages reach nested
//! data through captioned sub-tables in the same section or links to data-type pages.

use crate::ir::{DataType, Diagnostic, Field, Generation, Response, Type};
use crate::names::{snake, Scope};
use regex::Regex;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

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
    pub example: String,
    pub description: String,
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

/// Recovers the response tree of an action page. See the module docs. `section_line` (the
/// response heading) locates what is said about a section without tables.
pub fn recover(
    section_line: u32,
    gen: Generation,
    tables: &[RespTable],
    examples: &[Value],
    placements: &[Placement],
    resolve: &mut dyn FnMut(&str) -> Option<DataType>,
    diags: &mut Vec<Diagnostic>,
) -> Response {
    recover_with_stats(
        section_line,
        gen,
        tables,
        examples,
        placements,
        resolve,
        diags,
    )
    .0
}

/// [`recover`], also returning placement counters.
pub fn recover_with_stats(
    section_line: u32,
    gen: Generation,
    tables: &[RespTable],
    examples: &[Value],
    placements: &[Placement],
    resolve: &mut dyn FnMut(&str) -> Option<DataType>,
    diags: &mut Vec<Diagnostic>,
) -> (Response, Stats) {
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
        fields.push(Field {
            name: "RequestId".into(),
            rust_name: String::new(),
            ty: Type::String,
            wrapper: None,
            item: None,
            fields: Vec::new(),
            type_name: None,
            example: None,
            description: String::new(),
            line: first_line,
        });
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
    assign_rust_names(&mut fields);
    fields
}

// ---------------------------------------------------------------------------------------------
// Example shapes

/// The key structure of the example(s), with ECS wrapper objects recognised.
#[derive(Debug, Clone, Default, PartialEq)]
struct ExObj {
    keys: BTreeMap<String, ExVal>,
}

#[derive(Debug, Clone, PartialEq)]
enum ExVal {
    Scalar,
    Obj(ExObj),
    /// `{"Inner": [..]}`.
    Wrapped(String, Option<Box<ExElem>>),
    Arr(Option<Box<ExElem>>),
}

#[derive(Debug, Clone, PartialEq)]
enum ExElem {
    Scalar,
    Obj(ExObj),
}

impl ExVal {
    fn from_value(v: &Value) -> ExVal {
        match v {
            Value::Object(m) => {
                if m.len() == 1 {
                    if let Some((k, Value::Array(a))) = m.iter().next() {
                        return ExVal::Wrapped(k.trim().to_string(), elem_of(a));
                    }
                }
                let mut o = ExObj::default();
                for (k, v) in m {
                    let k = k.trim().to_string();
                    let v = ExVal::from_value(v);
                    match o.keys.get_mut(&k) {
                        Some(old) => old.merge(v),
                        None => {
                            o.keys.insert(k, v);
                        }
                    }
                }
                ExVal::Obj(o)
            }
            Value::Array(a) => {
                // `"TaskSet": [{"Task": [..]}]`: an array of wrapper objects is a wrapped list.
                let inner: Option<&str> = a.first().and_then(|v| match v {
                    Value::Object(m) if m.len() == 1 => m.keys().next().map(String::as_str),
                    _ => None,
                });
                if let Some(k) = inner {
                    let all: Option<Vec<Value>> = a
                        .iter()
                        .map(|v| match v {
                            Value::Object(m) if m.len() == 1 => match m.get(k) {
                                Some(Value::Array(x)) => Some(x.clone()),
                                _ => None,
                            },
                            _ => None,
                        })
                        .try_fold(Vec::new(), |mut acc, x| {
                            acc.extend(x?);
                            Some(acc)
                        });
                    if let Some(items) = all {
                        return ExVal::Wrapped(k.trim().to_string(), elem_of(&items));
                    }
                }
                ExVal::Arr(elem_of(a))
            }
            _ => ExVal::Scalar,
        }
    }

    fn merge(&mut self, other: ExVal) {
        match (self, other) {
            (ExVal::Obj(a), ExVal::Obj(b)) => a.merge(b),
            (ExVal::Wrapped(ka, a), ExVal::Wrapped(kb, b)) if *ka == kb => merge_elem(a, b),
            (ExVal::Arr(a), ExVal::Arr(b)) => merge_elem(a, b),
            (s @ ExVal::Scalar, o) => *s = o,
            // Converted XML keeps a one-element list as an object: `{"Tag": {..}}`.
            (ExVal::Wrapped(k, a), ExVal::Obj(mut o)) if o.keys.len() == 1 => {
                if let Some(v) = o.keys.remove(k.as_str()) {
                    merge_elem(a, elem_of_val(v));
                }
            }
            (this @ ExVal::Obj(_), ExVal::Wrapped(k, b)) => {
                if let ExVal::Obj(o) = this {
                    if o.keys.len() == 1 && o.keys.contains_key(&k) {
                        let old = o.keys.remove(&k);
                        let mut e = b;
                        if let Some(v) = old {
                            merge_elem(&mut e, elem_of_val(v));
                        }
                        *this = ExVal::Wrapped(k, e);
                    }
                }
            }
            (ExVal::Arr(a), ExVal::Wrapped(_, b)) => merge_elem(a, b),
            _ => {}
        }
    }

    /// The object describing one element of a list-valued key.
    fn element_obj(&self) -> Option<&ExObj> {
        match self {
            ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e)) => match &**e {
                ExElem::Obj(o) => o.known(),
                ExElem::Scalar => None,
            },
            // XML converted with one element: `{"Tag": {"TagKey": ..}}`.
            ExVal::Obj(o) if o.keys.len() == 1 => match o.keys.values().next() {
                Some(ExVal::Obj(inner)) => inner.known(),
                _ => o.known(),
            },
            ExVal::Obj(o) => o.known(),
            _ => None,
        }
    }

    /// The inner key of a wrapped list (`SecurityGroupId` of `{"SecurityGroupId": [..]}`).
    fn wrapper_key(&self) -> Option<&str> {
        match self {
            ExVal::Wrapped(k, _) => Some(k),
            ExVal::Obj(o) if o.keys.len() == 1 => o.keys.keys().next().map(String::as_str),
            _ => None,
        }
    }
}

/// The element name of a one-element list as converted XML shows it: `{"Image": {..}}`.
fn xml_single(v: &ExVal) -> Option<&str> {
    match v {
        ExVal::Obj(o) if o.keys.len() == 1 => match o.keys.iter().next() {
            Some((k, ExVal::Obj(_))) if k.starts_with(|c: char| c.is_ascii_uppercase()) => {
                Some(k.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

fn elem_of(a: &[Value]) -> Option<Box<ExElem>> {
    let mut out: Option<Box<ExElem>> = None;
    for v in a {
        let e = match ExVal::from_value(v) {
            ExVal::Obj(o) => ExElem::Obj(o),
            ExVal::Wrapped(k, e) => {
                let mut o = ExObj::default();
                o.keys.insert(k, ExVal::Wrapped(String::new(), e));
                ExElem::Obj(o)
            }
            _ => ExElem::Scalar,
        };
        merge_elem(&mut out, Some(Box::new(e)));
    }
    out
}

fn elem_of_val(v: ExVal) -> Option<Box<ExElem>> {
    match v {
        ExVal::Obj(o) => Some(Box::new(ExElem::Obj(o))),
        ExVal::Scalar => Some(Box::new(ExElem::Scalar)),
        ExVal::Wrapped(_, e) | ExVal::Arr(e) => e,
    }
}

fn merge_elem(a: &mut Option<Box<ExElem>>, b: Option<Box<ExElem>>) {
    match (a.as_deref_mut(), b) {
        (None, b) => *a = b,
        (Some(ExElem::Obj(x)), Some(b)) => {
            if let ExElem::Obj(y) = *b {
                x.merge(y)
            }
        }
        _ => {}
    }
}

impl ExObj {
    fn merge(&mut self, other: ExObj) {
        for (k, v) in other.keys {
            match self.keys.get_mut(&k) {
                Some(old) => old.merge(v),
                None => {
                    self.keys.insert(k, v);
                }
            }
        }
    }

    /// `Some(self)` unless empty (an empty object says nothing).
    fn known(&self) -> Option<&ExObj> {
        (!self.keys.is_empty()).then_some(self)
    }

    /// Finds a row name: exact key, else a unique case-insensitive key.
    fn find(&self, name: &str) -> Option<(&str, &ExVal)> {
        if let Some((k, v)) = self.keys.get_key_value(name) {
            return Some((k, v));
        }
        let mut hits = self
            .keys
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name));
        match (hits.next(), hits.next()) {
            (Some((k, v)), None) => Some((k, v)),
            _ => None,
        }
    }

    /// A unique container key that ends with `name` (table `MaintenanceAttributes`, example
    /// `InstanceMaintenanceAttributes`).
    fn find_by_suffix(&self, name: &str) -> Option<(&str, &ExVal)> {
        if name.len() < 6 {
            return None;
        }
        let mut hits = self.keys.iter().filter(|(k, v)| {
            !matches!(v, ExVal::Scalar) && k.len() > name.len() && k.ends_with(name)
        });
        match (hits.next(), hits.next()) {
            (Some((k, v)), None) => Some((k, v)),
            _ => None,
        }
    }

    /// A key whose value wraps a list under `name` (table row `LaunchTemplateVersionSet`, example
    /// `"LaunchTemplateVersionSets": {"LaunchTemplateVersionSet": [..]}`).
    fn find_by_wrapper(&self, name: &str) -> Option<(&str, &ExVal)> {
        let mut hits = self.keys.iter().filter(|(_, v)| match v {
            ExVal::Wrapped(w, _) => w.eq_ignore_ascii_case(name),
            ExVal::Obj(_) => xml_single(v).is_some_and(|w| w.eq_ignore_ascii_case(name)),
            _ => false,
        });
        match (hits.next(), hits.next()) {
            (Some((k, v)), None) => Some((k, v)),
            _ => None,
        }
    }
}

/// `{"DescribeXResponse": {...}}` (converted XML with its root kept) -> the inner object.
fn unwrap_action_root(o: ExObj, tables: &[RespTable]) -> ExObj {
    if o.keys.len() == 1 {
        let (k, _) = o.keys.iter().next().expect("len is 1");
        let named_in_table = tables
            .iter()
            .any(|t| t.rows.iter().any(|r| clean_name(&r.name).0 == *k));
        if k.ends_with("Response") && !named_in_table {
            if let Some(ExVal::Obj(inner)) = o.keys.into_values().next() {
                return inner;
            }
            return ExObj::default();
        }
    }
    o
}

// ---------------------------------------------------------------------------------------------
// Row types

#[derive(Debug, Clone, PartialEq)]
enum RTy {
    /// Empty type cell: G3 wrapper row or G2 container.
    Empty,
    Scalar(Type),
    Struct,
    /// `List`: array of scalars; the element name comes from the example.
    List,
    /// `List of X` / `Array of DedicatedHostId`-like: array of scalars named X.
    ScalarListOf(Type, Option<String>),
    /// `Array of X` with X not a scalar type.
    ArrayOf(String),
    /// G1 bare `Array`; the element type may be named in the description.
    Array,
    /// A link or a bare type name (G1): a data type described elsewhere.
    Named(String),
    Unknown(String),
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

fn md_link_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"\[([^\]]*)\]\(([^)]*)\)")
}

fn ident_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"[A-Za-z][A-Za-z0-9_]*")
}

fn scalar_type(s: &str) -> Option<Type> {
    Some(match s.to_ascii_lowercase().as_str() {
        "string" | "str" => Type::String,
        "integer" | "int" | "int32" => Type::Integer,
        "long" | "int64" => Type::Long,
        "float" => Type::Float,
        "double" | "number" => Type::Double,
        "boolean" | "bool" => Type::Boolean,
        "json" => Type::Json,
        _ => return None,
    })
}

/// Strips markup the reader may have left in a type cell: `[X](url)` -> X, backticks,
/// backslashes. Returns the text and the link destinations seen.
fn clean_type(raw: &str) -> (String, Vec<String>) {
    let mut urls = Vec::new();
    let text = if raw.contains('[') {
        md_link_re().replace_all(raw, |c: &regex::Captures| {
            urls.push(c[2].to_string());
            c[1].to_string()
        })
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    // Words without markup characters, one space between them.
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let before = out.len();
        out.extend(w.chars().filter(|c| !matches!(c, '`' | '\\' | '*')));
        if out.len() == before {
            out.truncate(start);
        }
    }
    (out, urls)
}

fn parse_ty(row: &RespRow) -> RTy {
    let (t, urls) = clean_type(&row.ty);
    let t = match crate::errata::type_spelling(&t) {
        Some(known) => known.to_string(),
        None => t,
    };
    let lower = t.to_ascii_lowercase();
    let has_link = row.link.is_some() || !urls.is_empty();
    if t.is_empty() {
        return RTy::Empty;
    }
    if let Some(s) = scalar_type(&t) {
        return RTy::Scalar(s);
    }
    match lower.as_str() {
        "struct" | "object" | "map" => return RTy::Struct,
        "list" | "repeatlist" => return RTy::List,
        "array" => return RTy::Array,
        _ => {}
    }
    for (prefix, is_list) in [("array of ", false), ("list of ", true)] {
        if lower.starts_with(prefix) {
            let x = t.get(prefix.len()..).unwrap_or("").trim();
            let x = ident_re()
                .find(x)
                .map(|m| m.as_str().to_string())
                .unwrap_or_default();
            if x.is_empty() {
                return RTy::Unknown(t);
            }
            if let Some(s) = scalar_type(&x) {
                return RTy::ScalarListOf(s, None);
            }
            if is_list {
                return RTy::ScalarListOf(Type::String, Some(x));
            }
            return RTy::ArrayOf(row.link.clone().unwrap_or(x));
        }
    }
    if let Some(l) = &row.link {
        return RTy::Named(l.clone());
    }
    let is_ident = ident_re().find(&t).is_some_and(|m| m.as_str() == t);
    if is_ident && (has_link || t.starts_with(|c: char| c.is_ascii_uppercase())) {
        return RTy::Named(t);
    }
    RTy::Unknown(t)
}

#[derive(Debug, Clone)]
struct PRow {
    line: u32,
    name: String,
    marked: bool,
    rty: RTy,
    example: String,
    description: String,
    /// Type names mentioned by the row (anchors, backticked names) for G1 sub-tables.
    refs: Vec<String>,
}

/// `└ Name` -> (`Name`, true).
fn clean_name(raw: &str) -> (String, bool) {
    let t = raw.trim();
    let marked = t.starts_with('└') || t.starts_with('├');
    let t = t
        .trim_start_matches(['└', '├', '─', '-', ' ', '\u{a0}'])
        .trim();
    let t: String = t.chars().filter(|c| !matches!(c, '`' | '\\')).collect();
    (t, marked)
}

fn prep_row(row: &RespRow, diags: &mut Vec<Diagnostic>) -> PRow {
    let (name, marked) = clean_name(&row.name);
    let rty = parse_ty(row);
    if let RTy::Unknown(t) = &rty {
        diags.push(Diagnostic::error(
            row.line,
            "response-type",
            format!("type `{t}` of response field `{name}` is not understood; read as String"),
        ));
    }
    let mut refs = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim().trim_start_matches('#').trim();
        if !s.is_empty() && !refs.iter().any(|r: &String| r == s) {
            refs.push(s.to_string());
        }
    };
    let (_, urls) = clean_type(&row.ty);
    for u in &urls {
        if let Some(a) = u.strip_prefix('#') {
            push(a);
        }
    }
    for c in md_link_re().captures_iter(&row.description) {
        if let Some(a) = c[2].strip_prefix('#') {
            push(a);
        }
        push(&c[1].replace(['`', '\\'], ""));
    }
    static TICK: OnceLock<Regex> = OnceLock::new();
    for c in re(&TICK, r"`([A-Za-z][A-Za-z0-9_]*)`").captures_iter(&row.description) {
        push(&c[1]);
    }
    // `N/A` in the example or description column (CMS and RAM wrapper rows) says nothing.
    let given = |s: &str| match s.trim() {
        "N/A" => String::new(),
        s => s.to_string(),
    };
    let example = given(&row.example);
    PRow {
        line: row.line,
        name,
        marked,
        rty,
        example,
        description: given(&row.description),
        refs,
    }
}

// ---------------------------------------------------------------------------------------------
// Building

struct Ctx<'a, 'd> {
    gen: Generation,
    tables: &'a [RespTable],
    placements: &'a [Placement],
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

impl Ctx<'_, '_> {
    fn referenced(&self, i: usize) -> bool {
        self.cache.contains_key(&format!("#table{i}"))
    }

    /// A captioned sub-table describing `name`.
    fn local_table(&self, names: &[String]) -> Option<usize> {
        for name in names {
            let want = norm_type_name(name);
            if want.is_empty() {
                continue;
            }
            let hit = self.tables.iter().enumerate().find(|(_, t)| {
                t.caption
                    .as_deref()
                    .and_then(caption_name)
                    .is_some_and(|c| norm_type_name(&c) == want)
            });
            if let Some((i, _)) = hit {
                return Some(i);
            }
        }
        None
    }

    /// A data-type page, through the caller's `resolve`, with a cycle/depth guard.
    fn data_type(&mut self, name: &str, line: u32) -> Option<DataType> {
        if let Some(hit) = self.cache.get(name) {
            return hit.clone();
        }
        let state = RESOLVING.with(|r| {
            let r = r.borrow();
            if r.iter().any(|n| n == name) {
                Err("cycle")
            } else if r.len() >= MAX_DEPTH {
                Err("depth")
            } else {
                Ok(())
            }
        });
        if let Err(why) = state {
            let msg = if why == "cycle" {
                format!("data type `{name}` refers to itself; the nested reference is cut")
            } else {
                format!("data types nest deeper than {MAX_DEPTH}; `{name}` is cut")
            };
            self.diags
                .push(Diagnostic::error(line, "response-type-cycle", msg));
            return None;
        }
        RESOLVING.with(|r| r.borrow_mut().push(name.to_string()));
        let dt = (self.resolve)(name);
        RESOLVING.with(|r| {
            r.borrow_mut().pop();
        });
        self.cache.insert(name.to_string(), dt.clone());
        dt
    }
}

fn caption_name(caption: &str) -> Option<String> {
    let c = caption.replace(['`', '*', '\\'], "");
    ident_re()
        .find_iter(&c)
        .last()
        .map(|m| m.as_str().to_string())
}

/// `AvailableZoneType`, `AvailableZones`, `availablezone` -> `availablezone`.
fn norm_type_name(s: &str) -> String {
    let mut n: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    for suf in ["type", "s"] {
        if n.len() > suf.len() + 2 && n.ends_with(suf) {
            n.truncate(n.len() - suf.len());
        }
    }
    n
}

fn main_table(tables: &[RespTable]) -> Option<usize> {
    if tables.is_empty() {
        return None;
    }
    Some(
        tables
            .iter()
            .position(|t| t.caption.is_none() && !t.rows.is_empty())
            .unwrap_or(0),
    )
}

/// How a block was opened; decides the field built from it.
#[derive(Debug, Clone, PartialEq)]
enum NodeKind {
    Scalar(Type),
    Struct,
    /// `Array of X` / G2 container that is a list: element struct = children.
    ListOfStruct,
    /// Array of scalars.
    ScalarList(Type),
    /// G2 empty-type container not yet known to be a list or a struct.
    Container,
    /// Built from another table / data type.
    Built(Box<Field>),
}

#[derive(Debug)]
struct Node {
    row: usize,
    name: String,
    kind: NodeKind,
    wrapper: Option<String>,
    /// `true` when the wrapper name came from the example or a wrapper row.
    wrapper_sure: bool,
    type_name: Option<String>,
    children: Vec<usize>,
}

struct Level<'e> {
    node: Option<usize>,
    /// For messages: the field that opened the block.
    name: String,
    /// The element name (wrapper) or the field name, and the names placed so far.
    elem: String,
    children: Vec<String>,
    ex: Option<&'e ExObj>,
    last: Option<String>,
    n: usize,
    /// Opened by an `Array of X` row that can still take its wrapper row.
    expects_wrapper: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Example,
    Marker,
    Sort,
    Undecided,
}

/// Builds the fields of table `t` against the example object `ex`.
fn build_table(ctx: &mut Ctx, t: usize, ex: Option<&ExObj>, depth: usize) -> Vec<Field> {
    let Some(table) = ctx.tables.get(t) else {
        return Vec::new();
    };
    let rows: Vec<PRow> = table.rows.iter().map(|r| prep_row(r, ctx.diags)).collect();
    let uses_marks = rows.iter().any(|r| r.marked);
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<Level> = vec![Level {
        node: None,
        name: "the top level".into(),
        elem: String::new(),
        children: Vec::new(),
        ex,
        last: None,
        n: 0,
        expects_wrapper: None,
    }];

    let mut i = 0;
    while i < rows.len() {
        let r = &rows[i];
        i += 1;
        // A bare wrapper row right after `Array of X`.
        if let Some(top) = stack.last_mut() {
            if let (Some(x), Some(node)) = (top.expects_wrapper.clone(), top.node) {
                top.expects_wrapper = None;
                if r.rty == RTy::Empty && r.example.is_empty() && r.description.is_empty() {
                    ctx.stats.wrapper_rows += 1;
                    let nd = &mut nodes[node];
                    if !nd.wrapper_sure {
                        nd.wrapper = Some(r.name.clone());
                        nd.wrapper_sure = true;
                    } else if nd.wrapper.as_deref() != Some(r.name.as_str()) {
                        ctx.diags.push(Diagnostic::warning(
                            r.line,
                            "response-wrapper",
                            format!(
                                "wrapper row `{}` differs from the example's `{}`",
                                r.name,
                                nd.wrapper.as_deref().unwrap_or("")
                            ),
                        ));
                    }
                    if !x.is_empty() && r.name != x {
                        ctx.diags.push(Diagnostic::warning(
                            r.line,
                            "response-wrapper",
                            format!("wrapper row `{}` does not match `Array of {x}`", r.name),
                        ));
                    }
                    continue;
                }
            }
        }

        let (level, via) = choose_level(ctx, &rows, i - 1, &stack, uses_marks);
        match via {
            Via::Example => ctx.stats.via_example += 1,
            Via::Marker => ctx.stats.via_marker += 1,
            Via::Sort => ctx.stats.via_sort += 1,
            Via::Undecided => ctx.stats.undecided += 1,
        }
        ctx.stats.rows += 1;
        stack.truncate(level + 1);

        // The example value of this key at the chosen level.
        let parent_ex = stack.last().and_then(|l| l.ex);
        let mut name = r.name.clone();
        let mut exv: Option<&ExVal> = None;
        if let Some(o) = parent_ex {
            if let Some((k, v)) = o.find(&r.name) {
                if k != r.name && k.chars().any(|c| c.is_ascii_uppercase()) {
                    ctx.diags.push(Diagnostic::warning(
                        r.line,
                        "response-name-case",
                        format!("`{}` is spelled `{k}` in the example; using `{k}`", r.name),
                    ));
                    name = k.to_string();
                }
                exv = Some(v);
            } else if !matches!(r.rty, RTy::Scalar(_)) {
                if let Some((k, v)) = o
                    .find_by_wrapper(&r.name)
                    .or_else(|| o.find_by_suffix(&r.name))
                {
                    ctx.diags.push(Diagnostic::warning(
                        r.line,
                        "response-name-from-example",
                        format!(
                            "`{}` is the list element; the example's key is `{k}`",
                            r.name
                        ),
                    ));
                    name = k.to_string();
                    exv = Some(v);
                }
            }
        }

        let idx = nodes.len();
        let mut node = Node {
            row: i - 1,
            name,
            kind: NodeKind::Scalar(Type::String),
            wrapper: None,
            wrapper_sure: false,
            type_name: None,
            children: Vec::new(),
        };
        let mut push_level: Option<(Option<&ExObj>, Option<String>)> = None;
        match &r.rty {
            RTy::Scalar(s) => node.kind = NodeKind::Scalar(*s),
            RTy::Unknown(_) => node.kind = NodeKind::Scalar(Type::String),
            RTy::Struct => {
                node.kind = NodeKind::Struct;
                push_level = Some((exv.and_then(obj_of), None));
            }
            RTy::List | RTy::ScalarListOf(..) => {
                let (ty, named) = match &r.rty {
                    RTy::ScalarListOf(t, n) => (*t, n.clone()),
                    _ => (Type::String, None),
                };
                node.kind = NodeKind::ScalarList(ty);
                if let Some(k) = exv.and_then(ExVal::wrapper_key) {
                    node.wrapper = Some(k.to_string());
                    node.wrapper_sure = true;
                } else if let Some(n) = named {
                    node.wrapper = Some(n);
                    node.wrapper_sure = true;
                }
            }
            RTy::Array if ctx.gen != Generation::G1 && r.refs.is_empty() => {
                // G3 bare `Array` followed by its wrapper row.
                node.kind = NodeKind::ListOfStruct;
                if let Some(k) = exv.and_then(ExVal::wrapper_key) {
                    node.wrapper = Some(k.to_string());
                    node.wrapper_sure = true;
                }
                push_level = Some((exv.and_then(ExVal::element_obj), Some(String::new())));
            }
            RTy::ArrayOf(x) if ctx.gen != Generation::G1 && !ctx.has_type(x, r) => {
                node.kind = NodeKind::ListOfStruct;
                node.type_name = Some(x.clone());
                if let Some(k) = exv.and_then(ExVal::wrapper_key) {
                    node.wrapper = Some(k.to_string());
                    node.wrapper_sure = true;
                } else {
                    node.wrapper = Some(x.clone());
                }
                push_level = Some((exv.and_then(ExVal::element_obj), Some(x.clone())));
            }
            RTy::Empty if is_scalar_list_container(r, exv) => {
                node.kind = NodeKind::ScalarList(Type::String);
                if let Some(k) = exv.and_then(ExVal::wrapper_key) {
                    node.wrapper = Some(k.to_string());
                    node.wrapper_sure = true;
                }
                // G2 writes the element as a row of its own right after the list
                // (`|NetworkTypes| |vpc|…` then `|NetworkType| | |…`): it names the wrapper.
                if let Some(next) = rows.get(i).filter(|n| {
                    n.rty == RTy::Empty
                        && n.example.is_empty()
                        && n.name != r.name
                        && r.name.starts_with(n.name.as_str())
                }) {
                    if !node.wrapper_sure {
                        node.wrapper = Some(next.name.clone());
                        node.wrapper_sure = true;
                    }
                    ctx.stats.wrapper_rows += 1;
                    i += 1;
                }
            }
            RTy::Empty => {
                node.kind = NodeKind::Container;
                let eo = match exv {
                    Some(v @ ExVal::Wrapped(k, _)) => {
                        node.kind = NodeKind::ListOfStruct;
                        node.wrapper = Some(k.clone());
                        node.wrapper_sure = true;
                        v.element_obj()
                    }
                    Some(ExVal::Arr(e)) => {
                        node.kind = NodeKind::ListOfStruct;
                        match e.as_deref() {
                            Some(ExElem::Obj(o)) => o.known(),
                            _ => None,
                        }
                    }
                    Some(ExVal::Obj(o)) => {
                        node.kind = NodeKind::Struct;
                        o.known()
                    }
                    _ => None,
                };
                push_level = Some((eo, None));
            }
            RTy::ArrayOf(_) | RTy::Array | RTy::Named(_) => {
                let f = build_reference(ctx, r, &node.name, exv, depth);
                node.kind = NodeKind::Built(Box::new(f));
            }
        }
        nodes.push(node);
        match stack.last_mut() {
            Some(l) => {
                l.children.push(r.name.clone());
                l.last = Some(r.name.clone());
                l.n += 1;
                match l.node {
                    Some(p) => nodes[p].children.push(idx),
                    None => roots.push(idx),
                }
            }
            None => roots.push(idx),
        }
        if let Some((ex, wrapper)) = push_level {
            stack.push(Level {
                node: Some(idx),
                name: nodes[idx].name.clone(),
                elem: nodes[idx]
                    .wrapper
                    .clone()
                    .unwrap_or_else(|| nodes[idx].name.clone()),
                children: Vec::new(),
                ex,
                last: None,
                n: 0,
                expects_wrapper: wrapper,
            });
        }
    }

    let mut out: Vec<Field> = Vec::new();
    for &n in &roots {
        out.push(to_field(ctx, &rows, &mut nodes, n));
    }
    group_indexed(ctx, &mut out, ex);
    out
}

impl Ctx<'_, '_> {
    /// Whether `Array of X` in a G2/G3 table names a captioned sub-table (then it is a
    /// reference, not an inline block).
    fn has_type(&self, x: &str, r: &PRow) -> bool {
        let mut names = vec![x.to_string()];
        names.extend(r.refs.iter().cloned());
        self.local_table(&names)
            .is_some_and(|t| !self.visiting.contains(&t))
    }
}

/// A G2 empty-type row that is an array of scalars: it has an example value
/// (`|AvailableDiskCategories| |cloud|…`) or the example shows scalar elements.
fn is_scalar_list_container(r: &PRow, exv: Option<&ExVal>) -> bool {
    match exv {
        Some(ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e))) => {
            return matches!(**e, ExElem::Scalar)
        }
        Some(ExVal::Obj(o)) if o.keys.len() > 1 => return false,
        _ => {}
    }
    !r.example.is_empty()
}

fn obj_of(v: &ExVal) -> Option<&ExObj> {
    match v {
        ExVal::Obj(o) => o.known(),
        _ => None,
    }
}

/// Decides which open level (index into `stack`) row `i` belongs to.
fn choose_level(
    ctx: &mut Ctx,
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    uses_marks: bool,
) -> (usize, Via) {
    let r = &rows[i];
    let top = stack.len().saturating_sub(1);
    let (lo, hi, conflict) = allowed_range(
        uses_marks,
        r.marked,
        top,
        stack.last().is_some_and(|l| l.n == 0),
    );
    if conflict {
        ctx.diags.push(Diagnostic::warning(
            r.line,
            "response-empty-block",
            "a container has no documented fields before this top-level row",
        ));
    }
    if lo >= hi {
        return (hi, Via::Marker);
    }
    let in_ex = |l: usize| stack[l].ex.is_some_and(|o| o.find(&r.name).is_some());
    let sorted_ok = |l: usize| after(stack[l].last.as_deref(), &r.name);
    let e = (lo..=hi).rev().find(|&l| in_ex(l));
    let s: Vec<usize> = (lo..=hi).filter(|&l| sorted_ok(l)).collect();
    if let Some(e) = e {
        if s.contains(&e) {
            return (e, Via::Example);
        }
        // The example puts it in a shallower block but the sort order keeps it in a deeper
        // block the example does not show (DescribeDisks' `MountInstances`): trust the order.
        if let Some(&d) = s.iter().rev().find(|&&l| l > e && stack[l].ex.is_none()) {
            ctx.diags.push(Diagnostic::warning(
                r.line,
                "response-example-mismatch",
                format!(
                    "`{}` is placed in `{}`, a block the example lacks, although the example has \
                     the key in `{}`",
                    r.name, stack[d].name, stack[e].name
                ),
            ));
            return (d, Via::Sort);
        }
        return (e, Via::Example);
    }
    // The example is silent. A known placement (errata) settles it.
    // A field name can have a known home in several blocks (`Id` of each `Failed*Parameters`
    // of PutEventRuleTargets): the first one that is open now.
    let home = ctx
        .placements
        .iter()
        .filter(|p| p.field == r.name)
        .find_map(|p| {
            (lo..=hi).find(|&l| {
                if p.parent.is_empty() {
                    l == 0
                } else {
                    stack[l].name == p.parent || stack[l].elem == p.parent
                }
            })
        });
    if let Some(l) = home {
        return (l, Via::Marker);
    }
    // Keep the rows up to the next one the example places consistent
    // with the markers and ASCII order; if only one parent allows that, it is the answer.
    let (feasible, bound) = match feasible_levels(rows, i, stack, uses_marks) {
        Some(v) if !v.is_empty() => (v, lo),
        _ => silent_candidates(rows, i, stack, lo, hi, &s),
    };
    let feasible = exclude_by_prefix(feasible, stack, &r.name);
    match feasible.as_slice() {
        [one] => (*one, Via::Sort),
        // Unsorted, but the next row the example places leaves one possible block.
        [] if bound >= hi => (hi, Via::Sort),
        [] => {
            // Unsorted siblings and nothing else to go by: stay in the innermost block.
            ctx.diags.push(Diagnostic::error(
                r.line,
                "response-nesting",
                format!(
                    "cannot decide the parent of `{}` (not in the example, siblings unsorted); \
                     kept in `{}`",
                    r.name, stack[hi].name
                ),
            ));
            (hi, Via::Undecided)
        }
        many => {
            // A block missing from the example explains the row's absence better than a block
            // the example shows without it; otherwise take the outermost (of the example-placed
            // rows that would be ambiguous this way, about two thirds close the inner block).
            let unknown: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&l| stack[l].ex.is_none())
                .collect();
            let l = match unknown.as_slice() {
                [one] => *one,
                _ => many.first().copied().unwrap_or(hi),
            };
            let names: Vec<&str> = many.iter().map(|&l| stack[l].name.as_str()).collect();
            ctx.diags.push(Diagnostic::error(
                r.line,
                "response-nesting",
                format!(
                    "cannot decide the parent of `{}` (not in the example; could be in {}); \
                     placed in `{}`",
                    r.name,
                    names.join(" or "),
                    stack[l].name
                ),
            ));
            (l, Via::Undecided)
        }
    }
}

/// Drops inner candidate blocks whose fields all carry a prefix taken from the block's name
/// that this row lacks (`Tags{TagKey, TagValue}` does not take `ZoneId`;
/// `OperationLocks{LockReason}` does not take `Platform`). Keeps at least one candidate.
fn exclude_by_prefix(cands: Vec<usize>, stack: &[Level], name: &str) -> Vec<usize> {
    if cands.len() < 2 {
        return cands;
    }
    let shallowest = cands.first().copied();
    let kept: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&l| {
            Some(l) == shallowest
                || !stack[l]
                    .prefixes()
                    .iter()
                    .any(|p| !name.starts_with(p.as_str()))
        })
        .collect();
    if kept.is_empty() {
        cands
    } else {
        kept
    }
}

impl Level<'_> {
    /// Name prefixes shared by every field of this block (from the block's element name and
    /// its CamelCase words, at least 3 characters, generic words left out).
    fn prefixes(&self) -> Vec<String> {
        if self.children.is_empty() {
            return Vec::new();
        }
        let mut words: Vec<String> = camel_words(&self.elem);
        words.push(self.elem.clone());
        words
            .into_iter()
            .filter(|w| {
                w.len() >= 3
                    && !matches!(
                        w.as_str(),
                        "Set" | "Sets" | "Info" | "Item" | "Items" | "Type" | "Attribute" | "List"
                    )
            })
            .filter(|w| self.children.iter().all(|c| c.starts_with(w.as_str())))
            .collect()
    }
}

fn camel_words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() && !cur.is_empty() && !cur.chars().all(|x| x.is_ascii_uppercase())
        {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `name` may follow `last` among sorted siblings (ASCII order).
fn after(last: Option<&str>, name: &str) -> bool {
    last.is_none_or(|last| last.as_bytes() < name.as_bytes())
}

/// Levels a row may go to from markers alone: `(lo, hi, marker_overrode_block_rule)`. A block
/// just opened takes the next row; with G2 `└` marks, unmarked rows are top-level and marked
/// rows are nested.
fn allowed_range(
    uses_marks: bool,
    marked: bool,
    top: usize,
    top_empty: bool,
) -> (usize, usize, bool) {
    let lo = if top > 0 && top_empty { top } else { 0 };
    let hi = top;
    if !uses_marks {
        return (lo, hi, false);
    }
    let (mlo, mhi) = if marked { (1.min(top), top) } else { (0, 0) };
    if mlo > hi || mhi < lo {
        (mlo, mhi, !marked && top > 0 && top_empty)
    } else {
        (lo.max(mlo), hi.min(mhi), false)
    }
}

#[derive(Clone)]
struct SimLevel<'r> {
    /// Index in the real stack, for levels that were open when the search started.
    orig: Option<usize>,
    last: Option<&'r str>,
    n: usize,
    expects_wrapper: bool,
}

/// Exhaustive check of the silent rows from `i` up to the next row the example places in an
/// open block (the anchor): which levels for row `i` admit a placement of all those rows that
/// keeps every sibling group in ASCII order and leaves the anchor's block open with the anchor
/// sorting last. `None` if the search grew too large.
fn feasible_levels(
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    uses_marks: bool,
) -> Option<Vec<usize>> {
    let mut anchor: Option<(usize, usize)> = None;
    for (k, next) in rows.iter().enumerate().skip(i + 1) {
        if is_wrapper_like(next) {
            continue;
        }
        if let Some(l) = (0..stack.len())
            .rev()
            .find(|&l| stack[l].ex.is_some_and(|o| o.find(&next.name).is_some()))
        {
            anchor = Some((k, l));
            break;
        }
    }
    let end = anchor.map_or(rows.len(), |(k, _)| k);
    let state: Vec<SimLevel> = stack
        .iter()
        .enumerate()
        .map(|(i, l)| SimLevel {
            orig: Some(i),
            last: l.last.as_deref(),
            n: l.n,
            expects_wrapper: l.expects_wrapper.is_some(),
        })
        .collect();
    let mut budget = 20_000usize;
    let mut out = Vec::new();
    let top = state.len().saturating_sub(1);
    let (lo, hi, _) = allowed_range(uses_marks, rows[i].marked, top, state[top].n == 0);
    for l in lo..=hi {
        if !after(state[l].last, &rows[i].name) {
            continue;
        }
        let next = place(&state, l, &rows[i]);
        match dfs(rows, i + 1, end, anchor, next, uses_marks, &mut budget) {
            Some(true) => out.push(l),
            Some(false) => {}
            None => return None,
        }
    }
    Some(out)
}

fn is_wrapper_like(r: &PRow) -> bool {
    r.rty == RTy::Empty && r.description.is_empty() && r.example.is_empty()
}

/// Rows that open a block (approximation used by the search).
fn opens(r: &PRow) -> bool {
    match &r.rty {
        RTy::Struct | RTy::ArrayOf(_) | RTy::Array => true,
        RTy::Empty => r.example.is_empty(),
        _ => false,
    }
}

fn place<'r>(state: &[SimLevel<'r>], l: usize, r: &'r PRow) -> Vec<SimLevel<'r>> {
    let mut s: Vec<SimLevel> = state.iter().take(l + 1).cloned().collect();
    if let Some(lv) = s.last_mut() {
        lv.last = Some(&r.name);
        lv.n += 1;
        lv.expects_wrapper = false;
    }
    if opens(r) {
        s.push(SimLevel {
            orig: None,
            last: None,
            n: 0,
            expects_wrapper: matches!(r.rty, RTy::ArrayOf(_) | RTy::Array),
        });
    }
    s
}

fn dfs<'r>(
    rows: &'r [PRow],
    k: usize,
    end: usize,
    anchor: Option<(usize, usize)>,
    mut state: Vec<SimLevel<'r>>,
    uses_marks: bool,
    budget: &mut usize,
) -> Option<bool> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    if k >= end {
        return Some(match anchor {
            None => true,
            Some((z, j)) => state
                .get(j)
                .is_some_and(|lv| lv.orig == Some(j) && after(lv.last, &rows[z].name)),
        });
    }
    let r = &rows[k];
    if let Some(top) = state.last_mut() {
        if top.expects_wrapper {
            top.expects_wrapper = false;
            if is_wrapper_like(r) && top.n == 0 {
                return dfs(rows, k + 1, end, anchor, state, uses_marks, budget);
            }
        }
    }
    let top = state.len().saturating_sub(1);
    let (lo, hi, _) = allowed_range(uses_marks, r.marked, top, state[top].n == 0);
    for l in lo..=hi {
        if !after(state[l].last, &r.name) {
            continue;
        }
        let next = place(&state, l, r);
        match dfs(rows, k + 1, end, anchor, next, uses_marks, budget) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => return None,
        }
    }
    Some(false)
}

/// Fallback when the search finds no consistent reading (unsorted groups): levels where the row
/// keeps its siblings in ASCII order, bounded from below by the next row the example places
/// (blocks are contiguous) and, if that row sorts before this one, not at that row's level.
fn silent_candidates(
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    lo: usize,
    hi: usize,
    s: &[usize],
) -> (Vec<usize>, usize) {
    let r = &rows[i];
    let mut bound = lo;
    let mut not_at: Option<usize> = None;
    for next in rows.iter().skip(i + 1) {
        if is_wrapper_like(next) {
            continue;
        }
        if let Some(l) = (lo..=hi)
            .rev()
            .find(|&l| stack[l].ex.is_some_and(|o| o.find(&next.name).is_some()))
        {
            bound = l;
            if next.name.as_bytes() < r.name.as_bytes() {
                not_at = Some(l);
            }
            break;
        }
    }
    let mut cands: Vec<usize> = s.iter().copied().filter(|&l| l >= bound).collect();
    if let Some(j) = not_at {
        if cands.iter().any(|&l| l != j) {
            cands.retain(|&l| l != j);
        }
    }
    (cands, bound)
}

/// Builds the field of a row whose type is described elsewhere (G1 sub-table or data-type
/// page; `Array of X` without inline fields).
fn build_reference(
    ctx: &mut Ctx,
    r: &PRow,
    name: &str,
    exv: Option<&ExVal>,
    depth: usize,
) -> Field {
    let (type_name, listish) = match &r.rty {
        RTy::ArrayOf(x) => (Some(x.clone()), true),
        RTy::Named(x) => (Some(x.clone()), false),
        _ => (None, true),
    };
    let mut names: Vec<String> = type_name.iter().cloned().collect();
    names.extend(r.refs.iter().cloned());
    if r.rty == RTy::Array {
        // `|InstanceType|Array|…请参阅 InstanceType。|` with a sub-table captioned by the name.
        names.push(name.to_string());
        names.push(singular(name));
    }
    // Element example object.
    let elem_ex = exv.and_then(|v| match v {
        ExVal::Obj(o) if !listish && v.wrapper_key().is_none() => o.known(),
        _ => v.element_obj(),
    });
    let mut inner: Option<(Vec<Field>, Option<String>, String)> = None; // fields, node name, type
    if depth >= MAX_DEPTH {
        ctx.diags.push(Diagnostic::error(
            r.line,
            "response-type-cycle",
            format!("types nest deeper than {MAX_DEPTH} at `{name}`; cut"),
        ));
    } else if let Some(t) = ctx.local_table(&names) {
        ctx.cache.insert(format!("#table{t}"), None);
        if ctx.visiting.contains(&t) {
            ctx.diags.push(Diagnostic::error(
                r.line,
                "response-type-cycle",
                format!("sub-table for `{name}` refers to itself; cut"),
            ));
        } else {
            ctx.visiting.push(t);
            let fields = build_table(ctx, t, elem_ex, depth + 1);
            ctx.visiting.pop();
            let tn = ctx.tables[t]
                .caption
                .as_deref()
                .and_then(caption_name)
                .unwrap_or_default();
            inner = Some((fields, None, tn));
        }
    } else {
        for n in &names {
            if !n.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            if let Some(dt) = ctx.data_type(n, r.line) {
                let mut fields = dt.fields.clone();
                if let Some(o) = elem_ex {
                    reconcile(&mut fields, o);
                }
                inner = Some((fields, dt.node_name.clone(), dt.name.clone()));
                break;
            }
        }
    }
    let example = (!r.example.is_empty()).then(|| r.example.clone());
    let mut f = Field {
        name: name.to_string(),
        rust_name: String::new(),
        ty: Type::Struct,
        wrapper: None,
        item: None,
        fields: Vec::new(),
        type_name: type_name.clone(),
        example,
        description: r.description.clone(),
        line: r.line,
    };
    let mut ex_wrapper = exv.and_then(|v| match v {
        ExVal::Wrapped(k, _) => Some(k.clone()),
        _ => None,
    });
    let ex_is_obj = matches!(exv, Some(ExVal::Obj(o)) if o.keys.len() > 1);
    if let (None, Some((fields, _, _))) = (&ex_wrapper, &inner) {
        // Converted XML with one element: `{"DiskDeviceMapping": {..}}` over a type whose fields
        // do not include that key.
        if let Some(k) = exv.and_then(xml_single) {
            if fields.len() != 1 && !fields.iter().any(|f| f.name.eq_ignore_ascii_case(k)) {
                ex_wrapper = Some(k.to_string());
            }
        }
    }
    let Some((fields, node_name, tname)) = inner else {
        // No description of the element: a list of scalars named after it
        // (`Array of DedicatedHostId`), or an unknown structure.
        match (&r.rty, type_name) {
            (RTy::ArrayOf(x), _) | (RTy::Named(x), _) if listish || ex_wrapper.is_some() => {
                f.ty = Type::List;
                f.wrapper = Some(ex_wrapper.unwrap_or_else(|| x.clone()));
                f.item = Some(Box::new(scalar_item(f.wrapper.as_deref(), r)));
            }
            (RTy::Array, _) => {
                f.ty = Type::List;
                f.wrapper = ex_wrapper.clone();
                if f.wrapper.is_none() {
                    ctx.diags.push(Diagnostic::error(
                        r.line,
                        "response-type",
                        format!("the element type of array `{name}` is not documented"),
                    ));
                }
                f.item = Some(Box::new(scalar_item(f.wrapper.as_deref(), r)));
            }
            (_, tn) => {
                f.ty = Type::String;
                ctx.diags.push(Diagnostic::error(
                    r.line,
                    "response-type",
                    format!(
                        "type `{}` of `{name}` is not understood or not described on this page \
                         or a data-type page; read as String",
                        tn.unwrap_or_default()
                    ),
                ));
            }
        }
        return f;
    };
    f.type_name = Some(tname.clone())
        .filter(|s| !s.is_empty())
        .or(f.type_name);
    // A "set" type: one member that is the element itself.
    let single = fields.len() == 1;
    let is_list = listish || ex_wrapper.is_some() || single || matches!(exv, Some(ExVal::Arr(_)));
    if !is_list || (ex_is_obj && !listish) {
        f.ty = Type::Struct;
        f.fields = fields;
        return f;
    }
    f.ty = Type::List;
    if single {
        let Some(mut item) = fields.into_iter().next() else {
            return f;
        };
        if let Some(w) = &ex_wrapper {
            if !item.name.eq_ignore_ascii_case(w) {
                ctx.diags.push(Diagnostic::warning(
                    item.line,
                    "response-wrapper",
                    format!("element `{}` is `{w}` in the example", item.name),
                ));
            }
            item.name = w.clone();
        }
        // `Commands` of `CommandSetType{Command: Array of CommandType}`: the member is the
        // repeated element itself.
        if item.ty == Type::List && item.wrapper.is_none() {
            if let Some(mut inner) = item.item.take() {
                inner.name = item.name.clone();
                inner.description = std::mem::take(&mut item.description);
                item = *inner;
            }
        }
        f.wrapper = Some(item.name.clone());
        f.item = Some(Box::new(item));
        return f;
    }
    let wrapper = ex_wrapper
        .or_else(|| match &r.rty {
            RTy::ArrayOf(x) if !x.ends_with("Type") => Some(x.clone()),
            _ => None,
        })
        .or_else(|| node_name.filter(|n| ident_re().find(n).is_some_and(|m| m.as_str() == n)));
    let wrapper = match wrapper {
        Some(w) => Some(w),
        // A singular name (`Command|Array`): the field repeats itself, no wrapper object.
        None if singular(name) == name => None,
        None => {
            let w = singular(name);
            ctx.diags.push(Diagnostic::warning(
                r.line,
                "response-wrapper-guessed",
                format!("list element name of `{name}` not documented; guessed `{w}`"),
            ));
            Some(w)
        }
    };
    f.wrapper = wrapper.clone();
    let wrapper = wrapper.unwrap_or_else(|| name.to_string());
    f.item = Some(Box::new(Field {
        name: wrapper,
        rust_name: String::new(),
        ty: Type::Struct,
        wrapper: None,
        item: None,
        fields,
        type_name: Some(tname).filter(|s| !s.is_empty()),
        example: None,
        description: String::new(),
        line: r.line,
    }));
    f
}

fn scalar_item(wrapper: Option<&str>, r: &PRow) -> Field {
    let ty = match &r.rty {
        RTy::ScalarListOf(t, _) => *t,
        _ => Type::String,
    };
    Field {
        name: wrapper.unwrap_or(&r.name).to_string(),
        rust_name: String::new(),
        ty,
        wrapper: None,
        item: None,
        fields: Vec::new(),
        type_name: None,
        example: (!r.example.is_empty()).then(|| r.example.clone()),
        description: String::new(),
        line: r.line,
    }
}

/// Adjusts data-type fields (built without an example) to the example's shapes: list wrapper
/// names and struct-vs-wrapped-list.
fn reconcile(fields: &mut [Field], ex: &ExObj) {
    for f in fields.iter_mut() {
        let Some((_, v)) = ex.find(&f.name) else {
            continue;
        };
        match (f.ty, v) {
            (Type::List, ExVal::Wrapped(k, _)) => {
                if f.wrapper.as_deref() != Some(k.as_str()) {
                    f.wrapper = Some(k.clone());
                    if let Some(item) = f.item.as_deref_mut() {
                        item.name = k.clone();
                    }
                }
                if let (Some(item), Some(o)) = (f.item.as_deref_mut(), v.element_obj()) {
                    reconcile(&mut item.fields, o);
                }
            }
            (Type::Struct, ExVal::Wrapped(k, _)) if f.type_name.is_some() => {
                let fields = std::mem::take(&mut f.fields);
                let mut item = f.clone();
                item.name = k.clone();
                item.fields = fields;
                item.description = String::new();
                if let Some(o) = v.element_obj() {
                    reconcile(&mut item.fields, o);
                }
                f.ty = Type::List;
                f.wrapper = Some(k.clone());
                f.item = Some(Box::new(item));
            }
            (Type::Struct, ExVal::Obj(o)) => {
                let single = xml_single(v)
                    .filter(|k| !f.fields.iter().any(|c| c.name.eq_ignore_ascii_case(k)));
                match single {
                    Some(k) if f.type_name.is_some() => {
                        let k = k.to_string();
                        let mut item = f.clone();
                        item.name = k.clone();
                        item.description = String::new();
                        if let Some(o) = v.element_obj() {
                            reconcile(&mut item.fields, o);
                        }
                        f.fields.clear();
                        f.ty = Type::List;
                        f.wrapper = Some(k);
                        f.item = Some(Box::new(item));
                    }
                    _ => reconcile(&mut f.fields, o),
                }
            }
            _ => {}
        }
    }
}

/// Turns an arena node into a `Field`.
fn to_field(ctx: &mut Ctx, rows: &[PRow], nodes: &mut [Node], n: usize) -> Field {
    let children: Vec<usize> = std::mem::take(&mut nodes[n].children);
    let mut kids: Vec<Field> = children
        .iter()
        .map(|&c| to_field(ctx, rows, nodes, c))
        .collect();
    let node = &nodes[n];
    let r = &rows[node.row];
    let example = (!r.example.is_empty()).then(|| r.example.clone());
    let mut f = Field {
        name: node.name.clone(),
        rust_name: String::new(),
        ty: Type::String,
        wrapper: None,
        item: None,
        fields: Vec::new(),
        type_name: node.type_name.clone(),
        example,
        description: r.description.clone(),
        line: r.line,
    };
    let mut kind = node.kind.clone();
    if kind == NodeKind::Container {
        // G2 container with no example: plural names are lists.
        if looks_plural(&node.name) {
            kind = NodeKind::ListOfStruct;
        } else {
            kind = NodeKind::Struct;
        }
    }
    match kind {
        NodeKind::Built(b) => return *b,
        NodeKind::Scalar(t) => f.ty = t,
        NodeKind::Struct => {
            f.ty = Type::Struct;
            f.fields = kids;
            if f.fields.is_empty() {
                ctx.diags.push(Diagnostic::warning(
                    r.line,
                    "response-empty-block",
                    format!("`{}` has no documented fields", f.name),
                ));
            }
        }
        NodeKind::ScalarList(t) => {
            f.ty = Type::List;
            let w = match &node.wrapper {
                Some(w) => Some(w.clone()),
                None => {
                    let w = singular(&f.name);
                    if w != f.name {
                        ctx.diags.push(Diagnostic::warning(
                            r.line,
                            "response-wrapper-guessed",
                            format!(
                                "element name of list `{}` not in the example; guessed `{w}`",
                                f.name
                            ),
                        ));
                        Some(w)
                    } else {
                        ctx.diags.push(Diagnostic::warning(
                            r.line,
                            "response-wrapper-guessed",
                            format!("element name of list `{}` not in the example; read as a plain array", f.name),
                        ));
                        None
                    }
                }
            };
            f.wrapper = w.clone();
            f.item = Some(Box::new(Field {
                name: w.unwrap_or_else(|| f.name.clone()),
                rust_name: String::new(),
                ty: t,
                wrapper: None,
                item: None,
                fields: Vec::new(),
                type_name: None,
                example: f.example.clone(),
                description: String::new(),
                line: r.line,
            }));
        }
        NodeKind::ListOfStruct | NodeKind::Container => {
            f.ty = Type::List;
            let w = match &node.wrapper {
                Some(w) => w.clone(),
                None => {
                    let w = singular(&f.name);
                    ctx.diags.push(Diagnostic::warning(
                        r.line,
                        "response-wrapper-guessed",
                        format!(
                            "element name of list `{}` not documented; guessed `{w}`",
                            f.name
                        ),
                    ));
                    w
                }
            };
            f.wrapper = Some(w.clone());
            // `Array of String` written as `Array of X` with no fields stays a scalar list.
            let item = if kids.is_empty() {
                ctx.diags.push(Diagnostic::warning(
                    r.line,
                    "response-empty-block",
                    format!(
                        "list `{}` documents no element fields; read as strings",
                        f.name
                    ),
                ));
                Field {
                    name: w,
                    rust_name: String::new(),
                    ty: Type::String,
                    wrapper: None,
                    item: None,
                    fields: Vec::new(),
                    type_name: None,
                    example: None,
                    description: String::new(),
                    line: r.line,
                }
            } else {
                Field {
                    name: w,
                    rust_name: String::new(),
                    ty: Type::Struct,
                    wrapper: None,
                    item: None,
                    fields: std::mem::take(&mut kids),
                    type_name: node.type_name.clone(),
                    example: None,
                    description: String::new(),
                    line: r.line,
                }
            };
            f.item = Some(Box::new(item));
        }
    }
    f
}

/// `DataDisk.n.Size` rows -> one list `DataDisks` (`{"DataDisk": [{"Size": ..}]}`).
fn group_indexed(ctx: &mut Ctx, fields: &mut Vec<Field>, ex: Option<&ExObj>) {
    static IDX: OnceLock<Regex> = OnceLock::new();
    let idx = re(&IDX, r"^([A-Za-z][A-Za-z0-9]*)\.[nN]\.(.+)$");
    if !fields.iter().any(|f| idx.is_match(&f.name)) {
        return;
    }
    let old = std::mem::take(fields);
    let mut groups: Vec<(String, usize)> = Vec::new(); // base -> index in `fields`
    for mut f in old {
        let Some(c) = idx.captures(&f.name) else {
            fields.push(f);
            continue;
        };
        let base = c[1].to_string();
        let sub = c[2].to_string();
        f.name = sub;
        if let Some((_, at)) = groups.iter().find(|(b, _)| *b == base) {
            if let Some(item) = fields.get_mut(*at).and_then(|l| l.item.as_deref_mut()) {
                item.fields.push(f);
            }
            continue;
        }
        let listed = ex.and_then(|o| o.find_by_wrapper(&base));
        let name = match listed {
            Some((k, _)) => k.to_string(),
            None => {
                let n = format!("{base}s");
                ctx.diags.push(Diagnostic::warning(
                    f.line,
                    "response-wrapper-guessed",
                    format!("indexed rows `{base}.n.*` read as list `{n}` of `{base}`"),
                ));
                n
            }
        };
        let line = f.line;
        fields.push(Field {
            name,
            rust_name: String::new(),
            ty: Type::List,
            wrapper: Some(base.clone()),
            item: Some(Box::new(Field {
                name: base.clone(),
                rust_name: String::new(),
                ty: Type::Struct,
                wrapper: None,
                item: None,
                fields: vec![f],
                type_name: None,
                example: None,
                description: String::new(),
                line,
            })),
            fields: Vec::new(),
            type_name: None,
            example: None,
            description: String::new(),
            line,
        });
        groups.push((base, fields.len() - 1));
    }
}

fn looks_plural(name: &str) -> bool {
    name.ends_with('s') && !name.ends_with("ss") || name.ends_with("Set") || name.ends_with("List")
}

/// `SecurityGroupIds` -> `SecurityGroupId`, `Policies` -> `Policy`, `Addresses` -> `Address`.
fn singular(name: &str) -> String {
    if let Some(s) = name.strip_suffix("ies") {
        return format!("{s}y");
    }
    for suf in ["sses", "xes", "ches", "shes"] {
        if let Some(s) = name.strip_suffix(suf) {
            return format!("{s}{}", &suf[..suf.len() - 2]);
        }
    }
    if let Some(s) = name.strip_suffix('s') {
        if !s.ends_with('s') && !s.is_empty() {
            return s.to_string();
        }
    }
    name.to_string()
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

/// Warns about example keys the table does not document (one warning per object).
fn report_unmatched_keys(
    fields: &[Field],
    ex: &ExObj,
    line: u32,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut missing = Vec::new();
    for (k, v) in &ex.keys {
        let f = fields.iter().find(|f| f.name.eq_ignore_ascii_case(k));
        match f {
            None => missing.push(k.as_str()),
            Some(f) => {
                let sub = match f.ty {
                    Type::Struct => Some(&f.fields),
                    Type::List => f.item.as_deref().map(|i| &i.fields),
                    _ => None,
                };
                let o = match (f.ty, v) {
                    (Type::Struct, ExVal::Obj(o)) => Some(o),
                    (Type::List, _) => v.element_obj(),
                    _ => None,
                };
                if let (Some(sub), Some(o)) = (sub, o) {
                    if !sub.is_empty() {
                        report_unmatched_keys(sub, o, f.line, diags, depth + 1);
                    }
                }
            }
        }
    }
    if !missing.is_empty() {
        diags.push(Diagnostic::warning(
            line,
            "response-undocumented-key",
            format!(
                "example keys not in the response table: {}",
                missing.join(", ")
            ),
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Severity;
    use serde_json::json;

    fn row(line: u32, name: &str, ty: &str, example: &str, desc: &str) -> RespRow {
        RespRow {
            line,
            name: name.into(),
            ty: ty.into(),
            link: None,
            example: example.into(),
            description: desc.into(),
        }
    }

    /// `name|type|example|description` lines -> one table.
    fn table(spec: &str) -> RespTable {
        let rows = spec
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(i, l)| {
                let c: Vec<&str> = l.split('|').map(str::trim).collect();
                let get = |k: usize| c.get(k).copied().unwrap_or("");
                row(i as u32 + 10, get(0), get(1), get(2), get(3))
            })
            .collect();
        RespTable {
            line: 9,
            caption: None,
            rows,
        }
    }

    fn run(
        gen: Generation,
        tables: &[RespTable],
        ex: &[Value],
    ) -> (Vec<Field>, Vec<Diagnostic>, Stats) {
        let mut d = Vec::new();
        let mut none = |_: &str| None;
        let (r, st) = recover_with_stats(1, gen, tables, ex, &[], &mut none, &mut d);
        (r.fields, d, st)
    }

    fn get<'a>(fields: &'a [Field], name: &str) -> &'a Field {
        fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name} in {:?}", names(fields)))
    }

    fn names(fields: &[Field]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_str()).collect()
    }

    fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
        d.iter().filter(|d| d.severity == Severity::Error).collect()
    }

    fn item_fields(f: &Field) -> &[Field] {
        f.item.as_deref().map_or(&[], |i| i.fields.as_slice())
    }

    #[test]
    fn g2_scalar_list_takes_its_element_row() {
        let t = table(
            "Zones|||zones
             NetworkTypes||vpc|network types
             NetworkType|||network types
             ZoneNo|String|cn-hangzhou-f|zone",
        );
        let (f, d, _) = run(Generation::G2, &[t], &[]);
        assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:?}");
        let zones = get(&f, "Zones");
        let inner = zones.item.as_ref().map_or(&zones.fields, |i| &i.fields);
        let nt = get(inner, "NetworkTypes");
        assert_eq!(
            (nt.ty, nt.wrapper.as_deref()),
            (Type::List, Some("NetworkType"))
        );
        assert!(inner.iter().all(|f| f.name != "NetworkType"));
    }

    #[test]
    fn g3_array_of_with_wrapper_rows() {
        let t = table(
            "Instances|Array of Instance||Details.
             Instance|||
             InstanceId|String|i-1|ID.
             Tags|Array of Tag||Tags.
             Tag|||
             TagKey|String|k|Key.
             TagValue|String|v|Value.
             ZoneId|String|cn-hangzhou-g|Zone.
             RequestId|String|R|Request.
             TotalCount|Integer|1|Total.",
        );
        let ex = json!({"Instances": {"Instance": [{"InstanceId": "i-1", "ZoneId": "z",
            "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]}}]}, "RequestId": "R", "TotalCount": 1});
        let (f, d, st) = run(Generation::G3, &[t], &[ex]);
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(names(&f), ["Instances", "RequestId", "TotalCount"]);
        let inst = get(&f, "Instances");
        assert_eq!(inst.ty, Type::List);
        assert_eq!(inst.wrapper.as_deref(), Some("Instance"));
        assert_eq!(inst.type_name.as_deref(), Some("Instance"));
        let el = item_fields(inst);
        assert_eq!(names(el), ["InstanceId", "Tags", "ZoneId"]);
        let tags = get(el, "Tags");
        assert_eq!(tags.wrapper.as_deref(), Some("Tag"));
        assert_eq!(names(item_fields(tags)), ["TagKey", "TagValue"]);
        assert_eq!(get(&f, "TotalCount").ty, Type::Integer);
        assert_eq!(st.wrapper_rows, 2);
        assert_eq!(st.rows, 10 - 2);
    }

    #[test]
    fn g3_struct_and_sort_order_close_blocks_without_example() {
        // No example at all: `Zone` < `Cpu`? no; markers + ASCII order decide unambiguously.
        let t = table(
            "Cpu|Integer|2|
             CpuOptions|Struct||
             CoreCount|Integer|2|
             ThreadsPerCore|Integer|2|
             Memory|Integer|1024|
             RequestId|String|R|",
        );
        let (f, d, _) = run(Generation::G3, &[t], &[]);
        // `Memory` fits after `ThreadsPerCore`? No: `M` < `T`, so it closes the struct.
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(names(&f), ["Cpu", "CpuOptions", "Memory", "RequestId"]);
        let s = get(&f, "CpuOptions");
        assert_eq!(s.ty, Type::Struct);
        assert_eq!(names(&s.fields), ["CoreCount", "ThreadsPerCore"]);
    }

    #[test]
    fn list_takes_its_element_name_from_the_example() {
        let t = table(
            "SecurityGroupIds|List|sg-1|Groups.
             InnerIpAddress|List|10.0.0.1|Inner.
             PublicIps|List|1.1.1.1|No example.
             RequestId|String|R|",
        );
        let ex = json!({"SecurityGroupIds": {"SecurityGroupId": ["sg-1"]},
            "InnerIpAddress": {"IpAddress": []}, "RequestId": "R"});
        let (f, d, _) = run(Generation::G3, &[t], &[ex]);
        let sg = get(&f, "SecurityGroupIds");
        assert_eq!(sg.ty, Type::List);
        assert_eq!(sg.wrapper.as_deref(), Some("SecurityGroupId"));
        let item = sg.item.as_deref().expect("item");
        assert_eq!(
            (item.name.as_str(), item.ty),
            ("SecurityGroupId", Type::String)
        );
        assert_eq!(
            get(&f, "InnerIpAddress").wrapper.as_deref(),
            Some("IpAddress")
        );
        // Not in the example: singularised, with a warning, not an error.
        assert_eq!(get(&f, "PublicIps").wrapper.as_deref(), Some("PublicIp"));
        assert!(d
            .iter()
            .any(|d| d.kind == "response-wrapper-guessed" && d.severity == Severity::Warning));
        assert!(errors(&d).is_empty());
    }

    #[test]
    fn hibernation_options_then_host_name() {
        // `HostName` sorts after `Configured` and after `HibernationOptions`: only the example
        // says it closes the struct (DescribeInstances.md:185-187).
        let t = table(
            "Instances|Array of Instance||
             Instance|||
             GPUSpec|String|x|
             HibernationOptions|Struct||Preview.
             Configured|Boolean|false|Preview.
             HostName|String|h|
             ZoneId|String|z|
             RequestId|String|R|",
        );
        let ex = json!({"Instances": {"Instance": [{"GPUSpec": "", "HostName": "h", "ZoneId": "z"}]},
            "RequestId": "R"});
        let (f, d, st) = run(Generation::G3, &[t], &[ex]);
        assert!(errors(&d).is_empty(), "{d:?}");
        let el = item_fields(get(&f, "Instances"));
        assert_eq!(
            names(el),
            ["GPUSpec", "HibernationOptions", "HostName", "ZoneId"]
        );
        assert_eq!(names(&get(el, "HibernationOptions").fields), ["Configured"]);
        assert!(st.via_example >= 3);

        // Without the example the same table is ambiguous: reported, not guessed silently.
        let t = table(
            "HibernationOptions|Struct||
             Configured|Boolean|false|
             HostName|String|h|",
        );
        let (_, d, _) = run(Generation::G3, &[t], &[json!({"RequestId": "R"})]);
        let e = errors(&d);
        assert_eq!(e.len(), 1, "{d:?}");
        assert_eq!(e[0].kind, "response-nesting");
        assert_eq!(e[0].line, 12);
    }

    #[test]
    fn example_keys_decide_where_a_block_ends_despite_absent_rows() {
        // `Bandwidth` is absent from the example; only `EipAddress` can hold it in order.
        // `IsSupportUnassociate` is absent too; the next example row (`ExpiredTime`) sorts before
        // it, so it cannot be an `Instance` field.
        let t = table(
            "Instances|Array of Instance||
             Instance|||
             EipAddress|Struct||
             AllocationId|String|a|
             Bandwidth|Integer|5|
             IpAddress|String|1.1.1.1|
             IsSupportUnassociate|Boolean|true|
             ExpiredTime|String|t|
             RequestId|String|R|",
        );
        let ex = json!({"Instances": {"Instance": [{"EipAddress": {"AllocationId": "a",
            "IpAddress": "1"}, "ExpiredTime": "t"}]}, "RequestId": "R"});
        let (f, d, _) = run(Generation::G3, &[t], &[ex]);
        assert!(errors(&d).is_empty(), "{d:?}");
        let el = item_fields(get(&f, "Instances"));
        assert_eq!(names(el), ["EipAddress", "ExpiredTime"]);
        assert_eq!(
            names(&get(el, "EipAddress").fields),
            [
                "AllocationId",
                "Bandwidth",
                "IpAddress",
                "IsSupportUnassociate"
            ]
        );
    }

    #[test]
    fn g2_empty_type_containers_with_marks() {
        let t = table(
            "LaunchTemplateSets|||Templates.
             └CreateTime|String|2018|Created.
             └LaunchTemplateId|String|lt-1|ID.
             └Tags|||Tags.
             └TagKey|String|k|Key.
             └TagValue|String|v|Value.
             PageNumber|Integer|1|Page.
             RequestId|String|R|Request.",
        );
        let ex = json!({"LaunchTemplateSets": {"LaunchTemplateSet": [{"CreateTime": "x",
            "LaunchTemplateId": "lt", "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]}}]},
            "PageNumber": 1, "RequestId": "R"});
        let (f, d, _) = run(Generation::G2, std::slice::from_ref(&t), &[ex]);
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(names(&f), ["LaunchTemplateSets", "PageNumber", "RequestId"]);
        let sets = get(&f, "LaunchTemplateSets");
        assert_eq!(sets.wrapper.as_deref(), Some("LaunchTemplateSet"));
        let el = item_fields(sets);
        assert_eq!(names(el), ["CreateTime", "LaunchTemplateId", "Tags"]);
        assert_eq!(get(el, "Tags").wrapper.as_deref(), Some("Tag"));
        assert_eq!(names(item_fields(get(el, "Tags"))), ["TagKey", "TagValue"]);

        // Without an example the marks still put `PageNumber` at the top; plural containers
        // become lists with a guessed element name (warning).
        let (f, d, _) = run(Generation::G2, &[t], &[]);
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(names(&f), ["LaunchTemplateSets", "PageNumber", "RequestId"]);
        assert_eq!(
            get(&f, "LaunchTemplateSets").wrapper.as_deref(),
            Some("LaunchTemplateSet")
        );
    }

    #[test]
    fn g2_empty_type_with_example_value_is_a_scalar_list() {
        let t = table(
            "Zones|||Zones.
             AvailableDiskCategories||cloud|Categories, a List.
             LocalName|String|Hangzhou|Name.
             ZoneId|String|z|ID.
             RequestId|String|R|",
        );
        let ex = json!({"Zones": {"Zone": [{"AvailableDiskCategories": {"DiskCategories": ["cloud"]},
            "LocalName": "", "ZoneId": "z"}]}, "RequestId": "R"});
        let (f, d, _) = run(Generation::G2, &[t], &[ex]);
        assert!(errors(&d).is_empty(), "{d:?}");
        let el = item_fields(get(&f, "Zones"));
        assert_eq!(
            names(el),
            ["AvailableDiskCategories", "LocalName", "ZoneId"]
        );
        let cats = get(el, "AvailableDiskCategories");
        assert_eq!(cats.ty, Type::List);
        assert_eq!(cats.wrapper.as_deref(), Some("DiskCategories"));
    }

    #[test]
    fn g1_link_to_data_type_page() {
        let mut main = table(
            "TotalCount|Integer||
             Instances|InstanceAttributesType||由InstanceAttributesType组成的数组格式",
        );
        main.rows[1].link = Some("InstanceAttributesType".into());
        let mut calls = Vec::new();
        let mut resolve = |name: &str| {
            calls.push(name.to_string());
            match name {
                "InstanceAttributesType" => {
                    let sg = table("SecurityGroupIds|SecurityGroupIdSetType||");
                    let mut sg = sg;
                    sg.rows[0].link = Some("SecurityGroupIdSetType".into());
                    let mut inner = |n: &str| {
                        (n == "SecurityGroupIdSetType").then(|| DataType {
                            name: n.into(),
                            node_name: Some("SecurityGroupIds".into()),
                            fields: data_type_fields(
                                &[table("SecurityGroupId|String||ID")],
                                &mut |_| None,
                                &mut Vec::new(),
                            ),
                        })
                    };
                    let mut fields = data_type_fields(
                        &[table("InstanceId|String||ID\nVpcAttributes|Struct||")],
                        &mut inner,
                        &mut Vec::new(),
                    );
                    fields.extend(data_type_fields(&[sg], &mut inner, &mut Vec::new()));
                    Some(DataType {
                        name: name.into(),
                        node_name: Some("由接口决定".into()),
                        fields,
                    })
                }
                _ => None,
            }
        };
        let ex = json!({"Instances": {"Instance": [{"InstanceId": "i",
            "SecurityGroupIds": {"SecurityGroupId": ["sg"]}}]}, "TotalCount": "1", "RequestId": "R"});
        let mut d = Vec::new();
        let r = recover(1, Generation::G1, &[main], &[ex], &[], &mut resolve, &mut d);
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(calls, ["InstanceAttributesType"]);
        assert_eq!(names(&r.fields), ["TotalCount", "Instances", "RequestId"]);
        // The table's type wins over the example's quoted number.
        assert_eq!(get(&r.fields, "TotalCount").ty, Type::Integer);
        let inst = get(&r.fields, "Instances");
        assert_eq!(inst.ty, Type::List);
        assert_eq!(inst.wrapper.as_deref(), Some("Instance"));
        let el = item_fields(inst);
        assert_eq!(
            names(el),
            ["InstanceId", "VpcAttributes", "SecurityGroupIds"]
        );
        let sg = get(el, "SecurityGroupIds");
        assert_eq!(sg.ty, Type::List);
        assert_eq!(sg.wrapper.as_deref(), Some("SecurityGroupId"));
        assert_eq!(sg.item.as_deref().map(|i| i.ty), Some(Type::String));
        assert_eq!(get(&r.fields, "RequestId").ty, Type::String);
    }

    #[test]
    fn g1_captioned_sub_tables() {
        let main = table(
            "TotalCount|Integer||
             Commands|Array||命令数据集类型（`CommandSetType`）",
        );
        let mut set = table("Command|Array||命令类型（`CommandType`）");
        set.caption = Some("数据集类型 CommandSetType".into());
        let mut ty = table(
            "CommandId|String||ID
             Name|String||Name",
        );
        ty.caption = Some("命令类型 CommandType".into());
        let mut dh = table(
            "DedicatedHostTypes|Array of DedicatedHostType||
             Other|String||",
        );
        dh.rows.truncate(1);
        let mut dht = table(
            "DedicatedHostType|String||
             Sockets|Integer||",
        );
        dht.caption = Some("DedicatedHostType".into());
        let (f, d, _) = run(Generation::G1, &[main, set, ty], &[]);
        assert!(errors(&d).is_empty(), "{d:?}");
        assert!(
            !d.iter().any(|d| d.kind == "response-table-unused"),
            "{d:?}"
        );
        let c = get(&f, "Commands");
        assert_eq!(c.ty, Type::List);
        assert_eq!(c.wrapper.as_deref(), Some("Command"));
        assert_eq!(names(item_fields(c)), ["CommandId", "Name"]);

        let (f, d, _) = run(Generation::G1, &[dh, dht], &[]);
        assert!(errors(&d).is_empty(), "{d:?}");
        let h = get(&f, "DedicatedHostTypes");
        assert_eq!(h.wrapper.as_deref(), Some("DedicatedHostType"));
        assert_eq!(names(item_fields(h)), ["DedicatedHostType", "Sockets"]);
    }

    #[test]
    fn g1_prose_only_response_is_request_id() {
        let (f, d, _) = run(Generation::G1, &[], &[]);
        assert!(d.is_empty());
        assert_eq!(names(&f), ["RequestId"]);
        assert_eq!(f[0].rust_name, "request_id");
    }

    #[test]
    fn dotted_names_are_literal_and_indexed_rows_group() {
        let t = table(
            "SystemDisk.Category|String||
             DataDisk.n.Size|Integer||
             DataDisk.n.Category|String||",
        );
        let ex = json!({"SystemDisk.Category": "x", "DataDisks": {"DataDisk": [{"Size": 1}]}});
        let (f, d, _) = run(Generation::G1, &[t], &[ex]);
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(names(&f), ["SystemDisk.Category", "DataDisks", "RequestId"]);
        assert_eq!(f[0].rust_name, "system_disk_category");
        let dd = get(&f, "DataDisks");
        assert_eq!(dd.wrapper.as_deref(), Some("DataDisk"));
        assert_eq!(names(item_fields(dd)), ["Size", "Category"]);
    }

    #[test]
    fn a_field_name_can_have_a_known_home_in_several_blocks() {
        // PutEventRuleTargets (cms zh-CN): `Id` and `Region` in each Failed*Parameters block.
        let t = table(
            "RequestId|String|R|Request.
             FailedFcParameters|||Failed FC targets.
             FunctionName|String|f|Function.
             Id|Integer|1|Target.
             Region|String|cn-hangzhou|Region.
             FailedMnsParameters|||Failed MNS targets.
             Id|Integer|2|Target.
             Queue|String|q|Queue.
             Region|String|cn-hangzhou|Region.",
        );
        let placements = [
            Placement {
                field: "Id",
                parent: "FailedFcParameters",
            },
            Placement {
                field: "Region",
                parent: "FailedFcParameters",
            },
            Placement {
                field: "Id",
                parent: "FailedMnsParameters",
            },
            Placement {
                field: "Queue",
                parent: "FailedMnsParameters",
            },
            Placement {
                field: "Region",
                parent: "FailedMnsParameters",
            },
        ];
        let mut d = Vec::new();
        let mut none = |_: &str| None;
        let (r, _) =
            recover_with_stats(1, Generation::G3, &[t], &[], &placements, &mut none, &mut d);
        assert!(errors(&d).is_empty(), "{d:?}");
        let fc = get(&r.fields, "FailedFcParameters");
        let fc = fc.item.as_ref().map_or(&fc.fields, |i| &i.fields);
        assert_eq!(names(fc), ["FunctionName", "Id", "Region"]);
        let mns = get(&r.fields, "FailedMnsParameters");
        let mns = mns.item.as_ref().map_or(&mns.fields, |i| &i.fields);
        assert_eq!(names(mns), ["Id", "Queue", "Region"]);
    }

    #[test]
    fn n_a_type_is_a_wrapper_row() {
        // CMS writes G3's empty wrapper cells as `N/A` (DescribeActiveMetricRuleList).
        let t = table(
            "AlertList|Array of Alert|N/A|The alert rules.
             Alert|N/A|N/A|N/A
             AlertState|String|OK|State.
             RequestId|String|R|Request.",
        );
        let (f, d, _) = run(Generation::G3, &[t], &[]);
        assert!(errors(&d).is_empty(), "{d:?}");
        let list = get(&f, "AlertList");
        assert_eq!(
            (list.ty, list.wrapper.as_deref()),
            (Type::List, Some("Alert"))
        );
        assert_eq!(names(item_fields(list)), ["AlertState"]);
    }

    #[test]
    fn unknown_type_is_an_error_and_names_are_unique() {
        let t = table(
            "Foo|Frobnicated||
             Type|String||
             type|String||",
        );
        let (f, d, _) = run(Generation::G3, &[t], &[]);
        let e = errors(&d);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].kind.as_str(), e[0].line), ("response-type", 10));
        assert_eq!(get(&f, "Foo").ty, Type::String);
        let rust: Vec<&str> = f.iter().map(|f| f.rust_name.as_str()).collect();
        assert_eq!(rust, ["foo", "type_", "type__2", "request_id"]);
    }

    #[test]
    fn data_type_cycles_are_cut() {
        fn resolve(name: &str) -> Option<DataType> {
            let mut t = table("Child|LoopType||");
            t.rows[0].link = Some("LoopType".into());
            let mut d = Vec::new();
            let fields = data_type_fields(&[t], &mut resolve, &mut d);
            Some(DataType {
                name: name.into(),
                node_name: None,
                fields,
            })
        }
        let mut d = Vec::new();
        let mut t = table("Loop|LoopType||");
        t.rows[0].link = Some("LoopType".into());
        let r = recover(1, Generation::G1, &[t], &[], &[], &mut resolve, &mut d);
        assert_eq!(names(&r.fields), ["Loop", "RequestId"]);
        fn depth(f: &[Field]) -> usize {
            f.iter()
                .map(|f| {
                    1 + depth(&f.fields).max(f.item.as_deref().map_or(0, |i| depth(&i.fields)))
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&r.fields) <= MAX_DEPTH + 2);
        // The cut is reported where the loop closes (inside the data type's own reading).
        let mut inner = Vec::new();
        let mut t = table("Child|LoopType||");
        t.rows[0].link = Some("LoopType".into());
        RESOLVING.with(|r| r.borrow_mut().push("LoopType".into()));
        let _ = data_type_fields(&[t], &mut resolve, &mut inner);
        RESOLVING.with(|r| r.borrow_mut().clear());
        assert!(
            inner.iter().any(|d| d.kind == "response-type-cycle"),
            "{inner:?}"
        );
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let t = table(
            "└|||
             Array of|Array of||
             └└x|Struct||
             |||
             é.n.|List||
             Instance|||",
        );
        let ex = json!({"": [[], {"a": [1, {"b": []}]}], "x": {"y": {"z": null}}});
        let _ = run(
            Generation::G2,
            std::slice::from_ref(&t),
            &[ex.clone(), json!([1, 2]), json!("s")],
        );
        let _ = run(Generation::G1, &[t.clone(), t], &[ex]);
    }

    /// Measurement over the corpus (`cargo test -p ecs-codegen --lib response -- --ignored
    /// --nocapture`): response errors per folder and the FORMAT.md §13 hard pages.
    #[test]
    #[ignore]
    fn corpus_measurement() {
        let root = std::env::var("ECS_CORPUS").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus").to_string()
        });
        for folder in ["ecs/en-US", "ecs/zh-CN", "ecs/zh-CN-legacy"] {
            let dir = std::path::Path::new(&root).join(folder);
            let Ok(pages) = crate::parse_dir(&dir) else {
                continue;
            };
            let actions: Vec<_> = pages
                .iter()
                .filter(|p| p.kind == crate::ir::PageKind::Action)
                .collect();
            let clean = actions
                .iter()
                .filter(|p| {
                    !p.diagnostics
                        .iter()
                        .any(|d| d.severity == Severity::Error && d.kind.starts_with("response"))
                })
                .count();
            println!(
                "{folder}: {clean}/{} action pages without response errors",
                actions.len()
            );
        }
    }
}
