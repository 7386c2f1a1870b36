//! Mapping a response to a decoded output or a typed error. Two error shapes exist: the gateway's
//! (HTTP 4xx/5xx, `Code`, `Message`, `Recommend`) and a product's business errors (HTTP 200,
//! `Success: false`, `Code`, `ErrorMessage`).
//!
//! A 2xx JSON object body is read once: the output type's own `Deserialize` runs on it and the
//! envelope fields are noted as they go by ([`enveloped`]). The envelope is read on its own only on
//! rare paths: error statuses, and output types that fail on the body or skip it.

use crate::Error;
use crate::de::envelope::{Envelope, envelope_only, enveloped};
use crate::error::{DecodeError, ServiceError};
use crate::protocol::envelope;
use crate::signing::percent_encode;
use bytes::Bytes;
use serde::de::DeserializeOwned;
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

/// A 2xx response whose body is a JSON object without `Success: false` (nor an error code without
/// `Success`), decoded.
#[derive(Debug)]
pub(super) struct Success<O> {
    /// `RequestId` of the body, else the `x-acs-request-id` header.
    pub(super) request_id: Option<String>,
    pub(super) output: O,
}

/// Sorts a response into a decoded success or an error. `security_token` is scrubbed from anything
/// kept, because `SignatureDoesNotMatch` messages quote the string to sign, which contains it (V1).
/// `action` names the operation in decode errors.
pub(super) fn interpret<O: DeserializeOwned>(
    http_status: u16,
    headers: Headers,
    body: Bytes,
    security_token: Option<&str>,
    action: &str,
) -> Result<Success<O>, Error> {
    // Kept short: it is compiled once per output type, while `Reply` is compiled once for all.
    let reply = Reply { http_status, headers, body: &body, security_token };
    let (envelope, output) = if (200..300).contains(&http_status) && is_object(&body) {
        // The envelope's fields are the runtime's, never unknown to an output.
        let envelope_fields = [envelope::SUCCESS, envelope::CODE, envelope::ERROR_MESSAGE, envelope::MESSAGE, envelope::RECOMMEND, envelope::HOST_ID];
        let (tapped, output) = crate::de::unknown::reporting::<O, _>(action, &body, &envelope_fields, || enveloped::<O>(&body));
        let envelope = match (tapped, &output) {
            (Some(envelope), Ok(_)) => Ok(envelope),
            // The output failed, maybe before the envelope's end (a business error's `Success: false`
            // may come last), or never read the body as an object: read the envelope on its own.
            _ => envelope_of(&body),
        };
        (envelope, Some(output))
    } else {
        (envelope_of(&body), None)
    };
    let request_id = reply.classify(envelope)?;
    match output {
        Some(Ok(output)) => Ok(Success { request_id, output }),
        // No retry hint: the same body would not fit on a retry either.
        Some(Err(e)) => {
            Err(reply.decode_error(format!("the body does not match the {action} response: {}", failing_path::<O>(&body, e)), request_id, None))
        }
        // `classify` accepts nothing but 2xx JSON objects, which are all decoded above.
        None => Err(reply.decode_error("the body is not a JSON object".into(), request_id, None)),
    }
}

/// `error` with the path of the field that failed (`Data.List.ProductInfo[3].NodeType: ...`):
/// found by decoding again, tracking the path, which only a failure pays for.
fn failing_path<O: DeserializeOwned>(body: &[u8], error: serde_json::Error) -> String {
    match serde_path_to_error::deserialize::<_, O>(&mut serde_json::Deserializer::from_slice(body)) {
        Err(tracked) if tracked.path().iter().next().is_some() => format!("{}: {}", tracked.path(), tracked.inner()),
        _ => error.to_string(),
    }
}

/// A response, for the part of [`interpret`] that does not depend on the output type.
struct Reply<'a> {
    http_status: u16,
    headers: Headers,
    body: &'a [u8],
    security_token: Option<&'a str>,
}

impl Reply<'_> {
    fn decode_error(&self, message: String, request_id: Option<String>, retry_after: Option<Duration>) -> Error {
        Error::Decode(Box::new(DecodeError {
            http_status: self.http_status,
            message,
            body_excerpt: DecodeError::excerpt(&scrub(String::from_utf8_lossy(self.body).into_owned(), self.security_token)),
            request_id,
            retry_after,
        }))
    }

    /// A service error with `code` and `message` (else the code, so that it never reads empty).
    fn service_error(
        &self,
        code: String,
        message: Option<String>,
        request_id: Option<String>,
        envelope: Envelope,
        retry_after: Option<Duration>,
    ) -> Error {
        Error::Service(Box::new(ServiceError {
            message: scrub(message.unwrap_or_else(|| code.clone()), self.security_token),
            code,
            request_id,
            http_status: self.http_status,
            recommend: envelope.recommend,
            host_id: envelope.host_id,
            retry_after,
            transient: false,
        }))
    }

    /// The request id of a 2xx body without `Success: false`; the error of anything else.
    fn classify(&self, envelope: Result<Envelope, String>) -> Result<Option<String>, Error> {
        let http_status = self.http_status;
        let retry_after = self.headers.retry_after;
        match envelope {
            Ok(mut envelope) if (200..300).contains(&http_status) => {
                let request_id = envelope.request_id.take().or_else(|| self.headers.request_id.clone());
                let code = non_empty(envelope.code.take());
                // `Success: false`, or an error code where no `Success` says otherwise.
                if envelope.success == Some(false) || (envelope.success.is_none() && code.is_some()) {
                    // A business error's message is `ErrorMessage`.
                    let message = non_empty(envelope.error_message.take()).or(non_empty(envelope.message.take()));
                    return Err(self.service_error(code.unwrap_or_else(|| "Unknown".into()), message, request_id, envelope, None));
                }
                Ok(request_id)
            }
            Ok(mut envelope) if http_status >= 400 => {
                let request_id = envelope.request_id.take().or_else(|| self.headers.request_id.clone());
                match non_empty(envelope.code.take()) {
                    // A gateway error's message is `Message`.
                    Some(code) => {
                        let message = non_empty(envelope.message.take()).or(non_empty(envelope.error_message.take()));
                        Err(self.service_error(code, message, request_id, envelope, retry_after))
                    }
                    None => Err(self.decode_error(format!("HTTP {http_status} without an error code"), request_id, retry_after)),
                }
            }
            Ok(envelope) => Err(self.decode_error(
                format!("unexpected HTTP status {http_status}"),
                envelope.request_id.or_else(|| self.headers.request_id.clone()),
                retry_after,
            )),
            Err(e) => {
                let what = if http_status >= 400 {
                    format!("HTTP {http_status} with a body that is not a JSON object")
                } else {
                    "the body is not a JSON object".to_string()
                };
                Err(self.decode_error(format!("{what} ({e})"), self.headers.request_id.clone(), retry_after))
            }
        }
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// A derived struct would also accept a JSON array (fields by position): an object is required.
fn is_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The envelope of `body` alone.
fn envelope_of(body: &[u8]) -> Result<Envelope, String> {
    match is_object(body).then(|| envelope_only(body)) {
        Some(Ok(Some(envelope))) => Ok(envelope),
        Some(Err(e)) => Err(e.to_string()),
        None | Some(Ok(None)) => Err("not an object".into()),
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
    use serde::de::IgnoredAny;
    use serde_json::Value;
    use std::fmt;

    /// Written as the generator writes an output type.
    #[derive(Clone, Default, PartialEq, Debug)]
    struct Output {
        request_id: Option<String>,
        data: Option<Data>,
        raw_body: crate::de::RawBody,
    }
    crate::wire_object!(Output { request_id: "RequestId", data: "Data" } raw_body);

    #[derive(Clone, Default, PartialEq, Debug)]
    struct Data {
        total: Option<i32>,
    }
    crate::wire_object!(Data { total: "Total" });

    fn interpret_as<O: DeserializeOwned>(status: u16, headers: Headers, body: &str) -> Result<Success<O>, Error> {
        interpret(status, headers, Bytes::copy_from_slice(body.as_bytes()), Some("tok/en+1"), "Act")
    }

    fn interpret_text(status: u16, headers: Headers, body: &str) -> Result<Success<Output>, Error> {
        interpret_as(status, headers, body)
    }

    fn service<O: fmt::Debug>(result: Result<Success<O>, Error>) -> ServiceError {
        match result {
            Err(Error::Service(e)) => *e,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    fn decode<O: fmt::Debug>(result: Result<Success<O>, Error>) -> DecodeError {
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
    fn business_error_on_http_200() {
        let e = service(interpret_text(
            200,
            Headers::default(),
            r#"{"RequestId":"R2","Success":false,"Code":"Product.NotFound","ErrorMessage":"product does not exist"}"#,
        ));
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.request_id.as_deref(), e.http_status),
            ("Product.NotFound", "product does not exist", Some("R2"), 200)
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
            r#"{"RequestId":"R3","HostId":"example.cn-shanghai.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control.","Recommend":"https://api.aliyun.com/troubleshoot?q=Throttling.User"}"#,
        ));
        assert_eq!(e.code, "Throttling.User");
        assert_eq!(e.host_id.as_deref(), Some("example.cn-shanghai.aliyuncs.com"));
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
    #[test]
    fn one_pass_success_gives_request_id_to_output_and_envelope() {
        let ok = interpret_text(200, Headers::default(), r#"{"Data":{"Total":"3"},"RequestId":"R1","Success":"true"}"#).unwrap();
        assert_eq!(ok.request_id.as_deref(), Some("R1"));
        assert_eq!(ok.output, Output { request_id: Some("R1".into()), data: Some(Data { total: Some(3) }), ..Output::default() });
        // The gateway's lowerCamelCase, and a key with an escape (read into an owned string).
        let ok = interpret_text(200, Headers::default(), r#"{"requestId":"R2"}"#).unwrap();
        assert_eq!((ok.request_id.as_deref(), ok.output.request_id), (Some("R2"), None));
        let ok = interpret_text(200, Headers::default(), r#"{"Request\u0049d":"R3"}"#).unwrap();
        assert_eq!((ok.request_id.as_deref(), ok.output.request_id.as_deref()), (Some("R3"), Some("R3")));
    }

    #[test]
    fn one_pass_request_id_falls_back_to_the_header() {
        let header_id = || Headers { request_id: Some("H1".into()), retry_after: None };
        let ok = interpret_text(200, header_id(), r#"{"Data":{"Total":1}}"#).unwrap();
        assert_eq!((ok.request_id.as_deref(), ok.output.request_id), (Some("H1"), None));
        let ok = interpret_text(200, header_id(), r#"{"RequestId":"R1"}"#).unwrap();
        assert_eq!(ok.request_id.as_deref(), Some("R1"));
        let e = service(interpret_text(200, header_id(), r#"{"Success":false,"Code":"X"}"#));
        assert_eq!(e.request_id.as_deref(), Some("H1"));
    }

    #[test]
    fn one_pass_business_error_with_a_decodable_body() {
        let e = service(interpret_text(
            200,
            Headers::default(),
            r#"{"Data":{"Total":1},"RequestId":"R4","Success":false,"code":"Product.X","Message":"m","ErrorMessage":"tok/en+1 denied"}"#,
        ));
        assert_eq!((e.code.as_str(), e.message.as_str(), e.request_id.as_deref()), ("Product.X", "** redacted ** denied", Some("R4")));
    }

    #[test]
    fn one_pass_business_error_wins_over_an_undecodable_body() {
        // `Success: false` after the field the output cannot decode: the envelope is read again.
        let body = r#"{"RequestId":"R5","Data":"not an object","Success":false,"Code":"Product.Y","ErrorMessage":"no"}"#;
        let e = service(interpret_text(200, Headers::default(), body));
        assert_eq!((e.code.as_str(), e.request_id.as_deref()), ("Product.Y", Some("R5")));
        // Without `Success: false`, the same mismatch is a decode error naming the action.
        let e = decode(interpret_text(200, Headers::default(), r#"{"RequestId":"R6","Data":{"Total":"x"},"Success":true}"#));
        assert!(e.message.starts_with("the body does not match the Act response: Data.Total: invalid value"), "{}", e.message);
        assert_eq!((e.request_id.as_deref(), e.http_status, e.retry_after), (Some("R6"), 200, None));
        // Broken JSON is not an object, whatever the output.
        let e = decode(interpret_text(200, Headers::default(), r#"{"Success":false,"#));
        assert!(e.message.contains("not a JSON object"), "{}", e.message);
        let e = decode(interpret_text(200, Headers::default(), r#"{"RequestId":"R7"} trailing"#));
        assert!(e.message.contains("not a JSON object"), "{}", e.message);
    }

    #[test]
    fn one_pass_envelope_with_any_output_type() {
        // A map-reading output sees every field, envelope ones included.
        let ok = interpret_as::<Value>(200, Headers::default(), r#"{"RequestId":"R8","Success":true,"N":1}"#).unwrap();
        assert_eq!((ok.request_id.as_deref(), &ok.output), (Some("R8"), &serde_json::json!({"RequestId":"R8","Success":true,"N":1})));
        // An output that skips the body still gets the envelope checked.
        let e = service(interpret_as::<IgnoredAny>(200, Headers::default(), r#"{"Success":false,"Code":"Product.Z"}"#));
        assert_eq!(e.code, "Product.Z");
        let ok = interpret_as::<IgnoredAny>(200, Headers::default(), r#"{"RequestId":"R9"}"#).unwrap();
        assert_eq!(ok.request_id.as_deref(), Some("R9"));
    }
    #[test]
    fn a_decode_error_names_the_field_path() {
        let body = r#"{"RequestId":"R","Data":{"Total":"many"}}"#;
        match interpret_as::<Output>(200, Headers::default(), body) {
            Err(Error::Decode(e)) => assert!(e.message.contains("Data.Total: "), "{}", e.message),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn a_code_without_success_is_an_error_and_an_empty_message_says_the_code() {
        let e = service(interpret_as::<Output>(200, Headers::default(), r#"{"RequestId":"R1","Code":"Product.Broken","Data":{}}"#));
        assert_eq!((e.code.as_str(), e.message.as_str(), e.request_id.as_deref()), ("Product.Broken", "Product.Broken", Some("R1")));
        let e = service(interpret_as::<Output>(200, Headers::default(), r#"{"Success":false,"Code":"Product.X","ErrorMessage":""}"#));
        assert_eq!(e.message, "Product.X");
        let e = service(interpret_as::<Output>(400, Headers::default(), r#"{"Code":"Gateway.X","Message":" "}"#));
        assert_eq!(e.message, "Gateway.X");
        // An empty code with `Success` absent is a success.
        assert!(interpret_as::<Output>(200, Headers::default(), r#"{"Code":"","Data":{"Total":1}}"#).is_ok());
    }

    /// `Client::execute`'s future is `Send` (product crates spawn it).
    #[allow(dead_code)]
    fn execute_futures_are_send(client: &crate::Client, op: &'static crate::Operation, params: &crate::params::Params) {
        fn send<T: Send>(_: T) {}
        send(client.execute::<_, Output>(op, params));
    }
}
