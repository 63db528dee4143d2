//! Any input gets an answer and the server keeps serving: malformed HTTP, garbage query
//! strings and headers, broken UTF-8, oversized requests.

mod common;
use common::*;
use proptest::prelude::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Writes `bytes` on a fresh connection and reads until the server closes it (bounded).
async fn raw(emu: &ecs_emulator::Emulator, bytes: &[u8]) -> Vec<u8> {
    let mut s = tokio::net::TcpStream::connect(emu.local_addr())
        .await
        .expect("connects");
    let _ = s.write_all(bytes).await;
    let _ = s.shutdown().await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    out
}

fn status_of(response: &[u8]) -> Option<u16> {
    let text = String::from_utf8_lossy(response);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

async fn still_serving(emu: &ecs_emulator::Emulator) {
    let (status, v) = json(V3::new(seed_params()).send(emu).await).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn malformed_http_is_refused_and_the_server_goes_on() {
    let emu = emulator().await;
    let cases: &[&[u8]] = &[
        b"GARBAGE\r\n\r\n",
        b"\x00\xff\xfe\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET /?a=%FF HTTP/9.9\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nAuthorization: \xff\xfe\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nAuthorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=00\r\nx-acs-date: \xc3\x28\r\n\r\n",
        b"",
    ];
    for case in cases {
        let answer = raw(&emu, case).await;
        if let Some(status) = status_of(&answer) {
            assert!(
                (400..500).contains(&status),
                "{:?} -> {}",
                String::from_utf8_lossy(case),
                String::from_utf8_lossy(&answer)
            );
        }
    }
    still_serving(&emu).await;
}

#[tokio::test]
async fn garbage_parameters_get_ecs_error_bodies() {
    let emu = emulator().await;
    let get = |q: String| {
        let url = format!("{}/?{q}", emu.endpoint());
        async move { client().get(url).send().await.expect("answers") }
    };
    // Percent-decoded bytes that are not UTF-8, in a name and in a value.
    for q in [
        "Format=JSON&a=%FF%FE",
        "Format=JSON&%C3%28=1",
        "Format=JSON&=x",
    ] {
        let (status, v) = json(get(q.to_string()).await).await;
        assert_eq!(
            (status, v["Code"].as_str()),
            (400, Some("InvalidParameter")),
            "{q}"
        );
    }
    // The same without Format: the default XML.
    let r = get("a=%FF".into()).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "text/xml;charset=utf-8");
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("<Code>InvalidParameter</Code>"));
    // Huge parameters.
    let (status, v) = json(get(format!("Format=JSON&a={}", "x".repeat(40_000))).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter"))
    );
    assert!(
        v["Message"].as_str().unwrap().contains("longer than"),
        "{v}"
    );
    let many = vec!["a"; 5000];
    let (status, v) = json(get(format!("Format=JSON&{}", many.join("&"))).await).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter")),
        "{v}"
    );
    assert!(
        v["Message"].as_str().unwrap().contains("more than 4096"),
        "{v}"
    );
    let r = client()
        .post(format!("{}/?Format=JSON", emu.endpoint()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, (400, "InvalidParameter".into()));
    // No signature at all, another method, another path.
    assert_eq!(
        code(get("Format=JSON".into()).await).await,
        (400, "IncompleteSignature".into())
    );
    let r = client()
        .put(format!("{}/?Format=JSON", emu.endpoint()))
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, (403, "UnsupportedHTTPMethod".into()));
    let r = client()
        .get(format!("{}/v2/instances?Format=JSON", emu.endpoint()))
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, (404, "InvalidApi.NotFound".into()));
    // Malformed names after a valid signature: the signature is checked over what was sent;
    // a name the page does not list is ignored, as ECS ignores it, and refused when strict.
    let mut req = V1::new(seed_params());
    req.extra.push(("Tag..Key".into(), "x".into()));
    assert_eq!(req.send(&emu).await.status(), 200);
    let strict = ecs_emulator::Emulator::builder()
        .specs_dir(specs())
        .access_key(ID, SECRET)
        .strict(true)
        .start()
        .await
        .expect("a strict emulator starts");
    let mut req = V1::new(seed_params());
    req.extra.push(("Tag..Key".into(), "x".into()));
    assert_eq!(
        code(req.send(&strict).await).await,
        (400, "InvalidParameter".into())
    );
    // A malformed member of a documented list is refused either way, with the page's row.
    let mut req = V1::new(seed_params());
    req.extra.push(("timePoints..1".into(), "x".into()));
    assert_eq!(
        code(req.send(&emu).await).await,
        (403, "ParameterInvalid".into())
    );
    still_serving(&emu).await;
    still_serving(&strict).await;
}

/// Query strings from a URI-safe alphabet with random percent escapes, random Authorization
/// and x-acs headers: every one gets a 4xx ECS body; none panics the server or gets a 5xx.
#[test]
fn random_requests_never_break_the_server() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emu = rt.block_on(emulator());
    let query = proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9=&.+_~-]{1,8}",
            (0u8..=255).prop_map(|b| format!("%{b:02X}")),
            Just("Action=CreateAutoSnapshotPolicy&".to_string()),
            Just("Signature=abc&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&".to_string()),
            Just("Timestamp=2020-01-01T00%3A00%3A00Z&AccessKeyId=testid&".to_string()),
            Just("Format=JSON&".to_string()),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat());
    let header = "[ -~]{0,80}";
    let strategy = (query, header, header, proptest::bool::ANY);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 96,
        ..ProptestConfig::default()
    });
    runner
        .run(&strategy, |(q, auth, date, v3)| {
            let mut req = format!("POST /?{q} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            if v3 {
                req.push_str(&format!(
                    "Authorization: ACS3-HMAC-SHA256 {auth}\r\nx-acs-date: {date}\r\nx-acs-action: CreateAutoSnapshotPolicy\r\n"
                ));
            }
            req.push_str("Content-Length: 0\r\n\r\n");
            let answer = rt.block_on(raw(&emu, req.as_bytes()));
            let status = status_of(&answer);
            prop_assert!(
                matches!(status, Some(400..=499)),
                "{req:?} -> {:?}",
                String::from_utf8_lossy(&answer)
            );
            let text = String::from_utf8_lossy(&answer);
            prop_assert!(text.contains("<Code>") || text.contains("\"Code\""), "{text}");
            Ok(())
        })
        .unwrap();
    rt.block_on(still_serving(&emu));
}
