//! The credentials chain end to end, against STS, metadata-service and credentials-URI
//! servers started here on 127.0.0.1:0. The fake STS checks the V1 signature of what it gets
//! with `ecs_client::sign`, the fake metadata service the IMDSv2 token headers.

use ecs_client::credentials::{
    ChainOptions, CredentialsProvider, ImdsProvider, ProvideCredentials, Sources,
};
use ecs_client::{CredentialsError, Secret};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;

mod fake_services;

use fake_services::*;

// ---------------------------------------------------------------------------------------
// The metadata service.

#[tokio::test]
async fn imds_v2_token_then_role_then_credentials_and_the_second_call_is_cached() {
    let imds = metadata_service(Imds::V2, 6 * 3600).await;
    let p =
        CredentialsProvider::default_chain_with(options(&[], None, &dead_endpoint(), &imds.base));
    let c = p.credentials().await.expect("credentials");
    assert_eq!(c.access_key_id, "STS.imds");
    assert_eq!(c.access_key_secret.expose(), "imds-secret-9c1d");
    assert_eq!(
        c.security_token.as_ref().map(Secret::expose),
        Some("imds-sts-token-5e2b")
    );
    assert!(
        c.expiration.expect("expiration") > OffsetDateTime::now_utc() + time::Duration::hours(5)
    );
    let seen = imds.seen();
    let asked: Vec<(&str, &str)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.path.as_str()))
        .collect();
    assert_eq!(
        asked,
        [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/ram/security-credentials/"),
            ("GET", "/latest/meta-data/ram/security-credentials/EcsRole"),
        ]
    );
    assert!(seen[1..]
        .iter()
        .all(|s| s.header("x-aliyun-ecs-metadata-token") == Some(ROLE_TOKEN)));
    p.credentials().await.expect("again");
    assert_eq!(imds.hits(), 3, "the second call is served from the cache");
}

#[tokio::test]
async fn imds_v1_fallback_unless_v1_is_disabled() {
    let imds = metadata_service(Imds::V1Only, 3600).await;
    let p =
        CredentialsProvider::default_chain_with(options(&[], None, &dead_endpoint(), &imds.base));
    assert_eq!(p.credentials().await.expect("v1").access_key_id, "STS.imds");
    let seen = imds.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|s| s.header("x-aliyun-ecs-metadata-token").is_none()));

    // A token the service then refuses: each GET is asked again without it.
    let rejecting = metadata_service(Imds::TokenRejected, 3600).await;
    let p = CredentialsProvider::default_chain_with(options(
        &[],
        None,
        &dead_endpoint(),
        &rejecting.base,
    ));
    assert_eq!(
        p.credentials()
            .await
            .expect("v1 after a refused token")
            .access_key_id,
        "STS.imds"
    );
    let tokens: Vec<bool> = rejecting
        .seen()
        .iter()
        .map(|s| s.header("x-aliyun-ecs-metadata-token").is_some())
        .collect();
    assert_eq!(tokens, [false, true, false, true, false]);
    let p = ImdsProvider::new(
        reqwest::Client::new(),
        &rejecting.base,
        Duration::from_secs(2),
    )
    .v1_disabled(true);
    let e = p.provide().await.unwrap_err();
    assert!(
        e.to_string()
            .ends_with("GET /latest/meta-data/ram/security-credentials/: HTTP 400 Bad Request"),
        "{e}"
    );

    // Disabled: no token, no fallback. In the chain the metadata service is tried unasked,
    // so the chain says nothing is configured, with the service's reason.
    let vars = [("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")];
    let p =
        CredentialsProvider::default_chain_with(options(&vars, None, &dead_endpoint(), &imds.base));
    let e = p.credentials().await.unwrap_err();
    match &e {
        CredentialsError::NotFound { metadata: Some(m) } => {
            assert!(m.contains("IMDSv1 is disabled"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(imds.hits(), 4, "only the token request");
    // The provider on its own says the same as a Metadata error.
    let p = ImdsProvider::new(reqwest::Client::new(), &imds.base, Duration::from_secs(2))
        .v1_disabled(true);
    let e = p.provide().await.unwrap_err();
    assert!(matches!(e, CredentialsError::Metadata { .. }), "{e}");
}

#[tokio::test]
async fn a_named_role_skips_the_listing_and_a_disabled_service_is_not_asked() {
    let imds = metadata_service(Imds::V2, 3600).await;
    let vars = [("ALIBABA_CLOUD_ECS_METADATA", "EcsRole")];
    let p =
        CredentialsProvider::default_chain_with(options(&vars, None, &dead_endpoint(), &imds.base));
    p.credentials().await.expect("credentials");
    let paths: Vec<String> = imds.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/latest/api/token",
            "/latest/meta-data/ram/security-credentials/EcsRole"
        ]
    );

    let vars = [("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")];
    let p =
        CredentialsProvider::default_chain_with(options(&vars, None, &dead_endpoint(), &imds.base));
    let e = p.credentials().await.unwrap_err();
    assert_eq!(e, CredentialsError::NotFound { metadata: None });
    assert_eq!(imds.hits(), 2);
}

// ---------------------------------------------------------------------------------------
// STS.

const CLI: &str = r#"{"current":"role","profiles":[
    {"name":"role","mode":"RamRoleArn","access_key_id":"LTAIsource","access_key_secret":"source-secret-8d2c",
     "ram_role_arn":"acs:ram::123:role/deploy","ram_session_name":"cli-session","expired_seconds":900},
    {"name":"sts-source","mode":"RamRoleArn","access_key_id":"STS.source","access_key_secret":"source-secret-8d2c",
     "sts_token":"source-sts-token-66f1","ram_role_arn":"acs:ram::123:role/deploy"},
    {"name":"ecs","mode":"EcsRamRole","ram_role_name":"EcsRole"},
    {"name":"ak","mode":"AK","access_key_id":"LTAIplain","access_key_secret":"plain-secret-0a9b"}]}"#;

#[tokio::test]
async fn cli_ram_role_arn_calls_assume_role_signed_with_the_profile_key() {
    let sts = sts_service("source-secret-8d2c", 3600, Duration::ZERO).await;
    let home = dir("ramrole", &[(".aliyun/config.json", CLI)]);
    let p = CredentialsProvider::default_chain_with(options(
        &[],
        Some(home),
        &sts.base,
        &dead_endpoint(),
    ));
    let c = p.credentials().await.expect("credentials");
    assert_eq!(c.access_key_id, "STS.role");
    assert_eq!(c.access_key_secret.expose(), "sts-secret-4b8e");
    assert_eq!(
        c.security_token.as_ref().map(Secret::expose),
        Some("sts-token-a1f0")
    );
    let seen = sts.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!(r.q("Action"), Some("AssumeRole"));
    assert_eq!(r.q("AccessKeyId"), Some("LTAIsource"));
    assert_eq!(r.q("RoleArn"), Some("acs:ram::123:role/deploy"));
    assert_eq!(r.q("RoleSessionName"), Some("cli-session"));
    assert_eq!(r.q("DurationSeconds"), Some("900"));
    assert_eq!(r.q("SecurityToken"), None);
    p.credentials().await.expect("cached");
    assert_eq!(sts.hits(), 1);
}

#[tokio::test]
async fn sts_errors_carry_code_message_and_request_id_and_a_wrong_signature_is_caught() {
    // The server knows another secret: the signature does not match.
    let sts = sts_service("another-secret", 3600, Duration::ZERO).await;
    let home = dir("sts-error", &[(".aliyun/config.json", CLI)]);
    let p = CredentialsProvider::default_chain_with(options(
        &[],
        Some(home),
        &sts.base,
        &dead_endpoint(),
    ));
    let e = p.credentials().await.unwrap_err();
    match &e {
        CredentialsError::Sts {
            action,
            code,
            request_id,
            endpoint,
            ..
        } => {
            assert_eq!(
                (*action, code.as_str(), request_id.as_str()),
                ("AssumeRole", "SignatureDoesNotMatch", "req-bad")
            );
            assert_eq!(endpoint, &sts.base);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .contains("SignatureDoesNotMatch: Specified signature is not matched"),
        "{e}"
    );
}

#[tokio::test]
async fn secrets_echoed_by_sts_are_masked_and_the_source_token_is_sent() {
    // STS quoting the request back, as its SignatureDoesNotMatch message does.
    let sts = Server::start(Duration::ZERO, |r| {
        let echoed: Vec<String> = r.query.iter().chain(&r.form).map(|(k, v)| format!("{k}={v}")).collect();
        let echoed = ecs_client::sign::percent_encode(&echoed.join("&"));
        (403, format!(r#"{{"RequestId":"req-9","Code":"NoPermission","Message":"server string to sign is:POST&%2F&{echoed}"}}"#))
    })
    .await;
    let home = dir("sts-echo", &[(".aliyun/config.json", CLI)]);
    let vars = [("ALIBABA_CLOUD_PROFILE", "sts-source")];
    let p = CredentialsProvider::default_chain_with(options(
        &vars,
        Some(home),
        &sts.base,
        &dead_endpoint(),
    ));
    let e = p.credentials().await.unwrap_err();
    assert!(sts.seen()[0].in_query("SecurityToken"));
    assert_eq!(
        sts.seen()[0].q("SecurityToken"),
        Some("source-sts-token-66f1")
    );
    let shown = format!("{e} {e:?} {p:?}");
    assert!(
        shown.contains("NoPermission") && shown.contains("req-9"),
        "{shown}"
    );
    assert!(shown.contains("SecurityToken%3D***"), "{shown}");
    for secret in ["source-sts-token-66f1", "source-secret-8d2c"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn oidc_reads_the_token_file_at_each_refresh() {
    // Credentials with a minute left are inside the refresh window: every call asks again.
    let sts = sts_service("unused", 60, Duration::ZERO).await;
    let tokens = dir("oidc", &[("token", "eyJ.first-token.sig\n")]);
    let file = tokens.join("token");
    let vars = [
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::123:role/oidc"),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::123:oidc-provider/ack",
        ),
        (
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            file.to_str().expect("utf-8 path"),
        ),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-session"),
    ];
    let p =
        CredentialsProvider::default_chain_with(options(&vars, None, &sts.base, &dead_endpoint()));
    let c = p.credentials().await.expect("credentials");
    assert_eq!(c.access_key_id, "STS.oidc");
    std::fs::write(&file, "eyJ.rotated-token.sig").expect("rotate");
    p.credentials().await.expect("refreshed");
    let seen = sts.seen();
    assert_eq!(seen.len(), 2);
    let r = &seen[0];
    assert_eq!(r.q("Action"), Some("AssumeRoleWithOIDC"));
    assert_eq!(r.q("OIDCToken"), Some("eyJ.first-token.sig"));
    assert_eq!(
        r.q("OIDCProviderArn"),
        Some("acs:ram::123:oidc-provider/ack")
    );
    assert_eq!(r.q("RoleArn"), Some("acs:ram::123:role/oidc"));
    assert_eq!(r.q("RoleSessionName"), Some("pod-session"));
    assert_eq!(r.q("DurationSeconds"), Some("3600"));
    assert_eq!(seen[1].q("OIDCToken"), Some("eyJ.rotated-token.sig"));

    // A missing token file is named.
    std::fs::remove_file(&file).expect("rm");
    let p =
        CredentialsProvider::default_chain_with(options(&vars, None, &sts.base, &dead_endpoint()));
    let e = p.credentials().await.unwrap_err();
    assert!(
        matches!(e, CredentialsError::BadFile { ref path, .. } if *path == file),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------
// Profiles that use the network.

#[tokio::test]
async fn cli_ecs_ram_role_profile_asks_the_metadata_service_for_its_role() {
    let imds = metadata_service(Imds::V2, 3600).await;
    let home = dir("cli-ecs", &[(".aliyun/config.json", CLI)]);
    let vars = [("ALIBABA_CLOUD_PROFILE", "ecs")];
    let p = CredentialsProvider::default_chain_with(options(
        &vars,
        Some(home),
        &dead_endpoint(),
        &imds.base,
    ));
    assert_eq!(
        p.credentials().await.expect("credentials").access_key_id,
        "STS.imds"
    );
    let paths: Vec<String> = imds.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/latest/api/token",
            "/latest/meta-data/ram/security-credentials/EcsRole"
        ]
    );

    // The profile cannot override ALIBABA_CLOUD_ECS_METADATA_DISABLED.
    let vars = [
        ("ALIBABA_CLOUD_PROFILE", "ecs"),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    let home = dir("cli-ecs-disabled", &[(".aliyun/config.json", CLI)]);
    let p = CredentialsProvider::default_chain_with(options(
        &vars,
        Some(home),
        &dead_endpoint(),
        &imds.base,
    ));
    let e = p.credentials().await.unwrap_err();
    assert!(matches!(e, CredentialsError::Invalid { .. }), "{e}");
    assert_eq!(imds.hits(), 2);
}

#[tokio::test]
async fn ini_role_types_end_to_end() {
    let sts = sts_service("ini-secret-3e7a", 3600, Duration::ZERO).await;
    let imds = metadata_service(Imds::V2, 3600).await;
    let tokens = dir("ini-oidc", &[("token", "eyJ.ini-token.sig")]);
    let ini = format!(
        "[default]\ntype = ram_role_arn\naccess_key_id = LTAIini\naccess_key_secret = ini-secret-3e7a\nrole_arn = acs:ram::1:role/ini\nrole_session_name = ini-session\n\n\
         [ecs]\ntype = ecs_ram_role\nrole_name = EcsRole\n\n\
         [oidc]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/o\noidc_provider_arn = acs:ram::1:oidc-provider/p\noidc_token_file_path = {}\n",
        tokens.join("token").display()
    );
    let home = dir("ini", &[(".alibabacloud/credentials.ini", &ini)]);
    let chain = |profile: &'static str| {
        CredentialsProvider::default_chain_with(options(
            &[("ALIBABA_CLOUD_PROFILE", profile)],
            Some(home.clone()),
            &sts.base,
            &imds.base,
        ))
    };
    assert_eq!(
        chain("default")
            .credentials()
            .await
            .expect("ram_role_arn")
            .access_key_id,
        "STS.role"
    );
    assert_eq!(sts.seen()[0].q("RoleSessionName"), Some("ini-session"));
    assert_eq!(
        chain("ecs")
            .credentials()
            .await
            .expect("ecs_ram_role")
            .access_key_id,
        "STS.imds"
    );
    assert_eq!(
        chain("oidc")
            .credentials()
            .await
            .expect("oidc_role_arn")
            .access_key_id,
        "STS.oidc"
    );
    assert_eq!(sts.seen()[1].q("OIDCToken"), Some("eyJ.ini-token.sig"));
}

// ---------------------------------------------------------------------------------------
// The credentials URI.

#[tokio::test]
async fn credentials_uri_and_its_failure_without_the_query_in_the_message() {
    let uri = Server::start(Duration::ZERO, |r| match r.q("token") {
        Some("uri-query-secret") => {
            let c = creds_json("STS.uri", "uri-secret-2c4d", "uri-token-77aa", 3600);
            (200, c.replacen('{', r#"{"Code":"Success","#, 1))
        }
        _ => (500, r#"{"Code":"Failure","Message":"wrong token"}"#.into()),
    })
    .await;
    // The metadata service does not answer: the chain goes on to the URI.
    let good = format!("{}/creds?token=uri-query-secret", uri.base);
    let vars = [("ALIBABA_CLOUD_CREDENTIALS_URI", good.as_str())];
    let p = CredentialsProvider::default_chain_with(options(
        &vars,
        None,
        &dead_endpoint(),
        &dead_endpoint(),
    ));
    let c = p.credentials().await.expect("credentials");
    assert_eq!(
        (c.access_key_id.as_str(), c.access_key_secret.expose()),
        ("STS.uri", "uri-secret-2c4d")
    );
    assert!(c.expiration.is_some());

    let bad = format!("{}/creds?token=other-query-secret", uri.base);
    let vars = [
        ("ALIBABA_CLOUD_CREDENTIALS_URI", bad.as_str()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    let p = CredentialsProvider::default_chain_with(options(
        &vars,
        None,
        &dead_endpoint(),
        &dead_endpoint(),
    ));
    let e = p.credentials().await.unwrap_err();
    let shown = format!("{e} {e:?} {p:?}");
    assert!(
        shown.contains("HTTP 500") && shown.contains("Code Failure: wrong token"),
        "{shown}"
    );
    assert!(shown.contains(&format!("{}/creds", uri.base)), "{shown}");
    assert!(!shown.contains("other-query-secret"), "{shown}");
}

#[tokio::test]
async fn the_chain_builds_its_own_client_for_the_metadata_service() {
    // No client given: the chain's own, which never goes through a proxy for the service.
    let imds = metadata_service(Imds::V2, 3600).await;
    let opts = ChainOptions::new(Sources::from_vars(
        [("ALIBABA_CLOUD_ECS_METADATA", "EcsRole")],
        None,
    ))
    .with_imds_endpoint(&imds.base);
    let p = CredentialsProvider::default_chain_with(opts);
    assert_eq!(
        p.credentials().await.expect("credentials").access_key_id,
        "STS.imds"
    );
}

#[tokio::test]
async fn an_endless_answer_is_cut_off() {
    let uri = Server::start(Duration::ZERO, |_| (200, "x".repeat(200 * 1024))).await;
    let vars = [
        ("ALIBABA_CLOUD_CREDENTIALS_URI", uri.base.as_str()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    let p = CredentialsProvider::default_chain_with(options(
        &vars,
        None,
        &dead_endpoint(),
        &dead_endpoint(),
    ));
    let e = p.credentials().await.unwrap_err();
    assert!(
        e.to_string()
            .ends_with("HTTP 200 OK: the answer is longer than 64 KiB"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------
// Caching and the chain.

#[tokio::test]
async fn near_expiry_is_refreshed_and_the_window_is_configurable() {
    let sts = sts_service("source-secret-8d2c", 120, Duration::ZERO).await;
    let home = dir("refresh", &[(".aliyun/config.json", CLI)]);
    // Two minutes left, refresh fifteen minutes before (the default): every call fetches.
    let p = CredentialsProvider::default_chain_with(options(
        &[],
        Some(home.clone()),
        &sts.base,
        &dead_endpoint(),
    ));
    p.credentials().await.expect("first");
    p.credentials().await.expect("second");
    assert_eq!(sts.hits(), 2);
    // Refresh one minute before: two minutes left is fresh.
    let opts = options(&[], Some(home), &sts.base, &dead_endpoint())
        .with_refresh_before(Duration::from_secs(60));
    let p = CredentialsProvider::default_chain_with(opts);
    p.credentials().await.expect("first");
    p.credentials().await.expect("second");
    assert_eq!(sts.hits(), 3);
}

#[tokio::test]
async fn concurrent_callers_cause_one_fetch() {
    let sts = sts_service("source-secret-8d2c", 3600, Duration::from_millis(100)).await;
    let home = dir("concurrent", &[(".aliyun/config.json", CLI)]);
    let p = CredentialsProvider::default_chain_with(options(
        &[],
        Some(home),
        &sts.base,
        &dead_endpoint(),
    ));
    let all = futures_util::future::join_all((0..20).map(|_| p.credentials())).await;
    assert!(all
        .iter()
        .all(|c| c.as_ref().expect("credentials").access_key_id == "STS.role"));
    assert_eq!(sts.hits(), 1);
}

#[tokio::test]
async fn chain_order_and_the_chain_keeps_the_provider_that_succeeded() {
    let sts = sts_service("source-secret-8d2c", 3600, Duration::ZERO).await;
    let imds = metadata_service(Imds::V2, 3600).await;
    let tokens = dir("order-oidc", &[("token", "eyJ.order.sig")]);
    let token_file = tokens.join("token");
    let token_file = token_file.to_str().expect("utf-8");
    let home = dir(
        "order",
        &[
            (".aliyun/config.json", CLI),
            (
                ".alibabacloud/credentials",
                "[default]\naccess_key_id = LTAIini\naccess_key_secret = ini-secret\n",
            ),
        ],
    );
    let env_ak = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
    ];
    let oidc = [
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/o"),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/p",
        ),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file),
    ];
    let id = |vars: Vec<(&str, &str)>, home: Option<PathBuf>| {
        let p =
            CredentialsProvider::default_chain_with(options(&vars, home, &sts.base, &imds.base));
        async move { p.credentials().await.expect("credentials").access_key_id }
    };
    // 1. The environment, before everything.
    assert_eq!(
        id([&env_ak[..], &oidc[..]].concat(), Some(home.clone())).await,
        "LTAIenv"
    );
    assert_eq!((sts.hits(), imds.hits()), (0, 0));
    // 2. OIDC, before the files.
    assert_eq!(id(oidc.to_vec(), Some(home.clone())).await, "STS.oidc");
    // 3. The CLI profile, before the INI file.
    let ak = vec![("ALIBABA_CLOUD_PROFILE", "ak")];
    assert_eq!(id(ak.clone(), Some(home.clone())).await, "LTAIplain");
    // 4. The INI file when the CLI profile is disabled.
    let ini = vec![("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")];
    assert_eq!(id(ini, Some(home.clone())).await, "LTAIini");
    // 5. The metadata service when nothing is configured.
    assert_eq!(id(vec![], None).await, "STS.imds");
    assert_eq!(sts.hits(), 1);

    // Once a provider succeeded, the chain keeps it: a rewritten file is not read again.
    let p = CredentialsProvider::default_chain_with(options(
        &ak,
        Some(home.clone()),
        &sts.base,
        &imds.base,
    ));
    assert_eq!(
        p.credentials().await.expect("first").access_key_id,
        "LTAIplain"
    );
    std::fs::write(
        home.join(".aliyun/config.json"),
        CLI.replace("LTAIplain", "LTAIchanged"),
    )
    .expect("rewrite");
    assert_eq!(
        p.credentials().await.expect("again").access_key_id,
        "LTAIplain"
    );
    let fresh =
        CredentialsProvider::default_chain_with(options(&ak, Some(home), &sts.base, &imds.base));
    assert_eq!(
        fresh.credentials().await.expect("new chain").access_key_id,
        "LTAIchanged"
    );
}

#[tokio::test]
async fn nothing_configured_and_no_metadata_service_says_what_to_set() {
    let p = CredentialsProvider::default_chain_with(options(
        &[],
        None,
        &dead_endpoint(),
        &dead_endpoint(),
    ));
    let e = p.credentials().await.unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with("no credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{shown}"
    );
    assert!(
        shown.contains("the ECS metadata service was tried"),
        "{shown}"
    );
}

#[tokio::test]
async fn no_secret_in_any_debug_or_display() {
    let sts = sts_service("source-secret-8d2c", 3600, Duration::ZERO).await;
    let imds = metadata_service(Imds::V2, 3600).await;
    let home = dir("nosecret", &[(".aliyun/config.json", CLI)]);
    let secrets = [
        "source-secret-8d2c",
        "source-sts-token-66f1",
        "sts-secret-4b8e",
        "sts-token-a1f0",
        "imds-secret-9c1d",
        "imds-sts-token-5e2b",
        ROLE_TOKEN,
        "env-secret-5d5d",
        "proxy-pass-1b2c",
    ];
    let mut shown = Vec::new();
    for (vars, home) in [
        (vec![("ALIBABA_CLOUD_PROFILE", "role")], Some(home.clone())),
        (
            vec![("ALIBABA_CLOUD_PROFILE", "sts-source")],
            Some(home.clone()),
        ),
        (vec![], None),
        (
            vec![
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-5d5d"),
            ],
            None,
        ),
    ] {
        let opts = options(&vars, home, &sts.base, &imds.base);
        shown.push(format!("{opts:?}"));
        let p = CredentialsProvider::default_chain_with(opts);
        match p.credentials().await {
            Ok(c) => shown.push(format!("{c:?}")),
            Err(e) => shown.push(format!("{e} {e:?}")),
        }
        shown.push(format!("{p:?}"));
    }
    // A client of the user's, with a proxy password: the chain's Debug leaves the client out
    // (reqwest masks the password today too), and errors never quote the proxy.
    let proxied = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all("http://user:proxy-pass-1b2c@127.0.0.1:1").expect("proxy"))
        .build()
        .expect("client");
    let opts = options(&[], None, &sts.base, &imds.base).with_http_client(proxied);
    shown.push(format!("{opts:?}"));
    let p = CredentialsProvider::default_chain_with(opts);
    let e = p.credentials().await.unwrap_err();
    shown.push(format!("{e} {e:?} {p:?}"));
    let all = shown.join("\n");
    assert!(
        all.contains("STS.role") && all.contains("STS.imds") && all.contains("LTAIenv"),
        "{all}"
    );
    for s in secrets {
        assert!(!all.contains(s), "{s} printed in:\n{all}");
    }
}

#[tokio::test]
async fn logs_at_trace_level_hold_no_secret_even_when_a_refresh_fails() {
    let logs = LogBuf::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // First AssumeRole succeeds with two minutes left (inside the refresh window); the
    // refresh fails with a message quoting the security token sent.
    let calls = Arc::new(Mutex::new(0));
    let counter = calls.clone();
    let sts = Server::start(Duration::ZERO, move |r| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        if *n == 1 {
            let c = creds_json("STS.role", "sts-secret-4b8e", "sts-token-a1f0", 120);
            (200, format!(r#"{{"RequestId":"r1","Credentials":{c}}}"#))
        } else {
            let token = r.q("SecurityToken").unwrap_or("");
            (503, format!(r#"{{"RequestId":"r2","Code":"ServiceUnavailable","Message":"token {token} rejected"}}"#))
        }
    })
    .await;
    let imds = metadata_service(Imds::V2, 3600).await;
    let home = dir("logs", &[(".aliyun/config.json", CLI)]);
    let vars = [("ALIBABA_CLOUD_PROFILE", "sts-source")];
    let p =
        CredentialsProvider::default_chain_with(options(&vars, Some(home), &sts.base, &imds.base));
    let first = p.credentials().await.expect("first");
    let second = p
        .credentials()
        .await
        .expect("the cached credentials, still valid");
    assert_eq!(first, second);
    assert_eq!(*calls.lock().unwrap(), 2);
    let p =
        CredentialsProvider::default_chain_with(options(&[], None, &dead_endpoint(), &imds.base));
    p.credentials().await.expect("metadata service");

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).expect("utf-8");
    assert!(text.contains("refreshing credentials failed"), "{text}");
    assert!(
        text.contains("ServiceUnavailable") && text.contains("token *** rejected"),
        "{text}"
    );
    assert!(text.contains("credentials found"), "{text}");
    for s in [
        "source-secret-8d2c",
        "source-sts-token-66f1",
        "sts-secret-4b8e",
        "sts-token-a1f0",
        "imds-secret-9c1d",
        "imds-sts-token-5e2b",
        ROLE_TOKEN,
    ] {
        assert!(!text.contains(s), "{s} logged in:\n{text}");
    }
}
