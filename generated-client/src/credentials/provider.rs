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

/// Caches what `inner` provides until `refresh_before` its expiration. One caller fetches,
/// however many call at once: while there are no valid credentials the others wait for its
/// result; while the cached ones are due but still valid, the others keep using them until
/// the refresh is done. When a refresh fails while the cached credentials are still valid,
/// those are handed out (and the next call tries again).
pub struct Cached<P> {
    inner: P,
    refresh_before: Duration,
    slot: std::sync::Mutex<Option<Credentials>>,
    /// Held by the one caller that fetches.
    refreshing: tokio::sync::Mutex<()>,
}

impl<P: ProvideCredentials> Cached<P> {
    pub fn new(inner: P, refresh_before: Duration) -> Self {
        Cached {
            inner,
            refresh_before,
            slot: std::sync::Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    fn current(&self) -> Option<Credentials> {
        self.slot.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let now = OffsetDateTime::now_utc();
        match self.current() {
            Some(c) if !needs_refresh(&c, now, self.refresh_before) => return Ok(c),
            Some(c) if !expired(&c, now) => {
                // Due but valid: refresh unless another caller already does.
                return match self.refreshing.try_lock() {
                    Ok(_guard) => self.refresh(Some(c), now).await,
                    Err(_) => Ok(c),
                };
            }
            _ => {}
        }
        let _guard = self.refreshing.lock().await;
        // Whoever held the lock may have fetched what this caller needs.
        let now = OffsetDateTime::now_utc();
        let cached = self.current();
        match cached {
            Some(c) if !needs_refresh(&c, now, self.refresh_before) => Ok(c),
            cached => self.refresh(cached, now).await,
        }
    }

    /// Fetches, with the refresh lock held; `cached` is what the slot holds.
    async fn refresh(
        &self,
        cached: Option<Credentials>,
        now: OffsetDateTime,
    ) -> Result<Credentials, CredentialsError> {
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
                *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(c.clone());
                Ok(c)
            }
            Err(e) => match cached {
                Some(c) if !expired(&c, OffsetDateTime::now_utc()) => {
                    tracing::warn!(
                        provider = ?self.inner,
                        error = %e,
                        "refreshing credentials failed; the cached ones are still valid"
                    );
                    Ok(c)
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

/// Whether `c` has expired at `now`.
fn expired(c: &Credentials, now: OffsetDateTime) -> bool {
    c.expiration.is_some_and(|at| at <= now)
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
    async fn while_one_caller_refreshes_the_others_use_the_valid_credentials() {
        let (p, calls) = counting(time::Duration::seconds(60), false);
        assert_eq!(p.provide().await.unwrap().access_key_id, "id0");
        let p = CredentialsProvider::new(p);
        let all = futures_util::future::join_all((0..16).map(|_| p.credentials())).await;
        let ids: Vec<String> = all.into_iter().map(|c| c.unwrap().access_key_id).collect();
        assert_eq!(ids.iter().filter(|id| *id == "id1").count(), 1, "{ids:?}");
        assert_eq!(ids.iter().filter(|id| *id == "id0").count(), 15, "{ids:?}");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
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
