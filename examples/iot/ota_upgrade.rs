//! Creates an OTA firmware (`CreateOTAFirmware`) and a job that pushes it to one device
//! (`CreateOTAStaticUpgradeJob`).
//!
//! ```text
//! cargo run -p examples --example ota_upgrade -- --emulator
//! cargo run -p examples --example ota_upgrade -- PRODUCT_KEY DEVICE_NAME FIRMWARE_URL VERSION
//! ```
//! The firmware file must already be in the platform's storage: `GenerateOTAUploadURL` gives the
//! address to upload it to, and the `FIRMWARE_URL` to use here.

mod common;

use aliyun_iot::types::CreateOtaStaticUpgradeJobTargetSelection;
use aliyun_iot::{Client, Error};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::main("ota_upgrade", "PRODUCT_KEY DEVICE_NAME FIRMWARE_URL VERSION", ota_upgrade).await
}

async fn ota_upgrade(client: &Client, mut args: common::Args) -> Result<(), Error> {
    let (product_key, device_name) = (args.next("a1Le6d0****"), args.next("deviceName1"));
    let (url, version) = (args.next("https://iotx-ota.oss-cn-shanghai.aliyuncs.com/ota/firmware.bin"), args.next("2.0.0"));
    let firmware = client
        .create_ota_firmware()
        .product_key(&product_key)
        .firmware_name(format!("firmware-{version}"))
        .dest_version(&version)
        .firmware_url(url)
        .send()
        .await?;
    let firmware_id = firmware.data.and_then(|data| data.firmware_id).unwrap_or_default();
    println!("Firmware {firmware_id} created for version {version}");

    let job = client
        .create_ota_static_upgrade_job()
        .product_key(&product_key)
        .firmware_id(&firmware_id)
        .target_selection(CreateOtaStaticUpgradeJobTargetSelection::Specific)
        .target_device_name(&device_name)
        .send()
        .await?;
    println!("Upgrade job {} created for {device_name}", job.data.and_then(|data| data.job_id).as_deref().unwrap_or("-"));
    Ok(())
}
