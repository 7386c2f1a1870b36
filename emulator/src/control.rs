//! The emulator's own HTTP endpoints under `/_emulator/`, for tests in any language: read and
//! reset the IoT state, seed it, set a device's status, register `RRpc` replies, read messages.
//! They take and return JSON and need no signature (the emulator serves loopback).
//!
//! | method and path | body | answer |
//! |---|---|---|
//! | `POST /_emulator/iot/reset` | | 204 |
//! | `POST /_emulator/iot/seed` | a seed (see `iot::Seed`) | 204, or 400 `{"Location", "Message"}` |
//! | `GET /_emulator/iot/state` | | the state, as a seed |
//! | `GET /_emulator/iot/messages` | | `[{"Kind", "ProductKey", "DeviceName", "Topic", "PayloadBase64", "Qos", "MessageId"}]` |
//! | `DELETE /_emulator/iot/messages` | | 204 (service calls too) |
//! | `GET /_emulator/iot/service-calls` | | `[{"ProductKey", "DeviceName", "Identifier", "Args", "MessageId"}]` |
//! | `POST /_emulator/iot/device-status` | `{"ProductKey", "DeviceName", "Status": "ONLINE"}` | 204, or 404 |
//! | `POST /_emulator/iot/rrpc-replies` | `{"ProductKey", "DeviceName", "PayloadBase64"}` (`null`: no reply) | 204 |

use crate::gateway::Gateway;
use crate::iot::{DeviceStatus, IotPlatform, Seed};
use crate::responses::Response;
use base64::Engine as _;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};

/// Where the endpoints live; no RPC request has this path.
pub(crate) const PREFIX: &str = "/_emulator/";

fn json_response(status: u16, body: &Value) -> Response {
    Response { status, headers: vec![("content-type".into(), "application/json".into())], body: Bytes::from(body.to_string()) }
}

fn no_content() -> Response {
    Response { status: 204, headers: Vec::new(), body: Bytes::new() }
}

fn bad_request(location: &str, message: &str) -> Response {
    json_response(400, &json!({"Location": location, "Message": message}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DeviceStatusChange {
    product_key: String,
    device_name: String,
    status: DeviceStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct RrpcReply {
    product_key: String,
    device_name: String,
    payload_base64: Option<String>,
}

/// Reads a JSON body as `T`, or the 400 answer that says why not.
fn read<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| bad_request(&format!("line {}, column {}", e.line(), e.column()), &e.to_string()))
}

pub(crate) fn answer(gateway: &Gateway, method: &str, path: &str, body: &[u8]) -> Response {
    let iot = IotPlatform::new(gateway);
    let route = path.strip_prefix(PREFIX).unwrap_or(path);
    let result = match (method, route) {
        ("POST", "iot/reset") => {
            iot.reset();
            Ok(no_content())
        }
        ("POST", "iot/seed") => Ok(match Seed::from_json(&String::from_utf8_lossy(body)).and_then(|seed| iot.seed(&seed)) {
            Ok(()) => no_content(),
            Err(error) => bad_request(&error.location, &error.message),
        }),
        ("GET", "iot/state") => Ok(json_response(200, &serde_json::to_value(iot.snapshot()).unwrap_or_default())),
        ("GET", "iot/messages") => Ok(json_response(200, &Value::Array(iot.messages().iter().map(|m| m.to_json()).collect()))),
        ("DELETE", "iot/messages") => {
            iot.clear_messages();
            Ok(no_content())
        }
        ("GET", "iot/service-calls") => Ok(json_response(200, &Value::Array(iot.service_calls().iter().map(|c| c.to_json()).collect()))),
        ("POST", "iot/device-status") => {
            read::<DeviceStatusChange>(body).map(|change| match iot.set_device_status(&change.product_key, &change.device_name, change.status) {
                Ok(()) => no_content(),
                Err(missing) => json_response(404, &json!({"Message": missing.to_string()})),
            })
        }
        ("POST", "iot/rrpc-replies") => read::<RrpcReply>(body).and_then(|reply| {
            let payload = match reply.payload_base64 {
                Some(text) => Some(
                    base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| bad_request("PayloadBase64", &format!("not Base64: {e}")))?,
                ),
                None => None,
            };
            iot.set_rrpc_reply(&reply.product_key, &reply.device_name, payload);
            Ok(no_content())
        }),
        _ => Ok(json_response(404, &json!({"Message": format!("no endpoint {method} {path}; see the emulator's documentation of /_emulator/")}))),
    };
    result.unwrap_or_else(|refused| refused)
}
