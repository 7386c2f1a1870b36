//! The sample success body of an action: the published one when it parses (after fixups), else
//! one synthesized from the response fields, so every action has a well-typed answer to serve.

use crate::spec::{Action, Member, Type};
use aliyun_rpc_runtime::protocol::envelope;
use serde_json::{Map, Value};

pub(super) enum Sample {
    Published(Value),
    /// Synthesized; carries why the published one was not used, if there was one.
    Synthesized(Value, Option<String>),
}

impl Sample {
    pub(super) fn value(&self) -> &Value {
        match self {
            Sample::Published(v) | Sample::Synthesized(v, _) => v,
        }
    }
}

/// Whether a product's answers carry `Success`: most of its published samples show it.
pub(super) fn product_answers_success(actions: &[Action]) -> bool {
    let published: Vec<Value> =
        actions.iter().filter_map(|a| a.examples.response.as_deref()).filter_map(|text| serde_json::from_str(text).ok()).collect();
    let with_success = published.iter().filter(|sample| sample.get(envelope::SUCCESS).is_some()).count();
    with_success * 2 > published.len()
}

/// The action's sample; a synthesized one carries `Success: true` where the product's answers do.
pub(super) fn sample(action: &Action, with_success: bool) -> Sample {
    let problem = match action.examples.response.as_deref().map(serde_json::from_str::<Value>) {
        Some(Ok(value @ Value::Object(_))) => return Sample::Published(value),
        Some(Ok(_)) => Some("the published sample is not a JSON object".to_string()),
        Some(Err(e)) => Some(format!("the published sample is not valid JSON ({e}); add a fixup")),
        None => None,
    };
    let mut body = Map::new();
    body.insert(envelope::REQUEST_ID.into(), Value::String("5F8B3B6C-0000-4000-8000-000000000000".into()));
    if with_success {
        body.insert(envelope::SUCCESS.into(), Value::Bool(true));
    }
    for m in &action.response {
        body.insert(m.name.clone(), member(m));
    }
    Sample::Synthesized(Value::Object(body), problem)
}

fn member(m: &Member) -> Value {
    match m.ty {
        Type::Object => object(&m.fields),
        Type::Array => {
            let element = match &m.items {
                Some(items) if items.ty == Type::Object => object(&items.fields),
                Some(items) => scalar(items.ty, None, items.values.first().map(|v| v.value.as_str())),
                None => Value::String(String::new()),
            };
            match &m.wrapper {
                Some(w) => Value::Object(Map::from_iter([(w.clone(), Value::Array(vec![element]))])),
                None => Value::Array(vec![element]),
            }
        }
        ty => scalar(ty, m.example.as_deref(), m.values.first().map(|v| v.value.as_str())),
    }
}

fn object(fields: &[Member]) -> Value {
    Value::Object(fields.iter().map(|f| (f.name.clone(), member(f))).collect())
}

/// A value of the documented type: the example if it fits, else the first documented value, else
/// a neutral one.
fn scalar(ty: Type, example: Option<&str>, first_value: Option<&str>) -> Value {
    let text = example.or(first_value);
    match ty {
        Type::String => Value::String(text.unwrap_or("string").to_string()),
        Type::Integer | Type::Long => Value::from(text.and_then(|t| t.trim().parse::<i64>().ok()).unwrap_or(0)),
        Type::Float | Type::Double => Value::from(text.and_then(|t| t.trim().parse::<f64>().ok()).unwrap_or(0.0)),
        Type::Boolean => Value::Bool(text.map(|t| t.trim() != "false").unwrap_or(true)),
        Type::Object | Type::Array => Value::Null,
    }
}
