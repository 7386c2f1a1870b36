//! The client against a scripted IoT service on loopback (wiremock). The fake service verifies
//! every signature with the crate's own signing functions, as the emulator does, and answers
//! `SignatureDoesNotMatch` if it is wrong, so every successful test also proves the signing.

use aliyun_iot::signing::{self, v1, v3};
use aliyun_iot::{Client, ClientBuilder, Credentials, Env, Error, RateLimit, RetryPolicy, SignatureVersion, TimeoutScope};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ACCESS_KEY_ID: &str = "test-id";
const SECRET: &str = "test-secret-value";
const TOKEN: &str = "sts/token+value";

const OTA_MODULES: &str = r#"{"RequestId":"REQ-OTA","Success":true,"Data":[{"ModuleName":"barcodeScanner","ProductKey":"pk"}]}"#;
const PRODUCTS: &str = r#"{"RequestId":"REQ-PRODUCTS","Success":true,"Code":"","Data":{"PageCount":1,"PageSize":10,"CurrentPage":1,"Total":1,"List":{"ProductInfo":[{"ProductKey":"pk","ProductName":"Lamp","NodeType":0}]}}}"#;

/// What the fake service saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    at: Instant,
    method: String,
    action: String,
    nonce: String,
    /// Decoded query and form parameters, without the V1 common ones.
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    security_token: Option<String>,
    content_type: Option<String>,
}

/// Answers with `script` in order (the last one repeats) after checking the signature.
#[derive(Clone)]
struct FakeIot {
    script: Arc<Vec<ResponseTemplate>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeIot {
    async fn start(script: Vec<ResponseTemplate>) -> (MockServer, FakeIot) {
        let server = MockServer::start().await;
        let fake = FakeIot { script: Arc::new(script), seen: Arc::default() };
        Mock::given(any()).respond_with(fake.clone()).mount(&server).await;
        (server, fake)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn gaps(&self) -> Vec<Duration> {
        self.seen().windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

impl Respond for FakeIot {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let at = Instant::now();
        match verify(request) {
            Ok(mut seen) => {
                seen.at = at;
                let mut log = self.seen.lock().unwrap();
                log.push(seen);
                self.script[(log.len() - 1).min(self.script.len() - 1)].clone()
            }
            Err(reason) => ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "RequestId": "SIG", "Code": "SignatureDoesNotMatch", "Message": reason
            })),
        }
    }
}

fn decode_pairs(encoded: &str) -> Vec<(String, String)> {
    wiremock::http::Url::parse(&format!("http://x/?{encoded}")).unwrap().query_pairs().into_owned().collect()
}

fn take(pairs: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let index = pairs.iter().position(|(k, _)| k == name)?;
    Some(pairs.remove(index).1)
}

/// Verifies a V3 or V1 signature as a server would, returning what the request carried.
fn verify(request: &Request) -> Result<Seen, String> {
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_string());
    let method = request.method.to_string();
    let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let content_type = header("content-type");
    let form = if content_type.as_deref() == Some("application/x-www-form-urlencoded") {
        decode_pairs(std::str::from_utf8(&request.body).unwrap())
    } else {
        Vec::new()
    };
    let fresh = |timestamp: Option<String>| -> Result<(), String> {
        let sent = timestamp.as_deref().and_then(signing::parse_timestamp).ok_or("bad timestamp")?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        if sent.abs_diff(now) > 900 { Err("timestamp expired".into()) } else { Ok(()) }
    };
    if let Some(authorization) = header("authorization") {
        let auth = v3::Authorization::parse(&authorization).ok_or("malformed Authorization")?;
        if auth.access_key_id != ACCESS_KEY_ID {
            return Err("unknown access key".into());
        }
        let payload_hash = v3::hash_payload(&request.body);
        if header("x-acs-content-sha256").as_deref() != Some(payload_hash.as_str()) {
            return Err("x-acs-content-sha256 does not match the body".into());
        }
        if header("x-acs-version").as_deref() != Some("2018-01-20") {
            return Err("wrong version".into());
        }
        fresh(header("x-acs-date"))?;
        let signed: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| auth.signed_headers.split(';').any(|s| s == name.as_str()))
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string()))
            .collect();
        let canonical = v3::canonical_request(&method, request.url.path(), &query, &signed, &payload_hash);
        if v3::signature(SECRET, &canonical) != auth.signature {
            return Err(format!("V3 signature mismatch; canonical request: {canonical:?}"));
        }
        Ok(Seen {
            at: Instant::now(),
            method,
            action: header("x-acs-action").ok_or("no x-acs-action")?,
            nonce: header("x-acs-signature-nonce").ok_or("no nonce")?,
            query,
            form,
            security_token: header("x-acs-security-token"),
            content_type,
        })
    } else {
        let mut all: Vec<(String, String)> = query.iter().chain(&form).cloned().collect();
        let signature = take(&mut all, "Signature").ok_or("no Signature")?;
        if v1::sign(SECRET, &v1::string_to_sign(&method, &all)) != signature {
            return Err(format!("V1 signature mismatch; string to sign: {}", v1::string_to_sign(&method, &all)));
        }
        take(&mut query, "Signature");
        let mut common = |name: &str| take(&mut query, name).ok_or(format!("no {name}"));
        let checks = [("AccessKeyId", ACCESS_KEY_ID), ("Version", "2018-01-20"), ("Format", "JSON"), ("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0")];
        for (name, expected) in checks {
            if common(name)? != expected {
                return Err(format!("wrong {name}"));
            }
        }
        fresh(Some(common("Timestamp")?))?;
        let action = common("Action")?;
        let nonce = common("SignatureNonce")?;
        let security_token = take(&mut query, "SecurityToken");
        Ok(Seen { at: Instant::now(), method, action, nonce, query, form, security_token, content_type })
    }
}

fn ok(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn error(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn throttled() -> ResponseTemplate {
    error(400, serde_json::json!({"RequestId": "REQ-T", "Code": "Throttling.User", "Message": "Request was denied due to user flow control."}))
}

/// A client for `server` with fast backoff, isolated from the process environment.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET))
        .env(Env::from_vars::<String, String>([]))
        .retry_policy(RetryPolicy::standard().base_delay(Duration::from_millis(20)).throttling_base_delay(Duration::from_millis(100)))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|&(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn v3_get_success_exposes_request_id_and_data() {
    let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES)]).await;
    let client = builder(&server).build().unwrap();
    let output = client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    assert_eq!(output.request_id(), Some("REQ-OTA"));
    assert_eq!(output.data[0].module_name.as_deref(), Some("barcodeScanner"));
    let seen = fake.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].method.as_str(), seen[0].action.as_str()), ("GET", "ListOTAModuleByProduct"));
    assert_eq!(seen[0].query, pairs(&[("ProductKey", "pk")]));
    assert!(seen[0].form.is_empty() && seen[0].content_type.is_none());
}

#[tokio::test]
async fn v3_post_sends_a_signed_form_body() {
    let (server, fake) = FakeIot::start(vec![ok(PRODUCTS)]).await;
    let client = builder(&server).build().unwrap();
    let output = client.query_product_list().current_page(1).page_size(10).send().await.unwrap();
    assert_eq!(output.request_id(), Some("REQ-PRODUCTS"));
    assert_eq!(output.data.unwrap().list[0].product_name.as_deref(), Some("Lamp"));
    let seen = &fake.seen()[0];
    assert_eq!((seen.method.as_str(), seen.action.as_str()), ("POST", "QueryProductList"));
    assert!(seen.query.is_empty());
    assert_eq!(seen.form, pairs(&[("CurrentPage", "1"), ("PageSize", "10")]));
}

#[tokio::test]
async fn sts_credentials_are_sent_and_signed_with_v3_and_v1() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let (server, fake) = FakeIot::start(vec![ok(PRODUCTS), ok(OTA_MODULES)]).await;
        let client = builder(&server)
            .credentials(Credentials::new(ACCESS_KEY_ID, SECRET).with_security_token(TOKEN))
            .signature_version(version)
            .build()
            .unwrap();
        client.query_product_list().current_page(2).page_size(5).send().await.unwrap();
        client.list_ota_module_by_product().product_key("p k/ü").send().await.unwrap();
        let seen = fake.seen();
        assert!(seen.iter().all(|s| s.security_token.as_deref() == Some(TOKEN)), "{version:?}: {seen:?}");
        assert_eq!(seen[0].form, pairs(&[("CurrentPage", "2"), ("PageSize", "5")]), "{version:?}");
        assert_eq!(seen[1].query, pairs(&[("ProductKey", "p k/ü")]), "{version:?}");
    }
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_by_the_verifying_service() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES)]).await;
        let client = builder(&server).credentials(Credentials::new(ACCESS_KEY_ID, "wrong")).signature_version(version).build().unwrap();
        let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{version:?}");
        assert!(fake.seen().is_empty());
    }
}

#[tokio::test]
async fn gateway_errors_are_typed_and_final() {
    let body = serde_json::json!({
        "RequestId": "REQ-404", "HostId": "iot.cn-shanghai.aliyuncs.com", "Code": "InvalidAccessKeyId.NotFound",
        "Message": "Specified access key is not found.", "Recommend": "https://api.aliyun.com/troubleshoot?q=InvalidAccessKeyId.NotFound"
    });
    let (server, fake) = FakeIot::start(vec![error(404, body)]).await;
    let client = builder(&server).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidAccessKeyId.NotFound"));
    assert_eq!(err.request_id(), Some("REQ-404"));
    assert_eq!(err.http_status(), Some(404));
    assert!(!err.is_retryable() && !err.is_throttling());
    let Error::Service(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.message, "Specified access key is not found.");
    assert_eq!(service.recommend.as_deref(), Some("https://api.aliyun.com/troubleshoot?q=InvalidAccessKeyId.NotFound"));
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn iot_success_false_is_a_service_error() {
    let body = r#"{"RequestId":"REQ-BIZ","Success":false,"Code":"iot.prod.NotExistedProduct","ErrorMessage":"The product does not exist."}"#;
    let (server, fake) = FakeIot::start(vec![ok(body)]).await;
    let client = builder(&server).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("nope").send().await.unwrap_err();
    assert_eq!((err.code(), err.request_id(), err.http_status()), (Some("iot.prod.NotExistedProduct"), Some("REQ-BIZ"), Some(200)));
    assert_eq!(err.to_string(), "service error iot.prod.NotExistedProduct (HTTP 200): The product does not exist. [request id REQ-BIZ]");
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn throttling_is_retried_after_backoff_with_a_fresh_signature() {
    let (server, fake) = FakeIot::start(vec![throttled(), ok(OTA_MODULES)]).await;
    let client = builder(&server).build().unwrap();
    let output = client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    assert_eq!(output.request_id(), Some("REQ-OTA"));
    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    assert_ne!(seen[0].nonce, seen[1].nonce);
    // Throttling base 100 ms, jittered to 50..=100 ms.
    assert!(fake.gaps()[0] >= Duration::from_millis(50), "{:?}", fake.gaps());
}

#[tokio::test]
async fn retry_after_header_sets_the_wait() {
    let asked = error(503, serde_json::json!({"Code": "ServiceUnavailable", "Message": "busy"})).insert_header("x-acs-retry-after", "300");
    let (server, fake) = FakeIot::start(vec![asked, ok(OTA_MODULES)]).await;
    let client = builder(&server).build().unwrap();
    client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    let gap = fake.gaps()[0];
    assert!(gap >= Duration::from_millis(300) && gap < Duration::from_secs(2), "{gap:?}");
}

#[tokio::test]
async fn server_errors_exhaust_the_attempts() {
    let (server, fake) = FakeIot::start(vec![error(503, serde_json::json!({"RequestId": "REQ-503", "Code": "ServiceUnavailable", "Message": "down"}))]).await;
    let client = builder(&server).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!((err.code(), err.http_status()), (Some("ServiceUnavailable"), Some(503)));
    assert!(err.is_retryable());
    assert_eq!(fake.seen().len(), 3);
    // Base 20 ms: waits of 10..=20 ms, then 20..=40 ms.
    let gaps = fake.gaps();
    assert!(gaps[0] >= Duration::from_millis(10) && gaps[1] >= Duration::from_millis(20), "{gaps:?}");

    let (server, fake) = FakeIot::start(vec![error(500, serde_json::json!({"Code": "InternalError", "Message": "x"}))]).await;
    let client = builder(&server).retry_policy(RetryPolicy::standard().max_attempts(5).base_delay(Duration::from_millis(1))).build().unwrap();
    client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!(fake.seen().len(), 5);
}

#[tokio::test]
async fn slow_attempts_time_out_and_idempotent_ones_are_retried() {
    let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES).set_delay(Duration::from_millis(500))]).await;
    let client = builder(&server).attempt_timeout(Duration::from_millis(100)).retry_policy(RetryPolicy::standard().max_attempts(2)).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    let Error::Timeout(timeout) = &err else { panic!("{err:?}") };
    assert_eq!((timeout.scope, timeout.limit), (TimeoutScope::Attempt, Duration::from_millis(100)));
    assert!(err.outcome_unknown());
    assert_eq!(fake.seen().len(), 2, "ListOTAModuleByProduct is idempotent");
}

#[tokio::test]
async fn the_total_timeout_bounds_the_whole_call() {
    let (server, _fake) = FakeIot::start(vec![ok(OTA_MODULES).set_delay(Duration::from_secs(5))]).await;
    let client = builder(&server).total_timeout(Some(Duration::from_millis(200))).build().unwrap();
    let started = Instant::now();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.scope == TimeoutScope::Total), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors() {
    let (server, fake) = FakeIot::start(vec![ok("<html>maintenance</html>")]).await;
    let client = builder(&server).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!((decode.http_status, decode.body_excerpt.as_str()), (200, "<html>maintenance</html>"));
    assert_eq!(fake.seen().len(), 1);

    // Valid JSON whose shape does not fit the output type.
    let (server, _fake) = FakeIot::start(vec![ok(r#"{"RequestId":"REQ-SHAPE","Data":{"List":7}}"#)]).await;
    let client = builder(&server).build().unwrap();
    let err = client.query_product_list().current_page(1).page_size(1).send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert!(decode.message.contains("QueryProductList"), "{}", decode.message);
    assert_eq!(err.request_id(), Some("REQ-SHAPE"));

    // A 5xx page from a proxy: no service error code, but retried as a server error.
    let (server, fake) = FakeIot::start(vec![ResponseTemplate::new(502).set_body_string("Bad Gateway")]).await;
    let client = builder(&server).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if d.http_status == 502), "{err:?}");
    assert_eq!(fake.seen().len(), 3);
}

#[tokio::test]
async fn missing_required_parameters_send_nothing() {
    let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES)]).await;
    let client = builder(&server).build().unwrap();
    let err = client.list_ota_module_by_product().send().await.unwrap_err();
    assert!(matches!(&err, Error::Build(b) if b.missing_parameter() == Some("ProductKey")), "{err:?}");
    assert!(fake.seen().is_empty());
}

#[tokio::test]
async fn the_rate_limiter_spaces_calls_across_clones() {
    let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES)]).await;
    // ListOTAModuleByProduct is documented at 10 QPS: one slot per 100 ms.
    let client = builder(&server).build().unwrap();
    let calls = (0..4).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_ota_module_by_product().product_key("pk").send().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    let seen = fake.seen();
    let span = seen.last().unwrap().at - seen[0].at;
    assert!(span >= Duration::from_millis(290), "4 calls at 10 QPS took {span:?}");

    // An override (e.g. a raised quota) changes the spacing.
    let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES)]).await;
    let client = builder(&server).rate_limit(RateLimit::documented().action_qps("ListOTAModuleByProduct", 4.0)).build().unwrap();
    for _ in 0..2 {
        client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    }
    assert!(fake.gaps()[0] >= Duration::from_millis(240), "{:?}", fake.gaps());
}

#[tokio::test]
async fn connection_failures_before_sending_are_transport_errors() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET))
        .env(Env::from_vars::<String, String>([]))
        .retry_policy(RetryPolicy::standard().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if !t.request_sent), "{err:?}");
    assert!(err.is_retryable() && !err.outcome_unknown());
}

/// A temporary HOME, removed on drop.
struct TempHome(PathBuf);

impl TempHome {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("aliyun-iot-e2e-{name}-{}", std::process::id()));
        std::fs::create_dir_all(path.join(".aliyun")).unwrap();
        TempHome(path)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn from_environment_and_cli_profile() {
    let home = TempHome::new("profile");
    let config = format!(
        r#"{{"current":"main","profiles":[{{"name":"main","mode":"StsToken","access_key_id":"{ACCESS_KEY_ID}","access_key_secret":"{SECRET}","sts_token":"{TOKEN}","region_id":"cn-beijing"}}]}}"#
    );
    std::fs::write(home.0.join(".aliyun/config.json"), config).unwrap();
    let home_var = ("HOME".to_string(), home.0.to_str().unwrap().to_string());

    // Region and credentials from the profile: the regional endpoint.
    let client = Client::builder().env(Env::from_vars([home_var.clone()])).build().unwrap();
    assert_eq!((client.region(), client.endpoint()), (Some("cn-beijing"), "https://iot.cn-beijing.aliyuncs.com/"));

    // ALIBABA_CLOUD_ENDPOINT redirects to a local service, as the quickstart does with the emulator.
    let (server, fake) = FakeIot::start(vec![ok(OTA_MODULES)]).await;
    let env = Env::from_vars([home_var.clone(), ("ALIBABA_CLOUD_ENDPOINT".into(), server.uri()), ("ALIBABA_CLOUD_REGION_ID".into(), "cn-shanghai".into())]);
    let client = Client::builder().env(env).build().unwrap();
    assert_eq!(client.region(), Some("cn-shanghai"));
    client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    assert_eq!(fake.seen()[0].security_token.as_deref(), Some(TOKEN));

    // Nothing configured: both problems are explained.
    let err = Client::builder().env(Env::from_vars([("HOME", "/nonexistent")])).build().unwrap_err();
    assert!(matches!(err, Error::Credentials(_)) && err.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{err}");
    let err = Client::builder().env(Env::from_vars([("HOME", "/nonexistent")])).credentials(Credentials::new("a", "b")).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)) && err.to_string().contains("ALIBABA_CLOUD_REGION_ID"), "{err}");
}

#[tokio::test]
async fn debug_output_never_contains_secrets() {
    let echo = format!("server string to sign is:GET&%2F&SecurityToken%3D{}", signing::percent_encode(&signing::percent_encode(TOKEN)));
    let (server, _fake) = FakeIot::start(vec![error(400, serde_json::json!({"Code": "SignatureDoesNotMatch", "Message": echo}))]).await;
    let builder = builder(&server).credentials(Credentials::new(ACCESS_KEY_ID, SECRET).with_security_token(TOKEN));
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    let transport = Client::builder()
        .endpoint("http://127.0.0.1:1")
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET).with_security_token(TOKEN))
        .env(Env::from_vars::<String, String>([]))
        .retry_policy(RetryPolicy::disabled())
        .signature_version(SignatureVersion::V1)
        .build()
        .unwrap()
        .list_ota_module_by_product()
        .product_key("pk")
        .send()
        .await
        .unwrap_err();
    let encoded_token = signing::percent_encode(TOKEN);
    for text in [builder_debug, format!("{client:?}"), format!("{err:?}"), err.to_string(), format!("{transport:?}"), transport.to_string()] {
        for secret in [SECRET, TOKEN, encoded_token.as_str()] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
