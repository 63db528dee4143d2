//! `DIR/ecs-pages.lock`: which repository, revision, commit and language the pages of a
//! folder came from, and each page's repository path and git blob id, so that a later fetch
//! knows what changed upstream and what was edited in the folder. JSON (the CLI already
//! writes JSON; no TOML crate for one file), keys in a fixed order, pages sorted by name:
//! the same fetch writes the same bytes, fit to check in beside the pages.

use super::git::blob_id;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// The lock file's name inside the output folder.
pub const FILE: &str = "ecs-pages.lock";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// The lock format (1).
    pub format: u32,
    /// What `fetch` was given (`ecs`, a URL or a folder).
    pub source: String,
    /// The repository git fetched from.
    pub repository: String,
    /// The requested revision (`HEAD`: the default branch).
    pub rev: String,
    /// The commit the pages are from.
    pub commit: String,
    /// Its committer date.
    pub date: String,
    /// `en-US` or `zh-CN`.
    pub lang: String,
    /// File name in the folder -> where it came from.
    pub pages: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The path in the repository.
    pub path: String,
    /// The git blob id of the content written (`git hash-object FILE` prints the same).
    pub blob: String,
}

/// A page of the lock that is not in the folder as fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Modified(String),
    Deleted(String),
}

impl std::fmt::Display for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Edit::Modified(n) => write!(f, "modified: {n}"),
            Edit::Deleted(n) => write!(f, "deleted:  {n}"),
        }
    }
}

impl Lock {
    /// The lock of `dir`, `None` when it has none.
    pub fn read(dir: &Path) -> io::Result<Option<Lock>> {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        };
        let lock: Lock = serde_json::from_str(&text).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}:{}:{}: not a lock file ecs-codegen wrote: {e}",
                    path.display(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if lock.format != 1 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: lock format {} (this ecs-codegen writes 1)",
                    path.display(),
                    lock.format
                ),
            ));
        }
        Ok(Some(lock))
    }

    /// Writes the lock into `dir` (through a temporary file, so a reader never sees half).
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        text.push('\n');
        let tmp = dir.join(format!("{FILE}.tmp"));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, dir.join(FILE))
    }

    /// The pages of the lock whose file in `dir` is gone or differs from what was fetched.
    pub fn edits(&self, dir: &Path) -> io::Result<Vec<Edit>> {
        let mut edits = Vec::new();
        for (name, entry) in &self.pages {
            match std::fs::read(dir.join(name)) {
                Ok(bytes) if blob_id(&bytes) == entry.blob => {}
                Ok(_) => edits.push(Edit::Modified(name.clone())),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    edits.push(Edit::Deleted(name.clone()))
                }
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("{}: {e}", dir.join(name).display()),
                    ))
                }
            }
        }
        Ok(edits)
    }
}
