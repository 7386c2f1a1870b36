//! Sets a property of a device (`SetDeviceProperty`) and invokes one of its services
//! (`InvokeThingService`), as the product's Thing Specification Language model defines them.
//!
//! ```text
//! cargo run -p examples --example device_property_and_service -- --emulator
//! cargo run -p examples --example device_property_and_service -- PRODUCT_KEY DEVICE_NAME PROPERTIES SERVICE ARGS
//! ```

mod common;

use aliyun_iot::{Client, Error};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::main("device_property_and_service", "PRODUCT_KEY DEVICE_NAME PROPERTIES SERVICE ARGS", set_and_invoke).await
}

async fn set_and_invoke(client: &Client, mut args: common::Args) -> Result<(), Error> {
    let (product_key, device_name) = (args.next(common::PRODUCT_KEY), args.next(common::DEVICE_NAME));
    // Properties and service arguments are JSON objects keyed by identifier.
    let properties = args.next(r#"{"Switch":1,"Color":"blue"}"#);
    let set = client.set_device_property().product_key(&product_key).device_name(&device_name).items(properties).send().await?;
    println!("Properties sent: message id {}", set.data.and_then(|data| data.message_id).as_deref().unwrap_or("-"));

    let (service, service_args) = (args.next("Set"), args.next(r#"{"param1":1}"#));
    let invoked =
        client.invoke_thing_service().product_key(&product_key).device_name(&device_name).identifier(service).args(service_args).send().await?;
    let data = invoked.data.unwrap_or_default();
    println!("Service invoked: message id {}, result {}", data.message_id.as_deref().unwrap_or("-"), data.result.as_deref().unwrap_or("-"));
    Ok(())
}
