//! Blocks -> IR. One file per stage of a page: `triage` (what the page is, why it is skipped),
//! `sections` (what each section holds), `identity` (name, product, version), `params`,
//! `errors`, `examples`, `page_response` (the response with its evidence: examples, linked
//! pages, other versions, via `resolver`), `data_type` (data-type pages); this file runs them.

pub mod constraints;
mod data_type;
pub mod errors;
pub mod examples;
mod identity;
mod item_states;
mod page_response;
pub mod params;
mod resolver;
pub mod response;
pub mod sections;
mod triage;
mod type_cells;

use crate::errata;
use crate::ir::{Diagnostic, Examples, Generation, Language, Page, PageKind};
use crate::page::{self, Block, Doc};
use crate::table::{Col, Columns};
use identity::*;
pub use resolver::Resolver;
use sections::{tables_of, SectionKind};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use triage::{Found, Triage};

/// Default product and version when the page has no OpenAPI Explorer link (all of G1).
pub const DEFAULT_PRODUCT: &str = "Ecs";
pub const DEFAULT_VERSION: &str = "2014-05-26";

/// Reads one page. Data-type pages that a G1 response links to are looked up beside `path`.
pub fn parse_page(path: &str, text: &str) -> Page {
    parse_page_with(path, text, &mut Resolver::default())
}

/// Reads one page from disk.
pub fn parse_file(path: &Path) -> std::io::Result<Page> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse_page(&path.to_string_lossy(), &text))
}

/// Reads every `*.md` below `dir` (recursively, in sorted order), sharing one data-type cache.
/// README.md, FORMAT.md and MANIFEST files of the corpus are not pages and are left out.
pub fn parse_dir(dir: &Path) -> std::io::Result<Vec<Page>> {
    let mut files = Vec::new();
    collect_md(dir, &mut files)?;
    let mut resolver = Resolver::default();
    let mut pages = Vec::with_capacity(files.len());
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        pages.push(parse_page_with(&f.to_string_lossy(), &text, &mut resolver));
    }
    Ok(pages)
}

/// The `*.md` files below `path` (or `path` itself), sorted.
pub fn collect_md(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_md(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "md")
            && !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("README.md" | "FORMAT.md")
            )
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads one page with a shared resolver./// Reads one page with a shared resolver.
pub fn parse_page_with(path: &str, text: &str, resolver: &mut Resolver) -> Page {
    let doc = page::parse(text);
    let mut page = Page {
        file: path.to_string(),
        kind: PageKind::Other,
        skip_reason: None,
        generation: None,
        language: None,
        action: None,
        product: DEFAULT_PRODUCT.to_string(),
        version: DEFAULT_VERSION.to_string(),
        summary: String::new(),
        description: String::new(),
        params: Vec::new(),
        response: Default::default(),
        errors: Vec::new(),
        examples: Examples::default(),
        data_type: None,
        diagnostics: doc.diagnostics.clone(),
    };
    let dir = Path::new(path)
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let kinds = sections::kinds(&doc);
    let Found { h1, row_name, link } = match triage::triage(&doc, text, &kinds, &mut page) {
        Triage::Skip => {
            page.diagnostics.clear();
            return page;
        }
        Triage::DataType(h1) => {
            let dt = data_type::read(&doc, &h1.text, &dir, resolver, &mut page.diagnostics);
            page.data_type = Some(dt);
            return page;
        }
        Triage::Action(found) => found,
    };
    let lang = page.language.unwrap_or(Language::En);
    let title = title_name(&h1, row_name, &mut page.diagnostics);
    page.summary = doc
        .preamble
        .iter()
        .find_map(|b| match b {
            Block::Para { text, .. } => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let parts = sections::gather(&doc, &kinds, h1.line);
    page.description = parts.description;
    page.examples = examples::read_section(&parts.example_blocks, &mut page.diagnostics);
    let action = name_product_version(&mut page, &doc, &parts.req_tables, title, link, h1.line);
    page.params = params::read(&parts.req_tables, &action, lang, &mut page.diagnostics);
    page.errors = errors::read(&parts.err_tables, &mut page.diagnostics);
    page.response = page_response::read(&mut page, parts.resp_tables, parts.resp_line, resolver);
    item_states::from_filters(&mut page);
    page.diagnostics.sort_by_key(|d| d.line);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overview_pages_are_skipped_with_a_reason() {
        let p = parse_page(
            "x.md",
            "---\nkeyword: [a]\n---\n\n# Request syntax\n\ntext\n",
        );
        assert_eq!(p.kind, PageKind::Other);
        assert!(p.skip_reason.unwrap().contains("front matter"));
        let p = parse_page("x.md", "# 公共参数\n\n## 公共请求参数\n");
        assert_eq!(p.kind, PageKind::Other);
        assert!(p.skip_reason.unwrap().contains("not an API name"));
        let p = parse_page("x.md", "# DescribeThings\n\n## 描述\n\ntext\n");
        assert_eq!(p.kind, PageKind::Other);
        assert!(p
            .skip_reason
            .unwrap()
            .contains("no request-parameter section"));
    }

    #[test]
    fn roa_pages_are_skipped_with_that_reason() {
        let md = "# CreateCluster\n\nCreates a cluster.\n\n## Request syntax\n\n```\nPOST /clusters HTTP/1.1\n```\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|name|String|Yes|c1|The name. |\n";
        let p = parse_page("x.md", md);
        assert_eq!(p.kind, PageKind::Other);
        assert!(
            p.skip_reason
                .as_deref()
                .unwrap()
                .contains("`POST /clusters`"),
            "{:?}",
            p.skip_reason
        );
        let linked = md.replace(
            "## Request syntax",
            "[OpenAPI Explorer](https://api.aliyun.com/#product=CS&api=CreateCluster&type=ROA&version=2015-12-15)\n\n## Request syntax",
        );
        let p = parse_page("x.md", &linked);
        assert!(p.skip_reason.as_deref().unwrap().contains("type=ROA"));
        // An RPC page that shows an HTTP request line is still an action.
        let rpc = md.replace(
            "POST /clusters HTTP/1.1",
            "POST /?Action=CreateCluster HTTP/1.1",
        );
        assert_eq!(parse_page("x.md", &rpc).kind, PageKind::Action);
    }

    #[test]
    fn a_malformed_xml_example_is_reported_and_an_error_only_without_json() {
        let seed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../specs/CreateAutoSnapshotPolicy.md"
        ))
        .expect("seed page");
        let broken = seed.replacen("</RequestId>", "</RequestID>", 1);
        assert_ne!(broken, seed);
        let xml_line = 1 + broken
            .lines()
            .position(|l| l.contains("</RequestID>"))
            .expect("xml line") as u32;
        let xml: Vec<Diagnostic> = parse_page("x.md", &broken)
            .diagnostics
            .into_iter()
            .filter(|d| d.kind == "example-xml")
            .collect();
        assert_eq!(xml.len(), 1, "{xml:?}");
        assert_eq!(xml[0].line, xml_line);
        assert_eq!(xml[0].severity, crate::ir::Severity::Warning);
        assert!(xml[0].message.contains("from the JSON example"));
        // Without the JSON example, the XML was the only evidence of the response's shape.
        let start = broken
            .find("``` {#json_return_success_demo}")
            .expect("json fence");
        let end = start + broken[start + 3..].find("```").expect("fence end") + 6;
        let xml_only = format!("{}{}", &broken[..start], &broken[end..]);
        let p = parse_page("x.md", &xml_only);
        assert!(p.examples.json.is_empty());
        let d = p.diagnostics.iter().find(|d| d.kind == "example-xml");
        assert_eq!(
            d.map(|d| d.severity),
            Some(crate::ir::Severity::Error),
            "{:?}",
            p.diagnostics
        );
    }

    #[test]
    fn a_page_titled_by_what_it_does_is_named_by_its_action_row() {
        let md = "# 修改HTTP头信息 {#reference_tbh_p3l_vdb .reference}\n\n修改加速域名的http头。\n\n## 请求参数 {#s .section}\n\n|参数|类型|是否必选|示例值|描述|\n|Action|String|是|ModifyHttpHeaderConfig|系统规定参数。|\n|ConfigID|String|是|892783|配置ID。|\n";
        let p = parse_page("x.md", md);
        assert_eq!(p.kind, PageKind::Action);
        assert_eq!(p.action.as_deref(), Some("ModifyHttpHeaderConfig"));
        assert_eq!(p.params.len(), 1);
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.kind == "title-not-name" && d.line == 1));
        // The name can stand in the description only.
        let p = parse_page(
            "x.md",
            &md.replace(
                "|是|ModifyHttpHeaderConfig|系统规定参数。|",
                "|是| |系统规定参数。取值：ModifyHttpHeaderConfig|",
            ),
        );
        assert_eq!(p.action.as_deref(), Some("ModifyHttpHeaderConfig"));
        // A call-method page titled `请求结构` has no Action row: skipped.
        let p = parse_page("x.md", "# 请求结构\n\n## 请求参数\n\n|参数|类型|描述|\n|---|---|---|\n|Format|String|格式。|\n");
        assert_eq!(p.kind, PageKind::Other);
    }

    #[test]
    fn product_and_version_from_the_page() {
        let md = "# AddCdnDomain\n\nAdds.\n\n## Request parameters\n\n|Parameters|Parameters|Required|Example values|Description|\n|---|---|---|---|---|\n|DomainName|String|Yes|a.com|The domain. |\n\n## Examples\n\n```\n1. http://cdn.aliyuncs.com?Action=AddCdnDomain&DomainName=a.com\n```\n";
        let p = parse_page("x.md", md);
        assert_eq!((p.product.as_str(), p.version.as_str()), ("Cdn", ""));
        assert!(p.diagnostics.iter().any(|d| d.kind == "version-unstated"));
        assert_eq!(p.params[0].ty, crate::ir::Type::String);
        let p = parse_page(
            "x.md",
            &md.replace("&DomainName=a.com", "&DomainName=a.com&Version=2018-05-10"),
        );
        assert_eq!(
            (p.product.as_str(), p.version.as_str()),
            ("Cdn", "2018-05-10")
        );
        let linked = md.replace("Adds.", "Adds.\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Cdn&api=AddCdnDomain&type=RPC&version=2014-11-11)");
        let p = parse_page("x.md", &linked);
        assert_eq!(
            (p.product.as_str(), p.version.as_str()),
            ("Cdn", "2014-11-11")
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        // Only an SDK example: its package names product and version (cms/en-US
        // QueryProjectMeta.md); a package of another product does not give its version.
        let sdk = "# QueryProjectMeta\n\nQueries.\n\n## Request parameters\n\n|Parameter|Type|Required?|Description|\n|---|---|---|---|\n|PageSize|int|No|Size.|\n\n## Request example\n\n```\nimport com.aliyuncs.cms.model.v20180308. QueryProjectMetaRequest;\nimport com.aliyuncs.cms.model.v20180308.QueryProjectMetaResponse;\n```\n";
        let p = parse_page("x.md", sdk);
        assert_eq!(
            (p.product.as_str(), p.version.as_str()),
            ("Cms", "2018-03-08")
        );
        assert!(!p.diagnostics.iter().any(|d| d.kind.ends_with("-unstated")));
        let p = parse_page(
            "x.md",
            &format!("{sdk}\n```\nhttp://cdn.aliyuncs.com?Action=QueryProjectMeta\n```\n"),
        );
        assert_eq!((p.product.as_str(), p.version.as_str()), ("Cdn", ""));
    }

    #[test]
    fn data_type_pages_are_read_as_types() {
        let p = parse_page(
            "InstanceStatusSetType.md",
            "# InstanceStatusSetType {#InstanceStatusSetType .reference}\n\n## 节点名 {#section_1 .section}\n\n`InstanceStatus`\n\n## 子节点 {#section_2 .section}\n\n|名称|类型|描述|\n|:-|:-|:-|\n|InstanceId|String|实例 ID。|\n|Status|String|状态。|\n",
        );
        assert_eq!(p.kind, PageKind::DataType);
        let dt = p.data_type.expect("data type");
        assert_eq!(dt.node_name.as_deref(), Some("InstanceStatus"));
        assert_eq!(dt.fields.len(), 2);
    }

    #[test]
    fn generation_language_and_name_from_the_link() {
        let md = "# ModifyDeploymentSetAttributes\n\nModifies.\n\n## Debugging\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Ecs&api=ModifyDeploymentSetAttribute&type=RPC&version=2014-05-26)\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|RegionId|String|Yes|cn-hangzhou|The region. |\n";
        let p = parse_page("x.md", md);
        assert_eq!(p.kind, PageKind::Action);
        assert_eq!(p.generation, Some(Generation::G3));
        assert_eq!(p.language, Some(Language::En));
        assert_eq!(p.action.as_deref(), Some("ModifyDeploymentSetAttribute"));
        assert_eq!(p.summary, "Modifies.");
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.kind == "name-mismatch" && d.line == 7));
        // A request example that names the title settles a link that points elsewhere.
        let with_example = format!("{md}\n## Examples\n\nSample requests\n\n```\nhttps://ecs.aliyuncs.com/?Action=ModifyDeploymentSetAttributes\n&RegionId=cn-hangzhou\n```\n");
        let p = parse_page("x.md", &with_example);
        assert_eq!(p.action.as_deref(), Some("ModifyDeploymentSetAttributes"));
        let p = parse_page(
            "x.md",
            &md.replace(
                "# ModifyDeploymentSetAttributes",
                "# ModifyDeploymentSetAttribute {#doc_api_Ecs_X .reference}",
            ),
        );
        assert_eq!(p.generation, Some(Generation::G2));
        let p = parse_page(
            "x.md",
            &md.replace(
                "# ModifyDeploymentSetAttributes",
                "# ModifyDeploymentSetAttribute\u{a0} {#X .reference}",
            ),
        );
        assert_eq!(p.generation, Some(Generation::G1));
    }

    /// KMS links a response type to a section of another action's page, with a destination
    /// that has spaces (so it stays text): the type is read from that section, and a link to
    /// a section that does not exist is an error, not a list of strings.
    #[test]
    fn a_type_described_in_a_section_of_another_page_is_followed() {
        let dir = std::env::temp_dir().join(format!("ecs-codegen-section-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join("DescribeThing.md"),
            "# DescribeThing {#c .concept}\n\n## 请求参数 {#s1 .section}\n\n|名称|类型|是否必需|描述|\n|ThingId|String|是|ID|\n\n## 返回参数 {#s2 .section}\n\n|名称|类型|描述|\n|RequestId|String|ID|\n|Thing|[Thing](#section_abc)|元数据|\n\n## Thing {#section_abc .section}\n\n|名称|类型|描述|\n|ThingId|String|ID|\n|Size|Integer|大小|\n",
        )
        .expect("page");
        let list = |anchor: &str| {
            format!(
                "# ListThings {{#c .concept}}\n\n## 请求参数 {{#s1 .section}}\n\n|名称|类型|是否必需|描述|\n|PageSize|Integer|否|大小|\n\n## 返回参数 {{#s2 .section}}\n\n|名称|类型|描述|\n|RequestId|String|ID|\n|Things|[Thing](intl.zh-CN/API 参考/API列表/DescribeThing.md#{anchor})的数组|数组|\n\n## 示例 {{#s3 .section}}\n\n```\n{{\"RequestId\": \"r\", \"Things\": {{\"Thing\": [{{\"ThingId\": \"t\", \"Size\": 1}}]}}}}\n```\n"
            )
        };
        let path = dir.join("ListThings.md");
        let p = parse_page_with(
            &path.to_string_lossy(),
            &list("section_abc"),
            &mut Resolver::default(),
        );
        assert_eq!(p.errors_count(), 0, "{:?}", p.diagnostics);
        let things = &p.response.fields[1];
        assert_eq!(things.ty, crate::ir::Type::List);
        assert_eq!(things.wrapper.as_deref(), Some("Thing"));
        let item = things.item.as_deref().expect("element");
        assert_eq!(item.type_name.as_deref(), Some("Thing"));
        let fields: Vec<(&str, crate::ir::Type)> = item
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty))
            .collect();
        assert_eq!(
            fields,
            [
                ("ThingId", crate::ir::Type::String),
                ("Size", crate::ir::Type::Integer)
            ]
        );
        let p = parse_page_with(
            &path.to_string_lossy(),
            &list("section_missing"),
            &mut Resolver::default(),
        );
        assert!(
            p.diagnostics
                .iter()
                .any(|d| d.kind == "response-type-unresolved" && d.line == 12),
            "{:?}",
            p.diagnostics
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Sections link to sections of other pages and back: a chain through the same page
    /// (`A#u` -> `B#v` -> `A#w`) is read, a cycle (`A#w` -> `A#u`) is an error on the row that
    /// starts it, never an empty or cut type.
    #[test]
    fn section_links_chain_through_pages_and_cycles_are_errors() {
        let page = |name: &str, own: &str, sections: &str| {
            format!(
                "# {name} {{#c .concept}}\n\n## 请求参数 {{#s1 .section}}\n\n|名称|类型|是否必需|描述|\n|Id|String|是|ID|\n\n## 返回参数 {{#s2 .section}}\n\n|名称|类型|描述|\n|RequestId|String|ID|\n{own}{sections}"
            )
        };
        let section = |title: &str, anchor: &str, row: &str| {
            // Two members each: a type of one member is read as a set of it.
            format!(
                "\n## {title} {{#{anchor} .section}}\n\n|名称|类型|描述|\n{row}\n|Name|String|名字|\n"
            )
        };
        for cycle in [false, true] {
            let dir = std::env::temp_dir().join(format!(
                "ecs-codegen-section-chain-{}-{cycle}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let w_row = if cycle {
                "|UnitInfo|[UnitInfo](A.md#u)|回|"
            } else {
                "|Size|Integer|大小|"
            };
            let a = page(
                "DescribeA",
                "",
                &(section("UnitInfo", "u", "|VolumeInfo|[VolumeInfo](B.md#v)|值|")
                    + &section("WidthInfo", "w", w_row)),
            );
            let b = page(
                "DescribeB",
                "",
                &section("VolumeInfo", "v", "|WidthInfo|[WidthInfo](A.md#w)|值|"),
            );
            std::fs::write(dir.join("A.md"), a).expect("page");
            std::fs::write(dir.join("B.md"), b).expect("page");
            let list = page("ListThings", "|UnitInfo|[UnitInfo](A.md#u)|单元|\n", "");
            let path = dir.join("ListThings.md");
            let p = parse_page_with(&path.to_string_lossy(), &list, &mut Resolver::default());
            std::fs::remove_dir_all(&dir).ok();
            let unit = &p.response.fields[1];
            if cycle {
                assert!(
                    p.diagnostics
                        .iter()
                        .any(|d| d.severity == crate::ir::Severity::Error && d.line == unit.line),
                    "{:?}",
                    p.diagnostics
                );
                continue;
            }
            assert_eq!(p.errors_count(), 0, "{:?}", p.diagnostics);
            let path_of = |f: &crate::ir::Field| {
                let v = &f.fields[0];
                let w = &v.fields[0];
                (
                    v.name.clone(),
                    w.name.clone(),
                    w.fields[0].name.clone(),
                    w.fields[0].ty,
                )
            };
            assert_eq!(
                path_of(unit),
                (
                    "VolumeInfo".to_string(),
                    "WidthInfo".to_string(),
                    "Size".to_string(),
                    crate::ir::Type::Integer
                )
            );
        }
    }

    #[test]
    fn a_listed_items_status_keeps_its_value_set_as_the_page_escapes_it() {
        // DescribeDisks (en-US), cut to the rows that matter, Markdown escapes as on the page.
        let md = "# DescribeDisks\n\nQueries disks.\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---------|----|--------|-------|-----------|\n|Action|String|Yes|DescribeDisks|The operation that you want to perform. Set the value to DescribeDisks. |\n|RegionId|String|Yes|cn-hangzhou|The region ID. |\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|---------|----|-------|-----------|\n|Disks|Array of Disk| |The information about the disks. |\n|Disk| | | |\n|DiskId|String|d-bp18um4r4f2fve24\\*\\*\\*\\*|The ID of the disk. |\n|Status|String|Available|The state of the cloud disk. Valid values:\n\n-   In\\_use\n-   Available\n-   Attaching\n-   Detaching\n-   Creating\n-   ReIniting |\n|RequestId|String|473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E|The ID of the request. |\n\n## Examples\n\n```json\n{\n  \"RequestId\": \"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E\",\n  \"Disks\": {\"Disk\": [{\"DiskId\": \"d-1\", \"Status\": \"In_use\"}]}\n}\n```\n";
        let p = parse_page("DescribeDisks.md", md);
        assert_eq!(p.errors_count(), 0, "{:#?}", p.diagnostics);
        let disks = p
            .response
            .fields
            .iter()
            .find(|f| f.name == "Disks")
            .unwrap();
        let item = disks.item.as_deref().unwrap();
        let status = item.fields.iter().find(|f| f.name == "Status").unwrap();
        let values: Vec<&str> = status
            .enum_values
            .iter()
            .map(|e| e.value.as_str())
            .collect();
        assert_eq!(
            values,
            [
                "In_use",
                "Available",
                "Attaching",
                "Detaching",
                "Creating",
                "ReIniting"
            ]
        );
        let json = serde_json::to_value(status).unwrap();
        assert_eq!(json["enum"][0]["value"], "In_use");
        let id = item.fields.iter().find(|f| f.name == "DiskId").unwrap();
        assert!(serde_json::to_value(id).unwrap().get("enum").is_none());
    }
}
