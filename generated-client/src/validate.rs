//! Generic request validation against the constraint tables the generator emits.
//!
//! One walk over [`Struct`] values checks required parameters and every inferred rule, and
//! reports all violations at once, each naming the wire parameter, the rule, the offending
//! value and the page line the rule was read from.

use crate::model::{Check, FieldSpec, Struct, StructSpec, View};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Wire path of the parameter (`RegionId`, `Tag.2.Key`, `timePoints[3]`).
    pub param: String,
    /// The rule: `required`, `range`, `enum`, `min_len`, `max_len`, `min_items`, `max_items`,
    /// `not_prefix`, `pattern`.
    pub rule: &'static str,
    /// The offending value as text (`None` for a missing parameter).
    pub value: Option<String>,
    /// What the documentation expects, in words.
    pub expected: String,
    /// The page the rule was read from.
    pub page: &'static str,
    /// The page line the rule was read from.
    pub line: u32,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} = {}: {}", self.param, v, self.expected)?,
            None => write!(f, "{}: {}", self.param, self.expected)?,
        }
        write!(f, " [{}; {}:{}]", self.rule, self.page, self.line)
    }
}

/// Every violation found in one request.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationErrors {
    /// Rust name of the request type that was checked.
    pub request: &'static str,
    pub violations: Vec<Violation>,
}

impl ValidationErrors {
    /// The violations, in parameter order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }
    pub fn len(&self) -> usize {
        self.violations.len()
    }
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }
    /// Whether some violation concerns this wire parameter (exact path) and rule.
    pub fn has(&self, param: &str, rule: &str) -> bool {
        self.violations
            .iter()
            .any(|v| v.param == param && v.rule == rule)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{}: {} invalid parameter{}",
            self.request,
            n,
            if n == 1 { "" } else { "s" }
        )?;
        for v in &self.violations {
            write!(f, "\n  - {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

/// Checks a request (or a builder, which has the same spec) and returns all violations.
pub fn validate(s: &dyn Struct) -> Result<(), ValidationErrors> {
    run(s, Mode::Everything)
}

/// Like [`validate`] but reports only missing required parameters (for `build_unchecked`);
/// no documented rule is checked.
pub fn validate_required(s: &dyn Struct) -> Result<(), ValidationErrors> {
    run(s, Mode::RequiredOnly)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Everything,
    RequiredOnly,
}

fn run(s: &dyn Struct, mode: Mode) -> Result<(), ValidationErrors> {
    let mut out = Vec::new();
    walk(s, None, mode, &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors {
            request: s.spec().name,
            violations: out,
        })
    }
}

/// Where a value sits (`Tag.2.Key`, `timePoints[3]`), as a chain of segments on the stack: the
/// text is only written when a violation needs it, so a valid request allocates nothing here.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Field(Option<&'a Seg<'a>>, &'static str),
    /// An item of a list: 0-based index, and whether the list is a JSON array (`[i]`) or
    /// repeated parameters (`.i+1`).
    Item(&'a Seg<'a>, usize, bool),
}

impl fmt::Display for Seg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seg::Field(None, name) => f.write_str(name),
            Seg::Field(Some(parent), name) => write!(f, "{parent}.{name}"),
            Seg::Item(parent, i, true) => write!(f, "{parent}[{i}]"),
            Seg::Item(parent, i, false) => write!(f, "{parent}.{}", i + 1),
        }
    }
}

fn walk(s: &dyn Struct, parent: Option<&Seg<'_>>, mode: Mode, out: &mut Vec<Violation>) {
    let spec = s.spec();
    let mut fields = spec.fields.iter();
    s.visit(&mut |value| {
        if let Some(field) = fields.next() {
            let path = Seg::Field(parent, field.wire);
            check_field(
                spec.page,
                spec.secret.contains(&field.wire),
                field,
                field.required,
                &path,
                value.view(),
                mode,
                out,
            );
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn check_field(
    page: &'static str,
    secret: bool,
    field: &FieldSpec,
    required: bool,
    path: &Seg<'_>,
    view: View<'_>,
    mode: Mode,
    out: &mut Vec<Violation>,
) {
    let violation =
        |rule: &'static str, value: Option<String>, expected: String, line: u32| Violation {
            param: path.to_string(),
            rule,
            value: if secret {
                value.map(|_| "***".to_string())
            } else {
                value
            },
            expected,
            page,
            line,
        };
    match view {
        View::Absent => {
            if required {
                out.push(violation(
                    "required",
                    None,
                    "required parameter is missing".to_string(),
                    field.line,
                ));
            }
        }
        View::List(list) => {
            let n = list.len();
            if n == 0 && required {
                out.push(violation(
                    "required",
                    Some("[]".to_string()),
                    "required parameter needs at least one item".to_string(),
                    field.line,
                ));
            }
            if mode == Mode::Everything {
                for rule in field.rules {
                    if let Some(expected) = check_count(rule.check, n) {
                        out.push(violation(
                            rule.check.name(),
                            Some(format!("{n} items")),
                            expected,
                            rule.line,
                        ));
                    }
                }
            }
            let json = field.shape.is_json_list();
            for i in 0..n {
                let Some(item) = list.item(i) else { continue };
                let item_path = Seg::Item(path, i, json);
                check_field(
                    page,
                    secret,
                    field,
                    false,
                    &item_path,
                    item.view(),
                    mode,
                    out,
                );
            }
        }
        View::Struct(st) => walk(st, Some(path), mode, out),
        scalar => {
            if mode == Mode::RequiredOnly {
                return;
            }
            for rule in field.rules {
                if let Some((value, expected)) = check_scalar(rule.check, &scalar) {
                    out.push(violation(
                        rule.check.name(),
                        Some(value),
                        expected,
                        rule.line,
                    ));
                }
            }
        }
    }
}

fn check_count(check: Check, n: usize) -> Option<String> {
    match check {
        Check::MinItems(min) if n < min as usize => Some(format!("needs at least {min} items")),
        Check::MaxItems(max) if n > max as usize => Some(format!("allows at most {max} items")),
        _ => None,
    }
}

fn render(view: &View<'_>) -> String {
    match view {
        View::Str(s) => format!("{s:?}"),
        View::Int(i) => i.to_string(),
        View::Float(x) => x.to_string(),
        View::Bool(b) => b.to_string(),
        View::Absent => "(absent)".to_string(),
        View::List(_) => "(list)".to_string(),
        View::Struct(_) => "(struct)".to_string(),
    }
}

/// The ranges in words, stating only the bounds the page states: a side the reader left open
/// is `i64::MIN` or `i64::MAX` (`Maximum value: 100` is `[i64::MIN, 100]`, `at most 100`).
fn ranges_text(ranges: &[[i64; 2]]) -> String {
    ranges
        .iter()
        .map(|&[a, b]| match (a, b) {
            (i64::MIN, i64::MAX) => "a number".to_string(),
            (i64::MIN, b) => format!("at most {b}"),
            (a, i64::MAX) => format!("at least {a}"),
            (a, b) if a == b => a.to_string(),
            (a, b) => format!("{a} to {b}"),
        })
        .collect::<Vec<_>>()
        .join(", or ")
}

/// Returns `(rendered value, expectation)` when the rule is broken.
fn check_scalar(check: Check, view: &View<'_>) -> Option<(String, String)> {
    let broken = |expected: String| Some((render(view), expected));
    match check {
        Check::Ranges(ranges) => {
            let number: Option<f64> = match view {
                View::Int(i) => Some(*i as f64),
                View::Float(x) => Some(*x),
                View::Str(s) => s.trim().parse::<f64>().ok(),
                _ => return None,
            };
            let within = |x: f64| ranges.iter().any(|[a, b]| x >= *a as f64 && x <= *b as f64);
            match number {
                Some(x) if within(x) => None,
                Some(_) => broken(format!("must be {}", ranges_text(ranges))),
                None => broken(format!("must be a number: {}", ranges_text(ranges))),
            }
        }
        Check::OneOf(values) => {
            let text = match view {
                View::Str(s) => (*s).to_string(),
                View::Int(i) => i.to_string(),
                View::Float(x) => x.to_string(),
                _ => return None,
            };
            // Case aside: the pages and the service spell values differently (`tcp`, `TCP`);
            // a generated enum sends the documented spelling (`value_set::wire`).
            if values.iter().any(|v| v.eq_ignore_ascii_case(&text)) {
                None
            } else {
                broken(format!("must be one of: {}", values.join(", ")))
            }
        }
        Check::MinLen(min) => match view {
            View::Str(s) if s.chars().count() < min as usize => {
                broken(format!("must be at least {min} characters long"))
            }
            _ => None,
        },
        Check::MaxLen(max) => match view {
            View::Str(s) if s.chars().count() > max as usize => {
                broken(format!("must be at most {max} characters long"))
            }
            _ => None,
        },
        Check::MinItems(_) | Check::MaxItems(_) => match view {
            // A list typed as one string holding a JSON array.
            View::Str(s) => match serde_json::from_str::<serde_json::Value>(s) {
                Ok(serde_json::Value::Array(a)) => {
                    check_count(check, a.len()).map(|e| (format!("{} items", a.len()), e))
                }
                _ => None,
            },
            _ => None,
        },
        Check::NotPrefix(prefixes) => match view {
            View::Str(s) => {
                let lower = s.to_lowercase();
                if prefixes
                    .iter()
                    .any(|p| lower.starts_with(&p.to_lowercase()))
                {
                    broken(format!("must not start with {}", prefixes.join(" or ")))
                } else {
                    None
                }
            }
            _ => None,
        },
        Check::Pattern(pattern) => match view {
            View::Str(s) => match regex(pattern) {
                Some(re) if !re.is_match(s) => broken(format!("must match /{pattern}/")),
                _ => None,
            },
            _ => None,
        },
    }
}

/// Compiles each pattern once; a pattern that does not compile checks nothing. The compiled
/// regex is kept for the life of the process (one per pattern of the generated tables, a
/// bounded set), so every check shares its match caches instead of cloning it, which would
/// start each match with an empty cache.
fn regex(pattern: &'static str) -> Option<&'static regex::Regex> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<&'static regex::Regex>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = match cache.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    *map.entry(pattern).or_insert_with(|| {
        regex::Regex::new(pattern)
            .ok()
            .map(|re| &*Box::leak(Box::new(re)))
    })
}

/// The error for a struct whose required fields are missing (used when assembling a request
/// after [`validate_required`] passed, which makes it unreachable in practice).
pub fn incomplete(spec: &'static StructSpec) -> ValidationErrors {
    ValidationErrors {
        request: spec.name,
        violations: spec
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| Violation {
                param: f.wire.to_string(),
                rule: "required",
                value: None,
                expected: "required parameter is missing".to_string(),
                page: spec.page,
                line: f.line,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Shape;
    use crate::model::{Rule, Value};

    struct Req {
        name: Option<String>,
        ids: Vec<String>,
        size: i32,
    }
    static SPEC: StructSpec = StructSpec {
        name: "Req",
        page: "p.md",
        secret: &[],
        fields: &[
            FieldSpec {
                wire: "Name",
                line: 3,
                required: true,
                shape: Shape::Scalar,
                rules: &[
                    Rule {
                        check: Check::Pattern("^(?:[a-z]+)$"),
                        line: 4,
                    },
                    Rule {
                        check: Check::OneOf(&["abc", "xyz"]),
                        line: 5,
                    },
                ],
            },
            FieldSpec {
                wire: "Ids",
                line: 6,
                required: false,
                shape: Shape::RepeatList,
                rules: &[
                    Rule {
                        check: Check::MaxItems(1),
                        line: 7,
                    },
                    Rule {
                        check: Check::MaxLen(2),
                        line: 8,
                    },
                ],
            },
            FieldSpec {
                wire: "Size",
                line: 9,
                required: true,
                shape: Shape::Scalar,
                rules: &[Rule {
                    check: Check::Ranges(&[[1, 2], [5, 5]]),
                    line: 10,
                }],
            },
        ],
    };
    impl Struct for Req {
        fn spec(&self) -> &'static StructSpec {
            &SPEC
        }
        fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a dyn Value)) {
            f(&self.name);
            f(&self.ids);
            f(&self.size);
        }
    }

    #[test]
    fn range_messages_state_only_the_bounds_the_page_states() {
        let text = |ranges: &'static [[i64; 2]], v: i64| {
            check_scalar(Check::Ranges(ranges), &View::Int(v)).map(|(_, e)| e)
        };
        assert_eq!(
            text(&[[i64::MIN, 100]], 101).as_deref(),
            Some("must be at most 100")
        );
        assert_eq!(text(&[[i64::MIN, 100]], 100), None);
        assert_eq!(
            text(&[[1, i64::MAX]], 0).as_deref(),
            Some("must be at least 1")
        );
        assert_eq!(
            text(&[[-1, -1], [1, 65535]], 0).as_deref(),
            Some("must be -1, or 1 to 65535")
        );
        assert_eq!(
            check_scalar(Check::Ranges(&[[i64::MIN, 100]]), &View::Str("x")).map(|(_, e)| e),
            Some("must be a number: at most 100".to_string())
        );
    }

    #[test]
    fn a_value_set_ignores_case() {
        let one_of =
            |v: &'static str| check_scalar(Check::OneOf(&["tcp", "In_use"]), &View::Str(v));
        assert_eq!(one_of("TCP"), None);
        assert_eq!(one_of("In_Use"), None);
        assert_eq!(
            one_of("sctp").map(|(_, e)| e).as_deref(),
            Some("must be one of: tcp, In_use")
        );
    }

    #[test]
    fn reports_everything_once() {
        let r = Req {
            name: Some("ABD".into()),
            ids: vec!["aaa".into(), "b".into()],
            size: 3,
        };
        let e = validate(&r).unwrap_err();
        let got: Vec<(&str, &str, u32)> = e
            .iter()
            .map(|v| (v.param.as_str(), v.rule, v.line))
            .collect();
        assert_eq!(
            got,
            [
                ("Name", "pattern", 4),
                ("Name", "enum", 5),
                ("Ids", "max_items", 7),
                ("Ids.1", "max_len", 8),
                ("Size", "range", 10),
            ]
        );
        let ok = Req {
            name: Some("abc".into()),
            ids: vec![],
            size: 5,
        };
        assert!(validate(&ok).is_ok());
        let missing = Req {
            name: None,
            ids: vec![],
            size: 9,
        };
        assert_eq!(validate_required(&missing).unwrap_err().len(), 1);
        assert_eq!(
            crate::wire::to_params(&ok),
            vec![
                ("Name".to_string(), "abc".to_string()),
                ("Size".to_string(), "5".to_string())
            ]
        );
    }
}
