//! The quickstart: a policy's lifecycle through the fluent client (create it, describe it
//! back with the values set, delete it, and the typed not-found error after), then a typed
//! validation error and a typed service error.
//!
//! With no credentials in the environment it starts the emulator in-process (the pages in
//! `specs/`, a throwaway key) and calls that. With `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` set it calls real ECS in `ALIBABA_CLOUD_REGION_ID`
//! (default `cn-hangzhou`); the policy it creates is real, and deleted again (policies cost
//! nothing).
//!
//! `cargo run -p ecs-emulator --example quickstart`

use ecs_client::actions::describe_auto_snapshot_policy_ex::Status;
use ecs_client::actions::{
    CreateAutoSnapshotPolicy, DeleteAutoSnapshotPolicyError, DescribeAutoSnapshotPolicyExWaiters,
};
use ecs_client::{Client, Config, Credentials, SdkError};
use std::path::Path;
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env_key = std::env::var("ALIBABA_CLOUD_ACCESS_KEY_ID").is_ok_and(|v| !v.is_empty());
    let region = std::env::var("ALIBABA_CLOUD_REGION_ID").unwrap_or_else(|_| "cn-hangzhou".into());
    let (client, emulator) = if env_key {
        println!("credentials found in the environment: calling ECS in {region}");
        (Client::from_env()?, None)
    } else {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let key = uuid::Uuid::new_v4().simple().to_string();
        let emu = ecs_emulator::Emulator::builder()
            .specs_dir(&specs)
            .access_key("quickstart", key.as_str())
            .start()
            .await?;
        println!(
            "no credentials in the environment: calling the local emulator at {} (serving {})",
            emu.endpoint(),
            emu.actions().join(", ")
        );
        let config = Config::builder()
            .endpoint(emu.endpoint())
            .credentials(Credentials::new("quickstart", key.as_str()))
            .build()?;
        (Client::new(config), Some(emu))
    };

    // 1. A call: numbers are numbers; the wire carries what the page documents.
    let policy = client
        .create_auto_snapshot_policy()
        .region_id(region.as_str())
        .time_points([0, 19])
        .repeat_weekdays([1, 7])
        .retention_days(30)
        .auto_snapshot_policy_name("quickstart-policy")
        .send()
        .await?;
    println!("\ncreated: {policy:#?}");
    let id = policy
        .auto_snapshot_policy_id
        .clone()
        .ok_or("the answer names the new policy")?;

    // 2. Waited for until it is ready, and so described back: the values set at creation,
    //    what the service set, its state.
    let listed = client
        .wait_until_auto_snapshot_policy_normal()
        .region_id(region.as_str())
        .auto_snapshot_policy_id(id.as_str())
        .min_delay(Duration::from_millis(100))
        .max_delay(Duration::from_secs(5))
        .wait(Duration::from_secs(120))
        .await?;
    for p in &listed.auto_snapshot_policies {
        // The page documents the states, so `status` is an enum; a state newer than the
        // page is `Unknown` with the text the service sent.
        let state = match &p.status {
            Some(Status::Normal) => "ready",
            Some(Status::Creating) => "being created",
            Some(Status::Expire) => "expired (overdue payments)",
            Some(Status::Unknown(other)) => other.as_str(),
            None => "no state",
        };
        println!(
            "\ndescribed: {} {:?} at hours {:?} on days {:?}, kept {:?} days, {state} since {:?}",
            p.auto_snapshot_policy_id.as_deref().unwrap_or_default(),
            p.auto_snapshot_policy_name.as_deref().unwrap_or_default(),
            p.time_points.as_deref().unwrap_or_default(),
            p.repeat_weekdays.as_deref().unwrap_or_default(),
            p.retention_days.unwrap_or_default(),
            p.creation_time.as_deref().unwrap_or_default(),
        );
    }

    // 3. Deleted, and gone: a second delete is the page's not-found row, as its variant.
    client
        .delete_auto_snapshot_policy()
        .region_id(region.as_str())
        .auto_snapshot_policy_id(id.as_str())
        .send()
        .await?;
    println!("\ndeleted {id}");
    match client
        .delete_auto_snapshot_policy()
        .region_id(region.as_str())
        .auto_snapshot_policy_id(id.as_str())
        .send()
        .await
    {
        Err(SdkError::Service(
            DeleteAutoSnapshotPolicyError::InvalidAutoSnapshotPolicyIdNotFound(meta),
        )) => println!(
            "deleted again: not found ({}: {}; is_not_found: {})",
            meta.code,
            meta.message,
            meta.is_not_found()
        ),
        other => println!("deleted again: unexpected {other:?}"),
    }

    // 4. A request the page's rules reject never leaves the process.
    let err = client
        .create_auto_snapshot_policy()
        .region_id(region.as_str())
        .time_points([0, 24])
        .repeat_weekdays([8])
        .retention_days(0)
        .send()
        .await
        .expect_err("the documented rules reject it");
    if let SdkError::Construction(violations) = &err {
        println!(
            "\nrejected before sending ({} violations):",
            violations.len()
        );
        for v in violations.iter() {
            println!("  - {v}");
        }
    }

    // 5. Sent anyway, the service answers with the page's own error row: the variant of its
    //    code (`ParameterInvalid`, one for the page's four rows), the meta naming the row.
    if emulator.is_some() {
        let unchecked = CreateAutoSnapshotPolicy::builder()
            .region_id(region.as_str())
            .time_points([0])
            .repeat_weekdays([1])
            .retention_days(0)
            .build_unchecked()?;
        match client.send(unchecked).await {
            Err(SdkError::Service(e)) => println!(
                "\nthe service said: {e}\n  as {} (documented row: {:?}; invalid parameter: {})",
                format!("{e:?}").split('(').next().unwrap_or_default(),
                e.row().map(|r| r.message),
                e.is_invalid_parameter()
            ),
            other => println!("\nunexpected: {other:?}"),
        }
    }
    if let Some(emu) = emulator {
        emu.shutdown().await;
    }
    Ok(())
}
