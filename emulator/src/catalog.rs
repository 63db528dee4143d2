//! The served actions, built once from the pages: per action the validation tables the
//! client's builders use (`ecs_client::model::StructSpec`, from `ecs_codegen::rules`), the
//! shapes needed to decode parameters into values, the documented error rows and the success
//! examples.

use crate::params::COMMON;
use crate::state::family::ActionModel;
use ecs_client::model::{Check, FieldSpec, Rule, Shape, StructSpec};
use ecs_codegen::ir::{ErrorRow, Page, PageKind, Param, Type};
use ecs_codegen::rules::{field_data, CheckData, RuleTable, ShapeData};
use std::collections::HashMap;

/// One served action.
#[derive(Debug)]
pub(crate) struct Action {
    pub name: String,
    pub version: String,
    pub spec: &'static StructSpec,
    pub shape: StructShape,
    pub errors: Vec<ErrorRow>,
    pub json_example: Option<serde_json::Value>,
    pub xml_example: Option<String>,
}

impl Action {
    /// Whether the page documents a top-level parameter of this name.
    pub fn documents(&self, wire: &str) -> bool {
        self.shape.fields.iter().any(|f| f.wire == wire)
    }
}

/// How the values of one struct level are decoded (parallel to its `StructSpec::fields`).
#[derive(Debug)]
pub(crate) struct StructShape {
    pub fields: Vec<FieldShape>,
}

#[derive(Debug)]
pub(crate) struct FieldShape {
    pub wire: String,
    pub shape: Shape,
    /// Scalar type of the value (of each item for lists); `Struct` for structs.
    pub value_type: Type,
    /// For structs and lists of structs: the nested level.
    pub nested: Option<(&'static StructSpec, StructShape)>,
}

/// What loading the pages found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogSummary {
    /// Pages read.
    pub pages: usize,
    /// Action pages served.
    pub actions: usize,
    /// Served actions whose page has no JSON success example (they answer `{"RequestId"}`).
    pub without_json_example: Vec<String>,
    /// Action pages left out because an earlier page already serves that action.
    pub duplicates: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub actions: HashMap<String, Action>,
    pub summary: CatalogSummary,
    /// What the state needs of each served action's page (taken by the emulator at start).
    pub models: Vec<ActionModel>,
}

impl Catalog {
    pub fn new(pages: &[Page]) -> Catalog {
        let mut catalog = Catalog::default();
        catalog.summary.pages = pages.len();
        for page in pages {
            let Some(name) = page.action.as_deref().filter(|a| !a.is_empty()) else {
                continue;
            };
            if page.kind != PageKind::Action {
                continue;
            }
            if catalog.actions.contains_key(name) {
                catalog.summary.duplicates.push(page.file.clone());
                continue;
            }
            let action = build_action(page, name);
            catalog.models.push(ActionModel {
                name: name.to_string(),
                params: page.params.clone(),
                response: page.response.fields.clone(),
                errors: page.errors.clone(),
                example: action.json_example.clone(),
            });
            if action.json_example.is_none() {
                catalog.summary.without_json_example.push(name.to_string());
            }
            catalog.actions.insert(name.to_string(), action);
        }
        catalog.summary.actions = catalog.actions.len();
        catalog.summary.without_json_example.sort();
        catalog
    }
}

fn build_action(page: &Page, name: &str) -> Action {
    let top: Vec<&Param> = page
        .params
        .iter()
        .filter(|p| !COMMON.contains(&p.name.as_str()))
        .collect();
    let (spec, shape) = build_struct(name, &page.file, &top);
    Action {
        name: name.to_string(),
        version: page.version.clone(),
        spec,
        shape,
        errors: page.errors.clone(),
        json_example: page
            .examples
            .json
            .first()
            .map(|e| e.value.clone())
            .filter(|v| v.is_object()),
        // A malformed XML example (the reader warns of it) is not served: the XML answer is
        // then written from the JSON example.
        xml_example: page
            .examples
            .xml
            .first()
            .filter(|e| ecs_codegen::read::examples::xml_to_json(&e.text, e.line).is_ok())
            .map(|e| e.text.clone()),
    }
}

fn build_struct(name: &str, page: &str, params: &[&Param]) -> (&'static StructSpec, StructShape) {
    let mut specs = Vec::with_capacity(params.len());
    let mut shapes = Vec::with_capacity(params.len());
    for p in params {
        let data = field_data(p);
        let shape = shape(data.shape);
        let nested_fields: Option<&[Param]> = match data.shape {
            ShapeData::Struct => Some(&p.fields),
            ShapeData::RepeatList | ShapeData::JsonList | ShapeData::JsonTextList => p
                .item
                .as_deref()
                .filter(|i| !i.fields.is_empty())
                .map(|i| i.fields.as_slice()),
            _ => None,
        };
        let nested = nested_fields.map(|fields| {
            let refs: Vec<&Param> = fields.iter().collect();
            build_struct(&p.name, page, &refs)
        });
        specs.push(FieldSpec {
            wire: leak_str(&p.name),
            line: p.line,
            required: p.required,
            shape,
            rules: leak_rules(&data.rules),
        });
        shapes.push(FieldShape {
            wire: p.name.clone(),
            shape,
            value_type: data.value_type,
            nested,
        });
    }
    let secret: Vec<String> = params
        .iter()
        .filter(|p| ecs_codegen::secret::param_is_secret(p))
        .map(|p| p.name.clone())
        .collect();
    let spec: &'static StructSpec = Box::leak(Box::new(StructSpec {
        name: leak_str(name),
        page: leak_str(page),
        secret: leak_strs(&secret),
        fields: Box::leak(specs.into_boxed_slice()),
    }));
    (spec, StructShape { fields: shapes })
}

fn shape(s: ShapeData) -> Shape {
    match s {
        ShapeData::Scalar => Shape::Scalar,
        ShapeData::Json => Shape::Json,
        ShapeData::RepeatList => Shape::RepeatList,
        ShapeData::JsonList => Shape::JsonList,
        ShapeData::JsonTextList => Shape::JsonTextList,
        ShapeData::Struct => Shape::Struct,
    }
}

// Pages are loaded once per emulator; their tables live as long as the process, like the
// client's generated statics.
fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn leak_strs(v: &[String]) -> &'static [&'static str] {
    let v: Vec<&'static str> = v.iter().map(|s| leak_str(s)).collect();
    Box::leak(v.into_boxed_slice())
}

fn leak_rules(t: &RuleTable) -> &'static [Rule] {
    let rules: Vec<Rule> = t
        .rules
        .iter()
        .map(|r| Rule {
            check: check(&r.check),
            line: r.line,
        })
        .collect();
    Box::leak(rules.into_boxed_slice())
}

fn check(c: &CheckData) -> Check {
    match c {
        CheckData::Ranges(r) => Check::Ranges(Box::leak(r.clone().into_boxed_slice())),
        CheckData::OneOf(v) => Check::OneOf(leak_strs(v)),
        CheckData::MinLen(n) => Check::MinLen(*n),
        CheckData::MaxLen(n) => Check::MaxLen(*n),
        CheckData::MinItems(n) => Check::MinItems(*n),
        CheckData::MaxItems(n) => Check::MaxItems(*n),
        CheckData::NotPrefix(v) => Check::NotPrefix(leak_strs(v)),
        CheckData::Pattern(p) => Check::Pattern(leak_str(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Page {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../specs/CreateAutoSnapshotPolicy.md"
        );
        ecs_codegen::parse_file(std::path::Path::new(path)).expect("seed page")
    }

    /// The tables are the generated client's, field for field (wire name, line, required,
    /// shape, rules).
    #[test]
    fn seed_tables_are_the_generated_clients() {
        let catalog = Catalog::new(&[seed()]);
        let a = &catalog.actions["CreateAutoSnapshotPolicy"];
        let builder = ecs_client::actions::CreateAutoSnapshotPolicy::builder();
        let client = ecs_client::model::Struct::spec(&builder);
        assert_eq!(a.spec.name, client.name);
        assert_eq!(a.spec.fields, client.fields);
        assert_eq!(a.spec.fields.len(), 5);
        assert_eq!(
            a.spec.fields[2].rules,
            &[Rule {
                check: Check::Ranges(&[[-1, -1], [1, 65536]]),
                line: 33
            }]
        );
        assert_eq!(a.spec.fields[1].shape, Shape::JsonTextList);
        assert!(a.json_example.is_some());
        assert!(a.xml_example.is_some());
        assert_eq!(catalog.summary.actions, 1);
    }

    #[test]
    fn a_malformed_xml_example_is_not_served() {
        let mut page = seed();
        let x = &mut page.examples.xml[0];
        x.text = x.text.replacen("</RequestId>", "</RequestID>", 1);
        let catalog = Catalog::new(&[page]);
        let a = &catalog.actions["CreateAutoSnapshotPolicy"];
        assert_eq!(a.xml_example, None);
        let body = crate::respond::xml_body(
            &a.name,
            a.xml_example.as_deref(),
            &crate::respond::json_body(a.json_example.as_ref(), "R-1"),
        );
        assert!(body.contains("<RequestId>R-1</RequestId>"), "{body}");
        assert!(body.contains("<AutoSnapshotPolicyId>"), "{body}");
    }
}
