//! Regeneration as rust-analyzer's codegen does it: generate everything in memory, compare with
//! what is on disk, write only what changed, remove generated files whose spec is gone. Any spec
//! error means nothing is written. Shared by `cargo xtask regenerate` and the drift test.

use crate::generate;
use crate::spec::{self, SpecError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The specs of the one product this workspace generates, relative to the workspace root.
pub const PRODUCT_SPEC_DIR: &str = "api-specs/iot/2018-01-20";

/// What is generated where, relative to the workspace root: the product's specs, and the
/// generator's own fixtures, whose output is compiled (under `cfg(test)`) into the crate so the
/// snapshots are known to build.
pub const TARGETS: &[(&str, &str)] =
    &[("api-specs/iot/2018-01-20", "generated/src/operations"), ("codegen/tests/fixtures/api-specs", "generated/src/fixtures")];

/// The outcome of generating in memory: what would change on disk.
#[derive(Debug, Default)]
pub struct Plan {
    /// Actions per spec directory, in [`TARGETS`] order.
    pub actions: Vec<(&'static str, usize)>,
    pub changes: Vec<Change>,
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub enum PlanError {
    Specs(Vec<SpecError>),
    Generate(String),
}

impl Plan {
    /// `54 actions in api-specs/iot/2018-01-20, 2 in codegen/tests/fixtures/api-specs`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self.actions.iter().map(|(dir, n)| format!("{n} in {dir}")).collect();
        format!("actions: {}", parts.join(", "))
    }
}

/// Loads and generates every target under `root`; reads files, writes nothing.
pub fn plan(root: &Path) -> Result<Plan, PlanError> {
    let mut plan = Plan::default();
    let mut spec_errors = Vec::new();
    let mut outputs = Vec::new();
    for (spec_dir, out_dir) in TARGETS {
        // Relative paths in, so generated headers and messages name workspace-relative files.
        match spec::load_in(root, Path::new(spec_dir)) {
            Ok(specs) => {
                let output = generate::generate(&specs).map_err(PlanError::Generate)?;
                plan.actions.push((spec_dir, specs.actions.len()));
                plan.warnings.extend(output.warnings);
                outputs.push((PathBuf::from(out_dir), output.files));
            }
            Err(errors) => spec_errors.extend(errors),
        }
    }
    if !spec_errors.is_empty() {
        return Err(PlanError::Specs(spec_errors));
    }
    for (out_dir, files) in &outputs {
        plan.changes.extend(diff(root, out_dir, files));
    }
    Ok(plan)
}

/// One file to create, update or remove (paths relative to the workspace root).
#[derive(Debug)]
pub struct Change {
    pub path: PathBuf,
    /// New content, or `None` to remove a generated file whose spec is gone.
    pub content: Option<String>,
    pub exists: bool,
}

impl Change {
    pub fn verb(&self) -> &'static str {
        match (&self.content, self.exists) {
            (None, _) => "remove",
            (Some(_), true) => "update",
            (Some(_), false) => "create",
        }
    }

    /// Writes (or removes) the file under `root`.
    pub fn apply(&self, root: &Path) -> Result<(), String> {
        let path = root.join(&self.path);
        let fail = |e: std::io::Error| format!("cannot write {}: {e}", self.path.display());
        match &self.content {
            None => std::fs::remove_file(&path).map_err(fail),
            Some(content) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(fail)?;
                }
                // Write then rename, so an interrupted run never leaves half a file.
                let tmp = path.with_extension("rs.tmp");
                std::fs::write(&tmp, content).map_err(fail)?;
                std::fs::rename(&tmp, &path).map_err(fail)
            }
        }
    }
}

/// Files to create or update, and generated files (they carry the header) to remove.
/// Hand-written files in the directory are never touched.
fn diff(root: &Path, out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> Vec<Change> {
    let mut changes = Vec::new();
    for (name, content) in files {
        let path = out_dir.join(name);
        let current = std::fs::read_to_string(root.join(&path)).ok();
        if current.as_deref() != Some(content.as_str()) {
            changes.push(Change { exists: current.is_some(), path, content: Some(content.clone()) });
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join(out_dir)) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| out_dir.join(e.file_name())))
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter(|p| p.file_name().is_some_and(|n| !files.contains_key(Path::new(n))))
            .filter(|p| std::fs::read_to_string(root.join(p)).is_ok_and(|t| t.starts_with(generate::HEADER_START)))
            .collect();
        stale.sort();
        changes.extend(stale.into_iter().map(|path| Change { path, content: None, exists: true }));
    }
    changes
}
