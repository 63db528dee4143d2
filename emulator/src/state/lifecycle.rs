//! Lifecycle rules read from the documented status values: which state a create, a start, a
//! stop or an attach enters and settles in, and which states a call needs. A rule applies only
//! when the family's value set has the states it names, so a family documents its own
//! lifecycle; [`super::errata`] holds what the value sets cannot say.

use super::errata;
use super::family::Transition;

/// Whether a documented status value is transient: `Pending` or a present participle
/// (`Starting`, `Creating`, `ReIniting`, `progressing`).
pub(crate) fn is_transient(value: &str) -> bool {
    ecs_codegen::lifecycle::is_transient(value)
}

/// The documented spelling of `wanted` in `states`, compared without case or underscores
/// (`In_use` and `In_Use`, `InUse`).
pub(crate) fn find<'a>(states: &'a [String], wanted: &str) -> Option<&'a str> {
    // Compared byte by byte: this runs on every create and state change, so it allocates
    // nothing.
    fn norm(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(|b| *b != b'_')
            .map(|b| b.to_ascii_lowercase())
    }
    states
        .iter()
        .find(|s| norm(s).eq(norm(wanted)))
        .map(String::as_str)
}

/// Stable states a new resource settles in, most specific first.
const READY: &[&str] = &[
    "Running",
    "Available",
    "accomplished",
    "Normal",
    "Active",
    "Enabled",
    "Success",
    "Finished",
];
/// Transient states a new resource passes through first.
const BIRTH: &[&str] = &["Pending", "Creating", "progressing", "Preparing"];

/// `(first state, settled state)` after `create`; `None` without a value set.
pub(crate) fn created(create: &str, states: &[String]) -> Option<(String, String)> {
    if states.is_empty() {
        return None;
    }
    let ready = errata::CREATE_READY
        .iter()
        .find(|(a, _, _)| *a == create)
        .and_then(|(_, s, _)| find(states, s))
        .or_else(|| READY.iter().find_map(|r| find(states, r)))
        .or_else(|| states.iter().find(|s| !is_transient(s)).map(String::as_str))?
        .to_string();
    let first = BIRTH
        .iter()
        .find_map(|b| find(states, b))
        .unwrap_or(&ready)
        .to_string();
    Some((first, ready))
}

/// What a transition needs and where it goes: `(required from, passing through, settles in)`.
pub(crate) fn transition(
    t: Transition,
    states: &[String],
) -> Option<(Vec<String>, Vec<String>, String)> {
    let s = |n: &str| find(states, n).map(str::to_string);
    let (from, via, to): (Vec<Option<String>>, Vec<Option<String>>, Option<String>) = match t {
        Transition::Start => (vec![s("Stopped")], vec![s("Starting")], s("Running")),
        Transition::Stop => (vec![s("Running")], vec![s("Stopping")], s("Stopped")),
        Transition::Reboot => (
            vec![s("Running")],
            vec![s("Stopping"), s("Starting")],
            s("Running"),
        ),
    };
    Some((
        from.into_iter().flatten().collect(),
        via.into_iter().flatten().collect(),
        to?,
    ))
}

/// `(required from, passing through, settles in)` for an attach (`In_use` via `Attaching`,
/// from `Available`) or a detach (back to `Available` via `Detaching`).
pub(crate) fn relation(
    attach: bool,
    states: &[String],
) -> Option<(Vec<String>, Vec<String>, String)> {
    let s = |n: &str| find(states, n).map(str::to_string);
    let (from, via, to) = if attach {
        (s("Available"), s("Attaching"), s("In_use"))
    } else {
        (s("In_use"), s("Detaching"), s("Available"))
    };
    Some((from.into_iter().collect(), via.into_iter().collect(), to?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn creates_settle_in_the_documented_ready_state() {
        let instance = v(&["Pending", "Running", "Starting", "Stopping", "Stopped"]);
        assert_eq!(
            created("RunInstances", &instance),
            Some(("Pending".into(), "Running".into()))
        );
        assert_eq!(
            created("CreateInstance", &instance),
            Some(("Pending".into(), "Stopped".into()))
        );
        let snapshot = v(&["progressing", "accomplished", "failed"]);
        assert_eq!(
            created("CreateSnapshot", &snapshot),
            Some(("progressing".into(), "accomplished".into()))
        );
        assert_eq!(created("CreateX", &[]), None);
    }

    #[test]
    fn spellings_that_differ_in_case_or_underscores_are_one_state() {
        let disk = v(&["In_use", "Available", "Attaching", "Detaching", "Creating"]);
        assert_eq!(find(&disk, "In_Use"), Some("In_use"));
        assert_eq!(find(&disk, "inuse"), Some("In_use"));
        assert_eq!(find(&disk, "IN_USE_"), Some("In_use"));
        assert_eq!(find(&disk, "In_us"), None);
        assert_eq!(find(&disk, "In_useX"), None);
        assert_eq!(
            relation(true, &disk),
            Some((v(&["Available"]), v(&["Attaching"]), "In_use".into()))
        );
        assert_eq!(relation(true, &v(&["Normal"])), None);
    }

    #[test]
    fn transitions_need_their_documented_states() {
        let instance = v(&["Pending", "Running", "Starting", "Stopping", "Stopped"]);
        let (from, via, to) = transition(Transition::Reboot, &instance).unwrap();
        assert_eq!(
            (from, via, to),
            (
                v(&["Running"]),
                v(&["Stopping", "Starting"]),
                "Running".into()
            )
        );
        assert!(transition(Transition::Start, &v(&["Available"])).is_none());
    }
}
