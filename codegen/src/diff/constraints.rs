//! Changes of the rules on one parameter: ranges (as sets of integers), closed value sets,
//! length and item limits, forbidden prefixes and patterns. Each change carries the page line
//! the rule was read from on either side (the parameter's row when the rule is absent there).

use super::change::{Change, Kind};
use crate::ir::{Constraints, Param, Type};

/// Rule changes between `old` and `new` (the same parameter on both pages) at `path`.
pub fn compare(path: &str, old: &Param, new: &Param, out: &mut Vec<Change>) {
    let (a, b) = (&old.constraints, &new.constraints);
    let line =
        |p: &Param, rule: &str| Some(p.constraints.origin.get(rule).map_or(p.line, |o| o.line));
    let at =
        |kind: Kind, rule: &str| Change::new(kind, path).lines(line(old, rule), line(new, rule));

    if let Some(kind) = range_change(&a.ranges, &b.ranges) {
        out.push(
            at(kind, "ranges").values(Some(show_ranges(&a.ranges)), Some(show_ranges(&b.ranges))),
        );
    }

    enum_values(path, old, new, out);

    let bound = |rule: &'static str,
                 lower: bool,
                 x: Option<u32>,
                 y: Option<u32>,
                 narrow: Kind,
                 widen: Kind| {
        let kind = match (x, y) {
            (None, None) => return None,
            (None, Some(_)) => narrow,
            (Some(_), None) => widen,
            (Some(x), Some(y)) if x == y => return None,
            (Some(x), Some(y)) => {
                if (y > x) == lower {
                    narrow
                } else {
                    widen
                }
            }
        };
        let show = |v: Option<u32>| v.map(|v| format!("{rule} {v}"));
        Some(at(kind, rule).values(show(x), show(y)))
    };
    let (ln, lw) = (Kind::LengthNarrowed, Kind::LengthWidened);
    let (inr, iw) = (Kind::ItemsNarrowed, Kind::ItemsWidened);
    out.extend(bound("min_len", true, a.min_len, b.min_len, ln, lw));
    out.extend(bound("max_len", false, a.max_len, b.max_len, ln, lw));
    out.extend(bound("min_items", true, a.min_items, b.min_items, inr, iw));
    out.extend(bound("max_items", false, a.max_items, b.max_items, inr, iw));

    for p in &b.not_prefix {
        if !a.not_prefix.contains(p) {
            out.push(at(Kind::PrefixNarrowed, "not_prefix").values(None, Some(p.clone())));
        }
    }
    for p in &a.not_prefix {
        if !b.not_prefix.contains(p) {
            out.push(at(Kind::PrefixWidened, "not_prefix").values(Some(p.clone()), None));
        }
    }

    let kind = match (&a.pattern, &b.pattern) {
        (None, Some(_)) => Some(Kind::PatternAdded),
        (Some(_), None) => Some(Kind::PatternRemoved),
        (Some(x), Some(y)) if x != y => Some(Kind::PatternChanged),
        _ => None,
    };
    if let Some(kind) = kind {
        out.push(at(kind, "pattern").values(a.pattern.clone(), b.pattern.clone()));
    }
}

/// A string parameter with a closed set is generated as a Rust enum (`crate::emit::request`).
fn is_rust_enum(p: &Param) -> bool {
    p.ty == Type::String && !p.constraints.enum_values.is_empty()
}

fn enum_values(path: &str, old: &Param, new: &Param, out: &mut Vec<Change>) {
    let (a, b) = (&old.constraints, &new.constraints);
    let line = |p: &Param| Some(p.constraints.origin.get("enum").map_or(p.line, |o| o.line));
    let lines = (line(old), line(new));
    let values = |c: &Constraints| {
        c.enum_values
            .iter()
            .map(|v| v.value.clone())
            .collect::<Vec<_>>()
    };
    match (a.enum_values.is_empty(), b.enum_values.is_empty()) {
        (true, true) => {}
        (true, false) => {
            let kind = if is_rust_enum(new) {
                Kind::EnumTypeIntroduced
            } else {
                Kind::EnumIntroduced
            };
            out.push(
                Change::new(kind, path)
                    .values(None, Some(values(b).join(", ")))
                    .lines(lines.0, lines.1),
            );
        }
        (false, true) => {
            let kind = if is_rust_enum(old) {
                Kind::EnumTypeDropped
            } else {
                Kind::EnumDropped
            };
            out.push(
                Change::new(kind, path)
                    .values(Some(values(a).join(", ")), None)
                    .lines(lines.0, lines.1),
            );
        }
        (false, false) => {
            let rust = is_rust_enum(old) && is_rust_enum(new);
            let (added, removed) = if rust {
                (Kind::EnumVariantAdded, Kind::EnumVariantRemoved)
            } else {
                (Kind::EnumValueAdded, Kind::EnumValueRemoved)
            };
            let (va, vb) = (values(a), values(b));
            for v in vb.iter().filter(|v| !va.contains(v)) {
                out.push(
                    Change::new(added, path)
                        .values(None, Some(v.clone()))
                        .lines(lines.0, lines.1),
                );
            }
            for v in va.iter().filter(|v| !vb.contains(v)) {
                out.push(
                    Change::new(removed, path)
                        .values(Some(v.clone()), None)
                        .lines(lines.0, lines.1),
                );
            }
        }
    }
}

/// Sorted, merged inclusive intervals (adjacent ones joined: `[1,3],[4,5]` is `[1,5]`).
fn normalise(r: &[[i64; 2]]) -> Vec<[i64; 2]> {
    let mut v: Vec<[i64; 2]> = r.iter().map(|&[a, b]| [a.min(b), a.max(b)]).collect();
    v.sort_unstable();
    let mut out: Vec<[i64; 2]> = Vec::with_capacity(v.len());
    for [a, b] in v {
        match out.last_mut() {
            Some(last) if a <= last[1].saturating_add(1) => last[1] = last[1].max(b),
            _ => out.push([a, b]),
        }
    }
    out
}

/// Whether every integer in `a` is in `b` (both normalised; empty means "any value").
fn subset(a: &[[i64; 2]], b: &[[i64; 2]]) -> bool {
    if b.is_empty() {
        return true;
    }
    if a.is_empty() {
        return false;
    }
    a.iter()
        .all(|&[x, y]| b.iter().any(|&[p, q]| p <= x && y <= q))
}

/// How the set of valid values moved, if it did.
pub fn range_change(old: &[[i64; 2]], new: &[[i64; 2]]) -> Option<Kind> {
    let (a, b) = (normalise(old), normalise(new));
    if a == b {
        return None;
    }
    Some(match (subset(&a, &b), subset(&b, &a)) {
        (true, _) => Kind::RangeWidened,
        (_, true) => Kind::RangeNarrowed,
        _ => Kind::RangeChanged,
    })
}

/// `-1 | 1..=65535`, or `any` for no range.
pub fn show_ranges(r: &[[i64; 2]]) -> String {
    if r.is_empty() {
        return "any".into();
    }
    normalise(r)
        .iter()
        .map(|&[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}..={b}")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compare_as_sets_of_integers() {
        let seed = [[-1, -1], [1, 65536]];
        assert_eq!(
            range_change(&seed, &[[-1, -1], [1, 65535]]),
            Some(Kind::RangeNarrowed)
        );
        assert_eq!(range_change(&[[1, 5]], &[[1, 3], [4, 5]]), None);
        assert_eq!(range_change(&[[1, 5]], &[[0, 7]]), Some(Kind::RangeWidened));
        assert_eq!(range_change(&[[1, 5]], &[[2, 7]]), Some(Kind::RangeChanged));
        assert_eq!(range_change(&[], &[[2, 7]]), Some(Kind::RangeNarrowed));
        assert_eq!(range_change(&[[2, 7]], &[]), Some(Kind::RangeWidened));
        assert_eq!(show_ranges(&seed), "-1 | 1..=65536");
    }
}
