//! Lenient decoding of response bodies, shared by every generated type.
//!
//! Doc tables and the service disagree: numbers arrive as strings and strings as numbers, `null`
//! shows up anywhere, an array may be wrapped in an XML-derived object (`"List": {"ProductInfo":
//! [...]}`), bare, or collapsed to its single element. Every shape decodes to the same Rust value,
//! and serialization writes the documented shape.
//!
//! Decoding is done by serde visitors fed straight from the parser, so a field costs about what
//! plain serde costs: nothing is first collected into a `serde_json::Value`. Only shapes that are
//! rare and cannot be told apart before they are read whole are buffered: a structured value where
//! text was documented, and a list field holding an object whose first key is not the wrapper.

/// The visits of a visitor whose value is an `Option`: `null` (or no value) is `None`.
macro_rules! no_value_is_none {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}

pub(crate) mod envelope;
mod scalars;
#[cfg(test)]
mod tests;
pub(crate) mod unknown;

#[doc(hidden)]
pub use envelope::{Envelope, enveloped};
pub use scalars::{FromText, text};

#[cfg(feature = "serde")]
use serde::Serialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
#[cfg(feature = "serde")]
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A type decoded leniently from any JSON value. Implemented for the scalars fields use, and by
/// [`wire_object!`](crate::wire_object) and [`wire_enum!`](crate::wire_enum) for generated types.
#[doc(hidden)]
pub trait FromWire: Sized {
    /// Decodes one value. `Ok(None)` means "no value": `null`, and `""` for every type but text.
    fn from_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error>;
}

/// Generated structs: an object decodes field by field ([`WireObject`]) straight from the parser;
/// `null` and `""` are no value.
#[doc(hidden)]
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(ObjectVisitor(PhantomData))
}

/// A generated response struct, decoded field by field. [`wire_object!`](crate::wire_object)
/// implements it, and serde's traits through it, from one line per field: far less code for the
/// compiler than serde's derives, for the same behaviour.
#[doc(hidden)]
pub trait WireObject: Default {
    /// Decodes the value under `key` into its field; `false` when no field has that wire name (the
    /// caller skips the value).
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// A generated struct's encoding, with the `serde` feature: the fields that have a value, under
/// their wire names, in the documented shape.
#[doc(hidden)]
#[cfg(feature = "serde")]
pub trait EncodeObject {
    fn fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A field of a generated struct: `Option<T>` or `Vec<T>` of a [`FromWire`] type.
#[doc(hidden)]
pub trait WireField: Sized {
    /// Decodes the field's value into `self`, and says the key was known (`Ok(true)`), so that a
    /// generated `field` is one expression per field; `wrapper` is a list's documented wrapper key.
    fn decode_into<'de, A: MapAccess<'de>>(&mut self, map: &mut A, wrapper: Option<&str>) -> Result<bool, A::Error>;
}

impl<T: FromWire> WireField for Option<T> {
    fn decode_into<'de, A: MapAccess<'de>>(&mut self, map: &mut A, _: Option<&str>) -> Result<bool, A::Error> {
        *self = map.next_value_seed(Item::<T>(PhantomData))?;
        Ok(true)
    }
}

/// A list field, documented with `wrapper` or without one (`None`), accepts any of: `null`, `""`,
/// `{}`, `[..]` (items that are no value skipped: `null`, and `""` but for text),
/// `{wrapper: [..]}`, `{wrapper: {..}}` (the single element), `{anyKey: [..]}` (an undocumented
/// wrapper), or one bare element (an object or a scalar).
impl<T: FromWire> WireField for Vec<T> {
    fn decode_into<'de, A: MapAccess<'de>>(&mut self, map: &mut A, wrapper: Option<&str>) -> Result<bool, A::Error> {
        *self = map.next_value_seed(ListVisitor::<T>::field(wrapper))?;
        Ok(true)
    }
}

/// A field's encoding, with the `serde` feature.
#[doc(hidden)]
#[cfg(feature = "serde")]
pub trait EncodeField {
    /// Writes the field under `name` if it has a value (a list under its wrapper key, if any).
    fn encode<M: SerializeMap>(&self, map: &mut M, name: &'static str, wrapper: Option<&'static str>) -> Result<(), M::Error>;
}

#[cfg(feature = "serde")]
impl<T: Serialize> EncodeField for Option<T> {
    fn encode<M: SerializeMap>(&self, map: &mut M, name: &'static str, _: Option<&'static str>) -> Result<(), M::Error> {
        match self {
            Some(value) => map.serialize_entry(name, value),
            None => Ok(()),
        }
    }
}

#[cfg(feature = "serde")]
impl<T: Serialize> EncodeField for Vec<T> {
    fn encode<M: SerializeMap>(&self, map: &mut M, name: &'static str, wrapper: Option<&'static str>) -> Result<(), M::Error> {
        match (self.is_empty(), wrapper) {
            (true, _) => Ok(()),
            (false, Some(wrapper)) => map.serialize_entry(name, &Wrapped(wrapper, self)),
            (false, None) => map.serialize_entry(name, self),
        }
    }
}

/// A list under its wrapper key: `{"ProductInfo": [...]}`.
#[cfg(feature = "serde")]
struct Wrapped<'a, T>(&'static str, &'a [T]);

#[cfg(feature = "serde")]
impl<T: Serialize> Serialize for Wrapped<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// What [`Client::execute`](crate::Client::execute) decodes a success body into: an action's
/// generated output, which keeps the raw body ([`RawBody`]), or any `DeserializeOwned` type that
/// implements this with the default (e.g. `serde_json::Value`).
pub trait ActionOutput: serde::de::DeserializeOwned + Send + 'static {
    /// Keeps the body the output was decoded from.
    fn keep_raw_body(&mut self, _body: RawBody) {}
}

impl ActionOutput for Value {}

/// The body a response came with, as received: what the spec does not know is there too.
///
/// Its `Debug` shows only its length (a body may hold secrets). Two bodies are equal when their
/// bytes are: outputs decoded from different bodies differ even where their known fields agree.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawBody(bytes::Bytes);

impl RawBody {
    /// A body as received.
    pub fn new(body: bytes::Bytes) -> Self {
        RawBody(body)
    }

    /// The body's bytes (JSON text; empty for an output not decoded from a response).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody({} bytes)", self.0.len())
    }
}

/// `Deserialize` of a generated struct: its fields from an object, unknown keys skipped.
#[doc(hidden)]
pub fn decode_object<'de, D: Deserializer<'de>, T: WireObject>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(FieldsVisitor(PhantomData))
}

/// `Serialize` of a generated struct: an object of the fields that have a value.
#[doc(hidden)]
#[cfg(feature = "serde")]
pub fn encode_object<S: Serializer, T: EncodeObject>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    value.fields(&mut map)?;
    map.end()
}

struct FieldsVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: WireObject> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if !value.field(&key, &mut map)? {
                unknown::note(std::any::type_name::<T>(), &key);
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(value)
    }
}

/// Implements a generated response struct's decoding (and, with the `serde` feature, its
/// encoding), field by field:
/// `wire_object!(Data { page_size: "PageSize", list: "List" / "ProductInfo" })`, where
/// `"List" / "ProductInfo"` is a list documented with the wrapper key `ProductInfo`.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_object {
    ($name:ident { $($field:ident : $wire:literal $(/ $wrapper:literal)?),* $(,)? }) => {
        impl $crate::de::WireObject for $name {
            fn field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<bool, A::Error> {
                match key {
                    $($wire => $crate::de::WireField::decode_into(&mut self.$field, map, $crate::wire_object!(@wrapper $($wrapper)?)),)*
                    _ => ::std::result::Result::Ok(false),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::de::decode_object(d)
            }
        }

        impl $crate::de::FromWire for $name {
            fn from_wire<'de, D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                $crate::de::object(d)
            }
        }

        $crate::if_serde! {
            impl $crate::de::EncodeObject for $name {
                fn fields<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error> {
                    $($crate::de::EncodeField::encode(&self.$field, map, $wire, $crate::wire_object!(@wrapper $($wrapper)?))?;)*
                    ::std::result::Result::Ok(())
                }
            }

            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    $crate::de::encode_object(self, s)
                }
            }
        }
    };
    // An action's output: also keeps the raw body in its `raw_body` field.
    ($name:ident { $($fields:tt)* } raw_body) => {
        $crate::wire_object!($name { $($fields)* });

        impl $crate::de::ActionOutput for $name {
            fn keep_raw_body(&mut self, body: $crate::de::RawBody) {
                self.raw_body = body;
            }
        }
    };
    (@wrapper) => { ::std::option::Option::None };
    (@wrapper $wrapper:literal) => { ::std::option::Option::Some($wrapper) };
}

/// Its input, with the `serde` feature; nothing without it. A crate's `serde` feature turns this
/// crate's on, so the `Serialize` impls of its types are compiled only for users who ask for them.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! if_serde {
    ($($item:item)*) => { $($item)* };
}

/// Its input, with the `serde` feature; nothing without it.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! if_serde {
    ($($item:item)*) => {};
}

/// Any JSON, kept as it is; `null` is no value.
impl FromWire for Value {
    fn from_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Value::deserialize(d).map(|value| Some(value).filter(|v| !v.is_null()))
    }
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() { Ok(None) } else { Err(E::invalid_type(Unexpected::Str(v), &self)) }
    }

    no_value_is_none!();
}

/// One list item; `None` (a `null`) is skipped.
struct Item<T>(PhantomData<fn() -> T>);

impl<'de, T: FromWire> DeserializeSeed<'de> for Item<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::from_wire(d)
    }
}

/// Decodes a list field's value, or (`wrapped`) the value under its wrapper key.
struct ListVisitor<'w, T> {
    wrapper: Option<&'w str>,
    wrapped: bool,
    item: PhantomData<fn() -> T>,
}

impl<'w, T: FromWire> ListVisitor<'w, T> {
    fn field(wrapper: Option<&'w str>) -> Self {
        ListVisitor { wrapper, wrapped: false, item: PhantomData }
    }

    fn wrapped() -> Self {
        ListVisitor { wrapper: None, wrapped: true, item: PhantomData }
    }

    /// A list of the one bare element `d` holds.
    fn one<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        T::from_wire(d).map(|item| item.into_iter().collect())
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for ListVisitor<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: FromWire> Visitor<'de> for ListVisitor<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // The hint comes from the body: bound it so a lying one cannot reserve much.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(Item::<T>(PhantomData))? {
            items.extend(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.wrapped {
            // Under the wrapper key, an object is the list's single element.
            return Self::one(MapAccessDeserializer::new(map));
        }
        let Some(key) = map.next_key_seed(KeySeed)? else {
            // A wrapper with nothing in it.
            return Ok(Vec::new());
        };
        if self.wrapper.is_some_and(|wrapper| wrapper == key) {
            let items = map.next_value_seed(ListVisitor::<T>::wrapped())?;
            // Siblings of the wrapper hold nothing the list needs.
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(items);
        }
        // An undocumented wrapper, the wrapper further down, or one bare element: which one shows
        // only once the whole object is read, so this rare shape is buffered.
        let mut object = serde_json::Map::new();
        object.insert(key.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        let inner = match self.wrapper.and_then(|wrapper| object.remove(wrapper)) {
            Some(inner) => inner,
            None if object.len() == 1 && object.values().all(Value::is_array) => object.into_iter().next().map(|(_, v)| v).unwrap_or_default(),
            None => Value::Object(object),
        };
        // The buffer's errors carry no position; the field's own deserializer adds it.
        ListVisitor::<T>::wrapped().deserialize(inner).map_err(de::Error::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() { Ok(Vec::new()) } else { Self::one(StrDeserializer::new(v)) }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        if v.is_empty() { Ok(Vec::new()) } else { Self::one(BorrowedStrDeserializer::new(v)) }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.is_empty() { Ok(Vec::new()) } else { Self::one(StringDeserializer::new(v)) }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads a map key as text, borrowed from the body when it has no escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
