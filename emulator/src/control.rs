//! The control API the binary is scripted through: `POST /__emulator/faults`,
//! `GET /__emulator/stats`, `GET /__emulator/executions/{token}`, and the state:
//! `POST /__emulator/reset`, `GET /__emulator/state` (the dump), `POST /__emulator/state`
//! (load a dump), `POST /__emulator/save` (write the state file), `GET /__emulator/coverage`,
//! `POST /__emulator/config` with `{"transition_ms": 0}`.

use crate::faults::FaultRequest;
use crate::server::Shared;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::Ordering;
use std::sync::Arc;

fn json_response(status: StatusCode, v: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

pub(crate) async fn faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
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

pub(crate) async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    json_response(
        StatusCode::OK,
        serde_json::json!({
            "requests_seen": shared.requests_seen.load(Ordering::Relaxed),
            "total_executions": shared.executions.load(Ordering::Relaxed),
            "ignored_params": shared.ignored_params.load(Ordering::Relaxed),
            "faults_pending": shared.faults.pending(),
            "faults_applied": shared.faults.applied(),
            "actions": shared.catalog.summary.actions,
        }),
    )
}

pub(crate) async fn executions(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
) -> Response {
    let n = shared.tokens().executions(&token);
    json_response(
        StatusCode::OK,
        serde_json::json!({ "token": token, "executions": n }),
    )
}

pub(crate) async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.state.reset();
    json_response(StatusCode::OK, serde_json::json!({ "resources": 0 }))
}

pub(crate) async fn dump(State(shared): State<Arc<Shared>>) -> Response {
    json_response(StatusCode::OK, shared.state.dump())
}

pub(crate) async fn load(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let loaded =
        serde_json::from_slice::<serde_json::Value>(&body).and_then(|v| shared.state.load(v));
    match loaded {
        Ok(()) => json_response(
            StatusCode::OK,
            serde_json::json!({ "resources": shared.state.len() }),
        ),
        Err(e) => json_response(
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "error": format!("not a state dump: {e}") }),
        ),
    }
}

pub(crate) async fn save(State(shared): State<Arc<Shared>>) -> Response {
    match shared.state.save() {
        Ok(path) => json_response(
            StatusCode::OK,
            serde_json::json!({ "written": path.map(|p| p.display().to_string()) }),
        ),
        Err(e) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            serde_json::json!({ "error": e.to_string() }),
        ),
    }
}

pub(crate) async fn coverage(State(shared): State<Arc<Shared>>) -> Response {
    let mut served: Vec<&str> = shared.catalog.actions.keys().map(String::as_str).collect();
    served.sort_unstable();
    let c = shared.state.coverage(&served);
    json_response(StatusCode::OK, serde_json::to_value(&c).unwrap_or_default())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigRequest {
    transition_ms: Option<u64>,
}

pub(crate) async fn config(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<ConfigRequest>(&body) {
        Ok(c) => {
            if let Some(ms) = c.transition_ms {
                shared.state.set_transition_ms(ms);
            }
            json_response(
                StatusCode::OK,
                serde_json::json!({ "transition_ms": shared.state.transition_ms() }),
            )
        }
        Err(e) => json_response(
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "error": format!("not a config request: {e}") }),
        ),
    }
}
