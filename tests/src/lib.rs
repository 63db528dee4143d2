//! Cross-crate tests live in `tests/tests/`; this library holds what their scratch-crate
//! builds share: where the workspace and its target folder are, the module names
//! `emit_pages` gives, and building and testing a generated crate under `target/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The shared target folder (`$CARGO_TARGET_DIR`, else `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// RPC common parameters some examples spell out; they are not the action's own.
pub use ecs_client::transport::COMMON_PARAMS;

/// The module and type name `emit_pages` gives each page, in page order (no page's module is
/// the shared `types`).
pub fn module_names(pages: &[ecs_codegen::ir::Page]) -> Vec<(String, String)> {
    let mut scope = ecs_codegen::names::Scope::default();
    scope.unique(ecs_codegen::emit::types::MODULE.to_string());
    pages
        .iter()
        .map(|p| {
            let name = ecs_codegen::emit::TypeScope::default()
                .unique(p.action.as_deref().unwrap_or_default());
            let module = scope.unique(ecs_codegen::names::snake(&name));
            (module, name)
        })
        .collect()
}

/// The last `lines` lines of `s`.
pub fn tail(s: &str, lines: usize) -> String {
    let all: Vec<&str> = s.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// What building and testing a scratch crate gave.
pub struct ScratchRun {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// `warning:` lines of the build.
    pub warnings: usize,
}

/// Writes a crate `name` under `target/` with these `[dependencies]` lines and `lib.rs`, and
/// runs its lib tests (`--nocapture`) in the shared target folder, with the workspace's
/// `Cargo.lock` (no registry look-up) and the corpus-build profile (no debug info), so the
/// dependencies' artifacts are shared with the other scratch builds.
pub fn build_and_test(
    name: &str,
    dependencies: &str,
    lib: &str,
    env: &[(&str, &str)],
) -> ScratchRun {
    let scratch = target_dir().join(name);
    std::fs::create_dir_all(scratch.join("src")).expect("scratch dir");
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"ecs-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{dependencies}\n\n[workspace]\n\n[profile.dev]\ndebug = false\n"
        ),
    )
    .expect("manifest");
    let _ = std::fs::copy(workspace().join("Cargo.lock"), scratch.join("Cargo.lock"));
    std::fs::write(scratch.join("src/lib.rs"), lib).expect("lib.rs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let mut cmd = Command::new(&cargo);
    cmd.args(["test", "--offline", "--lib", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .args(["--", "--nocapture"])
        .env("CARGO_TARGET_DIR", target_dir())
        // A fresh build every time: incremental state would only cost time and memory.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    ScratchRun {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        warnings: stderr.matches("warning:").count(),
        stderr,
        elapsed: started.elapsed(),
    }
}

/// The `ecs-client` dependency line of a scratch crate: by path, with the features the
/// workspace's tests build it with (so the scratch build reuses that build of it).
pub fn client_dependency() -> String {
    format!(
        "ecs-client = {{ path = {:?}, features = [\"from-params\"] }}",
        workspace().join("generated-client").display().to_string()
    )
}

/// A dependency line for a workspace crate by path.
pub fn path_dependency(krate: &str, folder: &str) -> String {
    format!(
        "{krate} = {{ path = {:?} }}",
        workspace().join(folder).display().to_string()
    )
}
