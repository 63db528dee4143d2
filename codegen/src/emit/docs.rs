//! Rustdoc text for generated items: escaping page Markdown so rustdoc renders it without
//! broken intra-doc links, stray HTML or accidental doctests, and the standard trailers
//! (constraints, examples, source page and line).

use crate::ir::{Constraints, Param};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text` (nothing for empty text).
pub fn attrs(text: &str) -> TokenStream {
    let text = text.trim_end();
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// Page Markdown made safe for rustdoc: `[`/`]` escaped (no intra-doc links), `<`/`>` as
/// entities (no HTML tags), leading indentation removed (no indented code blocks), and fenced
/// blocks marked `text` (no doctests).
pub fn escape(md: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for raw in md.replace('\t', "    ").lines() {
        let line = raw.trim_start();
        if line.starts_with("```") || line.starts_with("~~~") {
            if in_fence {
                out.push_str("```\n");
            } else {
                out.push_str("```text\n");
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(raw);
        } else {
            out.push_str(&escape_inline(line));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out
}

/// Escapes one line of prose.
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_backslash = false;
    for c in s.chars() {
        match c {
            '[' | ']' if !prev_backslash => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        prev_backslash = c == '\\' && !prev_backslash;
    }
    out
}

/// A value shown as inline code (falls back to escaped text when it holds a backtick).
pub fn code(s: &str) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.contains('`') {
        escape_inline(&one_line)
    } else if one_line.is_empty() {
        "(empty)".to_string()
    } else {
        format!("`{one_line}`")
    }
}

/// How generated code names the page `path` it was read from (rustdoc `Source:` lines, the
/// `page` of validation messages): never an absolute path of the building machine, so the
/// generated code and its docs are the same wherever they are built. A relative `path` (as
/// written in `spec = ".."` or `dir = ".."`, relative to the crate's manifest folder) stays as
/// it is; an absolute one under `base` (the manifest folder) is made relative to it
/// (`specs/X.md`); any other absolute one is named from its spec root, the folder it was read
/// from (`en-US/X.md`).
pub fn shown_path(base: &std::path::Path, path: &str) -> String {
    use std::path::{Component, Path};
    let p = Path::new(path);
    if !p.is_absolute() && !path.starts_with(['/', '\\']) {
        return path.to_string();
    }
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    if let Ok(rel) = p.strip_prefix(base) {
        let rel = parts(rel);
        if !rel.is_empty() {
            return rel.join("/");
        }
    }
    let all = parts(p);
    all[all.len().saturating_sub(2)..].join("/")
}

/// Source trailer: "Source: `page` line N."
pub fn source(page: &str, line: u32) -> String {
    format!("Source: {} line {line}.", code(page))
}

/// The ranges as the page states them: a side the reader left open (`i64::MIN`, `i64::MAX`)
/// is not written out (`Maximum value: 100` is `at most 100`).
fn ranges_text(ranges: &[[i64; 2]]) -> String {
    ranges
        .iter()
        .map(|&[a, b]| match (a, b) {
            (i64::MIN, i64::MAX) => "any number".to_string(),
            (i64::MIN, b) => format!("at most `{b}`"),
            (a, i64::MAX) => format!("at least `{a}`"),
            (a, b) if a == b => format!("`{a}`"),
            (a, b) => format!("`{a}` to `{b}`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Bullet list of a parameter's rules, default and example.
pub fn constraint_lines(c: &Constraints, out: &mut Vec<String>) {
    if !c.ranges.is_empty() {
        out.push(format!("- Range: {}.", ranges_text(&c.ranges)));
    }
    if !c.enum_values.is_empty() {
        out.push("- Valid values:".to_string());
        for v in &c.enum_values {
            if v.doc.trim().is_empty() {
                out.push(format!("  - {}", code(&v.value)));
            } else {
                let doc = escape_inline(&v.doc.replace('\n', " "));
                out.push(format!("  - {}: {}", code(&v.value), doc.trim()));
            }
        }
    }
    match (c.min_len, c.max_len) {
        (Some(a), Some(b)) => out.push(format!("- Length: {a} to {b} characters.")),
        (Some(a), None) => out.push(format!("- Length: at least {a} characters.")),
        (None, Some(b)) => out.push(format!("- Length: at most {b} characters.")),
        (None, None) => {}
    }
    match (c.min_items, c.max_items) {
        (Some(a), Some(b)) => out.push(format!("- Items: {a} to {b}.")),
        (Some(a), None) => out.push(format!("- Items: at least {a}.")),
        (None, Some(b)) => out.push(format!("- Items: at most {b}.")),
        (None, None) => {}
    }
    if !c.not_prefix.is_empty() {
        let p: Vec<String> = c.not_prefix.iter().map(|p| code(p)).collect();
        out.push(format!("- Must not start with {}.", p.join(" or ")));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("- Pattern: {}.", code(p)));
    }
}

/// The full doc text of a request parameter.
pub fn param_doc(p: &Param, page: &str) -> String {
    let mut out = Vec::new();
    let desc = escape(&p.description);
    if !desc.trim().is_empty() {
        out.push(desc.trim_end().to_string());
        out.push(String::new());
    }
    let mut facts = Vec::new();
    facts.push(format!(
        "- Wire name: {}{}.",
        code(&p.name),
        if p.required { " (required)" } else { "" }
    ));
    let mut c = p.constraints.clone();
    if let Some(item) = &p.item {
        merge_item(&mut c, &item.constraints);
    }
    constraint_lines(&c, &mut facts);
    if let Some(d) = &p.default {
        facts.push(format!("- Default: {}.", code(d)));
    }
    if let Some(e) = &p.example {
        facts.push(format!("- Example: {}.", code(e)));
    }
    if p.deprecated {
        facts.push("- Deprecated by the documentation.".to_string());
    }
    out.extend(facts);
    out.push(String::new());
    out.push(source(page, p.line));
    out.join("\n")
}

/// Rules of a list item shown with the list.
pub fn merge_item(c: &mut Constraints, item: &Constraints) {
    if c.ranges.is_empty() {
        c.ranges = item.ranges.clone();
    }
    if c.enum_values.is_empty() {
        c.enum_values = item.enum_values.clone();
    }
    c.min_len = c.min_len.or(item.min_len);
    c.max_len = c.max_len.or(item.max_len);
    if c.not_prefix.is_empty() {
        c.not_prefix = item.not_prefix.clone();
    }
    if c.pattern.is_none() {
        c.pattern = item.pattern.clone();
    }
    for (k, v) in &item.origin {
        c.origin.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(escape_inline("\\[\"a\"] <x>"), "\\[\"a\"\\] &lt;x&gt;");
        assert_eq!(
            escape("    indented\n```\nlet [a] = 1;\n```"),
            "indented\n```text\nlet [a] = 1;\n```\n"
        );
    }

    #[test]
    fn shown_paths_are_never_absolute() {
        let base = std::path::Path::new("/home/alice/ecs/generated-client");
        // As written: relative to the manifest folder.
        assert_eq!(shown_path(base, "../specs/X.md"), "../specs/X.md");
        assert_eq!(shown_path(base, "pages/X.md"), "pages/X.md");
        // Absolute under the manifest folder: relative to it.
        assert_eq!(
            shown_path(base, "/home/alice/ecs/generated-client/specs/X.md"),
            "specs/X.md"
        );
        // Absolute elsewhere: the spec root's name and the file.
        assert_eq!(
            shown_path(base, "/home/alice/ecs/../corpus/ecs/en-US/RunInstances.md"),
            "en-US/RunInstances.md"
        );
        assert_eq!(shown_path(base, "/X.md"), "X.md");
        for p in ["/a/b/c.md", "/home/alice/ecs/generated-client/x.md"] {
            assert!(!shown_path(base, p).starts_with('/'), "{p}");
        }
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b[1]"), "a`b\\[1\\]");
    }
}
