//! Lists every device of a product (`QueryDevice`), page after page.
//!
//! ```text
//! cargo run -p aliyun-iot --example list_devices -- --emulator
//! cargo run -p aliyun-iot --example list_devices -- PRODUCT_KEY
//! ```

mod common;

use aliyun_iot::{Client, Error};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::main("list_devices", "PRODUCT_KEY", list_devices).await
}

async fn list_devices(client: &Client, mut args: common::Args) -> Result<(), Error> {
    let product_key = args.next("a1BwAGV****");
    let mut devices = Vec::new();
    // Pages are numbered from 1; `PageCount` says how many there are.
    for page in 1.. {
        let answer = client.query_device().product_key(&product_key).current_page(page).page_size(50).send().await?;
        let last = answer.data.is_empty() || page >= answer.page_count.unwrap_or(0);
        devices.extend(answer.data);
        if last {
            break;
        }
    }
    println!("{} device(s) in {product_key}", devices.len());
    for device in &devices {
        let status = device.device_status.as_ref().map_or("?", |status| status.as_str());
        println!("- {} ({status})", device.device_name.as_deref().unwrap_or("?"));
    }
    Ok(())
}
