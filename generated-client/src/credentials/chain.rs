//! The default chain as a provider: it reads the configuration ([`default_chain_from`]),
//! builds the provider of the source it finds, and keeps that provider once it has handed
//! out credentials (WIRE.md §5: "once a provider succeeds, the chain reuses it").

use super::imds::{ImdsProvider, DEFAULT_IMDS_ENDPOINT};
use super::provider::{Cached, CredentialsProvider, DEFAULT_REFRESH_BEFORE};
use super::resolve::{default_chain_from, Source};
use super::sts::{sts_endpoint, AssumeRoleProvider, OidcProvider, Sts};
use super::uri::UriProvider;
use super::{Credentials, CredentialsError, ProvideCredentials, Sources};
use futures_util::future::BoxFuture;
use std::fmt;
use std::time::Duration;

/// Where the chain looks and what it calls. [`ChainOptions::system`] is the process's
/// environment and home with the public endpoints; tests build their own with
/// [`ChainOptions::new`] and point the endpoints at local servers.
#[derive(Clone)]
pub struct ChainOptions {
    /// Environment variables and the home folder.
    pub sources: Sources,
    /// STS base URL for every STS call (`http://` allowed). `None`: from the profile's
    /// `sts_region`, else `ALIBABA_CLOUD_STS_REGION`, and `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`
    /// ([`sts_endpoint`]).
    pub sts_endpoint: Option<String>,
    /// The metadata service's base URL, [`DEFAULT_IMDS_ENDPOINT`] by default.
    pub imds_endpoint: String,
    /// Bounds each STS call (10 s, as the SDKs' connect plus read time).
    pub sts_timeout: Duration,
    /// Bounds each metadata request (1 s: off ECS the address does not answer, and the chain
    /// should not hang there).
    pub imds_timeout: Duration,
    /// Bounds each credentials URI request (5 s).
    pub uri_timeout: Duration,
    /// Temporary credentials are fetched again when less than this is left of them.
    pub refresh_before: Duration,
    /// The HTTP client; `None`: the chain's own (the system proxy settings apply to STS and
    /// credentials URIs, never to the metadata service).
    pub http: Option<reqwest::Client>,
}

impl fmt::Debug for ChainOptions {
    /// Without the HTTP client: its `Debug` shows proxy URLs, which may hold a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainOptions")
            .field("sources", &self.sources)
            .field("sts_endpoint", &self.sts_endpoint)
            .field("imds_endpoint", &self.imds_endpoint)
            .field("sts_timeout", &self.sts_timeout)
            .field("imds_timeout", &self.imds_timeout)
            .field("uri_timeout", &self.uri_timeout)
            .field("refresh_before", &self.refresh_before)
            .field("http", &self.http.as_ref().map(|_| "<client>"))
            .finish()
    }
}

impl ChainOptions {
    /// `sources`, with the public endpoints and the default timeouts.
    pub fn new(sources: Sources) -> Self {
        ChainOptions {
            sources,
            sts_endpoint: None,
            imds_endpoint: DEFAULT_IMDS_ENDPOINT.into(),
            sts_timeout: Duration::from_secs(10),
            imds_timeout: Duration::from_secs(1),
            uri_timeout: Duration::from_secs(5),
            refresh_before: DEFAULT_REFRESH_BEFORE,
            http: None,
        }
    }

    /// The process environment and `$HOME`.
    pub fn system() -> Self {
        Self::new(Sources::system())
    }

    pub fn with_sts_endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint = Some(url.into());
        self
    }

    pub fn with_imds_endpoint(mut self, url: impl Into<String>) -> Self {
        self.imds_endpoint = url.into();
        self
    }

    pub fn with_refresh_before(mut self, before: Duration) -> Self {
        self.refresh_before = before;
        self
    }

    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
}

/// The provider found, with where it was found.
struct Chosen {
    origin: String,
    provider: CredentialsProvider,
}

/// The official default chain (module docs of [`crate::credentials`]).
pub struct DefaultChain {
    opts: ChainOptions,
    client: Result<reqwest::Client, String>,
    /// The metadata service is on the instance's own network: never through a proxy.
    imds_client: Result<reqwest::Client, String>,
    chosen: tokio::sync::Mutex<Option<Chosen>>,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chosen = match self.chosen.try_lock() {
            Ok(c) => c.as_ref().map(|c| c.origin.clone()),
            Err(_) => Some("<busy>".into()),
        };
        f.debug_struct("DefaultChain")
            .field("chosen", &chosen)
            .field("opts", &self.opts)
            .finish()
    }
}

impl DefaultChain {
    pub fn new(opts: ChainOptions) -> Self {
        let build = |direct: bool| match &opts.http {
            Some(c) => Ok(c.clone()),
            None => {
                // No redirects: none of these services sends one, and a redirect would
                // carry the metadata token or the form to another host.
                let b = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
                let b = if direct { b.no_proxy() } else { b };
                b.build().map_err(|e| e.to_string())
            }
        };
        let (client, imds_client) = (build(false), build(true));
        DefaultChain {
            opts,
            client,
            imds_client,
            chosen: tokio::sync::Mutex::new(None),
        }
    }

    /// Where the credentials come from, once the chain has found them.
    pub async fn chosen_origin(&self) -> Option<String> {
        self.chosen.lock().await.as_ref().map(|c| c.origin.clone())
    }

    fn client(&self) -> Result<reqwest::Client, CredentialsError> {
        client(&self.client)
    }

    fn sts(&self, region: Option<&str>) -> Result<Sts, CredentialsError> {
        let src = &self.opts.sources;
        let endpoint = match &self.opts.sts_endpoint {
            Some(e) => e.clone(),
            None => sts_endpoint(
                region
                    .map(str::to_string)
                    .or_else(|| src.var("ALIBABA_CLOUD_STS_REGION"))
                    .as_deref(),
                src.flag("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"),
            ),
        };
        Ok(Sts::new(self.client()?, endpoint, self.opts.sts_timeout))
    }

    /// The configured session name, else `ALIBABA_CLOUD_ROLE_SESSION_NAME` (as the SDKs do).
    fn session_name(&self, configured: &Option<String>) -> Option<String> {
        configured
            .clone()
            .or_else(|| self.opts.sources.var("ALIBABA_CLOUD_ROLE_SESSION_NAME"))
    }

    fn cached(&self, p: impl ProvideCredentials + 'static) -> CredentialsProvider {
        CredentialsProvider::new(Cached::new(p, self.opts.refresh_before))
    }

    /// The provider of `source`, with its endpoints from the options.
    fn build(&self, source: &Source) -> Result<CredentialsProvider, CredentialsError> {
        Ok(match source {
            Source::Static(c) => CredentialsProvider::fixed(c.clone()),
            Source::RamRoleArn(r) => {
                let signer = self.build(&r.source)?;
                let p = AssumeRoleProvider::new(
                    self.sts(r.sts_region.as_deref())?,
                    signer,
                    &r.role_arn,
                )
                .session_name(self.session_name(&r.session_name))
                .policy(r.policy.clone())
                .external_id(r.external_id.clone())
                .duration_seconds(r.duration_seconds);
                self.cached(p)
            }
            Source::Oidc(o) => {
                let p = OidcProvider::new(
                    self.sts(o.sts_region.as_deref())?,
                    &o.role_arn,
                    &o.provider_arn,
                    &o.token_file,
                )
                .session_name(self.session_name(&o.session_name))
                .policy(o.policy.clone())
                .duration_seconds(o.duration_seconds);
                self.cached(p)
            }
            Source::EcsRamRole { role_name } => {
                let src = &self.opts.sources;
                if src.flag("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
                    return Err(CredentialsError::Invalid {
                        origin: "ALIBABA_CLOUD_ECS_METADATA_DISABLED".into(),
                        message: "the profile asks for the ECS RAM role, and the metadata service is disabled".into(),
                    });
                }
                let p = ImdsProvider::new(
                    client(&self.imds_client)?,
                    &self.opts.imds_endpoint,
                    self.opts.imds_timeout,
                )
                .role_name(
                    role_name
                        .clone()
                        .or_else(|| src.var("ALIBABA_CLOUD_ECS_METADATA")),
                )
                .v1_disabled(src.flag("ALIBABA_CLOUD_IMDSV1_DISABLED"));
                self.cached(p)
            }
            Source::Uri(u) => {
                let p = UriProvider::new(self.client()?, u.clone(), self.opts.uri_timeout);
                self.cached(p)
            }
        })
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut chosen = self.chosen.lock().await;
        if let Some(c) = chosen.as_ref() {
            let p = c.provider.clone();
            drop(chosen);
            return p.credentials().await;
        }
        // Concurrent first callers wait here and find the provider chosen.
        let candidates = default_chain_from(&self.opts.sources)?;
        let mut metadata = None;
        for c in candidates {
            let provider = self.build(&c.source)?;
            match provider.credentials().await {
                Ok(creds) => {
                    tracing::debug!(origin = %c.origin, "credentials found");
                    *chosen = Some(Chosen {
                        origin: c.origin,
                        provider,
                    });
                    return Ok(creds);
                }
                Err(e) if c.implicit => {
                    tracing::debug!(origin = %c.origin, error = %e, "no credentials here");
                    metadata = Some(e.to_string());
                }
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::NotFound { metadata })
    }
}

/// The client, or why it could not be built (reported when it is first needed).
fn client(c: &Result<reqwest::Client, String>) -> Result<reqwest::Client, CredentialsError> {
    c.clone().map_err(|message| CredentialsError::Http {
        endpoint: "the HTTP client".into(),
        message,
    })
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}
