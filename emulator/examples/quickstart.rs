//! The quickstart: one CreateAutoSnapshotPolicy call through the fluent client, its typed
//! response, then a typed validation error and a typed service error.
//!
//! With no credentials in the environment it starts the emulator in-process (the pages in
//! `specs/`, a throwaway key) and calls that. With `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` set it calls real ECS in `ALIBABA_CLOUD_REGION_ID`
//! (default `cn-hangzhou`); the policy it creates is real (policies cost nothing; delete it
//! with DeleteAutoSnapshotPolicy).
//!
//! `cargo run -p ecs-emulator --example quickstart`

use ecs_client::actions::CreateAutoSnapshotPolicy;
use ecs_client::{Client, Config, Credentials, SdkError};
use std::path::Path;

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

    // 2. A request the page's rules reject never leaves the process.
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

    // 3. Sent anyway, the service answers with the page's own error row, as its variant.
    if emulator.is_some() {
        let unchecked = CreateAutoSnapshotPolicy::builder()
            .region_id(region.as_str())
            .time_points([0])
            .repeat_weekdays([1])
            .retention_days(0)
            .build_unchecked()?;
        match client.send(unchecked).await {
            Err(SdkError::Service(e)) => println!("\nthe service said: {e}\n  as {e:?}"),
            other => println!("\nunexpected: {other:?}"),
        }
    }
    if let Some(emu) = emulator {
        emu.shutdown().await;
    }
    Ok(())
}
