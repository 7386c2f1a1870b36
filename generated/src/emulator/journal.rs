//! The record of every request the emulator received, refused ones included, for tests to read.

use crate::signing::SignatureVersion;

/// One received request and how it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ... as sent.
    pub method: String,
    /// The decoded path.
    pub path: String,
    /// The action named by `Action` (V1) or `x-acs-action` (V3), whether or not it exists.
    pub action: Option<String>,
    /// The signature the request claimed: `Authorization` header (V3) or `Signature` parameter (V1).
    pub signature_version: Option<SignatureVersion>,
    pub access_key_id: Option<String>,
    /// `SignatureNonce` (V1) or `x-acs-signature-nonce` (V3).
    pub nonce: Option<String>,
    /// Query then form parameters, decoded, in the order sent; V1 common parameters included.
    pub params: Vec<(String, String)>,
    /// Headers with lowercase names, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The raw body, lossily decoded as UTF-8.
    pub body: String,
    /// The HTTP status answered; `None` when the connection was dropped by a fault.
    pub status: Option<u16>,
    /// The `Code` of an error answer (gateway refusal, injected fault); `None` for a success.
    pub error_code: Option<String>,
    /// The `RequestId` answered, if any.
    pub request_id: Option<String>,
}

impl RecordedRequest {
    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Answered with a 2xx status and no error code.
    pub fn succeeded(&self) -> bool {
        matches!(self.status, Some(200..=299)) && self.error_code.is_none()
    }
}
