//! The emulator under load: 64 concurrent generated-client tasks send a bounded number of calls on
//! loopback, with client rate limiting, client retries and the emulator's QPS enforcement off.
//!
//! ```text
//! cargo bench -p aliyun-iot-emulator --bench emulator_load
//! EMULATOR_LOAD_REQUESTS=50000 cargo bench -p aliyun-iot-emulator --bench emulator_load
//! ```
//! Reports requests per second and p50/p99 latency, and checks that every call got exactly one
//! correct answer: every call succeeded and decoded to the sample, the journal holds exactly one
//! entry per call, every nonce was received exactly once, and the request ids the client saw are
//! exactly the ones the emulator issued. The same load against a bare hyper server that returns
//! the sample as a fixed body runs in the same process as the baseline; the ratio is the cost of
//! the emulator's verification, validation, scripting and journaling.
//!
//! Without `--bench` (e.g. `cargo test --benches`) it runs a small smoke load instead.

use aliyun_iot::Client;
use aliyun_iot::config::{Credentials, Env, RateLimit, RetryPolicy};
use aliyun_iot_emulator::Emulator;
use aliyun_iot_emulator::products::iot::ACTIONS;
use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

const CONCURRENCY: usize = 64;
const DEFAULT_REQUESTS: usize = 20_000;
const SMOKE_REQUESTS: usize = 640;
const ACTION: &str = "ListOTAModuleByProduct";

/// One load run: what each call returned and how long it took.
struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// The `RequestId` of each answer, in no particular order.
    request_ids: Vec<String>,
}

impl Run {
    fn requests_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, fraction: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
    }

    fn report(&self, name: &str) {
        println!(
            "{name:<28} {:>6} requests in {:>7.3} s: {:>8.0} req/s, p50 {:>8.3} ms, p99 {:>8.3} ms",
            self.latencies.len(),
            self.elapsed.as_secs_f64(),
            self.requests_per_second(),
            self.percentile(0.50).as_secs_f64() * 1e3,
            self.percentile(0.99).as_secs_f64() * 1e3,
        );
    }
}

/// `requests` calls of ListOTAModuleByProduct from `CONCURRENCY` tasks sharing one client; panics
/// on any failed call or any answer that differs from the sample.
async fn load(client: &Client, requests: usize, expected_module: &str) -> Run {
    let next_ticket = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let client = client.clone();
            let next_ticket = Arc::clone(&next_ticket);
            let expected_module = expected_module.to_string();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut request_ids = Vec::new();
                while next_ticket.fetch_add(1, Ordering::Relaxed) < requests {
                    let sent = Instant::now();
                    let output = client.list_ota_module_by_product().product_key("a1uctKe0001").send().await.expect("every call succeeds");
                    latencies.push(sent.elapsed());
                    assert_eq!(output.data.len(), 1);
                    assert_eq!(output.data[0].module_name.as_deref(), Some(expected_module.as_str()));
                    request_ids.push(output.request_id.expect("every answer has a RequestId"));
                }
                (latencies, request_ids)
            })
        })
        .collect();
    let mut run = Run { elapsed: Duration::ZERO, latencies: Vec::with_capacity(requests), request_ids: Vec::with_capacity(requests) };
    for task in tasks {
        let (latencies, request_ids) = task.await.expect("a load task panicked");
        run.latencies.extend(latencies);
        run.request_ids.extend(request_ids);
    }
    run.elapsed = started.elapsed();
    assert_eq!(run.latencies.len(), requests, "every ticket was answered");
    run
}

fn client_for(base_url: &str, credentials: Credentials) -> Client {
    Client::builder()
        .env(Env::from_vars(std::iter::empty::<(String, String)>()))
        .endpoint(base_url)
        .credentials(credentials)
        .rate_limit(RateLimit::disabled())
        // A retry would send a second request for one call and hide a lost answer.
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a valid client configuration")
}

/// The baseline: HTTP/1.1 with hyper, answering every request with `body` and doing nothing else.
async fn bare_hyper_server(body: Bytes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_request| {
                    let body = body.clone();
                    async move {
                        let mut response = hyper::Response::new(Full::new(body));
                        response.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("application/json"));
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    base_url
}

fn main() {
    let full_run = std::env::args().any(|arg| arg == "--bench");
    let requests = match std::env::var("EMULATOR_LOAD_REQUESTS") {
        Ok(text) => text.parse().expect("EMULATOR_LOAD_REQUESTS is a number"),
        Err(_) if full_run => DEFAULT_REQUESTS,
        Err(_) => SMOKE_REQUESTS,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let emu = Emulator::builder().enforce_qps(false).start().await.unwrap();
        let op = ACTIONS.iter().find(|a| a.operation.action == ACTION).unwrap();
        let sample = (op.normalize)(serde_json::from_str(op.sample).unwrap()).unwrap();
        let expected_module = sample["Data"][0]["ModuleName"].as_str().unwrap().to_string();
        let baseline_url = bare_hyper_server(Bytes::from(sample.to_string())).await;

        println!("{CONCURRENCY} concurrent tasks, {requests} calls of {ACTION} each run, loopback, no rate limits, no retries");
        // Warm both up (connection pools, allocator) so neither pays first-connection costs.
        let emulator_client = client_for(&emu.base_url(), emu.credentials());
        let baseline_client = client_for(&baseline_url, emu.credentials());
        load(&emulator_client, CONCURRENCY * 4, &expected_module).await;
        load(&baseline_client, CONCURRENCY * 4, &expected_module).await;
        emu.clear_requests();
        let received_before = emu.requests_received();

        let emulated = load(&emulator_client, requests, &expected_module).await;
        let baseline = load(&baseline_client, requests, &expected_module).await;

        // Exactly one correct answer per call: nothing lost, nothing duplicated.
        let journal = emu.requests();
        assert_eq!(journal.len(), requests, "the emulator received exactly one request per call");
        assert_eq!(emu.requests_received() - received_before, requests as u64);
        assert!(journal.iter().all(|r| r.succeeded() && r.action.as_deref() == Some(ACTION)), "every request was answered with success");
        let nonces: HashSet<&str> = journal.iter().map(|r| r.nonce.as_deref().expect("signed with a nonce")).collect();
        assert_eq!(nonces.len(), requests, "every nonce was received exactly once");
        let issued: HashSet<&str> = journal.iter().map(|r| r.request_id.as_deref().expect("answered with a RequestId")).collect();
        let seen: HashSet<&str> = emulated.request_ids.iter().map(String::as_str).collect();
        assert_eq!(issued.len(), requests, "every answer had its own RequestId");
        assert_eq!(seen, issued, "the client saw exactly the answers the emulator sent");

        emulated.report("emulator");
        baseline.report("bare hyper, fixed body");
        println!(
            "emulator / baseline: {:.2} of the throughput, p50 x{:.2}, p99 x{:.2}",
            emulated.requests_per_second() / baseline.requests_per_second(),
            emulated.percentile(0.50).as_secs_f64() / baseline.percentile(0.50).as_secs_f64(),
            emulated.percentile(0.99).as_secs_f64() / baseline.percentile(0.99).as_secs_f64(),
        );
        println!(
            "checked: {requests} calls, {requests} requests journaled, {requests} distinct nonces, {requests} distinct request ids, all matching"
        );
    });
}
