//! Authenticating a request: which signature it claims, whose AccessKey, and whether the signature,
//! timestamp and nonce hold. The strings to sign come from [`crate::signing`], the same functions
//! the client signs with, so the emulator checks the protocol rather than a second copy of it.

use crate::gateway::lock;
use crate::incoming::Incoming;
use crate::keys::AccessKey;
use crate::rejection::Rejection;
use crate::replay::ReplayGuard;
use aliyun_rpc_runtime::signing::{SignatureVersion, format_timestamp, parse_timestamp, v1, v3};
use std::collections::HashMap;
use std::sync::Mutex;

/// How far a request's timestamp may be from the server clock, either way.
pub(crate) const MAX_CLOCK_SKEW_SECONDS: u64 = 15 * 60;

/// V3 headers that carry what V1 carries in parameters: each must be present and signed, or a
/// signature would not cover the action, the time or the nonce.
const V3_REQUIRED_SIGNED_HEADERS: [&str; 5] = ["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

/// What a request says about itself, read without checking anything, so that even a refused
/// request can be journaled with its action, AccessKey and nonce.
#[derive(Debug, Default, Clone)]
pub(crate) struct Claim {
    pub(crate) version: Option<SignatureVersion>,
    pub(crate) access_key_id: Option<String>,
    pub(crate) signature: Option<String>,
    /// V3 only: the `SignedHeaders` list.
    pub(crate) signed_headers: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) timestamp: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) api_version: Option<String>,
    /// `SecurityToken` (V1) or `x-acs-security-token` (V3), sent with temporary credentials.
    pub(crate) security_token: Option<String>,
    /// An `Authorization` header was present but did not parse.
    malformed_authorization: bool,
}

impl Claim {
    /// V3 when there is an `Authorization` header, V1 when there is a `Signature` parameter, in the
    /// query or in a form body (classic RPC clients send every parameter, `Signature` included, in
    /// the body of a POST).
    pub(crate) fn read(request: &Incoming) -> Claim {
        let owned = |value: Option<&str>| value.map(str::to_string);
        if let Some(header) = request.header("authorization") {
            let parsed = v3::Authorization::parse(header);
            return Claim {
                version: Some(SignatureVersion::V3),
                access_key_id: owned(parsed.as_ref().map(|a| a.access_key_id)),
                signature: owned(parsed.as_ref().map(|a| a.signature)),
                signed_headers: owned(parsed.as_ref().map(|a| a.signed_headers)),
                nonce: owned(request.header("x-acs-signature-nonce")),
                timestamp: owned(request.header("x-acs-date")),
                action: owned(request.header("x-acs-action")),
                api_version: owned(request.header("x-acs-version")),
                security_token: owned(request.header("x-acs-security-token")),
                malformed_authorization: parsed.is_none(),
            };
        }
        let param = |name: &str| request.params().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        Claim {
            version: param("Signature").map(|_| SignatureVersion::V1),
            access_key_id: param("AccessKeyId"),
            signature: param("Signature"),
            signed_headers: None,
            nonce: param("SignatureNonce"),
            timestamp: param("Timestamp"),
            action: param("Action"),
            api_version: param("Version"),
            security_token: param("SecurityToken"),
            malformed_authorization: false,
        }
    }
}

/// Everything `verify` needs from the emulator's state.
pub(crate) struct Verifier<'a> {
    /// The accepted keys by AccessKeyId.
    pub(crate) keys: &'a HashMap<String, AccessKey>,
    pub(crate) replay_guard: &'a Mutex<ReplayGuard>,
    /// Seconds since the Unix epoch.
    pub(crate) now: u64,
}

impl Verifier<'_> {
    /// Checks the signature, then the timestamp, then (only for an authentic request, so a forger
    /// cannot burn nonces) that the nonce is fresh.
    pub(crate) fn verify(&self, request: &Incoming, claim: &Claim) -> Result<(), Rejection> {
        let version = claim.version.ok_or_else(Rejection::missing_signature)?;
        if claim.malformed_authorization {
            return Err(Rejection::incomplete_signature(
                "the Authorization header must be `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`",
            ));
        }
        if version == SignatureVersion::V1
            && let Some(name) = request.conflicting_param()
        {
            return Err(Rejection::invalid_parameter(name, "it is sent both in the query and in the form body, with different values; send it once"));
        }
        let access_key_id = claim.access_key_id.as_deref().ok_or_else(|| Rejection::missing_parameter("AccessKeyId"))?;
        let key = self.keys.get(access_key_id).ok_or_else(Rejection::access_key_not_found)?;
        let secret = key.secret.as_str();
        let signature = claim.signature.as_deref().unwrap_or_default();
        // A claim is V1 or V3: `Claim::read` recognizes no other.
        let (timestamp_name, nonce_name) = if version == SignatureVersion::V1 {
            verify_v1(request, secret, signature)?;
            ("Timestamp", "SignatureNonce")
        } else {
            verify_v3(request, secret, signature, claim.signed_headers.as_deref().unwrap_or_default())?;
            ("x-acs-date", "x-acs-signature-nonce")
        };
        let timestamp = claim.timestamp.as_deref().ok_or_else(|| Rejection::missing_parameter(timestamp_name))?;
        let sent_at = parse_timestamp(timestamp).ok_or_else(|| Rejection::timestamp_format(timestamp_name, timestamp))?;
        if sent_at.abs_diff(self.now) > MAX_CLOCK_SKEW_SECONDS {
            return Err(Rejection::timestamp_expired(timestamp, &format_timestamp(self.now)));
        }
        // The token is signed (a V1 parameter, a V3 `x-acs-*` header), so it is checked after the signature.
        if let Some(expected) = key.security_token.as_deref() {
            match claim.security_token.as_deref() {
                None => return Err(Rejection::missing_parameter("SecurityToken")),
                Some(token) if token != expected => return Err(Rejection::security_token_mismatch()),
                Some(_) => {}
            }
        }
        let nonce = claim.nonce.as_deref().filter(|n| !n.is_empty()).ok_or_else(|| Rejection::missing_parameter(nonce_name))?;
        if !lock(self.replay_guard).first_use(access_key_id, nonce, self.now, MAX_CLOCK_SKEW_SECONDS) {
            return Err(Rejection::nonce_used());
        }
        Ok(())
    }
}

/// HMAC-SHA1 over every parameter but `Signature`: the query and, for a form body, the form (their
/// union, see [`Incoming::params`]), with the HTTP method the request used (`GET&%2F&...`,
/// `POST&%2F&...`).
fn verify_v1(request: &Incoming, secret: &str, signature: &str) -> Result<(), Rejection> {
    let signed: Vec<&(String, String)> = request.params().filter(|(name, _)| name != "Signature").collect();
    match signed.iter().find(|(name, _)| name == "SignatureMethod") {
        None => return Err(Rejection::missing_parameter("SignatureMethod")),
        Some((_, method)) if method != v1::SIGNATURE_METHOD => return Err(Rejection::unsupported_signature_method(method)),
        Some(_) => {}
    }
    let pairs: Vec<(&str, &str)> = signed.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    let string_to_sign = v1::string_to_sign(&request.method, &pairs);
    if v1::sign(secret, &string_to_sign) != signature {
        return Err(Rejection::signature_mismatch(&format!("server string to sign is:{string_to_sign}")));
    }
    Ok(())
}

/// ACS3-HMAC-SHA256 over exactly the headers `SignedHeaders` names, the query and the body hash.
fn verify_v3(request: &Incoming, secret: &str, signature: &str, signed_headers: &str) -> Result<(), Rejection> {
    let names: Vec<&str> = signed_headers.split(';').filter(|n| !n.is_empty()).collect();
    for required in V3_REQUIRED_SIGNED_HEADERS {
        if request.header(required).is_none() {
            return Err(Rejection::incomplete_signature(&format!("the {required} header is required")));
        }
        if !names.iter().any(|name| name.eq_ignore_ascii_case(required)) {
            return Err(Rejection::incomplete_signature(&format!("the {required} header must be in SignedHeaders")));
        }
    }
    // An unsigned token could be swapped in flight for another of the same AccessKey.
    if request.header("x-acs-security-token").is_some() && !names.iter().any(|name| name.eq_ignore_ascii_case("x-acs-security-token")) {
        return Err(Rejection::incomplete_signature("the x-acs-security-token header must be in SignedHeaders"));
    }
    if let Some(name) = names.iter().find(|name| request.header(&name.to_ascii_lowercase()).is_none()) {
        return Err(Rejection::incomplete_signature(&format!("the signed header {name} is not in the request")));
    }
    let claimed_hash = request.header("x-acs-content-sha256").unwrap_or_default();
    let body_hash = v3::hash_payload(&request.body);
    if !claimed_hash.eq_ignore_ascii_case(&body_hash) {
        return Err(Rejection::signature_mismatch(&format!("x-acs-content-sha256 is {claimed_hash} but the body hashes to {body_hash}.")));
    }
    let canonical = v3::canonical_request_over(&request.method, &request.path, &request.query, &request.headers, &names, claimed_hash);
    if v3::signature(secret, &canonical) != signature {
        let string_to_sign = v3::string_to_sign(&canonical);
        return Err(Rejection::signature_mismatch(&format!("server string to sign is:{string_to_sign}\ncanonical request is:{canonical}")));
    }
    Ok(())
}
