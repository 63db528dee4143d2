//! Plausible wire names for the recovered tree. A response field's name must be what the
//! response carries: an identifier (`RequestId`, `zh_CN`, `x-acs-id`). The rows say otherwise
//! in three ways, each read right or reported:
//! - dotted names (`HealthStatus.Code`, `Status. Code` with a stray space): a member of a
//!   struct, nested under it, unless the example carries the dotted key itself
//!   (`"SystemDisk.Category"`, `<CityName.en>`) or another version of the page reads it as one
//!   key, where the dot is part of the wire name;
//! - words (`Error code`): the example key they spell in UpperCamel case (`ErrorCode`);
//! - anything else (a sentence of a description in the name cell, an empty name) is a
//!   `response-name` error.

use super::*;

/// Settles the names of `fields` (and below) against the example object of their level.
/// `literal` holds the dotted names another version of the page reads as one key.
pub(super) fn settle(
    fields: &mut Vec<Field>,
    ex: Option<&ExObj>,
    literal: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for f in fields.iter_mut() {
        if is_identifier(&f.name) {
            continue;
        }
        if let Some(key) = words_key(&f.name, ex) {
            diags.push(Diagnostic::warning(
                f.line,
                "response-name-words",
                format!("`{}` read as the example's key `{key}`", f.name),
            ));
            f.name = key;
        }
    }
    nest_dotted(fields, ex, literal, diags);
    for f in fields.iter_mut() {
        let child = ex.and_then(|o| o.find(&f.name)).map(|(_, v)| v);
        if !is_identifier(&f.name) && !is_literal_key(&f.name, ex, literal) {
            diags.push(Diagnostic::error(
                f.line,
                "response-name",
                format!(
                    "`{}` is not a plausible wire name (a sentence or an empty name cell) and \
                     the example has no such key",
                    f.name
                ),
            ));
        }
        settle(&mut f.fields, child.and_then(obj_of), literal, diags);
        if let Some(item) = f.item.as_deref_mut() {
            settle(&mut item.fields, child.and_then(elem_obj), literal, diags);
        }
    }
}

/// `RequestId`, `zh_CN`, `x-acs-id`: a letter or `_` and then letters, digits, `_` or `-`.
pub fn is_identifier(name: &str) -> bool {
    let mut cs = name.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A dotted name whose parts are identifiers (`CityName.en`).
fn is_dotted(name: &str) -> bool {
    name.contains('.') && name.split('.').all(is_identifier)
}

fn is_literal_key(name: &str, ex: Option<&ExObj>, literal: &[&str]) -> bool {
    is_dotted(name) && (ex.is_some_and(|o| o.keys.contains_key(name)) || literal.contains(&name))
}

/// `Error code` -> `ErrorCode` when the example has that key (any case).
fn words_key(name: &str, ex: Option<&ExObj>) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 || words.len() > 4 || !words.iter().all(|w| is_identifier(w)) {
        return None;
    }
    let camel: String = words
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    ex?.find(&camel).map(|(k, _)| k.to_string())
}

/// The object of a list's elements in the example.
fn elem_obj(v: &ExVal) -> Option<&ExObj> {
    match v {
        ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e)) => match &**e {
            ExElem::Obj(o) => o.known(),
            ExElem::Scalar => None,
        },
        _ => None,
    }
}

/// `A.B` rows that the markers already put inside the block of the row `A` (the first member
/// right after its object row): `B` there. Silent when the example shows `B` in `A`; a
/// `response-dotted-nested` warning when no example shows `A`; the `response-dotted` error
/// when the example shows `A` without `B`.
fn own_prefix_members(fields: &mut [Field], ex: Option<&ExObj>, diags: &mut Vec<Diagnostic>) {
    for f in fields.iter_mut() {
        let own = |m: &Field| {
            m.name.len() > f.name.len() + 1
                && m.name.starts_with(f.name.as_str())
                && m.name.as_bytes()[f.name.len()] == b'.'
        };
        let has = match (f.ty, f.item.as_deref()) {
            (Type::List, Some(item)) if item.ty == Type::Struct => item.fields.iter().any(own),
            (Type::Struct, _) => f.fields.iter().any(own),
            _ => false,
        };
        if !has {
            continue;
        }
        let prefix = format!("{}.", f.name);
        let ex_obj = ex
            .and_then(|o| o.find(&f.name))
            .map(|(_, v)| obj_of(v).or_else(|| elem_obj(v)));
        let members = match (f.ty, f.item.as_deref_mut()) {
            (Type::List, Some(item)) if item.ty == Type::Struct => &mut item.fields,
            (Type::Struct, _) => &mut f.fields,
            _ => continue,
        };
        for m in members.iter_mut() {
            let Some(rest) = m.name.strip_prefix(&prefix) else {
                continue;
            };
            if !is_dotted(&m.name) {
                continue;
            }
            let rest = rest.to_string();
            let first = rest.split('.').next().unwrap_or(&rest);
            match ex_obj {
                None => diags.push(Diagnostic::warning(
                    m.line,
                    "response-dotted-nested",
                    format!(
                        "`{}`: no example shows `{}`; read as `{rest}` inside `{}`, which its own \
                         row documents as an object",
                        m.name, f.name, f.name
                    ),
                )),
                Some(Some(o)) if o.find(first).is_some() => {}
                Some(_) => diags.push(Diagnostic::error(
                    m.line,
                    "response-dotted",
                    format!(
                        "`{}`: the example shows `{}` without `{rest}`; read as `{rest}` inside it",
                        m.name, f.name
                    ),
                )),
            }
            m.name = rest;
        }
    }
}

/// Moves `A.B` rows into struct `A` (created if no row documents it), leaving literal dotted
/// keys of the example in place. Without an example that shows either form, the nesting is
/// reported (`response-dotted` error): the page does not say which one the wire has.
fn nest_dotted(
    fields: &mut Vec<Field>,
    ex: Option<&ExObj>,
    literal: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    own_prefix_members(fields, ex, diags);
    if !fields.iter().any(|f| f.name.contains('.')) {
        return;
    }
    let old = std::mem::take(fields);
    // Rows that document a struct (or a list of structs) by its own name, dotted rows aside.
    let documented: Vec<String> = old
        .iter()
        .filter(|f| {
            !f.name.contains('.')
                && (f.ty == Type::Struct
                    || (f.ty == Type::List
                        && f.item.as_deref().is_some_and(|i| i.ty == Type::Struct)))
        })
        .map(|f| f.name.clone())
        .collect();
    for mut f in old {
        let tidy: String = f
            .name
            .split('.')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(".");
        if !is_dotted(&tidy) || is_literal_key(&tidy, ex, literal) {
            fields.push(f);
            continue;
        }
        let (base, rest) = tidy.split_once('.').expect("a dotted name has a dot");
        let (base, rest) = (base.to_string(), rest.to_string());
        let base_shown = ex.and_then(|o| o.find(&base));
        let shown = base_shown
            .and_then(|(_, v)| obj_of(v).or_else(|| elem_obj(v)))
            .is_some_and(|o| o.find(rest.split('.').next().unwrap_or(&rest)).is_some());
        if !shown && base_shown.is_none() && documented.contains(&base) {
            // No example of the object at all, and a sibling row documents `base` as an
            // object: the dots are the nesting the rows already describe.
            diags.push(Diagnostic::warning(
                f.line,
                "response-dotted-nested",
                format!(
                    "`{}`: no example shows `{base}`; read as `{rest}` inside `{base}`, which \
                     its own row documents as an object",
                    f.name
                ),
            ));
        } else if !shown {
            diags.push(Diagnostic::error(
                f.line,
                "response-dotted",
                format!(
                    "`{}`: the example shows neither the key `{tidy}` nor `{rest}` inside \
                     `{base}`; read as `{rest}` inside `{base}`",
                    f.name
                ),
            ));
        }
        f.name = rest;
        let at = match fields.iter().position(|p| p.name == base) {
            Some(at) => at,
            None => {
                fields.push(Field::bare(base.clone(), Type::Struct, f.line));
                fields.len() - 1
            }
        };
        let parent = &mut fields[at];
        match (parent.ty, parent.item.as_deref_mut()) {
            (Type::List, Some(item)) if item.ty == Type::Struct => item.fields.push(f),
            (Type::Struct, _) => parent.fields.push(f),
            _ => {
                diags.push(Diagnostic::error(
                    f.line,
                    "response-dotted",
                    format!(
                        "`{base}.{}` names a member of `{base}`, which is documented as a \
                         {}; kept beside it",
                        f.name,
                        parent.ty.as_str()
                    ),
                ));
                f.name = format!("{base}.{}", f.name);
                fields.push(f);
            }
        }
    }
    for f in fields.iter_mut().filter(|f| f.ty == Type::Struct) {
        let child = ex
            .and_then(|o| o.find(&f.name))
            .and_then(|(_, v)| obj_of(v));
        nest_dotted(&mut f.fields, child, literal, diags);
    }
}
