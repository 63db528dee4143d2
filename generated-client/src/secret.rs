//! A secret string (an AccessKey secret, an STS token) that never prints, and [`Redacted`],
//! the `Debug` the generated types use for the fields the pages mark secret.

use std::fmt;

/// Holds a secret. `Debug` prints `Secret(***)`, so a secret inside a config or a credentials
/// struct stays out of logs. There is no `Display`: `format!("{}&", secret)` would compile and
/// sign with `***`; [`Secret::expose`] is the one way to read the value, and only signing
/// calls it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself. Call it only where the value is used, never to format it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// `Debug` of a secret field's value: `***` for the text, `None` or `Some(***)` for an
/// optional one, `[***, ***]` for a list. Generated request, builder and response types print
/// their secret fields through it (which fields are secret is decided in `ecs-codegen`'s
/// `secret` module).
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

/// A value whose `Debug` can be written without its content.
pub trait Redact {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Redact for String {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Redact for serde_json::Value {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T: Redact> Redact for Option<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(v) => f.debug_tuple("Some").field(&Redacted(v)).finish(),
            None => f.write_str("None"),
        }
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Redacted)).finish()
    }
}

impl<T: Redact + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_redacted(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_values_print_their_shape_only() {
        let s = "Hunter2-Secret!".to_string();
        assert_eq!(format!("{:?}", Redacted(&s)), "***");
        assert_eq!(format!("{:?}", Redacted(&Some(s.clone()))), "Some(***)");
        assert_eq!(format!("{:?}", Redacted(&None::<String>)), "None");
        assert_eq!(
            format!("{:?}", Redacted(&vec![s.clone(), s.clone()])),
            "[***, ***]"
        );
        let json = serde_json::json!({ "k": "Hunter2-Secret!" });
        assert_eq!(
            format!("{:#?}", Redacted(&Some(json))),
            "Some(\n    ***,\n)"
        );
    }

    #[test]
    fn never_prints() {
        let s = Secret::new("testsecret");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(***))");
        assert_eq!(s.expose(), "testsecret");
    }
}
