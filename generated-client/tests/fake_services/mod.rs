//! Fakes for the credentials tests: a recording HTTP server on 127.0.0.1:0, the ECS
//! metadata service and STS built on it, and small helpers.

use ecs_client::credentials::{ChainOptions, Sources};
use ecs_client::Secret;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;

// ---------------------------------------------------------------------------------------
// A recording HTTP server.

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HashMap<String, String>,
    pub form: Vec<(String, String)>,
}

impl Seen {
    pub fn q(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    }

    pub fn in_query(&self, k: &str) -> bool {
        self.query.iter().any(|(n, _)| n == k)
    }

    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers
            .get(&k.to_ascii_lowercase())
            .map(String::as_str)
    }
}

pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

pub fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

pub type Respond = dyn Fn(&Seen) -> (u16, String) + Send + Sync;

pub struct Server {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// A server answering with `respond`, after `delay`.
    pub async fn start(
        delay: Duration,
        respond: impl Fn(&Seen) -> (u16, String) + Send + Sync + 'static,
    ) -> Server {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let respond: Arc<Respond> = Arc::new(respond);
        let log = seen.clone();
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let log = log.clone();
            let respond = respond.clone();
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20)
                    .await
                    .unwrap_or_default();
                let seen = Seen {
                    method: parts.method.to_string(),
                    path: parts.uri.path().to_string(),
                    query: pairs(parts.uri.query().unwrap_or("")),
                    headers: parts
                        .headers
                        .iter()
                        .map(|(k, v)| {
                            (k.as_str().to_string(), v.to_str().unwrap_or("").to_string())
                        })
                        .collect(),
                    form: pairs(&String::from_utf8_lossy(&body)),
                };
                log.lock().unwrap().push(seen.clone());
                tokio::time::sleep(delay).await;
                let (status, body) = respond(&seen);
                (
                    axum::http::StatusCode::from_u16(status).expect("status"),
                    body,
                )
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server { base, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// A base URL nothing listens on (the port was free a moment ago).
pub fn dead_endpoint() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    format!("http://{}", l.local_addr().expect("addr"))
}

pub fn in_secs(s: i64) -> String {
    let t = OffsetDateTime::now_utc() + time::Duration::seconds(s);
    t.replace_nanosecond(0)
        .expect("0 ns")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format")
}

/// The credentials object every source answers with.
pub fn creds_json(id: &str, secret: &str, token: &str, expires_in: i64) -> String {
    format!(
        r#"{{"AccessKeyId":"{id}","AccessKeySecret":"{secret}","SecurityToken":"{token}","Expiration":"{}"}}"#,
        in_secs(expires_in)
    )
}

/// A folder with `files`, as a home or a config dir.
pub fn dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ecs-creds-chain-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    for (p, text) in files {
        let p = d.join(p);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    d
}

/// Chain options over `vars` and `home`, STS and the metadata service at the given URLs.
pub fn options(
    vars: &[(&str, &str)],
    home: Option<PathBuf>,
    sts: &str,
    imds: &str,
) -> ChainOptions {
    let direct = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    ChainOptions::new(Sources::from_vars(vars.iter().copied(), home))
        .with_sts_endpoint(sts)
        .with_imds_endpoint(imds)
        .with_http_client(direct)
}

// ---------------------------------------------------------------------------------------
// Fake services.

pub const ROLE_TOKEN: &str = "imds-session-token-7f3a";

#[derive(Clone, Copy, PartialEq)]
pub enum Imds {
    /// Hands out tokens and insists on them.
    V2,
    /// Refuses the token request, answers without one.
    V1Only,
    /// Hands out tokens, then refuses requests that carry one, answers those without.
    TokenRejected,
}

/// The ECS metadata service with role `EcsRole`. Credentials last `expires_in` seconds.
pub async fn metadata_service(mode: Imds, expires_in: i64) -> Server {
    Server::start(Duration::ZERO, move |r| {
        let token = r.header("x-aliyun-ecs-metadata-token");
        let has_token = token == Some(ROLE_TOKEN);
        let v2 = mode != Imds::V1Only;
        match (r.method.as_str(), r.path.as_str()) {
            ("PUT", "/latest/api/token") if v2 => {
                if r.header("x-aliyun-ecs-metadata-token-ttl-seconds") == Some("21600") {
                    (200, ROLE_TOKEN.into())
                } else {
                    (400, "ttl header missing".into())
                }
            }
            ("PUT", "/latest/api/token") => (403, "Forbidden".into()),
            _ if mode == Imds::V2 && !has_token => (401, "Unauthorized".into()),
            _ if mode == Imds::TokenRejected && token.is_some() => (400, "Bad token".into()),
            ("GET", "/latest/meta-data/ram/security-credentials/") => (200, "EcsRole".into()),
            ("GET", "/latest/meta-data/ram/security-credentials/EcsRole") => {
                let c = creds_json(
                    "STS.imds",
                    "imds-secret-9c1d",
                    "imds-sts-token-5e2b",
                    expires_in,
                );
                (
                    200,
                    c.replacen(
                        '{',
                        r#"{"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","#,
                        1,
                    ),
                )
            }
            _ => (404, "Not Found".into()),
        }
    })
    .await
}

/// STS accepting `AssumeRole` signed with `ak_secret`, and `AssumeRoleWithOIDC`, handing
/// out credentials that last `expires_in` seconds. A bad signature gets STS's error.
pub async fn sts_service(ak_secret: &'static str, expires_in: i64, delay: Duration) -> Server {
    Server::start(delay, move |r| {
        let bad = |code: &str, message: &str| {
            (
                400,
                format!(r#"{{"RequestId":"req-bad","Code":"{code}","Message":"{message}"}}"#),
            )
        };
        if r.method != "POST" || r.path != "/" {
            return bad("InvalidRequest", "POST / only");
        }
        for (k, v) in [("Version", "2015-04-01"), ("Format", "JSON")] {
            if r.q(k) != Some(v) || !r.in_query(k) {
                return bad("MissingParameter", k);
            }
        }
        if !r.q("Timestamp").is_some_and(|t| t.len() == 20 && t.ends_with('Z')) {
            return bad("InvalidTimeStamp.Format", "Timestamp");
        }
        if r.header("content-type") != Some("application/x-www-form-urlencoded") {
            return bad("InvalidRequest", "form body expected");
        }
        let id = match r.q("Action") {
            Some("AssumeRole") => {
                let mut signed: Vec<(String, String)> =
                    r.query.iter().chain(&r.form).cloned().collect();
                let Some(i) = signed.iter().position(|(k, _)| k == "Signature") else {
                    return bad("MissingParameter", "Signature");
                };
                let (_, got) = signed.remove(i);
                let want =
                    ecs_client::sign::v1_signature(&Secret::new(ak_secret), "POST", &signed);
                if got != want
                    || r.q("SignatureMethod") != Some("HMAC-SHA1")
                    || r.q("SignatureVersion") != Some("1.0")
                    || r.q("SignatureNonce").is_none_or(str::is_empty)
                {
                    return bad("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
                }
                "STS.role"
            }
            Some("AssumeRoleWithOIDC") => {
                if r.q("Signature").is_some() || r.q("AccessKeyId").is_some() {
                    return bad("InvalidRequest", "AssumeRoleWithOIDC is anonymous");
                }
                if r.q("OIDCToken").is_none_or(str::is_empty) || r.in_query("OIDCToken") {
                    return bad("MissingParameter", "OIDCToken in the body");
                }
                "STS.oidc"
            }
            _ => return bad("InvalidAction.NotFound", "unknown action"),
        };
        (
            200,
            format!(
                r#"{{"RequestId":"req-ok","AssumedRoleUser":{{"Arn":"{}","AssumedRoleId":"1:s"}},"Credentials":{}}}"#,
                r.q("RoleArn").unwrap_or(""),
                creds_json(id, "sts-secret-4b8e", "sts-token-a1f0", expires_in)
            ),
        )
    })
    .await
}

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
pub struct LogBuf(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
