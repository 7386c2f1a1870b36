//! The bodies the emulator answers with, in the two shapes of the real service: the gateway's
//! errors (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`) and IoT's own bodies (`RequestId`,
//! `Success`, and `Data` or `Code`/`ErrorMessage`). Every answer has a fresh request id, in the
//! body and in `x-acs-request-id`.

use crate::rejection::Rejection;
use bytes::Bytes;
use serde_json::{Map, Value, json};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

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
            headers: vec![("content-type".into(), JSON_CONTENT_TYPE.into()), ("x-acs-request-id".into(), request_id.into())],
            body: Bytes::from(body.to_string()),
        }
    }

    pub(crate) fn with_header(mut self, name: &str, value: String) -> Self {
        self.headers.push((name.to_string(), value));
        self
    }
}

/// A request id like the service's: UUID-shaped, uppercase hex, unique within the process.
///
/// A random 128-bit start (drawn once) plus a counter times an odd constant: the product is a
/// bijection modulo 2^128, so ids never repeat, look random, and cost no system call per call.
pub(crate) fn new_request_id() -> String {
    static START: OnceLock<u128> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let start = *START.get_or_init(|| {
        let mut bytes = [0u8; 16];
        // Without OS randomness the ids are still unique, only predictable: fine for an emulator.
        let _ = getrandom::fill(&mut bytes);
        u128::from_le_bytes(bytes)
    });
    const ODD_MULTIPLIER: u128 = 0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835;
    let count = u128::from(COUNTER.fetch_add(1, Ordering::Relaxed));
    let hex = format!("{:032X}", start.wrapping_add(count.wrapping_mul(ODD_MULTIPLIER)));
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A gateway refusal. `host_id` is the host the caller addressed, as the real `HostId` is.
pub(crate) fn gateway_error(rejection: &Rejection, request_id: &str, host_id: &str) -> Response {
    let body = json!({
        "RequestId": request_id,
        "HostId": host_id,
        "Code": rejection.code,
        "Message": rejection.message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={}&requestId={request_id}", rejection.code),
    });
    Response::json(rejection.status, request_id, &body)
}

/// The success body of an action with a slot for the request id, rendered once at startup, so
/// that answering a call is a concatenation rather than a JSON serialization (load tests).
#[derive(Debug)]
pub(crate) struct SuccessBody {
    before_id: String,
    after_id: String,
}

impl SuccessBody {
    /// `sample`: the action's normalized sample; the body gets `RequestId`, and `Success: true`
    /// when the action documents it (a few actions answer without it).
    pub(crate) fn new(sample: &Value, with_success: bool) -> Self {
        // NULs do not occur in samples; request ids (hex and dashes) need no JSON escaping.
        const SLOT: &str = "\0request-id\0";
        let mut body = sample.clone();
        if let Value::Object(fields) = &mut body {
            fields.insert("RequestId".into(), Value::String(SLOT.into()));
            if with_success {
                fields.insert("Success".into(), Value::Bool(true));
            }
        }
        let text = body.to_string();
        let quoted_slot = Value::String(SLOT.into()).to_string();
        let (before, after) = text.split_once(&quoted_slot).expect("the slot was just inserted");
        SuccessBody { before_id: format!("{before}\""), after_id: format!("\"{after}") }
    }

    /// The body for one call, with its `RequestId`.
    pub(crate) fn render(&self, request_id: &str) -> Response {
        let body = [self.before_id.as_str(), request_id, self.after_id.as_str()].concat();
        Response {
            status: 200,
            headers: vec![("content-type".into(), JSON_CONTENT_TYPE.into()), ("x-acs-request-id".into(), request_id.into())],
            body: Bytes::from(body),
        }
    }
}

/// A success body built per call (by the state), with the call's `RequestId`, and `Success: true`
/// when the action documents it.
pub(crate) fn with_request_id(body: &Value, request_id: &str, with_success: bool) -> Response {
    let mut body = body.clone();
    if let Value::Object(fields) = &mut body {
        fields.insert("RequestId".into(), Value::String(request_id.into()));
        if with_success {
            fields.insert("Success".into(), Value::Bool(true));
        }
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
pub(crate) fn malformed(success: &SuccessBody, request_id: &str) -> Response {
    let mut response = success.render(request_id);
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
        let many: std::collections::HashSet<String> = (0..10_000).map(|_| new_request_id()).collect();
        assert_eq!(many.len(), 10_000);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase()));
    }

    #[test]
    fn the_success_body_is_the_sample_with_request_id_and_success() {
        let sample = json!({"Data": {"List": ["a\"b", 2]}, "RequestId": "from-the-docs", "Code": ""});
        let response = SuccessBody::new(&sample, true).render("ID-1");
        let body: Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(body, json!({"Data": {"List": ["a\"b", 2]}, "RequestId": "ID-1", "Code": "", "Success": true}));
        assert!(response.headers.contains(&("x-acs-request-id".to_string(), "ID-1".to_string())));
        // An action that documents no `Success` answers without it.
        let body: Value = serde_json::from_slice(&SuccessBody::new(&sample, false).render("ID-2").body).unwrap();
        assert_eq!(body, json!({"Data": {"List": ["a\"b", 2]}, "RequestId": "ID-2", "Code": ""}));
    }

    #[test]
    fn a_malformed_body_does_not_parse() {
        let response = malformed(&SuccessBody::new(&json!({"Data": {"List": [1, 2, 3]}}), true), "ID");
        assert!(serde_json::from_slice::<Value>(&response.body).is_err());
        assert_eq!(response.status, 200);
    }
}
