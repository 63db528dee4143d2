//! The waiters `#[ecs_action]` emits for a describe page whose items document their states
//! (`tests/pages/DescribeGadgets.md`), run through the client against a scripted responder on
//! 127.0.0.1:0 with a manual clock: the describe's setters reach the wire on every poll, and
//! the wait ends as the runtime's rules say. (Waiting against the stateful emulator is the
//! emulator's end-to-end test.)

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use ecs_client::{Client, Config, Credentials, ManualClock, SdkError, WaitDecision, WaiterError};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[ecs_client::ecs_action(spec = "pages/DescribeGadgets.md")]
pub struct DescribeGadgets;

/// One scripted answer: HTTP status and JSON body.
type Answer = (u16, String);

#[derive(Clone, Default)]
struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    /// The query string of every request.
    seen: Arc<Mutex<Vec<String>>>,
}

async fn answer(State(s): State<Script>, RawQuery(q): RawQuery) -> impl IntoResponse {
    s.seen.lock().unwrap().push(q.unwrap_or_default());
    let mut answers = s.answers.lock().unwrap();
    // The last answer repeats.
    let (status, body) = if answers.len() > 1 {
        answers.pop_front().unwrap()
    } else {
        answers.front().cloned().expect("a scripted answer")
    };
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body,
    )
}

/// A responder serving `answers` in order, and a client bound to it.
async fn scripted(answers: Vec<Answer>) -> (Client, Script) {
    let script = Script {
        answers: Arc::new(Mutex::new(answers.into())),
        seen: Arc::default(),
    };
    let app = axum::Router::new()
        .fallback(answer)
        .with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config = Config::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new("waiter-test-id", "waiter-test-secret"))
        .build()
        .unwrap();
    (Client::new(config), script)
}

fn gadgets(states: &[&str]) -> Answer {
    let items: Vec<serde_json::Value> = states
        .iter()
        .enumerate()
        .map(|(i, s)| serde_json::json!({"GadgetId": format!("g-{}", i + 1), "Status": s}))
        .collect();
    let body = serde_json::json!({"RequestId": "req-1", "Gadgets": {"Gadget": items}});
    (200, body.to_string())
}

fn seen(s: &Script) -> Vec<String> {
    s.seen.lock().unwrap().clone()
}

#[tokio::test]
async fn waits_through_transient_states_with_the_describes_own_setters() {
    let (client, script) = scripted(vec![
        gadgets(&["Pending", "Pending"]),
        gadgets(&["Starting", "Running"]),
        gadgets(&["Running", "Running"]),
    ])
    .await;
    let clock = ManualClock::new();
    let wait = client
        .wait_until_gadget_running()
        .region_id("cn-hangzhou")
        .gadget_ids(["g-1", "g-2"])
        .min_delay(Duration::from_secs(1))
        .max_delay(Duration::from_secs(10))
        .time_source(clock.clone())
        .sleep_impl(clock.clone())
        .wait(Duration::from_secs(600));
    // The wait is `Send`: it runs on any task.
    let done = tokio::spawn(wait).await.unwrap().expect("both gadgets run");
    assert_eq!(done.gadgets.len(), 2);
    assert!(done
        .gadgets
        .iter()
        .all(|g| g.status == Some(describe_gadgets::Status::Running)));
    let queries = seen(&script);
    assert_eq!(queries.len(), 3);
    for q in &queries {
        assert!(q.contains("Action=DescribeGadgets"), "{q}");
        assert!(q.contains("RegionId=cn-hangzhou"), "{q}");
        assert!(q.contains("GadgetIds="), "{q}");
    }
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps
        .iter()
        .all(|d| *d >= Duration::from_secs(1) && *d <= Duration::from_secs(10)));
}

#[tokio::test]
async fn a_failure_state_ends_the_wait_with_the_typed_response() {
    let (client, script) = scripted(vec![gadgets(&["Stopping"]), gadgets(&["Stopped"])]).await;
    let clock = ManualClock::new();
    let err = client
        .wait_until_gadget_running()
        .region_id("cn-hangzhou")
        .time_source(clock.clone())
        .sleep_impl(clock.clone())
        .wait(Duration::from_secs(600))
        .await
        .expect_err("Stopped is a failure state of gadget_running");
    match err {
        WaiterError::FailureState { state, response } => {
            assert_eq!(state, "Stopped");
            let status = response.gadgets[0].status.as_ref();
            assert_eq!(status, Some(&describe_gadgets::Status::Stopped));
            assert_eq!(status.map(|s| s.as_str()), Some(state.as_str()));
            assert_eq!(response.request_id, "req-1");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen(&script).len(), 2);
}

#[tokio::test]
async fn an_empty_list_is_not_found_after_one_poll() {
    let (client, script) = scripted(vec![gadgets(&[])]).await;
    let clock = ManualClock::new();
    let err = client
        .wait_until_gadget_stopped()
        .region_id("cn-hangzhou")
        .gadget_ids(["g-404"])
        .time_source(clock.clone())
        .sleep_impl(clock.clone())
        .wait(Duration::from_secs(3600))
        .await
        .expect_err("nothing listed");
    assert!(matches!(err, WaiterError::NotFound), "{err:?}");
    assert_eq!(seen(&script).len(), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_wait_past_max_wait_reports_its_polls() {
    let (client, script) = scripted(vec![gadgets(&["Pending"])]).await;
    let clock = ManualClock::new();
    let err = client
        .wait_until_gadget_running()
        .region_id("cn-hangzhou")
        .min_delay(Duration::from_secs(5))
        .max_delay(Duration::from_secs(5))
        .time_source(clock.clone())
        .sleep_impl(clock.clone())
        .wait(Duration::from_secs(30))
        .await
        .expect_err("never runs");
    match err {
        WaiterError::ExceededMaxWait {
            max_wait,
            elapsed,
            polls,
        } => {
            assert_eq!(max_wait, Duration::from_secs(30));
            assert_eq!(elapsed, Duration::from_secs(30));
            // Linear polling every 5 s, at 0, 5, 10, 15 and 20 s; then 5 s more would leave
            // no more than the 5 s minimum, so the last poll waits for the deadline, 30 s.
            assert_eq!(polls, 6);
            assert_eq!(seen(&script).len(), 6);
            assert_eq!(clock.sleeps().last(), Some(&Duration::from_secs(10)));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_request_that_breaks_the_rules_or_a_service_error_is_an_operation_error() {
    let (client, script) = scripted(vec![(
        404,
        r#"{"RequestId":"req-2","Code":"InvalidRegionId.NotFound","Message":"The specified RegionId does not exist."}"#
            .to_string(),
    )])
    .await;
    // `RegionId` is required: nothing is sent.
    let err = client
        .wait_until_gadget_running()
        .wait(Duration::from_secs(10))
        .await
        .expect_err("invalid");
    assert!(
        matches!(err, WaiterError::Operation(SdkError::Construction(_))),
        "{err:?}"
    );
    assert!(seen(&script).is_empty());
    let err = client
        .wait_until_gadget_running()
        .region_id("cn-nowhere")
        .wait(Duration::from_secs(10))
        .await
        .expect_err("service error");
    match &err {
        WaiterError::Operation(SdkError::Service(e)) => {
            assert_eq!(
                ecs_client::ActionError::meta(e).code,
                "InvalidRegionId.NotFound"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("InvalidRegionId.NotFound"),
        "{err}"
    );
    assert_eq!(seen(&script).len(), 1);
}

#[tokio::test]
async fn wait_for_polls_any_action_with_a_closure() {
    let (client, script) = scripted(vec![
        gadgets(&["Running"]),
        gadgets(&["Running", "Pending"]),
        gadgets(&["Running", "Running", "Running"]),
    ])
    .await;
    let clock = ManualClock::new();
    let request = DescribeGadgets::builder()
        .region_id("cn-hangzhou")
        .build()
        .unwrap();
    let done = client
        .wait_for(request, |r: &DescribeGadgetsResponse| {
            if r.gadgets.len() >= 3 {
                WaitDecision::Success
            } else {
                WaitDecision::Retry
            }
        })
        .options(ecs_client::WaitOptions::default().manual_clock(&clock))
        .wait(Duration::from_secs(600))
        .await
        .expect("three gadgets");
    assert_eq!(done.gadgets.len(), 3);
    assert_eq!(seen(&script).len(), 3);
}
