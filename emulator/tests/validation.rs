//! The page's rules, answered with the page's error rows; ClientToken idempotency.

mod common;
use common::*;

async fn refused(emu: &ecs_emulator::Emulator, own: Params) -> (u16, String, String) {
    let (status, v) = json(V3::new(own).send(emu).await).await;
    (
        status,
        v["Code"].as_str().unwrap_or_default().to_string(),
        v["Message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn violations_get_the_seed_pages_rows() {
    let emu = emulator().await;
    let row = |name: &str| {
        (
            403,
            "ParameterInvalid".to_string(),
            format!("The specified {name} parameter is invalid."),
        )
    };
    for bad in ["0", "-2", "65537", "abc", "3.5"] {
        assert_eq!(
            refused(&emu, seed_with("retentionDays", bad)).await,
            row("RetentionDays"),
            "retentionDays={bad}"
        );
    }
    for bad in [r#"["24"]"#, r#"["-1"]"#, r#"["x"]"#, "not json"] {
        assert_eq!(
            refused(&emu, seed_with("timePoints", bad)).await,
            row("TimePoints"),
            "timePoints={bad}"
        );
    }
    let too_many: Vec<String> = (0..25).map(|i| format!("\"{}\"", i % 24)).collect();
    assert_eq!(
        refused(
            &emu,
            seed_with("timePoints", &format!("[{}]", too_many.join(",")))
        )
        .await,
        row("TimePoints"),
        "25 time points"
    );
    for bad in [
        r#"["0"]"#,
        r#"["8"]"#,
        r#"["1","2","3","4","5","6","7","1"]"#,
    ] {
        assert_eq!(
            refused(&emu, seed_with("repeatWeekdays", bad)).await,
            row("RepeatWeekDays"),
            "repeatWeekdays={bad}"
        );
    }
    // Values at the edges pass.
    for (k, v) in [
        ("retentionDays", "-1"),
        ("retentionDays", "65536"),
        ("timePoints", r#"["0","23"]"#),
        ("repeatWeekdays", r#"["1","2","3","4","5","6","7"]"#),
        ("autoSnapshotPolicyName", "Daily-backup"),
    ] {
        let (status, v) = json(V3::new(seed_with(k, v)).send(&emu).await).await;
        assert_eq!(status, 200, "{k}: {v}");
    }
    assert_eq!(emu.total_executions(), 5);
}

#[tokio::test]
async fn missing_unknown_and_undocumented_problems_get_common_errors() {
    let emu = emulator().await;
    let mut own = seed_params();
    own.retain(|(k, _)| k != "timePoints");
    let (status, code, msg) = refused(&emu, own).await;
    assert_eq!((status, code.as_str()), (400, "MissingParameter"));
    assert!(msg.contains("\"timePoints\""), "{msg}");
    // A parameter the page does not list: ignored, as ECS ignores it; refused when strict.
    let (status, v) = json(V3::new(seed_with("InstanceId", "i-1")).send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    let strict = ecs_emulator::Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .strict(true)
        .start()
        .await
        .expect("a strict emulator starts");
    let (status, code, msg) = refused(&strict, seed_with("InstanceId", "i-1")).await;
    assert_eq!((status, code.as_str()), (400, "InvalidParameter"));
    assert!(msg.contains("\"InstanceId\""), "{msg}");
    // autoSnapshotPolicyName has no row: the common error names the parameter and the rule.
    let (status, code, msg) = refused(&emu, seed_with("autoSnapshotPolicyName", "https://x")).await;
    assert_eq!((status, code.as_str()), (400, "InvalidParameter"));
    assert!(
        msg.contains("autoSnapshotPolicyName") && msg.contains("not_prefix"),
        "{msg}"
    );
    let (_, code, msg) = refused(&emu, seed_with("autoSnapshotPolicyName", "x")).await;
    assert_eq!(code, "InvalidParameter");
    assert!(msg.contains("min_len"), "{msg}");
    // Common parameters are never unknown.
    let mut req = V1::new(seed_params());
    req.extra.push(("SignatureType".into(), String::new()));
    assert_eq!(req.send(&emu).await.status(), 200);
    assert_eq!(emu.total_executions(), 2);
    assert_eq!(emu.ignored_params(), 1);
}

#[tokio::test]
async fn a_client_token_replays_the_first_answer_and_refuses_other_parameters() {
    let emu = emulator().await;
    let token = "123e4567-e89b-12d3-a456-426655440000";
    let first = json(V3::new(seed_with("ClientToken", token)).send(&emu).await).await;
    assert_eq!(first.0, 200, "{}", first.1);
    // A retry with a fresh nonce and timestamp, as a client sends it, and over V1 too.
    let again = json(V3::new(seed_with("ClientToken", token)).send(&emu).await).await;
    assert_eq!(again, first, "the same answer, the same RequestId");
    let v1 = json(V1::new(seed_with("ClientToken", token)).send(&emu).await).await;
    assert_eq!(v1, first);
    assert_eq!(emu.executions(token), 1);
    assert_eq!(emu.total_executions(), 1);
    // Other parameters with the same token.
    let mut other = seed_with("ClientToken", token);
    other
        .iter_mut()
        .find(|(k, _)| k == "retentionDays")
        .unwrap()
        .1 = "7".into();
    let (status, v) = json(V3::new(other).send(&emu).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("IdempotentParameterMismatch"))
    );
    assert_eq!(emu.executions(token), 1);
    // A refused request records nothing; the token stays free.
    let fresh = "token-2";
    let (status, _) = json(
        V3::new({
            let mut ps = seed_with("ClientToken", fresh);
            ps.iter_mut().find(|(k, _)| k == "retentionDays").unwrap().1 = "0".into();
            ps
        })
        .send(&emu)
        .await,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(emu.executions(fresh), 0);
    assert_eq!(
        json(V3::new(seed_with("ClientToken", fresh)).send(&emu).await)
            .await
            .0,
        200
    );
    assert_eq!(emu.executions(fresh), 1);
    // Calls without a token always execute.
    for _ in 0..2 {
        assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 200);
    }
    assert_eq!(emu.total_executions(), 4);
    // Too long a token.
    let long = "x".repeat(65);
    let (status, v) = json(V3::new(seed_with("ClientToken", &long)).send(&emu).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter"))
    );
    assert_eq!(emu.requests_seen(), 9);
}

#[tokio::test]
async fn concurrent_calls_with_one_token_execute_once() {
    let emu = emulator().await;
    let calls = (0..16).map(|_| {
        let req = V3::new(seed_with("ClientToken", "concurrent"));
        let emu = &emu;
        async move { json(req.send(emu).await).await }
    });
    let answers = futures_util::future::join_all(calls).await;
    assert!(
        answers.iter().all(|a| a == &answers[0] && a.0 == 200),
        "{answers:?}"
    );
    assert_eq!(emu.executions("concurrent"), 1);
    assert_eq!(emu.total_executions(), 1);
}

#[tokio::test]
async fn tokens_are_scoped_per_access_key() {
    let emu = emulator().await;
    let token = "shared-token";
    assert_eq!(
        V3::new(seed_with("ClientToken", token))
            .send(&emu)
            .await
            .status(),
        200
    );
    let mut other = V3::new(seed_with("ClientToken", token));
    other.key_id = "second".into();
    other.secret = "other-secret".into();
    let (status, v) = json(other.send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(emu.executions(token), 2, "one execution per account");
}

/// A password that breaks its page's rule is refused without the value in the answer.
#[tokio::test]
async fn a_refused_secret_is_not_echoed() {
    let page =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pages/CreateWidgetKeys.md");
    let emu = ecs_emulator::Emulator::builder()
        .pages(vec![ecs_codegen::parse_file(&page).expect("fixture page")])
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("starts");
    let password = format!("Hunter2-{}", "x".repeat(40));
    let mut req = V3::new(p(&[("RegionId", "cn-hangzhou"), ("Password", &password)]));
    req.action = "CreateWidgetKeys".into();
    let r = req.send(&emu).await;
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(status / 100, 4, "{body}");
    assert!(body.contains("Password"), "{body}");
    assert!(!body.contains("Hunter2"), "the password is echoed: {body}");
    emu.shutdown().await;
}
