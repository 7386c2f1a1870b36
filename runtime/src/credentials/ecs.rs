//! The ECS instance RAM role, from the instance metadata service: an IMDSv2 token
//! (`PUT /latest/api/token`), the role name (`GET /latest/meta-data/ram/security-credentials/`)
//! unless it is configured, then the role's credentials
//! (`GET /latest/meta-data/ram/security-credentials/<role>`), each `GET` with the token.

use super::http::{self, Http};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Where the metadata service is on every ECS instance.
pub(crate) const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "latest/api/token";
const ROLES_PATH: &str = "latest/meta-data/ram/security-credentials/";
/// How long an IMDSv2 token is asked to last, in seconds (the official tools' value).
const TOKEN_TTL_SECONDS: &str = "21600";
const TOKEN_TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";
/// Limit for one metadata request, connecting included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

/// Temporary credentials of the RAM role attached to this ECS instance, from its metadata service
/// (IMDSv2 when the service hands out a token, else IMDSv1 unless that is disabled).
///
/// ```
/// use aliyun_rpc_runtime::credentials::EcsRamRoleProvider;
/// let provider = EcsRamRoleProvider::new().role_name("app-role").imdsv1_disabled(true);
/// ```
pub struct EcsRamRoleProvider {
    role_name: Option<String>,
    endpoint: String,
    imdsv1_disabled: bool,
    http: Arc<Http>,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EcsRamRoleProvider {
    /// The instance's role, discovered from the metadata service at `http://100.100.100.200`.
    pub fn new() -> Self {
        EcsRamRoleProvider { role_name: None, endpoint: DEFAULT_ENDPOINT.to_string(), imdsv1_disabled: false, http: Http::shared() }
    }

    /// The role's name, so that it need not be discovered (`ALIBABA_CLOUD_ECS_METADATA`).
    pub fn role_name(mut self, role_name: impl Into<String>) -> Self {
        self.role_name = Some(role_name.into());
        self
    }

    /// Another metadata service base URL, e.g. a local one in tests.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// Fail rather than fall back to IMDSv1 (requests without a token) when no IMDSv2 token can
    /// be had (`ALIBABA_CLOUD_IMDSV1_DISABLED=true`).
    pub fn imdsv1_disabled(mut self, disabled: bool) -> Self {
        self.imdsv1_disabled = disabled;
        self
    }

    pub(crate) fn with_http(mut self, http: Arc<Http>) -> Self {
        self.http = http;
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let base = http::endpoint_url(&self.endpoint).map_err(|reason| CredentialsError::failed("ECS metadata service", reason))?;
        let name = format!("ECS metadata service {}", http::origin(&base));
        let fail = |reason: String| CredentialsError::failed(&name, reason);
        let client = self.http.metadata().map_err(fail)?;
        let url = |path: &str| base.join(path).map_err(|e| fail(format!("cannot form the URL: {e}")));

        let token = match self.token(client, url(TOKEN_PATH)?).await {
            Ok(token) => Some(token),
            Err(reason) if self.imdsv1_disabled => return Err(fail(format!("IMDSv2 token: {reason} (IMDSv1 is disabled)"))),
            Err(reason) => {
                tracing::debug!(reason, "no IMDSv2 token from the metadata service: using IMDSv1");
                None
            }
        };
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => {
                let listing = self.get(client, url(ROLES_PATH)?, token.as_deref()).await.map_err(|reason| fail(format!("role name: {reason}")))?;
                let listing = String::from_utf8_lossy(&listing);
                match listing.lines().map(str::trim).find(|line| !line.is_empty()) {
                    Some(role) => role.to_string(),
                    None => return Err(fail("role name: no RAM role is attached to the instance".into())),
                }
            }
        };
        let path = format!("{ROLES_PATH}{}", crate::signing::percent_encode(&role));
        let body = self.get(client, url(&path)?, token.as_deref()).await.map_err(|reason| fail(format!("credentials of role `{role}`: {reason}")))?;
        http::credentials_document(&body).map_err(|reason| fail(format!("credentials of role `{role}`: {reason}")))
    }

    async fn token(&self, client: &reqwest::Client, url: reqwest::Url) -> Result<String, String> {
        let request = client.put(url).header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS).timeout(REQUEST_TIMEOUT);
        let body = send(request).await?;
        let token = String::from_utf8(body.to_vec()).map_err(|_| "the token is not text".to_string())?;
        let token = token.trim();
        if token.is_empty() { Err("the token is empty".into()) } else { Ok(token.to_string()) }
    }

    async fn get(&self, client: &reqwest::Client, url: reqwest::Url, token: Option<&str>) -> Result<bytes::Bytes, String> {
        let mut request = client.get(url).timeout(REQUEST_TIMEOUT);
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        send(request).await
    }
}

/// The body of a 200 response, or why there is none.
async fn send(request: reqwest::RequestBuilder) -> Result<bytes::Bytes, String> {
    let response = request.send().await.map_err(|e| http::describe(&e))?;
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        return Err(format!("HTTP {}", status.as_u16()));
    }
    response.bytes().await.map_err(|e| http::describe(&e))
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("role_name", &self.role_name)
            .field("endpoint", &self.endpoint)
            .field("imdsv1_disabled", &self.imdsv1_disabled)
            .finish()
    }
}
