//! What each kind of action does to the store, and the answer it gives: the page's example
//! with the state's values in place.

use super::errata;
use super::family::{at_path, ActionModel, Family, Op, Transition};
use super::lifecycle;
use super::store::{Ids, Map, Resource, Store};
use super::values::{self, scalar, strings};
use super::Model;
use crate::error::EcsError;
use ecs_codegen::ir::{ErrorRow, Field, Type};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

/// One call's context.
pub(crate) struct Cx<'a> {
    pub model: &'a Model,
    pub family: &'a Family,
    pub page: &'a ActionModel,
    pub store: &'a mut Store,
    pub ids: &'a Mutex<Ids>,
    pub account: &'a str,
    pub region: &'a str,
    pub params: &'a [(String, String)],
    pub now: u64,
    pub step: u64,
}

/// Paging and scoping parameters: never filters.
const NOT_FILTERS: &[&str] = &[
    "RegionId",
    "PageNumber",
    "PageSize",
    "NextToken",
    "MaxResults",
    "ClientToken",
    "DryRun",
    "ResourceOwnerId",
    "ResourceOwnerAccount",
    "OwnerId",
    "OwnerAccount",
];

fn row_error(r: &ErrorRow) -> EcsError {
    EcsError::new(
        r.http_status.unwrap_or(400),
        r.code.clone(),
        r.message.clone(),
    )
}

/// The page's row for an unknown id of `noun`: `Invalid<Noun>Id.NotFound`, another
/// `.NotFound` code naming the noun, a 404 that says "not exist"; else the ECS convention.
fn not_found(page: &ActionModel, family: &Family, id: &str) -> EcsError {
    let noun = family.noun.to_ascii_lowercase();
    let conventional = format!("Invalid{}.NotFound", family.id_field);
    let rows = &page.errors;
    let row = rows
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(&conventional))
        .or_else(|| {
            rows.iter().find(|r| {
                r.code.ends_with(".NotFound") && r.code.to_ascii_lowercase().contains(&noun)
            })
        })
        // A not-found row whose text names the id field (`InvalidEniId.NotFound`: "the
        // specified NetworkInterfaceId parameter does not exist"; "instance ID" for
        // `InstanceId`), the message often being only `%s`.
        .or_else(|| {
            let id = family.id_field.to_ascii_lowercase();
            rows.iter().find(|r| {
                let said: String = format!("{} {}", r.message, r.description)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                (r.http_status == Some(404) || r.code.ends_with(".NotFound")) && said.contains(&id)
            })
        })
        .or_else(|| {
            rows.iter().find(|r| {
                r.http_status == Some(404) && {
                    let m = r.message.to_ascii_lowercase();
                    m.contains("not exist") || m.contains("not found")
                }
            })
        });
    match row {
        Some(r) => row_error(r),
        None => EcsError::new(
            404,
            conventional,
            format!(
                "The specified {} does not exist: {}.",
                family.id_field,
                crate::params::shown(id)
            ),
        ),
    }
}

/// The page's row for a call made in the wrong state: `Incorrect<Noun>Status`, another
/// `Incorrect…Status`; else that convention with 403.
fn wrong_state(page: &ActionModel, family: &Family, current: &str) -> EcsError {
    let conventional = format!("Incorrect{}Status", family.noun);
    let row = page
        .errors
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(&conventional))
        // `DiskError` / "IncorrectDiskStatus." (AttachDisk): the message names the status.
        .or_else(|| {
            page.errors
                .iter()
                .find(|r| r.message.contains(&conventional))
        })
        .or_else(|| {
            page.errors
                .iter()
                .find(|r| r.code.starts_with("Incorrect") && r.code.contains("Status"))
        });
    match row {
        Some(r) => row_error(r),
        None => EcsError::new(
            403,
            conventional,
            format!(
                "The current status of the resource does not support this operation: {current}."
            ),
        ),
    }
}

/// The page's row for deleting a resource another holds (`DiskStillAttached`).
fn held(page: &ActionModel, by: &str) -> EcsError {
    let named = errata::HELD
        .iter()
        .find(|(a, ..)| *a == page.name)
        .and_then(|(_, code, _)| page.errors.iter().find(|r| r.code == *code));
    let row = named.or_else(|| {
        page.errors.iter().find(|r| {
            let m = format!("{} {}", r.code, r.message).to_ascii_lowercase();
            m.contains("attached") || m.contains("in use") || m.contains("inuse")
        })
    });
    match row {
        Some(r) => row_error(r),
        None => EcsError::new(
            403,
            "DependencyViolation",
            format!("The resource is in use by {}.", crate::params::shown(by)),
        ),
    }
}

/// `2017-12-10T04:04:05Z`: the time format of the pages and of the SDKs' `Timestamp`.
fn timestamp(ms: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp((ms / 1000) as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    ecs_client::transport::timestamp(t)
}

/// The item field that holds tags: a list whose items have `…Key` and `…Value` members.
fn tag_field(fields: &[Field]) -> Option<&Field> {
    fields.iter().find(|f| {
        f.ty == Type::List
            && f.item.as_deref().is_some_and(|i| {
                i.fields.iter().any(|x| x.name.ends_with("Key"))
                    && i.fields.iter().any(|x| x.name.ends_with("Value"))
            })
    })
}

fn tags_value(f: &Field, tags: &[(String, String)]) -> Value {
    let item = f.item.as_deref();
    let key = item
        .and_then(|i| i.fields.iter().find(|x| x.name.ends_with("Key")))
        .map_or("TagKey", |x| x.name.as_str());
    let value = item
        .and_then(|i| i.fields.iter().find(|x| x.name.ends_with("Value")))
        .map_or("TagValue", |x| x.name.as_str());
    values::wrap(
        f,
        tags.iter()
            .map(|(k, v)| serde_json::json!({ key: k, value: v }))
            .collect(),
    )
}

/// Merges `over` into `base`, objects member by member.
fn overlay(base: &mut Map, over: &Map) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => overlay(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

impl<'a> Cx<'a> {
    pub fn run(&mut self, op: &Op) -> Result<Value, EcsError> {
        match op {
            Op::Create => self.create(),
            Op::List => self.list(),
            Op::Get => self.get(),
            Op::Delete => self.delete(),
            Op::Modify => self.modify(),
            Op::Transition(t) => self.transition(*t),
            Op::Relate { other, attach } => self.relate(other, *attach),
            Op::Rule {
                list,
                add,
                direction,
            } => self.rule(list, *add, *direction),
            Op::Member { other, join } => self.member(other, *join),
            Op::Tag { add } => self.tag(*add),
        }
    }

    fn example(&self) -> Map {
        match &self.page.example {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        }
    }

    fn family_of(&self, noun: &str) -> Option<&'a Family> {
        let model: &'a Model = self.model;
        model.families.iter().find(|f| f.noun == noun)
    }

    /// The ids the call names: `<Id>`, `<Id>s` (JSON), `<Id>.N`, `<Noun>Ids`.
    fn ids_for(&self, family: &Family) -> Vec<String> {
        let id = &family.id_field;
        let mut out = strings(self.params, id);
        if out.is_empty() {
            out = strings(self.params, &format!("{id}s"));
        }
        if out.is_empty() && id.ends_with("Id") {
            out = strings(self.params, &format!("{}Ids", family.noun));
        }
        out
    }

    /// The ids the call names; when it names none, the resources it names by the family's
    /// name (`LaunchTemplateName` on DeleteLaunchTemplate, which takes either), each of which
    /// must exist.
    fn targets(&mut self, family: &Family) -> Result<Vec<String>, EcsError> {
        let ids = self.ids_for(family);
        let field = format!("{}Name", family.noun);
        let by_name = ids.is_empty()
            && field != family.id_field
            && family.item.iter().any(|f| f.name == field)
            && self.page.params.iter().any(|p| p.name == field);
        if !by_name {
            return Ok(ids);
        }
        let mut out = Vec::new();
        for name in strings(self.params, &field) {
            let found = self
                .store
                .table_ref(self.account, self.region, &family.noun)
                .and_then(|t| {
                    t.order.values().find(|id| {
                        t.by_id
                            .get(*id)
                            .and_then(|r| r.attrs.get(&field))
                            .and_then(|v| v.as_str())
                            == Some(name.as_str())
                    })
                })
                .cloned();
            match found {
                Some(id) => out.push(id),
                None => return Err(not_found(self.page, family, &name)),
            }
        }
        Ok(out)
    }

    /// The one id the call names, or `MissingParameter`.
    fn one_id(&self, family: &Family) -> Result<String, EcsError> {
        self.ids_for(family)
            .into_iter()
            .next()
            .ok_or_else(|| EcsError::missing_parameter(&family.id_field))
    }

    fn table(&mut self, noun: &str) -> &mut super::store::Table {
        self.store.table(self.account, self.region, noun)
    }

    /// The resource or the page's not-found row.
    fn existing(&mut self, family: &Family, id: &str) -> Result<&mut Resource, EcsError> {
        let now = self.now;
        let page = self.page;
        match self
            .store
            .table(self.account, self.region, &family.noun)
            .by_id
            .get_mut(id)
        {
            Some(r) => {
                r.settle(now);
                Ok(r)
            }
            None => Err(not_found(page, family, id)),
        }
    }

    fn answer(&self, mut body: Map) -> Value {
        body.remove("RequestId");
        Value::Object(body)
    }

    // ---- create -------------------------------------------------------------------------

    fn create(&mut self) -> Result<Value, EcsError> {
        let fam = self.family;
        let amount = scalar(self.params, "Amount")
            .and_then(|a| a.parse::<usize>().ok())
            .filter(|n| (1..=1000).contains(n))
            .unwrap_or(1);
        let id_list = self.page.response.iter().find(|f| {
            f.ty == Type::List
                && f.name.starts_with(&fam.id_field)
                && f.item.as_deref().is_some_and(|i| i.ty.is_scalar())
        });
        let count = if id_list.is_some() { amount } else { 1 };
        let mut attrs = values::absorb(
            &self.page.params,
            self.params,
            &fam.item,
            &[&fam.id_field],
            &fam.noun,
        );
        // What the create answers about the resource is what the describe shows after
        // (`KeyPairFingerPrint`): the answer's scalar item fields the call did not set, but
        // never the status (the state's) nor a relation (none yet).
        if let Some(Value::Object(answer)) = &self.page.example {
            for f in &self.page.response {
                let Some(field) = fam.item.iter().find(|x| x.name == f.name) else {
                    continue;
                };
                let skip = f.name == fam.id_field
                    || Some(&f.name) == fam.status_field.as_ref()
                    || fam.relations.contains(&f.name)
                    || !field.ty.is_scalar()
                    || attrs.contains_key(&f.name);
                if skip {
                    continue;
                }
                if let Some(v) = answer.get(&f.name).and_then(|v| values::shaped(field, v)) {
                    attrs.insert(f.name.clone(), v);
                }
            }
        }
        let mut tags = values::tags(self.params);
        let mut made = Vec::with_capacity(count);
        for n in 0..count {
            // The last resource takes the values, the others copies.
            let last = n + 1 == count;
            let id = if fam.id_from_request {
                let id = scalar(self.params, &fam.id_field)
                    .unwrap_or_default()
                    .to_string();
                if self.table(&fam.noun.clone()).by_id.contains_key(&id) {
                    let conflict = self.page.errors.iter().find(|r| {
                        let c = r.code.to_ascii_lowercase();
                        c.contains("exist") || c.contains("duplicate")
                    });
                    return Err(match conflict {
                        Some(r) => row_error(r),
                        None => EcsError::new(
                            400,
                            format!("{}.AlreadyExist", fam.noun),
                            format!("The {} already exists.", fam.id_field),
                        ),
                    });
                }
                id
            } else {
                let (prefix, len) = if fam.id_len > 0 {
                    (fam.id_prefix.as_str(), fam.id_len)
                } else {
                    ("r-", 20)
                };
                super::lock(self.ids).draw(prefix, len)
            };
            let seq = self.store.next_seq();
            let mut r = Resource {
                id: id.clone(),
                seq,
                attrs: if last {
                    std::mem::take(&mut attrs)
                } else {
                    attrs.clone()
                },
                status: None,
                pending: Vec::new(),
                tags: if last {
                    std::mem::take(&mut tags)
                } else {
                    tags.clone()
                },
                rules: BTreeMap::new(),
            };
            r.attrs
                .insert(fam.id_field.clone(), Value::String(id.clone()));
            for f in &fam.item {
                if f.name == "RegionId" {
                    r.attrs
                        .insert(f.name.clone(), Value::String(self.region.to_string()));
                }
                if f.ty == Type::String
                    && (f.name == "CreationTime"
                        || f.name == "CreateTime"
                        || f.name == "CreatedTime")
                {
                    r.attrs
                        .insert(f.name.clone(), Value::String(timestamp(self.now)));
                }
            }
            if let Some((first, ready)) = lifecycle::created(&self.page.name, &fam.states) {
                let via: Vec<String> = if first == ready { vec![] } else { vec![first] };
                r.schedule(&via, &ready, self.now, self.step);
            }
            made.push(id);
            let noun = fam.noun.clone();
            self.table(&noun).insert(r);
        }
        let mut body = self.example();
        match id_list {
            Some(l) => {
                body.insert(
                    l.name.clone(),
                    values::wrap(l, made.iter().cloned().map(Value::String).collect()),
                );
            }
            None => {
                body.insert(fam.id_field.clone(), Value::String(made[0].clone()));
            }
        }
        // Other response fields the state knows (CreateNetworkInterface answers the item).
        if let Some(r) = self
            .store
            .table_ref(self.account, self.region, &fam.noun)
            .and_then(|t| t.by_id.get(&made[0]))
        {
            for f in &self.page.response {
                if f.name != fam.id_field {
                    if let Some(v) = r.attrs.get(&f.name) {
                        body.insert(f.name.clone(), v.clone());
                    }
                }
            }
            // The status it starts in (CreateNetworkInterface's example says `InUse`).
            if let (Some(field), Some(status)) = (&fam.status_field, &r.status) {
                if self.page.response.iter().any(|f| &f.name == field) {
                    body.insert(field.clone(), Value::String(status.clone()));
                }
            }
        }
        Ok(self.answer(body))
    }

    // ---- list and get -------------------------------------------------------------------

    fn list(&mut self) -> Result<Value, EcsError> {
        let fam = self.family;
        let Some(shape) = fam.list.clone() else {
            return Ok(self.answer(self.example()));
        };
        let now = self.now;
        let mut items = Vec::new();
        let ids = self.ids_for(fam);
        let mut body = self.example();
        let token_style = scalar(self.params, "NextToken").is_some()
            || (scalar(self.params, "MaxResults").is_some()
                && scalar(self.params, "PageNumber").is_none());
        let page_param = |name: &str| self.page.params.iter().find(|p| p.name == name);
        let default_size = |name: &str| {
            page_param(name)
                .and_then(|p| p.default.as_deref())
                .and_then(|d| d.parse::<usize>().ok())
                .unwrap_or(10)
        };
        let (start, size) = if token_style {
            let start = scalar(self.params, "NextToken")
                .and_then(|t| t.parse::<usize>().ok())
                .unwrap_or(0);
            let size = scalar(self.params, "MaxResults")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or_else(|| default_size("MaxResults"))
                .max(1);
            (start, size)
        } else if page_param("PageSize").is_some() || page_param("PageNumber").is_some() {
            let number = scalar(self.params, "PageNumber")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(1)
                .max(1);
            let size = scalar(self.params, "PageSize")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or_else(|| default_size("PageSize"))
                .max(1);
            body.insert("PageNumber".into(), Value::from(number));
            body.insert("PageSize".into(), Value::from(size));
            ((number - 1).saturating_mul(size), size)
        } else {
            (0, usize::MAX)
        };
        let table = self
            .store
            .accounts
            .get_mut(self.account)
            .and_then(|r| r.get_mut(self.region))
            .and_then(|f| f.get_mut(&fam.noun));
        // Only the items of the page asked for are rendered and kept.
        let window = start..start.saturating_add(size);
        let mut total = 0;
        if let Some(t) = table {
            if ids.is_empty() && !filters(self.page, self.params) {
                // Nothing to filter: the page is a slice of the creation order.
                total = t.order.len();
                for id in t.order.values().skip(start).take(size) {
                    if let Some(r) = t.by_id.get_mut(id) {
                        r.settle(now);
                        items.push(render(fam, r));
                    }
                }
            } else {
                // By id when the call names ids: lookups, not a scan.
                let chosen: Vec<String> = if ids.is_empty() {
                    t.order.values().cloned().collect()
                } else {
                    let set: HashSet<&String> = ids.iter().collect();
                    let mut v: Vec<(u64, String)> = set
                        .into_iter()
                        .filter_map(|id| t.by_id.get(id).map(|r| (r.seq, id.clone())))
                        .collect();
                    v.sort();
                    v.into_iter().map(|(_, id)| id).collect()
                };
                for id in &chosen {
                    if let Some(r) = t.by_id.get_mut(id) {
                        r.settle(now);
                        let item = render(fam, r);
                        if passes(self.page, self.params, fam, r, &item) {
                            if window.contains(&total) {
                                items.push(item);
                            }
                            total += 1;
                        }
                    }
                }
            }
        }
        let page = items;
        let end = start.saturating_add(page.len());
        if body.contains_key("TotalCount") || page_param("PageSize").is_some() {
            body.insert("TotalCount".into(), Value::from(total));
        }
        if token_style || body.contains_key("NextToken") {
            let next = if end < total {
                end.to_string()
            } else {
                String::new()
            };
            body.insert("NextToken".into(), Value::String(next));
        }
        if body.contains_key("MaxResults") && token_style {
            body.insert("MaxResults".into(), Value::from(size));
        }
        set_at(&mut body, &shape.path, Value::Array(page));
        Ok(self.answer(body))
    }

    fn get(&mut self) -> Result<Value, EcsError> {
        let fam = self.family;
        let id = self.one_id(fam)?;
        let r = self.existing(fam, &id)?.clone();
        let item = render(fam, &r);
        let mut body = self.example();
        // Top-level fields of the answer the item holds.
        if let Value::Object(item) = &item {
            for f in &self.page.response {
                if let Some(v) = item.get(&f.name) {
                    if f.ty != Type::List || !r.rules.contains_key(&list_key(f)) {
                        body.insert(f.name.clone(), v.clone());
                    }
                }
            }
        }
        // Rule lists, filtered by the call's own parameters that name rule fields.
        for f in &self.page.response {
            if f.ty != Type::List {
                continue;
            }
            let key = list_key(f);
            let Some(rules) = r.rules.get(&key) else {
                if fam
                    .ops
                    .values()
                    .any(|op| matches!(op, Op::Rule { list, .. } if *list == key))
                {
                    body.insert(f.name.clone(), values::wrap(f, vec![]));
                }
                continue;
            };
            let template = at_path(
                &Value::Object(self.example()),
                &key.split('.').map(str::to_string).collect::<Vec<_>>(),
            )
            .and_then(|l| l.as_array())
            .and_then(|l| l.first())
            .and_then(|i| i.as_object())
            .cloned()
            .unwrap_or_default();
            let direction =
                scalar(self.params, "Direction").filter(|d| !d.eq_ignore_ascii_case("all"));
            let items: Vec<Value> = rules
                .iter()
                .filter(|rule| {
                    direction.is_none_or(|d| {
                        rule.get("Direction")
                            .and_then(|v| v.as_str())
                            .is_none_or(|x| x.eq_ignore_ascii_case(d))
                    })
                })
                .map(|rule| {
                    let mut item = template.clone();
                    overlay(&mut item, rule);
                    Value::Object(item)
                })
                .collect();
            body.insert(f.name.clone(), values::wrap(f, items));
        }
        Ok(self.answer(body))
    }

    // ---- changes ------------------------------------------------------------------------

    fn delete(&mut self) -> Result<Value, EcsError> {
        let fam = self.family;
        let ids = self.targets(fam)?;
        if ids.is_empty() {
            return Err(EcsError::missing_parameter(&fam.id_field));
        }
        let force = scalar(self.params, "Force").is_some_and(|f| f.eq_ignore_ascii_case("true"));
        let requires = errata::REQUIRES.iter().find(|(a, ..)| *a == self.page.name);
        // Every id must exist and be deletable before any goes.
        for id in &ids {
            let page = self.page;
            let r = self.existing(fam, id)?;
            if let (Some((_, states, lift, _)), Some(status)) = (requires, &r.status) {
                let lifted = lift.is_some() && force;
                if !lifted && !states.iter().any(|s| s.eq_ignore_ascii_case(status)) {
                    return Err(wrong_state(page, fam, status));
                }
            }
            let holder = self.holder(fam, id);
            if let Some(by) = holder {
                return Err(held(self.page, &by));
            }
        }
        for id in &ids {
            let noun = fam.noun.clone();
            self.table(&noun).remove(id);
        }
        Ok(self.answer(self.example()))
    }

    /// Another resource's id this one holds through an attach (`InstanceId` on a disk).
    fn holder(&mut self, fam: &Family, id: &str) -> Option<String> {
        let r = self
            .store
            .table_ref(self.account, self.region, &fam.noun)?
            .by_id
            .get(id)?;
        fam.ops.values().find_map(|op| match op {
            Op::Relate { other, .. } => {
                let other = self.family_of(other)?;
                r.attrs
                    .get(&other.id_field)
                    .and_then(|v| v.as_str())
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            }
            _ => None,
        })
    }

    fn modify(&mut self) -> Result<Value, EcsError> {
        let fam = self.family;
        let ids = self.targets(fam)?;
        let mut fields = fam.item.clone();
        // Fields only the attribute call answers (`Description` on some families).
        for (a, op) in &fam.ops {
            if *op == Op::Get {
                if let Some(g) = self.model.actions.get(a) {
                    let more: Vec<Field> = g
                        .response
                        .iter()
                        .filter(|f| !fields.iter().any(|x| x.name == f.name))
                        .cloned()
                        .collect();
                    fields.extend(more);
                }
            }
        }
        let set = values::absorb(
            &self.page.params,
            self.params,
            &fields,
            &[&fam.id_field],
            &fam.noun,
        );
        if ids.is_empty() {
            return Err(EcsError::missing_parameter(&fam.id_field));
        }
        for id in &ids {
            self.existing(fam, id)?;
        }
        for id in &ids {
            let r = self.existing(fam, id)?;
            overlay(&mut r.attrs, &set);
        }
        Ok(self.answer(self.example()))
    }

    fn transition(&mut self, t: Transition) -> Result<Value, EcsError> {
        let fam = self.family;
        let ids = self.ids_for(fam);
        if ids.is_empty() {
            return Err(EcsError::missing_parameter(&fam.id_field));
        }
        let Some((from, via, to)) = lifecycle::transition(t, &fam.states) else {
            for id in &ids {
                self.existing(fam, id)?;
            }
            return Ok(self.answer(self.example()));
        };
        let (now, step, page) = (self.now, self.step, self.page);
        for id in &ids {
            let r = self.existing(fam, id)?;
            let current = r.status.clone().unwrap_or_default();
            if !from.is_empty() && !from.contains(&current) {
                return Err(wrong_state(page, fam, &current));
            }
        }
        for id in &ids {
            let r = self.existing(fam, id)?;
            r.schedule(&via, &to, now, step);
        }
        Ok(self.answer(self.example()))
    }

    fn relate(&mut self, other: &str, attach: bool) -> Result<Value, EcsError> {
        let fam = self.family;
        let Some(ofam) = self.family_of(other) else {
            return Ok(self.answer(self.example()));
        };
        let ids = self.ids_for(fam);
        let others = self.ids_for(ofam);
        let (Some(id), Some(oid)) = (ids.first().cloned(), others.first().cloned()) else {
            return Err(EcsError::missing_parameter(if ids.is_empty() {
                &fam.id_field
            } else {
                &ofam.id_field
            }));
        };
        self.existing(ofam, &oid)?;
        let (now, step, page) = (self.now, self.step, self.page);
        let subject_holds = fam.item.iter().any(|f| f.name == ofam.id_field);
        let r = self.existing(fam, &id)?;
        if subject_holds {
            let current = r
                .attrs
                .get(&ofam.id_field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            if !attach && current != oid {
                return Err(wrong_state(
                    page,
                    fam,
                    r.status.as_deref().unwrap_or("detached"),
                ));
            }
            if let Some((from, via, to)) = lifecycle::relation(attach, &fam.states) {
                let status = r.status.clone().unwrap_or_default();
                if !from.is_empty() && !from.contains(&status) {
                    return Err(wrong_state(page, fam, &status));
                }
                r.schedule(&via, &to, now, step);
            }
            let v = if attach { oid.clone() } else { String::new() };
            r.attrs.insert(ofam.id_field.clone(), Value::String(v));
        } else {
            // The other side holds this one's id (`KeyPairName` on an instance).
            let field = fam.id_field.clone();
            for oid in &others {
                let o = self.existing(ofam, oid)?;
                let v = if attach { id.clone() } else { String::new() };
                o.attrs.insert(field.clone(), Value::String(v));
            }
        }
        Ok(self.answer(self.per_resource(self.example(), ofam, &others)))
    }

    /// An answer that lists a result per resource (`Results.Result[]` by `InstanceId`:
    /// AttachKeyPair) lists the resources the call named, not the example's, and counts them.
    fn per_resource(&self, mut body: Map, ofam: &Family, named: &[String]) -> Map {
        let Some(list) = self.page.response.iter().find(|f| {
            f.ty == Type::List
                && f.item
                    .as_deref()
                    .is_some_and(|i| i.fields.iter().any(|x| x.name == ofam.id_field))
        }) else {
            return body;
        };
        let mut path = vec![list.name.clone()];
        path.extend(list.wrapper.clone());
        let template = at_path(&Value::Object(body.clone()), &path)
            .and_then(|l| l.as_array())
            .and_then(|l| l.first())
            .and_then(|i| i.as_object())
            .cloned()
            .unwrap_or_default();
        let items = named
            .iter()
            .map(|id| {
                let mut item = template.clone();
                item.insert(ofam.id_field.clone(), Value::String(id.clone()));
                Value::Object(item)
            })
            .collect();
        set_at(&mut body, &path, Value::Array(items));
        if let Some(total) = body.get_mut("TotalCount") {
            *total = match total {
                Value::String(_) => Value::String(named.len().to_string()),
                _ => Value::from(named.len()),
            };
        }
        body
    }

    fn rule(
        &mut self,
        list: &str,
        add: bool,
        direction: Option<&'static str>,
    ) -> Result<Value, EcsError> {
        let fam = self.family;
        let id = self.one_id(fam)?;
        // One rule per `Permissions.N` group, else the call's own top-level values.
        let mut rules: Vec<Map> = Vec::new();
        let grouped = values::groups(self.params, "Permissions");
        if grouped.is_empty() {
            let mut m = Map::new();
            for (k, v) in self.params {
                let skip = k.eq_ignore_ascii_case(&fam.id_field)
                    || NOT_FILTERS.iter().any(|n| n.eq_ignore_ascii_case(k))
                    || k.contains('.');
                if !skip {
                    m.insert(k.clone(), Value::String(v.clone()));
                }
            }
            rules.push(m);
        } else {
            for g in grouped {
                rules.push(g.into_iter().map(|(k, v)| (k, Value::String(v))).collect());
            }
        }
        for m in &mut rules {
            if let Some(d) = direction {
                m.insert("Direction".into(), Value::String(d.into()));
            }
        }
        let r = self.existing(fam, &id)?;
        let held = r.rules.entry(list.to_string()).or_default();
        for rule in rules {
            if add {
                if !held.contains(&rule) {
                    held.push(rule);
                }
            } else {
                held.retain(|h| {
                    !rule.iter().all(|(k, v)| {
                        k == "Description"
                            || h.get(k).is_some_and(|x| {
                                values::text(x).eq_ignore_ascii_case(&values::text(v))
                            })
                    })
                });
            }
        }
        Ok(self.answer(self.example()))
    }

    fn member(&mut self, other: &str, join: bool) -> Result<Value, EcsError> {
        let fam = self.family;
        let Some(ofam) = self.family_of(other) else {
            return Ok(self.answer(self.example()));
        };
        let id = self.one_id(fam)?;
        let others = self.ids_for(ofam);
        self.existing(fam, &id)?;
        let plural = format!("{}s", fam.id_field);
        let field = ofam
            .item
            .iter()
            .find(|f| f.ty == Type::List && f.name == plural)
            .cloned();
        for oid in others {
            let o = self.existing(ofam, &oid)?;
            let Some(f) = &field else { continue };
            let mut have: Vec<Value> = o
                .attrs
                .get(&f.name)
                .map(|v| values::unwrap_list(f, v))
                .unwrap_or_default();
            let v = Value::String(id.clone());
            if join {
                if !have.contains(&v) {
                    have.push(v);
                }
            } else {
                have.retain(|x| *x != v);
            }
            o.attrs.insert(f.name.clone(), values::wrap(f, have));
        }
        Ok(self.answer(self.example()))
    }

    fn tag(&mut self, add: bool) -> Result<Value, EcsError> {
        let mut ids = strings(self.params, "ResourceId");
        if ids.is_empty() {
            ids = strings(self.params, "ResourceIds");
        }
        let tags = values::tags(self.params);
        let mut keys = strings(self.params, "TagKey");
        keys.extend(tags.iter().map(|(k, _)| k.clone()));
        let all = scalar(self.params, "All").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let (account, region) = (self.account, self.region);
        for id in &ids {
            let Some((_, r)) = self.store.find_any(account, region, id) else {
                return Err(EcsError::new(
                    404,
                    "InvalidResourceId.NotFound",
                    format!(
                        "The specified ResourceId does not exist: {}.",
                        crate::params::shown(id)
                    ),
                ));
            };
            if add {
                for (k, v) in &tags {
                    match r.tags.iter_mut().find(|(tk, _)| tk == k) {
                        Some(t) => t.1 = v.clone(),
                        None => r.tags.push((k.clone(), v.clone())),
                    }
                }
            } else if all {
                r.tags.clear();
            } else {
                r.tags.retain(|(k, _)| !keys.contains(k));
            }
        }
        Ok(self.answer(self.example()))
    }
}

/// The item as the list answers it: the page's example item, what the state holds over it.
fn render(family: &Family, r: &Resource) -> Value {
    let mut item = family.item_example.clone();
    overlay(&mut item, &r.attrs);
    if let (Some(field), Some(status)) = (&family.status_field, &r.status) {
        item.insert(field.clone(), Value::String(status.clone()));
    }
    if let Some(tf) = tag_field(&family.item) {
        item.insert(tf.name.clone(), tags_value(tf, &r.tags));
    }
    Value::Object(item)
}

/// Whether the call gives a parameter [`passes`] may filter on (when it does not, every
/// resource passes, and a page is a slice of the creation order).
fn filters(page: &ActionModel, params: &[(String, String)]) -> bool {
    page.params.iter().any(|p| {
        let name = p.name.as_str();
        if NOT_FILTERS.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            false
        } else if name.eq_ignore_ascii_case("Tag") {
            !values::tags(params).is_empty()
        } else {
            !strings(params, name).is_empty()
        }
    })
}

/// Whether `r` passes every filter the call gives.
fn passes(
    page: &ActionModel,
    params: &[(String, String)],
    family: &Family,
    r: &Resource,
    item: &Value,
) -> bool {
    for p in &page.params {
        let name = p.name.as_str();
        if NOT_FILTERS.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        if name.eq_ignore_ascii_case("Tag") {
            for (k, v) in values::tags(params) {
                let hit = r
                    .tags
                    .iter()
                    .any(|(tk, tv)| *tk == k && (v.is_empty() || *tv == v));
                if !hit {
                    return false;
                }
            }
            continue;
        }
        let wanted = strings(params, name);
        if wanted.is_empty() {
            continue;
        }
        // `XxxIds` filters on `XxxId`; a field of the same name; a list field that is the
        // plural (`SecurityGroupId` on `SecurityGroupIds`).
        let singular = name
            .strip_suffix('s')
            .filter(|_| p.ty == Type::List || name.ends_with("Ids"));
        let field = family
            .item
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .or_else(|| {
                singular.and_then(|s| family.item.iter().find(|f| f.name.eq_ignore_ascii_case(s)))
            })
            .or_else(|| {
                let plural = format!("{name}s");
                family
                    .item
                    .iter()
                    .find(|f| f.ty == Type::List && f.name.eq_ignore_ascii_case(&plural))
            })
            // `DiskId` on `SourceDiskId` (DescribeSnapshots).
            .or_else(|| values::prefixed(&family.item, name, &family.noun));
        let Some(field) = field else {
            continue;
        };
        let have: Vec<String> = match item.get(&field.name) {
            Some(v) if field.ty == Type::List => values::unwrap_list(field, v)
                .iter()
                .map(values::text)
                .collect(),
            Some(v) => vec![values::text(v)],
            None => vec![],
        };
        // `all` (`Status=all`, `SnapshotType=all`) is the pages' word for no filter.
        if wanted.iter().any(|w| w.eq_ignore_ascii_case("all")) {
            continue;
        }
        let matches = |w: &str| {
            have.iter().any(|h| {
                if let Some(prefix) = w.strip_suffix('*') {
                    h.starts_with(prefix)
                } else {
                    h == w
                        || (field.name == family.status_field.clone().unwrap_or_default()
                            && h.eq_ignore_ascii_case(w))
                }
            })
        };
        if !wanted.iter().any(|w| matches(w)) {
            return false;
        }
    }
    true
}

fn list_key(f: &Field) -> String {
    match &f.wrapper {
        Some(w) => format!("{}.{w}", f.name),
        None => f.name.clone(),
    }
}

/// Puts `v` at `path` in `body`, making the objects on the way.
fn set_at(body: &mut Map, path: &[String], v: Value) {
    let Some((last, head)) = path.split_last() else {
        return;
    };
    let mut cur = body;
    for k in head {
        let next = cur
            .entry(k.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        cur = match next {
            Value::Object(m) => m,
            _ => return,
        };
    }
    cur.insert(last.clone(), v);
}

#[cfg(test)]
mod tests {
    use crate::state::State;
    use serde_json::Value;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The shipped policy pages' state.
    fn policies() -> State {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let pages = ecs_codegen::parse_dir(&dir).expect("the shipped pages read");
        let mut catalog = crate::catalog::Catalog::new(&pages);
        State::new(std::mem::take(&mut catalog.models), Some(3), 0, None).expect("state")
    }

    fn ids(v: &Value) -> Vec<String> {
        v["AutoSnapshotPolicies"]["AutoSnapshotPolicy"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|i| {
                i["AutoSnapshotPolicyId"]
                    .as_str()
                    .expect("an id")
                    .to_string()
            })
            .collect()
    }

    /// A page without filters is cut from the creation order without rendering the rest; it
    /// must be the page the filtering path gives (a filter every policy passes).
    #[test]
    fn unfiltered_pages_are_the_filtered_pages_of_everything() {
        let s = policies();
        let mut made = Vec::new();
        for i in 0..250 {
            let name = format!("p{i}");
            let r = s
                .execute(
                    "CreateAutoSnapshotPolicy",
                    "k",
                    &p(&[
                        ("regionId", "cn-hangzhou"),
                        ("timePoints", r#"["1"]"#),
                        ("repeatWeekdays", r#"["1"]"#),
                        ("retentionDays", "7"),
                        ("autoSnapshotPolicyName", &name),
                    ]),
                )
                .expect("stateful")
                .expect("created");
            made.push(r["AutoSnapshotPolicyId"].as_str().unwrap().to_string());
        }
        let list = |page: &str, filter: Option<&str>| {
            let mut q = vec![
                ("RegionId", "cn-hangzhou"),
                ("PageSize", "100"),
                ("PageNumber", page),
            ];
            q.extend(filter.map(|f| ("AutoSnapshotPolicyName", f)));
            s.execute("DescribeAutoSnapshotPolicyEx", "k", &p(&q))
                .expect("stateful")
                .expect("listed")
        };
        for (page, want) in [("1", &made[..100]), ("3", &made[200..]), ("4", &[][..])] {
            let fast = list(page, None);
            let scan = list(page, Some("p*"));
            assert_eq!(ids(&fast), want, "page {page}");
            assert_eq!(fast, scan, "page {page}");
            assert_eq!(fast["TotalCount"], 250);
        }
        // A filter still applies, and counts what passes.
        let one = list("1", Some("p17"));
        assert_eq!(ids(&one), [made[17].clone()]);
        assert_eq!(one["TotalCount"], 1);
        let other_region = s
            .execute(
                "DescribeAutoSnapshotPolicyEx",
                "k",
                &p(&[("RegionId", "cn-beijing"), ("PageSize", "100")]),
            )
            .expect("stateful")
            .expect("listed");
        assert!(ids(&other_region).is_empty());
        assert_eq!(other_region["TotalCount"], 0);
    }
}
