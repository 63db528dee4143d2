//! Credentials: an AccessKey pair, with an STS token and an expiration when it is temporary,
//! and the official default chain that finds them (WIRE.md §5), in its order:
//!
//! 1. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
//!    optional `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 2. OIDC: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`,
//!    `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (optional `ALIBABA_CLOUD_ROLE_SESSION_NAME`), exchanged
//!    for STS credentials with `AssumeRoleWithOIDC`;
//! 3. the aliyun CLI's `~/.aliyun/config.json` (profile `ALIBABA_CLOUD_PROFILE`, else the
//!    file's `current`), modes `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`,
//!    `EcsRamRole` and `OIDC`; skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`;
//! 4. the INI file `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials` (the
//!    Go SDK's name) or `~/.alibabacloud/credentials.ini` (the Python SDK's), section
//!    `ALIBABA_CLOUD_PROFILE` else `default`, types `access_key`, `ecs_ram_role`,
//!    `ram_role_arn` and `oidc_role_arn`;
//! 5. the ECS instance's RAM role through the metadata service (IMDSv2 token first), unless
//!    `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`;
//! 6. the credentials URI `ALIBABA_CLOUD_CREDENTIALS_URI`.
//!
//! Steps 1 to 4 are read without a network call ([`default_chain_from`] says what they found).
//! Unlike the official SDKs, a source that is configured but broken (half an AccessKey pair, a
//! file that does not parse, a profile without its role) stops the chain with its error
//! instead of being skipped for the next one: the user sees what to fix. The metadata service
//! is the one step tried without being configured, so when it does not answer the chain goes
//! on to the URI, and with nothing after it says what to set (off ECS that costs two
//! metadata requests of [`ChainOptions::imds_timeout`], 1 s each by default).
//!
//! [`CredentialsProvider`] is what a client holds: [`CredentialsProvider::default_chain`] walks
//! the chain once, keeps the provider that succeeded, and temporary credentials are cached
//! and refreshed 15 minutes before they expire ([`Cached`], [`DEFAULT_REFRESH_BEFORE`]).
//! Every endpoint and timeout is in [`ChainOptions`].
//!
//! ```no_run
//! # async fn f() -> Result<(), ecs_client::CredentialsError> {
//! use ecs_client::CredentialsProvider;
//! let provider = CredentialsProvider::default_chain();
//! let c = provider.credentials().await?; // cached until 15 minutes before it expires
//! println!("{c:?}"); // the AccessKey ID; the secret and token print as ***
//! # Ok(()) }
//! ```

mod chain;
mod files;
mod http;
mod imds;
mod provider;
mod resolve;
mod sts;
mod uri;

pub use chain::{ChainOptions, DefaultChain};
pub use files::{from_cli_config, from_ini};
pub use imds::{ImdsProvider, DEFAULT_IMDS_ENDPOINT};
pub use provider::{Cached, CredentialsProvider, ProvideCredentials, DEFAULT_REFRESH_BEFORE};
pub use resolve::{
    default_chain_from, from_env, Configured, CredentialsUri, OidcRoleArn, RamRoleArn, Source,
};
pub use sts::{sts_endpoint, AssumeRoleProvider, OidcProvider, Sts};
pub use uri::UriProvider;

use crate::secret::Secret;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

/// What signs a request. `Debug` shows the AccessKey ID only; the secret and the token print
/// as `***`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    /// Sent as `SecurityToken` (V1) or `x-acs-security-token` (V3) with STS credentials.
    pub security_token: Option<Secret>,
    /// When temporary credentials stop working; `None` for a long-lived AccessKey.
    pub expiration: Option<OffsetDateTime>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    pub fn with_expiration(mut self, expiration: OffsetDateTime) -> Self {
        self.expiration = Some(expiration);
        self
    }
}

/// Why no credentials came out of a provider. Messages name the file, profile, variable or
/// endpoint, never a secret: values the server echoes back are masked before they get here.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CredentialsError {
    #[error("{set} is set but {missing} is not")]
    IncompleteEnvironment {
        set: &'static str,
        missing: &'static str,
    },
    #[error("{}: {message}", path.display())]
    BadFile { path: PathBuf, message: String },
    #[error("{}: no profile `{profile}`", path.display())]
    NoProfile { path: PathBuf, profile: String },
    #[error("{}: profile `{profile}` has no `{field}`", path.display())]
    MissingField {
        path: PathBuf,
        profile: String,
        field: &'static str,
    },
    /// A source is configured with a value the chain cannot use (an unknown mode, a duration
    /// under STS's minimum).
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
    /// The request did not get an answer, or the answer was not the expected one.
    #[error("{endpoint}: {message}")]
    Http { endpoint: String, message: String },
    /// STS answered with an error.
    #[error("STS {action} at {endpoint} failed: {code}: {message} (RequestId {request_id})")]
    Sts {
        action: &'static str,
        endpoint: String,
        code: String,
        message: String,
        request_id: String,
    },
    /// The ECS instance metadata service answered, but not with credentials.
    #[error("ECS metadata service {endpoint}: {message}")]
    Metadata { endpoint: String, message: String },
    /// A provider handed out credentials that had already expired.
    #[error("{provider} returned credentials that expired at {expired_at}")]
    Expired {
        provider: String,
        expired_at: OffsetDateTime,
    },
    #[error("no credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials{}", metadata.as_ref().map(|m| format!(" (the ECS metadata service was tried: {m})")).unwrap_or_default())]
    NotFound {
        /// Why the metadata service, tried last, gave nothing (`None` when it was disabled).
        metadata: Option<String>,
    },
}

/// Looks up an environment variable.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where the chain looks: environment variables and the home folder. [`Sources::system`] is
/// the process's own; tests pass their own ([`Sources::from_vars`]).
#[derive(Clone)]
pub struct Sources {
    env: EnvLookup,
    pub home: Option<PathBuf>,
}

impl Sources {
    /// The process environment (read when the chain runs) and `$HOME`.
    pub fn system() -> Sources {
        Sources {
            env: Arc::new(|k| std::env::var(k).ok()),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }

    /// Variables from `env`.
    pub fn new(
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
        home: Option<PathBuf>,
    ) -> Sources {
        Sources {
            env: Arc::new(env),
            home,
        }
    }

    /// Exactly these variables, nothing from the process.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
        home: Option<PathBuf>,
    ) -> Sources {
        let map: std::collections::HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Sources::new(move |k| map.get(k).cloned(), home)
    }

    /// A variable's value; unset and blank are the same.
    pub fn var(&self, k: &str) -> Option<String> {
        (self.env)(k).filter(|v| !v.trim().is_empty())
    }

    /// `true` when the variable says `true` (any case).
    pub fn flag(&self, k: &str) -> bool {
        self.var(k)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }
}

impl fmt::Debug for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sources")
            .field("env", &"<lookup>")
            .field("home", &self.home)
            .finish()
    }
}
