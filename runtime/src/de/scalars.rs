//! Lenient scalars: numbers from text, text from numbers, booleans from `"true"`, `"1"` or `1`.
//! Integers out of range are errors rather than truncated values.

use super::FromWire;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::Value;
use std::fmt::{self, Write as _};
use std::marker::PhantomData;

/// Values made from wire text: `String`, and the forward-compatible enums of
/// [`wire_enum!`](crate::wire_enum), which match known values without allocating.
#[doc(hidden)]
pub trait FromText: Sized {
    /// The value of `text`.
    fn from_text(text: &str) -> Self;

    /// The value of owned `text`, for types that can keep it.
    fn from_string(text: String) -> Self {
        Self::from_text(&text)
    }
}

impl FromText for String {
    fn from_text(text: &str) -> Self {
        text.to_owned()
    }

    fn from_string(text: String) -> Self {
        text
    }
}

impl FromWire for String {
    fn from_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        text(d, false)
    }
}

/// Decodes text: a string as it is, a number or boolean as its JSON text, and a structured value
/// (where text was documented) as its JSON text rather than an error. `null` is `None`, and so is
/// `""` when `empty_is_absent`.
#[doc(hidden)]
pub fn text<'de, D: Deserializer<'de>, T: FromText>(d: D, empty_is_absent: bool) -> Result<Option<T>, D::Error> {
    d.deserialize_any(TextVisitor { empty_is_absent, text: PhantomData })
}

struct TextVisitor<T> {
    empty_is_absent: bool,
    text: PhantomData<fn() -> T>,
}

impl<'de, T: FromText> Visitor<'de> for TextVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((!(self.empty_is_absent && v.is_empty())).then(|| T::from_text(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok((!(self.empty_is_absent && v.is_empty())).then(|| T::from_string(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(T::from_text(if v { "true" } else { "false" })))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(with_integer_text(v < 0, v.unsigned_abs(), T::from_text)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(with_integer_text(false, v, T::from_text)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Written as JSON writes it (`1.0`, `1e21`), as the body had it.
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(Some(with_text(n, T::from_text))),
            None => Err(E::invalid_value(Unexpected::Float(v), &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let value = Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(Some(T::from_string(value.to_string())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let value = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(Some(T::from_string(value.to_string())))
    }

    no_value_is_none!();
}

/// Hands over an integer's text, written on the stack: a numeric enum's value (the common case)
/// then costs neither an allocation nor the formatting machinery.
fn with_integer_text<R>(negative: bool, magnitude: u64, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 21];
    let mut start = buf.len();
    let mut rest = magnitude;
    loop {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        start -= 1;
        buf[start] = b'-';
    }
    f(std::str::from_utf8(&buf[start..]).unwrap_or_default())
}

/// Hands over `value`'s text formatted on the stack, without an allocation.
fn with_text<R>(value: impl fmt::Display, f: impl FnOnce(&str) -> R) -> R {
    struct Buf {
        bytes: [u8; 40],
        len: usize,
    }
    impl fmt::Write for Buf {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.len + s.len();
            self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
    let mut buf = Buf { bytes: [0; 40], len: 0 };
    match write!(buf, "{value}").ok().and_then(|()| std::str::from_utf8(&buf.bytes[..buf.len]).ok()) {
        Some(text) => f(text),
        None => f(&value.to_string()),
    }
}

/// A number or numeric text.
struct NumberVisitor<T>(PhantomData<fn() -> T>);

/// The visits every number shares: numeric text (`""` is no value), and no value.
macro_rules! number_text {
    () => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.is_empty() {
                return Ok(None);
            }
            v.trim().parse().map(Some).map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
        }

        no_value_is_none!();
    };
}

macro_rules! wire_int {
    ($($t:ident),*) => {$(
        impl<'de> Visitor<'de> for NumberVisitor<$t> {
            type Value = Option<$t>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("an integer in the range of ", stringify!($t)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                $t::try_from(v).map(Some).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                $t::try_from(v).map(Some).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                // `-(MIN as f64)` is exactly 2^(bits-1), the first value out of range; `MAX as f64`
                // rounds up to it for i64, so it could not serve as the bound.
                if v.fract() == 0.0 && v >= $t::MIN as f64 && v < -($t::MIN as f64) {
                    Ok(Some(v as $t))
                } else {
                    Err(E::invalid_value(Unexpected::Float(v), &self))
                }
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Some($t::from(v)))
            }

            number_text!();
        }

        impl FromWire for $t {
            fn from_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                d.deserialize_any(NumberVisitor::<$t>(PhantomData))
            }
        }
    )*};
}
wire_int!(i32, i64);

macro_rules! wire_float {
    ($($t:ident),*) => {$(
        impl<'de> Visitor<'de> for NumberVisitor<$t> {
            type Value = Option<$t>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Some(v as $t))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Some(v as $t))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Some(v as $t))
            }

            number_text!();
        }

        impl FromWire for $t {
            fn from_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                d.deserialize_any(NumberVisitor::<$t>(PhantomData))
            }
        }
    )*};
}
wire_float!(f32, f64);

struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean (true, false, 1, 0)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v != 0))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v != 0))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v != 0.0))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim() {
            "" if v.is_empty() => Ok(None),
            t if t.eq_ignore_ascii_case("true") || t == "1" => Ok(Some(true)),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Ok(Some(false)),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }

    no_value_is_none!();
}

impl FromWire for bool {
    fn from_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(BoolVisitor)
    }
}
