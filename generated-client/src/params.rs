//! Rebuilding a request from its wire parameters: the inverse of [`crate::wire::to_params`]
//! (`Name.1=a`, `Tag.1.Key=k`, `SystemDisk.Category=c`, `Ids=["a","b"]`). Useful to replay a
//! logged request, and to check documented request examples against the generated types.
//!
//! The parameters are first split on `.` into a tree (a `serde_json::Value` whose leaves are
//! the values as strings); each generated struct's [`FromParam`] impl then takes its fields
//! out of its object with [`opt`] / [`req`], and whatever is left over is an unknown
//! parameter. Only the types are checked here (numbers parse, required parameters are
//! present); the documented constraints are `validate()`'s job.

use serde_json::Value as J;
use std::fmt;

/// One level of the parameter tree.
pub type Map = serde_json::Map<String, J>;

/// A parameter that does not fit the request type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// Full wire name (`Tag.1.Key`), or the name as given for unknown parameters.
    pub param: String,
    /// What is wrong (`unknown parameter`, `required parameter is missing`, `not a number: "x"`).
    pub message: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

/// Every parameter that did not fit, from [`from_params`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsError {
    /// The request type.
    pub request: &'static str,
    pub errors: Vec<ParamError>,
}

impl ParamsError {
    pub fn iter(&self) -> std::slice::Iter<'_, ParamError> {
        self.errors.iter()
    }
    pub fn len(&self) -> usize {
        self.errors.len()
    }
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parameters do not fit {}: ", self.request)?;
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParamsError {}

/// Keeps the items it wraps when `ecs-client`'s `from-params` feature is on, and drops them
/// otherwise. Each generated action module puts its `X::from_params` and `FromParam` impls
/// in one of these: the cfg is decided here, where the runtime is built, so one generated
/// crate builds either way (a `#[cfg]` in generated code would name the user's features).
#[cfg(feature = "from-params")]
#[doc(hidden)]
#[macro_export]
macro_rules! __from_params_gate {
    ($($item:tt)*) => { $($item)* };
}

/// Drops the items it wraps: `ecs-client`'s `from-params` feature is off (see the other arm).
#[cfg(not(feature = "from-params"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __from_params_gate {
    ($($item:tt)*) => {};
}

/// A request value rebuilt from the parameter tree (`v` is a string leaf or an object of
/// sub-parameters; `path` is its full wire name, for messages).
pub trait FromParam: Sized {
    fn from_param(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<Self>;
}

/// `prefix.name`, or `name` at the top.
pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn push(errors: &mut Vec<ParamError>, param: &str, message: impl Into<String>) {
    errors.push(ParamError {
        param: param.to_string(),
        message: message.into(),
    });
}

/// The parameters as a tree; names split on `.` (segments trimmed).
pub fn tree(params: &[(String, String)], errors: &mut Vec<ParamError>) -> Map {
    let mut root = Map::new();
    'params: for (name, value) in params {
        let segments: Vec<&str> = name.split('.').map(str::trim).collect();
        if segments.iter().any(|s| s.is_empty()) {
            push(errors, name, "malformed parameter name");
            continue;
        }
        let mut node = &mut root;
        let (last, inner) = match segments.split_last() {
            Some(x) => x,
            None => continue,
        };
        for seg in inner {
            let entry = node
                .entry((*seg).to_string())
                .or_insert_with(|| J::Object(Map::new()));
            match entry {
                J::Object(m) => node = m,
                _ => {
                    push(
                        errors,
                        name,
                        "given both as a value and with sub-parameters",
                    );
                    continue 'params;
                }
            }
        }
        match node.get(*last) {
            None => {
                node.insert((*last).to_string(), J::String(value.clone()));
            }
            Some(J::Object(_)) => push(
                errors,
                name,
                "given both as a value and with sub-parameters",
            ),
            Some(_) => push(errors, name, "given more than once"),
        }
    }
    root
}

/// Rebuilds a request from its own wire parameters (no `Action`, no common parameters, not
/// URL-encoded), reporting every parameter that does not fit.
pub fn from_params<T: FromParam>(
    request: &'static str,
    params: &[(String, String)],
) -> Result<T, ParamsError> {
    let mut errors = Vec::new();
    let root = tree(params, &mut errors);
    let value = T::from_param(J::Object(root), "", &mut errors);
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(ParamsError { request, errors }),
    }
}

/// The object of a struct's parameters; an error for a plain value.
pub fn object(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<Map> {
    match v {
        J::Object(m) => Some(m),
        J::String(s) => match serde_json::from_str::<J>(&s) {
            // A struct given as one JSON object.
            Ok(J::Object(m)) => Some(m.into_iter().map(|(k, v)| (k, node(v))).collect()),
            _ => {
                push(errors, path, "expected sub-parameters, got a plain value");
                None
            }
        },
        other => {
            push(errors, path, format!("unexpected value {other}"));
            None
        }
    }
}

/// Reports what a struct did not take as unknown parameters.
pub fn leftovers(m: Map, path: &str, errors: &mut Vec<ParamError>) {
    for (k, v) in m {
        let full = join(path, &k);
        let shown = match v {
            J::Object(_) => format!("{full}.*"),
            _ => full,
        };
        push(errors, &shown, "unknown parameter");
    }
}

/// An optional field.
pub fn opt<T: FromParam>(
    m: &mut Map,
    wire: &str,
    path: &str,
    errors: &mut Vec<ParamError>,
) -> Option<T> {
    let v = m.remove(wire)?;
    T::from_param(v, &join(path, wire), errors)
}

/// A required field (missing is an error).
pub fn req<T: FromParam>(
    m: &mut Map,
    wire: &str,
    path: &str,
    errors: &mut Vec<ParamError>,
) -> Option<T> {
    match m.remove(wire) {
        Some(v) => T::from_param(v, &join(path, wire), errors),
        None => {
            push(errors, &join(path, wire), "required parameter is missing");
            None
        }
    }
}

/// A JSON value from a JSON-array parameter as a tree node (scalars as their text).
fn node(v: J) -> J {
    match v {
        J::String(s) => J::String(s),
        J::Number(n) => J::String(n.to_string()),
        J::Bool(b) => J::String(b.to_string()),
        J::Null => J::String(String::new()),
        J::Array(items) => J::Object(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| ((i + 1).to_string(), node(v)))
                .collect(),
        ),
        J::Object(m) => J::Object(m.into_iter().map(|(k, v)| (k, node(v))).collect()),
    }
}

/// A plain value's text; an error for sub-parameters.
pub fn text(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<String> {
    match v {
        J::String(s) => Some(s),
        J::Object(_) => {
            push(errors, path, "expected a value, got sub-parameters");
            None
        }
        other => Some(other.to_string()),
    }
}

impl FromParam for String {
    fn from_param(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<Self> {
        text(v, path, errors)
    }
}

impl FromParam for bool {
    fn from_param(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<Self> {
        let s = text(v, path, errors)?;
        match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                push(errors, path, format!("not a boolean: {s:?}"));
                None
            }
        }
    }
}

macro_rules! from_param_number {
    ($($t:ty)*) => {$(
        impl FromParam for $t {
            fn from_param(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<Self> {
                let s = text(v, path, errors)?;
                match s.trim().parse::<$t>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        push(errors, path, format!("not a number of type {}: {s:?}", stringify!($t)));
                        None
                    }
                }
            }
        }
    )*};
}
from_param_number!(i32 i64 f32 f64);

/// A list: `Name.1`, `Name.2`, ... (any positive indexes, in index order), or one JSON array.
impl<T: FromParam> FromParam for Vec<T> {
    fn from_param(v: J, path: &str, errors: &mut Vec<ParamError>) -> Option<Self> {
        let items: Vec<(String, J)> = match v {
            J::Object(m) => {
                let mut indexed = Vec::new();
                for (k, v) in m {
                    match k.parse::<u32>() {
                        Ok(i) if i > 0 => indexed.push((i, k, v)),
                        _ => push(
                            errors,
                            &join(path, &k),
                            "unknown parameter (list items are numbered from 1)",
                        ),
                    }
                }
                indexed.sort_by_key(|(i, _, _)| *i);
                indexed.into_iter().map(|(_, k, v)| (k, v)).collect()
            }
            J::String(s) => match serde_json::from_str::<J>(&s) {
                Ok(J::Array(a)) => a
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("[{i}]"), node(v)))
                    .collect(),
                _ => {
                    push(errors, path, format!("expected a list, got {s:?}"));
                    return None;
                }
            },
            other => {
                push(errors, path, format!("expected a list, got {other}"));
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for (k, v) in items {
            let item_path = if k.starts_with('[') {
                format!("{path}{k}")
            } else {
                join(path, &k)
            };
            match T::from_param(v, &item_path, errors) {
                Some(item) => out.push(item),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }
}
