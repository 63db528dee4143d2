//! STS (Version 2015-04-01): `AssumeRole`, signed V1 with the source credentials, and
//! `AssumeRoleWithOIDC`, anonymous, carrying the OIDC token. Both are RPC `POST`s: the common
//! parameters (and a source security token) in the query, the role's (and the OIDC token) in
//! a form body, the signature over both, as credentials-go sends them.

use super::http::{credentials_from, json_object, redact, send, string, timestamp};
use super::provider::CredentialsProvider;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::sign::{canonical_query, v1_signature};
use futures_util::future::BoxFuture;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;
use time::OffsetDateTime;

pub const STS_VERSION: &str = "2015-04-01";

/// The STS base URL: `https://sts.aliyuncs.com`, `https://sts.<region>.aliyuncs.com`, or
/// `https://sts-vpc.<region>.aliyuncs.com` from inside a VPC.
pub fn sts_endpoint(region: Option<&str>, vpc: bool) -> String {
    match (region.map(str::trim).filter(|r| !r.is_empty()), vpc) {
        (Some(r), true) => format!("https://sts-vpc.{r}.aliyuncs.com"),
        (Some(r), false) => format!("https://sts.{r}.aliyuncs.com"),
        (None, _) => "https://sts.aliyuncs.com".into(),
    }
}

/// An STS endpoint and the HTTP client that reaches it.
#[derive(Clone)]
pub struct Sts {
    client: reqwest::Client,
    endpoint: String,
    timeout: Duration,
}

impl fmt::Debug for Sts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sts")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Sts {
    /// `endpoint` is a base URL (`https://sts.aliyuncs.com`, `http://127.0.0.1:8080` in tests);
    /// `timeout` bounds each call.
    pub fn new(client: reqwest::Client, endpoint: impl Into<String>, timeout: Duration) -> Sts {
        Sts {
            client,
            endpoint: endpoint.into().trim_end_matches('/').to_string(),
            timeout,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Calls `action` with the role's parameters in `form`, V1-signed with `signer` when
    /// there is one. `secrets` are masked in any message built from the answer.
    async fn call(
        &self,
        action: &'static str,
        form: Vec<(String, String)>,
        signer: Option<&Credentials>,
        secrets: &[&str],
    ) -> Result<Credentials, CredentialsError> {
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let mut query = vec![
            pair("Action", action),
            pair("Version", STS_VERSION),
            pair("Format", "JSON"),
            pair("Timestamp", &timestamp(OffsetDateTime::now_utc())),
        ];
        let mut masked: Vec<&str> = secrets.to_vec();
        if let Some(c) = signer {
            query.extend([
                pair("SignatureMethod", "HMAC-SHA1"),
                pair("SignatureVersion", "1.0"),
                pair("SignatureNonce", &uuid::Uuid::new_v4().to_string()),
                pair("AccessKeyId", &c.access_key_id),
            ]);
            // In the query, where the SDKs send it (the signature covers query and form).
            if let Some(t) = &c.security_token {
                query.push(pair("SecurityToken", t.expose()));
                masked.push(t.expose());
            }
            masked.push(c.access_key_secret.expose());
            let signed: Vec<(String, String)> = query.iter().chain(&form).cloned().collect();
            let signature = v1_signature(&c.access_key_secret, "POST", &signed);
            query.push(pair("Signature", &signature));
        }
        let url = format!("{}/?{}", self.endpoint, canonical_query(&query));
        let req = self
            .client
            .post(url)
            .timeout(self.timeout)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(canonical_query(&form));
        tracing::debug!(endpoint = %self.endpoint, action, "calling STS");
        let (status, body) = send(req, &self.endpoint, &masked).await?;
        let http = |message: String| CredentialsError::Http {
            endpoint: self.endpoint.clone(),
            message: format!("STS {action}: HTTP {status}: {}", redact(&message, &masked)),
        };
        let obj = json_object(&body).map_err(http)?;
        if status.is_success() {
            if let Some(serde_json::Value::Object(c)) = obj.get("Credentials") {
                return credentials_from(c).map_err(http);
            }
        }
        match string(&obj, "Code") {
            Some(code) => Err(CredentialsError::Sts {
                action,
                endpoint: self.endpoint.clone(),
                code: redact(&code, &masked),
                message: redact(&string(&obj, "Message").unwrap_or_default(), &masked),
                request_id: string(&obj, "RequestId").unwrap_or_default(),
            }),
            None => Err(http("the answer has no Credentials".into())),
        }
    }
}

/// The role session name when the configuration names none (2 to 64 of `[\w.@-]`).
fn default_session_name() -> String {
    format!("ecs-client-{}", OffsetDateTime::now_utc().unix_timestamp())
}

/// STS `AssumeRole`: a RAM role's temporary credentials, signed with `source`'s.
#[derive(Debug)]
pub struct AssumeRoleProvider {
    sts: Sts,
    source: CredentialsProvider,
    role_arn: String,
    session_name: Option<String>,
    policy: Option<String>,
    external_id: Option<String>,
    duration_seconds: u32,
}

impl AssumeRoleProvider {
    pub fn new(sts: Sts, source: CredentialsProvider, role_arn: impl Into<String>) -> Self {
        AssumeRoleProvider {
            sts,
            source,
            role_arn: role_arn.into(),
            session_name: None,
            policy: None,
            external_id: None,
            duration_seconds: super::resolve::DEFAULT_DURATION_SECONDS,
        }
    }

    pub fn session_name(mut self, name: Option<String>) -> Self {
        self.session_name = name;
        self
    }

    pub fn policy(mut self, policy: Option<String>) -> Self {
        self.policy = policy;
        self
    }

    pub fn external_id(mut self, id: Option<String>) -> Self {
        self.external_id = id;
        self
    }

    /// Session length; STS's minimum is 900 (the chain checks it when reading the config).
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = seconds;
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let signer = self.source.credentials().await?;
        let mut form = vec![
            ("RoleArn".to_string(), self.role_arn.clone()),
            (
                "RoleSessionName".to_string(),
                self.session_name
                    .clone()
                    .unwrap_or_else(default_session_name),
            ),
            (
                "DurationSeconds".to_string(),
                self.duration_seconds.to_string(),
            ),
        ];
        if let Some(p) = &self.policy {
            form.push(("Policy".into(), p.clone()));
        }
        if let Some(id) = &self.external_id {
            form.push(("ExternalId".into(), id.clone()));
        }
        self.sts.call("AssumeRole", form, Some(&signer), &[]).await
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

/// STS `AssumeRoleWithOIDC`: the token file is read at each call (it is rotated), the call
/// is anonymous.
#[derive(Debug)]
pub struct OidcProvider {
    sts: Sts,
    role_arn: String,
    provider_arn: String,
    token_file: PathBuf,
    session_name: Option<String>,
    policy: Option<String>,
    duration_seconds: u32,
}

impl OidcProvider {
    pub fn new(
        sts: Sts,
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        OidcProvider {
            sts,
            role_arn: role_arn.into(),
            provider_arn: provider_arn.into(),
            token_file: token_file.into(),
            session_name: None,
            policy: None,
            duration_seconds: super::resolve::DEFAULT_DURATION_SECONDS,
        }
    }

    pub fn session_name(mut self, name: Option<String>) -> Self {
        self.session_name = name;
        self
    }

    pub fn policy(mut self, policy: Option<String>) -> Self {
        self.policy = policy;
        self
    }

    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = seconds;
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let bad = |message: String| CredentialsError::BadFile {
            path: self.token_file.clone(),
            message,
        };
        let token = std::fs::read_to_string(&self.token_file)
            .map_err(|e| bad(format!("the OIDC token file cannot be read: {e}")))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(bad("the OIDC token file is empty".into()));
        }
        let mut form = vec![
            ("RoleArn".to_string(), self.role_arn.clone()),
            ("OIDCProviderArn".to_string(), self.provider_arn.clone()),
            ("OIDCToken".to_string(), token.to_string()),
            (
                "RoleSessionName".to_string(),
                self.session_name
                    .clone()
                    .unwrap_or_else(default_session_name),
            ),
            (
                "DurationSeconds".to_string(),
                self.duration_seconds.to_string(),
            ),
        ];
        if let Some(p) = &self.policy {
            form.push(("Policy".into(), p.clone()));
        }
        self.sts
            .call("AssumeRoleWithOIDC", form, None, &[token])
            .await
    }
}

impl ProvideCredentials for OidcProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_by_region_and_vpc() {
        assert_eq!(sts_endpoint(None, true), "https://sts.aliyuncs.com");
        assert_eq!(
            sts_endpoint(Some("cn-hangzhou"), false),
            "https://sts.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            sts_endpoint(Some("cn-hangzhou"), true),
            "https://sts-vpc.cn-hangzhou.aliyuncs.com"
        );
    }

    #[tokio::test]
    async fn an_unreachable_sts_is_an_http_error_that_names_the_endpoint_only() {
        // A port that was just free: the connection is refused at once.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("bind")
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        let sts = Sts::new(client, &base, Duration::from_secs(2));
        let p = AssumeRoleProvider::new(
            sts,
            CredentialsProvider::fixed(Credentials::new("LTAIid", "src-secret")),
            "acs:ram::1:role/r",
        );
        let e = p.provide().await.unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(
            matches!(e, CredentialsError::Http { endpoint: ref ep, .. } if *ep == base),
            "{shown}"
        );
        assert!(
            !shown.contains("src-secret") && !shown.contains("Signature"),
            "{shown}"
        );
    }
}
