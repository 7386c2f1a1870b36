//! What every stateful product shares: how a call is read (its parameters, its documented error
//! codes) and what a handler answers. The resources themselves live in one module per product
//! (`iot`).

mod codes;
pub(crate) mod ids;
mod params;

pub(crate) use codes::{Codes, Concern, Meaning, ProductCodes};
pub(crate) use params::Params;

use serde_json::Value;
use std::time::Duration;

/// A valid call to a stateful action.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub(crate) action: &'static str,
    pub(crate) params: Params<'a>,
    pub(crate) codes: Codes<'a>,
}

/// A handler's answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// A success body, in the documented shape, without `RequestId` and `Success` (added when sent).
    Body(Value),
    /// The same, sent only after this delay: a call that waits for a device that never answers.
    Late(Duration, Value),
}

/// Why a stateful call fails.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refusal {
    /// A business error with the code the documentation lists for it.
    Documented { code: &'static str, message: String },
    /// A parameter the gateway lets through whose value the service refuses (not JSON, not
    /// Base64): the gateway's `InvalidParameter`.
    InvalidParameter { name: &'static str, why: String },
    /// The documentation lists no code for the failure: a gap in the specs, reported as an
    /// internal error that says which code is missing rather than an invented one.
    Undocumented { what: String },
}

/// What handlers return: `?` carries a refusal out.
pub(crate) type Handled = Result<Outcome, Refusal>;

/// A success body; `null` fields (absent optional values) are left out, as the service does.
pub(crate) fn body(value: Value) -> Handled {
    Ok(Outcome::Body(without_nulls(value)))
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(fields.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

impl Call<'_> {
    /// The documented code for `concern`, with `message`.
    pub(crate) fn refuse(&self, concern: Concern, message: impl Into<String>) -> Refusal {
        match self.codes.find(concern) {
            Some(code) => Refusal::Documented { code, message: message.into() },
            None => Refusal::Undocumented { what: format!("{} ({})", concern.describe(), message.into()) },
        }
    }

    /// A parameter that must be a JSON object (`Items`, `Props`, ...).
    pub(crate) fn json_object(&self, name: &'static str) -> Result<serde_json::Map<String, Value>, Refusal> {
        let text = self.params.get(name).unwrap_or_default();
        match serde_json::from_str(text) {
            Ok(Value::Object(fields)) => Ok(fields),
            Ok(_) => Err(Refusal::InvalidParameter { name, why: "not a JSON object".into() }),
            Err(error) => Err(Refusal::InvalidParameter { name, why: format!("not JSON: {error}") }),
        }
    }

    /// A parameter that must be Base64 (message payloads), decoded.
    pub(crate) fn base64(&self, name: &'static str) -> Result<Vec<u8>, Refusal> {
        use base64::Engine as _;
        let text = self.params.get(name).unwrap_or_default();
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|error| Refusal::InvalidParameter { name, why: format!("not Base64: {error}") })
    }
}

/// One page of `items` for 1-based `page` of `size` (both clamped to at least 1), and the page count.
pub(crate) fn page<T>(items: Vec<T>, page: i64, size: i64) -> (Vec<T>, i64) {
    let (page, size) = (page.max(1), size.max(1));
    let total = items.len() as i64;
    let pages = (total + size - 1) / size;
    let skip = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    (items.into_iter().skip(skip).take(usize::try_from(size).unwrap_or(usize::MAX)).collect(), pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_values_are_left_out_at_every_depth() {
        let handled = body(json!({"A": null, "B": {"C": null, "D": 1}, "E": [{"F": null}]}));
        assert_eq!(handled, Ok(Outcome::Body(json!({"B": {"D": 1}, "E": [{}]}))));
    }

    #[test]
    fn pages_are_cut_from_one_and_count_the_last_partial_page() {
        assert_eq!(page(vec![1, 2, 3, 4, 5], 2, 2), (vec![3, 4], 3));
        assert_eq!(page(vec![1, 2, 3], 9, 2), (vec![], 2));
        assert_eq!(page(vec![1, 2], 0, 0), (vec![1], 2));
        assert_eq!(page(Vec::<i32>::new(), 1, 10), (vec![], 0));
    }
}
