//! Error tables -> a list of documented errors, each with the variant of its code. A code can
//! repeat with other messages (ParameterInvalid ×7 in ModifyAutoSnapshotPolicyEx): rows are kept
//! as a list, and the rows of one code are one variant whose runtime meta names the row that
//! matched.

use crate::ir::{Diagnostic, ErrorRow};
use crate::table::{Col, Columns, Table};

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

/// Each row's variant: the one of its code ([`crate::error_codes::variant_name`]), so rows
/// that share a code share a variant and the same code is the same variant on every page.
pub fn name_variants(rows: &mut [ErrorRow]) {
    for r in rows.iter_mut() {
        r.variant = crate::error_codes::variant_name(&r.code);
    }
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
    fn rows_of_one_code_share_its_variant() {
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
            row("InternalError", "The request processing has failed."),
            row("X", "%s"),
            row("X", "%s"),
        ];
        name_variants(&mut rows);
        let v: Vec<_> = rows.iter().map(|r| r.variant.as_str()).collect();
        assert_eq!(
            v,
            [
                "ParameterInvalid",
                "ParameterInvalid",
                "QuotaExceed",
                "ServerError",
                "X",
                "X"
            ]
        );
    }
}
