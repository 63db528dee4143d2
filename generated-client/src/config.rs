//! How a [`Client`](crate::Client) talks to ECS: region, endpoint, credentials, signature
//! version, retries, timeouts, user agent.

use crate::credentials::Credentials;
use crate::credentials::CredentialsProvider;
use crate::endpoint::EndpointConfig;
use crate::retry::RetryPolicy;
use std::time::Duration;

/// Which request signature the client sends (WIRE.md §1, §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    /// RPC V1: HMAC-SHA1 in the `Signature` query parameter (the default here: every RPC
    /// endpoint accepts it).
    #[default]
    V1,
    /// ACS3-HMAC-SHA256 in the `Authorization` header (the current official SDKs' default).
    V3,
}

/// Settings of a client. Build one with [`Config::builder`] or [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: EndpointConfig,
    pub(crate) credentials: CredentialsProvider,
    pub(crate) signature: SignatureVersion,
    pub(crate) retry: RetryPolicy,
    pub(crate) attempt_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) http: reqwest::Client,
}

/// A configuration that could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the HTTP client could not be set up: {0}")]
    Http(#[source] reqwest::Error),
    #[error("{name}={value:?} is not one of {expected}")]
    BadSetting {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// The HTTP client is left out: its proxy settings may hold a password. Credentials print
/// without their secrets.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("signature", &self.signature)
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Settings from the environment, as the official SDKs and the aliyun CLI read it:
    /// - `ALIBABA_CLOUD_REGION_ID` (else each request's own `RegionId`),
    /// - `ALIBABA_CLOUD_ECS_ENDPOINT` (a whole endpoint, e.g. `http://127.0.0.1:8080`),
    /// - `ALIBABA_CLOUD_SIGNATURE_VERSION` (`v1`, the default, or `v3`),
    /// - credentials from the default chain (environment, OIDC, CLI profile, INI file,
    ///   instance RAM role, credentials URI), fetched on the first call and cached.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::builder().from_env_with(&|k| std::env::var(k).ok())
    }

    /// The region calls go to when set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
}

/// Builder of [`Config`]. Its `Debug` leaves out the HTTP client (its proxy settings may hold
/// a password).
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint: EndpointConfig,
    credentials: Option<CredentialsProvider>,
    signature: SignatureVersion,
    retry: Option<RetryPolicy>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("signature", &self.signature)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// The region (`cn-hangzhou`); it picks the endpoint and fills the `RegionId` of every
    /// request that leaves it unset (a request's own `RegionId` wins; see
    /// [`crate::region`]). Without one, each call goes to the region named by its own
    /// `RegionId` parameter, else to `ecs.aliyuncs.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// A whole endpoint: it wins over every rule (`https://ecs.cn-beijing.aliyuncs.com`,
    /// `http://127.0.0.1:8080` for the emulator).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint.explicit = Some(endpoint.into());
        self
    }

    /// The endpoint for one region, consulted before the built-in rules.
    pub fn endpoint_override(
        mut self,
        region: impl Into<String>,
        endpoint: impl Into<String>,
    ) -> Self {
        self.endpoint
            .overrides
            .insert(region.into(), endpoint.into());
        self
    }

    /// `vpc` sends calls to `ecs-vpc.<region>.aliyuncs.com`.
    pub fn network(mut self, network: impl Into<String>) -> Self {
        self.endpoint.network = Some(network.into());
        self
    }

    /// Fixed credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsProvider::fixed(credentials));
        self
    }

    /// Any credentials provider (the default chain, a chain with local endpoints...).
    pub fn credentials_provider(mut self, provider: CredentialsProvider) -> Self {
        self.credentials = Some(provider);
        self
    }

    pub fn signature_version(mut self, v: SignatureVersion) -> Self {
        self.signature = v;
        self
    }

    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Time allowed to open a connection (default 5 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// Time allowed for one attempt, from sending to the whole answer (default 30 s).
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = Some(d);
        self
    }

    /// The `user-agent` header (default `ecs-client/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Share an existing `reqwest::Client` (its own timeouts then apply).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Fills what is unset from `env` (see [`Config::from_env`]).
    pub fn from_env_with(
        mut self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        if self.region.is_none() {
            self.region = var("ALIBABA_CLOUD_REGION_ID");
        }
        if self.endpoint.explicit.is_none() {
            self.endpoint.explicit = var("ALIBABA_CLOUD_ECS_ENDPOINT");
        }
        if let Some(v) = var("ALIBABA_CLOUD_SIGNATURE_VERSION") {
            self.signature = match v.to_ascii_lowercase().as_str() {
                "v1" | "v2" | "1" | "hmac-sha1" => SignatureVersion::V1,
                "v3" | "3" | "acs3-hmac-sha256" => SignatureVersion::V3,
                _ => {
                    return Err(ConfigError::BadSetting {
                        name: "ALIBABA_CLOUD_SIGNATURE_VERSION",
                        value: v,
                        expected: "v1, v3",
                    })
                }
            };
        }
        self.build()
    }

    pub fn build(self) -> Result<Config, ConfigError> {
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(5)))
                .pool_idle_timeout(Duration::from_secs(90))
                .http1_only()
                .build()
                .map_err(ConfigError::Http)?,
        };
        Ok(Config {
            region: self.region,
            endpoint: self.endpoint,
            credentials: self
                .credentials
                .unwrap_or_else(CredentialsProvider::default_chain),
            signature: self.signature,
            retry: self.retry.unwrap_or_default(),
            attempt_timeout: self.attempt_timeout.unwrap_or(Duration::from_secs(30)),
            user_agent: self
                .user_agent
                .unwrap_or_else(|| format!("ecs-client/{} (rust)", env!("CARGO_PKG_VERSION"))),
            http,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_the_environment() {
        let env = |k: &str| match k {
            "ALIBABA_CLOUD_REGION_ID" => Some("cn-beijing".to_string()),
            "ALIBABA_CLOUD_SIGNATURE_VERSION" => Some("V3".to_string()),
            "ALIBABA_CLOUD_ECS_ENDPOINT" => Some("http://127.0.0.1:9".to_string()),
            _ => None,
        };
        let c = Config::builder()
            .credentials(Credentials::new("id", "config-secret-Jz"))
            .from_env_with(&env)
            .unwrap();
        assert_eq!(c.region(), Some("cn-beijing"));
        assert_eq!(c.signature, SignatureVersion::V3);
        assert_eq!(c.endpoint.explicit.as_deref(), Some("http://127.0.0.1:9"));
        let shown = format!("{c:?}");
        assert!(!shown.contains("config-secret-Jz"), "{shown}");
        let bad = |k: &str| (k == "ALIBABA_CLOUD_SIGNATURE_VERSION").then(|| "v9".to_string());
        let err = Config::builder().from_env_with(&bad).unwrap_err();
        assert!(err.to_string().contains("v9"), "{err}");
    }
}
