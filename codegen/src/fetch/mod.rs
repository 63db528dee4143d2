//! `ecs-codegen fetch`: the API reference pages of one language of an Alibaba Cloud
//! documentation repository, at one commit, written flat into a folder with a lock file
//! ([`lock`]). A second fetch into the same folder compares the folder's pages with the new
//! ones through the diff module (not a second comparison) before anything is overwritten.
//!
//! Steps, nothing written before the last: [`prepare`] reads the folder's lock and refuses a
//! folder whose pages were edited since (unless forced), fetches the commit into a scratch
//! repository ([`git`]), picks and names the pages ([`layout`]); [`Plan::report`] diffs the
//! folder against the new pages; [`Plan::write`] writes the changed pages, removes the pages
//! that are gone upstream and writes the lock.

pub mod git;
pub mod layout;
pub mod lock;
pub mod source;

pub use layout::Lang;
pub use lock::{Edit, Lock};

use crate::diff::Report;
use crate::ir::Page;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// What `fetch` was asked.
#[derive(Debug, Clone)]
pub struct Request {
    /// Product name, git URL or local repository; the lock's repository when `None`.
    pub source: Option<String>,
    pub out: PathBuf,
    /// The lock's language, else en-US, when `None`.
    pub lang: Option<Lang>,
    /// A branch, tag or full commit id; the lock's revision, else the default branch.
    pub rev: Option<String>,
    /// Overwrite local edits, replace pages that did not come from a fetch, switch language.
    pub force: bool,
    /// Where product names point ([`source::DOCS_BASE`]).
    pub docs_base: String,
}

/// A fetched commit's pages, ready to be compared with the folder and written into it.
pub struct Plan {
    pub out: PathBuf,
    /// The folder's lock before this fetch.
    pub old: Option<Lock>,
    /// The lock after it.
    pub new: Lock,
    /// (file name, content), sorted by name.
    pages: Vec<(String, Vec<u8>)>,
    scratch: Scratch,
}

/// What [`Plan::write`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
}

fn refuse(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// Checks the folder, fetches and places the pages; writes nothing into `req.out`.
pub fn prepare(req: &Request) -> io::Result<Plan> {
    let out = &req.out;
    if out.exists() && !out.is_dir() {
        return Err(refuse(format!(
            "--out {}: exists and is not a folder",
            out.display()
        )));
    }
    let old = if out.is_dir() { Lock::read(out)? } else { None };
    let (source, repository) = match (&req.source, &old) {
        (Some(s), _) => (s.clone(), source::repository(s, &req.docs_base)?),
        (None, Some(l)) => (l.source.clone(), l.repository.clone()),
        (None, None) => {
            return Err(refuse(format!(
                "SOURCE is needed: {} has no {} to update from (name a product such as `ecs`, a git URL or a local repository)",
                out.display(),
                lock::FILE
            )))
        }
    };
    let old_lang = old.as_ref().and_then(|l| Lang::parse(&l.lang));
    let lang = req.lang.or(old_lang).unwrap_or(Lang::EnUs);
    if let (Some(l), false) = (&old, req.force) {
        if l.lang != lang.as_str() {
            return Err(refuse(format!(
                "{} holds {} pages; fetching {} into it would replace them (use another --out, or --force)",
                out.display(),
                l.lang,
                lang.as_str()
            )));
        }
    }
    let rev = req
        .rev
        .clone()
        .or_else(|| old.as_ref().map(|l| l.rev.clone()))
        .unwrap_or_else(|| "HEAD".to_string());
    if !req.force {
        check_folder(out, old.as_ref())?;
    }
    let scratch = Scratch::new()?;
    let fetched = git::fetch(&repository, Some(&rev), &scratch.0.join("git"))?;
    let files = fetched.list(lang.roots())?;
    let placed = layout::place(lang, &files);
    if placed.is_empty() {
        return Err(refuse(format!(
            "{repository} at {} has no pages under {}: not an Alibaba Cloud documentation repository, or none in {}",
            fetched.commit,
            lang.roots().join(" or "),
            lang.as_str()
        )));
    }
    let ids: Vec<&str> = placed.iter().map(|p| p.blob.as_str()).collect();
    let blobs = fetched.read(&ids)?;
    if !req.force {
        check_unlocked(out, old.as_ref(), &placed, &blobs)?;
    }
    let mut pages_lock = BTreeMap::new();
    let mut pages = Vec::with_capacity(placed.len());
    for (p, bytes) in placed.into_iter().zip(blobs) {
        pages_lock.insert(
            p.name.clone(),
            lock::Entry {
                path: p.path,
                blob: p.blob,
            },
        );
        pages.push((p.name, bytes));
    }
    let new = Lock {
        format: 1,
        source,
        repository,
        rev,
        commit: fetched.commit,
        date: fetched.date,
        lang: lang.as_str().to_string(),
        pages: pages_lock,
    };
    Ok(Plan {
        out: out.clone(),
        old,
        new,
        pages,
        scratch,
    })
}

/// Refuses a folder whose fetched pages were edited, or that holds pages no fetch wrote.
fn check_folder(out: &Path, old: Option<&Lock>) -> io::Result<()> {
    match old {
        Some(l) => {
            let edits = l.edits(out)?;
            if edits.is_empty() {
                return Ok(());
            }
            let list: Vec<String> = edits.iter().map(|e| format!("  {e}")).collect();
            Err(refuse(format!(
                "{} has local edits since the fetch of {} (commit {}); a fetch would overwrite them:\n{}\nkeep them elsewhere, restore them, or pass --force to overwrite",
                out.display(),
                l.repository,
                l.commit,
                list.join("\n")
            )))
        }
        None if out.is_dir() => {
            let mut pages: Vec<String> = std::fs::read_dir(out)?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md"))
                .collect();
            if pages.is_empty() {
                return Ok(());
            }
            pages.sort();
            Err(refuse(format!(
                "{} holds {} pages but no {}: they were not fetched, and a fetch could overwrite them ({}{}); use an empty folder, or --force",
                out.display(),
                pages.len(),
                lock::FILE,
                pages.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                if pages.len() > 5 { ", ..." } else { "" }
            )))
        }
        None => Ok(()),
    }
}

/// Refuses to overwrite a file of the folder that the lock does not list (one the user put
/// there) with a fetched page of the same name and other content.
fn check_unlocked(
    out: &Path,
    old: Option<&Lock>,
    placed: &[layout::Placed],
    blobs: &[Vec<u8>],
) -> io::Result<()> {
    let mut theirs = Vec::new();
    for (p, bytes) in placed.iter().zip(blobs) {
        if old.is_some_and(|l| l.pages.contains_key(&p.name)) {
            continue;
        }
        match std::fs::read(out.join(&p.name)) {
            Ok(now) if now != *bytes => theirs.push(format!("  {}", p.name)),
            _ => {}
        }
    }
    if theirs.is_empty() {
        return Ok(());
    }
    Err(refuse(format!(
        "{} holds files of the same name as fetched pages that no fetch wrote; a fetch would overwrite them:\n{}\nmove them, or pass --force to overwrite",
        out.display(),
        theirs.join("\n")
    )))
}

impl Plan {
    /// The new pages as (file name, content).
    pub fn pages(&self) -> &[(String, Vec<u8>)] {
        &self.pages
    }

    /// What changed from the folder's pages (those its lock lists) to the fetched ones, by the
    /// diff module; `None` on a first fetch. Pages are shown as `Name.md@<commit>`.
    pub fn report(&self) -> io::Result<Option<Report>> {
        let Some(old) = &self.old else {
            return Ok(None);
        };
        let staged = self.scratch.0.join("pages");
        std::fs::create_dir_all(&staged)?;
        for (name, bytes) in &self.pages {
            std::fs::write(staged.join(name), bytes)?;
        }
        let old_names: Vec<&String> = old
            .pages
            .keys()
            .filter(|n| self.out.join(n).is_file())
            .collect();
        let new_names: Vec<&String> = self.pages.iter().map(|(n, _)| n).collect();
        let before = read_pages(&self.out, &old_names, &short(&old.commit))?;
        let after = read_pages(&staged, &new_names, &short(&self.new.commit))?;
        Ok(Some(crate::diff::pair_pages(&before, &after)))
    }

    /// Writes the pages whose content differs, removes the old lock's pages that are gone
    /// upstream, then writes the lock.
    pub fn write(self) -> io::Result<Written> {
        let out = &self.out;
        std::fs::create_dir_all(out)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", out.display())))?;
        let mut w = Written::default();
        for (name, bytes) in &self.pages {
            let path = out.join(name);
            match std::fs::read(&path) {
                Ok(now) if now == *bytes => w.unchanged += 1,
                Ok(_) => {
                    std::fs::write(&path, bytes)?;
                    w.changed += 1;
                }
                Err(_) => {
                    std::fs::write(&path, bytes).map_err(|e| {
                        io::Error::new(e.kind(), format!("{}: {e}", path.display()))
                    })?;
                    w.added += 1;
                }
            }
        }
        if let Some(old) = &self.old {
            for name in old.pages.keys() {
                if !self.new.pages.contains_key(name) && out.join(name).is_file() {
                    std::fs::remove_file(out.join(name))?;
                    w.removed += 1;
                }
            }
        }
        self.new.write(out)?;
        Ok(w)
    }
}

/// The first 12 digits of a commit id.
pub fn short(commit: &str) -> String {
    commit.chars().take(12).collect()
}

/// `names` of `dir`, read with one resolver (linked types are found beside them), each
/// shown as `name@label`.
fn read_pages(dir: &Path, names: &[&String], label: &str) -> io::Result<Vec<Page>> {
    let mut resolver = crate::read::Resolver::default();
    let mut pages = Vec::with_capacity(names.len());
    for name in names {
        let path = dir.join(name);
        let bytes = std::fs::read(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut page = crate::read::parse_page_with(&path.to_string_lossy(), &text, &mut resolver);
        page.file = format!("{name}@{label}");
        pages.push(page);
    }
    Ok(pages)
}

/// A scratch folder under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> io::Result<Scratch> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for n in 0..100u32 {
            let dir = std::env::temp_dir().join(format!(
                "ecs-codegen-fetch-{}-{nanos:08x}-{n}",
                std::process::id()
            ));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Scratch(dir)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("scratch folder {}: {e}", dir.display()),
                    ))
                }
            }
        }
        Err(io::Error::other("no free scratch folder name"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
