//! Lenient decoding of response bodies, shared by every generated type.
//!
//! Doc tables and the service disagree (see `shared/reference`, "response quirks"): numbers arrive
//! as strings and strings as numbers, `null` shows up anywhere, an array may be wrapped in an
//! XML-derived object (`"List": {"ProductInfo": [...]}`), bare, or collapsed to its single element.
//! Every shape decodes to the same Rust value, and serialization writes the documented shape.

use serde::Serialize;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

/// A type decoded from an arbitrary (non-null) JSON value, leniently.
pub trait FromWire: Sized {
    /// Whether `""` means "no value" (true for everything but text).
    const EMPTY_IS_ABSENT: bool = true;

    fn from_wire(value: Value) -> Result<Self, String>;
}

impl FromWire for String {
    const EMPTY_IS_ABSENT: bool = false;

    fn from_wire(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            // A structured value where text was documented: keep its JSON text rather than fail.
            other => Ok(other.to_string()),
        }
    }
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire(value: Value) -> Result<Self, String> {
                let n = match &value {
                    Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
                    Value::String(s) => s.trim().parse::<i64>().ok(),
                    Value::Bool(b) => Some(*b as i64),
                    _ => None,
                };
                n.and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| format!("expected {}, found {value}", stringify!($t)))
            }
        }
    )*};
}
wire_int!(i32, i64);

macro_rules! wire_float {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire(value: Value) -> Result<Self, String> {
                match &value {
                    Value::Number(n) => n.as_f64().map(|f| f as $t),
                    Value::String(s) => s.trim().parse::<$t>().ok(),
                    _ => None,
                }
                .ok_or_else(|| format!("expected a number, found {value}"))
            }
        }
    )*};
}
wire_float!(f32, f64);

impl FromWire for bool {
    fn from_wire(value: Value) -> Result<Self, String> {
        match &value {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => n.as_f64().map(|f| f != 0.0),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
        .ok_or_else(|| format!("expected a boolean, found {value}"))
    }
}

/// Decodes a generated struct through its derived `Deserialize` (itself lenient field by field).
pub fn from_object<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    match value {
        Value::Object(_) => serde_json::from_value(value).map_err(|e| e.to_string()),
        other => Err(format!("expected an object, found {other}")),
    }
}

/// Implements [`FromWire`] for generated structs.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_object {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::de::FromWire for $t {
            fn from_wire(value: ::serde_json::Value) -> ::std::result::Result<Self, ::std::string::String> {
                $crate::de::from_object(value)
            }
        }
    )*};
}

fn absent(value: &Value) -> bool {
    // An empty string where a number or object was documented means "no value" in practice.
    value.is_null() || value.as_str().is_some_and(|s| s.is_empty())
}

/// `Option<T>` fields: missing, `null` and (for non-text types) `""` decode to `None`.
pub fn opt<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<Option<T>, D::Error> {
    let value = Value::deserialize(d)?;
    if value.is_null() || (T::EMPTY_IS_ABSENT && absent(&value)) {
        return Ok(None);
    }
    T::from_wire(value).map(Some).map_err(D::Error::custom)
}

/// `Vec<T>` fields without a documented wrapper.
pub fn list<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<Vec<T>, D::Error> {
    list_from(Value::deserialize(d)?, None).map_err(D::Error::custom)
}

/// Any of: `null`, `""`, `[..]`, `{wrapper: [..]}`, `{wrapper: {..}}`, `{anyKey: [..]}` (an
/// undocumented wrapper), or one bare element.
pub fn list_from<T: FromWire>(value: Value, wrapper: Option<&str>) -> Result<Vec<T>, String> {
    match value {
        v if absent(&v) => Ok(Vec::new()),
        Value::Array(items) => items.into_iter().filter(|v| !v.is_null()).map(T::from_wire).collect(),
        Value::Object(mut map) => {
            if let Some(inner) = wrapper.and_then(|w| map.remove(w)) {
                return list_from(inner, None);
            }
            if map.len() == 1 && map.values().next().is_some_and(Value::is_array) {
                let inner = map.into_iter().next().map(|(_, v)| v).unwrap_or_default();
                return list_from(inner, None);
            }
            Ok(vec![T::from_wire(Value::Object(map))?])
        }
        scalar => Ok(vec![T::from_wire(scalar)?]),
    }
}

/// Serializes a list under its wrapper key: `{"ProductInfo": [...]}`.
pub fn serialize_wrapped<S: Serializer, T: Serialize>(wrapper: &'static str, items: &[T], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(1))?;
    map.serialize_entry(wrapper, items)?;
    map.end()
}

/// A serde `with` module for a list field documented with `wrapper: Key`.
#[doc(hidden)]
#[macro_export]
macro_rules! wrapped_list {
    ($module:ident, $wrapper:literal) => {
        mod $module {
            pub fn serialize<S: ::serde::Serializer, T: ::serde::Serialize>(items: &[T], s: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::de::serialize_wrapped($wrapper, items, s)
            }
            pub fn deserialize<'de, D: ::serde::Deserializer<'de>, T: $crate::de::FromWire>(
                d: D,
            ) -> ::std::result::Result<::std::vec::Vec<T>, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                $crate::de::list_from(value, Some($wrapper)).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_accept_every_documented_shape() {
        let wrapped: Vec<i64> = list_from(json!({"P": [1, "2"]}), Some("P")).unwrap();
        assert_eq!(wrapped, [1, 2]);
        let single: Vec<i64> = list_from(json!({"P": 3}), Some("P")).unwrap();
        assert_eq!(single, [3]);
        let bare: Vec<String> = list_from(json!(["a", 1]), None).unwrap();
        assert_eq!(bare, ["a", "1"]);
        let undocumented: Vec<String> = list_from(json!({"X": ["a"]}), None).unwrap();
        assert_eq!(undocumented, ["a"]);
        assert!(list_from::<String>(json!(null), None).unwrap().is_empty());
        assert!(list_from::<i32>(json!(""), None).unwrap().is_empty());
    }

    #[test]
    fn scalars_are_lenient_but_not_silent() {
        assert_eq!(i32::from_wire(json!("42")).unwrap(), 42);
        assert_eq!(i64::from_wire(json!(1.0)).unwrap(), 1);
        assert_eq!(String::from_wire(json!(12)).unwrap(), "12");
        assert!(bool::from_wire(json!("TRUE")).unwrap());
        assert!(i32::from_wire(json!("abc")).is_err());
        assert!(i32::from_wire(json!(1u64 << 40)).is_err());
    }
}
