//! What a page is: an action page or not (ROA-style APIs, titles that are not API names),
//! its action name, generation and language, and the product and API version it documents
//! (FORMAT.md §0, §1, §11 and the products' pages).

use super::triage::Link;
use super::*;
use crate::page::Heading;

pub(super) static API_LINK: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"api\.aliyun\.com/#/?\?*product=(\w+)&api=(\w+)(?:&type=(\w+))?(?:&version=([\d-]+))?",
    )
    .expect("static regex")
});

/// `com.aliyuncs.cms.model.v20180308` (a Java SDK example's import) or
/// `aliyunsdkvpc.request.v20160428` (Python): the SDK package names the product and the API
/// version the example calls.
static SDK_PACKAGE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?:com\.aliyuncs\.([a-z]+)\.model|aliyunsdk([a-z]+)\.request)\.v(\d{4})(\d{2})(\d{2})\b",
    )
    .expect("static regex")
});

/// Product code and `yyyy-mm-dd` version of the first SDK package named in `text`, when the
/// package is a known product's.
fn sdk_package(text: &str) -> Option<(&'static str, String)> {
    let c = SDK_PACKAGE.captures(text)?;
    let package = c.get(1).or_else(|| c.get(2))?.as_str();
    let product = errata::product_of_sdk_package(package)?;
    Some((product, format!("{}-{}-{}", &c[3], &c[4], &c[5])))
}

/// Whether the request table's `Action` row names `name` as a word in one of its other cells
/// (`|Action|String|Yes|DeleteX|… Value: **DeleteX**`).
fn action_row_names(tables: &[&crate::table::Table], name: &str) -> bool {
    let is_word = |text: &str| {
        text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric())
                && !after.is_some_and(|c| c.is_alphanumeric())
        })
    };
    tables.iter().flat_map(|t| &t.rows).any(|r| {
        r.cells.first().is_some_and(|c| c.text.trim() == "Action")
            && r.cells.iter().skip(1).any(|c| is_word(&c.text))
    })
}

/// The product code an unknown `<label>.aliyuncs.com` endpoint spells: its first label with an
/// upper-case initial (`slb.aliyuncs.com`: `Slb`, as `#product=Slb` links spell it), the rule
/// the known endpoints of `errata::endpoint_product` follow but for their exceptions.
fn endpoint_code(host: &str) -> Option<String> {
    let label = host.strip_suffix(".aliyuncs.com")?.split('.').next()?;
    let mut chars = label.chars();
    let first = chars.next()?;
    (first.is_ascii_lowercase() && label.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| first.to_ascii_uppercase().to_string() + chars.as_str())
}

/// Product and API version of an action page (FORMAT.md §11, and the products' pages). The
/// product: the OpenAPI Explorer link's `product=`, else the product of the first request URL's
/// endpoint in a code block (`cdn.aliyuncs.com`, errata's endpoint table), else the SDK
/// package an SDK example imports (`com.aliyuncs.cms.model.v20180308`), else an unknown
/// endpoint's own label (`slb.aliyuncs.com`: `Slb`, with a `product-from-endpoint` warning),
/// else ECS with a `product-unstated` warning. The
/// version: the link's `version=`, else a `Version=` in the request example, else the SDK
/// package's version when it is the same product's, else ECS's
/// 2014-05-26 for ECS pages; a page of another product that states no version gets an empty
/// one and a `version-unstated` warning rather than ECS's.
pub(super) fn product_and_version(
    link_product: Option<String>,
    link_version: Option<String>,
    blocks: &[&Block],
    examples: &Examples,
    line: u32,
    diags: &mut Vec<Diagnostic>,
) -> (String, String) {
    let sdk = blocks.iter().find_map(|b| match b {
        Block::Code { text, .. } => sdk_package(text),
        _ => None,
    });
    let host = blocks.iter().find_map(|b| match b {
        Block::Code { text, .. } => examples::request_host(text),
        _ => None,
    });
    let product = link_product
        .or_else(|| {
            host.as_deref()
                .and_then(errata::endpoint_product)
                .map(str::to_string)
        })
        .or_else(|| sdk.as_ref().map(|(p, _)| p.to_string()))
        .or_else(|| {
            let code = endpoint_code(host.as_deref()?)?;
            diags.push(Diagnostic::warning(
                line,
                "product-from-endpoint",
                format!(
                    "the page names its product only by its request URL's endpoint \
                     (`{}`): read as {code}",
                    host.as_deref().unwrap_or_default()
                ),
            ));
            Some(code)
        })
        .unwrap_or_else(|| {
            diags.push(Diagnostic::warning(
                line,
                "product-unstated",
                format!(
                    "the page names no product (no OpenAPI Explorer link, no request URL to a \
                     known endpoint, no SDK package); read as {DEFAULT_PRODUCT}"
                ),
            ));
            DEFAULT_PRODUCT.to_string()
        });
    let example_version = examples.requests.iter().find_map(|r| {
        r.params
            .iter()
            .find(|(n, v)| n == "Version" && is_version(v))
            .map(|(_, v)| v.clone())
    });
    let sdk_version = sdk
        .filter(|(p, _)| p.eq_ignore_ascii_case(&product))
        .map(|(_, v)| v);
    let version = match link_version.or(example_version).or(sdk_version) {
        Some(v) => v,
        None if product == DEFAULT_PRODUCT => DEFAULT_VERSION.to_string(),
        None => {
            diags.push(Diagnostic::warning(
                line,
                "version-unstated",
                format!(
                    "the page states no API version of {product} (no version in an OpenAPI \
                     Explorer link, no Version= in the request example, no SDK package); \
                     VERSION is empty"
                ),
            ));
            String::new()
        }
    };
    (product, version)
}

/// `2014-05-26`.
pub(super) fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The action's name when the title and the API Explorer link disagree. The link is usually
/// right (`ModifyDeploymentSetAttributes` is titled with a stray `s`), but some links point at
/// another API (ModifySecurityGroupEgressRule's links to DescribeImageSupportInstanceTypes):
/// the request example's `Action=` decides between the two when it names one of them.
pub(super) fn choose_name(
    title: String,
    api: String,
    line: u32,
    example: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> String {
    if api == title {
        return title;
    }
    let message = format!("the title (`{title}`) and the API Explorer link (`{api}`) disagree");
    let keep = if example == Some(title.as_str()) {
        title
    } else {
        api
    };
    diags.push(Diagnostic::warning(
        line,
        "name-mismatch",
        format!("{message}; using `{keep}`"),
    ));
    keep
}

/// Why a page with request parameters is a ROA-style API (an HTTP method and a resource path,
/// `POST /clusters HTTP/1.1`, instead of `Action=`), which this RPC reader does not read:
/// its OpenAPI Explorer link says `type=ROA`, or a code block starts with a method and a path
/// and the page has no `Action=` anywhere.
pub(super) fn roa_style(text: &str, link_type: Option<&str>, doc: &Doc) -> Option<String> {
    if link_type.is_some_and(|t| t.eq_ignore_ascii_case("ROA")) {
        return Some(
            "ROA-style API (the OpenAPI Explorer link says type=ROA): not an RPC action".into(),
        );
    }
    if memchr::memmem::find(text.as_bytes(), b"Action=").is_some() {
        return None;
    }
    doc.sections.iter().flat_map(|s| &s.blocks).find_map(|b| {
        let Block::Code { text, .. } = b else {
            return None;
        };
        let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        let (method, rest) = first.split_once(' ')?;
        let path = rest.split_whitespace().next()?;
        let is_method = matches!(method, "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD");
        (is_method && path.starts_with('/')).then(|| {
            format!(
                "ROA-style API (`{method} {path}`: an HTTP method and a path, no Action=): not an RPC action"
            )
        })
    })
}

/// The action named by the request table's `Action` row: its example cell, or the value after
/// the last colon of its description (`系统规定参数。取值：ModifyHttpHeaderConfig`,
/// `Value: AddCdnDomain`).
pub(super) fn action_row_name(doc: &Doc, kinds: &[SectionKind]) -> Option<String> {
    let tables = doc
        .sections
        .iter()
        .zip(kinds)
        .filter(|(_, k)| **k == SectionKind::Request)
        .flat_map(|(s, _)| tables_of(&s.blocks));
    for t in tables {
        let cols = Columns::of(t);
        for r in &t.rows {
            if !cols.text(r, Col::Name).eq_ignore_ascii_case("action") {
                continue;
            }
            let example = cols.text(r, Col::Example);
            if is_action_name(example) {
                return Some(example.to_string());
            }
            let desc = cols.text(r, Col::Description);
            let value = desc
                .rsplit(['：', ':'])
                .next()
                .unwrap_or_default()
                .trim()
                .trim_end_matches(['。', '.', ' ']);
            if is_action_name(value) {
                return Some(value.to_string());
            }
        }
    }
    None
}

/// 1-based line of a byte offset.
pub(super) fn line_at(text: &str, at: usize) -> u32 {
    let upto = text.get(..at).unwrap_or(text);
    1 + memchr::memchr_iter(b'\n', upto.as_bytes()).count() as u32
}

/// `^[A-Z][A-Za-z0-9]+$` (FORMAT.md §1).
pub(super) fn is_action_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_ascii_uppercase())
        && s.len() > 1
        && cs.all(|c| c.is_ascii_alphanumeric())
}

/// `{#doc_api_…}` is G2, any other attribute block G1, none G3.
pub(super) fn generation_of(attrs: Option<&str>) -> Generation {
    match attrs {
        None => Generation::G3,
        Some(a) if a.contains("#doc_api") => Generation::G2,
        Some(_) => Generation::G1,
    }
}

pub(super) fn language_of(doc: &Doc) -> Language {
    let cjk = doc.sections.iter().any(|s| {
        s.heading
            .text
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    });
    if cjk {
        Language::Zh
    } else {
        Language::En
    }
}

/// The action's name as the title gives it, or as the request table's Action row does when the
/// title is not an API name (with a `title-not-name` warning).
pub(super) fn title_name(
    h1: &Heading,
    row_name: Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match row_name {
        Some(name) => {
            diags.push(Diagnostic::warning(
                h1.line,
                "title-not-name",
                format!(
                    "the title `{}` is not an API name; the action `{name}` is read from the \
                     request table's Action row",
                    h1.text
                ),
            ));
            name
        }
        None => h1.text.clone(),
    }
}

/// Product, version and the action's final name, once the examples are read (an endpoint, a
/// `Version=`, an SDK package and the request example's `Action=` are evidence): the API
/// Explorer link wins over the H1 (FORMAT.md §1, §11). Sets `page.product`, `page.version`
/// and `page.action`, and returns the name.
pub(super) fn name_product_version(
    page: &mut Page,
    doc: &Doc,
    req_tables: &[&crate::table::Table],
    title: String,
    link: Option<Link>,
    h1_line: u32,
) -> String {
    let (link_product, link_api, link_version) = match link {
        Some(l) => (Some(l.product), Some(l.api), l.version),
        None => (None, None, None),
    };
    let code_blocks: Vec<&Block> = doc.sections.iter().flat_map(|s| &s.blocks).collect();
    (page.product, page.version) = product_and_version(
        link_product,
        link_version,
        &code_blocks,
        &page.examples,
        h1_line,
        &mut page.diagnostics,
    );
    let example_action = page
        .examples
        .requests
        .iter()
        .find_map(|r| r.action.as_deref());
    let mut action = title;
    if let Some((api, line)) = link_api {
        // A request example that names neither (a typo) leaves the `Action` row as evidence.
        let evidence = match example_action {
            Some(e) if e == action || e == api => Some(e.to_string()),
            _ => action_row_names(req_tables, &action).then(|| action.clone()),
        };
        action = choose_name(
            action,
            api,
            line,
            evidence.as_deref(),
            &mut page.diagnostics,
        );
    }
    page.action = Some(action.clone());
    action
}

#[cfg(test)]
mod tests {
    use super::endpoint_code;
    use crate::read::parse_page;

    #[test]
    fn an_unknown_endpoint_names_its_product() {
        assert_eq!(endpoint_code("slb.aliyuncs.com").as_deref(), Some("Slb"));
        assert_eq!(
            endpoint_code("ess.cn-hangzhou.aliyuncs.com").as_deref(),
            Some("Ess")
        );
        assert_eq!(endpoint_code("example.com"), None);
        // An SLB page of the older layout (no OpenAPI Explorer link), cut to what matters.
        let md = "# DescribeRealtimeLogs\n\nQueries logs.\n\n## Request parameters\n\n|Name|Type|Required|Description|\n|----|----|--------|-----------|\n|Action|String|Yes|The operation. Set the value to DescribeRealtimeLogs. |\n|RegionId|String|Yes|The region. |\n\n## Response parameters\n\n|Name|Type|Description|\n|----|----|-----------|\n|RequestId|String|The ID of the request. |\n\n## Examples\n\nSample requests\n\n```\nhttps://slb.aliyuncs.com?Action=DescribeRealtimeLogs\n&RegionId=cn-hangzhou\n```\n\nSample success responses\n\n```json\n{\"RequestId\": \"365F4154-92F6-4AE4-92F8-7FF34B540710\"}\n```\n";
        let p = parse_page("DescribeRealtimeLogs.md", md);
        assert_eq!(p.product, "Slb");
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.kind == "product-from-endpoint"));
        assert!(!p.diagnostics.iter().any(|d| d.kind == "product-unstated"));
    }

    #[test]
    fn a_copied_explorer_link_loses_to_the_action_row_when_the_example_is_misspelt() {
        // SLB's DeleteMasterSlaveServerGroup: the link was copied from another page, and the
        // request example misspells the action.
        let md = "# DeleteMasterSlaveServerGroup {#doc_api_1025812 .reference}\n\nDeletes a group.\n\n## Debug {#apiExplorer .section}\n\nUse [OpenAPI Explorer](https://api.aliyun.com/#product=Slb&api=AddVServerGroupBackendServers).\n\n## Request parameters {#parameters .section}\n\n|Parameter|Type|Required?|Example value|Description|\n|---------|----|---------|-------------|-----------|\n|Action|String|Yes|DeleteMasterSlaveServerGroup| The name of this action. Value: **DeleteMasterSlaveServerGroup** |\n|MasterSlaveServerGroupId|String|Yes|rsp-0bfuc****|The ID of the group. |\n\n## Response parameters {#resultMapping .section}\n\n|Parameter|Type|Example value|Description|\n|---------|----|-------------|-----------|\n|RequestId|String|9DEC9C28|The ID of the request. |\n\n## Examples {#demo .section}\n\nSample requests\n\n```\nhttps://slb.aliyuncs.com/?Action=DeleteMasterSlaveServerServerGroup\n&MasterSlaveServerGroupId=rsp-0bfuc****\n```\n\nSample success responses\n\n```json\n{\"RequestId\": \"9DEC9C28\"}\n```\n";
        let p = parse_page("DeleteMasterSlaveServerGroup.md", md);
        assert_eq!(p.action.as_deref(), Some("DeleteMasterSlaveServerGroup"));
        let d = p
            .diagnostics
            .iter()
            .find(|d| d.kind == "name-mismatch")
            .expect("the mismatch is reported");
        assert!(
            d.message.contains("title (`DeleteMasterSlaveServerGroup`)")
                && d.message.contains("link (`AddVServerGroupBackendServers`)"),
            "{}",
            d.message
        );
        // Without the Action row's word, the link still wins (as before).
        let p = parse_page(
            "DeleteMasterSlaveServerGroup.md",
            &md.replace("|Action|String|Yes|DeleteMasterSlaveServerGroup| The name of this action. Value: **DeleteMasterSlaveServerGroup** |\n", ""),
        );
        assert_eq!(p.action.as_deref(), Some("AddVServerGroupBackendServers"));
    }
}
