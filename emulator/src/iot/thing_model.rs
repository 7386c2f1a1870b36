//! Thing model values: properties set on a device and read back, services invoked (recorded).

use super::{State, messages::ServiceCall};
use crate::state::{Call, Handled, body, ids::now_ms};
use serde_json::{Value, json};

/// The thing model data type of a value, as `QueryDevicePropertyStatus` names it.
fn data_type(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "double",
        Value::String(_) => "text",
        Value::Array(_) => "array",
        Value::Object(_) => "struct",
        Value::Null => "text",
    }
}

/// A value as the service writes it in `Value`: text as is, anything else as JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl State {
    /// The emulated device takes every value at once: reading it back returns it.
    pub(super) fn set_device_property(&mut self, call: &Call) -> Handled {
        let items = call.json_object("Items")?;
        let now = now_ms();
        let device = self.device_of_mut(call)?;
        for (identifier, value) in items {
            device.properties.insert(identifier, (value, now));
        }
        let message_id = self.ids.sequence().to_string();
        body(json!({"Data": {"MessageId": message_id}}))
    }

    pub(super) fn query_device_property_status(&mut self, call: &Call) -> Handled {
        let device = self.device_of(call)?;
        let list: Vec<Value> = device
            .properties
            .iter()
            .map(|(identifier, (value, time))| {
                json!({"Identifier": identifier, "Value": value_text(value), "Time": time.to_string(), "DataType": data_type(value)})
            })
            .collect();
        body(json!({"Data": {"List": {"PropertyStatusInfo": list}}}))
    }

    /// Recorded for the test to read ([`crate::iot::IotPlatform::service_calls`]).
    pub(super) fn invoke_thing_service(&mut self, call: &Call) -> Handled {
        let args = call.json_object("Args")?;
        let device = self.device_of(call)?;
        let (product_key, device_name) = (device.product_key.clone(), device.name.clone());
        let message_id = self.ids.sequence().to_string();
        self.service_calls.push(ServiceCall {
            product_key,
            device_name,
            identifier: call.params.get("Identifier").unwrap_or_default().to_string(),
            args: Value::Object(args),
            message_id: message_id.clone(),
        });
        body(json!({"Data": {"MessageId": message_id}}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_and_written_as_the_service_does() {
        let cases = [(json!(25), "int", "25"), (json!(2.5), "double", "2.5"), (json!(true), "bool", "true"), (json!("on"), "text", "on")];
        for (value, kind, text) in cases {
            assert_eq!((data_type(&value), value_text(&value).as_str()), (kind, text));
        }
        assert_eq!(data_type(&json!({"a": 1})), "struct");
    }
}
