//! Registers a device in a product and receives its secret (`RegisterDevice`).
//!
//! ```text
//! cargo run -p examples --example register_device -- --emulator
//! cargo run -p examples --example register_device -- PRODUCT_KEY DEVICE_NAME
//! ```

mod common;

use aliyun_iot::{Client, Error};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::main("register_device", "PRODUCT_KEY DEVICE_NAME", register_device).await
}

async fn register_device(client: &Client, mut args: common::Args) -> Result<(), Error> {
    let (product_key, device_name) = (args.next(common::PRODUCT_KEY), args.next("light-2"));
    let answer = client.register_device().product_key(product_key).device_name(device_name).send().await?;
    let device = answer.data.unwrap_or_default();
    // `Debug` shows whether the secret is set, never the secret itself.
    println!("Registered {device:?}");
    if device.device_secret.is_some() {
        println!("Device secret received: keep it for the device, which authenticates with it");
    }
    Ok(())
}
