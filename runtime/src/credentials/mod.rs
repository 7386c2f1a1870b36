//! AccessKey credentials and the provider chain that finds them, in the order the official tools use:
//!
//! 1. static keys given to [`ClientBuilder::credentials`](crate::ClientBuilder::credentials);
//! 2. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optionally
//!    `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 3. the aliyun CLI config, `~/.aliyun/config.json` (or `ALIBABA_CLOUD_CONFIG_FILE`): the profile
//!    named by `ALIBABA_CLOUD_PROFILE`, else the file's `current`; modes `AK` and `StsToken`.
//!    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` skips it;
//! 4. the shared credentials file, `~/.alibabacloud/credentials` (or
//!    `ALIBABA_CLOUD_CREDENTIALS_FILE`): section `ALIBABA_CLOUD_PROFILE`, else `default`;
//!    `type = access_key`.
//!
//! Everything is read through an [`Env`], so tests and embedders can supply variables and a home
//! directory without touching the process environment.

mod files;

pub(crate) use files::cli_profile_region;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

/// An AccessKey pair, with a security token for STS credentials. `Debug` never shows the secret
/// or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials { access_key_id: access_key_id.into(), access_key_secret: access_key_secret.into(), security_token: None }
    }

    /// Temporary (STS) credentials: the token is sent with every request.
    pub fn with_security_token(mut self, security_token: impl Into<String>) -> Self {
        self.security_token = Some(security_token.into());
        self
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// Resolves credentials through steps 2 to 4 of the chain (see the [module docs](self)).
    pub fn from_chain(env: &Env) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for step in [from_environment, files::from_cli_config, files::from_credentials_file] {
            match step(env) {
                Ok(credentials) => return Ok(credentials),
                Err(attempt) => tried.push(attempt),
            }
        }
        Err(CredentialsError { tried })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &crate::redact::redacted(&Some(())))
            .field("security_token", &crate::redact::redacted(&self.security_token))
            .finish()
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

/// One step of the chain that found nothing usable, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainAttempt {
    /// The step, with the file path where there is one.
    pub source: String,
    /// Why it gave no credentials; never contains a secret.
    pub reason: String,
}

/// No step of the chain gave credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    tried: Vec<ChainAttempt>,
}

impl CredentialsError {
    /// Every step tried, in order.
    pub fn tried(&self) -> &[ChainAttempt] {
        &self.tried
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no Alibaba Cloud credentials found; tried")?;
        for (i, attempt) in self.tried.iter().enumerate() {
            write!(f, "{} {}: {}", if i == 0 { "" } else { ";" }, attempt.source, attempt.reason)?;
        }
        f.write_str(". Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, run `aliyun configure`, or pass credentials to the client builder")
    }
}

impl std::error::Error for CredentialsError {}

fn from_environment(env: &Env) -> Result<Credentials, ChainAttempt> {
    let failed = |reason: &str| ChainAttempt { source: "environment".into(), reason: reason.into() };
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
