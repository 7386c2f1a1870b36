//! The client: configuration, then for every call rate limiting, signing, the HTTP exchange, error
//! mapping and retries. A product crate's generated operations only build parameters and call
//! [`Client::execute`].

mod request;
mod response;

use crate::Error;
use crate::credentials::{self, Credentials, Env, ProvideCredentials};
use crate::error::{TimeoutError, TimeoutScope, TransportError};
use crate::operation::Operation;
use crate::params::ToParams;
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
/// static DESCRIBE_REGIONS: Operation = Operation::new("DescribeRegions", Method::Post, true, None);
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
    fn expired(self) -> Error {
        // Whatever was in flight may have reached the service.
        Error::Timeout(TimeoutError { scope: self.scope, limit: self.limit, request_sent: true })
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
    /// - user agent suffix: `ALIBABA_CLOUD_USER_AGENT`.
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

    /// Runs one operation: the single entry point of every generated `send()`.
    pub async fn execute<I, O>(&self, op: &'static Operation, input: &I) -> Result<O, Error>
    where
        I: ToParams,
        O: crate::de::ActionOutput,
    {
        let mut params = input.to_params()?;
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
        let success = self.call(op, params.pairs(), decode_as::<O>).await?;
        Ok(*success.output.downcast::<O>().expect("decoded as O by `decode_as::<O>`"))
    }

    async fn call(&self, op: &'static Operation, params: &[(String, String)], decode: Decode) -> Result<Success<Decoded>, Error> {
        let span = tracing::info_span!(
            "aliyun_rpc.call",
            product = self.inner.product.code,
            action = op.action,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        async {
            let result = self.attempts(op, params, decode).await;
            let request_id = match &result {
                Ok(success) => success.request_id.as_deref(),
                Err(error) => error.request_id(),
            };
            if let Some(id) = request_id {
                tracing::Span::current().record("request_id", id);
            }
            match &result {
                Ok(_) => tracing::debug!("call succeeded"),
                Err(error) => tracing::debug!(%error, "call failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    /// Attempts until success, a final error, or the total deadline. There is one timer per
    /// attempt, for whichever deadline comes first, rather than one for the call plus one per
    /// attempt: on a fast network two timers per call are a measurable share of its cost.
    async fn attempts(&self, op: &'static Operation, params: &[(String, String)], decode: Decode) -> Result<Success<Decoded>, Error> {
        let inner = &*self.inner;
        let total = inner.timeouts.total.map(|limit| Deadline { at: Instant::now() + limit, limit, scope: TimeoutScope::Total });
        let mut attempt = 1;
        loop {
            // A wait that is over at once never arms its timer.
            match total {
                Some(total) => tokio::time::timeout_at(total.at, inner.rate_limiter.acquire(op)).await.map_err(|_| total.expired())?,
                None => inner.rate_limiter.acquire(op).await,
            }
            tracing::Span::current().record("attempt", attempt);
            let per_attempt = Deadline { at: Instant::now() + inner.timeouts.attempt, limit: inner.timeouts.attempt, scope: TimeoutScope::Attempt };
            let deadline = match total {
                Some(total) if total.at < per_attempt.at => total,
                _ => per_attempt,
            };
            let error = match tokio::time::timeout_at(deadline.at, self.attempt(op, params, decode)).await {
                Ok(Ok(success)) => return Ok(success),
                Ok(Err(error)) => error,
                Err(_) => deadline.expired(),
            };
            let Some(delay) = inner.retry.delay_before_retry(&error, attempt, op.idempotent) else {
                return Err(error);
            };
            if total.is_some_and(|total| Instant::now() + delay >= total.at) {
                // The next attempt could not start within the total timeout: the last error says more.
                return Err(error);
            }
            tracing::debug!(attempt, %error, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One signed request and its response.
    async fn attempt(&self, op: &'static Operation, params: &[(String, String)], decode: Decode) -> Result<Success<Decoded>, Error> {
        let inner = &*self.inner;
        // Cached; fetched only when there are none yet or they are due for a refresh.
        let credentials = match &inner.credentials {
            Some(cache) => Some(cache.get().await?),
            None => None,
        };
        let signed = request::sign(
            inner.signature_version,
            &request::Call { product: inner.product, op, params },
            credentials.as_deref(),
            &inner.endpoint,
            &crate::signing::nonce(),
            &crate::signing::now_timestamp(),
        );
        let request = signed.into_reqwest(&inner.http)?;
        let response = inner.http.execute(request).await.map_err(|e| self.transport_error(e))?;
        let status = response.status().as_u16();
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
        if error.is_connect() && error.is_timeout() {
            return Error::Timeout(TimeoutError { scope: TimeoutScope::Connect, limit: self.inner.timeouts.connect, request_sent: false });
        }
        // The URL carries the signed query (AccessKeyId, SecurityToken): keep it out of messages.
        Error::Transport(TransportError { request_sent: !error.is_connect(), source: error.without_url() })
    }
}

/// An output of some operation, decoded; [`Client::execute`] takes it back out as its type.
type Decoded = Box<dyn std::any::Any + Send>;

/// [`response::interpret`] for one output type, behind a plain function pointer, so that the call,
/// retry and attempt machinery is compiled once for all operations rather than once for each.
type Decode = fn(u16, response::Headers, bytes::Bytes, Option<&str>, &str) -> Result<Success<Decoded>, Error>;

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
// `Debug` is derived: `Credentials`, providers and `Env` redact themselves.
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
    client: PhantomData<fn() -> C>,
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

    /// Where unset settings are read from instead of the process environment (tests, embedders).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Limit for opening a connection (default 5 s).
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
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeouts.connect)
            .user_agent(user_agent)
            // A signed RPC request is never redirected; a 3xx means a wrong endpoint, reported as such.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?;
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                product: self.product,
                http,
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

#[cfg(test)]
mod tests;
