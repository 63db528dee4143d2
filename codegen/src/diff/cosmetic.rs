//! What moved on a page beyond the model: the format generation, reworded descriptions,
//! examples, the order of rows and their lines. A pair with model changes lists these too; a
//! pair with only these is `cosmetic`.

use crate::ir::{Field, Page, Param};
use std::collections::BTreeMap;

fn params<'a>(ps: &'a [Param], parent: &str, out: &mut BTreeMap<String, &'a Param>) {
    for p in ps {
        let path = if parent.is_empty() {
            p.name.clone()
        } else {
            format!("{parent}.{}", p.name)
        };
        if let Some(i) = &p.item {
            params(std::slice::from_ref(i), &format!("{path}.N"), out);
        }
        params(&p.fields, &path, out);
        out.insert(path, p);
    }
}

fn fields<'a>(fs: &'a [Field], parent: &str, out: &mut BTreeMap<String, &'a Field>) {
    for f in fs {
        let path = format!("{parent}.{}", f.name);
        if let Some(i) = &f.item {
            fields(std::slice::from_ref(i), &format!("{path}[]"), out);
        }
        fields(&f.fields, &path, out);
        out.insert(path, f);
    }
}

/// Counts `what` among pairs present on both sides.
fn count<T>(
    a: &BTreeMap<String, &T>,
    b: &BTreeMap<String, &T>,
    what: impl Fn(&T, &T) -> bool,
) -> usize {
    a.iter()
        .filter(|(k, x)| b.get(*k).is_some_and(|y| what(x, y)))
        .count()
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// What differs between `old` and `new` apart from the model (empty: nothing but the file).
pub fn notes(old: &Page, new: &Page) -> Vec<String> {
    let mut out = Vec::new();
    if old.generation != new.generation {
        let g = |p: &Page| {
            p.generation
                .map_or("-".to_string(), |g| format!("{g:?}").to_lowercase())
        };
        out.push(format!("format generation {} -> {}", g(old), g(new)));
    }
    if old.language != new.language {
        let l = |p: &Page| {
            p.language
                .map_or("-".to_string(), |l| format!("{l:?}").to_lowercase())
        };
        out.push(format!("language {} -> {}", l(old), l(new)));
    }
    if old.summary != new.summary {
        out.push("summary reworded".into());
    }
    if old.description != new.description {
        out.push("description section reworded".into());
    }
    let (mut pa, mut pb) = (BTreeMap::new(), BTreeMap::new());
    params(&old.params, "", &mut pa);
    params(&new.params, "", &mut pb);
    let n = count(&pa, &pb, |x, y| x.description != y.description);
    if n > 0 {
        out.push(format!("{} reworded", plural(n, "parameter description")));
    }
    let n = count(&pa, &pb, |x, y| x.example != y.example);
    if n > 0 {
        out.push(format!("{} changed", plural(n, "parameter example")));
    }
    let n = count(&pa, &pb, |x, y| {
        let text = |p: &Param| {
            p.constraints
                .origin
                .iter()
                .map(|(k, o)| (k.clone(), o.text.clone()))
                .collect::<Vec<_>>()
        };
        text(x) != text(y)
    });
    if n > 0 {
        out.push(format!("{} worded otherwise", plural(n, "rule")));
    }
    let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
    fields(&old.response.fields, "", &mut fa);
    fields(&new.response.fields, "", &mut fb);
    let n = count(&fa, &fb, |x, y| {
        x.description != y.description || x.example != y.example
    });
    if n > 0 {
        out.push(format!(
            "{} reworded",
            plural(n, "response field description")
        ));
    }
    let n = old
        .errors
        .iter()
        .filter(|a| {
            new.errors.iter().any(|b| {
                b.code == a.code && b.message == a.message && b.description != a.description
            })
        })
        .count();
    if n > 0 {
        out.push(format!("{} reworded", plural(n, "error description")));
    }
    if order(old, &pb) != order(new, &pa) {
        out.push("parameter rows reordered".into());
    }
    let n = old
        .errors
        .iter()
        .filter(|a| {
            new.errors.iter().any(|b| {
                b.code == a.code
                    && b.message != a.message
                    && super::errors::same_message(&a.message, &b.message)
            })
        })
        .count();
    if n > 0 {
        out.push(format!("{} typeset otherwise", plural(n, "error message")));
    }
    let error_lines = old
        .errors
        .iter()
        .filter(|a| {
            new.errors
                .iter()
                .any(|b| b.code == a.code && b.message == a.message && b.line != a.line)
        })
        .count();
    let lines_moved = count(&pa, &pb, |x, y| x.line != y.line)
        + count(&fa, &fb, |x, y| x.line != y.line)
        + error_lines;
    if lines_moved > 0 {
        out.push(format!("{} on other lines", plural(lines_moved, "row")));
    }
    if old.examples != new.examples {
        out.push("examples changed".into());
    }
    let diags = |p: &Page| p.diagnostics.len();
    if diags(old) != diags(new) {
        out.push(format!(
            "reader diagnostics {} -> {}",
            diags(old),
            diags(new)
        ));
    }
    out
}

/// Names of `p`'s top-level parameters that `other` has too, in page order.
fn order<'a>(p: &'a Page, other: &BTreeMap<String, &Param>) -> Vec<&'a str> {
    p.params
        .iter()
        .filter(|x| other.contains_key(&x.name))
        .map(|x| x.name.as_str())
        .collect()
}
