//! The CLI contract of `ecs-codegen diff` and `generate --check`: exit statuses (0 ran, 1 a
//! `--deny` class found or a stale file, 2 bad input), the three formats, folder pairing and
//! the history run. Shown on the project's fixture pages (`tests/pages/`: three versions of
//! CreateWidgetPolicy in `tests/pages/history/`), and on real pages from the corpus
//! (`$ECS_CORPUS`) when it is there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ecs-codegen"))
}

/// The corpus history folder, or `None` (the test is skipped) without the corpus.
fn corpus_history(test: &str) -> Option<PathBuf> {
    Some(ecs_codegen::corpus(&format!("diff_cli::{test}"))?.join("history"))
}

/// The project's own pages.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pages")
}

/// The fixture history: CreateWidgetPolicy in the 2019 layout (V1), its first plain-layout
/// version (V2: nine changes), and V3 (V2 reworded).
fn fixture_history(rel: &str) -> PathBuf {
    fixtures()
        .join("history/en-US/CreateWidgetPolicy")
        .join(rel)
}

const V1: &str = "2020-11-02-5c1e7a90.md";
const V2: &str = "2021-03-18-9b2d4f16.md";
const V3: &str = "2021-06-07-e0a83c55.md";

const OLD: &str = "zh-CN/CreateAutoSnapshotPolicy/2019-08-14-2c1e9815.md";
const NEW: &str = "zh-CN/CreateAutoSnapshotPolicy/2020-10-16-610ae8fd.md";
const LATER: &str = "zh-CN/CreateAutoSnapshotPolicy/2021-03-23-184f97ae.md";

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().expect("run ecs-codegen");
    let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    (out, stdout)
}

fn diff(args: &[&str], old: &Path, new: &Path) -> (Option<i32>, String) {
    let (out, stdout) = run(bin().arg("diff").args(args).arg(old).arg(new));
    (out.status.code(), stdout)
}

/// A scratch folder (under the target directory) holding copies of corpus pages, named
/// `dest` -> corpus file.
fn folder(name: &str, files: &[(&str, PathBuf)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (dest, src) in files {
        let p = dir.join(dest);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src, &p).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    }
    dir
}

#[test]
fn text_lists_each_change_with_both_lines_and_exits_zero() {
    let Some(h) = corpus_history("text_lists_each_change_with_both_lines_and_exits_zero") else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    let (code, out) = diff(&[], &history(OLD), &history(NEW));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("CreateAutoSnapshotPolicy (zh): changed, 8 changes"),
        "{out}"
    );
    let line = out
        .lines()
        .find(|l| l.contains("range-narrowed"))
        .expect("the narrowed bound");
    assert!(
        line.contains("retentionDays: -1 | 1..=65536 -> -1 | 1..=65535"),
        "{line}"
    );
    assert!(
        line.contains("[semver none, wire narrowed] lines 33 -> 31"),
        "{line}"
    );
    assert!(out.contains("format generation g2 -> g3"), "{out}");
}

#[test]
fn a_page_against_itself_is_no_change_and_passes_every_deny() {
    let Some(h) = corpus_history("a_page_against_itself_is_no_change_and_passes_every_deny") else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    let p = history(OLD);
    let (code, out) = diff(&["--deny", "breaking", "--deny", "wire"], &p, &p);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("1 pair: 1 unchanged"), "{out}");
    assert!(out.lines().any(|l| l == "0 changes"), "{out}");
}

#[test]
fn deny_exits_one_only_for_its_class() {
    let Some(h) = corpus_history("deny_exits_one_only_for_its_class") else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    // Narrowed bound: breaking and wire.
    for deny in ["breaking", "wire"] {
        let (code, _) = diff(&["--deny", deny], &history(OLD), &history(NEW));
        assert_eq!(code, Some(1), "--deny {deny}");
    }
    // Cosmetic only.
    let (code, _) = diff(&["--deny", "breaking"], &history(NEW), &history(LATER));
    assert_eq!(code, Some(0));
    // One new error row: additive, nothing on the wire.
    let (a, b) = (
        history("en-US/DeleteDeploymentSet/2019-06-03-50d10fcc.md"),
        history("en-US/DeleteDeploymentSet/2020-11-03-83b54767.md"),
    );
    assert_eq!(diff(&["--deny", "breaking"], &a, &b).0, Some(0));
    assert_eq!(diff(&["--deny", "wire"], &a, &b).0, Some(0));
    // A case-only rename: the Rust API stays, the wire does not.
    let (a, b) = (
        history("en-US/DeleteAutoSnapshotPolicy/2019-02-19-7fdb78c4.md"),
        history("en-US/DeleteAutoSnapshotPolicy/2020-11-04-53905567.md"),
    );
    assert_eq!(diff(&["--deny", "wire"], &a, &b).0, Some(1));
}

#[test]
fn json_has_one_object_per_change_with_stable_fields() {
    let Some(h) = corpus_history("json_has_one_object_per_change_with_stable_fields") else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    let (code, out) = diff(&["--json"], &history(OLD), &history(NEW));
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 8);
    for c in changes {
        for key in [
            "action", "language", "old_file", "new_file", "kind", "path", "old", "new", "old_line",
            "new_line", "semver", "wire", "class",
        ] {
            assert!(c.get(key).is_some(), "missing `{key}` in {c}");
        }
    }
    let narrowed = changes
        .iter()
        .find(|c| c["kind"] == "range-narrowed")
        .expect("range-narrowed");
    assert_eq!(narrowed["path"], "retentionDays");
    assert_eq!(narrowed["semver"], "none");
    assert_eq!(narrowed["wire"], "narrowed");
    assert_eq!(narrowed["class"], "breaking");
    assert_eq!(narrowed["old_line"], 33);
    assert_eq!(narrowed["new_line"], 31);
    assert_eq!(narrowed["language"], "zh");
    let added = changes
        .iter()
        .filter(|c| c["kind"] == "param-added")
        .count();
    assert_eq!(added, 4);
    assert_eq!(v["pairs"][0]["status"], "changed");
    assert_eq!(v["summary"]["class"]["breaking"], 1);
    // `--format json` is the same output.
    let (_, same) = diff(&["--format", "json"], &history(OLD), &history(NEW));
    assert_eq!(same, out);
}

#[test]
fn markdown_groups_by_action_and_class() {
    let Some(h) = corpus_history("markdown_groups_by_action_and_class") else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    let (code, out) = diff(&["--format", "markdown"], &history(OLD), &history(NEW));
    assert_eq!(code, Some(0));
    assert!(out.starts_with("## API reference changes\n"), "{out}");
    assert!(
        out.contains("### CreateAutoSnapshotPolicy (changed)"),
        "{out}"
    );
    let breaking = out.find("**Breaking**").expect("breaking group");
    let additive = out.find("**Additive**").expect("additive group");
    assert!(breaking < additive);
    let narrowed = out.find("| range-narrowed |").expect("narrowed row");
    assert!(breaking < narrowed && narrowed < additive, "{out}");
    assert!(out.contains("| 33 → 31 |"), "{out}");
}

#[test]
fn folders_pair_by_action_and_say_what_was_added_removed_or_unpaired() {
    let Some(h) =
        corpus_history("folders_pair_by_action_and_say_what_was_added_removed_or_unpaired")
    else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    let old = folder(
        "diff-old",
        &[
            ("CreateAutoSnapshotPolicy.md", history(OLD)),
            (
                "CancelCopyImage.md",
                history("zh-CN/CancelCopyImage/2019-08-14-f4388a65.md"),
            ),
            (
                "ReportInstancesStatus.md",
                history("zh-CN/ReportInstancesStatus/2019-07-22-9a674589.md"),
            ),
        ],
    );
    let new = folder(
        "diff-new",
        &[
            ("snapshots/CreateAutoSnapshotPolicy.md", history(NEW)),
            (
                "images/CancelCopyImage.md",
                history("zh-CN/CancelCopyImage/2020-09-10-db7ff647.md"),
            ),
            (
                "a/DeleteAutoSnapshotPolicy.md",
                history("zh-CN/DeleteAutoSnapshotPolicy/2019-02-19-83a6ae2a.md"),
            ),
            (
                "b/DeleteAutoSnapshotPolicy.md",
                history("zh-CN/DeleteAutoSnapshotPolicy/2018-06-13-e82c6216.md"),
            ),
        ],
    );
    let (code, out) = diff(&["--json"], &old, &new);
    assert_eq!(code, Some(0), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let status = |action: &str| {
        v["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .find(|p| p["action"] == action)
            .map(|p| p["status"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(
        status("CreateAutoSnapshotPolicy").as_deref(),
        Some("changed")
    );
    assert_eq!(status("CancelCopyImage").as_deref(), Some("cosmetic"));
    assert_eq!(status("ReportInstancesStatus").as_deref(), Some("removed"));
    assert_eq!(status("DeleteAutoSnapshotPolicy"), None);
    let unpaired = v["unpaired"].as_array().expect("unpaired");
    assert_eq!(unpaired.len(), 2, "{unpaired:?}");
    assert!(
        unpaired[0]["reason"].as_str().is_some_and(
            |r| r.contains("2 pages for action DeleteAutoSnapshotPolicy on the new side")
        )
    );
    assert!(v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .any(|c| c["kind"] == "action-removed" && c["path"] == "ReportInstancesStatus"));

    let (_, text) = diff(&[], &old, &new);
    assert!(
        text.contains("ReportInstancesStatus (zh): removed"),
        "{text}"
    );
    assert!(text.contains("unpaired (new)"), "{text}");
    assert!(text.contains("CancelCopyImage (zh): cosmetic"), "{text}");

    // Unchanged pairs are named in one line.
    let same = folder(
        "diff-same",
        &[("CreateAutoSnapshotPolicy.md", history(OLD))],
    );
    let (_, text) = diff(&[], &same, &same);
    assert!(
        text.contains("unchanged (1): CreateAutoSnapshotPolicy"),
        "{text}"
    );
}

#[test]
fn history_mode_diffs_consecutive_versions() {
    let Some(h) = corpus_history("history_mode_diffs_consecutive_versions") else {
        return;
    };
    let history = |rel: &str| h.join(rel);
    let dir = folder(
        "diff-history",
        &[
            (
                "zh-CN/CreateAutoSnapshotPolicy/2019-08-14-2c1e9815.md",
                history(OLD),
            ),
            (
                "zh-CN/CreateAutoSnapshotPolicy/2020-10-16-610ae8fd.md",
                history(NEW),
            ),
            (
                "zh-CN/CreateAutoSnapshotPolicy/2021-03-23-184f97ae.md",
                history(LATER),
            ),
        ],
    );
    let (out, stdout) = run(bin()
        .args(["diff", "--summary", "--json", "--history"])
        .arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let s: serde_json::Value = serde_json::from_str(&stdout).expect("JSON summary");
    assert_eq!(s["pairs"], 2);
    assert_eq!(s["status"]["changed"], 1);
    assert_eq!(s["status"]["cosmetic"], 1);
    assert_eq!(s["changes"], 8);
    assert_eq!(s["kinds"]["range-narrowed"], 1);
    let (out, _) = run(bin()
        .args(["diff", "--summary", "--deny", "wire", "--history"])
        .arg(&dir));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_input_is_a_located_error_with_status_two() {
    let page = fixture_history(V1);
    let (out, _) = run(bin().arg("diff").arg(&page).arg("no/such/page.md"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/page.md"));
    // A page against a folder.
    let (out, _) = run(bin().arg("diff").arg(&page).arg(fixture_history("")));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a page with a folder"));
    // Not an action page: reported, not paired.
    let overview = folder("diff-overview", &[]).join("Overview.md");
    std::fs::create_dir_all(overview.parent().expect("dir")).expect("mkdir");
    std::fs::write(&overview, "# API overview\n\nText.\n").expect("write");
    let (code, out) = diff(&[], &overview, &page);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("unpaired (old)") && out.contains("not an action page"),
        "{out}"
    );
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/CreateAutoSnapshotPolicy.md")
}

#[test]
fn generate_is_byte_identical_whatever_the_order_of_its_inputs() {
    let other = fixtures().join("DescribeWidgetZones.md");
    let third = fixtures().join("CreateWidgetPolicy.md");
    let gen = |files: [&Path; 3]| {
        let (out, stdout) = run(bin().arg("generate").args(files));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let a = gen([&seed(), &other, &third]);
    let b = gen([&third, &seed(), &other]);
    assert_eq!(a, b);
    assert!(a.contains("pub struct CreateWidgetPolicy"));
    assert!(a.contains("pub struct DescribeWidgetZones"));
}

#[test]
fn generate_check_passes_when_current_and_prints_a_unified_diff_when_stale() {
    let dir = folder("generate-check", &[]);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("generated.rs");
    let (out, _) = run(bin().arg("generate").arg(seed()).arg("--out").arg(&file));
    assert!(out.status.success());
    let (out, stdout) = run(bin().arg("generate").arg(seed()).arg("--check").arg(&file));
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.is_empty());

    let text = std::fs::read_to_string(&file).expect("read");
    let stale = text.replacen("65536", "65535", 1);
    assert_ne!(stale, text, "the seed's bound is in the generated code");
    std::fs::write(&file, &stale).expect("write");
    let (out, stdout) = run(bin().arg("generate").arg(seed()).arg("--check").arg(&file));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.starts_with(&format!("--- {}\n+++ ", file.display())),
        "{stdout}"
    );
    assert!(stdout.contains("\n@@ "), "{stdout}");
    let minus = stdout
        .lines()
        .find(|l| l.starts_with('-') && l.contains("65535"));
    let plus = stdout
        .lines()
        .find(|l| l.starts_with('+') && l.contains("65536"));
    assert!(minus.is_some() && plus.is_some(), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match the pages"));

    // --check and --out together are refused.
    let (out, _) = run(bin()
        .arg("generate")
        .arg(seed())
        .arg("--check")
        .arg(&file)
        .arg("--out")
        .arg(&file));
    assert_eq!(out.status.code(), Some(2));
}

// The same contract on the project's own pages: no corpus needed.

#[test]
fn fixture_text_lists_each_change_with_both_lines_and_exits_zero() {
    let (code, out) = diff(&[], &fixture_history(V1), &fixture_history(V2));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("CreateWidgetPolicy (en): changed, 9 changes (4 additive, 5 breaking)"),
        "{out}"
    );
    let line = out
        .lines()
        .find(|l| l.contains("range-narrowed"))
        .expect("the narrowed bound");
    assert!(line.contains("retentionDays: 1..=730 -> 1..=365"), "{line}");
    assert!(
        line.contains("[semver none, wire narrowed] lines 20 -> 22"),
        "{line}"
    );
    let renamed = out
        .lines()
        .find(|l| l.contains("param-wire-renamed"))
        .expect("the case rename");
    assert!(
        renamed.contains("regionId: RegionId -> regionId"),
        "{renamed}"
    );
    assert!(out.contains("format generation g2 -> g3"), "{out}");
    assert!(out
        .lines()
        .any(|l| l == "9 changes by class: 4 additive, 5 breaking"));
}

#[test]
fn fixture_a_page_against_itself_is_no_change_and_passes_every_deny() {
    for v in [V1, V2, V3] {
        let p = fixture_history(v);
        let (code, out) = diff(&["--deny", "breaking", "--deny", "wire"], &p, &p);
        assert_eq!(code, Some(0), "{v}: {out}");
        assert!(out.contains("1 pair: 1 unchanged"), "{v}: {out}");
        assert!(out.lines().any(|l| l == "0 changes"), "{v}: {out}");
    }
}

/// `name` -> V3 with `edit` applied, in a scratch folder.
fn edited_v3(name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = folder(name, &[]);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let text = std::fs::read_to_string(fixture_history(V3)).expect("V3");
    let edited = edit(&text);
    assert_ne!(edited, text, "{name}: the edit applies");
    let p = dir.join("CreateWidgetPolicy.md");
    std::fs::write(&p, edited).expect("write");
    p
}

#[test]
fn fixture_deny_exits_one_only_for_its_class() {
    // A narrowed bound, a removed parameter: breaking and wire.
    for deny in ["breaking", "wire"] {
        let (code, out) = diff(
            &["--deny", deny],
            &fixture_history(V1),
            &fixture_history(V2),
        );
        assert_eq!(code, Some(1), "--deny {deny}: {out}");
    }
    // Reworded only.
    for deny in ["breaking", "wire"] {
        let (code, out) = diff(
            &["--deny", deny],
            &fixture_history(V2),
            &fixture_history(V3),
        );
        assert_eq!(code, Some(0), "--deny {deny}: {out}");
    }
    // One new error row: additive, nothing on the wire.
    let added = edited_v3("deny-error-added", |t| {
        t.replacen(
            "|404|InvalidRegionId.NotFound|",
            "|403|Forbidden.WidgetPolicy|You are not authorized to create widget policies.|The error message returned because the RAM user is not authorized.|\n|404|InvalidRegionId.NotFound|",
            1,
        )
    });
    let (code, out) = diff(&["--json"], &fixture_history(V3), &added);
    assert_eq!(code, Some(0), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["changes"][0]["kind"], "error-added", "{out}");
    assert_eq!(v["changes"].as_array().map(Vec::len), Some(1), "{out}");
    assert_eq!(
        diff(&["--deny", "breaking"], &fixture_history(V3), &added).0,
        Some(0)
    );
    assert_eq!(
        diff(&["--deny", "wire"], &fixture_history(V3), &added).0,
        Some(0)
    );
    // A case-only rename: the Rust API stays, the wire does not.
    let renamed = edited_v3("deny-case-rename", |t| {
        t.replacen("|regionId|String|Yes|", "|RegionID|String|Yes|", 1)
    });
    let (_, out) = diff(&["--json"], &fixture_history(V3), &renamed);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["changes"][0]["kind"], "param-wire-renamed", "{out}");
    assert_eq!(v["changes"][0]["semver"], "none", "{out}");
    assert_eq!(
        diff(&["--deny", "wire"], &fixture_history(V3), &renamed).0,
        Some(1)
    );
}

#[test]
fn fixture_json_has_one_object_per_change_with_stable_fields() {
    let (code, out) = diff(&["--json"], &fixture_history(V1), &fixture_history(V2));
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 9);
    for c in changes {
        for key in [
            "action", "language", "old_file", "new_file", "kind", "path", "old", "new", "old_line",
            "new_line", "semver", "wire", "class",
        ] {
            assert!(c.get(key).is_some(), "missing `{key}` in {c}");
        }
    }
    let narrowed = changes
        .iter()
        .find(|c| c["kind"] == "range-narrowed")
        .expect("range-narrowed");
    assert_eq!(narrowed["path"], "retentionDays");
    assert_eq!(narrowed["semver"], "none");
    assert_eq!(narrowed["wire"], "narrowed");
    assert_eq!(narrowed["class"], "breaking");
    assert_eq!(narrowed["old_line"], 20);
    assert_eq!(narrowed["new_line"], 22);
    assert_eq!(narrowed["language"], "en");
    let removed = changes
        .iter()
        .find(|c| c["kind"] == "field-removed")
        .expect("field-removed");
    assert_eq!(removed["path"], "CreationTime");
    assert_eq!(removed["wire"], "response-loses");
    let count = |kind: &str| changes.iter().filter(|c| c["kind"] == kind).count();
    assert_eq!(count("param-added"), 2);
    assert_eq!(count("error-added"), 2);
    assert_eq!(v["pairs"][0]["status"], "changed");
    assert_eq!(v["summary"]["class"]["breaking"], 5);
    assert_eq!(v["summary"]["class"]["additive"], 4);
    let (_, same) = diff(
        &["--format", "json"],
        &fixture_history(V1),
        &fixture_history(V2),
    );
    assert_eq!(same, out);
}

#[test]
fn fixture_markdown_groups_by_action_and_class() {
    let (code, out) = diff(
        &["--format", "markdown"],
        &fixture_history(V1),
        &fixture_history(V2),
    );
    assert_eq!(code, Some(0));
    assert!(out.starts_with("## API reference changes\n"), "{out}");
    assert!(out.contains("### CreateWidgetPolicy (changed)"), "{out}");
    let breaking = out.find("**Breaking**").expect("breaking group");
    let additive = out.find("**Additive**").expect("additive group");
    assert!(breaking < additive);
    let narrowed = out.find("| range-narrowed |").expect("narrowed row");
    assert!(breaking < narrowed && narrowed < additive, "{out}");
    let added = out.find("| param-added |").expect("added row");
    assert!(additive < added, "{out}");
    assert!(out.contains("| 20 → 22 |"), "{out}");
}

#[test]
fn fixture_folders_pair_by_action_and_say_what_was_added_removed_or_unpaired() {
    let old = folder(
        "fixture-diff-old",
        &[
            ("CreateWidgetPolicy.md", fixture_history(V1)),
            (
                "DescribeWidgetZones.md",
                fixtures().join("DescribeWidgetZones.md"),
            ),
            ("RunWidgets.md", fixtures().join("RunWidgets.md")),
        ],
    );
    let new = folder(
        "fixture-diff-new",
        &[
            ("policies/CreateWidgetPolicy.md", fixture_history(V2)),
            (
                "zones/DescribeWidgetZones.md",
                fixtures().join("DescribeWidgetZones.md"),
            ),
            ("a/ListWidgets.md", fixtures().join("ListWidgets.md")),
            ("b/ListWidgets.md", fixtures().join("ListWidgets.md")),
            ("DescribeWidgets.md", fixtures().join("DescribeWidgets.md")),
        ],
    );
    let (code, out) = diff(&["--json"], &old, &new);
    assert_eq!(code, Some(0), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let status = |action: &str| {
        v["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .find(|p| p["action"] == action)
            .map(|p| p["status"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(status("CreateWidgetPolicy").as_deref(), Some("changed"));
    assert_eq!(status("DescribeWidgetZones").as_deref(), Some("unchanged"));
    assert_eq!(status("RunWidgets").as_deref(), Some("removed"));
    assert_eq!(status("DescribeWidgets").as_deref(), Some("added"));
    assert_eq!(status("ListWidgets"), None);
    let unpaired = v["unpaired"].as_array().expect("unpaired");
    assert_eq!(unpaired.len(), 2, "{unpaired:?}");
    assert!(unpaired[0]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("2 pages for action ListWidgets on the new side")));
    let kinds: Vec<(&str, &str)> = v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap_or(""),
                c["path"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("action-removed", "RunWidgets")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("action-added", "DescribeWidgets")),
        "{kinds:?}"
    );

    let (_, text) = diff(&[], &old, &new);
    assert!(text.contains("RunWidgets (en): removed"), "{text}");
    assert!(text.contains("unpaired (new)"), "{text}");
    assert!(
        text.contains("unchanged (1): DescribeWidgetZones"),
        "{text}"
    );
}

#[test]
fn fixture_history_mode_diffs_consecutive_versions() {
    let dir = fixtures().join("history");
    let (out, stdout) = run(bin()
        .args(["diff", "--summary", "--json", "--history"])
        .arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let s: serde_json::Value = serde_json::from_str(&stdout).expect("JSON summary");
    assert_eq!(s["pairs"], 2);
    assert_eq!(s["status"]["changed"], 1);
    assert_eq!(s["status"]["cosmetic"], 1);
    assert_eq!(s["changes"], 9);
    assert_eq!(s["kinds"]["range-narrowed"], 1);
    assert_eq!(s["kinds"]["param-wire-renamed"], 1);
    let (out, _) = run(bin()
        .args(["diff", "--summary", "--deny", "wire", "--history"])
        .arg(&dir));
    assert_eq!(out.status.code(), Some(1));
}
