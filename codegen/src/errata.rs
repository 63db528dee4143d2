//! Known gaps and mistakes in the reference pages that the generic reader cannot resolve from
//! the page alone, each with the page it belongs to and the evidence for the fix. The reader
//! stays free of special cases: it asks this module, and an entry that no longer applies (the
//! page changed) does nothing.

use crate::read::response::Placement;

/// Response rows that the flat G2/G3 tables leave ambiguous and the examples do not show:
/// two open blocks are equally consistent with the type markers and the ASCII order. The
/// parent named here is the one the field's own description and the API's other versions
/// give; the reader uses it only when the page itself cannot decide.
const PLACEMENTS: &[(&str, Placement, &str)] = &[
    (
        "DescribeSnapshots",
        Placement { field: "TagKey", parent: "Tags" },
        "described as \"the tag key of the snapshot\", the pair of TagValue in the Tag rows \
         (en-US DescribeSnapshots.md:147-148); the example's Tags list is empty, and the \
         response has no tag key of its own",
    ),
    (
        "DescribeNetworkInterfaces",
        Placement { field: "QueueNumber", parent: "NetworkInterfaceSets" },
        "described as \"the number of queues supported by the ENI\": an ENI attribute, not one \
         of a private IP (en-US and zh-CN DescribeNetworkInterfaces.md:115)",
    ),
    (
        "DescribeInstanceHistoryEvents",
        Placement { field: "ReleaseTime", parent: "InactiveDisks" },
        "described as the release time of the disk; it follows InactiveDisk's CreationTime..\
         DeviceType (en-US DescribeInstanceHistoryEvents.2.md:115, zh-CN …:139)",
    ),
    (
        "DescribeInstancesFullStatus",
        Placement { field: "ReleaseTime", parent: "InactiveDisks" },
        "the same InactiveDisk block as DescribeInstanceHistoryEvents (DescribeInstancesFullStatus.md:108)",
    ),
    (
        "DescribeInstanceRamRole",
        Placement { field: "RegionId", parent: "" },
        "described as the region of the query; the list items hold only InstanceId and \
         RamRoleName (DescribeInstanceRamRole.md en:40, zh:53)",
    ),
    (
        "DescribeAccountAttributes",
        Placement { field: "ZoneId", parent: "AttributeValues" },
        "a zone belongs to one attribute value (ValueItem: Count, DiskCategory, …, ZoneId), \
         as in the zh-CN XML example's ValueItem (DescribeAccountAttributes.md en:105, zh:98)",
    ),
    (
        "DescribeRecommendInstanceType",
        Placement { field: "InstanceTypeFamily", parent: "InstanceType" },
        "the 2019-01-23 zh-CN version of the page shows InstanceTypeFamily inside InstanceType \
         in its JSON example (zh-CN DescribeRecommendInstanceType.md:130)",
    ),
    (
        "DescribeRecommendInstanceType",
        Placement { field: "Memory", parent: "InstanceType" },
        "described as the instance type's memory size, like Cores beside it; the 2019-01-23 \
         zh-CN version's JSON example has Memory inside InstanceType (history line 165; \
         zh-CN DescribeRecommendInstanceType.md:133)",
    ),
    (
        "DescribeRecommendInstanceType",
        Placement { field: "SupportIoOptimized", parent: "InstanceType" },
        "whether the instance type supports I/O optimisation; in the same 2019-01-23 JSON \
         example it sits inside InstanceType (history line 168; zh-CN …:136)",
    ),
    // The products' pages (products/<product>/<lang>/). CMS responses carry the envelope
    // Code, Message and Success at the top level; where Message is listed after a list's
    // items and the example lacks it, it is still the envelope's.
    (
        "DescribeAlertingMetricRuleResources",
        Placement { field: "Message", parent: "" },
        "\"The returned message.\", listed after the Resources items; Code and Success, the rest \
         of CMS's envelope, are top-level rows (cms en-US and zh-CN :58)",
    ),
    (
        "DescribeExporterOutputList",
        Placement { field: "Message", parent: "" },
        "\"The returned message.\" after the Datapoints items; Code and Success are top-level (cms :37)",
    ),
    (
        "DescribeMonitorGroupInstanceAttribute",
        Placement { field: "Message", parent: "" },
        "\"The error message.\" after the Vpc block; Code and Success are top-level (cms :91)",
    ),
    (
        "DescribeSystemEventHistogram",
        Placement { field: "Message", parent: "" },
        "\"The returned message.\" after the SystemEventHistograms items; Code and Success are \
         top-level (cms :61)",
    ),
    (
        "DeleteMonitorGroup",
        Placement { field: "Message", parent: "" },
        "返回信息 (the returned message) after the Group block; Code and Success are top-level \
         (cms zh-CN :39)",
    ),
    (
        "DescribeMetricRuleTemplateAttribute",
        Placement { field: "Statistics", parent: "Info" },
        "\"The statistical aggregation method for info-level alerts.\" (cms en-US :64)",
    ),
    (
        "DescribeMetricRuleTemplateAttribute",
        Placement { field: "Threshold", parent: "Info" },
        "\"The threshold for info-level alerts.\" (cms en-US :67)",
    ),
    (
        "DescribeMetricRuleTemplateAttribute",
        Placement { field: "Times", parent: "Info" },
        "\"... before an info-level alert is triggered.\" (cms en-US :68)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "MetricRules", parent: "SiteMonitors" },
        "\"The alert rules configured for the site monitoring task.\": an attribute of the task \
         (cms en-US :43)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "Namespace", parent: "MetricRules" },
        "MetricRule's rows from ActionEnable to Threshold describe \"the alert rule\"; Namespace, \
         OkActions, Period, RuleId, RuleName, StateValue, Statistics and Threshold continue its \
         ASCII order after MetricName (cms en-US :53-67)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "OkActions", parent: "MetricRules" },
        "as Namespace (:56)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "Period", parent: "MetricRules" },
        "as Namespace (:57)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "RuleId", parent: "MetricRules" },
        "\"The ID of the alert rule.\" (:60)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "RuleName", parent: "MetricRules" },
        "\"The name of the alert rule.\" (:61)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "StateValue", parent: "MetricRules" },
        "\"The status of the alert rule.\" (:62)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "Statistics", parent: "MetricRules" },
        "\"The statistical method of the alert rule.\" (:66)",
    ),
    (
        "DescribeSiteMonitorAttribute",
        Placement { field: "Threshold", parent: "MetricRules" },
        "\"The threshold for triggering alerts.\", beside ComparisonOperator (:67)",
    ),
    (
        "DescribeMonitoringAgentProcesses",
        Placement { field: "RequestId", parent: "" },
        "the request ID of every response; listed after the NodeProcesses items (cms zh-CN :51)",
    ),
    (
        "DescribeEventRuleTargetList",
        Placement { field: "Url", parent: "WebhookParameters" },
        "回调的URL地址 (the callback URL): the webhook target's URL (cms zh-CN :103)",
    ),
    (
        "DescribeMonitoringAgentProcesses",
        Placement { field: "ProcessUser", parent: "NodeProcesses" },
        "进程用户 (the process's user), beside ProcessName of each NodeProcess (cms zh-CN :48)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Id", parent: "FailedFcParameters" },
        "TargetId of each failed target; every Failed*Parameters block lists Id (cms zh-CN :105)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Region", parent: "FailedFcParameters" },
        "the failed Function Compute target's region, beside FunctionName and ServiceName (:108)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "ServiceName", parent: "FailedFcParameters" },
        "函数服务的名称 (the Function Compute service's name) (:111)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Id", parent: "FailedMnsParameters" },
        "TargetId of the failed MNS target (:132)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Queue", parent: "FailedMnsParameters" },
        "队列名称 (the MNS queue's name) (:120)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Region", parent: "FailedMnsParameters" },
        "the failed MNS target's region, beside Queue (:123)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "FailedContactParameters", parent: "" },
        "a third failed-target block beside FailedFcParameters and FailedMnsParameters (:126)",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Id", parent: "FailedContactParameters" },
        "TargetId of the failed contact target",
    ),
    (
        "PutEventRuleTargets",
        Placement { field: "Level", parent: "FailedContactParameters" },
        "报警通知级别 (the notification level of the contact target), after ContactGroupName (:135)",
    ),
    (
        "GetStackGroupOperation",
        Placement { field: "RetainStacks", parent: "StackGroupOperation" },
        "\"Specifies whether to retain the stack. ... only when the Action parameter is set to \
         DELETE\": it goes with the operation's Action, not its preferences (ros :65)",
    ),
    (
        "GetStackInstance",
        Placement { field: "ParameterValue", parent: "ParameterOverrides" },
        "\"The value of the override parameter.\", after ParameterKey (ros :35)",
    ),
    (
        "ListStackResources",
        Placement { field: "UpdateTime", parent: "Resources" },
        "\"The time when the resource was last updated.\", beside the resource's CreateTime (ros :60)",
    ),
    (
        "GetStack",
        Placement { field: "ResourceType", parent: "InProgressResourceDetails" },
        "资源类型 (the resource type) of an in-progress resource, after its LogicalResourceId \
         (ros zh-CN :135)",
    ),
];

/// The known placements for one action's response rows.
pub fn placements(action: &str) -> Vec<Placement> {
    PLACEMENTS
        .iter()
        .filter(|(a, _, _)| *a == action)
        .map(|(_, p, _)| *p)
        .collect()
}

/// Type cells written another way than the reader's vocabulary (`String`, `Integer`, `Array of
/// X`, `Struct`, ...), as they occur in the products' pages, each with where it was seen. Keys
/// are compared after ASCII lower-casing and with the spaces removed; the value is the
/// spelling the readers understand. An empty value means "no type": the row is a wrapper
/// or container row, as an empty type cell is.
const TYPE_SPELLINGS: &[(&str, &str, &str)] = &[
    ("n/a", "", "CMS and RAM wrapper rows `|Alert|N/A|N/A|N/A|` (cms/en-US DescribeActiveMetricRuleList.md:33)"),
    ("list<string>", "Array of String", "`List< String >` (cms ListContactGroup.md:20)"),
    ("数组", "Array", "nas/zh-CN DescribeZones.md:16 `|Zones|数组|每个元素是一个Zone|`"),
    (
        "stringtostringmap",
        "Json",
        "KMS's EncryptionContext (`String to string map`, kms Encrypt.md:13): a JSON object of \
         string pairs carried in one parameter, `{\"Example\":\"Example\"}`",
    ),
    (
        "timestamp",
        "String",
        "KMS's CreationDate/DeleteDate (`Timestamp`, kms zh-CN CreateKey.md:34): the examples carry \
         `\"2017-06-30T06:07:51Z\"`",
    ),
];

/// Type cells that name an array's element before the word for array: `NodeStatus Array`
/// (cms NodeStatusList.md:22), `KeyVersion的数组` (kms zh-CN ListKeyVersions.md:19).
const ARRAY_SUFFIXES: &[&str] = &[" array", "的数组"];

/// The understood spelling of a type cell, when the page writes it in a known other way
/// (see `TYPE_SPELLINGS`).
pub fn type_spelling(cell: &str) -> Option<std::borrow::Cow<'static, str>> {
    let cell = cell.trim();
    // One word (`String`, `Timestamp`): compared as it is, without building a key.
    if cell.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return TYPE_SPELLINGS
            .iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(cell))
            .map(|(_, v, _)| std::borrow::Cow::Borrowed(*v));
    }
    let lower = cell.to_ascii_lowercase();
    for suffix in ARRAY_SUFFIXES {
        if let Some(x) = lower.strip_suffix(suffix) {
            let x = cell.get(..x.len()).unwrap_or(x).trim();
            if !x.is_empty() && x.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Some(format!("Array of {x}").into());
            }
        }
    }
    let key: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    TYPE_SPELLINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, v, _)| std::borrow::Cow::Borrowed(*v))
}

/// Response rows whose name cell holds words instead of the wire name, with the name the
/// page's example uses for that row.
const RESPONSE_NAMES: &[(&str, &str, &str, &str)] = &[
    (
    "DescribeDisksFullStatus",
    "Page number of the status list of the disks",
    "PageNumber",
    "en-US DescribeDisksFullStatus.md:54 sits between TotalCount and Pagesize; the page's own \
     XML and JSON examples carry PageNumber there (:144, :208), the zh-CN page names it PageNumber",
    ),
    (
        "DescribeDomainBpsData",
        "End time.",
        "EndTime",
        "cdn en-US DescribeDomainBpsData.md:60 `|End time.|String|2015-12-10T20:00Z|End time.|` right \
         after `|StartTime|String|...|Start time.|`; the request pairs StartTime and EndTime",
    ),
    (
        "DescribeDomainHttpCodeData",
        "HTTP return code.",
        "Code",
        "cdn en-US DescribeDomainHttpCodeData.md:52, beside Proportion and Count; the example's \
         CodeProportionData items carry `\"Code\":\"200\"` (:29)",
    ),
    (
        "ListPoliciesForRole",
        "",
        "PolicyName",
        "ram en-US ListPoliciesForRole.md:28 `|└|String|OSS-Administrator|The policy name.|`: the \
         name cell has only the marker; the example's policies carry PolicyName (OSS-Administrator)",
    ),
];

/// The wire name of response row `written` of `action` (the name cell without its `└`
/// marker), when the page's name cell is known to hold something else (see `RESPONSE_NAMES`).
/// The caller keeps the row's marker.
pub fn response_name(action: &str, written: &str) -> Option<&'static str> {
    RESPONSE_NAMES
        .iter()
        .find(|(a, w, _, _)| *a == action && *w == written.trim().trim_start_matches('└').trim())
        .map(|(_, _, n, _)| *n)
}

/// Request rows whose type cell holds something else than a type, with the type the row's
/// description and the product's other pages give.
const PARAM_TYPES: &[(&str, &str, &str, &str)] = &[
    (
        "ListContactGroup",
        "PageNumber",
        "Integer",
        "the type cell repeats the name (`|PageNumber|PageNumber|No|Page number. ...`, cms en-US \
         ListContactGroup.2.md:12, zh-CN :12); every other CMS page types PageNumber Integer",
    ),
    (
        "ImportKeyMaterial",
        "KeyMaterialExpireUnix",
        "Long",
        "typed `Timestamp` (kms zh-CN ImportKeyMaterial.md:23): the key material's expiry as a \
         Unix time in seconds, `0` for never (the row's description and example)",
    ),
    (
        "ListContactGroup",
        "PageSize",
        "Integer",
        "the type cell says `PageNumber` (`|PageSize|PageNumber|No|Page size. ...`, :13); every \
         other CMS page types PageSize Integer",
    ),
];

/// The type of request parameter `wire` of `action` when the page's type cell is known to be
/// wrong (see `PARAM_TYPES`).
pub fn param_type(action: &str, wire: &str) -> Option<&'static str> {
    PARAM_TYPES
        .iter()
        .find(|(a, w, _, _)| *a == action && *w == wire)
        .map(|(_, _, t, _)| *t)
}

/// Product codes (as the OpenAPI Explorer links spell them) of the endpoints that request
/// examples are sent to, for pages without a link: the first label of the host
/// (`cdn.aliyuncs.com`, `kms.cn-hangzhou.aliyuncs.com`). Each code is the one the same
/// product's linked pages use (`#product=Cdn`, `#product=Cms` for `metrics`, ...).
const ENDPOINT_PRODUCTS: &[(&str, &str)] = &[
    ("ecs", "Ecs"),
    ("cdn", "Cdn"),
    ("metrics", "Cms"),
    ("kms", "Kms"),
    ("nas", "NAS"),
    ("vpc", "Vpc"),
    ("ram", "Ram"),
    ("ims", "Ims"),
    ("ros", "ROS"),
    // RAM's AssumeRole page documents the STS API (`https://sts.aliyuncs.com?Action=AssumeRole`).
    ("sts", "Sts"),
];

/// The product code of an SDK package name (`cms` of `com.aliyuncs.cms.model.v20180308`):
/// the known code it spells in lower case.
pub fn product_of_sdk_package(package: &str) -> Option<&'static str> {
    ENDPOINT_PRODUCTS
        .iter()
        .map(|(_, p)| *p)
        .find(|p| p.eq_ignore_ascii_case(package))
}

/// The product an `*.aliyuncs.com` request host belongs to, if known.
pub fn endpoint_product(host: &str) -> Option<&'static str> {
    let label = host.strip_suffix(".aliyuncs.com")?.split('.').next()?;
    ENDPOINT_PRODUCTS
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_spellings_of_other_products() {
        let t = |c: &str| type_spelling(c).map(|s| s.into_owned());
        assert_eq!(t("N/A").as_deref(), Some(""));
        assert_eq!(t("List< String >").as_deref(), Some("Array of String"));
        assert_eq!(
            t("NodeStatus Array").as_deref(),
            Some("Array of NodeStatus")
        );
        assert_eq!(
            t("KeyVersion的数组").as_deref(),
            Some("Array of KeyVersion")
        );
        assert_eq!(t("数组").as_deref(), Some("Array"));
        assert_eq!(t("String to string map").as_deref(), Some("Json"));
        // Spellings the readers know already are left alone.
        assert_eq!(t("String"), None);
        assert_eq!(t("Array of Instance"), None);
    }

    #[test]
    fn response_names_written_as_words() {
        let written = "Page number of the status list of the disks";
        assert_eq!(
            response_name("DescribeDisksFullStatus", written),
            Some("PageNumber")
        );
        assert_eq!(response_name("DescribeDisks", written), None);
    }

    #[test]
    fn wrong_param_type_cells() {
        assert_eq!(param_type("ListContactGroup", "PageSize"), Some("Integer"));
        assert_eq!(param_type("ListContactGroup", "RegionId"), None);
        assert_eq!(param_type("DescribeInstances", "PageSize"), None);
    }

    #[test]
    fn endpoints_name_their_product() {
        assert_eq!(endpoint_product("cdn.aliyuncs.com"), Some("Cdn"));
        assert_eq!(
            endpoint_product("metrics.cn-hangzhou.aliyuncs.com"),
            Some("Cms")
        );
        assert_eq!(endpoint_product("ecs.example.com"), None);
        assert_eq!(endpoint_product("unknown.aliyuncs.com"), None);
    }
}
