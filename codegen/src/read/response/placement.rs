//! Where a row goes when the markers allow several open blocks: the example, the known
//! placements (errata), the ASCII sibling order and the search over the rows that follow.

use super::*;

/// Decides which open level (index into `stack`) row `i` belongs to.
pub(super) fn choose_level(
    ctx: &mut Ctx,
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    uses_marks: bool,
) -> (usize, Via) {
    let r = &rows[i];
    let top = stack.len().saturating_sub(1);
    let (lo, hi, conflict) = match r.depth {
        // The indentation names the level.
        Some(d) if d <= top => (d, d, false),
        _ => allowed_range(
            uses_marks,
            r.marked,
            top,
            stack.last().is_some_and(|l| l.n == 0),
        ),
    };
    if conflict {
        ctx.diags.push(Diagnostic::warning(
            r.line,
            "response-empty-block",
            "a container has no documented fields before this top-level row",
        ));
    }
    if lo >= hi {
        return (hi, Via::Marker);
    }
    let in_ex = |l: usize| stack[l].ex.is_some_and(|o| o.find(&r.name).is_some());
    let sorted_ok = |l: usize| after(stack[l].last.as_deref(), &r.name);
    let e = (lo..=hi).rev().find(|&l| in_ex(l));
    let s: Vec<usize> = (lo..=hi).filter(|&l| sorted_ok(l)).collect();
    if let Some(e) = e {
        if s.contains(&e) {
            return (e, Via::Example);
        }
        // The example puts it in a shallower block but the sort order keeps it in a deeper
        // block the example does not show (DescribeDisks' `MountInstances`): trust the order.
        if let Some(&d) = s.iter().rev().find(|&&l| l > e && stack[l].ex.is_none()) {
            ctx.diags.push(Diagnostic::warning(
                r.line,
                "response-example-mismatch",
                format!(
                    "`{}` is placed in `{}`, a block the example lacks, although the example has \
                     the key in `{}`",
                    r.name, stack[d].name, stack[e].name
                ),
            ));
            return (d, Via::Sort);
        }
        return (e, Via::Example);
    }
    // The example is silent. A known placement (errata) settles it.
    // A field name can have a known home in several blocks (`Id` of each `Failed*Parameters`
    // of PutEventRuleTargets): the first one that is open now.
    let home = ctx
        .placements
        .iter()
        .filter(|p| p.field == r.name)
        .find_map(|p| {
            (lo..=hi).find(|&l| {
                if p.parent.is_empty() {
                    l == 0
                } else {
                    stack[l].name == p.parent || stack[l].elem == p.parent
                }
            })
        });
    if let Some(l) = home {
        return (l, Via::Marker);
    }
    // `A.B` when a row `A` sits in one of the open blocks: beside `A` (the dots then nest it).
    if let Some((base, _)) = r.name.split_once('.') {
        if let Some(l) = (lo..=hi)
            .rev()
            .find(|&l| stack[l].children.iter().any(|c| c == base))
        {
            return (l, Via::Sort);
        }
    }
    // Keep the rows up to the next one the example places consistent
    // with the markers and ASCII order; if only one parent allows that, it is the answer.
    let (feasible, bound) = match feasible_levels(rows, i, stack, uses_marks) {
        Some(v) if !v.is_empty() => (v, lo),
        _ => silent_candidates(rows, i, stack, lo, hi, &s),
    };
    let feasible = exclude_by_prefix(feasible, stack, &r.name);
    match feasible.as_slice() {
        [one] => (*one, Via::Sort),
        // Unsorted, but the next row the example places leaves one possible block.
        [] if bound >= hi => (hi, Via::Sort),
        [] if other_version_home(ctx, r, stack, &(lo..=hi).collect::<Vec<_>>()).is_some() => {
            let l = other_version_home(ctx, r, stack, &(lo..=hi).collect::<Vec<_>>()).unwrap_or(hi);
            (l, Via::Sort)
        }
        [] if evidence_home(ctx, r, stack, &(lo..=hi).collect::<Vec<_>>()).is_some() => {
            let all: Vec<usize> = (lo..=hi).collect();
            let (l, source) = evidence_home(ctx, r, stack, &all).unwrap_or((hi, String::new()));
            placed_by_evidence(ctx, r, stack, &all, l, &source);
            (l, Via::Sort)
        }
        [] => {
            // Unsorted siblings and nothing else to go by: stay in the innermost block.
            ctx.diags.push(Diagnostic::error(
                r.line,
                "response-nesting",
                format!(
                    "cannot decide the parent of `{}` (not in the example, siblings unsorted); \
                     kept in `{}`",
                    r.name, stack[hi].name
                ),
            ));
            (hi, Via::Undecided)
        }
        many if other_version_home(ctx, r, stack, many).is_some() => {
            let l = other_version_home(ctx, r, stack, many).unwrap_or(hi);
            ctx.diags.push(Diagnostic::warning(
                r.line,
                "response-placed-by-version",
                format!(
                    "`{}` could be in {}; placed in `{}`, where another version of the page has it",
                    r.name,
                    many.iter()
                        .map(|&l| stack[l].name.as_str())
                        .collect::<Vec<_>>()
                        .join(" or "),
                    stack[l].name
                ),
            ));
            (l, Via::Sort)
        }
        many if evidence_home(ctx, r, stack, many).is_some() => {
            let (l, source) = evidence_home(ctx, r, stack, many).unwrap_or((hi, String::new()));
            placed_by_evidence(ctx, r, stack, many, l, &source);
            (l, Via::Sort)
        }
        many => {
            // A block missing from the example explains the row's absence better than a block
            // the example shows without it; otherwise take the outermost (of the example-placed
            // rows that would be ambiguous this way, about two thirds close the inner block).
            let unknown: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&l| stack[l].ex.is_none())
                .collect();
            let l = match unknown.as_slice() {
                [one] => *one,
                _ => many.first().copied().unwrap_or(hi),
            };
            let names: Vec<&str> = many.iter().map(|&l| stack[l].name.as_str()).collect();
            ctx.diags.push(Diagnostic::error(
                r.line,
                "response-nesting",
                format!(
                    "cannot decide the parent of `{}` (not in the example; could be in {}); \
                     placed in `{}`",
                    r.name,
                    names.join(" or "),
                    stack[l].name
                ),
            ));
            (l, Via::Undecided)
        }
    }
}

/// The one candidate block that another version of the page puts the row in, if exactly one
/// candidate is such a block.
fn other_version_home(ctx: &Ctx, r: &PRow, stack: &[Level], cands: &[usize]) -> Option<usize> {
    unique_home(ctx.other_version, r, stack, cands)
}

/// The one candidate block that the first deciding page of [`Known::evidence`] puts the row
/// in, with that page's name.
fn evidence_home(ctx: &Ctx, r: &PRow, stack: &[Level], cands: &[usize]) -> Option<(usize, String)> {
    ctx.evidence
        .iter()
        .find_map(|e| unique_home(&e.homes, r, stack, cands).map(|home| (home, e.source.clone())))
}

/// The one candidate block among `cands` that `homes` ((field, parent) pairs of another page;
/// an empty parent is the top level) puts the row in, if exactly one is.
fn unique_home(
    homes: &[(String, String)],
    r: &PRow,
    stack: &[Level],
    cands: &[usize],
) -> Option<usize> {
    let mut found = cands.iter().copied().filter(|&l| {
        homes.iter().any(|(f, p)| {
            *f == r.name
                && if p.is_empty() {
                    l == 0
                } else {
                    l > 0 && (stack[l].name == *p || stack[l].elem == *p)
                }
        })
    });
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn placed_by_evidence(
    ctx: &mut Ctx,
    r: &PRow,
    stack: &[Level],
    cands: &[usize],
    l: usize,
    source: &str,
) {
    let block = |l: usize| {
        if l == 0 {
            "the top level".to_string()
        } else {
            format!("`{}`", stack[l].name)
        }
    };
    ctx.diags.push(Diagnostic::warning(
        r.line,
        "response-placed-by-evidence",
        format!(
            "`{}` is not in the example and could be in {}; placed in {}, where {source} has it",
            r.name,
            cands
                .iter()
                .map(|&l| block(l))
                .collect::<Vec<_>>()
                .join(" or "),
            block(l)
        ),
    ));
}

/// Drops inner candidate blocks whose fields all carry a prefix taken from the block's name
/// that this row lacks (`Tags{TagKey, TagValue}` does not take `ZoneId`;
/// `OperationLocks{LockReason}` does not take `Platform`). Keeps at least one candidate.
pub(super) fn exclude_by_prefix(cands: Vec<usize>, stack: &[Level], name: &str) -> Vec<usize> {
    if cands.len() < 2 {
        return cands;
    }
    let shallowest = cands.first().copied();
    let kept: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&l| {
            Some(l) == shallowest
                || !stack[l]
                    .prefixes()
                    .iter()
                    .any(|p| !name.starts_with(p.as_str()))
        })
        .collect();
    if kept.is_empty() {
        cands
    } else {
        kept
    }
}

impl Level<'_> {
    /// Name prefixes shared by every field of this block (from the block's element name and
    /// its CamelCase words, at least 3 characters, generic words left out).
    pub(super) fn prefixes(&self) -> Vec<String> {
        if self.children.is_empty() {
            return Vec::new();
        }
        let mut words: Vec<String> = camel_words(&self.elem);
        words.push(self.elem.clone());
        words
            .into_iter()
            .filter(|w| {
                w.len() >= 3
                    && !matches!(
                        w.as_str(),
                        "Set" | "Sets" | "Info" | "Item" | "Items" | "Type" | "Attribute" | "List"
                    )
            })
            .filter(|w| self.children.iter().all(|c| c.starts_with(w.as_str())))
            .collect()
    }
}

pub(super) fn camel_words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() && !cur.is_empty() && !cur.chars().all(|x| x.is_ascii_uppercase())
        {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `name` may follow `last` among sorted siblings (ASCII order).
pub(super) fn after(last: Option<&str>, name: &str) -> bool {
    last.is_none_or(|last| last.as_bytes() < name.as_bytes())
}

/// Levels a row may go to from markers alone: `(lo, hi, marker_overrode_block_rule)`. A block
/// just opened takes the next row; with G2 `└` marks, unmarked rows are top-level and marked
/// rows are nested.
pub(super) fn allowed_range(
    uses_marks: bool,
    marked: bool,
    top: usize,
    top_empty: bool,
) -> (usize, usize, bool) {
    let lo = if top > 0 && top_empty { top } else { 0 };
    let hi = top;
    if !uses_marks {
        return (lo, hi, false);
    }
    let (mlo, mhi) = if marked { (1.min(top), top) } else { (0, 0) };
    if mlo > hi || mhi < lo {
        (mlo, mhi, !marked && top > 0 && top_empty)
    } else {
        (lo.max(mlo), hi.min(mhi), false)
    }
}

#[derive(Clone)]
pub(super) struct SimLevel<'r> {
    /// Index in the real stack, for levels that were open when the search started.
    pub(super) orig: Option<usize>,
    pub(super) last: Option<&'r str>,
    pub(super) n: usize,
    pub(super) expects_wrapper: bool,
}

/// Exhaustive check of the silent rows from `i` up to the next row the example places in an
/// open block (the anchor): which levels for row `i` admit a placement of all those rows that
/// keeps every sibling group in ASCII order and leaves the anchor's block open with the anchor
/// sorting last. `None` if the search grew too large.
pub(super) fn feasible_levels(
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    uses_marks: bool,
) -> Option<Vec<usize>> {
    let mut anchor: Option<(usize, usize)> = None;
    for (k, next) in rows.iter().enumerate().skip(i + 1) {
        if is_wrapper_like(next) {
            continue;
        }
        if let Some(l) = (0..stack.len())
            .rev()
            .find(|&l| stack[l].ex.is_some_and(|o| o.find(&next.name).is_some()))
        {
            anchor = Some((k, l));
            break;
        }
    }
    let end = anchor.map_or(rows.len(), |(k, _)| k);
    let state: Vec<SimLevel> = stack
        .iter()
        .enumerate()
        .map(|(i, l)| SimLevel {
            orig: Some(i),
            last: l.last.as_deref(),
            n: l.n,
            expects_wrapper: l.expects_wrapper.is_some(),
        })
        .collect();
    let mut budget = 20_000usize;
    let mut out = Vec::new();
    let top = state.len().saturating_sub(1);
    let (lo, hi, _) = match rows[i].depth {
        Some(d) if d <= top => (d, d, false),
        _ => allowed_range(uses_marks, rows[i].marked, top, state[top].n == 0),
    };
    for l in lo..=hi {
        if !after(state[l].last, &rows[i].name) {
            continue;
        }
        let next = place(&state, l, &rows[i]);
        match dfs(rows, i + 1, end, anchor, next, uses_marks, &mut budget) {
            Some(true) => out.push(l),
            Some(false) => {}
            None => return None,
        }
    }
    Some(out)
}

pub(super) fn is_wrapper_like(r: &PRow) -> bool {
    r.rty == RTy::Empty && r.description.is_empty() && r.example.is_empty()
}

/// Rows that open a block (approximation used by the search).
pub(super) fn opens(r: &PRow) -> bool {
    match &r.rty {
        RTy::Struct | RTy::ArrayOf(_) | RTy::Array => true,
        RTy::Empty => r.example.is_empty(),
        _ => false,
    }
}

pub(super) fn place<'r>(state: &[SimLevel<'r>], l: usize, r: &'r PRow) -> Vec<SimLevel<'r>> {
    let mut s: Vec<SimLevel> = state.iter().take(l + 1).cloned().collect();
    if let Some(lv) = s.last_mut() {
        lv.last = Some(&r.name);
        lv.n += 1;
        lv.expects_wrapper = false;
    }
    if opens(r) {
        s.push(SimLevel {
            orig: None,
            last: None,
            n: 0,
            expects_wrapper: matches!(r.rty, RTy::ArrayOf(_) | RTy::Array),
        });
    }
    s
}

pub(super) fn dfs<'r>(
    rows: &'r [PRow],
    k: usize,
    end: usize,
    anchor: Option<(usize, usize)>,
    mut state: Vec<SimLevel<'r>>,
    uses_marks: bool,
    budget: &mut usize,
) -> Option<bool> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    if k >= end {
        return Some(match anchor {
            None => true,
            Some((z, j)) => state
                .get(j)
                .is_some_and(|lv| lv.orig == Some(j) && after(lv.last, &rows[z].name)),
        });
    }
    let r = &rows[k];
    if let Some(top) = state.last_mut() {
        if top.expects_wrapper {
            top.expects_wrapper = false;
            if is_wrapper_like(r) && top.n == 0 {
                return dfs(rows, k + 1, end, anchor, state, uses_marks, budget);
            }
        }
    }
    let top = state.len().saturating_sub(1);
    let (lo, hi, _) = allowed_range(uses_marks, r.marked, top, state[top].n == 0);
    for l in lo..=hi {
        if !after(state[l].last, &r.name) {
            continue;
        }
        let next = place(&state, l, r);
        match dfs(rows, k + 1, end, anchor, next, uses_marks, budget) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => return None,
        }
    }
    Some(false)
}

/// Fallback when the search finds no consistent reading (unsorted groups): levels where the row
/// keeps its siblings in ASCII order, bounded from below by the next row the example places
/// (blocks are contiguous) and, if that row sorts before this one, not at that row's level.
pub(super) fn silent_candidates(
    rows: &[PRow],
    i: usize,
    stack: &[Level],
    lo: usize,
    hi: usize,
    s: &[usize],
) -> (Vec<usize>, usize) {
    let r = &rows[i];
    let mut bound = lo;
    let mut not_at: Option<usize> = None;
    for next in rows.iter().skip(i + 1) {
        if is_wrapper_like(next) {
            continue;
        }
        if let Some(l) = (lo..=hi)
            .rev()
            .find(|&l| stack[l].ex.is_some_and(|o| o.find(&next.name).is_some()))
        {
            bound = l;
            if next.name.as_bytes() < r.name.as_bytes() {
                not_at = Some(l);
            }
            break;
        }
    }
    let mut cands: Vec<usize> = s.iter().copied().filter(|&l| l >= bound).collect();
    if let Some(j) = not_at {
        if cands.iter().any(|&l| l != j) {
            cands.retain(|&l| l != j);
        }
    }
    (cands, bound)
}
