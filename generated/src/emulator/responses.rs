//! The bodies the emulator answers with, in the two shapes of the real service: the gateway's
//! errors (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`) and IoT's own bodies (`RequestId`,
//! `Success`, and `Data` or `Code`/`ErrorMessage`). Every answer has a fresh request id, in the
//! body and in `x-acs-request-id`.

use super::rejection::Rejection;
use bytes::Bytes;
use serde_json::{json, Map, Value};

const JSON_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// An HTTP answer, independent of the server library.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl Response {
    fn json(status: u16, request_id: &str, body: &Value) -> Self {
        Response {
            status,
            headers: vec![
                ("content-type".into(), JSON_CONTENT_TYPE.into()),
                ("x-acs-request-id".into(), request_id.into()),
            ],
            body: Bytes::from(body.to_string()),
        }
    }

    pub(crate) fn with_header(mut self, name: &str, value: String) -> Self {
        self.headers.push((name.to_string(), value));
        self
    }
}

/// A request id like the service's: a random UUID, uppercase.
pub(crate) fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    // The ids only need to differ between calls; the OS generator failing is not worth an error.
    let _ = getrandom::fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A gateway refusal. `host_id` is the host the caller addressed, as the real `HostId` is.
pub(crate) fn gateway_error(rejection: &Rejection, request_id: &str, host_id: &str) -> Response {
    let body = json!({
        "RequestId": request_id,
        "HostId": host_id,
        "Code": rejection.code,
        "Message": rejection.message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={}&product=Iot&requestId={request_id}", rejection.code),
    });
    Response::json(rejection.status, request_id, &body)
}

/// A successful call: the action's normalized sample with this call's `RequestId` and `Success: true`.
pub(crate) fn success(sample: &Value, request_id: &str) -> Response {
    let mut body = sample.clone();
    if let Value::Object(fields) = &mut body {
        fields.insert("RequestId".into(), Value::String(request_id.into()));
        fields.insert("Success".into(), Value::Bool(true));
    }
    Response::json(200, request_id, &body)
}

/// A scripted success body, with a `RequestId` added when it has none.
pub(crate) fn scripted_json(body: &Value, request_id: &str) -> Response {
    let mut body = body.clone();
    let mut id = request_id.to_string();
    if let Value::Object(fields) = &mut body {
        match fields.get("RequestId").and_then(Value::as_str) {
            Some(existing) => id = existing.to_string(),
            None => {
                fields.insert("RequestId".into(), Value::String(request_id.into()));
            }
        }
    }
    Response::json(200, &id, &body)
}

/// An IoT business error: HTTP 200, `Success: false`.
pub(crate) fn business_error(code: &str, message: &str, request_id: &str) -> Response {
    let mut body = Map::new();
    body.insert("RequestId".into(), Value::String(request_id.into()));
    body.insert("Success".into(), Value::Bool(false));
    body.insert("Code".into(), Value::String(code.into()));
    body.insert("ErrorMessage".into(), Value::String(message.into()));
    Response::json(200, request_id, &Value::Object(body))
}

/// HTTP 200 whose body is the success body cut in half: JSON that does not parse.
pub(crate) fn malformed(sample: &Value, request_id: &str) -> Response {
    let mut response = success(sample, request_id);
    let cut = (response.body.len() / 2).max(1);
    response.body = response.body.slice(..cut);
    response
}

/// Exactly what a script asked for.
pub(crate) fn raw(status: u16, headers: &[(String, String)], body: &str) -> Response {
    Response { status, headers: headers.to_vec(), body: Bytes::from(body.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_fresh_uppercase_uuids() {
        let (a, b) = (new_request_id(), new_request_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase()));
    }

    #[test]
    fn a_malformed_body_does_not_parse() {
        let response = malformed(&json!({"Data": {"List": [1, 2, 3]}}), "ID");
        assert!(serde_json::from_slice::<Value>(&response.body).is_err());
        assert_eq!(response.status, 200);
    }
}
