//! The state on the project's own pages (`specs/`, no corpus needed): ids drawn from a seeded
//! source, ClientToken replays that make one resource, transient states that last the
//! configured time, and the control API (`coverage`, `state` dump and load, `reset`,
//! `config`, `save`).

mod common;
use common::*;
use ecs_emulator::Emulator;
use serde_json::Value;

async fn start(seed: u64, transition_ms: u64) -> Emulator {
    Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .seed(seed)
        .transition_ms(transition_ms)
        .start()
        .await
        .expect("starts")
}

async fn call(emu: &Emulator, action: &str, params: &[(&str, &str)]) -> (u16, Value) {
    let mut req = V3::new(p(params));
    req.action = action.into();
    json(req.send(emu).await).await
}

fn policies(v: &Value) -> Vec<Value> {
    v["AutoSnapshotPolicies"]["AutoSnapshotPolicy"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no list in {v}"))
}

async fn create(emu: &Emulator, extra: &[(&str, &str)]) -> String {
    let mut ps = vec![
        ("regionId", "cn-hangzhou"),
        ("timePoints", r#"["1"]"#),
        ("repeatWeekdays", r#"["2"]"#),
        ("retentionDays", "7"),
    ];
    ps.extend_from_slice(extra);
    let (status, v) = call(emu, "CreateAutoSnapshotPolicy", &ps).await;
    assert_eq!(status, 200, "{v}");
    v["AutoSnapshotPolicyId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_seed_draws_the_same_ids_and_a_token_makes_one_policy() {
    let (a, b) = (start(42, 0).await, start(42, 0).await);
    let ids_a = [create(&a, &[]).await, create(&a, &[]).await];
    let ids_b = [create(&b, &[]).await, create(&b, &[]).await];
    assert_eq!(ids_a, ids_b);
    assert_ne!(ids_a[0], ids_a[1]);
    // The same ClientToken twice: one execution, one policy, the first answer again.
    let first = create(&a, &[("ClientToken", "token-1")]).await;
    let again = create(&a, &[("ClientToken", "token-1")]).await;
    assert_eq!(first, again);
    assert_eq!(a.executions("token-1"), 1);
    assert_eq!(a.resources(), 3);
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn a_new_policy_is_creating_for_the_transition_time_then_normal() {
    let emu = start(1, 300).await;
    let id = create(&emu, &[("autoSnapshotPolicyName", "nightly")]).await;
    let describe = [
        ("RegionId", "cn-hangzhou"),
        ("AutoSnapshotPolicyId", id.as_str()),
    ];
    let (_, v) = call(&emu, "DescribeAutoSnapshotPolicyEx", &describe).await;
    let p = &policies(&v)[0];
    assert_eq!(p["Status"], "Creating", "{v}");
    assert_eq!(p["AutoSnapshotPolicyName"], "nightly");
    assert_eq!(p["RetentionDays"], 7);
    assert_eq!(p["TimePoints"], r#"["1"]"#);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, v) = call(&emu, "DescribeAutoSnapshotPolicyEx", &describe).await;
    assert_eq!(policies(&v)[0]["Status"], "Normal", "{v}");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_control_api_dumps_loads_resets_and_reports() {
    let emu = start(3, 0).await;
    let http = client();
    let url = |path: &str| format!("{}/__emulator/{path}", emu.endpoint());
    let id = create(&emu, &[]).await;

    let coverage: Value = json(http.get(url("coverage")).send().await.unwrap())
        .await
        .1;
    let family = &coverage["families"][0];
    assert_eq!(family["noun"], "AutoSnapshotPolicy", "{coverage}");
    assert_eq!(family["id_field"], "AutoSnapshotPolicyId");
    assert_eq!(
        family["actions"],
        serde_json::json!([
            ["CreateAutoSnapshotPolicy", "create"],
            ["DeleteAutoSnapshotPolicy", "delete"],
            ["DescribeAutoSnapshotPolicyEx", "list"]
        ])
    );
    assert_eq!(coverage["example_only"], serde_json::json!([]));

    let dump: Value = json(http.get(url("state")).send().await.unwrap()).await.1;
    assert!(dump.to_string().contains(&id), "{dump}");
    let r = http.post(url("reset")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(emu.resources(), 0);
    let (_, v) = call(
        &emu,
        "DescribeAutoSnapshotPolicyEx",
        &[("RegionId", "cn-hangzhou")],
    )
    .await;
    assert!(policies(&v).is_empty(), "{v}");

    let r = http
        .post(url("state"))
        .body(dump.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, v) = call(
        &emu,
        "DescribeAutoSnapshotPolicyEx",
        &[("RegionId", "cn-hangzhou")],
    )
    .await;
    assert_eq!(policies(&v)[0]["AutoSnapshotPolicyId"], id.as_str(), "{v}");
    let r = http
        .post(url("state"))
        .body("{\"accounts\": 7}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a dump that is not one is refused");
    assert_eq!(emu.resources(), 1, "and changes nothing");

    let (_, r) = json(
        http.post(url("config"))
            .body(r#"{"transition_ms": 0}"#)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r["transition_ms"], 0);
    let r = http
        .post(url("config"))
        .body(r#"{"transition": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (_, r) = json(http.post(url("save")).send().await.unwrap()).await;
    assert_eq!(r["written"], Value::Null, "no state file was given");
    emu.shutdown().await;
}

#[tokio::test]
async fn an_xml_answer_is_written_from_the_state_not_the_pages_example() {
    let emu = start(5, 0).await;
    let id = create(&emu, &[("autoSnapshotPolicyName", "xml-policy")]).await;
    let mut req = V1::new(p(&[
        ("RegionId", "cn-hangzhou"),
        ("AutoSnapshotPolicyId", &id),
    ]));
    req.action = "DescribeAutoSnapshotPolicyEx".into();
    req.format = Some("XML");
    let r = req.send(&emu).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(&format!(
            "<AutoSnapshotPolicyId>{id}</AutoSnapshotPolicyId>"
        )),
        "{body}"
    );
    assert!(
        body.contains("<AutoSnapshotPolicyName>xml-policy</AutoSnapshotPolicyName>"),
        "{body}"
    );
    assert!(
        !body.contains("sp-bp14yziiuvu3s6jn"),
        "not the example's policy: {body}"
    );
    emu.shutdown().await;
}
