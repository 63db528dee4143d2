//! ecs-codegen: reads Alibaba Cloud ECS API reference pages (Markdown) into an intermediate
//! model ([`ir::Page`]) and emits typed Rust from that model.
//!
//! Data flow: `page` (Markdown -> blocks, line map) -> `table` (cells) -> `read` (IR, with
//! diagnostics; doc mistakes in `errata`) -> `ir` -> `emit` (tokens).

pub mod check;
pub mod diff;
pub mod emit;
pub mod errata;
pub mod ir;
pub mod names;
pub mod page;
pub mod read;
pub mod rules;
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
