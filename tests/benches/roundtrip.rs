//! Round trips to the emulator over loopback, one connection, one call at a time: the client
//! (`client.create_auto_snapshot_policy()…send()`: validation, signing, retry loop, typed
//! decoding) against a bare `reqwest` POST of the same signed request (signing included,
//! since the emulator refuses a reused nonce; the body read as bytes, not decoded).
//!
//! `cargo bench -p ecs-tests --bench roundtrip`

use criterion::{criterion_group, criterion_main, Criterion};
use ecs_client::transport::{sign_request, Call};
use ecs_client::{Client, Config, Credentials, SignatureVersion};
use std::path::Path;

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let emu = rt.block_on(async {
        ecs_emulator::Emulator::builder()
            .specs_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"))
            .access_key("bench", "bench-secret")
            .start()
            .await
            .expect("emulator")
    });
    let creds = Credentials::new("bench", "bench-secret");
    let mut g = c.benchmark_group("roundtrip");
    for sig in [SignatureVersion::V1, SignatureVersion::V3] {
        let client = Client::new(
            Config::builder()
                .endpoint(emu.endpoint())
                .credentials(creds.clone())
                .signature_version(sig)
                .build()
                .expect("config"),
        );
        g.bench_function(format!("client {sig:?}"), |b| {
            b.iter(|| {
                rt.block_on(async {
                    client
                        .create_auto_snapshot_policy()
                        .region_id("cn-hangzhou")
                        .time_points([0, 19])
                        .repeat_weekdays([1, 7])
                        .retention_days(30)
                        .send()
                        .await
                        .expect("answers")
                })
            })
        });
        let bare = reqwest::Client::builder()
            .http1_only()
            .build()
            .expect("reqwest");
        let params: Vec<(String, String)> = [
            ("regionId", "cn-hangzhou"),
            ("repeatWeekdays", r#"["1","7"]"#),
            ("retentionDays", "30"),
            ("timePoints", r#"["0","19"]"#),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        g.bench_function(format!("bare reqwest {sig:?}"), |b| {
            b.iter(|| {
                rt.block_on(async {
                    let nonce = uuid::Uuid::new_v4().simple().to_string();
                    let signed = sign_request(
                        Call {
                            action: "CreateAutoSnapshotPolicy",
                            version: "2014-05-26",
                            params: &params,
                        },
                        emu.endpoint(),
                        &creds,
                        sig,
                        time::OffsetDateTime::now_utc(),
                        &nonce,
                        "bench",
                    );
                    let mut r = bare.post(&signed.url);
                    for (k, v) in &signed.headers {
                        r = r.header(*k, v.as_str());
                    }
                    let r = r.send().await.expect("answers");
                    assert_eq!(r.status(), 200);
                    r.bytes().await.expect("body")
                })
            })
        });
    }
    g.finish();
    rt.block_on(emu.shutdown());
}

criterion_group!(roundtrip, benches);
criterion_main!(roundtrip);
