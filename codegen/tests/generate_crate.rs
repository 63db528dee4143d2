//! `ecs-codegen generate --crate DIR` and `--crate DIR --check` as a team runs them: the same
//! bytes whatever folder the pages sit in or the order they are named in, no path of the
//! machine in the crate, a stale crate found with a diff, a crate it did not write left alone.
//! (Building the crate is `tests/tests/generated_crate.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn project(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("generate-crate")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The seed page and the three committed fixture pages, in `dir` (the fixtures in a
/// sub-folder, as a team may file them).
fn pages(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("widgets")).unwrap();
    std::fs::write(
        dir.join("CreateAutoSnapshotPolicy.md"),
        project("specs/CreateAutoSnapshotPolicy.md"),
    )
    .unwrap();
    for p in ["DescribeWidgets", "ListWidgets", "RunWidgets"] {
        std::fs::write(
            dir.join(format!("widgets/{p}.md")),
            project(&format!("tests/pages/{p}.md")),
        )
        .unwrap();
    }
    dir.to_path_buf()
}

fn generate(args: &[&Path], extra: &[&str]) -> (Output, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecs-codegen"))
        .arg("generate")
        .args(args)
        .args(extra)
        .output()
        .expect("run ecs-codegen");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// Every file below `dir`, (relative path, content), sorted.
fn tree(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn the_crate_is_the_same_bytes_from_anywhere_and_names_no_machine_path() {
    let root = scratch("same");
    let a = pages(&root.join("a/pages"));
    let b = pages(&root.join("elsewhere/b"));
    let crate_a = root.join("out-a/team-ecs");
    let crate_b = root.join("out-b/team-ecs");
    let (o, _, stderr) = generate(&[&a], &["--crate", crate_a.to_str().unwrap()]);
    assert!(o.status.success(), "{stderr}");
    // The other copy, named page by page in another order, with the folder of sub-pages.
    let (o, _, stderr) = generate(
        &[&b.join("widgets"), &b.join("CreateAutoSnapshotPolicy.md")],
        &["--crate", crate_b.to_str().unwrap()],
    );
    assert!(o.status.success(), "{stderr}");
    let (ta, tb) = (tree(&crate_a), tree(&crate_b));
    assert_eq!(
        ta.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [
            "Cargo.toml",
            "src/actions/create_auto_snapshot_policy.rs",
            "src/actions/describe_widgets.rs",
            "src/actions/list_widgets.rs",
            "src/actions/mod.rs",
            "src/actions/run_widgets.rs",
            "src/client.rs",
            "src/lib.rs"
        ]
    );
    // The folder sub-pages sit in shows in their Source lines (`widgets/RunWidgets.md` from
    // the folder `a`, `RunWidgets.md` from the folder `b/widgets`): all else is equal.
    for ((pa, ca), (_, cb)) in ta.iter().zip(&tb) {
        assert_eq!(ca.replace("widgets/", ""), *cb, "{pa}");
    }
    let root_text = root.to_string_lossy();
    for (p, text) in &ta {
        assert!(!text.contains(&*root_text), "{p} names a machine path");
        assert!(!text.contains("/work/") && !text.contains("/home/"), "{p}");
    }
    let run = &ta
        .iter()
        .find(|(p, _)| p == "src/actions/run_widgets.rs")
        .unwrap()
        .1;
    assert!(
        run.contains("Source: `widgets/RunWidgets.md` line"),
        "{run}"
    );
    let manifest = &ta[0].1;
    assert!(manifest.contains("name = \"team-ecs\""), "{manifest}");
    assert!(
        manifest.contains(&format!("ecs-client = \"={}\"", env!("CARGO_PKG_VERSION"))),
        "{manifest}"
    );
    // Generating again writes nothing new.
    let (o, _, stderr) = generate(&[&a], &["--crate", crate_a.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr.contains("(0 written, 0 removed)"), "{stderr}");
}

#[test]
fn check_finds_a_stale_crate_and_prints_the_diff() {
    let root = scratch("check");
    let specs = pages(&root.join("pages"));
    let krate = root.join("team-ecs");
    let k = krate.to_str().unwrap();
    let client = [
        "--crate",
        k,
        "--client-path",
        "../ecs-codegen/generated-client",
    ];
    let (o, _, stderr) = generate(&[&specs], &client);
    assert!(o.status.success(), "{stderr}");
    assert!(std::fs::read_to_string(krate.join("Cargo.toml"))
        .unwrap()
        .contains("ecs-client = { path = \"../ecs-codegen/generated-client\" }"));
    let check = [
        "--crate",
        k,
        "--client-path",
        "../ecs-codegen/generated-client",
        "--check",
    ];
    let (o, stdout, stderr) = generate(&[&specs], &check);
    assert!(
        o.status.success(),
        "fresh crate reported stale: {stdout}{stderr}"
    );
    assert!(stdout.is_empty());
    // Another runtime dependency is another crate.
    let (o, stdout, _) = generate(&[&specs], &["--crate", k, "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout.contains("+ecs-client = \"="), "{stdout}");

    // The page changes: RunWidgets' Amount narrows, ListWidgets goes.
    let run = specs.join("widgets/RunWidgets.md");
    let text = std::fs::read_to_string(&run).unwrap();
    std::fs::write(
        &run,
        text.replace("Valid values: 1 to 100.", "Valid values: 1 to 50."),
    )
    .unwrap();
    std::fs::remove_file(specs.join("widgets/ListWidgets.md")).unwrap();
    let (o, stdout, stderr) = generate(&[&specs], &check);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("src/actions/run_widgets.rs"), "{stdout}");
    assert!(
        stdout.contains("-    /// - Range: `1` to `100`."),
        "{stdout}"
    );
    assert!(
        stdout.contains("+    /// - Range: `1` to `50`."),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with('+') && l.contains("Check::Ranges(&[[1, 50]])")),
        "{stdout}"
    );
    assert!(
        stdout.contains("list_widgets.rs: no page generates it any more"),
        "{stdout}"
    );
    assert!(stderr.contains("does not match the pages"), "{stderr}");
    // Regenerating brings it back in line, removing the stale action file.
    let (o, _, stderr) = generate(&[&specs], &client);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("1 removed"), "{stderr}");
    assert!(!krate.join("src/actions/list_widgets.rs").exists());
    let (o, _, _) = generate(&[&specs], &check);
    assert!(o.status.success());
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let root = scratch("bad");
    let specs = pages(&root.join("pages"));
    // A crate ecs-codegen did not write is not overwritten.
    let mine = root.join("mine");
    std::fs::create_dir_all(mine.join("src")).unwrap();
    std::fs::write(mine.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let (o, _, stderr) = generate(&[&specs], &["--crate", mine.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("not written by ecs-codegen"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(mine.join("Cargo.toml")).unwrap(),
        "[package]\nname = \"mine\"\n"
    );
    // `--check FILE` belongs to the single-file form.
    let k = root.join("k");
    let (o, _, stderr) = generate(
        &[&specs],
        &["--crate", k.to_str().unwrap(), "--check", "x.rs"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("--check takes no FILE"), "{stderr}");
    // An absolute runtime path would tie the checked-in crate to one machine.
    let (o, _, stderr) = generate(
        &[&specs],
        &[
            "--crate",
            k.to_str().unwrap(),
            "--client-path",
            "/opt/ecs-client",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains("relative to the crate's folder"),
        "{stderr}"
    );
    // A folder name that is no crate name needs --name.
    let odd = root.join("9 lives");
    let (o, _, stderr) = generate(&[&specs], &["--crate", odd.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("crate name `9 lives`"), "{stderr}");
    assert!(
        !odd.exists() && !k.exists(),
        "nothing is written on bad input"
    );
    // A page named on the command line must be an action page.
    let overview = root.join("Overview.md");
    std::fs::write(&overview, "# Overview\n\nNo request here.\n").unwrap();
    let (o, _, stderr) = generate(&[&overview], &["--crate", k.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("not an action page"), "{stderr}");
}
