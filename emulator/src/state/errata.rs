//! What the pages' names and tables do not say about state, in one place: each entry names
//! its page and the evidence. Everything else in [`super`] is inferred from the pages.

/// The state a create leaves a resource in when the generic rule
/// ([`super::lifecycle::created`]) would pick another.
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

/// Deletes whose page names the refusal of a resource another holds by no word the generic
/// rule ([`super::ops`]'s `held`: "attached", "in use") finds. `(action, code, evidence)`.
pub(crate) const HELD: &[(&str, &str, &str)] = &[(
    "DeleteNetworkInterface",
    "InvalidOperation.InvalidEniState",
    "DeleteNetworkInterface.md:73: 'the operation is not supported while the ENI is in the \
     current state'; an attached ENI is InUse (DescribeNetworkInterfaces.md Status), and the \
     page has no row that says attached or in use",
)];
