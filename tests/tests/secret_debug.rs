//! No secret in `Debug`: a fixture page (`pages/CreateWidgetKeys.md`) with a password, a
//! private key, a password inside a list item and, in the response, a private key, an
//! AccessKey secret and an STS token. Every generated `Debug` (builder, request, nested
//! request type, response, nested response type; `{:?}` and `{:#?}`) prints `***` for them
//! and still prints the fields that only name or describe a secret.

use create_widget_keys::{Account, Credentials};

#[ecs_client::ecs_action(spec = "pages/CreateWidgetKeys.md")]
pub struct CreateWidgetKeys;

const SENTINEL: &str = "Hunter2-Secret!";

/// Both `Debug` forms of `value`, checked to hold no sentinel; returns the compact one.
fn debug_without_sentinel(value: &impl std::fmt::Debug) -> String {
    let compact = format!("{value:?}");
    let pretty = format!("{value:#?}");
    for text in [&compact, &pretty] {
        assert!(!text.contains(SENTINEL), "a secret is printed: {text}");
        assert!(
            !text.contains("Hunter2"),
            "part of a secret is printed: {text}"
        );
    }
    compact
}

fn builder() -> CreateWidgetKeysBuilder {
    CreateWidgetKeys::builder()
        .region_id("cn-hangzhou")
        .key_pair_name("widget-key")
        .password(SENTINEL)
        .password_inherit(true)
        .private_key_body(SENTINEL)
        .account([Account {
            user_name: Some("admin".to_string()),
            password: Some(SENTINEL.to_string()),
        }])
        .client_token("token-123")
}

#[test]
fn builder_and_request_print_no_secret() {
    let b = builder();
    let text = debug_without_sentinel(&b);
    // The secret fields show that they are set, the others show their values.
    assert!(text.contains("password: Some(***)"), "{text}");
    assert!(text.contains("private_key_body: Some(***)"), "{text}");
    assert!(
        text.contains("key_pair_name: Some(\"widget-key\")"),
        "{text}"
    );
    assert!(text.contains("password_inherit: Some(true)"), "{text}");
    assert!(text.contains("client_token: Some(\"token-123\")"), "{text}");
    assert!(text.contains("user_name: Some(\"admin\")"), "{text}");
    assert!(text.starts_with("CreateWidgetKeysBuilder {"), "{text}");

    let req = b.build().expect("valid");
    let text = debug_without_sentinel(&req);
    assert!(text.starts_with("CreateWidgetKeys {"), "{text}");
    assert!(text.contains("password: Some(***)"), "{text}");
    assert!(text.contains("Account { user_name: Some(\"admin\"), password: Some(***) }"));

    // The wire still carries the value: redaction is only what Debug shows.
    let params = req.to_params();
    assert!(params.contains(&("Password".to_string(), SENTINEL.to_string())));
    assert!(params.contains(&("Account.1.Password".to_string(), SENTINEL.to_string())));

    // A request rebuilt from its wire parameters prints no secret either.
    let again = CreateWidgetKeys::from_params(&params).expect("its own parameters");
    assert_eq!(again, req);
    debug_without_sentinel(&again);

    // Unset secrets print as `None`.
    let empty = CreateWidgetKeys::builder().region_id("cn-hangzhou");
    assert!(debug_without_sentinel(&empty).contains("password: None"));
}

#[test]
fn response_prints_no_secret() {
    let body = serde_json::json!({
        "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
        "KeyPairName": "widget-key",
        "PrivateKeyBody": SENTINEL,
        "Credentials": {
            "AccessKeyId": "STS.L4aBSCSJVMuKg5U1",
            "AccessKeySecret": SENTINEL,
            "SecurityToken": SENTINEL,
            "Expiration": "2015-04-09T11:52:19Z"
        }
    });
    let resp: CreateWidgetKeysResponse = serde_json::from_value(body).expect("decodes");
    assert_eq!(resp.private_key_body.as_deref(), Some(SENTINEL));
    let creds: &Credentials = resp.credentials.as_ref().expect("credentials");
    assert_eq!(creds.access_key_secret.as_deref(), Some(SENTINEL));
    let text = debug_without_sentinel(&resp);
    assert!(text.contains("private_key_body: Some(***)"), "{text}");
    assert!(text.contains("access_key_secret: Some(***)"), "{text}");
    assert!(text.contains("security_token: Some(***)"), "{text}");
    assert!(
        text.contains("access_key_id: Some(\"STS.L4aBSCSJVMuKg5U1\")"),
        "{text}"
    );
    assert!(text.contains("expiration: Some(\"2015-04-09T11:52:19Z\")"));
    assert!(text.contains("key_pair_name: Some(\"widget-key\")"));
}

/// A password that breaks its page's length rule: the validation error names the parameter,
/// the rule and the page line, never the value (in its message, its `Debug` and the
/// `Violation` itself), also for a password inside a list item.
#[test]
fn a_validation_error_on_a_secret_names_the_rule_not_the_value() {
    let too_long = format!("{SENTINEL}{}", "x".repeat(40));
    let err = CreateWidgetKeys::builder()
        .region_id("cn-hangzhou")
        .password(too_long.as_str())
        .account([Account {
            user_name: Some("admin".to_string()),
            password: Some(too_long.clone()),
        }])
        .build()
        .expect_err("a 55-character password breaks the 8-to-30 rule");
    let shown = format!("{err}");
    assert!(shown.contains("Password"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
    debug_without_sentinel(&err);
    assert!(!shown.contains("Hunter2"), "{shown}");
    let v = err
        .iter()
        .find(|v| v.param == "Password")
        .expect("Password");
    assert_eq!(v.value.as_deref(), Some("***"));
}
