use super::*;
use crate::ir::Severity;
use serde_json::json;

fn row(line: u32, name: &str, ty: &str, example: &str, desc: &str) -> RespRow {
    RespRow {
        target: None,
        line,
        name: name.into(),
        ty: ty.into(),
        link: None,
        example: example.into(),
        description: desc.into(),
    }
}

/// `name|type|example|description` lines -> one table.
fn table(spec: &str) -> RespTable {
    let rows = spec
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| {
            let c: Vec<&str> = l.split('|').map(str::trim).collect();
            let get = |k: usize| c.get(k).copied().unwrap_or("");
            row(i as u32 + 10, get(0), get(1), get(2), get(3))
        })
        .collect();
    RespTable {
        line: 9,
        caption: None,
        rows,
    }
}

fn run(
    gen: Generation,
    tables: &[RespTable],
    ex: &[Value],
) -> (Vec<Field>, Vec<Diagnostic>, Stats) {
    let mut d = Vec::new();
    let mut none = |_: &str| None;
    let (r, st) = recover_with_stats(1, gen, tables, ex, &[], &mut none, &mut d);
    (r.fields, d, st)
}

fn get<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {:?}", names(fields)))
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|d| d.severity == Severity::Error).collect()
}

fn item_fields(f: &Field) -> &[Field] {
    f.item.as_deref().map_or(&[], |i| i.fields.as_slice())
}

#[test]
fn g2_scalar_list_takes_its_element_row() {
    let t = table(
        "Zones|||zones
         NetworkTypes||vpc|network types
         NetworkType|||network types
         ZoneNo|String|cn-hangzhou-f|zone",
    );
    let (f, d, _) = run(Generation::G2, &[t], &[]);
    assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:?}");
    let zones = get(&f, "Zones");
    let inner = zones.item.as_ref().map_or(&zones.fields, |i| &i.fields);
    let nt = get(inner, "NetworkTypes");
    assert_eq!(
        (nt.ty, nt.wrapper.as_deref()),
        (Type::List, Some("NetworkType"))
    );
    assert!(inner.iter().all(|f| f.name != "NetworkType"));
}

#[test]
fn g3_array_of_with_wrapper_rows() {
    let t = table(
        "Instances|Array of Instance||Details.
         Instance|||
         InstanceId|String|i-1|ID.
         Tags|Array of Tag||Tags.
         Tag|||
         TagKey|String|k|Key.
         TagValue|String|v|Value.
         ZoneId|String|cn-hangzhou-g|Zone.
         RequestId|String|R|Request.
         TotalCount|Integer|1|Total.",
    );
    let ex = json!({"Instances": {"Instance": [{"InstanceId": "i-1", "ZoneId": "z",
        "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]}}]}, "RequestId": "R", "TotalCount": 1});
    let (f, d, st) = run(Generation::G3, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(names(&f), ["Instances", "RequestId", "TotalCount"]);
    let inst = get(&f, "Instances");
    assert_eq!(inst.ty, Type::List);
    assert_eq!(inst.wrapper.as_deref(), Some("Instance"));
    assert_eq!(inst.type_name.as_deref(), Some("Instance"));
    let el = item_fields(inst);
    assert_eq!(names(el), ["InstanceId", "Tags", "ZoneId"]);
    let tags = get(el, "Tags");
    assert_eq!(tags.wrapper.as_deref(), Some("Tag"));
    assert_eq!(names(item_fields(tags)), ["TagKey", "TagValue"]);
    assert_eq!(get(&f, "TotalCount").ty, Type::Integer);
    assert_eq!(st.wrapper_rows, 2);
    assert_eq!(st.rows, 10 - 2);
}

#[test]
fn g3_struct_and_sort_order_close_blocks_without_example() {
    // No example at all: `Zone` < `Cpu`? no; markers + ASCII order decide unambiguously.
    let t = table(
        "Cpu|Integer|2|
         CpuOptions|Struct||
         CoreCount|Integer|2|
         ThreadsPerCore|Integer|2|
         Memory|Integer|1024|
         RequestId|String|R|",
    );
    let (f, d, _) = run(Generation::G3, &[t], &[]);
    // `Memory` fits after `ThreadsPerCore`? No: `M` < `T`, so it closes the struct.
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(names(&f), ["Cpu", "CpuOptions", "Memory", "RequestId"]);
    let s = get(&f, "CpuOptions");
    assert_eq!(s.ty, Type::Struct);
    assert_eq!(names(&s.fields), ["CoreCount", "ThreadsPerCore"]);
}

#[test]
fn list_takes_its_element_name_from_the_example() {
    let t = table(
        "SecurityGroupIds|List|sg-1|Groups.
         InnerIpAddress|List|10.0.0.1|Inner.
         PublicIps|List|1.1.1.1|No example.
         RequestId|String|R|",
    );
    let ex = json!({"SecurityGroupIds": {"SecurityGroupId": ["sg-1"]},
        "InnerIpAddress": {"IpAddress": []}, "RequestId": "R"});
    let (f, d, _) = run(Generation::G3, &[t], &[ex]);
    let sg = get(&f, "SecurityGroupIds");
    assert_eq!(sg.ty, Type::List);
    assert_eq!(sg.wrapper.as_deref(), Some("SecurityGroupId"));
    let item = sg.item.as_deref().expect("item");
    assert_eq!(
        (item.name.as_str(), item.ty),
        ("SecurityGroupId", Type::String)
    );
    assert_eq!(
        get(&f, "InnerIpAddress").wrapper.as_deref(),
        Some("IpAddress")
    );
    // Not in the example: singularised, with a warning, not an error.
    assert_eq!(get(&f, "PublicIps").wrapper.as_deref(), Some("PublicIp"));
    assert!(d
        .iter()
        .any(|d| d.kind == "response-wrapper-guessed" && d.severity == Severity::Warning));
    assert!(errors(&d).is_empty());
}

#[test]
fn hibernation_options_then_host_name() {
    // `HostName` sorts after `Configured` and after `HibernationOptions`: only the example
    // says it closes the struct (DescribeInstances.md:185-187).
    let t = table(
        "Instances|Array of Instance||
         Instance|||
         GPUSpec|String|x|
         HibernationOptions|Struct||Preview.
         Configured|Boolean|false|Preview.
         HostName|String|h|
         ZoneId|String|z|
         RequestId|String|R|",
    );
    let ex = json!({"Instances": {"Instance": [{"GPUSpec": "", "HostName": "h", "ZoneId": "z"}]},
        "RequestId": "R"});
    let (f, d, st) = run(Generation::G3, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let el = item_fields(get(&f, "Instances"));
    assert_eq!(
        names(el),
        ["GPUSpec", "HibernationOptions", "HostName", "ZoneId"]
    );
    assert_eq!(names(&get(el, "HibernationOptions").fields), ["Configured"]);
    assert!(st.via_example >= 3);

    // Without the example the same table is ambiguous: reported, not guessed silently.
    let t = table(
        "HibernationOptions|Struct||
         Configured|Boolean|false|
         HostName|String|h|",
    );
    let (_, d, _) = run(Generation::G3, &[t], &[json!({"RequestId": "R"})]);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{d:?}");
    assert_eq!(e[0].kind, "response-nesting");
    assert_eq!(e[0].line, 12);
}

#[test]
fn example_keys_decide_where_a_block_ends_despite_absent_rows() {
    // `Bandwidth` is absent from the example; only `EipAddress` can hold it in order.
    // `IsSupportUnassociate` is absent too; the next example row (`ExpiredTime`) sorts before
    // it, so it cannot be an `Instance` field.
    let t = table(
        "Instances|Array of Instance||
         Instance|||
         EipAddress|Struct||
         AllocationId|String|a|
         Bandwidth|Integer|5|
         IpAddress|String|1.1.1.1|
         IsSupportUnassociate|Boolean|true|
         ExpiredTime|String|t|
         RequestId|String|R|",
    );
    let ex = json!({"Instances": {"Instance": [{"EipAddress": {"AllocationId": "a",
        "IpAddress": "1"}, "ExpiredTime": "t"}]}, "RequestId": "R"});
    let (f, d, _) = run(Generation::G3, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let el = item_fields(get(&f, "Instances"));
    assert_eq!(names(el), ["EipAddress", "ExpiredTime"]);
    assert_eq!(
        names(&get(el, "EipAddress").fields),
        [
            "AllocationId",
            "Bandwidth",
            "IpAddress",
            "IsSupportUnassociate"
        ]
    );
}

#[test]
fn g2_empty_type_containers_with_marks() {
    let t = table(
        "LaunchTemplateSets|||Templates.
         └CreateTime|String|2018|Created.
         └LaunchTemplateId|String|lt-1|ID.
         └Tags|||Tags.
         └TagKey|String|k|Key.
         └TagValue|String|v|Value.
         PageNumber|Integer|1|Page.
         RequestId|String|R|Request.",
    );
    let ex = json!({"LaunchTemplateSets": {"LaunchTemplateSet": [{"CreateTime": "x",
        "LaunchTemplateId": "lt", "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]}}]},
        "PageNumber": 1, "RequestId": "R"});
    let (f, d, _) = run(Generation::G2, std::slice::from_ref(&t), &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(names(&f), ["LaunchTemplateSets", "PageNumber", "RequestId"]);
    let sets = get(&f, "LaunchTemplateSets");
    assert_eq!(sets.wrapper.as_deref(), Some("LaunchTemplateSet"));
    let el = item_fields(sets);
    assert_eq!(names(el), ["CreateTime", "LaunchTemplateId", "Tags"]);
    assert_eq!(get(el, "Tags").wrapper.as_deref(), Some("Tag"));
    assert_eq!(names(item_fields(get(el, "Tags"))), ["TagKey", "TagValue"]);

    // Without an example the marks still put `PageNumber` at the top; plural containers
    // become lists with a guessed element name (warning).
    let (f, d, _) = run(Generation::G2, &[t], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(names(&f), ["LaunchTemplateSets", "PageNumber", "RequestId"]);
    assert_eq!(
        get(&f, "LaunchTemplateSets").wrapper.as_deref(),
        Some("LaunchTemplateSet")
    );
}

#[test]
fn g2_empty_type_with_example_value_is_a_scalar_list() {
    let t = table(
        "Zones|||Zones.
         AvailableDiskCategories||cloud|Categories, a List.
         LocalName|String|Hangzhou|Name.
         ZoneId|String|z|ID.
         RequestId|String|R|",
    );
    let ex = json!({"Zones": {"Zone": [{"AvailableDiskCategories": {"DiskCategories": ["cloud"]},
        "LocalName": "", "ZoneId": "z"}]}, "RequestId": "R"});
    let (f, d, _) = run(Generation::G2, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let el = item_fields(get(&f, "Zones"));
    assert_eq!(
        names(el),
        ["AvailableDiskCategories", "LocalName", "ZoneId"]
    );
    let cats = get(el, "AvailableDiskCategories");
    assert_eq!(cats.ty, Type::List);
    assert_eq!(cats.wrapper.as_deref(), Some("DiskCategories"));
}

#[test]
fn g1_link_to_data_type_page() {
    let mut main = table(
        "TotalCount|Integer||
         Instances|InstanceAttributesType||由InstanceAttributesType组成的数组格式",
    );
    main.rows[1].link = Some("InstanceAttributesType".into());
    let mut calls = Vec::new();
    let mut resolve = |name: &str| {
        calls.push(name.to_string());
        match name {
            "InstanceAttributesType" => {
                let sg = table("SecurityGroupIds|SecurityGroupIdSetType||");
                let mut sg = sg;
                sg.rows[0].link = Some("SecurityGroupIdSetType".into());
                let mut inner = |n: &str| {
                    (n == "SecurityGroupIdSetType").then(|| DataType {
                        name: n.into(),
                        node_name: Some("SecurityGroupIds".into()),
                        fields: data_type_fields(
                            &[table("SecurityGroupId|String||ID")],
                            &mut |_| None,
                            &mut Vec::new(),
                        ),
                    })
                };
                let mut fields = data_type_fields(
                    &[table("InstanceId|String||ID\nVpcAttributes|Struct||")],
                    &mut inner,
                    &mut Vec::new(),
                );
                fields.extend(data_type_fields(&[sg], &mut inner, &mut Vec::new()));
                Some(DataType {
                    name: name.into(),
                    node_name: Some("由接口决定".into()),
                    fields,
                })
            }
            _ => None,
        }
    };
    let ex = json!({"Instances": {"Instance": [{"InstanceId": "i",
        "SecurityGroupIds": {"SecurityGroupId": ["sg"]}}]}, "TotalCount": "1", "RequestId": "R"});
    let mut d = Vec::new();
    let (r, _) = recover_with_stats(1, Generation::G1, &[main], &[ex], &[], &mut resolve, &mut d);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(calls, ["InstanceAttributesType"]);
    assert_eq!(names(&r.fields), ["TotalCount", "Instances", "RequestId"]);
    // The table's type wins over the example's quoted number.
    assert_eq!(get(&r.fields, "TotalCount").ty, Type::Integer);
    let inst = get(&r.fields, "Instances");
    assert_eq!(inst.ty, Type::List);
    assert_eq!(inst.wrapper.as_deref(), Some("Instance"));
    let el = item_fields(inst);
    assert_eq!(
        names(el),
        ["InstanceId", "VpcAttributes", "SecurityGroupIds"]
    );
    let sg = get(el, "SecurityGroupIds");
    assert_eq!(sg.ty, Type::List);
    assert_eq!(sg.wrapper.as_deref(), Some("SecurityGroupId"));
    assert_eq!(sg.item.as_deref().map(|i| i.ty), Some(Type::String));
    assert_eq!(get(&r.fields, "RequestId").ty, Type::String);
}

#[test]
fn g1_captioned_sub_tables() {
    let main = table(
        "TotalCount|Integer||
         Commands|Array||命令数据集类型（`CommandSetType`）",
    );
    let mut set = table("Command|Array||命令类型（`CommandType`）");
    set.caption = Some("数据集类型 CommandSetType".into());
    let mut ty = table(
        "CommandId|String||ID
         Name|String||Name",
    );
    ty.caption = Some("命令类型 CommandType".into());
    let mut dh = table(
        "DedicatedHostTypes|Array of DedicatedHostType||
         Other|String||",
    );
    dh.rows.truncate(1);
    let mut dht = table(
        "DedicatedHostType|String||
         Sockets|Integer||",
    );
    dht.caption = Some("DedicatedHostType".into());
    let (f, d, _) = run(Generation::G1, &[main, set, ty], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert!(
        !d.iter().any(|d| d.kind == "response-table-unused"),
        "{d:?}"
    );
    let c = get(&f, "Commands");
    assert_eq!(c.ty, Type::List);
    assert_eq!(c.wrapper.as_deref(), Some("Command"));
    assert_eq!(names(item_fields(c)), ["CommandId", "Name"]);

    let (f, d, _) = run(Generation::G1, &[dh, dht], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let h = get(&f, "DedicatedHostTypes");
    assert_eq!(h.wrapper.as_deref(), Some("DedicatedHostType"));
    assert_eq!(names(item_fields(h)), ["DedicatedHostType", "Sockets"]);
}

#[test]
fn g1_prose_only_response_is_request_id() {
    let (f, d, _) = run(Generation::G1, &[], &[]);
    assert!(d.is_empty());
    assert_eq!(names(&f), ["RequestId"]);
    assert_eq!(f[0].rust_name, "request_id");
}

#[test]
fn dotted_names_are_literal_and_indexed_rows_group() {
    let t = table(
        "SystemDisk.Category|String||
         DataDisk.n.Size|Integer||
         DataDisk.n.Category|String||",
    );
    let ex = json!({"SystemDisk.Category": "x", "DataDisks": {"DataDisk": [{"Size": 1}]}});
    let (f, d, _) = run(Generation::G1, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(names(&f), ["SystemDisk.Category", "DataDisks", "RequestId"]);
    assert_eq!(f[0].rust_name, "system_disk_category");
    let dd = get(&f, "DataDisks");
    assert_eq!(dd.wrapper.as_deref(), Some("DataDisk"));
    assert_eq!(names(item_fields(dd)), ["Size", "Category"]);
}

#[test]
fn a_field_name_can_have_a_known_home_in_several_blocks() {
    // PutEventRuleTargets (cms zh-CN): `Id` and `Region` in each Failed*Parameters block.
    let t = table(
        "RequestId|String|R|Request.
         FailedFcParameters|||Failed FC targets.
         FunctionName|String|f|Function.
         Id|Integer|1|Target.
         Region|String|cn-hangzhou|Region.
         FailedMnsParameters|||Failed MNS targets.
         Id|Integer|2|Target.
         Queue|String|q|Queue.
         Region|String|cn-hangzhou|Region.",
    );
    let placements = [
        Placement {
            field: "Id",
            parent: "FailedFcParameters",
        },
        Placement {
            field: "Region",
            parent: "FailedFcParameters",
        },
        Placement {
            field: "Id",
            parent: "FailedMnsParameters",
        },
        Placement {
            field: "Queue",
            parent: "FailedMnsParameters",
        },
        Placement {
            field: "Region",
            parent: "FailedMnsParameters",
        },
    ];
    let mut d = Vec::new();
    let mut none = |_: &str| None;
    let (r, _) = recover_with_stats(1, Generation::G3, &[t], &[], &placements, &mut none, &mut d);
    assert!(errors(&d).is_empty(), "{d:?}");
    let fc = get(&r.fields, "FailedFcParameters");
    let fc = fc.item.as_ref().map_or(&fc.fields, |i| &i.fields);
    assert_eq!(names(fc), ["FunctionName", "Id", "Region"]);
    let mns = get(&r.fields, "FailedMnsParameters");
    let mns = mns.item.as_ref().map_or(&mns.fields, |i| &i.fields);
    assert_eq!(names(mns), ["Id", "Queue", "Region"]);
}

#[test]
fn n_a_type_is_a_wrapper_row() {
    // CMS writes G3's empty wrapper cells as `N/A` (DescribeActiveMetricRuleList).
    let t = table(
        "AlertList|Array of Alert|N/A|The alert rules.
         Alert|N/A|N/A|N/A
         AlertState|String|OK|State.
         RequestId|String|R|Request.",
    );
    let (f, d, _) = run(Generation::G3, &[t], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let list = get(&f, "AlertList");
    assert_eq!(
        (list.ty, list.wrapper.as_deref()),
        (Type::List, Some("Alert"))
    );
    assert_eq!(names(item_fields(list)), ["AlertState"]);
}

#[test]
fn unknown_type_is_an_error_and_names_are_unique() {
    let t = table(
        "Foo|Frobnicated||
         Type|String||
         type|String||",
    );
    let (f, d, _) = run(Generation::G3, &[t], &[]);
    let e = errors(&d);
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].kind.as_str(), e[0].line), ("response-type", 10));
    assert_eq!(get(&f, "Foo").ty, Type::String);
    let rust: Vec<&str> = f.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(rust, ["foo", "type_", "type__2", "request_id"]);
}

#[test]
fn data_type_cycles_are_cut() {
    fn resolve(name: &str) -> Option<DataType> {
        let mut t = table("Child|LoopType||");
        t.rows[0].link = Some("LoopType".into());
        let mut d = Vec::new();
        let fields = data_type_fields(&[t], &mut resolve, &mut d);
        Some(DataType {
            name: name.into(),
            node_name: None,
            fields,
        })
    }
    let mut d = Vec::new();
    let mut t = table("Loop|LoopType||");
    t.rows[0].link = Some("LoopType".into());
    let (r, _) = recover_with_stats(1, Generation::G1, &[t], &[], &[], &mut resolve, &mut d);
    assert_eq!(names(&r.fields), ["Loop", "RequestId"]);
    fn depth(f: &[Field]) -> usize {
        f.iter()
            .map(|f| 1 + depth(&f.fields).max(f.item.as_deref().map_or(0, |i| depth(&i.fields))))
            .max()
            .unwrap_or(0)
    }
    assert!(depth(&r.fields) <= MAX_DEPTH + 2);
    // The cut is reported where the loop closes (inside the data type's own reading).
    let mut inner = Vec::new();
    let mut t = table("Child|LoopType||");
    t.rows[0].link = Some("LoopType".into());
    RESOLVING.with(|r| r.borrow_mut().push("LoopType".into()));
    let _ = data_type_fields(&[t], &mut resolve, &mut inner);
    RESOLVING.with(|r| r.borrow_mut().clear());
    assert!(
        inner.iter().any(|d| d.kind == "response-type-cycle"),
        "{inner:?}"
    );
}

#[test]
fn hostile_input_does_not_panic() {
    let t = table(
        "└|||
         Array of|Array of||
         └└x|Struct||
         |||
         é.n.|List||
         Instance|||",
    );
    let ex = json!({"": [[], {"a": [1, {"b": []}]}], "x": {"y": {"z": null}}});
    let _ = run(
        Generation::G2,
        std::slice::from_ref(&t),
        &[ex.clone(), json!([1, 2]), json!("s")],
    );
    let _ = run(Generation::G1, &[t.clone(), t], &[ex]);
}

/// Measurement over the corpus (`cargo test -p ecs-codegen --lib response -- --ignored
/// --nocapture`): response errors per folder and the FORMAT.md §13 hard pages.
#[test]
#[ignore]
fn corpus_measurement() {
    let root = std::env::var("ECS_CORPUS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus").to_string()
    });
    for folder in ["ecs/en-US", "ecs/zh-CN", "ecs/zh-CN-legacy"] {
        let dir = std::path::Path::new(&root).join(folder);
        let Ok(pages) = crate::parse_dir(&dir) else {
            continue;
        };
        let actions: Vec<_> = pages
            .iter()
            .filter(|p| p.kind == crate::ir::PageKind::Action)
            .collect();
        let clean = actions
            .iter()
            .filter(|p| {
                !p.diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error && d.kind.starts_with("response"))
            })
            .count();
        println!(
            "{folder}: {clean}/{} action pages without response errors",
            actions.len()
        );
    }
}

#[test]
fn dotted_names_nest_unless_the_example_has_the_dotted_key() {
    // DescribeDisksFullStatus: `HealthStatus.Code` rows, `"HealthStatus": {"Code": ..}` example;
    // one page writes `Status. Code` with a stray space.
    let t = table(
        "DiskId|String|d-1|Disk.
         HealthStatus.Code|Integer|1|Code.
         HealthStatus.Name|String|ok|Name.
         Status. Code|Integer|1|Code.
         CityName.en|String|Xian|Literal.",
    );
    let ex = json!({"DiskId": "d-1", "HealthStatus": {"Code": 1, "Name": "ok"},
        "Status": {"Code": 1}, "CityName.en": "Xian", "RequestId": "R"});
    let (f, d, _) = run(Generation::G3, std::slice::from_ref(&t), &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(
        names(&f),
        [
            "DiskId",
            "HealthStatus",
            "Status",
            "CityName.en",
            "RequestId"
        ]
    );
    let hs = get(&f, "HealthStatus");
    assert_eq!(
        (hs.ty, names(&hs.fields)),
        (Type::Struct, vec!["Code", "Name"])
    );
    assert_eq!(hs.fields[0].rust_name, "code");
    assert_eq!(names(&get(&f, "Status").fields), ["Code"]);
    // Without an example the page does not say which form the wire has: nested, and reported.
    let (f, d, _) = run(Generation::G3, &[t], &[]);
    let e = errors(&d);
    assert_eq!(e.len(), 4, "{e:?}");
    assert!(e.iter().all(|e| e.kind == "response-dotted"));
    assert_eq!(names(&get(&f, "CityName").fields), ["en"]);
}

#[test]
fn names_that_are_not_wire_names() {
    // NodeInstall (cms en-US): `Error code` for the example's ErrorCode; a sentence and an
    // empty name cell are errors.
    let t = table(
        "Success|Boolean|true|Success.
         Error code|Integer|200|Code.
         Page number of the list|Integer|1|Page.
         |String|x|The policy name.",
    );
    let ex = json!({"Success": true, "ErrorCode": 200, "PageNumber": 1, "RequestId": "R"});
    let (f, d, _) = run(Generation::G3, &[t], &[ex]);
    assert_eq!(get(&f, "ErrorCode").ty, Type::Integer);
    assert!(d
        .iter()
        .any(|d| d.kind == "response-name-words" && d.line == 11));
    let e = errors(&d);
    assert_eq!(
        e.iter()
            .map(|e| (e.kind.as_str(), e.line))
            .collect::<Vec<_>>(),
        [("response-name", 12), ("response-name", 13)]
    );
    assert!(super::wire_names::is_identifier("zh_CN"));
    assert!(!super::wire_names::is_identifier("Page number"));
}

#[test]
fn another_version_settles_a_row_two_blocks_explain() {
    // ROS ListStackResources: `UpdateTime` after the Resources items, absent from the example:
    // the top level or Resources.
    let t = table(
        "RequestId|String|R|Request.
         Resources|Array of Resource||Resources.
         CreateTime|String|t|Created.
         StackId|String|s|Stack.
         UpdateTime|String|t|Updated.",
    );
    let (_, d, _) = run(Generation::G3, std::slice::from_ref(&t), &[]);
    assert!(
        errors(&d).iter().any(|e| e.kind == "response-nesting"),
        "{d:?}"
    );
    let other = vec![
        ("Resources".to_string(), String::new()),
        ("StackId".to_string(), "Resources".to_string()),
        ("UpdateTime".to_string(), "Resource".to_string()),
    ];
    let known = Known {
        placements: &[],
        other_version: &other,
        evidence: &[],
    };
    let mut d = Vec::new();
    let mut none = |_: &str| None;
    let (r, _) = recover_known(1, Generation::G3, &[t], &[], &known, &mut none, &mut d);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert!(d.iter().any(|d| d.kind == "response-placed-by-version"));
    let res = get(&r.fields, "Resources");
    assert_eq!(
        names(item_fields(res)),
        ["CreateTime", "StackId", "UpdateTime"]
    );
}

#[test]
fn indentation_of_the_markers_gives_the_level() {
    // CDN zh-CN DescribeDomainConfigs: two spaces per level before `└`.
    let rows = [
        "RequestId|String|R|Request.",
        "DomainConfigs|||Configs.",
        "  └SrcHostConfig|||Host.",
        "    └ConfigId|String|1|Id.",
        "    └Status|String|ok|Status.",
        "  └VideoSeekConfig|||Seek.",
        "    └ConfigId|String|1|Id.",
        "    └Enable|String|on|Switch.",
        "    └Status|String|ok|Status.",
    ];
    let t = RespTable {
        line: 9,
        caption: None,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let c: Vec<&str> = l.split('|').collect();
                row(i as u32 + 10, c[0], c[1], c[2], c[3])
            })
            .collect(),
    };
    let (f, d, _) = run(Generation::G2, &[t], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let inner = |f: &Field| -> Vec<String> {
        let fs = f.item.as_ref().map_or(&f.fields, |i| &i.fields);
        fs.iter().map(|f| f.name.clone()).collect()
    };
    let dc = get(&f, "DomainConfigs");
    assert_eq!(inner(dc), ["SrcHostConfig", "VideoSeekConfig"], "{dc:#?}");
    let fs = dc.item.as_ref().map_or(&dc.fields, |i| &i.fields);
    assert_eq!(
        inner(get(fs, "VideoSeekConfig")),
        ["ConfigId", "Enable", "Status"]
    );
}

/// `(name cell, type)` rows from line 10, name cells kept as written (indentation included),
/// each with a description.
fn indented(rows: &[(&str, &str)]) -> RespTable {
    RespTable {
        line: 9,
        caption: None,
        rows: rows
            .iter()
            .zip(10..)
            .map(|((name, ty), line)| row(line, name, ty, "", "A field."))
            .collect(),
    }
}

/// A translation tool left text before the tree marker (`Hu HU └ Enable`) and dropped a
/// marker (`"Rangeconfig"`): the names are read without that text, and the rows' levels come
/// from the example and their neighbours, each with a warning.
#[test]
fn text_before_a_marker_and_a_lost_marker_are_read_by_the_example() {
    let t = indented(&[
        ("RequestId", "String"),
        ("DomainConfigs", ""),
        ("  └OptimizeConfig", ""),
        ("    └ConfigId", "String"),
        ("Hu HU └ Enable", "String"),
        ("    └Status", "String"),
        ("\"Rangeconfig\"", ""),
        ("    └Enable", "String"),
    ]);
    let ex = json!({"RequestId": "r", "DomainConfigs": {
        "OptimizeConfig": {"ConfigId": "1", "Enable": "off", "Status": "ok"},
        "RangeConfig": {"Enable": "on"}}});
    let (f, d, _) = run(Generation::G2, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(names(&f), ["RequestId", "DomainConfigs"]);
    let configs = &get(&f, "DomainConfigs").fields;
    assert_eq!(names(configs), ["OptimizeConfig", "RangeConfig"]);
    assert_eq!(
        names(&get(configs, "OptimizeConfig").fields),
        ["ConfigId", "Enable", "Status"]
    );
    assert_eq!(names(&get(configs, "RangeConfig").fields), ["Enable"]);
    let kinds: Vec<(u32, &str)> = d
        .iter()
        .filter(|d| d.kind.starts_with("response-name-prefix") || d.kind == "response-marker-lost")
        .map(|d| (d.line, d.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [(14, "response-name-prefix"), (16, "response-marker-lost")]
    );
}

/// Unevenly indented levels (`└Value` beside `  └TimeStamp`) also put a deep row after a
/// top-level one; where the example has that row at the top level, or not at all, it stays
/// at the top level.
#[test]
fn an_unmarked_row_the_example_has_at_the_top_stays_there() {
    let t = indented(&[
        ("RequestId", "String"),
        ("BpsData", ""),
        ("  └TimeStamp", "String"),
        ("└Value", "String"),
        ("SupplyData", ""),
        ("  └TimeStamp", "String"),
    ]);
    for ex in [
        json!({"RequestId": "r", "BpsData": {"TimeStamp": "t", "Value": "1"},
            "SupplyData": {"TimeStamp": "t"}}),
        json!({"RequestId": "r", "BpsData": {"TimeStamp": "t", "Value": "1"}}),
    ] {
        let (f, d, _) = run(Generation::G2, std::slice::from_ref(&t), &[ex]);
        assert_eq!(names(&f), ["RequestId", "BpsData", "SupplyData"]);
        assert!(!d.iter().any(|d| d.kind == "response-marker-lost"), "{d:?}");
    }
}

/// `|Resources|Array|The ProjectMeta list|` with the fields in a `## ProjectMeta fields`
/// section (cms/en-US QueryProjectMeta.md): the type the description calls the value a list
/// of is the element, with a warning; a description that merely mentions a type decides
/// nothing.
#[test]
fn an_array_whose_description_names_a_type_of_the_page() {
    let main = table(
        "RequestId|String|r|ID
         Resources|Array||The ProjectMeta list",
    );
    let mut meta = table(
        "Project|String|acs_ecs|The project.
         Description|String|d|What it is.",
    );
    meta.caption = Some("ProjectMeta".into());
    let (f, d, _) = run(Generation::G1, &[main.clone(), meta.clone()], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert!(d
        .iter()
        .any(|d| d.kind == "response-element-by-description" && d.line == 11));
    let item = get(&f, "Resources").item.as_deref().expect("element");
    assert_eq!(item.type_name.as_deref(), Some("ProjectMeta"));
    assert_eq!(names(&item.fields), ["Project", "Description"]);
    for said in ["ProjectMeta 列表", "A list of ProjectMeta."] {
        let mut m = main.clone();
        m.rows[1].description = said.into();
        let (f, d, _) = run(Generation::G1, &[m, meta.clone()], &[]);
        assert!(errors(&d).is_empty(), "{said}: {d:?}");
        assert_eq!(
            names(&get(&f, "Resources").item.as_deref().unwrap().fields).len(),
            2
        );
    }
    for said in [
        "The IDs of each ProjectMeta",
        "The ProjectMeta list, see also OtherMeta",
    ] {
        let mut m = main.clone();
        m.rows[1].description = said.into();
        let (_, d, _) = run(Generation::G1, &[m, meta.clone()], &[]);
        assert!(
            d.iter().any(|d| d.kind == "response-type" && d.line == 11),
            "{said}: {d:?}"
        );
    }
}

/// A one-row table whose description spans lines, as a page's cell does.
fn described(name: &str, ty: &str, desc: &str) -> RespTable {
    RespTable {
        line: 9,
        caption: None,
        rows: vec![row(10, name, ty, "", desc)],
    }
}

fn values(f: &Field) -> Vec<&str> {
    f.enum_values.iter().map(|e| e.value.as_str()).collect()
}

#[test]
fn a_status_row_keeps_its_bulleted_value_set() {
    // DescribeDisks (en-US), `Disks.Disk[].Status`.
    let t = described(
        "Status",
        "String",
        "The state of the cloud disk. Valid values:\n\n-   In_use\n-   Available\n-   Attaching\n-   Detaching\n-   Creating\n-   ReIniting",
    );
    let (f, d, _) = run(Generation::G3, &[t], &[]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(
        values(get(&f, "Status")),
        [
            "In_use",
            "Available",
            "Attaching",
            "Detaching",
            "Creating",
            "ReIniting"
        ]
    );
}

#[test]
fn a_zh_status_row_keeps_its_value_set_with_meanings() {
    // DescribeSnapshots (zh-CN), `Snapshots.Snapshot[].Status`: `取值范围：` + `value：meaning`.
    let t = described(
        "Status",
        "String",
        "快照状态。取值范围：\n\n -   progressing：正在创建的快照。\n-   accomplished：创建成功的快照。\n-   failed：创建失败的快照。",
    );
    let (f, _, _) = run(Generation::G3, &[t], &[]);
    let s = get(&f, "Status");
    assert_eq!(values(s), ["progressing", "accomplished", "failed"]);
    assert_eq!(s.enum_values[1].doc, "创建成功的快照。");
    // `可能值：` labels a set as well (DescribeDisks, zh-CN).
    let t = described(
        "Status",
        "String",
        "云盘状态。可能值：\n\n -   In_use\n-   Available\n-   Creating",
    );
    let (f, _, _) = run(Generation::G3, &[t], &[]);
    assert_eq!(
        values(get(&f, "Status")),
        ["In_use", "Available", "Creating"]
    );
}

#[test]
fn a_row_without_a_value_set_or_with_a_range_has_none() {
    // DescribeInstances (en-US): the response row names no values (the request's filter does).
    let t = described("Status", "String", "The status of the instance.");
    let (f, d, _) = run(Generation::G3, &[t], &[]);
    assert!(get(&f, "Status").enum_values.is_empty());
    // A numeric range is a request rule, not a value set; and nothing is reported for it.
    let t = described(
        "Bandwidth",
        "Integer",
        "The bandwidth. Valid values: 1 to 100. Unit: Mbit/s.",
    );
    let (f, d2, _) = run(Generation::G3, &[t], &[]);
    assert!(get(&f, "Bandwidth").enum_values.is_empty());
    assert!(d.iter().chain(&d2).all(|d| d.kind != "constraint-unread"));
}

/// `|TotalCount|Interger|12|…|` (a misspelt type name): read as the one type name near it,
/// with a warning; a word near no type name (`Link`) is still a data type.
#[test]
fn a_misspelt_response_type_is_the_type_name_near_it() {
    let t = table(
        "TotalCount|Interger|12|The total number.
         Enabled|Boolen|true|Whether it is on.
         RequestId|String|r-1|The request ID.",
    );
    let ex = json!({"TotalCount": 12, "Enabled": true, "RequestId": "r-1"});
    let (f, d, _) = run(Generation::G3, &[t], &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(get(&f, "TotalCount").ty, Type::Integer);
    assert_eq!(get(&f, "Enabled").ty, Type::Boolean);
    let guessed: Vec<&Diagnostic> = d
        .iter()
        .filter(|d| d.kind == "response-type-guessed")
        .collect();
    assert_eq!(guessed.len(), 2, "{d:?}");
    assert!(guessed[0]
        .message
        .contains("`Interger` is 1 edit from `Integer`"));
}

/// DescribeInstances-like rows: `PrivatePoolOptions` documented as an object by its own row,
/// its members written `PrivatePoolOptions.Id`, and an example without the object at all: the
/// dots nest, with a warning. An example that shows the object without the member, or no row
/// that documents the parent, is still an error.
#[test]
fn dotted_names_without_an_example_nest_under_the_row_that_documents_the_parent() {
    let t = table(
        "InstanceId|String|i-1|The ID.
         PrivatePoolOptions|Object||The private pool options.
         PrivatePoolOptions.Id|String|eap-1|The pool ID.
         PrivatePoolOptions.MatchCriteria|String|Open|The match mode.",
    );
    let ex = json!({"InstanceId": "i-1", "RequestId": "R"});
    let (f, d, _) = run(Generation::G3, std::slice::from_ref(&t), &[ex]);
    assert!(errors(&d).is_empty(), "{d:?}");
    let p = get(&f, "PrivatePoolOptions");
    assert_eq!(
        (p.ty, names(&p.fields)),
        (Type::Struct, vec!["Id", "MatchCriteria"])
    );
    let w: Vec<u32> = d
        .iter()
        .filter(|d| d.kind == "response-dotted-nested")
        .map(|d| d.line)
        .collect();
    assert_eq!(w, [12, 13]);
    // The example shows the object, without the member: the example and the rows disagree.
    let ex = json!({"InstanceId": "i-1", "PrivatePoolOptions": {"Other": 1}, "RequestId": "R"});
    let (_, d, _) = run(Generation::G3, std::slice::from_ref(&t), &[ex]);
    assert_eq!(errors(&d).len(), 2, "{d:?}");
}

/// The same rows as above with no other version in the type folders, but the page in the
/// other language (or another version in history/) puts `UpdateTime` in the items: that page
/// decides, and the warning names it. A page that does not decide leaves the error.
#[test]
fn the_same_actions_other_pages_decide_a_row_and_are_named() {
    let t = table(
        "RequestId|String|R|Request.
         Resources|Array of Resource||Resources.
         CreateTime|String|t|Created.
         StackId|String|s|Stack.
         UpdateTime|String|t|Updated.",
    );
    let silent = Evidence {
        source: "en-US/ListStackResources/2019-01-01-aaaa.md".into(),
        homes: vec![("RequestId".into(), String::new())],
    };
    let zh = Evidence {
        source: "zh-CN/ListStackResources.md".into(),
        homes: vec![
            ("Resources".into(), String::new()),
            ("StackId".into(), "Resource".into()),
            ("UpdateTime".into(), "Resource".into()),
        ],
    };
    let evidence = [silent.clone(), zh];
    let known = Known {
        placements: &[],
        other_version: &[],
        evidence: &evidence,
    };
    let mut d = Vec::new();
    let mut none = |_: &str| None;
    let (r, _) = recover_known(
        1,
        Generation::G3,
        std::slice::from_ref(&t),
        &[],
        &known,
        &mut none,
        &mut d,
    );
    assert!(errors(&d).is_empty(), "{d:?}");
    let w = d
        .iter()
        .find(|d| d.kind == "response-placed-by-evidence")
        .expect("warning");
    assert!(
        w.message.contains("zh-CN/ListStackResources.md"),
        "{}",
        w.message
    );
    assert_eq!(w.line, 13);
    assert_eq!(
        d.iter()
            .filter(|d| d.kind == "response-placed-by-evidence")
            .count(),
        2
    );
    let res = get(&r.fields, "Resources");
    assert_eq!(
        names(item_fields(res)),
        ["CreateTime", "StackId", "UpdateTime"]
    );
    let only_silent = [silent];
    let known = Known {
        evidence: &only_silent,
        ..known
    };
    let mut d = Vec::new();
    recover_known(1, Generation::G3, &[t], &[], &known, &mut none, &mut d);
    assert!(
        errors(&d).iter().any(|e| e.kind == "response-nesting"),
        "{d:?}"
    );
}
