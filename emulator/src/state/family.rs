//! Resource families inferred from the pages, generically: the noun from the action names,
//! the id field from the create response, the list in the describe response, the id filters
//! of the describe, the status value set of the listed item. What the names do not say comes
//! from [`super::errata`], each entry with its page and evidence.

use ecs_codegen::ir::{ErrorRow, Field, Param, Type};
use std::collections::{BTreeMap, HashMap};

/// What one served action does to the state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Makes one resource (or `Amount` of them for a list-id create such as RunInstances).
    Create,
    /// Lists the family's resources, filtered by the parameters that name item fields, paged.
    List,
    /// Describes one resource by id (`Describe<Noun>Attribute`, `Describe<Noun>`).
    Get,
    /// Removes resources by id.
    Delete,
    /// Sets the item fields the parameters name (`Modify<Noun>Attribute`, `Modify<Noun>...`).
    Modify,
    /// `Start`, `Stop`, `Reboot`: a status change through a transient state.
    Transition(Transition),
    /// Ties the resource to another family's resource (`AttachDisk`: the disk gets the
    /// instance's id) or unties it.
    Relate { other: String, attach: bool },
    /// Adds (or removes) a rule to the resource's rule list (`AuthorizeSecurityGroup`).
    Rule {
        list: String,
        add: bool,
        direction: Option<&'static str>,
    },
    /// Adds the resource's id to another resource's id list (`JoinSecurityGroup`) or removes it.
    Member { other: String, join: bool },
    /// `TagResources` / `UntagResources`: tags on resources of any family.
    Tag { add: bool },
}

/// The documented status changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transition {
    Start,
    Stop,
    Reboot,
}

/// One family of resources: every action that creates, lists, reads, changes or deletes it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Family {
    /// `Instance`, `AutoSnapshotPolicy`, `KeyPair`.
    pub noun: String,
    /// The item field that names a resource: `InstanceId`, `KeyPairName`.
    pub id_field: String,
    /// The id is the caller's (`KeyPairName`), not drawn by the service.
    pub id_from_request: bool,
    /// Id shape from the pages' examples: prefix and the length of the rest.
    pub id_prefix: String,
    pub id_len: usize,
    /// The listed item's fields (from the list page) and its example item.
    pub item: Vec<Field>,
    pub item_example: serde_json::Map<String, serde_json::Value>,
    /// The status field of the item and its documented values (empty: no lifecycle).
    pub status_field: Option<String>,
    pub states: Vec<String>,
    /// Actions by what they do.
    pub ops: BTreeMap<String, Op>,
    /// The list action, if the pages document one.
    pub list: Option<ListShape>,
    /// Item fields that hold another family's ids (`InstanceId` on a disk, `InstanceIds` on a
    /// deployment set): relations the state keeps, empty until a call sets them.
    pub relations: Vec<String>,
}

/// Where the list sits in the describe response: `Instances.Instance[]` is
/// `path = ["Instances", "Instance"]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListShape {
    pub action: String,
    pub path: Vec<String>,
}

/// The pages' parts the inference reads, per action.
#[derive(Debug, Clone)]
pub(crate) struct ActionModel {
    pub name: String,
    pub params: Vec<Param>,
    pub response: Vec<Field>,
    pub errors: Vec<ErrorRow>,
    pub example: Option<serde_json::Value>,
}

const CREATE_VERBS: &[&str] = &["Create", "Run", "Allocate", "Import", "Copy"];
const DELETE_VERBS: &[&str] = &["Delete", "Release"];

/// Nouns a plural can stand for: `Instances` → `Instance`, `Policies` → `Policy`,
/// `Addresses` → `Address`.
pub(crate) fn singulars(plural: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = plural.strip_suffix("ies") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = plural.strip_suffix("es") {
        out.push(s.to_string());
    }
    if let Some(s) = plural.strip_suffix('s') {
        out.push(s.to_string());
    }
    out.push(plural.to_string());
    out
}

fn split_verb<'a>(action: &'a str, verbs: &[&str]) -> Option<&'a str> {
    verbs
        .iter()
        .find_map(|v| action.strip_prefix(v))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The response field that is a list with ECS's wrapper, or a list, first found depth-first
/// at the top level: `(path, item)`.
fn list_field(fields: &[Field]) -> Option<(Vec<String>, &Field)> {
    fields.iter().find_map(|f| {
        if f.ty != Type::List {
            return None;
        }
        let item = f.item.as_deref()?;
        let mut path = vec![f.name.clone()];
        if let Some(w) = &f.wrapper {
            path.push(w.clone());
        }
        Some((path, item))
    })
}

/// The object at `path` in an example, and the first item of the list there.
pub(crate) fn at_path<'a>(
    v: &'a serde_json::Value,
    path: &[String],
) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// `sp-bp12m37ccmxvbmi5****` → (`sp-`, 20): the example's prefix and length. A short example
/// (`w-1`) keeps its prefix with at least [`MIN_ID_LEN`] characters after it, so drawn ids do
/// not collide. No lowercase prefix and dash: a name, not a drawn id.
fn id_shape(example: &str) -> Option<(String, usize)> {
    let dash = example.find('-')?;
    let (prefix, rest) = example.split_at(dash + 1);
    let word = &prefix[..dash];
    let id_like = |c: char| c.is_ascii_alphanumeric() || c == '*';
    if word.is_empty()
        || word.len() > 5
        || !word.chars().all(|c| c.is_ascii_lowercase())
        || rest.is_empty()
        || !rest.chars().all(id_like)
    {
        return None;
    }
    Some((prefix.to_string(), rest.chars().count().max(MIN_ID_LEN)))
}

/// The shortest id body drawn.
const MIN_ID_LEN: usize = 8;

fn example_str<'a>(example: Option<&'a serde_json::Value>, path: &[String]) -> Option<&'a str> {
    let v = at_path(example?, path)?;
    match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Array(a) => a.first().and_then(|x| x.as_str()),
        _ => None,
    }
}

/// Reads every family the pages document.
pub(crate) fn infer(actions: &[ActionModel]) -> Vec<Family> {
    let by_name: HashMap<&str, &ActionModel> =
        actions.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut families: BTreeMap<String, Family> = BTreeMap::new();

    // 1. The list action: `Describe` + a plural (or `…Ex`) whose response lists items that
    //    carry `<Noun>Id` or `<Noun>Name`.
    let mut lists: HashMap<
        String,
        (
            ListShape,
            &Field,
            serde_json::Map<String, serde_json::Value>,
        ),
    > = HashMap::new();
    for a in actions {
        let Some(rest) = a.name.strip_prefix("Describe") else {
            continue;
        };
        let rest = rest.strip_suffix("Ex").unwrap_or(rest);
        let Some((path, item)) = list_field(&a.response) else {
            continue;
        };
        let example_item = a
            .example
            .as_ref()
            .and_then(|e| at_path(e, &path))
            .and_then(|l| l.as_array())
            .and_then(|l| l.first())
            .and_then(|i| i.as_object())
            .cloned()
            .unwrap_or_default();
        for noun in singulars(rest) {
            let has_id = |name: &str| {
                item.fields.iter().any(|f| f.name == name) || example_item.contains_key(name)
            };
            if has_id(&format!("{noun}Id")) || has_id(&format!("{noun}Name")) {
                let shape = ListShape {
                    action: a.name.clone(),
                    path: path.clone(),
                };
                // The first list action of a noun wins (`DescribeInstances` over
                // `DescribeInstanceAttachmentAttributes` never competes: other nouns).
                lists
                    .entry(noun.clone())
                    .or_insert((shape, item, example_item.clone()));
                break;
            }
        }
    }

    // 2. The create action: a create verb + the noun (or its plural), whose response names
    //    the id (`<Noun>Id`, `<Noun>IdSets.<Noun>IdSet[]`, or the caller's `<Noun>Name`).
    for a in actions {
        let Some(rest) = split_verb(&a.name, CREATE_VERBS) else {
            continue;
        };
        for noun in singulars(rest) {
            let Some((shape, item, example_item)) = lists.get(&noun) else {
                continue;
            };
            let id_name = format!("{noun}Id");
            let name_name = format!("{noun}Name");
            let item_has =
                |n: &str| item.fields.iter().any(|f| f.name == n) || example_item.contains_key(n);
            let resp_has = |n: &str| a.response.iter().any(|f| f.name == n);
            let id_list = a.response.iter().find(|f| {
                f.ty == Type::List
                    && f.name.starts_with(&id_name)
                    && f.item.as_deref().is_some_and(|i| i.ty.is_scalar())
            });
            let (id_field, from_request) =
                if item_has(&id_name) && (resp_has(&id_name) || id_list.is_some()) {
                    (id_name.clone(), false)
                } else if item_has(&name_name)
                    && resp_has(&name_name)
                    && a.params.iter().any(|p| p.name == name_name)
                {
                    (name_name.clone(), true)
                } else {
                    continue;
                };
            let fam = families.entry(noun.clone()).or_insert_with(|| {
                let status_field = item
                    .fields
                    .iter()
                    .find(|f| f.name == "Status" || f.name == format!("{noun}Status"))
                    .map(|f| f.name.clone())
                    .or_else(|| example_item.contains_key("Status").then(|| "Status".into()));
                Family {
                    noun: noun.clone(),
                    id_field: id_field.clone(),
                    id_from_request: from_request,
                    id_prefix: String::new(),
                    id_len: 0,
                    item: item.fields.clone(),
                    item_example: example_item.clone(),
                    status_field,
                    states: Vec::new(),
                    ops: BTreeMap::new(),
                    list: Some(shape.clone()),
                    relations: Vec::new(),
                }
            });
            // Id shape: the list example (the describe shows ids as they are), else the
            // create example.
            let example_id = example_item
                .get(&id_field)
                .and_then(|v| v.as_str())
                .filter(|id| id_shape(id).is_some())
                .or_else(|| match id_list {
                    Some(l) => {
                        let mut p = vec![l.name.clone()];
                        p.extend(l.wrapper.clone());
                        example_str(a.example.as_ref(), &p)
                    }
                    None => example_str(a.example.as_ref(), std::slice::from_ref(&id_field)),
                });
            if fam.id_len == 0 {
                if let Some((prefix, len)) = example_id.and_then(id_shape) {
                    fam.id_prefix = prefix;
                    fam.id_len = len;
                }
            }
            fam.ops.insert(a.name.clone(), Op::Create);
            if let Some(list) = &fam.list {
                fam.ops.insert(list.action.clone(), Op::List);
            }
            break;
        }
    }

    // 3. Everything else acts on a known noun.
    // Twice: a rule list (`AuthorizeSecurityGroup`) is found through the family's attribute
    // call, which the first pass may place after it.
    let nouns: Vec<String> = families.keys().cloned().collect();
    for _ in 0..2 {
        for a in actions {
            if let Some((noun, op)) = classify(a, &nouns, &by_name, &families) {
                if let Some(f) = families.get_mut(&noun) {
                    f.ops.entry(a.name.clone()).or_insert(op);
                }
            }
        }
    }

    // 4. States: the item's status value set, else the list's `Status` filter's; the
    //    example's value joins them when neither names it.
    for f in families.values_mut() {
        let Some(status) = f.status_field.clone() else {
            continue;
        };
        let mut states: Vec<String> = f
            .item
            .iter()
            .find(|x| x.name == status)
            .map(|x| x.enum_values.iter().map(|v| v.value.clone()).collect())
            .unwrap_or_default();
        if states.is_empty() {
            if let Some(list) = f.list.as_ref().and_then(|l| by_name.get(l.action.as_str())) {
                states = list
                    .params
                    .iter()
                    .find(|p| p.name == status)
                    .map(|p| {
                        p.constraints
                            .enum_values
                            .iter()
                            .map(|v| v.value.clone())
                            .filter(|v| !v.eq_ignore_ascii_case("all"))
                            .collect()
                    })
                    .unwrap_or_default();
            }
        }
        if let Some(example) = f.item_example.get(&status).and_then(|v| v.as_str()) {
            if !states.iter().any(|s| s.eq_ignore_ascii_case(example)) {
                states.push(example.to_string());
            }
        }
        f.states = states;
    }

    // 5. Relations: an item field named after another family's id (or its plural) holds
    //    ids of resources the state knows. The example's ids name resources nobody created
    //    (`InstanceIds` of three example instances on a new deployment set), so a resource
    //    holds none until a call sets them.
    let ids: Vec<(String, String)> = families
        .values()
        .map(|f| (f.noun.clone(), f.id_field.clone()))
        .collect();
    for f in families.values_mut() {
        for (noun, id) in &ids {
            if *noun == f.noun {
                continue;
            }
            for name in [id.clone(), format!("{id}s")] {
                if let Some(v) = f.item_example.get_mut(&name) {
                    blank(v);
                    f.relations.push(name);
                }
            }
        }
    }
    families.into_values().collect()
}

/// `v` holding nothing: `""`, `[]`, a wrapper around `[]`.
fn blank(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) => s.clear(),
        Value::Array(a) => a.clear(),
        Value::Object(m) => m.values_mut().for_each(blank),
        _ => {}
    }
}

/// Actions that act on resources of any family: `TagResources`/`UntagResources` (and the
/// older `AddTags`/`RemoveTags`), which name resources by `ResourceId` and carry `Tag.N`.
pub(crate) fn spanning(action: &str, params: &[Param]) -> Option<Op> {
    let takes = |n: &str| params.iter().any(|p| p.name.eq_ignore_ascii_case(n));
    if !(takes("ResourceId") || takes("ResourceIds")) {
        return None;
    }
    match action {
        "TagResources" | "AddTags" => Some(Op::Tag { add: true }),
        "UntagResources" | "RemoveTags" => Some(Op::Tag { add: false }),
        _ => None,
    }
}

/// What an action that is not a create or the list does, and to which noun.
fn classify(
    a: &ActionModel,
    nouns: &[String],
    by_name: &HashMap<&str, &ActionModel>,
    families: &BTreeMap<String, Family>,
) -> Option<(String, Op)> {
    if families.values().any(|f| f.ops.contains_key(&a.name)) {
        return None;
    }
    let name = a.name.as_str();
    let takes = |n: &str| a.params.iter().any(|p| p.name.eq_ignore_ascii_case(n));
    let takes_id = |noun: &str| {
        let f = &families[noun];
        takes(&f.id_field)
            || takes(&format!("{}s", f.id_field))
            || (f.id_field.ends_with("Id") && takes(&format!("{noun}Ids")))
    };
    // The longest noun the name ends with (or starts with after the verb) wins.
    let noun_after = |rest: &str| -> Option<String> {
        let mut best: Option<&String> = None;
        for n in nouns {
            let hit = singulars(rest).iter().any(|s| s == n);
            if hit && best.is_none_or(|b| n.len() > b.len()) {
                best = Some(n);
            }
        }
        best.cloned()
    };
    if let Some(rest) = name.strip_prefix("Describe") {
        let rest = rest
            .strip_suffix("Attribute")
            .or(rest.strip_suffix("Attributes"))?;
        let noun = noun_after(rest)?;
        if takes_id(&noun) {
            return Some((noun, Op::Get));
        }
        return None;
    }
    if let Some(rest) = split_verb(name, DELETE_VERBS) {
        let noun = noun_after(rest)?;
        return takes_id(&noun).then_some((noun, Op::Delete));
    }
    if let Some(rest) = name.strip_prefix("Modify") {
        // `Modify<Noun>Attribute`, `Modify<Noun>Spec`, ...: the longest known noun prefix.
        let noun = nouns
            .iter()
            .filter(|n| rest.starts_with(n.as_str()))
            .max_by_key(|n| n.len())?
            .clone();
        return takes_id(&noun).then_some((noun, Op::Modify));
    }
    for (verb, t) in [
        ("Start", Transition::Start),
        ("Stop", Transition::Stop),
        ("Reboot", Transition::Reboot),
    ] {
        if let Some(rest) = split_verb(name, &[verb]) {
            let noun = noun_after(rest)?;
            return takes_id(&noun).then_some((noun, Op::Transition(t)));
        }
    }
    for (verb, attach) in [("Attach", true), ("Detach", false)] {
        if let Some(rest) = split_verb(name, &[verb]) {
            let noun = noun_after(rest)?;
            if !takes_id(&noun) {
                return None;
            }
            // The other side: another family whose id the call takes.
            let other = nouns
                .iter()
                .filter(|n| **n != noun)
                .find(|n| takes_id(n))?
                .clone();
            return Some((noun, Op::Relate { other, attach }));
        }
    }
    for (verb, add) in [("Authorize", true), ("Revoke", false)] {
        if let Some(rest) = split_verb(name, &[verb]) {
            let (rest, direction) = match rest.strip_suffix("Egress") {
                Some(r) => (r, Some("egress")),
                None => (rest, Some("ingress")),
            };
            let noun = noun_after(rest)?;
            if !takes_id(&noun) {
                return None;
            }
            // The rule list is the one the noun's `Describe<Noun>Attribute` answers.
            let get = families[&noun]
                .ops
                .iter()
                .find(|(_, op)| **op == Op::Get)
                .and_then(|(n, _)| by_name.get(n.as_str()));
            let list = get
                .and_then(|g| list_field(&g.response))
                .map(|(p, _)| p.join("."))?;
            return Some((
                noun,
                Op::Rule {
                    list,
                    add,
                    direction,
                },
            ));
        }
    }
    for (verb, join) in [("Join", true), ("Leave", false)] {
        if let Some(rest) = split_verb(name, &[verb]) {
            let noun = noun_after(rest)?;
            let other = nouns
                .iter()
                .filter(|n| **n != noun)
                .find(|n| takes_id(n))?
                .clone();
            return takes_id(&noun).then_some((noun, Op::Member { other, join }));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars_cover_the_plurals_of_the_pages() {
        assert!(singulars("Instances").contains(&"Instance".to_string()));
        assert!(singulars("AutoSnapshotPolicies").contains(&"AutoSnapshotPolicy".to_string()));
        assert!(singulars("PublicIpAddresses").contains(&"PublicIpAddress".to_string()));
        assert!(singulars("Disk").contains(&"Disk".to_string()));
    }

    #[test]
    fn id_shapes_come_from_examples() {
        assert_eq!(
            id_shape("sp-bp12m37ccmxvbmi5****"),
            Some(("sp-".into(), 20))
        );
        assert_eq!(id_shape("i-bp67acfmxazb4p****"), Some(("i-".into(), 18)));
        assert_eq!(id_shape("w-1"), Some(("w-".into(), 8)));
        assert_eq!(id_shape("testKeyPairName"), None);
        assert_eq!(id_shape("cn-hangzhou-g"), None);
        assert_eq!(id_shape("2017-12-10"), None);
    }
}
