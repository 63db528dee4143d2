//! Changes of the request parameters: pairing the parameters of one level (by wire name, then
//! case-insensitively, then by an unchanged type and description, which makes a rename), and
//! comparing each pair: type, required flag, list encoding, default, deprecation, rules, then
//! the list item and struct members below it.

use super::change::{Change, Kind};
use super::{classify, constraints};
use crate::ir::{Param, Type};

/// Changes between two parameter lists of the same level under `parent` (`""` at the top).
pub fn compare(parent: &str, old: &[Param], new: &[Param], out: &mut Vec<Change>) {
    let pairs = pair(old, new);
    let path = |p: &Param| join(parent, &p.name);
    for (i, j) in &pairs.matched {
        compare_one(&path(&new[*j]), &old[*i], &new[*j], false, out);
    }
    for (i, j) in &pairs.renamed {
        let (a, b) = (&old[*i], &new[*j]);
        let kind = if a.rust_name == b.rust_name {
            Kind::ParamWireRenamed
        } else {
            Kind::ParamRenamed
        };
        out.push(
            Change::new(kind, path(b))
                .values(Some(a.name.clone()), Some(b.name.clone()))
                .lines(Some(a.line), Some(b.line)),
        );
        compare_one(&path(b), a, b, false, out);
    }
    for &i in &pairs.removed {
        let a = &old[i];
        out.push(
            Change::new(Kind::ParamRemoved, path(a))
                .values(Some(describe(a)), None)
                .lines(Some(a.line), None),
        );
    }
    for &j in &pairs.added {
        let b = &new[j];
        let kind = if b.required {
            Kind::ParamAddedRequired
        } else {
            Kind::ParamAdded
        };
        out.push(
            Change::new(kind, path(b))
                .values(None, Some(describe(b)))
                .lines(None, Some(b.line)),
        );
    }
}

/// `Tag.N.Key`: members join with `.`.
fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// `integer, required`.
fn describe(p: &Param) -> String {
    format!(
        "{}, {}",
        p.ty.as_str(),
        if p.required { "required" } else { "optional" }
    )
}

/// Index pairs of one level.
#[derive(Debug, Default)]
struct Pairs {
    matched: Vec<(usize, usize)>,
    renamed: Vec<(usize, usize)>,
    removed: Vec<usize>,
    added: Vec<usize>,
}

/// Whether an old and a new parameter are the same one under another name.
type RenameRule = fn(&Param, &Param) -> bool;

fn pair(old: &[Param], new: &[Param]) -> Pairs {
    let mut out = Pairs::default();
    let mut old_left: Vec<usize> = Vec::new();
    let mut new_taken = vec![false; new.len()];
    for (i, a) in old.iter().enumerate() {
        match (0..new.len()).find(|&j| !new_taken[j] && new[j].name == a.name) {
            Some(j) => {
                new_taken[j] = true;
                out.matched.push((i, j));
            }
            None => old_left.push(i),
        }
    }
    // A rename: the same name but for case, or an unchanged type and description.
    let rules: [RenameRule; 2] = [
        |a, b| a.name.eq_ignore_ascii_case(&b.name),
        |a, b| a.ty == b.ty && !a.description.trim().is_empty() && a.description == b.description,
    ];
    for rule in rules {
        old_left.retain(|&i| {
            let hit = (0..new.len()).find(|&j| !new_taken[j] && rule(&old[i], &new[j]));
            if let Some(j) = hit {
                new_taken[j] = true;
                out.renamed.push((i, j));
            }
            hit.is_none()
        });
    }
    out.removed = old_left;
    out.added = (0..new.len()).filter(|&j| !new_taken[j]).collect();
    out
}

/// Changes of one parameter present on both pages. `item` is set for a list's element, whose
/// required flag and Rust name the generated code does not use.
fn compare_one(path: &str, a: &Param, b: &Param, item: bool, out: &mut Vec<Change>) {
    let lines = (Some(a.line), Some(b.line));
    let mut push = |kind: Kind, old: Option<String>, new: Option<String>| {
        out.push(
            Change::new(kind, path)
                .values(old, new)
                .lines(lines.0, lines.1),
        );
    };
    if !item && a.name == b.name && a.rust_name != b.rust_name {
        push(
            Kind::ParamRustRenamed,
            Some(a.rust_name.clone()),
            Some(b.rust_name.clone()),
        );
    }
    if a.ty != b.ty {
        push(
            classify::param_type_change(a.ty, b.ty),
            Some(a.ty.as_str().into()),
            Some(b.ty.as_str().into()),
        );
    }
    if !item && a.required != b.required {
        let kind = if b.required {
            Kind::ParamNowRequired
        } else {
            Kind::ParamNowOptional
        };
        push(
            kind,
            Some(a.required.to_string()),
            Some(b.required.to_string()),
        );
    }
    if let (Some(x), Some(y)) = (a.encoding, b.encoding) {
        if x != y {
            push(
                Kind::ParamEncodingChanged,
                Some(format!("{x:?}").to_lowercase()),
                Some(format!("{y:?}").to_lowercase()),
            );
        }
    }
    let kind = match (&a.default, &b.default) {
        (None, Some(_)) => Some(Kind::DefaultAdded),
        (Some(_), None) => Some(Kind::DefaultRemoved),
        (Some(x), Some(y)) if !same_default(b.ty, x, y) => Some(Kind::DefaultChanged),
        _ => None,
    };
    if let Some(kind) = kind {
        push(kind, a.default.clone(), b.default.clone());
    }
    if a.deprecated != b.deprecated {
        let kind = if b.deprecated {
            Kind::ParamDeprecated
        } else {
            Kind::ParamUndeprecated
        };
        push(kind, None, None);
    }
    constraints::compare(path, a, b, out);
    if let (Some(x), Some(y)) = (&a.item, &b.item) {
        compare_one(&format!("{path}.N"), x, y, true, out);
    }
    compare(path, &a.fields, &b.fields, out);
}

/// Two defaults that send the same value: `False` and `false` for a boolean, `10` and `10.0`
/// for a number, whatever surrounds them.
fn same_default(ty: Type, a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a == b
        || match ty {
            Type::Boolean => a.eq_ignore_ascii_case(b),
            Type::Integer | Type::Long | Type::Float | Type::Double => {
                matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
            }
            _ => false,
        }
}
