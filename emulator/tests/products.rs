//! Products other than IoT through the same emulator: ECS (a `RegionId` on every action, pages by
//! number, the gateway's error body) and LinkVisual (an `IotInstanceId` set once on the client).

use aliyun_iot_emulator::{Emulator, Reply};
use aliyun_rpc_runtime::Error;
use serde_json::json;

fn ecs(emu: &Emulator) -> aliyun_ecs::Client {
    aliyun_ecs::Client::builder()
        .env(aliyun_ecs::config::Env::from_vars(std::iter::empty::<(String, String)>()))
        .endpoint(emu.base_url())
        .credentials(emu.credentials())
        .region("cn-hangzhou")
        .build()
        .unwrap()
}

#[tokio::test]
async fn region_id_comes_from_the_client_s_region_unless_the_call_sets_one() {
    let emu = Emulator::start().await.unwrap();
    let client = ecs(&emu);
    client.describe_deployment_sets().send().await.unwrap();
    client.describe_deployment_sets().region_id("cn-beijing").send().await.unwrap();
    let regions: Vec<Option<String>> = emu.requests().iter().map(|r| r.param("RegionId").map(str::to_string)).collect();
    assert_eq!(regions, [Some("cn-hangzhou".to_string()), Some("cn-beijing".to_string())]);

    // Without a region, a required RegionId is missing before any request goes out.
    let no_region = aliyun_ecs::Client::builder()
        .env(aliyun_ecs::config::Env::from_vars(std::iter::empty::<(String, String)>()))
        .endpoint(emu.base_url())
        .credentials(emu.credentials())
        .build()
        .unwrap();
    let error = no_region.describe_deployment_sets().send().await.unwrap_err();
    assert!(matches!(error, Error::Build(_)) && error.to_string().contains("RegionId"), "{error}");
    assert_eq!(emu.requests().len(), 2);
}

#[tokio::test]
async fn page_number_paging_reads_every_page_until_the_total() {
    let emu = Emulator::start().await.unwrap();
    let page = |number: u32, ids: &[&str]| {
        let sets: Vec<_> = ids.iter().map(|id| json!({ "DeploymentSetId": id })).collect();
        Reply::Json(json!({ "PageNumber": number, "PageSize": 2, "TotalCount": 3, "DeploymentSets": { "DeploymentSet": sets } }))
    };
    emu.script("DescribeDeploymentSets", [page(1, &["ds-1", "ds-2"]), page(2, &["ds-3"])]);
    let sets = ecs(&emu).describe_deployment_sets().page_size(2).into_paginator().items().collect().await.unwrap();
    let ids: Vec<&str> = sets.iter().filter_map(|s| s.deployment_set_id.as_deref()).collect();
    assert_eq!(ids, ["ds-1", "ds-2", "ds-3"]);
    let requests = emu.requests();
    let pages: Vec<Option<&str>> = requests.iter().map(|r| r.param("PageNumber")).collect();
    // The first page is the one the request asks for (none set: the service's first).
    assert_eq!(pages, [None, Some("2")]);
}

#[tokio::test]
async fn the_gateway_s_error_body_keeps_its_code_message_recommendation_and_host() {
    let emu = Emulator::start().await.unwrap();
    let body = r#"{"RequestId":"5F8B3B6C-0000-4000-8000-000000000001","HostId":"ecs.cn-hangzhou.aliyuncs.com","Code":"InvalidRegionId.NotFound","Message":"The specified RegionId does not exist.","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidRegionId.NotFound"}"#;
    emu.script(
        "DescribeDeploymentSets",
        [Reply::Raw { status: 404, headers: vec![("content-type".into(), "application/json".into())], body: body.into() }],
    );
    let error = ecs(&emu).describe_deployment_sets().send().await.unwrap_err();
    let Error::Service(service) = &error else { panic!("a service error, got {error:?}") };
    assert_eq!(
        (service.code.as_str(), service.message.as_str(), service.http_status),
        ("InvalidRegionId.NotFound", "The specified RegionId does not exist.", 404)
    );
    assert_eq!(service.request_id.as_deref(), Some("5F8B3B6C-0000-4000-8000-000000000001"));
    assert_eq!(service.recommend.as_deref(), Some("https://api.aliyun.com/troubleshoot?q=InvalidRegionId.NotFound"));
    assert_eq!(service.host_id.as_deref(), Some("ecs.cn-hangzhou.aliyuncs.com"));
}

#[tokio::test]
async fn a_client_wide_instance_id_goes_with_every_action_that_takes_it() {
    let emu = Emulator::start().await.unwrap();
    let client = aliyun_linkvisual::Client::builder()
        .env(aliyun_linkvisual::config::Env::from_vars(std::iter::empty::<(String, String)>()))
        .endpoint(emu.base_url())
        .credentials(emu.credentials())
        .iot_instance_id("iot-cn-1")
        .build()
        .unwrap();
    client.query_record_url().product_key("pk").device_name("cam").file_name("f.mp4").send().await.unwrap();
    client.query_record_url().product_key("pk").device_name("cam").file_name("f.mp4").iot_instance_id("iot-cn-2").send().await.unwrap();
    let ids: Vec<Option<String>> = emu.requests().iter().map(|r| r.param("IotInstanceId").map(str::to_string)).collect();
    assert_eq!(ids, [Some("iot-cn-1".to_string()), Some("iot-cn-2".to_string())]);
}
