//! The round trip on the project's own pages, which needs no corpus: a client generated from
//! every top-level page of `tests/pages/` (through `#[ecs_action]`) and an emulator serving the
//! same pages. Every documented JSON success example decodes into its generated response type;
//! every documented request example is rebuilt with `from_params`, validated, sent signed over
//! loopback (V1 and V3) and comes back as the typed response; a request that breaks a page's
//! rule is refused by the client's validation and by the emulator alike, with the bound the
//! page states. (`corpus_roundtrip` and `corpus_build` do this for the corpus.)

use ecs_client::{Action, Client, Config, Credentials, RetryPolicy, SdkError, SignatureVersion};
use ecs_emulator::Emulator;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

#[ecs_client::ecs_action(spec = "pages/DescribeGadgets.md")]
pub struct DescribeGadgets;

#[ecs_client::ecs_action(spec = "pages/CreateWidgetKeys.md")]
pub struct CreateWidgetKeys;

#[ecs_client::ecs_action(spec = "pages/CreateWidgetPolicy.md")]
pub struct CreateWidgetPolicy;

#[ecs_client::ecs_action(spec = "pages/DescribeWidgetZones.md")]
pub struct DescribeWidgetZones;

#[ecs_client::ecs_action(spec = "pages/DescribeWidgets.md")]
pub struct DescribeWidgets;

#[ecs_client::ecs_action(spec = "pages/ListWidgets.md")]
pub struct ListWidgets;

#[ecs_client::ecs_action(spec = "pages/RunWidgets.md")]
pub struct RunWidgets;

const ID: &str = "fixture-roundtrip-id";
const SECRET: &str = "fixture-roundtrip-secret";

type Run = for<'a> fn(
    &'a Client,
    &'a [(String, String)],
) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Rebuilds a request example as `A`, validates it and sends it: `Ok` for a typed response.
fn run<'a, A: Action + ecs_client::params::FromParam>(
    client: &'a Client,
    params: &'a [(String, String)],
) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
    Box::pin(async move {
        let request = ecs_client::params::from_params::<A>(A::ACTION, params)
            .map_err(|e| format!("does not fit the request type: {e}"))?;
        ecs_client::validate::validate(&request)
            .map_err(|e| format!("breaks its page's rules: {e}"))?;
        client
            .send(request)
            .await
            .map(|_typed| ())
            .map_err(|e| format!("not answered with the typed response: {e}"))
    })
}

/// Decodes a JSON success example into `A::Response`.
fn decode<A: Action>(json: &serde_json::Value) -> Result<(), String> {
    serde_json::from_value::<A::Response>(json.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Each page's generated action: its file, how to send it, how to decode its response. Every
/// top-level page of `tests/pages/` has one (the tests say which is missing).
type Decode = fn(&serde_json::Value) -> Result<(), String>;
const ACTIONS: &[(&str, Run, Decode)] = &[
    (
        "DescribeGadgets.md",
        run::<DescribeGadgets>,
        decode::<DescribeGadgets>,
    ),
    (
        "CreateWidgetKeys.md",
        run::<CreateWidgetKeys>,
        decode::<CreateWidgetKeys>,
    ),
    (
        "CreateWidgetPolicy.md",
        run::<CreateWidgetPolicy>,
        decode::<CreateWidgetPolicy>,
    ),
    (
        "DescribeWidgetZones.md",
        run::<DescribeWidgetZones>,
        decode::<DescribeWidgetZones>,
    ),
    (
        "DescribeWidgets.md",
        run::<DescribeWidgets>,
        decode::<DescribeWidgets>,
    ),
    ("ListWidgets.md", run::<ListWidgets>, decode::<ListWidgets>),
    ("RunWidgets.md", run::<RunWidgets>, decode::<RunWidgets>),
];

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pages")
}

/// The top-level fixture pages (their history left out), each with its entry in `ACTIONS`.
fn pages() -> Vec<(ecs_codegen::ir::Page, Run, Decode)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("tests/pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let (_, run, decode) = ACTIONS
                .iter()
                .find(|(file, _, _)| *file == name)
                .unwrap_or_else(|| {
                    panic!(
                        "tests/pages/{name} is not round-tripped: give it an #[ecs_action] and an \
                         entry in ACTIONS in tests/tests/fixture_roundtrip.rs"
                    )
                });
            let page = ecs_codegen::parse_file(f).expect("a fixture page");
            (page, *run, *decode)
        })
        .collect()
}

async fn emulator(pages: Vec<ecs_codegen::ir::Page>) -> Emulator {
    Emulator::builder()
        .pages(pages)
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("emulator starts")
}

fn client(emu: &Emulator, sig: SignatureVersion) -> Client {
    Client::new(
        Config::builder()
            .endpoint(emu.endpoint())
            .credentials(Credentials::new(ID, SECRET))
            .signature_version(sig)
            .retry(RetryPolicy::disabled())
            .build()
            .expect("config"),
    )
}

#[test]
fn every_fixture_json_example_decodes_into_its_response_type() {
    let mut decoded = 0;
    for (page, _, decode) in pages() {
        assert!(
            !page.examples.json.is_empty(),
            "{}: no JSON example",
            page.file
        );
        for ex in &page.examples.json {
            decode(&ex.value).unwrap_or_else(|e| panic!("{}:{}: {e}", page.file, ex.line));
            decoded += 1;
        }
    }
    assert!(decoded >= ACTIONS.len(), "{decoded}");
}

#[tokio::test]
async fn every_fixture_request_example_round_trips_through_the_emulator() {
    let pages = pages();
    assert_eq!(pages.len(), ACTIONS.len(), "every fixture page is tested");
    let emu = emulator(pages.iter().map(|(p, _, _)| p.clone()).collect()).await;
    let mut sent = 0;
    for sig in [SignatureVersion::V1, SignatureVersion::V3] {
        let client = client(&emu, sig);
        for (page, run, _) in &pages {
            assert!(
                !page.examples.requests.is_empty(),
                "{}: no request example",
                page.file
            );
            for ex in &page.examples.requests {
                let params: Vec<(String, String)> = ex
                    .params
                    .iter()
                    .filter(|(k, _)| !ecs_tests::COMMON_PARAMS.contains(&k.as_str()))
                    .cloned()
                    .collect();
                run(&client, &params)
                    .await
                    .unwrap_or_else(|e| panic!("{}:{} ({sig:?}): {e}", page.file, ex.line));
                sent += 1;
            }
        }
    }
    assert_eq!(emu.total_executions(), sent);
    emu.shutdown().await;
}

/// `Priority` is documented with `Maximum value: 100` and nothing else: 101 is refused by the
/// client before sending and, sent unchecked, by the emulator; both say `at most 100`.
#[tokio::test]
async fn a_value_past_the_pages_maximum_is_refused_by_both_sides_with_the_stated_bound() {
    let valid = || {
        CreateWidgetPolicy::builder()
            .region_id("cn-hangzhou")
            .time_points([0, 12])
            .retention_days(30)
    };
    let err = valid().priority(101).build().expect_err("101 > 100");
    let text = err.to_string();
    assert!(
        text.contains("Priority = 101: must be at most 100"),
        "{text}"
    );
    assert!(!text.contains("9223372036854775808"), "{text}");

    let pages = pages().into_iter().map(|(p, _, _)| p).collect();
    let emu = emulator(pages).await;
    let client = client(&emu, SignatureVersion::V3);
    let unchecked = valid()
        .priority(101)
        .build_unchecked()
        .expect("the required parameters are given");
    match client.send(unchecked).await {
        Err(SdkError::Service(e)) => {
            let meta = ecs_client::ActionError::meta(&e);
            assert_eq!(
                (meta.http_status, meta.code.as_str()),
                (400, "InvalidParameter")
            );
            assert!(
                meta.message.contains("101 must be at most 100"),
                "{}",
                meta.message
            );
            assert!(
                !meta.message.contains("9223372036854775808"),
                "{}",
                meta.message
            );
        }
        other => panic!("expected the emulator's refusal, got {other:?}"),
    }
    let ok = valid().priority(100).build().expect("100 is allowed");
    client.send(ok).await.expect("100 is accepted");
    emu.shutdown().await;
}
