//! What the credential providers share: the runtime's HTTP client (reqwest), built when first
//! needed; reading temporary credentials from a JSON body; keeping secrets out of messages.

use super::Credentials;
use crate::signing::{parse_timestamp, percent_encode};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// HTTP clients for credential requests, shared by the providers of one chain. Built on first use:
/// a provider that is never asked costs nothing, and building never fails a constructor.
#[derive(Default)]
pub(crate) struct Http {
    /// For credentials URIs: the usual connect timeout, proxies from the environment.
    general: OnceLock<reqwest::Client>,
    /// For the instance metadata service: link-local, so a short connect timeout and no proxy.
    metadata: OnceLock<reqwest::Client>,
}

impl Http {
    pub(crate) fn shared() -> Arc<Http> {
        Arc::new(Http::default())
    }

    pub(crate) fn general(&self) -> Result<&reqwest::Client, String> {
        get_or_build(&self.general, || reqwest::Client::builder().connect_timeout(Duration::from_secs(5)))
    }

    pub(crate) fn metadata(&self) -> Result<&reqwest::Client, String> {
        // The official tools give the metadata service 1 s to connect and 1 s to answer.
        get_or_build(&self.metadata, || reqwest::Client::builder().connect_timeout(Duration::from_secs(1)).no_proxy())
    }
}

fn get_or_build(cell: &OnceLock<reqwest::Client>, builder: impl FnOnce() -> reqwest::ClientBuilder) -> Result<&reqwest::Client, String> {
    if let Some(client) = cell.get() {
        return Ok(client);
    }
    let client = builder()
        .user_agent(concat!("aliyun-rpc-runtime/", env!("CARGO_PKG_VERSION"), " credentials"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot create the HTTP client: {}", describe(&e)))?;
    Ok(cell.get_or_init(|| client))
}

/// A reqwest error and its causes, without the URL (it may hold a signed query or a secret in a
/// credentials URI).
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() { "timed out".to_string() } else { String::new() };
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    if text.is_empty() {
        text = if error.is_connect() {
            "cannot connect".into()
        } else if error.is_body() || error.is_decode() {
            "cannot read the response".into()
        } else {
            "the request failed".into()
        };
    }
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Replaces every secret in `text`, as it is and percent-encoded once and twice (a V1
/// `SignatureDoesNotMatch` message quotes the string to sign, where values are encoded twice).
pub(crate) fn scrub(text: String, secrets: &[&str]) -> String {
    secrets.iter().filter(|s| !s.is_empty()).fold(text, |text, secret| {
        let once = percent_encode(secret);
        let twice = percent_encode(&once);
        [twice.as_str(), once.as_str(), secret].into_iter().fold(text, |text, form| text.replace(form, "** redacted **"))
    })
}

/// Temporary credentials as STS (`Credentials`), the metadata service and credentials URIs send
/// them.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TemporaryCredentials {
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    security_token: Option<String>,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(default)]
    expiration: Option<String>,
}

impl TemporaryCredentials {
    /// The credentials; every field must be there, as the official tools require.
    pub(crate) fn into_credentials(self) -> Result<Credentials, String> {
        let missing: Vec<&str> = [
            ("AccessKeyId", self.access_key_id.as_deref()),
            ("AccessKeySecret", self.access_key_secret.as_deref()),
            ("SecurityToken", self.security_token.as_deref()),
            ("Expiration", self.expiration.as_deref()),
        ]
        .into_iter()
        .filter(|(_, value)| value.is_none_or(str::is_empty))
        .map(|(name, _)| name)
        .collect();
        if !missing.is_empty() {
            return Err(format!("the response has no {}", missing.join(", ")));
        }
        let expiration = self.expiration.unwrap_or_default();
        let seconds = parse_timestamp(&expiration).ok_or_else(|| format!("Expiration `{expiration}` is not a YYYY-MM-DDThh:mm:ssZ time"))?;
        Ok(Credentials::new(self.access_key_id.unwrap_or_default(), self.access_key_secret.unwrap_or_default())
            .with_security_token(self.security_token.unwrap_or_default())
            .with_expiry(UNIX_EPOCH + Duration::from_secs(seconds)))
    }
}

/// Parses a JSON body; the error gives the position only, as the text may hold secrets.
pub(crate) fn from_json<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("the response is not the expected JSON (line {}, column {})", e.line(), e.column()))
}

/// A session name for STS when none is configured, unique enough per process and time.
pub(crate) fn default_session_name() -> String {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    format!("aliyun-rpc-runtime-{millis}")
}

/// An `http://` or `https://` URL, or a bare host (HTTPS), as a URL whose path ends in `/`.
pub(crate) fn endpoint_url(text: &str) -> Result<reqwest::Url, String> {
    let with_scheme = if text.contains("://") { text.to_string() } else { format!("https://{text}") };
    let url = reqwest::Url::parse(&with_scheme).map_err(|e| format!("endpoint `{text}` is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("endpoint `{text}` must be an http or https URL with a host"));
    }
    Ok(url)
}

/// Scheme, host and port of a URL: enough to say where a request went, without a path or query
/// that may hold a secret.
pub(crate) fn origin(url: &reqwest::Url) -> String {
    url.origin().ascii_serialization()
}

/// A credentials document of the ECS metadata service or a credentials URI: `Code: "Success"` (or
/// no code) and the credentials.
pub(crate) fn credentials_document(body: &[u8]) -> Result<Credentials, String> {
    #[derive(Deserialize)]
    struct Document {
        #[serde(rename = "Code", default)]
        code: Option<String>,
        #[serde(flatten)]
        credentials: TemporaryCredentials,
    }
    let document: Document = from_json(body)?;
    if let Some(code) = document.code.filter(|code| code != "Success") {
        return Err(format!("Code `{code}`"));
    }
    document.credentials.into_credentials()
}
