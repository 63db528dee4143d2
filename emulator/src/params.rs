//! Request parameters from the raw query string and form body: percent-decoding (`+` is a
//! space, as in forms), UTF-8 checks, size caps and duplicate detection. Never panics: every
//! problem is an [`EcsError`].

use crate::error::EcsError;
use std::collections::HashSet;

/// Parameters every action takes; they are not the action's own and are never "unknown".
pub use ecs_client::transport::COMMON_PARAMS as COMMON;

/// Longest query string accepted (bytes, encoded).
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// Longest form body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Most parameters accepted in one request.
pub const MAX_PARAMS: usize = 4096;

/// At most 64 characters of a name, for messages.
pub fn shown(name: &str) -> String {
    let mut s: String = name.chars().take(64).collect();
    if s.len() < name.len() {
        s.push('…');
    }
    s
}

fn decode_component(raw: &[u8]) -> Result<String, Vec<u8>> {
    let plus_as_space: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&plus_as_space).collect();
    String::from_utf8(bytes).map_err(|e| e.into_bytes())
}

/// `k=v&k=v` pairs, decoded. `what` names the source in messages (`query string`, `body`).
pub fn decode(raw: &[u8], what: &str) -> Result<Vec<(String, String)>, EcsError> {
    let mut out = Vec::new();
    for piece in raw.split(|&b| b == b'&') {
        if piece.is_empty() {
            continue;
        }
        if out.len() >= MAX_PARAMS {
            return Err(EcsError::invalid_parameter(format!(
                "The {what} holds more than {MAX_PARAMS} parameters."
            )));
        }
        let (name, value) = match piece.iter().position(|&b| b == b'=') {
            Some(at) => (&piece[..at], &piece[at + 1..]),
            None => (piece, &[][..]),
        };
        let name = decode_component(name).map_err(|bytes| {
            EcsError::invalid_parameter(format!(
                "A parameter name in the {what} is not valid UTF-8 after percent-decoding: {}",
                shown(&String::from_utf8_lossy(&bytes))
            ))
        })?;
        if name.is_empty() {
            return Err(EcsError::invalid_parameter(format!(
                "The {what} holds a parameter without a name."
            )));
        }
        let value = decode_component(value).map_err(|_| {
            EcsError::invalid_parameter(format!(
                "The value of parameter \"{}\" is not valid UTF-8 after percent-decoding.",
                shown(&name)
            ))
        })?;
        out.push((name, value));
    }
    Ok(out)
}

/// The query and body parameters as one set; a name given twice is an error.
pub fn merge(
    query: Vec<(String, String)>,
    body: Vec<(String, String)>,
) -> Result<Vec<(String, String)>, EcsError> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(query.len() + body.len());
    for (k, v) in query.into_iter().chain(body) {
        if !seen.insert(k.clone()) {
            return Err(EcsError::invalid_parameter(format!(
                "The parameter \"{}\" is given more than once.",
                shown(&k)
            )));
        }
        out.push((k, v));
    }
    Ok(out)
}

/// The value of `name`, if given.
pub fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_like_a_form() {
        let p = decode(b"a=1&b=x+y%20z&&c&d=%E4%B8%AD&e=%zz", "query").unwrap();
        assert_eq!(
            p,
            [
                ("a".to_string(), "1".to_string()),
                ("b".into(), "x y z".into()),
                ("c".into(), "".into()),
                ("d".into(), "中".into()),
                ("e".into(), "%zz".into())
            ]
        );
    }

    #[test]
    fn broken_utf8_and_duplicates_are_errors() {
        let e = decode(b"a=%FF%FE", "query").unwrap_err();
        assert_eq!(e.code, "InvalidParameter");
        assert!(e.message.contains("\"a\""), "{}", e.message);
        assert!(decode(b"%C3=1", "query").is_err());
        assert!(decode(b"=1", "query").is_err());
        let q = decode(b"a=1", "query").unwrap();
        let b = decode(b"a=2", "body").unwrap();
        assert!(merge(q, b).is_err());
    }

    proptest! {
        /// Any bytes: an answer, never a panic; what decodes re-encodes to the same pairs.
        #[test]
        fn any_bytes_decode_or_fail_cleanly(raw in proptest::collection::vec(any::<u8>(), 0..512)) {
            if let Ok(pairs) = decode(&raw, "query") {
                let encoded: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| format!(
                        "{}={}",
                        ecs_client::sign::percent_encode(k),
                        ecs_client::sign::percent_encode(v)
                    ))
                    .collect();
                let again = decode(encoded.join("&").as_bytes(), "query").unwrap();
                prop_assert_eq!(again, pairs);
            }
        }
    }
}
