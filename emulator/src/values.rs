//! A request's own parameters as values the client's validator reads: decoded by the page's
//! shapes into [`Decoded`] (an `ecs_client::model::Struct`), checked with
//! `ecs_client::validate::validate` (the builders' rules), and a violation answered with the
//! page's matching error row, else the common ECS error.

use crate::catalog::{Action, StructShape};
use crate::error::EcsError;
use crate::params::shown;
use ecs_client::model::{Shape, Struct, StructSpec, Value, View};
use ecs_codegen::ir::{ErrorRow, Type};
use serde_json::Value as J;

/// One decoded value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Dyn {
    Absent,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Dyn>),
    Struct(Decoded),
}

/// One struct level: its spec and one value per field, in spec order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decoded {
    spec: &'static StructSpec,
    values: Vec<Dyn>,
}

impl Value for Dyn {
    fn view(&self) -> View<'_> {
        match self {
            Dyn::Absent => View::Absent,
            Dyn::Str(s) => View::Str(s),
            Dyn::Int(i) => View::Int(*i),
            Dyn::Float(x) => View::Float(*x),
            Dyn::Bool(b) => View::Bool(*b),
            Dyn::List(items) => View::List(items),
            Dyn::Struct(s) => View::Struct(s),
        }
    }
}

impl Struct for Decoded {
    fn spec(&self) -> &'static StructSpec {
        self.spec
    }
    fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a dyn Value)) {
        for v in &self.values {
            f(v);
        }
    }
}

/// A parameter the request got wrong.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Broken {
    /// Wire path (`retentionDays`, `Tag.2.Key`, `timePoints[3]`).
    pub param: String,
    /// `required`, `unknown`, `type`, or a validator rule (`range`, `enum`, ...).
    pub rule: &'static str,
    /// What is wrong, in words.
    pub detail: String,
}

/// What a request's own parameters came to when the page accepts them.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Accepted {
    /// The parameters the page documents, each top-level name spelled as the page spells it
    /// (`RegionId` sent for the page's `regionId` is `regionId`).
    pub params: Vec<(String, String)>,
    /// Names of what was ignored, as sent: parameters the page does not list (unless
    /// `strict`), and a second spelling of a documented name that came beside the page's own
    /// (`RegionId` next to `regionId`).
    pub ignored: Vec<String>,
}

/// The top-level name of a wire name (`Tag` of `Tag.1.Key`, `timePoints` of `timePoints[0]`).
fn top_of(name: &str) -> &str {
    &name[..name.find(['.', '[']).unwrap_or(name.len())]
}

/// Each top-level name the page documents, matched exactly, else by ASCII case when exactly
/// one documented name matches that way (SDKs and pages disagree on case: the legacy Python
/// SDK adds `RegionId` to every call, the page may spell it `regionId`): renamed to the page's
/// spelling. A case variant that comes beside the page's own spelling is the same parameter
/// given twice: the page's spelling wins and the variant is ignored. A name the page does not
/// list at all is ignored, as ECS ignores it, unless `strict` (then it stays, to be refused).
fn normalize(action: &Action, params: &[(String, String)], strict: bool) -> Accepted {
    let documented: Vec<&str> = action
        .shape
        .fields
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    let exact: std::collections::HashSet<&str> = params
        .iter()
        .map(|(k, _)| top_of(k))
        .filter(|t| documented.contains(t))
        .collect();
    let mut out = Accepted::default();
    for (k, v) in params {
        let top = top_of(k);
        if documented.contains(&top) {
            out.params.push((k.clone(), v.clone()));
            continue;
        }
        let mut by_case = documented.iter().filter(|d| d.eq_ignore_ascii_case(top));
        match (by_case.next(), by_case.next()) {
            (Some(page), None) if exact.contains(page) => out.ignored.push(k.clone()),
            (Some(page), None) => out
                .params
                .push((format!("{page}{}", &k[top.len()..]), v.clone())),
            _ if strict => out.params.push((k.clone(), v.clone())),
            _ => out.ignored.push(k.clone()),
        }
    }
    out
}

/// Decodes and validates `params` (the action's own: no common parameters) against the
/// action's page; `Err` is the answer ECS would give. Parameters the page does not list are
/// ignored (and named in [`Accepted::ignored`]), unless `strict`, which refuses them.
pub(crate) fn check(
    action: &Action,
    params: &[(String, String)],
    strict: bool,
) -> Result<Accepted, EcsError> {
    let mut accepted = normalize(action, params, strict);
    let mut broken = broken(action, &accepted.params);
    // Members the page does not list inside a documented parameter (`Tag.1.Colour`): left
    // out, and the rest decoded again (a decoding problem stops the validator).
    if !strict {
        loop {
            let unknown: Vec<String> = broken
                .iter()
                .filter(|b| b.rule == "unknown")
                .map(|b| b.param.clone())
                .collect();
            let before = accepted.params.len();
            accepted
                .params
                .retain(|(k, _)| !unknown.iter().any(|u| is_under(k, u)));
            if accepted.params.len() == before {
                // Nothing to leave out (none, or inside one JSON value): answered as it is.
                break;
            }
            accepted.ignored.extend(unknown);
            broken = self::broken(action, &accepted.params);
        }
    }
    match broken.first() {
        None => Ok(accepted),
        Some(first) => Err(answer(action, first, &broken[1..])),
    }
}

/// Whether the wire name `name` is the parameter at `path` or below it (`path` as
/// [`Broken::param`] writes it: `Tag.1.Colour`, or `Tag.1.Colour.*` for sub-parameters).
fn is_under(name: &str, path: &str) -> bool {
    let path = path.strip_suffix(".*").unwrap_or(path);
    name.len() >= path.len()
        && name[..path.len()].eq_ignore_ascii_case(path)
        && matches!(name.as_bytes().get(path.len()), None | Some(b'.' | b'['))
}

/// Every problem with `params`: decoding problems first; when there are none, the
/// validator's violations.
pub(crate) fn broken(action: &Action, params: &[(String, String)]) -> Vec<Broken> {
    let mut param_errors = Vec::new();
    let tree = ecs_client::params::tree(params, &mut param_errors);
    let mut out: Vec<Broken> = param_errors
        .into_iter()
        .map(|e| Broken {
            param: e.param,
            rule: "type",
            detail: e.message,
        })
        .collect();
    let decoded = decode_struct(action.spec, &action.shape, tree, "", &mut out);
    if !out.is_empty() {
        return out;
    }
    if let Err(errors) = ecs_client::validate::validate(&decoded) {
        for v in errors.violations {
            let detail = match &v.value {
                Some(value) => format!("{value} {} ({}, line {})", v.expected, v.rule, v.line),
                None => format!("{} (line {})", v.expected, v.line),
            };
            out.push(Broken {
                param: v.param,
                rule: v.rule,
                detail,
            });
        }
    }
    out
}

fn join(path: &str, name: &str) -> String {
    ecs_client::params::join(path, name)
}

fn decode_struct(
    spec: &'static StructSpec,
    shape: &StructShape,
    mut m: ecs_client::params::Map,
    path: &str,
    out: &mut Vec<Broken>,
) -> Decoded {
    let mut values = Vec::with_capacity(shape.fields.len());
    for field in &shape.fields {
        let v = take(&mut m, &field.wire);
        let full = join(path, &field.wire);
        let value = match v {
            None => Dyn::Absent,
            Some(v) => decode_field(field, v, &full, out),
        };
        values.push(value);
    }
    for (k, v) in m {
        let full = join(path, &k);
        let shown_name = match v {
            J::Object(_) => format!("{full}.*"),
            _ => full,
        };
        out.push(Broken {
            param: shown_name,
            rule: "unknown",
            detail: format!("is not a parameter of {}", spec.name),
        });
    }
    Decoded { spec, values }
}

/// The value of `wire`: the exact name, else the one name that differs only in ASCII case
/// (the pages do not agree on case: `regionId` next to `RegionId`).
fn take(m: &mut ecs_client::params::Map, wire: &str) -> Option<J> {
    if let Some(v) = m.remove(wire) {
        return Some(v);
    }
    let mut matches = m.keys().filter(|k| k.eq_ignore_ascii_case(wire));
    let key = matches.next()?.clone();
    if matches.next().is_some() {
        return None;
    }
    m.remove(&key)
}

fn decode_field(
    field: &crate::catalog::FieldShape,
    v: J,
    path: &str,
    out: &mut Vec<Broken>,
) -> Dyn {
    match field.shape {
        Shape::Scalar | Shape::Json => scalar(field.value_type, v, path, out),
        Shape::Struct => match (&field.nested, struct_map(v, path, out)) {
            (Some((spec, shape)), Some(m)) => Dyn::Struct(decode_struct(spec, shape, m, path, out)),
            _ => Dyn::Absent,
        },
        Shape::RepeatList | Shape::JsonList | Shape::JsonTextList => {
            let Some(items) = list_items(v, path, out) else {
                return Dyn::Absent;
            };
            let mut values = Vec::with_capacity(items.len());
            for (item_path, item) in items {
                let value = match &field.nested {
                    Some((spec, shape)) => match struct_map(item, &item_path, out) {
                        Some(m) => Dyn::Struct(decode_struct(spec, shape, m, &item_path, out)),
                        None => Dyn::Absent,
                    },
                    None => scalar(field.value_type, item, &item_path, out),
                };
                values.push(value);
            }
            Dyn::List(values)
        }
    }
}

fn struct_map(v: J, path: &str, out: &mut Vec<Broken>) -> Option<ecs_client::params::Map> {
    let mut errors = Vec::new();
    let m = ecs_client::params::object(v, path, &mut errors);
    out.extend(errors.into_iter().map(|e| Broken {
        param: e.param,
        rule: "type",
        detail: e.message,
    }));
    m
}

/// A list's items with their paths: `Name.1`, `Name.2` (any positive indexes, in order), or
/// the items of one JSON array (`Name[0]`).
fn list_items(v: J, path: &str, out: &mut Vec<Broken>) -> Option<Vec<(String, J)>> {
    match v {
        J::Object(m) => {
            let mut indexed = Vec::new();
            for (k, v) in m {
                match k.parse::<u32>() {
                    Ok(i) if i > 0 => indexed.push((i, k, v)),
                    _ => out.push(Broken {
                        param: join(path, &k),
                        rule: "unknown",
                        detail: "is not a list item (items are numbered from 1)".to_string(),
                    }),
                }
            }
            indexed.sort_by_key(|(i, _, _)| *i);
            Some(
                indexed
                    .into_iter()
                    .map(|(_, k, v)| (join(path, &k), v))
                    .collect(),
            )
        }
        J::String(s) => match serde_json::from_str::<J>(&s) {
            Ok(J::Array(items)) => Some(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{path}[{i}]"), v))
                    .collect(),
            ),
            _ => {
                out.push(Broken {
                    param: path.to_string(),
                    rule: "type",
                    detail: format!("expected a list, got {:?}", shown(&s)),
                });
                None
            }
        },
        other => {
            out.push(Broken {
                param: path.to_string(),
                rule: "type",
                detail: format!("expected a list, got {}", shown(&other.to_string())),
            });
            None
        }
    }
}

fn scalar(ty: Type, v: J, path: &str, out: &mut Vec<Broken>) -> Dyn {
    let text = match v {
        J::String(s) => s,
        J::Object(_) | J::Array(_) if ty != Type::Json => {
            out.push(Broken {
                param: path.to_string(),
                rule: "type",
                detail: "expected a value, got sub-parameters".to_string(),
            });
            return Dyn::Absent;
        }
        J::Null => String::new(),
        other => other.to_string(),
    };
    let mut bad = |what: &str| {
        out.push(Broken {
            param: path.to_string(),
            rule: "type",
            detail: format!("{:?} is not {what}", shown(&text)),
        });
        Dyn::Absent
    };
    match ty {
        Type::Integer => match text.trim().parse::<i32>() {
            Ok(n) => Dyn::Int(i64::from(n)),
            Err(_) => bad("an integer (32-bit)"),
        },
        Type::Long => match text.trim().parse::<i64>() {
            Ok(n) => Dyn::Int(n),
            Err(_) => bad("an integer"),
        },
        Type::Float | Type::Double => match text.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Dyn::Float(x),
            _ => bad("a number"),
        },
        Type::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Dyn::Bool(true),
            "false" => Dyn::Bool(false),
            _ => bad("a boolean (true or false)"),
        },
        Type::Json => match serde_json::from_str::<J>(&text) {
            Ok(_) => Dyn::Str(text),
            Err(_) => bad("a JSON document"),
        },
        Type::String | Type::List | Type::Struct => Dyn::Str(text),
    }
}

/// The top-level name of a wire path (`Tag` of `Tag.2.Key`, `timePoints` of `timePoints[3]`).
fn top(param: &str) -> &str {
    let end = param.find(['.', '[']).unwrap_or(param.len());
    &param[..end]
}

/// The path with list indexes written `N` (`Tag.N.Key`), as pages write them.
fn generic(param: &str) -> String {
    let no_brackets = match param.find('[') {
        Some(at) => &param[..at],
        None => param,
    };
    no_brackets
        .split('.')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "N"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Whether the row's message names the parameter (a whole word, any case).
fn names(row: &ErrorRow, param: &str) -> bool {
    let top = top(param);
    let generic = generic(param);
    row.message
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .any(|w| !w.is_empty() && (w.eq_ignore_ascii_case(top) || w.eq_ignore_ascii_case(&generic)))
}

/// Words that say a row is about a value being wrong (not, say, about a conflict between two
/// parameters or a quota).
const INVALID_WORDS: &[&str] = &[
    "invalid",
    "not valid",
    "malformed",
    "wrongly formed",
    "not supported",
    "illegal",
    "incorrect",
];

/// The page's row for this problem: for a missing parameter, a `Missing…` row naming it; for
/// a bad value, a row naming it whose message says the value is wrong (`The specified
/// RetentionDays parameter is invalid.`), preferring codes that say so too; none for an
/// unknown parameter.
fn row_for<'a>(action: &'a Action, b: &Broken) -> Option<&'a ErrorRow> {
    if b.rule == "unknown" {
        // The page does not know the parameter; its rows are not about it.
        return None;
    }
    let naming = action.errors.iter().filter(|r| names(r, &b.param));
    if b.rule == "required" {
        return naming.into_iter().find(|r| r.code.starts_with("Missing"));
    }
    let mut best: Option<(u8, &ErrorRow)> = None;
    for r in naming.filter(|r| !r.code.starts_with("Missing")) {
        let message = r.message.to_lowercase();
        if !INVALID_WORDS.iter().any(|w| message.contains(w)) {
            continue;
        }
        let code = r.code.to_lowercase();
        let score = u8::from(
            code.contains("invalid") || code.contains("param") || code.contains("malformed"),
        );
        match best {
            Some((s, _)) if s >= score => {}
            _ => best = Some((score, r)),
        }
    }
    best.map(|(_, r)| r)
}

fn answer(action: &Action, first: &Broken, rest: &[Broken]) -> EcsError {
    if let Some(row) = row_for(action, first) {
        return EcsError::new(
            row.http_status.unwrap_or(400),
            row.code.clone(),
            row.message.clone(),
        );
    }
    let also = if rest.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = rest.iter().take(8).map(|b| b.param.clone()).collect();
        format!(" Also not valid: {}.", names.join(", "))
    };
    let mut e = match first.rule {
        "required" => EcsError::missing_parameter(&first.param),
        "unknown" => EcsError::invalid_parameter(format!(
            "The parameter \"{}\" {}.",
            shown(&first.param),
            first.detail
        )),
        _ => EcsError::invalid_parameter(format!(
            "The specified parameter \"{}\" is not valid: {}.",
            shown(&first.param),
            first.detail
        )),
    };
    e.message.push_str(&also);
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn seed() -> Catalog {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../specs/CreateAutoSnapshotPolicy.md"
        );
        Catalog::new(&[ecs_codegen::parse_file(std::path::Path::new(path)).unwrap()])
    }

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const GOOD: &[(&str, &str)] = &[
        ("regionId", "cn-hangzhou"),
        ("repeatWeekdays", r#"["1","7"]"#),
        ("retentionDays", "30"),
        ("timePoints", r#"["0","19"]"#),
    ];

    #[test]
    fn a_valid_request_passes_and_each_bad_one_gets_its_row() {
        let c = seed();
        let a = &c.actions["CreateAutoSnapshotPolicy"];
        assert_eq!(check(a, &p(GOOD), false).map(|ok| ok.params), Ok(p(GOOD)));
        let with = |k: &str, v: &str| {
            let mut ps = p(GOOD);
            ps.iter_mut().find(|(n, _)| n == k).unwrap().1 = v.to_string();
            check(a, &ps, false).unwrap_err()
        };
        let e = with("retentionDays", "0");
        assert_eq!(
            (e.status, e.code.as_str(), e.message.as_str()),
            (
                403,
                "ParameterInvalid",
                "The specified RetentionDays parameter is invalid."
            )
        );
        assert_eq!(
            with("retentionDays", "abc").message,
            "The specified RetentionDays parameter is invalid."
        );
        assert_eq!(
            with("timePoints", r#"["24"]"#).message,
            "The specified TimePoints parameter is invalid."
        );
        assert_eq!(
            with("repeatWeekdays", r#"["8"]"#).message,
            "The specified RepeatWeekDays parameter is invalid."
        );
    }

    #[test]
    fn missing_unknown_and_unmatched_problems_get_common_errors() {
        let c = seed();
        let a = &c.actions["CreateAutoSnapshotPolicy"];
        let e = check(a, &p(&GOOD[1..]), false).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (400, "MissingParameter"));
        assert!(e.message.contains("\"regionId\""), "{}", e.message);
        let mut ps = p(GOOD);
        ps.push(("autoSnapshotPolicyName".into(), "http://x".into()));
        let e = check(a, &ps, false).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (400, "InvalidParameter"));
        assert!(e.message.contains("not_prefix"), "{}", e.message);
    }

    #[test]
    fn unlisted_parameters_are_ignored_unless_strict() {
        let c = seed();
        let a = &c.actions["CreateAutoSnapshotPolicy"];
        let mut ps = p(GOOD);
        ps.push(("Bogus".into(), "1".into()));
        let ok = check(a, &ps, false).unwrap();
        assert_eq!(
            (ok.params, ok.ignored),
            (p(GOOD), vec!["Bogus".to_string()])
        );
        let e = check(a, &ps, true).unwrap_err();
        assert_eq!(e.code, "InvalidParameter");
        assert!(e.message.contains("\"Bogus\""), "{}", e.message);
        // What an ignored parameter hid is still checked.
        let mut ps = p(GOOD);
        ps[2].1 = "0".into();
        ps.push(("Bogus".into(), "1".into()));
        assert_eq!(check(a, &ps, false).unwrap_err().code, "ParameterInvalid");
    }

    #[test]
    fn a_name_differing_in_case_is_the_pages_parameter() {
        let c = seed();
        let a = &c.actions["CreateAutoSnapshotPolicy"];
        // Alone: renamed to the page's spelling, in strict mode too.
        let mut ps = p(GOOD);
        ps[0].0 = "RegionId".into();
        for strict in [false, true] {
            let ok = check(a, &ps, strict).unwrap();
            assert_eq!(
                (&ok.params, ok.ignored.len()),
                (&p(GOOD), 0),
                "strict {strict}"
            );
        }
        // Beside the page's own spelling: one parameter, the page's spelling wins.
        let mut ps = p(GOOD);
        ps.push(("RegionId".into(), "cn-beijing".into()));
        for strict in [false, true] {
            let ok = check(a, &ps, strict).unwrap();
            assert_eq!(ok.params, p(GOOD), "strict {strict}");
            assert_eq!(ok.ignored, ["RegionId"], "strict {strict}");
        }
        // The check still applies to the renamed value.
        let mut ps = p(GOOD);
        ps[2] = ("RetentionDays".into(), "0".into());
        assert_eq!(check(a, &ps, false).unwrap_err().code, "ParameterInvalid");
    }

    proptest::proptest! {
        /// Any parameter names and values: an answer (pass or an ECS error), never a panic.
        #[test]
        fn any_parameters_get_an_answer(
            pairs in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        proptest::strategy::Just("regionId".to_string()),
                        proptest::strategy::Just("timePoints".to_string()),
                        proptest::strategy::Just("repeatWeekdays".to_string()),
                        proptest::strategy::Just("retentionDays".to_string()),
                        "[a-zA-Z0-9.\\[\\]]{0,12}",
                        proptest::prelude::any::<String>(),
                    ],
                    proptest::prop_oneof![
                        "[-0-9\\[\\]\",. ]{0,16}",
                        proptest::prelude::any::<String>(),
                    ],
                ),
                0..8,
            )
        ) {
            let c = seed();
            let a = &c.actions["CreateAutoSnapshotPolicy"];
            for strict in [false, true] {
                if let Err(e) = check(a, &pairs, strict) {
                    proptest::prop_assert!(matches!(e.status, 400 | 403), "{e:?}");
                    proptest::prop_assert!(!e.code.is_empty() && !e.message.is_empty());
                }
            }
        }
    }
}
