//! `cargo xtask`: the developer commands of this workspace.
//!
//! - `cargo xtask regenerate [--check]`: `api-specs/` -> `generated/<product>/src`, `emulator/src/products/` (see `regenerate.rs`)
//! - `cargo xtask import [--out DIR] [--strict] [--facts-only] [--metadata] [--action NAME]... FILE...`: doc pages or API
//!   metadata -> specs (see `import.rs`)
//! - `cargo xtask add-product FILE...`: API metadata -> a product's specs, crate and emulator tables (see `add_product.rs`)
//! - `cargo xtask fetch-metadata CODE VERSION [--lang en|zh] [--out FILE] [--base-url URL]`: downloads a product's API
//!   metadata (api-docs.json) from the API portal (see `fetch_metadata.rs`)
//! - `cargo xtask emulate [--addr ADDR] ...`: runs the emulator crate's server (`aliyun-iot-emulator`)
//! - `cargo xtask test`: every check CI runs, with its own set-up (see `test.rs`)

mod add_product;
mod build_cost;
mod fetch_metadata;
mod import;
mod regenerate;
mod test;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  regenerate [--check]                 generate generated/<product>/src and emulator/src/products/ from api-specs/
                                       (--check: fail if the checked-in code is stale)
  import [--out DIR] [--strict] [--facts-only] [--metadata] [--action NAME]... FILE...
                                       turn documentation pages (or - for stdin), or the API portal's
                                       metadata (api-docs.json), into action specs
  add-product FILE...                  add (or refresh) a product from its API metadata (api-docs.json, zh
                                       and/or en): specs, product.yaml, crate generated/<product>, emulator
  fetch-metadata CODE VERSION [--lang en|zh] [--out FILE] [--base-url URL]
                                       download a product's API metadata (api-docs.json) from the API
                                       portal into target/api-docs/<code>-<version>/ (--help)
  emulate [--addr ADDR] [--access-key-id ID --access-key-secret SECRET] [--no-qps-limit]
                                       serve a local IoT Platform emulator until stopped
  build-cost [--runs N] [--json]       time clean, incremental and release builds of the generated crate
                                       against the two seeds alone: ms and bytes per action (--help)
  test                                 format check, regenerate --check, every test (doc tests, the official
                                       Python SDK's interop, set up under target/) and every example against
                                       the emulator (--help: what ALIYUN_IOT_TEST_SKIP may skip)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "regenerate" => regenerate::run(rest),
        "import" => import::run(rest),
        "add-product" => add_product::run(rest),
        "fetch-metadata" => fetch_metadata::run(rest),
        "emulate" => emulate(rest),
        "build-cost" => build_cost::run(rest),
        "test" => test::run(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The emulator is a binary of its own crate, which links the generated client: built only when asked for.
fn emulate(args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .args(["run", "--package", "aliyun-iot-emulator", "--bin", "aliyun-iot-emulator", "--"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("the emulator exited with {status}")) }
}

/// The workspace root, so commands work from any directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// The flagship product's specs and crate: where page imports go and what build-cost measures,
/// unless told otherwise.
pub const SPEC_DIR: &str = "api-specs/iot/2018-01-20";
/// See [`SPEC_DIR`].
pub const CRATE_DIR: &str = "generated/iot";
