//! Changes of the success response: the field trees are flattened to paths
//! (`Instances[].InstanceId`: `[]` is a list's element), paths on both sides are compared
//! (type, JSON wrapper, generated struct name, Rust name). A field that leaves a parent and
//! appears under the same parent with another name (case only, or the same members) is a
//! rename; one that appears under another parent with the same name is a move; both are then
//! compared member by member. Of a removed or added subtree only its root is reported.

use super::change::{Change, Kind};
use crate::ir::Field;
use std::collections::BTreeMap;

struct Node<'a> {
    path: String,
    field: &'a Field,
    /// A list's element (it has no name of its own in the JSON, so it cannot move alone).
    item: bool,
}

fn flatten<'a>(fields: &'a [Field], parent: &str, out: &mut Vec<Node<'a>>) {
    for f in fields {
        let path = if parent.is_empty() {
            f.name.clone()
        } else {
            format!("{parent}.{}", f.name)
        };
        node(f, path, false, out);
    }
}

fn node<'a>(f: &'a Field, path: String, item: bool, out: &mut Vec<Node<'a>>) {
    out.push(Node {
        path: path.clone(),
        field: f,
        item,
    });
    if let Some(i) = &f.item {
        node(i, format!("{path}[]"), true, out);
    }
    flatten(&f.fields, &path, out);
}

/// The base name `crate::emit::response` gives the struct generated for `f`'s members, if any.
fn struct_name(f: &Field) -> Option<String> {
    match f.item.as_deref() {
        Some(i) if !i.fields.is_empty() => Some(
            i.type_name
                .clone()
                .or_else(|| f.wrapper.clone())
                .unwrap_or_else(|| i.name.clone()),
        ),
        Some(_) => None,
        None if !f.fields.is_empty() => Some(f.type_name.clone().unwrap_or_else(|| f.name.clone())),
        None => None,
    }
}

fn is_below(path: &str, root: &str) -> bool {
    path.len() > root.len()
        && path.starts_with(root)
        && matches!(path.as_bytes()[root.len()], b'.' | b'[')
}

/// Changes between the old and the new response trees.
pub fn compare(old: &[Field], new: &[Field], out: &mut Vec<Change>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flatten(old, "", &mut a);
    flatten(new, "", &mut b);
    run(&a, &b, "", out);
}

/// `prefix` + a relative path (`[]` joins without a dot).
fn display(prefix: &str, rel: &str) -> String {
    if prefix.is_empty() {
        rel.to_string()
    } else if rel.starts_with('[') {
        format!("{prefix}{rel}")
    } else {
        format!("{prefix}.{rel}")
    }
}

/// The nodes below `f`, with paths relative to it.
fn children(f: &Field) -> Vec<Node<'_>> {
    let mut v = Vec::new();
    if let Some(i) = &f.item {
        node(i, "[]".into(), true, &mut v);
    }
    flatten(&f.fields, "", &mut v);
    v
}

/// Compares two flattened trees whose paths are relative to `prefix` (the new parent's path).
fn run(a: &[Node], b: &[Node], prefix: &str, out: &mut Vec<Change>) {
    let in_new: BTreeMap<&str, &Node> = b.iter().map(|n| (n.path.as_str(), n)).collect();
    let in_old: BTreeMap<&str, &Node> = a.iter().map(|n| (n.path.as_str(), n)).collect();
    for x in a {
        if let Some(y) = in_new.get(x.path.as_str()) {
            compare_one(x, y, &display(prefix, &y.path), out);
        }
    }
    let mut removed: Vec<&Node> = a
        .iter()
        .filter(|n| !in_new.contains_key(n.path.as_str()))
        .collect();
    let mut added: Vec<&Node> = b
        .iter()
        .filter(|n| !in_old.contains_key(n.path.as_str()))
        .collect();

    // Renames: under the same parent, the same name but for case, or the same members.
    let mut i = 0;
    while i < removed.len() {
        let x = removed[i];
        let hit = added.iter().position(|y| is_rename(x, y));
        let Some(k) = hit else {
            i += 1;
            continue;
        };
        let y = added.remove(k);
        removed.remove(i);
        removed.retain(|n| !is_below(&n.path, &x.path));
        added.retain(|n| !is_below(&n.path, &y.path));
        let new_path = display(prefix, &y.path);
        let kind = if x.field.rust_name == y.field.rust_name {
            Kind::FieldWireRenamed
        } else {
            Kind::FieldRenamed
        };
        out.push(
            Change::new(kind, new_path.clone())
                .values(Some(x.field.name.clone()), Some(y.field.name.clone()))
                .lines(Some(x.field.line), Some(y.field.line)),
        );
        compare_one(x, y, &new_path, out);
        run(&children(x.field), &children(y.field), &new_path, out);
    }

    // Moves: the same name under another parent, the same type preferred. Parents come
    // before their members, so a moved subtree is compared as a whole.
    for same_type in [true, false] {
        let mut i = 0;
        while i < removed.len() {
            let x = removed[i];
            let hit = (!x.item)
                .then(|| {
                    added.iter().position(|y| {
                        !y.item
                            && y.field.name == x.field.name
                            && (!same_type || y.field.ty == x.field.ty)
                    })
                })
                .flatten();
            let Some(k) = hit else {
                i += 1;
                continue;
            };
            let y = added.remove(k);
            removed.remove(i);
            removed.retain(|n| !is_below(&n.path, &x.path));
            added.retain(|n| !is_below(&n.path, &y.path));
            let (old_path, new_path) = (display(prefix, &x.path), display(prefix, &y.path));
            out.push(
                Change::new(Kind::FieldMoved, new_path.clone())
                    .values(Some(old_path), Some(new_path.clone()))
                    .lines(Some(x.field.line), Some(y.field.line)),
            );
            compare_one(x, y, &new_path, out);
            run(&children(x.field), &children(y.field), &new_path, out);
        }
    }
    let roots = |v: &[&Node]| -> Vec<usize> {
        (0..v.len())
            .filter(|&i| !v.iter().any(|r| is_below(&v[i].path, &r.path)))
            .collect()
    };
    for i in roots(&removed) {
        let x = removed[i];
        out.push(
            Change::new(Kind::FieldRemoved, display(prefix, &x.path))
                .values(Some(x.field.ty.as_str().into()), None)
                .lines(Some(x.field.line), None),
        );
    }
    for i in roots(&added) {
        let y = added[i];
        out.push(
            Change::new(Kind::FieldAdded, display(prefix, &y.path))
                .values(None, Some(y.field.ty.as_str().into()))
                .lines(None, Some(y.field.line)),
        );
    }
}

/// `A[].B` -> `A[]`, `B` -> ``.
fn parent(path: &str) -> &str {
    path.rfind('.').map_or("", |i| &path[..i])
}

/// Names of the members of `f` (of its element, for a list).
fn member_names(f: &Field) -> Vec<&str> {
    let members = match f.item.as_deref() {
        Some(i) => &i.fields,
        None => &f.fields,
    };
    let mut v: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    v.sort_unstable();
    v
}

/// An old node and a new one that are the same field under another name.
fn is_rename(x: &Node, y: &Node) -> bool {
    let (a, b) = (x.field, y.field);
    !x.item
        && !y.item
        && parent(&x.path) == parent(&y.path)
        && (a.name.eq_ignore_ascii_case(&b.name)
            || (a.ty == b.ty && !member_names(a).is_empty() && member_names(a) == member_names(b)))
}

fn compare_one(x: &Node, y: &Node, path: &str, out: &mut Vec<Change>) {
    let (a, b) = (x.field, y.field);
    let mut push = |kind: Kind, old: Option<String>, new: Option<String>| {
        out.push(
            Change::new(kind, path)
                .values(old, new)
                .lines(Some(a.line), Some(b.line)),
        );
    };
    if a.ty != b.ty {
        push(
            Kind::FieldRetyped,
            Some(a.ty.as_str().into()),
            Some(b.ty.as_str().into()),
        );
    }
    if a.wrapper != b.wrapper {
        push(
            Kind::FieldWrapperChanged,
            a.wrapper.clone(),
            b.wrapper.clone(),
        );
    }
    let (sa, sb) = (struct_name(a), struct_name(b));
    // A list's element struct is named from the list (`emit::response`), so only there.
    if !x.item && sa.is_some() && sb.is_some() && sa != sb {
        push(Kind::FieldTypeRenamed, sa, sb);
    }
    if !x.item && !y.item && a.name == b.name && a.rust_name != b.rust_name {
        push(
            Kind::FieldRustRenamed,
            Some(a.rust_name.clone()),
            Some(b.rust_name.clone()),
        );
    }
}
