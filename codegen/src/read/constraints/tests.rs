use super::*;
use crate::ir::Language::{En, Zh};

fn zh(t: &str) -> (Inferred, Vec<Diagnostic>) {
    infer(t, 10, Zh)
}
fn en(t: &str) -> (Inferred, Vec<Diagnostic>) {
    infer(t, 10, En)
}
fn enums(i: &Inferred) -> Vec<&str> {
    i.constraints
        .enum_values
        .iter()
        .map(|e| e.value.as_str())
        .collect()
}
fn quiet(d: &[Diagnostic]) {
    assert!(d.is_empty(), "unexpected diagnostics: {d:#?}");
}

// ---- the seed page's five parameters ----

#[test]
fn seed_repeat_weekdays() {
    let (i, d) = zh("自动快照的重复日期，单位为天，周期为星期。取值范围：1~7，如1表示周一。\n\n 当一星期内需要创建多次自动快照时，可以传入多个时间点：\n\n -   最多传入7个时间点。\n-   多个时间点用一个格式类似`\"1\", \"2\", … \"7\"`的JSON数组表示，时间点之间用半角逗号（,）隔开。\n\n ");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1, 7]]);
    assert_eq!(i.constraints.max_items, Some(7));
    assert!(i.json_array);
    assert_eq!(i.constraints.origin["ranges"].line, 10);
    assert_eq!(i.constraints.origin["ranges"].text, "取值范围：1~7");
    assert_eq!(i.constraints.origin["max_items"].line, 14);
    assert!(i.constraints.enum_values.is_empty());
}

#[test]
fn seed_time_points() {
    let (i, d) = zh("自动快照的创建时间点，单位为小时。取值范围：0~23，代表00:00至23:00共24个时间点，如1表示01:00。\n\n 当一天内需要创建多次自动快照时，可以传入多个时间点，最多传入24个时间点。\n\n ");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[0, 23]]);
    assert_eq!(i.constraints.max_items, Some(24));
    assert_eq!(i.constraints.origin["max_items"].line, 12);
}

#[test]
fn seed_retention_days() {
    let (i, d) = zh("自动快照的保留时间，单位为天。取值范围：\n\n -   -1：永久保存。\n-   1~65536：指定保存天数。\n\n 默认值：-1\n\n ");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[-1, -1], [1, 65536]]);
    assert_eq!(i.default, Some(("-1".into(), 15)));
    assert_eq!(i.constraints.origin["ranges"].line, 10);
}

#[test]
fn seed_policy_name() {
    let (i, d) = zh("自动快照策略的名称。长度为2~128个英文或中文字符。必须以大小字母或中文开头，不能以http://和https://开头。可以包含数字、半角冒号（:）、下划线（_）或者连字符（-）。\n\n 默认值：空\n\n ");
    quiet(&d);
    let c = &i.constraints;
    assert_eq!((c.min_len, c.max_len), (Some(2), Some(128)));
    assert_eq!(c.not_prefix, vec!["http://", "https://"]);
    let p = c.pattern.as_deref().unwrap();
    assert_eq!(p, r"^[A-Za-z\p{Han}][\s\S]*$");
    let re = regex::Regex::new(p).unwrap();
    assert!(re.is_match("策略1") && re.is_match("Finance") && !re.is_match("1abc"));
    assert_eq!(i.default, None);
    for k in ["min_len", "max_len", "not_prefix", "pattern"] {
        assert_eq!(c.origin[k].line, 10, "{k}");
    }
}

#[test]
fn seed_region_id() {
    let (i, d) =
        zh("自动快照策略所属的地域。您可以调用DescribeRegions查看最新的阿里云地域列表。\n\n ");
    quiet(&d);
    assert_eq!(i, Inferred::default());
}

#[test]
fn seed_action() {
    let (i, d) = zh("系统规定参数。取值：CreateAutoSnapshotPolicy\n\n ");
    quiet(&d);
    assert_eq!(enums(&i), vec!["CreateAutoSnapshotPolicy"]);
}

// ---- ranges ----

#[test]
fn en_ranges() {
    let (i, d) = en("The number of entries. Valid values: 0 to 100. Default value: 10.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[0, 100]]);
    assert_eq!(i.default, Some(("10".into(), 10)));
    let (i, _) = en("Value range: [1, 100]Default value: 10.");
    assert_eq!(i.constraints.ranges, vec![[1, 100]]);
    assert_eq!(i.default.unwrap().0, "10");
    let (i, _) = zh("带宽。取值范围：2～256");
    assert_eq!(i.constraints.ranges, vec![[2, 256]]);
    let (i, _) = zh("取值范围：8 至 30");
    assert_eq!(i.constraints.ranges, vec![[8, 30]]);
    let (i, _) = zh("取值范围为1到16。");
    assert_eq!(i.constraints.ranges, vec![[1, 16]]);
}

#[test]
fn union_inline_pipes() {
    // AllocateDedicatedHosts G1: unescaped pipes plus glued note.
    let (i, d) = zh("购买时长。取值范围：[1, 9] | 12 | 24 | 36说明：单位由PeriodUnit决定。");
    quiet(&d);
    assert_eq!(
        i.constraints.ranges,
        vec![[1, 9], [12, 12], [24, 24], [36, 36]]
    );
}

#[test]
fn range_bullet_item_en() {
    let (i, d) = en("Maximum inbound bandwidth. Value range:-   [1, 200].\n\nDefault value: 200.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1, 200]]);
    assert_eq!(i.default.unwrap(), ("200".into(), 12));
}

#[test]
fn max_min_start_values() {
    let (i, d) = zh("查询结果的页码。起始值：1默认值：1");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1, i64::MAX]]);
    assert_eq!(i.default.unwrap().0, "1");
    let (i, d) = zh("分页查询时设置的每页行数。最大值：50默认值：10");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[i64::MIN, 50]]);
    assert_eq!(i.default.unwrap().0, "10");
    let (i, d) = en("The number of entries per page. Maximum value: 100. Default value: 10.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[i64::MIN, 100]]);
    let (i, _) = zh("最小值：1，最大值：100。");
    assert_eq!(i.constraints.ranges, vec![[1, 100]]);
}

// ---- enums ----

#[test]
fn zh_enum_bullets() {
    let (i, d) = zh("付费方式。取值范围：\n\n -   PrePaid：预付费，包年包月。\n-   PostPaid：按量付费。\n\n 默认值：PostPaid\n\n");
    quiet(&d);
    assert_eq!(enums(&i), vec!["PrePaid", "PostPaid"]);
    assert_eq!(i.constraints.enum_values[0].doc, "预付费，包年包月。");
    assert_eq!(i.default.unwrap(), ("PostPaid".into(), 15));
}

#[test]
fn g1_glued_bullets() {
    let (i, d) = zh("实例网络类型。取值范围：-   classic：经典网络\n-   vpc：VPC\n\n");
    quiet(&d);
    assert_eq!(enums(&i), vec!["classic", "vpc"]);
    let (i, d) = zh("付费方式。取值范围：-   PrePaid：预付费-   PostPaid：按量付费");
    quiet(&d);
    assert_eq!(enums(&i), vec!["PrePaid", "PostPaid"]);
}

#[test]
fn en_enum_bullets() {
    let (i, d) = en("The network type of the instance. Valid values:\n -   classic: classic network\n-   vpc: VPC ");
    quiet(&d);
    assert_eq!(enums(&i), vec!["classic", "vpc"]);
    assert_eq!(i.constraints.enum_values[1].doc, "VPC");
    let (i, d) = en("The status. Valid values:\n\n-   Pending\n-   Running\n");
    quiet(&d);
    assert_eq!(enums(&i), vec!["Pending", "Running"]);
    let (i, d) = en("The unit. Default value: Month. Valid values:\n\n-   Week\n-   Month ");
    quiet(&d);
    assert_eq!(enums(&i), vec!["Week", "Month"]);
    assert_eq!(i.default.unwrap().0, "Month");
    let (i, d) = en("Running mode. Optional values:\n\n -   Standard: standard mode.\n-   Unlimited: unlimited mode.\n\n Default value: null.\n\n");
    quiet(&d);
    assert_eq!(enums(&i), vec!["Standard", "Unlimited"]);
    assert_eq!(i.default, None);
}

#[test]
fn enum_with_note_between_bullets() {
    let (i, d) = zh("是否强制。取值范围：\n\n -   true：允许。\n\n说明： 如果您指定的实例搭载了本地盘，则本地盘也会允许强制更换。\n\n-   false：不允许。\n\n 默认值：false ");
    quiet(&d);
    assert_eq!(enums(&i), vec!["true", "false"]);
    assert_eq!(i.default.unwrap().0, "false");
}

#[test]
fn inline_pipe_enum() {
    let (i, d) = zh("时长单位。取值：week | month | year");
    quiet(&d);
    assert_eq!(enums(&i), vec!["week", "month", "year"]);
}

#[test]
fn set_the_value_to() {
    let (i, d) = en("The operation that you want to perform. Set the value to DescribeInstances.");
    quiet(&d);
    assert_eq!(enums(&i), vec!["DescribeInstances"]);
}

#[test]
fn unlabelled_value_bullets() {
    let (i, d) = zh("是否只预检此次请求。\n\n -   true：发送检查请求，不会创建实例。\n-   false：发送正常请求。\n\n 默认值：false");
    quiet(&d);
    assert_eq!(enums(&i), vec!["true", "false"]);
}

#[test]
fn prose_bullets_are_not_values() {
    let (i, d) = zh("云服务器的主机名。-   点号（.）和短横线（-）不能作为首尾字符，更不能连续使用。\n-   Windows 实例：字符长度为 [2, 15]，不支持点号（.），不能全是数字。\n-   其他类型实例（Linux 等）：字符长度为 [2, 64]，支持多个点号（.）。\n\n");
    quiet(&d);
    assert!(i.constraints.enum_values.is_empty());
    assert_eq!(
        (i.constraints.min_len, i.constraints.max_len),
        (Some(2), Some(64))
    );
    let (i, _) = zh("说明：\n\n请留意以下注意事项：\n\n -   Prefix：前缀。\n-   Suffix：后缀。");
    assert!(i.constraints.enum_values.is_empty());
}

#[test]
fn integer_value_list_is_enum() {
    let (i, d) = en("The period. Valid values:\n\n-   1\n-   2\n-   3\n");
    quiet(&d);
    assert_eq!(enums(&i), vec!["1", "2", "3"]);
    let (i, _) = en("The day. Valid values: 0, 1, 2, 3, 4, 5, and 6.");
    assert_eq!(enums(&i), vec!["0", "1", "2", "3", "4", "5", "6"]);
}

#[test]
fn response_values() {
    let (i, d) = zh("快照状态。可能值：\n\n -   progressing：正在创建的快照。\n-   accomplished：创建成功的快照。");
    quiet(&d);
    assert_eq!(enums(&i), vec!["progressing", "accomplished"]);
}

// ---- lengths ----

#[test]
fn lengths() {
    let (i, d) = zh("名称。长度为[2, 128]个英文或中文字符。");
    quiet(&d);
    assert_eq!(
        (i.constraints.min_len, i.constraints.max_len),
        (Some(2), Some(128))
    );
    let (i, d) = zh("标签值。最多支持64个字符，不能以aliyun、acs:、http://或者https://开头。");
    quiet(&d);
    assert_eq!(i.constraints.max_len, Some(64));
    assert_eq!(i.constraints.max_items, None);
    assert_eq!(
        i.constraints.not_prefix,
        vec!["aliyun", "acs:", "http://", "https://"]
    );
    let (i, _) = zh("命令名称。长度不得超过128个字符。");
    assert_eq!(i.constraints.max_len, Some(128));
    let (i, _) = zh("描述。不超过256个字符。");
    assert_eq!(i.constraints.max_len, Some(256));
    let (i, d) = en("The name must be 2 to 128 characters in length. It must start with a letter and cannot start with http:// or https://.");
    quiet(&d);
    let c = &i.constraints;
    assert_eq!((c.min_len, c.max_len), (Some(2), Some(128)));
    assert_eq!(c.not_prefix, vec!["http://", "https://"]);
    assert_eq!(c.pattern.as_deref(), Some(r"^[A-Za-z][\s\S]*$"));
    let (i, _) = en("The description cannot exceed 64 characters.");
    assert_eq!(i.constraints.max_len, Some(64));
    let (i, _) = en("It must be unique and contains a maximum of 64 ASCII characters.");
    assert_eq!(i.constraints.max_len, Some(64));
    let (i, _) = en("Description of a system disk.-   It can be [2, 256] characters in length.\n-   It cannot begin with `http://` or `https://`.\n\n");
    assert_eq!(
        (i.constraints.min_len, i.constraints.max_len),
        (Some(2), Some(256))
    );
    assert_eq!(i.constraints.not_prefix, vec!["http://", "https://"]);
}

#[test]
fn not_prefix_variants() {
    let (i, _) = en("It cannot begin with \"aliyun\", \"acs:\", \"http://\", or \"https://\".");
    assert_eq!(
        i.constraints.not_prefix,
        vec!["aliyun", "acs:", "http://", "https://"]
    );
    let (i, _) = en("It can neither start with aliyun or acs:, nor contain http:// or https://.");
    assert_eq!(i.constraints.not_prefix, vec!["aliyun", "acs:"]);
    let (i, _) = zh("不能以 aliyun 和 acs: 开头，不能包含 http:// 或者 https:// 。");
    assert_eq!(i.constraints.not_prefix, vec!["aliyun", "acs:"]);
    let (i, _) = zh("不能以`aliyun`或`acs:`开头");
    assert_eq!(i.constraints.not_prefix, vec!["aliyun", "acs:"]);
}

#[test]
fn leading_patterns() {
    let (i, d) = en("Must begin with an uppercase or lowercase letter or a Chinese character.");
    quiet(&d);
    assert_eq!(
        i.constraints.pattern.as_deref(),
        Some(r"^[A-Za-z\p{Han}][\s\S]*$")
    );
    let (i, _) = zh("必须以大小写字母或中文开头");
    assert_eq!(
        i.constraints.pattern.as_deref(),
        Some(r"^[A-Za-z\p{Han}][\s\S]*$")
    );
    let (i, _) = zh("必须以英文字母开头");
    assert_eq!(i.constraints.pattern.as_deref(), Some(r"^[A-Za-z][\s\S]*$"));
    regex::Regex::new(i.constraints.pattern.as_deref().unwrap()).unwrap();
}

// ---- list sizes, N ----

#[test]
fn max_items_and_n() {
    let (i, d) = en("The IDs of instances. The value can be a JSON array that consists of up to 100 instance IDs. Separate the IDs with commas (,).");
    quiet(&d);
    assert_eq!(i.constraints.max_items, Some(100));
    assert!(i.json_array);
    let (i, d) = en("The ID of the disk. Valid values of N: 1 to 20.");
    quiet(&d);
    assert_eq!(i.n_range, Some(([1, 20], 10)));
    assert!(i.constraints.ranges.is_empty());
    let (i, d) = zh("标签键。n的取值范围：[1, 20]。");
    quiet(&d);
    assert_eq!(i.n_range, Some(([1, 20], 10)));
    let (i, _) = zh("数据盘。N 的取值范围：1~16");
    assert_eq!(i.n_range.unwrap().0, [1, 16]);
    // `N取值范围` without 的 (DescribeImageComponents.md:25).
    let (i, _) = zh("待查询的镜像组件ID。N取值范围：1~20");
    assert_eq!(i.n_range.unwrap().0, [1, 20]);
    assert!(i.constraints.ranges.is_empty());
    let (i, _) = en("The key of a tag of which n is from 1 to 20.");
    assert_eq!(i.n_range.unwrap().0, [1, 20]);
    let (i, _) = en("The valid range of `n` is [1, 5].");
    assert_eq!(i.n_range.unwrap().0, [1, 5]);
    let (i, _) = zh("实例ID。格式为[\"i-xxxxxxxxx\", \"i-yyyyyyyyy\", … \"i-zzzzzzzzz\"]");
    assert!(i.json_array);
}

// ---- defaults, deprecation, warnings ----

#[test]
fn defaults() {
    let (i, _) = zh("默认值为1。");
    assert_eq!(i.default.unwrap().0, "1");
    let (i, _) = zh("默认为true");
    assert_eq!(i.default.unwrap().0, "true");
    let (i, _) = en("Default: 1");
    assert_eq!(i.default.unwrap().0, "1");
    let (i, d) = zh("默认值：空，表示快照不会被自动释放。");
    quiet(&d);
    assert_eq!(i.default, None);
    let (_, d) = en("Default value: max{40, ImageSize}.");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind, "constraint-unread");
}

#[test]
fn deprecated() {
    assert!(
        en("This parameter will be removed in the future.")
            .0
            .deprecated
    );
    assert!(zh("该参数即将被弃用。").0.deprecated);
    assert!(!zh("实例ID。").0.deprecated);
}

#[test]
fn unread_phrases_warn() {
    let (i, d) = zh("续费时长。取值范围：-   `PeriodUnit=Week`时，Period 取值：{“1”, “2”, “3”, “4”}\n-   `PeriodUnit=Month`时，Period 取值：{ “1”, “2”}");
    assert!(i.constraints.enum_values.is_empty());
    assert!(!d.is_empty());
    assert!(d.iter().all(|x| x.kind == "constraint-unread"));
    assert_eq!(d[0].line, 10);
    let (_, d) = en("Valid values: the same as the system disk.");
    assert_eq!(d.len(), 1);
}

#[test]
fn conditions_are_not_rules() {
    let (i, d) = zh("参数`SpotStrategy`取值为`SpotWithPriceLimit`时生效。");
    quiet(&d);
    assert_eq!(i, Inferred::default());
}

#[test]
fn code_fences_ignored() {
    let (i, d) = en("Status N. Valid values:\n\n-   Preparing: pending.\n-   Running: running.\n\nValid values of N: 1 to 4.\n\n```\n\n&Status.1=Preparing\n- Valid values: x\n```");
    quiet(&d);
    assert_eq!(enums(&i), vec!["Preparing", "Running"]);
    assert_eq!(i.n_range.unwrap().0, [1, 4]);
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "",
        "\n\n",
        "取值范围：",
        "取值范围：-",
        "Valid values:",
        "-   ",
        "[",
        "长度为[",
        "默认值：",
        "最多",
        "不能以开头",
        "Valid values of N:",
        "取值范围：99999999999999999999999~1",
        "é取值：é",
        "```",
    ] {
        let _ = infer(t, 1, Zh);
        let _ = infer(t, 1, En);
    }
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        let _ = infer(&s, 1, Zh);
    }
}
#[test]
fn corpus_quirks() {
    // The `个字符` after a length read by `长度为` is part of the same phrase.
    let (i, d) = zh(
        "实例的密码。长度为8至30个字符，必须同时包含大小写英文字母、数字和特殊符号中的三类字符。",
    );
    quiet(&d);
    assert_eq!(
        (i.constraints.min_len, i.constraints.max_len),
        (Some(8), Some(30))
    );
    // Glued sentence after a bound.
    let (i, d) = en("Maximum value: 50.Default value: 10.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[i64::MIN, 50]]);
    assert_eq!(i.default.unwrap().0, "10");
    // Open bounds in words.
    let (i, d) = zh("取值范围：大于等于2");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[2, i64::MAX]]);
    let (i, d) = en("Valid values: greater than or equal to 2.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[2, i64::MAX]]);
    // Prefixes named in words; `or contain` ends the list.
    let (i, d) = en("It cannot start with a forward slash.");
    quiet(&d);
    assert_eq!(i.constraints.not_prefix, vec!["/"]);
    let (i, d) = en("The tag key cannot start with acs: or contain http:// or https://.");
    quiet(&d);
    assert_eq!(i.constraints.not_prefix, vec!["acs:"]);
    let (i, d) = en("The name must begin with an English or a Chinese character.");
    quiet(&d);
    assert_eq!(
        i.constraints.pattern.as_deref(),
        Some(r"^[A-Za-z\p{Han}][\s\S]*$")
    );
    // `取值为X时` at a sentence start is a condition.
    let (i, d) = zh("`InstanceChargeType`参数。取值为 `PrePaid` 时才生效且为必选值。");
    quiet(&d);
    assert_eq!(i, Inferred::default());
    // Result-size remarks are not rules.
    let (_, d) = en("If a single tag is specified, up to 1,000 resources that are bound with this tag can be displayed.");
    quiet(&d);
}

// ---- forms found in the corpus's unread-phrase report ----

#[test]
fn bracket_range_without_a_space_is_not_a_thousands_number() {
    // zh-CN-legacy DescribeInstanceHistoryEvents: `\[1,100\]默认值：10`.
    let (i, d) = zh("分页查询时设置的每页行数。取值范围：[1,100]默认值：10");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1, 100]]);
    assert_eq!(i.default, Some(("10".into(), 10)));
    // A thousands group inside brackets still reads as one number.
    let (i, d) = zh("取值范围：[1,000, 2,000]");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1000, 2000]]);
}

#[test]
fn positive_integer_is_an_open_range() {
    let (i, d) = zh("查询结果的页码。取值范围：正整数默认值：1");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1, i64::MAX]]);
    assert_eq!(i.default, Some(("1".into(), 10)));
    let (i, d) = en("Valid values: non-negative integers.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[0, i64::MAX]]);
    // The word must be the whole value; anything more is reported, not guessed.
    for said_more in [
        "取值范围：正整数倍",
        "取值范围：正整数或-1",
        "取值范围：正整数，最大值：100",
        "Valid values: positive integers less than 100.",
    ] {
        let (i, d) = zh(said_more);
        assert!(
            i.constraints.ranges.iter().all(|r| r != &[1, i64::MAX]),
            "{said_more}: {:?}",
            i.constraints.ranges
        );
        assert!(!d.is_empty(), "{said_more}");
    }
}

#[test]
fn a_bracket_with_a_thousands_group_is_not_split() {
    // `[1,024]` is not 1..24.
    let (i, d) = zh("取值范围：[1,024]");
    assert!(i.constraints.ranges.is_empty());
    assert_eq!(d.len(), 1);
}

#[test]
fn a_bound_beside_a_range_narrows_it() {
    let (i, d) = zh("取值范围：大于等于2，最大值：100");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[2, 100]]);
    let (i, d) = en("Valid values: 1 to 10. Maximum value: 5.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[1, 5]]);
    // A bound that leaves nothing of the range is reported; the range stands.
    let (i, d) = en("Valid values: 1 to 10. Minimum value: 20.");
    assert_eq!(i.constraints.ranges, vec![[1, 10]]);
    assert_eq!(d.len(), 1, "{d:?}");
}

#[test]
fn minimum_value_is_a_lower_bound() {
    // `Minimum` starts with `M` too; it was once read as a maximum.
    let (i, d) = en("Minimum value: 20.");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[20, i64::MAX]]);
    let (i, d) = en("Maximum Value: 50");
    quiet(&d);
    assert_eq!(i.constraints.ranges, vec![[i64::MIN, 50]]);
}
