//! The CLI contract other tools script against: `parse` JSON Lines, `check` totals and exit
//! status, errors on bad paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ecs-codegen"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/CreateAutoSnapshotPolicy.md")
}

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().expect("run ecs-codegen");
    let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    (out, stdout)
}

/// A scratch folder with `files` written into it.
fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write fixture");
    }
    dir
}

#[test]
fn parse_prints_one_json_object_per_page_with_the_contract_fields() {
    let (out, stdout) = run(bin().arg("parse").arg(seed()));
    assert!(out.status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let page: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON line");
    for key in [
        "file",
        "kind",
        "action",
        "product",
        "version",
        "params",
        "response",
        "errors",
        "diagnostics",
    ] {
        assert!(page.get(key).is_some(), "missing `{key}`");
    }
    assert_eq!(page["kind"], "action");
    assert_eq!(page["action"], "CreateAutoSnapshotPolicy");
    assert_eq!(page["params"][0]["name"], "regionId");
    assert_eq!(page["params"][0]["type"], "string");
    assert_eq!(page["errors"].as_array().map(Vec::len), Some(8));
}

#[test]
fn parse_walks_folders_recursively_and_skips_other_pages_with_a_reason() {
    let dir = folder(
        "cli-walk",
        &[
            ("a/Overview.md", "# API overview\n\nText.\n"),
            (
                "b/c/DescribeThing.md",
                "# DescribeThing\n\nDoes it.\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|RegionId|String|Yes|cn-hangzhou|The region. |\n",
            ),
        ],
    );
    let (out, stdout) = run(bin().arg("parse").arg(&dir));
    assert!(out.status.success());
    let pages: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["kind"], "other");
    assert!(pages[0]["skip_reason"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert_eq!(pages[1]["kind"], "action");
    assert_eq!(pages[1]["params"][0]["required"], true);
}

#[test]
fn check_exits_zero_on_a_clean_page_and_one_on_an_action_page_with_an_error() {
    let (out, stdout) = run(bin().arg("check").arg(seed()));
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("CreateAutoSnapshotPolicy"));

    // An error table without an error-code column is a located error.
    let dir = folder(
        "cli-check",
        &[(
            "Broken.md",
            "# DescribeBroken\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|RegionId|String|Yes|cn-hangzhou|The region. |\n\n## Error codes\n\n|Status|Note|\n|---|---|\n|400|bad|\n",
        )],
    );
    let (out, stdout) = run(bin().arg("check").arg(&dir));
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Broken.md:11"), "{stdout}");
}

#[test]
fn check_json_gives_the_totals() {
    let (out, stdout) = run(bin().args(["check", "--json"]).arg(seed()));
    assert!(out.status.success());
    let t: serde_json::Value = serde_json::from_str(&stdout).expect("JSON totals");
    assert_eq!(t["pages"], 1);
    assert_eq!(t["kinds"]["action"], 1);
    assert_eq!(t["params"], 5);
    assert_eq!(t["errors"], 8);
    assert_eq!(t["constraints"]["max_items"], 2);
}

#[test]
fn a_missing_path_is_a_located_error_with_status_two() {
    let (out, _) = run(bin().arg("parse").arg("no/such/page.md"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/page.md"), "{stderr}");
}
