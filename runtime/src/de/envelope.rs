//! The envelope of a response body, read in the same pass as the action's own fields.
//!
//! [`Tap`] wraps the body's deserializer and hands everything to the output type's `Deserialize`
//! unchanged, except that the keys of the top-level object go by [`TapMap`] first, which notes the
//! values of envelope fields. So a success body is parsed once, and a business error is seen in it.

use crate::de::{FromWire, KeySeed};
use crate::protocol::envelope;
use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// The fields every product and gateway body may have around an action's own fields
/// ([`protocol::envelope`](crate::protocol::envelope)), decoded as leniently as output fields.
#[doc(hidden)]
#[derive(Debug, Default, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Envelope {
    /// `RequestId` (or `requestId`).
    pub request_id: Option<String>,
    /// `Success`: `false` on a business error answered with HTTP 200.
    pub success: Option<bool>,
    /// `Code` (or `code`).
    pub code: Option<String>,
    /// `Message` (or `message`): a gateway error's message.
    pub message: Option<String>,
    /// `ErrorMessage`: a business error's message.
    pub error_message: Option<String>,
    /// `Recommend`: a gateway error's advice.
    pub recommend: Option<String>,
    /// `HostId`: the host that answered a gateway error.
    pub host_id: Option<String>,
}

/// An envelope field.
#[derive(Clone, Copy, Debug)]
enum Field {
    RequestId,
    Success,
    Code,
    Message,
    ErrorMessage,
    Recommend,
    HostId,
}

impl Field {
    /// The envelope fields: wire name, whether the gateway may write it in lowerCamelCase.
    const ALL: [(&str, bool, Field); 7] = [
        (envelope::REQUEST_ID, true, Field::RequestId),
        (envelope::SUCCESS, false, Field::Success),
        (envelope::CODE, true, Field::Code),
        (envelope::MESSAGE, true, Field::Message),
        (envelope::ERROR_MESSAGE, false, Field::ErrorMessage),
        (envelope::RECOMMEND, false, Field::Recommend),
        (envelope::HOST_ID, false, Field::HostId),
    ];

    fn of(key: &str) -> Option<Field> {
        // Byte-wise, so a key starting with a multi-byte character cannot split a character.
        let lower_camel = |name: &str| {
            let (key, name) = (key.as_bytes(), name.as_bytes());
            key.len() == name.len() && key[1..] == name[1..] && key[0] == name[0].to_ascii_lowercase()
        };
        Field::ALL.iter().find(|(name, camel, _)| key == *name || (*camel && lower_camel(name))).map(|&(.., field)| field)
    }
}

impl Envelope {
    /// Notes `value`, decoded as leniently as any output field.
    fn note(&mut self, field: Field, value: &Value) -> Result<(), serde_json::Error> {
        let text = || String::from_wire(value);
        match field {
            Field::RequestId => self.request_id = text()?,
            Field::Success => self.success = bool::from_wire(value)?,
            Field::Code => self.code = text()?,
            Field::Message => self.message = text()?,
            Field::ErrorMessage => self.error_message = text()?,
            Field::Recommend => self.recommend = text()?,
            Field::HostId => self.host_id = text()?,
        }
        Ok(())
    }
}

/// Decodes `O` from a JSON `body` in one pass, noting the envelope fields of the top-level object
/// as `O`'s own `Deserialize` reads them (and still giving them to `O`: `RequestId` is in both).
/// The envelope is `None` if `O` did not read the body as an object.
#[doc(hidden)]
pub fn enveloped<O: DeserializeOwned>(body: &[u8]) -> (Option<Envelope>, Result<O, serde_json::Error>) {
    let mut envelope = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let output = O::deserialize(Tap { de: &mut de, envelope: &mut envelope }).and_then(|output| de.end().map(|()| output));
    (envelope, output)
}

/// The envelope of a JSON `body` alone. `None` if the body is not an object.
pub(crate) fn envelope_only(body: &[u8]) -> Result<Option<Envelope>, serde_json::Error> {
    let (envelope, skipped) = enveloped::<Skip>(body);
    skipped.map(|Skip| envelope)
}

/// Reads an object and keeps nothing of it: through [`Tap`], reads an envelope alone.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Skip)
    }
}

/// A deserializer that hands everything to `de` unchanged, except that the top-level map goes
/// through [`TapMap`].
struct Tap<'a, D> {
    de: D,
    envelope: &'a mut Option<Envelope>,
}

/// Forwards `Deserializer` methods to the wrapped deserializer, with the visitor wrapped.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.de.$method($($arg,)* TapVisitor { inner: visitor, envelope: self.envelope })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tap<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// The output type's visitor, given a [`TapMap`] instead of the top-level map.
struct TapVisitor<'a, V> {
    inner: V,
    envelope: &'a mut Option<Envelope>,
}

/// Forwards `Visitor` methods that take a plain value.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for TapVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(data)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let envelope = self.envelope.insert(Envelope::default());
        self.inner.visit_map(TapMap { map, envelope, field: None })
    }
}

/// The top-level map: reads each key itself to see whether it is an envelope field, then hands
/// it to the output type. Nested values go to the output type untouched.
struct TapMap<'a, A> {
    map: A,
    envelope: &'a mut Envelope,
    /// The envelope field whose value comes next.
    field: Option<Field>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TapMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(KeySeed)? else { return Ok(None) };
        self.field = Field::of(&key);
        match key {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
            Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
        }
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let Some(field) = self.field.take() else { return self.map.next_value_seed(seed) };
        // Envelope fields are small scalars, read once and given to both (`RequestId` is in both).
        let value: Value = self.map.next_value()?;
        self.envelope.note(field, &value).map_err(de::Error::custom)?;
        seed.deserialize(value).map_err(de::Error::custom)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}
