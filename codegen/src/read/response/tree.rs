//! Tree recovery from the rows: the walk over one table with a stack of open blocks.

use super::*;

/// How a block was opened; decides the field built from it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum NodeKind {
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
pub(super) struct Node {
    pub(super) row: usize,
    pub(super) name: String,
    pub(super) kind: NodeKind,
    pub(super) wrapper: Option<String>,
    /// `true` when the wrapper name came from the example or a wrapper row.
    pub(super) wrapper_sure: bool,
    pub(super) type_name: Option<String>,
    pub(super) children: Vec<usize>,
}

pub(super) struct Level<'e> {
    pub(super) node: Option<usize>,
    /// For messages: the field that opened the block.
    pub(super) name: String,
    /// The element name (wrapper) or the field name, and the names placed so far.
    pub(super) elem: String,
    pub(super) children: Vec<String>,
    pub(super) ex: Option<&'e ExObj>,
    pub(super) last: Option<String>,
    pub(super) n: usize,
    /// Opened by an `Array of X` row that can still take its wrapper row.
    pub(super) expects_wrapper: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    Example,
    Marker,
    Sort,
    Undecided,
}

/// Builds the fields of table `t` against the example object `ex`.
pub(super) fn build_table(ctx: &mut Ctx, t: usize, ex: Option<&ExObj>, depth: usize) -> Vec<Field> {
    let Some(table) = ctx.tables.get(t) else {
        return Vec::new();
    };
    let mut rows: Vec<PRow> = table.rows.iter().map(|r| prep_row(r, ctx.diags)).collect();
    depths_from_indent(&mut rows, ex, ctx.diags);
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

/// A G2 empty-type row that is an array of scalars: it has an example value
/// (`|AvailableDiskCategories| |cloud|…`) or the example shows scalar elements.
pub(super) fn is_scalar_list_container(r: &PRow, exv: Option<&ExVal>) -> bool {
    match exv {
        Some(ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e))) => {
            return matches!(**e, ExElem::Scalar)
        }
        Some(ExVal::Obj(o)) if o.keys.len() > 1 => return false,
        _ => {}
    }
    !r.example.is_empty()
}
