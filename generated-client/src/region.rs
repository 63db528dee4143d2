//! The configured region fills a request's `RegionId` when the request leaves it unset.
//!
//! Most ECS actions take a `RegionId`, and a [`Config`](crate::Config) usually names the
//! region already (`Config::builder().region(..)`, `ALIBABA_CLOUD_REGION_ID`). So:
//!
//! - a client-bound builder (`client.describe_instances()`) whose `RegionId` is not set takes
//!   the config's region when it sends (`send()`, `into_paginator()`): the region is set on
//!   the builder, then `build()` validates the request as a whole (a *required* `RegionId`
//!   left unset is therefore not a validation error);
//! - a request sent with [`Client::send`](crate::Client::send) or
//!   [`Client::paginate`](crate::Client::paginate) whose own `RegionId` is absent or empty
//!   goes out with the config's region;
//! - a `RegionId` the request sets always wins; without a configured region nothing is filled
//!   (a required `RegionId` is then reported missing, as before).
//!
//! For a request, the parameter is found by its wire name in the request's static spec
//! (`RegionId`, any case: the seed page spells it `regionId`); a builder's `send()` passes
//! [`fill_region`] the one field it has for it.

use crate::model::{Shape, StructSpec};
use crate::Client;

/// The wire name of a request type's top-level `RegionId`, if it has one.
pub(crate) fn region_param(spec: &StructSpec) -> Option<&'static str> {
    spec.fields
        .iter()
        .find(|f| f.wire.eq_ignore_ascii_case("RegionId") && f.shape == Shape::Scalar)
        .map(|f| f.wire)
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

/// What a client-bound builder's `send()` and `into_paginator()` do before they build: fill
/// the builder's `RegionId` (`slot`) with the configured region when the builder leaves it
/// unset or empty and `client`'s config names one (see the module docs). `build()` then
/// validates the filled request as a whole.
pub fn fill_region(client: &Client, slot: &mut Option<String>) {
    if let Some(region) = client.config().region().filter(|r| !r.is_empty()) {
        if slot.as_deref().is_none_or(str::is_empty) {
            *slot = Some(region.to_string());
        }
    }
}
