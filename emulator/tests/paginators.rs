//! Paginators against the emulator's scripted replies: page numbers and tokens, the last page by
//! count, by total, by a short or empty page, by an absent token, and an error mid-way.

use aliyun_iot_emulator::{Emulator, Fault, Reply};
use serde_json::{Value, json};

async fn emulator() -> Emulator {
    Emulator::builder().enforce_qps(false).start().await.unwrap()
}

fn products(names: &[&str], total: Option<i64>) -> Reply {
    let list: Vec<Value> = names.iter().map(|n| json!({"ProductName": n})).collect();
    let mut data = json!({"List": {"ProductInfo": list}});
    if let Some(total) = total {
        data["Total"] = json!(total);
    }
    Reply::Json(json!({"Success": true, "Data": data}))
}

fn sent(emulator: &Emulator, action: &str, param: &str) -> Vec<Option<String>> {
    emulator.requests_for(action).iter().map(|r| r.param(param).map(str::to_string)).collect()
}

#[tokio::test]
async fn page_numbers_until_the_total_is_reached() {
    let emulator = emulator().await;
    emulator.script("QueryProductList", [products(&["a", "b"], Some(5)), products(&["c", "d"], Some(5)), products(&["e"], Some(5))]);
    let client = emulator.client();
    let items = client.query_product_list().current_page(1).page_size(2).into_paginator().items().collect().await.unwrap();
    let names: Vec<_> = items.iter().map(|p| p.product_name.clone().unwrap()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(sent(&emulator, "QueryProductList", "CurrentPage"), [Some("1".into()), Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn without_counts_a_short_or_empty_page_is_the_last() {
    let emulator = emulator().await;
    emulator.script("QueryProductList", [products(&["a", "b"], None), products(&["c"], None)]);
    let client = emulator.client();
    let mut pages = client.query_product_list().current_page(1).page_size(2).into_paginator();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().data.unwrap().list.len());
    }
    assert_eq!(sizes, [2, 1]);
    assert_eq!(sent(&emulator, "QueryProductList", "CurrentPage"), [Some("1".into()), Some("2".into())]);

    emulator.clear_requests();
    emulator.script("QueryProductList", [products(&["a", "b"], None), products(&[], None)]);
    let all = client.query_product_list().current_page(1).page_size(2).into_paginator().items().collect().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(emulator.requests_for("QueryProductList").len(), 2, "an empty page ends the list");
}

fn devices(names: &[&str], next_token: &str) -> Reply {
    let list: Vec<Value> = names.iter().map(|n| json!({"DeviceName": n})).collect();
    Reply::Json(json!({"Success": true, "NextToken": next_token, "Data": {"DeviceInfo": list}}))
}

#[tokio::test]
async fn tokens_until_none_is_returned() {
    let emulator = emulator().await;
    emulator.script("QueryDevice", [devices(&["d1", "d2"], "t1"), devices(&["d3"], "t2"), devices(&["d4"], "")]);
    let client = emulator.client();
    let items = client.query_device().product_key("pk").page_size(2).into_paginator().items().collect().await.unwrap();
    let names: Vec<_> = items.iter().map(|d| d.device_name.clone().unwrap()).collect();
    assert_eq!(names, ["d1", "d2", "d3", "d4"]);
    assert_eq!(sent(&emulator, "QueryDevice", "NextToken"), [None, Some("t1".into()), Some("t2".into())]);
}

#[tokio::test]
async fn an_error_is_passed_on_and_ends_the_pages() {
    let emulator = emulator().await;
    emulator.script(
        "QueryProductList",
        [products(&["a", "b"], Some(6)), Reply::Fault(Fault::business("iot.prod.QueryProductListActionError", "failed"))],
    );
    let client = emulator.client();
    let mut pages = client.query_product_list().current_page(1).page_size(2).into_paginator();
    assert!(pages.next().await.unwrap().is_ok());
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(error.code(), Some("iot.prod.QueryProductListActionError"));
    assert!(pages.next().await.is_none(), "no page after an error");
    assert_eq!(emulator.requests_for("QueryProductList").len(), 2);
}
