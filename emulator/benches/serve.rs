//! What the emulator costs: loading the English corpus, and one signed call over loopback
//! (V3 and V1, pooled connection) through signature, validation and the answer.
//!
//! `cargo bench -p ecs-emulator --bench serve`

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let pages = ecs_codegen::parse_dir(&ecs_codegen::corpus_dir().join("ecs/en-US"))
        .expect("the corpus reads");
    let mut g = c.benchmark_group("emulator");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("start with ecs/en-US (221 actions)", |b| {
        b.iter(|| {
            rt.block_on(async {
                let emu = ecs_emulator::Emulator::builder()
                    .pages(pages.clone())
                    .access_key(ID, SECRET)
                    .start()
                    .await
                    .expect("starts");
                emu.shutdown().await;
            })
        })
    });
    let emu = rt.block_on(emulator());
    let pooled = client();
    g.bench_function("V3 CreateAutoSnapshotPolicy round trip", |b| {
        b.iter(|| {
            rt.block_on(async {
                let req = V3::new(seed_params());
                let (headers, auth) = req.headers(&emu);
                let mut r = pooled
                    .post(format!("{}/?{}", emu.endpoint(), query_string(&req.query)))
                    .header("authorization", auth);
                for (k, v) in &headers {
                    if k != "host" {
                        r = r.header(k.as_str(), v.as_str());
                    }
                }
                let r = r.send().await.expect("answers");
                assert_eq!(r.status(), 200);
                r.bytes().await.expect("body")
            })
        })
    });
    g.bench_function("V1 CreateAutoSnapshotPolicy round trip", |b| {
        b.iter(|| {
            rt.block_on(async {
                let params = V1::new(seed_params()).signed();
                let r = pooled
                    .post(format!("{}/?{}", emu.endpoint(), query_string(&params)))
                    .send()
                    .await
                    .expect("answers");
                assert_eq!(r.status(), 200);
                r.bytes().await.expect("body")
            })
        })
    });
    g.finish();
    rt.block_on(emu.shutdown());
}

criterion_group!(serve, benches);
criterion_main!(serve);
