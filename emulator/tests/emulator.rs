//! The emulator over real HTTP on loopback: what it accepts (V1 and V3, GET and POST, every
//! operation), what it refuses and how (the gateway's codes and statuses), QPS enforcement, and the
//! scripted faults as the generated client sees them.
//!
//! Valid calls go through the generated client; tampered ones are built here with the signing
//! module and sent with a bare HTTP client, so each can break exactly one thing.

use aliyun_iot::config::{Credentials, RateLimit, RetryPolicy};
use aliyun_iot::{Error, PRODUCT};
use aliyun_iot_emulator::products::iot::ACTIONS;
use aliyun_iot_emulator::table::{Action, ParamShape, ParamSpec, ScalarKind};
use aliyun_iot_emulator::{Emulator, Fault, Reply};
use aliyun_rpc_runtime::Method;
use aliyun_rpc_runtime::signing::{SignatureVersion, canonical_query, format_timestamp, v1, v3};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------------
// Raw requests, signed with the signing module and then tampered with one change at a time.

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn fresh_nonce() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("test-nonce-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// What to sign. Defaults: the emulator's credentials, now, a fresh nonce.
struct Call {
    version: SignatureVersion,
    method: &'static str,
    action: String,
    params: Vec<(String, String)>,
    access_key_id: String,
    secret: String,
    nonce: String,
    timestamp: String,
    api_version: &'static str,
}

impl Call {
    fn new(emu: &Emulator, version: SignatureVersion, method: &'static str, action: &str, params: &[(&str, &str)]) -> Call {
        Call {
            version,
            method,
            action: action.to_string(),
            params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            access_key_id: emu.access_key_id().to_string(),
            secret: emu.access_key_secret().to_string(),
            nonce: fresh_nonce(),
            timestamp: format_timestamp(now()),
            api_version: PRODUCT.version,
        }
    }

    /// Signs like the official runtimes: operation parameters in the form body for POST, in the
    /// query for GET; V1 common parameters in the query.
    fn sign(&self, emu: &Emulator) -> Signed {
        let host = emu.local_addr().to_string();
        let (query_params, body): (Vec<(String, String)>, Option<String>) = match self.method {
            "POST" => (Vec::new(), Some(canonical_query(&self.params))),
            _ => (self.params.clone(), None),
        };
        let mut headers = vec![("host".to_string(), host)];
        if body.is_some() {
            headers.push(("content-type".into(), "application/x-www-form-urlencoded".into()));
        }
        let mut query = query_params;
        match self.version {
            SignatureVersion::V1 => {
                for (name, value) in [
                    ("Action", self.action.as_str()),
                    ("Version", self.api_version),
                    ("Format", "JSON"),
                    ("AccessKeyId", &self.access_key_id),
                    ("SignatureMethod", v1::SIGNATURE_METHOD),
                    ("SignatureVersion", v1::SIGNATURE_VERSION),
                    ("SignatureNonce", &self.nonce),
                    ("Timestamp", &self.timestamp),
                ] {
                    query.push((name.into(), value.into()));
                }
                let mut signed = query.clone();
                if self.method == "POST" {
                    signed.extend(self.params.iter().cloned());
                }
                let signature = v1::sign(&self.secret, &v1::string_to_sign(self.method, &signed));
                query.push(("Signature".into(), signature));
            }
            _ => {
                let payload_hash = v3::hash_payload(body.as_deref().unwrap_or_default().as_bytes());
                for (name, value) in [
                    ("x-acs-action", self.action.as_str()),
                    ("x-acs-version", self.api_version),
                    ("x-acs-date", &self.timestamp),
                    ("x-acs-signature-nonce", &self.nonce),
                    ("x-acs-content-sha256", &payload_hash),
                ] {
                    headers.push((name.into(), value.into()));
                }
                let canonical = v3::canonical_request(self.method, "/", &query, &headers, &payload_hash);
                let authorization = v3::authorization(&self.access_key_id, &v3::signed_headers(&headers), &v3::signature(&self.secret, &canonical));
                headers.push(("authorization".into(), authorization));
            }
        }
        Signed { method: self.method, base_url: emu.base_url(), query, headers, body }
    }
}

/// A signed request, still editable.
#[derive(Clone)]
struct Signed {
    method: &'static str,
    base_url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Signed {
    fn set_header(&mut self, name: &str, value: &str) {
        let entry = self.headers.iter_mut().find(|(n, _)| n == name).expect("header present");
        entry.1 = value.to_string();
    }

    fn set_query(&mut self, name: &str, value: &str) {
        let entry = self.query.iter_mut().find(|(n, _)| n == name).expect("parameter present");
        entry.1 = value.to_string();
    }

    async fn send(&self) -> (u16, reqwest::header::HeaderMap, Value) {
        let url = format!("{}/?{}", self.base_url, canonical_query(&self.query));
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut request = reqwest::Client::new().request(method, url);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        let response = request.send().await.expect("the emulator answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("a whole body");
        let json = serde_json::from_slice(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body)));
        (status, headers, json)
    }
}

/// Changes one character of a signature, keeping its alphabet (hex or Base64).
fn tamper_one_byte(signature: &str) -> String {
    let mut bytes = signature.as_bytes().to_vec();
    bytes[3] = if bytes[3] == b'a' { b'b' } else { b'a' };
    String::from_utf8(bytes).unwrap()
}

/// Asserts a gateway error: status, code, and the documented body fields.
fn assert_gateway_error(answer: &(u16, reqwest::header::HeaderMap, Value), status: u16, code: &str) {
    let (actual_status, headers, body) = answer;
    assert_eq!((*actual_status, body["Code"].as_str()), (status, Some(code)), "{body}");
    for field in ["RequestId", "HostId", "Message", "Recommend"] {
        assert!(body[field].as_str().is_some_and(|v| !v.is_empty()), "{field} in {body}");
    }
    assert_eq!(headers.get("x-acs-request-id").and_then(|v| v.to_str().ok()), body["RequestId"].as_str());
}

fn list_ota_params() -> [(&'static str, &'static str); 1] {
    [("ProductKey", "a1uctKe0001")]
}

fn product_list_params() -> [(&'static str, &'static str); 2] {
    [("CurrentPage", "1"), ("PageSize", "10")]
}

// ---------------------------------------------------------------------------------------------
// Accepted: both signatures, both methods.

#[tokio::test]
async fn the_client_is_accepted_with_v1_and_v3_over_get_and_post() {
    let emu = Emulator::builder().samples_only().start().await.unwrap();
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let client = emu.client_builder().signature_version(version).build().unwrap();
        // QueryProductList is sent as POST, ListOTAModuleByProduct as GET.
        let page = client.query_product_list().current_page(1).page_size(10).send().await.unwrap();
        assert_eq!(page.data.unwrap().list.len(), 1);
        let modules = client.list_ota_module_by_product().product_key("a1uctKe0001").send().await.unwrap();
        assert_eq!(modules.data.len(), 1, "the single-object sample is served as an array");
        assert_eq!(modules.data[0].module_name.as_deref(), Some("barcodeScanner"));
    }
    let seen: Vec<(Option<SignatureVersion>, String, Option<String>, bool)> =
        emu.requests().into_iter().map(|r| (r.signature_version, r.method.clone(), r.action.clone(), r.succeeded())).collect();
    let expected = |version, method: &str, action: &str| (Some(version), method.to_string(), Some(action.to_string()), true);
    assert_eq!(
        seen,
        [
            expected(SignatureVersion::V3, "POST", "QueryProductList"),
            expected(SignatureVersion::V3, "GET", "ListOTAModuleByProduct"),
            expected(SignatureVersion::V1, "POST", "QueryProductList"),
            expected(SignatureVersion::V1, "GET", "ListOTAModuleByProduct"),
        ]
    );
}

#[tokio::test]
async fn raw_requests_are_accepted_with_every_signature_and_documented_method() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        // QueryProductList documents both GET and POST.
        for method in ["GET", "POST"] {
            let answer = Call::new(&emu, version, method, "QueryProductList", &product_list_params()).sign(&emu).send().await;
            assert_eq!(answer.0, 200, "{version:?} {method}: {}", answer.2);
            assert_eq!(answer.2["Success"], json!(true));
        }
    }
}

#[tokio::test]
async fn every_success_has_a_fresh_request_id() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let a = client.list_ota_module_by_product().product_key("k").send().await.unwrap();
    let b = client.list_ota_module_by_product().product_key("k").send().await.unwrap();
    assert_ne!(a.request_id, b.request_id);
    let journal = emu.requests();
    assert_eq!(journal[0].request_id, a.request_id);
    assert_eq!(journal[1].request_id, b.request_id);
}

// ---------------------------------------------------------------------------------------------
// Refused: one broken thing each.

#[tokio::test]
async fn an_unknown_access_key_is_not_found() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let mut call = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &list_ota_params());
        call.access_key_id = "LTAINoSuchKey".into();
        assert_gateway_error(&call.sign(&emu).send().await, 404, "InvalidAccessKeyId.NotFound");
    }
    // The client reports it as a service error with the status.
    let client = emu.client_builder().credentials(Credentials::new("LTAINoSuchKey", "x")).retry_policy(RetryPolicy::disabled()).build().unwrap();
    let error = client.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
    assert_eq!((error.code(), error.http_status()), (Some("InvalidAccessKeyId.NotFound"), Some(404)));
}

#[tokio::test]
async fn a_signature_changed_in_one_byte_does_not_match() {
    let emu = Emulator::start().await.unwrap();
    for method in ["GET", "POST"] {
        let mut v1_request = Call::new(&emu, SignatureVersion::V1, method, "QueryProductList", &product_list_params()).sign(&emu);
        let signature = v1_request.query.iter().find(|(n, _)| n == "Signature").unwrap().1.clone();
        v1_request.set_query("Signature", &tamper_one_byte(&signature));
        let answer = v1_request.send().await;
        assert_gateway_error(&answer, 400, "SignatureDoesNotMatch");
        let message = answer.2["Message"].as_str().unwrap();
        assert!(message.contains(&format!("server string to sign is:{method}&%2F&AccessKeyId%3D")), "{message}");

        let mut v3_request = Call::new(&emu, SignatureVersion::V3, method, "QueryProductList", &product_list_params()).sign(&emu);
        let authorization = v3_request.headers.iter().find(|(n, _)| n == "authorization").unwrap().1.clone();
        let (head, signature) = authorization.rsplit_once("Signature=").unwrap();
        v3_request.set_header("authorization", &format!("{head}Signature={}", tamper_one_byte(signature)));
        let answer = v3_request.send().await;
        assert_gateway_error(&answer, 400, "SignatureDoesNotMatch");
        assert!(answer.2["Message"].as_str().unwrap().contains("server string to sign is:ACS3-HMAC-SHA256\n"), "{}", answer.2);
    }
}

#[tokio::test]
async fn a_wrong_secret_does_not_match() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let client = emu
            .client_builder()
            .credentials(Credentials::new(emu.access_key_id(), "not-the-secret"))
            .signature_version(version)
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let error = client.query_product_list().current_page(1).page_size(1).send().await.unwrap_err();
        assert_eq!((error.code(), error.http_status()), (Some("SignatureDoesNotMatch"), Some(400)), "{version:?}");
    }
}

#[tokio::test]
async fn v3_checks_the_signed_headers_and_the_body_hash() {
    let emu = Emulator::start().await.unwrap();
    let signed = Call::new(&emu, SignatureVersion::V3, "POST", "QueryProductList", &product_list_params()).sign(&emu);

    // A signed header changed after signing.
    let mut changed_header = signed.clone();
    changed_header.set_header("x-acs-date", &format_timestamp(now() - 1));
    assert_gateway_error(&changed_header.send().await, 400, "SignatureDoesNotMatch");

    // A body that does not hash to x-acs-content-sha256.
    let mut changed_body = Call::new(&emu, SignatureVersion::V3, "POST", "QueryProductList", &product_list_params()).sign(&emu);
    changed_body.body = Some("CurrentPage=2&PageSize=10".into());
    let answer = changed_body.send().await;
    assert_gateway_error(&answer, 400, "SignatureDoesNotMatch");
    assert!(answer.2["Message"].as_str().unwrap().contains("x-acs-content-sha256"));

    // A header nobody signed may change: only SignedHeaders are verified.
    let mut unsigned_extra = Call::new(&emu, SignatureVersion::V3, "POST", "QueryProductList", &product_list_params()).sign(&emu);
    unsigned_extra.headers.push(("user-agent".into(), "changed-in-flight".into()));
    assert_eq!(unsigned_extra.send().await.0, 200);

    // x-acs-date must be signed.
    let mut unsigned_date = Call::new(&emu, SignatureVersion::V3, "GET", "ListOTAModuleByProduct", &list_ota_params()).sign(&emu);
    let authorization = unsigned_date.headers.iter().find(|(n, _)| n == "authorization").unwrap().1.replace("x-acs-date;", "");
    unsigned_date.set_header("authorization", &authorization);
    assert_gateway_error(&unsigned_date.send().await, 400, "IncompleteSignature");
}

#[tokio::test]
async fn a_timestamp_more_than_15_minutes_off_is_expired() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        for offset in [-16 * 60, 16 * 60] {
            let mut call = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &list_ota_params());
            call.timestamp = format_timestamp(now().checked_add_signed(offset).unwrap());
            assert_gateway_error(&call.sign(&emu).send().await, 400, "InvalidTimeStamp.Expired");
        }
        // 14 minutes off is still accepted.
        let mut call = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &list_ota_params());
        call.timestamp = format_timestamp(now() - 14 * 60);
        assert_eq!(call.sign(&emu).send().await.0, 200);

        let mut call = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &list_ota_params());
        call.timestamp = "2026-11-24 12:00:00".into();
        assert_gateway_error(&call.sign(&emu).send().await, 400, "InvalidTimeStamp.Format");
    }
}

#[tokio::test]
async fn the_same_nonce_twice_is_refused() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let request = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &list_ota_params()).sign(&emu);
        assert_eq!(request.send().await.0, 200);
        assert_gateway_error(&request.send().await, 400, "SignatureNonceUsed");
    }
}

#[tokio::test]
async fn a_missing_required_parameter_is_named() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let answer = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &[]).sign(&emu).send().await;
        assert_gateway_error(&answer, 400, "MissingProductKey");
        assert!(answer.2["Message"].as_str().unwrap().contains("ProductKey"));
        let answer = Call::new(&emu, version, "POST", "QueryProductList", &[("CurrentPage", "1")]).sign(&emu).send().await;
        assert_gateway_error(&answer, 400, "MissingPageSize");
    }
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_invalid() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let answer = Call::new(&emu, version, "POST", "QueryProductList", &[("CurrentPage", "first"), ("PageSize", "10")]).sign(&emu).send().await;
        assert_gateway_error(&answer, 400, "InvalidParameter");
        assert!(answer.2["Message"].as_str().unwrap().contains("CurrentPage"));
    }
}

#[tokio::test]
async fn an_unknown_action_is_not_found() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let answer = Call::new(&emu, version, "GET", "DescribeNothing", &[]).sign(&emu).send().await;
        assert_gateway_error(&answer, 404, "InvalidApi.NotFound");
    }
}

#[tokio::test]
async fn a_method_the_action_does_not_document_is_unsupported() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        // ListOTAModuleByProduct is GET only.
        let answer = Call::new(&emu, version, "POST", "ListOTAModuleByProduct", &list_ota_params()).sign(&emu).send().await;
        assert_gateway_error(&answer, 400, "UnsupportedHTTPMethod");
    }
}

#[tokio::test]
async fn a_wrong_api_version_and_a_missing_signature_are_refused() {
    let emu = Emulator::start().await.unwrap();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let mut call = Call::new(&emu, version, "GET", "ListOTAModuleByProduct", &list_ota_params());
        call.api_version = "2017-04-20";
        assert_gateway_error(&call.sign(&emu).send().await, 400, "InvalidVersion");
    }
    let mut request = Call::new(&emu, SignatureVersion::V3, "GET", "ListOTAModuleByProduct", &list_ota_params()).sign(&emu);
    request.headers.retain(|(name, _)| name != "authorization");
    assert_gateway_error(&request.send().await, 400, "MissingSignature");
}

// ---------------------------------------------------------------------------------------------
// QPS.

#[tokio::test]
async fn calls_beyond_the_documented_qps_are_throttled() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client_builder().rate_limit(RateLimit::disabled()).retry_policy(RetryPolicy::disabled()).build().unwrap();
    // ListOTAModuleByProduct: 10 QPS, a bucket of 10 refilled at 10/s. Forty at once overflow it
    // unless they take over 3 s to arrive, so some are throttled, and at most 10 + 10/s pass.
    let started = std::time::Instant::now();
    let results = futures_join_all((0..40).map(|_| client.list_ota_module_by_product().product_key("k").send())).await;
    let passed_ceiling = 10 + (started.elapsed().as_secs_f64() * 10.0).ceil() as usize;
    let throttled: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(!throttled.is_empty(), "none throttled");
    assert!(results.len() - throttled.len() <= passed_ceiling, "{} passed", results.len() - throttled.len());
    for error in throttled {
        assert_eq!((error.code(), error.http_status()), (Some("Throttling.User"), Some(400)));
        assert!(error.is_throttling());
    }
    // Other actions and other AccessKeys have their own quota.
    client.query_product_list().current_page(1).page_size(1).send().await.unwrap();

    // With enforcement off, nothing is throttled.
    let relaxed = Emulator::builder().enforce_qps(false).start().await.unwrap();
    let client = relaxed.client_builder().rate_limit(RateLimit::disabled()).retry_policy(RetryPolicy::disabled()).build().unwrap();
    let results = futures_join_all((0..30).map(|_| client.list_ota_module_by_product().product_key("k").send())).await;
    assert!(results.iter().all(Result::is_ok));
}

#[tokio::test]
async fn the_client_rate_limiter_keeps_calls_under_the_emulated_quota() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    let results = futures_join_all((0..15).map(|_| client.list_ota_module_by_product().product_key("k").send())).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find_map(|r| r.as_ref().err()));
}

/// Runs futures concurrently as tasks and collects their outputs in order.
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}

// ---------------------------------------------------------------------------------------------
// Every operation, from its specs alone.

/// A valid value for every parameter of `specs`: lists and objects with one element.
fn dummy_params(specs: &[ParamSpec], prefix: &str, out: &mut Vec<(String, String)>) {
    fn scalar(kind: ScalarKind) -> &'static str {
        match kind {
            ScalarKind::String => "dummy",
            ScalarKind::Integer | ScalarKind::Long => "1",
            ScalarKind::Boolean => "true",
            ScalarKind::Float | ScalarKind::Double => "1.5",
        }
    }
    for spec in specs {
        let name = format!("{prefix}{}", spec.name);
        match &spec.shape {
            ParamShape::Scalar(kind) => out.push((name, scalar(*kind).into())),
            ParamShape::List(kind) => out.push((format!("{name}.1"), scalar(*kind).into())),
            ParamShape::Objects(fields) => dummy_params(fields, &format!("{name}.1."), out),
            ParamShape::Object(fields) => dummy_params(fields, &format!("{name}."), out),
            ParamShape::Joined(kind, _) => out.push((name, scalar(*kind).into())),
            ParamShape::Json => out.push((name, "{}".into())),
        }
    }
}

fn without_request_id(mut body: Value) -> Value {
    body.as_object_mut().expect("an object").remove("RequestId");
    body
}

#[tokio::test]
async fn every_operation_is_served_and_its_answer_decodes_to_the_sample() {
    let emu = Emulator::builder().samples_only().enforce_qps(false).start().await.unwrap();
    assert!(!ACTIONS.is_empty());
    for op in ACTIONS {
        let op: &Action = op;
        let expected = without_request_id((op.normalize)(serde_json::from_str(op.sample).unwrap()).unwrap());
        let mut params = Vec::new();
        dummy_params(op.params, "", &mut params);
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            for method in op.methods {
                let method = match method {
                    Method::Get => "GET",
                    Method::Post => "POST",
                };
                let (status, _, body) = Call::new(&emu, version, method, op.operation.action, &params).sign(&emu).send().await;
                assert_eq!(status, 200, "{} {version:?} {method}: {body}", op.operation.action);
                // `Success` is there when the action documents it.
                assert!(body.get("Success").is_none_or(|success| success == &json!(true)), "{}: {body}", op.operation.action);
                assert!(body["RequestId"].as_str().is_some_and(|id| id.len() == 36));
                let decoded = (op.normalize)(body).unwrap_or_else(|e| panic!("{}: {e}", op.operation.action));
                assert_eq!(without_request_id(decoded), expected, "{} {version:?} {method}", op.operation.action);
            }
        }
    }
}

/// Whether `decoded` (a sample after the round trip through the output type) says what `published`
/// says: every value the sample has is kept, in the documented shape. Accepted differences are the
/// leniency the client has by design: numbers and booleans as text, a single object for a list of
/// one, a list under an undocumented wrapper key, and values that say nothing (`null`, `""`, `{}`, `[]`).
fn same_facts(published: &Value, decoded: Option<&Value>, path: &str, differences: &mut Vec<String>) {
    let says_nothing = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if says_nothing(published) {
        return;
    }
    let Some(decoded) = decoded else {
        differences.push(format!("{path}: dropped ({published})"));
        return;
    };
    match (published, decoded) {
        (Value::Object(p), Value::Object(d)) => {
            for (key, value) in p {
                same_facts(value, d.get(key), &format!("{path}.{key}"), differences);
            }
        }
        (Value::Array(p), Value::Array(d)) if p.len() == d.len() => {
            for (i, (p, d)) in p.iter().zip(d).enumerate() {
                same_facts(p, Some(d), &format!("{path}[{i}]"), differences);
            }
        }
        // A list under a wrapper key the spec does not document.
        (Value::Object(p), Value::Array(_)) if p.len() == 1 && p.values().all(Value::is_array) => {
            same_facts(p.values().next().unwrap(), Some(decoded), path, differences)
        }
        (Value::Object(_), Value::Array(d)) if d.len() == 1 => same_facts(published, d.first(), path, differences),
        (p, d) if p == d => {}
        (p, d) if text_of(p) == text_of(d) => {}
        (p, d) => differences.push(format!("{path}: {p} became {d}")),
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string())),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .map(|t| t.parse::<f64>().map_or(t.to_ascii_lowercase(), |f| f.to_string()))
}

/// Every published sample decodes into its output type and back without losing what it says: a
/// loss means the spec misses a field the documentation's own sample has.
#[test]
fn every_sample_keeps_its_facts_through_the_output_type() {
    let mut differences = Vec::new();
    for action in ACTIONS {
        let mut published: Value = serde_json::from_str(action.sample).unwrap();
        // The envelope is the runtime's, not the output type's.
        for key in ["Code", "ErrorMessage", "Success", "RequestId", "Message"] {
            published.as_object_mut().unwrap().remove(key);
        }
        let decoded = (action.normalize)(published.clone()).unwrap_or_else(|e| panic!("{}: {e}", action.operation.action));
        same_facts(&published, Some(&decoded), action.operation.action, &mut differences);
    }
    assert!(differences.is_empty(), "{} differences:\n{}", differences.len(), differences.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Scripts and faults, as the client sees them.

#[tokio::test]
async fn a_business_error_is_http_200_with_success_false() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("QueryProductList", Fault::business("iot.prod.QueryProductListActionError", "query failed"));
    let client = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    let error = client.query_product_list().current_page(1).page_size(1).send().await.unwrap_err();
    match &error {
        Error::Service(service) => {
            assert_eq!(
                (service.code.as_str(), service.message.as_str(), service.http_status),
                ("iot.prod.QueryProductListActionError", "query failed", 200)
            );
        }
        other => panic!("{other:?}"),
    }
    // Only the next call fails.
    client.query_product_list().current_page(1).page_size(1).send().await.unwrap();
}

#[tokio::test]
async fn a_server_error_is_retried_by_the_client() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("ListOTAModuleByProduct", Fault::ServerError { status: 503 });
    let no_retry = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    let error = no_retry.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
    assert_eq!((error.code(), error.http_status()), (Some("ServiceUnavailable"), Some(503)));

    emu.script("ListOTAModuleByProduct", [Fault::ServerError { status: 500 }.into(), Fault::ServerError { status: 502 }.into()]);
    emu.clear_requests();
    let retrying = emu.client_builder().retry_policy(RetryPolicy::standard().base_delay(Duration::from_millis(1))).build().unwrap();
    retrying.list_ota_module_by_product().product_key("k").send().await.unwrap();
    let statuses: Vec<Option<u16>> = emu.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(500), Some(502), Some(200)]);
    let nonces: std::collections::HashSet<_> = emu.requests().into_iter().map(|r| r.nonce).collect();
    assert_eq!(nonces.len(), 3, "each attempt is signed anew");
}

#[tokio::test]
async fn throttling_with_retry_after_reaches_the_client() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("ListOTAModuleByProduct", Fault::Throttled { retry_after: Duration::from_millis(1500) });
    let client = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    let error = client.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
    assert_eq!(error.code(), Some("Throttling.User"));
    assert_eq!(error.retry_after(), Some(Duration::from_millis(1500)));
}

#[tokio::test]
async fn a_delay_trips_the_attempt_timeout() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("ListOTAModuleByProduct", Fault::Delay(Duration::from_millis(1500)));
    let impatient = emu.client_builder().retry_policy(RetryPolicy::disabled()).attempt_timeout(Duration::from_millis(300)).build().unwrap();
    let error = impatient.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    // A delay within the timeout is just slow.
    emu.fail_next("ListOTAModuleByProduct", Fault::Delay(Duration::from_millis(100)));
    let started = std::time::Instant::now();
    emu.client().list_ota_module_by_product().product_key("k").send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(100));
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("ListOTAModuleByProduct", Fault::DropConnection);
    let client = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    let error = client.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(emu.requests()[0].status, None);
    client.list_ota_module_by_product().product_key("k").send().await.unwrap();
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("QueryProductList", Fault::MalformedBody);
    let client = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    let error = client.query_product_list().current_page(1).page_size(1).send().await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn scripted_bodies_are_served_in_order_then_the_standing_reply_then_the_sample() {
    let emu = Emulator::start().await.unwrap();
    let module = |name: &str| json!({"Success": true, "Data": [{"ModuleName": name, "ProductKey": "pk"}]});
    emu.script("ListOTAModuleByProduct", [Reply::Json(module("first")), Reply::Json(module("second"))]);
    emu.set_standing_reply("ListOTAModuleByProduct", Some(Reply::Json(module("standing"))));
    let client = emu.client_builder().rate_limit(RateLimit::disabled()).build().unwrap();
    let mut names = Vec::new();
    for _ in 0..4 {
        let output = client.list_ota_module_by_product().product_key("k").send().await.unwrap();
        assert!(output.request_id.is_some(), "a RequestId is filled in");
        names.push(output.data[0].module_name.clone().unwrap());
    }
    assert_eq!(names, ["first", "second", "standing", "standing"]);
    emu.set_standing_reply("ListOTAModuleByProduct", None);
    let output = client.list_ota_module_by_product().product_key("k").send().await.unwrap();
    assert_eq!(output.data[0].module_name.as_deref(), Some("barcodeScanner"));

    // A raw reply, for shapes nothing else produces; and a refused call does not consume a script.
    emu.script("ListOTAModuleByProduct", [Reply::Raw { status: 429, headers: vec![], body: r#"{"Code":"Throttling"}"#.into() }]);
    let bad = emu.client_builder().credentials(Credentials::new("LTAINoSuchKey", "x")).retry_policy(RetryPolicy::disabled()).build().unwrap();
    assert!(bad.list_ota_module_by_product().product_key("k").send().await.is_err());
    let error = emu
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
        .list_ota_module_by_product()
        .product_key("k")
        .send()
        .await
        .unwrap_err();
    assert_eq!((error.code(), error.http_status()), (Some("Throttling"), Some(429)));
    emu.clear_scripts();
}

#[tokio::test]
async fn the_journal_records_method_action_params_and_headers() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    client.query_product_list().current_page(3).page_size(7).send().await.unwrap();
    let _ = Call::new(&emu, SignatureVersion::V3, "GET", "DescribeNothing", &[("A", "b c")]).sign(&emu).send().await;
    let journal = emu.requests();
    assert_eq!(journal.len(), 2);
    let first = &journal[0];
    assert_eq!((first.method.as_str(), first.action.as_deref()), ("POST", Some("QueryProductList")));
    assert_eq!((first.param("CurrentPage"), first.param("PageSize")), (Some("3"), Some("7")));
    assert_eq!(first.header("X-Acs-Action"), Some("QueryProductList"));
    assert_eq!(first.access_key_id.as_deref(), Some(emu.access_key_id()));
    assert!(first.succeeded());
    let second = &journal[1];
    assert_eq!((second.status, second.error_code.as_deref(), second.param("A")), (Some(404), Some("InvalidApi.NotFound"), Some("b c")));
    assert_eq!(emu.requests_for("QueryProductList").len(), 1);
    emu.clear_requests();
    assert!(emu.requests().is_empty());
}

#[tokio::test]
async fn several_access_keys_can_be_configured() {
    let emu = Emulator::builder().credentials("LTAIFirst", "first-secret").credentials("LTAISecond", "second-secret").start().await.unwrap();
    assert_eq!(emu.access_key_id(), "LTAIFirst");
    let second = emu.client_builder().credentials(Credentials::new("LTAISecond", "second-secret")).build().unwrap();
    second.list_ota_module_by_product().product_key("k").send().await.unwrap();
}

#[tokio::test]
async fn a_dropped_emulator_stops_serving() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
    client.list_ota_module_by_product().product_key("k").send().await.unwrap();
    drop(emu);
    // Let the accept loop and the idle connection see the shutdown.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let error = client.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
#[should_panic(expected = "the emulator serves no action `QueryProductLists`")]
async fn scripting_an_action_the_emulator_does_not_serve_panics() {
    let emu = Emulator::start().await.unwrap();
    emu.fail_next("QueryProductLists", Fault::DropConnection);
}

#[tokio::test]
async fn temporary_credentials_need_their_security_token() {
    let emu = Emulator::builder().temporary_credentials("STS.Key", "sts-secret", "the-token").start().await.unwrap();
    assert_eq!(emu.credentials(), Credentials::new("STS.Key", "sts-secret").with_security_token("the-token"));
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let with_token = emu.client_builder().signature_version(version).retry_policy(RetryPolicy::disabled()).build().unwrap();
        with_token.list_ota_module_by_product().product_key("k").send().await.unwrap();
        for (credentials, code) in [
            (Credentials::new("STS.Key", "sts-secret"), "MissingSecurityToken"),
            (Credentials::new("STS.Key", "sts-secret").with_security_token("another"), "InvalidSecurityToken.MismatchWithAccessKey"),
        ] {
            let client =
                emu.client_builder().credentials(credentials).signature_version(version).retry_policy(RetryPolicy::disabled()).build().unwrap();
            let error = client.list_ota_module_by_product().product_key("k").send().await.unwrap_err();
            assert_eq!((error.code(), error.http_status()), (Some(code), Some(400)), "{version:?}");
        }
    }
}

#[tokio::test]
async fn a_journal_limit_keeps_the_most_recent_requests() {
    let emu = Emulator::builder().journal_limit(2).start().await.unwrap();
    let client = emu.client();
    for page in 1..=3 {
        client.query_product_list().current_page(page).page_size(1).send().await.unwrap();
    }
    let pages: Vec<Option<String>> = emu.requests().iter().map(|r| r.param("CurrentPage").map(str::to_string)).collect();
    assert_eq!(pages, [Some("2".to_string()), Some("3".to_string())]);
    assert_eq!(emu.requests_received(), 3);
}
