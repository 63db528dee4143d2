//! The wait loop and the status acceptor against scripted responses, on a [`ManualClock`]:
//! no test sleeps.

use super::*;
use serde_json::json;
use std::collections::VecDeque;

static DISK_AVAILABLE: StatusWaiter = StatusWaiter {
    name: "disk_available",
    list: &["Disks"],
    wrapper: Some("Disk"),
    status: "Status",
    target: "Available",
    retry: &["Attaching", "Detaching", "Creating", "ReIniting"],
    failure: &["In_use"],
};

static INSTANCE_RUNNING: StatusWaiter = StatusWaiter {
    name: "instance_running",
    list: &["Instances"],
    wrapper: Some("Instance"),
    status: "Status",
    target: "Running",
    retry: &["Pending", "Starting", "Stopping"],
    failure: &["Stopped"],
};

fn disks(states: &[&str]) -> Value {
    let items: Vec<Value> = states
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"DiskId": format!("d-{i}"), "Status": s}))
        .collect();
    json!({"RequestId": "r", "Disks": {"Disk": items}})
}

fn instances(states: &[&str]) -> Value {
    let items: Vec<Value> = states.iter().map(|s| json!({"Status": s})).collect();
    json!({"RequestId": "r", "Instances": {"Instance": items}})
}

/// The poll errors of these tests: an action's error enum is not needed to drive the loop.
#[derive(Debug)]
struct NoError;

impl fmt::Display for NoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no error")
    }
}

/// Runs `spec`'s acceptor over `script` (one response per poll; the last one repeats), each
/// poll taking `poll_takes` of the manual clock. Returns the outcome, the polls made and the
/// sleeps the loop asked for.
fn wait_over(
    spec: &'static StatusWaiter,
    script: Vec<Value>,
    options: WaitOptions,
    clock: &ManualClock,
    max_wait: Duration,
    poll_takes: Duration,
) -> (Result<Value, WaiterError<Value, NoError>>, usize) {
    let script = Mutex::new(VecDeque::from(script));
    let polls = Mutex::new(0usize);
    let mut acceptor = spec.acceptor();
    let options = options.manual_clock(clock);
    let out = futures_util::FutureExt::now_or_never(run(
        &options,
        max_wait,
        || {
            clock.advance(poll_takes);
            *polls.lock().unwrap() += 1;
            let mut s = script.lock().unwrap();
            let v = if s.len() > 1 {
                s.pop_front().unwrap()
            } else {
                s.front().cloned().unwrap()
            };
            std::future::ready(Ok::<_, SdkError<NoError>>(v))
        },
        |v: &Value| acceptor.decide(v),
    ))
    .expect("a manual clock never leaves the wait pending");
    let n = *polls.lock().unwrap();
    (out, n)
}

#[test]
fn success_when_every_listed_item_reaches_the_target() {
    let clock = ManualClock::new();
    let (out, polls) = wait_over(
        &DISK_AVAILABLE,
        vec![
            disks(&["Creating", "Creating"]),
            disks(&["Available", "Creating"]),
            disks(&["Available", "available"]),
        ],
        WaitOptions::default(),
        &clock,
        Duration::from_secs(300),
        Duration::ZERO,
    );
    let v = out.expect("success");
    assert_eq!(v["Disks"]["Disk"][1]["Status"], "available");
    assert_eq!(polls, 3);
    assert_eq!(clock.sleeps().len(), 2);
}

#[test]
fn another_stable_state_fails_fast_with_the_response() {
    let clock = ManualClock::new();
    let (out, polls) = wait_over(
        &DISK_AVAILABLE,
        vec![
            disks(&["Detaching"]),
            disks(&["In_use"]),
            disks(&["Available"]),
        ],
        WaitOptions::default(),
        &clock,
        Duration::from_secs(300),
        Duration::ZERO,
    );
    match out {
        Err(WaiterError::FailureState { state, response }) => {
            assert_eq!(state, "In_use");
            assert_eq!(response["Disks"]["Disk"][0]["Status"], "In_use");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(polls, 2);
}

#[test]
fn the_state_the_wait_started_from_keeps_it_polling() {
    // StartInstances, then wait: the first polls still show `Stopped`.
    let clock = ManualClock::new();
    let (out, polls) = wait_over(
        &INSTANCE_RUNNING,
        vec![
            instances(&["Stopped"]),
            instances(&["Stopped"]),
            instances(&["Starting"]),
            instances(&["Running"]),
        ],
        WaitOptions::default(),
        &clock,
        Duration::from_secs(300),
        Duration::ZERO,
    );
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(polls, 4);
    // Once it has left that state, coming back to it is a failure.
    let clock = ManualClock::new();
    let (out, _) = wait_over(
        &INSTANCE_RUNNING,
        vec![instances(&["Pending"]), instances(&["Stopped"])],
        WaitOptions::default(),
        &clock,
        Duration::from_secs(300),
        Duration::ZERO,
    );
    assert!(
        matches!(&out, Err(WaiterError::FailureState { state, .. }) if state == "Stopped"),
        "{out:?}"
    );
}

#[test]
fn an_empty_list_is_not_found_at_once() {
    for empty in [
        json!({"RequestId": "r", "Disks": {"Disk": []}}),
        json!({"RequestId": "r", "Disks": {}}),
        json!({"RequestId": "r"}),
    ] {
        let clock = ManualClock::new();
        let (out, polls) = wait_over(
            &DISK_AVAILABLE,
            vec![empty.clone()],
            WaitOptions::default(),
            &clock,
            Duration::from_secs(3600),
            Duration::ZERO,
        );
        assert!(
            matches!(out, Err(WaiterError::NotFound)),
            "{empty}: {out:?}"
        );
        assert_eq!(polls, 1);
        assert!(clock.sleeps().is_empty());
    }
}

#[test]
fn timeout_reports_the_wait_and_the_polls_and_polls_last_at_the_deadline() {
    let clock = ManualClock::new();
    let max_wait = Duration::from_secs(60);
    let (out, polls) = wait_over(
        &DISK_AVAILABLE,
        vec![disks(&["Creating"])],
        WaitOptions::default()
            .min_delay(Duration::from_secs(5))
            .max_delay(Duration::from_secs(20)),
        &clock,
        max_wait,
        Duration::ZERO,
    );
    match out {
        Err(WaiterError::ExceededMaxWait {
            max_wait: m,
            elapsed,
            polls: p,
        }) => {
            assert_eq!(m, max_wait);
            assert_eq!(elapsed, max_wait, "the last poll is at the deadline");
            assert_eq!(p as usize, polls);
        }
        other => panic!("{other:?}"),
    }
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len() + 1, polls, "one sleep between two polls");
    assert_eq!(sleeps.iter().sum::<Duration>(), max_wait);
    // At most 60 s / 5 s polls after the first, at least 60 s / 20 s.
    assert!((4..=13).contains(&polls), "{polls} polls: {sleeps:?}");
    let err: WaiterError<Value, NoError> = WaiterError::ExceededMaxWait {
        max_wait,
        elapsed: max_wait,
        polls: 3,
    };
    assert!(err.to_string().contains("3 polls"), "{err}");
}

#[test]
fn slow_polls_count_toward_the_wait() {
    let clock = ManualClock::new();
    let (out, polls) = wait_over(
        &DISK_AVAILABLE,
        vec![disks(&["Creating"])],
        WaitOptions::default(),
        &clock,
        Duration::from_secs(10),
        Duration::from_secs(30),
    );
    assert!(
        matches!(out, Err(WaiterError::ExceededMaxWait { polls: 1, elapsed, .. }) if elapsed == Duration::from_secs(30)),
        "{out:?}"
    );
    assert_eq!(polls, 1);
}

#[test]
fn a_failed_poll_ends_the_wait_as_an_operation_error() {
    let clock = ManualClock::new();
    let options = WaitOptions::default().manual_clock(&clock);
    let out = futures_util::FutureExt::now_or_never(run(
        &options,
        Duration::from_secs(60),
        || {
            std::future::ready(Err::<Value, _>(SdkError::<NoError>::Timeout {
                attempts: 3,
                after: Duration::from_secs(1),
            }))
        },
        |_: &Value| WaitDecision::Retry,
    ))
    .unwrap();
    assert!(
        matches!(
            out,
            Err(WaiterError::Operation(SdkError::Timeout {
                attempts: 3,
                ..
            }))
        ),
        "{out:?}"
    );
    assert!(clock.sleeps().is_empty());
}

#[test]
fn backoff_grows_from_min_to_max_and_stays_within_bounds() {
    let (min, max) = (Duration::from_secs(2), Duration::from_secs(120));
    let far = Duration::from_secs(100_000);
    // The upper bound doubles per attempt up to the ceiling (ln(60)/ln 2 + 1 = 6.9), then is
    // `max`; the lower bound is always `min`.
    let tops = [2u64, 4, 8, 16, 32, 64, 120, 120];
    for (i, top) in tops.iter().enumerate() {
        let attempt = i as u32 + 1;
        assert_eq!(delay(attempt, min, max, far, 0.0), min, "attempt {attempt}");
        assert_eq!(
            delay(attempt, min, max, far, 1.0),
            Duration::from_secs(*top),
            "attempt {attempt}"
        );
    }
    assert_eq!(delay(u32::MAX, min, max, far, 1.0), max);
    for attempt in 1..40 {
        for _ in 0..50 {
            let d = delay(attempt, min, max, far, fastrand::f64());
            assert!(d >= min && d <= max, "attempt {attempt}: {d:?}");
        }
    }
    // Equal bounds: linear polling.
    assert_eq!(delay(5, min, min, far, 0.7), min);
}

#[test]
fn backoff_waits_out_the_rest_when_less_than_min_would_be_left() {
    let (min, max) = (Duration::from_secs(2), Duration::from_secs(120));
    // 5 s left, the draw is 4 s: 1 s would be left, less than min: sleep all 5 s.
    let d = delay(3, min, max, Duration::from_secs(5), 0.5);
    assert_eq!(d, Duration::from_secs(5));
    // 20 s left, the draw is 4 s: 16 s remain, more than min.
    assert_eq!(
        delay(3, min, max, Duration::from_secs(20), 0.5),
        Duration::from_secs(5)
    );
    // Less left than min: that is the last delay.
    assert_eq!(
        delay(1, min, max, Duration::from_millis(300), 0.0),
        Duration::from_millis(300)
    );
}

#[test]
fn options_keep_min_at_most_max() {
    let o = WaitOptions::default()
        .max_delay(Duration::from_secs(1))
        .min_delay(Duration::from_secs(10));
    assert_eq!(
        (o.min_delay, o.max_delay),
        (Duration::from_secs(10), Duration::from_secs(10))
    );
    let o = WaitOptions::default().min_delay(Duration::ZERO);
    assert_eq!(o.min_delay, Duration::from_millis(1));
    assert!(format!("{o:?}").contains("min_delay"));
}

#[test]
fn statuses_read_wrapped_bare_and_single_element_lists() {
    let wrapped = disks(&["Available", "In_use"]);
    assert_eq!(
        DISK_AVAILABLE.statuses(&wrapped),
        [Some("Available"), Some("In_use")]
    );
    let bare = json!({"Disks": [{"Status": "Creating"}, {"DiskId": "d-1"}]});
    assert_eq!(DISK_AVAILABLE.statuses(&bare), [Some("Creating"), None]);
    let single = json!({"disks": {"disk": {"status": "Available"}}});
    assert_eq!(DISK_AVAILABLE.statuses(&single), [Some("Available")]);
    // An item without a status is not in the target state: poll again.
    let mut a = DISK_AVAILABLE.acceptor();
    assert_eq!(a.decide(&bare), WaitDecision::Retry);
    // States the page does not document keep it polling too.
    let mut a = DISK_AVAILABLE.acceptor();
    assert_eq!(a.decide(&disks(&["Migrating"])), WaitDecision::Retry);
}
