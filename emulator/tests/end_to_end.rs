//! The client against the emulator over real HTTP on loopback: the emulator verifies every
//! signature, timestamp and nonce as the gateway does, so every successful test also proves the
//! signing; scripted replies and injected faults drive the error, retry and timeout paths, and its
//! journal shows what the client sent and when.

use aliyun_iot::config::{Credentials, Env, RateLimit, RetryPolicy, SignatureVersion};
use aliyun_iot::error::TimeoutScope;
use aliyun_iot::{Client, ClientBuilder, Error};
use aliyun_iot_emulator::{Emulator, Fault, RecordedRequest, Reply};
use aliyun_rpc_runtime::signing;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const ACCESS_KEY_ID: &str = "test-id";
const SECRET: &str = "test-secret-value";
const TOKEN: &str = "sts/token+value";
const OTA: &str = "ListOTAModuleByProduct";
const PRODUCTS: &str = "QueryProductList";

async fn emulator() -> Emulator {
    // Wire tests: every action answers its sample.
    Emulator::builder().samples_only().credentials(ACCESS_KEY_ID, SECRET).temporary_credentials("sts-id", SECRET, TOKEN).start().await.unwrap()
}

/// A client for `emulator` with fast backoff, isolated from the process environment.
fn builder(emulator: &Emulator) -> ClientBuilder {
    emulator
        .client_builder()
        .retry_policy(RetryPolicy::standard().base_delay(Duration::from_millis(20)).throttling_base_delay(Duration::from_millis(100)))
}

fn gaps(requests: &[RecordedRequest]) -> Vec<Duration> {
    requests.windows(2).map(|w| w[1].received_at - w[0].received_at).collect()
}

fn gateway_reply(status: u16, body: serde_json::Value) -> Reply {
    Reply::Raw { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_string() }
}

#[tokio::test]
async fn v3_get_success_exposes_request_id_and_data() {
    let emulator = emulator().await;
    let output = builder(&emulator).build().unwrap().list_ota_module_by_product().product_key("pk").send().await.unwrap();
    assert_eq!(output.data[0].module_name.as_deref(), Some("barcodeScanner"));
    let seen = emulator.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(output.request_id, seen[0].request_id);
    assert_eq!((seen[0].method.as_str(), seen[0].action.as_deref()), ("GET", Some(OTA)));
    assert_eq!(seen[0].signature_version, Some(SignatureVersion::V3));
    assert_eq!(seen[0].params, [("ProductKey".to_string(), "pk".to_string())]);
    assert!(seen[0].body.is_empty() && seen[0].header("content-type").is_none());
}

#[tokio::test]
async fn v3_post_sends_each_parameter_where_the_docs_put_it() {
    let emulator = emulator().await;
    let client = builder(&emulator).build().unwrap();
    let output = client.query_product_list().current_page(1).page_size(10).send().await.unwrap();
    assert_eq!(output.data.unwrap().list[0].product_name.as_deref(), Some("路灯"));
    // `Pub` takes its message in the form body and the rest in the query, as the official SDKs send it.
    client.r#pub().product_key("pk").topic_full_name("/pk/d/user/get").message_content("aGk=").send().await.unwrap();
    let seen = emulator.requests();
    assert_eq!((seen[0].method.as_str(), seen[0].action.as_deref(), seen[0].body.as_str()), ("POST", Some(PRODUCTS), ""));
    assert_eq!(seen[0].params, [("CurrentPage".to_string(), "1".to_string()), ("PageSize".to_string(), "10".to_string())]);
    assert_eq!(seen[1].body, "MessageContent=aGk%3D");
    assert_eq!(seen[1].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(seen[1].param("ProductKey"), Some("pk"));
}

/// One instance id for the client: sent with the actions that take `IotInstanceId`, unless a call
/// sets its own; also read from the environment. (That actions without the parameter never get
/// it is a runtime test.)
#[tokio::test]
async fn the_client_instance_id_goes_with_every_action_that_takes_it() {
    let emulator = emulator().await;
    let client = builder(&emulator).iot_instance_id("iot-inst-1").build().unwrap();
    client.create_ota_module().product_key("pk").module_name("m1").send().await.unwrap();
    client.create_ota_module().product_key("pk").module_name("m2").iot_instance_id("iot-inst-2").send().await.unwrap();
    client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    let from_env = emulator.client_builder().env(Env::from_vars([("ALIBABA_CLOUD_IOT_INSTANCE_ID", "iot-inst-3")])).build().unwrap();
    from_env.create_ota_module().product_key("pk").module_name("m3").send().await.unwrap();
    let seen: Vec<Option<String>> = emulator.requests().iter().map(|r| r.param("IotInstanceId").map(str::to_string)).collect();
    assert_eq!(seen, [Some("iot-inst-1".into()), Some("iot-inst-2".into()), Some("iot-inst-1".into()), Some("iot-inst-3".into())]);
}

#[tokio::test]
async fn sts_credentials_are_sent_and_signed_with_v3_and_v1() {
    let emulator = emulator().await;
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        emulator.clear_requests();
        let client =
            builder(&emulator).credentials(Credentials::new("sts-id", SECRET).with_security_token(TOKEN)).signature_version(version).build().unwrap();
        client.query_product_list().current_page(2).page_size(5).send().await.unwrap();
        client.list_ota_module_by_product().product_key("p k/ü").send().await.unwrap();
        let seen = emulator.requests();
        let tokens: Vec<Option<&str>> = seen.iter().map(|s| s.header("x-acs-security-token").or(s.param("SecurityToken"))).collect();
        assert_eq!(tokens, [Some(TOKEN), Some(TOKEN)], "{version:?}");
        assert_eq!((seen[0].param("CurrentPage"), seen[0].param("PageSize")), (Some("2"), Some("5")), "{version:?}");
        assert_eq!(seen[1].param("ProductKey"), Some("p k/ü"), "{version:?}");
    }
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_and_not_retried() {
    let emulator = emulator().await;
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        emulator.clear_requests();
        let client = builder(&emulator).credentials(Credentials::new(ACCESS_KEY_ID, "wrong")).signature_version(version).build().unwrap();
        let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
        assert_eq!((err.code(), err.http_status()), (Some("SignatureDoesNotMatch"), Some(400)), "{version:?}");
        assert_eq!(emulator.requests().len(), 1, "{version:?}");
    }
}

#[tokio::test]
async fn gateway_errors_are_typed_and_final() {
    let emulator = emulator().await;
    let client = builder(&emulator).credentials(Credentials::new("LTAI-unknown", SECRET)).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!((err.code(), err.http_status()), (Some("InvalidAccessKeyId.NotFound"), Some(404)));
    assert_eq!(err.request_id(), emulator.requests()[0].request_id.as_deref());
    assert!(err.request_id().is_some());
    assert!(!err.is_retryable() && !err.is_throttling());
    let Error::Service(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.message, "Specified access key is not found.");
    assert!(service.recommend.as_deref().is_some_and(|r| r.contains("InvalidAccessKeyId.NotFound")), "{service:?}");
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn iot_success_false_is_a_service_error() {
    let emulator = emulator().await;
    emulator.fail_next(OTA, Fault::business("iot.prod.NotExistedProduct", "The product does not exist."));
    let err = builder(&emulator).build().unwrap().list_ota_module_by_product().product_key("nope").send().await.unwrap_err();
    let request_id = emulator.requests()[0].request_id.clone().unwrap();
    assert_eq!((err.code(), err.request_id(), err.http_status()), (Some("iot.prod.NotExistedProduct"), Some(request_id.as_str()), Some(200)));
    assert_eq!(
        err.to_string(),
        format!("service error iot.prod.NotExistedProduct (HTTP 200): The product does not exist. [request id {request_id}]")
    );
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn throttling_is_retried_after_backoff_with_a_fresh_signature() {
    let emulator = emulator().await;
    let throttled = gateway_reply(
        400,
        serde_json::json!({"RequestId": "REQ-T", "Code": "Throttling.User", "Message": "Request was denied due to user flow control."}),
    );
    emulator.script(OTA, [throttled]);
    let output = builder(&emulator).build().unwrap().list_ota_module_by_product().product_key("pk").send().await.unwrap();
    let seen = emulator.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(output.request_id, seen[1].request_id);
    assert_ne!(seen[0].nonce, seen[1].nonce);
    // Throttling base 100 ms, jittered to 50..=100 ms.
    assert!(gaps(&seen)[0] >= Duration::from_millis(50), "{:?}", gaps(&seen));
}

#[tokio::test]
async fn retry_after_header_sets_the_wait() {
    let emulator = emulator().await;
    emulator.fail_next(OTA, Fault::Throttled { retry_after: Duration::from_millis(300) });
    builder(&emulator).build().unwrap().list_ota_module_by_product().product_key("pk").send().await.unwrap();
    let gap = gaps(&emulator.requests())[0];
    assert!(gap >= Duration::from_millis(300) && gap < Duration::from_secs(2), "{gap:?}");
}

#[tokio::test]
async fn server_errors_exhaust_the_attempts() {
    let emulator = emulator().await;
    emulator.set_standing_reply(OTA, Some(Fault::ServerError { status: 503 }.into()));
    let err = builder(&emulator).build().unwrap().list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!((err.code(), err.http_status()), (Some("ServiceUnavailable"), Some(503)));
    assert!(err.is_retryable());
    let seen = emulator.requests();
    assert_eq!(seen.len(), 3);
    // Base 20 ms: waits of 10..=20 ms, then 20..=40 ms.
    let gaps = gaps(&seen);
    assert!(gaps[0] >= Duration::from_millis(10) && gaps[1] >= Duration::from_millis(20), "{gaps:?}");

    emulator.clear_requests();
    emulator.set_standing_reply(OTA, Some(Fault::ServerError { status: 500 }.into()));
    let client = builder(&emulator).retry_policy(RetryPolicy::standard().max_attempts(5).base_delay(Duration::from_millis(1))).build().unwrap();
    client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!(emulator.requests().len(), 5);
}

#[tokio::test]
async fn slow_attempts_time_out_and_idempotent_ones_are_retried() {
    let emulator = emulator().await;
    emulator.set_standing_reply(OTA, Some(Fault::Delay(Duration::from_millis(500)).into()));
    let client =
        builder(&emulator).attempt_timeout(Duration::from_millis(100)).retry_policy(RetryPolicy::standard().max_attempts(2)).build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    let Error::Timeout(timeout) = &err else { panic!("{err:?}") };
    assert_eq!((timeout.scope, timeout.limit), (TimeoutScope::Attempt, Duration::from_millis(100)));
    assert!(err.outcome_unknown());
    assert_eq!(emulator.requests().len(), 2, "ListOTAModuleByProduct is idempotent");
}

#[tokio::test]
async fn the_total_timeout_bounds_the_whole_call() {
    let emulator = emulator().await;
    emulator.set_standing_reply(OTA, Some(Fault::Delay(Duration::from_secs(5)).into()));
    let client = builder(&emulator).total_timeout(Some(Duration::from_millis(200))).build().unwrap();
    let started = Instant::now();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.scope == TimeoutScope::Total), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors() {
    let emulator = emulator().await;
    let client = builder(&emulator).build().unwrap();
    emulator.script(OTA, [Reply::Raw { status: 200, headers: Vec::new(), body: "<html>maintenance</html>".into() }]);
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!((decode.http_status, decode.body_excerpt.as_str()), (200, "<html>maintenance</html>"));
    assert_eq!(emulator.requests().len(), 1);

    emulator.fail_next(OTA, Fault::MalformedBody);
    assert!(matches!(client.list_ota_module_by_product().product_key("pk").send().await, Err(Error::Decode(_))));

    // Valid JSON whose shape does not fit the output type.
    emulator.script(PRODUCTS, [Reply::Json(serde_json::json!({"RequestId": "REQ-SHAPE", "Data": {"List": 7}}))]);
    let err = client.query_product_list().current_page(1).page_size(1).send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert!(decode.message.contains("QueryProductList"), "{}", decode.message);
    assert_eq!(err.request_id(), Some("REQ-SHAPE"));

    // A 5xx page from a proxy: no service error code, but retried as a server error.
    emulator.clear_requests();
    emulator.set_standing_reply(OTA, Some(Reply::Raw { status: 502, headers: Vec::new(), body: "Bad Gateway".into() }));
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if d.http_status == 502), "{err:?}");
    assert_eq!(emulator.requests().len(), 3);
}

#[tokio::test]
async fn a_dropped_connection_is_an_unknown_outcome() {
    let emulator = emulator().await;
    emulator.fail_next(OTA, Fault::DropConnection);
    let output = builder(&emulator).build().unwrap().list_ota_module_by_product().product_key("pk").send().await.unwrap();
    assert!(!output.data.is_empty(), "the idempotent call was retried and succeeded");
    let seen = emulator.requests();
    assert_eq!((seen.len(), seen[0].status), (2, None));
}

#[tokio::test]
async fn missing_required_parameters_send_nothing() {
    let emulator = emulator().await;
    let err = builder(&emulator).build().unwrap().list_ota_module_by_product().send().await.unwrap_err();
    assert!(matches!(&err, Error::Build(b) if b.missing_parameter() == Some("ProductKey")), "{err:?}");
    assert!(emulator.requests().is_empty());
}

#[tokio::test]
async fn the_rate_limiter_spaces_calls_across_clones() {
    let emulator = Emulator::builder().credentials(ACCESS_KEY_ID, SECRET).enforce_qps(false).start().await.unwrap();
    // ListOTAModuleByProduct is documented at 10 QPS: one slot per 100 ms.
    let client = builder(&emulator).build().unwrap();
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_ota_module_by_product().product_key("pk").send().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let seen = emulator.requests();
    let span = seen.last().unwrap().received_at - seen[0].received_at;
    assert!(span >= Duration::from_millis(290), "4 calls at 10 QPS took {span:?}");

    // An override (e.g. a raised quota) changes the spacing.
    emulator.clear_requests();
    let client = builder(&emulator).rate_limit(RateLimit::documented().action_qps(OTA, 4.0)).build().unwrap();
    for _ in 0..2 {
        client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    }
    assert!(gaps(&emulator.requests())[0] >= Duration::from_millis(240), "{:?}", gaps(&emulator.requests()));
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
        r#"{{"current":"main","profiles":[{{"name":"main","mode":"StsToken","access_key_id":"sts-id","access_key_secret":"{SECRET}","sts_token":"{TOKEN}","region_id":"cn-beijing"}}]}}"#
    );
    std::fs::write(home.0.join(".aliyun/config.json"), config).unwrap();
    let home_var = ("HOME".to_string(), home.0.to_str().unwrap().to_string());

    // Region and credentials from the profile: the regional endpoint.
    let client = Client::builder().env(Env::from_vars([home_var.clone()])).build().unwrap();
    assert_eq!((client.region(), client.endpoint()), (Some("cn-beijing"), "https://iot.cn-beijing.aliyuncs.com/"));

    // ALIBABA_CLOUD_ENDPOINT redirects to a local service, as the quickstart does with the emulator.
    let emulator = emulator().await;
    let env =
        Env::from_vars([home_var, ("ALIBABA_CLOUD_ENDPOINT".into(), emulator.base_url()), ("ALIBABA_CLOUD_REGION_ID".into(), "cn-shanghai".into())]);
    let client = Client::builder().env(env).build().unwrap();
    assert_eq!(client.region(), Some("cn-shanghai"));
    client.list_ota_module_by_product().product_key("pk").send().await.unwrap();
    assert_eq!(emulator.requests()[0].header("x-acs-security-token"), Some(TOKEN));

    // Nothing configured: both problems are explained.
    let err = Client::builder().env(Env::from_vars([("HOME", "/nonexistent")])).build().unwrap_err();
    assert!(matches!(err, Error::Credentials(_)) && err.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{err}");
    let err = Client::builder().env(Env::from_vars([("HOME", "/nonexistent")])).credentials(Credentials::new("a", "b")).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)) && err.to_string().contains("ALIBABA_CLOUD_REGION_ID"), "{err}");
}

#[tokio::test]
async fn debug_output_never_contains_secrets() {
    // A V1 `SignatureDoesNotMatch` quotes the server's string to sign, which holds the token.
    let emulator = emulator().await;
    let builder = builder(&emulator)
        .credentials(Credentials::new("sts-id", "wrong-secret-value").with_security_token(TOKEN))
        .signature_version(SignatureVersion::V1);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let err = client.list_ota_module_by_product().product_key("pk").send().await.unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert!(err.to_string().contains("server string to sign"), "{err}");
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
    let twice_encoded_token = signing::percent_encode(&encoded_token);
    for text in [builder_debug, format!("{client:?}"), format!("{err:?}"), err.to_string(), format!("{transport:?}"), transport.to_string()] {
        for secret in [SECRET, "wrong-secret-value", TOKEN, encoded_token.as_str(), twice_encoded_token.as_str()] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

/// A field the spec does not know is kept in the raw body and reported once, by action and path.
#[tokio::test]
async fn unknown_fields_are_kept_in_the_raw_body_and_reported_once() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);
    impl Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emulator = emulator().await;
    let body =
        serde_json::json!({"Success": true, "Data": {"Total": 1, "Shiny": "new", "List": {"ProductInfo": [{"ProductName": "a", "Color": "red"}]}}});
    emulator.script(PRODUCTS, [Reply::Json(body.clone()), Reply::Json(body)]);
    let client = builder(&emulator).build().unwrap();
    for _ in 0..2 {
        let output = client.query_product_list().current_page(1).page_size(1).send().await.unwrap();
        assert_eq!(output.data.as_ref().unwrap().list[0].product_name.as_deref(), Some("a"));
        assert!(output.raw_body().text().contains(r#""Shiny":"new""#), "{}", output.raw_body().text());
    }
    let logged = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    for path in ["Data.Shiny", "Data.List.ProductInfo.Color"] {
        assert_eq!(logged.lines().filter(|l| l.ends_with(&format!("field={path}"))).count(), 1, "{path} once:\n{logged}");
    }
    assert!(logged.contains(PRODUCTS), "the action is named:\n{logged}");
}
