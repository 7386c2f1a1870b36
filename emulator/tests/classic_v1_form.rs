//! The classic RPC clients' V1 POST (the old `aliyun-python-sdk-core`, the classic Java, Go and PHP
//! SDKs, the aliyun CLI): every parameter, `Signature` included, in an
//! `application/x-www-form-urlencoded` body, the query string empty.
//!
//! The requests are built here by hand from the published algorithm (protocol reference, section
//! 1.1), independently of the workspace's signer, checked against the official vector, and sent
//! over loopback with a plain HTTP client.

use aliyun_iot_emulator::Emulator;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const ACCESS_KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// RFC 3986 unreserved characters stay, every other UTF-8 byte is `%XY` (uppercase hex); a space is
/// `%20`, never `+`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(byte).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Sorted by name (byte order), each name and value percent-encoded, joined as `n=v&n=v`.
fn canonicalized(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    sorted.iter().map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value))).collect::<Vec<_>>().join("&")
}

/// `Base64(HMAC-SHA1(secret + "&", METHOD + "&%2F&" + percentEncode(canonicalized)))` over every
/// parameter but `Signature`.
fn sign(method: &str, params: &[(String, String)], secret: &str) -> String {
    let string_to_sign = format!("{method}&{}&{}", percent_encode("/"), percent_encode(&canonicalized(params)));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn pairs(params: &[(&str, &str)]) -> Vec<(String, String)> {
    params.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
}

#[test]
fn the_hand_made_signer_reproduces_the_published_vectors() {
    let params = pairs(&[
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ]);
    // The official ECS example, and the same inputs signed for POST.
    assert_eq!(sign("GET", &params, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assert_eq!(sign("POST", &params, "testsecret"), "MxbnVAM4w6sft9xjVpe/GCKueuk=");
    // darabonba-openapi-util's Java test: form and query parameters signed together.
    assert_eq!(sign("GET", &pairs(&[("query", "test"), ("body", "test")]), "secret"), "XlUyV4sXjOuX5FnjUz9IF9tm5rU=");
}

/// `yyyy-MM-ddTHH:mm:ssZ` in UTC, from the days-to-civil algorithm (H. Hinnant).
fn timestamp_now() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest / 60 % 60, rest % 60)
}

fn nonce() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("classic-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The common V1 parameters a classic client sends, then the action's own.
fn classic_params(action: &str, version: &str, own: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut params = pairs(&[
        ("Action", action),
        ("Version", version),
        ("Format", "JSON"),
        ("AccessKeyId", ACCESS_KEY_ID),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce()),
        ("Timestamp", &timestamp_now()),
    ]);
    params.extend(pairs(own));
    params
}

/// `params` with `Signature` appended, signed for `method` over all of them.
fn signed(method: &str, mut params: Vec<(String, String)>) -> Vec<(String, String)> {
    let signature = sign(method, &params, SECRET);
    params.push(("Signature".into(), signature));
    params
}

/// A form body or query string as the classic clients write it (Python's `urlencode`: `+` for a
/// space, `%2B` for `+`), not the canonical form, to check that the emulator decodes before it signs.
fn form_encode(params: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish()
}

async fn send(emulator: &Emulator, method: &str, query: &[(String, String)], form: Option<&[(String, String)]>) -> (u16, Value) {
    let mut url = format!("{}/", emulator.base_url());
    if !query.is_empty() {
        url = format!("{url}?{}", form_encode(query));
    }
    let mut request = reqwest::Client::new().request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
    if let Some(form) = form {
        request = request.header("content-type", "application/x-www-form-urlencoded; charset=UTF-8").body(form_encode(form));
    }
    let response = request.send().await.expect("the emulator answers");
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body))))
}

async fn emulator() -> Emulator {
    Emulator::builder().credentials(ACCESS_KEY_ID, SECRET).start().await.unwrap()
}

const IOT: &str = "2018-01-20";
const ECS: &str = "2014-05-26";

fn product_list() -> Vec<(String, String)> {
    // A space in a value: `+` in the body, `%20` in the string to sign.
    classic_params("QueryProductList", IOT, &[("CurrentPage", "1"), ("PageSize", "10"), ("ResourceGroupId", "rg a+b")])
}

#[tokio::test]
async fn a_post_with_every_parameter_and_the_signature_in_the_form_body_is_accepted() {
    let emulator = emulator().await;
    let (status, body) = send(&emulator, "POST", &[], Some(&signed("POST", product_list()))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Success"], Value::Bool(true), "{body}");

    // Routing reads `Version` and `Action` from the body too: an ECS action, by ECS's version.
    let (status, body) = send(&emulator, "POST", &[], Some(&signed("POST", classic_params("DescribeRegions", ECS, &[])))).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["Regions"].is_object(), "{body}");

    let seen = emulator.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.succeeded() && r.method == "POST"));
    assert_eq!(seen[0].action.as_deref(), Some("QueryProductList"));
    assert_eq!(seen[1].action.as_deref(), Some("DescribeRegions"));
    assert_eq!(seen[0].access_key_id.as_deref(), Some(ACCESS_KEY_ID));
    assert!(seen[0].params.iter().any(|(name, value)| name == "ResourceGroupId" && value == "rg a+b"), "{:?}", seen[0].params);
}

#[tokio::test]
async fn the_other_placements_of_v1_parameters_are_still_accepted() {
    let emulator = emulator().await;
    // GET, everything in the query.
    let (status, body) = send(&emulator, "GET", &signed("GET", product_list()), None).await;
    assert_eq!(status, 200, "{body}");
    // POST, everything in the query, no body.
    let (status, body) = send(&emulator, "POST", &signed("POST", product_list()), None).await;
    assert_eq!(status, 200, "{body}");
    // POST split both ways: `Signature` in the query, the rest in the body (the Tea runtimes'
    // placement of operation parameters), and common parameters in the query, `Signature` and the
    // operation's parameters in the body.
    let placements: [fn(&str) -> bool; 2] =
        [|name| name == "Signature", |name| !matches!(name, "Signature" | "CurrentPage" | "PageSize" | "ResourceGroupId")];
    for in_query in placements {
        let all = signed("POST", product_list());
        let query: Vec<_> = all.iter().filter(|(name, _)| in_query(name)).cloned().collect();
        let form: Vec<_> = all.iter().filter(|(name, _)| !in_query(name)).cloned().collect();
        let (status, body) = send(&emulator, "POST", &query, Some(&form)).await;
        assert_eq!(status, 200, "{body}");
    }
    // A parameter repeated in both places with the same value counts once, as the SDKs sign it.
    let all = signed("POST", product_list());
    let repeated: Vec<_> = all.iter().filter(|(name, _)| name == "Action").cloned().collect();
    let (status, body) = send(&emulator, "POST", &repeated, Some(&all)).await;
    assert_eq!(status, 200, "{body}");
    assert!(emulator.requests().iter().all(|r| r.succeeded()));
    assert_eq!(emulator.requests().len(), 5);
}

fn assert_refused(answer: &(u16, Value), status: u16, code: &str) -> String {
    let (actual, body) = answer;
    assert_eq!((*actual, body["Code"].as_str()), (status, Some(code)), "{body}");
    body["Message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_form_body_with_a_wrong_signature_does_not_match() {
    let emulator = emulator().await;
    // Signed with another secret.
    let mut params = product_list();
    params.push(("Signature".into(), sign("POST", &params, "not-the-secret")));
    let message = assert_refused(&send(&emulator, "POST", &[], Some(&params)).await, 400, "SignatureDoesNotMatch");
    assert!(message.contains("server string to sign is:POST&%2F&AccessKeyId%3Dtestid%26Action%3DQueryProductList"), "{message}");
    assert!(message.contains("ResourceGroupId%3Drg%2520a%252Bb"), "{message}");

    // Signed for GET, sent as POST: the method is part of what is signed.
    let message = assert_refused(&send(&emulator, "POST", &[], Some(&signed("GET", product_list()))).await, 400, "SignatureDoesNotMatch");
    assert!(message.contains("server string to sign is:POST&%2F&"), "{message}");

    // A body parameter changed after signing.
    let mut params = signed("POST", product_list());
    params.iter_mut().find(|(name, _)| name == "PageSize").unwrap().1 = "11".into();
    assert_refused(&send(&emulator, "POST", &[], Some(&params)).await, 400, "SignatureDoesNotMatch");

    // Without `Signature` anywhere, the signature is missing.
    let answer = send(&emulator, "POST", &[], Some(&product_list())).await;
    assert_refused(&answer, 400, "MissingSignature");
    assert!(emulator.requests().iter().all(|r| !r.succeeded()));
}

#[tokio::test]
async fn a_parameter_sent_in_the_query_and_the_body_with_different_values_is_refused() {
    let emulator = emulator().await;
    let form = signed("POST", product_list());
    let query = pairs(&[("PageSize", "20")]);
    let message = assert_refused(&send(&emulator, "POST", &query, Some(&form)).await, 400, "InvalidParameter");
    assert!(message.contains("PageSize") && message.contains("both in the query and in the form body"), "{message}");
}
