//! Changes of the error table. The generated error enum has one variant per error **code**
//! (`crate::error_codes`: rows sharing a code are one variant, a common code is its common
//! variant), so a variant changes only when a code comes or goes; a row's message, status or
//! its siblings under the same code are changes of rows.
//!
//! Rows are paired by code and message first, then the rows left of one code in page order,
//! then rows whose message stayed under another code. A pair may differ in code (the same
//! failure, another variant), HTTP status or message. A row left over is
//! `error-added`/`error-removed` when its variant comes or goes with it (once per variant),
//! else `error-row-added`/`error-row-removed` (another row of a variant that stays).

use super::change::{Change, Kind};
use crate::error_codes::{common_variant, variant_name};
use crate::ir::ErrorRow;
use rustc_hash::FxHashSet as HashSet;

/// The documented variants of a table: the variant names of its codes that are not common.
fn variants(rows: &[ErrorRow]) -> HashSet<String> {
    rows.iter()
        .filter(|r| common_variant(&r.code).is_none())
        .map(|r| variant_name(&r.code))
        .collect()
}

pub fn compare(old: &[ErrorRow], new: &[ErrorRow], out: &mut Vec<Change>) {
    let mut taken = vec![false; new.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut left: Vec<usize> = Vec::new();
    for (i, a) in old.iter().enumerate() {
        match (0..new.len()).find(|&j| {
            !taken[j] && new[j].code == a.code && same_message(&new[j].message, &a.message)
        }) {
            Some(j) => {
                taken[j] = true;
                pairs.push((i, j));
            }
            None => left.push(i),
        }
    }
    // Then by code alone, then by an unchanged (non-empty) message under another code.
    let rules: [fn(&ErrorRow, &ErrorRow) -> bool; 2] = [
        |a, b| a.code == b.code,
        |a, b| !a.message.trim().is_empty() && same_message(&a.message, &b.message),
    ];
    for rule in rules {
        left.retain(|&i| {
            let hit = (0..new.len()).find(|&j| !taken[j] && rule(&old[i], &new[j]));
            if let Some(j) = hit {
                taken[j] = true;
                pairs.push((i, j));
            }
            hit.is_none()
        });
    }
    pairs.sort_unstable();
    let status = |r: &ErrorRow| {
        r.http_status
            .map_or_else(|| "-".to_string(), |s| s.to_string())
    };
    let (old_variants, new_variants) = (variants(old), variants(new));
    // Variants whose coming or going a code change already reports.
    let mut reported: HashSet<String> = HashSet::default();
    for &(i, j) in &pairs {
        let (a, b) = (&old[i], &new[j]);
        let at = |kind: Kind| Change::new(kind, b.code.clone()).lines(Some(a.line), Some(b.line));
        if a.code != b.code {
            out.push(at(Kind::ErrorCodeChanged).values(Some(a.code.clone()), Some(b.code.clone())));
            reported.insert(variant_name(&a.code));
            reported.insert(variant_name(&b.code));
        }
        if a.http_status != b.http_status {
            out.push(at(Kind::ErrorStatusChanged).values(Some(status(a)), Some(status(b))));
        }
        if !same_message(&a.message, &b.message) {
            out.push(
                at(Kind::ErrorMessageChanged)
                    .values(Some(a.message.clone()), Some(b.message.clone())),
            );
        }
    }
    let row = |r: &ErrorRow| format!("{} {}: {}", status(r), r.code, r.message);
    for i in left {
        let a = &old[i];
        let variant = variant_name(&a.code);
        let kind = if common_variant(&a.code).is_some() || new_variants.contains(&variant) {
            Kind::ErrorRowRemoved
        } else if reported.insert(variant) {
            Kind::ErrorRemoved
        } else {
            continue;
        };
        out.push(
            Change::new(kind, a.code.clone())
                .values(Some(row(a)), None)
                .lines(Some(a.line), None),
        );
    }
    for (_, b) in new.iter().enumerate().filter(|(j, _)| !taken[*j]) {
        let variant = variant_name(&b.code);
        let kind = if common_variant(&b.code).is_some() || old_variants.contains(&variant) {
            Kind::ErrorRowAdded
        } else if reported.insert(variant) {
            Kind::ErrorAdded
        } else {
            continue;
        };
        out.push(
            Change::new(kind, b.code.clone())
                .values(None, Some(row(b)))
                .lines(None, Some(b.line)),
        );
    }
}

/// Two documented messages that differ only in how the page typeset them: quotes (`"`, `“”`,
/// `'`, `’`, backticks), spacing and a final full stop.
pub fn same_message(a: &str, b: &str) -> bool {
    fn words(s: &str) -> impl Iterator<Item = char> + '_ {
        s.trim()
            .trim_end_matches(['.', '。'])
            .split_whitespace()
            .flat_map(|w| w.chars().chain([' ']))
            .filter(|c| !matches!(c, '"' | '\'' | '`' | '“' | '”' | '‘' | '’'))
    }
    a == b || words(a).eq(words(b))
}
