//! Signature checks exactly as the official SDKs sign (WIRE.md §1, §2): V1 (HMAC-SHA1 over
//! every parameter but `Signature`) and V3 (ACS3-HMAC-SHA256 over the headers the request
//! names in `SignedHeaders`), the ±15 minute timestamp window, nonce reuse, access keys and
//! STS tokens. The string-to-sign functions are the client's (`ecs_client::sign`).

use crate::clock::Clock;
use crate::error::EcsError;
use crate::nonces::Nonces;
use crate::params::{get, shown};
use axum::http::HeaderMap;
use ecs_client::sign;
use ecs_client::Secret;
use std::collections::HashMap;
use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// How far a request's timestamp may be from server time.
pub const WINDOW: Duration = Duration::minutes(15);

/// An access key the emulator accepts.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub secret: Secret,
    /// For STS keys: the token every request must carry.
    pub token: Option<Secret>,
}

/// Which signature a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    V1,
    V3,
}

/// The request as the checks see it.
pub(crate) struct Incoming<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// Query parameters alone (V3 signs these).
    pub query: &'a [(String, String)],
    /// Query and form-body parameters (V1 signs these).
    pub params: &'a [(String, String)],
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// A request whose signature holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Authed {
    pub style: Style,
    pub access_key_id: String,
    pub action: String,
    pub version: String,
}

pub(crate) struct Verifier {
    pub keys: HashMap<String, Key>,
    pub clock: std::sync::Arc<Clock>,
    pub nonces: Mutex<Nonces>,
}

/// The signature style a request claims: V3 with an `Authorization` header, else V1.
pub(crate) fn style(headers: &HeaderMap) -> Style {
    if headers.contains_key("authorization") {
        Style::V3
    } else {
        Style::V1
    }
}

fn header(headers: &HeaderMap, name: &str) -> Result<Option<String>, EcsError> {
    let mut values = Vec::new();
    for v in headers.get_all(name) {
        let s = std::str::from_utf8(v.as_bytes()).map_err(|_| {
            EcsError::incomplete_signature(format!("The header {name} is not valid UTF-8."))
        })?;
        values.push(s.trim());
    }
    Ok((!values.is_empty()).then(|| values.join(",")))
}

fn required_header(headers: &HeaderMap, name: &str) -> Result<String, EcsError> {
    header(headers, name)?.ok_or_else(|| EcsError::missing_parameter(name))
}

fn parse_time(value: &str, what: &str) -> Result<OffsetDateTime, EcsError> {
    OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339).map_err(|_| {
        EcsError::new(
            400,
            "InvalidTimeStamp.Format",
            format!(
                "Specified {what} \"{}\" is not in the format yyyy-MM-ddTHH:mm:ssZ (UTC).",
                shown(value)
            ),
        )
    })
}

/// Equal-time comparison of two signatures.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn mismatch(string_to_sign: &str) -> EcsError {
    EcsError::new(
        400,
        "SignatureDoesNotMatch",
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
        ),
    )
}

impl Verifier {
    pub fn check(&self, req: &Incoming<'_>) -> Result<Authed, EcsError> {
        match style(req.headers) {
            Style::V1 => self.check_v1(req),
            Style::V3 => self.check_v3(req),
        }
    }

    fn within_window(&self, at: OffsetDateTime, value: &str) -> Result<OffsetDateTime, EcsError> {
        let now = self.clock.now();
        if (at - now).abs() > WINDOW {
            return Err(EcsError::new(
                400,
                "InvalidTimeStamp.Expired",
                format!(
                    "Specified time stamp or date value is expired: {} is more than 15 minutes from the server time.",
                    shown(value)
                ),
            ));
        }
        Ok(now)
    }

    fn key(&self, id: &str, token: Option<&str>) -> Result<&Key, EcsError> {
        let key = self.keys.get(id).ok_or_else(|| {
            EcsError::new(
                404,
                "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.",
            )
        })?;
        match (&key.token, token) {
            (None, _) => Ok(key),
            (Some(_), None) => Err(EcsError::new(
                400,
                "InvalidSecurityToken.Missing",
                "The access key is an STS key: the request must carry its security token.",
            )),
            (Some(expected), Some(got)) if same(expected.expose(), got) => Ok(key),
            (Some(_), Some(_)) => Err(EcsError::new(
                400,
                "InvalidSecurityToken.Mismatch",
                "The security token does not belong to this access key.",
            )),
        }
    }

    fn nonce(
        &self,
        key_id: &str,
        nonce: &str,
        at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), EcsError> {
        let mut nonces = match self.nonces.lock() {
            Ok(n) => n,
            Err(poisoned) => poisoned.into_inner(),
        };
        if nonces.insert(key_id, nonce, at.max(now) + WINDOW, now) {
            Ok(())
        } else {
            Err(EcsError::new(
                400,
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            ))
        }
    }

    fn check_v1(&self, req: &Incoming<'_>) -> Result<Authed, EcsError> {
        let p = req.params;
        let need = |name: &str| get(p, name).ok_or_else(|| EcsError::missing_parameter(name));
        let signature = get(p, "Signature").ok_or_else(|| {
            EcsError::incomplete_signature(
                "The request carries neither a Signature parameter nor an Authorization header.",
            )
        })?;
        let key_id = need("AccessKeyId")?;
        let method = need("SignatureMethod")?;
        if method != "HMAC-SHA1" {
            return Err(EcsError::new(
                400,
                "InvalidSignatureMethod",
                format!(
                    "Specified signature method \"{}\" is not supported: use HMAC-SHA1.",
                    shown(method)
                ),
            ));
        }
        let version = need("SignatureVersion")?;
        if version != "1.0" {
            return Err(EcsError::new(
                400,
                "InvalidSignatureMethod",
                format!(
                    "Specified signature version \"{}\" is not supported: use 1.0.",
                    shown(version)
                ),
            ));
        }
        let nonce = need("SignatureNonce")?;
        let timestamp = need("Timestamp")?;
        let at = parse_time(timestamp, "Timestamp")?;
        let now = self.within_window(at, timestamp)?;
        let key = self.key(key_id, get(p, "SecurityToken"))?;
        let signed: Vec<(String, String)> = p
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        let expected = sign::v1_signature(&key.secret, req.method, &signed);
        if !same(&expected, signature) {
            return Err(mismatch(&sign::v1_string_to_sign(req.method, &signed)));
        }
        self.nonce(key_id, nonce, at, now)?;
        Ok(Authed {
            style: Style::V1,
            access_key_id: key_id.to_string(),
            action: need("Action")?.to_string(),
            version: need("Version")?.to_string(),
        })
    }

    fn check_v3(&self, req: &Incoming<'_>) -> Result<Authed, EcsError> {
        let h = req.headers;
        let auth = required_header(h, "authorization")?;
        let Some(fields) = auth.strip_prefix("ACS3-HMAC-SHA256 ") else {
            let algorithm = auth.split_whitespace().next().unwrap_or_default();
            return Err(EcsError::new(
                400,
                "InvalidSignatureMethod",
                format!(
                    "Specified signature algorithm \"{}\" is not supported: use ACS3-HMAC-SHA256.",
                    shown(algorithm)
                ),
            ));
        };
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in fields.split(',') {
            let Some((k, v)) = part.trim().split_once('=') else {
                continue;
            };
            match k.trim() {
                "Credential" => credential = Some(v.trim()),
                "SignedHeaders" => signed_headers = Some(v.trim()),
                "Signature" => signature = Some(v.trim()),
                _ => {}
            }
        }
        let (Some(key_id), Some(signed_headers), Some(signature)) =
            (credential, signed_headers, signature)
        else {
            return Err(EcsError::incomplete_signature(
                "The Authorization header needs Credential, SignedHeaders and Signature.",
            ));
        };
        let names: Vec<String> = signed_headers
            .split(';')
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        let mut required: Vec<String> = vec!["host".to_string()];
        for name in h.keys() {
            let n = name.as_str();
            if n.starts_with("x-acs-") && !required.iter().any(|r| r == n) {
                required.push(n.to_string());
            }
        }
        for r in &required {
            if !names.contains(r) {
                return Err(EcsError::incomplete_signature(format!(
                    "The header {r} is sent but not among the SignedHeaders."
                )));
            }
        }
        let action = required_header(h, "x-acs-action")?;
        let version = required_header(h, "x-acs-version")?;
        let date = required_header(h, "x-acs-date")?;
        let nonce = required_header(h, "x-acs-signature-nonce")?;
        let content_hash = header(h, "x-acs-content-sha256")?.ok_or_else(|| {
            EcsError::incomplete_signature("The header x-acs-content-sha256 is missing.")
        })?;
        let body_hash = sign::sha256_hex(req.body);
        if !content_hash.eq_ignore_ascii_case(&body_hash) {
            return Err(EcsError::new(
                400,
                "SignatureDoesNotMatch",
                format!("The x-acs-content-sha256 header is not the SHA-256 of the body: the body hashes to {body_hash}."),
            ));
        }
        let at = parse_time(&date, "x-acs-date")?;
        let now = self.within_window(at, &date)?;
        let token = header(h, "x-acs-security-token")?;
        let key = self.key(key_id, token.as_deref())?;
        let mut canonical = format!(
            "{}\n{}\n{}\n",
            req.method,
            req.path,
            sign::canonical_query(req.query)
        );
        for name in &names {
            let value = header(h, name)?.ok_or_else(|| {
                EcsError::incomplete_signature(format!(
                    "The signed header {} is not in the request.",
                    shown(name)
                ))
            })?;
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(&value);
            canonical.push('\n');
        }
        canonical.push('\n');
        canonical.push_str(signed_headers);
        canonical.push('\n');
        canonical.push_str(&content_hash);
        let expected = sign::v3_signature_of_canonical(&key.secret, &canonical);
        if !same(&expected, &signature.to_ascii_lowercase()) {
            let mut e = mismatch(&sign::v3_string_to_sign(&canonical));
            e.message
                .push_str(&format!(" server canonical request is:{canonical}"));
            return Err(e);
        }
        self.nonce(key_id, &nonce, at, now)?;
        Ok(Authed {
            style: Style::V3,
            access_key_id: key_id.to_string(),
            action,
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};
    use proptest::prelude::*;

    fn verifier() -> Verifier {
        let mut keys = HashMap::new();
        keys.insert(
            "testid".to_string(),
            Key {
                secret: Secret::new("testsecret"),
                token: None,
            },
        );
        Verifier {
            keys,
            clock: Default::default(),
            nonces: Mutex::new(Nonces::default()),
        }
    }

    const NAMES: &[&str] = &[
        "authorization",
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "x-acs-security-token",
        "accept",
    ];

    proptest! {
        /// Any header values (any bytes a header may hold) and parameters: a refusal with an
        /// ECS error, never a panic.
        #[test]
        fn any_headers_and_parameters_are_refused_cleanly(
            headers in proptest::collection::vec(
                (0..NAMES.len(), proptest::collection::vec(
                    prop_oneof![0x20u8..0x7f, 0x80u8..=0xff, Just(b'\t')], 0..60)),
                0..10,
            ),
            auth_fields in "(ACS3-HMAC-SHA256 )?(Credential=[a-z]{0,6},?)?(SignedHeaders=[a-z;-]{0,30},?)?(Signature=[0-9a-f]{0,8})?",
            params in proptest::collection::vec(("[A-Za-z]{0,14}", any::<String>()), 0..10),
            body in proptest::collection::vec(any::<u8>(), 0..32),
        ) {
            let mut map = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(&auth_fields) {
                if !auth_fields.is_empty() {
                    map.append("authorization", v);
                }
            }
            for (i, bytes) in headers {
                if let Ok(v) = HeaderValue::from_bytes(&bytes) {
                    map.append(HeaderName::from_static(NAMES[i]), v);
                }
            }
            let req = Incoming {
                method: "POST",
                path: "/",
                query: &params,
                params: &params,
                headers: &map,
                body: &body,
            };
            let e = verifier().check(&req).expect_err("nothing random is signed right");
            prop_assert!(matches!(e.status, 400 | 404), "{e:?}");
            prop_assert!(!e.code.is_empty());
        }
    }
}
