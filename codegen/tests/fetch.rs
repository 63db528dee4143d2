//! `ecs-codegen fetch` against local git repositories built here with two commits, laid out as
//! Alibaba's documentation repositories are (`intl.en-US/API Reference/<category>/X.md`,
//! `cn.zh-CN/API参考/<分类>/X.md`), from the project's own pages: first fetch, an update with
//! its diff report (and `--deny`), a language choice, bad sources, and a folder with local
//! edits.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EN: &str = "intl.en-US/API Reference";
const ZH: &str = "cn.zh-CN/API参考";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ecs-codegen"))
}

fn project(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fetch")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn put(repo: &Path, path: &str, text: &str) {
    let p = repo.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write page");
}

/// A documentation repository at its first commit: three English action pages, an English
/// overview whose name is not a plain file name, the Chinese seed page and overview, and files
/// outside the reference. Returns the repository and the commit.
fn docs_repo(root: &Path) -> (PathBuf, String) {
    let repo = root.join("ecs");
    std::fs::create_dir_all(&repo).expect("repo folder");
    git(&repo, &["init", "--quiet"]);
    put(&repo, "README.md", "# docs\n");
    put(
        &repo,
        "intl.en-US/Product Introduction/What is ECS.md",
        "# What is ECS\n",
    );
    for page in ["DescribeWidgets", "RunWidgets", "ListWidgets"] {
        put(
            &repo,
            &format!("{EN}/Widgets/{page}.md"),
            &project(&format!("tests/pages/{page}.md")),
        );
    }
    put(
        &repo,
        &format!("{EN}/API overview.md"),
        "# API overview\n\nThe widget API.\n",
    );
    put(
        &repo,
        &format!("{ZH}/快照/CreateAutoSnapshotPolicy.md"),
        &project("specs/CreateAutoSnapshotPolicy.md"),
    );
    put(&repo, &format!("{ZH}/简介.md"), "# 简介\n\nAPI 概览。\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "--quiet", "-m", "first"]);
    let commit = git(&repo, &["rev-parse", "HEAD"]);
    (repo, commit)
}

/// The second commit: RunWidgets' `Amount` narrowed from 1..=100 to 1..=50 (a breaking
/// change), ListWidgets removed, an overview page added.
fn second_commit(repo: &Path) -> String {
    let run = project("tests/pages/RunWidgets.md");
    assert!(run.contains("Valid values: 1 to 100."));
    put(
        repo,
        &format!("{EN}/Widgets/RunWidgets.md"),
        &run.replace("Valid values: 1 to 100.", "Valid values: 1 to 50."),
    );
    std::fs::remove_file(repo.join(format!("{EN}/Widgets/ListWidgets.md"))).expect("rm");
    put(
        repo,
        &format!("{EN}/Call methods/Endpoints.md"),
        "# Endpoints\n\nWidgets are served in every region.\n",
    );
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "--quiet", "-m", "second"]);
    git(repo, &["rev-parse", "HEAD"])
}

fn fetch(args: &[&str]) -> (Output, String, String) {
    let out = bin()
        .arg("fetch")
        .args(args)
        .output()
        .expect("run ecs-codegen");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .expect("out folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

fn lock(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("ecs-pages.lock")).expect("lock file");
    serde_json::from_str(&text).expect("lock is JSON")
}

#[test]
fn first_fetch_writes_the_reference_flat_with_a_lock() {
    let root = scratch("first");
    let (repo, commit) = docs_repo(&root);
    let out = root.join("pages");
    let (o, stdout, stderr) = fetch(&[s(&repo), "--out", s(&out)]);
    assert!(o.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(&commit), "{stdout}");
    // Flat, English only, the overview under the corpus's hashed name; nothing from outside
    // the reference.
    assert_eq!(
        names(&out),
        [
            "DescribeWidgets.md",
            "ListWidgets.md",
            "RunWidgets.md",
            "ecs-pages.lock",
            "page-f26c5017.md"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("RunWidgets.md")).unwrap(),
        project("tests/pages/RunWidgets.md")
    );
    let l = lock(&out);
    assert_eq!(l["repository"], s(&repo.canonicalize().unwrap()));
    assert_eq!(l["commit"], commit.as_str());
    assert_eq!(l["rev"], "HEAD");
    assert_eq!(l["lang"], "en-US");
    assert!(l["date"].as_str().is_some_and(|d| d.len() >= 20), "{l}");
    assert_eq!(
        l["pages"]["page-f26c5017.md"]["path"],
        "intl.en-US/API Reference/API overview.md"
    );
    // The lock's ids are git's: `git hash-object` of the written file agrees.
    let id = git(&repo, &["hash-object", s(&out.join("RunWidgets.md"))]);
    assert_eq!(l["pages"]["RunWidgets.md"]["blob"], id.as_str());
    // The same fetch again changes nothing and reports no change.
    let (o, stdout, _) = fetch(&["--out", s(&out)]);
    assert!(o.status.success());
    assert!(stdout.contains("0 changes"), "{stdout}");
    assert!(
        stdout.contains("0 added, 0 changed, 0 removed, 4 unchanged"),
        "{stdout}"
    );
}

#[test]
fn an_update_prints_the_diff_and_deny_breaking_keeps_the_folder() {
    let root = scratch("update");
    let (repo, first) = docs_repo(&root);
    let out = root.join("pages");
    let (o, _, stderr) = fetch(&[s(&repo), "--out", s(&out)]);
    assert!(o.status.success(), "{stderr}");
    let second = second_commit(&repo);
    let before = std::fs::read(out.join("RunWidgets.md")).unwrap();

    // Denied: the report is printed, exit 1, nothing in the folder moves.
    let (o, stdout, stderr) = fetch(&["--out", s(&out), "--deny", "breaking"]);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("RunWidgets (en): changed"), "{stdout}");
    assert!(stdout.contains("range-narrowed"), "{stdout}");
    assert!(stdout.contains("Amount: 1..=100 -> 1..=50"), "{stdout}");
    assert!(stdout.contains("ListWidgets (en): removed"), "{stdout}");
    assert!(stderr.contains("not updated"), "{stderr}");
    assert_eq!(std::fs::read(out.join("RunWidgets.md")).unwrap(), before);
    assert!(out.join("ListWidgets.md").is_file());
    assert_eq!(lock(&out)["commit"], first.as_str());

    // A file the user put in the folder under the name of a new page is not overwritten.
    std::fs::write(out.join("Endpoints.md"), "# my endpoints\n").unwrap();
    let (o, _, stderr) = fetch(&["--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("that no fetch wrote"), "{stderr}");
    assert!(stderr.contains("  Endpoints.md"), "{stderr}");
    assert_eq!(lock(&out)["commit"], first.as_str());
    std::fs::remove_file(out.join("Endpoints.md")).unwrap();

    // Accepted: the same report, the pages and the lock follow the new commit.
    let (o, stdout, stderr) = fetch(&["--out", s(&out)]);
    assert!(o.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("Amount: 1..=100 -> 1..=50"), "{stdout}");
    assert!(
        stdout.contains("1 added, 1 changed, 1 removed, 2 unchanged"),
        "{stdout}"
    );
    assert!(out.join("Endpoints.md").is_file());
    assert!(!out.join("ListWidgets.md").exists());
    assert!(std::fs::read_to_string(out.join("RunWidgets.md"))
        .unwrap()
        .contains("Valid values: 1 to 50."));
    let l = lock(&out);
    assert_eq!(l["commit"], second.as_str());
    assert!(l["pages"].get("ListWidgets.md").is_none());

    // `--rev` goes back to the first commit: the change reads the other way (widened).
    let (o, stdout, _) = fetch(&["--out", s(&out), "--rev", &first]);
    assert!(o.status.success());
    assert!(stdout.contains("Amount: 1..=50 -> 1..=100"), "{stdout}");
    assert!(stdout.contains("ListWidgets (en): added"), "{stdout}");
    assert_eq!(lock(&out)["rev"], first.as_str());
    assert!(!out.join("Endpoints.md").exists());
}

#[test]
fn the_language_picks_the_chinese_reference() {
    let root = scratch("lang");
    let (repo, _) = docs_repo(&root);
    let out = root.join("zh");
    let (o, stdout, stderr) = fetch(&[s(&repo), "--out", s(&out), "--lang", "zh-CN"]);
    assert!(o.status.success(), "{stdout}{stderr}");
    let hashed = names(&out)
        .into_iter()
        .filter(|n| n.starts_with("page-"))
        .count();
    assert_eq!(hashed, 1, "{:?}", names(&out));
    assert!(out.join("CreateAutoSnapshotPolicy.md").is_file());
    assert!(!out.join("RunWidgets.md").exists());
    assert_eq!(lock(&out)["lang"], "zh-CN");
    // The folder holds Chinese pages: English ones are not fetched over them silently.
    let (o, _, stderr) = fetch(&["--out", s(&out), "--lang", "en-US"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("holds zh-CN pages"), "{stderr}");
    assert!(out.join("CreateAutoSnapshotPolicy.md").is_file());
}

#[test]
fn a_bad_source_is_a_clear_error_and_writes_nothing() {
    let root = scratch("bad");
    let out = root.join("pages");
    // No such folder.
    let (o, _, stderr) = fetch(&[s(&root.join("nowhere")), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("no such folder"), "{stderr}");
    // A folder that is not a git repository.
    let plain = root.join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    let (o, _, stderr) = fetch(&[s(&plain), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("not a git repository"), "{stderr}");
    // A repository without reference pages.
    let other = root.join("other");
    std::fs::create_dir_all(&other).unwrap();
    git(&other, &["init", "--quiet"]);
    put(&other, "README.md", "# not docs\n");
    git(&other, &["add", "-A"]);
    git(&other, &["commit", "--quiet", "-m", "x"]);
    let (o, _, stderr) = fetch(&[s(&other), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr.contains("has no pages under intl.en-US/API Reference/"),
        "{stderr}"
    );
    // A revision the repository does not have.
    let (repo, _) = docs_repo(&root);
    let (o, _, stderr) = fetch(&[s(&repo), "--out", s(&out), "--rev", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("cannot fetch no-such-branch"), "{stderr}");
    // Without git on PATH, the error says so.
    let o = bin()
        .args(["fetch", s(&repo), "--out", s(&out)])
        .env("PATH", "")
        .output()
        .expect("run ecs-codegen");
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("`git` was not found on PATH"), "{stderr}");
    // A product name resolves below --docs-base; a product that is not there fails in git.
    let base = format!("file://{}", s(&root));
    let (o, _, stderr) = fetch(&["nosuchproduct", "--out", s(&out), "--docs-base", &base]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("cannot fetch HEAD of file://"), "{stderr}");
    assert!(!out.exists(), "nothing may be written on a bad source");
    // ... and `ecs` is the repository `ecs` below it.
    let (o, _, stderr) = fetch(&["ecs", "--out", s(&out), "--docs-base", &base]);
    assert!(o.status.success(), "{stderr}");
    assert_eq!(lock(&out)["repository"], format!("{base}/ecs").as_str());
    assert_eq!(lock(&out)["source"], "ecs");
}

#[test]
fn local_edits_are_not_overwritten_without_force() {
    let root = scratch("edits");
    let (repo, _) = docs_repo(&root);
    let out = root.join("pages");
    let (o, _, stderr) = fetch(&[s(&repo), "--out", s(&out)]);
    assert!(o.status.success(), "{stderr}");
    second_commit(&repo);
    std::fs::write(out.join("RunWidgets.md"), "# RunWidgets\n\nmy notes\n").unwrap();
    std::fs::remove_file(out.join("DescribeWidgets.md")).unwrap();
    let (o, stdout, stderr) = fetch(&["--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("has local edits"), "{stderr}");
    assert!(stderr.contains("modified: RunWidgets.md"), "{stderr}");
    assert!(stderr.contains("deleted:  DescribeWidgets.md"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("RunWidgets.md")).unwrap(),
        "# RunWidgets\n\nmy notes\n"
    );
    // --force takes the repository's pages.
    let (o, _, stderr) = fetch(&["--out", s(&out), "--force"]);
    assert!(o.status.success(), "{stderr}");
    assert!(std::fs::read_to_string(out.join("RunWidgets.md"))
        .unwrap()
        .contains("Valid values: 1 to 50."));
    assert!(out.join("DescribeWidgets.md").is_file());
    // A folder of pages no fetch wrote is refused as well.
    let mine = root.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("RunWidgets.md"), "# mine\n").unwrap();
    let (o, _, stderr) = fetch(&[s(&repo), "--out", s(&mine)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("no ecs-pages.lock"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(mine.join("RunWidgets.md")).unwrap(),
        "# mine\n"
    );
}

/// A repository laid out as AlibabaCloudDocs/ecs is, from the corpus's MANIFEST (every page of
/// `ecs/en-US` at its original path): the fetched folder is the corpus folder, name for name
/// and byte for byte, but for the three pages whose name differs from another's only in case
/// (`Deleteimage.md` beside `DeleteImage.md`), which get `.2` so that a case-insensitive file
/// system keeps both.
#[test]
fn a_fetch_of_the_real_layout_gives_the_corpus_folder() {
    let Some(corpus) = ecs_codegen::corpus("a_fetch_of_the_real_layout_gives_the_corpus_folder")
    else {
        return;
    };
    let root = scratch("corpus");
    let repo = root.join("ecs");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut expected = Vec::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let Some((file, original)) = line.split_once('\t') else {
            continue;
        };
        let Some(name) = file.strip_prefix("ecs/en-US/") else {
            continue;
        };
        let bytes = std::fs::read(corpus.join(file)).expect("corpus page");
        let p = repo.join(original);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &bytes).unwrap();
        expected.push((name.to_string(), bytes));
    }
    assert!(expected.len() > 200, "{} pages", expected.len());
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "--quiet", "-m", "corpus"]);
    let out = root.join("pages");
    let (o, _, stderr) = fetch(&[s(&repo), "--out", s(&out)]);
    assert!(o.status.success(), "{stderr}");
    let case_twins = [
        ("DeleteImage.md", "Deleteimage.md", "Deleteimage.2.md"),
        (
            "DescribeAutoSnapshotPolicyEX.md",
            "DescribeAutoSnapshotPolicyEx.md",
            "DescribeAutoSnapshotPolicyEx.2.md",
        ),
        (
            "DescribeUserData.md",
            "DescribeUserdata.md",
            "DescribeUserdata.2.md",
        ),
    ];
    let mut got = names(&out);
    got.retain(|n| n != "ecs-pages.lock");
    assert_eq!(got.len(), expected.len());
    for (name, bytes) in &expected {
        let name = case_twins
            .iter()
            .find(|(_, twin, _)| twin == name)
            .map_or(name.as_str(), |(_, _, renamed)| renamed);
        let written = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(written == *bytes, "{name} differs from the corpus");
    }
    for (kept, _, _) in case_twins {
        assert!(out.join(kept).is_file(), "{kept}");
    }
}
