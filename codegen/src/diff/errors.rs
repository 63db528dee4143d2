//! Changes of the error table. A code can repeat with other messages, so rows are paired by
//! code and message first, then the rows left of one code in page order, then rows whose
//! message stayed under another code; the rest are added or removed. A pair may differ in
//! code, HTTP status, message or generated variant name (reported when the code stayed: the
//! variant is named from the code).

use super::change::{Change, Kind};
use crate::ir::ErrorRow;

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
    for (i, j) in pairs {
        let (a, b) = (&old[i], &new[j]);
        let at = |kind: Kind| Change::new(kind, b.code.clone()).lines(Some(a.line), Some(b.line));
        if a.code != b.code {
            out.push(at(Kind::ErrorCodeChanged).values(Some(a.code.clone()), Some(b.code.clone())));
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
        if a.variant != b.variant && a.code == b.code {
            out.push(
                at(Kind::ErrorVariantRenamed)
                    .values(Some(a.variant.clone()), Some(b.variant.clone())),
            );
        }
    }
    let row = |r: &ErrorRow| format!("{} {}: {}", status(r), r.code, r.message);
    for i in left {
        let a = &old[i];
        out.push(
            Change::new(Kind::ErrorRemoved, a.code.clone())
                .values(Some(row(a)), None)
                .lines(Some(a.line), None),
        );
    }
    for (_, b) in new.iter().enumerate().filter(|(j, _)| !taken[*j]) {
        out.push(
            Change::new(Kind::ErrorAdded, b.code.clone())
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
