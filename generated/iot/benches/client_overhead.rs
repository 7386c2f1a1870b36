//! What the client itself costs per call, next to a hand-written reqwest call of the same request
//! against the same loopback server in the same run, and what signing alone costs.
//!
//! ```text
//! cargo bench -p aliyun-iot --bench client_overhead
//! ```
//! Two baselines send the same GET (same query, same headers) with plain reqwest and decode the same
//! output type: one signs every call with a fresh nonce and timestamp, as a hand-written call must
//! (the service refuses a reused nonce); the other replays one signature, a lower bound that the
//! service would refuse. The client additionally applies its retry, timeout and rate-limit
//! bookkeeping and checks the response for errors. Rounds alternate between the sides so drift
//! affects all alike; the median round is reported. Runs for a few seconds.

use aliyun_iot::Client;
use aliyun_iot::config::{Credentials, Env, RateLimit};
use aliyun_iot::operations::list_ota_module_by_product::ListOtaModuleByProductOutput;
use aliyun_rpc_runtime::signing::{self, v1, v3};
use std::hint::black_box;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const BODY: &str = r#"{"RequestId":"74C2BB8D-1D6F-41F5-AE68-6B2310883F63","Success":true,"Data":[{"AliasName":"Barcode_scanner","Desc":"The firmware of the barcode scanner.","GmtCreate":"Wed, 20-Feb-2019 02:16:09 GMT","GmtModified":"Wed, 20-Feb-2019 02:16:09 GMT","ModuleName":"barcodeScanner","ProductKey":"a1uctKe1234"}]}"#;
const CALLS_PER_ROUND: u32 = 1500;
const ROUNDS: usize = 9;

/// A minimal keep-alive HTTP/1.1 server answering every request with `BODY`, so the figures are
/// dominated by the client side rather than by a test server's own work.
async fn serve(listener: TcpListener) {
    let response =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-acs-request-id: 74C2BB8D\r\ncontent-length: {}\r\n\r\n{BODY}", BODY.len());
    loop {
        let Ok((socket, _)) = listener.accept().await else { return };
        let response = response.clone();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut reader = BufReader::new(read);
            let mut line = String::new();
            loop {
                let mut content_length = 0usize;
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        content_length = value.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; content_length];
                if reader.read_exact(&mut body).await.is_err() || write.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
        });
    }
}

/// Median per-call time of `ROUNDS` rounds.
fn median(mut rounds: Vec<Duration>) -> Duration {
    rounds.sort();
    rounds[rounds.len() / 2] / CALLS_PER_ROUND
}

fn per_call_ns(iterations: u32, mut f: impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..iterations {
        f();
    }
    started.elapsed().as_nanos() as f64 / f64::from(iterations)
}

fn bench_signing() {
    let query = [("ProductKey", "a1uctKe1234"), ("IotInstanceId", "iot-cn-0pp1n8t1234")];
    let headers = [
        ("host", "iot.cn-shanghai.aliyuncs.com".to_string()),
        ("x-acs-action", "ListOTAModuleByProduct".to_string()),
        ("x-acs-version", "2018-01-20".to_string()),
        ("x-acs-date", signing::format_timestamp(1_700_000_000)),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d".to_string()),
        ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_HASH.to_string()),
    ];
    let v3_ns = per_call_ns(50_000, || {
        let canonical = v3::canonical_request("GET", "/", black_box(&query), black_box(&headers), v3::EMPTY_PAYLOAD_HASH);
        black_box(v3::authorization("LTAI5tTestKeyId", &v3::signed_headers(&headers), &v3::signature("secret", &canonical)));
    });
    let v1_params = [
        ("Action", "ListOTAModuleByProduct"),
        ("Version", "2018-01-20"),
        ("Format", "JSON"),
        ("AccessKeyId", "LTAI5tTestKeyId"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", "3156853299f313e23d1673dc12e1703d"),
        ("Timestamp", "2023-11-14T22:13:20Z"),
        ("ProductKey", "a1uctKe1234"),
        ("IotInstanceId", "iot-cn-0pp1n8t1234"),
    ];
    let v1_ns = per_call_ns(50_000, || {
        black_box(v1::sign("secret", &v1::string_to_sign("GET", black_box(&v1_params))));
    });
    println!("signing alone: V3 {v3_ns:.0} ns/call, V1 {v1_ns:.0} ns/call");
}

fn main() {
    bench_signing();
    // The server gets its own thread and runtime, the callers a single-threaded one: no work
    // stealing between the two sides, so rounds are comparable.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async { serve(TcpListener::from_std(listener).unwrap()).await });
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client = Client::builder()
            .endpoint(&endpoint)
            .credentials(Credentials::new("LTAI5tTestKeyId", "secret"))
            .env(Env::from_vars::<String, String>([]))
            .rate_limit(RateLimit::disabled())
            .build()
            .unwrap();

        // The baseline: the request the client sends, signed once, sent with plain reqwest.
        let http = reqwest::Client::new();
        let url = format!("{endpoint}/?ProductKey=a1uctKe1234");
        let host = endpoint.trim_start_matches("http://").to_string();
        let date = signing::format_timestamp(1_700_000_000);
        let mut headers: Vec<(&str, String)> = vec![
            ("host", host),
            ("x-acs-action", "ListOTAModuleByProduct".into()),
            ("x-acs-version", "2018-01-20".into()),
            ("x-acs-date", date),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d".into()),
            ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_HASH.into()),
        ];
        let canonical = v3::canonical_request("GET", "/", &[("ProductKey", "a1uctKe1234")], &headers, v3::EMPTY_PAYLOAD_HASH);
        let authorization = v3::authorization("LTAI5tTestKeyId", &v3::signed_headers(&headers), &v3::signature("secret", &canonical));
        headers.push(("authorization", authorization));

        let via_client = || async {
            let output = client.list_ota_module_by_product().product_key("a1uctKe1234").send().await.unwrap();
            black_box(output);
        };
        let via_reqwest = || async {
            let mut request = http.get(&url);
            for (name, value) in &headers {
                request = request.header(*name, value);
            }
            let bytes = request.send().await.unwrap().bytes().await.unwrap();
            black_box(serde_json::from_slice::<ListOtaModuleByProductOutput>(&bytes).unwrap());
        };
        let mut sequence = 0u64;
        let mut via_signed_reqwest = || {
            sequence += 1;
            let nonce = format!("{sequence:032x}");
            let date = signing::format_timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
            let headers = [
                ("host", headers[0].1.clone()),
                ("x-acs-action", "ListOTAModuleByProduct".to_string()),
                ("x-acs-version", "2018-01-20".to_string()),
                ("x-acs-date", date),
                ("x-acs-signature-nonce", nonce),
                ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_HASH.to_string()),
            ];
            let canonical = v3::canonical_request("GET", "/", &[("ProductKey", "a1uctKe1234")], &headers, v3::EMPTY_PAYLOAD_HASH);
            let authorization = v3::authorization("LTAI5tTestKeyId", &v3::signed_headers(&headers), &v3::signature("secret", &canonical));
            let mut request = http.get(&url).header("authorization", authorization);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            async move {
                let response = request.send().await.unwrap();
                assert!(response.status().is_success());
                let bytes = response.bytes().await.unwrap();
                black_box(serde_json::from_slice::<ListOtaModuleByProductOutput>(&bytes).unwrap());
            }
        };

        // Warm-up: connections, allocator, branch predictors.
        for _ in 0..300 {
            via_client().await;
            via_signed_reqwest().await;
            via_reqwest().await;
        }
        let mut rounds: [Vec<Duration>; 3] = Default::default();
        for round in 0..ROUNDS {
            // Rotate which side goes first, so none always runs on a warmer machine.
            for side in (0..3).map(|i| (i + round) % 3) {
                let started = Instant::now();
                for _ in 0..CALLS_PER_ROUND {
                    match side {
                        0 => via_client().await,
                        1 => via_signed_reqwest().await,
                        _ => via_reqwest().await,
                    }
                }
                rounds[side].push(started.elapsed());
            }
        }
        let [client_call, signed_call, replay_call] = rounds.map(median);
        let micros = |d: Duration| d.as_nanos() as f64 / 1000.0;
        println!(
            "per call over loopback: client {:.1} µs; hand-written reqwest signing each call {:.1} µs (ratio {:.3}, goal ≤ 1.10); \
             replaying one signature {:.1} µs (ratio {:.3})",
            micros(client_call),
            micros(signed_call),
            client_call.as_secs_f64() / signed_call.as_secs_f64(),
            micros(replay_call),
            client_call.as_secs_f64() / replay_call.as_secs_f64()
        );
    });
}
