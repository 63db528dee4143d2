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
    /// Example-placed rows that would have been ambiguous without the example ...
    pub calib_total: usize,
    /// ... and of those, how many sit in the innermost candidate block.
    pub calib_deepest: usize,
    pub calib_shallowest: usize,
}

const MAX_DEPTH: usize = 8;

/// Recovers the response tree of an action page. See the module docs.
pub fn recover(
    gen: Generation,
    tables: &[RespTable],
    examples: &[Value],
    resolve: &mut dyn FnMut(&str) -> Option<DataType>,
    diags: &mut Vec<Diagnostic>,
) -> Response {
    recover_with_stats(gen, tables, examples, resolve, diags).0
}

/// [`recover`], also returning placement counters.
pub fn recover_with_stats(
    gen: Generation,
    tables: &[RespTable],
    examples: &[Value],
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
    let first_line = tables.first().map_or(0, |t| t.line);
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
            Value::Array(a) => ExVal::Arr(elem_of(a)),
            _ => ExVal::Scalar,
        }
    }

    fn merge(&mut self, other: ExVal) {
        match (self, other) {
            (ExVal::Obj(a), ExVal::Obj(b)) => a.merge(b),
            (ExVal::Wrapped(ka, a), ExVal::Wrapped(kb, b)) if *ka == kb => merge_elem(a, b),
            (ExVal::Arr(a), ExVal::Arr(b)) => merge_elem(a, b),
            (s @ ExVal::Scalar, o) => *s = o,
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

    /// A key whose value wraps a list under `name` (table row `LaunchTemplateVersionSet`, example
    /// `"LaunchTemplateVersionSets": {"LaunchTemplateVersionSet": [..]}`).
    fn find_by_wrapper(&self, name: &str) -> Option<(&str, &ExVal)> {
        let mut hits = self.keys.iter().filter(|(_, v)| {
            matches!(v, ExVal::Wrapped(w, _) if w.eq_ignore_ascii_case(name))
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
    let text = md_link_re().replace_all(raw, |c: &regex::Captures| {
        urls.push(c[2].to_string());
        c[1].to_string()
    });
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '`' | '\\' | '*'))
        .collect();
    (text.split_whitespace().collect::<Vec<_>>().join(" "), urls)
}

fn parse_ty(row: &RespRow) -> RTy {
    let (t, urls) = clean_type(&row.ty);
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
    let t = t.trim_start_matches(['└', '├', '─', '-', ' ', '\u{a0}']).trim();
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
    let example = row.example.trim().to_string();
    PRow {
        line: row.line,
        name,
        marked,
        rty,
        example,
        description: row.description.trim().to_string(),
        refs,
    }
}

// ---------------------------------------------------------------------------------------------
// Building

struct Ctx<'a, 'd> {
    gen: Generation,
    tables: &'a [RespTable],
    resolve: &'a mut dyn FnMut(&str) -> Option<DataType>,
    diags: &'d mut Vec<Diagnostic>,
    stats: Stats,
    /// Sub-tables being built (cycle guard) ...
    visiting: Vec<usize>,
    /// ... and every table used so far (sign: referenced).
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
                if let Some((k, v)) = o.find_by_wrapper(&r.name) {
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
    // A block just opened takes the next row.
    let mut lo = if top > 0 && stack[top].n == 0 { top } else { 0 };
    let mut hi = top;
    if uses_marks {
        let (mlo, mhi) = if r.marked { (1.min(top), top) } else { (0, 0) };
        if mlo > hi || mhi < lo {
            // The marker contradicts the block rule: trust the marker.
            if !r.marked && top > 0 && stack[top].n == 0 {
                ctx.diags.push(Diagnostic::warning(
                    r.line,
                    "response-empty-block",
                    "a container has no documented fields before this top-level row",
                ));
            }
            lo = mlo;
            hi = mhi;
        } else {
            lo = lo.max(mlo);
            hi = hi.min(mhi);
        }
    }
    if lo >= hi {
        return (hi, Via::Marker);
    }
    let in_ex = |l: usize| stack[l].ex.is_some_and(|o| o.find(&r.name).is_some());
    let sorted_ok = |l: usize| {
        stack[l]
            .last
            .as_deref()
            .is_none_or(|last| last.as_bytes() < r.name.as_bytes())
    };
    let e = (lo..=hi).rev().find(|&l| in_ex(l));
    let s: Vec<usize> = (lo..=hi).filter(|&l| sorted_ok(l)).collect();
    if let Some(e) = e {
        if s.contains(&e) {
            let (c, _) = silent_candidates(rows, i, stack, lo, hi, &s);
            if c.len() > 1 {
                ctx.stats.calib_total += 1;
                if c.last() == Some(&e) {
                    ctx.stats.calib_deepest += 1;
                }
                if c.first() == Some(&e) {
                    ctx.stats.calib_shallowest += 1;
                }
                if std::env::var("CALIB").is_ok() {
                    eprintln!("calib {} {} cands={:?} e={} hi={}", r.line, r.name, c, e, hi);
                }
            }
            return (e, Via::Example);
        }
        // The example puts it in a shallower block but the sort order keeps it in a deeper
        // block the example does not show (DescribeDisks' `MountInstances`): trust the order.
        if let Some(&d) = s.iter().rev().find(|&&l| l > e && stack[l].ex.is_none()) {
            ctx.diags.push(Diagnostic::warning(
                r.line,
                "response-example-mismatch",
                format!(
                    "`{}` is placed in a block the example lacks, not where the example has the key",
                    r.name
                ),
            ));
            return (d, Via::Sort);
        }
        return (e, Via::Example);
    }
    let (cands, bound) = silent_candidates(rows, i, stack, lo, hi, &s);
    match cands.as_slice() {
        [one] => (*one, Via::Sort),
        [] => {
            // Unsorted siblings: no order-consistent place. Stay in the innermost block
            // allowed (markers only), which is what an unsorted group most often means.
            let l = hi.max(bound);
            if hi > bound {
                ctx.diags.push(Diagnostic::error(
                    r.line,
                    "response-nesting",
                    format!(
                        "cannot decide the parent of `{}` (not in the example, siblings unsorted); \
                         kept in the innermost open block",
                        r.name
                    ),
                ));
                (l, Via::Undecided)
            } else {
                (l, Via::Sort)
            }
        }
        many => {
            let l = many.last().copied().unwrap_or(hi);
            let names: Vec<String> = many
                .iter()
                .map(|&l| level_name(stack, l, rows))
                .collect();
            ctx.diags.push(Diagnostic::error(
                r.line,
                "response-nesting",
                format!(
                    "cannot decide the parent of `{}` (not in the example; could be in {}); \
                     placed in `{}`",
                    r.name,
                    names.join(" or "),
                    level_name(stack, l, rows)
                ),
            ));
            (l, Via::Undecided)
        }
    }
}

/// Candidate levels for a row the example does not place: levels where the row keeps its
/// siblings in ASCII order, bounded from below by the next row the example places (blocks are
/// contiguous) and, if that row sorts before this one, not at that row's level.
fn silent_candidates(
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    lo: usize,
    hi: usize,
    s: &[usize],
) -> (Vec<usize>, usize) {
    let r = &rows[i];
    // If that row sorts before this one, the two cannot be siblings, so this row is deeper.
    let mut bound = lo;
    let mut not_at: Option<usize> = None;
    for next in rows.iter().skip(i + 1) {
        if next.rty == RTy::Empty && next.description.is_empty() {
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

fn level_name(stack: &[Level], l: usize, _rows: &[PRow]) -> String {
    match stack.get(l) {
        Some(Level { node: None, .. }) | None => "the top level".into(),
        Some(Level { node: Some(_), .. }) => format!("block #{l}"),
    }
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
            if !n
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            {
                continue;
            }
            if let Some(dt) = ctx.data_type(n, r.line) {
                let mut fields = dt.fields.clone();
                if let Some(o) = elem_ex {
                    reconcile(&mut fields, o, ctx.diags);
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
    let ex_wrapper = exv.and_then(|v| match v {
        ExVal::Wrapped(k, _) => Some(k.clone()),
        _ => None,
    });
    let ex_is_obj = matches!(exv, Some(ExVal::Obj(o)) if o.keys.len() > 1);
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
                ctx.diags.push(Diagnostic::error(
                    r.line,
                    "response-type",
                    format!(
                        "type `{}` of `{name}` is not described on this page or a data-type page",
                        tn.unwrap_or_default()
                    ),
                ));
            }
        }
        return f;
    };
    f.type_name = Some(tname.clone()).filter(|s| !s.is_empty()).or(f.type_name);
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
        Some(w) => w,
        None => {
            let w = singular(name);
            ctx.diags.push(Diagnostic::warning(
                r.line,
                "response-wrapper-guessed",
                format!("list element name of `{name}` not documented; guessed `{w}`"),
            ));
            w
        }
    };
    f.wrapper = Some(wrapper.clone());
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
fn reconcile(fields: &mut [Field], ex: &ExObj, diags: &mut Vec<Diagnostic>) {
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
                    reconcile(&mut item.fields, o, diags);
                }
            }
            (Type::Struct, ExVal::Wrapped(k, _)) if f.type_name.is_some() => {
                let fields = std::mem::take(&mut f.fields);
                let mut item = f.clone();
                item.name = k.clone();
                item.fields = fields;
                item.description = String::new();
                if let Some(o) = v.element_obj() {
                    reconcile(&mut item.fields, o, diags);
                }
                f.ty = Type::List;
                f.wrapper = Some(k.clone());
                f.item = Some(Box::new(item));
            }
            (Type::Struct, ExVal::Obj(o)) => reconcile(&mut f.fields, o, diags),
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
                            format!("element name of list `{}` not in the example; guessed `{w}`", f.name),
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
                        format!("element name of list `{}` not documented; guessed `{w}`", f.name),
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
                    format!("list `{}` documents no element fields; read as strings", f.name),
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
        for c in f.fields.iter().chain(f.item.as_deref().map(|i| &i.fields).into_iter().flatten()) {
            if c.name == name {
                return Some(c.line);
            }
        }
        let sub: Vec<Field> = f
            .fields
            .iter()
            .cloned()
            .chain(f.item.as_deref().map(|i| i.fields.clone()).unwrap_or_default())
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
