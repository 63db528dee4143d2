use super::*;
use proptest::prelude::*;
use serde_json::json;

fn params(r: &RequestExample) -> Vec<(&str, &str)> {
    r.params
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

// --- request URLs ---------------------------------------------------------------------

#[test]
fn a_value_that_lost_its_opening_quote() {
    // history/en-US/DescribeImages/2018-06-15: a bare key and a lost opening quote.
    let text = "{\n  \"Platform\": \"SUSE\",\n  Progress: 100 \",\n  \"Size\": 20\n}";
    assert_eq!(
        parse_json(text, 100).expect("repaired").value["Progress"],
        "100 "
    );
    let j = parse_json(
        "{\n\"Dirquota\": 100 \",\n\"Dirremain\": \"99 \",\nTTL: 1000 \"\n}\n",
        1,
    )
    .expect("json");
    assert_eq!(
        j.value,
        serde_json::json!({"Dirquota": "100 ", "Dirremain": "99 ", "TTL": "1000 "})
    );
    assert!(
        j.repairs.contains(&REPAIR_OPENING_QUOTE.to_string()),
        "{:?}",
        j.repairs
    );
}

#[test]
fn numbered_request_examples_and_their_host() {
    let text =
        "1. http://cdn.aliyuncs.com?Action=AddCdnDomain&CdnType=web&<Public request parameter>\n";
    let r = parse_request(text, 5).expect("request");
    assert_eq!(r.action.as_deref(), Some("AddCdnDomain"));
    assert_eq!(r.params, [("CdnType".to_string(), "web".to_string())]);
    assert_eq!(request_host(text).as_deref(), Some("cdn.aliyuncs.com"));
    assert_eq!(request_host("https://ecs.example.com/?Action=X"), None);
}

#[test]
fn a_key_that_lost_its_colon() {
    let text = "{\n  \"1472659500\": {\n    \"Tianjin\": { {\n      \"China Telecom\" {\n        \"pv\": 5819\n      }\n    }\n  }\n}\n";
    let j = parse_json(text, 1).expect("json");
    // `{ {` is the structure repair's business (`[{`).
    assert_eq!(
        j.value["1472659500"]["Tianjin"][0]["China Telecom"]["pv"],
        5819
    );
    assert!(
        j.repairs.contains(&REPAIR_MISSING_COLON.to_string()),
        "{:?}",
        j.repairs
    );
}

#[test]
fn comment_line_captions_are_blanked() {
    // KMS pages open both example fences with a `//json response` caption.
    let j = parse_json("//json response\n{\n\"RequestId\": \"R\"\n}\n", 30).expect("json");
    assert_eq!(j.value, serde_json::json!({"RequestId": "R"}));
    assert_eq!(j.repairs, [REPAIR_COMMENT_LINE]);
    let x = xml_to_json(
        "//xml response\n<KMS>\n<RequestId>R</RequestId>\n</KMS>\n",
        40,
    )
    .expect("xml");
    assert_eq!(x, serde_json::json!({"RequestId": "R"}));
}

#[test]
fn request_seed_block_verbatim() {
    let text = "https://ecs.aliyuncs.com/?Action=CreateAutoSnapshotPolicy\n&regionId=cn-hangzhou\n&repeatWeekdays=[\"1\"]\n&retentionDays=30\n&timePoints=[\"0\", \"19\"]\n&autoSnapshotPolicyName=FinanceJoshua\n&<公共请求参数>\n";
    let r = parse_request(text, 71).expect("request");
    assert_eq!(r.line, 71);
    assert_eq!(r.action.as_deref(), Some("CreateAutoSnapshotPolicy"));
    assert_eq!(
        params(&r),
        vec![
            ("regionId", "cn-hangzhou"),
            ("repeatWeekdays", "[\"1\"]"),
            ("retentionDays", "30"),
            ("timePoints", "[\"0\", \"19\"]"),
            ("autoSnapshotPolicyName", "FinanceJoshua"),
        ]
    );
}

#[test]
fn request_english_trailer_and_host_variants() {
    for host in [
        "https://ecs.aliyuncs.com/?",
        "http(s)://ecs.aliyuncs.com/?",
        "http://ecs-cn-hangzhou.aliyuncs.com/?",
        "https://ecs.example.com/?",
        "https://ecs.aliyuncs.com?",
        "http(s)://[Endpoint]/?",
        "https://ecs.aliyuncs.com/?&",
    ] {
        for trailer in [
            "&<Common request parameters>",
            "&<Common Request Parameters>",
        ] {
            let text = format!("{host}Action=DescribeDisks\n&RegionId=cn-hangzhou\n{trailer}");
            let r = parse_request(&text, 1).expect(host);
            assert_eq!(r.action.as_deref(), Some("DescribeDisks"), "{host}");
            assert_eq!(params(&r), vec![("RegionId", "cn-hangzhou")], "{host}");
        }
    }
}

#[test]
fn request_spaced_action_and_lowercase_key() {
    let r = parse_request(
        "https://ecs.aliyuncs.com/? Action= DescribeUserdata\n&InstanceId=i-1",
        3,
    )
    .expect("request");
    assert_eq!(r.action.as_deref(), Some("DescribeUserdata"));
    assert_eq!(params(&r), vec![("InstanceId", "i-1")]);
    let r = parse_request("https://ecs.aliyuncs.com/?action=DescribeDisks", 3).expect("request");
    assert_eq!(r.action.as_deref(), Some("DescribeDisks"));
    assert!(r.params.is_empty());
}

#[test]
fn request_one_line_url() {
    let r = parse_request(
        "https://ecs.aliyuncs.com/?Action=DescribeRegions&RegionId=cn-hangzhou&PageSize=10",
        5,
    )
    .expect("request");
    assert_eq!(r.action.as_deref(), Some("DescribeRegions"));
    assert_eq!(
        params(&r),
        vec![("RegionId", "cn-hangzhou"), ("PageSize", "10")]
    );
}

#[test]
fn request_raw_json_values_and_inner_ampersand() {
    let text = "https://ecs.aliyuncs.com/?Action=StartInstances\n&InstanceIds=[\"i-XXXXX\",\"i-YYYYY\"]\n&Query=a&b c\n&Timed=true&Frequency=0 0-5 14 * * ?\n&<公共请求参数>";
    let r = parse_request(text, 1).expect("request");
    assert_eq!(
        params(&r),
        vec![
            ("InstanceIds", "[\"i-XXXXX\",\"i-YYYYY\"]"),
            ("Query", "a&b c"),
            ("Timed", "true"),
            ("Frequency", "0 0-5 14 * * ?"),
        ]
    );
}

#[test]
fn request_action_not_first_and_odd_lines() {
    let text = "https://ecs.aliyuncs.com/?RegionId=cn-hangzhou\n&Action=DescribeInstances\nPageNumber=1\n$BatchOptimization=SuccessFirst\nEventId. 1=\"e-1\"\n&DescribeInstanceVncUrl\n&amp;&lt;Common Request Parameters>";
    let r = parse_request(text, 1).expect("request");
    assert_eq!(r.action.as_deref(), Some("DescribeInstances"));
    assert_eq!(
        params(&r),
        vec![
            ("RegionId", "cn-hangzhou"),
            ("PageNumber", "1"),
            ("BatchOptimization", "SuccessFirst"),
            ("EventId. 1", "\"e-1\""),
            ("DescribeInstanceVncUrl", ""),
        ]
    );
}

#[test]
fn request_rejects_non_urls() {
    assert_eq!(parse_request("{\n\"RequestId\": \"x\"\n}", 1), None);
    assert_eq!(parse_request("<XResponse/>", 1), None);
    assert_eq!(parse_request("", 1), None);
    assert_eq!(parse_request("   \n\n", 1), None);
}

// --- JSON -----------------------------------------------------------------------------

fn repaired(text: &str) -> (Value, Vec<String>) {
    match parse_json(text, 10) {
        Ok(j) => (j.value, j.repairs),
        Err(d) => panic!("{d:?}"),
    }
}

#[test]
fn json_valid_as_is() {
    let (v, r) =
        repaired("{\n\t\"RequestId\":\"F3CD\",\n\t\"AutoSnapshotPolicyId\":\"sp-233e6yl**\"\n}");
    assert_eq!(
        v,
        json!({"RequestId": "F3CD", "AutoSnapshotPolicyId": "sp-233e6yl**"})
    );
    assert!(r.is_empty());
}

#[test]
fn json_http_header() {
    let text = "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"RequestId\": \"x\"\n}";
    let (v, r) = repaired(text);
    assert_eq!(v, json!({"RequestId": "x"}));
    assert_eq!(r, vec!["http-header"]);
}

#[test]
fn json_smart_quotes_and_fullwidth_punctuation() {
    let text =
        "{\n  “InvokeRecordStatus”：“Finished”，\n  \"Message\": \"The input “Name” is bad\"\n}";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({"InvokeRecordStatus": "Finished", "Message": "The input “Name” is bad"})
    );
    assert_eq!(r, vec!["smart-quotes"]);
    // full-width comma after an ASCII string
    let (v, _) = repaired("{\"a\": \"…D541\"，\n\"b\": 1}");
    assert_eq!(v, json!({"a": "…D541", "b": 1}));
}

#[test]
fn json_trailing_commas() {
    let (v, r) = repaired("{\n  \"a\": [1, 2,],\n  \"b\": {\"c\": \"x,\",},\n}");
    assert_eq!(v, json!({"a": [1, 2], "b": {"c": "x,"}}));
    assert_eq!(r, vec!["trailing-comma"]);
}

#[test]
fn json_missing_commas() {
    let text = "{\n    \"RequestId\": \"E69E\",\n    \"HostId\": \"ecs.aliyuncs.com\"\n    \"Code\": 5\n    \"Ok\": true\n    \"List\": [{\"a\": 1}\n {\"a\": 2}]\n    \"N\": null\n    \"E\": 1e5\n}";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({"RequestId": "E69E", "HostId": "ecs.aliyuncs.com", "Code": 5, "Ok": true,
               "List": [{"a": 1}, {"a": 2}], "N": null, "E": 1e5})
    );
    assert_eq!(r, vec!["missing-comma"]);
}

#[test]
fn json_rebrace_flat() {
    // intl.en-US/.../Images/Deleteimage.md: a blank line, then the members, no braces.
    let text = "\n    \"RequestId\": \"C0003E8B-B930-4F59-ADC0-0E209A9012A8\"\n";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({"RequestId": "C0003E8B-B930-4F59-ADC0-0E209A9012A8"})
    );
    assert_eq!(r, vec!["rebrace"]);
    let (v, _) = repaired("\"RequestId\": \"x\",\n\"NetworkInterfaceId\": \"eni-1\"\n");
    assert_eq!(v, json!({"RequestId": "x", "NetworkInterfaceId": "eni-1"}));
}

#[test]
fn json_rebrace_nested_from_indentation() {
    // Shape of history/en-US/DescribeImageSharePermission/2018-06-13: brace lines left blank
    // with their indentation.
    let text = "\n    \"ShareGroups\": {\n        \"ShareGroup\": [\n            \n                \"Group\": \"all\"\n            \n        \n    \n    \"Items\": {\n        \"Item\": [\n            \n                \"Id\": 1,\n                \"On\": false\n            \n            \n                \"Id\": 2,\n                \"On\": true\n            \n        \n    \n    \"TotalCount\": 1,\n    \"RequestId\": \"9AD9\"\n";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({
            "ShareGroups": {"ShareGroup": [{"Group": "all"}]},
            "Items": {"Item": [{"Id": 1, "On": false}, {"Id": 2, "On": true}]},
            "TotalCount": 1,
            "RequestId": "9AD9"
        })
    );
    assert!(r.contains(&"rebrace".to_string()));
}

#[test]
fn json_rebrace_with_partial_braces() {
    let text = "    \"RequestId\": \"1651\",\n    \"Permissions\": {\n        \"Permission\": [{\n            \"IpProtocol\": \"ALL\",\n            \"Policy\": \"Accept\"\n        \n        \n            \"IpProtocol\": \"tcp\",\n            \"Policy\": \"accept\"\n        \n    }\n";
    let (v, _) = repaired(text);
    assert_eq!(
        v,
        json!({"RequestId": "1651", "Permissions": {"Permission": [
            {"IpProtocol": "ALL", "Policy": "Accept"},
            {"IpProtocol": "tcp", "Policy": "accept"}
        ]}})
    );
}

#[test]
fn json_inner_quotes() {
    let text = "{\n  \"Code\": \"InvalidParameter\",\n  \"Message\": \"The Parameter \"EventCycleStatus\" provided is not valid.\"\n}";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({"Code": "InvalidParameter",
               "Message": "The Parameter \"EventCycleStatus\" provided is not valid."})
    );
    assert_eq!(r, vec!["inner-quotes"]);
}

#[test]
fn json_trailing_text() {
    // history/en-US/DescribeRegions/2018-11-15: `}e`
    let (v, r) = repaired("{\n  \"a\": 1\n}e\n");
    assert_eq!(v, json!({"a": 1}));
    assert_eq!(r, vec!["trailing-text"]);
}

#[test]
fn json_unicode_space() {
    // history/en-US/DetachDisk/2018-10-26: no-break spaces in the indentation.
    let (v, r) = repaired("{\n    \u{a0} \u{a0} \"RequestId\": \"a\u{a0}b\"\n}");
    assert_eq!(v, json!({"RequestId": "a\u{a0}b"}));
    assert_eq!(r, vec!["unicode-space"]);
}

#[test]
fn json_bare_key() {
    let (v, r) = repaired("{\n  \"SourceDiskId\": \"d-1\",\n  Totalcount: 1\n}");
    assert_eq!(v, json!({"SourceDiskId": "d-1", "Totalcount": 1}));
    assert_eq!(r, vec!["bare-key"]);
}

#[test]
fn json_structure_object_holding_objects() {
    // ecs/en-US/DescribeKeyPairs.md: `"KeyPair":{ {…} ]`
    let text = "{\n\t\"KeyPairs\": {\n\t\t\"KeyPair\":{\n\t\t\t{\n\t\t\t\t\"KeyPairName\": \"test\"\n\t\t\t}\n\t\t]\n\t},\n\t\"PageSize\":2\n}";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({"KeyPairs": {"KeyPair": [{"KeyPairName": "test"}]}, "PageSize": 2})
    );
    assert_eq!(r, vec!["structure"]);
}

#[test]
fn json_structure_doubled_element_brace() {
    // zh-CN-legacy/DescribeLaunchTemplateVersions.md: `[{ {` … `} }]`
    let text = "{\n\"Sets\":{\n\t\"Set\":[{\n\t\t{\n\t\t\t\"A\":1\n\t\t},\n\t\t{\n\t\t\t\"A\":2\n\t\t}\n\t}]\n}\n}";
    let (v, r) = repaired(text);
    assert_eq!(v, json!({"Sets": {"Set": [{"A": 1}, {"A": 2}]}}));
    assert_eq!(r, vec!["structure"]);
}

#[test]
fn json_structure_members_in_array() {
    // zh-CN-legacy/DescribeSnapshotPackage.md: `"SnapshotPackage": [ "StartTime": … ]`
    let text = "{\n\t\"SnapshotPackages\": {\n\t\t\"SnapshotPackage\": [\n\t\t\t\"StartTime\": \"2017\",\n\t\t\t\"DisplayName\": \"sp\"\n\t\t]\n\t},\n\t\"RequestId\": \"ACD9\"\n}";
    let (v, r) = repaired(text);
    assert_eq!(
        v,
        json!({"SnapshotPackages": {"SnapshotPackage": [{"StartTime": "2017", "DisplayName": "sp"}]},
               "RequestId": "ACD9"})
    );
    assert_eq!(r, vec!["structure"]);
}

#[test]
fn json_structure_stray_line_and_missing_closer() {
    // history/en-US/InvokeCommand/2018-08-24: the closing `}` typed as `|`.
    let (v, r) = repaired("{\n    \"RequestId\":\"540C\",\n    \"InvokeId\":\"t-1\"\n|\n");
    assert_eq!(v, json!({"RequestId": "540C", "InvokeId": "t-1"}));
    assert_eq!(r, vec!["structure"]);
    // A doubled closer at the end.
    let (v, r) = repaired("{\n  \"a\": [1]\n}\n}\n");
    assert_eq!(v, json!({"a": [1]}));
    assert_eq!(r, vec!["structure"]);
}

#[test]
fn json_repairs_are_identity_on_valid_json() {
    let valid = [
        "{\"a\": \"x\", \"b\": \"y\"}",
        "{\n  \"a\": \"“quoted”, ：\",\n  \"b\": [1, 2e3, -4, true, false, null],\n  \"c\": {\"d\": \"e\\\"f\"}\n}",
        "[\n  \"a\",\n  \"b\"\n]",
        "{\"a\":\"x\",\"b\":\"y\"}\n",
        "\"RequestId\"",
    ];
    for text in valid {
        assert!(serde_json::from_str::<Value>(text).is_ok(), "{text}");
        for (name, repair) in REPAIRS {
            assert_eq!(repair(text), text, "{name} changed {text}");
        }
    }
}

#[test]
fn json_error_located_on_page_line() {
    // A value no repair can make sense of.
    let text = "{\n  \"Platform\": \"SUSE\",\n  \"Progress\": @@,\n  \"Size\": 20\n}";
    let d = parse_json(text, 100).expect_err("broken");
    assert_eq!(d.line, 102);
    assert_eq!(d.kind, "example-json");
    assert_eq!(d.severity, crate::ir::Severity::Error);
    let d = parse_json("", 7).expect_err("empty");
    assert_eq!(d.kind, "example-json");
}

#[test]
fn json_error_stays_inside_the_fence_when_repairs_add_lines() {
    // A fence cut short: the repairs close the object on lines the page does not have.
    let text = "{\n\t\"RequestId\":\"409C64DA\",\n\t)是否成功。\n\n";
    let d = parse_json(text, 171).expect_err("broken");
    assert_eq!(d.kind, "example-json");
    assert!(
        (171..=174).contains(&d.line),
        "line {} outside the fence",
        d.line
    );
}

// --- XML ------------------------------------------------------------------------------

#[test]
fn xml_nested_past_the_limit_is_a_located_error_not_a_stack_overflow() {
    let nest = |n: usize| format!("<R>\n{}1{}\n</R>", "<A>".repeat(n), "</A>".repeat(n));
    let v = xml_to_json(&nest(MAX_DEPTH - 1), 10).expect("within the limit");
    assert!(v["A"]["A"].is_object());
    // Deep enough to overflow a 2 MiB test thread without the limit.
    let d = xml_to_json(&nest(50_000), 10).expect_err("too deep");
    assert_eq!(d.kind, "example-xml");
    assert_eq!(d.line, 11, "the line of the too-deep element");
    assert!(d.message.contains("deeper than 128"), "{}", d.message);
}

#[test]
fn xml_seed_example() {
    let text = "<CreateAutoSnapshotPolicyResponse>\n      <RequestId>F3CD6886</RequestId>\n      <AutoSnapshotPolicyId>sp-233e6yl**</AutoSnapshotPolicyId>\n</CreateAutoSnapshotPolicyResponse>\n";
    let v = xml_to_json(text, 85).expect("xml");
    assert_eq!(
        v,
        json!({"RequestId": "F3CD6886", "AutoSnapshotPolicyId": "sp-233e6yl**"})
    );
}

#[test]
fn xml_nesting_and_repeats() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse>\n  <Instances>\n    <Instance><InstanceId>i-1</InstanceId><Tags><Tag><Key>k</Key></Tag></Tags></Instance>\n    <Instance><InstanceId>i-2</InstanceId><Empty/></Instance>\n  </Instances>\n  <TotalCount>2</TotalCount>\n</DescribeInstancesResponse>";
    let v = xml_to_json(text, 1).expect("xml");
    assert_eq!(
        v,
        json!({
            "Instances": {"Instance": [
                {"InstanceId": "i-1", "Tags": {"Tag": {"Key": "k"}}},
                {"InstanceId": "i-2", "Empty": ""}
            ]},
            "TotalCount": "2"
        })
    );
}

#[test]
fn xml_header_and_misplaced_declaration() {
    let text = "HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XResponse><RequestId>r</RequestId></XResponse>";
    assert_eq!(
        xml_to_json(text, 1).expect("xml"),
        json!({"RequestId": "r"})
    );
    let text = "\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XResponse><RequestId>r</RequestId></XResponse>";
    assert_eq!(
        xml_to_json(text, 1).expect("xml"),
        json!({"RequestId": "r"})
    );
    let text = "&lt;XResponse>\n&lt;RequestId>r&lt;/RequestId>\n&lt;/XResponse>";
    assert_eq!(
        xml_to_json(text, 1).expect("xml"),
        json!({"RequestId": "r"})
    );
}

#[test]
fn xml_malformed_is_located() {
    let text = "<XResponse>\n  <RequestId>r</RequestID>\n</XResponse>";
    let d = xml_to_json(text, 50).expect_err("mismatched");
    assert_eq!(d.line, 51);
    assert_eq!(d.kind, "example-xml");
    assert!(xml_to_json("", 1).is_err());
}

// --- classification -------------------------------------------------------------------

#[test]
fn classify_by_info_labels_and_content() {
    let url = "https://ecs.aliyuncs.com/?Action=X\n&A=1";
    let xml = "<XResponse>\n<RequestId>r</RequestId>\n</XResponse>";
    let json = "{\n\"RequestId\": \"r\"\n}";
    let err_xml = "<Error>\n<RequestId>r</RequestId>\n<HostId>ecs.aliyuncs.com</HostId>\n</Error>";
    let err_json =
        "{\n\"RequestId\": \"r\",\n\"HostId\": \"ecs.aliyuncs.com\",\n\"Code\": \"X\"\n}";
    use BlockKind::*;
    assert_eq!(classify("{#request_demo}", &["请求示例"], url), Request);
    assert_eq!(classify("", &["Sample requests"], url), Request);
    assert_eq!(classify("", &["**请求示例一**"], url), Request);
    assert_eq!(
        classify(
            "{#xml_return_success_demo}",
            &["正常返回示例", "`XML` 格式"],
            xml
        ),
        XmlSuccess
    );
    assert_eq!(
        classify("{#json_return_success_demo}", &["`JSON` 格式"], json),
        JsonSuccess
    );
    assert_eq!(
        classify("", &["Sample success responses", "`XML` format"], xml),
        XmlSuccess
    );
    assert_eq!(classify("", &["**JSON format\u{a0}**"], json), JsonSuccess);
    assert_eq!(classify("json", &[], json), JsonSuccess);
    assert_eq!(
        classify("", &["**异常返回示例**", "**XML 格式**"], err_xml),
        XmlError
    );
    assert_eq!(
        classify("", &["**Error response example**", "**XML format**"], xml),
        XmlError
    );
    // The JSON after an error XML block repeats only the format label.
    assert_eq!(classify("", &["**JSON 格式**"], err_json), JsonError);
    // Brace-less JSON and a header-prefixed one.
    assert_eq!(
        classify("", &["**JSON format**"], "\n    \"RequestId\": \"x\"\n"),
        JsonSuccess
    );
    assert_eq!(
        classify(
            "",
            &[],
            "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{}"
        ),
        JsonSuccess
    );
    assert_eq!(classify("", &["`JSON` 格式"], "garbage"), JsonSuccess);
    assert_eq!(classify("", &["something"], "garbage"), Unknown);
    assert_eq!(classify("", &[], ""), Unknown);
}

// --- robustness -----------------------------------------------------------------------

const SEED_JSON: &str = "\n    \"Permissions\": {\n        \"Permission\": [{\n            “IpProtocol”：“ALL”，\n            \"Msg\": \"a \"b\" c\",\n        \n        \n            \"IpProtocol\": \"tcp\"\n        \n    }\n    \"RequestId\": \"1651\"\n}\n}";

proptest! {
    #[test]
    fn mutated_json_never_panics(ops in proptest::collection::vec((0usize..400, 0u8..3, 0usize..8), 0..12)) {
        let mut chars: Vec<char> = SEED_JSON.chars().collect();
        let extra = ['{', '}', '"', ',', '\n', '“', '：', '\\'];
        for (pos, op, what) in ops {
            if chars.is_empty() { break; }
            let at = pos % chars.len();
            match op {
                0 => { chars.remove(at); }
                1 => { let c = chars[at]; chars.insert(at, c); }
                _ => chars.insert(at, extra[what % extra.len()]),
            }
        }
        let text: String = chars.into_iter().collect();
        let _ = parse_json(&text, 1);
        let _ = xml_to_json(&text, 1);
        let _ = parse_request(&text, 1);
        let _ = classify("", &[], &text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_json(&text, 1);
        let _ = xml_to_json(&text, 1);
        let _ = parse_request(&text, 1);
        let _ = classify(&text, &[&text], &text);
    }
}

/// A member of a nested object whose key lost its colon before a string, a number or a
/// literal on the same line (`"InstanceId" "i-1",`).
#[test]
fn json_key_without_its_colon_in_a_nested_object() {
    let text = "{\n  \"Instances\": {\n    \"Instance\": [\n      {\n        \"InstanceId\" \"i-bp1\",\n        \"Cpu\" 2,\n        \"IoOptimized\" true,\n        \"Tags\": {\"Tag\": [{\"TagKey\" \"k\"}]}\n      }\n    ]\n  },\n  \"RequestId\": \"r-1\"\n}";
    let (v, r) = repaired(text);
    let i = &v["Instances"]["Instance"][0];
    assert_eq!(
        (&i["InstanceId"], &i["Cpu"], &i["IoOptimized"]),
        (&json!("i-bp1"), &json!(2), &json!(true))
    );
    assert_eq!(i["Tags"]["Tag"][0]["TagKey"], "k");
    assert_eq!(r, vec![REPAIR_KEY_COLON]);
    // In an array two strings are two elements, for missing-comma to separate.
    let (v, _) = repaired("{\"Ids\": [\"a\" \"b\"]}");
    assert_eq!(v, json!({"Ids": ["a", "b"]}));
}

/// Elements left out and written `...` or `…`.
#[test]
fn json_ellipsis_for_left_out_elements() {
    let text = "{\n  \"InstanceIds\": [\"i-1\", \"i-2\", ...],\n  \"Disks\": {\"Disk\": [\n    {\"DiskId\": \"d-1\"},\n    …\n  ]},\n  \"Version\": \"1.0...\",\n  \"Size\": 1.5\n}";
    let (v, r) = repaired(text);
    assert_eq!(v["InstanceIds"], json!(["i-1", "i-2"]));
    assert_eq!(v["Disks"]["Disk"], json!([{"DiskId": "d-1"}]));
    assert_eq!(v["Version"], "1.0...");
    assert_eq!(v["Size"], 1.5);
    assert!(r.contains(&REPAIR_ELLIPSIS.to_string()), "{r:?}");
}

/// An example cut off inside an array: the dangling comma or key goes, the containers close on
/// the last line, and no line is added (so a later complaint keeps its page line).
#[test]
fn json_cut_off_arrays_are_closed() {
    let text = "{\n  \"RequestId\": \"r-1\",\n  \"Instances\": {\n    \"Instance\": [\n      {\"InstanceId\": \"i-1\"},\n      {\"InstanceId\": \"i-2\"},\n";
    let (v, r) = repaired(text);
    assert_eq!(
        v["Instances"]["Instance"],
        json!([{"InstanceId": "i-1"}, {"InstanceId": "i-2"}])
    );
    assert_eq!(r, vec![REPAIR_CUT_OFF]);
    assert_eq!(close_cut_off(text).lines().count(), text.lines().count());
    let (v, _) = repaired("{\"Ids\": [\"a\", \"b\"");
    assert_eq!(v, json!({"Ids": ["a", "b"]}));
    let (v, _) = repaired("{\"A\": {\"B\": 1,\n \"C\":");
    assert_eq!(v, json!({"A": {"B": 1}}));
    let (v, _) = repaired("{\"A\": {\"B\": 1, \"C\"");
    assert_eq!(v, json!({"A": {"B": 1}}));
}
