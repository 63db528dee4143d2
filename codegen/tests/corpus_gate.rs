//! `ecs_codegen::corpus`, the gate of every corpus test: the corpus path when it is there; one
//! `skipped:` line and `None` when it is not; a failure under `ECS_REQUIRE_CORPUS=1`. Checked by
//! running this test binary again with the environment set, so no test here changes its own.

use std::process::Command;

/// Run by the tests below in a child process: asks the gate once and prints the answer.
#[test]
#[ignore = "a probe the other tests of this file run in a child process"]
fn probe() {
    match ecs_codegen::corpus("corpus_gate::probe") {
        Some(p) => println!("answer: {}", p.display()),
        None => println!("answer: none"),
    }
}

/// Runs `probe` in a child with `ECS_CORPUS=corpus` and `ECS_REQUIRE_CORPUS=require`:
/// (passed, stdout, stderr).
fn run_probe(corpus: &std::path::Path, require: Option<&str>) -> (bool, String, String) {
    let mut cmd = Command::new(std::env::current_exe().expect("this test binary"));
    cmd.args([
        "--exact",
        "probe",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("ECS_CORPUS", corpus)
    .env_remove("ECS_REQUIRE_CORPUS");
    if let Some(r) = require {
        cmd.env("ECS_REQUIRE_CORPUS", r);
    }
    let out = cmd.output().expect("the probe runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_corpus_is_skipped_with_one_line_unless_required() {
    let missing = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-corpus-here");
    let _ = std::fs::remove_dir_all(&missing);
    let line = format!(
        "skipped: corpus_gate::probe needs the corpus at {} (set ECS_CORPUS)",
        missing.display()
    );

    for require in [None, Some("0"), Some("")] {
        let (ok, out, err) = run_probe(&missing, require);
        assert!(ok, "{require:?}: {out}{err}");
        assert!(out.contains("answer: none"), "{require:?}: {out}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("skipped: ")).count(),
            1,
            "{require:?}: {err}"
        );
        assert!(err.lines().any(|l| l == line), "{require:?}: {err}");
    }

    let (ok, out, err) = run_probe(&missing, Some("1"));
    assert!(
        !ok,
        "a missing corpus fails under ECS_REQUIRE_CORPUS=1: {out}{err}"
    );
    assert!(!out.contains("answer:"), "{out}");
    let all = format!("{out}{err}");
    assert!(all.contains("ECS_REQUIRE_CORPUS is set"), "{all}");
    assert!(!all.contains("skipped: "), "{all}");
}

#[test]
fn a_present_corpus_is_answered_without_a_word() {
    let here = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("a-corpus");
    std::fs::create_dir_all(&here).expect("mkdir");
    for require in [None, Some("1")] {
        let (ok, out, err) = run_probe(&here, require);
        assert!(ok, "{out}{err}");
        assert!(
            out.contains(&format!("answer: {}", here.display())),
            "{out}"
        );
        assert!(!err.contains("skipped: "), "{err}");
    }
}
