//! `api-specs/`: the model, its YAML loader and validator, and the fixups for upstream doc errors.

pub mod fixups;
pub mod load;
pub mod model;
pub(crate) mod pagination;
pub(crate) mod yaml;

pub use fixups::Fixups;
pub use load::SpecError;
pub use model::*;

use std::path::{Path, PathBuf};

/// One product's specs, validated, with fixups applied.
#[derive(Debug, Clone)]
pub struct SpecSet {
    /// `api-specs/<product>/<version>`.
    pub dir: PathBuf,
    pub product: Product,
    /// Sorted by action name.
    pub actions: Vec<Action>,
    pub fixups: Fixups,
}

impl SpecSet {
    /// The spec file of an action, for generated headers and messages (relative if `dir` is).
    pub fn action_file(&self, action: &str) -> PathBuf {
        self.dir.join("actions").join(format!("{action}.yaml"))
    }
}

/// [`load()`] for a `dir` relative to `root`: files are read under `root`, and named relative to it
/// in errors and in the returned set.
pub fn load_in(root: &Path, dir: &Path) -> Result<SpecSet, Vec<SpecError>> {
    let relative = |path: PathBuf| path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
    load(&root.join(dir))
        .map(|mut set| {
            set.dir = dir.to_path_buf();
            set.fixups.file = relative(set.fixups.file.clone());
            set
        })
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|mut e| {
                    e.file = relative(e.file);
                    e
                })
                .collect()
        })
}

/// Loads `dir/product.yaml`, `dir/fixups.yaml` (optional) and every `dir/actions/*.yaml`.
/// All errors of all files are returned together.
pub fn load(dir: &Path) -> Result<SpecSet, Vec<SpecError>> {
    let mut errors = Vec::new();
    let io_error = |file: &Path, e: std::io::Error| SpecError {
        file: file.to_path_buf(),
        line: 1,
        column: 1,
        path: String::new(),
        message: format!("cannot read: {e}"),
    };

    let product_file = dir.join("product.yaml");
    let product = match std::fs::read_to_string(&product_file) {
        Ok(text) => load::product(&product_file, &text).map_err(|e| errors.extend(e)).ok(),
        Err(e) => {
            errors.push(io_error(&product_file, e));
            None
        }
    };

    let fixups_file = dir.join("fixups.yaml");
    let fixups = match std::fs::read_to_string(&fixups_file) {
        Ok(text) => Fixups::parse(&fixups_file, &text).map_err(|e| errors.extend(e)).unwrap_or_default(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Fixups::default(),
        Err(e) => {
            errors.push(io_error(&fixups_file, e));
            Fixups::default()
        }
    };

    let actions_dir = dir.join("actions");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&actions_dir) {
        Ok(entries) => {
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml")).collect()
        }
        Err(e) => {
            errors.push(io_error(&actions_dir, e));
            Vec::new()
        }
    };
    files.sort();
    let mut actions = Vec::new();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(io_error(file, e));
                continue;
            }
        };
        match load::action(file, &text) {
            Ok(mut action) => match fixups.apply(&mut action) {
                Ok(()) => actions.push(action),
                Err(e) => errors.extend(e),
            },
            Err(e) => errors.extend(e),
        }
    }
    for name in fixups.by_action.keys() {
        if !actions.iter().any(|a: &Action| &a.action == name) && !files.iter().any(|f| f.file_stem().is_some_and(|s| s == name.as_str())) {
            errors.push(SpecError {
                file: fixups_file.clone(),
                line: 1,
                column: 1,
                path: name.clone(),
                message: format!("fixups for `{name}`, which has no spec"),
            });
        }
    }
    match product {
        Some(product) if errors.is_empty() => Ok(SpecSet { dir: dir.to_path_buf(), product, actions, fixups }),
        _ => Err(errors),
    }
}
