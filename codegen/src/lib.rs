//! ecs-codegen: reads Alibaba Cloud ECS API reference pages (Markdown) into an intermediate
//! model ([`ir::Page`]) and emits typed Rust from that model.
//!
//! Data flow: `page` (Markdown -> blocks, line map) -> `table` (cells) -> `read` (IR, with
//! diagnostics; doc mistakes in `errata`) -> `ir` -> `emit` (tokens).

pub mod check;
pub mod crate_dir;
pub mod diff;
pub mod emit;
pub mod errata;
pub mod error_codes;
/// `ecs-codegen fetch` (git command line, SHA-1): only with the CLI.
#[cfg(feature = "cli")]
pub mod fetch;
pub mod ir;
pub mod lifecycle;
pub mod names;
pub mod page;
pub mod read;
pub mod rules;
pub mod secret;
pub mod table;

pub use diff::{diff_pages, pair_pages};
pub use read::{parse_dir, parse_file, parse_page};

/// Where this workspace's tests and benches find the reference-page corpus: `$ECS_CORPUS`,
/// else `shared/corpus` beside the workspace checkout.
pub fn corpus_dir() -> std::path::PathBuf {
    match std::env::var_os("ECS_CORPUS") {
        Some(p) => std::path::PathBuf::from(p),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    }
}

/// The corpus for the test named `test`, the one gate every corpus test of the workspace goes
/// through: `Some(corpus_dir())` when that folder is there. When it is not, the test is
/// skipped: one line `skipped: <test> needs the corpus at <path> (set ECS_CORPUS)` goes to
/// the process's stderr (past the test harness's capture, so `cargo test` shows it) and the
/// answer is `None`; under `ECS_REQUIRE_CORPUS=1` (CI) a missing corpus panics instead.
pub fn corpus(test: &str) -> Option<std::path::PathBuf> {
    let dir = corpus_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    let need = format!(
        "{test} needs the corpus at {} (set ECS_CORPUS)",
        dir.display()
    );
    if std::env::var_os("ECS_REQUIRE_CORPUS").is_some_and(|v| !v.is_empty() && v != "0") {
        panic!("{need}: ECS_REQUIRE_CORPUS is set, so a missing corpus is a failure");
    }
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "skipped: {need}");
    None
}
