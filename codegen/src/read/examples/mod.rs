//! The `## 示例` / `## Examples` section: request URLs, JSON and XML success responses, and
//! the classification of its fenced blocks (FORMAT.md §10).
//!
//! JSON is always parsed by `serde_json`; when a page's JSON is broken, a fixed sequence of
//! text repairs is tried (each one the identity on valid JSON and none of them adding or
//! removing lines, so serde_json's line numbers stay page lines). XML is parsed by `roxmltree`
//! and turned into the object tree the JSON example would have had.
//!
//! One concern per file: `request` (URLs), `json_repair` (the repair sequence and the
//! line-level repairs), `json_structure` (brackets), `xml`; this file classifies the blocks.

mod json_repair;
mod json_structure;
mod request;
#[cfg(test)]
mod tests;
mod xml;

use crate::ir::{Diagnostic, Examples, JsonExample, RequestExample};
use crate::page::Block;
use serde_json::{Map, Value};

pub use json_repair::*;
use json_structure::*;
pub use request::*;
pub use xml::*;

/// Reads the blocks of the Examples section: request URLs, JSON and XML success responses.
pub(super) fn read_section(blocks: &[&Block], diags: &mut Vec<Diagnostic>) -> Examples {
    let mut ex = Examples::default();
    let mut labels: Vec<&str> = Vec::new();
    for b in blocks {
        match b {
            Block::Para { text, .. } => labels.push(text),
            Block::Code { info, text, line } => {
                match classify(info, &labels, text) {
                    BlockKind::Request => match parse_request(text, *line) {
                        Some(r) => ex.requests.push(r),
                        None => diags.push(Diagnostic::warning(
                            *line,
                            "example-request",
                            "request example is not a URL with parameters",
                        )),
                    },
                    BlockKind::JsonSuccess => match parse_json(text, *line) {
                        Ok(j) => ex.json.push(j),
                        Err(d) => diags.push(d),
                    },
                    BlockKind::XmlSuccess => ex.xml.push(crate::ir::TextExample {
                        line: *line,
                        text: text.clone(),
                    }),
                    _ => {}
                }
                labels.clear();
            }
            _ => {}
        }
    }
    ex
}

// Request URLs

/// What a fenced block in an Examples section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Request,
    JsonSuccess,
    XmlSuccess,
    JsonError,
    XmlError,
    Unknown,
}

/// Classify a fenced block found in an Examples section from its info string (` ``` {#json_return_success_demo}`,
/// `json`, `xml`, empty), the label paragraphs seen since the previous block (`请求示例`,
/// `` `JSON` 格式 ``, `**异常返回示例**`, `Sample success responses`, …) and its text.
///
/// The text decides the format (a URL, `<`, or `{`/`"`); labels and the info string decide
/// only when the text is not recognisable. An example is an error example when a label says so
/// (`异常`, `error`) or its content is one (`<Error>` root, a `"HostId"` member) — the latter
/// matters because the `JSON` label after an `**异常返回示例**` XML block does not repeat it.
pub fn classify(info: &str, labels: &[&str], text: &str) -> BlockKind {
    #[derive(PartialEq)]
    enum Fmt {
        Json,
        Xml,
        None,
    }
    let info = info.trim().to_ascii_lowercase();
    let labels: Vec<String> = labels.iter().map(|l| normalise_label(l)).collect();
    let body = strip_http_header(text);
    let head = strip_numbering(body.trim_start());
    let head_lower: String = head
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();

    if head_lower.starts_with("http") && head.lines().next().is_some_and(|l| l.contains('?')) {
        return BlockKind::Request;
    }
    let mut fmt = if head.starts_with('<') || head.starts_with("&lt;") {
        Fmt::Xml
    } else if head.starts_with(['{', '[', '"', '\u{201c}']) {
        Fmt::Json
    } else {
        Fmt::None
    };
    if fmt == Fmt::None {
        if info.contains("request_demo") {
            return BlockKind::Request;
        }
        let says = |w: &str| info.contains(w) || labels.iter().any(|l| l.contains(w));
        if says("json") {
            fmt = Fmt::Json;
        } else if says("xml") {
            fmt = Fmt::Xml;
        } else if labels
            .iter()
            .any(|l| l.contains("请求") || l.contains("request"))
            && head.contains("Action=")
        {
            return BlockKind::Request;
        }
    }
    if fmt == Fmt::None || head.is_empty() {
        return BlockKind::Unknown;
    }
    let error_label = labels
        .iter()
        .any(|l| l.contains("异常") || l.contains("错误") || l.contains("error"));
    let error_content = match fmt {
        Fmt::Xml => {
            let h = head.trim_start_matches("&lt;").trim_start_matches('<');
            h.starts_with("Error>") || h.starts_with("Error ")
        }
        _ => head.contains("\"HostId\""),
    };
    let error = !info.contains("success") && (error_label || error_content);
    match (fmt, error) {
        (Fmt::Xml, false) => BlockKind::XmlSuccess,
        (Fmt::Xml, true) => BlockKind::XmlError,
        (_, false) => BlockKind::JsonSuccess,
        (_, true) => BlockKind::JsonError,
    }
}

fn normalise_label(l: &str) -> String {
    l.chars()
        .filter(|c| !matches!(c, '*' | '`' | '\u{a0}') && !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}
