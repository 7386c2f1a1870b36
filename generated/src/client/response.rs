//! Mapping a response to a success body or a typed error. Two error shapes exist: the gateway's
//! (HTTP 4xx/5xx, `Code`, `Message`, `Recommend`) and IoT's business errors (HTTP 200,
//! `Success: false`, `Code`, `ErrorMessage`).

use crate::Error;
use crate::error::{DecodeError, ServiceError};
use crate::signing::percent_encode;
use bytes::Bytes;
use serde::Deserialize;
use std::time::Duration;

/// The response headers the client uses.
#[derive(Debug, Default)]
pub(super) struct Headers {
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl From<&reqwest::header::HeaderMap> for Headers {
    fn from(headers: &reqwest::header::HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        Headers {
            request_id: text("x-acs-request-id").filter(|id| !id.is_empty()).map(str::to_string),
            // Milliseconds; only a positive integer counts (as in the official runtime).
            retry_after: text("x-acs-retry-after").and_then(|v| v.parse::<u64>().ok()).filter(|&ms| ms > 0).map(Duration::from_millis),
        }
    }
}

/// A 2xx response whose body is a JSON object without `Success: false`.
#[derive(Debug)]
pub(super) struct Success {
    http_status: u16,
    pub(super) request_id: Option<String>,
    pub(super) body: Bytes,
}

impl Success {
    /// The body did not fit the output type.
    pub(super) fn decode_error(&self, message: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            http_status: self.http_status,
            message,
            body_excerpt: DecodeError::excerpt(&String::from_utf8_lossy(&self.body)),
            request_id: self.request_id.clone(),
            retry_after: None,
        }))
    }
}

/// The fields every Iot and gateway body may have; the rest is ignored.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Envelope {
    #[serde(rename = "RequestId", alias = "requestId", deserialize_with = "crate::de::opt")]
    request_id: Option<String>,
    #[serde(rename = "Success", deserialize_with = "crate::de::opt")]
    success: Option<bool>,
    #[serde(rename = "Code", alias = "code", deserialize_with = "crate::de::opt")]
    code: Option<String>,
    #[serde(rename = "Message", alias = "message", deserialize_with = "crate::de::opt")]
    message: Option<String>,
    #[serde(rename = "ErrorMessage", deserialize_with = "crate::de::opt")]
    error_message: Option<String>,
    #[serde(rename = "Recommend", deserialize_with = "crate::de::opt")]
    recommend: Option<String>,
    #[serde(rename = "HostId", deserialize_with = "crate::de::opt")]
    host_id: Option<String>,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// Sorts a response into success or error. `security_token` is scrubbed from anything kept,
/// because `SignatureDoesNotMatch` messages quote the string to sign, which contains it (V1).
pub(super) fn interpret(http_status: u16, headers: Headers, body: Bytes, security_token: Option<&str>) -> Result<Success, Error> {
    // A derived struct would also accept a JSON array (fields by position): require an object.
    let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let envelope = if is_object { serde_json::from_slice::<Envelope>(&body).map_err(|e| e.to_string()) } else { Err("not an object".to_string()) };
    let decode_error = |message: String, request_id: Option<String>| {
        Error::Decode(Box::new(DecodeError {
            http_status,
            message,
            body_excerpt: DecodeError::excerpt(&scrub(String::from_utf8_lossy(&body).into_owned(), security_token)),
            request_id,
            retry_after: headers.retry_after,
        }))
    };
    match envelope {
        Ok(envelope) if (200..300).contains(&http_status) => {
            let request_id = envelope.request_id.or(headers.request_id);
            if envelope.success == Some(false) {
                return Err(Error::Service(Box::new(ServiceError {
                    code: non_empty(envelope.code).unwrap_or_else(|| "Unknown".into()),
                    message: scrub(non_empty(envelope.error_message).or(envelope.message).unwrap_or_default(), security_token),
                    request_id,
                    http_status,
                    recommend: envelope.recommend,
                    host_id: envelope.host_id,
                    retry_after: None,
                })));
            }
            Ok(Success { http_status, request_id, body })
        }
        Ok(envelope) if http_status >= 400 => {
            let request_id = envelope.request_id.or(headers.request_id);
            match non_empty(envelope.code) {
                Some(code) => Err(Error::Service(Box::new(ServiceError {
                    code,
                    message: scrub(non_empty(envelope.message).or(envelope.error_message).unwrap_or_default(), security_token),
                    request_id,
                    http_status,
                    recommend: envelope.recommend,
                    host_id: envelope.host_id,
                    retry_after: headers.retry_after,
                }))),
                None => Err(decode_error(format!("HTTP {http_status} without an error code"), request_id)),
            }
        }
        Ok(envelope) => Err(decode_error(format!("unexpected HTTP status {http_status}"), envelope.request_id.or(headers.request_id))),
        Err(e) => {
            let what = if http_status >= 400 {
                format!("HTTP {http_status} with a body that is not a JSON object")
            } else {
                "the body is not a JSON object".to_string()
            };
            Err(decode_error(format!("{what} ({e})"), headers.request_id))
        }
    }
}

/// `text` without `token`, raw or percent-encoded once or twice (as in a V1 string to sign).
fn scrub(text: String, token: Option<&str>) -> String {
    let Some(token) = token.filter(|t| !t.is_empty()) else { return text };
    let once = percent_encode(token);
    let twice = percent_encode(&once);
    [twice.as_str(), once.as_str(), token].into_iter().fold(text, |text, secret| text.replace(secret, "** redacted **"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interpret_text(status: u16, headers: Headers, body: &str) -> Result<Success, Error> {
        interpret(status, headers, Bytes::copy_from_slice(body.as_bytes()), Some("tok/en+1"))
    }

    fn service(result: Result<Success, Error>) -> ServiceError {
        match result {
            Err(Error::Service(e)) => *e,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    fn decode(result: Result<Success, Error>) -> DecodeError {
        match result {
            Err(Error::Decode(e)) => *e,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn success_keeps_body_and_request_id() {
        let ok = interpret_text(200, Headers::default(), r#"{"RequestId":"R1","Success":true,"Code":"","Data":{}}"#).unwrap();
        assert_eq!(ok.request_id.as_deref(), Some("R1"));
        let header_id = Headers { request_id: Some("H1".into()), retry_after: None };
        assert_eq!(interpret_text(200, header_id, "{}").unwrap().request_id.as_deref(), Some("H1"));
    }

    #[test]
    fn iot_business_error_on_http_200() {
        let e = service(interpret_text(
            200,
            Headers::default(),
            r#"{"RequestId":"R2","Success":false,"Code":"iot.prod.NotExistedProduct","ErrorMessage":"product does not exist"}"#,
        ));
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.request_id.as_deref(), e.http_status),
            ("iot.prod.NotExistedProduct", "product does not exist", Some("R2"), 200)
        );
        // Lenient `Success`, missing code.
        assert_eq!(service(interpret_text(200, Headers::default(), r#"{"Success":"false"}"#)).code, "Unknown");
    }

    #[test]
    fn gateway_error_with_recommend_and_retry_after() {
        let headers = Headers { request_id: None, retry_after: Some(Duration::from_millis(300)) };
        let e = service(interpret_text(
            400,
            headers,
            r#"{"RequestId":"R3","HostId":"iot.cn-shanghai.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control.","Recommend":"https://api.aliyun.com/troubleshoot?q=Throttling.User"}"#,
        ));
        assert_eq!(e.code, "Throttling.User");
        assert_eq!(e.host_id.as_deref(), Some("iot.cn-shanghai.aliyuncs.com"));
        assert_eq!(e.recommend.as_deref(), Some("https://api.aliyun.com/troubleshoot?q=Throttling.User"));
        assert_eq!(e.retry_after, Some(Duration::from_millis(300)));
    }

    #[test]
    fn malformed_bodies_are_decode_errors_with_bounded_excerpts() {
        let long = "x".repeat(5000);
        let e = decode(interpret_text(200, Headers::default(), &long));
        assert_eq!(e.body_excerpt.len(), DecodeError::EXCERPT_LIMIT);
        let e = decode(interpret_text(502, Headers { request_id: Some("H".into()), retry_after: None }, "<html>Bad gateway</html>"));
        assert_eq!((e.http_status, e.request_id.as_deref(), e.body_excerpt.as_str()), (502, Some("H"), "<html>Bad gateway</html>"));
        assert!(decode(interpret_text(200, Headers::default(), "[1,2]")).message.contains("not a JSON object"));
        assert!(decode(interpret_text(500, Headers::default(), r#"{"Message":"no code"}"#)).message.contains("without an error code"));
        assert!(decode(interpret_text(302, Headers::default(), "{}")).message.contains("unexpected HTTP status 302"));
        let multibyte = "é".repeat(600);
        assert!(decode(interpret_text(200, Headers::default(), &multibyte)).body_excerpt.len() <= DecodeError::EXCERPT_LIMIT);
    }

    #[test]
    fn security_token_is_scrubbed_from_messages() {
        let body = r#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:GET&%2F&SecurityToken%3Dtok%252Fen%252B1 raw tok/en+1 once tok%2Fen%2B1"}"#;
        let e = service(interpret_text(400, Headers::default(), body));
        assert!(!e.message.contains("tok"), "{}", e.message);
        let e = decode(interpret_text(500, Headers::default(), "oops tok/en+1"));
        assert_eq!(e.body_excerpt, "oops ** redacted **");
    }
}
