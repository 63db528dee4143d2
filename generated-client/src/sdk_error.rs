//! What a call can fail with: [`SdkError`], generic over the action's typed error enum.

use crate::credentials::CredentialsError;
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
        /// Attempts started, the one cut short included.
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
}
