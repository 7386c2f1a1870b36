//! Lists the ECS instances of a region (`DescribeInstances`), page after page, with its paginator.
//! `RegionId`, which every ECS action takes, comes from the client's region.
//!
//! ```text
//! cargo run -p examples --example describe_instances -- --emulator
//! cargo run -p examples --example describe_instances            # region and credentials from the environment
//! ```

use aliyun_ecs::config::Env;
use aliyun_ecs::{Client, Error};
use aliyun_iot_emulator::Emulator;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let emulated = std::env::args().any(|arg| arg == "--emulator");
    // The emulator lives as long as this binding: it stops serving when dropped.
    let mut emulator = None;
    let client = if emulated {
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
            .region("cn-hangzhou")
            .build();
        emulator = Some(emu);
        client
    } else {
        Client::from_env()
    };
    let result = match client {
        Ok(client) => describe_instances(&client).await,
        Err(error @ (Error::Credentials(_) | Error::Config(_))) => {
            println!(
                "Not configured: {error}\n\nTry it against the local emulator:\n\n    cargo run -p examples --example describe_instances -- --emulator"
            );
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

async fn describe_instances(client: &Client) -> Result<(), Error> {
    // Each page is one call; the paginator follows `NextToken` until the last page.
    let instances = client.describe_instances().max_results(100).into_paginator().items().collect().await?;
    println!("{} instance(s) in {}", instances.len(), client.region().unwrap_or("?"));
    for instance in &instances {
        let id = instance.instance_id.as_deref().unwrap_or("?");
        let status = instance.status.as_deref().unwrap_or("?");
        println!("- {id} ({status}), {} vCPU, {} MiB", instance.cpu.unwrap_or_default(), instance.memory.unwrap_or_default());
    }
    Ok(())
}
