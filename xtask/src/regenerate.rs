//! `cargo xtask regenerate`: see `codegen::regenerate`. `--check` writes nothing and fails if the
//! checked-in code is stale (the drift test `generated_code_is_up_to_date` checks the same on every
//! test run). Every run prints what changes for users of the generated crate
//! (`codegen::api_report`); `--changelog` also writes it into CHANGELOG.md's Unreleased section.

use crate::{flags, workspace_root};
use codegen::regenerate::{self, PlanError};

pub(crate) fn run(flags::Regenerate { check, changelog }: flags::Regenerate) -> Result<(), String> {
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
    let report = codegen::api_report::report(&plan.changes);
    if !report.is_empty() {
        let breaking = report.iter().filter(|c| c.breaking).count();
        println!("API changes for users ({} breaking semver):", breaking);
        for change in &report {
            println!("  {change}");
        }
        if changelog {
            write_changelog(&root, &report)?;
            println!("  written into CHANGELOG.md (Unreleased)");
        }
    }
    println!("regenerate: {} file(s) changed ({})", plan.changes.len(), plan.summary());
    Ok(())
}

/// Adds the report under `## [Unreleased]` in CHANGELOG.md, as a `### Generated API` list, one
/// line per change.
fn write_changelog(root: &std::path::Path, report: &[codegen::api_report::ApiChange]) -> Result<(), String> {
    let path = root.join("CHANGELOG.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read CHANGELOG.md: {e}"))?;
    let Some(at) = text.find("## [Unreleased]").map(|i| i + "## [Unreleased]".len()) else {
        return Err("CHANGELOG.md has no `## [Unreleased]` section".into());
    };
    let mut section = String::from("\n\n### Generated API\n\n");
    for change in report {
        section.push_str(&format!("- {change}\n"));
    }
    let updated = format!("{}{}{}", &text[..at], section.trim_end_matches('\n'), &text[at..]);
    std::fs::write(&path, updated).map_err(|e| format!("cannot write CHANGELOG.md: {e}"))
}
