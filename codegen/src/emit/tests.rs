//! Unit tests of the emitter against hand-made IR (no Markdown).

use super::*;
use crate::ir::*;
use std::collections::BTreeMap;

fn origin(pairs: &[(&str, u32)]) -> BTreeMap<String, Origin> {
    pairs
        .iter()
        .map(|(k, l)| {
            (
                k.to_string(),
                Origin {
                    line: *l,
                    text: String::new(),
                },
            )
        })
        .collect()
}

fn param(name: &str, ty: Type, required: bool, line: u32) -> Param {
    Param {
        name: name.to_string(),
        rust_name: crate::names::snake(name),
        ty,
        required,
        encoding: None,
        item: None,
        fields: Vec::new(),
        constraints: Constraints::default(),
        default: None,
        example: None,
        description: String::new(),
        deprecated: false,
        line,
    }
}

/// The seed page, as the reader should read it.
pub(crate) fn seed() -> Page {
    let mut repeat = param("repeatWeekdays", Type::List, true, 24);
    repeat.encoding = Some(ListEncoding::Json);
    let mut item = param("repeatWeekdays", Type::String, false, 24);
    item.constraints.ranges = vec![[1, 7]];
    item.constraints.origin = origin(&[("ranges", 24)]);
    repeat.item = Some(Box::new(item));
    repeat.constraints.max_items = Some(7);
    repeat.constraints.origin = origin(&[("max_items", 28)]);
    let mut retention = param("retentionDays", Type::Integer, true, 32);
    retention.constraints.ranges = vec![[-1, -1], [1, 65536]];
    retention.constraints.origin = origin(&[("ranges", 34)]);
    retention.default = Some("-1".into());
    let mut time_points = param("timePoints", Type::List, true, 40);
    time_points.encoding = Some(ListEncoding::Json);
    let mut tp_item = param("timePoints", Type::String, false, 40);
    tp_item.constraints.ranges = vec![[0, 23]];
    tp_item.constraints.origin = origin(&[("ranges", 40)]);
    time_points.item = Some(Box::new(tp_item));
    time_points.constraints.max_items = Some(24);
    let mut action = param("Action", Type::String, false, 45);
    action.example = Some("CreateAutoSnapshotPolicy".into());
    action.constraints.enum_values = vec![EnumValue {
        value: "CreateAutoSnapshotPolicy".into(),
        doc: String::new(),
    }];
    let mut name = param("autoSnapshotPolicyName", Type::String, false, 48);
    name.constraints.min_len = Some(2);
    name.constraints.max_len = Some(128);
    name.constraints.not_prefix = vec!["http://".into(), "https://".into()];
    name.constraints.pattern = Some("[a-zA-Z\\p{Han}][\\w:.-]*".into());
    name.constraints.origin = origin(&[("min_len", 48), ("not_prefix", 48), ("pattern", 48)]);
    name.description = "The name. See [DescribeRegions](~~25609~~) <x>.".into();
    let mut region = param("regionId", Type::String, true, 20);
    region.example = Some("cn-hangzhou".into());
    let err = |status: u16, code: &str, message: &str, variant: &str, line: u32| ErrorRow {
        http_status: Some(status),
        code: code.into(),
        message: message.into(),
        description: String::new(),
        variant: variant.into(),
        retryable: status >= 500,
        line,
    };
    Page {
        file: "specs/CreateAutoSnapshotPolicy.md".into(),
        kind: PageKind::Action,
        skip_reason: None,
        generation: Some(Generation::G2),
        language: Some(Language::Zh),
        action: Some("CreateAutoSnapshotPolicy".into()),
        product: "Ecs".into(),
        version: "2014-05-26".into(),
        summary: "调用CreateAutoSnapshotPolicy创建一条自动快照策略。".into(),
        description: "Array like [1, 2].".into(),
        params: vec![region, repeat, retention, time_points, action, name],
        response: Response {
            fields: vec![
                Field {
                    name: "AutoSnapshotPolicyId".into(),
                    rust_name: "auto_snapshot_policy_id".into(),
                    ty: Type::String,
                    wrapper: None,
                    item: None,
                    fields: vec![],
                    type_name: None,
                    example: Some("sp-233e6yl**".into()),
                    description: "ID".into(),
                    enum_values: vec![],
                    line: 60,
                },
                Field {
                    name: "RequestId".into(),
                    rust_name: "request_id".into(),
                    ty: Type::String,
                    wrapper: None,
                    item: None,
                    fields: vec![],
                    type_name: None,
                    example: None,
                    description: String::new(),
                    enum_values: vec![],
                    line: 62,
                },
            ],
        },
        errors: vec![
            err(
                403,
                "ParameterInvalid",
                "The specified RegionId parameter is invalid.",
                "ParameterInvalid",
                100,
            ),
            err(
                403,
                "ParameterInvalid",
                "The specified RepeatWeekDays parameter is invalid.",
                "ParameterInvalid",
                101,
            ),
            err(
                403,
                "AutoSnapshotPolicy.QuotaExceed",
                "The maximum number of automatic snapshot policy has been reached.",
                "AutoSnapshotPolicyQuotaExceed",
                104,
            ),
        ],
        examples: Examples::default(),
        data_type: None,
        diagnostics: vec![],
    }
}

fn text(page: &Page) -> String {
    emit_action(page, &Options::default())
        .expect("seed emits")
        .to_string()
}

#[test]
fn seed_emits_the_four_types_and_skips_action() {
    let s = text(&seed());
    for needle in [
        "pub struct CreateAutoSnapshotPolicy",
        "pub struct CreateAutoSnapshotPolicyBuilder",
        "pub struct CreateAutoSnapshotPolicyResponse",
        "pub enum CreateAutoSnapshotPolicyError",
        "pub mod create_auto_snapshot_policy",
        "pub region_id : :: std :: string :: String",
        "pub auto_snapshot_policy_name : :: core :: option :: Option < :: std :: string :: String >",
        "Shape :: JsonTextList",
        "pub time_points : :: std :: vec :: Vec < i32 >",
        "Ranges (& [[- 1 , - 1] , [1 , 65536]])",
        "MaxItems (7u32)",
        "ParameterInvalid (:: ecs_client :: __private :: ErrorMeta)",
        "Throttled",
        "\"2014-05-26\"",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
    assert!(!s.contains("pub action :"), "the Action row is skipped");
}

/// Rows of one code are one variant whose rows all point at it; a documented common code adds
/// no variant and its row points at the common one; the variant names come from the code alone
/// (the IR's `variant` left empty here, so the emitter applies the rule itself).
#[test]
fn one_error_variant_per_code() {
    let mut page = seed();
    page.errors.push(ErrorRow {
        http_status: Some(500),
        code: "InternalError".into(),
        message: "The request processing has failed due to some unknown error.".into(),
        description: String::new(),
        variant: String::new(),
        retryable: true,
        line: 105,
    });
    for row in &mut page.errors {
        row.variant.clear();
    }
    let groups = super::error::documented_variants(&page.errors);
    assert_eq!(
        groups,
        [
            ("ParameterInvalid".to_string(), vec![0, 1]),
            ("AutoSnapshotPolicyQuotaExceed".to_string(), vec![2]),
        ]
    );
    let s = text(&page);
    let variants = s
        .matches("(:: ecs_client :: __private :: ErrorMeta) ,")
        .count()
        + s.matches("(:: ecs_client :: __private :: ErrorMeta) }")
            .count();
    assert_eq!(
        variants,
        2 + 4 + 1,
        "two codes, four common classes, Unknown: {s}"
    );
    assert!(!s.contains("InternalError (:: ecs_client"), "{s}");
    assert!(
        s.contains("Code `ParameterInvalid`: 2 documented rows"),
        "{s}"
    );
    // Each row's variant index: ParameterInvalid 0, the quota 1, InternalError ServerError (2 + 2).
    for (code, variant) in [
        ("\"The specified RegionId parameter is invalid.\"", 0),
        ("\"The specified RepeatWeekDays parameter is invalid.\"", 0),
        (
            "\"The maximum number of automatic snapshot policy has been reached.\"",
            1,
        ),
        (
            "\"The request processing has failed due to some unknown error.\"",
            4,
        ),
    ] {
        let at = s.find(code).expect("the row is in the table");
        let rest = &s[at..];
        let v = rest.find("variant :").expect("a variant index");
        assert!(
            rest[v..].starts_with(&format!("variant : {variant} ")),
            "{code}: {}",
            &rest[v..v + 16]
        );
    }
}

#[test]
fn docs_escape_brackets_and_name_the_source() {
    let s = text(&seed());
    assert!(s.contains("\\\\[DescribeRegions\\\\]"), "{s}");
    assert!(s.contains("&lt;x&gt;"));
    assert!(s.contains("Source: `specs/CreateAutoSnapshotPolicy.md` line 48."));
}

#[test]
fn rules_carry_origin_lines() {
    let s = text(&seed());
    assert!(s.contains("check : :: ecs_client :: __private :: Check :: Ranges (& [[- 1 , - 1] , [1 , 65536]]) , line : 34"), "{s}");
    assert!(s.contains("Pattern (\"^(?:[a-zA-Z\\\\p{Han}][\\\\w:.-]*)$\") , line : 48"));
}

#[test]
fn invalid_patterns_are_dropped_with_a_warning() {
    let mut page = seed();
    page.params[5].constraints.pattern = Some("([".into());
    let (_, _, tokens, warnings) = action_module(&page, &Options::default()).expect("emits");
    assert!(!tokens.to_string().contains("Pattern ("));
    assert!(warnings.iter().any(|d| d.kind == "pattern-invalid"));
}

#[test]
fn error_diagnostics_block_emission() {
    let mut page = seed();
    page.diagnostics
        .push(Diagnostic::error(7, "table-broken", "row 3 has 2 cells"));
    let errs = emit_action(&page, &Options::default()).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, 7);
    page.kind = PageKind::Other;
    let errs = emit_action(&page, &Options::default()).unwrap_err();
    assert_eq!(errs[0].kind, "not-an-action");
}

#[test]
fn enums_lists_and_structs() {
    let mut page = seed();
    let mut charge = param("InstanceChargeType", Type::String, false, 70);
    charge.constraints.enum_values = ["PrePaid", "PostPaid", "PrePaid", "-1", "1"]
        .iter()
        .map(|v| EnumValue {
            value: v.to_string(),
            doc: String::new(),
        })
        .collect();
    let mut tag = param("Tag", Type::List, false, 80);
    let mut tag_item = param("Tag", Type::Struct, false, 80);
    tag_item.fields = vec![
        param("Key", Type::String, false, 80),
        param("Value", Type::String, false, 81),
    ];
    tag.item = Some(Box::new(tag_item));
    let mut disk = param("SystemDisk", Type::Struct, false, 90);
    disk.fields = vec![
        param("Size", Type::Integer, false, 90),
        param("Category", Type::String, false, 91),
    ];
    page.params.extend([charge, tag, disk]);
    let s = text(&page);
    for needle in [
        "pub enum InstanceChargeType",
        "Unknown (:: std :: string :: String)",
        "PrePaid",
        "V1 ,",
        "V12",
        "pub struct Tag",
        "pub struct SystemDisk",
        "Shape :: RepeatList",
        "Shape :: Struct",
        "items : impl :: core :: iter :: IntoIterator < Item = impl :: core :: convert :: Into < Tag >>",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
}

#[test]
fn render_file_is_formatted_and_deterministic() {
    let a = render_file(&[seed()]).expect("renders");
    let b = render_file(&[seed()]).expect("renders");
    assert_eq!(a, b);
    assert!(a.starts_with("// @generated"));
    assert!(a.contains("pub struct CreateAutoSnapshotPolicy {\n"));
}

#[test]
fn duplicate_actions_get_unique_modules() {
    let mut second = seed();
    second.file = "specs/CreateAutoSnapshotPolicy.2.md".into();
    let s = emit_pages(&[seed(), second], false)
        .expect("emits")
        .to_string();
    assert!(s.contains("pub mod create_auto_snapshot_policy_2"));
    assert_eq!(s.matches("pub use create_auto_snapshot_policy").count(), 1);
}

#[test]
fn idents_are_always_valid() {
    assert_eq!(ident("type").to_string(), "type_");
    assert_eq!(ident("9x").to_string(), "_9x");
    assert_eq!(ident("").to_string(), "__");
    assert_eq!(ident("a-b.c").to_string(), "a_b_c");
    let mut scope = TypeScope::default();
    assert_eq!(scope.unique("名字"), "V");
    assert_eq!(scope.unique("tag"), "Tag");
    assert_eq!(scope.unique("Tag"), "Tag2");
}
