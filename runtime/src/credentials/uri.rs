//! Credentials from a URI (`ALIBABA_CLOUD_CREDENTIALS_URI`, the CLI's `CredentialsURI` mode): a
//! local service that answers `GET` with temporary credentials as JSON.

use super::http::{self, Http};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Limit for one request, connecting included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Temporary credentials from an HTTP(S) URI that answers `GET` with
/// `{"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}` (a `Code` other than
/// `Success`, if present, is an error). The URI may carry a secret: it shows in no message, only its
/// scheme, host and port do.
///
/// ```
/// use aliyun_rpc_runtime::credentials::CredentialsUriProvider;
/// let provider = CredentialsUriProvider::new("http://127.0.0.1:9000/credentials");
/// ```
pub struct CredentialsUriProvider {
    uri: String,
    http: Arc<Http>,
}

impl CredentialsUriProvider {
    /// Credentials from `uri`.
    pub fn new(uri: impl Into<String>) -> Self {
        CredentialsUriProvider { uri: uri.into(), http: Http::shared() }
    }

    pub(crate) fn with_http(mut self, http: Arc<Http>) -> Self {
        self.http = http;
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let url = reqwest::Url::parse(&self.uri)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
            .ok_or_else(|| CredentialsError::failed("credentials URI", "not an http or https URL"))?;
        let name = format!("credentials URI {}", http::origin(&url));
        let fail = |reason: String| CredentialsError::failed(&name, reason);
        let client = self.http.general().map_err(fail)?;
        tracing::debug!(uri = %http::origin(&url), "requesting credentials from a credentials URI");
        let response = client.get(url).timeout(REQUEST_TIMEOUT).send().await.map_err(|e| fail(http::describe(&e)))?;
        let status = response.status();
        if status != reqwest::StatusCode::OK {
            return Err(fail(format!("HTTP {}", status.as_u16())));
        }
        let body = response.bytes().await.map_err(|e| fail(http::describe(&e)))?;
        http::credentials_document(&body).map_err(fail)
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = reqwest::Url::parse(&self.uri).map(|url| http::origin(&url)).unwrap_or_else(|_| "(not a URL)".into());
        f.debug_struct("CredentialsUriProvider").field("uri", &format_args!("{origin}/** redacted **")).finish()
    }
}
