//! The whole current English corpus: every action page loads and every action answers.

mod common;
use common::*;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_english_corpus_is_served_and_every_action_answers() {
    let dir = ecs_codegen::corpus_dir().join("ecs/en-US");
    let pages = ecs_codegen::parse_dir(&dir).expect("the corpus reads");
    let actions: BTreeSet<&str> = pages
        .iter()
        .filter(|p| p.kind == ecs_codegen::ir::PageKind::Action)
        .filter_map(|p| p.action.as_deref())
        .collect();
    let emu = ecs_emulator::Emulator::builder()
        .pages(pages.clone())
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("starts");
    let summary = emu.summary().clone();
    eprintln!(
        "ecs/en-US: {} pages, {} actions served ({} duplicate pages), {} without a JSON example: {:?}",
        summary.pages,
        summary.actions,
        summary.duplicates.len(),
        summary.without_json_example.len(),
        summary.without_json_example
    );
    assert_eq!(summary.actions, actions.len());
    assert!(summary.actions > 200, "{}", summary.actions);
    assert_eq!(emu.actions(), actions.iter().copied().collect::<Vec<_>>());
    // Each action called without its own parameters: a success (nothing required) or a
    // refusal naming what is missing; never a server error.
    let mut ok = 0;
    for action in &actions {
        let mut req = V3::new(Vec::new());
        req.action = action.to_string();
        let (status, v) = json(req.send(&emu).await).await;
        match status {
            200 => {
                assert!(v["RequestId"].is_string(), "{action}: {v}");
                ok += 1;
            }
            400..=499 => {
                // MissingParameter, or the page's own Missing… row.
                let code = v["Code"].as_str().unwrap_or_default();
                assert!(code.starts_with("Missing"), "{action}: {v}");
            }
            _ => panic!("{action}: {status} {v}"),
        }
    }
    eprintln!(
        "{ok} of {} actions succeed without parameters",
        actions.len()
    );
    assert_eq!(emu.total_executions(), ok);
    emu.shutdown().await;
}

/// The pages' own request examples, sent signed: most are answered with success; the rest
/// are the documentation inconsistencies the client's corpus test lists too (placeholders
/// like `…`, misspelt names, values outside a documented range).
#[tokio::test]
async fn the_pages_request_examples_mostly_succeed() {
    let dir = ecs_codegen::corpus_dir().join("ecs/en-US");
    let pages = ecs_codegen::parse_dir(&dir).expect("the corpus reads");
    let emu = ecs_emulator::Emulator::builder()
        .pages(pages.clone())
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("starts");
    let common = ecs_client::transport::COMMON_PARAMS;
    let (mut sent, mut ok) = (0, 0);
    let mut refused: std::collections::BTreeMap<String, usize> = Default::default();
    for page in &pages {
        let Some(action) = page.action.as_deref() else {
            continue;
        };
        if page.kind != ecs_codegen::ir::PageKind::Action {
            continue;
        }
        for example in &page.examples.requests {
            let query: Params = example
                .params
                .iter()
                .filter(|(k, _)| !common.contains(&k.as_str()))
                .map(|(k, v)| {
                    let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                    (k.clone(), v.into_owned())
                })
                .collect();
            let mut req = V3::new(query);
            req.action = action.to_string();
            let (status, v) = json(req.send(&emu).await).await;
            sent += 1;
            if status == 200 {
                ok += 1;
            } else {
                assert!(status < 500, "{}: {status} {v}", page.file);
                *refused
                    .entry(v["Code"].as_str().unwrap_or_default().to_string())
                    .or_default() += 1;
            }
        }
    }
    eprintln!("{ok} of {sent} request examples succeed; refused by code: {refused:?}");
    assert!(sent > 150, "{sent}");
    assert!(ok * 100 >= sent * 75, "{ok} of {sent}");
}
