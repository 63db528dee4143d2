//! Signed requests built the way the official SDKs build them (WIRE.md §1.4, §2), with the
//! client's own signing functions, sent with reqwest over loopback.
#![allow(dead_code)]

use ecs_client::sign::{self, V3Request};
use ecs_client::Secret;
use ecs_emulator::Emulator;
use std::path::PathBuf;

pub const ID: &str = "testid";
pub const SECRET: &str = "testsecret";
pub const ACTION: &str = "CreateAutoSnapshotPolicy";
pub const VERSION: &str = "2014-05-26";

pub type Params = Vec<(String, String)>;

pub fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

pub async fn emulator() -> Emulator {
    Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .access_key("second", "other-secret")
        .sts_key("STS.id", "sts-secret", "sts-token")
        .start()
        .await
        .expect("emulator starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("client")
}

pub fn p(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A valid CreateAutoSnapshotPolicy request (the seed page's own parameters).
pub fn seed_params() -> Params {
    p(&[
        ("regionId", "cn-hangzhou"),
        ("repeatWeekdays", r#"["1","7"]"#),
        ("retentionDays", "30"),
        ("timePoints", r#"["0","19"]"#),
    ])
}

/// `seed_params` with one value replaced (or added).
pub fn seed_with(name: &str, value: &str) -> Params {
    let mut ps = seed_params();
    match ps.iter_mut().find(|(k, _)| k == name) {
        Some(kv) => kv.1 = value.to_string(),
        None => ps.push((name.to_string(), value.to_string())),
    }
    ps
}

pub fn timestamp(at: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    at.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .expect("formats")
}

pub fn now() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

pub fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A V1 request: common parameters as the SDK adds them, then `Signature`.
pub struct V1 {
    pub method: &'static str,
    pub key_id: String,
    pub secret: String,
    pub action: String,
    pub version: String,
    pub timestamp: String,
    pub nonce: String,
    pub format: Option<&'static str>,
    pub extra: Params,
}

impl V1 {
    pub fn new(own: Params) -> V1 {
        V1 {
            method: "POST",
            key_id: ID.into(),
            secret: SECRET.into(),
            action: ACTION.into(),
            version: VERSION.into(),
            timestamp: now(),
            nonce: nonce(),
            format: Some("json"),
            extra: own,
        }
    }

    /// Every parameter that gets signed (no `Signature`).
    pub fn unsigned(&self) -> Params {
        let mut ps = p(&[
            ("Action", &self.action),
            ("Version", &self.version),
            ("Timestamp", &self.timestamp),
            ("SignatureNonce", &self.nonce),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("AccessKeyId", &self.key_id),
        ]);
        if let Some(f) = self.format {
            ps.push(("Format".into(), f.into()));
        }
        ps.extend(self.extra.iter().cloned());
        ps
    }

    pub fn signed(&self) -> Params {
        let mut ps = self.unsigned();
        let sig = sign::v1_signature(&Secret::new(self.secret.clone()), self.method, &ps);
        ps.push(("Signature".into(), sig));
        ps
    }

    pub async fn send(&self, emu: &Emulator) -> reqwest::Response {
        send_query(emu, self.method, &self.signed()).await
    }
}

pub fn query_string(params: &Params) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", sign::percent_encode(k), sign::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Sends parameters in the query string (as the SDK does for every ECS action).
pub async fn send_query(emu: &Emulator, method: &str, params: &Params) -> reqwest::Response {
    let url = format!("{}/?{}", emu.endpoint(), query_string(params));
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    client()
        .request(method, url)
        .send()
        .await
        .expect("the emulator answers")
}

/// A V3 request (WIRE.md §2): query parameters, the x-acs headers and Authorization.
pub struct V3 {
    pub method: &'static str,
    pub key_id: String,
    pub secret: String,
    pub action: String,
    pub version: String,
    pub date: String,
    pub nonce: String,
    pub query: Params,
    pub body: Vec<u8>,
    pub content_type: Option<&'static str>,
    /// Headers sent and signed besides the usual ones.
    pub extra_signed: Params,
    /// Headers sent but not signed.
    pub unsigned: Params,
    /// Overrides the content hash header.
    pub content_hash: Option<String>,
}

impl V3 {
    pub fn new(query: Params) -> V3 {
        V3 {
            method: "POST",
            key_id: ID.into(),
            secret: SECRET.into(),
            action: ACTION.into(),
            version: VERSION.into(),
            date: now(),
            nonce: nonce(),
            query,
            body: Vec::new(),
            content_type: None,
            extra_signed: Vec::new(),
            unsigned: Vec::new(),
            content_hash: None,
        }
    }

    /// The signed headers (host included) and the Authorization value.
    pub fn headers(&self, emu: &Emulator) -> (Params, String) {
        let host = emu.endpoint().trim_start_matches("http://").to_string();
        let hash = self
            .content_hash
            .clone()
            .unwrap_or_else(|| sign::sha256_hex(&self.body));
        let mut h = p(&[
            ("host", &host),
            ("x-acs-action", &self.action),
            ("x-acs-version", &self.version),
            ("x-acs-date", &self.date),
            ("x-acs-signature-nonce", &self.nonce),
            ("x-acs-content-sha256", &hash),
        ]);
        if let Some(ct) = self.content_type {
            h.push(("content-type".into(), ct.into()));
        }
        h.extend(self.extra_signed.iter().cloned());
        let auth = v3_authorization(&self.key_id, &self.secret, self.method, &self.query, &h);
        (h, auth)
    }

    pub async fn send(&self, emu: &Emulator) -> reqwest::Response {
        let (headers, auth) = self.headers(emu);
        let mut url = format!("{}/", emu.endpoint());
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&query_string(&self.query));
        }
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("method");
        let mut req = client().request(method, url).body(self.body.clone());
        for (k, v) in headers.iter().chain(&self.unsigned) {
            if k != "host" {
                req = req.header(k.as_str(), v.as_str());
            }
        }
        req = req.header("authorization", auth);
        req.send().await.expect("the emulator answers")
    }
}

/// The Authorization header over exactly `headers` (all of them signed, names lowercased and
/// sorted, as the SDK does).
pub fn v3_authorization(
    key_id: &str,
    secret: &str,
    method: &str,
    query: &Params,
    headers: &Params,
) -> String {
    let mut h: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    h.sort();
    let signed: Vec<&str> = h.iter().map(|(k, _)| k.as_str()).collect();
    let signed = signed.join(";");
    let payload = h
        .iter()
        .find(|(k, _)| k == "x-acs-content-sha256")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    // The client's V3 signer covers host, content-type and x-acs-*; headers beyond those
    // (accept, user-agent) are signed here the same way the SDK does when it signs them.
    if h.iter()
        .all(|(k, _)| k == "host" || k == "content-type" || k.starts_with("x-acs-"))
    {
        let req = V3Request {
            method,
            uri: "/",
            query,
            headers: &h,
        };
        return sign::v3_authorization(key_id, &Secret::new(secret), &req).expect("signable");
    }
    let mut canonical = format!("{method}\n/\n{}\n", sign::canonical_query(query));
    for (k, v) in &h {
        canonical.push_str(&format!("{k}:{v}\n"));
    }
    canonical.push_str(&format!("\n{signed}\n{payload}"));
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(sign::v3_string_to_sign(&canonical).as_bytes());
    let sig = format!("{:x}", mac.finalize().into_bytes());
    format!("ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={signed},Signature={sig}")
}

/// Status and parsed JSON body.
pub async fn json(r: reqwest::Response) -> (u16, serde_json::Value) {
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, v)
}

/// Status and error code of a JSON error answer.
pub async fn code(r: reqwest::Response) -> (u16, String) {
    let (status, v) = json(r).await;
    let code = v["Code"].as_str().unwrap_or("<no Code>").to_string();
    (status, code)
}

/// A policy id the state drew, shaped like the pages' (`sp-` and 20 letters or digits).
pub fn assert_policy_id(v: &serde_json::Value) {
    let id = v["AutoSnapshotPolicyId"].as_str().unwrap_or_default();
    assert!(id.starts_with("sp-") && id.len() == 23, "{v}");
    assert!(
        id[3..]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        "{v}"
    );
}
