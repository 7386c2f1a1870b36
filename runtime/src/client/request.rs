//! Building one signed request, without I/O: the nonce and timestamp are arguments, so tests can
//! check whole requests against the signing functions.

use super::Endpoint;
use crate::Error;
use crate::credentials::Credentials;
use crate::operation::{Method, Operation};
use crate::params::BuildError;
use crate::product::Product;
use crate::signing::{SignatureVersion, canonical_query, v1, v3};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A request ready to send. POST carries the operation's parameters as a form body, GET in the query.
/// Header names are lowercase constants.
#[derive(Debug)]
pub(super) struct SignedRequest {
    pub(super) method: Method,
    pub(super) url: String,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Option<String>,
}

impl SignedRequest {
    pub(super) fn into_reqwest(self, http: &reqwest::Client) -> Result<reqwest::Request, Error> {
        let method = match self.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut headers = HeaderMap::with_capacity(self.headers.len());
        for (name, value) in self.headers {
            // Fails only for text that cannot be in a header, e.g. a security token with a line break.
            let value = HeaderValue::try_from(value).map_err(|_| {
                Error::Build(BuildError::Invalid { message: format!("the `{name}` header value has characters a header cannot hold") })
            })?;
            headers.insert(HeaderName::from_static(name), value);
        }
        let mut builder = http.request(method, self.url).headers(headers);
        if let Some(body) = self.body {
            builder = builder.body(body);
        }
        builder.build().map_err(|e| Error::Build(BuildError::Invalid { message: format!("cannot form the HTTP request: {}", e.without_url()) }))
    }
}

/// What one call asks for, before signing: an action of a product with its own parameters.
pub(super) struct Call<'a> {
    pub(super) product: &'a Product,
    pub(super) op: &'a Operation,
    pub(super) params: &'a [(String, String)],
}

/// Signs one attempt of `call`; without credentials (anonymous), the request goes unsigned.
pub(super) fn sign(
    version: SignatureVersion,
    call: &Call,
    credentials: Option<&Credentials>,
    endpoint: &Endpoint,
    nonce: &str,
    timestamp: &str,
) -> SignedRequest {
    match version {
        SignatureVersion::V1 => sign_v1(call, credentials, endpoint, nonce, timestamp),
        SignatureVersion::V3 => sign_v3(call, credentials, endpoint, nonce, timestamp),
    }
}

fn url_with_query(endpoint: &Endpoint, query: &str) -> String {
    if query.is_empty() { endpoint.url.clone() } else { format!("{}?{query}", endpoint.url) }
}

fn form_body(params: &[(&str, &str)]) -> Option<String> {
    (!params.is_empty()).then(|| canonical_query(params))
}

/// Parameters as name and value.
type Pairs<'a> = Vec<(&'a str, &'a str)>;

/// The operation's parameters that go in the form body, and those that go in the query.
fn placed<'a>(op: &Operation, params: &'a [(String, String)]) -> (Pairs<'a>, Pairs<'a>) {
    params.iter().map(|(name, value)| (name.as_str(), value.as_str())).partition(|(name, _)| op.in_body(name))
}

/// Common parameters in the query with `Signature`; the signature covers query and form together.
/// Anonymous: only `Action`, `Version`, `Format` and `Timestamp`, as the official credential
/// libraries send STS `AssumeRoleWithOIDC`.
fn sign_v1(call: &Call, credentials: Option<&Credentials>, endpoint: &Endpoint, nonce: &str, timestamp: &str) -> SignedRequest {
    let Call { product, op, params } = *call;
    let mut common = vec![("Action", op.action), ("Version", product.version), ("Format", "JSON"), ("Timestamp", timestamp)];
    let signature = credentials.map(|credentials| {
        common.extend([
            ("AccessKeyId", credentials.access_key_id()),
            ("SignatureMethod", v1::SIGNATURE_METHOD),
            ("SignatureVersion", v1::SIGNATURE_VERSION),
            ("SignatureNonce", nonce),
        ]);
        if let Some(token) = credentials.security_token() {
            common.push(("SecurityToken", token));
        }
        let mut signed: Vec<(&str, &str)> = common.clone();
        signed.extend(params.iter().map(|(name, value)| (name.as_str(), value.as_str())));
        v1::sign(credentials.access_key_secret(), &v1::string_to_sign(op.method.as_str(), &signed))
    });
    // The signature covers query and form alike; only where each goes differs.
    let (in_body, in_query) = placed(op, params);
    let mut query = common;
    query.extend(in_query);
    let body = form_body(&in_body);
    if let Some(signature) = &signature {
        query.push(("Signature", signature));
    }
    let mut headers = vec![("host", endpoint.host.clone())];
    if body.is_some() {
        headers.push(("content-type", FORM_CONTENT_TYPE.to_string()));
    }
    SignedRequest { method: op.method, url: url_with_query(endpoint, &canonical_query(&query)), headers, body }
}

/// Action, version, date, nonce and body hash in `x-acs-*` headers, all signed into `Authorization`
/// (which an anonymous request goes without).
fn sign_v3(call: &Call, credentials: Option<&Credentials>, endpoint: &Endpoint, nonce: &str, timestamp: &str) -> SignedRequest {
    let Call { product, op, params } = *call;
    let (in_body, query_pairs) = placed(op, params);
    let body = form_body(&in_body);
    let query_pairs = query_pairs.as_slice();
    let payload_hash = body.as_deref().map_or_else(|| v3::EMPTY_PAYLOAD_HASH.to_string(), |b| v3::hash_payload(b.as_bytes()));
    let mut headers = vec![
        ("host", endpoint.host.clone()),
        ("x-acs-action", op.action.to_string()),
        ("x-acs-version", product.version.to_string()),
        ("x-acs-date", timestamp.to_string()),
        ("x-acs-signature-nonce", nonce.to_string()),
        ("x-acs-content-sha256", payload_hash.clone()),
    ];
    if body.is_some() {
        headers.push(("content-type", FORM_CONTENT_TYPE.to_string()));
    }
    if let Some(credentials) = credentials {
        if let Some(token) = credentials.security_token() {
            headers.push(("x-acs-security-token", token.to_string()));
        }
        let canonical = v3::canonical_request(op.method.as_str(), &endpoint.path, query_pairs, &headers, &payload_hash);
        let signature = v3::signature(credentials.access_key_secret(), &canonical);
        headers.push(("authorization", v3::authorization(credentials.access_key_id(), &v3::signed_headers(&headers), &signature)));
    }
    SignedRequest { method: op.method, url: url_with_query(endpoint, &canonical_query(query_pairs)), headers, body }
}
