//! The client: configuration, then for every call rate limiting, signing, the HTTP exchange, error
//! mapping and retries. A product crate's generated operations only build parameters and call
//! [`Client::execute`].

mod request;
mod response;

use crate::Error;
use crate::credentials::{self, Credentials, Env, ProvideCredentials};
use crate::error::{TimeoutError, TimeoutScope, TransportError};
use crate::operation::Operation;
use crate::params::{Params, ToParams};
use crate::product::Product;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::retry::RetryPolicy;
use crate::signing::SignatureVersion;
use response::Success;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument as _;

/// Environment variables that name the region, first match wins (as the aliyun CLI reads them).
const REGION_VARS: &[&str] = &["ALIBABA_CLOUD_REGION_ID", "ALIBABACLOUD_REGION_ID", "ALICLOUD_REGION_ID"];

/// A client for one RPC product. Cheap to clone: clones share the connection pool, the
/// configuration and the rate limiter. Product crates wrap it in their own `Client`, whose
/// methods build each action's request and end in [`Client::execute`].
///
/// ```no_run
/// # async fn demo() -> Result<(), aliyun_rpc_runtime::Error> {
/// use aliyun_rpc_runtime::{Client, Credentials, Method, Operation, Product};
/// static PRODUCT: Product = Product::new("Ecs", "2014-05-26", "ecs.{region}.aliyuncs.com");
/// static DESCRIBE_REGIONS: Operation = Operation::new("DescribeRegions", Method::Post).idempotent();
/// let client: Client = Client::builder(&PRODUCT)
///     .region("cn-shanghai")
///     .credentials(Credentials::new("LTAI...", "secret"))
///     .build()?;
/// let regions: serde_json::Value = client.execute(&DESCRIBE_REGIONS, &aliyun_rpc_runtime::params::Params::new()).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    product: &'static Product,
    http: reqwest::Client,
    /// Whether `http` is the runtime's own, built with `timeouts.connect` (else the user's, whose
    /// connect timeout the runtime does not know).
    own_http: bool,
    /// Set on every request rather than on the HTTP client, so that a client of the user's
    /// ([`ClientBuilder::http_client`]) sends it too.
    user_agent: reqwest::header::HeaderValue,
    endpoint: Endpoint,
    region: Option<String>,
    /// Fetched, cached and refreshed per attempt; shared by clones. `None`: anonymous, requests go
    /// unsigned.
    credentials: Option<credentials::Cache>,
    signature_version: SignatureVersion,
    retry: RetryPolicy,
    timeouts: Timeouts,
    rate_limiter: RateLimiter,
    /// Client-wide parameters with their values (see [`Product::default_params`]).
    defaults: Vec<(&'static str, String)>,
}

/// Where requests go: `scheme://host[:port]/path`.
#[derive(Debug)]
struct Endpoint {
    /// The URL without query, the base of every request URL.
    url: String,
    /// The `host` header value: host, and the port when it is not the scheme's default.
    host: String,
    path: String,
}

impl Endpoint {
    /// An `http://` or `https://` URL, or a bare host name (HTTPS).
    fn parse(text: &str) -> Result<Self, Error> {
        let with_scheme = if text.contains("://") { text.to_string() } else { format!("https://{text}") };
        let invalid = |why: &str| Error::Config(format!("endpoint `{text}`: {why}"));
        let url = reqwest::Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("must not have a query, a fragment or user information"));
        }
        // The V3 canonical URI encodes the decoded path; a plain path is its own decoding.
        if !url.path().bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~/".contains(&b)) {
            return Err(invalid("the path may only hold letters, digits, `-_.~` and `/`"));
        }
        let host_name = url.host_str().ok_or_else(|| invalid("no host"))?;
        let host = match url.port() {
            Some(port) => format!("{host_name}:{port}"),
            None => host_name.to_string(),
        };
        Ok(Endpoint { url: url.as_str().to_string(), host, path: url.path().to_string() })
    }
}

/// When a timeout fires, and which one it is.
#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    limit: Duration,
    scope: TimeoutScope,
}

impl Deadline {
    /// `limit` after `start`; `None` when that is past the clock's range (e.g. `Duration::MAX`),
    /// a natural way to say "no limit".
    fn after(start: Instant, limit: Duration, scope: TimeoutScope) -> Option<Deadline> {
        Some(Deadline { at: start.checked_add(limit)?, limit, scope })
    }

    fn expired(self, request_sent: bool) -> Error {
        Error::Timeout(TimeoutError { scope: self.scope, limit: self.limit, request_sent })
    }
}

/// Runs `work` until `deadline`, if there is one. `request_sent`: whether a request may be in
/// flight while `work` runs, which the timeout then reports. Work that is done at once never arms
/// the timer.
async fn within<T>(deadline: Option<Deadline>, request_sent: bool, work: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline.at, work).await.unwrap_or_else(|_| Err(deadline.expired(request_sent))),
        None => work.await,
    }
}

/// How long connecting, one attempt and a whole call may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Timeouts {
    connect: Duration,
    attempt: Duration,
    total: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        // The official runtimes use 5 s to connect and 10 s to read.
        Timeouts { connect: Duration::from_secs(5), attempt: Duration::from_secs(10), total: Some(Duration::from_secs(60)) }
    }
}

impl Client {
    /// A builder for `product`; anything not set on it is resolved from the environment at
    /// [`build`](ClientBuilder::build), as [`from_env`](Client::from_env) does.
    pub fn builder(product: &'static Product) -> ClientBuilder {
        ClientBuilder::new(product)
    }

    /// A client for `product` configured like the official tools:
    ///
    /// - credentials: the [`CredentialsChain`](credentials::CredentialsChain):
    ///   `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET`/`ALIBABA_CLOUD_SECURITY_TOKEN`, an OIDC role (RRSA),
    ///   the aliyun CLI profile, `~/.alibabacloud/credentials`, the ECS instance RAM role,
    ///   `ALIBABA_CLOUD_CREDENTIALS_URI` (see [`crate::credentials`]);
    /// - region: `ALIBABA_CLOUD_REGION_ID` (or `ALIBABACLOUD_REGION_ID`, `ALICLOUD_REGION_ID`),
    ///   then the CLI profile's `region_id`;
    /// - endpoint: `ALIBABA_CLOUD_ENDPOINT`, else the product's endpoint for the region;
    /// - user agent suffix: `ALIBABA_CLOUD_USER_AGENT`;
    /// - proxies: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their lowercase
    ///   names), as curl and reqwest read them; a builder's [`http_client`](ClientBuilder::http_client)
    ///   replaces them with its own.
    pub fn from_env(product: &'static Product) -> Result<Client, Error> {
        Client::builder(product).build()
    }

    /// The product this client calls.
    pub fn product(&self) -> &'static Product {
        self.inner.product
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint.url
    }

    /// The region, if one was configured (it may be unknown when only an endpoint was given).
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// Runs one operation with an owned input, as a future that borrows nothing: what every
    /// generated `send()` returns. The future is built here, once for all actions, so a generated
    /// crate holds no `async` body of its own (each would cost every user's build); the
    /// parameters are written before it is first polled.
    pub fn send<I, O>(&self, op: &'static Operation, input: I) -> impl Future<Output = Result<O, Error>> + Send + use<I, O>
    where
        I: ToParams,
        O: crate::de::ActionOutput,
    {
        let client = self.clone();
        let params = input.to_params();
        async move { downcast(client.call_with_params(op, params?, decode_as::<O>).await?) }
    }

    /// Runs one operation.
    pub async fn execute<I, O>(&self, op: &'static Operation, input: &I) -> Result<O, Error>
    where
        I: ToParams,
        O: crate::de::ActionOutput,
    {
        let params = input.to_params()?;
        downcast(self.call_with_params(op, params, decode_as::<O>).await?)
    }

    /// The part of [`execute`](Self::execute) that does not depend on the input and output types:
    /// compiled once, not once per action.
    async fn call_with_params(&self, op: &'static Operation, mut params: Params, decode: Decode) -> Result<Success<Decoded>, Error> {
        for name in op.default_params {
            // A call's own value wins.
            if params.pairs().iter().any(|(n, _)| n == name) {
                continue;
            }
            let value = match *name {
                crate::protocol::REGION_ID => self.inner.region.clone(),
                _ => self.inner.defaults.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()),
            };
            let required = op.required_defaults.iter().find(|(n, _)| n == name).map(|(_, setter)| *setter);
            params.scalar("", name, &value, required)?;
        }
        // The output is decoded within the attempt, in the one pass over the body that also reads
        // the envelope, so that a business error (`Success: false`) is retried like any other.
        self.call(op, params.pairs(), decode).await
    }

    /// One call, in one `aliyun_rpc.call` span. Its fields are declared up front, as OpenTelemetry
    /// exporters (`tracing-opentelemetry`) only export declared fields: `product` and `action`;
    /// `attempt`, the number of the last attempt; `http_status` and `request_id` of the last
    /// response; `retry_reason` of the last retry (the classification and the error's code or
    /// kind, see [`retry_reason`]); `otel.kind` (client) and `otel.status_code` (`ERROR` when the
    /// call fails). None holds a secret: neither credentials nor parameters are recorded.
    async fn call(&self, op: &'static Operation, params: &[(String, String)], decode: Decode) -> Result<Success<Decoded>, Error> {
        let span = tracing::info_span!(
            "aliyun_rpc.call",
            product = self.inner.product.code,
            action = op.action,
            attempt = tracing::field::Empty,
            http_status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            retry_reason = tracing::field::Empty,
            "otel.kind" = "client",
            "otel.status_code" = tracing::field::Empty,
        );
        async {
            let result = self.attempts(op, params, decode, &span).await;
            let request_id = match &result {
                Ok(success) => success.request_id.as_deref(),
                Err(error) => error.request_id(),
            };
            if let Some(id) = request_id {
                span.record("request_id", id);
            }
            match &result {
                Ok(_) => tracing::debug!("call succeeded"),
                Err(error) => {
                    span.record("otel.status_code", "ERROR");
                    tracing::debug!(%error, "call failed");
                }
            }
            result
        }
        .instrument(span.clone())
        .await
    }

    /// Attempts until success, a final error, or the total deadline. There is one timer per
    /// attempt, for whichever deadline comes first, rather than one for the call plus one per
    /// attempt: on a fast network two timers per call are a measurable share of its cost.
    async fn attempts(
        &self,
        op: &'static Operation,
        params: &[(String, String)],
        decode: Decode,
        span: &tracing::Span,
    ) -> Result<Success<Decoded>, Error> {
        let inner = &*self.inner;
        let total = inner.timeouts.total.and_then(|limit| Deadline::after(Instant::now(), limit, TimeoutScope::Total));
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            let error = match self.try_once(op, params, decode, total, span).await {
                Ok(success) => return Ok(success),
                Err(error) => error,
            };
            let Some((delay, action)) = inner.retry.retry_after_failure(&error, attempt, op) else {
                return Err(error);
            };
            if total.is_some_and(|total| Instant::now().checked_add(delay).is_none_or(|at| at >= total.at)) {
                // The next attempt could not start within the total timeout: the last error says more.
                return Err(error);
            }
            let reason = retry_reason(action, &error);
            span.record("retry_reason", reason.as_str());
            tracing::debug!(attempt, %error, retry_reason = reason.as_str(), delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: credentials, a rate-limit slot, then the request within the attempt timeout.
    ///
    /// Credentials come first, outside the attempt's clock (but within the total timeout): a fetch
    /// (STS with its own retries) may take longer than an attempt, and nothing has been sent while
    /// it runs, so a timeout then says so and even a non-idempotent action may be tried again.
    async fn try_once(
        &self,
        op: &'static Operation,
        params: &[(String, String)],
        decode: Decode,
        total: Option<Deadline>,
        span: &tracing::Span,
    ) -> Result<Success<Decoded>, Error> {
        let inner = &*self.inner;
        // Cached; fetched only when there are none yet or they are due for a refresh.
        let credentials = match &inner.credentials {
            Some(cache) => Some(within(total, false, async { Ok(cache.get().await?) }).await?),
            None => None,
        };
        within(total, false, async {
            inner.rate_limiter.acquire(op).await;
            Ok(())
        })
        .await?;
        let per_attempt = Deadline::after(Instant::now(), inner.timeouts.attempt, TimeoutScope::Attempt);
        // The earlier of the two; the attempt's on a tie.
        let deadline = [per_attempt, total].into_iter().flatten().min_by_key(|deadline| deadline.at);
        // Whatever is in flight when the deadline comes may have reached the service.
        within(deadline, true, self.attempt(op, params, decode, credentials, span)).await
    }

    /// One signed request and its response.
    async fn attempt(
        &self,
        op: &'static Operation,
        params: &[(String, String)],
        decode: Decode,
        credentials: Option<Arc<Credentials>>,
        span: &tracing::Span,
    ) -> Result<Success<Decoded>, Error> {
        let inner = &*self.inner;
        let signed = request::sign(
            inner.signature_version,
            &request::Call { product: inner.product, op, params },
            credentials.as_deref(),
            &inner.endpoint,
            &crate::signing::nonce(),
            &crate::signing::now_timestamp(),
        );
        let mut request = signed.into_reqwest(&inner.http)?;
        request.headers_mut().insert(reqwest::header::USER_AGENT, inner.user_agent.clone());
        let response = inner.http.execute(request).await.map_err(|e| self.transport_error(e))?;
        let status = response.status().as_u16();
        span.record("http_status", status);
        let headers = response::Headers::from(response.headers());
        // A failure while reading the body is after sending: `transport_error` sees it is no connect error.
        let body = response.bytes().await.map_err(|e| self.transport_error(e))?;
        decode(status, headers, body, credentials.as_deref().and_then(Credentials::security_token), op.action).map_err(|mut error| {
            if let Error::Service(e) = &mut error {
                e.transient = inner.product.transient_codes.contains(&e.code.as_str());
                if e.code == "InvalidSecurityToken.Expired"
                    && let (Some(cache), Some(credentials)) = (&inner.credentials, &credentials)
                {
                    // Expired sooner than they said (or the clocks disagree): the next call fetches anew.
                    cache.invalidate(credentials);
                }
            }
            error
        })
    }

    fn transport_error(&self, error: reqwest::Error) -> Error {
        // The connect timeout of a client of the user's is not known: its timeouts are transport errors.
        if self.inner.own_http && error.is_connect() && error.is_timeout() {
            return Error::Timeout(TimeoutError { scope: TimeoutScope::Connect, limit: self.inner.timeouts.connect, request_sent: false });
        }
        // The URL carries the signed query (AccessKeyId, SecurityToken): keep it out of messages.
        Error::Transport(TransportError { request_sent: !error.is_connect(), source: error.without_url() })
    }
}

/// Why an attempt is repeated, for traces and logs: the classification, and the error's code (a
/// service error), HTTP status (a response not understood) or kind. Nothing secret.
fn retry_reason(action: crate::retry::RetryAction, error: &Error) -> String {
    let what = match error {
        Error::Service(e) => e.code.clone(),
        Error::Decode(e) => format!("HTTP {}", e.http_status),
        Error::Timeout(e) => match e.scope {
            TimeoutScope::Connect => "connect timeout".into(),
            TimeoutScope::Attempt => "attempt timeout".into(),
            TimeoutScope::Total => "total timeout".into(),
        },
        Error::Transport(e) if e.request_sent => "connection failed after sending".into(),
        Error::Transport(_) => "connection failed".into(),
        Error::Credentials(_) => "credentials".into(),
        Error::Build(_) | Error::Config(_) => "request".into(),
    };
    format!("{} ({what})", action.as_str())
}

/// An output of some operation, decoded; [`Client::execute`] takes it back out as its type.
type Decoded = Box<dyn std::any::Any + Send>;

/// [`response::interpret`] for one output type, behind a plain function pointer, so that the call,
/// retry and attempt machinery is compiled once for all operations rather than once for each.
type Decode = fn(u16, response::Headers, bytes::Bytes, Option<&str>, &str) -> Result<Success<Decoded>, Error>;

/// The output [`decode_as`] decoded, as its type.
fn downcast<O: 'static>(success: Success<Decoded>) -> Result<O, Error> {
    Ok(*success.output.downcast::<O>().expect("decoded as O by `decode_as::<O>`"))
}

fn decode_as<O: crate::de::ActionOutput>(
    status: u16,
    headers: response::Headers,
    body: bytes::Bytes,
    security_token: Option<&str>,
    action: &str,
) -> Result<Success<Decoded>, Error> {
    let mut success = response::interpret::<O>(status, headers, body.clone(), security_token, action)?;
    success.output.keep_raw_body(crate::de::RawBody::new(body));
    Ok(Success { request_id: success.request_id, output: Box::new(success.output) })
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("product", &inner.product.code)
            .field("version", &inner.product.version)
            .field("endpoint", &inner.endpoint.url)
            .field("http_client", if inner.own_http { &"built-in" } else { &"given" })
            .field("region", &inner.region)
            .field("credentials", inner.credentials.as_ref().map_or(&"anonymous" as &dyn fmt::Debug, |cache| cache))
            .field("signature_version", &inner.signature_version)
            .field("retry", &inner.retry)
            .field("timeouts", &inner.timeouts)
            .field("rate_limit", &inner.rate_limiter)
            .field("defaults", &inner.defaults)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Every setting is optional; unset ones come from the environment (see
/// [`Client::from_env`]) or defaults. `C` is what [`build`](Self::build) returns: this crate's
/// [`Client`], or a product crate's client that wraps it.
///
/// Requests go through an HTTP client the runtime builds, which uses the proxies the environment
/// names (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, read through [`env`](Self::env)),
/// or through one you give ([`http_client`](Self::http_client)) for anything else: a proxy with
/// credentials, a private CA, a shared connection pool.
// `Debug` is derived: `Credentials`, providers, `Env` and a given HTTP client redact themselves.
#[derive(Debug)]
pub struct ClientBuilder<C = Client> {
    product: &'static Product,
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<CredentialsSetting>,
    env: Option<Env>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    signature_version: SignatureVersion,
    user_agent_suffix: Option<String>,
    defaults: Vec<(String, String)>,
    http_client: Option<GivenHttpClient>,
    client: PhantomData<fn() -> C>,
}

/// What [`ClientBuilder::http_client`] was given. Its `Debug` only says there is one: a client's
/// default headers may hold secrets.
struct GivenHttpClient(reqwest::Client);

impl fmt::Debug for GivenHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("reqwest::Client { .. }")
    }
}

/// What [`ClientBuilder`] was given for credentials.
#[derive(Debug)]
enum CredentialsSetting {
    Static(Credentials),
    Provider(Arc<dyn ProvideCredentials>),
    Anonymous,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `product` with nothing set.
    pub fn new(product: &'static Product) -> Self {
        ClientBuilder {
            product,
            region: None,
            endpoint: None,
            credentials: None,
            env: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::default(),
            signature_version: SignatureVersion::default(),
            user_agent_suffix: None,
            defaults: Vec::new(),
            http_client: None,
            client: PhantomData,
        }
    }

    /// The region, e.g. `cn-shanghai`; the endpoint is then the product's endpoint for it.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Any `http://` or `https://` base URL (or a bare host name, for HTTPS), e.g. a local
    /// emulator `http://127.0.0.1:8790`. Takes precedence over the region's endpoint.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Static credentials: the first step of the chain, so nothing else is looked up. They are
    /// used as given for the client's lifetime (an [expiry](Credentials::expiry) is not acted
    /// upon: give a [provider](Self::credentials_provider) for credentials that must be refreshed).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSetting::Static(credentials));
        self
    }

    /// Credentials from `provider` instead of the chain: e.g. an
    /// [`AssumeRoleProvider`](credentials::AssumeRoleProvider), a
    /// [`CredentialsChain`](credentials::CredentialsChain) with other endpoints, or one of your own.
    /// The client asks it at its first call and again whenever the credentials it gave are
    /// about to expire (see [`crate::credentials`]); clones share what it gave.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(CredentialsSetting::Provider(Arc::new(provider)));
        self
    }

    /// No credentials: requests go unsigned, for actions that take none (STS `AssumeRoleWithOIDC`,
    /// which its OIDC token authorizes).
    pub(crate) fn anonymous(mut self) -> Self {
        self.credentials = Some(CredentialsSetting::Anonymous);
        self
    }

    /// Where unset settings are read from instead of the process environment (tests, embedders):
    /// the proxy variables too, unless an [`http_client`](Self::http_client) is given.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Sends requests with `client` instead of one the runtime builds: to use a proxy of your own
    /// or one that needs credentials, trust a private CA or present a client certificate, tune
    /// the connection pool, or share one pool with the rest of a program.
    ///
    /// The runtime then changes nothing of `client`: the [`connect_timeout`](Self::connect_timeout)
    /// and the proxy variables of the [environment](Self::env) are not applied (a connect timeout
    /// of `client` shows as a [`TransportError`](crate::TransportError)), nor its redirect policy:
    /// build `client` with `redirect(reqwest::redirect::Policy::none())`, since a signed request
    /// must not follow a redirect. Attempt and total timeouts, retries, rate limiting, signing and
    /// the `User-Agent` header (set on every request) apply as usual.
    ///
    /// ```no_run
    /// # fn demo(product: &'static aliyun_rpc_runtime::Product) -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?.basic_auth("user", "password"))
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()?;
    /// let client: aliyun_rpc_runtime::Client = aliyun_rpc_runtime::Client::builder(product).http_client(http).build()?;
    /// # Ok(()) }
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(GivenHttpClient(client));
        self
    }

    /// Limit for opening a connection (default 5 s); for the runtime's own HTTP client only.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Limit for one attempt: sending the request and reading the whole response (default 10 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Limit for a whole call, retries, backoff and rate-limit waits included (default 60 s;
    /// `None`: bounded only by the attempts).
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeouts.total = timeout;
        self
    }

    /// When and how failed attempts are repeated (default [`RetryPolicy::standard`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limiting (default [`RateLimit::documented`]).
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    /// V3 (`ACS3-HMAC-SHA256`, default) or V1 (`HMAC-SHA1`).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Text appended to the `User-Agent` header, e.g. `my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Sends `value` as the client-wide parameter `name` with every action that takes it, unless a
    /// call sets its own; `name` must be one of the product's
    /// [`default_params`](Product::default_params), each of which is otherwise read from its
    /// environment variable.
    pub fn default_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.defaults.retain(|(n, _)| *n != name);
        self.defaults.push((name, value.into()));
        self
    }

    /// Resolves what is unset from the environment and makes the client.
    pub fn build(self) -> Result<C, Error> {
        let env = self.env.unwrap_or_else(Env::process);
        let credentials = match self.credentials {
            Some(CredentialsSetting::Static(credentials)) => Some(credentials::Cache::fixed(credentials)),
            Some(CredentialsSetting::Provider(provider)) => Some(credentials::Cache::new(provider)),
            Some(CredentialsSetting::Anonymous) => None,
            // Fails now if no step of the chain applies; fetches at the first call.
            None => Some(credentials::Cache::new(Arc::new(credentials::CredentialsChain::from_env(&env)?))),
        };
        let region = self.region.or_else(|| env.first_var(REGION_VARS)).or_else(|| credentials::cli_profile_region(&env));
        if let Some(region) = &region
            && (region.is_empty() || !region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        {
            return Err(Error::Config(format!("`{region}` is not a region id (like cn-shanghai)")));
        }
        let endpoint = match (self.endpoint.or_else(|| env.var("ALIBABA_CLOUD_ENDPOINT")), &region) {
            (Some(endpoint), _) => Endpoint::parse(&endpoint)?,
            (None, Some(region)) => match self.product.endpoint_for(region) {
                Some(host) => Endpoint::parse(&format!("https://{host}"))?,
                None => {
                    let known: Vec<&str> = self.product.endpoints.iter().map(|(r, _)| *r).collect();
                    return Err(Error::Config(format!(
                        "{} has no endpoint in region `{region}` (it has one in: {}); call `endpoint(..)` on the builder \
                         if the region is new",
                        self.product.code,
                        known.join(", ")
                    )));
                }
            },
            (None, None) => {
                return Err(Error::Config(
                    "no region and no endpoint: set ALIBABA_CLOUD_REGION_ID (or region_id in the aliyun CLI profile), \
                     or call `region(..)` or `endpoint(..)` on the builder"
                        .into(),
                ));
            }
        };
        let mut user_agent = format!(
            "{} aliyun-rpc-runtime/{} ({}; {})",
            self.product.user_agent,
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        for suffix in [env.var("ALIBABA_CLOUD_USER_AGENT"), self.user_agent_suffix].into_iter().flatten() {
            user_agent.push(' ');
            user_agent.push_str(&suffix);
        }
        if let Some((name, _)) = self.defaults.iter().find(|(name, _)| !self.product.default_params.iter().any(|d| d.name == name)) {
            let known: Vec<&str> = self.product.default_params.iter().map(|d| d.name).collect();
            return Err(Error::Config(format!("`{name}` is not a client-wide parameter of {} (those are: {})", self.product.code, known.join(", "))));
        }
        let defaults = self
            .product
            .default_params
            .iter()
            .filter_map(|d| {
                let set = self.defaults.iter().find(|(name, _)| name == d.name).map(|(_, value)| value.clone());
                set.or_else(|| env.var(d.env)).filter(|v| !v.is_empty()).map(|value| (d.name, value))
            })
            .collect();
        let user_agent = reqwest::header::HeaderValue::try_from(user_agent).map_err(|_| {
            Error::Config("the user agent suffix (ALIBABA_CLOUD_USER_AGENT or `user_agent_suffix`) has characters a header cannot hold".into())
        })?;
        let (http, own_http) = match self.http_client {
            Some(GivenHttpClient(http)) => (http, false),
            None => {
                let mut builder = reqwest::Client::builder()
                    .connect_timeout(self.timeouts.connect)
                    // A signed RPC request is never redirected; a 3xx means a wrong endpoint, reported as such.
                    .redirect(reqwest::redirect::Policy::none())
                    // Proxies from `env`, which is the process environment unless the builder was given another.
                    .no_proxy();
                for proxy in env_proxies(&env)? {
                    builder = builder.proxy(proxy);
                }
                (builder.build().map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?, true)
            }
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                product: self.product,
                http,
                own_http,
                user_agent,
                endpoint,
                region,
                credentials,
                signature_version: self.signature_version,
                retry: self.retry,
                timeouts: self.timeouts,
                rate_limiter: RateLimiter::new(self.rate_limit),
                defaults,
            }),
        }))
    }
}

/// The variables [`env_proxies`] reads, for clients that read nothing else from the environment.
pub(crate) const PROXY_VARS: &[&str] =
    &["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "REQUEST_METHOD"];

/// The proxies `env` names, read as curl and reqwest read them: `HTTPS_PROXY` for HTTPS endpoints,
/// `HTTP_PROXY` for HTTP ones, `ALL_PROXY` for either when its own is unset (each name also in
/// lowercase), except for the hosts `NO_PROXY` lists (names, which match their subdomains too, IP
/// addresses and ranges, or `*` for every host). None in a CGI program (`REQUEST_METHOD` set),
/// whose `HTTP_PROXY` a request's `Proxy` header could set.
fn env_proxies(env: &Env) -> Result<Vec<reqwest::Proxy>, Error> {
    let no_proxy_list = env.first_var(&["NO_PROXY", "no_proxy"]);
    // reqwest's `*` matches host names but not IP addresses; curl's, every host.
    if env.var("REQUEST_METHOD").is_some() || no_proxy_list.as_deref().is_some_and(|list| list.split(',').any(|entry| entry.trim() == "*")) {
        return Ok(Vec::new());
    }
    let no_proxy = no_proxy_list.and_then(|list| reqwest::NoProxy::from_string(&list));
    type ForScheme = fn(String) -> reqwest::Result<reqwest::Proxy>;
    let schemes: [(&str, &str, ForScheme); 3] = [
        ("HTTPS_PROXY", "https_proxy", reqwest::Proxy::https::<String>),
        ("HTTP_PROXY", "http_proxy", reqwest::Proxy::http::<String>),
        // After the others: the first proxy that takes a request is used.
        ("ALL_PROXY", "all_proxy", reqwest::Proxy::all::<String>),
    ];
    let mut proxies = Vec::new();
    for (upper, lower, for_scheme) in schemes {
        let Some((name, url)) = [upper, lower].into_iter().find_map(|name| env.var(name).map(|url| (name, url))) else {
            continue;
        };
        // The value is not quoted: it may hold the proxy's password.
        let proxy = for_scheme(url).map_err(|_| Error::Config(format!("{name} is not a proxy URL")))?;
        proxies.push(proxy.no_proxy(no_proxy.clone()));
    }
    Ok(proxies)
}

#[cfg(test)]
mod tests;
