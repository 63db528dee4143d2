//! What the pages' names and tables do not say about state, in one place: each entry names
//! its page and the evidence. Everything else in [`super`] is inferred from the pages.

use super::family::Op;

/// An action the name rules place wrongly or not at all.
pub(crate) struct OpErratum {
    pub action: &'static str,
    pub noun: &'static str,
    pub op: Op,
    /// Page and line or phrase that says so.
    #[allow(dead_code)]
    pub evidence: &'static str,
}

/// Ops the name rules cannot read. Empty while every served page reads by the rules; an
/// entry names its action, family and the page's evidence.
pub(crate) fn ops() -> Vec<OpErratum> {
    vec![]
}

/// The state a create leaves a resource in when the generic rule
/// ([`super::lifecycle::ready_state`]) would pick another.
pub(crate) const CREATE_READY: &[(&str, &str, &str)] = &[(
    "CreateInstance",
    "Stopped",
    "page-415eb2e2.md:7 (Instance states): after CreateInstance you must call StartInstance; \
     CreateInstance.md:7 recommends RunInstances for instances that enter Running",
)];

/// Actions that need the resource in a state, with the parameter that lifts the need.
/// `(action, required states, override parameter, evidence)`.
pub(crate) const REQUIRES: &[(&str, &[&str], Option<&str>, &str)] = &[
    (
        "DeleteInstance",
        &["Stopped", "Pending"],
        Some("Force"),
        "DeleteInstance.md:26-29: Force=false 'is valid only for an instance in the Stopped state'",
    ),
    (
        "DeleteInstances",
        &["Stopped", "Pending"],
        Some("Force"),
        "DeleteInstances.md: Force 'releases instances in the Running state' when true",
    ),
];
