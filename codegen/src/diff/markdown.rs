//! `--format markdown`: a report for a changelog or a pull-request comment, grouped by action
//! and class, with both page lines per change.

use super::text::values;
use super::{Class, Report, Status, Summary};
use std::fmt::Write;

fn code(s: &str) -> String {
    let s = s.replace('|', "\\|").replace('\n', " ");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

pub fn report(r: &Report) -> String {
    let mut out = String::new();
    let s = Summary::of(r);
    let title = if r.translation {
        "Translation drift"
    } else {
        "API reference changes"
    };
    let _ = writeln!(out, "## {title}\n");
    let _ = writeln!(
        out,
        "{} changes in {} of {} actions: {} breaking, {} additive, {} without API or wire \
         effect. {} cosmetic only, {} unchanged.\n",
        s.changes,
        r.pages.iter().filter(|p| !p.changes.is_empty()).count(),
        r.pages.len(),
        s.class.get("breaking").unwrap_or(&0),
        s.class.get("additive").unwrap_or(&0),
        s.class.get("none").unwrap_or(&0),
        s.count(Status::Cosmetic),
        s.count(Status::Unchanged),
    );
    for p in r.pages.iter().filter(|p| !p.changes.is_empty()) {
        let _ = writeln!(out, "### {} ({})\n", p.action, p.status.as_str());
        let files = [("old", &p.old_file), ("new", &p.new_file)];
        for (side, f) in files {
            if let Some(f) = f {
                let _ = writeln!(out, "- {side}: {}", code(f));
            }
        }
        let _ = writeln!(out);
        for (class, title) in [
            (Class::Breaking, "Breaking"),
            (Class::Additive, "Additive"),
            (Class::None, "No API or wire effect"),
        ] {
            let rows: Vec<_> = p.changes.iter().filter(|c| c.class == class).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{title}**\n");
            let _ = writeln!(out, "| change | what | semver | wire | lines (old → new) |");
            let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
            for c in rows {
                let what = if values(c).is_empty() {
                    code(&c.path)
                } else {
                    format!("{}: {}", code(&c.path), code(&values(c)))
                };
                let l = |n: Option<u32>| n.map_or("–".to_string(), |n| n.to_string());
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} → {} |",
                    c.kind.as_str(),
                    what,
                    c.semver.as_str(),
                    c.wire.as_str(),
                    l(c.old_line),
                    l(c.new_line)
                );
            }
            let _ = writeln!(out);
        }
        if !p.notes.is_empty() {
            let _ = writeln!(out, "Also: {}.\n", p.notes.join("; "));
        }
    }
    let cosmetic: Vec<_> = r
        .pages
        .iter()
        .filter(|p| p.status == Status::Cosmetic)
        .collect();
    if !cosmetic.is_empty() {
        let _ = writeln!(out, "### Cosmetic only (no model change)\n");
        for p in cosmetic {
            let _ = writeln!(out, "- {}: {}", p.action, p.notes.join("; "));
        }
        let _ = writeln!(out);
    }
    if !r.unpaired.is_empty() {
        let _ = writeln!(out, "### Not paired\n");
        for u in &r.unpaired {
            let _ = writeln!(out, "- {} ({}): {}", code(&u.file), u.side, u.reason);
        }
        let _ = writeln!(out);
    }
    out
}

/// The totals alone (`--summary --format markdown`).
pub fn summary(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API reference changes: totals\n");
    let _ = writeln!(out, "| | count |\n| --- | --- |");
    let _ = writeln!(out, "| pairs | {} |", s.pairs);
    for (k, n) in &s.status {
        let _ = writeln!(out, "| {k} | {n} |");
    }
    let _ = writeln!(out, "| unpaired | {} |", s.unpaired);
    let _ = writeln!(out, "| changes | {} |", s.changes);
    for (k, n) in &s.class {
        let _ = writeln!(out, "| class {k} | {n} |");
    }
    for (k, n) in &s.wire {
        let _ = writeln!(out, "| wire {k} | {n} |");
    }
    out
}
