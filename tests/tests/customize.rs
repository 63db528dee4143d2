//! Config into requests, against the in-process emulator: a fluent call's `.customize(..)`
//! overrides retries, the attempt timeout and the endpoint for that call alone; the operation
//! timeout bounds a whole call, retries and waits included, and fails it with the typed
//! `SdkError::OperationTimeout`; `set_x(Option<T>)` sets and clears what `x(..)` sets.

use ecs_client::actions::{CreateAutoSnapshotPolicy, CreateAutoSnapshotPolicyError as SeedError};
use ecs_client::{Client, Config, Credentials, RetryPolicy, SdkError, SignatureVersion};
use ecs_emulator::{Emulator, Fault};
use std::path::Path;
use std::time::{Duration, Instant};

const ID: &str = "customize-access-key-id";
const SECRET: &str = "customize-secret-Hb42";

/// The seed pages, served on 127.0.0.1:0.
async fn emulator() -> Emulator {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Emulator::builder()
        .specs_dir(root.join("../specs"))
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("emulator starts")
}

/// Three attempts, 1 to 20 ms apart.
fn config(emu: &Emulator) -> ecs_client::ConfigBuilder {
    Config::builder()
        .endpoint(emu.endpoint())
        .credentials(Credentials::new(ID, SECRET))
        .signature_version(SignatureVersion::V1)
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(20)),
        )
}

fn throttle(emu: &Emulator, n: usize) {
    emu.faults().push_n(
        Fault::Throttle {
            retry_after_ms: None,
        },
        n,
    );
}

/// A valid seed call bound to `c` (a write without a client token: retried only when it
/// certainly did not run, as after throttling).
fn seed(c: &Client) -> ecs_client::actions::CreateAutoSnapshotPolicyBuilder<Client> {
    c.create_auto_snapshot_policy()
        .region_id("cn-hangzhou")
        .time_points([3])
        .repeat_weekdays([3])
        .retention_days(3)
}

#[tokio::test]
async fn a_per_call_retry_override_changes_the_attempt_count() {
    let emu = emulator().await;
    let c = Client::new(config(&emu).build().unwrap());

    // Four throttled answers: the config's three attempts are not enough...
    throttle(&emu, 4);
    let err = seed(&c).send().await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(SeedError::Throttled(_))),
        "{err}"
    );
    assert_eq!(emu.requests_seen(), 3);
    emu.faults().clear();

    // ...five for this call are.
    throttle(&emu, 4);
    seed(&c)
        .customize(|o| o.max_attempts(5))
        .send()
        .await
        .expect("the fifth attempt succeeds");
    assert_eq!(emu.requests_seen(), 3 + 5);
    assert_eq!(emu.total_executions(), 1);

    // One attempt: the first throttled answer is the result.
    throttle(&emu, 2);
    let err = seed(&c)
        .customize(|o| o.retry(RetryPolicy::disabled()))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.service_error(), Some(SeedError::Throttled(_))),
        "{err}"
    );
    assert_eq!(emu.requests_seen(), 8 + 1);
    emu.faults().clear();

    // The override was the call's alone: the client still makes three attempts.
    throttle(&emu, 5);
    seed(&c).send().await.unwrap_err();
    assert_eq!(emu.requests_seen(), 9 + 3);
    assert_eq!(c.config().retry().max_attempts, 3);
    emu.faults().clear();

    // The backoff is the call's too: retry-after is capped by max_delay (20 ms in the
    // config, raised to 2 s here), so two 150 ms waits are waited in full.
    emu.faults().push_n(
        Fault::Throttle {
            retry_after_ms: Some(150),
        },
        2,
    );
    let started = Instant::now();
    seed(&c)
        .customize(|o| o.max_delay(Duration::from_secs(2)))
        .send()
        .await
        .expect("third attempt");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_per_call_endpoint_override_goes_to_another_emulator() {
    let home = emulator().await;
    let other = emulator().await;
    assert_ne!(home.endpoint(), other.endpoint());
    let c = Client::new(config(&home).build().unwrap());

    seed(&c)
        .customize(|o| o.endpoint(other.endpoint()))
        .send()
        .await
        .expect("answered by the other emulator");
    assert_eq!((home.requests_seen(), other.requests_seen()), (0, 1));
    assert_eq!(
        other.resources(),
        1,
        "the policy lives in the other emulator"
    );

    // The next call goes home again.
    seed(&c).send().await.unwrap();
    assert_eq!((home.requests_seen(), other.requests_seen()), (1, 1));

    // A client with the override sends every call there (and its paginator pages there).
    let away = c.with_override(|o| o.endpoint(other.endpoint()));
    assert_eq!(away.config().endpoint(), Some(other.endpoint()));
    let page = away
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(1), "the other emulator's one policy");
    assert_eq!((home.requests_seen(), other.requests_seen()), (1, 2));
}

#[tokio::test]
async fn a_per_call_attempt_timeout_cuts_one_slow_attempt() {
    let emu = emulator().await;
    let c = Client::new(
        config(&emu)
            .attempt_timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    );
    emu.faults().push(Fault::Delay { ms: 2_000 });
    let started = Instant::now();
    let err = seed(&c)
        .customize(|o| o.attempt_timeout(Duration::from_millis(200)))
        .send()
        .await
        .unwrap_err();
    // A write that may have run is not retried: one attempt, cut at the call's limit.
    assert!(
        matches!(err, SdkError::Timeout { attempts: 1, after } if after == Duration::from_millis(200)),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_operation_timeout_fires_across_retries_typed() {
    let emu = emulator().await;
    // Every attempt is throttled with a 150 ms retry-after: no attempt is slow, but ten of
    // them with their waits take 1.5 s; the operation gets 400 ms.
    let c = Client::new(
        config(&emu)
            .retry(
                RetryPolicy::default()
                    .with_max_attempts(10)
                    .with_max_delay(Duration::from_secs(1)),
            )
            .operation_timeout(Duration::from_millis(400))
            .build()
            .unwrap(),
    );
    assert_eq!(
        c.config().operation_timeout(),
        Some(Duration::from_millis(400))
    );
    let slow_throttle = |n| {
        emu.faults().push_n(
            Fault::Throttle {
                retry_after_ms: Some(150),
            },
            n,
        )
    };
    slow_throttle(10);
    let started = Instant::now();
    let err = seed(&c).send().await.unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::OperationTimeout { attempts, after } = err else {
        panic!("expected the operation timeout, got {err}");
    };
    assert_eq!(after, Duration::from_millis(400));
    assert!((2..10).contains(&attempts), "retried, then cut: {attempts}");
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_millis(1_400),
        "{elapsed:?}"
    );
    assert!(
        (2..10).contains(&emu.requests_seen()),
        "{}",
        emu.requests_seen()
    );
    assert_eq!(emu.total_executions(), 0);
    emu.faults().clear();

    // Per call: a longer limit lets the same retries finish...
    slow_throttle(2);
    seed(&c)
        .customize(|o| o.operation_timeout(Duration::from_secs(10)))
        .send()
        .await
        .expect("third attempt, within ten seconds");
    assert_eq!(emu.total_executions(), 1);

    // ...and a client without one gets it for a call, over slow attempts of a read-only
    // action (each cut by the attempt timeout, then retried).
    let c = Client::new(
        config(&emu)
            .retry(RetryPolicy::default().with_max_attempts(10))
            .attempt_timeout(Duration::from_millis(150))
            .build()
            .unwrap(),
    );
    assert_eq!(c.config().operation_timeout(), None);
    let seen = emu.requests_seen();
    emu.faults().push_n(Fault::Delay { ms: 1_000 }, 10);
    let err = c
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .customize(|o| o.operation_timeout(Duration::from_millis(400)))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::OperationTimeout { attempts: 2..=9, after } if after == Duration::from_millis(400)),
        "{err}"
    );
    assert!(err.to_string().starts_with("timed out"), "{err}");
    assert!(emu.requests_seen() - seen >= 2);
    emu.faults().clear();
}

#[test]
fn set_x_sets_with_some_and_clears_with_none() {
    let full = || {
        CreateAutoSnapshotPolicy::builder()
            .region_id("cn-hangzhou")
            .time_points([3])
            .repeat_weekdays([3])
            .retention_days(3)
    };
    // Some sets, as the plain setter does (lists take the whole list).
    let by_option = CreateAutoSnapshotPolicy::builder()
        .set_region_id(Some("cn-hangzhou".to_string()))
        .set_time_points(Some(vec![3]))
        .set_repeat_weekdays(Some(vec![3]))
        .set_retention_days(Some(3))
        .set_auto_snapshot_policy_name(Some("by-option".to_string()))
        .build()
        .unwrap();
    let plain = full()
        .auto_snapshot_policy_name("by-option")
        .build()
        .unwrap();
    assert_eq!(format!("{by_option:?}"), format!("{plain:?}"));
    assert_eq!(
        by_option.auto_snapshot_policy_name.as_deref(),
        Some("by-option")
    );

    // None clears an optional field...
    let cleared = full()
        .auto_snapshot_policy_name("gone")
        .set_auto_snapshot_policy_name(None)
        .build()
        .unwrap();
    assert_eq!(cleared.auto_snapshot_policy_name, None);
    assert_eq!(
        format!("{cleared:?}"),
        format!("{:?}", full().build().unwrap())
    );

    // ...and a required one, which is then reported missing.
    let err = full().set_retention_days(None).build().unwrap_err();
    assert!(err.has("retentionDays", "required"), "{err}");
    let err = full().set_time_points(None).build().unwrap_err();
    assert!(err.has("timePoints", "required"), "{err}");
}

#[tokio::test]
async fn set_x_on_a_fluent_call_reaches_the_wire() {
    let emu = emulator().await;
    let c = Client::new(config(&emu).build().unwrap());
    seed(&c)
        .set_auto_snapshot_policy_name(Some("named-by-option".to_string()))
        .send()
        .await
        .unwrap();
    seed(&c).send().await.unwrap();
    // The name filter set with Some: the named policy only.
    let listed = c
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .set_auto_snapshot_policy_name(Some("named-by-option".to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
    // The filter cleared with None: both policies, the named one and the unnamed.
    let all = c
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .auto_snapshot_policy_name("named-by-option")
        .set_auto_snapshot_policy_name(None)
        .send()
        .await
        .unwrap();
    assert_eq!(all.total_count, Some(2));
}
