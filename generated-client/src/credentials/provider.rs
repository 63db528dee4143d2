//! The provider interface a client holds, fixed credentials, and the cache that refreshes
//! temporary ones before they expire.

use super::chain::{ChainOptions, DefaultChain};
use super::{Credentials, CredentialsError};
use futures_util::future::BoxFuture;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// Something that hands out credentials, perhaps after a network call.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// The credentials a client signs with: cheap to clone, shared between requests.
#[derive(Clone, Debug)]
pub struct CredentialsProvider(Arc<dyn ProvideCredentials>);

impl CredentialsProvider {
    /// Always these credentials.
    pub fn fixed(c: Credentials) -> Self {
        CredentialsProvider(Arc::new(Fixed(c)))
    }

    pub fn new(p: impl ProvideCredentials + 'static) -> Self {
        CredentialsProvider(Arc::new(p))
    }

    /// The official default chain over the process environment and `$HOME`, with the public
    /// endpoints (module docs).
    pub fn default_chain() -> Self {
        Self::default_chain_with(ChainOptions::system())
    }

    /// The default chain over `opts`: its variables, home folder, endpoints and timeouts.
    pub fn default_chain_with(opts: ChainOptions) -> Self {
        Self::new(DefaultChain::new(opts))
    }

    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.0.provide().await
    }
}

impl ProvideCredentials for CredentialsProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide()
    }
}

/// Static credentials.
struct Fixed(Credentials);

impl fmt::Debug for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Fixed").field(&self.0.access_key_id).finish()
    }
}

impl ProvideCredentials for Fixed {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

/// The official SDKs treat session credentials as stale 15 minutes before they expire
/// (credentials-go `providers/session.go`, aligned with Python, Java and Node.js).
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(15 * 60);

/// Caches what `inner` provides until `refresh_before` its expiration. Callers that arrive
/// while a refresh is under way wait for it and share its result: one fetch, however many
/// callers. When a refresh fails while the cached credentials are still valid, those are
/// handed out (and the next call tries again).
pub struct Cached<P> {
    inner: P,
    refresh_before: Duration,
    slot: tokio::sync::Mutex<Option<Credentials>>,
}

impl<P: ProvideCredentials> Cached<P> {
    pub fn new(inner: P, refresh_before: Duration) -> Self {
        Cached {
            inner,
            refresh_before,
            slot: tokio::sync::Mutex::new(None),
        }
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut slot = self.slot.lock().await;
        let now = OffsetDateTime::now_utc();
        if let Some(c) = slot.as_ref() {
            if !needs_refresh(c, now, self.refresh_before) {
                return Ok(c.clone());
            }
        }
        match self.inner.provide().await {
            Ok(c) => {
                if let Some(at) = c.expiration.filter(|&at| at <= now) {
                    return Err(CredentialsError::Expired {
                        provider: short_type_name::<P>().to_string(),
                        expired_at: at,
                    });
                }
                tracing::debug!(
                    provider = ?self.inner,
                    expiration = ?c.expiration,
                    "credentials fetched"
                );
                *slot = Some(c.clone());
                Ok(c)
            }
            Err(e) => match slot.as_ref() {
                Some(c) if !matches!(c.expiration, Some(at) if at <= now) => {
                    tracing::warn!(
                        provider = ?self.inner,
                        error = %e,
                        "refreshing credentials failed; the cached ones are still valid"
                    );
                    Ok(c.clone())
                }
                _ => Err(e),
            },
        }
    }
}

/// `AssumeRoleProvider` for `ecs_client::credentials::sts::AssumeRoleProvider`.
fn short_type_name<P>() -> &'static str {
    let full = std::any::type_name::<P>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// Whether `c` expires within `before` of `now`.
fn needs_refresh(c: &Credentials, now: OffsetDateTime, before: Duration) -> bool {
    c.expiration.is_some_and(|at| at - now <= before)
}

impl<P: fmt::Debug> fmt::Debug for Cached<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cached")
            .field("inner", &self.inner)
            .field("refresh_before", &self.refresh_before)
            .finish()
    }
}

impl<P: ProvideCredentials> ProvideCredentials for Cached<P> {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts its calls; hands out credentials valid for `valid`, or fails after the first
    /// call when `fail_after_first`.
    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        valid: time::Duration,
        fail_after_first: bool,
    }

    impl ProvideCredentials for Counting {
        fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                if self.fail_after_first && n > 0 {
                    return Err(CredentialsError::Http {
                        endpoint: "test".into(),
                        message: "down".into(),
                    });
                }
                Ok(Credentials::new(format!("id{n}"), "s")
                    .with_expiration(OffsetDateTime::now_utc() + self.valid))
            })
        }
    }

    fn counting(
        valid: time::Duration,
        fail_after_first: bool,
    ) -> (Cached<Counting>, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let p = Counting {
            calls: calls.clone(),
            valid,
            fail_after_first,
        };
        (Cached::new(p, DEFAULT_REFRESH_BEFORE), calls)
    }

    #[tokio::test]
    async fn fresh_credentials_are_served_from_the_cache() {
        let (p, calls) = counting(time::Duration::hours(1), false);
        assert_eq!(p.provide().await.unwrap().access_key_id, "id0");
        assert_eq!(p.provide().await.unwrap().access_key_id, "id0");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_inside_the_refresh_window_are_fetched_again() {
        let (p, calls) = counting(time::Duration::seconds(60), false);
        assert_eq!(p.provide().await.unwrap().access_key_id, "id0");
        assert_eq!(p.provide().await.unwrap().access_key_id, "id1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_valid_credentials_and_an_expired_answer_is_an_error() {
        let (p, calls) = counting(time::Duration::seconds(60), true);
        assert_eq!(p.provide().await.unwrap().access_key_id, "id0");
        // The refresh fails; the cached credentials have a minute left.
        assert_eq!(p.provide().await.unwrap().access_key_id, "id0");
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let (p, _) = counting(time::Duration::seconds(-5), false);
        let e = p.provide().await.unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Counting returned credentials that expired at "),
            "{e}"
        );
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let (p, calls) = counting(time::Duration::hours(1), false);
        let p = CredentialsProvider::new(p);
        let all = futures_util::future::join_all((0..16).map(|_| p.credentials())).await;
        assert!(all
            .iter()
            .all(|c| c.as_ref().unwrap().access_key_id == "id0"));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn fixed_credentials_and_their_debug() {
        let p = CredentialsProvider::fixed(Credentials::new("LTAIfixed", "fixed-secret"));
        assert_eq!(
            p.credentials().await.unwrap().access_key_secret.expose(),
            "fixed-secret"
        );
        let shown = format!("{p:?}");
        assert!(
            shown.contains("LTAIfixed") && !shown.contains("fixed-secret"),
            "{shown}"
        );
    }
}
