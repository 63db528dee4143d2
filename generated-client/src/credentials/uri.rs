//! Credentials from a URI (`ALIBABA_CLOUD_CREDENTIALS_URI`): a GET answering
//! `{Code, AccessKeyId, AccessKeySecret, SecurityToken, Expiration}`.

use super::http::{credentials_from, json_object, send, string};
use super::resolve::CredentialsUri;
use super::{Credentials, CredentialsError, ProvideCredentials};
use futures_util::future::BoxFuture;
use std::time::Duration;

/// Asks a credentials URI. Messages show the URI without its query.
pub struct UriProvider {
    client: reqwest::Client,
    uri: CredentialsUri,
    timeout: Duration,
}

impl std::fmt::Debug for UriProvider {
    /// Without the HTTP client: its `Debug` shows proxy URLs, which may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UriProvider")
            .field("uri", &self.uri)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl UriProvider {
    pub fn new(client: reqwest::Client, uri: CredentialsUri, timeout: Duration) -> Self {
        UriProvider {
            client,
            uri,
            timeout,
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let shown = self.uri.display();
        let full = self.uri.expose();
        let error = |message: String| CredentialsError::Http {
            endpoint: shown.clone(),
            message,
        };
        let req = self.client.get(full).timeout(self.timeout);
        let (status, body) = send(req, &shown, &[full]).await?;
        let obj = json_object(&body).map_err(|m| error(format!("HTTP {status}: {m}")))?;
        let code = string(&obj, "Code");
        if !status.is_success() || code.as_deref().is_some_and(|c| c != "Success") {
            let message = string(&obj, "Message").map(|m| format!(": {m}"));
            return Err(error(format!(
                "HTTP {status}, Code {}{}",
                code.as_deref().unwrap_or("missing"),
                message.unwrap_or_default()
            )));
        }
        credentials_from(&obj).map_err(error)
    }
}

impl ProvideCredentials for UriProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
