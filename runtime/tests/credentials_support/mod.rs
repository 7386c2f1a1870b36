//! Loopback servers for the credentials tests, all sharing one store of the keys they know:
//!
//! - an STS endpoint (`AssumeRole` checked against the V1 signature it recomputes with the
//!   runtime's signing functions, `AssumeRoleWithOIDC` checked to be unsigned and to carry the
//!   expected token) that issues numbered temporary credentials;
//! - an ECS metadata service with IMDSv2 (or IMDSv1 only);
//! - a credentials URI;
//! - a product endpoint that checks every call's V3 signature, security token and expiry.
//!
//! Plus a tracing subscriber that keeps every line, to look for secrets in them.

#![allow(dead_code)]

use aliyun_rpc_runtime::params::Params;
use aliyun_rpc_runtime::signing::{format_timestamp, v1, v3};
use aliyun_rpc_runtime::{Client, ClientBuilder, Env, Error, Method, Operation, Product};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub(crate) const ROLE_ARN: &str = "acs:ram::1234567890:role/reader";
pub(crate) const OIDC_PROVIDER_ARN: &str = "acs:ram::1234567890:oidc-provider/ack-rrsa-test";

/// A key the servers accept.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub id: String,
    pub secret: String,
    pub token: Option<String>,
    /// Unix seconds after which the product refuses the key.
    pub expires: Option<u64>,
}

/// The keys every server knows, and each secret handed out (to look for them in output).
#[derive(Clone, Default)]
pub(crate) struct Keys(Arc<Mutex<HashMap<String, Key>>>);

impl Keys {
    pub(crate) fn add(&self, key: Key) {
        self.0.lock().unwrap().insert(key.id.clone(), key);
    }

    pub(crate) fn add_static(&self, id: &str, secret: &str, token: Option<&str>) {
        self.add(Key { id: id.into(), secret: secret.into(), token: token.map(str::to_string), expires: None });
    }

    pub(crate) fn get(&self, id: &str) -> Option<Key> {
        self.0.lock().unwrap().get(id).cloned()
    }

    /// Every secret and token known.
    pub(crate) fn secrets(&self) -> Vec<String> {
        self.0.lock().unwrap().values().flat_map(|k| [Some(k.secret.clone()), k.token.clone()]).flatten().collect()
    }

    /// Makes the product refuse `id` as expired from now on.
    pub(crate) fn expire(&self, id: &str) {
        if let Some(key) = self.0.lock().unwrap().get_mut(id) {
            key.expires = Some(0);
        }
    }
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// Decoded `name=value&...` pairs.
pub(crate) fn form_pairs(text: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{text}")).unwrap().query_pairs().into_owned().collect()
}

fn json(status: u16, value: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(value.to_string(), "application/json")
}

/// Issues `<prefix>.issued-N` credentials valid for `lifetime` seconds, and records them.
#[derive(Clone)]
pub(crate) struct Issuer {
    pub keys: Keys,
    prefix: &'static str,
    count: Arc<AtomicU32>,
    pub lifetime_secs: Arc<AtomicU64>,
}

impl Issuer {
    fn new(keys: &Keys, prefix: &'static str) -> Self {
        Issuer { keys: keys.clone(), prefix, count: Arc::default(), lifetime_secs: Arc::new(AtomicU64::new(3600)) }
    }

    fn issue(&self) -> serde_json::Value {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let expires = unix_now() + self.lifetime_secs.load(Ordering::SeqCst);
        let key = Key {
            id: format!("{}.issued-{n}", self.prefix),
            secret: format!("{}-issued-secret-{n}", self.prefix),
            token: Some(format!("{}-issued-token-{n}", self.prefix)),
            expires: Some(expires),
        };
        self.keys.add(key.clone());
        serde_json::json!({
            "AccessKeyId": key.id,
            "AccessKeySecret": key.secret,
            "SecurityToken": key.token,
            "Expiration": format_timestamp(expires),
        })
    }

    pub(crate) fn issued(&self) -> u32 {
        self.count.load(Ordering::SeqCst)
    }
}

/// How the STS server answers.
pub(crate) struct StsState {
    pub issuer: Issuer,
    /// The token `AssumeRoleWithOIDC` must carry.
    pub oidc_token: Mutex<String>,
    /// Answer every request with this error instead.
    pub fail: Mutex<Option<(u16, &'static str)>>,
    /// Parameters (query and form) of every request received.
    pub received: Mutex<Vec<HashMap<String, String>>>,
}

pub(crate) struct StsServer {
    pub server: MockServer,
    pub state: Arc<StsState>,
}

struct StsResponder(Arc<StsState>);

impl Respond for StsResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let state = &self.0;
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let form = form_pairs(std::str::from_utf8(&request.body).unwrap());
        let all: Vec<(String, String)> = query.iter().chain(&form).cloned().collect();
        let params: HashMap<String, String> = all.iter().cloned().collect();
        state.received.lock().unwrap().push(params.clone());
        let error = |status: u16, code: &str, message: String| {
            json(status, serde_json::json!({"RequestId": "STS-REQ", "HostId": "sts.aliyuncs.com", "Code": code, "Message": message}))
        };
        if let Some((status, code)) = *state.fail.lock().unwrap() {
            return error(status, code, format!("{code} (as the test asked)"));
        }
        let param = |name: &str| params.get(name).map(String::as_str);
        if request.method.as_str() != "POST" || param("Version") != Some("2015-04-01") || param("Format") != Some("JSON") {
            return error(400, "InvalidParameter", "POST, Version 2015-04-01 and Format JSON expected".into());
        }
        if form.iter().any(|(name, _)| ["Action", "AccessKeyId", "Signature"].contains(&name.as_str())) {
            return error(400, "InvalidParameter", "common parameters belong in the query".into());
        }
        for required in ["RoleArn", "RoleSessionName", "DurationSeconds", "Timestamp"] {
            if param(required).is_none() {
                return error(400, &format!("Missing{required}"), format!("{required} is mandatory"));
            }
        }
        match param("Action") {
            Some("AssumeRole") => {
                let Some(key) = param("AccessKeyId").and_then(|id| state.issuer.keys.get(id)) else {
                    return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.".into());
                };
                if key.token.as_deref() != param("SecurityToken") {
                    return error(400, "InvalidSecurityToken.MismatchWithAccessKey", "the security token does not match".into());
                }
                let unsigned: Vec<&(String, String)> = all.iter().filter(|(name, _)| name != "Signature").collect();
                let string_to_sign = v1::string_to_sign("POST", &unsigned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect::<Vec<_>>());
                if param("Signature") != Some(v1::sign(&key.secret, &string_to_sign).as_str()) {
                    // As the real gateway does: the message quotes the string to sign.
                    return error(
                        400,
                        "SignatureDoesNotMatch",
                        format!("Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"),
                    );
                }
            }
            Some("AssumeRoleWithOIDC") => {
                if param("Signature").is_some() || param("AccessKeyId").is_some() {
                    return error(400, "InvalidParameter", "AssumeRoleWithOIDC is anonymous".into());
                }
                if param("OIDCProviderArn") != Some(OIDC_PROVIDER_ARN) {
                    return error(400, "InvalidParameter.OIDCProviderArn", "unknown provider".into());
                }
                if param("OIDCToken") != Some(state.oidc_token.lock().unwrap().as_str()) {
                    return error(400, "InvalidParameter.OIDCToken", "the token is not valid".into());
                }
            }
            _ => return error(400, "InvalidApi.NotFound", "unknown action".into()),
        }
        if param("RoleArn") != Some(ROLE_ARN) {
            return error(404, "EntityNotExist.Role", "The role not exists".into());
        }
        json(
            200,
            serde_json::json!({
                "RequestId": "STS-REQ",
                "AssumedRoleUser": {"Arn": format!("{ROLE_ARN}/{}", param("RoleSessionName").unwrap()), "AssumedRoleId": "3000:s"},
                "Credentials": state.issuer.issue(),
            }),
        )
    }
}

impl StsServer {
    /// Answers after `delay`.
    pub(crate) async fn start(keys: &Keys, delay: Duration) -> StsServer {
        let state = Arc::new(StsState {
            issuer: Issuer::new(keys, "STS"),
            oidc_token: Mutex::new(String::new()),
            fail: Mutex::new(None),
            received: Mutex::new(Vec::new()),
        });
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(StsDelayed(StsResponder(state.clone()), delay)).mount(&server).await;
        StsServer { server, state }
    }

    pub(crate) fn uri(&self) -> String {
        self.server.uri()
    }

    /// Requests received so far.
    pub(crate) fn requests(&self) -> usize {
        self.state.received.lock().unwrap().len()
    }

    pub(crate) fn received(&self) -> Vec<HashMap<String, String>> {
        self.state.received.lock().unwrap().clone()
    }

    pub(crate) fn set_lifetime(&self, seconds: u64) {
        self.state.issuer.lifetime_secs.store(seconds, Ordering::SeqCst);
    }

    pub(crate) fn fail_with(&self, failure: Option<(u16, &'static str)>) {
        *self.state.fail.lock().unwrap() = failure;
    }

    pub(crate) fn expect_oidc_token(&self, token: &str) {
        *self.state.oidc_token.lock().unwrap() = token.to_string();
    }
}

struct StsDelayed(StsResponder, Duration);

impl Respond for StsDelayed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request).set_delay(self.1)
    }
}

/// The metadata service's state.
pub(crate) struct MetadataState {
    pub issuer: Issuer,
    pub role: String,
    /// Hands out IMDSv2 tokens and requires them; else IMDSv1 only (the token path is 404).
    pub imdsv2: bool,
    tokens: AtomicU32,
    /// `METHOD path` of every request.
    pub received: Mutex<Vec<String>>,
}

pub(crate) struct MetadataServer {
    pub server: MockServer,
    pub state: Arc<MetadataState>,
}

struct MetadataResponder(Arc<MetadataState>);

impl Respond for MetadataResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let state = &self.0;
        let path = request.url.path();
        state.received.lock().unwrap().push(format!("{} {path}", request.method));
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        if path == "/latest/api/token" {
            if !state.imdsv2 {
                return ResponseTemplate::new(404);
            }
            if request.method.as_str() != "PUT" || header("x-aliyun-ecs-metadata-token-ttl-seconds") != Some("21600") {
                return ResponseTemplate::new(400);
            }
            let n = state.tokens.fetch_add(1, Ordering::SeqCst) + 1;
            return ResponseTemplate::new(200).set_body_string(format!("imds-session-token-{n}"));
        }
        if state.imdsv2 && !header("x-aliyun-ecs-metadata-token").is_some_and(|t| t.starts_with("imds-session-token-")) {
            return ResponseTemplate::new(401);
        }
        let prefix = "/latest/meta-data/ram/security-credentials/";
        match path.strip_prefix(prefix) {
            Some("") => ResponseTemplate::new(200).set_body_string(state.role.clone()),
            Some(role) if role == state.role => {
                let mut body = state.issuer.issue();
                body["Code"] = "Success".into();
                body["LastUpdated"] = format_timestamp(unix_now()).into();
                json(200, body)
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

impl MetadataServer {
    pub(crate) async fn start(keys: &Keys, role: &str, imdsv2: bool) -> MetadataServer {
        let state = Arc::new(MetadataState {
            issuer: Issuer::new(keys, "ECS"),
            role: role.to_string(),
            imdsv2,
            tokens: AtomicU32::new(0),
            received: Mutex::new(Vec::new()),
        });
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(MetadataResponder(state.clone())).mount(&server).await;
        MetadataServer { server, state }
    }

    pub(crate) fn uri(&self) -> String {
        self.server.uri()
    }

    pub(crate) fn received(&self) -> Vec<String> {
        self.state.received.lock().unwrap().clone()
    }
}

/// A credentials URI: `GET /credentials?auth=<secret>` gives credentials, anything else 403.
pub(crate) struct UriServer {
    pub server: MockServer,
    pub issuer: Issuer,
    /// Answer 500 instead.
    pub broken: Arc<AtomicBool>,
}

pub(crate) const URI_QUERY_SECRET: &str = "uri-query-secret-6a1f";

struct UriResponder(Issuer, Arc<AtomicBool>);

impl Respond for UriResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.1.load(Ordering::SeqCst) {
            return ResponseTemplate::new(500).set_body_string("internal error");
        }
        let authorized = request.url.query_pairs().any(|(name, value)| name == "auth" && value == URI_QUERY_SECRET);
        if request.method.as_str() != "GET" || request.url.path() != "/credentials" || !authorized {
            return ResponseTemplate::new(403);
        }
        json(200, self.0.issue())
    }
}

impl UriServer {
    pub(crate) async fn start(keys: &Keys) -> UriServer {
        let issuer = Issuer::new(keys, "URI");
        let broken = Arc::new(AtomicBool::new(false));
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(UriResponder(issuer.clone(), broken.clone())).mount(&server).await;
        UriServer { server, issuer, broken }
    }

    /// The URI, with its secret.
    pub(crate) fn uri(&self) -> String {
        format!("{}/credentials?auth={URI_QUERY_SECRET}", self.server.uri())
    }
}

/// A product endpoint checking the V3 signature, the security token and the expiry of the key of
/// every call; it answers `{"RequestId": "R"}`.
pub(crate) struct ProductServer {
    pub server: MockServer,
    /// The AccessKey ID of every call, in order, with whether it was accepted.
    pub calls: Arc<Mutex<Vec<(String, bool)>>>,
}

struct ProductResponder(Keys, Arc<Mutex<Vec<(String, bool)>>>);

impl ProductResponder {
    fn check(&self, request: &Request) -> Result<String, (String, &'static str)> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        let authorization = header("authorization").and_then(v3::Authorization::parse).ok_or((String::new(), "IncompleteSignature"))?;
        let id = authorization.access_key_id.to_string();
        let key = self.0.get(&id).ok_or((id.clone(), "InvalidAccessKeyId.NotFound"))?;
        if key.token.as_deref() != header("x-acs-security-token") {
            return Err((id, "InvalidSecurityToken.MismatchWithAccessKey"));
        }
        if key.expires.is_some_and(|expires| unix_now() > expires) {
            return Err((id, "InvalidSecurityToken.Expired"));
        }
        let headers: Vec<(String, String)> =
            request.headers.iter().map(|(name, value)| (name.as_str().to_string(), value.to_str().unwrap().to_string())).collect();
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let signed: Vec<&str> = authorization.signed_headers.split(';').collect();
        let payload_hash = v3::hash_payload(&request.body);
        if header("x-acs-content-sha256") != Some(payload_hash.as_str()) {
            return Err((id, "IncompleteSignature"));
        }
        let canonical = v3::canonical_request_over(request.method.as_str(), request.url.path(), &query, &headers, &signed, &payload_hash);
        if v3::signature(&key.secret, &canonical) != authorization.signature {
            return Err((id, "SignatureDoesNotMatch"));
        }
        Ok(id)
    }
}

impl Respond for ProductResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.check(request) {
            Ok(id) => {
                self.1.lock().unwrap().push((id, true));
                json(200, serde_json::json!({"RequestId": "R"}))
            }
            Err((id, code)) => {
                self.1.lock().unwrap().push((id, false));
                json(400, serde_json::json!({"RequestId": "R", "Code": code, "Message": format!("{code} (product check)")}))
            }
        }
    }
}

impl ProductServer {
    pub(crate) async fn start(keys: &Keys) -> ProductServer {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(ProductResponder(keys.clone(), calls.clone())).mount(&server).await;
        ProductServer { server, calls }
    }

    /// The AccessKey IDs of the accepted calls.
    pub(crate) fn accepted(&self) -> Vec<String> {
        self.calls.lock().unwrap().iter().filter(|(_, ok)| *ok).map(|(id, _)| id.clone()).collect()
    }

    pub(crate) fn refused(&self) -> usize {
        self.calls.lock().unwrap().iter().filter(|(_, ok)| !*ok).count()
    }

    /// A client builder for this endpoint that reads nothing from the process environment.
    pub(crate) fn client_builder(&self) -> ClientBuilder {
        Client::builder(&PRODUCT).endpoint(self.server.uri()).env(Env::from_vars::<String, String>([])).retry_policy(
            aliyun_rpc_runtime::RetryPolicy::standard().base_delay(Duration::from_millis(1)).throttling_base_delay(Duration::from_millis(1)),
        )
    }
}

/// A made-up product: the runtime knows none of its own.
pub(crate) static PRODUCT: Product = Product::new("Example", "2020-01-01", "example.{region}.aliyuncs.com");
static DESCRIBE: Operation = Operation::new("DescribeThings", Method::Post).idempotent();

/// One call of the made-up product.
pub(crate) async fn call(client: &Client) -> Result<serde_json::Value, Error> {
    client.execute(&DESCRIBE, &Params::new()).await
}

/// A fresh directory to act as HOME, removed on drop.
pub(crate) struct TempHome(pub PathBuf);

impl TempHome {
    pub(crate) fn new() -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!("rpc-credentials-it-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).unwrap();
        TempHome(path)
    }

    pub(crate) fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// HOME set to this directory, the metadata service disabled (so that a test never reaches
    /// for the real one), plus `vars`.
    pub(crate) fn env(&self, vars: &[(&str, &str)]) -> Env {
        let mut all: Vec<(String, String)> =
            vec![("HOME".into(), self.0.to_str().unwrap().into()), ("ALIBABA_CLOUD_ECS_METADATA_DISABLED".into(), "true".into())];
        for (name, value) in vars {
            all.retain(|(n, _)| n != name);
            all.push((name.to_string(), value.to_string()));
        }
        Env::from_vars(all)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every line a tracing subscriber sees: events and span fields, with level and target.
#[derive(Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<Vec<String>>>);

impl Capture {
    pub(crate) fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

static SPAN_IDS: AtomicU64 = AtomicU64::new(1);

impl tracing::Subscriber for Capture {
    fn register_callsite(&self, _: &'static tracing::Metadata<'static>) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::always()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!("span {} {}", span.metadata().target(), span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.push(line);
        tracing::span::Id::from_u64(SPAN_IDS.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = "record".to_string();
        values.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("{} {}", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}
