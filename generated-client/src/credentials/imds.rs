//! The ECS instance's RAM role, from the instance metadata service: an IMDSv2 session token
//! first (`PUT /latest/api/token`), then the role name and the role's credentials, sending
//! the token back. Without a token, or when a request with it fails, the service is asked in
//! v1 style, unless v1 is disabled.

use super::http::{credentials_from, json_object, send, string};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::secret::Secret;
use futures_util::future::BoxFuture;
use std::time::Duration;

/// The metadata service's address on every ECS instance.
pub const DEFAULT_IMDS_ENDPOINT: &str = "http://100.100.100.200";
/// Lifetime asked for the IMDSv2 token, as the official SDKs ask.
const TOKEN_TTL_SECONDS: &str = "21600";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// Credentials of the instance's RAM role.
pub struct ImdsProvider {
    client: reqwest::Client,
    endpoint: String,
    timeout: Duration,
    role_name: Option<String>,
    v1_disabled: bool,
}

impl std::fmt::Debug for ImdsProvider {
    /// Without the HTTP client: its `Debug` shows proxy URLs, which may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImdsProvider")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("role_name", &self.role_name)
            .field("v1_disabled", &self.v1_disabled)
            .finish()
    }
}

impl ImdsProvider {
    /// `endpoint` is the service's base URL ([`DEFAULT_IMDS_ENDPOINT`]); `timeout` bounds
    /// each request.
    pub fn new(client: reqwest::Client, endpoint: impl Into<String>, timeout: Duration) -> Self {
        ImdsProvider {
            client,
            endpoint: endpoint.into().trim_end_matches('/').to_string(),
            timeout,
            role_name: None,
            v1_disabled: false,
        }
    }

    /// The role to ask for; `None`: the one the service names (the instance's only role).
    pub fn role_name(mut self, name: Option<String>) -> Self {
        self.role_name = name;
        self
    }

    /// Refuse to go on without an IMDSv2 token (`ALIBABA_CLOUD_IMDSV1_DISABLED=true`).
    pub fn v1_disabled(mut self, disabled: bool) -> Self {
        self.v1_disabled = disabled;
        self
    }

    fn error(&self, message: String) -> CredentialsError {
        CredentialsError::Metadata {
            endpoint: self.endpoint.clone(),
            message,
        }
    }

    /// The IMDSv2 token, or `None` to go on in v1 style.
    async fn token(&self) -> Result<Option<Secret>, CredentialsError> {
        let req = self
            .client
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .timeout(self.timeout)
            .header("X-aliyun-ecs-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS);
        let why = match send(req, &self.endpoint, &[]).await {
            Ok((status, body)) if status.is_success() && !body.trim().is_empty() => {
                return Ok(Some(Secret::new(body.trim())));
            }
            Ok((status, _)) => format!("HTTP {status}"),
            Err(e) => e.to_string(),
        };
        if self.v1_disabled {
            return Err(self.error(format!(
                "no IMDSv2 token ({why}), and IMDSv1 is disabled (ALIBABA_CLOUD_IMDSV1_DISABLED=true)"
            )));
        }
        tracing::debug!(endpoint = %self.endpoint, reason = %why, "no IMDSv2 token; asking in v1 style");
        Ok(None)
    }

    /// GET `path` with the token when there is one: the body of a 200 answer. When the
    /// request with a token fails, it is asked again without one, unless v1 is disabled (as
    /// credentials-go does).
    async fn get(&self, path: &str, token: Option<&Secret>) -> Result<String, CredentialsError> {
        match self.get_once(path, token).await {
            Err(e) if token.is_some() && !self.v1_disabled => {
                tracing::debug!(endpoint = %self.endpoint, path, error = %e, "asking again in v1 style");
                self.get_once(path, None).await
            }
            r => r,
        }
    }

    async fn get_once(
        &self,
        path: &str,
        token: Option<&Secret>,
    ) -> Result<String, CredentialsError> {
        let mut req = self
            .client
            .get(format!("{}{path}", self.endpoint))
            .timeout(self.timeout);
        if let Some(t) = token {
            req = req.header("X-aliyun-ecs-metadata-token", t.expose());
        }
        let secrets: Vec<&str> = token.iter().map(|t| t.expose()).collect();
        let (status, body) = send(req, &self.endpoint, &secrets).await?;
        if status == reqwest::StatusCode::NOT_FOUND && path == ROLES_PATH {
            return Err(self.error("the instance has no RAM role attached".into()));
        }
        if !status.is_success() {
            return Err(self.error(format!("GET {path}: HTTP {status}")));
        }
        Ok(body)
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let token = self.token().await?;
        let role = match &self.role_name {
            Some(r) => r.clone(),
            None => {
                let listed = self.get(ROLES_PATH, token.as_ref()).await?;
                listed
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| self.error("the instance has no RAM role attached".into()))?
            }
        };
        let path = format!("{ROLES_PATH}{}", crate::sign::percent_encode(&role));
        let body = self.get(&path, token.as_ref()).await?;
        let obj = json_object(&body).map_err(|m| self.error(format!("GET {path}: {m}")))?;
        match string(&obj, "Code").as_deref() {
            Some("Success") => {}
            code => {
                return Err(self.error(format!(
                    "GET {path}: Code is {}, not Success",
                    code.unwrap_or("missing")
                )))
            }
        }
        credentials_from(&obj).map_err(|m| self.error(format!("GET {path}: {m}")))
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
