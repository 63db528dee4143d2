//! Lenient deserialisation helpers for generated response types.
//!
//! ECS responses are looser than their docs: numbers arrive as strings, lists arrive wrapped
//! (`"Instances": {"Instance": [..]}`), single-element lists arrive unwrapped, fields go
//! missing. Generated fields point at these with `#[serde(deserialize_with = "...")]`.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value as J;

/// A scalar that accepts the spellings ECS uses for it.
pub trait Lenient: Sized {
    /// Converts a JSON value; `None` when it cannot stand for this type.
    fn from_json(v: J) -> Option<Self>;
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
