//! Load with faults: 64 concurrent tasks send 20,000 RunWidgets calls in all (each with its
//! own ClientToken) to one emulator that injects a fault into 5% of the calls (throttling,
//! 500, 503, delays, connections dropped before and after executing, garbage and truncated
//! bodies). Every call must succeed within its retry bound and run exactly once. Prints the
//! throughput and the p50/p99 latency of whole calls (retries included); the figures are
//! reported, not asserted (this is a debug build on a shared machine: the criterion bench
//! `roundtrip` measures speed).

use ecs_client::{Client, Config, Credentials, RetryPolicy};
use ecs_emulator::{Emulator, FaultMix};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[ecs_client::ecs_action(spec = "pages/RunWidgets.md")]
pub struct RunWidgets;

const TASKS: usize = 64;
const CALLS: usize = 20_000;

#[test]
fn twenty_thousand_calls_with_five_percent_faults_lose_and_duplicate_nothing() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let emu = Emulator::builder()
            .specs_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("pages"))
            .access_key("load", "load-secret")
            .start()
            .await
            .unwrap();
        emu.faults().random(FaultMix { rate: 0.05, seed: 20_000 });
        let client = Client::new(
            Config::builder()
                .endpoint(emu.endpoint())
                .credentials(Credentials::new("load", "load-secret"))
                .attempt_timeout(Duration::from_secs(5))
                .retry(
                    RetryPolicy::default()
                        .with_max_attempts(8)
                        .with_base_delay(Duration::from_millis(1))
                        .with_max_delay(Duration::from_millis(25)),
                )
                .build()
                .unwrap(),
        );
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let started = Instant::now();
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let (client, next) = (client.clone(), next.clone());
                tokio::spawn(async move {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= CALLS {
                            return out;
                        }
                        let req = RunWidgets::builder()
                            .region_id("cn-hangzhou")
                            .amount(1 + (i % 100) as i32)
                            .client_token(format!("load-{i}"))
                            .build()
                            .unwrap();
                        let t = Instant::now();
                        let r = client.send(req).await.map(|_| ()).map_err(|e| e.to_string());
                        out.push((i, t.elapsed(), r));
                    }
                })
            })
            .collect();
        let mut results = Vec::with_capacity(CALLS);
        for t in tasks {
            let r = tokio::time::timeout(Duration::from_secs(300), t)
                .await
                .expect("the load finishes within 5 minutes")
                .expect("no task panicked");
            results.extend(r);
        }
        let elapsed = started.elapsed();
        assert_eq!(results.len(), CALLS, "every call answered");
        let failed: Vec<_> = results.iter().filter(|(_, _, r)| r.is_err()).collect();
        assert!(failed.is_empty(), "{} calls failed, e.g. {:?}", failed.len(), failed.first());
        let mut duplicated = Vec::new();
        for i in 0..CALLS {
            let n = emu.executions(&format!("load-{i}"));
            if n != 1 {
                duplicated.push((i, n));
            }
        }
        assert!(duplicated.is_empty(), "executions per token != 1: {:?}", &duplicated[..duplicated.len().min(10)]);
        assert_eq!(emu.total_executions(), CALLS as u64);
        let mut latencies: Vec<Duration> = results.iter().map(|(_, d, _)| *d).collect();
        latencies.sort();
        let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        println!(
            "load: {CALLS} calls from {TASKS} tasks in {:.2}s = {:.0} calls/s; latency p50 {:?}, p99 {:?}, max {:?}; \
             {} requests reached the emulator, {} faults injected, {} executions",
            elapsed.as_secs_f64(),
            CALLS as f64 / elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            latencies[latencies.len() - 1],
            emu.requests_seen(),
            emu.faults().applied(),
            emu.total_executions(),
        );
    });
}
