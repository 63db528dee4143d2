//! What the network providers share: sending a request and reading the answer without
//! letting a secret into an error, and reading the credentials JSON that STS, the metadata
//! service and credentials URIs answer with.

use super::{Credentials, CredentialsError};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The status and body of an answer, or why there was none.
pub(crate) async fn send(
    req: reqwest::RequestBuilder,
    endpoint: &str,
    secrets: &[&str],
) -> Result<(reqwest::StatusCode, String), CredentialsError> {
    let failed = |e: reqwest::Error| CredentialsError::Http {
        endpoint: endpoint.to_string(),
        message: redact(&error_chain(e.without_url()), secrets),
    };
    let mut resp = req.send().await.map_err(failed)?;
    let status = resp.status();
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(failed)? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            return Err(CredentialsError::Http {
                endpoint: endpoint.to_string(),
                message: format!(
                    "HTTP {status}: the answer is longer than {} KiB",
                    MAX_BODY / 1024
                ),
            });
        }
    }
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// Credentials answers are a few hundred bytes; a longer one is not read to the end.
const MAX_BODY: usize = 64 * 1024;

/// An error and its causes (reqwest's own message is only the outermost: "error sending
/// request").
fn error_chain(e: reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// `message` with every secret in `secrets`, as written or percent-encoded, replaced by
/// `***`. Servers echo requests in their messages (a signature mismatch quotes the string
/// it signed, which holds the security token).
pub(crate) fn redact(message: &str, secrets: &[&str]) -> String {
    let mut out = message.to_string();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        let encoded = crate::sign::percent_encode(s);
        for form in [
            encoded.clone(),
            crate::sign::percent_encode(&encoded),
            s.to_string(),
        ] {
            if out.contains(&form) {
                out = out.replace(&form, "***");
            }
        }
    }
    out
}

/// The body parsed as a JSON object, or a message saying it is not one (without quoting it).
pub(crate) fn json_object(body: &str) -> Result<serde_json::Map<String, Value>, String> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("the answer is JSON but not an object".into()),
        Err(e) => Err(format!(
            "the answer is not JSON ({} bytes; {})",
            body.len(),
            e.classify_name()
        )),
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

/// A string member of `obj`, `None` when absent, null or empty.
pub(crate) fn string(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}`: the credentials object of
/// STS, the metadata service and credentials URIs. Messages name the missing member, never
/// a value.
pub(crate) fn credentials_from(
    obj: &serde_json::Map<String, Value>,
) -> Result<Credentials, String> {
    let need = |key: &str| string(obj, key).ok_or_else(|| format!("the answer has no {key}"));
    let mut c = Credentials::new(need("AccessKeyId")?, need("AccessKeySecret")?);
    if let Some(t) = string(obj, "SecurityToken") {
        c = c.with_security_token(t);
    }
    if let Some(e) = string(obj, "Expiration") {
        c.expiration = Some(parse_expiration(&e)?);
    }
    Ok(c)
}

/// `2015-04-09T11:52:19Z`.
pub(crate) fn parse_expiration(s: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(s.trim(), &Rfc3339)
        .map_err(|e| format!("Expiration `{s}` is not an RFC 3339 time: {e}"))
}

/// `yyyy-MM-ddTHH:mm:ssZ` in UTC, the V1 `Timestamp`.
pub(crate) fn timestamp(now: OffsetDateTime) -> String {
    let now = now.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_covers_raw_and_encoded_forms() {
        let m = "string to sign: POST&%2F&SecurityToken%3Dab%252Bc%253D and ab+c= and ab%2Bc%3D";
        assert_eq!(
            redact(m, &["ab+c=", ""]),
            "string to sign: POST&%2F&SecurityToken%3D*** and *** and ***"
        );
    }

    #[test]
    fn credentials_json_names_what_is_missing_and_not_the_values() {
        let obj = json_object(
            r#"{"AccessKeyId":"STS.id","AccessKeySecret":"sek","SecurityToken":"tok","Expiration":"2015-04-09T11:52:19Z"}"#,
        )
        .unwrap();
        let c = credentials_from(&obj).unwrap();
        assert_eq!(c.security_token.unwrap().expose(), "tok");
        assert_eq!(
            c.expiration.unwrap(),
            time::macros::datetime!(2015-04-09 11:52:19 UTC)
        );
        let obj = json_object(r#"{"AccessKeyId":"STS.id","AccessKeySecret":12345}"#).unwrap();
        let e = credentials_from(&obj).unwrap_err();
        assert_eq!(e, "the answer has no AccessKeySecret");
        let e = json_object("{\"AccessKeySecret\": sekrit").unwrap_err();
        assert!(!e.contains("sekrit"), "{e}");
    }

    #[test]
    fn v1_timestamp() {
        let t = time::macros::datetime!(2016-02-23 12:46:24 +08:00);
        assert_eq!(timestamp(t), "2016-02-23T04:46:24Z");
    }
}
