//! What keeping state costs: 64 concurrent tasks through the client (V3, one pooled
//! `ecs_client::Client`) against a release emulator over loopback.
//!
//! 1. Stateful against documented example: CreateAutoSnapshotPolicy and
//!    DescribeAutoSnapshotPolicyEx by id served from the shipped pages (the family: a create
//!    stores a policy, a describe looks it up), against the same actions served alone, so that
//!    no family forms and each answers its page's example (checked with `coverage()`).
//! 2. Describe by id with 100,000 policies in the store against 10 (loaded with
//!    `load_state`), ids drawn at random from the store.
//!
//! Each configuration runs `RUNS` times, the configurations alternating so that the shared
//! machine's drift falls on all of them; throughput is the median run, p50/p99 are over the
//! latencies of every call of every run. Prints Markdown tables for the README.
//!
//! `cargo bench -p ecs-emulator --bench state`
//! (without `--bench`, as `cargo test --benches` runs it, one short run of each as a check)

use ecs_client::{Client, Config, Credentials, SignatureVersion};
use ecs_emulator::Emulator;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ID: &str = "bench";
const SECRET: &str = "bench-secret";
const REGION: &str = "cn-hangzhou";
const TASKS: usize = 64;
const FAMILY: &str = "AutoSnapshotPolicy";

struct Sizes {
    calls: usize,
    runs: usize,
    warmup: usize,
    big: usize,
}

const FULL: Sizes = Sizes {
    calls: 12_800,
    runs: 5,
    warmup: 3_200,
    big: 100_000,
};
const QUICK: Sizes = Sizes {
    calls: 640,
    runs: 1,
    warmup: 64,
    big: 1_000,
};

fn pages(only: Option<&str>) -> Vec<ecs_codegen::ir::Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let pages = ecs_codegen::parse_dir(&dir).expect("the shipped pages read");
    pages
        .into_iter()
        .filter(|p| only.is_none_or(|a| p.action.as_deref() == Some(a)))
        .collect()
}

async fn start(pages: Vec<ecs_codegen::ir::Page>) -> Emulator {
    Emulator::builder()
        .pages(pages)
        .access_key(ID, SECRET)
        .seed(1)
        .transition_ms(0)
        .start()
        .await
        .expect("emulator starts")
}

fn client(emu: &Emulator) -> Client {
    Client::new(
        Config::builder()
            .endpoint(emu.endpoint())
            .credentials(Credentials::new(ID, SECRET))
            .signature_version(SignatureVersion::V3)
            .build()
            .expect("config"),
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Call {
    Create,
    /// Describe by an id drawn from the list; `stateful`: exactly that policy comes back.
    Describe {
        stateful: bool,
    },
    /// A page of 100 at random from the whole list (as many policies as `ids`); `filter`: with
    /// a name filter every policy passes, so the store is scanned.
    Page {
        filter: bool,
    },
}

/// CPU time the process has used (user + system, all threads; Linux), at 100 Hz.
fn cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// One run of a configuration: wall time, process CPU time, each call's latency.
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    lat: Vec<Duration>,
}

/// `calls` calls from `TASKS` tasks at once.
async fn load(c: &Client, call: Call, calls: usize, ids: Arc<Vec<String>>, seed: u64) -> Run {
    let (started, cpu0) = (Instant::now(), cpu());
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let (c, ids) = (c.clone(), ids.clone());
            let n = calls / TASKS + usize::from(t < calls % TASKS);
            tokio::spawn(async move {
                let mut rng =
                    fastrand::Rng::with_seed(seed.wrapping_mul(1000).wrapping_add(t as u64));
                let mut lat = Vec::with_capacity(n);
                for i in 0..n {
                    let at = Instant::now();
                    match call {
                        Call::Create => {
                            let r = c
                                .create_auto_snapshot_policy()
                                .region_id(REGION)
                                .time_points([(i % 24) as i32])
                                .repeat_weekdays([1 + (t % 7) as i32])
                                .retention_days(30)
                                .auto_snapshot_policy_name(format!("bench{t}n{i}"))
                                .send()
                                .await
                                .expect("create answers");
                            assert!(r.auto_snapshot_policy_id.is_some());
                        }
                        Call::Describe { stateful } => {
                            let id = &ids[rng.usize(..ids.len())];
                            let r = c
                                .describe_auto_snapshot_policy_ex()
                                .region_id(REGION)
                                .auto_snapshot_policy_id(id.clone())
                                .send()
                                .await
                                .expect("describe answers");
                            assert_eq!(r.auto_snapshot_policies.len(), 1);
                            if stateful {
                                let got = r.auto_snapshot_policies[0]
                                    .auto_snapshot_policy_id
                                    .as_deref();
                                assert_eq!(got, Some(id.as_str()));
                            }
                        }
                        Call::Page { filter } => {
                            let pages = ids.len() / 100;
                            let mut b = c
                                .describe_auto_snapshot_policy_ex()
                                .region_id(REGION)
                                .page_size(100)
                                .page_number(1 + rng.usize(..pages) as i32);
                            if filter {
                                b = b.auto_snapshot_policy_name("policy*");
                            }
                            let r = b.send().await.expect("describe answers");
                            assert_eq!(r.auto_snapshot_policies.len(), 100);
                            assert_eq!(r.total_count, Some(ids.len() as i64));
                        }
                    }
                    lat.push(at.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::with_capacity(calls);
    for t in tasks {
        all.extend(t.await.expect("no task panicked"));
    }
    Run {
        wall: started.elapsed(),
        cpu: cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a)),
        lat: all,
    }
}

/// A store of `n` policies in the bench account: the attributes of one made through the
/// client, repeated under fresh ids (`sp-` + 20 digits, the page's id shape).
fn store_of(template: &Value, n: usize) -> (Value, Vec<String>) {
    let mut by_id = serde_json::Map::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("sp-{:020}", i + 1);
        let mut r = template.clone();
        r["id"] = json!(id);
        r["seq"] = json!(i + 1);
        r["attrs"]["AutoSnapshotPolicyId"] = json!(id);
        r["attrs"]["AutoSnapshotPolicyName"] = json!(format!("policy{i}"));
        by_id.insert(id.clone(), r);
        ids.push(id);
    }
    let dump = json!({
        "accounts": { ID: { REGION: { FAMILY: { "by_id": by_id } } } },
        "next_seq": n + 1,
    });
    (dump, ids)
}

#[derive(Default)]
struct Series {
    name: &'static str,
    rates: Vec<f64>,
    lat: Vec<Duration>,
    cpu: Option<Duration>,
    calls: usize,
}

impl Series {
    fn new(name: &'static str) -> Series {
        Series {
            name,
            ..Series::default()
        }
    }

    fn add(&mut self, run: Run) {
        self.rates
            .push(run.lat.len() as f64 / run.wall.as_secs_f64());
        self.calls += run.lat.len();
        self.cpu = match (self.calls == run.lat.len(), self.cpu, run.cpu) {
            (true, _, c) => c,
            (false, Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
        self.lat.extend(run.lat);
    }

    /// CPU time (client and emulator) per call, in µs.
    fn cpu_per_call(&self) -> String {
        self.cpu.map_or("-".into(), |c| {
            format!("{:.0} µs", c.as_secs_f64() * 1e6 / self.calls as f64)
        })
    }

    fn rate(&self) -> f64 {
        let mut r = self.rates.clone();
        r.sort_by(f64::total_cmp);
        r[r.len() / 2]
    }

    fn pct(&self, p: f64) -> Duration {
        let mut l = self.lat.clone();
        l.sort();
        l[((l.len() as f64 * p) as usize).min(l.len() - 1)]
    }

    fn row(&self) -> String {
        format!(
            "| {} | {:.0} | {:.2} ms | {:.2} ms | {} |",
            self.name,
            self.rate(),
            self.pct(0.50).as_secs_f64() * 1e3,
            self.pct(0.99).as_secs_f64() * 1e3,
            self.cpu_per_call(),
        )
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let s = if full { FULL } else { QUICK };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        // Stateful: the three shipped pages; the store reset before each create run.
        let stateful = start(pages(None)).await;
        let cov = stateful.coverage();
        let fam = cov.families.iter().find(|f| f.noun == FAMILY).expect("the family");
        assert_eq!(fam.action("create"), Some("CreateAutoSnapshotPolicy"));
        assert_eq!(fam.action("list"), Some("DescribeAutoSnapshotPolicyEx"));
        // Examples: each action alone, so no family forms.
        let create_only = start(pages(Some("CreateAutoSnapshotPolicy"))).await;
        let describe_only = start(pages(Some("DescribeAutoSnapshotPolicyEx"))).await;
        for (emu, action) in [
            (&create_only, "CreateAutoSnapshotPolicy"),
            (&describe_only, "DescribeAutoSnapshotPolicyEx"),
        ] {
            let cov = emu.coverage();
            assert!(cov.families.is_empty(), "{action} alone acts on no state");
            assert_eq!(cov.example_only, [action]);
        }
        let (cs, ce, de) = (client(&stateful), client(&create_only), client(&describe_only));

        // A stored policy as the create leaves it: the template of the seeded stores.
        cs.create_auto_snapshot_policy()
            .region_id(REGION)
            .time_points([0, 19])
            .repeat_weekdays([1, 7])
            .retention_days(30)
            .auto_snapshot_policy_name("template")
            .send()
            .await
            .expect("create answers");
        let dump = stateful.dump_state();
        let template = dump["accounts"][ID][REGION][FAMILY]["by_id"]
            .as_object()
            .and_then(|m| m.values().next())
            .cloned()
            .expect("the created policy is in the dump");

        // Describe stores: 10 and `big` policies, each on its own emulator.
        let small = start(pages(None)).await;
        let big = start(pages(None)).await;
        let (small_dump, small_ids) = store_of(&template, 10);
        let (big_dump, big_ids) = store_of(&template, s.big);
        small.load_state(small_dump).expect("loads");
        let t = Instant::now();
        big.load_state(big_dump).expect("loads");
        eprintln!("loaded {} policies in {:?}", s.big, t.elapsed());
        assert_eq!((small.resources(), big.resources()), (10, s.big));
        let (small_ids, big_ids) = (Arc::new(small_ids), Arc::new(big_ids));
        let (csmall, cbig) = (client(&small), client(&big));
        let none = Arc::new(vec!["sp-bp14yziiuvu3s6jn****".to_string()]);

        let mut create_state = Series::new("CreateAutoSnapshotPolicy, stateful");
        let mut create_example = Series::new("CreateAutoSnapshotPolicy, example");
        let mut describe_small = Series::new("DescribeAutoSnapshotPolicyEx by id, 10 in store");
        let mut describe_example = Series::new("DescribeAutoSnapshotPolicyEx by id, example");
        let mut describe_big = Series::new("DescribeAutoSnapshotPolicyEx by id, 100,000 in store");
        let describe = Call::Describe { stateful: true };
        let example = Call::Describe { stateful: false };

        // Warm-up: connections, allocator, caches.
        load(&cs, Call::Create, s.warmup, none.clone(), 0).await;
        load(&ce, Call::Create, s.warmup, none.clone(), 0).await;
        load(&csmall, describe, s.warmup, small_ids.clone(), 0).await;
        load(&de, example, s.warmup, none.clone(), 0).await;
        load(&cbig, describe, s.warmup, big_ids.clone(), 0).await;

        for run in 1..=s.runs as u64 {
            // Odd runs in one order, even runs in the other.
            for step in 0..5 {
                match if run % 2 == 1 { step } else { 4 - step } {
                    0 => {
                        stateful.reset_state();
                        create_state.add(load(&cs, Call::Create, s.calls, none.clone(), run).await);
                        assert_eq!(stateful.resources(), s.calls, "every create stored once");
                    }
                    1 => create_example.add(load(&ce, Call::Create, s.calls, none.clone(), run).await),
                    2 => describe_small.add(load(&csmall, describe, s.calls, small_ids.clone(), run).await),
                    3 => describe_example.add(load(&de, example, s.calls, none.clone(), run).await),
                    _ => describe_big.add(load(&cbig, describe, s.calls, big_ids.clone(), run).await),
                }
            }
        }
        assert_eq!(big.resources(), s.big, "describes change nothing");

        let calls = s.calls * s.runs;
        println!();
        println!(
            "{TASKS} tasks, one V3 client, {} runs of {} calls per row (alternating), {}, loopback",
            s.runs,
            s.calls,
            if cfg!(debug_assertions) { "debug" } else { "release" },
        );
        println!();
        println!("| calls | calls/s (median run) | p50 | p99 | CPU per call |");
        println!("| --- | --- | --- | --- | --- |");
        for series in [&create_state, &create_example, &describe_small, &describe_example] {
            println!("{}", series.row());
        }
        println!();
        println!(
            "stateful / example throughput: create {:.0}%, describe by id {:.0}% (target at least 80%)",
            100.0 * create_state.rate() / create_example.rate(),
            100.0 * describe_small.rate() / describe_example.rate(),
        );
        println!();
        println!("| store | calls/s (median run) | p50 | p99 | CPU per call |");
        println!("| --- | --- | --- | --- | --- |");
        for series in [&describe_small, &describe_big] {
            println!("{}", series.row());
        }
        println!();
        println!(
            "{} policies against 10: p50 {:.2}x, p99 {:.2}x (target at most 2x); {calls} calls per row",
            s.big,
            describe_big.pct(0.50).as_secs_f64() / describe_small.pct(0.50).as_secs_f64(),
            describe_big.pct(0.99).as_secs_f64() / describe_small.pct(0.99).as_secs_f64(),
        );
        // Pages of the big store: cut from the creation order, and (a filter every policy
        // passes) from a scan of the whole store, as every page was before the cut.
        let mut page = Series::new("a page of 100, no filter");
        let mut scan = Series::new("a page of 100, a name filter all pass (scan)");
        let scans = (s.calls / 100).max(TASKS);
        for run in 1..=s.runs as u64 {
            let cut = Call::Page { filter: false };
            page.add(load(&cbig, cut, s.calls, big_ids.clone(), run).await);
        }
        scan.add(load(&cbig, Call::Page { filter: true }, scans, big_ids.clone(), 1).await);
        println!();
        println!("| DescribeAutoSnapshotPolicyEx over {} policies | calls/s (median run) | p50 | p99 | CPU per call |", s.big);
        println!("| --- | --- | --- | --- | --- |");
        println!("{}", page.row());
        println!("{}", scan.row());
        for emu in [stateful, create_only, describe_only, small, big] {
            emu.shutdown().await;
        }
    });
}
