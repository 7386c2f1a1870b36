//! `cargo xtask`: the developer commands of this workspace.
//!
//! - `cargo xtask regenerate [--check]`: api-specs/ -> generated/src, emulator/src/actions.rs (see `regenerate.rs`)
//! - `cargo xtask import [--out DIR] [--strict] [--facts-only] [--metadata] [--action NAME]... FILE...`: doc pages or API
//!   metadata -> specs (see `import.rs`)
//! - `cargo xtask emulate [--addr ADDR] ...`: runs the emulator crate's server (`aliyun-iot-emulator`)
//! - `cargo xtask test`: every check CI runs, with its own set-up (see `test.rs`)

mod build_cost;
mod import;
mod regenerate;
mod test;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  regenerate [--check]                 generate generated/src and emulator/src/actions.rs from api-specs/
                                       (--check: fail if the checked-in code is stale)
  import [--out DIR] [--strict] [--facts-only] [--metadata] [--action NAME]... FILE...
                                       turn documentation pages (or - for stdin), or the API portal's
                                       metadata (api-docs.json), into action specs
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

/// The spec directory of the one product this workspace generates.
pub const SPEC_DIR: &str = codegen::regenerate::PRODUCT_SPEC_DIR;
