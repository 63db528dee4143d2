//! The emulator's state: resources created, described, changed and deleted through the
//! actions the pages document, per account and region. Families, id fields, lists, filters
//! and lifecycles are read from the pages ([`family`], [`lifecycle`]); what they do not say is
//! in [`errata`]. Actions of no family keep answering their page's example.

pub(crate) mod errata;
pub(crate) mod family;
pub(crate) mod lifecycle;
mod ops;
pub(crate) mod store;
pub(crate) mod values;

use crate::error::EcsError;
use family::{ActionModel, Family, Op};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use store::{Ids, Store};

/// How long a transient state lasts by default.
pub const DEFAULT_TRANSITION_MS: u64 = 300;

/// The families and the action → (family, op) index.
#[derive(Debug)]
pub(crate) struct Model {
    pub families: Vec<Family>,
    /// Where actions that span families (`TagResources`) sit: no noun, no items.
    pub any: Family,
    pub ops: HashMap<String, (usize, Op)>,
    pub actions: HashMap<String, ActionModel>,
}

impl Model {
    pub fn new(actions: Vec<ActionModel>) -> Model {
        let families = family::infer(&actions);
        let mut ops = HashMap::new();
        for (i, f) in families.iter().enumerate() {
            for (a, op) in &f.ops {
                ops.insert(a.clone(), (i, op.clone()));
            }
        }
        let mut any = Family::default();
        for a in &actions {
            if let Some(op) = family::spanning(&a.name, &a.params) {
                any.ops.insert(a.name.clone(), op.clone());
                ops.insert(a.name.clone(), (usize::MAX, op));
            }
        }
        let actions = actions.into_iter().map(|a| (a.name.clone(), a)).collect();
        Model {
            families,
            any,
            ops,
            actions,
        }
    }
}

/// Which served actions act on state and which answer their page's example.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Families: noun, id field, and their actions with what each does.
    pub families: Vec<FamilyCoverage>,
    /// Served actions of no family (they answer the documented example).
    pub example_only: Vec<String>,
}

/// One family in the coverage report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FamilyCoverage {
    pub noun: String,
    pub id_field: String,
    /// `(action, what it does)`, sorted by action.
    pub actions: Vec<(String, String)>,
    /// The documented status values (empty: no lifecycle).
    pub states: Vec<String>,
}

impl FamilyCoverage {
    /// The action doing `what` (`create`, `list`, `delete`, `get`, ...), if any.
    pub fn action(&self, what: &str) -> Option<&str> {
        self.actions
            .iter()
            .find(|(_, w)| w == what)
            .map(|(a, _)| a.as_str())
    }
}

impl Coverage {
    /// Actions that act on state.
    pub fn stateful(&self) -> usize {
        self.families.iter().map(|f| f.actions.len()).sum()
    }
}

fn op_name(op: &Op) -> String {
    match op {
        Op::Create => "create".into(),
        Op::List => "list".into(),
        Op::Get => "get".into(),
        Op::Delete => "delete".into(),
        Op::Modify => "modify".into(),
        Op::Transition(t) => format!("{t:?}").to_lowercase(),
        Op::Relate { attach: true, .. } => "attach".into(),
        Op::Relate { .. } => "detach".into(),
        Op::Rule { add: true, .. } => "add-rule".into(),
        Op::Rule { .. } => "remove-rule".into(),
        Op::Member { join: true, .. } => "join".into(),
        Op::Member { .. } => "leave".into(),
        Op::Tag { add: true } => "tag".into(),
        Op::Tag { .. } => "untag".into(),
    }
}

/// The state an emulator keeps.
pub(crate) struct State {
    pub model: Model,
    store: Mutex<Store>,
    ids: Mutex<Ids>,
    transition_ms: AtomicU64,
    /// Written at shutdown and on request; read at start.
    pub file: Option<PathBuf>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("families", &self.model.families.len())
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Why a state file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
    #[error("cannot read the state file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the state file {path} is not a state dump: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write the state file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl State {
    pub fn new(
        actions: Vec<ActionModel>,
        seed: Option<u64>,
        transition_ms: u64,
        file: Option<PathBuf>,
    ) -> Result<State, StateFileError> {
        let mut store = Store::default();
        if let Some(path) = &file {
            if path.exists() {
                let text =
                    std::fs::read_to_string(path).map_err(|source| StateFileError::Read {
                        path: path.clone(),
                        source,
                    })?;
                store = serde_json::from_str(&text).map_err(|source| StateFileError::Parse {
                    path: path.clone(),
                    source,
                })?;
                store.reindex();
            }
        }
        Ok(State {
            model: Model::new(actions),
            store: Mutex::new(store),
            ids: Mutex::new(Ids::new(seed)),
            transition_ms: AtomicU64::new(transition_ms),
            file,
        })
    }

    pub fn transition_ms(&self) -> u64 {
        self.transition_ms.load(Ordering::Relaxed)
    }

    pub fn set_transition_ms(&self, ms: u64) {
        self.transition_ms.store(ms, Ordering::Relaxed);
    }

    /// Forgets every resource.
    pub fn reset(&self) {
        *lock(&self.store) = Store::default();
    }

    /// The whole store as JSON (the state file's content).
    pub fn dump(&self) -> serde_json::Value {
        serde_json::to_value(&*lock(&self.store)).unwrap_or_default()
    }

    /// Replaces the store with a dump.
    pub fn load(&self, v: serde_json::Value) -> Result<(), serde_json::Error> {
        let mut s: Store = serde_json::from_value(v)?;
        s.reindex();
        *lock(&self.store) = s;
        Ok(())
    }

    /// Resources held in all accounts and regions.
    pub fn len(&self) -> usize {
        lock(&self.store).len()
    }

    /// Writes the store to the state file atomically (a temporary file renamed over it).
    pub fn save(&self) -> Result<Option<PathBuf>, StateFileError> {
        let Some(path) = &self.file else {
            return Ok(None);
        };
        let text = serde_json::to_string_pretty(&*lock(&self.store)).unwrap_or_default();
        let tmp = path.with_extension("tmp");
        let write = |p: &std::path::Path| std::fs::write(p, &text);
        write(&tmp)
            .and_then(|_| std::fs::rename(&tmp, path))
            .map_err(|source| StateFileError::Write {
                path: path.clone(),
                source,
            })?;
        Ok(Some(path.clone()))
    }

    /// The families and what each action does.
    pub fn coverage(&self, served: &[&str]) -> Coverage {
        let mut c = Coverage::default();
        for f in self.model.families.iter().chain([&self.model.any]) {
            if f.ops.is_empty() {
                continue;
            }
            c.families.push(FamilyCoverage {
                noun: f.noun.clone(),
                id_field: f.id_field.clone(),
                actions: f
                    .ops
                    .iter()
                    .map(|(a, op)| (a.clone(), op_name(op)))
                    .collect(),
                states: f.states.clone(),
            });
        }
        c.example_only = served
            .iter()
            .filter(|a| !self.model.ops.contains_key(**a))
            .map(|a| a.to_string())
            .collect();
        c.example_only.sort();
        c
    }

    /// Runs `action` on the state; `None` when the action belongs to no family (it answers
    /// its documented example).
    pub fn execute(
        &self,
        action: &str,
        account: &str,
        params: &[(String, String)],
    ) -> Option<Result<serde_json::Value, EcsError>> {
        let (fi, op) = self.model.ops.get(action)?;
        let family = self.model.families.get(*fi).unwrap_or(&self.model.any);
        let page = self.model.actions.get(action)?;
        let region = values::scalar(params, "RegionId")
            .filter(|r| !r.is_empty())
            .unwrap_or("cn-hangzhou")
            .to_string();
        let mut store = lock(&self.store);
        let mut cx = ops::Cx {
            model: &self.model,
            family,
            page,
            store: &mut store,
            ids: &self.ids,
            account,
            region: &region,
            params,
            now: now_ms(),
            step: self.transition_ms(),
        };
        Some(cx.run(op))
    }
}
