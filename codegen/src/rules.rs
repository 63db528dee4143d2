//! The rules a parameter's constraints stand for, as plain data: one mapping from the IR to
//! checks, shared by the emitter (which writes them out as `&'static [Rule]` tables for the
//! client's validator) and by anything that validates at run time from the IR (the emulator).
//!
//! [`CheckData`] mirrors `ecs_client::model::Check` and [`RuleData`] mirrors
//! `ecs_client::model::Rule`, owning their data.

use crate::ir::{Constraints, ListEncoding, Param, Type};

/// One rule, as `ecs_client::model::Check` has it, with owned data.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckData {
    /// Inclusive ranges, each ordered `[low, high]`.
    Ranges(Vec<[i64; 2]>),
    /// A closed value set, duplicates removed, in page order.
    OneOf(Vec<String>),
    MinLen(u32),
    MaxLen(u32),
    MinItems(u32),
    MaxItems(u32),
    NotPrefix(Vec<String>),
    /// Anchored (`^(?:..)$`) and known to compile with the `regex` crate.
    Pattern(String),
}

/// A rule and the page line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleData {
    pub check: CheckData,
    pub line: u32,
}

/// A documented pattern that does not compile, so it is not checked.
#[derive(Debug, Clone, PartialEq)]
pub struct BadPattern {
    pub line: u32,
    pub pattern: String,
    pub error: String,
}

/// The rules of one parameter, and the pattern left out because it does not compile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleTable {
    pub rules: Vec<RuleData>,
    pub bad_pattern: Option<BadPattern>,
}

/// Page line a rule came from: its origin, else the parameter's line.
fn origin_line(c: &Constraints, keys: &[&str], fallback: u32) -> u32 {
    keys.iter()
        .find_map(|k| c.origin.get(*k))
        .map_or(fallback, |o| o.line)
}

/// The rules for one parameter of type `ty` with constraints `c` (for lists: the list's
/// rules merged with its item's, see [`field_data`]; item-count rules apply to the list, the
/// others to each item). `line` is the parameter's row, used when a rule has no origin.
pub fn rule_data(c: &Constraints, ty: Type, line: u32) -> RuleTable {
    let mut out = RuleTable::default();
    let mut push = |check: CheckData, line: u32| out.rules.push(RuleData { check, line });
    if !c.ranges.is_empty() && ty != Type::Boolean {
        let pairs = c
            .ranges
            .iter()
            .map(|[a, b]| if a <= b { [*a, *b] } else { [*b, *a] })
            .collect();
        push(
            CheckData::Ranges(pairs),
            origin_line(c, &["ranges", "range"], line),
        );
    }
    if !c.enum_values.is_empty() && ty != Type::Boolean {
        let mut seen = std::collections::HashSet::new();
        let values = c
            .enum_values
            .iter()
            .map(|v| v.value.as_str())
            .filter(|v| seen.insert(*v))
            .map(str::to_string)
            .collect();
        push(
            CheckData::OneOf(values),
            origin_line(c, &["enum", "enum_values"], line),
        );
    }
    if let Some(n) = c.min_len {
        push(CheckData::MinLen(n), origin_line(c, &["min_len"], line));
    }
    if let Some(n) = c.max_len {
        push(CheckData::MaxLen(n), origin_line(c, &["max_len"], line));
    }
    if let Some(n) = c.min_items {
        push(CheckData::MinItems(n), origin_line(c, &["min_items"], line));
    }
    if let Some(n) = c.max_items {
        push(CheckData::MaxItems(n), origin_line(c, &["max_items"], line));
    }
    if !c.not_prefix.is_empty() {
        push(
            CheckData::NotPrefix(c.not_prefix.clone()),
            origin_line(c, &["not_prefix"], line),
        );
    }
    if let Some(pattern) = c.pattern.as_deref() {
        let pattern_line = origin_line(c, &["pattern"], line);
        let anchored = format!("^(?:{pattern})$");
        match regex::Regex::new(&anchored) {
            Ok(_) => push(CheckData::Pattern(anchored), pattern_line),
            Err(e) => {
                out.bad_pattern = Some(BadPattern {
                    line: pattern_line,
                    pattern: pattern.to_string(),
                    error: e.to_string(),
                })
            }
        }
    }
    out
}

/// How a parameter travels on the wire, as `ecs_client::model::Shape` has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeData {
    Scalar,
    Json,
    RepeatList,
    JsonList,
    /// A JSON array of numbers the page types `String` ([`numeric_text`]): sent as strings.
    JsonTextList,
    Struct,
}

/// Integer width of list items that the page types `String` but documents as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    I32,
    I64,
}

/// Items the page types `String` but documents as numbers (a numeric range, no value set,
/// no pattern, e.g. `取值范围：0~23`) are integers for the caller (`[0, 19]`) and keep the
/// page's text on the wire (`["0","19"]`).
pub fn numeric_text(ty: Type, c: &Constraints) -> Option<IntWidth> {
    if ty != Type::String || c.ranges.is_empty() || !c.enum_values.is_empty() || c.pattern.is_some()
    {
        return None;
    }
    let fits = c.ranges.iter().flatten().all(|v| i32::try_from(*v).is_ok());
    Some(if fits { IntWidth::I32 } else { IntWidth::I64 })
}

/// A parameter's shape, the type its rules apply to (a list's item type) and its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldData {
    pub shape: ShapeData,
    /// The scalar type of the value (of each item for lists); `Struct` for struct values.
    pub value_type: Type,
    pub rules: RuleTable,
}

/// Whether a parameter is sent as a list (a list type, or an item without sub-fields) or a
/// dotted struct (sub-fields).
fn kind(p: &Param) -> (bool, bool) {
    let is_list = p.ty == Type::List || (p.item.is_some() && p.fields.is_empty());
    let is_struct = !is_list && (p.ty == Type::Struct || !p.fields.is_empty());
    (is_list, is_struct && !p.fields.is_empty())
}

/// A list's rules: its own merged with its item's.
fn list_constraints(p: &Param) -> Constraints {
    let mut constraints = p.constraints.clone();
    if let Some(item) = p.item.as_deref() {
        crate::emit::docs::merge_item(&mut constraints, &item.constraints);
    }
    constraints
}

/// How a parameter travels on the wire (the one decision the emitter and the emulator share).
pub fn shape_of(p: &Param) -> ShapeData {
    let (is_list, is_struct) = kind(p);
    if is_list {
        let item = p.item.as_deref();
        let scalar_items = item.is_none_or(|i| i.fields.is_empty());
        let rule_type = item.map_or(Type::String, |i| i.ty);
        let numbers_as_text =
            scalar_items && numeric_text(rule_type, &list_constraints(p)).is_some();
        return match (p.encoding == Some(ListEncoding::Json), numbers_as_text) {
            (true, true) => ShapeData::JsonTextList,
            (true, false) => ShapeData::JsonList,
            (false, _) => ShapeData::RepeatList,
        };
    }
    if is_struct {
        return ShapeData::Struct;
    }
    if p.ty == Type::Json {
        ShapeData::Json
    } else {
        ShapeData::Scalar
    }
}

/// What the emitter decides for one request parameter: lists (a list type, or an item
/// without sub-fields) carry their item's rules merged into their own; structs are the
/// parameters with sub-fields; everything else is a scalar (`Json` for JSON documents).
pub fn field_data(p: &Param) -> FieldData {
    let shape = shape_of(p);
    let (is_list, is_struct) = kind(p);
    if is_list {
        let item = p.item.as_deref();
        let item_type = match item {
            Some(item) if !item.fields.is_empty() => Type::Struct,
            Some(item) => item.ty,
            None => Type::String,
        };
        let rule_type = item.map_or(Type::String, |i| i.ty);
        return FieldData {
            shape,
            value_type: item_type,
            rules: rule_data(&list_constraints(p), rule_type, p.line),
        };
    }
    if is_struct {
        return FieldData {
            shape,
            value_type: Type::Struct,
            rules: rule_data(&p.constraints, p.ty, p.line),
        };
    }
    FieldData {
        shape,
        value_type: p.ty,
        rules: rule_data(&p.constraints, p.ty, p.line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumValue, Origin};

    #[test]
    fn ranges_are_ordered_enums_deduplicated_and_lines_come_from_origins() {
        let mut c = Constraints {
            ranges: vec![[7, 1]],
            enum_values: vec![
                EnumValue {
                    value: "a".into(),
                    doc: String::new(),
                },
                EnumValue {
                    value: "a".into(),
                    doc: String::new(),
                },
            ],
            max_items: Some(3),
            pattern: Some("[".into()),
            ..Constraints::default()
        };
        c.origin.insert(
            "ranges".into(),
            Origin {
                line: 9,
                text: "1~7".into(),
            },
        );
        let t = rule_data(&c, Type::String, 4);
        assert_eq!(
            t.rules,
            vec![
                RuleData {
                    check: CheckData::Ranges(vec![[1, 7]]),
                    line: 9
                },
                RuleData {
                    check: CheckData::OneOf(vec!["a".into()]),
                    line: 4
                },
                RuleData {
                    check: CheckData::MaxItems(3),
                    line: 4
                },
            ]
        );
        let bad = t.bad_pattern.expect("'[' does not compile");
        assert_eq!((bad.line, bad.pattern.as_str()), (4, "["));
        // Booleans take no ranges or value sets.
        assert!(rule_data(&c, Type::Boolean, 4)
            .rules
            .iter()
            .all(|r| matches!(r.check, CheckData::MaxItems(_))));
    }
}
