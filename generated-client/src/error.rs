//! Error mapping shared by every generated `<Action>Error`: matching a returned (code, message)
//! to a documented error row, the common ECS error classes, retryability, and the error body.

/// One documented error row as the generator records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorRowSpec {
    pub code: &'static str,
    pub message: &'static str,
    pub http_status: Option<u16>,
    /// The page says a retry may succeed ("try again later", "请稍后重试", a 5xx row).
    pub retryable: bool,
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
    /// The page's row for this error says a retry may succeed (set when the error is mapped to
    /// its variant).
    pub documented_retryable: bool,
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

    /// Whether a retry may succeed: the page's row says so, or the code is a common retryable
    /// one (throttling, internal errors, unavailability), or the status is 5xx/429.
    pub fn is_retryable(&self) -> bool {
        self.documented_retryable || is_retryable(&self.code, self.http_status)
    }

    /// Whether the service refused the call before running it (flow control).
    pub fn is_throttling(&self) -> bool {
        common_kind(&self.code) == Some(Common::Throttling)
    }
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
/// [`ErrorMeta`], so `e.code()`, `e.message()`, `e.http_status()`, `e.request_id()` and
/// `e.is_retryable()` work on any of them.
pub trait ActionError: std::error::Error + Send + Sync + Sized + 'static {
    /// The variant a returned error belongs to ([`error_index`]).
    fn from_meta(meta: ErrorMeta) -> Self;
    /// What the service said.
    fn meta(&self) -> &ErrorMeta;
    /// Index of the variant: documented rows first, then the common classes, then `Unknown`.
    fn variant_index(&self) -> usize;

    /// The variant for a status, code and message (request id and the rest unknown).
    fn from_parts(http_status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::from_meta(ErrorMeta::new(http_status, code, message))
    }
}

/// The variant index of a returned error (as [`error_index`]), with `meta` marked retryable
/// when its documented row says so: what every generated `from_meta` does.
pub fn classify(rows: &[ErrorRowSpec], meta: &mut ErrorMeta) -> usize {
    let index = error_index(rows, &meta.code, &meta.message);
    meta.documented_retryable = rows.get(index).is_some_and(|r| r.retryable);
    index
}

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

/// Classifies a code into one of the common ECS errors.
pub fn common_kind(code: &str) -> Option<Common> {
    let head = code.split('.').next().unwrap_or(code);
    match head {
        "Throttling" | "ThrottlingException" | "RequestLimitExceeded" => Some(Common::Throttling),
        "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "InvalidSignatureMethod"
        | "SignatureNonceUsed"
        | "InvalidTimeStamp"
        | "IllegalTimestamp" => Some(Common::Signature),
        "InternalError" | "UnknownError" => Some(Common::Internal),
        "ServiceUnavailable" => Some(Common::Unavailable),
        _ => None,
    }
}

/// Whether a call that failed this way may succeed when retried (throttling, server faults,
/// 5xx gateway statuses).
pub fn is_retryable(code: &str, http_status: u16) -> bool {
    matches!(
        common_kind(code),
        Some(Common::Throttling | Common::Internal | Common::Unavailable)
    ) || matches!(http_status, 500 | 502 | 503 | 504 | 429)
}

/// The documented row a returned error belongs to: rows with the same code, told apart by
/// message (exact, then `%s` templates, then word overlap); the first row of the code when
/// nothing tells them apart; `None` for an undocumented code.
pub fn match_row(rows: &[ErrorRowSpec], code: &str, message: &str) -> Option<usize> {
    let candidates: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.code == code)
        .map(|(i, _)| i)
        .collect();
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

/// The variant index of a returned error in a generated error enum: its documented row
/// ([`match_row`]), else `rows.len()` + the common class (throttling, signature, internal,
/// unavailable, in that order), else `rows.len() + 4` (`Unknown`).
pub fn error_index(rows: &[ErrorRowSpec], code: &str, message: &str) -> usize {
    match match_row(rows, code, message) {
        Some(i) => i,
        None => {
            rows.len()
                + match common_kind(code) {
                    Some(Common::Throttling) => 0,
                    Some(Common::Signature) => 1,
                    Some(Common::Internal) => 2,
                    Some(Common::Unavailable) => 3,
                    None => 4,
                }
        }
    }
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
            documented_retryable: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: &[ErrorRowSpec] = &[
        ErrorRowSpec {
            code: "A",
            message: "The specified RegionId is invalid.",
            http_status: Some(400),
            retryable: false,
        },
        ErrorRowSpec {
            code: "A",
            message: "The instance %s is not running.",
            http_status: Some(403),
            retryable: false,
        },
        ErrorRowSpec {
            code: "A",
            message: "The specified Size is invalid.",
            http_status: Some(400),
            retryable: false,
        },
        ErrorRowSpec {
            code: "B",
            message: "%s",
            http_status: None,
            retryable: true,
        },
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
        assert_eq!(match_row(ROWS, "C", "x"), None);
    }

    #[test]
    fn common_errors_and_retries() {
        assert_eq!(common_kind("Throttling.User"), Some(Common::Throttling));
        assert_eq!(
            common_kind("ServiceUnavailable.RegionMaintaining"),
            Some(Common::Unavailable)
        );
        assert!(is_retryable("InternalError", 500));
        assert!(!is_retryable("InvalidParameter", 400));
        assert!(is_retryable("Whatever", 503));
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
