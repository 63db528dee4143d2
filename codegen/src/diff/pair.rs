//! Pairing pages: two folders by action name and language (one page per action and language
//! on each side), or two pages named on the command line. Pages that are not action pages are
//! left out (counted); an action with more than one page on a side cannot be paired and is
//! reported with its files. When the two sides share no language, pages pair by action alone
//! and the report is translation drift.

use super::{diff_pages, PageDiff, Report, Status, Unpaired};
use crate::ir::{Language, Page, PageKind};
use std::collections::BTreeMap;

fn lang_key(l: Option<Language>) -> u8 {
    match l {
        None => 0,
        Some(Language::En) => 1,
        Some(Language::Zh) => 2,
    }
}

/// Groups the action pages of one side by key, sorted; returns the count left out.
fn group(pages: &[Page], by_language: bool) -> (BTreeMap<(String, u8), Vec<&Page>>, usize) {
    let mut out: BTreeMap<(String, u8), Vec<&Page>> = BTreeMap::new();
    let mut skipped = 0;
    for p in pages {
        match (&p.kind, &p.action) {
            (PageKind::Action, Some(a)) => {
                let l = if by_language { lang_key(p.language) } else { 0 };
                out.entry((a.clone(), l)).or_default().push(p);
            }
            _ => skipped += 1,
        }
    }
    (out, skipped)
}

/// Pairs two sets of pages (the two folders of `ecs-codegen diff OLD NEW`) and diffs each pair.
pub fn pair_pages(old: &[Page], new: &[Page]) -> Report {
    let langs = |v: &[Page]| {
        v.iter()
            .filter(|p| p.kind == PageKind::Action)
            .map(|p| lang_key(p.language))
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (lo, ln) = (langs(old), langs(new));
    let translation = !lo.is_empty() && !ln.is_empty() && lo.is_disjoint(&ln);
    let (a, sa) = group(old, !translation);
    let (b, sb) = group(new, !translation);
    let mut report = Report {
        translation,
        skipped: sa + sb,
        ..Report::default()
    };
    let mut keys: Vec<&(String, u8)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (x, y) = (a.get(key), b.get(key));
        let mut ambiguous = false;
        for (side, pages) in [("old", x), ("new", y)] {
            if let Some(v) = pages.filter(|v| v.len() > 1) {
                ambiguous = true;
                let files: Vec<&str> = v.iter().map(|p| p.file.as_str()).collect();
                for p in v {
                    report.unpaired.push(Unpaired {
                        file: p.file.clone(),
                        side,
                        reason: format!(
                            "{} pages for action {} on the {side} side: {}",
                            v.len(),
                            key.0,
                            files.join(", ")
                        ),
                    });
                }
            }
        }
        if ambiguous {
            continue;
        }
        match (x.map(|v| v[0]), y.map(|v| v[0])) {
            (Some(o), Some(n)) => report.pages.push(diff_pages(o, n)),
            (Some(o), None) => report.pages.push(alone(o, Status::Removed)),
            (None, Some(n)) => report.pages.push(alone(n, Status::Added)),
            (None, None) => {}
        }
    }
    report
}

/// An action on one side only.
fn alone(p: &Page, status: Status) -> PageDiff {
    use super::change::{Change, Kind};
    let action = p.action.clone().unwrap_or_default();
    let (kind, old, new) = if status == Status::Added {
        (Kind::ActionAdded, None, Some(p.file.clone()))
    } else {
        (Kind::ActionRemoved, Some(p.file.clone()), None)
    };
    let line = Some(1);
    let change =
        Change::new(kind, action.clone()).lines(old.as_ref().and(line), new.as_ref().and(line));
    PageDiff {
        action,
        language: p.language,
        old_file: old,
        new_file: new,
        status,
        changes: vec![change],
        notes: Vec::new(),
        read_errors: [0, p.errors_count()],
    }
}

/// Diffs two pages named on the command line: paired whatever their action names (a note
/// says so when they differ); a page that is not an action page is reported unpaired.
pub fn pair_two(old: &Page, new: &Page) -> Report {
    let mut report = Report {
        translation: old.language.is_some()
            && new.language.is_some()
            && old.language != new.language,
        ..Report::default()
    };
    for (side, p) in [("old", old), ("new", new)] {
        if p.kind != PageKind::Action {
            report.unpaired.push(Unpaired {
                file: p.file.clone(),
                side,
                reason: format!(
                    "not an action page ({}{})",
                    p.kind.as_str(),
                    p.skip_reason
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                ),
            });
        }
    }
    if report.unpaired.is_empty() {
        let mut d = diff_pages(old, new);
        if old.action != new.action {
            d.notes.insert(
                0,
                format!(
                    "paired by the command line: {} vs {}",
                    old.action.as_deref().unwrap_or("-"),
                    new.action.as_deref().unwrap_or("-")
                ),
            );
        }
        report.pages.push(d);
    }
    report
}
