//! What a call can fail with: [`SdkError`], generic over the action's typed error enum.

use crate::credentials::CredentialsError;
use crate::error::{ActionError, ErrorMeta};
use crate::validate::ValidationErrors;
use std::fmt;
use std::time::Duration;

/// The most of a body an error keeps (bytes, cut on a character boundary).
const EXCERPT: usize = 512;

/// Why a call failed. `E` is the action's generated error enum (`CreateAutoSnapshotPolicyError`),
/// which carries the service's code, message, HTTP status and request id.
///
/// `Display` always says what happened: the code and message of a service error, the cause
/// of a transport error, every violation of a request that failed validation.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request broke the documented rules and was not sent.
    Construction(ValidationErrors),
    /// No credentials could be had to sign the request.
    Credentials(CredentialsError),
    /// The last attempt did not complete in time.
    Timeout {
        /// Attempts made, the last one included.
        attempts: u32,
        /// The per-attempt limit that ran out.
        after: Duration,
    },
    /// The whole call, its retries and the waits between them included, did not finish
    /// within the operation timeout (`ConfigBuilder::operation_timeout`, or a call's
    /// `customize`).
    OperationTimeout {
        /// Attempts started (the last one may have been cut short, or the wait after it).
        attempts: u32,
        /// The operation limit that ran out.
        after: Duration,
    },
    /// The request could not be sent, or the connection broke before a whole answer arrived.
    Transport {
        /// Attempts made, the last one included.
        attempts: u32,
        /// The cause (the URL, which carries the signed query, is left out).
        source: reqwest::Error,
    },
    /// The service answered with something that is neither the action's response nor an
    /// error body.
    Response(ResponseError),
    /// The service answered with an error: the documented row it matches, a common error, or
    /// `Unknown`.
    Service(E),
}

/// An answer that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    pub http_status: u16,
    /// What was wrong with it.
    pub reason: String,
    /// The start of the body (at most 512 bytes).
    pub excerpt: String,
    /// The `x-acs-request-id` header, when the answer had one.
    pub request_id: Option<String>,
}

impl ResponseError {
    pub fn new(http_status: u16, reason: impl Into<String>, body: &str) -> Self {
        ResponseError {
            http_status,
            reason: reason.into(),
            excerpt: excerpt(body).to_string(),
            request_id: None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unreadable answer (HTTP {}): {}; body starts {:?}",
            self.http_status, self.reason, self.excerpt
        )
    }
}

impl std::error::Error for ResponseError {}

/// The first 512 bytes of `body`, cut on a character boundary.
pub fn excerpt(body: &str) -> &str {
    if body.len() <= EXCERPT {
        return body;
    }
    let mut end = EXCERPT;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

impl<E> SdkError<E> {
    /// The service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// Maps the service error (e.g. into a common error type of the caller's).
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Construction(e) => SdkError::Construction(e),
            SdkError::Credentials(e) => SdkError::Credentials(e),
            SdkError::Timeout { attempts, after } => SdkError::Timeout { attempts, after },
            SdkError::OperationTimeout { attempts, after } => {
                SdkError::OperationTimeout { attempts, after }
            }
            SdkError::Transport { attempts, source } => SdkError::Transport { attempts, source },
            SdkError::Response(e) => SdkError::Response(e),
            SdkError::Service(e) => SdkError::Service(f(e)),
        }
    }
}

/// The error classes of [`crate::error`] on any call's failure. A service error answers by its
/// [`ErrorMeta`]; of the others, an answer without an error body answers by its HTTP status
/// (404 not found, 429 throttling, retryable as the retry rule treats it: 2xx it could not
/// read, 429 and 5xx), a timeout and a broken connection are retryable, and a request refused
/// before sending or without credentials is none of them.
impl<E: ActionError> SdkError<E> {
    /// What the service said, when it answered with an error.
    pub fn meta(&self) -> Option<&ErrorMeta> {
        self.service_error().map(ActionError::meta)
    }

    /// The service's error code, when it answered with an error.
    pub fn code(&self) -> Option<&str> {
        self.meta().map(ErrorMeta::code)
    }

    /// The thing the call names does not exist ([`crate::error::is_not_found`]).
    pub fn is_not_found(&self) -> bool {
        match self {
            SdkError::Service(e) => e.meta().is_not_found(),
            SdkError::Response(r) => r.http_status == 404,
            _ => false,
        }
    }

    /// The service refused the call for flow control ([`crate::error::is_throttling`]).
    pub fn is_throttling(&self) -> bool {
        match self {
            SdkError::Service(e) => e.meta().is_throttling(),
            SdkError::Response(r) => r.http_status == 429,
            _ => false,
        }
    }

    /// A parameter was missing or bad: a service error by
    /// [`crate::error::is_invalid_parameter`], or a request that failed validation before
    /// sending.
    pub fn is_invalid_parameter(&self) -> bool {
        match self {
            SdkError::Service(e) => e.meta().is_invalid_parameter(),
            SdkError::Construction(_) => true,
            _ => false,
        }
    }

    /// A retry of the same call may succeed ([`ErrorMeta::is_retryable`] for a service error).
    pub fn is_retryable(&self) -> bool {
        match self {
            SdkError::Service(e) => e.meta().is_retryable(),
            SdkError::Timeout { .. }
            | SdkError::OperationTimeout { .. }
            | SdkError::Transport { .. } => true,
            SdkError::Response(r) => {
                matches!(r.http_status, 200..=299 | 429 | 500..=599)
            }
            SdkError::Construction(_) | SdkError::Credentials(_) => false,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Construction(e) => write!(f, "request not sent: {e}"),
            SdkError::Credentials(e) => write!(f, "no credentials: {e}"),
            SdkError::Timeout { attempts, after } => write!(
                f,
                "timed out: no answer within {after:?} (attempt {attempts})"
            ),
            SdkError::OperationTimeout { attempts, after } => write!(
                f,
                "timed out: the call did not finish within {after:?}, retries included \
                 ({attempts} attempts)"
            ),
            SdkError::Transport { attempts, source } => {
                write!(f, "transport error (attempt {attempts}): {source}")?;
                let mut cause = std::error::Error::source(source);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            SdkError::Response(e) => e.fmt(f),
            SdkError::Service(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Construction(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            SdkError::Timeout { .. } | SdkError::OperationTimeout { .. } => None,
            SdkError::Transport { source, .. } => Some(source),
            SdkError::Response(e) => Some(e),
            SdkError::Service(e) => Some(e),
        }
    }
}

impl<E> From<ValidationErrors> for SdkError<E> {
    fn from(e: ValidationErrors) -> Self {
        SdkError::Construction(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded_and_whole_characters() {
        let body = "错".repeat(400);
        let e = ResponseError::new(200, "not JSON", &body);
        assert!(e.excerpt.len() <= 512);
        assert!(e.excerpt.chars().all(|c| c == '错'));
        assert!(e.to_string().contains("HTTP 200"));
    }

    /// The smallest error enum: every code is `Unknown`.
    #[derive(Debug)]
    struct AnyError(ErrorMeta);
    impl fmt::Display for AnyError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt(f)
        }
    }
    impl std::error::Error for AnyError {}
    impl ActionError for AnyError {
        fn from_meta(meta: ErrorMeta) -> Self {
            AnyError(meta)
        }
        fn meta(&self) -> &ErrorMeta {
            &self.0
        }
        fn variant_index(&self) -> usize {
            0
        }
    }

    #[test]
    fn the_classes_reach_every_failure() {
        let service =
            |status, code| SdkError::<AnyError>::Service(AnyError::from_parts(status, code, "m"));
        let e = service(404, "InvalidInstanceId.NotFound");
        assert!(e.is_not_found() && !e.is_retryable() && !e.is_throttling());
        assert_eq!(e.code(), Some("InvalidInstanceId.NotFound"));
        let e = service(400, "Throttling.User");
        assert!(e.is_throttling() && e.is_retryable() && !e.is_invalid_parameter());
        assert!(service(400, "MissingParameter.RegionId").is_invalid_parameter());
        let e = SdkError::<AnyError>::Response(ResponseError::new(404, "no error body", ""));
        assert!(e.is_not_found() && !e.is_retryable() && e.meta().is_none());
        let e = SdkError::<AnyError>::Response(ResponseError::new(502, "no error body", ""));
        assert!(e.is_retryable());
        let e = SdkError::<AnyError>::Timeout {
            attempts: 3,
            after: Duration::from_secs(1),
        };
        assert!(e.is_retryable() && !e.is_not_found() && e.code().is_none());
        let e = SdkError::<AnyError>::Construction(ValidationErrors {
            request: "X",
            violations: Vec::new(),
        });
        assert!(e.is_invalid_parameter() && !e.is_retryable());
    }
}
