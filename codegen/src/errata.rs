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
