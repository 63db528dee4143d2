//! The ready client against the stateful emulator, through its typed API and its generated
//! waiters: a policy is created, waited for until `Normal`, described back with the values
//! set, deleted, and then not found (the typed variant, and the waiter's `NotFound`);
//! paging runs over created policies; regions and accounts do not see each other's. Uses only
//! the project's own pages (`specs/`), so a fresh clone runs it.

use ecs_client::actions::describe_auto_snapshot_policy_ex::Status;
use ecs_client::actions::{DeleteAutoSnapshotPolicyError, DescribeAutoSnapshotPolicyExWaiters};
use ecs_client::{Client, Config, Credentials, SdkError, WaiterError};
use ecs_emulator::Emulator;
use futures_util::TryStreamExt;
use std::path::Path;
use std::time::Duration;

const ID: &str = "state-e2e-id";
const SECRET: &str = "state-e2e-secret";

async fn emulator(transition_ms: u64) -> Emulator {
    Emulator::builder()
        .specs_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"))
        .access_key(ID, SECRET)
        .access_key("other-account", "other-secret")
        .seed(2026)
        .transition_ms(transition_ms)
        .start()
        .await
        .expect("emulator starts")
}

fn client(emu: &Emulator, id: &str, secret: &str) -> Client {
    Client::new(
        Config::builder()
            .endpoint(emu.endpoint())
            .credentials(Credentials::new(id, secret))
            .build()
            .expect("config"),
    )
}

async fn create(c: &Client, region: &str, name: &str) -> String {
    c.create_auto_snapshot_policy()
        .region_id(region)
        .time_points([2, 14])
        .repeat_weekdays([6])
        .retention_days(14)
        .auto_snapshot_policy_name(name)
        .send()
        .await
        .expect("created")
        .auto_snapshot_policy_id
        .expect("an id")
}

#[tokio::test]
async fn a_policy_is_waited_for_described_deleted_and_then_not_found() {
    let emu = emulator(200).await;
    let c = client(&emu, ID, SECRET);
    let id = create(&c, "cn-hangzhou", "nightly").await;
    assert!(id.starts_with("sp-") && id.len() == 23, "{id}");

    let ready = c
        .wait_until_auto_snapshot_policy_normal()
        .region_id("cn-hangzhou")
        .auto_snapshot_policy_id(id.as_str())
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(20))
        .await
        .expect("the policy becomes Normal");
    let p = &ready.auto_snapshot_policies[0];
    assert_eq!(p.auto_snapshot_policy_id.as_deref(), Some(id.as_str()));
    assert_eq!(p.status, Some(Status::Normal));
    assert_eq!(p.auto_snapshot_policy_name.as_deref(), Some("nightly"));
    assert_eq!(p.time_points.as_deref(), Some(r#"["2","14"]"#));
    assert_eq!(p.repeat_weekdays.as_deref(), Some(r#"["6"]"#));
    assert_eq!(p.retention_days, Some(14));
    assert_eq!(p.region_id.as_deref(), Some("cn-hangzhou"));

    c.delete_auto_snapshot_policy()
        .region_id("cn-hangzhou")
        .auto_snapshot_policy_id(id.as_str())
        .send()
        .await
        .expect("deleted");
    let listed = c
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .auto_snapshot_policy_id(id.as_str())
        .send()
        .await
        .expect("described");
    assert!(listed.auto_snapshot_policies.is_empty());
    assert_eq!(listed.total_count, Some(0));
    match c
        .delete_auto_snapshot_policy()
        .region_id("cn-hangzhou")
        .auto_snapshot_policy_id(id.as_str())
        .send()
        .await
    {
        Err(SdkError::Service(
            DeleteAutoSnapshotPolicyError::InvalidAutoSnapshotPolicyIdNotFound(meta),
        )) => assert_eq!(meta.http_status, 404),
        other => panic!("a second delete: {other:?}"),
    }
    // Waiting on what is gone ends at once, not at the deadline.
    let gone = c
        .wait_until_auto_snapshot_policy_normal()
        .region_id("cn-hangzhou")
        .auto_snapshot_policy_id(id.as_str())
        .wait(Duration::from_secs(600))
        .await;
    assert!(matches!(gone, Err(WaiterError::NotFound)), "{gone:?}");
    emu.shutdown().await;
}

#[tokio::test]
async fn paging_runs_over_created_policies_and_scopes_are_apart() {
    let emu = emulator(0).await;
    let c = client(&emu, ID, SECRET);
    let mut made = Vec::new();
    for i in 0..7 {
        made.push(create(&c, "cn-hangzhou", &format!("p{i}")).await);
    }
    create(&c, "cn-beijing", "elsewhere").await;
    let paged: Vec<String> = c
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .page_size(3)
        .into_paginator()
        .items()
        .map_ok(|p| p.auto_snapshot_policy_id.unwrap_or_default())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(paged, made, "every policy once, in creation order");
    let beijing = c
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-beijing")
        .send()
        .await
        .unwrap();
    assert_eq!(beijing.total_count, Some(1));
    let other = client(&emu, "other-account", "other-secret")
        .describe_auto_snapshot_policy_ex()
        .region_id("cn-hangzhou")
        .send()
        .await
        .unwrap();
    assert_eq!(other.total_count, Some(0), "another account sees none");
    assert_eq!(emu.resources(), 8);
    emu.shutdown().await;
}
