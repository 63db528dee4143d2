//! The readable report (the default output of `ecs-codegen diff`): one block per action that
//! changed, one line per change with both page lines, then what could not be paired and the
//! totals.

use super::{Change, PageDiff, Report, Status, Summary};
use std::io::{self, Write};

fn lang(p: &PageDiff) -> String {
    p.language
        .map(|l| format!(" ({})", format!("{l:?}").to_lowercase()))
        .unwrap_or_default()
}

fn line(n: Option<u32>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// `old -> new`, `+ new`, `- old`.
pub fn values(c: &Change) -> String {
    match (&c.old, &c.new) {
        (Some(a), Some(b)) => format!("{a} -> {b}"),
        (None, Some(b)) => format!("+ {b}"),
        (Some(a), None) => format!("- {a}"),
        (None, None) => String::new(),
    }
}

pub fn change_line(out: &mut dyn Write, c: &Change) -> io::Result<()> {
    writeln!(
        out,
        "  {:<9} {:<22} {}{}{}  [semver {}, wire {}] lines {} -> {}",
        c.class.as_str(),
        c.kind.as_str(),
        c.path,
        if values(c).is_empty() { "" } else { ": " },
        values(c),
        c.semver.as_str(),
        c.wire.as_str(),
        line(c.old_line),
        line(c.new_line),
    )
}

pub fn page(out: &mut dyn Write, p: &PageDiff) -> io::Result<()> {
    let s = Summary::of(&Report {
        pages: vec![p.clone()],
        ..Report::default()
    });
    let counts: Vec<String> = s.class.iter().map(|(k, n)| format!("{n} {k}")).collect();
    write!(out, "{}{}: {}", p.action, lang(p), p.status.as_str())?;
    if !p.changes.is_empty() {
        write!(out, ", {} changes ({})", p.changes.len(), counts.join(", "))?;
    }
    writeln!(out)?;
    if let Some(f) = &p.old_file {
        writeln!(out, "  old {f}")?;
    }
    if let Some(f) = &p.new_file {
        writeln!(out, "  new {f}")?;
    }
    if p.read_errors != [0, 0] {
        writeln!(
            out,
            "  note: the reader reported {} and {} errors on these pages; changes near them may be reading artefacts",
            p.read_errors[0], p.read_errors[1]
        )?;
    }
    for c in &p.changes {
        change_line(out, c)?;
    }
    if !p.notes.is_empty() {
        let label = if p.status == Status::Cosmetic {
            "moved"
        } else {
            "also"
        };
        writeln!(out, "  {label}: {}", p.notes.join("; "))?;
    }
    Ok(())
}

/// The whole report. Unchanged pairs are counted, not listed.
pub fn report(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    if r.translation {
        writeln!(
            out,
            "translation drift: pages paired by action across languages"
        )?;
    }
    for p in r.pages.iter().filter(|p| p.status != Status::Unchanged) {
        page(out, p)?;
    }
    let same: Vec<&str> = r
        .pages
        .iter()
        .filter(|p| p.status == Status::Unchanged)
        .map(|p| p.action.as_str())
        .collect();
    if !same.is_empty() {
        writeln!(out, "unchanged ({}): {}", same.len(), same.join(", "))?;
    }
    for u in &r.unpaired {
        writeln!(out, "unpaired ({}) {}: {}", u.side, u.file, u.reason)?;
    }
    summary(out, &Summary::of(r))
}

pub fn summary(out: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let join = |m: &std::collections::BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "{} {}: {}; {} unpaired, {} non-action pages left out",
        s.pairs,
        if s.pairs == 1 { "pair" } else { "pairs" },
        join(&s.status),
        s.unpaired,
        s.skipped
    )?;
    if s.cosmetic_generation_switches > 0 {
        writeln!(
            out,
            "{} cosmetic pairs switched format generation with no model change",
            s.cosmetic_generation_switches
        )?;
    }
    if s.changes == 0 {
        return writeln!(out, "0 changes");
    }
    writeln!(out, "{} changes by class: {}", s.changes, join(&s.class))?;
    writeln!(out, "  semver: {}", join(&s.semver))?;
    writeln!(out, "  wire: {}", join(&s.wire))?;
    writeln!(out, "  kinds: {}", join(&s.kinds))
}
