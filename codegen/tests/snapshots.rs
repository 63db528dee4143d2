//! Snapshots of the generated code (prettyplease-formatted) for the seed page, the project's
//! fixture pages (`tests/pages/`, and `tests/pages/value_sets/` emitted together for the shared
//! `types`) and the hardest corpus pages. Corpus location: `ECS_CORPUS`,
//! else `../shared/corpus` next to the workspace; without it the corpus snapshots are skipped.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn render(path: &Path, shown: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let page = ecs_codegen::parse_page(shown, &text);
    match ecs_codegen::emit::render_file(&[page]) {
        Ok(code) => code,
        Err(diags) => {
            let lines: Vec<String> = diags
                .iter()
                .map(|(f, d)| format!("{f}:{}: {} ({})", d.line, d.message, d.kind))
                .collect();
            format!("// blocked by diagnostics\n{}", lines.join("\n"))
        }
    }
}

#[test]
fn seed() {
    let code = render(
        &workspace().join("specs/CreateAutoSnapshotPolicy.md"),
        "specs/CreateAutoSnapshotPolicy.md",
    );
    insta::assert_snapshot!("seed_CreateAutoSnapshotPolicy", code);
}

/// The project's page `tests/pages/{action}.md`.
fn fixture_page(action: &str) {
    let shown = format!("tests/pages/{action}.md");
    let code = render(&workspace().join(&shown), &shown);
    insta::assert_snapshot!(format!("fixture_{action}"), code);
}

#[test]
fn fixture_create_widget_policy() {
    fixture_page("CreateWidgetPolicy");
}

#[test]
fn fixture_describe_widget_zones() {
    fixture_page("DescribeWidgetZones");
}

#[test]
fn fixture_describe_widgets() {
    fixture_page("DescribeWidgets");
}

/// Two pages emitted together (`tests/pages/value_sets/`): the types they define alike (a request
/// value set, the response's `Volume` and its value sets) in one `types` module, re-exported
/// by both action modules.
#[test]
fn fixture_shared_types() {
    let pages: Vec<_> = ["DescribeVolumes", "ListVolumes"]
        .iter()
        .map(|action| {
            let shown = format!("tests/pages/value_sets/{action}.md");
            let text = std::fs::read_to_string(workspace().join(&shown)).expect("fixture page");
            ecs_codegen::parse_page(&shown, &text)
        })
        .collect();
    let code = ecs_codegen::emit::render_file(&pages).expect("the fixture pages emit");
    insta::assert_snapshot!("fixture_shared_types", code);
}

fn corpus_page(action: &str) {
    let Some(corpus) = ecs_codegen::corpus(&format!("snapshots::en_{action}")) else {
        return;
    };
    let path = corpus.join(format!("ecs/en-US/{action}.md"));
    assert!(path.exists(), "corpus page {} not found", path.display());
    let code = render(&path, &format!("ecs/en-US/{action}.md"));
    insta::assert_snapshot!(format!("en_{action}"), code);
}

#[test]
fn describe_instances() {
    corpus_page("DescribeInstances");
}

#[test]
fn run_instances() {
    corpus_page("RunInstances");
}

#[test]
fn create_launch_template() {
    corpus_page("CreateLaunchTemplate");
}

#[test]
fn authorize_security_group() {
    corpus_page("AuthorizeSecurityGroup");
}
