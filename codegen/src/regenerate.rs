//! Regeneration as rust-analyzer's codegen does it: generate everything in memory, compare with
//! what is on disk, write only what changed, remove generated files whose spec is gone. Any spec
//! error means nothing is written. Shared by `cargo xtask regenerate` and the drift test.

use crate::generate;
use crate::spec::{self, SpecError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The specs of the one product this workspace generates, relative to the workspace root.
pub const PRODUCT_SPEC_DIR: &str = "api-specs/iot/2018-01-20";

/// One product crate to generate, paths relative to the workspace root.
#[derive(Debug)]
pub struct Target {
    /// The product's specs.
    pub specs: &'static str,
    /// The generated crate's `src/`: every file in it is generated.
    pub crate_src: &'static str,
    /// The generated crate's name as a Rust path.
    pub crate_name: &'static str,
    /// Where the emulator's table of actions goes (`actions.rs`), if the product has an emulator.
    pub emulator_src: Option<&'static str>,
}

/// What is generated where: the product's crate and emulator table, and the generator's own
/// fixtures, a crate of their own whose tests prove the generated code builds and behaves.
pub const TARGETS: &[Target] = &[
    Target { specs: PRODUCT_SPEC_DIR, crate_src: "generated/src", crate_name: "aliyun_iot", emulator_src: Some("emulator/src") },
    Target {
        specs: "codegen/tests/fixtures/api-specs",
        crate_src: "codegen/tests/fixtures/crate/src",
        crate_name: "codegen_fixture_client",
        emulator_src: None,
    },
];

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
    for target in TARGETS {
        // Relative paths in, so generated headers and messages name workspace-relative files.
        match spec::load_in(root, Path::new(target.specs)) {
            Ok(specs) => {
                let output = generate::generate(&specs).map_err(PlanError::Generate)?;
                plan.actions.push((target.specs, specs.actions.len()));
                plan.warnings.extend(output.warnings);
                outputs.push((PathBuf::from(target.crate_src), output.files, true));
                if let Some(emulator_src) = target.emulator_src {
                    let tables = generate::emulator_tables(&specs, target.crate_name).map_err(PlanError::Generate)?;
                    plan.warnings.extend(tables.warnings);
                    outputs.push((PathBuf::from(emulator_src), tables.files, false));
                }
            }
            Err(errors) => spec_errors.extend(errors),
        }
    }
    if !spec_errors.is_empty() {
        return Err(PlanError::Specs(spec_errors));
    }
    for (out_dir, files, whole_dir) in &outputs {
        plan.changes.extend(diff(root, out_dir, files, *whole_dir));
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
    /// What the file holds now, if it exists.
    pub previous: Option<String>,
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

/// Files to create or update, and generated files (they carry the header) to remove. Stale files
/// are looked for in all of `out_dir` when it is wholly generated, else at its top level only.
/// Hand-written files are never touched.
fn diff(root: &Path, out_dir: &Path, files: &BTreeMap<PathBuf, String>, whole_dir: bool) -> Vec<Change> {
    let mut changes = Vec::new();
    for (name, content) in files {
        let path = out_dir.join(name);
        let current = std::fs::read_to_string(root.join(&path)).ok();
        if current.as_deref() != Some(content.as_str()) {
            changes.push(Change { exists: current.is_some(), path, content: Some(content.clone()), previous: current });
        }
    }
    let mut stale: Vec<PathBuf> = rust_files(root, out_dir, whole_dir)
        .into_iter()
        .filter(|p| p.strip_prefix(out_dir).is_ok_and(|rel| !files.contains_key(rel)))
        .filter(|p| std::fs::read_to_string(root.join(p)).is_ok_and(|t| t.starts_with(generate::HEADER_START)))
        .collect();
    stale.sort();
    changes.extend(stale.into_iter().map(|path| {
        let previous = std::fs::read_to_string(root.join(&path)).ok();
        Change { path, content: None, exists: true, previous }
    }));
    changes
}

/// The `.rs` files under `dir` (relative to `root`), descending into subdirectories if `deep`.
fn rust_files(root: &Path, dir: &Path, deep: bool) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = dir.join(entry.file_name());
        match entry.file_type() {
            Ok(t) if t.is_dir() && deep => found.extend(rust_files(root, &path, deep)),
            Ok(t) if t.is_file() && path.extension().is_some_and(|x| x == "rs") => found.push(path),
            _ => {}
        }
    }
    found
}
