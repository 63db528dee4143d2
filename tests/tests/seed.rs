//! The seed action as generated inside `ecs-client` (`ecs_client::actions`).

use ecs_client::actions::{
    CreateAutoSnapshotPolicy, CreateAutoSnapshotPolicyError, CreateAutoSnapshotPolicyResponse,
};

fn valid() -> ecs_client::actions::CreateAutoSnapshotPolicyBuilder {
    CreateAutoSnapshotPolicy::builder()
        .region_id("cn-hangzhou")
        .repeat_weekdays([1])
        .retention_days(30)
        .time_points([0, 19])
        .auto_snapshot_policy_name("FinanceJoshua")
}

#[test]
fn builder_and_wire_params() {
    // Numbers are numbers in Rust; the wire keeps the page's JSON strings.
    let req = valid().build().expect("the documented example is valid");
    assert_eq!(
        req.to_params(),
        vec![
            ("regionId".to_string(), "cn-hangzhou".to_string()),
            ("repeatWeekdays".to_string(), r#"["1"]"#.to_string()),
            ("retentionDays".to_string(), "30".to_string()),
            ("timePoints".to_string(), r#"["0","19"]"#.to_string()),
            (
                "autoSnapshotPolicyName".to_string(),
                "FinanceJoshua".to_string()
            ),
        ]
    );
    assert_eq!(CreateAutoSnapshotPolicy::ACTION, "CreateAutoSnapshotPolicy");
    assert_eq!(CreateAutoSnapshotPolicy::VERSION, "2014-05-26");
}

#[test]
fn every_violation_is_reported_with_its_line() {
    let err = CreateAutoSnapshotPolicy::builder()
        .repeat_weekdays([0, 8, -3])
        .retention_days(0)
        .time_points(0..25)
        .auto_snapshot_policy_name("https://x")
        .build()
        .unwrap_err();
    for (param, rule) in [
        ("regionId", "required"),
        ("repeatWeekdays[0]", "range"),
        ("repeatWeekdays[1]", "range"),
        ("repeatWeekdays[2]", "range"),
        ("retentionDays", "range"),
        ("timePoints", "max_items"),
        ("timePoints[24]", "range"),
        ("autoSnapshotPolicyName", "not_prefix"),
    ] {
        assert!(err.has(param, rule), "{param} {rule} missing from\n{err}");
    }
    let text = err.to_string();
    assert!(
        text.contains("retentionDays = 0: must be -1, or 1 to 65536"),
        "{text}"
    );
    assert!(
        text.contains("specs/CreateAutoSnapshotPolicy.md:"),
        "{text}"
    );
    assert!(err.iter().all(|v| v.line > 0));
}

#[test]
fn struct_literals_validate_on_request() {
    let req = CreateAutoSnapshotPolicy {
        region_id: "cn-hangzhou".into(),
        repeat_weekdays: vec![9],
        retention_days: -1,
        time_points: vec![3],
        auto_snapshot_policy_name: None,
    };
    let err = req.validate().unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(req.to_params()[1].1, r#"["9"]"#);
    // The unchecked builder still sends what the docs reject.
    let sent = valid()
        .retention_days(0)
        .build_unchecked()
        .expect("unchecked");
    assert_eq!(sent.retention_days, 0);
}

#[test]
fn responses_are_lenient() {
    let r: CreateAutoSnapshotPolicyResponse = serde_json::from_str(
        r#"{"RequestId":"F3CD","AutoSnapshotPolicyId":"sp-1","Extra":{"a":1}}"#,
    )
    .unwrap();
    assert_eq!(r.request_id, "F3CD");
    assert_eq!(r.auto_snapshot_policy_id.as_deref(), Some("sp-1"));
    let empty: CreateAutoSnapshotPolicyResponse = serde_json::from_str("{}").unwrap();
    assert_eq!(empty.request_id, "");
}

#[test]
fn errors_map_by_code_then_message() {
    use ecs_client::ActionError;
    use CreateAutoSnapshotPolicyError as E;
    let e = E::from_parts(
        403,
        "ParameterInvalid",
        "The specified TimePoints parameter is invalid.",
    );
    assert_eq!(e.code(), "ParameterInvalid");
    assert!(e.message().contains("TimePoints"));
    // One variant for the code; the meta names the row whose message matched.
    assert!(matches!(e, E::ParameterInvalid { .. }), "{e:?}");
    assert!(e.row().is_some_and(|r| r.message.contains("TimePoints")));
    assert!(e.is_invalid_parameter() && !e.is_not_found());
    // A message the docs do not list falls back to the code's first row.
    let e = E::from_parts(403, "ParameterInvalid", "something else");
    assert!(matches!(e, E::ParameterInvalid { .. }), "{e:?}");
    assert_eq!(e.row(), Some(&E::ERRORS[0]));
    let e = E::from_parts(
        400,
        "Throttling.User",
        "Request was denied due to user flow control.",
    );
    assert!(e.is_retryable() && e.is_throttling());
    assert!(matches!(e, E::Throttled { .. }), "{e:?}");
    assert_eq!(e.code(), "Throttling.User");
    let e = E::from_parts(418, "Teapot", "short and stout");
    assert!(matches!(e, E::Unknown { .. }));
    assert_eq!(e.to_string(), "Teapot: short and stout (HTTP 418)");
    assert_eq!(e.http_status(), 418);
    let _: &dyn std::error::Error = &e;
}

#[test]
fn from_params_is_the_inverse_of_to_params() {
    let req = valid().build().expect("valid");
    let back = CreateAutoSnapshotPolicy::from_params(&req.to_params()).expect("round trip");
    assert_eq!(back, req);
    let p = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    // The page's own example, spaces in the JSON array and all.
    let ex = CreateAutoSnapshotPolicy::from_params(&p(&[
        ("regionId", "cn-hangzhou"),
        ("repeatWeekdays", r#"["1"]"#),
        ("retentionDays", "30"),
        ("timePoints", r#"["0", "19"]"#),
    ]))
    .expect("fits");
    assert_eq!(ex.time_points, [0, 19]);
    assert!(ex.validate().is_ok());
    // Every misfit at once: unknown name, bad number, missing required, list given plainly.
    let err = CreateAutoSnapshotPolicy::from_params(&p(&[
        ("RegionId", "cn-hangzhou"),
        ("retentionDays", "thirty"),
        ("timePoints", "0"),
        ("repeatWeekdays.1", "1"),
    ]))
    .unwrap_err();
    let got: Vec<(&str, &str)> = err
        .iter()
        .map(|e| (e.param.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("regionId", "required parameter is missing"),
            ("retentionDays", "not a number of type i32: \"thirty\""),
            ("timePoints", "expected a list, got \"0\""),
            ("RegionId", "unknown parameter"),
        ],
        "{err}"
    );
}

/// The generator names variants by its list of common codes, the runtime classifies returned
/// codes by its own: the two are one list.
#[test]
fn the_generator_and_the_runtime_share_the_common_codes() {
    let generator: Vec<(&str, &str)> = ecs_codegen::error_codes::COMMON.to_vec();
    let runtime: Vec<(&str, &str)> = ecs_client::error::COMMON_CODES
        .iter()
        .map(|(head, class)| (*head, class.variant_name()))
        .collect();
    assert_eq!(generator, runtime);
    for (variant, _) in ecs_codegen::error_codes::COMMON_VARIANTS {
        let (_, class) = ecs_client::error::COMMON_CODES
            .iter()
            .find(|(_, c)| c.variant_name() == *variant)
            .expect("a class for every common variant");
        assert_eq!(
            ecs_codegen::error_codes::common_index(variant),
            Some(class.index()),
            "{variant}: declared at the index the runtime classifies to"
        );
    }
}
