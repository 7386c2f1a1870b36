//! What lenient decoding costs next to plain serde, on a realistic `QueryProductList` success body
//! (20 products, about 4 KB).
//!
//! ```text
//! cargo bench -p aliyun-iot --bench decode
//! ```
//! Three decoders of the same body, in the same run:
//! - `plain`: `#[derive(Deserialize)]` structs of the same shape (`Option<i32>` for the enums, the
//!   list as a `{ProductInfo: [...]}` wrapper struct), the lower bound;
//! - `generated`: the generated output type of `QueryProductList`;
//! - `enveloped`: what the client does with a 2xx body, the generated output and the envelope in one
//!   pass ([`de::enveloped`]), then the `Success` check.
//!
//! Criterion measures each. The ratios are then measured again in rounds that alternate between
//! the sides, so that drift affects all alike, and the median round is printed.

use aliyun_iot::operations::query_product_list::QueryProductListOutput;
use aliyun_iot::types::NodeType;
use aliyun_rpc_runtime::de;
use criterion::{Criterion, criterion_group};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Plain serde structs of the same shape.
mod plain {
    use serde::Deserialize;

    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    pub(crate) struct QueryProductListOutput {
        pub request_id: Option<String>,
        pub data: Option<Data>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    pub(crate) struct Data {
        pub page_size: Option<i32>,
        pub page_count: Option<i32>,
        pub current_page: Option<i32>,
        pub total: Option<i32>,
        pub list: List,
    }

    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    pub(crate) struct List {
        pub product_info: Vec<ProductInfo>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    pub(crate) struct ProductInfo {
        pub data_format: Option<i32>,
        pub product_key: Option<String>,
        pub node_type: Option<i32>,
        pub product_name: Option<String>,
        pub device_count: Option<i32>,
        pub gmt_create: Option<i64>,
        pub description: Option<String>,
    }
}

fn body() -> Vec<u8> {
    let product = r#"{"DataFormat":0,"Description":"Description","DeviceCount":4,"GmtCreate":1517479077000,"NodeType":0,"ProductKey":"a1*********","ProductName":"test123123123"}"#;
    let products = vec![product; 20].join(",");
    format!(
        r#"{{"Data":{{"CurrentPage":1,"List":{{"ProductInfo":[{products}]}},"PageCount":4,"PageSize":20,"Total":79}},"RequestId":"57b144cf-09fc-4916-a272-a62902d5b207","Success":true}}"#
    )
    .into_bytes()
}

fn decode_plain(body: &[u8]) -> usize {
    let output: plain::QueryProductListOutput = serde_json::from_slice(body).unwrap();
    output.data.map_or(0, |d| d.list.product_info.len())
}

fn decode_generated(body: &[u8]) -> usize {
    let output: QueryProductListOutput = serde_json::from_slice(body).unwrap();
    output.data.map_or(0, |d| d.list.len())
}

fn decode_enveloped(body: &[u8]) -> usize {
    let (envelope, output) = de::enveloped::<QueryProductListOutput>(body);
    assert_ne!(envelope.and_then(|e| e.success), Some(false));
    output.unwrap().data.map_or(0, |d| d.list.len())
}

type Decoder = fn(&[u8]) -> usize;
const SIDES: [(&str, Decoder); 3] = [("plain", decode_plain), ("generated", decode_generated), ("enveloped", decode_enveloped)];

fn decoding(c: &mut Criterion) {
    let body = body();
    // Same values on every side, or the comparison says nothing.
    for (name, decode) in SIDES {
        assert_eq!(decode(&body), 20, "{name}");
    }
    let full: QueryProductListOutput = serde_json::from_slice(&body).unwrap();
    let product = &full.data.as_ref().unwrap().list[0];
    assert_eq!((product.node_type.as_ref(), product.gmt_create), (Some(&NodeType::Device), Some(1517479077000)));
    let mut group = c.benchmark_group("decode QueryProductList");
    group.throughput(criterion::Throughput::Bytes(body.len() as u64));
    for (name, decode) in SIDES {
        group.bench_function(name, |b| b.iter(|| decode(black_box(&body))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = decoding
}

/// Median time per decode for each side, over rounds that alternate between the sides.
fn interleaved() -> [Duration; 3] {
    const ROUNDS: usize = 21;
    const PER_ROUND: u32 = 2000;
    let body = body();
    let mut times: [Vec<Duration>; 3] = Default::default();
    for _ in 0..ROUNDS {
        for (side, (_, decode)) in SIDES.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..PER_ROUND {
                black_box(decode(black_box(&body)));
            }
            times[side].push(start.elapsed() / PER_ROUND);
        }
    }
    times.map(|mut t| {
        t.sort();
        t[ROUNDS / 2]
    })
}

fn main() {
    benches();
    criterion::Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs each benchmark once as a test: no figures then.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let [plain, generated, enveloped] = interleaved();
    let ratio = |side: Duration| side.as_secs_f64() / plain.as_secs_f64();
    println!("interleaved medians per decode: plain {plain:?}, generated {generated:?}, enveloped {enveloped:?}");
    println!("generated / plain = {:.2}x (target <= 1.5x)", ratio(generated));
    println!("enveloped / plain = {:.2}x", ratio(enveloped));
}
