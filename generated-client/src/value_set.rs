//! Closed value sets: what every generated enum shares.
//!
//! A parameter or response field whose page documents its values (`Valid values: Running,
//! Stopped`) becomes an enum with one variant per documented value and `Unknown(String)` for
//! any other. The generated enum supplies its data ([`ValueSet::VALUES`], one documented
//! spelling per known variant) and two constructors; the rules are written once here:
//!
//! - **Matching ignores ASCII case**: the pages and the service do not agree on case
//!   (`tcp` documented, `TCP` returned; `In_use` and `In_Use` on two pages), so a text equal to
//!   a documented value but for case is that value's variant. An exact match wins over a
//!   case-folded one.
//! - **Nothing is refused**: a value the pages do not list is `Unknown`, holding the text as
//!   received, so a response never fails to decode because the service added a state, and
//!   `as_str()` gives the text back.
//! - **Requests send the documented spelling** ([`wire`]): a known variant is sent as the
//!   page spells it, and so is an `Unknown` whose text is a documented value but for case.

use serde::de::Deserializer;
use serde::Deserialize;
use serde_json::Value as J;

/// A generated closed value set. Implemented by every generated enum; use it to write code
/// generic over them (`fn show<T: ValueSet>(..)`).
pub trait ValueSet: Sized {
    /// The documented spellings, one per known variant, in declaration order.
    const VALUES: &'static [&'static str];
    /// The known variant whose spelling is `VALUES[index]` (`None` past the end).
    fn known(index: usize) -> Option<Self>;
    /// The catch-all for a value the documentation does not list.
    fn unknown(value: String) -> Self;
}

/// Index in `values` of `text`: an exact match, else one ignoring ASCII case.
pub fn index(values: &[&str], text: &str) -> Option<usize> {
    values
        .iter()
        .position(|v| *v == text)
        .or_else(|| values.iter().position(|v| v.eq_ignore_ascii_case(text)))
}

/// The value `text` stands for: a known variant (any case), else `Unknown(text)`.
pub fn parse<T: ValueSet>(text: &str) -> T {
    match index(T::VALUES, text).and_then(T::known) {
        Some(v) => v,
        None => T::unknown(text.to_string()),
    }
}

/// [`parse`] for an owned text (an `Unknown` keeps it without copying).
pub fn parse_owned<T: ValueSet>(text: String) -> T {
    match index(T::VALUES, &text).and_then(T::known) {
        Some(v) => v,
        None => T::unknown(text),
    }
}

/// The text a request sends for `text` (a variant's `as_str()`): the documented spelling when
/// `text` is a documented value but for case, else `text` as it is.
pub fn wire<'a>(values: &'static [&'static str], text: &'a str) -> &'a str {
    match index(values, text) {
        Some(i) => values[i],
        None => text,
    }
}

/// A value set read from a response's JSON: strings as they are, numbers and booleans as
/// their text; `null`, arrays and objects are no value.
pub fn from_json<T: ValueSet>(v: J) -> Option<T> {
    match v {
        J::String(s) => Some(parse_owned(s)),
        J::Number(n) => Some(parse_owned(n.to_string())),
        J::Bool(b) => Some(parse(if b { "true" } else { "false" })),
        _ => None,
    }
}

/// A value set through serde: any string (or number or boolean, as its text) is a value;
/// never an error for a value the pages do not list.
pub fn deserialize<'de, D: Deserializer<'de>, T: ValueSet>(d: D) -> Result<T, D::Error> {
    let v = J::deserialize(d)?;
    let shown = match &v {
        J::Null => "null",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
        _ => "",
    };
    from_json(v).ok_or_else(|| {
        serde::de::Error::custom(format_args!("expected a string value, found {shown}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the emitter writes for `Running`, `Stopped` and `In_use` (documented twice, as
    /// `In_use` and `In_Use`: one variant).
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Status {
        Running,
        Stopped,
        InUse,
        Unknown(String),
    }

    impl Status {
        fn as_str(&self) -> &str {
            match self {
                Self::Running => "Running",
                Self::Stopped => "Stopped",
                Self::InUse => "In_use",
                Self::Unknown(s) => s,
            }
        }
    }

    impl ValueSet for Status {
        const VALUES: &'static [&'static str] = &["Running", "Stopped", "In_use"];
        fn known(index: usize) -> Option<Self> {
            [Self::Running, Self::Stopped, Self::InUse]
                .into_iter()
                .nth(index)
        }
        fn unknown(value: String) -> Self {
            Self::Unknown(value)
        }
    }

    #[test]
    fn documented_values_in_any_case_are_their_variant() {
        assert_eq!(parse::<Status>("Running"), Status::Running);
        assert_eq!(parse::<Status>("RUNNING"), Status::Running);
        assert_eq!(parse::<Status>("In_Use"), Status::InUse);
        assert_eq!(parse::<Status>("in_use").as_str(), "In_use");
    }

    #[test]
    fn an_undocumented_value_is_unknown_and_keeps_its_text() {
        let v = parse_owned::<Status>("Hibernating".to_string());
        assert_eq!(v, Status::Unknown("Hibernating".into()));
        assert_eq!(v.as_str(), "Hibernating");
        assert_eq!(
            from_json::<Status>(serde_json::json!(7)),
            Some(Status::Unknown("7".into()))
        );
        assert_eq!(from_json::<Status>(serde_json::json!(null)), None);
        let d: Status = deserialize(serde_json::json!("Hibernating")).unwrap();
        assert_eq!(d.as_str(), "Hibernating");
        assert!(deserialize::<_, Status>(serde_json::json!({})).is_err());
    }

    #[test]
    fn an_exact_match_wins_and_requests_send_the_documented_spelling() {
        assert_eq!(index(&["tcp", "TCP"], "TCP"), Some(1));
        assert_eq!(wire(&["tcp", "udp"], "TCP"), "tcp");
        assert_eq!(wire(&["tcp", "udp"], "sctp"), "sctp");
    }
}
