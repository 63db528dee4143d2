//! Every fault kind, as a reqwest client sees it.

mod common;
use common::*;
use ecs_emulator::{Fault, FaultMix};
use std::time::{Duration, Instant};

#[tokio::test]
async fn throttling_with_and_without_retry_after() {
    let emu = emulator().await;
    emu.faults().push(Fault::Throttle {
        retry_after_ms: Some(10),
    });
    emu.faults().push(Fault::Throttle {
        retry_after_ms: None,
    });
    let r = V3::new(seed_params()).send(&emu).await;
    assert_eq!(r.headers()["x-acs-retry-after"], "10");
    assert_eq!(code(r).await, (400, "Throttling.User".into()));
    let r = V3::new(seed_params()).send(&emu).await;
    assert!(r.headers().get("x-acs-retry-after").is_none());
    assert_eq!(code(r).await, (400, "Throttling.User".into()));
    // The script is used up: the next call goes through.
    assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 200);
    // Throttle the next N calls.
    emu.faults().push_n(
        Fault::Throttle {
            retry_after_ms: Some(1),
        },
        3,
    );
    for _ in 0..3 {
        assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 400);
    }
    assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 200);
    assert_eq!(emu.total_executions(), 2);
    assert_eq!(emu.requests_seen(), 7);
}

#[tokio::test]
async fn server_errors_are_not_executed() {
    let emu = emulator().await;
    emu.faults().push(Fault::InternalError);
    emu.faults().push(Fault::ServiceUnavailable);
    assert_eq!(
        code(V3::new(seed_params()).send(&emu).await).await,
        (500, "InternalError".into())
    );
    assert_eq!(
        code(V3::new(seed_params()).send(&emu).await).await,
        (503, "ServiceUnavailable".into())
    );
    assert_eq!(emu.total_executions(), 0);
}

#[tokio::test]
async fn a_delay_holds_the_answer() {
    let emu = emulator().await;
    emu.faults().push(Fault::Delay { ms: 300 });
    let start = Instant::now();
    let r = V3::new(seed_params()).send(&emu).await;
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.status(), 200);
    // A client timeout shorter than the delay sees a timeout.
    emu.faults().push(Fault::Delay { ms: 2000 });
    let req = V3::new(seed_params());
    let (headers, auth) = req.headers(&emu);
    let mut b = reqwest::Client::new()
        .post(format!("{}/?{}", emu.endpoint(), query_string(&req.query)))
        .timeout(Duration::from_millis(200))
        .header("authorization", auth);
    for (k, v) in &headers {
        if k != "host" {
            b = b.header(k.as_str(), v.as_str());
        }
    }
    let e = b.send().await.expect_err("times out");
    assert!(e.is_timeout(), "{e}");
}

#[tokio::test]
async fn dropped_connections_are_transport_errors_and_drop_after_execute_counts() {
    let emu = emulator().await;
    let token = "drop-token";
    let send = |fault: Fault| {
        emu.faults().push(fault);
        let req = V3::new(seed_with("ClientToken", token));
        let (headers, auth) = req.headers(&emu);
        let mut b = client()
            .post(format!("{}/?{}", emu.endpoint(), query_string(&req.query)))
            .header("authorization", auth);
        for (k, v) in &headers {
            if k != "host" {
                b = b.header(k.as_str(), v.as_str());
            }
        }
        b.send()
    };
    let e = send(Fault::DropBeforeExecute)
        .await
        .expect_err("no response");
    // hyper's IncompleteMessage: the connection closed before a response.
    assert!(
        e.is_request() && !e.is_timeout() && e.status().is_none(),
        "{e:?}"
    );
    assert_eq!(emu.executions(token), 0);
    assert_eq!(emu.total_executions(), 0);
    let e = send(Fault::DropAfterExecute)
        .await
        .expect_err("no response");
    // hyper's IncompleteMessage: the connection closed before a response.
    assert!(
        e.is_request() && !e.is_timeout() && e.status().is_none(),
        "{e:?}"
    );
    assert_eq!(
        emu.executions(token),
        1,
        "executed although the client saw nothing"
    );
    assert_eq!(emu.total_executions(), 1);
    // The client's retry with the same token gets the answer without a second execution.
    let (status, v) = json(V3::new(seed_with("ClientToken", token)).send(&emu).await).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(emu.executions(token), 1);
    assert_eq!(emu.total_executions(), 1);
}

#[tokio::test]
async fn garbage_and_truncated_bodies() {
    let emu = emulator().await;
    emu.faults().push(Fault::GarbageBody);
    let r = V3::new(seed_params()).send(&emu).await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.expect("a whole, if meaningless, body");
    assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_err());
    emu.faults().push(Fault::TruncatedBody);
    let r = V3::new(seed_params()).send(&emu).await;
    assert_eq!(r.status(), 200);
    let e = r.bytes().await.expect_err("the body breaks off");
    assert!(e.is_body() || e.is_decode() || e.is_request(), "{e:?}");
    assert_eq!(emu.total_executions(), 2, "both were executed");
    // The server is still fine.
    assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 200);
}

#[tokio::test]
async fn the_control_api_scripts_faults_for_the_binary() {
    let emu = emulator().await;
    let control = format!("{}/__emulator/faults", emu.endpoint());
    let r = client()
        .post(&control)
        .body(r#"{"push":[{"kind":"service_unavailable"}],"repeat":2}"#)
        .send()
        .await
        .unwrap();
    let (status, v) = json(r).await;
    assert_eq!((status, v["pending"].as_u64()), (200, Some(2)));
    for _ in 0..2 {
        assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 503);
    }
    assert_eq!(V3::new(seed_params()).send(&emu).await.status(), 200);
    let r = client()
        .post(&control)
        .body("{\"push\":[{\"kind\":\"bogus\"}]}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (_, stats) = json(
        client()
            .get(format!("{}/__emulator/stats", emu.endpoint()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(stats["requests_seen"], 3);
    assert_eq!(stats["total_executions"], 1);
    assert_eq!(stats["faults_applied"], 2);
}

#[tokio::test]
async fn a_random_mix_is_reproducible_and_near_its_rate() {
    let run = |seed| async move {
        let emu = emulator().await;
        emu.faults().random(FaultMix { rate: 0.3, seed });
        let mut statuses = Vec::new();
        for _ in 0..60 {
            let req = V3::new(seed_params());
            let (headers, auth) = req.headers(&emu);
            let mut b = client()
                .post(format!("{}/?{}", emu.endpoint(), query_string(&req.query)))
                .header("authorization", auth);
            for (k, v) in &headers {
                if k != "host" {
                    b = b.header(k.as_str(), v.as_str());
                }
            }
            let outcome = match b.send().await {
                Ok(r) => {
                    let s = r.status().as_u16();
                    match r.bytes().await {
                        Ok(body)
                            if s == 200
                                && serde_json::from_slice::<serde_json::Value>(&body).is_ok() =>
                        {
                            "ok".to_string()
                        }
                        Ok(_) => format!("{s}"),
                        Err(_) => "broken body".to_string(),
                    }
                }
                Err(_) => "no response".to_string(),
            };
            statuses.push(outcome);
        }
        emu.shutdown().await;
        statuses
    };
    let a = run(7).await;
    assert_eq!(a, run(7).await, "same seed, same faults");
    let faulty = a.iter().filter(|s| *s != "ok").count();
    assert!(
        (5..=35).contains(&faulty),
        "{faulty} of 60 at rate 0.3: {a:?}"
    );
}

/// One pooled client, as a real transport keeps it: after each broken connection the next
/// call gets a fresh one and succeeds.
#[tokio::test]
async fn a_pooled_client_recovers_after_every_broken_connection() {
    let emu = emulator().await;
    let shared = client();
    let send = |shared: reqwest::Client| {
        let req = V3::new(seed_params());
        let (headers, auth) = req.headers(&emu);
        let mut b = shared
            .post(format!("{}/?{}", emu.endpoint(), query_string(&req.query)))
            .header("authorization", auth);
        for (k, v) in &headers {
            if k != "host" {
                b = b.header(k.as_str(), v.as_str());
            }
        }
        async move {
            match b.send().await {
                Ok(r) => r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    };
    for fault in [
        Fault::DropBeforeExecute,
        Fault::DropAfterExecute,
        Fault::TruncatedBody,
        Fault::GarbageBody,
    ] {
        assert!(send(shared.clone()).await, "before {fault:?}");
        emu.faults().push(fault);
        let broken = send(shared.clone()).await;
        assert_eq!(broken, fault == Fault::GarbageBody, "{fault:?}");
        assert!(send(shared.clone()).await, "after {fault:?}");
    }
    assert_eq!(emu.faults().applied(), 4);
}
