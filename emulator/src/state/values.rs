//! Request values as the state needs them: the flat wire pairs (`Tag.1.Key`, JSON-text lists)
//! read back into values by the page's parameter model, and matched to the listed item's
//! fields by name (`InstanceName` into `InstanceName`, `SecurityGroupId` into
//! `SecurityGroupIds`, `Tag.N` into the tags).

use super::store::Map;
use ecs_codegen::ir::{Field, ListEncoding, Param, Type};
use serde_json::Value;

/// The value of a top-level parameter by name, the page's spelling or the SDK's
/// (`regionId`, `RegionId`).
pub(crate) fn scalar<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .or_else(|| params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
        .map(|(_, v)| v.as_str())
}

/// The strings of a list parameter, JSON text (`["a","b"]`) or repeated (`Name.1=a`), or a
/// lone scalar of that name.
pub(crate) fn strings(params: &[(String, String)], name: &str) -> Vec<String> {
    if let Some(v) = scalar(params, name) {
        return match serde_json::from_str::<Value>(v) {
            Ok(Value::Array(a)) => a.iter().map(text).collect(),
            _ if v.is_empty() => Vec::new(),
            _ => vec![v.to_string()],
        };
    }
    let mut items: Vec<(u32, String)> = params
        .iter()
        .filter_map(|(k, v)| {
            let rest = strip_prefix_ci(k, name)?.strip_prefix('.')?;
            Some((rest.parse::<u32>().ok()?, v.clone()))
        })
        .collect();
    items.sort_by_key(|(n, _)| *n);
    items.into_iter().map(|(_, v)| v).collect()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Any JSON value as the text it stands for (strings without quotes).
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Items of a grouped list (`Tag.1.Key`, `Tag.1.Value`, or JSON text), as maps of sub-name
/// to text.
pub(crate) fn groups(params: &[(String, String)], name: &str) -> Vec<Vec<(String, String)>> {
    if let Some(v) = scalar(params, name) {
        if let Ok(Value::Array(a)) = serde_json::from_str::<Value>(v) {
            return a
                .iter()
                .filter_map(|i| i.as_object())
                .map(|o| o.iter().map(|(k, v)| (k.clone(), text(v))).collect())
                .collect();
        }
    }
    let mut items: std::collections::BTreeMap<u32, Vec<(String, String)>> = Default::default();
    for (k, v) in params {
        let Some(rest) = strip_prefix_ci(k, name).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let Some((n, sub)) = rest.split_once('.') else {
            continue;
        };
        if let Ok(n) = n.parse::<u32>() {
            items
                .entry(n)
                .or_default()
                .push((sub.to_string(), v.clone()));
        }
    }
    items.into_values().collect()
}

/// The tags a request carries: `Tag.N.Key`/`Tag.N.Value` (any spelling of `Tag`).
pub(crate) fn tags(params: &[(String, String)]) -> Vec<(String, String)> {
    groups(params, "Tag")
        .into_iter()
        .filter_map(|g| {
            let get = |n: &str| {
                g.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(n))
                    .map(|(_, v)| v.clone())
            };
            Some((get("Key")?, get("Value").unwrap_or_default()))
        })
        .collect()
}

/// A parameter's value read back by its model, `None` when the request does not carry it.
pub(crate) fn value(p: &Param, params: &[(String, String)], prefix: &str) -> Option<Value> {
    let full = if prefix.is_empty() {
        p.name.clone()
    } else {
        format!("{prefix}.{}", p.name)
    };
    match p.ty {
        Type::List => {
            let item = p.item.as_deref();
            let structured = item.is_some_and(|i| !i.fields.is_empty());
            if structured && p.encoding != Some(ListEncoding::Json) {
                let g = groups(params, &full);
                if g.is_empty() {
                    return None;
                }
                return Some(Value::Array(
                    g.into_iter()
                        .map(|kv| {
                            Value::Object(
                                kv.into_iter().map(|(k, v)| (k, Value::String(v))).collect(),
                            )
                        })
                        .collect(),
                ));
            }
            if let Some(v) = scalar(params, &full) {
                if let Ok(Value::Array(a)) = serde_json::from_str::<Value>(v) {
                    return Some(Value::Array(a));
                }
            }
            let s = strings(params, &full);
            (!s.is_empty()).then(|| Value::Array(s.into_iter().map(Value::String).collect()))
        }
        Type::Struct => {
            let mut m = Map::new();
            for f in &p.fields {
                if let Some(v) = value(f, params, &full) {
                    m.insert(f.name.clone(), v);
                }
            }
            (!m.is_empty()).then_some(Value::Object(m))
        }
        _ => scalar(params, &full).map(|v| Value::String(v.to_string())),
    }
}

/// `v` shaped as the response field `f` holds it: numbers and booleans typed, lists in their
/// wrapper, struct members matched by name.
pub(crate) fn shaped(f: &Field, v: &Value) -> Option<Value> {
    match f.ty {
        Type::Integer | Type::Long => {
            let t = text(v);
            t.parse::<i64>().ok().map(Value::from)
        }
        Type::Float | Type::Double => text(v).parse::<f64>().ok().map(Value::from),
        Type::Boolean => match text(v).to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Type::List => {
            let items: Vec<Value> = match v {
                Value::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            let item = f.item.as_deref();
            let items: Vec<Value> = items
                .iter()
                .filter_map(|i| match item {
                    Some(it) if it.ty == Type::Struct => struct_like(it, i),
                    Some(it) => shaped(it, i),
                    None => Some(i.clone()),
                })
                .collect();
            Some(wrap(f, items))
        }
        Type::Struct => struct_like(f, v),
        _ => Some(Value::String(text(v))),
    }
}

/// A list in its ECS wrapper: `{"SecurityGroupId": [..]}` for `SecurityGroupIds`.
pub(crate) fn wrap(f: &Field, items: Vec<Value>) -> Value {
    match &f.wrapper {
        Some(w) => {
            let mut m = Map::new();
            m.insert(w.clone(), Value::Array(items));
            Value::Object(m)
        }
        None => Value::Array(items),
    }
}

/// The items of a list held in its wrapper or bare.
pub(crate) fn unwrap_list(f: &Field, v: &Value) -> Vec<Value> {
    let inner = match (&f.wrapper, v) {
        (Some(w), Value::Object(m)) => m.get(w).cloned().unwrap_or(Value::Null),
        _ => v.clone(),
    };
    match inner {
        Value::Array(a) => a,
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// A request object matched to a struct field: members by name, or by the end of the name
/// (`Key` into `TagKey`).
fn struct_like(f: &Field, v: &Value) -> Option<Value> {
    let obj = v.as_object()?;
    let mut m = Map::new();
    for (k, val) in obj {
        let target = f
            .fields
            .iter()
            .find(|x| x.name.eq_ignore_ascii_case(k))
            .or_else(|| f.fields.iter().find(|x| x.name.ends_with(k.as_str())));
        match target {
            Some(t) => {
                if let Some(s) = shaped(t, val) {
                    m.insert(t.name.clone(), s);
                }
            }
            None if f.fields.is_empty() => {
                m.insert(k.clone(), val.clone());
            }
            None => {}
        }
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

/// The item field that is `name` with the source's or the family's word before it, when the
/// item has no field of that name: `DiskId` → `SourceDiskId` (a snapshot's disk),
/// `SnapshotId` → `SourceSnapshotId` (a disk's snapshot), `Description` →
/// `DeploymentSetDescription`.
pub(crate) fn prefixed<'a>(fields: &'a [Field], name: &str, noun: &str) -> Option<&'a Field> {
    if fields.iter().any(|f| f.name.eq_ignore_ascii_case(name)) {
        return None;
    }
    ["Source", noun].iter().find_map(|prefix| {
        let want = format!("{prefix}{name}");
        fields.iter().find(|f| f.name.eq_ignore_ascii_case(&want))
    })
}

/// The item fields a request sets: each top-level parameter whose name is a field's (any
/// case), whose plural is a list field's (`SecurityGroupId` → `SecurityGroupIds`), or that is
/// a field's with the source's or the family's word before it ([`prefixed`]). Tags and the
/// id are the caller's to handle.
pub(crate) fn absorb(
    model: &[Param],
    params: &[(String, String)],
    fields: &[Field],
    skip: &[&str],
    noun: &str,
) -> Map {
    let mut out = Map::new();
    for p in model {
        if skip.iter().any(|s| s.eq_ignore_ascii_case(&p.name))
            || p.name.eq_ignore_ascii_case("Tag")
        {
            continue;
        }
        let Some(v) = value(p, params, "") else {
            continue;
        };
        let plural = format!("{}s", p.name);
        let target = fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(&p.name))
            .or_else(|| {
                fields
                    .iter()
                    .find(|f| f.ty == Type::List && f.name.eq_ignore_ascii_case(&plural))
            })
            .or_else(|| prefixed(fields, &p.name, noun));
        if let Some(f) = target {
            if let Some(s) = shaped(f, &v) {
                out.insert(f.name.clone(), s);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn lists_read_in_both_encodings() {
        assert_eq!(
            strings(&p(&[("InstanceIds", r#"["i-1","i-2"]"#)]), "InstanceIds"),
            ["i-1", "i-2"]
        );
        assert_eq!(
            strings(
                &p(&[("InstanceId.2", "i-2"), ("InstanceId.1", "i-1")]),
                "InstanceId"
            ),
            ["i-1", "i-2"]
        );
        assert_eq!(strings(&p(&[("DiskIds", "d-1")]), "DiskIds"), ["d-1"]);
    }

    #[test]
    fn tags_read_from_repeated_groups() {
        let t = tags(&p(&[
            ("Tag.2.Key", "b"),
            ("Tag.1.Key", "a"),
            ("Tag.1.Value", "1"),
        ]));
        assert_eq!(
            t,
            [("a".to_string(), "1".to_string()), ("b".into(), "".into())]
        );
    }

    #[test]
    fn a_name_is_found_after_the_source_or_the_family_word() {
        let item = [
            Field::bare("SourceDiskId", Type::String, 1),
            Field::bare("DeploymentSetDescription", Type::String, 1),
            Field::bare("Description", Type::String, 1),
        ];
        let name = |f: Option<&Field>| f.map(|f| f.name.clone());
        assert_eq!(
            name(prefixed(&item, "DiskId", "Snapshot")),
            Some("SourceDiskId".into())
        );
        assert_eq!(
            name(prefixed(&item[..2], "Description", "DeploymentSet")),
            Some("DeploymentSetDescription".into())
        );
        // A field of the name itself wins: no prefix is tried.
        assert_eq!(name(prefixed(&item, "Description", "DeploymentSet")), None);
        assert_eq!(name(prefixed(&item, "InstanceId", "Snapshot")), None);
        let set = absorb(
            &[serde_json::from_value::<Param>(serde_json::json!({
                "name": "DiskId", "rust_name": "disk_id", "type": "string",
                "required": false, "line": 1
            }))
            .expect("a parameter")],
            &p(&[("DiskId", "d-1")]),
            &item,
            &[],
            "Snapshot",
        );
        assert_eq!(set.get("SourceDiskId"), Some(&Value::String("d-1".into())));
    }

    #[test]
    fn values_take_the_fields_type_and_wrapper() {
        let mut list = Field::bare("SecurityGroupIds", Type::List, 1);
        list.wrapper = Some("SecurityGroupId".into());
        list.item = Some(Box::new(Field::bare("SecurityGroupId", Type::String, 1)));
        assert_eq!(
            shaped(&list, &Value::String("sg-1".into())),
            Some(serde_json::json!({"SecurityGroupId": ["sg-1"]}))
        );
        assert_eq!(
            shaped(
                &Field::bare("Size", Type::Integer, 1),
                &Value::String("40".into())
            ),
            Some(Value::from(40))
        );
        assert_eq!(
            shaped(
                &Field::bare("Size", Type::Integer, 1),
                &Value::String("x".into())
            ),
            None
        );
    }
}
