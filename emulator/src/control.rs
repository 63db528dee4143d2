//! The control API the binary is scripted through: `POST /__emulator/faults`,
//! `GET /__emulator/stats`, `GET /__emulator/executions/{token}`.

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
