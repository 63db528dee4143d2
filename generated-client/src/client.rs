//! [`Client`]: sends any [`Action`] and returns its typed response or a typed error, with
//! signing, endpoint resolution, retries (see [`crate::retry`] for the safety rule) and a
//! `tracing` span per call and per attempt.

use crate::config::{Config, ConfigError, ConfigOverride};
use crate::credentials::CredentialsError;
use crate::endpoint;
use crate::error::{common_kind, ActionError, Common, ErrorBody, ErrorMeta};
use crate::retry::{self, Failure};
use crate::sdk_error::{ResponseError, SdkError};
use crate::transport::{self, AttemptError, Call};
use crate::validate::ValidationErrors;
use crate::Action;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;

/// A client of the ECS API. Cheap to clone (one `Arc`); clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = ecs_client::Client::from_env()?;
/// let policy = client
///     .create_auto_snapshot_policy()
///     .region_id("cn-hangzhou")
///     .time_points([0, 19])
///     .repeat_weekdays([1, 7])
///     .retention_days(30)
///     .send()
///     .await?;
/// println!("{:?}", policy.auto_snapshot_policy_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    config: Arc<Config>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.config.region)
            .field("endpoint", &self.config.endpoint)
            .field("signature", &self.config.signature)
            .finish_non_exhaustive()
    }
}

/// Why a call failed, before the action's error type is known.
#[derive(Debug)]
pub(crate) enum RawFailure {
    Credentials(CredentialsError),
    Timeout {
        attempts: u32,
        after: Duration,
    },
    OperationTimeout {
        attempts: u32,
        after: Duration,
    },
    Transport {
        attempts: u32,
        source: reqwest::Error,
    },
    Response(ResponseError),
    Service(ErrorMeta),
}

impl RawFailure {
    pub(crate) fn into_sdk<E: ActionError>(self) -> SdkError<E> {
        match self {
            RawFailure::Credentials(e) => SdkError::Credentials(e),
            RawFailure::Timeout { attempts, after } => SdkError::Timeout { attempts, after },
            RawFailure::OperationTimeout { attempts, after } => {
                SdkError::OperationTimeout { attempts, after }
            }
            RawFailure::Transport { attempts, source } => SdkError::Transport { attempts, source },
            RawFailure::Response(e) => SdkError::Response(e),
            RawFailure::Service(meta) => SdkError::Service(E::from_meta(meta)),
        }
    }
}

/// One call as the generic core sees it.
pub(crate) struct RawCall<'a> {
    pub product: &'static str,
    pub action: &'static str,
    pub version: &'static str,
    pub params: Vec<(String, String)>,
    /// Has a client token, or only reads: safe to retry after any retryable failure.
    pub idempotent: bool,
    /// Whether an error answer is worth retrying (the action's error table and the common
    /// codes).
    pub retryable: &'a (dyn Fn(&ErrorMeta) -> bool + Send + Sync),
    /// The wire name of the request's top-level `RegionId`, if it has one: the configured
    /// region fills it when `params` lack it (see [`crate::region`]).
    pub region_param: Option<&'static str>,
}

impl Client {
    pub fn new(config: Config) -> Client {
        Client {
            config: Arc::new(config),
        }
    }

    /// A client configured from the environment ([`Config::from_env`]).
    pub fn from_env() -> Result<Client, ConfigError> {
        Config::from_env().map(Client::new)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A client whose calls use `f`'s settings in place of this one's (retries, timeouts,
    /// endpoint: [`ConfigOverride`]); it shares this client's credentials and connections.
    /// A fluent call's `.customize(f)` does the same for that call alone.
    ///
    /// ```no_run
    /// # async fn run(client: ecs_client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// let patient = client.with_override(|o| {
    ///     o.max_attempts(5).operation_timeout(Duration::from_secs(60))
    /// });
    /// # let _ = patient; Ok(()) }
    /// ```
    pub fn with_override(&self, f: impl FnOnce(ConfigOverride) -> ConfigOverride) -> Client {
        Client::new(self.config.with_override(&f(ConfigOverride::default())))
    }

    /// Sends `request` and returns its typed response. The request is sent as it is: a
    /// builder's `build()` has validated it; a struct literal is validated only when you call
    /// its `validate()`. A `RegionId` the request leaves absent or empty is filled with the
    /// configured region ([`crate::region`]); one it sets wins.
    pub async fn send<A: Action>(&self, request: A) -> Result<A::Response, SdkError<A::Error>> {
        let value = self
            .call_raw(raw_call::<A>(&request, &retryable::<A>))
            .await
            .map_err(RawFailure::into_sdk)?;
        decode::<A>(&value).map_err(SdkError::Response)
    }

    /// Every page of a paginated call, as a `Stream` (the same as the builder's
    /// `into_paginator()`, for any request, including those of a user crate's own
    /// `#[ecs_action]` types).
    pub fn paginate<A: crate::Paginated>(&self, request: A) -> crate::Paginator<A> {
        crate::Paginator::new(self.clone(), Ok(request))
    }

    /// The generic core: sign, send, classify, retry. Not generic over the action, so it is
    /// compiled once.
    pub(crate) async fn call_raw(
        &self,
        call: RawCall<'_>,
    ) -> Result<serde_json::Value, RawFailure> {
        let span = tracing::info_span!(
            "ecs_call",
            action = call.action,
            attempts = tracing::field::Empty,
            http_status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            code = tracing::field::Empty,
        );
        let Some(limit) = self.config.operation_timeout else {
            let mut started = 0;
            return self
                .attempts(call, span.clone(), &mut started)
                .instrument(span)
                .await;
        };
        let mut started = 0;
        let outcome = tokio::time::timeout(
            limit,
            self.attempts(call, span.clone(), &mut started)
                .instrument(span.clone()),
        )
        .await;
        match outcome {
            Ok(result) => result,
            Err(_) => {
                tracing::debug!(parent: &span, attempts = started, ?limit, "operation timed out");
                Err(RawFailure::OperationTimeout {
                    attempts: started,
                    after: limit,
                })
            }
        }
    }

    /// The attempts of one call; `started` counts them as they begin, for an operation
    /// timeout that cuts them short.
    async fn attempts(
        &self,
        call: RawCall<'_>,
        span: tracing::Span,
        started: &mut u32,
    ) -> Result<serde_json::Value, RawFailure> {
        let cfg = &*self.config;
        let mut call = call;
        if let (Some(wire), Some(region)) = (call.region_param, cfg.region.as_deref()) {
            crate::region::fill_params(wire, &mut call.params, region);
        }
        let region = cfg.region.clone().or_else(|| {
            call.params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("RegionId"))
                .map(|(_, v)| v.clone())
        });
        let base = match &region {
            Some(r) => endpoint::resolve(&cfg.endpoint, call.product, r),
            None => match &cfg.endpoint.explicit {
                Some(_) => endpoint::resolve(&cfg.endpoint, call.product, ""),
                None => format!("https://{}.aliyuncs.com", call.product.to_ascii_lowercase()),
            },
        };
        let max = cfg.retry.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            *started = attempt;
            span.record("attempts", attempt);
            let creds = cfg
                .credentials
                .credentials()
                .await
                .map_err(RawFailure::Credentials)?;
            let nonce = uuid::Uuid::new_v4().simple().to_string();
            let signed = transport::sign_request(
                Call {
                    action: call.action,
                    version: call.version,
                    params: &call.params,
                },
                &base,
                &creds,
                cfg.signature,
                time::OffsetDateTime::now_utc(),
                &nonce,
                &cfg.user_agent,
            );
            let attempt_span = tracing::debug_span!("ecs_attempt", attempt);
            let outcome = transport::execute(&cfg.http, &signed, cfg.attempt_timeout)
                .instrument(attempt_span)
                .await;
            let (failure, retry_after, err) = match outcome {
                Ok(answer) => {
                    span.record("http_status", answer.status);
                    match classify_answer(answer, call.retryable) {
                        Ok(value) => {
                            if let Some(id) = value.get("RequestId").and_then(|v| v.as_str()) {
                                span.record("request_id", id);
                            }
                            tracing::debug!(attempt, "call succeeded");
                            return Ok(value);
                        }
                        Err((failure, retry_after, err)) => (failure, retry_after, err),
                    }
                }
                Err(AttemptError::Connect(e)) => (
                    Failure::NotExecuted,
                    None,
                    RawFailure::Transport {
                        attempts: attempt,
                        source: e,
                    },
                ),
                Err(AttemptError::Broken(e)) => (
                    Failure::MaybeExecuted,
                    None,
                    RawFailure::Transport {
                        attempts: attempt,
                        source: e,
                    },
                ),
                Err(AttemptError::Timeout) => (
                    Failure::MaybeExecuted,
                    None,
                    RawFailure::Timeout {
                        attempts: attempt,
                        after: cfg.attempt_timeout,
                    },
                ),
            };
            if let RawFailure::Service(meta) = &err {
                span.record("code", meta.code.as_str());
                if let Some(id) = &meta.request_id {
                    span.record("request_id", id.as_str());
                }
            }
            let again = attempt < max && retry::should_retry(failure, call.idempotent);
            tracing::debug!(attempt, ?failure, retrying = again, "attempt failed");
            if !again {
                return Err(err);
            }
            let wait = cfg
                .retry
                .delay(attempt, retry_after.map(Duration::from_millis));
            tokio::time::sleep(wait).await;
        }
    }
}

/// The answer's JSON, or how it failed: (kind of failure, `x-acs-retry-after`, the error).
/// The error is large (it carries the service's whole error), and moved once per attempt.
#[allow(clippy::result_large_err)]
fn classify_answer(
    answer: transport::Answer,
    retryable: &(dyn Fn(&ErrorMeta) -> bool + Send + Sync),
) -> Result<serde_json::Value, (Failure, Option<u64>, RawFailure)> {
    let status = answer.status;
    let unreadable = |reason: &str| {
        let mut e = ResponseError::new(status, reason, &answer.body);
        e.request_id = answer.request_id.clone();
        RawFailure::Response(e)
    };
    if (200..300).contains(&status) {
        return match serde_json::from_str::<serde_json::Value>(&answer.body) {
            Ok(v) if v.is_object() => Ok(v),
            Ok(_) => Err((
                Failure::MaybeExecuted,
                None,
                unreadable("the answer is JSON but not an object"),
            )),
            Err(e) => Err((
                Failure::MaybeExecuted,
                None,
                unreadable(&format!("the answer is not JSON ({e})")),
            )),
        };
    }
    let Some(body) = ErrorBody::parse(&answer.body) else {
        let failure = if status >= 500 || status == 429 {
            Failure::MaybeExecuted
        } else {
            Failure::Final
        };
        return Err((
            failure,
            answer.retry_after_ms,
            unreadable("an error status without an ECS error body"),
        ));
    };
    let mut meta = body.into_meta(status, answer.retry_after_ms);
    if meta.request_id.is_none() {
        meta.request_id = answer.request_id.clone();
    }
    let failure = if common_kind(&meta.code) == Some(Common::Throttling) {
        Failure::NotExecuted
    } else if retryable(&meta) {
        Failure::MaybeExecuted
    } else {
        Failure::Final
    };
    Err((failure, answer.retry_after_ms, RawFailure::Service(meta)))
}

/// Whether an error of action `A` is worth retrying.
pub(crate) fn retryable<A: Action>(meta: &ErrorMeta) -> bool {
    A::Error::from_meta(meta.clone()).meta().is_retryable()
}

/// The core's view of `request`: its parameters (a fresh `ClientToken` when the action has
/// one and the caller left it unset) and whether retrying it is safe.
pub(crate) fn raw_call<'a, A: Action>(
    request: &A,
    retryable: &'a (dyn Fn(&ErrorMeta) -> bool + Send + Sync),
) -> RawCall<'a> {
    let mut params = request.to_params();
    let token_field = request
        .spec()
        .fields
        .iter()
        .find(|f| f.wire.eq_ignore_ascii_case("ClientToken"));
    let has_token = token_field.is_some();
    if let Some(f) = token_field {
        if !params.iter().any(|(k, _)| k == f.wire) {
            params.push((f.wire.to_string(), uuid::Uuid::new_v4().to_string()));
        }
    }
    RawCall {
        product: A::PRODUCT,
        action: A::ACTION,
        version: A::VERSION,
        params,
        idempotent: has_token || A::read_only(),
        retryable,
        region_param: crate::region::region_param(request.spec()),
    }
}

/// The typed response from the answer's JSON.
pub(crate) fn decode<A: Action>(value: &serde_json::Value) -> Result<A::Response, ResponseError> {
    A::Response::deserialize(value).map_err(|e| {
        ResponseError::new(
            200,
            format!("the answer does not fit the response type: {e}"),
            &value.to_string(),
        )
    })
}

/// What a client-bound builder's `send()` calls: generic, so that an action's sending code is
/// compiled only where the action is sent, not once per generated action.
pub async fn send_owned<A: Action>(
    client: Client,
    built: Result<A, ValidationErrors>,
) -> Result<A::Response, SdkError<A::Error>> {
    send_built(&client, built).await
}

/// Sends a built request, or returns its validation error.
pub async fn send_built<A: Action>(
    client: &Client,
    built: Result<A, ValidationErrors>,
) -> Result<A::Response, SdkError<A::Error>> {
    match built {
        Ok(request) => client.send(request).await,
        Err(e) => Err(SdkError::Construction(e)),
    }
}
