//! Response rows as the tree builder reads them: the type cell (`Array of X`, links, bare type
//! names) and the name cell (`└` markers, escapes).

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum RTy {
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

pub(super) fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

pub(super) fn md_link_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"\[([^\]]*)\]\(([^)]*)\)")
}

pub(super) fn ident_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"[A-Za-z][A-Za-z0-9_]*")
}

pub(super) fn scalar_type(s: &str) -> Option<Type> {
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
pub(super) fn clean_type(raw: &str) -> (String, Vec<String>) {
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

pub(super) fn parse_ty(row: &RespRow) -> RTy {
    let (t, urls) = clean_type(&row.ty);
    let t = match crate::errata::type_spelling(&t) {
        Some(known) => known.to_string(),
        None => t,
    };
    let lower = t.to_ascii_lowercase();
    let has_link = row.link.is_some() || row.target.is_some() || !urls.is_empty();
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
pub(super) struct PRow {
    pub(super) line: u32,
    pub(super) name: String,
    pub(super) marked: bool,
    pub(super) rty: RTy,
    pub(super) example: String,
    pub(super) description: String,
    /// Type names mentioned by the row (anchors, backticked names) for G1 sub-tables.
    pub(super) refs: Vec<String>,
    /// The type cell links to a data-type page (`[InstanceAttributesType](….md)`).
    pub(super) page_link: bool,
    /// `Base.md` or `Base.md#anchor` the type cell links to, also when the link was left as
    /// text (a destination with spaces is no Markdown link): where the type is described.
    pub(super) page_ref: Option<String>,
    /// Spaces before the `└` marker (CDN indents nested rows two spaces per level).
    pub(super) indent: usize,
    /// The nesting level the indentation gives, where the table indents its markers in more
    /// than one way (set by [`depths_from_indent`]).
    pub(super) depth: Option<usize>,
    /// The cell's indentation says nothing of the row's level: text stands before its marker
    /// (`Hu HU └ Enable`), so the level is decided as in a table without indentation.
    pub(super) level_lost: bool,
}

/// Sets `depth` of the marked rows from their indentation when the table uses more than one
/// indentation for its `└` markers: the k-th smallest indentation is level k.
///
/// A row without a marker directly followed by a row two or more levels deep, whose name the
/// example `ex` has nested and not at the top level, lost its marker (a top-level row's first
/// child is at level 1): it is read as a marked row whose level the example and its
/// neighbours decide (cdn/en-US DescribeDomainConfigs.md:97, `|"Rangeconfig"| | |…|` before
/// `|    └ConfigId|…|`, the example's `DomainConfigs.RangeConfig`). Tables whose levels are
/// indented unevenly (`└Value` beside `  └TimeStamp`) give such depths too; there the
/// example has the row at the top level, and it stays there.
pub(super) fn depths_from_indent(
    rows: &mut [PRow],
    ex: Option<&ExObj>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut indents: Vec<usize> = rows
        .iter()
        .filter(|r| r.marked && !r.level_lost)
        .map(|r| r.indent)
        .collect();
    indents.sort_unstable();
    indents.dedup();
    if indents.len() < 2 {
        return;
    }
    for r in rows.iter_mut().filter(|r| r.marked && !r.level_lost) {
        r.depth = indents.iter().position(|&i| i == r.indent).map(|k| k + 1);
    }
    for i in 1..rows.len() {
        let (before, after) = rows.split_at_mut(i);
        let r = &mut before[i - 1];
        let nested_in_example =
            ex.is_some_and(|o| o.find(&r.name).is_none() && o.has_nested(&r.name));
        if !r.marked && nested_in_example && after[0].depth.is_some_and(|d| d >= 2) {
            r.marked = true;
            r.level_lost = true;
            diags.push(Diagnostic::warning(
                r.line,
                "response-marker-lost",
                format!(
                    "`{}` has no `└` marker, the next row is nested {} levels deep and the \
                     example has the key nested, not at the top level: read as a nested row \
                     whose level the example and its neighbours decide",
                    r.name,
                    after[0].depth.unwrap_or(2)
                ),
            ));
        }
    }
}

/// `└ Name` -> (`Name`, true). A name in double quotes (`"Rangeconfig"`) is the name.
pub(super) fn clean_name(raw: &str) -> (String, bool) {
    let t = raw.trim();
    let marked = t.starts_with('└') || t.starts_with('├');
    let t = t
        .trim_start_matches(['└', '├', '─', '-', ' ', '\u{a0}'])
        .trim();
    let t = match t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.trim(),
        _ => t,
    };
    let t: String = t.chars().filter(|c| !matches!(c, '`' | '\\')).collect();
    (t, marked)
}

/// `Hu HU └ Enable` -> (`Hu HU`, `└ Enable`): text standing before a tree marker, which a
/// translation tool left in the name cell (cdn/en-US DescribeDomainConfigs.md:56, 86, 102,
/// 183). `None` when the cell starts with its marker or has none.
pub(super) fn text_before_marker(raw: &str) -> Option<(&str, &str)> {
    let t = raw.trim();
    let at = t.find(['└', '├'])?;
    let prefix = t[..at].trim();
    (!prefix.is_empty()).then(|| (prefix, &t[at..]))
}

pub(super) fn prep_row(row: &RespRow, diags: &mut Vec<Diagnostic>) -> PRow {
    let stray = text_before_marker(&row.name);
    let (name, marked) = clean_name(stray.map_or(row.name.as_str(), |(_, rest)| rest));
    if let Some((prefix, _)) = stray {
        diags.push(Diagnostic::warning(
            row.line,
            "response-name-prefix",
            format!(
                "`{prefix}` before the `└` of `{name}` is not part of the name; the row's \
                 level is decided from the example and its neighbours"
            ),
        ));
    }
    let mut rty = parse_ty(row);
    // A bare word no spelling rule reads, near one type name (`Interger`): that type.
    if let RTy::Unknown(t) | RTy::Named(t) = &rty {
        let plain = row.link.is_none() && row.target.is_none() && !row.ty.contains('[');
        if let Some(g) = plain
            .then(|| crate::read::type_cells::misspelt(t))
            .flatten()
        {
            diags.push(Diagnostic::warning(
                row.line,
                "response-type-guessed",
                format!("type of `{name}` read as {}: {}", g.name, g.evidence),
            ));
            rty = parse_ty(&RespRow {
                ty: g.name.to_string(),
                ..row.clone()
            });
        }
    }
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
    let page_ref = row
        .target
        .clone()
        .or_else(|| urls.iter().find_map(|u| page_target(u)));
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
        page_link: row.link.is_some() || page_ref.is_some(),
        page_ref,
        indent: row.name.chars().take_while(|c| c.is_whitespace()).count(),
        depth: None,
        level_lost: stray.is_some(),
    }
}
