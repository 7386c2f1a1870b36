//! An integration test of code that manages devices, written against the emulator as a user
//! writes one: register a device, set a property and read it back, publish a message and check
//! what was sent, delete the device and get the documented not-found code.
//!
//! ```text
//! cargo run -p examples --example integration_test
//! ```
//! In a crate's `tests/`, the body of `device_lifecycle` is a `#[tokio::test]`, with
//! `aliyun-iot-emulator` as a dev-dependency. The emulator keeps products, devices, groups,
//! property values and messages in memory, per instance, and reads like the service.

use aliyun_iot::Client;
use aliyun_iot::types::NodeType;
use aliyun_iot_emulator::Emulator;
use aliyun_iot_emulator::iot::{DeviceStatus, MessageKind};
use base64::Engine;
use std::process::ExitCode;

/// The code under test: what an application does when it commissions a pump.
async fn commission_pump(client: &Client, product_key: &str, name: &str) -> Result<String, aliyun_iot::Error> {
    let registered = client.register_device().product_key(product_key).device_name(name).send().await?;
    let iot_id = registered.data.and_then(|d| d.iot_id).unwrap_or_default();
    client.set_device_property().iot_id(&iot_id).items(r#"{"TargetSpeed": 1200}"#).send().await?;
    let hello = base64::engine::general_purpose::STANDARD.encode(br#"{"cmd":"start"}"#);
    let topic = format!("/{product_key}/{name}/user/commands");
    client.r#pub().product_key(product_key).topic_full_name(topic).message_content(hello).qos("1").send().await?;
    Ok(iot_id)
}

async fn device_lifecycle(emu: &Emulator) -> Result<(), Box<dyn std::error::Error>> {
    let client = emu.client();
    let product = client.create_product().product_name("pumps").node_type(NodeType::Device).send().await?;
    let product_key = product.product_key.ok_or("CreateProduct returned no ProductKey")?;

    let iot_id = commission_pump(&client, &product_key, "pump-7").await?;
    println!("registered pump-7 as {iot_id}");

    // The property the code set reads back.
    let properties = client.query_device_property_status().iot_id(&iot_id).send().await?;
    let speed = properties.data.unwrap_or_default().list.into_iter().find(|p| p.identifier.as_deref() == Some("TargetSpeed"));
    assert_eq!(speed.and_then(|p| p.value).as_deref(), Some("1200"));
    println!("TargetSpeed reads back 1200");

    // The message the code published, as the emulator recorded it.
    let messages = emu.iot().messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].kind, MessageKind::Pub);
    assert_eq!(messages[0].topic, format!("/{product_key}/pump-7/user/commands"));
    assert_eq!(messages[0].payload_text(), Some(r#"{"cmd":"start"}"#));
    assert_eq!(messages[0].qos, Some(1));
    println!("published {} to {}", messages[0].payload_text().unwrap_or_default(), messages[0].topic);

    // The device's status is the test's to set, as if the pump had connected.
    emu.iot().set_device_status(&product_key, "pump-7", DeviceStatus::Online)?;
    let status = client.get_device_status().iot_id(&iot_id).send().await?.data.and_then(|d| d.status);
    assert_eq!(status.as_ref().map(|s| s.as_str()), Some("ONLINE"));

    // Deleted, it is gone, with the code the documentation lists.
    client.delete_device().iot_id(&iot_id).send().await?;
    let error = client.query_device_info().iot_id(&iot_id).send().await.expect_err("the device was deleted");
    assert_eq!(error.code(), Some("Iot.Device.NotExistedDevice"));
    println!("after DeleteDevice, QueryDeviceInfo fails with {}", error.code().unwrap_or_default());
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let emu = match Emulator::start().await {
        Ok(emu) => emu,
        Err(error) => {
            eprintln!("error: cannot start the emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    match device_lifecycle(&emu).await {
        Ok(()) => {
            println!("ok");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
