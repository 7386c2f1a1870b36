//! Lists every device of a product (`QueryDevice`), page after page, with its paginator.
//!
//! ```text
//! cargo run -p examples --example list_devices -- --emulator
//! cargo run -p examples --example list_devices -- PRODUCT_KEY
//! ```

mod common;

use aliyun_iot::{Client, Error};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::main("list_devices", "PRODUCT_KEY", list_devices).await
}

async fn list_devices(client: &Client, mut args: common::Args) -> Result<(), Error> {
    let product_key = args.next(common::PRODUCT_KEY);
    // Each page is one call; the paginator stops after the last (`QueryDevice` pages by token).
    let devices = client.query_device().product_key(&product_key).page_size(50).into_paginator().items().collect().await?;
    println!("{} device(s) in {product_key}", devices.len());
    for device in &devices {
        let status = device.device_status.as_ref().map_or("?", |status| status.as_str());
        println!("- {} ({status})", device.device_name.as_deref().unwrap_or("?"));
    }
    Ok(())
}
