//! Gets the playback URL of a camera's recording (`QueryRecordUrl`). `IotInstanceId`, which most
//! LinkVisual actions take, is set once on the client (or read from
//! `ALIBABA_CLOUD_IOT_INSTANCE_ID`).
//!
//! ```text
//! cargo run -p examples --example record_url -- --emulator
//! cargo run -p examples --example record_url -- PRODUCT_KEY DEVICE_NAME FILE_NAME
//! ```

use aliyun_iot_emulator::Emulator;
use aliyun_linkvisual::config::Env;
use aliyun_linkvisual::{Client, Error};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p examples --example record_url -- (--emulator | PRODUCT_KEY DEVICE_NAME FILE_NAME)";

#[tokio::main]
async fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let emulated = args.iter().any(|arg| arg == "--emulator");
    args.retain(|arg| arg != "--emulator");
    // The emulator lives as long as this binding: it stops serving when dropped.
    let mut emulator = None;
    let (client, call) = if emulated {
        let emu = match Emulator::start().await {
            Ok(emu) => emu,
            Err(error) => {
                eprintln!("error: cannot start the emulator: {error}");
                return ExitCode::FAILURE;
            }
        };
        let client = Client::builder()
            .env(Env::from_vars(std::iter::empty::<(String, String)>()))
            .endpoint(emu.base_url())
            .credentials(emu.credentials())
            .iot_instance_id("iot-cn-emulator")
            .build();
        emulator = Some(emu);
        (client, ["a1BwAGV****".to_string(), "camera-1".into(), "record.mp4".into()])
    } else {
        let [product_key, device_name, file_name] = <[String; 3]>::try_from(args).unwrap_or_else(|_| {
            eprintln!("{USAGE}");
            std::process::exit(2);
        });
        (Client::from_env(), [product_key, device_name, file_name])
    };
    let result = match client {
        Ok(client) => record_url(&client, &call).await,
        Err(error @ (Error::Credentials(_) | Error::Config(_))) => {
            println!("Not configured: {error}\n\nTry it against the local emulator:\n\n    cargo run -p examples --example record_url -- --emulator");
            return ExitCode::SUCCESS;
        }
        Err(error) => Err(error),
    };
    drop(emulator);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(request_id) = error.request_id() {
                eprintln!("request id (quote it to support): {request_id}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn record_url(client: &Client, [product_key, device_name, file_name]: &[String; 3]) -> Result<(), Error> {
    let answer = client.query_record_url().product_key(product_key).device_name(device_name).file_name(file_name).send().await?;
    println!("playback URL of {file_name} on {device_name}: {}", answer.data.as_deref().unwrap_or("(none)"));
    Ok(())
}
