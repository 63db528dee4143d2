//! `diff` on the real history (`$ECS_CORPUS/history`, default `../shared/corpus/history`):
//! pairs checked by hand against the two pages (the lines named are the page lines the change
//! must carry), a page against itself, and the whole-history run; those tests are skipped
//! without the corpus. The `fixture_` tests show the same on the project's own history
//! (`tests/pages/history/`: three versions of CreateWidgetPolicy).

use ecs_codegen::diff::{self, Class, Kind, PageDiff, Semver, Status, Wire};
use ecs_codegen::ir::Page;
use std::path::{Path, PathBuf};

/// The corpus history folder, or `None` (the test is skipped) without the corpus.
fn corpus_history(test: &str) -> Option<PathBuf> {
    Some(ecs_codegen::corpus(&format!("diff_history::{test}"))?.join("history"))
}

fn page(root: &Path, rel: &str) -> Page {
    let p = root.join(rel);
    ecs_codegen::parse_file(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn diff_in(root: &Path, old: &str, new: &str) -> PageDiff {
    let r = diff::pair_two(&page(root, old), &page(root, new));
    assert!(r.unpaired.is_empty(), "{:?}", r.unpaired);
    assert_eq!(r.pages.len(), 1);
    r.pages.into_iter().next().expect("one pair")
}

/// The changes as `(kind, path, old line, new line)`.
fn changes(d: &PageDiff) -> Vec<(Kind, &str, Option<u32>, Option<u32>)> {
    d.changes
        .iter()
        .map(|c| (c.kind, c.path.as_str(), c.old_line, c.new_line))
        .collect()
}

fn find<'a>(d: &'a PageDiff, kind: Kind, path: &str) -> &'a diff::Change {
    d.changes
        .iter()
        .find(|c| c.kind == kind && c.path == path)
        .unwrap_or_else(|| panic!("no {} at {path} in {:#?}", kind.as_str(), d.changes))
}

const CASP: &str = "zh-CN/CreateAutoSnapshotPolicy";

/// 2019-08-14 (the seed's version, G2) -> 2020-10-16 (G3): four optional parameters (lines
/// 43, 47, 48, 54-55), the `retentionDays` row (line 33, `1~65536` on line 35) -> (line 31,
/// `1~65535` on line 34), three tag error rows (lines 110-112). The change carries the lines
/// of the rows the rules were read from.
#[test]
fn create_auto_snapshot_policy_2019_08_14_to_2020_10_16() {
    let Some(h) = corpus_history("create_auto_snapshot_policy_2019_08_14_to_2020_10_16") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        &format!("{CASP}/2019-08-14-2c1e9815.md"),
        &format!("{CASP}/2020-10-16-610ae8fd.md"),
    );
    assert_eq!(d.status, Status::Changed);
    assert_eq!(
        changes(&d),
        [
            (Kind::RangeNarrowed, "retentionDays", Some(33), Some(31)),
            (Kind::ParamAdded, "EnableCrossRegionCopy", None, Some(43)),
            (Kind::ParamAdded, "TargetCopyRegions", None, Some(47)),
            (
                Kind::ParamAdded,
                "CopiedSnapshotsRetentionDays",
                None,
                Some(48)
            ),
            (Kind::ParamAdded, "Tag", None, Some(54)),
            (Kind::ErrorAdded, "Duplicate.TagKey", None, Some(110)),
            (Kind::ErrorAdded, "InvalidTagKey.Malformed", None, Some(111)),
            (
                Kind::ErrorAdded,
                "InvalidTagValue.Malformed",
                None,
                Some(112)
            ),
        ]
    );
    let narrowed = find(&d, Kind::RangeNarrowed, "retentionDays");
    assert_eq!(narrowed.old.as_deref(), Some("-1 | 1..=65536"));
    assert_eq!(narrowed.new.as_deref(), Some("-1 | 1..=65535"));
    // Wire-breaking although the Rust API does not change.
    assert_eq!(
        (narrowed.semver, narrowed.wire, narrowed.class),
        (Semver::None, Wire::Narrowed, Class::Breaking)
    );
    for p in [
        "EnableCrossRegionCopy",
        "TargetCopyRegions",
        "CopiedSnapshotsRetentionDays",
        "Tag",
    ] {
        let c = find(&d, Kind::ParamAdded, p);
        assert_eq!((c.semver, c.wire), (Semver::Additive, Wire::Widened), "{p}");
    }
    assert!(d.notes.contains(&"format generation g2 -> g3".to_string()));
}

/// 2021-03-23 has the same model as 2020-10-16 (only the `timePoints` description, line 37,
/// and the example captions changed): against the seed version it reports the same changes,
/// against 2020-10-16 it is cosmetic.
#[test]
fn create_auto_snapshot_policy_2021_03_23() {
    let Some(h) = corpus_history("create_auto_snapshot_policy_2021_03_23") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let seed = format!("{CASP}/2019-08-14-2c1e9815.md");
    let a = diff(&seed, &format!("{CASP}/2020-10-16-610ae8fd.md"));
    let b = diff(&seed, &format!("{CASP}/2021-03-23-184f97ae.md"));
    assert_eq!(a.changes, b.changes);
    let c = diff(
        &format!("{CASP}/2020-10-16-610ae8fd.md"),
        &format!("{CASP}/2021-03-23-184f97ae.md"),
    );
    assert_eq!(c.status, Status::Cosmetic);
    assert!(c.changes.is_empty());
    assert_eq!(c.notes, ["1 parameter description reworded"]);
}

/// ReportInstancesStatus (zh) 2019-07-22 -> 2021-05-12: `Description` was optional
/// (`|Description|String|否|`, line 34) and is required (`|Description|String|是|`, line 16);
/// `Reason` goes the other way (line 21 `是` -> line 17 `否`); `IssueCategory` is new (line 25).
#[test]
fn a_required_flag_change() {
    let Some(h) = corpus_history("a_required_flag_change") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "zh-CN/ReportInstancesStatus/2019-07-22-9a674589.md",
        "zh-CN/ReportInstancesStatus/2021-05-12-500b70a0.md",
    );
    assert_eq!(
        changes(&d),
        [
            (Kind::ParamNowOptional, "Reason", Some(21), Some(17)),
            (Kind::ParamNowRequired, "Description", Some(34), Some(16)),
            (Kind::ParamAdded, "IssueCategory", None, Some(25)),
        ]
    );
    let c = find(&d, Kind::ParamNowRequired, "Description");
    assert_eq!((c.semver, c.wire), (Semver::Breaking, Wire::Narrowed));
    let c = find(&d, Kind::ParamNowOptional, "Reason");
    assert_eq!((c.semver, c.wire), (Semver::Breaking, Wire::Widened));
}

/// CreateAutoProvisioningGroup (en) 2021-04-09 -> 2021-04-25: the row
/// `|SpotInstanceInterruptionBehavior|String|No|terminate|` (line 41) is gone; nothing else in
/// the model changed.
#[test]
fn a_removed_parameter() {
    let Some(h) = corpus_history("a_removed_parameter") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "en-US/CreateAutoProvisioningGroup/2021-04-09-5abfb8bd.md",
        "en-US/CreateAutoProvisioningGroup/2021-04-25-ed84a552.md",
    );
    assert_eq!(
        changes(&d),
        [(
            Kind::ParamRemoved,
            "SpotInstanceInterruptionBehavior",
            Some(41),
            None
        )]
    );
    let c = &d.changes[0];
    assert_eq!((c.semver, c.wire), (Semver::Breaking, Wire::Narrowed));
    assert_eq!(c.old.as_deref(), Some("string, optional"));
}

/// DeleteDeploymentSet (en) 2019-06-03 (errors at lines 64-65) -> 2020-11-03: the row
/// `|403|DependencyViolation.NotEmpty|There are still instance\(s\) ...|` is new (line 57).
#[test]
fn a_new_error_row() {
    let Some(h) = corpus_history("a_new_error_row") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "en-US/DeleteDeploymentSet/2019-06-03-50d10fcc.md",
        "en-US/DeleteDeploymentSet/2020-11-03-83b54767.md",
    );
    assert_eq!(
        changes(&d),
        [(
            Kind::ErrorAdded,
            "DependencyViolation.NotEmpty",
            None,
            Some(57)
        )]
    );
    let c = &d.changes[0];
    assert_eq!(
        c.new.as_deref(),
        Some("403 DependencyViolation.NotEmpty: There are still instance(s) in the specified DeploymentSetId.")
    );
    assert_eq!((c.semver, c.wire), (Semver::Additive, Wire::None));
    assert!(d.notes.contains(&"format generation g2 -> g3".to_string()));
}

/// DescribeImages (en) 2019-05-31 (G2) -> 2020-10-26 (G3). The old flat table puts six rows
/// at the depth of `|└DiskDeviceMappings|` (line 159), so members of `Image`: `|└Format|` 165,
/// `|└ImportOSSBucket|` 168, `|└ImportOSSObject|` 171, `|└RemainTime|` 177, `|└SnapshotId|`
/// 183, `|└Type|` 186. The new page nests them under `DiskDeviceMapping` (line 105): `Format`
/// 109, `ImportOSSBucket` 110, `ImportOSSObject` 111, `RemainTime` 113, `SnapshotId` 115,
/// `Type` 116. A client generated from the old page read `Image.format`; now it is
/// `DiskDeviceMapping.format`.
#[test]
fn response_fields_moved_to_another_parent() {
    let Some(h) = corpus_history("response_fields_moved_to_another_parent") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "en-US/DescribeImages/2019-05-31-02d2f7be.md",
        "en-US/DescribeImages/2020-10-26-084fc14d.md",
    );
    let got: Vec<(String, String, u32, u32)> = d
        .changes
        .iter()
        .filter(|c| c.kind == Kind::FieldMoved)
        .map(|c| {
            (
                c.path.clone(),
                c.old.clone().unwrap_or_default(),
                c.old_line.unwrap_or(0),
                c.new_line.unwrap_or(0),
            )
        })
        .collect();
    let want: Vec<(String, String, u32, u32)> = [
        ("Format", 165, 109),
        ("ImportOSSBucket", 168, 110),
        ("ImportOSSObject", 171, 111),
        ("RemainTime", 177, 113),
        ("SnapshotId", 183, 115),
        ("Type", 186, 116),
    ]
    .iter()
    .map(|(f, a, b)| {
        (
            format!("Images[].DiskDeviceMappings[].{f}"),
            format!("Images[].{f}"),
            *a,
            *b,
        )
    })
    .collect();
    assert_eq!(got, want);
    let c = find(&d, Kind::FieldMoved, "Images[].DiskDeviceMappings[].Format");
    assert_eq!(
        (c.semver, c.wire),
        (Semver::Breaking, Wire::ResponseChanged)
    );
}

/// DescribeDiskReplicaPairs (en) 2021-04-09 -> 2021-04-13: the list `|ReplicaPairs|Array of
/// ReplicaPair|` (line 31) is now `|DiskReplicaPairs|Array of DiskReplicaPair|` (line 30) with
/// the same eight members: one rename (and its wrapper and struct name), not eight moves.
#[test]
fn a_renamed_response_list_with_the_same_members() {
    let Some(h) = corpus_history("a_renamed_response_list_with_the_same_members") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "en-US/DescribeDiskReplicaPairs/2021-04-09-0ea3acd0.md",
        "en-US/DescribeDiskReplicaPairs/2021-04-13-6b754a5a.md",
    );
    assert_eq!(
        changes(&d),
        [
            (Kind::FieldRenamed, "DiskReplicaPairs", Some(31), Some(30)),
            (
                Kind::FieldWrapperChanged,
                "DiskReplicaPairs",
                Some(31),
                Some(30)
            ),
            (
                Kind::FieldTypeRenamed,
                "DiskReplicaPairs",
                Some(31),
                Some(30)
            ),
        ]
    );
    let c = &d.changes[0];
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("ReplicaPairs"), Some("DiskReplicaPairs"))
    );
    assert_eq!(
        (c.semver, c.wire),
        (Semver::Breaking, Wire::ResponseChanged)
    );
    let c = &d.changes[2];
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("ReplicaPair"), Some("DiskReplicaPair"))
    );
}

/// CancelCopyImage (zh) 2019-08-14 (G2, `# CancelCopyImage {#doc_api_Ecs_CancelCopyImage
/// .reference}`) -> 2020-09-10 (G3, `# CancelCopyImage`): the same two required parameters
/// (ImageId, RegionId), the same `RequestId`, the same eleven error rows; examples, error
/// descriptions and lines differ. Cosmetic, and says what moved.
#[test]
fn a_format_generation_switch_with_no_model_change() {
    let Some(h) = corpus_history("a_format_generation_switch_with_no_model_change") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "zh-CN/CancelCopyImage/2019-08-14-f4388a65.md",
        "zh-CN/CancelCopyImage/2020-09-10-db7ff647.md",
    );
    assert_eq!(d.status, Status::Cosmetic, "{:#?}", d.changes);
    assert!(d.changes.is_empty());
    assert_eq!(d.notes[0], "format generation g2 -> g3");
    assert!(d
        .notes
        .contains(&"4 error descriptions reworded".to_string()));
}

/// DeleteAutoSnapshotPolicy (en) 2019-02-19 (G1, the 2018 layout: `|RegionId|String|Yes|`,
/// line 10) -> 2020-11-04 (G3: `|regionId|String|Yes|cn-hangzhou|`, line 15): the rewrite
/// changes one thing, a case-only rename, which keeps the Rust field (`region_id`) and changes
/// the wire name.
#[test]
fn a_2018_layout_rewrite_whose_only_change_is_a_case_rename() {
    let Some(h) = corpus_history("a_2018_layout_rewrite_whose_only_change_is_a_case_rename") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    let d = diff(
        "en-US/DeleteAutoSnapshotPolicy/2019-02-19-7fdb78c4.md",
        "en-US/DeleteAutoSnapshotPolicy/2020-11-04-53905567.md",
    );
    assert_eq!(
        changes(&d),
        [(Kind::ParamWireRenamed, "regionId", Some(10), Some(15))]
    );
    let c = &d.changes[0];
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("RegionId"), Some("regionId"))
    );
    assert_eq!((c.semver, c.wire), (Semver::None, Wire::Changed));
    assert_eq!(d.notes[0], "format generation g1 -> g3");
}

#[test]
fn a_page_against_itself_reports_no_change() {
    let Some(h) = corpus_history("a_page_against_itself_reports_no_change") else {
        return;
    };
    let diff = |old: &str, new: &str| diff_in(&h, old, new);
    for rel in [
        "zh-CN/CreateAutoSnapshotPolicy/2019-08-14-2c1e9815.md",
        "en-US/DescribeDiskReplicaPairs/2021-04-13-6b754a5a.md",
        "en-US/DeleteAutoSnapshotPolicy/2019-02-19-7fdb78c4.md",
    ] {
        let d = diff(rel, rel);
        assert_eq!(d.status, Status::Unchanged, "{rel}");
        assert!(d.changes.is_empty() && d.notes.is_empty(), "{rel}");
    }
}

/// Every consecutive pair of versions in `history/`, then en-US against zh-CN at HEAD as
/// translation drift: no panic, every pair diffed, and the counts by class add up. (The time
/// is measured with a release build of the CLI; see the README.)
#[test]
fn the_whole_history_diffs_pair_by_pair() {
    let Some(corpus) = ecs_codegen::corpus("diff_history::the_whole_history_diffs_pair_by_pair")
    else {
        return;
    };
    let dir = corpus.join("history");
    let mut total = diff::Summary::default();
    let mut reports = 0;
    let skipped = diff::history::run(&dir, |r| {
        reports += 1;
        assert!(r.unpaired.is_empty(), "{:?}", r.unpaired);
        assert_eq!(r.pages.len(), 1, "{r:?}");
        total.add(&r);
    })
    .expect("history readable");
    // Every version folder with n action-page versions gives n - 1 pairs.
    let mut expected = 0;
    for folder in diff::history::action_folders(&dir).expect("folders") {
        let pages: Vec<Page> = ecs_codegen::parse_dir(&folder).expect("folder");
        let n = pages
            .iter()
            .filter(|p| p.kind == ecs_codegen::ir::PageKind::Action)
            .count();
        expected += n.saturating_sub(1);
    }
    assert_eq!(reports, expected);
    assert_eq!(total.pairs, expected);
    assert!(total.pairs > 1500, "{total:?}");
    assert!(skipped > 0, "the data-type pages in history are left out");
    let by_status: usize = total.status.values().sum();
    assert_eq!(by_status, total.pairs);
    let by_class: usize = total.class.values().sum();
    assert_eq!(by_class, total.changes);
    for class in ["breaking", "additive", "none"] {
        assert!(
            total.class.get(class).copied().unwrap_or(0) > 0,
            "{class}: {total:?}"
        );
    }
    assert!(total.count(Status::Cosmetic) > 0 && total.cosmetic_generation_switches > 0);
    assert!(total.count(Status::Unchanged) > 0);

    let ecs = corpus.join("ecs");
    let en = ecs_codegen::parse_dir(&ecs.join("en-US")).expect("en-US");
    let zh = ecs_codegen::parse_dir(&ecs.join("zh-CN")).expect("zh-CN");
    let drift = diff::pair_pages(&en, &zh);
    assert!(drift.translation);
    let s = diff::Summary::of(&drift);
    assert!(s.pairs > 150, "{s:?}");
    // What cannot be paired is an action with two pages on one side (FORMAT.md §1), each
    // reported with its files.
    for u in &drift.unpaired {
        assert!(u.reason.contains(" pages for action "), "{u:?}");
    }
}

/// The project's own history: `tests/pages/history/`.
fn fixture_history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pages/history")
}

const CWP: &str = "en-US/CreateWidgetPolicy";

/// CreateWidgetPolicy 2020-11-02 (the 2019 `doc_api` layout) -> 2021-03-18 (plain): the
/// `retentionDays` row (line 20, `Valid values: 1 to 730`) narrowed (line 22, `1 to 365`);
/// `PolicyName` (line 25, `Yes`) optional (line 26, `No`); `RegionId` (line 14) spelled
/// `regionId` (line 20); `Period` (line 36) gone; `Priority` (line 25) and `Tag.N.Key` /
/// `Tag.N.Value` (line 34) new; the response's `CreationTime` (line 59) gone; two tag error
/// rows new (lines 90, 91).
#[test]
fn fixture_create_widget_policy_2020_11_02_to_2021_03_18() {
    let d = diff_in(
        &fixture_history(),
        &format!("{CWP}/2020-11-02-5c1e7a90.md"),
        &format!("{CWP}/2021-03-18-9b2d4f16.md"),
    );
    assert_eq!(d.status, Status::Changed);
    assert_eq!(
        changes(&d),
        [
            (Kind::RangeNarrowed, "retentionDays", Some(20), Some(22)),
            (Kind::ParamNowOptional, "PolicyName", Some(25), Some(26)),
            (Kind::ParamWireRenamed, "regionId", Some(14), Some(20)),
            (Kind::ParamRemoved, "Period", Some(36), None),
            (Kind::ParamAdded, "Priority", None, Some(25)),
            (Kind::ParamAdded, "Tag", None, Some(34)),
            (Kind::FieldRemoved, "CreationTime", Some(59), None),
            (Kind::ErrorAdded, "InvalidTagKey.Malformed", None, Some(90)),
            (Kind::ErrorAdded, "Duplicate.TagKey", None, Some(91)),
        ]
    );
    let classes = |kind, path| {
        let c = find(&d, kind, path);
        (c.semver, c.wire, c.class)
    };
    assert_eq!(
        classes(Kind::RangeNarrowed, "retentionDays"),
        (Semver::None, Wire::Narrowed, Class::Breaking)
    );
    assert_eq!(
        classes(Kind::ParamNowOptional, "PolicyName"),
        (Semver::Breaking, Wire::Widened, Class::Breaking)
    );
    assert_eq!(
        classes(Kind::ParamWireRenamed, "regionId"),
        (Semver::None, Wire::Changed, Class::Breaking)
    );
    assert_eq!(
        classes(Kind::ParamRemoved, "Period"),
        (Semver::Breaking, Wire::Narrowed, Class::Breaking)
    );
    assert_eq!(
        classes(Kind::ParamAdded, "Tag"),
        (Semver::Additive, Wire::Widened, Class::Additive)
    );
    assert_eq!(
        classes(Kind::FieldRemoved, "CreationTime"),
        (Semver::Breaking, Wire::ResponseLoses, Class::Breaking)
    );
    assert_eq!(
        classes(Kind::ErrorAdded, "Duplicate.TagKey"),
        (Semver::Additive, Wire::None, Class::Additive)
    );
    let narrowed = find(&d, Kind::RangeNarrowed, "retentionDays");
    assert_eq!(narrowed.old.as_deref(), Some("1..=730"));
    assert_eq!(narrowed.new.as_deref(), Some("1..=365"));
    let renamed = find(&d, Kind::ParamWireRenamed, "regionId");
    assert_eq!(
        (renamed.old.as_deref(), renamed.new.as_deref()),
        (Some("RegionId"), Some("regionId"))
    );
    assert_eq!(d.notes[0], "format generation g2 -> g3");
}

/// 2021-03-18 -> 2021-06-07: only the `Priority` description (line 25) and the summary were
/// reworded.
#[test]
fn fixture_a_reworded_version_is_cosmetic() {
    let d = diff_in(
        &fixture_history(),
        &format!("{CWP}/2021-03-18-9b2d4f16.md"),
        &format!("{CWP}/2021-06-07-e0a83c55.md"),
    );
    assert_eq!(d.status, Status::Cosmetic, "{:#?}", d.changes);
    assert!(d.changes.is_empty());
    assert!(
        d.notes
            .contains(&"1 parameter description reworded".to_string()),
        "{:?}",
        d.notes
    );
    // The first version against the last reports the same changes as against the second.
    let a = diff_in(
        &fixture_history(),
        &format!("{CWP}/2020-11-02-5c1e7a90.md"),
        &format!("{CWP}/2021-03-18-9b2d4f16.md"),
    );
    let b = diff_in(
        &fixture_history(),
        &format!("{CWP}/2020-11-02-5c1e7a90.md"),
        &format!("{CWP}/2021-06-07-e0a83c55.md"),
    );
    assert_eq!(a.changes, b.changes);
}

#[test]
fn fixture_a_page_against_itself_reports_no_change() {
    for v in [
        "2020-11-02-5c1e7a90.md",
        "2021-03-18-9b2d4f16.md",
        "2021-06-07-e0a83c55.md",
    ] {
        let rel = format!("{CWP}/{v}");
        let d = diff_in(&fixture_history(), &rel, &rel);
        assert_eq!(d.status, Status::Unchanged, "{rel}");
        assert!(d.changes.is_empty() && d.notes.is_empty(), "{rel}");
    }
}

/// The history run over the fixture history: two consecutive pairs, counts that add up.
#[test]
fn fixture_the_whole_history_diffs_pair_by_pair() {
    let mut total = diff::Summary::default();
    let mut reports = 0;
    let skipped = diff::history::run(&fixture_history(), |r| {
        reports += 1;
        assert!(r.unpaired.is_empty(), "{:?}", r.unpaired);
        assert_eq!(r.pages.len(), 1, "{r:?}");
        total.add(&r);
    })
    .expect("history readable");
    assert_eq!((reports, total.pairs, skipped), (2, 2, 0));
    assert_eq!(total.count(Status::Changed), 1);
    assert_eq!(total.count(Status::Cosmetic), 1);
    assert_eq!(total.changes, 9);
    assert_eq!(total.class.get("breaking"), Some(&5));
    assert_eq!(total.class.get("additive"), Some(&4));
    assert_eq!(total.cosmetic_generation_switches, 0);
}
