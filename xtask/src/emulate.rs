//! `cargo xtask emulate`: not yet implemented.

pub fn run(_args: &[String]) -> Result<(), String> {
    Err("emulate is not implemented yet".into())
}
