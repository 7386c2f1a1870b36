//! The IoT state through the client, as a user's tests see it: every stateful action, the
//! documented error codes, seeding and resetting, the HTTP endpoints, and many tasks at once.

use aliyun_iot::Client;
use aliyun_iot::types::{DeviceNicknameInfo, DeviceSimpleInfo, NodeType};
use aliyun_iot_emulator::Emulator;
use aliyun_iot_emulator::iot::{DeviceStatus, MessageKind, Seed, SeedDevice, SeedGroup, SeedProduct};
use base64::Engine as _;
use serde_json::{Value, json};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn product(client: &Client, name: &str) -> String {
    let created = client.create_product().product_name(name).node_type(NodeType::Device).send().await.unwrap();
    let key = created.product_key.unwrap();
    assert_eq!(created.data.unwrap().product_key.as_deref(), Some(key.as_str()));
    key
}

async fn register(client: &Client, key: &str, name: &str) -> String {
    let registered = client.register_device().product_key(key).device_name(name).send().await.unwrap();
    registered.data.unwrap().iot_id.unwrap()
}

#[tokio::test]
async fn products_are_created_listed_updated_and_deleted() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let empty = client.query_product_list().current_page(1).page_size(10).send().await.unwrap();
    assert_eq!(empty.data.unwrap().total, Some(0));
    let mut keys = Vec::new();
    for name in ["pumps", "valves", "meters"] {
        keys.push(product(&client, name).await);
    }
    let page = client.query_product_list().current_page(1).page_size(2).send().await.unwrap().data.unwrap();
    assert_eq!((page.total, page.page_count), (Some(3), Some(2)));
    let names: Vec<_> = page.list.iter().map(|p| p.product_name.clone().unwrap()).collect();
    assert_eq!(names, ["meters", "valves"], "newest first");

    client.update_product().product_key(&keys[0]).product_name("big pumps").description("north site").send().await.unwrap();
    register(&client, &keys[0], "pump-1").await;
    let queried = client.query_product().product_key(&keys[0]).send().await.unwrap().data.unwrap();
    assert_eq!(
        (queried.product_name.as_deref(), queried.description.as_deref(), queried.device_count),
        (Some("big pumps"), Some("north site"), Some(1))
    );

    client.delete_product().product_key(&keys[0]).send().await.unwrap();
    let error = client.query_product().product_key(&keys[0]).send().await.unwrap_err();
    assert_eq!(error.code(), Some("iot.prod.NotExistedProduct"));
    assert!(emu.iot().devices().is_empty(), "the product's devices went with it");
}

#[tokio::test]
async fn a_device_lives_from_registration_to_deletion() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let key = product(&client, "pumps").await;
    let registered = client.register_device().product_key(&key).device_name("pump-7").nickname("north pump").send().await.unwrap().data.unwrap();
    let iot_id = registered.iot_id.clone().unwrap();
    assert_eq!(registered.device_secret.as_ref().map(String::len), Some(32));

    let info = client.query_device_info().iot_id(&iot_id).send().await.unwrap().data.unwrap();
    assert_eq!((info.device_name.as_deref(), info.nickname.as_deref()), (Some("pump-7"), Some("north pump")));
    assert_eq!(info.device_secret, registered.device_secret);

    let again = client.register_device().product_key(&key).device_name("pump-7").send().await.unwrap_err();
    assert_eq!(again.code(), Some("iot.device.AlreadyExistedDeviceName"));
    let malformed = client.register_device().product_key(&key).device_name("no").send().await.unwrap_err();
    assert_eq!(malformed.code(), Some("iot.device.InvalidFormattedDeviceName"));
    let unnamed = client.register_device().product_key(&key).send().await.unwrap().data.unwrap();
    assert_eq!(unnamed.device_name.as_ref().map(String::len), Some(20), "a generated name");

    let detail = client.query_device_detail().product_key(&key).device_name("pump-7").send().await.unwrap().data.unwrap();
    assert_eq!((detail.status.unwrap().as_str(), detail.product_name.as_deref()), ("UNACTIVE", Some("pumps")));

    emu.iot().set_device_status(&key, "pump-7", DeviceStatus::Online).unwrap();
    let status = client.get_device_status().iot_id(&iot_id).send().await.unwrap().data.unwrap();
    assert_eq!(status.status.unwrap().as_str(), "ONLINE");
    client.disable_thing().iot_id(&iot_id).send().await.unwrap();
    let states = client.batch_get_device_state().product_key(&key).device_name("pump-7").send().await.unwrap();
    assert_eq!(states.device_status_list[0].status.as_ref().unwrap().as_str(), "DISABLE");
    client.enable_thing().product_key(&key).device_name("pump-7").send().await.unwrap();
    let online = client.query_device_by_status().product_key(&key).status("1").send().await.unwrap();
    assert_eq!(online.data.iter().map(|d| d.device_name.clone().unwrap()).collect::<Vec<_>>(), ["pump-7"], "enabling restores ONLINE");

    client
        .batch_update_device_nickname()
        .device_nickname_info(DeviceNicknameInfo::new().product_key(&key).device_name("pump-7").nickname("south pump"))
        .send()
        .await
        .unwrap();
    let nameless = client
        .batch_update_device_nickname()
        .device_nickname_info(DeviceNicknameInfo::new().product_key(&key).device_name("pump-7").nickname("x"))
        .device_nickname_info(DeviceNicknameInfo::new().product_key(&key).device_name("pump-404").nickname("y"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(nameless.code(), Some("Iot.Device.NotExistedDevice"));
    let details = client.batch_query_device_detail().product_key(&key).device_name("pump-7").device_name("pump-404").send().await.unwrap();
    assert_eq!(details.data.len(), 1, "unknown devices are left out");
    assert_eq!(details.data[0].nickname.as_deref(), Some("south pump"), "the failed batch changed nothing");

    client.save_device_prop().iot_id(&iot_id).props(r#"{"site": "north", "floor": 2}"#).send().await.unwrap();
    client.delete_device_prop().iot_id(&iot_id).prop_key("floor").send().await.unwrap();
    let tags = client.query_device_prop().iot_id(&iot_id).send().await.unwrap().props.unwrap();
    assert_eq!(serde_json::from_str::<Value>(&tags).unwrap(), json!({"site": "north"}));
    let not_json = client.save_device_prop().iot_id(&iot_id).props("site=north").send().await.unwrap_err();
    assert_eq!(not_json.code(), Some("InvalidParameter"));

    client.delete_device().iot_id(&iot_id).send().await.unwrap();
    let gone = client.query_device_info().product_key(&key).device_name("pump-7").send().await.unwrap_err();
    assert_eq!(gone.code(), Some("Iot.Device.NotExistedDevice"));
    assert_eq!(emu.requests_for("QueryDeviceInfo").last().unwrap().error_code.as_deref(), Some("Iot.Device.NotExistedDevice"));
}

#[tokio::test]
async fn devices_are_listed_by_page_and_by_token() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let key = product(&client, "lights").await;
    for i in 0..5 {
        register(&client, &key, &format!("light-{i}")).await;
    }
    let second = client.query_device().product_key(&key).current_page(2).page_size(2).send().await.unwrap();
    assert_eq!((second.total, second.page_count, second.page), (Some(5), Some(3), Some(2)));
    assert_eq!(second.data.iter().map(|d| d.device_name.clone().unwrap()).collect::<Vec<_>>(), ["light-2", "light-3"]);

    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client.query_device().product_key(&key).page_size(2).set_next_token(token.clone()).send().await.unwrap();
        names.extend(page.data.iter().map(|d| d.device_name.clone().unwrap()));
        token = page.next_token.filter(|t| !t.is_empty());
        if token.is_none() {
            break;
        }
    }
    assert_eq!(names, (0..5).map(|i| format!("light-{i}")).collect::<Vec<_>>());
}

#[tokio::test]
async fn batch_registration_by_count_and_by_checked_names() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let key = product(&client, "sensors").await;
    let apply = client.batch_register_device().product_key(&key).count(3).send().await.unwrap().data.unwrap().apply_id.unwrap();
    let page = client.query_page_by_apply_id().apply_id(apply).page_size(10).current_page(1).send().await.unwrap();
    assert_eq!(page.apply_device_list.len(), 3);

    register(&client, &key, "taken-1").await;
    let checked = client
        .batch_check_device_names()
        .product_key(&key)
        .device_name("sensor-a")
        .device_name("taken-1")
        .device_name("x")
        .send()
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(
        (checked.invalid_device_name_list.clone(), checked.repeated_device_name_list.clone()),
        (vec!["x".to_string()], vec!["taken-1".to_string()])
    );
    let apply = checked.apply_id.unwrap();
    client.batch_register_device_with_apply_id().product_key(&key).apply_id(apply).send().await.unwrap();
    let status = client.query_batch_register_device_status().product_key(&key).apply_id(apply).send().await.unwrap().data.unwrap();
    assert_eq!((status.status.unwrap().as_str(), status.valid_list), ("CREATE_SUCCESS", vec!["sensor-a".to_string()]));
    client.query_device_info().product_key(&key).device_name("sensor-a").send().await.unwrap();
    let unknown = client.query_page_by_apply_id().apply_id(apply + 1000).send().await.unwrap_err();
    assert_eq!(unknown.code(), Some("iot.device.DeviceApplyIsNotFound"));
}

#[tokio::test]
async fn groups_hold_devices() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let key = product(&client, "pumps").await;
    for name in ["pump-1", "pump-2"] {
        register(&client, &key, name).await;
    }
    let group = client.create_device_group().group_name("north").group_desc("north site").send().await.unwrap().data.unwrap();
    let id = group.group_id.unwrap();
    let taken = client.create_device_group().group_name("north").send().await.unwrap_err();
    assert_eq!(taken.code(), Some("iot.group.GroupNameExisted"));
    client.create_device_group().group_name("north-east").super_group_id(&id).send().await.unwrap();

    let device = |name: &str| DeviceSimpleInfo::new().product_key(&key).device_name(name);
    let added = client
        .batch_add_device_group_relations()
        .group_id(&id)
        .device(device("pump-1"))
        .device(device("pump-2"))
        .device(device("pump-9"))
        .send()
        .await
        .unwrap();
    assert_eq!((added.valid_device_count, added.success_added_device_count), (Some(2), Some(2)));
    let listed = client.query_device_list_by_device_group().group_id(&id).send().await.unwrap();
    assert_eq!((listed.total, listed.data.len()), (Some(2), 2));
    client.batch_delete_device_group_relations().group_id(&id).device(device("pump-1")).send().await.unwrap();
    client.update_device_group().group_id(&id).group_desc("north and more").send().await.unwrap();
    let info = client.query_device_group_info().group_id(&id).send().await.unwrap().data.unwrap();
    assert_eq!((info.device_count, info.group_desc.as_deref()), (Some(1), Some("north and more")));
    let top = client.query_device_group_list().send().await.unwrap();
    assert_eq!(top.data.iter().map(|g| g.group_name.clone().unwrap()).collect::<Vec<_>>(), ["north"], "top-level groups only");

    client.delete_device_group().group_id(&id).send().await.unwrap();
    let gone = client.query_device_group_info().group_id(&id).send().await.unwrap_err();
    assert_eq!(gone.code(), Some("iot.group.NotExistedGroup"));
    assert!(emu.iot().snapshot().groups.is_empty(), "the subgroup went with its parent");
}

#[tokio::test]
async fn properties_services_and_messages_are_kept() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let key = product(&client, "pumps").await;
    let iot_id = register(&client, &key, "pump-7").await;
    client.set_device_property().iot_id(&iot_id).items(r#"{"Speed": 1200, "Mode": "eco", "Ratio": 0.5}"#).send().await.unwrap();
    let list = client.query_device_property_status().iot_id(&iot_id).send().await.unwrap().data.unwrap().list;
    let read: Vec<_> =
        list.iter().map(|p| (p.identifier.clone().unwrap(), p.value.clone().unwrap(), p.data_type.clone().unwrap().as_str().to_string())).collect();
    assert_eq!(
        read,
        [
            ("Mode".into(), "eco".into(), "text".into()),
            ("Ratio".into(), "0.5".into(), "double".into()),
            ("Speed".into(), "1200".into(), "int".into())
        ]
    );

    client.invoke_thing_service().iot_id(&iot_id).identifier("Restart").args(r#"{"delay": 5}"#).send().await.unwrap();
    let calls = emu.iot().service_calls();
    assert_eq!((calls[0].identifier.as_str(), &calls[0].args), ("Restart", &json!({"delay": 5})));

    let topic = format!("/{key}/pump-7/user/get");
    let published = client.r#pub().product_key(&key).topic_full_name(&topic).message_content(b64(b"{\"on\":true}")).qos("1").send().await.unwrap();
    client.pub_broadcast().product_key(&key).message_content(b64(b"all")).send().await.unwrap();
    let messages = emu.iot().messages();
    assert_eq!(messages.len(), 2);
    assert_eq!((messages[0].kind, messages[0].topic.as_str(), messages[0].payload_text()), (MessageKind::Pub, topic.as_str(), Some("{\"on\":true}")));
    assert_eq!((messages[0].device_name.as_deref(), Some(messages[0].message_id.clone())), (Some("pump-7"), published.message_id));
    assert_eq!(messages[1].kind, MessageKind::PubBroadcast);
    let not_base64 = client.r#pub().product_key(&key).topic_full_name(&topic).message_content("{on}").send().await.unwrap_err();
    assert_eq!(not_base64.code(), Some("InvalidParameter"));
}

#[tokio::test]
async fn rrpc_answers_the_registered_reply_or_reports_the_device() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let key = product(&client, "pumps").await;
    register(&client, &key, "pump-7").await;
    let call = || client.r_rpc().product_key(&key).device_name("pump-7").timeout(1000).request_base64_byte(b64(b"ping"));

    let offline = call().send().await.unwrap();
    assert_eq!(offline.rrpc_code.unwrap().as_str(), "OFFLINE");

    emu.iot().set_device_status(&key, "pump-7", DeviceStatus::Online).unwrap();
    let started = std::time::Instant::now();
    let silent = call().send().await.unwrap();
    assert_eq!(silent.rrpc_code.unwrap().as_str(), "TIMEOUT");
    assert!(started.elapsed() >= std::time::Duration::from_millis(1000), "answered before its Timeout");

    emu.iot().set_rrpc_reply(&key, "pump-7", Some(b"pong".to_vec()));
    let answered = call().send().await.unwrap();
    assert_eq!((answered.rrpc_code.unwrap().as_str(), answered.payload_base64_byte), ("SUCCESS", Some(b64(b"pong"))));
    let requests: Vec<_> = emu.iot().messages().into_iter().filter(|m| m.kind == MessageKind::RRpc).collect();
    assert_eq!((requests.len(), requests[2].payload.as_slice()), (3, &b"ping"[..]));
}

#[tokio::test]
async fn a_seed_is_served_and_a_reset_forgets_it() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.client();
    let seed = Seed::default()
        .product(SeedProduct::new("pumps").key("a1pump00001"))
        .device(SeedDevice::new("a1pump00001", "pump-7").status(DeviceStatus::Online).nickname("north").tag("site", "n").property("Speed", json!(9)))
        .group(SeedGroup::new("north").device("a1pump00001", "pump-7"));
    emu.iot().seed(&seed).unwrap();
    let info = client.query_device_info().product_key("a1pump00001").device_name("pump-7").send().await.unwrap().data.unwrap();
    assert_eq!(info.nickname.as_deref(), Some("north"));
    let speed = client.query_device_property_status().product_key("a1pump00001").device_name("pump-7").send().await.unwrap();
    assert_eq!(speed.data.unwrap().list[0].value.as_deref(), Some("9"));
    let again = emu.iot().seed(&Seed::default().device(SeedDevice::new("a1pump00001", "pump-8")).device(SeedDevice::new("a1nowhere01", "x")));
    assert_eq!(again.unwrap_err().location, "Devices[1] (x)");
    assert_eq!(emu.iot().devices().len(), 1, "a refused seed adds nothing");

    emu.iot().reset();
    let error = client.query_device_info().product_key("a1pump00001").device_name("pump-7").send().await.unwrap_err();
    assert_eq!(error.code(), Some("Iot.Device.NotExistedDevice"));
}

#[tokio::test]
async fn the_http_endpoints_seed_set_status_and_read_messages() {
    let emu = Emulator::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}/_emulator/iot/{path}", emu.base_url());
    let seed = json!({"Products": [{"ProductKey": "a1pump00001", "ProductName": "pumps"}], "Devices": [{"ProductKey": "a1pump00001", "DeviceName": "pump-7"}]});
    let seeded = http.post(url("seed")).body(seed.to_string()).send().await.unwrap();
    assert_eq!(seeded.status(), 204);
    let refused = http.post(url("seed")).body(r#"{"Devices": [{"ProductKey": "a1none", "DeviceName": "pump-8"}]}"#).send().await.unwrap();
    assert_eq!(refused.status(), 400);
    let reason: Value = serde_json::from_slice(&refused.bytes().await.unwrap()).unwrap();
    assert_eq!(reason["Location"], "Devices[0] (pump-8)");

    let change = json!({"ProductKey": "a1pump00001", "DeviceName": "pump-7", "Status": "ONLINE"});
    assert_eq!(http.post(url("device-status")).body(change.to_string()).send().await.unwrap().status(), 204);
    let reply = json!({"ProductKey": "a1pump00001", "DeviceName": "pump-7", "PayloadBase64": b64(b"pong")});
    assert_eq!(http.post(url("rrpc-replies")).body(reply.to_string()).send().await.unwrap().status(), 204);

    let client = emu.client();
    let answered =
        client.r_rpc().product_key("a1pump00001").device_name("pump-7").timeout(1000).request_base64_byte(b64(b"ping")).send().await.unwrap();
    assert_eq!(answered.rrpc_code.unwrap().as_str(), "SUCCESS");
    let messages: Value = serde_json::from_slice(&http.get(url("messages")).send().await.unwrap().bytes().await.unwrap()).unwrap();
    assert_eq!((messages[0]["Kind"].as_str(), messages[0]["PayloadBase64"].as_str()), (Some("RRpc"), Some(b64(b"ping").as_str())));
    let state: Value = serde_json::from_slice(&http.get(url("state")).send().await.unwrap().bytes().await.unwrap()).unwrap();
    assert_eq!(state["Devices"][0]["Status"], "ONLINE");

    assert_eq!(http.post(url("reset")).send().await.unwrap().status(), 204);
    assert!(emu.iot().devices().is_empty());
    assert_eq!(http.get(url("nothing-here")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn samples_only_keeps_no_state() {
    let emu = Emulator::builder().samples_only().start().await.unwrap();
    let info = emu.client().query_device_info().product_key("any").device_name("any").send().await.unwrap().data.unwrap();
    assert_eq!(info.device_name.as_deref(), Some("light"), "the documented sample");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_tasks_registering_and_deleting_leave_a_consistent_state() {
    let emu = Emulator::builder().enforce_qps(false).start().await.unwrap();
    let client = emu.client_builder().rate_limit(aliyun_iot::config::RateLimit::disabled()).build().unwrap();
    let key = product(&client, "load").await;
    let tasks: Vec<_> = (0..64)
        .map(|task| {
            let (client, key) = (client.clone(), key.clone());
            tokio::spawn(async move {
                let mut kept = Vec::new();
                for i in 0..8 {
                    // Every task registers the same names as its neighbour: half the calls collide.
                    let name = format!("dev-{}-{i}", task / 2);
                    match client.register_device().product_key(&key).device_name(&name).send().await {
                        Ok(_) if i % 3 == 0 => {
                            client.delete_device().product_key(&key).device_name(&name).send().await.unwrap();
                        }
                        Ok(_) => kept.push(name),
                        Err(error) => assert_eq!(error.code(), Some("iot.device.AlreadyExistedDeviceName")),
                    }
                }
                kept
            })
        })
        .collect();
    let mut expected = Vec::new();
    for task in tasks {
        expected.extend(task.await.unwrap());
    }
    expected.sort();
    let mut listed = Vec::new();
    for page in 1.. {
        let answer = client.query_device().product_key(&key).current_page(page).page_size(50).send().await.unwrap();
        listed.extend(answer.data.iter().map(|d| d.device_name.clone().unwrap()));
        if page >= answer.page_count.unwrap() {
            break;
        }
    }
    listed.sort();
    assert_eq!(listed, expected);
    assert_eq!(expected.len(), 32 * 5, "each name pair kept exactly the five names not deleted");
}

#[tokio::test]
async fn the_binary_starts_from_a_seed_file() {
    use std::io::{BufRead, BufReader};
    let dir = std::env::temp_dir().join(format!("emulator-seed-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    std::fs::write(&seed, r#"{"Products": [{"ProductKey": "a1pump00001", "ProductName": "pumps"}], "Devices": [{"ProductKey": "a1pump00001", "DeviceName": "pump-7", "Nickname": "north"}]}"#).unwrap();
    /// Stops the emulator however the test ends.
    struct Running(std::process::Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aliyun-iot-emulator"))
        .args(["--addr", "127.0.0.1:0", "--seed"])
        .arg(&seed)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);
    let mut lines = BufReader::new(stdout).lines();
    let base_url = loop {
        let line = lines.next().expect("the emulator prints its base URL").unwrap();
        if let Some(url) = line.strip_prefix("base URL:") {
            break url.trim().to_string();
        }
    };
    let credentials =
        aliyun_iot::config::Credentials::new(aliyun_iot_emulator::DEFAULT_ACCESS_KEY_ID, aliyun_iot_emulator::DEFAULT_ACCESS_KEY_SECRET);
    let client = Client::builder()
        .env(aliyun_iot::config::Env::from_vars(std::iter::empty::<(String, String)>()))
        .endpoint(base_url)
        .credentials(credentials)
        .build()
        .unwrap();
    let info = client.query_device_info().product_key("a1pump00001").device_name("pump-7").send().await;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(info.unwrap().data.unwrap().nickname.as_deref(), Some("north"));
}
