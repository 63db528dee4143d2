//! Damaged pages: whatever is cut, doubled or inserted, the reader answers with a model and
//! diagnostics, never a panic. Shown on the project's pages (the seed and every page of
//! `tests/pages/`), and on real pages from the corpus (`$ECS_CORPUS` or `../shared/corpus`)
//! when it is there: the hardest ECS pages, one page of each family the other products' pages
//! brought (`products/`), and every corpus page once.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The seed and the project's fixture pages.
static FIXTURES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![root.join("specs/CreateAutoSnapshotPolicy.md")];
    ecs_codegen::read::collect_md(&root.join("tests/pages"), &mut files).expect("tests/pages");
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())))
        .collect()
});

/// The hardest pages of FORMAT.md §13 and the products' families; `None` without the corpus
/// (the property's corpus half is skipped; it says so once, when first asked).
static PAGES: LazyLock<Option<Vec<String>>> = LazyLock::new(|| {
    let corpus = ecs_codegen::corpus("mutation::damaged_corpus_pages_give_diagnostics_not_panics")?;
    Some(corpus_pages(&corpus))
});

fn corpus_pages(corpus: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let c = corpus.join("ecs");
    for f in [
        "en-US/DescribeInstances.md",
        "en-US/DescribeDedicatedBlockStorageClusters.md",
        "zh-CN/AttachDisk.md",
        "zh-CN/RedeployInstance.md",
        "zh-CN-legacy/AllocateDedicatedHosts.md",
        "zh-CN-legacy/ModifyInstanceAutoRenewAttribute.md",
        "en-US/DescribeAutoSnapshotPolicyEx.md",
        "zh-CN-legacy/DescribeCommands.md",
        "zh-CN/DescribeAccountAttributes.md",
        "zh-CN/DescribeSnapshots.md",
        "zh-CN-legacy/DescribeInstances.md",
        "zh-CN-legacy/DescribeLaunchTemplateVersions.md",
    ] {
        files.push(c.join(f));
    }
    files.extend(PRODUCT_PAGES.iter().map(|f| product_dir(corpus).join(f)));
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect()
}

fn product_dir(corpus: &Path) -> PathBuf {
    corpus.join("products")
}

/// One page per family of the products' dialect.
const PRODUCT_PAGES: &[&str] = &[
    // Header and rows written one cell per line.
    "ros/en-US/ContinueCreateStack.md",
    "ros/zh-CN/CreateStack.md",
    // `N/A` wrapper rows; a literal dotted key (`CityName.en`).
    "cms/en-US/DescribeActiveMetricRuleList.md",
    "cms/zh-CN/DescribeSiteMonitorISPCityList.md",
    // Placements from errata, `Id` in several blocks.
    "cms/zh-CN/PutEventRuleTargets.md",
    // `//json response` inside the fence.
    "kms/en-US/CancelKeyDeletion.md",
    // `Parameters|Parameters|...`, numbered request examples, broken JSON.
    "cdn/en-US/AddCdnDomain.2.md",
    "cdn/en-US/DescribeRangeDataByLocateAndIspService.md",
    "cdn/en-US/DescribeRefreshQuota.md",
    // An empty name cell; worded names.
    "ram/en-US/ListPoliciesForRole.md",
    "cms/en-US/NodeInstall.md",
    // `数组` type.
    "nas/zh-CN/DescribeZones.md",
    // Titled by what it does, no separator line, markers indented by level.
    "cdn/zh-CN/page-3edecadd.md",
    // A type in a section of its own.
    "kms/zh-CN/CreateKey.md",
];

/// One way to damage a page, at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Damage {
    Cut { at: f64, len: usize },
    Double { at: f64, len: usize },
    Insert { at: f64, what: &'static str },
}

fn damage() -> impl Strategy<Value = Damage> {
    let snippets = prop::sample::select(vec![
        "|",
        "\n|",
        "```",
        "\n```\n",
        "\n",
        "\n\n |\n",
        "{",
        "}",
        "\\",
        "\u{a0}",
        "└",
        "# ",
        "\n## 请求参数\n",
        "|--|--|\n",
        "取值范围：",
        "Valid values: 1 to",
        "\"",
        "[",
        "~~",
        "\n\n|",
        "N/A",
        "//",
        "Array of ",
        "|Parameters|Parameters|",
        ".",
    ]);
    prop_oneof![
        (0.0..1.0f64, 1..200usize).prop_map(|(at, len)| Damage::Cut { at, len }),
        (0.0..1.0f64, 1..400usize).prop_map(|(at, len)| Damage::Double { at, len }),
        (0.0..1.0f64, snippets).prop_map(|(at, what)| Damage::Insert { at, what }),
    ]
}

fn boundary(s: &str, at: f64) -> usize {
    let mut i = ((s.len() as f64) * at) as usize;
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

fn apply(page: &str, d: &Damage) -> String {
    let mut s = page.to_string();
    match d {
        Damage::Cut { at, len } => {
            let a = boundary(&s, *at);
            let b = boundary(&s, (a + len) as f64 / s.len().max(1) as f64);
            s.replace_range(a..b.max(a), "");
        }
        Damage::Double { at, len } => {
            let a = boundary(&s, *at);
            let b = boundary(&s, (a + len) as f64 / s.len().max(1) as f64).max(a);
            let piece = s[a..b].to_string();
            s.insert_str(b, &piece);
        }
        Damage::Insert { at, what } => {
            let a = boundary(&s, *at);
            s.insert_str(a, what);
        }
    }
    s
}

fn damaged(pages: &[String], which: usize, damages: &[Damage]) -> Result<(), TestCaseError> {
    let original = &pages[which % pages.len()];
    let mut text = original.clone();
    for d in damages {
        text = apply(&text, d);
    }
    if let Err(e) = read_damaged(&text) {
        prop_assert!(false, "{}", e);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn damaged_fixture_pages_give_diagnostics_not_panics(
        which in 0usize..128,
        damages in prop::collection::vec(damage(), 1..6),
    ) {
        damaged(&FIXTURES, which, &damages)?;
    }

    #[test]
    fn damaged_corpus_pages_give_diagnostics_not_panics(
        which in 0usize..128,
        damages in prop::collection::vec(damage(), 1..6),
    ) {
        if let Some(pages) = PAGES.as_ref() {
            damaged(pages, which, &damages)?;
        }
    }
}

/// Reads a damaged page: every diagnostic lies on the page, and the model still serialises
/// (`parse` can always print it). A panic or a stack overflow fails the test by itself.
fn read_damaged(text: &str) -> Result<(), String> {
    let page = ecs_codegen::parse_page("damaged.md", text);
    let lines = text.lines().count() as u32 + 1;
    if let Some(d) = page
        .diagnostics
        .iter()
        .find(|d| d.line < 1 || d.line > lines)
    {
        return Err(format!("diagnostic outside the page: {d:?}"));
    }
    serde_json::to_string(&page).map_err(|e| format!("the model does not serialise: {e}"))?;
    Ok(())
}

/// Every page below `dir`, damaged once by a fixed-seed draw of the same damages: a failure
/// names its page and damages and reproduces on every run.
fn every_page_survives_a_damage(dir: &Path) -> usize {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let mut files = Vec::new();
    ecs_codegen::read::collect_md(dir, &mut files).expect("the pages");
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    let strategy = prop::collection::vec(damage(), 1..6);
    for f in &files {
        let damages = strategy.new_tree(&mut runner).expect("a draw").current();
        let mut text = std::fs::read_to_string(f).expect("a page");
        for d in &damages {
            text = apply(&text, d);
        }
        if let Err(e) = read_damaged(&text) {
            panic!("{} damaged by {damages:?}: {e}", f.display());
        }
    }
    files.len()
}

/// Every corpus page, damaged once: the families the pages above do not hold get their turn.
#[test]
fn every_corpus_page_survives_a_damage() {
    let Some(corpus) = ecs_codegen::corpus("mutation::every_corpus_page_survives_a_damage") else {
        return;
    };
    let n = every_page_survives_a_damage(&corpus);
    assert!(n >= 4000, "only {n} pages in the corpus");
}

#[test]
fn every_fixture_page_survives_a_damage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let n = every_page_survives_a_damage(&root.join("tests/pages"))
        + every_page_survives_a_damage(&root.join("specs"));
    assert!(n >= 9, "only {n} fixture pages");
}

#[test]
fn the_fixture_pages_for_the_mutation_test_are_there() {
    assert!(FIXTURES.len() >= 9, "only {} pages loaded", FIXTURES.len());
}

#[test]
fn the_corpus_pages_for_the_mutation_test_are_there() {
    let Some(corpus) =
        ecs_codegen::corpus("mutation::the_corpus_pages_for_the_mutation_test_are_there")
    else {
        return;
    };
    let missing: Vec<&&str> = PRODUCT_PAGES
        .iter()
        .filter(|f| !product_dir(&corpus).join(f).is_file())
        .collect();
    assert!(missing.is_empty(), "product pages missing: {missing:?}");
    let pages = corpus_pages(&corpus);
    assert!(
        pages.len() >= 12 + PRODUCT_PAGES.len(),
        "only {} pages loaded from {}",
        pages.len(),
        corpus.display()
    );
}
