//! The HTTP side: an accept loop serving each connection with hyper (so a fault can close a
//! connection without answering), the axum router (the ECS endpoint at `/`, the control API
//! under `/__emulator/`), and the faults applied to an ECS call before and after
//! [`crate::call`] handles it.

use crate::auth::Verifier;
use crate::call::{call, form_body, format_hint, host_of, render, Outcome};
use crate::catalog::Catalog;
use crate::error::EcsError;
use crate::faults::{Fault, Faults};
use crate::idempotency::Tokens;
use crate::params::MAX_BODY_BYTES;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get as get_route, post};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tracing::Instrument;

/// Everything one emulator shares between its connections and its handle.
pub(crate) struct Shared {
    pub catalog: Catalog,
    pub verifier: Verifier,
    pub faults: Faults,
    pub tokens: Mutex<Tokens>,
    pub requests_seen: AtomicU64,
    pub executions: AtomicU64,
    pub state: crate::state::State,
    /// Refuse parameters the page does not list (ECS ignores them).
    pub strict: bool,
    /// Parameters ignored because the page does not list them.
    pub ignored_params: AtomicU64,
}

impl Shared {
    pub fn tokens(&self) -> std::sync::MutexGuard<'_, Tokens> {
        match self.tokens.lock() {
            Ok(t) => t,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// Closes the connection a request came on.
#[derive(Clone)]
struct Kill(Arc<Notify>);

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__emulator/faults", post(crate::control::faults))
        .route("/__emulator/stats", get_route(crate::control::stats))
        .route(
            "/__emulator/executions/{token}",
            get_route(crate::control::executions),
        )
        .route("/__emulator/reset", post(crate::control::reset))
        .route(
            "/__emulator/state",
            get_route(crate::control::dump).post(crate::control::load),
        )
        .route("/__emulator/save", post(crate::control::save))
        .route("/__emulator/coverage", get_route(crate::control::coverage))
        .route("/__emulator/config", post(crate::control::config))
        .fallback(ecs)
        .with_state(shared)
}

/// Accepts connections until `shutdown` changes; each connection is closed at shutdown too.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let router = router.clone();
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let for_requests = Kill(kill.clone());
            let svc = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(for_requests.clone());
                let mut router = router.clone();
                async move { tower_service::Service::call(&mut router, req.map(Body::new)).await }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            // half_close: a client that shuts its write side after the request still gets
            // the answer.
            builder
                .half_close(true)
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30));
            let conn = builder.serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                r = conn => {
                    if let Err(e) = r {
                        tracing::debug!("connection ended: {e}");
                    }
                }
                _ = kill.notified() => tracing::debug!("connection dropped by a fault"),
                _ = conn_shutdown.changed() => {}
            }
        });
    }
}

fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

/// The ECS endpoint: every path and method that is not the control API.
async fn ecs(State(shared): State<Arc<Shared>>, req: Request<Body>) -> Response {
    shared.requests_seen.fetch_add(1, Ordering::Relaxed);
    let request_id = new_request_id();
    let span = tracing::debug_span!("ecs", request_id = %request_id, method = %req.method());
    async move {
        let kill = req.extensions().get::<Kill>().cloned();
        let fault = shared.faults.next();
        if let Some(f) = fault {
            tracing::debug!(?f, "fault");
        }
        let (parts, body) = req.into_parts();
        let query = parts.uri.query().unwrap_or_default().as_bytes();
        let host = host_of(&parts.headers);
        let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                // Over the cap, or the client went away mid-body.
                return render(
                    &Outcome {
                        format: format_hint(query, &[], &parts.headers),
                        host,
                        request_id: request_id.clone(),
                        result: Err(EcsError::invalid_parameter(format!(
                            "The request body is longer than {MAX_BODY_BYTES} bytes or was cut off."
                        ))),
                    },
                    None,
                );
            }
        };
        // A fault answers in the format asked for, in the query or in a form body.
        let early_format = format_hint(query, form_body(&parts.headers, &body), &parts.headers);
        let fault_error = |e: EcsError| Outcome {
            format: early_format,
            host: host.clone(),
            request_id: request_id.clone(),
            result: Err(e),
        };
        match fault {
            Some(Fault::Throttle { retry_after_ms }) => {
                let mut r = render(
                    &fault_error(EcsError::new(
                        400,
                        "Throttling.User",
                        "Request was denied due to user flow control.",
                    )),
                    None,
                );
                if let Some(ms) = retry_after_ms {
                    r.headers_mut()
                        .insert("x-acs-retry-after", HeaderValue::from(ms));
                }
                return r;
            }
            Some(Fault::InternalError) => {
                return render(
                    &fault_error(EcsError::new(
                        500,
                        "InternalError",
                        "The request processing has failed due to some unknown error, exception or failure.",
                    )),
                    None,
                )
            }
            Some(Fault::ServiceUnavailable) => {
                return render(
                    &fault_error(EcsError::new(
                        503,
                        "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server.",
                    )),
                    None,
                )
            }
            Some(Fault::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
            Some(Fault::DropBeforeExecute) => return drop_connection(kill).await,
            _ => {}
        }
        let row = match fault {
            Some(Fault::ErrorRow { index }) => Some(index),
            _ => None,
        };
        let (outcome, action_name) =
            call(&shared, &parts, &body, request_id.clone(), host.clone(), row);
        let action = action_name.as_deref().and_then(|a| shared.catalog.actions.get(a));
        match &outcome.result {
            Ok(_) => tracing::debug!(action = ?action_name, "ok"),
            Err(e) => tracing::debug!(action = ?action_name, code = %e.code, status = e.status, "refused"),
        }
        match fault {
            Some(Fault::DropAfterExecute) => drop_connection(kill).await,
            Some(Fault::GarbageBody) => {
                let mut r = Response::new(Body::from(&b"\xff\xfe<html>\x00 this is not {\"RequestId\": "[..]));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json;charset=utf-8"),
                );
                r
            }
            Some(Fault::TruncatedBody) => truncated(render(&outcome, action)).await,
            _ => render(&outcome, action),
        }
    }
    .instrument(span)
    .await
}

/// Closes the connection; the client sees no response.
async fn drop_connection(kill: Option<Kill>) -> Response {
    match kill {
        Some(Kill(k)) => {
            k.notify_one();
            std::future::pending::<Response>().await
        }
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The response with its full Content-Length but only half its body, then a broken
/// connection.
async fn truncated(r: Response) -> Response {
    let (mut parts, body) = r.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    use futures_util::StreamExt;
    let first = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(half) });
    let broken = futures_util::stream::once(async {
        // Let the half body reach the client before the connection breaks.
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::other("truncated by a fault"))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(broken)))
}
