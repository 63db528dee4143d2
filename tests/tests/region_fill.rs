//! The configured region fills a request's `RegionId` when the request leaves it unset
//! (`ecs_client::region`): against the emulator (a required `regionId` left unset is sent with
//! the config's region and answered; without a configured region it is refused before
//! sending; every other rule is still checked), and against a stub service that records the
//! query (so the region actually sent is visible: the config's when unset, the request's own
//! when set).

use ecs_client::actions::{CreateAutoSnapshotPolicy, CreateAutoSnapshotPolicyBuilder};
use ecs_client::{Client, Config, Credentials, RetryPolicy, SdkError, SignatureVersion};
use ecs_emulator::Emulator;
use futures_util::TryStreamExt;
use std::path::Path;
use std::sync::{Arc, Mutex};

const ID: &str = "region-fill-id";
const SECRET: &str = "region-fill-secret-Vw3";

async fn emulator() -> Emulator {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Emulator::builder()
        .specs_dir(root.join("../specs"))
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("emulator starts")
}

fn client(endpoint: &str, region: Option<&str>) -> Client {
    let mut config = Config::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new(ID, SECRET))
        .signature_version(SignatureVersion::V3)
        .retry(RetryPolicy::disabled());
    if let Some(r) = region {
        config = config.region(r);
    }
    Client::new(config.build().expect("config"))
}

/// A valid seed call without `region_id`.
fn policy(c: &Client) -> CreateAutoSnapshotPolicyBuilder<Client> {
    c.create_auto_snapshot_policy()
        .time_points([3])
        .repeat_weekdays([3])
        .retention_days(3)
}

#[tokio::test]
async fn a_required_region_id_left_unset_takes_the_configured_region() {
    let emu = emulator().await;
    let c = client(emu.endpoint(), Some("cn-hangzhou"));
    let before = emu.requests_seen();
    let created = policy(&c)
        .send()
        .await
        .expect("sent with the configured region");
    assert!(!created.request_id.is_empty());
    assert_eq!(emu.requests_seen() - before, 1);

    // The paginator of a client-bound builder fills it too.
    let pages: Vec<_> = c
        .describe_auto_snapshot_policy_ex()
        .page_size(10)
        .into_paginator()
        .try_collect()
        .await
        .expect("pages with the configured region");
    assert!(!pages.is_empty());

    // Every other rule is still checked before sending; the region is not reported.
    let before = emu.requests_seen();
    match policy(&c).retention_days(0).send().await {
        Err(SdkError::Construction(v)) => {
            assert!(v.has("retentionDays", "range"), "{v}");
            assert!(!v.iter().any(|x| x.param == "regionId"), "{v}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(emu.requests_seen(), before, "refused before sending");
    emu.shutdown().await;
}

#[tokio::test]
async fn without_a_configured_region_a_required_region_id_is_missing() {
    let emu = emulator().await;
    let c = client(emu.endpoint(), None);
    let before = emu.requests_seen();
    match policy(&c).send().await {
        Err(SdkError::Construction(v)) => assert!(v.has("regionId", "required"), "{v}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(emu.requests_seen(), before, "refused before sending");
    // With the request's own region it goes out.
    policy(&c)
        .region_id("cn-hangzhou")
        .send()
        .await
        .expect("sent with the request's region");
    emu.shutdown().await;
}

/// A stub service that answers every call with the seed's success and records each query.
async fn recording_stub() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app =
        axum::Router::new().fallback(move |axum::extract::RawQuery(q): axum::extract::RawQuery| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(q.unwrap_or_default());
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    r#"{"RequestId":"stub-1","AutoSnapshotPolicyId":"sp-1"}"#,
                )
            }
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (endpoint, seen)
}

/// The `regionId` values of the recorded queries.
fn regions(seen: &Mutex<Vec<String>>) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.strip_prefix("regionId="))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

#[tokio::test]
async fn the_request_s_own_region_wins_and_an_unset_one_takes_the_config_s() {
    let (endpoint, seen) = recording_stub().await;
    let c = client(&endpoint, Some("cn-beijing"));
    // Unset on a client-bound builder: the config's.
    policy(&c).send().await.expect("sent");
    // Set on the builder: the request's own.
    policy(&c)
        .region_id("cn-shanghai")
        .send()
        .await
        .expect("sent");
    // A struct literal sent with `Client::send`: its own when set, the config's when empty.
    let literal = |region: &str| CreateAutoSnapshotPolicy {
        region_id: region.to_string(),
        ..CreateAutoSnapshotPolicy::builder()
            .region_id("x")
            .time_points([3])
            .repeat_weekdays([3])
            .retention_days(3)
            .build()
            .unwrap()
    };
    c.send(literal("cn-qingdao")).await.expect("sent");
    c.send(literal("")).await.expect("sent");
    assert_eq!(
        regions(&seen),
        ["cn-beijing", "cn-shanghai", "cn-qingdao", "cn-beijing"]
    );
}
