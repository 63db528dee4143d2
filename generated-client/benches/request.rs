//! What preparing one call costs before it reaches the network: build the
//! CreateAutoSnapshotPolicy request through its builder (every documented rule checked),
//! encode its wire parameters, add the common parameters and sign (V1 and V3), giving the
//! URL and headers that go out.
//!
//! `cargo bench -p ecs-client --bench request`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use ecs_client::actions::CreateAutoSnapshotPolicy;
use ecs_client::transport::{sign_request, Call, Signed};
use ecs_client::{Credentials, SignatureVersion};

/// The page's example request, through the builder (every documented rule checked).
fn request() -> CreateAutoSnapshotPolicy {
    CreateAutoSnapshotPolicy::builder()
        .region_id("cn-hangzhou")
        .time_points([0, 19])
        .repeat_weekdays([1, 7])
        .retention_days(30)
        .auto_snapshot_policy_name("FinanceJoshua")
        .build()
        .expect("valid")
}

fn sign(params: &[(String, String)], creds: &Credentials, version: SignatureVersion) -> Signed {
    sign_request(
        Call {
            action: CreateAutoSnapshotPolicy::ACTION,
            version: CreateAutoSnapshotPolicy::VERSION,
            params,
        },
        "https://ecs-cn-hangzhou.aliyuncs.com",
        creds,
        version,
        time::OffsetDateTime::now_utc(),
        "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "ecs-client-bench",
    )
}

fn prepare(creds: &Credentials, version: SignatureVersion) -> Signed {
    sign(&request().to_params(), creds, version)
}

fn benches(c: &mut Criterion) {
    let creds = Credentials::new("bench-id", "bench-secret");
    let mut g = c.benchmark_group("request");
    g.bench_function("build + validate + sign V1 + serialise", |b| {
        b.iter(|| black_box(prepare(&creds, SignatureVersion::V1)))
    });
    g.bench_function("build + validate + sign V3 + serialise", |b| {
        b.iter(|| black_box(prepare(&creds, SignatureVersion::V3)))
    });
    let req = request();
    g.bench_function("wire parameters only", |b| {
        b.iter(|| black_box(req.to_params()))
    });
    let params = req.to_params();
    g.bench_function("common parameters + V1 signature + URL only", |b| {
        b.iter(|| black_box(sign(&params, &creds, SignatureVersion::V1)))
    });
    g.bench_function("build + validate only", |b| b.iter(|| black_box(request())));
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
