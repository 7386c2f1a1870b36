//! Regeneration as rust-analyzer's codegen does it: generate everything in memory, compare with
//! what is on disk, write only what changed, remove generated files whose spec is gone. Any spec
//! error means nothing is written. Shared by `cargo xtask regenerate` and the drift test.

use crate::generate;
use crate::spec::{self, SpecError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the products' specs live, relative to the workspace root: `<product>/<version>/`.
pub const SPECS_ROOT: &str = "api-specs";
/// Where the product crates live: `generated/<product>/` is the crate `aliyun-<product>`.
pub const CRATES_ROOT: &str = "generated";
/// The emulator's tables: one module per product, and `mod.rs` listing them.
pub const EMULATOR_TABLES: &str = "emulator/src/products";

/// One crate to generate, paths relative to the workspace root.
#[derive(Debug, Clone)]
pub struct Target {
    /// The product's specs (`api-specs/<product>/<version>`).
    pub specs: PathBuf,
    /// The generated crate's `src/`: every file in it is generated.
    pub crate_src: PathBuf,
    /// The generated crate's name as a Rust path (`aliyun_iot`).
    pub crate_name: String,
    /// The product's module in the emulator's tables (`iot`), if the emulator serves it.
    pub emulator_module: Option<String>,
}

impl Target {
    /// The target of the product whose specs are `api-specs/<product>/<version>`.
    pub fn product(product: &str, version: &str) -> Self {
        Target {
            specs: Path::new(SPECS_ROOT).join(product).join(version),
            crate_src: Path::new(CRATES_ROOT).join(product).join("src"),
            crate_name: format!("aliyun_{product}"),
            emulator_module: Some(product.to_string()),
        }
    }
}

/// The generator's own fixtures: a crate of their own whose tests prove the generated code builds
/// and behaves.
pub fn fixture_target() -> Target {
    Target {
        specs: PathBuf::from("codegen/tests/fixtures/api-specs"),
        crate_src: PathBuf::from("codegen/tests/fixtures/crate/src"),
        crate_name: "codegen_fixture_client".into(),
        emulator_module: None,
    }
}

/// What is generated where: every product of `api-specs/<product>/<version>/` (a directory with a
/// `product.yaml`; one version per product), then the fixtures.
pub fn targets(root: &Path) -> Result<Vec<Target>, String> {
    let mut targets = Vec::new();
    for product in sorted_dirs(&root.join(SPECS_ROOT))? {
        let versions: Vec<String> = sorted_dirs(&root.join(SPECS_ROOT).join(&product))?
            .into_iter()
            .filter(|v| root.join(SPECS_ROOT).join(&product).join(v).join("product.yaml").is_file())
            .collect();
        match versions.as_slice() {
            [] => {}
            [version] => targets.push(Target::product(&product, version)),
            _ => return Err(format!("{SPECS_ROOT}/{product}: one version per product crate, found {}", versions.join(", "))),
        }
    }
    // A workspace of products alone (a scratch one) has no fixtures.
    let fixtures = fixture_target();
    if root.join(&fixtures.specs).is_dir() {
        targets.push(fixtures);
    }
    Ok(targets)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> =
        entries.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).filter_map(|e| e.file_name().to_str().map(String::from)).collect();
    names.sort();
    Ok(names)
}

/// The outcome of generating in memory: what would change on disk.
#[derive(Debug, Default)]
pub struct Plan {
    /// Actions per spec directory, in [`targets`] order.
    pub actions: Vec<(String, usize)>,
    pub changes: Vec<Change>,
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub enum PlanError {
    Specs(Vec<SpecError>),
    Generate(String),
}

impl Plan {
    /// `actions: 423 in api-specs/iot/2018-01-20, 2 in codegen/tests/fixtures/api-specs`.
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
    let mut emulated = Vec::new();
    let mut emulator_files = BTreeMap::new();
    for target in targets(root).map_err(PlanError::Generate)? {
        // Relative paths in, so generated headers and messages name workspace-relative files.
        match spec::load_in(root, &target.specs) {
            Ok(specs) => {
                let output = generate::generate(&specs).map_err(PlanError::Generate)?;
                plan.actions.push((generate::portable(&target.specs), specs.actions.len()));
                plan.warnings.extend(output.warnings);
                outputs.push((target.crate_src.clone(), output.files, true));
                if let Some(module) = &target.emulator_module {
                    let tables = generate::emulator_tables(&specs, &target.crate_name, module).map_err(PlanError::Generate)?;
                    plan.warnings.extend(tables.warnings);
                    emulator_files.extend(tables.files);
                    emulated.push((module.clone(), target.crate_name.clone()));
                }
            }
            Err(errors) => spec_errors.extend(errors),
        }
    }
    if !emulated.is_empty() {
        emulator_files.extend(generate::emulator_index(&emulated).map_err(PlanError::Generate)?.files);
        outputs.push((PathBuf::from(EMULATOR_TABLES), emulator_files, true));
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
