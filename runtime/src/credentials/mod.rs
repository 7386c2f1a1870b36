//! AccessKey credentials and the provider chain that finds them, in the order the official tools
//! (`credentials-go`, the aliyun CLI) use:
//!
//! 1. static keys given to [`ClientBuilder::credentials`](crate::ClientBuilder::credentials), or
//!    any [`ProvideCredentials`] given to
//!    [`ClientBuilder::credentials_provider`](crate::ClientBuilder::credentials_provider): nothing
//!    else is looked up;
//! 2. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optionally
//!    `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 3. an OIDC role (RRSA on ACK): `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
//!    `ALIBABA_CLOUD_OIDC_TOKEN_FILE`, optionally `ALIBABA_CLOUD_ROLE_SESSION_NAME`; STS
//!    `AssumeRoleWithOIDC` ([`OidcRoleProvider`]);
//! 4. the aliyun CLI config, `~/.aliyun/config.json` (or `ALIBABA_CLOUD_CONFIG_FILE`): the profile
//!    named by `ALIBABA_CLOUD_PROFILE`, else the file's `current`, in mode `AK`, `StsToken`,
//!    `RamRoleArn`, `ChainableRamRoleArn` (`source_profile`), `EcsRamRole`, `OIDC` or
//!    `CredentialsURI`. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` skips it;
//! 5. the shared credentials file, `~/.alibabacloud/credentials` (or
//!    `ALIBABA_CLOUD_CREDENTIALS_FILE`): section `ALIBABA_CLOUD_PROFILE`, else `default`;
//!    `type = access_key`, `ecs_ram_role` (`role_name`) or `ram_role_arn` (`access_key_id`,
//!    `access_key_secret`, `role_arn`, `role_session_name`, `policy`);
//! 6. the ECS instance RAM role, from the metadata service at `http://100.100.100.200`
//!    ([`EcsRamRoleProvider`]: an IMDSv2 token, the role name, then the role's credentials). The
//!    role name is `ALIBABA_CLOUD_ECS_METADATA`, else discovered.
//!    `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` skips the step and
//!    `ALIBABA_CLOUD_IMDSV1_DISABLED=true` forbids falling back to IMDSv1 when no token can be
//!    had. Unlike the official tools, the step applies only where the metadata service can be: when
//!    `ALIBABA_CLOUD_ECS_METADATA` is set, when the chain is given a metadata endpoint, or when the
//!    system identifies as Alibaba Cloud ECS (Linux DMI `sys_vendor`), so that a client built
//!    elsewhere without credentials fails at once rather than after probing the network;
//! 7. a credentials URI, `ALIBABA_CLOUD_CREDENTIALS_URI` ([`CredentialsUriProvider`]).
//!
//! STS calls (`AssumeRole` for `RamRoleArn` and `ram_role_arn`, `AssumeRoleWithOIDC`) go to
//! `sts.aliyuncs.com`, or `sts.<region>.aliyuncs.com` for `ALIBABA_CLOUD_STS_REGION` (a CLI
//! profile's `sts_region` first), `sts-vpc.<region>.aliyuncs.com` with
//! `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`.
//!
//! Steps 2 to 7 are the [`CredentialsChain`], which [`ClientBuilder::build`](crate::ClientBuilder::build)
//! resolves when no credentials are given. Whether a step applies is decided from the
//! configuration when the chain is built; the first call then tries the steps that apply, in order,
//! and keeps the first that gives credentials (a step that applies but fails, e.g. an STS call that
//! is refused, is reported and the next step is tried). [`Credentials::from_chain`] resolves, without
//! any I/O but reading files, only the steps that hold static keys.
//!
//! A client caches what its provider gives, shared by its clones; credentials with an
//! [expiry](Credentials::expiry) are fetched again 3 minutes before they expire (halfway through
//! their life if it is shorter than 6 minutes), by one call while concurrent calls keep using the
//! still-valid credentials, or wait for the new ones when there are none.
//!
//! Everything is read through an [`Env`], so tests and embedders can supply variables and a home
//! directory without touching the process environment. Secrets (AccessKey secrets, security
//! tokens, OIDC tokens) never appear in `Debug` output, errors or log events.

mod cache;
mod chain;
mod ecs;
mod files;
mod http;
mod sts;
mod uri;

pub(crate) use cache::Cache;
pub use chain::{CredentialsChain, CredentialsChainBuilder};
pub use ecs::EcsRamRoleProvider;
pub(crate) use files::cli_profile_region;
pub use sts::{AssumeRoleProvider, OidcRoleProvider};
pub use uri::CredentialsUriProvider;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// An AccessKey pair, with a security token for STS credentials and, for temporary credentials,
/// when they expire. `Debug` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// A long-term AccessKey pair.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials { access_key_id: access_key_id.into(), access_key_secret: access_key_secret.into(), security_token: None, expiry: None }
    }

    /// Temporary (STS) credentials: the token is sent with every request.
    pub fn with_security_token(mut self, security_token: impl Into<String>) -> Self {
        self.security_token = Some(security_token.into());
        self
    }

    /// When these credentials stop being valid. A client refreshes credentials from their
    /// provider before then; credentials without an expiry are used for the client's lifetime.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The AccessKey ID (not a secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When these credentials expire, if they are temporary and their provider said.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Resolves static keys through the steps of the chain that hold them (see the
    /// [module docs](self)), reading variables and files only: the environment, a CLI profile in
    /// mode `AK` or `StsToken`, a credentials file section of `type = access_key`. Role-based
    /// configuration (STS, OIDC, ECS, credentials URI) needs network calls: it is reported as not
    /// supported here and handled by [`CredentialsChain`], which clients use.
    pub fn from_chain(env: &Env) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        match from_environment(env) {
            Ok(credentials) => return Ok(credentials),
            Err(attempt) => tried.push(attempt),
        }
        for step in [files::from_cli_config, files::from_credentials_file] {
            match step(env) {
                Ok(found) => match found.source {
                    chain::Source::Static(credentials) => return Ok(credentials),
                    _ => tried.push(ChainAttempt {
                        source: found.step,
                        reason: format!(
                            "{} is not supported by `Credentials::from_chain`, which reads static keys only (a client's credentials chain supports it)",
                            found.what
                        ),
                    }),
                },
                Err(attempt) => tried.push(attempt),
            }
        }
        Err(CredentialsError::not_found(tried))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &crate::redact::redacted(&Some(())))
            .field("security_token", &crate::redact::redacted(&self.security_token))
            .field("expiry", &self.expiry.map(format_time))
            .finish()
    }
}

/// `YYYY-MM-DDThh:mm:ssZ`, for `Debug` output and log events.
pub(crate) fn format_time(time: SystemTime) -> String {
    crate::signing::format_timestamp(time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}

/// What [`ProvideCredentials::provide_credentials`] returns: a boxed future, so that providers
/// can be stored as trait objects.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials, asked again whenever the last credentials it gave are about to
/// expire. Give one to [`ClientBuilder::credentials_provider`](crate::ClientBuilder::credentials_provider);
/// the client caches what it returns (see the [module docs](self)), so a provider need not.
///
/// `Debug` output must not show secrets.
///
/// ```
/// use aliyun_rpc_runtime::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
/// use std::time::{Duration, SystemTime};
///
/// /// Credentials from a vault, valid for an hour.
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> CredentialsFuture<'_> {
///         Box::pin(async {
///             let (id, secret, token) = ("STS.id", "secret", "token"); // fetched here
///             if id.is_empty() {
///                 return Err(CredentialsError::failed("vault", "no lease"));
///             }
///             Ok(Credentials::new(id, secret)
///                 .with_security_token(token)
///                 .with_expiry(SystemTime::now() + Duration::from_secs(3600)))
///         })
///     }
/// }
/// ```
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Fresh credentials, or why there are none. Errors should name what was tried, not values.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Where configuration is read from: the process environment, or a fixed set of variables.
/// The home directory is the `HOME` variable (`USERPROFILE` on Windows) of the same source.
#[derive(Clone)]
pub struct Env {
    fixed: Option<HashMap<String, String>>,
}

impl Env {
    /// The process environment, read when a value is needed.
    pub fn process() -> Self {
        Env { fixed: None }
    }

    /// Exactly these variables; nothing is read from the process.
    pub fn from_vars<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Env { fixed: Some(vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect()) }
    }

    /// A variable's value; unset and empty are the same.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// Those of `names` that are set here, and nothing else.
    pub(crate) fn only(&self, names: &[&str]) -> Env {
        Env::from_vars(names.iter().filter_map(|&name| self.var(name).map(|value| (name, value))))
    }

    /// The first of `names` that is set.
    pub(crate) fn first_var(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| self.var(name))
    }

    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        self.first_var(&["HOME", "USERPROFILE"]).map(PathBuf::from)
    }

    pub(crate) fn is_true(&self, name: &str) -> bool {
        self.var(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Variable values may be secrets: show where they come from and which are set, nothing more.
        match &self.fixed {
            None => f.write_str("Env::process()"),
            Some(vars) => {
                let mut names: Vec<&String> = vars.keys().collect();
                names.sort();
                f.debug_tuple("Env::from_vars").field(&names).finish()
            }
        }
    }
}

/// One step of the chain, or one provider, that gave no credentials, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainAttempt {
    /// The step, with the file path or endpoint where there is one.
    pub source: String,
    /// Why it gave no credentials; never contains a secret.
    pub reason: String,
}

/// No credentials: no step of the chain applies or gave any, or a provider failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    tried: Vec<ChainAttempt>,
    kind: ErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    /// The chain found nothing usable.
    NotFound,
    /// A provider that applies could not give credentials.
    Failed,
}

impl CredentialsError {
    /// A provider named `source` could not give credentials, for `reason` (which must not contain
    /// a secret): for implementations of [`ProvideCredentials`].
    pub fn failed(source: impl Into<String>, reason: impl Into<String>) -> Self {
        CredentialsError { tried: vec![ChainAttempt { source: source.into(), reason: reason.into() }], kind: ErrorKind::Failed }
    }

    pub(crate) fn not_found(tried: Vec<ChainAttempt>) -> Self {
        CredentialsError { tried, kind: ErrorKind::NotFound }
    }

    /// Every step or provider tried, in order.
    pub fn tried(&self) -> &[ChainAttempt] {
        &self.tried
    }

    /// The attempts as one line, `source: reason; source: reason`.
    pub(crate) fn summary(&self) -> String {
        self.tried.iter().map(|a| format!("{}: {}", a.source, a.reason)).collect::<Vec<_>>().join("; ")
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Failed => write!(f, "cannot get Alibaba Cloud credentials from {}", self.summary()),
            ErrorKind::NotFound => {
                f.write_str("no Alibaba Cloud credentials found; tried")?;
                for (i, attempt) in self.tried.iter().enumerate() {
                    write!(f, "{} {}: {}", if i == 0 { "" } else { ";" }, attempt.source, attempt.reason)?;
                }
                f.write_str(
                    ". Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, run `aliyun configure`, or pass credentials to the client builder",
                )
            }
        }
    }
}

impl std::error::Error for CredentialsError {}

pub(crate) const ENVIRONMENT: &str = "environment";

fn from_environment(env: &Env) -> Result<Credentials, ChainAttempt> {
    let failed = |reason: &str| ChainAttempt { source: ENVIRONMENT.into(), reason: reason.into() };
    let id = env.var("ALIBABA_CLOUD_ACCESS_KEY_ID");
    let secret = env.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    match (id, secret) {
        (Some(id), Some(secret)) => {
            let credentials = Credentials::new(id, secret);
            Ok(match env.var("ALIBABA_CLOUD_SECURITY_TOKEN") {
                Some(token) => credentials.with_security_token(token),
                None => credentials,
            })
        }
        (None, None) => Err(failed("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set")),
        (Some(_), None) => Err(failed("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")),
        (None, Some(_)) => Err(failed("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not")),
    }
}

#[cfg(test)]
mod tests;
