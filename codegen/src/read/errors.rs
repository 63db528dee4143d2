//! Error tables -> a list of documented errors, each with a unique, deterministic variant name.
//! A code can repeat with other messages (ParameterInvalid ×7 in ModifyAutoSnapshotPolicyEx), so
//! rows are kept as a list and repeated codes are told apart by the words of their messages.

use crate::ir::{Diagnostic, ErrorRow};
use crate::names::camel;
use crate::table::{Col, Columns, Table};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub fn read(tables: &[&Table], diags: &mut Vec<Diagnostic>) -> Vec<ErrorRow> {
    let mut rows = Vec::new();
    for t in tables {
        let cols = Columns::of(t);
        if cols.find(Col::Code).is_none() {
            diags.push(Diagnostic::error(
                t.line,
                "table-unread",
                format!(
                    "error table header `{}` has no error-code column",
                    t.header.join("|")
                ),
            ));
            continue;
        }
        for r in &t.rows {
            let code = cols.text(r, Col::Code).trim_matches('`').to_string();
            if code.is_empty() {
                diags.push(Diagnostic::warning(
                    r.line,
                    "error-row",
                    "error row without a code is skipped",
                ));
                continue;
            }
            let status_text = cols.text(r, Col::HttpStatus);
            let http_status = match status_text.parse::<u16>() {
                Ok(s) if (100..600).contains(&s) => Some(s),
                _ if status_text.is_empty() => None,
                _ => {
                    diags.push(Diagnostic::warning(
                        r.line,
                        "error-status",
                        format!("HTTP status `{status_text}` of `{code}` is not a status code; left unset"),
                    ));
                    None
                }
            };
            let message = cols.text(r, Col::Message).to_string();
            let description = cols.text(r, Col::Description).replace('\n', " ");
            let retryable = says_retry(http_status, &message, &description);
            rows.push(ErrorRow {
                http_status,
                code,
                message,
                description,
                variant: String::new(),
                retryable,
                line: r.line,
            });
        }
    }
    name_variants(&mut rows);
    rows
}

/// Phrases by which an error row says that the same call may succeed later (measured on the
/// ECS pages: InternalError, Throttling, LastTokenProcessing, IdempotentProcessing,
/// Operation.Conflict, InstanceNotReady... say so; "recharge and try again" does not count).
const RETRY_PHRASES: &[&str] = &[
    "try again later",
    "retry later",
    "try later",
    "later and try",
    "稍后重试",
    "稍后再试",
    "请重试",
];

/// Whether a row says a retry may succeed: a 5xx status, or one of [`RETRY_PHRASES`].
fn says_retry(http_status: Option<u16>, message: &str, description: &str) -> bool {
    if http_status.is_some_and(|s| s >= 500) {
        return true;
    }
    let text = format!("{message} {description}").to_lowercase();
    RETRY_PHRASES.iter().any(|p| text.contains(p))
}

/// `ParameterInvalid` alone stays `ParameterInvalid`; repeated, each becomes the code plus
/// the words that set its message apart (`ParameterInvalidRegionId`). Whatever still collides
/// gets a number, in page order.
pub fn name_variants(rows: &mut [ErrorRow]) {
    // Rows grouped by code: indices sorted by code, page order within a code.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| rows[a].code.cmp(&rows[b].code));
    let mut names: Vec<String> = rows.iter().map(|r| camel(&r.code)).collect();
    for idxs in order.chunk_by(|&a, &b| rows[a].code == rows[b].code) {
        if idxs.len() < 2 {
            continue;
        }
        let words: Vec<Vec<&str>> = idxs
            .iter()
            .map(|&i| message_words(&rows[i].message))
            .collect();
        let common: HashSet<&str> = words
            .first()
            .map(|w| {
                w.iter()
                    .copied()
                    .filter(|x| words.iter().all(|o| o.contains(x)))
                    .collect()
            })
            .unwrap_or_default();
        for (k, &i) in idxs.iter().enumerate() {
            let distinct: Vec<&str> = words[k]
                .iter()
                .copied()
                .filter(|w| !common.contains(w))
                .take(3)
                .collect();
            let suffix: String = distinct.iter().map(|w| camel(w)).collect();
            names[i].push_str(&suffix);
        }
    }
    // Usually every name is already distinct and the numbering below changes nothing.
    let distinct: HashSet<&str> = names.iter().map(String::as_str).collect();
    if distinct.len() == names.len() {
        for (r, name) in rows.iter_mut().zip(names) {
            r.variant = name;
        }
        return;
    }
    let mut seen: HashMap<String, usize> = HashMap::default();
    for (r, name) in rows.iter_mut().zip(names) {
        let n = seen.entry(name.clone()).or_insert(0);
        *n += 1;
        r.variant = if *n == 1 { name } else { format!("{name}{n}") };
    }
    // A numbered name can collide with a documented one (`Foo2`); settle it deterministically.
    let mut taken = HashSet::default();
    for r in rows.iter_mut() {
        while !taken.insert(r.variant.clone()) {
            r.variant.push('_');
        }
    }
}

/// The longest stop word (`specified`).
const STOP_MAX: usize = 9;

const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "is",
    "are",
    "be",
    "of",
    "to",
    "for",
    "and",
    "or",
    "in",
    "on",
    "not",
    "has",
    "have",
    "been",
    "this",
    "that",
    "with",
    "by",
    "specified",
    "parameter",
    "s",
];

/// Words of a message that can name a variant (ASCII letters and digits, stop words out).
/// A word repeated in another case counts once (its first spelling).
fn message_words(msg: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    for w in msg.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.is_empty()
            || (w.len() <= STOP_MAX && STOP.iter().any(|s| s.eq_ignore_ascii_case(w)))
            || words.iter().any(|p| p.eq_ignore_ascii_case(w))
        {
            continue;
        }
        words.push(w);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, msg: &str) -> ErrorRow {
        ErrorRow {
            http_status: Some(403),
            code: code.into(),
            message: msg.into(),
            description: String::new(),
            variant: String::new(),
            retryable: false,
            line: 1,
        }
    }

    #[test]
    fn rows_that_say_to_retry() {
        assert!(says_retry(
            Some(500),
            "The request processing has failed.",
            ""
        ));
        assert!(says_retry(
            Some(403),
            "The previous idempotent request(s) is still processing.",
            "Please try again later."
        ));
        assert!(says_retry(
            Some(403),
            "x",
            "上一个订单还在处理中，请稍后重试。"
        ));
        assert!(says_retry(
            Some(400),
            "Request was denied due to request throttling, please retry later.",
            ""
        ));
        assert!(!says_retry(
            Some(403),
            "Your account does not have enough balance.",
            "Please recharge and try again."
        ));
        assert!(!says_retry(None, "The specified RegionId is invalid.", ""));
    }

    #[test]
    fn repeated_codes_get_message_words() {
        let mut rows = vec![
            row(
                "ParameterInvalid",
                "The specified RegionId parameter is invalid.",
            ),
            row(
                "ParameterInvalid",
                "The specified TimePoints parameter is invalid.",
            ),
            row("QuotaExceed", "Too many."),
        ];
        name_variants(&mut rows);
        let v: Vec<_> = rows.iter().map(|r| r.variant.as_str()).collect();
        assert_eq!(
            v,
            [
                "ParameterInvalidRegionId",
                "ParameterInvalidTimePoints",
                "QuotaExceed"
            ]
        );
    }

    #[test]
    fn stop_words_fit_the_length_guard() {
        assert_eq!(STOP.iter().map(|w| w.len()).max(), Some(STOP_MAX));
    }

    #[test]
    fn exact_duplicates_and_placeholders_are_numbered() {
        let mut rows = vec![row("X", "%s"), row("X", "%s"), row("X2", "")];
        name_variants(&mut rows);
        let v: Vec<_> = rows.iter().map(|r| r.variant.as_str()).collect();
        assert_eq!(v, ["X", "X2", "X2_"]);
    }
}
