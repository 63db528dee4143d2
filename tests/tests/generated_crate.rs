//! A crate written by `generate --crate` (through `ecs_codegen::crate_dir`, what the CLI
//! calls) builds with zero warnings and is used as a team would: a crate depending on it by
//! path, with its `Client`. On the project's own pages (a fresh clone) it also calls the
//! emulator through the generated client; on every action page of `ecs/en-US` (the corpus) it
//! builds, and a change to the crate is found by the same comparison `--check` uses.

use ecs_codegen::crate_dir;
use ecs_codegen::emit::krate::{CrateOptions, Runtime};
use std::path::{Component, Path, PathBuf};

/// `to` relative to `from` (both absolute), with `/`.
fn relative(from: &Path, to: &Path) -> String {
    let f: Vec<Component> = from.components().collect();
    let t: Vec<Component> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Writes the crate `name` for `specs` under `target/generated-crates/`, depending on this
/// workspace's `ecs-client` by a relative path.
fn generate(name: &str, specs: &[PathBuf]) -> (PathBuf, usize) {
    let dir = ecs_tests::target_dir().join("generated-crates").join(name);
    std::fs::create_dir_all(&dir).expect("crate folder");
    let dir = dir.canonicalize().expect("crate folder");
    let client = ecs_tests::workspace()
        .join("generated-client")
        .canonicalize()
        .expect("generated-client");
    let opts = CrateOptions {
        name: name.to_string(),
        runtime: Runtime::Path(relative(&dir, &client)),
    };
    let (files, pages) = crate_dir::render(specs, &opts)
        .expect("pages readable")
        .unwrap_or_else(|p| panic!("pages blocked: {p:?}"));
    crate_dir::write(&dir, &files).expect("crate written");
    assert!(
        crate_dir::compare(&dir, &files).is_empty(),
        "a crate just written is stale"
    );
    (dir, pages)
}

fn dependency(name: &str, dir: &Path) -> String {
    format!("{name} = {{ path = {:?} }}", dir.display().to_string())
}

#[test]
fn a_crate_of_the_projects_pages_builds_and_calls_the_emulator() {
    // The seed page and the committed fixture pages, in one folder of their own (so the
    // emulator serves exactly the crate's pages).
    let pages = ecs_tests::target_dir().join("generated-crates/team-widgets-pages");
    let _ = std::fs::remove_dir_all(&pages);
    std::fs::create_dir_all(&pages).unwrap();
    let ws = ecs_tests::workspace();
    std::fs::copy(
        ws.join("specs/CreateAutoSnapshotPolicy.md"),
        pages.join("CreateAutoSnapshotPolicy.md"),
    )
    .unwrap();
    for p in ["DescribeWidgets", "ListWidgets", "RunWidgets"] {
        std::fs::copy(
            ws.join(format!("tests/pages/{p}.md")),
            pages.join(format!("{p}.md")),
        )
        .unwrap();
    }
    let (dir, n) = generate("team-widgets", std::slice::from_ref(&pages));
    assert_eq!(n, 4);
    let lib = format!(
        r#"//! Uses the generated crate as a team would.
#![deny(warnings)]

#[cfg(test)]
mod tests {{
    use team_widgets::actions::{{CreateAutoSnapshotPolicyError, RunWidgets}};
    use team_widgets::{{Client, Config, SdkError}};

    #[test]
    fn the_generated_client_calls_the_emulator() {{
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {{
            let emu = ecs_emulator::Emulator::builder()
                .specs_dir({pages:?})
                .access_key("id", "secret")
                .start()
                .await
                .unwrap();
            let config = Config::builder()
                .endpoint(emu.endpoint())
                .credentials(team_widgets::ecs_client::Credentials::new("id", "secret"))
                .build()
                .unwrap();
            let client = Client::new(config);
            // One method per action of the crate, with the crate's own types.
            let created = client
                .run_widgets()
                .region_id("cn-hangzhou")
                .amount(2)
                .send()
                .await
                .unwrap();
            assert!(!created.request_id.is_empty());
            let listed = client.describe_widgets().region_id("cn-hangzhou").send().await.unwrap();
            println!("described widgets: request {{}}", listed.request_id);
            // The seed action's method is the crate's, not the runtime's: its error is the
            // crate's enum.
            let err = client
                .create_auto_snapshot_policy()
                .region_id("cn-hangzhou")
                .time_points([0])
                .repeat_weekdays([1])
                .retention_days(0)
                .send()
                .await
                .unwrap_err();
            match err {{
                SdkError::Construction(v) => println!("rejected before sending: {{v}}"),
                SdkError::Service(CreateAutoSnapshotPolicyError::Unknown(m)) => panic!("{{m:?}}"),
                other => panic!("{{other}}"),
            }}
            // The runtime's client is one deref away: `send` takes a built request.
            let req = RunWidgets::builder().region_id("cn-hangzhou").build().unwrap();
            client.send(req).await.unwrap();
            let runtime: team_widgets::ecs_client::Client = client.clone().into();
            let _again = Client::from(runtime);
            emu.shutdown().await;
        }});
    }}
}}
"#
    );
    let deps = [
        dependency("team-widgets", &dir),
        ecs_tests::path_dependency("ecs-emulator", "emulator"),
        // Unused here: it gives the crate's `ecs-client` the features the workspace's tests
        // build it with, so this build reuses that one.
        ecs_tests::client_dependency(),
        "tokio = { version = \"1\", features = [\"rt-multi-thread\"] }".to_string(),
    ]
    .join("\n");
    let run = ecs_tests::build_and_test("generated-crate-widgets", &deps, &lib, &[]);
    println!("{}", run.stdout);
    println!(
        "crate of the project's pages built and tested in {:.1}s, {} warnings",
        run.elapsed.as_secs_f64(),
        run.warnings
    );
    assert!(run.success, "{}", ecs_tests::tail(&run.stderr, 120));
    assert!(
        run.stdout.contains("1 passed"),
        "{}",
        ecs_tests::tail(&run.stdout, 40)
    );
    assert_eq!(run.warnings, 0, "{}", ecs_tests::tail(&run.stderr, 120));
}

#[test]
fn a_crate_of_every_ecs_action_builds_without_warnings_and_check_sees_a_change() {
    let Some(corpus) = ecs_codegen::corpus(
        "a_crate_of_every_ecs_action_builds_without_warnings_and_check_sees_a_change",
    ) else {
        return;
    };
    let specs = corpus.join("ecs/en-US");
    let (dir, pages) = generate("ecs-en-us", std::slice::from_ref(&specs));
    let actions = std::fs::read_dir(dir.join("src/actions"))
        .unwrap()
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_name() != "mod.rs"))
        .count();
    println!("ecs/en-US: {pages} action pages, {actions} action files");
    assert!(actions >= 220, "{actions} action files");
    // The bytes do not depend on where the pages are: no machine path in the crate.
    let root = corpus.to_string_lossy().into_owned();
    for e in std::fs::read_dir(dir.join("src/actions")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(!text.contains(&root), "{} names {root}", p.display());
    }

    let lib = r#"//! Uses the generated crate of every ECS action.
#![deny(warnings)]

#[cfg(test)]
mod tests {
    #[test]
    fn every_action_has_a_client_method() {
        let config = ecs_en_us::Config::builder()
            .region("cn-hangzhou")
            .credentials(ecs_en_us::ecs_client::Credentials::new("id", "secret"))
            .build()
            .unwrap();
        let client = ecs_en_us::Client::new(config);
        let _ = client.describe_regions().build().unwrap();
        let _ = client.describe_instances().region_id("cn-hangzhou").build().unwrap();
        let _ = client.run_instances();
        // The waiters are traits of the runtime's client, one deref away: the prelude
        // brings them into scope.
        use ecs_en_us::prelude::*;
        let _ = client.wait_until_instance_running().region_id("cn-hangzhou");
    }
}
"#;
    // The client dependency only gives `ecs-client` the workspace tests' features (reuse).
    let deps = [
        dependency("ecs-en-us", &dir),
        ecs_tests::client_dependency(),
    ]
    .join("\n");
    let run = ecs_tests::build_and_test("generated-crate-ecs", &deps, lib, &[]);
    println!("{}", run.stdout);
    println!(
        "crate of every ecs/en-US action built and tested in {:.1}s, {} warnings",
        run.elapsed.as_secs_f64(),
        run.warnings
    );
    assert!(run.success, "{}", ecs_tests::tail(&run.stderr, 120));
    assert_eq!(run.warnings, 0, "{}", ecs_tests::tail(&run.stderr, 120));

    // `--check`'s comparison: an edited file, a missing file and a stale one are all found.
    let opts_files = |dir: &Path| {
        let client = ecs_tests::workspace()
            .join("generated-client")
            .canonicalize()
            .unwrap();
        crate_dir::render(
            std::slice::from_ref(&specs),
            &CrateOptions {
                name: "ecs-en-us".into(),
                runtime: Runtime::Path(relative(dir, &client)),
            },
        )
        .unwrap()
        .unwrap()
        .0
    };
    let files = opts_files(&dir);
    let copy = ecs_tests::target_dir().join("generated-crates/ecs-en-us-edited");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).unwrap();
    let copy = copy.canonicalize().unwrap();
    crate_dir::write(&copy, &files).unwrap();
    let regions = copy.join("src/actions/describe_regions.rs");
    let text = std::fs::read_to_string(&regions).unwrap();
    std::fs::write(&regions, text.replacen("pub ", "pub(crate) ", 1)).unwrap();
    std::fs::remove_file(copy.join("src/actions/run_instances.rs")).unwrap();
    std::fs::write(copy.join("src/actions/retired_action.rs"), "// old\n").unwrap();
    let delta = crate_dir::compare(&copy, &files);
    let changed: Vec<String> = delta
        .changed
        .iter()
        .map(|(p, _, _)| p.strip_prefix(&copy).unwrap().display().to_string())
        .collect();
    assert_eq!(
        changed,
        [
            "src/actions/describe_regions.rs",
            "src/actions/run_instances.rs"
        ]
    );
    assert_eq!(delta.stale, [copy.join("src/actions/retired_action.rs")]);
}
