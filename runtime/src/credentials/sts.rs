//! Temporary credentials from STS (`Sts` 2015-04-01): `AssumeRole`, signed with source credentials,
//! and `AssumeRoleWithOIDC`, which the OIDC token authorizes and which is sent unsigned, as the
//! official SDKs send it. Both are actions the runtime's [`Client`] calls like any product's (with
//! the V1 signature, as the official credential libraries sign `AssumeRole`; the parameters in a
//! form body): this module holds only what makes them credentials.

use super::http::{self, TemporaryCredentials};
use super::{Cache, Credentials, CredentialsError, CredentialsFuture, Env, ProvideCredentials};
use crate::de::ActionOutput;
use crate::params::{BuildError, Params, ToParams};
use crate::{Client, Error, Method, Operation, Product, SignatureVersion};
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The global STS endpoint.
pub(crate) const DEFAULT_ENDPOINT: &str = "sts.aliyuncs.com";
/// Session length asked for when none is configured (what the official tools ask for).
const DEFAULT_DURATION: Duration = Duration::from_secs(3600);

/// STS; its clients are always given an endpoint, the global one unless configured otherwise.
static STS: Product = Product::new("Sts", "2015-04-01", DEFAULT_ENDPOINT);

// STS only hands out credentials: repeating a call whose outcome is unknown is harmless. Every
// parameter goes in the form body, as the official credential libraries send them (so the OIDC
// token is in no URL).
static ASSUME_ROLE: Operation =
    Operation::new("AssumeRole", Method::Post).idempotent().with_body(&["RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "ExternalId"]);
static ASSUME_ROLE_WITH_OIDC: Operation = Operation::new("AssumeRoleWithOIDC", Method::Post).idempotent().with_body(&[
    "RoleArn",
    "OIDCProviderArn",
    "OIDCToken",
    "RoleSessionName",
    "DurationSeconds",
    "Policy",
]);

/// The STS endpoint for a region: `sts.<region>.aliyuncs.com`, or `sts-vpc.<region>.aliyuncs.com`
/// from within a VPC.
pub(crate) fn regional_endpoint(region: &str, vpc: bool) -> String {
    format!("sts{}.{region}.aliyuncs.com", if vpc { "-vpc" } else { "" })
}

/// An action's parameters; those without a value are left out. No `Debug`: it holds the OIDC token.
struct Form(Vec<(&'static str, Option<String>)>);

impl ToParams for Form {
    fn write_params(&self, prefix: &str, out: &mut Params) -> Result<(), BuildError> {
        self.0.iter().try_for_each(|(name, value)| out.scalar(prefix, name, value, None))
    }
}

/// What both actions answer that matters here (the rest, `AssumedRoleUser`, ..., is skipped).
/// `Credentials` is read as any JSON, so that a body of another shape fails here, with a message
/// that quotes no value, rather than in the client's decoding, whose messages may quote one.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Issued {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    credentials: Option<serde_json::Value>,
}

/// Keeps no raw body: it holds the issued secret and token.
impl ActionOutput for Issued {}

impl Issued {
    fn into_credentials(self) -> Result<Credentials, String> {
        let Issued { request_id, credentials } = self;
        let credentials = match credentials {
            Some(credentials) => TemporaryCredentials::deserialize(credentials)
                .map_err(|_| "Credentials is not an object of text fields".to_string())
                .and_then(TemporaryCredentials::into_credentials),
            None => Err("the response has no Credentials".to_string()),
        };
        credentials.map_err(|reason| match request_id {
            Some(id) => format!("{reason} [request id {id}]"),
            None => reason,
        })
    }
}

/// Where STS calls go.
struct Sts {
    endpoint: String,
}

impl Sts {
    fn new() -> Self {
        Sts { endpoint: DEFAULT_ENDPOINT.to_string() }
    }

    /// `STS <action> at <origin>`, to name the provider in errors.
    fn describe(&self, action: &str) -> String {
        match http::endpoint_url(&self.endpoint) {
            Ok(url) => format!("STS {action} at {}", http::origin(&url)),
            Err(_) => format!("STS {action}"),
        }
    }

    /// Calls `op` signed with `signer`, or unsigned without one. A client is made per call: calls
    /// are rare (one per session) and each may have another signer.
    async fn call(&self, op: &'static Operation, form: &Form, signer: Option<Credentials>) -> Result<Issued, Error> {
        let builder = Client::builder(&STS)
            .endpoint(self.endpoint.as_str())
            // Nothing from the process but its proxies: its endpoint and region settings are the
            // product's, not STS's.
            .env(Env::process().only(crate::client::PROXY_VARS))
            .signature_version(SignatureVersion::V1);
        let client = match signer {
            Some(signer) => builder.credentials(signer),
            None => builder.anonymous(),
        }
        .build()?;
        tracing::debug!(action = op.action, endpoint = client.endpoint(), "requesting temporary credentials from STS");
        client.execute(op, form).await
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
        let name = self.sts.describe(ASSUME_ROLE.action);
        let source = self.source.get().await.map_err(|e| CredentialsError::failed(&name, format!("source credentials: {}", e.summary())))?;
        let form = Form(vec![
            ("RoleArn", Some(self.role_arn.clone())),
            ("RoleSessionName", Some(self.session_name.clone())),
            ("DurationSeconds", Some(self.duration.as_secs().to_string())),
            ("Policy", self.policy.clone()),
            ("ExternalId", self.external_id.clone()),
        ]);
        let issued = self.sts.call(&ASSUME_ROLE, &form, Some((*source).clone())).await;
        if let Err(error) = &issued
            && error.code().is_some_and(|code| code == "InvalidSecurityToken.Expired" || code.starts_with("InvalidAccessKeyId"))
        {
            // The source's temporary credentials were refused: fetch them anew next time.
            self.source.invalidate(&source);
        }
        let secrets = [source.access_key_secret(), source.security_token().unwrap_or_default()];
        issued
            .map_err(|error| http::scrub(error.to_string(), &secrets))
            .and_then(Issued::into_credentials)
            .map_err(|reason| CredentialsError::failed(name, reason))
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
        let name = self.sts.describe(ASSUME_ROLE_WITH_OIDC.action);
        let fail = |reason: String| CredentialsError::failed(&name, reason);
        let token = std::fs::read_to_string(&self.token_file)
            .map_err(|e| fail(format!("cannot read the OIDC token file {}: {e}", self.token_file.display())))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(fail(format!("the OIDC token file {} is empty", self.token_file.display())));
        }
        let form = Form(vec![
            ("RoleArn", Some(self.role_arn.clone())),
            ("OIDCProviderArn", Some(self.provider_arn.clone())),
            ("OIDCToken", Some(token.to_string())),
            ("RoleSessionName", Some(self.session_name.clone())),
            ("DurationSeconds", Some(self.duration.as_secs().to_string())),
            ("Policy", self.policy.clone()),
        ]);
        // The token authorizes the call: it goes unsigned.
        let issued = self.sts.call(&ASSUME_ROLE_WITH_OIDC, &form, None).await;
        issued.map_err(|error| http::scrub(error.to_string(), &[token])).and_then(Issued::into_credentials).map_err(fail)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn issued(body: &str) -> Result<Credentials, String> {
        serde_json::from_str::<Issued>(body).unwrap().into_credentials()
    }

    #[test]
    fn issued_credentials_and_why_there_are_none() {
        let ok = issued(r#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-02T03:04:05Z"}}"#);
        let ok = ok.unwrap();
        assert_eq!((ok.access_key_id(), ok.security_token()), ("STS.a", Some("t")));
        assert!(ok.expiry().is_some());
        assert_eq!(issued(r#"{"RequestId":"R1"}"#).unwrap_err(), "the response has no Credentials [request id R1]");
        let missing = issued(r#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s"}}"#).unwrap_err();
        assert_eq!(missing, "the response has no SecurityToken, Expiration");
        // A value of another shape is not quoted: it may be a secret.
        for odd in [r#"{"Credentials":"secret-1"}"#, r#"{"Credentials":{"AccessKeySecret":["secret-1"]}}"#] {
            let reason = issued(odd).unwrap_err();
            assert_eq!(reason, "Credentials is not an object of text fields", "{odd}");
        }
    }
}
