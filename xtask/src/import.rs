//! `cargo xtask import`: not yet implemented.

pub fn run(_args: &[String]) -> Result<(), String> {
    Err("import is not implemented yet".into())
}
