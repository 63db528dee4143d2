//! One ECS call's way once the faults that stop it early are past: decoding, signature,
//! action, version, validation, idempotency, execution; and its answer as a response.

use crate::auth::{style, Incoming, Style};
use crate::error::EcsError;
use crate::idempotency::{check_token, fingerprint, Answer};
use crate::params::{self, get, COMMON, MAX_QUERY_BYTES};
use crate::respond::{json_body, xml_body, Format};
use crate::server::Shared;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use std::sync::atomic::Ordering;

/// What one ECS call came to.
pub(crate) struct Outcome {
    pub format: Format,
    pub host: String,
    pub request_id: String,
    pub result: Result<Answer, EcsError>,
}

fn format_of(params: &[(String, String)], headers: &HeaderMap) -> Format {
    match get(params, "Format").and_then(Format::parse) {
        Some(f) => f,
        None => default_format(headers),
    }
}

/// The format asked for when the parameters did not decode: a `Format=` pair read alone, in
/// the query or in a form body (`form`: the body when it is a form, else empty), as the SDKs
/// that POST every parameter send it.
pub(crate) fn format_hint(raw_query: &[u8], form: &[u8], headers: &HeaderMap) -> Format {
    raw_query
        .split(|&b| b == b'&')
        .chain(form.split(|&b| b == b'&'))
        .find_map(|piece| piece.strip_prefix(b"Format="))
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(Format::parse)
        .unwrap_or_else(|| default_format(headers))
}

/// The body when the request says it is a form (`application/x-www-form-urlencoded`), else
/// nothing: the parameters a form body carries count as the query's do.
pub(crate) fn form_body<'a>(headers: &HeaderMap, body: &'a [u8]) -> &'a [u8] {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if is_form {
        body
    } else {
        &[]
    }
}

fn default_format(headers: &HeaderMap) -> Format {
    // The V3 SDKs send no Format and read JSON; V1's documented default is XML.
    if style(headers) == Style::V3 {
        Format::Json
    } else {
        Format::Xml
    }
}

pub(crate) fn host_of(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(params::shown)
        .unwrap_or_else(|| "ecs.aliyuncs.com".to_string())
}

pub(crate) fn render(o: &Outcome, action: Option<&crate::catalog::Action>) -> Response {
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
                    action
                        .filter(|_| !answer.from_state)
                        .and_then(|a| a.xml_example.as_deref()),
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

/// One ECS call after the faults that stop it early: decoding, signature, action, version,
/// validation, idempotency, execution.
pub(crate) fn call(
    shared: &Shared,
    parts: &axum::http::request::Parts,
    body: &Bytes,
    request_id: String,
    host: String,
    error_row: Option<usize>,
) -> (Outcome, Option<String>) {
    let mut format = Format::Xml;
    let mut action_name = None;
    let result = run(
        shared,
        parts,
        body,
        &request_id,
        &mut format,
        &mut action_name,
        error_row,
    );
    let outcome = Outcome {
        format,
        host,
        request_id,
        result,
    };
    (outcome, action_name)
}

/// The pipeline; `format` and `action_name` are set as soon as they are known, so that a
/// refusal is answered in the asked-for format and logged with its action.
fn run(
    shared: &Shared,
    parts: &axum::http::request::Parts,
    body: &Bytes,
    request_id: &str,
    format: &mut Format,
    action_name: &mut Option<String>,
    error_row: Option<usize>,
) -> Result<Answer, EcsError> {
    let query_raw = parts.uri.query().unwrap_or_default().as_bytes();
    let form_raw = form_body(&parts.headers, body);
    *format = format_hint(query_raw, form_raw, &parts.headers);
    if query_raw.len() > MAX_QUERY_BYTES {
        return Err(EcsError::invalid_parameter(format!(
            "The query string is longer than {MAX_QUERY_BYTES} bytes."
        )));
    }
    let query = params::decode(query_raw, "query string")?;
    let form = params::decode(form_raw, "body")?;
    // Every decision below reads the query and a form body alike.
    let all = params::merge(query.clone(), form)?;
    *format = format_of(&all, &parts.headers);
    if let Some(f) = get(&all, "Format") {
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
    *action_name = Some(action.name.clone());
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
    // Parameters the page does not list are ignored, as ECS ignores them (unless strict);
    // names only in the log, never values.
    let accepted = crate::values::check(action, &own, shared.strict)?;
    if !accepted.ignored.is_empty() {
        let names: Vec<String> = accepted.ignored.iter().map(|n| params::shown(n)).collect();
        tracing::debug!(action = %action.name, ignored = ?names, "parameters the page does not list are ignored");
        shared
            .ignored_params
            .fetch_add(accepted.ignored.len() as u64, Ordering::Relaxed);
    }
    let own = accepted.params;
    if let Some(row) = error_row.and_then(|i| action.errors.get(i)) {
        return Err(EcsError::new(
            row.http_status.unwrap_or(400),
            row.code.clone(),
            row.message.clone(),
        ));
    }
    let print = fingerprint(
        &own.iter()
            .filter(|(k, _)| k != "ClientToken")
            .cloned()
            .collect::<Vec<_>>(),
    );
    let scope = token.map(|t| {
        (
            authed.access_key_id.clone(),
            action.name.clone(),
            t.to_string(),
        )
    });
    let mut tokens = shared.tokens();
    if let Some(scope) = &scope {
        if let Some(replay) = tokens.replay(scope, &print) {
            tracing::debug!("ClientToken replay");
            return replay;
        }
    }
    // The state answers the actions of its families; the rest answer their example.
    let (json, from_state) = match shared
        .state
        .execute(&action.name, &authed.access_key_id, &own)
    {
        Some(Ok(body)) => (json_body(Some(&body), request_id), true),
        Some(Err(e)) => return Err(e),
        None => (json_body(action.json_example.as_ref(), request_id), false),
    };
    shared.executions.fetch_add(1, Ordering::Relaxed);
    let answer = Answer {
        request_id: request_id.to_string(),
        json,
        from_state,
    };
    if let Some(scope) = scope {
        tokens.record(scope, print, answer.clone());
    }
    Ok(answer)
}
