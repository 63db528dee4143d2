//! The intermediate model: the one contract between the page reader and everything downstream
//! (emitter, macro, client, diff). Plain data, serde-serialisable; its JSON is what
//! `ecs-codegen parse` prints, one object per page.
//!
//! The reader (`crate::read`) fills it from Markdown; the emitter (`crate::emit`) reads it and
//! knows nothing of Markdown. Field names here are part of the CLI contract.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One reference page, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Path of the page as given to the reader.
    pub file: String,
    pub kind: PageKind,
    /// Why a page that is not an action page was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<Generation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Action name (H1, corrected by the OpenAPI Explorer `api=` link). `None` off action pages.
    pub action: Option<String>,
    pub product: String,
    pub version: String,
    /// First paragraph under the H1.
    #[serde(default)]
    pub summary: String,
    /// The description section, as plain Markdown paragraphs.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub response: Response,
    #[serde(default)]
    pub errors: Vec<ErrorRow>,
    #[serde(default)]
    pub examples: Examples,
    /// Set on data-type pages (2018 generation): the element they describe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<DataType>,
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    Action,
    DataType,
    Other,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Action => "action",
            PageKind::DataType => "data-type",
            PageKind::Other => "other",
        }
    }
}

/// The three documentation format generations (see FORMAT.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Generation {
    /// 2018 "DITA": `# X {#X .reference}`, 4-column request tables.
    G1,
    /// 2019 "doc_api": `# X {#doc_api_… .reference}`.
    G2,
    /// 2020+ "plain": `# X`.
    G3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Zh,
}

/// Scalar and container types of request parameters and response fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    List,
    Struct,
    /// A free-form JSON document carried in one string parameter (`Parameters`).
    Json,
}

impl Type {
    pub fn as_str(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Long => "long",
            Type::Float => "float",
            Type::Double => "double",
            Type::Boolean => "boolean",
            Type::List => "list",
            Type::Struct => "struct",
            Type::Json => "json",
        }
    }
    pub fn is_scalar(self) -> bool {
        !matches!(self, Type::List | Type::Struct)
    }
}

/// How a list parameter travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListEncoding {
    /// `Name.1=a&Name.2=b`, `Tag.1.Key=k`.
    Repeat,
    /// One parameter holding a JSON array: `InstanceIds=["i-1","i-2"]`.
    Json,
}

/// A request parameter. For a grouped list (`Tag.N.Key` + `Tag.N.Value`) `name` is the base
/// (`Tag`), `item` describes one element, and the element's `fields` carry the sub-names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Exact wire spelling of this level's name segment (`regionId`, `Tag`, `Key`).
    pub name: String,
    /// Keyword-safe snake_case name, unique among its siblings.
    pub rust_name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<ListEncoding>,
    /// Element of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Box<Param>>,
    /// Members of a struct (dotted names, list elements with sub-fields).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Param>,
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Cleaned description (Markdown, one paragraph per line).
    #[serde(default)]
    pub description: String,
    /// Marked deprecated by the page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// 1-based line of the row that defined it (the first row for grouped lists).
    pub line: u32,
}

/// Rules inferred from a description. Numbers are inclusive; every rule records where it came
/// from in `origin` (keyed by the rule's field name: `ranges`, `enum`, `max_len`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<[i64; 2]>,
    /// Closed value set.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_prefix: Vec<String>,
    /// A regular expression (Rust `regex` syntax) the whole value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub origin: BTreeMap<String, Origin>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
            && self.enum_values.is_empty()
            && self.min_len.is_none()
            && self.max_len.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.not_prefix.is_empty()
            && self.pattern.is_none()
    }
}

/// One member of a closed value set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
}

/// Where a rule was read: the page line and the phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub line: u32,
    pub text: String,
}

/// The success response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub fields: Vec<Field>,
}

/// A response field. Lists may carry ECS's wrapper convention: `"Instances": {"Instance": [..]}`
/// has `name = "Instances"`, `wrapper = Some("Instance")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub rust_name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Box<Field>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Name of the documented element type (`Instance` in `Array of Instance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(default)]
    pub description: String,
    /// The closed value set the description states (`Valid values: - Running - Stopped`,
    /// `取值范围：`), in page order, read by the same phrase scanners as a parameter's `enum`.
    /// Empty when the description states none (or states a numeric range instead).
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
    pub line: u32,
}

impl Field {
    /// A field of type `ty` with nothing known of it but its wire name and page line; the
    /// rest is filled in with struct-update syntax (`Field { fields, ..Field::bare(..) }`).
    pub fn bare(name: impl Into<String>, ty: Type, line: u32) -> Field {
        Field {
            name: name.into(),
            rust_name: String::new(),
            ty,
            wrapper: None,
            item: None,
            fields: Vec::new(),
            type_name: None,
            example: None,
            description: String::new(),
            enum_values: Vec::new(),
            line,
        }
    }
}

/// One documented error row. A code can repeat with other messages; the rows of one code are one
/// variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRow {
    pub http_status: Option<u16>,
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub description: String,
    /// The Rust variant of the row's code, by the one rule of [`crate::error_codes`]: the same
    /// for every row of the code and on every page; a common code (`InternalError`,
    /// `Throttling.User`) names its common variant (`ServerError`, `Throttled`).
    pub variant: String,
    /// The page says a retry may succeed: a 5xx row, or a message or description that says
    /// to try again later ("Please try again later", "请稍后重试").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retryable: bool,
    pub line: u32,
}

/// Examples kept from the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Examples {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<RequestExample>,
    /// Success responses in JSON (repaired where the page's JSON was broken).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub json: Vec<JsonExample>,
    /// Success responses in XML, verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub xml: Vec<TextExample>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestExample {
    pub line: u32,
    /// The `Action=` value of the URL, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `(name, value)` pairs in page order, values as written (not URL-decoded).
    pub params: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonExample {
    pub line: u32,
    pub value: serde_json::Value,
    /// Names of the repairs that were needed to parse it (empty if it parsed as written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextExample {
    pub line: u32,
    pub text: String,
}

/// A 2018-generation data-type page (`数据类型/X.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataType {
    /// The page's H1 (`InstanceAttributesType`).
    pub name: String,
    /// The XML/JSON element name from `## 节点名` (`Instance`), if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A located problem. `kind` is a short stable tag (`row-unplaced`, `constraint-unread`, ...)
/// that `check` counts by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub line: u32,
    pub severity: Severity,
    pub kind: String,
    pub message: String,
}

impl Diagnostic {
    pub fn error(line: u32, kind: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
            severity: Severity::Error,
            kind: kind.to_string(),
            message: message.into(),
        }
    }
    pub fn warning(line: u32, kind: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
            severity: Severity::Warning,
            kind: kind.to_string(),
            message: message.into(),
        }
    }
}

impl Page {
    /// Diagnostics with `Severity::Error`.
    pub fn errors_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}
