//! Signatures as the official SDKs produce them, and every way ECS refuses one.

mod common;
use common::*;
use time::Duration;

#[tokio::test]
async fn v1_post_and_get_succeed_with_the_pages_example_and_a_fresh_request_id() {
    let emu = emulator().await;
    for method in ["POST", "GET"] {
        let mut req = V1::new(seed_params());
        req.method = method;
        let r = req.send(&emu).await;
        let header_id = r
            .headers()
            .get("x-acs-request-id")
            .map(|v| v.to_str().unwrap().to_string());
        let (status, v) = json(r).await;
        assert_eq!(status, 200, "{method}: {v}");
        assert_policy_id(&v);
        let id = v["RequestId"].as_str().unwrap();
        assert_ne!(
            id, "F3CD6886-D8D0-4FEE-B93E-1B73239673DE",
            "the example's id is replaced"
        );
        assert_eq!(uuid::Uuid::parse_str(id).map(|_| ()), Ok(()));
        assert_eq!(header_id.as_deref(), Some(id));
    }
    assert_eq!(emu.total_executions(), 2);
    emu.shutdown().await;
}

#[tokio::test]
async fn v1_form_body_parameters_are_signed_and_used() {
    let emu = emulator().await;
    let mut req = V1::new(seed_params());
    // RegionId travels in the body; the signature covers query and body (WIRE.md §1.2).
    req.extra.retain(|(k, _)| k != "regionId");
    let mut signed_set = req.unsigned();
    signed_set.push(("regionId".into(), "cn-hangzhou".into()));
    let sig = ecs_client::sign::v1_signature(&SECRET.into(), "POST", &signed_set);
    let mut query = req.unsigned();
    query.push(("Signature".into(), sig));
    let r = client()
        .post(format!("{}/?{}", emu.endpoint(), query_string(&query)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("regionId=cn-hangzhou")
        .send()
        .await
        .unwrap();
    let (status, v) = json(r).await;
    assert_eq!(status, 200, "{v}");
    // Without the body the same signature no longer holds.
    let r = client()
        .post(format!("{}/?{}", emu.endpoint(), query_string(&query)))
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, (400, "SignatureDoesNotMatch".into()));
}

#[tokio::test]
async fn v3_succeeds_and_may_sign_accept_and_user_agent_too() {
    let emu = emulator().await;
    let r = V3::new(seed_params()).send(&emu).await;
    let (status, v) = json(r).await;
    assert_eq!(status, 200, "{v}");
    assert_policy_id(&v);
    let mut req = V3::new(seed_params());
    req.extra_signed = p(&[
        ("accept", "application/json"),
        ("user-agent", "AlibabaCloud (linux) Rust"),
        ("x-acs-retry-attempts", "1"),
    ]);
    let (status, v) = json(req.send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    // A form body is hashed, and its parameters count.
    let mut req = V3::new(p(&[("regionId", "cn-hangzhou")]));
    let body = query_string(&seed_params()[1..].to_vec());
    req.body = body.into_bytes();
    req.content_type = Some("application/x-www-form-urlencoded");
    let (status, v) = json(req.send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn xml_is_answered_on_format_xml_for_success_and_errors() {
    let emu = emulator().await;
    let mut req = V1::new(seed_params());
    req.format = Some("XML");
    let r = req.send(&emu).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/xml;charset=utf-8");
    let text = r.text().await.unwrap();
    assert!(
        text.contains("<CreateAutoSnapshotPolicyResponse>"),
        "{text}"
    );
    // The id the state drew, not the example's.
    assert!(text.contains("<AutoSnapshotPolicyId>sp-"), "{text}");
    assert!(!text.contains("sp-233e6yl**"), "{text}");
    assert!(!text.contains("F3CD6886-D8D0-4FEE-B93E-1B73239673DE"));
    // No Format at all: V1's documented default, XML.
    let mut req = V1::new(seed_with("retentionDays", "0"));
    req.format = None;
    let r = req.send(&emu).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["content-type"], "text/xml;charset=utf-8");
    let text = r.text().await.unwrap();
    assert!(text.contains("<Error><RequestId>"), "{text}");
    assert!(text.contains("<Code>ParameterInvalid</Code>"), "{text}");
    assert!(text.contains("<HostId>127.0.0.1:"), "{text}");
}

#[tokio::test]
async fn v1_refusals() {
    let emu = emulator().await;
    // A wrong secret.
    let mut req = V1::new(seed_params());
    req.secret = "wrong".into();
    let (status, v) = json(req.send(&emu).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
    let msg = v["Message"].as_str().unwrap();
    assert!(
        msg.starts_with("Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Dtestid"),
        "{msg}"
    );
    assert!(!msg.contains(SECRET), "the secret never appears");
    for k in ["RequestId", "HostId", "Recommend"] {
        assert!(v[k].is_string(), "{k} in {v}");
    }
    // An unknown key.
    let mut req = V1::new(seed_params());
    req.key_id = "nobody".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (404, "InvalidAccessKeyId.NotFound".into())
    );
    // The second key works.
    let mut req = V1::new(seed_params());
    req.key_id = "second".into();
    req.secret = "other-secret".into();
    assert_eq!(req.send(&emu).await.status(), 200);
    // A changed parameter after signing.
    let mut ps = V1::new(seed_params()).signed();
    ps.iter_mut().find(|(k, _)| k == "retentionDays").unwrap().1 = "31".into();
    assert_eq!(
        code(send_query(&emu, "POST", &ps).await).await,
        (400, "SignatureDoesNotMatch".into())
    );
    // Signed for GET, sent as POST.
    let mut req = V1::new(seed_params());
    req.method = "GET";
    let ps = req.signed();
    assert_eq!(
        code(send_query(&emu, "POST", &ps).await).await,
        (400, "SignatureDoesNotMatch".into())
    );
    // Missing parts.
    let ps: Params = V1::new(seed_params()).unsigned();
    assert_eq!(
        code(send_query(&emu, "POST", &ps).await).await,
        (400, "IncompleteSignature".into())
    );
    for missing in [
        "Timestamp",
        "SignatureNonce",
        "AccessKeyId",
        "SignatureMethod",
    ] {
        let req = V1::new(seed_params());
        let mut ps = req.unsigned();
        ps.retain(|(k, _)| k != missing);
        let sig = ecs_client::sign::v1_signature(&SECRET.into(), "POST", &ps);
        ps.push(("Signature".into(), sig));
        let (status, v) = json(send_query(&emu, "POST", &ps).await).await;
        assert_eq!(
            (status, v["Code"].as_str()),
            (400, Some("MissingParameter")),
            "{missing}"
        );
        assert!(v["Message"].as_str().unwrap().contains(missing), "{v}");
    }
    // Action and Version are required too.
    for missing in ["Action", "Version"] {
        let req = V1::new(seed_params());
        let mut ps = req.unsigned();
        ps.retain(|(k, _)| k != missing);
        let sig = ecs_client::sign::v1_signature(&SECRET.into(), "POST", &ps);
        ps.push(("Signature".into(), sig));
        let (status, v) = json(send_query(&emu, "POST", &ps).await).await;
        assert_eq!(
            (status, v["Code"].as_str()),
            (400, Some("MissingParameter")),
            "{missing}"
        );
        assert!(v["Message"].as_str().unwrap().contains(missing), "{v}");
    }
    // A parameter given twice.
    let mut ps = V1::new(seed_params()).signed();
    ps.push(("regionId".into(), "cn-beijing".into()));
    let (status, v) = json(send_query(&emu, "POST", &ps).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter"))
    );
    assert!(
        v["Message"].as_str().unwrap().contains("more than once"),
        "{v}"
    );
    // Another signature method.
    let req = V1::new(seed_params());
    let mut ps = req.unsigned();
    ps.iter_mut()
        .find(|(k, _)| k == "SignatureMethod")
        .unwrap()
        .1 = "HMAC-SHA256".into();
    let sig = ecs_client::sign::v1_signature(&SECRET.into(), "POST", &ps);
    ps.push(("Signature".into(), sig));
    assert_eq!(
        code(send_query(&emu, "POST", &ps).await).await,
        (400, "InvalidSignatureMethod".into())
    );
    // An unknown action and a wrong version, both correctly signed.
    let mut req = V1::new(Vec::new());
    req.action = "DescribeNothing".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (404, "InvalidAction.NotFound".into())
    );
    let mut req = V1::new(seed_params());
    req.version = "2016-03-14".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "InvalidVersion".into())
    );
    assert_eq!(
        emu.total_executions(),
        1,
        "only the second key's call executed"
    );
}

#[tokio::test]
async fn v3_refusals() {
    let emu = emulator().await;
    let mut req = V3::new(seed_params());
    req.secret = "wrong".into();
    let (status, v) = json(req.send(&emu).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
    assert!(
        v["Message"]
            .as_str()
            .unwrap()
            .contains("ACS3-HMAC-SHA256\n"),
        "{v}"
    );
    let mut req = V3::new(seed_params());
    req.key_id = "nobody".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (404, "InvalidAccessKeyId.NotFound".into())
    );
    // An x-acs header sent but left out of SignedHeaders.
    let mut req = V3::new(seed_params());
    req.unsigned = p(&[("x-acs-retry-attempts", "2")]);
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "IncompleteSignature".into())
    );
    // A content hash that is not the body's.
    let mut req = V3::new(seed_params());
    req.body = b"autoSnapshotPolicyName=Daily".to_vec();
    req.content_type = Some("application/x-www-form-urlencoded");
    req.content_hash = Some(ecs_client::sign::sha256_hex(b""));
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "SignatureDoesNotMatch".into())
    );
    // Query changed after signing.
    let req = V3::new(seed_params());
    let (headers, auth) = req.headers(&emu);
    let mut changed = seed_params();
    changed[2].1 = "31".into();
    let mut r = client().post(format!("{}/?{}", emu.endpoint(), query_string(&changed)));
    for (k, v) in &headers {
        if k != "host" {
            r = r.header(k.as_str(), v.as_str());
        }
    }
    let r = r.header("authorization", auth).send().await.unwrap();
    assert_eq!(code(r).await, (400, "SignatureDoesNotMatch".into()));
    // A malformed Authorization header and another algorithm.
    for (auth, expected) in [
        ("ACS3-HMAC-SHA256 Credential=testid", "IncompleteSignature"),
        ("ACS3-HMAC-SHA256 garbage", "IncompleteSignature"),
        (
            "HMAC-SHA1 Credential=testid,SignedHeaders=host,Signature=00",
            "InvalidSignatureMethod",
        ),
    ] {
        let r = client()
            .post(format!("{}/", emu.endpoint()))
            .header("authorization", auth)
            .header("x-acs-action", ACTION)
            .send()
            .await
            .unwrap();
        assert_eq!(code(r).await, (400, expected.to_string()), "{auth}");
    }
    let mut req = V3::new(seed_params());
    req.action = "NoSuchAction".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (404, "InvalidAction.NotFound".into())
    );
    let mut req = V3::new(seed_params());
    req.version = "2099-01-01".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "InvalidVersion".into())
    );
    assert_eq!(emu.total_executions(), 0);
}

#[tokio::test]
async fn sts_keys_need_their_token() {
    let emu = emulator().await;
    let mut req = V3::new(seed_params());
    req.key_id = "STS.id".into();
    req.secret = "sts-secret".into();
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "InvalidSecurityToken.Missing".into())
    );
    let mut req = V3::new(seed_params());
    req.key_id = "STS.id".into();
    req.secret = "sts-secret".into();
    req.extra_signed = p(&[("x-acs-security-token", "sts-token")]);
    assert_eq!(req.send(&emu).await.status(), 200);
    let mut req = V1::new(seed_params());
    req.key_id = "STS.id".into();
    req.secret = "sts-secret".into();
    req.extra
        .push(("SecurityToken".into(), "another-token".into()));
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "InvalidSecurityToken.Mismatch".into())
    );
    let mut req = V1::new(seed_params());
    req.key_id = "STS.id".into();
    req.secret = "sts-secret".into();
    req.extra.push(("SecurityToken".into(), "sts-token".into()));
    assert_eq!(req.send(&emu).await.status(), 200);
}

#[tokio::test]
async fn the_timestamp_window_is_fifteen_minutes_on_the_injected_clock() {
    let emu = emulator().await;
    let server_now = time::macros::datetime!(2030-06-01 12:00:00 UTC);
    emu.clock().freeze_at(server_now);
    let at = |d: Duration| timestamp(server_now + d);
    for (offset, ok) in [
        (Duration::minutes(14), true),
        (Duration::minutes(-14), true),
        (Duration::minutes(16), false),
        (Duration::minutes(-16), false),
    ] {
        let mut v1 = V1::new(seed_params());
        v1.timestamp = at(offset);
        let mut v3 = V3::new(seed_params());
        v3.date = at(offset);
        for r in [v1.send(&emu).await, v3.send(&emu).await] {
            if ok {
                assert_eq!(r.status(), 200, "{offset}");
            } else {
                assert_eq!(
                    code(r).await,
                    (400, "InvalidTimeStamp.Expired".into()),
                    "{offset}"
                );
            }
        }
    }
    // The real time is 4 years away from the frozen clock.
    let r = V1::new(seed_params()).send(&emu).await;
    assert_eq!(code(r).await, (400, "InvalidTimeStamp.Expired".into()));
    emu.clock().set_offset(Duration::ZERO);
    assert_eq!(V1::new(seed_params()).send(&emu).await.status(), 200);
    for bad in [
        "2030-06-01 12:00:00",
        "yesterday",
        "2030-13-01T00:00:00Z",
        "",
    ] {
        let mut v1 = V1::new(seed_params());
        v1.timestamp = bad.into();
        assert_eq!(
            code(v1.send(&emu).await).await,
            (400, "InvalidTimeStamp.Format".into()),
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn a_nonce_is_used_once() {
    let emu = emulator().await;
    let req = V1::new(seed_params());
    assert_eq!(req.send(&emu).await.status(), 200);
    assert_eq!(
        code(req.send(&emu).await).await,
        (400, "SignatureNonceUsed".into())
    );
    let mut other_key = V1::new(seed_params());
    other_key.key_id = "second".into();
    other_key.secret = "other-secret".into();
    other_key.nonce = req.nonce.clone();
    assert_eq!(
        other_key.send(&emu).await.status(),
        200,
        "nonces are per key"
    );
    let v3 = V3::new(seed_params());
    assert_eq!(v3.send(&emu).await.status(), 200);
    assert_eq!(
        code(v3.send(&emu).await).await,
        (400, "SignatureNonceUsed".into())
    );
    // A refused signature does not use up the nonce.
    let mut bad = V1::new(seed_params());
    bad.secret = "wrong".into();
    assert_eq!(
        code(bad.send(&emu).await).await,
        (400, "SignatureDoesNotMatch".into())
    );
    bad.secret = SECRET.into();
    assert_eq!(bad.send(&emu).await.status(), 200);
}
