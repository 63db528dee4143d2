//! Parse throughput over the real corpus (`../shared/corpus` or `$ECS_CORPUS`), one core.
//! `cargo bench -p ecs-codegen --bench parse` reports MB/s per folder.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

// The same allocator as the `ecs-codegen` binary, so the figures match what the tool does.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load(sub: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    ecs_codegen::read::collect_md(&ecs_codegen::corpus_dir().join(sub), &mut files)
        .expect("corpus folder");
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("page");
            (f.to_string_lossy().into_owned(), text)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for sub in ["ecs", "history"] {
        let pages = load(sub);
        let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        // One resolver for the run, as `parse_dir` does: data-type pages are read once.
        let mut resolver = ecs_codegen::read::Resolver::default();
        group.bench_function(sub, |b| {
            b.iter(|| {
                for (path, text) in &pages {
                    std::hint::black_box(ecs_codegen::read::parse_page_with(
                        path,
                        text,
                        &mut resolver,
                    ));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
