//! How a [`Client`](crate::Client) talks to ECS: region, endpoint, credentials, signature
//! version, retries, timeouts, user agent.

use crate::credentials::Credentials;
use crate::credentials::CredentialsProvider;
use crate::endpoint::EndpointConfig;
use crate::retry::RetryPolicy;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The default time allowed to open a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// At most this many HTTP clients for other connect timeouts are kept (per-call overrides).
const CONNECT_VARIANTS: usize = 8;

/// HTTP clients by connect timeout.
type HttpVariants = Mutex<Vec<(Duration, reqwest::Client)>>;

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
    /// The limit of a whole call, retries and their waits included.
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) http: reqwest::Client,
    /// HTTP clients built like `http` for other connect timeouts (a call's override), shared
    /// by every config derived from this one so that they keep their connections; `None`
    /// when `http` is the caller's own.
    pub(crate) http_variants: Option<Arc<HttpVariants>>,
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
            .field("operation_timeout", &self.operation_timeout)
            .field("connect_timeout", &self.connect_timeout)
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

    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// The limit of a whole call, retries included (none by default).
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The explicit endpoint, when one is set.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.explicit.as_deref()
    }

    /// This config with `o`'s settings in place of its own.
    pub fn with_override(&self, o: &ConfigOverride) -> Config {
        let mut c = self.clone();
        if let Some(r) = o.retry {
            c.retry = r;
        }
        if let Some(n) = o.max_attempts {
            c.retry.max_attempts = n.max(1);
        }
        if let Some(d) = o.base_delay {
            c.retry.base_delay = d;
        }
        if let Some(d) = o.max_delay {
            c.retry.max_delay = d;
        }
        if let Some(d) = o.attempt_timeout {
            c.attempt_timeout = d;
        }
        if let Some(d) = o.operation_timeout {
            c.operation_timeout = Some(d);
        }
        if let Some(e) = &o.endpoint {
            c.endpoint.explicit = Some(e.clone());
        }
        if let (Some(d), Some(variants)) = (o.connect_timeout, &self.http_variants) {
            if d != c.connect_timeout {
                match http_for(variants, d) {
                    Ok(http) => {
                        c.http = http;
                        c.connect_timeout = d;
                    }
                    // The same settings built the config's own client, so this is not
                    // expected; the call keeps the config's connect timeout.
                    Err(e) => tracing::warn!(error = %e, "connect timeout override not applied"),
                }
            }
        }
        c
    }
}

/// The shared HTTP client for connect timeout `d`, built on first use.
fn http_for(variants: &HttpVariants, d: Duration) -> Result<reqwest::Client, reqwest::Error> {
    let mut v = variants.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, http)) = v.iter().find(|(t, _)| *t == d) {
        return Ok(http.clone());
    }
    let http = http_client(d)?;
    if v.len() < CONNECT_VARIANTS {
        v.push((d, http.clone()));
    }
    Ok(http)
}

/// The HTTP client a config builds when it is not given one.
fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .pool_idle_timeout(Duration::from_secs(90))
        .http1_only()
        .build()
}

/// Settings that replace a [`Config`]'s for one call: a fluent call's
/// `.customize(|o| o.max_attempts(5).operation_timeout(Duration::from_secs(10)))`, or
/// [`Client::with_override`](crate::Client::with_override) for a client whose every call uses
/// them. What is left unset keeps the config's value; the credentials, region, signature and
/// connection pool stay the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigOverride {
    retry: Option<RetryPolicy>,
    max_attempts: Option<u32>,
    base_delay: Option<Duration>,
    max_delay: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    endpoint: Option<String>,
}

impl ConfigOverride {
    /// A whole retry policy (the settings below then change it further).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Attempts in all, the first included (1 = never retry).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n);
        self
    }

    /// The backoff base: the first retry waits up to this long.
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = Some(d);
        self
    }

    /// No wait between attempts is longer than this.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = Some(d);
        self
    }

    /// Time allowed for one attempt.
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = Some(d);
        self
    }

    /// Time allowed for the whole call, retries and their waits included; past it the call
    /// fails with [`SdkError::OperationTimeout`](crate::SdkError::OperationTimeout).
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.operation_timeout = Some(d);
        self
    }

    /// Time allowed to open a connection. Calls with the same connect timeout share one
    /// connection pool. Not applied when the config was given its own `reqwest::Client`
    /// ([`ConfigBuilder::http_client`]), whose settings then hold.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// A whole endpoint for this call (as [`ConfigBuilder::endpoint`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
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
    operation_timeout: Option<Duration>,
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
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
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

    /// Time allowed for a whole call, retries and the waits between them included (default:
    /// no limit beyond the attempts'). Past it the call fails with
    /// [`SdkError::OperationTimeout`](crate::SdkError::OperationTimeout).
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.operation_timeout = Some(d);
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
        let connect_timeout = self.connect_timeout.unwrap_or(CONNECT_TIMEOUT);
        let (http, http_variants) = match self.http {
            Some(h) => (h, None),
            None => {
                let h = http_client(connect_timeout).map_err(ConfigError::Http)?;
                let variants = vec![(connect_timeout, h.clone())];
                (h, Some(Arc::new(Mutex::new(variants))))
            }
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
            operation_timeout: self.operation_timeout,
            connect_timeout,
            user_agent: self
                .user_agent
                .unwrap_or_else(|| format!("ecs-client/{} (rust)", env!("CARGO_PKG_VERSION"))),
            http,
            http_variants,
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

    #[test]
    fn an_override_replaces_only_what_it_sets() {
        let base = Config::builder()
            .credentials(Credentials::new("id", "override-secret-Kq"))
            .region("cn-beijing")
            .endpoint("http://127.0.0.1:9")
            .operation_timeout(Duration::from_secs(9))
            .build()
            .unwrap();
        assert_eq!(
            base.with_override(&ConfigOverride::default()).retry,
            base.retry
        );
        let o = ConfigOverride::default()
            .retry(RetryPolicy::disabled())
            .max_attempts(4)
            .max_delay(Duration::from_secs(1))
            .attempt_timeout(Duration::from_secs(2))
            .operation_timeout(Duration::from_secs(3))
            .endpoint("http://127.0.0.1:10");
        let c = base.with_override(&o);
        assert_eq!(
            c.retry.max_attempts, 4,
            "max_attempts refines the whole policy"
        );
        assert_eq!(c.retry.base_delay, RetryPolicy::disabled().base_delay);
        assert_eq!(c.retry.max_delay, Duration::from_secs(1));
        assert_eq!(c.attempt_timeout(), Duration::from_secs(2));
        assert_eq!(c.operation_timeout(), Some(Duration::from_secs(3)));
        assert_eq!(c.endpoint(), Some("http://127.0.0.1:10"));
        assert_eq!(c.region(), Some("cn-beijing"));
        // The base is untouched.
        assert_eq!(base.retry, RetryPolicy::default());
        assert_eq!(base.endpoint(), Some("http://127.0.0.1:9"));
        assert_eq!(base.operation_timeout(), Some(Duration::from_secs(9)));
        assert!(!format!("{o:?}{c:?}").contains("override-secret-Kq"));
    }

    #[test]
    fn a_connect_timeout_override_shares_one_client_per_timeout() {
        let base = Config::builder()
            .credentials(Credentials::new("id", "s"))
            .build()
            .unwrap();
        assert_eq!(base.connect_timeout, CONNECT_TIMEOUT);
        let o = ConfigOverride::default().connect_timeout(Duration::from_millis(250));
        let a = base.with_override(&o);
        let b = base.with_override(&o);
        assert_eq!(a.connect_timeout, Duration::from_millis(250));
        let variants = base.http_variants.as_ref().unwrap();
        assert_eq!(
            variants.lock().unwrap().len(),
            2,
            "the default and 250 ms, once"
        );
        assert!(Arc::ptr_eq(variants, b.http_variants.as_ref().unwrap()));
        // Bounded: timeouts past the first few get a client of their own, not kept.
        for ms in 1..20 {
            let o = ConfigOverride::default().connect_timeout(Duration::from_millis(ms));
            assert_eq!(
                base.with_override(&o).connect_timeout.as_millis(),
                u128::from(ms)
            );
        }
        assert_eq!(variants.lock().unwrap().len(), CONNECT_VARIANTS);
        // A caller's own HTTP client keeps its settings.
        let own = Config::builder()
            .credentials(Credentials::new("id", "s"))
            .http_client(reqwest::Client::new())
            .build()
            .unwrap();
        assert_eq!(own.with_override(&o).connect_timeout, CONNECT_TIMEOUT);
    }
}
