//! Temporary credentials from STS (`Sts` 2015-04-01): `AssumeRole`, signed with source credentials,
//! and `AssumeRoleWithOIDC`, which the OIDC token authorizes and which is sent unsigned, as the
//! official SDKs send it. Both are RPC calls: common parameters in the query, the action's in a form
//! body, signed (`AssumeRole`) with the runtime's V1 signature as the official credential
//! libraries sign it.

use super::http::{self, Http, TemporaryCredentials};
use super::{Cache, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::error::{DecodeError, ServiceError, TransportError};
use crate::signing::{self, canonical_query, v1};
use crate::{Error, RetryPolicy};
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The STS API version.
const VERSION: &str = "2015-04-01";
/// The global STS endpoint.
pub(crate) const DEFAULT_ENDPOINT: &str = "sts.aliyuncs.com";
/// Session length asked for when none is configured (what the official tools ask for).
const DEFAULT_DURATION: Duration = Duration::from_secs(3600);
/// Limit for one STS request, connecting included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The STS endpoint for a region: `sts.<region>.aliyuncs.com`, or `sts-vpc.<region>.aliyuncs.com`
/// from within a VPC.
pub(crate) fn regional_endpoint(region: &str, vpc: bool) -> String {
    format!("sts{}.{region}.aliyuncs.com", if vpc { "-vpc" } else { "" })
}

/// Where STS calls go and through which HTTP client.
#[derive(Clone)]
struct Sts {
    endpoint: String,
    http: Arc<Http>,
}

impl Sts {
    fn new() -> Self {
        Sts { endpoint: DEFAULT_ENDPOINT.to_string(), http: Http::shared() }
    }

    /// `STS <action> at <origin>`, to name the provider in errors.
    fn describe(&self, action: &str) -> String {
        match http::endpoint_url(&self.endpoint) {
            Ok(url) => format!("STS {action} at {}", http::origin(&url)),
            Err(_) => format!("STS {action}"),
        }
    }

    /// Calls `action` with the `form` parameters, signed with `signer` when there is one, retried
    /// like any call of the runtime's client. The error is a reason with every one of `secrets`
    /// scrubbed.
    async fn call(
        &self,
        action: &'static str,
        form: &[(&'static str, String)],
        signer: Option<&Credentials>,
        secrets: &[&str],
    ) -> Result<Credentials, String> {
        let url = http::endpoint_url(&self.endpoint)?;
        let client = self.http.general()?;
        let retry = RetryPolicy::standard();
        let mut attempt = 1;
        loop {
            tracing::debug!(action, endpoint = %http::origin(&url), attempt, "requesting temporary credentials from STS");
            let error = match self.attempt(client, url.clone(), action, form, signer).await {
                Ok(credentials) => return Ok(credentials),
                Err(error) => error,
            };
            // STS only hands out credentials: repeating a call whose outcome is unknown is harmless.
            match retry.delay_before_retry(&error, attempt, true) {
                Some(delay) => {
                    let reason = http::scrub(error.to_string(), secrets);
                    tracing::debug!(action, attempt, error = %reason, delay_ms = delay.as_millis() as u64, "retrying STS");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return Err(http::scrub(error.to_string(), secrets)),
            }
        }
    }

    async fn attempt(
        &self,
        client: &reqwest::Client,
        mut url: reqwest::Url,
        action: &'static str,
        form: &[(&'static str, String)],
        signer: Option<&Credentials>,
    ) -> Result<Credentials, Error> {
        let timestamp = signing::now_timestamp();
        let nonce = signing::nonce();
        let mut query: Vec<(&str, &str)> = vec![("Action", action), ("Version", VERSION), ("Format", "JSON"), ("Timestamp", &timestamp)];
        let signature;
        if let Some(credentials) = signer {
            query.extend([
                ("AccessKeyId", credentials.access_key_id()),
                ("SignatureMethod", v1::SIGNATURE_METHOD),
                ("SignatureVersion", v1::SIGNATURE_VERSION),
                ("SignatureNonce", nonce.as_str()),
            ]);
            if let Some(token) = credentials.security_token() {
                query.push(("SecurityToken", token));
            }
            // The signature covers query and form alike.
            let mut signed = query.clone();
            signed.extend(form.iter().map(|(name, value)| (*name, value.as_str())));
            signature = v1::sign(credentials.access_key_secret(), &v1::string_to_sign("POST", &signed));
            query.push(("Signature", &signature));
        }
        url.set_query(Some(&canonical_query(&query)));
        let transport = |e: reqwest::Error| Error::Transport(TransportError { request_sent: !e.is_connect(), source: e.without_url() });
        let response = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, FORM_CONTENT_TYPE)
            .body(canonical_query(form))
            .timeout(REQUEST_TIMEOUT)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status().as_u16();
        let header_request_id = response.headers().get("x-acs-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
        let body = response.bytes().await.map_err(transport)?;
        interpret(status, &body, header_request_id)
    }
}

/// An STS answer: `Credentials` on success, `Code` and `Message` on error.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Reply {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    credentials: Option<TemporaryCredentials>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    recommend: Option<String>,
    #[serde(default)]
    host_id: Option<String>,
}

fn interpret(http_status: u16, body: &[u8], header_request_id: Option<String>) -> Result<Credentials, Error> {
    // No body excerpt is kept: a body that is not what STS should send may still hold credentials.
    let decode_error = |message: String, request_id: Option<String>| {
        Error::Decode(Box::new(DecodeError { http_status, message, body_excerpt: String::new(), request_id, retry_after: None }))
    };
    let reply: Reply = match http::from_json(body) {
        Ok(reply) => reply,
        Err(message) => return Err(decode_error(format!("HTTP {http_status}: {message}"), header_request_id)),
    };
    let request_id = reply.request_id.or(header_request_id);
    match (http_status, reply.code.filter(|c| !c.is_empty())) {
        (200..=299, None) => match reply.credentials {
            Some(credentials) => credentials.into_credentials().map_err(|message| decode_error(message, request_id)),
            None => Err(decode_error("the response has no Credentials".into(), request_id)),
        },
        (_, Some(code)) => Err(Error::Service(Box::new(ServiceError {
            code,
            message: reply.message.unwrap_or_default(),
            request_id,
            http_status,
            recommend: reply.recommend,
            host_id: reply.host_id,
            retry_after: None,
            transient: false,
        }))),
        (_, None) => Err(decode_error(format!("HTTP {http_status} without an error code"), request_id)),
    }
}

/// The settings both role providers take, written once.
macro_rules! role_settings {
    () => {
        /// `RoleSessionName` (default `aliyun-rpc-runtime-<milliseconds>`), shown in audit logs.
        pub fn session_name(mut self, name: impl Into<String>) -> Self {
            self.session_name = name.into();
            self
        }

        /// How long the credentials last (`DurationSeconds`, default 1 hour, at least 15 minutes).
        pub fn duration(mut self, duration: Duration) -> Self {
            self.duration = duration;
            self
        }

        /// A policy (JSON) that further restricts the role's permissions.
        pub fn policy(mut self, policy: impl Into<String>) -> Self {
            self.policy = Some(policy.into());
            self
        }

        /// The STS endpoint: a host (HTTPS) such as `sts.cn-hangzhou.aliyuncs.com` or
        /// `sts-vpc.cn-hangzhou.aliyuncs.com`, or an `http(s)://` URL; default `sts.aliyuncs.com`.
        pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.sts.endpoint = endpoint.into();
            self
        }

        pub(crate) fn with_http(mut self, http: Arc<Http>) -> Self {
            self.sts.http = http;
            self
        }
    };
}

/// Temporary credentials of a RAM role, from STS `AssumeRole` signed with source credentials (the
/// CLI's `RamRoleArn` and `ChainableRamRoleArn` modes, the credentials file's `ram_role_arn`).
/// The source's own temporary credentials are cached and refreshed like a client's.
///
/// ```
/// use aliyun_rpc_runtime::credentials::{AssumeRoleProvider, Credentials};
/// let provider = AssumeRoleProvider::new(Credentials::new("LTAI...", "secret"), "acs:ram::123456789012:role/reader")
///     .session_name("reporting")
///     .sts_endpoint("sts.cn-shanghai.aliyuncs.com");
/// ```
pub struct AssumeRoleProvider {
    source: Cache,
    role_arn: String,
    session_name: String,
    duration: Duration,
    policy: Option<String>,
    external_id: Option<String>,
    sts: Sts,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` (`acs:ram::<account>:role/<name>`) with the credentials of `source`.
    pub fn new(source: impl ProvideCredentials + 'static, role_arn: impl Into<String>) -> Self {
        Self::with_source(Arc::new(source), role_arn.into())
    }

    pub(crate) fn with_source(source: Arc<dyn ProvideCredentials>, role_arn: String) -> Self {
        AssumeRoleProvider {
            source: Cache::new(source),
            role_arn,
            session_name: http::default_session_name(),
            duration: DEFAULT_DURATION,
            policy: None,
            external_id: None,
            sts: Sts::new(),
        }
    }

    role_settings!();

    /// `ExternalId`, when the role's trust policy requires one.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let name = self.sts.describe("AssumeRole");
        let source = self.source.get().await.map_err(|e| CredentialsError::failed(&name, format!("source credentials: {}", e.summary())))?;
        let mut form = vec![
            ("RoleArn", self.role_arn.clone()),
            ("RoleSessionName", self.session_name.clone()),
            ("DurationSeconds", self.duration.as_secs().to_string()),
        ];
        if let Some(policy) = &self.policy {
            form.push(("Policy", policy.clone()));
        }
        if let Some(external_id) = &self.external_id {
            form.push(("ExternalId", external_id.clone()));
        }
        let secrets = [source.access_key_secret(), source.security_token().unwrap_or_default()];
        let result = self.sts.call("AssumeRole", &form, Some(&source), &secrets).await;
        if let Err(reason) = &result
            && (reason.contains("InvalidSecurityToken.Expired") || reason.contains("InvalidAccessKeyId"))
        {
            // The source's temporary credentials were refused: fetch them anew next time.
            self.source.invalidate(&source);
        }
        result.map_err(|reason| CredentialsError::failed(name, reason))
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("policy", &self.policy.is_some())
            .field("external_id", &self.external_id.is_some())
            .field("sts_endpoint", &self.sts.endpoint)
            .field("source", &self.source)
            .finish()
    }
}

/// Temporary credentials of a RAM role for an OIDC identity, from STS `AssumeRoleWithOIDC`: RRSA
/// on ACK, where the cluster mounts a service-account token and sets `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`. The token file is read
/// anew for every request, as the cluster rotates it.
///
/// ```
/// use aliyun_rpc_runtime::credentials::OidcRoleProvider;
/// let provider = OidcRoleProvider::new(
///     "acs:ram::123456789012:role/app",
///     "acs:ram::123456789012:oidc-provider/ack-rrsa-c1",
///     "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
/// );
/// ```
pub struct OidcRoleProvider {
    role_arn: String,
    provider_arn: String,
    token_file: PathBuf,
    session_name: String,
    duration: Duration,
    policy: Option<String>,
    sts: Sts,
}

impl OidcRoleProvider {
    /// Assumes `role_arn` with the OIDC token in `token_file`, issued by `oidc_provider_arn`.
    pub fn new(role_arn: impl Into<String>, oidc_provider_arn: impl Into<String>, token_file: impl Into<PathBuf>) -> Self {
        OidcRoleProvider {
            role_arn: role_arn.into(),
            provider_arn: oidc_provider_arn.into(),
            token_file: token_file.into(),
            session_name: http::default_session_name(),
            duration: DEFAULT_DURATION,
            policy: None,
            sts: Sts::new(),
        }
    }

    role_settings!();

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let name = self.sts.describe("AssumeRoleWithOIDC");
        let fail = |reason: String| CredentialsError::failed(&name, reason);
        let token = std::fs::read_to_string(&self.token_file)
            .map_err(|e| fail(format!("cannot read the OIDC token file {}: {e}", self.token_file.display())))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(fail(format!("the OIDC token file {} is empty", self.token_file.display())));
        }
        let mut form = vec![
            ("RoleArn", self.role_arn.clone()),
            ("OIDCProviderArn", self.provider_arn.clone()),
            ("OIDCToken", token.to_string()),
            ("RoleSessionName", self.session_name.clone()),
            ("DurationSeconds", self.duration.as_secs().to_string()),
        ];
        if let Some(policy) = &self.policy {
            form.push(("Policy", policy.clone()));
        }
        self.sts.call("AssumeRoleWithOIDC", &form, None, &[token]).await.map_err(fail)
    }
}

impl ProvideCredentials for OidcRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for OidcRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("oidc_provider_arn", &self.provider_arn)
            .field("token_file", &self.token_file)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("policy", &self.policy.is_some())
            .field("sts_endpoint", &self.sts.endpoint)
            .finish()
    }
}
