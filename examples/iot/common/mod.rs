//! What the examples share: a client for the real service, or with `--emulator` for the local
//! emulator served in the same process, and the command line's arguments.

use aliyun_iot::{Client, Error};
use aliyun_iot_emulator::Emulator;
use aliyun_iot_emulator::iot::{DeviceStatus, Seed, SeedDevice, SeedProduct};
use std::process::ExitCode;

/// The product the emulator starts with, for examples run with `--emulator`.
pub(crate) const PRODUCT_KEY: &str = "a1demo00001";
/// Its device, online.
pub(crate) const DEVICE_NAME: &str = "light";

/// The arguments after `--` that are not `--emulator`, read in order.
pub(crate) struct Args {
    values: std::vec::IntoIter<String>,
    emulated: bool,
    usage: String,
}

impl Args {
    /// The next argument. Against the emulator a missing one is `sample` (the emulator's product
    /// and device, or a value of the action's documented sample); against the service it is an
    /// error that shows the usage.
    pub(crate) fn next(&mut self, sample: &str) -> String {
        match self.values.next() {
            Some(value) => value,
            None if self.emulated => sample.to_string(),
            None => {
                eprintln!("{}", self.usage);
                std::process::exit(2);
            }
        }
    }
}

/// Runs `example` against the emulator (`--emulator`) or the service configured in the
/// environment, and reports its error, with the request id to quote to support, if it fails.
pub(crate) async fn main(name: &str, arguments: &str, example: impl AsyncFnOnce(&Client, Args) -> Result<(), Error>) -> ExitCode {
    let mut values: Vec<String> = std::env::args().skip(1).collect();
    let emulated = values.iter().any(|arg| arg == "--emulator");
    values.retain(|arg| arg != "--emulator");
    let usage = format!("usage: cargo run -p examples --example {name} -- (--emulator | {arguments})");
    let args = Args { values: values.into_iter(), emulated, usage };
    let result = if emulated {
        let emulator = match Emulator::start().await {
            Ok(emulator) => emulator,
            Err(error) => {
                eprintln!("error: cannot start the emulator: {error}");
                return ExitCode::FAILURE;
            }
        };
        println!("Local emulator at {}", emulator.base_url());
        let seed = Seed::default()
            .product(SeedProduct::new("demo lights").key(PRODUCT_KEY))
            .device(SeedDevice::new(PRODUCT_KEY, DEVICE_NAME).status(DeviceStatus::Online));
        if let Err(error) = emulator.iot().seed(&seed) {
            eprintln!("error: cannot seed the emulator: {error}");
            return ExitCode::FAILURE;
        }
        example(&emulator.client(), args).await
    } else {
        match Client::from_env() {
            Ok(client) => example(&client, args).await,
            Err(error @ (Error::Credentials(_) | Error::Config(_))) => {
                println!("Not configured: {error}\n\nTry it against the local emulator:\n\n    cargo run -p examples --example {name} -- --emulator");
                return ExitCode::SUCCESS;
            }
            Err(error) => Err(error),
        }
    };
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
