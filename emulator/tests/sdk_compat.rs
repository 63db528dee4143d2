//! What ECS accepts from the official SDKs, the emulator accepts, with the parameters where
//! those SDKs put them: the legacy Python SDK (`aliyun-python-sdk-core`) signs V1 with every
//! parameter in the query and adds `RegionId` to every call, whether the action's page lists
//! it or not, and whatever the page's spelling (`regionId`); the Node SDKs (`@alicloud/pop-core`,
//! the Tea RPC client) POST every parameter, `Format` and `Signature` included, as a form
//! body. Unlisted parameters are ignored (logged, counted in `/__emulator/stats`) unless the
//! emulator is strict; range messages state only the bounds the page states. And the
//! emulator binds loopback only, unless told otherwise.

mod common;
use common::*;
use ecs_emulator::Emulator;
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/pages")
}

/// The seed and the top-level fixture pages (`DescribeWidgetZones` lists no region,
/// `CreateWidgetPolicy` states only a maximum for `Priority`).
fn pages() -> Vec<ecs_codegen::ir::Page> {
    let mut pages = ecs_codegen::parse_dir(&specs()).expect("the seed reads");
    for name in ["DescribeWidgetZones.md", "CreateWidgetPolicy.md"] {
        pages.push(ecs_codegen::parse_file(&fixture_dir().join(name)).expect("a fixture page"));
    }
    pages
}

async fn start(strict: bool) -> Emulator {
    Emulator::builder()
        .pages(pages())
        .access_key(ID, SECRET)
        .strict(strict)
        .start()
        .await
        .expect("emulator starts")
}

/// A V1 request for `action` with `own` parameters, `Format=JSON` as the SDKs send it.
fn v1(action: &str, own: Params) -> V1 {
    let mut req = V1::new(own);
    req.action = action.to_string();
    req.format = Some("JSON");
    req
}

/// Every signed parameter in a form body (`POST /`, empty query), as the Node SDKs send them.
async fn send_form(emu: &Emulator, params: &Params) -> reqwest::Response {
    client()
        .post(format!("{}/", emu.endpoint()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(query_string(params))
        .send()
        .await
        .expect("the emulator answers")
}

async fn stats(emu: &Emulator) -> serde_json::Value {
    let r = client()
        .get(format!("{}/__emulator/stats", emu.endpoint()))
        .send()
        .await
        .expect("stats");
    json(r).await.1
}

/// The status and body text of an answer, and whether it says it is JSON.
async fn text(r: reqwest::Response) -> (u16, bool, String) {
    let status = r.status().as_u16();
    let is_json = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    (status, is_json, r.text().await.expect("body"))
}

#[tokio::test]
async fn the_legacy_sdks_region_id_on_an_action_whose_page_does_not_list_it_is_ignored() {
    let emu = start(false).await;
    let own = p(&[("AcceptLanguage", "en-US"), ("RegionId", "cn-hangzhou")]);
    let (status, v) = json(v1("DescribeWidgetZones", own.clone()).send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["Zones"]["Zone"][0]["ZoneId"], "cn-hangzhou-g", "{v}");
    assert_eq!(emu.ignored_params(), 1);
    let s = stats(&emu).await;
    assert_eq!(s["ignored_params"], 1, "{s}");
    assert_eq!(s["total_executions"], 1, "{s}");
    // In a form body, the same.
    let (status, v) =
        json(send_form(&emu, &v1("DescribeWidgetZones", own.clone()).signed()).await).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(stats(&emu).await["ignored_params"], 2);
    emu.shutdown().await;

    // Strict: today's refusal, naming the parameter.
    let strict = start(true).await;
    let (status, v) = json(v1("DescribeWidgetZones", own).send(&strict).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter")),
        "{v}"
    );
    assert!(
        v["Message"]
            .as_str()
            .unwrap_or_default()
            .contains("\"RegionId\""),
        "{v}"
    );
    assert_eq!(strict.ignored_params(), 0);
    assert_eq!(strict.total_executions(), 0);
    strict.shutdown().await;
}

#[tokio::test]
async fn the_pages_region_id_and_the_sdks_region_id_are_one_parameter() {
    for strict in [false, true] {
        let emu = start(strict).await;
        // The page spells it `regionId`; the SDK adds `RegionId` beside the caller's own.
        let mut own = seed_params();
        own.push(("RegionId".into(), "cn-hangzhou".into()));
        let (status, v) = json(v1(ACTION, own).send(&emu).await).await;
        assert_eq!(status, 200, "strict {strict}: {v}");
        assert!(v["AutoSnapshotPolicyId"].is_string(), "{v}");
        // The SDK's spelling alone is the page's parameter: the required region is given.
        let own: Params = seed_params()
            .into_iter()
            .map(|(k, v)| match k.as_str() {
                "regionId" => ("RegionId".to_string(), v),
                _ => (k, v),
            })
            .collect();
        let (status, v) = json(send_form(&emu, &v1(ACTION, own).signed()).await).await;
        assert_eq!(status, 200, "strict {strict}: {v}");
        // The one spelling ignored is the SDK's second one.
        assert_eq!(emu.ignored_params(), 1, "strict {strict}");
        assert_eq!(emu.total_executions(), 2, "strict {strict}");
        // A value the page's rules refuse is refused under the SDK's spelling too.
        let own = seed_with("retentionDays", "0")
            .into_iter()
            .map(|(k, v)| match k.as_str() {
                "retentionDays" => ("RetentionDays".to_string(), v),
                _ => (k, v),
            })
            .collect();
        let (status, code) = code(v1(ACTION, own).send(&emu).await).await;
        assert_eq!(
            (status, code.as_str()),
            (403, "ParameterInvalid"),
            "strict {strict}"
        );
        emu.shutdown().await;
    }
}

#[tokio::test]
async fn every_parameter_in_a_form_body_format_included_is_read() {
    let emu = start(false).await;
    // Format=JSON in the body: a JSON answer (the V1 default would be XML).
    let signed = v1(ACTION, seed_params()).signed();
    let (status, is_json, body) = text(send_form(&emu, &signed).await).await;
    assert_eq!((status, is_json), (200, true), "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(v["AutoSnapshotPolicyId"].is_string(), "{v}");
    // A refusal is answered in the body's format too.
    let signed = v1(ACTION, seed_with("retentionDays", "0")).signed();
    let (status, is_json, body) = text(send_form(&emu, &signed).await).await;
    assert_eq!((status, is_json), (403, true), "{body}");
    assert!(body.contains("\"Code\":\"ParameterInvalid\""), "{body}");
    // Format=XML in the body: XML.
    let mut req = v1(ACTION, seed_params());
    req.format = Some("XML");
    let (status, is_json, body) = text(send_form(&emu, &req.signed()).await).await;
    assert_eq!((status, is_json), (200, false), "{body}");
    assert!(
        body.contains("<CreateAutoSnapshotPolicyResponse>"),
        "{body}"
    );
    // A Format the service does not know, in the body: refused (in the default format), as
    // in the query.
    let mut req = v1(ACTION, seed_params());
    req.format = Some("YAML");
    let (status, _, body) = text(send_form(&emu, &req.signed()).await).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("<Code>InvalidParameter</Code>") && body.contains("YAML"),
        "{body}"
    );
    // The action is read from the body: an unknown one is named.
    let (status, v) =
        json(send_form(&emu, &v1("DescribeNothing", Vec::new()).signed()).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (404, Some("InvalidAction.NotFound")),
        "{v}"
    );
    // A signature over other parameters than the body's is refused.
    let mut signed = v1(ACTION, seed_params()).signed();
    signed
        .iter_mut()
        .find(|(k, _)| k == "retentionDays")
        .expect("given")
        .1 = "31".into();
    let (status, v) = json(send_form(&emu, &signed).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{v}"
    );
    // Executed: the JSON and the XML success, nothing else.
    assert_eq!(emu.total_executions(), 2);
    // A fault answers in the body's format too.
    emu.faults().push(ecs_emulator::Fault::Throttle {
        retry_after_ms: None,
    });
    let signed = v1(ACTION, seed_params()).signed();
    let (status, is_json, body) = text(send_form(&emu, &signed).await).await;
    assert_eq!((status, is_json), (400, true), "{body}");
    assert!(body.contains("Throttling.User"), "{body}");
    emu.shutdown().await;
}

#[tokio::test]
async fn a_parameter_the_page_does_not_list_is_ignored_unless_strict_wherever_it_is_sent() {
    let own = seed_with("InstanceId", "i-bp67acfmxazb4p****");
    let emu = start(false).await;
    let (status, v) = json(send_form(&emu, &v1(ACTION, own.clone()).signed()).await).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = json(v1(ACTION, own.clone()).send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = json(V3::new(own.clone()).send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(emu.ignored_params(), 3);
    // A member the page does not list, inside a documented list: ignored too.
    let mut own = p(&[
        ("regionId", "cn-hangzhou"),
        ("timePoints", r#"["0","12"]"#),
        ("retentionDays", "30"),
        ("Tag.1.Key", "TestKey"),
        ("Tag.1.Colour", "blue"),
    ]);
    let (status, v) = json(v1("CreateWidgetPolicy", own.clone()).send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(emu.ignored_params(), 4);
    // ...and what it would have hidden is still checked.
    own.push(("Priority".into(), "101".into()));
    let (status, v) = json(v1("CreateWidgetPolicy", own).send(&emu).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter")),
        "{v}"
    );
    emu.shutdown().await;

    let strict = start(true).await;
    for r in [
        send_form(
            &strict,
            &v1(ACTION, seed_with("InstanceId", "i-1")).signed(),
        )
        .await,
        v1(ACTION, seed_with("InstanceId", "i-1"))
            .send(&strict)
            .await,
        V3::new(seed_with("InstanceId", "i-1")).send(&strict).await,
    ] {
        let (status, v) = json(r).await;
        assert_eq!(
            (status, v["Code"].as_str()),
            (400, Some("InvalidParameter")),
            "{v}"
        );
        assert!(
            v["Message"]
                .as_str()
                .unwrap_or_default()
                .contains("\"InstanceId\""),
            "{v}"
        );
    }
    assert_eq!(strict.total_executions(), 0);
    strict.shutdown().await;
}

#[tokio::test]
async fn a_value_past_the_pages_maximum_names_only_that_bound() {
    let emu = start(false).await;
    let own = p(&[
        ("regionId", "cn-hangzhou"),
        ("timePoints", r#"["0","12"]"#),
        ("retentionDays", "30"),
        ("Priority", "101"),
    ]);
    let (status, v) = json(send_form(&emu, &v1("CreateWidgetPolicy", own).signed()).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter")),
        "{v}"
    );
    let message = v["Message"].as_str().unwrap_or_default();
    assert!(message.contains("\"Priority\""), "{message}");
    assert!(message.contains("101 must be at most 100"), "{message}");
    assert!(!message.contains("9223372036854775808"), "{message}");
    emu.shutdown().await;
}

#[tokio::test]
async fn a_non_loopback_address_needs_the_explicit_allowance() {
    // No server binds anything but loopback here: TEST-NET-1 (192.0.2.0/24) is not an
    // address of this host, so an allowed start gets as far as the bind and fails there.
    let addr: std::net::SocketAddr = "192.0.2.1:0".parse().expect("an address");
    let refused = Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .listen(addr)
        .start()
        .await
        .expect_err("not loopback");
    assert!(
        matches!(refused, ecs_emulator::StartError::NotLoopback(a) if a == addr),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("--allow-non-loopback"),
        "{refused}"
    );
    let allowed = Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .listen(addr)
        .allow_non_loopback(true)
        .start()
        .await
        .expect_err("192.0.2.1 is not this host's");
    assert!(
        matches!(allowed, ecs_emulator::StartError::Bind { addr: a, .. } if a == addr),
        "{allowed}"
    );
    // Loopback needs no allowance, and the allowance changes nothing there.
    let emu = Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .allow_non_loopback(true)
        .start()
        .await
        .expect("loopback");
    assert!(emu.local_addr().ip().is_loopback());
    emu.shutdown().await;
}

#[test]
fn the_binary_warns_when_allowed_a_non_loopback_address_and_refuses_it_otherwise() {
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
            .args(["--listen", "192.0.2.1:0", "--specs"])
            .arg(specs())
            .args(["--access-key-id", ID, "--access-key-secret", SECRET])
            .args(extra)
            .output()
            .expect("runs")
    };
    let out = run(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("loopback addresses only, not 192.0.2.1:0"),
        "{err}"
    );
    assert!(err.contains("--allow-non-loopback"), "{err}");
    assert!(!err.contains("WARN"), "{err}");
    let out = run(&["--allow-non-loopback", "--strict"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let warning = err
        .lines()
        .find(|l| l.contains("WARN"))
        .unwrap_or_else(|| panic!("a warning at start: {err}"));
    assert!(
        warning.contains("192.0.2.1:0, not a loopback address"),
        "{warning}"
    );
    assert!(err.contains("cannot bind 192.0.2.1:0"), "{err}");
    assert!(out.stdout.is_empty());
    assert!(!err.contains(SECRET), "{err}");
}
