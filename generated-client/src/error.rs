//! Error mapping shared by every generated `<Action>Error`: matching a returned (code, message)
//! to a documented error row, the common ECS error classes, the error body, and the classes
//! every error answers to.
//!
//! # Variants
//!
//! A generated `XError` has one variant per documented error **code**, named from the code
//! alone (`InvalidInstanceId.NotFound` -> `InvalidInstanceIdNotFound`, the same in every
//! action); rows of the page that share a code and differ in message are that one variant, and
//! [`ErrorMeta::row`] says which row matched. A documented code of a common class is that
//! class's variant (`InternalError` -> `ServerError`). Then come the common classes
//! (`Throttled`, `BadSignature`, `ServerError`, `Unavailable`) and `Unknown`.
//!
//! # Classes
//!
//! Every error, typed or not, answers the same four questions by the rules below, which are
//! the only place they are decided ([`ErrorMeta`] has the methods; an `XError` dereferences
//! to its meta, and [`SdkError`](crate::SdkError) has them too):
//!
//! - **not found** ([`is_not_found`]): the code ends in `NotFound` (`InvalidInstanceId.NotFound`,
//!   `PaymentMethodNotFound`) or in `NotExist`/`NotExists` (`InvalidRegion.NotExist`,
//!   `HpcClusterNotExists`, answered with 400), or the HTTP status is 404;
//! - **throttling** ([`is_throttling`]): a code of the flow-control class (`Throttling`,
//!   `Throttling.User`, `ThrottlingException`, `RequestLimitExceeded`), or HTTP 429;
//! - **invalid parameter** ([`is_invalid_parameter`]): never a code of a common class; else a
//!   code of a parameter family (head `InvalidParam…`, `ParameterInvalid…`, `MissingParam…`,
//!   `UnsupportedParameter…`, `IllegalParam…`), an `Invalid…` code whose last part says the
//!   value is bad (`.Malformed`, `.MalFormed`, `.ValueNotSupported`, `.Format`), or an
//!   `Invalid…` code answered with HTTP 400 (`InvalidPeriod`, `InvalidTagCount`) other than
//!   `InvalidOperation…`, which is about the resource's state;
//! - **retryable** ([`is_retryable`]): the matched row of the page says a retry may succeed
//!   ("try again later", a 5xx row), or the code is throttling, a server fault or
//!   unavailability, or the status is 429, 500, 502, 503 or 504.

/// One documented error row as the generator records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorRowSpec {
    pub code: &'static str,
    /// The message the page documents (it may hold `%s` where the service fills a value).
    pub message: &'static str,
    /// The page's description of the row (its cause, what to do), possibly empty.
    pub description: &'static str,
    pub http_status: Option<u16>,
    /// The page says a retry may succeed ("try again later", "请稍后重试", a 5xx row).
    pub retryable: bool,
    /// Index of the variant of the row's code in the action's error enum.
    pub variant: usize,
}

/// What the service said about a failed call: every generated `XError` variant carries one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMeta {
    /// The error code (`ParameterInvalid`, `Throttling.User`).
    pub code: String,
    /// The message the service returned.
    pub message: String,
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// `RequestId` of the answer, when it had one.
    pub request_id: Option<String>,
    /// `HostId` of the answer (the endpoint that answered).
    pub host_id: Option<String>,
    /// `Recommend`: the diagnosis link ECS adds to most errors.
    pub recommend: Option<String>,
    /// `x-acs-retry-after` (milliseconds) when the service asked the caller to wait.
    pub retry_after_ms: Option<u64>,
    /// The row of the page's error table this error matched (its code, then the documented
    /// message closest to the returned one), set when the error is mapped to its variant;
    /// `None` for an undocumented code.
    pub row: Option<&'static ErrorRowSpec>,
}

impl ErrorMeta {
    /// An error with only a status, code and message (request id and the rest unknown).
    pub fn new(http_status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorMeta {
            code: code.into(),
            message: message.into(),
            http_status,
            ..ErrorMeta::default()
        }
    }
}

impl ErrorMeta {
    /// The error code (`ParameterInvalid`, `Throttling.User`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message the service returned.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status of the answer.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// `RequestId` of the answer, when it had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The documented row this error matched, when the page lists its code.
    pub fn row(&self) -> Option<&'static ErrorRowSpec> {
        self.row
    }

    /// The page's description of the matched row (empty when the page gives none, `None` for
    /// an undocumented code).
    pub fn description(&self) -> Option<&'static str> {
        self.row.map(|r| r.description)
    }

    /// Whether the thing the call names does not exist ([`is_not_found`]).
    pub fn is_not_found(&self) -> bool {
        is_not_found(&self.code, self.http_status)
    }

    /// Whether the service refused the call before running it, for flow control
    /// ([`is_throttling`]).
    pub fn is_throttling(&self) -> bool {
        is_throttling(&self.code, self.http_status)
    }

    /// Whether a parameter of the request was missing or bad ([`is_invalid_parameter`]).
    pub fn is_invalid_parameter(&self) -> bool {
        is_invalid_parameter(&self.code, self.http_status)
    }

    /// Whether a retry may succeed: the matched row says so, or [`is_retryable`] holds for the
    /// code and status.
    pub fn is_retryable(&self) -> bool {
        self.row.is_some_and(|r| r.retryable) || is_retryable(&self.code, self.http_status)
    }
}

/// The not-found rule of the [module docs](self#classes).
pub fn is_not_found(code: &str, http_status: u16) -> bool {
    ["NotFound", "NotExist", "NotExists"]
        .iter()
        .any(|end| code.ends_with(end))
        || http_status == 404
}

/// The throttling rule of the [module docs](self#classes).
pub fn is_throttling(code: &str, http_status: u16) -> bool {
    common_kind(code) == Some(Common::Throttling) || http_status == 429
}

/// The invalid-parameter rule of the [module docs](self#classes).
pub fn is_invalid_parameter(code: &str, http_status: u16) -> bool {
    const FAMILIES: &[&str] = &[
        "InvalidParam",
        "ParameterInvalid",
        "MissingParam",
        "UnsupportedParameter",
        "IllegalParam",
    ];
    const BAD_VALUE: &[&str] = &["Malformed", "MalFormed", "ValueNotSupported", "Format"];
    if common_kind(code).is_some() {
        return false;
    }
    let head = code.split('.').next().unwrap_or(code);
    let last = code.rsplit('.').next().unwrap_or(code);
    FAMILIES.iter().any(|f| head.starts_with(f))
        || (head.starts_with("Invalid")
            && ((code.contains('.') && BAD_VALUE.contains(&last))
                || (http_status == 400 && !head.starts_with("InvalidOperation"))))
}

impl std::fmt::Display for ErrorMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (HTTP {}",
            self.code, self.message, self.http_status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")?;
        if let Some(r) = self.recommend.as_deref().filter(|r| !r.is_empty()) {
            write!(f, "; see {r}")?;
        }
        Ok(())
    }
}

/// What the runtime needs of a generated `XError`. Every `XError` also dereferences to its
/// [`ErrorMeta`], so `e.code()`, `e.message()`, `e.row()`, `e.is_not_found()`,
/// `e.is_throttling()`, `e.is_invalid_parameter()` and `e.is_retryable()` work on any of them.
pub trait ActionError: std::error::Error + Send + Sync + Sized + 'static {
    /// The variant a returned error belongs to ([`classify`]).
    fn from_meta(meta: ErrorMeta) -> Self;
    /// What the service said.
    fn meta(&self) -> &ErrorMeta;
    /// Index of the variant: documented codes first, then the common classes, then `Unknown`.
    fn variant_index(&self) -> usize;

    /// The variant for a status, code and message (request id and the rest unknown).
    fn from_parts(http_status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::from_meta(ErrorMeta::new(http_status, code, message))
    }
}

/// The variant index of a returned error in a generated error enum whose first `documented`
/// variants are its documented codes, and the documented row it matched: the variant of that
/// row ([`match_row`]); else `documented` + the common class (throttling, signature, internal,
/// unavailable, in that order); else `documented + 4` (`Unknown`).
pub fn error_index(
    rows: &[ErrorRowSpec],
    documented: usize,
    code: &str,
    message: &str,
) -> (usize, Option<usize>) {
    match match_row(rows, code, message) {
        Some(i) => (rows[i].variant, Some(i)),
        None => (
            documented + common_kind(code).map_or(COMMON_CLASSES, Common::index),
            None,
        ),
    }
}

/// [`error_index`], with `meta.row` set to the matched row: what every generated `from_meta`
/// does.
pub fn classify(rows: &'static [ErrorRowSpec], documented: usize, meta: &mut ErrorMeta) -> usize {
    let (index, row) = error_index(rows, documented, &meta.code, &meta.message);
    meta.row = row.map(|i| &rows[i]);
    index
}

/// How many common classes there are (the `Unknown` variant follows them).
const COMMON_CLASSES: usize = 4;

/// Errors any ECS action can return, whether its page lists them or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Common {
    /// `Throttling`, `Throttling.User`, `Throttling.Api`, ...: flow control.
    Throttling,
    /// `SignatureDoesNotMatch`, `IncompleteSignature`, `SignatureNonceUsed`, ...
    Signature,
    /// `InternalError`, `UnknownError`: a server-side fault.
    Internal,
    /// `ServiceUnavailable`, `ServiceUnavailable.*`.
    Unavailable,
}

impl Common {
    /// The variant every generated error enum has for this class.
    pub fn variant_name(self) -> &'static str {
        match self {
            Common::Throttling => "Throttled",
            Common::Signature => "BadSignature",
            Common::Internal => "ServerError",
            Common::Unavailable => "Unavailable",
        }
    }

    /// Position of the class's variant after the documented codes.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The common classes by code head (the code before its first `.`). The generator names
/// variants by the same list (`ecs_codegen::error_codes::COMMON`; a test holds them equal).
pub const COMMON_CODES: &[(&str, Common)] = &[
    ("Throttling", Common::Throttling),
    ("ThrottlingException", Common::Throttling),
    ("RequestLimitExceeded", Common::Throttling),
    ("SignatureDoesNotMatch", Common::Signature),
    ("IncompleteSignature", Common::Signature),
    ("InvalidSignatureMethod", Common::Signature),
    ("SignatureNonceUsed", Common::Signature),
    ("InvalidTimeStamp", Common::Signature),
    ("IllegalTimestamp", Common::Signature),
    ("InternalError", Common::Internal),
    ("UnknownError", Common::Internal),
    ("ServiceUnavailable", Common::Unavailable),
];

/// Classifies a code into one of the common ECS errors ([`COMMON_CODES`]).
pub fn common_kind(code: &str) -> Option<Common> {
    let head = code.split('.').next().unwrap_or(code);
    COMMON_CODES
        .iter()
        .find(|(h, _)| *h == head)
        .map(|(_, class)| *class)
}

/// The retry rule of the [module docs](self#classes), without the documented row.
pub fn is_retryable(code: &str, http_status: u16) -> bool {
    matches!(
        common_kind(code),
        Some(Common::Throttling | Common::Internal | Common::Unavailable)
    ) || matches!(http_status, 500 | 502 | 503 | 504 | 429)
}

/// The documented row a returned error belongs to: rows with the same code (else the same code
/// in another case, `InvalidInstanceID.NotFound`, which is the same variant), told apart by
/// message (exact, then `%s` templates, then word overlap); the first row of the code when
/// nothing tells them apart; `None` for an undocumented code.
pub fn match_row(rows: &[ErrorRowSpec], code: &str, message: &str) -> Option<usize> {
    let of_code = |same: fn(&str, &str) -> bool| -> Vec<usize> {
        rows.iter()
            .enumerate()
            .filter(|(_, r)| same(r.code, code))
            .map(|(i, _)| i)
            .collect()
    };
    let mut candidates = of_code(|a, b| a == b);
    if candidates.is_empty() {
        candidates = of_code(str::eq_ignore_ascii_case);
    }
    let first = *candidates.first()?;
    if candidates.len() == 1 {
        return Some(first);
    }
    let got = normalise(message);
    let mut best = (0.0_f64, first);
    for &i in &candidates {
        let doc = normalise(rows[i].message);
        let score = if doc == got {
            3.0
        } else if doc.contains("%s") && template_match(&doc, &got) {
            2.0
        } else {
            overlap(&doc, &got)
        };
        if score > best.0 {
            best = (score, i);
        }
    }
    Some(best.1)
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', '。'])
        .to_lowercase()
}

/// `%s` stands for any text.
fn template_match(template: &str, text: &str) -> bool {
    let parts: Vec<&str> = template.split("%s").collect();
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Jaccard similarity of the word sets, in `[0, 1]`.
fn overlap(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && *w != "s")
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// `Debug` of a generated error variant, as a derive would print it (`Name(ErrorMeta { .. })`).
pub fn fmt_error_debug(
    f: &mut std::fmt::Formatter<'_>,
    variants: &[&str],
    index: usize,
    meta: &ErrorMeta,
) -> std::fmt::Result {
    let name = variants.get(index).copied().unwrap_or("Unknown");
    f.debug_tuple(name).field(meta).finish()
}

/// The fields of an ECS error body (JSON), camel or lowerCamel.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ErrorBody {
    #[serde(default, alias = "requestId", rename = "RequestId")]
    pub request_id: String,
    #[serde(default, alias = "hostId", rename = "HostId")]
    pub host_id: String,
    #[serde(default, alias = "code", rename = "Code")]
    pub code: String,
    #[serde(default, alias = "message", rename = "Message")]
    pub message: String,
    #[serde(default, alias = "recommend", rename = "Recommend")]
    pub recommend: String,
}

impl ErrorBody {
    /// Reads a JSON error body; `None` when it is not one.
    pub fn from_json(body: &str) -> Option<Self> {
        serde_json::from_str::<ErrorBody>(body)
            .ok()
            .filter(|b| !b.code.is_empty())
    }

    /// Reads an XML error body (`<Error><Code>..</Code>..</Error>`, with or without the XML
    /// declaration); `None` when it is not one.
    pub fn from_xml(body: &str) -> Option<Self> {
        quick_xml::de::from_str::<ErrorBody>(body.trim_start_matches('\u{feff}'))
            .ok()
            .filter(|b| !b.code.is_empty())
    }

    /// A JSON or XML error body, whichever `body` is.
    pub fn parse(body: &str) -> Option<Self> {
        if body.trim_start().starts_with('<') {
            Self::from_xml(body)
        } else {
            Self::from_json(body)
        }
    }

    /// The body as the error of an answer with this status (empty fields become `None`).
    pub fn into_meta(self, http_status: u16, retry_after_ms: Option<u64>) -> ErrorMeta {
        let some = |s: String| (!s.is_empty()).then_some(s);
        ErrorMeta {
            code: self.code,
            message: self.message,
            http_status,
            request_id: some(self.request_id),
            host_id: some(self.host_id),
            recommend: some(self.recommend),
            retry_after_ms,
            row: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn row(
        code: &'static str,
        message: &'static str,
        http_status: u16,
        retryable: bool,
        variant: usize,
    ) -> ErrorRowSpec {
        ErrorRowSpec {
            code,
            message,
            description: "",
            http_status: Some(http_status),
            retryable,
            variant,
        }
    }

    /// Three rows of code `A` (one variant, 0), one of `B` (1), one of the common
    /// `InternalError` (the `ServerError` variant: 2 documented + 2).
    const ROWS: &[ErrorRowSpec] = &[
        row("A", "The specified RegionId is invalid.", 400, false, 0),
        row("A", "The instance %s is not running.", 403, false, 0),
        row("A", "The specified Size is invalid.", 400, false, 0),
        row("B", "%s", 403, true, 1),
        row(
            "InternalError",
            "The request processing has failed.",
            500,
            true,
            4,
        ),
    ];

    #[test]
    fn rows_are_matched_by_code_then_message() {
        assert_eq!(
            match_row(ROWS, "A", "the specified size is invalid"),
            Some(2)
        );
        assert_eq!(
            match_row(ROWS, "A", "The instance i-123 is not running."),
            Some(1)
        );
        assert_eq!(
            match_row(ROWS, "A", "The specified Size value is wrong"),
            Some(2)
        );
        assert_eq!(match_row(ROWS, "A", "完全不同"), Some(0));
        assert_eq!(match_row(ROWS, "B", "anything"), Some(3));
        assert_eq!(
            match_row(ROWS, "b", "another case, the same variant"),
            Some(3)
        );
        assert_eq!(match_row(ROWS, "C", "x"), None);
    }

    #[test]
    fn classify_picks_the_code_variant_and_names_the_row() {
        assert_eq!(
            error_index(ROWS, 2, "A", "The instance i-9 is not running."),
            (0, Some(1))
        );
        assert_eq!(error_index(ROWS, 2, "ServiceUnavailable", "x"), (5, None));
        let mut meta = ErrorMeta::new(403, "A", "The instance i-9 is not running.");
        assert_eq!(classify(ROWS, 2, &mut meta), 0);
        assert_eq!(meta.row, Some(&ROWS[1]));
        assert_eq!(
            meta.row().map(|r| r.message),
            Some("The instance %s is not running.")
        );
        let mut meta = ErrorMeta::new(400, "A", "The specified RegionId is invalid.");
        assert_eq!(classify(ROWS, 2, &mut meta), 0);
        assert_eq!(meta.row, Some(&ROWS[0]));
        // A documented common code is the common variant, and its row is named.
        let mut meta = ErrorMeta::new(500, "InternalError", "The request processing has failed.");
        assert_eq!(classify(ROWS, 2, &mut meta), 2 + Common::Internal.index());
        assert_eq!(meta.row, Some(&ROWS[4]));
        // Undocumented: the common class or Unknown, no row.
        let mut meta = ErrorMeta::new(400, "Throttling.User", "slow down");
        assert_eq!(classify(ROWS, 2, &mut meta), 2);
        assert_eq!(meta.row, None);
        let mut meta = ErrorMeta::new(400, "Nope", "x");
        assert_eq!(classify(ROWS, 2, &mut meta), 6);
        assert_eq!(meta.description(), None);
    }

    #[test]
    fn the_four_classes() {
        let m = |status: u16, code: &str| ErrorMeta::new(status, code, "");
        // Not found: the code's end, or 404.
        assert!(m(404, "InvalidInstanceId.NotFound").is_not_found());
        assert!(m(403, "PaymentMethodNotFound").is_not_found());
        assert!(m(404, "Whatever").is_not_found());
        assert!(m(400, "InvalidRegion.NotExist").is_not_found());
        assert!(m(400, "HpcClusterNotExists").is_not_found());
        assert!(!m(403, "IncorrectInstanceStatus").is_not_found());
        // Throttling: the flow-control class, or 429.
        assert!(m(400, "Throttling.User").is_throttling());
        assert!(m(429, "TooMany").is_throttling());
        assert!(!m(400, "InvalidParameter").is_throttling());
        // Invalid parameter: the families, bad-value suffixes, Invalid* with 400.
        for code in [
            "InvalidParameter",
            "InvalidParameter.Conflict",
            "InvalidParam.SourceIp",
            "MissingParameter.RegionId",
            "MissingParamter.RegionId",
            "ParameterInvalid",
            "UnsupportedParameter",
        ] {
            assert!(m(403, code).is_invalid_parameter(), "{code}");
        }
        assert!(m(403, "InvalidDescription.Malformed").is_invalid_parameter());
        assert!(m(403, "InvalidInstanceType.ValueNotSupported").is_invalid_parameter());
        assert!(m(400, "InvalidPeriod").is_invalid_parameter());
        assert!(!m(403, "InvalidPeriod").is_invalid_parameter());
        assert!(!m(400, "InvalidOperation.InvalidEcsState").is_invalid_parameter());
        assert!(!m(400, "OperationDenied").is_invalid_parameter());
        assert!(!m(400, "Throttling").is_invalid_parameter());
        assert!(!m(400, "InvalidTimeStamp.Expired").is_invalid_parameter());
        // Retryable: the common retryable classes, 5xx/429, or the matched row.
        assert!(m(500, "InternalError").is_retryable());
        assert!(m(503, "Whatever").is_retryable());
        assert!(!m(403, "B").is_retryable());
        let mut meta = m(403, "B");
        classify(ROWS, 2, &mut meta);
        assert!(meta.is_retryable(), "row B says to try again later");
    }

    #[test]
    fn common_errors_and_retries() {
        assert_eq!(common_kind("Throttling.User"), Some(Common::Throttling));
        assert_eq!(
            common_kind("ServiceUnavailable.RegionMaintaining"),
            Some(Common::Unavailable)
        );
        assert_eq!(common_kind("ThrottlingPolicy"), None);
        assert!(is_retryable("InternalError", 500));
        assert!(!is_retryable("InvalidParameter", 400));
        assert!(is_retryable("Whatever", 503));
        let classes = [
            Common::Throttling,
            Common::Signature,
            Common::Internal,
            Common::Unavailable,
        ];
        for (i, c) in classes.into_iter().enumerate() {
            assert_eq!(c.index(), i);
        }
        assert_eq!(COMMON_CLASSES, classes.len());
    }

    #[test]
    fn error_bodies() {
        let b = ErrorBody::from_json(r#"{"RequestId":"r","Code":"X","Message":"m"}"#).unwrap();
        assert_eq!((b.code.as_str(), b.message.as_str()), ("X", "m"));
        let b = ErrorBody::from_json(r#"{"requestId":"r","code":"Y","message":"m"}"#).unwrap();
        assert_eq!(b.code, "Y");
        assert!(ErrorBody::from_json("{}").is_none());
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><RequestId>540CFF28</RequestId>\
                   <HostId>ecs.aliyuncs.com</HostId><Code>MissingParameter.CommandId</Code>\
                   <Message>The input parameter &quot;CommandId&quot; is missing.</Message></Error>";
        let b = ErrorBody::parse(xml).unwrap();
        assert_eq!(b.code, "MissingParameter.CommandId");
        assert_eq!(b.message, "The input parameter \"CommandId\" is missing.");
        let meta = b.into_meta(400, None);
        assert_eq!(meta.request_id.as_deref(), Some("540CFF28"));
        assert_eq!(meta.recommend, None);
        assert_eq!(
            meta.to_string(),
            "MissingParameter.CommandId: The input parameter \"CommandId\" is missing. (HTTP 400, request id 540CFF28)"
        );
        assert!(ErrorBody::parse("<html>bad gateway</html>").is_none());
        assert!(ErrorBody::parse("garbage").is_none());
    }

    #[test]
    fn deeply_nested_bodies_are_not_errors_and_do_not_exhaust_the_stack() {
        let n = 100_000;
        let xml = format!(
            "<Error><X>{}</X></Error>",
            "<A>".repeat(n) + &"</A>".repeat(n)
        );
        assert!(ErrorBody::parse(&xml).is_none());
        let json = format!("{{\"Code\":{}1{}}}", "[".repeat(n), "]".repeat(n));
        assert!(ErrorBody::parse(&json).is_none());
    }
}
