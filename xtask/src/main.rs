//! `cargo xtask`: the developer commands of this workspace, declared in `flags.rs` (which
//! generates `cargo xtask --help`), each in a module of its own:
//!
//! - `regenerate`: `api-specs/` -> `generated/<product>/src`, `emulator/src/products/` (see `regenerate.rs`)
//! - `import`: doc pages or API metadata -> specs (see `import.rs`)
//! - `add-product`: API metadata -> a product's specs, crate and emulator tables (see `add_product.rs`)
//! - `fetch-metadata`: downloads a product's API metadata (api-docs.json) from the API portal (see `fetch_metadata.rs`)
//! - `emulate`: runs the emulator crate's server (`aliyun-iot-emulator`)
//! - `build-cost`: what each action of a generated crate costs a build (see `build_cost.rs`)
//! - `test`: every check CI runs, with its own set-up (see `test.rs`)

mod add_product;
mod build_cost;
mod fetch_metadata;
mod flags;
mod import;
mod regenerate;
mod test;

use flags::{NotRun, XtaskCmd};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let command = match flags::parse(std::env::args_os().skip(1).collect()) {
        Ok(command) => command,
        Err(NotRun::Help(help)) => {
            println!("{help}");
            return ExitCode::SUCCESS;
        }
        Err(NotRun::Error(error)) => {
            eprintln!("error: {error}");
            // The usual exit code of a bad command line, apart from a command that failed.
            return ExitCode::from(2);
        }
    };
    let result = match command {
        XtaskCmd::Regenerate(args) => regenerate::run(args),
        XtaskCmd::Import(args) => import::run(args),
        XtaskCmd::AddProduct(args) => add_product::run(args),
        XtaskCmd::FetchMetadata(args) => fetch_metadata::run(args),
        XtaskCmd::Emulate(args) => emulate(&args.args),
        XtaskCmd::BuildCost(args) => build_cost::run(args),
        XtaskCmd::Test(flags::Test) => test::run(),
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
fn emulate(args: &[OsString]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // From the caller's directory, so that paths among the arguments (`--seed FILE`) are theirs.
    let manifest = workspace_root().join("Cargo.toml");
    let status = Command::new(cargo)
        .arg("run")
        .arg("--manifest-path")
        .arg(manifest)
        .args(["--package", "aliyun-iot-emulator", "--bin", "aliyun-iot-emulator", "--"])
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
