//! Runtime behaviour that needs operations the API does not have (a non-idempotent write, an
//! operation without parameters), and configuration parsing. End-to-end tests with the generated
//! operations are in `generated/tests/end_to_end.rs`.

use super::*;
use crate::operation::Method;
use crate::params::{BuildError, Params};
use request::Call;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A write: repeating it after an unknown outcome could apply it twice.
const CREATE_THING: Operation = Operation::new("CreateThing", Method::Post).with_body(&["Name"]);

/// A made-up product: the runtime knows none of its own.
static EXAMPLE: Product = Product::new("Example", "2020-01-01", "example.{region}.aliyuncs.com")
    .with_user_agent("example-rust/0.1")
    .with_default_params(&[crate::DefaultParam::new("InstanceId", "EXAMPLE_INSTANCE_ID")]);

struct Name(&'static str);

impl ToParams for Name {
    fn write_params(&self, prefix: &str, out: &mut Params) -> Result<(), BuildError> {
        out.scalar(prefix, "Name", &Some(self.0.to_string()), Some("name"))
    }
}

#[derive(serde::Deserialize, Debug)]
struct Created {
    #[serde(rename = "RequestId")]
    request_id: String,
}

impl crate::de::ActionOutput for Created {}

async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R"}"#).set_delay(Duration::from_millis(400));
    Mock::given(any()).respond_with(slow).mount(&server).await;
    server
}

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder(&EXAMPLE)
        .endpoint(server.uri())
        .credentials(Credentials::new("id", "secret"))
        .env(Env::from_vars::<String, String>([]))
        .attempt_timeout(Duration::from_millis(100))
        .retry_policy(retry.base_delay(Duration::from_millis(1)))
        .build()
        .unwrap()
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_non_idempotent_action_is_not_repeated_after_an_unknown_outcome() {
    let server = slow_server().await;
    let err = client(&server, RetryPolicy::standard()).execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.scope == TimeoutScope::Attempt && t.request_sent), "{err:?}");
    assert!(err.outcome_unknown() && err.is_retryable());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn retrying_non_idempotent_actions_is_an_opt_in() {
    let server = slow_server().await;
    let retry = RetryPolicy::standard().retry_non_idempotent(true);
    client(&server, retry).execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap_err();
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_non_idempotent_action_is_repeated_when_the_service_refused_it() {
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(400).set_body_string(r#"{"Code":"Throttling.Api","Message":"slow down"}"#);
    Mock::given(any()).respond_with(throttled).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R-OK"}"#)).mount(&server).await;
    let retry = RetryPolicy::standard().throttling_base_delay(Duration::from_millis(1));
    let created = client(&server, retry).execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
    assert_eq!(created.request_id, "R-OK");
    assert_eq!(requests(&server).await, 2);
}

#[test]
fn endpoints_accept_http_https_and_bare_hosts() {
    let local = Endpoint::parse("http://127.0.0.1:8790").unwrap();
    assert_eq!((local.url.as_str(), local.host.as_str(), local.path.as_str()), ("http://127.0.0.1:8790/", "127.0.0.1:8790", "/"));
    let bare = Endpoint::parse("example.cn-shanghai.aliyuncs.com").unwrap();
    assert_eq!((bare.url.as_str(), bare.host.as_str()), ("https://example.cn-shanghai.aliyuncs.com/", "example.cn-shanghai.aliyuncs.com"));
    let default_port = Endpoint::parse("https://example.com:443/prefix").unwrap();
    assert_eq!((default_port.host.as_str(), default_port.path.as_str()), ("example.com", "/prefix"));
    let ipv6 = Endpoint::parse("http://[::1]:9000").unwrap();
    assert_eq!(ipv6.host, "[::1]:9000");
    for bad in ["ftp://example.com", "http://example.com/?a=b", "http://user:pw@example.com", "http://", "http://example.com/a%20b"] {
        assert!(matches!(Endpoint::parse(bad), Err(Error::Config(_))), "{bad}");
    }
}

#[test]
fn region_ids_are_checked_before_they_become_host_names() {
    let builder = || Client::builder(&EXAMPLE).credentials(Credentials::new("id", "secret")).env(Env::from_vars::<String, String>([]));
    assert_eq!(builder().region("cn-shanghai").build().unwrap().endpoint(), "https://example.cn-shanghai.aliyuncs.com/");
    assert!(matches!(builder().region("evil.com/x").build(), Err(Error::Config(_))));
}

/// Whether the signature is right is checked end to end (`tests/end_to_end.rs` verifies every
/// request); this checks what goes where.
#[test]
fn v1_post_puts_common_parameters_in_the_query_and_its_own_in_the_body() {
    let endpoint = Endpoint::parse("http://127.0.0.1:1").unwrap();
    let credentials = Credentials::new("testid", "testsecret").with_security_token("tok");
    let params = vec![("Name".to_string(), "a b".to_string())];
    let signed = request::sign(
        SignatureVersion::V1,
        &Call { product: &EXAMPLE, op: &CREATE_THING, params: &params },
        Some(&credentials),
        &endpoint,
        "N1",
        "2016-02-23T12:46:24Z",
    );
    assert_eq!(signed.body.as_deref(), Some("Name=a%20b"));
    let (base, query) = signed.url.split_once('?').unwrap();
    assert_eq!(base, "http://127.0.0.1:1/");
    let names: Vec<&str> = query.split('&').map(|pair| pair.split_once('=').unwrap().0).collect();
    assert_eq!(
        names,
        [
            "AccessKeyId",
            "Action",
            "Format",
            "SecurityToken",
            "Signature",
            "SignatureMethod",
            "SignatureNonce",
            "SignatureVersion",
            "Timestamp",
            "Version"
        ]
    );
    assert!(query.contains("Timestamp=2016-02-23T12%3A46%3A24Z&Version=2020-01-01"), "{query}");
    let header_names: Vec<&str> = signed.headers.iter().map(|(name, _)| *name).collect();
    assert_eq!(header_names, ["host", "content-type"]);
}

#[test]
fn v3_get_signs_headers_and_sends_parameters_in_the_query() {
    let endpoint = Endpoint::parse("http://127.0.0.1:1").unwrap();
    let op = Operation { method: Method::Get, ..CREATE_THING };
    let params = vec![("Name".to_string(), "a b".to_string())];
    let signed = request::sign(
        SignatureVersion::V3,
        &Call { product: &EXAMPLE, op: &op, params: &params },
        Some(&Credentials::new("id", "s")),
        &endpoint,
        "N1",
        "2016-02-23T12:46:24Z",
    );
    assert_eq!((signed.url.as_str(), signed.body.as_deref()), ("http://127.0.0.1:1/?Name=a%20b", None));
    let header = |name: &str| signed.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
    assert_eq!(header("x-acs-content-sha256"), Some(crate::signing::v3::EMPTY_PAYLOAD_HASH));
    assert_eq!(header("x-acs-signature-nonce"), Some("N1"));
    assert_eq!(header("content-type"), None);
    assert!(header("authorization").unwrap().starts_with(
        "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
    ));
}

/// An anonymous request has no credentials nor signature, in either version; an anonymous client
/// looks for no credentials.
#[test]
fn anonymous_requests_go_unsigned() {
    let endpoint = Endpoint::parse("http://127.0.0.1:1").unwrap();
    let params = vec![("Name".to_string(), "a".to_string())];
    let call = Call { product: &EXAMPLE, op: &CREATE_THING, params: &params };
    let v1 = request::sign(SignatureVersion::V1, &call, None, &endpoint, "N1", "2016-02-23T12:46:24Z");
    assert_eq!(v1.url, "http://127.0.0.1:1/?Action=CreateThing&Format=JSON&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2020-01-01");
    assert_eq!(v1.body.as_deref(), Some("Name=a"));
    let v3 = request::sign(SignatureVersion::V3, &call, None, &endpoint, "N1", "2016-02-23T12:46:24Z");
    let names: Vec<&str> = v3.headers.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "content-type"]);
    let client = Client::builder(&EXAMPLE).endpoint("http://127.0.0.1:1").env(Env::from_vars::<String, String>([])).anonymous().build().unwrap();
    assert!(format!("{client:?}").contains(r#"credentials: "anonymous""#), "{client:?}");
}

/// Each parameter goes where the operation says, in both signature versions; the signature covers
/// all of them either way (checked end to end against the emulator).
#[test]
fn parameters_go_in_the_query_or_the_body_as_the_operation_says() {
    let endpoint = Endpoint::parse("http://127.0.0.1:1").unwrap();
    let op = Operation::new("MixThings", Method::Post).with_body(&["Tag"]);
    let params = vec![("PageSize".to_string(), "2".to_string()), ("Tag.1.Key".to_string(), "k".to_string())];
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let call = Call { product: &EXAMPLE, op: &op, params: &params };
        let signed = request::sign(version, &call, Some(&Credentials::new("id", "s")), &endpoint, "N1", "2016-02-23T12:46:24Z");
        assert!(signed.url.contains("PageSize=2") && !signed.url.contains("Tag.1.Key"), "{version:?}: {}", signed.url);
        assert_eq!(signed.body.as_deref(), Some("Tag.1.Key=k"), "{version:?}");
    }
    let get = Operation { method: Method::Get, ..op };
    let signed = request::sign(
        SignatureVersion::V3,
        &Call { product: &EXAMPLE, op: &get, params: &params },
        Some(&Credentials::new("id", "s")),
        &endpoint,
        "N1",
        "2016-02-23T12:46:24Z",
    );
    assert!(signed.url.contains("Tag.1.Key=k") && signed.body.is_none(), "a GET sends everything in the query");
}

/// A client-wide parameter goes with every action that takes it, from the builder or the
/// environment; a call's own value wins; a name the product does not declare is refused.
#[tokio::test]
async fn client_wide_parameters_go_with_the_actions_that_take_them() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R"}"#)).mount(&server).await;
    static TAKES: Operation = Operation::new("ListThings", Method::Get).idempotent().with_default_params(&["InstanceId"]);
    static IGNORES: Operation = Operation::new("ListOthers", Method::Get).idempotent();
    let (takes, ignores) = (&TAKES, &IGNORES);
    let builder = || Client::builder(&EXAMPLE).endpoint(server.uri()).credentials(Credentials::new("id", "secret"));
    let from_builder = builder().env(Env::from_vars::<String, String>([])).default_param("InstanceId", "inst-1").build().unwrap();
    let from_env = builder().env(Env::from_vars([("EXAMPLE_INSTANCE_ID", "inst-2")])).build().unwrap();
    from_builder.execute::<_, Created>(takes, &Params::new()).await.unwrap();
    from_builder.execute::<_, Created>(ignores, &Params::new()).await.unwrap();
    from_env.execute::<_, Created>(takes, &Params::new()).await.unwrap();
    let mut own = Params::new();
    own.scalar("", "InstanceId", &Some("own".to_string()), None).unwrap();
    from_builder.execute::<_, Created>(takes, &own).await.unwrap();
    let queries: Vec<String> = server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or_default().to_string()).collect();
    assert!(queries[0].contains("InstanceId=inst-1"), "{}", queries[0]);
    assert!(!queries[1].contains("InstanceId"), "{}", queries[1]);
    assert!(queries[2].contains("InstanceId=inst-2"), "{}", queries[2]);
    assert!(queries[3].contains("InstanceId=own") && !queries[3].contains("inst-1"), "{}", queries[3]);
    let unknown = builder().env(Env::from_vars::<String, String>([])).default_param("Region", "x").build();
    assert!(matches!(unknown, Err(Error::Config(m)) if m.contains("`Region` is not a client-wide parameter")));
}

#[test]
fn a_region_s_endpoint_comes_from_the_list_then_the_rule_and_neither_is_an_error_naming_both() {
    static LISTED: Product = Product::new("Listed", "2020-01-01", "")
        .without_endpoint_rule()
        .with_endpoints(&[("cn-beijing", "listed.aliyuncs.com"), ("cn-hangzhou", "listed-hz.aliyuncs.com")]);
    static RULED: Product =
        Product::new("Ruled", "2020-01-01", "ruled.{region}.aliyuncs.com").with_endpoints(&[("cn-hangzhou-finance", "ruled.aliyuncs.com")]);
    let build = |product: &'static Product, region: &str| {
        Client::builder(product).credentials(Credentials::new("id", "secret")).env(Env::from_vars::<String, String>([])).region(region).build()
    };
    assert_eq!(build(&LISTED, "cn-hangzhou").unwrap().endpoint(), "https://listed-hz.aliyuncs.com/");
    assert_eq!(build(&RULED, "cn-hangzhou-finance").unwrap().endpoint(), "https://ruled.aliyuncs.com/");
    assert_eq!(build(&RULED, "eu-west-9").unwrap().endpoint(), "https://ruled.eu-west-9.aliyuncs.com/");
    match build(&LISTED, "eu-west-9") {
        Err(Error::Config(message)) => assert!(message.contains("Listed") && message.contains("eu-west-9"), "{message}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn region_id_is_sent_from_the_client_s_region_and_a_required_one_is_checked_before_any_io() {
    /// An action taking `RegionId` (required) and the product's `InstanceId`.
    const IN_REGION: Operation = Operation::new("InRegion", Method::Get)
        .idempotent()
        .with_default_params(&["RegionId", "InstanceId"])
        .with_required_defaults(&[("RegionId", "region_id")]);
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R"}"#)).mount(&server).await;
    let builder =
        || Client::builder(&EXAMPLE).endpoint(server.uri()).credentials(Credentials::new("id", "secret")).env(Env::from_vars::<String, String>([]));
    let client = builder().region("cn-shanghai").default_param("InstanceId", "i-1").build().unwrap();
    client.execute::<_, Created>(&IN_REGION, &Params::new()).await.unwrap();
    let sent = server.received_requests().await.unwrap();
    let query = sent[0].url.query().unwrap_or_default().to_string();
    assert!(query.contains("RegionId=cn-shanghai") && query.contains("InstanceId=i-1"), "{query}");
    // Without a region (an endpoint alone), the required RegionId is missing, and said so.
    let error = builder().build().unwrap().execute::<_, Created>(&IN_REGION, &Params::new()).await.unwrap_err();
    assert!(error.to_string().contains("RegionId"), "{error}");
    assert_eq!(requests(&server).await, 1, "refused before any I/O");
}

async fn answering(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server).await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(&EXAMPLE).endpoint(server.uri()).credentials(Credentials::new("id", "secret")).env(Env::from_vars::<String, String>([]))
}

/// `Duration::MAX` says "no limit"; it once overflowed the clock.
#[tokio::test]
async fn an_attempt_timeout_past_the_clock_s_range_is_no_limit() {
    let server = answering(r#"{"RequestId":"R"}"#).await;
    let client = builder(&server).attempt_timeout(Duration::MAX).connect_timeout(Duration::MAX).build().unwrap();
    client.execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
}

#[tokio::test]
async fn a_total_timeout_past_the_clock_s_range_is_no_limit() {
    let server = answering(r#"{"RequestId":"R"}"#).await;
    let client = builder(&server).total_timeout(Some(Duration::MAX)).build().unwrap();
    client.execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
    // And the wait before a retry is checked against it without overflowing either.
    let throttled = ResponseTemplate::new(400).set_body_string(r#"{"Code":"Throttling.Api","Message":"slow down"}"#);
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(throttled.insert_header("x-acs-retry-after", "1")).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R"}"#)).mount(&server).await;
    let retry = RetryPolicy::standard().max_delay(Duration::MAX);
    let client = builder(&server).total_timeout(Some(Duration::MAX)).retry_policy(retry).build().unwrap();
    client.execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
}

/// A QPS whose spacing overflowed a `Duration` once panicked; now the action has its one request,
/// and the next call waits for a slot until its total timeout, having sent nothing.
#[tokio::test]
async fn a_tiny_qps_leaves_one_request_and_then_times_out_unsent() {
    let server = answering(r#"{"RequestId":"R"}"#).await;
    let client = builder(&server)
        .rate_limit(RateLimit::documented().action_qps("CreateThing", 1e-30))
        .total_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    client.execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
    let error = client.execute::<_, Created>(&CREATE_THING, &Name("b")).await.unwrap_err();
    assert!(matches!(&error, Error::Timeout(t) if t.scope == TimeoutScope::Total && !t.request_sent), "{error:?}");
    assert_eq!(requests(&server).await, 1);
}

/// Gives `slow-id` after `delay`.
#[derive(Debug)]
struct SlowProvider {
    delay: Duration,
}

impl ProvideCredentials for SlowProvider {
    fn provide_credentials(&self) -> credentials::CredentialsFuture<'_> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            Ok(Credentials::new("slow-id", "slow-secret"))
        })
    }
}

/// Credentials are resolved before the attempt's clock starts: a fetch slower than an attempt may
/// take does not fail the call, even of a non-idempotent action (which an attempt timeout, saying
/// the request may have been sent, would end).
#[tokio::test]
async fn a_credentials_fetch_slower_than_the_attempt_timeout_does_not_fail_the_call() {
    let server = answering(r#"{"RequestId":"R"}"#).await;
    let client = builder(&server)
        .credentials_provider(SlowProvider { delay: Duration::from_millis(300) })
        .attempt_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    client.execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
    assert_eq!(requests(&server).await, 1);
}

/// A fetch is still bounded by the total timeout, which then says nothing was sent.
#[tokio::test]
async fn a_credentials_fetch_past_the_total_timeout_is_reported_as_not_sent() {
    let server = answering(r#"{"RequestId":"R"}"#).await;
    let client = builder(&server)
        .credentials_provider(SlowProvider { delay: Duration::from_secs(30) })
        .total_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let error = client.execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap_err();
    assert!(matches!(&error, Error::Timeout(t) if t.scope == TimeoutScope::Total && !t.request_sent), "{error:?}");
    assert!(!error.outcome_unknown());
    assert_eq!(requests(&server).await, 0);
}

/// Retries `Thing.Busy`, which the default classifier takes for final.
#[derive(Debug)]
struct BusyIsTransient;

impl crate::retry::ClassifyRetry for BusyIsTransient {
    fn classify_retry(&self, error: &Error, operation: &Operation) -> crate::retry::RetryAction {
        match error.code() {
            Some("Thing.Busy") => crate::retry::RetryAction::Transient,
            _ => crate::retry::DefaultRetryClassifier.classify_retry(error, operation),
        }
    }
}

#[tokio::test]
async fn a_classifier_of_one_s_own_retries_a_code_the_default_does_not() {
    use crate::retry::ClassifyRetry as _;
    let busy_once = || async {
        let server = MockServer::start().await;
        let busy = ResponseTemplate::new(400).set_body_string(r#"{"Code":"Thing.Busy","Message":"try later","RequestId":"R-BUSY"}"#);
        Mock::given(any()).respond_with(busy).up_to_n_times(1).with_priority(1).mount(&server).await;
        Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R-OK"}"#)).mount(&server).await;
        server
    };
    let server = busy_once().await;
    let error = client(&server, RetryPolicy::standard()).execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap_err();
    assert_eq!(error.code(), Some("Thing.Busy"));
    assert_eq!(requests(&server).await, 1, "final by default");

    let server = busy_once().await;
    let retry = RetryPolicy::standard().classifier(BusyIsTransient);
    let created = client(&server, retry).execute::<_, Created>(&CREATE_THING, &Name("a")).await.unwrap();
    assert_eq!(created.request_id, "R-OK");
    assert_eq!(requests(&server).await, 2);
    // The default classifier is what it delegates to for the rest.
    assert_eq!(crate::retry::DefaultRetryClassifier.classify_retry(&error, &CREATE_THING), crate::retry::RetryAction::DoNotRetry);
}

/// STS calls read only the proxy variables of the process (through `Env::only`), so that its
/// proxy carries them while its region and endpoint settings, which are the product's, do not apply.
#[test]
fn a_client_can_take_only_the_proxy_variables_of_an_environment() {
    let env = Env::from_vars([("https_proxy", "http://proxy:3128"), ("NO_PROXY", "internal"), ("ALIBABA_CLOUD_REGION_ID", "not a region")]);
    let only = env.only(PROXY_VARS);
    assert_eq!((only.var("https_proxy").as_deref(), only.var("NO_PROXY").as_deref()), (Some("http://proxy:3128"), Some("internal")));
    assert_eq!(only.var("ALIBABA_CLOUD_REGION_ID"), None);
    assert_eq!(env_proxies(&only).unwrap().len(), 1);
    assert!(Client::builder(&EXAMPLE).endpoint("http://127.0.0.1:1").anonymous().env(only).build().is_ok());
}
