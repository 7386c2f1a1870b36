//! The one error type of the crate, with the service's error metadata.

use crate::credentials::CredentialsError;
use crate::params::BuildError;
use std::fmt;
use std::time::Duration;

/// Why a call failed. Match on the kind, or use the accessors ([`code`](Error::code),
/// [`request_id`](Error::request_id), [`is_throttling`](Error::is_throttling),
/// [`is_retryable`](Error::is_retryable)) that work across kinds. The larger payloads are boxed
/// to keep `Result<Output, Error>` small.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built (a required parameter is missing, ...). Nothing was sent.
    Build(BuildError),
    /// The client configuration is unusable (no region and no endpoint, a bad endpoint URL, ...).
    Config(String),
    /// No credentials were found.
    Credentials(CredentialsError),
    /// The HTTP exchange failed (connection refused or reset, TLS, ...).
    Transport(TransportError),
    /// An attempt or the whole call took longer than its configured timeout.
    Timeout(TimeoutError),
    /// A response arrived but is not what the protocol says (not JSON, wrong shape, unexpected status).
    Decode(Box<DecodeError>),
    /// The service answered with an error: a gateway error (HTTP 4xx/5xx with `Code`, `Message`)
    /// or a product's business error (HTTP 200 with `Success: false`, `Code`, `ErrorMessage`).
    Service(Box<ServiceError>),
}

impl Error {
    /// The service's error code, e.g. `Throttling.User` or `InvalidAccessKeyId.NotFound`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The service's error code as one of a set of documented codes, e.g. an action's own
    /// (`QueryProductListErrorCode`) or the gateway's ([`CommonErrorCode`](crate::protocol::CommonErrorCode)):
    /// `None` when the service did not answer with an error; a code outside the set is its `Unknown`.
    ///
    /// ```
    /// # use aliyun_rpc_runtime::{Error, protocol::CommonErrorCode};
    /// # fn handle(error: &Error) {
    /// match error.code_as::<CommonErrorCode>() {
    ///     Some(CommonErrorCode::SignatureDoesNotMatch) => eprintln!("check the AccessKey secret"),
    ///     Some(CommonErrorCode::ThrottlingUser) => eprintln!("slow down"),
    ///     _ => eprintln!("{error}"),
    /// }
    /// # }
    /// ```
    pub fn code_as<E: for<'a> From<&'a str>>(&self) -> Option<E> {
        self.code().map(E::from)
    }

    /// The id of the request that failed, when a response carried one: quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.http_status),
            Error::Decode(e) => Some(e.http_status),
            _ => None,
        }
    }

    /// How long the service asked the client to wait (`x-acs-retry-after`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Service(e) => e.retry_after,
            Error::Decode(e) => e.retry_after,
            _ => None,
        }
    }

    /// The request was rejected by flow control: a `Throttling*` code, HTTP 429, or `x-acs-retry-after`.
    pub fn is_throttling(&self) -> bool {
        self.code().is_some_and(|code| code.starts_with("Throttling")) || self.http_status() == Some(429) || self.retry_after().is_some()
    }

    /// The failure is transient: the same request may succeed later (throttling, 5xx, a transient
    /// service code, a transport failure or a timeout). See [`outcome_unknown`](Error::outcome_unknown)
    /// before repeating a request that changes something.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) => true,
            Error::Timeout(e) => e.scope != TimeoutScope::Total,
            Error::Service(e) => self.is_throttling() || e.http_status >= 500 || e.transient || TRANSIENT_CODES.contains(&e.code.as_str()),
            Error::Decode(e) => self.is_throttling() || e.http_status >= 500,
            Error::Build(_) | Error::Config(_) | Error::Credentials(_) => false,
        }
    }

    /// The request may have reached the service and taken effect although no answer arrived
    /// (a timeout or a broken connection after sending, or a gateway timeout).
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Error::Transport(e) => e.request_sent,
            Error::Timeout(e) => e.request_sent,
            Error::Service(e) => e.http_status == 504,
            Error::Decode(e) => e.http_status == 504,
            _ => false,
        }
    }
}

/// Codes that mean "try again later" whatever their HTTP status, in every product; a product adds
/// its own ([`Product::transient_codes`](crate::Product::transient_codes)).
const TRANSIENT_CODES: &[&str] = &["ServiceUnavailable", "InternalError"];

/// An error the service returned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// `Code`, e.g. `InvalidAccessKeyId.NotFound`.
    pub code: String,
    /// `Message` (gateway) or `ErrorMessage` (business error).
    pub message: String,
    /// `RequestId` of the body, else the `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// 200 for business errors.
    pub http_status: u16,
    /// `Recommend`: a troubleshooting link the gateway adds.
    pub recommend: Option<String>,
    /// `HostId`: the endpoint that answered.
    pub host_id: Option<String>,
    /// `x-acs-retry-after`.
    pub retry_after: Option<Duration>,
    /// The product documents this code as "try again later".
    pub transient: bool,
}

/// A response that could not be understood. Keeps the start of the body for diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the response.
    pub http_status: u16,
    /// What was wrong.
    pub message: String,
    /// At most [`DecodeError::EXCERPT_LIMIT`] bytes of the body (cut at a character boundary).
    pub body_excerpt: String,
    /// The `x-acs-request-id` header, or `RequestId` if the body had one.
    pub request_id: Option<String>,
    /// `x-acs-retry-after`, if the response had one.
    pub retry_after: Option<Duration>,
}

impl DecodeError {
    /// The most bytes of a body [`DecodeError::body_excerpt`] keeps.
    pub const EXCERPT_LIMIT: usize = 1024;

    /// The first [`EXCERPT_LIMIT`](Self::EXCERPT_LIMIT) bytes of `body`, cut at a character boundary.
    pub(crate) fn excerpt(body: &str) -> String {
        let mut end = body.len().min(Self::EXCERPT_LIMIT);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body[..end].to_string()
    }
}

/// An HTTP exchange that failed without a response.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The underlying error (its URL, which holds the signed query, is stripped).
    pub source: reqwest::Error,
    /// The request may have been sent: the connection was up when it failed.
    pub request_sent: bool,
}

/// What took too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutScope {
    /// Opening the connection. The request was not sent.
    Connect,
    /// One attempt: sending the request and reading the whole response.
    Attempt,
    /// The whole call, with every attempt, backoff and rate-limit wait.
    Total,
}

/// A time limit that was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutError {
    /// Which limit: connecting, one attempt, or the whole call.
    pub scope: TimeoutScope,
    /// The limit that was reached.
    pub limit: Duration,
    /// The request may have been sent before the time ran out.
    pub request_sent: bool,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(e) => write!(f, "request not sent: {e}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Credentials(e) => e.fmt(f),
            Error::Transport(e) => write!(f, "HTTP request failed: {}", e.source),
            Error::Timeout(e) => {
                let what = match e.scope {
                    TimeoutScope::Connect => "connecting",
                    TimeoutScope::Attempt => "the attempt",
                    TimeoutScope::Total => "the call",
                };
                write!(f, "timed out: {what} took longer than {:?}", e.limit)
            }
            Error::Decode(e) => {
                write!(f, "unexpected response (HTTP {}): {}", e.http_status, e.message)?;
                write_request_id(f, e.request_id.as_deref())
            }
            Error::Service(e) => {
                write!(f, "service error {} (HTTP {}): {}", e.code, e.http_status, e.message)?;
                write_request_id(f, e.request_id.as_deref())
            }
        }
    }
}

fn write_request_id(f: &mut fmt::Formatter<'_>, request_id: Option<&str>) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " [request id {id}]"),
        None => Ok(()),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Build(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Transport(e) => Some(&e.source),
            _ => None,
        }
    }
}

impl From<BuildError> for Error {
    fn from(e: BuildError) -> Self {
        Error::Build(e)
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}
