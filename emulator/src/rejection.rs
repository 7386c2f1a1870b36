//! The gateway's refusals: HTTP status, `Code` and `Message` as the real API gateway words them
//! (see the protocol reference, section 4.1). The body around them is built in `responses`.

/// Why the gateway refuses a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
}

impl Rejection {
    fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection { status, code: code.into(), message: message.into() }
    }

    /// No `Authorization` header and no `Signature` parameter.
    pub(crate) fn missing_signature() -> Self {
        Self::new(400, "MissingSignature", "Signature is mandatory for this action.")
    }

    /// An `Authorization` header that cannot be parsed, or a V3 header that must be signed but is not.
    pub(crate) fn incomplete_signature(detail: &str) -> Self {
        Self::new(400, "IncompleteSignature", format!("The request signature does not conform to Aliyun standards: {detail}"))
    }

    /// A required common or operation parameter is absent: `Missing{Name}`, as the gateway names it.
    pub(crate) fn missing_parameter(name: &str) -> Self {
        Self::new(400, format!("Missing{name}"), format!("{name} is mandatory for this action."))
    }

    /// A parameter whose value does not fit its documented type.
    pub(crate) fn invalid_parameter(name: &str, why: &str) -> Self {
        Self::new(400, "InvalidParameter", format!("The specified parameter {name} is not valid: {why}"))
    }

    pub(crate) fn access_key_not_found() -> Self {
        Self::new(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    }

    /// `detail` is the server's string to sign (and, for V3, the canonical request it hashed), so the
    /// caller can see where its signing differs.
    pub(crate) fn signature_mismatch(detail: &str) -> Self {
        Self::new(400, "SignatureDoesNotMatch", format!("Specified signature is not matched with our calculation. {detail}"))
    }

    pub(crate) fn timestamp_format(name: &str, value: &str) -> Self {
        Self::new(400, "InvalidTimeStamp.Format", format!("Specified {name} `{value}` is not in the format YYYY-MM-DDThh:mm:ssZ."))
    }

    pub(crate) fn timestamp_expired(value: &str, server_time: &str) -> Self {
        Self::new(
            400,
            "InvalidTimeStamp.Expired",
            format!("Specified time stamp or date value is expired: {value} is more than 15 minutes from the server time {server_time}."),
        )
    }

    pub(crate) fn security_token_mismatch() -> Self {
        Self::new(400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
    }

    pub(crate) fn nonce_used() -> Self {
        Self::new(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
    }

    pub(crate) fn unsupported_signature_method(value: &str) -> Self {
        Self::new(400, "InvalidSignatureMethod", format!("Specified signature method `{value}` is not supported: use HMAC-SHA1."))
    }

    pub(crate) fn unsupported_version(value: &str) -> Self {
        Self::new(400, "InvalidVersion", format!("Specified parameter Version `{value}` is not valid."))
    }

    pub(crate) fn api_not_found(action: &str) -> Self {
        Self::new(404, "InvalidApi.NotFound", format!("Specified api `{action}` is not found, please check your url and method."))
    }

    pub(crate) fn unsupported_method(method: &str, allowed: &str) -> Self {
        Self::new(400, "UnsupportedHTTPMethod", format!("This http method `{method}` is not supported: use {allowed}."))
    }

    pub(crate) fn throttled() -> Self {
        Self::new(400, "Throttling.User", "Request was denied due to user flow control.")
    }

    pub(crate) fn body_too_large(limit: usize) -> Self {
        Self::new(413, "RequestEntityTooLarge", format!("The request body is larger than {limit} bytes."))
    }

    /// A fault of the emulator (a gap in the specs, a handler's answer that does not fit its
    /// documented shape): HTTP 500 that says what, so a test fails with the reason.
    pub(crate) fn emulator_fault(what: &str) -> Self {
        Self::new(500, "InternalError", format!("emulator: {what}"))
    }

    /// The body of a 5xx fault: the gateway's own wording for the common statuses.
    pub(crate) fn server_error(status: u16) -> Self {
        match status {
            503 => Self::new(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
            _ => Self::new(status, "InternalError", "The request processing has failed due to some unknown error, exception or failure."),
        }
    }
}
