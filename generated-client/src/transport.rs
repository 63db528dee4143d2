//! One attempt on the wire: the signed HTTP request (common parameters, fresh nonce and
//! timestamp, V1 or V3 signature) and its answer. Every ECS action is sent as the official
//! SDK sends it: `POST /` with every parameter in the query string and an empty body.

use crate::config::SignatureVersion;
use crate::credentials::Credentials;
use crate::sign::{self, V3Request};
use std::time::Duration;

/// Parameters every RPC action takes (WIRE.md §1.1, plus the legacy SDK's `SignatureType`):
/// the runtime adds them; they are never an action's own.
pub const COMMON_PARAMS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "SignatureType",
];

/// The SHA-256 of an empty body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// What is being called.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub action: &'a str,
    pub version: &'a str,
    /// The action's own parameters (no common ones), as `Action::to_params` gives them.
    pub params: &'a [(String, String)],
}

/// A signed request: `POST url` with these headers and no body.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub url: String,
    /// Lowercase names.
    pub headers: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for Signed {
    /// The URL and headers carry the AccessKey ID, the signature and any STS token: only the
    /// header names print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signed")
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// `yyyy-MM-ddTHH:mm:ssZ` (UTC), the form both signatures use.
pub fn timestamp(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    if !(0..=9999).contains(&t.year()) {
        // A clock that is badly wrong: the year in full, sign included, so that the service
        // refuses it as it would any wrong timestamp (no four digits that look right).
        return format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
    }
    let mut out = String::with_capacity(20);
    let fields = [
        (t.year().unsigned_abs(), 4, '-'),
        (u32::from(u8::from(t.month())), 2, '-'),
        (u32::from(t.day()), 2, 'T'),
        (u32::from(t.hour()), 2, ':'),
        (u32::from(t.minute()), 2, ':'),
        (u32::from(t.second()), 2, 'Z'),
    ];
    for (value, width, after) in fields {
        for place in (0..width).rev() {
            let digit = value / 10u32.pow(place) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
        out.push(after);
    }
    out
}

/// The signed request for `call` to `base_url` (`https://ecs.cn-beijing.aliyuncs.com`).
/// `nonce` and `now` are the caller's so that every attempt gets fresh ones and tests can
/// fix them.
pub fn sign_request(
    call: Call<'_>,
    base_url: &str,
    creds: &Credentials,
    version: SignatureVersion,
    now: time::OffsetDateTime,
    nonce: &str,
    user_agent: &str,
) -> Signed {
    let stamp = timestamp(now);
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(10);
    headers.push(("x-acs-action", call.action.to_string()));
    headers.push(("x-acs-version", call.version.to_string()));
    let url = match version {
        SignatureVersion::V1 => {
            let mut own: Vec<(&str, &str)> = call
                .params
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            own.sort_unstable();
            // The common parameters, in name order; merged with the sorted own ones.
            let token = creds.security_token.as_ref().map(|t| t.expose());
            let common: Vec<(&str, &str)> = [
                ("AccessKeyId", Some(creds.access_key_id.as_str())),
                ("Action", Some(call.action)),
                ("Format", Some("JSON")),
                ("SecurityToken", token),
                ("SignatureMethod", Some("HMAC-SHA1")),
                ("SignatureNonce", Some(nonce)),
                ("SignatureVersion", Some("1.0")),
                ("Timestamp", Some(stamp.as_str())),
                ("Version", Some(call.version)),
            ]
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
            let canonical = sign::canonical_query_merged(&own, &common);
            let mut url = String::with_capacity(base_url.len() + canonical.len() + 48);
            for s in [base_url, "/?", &canonical, "&Signature="] {
                url.push_str(s);
            }
            sign::push_v1_signature_encoded(&mut url, &creds.access_key_secret, "POST", &canonical);
            url
        }
        SignatureVersion::V3 => {
            headers.push(("host", authority(base_url).to_string()));
            headers.push(("x-acs-date", stamp));
            headers.push(("x-acs-signature-nonce", nonce.to_string()));
            headers.push(("x-acs-content-sha256", EMPTY_SHA256.to_string()));
            if let Some(token) = &creds.security_token {
                headers.push(("x-acs-accesskey-id", creds.access_key_id.clone()));
                headers.push(("x-acs-security-token", token.expose().to_string()));
            }
            let query = sign::canonical_query(call.params);
            let request = V3Request {
                method: "POST",
                uri: "/",
                query: call.params,
                headers: &headers,
            };
            // The request carries x-acs-content-sha256, the one thing V3 can refuse.
            if let Ok(auth) = sign::v3_authorization_with_query(
                &creds.access_key_id,
                &creds.access_key_secret,
                &request,
                &query,
            ) {
                headers.push(("authorization", auth));
            }
            let mut url = String::with_capacity(base_url.len() + query.len() + 2);
            url.push_str(base_url);
            url.push('/');
            if !query.is_empty() {
                url.push('?');
                url.push_str(&query);
            }
            url
        }
    };
    headers.push(("user-agent", user_agent.to_string()));
    headers.push(("accept", "application/json".to_string()));
    Signed { url, headers }
}

/// `host[:port]` of a base URL, as the `host` header carries it.
fn authority(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// The answer to one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    /// `x-acs-retry-after`, in milliseconds.
    pub retry_after_ms: Option<u64>,
    /// `x-acs-request-id`, when the service sent it as a header.
    pub request_id: Option<String>,
}

/// Why an attempt got no answer.
#[derive(Debug)]
pub enum AttemptError {
    /// The attempt ran out of time.
    Timeout,
    /// No connection could be made: the request was certainly not executed.
    Connect(reqwest::Error),
    /// The connection broke, or the answer could not be read.
    Broken(reqwest::Error),
}

/// Sends `signed` and reads the whole answer within `timeout`.
pub async fn execute(
    http: &reqwest::Client,
    signed: &Signed,
    timeout: Duration,
) -> Result<Answer, AttemptError> {
    let mut req = http.post(&signed.url);
    for (k, v) in &signed.headers {
        req = req.header(*k, v.as_str());
    }
    let run = async {
        let resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after_ms = header("x-acs-retry-after").and_then(|v| v.trim().parse().ok());
        let request_id = header("x-acs-request-id");
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| AttemptError::Broken(e.without_url()))?;
        Ok(Answer {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            retry_after_ms,
            request_id,
        })
    };
    match tokio::time::timeout(timeout, run).await {
        Ok(r) => r,
        Err(_) => Err(AttemptError::Timeout),
    }
}

/// A send error, without the URL (it holds the signed query, and an STS token with it).
fn classify(e: reqwest::Error) -> AttemptError {
    if e.is_timeout() {
        AttemptError::Timeout
    } else if e.is_connect() {
        AttemptError::Connect(e.without_url())
    } else {
        AttemptError::Broken(e.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn creds() -> Credentials {
        Credentials::new("YourAccessKeyId", Secret::new("YourAccessKeySecret"))
    }

    fn at(s: &str) -> time::OffsetDateTime {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
    }

    /// WIRE.md V3-A: the same request through the transport gives the published signature.
    #[test]
    fn v3_request_reproduces_the_official_vector() {
        let params = vec![
            (
                "ImageId".to_string(),
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_string(),
            ),
            ("RegionId".to_string(), "cn-shanghai".to_string()),
        ];
        let signed = sign_request(
            Call {
                action: "RunInstances",
                version: "2014-05-26",
                params: &params,
            },
            "https://ecs.cn-shanghai.aliyuncs.com",
            &creds(),
            SignatureVersion::V3,
            at("2023-10-26T10:22:32Z"),
            "3156853299f313e23d1673dc12e1703d",
            "test-agent",
        );
        let auth = signed
            .headers
            .iter()
            .find(|(k, _)| *k == "authorization")
            .map(|(_, v)| v.as_str())
            .unwrap();
        assert_eq!(
            auth,
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
             x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
             Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(
            signed.url,
            "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
        );
    }

    /// V1: the query carries every common parameter and a signature over all of them.
    #[test]
    fn v1_request_carries_common_parameters() {
        let params = vec![("RegionId".to_string(), "cn-beijing".to_string())];
        let c = creds().with_security_token("sts-token-value");
        let signed = sign_request(
            Call {
                action: "DescribeDedicatedHosts",
                version: "2014-05-26",
                params: &params,
            },
            "http://127.0.0.1:9",
            &c,
            SignatureVersion::V1,
            at("2023-03-13T08:34:30Z"),
            "edb2b34af0af9a6d14deaf7c1a5315eb",
            "ua",
        );
        let query = signed.url.split_once('?').unwrap().1;
        for part in [
            "Action=DescribeDedicatedHosts",
            "Version=2014-05-26",
            "Format=JSON",
            "Timestamp=2023-03-13T08%3A34%3A30Z",
            "SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb",
            "SignatureMethod=HMAC-SHA1",
            "SignatureVersion=1.0",
            "AccessKeyId=YourAccessKeyId",
            "SecurityToken=sts-token-value",
            "RegionId=cn-beijing",
        ] {
            assert!(query.split('&').any(|p| p == part), "{part} missing");
        }
        // The signature covers everything but itself.
        let mut pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.starts_with("Signature="))
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                let d = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                (d(k), d(v))
            })
            .collect();
        pairs.sort();
        let expected = sign::percent_encode(&sign::v1_signature(
            &Secret::new("YourAccessKeySecret"),
            "POST",
            &pairs,
        ));
        assert!(query.contains(&format!("Signature={expected}")));
        assert!(!format!("{signed:?}").contains("sts-token-value"));
    }

    #[test]
    fn timestamps_and_authorities() {
        assert_eq!(
            timestamp(at("2016-02-23T12:46:24Z")),
            "2016-02-23T12:46:24Z"
        );
        assert_eq!(
            timestamp(at("0999-01-02T03:04:05+08:00")),
            "0999-01-01T19:04:05Z"
        );
        let bc = time::Date::from_calendar_date(-5, time::Month::March, 4)
            .unwrap()
            .with_hms(1, 2, 3)
            .unwrap()
            .assume_utc();
        assert_eq!(timestamp(bc), "-5-03-04T01:02:03Z");
        assert_eq!(authority("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(authority("https://ecs.aliyuncs.com"), "ecs.aliyuncs.com");
    }
}
