//! A listed item's field that documents no value set takes the value set of the page's own
//! filter of the same name. DescribeInstances documents `Status` as Pending, Running,
//! Starting, Stopping and Stopped on its request filter, and on the response row only "The
//! status of the instance."; the filter lists the values an item can be found with, so they
//! are the item's values. `All` (the filter's "no filter") is not a value an item has.
//! Only direct string fields of the items of a top-level list are filled, and each gets a
//! `response-values-from-filter` warning naming the filter's line.

use crate::ir::{Diagnostic, Field, Page, Type};

/// Fills the value sets as the module docs say.
pub(crate) fn from_filters(page: &mut Page) {
    let mut diags = Vec::new();
    let params = &page.params;
    for list in page.response.fields.iter_mut() {
        let Some(item) = list.item.as_deref_mut() else {
            continue;
        };
        for f in item.fields.iter_mut() {
            if f.ty != Type::String || !f.enum_values.is_empty() {
                continue;
            }
            let Some(filter) = params.iter().find(|p| p.name == f.name) else {
                continue;
            };
            let values: Vec<_> = filter
                .constraints
                .enum_values
                .iter()
                .filter(|v| !v.value.eq_ignore_ascii_case("all"))
                .cloned()
                .collect();
            if values.len() < 2 {
                continue;
            }
            diags.push(note(f, filter.line, &list.name));
            f.enum_values = values;
        }
    }
    page.diagnostics.extend(diags);
}

fn note(f: &Field, filter_line: u32, list: &str) -> Diagnostic {
    Diagnostic::warning(
        f.line,
        "response-values-from-filter",
        format!(
            "`{list}[].{}` documents no values: took those of the request filter `{}` (line {filter_line})",
            f.name, f.name
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::read::parse_page;

    /// DescribeInstances (en-US), cut to the rows that matter.
    const PAGE: &str = "# DescribeInstances\n\nQueries instances.\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---------|----|--------|-------|-----------|\n|Action|String|Yes|DescribeInstances|The operation that you want to perform. Set the value to DescribeInstances. |\n|RegionId|String|Yes|cn-hangzhou|The region ID. |\n|Status|String|No|Running|The status of the instance. Valid values:\n\n-   Pending\n-   Running\n-   Starting\n-   Stopping\n-   Stopped |\n|InstanceName|String|No|Test|The name of the instance. |\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|---------|----|-------|-----------|\n|Instances|Array of Instance| |The instances. |\n|Instance| | | |\n|InstanceId|String|i-bp67acfmxazb4p\\*\\*\\*\\*|The ID of the instance. |\n|InstanceName|String|Test|The name of the instance. |\n|Status|String|Running|The status of the instance. |\n|RequestId|String|473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E|The ID of the request. |\n\n## Examples\n\n```json\n{\n  \"RequestId\": \"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E\",\n  \"Instances\": {\"Instance\": [{\"InstanceId\": \"i-1\", \"InstanceName\": \"Test\", \"Status\": \"Running\"}]}\n}\n```\n";

    #[test]
    fn a_listed_items_status_takes_the_filters_values() {
        let p = parse_page("DescribeInstances.md", PAGE);
        assert_eq!(p.errors_count(), 0, "{:#?}", p.diagnostics);
        let item = p.response.fields[0].item.as_deref().unwrap();
        let status = item.fields.iter().find(|f| f.name == "Status").unwrap();
        let values: Vec<&str> = status
            .enum_values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(
            values,
            ["Pending", "Running", "Starting", "Stopping", "Stopped"]
        );
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.kind == "response-values-from-filter" && d.line == status.line));
        // A filter without a value set gives nothing.
        let name = item
            .fields
            .iter()
            .find(|f| f.name == "InstanceName")
            .unwrap();
        assert!(name.enum_values.is_empty());
    }

    #[test]
    fn all_is_not_a_value_and_a_documented_set_wins() {
        let page = PAGE
            .replace("-   Pending\n", "-   All\n-   Pending\n")
            .replace(
                "|Status|String|Running|The status of the instance. |",
                "|Status|String|Running|The status of the instance. Valid values:\n\n-   Running\n-   Stopped |",
            );
        let p = parse_page("DescribeInstances.md", &page);
        let item = p.response.fields[0].item.as_deref().unwrap();
        let status = item.fields.iter().find(|f| f.name == "Status").unwrap();
        let values: Vec<&str> = status
            .enum_values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["Running", "Stopped"]);
        let p = parse_page(
            "DescribeInstances.md",
            &PAGE.replace("-   Pending\n", "-   All\n-   Pending\n"),
        );
        let item = p.response.fields[0].item.as_deref().unwrap();
        let status = item.fields.iter().find(|f| f.name == "Status").unwrap();
        assert!(status.enum_values.iter().all(|v| v.value != "All"));
        assert_eq!(status.enum_values.len(), 5);
    }
}
