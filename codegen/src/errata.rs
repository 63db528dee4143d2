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
    ("list<string>", "Array of String", "`List< String >` (cms/en-US DescribeMetricList.md)"),
    ("数组", "Array", "nas/zh-CN DescribeZones.md:16 `|Zones|数组|每个元素是一个Zone|`"),
    ("nodestatusarray", "Array of NodeStatus", "cms NodeStatusList.md:22 `NodeStatus Array`"),
];

/// The understood spelling of a type cell, when the page writes it in a known other way
/// (see [`TYPE_SPELLINGS`]).
pub fn type_spelling(cell: &str) -> Option<&'static str> {
    // Every known spelling has a character that is not an ASCII letter or digit.
    if cell.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let key: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    TYPE_SPELLINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, v, _)| *v)
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
        assert_eq!(type_spelling("N/A"), Some(""));
        assert_eq!(type_spelling("List< String >"), Some("Array of String"));
        assert_eq!(
            type_spelling("NodeStatus Array"),
            Some("Array of NodeStatus")
        );
        assert_eq!(type_spelling("数组"), Some("Array"));
        // Spellings the readers know already are left alone.
        assert_eq!(type_spelling("String"), None);
        assert_eq!(type_spelling("Array of Instance"), None);
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
