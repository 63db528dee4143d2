//! The HTTP side: an accept loop serving each connection with hyper (so a fault can close a
//! connection without answering), the axum router (the ECS endpoint at `/`, the control API
//! under `/__emulator/`), and one request's way through faults, decoding, signature,
//! validation, idempotency and the answer.

use crate::auth::{style, Incoming, Style, Verifier};
use crate::catalog::Catalog;
use crate::error::EcsError;
use crate::faults::{Fault, FaultRequest, Faults};
use crate::idempotency::{check_token, fingerprint, Answer, Tokens};
use crate::params::{self, get, COMMON, MAX_BODY_BYTES, MAX_QUERY_BYTES};
use crate::respond::{json_body, xml_body, Format};
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
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
        .route("/__emulator/faults", post(control_faults))
        .route("/__emulator/stats", get_route(control_stats))
        .route(
            "/__emulator/executions/{token}",
            get_route(control_executions),
        )
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

/// What one ECS call came to.
struct Outcome {
    format: Format,
    host: String,
    request_id: String,
    result: Result<Answer, EcsError>,
}

fn format_of(params: &[(String, String)], headers: &HeaderMap) -> Format {
    match get(params, "Format").and_then(Format::parse) {
        Some(f) => f,
        None => default_format(headers),
    }
}

/// The format asked for when the parameters did not decode: a `Format=` pair read alone.
fn format_hint(raw_query: &[u8], headers: &HeaderMap) -> Format {
    raw_query
        .split(|&b| b == b'&')
        .find_map(|piece| piece.strip_prefix(b"Format="))
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(Format::parse)
        .unwrap_or_else(|| default_format(headers))
}

fn default_format(headers: &HeaderMap) -> Format {
    // The V3 SDKs send no Format and read JSON; V1's documented default is XML.
    if style(headers) == Style::V3 {
        Format::Json
    } else {
        Format::Xml
    }
}

fn host_of(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(params::shown)
        .unwrap_or_else(|| "ecs.aliyuncs.com".to_string())
}

fn render(o: &Outcome, action: Option<&crate::catalog::Action>) -> Response {
    let (status, content_type, body) = match &o.result {
        Ok(answer) => match o.format {
            Format::Json => (
                200,
                "application/json;charset=utf-8",
                answer.json.to_string(),
            ),
            Format::Xml => (
                200,
                "text/xml;charset=utf-8",
                xml_body(
                    action.map_or("Unknown", |a| a.name.as_str()),
                    action.and_then(|a| a.xml_example.as_deref()),
                    &answer.json,
                ),
            ),
        },
        Err(e) => {
            let (ct, body) = e.body(o.format, &o.request_id, &o.host);
            (e.status, ct, body)
        }
    };
    let request_id = match &o.result {
        Ok(a) => a.request_id.clone(),
        Err(_) => o.request_id.clone(),
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        r.headers_mut().insert("x-acs-request-id", v);
    }
    r
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
        let early_format = format_hint(req.uri().query().unwrap_or_default().as_bytes(), req.headers());
        let host = host_of(req.headers());
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
        let (parts, body) = req.into_parts();
        let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                // Over the cap, or the client went away mid-body.
                return render(
                    &fault_error(EcsError::invalid_parameter(format!(
                        "The request body is longer than {MAX_BODY_BYTES} bytes or was cut off."
                    ))),
                    None,
                );
            }
        };
        let (outcome, action_name) = call(&shared, &parts, &body, request_id.clone(), host.clone());
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

/// One ECS call after the faults that stop it early: decoding, signature, action, version,
/// validation, idempotency, execution.
fn call(
    shared: &Shared,
    parts: &axum::http::request::Parts,
    body: &Bytes,
    request_id: String,
    host: String,
) -> (Outcome, Option<String>) {
    let mut outcome = Outcome {
        format: Format::Xml,
        host,
        request_id,
        result: Err(EcsError::new(500, "InternalError", "unreachable")),
    };
    let mut action_name = None;
    outcome.result = (|| {
        let query_raw = parts.uri.query().unwrap_or_default().as_bytes();
        outcome.format = format_hint(query_raw, &parts.headers);
        if query_raw.len() > MAX_QUERY_BYTES {
            return Err(EcsError::invalid_parameter(format!(
                "The query string is longer than {MAX_QUERY_BYTES} bytes."
            )));
        }
        let query = params::decode(query_raw, "query string")?;
        outcome.format = format_of(&query, &parts.headers);
        if let Some(f) = get(&query, "Format") {
            if Format::parse(f).is_none() {
                return Err(EcsError::invalid_parameter(format!(
                    "The specified parameter \"Format\" is not valid: \"{}\" (use JSON or XML).",
                    params::shown(f)
                )));
            }
        }
        if parts.method != Method::GET && parts.method != Method::POST {
            return Err(EcsError::new(
                403,
                "UnsupportedHTTPMethod",
                format!(
                    "The HTTP method {} is not supported: use GET or POST.",
                    parts.method
                ),
            ));
        }
        if parts.uri.path() != "/" {
            return Err(EcsError::new(
                404,
                "InvalidApi.NotFound",
                "Specified api is not found, please check your url and method.",
            ));
        }
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        let form = if is_form && !body.is_empty() {
            params::decode(body, "body")?
        } else {
            Vec::new()
        };
        let all = params::merge(query.clone(), form)?;
        let authed = shared.verifier.check(&Incoming {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: &query,
            params: &all,
            headers: &parts.headers,
            body,
        })?;
        tracing::debug!(access_key_id = %authed.access_key_id, "signature ok");
        let action = shared.catalog.actions.get(&authed.action).ok_or_else(|| {
            EcsError::new(
                404,
                "InvalidAction.NotFound",
                format!(
                    "Specified api \"{}\" is not found, please check your url and method.",
                    params::shown(&authed.action)
                ),
            )
        })?;
        action_name = Some(action.name.clone());
        if authed.version != action.version {
            return Err(EcsError::new(
                400,
                "InvalidVersion",
                format!(
                    "Specified parameter Version \"{}\" is not valid: {} is version {}.",
                    params::shown(&authed.version),
                    action.name,
                    action.version
                ),
            ));
        }
        let token_documented = action.documents("ClientToken");
        let own: Vec<(String, String)> = all
            .iter()
            .filter(|(k, _)| !COMMON.contains(&k.as_str()))
            .filter(|(k, _)| token_documented || k != "ClientToken")
            .cloned()
            .collect();
        let token = get(&all, "ClientToken");
        if let Some(t) = token {
            check_token(t)?;
        }
        crate::values::check(action, &own)?;
        let print = fingerprint(
            &action.name,
            &own.iter()
                .filter(|(k, _)| k != "ClientToken")
                .cloned()
                .collect::<Vec<_>>(),
        );
        let mut tokens = shared.tokens();
        if let Some(t) = token {
            if let Some(replay) = tokens.replay(t, &print) {
                tracing::debug!("ClientToken replay");
                return replay;
            }
        }
        shared.executions.fetch_add(1, Ordering::Relaxed);
        let answer = Answer {
            request_id: outcome.request_id.clone(),
            json: json_body(action.json_example.as_ref(), &outcome.request_id),
        };
        if let Some(t) = token {
            tokens.record(t, print, answer.clone());
        }
        Ok(answer)
    })();
    (outcome, action_name)
}

fn json_response(status: StatusCode, v: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

async fn control_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<FaultRequest>(&body) {
        Ok(req) => {
            shared.faults.apply(&req);
            json_response(
                StatusCode::OK,
                serde_json::json!({ "pending": shared.faults.pending() }),
            )
        }
        Err(e) => json_response(
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "error": format!("not a fault request: {e}") }),
        ),
    }
}

async fn control_stats(State(shared): State<Arc<Shared>>) -> Response {
    json_response(
        StatusCode::OK,
        serde_json::json!({
            "requests_seen": shared.requests_seen.load(Ordering::Relaxed),
            "total_executions": shared.executions.load(Ordering::Relaxed),
            "faults_pending": shared.faults.pending(),
            "faults_applied": shared.faults.applied(),
            "actions": shared.catalog.summary.actions,
        }),
    )
}

async fn control_executions(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
) -> Response {
    let n = shared.tokens().executions(&token);
    json_response(
        StatusCode::OK,
        serde_json::json!({ "token": token, "executions": n }),
    )
}
