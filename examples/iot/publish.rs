//! Publishes a message to a device's topic (`Pub`).
//!
//! ```text
//! cargo run -p examples --example publish -- --emulator
//! cargo run -p examples --example publish -- PRODUCT_KEY DEVICE_NAME
//! ```

mod common;

use aliyun_iot::{Client, Error};
use base64::Engine;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::main("publish", "PRODUCT_KEY DEVICE_NAME", publish).await
}

async fn publish(client: &Client, mut args: common::Args) -> Result<(), Error> {
    let (product_key, device_name) = (args.next(common::PRODUCT_KEY), args.next(common::DEVICE_NAME));
    let topic = format!("/{product_key}/{device_name}/user/get");
    // The message goes Base64-encoded.
    let message = base64::engine::general_purpose::STANDARD.encode(br#"{"switch":1}"#);
    let answer = client.r#pub().product_key(&product_key).topic_full_name(&topic).message_content(message).send().await?;
    println!("Published to {topic}: message id {}", answer.message_id.as_deref().unwrap_or("-"));
    Ok(())
}
