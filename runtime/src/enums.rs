//! Forward-compatible enums for documented value options.
//!
//! The docs list the values known when they were written; the service adds more. A value outside
//! the list decodes to `Unknown`, keeps its text and round-trips unchanged, so a new server value
//! never breaks a whole response. Match on `as_str()` to handle values this crate does not know yet.

use std::fmt;

/// A value the crate does not know. Opaque on purpose: code that matches on a specific unknown
/// value would silently break when that value becomes a named variant; use `as_str()` instead.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[doc(hidden)]
    pub fn __new(value: String) -> Self {
        UnknownValue(value)
    }

    /// The value as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A generated forward-compatible enum, as the runtime sees it: its wire text both ways.
/// [`wire_enum!`](crate::wire_enum) implements it; what a request parameter, a response field or a
/// text value needs of an enum is implemented here, once, for every enum.
#[doc(hidden)]
pub trait WireEnum: Sized {
    /// Whether the values are numbers on the wire (JSON numbers where the text is one).
    const NUMERIC: bool;

    /// The value as on the wire.
    fn wire_text(&self) -> &str;

    /// The value of wire text: a documented variant, or `Unknown` keeping the text.
    fn from_wire_text(text: &str) -> Self;
}

impl<T: WireEnum> crate::params::ParamValue for T {
    fn to_param(&self) -> String {
        self.wire_text().to_string()
    }
}

impl<T: WireEnum> crate::de::FromText for T {
    fn from_text(text: &str) -> Self {
        T::from_wire_text(text)
    }
}

impl<T: WireEnum> crate::de::FromWire for T {
    fn from_wire<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        crate::de::text(d, true)
    }
}

/// `Deserialize` of a generated enum. Outside an `Option` there is no "no value": `null` keeps its
/// JSON text, like any other value that is not text, and `""` is a value.
#[doc(hidden)]
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: WireEnum>(d: D) -> Result<T, D::Error> {
    Ok(crate::de::text(d, false)?.unwrap_or_else(|| T::from_wire_text("null")))
}

/// `Serialize` of a generated enum: its wire text, as a JSON number where the values are numbers
/// and the text is one.
#[doc(hidden)]
#[cfg(feature = "serde")]
pub fn serialize<S: serde::Serializer, T: WireEnum>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    let text = value.wire_text();
    match text.parse::<i64>() {
        Ok(n) if T::NUMERIC => s.serialize_i64(n),
        _ => s.serialize_str(text),
    }
}

/// Implements a forward-compatible enum's conversions and serde. The enum itself is written out by
/// the generator (with its docs); this adds the same impls to each. `str` enums are JSON strings,
/// `int` enums JSON numbers; both are written with their wire text.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_enum {
    ($name:ident : $kind:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        impl $name {
            /// The documented values, as on the wire.
            pub const VALUES: &'static [&'static str] = &[$($text),*];

            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Unknown(v) => v.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)*
                    other => Self::Unknown($crate::UnknownValue::__new(other.to_string())),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                Self::from(s.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::enums::WireEnum for $name {
            const NUMERIC: bool = $crate::wire_enum!(@numeric $kind);
            fn wire_text(&self) -> &str {
                self.as_str()
            }
            fn from_wire_text(text: &str) -> Self {
                Self::from(text)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize(d)
            }
        }

        $crate::if_serde! {
            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    $crate::enums::serialize(self, s)
                }
            }
        }
    };
    (@numeric str) => { false };
    (@numeric int) => { true };
}

#[cfg(test)]
// The macro emits a generated crate's public items, here on a private test type.
#[allow(dead_code, unreachable_pub)]
mod tests {
    #[derive(Clone, PartialEq, Eq, Hash, Debug)]
    pub(super) enum Edition {
        Pro,
        Basic,
        Unknown(crate::UnknownValue),
    }
    crate::wire_enum!(Edition: str { Pro = "edition_pro", Basic = "edition_basic" });

    #[derive(Clone, PartialEq, Eq, Hash, Debug)]
    pub(super) enum NodeType {
        Device,
        Gateway,
        Unknown(crate::UnknownValue),
    }
    crate::wire_enum!(NodeType: int { Device = "0", Gateway = "1" });

    #[test]
    fn unknown_values_round_trip() {
        let e: Edition = serde_json::from_str("\"edition_future\"").unwrap();
        assert_eq!(e.as_str(), "edition_future");
        assert!(matches!(e, Edition::Unknown(_)));
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"edition_future\"");
        assert_eq!(Edition::from("edition_basic"), Edition::Basic);
        let n: NodeType = serde_json::from_str("\"1\"").unwrap();
        assert_eq!(n, NodeType::Gateway);
        assert_eq!(serde_json::to_string(&n).unwrap(), "1");
        let unknown: NodeType = serde_json::from_str("7").unwrap();
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "7");
    }
}
