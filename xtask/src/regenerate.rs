//! `cargo xtask regenerate [--check]`: see `codegen::regenerate`. `--check` writes nothing and
//! fails if the checked-in code is stale (CI runs it).

use crate::workspace_root;
use codegen::regenerate::{self, PlanError};

pub fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask regenerate [--check]".into()),
    };
    let root = workspace_root();
    let plan = match regenerate::plan(&root) {
        Ok(plan) => plan,
        Err(PlanError::Specs(errors)) => {
            for e in &errors {
                eprintln!("{e}");
            }
            return Err(format!("{} error(s) in the specs; nothing was written", errors.len()));
        }
        Err(PlanError::Generate(e)) => return Err(format!("{e}; nothing was written")),
    };
    for warning in &plan.warnings {
        eprintln!("warning: {warning}");
    }
    if check {
        if plan.changes.is_empty() {
            println!("regenerate --check: generated code is up to date ({})", plan.summary());
            return Ok(());
        }
        for change in &plan.changes {
            eprintln!("  {} {}", change.verb(), change.path.display());
        }
        return Err(format!("{} generated file(s) differ from the specs; run `cargo xtask regenerate` and commit the result", plan.changes.len()));
    }
    for change in &plan.changes {
        change.apply(&root)?;
        println!("  {} {}", change.verb(), change.path.display());
    }
    println!("regenerate: {} file(s) changed ({})", plan.changes.len(), plan.summary());
    Ok(())
}
