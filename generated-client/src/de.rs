//! Lenient deserialisation helpers for generated response types.
//!
//! ECS responses are looser than their docs: numbers arrive as strings, lists arrive wrapped
//! (`"Instances": {"Instance": [..]}`), single-element lists arrive unwrapped, fields go
//! missing.
//!
//! Generated response types do not derive `Deserialize`: each struct's impl reads a JSON
//! object with [`read_object`] (generic over the input only, so shared by every type) and
//! hands it to the struct's [`FromMap`] impl, which takes each field out with [`field`]. Per
//! struct that is one small non-generic function and a one-line `Deserialize`, so responses
//! cost little to compile; the lenient rules live here, once.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value as J;

/// A JSON object's fields.
pub type Map = serde_json::Map<String, J>;

/// A value that accepts the spellings ECS uses for it: scalars, JSON, and generated response
/// structs.
pub trait Lenient: Sized {
    /// Whether this is a scalar (lists of scalars peel every one-key wrapper object; lists of
    /// structs keep a one-key object whose value is a scalar as an item).
    const SCALAR: bool = true;
    /// Converts a JSON value; `None` when it cannot stand for this type.
    fn from_json(v: J) -> Option<Self>;
}

/// A field of a response struct as read from its object: `String` (absent gives `""`),
/// `Option<T>` (absent, `null` or unconvertible gives `None`), `Vec<T>` (wrapped or bare
/// lists; absent gives empty; unconvertible items are dropped).
pub trait Field: Sized {
    fn from_field(v: Option<J>) -> Self;
}

impl Field for String {
    fn from_field(v: Option<J>) -> Self {
        v.and_then(String::from_json).unwrap_or_default()
    }
}

impl<T: Lenient> Field for Option<T> {
    fn from_field(v: Option<J>) -> Self {
        v.and_then(T::from_json)
    }
}

impl<T: Lenient> Field for Vec<T> {
    fn from_field(v: Option<J>) -> Self {
        match v {
            Some(v) => unwrap_list(v, T::SCALAR)
                .into_iter()
                .filter_map(T::from_json)
                .collect(),
            None => Vec::new(),
        }
    }
}

/// Takes the field `key` out of `m` and converts it.
pub fn field<T: Field>(m: &mut Map, key: &str) -> T {
    T::from_field(m.remove(key))
}

/// A generated response struct, read from the fields of a JSON object.
pub trait FromMap: Sized {
    fn from_map(m: Map) -> Self;
}

impl<T: FromMap> Lenient for T {
    const SCALAR: bool = false;
    fn from_json(v: J) -> Option<Self> {
        match v {
            J::Object(m) => Some(T::from_map(m)),
            _ => None,
        }
    }
}

/// What a generated response struct's `Deserialize` impl reads: a JSON object from any
/// self-describing input (anything else is an error). Generic over the input only, so every
/// response type shares it.
pub fn read_object<'de, D: Deserializer<'de>>(d: D) -> Result<Map, D::Error> {
    match J::deserialize(d)? {
        J::Object(m) => Ok(m),
        other => Err(serde::de::Error::custom(format_args!(
            "expected a JSON object, found {}",
            kind(&other)
        ))),
    }
}

fn kind(v: &J) -> &'static str {
    match v {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
    }
}

impl Lenient for String {
    fn from_json(v: J) -> Option<Self> {
        match v {
            J::String(s) => Some(s),
            J::Number(n) => Some(n.to_string()),
            J::Bool(b) => Some(b.to_string()),
            J::Null => None,
            other => Some(other.to_string()),
        }
    }
}

impl Lenient for bool {
    fn from_json(v: J) -> Option<Self> {
        match v {
            J::Bool(b) => Some(b),
            J::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Some(true),
                "false" | "0" | "no" => Some(false),
                _ => None,
            },
            J::Number(n) => n.as_i64().map(|i| i != 0),
            _ => None,
        }
    }
}

macro_rules! lenient_int {
    ($($t:ty)*) => {$(
        impl Lenient for $t {
            fn from_json(v: J) -> Option<Self> {
                match v {
                    J::Number(n) => n
                        .as_i64()
                        .and_then(|i| <$t>::try_from(i).ok())
                        .or_else(|| {
                            n.as_f64()
                                .filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
                                .and_then(|x| <$t>::try_from(x as i64).ok())
                        }),
                    J::String(s) => s.trim().parse::<$t>().ok(),
                    J::Bool(b) => Some(<$t>::from(b)),
                    _ => None,
                }
            }
        }
    )*};
}
lenient_int!(i32 i64);

macro_rules! lenient_float {
    ($($t:ty)*) => {$(
        impl Lenient for $t {
            fn from_json(v: J) -> Option<Self> {
                match v {
                    J::Number(n) => n.as_f64().map(|x| x as $t),
                    J::String(s) => s.trim().parse::<$t>().ok(),
                    _ => None,
                }
            }
        }
    )*};
}
lenient_float!(f32 f64);

impl Lenient for J {
    fn from_json(v: J) -> Option<Self> {
        Some(v)
    }
}

/// An optional scalar: absent, `null`, `""` for a non-string, or an unconvertible value give `None`.
pub fn opt<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    let v = J::deserialize(d)?;
    Ok(T::from_json(v))
}

/// A scalar that is always present in the type (`RequestId`): absent gives the default.
pub fn req<'de, D: Deserializer<'de>, T: Lenient + Default>(d: D) -> Result<T, D::Error> {
    let v = J::deserialize(d)?;
    Ok(T::from_json(v).unwrap_or_default())
}

/// A nested struct: `null` or a non-object gives `None`.
pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let v = J::deserialize(d)?;
    match v {
        J::Object(_) => serde_json::from_value(v)
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

/// A list of structs, wrapped (`{"Instance": [..]}`) or not, or a single unwrapped item.
pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let v = J::deserialize(d)?;
    unwrap_list(v, false)
        .into_iter()
        .map(|item| serde_json::from_value(item).map_err(serde::de::Error::custom))
        .collect()
}

/// A list of scalars, wrapped (`{"SecurityGroupId": [..]}`) or not; unconvertible items are dropped.
pub fn list_scalar<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Vec<T>, D::Error> {
    let v = J::deserialize(d)?;
    Ok(unwrap_list(v, true)
        .into_iter()
        .filter_map(T::from_json)
        .collect())
}

/// Peels ECS's one-key wrapper objects off a list.
pub fn unwrap_list(v: J, scalar_items: bool) -> Vec<J> {
    match v {
        J::Null => Vec::new(),
        J::Array(items) => items,
        J::Object(map) if map.len() == 1 => {
            let single_scalar = map.values().all(|x| !x.is_object() && !x.is_array());
            if single_scalar && !scalar_items {
                // An item struct with one field, not a wrapper.
                return vec![J::Object(map)];
            }
            match map.into_iter().next() {
                Some((_, inner)) => unwrap_list(inner, scalar_items),
                None => Vec::new(),
            }
        }
        J::Object(map) if map.is_empty() => Vec::new(),
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrapped_and_bare_lists() {
        assert_eq!(unwrap_list(json!({"Instance": [1, 2]}), false).len(), 2);
        assert_eq!(unwrap_list(json!([1]), false).len(), 1);
        assert_eq!(
            unwrap_list(json!({"Instance": {"Id": "x"}}), false),
            vec![json!({"Id": "x"})]
        );
        assert_eq!(
            unwrap_list(json!({"Id": "x"}), false),
            vec![json!({"Id": "x"})]
        );
        assert_eq!(
            unwrap_list(json!({"SecurityGroupId": "sg"}), true),
            vec![json!("sg")]
        );
        assert!(unwrap_list(json!(null), true).is_empty());
    }

    #[test]
    fn lenient_scalars() {
        assert_eq!(i64::from_json(json!("42")), Some(42));
        assert_eq!(i32::from_json(json!(4.0)), Some(4));
        assert_eq!(i32::from_json(json!(1i64 << 40)), None);
        assert_eq!(bool::from_json(json!("true")), Some(true));
        assert_eq!(String::from_json(json!(7)), Some("7".into()));
        assert_eq!(f64::from_json(json!("1.5")), Some(1.5));
    }
}
