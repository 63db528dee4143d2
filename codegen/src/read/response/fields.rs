//! Building `Field`s from the recovered nodes; indexed rows (`DataDisk.n.Size`) grouped into lists.

use super::*;

pub(super) fn scalar_item(wrapper: Option<&str>, r: &PRow) -> Field {
    let ty = match &r.rty {
        RTy::ScalarListOf(t, _) => *t,
        _ => Type::String,
    };
    Field {
        example: (!r.example.is_empty()).then(|| r.example.clone()),
        ..Field::bare(wrapper.unwrap_or(&r.name), ty, r.line)
    }
}

/// Turns an arena node into a `Field`.
pub(super) fn to_field(ctx: &mut Ctx, rows: &[PRow], nodes: &mut [Node], n: usize) -> Field {
    let children: Vec<usize> = std::mem::take(&mut nodes[n].children);
    let mut kids: Vec<Field> = children
        .iter()
        .map(|&c| to_field(ctx, rows, nodes, c))
        .collect();
    let node = &nodes[n];
    let r = &rows[node.row];
    let example = (!r.example.is_empty()).then(|| r.example.clone());
    let mut f = Field {
        type_name: node.type_name.clone(),
        example,
        description: r.description.clone(),
        ..Field::bare(node.name.clone(), Type::String, r.line)
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
        NodeKind::Scalar(t) => {
            f.ty = t;
            f.enum_values = crate::read::constraints::value_set(&r.description, r.line);
        }
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
                example: f.example.clone(),
                ..Field::bare(w.unwrap_or_else(|| f.name.clone()), t, r.line)
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
                Field::bare(w, Type::String, r.line)
            } else {
                Field {
                    fields: std::mem::take(&mut kids),
                    type_name: node.type_name.clone(),
                    ..Field::bare(w, Type::Struct, r.line)
                }
            };
            f.item = Some(Box::new(item));
        }
    }
    f
}

/// `DataDisk.n.Size` rows -> one list `DataDisks` (`{"DataDisk": [{"Size": ..}]}`).
pub(super) fn group_indexed(ctx: &mut Ctx, fields: &mut Vec<Field>, ex: Option<&ExObj>) {
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
            wrapper: Some(base.clone()),
            item: Some(Box::new(Field {
                fields: vec![f],
                ..Field::bare(base.clone(), Type::Struct, line)
            })),
            ..Field::bare(name, Type::List, line)
        });
        groups.push((base, fields.len() - 1));
    }
}

pub(super) fn looks_plural(name: &str) -> bool {
    name.ends_with('s') && !name.ends_with("ss") || name.ends_with("Set") || name.ends_with("List")
}

/// `SecurityGroupIds` -> `SecurityGroupId`, `Policies` -> `Policy`, `Addresses` -> `Address`.
pub fn singular(name: &str) -> String {
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
