//! The emulator's state under concurrency, through the client: 64 tasks creating, describing
//! (by id) and deleting automatic snapshot policies at once (V1 and V3) leave a consistent
//! store (every policy created and not deleted is listed exactly once with the values set,
//! deleted ones are gone and answer the page's not-found row, no id is handed out twice, no
//! call ran twice); and creates whose connection is dropped after they ran are retried by the
//! client with the same ClientToken and exist once.
//!
//! The shipped CreateAutoSnapshotPolicy page documents no ClientToken (so the client, rightly,
//! does not retry it after a dropped connection: `e2e` checks that); the retried creates use
//! the hand-written fixture family in `tests/pages/state/` (CreateWidgetVault documents one).
//! Bounded in count (64 × 6 policies, 64 × 3 vaults) and in time (two minutes per test).

use ecs_client::actions::DeleteAutoSnapshotPolicyError;
use ecs_client::{Client, Config, Credentials, RetryPolicy, SignatureVersion};
use ecs_emulator::{Emulator, Fault};
use futures_util::TryStreamExt;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

#[ecs_client::ecs_action(spec = "pages/state/CreateWidgetVault.md")]
pub struct CreateWidgetVault;

#[ecs_client::ecs_action(spec = "pages/state/DescribeWidgetVaults.md")]
pub struct DescribeWidgetVaults;

#[ecs_client::ecs_action(spec = "pages/state/DeleteWidgetVault.md")]
pub struct DeleteWidgetVault;

const ID: &str = "state-concurrency-key";
const SECRET: &str = "state-concurrency-secret-7Qx";
const TASKS: usize = 64;
const REGION: &str = "cn-hangzhou";
/// No test may take longer than this.
const BOUND: Duration = Duration::from_secs(120);

async fn emulator(dir: &str, seed: u64) -> Emulator {
    Emulator::builder()
        .specs_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .access_key(ID, SECRET)
        .seed(seed)
        .transition_ms(0)
        .start()
        .await
        .expect("emulator starts")
}

fn client(emu: &Emulator, sig: SignatureVersion) -> Client {
    Client::new(
        Config::builder()
            .endpoint(emu.endpoint())
            .credentials(Credentials::new(ID, SECRET))
            .signature_version(sig)
            .attempt_timeout(Duration::from_secs(30))
            .retry(
                RetryPolicy::default()
                    .with_max_attempts(8)
                    .with_base_delay(Duration::from_millis(1))
                    .with_max_delay(Duration::from_millis(20)),
            )
            .build()
            .expect("config"),
    )
}

/// V1 for even tasks, V3 for odd ones.
fn sig(task: usize) -> SignatureVersion {
    if task.is_multiple_of(2) {
        SignatureVersion::V1
    } else {
        SignatureVersion::V3
    }
}

/// What one task made of one policy.
#[derive(Debug, Clone)]
struct Made {
    id: String,
    name: String,
    retention_days: i64,
    deleted: bool,
}

const ROUNDS: usize = 6;

/// One task: `ROUNDS` times create a policy, describe it by id (the values set come back),
/// and on odd rounds delete it, describe it again (an empty list) and delete it again (404).
async fn policy_task(c: Client, task: usize) -> Vec<Made> {
    let mut made = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let name = format!("t{task}r{round}");
        let retention = 1 + (task * ROUNDS + round) as i32 % 365;
        let created = c
            .create_auto_snapshot_policy()
            .region_id(REGION)
            .time_points([(task % 24) as i32])
            .repeat_weekdays([1 + (round % 7) as i32])
            .retention_days(retention)
            .auto_snapshot_policy_name(name.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("task {task} round {round}: create: {e}"));
        let id = created
            .auto_snapshot_policy_id
            .unwrap_or_else(|| panic!("task {task} round {round}: no id"));
        let listed = c
            .describe_auto_snapshot_policy_ex()
            .region_id(REGION)
            .auto_snapshot_policy_id(id.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("task {task} round {round}: describe {id}: {e}"));
        assert_eq!(listed.total_count, Some(1), "{id}: {listed:?}");
        let [item] = listed.auto_snapshot_policies.as_slice() else {
            panic!(
                "{id} listed {} times: {listed:?}",
                listed.auto_snapshot_policies.len()
            );
        };
        assert_eq!(item.auto_snapshot_policy_id.as_deref(), Some(id.as_str()));
        assert_eq!(
            item.auto_snapshot_policy_name.as_deref(),
            Some(name.as_str())
        );
        assert_eq!(item.retention_days, Some(i64::from(retention)));
        let deleted = round % 2 == 1;
        if deleted {
            c.delete_auto_snapshot_policy()
                .region_id(REGION)
                .auto_snapshot_policy_id(id.clone())
                .send()
                .await
                .unwrap_or_else(|e| panic!("task {task} round {round}: delete {id}: {e}"));
            let gone = c
                .describe_auto_snapshot_policy_ex()
                .region_id(REGION)
                .auto_snapshot_policy_id(id.clone())
                .send()
                .await
                .unwrap_or_else(|e| panic!("task {task} round {round}: describe {id}: {e}"));
            assert!(gone.auto_snapshot_policies.is_empty(), "{id}: {gone:?}");
            assert_eq!(gone.total_count, Some(0));
            let again = c
                .delete_auto_snapshot_policy()
                .region_id(REGION)
                .auto_snapshot_policy_id(id.clone())
                .send()
                .await
                .expect_err("a second delete fails");
            let e = again.service_error().expect("a service error");
            assert!(
                matches!(
                    e,
                    DeleteAutoSnapshotPolicyError::InvalidAutoSnapshotPolicyIdNotFound(_)
                ),
                "{id}: {again}"
            );
            assert_eq!(e.http_status(), 404);
        }
        made.push(Made {
            id,
            name,
            retention_days: i64::from(retention),
            deleted,
        });
    }
    made
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_tasks_creating_describing_and_deleting_leave_a_consistent_store() {
    let emu = emulator("../specs", 64).await;
    let coverage = emu.coverage();
    let family = coverage
        .families
        .iter()
        .find(|f| f.noun == "AutoSnapshotPolicy")
        .expect("the policy pages make a family");
    assert_eq!(family.action("create"), Some("CreateAutoSnapshotPolicy"));
    assert_eq!(family.action("list"), Some("DescribeAutoSnapshotPolicyEx"));
    assert_eq!(family.action("delete"), Some("DeleteAutoSnapshotPolicy"));

    let clients = [
        client(&emu, SignatureVersion::V1),
        client(&emu, SignatureVersion::V3),
    ];
    let made: Vec<Made> = tokio::time::timeout(BOUND, async {
        let tasks: Vec<_> = (0..TASKS)
            .map(|t| {
                let c = clients[usize::from(sig(t) == SignatureVersion::V3)].clone();
                tokio::spawn(policy_task(c, t))
            })
            .collect();
        let mut all = Vec::with_capacity(TASKS * ROUNDS);
        for t in tasks {
            all.extend(t.await.expect("no task panicked"));
        }
        all
    })
    .await
    .expect("the tasks finish within the bound");

    let created = made.len();
    assert_eq!(created, TASKS * ROUNDS);
    let ids: HashSet<&str> = made.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), created, "no id handed out twice");
    assert!(
        made.iter()
            .all(|m| m.id.starts_with("sp-") && m.id.len() == "sp-".len() + 20),
        "ids have the page's shape"
    );
    let kept: HashMap<&str, &Made> = made
        .iter()
        .filter(|m| !m.deleted)
        .map(|m| (m.id.as_str(), m))
        .collect();
    let deleted = created - kept.len();
    assert_eq!(emu.resources(), kept.len(), "deleted policies are gone");
    // Each create, describe and delete that succeeded ran once; the second deletes did not
    // run (refused); nothing ran twice.
    assert_eq!(
        emu.total_executions(),
        (created + created + deleted + deleted) as u64
    );

    // Paging through everything, 100 at a time: every kept policy exactly once, as set.
    let pages: Vec<_> = tokio::time::timeout(
        BOUND,
        clients[0]
            .describe_auto_snapshot_policy_ex()
            .region_id(REGION)
            .page_size(100)
            .into_paginator()
            .try_collect::<Vec<_>>(),
    )
    .await
    .expect("paging finishes")
    .expect("every page answers");
    assert_eq!(pages.len(), kept.len().div_ceil(100));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in &pages {
        assert_eq!(page.total_count, Some(kept.len() as i64));
        for item in &page.auto_snapshot_policies {
            let id = item.auto_snapshot_policy_id.clone().expect("an id");
            let m = kept
                .get(id.as_str())
                .unwrap_or_else(|| panic!("{id} is listed but was deleted or never made"));
            assert_eq!(
                item.auto_snapshot_policy_name.as_deref(),
                Some(m.name.as_str())
            );
            assert_eq!(item.retention_days, Some(m.retention_days));
            *seen.entry(id).or_default() += 1;
        }
    }
    let doubled: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(doubled.is_empty(), "listed more than once: {doubled:?}");
    assert_eq!(seen.len(), kept.len(), "every kept policy is listed");
    emu.shutdown().await;
}

const VAULTS_PER_TASK: usize = 3;
/// Connections dropped after the call ran: the first this many requests, whatever they are.
const DROPS: usize = 96;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_dropped_after_running_are_retried_with_their_token_and_exist_once() {
    let emu = emulator("pages/state", 96).await;
    let coverage = emu.coverage();
    let family = coverage
        .families
        .iter()
        .find(|f| f.noun == "WidgetVault")
        .expect("the fixture pages make a family");
    assert_eq!(family.action("create"), Some("CreateWidgetVault"));
    assert_eq!(family.action("list"), Some("DescribeWidgetVaults"));

    emu.faults().push_n(Fault::DropAfterExecute, DROPS);
    let clients = [
        client(&emu, SignatureVersion::V1),
        client(&emu, SignatureVersion::V3),
    ];
    let made: Vec<(String, String, String)> = tokio::time::timeout(BOUND, async {
        let tasks: Vec<_> = (0..TASKS)
            .map(|t| {
                let c = clients[usize::from(sig(t) == SignatureVersion::V3)].clone();
                tokio::spawn(async move {
                    let mut out = Vec::new();
                    for i in 0..VAULTS_PER_TASK {
                        let token = format!("vault-{t}-{i}");
                        let name = format!("vault{t}n{i}");
                        let req = CreateWidgetVault::builder()
                            .region_id(REGION)
                            .widget_vault_name(name.clone())
                            .client_token(token.clone())
                            .build()
                            .expect("valid");
                        let r = c
                            .send(req)
                            .await
                            .unwrap_or_else(|e| panic!("{token}: create: {e}"));
                        let id = r.widget_vault_id.expect("an id");
                        let req = DescribeWidgetVaults::builder()
                            .region_id(REGION)
                            .widget_vault_id(id.clone())
                            .build()
                            .expect("valid");
                        let listed = c
                            .send(req)
                            .await
                            .unwrap_or_else(|e| panic!("{token}: describe {id}: {e}"));
                        let [item] = listed.widget_vaults.as_slice() else {
                            panic!("{token}: {id} listed {} times", listed.widget_vaults.len());
                        };
                        assert_eq!(item.widget_vault_name.as_deref(), Some(name.as_str()));
                        out.push((token, id, name));
                    }
                    out
                })
            })
            .collect();
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.expect("no task panicked"));
        }
        all
    })
    .await
    .expect("the tasks finish within the bound");

    let calls = made.len() * 2;
    assert_eq!(made.len(), TASKS * VAULTS_PER_TASK);
    assert_eq!(emu.faults().pending(), 0, "every scripted drop was applied");
    assert_eq!(emu.faults().applied(), DROPS as u64);
    // Every dropped request was tried again, once per drop: the retries happened.
    assert_eq!(emu.requests_seen(), (calls + DROPS) as u64);
    let twice: Vec<_> = made
        .iter()
        .filter(|(token, ..)| emu.executions(token) != 1)
        .map(|(token, ..)| (token.clone(), emu.executions(token)))
        .collect();
    assert!(twice.is_empty(), "executions per token != 1: {twice:?}");
    let ids: HashSet<&str> = made.iter().map(|(_, id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), made.len(), "one vault per token");
    assert_eq!(emu.resources(), made.len(), "no vault made twice");

    let req = DescribeWidgetVaults::builder()
        .region_id(REGION)
        .page_size(100)
        .build()
        .expect("valid");
    let listed: Vec<_> = tokio::time::timeout(
        BOUND,
        clients[1].paginate(req).items().try_collect::<Vec<_>>(),
    )
    .await
    .expect("paging finishes")
    .expect("every page answers");
    let names: HashMap<&str, &str> = made
        .iter()
        .map(|(_, id, name)| (id.as_str(), name.as_str()))
        .collect();
    assert_eq!(listed.len(), made.len(), "each vault listed once");
    let mut seen = HashSet::new();
    for item in &listed {
        let id = item.widget_vault_id.as_deref().expect("an id");
        assert!(seen.insert(id), "{id} listed twice");
        assert_eq!(item.widget_vault_name.as_deref(), names.get(id).copied());
    }
    emu.shutdown().await;
}
