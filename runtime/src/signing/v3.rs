//! `ACS3-HMAC-SHA256` signature (the V3 request structure).
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(key = AccessKeySecret, StringToSign))
//! Authorization    = ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>
//! ```
//! A client signs `host`, `content-type` and every `x-acs-*` header ([`canonical_request`]). To
//! verify, a server parses the header with [`Authorization::parse`], passes the request's headers
//! and the names it lists to [`canonical_request_over`] (with the decoded query pairs, the decoded
//! path and the `x-acs-content-sha256` it checked against [`hash_payload`] of the body) and
//! compares [`signature`] with the one received.

use super::{canonical_query, hex, percent_encode};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The algorithm name that starts the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// [`hash_payload`] of an empty body.
pub const EMPTY_PAYLOAD_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// `x-acs-content-sha256`: lowercase hex SHA-256 of the body bytes.
pub fn hash_payload(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// The canonical URI: each segment of the (decoded) path percent-encoded, `/` kept; `/` for RPC.
pub fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    path.split('/').map(percent_encode).collect::<Vec<_>>().join("/")
}

fn is_signed(lowercase_name: &str) -> bool {
    lowercase_name == "host" || lowercase_name == "content-type" || lowercase_name.starts_with("x-acs-")
}

/// Headers as (lowercase name, trimmed value).
fn normalized<K: AsRef<str>, V: AsRef<str>>(headers: &[(K, V)]) -> impl Iterator<Item = (String, String)> + '_ {
    headers.iter().map(|(name, value)| (name.as_ref().trim().to_ascii_lowercase(), value.as_ref().trim().to_string()))
}

/// `SignedHeaders`: the names of the headers that take part, lowercased, sorted, joined with `;`.
pub fn signed_headers<K: AsRef<str>, V>(headers: &[(K, V)]) -> String {
    let mut names: Vec<String> = headers.iter().map(|(name, _)| name.as_ref().trim().to_ascii_lowercase()).filter(|n| is_signed(n)).collect();
    names.sort();
    names.dedup();
    names.join(";")
}

/// The canonical request over the headers a client signs: `host`, `content-type` and `x-acs-*`.
///
/// - `method`: `GET`, `POST`, ...
/// - `path`: the decoded request path (`/` for RPC); encoded here with [`canonical_uri`].
/// - `query_pairs`: decoded query parameters (empty for a form POST).
/// - `headers`: all request headers.
/// - `payload_hash`: [`hash_payload`] of the body, i.e. the `x-acs-content-sha256` value.
pub fn canonical_request(
    method: &str,
    path: &str,
    query_pairs: &[(impl AsRef<str>, impl AsRef<str>)],
    headers: &[(impl AsRef<str>, impl AsRef<str>)],
    payload_hash: &str,
) -> String {
    let entries = normalized(headers).filter(|(name, _)| is_signed(name)).collect();
    layout(method, path, &canonical_query(query_pairs), entries, payload_hash)
}

/// The canonical request over exactly the headers `signed_names` lists, for verifying a received
/// request against its `SignedHeaders`: a signer may sign more than [`canonical_request`] does
/// (the official Python SDK also signs `accept` and `user-agent`).
pub fn canonical_request_over(
    method: &str,
    path: &str,
    query_pairs: &[(impl AsRef<str>, impl AsRef<str>)],
    headers: &[(impl AsRef<str>, impl AsRef<str>)],
    signed_names: &[&str],
    payload_hash: &str,
) -> String {
    let entries = normalized(headers).filter(|(name, _)| signed_names.iter().any(|s| s.eq_ignore_ascii_case(name))).collect();
    layout(method, path, &canonical_query(query_pairs), entries, payload_hash)
}

/// The canonical request's layout. Headers are sorted by name; the values of a repeated name are
/// sorted and joined with `,` (as the Go runtime does).
fn layout(method: &str, path: &str, canonical_query: &str, mut entries: Vec<(String, String)>, payload_hash: &str) -> String {
    entries.sort();
    entries.dedup_by(|later, earlier| {
        let same_name = later.0 == earlier.0;
        if same_name {
            earlier.1.push(',');
            earlier.1.push_str(&later.1);
        }
        same_name
    });
    let mut canonical_headers = String::new();
    for (name, value) in &entries {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    format!("{method}\n{}\n{canonical_query}\n{canonical_headers}\n{}\n{payload_hash}", canonical_uri(path), names.join(";"))
}

/// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", hash_payload(canonical_request.as_bytes()))
}

/// The signature (lowercase hex) of a canonical request. The key is the plain secret.
pub fn signature(access_key_secret: &str, canonical_request: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(string_to_sign(canonical_request).as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The `Authorization` header value.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

/// The parts of a received `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The AccessKey ID of `Credential=`.
    pub access_key_id: &'a str,
    /// `;`-separated lowercase header names.
    pub signed_headers: &'a str,
    /// The hex-encoded signature.
    pub signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// Parses `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`; `None` if malformed.
    pub fn parse(header: &'a str) -> Option<Self> {
        let fields = header.strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
        let (mut access_key_id, mut signed_headers, mut signature) = (None, None, None);
        for field in fields.split(',') {
            let (name, value) = field.trim().split_once('=')?;
            match name {
                "Credential" => access_key_id = Some(value),
                "SignedHeaders" => signed_headers = Some(value),
                "Signature" => signature = Some(value),
                _ => return None,
            }
        }
        Some(Authorization { access_key_id: access_key_id?, signed_headers: signed_headers?, signature: signature? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of the official V3 documentation.
    #[test]
    fn official_v3_vector() {
        let query = [("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")];
        let headers = [
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", EMPTY_PAYLOAD_HASH),
            ("accept", "application/json"),
        ];
        assert_eq!(hash_payload(b""), EMPTY_PAYLOAD_HASH);
        let canonical = canonical_request("POST", "/", &query, &headers, EMPTY_PAYLOAD_HASH);
        let expected_headers = "host:ecs.cn-shanghai.aliyuncs.com\n\
             x-acs-action:RunInstances\n\
             x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
             x-acs-date:2023-10-26T10:22:32Z\n\
             x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
             x-acs-version:2014-05-26\n";
        let signed = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
        assert_eq!(
            canonical,
            format!(
                "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
                 {expected_headers}\n{signed}\n{EMPTY_PAYLOAD_HASH}"
            )
        );
        assert_eq!(signed_headers(&headers), signed);
        assert_eq!(string_to_sign(&canonical), "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        let sig = signature("YourAccessKeySecret", &canonical);
        assert_eq!(sig, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
        let header = authorization("YourAccessKeyId", signed, &sig);
        assert_eq!(
            header,
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;\
             x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(Authorization::parse(&header), Some(Authorization { access_key_id: "YourAccessKeyId", signed_headers: signed, signature: &sig }));
        // The same request as GET (independently recomputed, not an official figure).
        let get = canonical_request("GET", "/", &query, &headers, EMPTY_PAYLOAD_HASH);
        assert_eq!(signature("YourAccessKeySecret", &get), "9f6beca8bc1d657b9dfa220898e087dd255411946c1091ced04ef0dc2ed19d87");
    }

    const SDK_TEST_PAYLOAD_HASH: &str = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";

    /// darabonba-openapi-util Go `GetAuthorization` test: empty method, a repeated header merged.
    #[test]
    fn darabonba_go_vector_merges_repeated_headers() {
        let query = [("test", "ok"), ("empty", "")];
        let headers = [("x-acs-test", "http"), ("x-acs-TEST", "https")];
        let canonical = canonical_request("", "/", &query, &headers, SDK_TEST_PAYLOAD_HASH);
        assert_eq!(canonical, format!("\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n{SDK_TEST_PAYLOAD_HASH}"));
        assert_eq!(
            authorization("acesskey", &signed_headers(&headers), &signature("secret", &canonical)),
            "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,\
             Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3"
        );
    }

    /// darabonba-openapi-util Java test: GET, the single header its HashMap kept.
    #[test]
    fn darabonba_java_vector() {
        let canonical = canonical_request("GET", "/", &[("test", "ok"), ("empty", "")], &[("x-acs-test", "http")], SDK_TEST_PAYLOAD_HASH);
        assert_eq!(signature("secret", &canonical), "02e81f9f3cc8839151b0c7278024cbc4bfc9fa786085a0b8305f825f17b5dae7");
    }

    /// Other constants of the same test suites.
    #[test]
    fn darabonba_helper_constants() {
        assert_eq!(hash_payload(b"test"), "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assert_eq!(canonical_uri("/path/ test"), "/path/%20test");
        assert_eq!(canonical_uri(""), "/");
    }

    #[test]
    fn malformed_authorization_is_rejected() {
        for bad in [
            "",
            "ACS3-HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=s",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=s,Extra=x",
            "ACS3-HMAC-SHA256 Credential",
        ] {
            assert_eq!(Authorization::parse(bad), None, "{bad}");
        }
    }

    /// A verifier that lists the standard headers gets the client's canonical request.
    #[test]
    fn canonical_request_over_the_standard_names_is_the_clients() {
        let query = [("ImageId", "win2019 x"), ("RegionId", "cn-shanghai")];
        let headers = [
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-acs-test", "b"),
            ("x-acs-test", "a"),
            ("accept", "application/json"),
        ];
        let names = ["content-type", "host", "x-acs-action", "x-acs-date", "x-acs-test"];
        for method in ["GET", "POST"] {
            assert_eq!(
                canonical_request_over(method, "/", &query, &headers, &names, EMPTY_PAYLOAD_HASH),
                canonical_request(method, "/", &query, &headers, EMPTY_PAYLOAD_HASH)
            );
        }
    }

    /// Headers outside the standard set are signed when listed (the Python SDK lists `accept`).
    #[test]
    fn listed_headers_outside_the_standard_set_are_canonicalized() {
        let headers = [("Accept", " application/json "), ("host", "h"), ("user-agent", "not listed")];
        assert_eq!(
            canonical_request_over("GET", "/", &[] as &[(&str, &str)], &headers, &["accept", "host"], "hash"),
            "GET\n/\n\naccept:application/json\nhost:h\n\naccept;host\nhash"
        );
    }
}
