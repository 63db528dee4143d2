//! The one rule that names an error variant: from the error **code** alone, so the same code
//! is the same variant in every action, and rows that share a code (told apart only by their
//! message) are one variant.
//!
//! - A code of one of the common classes every action can return (flow control, signature,
//!   server fault, unavailability; [`COMMON`], by the code's head before its first `.`) is
//!   that class's variant (`Throttling.User` -> `Throttled`, `InternalError.Dispatch` ->
//!   `ServerError`): a page that documents it adds no variant.
//! - Any other code is its UpperCamel form ([`crate::names::camel`]:
//!   `InvalidInstanceId.NotFound` -> `InvalidInstanceIdNotFound`). Two spellings that differ
//!   only in case or punctuation (`InvalidInstanceID.NotFound`) are the same variant.
//! - Only ASCII letters, digits and `_` (a keyword's suffix) are kept (a name that would start with a digit, or be empty,
//!   starts with `V`).
//! - A code whose UpperCamel form is one of the reserved names ([`RESERVED`]: the common
//!   variants and `Unknown`) but that is not of that class gets `Code` appended.
//!
//! The runtime classifies a returned code by the same list (`ecs_client::COMMON_CODES`); a
//! cross-crate test holds the two lists equal.

use crate::names::camel;

/// The common classes: (code head, variant name). The heads are compared with
/// the code up to its first `.`.
pub const COMMON: &[(&str, &str)] = &[
    ("Throttling", "Throttled"),
    ("ThrottlingException", "Throttled"),
    ("RequestLimitExceeded", "Throttled"),
    ("SignatureDoesNotMatch", "BadSignature"),
    ("IncompleteSignature", "BadSignature"),
    ("InvalidSignatureMethod", "BadSignature"),
    ("SignatureNonceUsed", "BadSignature"),
    ("InvalidTimeStamp", "BadSignature"),
    ("IllegalTimestamp", "BadSignature"),
    ("InternalError", "ServerError"),
    ("UnknownError", "ServerError"),
    ("ServiceUnavailable", "Unavailable"),
];

/// The common variants in the order every error enum declares them (after its documented
/// codes), with their docs.
pub const COMMON_VARIANTS: &[(&str, &str)] = &[
    (
        "Throttled",
        "Flow control (`Throttling`, `Throttling.User`, `Throttling.Api`, ...): retry later.",
    ),
    (
        "BadSignature",
        "The request signature, timestamp or nonce was rejected (`SignatureDoesNotMatch`, \
         `IncompleteSignature`, `SignatureNonceUsed`, ...).",
    ),
    (
        "ServerError",
        "A server-side fault (`InternalError`, `UnknownError`): retryable.",
    ),
    (
        "Unavailable",
        "The service is unavailable (`ServiceUnavailable`, ...): retryable.",
    ),
];

/// Names no documented code may take unless it is of that class: the common variants and
/// `Unknown`.
pub const RESERVED: &[&str] = &[
    "Throttled",
    "BadSignature",
    "ServerError",
    "Unavailable",
    "Unknown",
];

/// The common variant a code belongs to (`Throttled`, `BadSignature`, `ServerError`,
/// `Unavailable`), if it is of a common class.
pub fn common_variant(code: &str) -> Option<&'static str> {
    let head = code.split('.').next().unwrap_or(code);
    COMMON
        .iter()
        .find(|(h, _)| *h == head)
        .map(|(_, variant)| *variant)
}

/// The Rust variant of an error code, by the rule of this module.
pub fn variant_name(code: &str) -> String {
    if let Some(common) = common_variant(code) {
        return common.to_string();
    }
    let mut name: String = camel(code.trim())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED.contains(&name.as_str()) {
        name.push_str("Code");
    }
    name
}

/// Index of a common variant among [`COMMON_VARIANTS`].
pub fn common_index(variant: &str) -> Option<usize> {
    COMMON_VARIANTS.iter().position(|(v, _)| *v == variant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_is_named_from_its_code_alone() {
        assert_eq!(variant_name("ParameterInvalid"), "ParameterInvalid");
        assert_eq!(
            variant_name("InvalidInstanceId.NotFound"),
            "InvalidInstanceIdNotFound"
        );
        // Spellings that differ in case or punctuation only are one variant.
        assert_eq!(
            variant_name("InvalidInstanceID.NotFound"),
            variant_name("InvalidInstanceId.NotFound")
        );
        assert_eq!(
            variant_name("IncorrectInstanceStatus"),
            "IncorrectInstanceStatus"
        );
    }

    #[test]
    fn common_codes_are_their_class_and_reserved_names_stay_free() {
        assert_eq!(variant_name("InternalError"), "ServerError");
        assert_eq!(variant_name("InternalError.Dispatch"), "ServerError");
        assert_eq!(variant_name("Throttling.User"), "Throttled");
        assert_eq!(variant_name("ServiceUnavailable"), "Unavailable");
        assert_eq!(variant_name("SignatureDoesNotMatch"), "BadSignature");
        // Not of a class, but spelt like one of its variants.
        assert_eq!(variant_name("Unknown"), "UnknownCode");
        assert_eq!(variant_name("Server.Error"), "ServerErrorCode");
        // A head that only starts like a common one is not common.
        assert_eq!(variant_name("InternalErrors"), "InternalErrors");
        assert_eq!(
            variant_name("ThrottlingPolicy.Invalid"),
            "ThrottlingPolicyInvalid"
        );
    }

    #[test]
    fn every_common_class_has_a_declared_variant() {
        for (_, v) in COMMON {
            assert!(common_index(v).is_some(), "{v}");
            assert!(RESERVED.contains(v));
        }
        assert_eq!(COMMON_VARIANTS.len() + 1, RESERVED.len());
    }
}
