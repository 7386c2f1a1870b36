//! Messages to devices: `Pub`, `PubBroadcast` and `RRpc`, recorded for tests to read; `RRpc`
//! answers what the test registered for the device, or waits out its `Timeout`.

use super::{DeviceStatus, State};
use crate::state::{Call, Handled, Outcome, body};
use base64::Engine as _;
use serde_json::{Value, json};
use std::time::Duration;

/// The longest `Timeout` the documentation allows `RRpc`, in milliseconds.
const RRPC_MAX_TIMEOUT_MS: u64 = 8000;

/// Which action sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageKind {
    /// `Pub`: to one topic.
    Pub,
    /// `PubBroadcast`: to every device of a product (subscribed to the topic).
    PubBroadcast,
    /// `RRpc`: a request a device answers synchronously.
    RRpc,
}

impl MessageKind {
    /// The action's name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Pub => "Pub",
            MessageKind::PubBroadcast => "PubBroadcast",
            MessageKind::RRpc => "RRpc",
        }
    }
}

/// A message the emulator accepted for devices.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// The action that sent it.
    pub kind: MessageKind,
    /// The product addressed.
    pub product_key: String,
    /// The device addressed, when one is (`DeviceName`, or the topic's second level).
    pub device_name: Option<String>,
    /// The full topic.
    pub topic: String,
    /// The payload, decoded from Base64 as the service decodes it.
    pub payload: Vec<u8>,
    /// The QoS asked for, if any.
    pub qos: Option<i64>,
    /// The `MessageId` answered.
    pub message_id: String,
}

impl Message {
    /// The payload as UTF-8 text, if it is.
    pub fn payload_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.payload).ok()
    }

    /// The message as the HTTP endpoint lists it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "Kind": self.kind.as_str(),
            "ProductKey": self.product_key,
            "DeviceName": self.device_name,
            "Topic": self.topic,
            "PayloadBase64": base64::engine::general_purpose::STANDARD.encode(&self.payload),
            "Qos": self.qos,
            "MessageId": self.message_id,
        })
    }
}

/// An `InvokeThingService` call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ServiceCall {
    /// The device's product.
    pub product_key: String,
    /// The device.
    pub device_name: String,
    /// The service's identifier.
    pub identifier: String,
    /// The input arguments (`Args`).
    pub args: Value,
    /// The `MessageId` answered.
    pub message_id: String,
}

impl ServiceCall {
    /// The call as the HTTP endpoint lists it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "ProductKey": self.product_key,
            "DeviceName": self.device_name,
            "Identifier": self.identifier,
            "Args": self.args,
            "MessageId": self.message_id,
        })
    }
}

/// The device a topic addresses: `/ProductKey/DeviceName/...` or `/sys/ProductKey/DeviceName/...`.
fn device_in_topic<'t>(topic: &'t str, product_key: &str) -> Option<&'t str> {
    let mut levels = topic.trim_start_matches('/').split('/');
    let first = levels.next()?;
    let key = if first == "sys" || first == "ext" { levels.next()? } else { first };
    if key != product_key {
        return None;
    }
    levels.next().filter(|name| !name.is_empty())
}

impl State {
    fn record(
        &mut self,
        kind: MessageKind,
        product_key: &str,
        device_name: Option<String>,
        topic: String,
        payload: Vec<u8>,
        qos: Option<i64>,
    ) -> u64 {
        let message_id = self.ids.sequence();
        let message = Message { kind, product_key: product_key.to_string(), device_name, topic, payload, qos, message_id: message_id.to_string() };
        self.messages.push(message);
        message_id
    }

    pub(super) fn publish(&mut self, call: &Call) -> Handled {
        let product_key = self.product_of(call)?.key.clone();
        let payload = call.base64("MessageContent")?;
        let topic = call.params.get("TopicFullName").unwrap_or_default().to_string();
        let device_name = call.params.get("DeviceName").or_else(|| device_in_topic(&topic, &product_key)).map(str::to_string);
        let message_id = self.record(MessageKind::Pub, &product_key, device_name, topic, payload, call.params.number("Qos"));
        body(json!({"MessageId": message_id.to_string()}))
    }

    pub(super) fn publish_broadcast(&mut self, call: &Call) -> Handled {
        let product_key = self.product_of(call)?.key.clone();
        let payload = call.base64("MessageContent")?;
        let topic = call.params.get("TopicFullName").map_or_else(|| format!("/broadcast/{product_key}"), str::to_string);
        let message_id = self.record(MessageKind::PubBroadcast, &product_key, None, topic, payload, None);
        body(json!({"MessageId": message_id}))
    }

    /// A registered reply answers `SUCCESS`; a device that is not online answers `OFFLINE` at
    /// once; an online device without a reply lets the call wait its `Timeout`, then `TIMEOUT`.
    pub(super) fn rrpc(&mut self, call: &Call) -> Handled {
        let payload = call.base64("RequestBase64Byte")?;
        let device = self.device_of(call)?;
        let (product_key, device_name, online) = (device.product_key.clone(), device.name.clone(), device.status() == DeviceStatus::Online);
        let message_id = self.ids.sequence();
        let topic = match call.params.get("Topic") {
            Some(topic) => format!("/ext/rrpc/{message_id}/{}", topic.trim_start_matches('/')),
            None => format!("/sys/{product_key}/{device_name}/rrpc/request/{message_id}"),
        };
        self.messages.push(Message {
            kind: MessageKind::RRpc,
            product_key: product_key.clone(),
            device_name: Some(device_name.clone()),
            topic,
            payload,
            qos: None,
            message_id: message_id.to_string(),
        });
        let reply = self.rrpc_replies.get(&(product_key, device_name));
        match reply {
            Some(reply) => {
                let encoded = base64::engine::general_purpose::STANDARD.encode(reply);
                body(json!({"MessageId": message_id, "RrpcCode": "SUCCESS", "PayloadBase64Byte": encoded}))
            }
            None if !online => body(json!({"MessageId": message_id, "RrpcCode": "OFFLINE"})),
            None => {
                let timeout = u64::try_from(call.params.number("Timeout").unwrap_or(0)).unwrap_or(0).min(RRPC_MAX_TIMEOUT_MS);
                Ok(Outcome::Late(Duration::from_millis(timeout), json!({"MessageId": message_id, "RrpcCode": "TIMEOUT"})))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_is_read_from_the_topic_of_its_product() {
        assert_eq!(device_in_topic("/a1X/pump-7/user/get", "a1X"), Some("pump-7"));
        assert_eq!(device_in_topic("/sys/a1X/pump-7/thing/event", "a1X"), Some("pump-7"));
        assert_eq!(device_in_topic("/broadcast/a1X/all", "a1X"), None);
        assert_eq!(device_in_topic("/a1Y/pump-7/user/get", "a1X"), None);
    }
}
