//! Lists the products of an account and the OTA modules of each.
//!
//! ```text
//! cargo run -p examples --example quickstart
//! cargo run -p examples --example quickstart -- --emulator
//! ```
//! Configuration comes from the environment and the aliyun CLI profile, as with the official
//! tools (see `Client::from_env`). Without credentials it explains how to try it against the
//! local emulator instead. With `--emulator` it starts the emulator in-process and calls it.

use aliyun_iot::{Client, Error};
use aliyun_iot_emulator::iot::{Seed, SeedProduct};
use std::process::ExitCode;

const EMULATOR_HOWTO: &str = "\
To try this without an Alibaba Cloud account, run it against an emulator in-process:

    cargo run -p examples --example quickstart -- --emulator

or start the local emulator as a server:

    cargo xtask emulate --addr 127.0.0.1:8790 --access-key-id test --access-key-secret test

and in another terminal run:

    ALIBABA_CLOUD_ENDPOINT=http://127.0.0.1:8790 \\
    ALIBABA_CLOUD_ACCESS_KEY_ID=test ALIBABA_CLOUD_ACCESS_KEY_SECRET=test \\
    cargo run -p examples --example quickstart

For the real service, set ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
ALIBABA_CLOUD_REGION_ID (e.g. cn-shanghai), or run `aliyun configure`.";

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().any(|arg| arg == "--emulator") {
        return against_emulator().await;
    }
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error @ (Error::Credentials(_) | Error::Config(_))) => {
            println!("Not configured: {error}\n\n{EMULATOR_HOWTO}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    report(list(&client).await)
}

/// Serves the local emulator in this process and runs the same calls against it.
async fn against_emulator() -> ExitCode {
    match aliyun_iot_emulator::Emulator::start().await {
        Ok(emulator) => {
            println!("Local emulator at {} (access key {})", emulator.base_url(), emulator.access_key_id());
            // It starts empty: give it a product to list.
            let seed = Seed::default().product(SeedProduct::new("demo lights"));
            if let Err(error) = emulator.iot().seed(&seed) {
                eprintln!("error: cannot seed the emulator: {error}");
                return ExitCode::FAILURE;
            }
            report(list(&emulator.client()).await)
        }
        Err(error) => {
            eprintln!("error: cannot start the emulator: {error}");
            ExitCode::FAILURE
        }
    }
}

fn report(result: Result<(), Error>) -> ExitCode {
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

async fn list(client: &Client) -> Result<(), Error> {
    println!("Endpoint: {}", client.endpoint());
    let page = client.query_product_list().current_page(1).page_size(10).send().await?;
    let data = page.data.unwrap_or_default();
    println!("{} products (request id {})", data.total.unwrap_or(0), page.request_id.as_deref().unwrap_or("-"));
    for product in data.list {
        let Some(product_key) = product.product_key else { continue };
        println!("- {product_key} {}", product.product_name.as_deref().unwrap_or(""));
        let modules = client.list_ota_module_by_product().product_key(&product_key).send().await?;
        for module in modules.data {
            println!("    OTA module {} ({})", module.module_name.as_deref().unwrap_or("?"), module.alias_name.as_deref().unwrap_or("no alias"));
        }
    }
    Ok(())
}
