//! Tree recovery from the examples: the key shapes of the JSON/XML examples (`ExObj`), with
//! ECS's wrapper objects recognised, and what the table and the example say differently.

use super::*;

/// The key structure of the example(s), with ECS wrapper objects recognised.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ExObj {
    pub(super) keys: BTreeMap<String, ExVal>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum ExVal {
    Scalar,
    Obj(ExObj),
    /// `{"Inner": [..]}`.
    Wrapped(String, Option<Box<ExElem>>),
    Arr(Option<Box<ExElem>>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum ExElem {
    Scalar,
    Obj(ExObj),
}

impl ExVal {
    pub(super) fn from_value(v: &Value) -> ExVal {
        match v {
            Value::Object(m) => {
                if m.len() == 1 {
                    if let Some((k, Value::Array(a))) = m.iter().next() {
                        return ExVal::Wrapped(k.trim().to_string(), elem_of(a));
                    }
                }
                let mut o = ExObj::default();
                for (k, v) in m {
                    let k = k.trim().to_string();
                    let v = ExVal::from_value(v);
                    match o.keys.get_mut(&k) {
                        Some(old) => old.merge(v),
                        None => {
                            o.keys.insert(k, v);
                        }
                    }
                }
                ExVal::Obj(o)
            }
            Value::Array(a) => {
                // `"TaskSet": [{"Task": [..]}]`: an array of wrapper objects is a wrapped list.
                let inner: Option<&str> = a.first().and_then(|v| match v {
                    Value::Object(m) if m.len() == 1 => m.keys().next().map(String::as_str),
                    _ => None,
                });
                if let Some(k) = inner {
                    let all: Option<Vec<Value>> = a
                        .iter()
                        .map(|v| match v {
                            Value::Object(m) if m.len() == 1 => match m.get(k) {
                                Some(Value::Array(x)) => Some(x.clone()),
                                _ => None,
                            },
                            _ => None,
                        })
                        .try_fold(Vec::new(), |mut acc, x| {
                            acc.extend(x?);
                            Some(acc)
                        });
                    if let Some(items) = all {
                        return ExVal::Wrapped(k.trim().to_string(), elem_of(&items));
                    }
                }
                ExVal::Arr(elem_of(a))
            }
            _ => ExVal::Scalar,
        }
    }

    pub(super) fn merge(&mut self, other: ExVal) {
        match (self, other) {
            (ExVal::Obj(a), ExVal::Obj(b)) => a.merge(b),
            (ExVal::Wrapped(ka, a), ExVal::Wrapped(kb, b)) if *ka == kb => merge_elem(a, b),
            (ExVal::Arr(a), ExVal::Arr(b)) => merge_elem(a, b),
            (s @ ExVal::Scalar, o) => *s = o,
            // Converted XML keeps a one-element list as an object: `{"Tag": {..}}`.
            (ExVal::Wrapped(k, a), ExVal::Obj(mut o)) if o.keys.len() == 1 => {
                if let Some(v) = o.keys.remove(k.as_str()) {
                    merge_elem(a, elem_of_val(v));
                }
            }
            (this @ ExVal::Obj(_), ExVal::Wrapped(k, b)) => {
                if let ExVal::Obj(o) = this {
                    if o.keys.len() == 1 && o.keys.contains_key(&k) {
                        let old = o.keys.remove(&k);
                        let mut e = b;
                        if let Some(v) = old {
                            merge_elem(&mut e, elem_of_val(v));
                        }
                        *this = ExVal::Wrapped(k, e);
                    }
                }
            }
            (ExVal::Arr(a), ExVal::Wrapped(_, b)) => merge_elem(a, b),
            _ => {}
        }
    }

    /// The object describing one element of a list-valued key.
    pub(super) fn element_obj(&self) -> Option<&ExObj> {
        match self {
            ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e)) => match &**e {
                ExElem::Obj(o) => o.known(),
                ExElem::Scalar => None,
            },
            // XML converted with one element: `{"Tag": {"TagKey": ..}}`.
            ExVal::Obj(o) if o.keys.len() == 1 => match o.keys.values().next() {
                Some(ExVal::Obj(inner)) => inner.known(),
                _ => o.known(),
            },
            ExVal::Obj(o) => o.known(),
            _ => None,
        }
    }

    /// The inner key of a wrapped list (`SecurityGroupId` of `{"SecurityGroupId": [..]}`).
    pub(super) fn wrapper_key(&self) -> Option<&str> {
        match self {
            ExVal::Wrapped(k, _) => Some(k),
            ExVal::Obj(o) if o.keys.len() == 1 => o.keys.keys().next().map(String::as_str),
            _ => None,
        }
    }
}

/// The element name of a one-element list as converted XML shows it: `{"Image": {..}}`.
pub(super) fn xml_single(v: &ExVal) -> Option<&str> {
    match v {
        ExVal::Obj(o) if o.keys.len() == 1 => match o.keys.iter().next() {
            Some((k, ExVal::Obj(_))) if k.starts_with(|c: char| c.is_ascii_uppercase()) => {
                Some(k.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn elem_of(a: &[Value]) -> Option<Box<ExElem>> {
    let mut out: Option<Box<ExElem>> = None;
    for v in a {
        let e = match ExVal::from_value(v) {
            ExVal::Obj(o) => ExElem::Obj(o),
            ExVal::Wrapped(k, e) => {
                let mut o = ExObj::default();
                o.keys.insert(k, ExVal::Wrapped(String::new(), e));
                ExElem::Obj(o)
            }
            _ => ExElem::Scalar,
        };
        merge_elem(&mut out, Some(Box::new(e)));
    }
    out
}

pub(super) fn elem_of_val(v: ExVal) -> Option<Box<ExElem>> {
    match v {
        ExVal::Obj(o) => Some(Box::new(ExElem::Obj(o))),
        ExVal::Scalar => Some(Box::new(ExElem::Scalar)),
        ExVal::Wrapped(_, e) | ExVal::Arr(e) => e,
    }
}

pub(super) fn merge_elem(a: &mut Option<Box<ExElem>>, b: Option<Box<ExElem>>) {
    match (a.as_deref_mut(), b) {
        (None, b) => *a = b,
        (Some(ExElem::Obj(x)), Some(b)) => {
            if let ExElem::Obj(y) = *b {
                x.merge(y)
            }
        }
        _ => {}
    }
}

impl ExObj {
    pub(super) fn merge(&mut self, other: ExObj) {
        for (k, v) in other.keys {
            match self.keys.get_mut(&k) {
                Some(old) => old.merge(v),
                None => {
                    self.keys.insert(k, v);
                }
            }
        }
    }

    /// `Some(self)` unless empty (an empty object says nothing).
    pub(super) fn known(&self) -> Option<&ExObj> {
        (!self.keys.is_empty()).then_some(self)
    }

    /// Finds a row name: exact key, else a unique case-insensitive key.
    pub(super) fn find(&self, name: &str) -> Option<(&str, &ExVal)> {
        if let Some((k, v)) = self.keys.get_key_value(name) {
            return Some((k, v));
        }
        let mut hits = self
            .keys
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name));
        match (hits.next(), hits.next()) {
            (Some((k, v)), None) => Some((k, v)),
            _ => None,
        }
    }

    /// Whether `name` is a key of an object nested anywhere below this one (in objects, list
    /// elements and wrapped lists), not counting this object's own keys.
    pub(super) fn has_nested(&self, name: &str) -> bool {
        fn within(v: &ExVal, name: &str) -> bool {
            let obj = match v {
                ExVal::Obj(o) => Some(o),
                ExVal::Wrapped(_, Some(e)) | ExVal::Arr(Some(e)) => match &**e {
                    ExElem::Obj(o) => Some(o),
                    ExElem::Scalar => None,
                },
                _ => None,
            };
            obj.is_some_and(|o| o.find(name).is_some() || o.has_nested(name))
        }
        self.keys.values().any(|v| within(v, name))
    }

    /// A unique container key that ends with `name` (table `MaintenanceAttributes`, example
    /// `InstanceMaintenanceAttributes`).
    pub(super) fn find_by_suffix(&self, name: &str) -> Option<(&str, &ExVal)> {
        if name.len() < 6 {
            return None;
        }
        let mut hits = self.keys.iter().filter(|(k, v)| {
            !matches!(v, ExVal::Scalar) && k.len() > name.len() && k.ends_with(name)
        });
        match (hits.next(), hits.next()) {
            (Some((k, v)), None) => Some((k, v)),
            _ => None,
        }
    }

    /// A key whose value wraps a list under `name` (table row `LaunchTemplateVersionSet`, example
    /// `"LaunchTemplateVersionSets": {"LaunchTemplateVersionSet": [..]}`).
    pub(super) fn find_by_wrapper(&self, name: &str) -> Option<(&str, &ExVal)> {
        let mut hits = self.keys.iter().filter(|(_, v)| match v {
            ExVal::Wrapped(w, _) => w.eq_ignore_ascii_case(name),
            ExVal::Obj(_) => xml_single(v).is_some_and(|w| w.eq_ignore_ascii_case(name)),
            _ => false,
        });
        match (hits.next(), hits.next()) {
            (Some((k, v)), None) => Some((k, v)),
            _ => None,
        }
    }
}

/// `{"DescribeXResponse": {...}}` (converted XML with its root kept) -> the inner object.
pub(super) fn unwrap_action_root(o: ExObj, tables: &[RespTable]) -> ExObj {
    if o.keys.len() == 1 {
        let (k, _) = o.keys.iter().next().expect("len is 1");
        let named_in_table = tables
            .iter()
            .any(|t| t.rows.iter().any(|r| clean_name(&r.name).0 == *k));
        if k.ends_with("Response") && !named_in_table {
            if let Some(ExVal::Obj(inner)) = o.keys.into_values().next() {
                return inner;
            }
            return ExObj::default();
        }
    }
    o
}

pub(super) fn obj_of(v: &ExVal) -> Option<&ExObj> {
    match v {
        ExVal::Obj(o) => o.known(),
        _ => None,
    }
}

/// Adjusts data-type fields (built without an example) to the example's shapes: list wrapper
/// names and struct-vs-wrapped-list.
pub(super) fn reconcile(fields: &mut [Field], ex: &ExObj) {
    for f in fields.iter_mut() {
        let Some((_, v)) = ex.find(&f.name) else {
            continue;
        };
        match (f.ty, v) {
            (Type::List, ExVal::Wrapped(k, _)) => {
                if f.wrapper.as_deref() != Some(k.as_str()) {
                    f.wrapper = Some(k.clone());
                    if let Some(item) = f.item.as_deref_mut() {
                        item.name = k.clone();
                    }
                }
                if let (Some(item), Some(o)) = (f.item.as_deref_mut(), v.element_obj()) {
                    reconcile(&mut item.fields, o);
                }
            }
            (Type::Struct, ExVal::Wrapped(k, _)) if f.type_name.is_some() => {
                let fields = std::mem::take(&mut f.fields);
                let mut item = f.clone();
                item.name = k.clone();
                item.fields = fields;
                item.description = String::new();
                if let Some(o) = v.element_obj() {
                    reconcile(&mut item.fields, o);
                }
                f.ty = Type::List;
                f.wrapper = Some(k.clone());
                f.item = Some(Box::new(item));
            }
            (Type::Struct, ExVal::Obj(o)) => {
                let single = xml_single(v)
                    .filter(|k| !f.fields.iter().any(|c| c.name.eq_ignore_ascii_case(k)));
                match single {
                    Some(k) if f.type_name.is_some() => {
                        let k = k.to_string();
                        let mut item = f.clone();
                        item.name = k.clone();
                        item.description = String::new();
                        if let Some(o) = v.element_obj() {
                            reconcile(&mut item.fields, o);
                        }
                        f.fields.clear();
                        f.ty = Type::List;
                        f.wrapper = Some(k);
                        f.item = Some(Box::new(item));
                    }
                    _ => reconcile(&mut f.fields, o),
                }
            }
            _ => {}
        }
    }
}

/// Warns about example keys the table does not document (one warning per object).
pub(super) fn report_unmatched_keys(
    fields: &[Field],
    ex: &ExObj,
    line: u32,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut missing = Vec::new();
    for (k, v) in &ex.keys {
        let f = fields.iter().find(|f| f.name.eq_ignore_ascii_case(k));
        match f {
            None => missing.push(k.as_str()),
            Some(f) => {
                let sub = match f.ty {
                    Type::Struct => Some(&f.fields),
                    Type::List => f.item.as_deref().map(|i| &i.fields),
                    _ => None,
                };
                let o = match (f.ty, v) {
                    (Type::Struct, ExVal::Obj(o)) => Some(o),
                    (Type::List, _) => v.element_obj(),
                    _ => None,
                };
                if let (Some(sub), Some(o)) = (sub, o) {
                    if !sub.is_empty() {
                        report_unmatched_keys(sub, o, f.line, diags, depth + 1);
                    }
                }
            }
        }
    }
    if !missing.is_empty() {
        diags.push(Diagnostic::warning(
            line,
            "response-undocumented-key",
            format!(
                "example keys not in the response table: {}",
                missing.join(", ")
            ),
        ));
    }
}
