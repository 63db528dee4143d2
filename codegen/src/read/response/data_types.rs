//! Data-type resolution: captioned sub-tables of the same page and data-type pages reached
//! through links, with the cycle and depth guard.

use super::*;

impl Ctx<'_, '_> {
    pub(super) fn referenced(&self, i: usize) -> bool {
        self.cache.contains_key(&format!("#table{i}"))
    }

    /// A captioned sub-table describing `name`.
    pub(super) fn local_table(&self, names: &[String]) -> Option<usize> {
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

    /// The captioned sub-table a description calls the elements' type by saying the value is a
    /// list of it (`The ProjectMeta list`, `A list of ProjectMeta`, `ProjectMeta 列表`).
    pub(super) fn type_named_in(&self, text: &str) -> Option<String> {
        static LIST_OF: OnceLock<Regex> = OnceLock::new();
        let c = re(
            &LIST_OF,
            r"(?i)^\s*(?:(?:the|a)\s+)?(?:([A-Za-z][A-Za-z0-9]*)\s*(?:list|的?列表)|list\s+of\s+([A-Za-z][A-Za-z0-9]*))\s*[.。]?\s*$",
        )
        .captures(text)?;
        let x = c.get(1).or_else(|| c.get(2))?.as_str();
        self.tables
            .iter()
            .filter_map(|t| t.caption.as_deref().and_then(caption_name))
            .find(|caption| caption == x)
    }

    /// A data-type page, through the caller's `resolve`, with a cycle/depth guard.
    pub(super) fn data_type(&mut self, name: &str, line: u32) -> Option<DataType> {
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

pub(super) fn caption_name(caption: &str) -> Option<String> {
    let c = caption.replace(['`', '*', '\\'], "");
    ident_re()
        .find_iter(&c)
        .last()
        .map(|m| m.as_str().to_string())
}

/// `AvailableZoneType`, `AvailableZones`, `availablezone` -> `availablezone`.
pub(super) fn norm_type_name(s: &str) -> String {
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

pub(super) fn main_table(tables: &[RespTable]) -> Option<usize> {
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

impl Ctx<'_, '_> {
    /// Whether `Array of X` in a G2/G3 table names a captioned sub-table (then it is a
    /// reference, not an inline block).
    pub(super) fn has_type(&self, x: &str, r: &PRow) -> bool {
        let mut names = vec![x.to_string()];
        names.extend(r.refs.iter().cloned());
        self.local_table(&names)
            .is_some_and(|t| !self.visiting.contains(&t))
    }
}

/// Builds the field of a row whose type is described elsewhere (G1 sub-table or data-type
/// page; `Array of X` without inline fields).
pub(super) fn build_reference(
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
        // `|Resources|Array|The ProjectMeta list|` beside a `## ProjectMeta fields` section.
        if let Some(x) = ctx.type_named_in(&r.description) {
            if ctx.local_table(&names).is_none() {
                ctx.diags.push(Diagnostic::warning(
                    r.line,
                    "response-element-by-description",
                    format!(
                        "`{name}` is typed `Array` without its element; read as a list of \
                         `{x}`, which its description names and the page describes"
                    ),
                ));
            }
            names.push(x);
        }
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
        // The names, then the link itself: a section of another page
        // (`DescribeKeyVersion.md#section_…`), whose type keeps the row's name for it.
        let by_name = names
            .iter()
            .filter(|n| n.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .map(|n| (n.as_str(), None));
        let by_link = r.page_ref.as_deref().map(|p| (p, type_name.as_deref()));
        for (n, row_type) in by_name.chain(by_link) {
            if let Some(dt) = ctx.data_type(n, r.line) {
                let mut fields = dt.fields.clone();
                if let Some(o) = elem_ex {
                    reconcile(&mut fields, o);
                }
                let tname = row_type.map_or_else(|| dt.name.clone(), str::to_string);
                inner = Some((fields, dt.node_name.clone(), tname));
                break;
            }
        }
    }
    let example = (!r.example.is_empty()).then(|| r.example.clone());
    let mut f = Field {
        type_name: type_name.clone(),
        example,
        description: r.description.clone(),
        ..Field::bare(name, Type::Struct, r.line)
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
                // A link to a data-type page that was not found says the elements are
                // structures the reader could not see: unless the example shows scalar
                // elements, a list of strings would lose them silently.
                let scalar_elems = matches!(
                    exv,
                    Some(ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e))) if matches!(**e, ExElem::Scalar)
                );
                if r.page_link && !scalar_elems {
                    ctx.diags.push(Diagnostic::error(
                        r.line,
                        "response-type-unresolved",
                        format!(
                            "the elements of `{name}` are described by `{}`, which is no \
                             data-type page or page section found beside this page, or not \
                             one that reads without errors; read as a list of strings",
                            r.page_ref.as_deref().unwrap_or(x)
                        ),
                    ));
                }
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
        fields,
        type_name: Some(tname).filter(|s| !s.is_empty()),
        ..Field::bare(wrapper, Type::Struct, r.line)
    }));
    f
}
