//! The configured region fills a request's `RegionId` when the request leaves it unset.
//!
//! Most ECS actions take a `RegionId`, and a [`Config`](crate::Config) usually names the
//! region already (`Config::builder().region(..)`, `ALIBABA_CLOUD_REGION_ID`). So:
//!
//! - a client-bound builder (`client.describe_instances()`) whose `RegionId` is not set takes
//!   the config's region when it sends (`send()`, `into_paginator()`); a *required* `RegionId`
//!   left unset is then not a validation error, every other rule is checked as `build()`
//!   checks it, and the filled request is validated as a whole;
//! - a request sent with [`Client::send`](crate::Client::send) or
//!   [`Client::paginate`](crate::Client::paginate) whose own `RegionId` is absent or empty
//!   goes out with the config's region;
//! - a `RegionId` the request sets always wins; without a configured region nothing is filled
//!   (a required `RegionId` is then reported missing, as before).
//!
//! The parameter is found by its wire name in the request's static spec (`RegionId`, any
//! case: the seed page spells it `regionId`), so no generated code knows about it.

use crate::model::{Shape, Struct, StructSpec, View};
use crate::params::FromParam;
use crate::validate::{validate, ValidationErrors};
use crate::{Action, Client};

/// The wire name of a request type's top-level `RegionId`, if it has one.
pub(crate) fn region_param(spec: &StructSpec) -> Option<&'static str> {
    region_field(spec).map(|(_, wire)| wire)
}

/// The top-level `RegionId` field of a request type: its index and wire name.
fn region_field(spec: &StructSpec) -> Option<(usize, &'static str)> {
    spec.fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.wire.eq_ignore_ascii_case("RegionId") && f.shape == Shape::Scalar)
        .map(|(i, f)| (i, f.wire))
}

/// Whether the value at `index` of `s` is unset (absent, or an empty string).
fn unset_at(s: &dyn Struct, index: usize) -> bool {
    let mut i = 0;
    let mut unset = false;
    s.visit(&mut |v| {
        if i == index {
            unset = match v.view() {
                View::Absent => true,
                View::Str(text) => text.is_empty(),
                _ => false,
            };
        }
        i += 1;
    });
    unset
}

/// Adds `wire = region` (the request's `RegionId`) to wire parameters that lack it or carry it
/// empty.
pub(crate) fn fill_params(wire: &str, params: &mut Vec<(String, String)>, region: &str) {
    if region.is_empty() {
        return;
    }
    match params.iter_mut().find(|(k, _)| k == wire) {
        Some((_, v)) if v.is_empty() => *v = region.to_string(),
        Some(_) => {}
        None => params.push((wire.to_string(), region.to_string())),
    }
}

/// What a client-bound builder's `send()` and `into_paginator()` build with: `build(builder)`,
/// except that when the builder leaves `RegionId` unset and `client`'s config names a region,
/// the request is built with that region (see the module docs).
pub fn build_for<A, B, F>(client: &Client, builder: B, build: F) -> Result<A, ValidationErrors>
where
    A: Action + FromParam,
    B: Struct,
    F: FnOnce(B) -> Result<A, ValidationErrors>,
{
    let Some(region) = client.config().region().filter(|r| !r.is_empty()) else {
        return build(builder);
    };
    let Some((index, wire)) = region_field(builder.spec()) else {
        return build(builder);
    };
    if !unset_at(&builder, index) {
        return build(builder);
    }
    // Every rule but the missing region, as `build()` would report them.
    if let Err(mut e) = validate(&builder) {
        e.violations
            .retain(|v| !(v.rule == "required" && v.param == wire));
        if !e.violations.is_empty() {
            return Err(e);
        }
    }
    let mut params = crate::wire::to_params(&builder);
    fill_params(wire, &mut params, region);
    match crate::params::from_params::<A>(A::ACTION, &params) {
        Ok(request) => validate(&request).map(|()| request),
        // Not expected (the parameters are the builder's own); `build` reports what is wrong.
        Err(_) => build(builder),
    }
}
