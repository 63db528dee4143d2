//! Request tables -> parameters: wire names kept, repeat lists grouped (`Tag.N.Key` ->
//! list of struct), dotted structs nested, JSON-array strings typed, constraints attached.

use super::constraints::{self, Inferred};
use crate::ir::{Constraints, Diagnostic, Language, ListEncoding, Param, Type};
use crate::names::{snake, Scope};
use crate::table::{Col, Columns, Table};

/// One request row before grouping.
#[derive(Debug, Clone)]
struct RawRow {
    line: u32,
    wire: String,
    ty: Option<Type>,
    /// The type cell names a list (`RepeatList`, `Array`, `List`).
    list_type: bool,
    /// The type cell names a struct documented in a later table (`Configuration`).
    type_name: Option<String>,
    required: bool,
    example: Option<String>,
    description: String,
    inferred: Inferred,
}

/// One segment of a wire name: a name, or an index (`N`, `n`, `1`).
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Name(String),
    Index(Option<u32>),
}

/// How many segments a wire name may have. No documented name in the corpus nests deeper
/// than five levels; a name of more segments is a damaged cell, not a name.
const MAX_SEGMENTS: usize = 16;

/// The segments of a wire name, or `None` when it is not one: it starts with an index, has
/// more than [`MAX_SEGMENTS`] segments, or a segment holds other than ASCII letters, digits,
/// `_` and `-` (a cell that swallowed neighbouring rows).
fn wire_segments(wire: &str) -> Option<Vec<Seg>> {
    let segs = segments(wire);
    let is_word = |n: &str| {
        n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let valid = matches!(segs.first(), Some(Seg::Name(_)))
        && segs.len() <= MAX_SEGMENTS
        && segs.iter().all(|s| match s {
            Seg::Name(n) => is_word(n),
            Seg::Index(_) => true,
        });
    valid.then_some(segs)
}

fn segments(wire: &str) -> Vec<Seg> {
    wire.split('.')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| match s {
            "N" | "n" => Seg::Index(None),
            d if d.bytes().all(|b| b.is_ascii_digit()) => Seg::Index(d.parse().ok()),
            name => Seg::Name(name.to_string()),
        })
        .collect()
}

/// A node of the name tree built from the rows.
#[derive(Debug, Default)]
struct Node {
    name: String,
    /// Followed by an index somewhere: a list.
    list: bool,
    /// Literal indices seen (`Filter.1`..`Filter.4`).
    fixed: Vec<u32>,
    /// The row that names exactly this node.
    row: Option<RawRow>,
    /// Line of the first row below this node.
    line: u32,
    children: Vec<Node>,
}

impl Node {
    fn child(&mut self, name: &str, line: u32) -> &mut Node {
        let pos = match self.children.iter().position(|c| c.name == name) {
            Some(p) => p,
            None => {
                self.children.push(Node {
                    name: name.to_string(),
                    line,
                    ..Node::default()
                });
                self.children.len() - 1
            }
        };
        &mut self.children[pos]
    }
}

fn scalar_type(cell: &str) -> Result<(Option<Type>, bool, Option<String>), ()> {
    let t = cell.trim().trim_matches('`');
    let spelled = crate::errata::type_spelling(t);
    let t: &str = spelled.as_deref().unwrap_or(t);
    let ty = match t.to_ascii_lowercase().as_str() {
        "string" => Some(Type::String),
        "integer" | "int" => Some(Type::Integer),
        "long" => Some(Type::Long),
        "float" => Some(Type::Float),
        "double" => Some(Type::Double),
        "boolean" | "bool" => Some(Type::Boolean),
        "json" | "object" => Some(Type::Json),
        "repeatlist" | "array" | "list" => return Ok((None, true, None)),
        _ if !t.is_empty()
            && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && t.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            return Ok((None, false, Some(t.to_string())))
        }
        _ => return Err(()),
    };
    Ok((ty, false, None))
}

fn parse_required(cell: &str) -> Option<bool> {
    let t = cell.trim().trim_start_matches('\\').trim_end_matches('.');
    match t.to_ascii_lowercase().as_str() {
        "是" | "yes" | "required" | "必选" | "true" => Some(true),
        "否" | "no" | "optional" | "可选" | "false" => Some(false),
        _ => None,
    }
}

/// Reads the request tables of one page. The `Action` row (a system parameter whose only
/// value is the action itself) is not a parameter of the request and is left out.
pub fn read(
    tables: &[&Table],
    action: &str,
    lang: Language,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Param> {
    let mut rows: Vec<RawRow> = Vec::new();
    // Tables after the first that document a named struct type (`Configuration`).
    let mut type_tables: Vec<(String, Vec<RawRow>)> = Vec::new();
    for (k, table) in tables.iter().enumerate() {
        let cols = Columns::of(table);
        if cols.find(Col::Name).is_none() || cols.find(Col::Type).is_none() {
            diags.push(Diagnostic::error(
                table.line,
                "table-unread",
                format!(
                    "request table header `{}` has no name or type column",
                    table.header.join("|")
                ),
            ));
            continue;
        }
        for h in cols.unknown(table) {
            diags.push(Diagnostic::warning(
                table.line,
                "column-unknown",
                format!("request table column `{h}` is not understood; its cells are ignored"),
            ));
        }
        let mut table_rows = Vec::new();
        for r in &table.rows {
            let wire = cols.text(r, Col::Name).replace(['`', ' '], "");
            if wire.is_empty() {
                diags.push(Diagnostic::error(
                    r.line,
                    "row-unread",
                    "request row has no name",
                ));
                continue;
            }
            let (description, first_line) = cols
                .cell(r, Col::Description)
                .map_or(("", r.line), |c| (c.text.as_str(), c.line));
            let errata_ty = crate::errata::param_type(action, &wire);
            let mut ty_text = errata_ty.unwrap_or_else(|| cols.text(r, Col::Type));
            let mut read = scalar_type(ty_text);
            // A cell no rule of spelling reads: a misspelt type name, or an empty cell.
            if errata_ty.is_none() && matches!(read, Err(()) | Ok((None, false, Some(_)))) {
                let guess = if ty_text.trim().is_empty() {
                    super::type_cells::empty_cell(cols.text(r, Col::Example), description, r.line)
                } else {
                    super::type_cells::misspelt(ty_text)
                };
                if let Some(g) = guess {
                    diags.push(Diagnostic::warning(
                        r.line,
                        "param-type-guessed",
                        format!("type of `{wire}` read as {}: {}", g.name, g.evidence),
                    ));
                    ty_text = g.name;
                    read = scalar_type(ty_text);
                }
            }
            let (ty, list_type, type_name) = match read {
                Ok(t) => t,
                Err(()) => {
                    diags.push(Diagnostic::error(
                        r.line,
                        "param-type",
                        format!("type `{ty_text}` of `{wire}` is not understood; read as String"),
                    ));
                    (Some(Type::String), false, None)
                }
            };
            let required = match cols.find(Col::Required) {
                None => false,
                Some(_) => {
                    let cell = cols.text(r, Col::Required);
                    parse_required(cell).unwrap_or_else(|| {
                        diags.push(Diagnostic::warning(
                            r.line,
                            "required-unread",
                            format!("required cell `{cell}` of `{wire}` is not yes/no; read as optional"),
                        ));
                        false
                    })
                }
            };
            let (inferred, mut d) = constraints::infer(description, first_line, lang);
            diags.append(&mut d);
            let example = Some(cols.text(r, Col::Example).to_string()).filter(|e| !e.is_empty());
            table_rows.push(RawRow {
                line: r.line,
                wire,
                ty,
                list_type,
                type_name,
                required,
                example,
                description: clean_description(description),
                inferred,
            });
        }
        if k > 0 && !rows.is_empty() {
            // A later table documents a type used by the first one (ModifyReservedInstances).
            let used: Option<String> = rows
                .iter()
                .filter_map(|r| r.type_name.clone())
                .find(|n| !type_tables.iter().any(|(t, _)| t == n));
            match used {
                Some(n) => type_tables.push((n, table_rows)),
                None => rows.extend(table_rows),
            }
        } else {
            rows.extend(table_rows);
        }
    }
    rows.retain(|r| {
        let is_action = r.wire.eq_ignore_ascii_case("Action")
            && (r
                .inferred
                .constraints
                .enum_values
                .iter()
                .all(|v| v.value == action)
                || r.example.as_deref() == Some(action));
        !is_action
    });

    // Build the name tree.
    let mut root = Node::default();
    for row in rows {
        let Some(segs) = wire_segments(&row.wire) else {
            diags.push(Diagnostic::error(
                row.line,
                "param-name",
                format!(
                    "parameter name `{}` is not a wire name",
                    constraints::clip(&row.wire.replace('\n', "\\n"), 60)
                ),
            ));
            continue;
        };
        let mut node = &mut root;
        for seg in &segs {
            match seg {
                Seg::Name(n) => node = node.child(n, row.line),
                Seg::Index(idx) => {
                    node.list = true;
                    if let Some(i) = idx {
                        if !node.fixed.contains(i) {
                            node.fixed.push(*i);
                        }
                    }
                }
            }
        }
        if let (Some(first), true) = (node.row.as_mut(), node.children.is_empty()) {
            if segs.iter().any(|s| matches!(s, Seg::Index(Some(_)))) {
                // `Filter.1.Key` .. `Filter.4.Key`: one field, each index documenting
                // other values for it.
                merge_fixed(first, row);
                continue;
            }
            diags.push(Diagnostic::warning(
                row.line,
                "param-duplicate",
                format!("`{}` is documented twice; the first row is kept", row.wire),
            ));
            continue;
        }
        node.row = Some(row);
    }
    let mut params: Vec<Param> = root
        .children
        .into_iter()
        .map(|n| to_param(n, &type_tables, &mut Vec::new(), diags))
        .collect();
    assign_rust_names(&mut params);
    params
}

/// Unique snake_case names among siblings. When two wire names fold to one (`Tag.N.Key` and
/// its deprecated twin `Tag.N.key`), the current UpperCamel spelling keeps the plain name.
fn assign_rust_names(params: &mut [Param]) {
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by_key(|&i| {
        let p = &params[i];
        (
            p.deprecated,
            p.name.starts_with(|c: char| c.is_ascii_lowercase()),
            i,
        )
    });
    let mut scope = Scope::default();
    for i in order {
        params[i].rust_name = scope.unique(snake(&params[i].name));
    }
}

/// An integer parameter's value list (`- 1`, `- 2`, `- 3`) is a set of ranges; a value list
/// with a non-number in it stays a value list.
fn integer_values_to_ranges(c: &mut Constraints) {
    let nums: Option<Vec<i64>> = c.enum_values.iter().map(|v| v.value.parse().ok()).collect();
    let Some(mut nums) = nums.filter(|n| !n.is_empty()) else {
        return;
    };
    nums.sort_unstable();
    nums.dedup();
    let mut ranges: Vec<[i64; 2]> = Vec::new();
    for n in nums {
        match ranges.last_mut() {
            Some(last) if last[1].checked_add(1) == Some(n) => last[1] = n,
            _ => ranges.push([n, n]),
        }
    }
    for r in ranges {
        if !c.ranges.iter().any(|x| x[0] <= r[0] && r[1] <= x[1]) {
            c.ranges.push(r);
        }
    }
    c.ranges.sort_unstable();
    c.enum_values.clear();
    if let Some(o) = c.origin.remove("enum") {
        c.origin.entry("ranges".into()).or_insert(o);
    }
}

/// Folds the row of a later literal index into the first: the value sets join.
fn merge_fixed(first: &mut RawRow, row: RawRow) {
    let values = &mut first.inferred.constraints.enum_values;
    if values.is_empty() {
        return; // an open field stays open
    }
    if row.inferred.constraints.enum_values.is_empty() {
        values.clear();
        first.inferred.constraints.origin.remove("enum");
        return;
    }
    for v in row.inferred.constraints.enum_values {
        if !values.iter().any(|x| x.value == v.value) {
            values.push(v);
        }
    }
}

/// Moves the list-level rules (item count, N range) of `inf` into a list's constraints.
fn split_list_rules(inf: &mut Inferred, list: &mut Constraints) {
    if let Some(m) = inf.constraints.max_items.take() {
        list.max_items = Some(list.max_items.map_or(m, |x| x.min(m)));
        if let Some(o) = inf.constraints.origin.remove("max_items") {
            list.origin.insert("max_items".into(), o);
        }
    }
    if let Some(m) = inf.constraints.min_items.take() {
        list.min_items = Some(m);
        if let Some(o) = inf.constraints.origin.remove("min_items") {
            list.origin.insert("min_items".into(), o);
        }
    }
    if let Some(([lo, hi], line)) = inf.n_range.take() {
        let hi = u32::try_from(hi).unwrap_or(u32::MAX);
        if list.max_items.is_none_or(|m| hi < m) {
            list.max_items = Some(hi);
            list.origin.insert(
                "max_items".into(),
                crate::ir::Origin {
                    line,
                    text: format!("N: {lo}..={hi}"),
                },
            );
        }
    }
}

/// `expanding` holds the named types being expanded above this row: a type whose rows name
/// it again (a damaged page, or a recursive type no flat wire name can spell) is an error.
fn to_param(
    node: Node,
    type_tables: &[(String, Vec<RawRow>)],
    expanding: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Param {
    let rust_name = snake(&node.name);
    let line = node.row.as_ref().map_or(node.line, |r| r.line);
    let mut row = node.row;
    let mut list_rules = Constraints::default();
    let (description, example, deprecated) =
        row.as_ref().map_or((String::new(), None, false), |r| {
            (
                r.description.clone(),
                r.example.clone(),
                r.inferred.deprecated,
            )
        });

    // Members: children rows, or a later table that documents the row's named type.
    let mut fields = Vec::new();
    for mut c in node.children {
        if let Some(r) = c.row.as_mut() {
            if node.list {
                split_list_rules(&mut r.inferred, &mut list_rules);
            }
        }
        fields.push(to_param(c, type_tables, expanding, diags));
    }
    if let Some(tn) = row.as_ref().and_then(|r| r.type_name.clone()) {
        match type_tables.iter().find(|(n, _)| *n == tn) {
            Some(_) if expanding.contains(&tn) => diags.push(Diagnostic::error(
                line,
                "param-type",
                format!(
                    "type `{tn}` of `{}` contains itself ({} -> {tn}); its members are not repeated",
                    node.name,
                    expanding.join(" -> ")
                ),
            )),
            Some((_, rows)) => {
                expanding.push(tn.clone());
                for r in rows {
                    let leaf = Node {
                        name: r.wire.clone(),
                        line: r.line,
                        row: Some(r.clone()),
                        ..Node::default()
                    };
                    fields.push(to_param(leaf, type_tables, expanding, diags));
                }
                expanding.pop();
            }
            None => diags.push(Diagnostic::error(
                line,
                "param-type",
                format!(
                    "type `{tn}` of `{}` is not documented on the page; read as String",
                    node.name
                ),
            )),
        }
    }

    let mut inferred = row
        .as_mut()
        .map(|r| std::mem::take(&mut r.inferred))
        .unwrap_or_default();
    let required = row.as_ref().is_some_and(|r| r.required);
    let default = inferred.default.take().map(|(d, _)| d);
    let element = |ty: Type, fields: Vec<Param>, constraints: Constraints| Param {
        name: node.name.clone(),
        rust_name: snake(&node.name),
        ty,
        required: true,
        encoding: None,
        item: None,
        fields,
        constraints,
        default: None,
        example: None,
        description: String::new(),
        deprecated: false,
        line,
    };
    let row_ty = row.as_ref().and_then(|r| r.ty);
    let json_array = row.as_ref().is_some_and(|r| {
        r.inferred.json_array
            || (r.ty == Some(Type::String)
                && r.example
                    .as_deref()
                    .is_some_and(|e| e.starts_with('[') && e.ends_with(']')))
    }) || inferred.json_array;
    let is_fixed = !node.fixed.is_empty();

    assign_rust_names(&mut fields);
    if matches!(row_ty, Some(Type::Integer | Type::Long)) {
        integer_values_to_ranges(&mut inferred.constraints);
    }
    if matches!(
        row_ty,
        Some(Type::Integer | Type::Long | Type::Float | Type::Double)
    ) && !inferred.constraints.enum_values.is_empty()
    {
        // Bullets that name cases, not numbers (`cloud：5~2,000` under a disk size): the
        // value set depends on another parameter, which the model cannot express.
        let at = inferred
            .constraints
            .origin
            .remove("enum")
            .map_or(line, |o| o.line);
        inferred.constraints.enum_values.clear();
        diags.push(Diagnostic::warning(
            at,
            "constraint-unread",
            format!(
                "the values listed for number `{}` are cases, not numbers; no value rule kept",
                node.name
            ),
        ));
    }
    if row_ty == Some(Type::Boolean) {
        // `true`/`false` bullets describe the two values; they are not a value set.
        inferred.constraints.enum_values.clear();
        inferred.constraints.origin.remove("enum");
    }
    let (ty, encoding, item, fields, constraints) =
        if node.list || row.as_ref().is_some_and(|r| r.list_type) {
            if is_fixed {
                let max = node.fixed.iter().copied().max().unwrap_or(1);
                list_rules.max_items.get_or_insert(max);
                list_rules
                    .origin
                    .entry("max_items".into())
                    .or_insert(crate::ir::Origin {
                        line,
                        text: format!("indices 1..={max} are listed"),
                    });
            }
            split_list_rules(&mut inferred, &mut list_rules);
            let item = if fields.is_empty() {
                element(
                    row_ty.unwrap_or(Type::String),
                    Vec::new(),
                    inferred.constraints,
                )
            } else {
                element(Type::Struct, fields, Constraints::default())
            };
            if required && item.ty.is_scalar() {
                list_rules.min_items.get_or_insert(1);
            }
            (
                Type::List,
                Some(ListEncoding::Repeat),
                Some(Box::new(item)),
                Vec::new(),
                list_rules,
            )
        } else if !fields.is_empty() {
            (Type::Struct, None, None, fields, Constraints::default())
        } else if json_array && row_ty == Some(Type::String) {
            split_list_rules(&mut inferred, &mut list_rules);
            let item = element(Type::String, Vec::new(), inferred.constraints);
            (
                Type::List,
                Some(ListEncoding::Json),
                Some(Box::new(item)),
                Vec::new(),
                list_rules,
            )
        } else {
            // A scalar: an item-count rule has nothing to count, so it stays only as prose.
            inferred.constraints.max_items = None;
            inferred.constraints.min_items = None;
            inferred.constraints.origin.remove("max_items");
            inferred.constraints.origin.remove("min_items");
            (
                row_ty.unwrap_or(Type::String),
                None,
                None,
                Vec::new(),
                inferred.constraints,
            )
        };
    Param {
        name: node.name,
        rust_name,
        ty,
        required,
        encoding,
        item,
        fields,
        constraints,
        default,
        example,
        description,
        deprecated,
        line,
    }
}

/// Cell text -> description: lines trimmed, runs of blank lines folded to one paragraph break.
pub fn clean_description(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for l in text.lines().map(str::trim) {
        if l.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{self, Block};

    fn params_of(md: &str) -> (Vec<Param>, Vec<Diagnostic>) {
        let doc = page::parse(md);
        let tables: Vec<&Table> = doc
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        let mut d = Vec::new();
        let p = read(&tables, "X", Language::En, &mut d);
        (p, d)
    }

    const HEAD: &str = "# X\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n";

    /// Type cells as other products' pages write them: `Interger` (one edit from Integer), an
    /// empty cell under a number example and a count description.
    #[test]
    fn misspelt_and_empty_type_cells_are_read_with_their_evidence() {
        let (p, d) = params_of(&format!(
            "{HEAD}|PageSize|Interger|No|10|The number of entries per page. Maximum value: 50. |\n|PageNumber| |No|1|The page number. Default value: 1. |\n|DryRun| |No|true|Specifies whether to check the request only. |\n|Note| |No|10|The ID of the instance. |\n"
        ));
        let ty = |n: &str| p.iter().find(|p| p.name == n).map(|p| p.ty);
        assert_eq!(ty("PageSize"), Some(Type::Integer));
        assert_eq!(ty("PageNumber"), Some(Type::Integer));
        assert_eq!(ty("DryRun"), Some(Type::Boolean));
        let guessed: Vec<u32> = d
            .iter()
            .filter(|d| d.kind == "param-type-guessed")
            .map(|d| d.line)
            .collect();
        assert_eq!(guessed, [7, 8, 9], "{d:?}");
        assert!(
            d[0].message.contains("`Interger` is 1 edit from `Integer`"),
            "{d:?}"
        );
        // Example and description disagree: still the error it was.
        assert!(d.iter().any(|d| d.kind == "param-type"
            && d.line == 10
            && d.severity == crate::ir::Severity::Error));
    }

    #[test]
    fn a_type_table_is_expanded_once_and_a_type_containing_itself_is_an_error() {
        let (p, d) = params_of(&format!(
            "{HEAD}|Configuration|Configuration|No|x|The configuration. |\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|Size|Integer|No|1|The size. |\n|Inner|Configuration|No|x|Damaged: names its own type. |\n"
        ));
        let c = p
            .iter()
            .find(|p| p.name == "Configuration")
            .expect("Configuration");
        let names: Vec<&str> = c.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Size", "Inner"]);
        assert!(c.fields[1].fields.is_empty(), "Inner is not expanded again");
        let e: Vec<&Diagnostic> = d.iter().filter(|d| d.kind == "param-type").collect();
        assert_eq!(e.len(), 1, "{d:?}");
        assert_eq!(e[0].severity, crate::ir::Severity::Error);
        assert!(e[0].message.contains("contains itself"), "{}", e[0].message);
        assert_eq!(e[0].line, 12, "the row that names its own type");
    }

    #[test]
    fn names_that_are_not_wire_names_are_errors_and_the_other_rows_stay() {
        let deep = vec!["A"; 40].join(".");
        let (p, d) = params_of(&format!(
            "{HEAD}|Size|Integer|No|1|The size. |\n|Instance<br>Type|String|No|x|Swallowed a row. |\n|{deep}|String|No|x|Too deep. |\n|N.Key|String|No|x|Index first. |\n|Tag.N.Key|String|No|k|The key. |\n"
        ));
        let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Size", "Tag"]);
        let lines: Vec<u32> = d
            .iter()
            .filter(|d| d.kind == "param-name")
            .map(|d| d.line)
            .collect();
        assert_eq!(lines, [8, 9, 10], "{d:?}");
        assert!(d.iter().any(|d| d.message.contains("`Instance<br>Type`")));
    }

    #[test]
    fn tag_n_key_value_group_into_a_struct_list() {
        let (p, d) = params_of(&format!(
            "{HEAD}|Action|String|Yes|X|The operation. Set the value to X. |\n|Tag.N.Key|String|No|k|The key. Valid values of N: 1 to 20. |\n|Tag.N.Value|String|No|v|The value. |\n|Tag.N.key|String|No|k|Deprecated. |\n"
        ));
        assert_eq!(p.len(), 1, "{p:#?} {d:?}");
        let tag = &p[0];
        assert_eq!((tag.name.as_str(), tag.ty), ("Tag", Type::List));
        assert_eq!(tag.encoding, Some(ListEncoding::Repeat));
        let item = tag.item.as_ref().unwrap();
        assert_eq!(item.ty, Type::Struct);
        let names: Vec<_> = item
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.rust_name.as_str()))
            .collect();
        assert_eq!(
            names,
            [("Key", "key"), ("Value", "value"), ("key", "key_2")]
        );
        assert_eq!(tag.constraints.max_items, Some(20));
    }

    #[test]
    fn scalar_lists_dotted_structs_fixed_indices_and_two_levels() {
        let (p, _) = params_of(&format!(
            "{HEAD}|InstanceId.N|RepeatList|Yes|i-1|IDs. |\n|SystemDisk.Category|String|No|cloud|Disk. |\n|SystemDisk.Size|Integer|No|40|Size. |\n|Filter.1.Key|String|No|a|k |\n|Filter.2.Key|String|No|a|k |\n|Filter.1.Value|String|No|a|v |\n|NetworkInterface.N.SecurityGroupIds.N|RepeatList|No|sg|ids |\n"
        ));
        let by = |n: &str| p.iter().find(|x| x.name == n).unwrap();
        let ids = by("InstanceId");
        assert_eq!(ids.ty, Type::List);
        assert_eq!(ids.item.as_ref().unwrap().ty, Type::String);
        assert_eq!(ids.constraints.min_items, Some(1));
        let sd = by("SystemDisk");
        assert_eq!(sd.ty, Type::Struct);
        assert_eq!(sd.fields.len(), 2);
        assert_eq!(sd.fields[1].ty, Type::Integer);
        let f = by("Filter");
        assert_eq!(f.ty, Type::List);
        assert_eq!(f.constraints.max_items, Some(2));
        assert_eq!(f.item.as_ref().unwrap().fields.len(), 2);
        let ni = by("NetworkInterface");
        let sg = &ni.item.as_ref().unwrap().fields[0];
        assert_eq!((sg.name.as_str(), sg.ty), ("SecurityGroupIds", Type::List));
    }

    #[test]
    fn fixed_indices_join_their_value_sets() {
        let (p, d) = params_of(&format!(
            "{HEAD}|Filter.1.Key|String|No|a|The key. Set the value to CreationStartTime. |\n|Filter.2.Key|String|No|a|The key. Set the value to CreationEndTime. |\n"
        ));
        let key = &p[0].item.as_ref().unwrap().fields[0];
        let values: Vec<_> = key
            .constraints
            .enum_values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["CreationStartTime", "CreationEndTime"]);
        assert!(d.iter().all(|d| d.kind != "param-duplicate"), "{d:?}");
    }

    #[test]
    fn case_lists_under_a_number_are_not_value_sets() {
        let (p, d) = params_of(&format!(
            "{HEAD}|Size|Integer|No|2000|The size. Valid values:\n\n -   cloud: 5 to 2000\n-   cloud_ssd: 20 to 32768 |\n"
        ));
        assert!(
            p[0].constraints.enum_values.is_empty(),
            "{:?}",
            p[0].constraints
        );
        assert!(
            d.iter()
                .any(|d| d.kind == "constraint-unread" && d.line == 7),
            "{d:?}"
        );
    }

    #[test]
    fn integer_value_lists_become_ranges() {
        let mut c = Constraints::default();
        for v in ["1", "2", "3", "6", "12"] {
            c.enum_values.push(crate::ir::EnumValue {
                value: v.into(),
                doc: String::new(),
            });
        }
        integer_values_to_ranges(&mut c);
        assert_eq!(c.ranges, [[1, 3], [6, 6], [12, 12]]);
        assert!(c.enum_values.is_empty());
    }

    #[test]
    fn json_array_strings_become_json_lists() {
        let (p, _) = params_of(&format!(
            "{HEAD}|InstanceIds|String|No|[\"i-1\", \"i-2\"]|The IDs. |\n|Parameters|Json|No|{{}}|Params. |\n"
        ));
        assert_eq!(p[0].ty, Type::List);
        assert_eq!(p[0].encoding, Some(ListEncoding::Json));
        assert_eq!(p[1].ty, Type::Json);
    }

    #[test]
    fn unknown_types_are_errors_with_lines() {
        let (p, d) = params_of(&format!("{HEAD}|A|Default value: 1.|No|1|x |\n"));
        assert_eq!(p.len(), 1);
        assert_eq!(d[0].kind, "param-type");
        assert_eq!(d[0].line, 7);
    }
}
