//! `cargo xtask add-product FILE...`: a product's API documentation metadata (`api-docs.json`, the
//! Chinese or English edition, or both) in; its specs, its crate and its emulator tables out.
//!
//! - `api-specs/<product>/<version>/`: every action imported `--facts-only` (with both editions, a
//!   fact either states; the first file wins where both do), over the specs already there (their
//!   form and what the metadata does not state are kept), specs of actions no longer documented
//!   removed; `product.yaml` from the metadata (endpoints, client-wide parameters), keeping what
//!   only a person writes there (`transient-codes`).
//! - `generated/<product>/` (`aliyun-<product>`, a workspace member by the `generated/*` glob):
//!   `Cargo.toml`, a starting crate guide (`README.md`) and the licences, when missing; the
//!   emulator's dependency on it, when missing; then the regeneration of every crate.
//!
//! Everything is computed before anything is written, and a failure part-way restores every file
//! it wrote: the workspace is as it was. An existing product is refreshed, with its API change
//! report.

use crate::import::{self, Rendered};
use codegen::import::metadata::Metadata;
use codegen::spec::{Action, Fixups, Product, load};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) fn run(flags: crate::flags::AddProduct) -> Result<(), String> {
    print!("{}", add(&crate::workspace_root(), &flags.file)?);
    Ok(())
}

/// Adds (or refreshes) the product that `files` document in the workspace at `root`; the report.
/// On failure the workspace is as it was.
pub(crate) fn add(root: &Path, files: &[String]) -> Result<String, String> {
    let docs = files.iter().map(|file| read(file)).collect::<Result<Vec<_>, _>>()?;
    let (first_file, first) = &docs[0];
    for (file, doc) in &docs[1..] {
        if !doc.product.eq_ignore_ascii_case(&first.product) || doc.version != first.version {
            return Err(format!(
                "{file} documents {} {}, {first_file} {} {}: one product version at a time",
                doc.product, doc.version, first.product, first.version
            ));
        }
    }
    let mut changes = Files::default();
    let specs = root.join(spec_dir(first));
    let (summary, product) = plan_specs(&docs, &specs, &mut changes)?;
    plan_crate(root, first, &product, &mut changes)?;

    let mut written = Written::default();
    match changes.apply(&mut written).and_then(|()| regenerate(root, &mut written)) {
        Ok(report) => {
            let (code, module) = (module(first), format!("{}", crate_dir(first).display()));
            Ok(format!(
                "{summary}{report}added {} {}: specs in {}, crate aliyun-{code} in {module}; next: `cargo check -p aliyun-{code}`\n",
                first.product,
                first.version,
                spec_dir(first).display(),
            ))
        }
        Err(e) => {
            written.restore();
            Err(format!("{e}\nnothing was changed"))
        }
    }
}

/// Where regeneration puts the product `doc` documents.
fn target(doc: &Metadata) -> codegen::regenerate::Target {
    codegen::regenerate::Target::product(&module(doc), &doc.version)
}

/// `api-specs/<product>/<version>`, the product code in lower case.
pub(crate) fn spec_dir(doc: &Metadata) -> PathBuf {
    target(doc).specs
}

/// `generated/<product>`.
fn crate_dir(doc: &Metadata) -> PathBuf {
    target(doc).crate_src.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The product code as a Rust module and crate name part: `Ecs` -> `ecs`.
fn module(doc: &Metadata) -> String {
    doc.product.to_ascii_lowercase().replace('-', "_")
}

fn read(file: &str) -> Result<(String, Metadata), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let doc = Metadata::parse(&text).map_err(|e| format!("{file}: {e}"))?;
    let unknown = doc.unknown_types();
    if !unknown.is_empty() {
        return Err(format!("{file}: types the generator does not know:\n  {}", unknown.join("\n  ")));
    }
    if module(&doc).is_empty() || !module(&doc).bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(format!("{file}: info.product: `{}` is not a product code", doc.product));
    }
    Ok((file.to_string(), doc))
}

/// The specs of every action and `product.yaml`, as changes to `specs`; the import report.
fn plan_specs(docs: &[(String, Metadata)], specs: &Path, changes: &mut Files) -> Result<(String, Product), String> {
    let actions_dir = specs.join("actions");
    let fixups = import::read_fixups_file(&specs.join("fixups.yaml"))?;
    let (file, doc) = &docs[0];
    let mut summary = String::new();
    let mut actions = Vec::new();
    let mut failed = Vec::new();
    for name in doc.actions() {
        match import_action(docs, name, &actions_dir, &fixups) {
            Ok((rendered, action)) => {
                summary.push_str(&rendered.summary);
                if let Some(text) = rendered.text {
                    changes.write(rendered.spec, text);
                }
                actions.push(action);
            }
            Err(e) => failed.push(e),
        }
    }
    if !failed.is_empty() {
        return Err(format!("{file}: {} of {} actions cannot be imported:\n{}", failed.len(), doc.actions().len(), failed.join("\n")));
    }
    // Actions no longer documented.
    let documented: BTreeSet<&str> = doc.actions().into_iter().collect();
    if let Ok(entries) = std::fs::read_dir(&actions_dir) {
        for path in entries.flatten().map(|e| e.path()) {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            if path.extension().is_some_and(|x| x == "yaml") && !documented.contains(stem.as_str()) {
                summary.push_str(&format!("{}: no longer documented; removed\n", path.display()));
                changes.remove(path);
            }
        }
    }
    let product_file = specs.join("product.yaml");
    let previous = std::fs::read_to_string(&product_file).ok().map(|text| load::product(&product_file, &text));
    let mut product = doc.product(&actions).map_err(|e| format!("{file}: {e}"))?;
    if let Some(previous) = previous {
        let previous = previous.map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
        keep_written_by_hand(&mut product, &previous);
    }
    let text = codegen::import::metadata::product_yaml(&product, &product_file).map_err(|e| format!("{file}: {e}"))?;
    changes.write_if_changed(product_file, text);
    Ok((summary, product))
}

/// One action from every edition given: the first's facts, and the others' where it states none.
fn import_action(docs: &[(String, Metadata)], name: &str, actions_dir: &Path, fixups: &Fixups) -> Result<(Rendered, Action), String> {
    let (file, doc) = &docs[0];
    let mut imported = doc.import(name).expect("listed").map_err(|e| format!("{file}: {e}"))?;
    for (other_file, other) in &docs[1..] {
        if let Some(result) = other.import(name) {
            let mut other = result.map_err(|e| format!("{other_file}: {e}"))?;
            codegen::import::finish(&mut other.action, None, true);
            codegen::import::finish(&mut imported.action, Some(&other.action), true);
        }
    }
    let rendered = import::render(file, imported.clone(), &[], actions_dir, fixups, false, true)?;
    let text = rendered.text.clone().map_or_else(|| std::fs::read_to_string(&rendered.spec).map_err(|e| e.to_string()), Ok)?;
    let action = load::action(&rendered.spec, &text).map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
    Ok((rendered, action))
}

/// What the metadata cannot say, kept from the previous `product.yaml`.
fn keep_written_by_hand(product: &mut Product, previous: &Product) {
    product.transient_codes = previous.transient_codes.clone();
}

/// The crate's manifest, guide and licences when missing, and the emulator's dependency on it.
fn plan_crate(root: &Path, doc: &Metadata, spec: &Product, changes: &mut Files) -> Result<(), String> {
    let dir = root.join(crate_dir(doc));
    let name = format!("aliyun-{}", module(doc));
    let (product, version) = (&doc.product, &doc.version);
    let manifest = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition.workspace = true
rust-version.workspace = true
license.workspace = true
description = "Typed async client for Alibaba Cloud {product} ({product} {version}), generated from its documentation."
keywords = ["alibaba", "aliyun", "{module}", "sdk", "async"]
categories = ["api-bindings", "web-programming::http-client", "asynchronous"]
readme = "README.md"
documentation = "https://docs.rs/{name}"

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]

[lints]
workspace = true

# Every file under src/ is generated by `cargo xtask regenerate` from api-specs/; the crate guide
# (README.md, included as the crate docs) is hand-written; its examples go in examples/{module}/ at
# the workspace root.

[features]
# `Serialize` for the outputs and shared types, in the documented wire shape (they always
# implement `Deserialize`). Off by default: most users never serialize a response, and every
# build would pay for it.
serde = ["aliyun-rpc-runtime/serde"]

[dependencies]
aliyun-rpc-runtime = {{ path = "../../runtime", version = "0.1.0" }}
serde.workspace = true
serde_json.workspace = true

[dev-dependencies]
# The doc tests' runtime.
tokio = {{ workspace = true }}
"#,
        module = module(doc),
    );
    changes.create(dir.join("Cargo.toml"), manifest);
    changes.create(dir.join("README.md"), guide(&name, spec));
    for licence in ["LICENSE-APACHE", "LICENSE-MIT"] {
        let text = std::fs::read_to_string(root.join(licence)).map_err(|e| format!("{licence}: {e}"))?;
        changes.create(dir.join(licence), text);
    }
    let emulator_manifest = root.join("emulator/Cargo.toml");
    let text = std::fs::read_to_string(&emulator_manifest).map_err(|e| format!("{}: {e}", emulator_manifest.display()))?;
    // The emulator re-encodes documented samples, with the crate's `Serialize` impls.
    let dependency = format!("{name} = {{ path = \"../{}\", version = \"0.1.0\", features = [\"serde\"] }}", crate_dir(doc).display());
    if !text.lines().any(|line| line.starts_with(&format!("{name} ="))) {
        // After the last product crate the emulator depends on, so they stay together.
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().rposition(|l| l.starts_with("aliyun-") && !l.starts_with("aliyun-rpc-runtime")).map_or_else(
            || lines.iter().position(|l| l.trim() == "[dependencies]").map(|i| i + 1).ok_or("emulator/Cargo.toml has no [dependencies]"),
            |i| Ok(i + 1),
        )?;
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out.insert(at, dependency);
        changes.write(emulator_manifest, out.join("\n") + "\n");
    }
    Ok(())
}

/// A starting crate guide (`README.md`, the crate's docs), from what `product.yaml` says; a person
/// makes it the product's own.
fn guide(name: &str, product: &Product) -> String {
    let krate = name.replace('-', "_");
    let (code, version) = (&product.product, &product.version);
    let mut out = format!(
        "# {name}\n\n\
         Typed async client for Alibaba Cloud `{code}` (API version `{version}`), generated from the API's\n\
         documentation metadata: one module per action in [`operations`], the structures and enums they\n\
         share in [`types`], and a method on [`Client`] per action that returns a fluent builder\n\
         (`client.action().param(..).send().await`).\n\n\
         ```no_run\n\
         # fn demo() -> Result<(), {krate}::Error> {{\n\
         let client = {krate}::Client::builder().region(\"cn-hangzhou\").build()?;\n\
         # Ok(()) }}\n\
         ```\n\n\
         ## Configuration\n\n\
         [`Client::from_env`] resolves credentials, region and endpoint the way the official tools do\n\
         ([`config`]); [`Client::builder`] sets any of them explicitly, with timeouts, a\n\
         [`RetryPolicy`], a [`RateLimit`] and the [`SignatureVersion`] (V3 by default).\n"
    );
    for parameter in &product.client_parameters {
        let setter = codegen::names::snake(&parameter.name);
        match &parameter.env {
            None => {
                out.push_str(&format!("\nEvery action that takes `{}` is sent the client's region, unless the call sets its own.\n", parameter.name))
            }
            Some(env) => out.push_str(&format!(
                "\n`{}` is set once with [`ClientBuilder::{setter}`] (or `{env}`) and sent with every action\n\
                 that takes it, unless the call sets its own.\n",
                parameter.name
            )),
        }
    }
    let endpoint = match &product.endpoint {
        Some(rule) => format!("the rule `{rule}`"),
        None => "no rule: a region not listed is an error naming it".into(),
    };
    out.push_str(&format!(
        "\n## Endpoints\n\n\
         A region's endpoint is the documented one ({} listed apart), else {endpoint}; `endpoint(..)`\n\
         on the builder takes any URL instead.\n\n\
         ## Errors and pages\n\n\
         A service error ([`Error::Service`]) keeps its code, message, request id, recommendation link\n\
         and host; each action's documented codes are an enum to match with `error.code_as::<..>()`.\n\
         Actions that page have `into_paginator()`: a `Stream` of pages, `.items()` their elements.\n\n\
         ## Tests\n\n\
         The workspace's emulator (`aliyun-iot-emulator`) serves this product too: give the builder\n\
         `endpoint(emulator.base_url())` and `credentials(emulator.credentials())`.\n",
        product.endpoints.len()
    ));
    out
}

/// Regenerates every crate; the API change report.
fn regenerate(root: &Path, written: &mut Written) -> Result<String, String> {
    let plan = codegen::regenerate::plan(root).map_err(|e| match e {
        codegen::regenerate::PlanError::Specs(errors) => errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"),
        codegen::regenerate::PlanError::Generate(e) => e,
    })?;
    for change in &plan.changes {
        written.record(&root.join(&change.path));
        change.apply(root)?;
    }
    let mut out = String::new();
    for warning in &plan.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    let report = codegen::api_report::report(&plan.changes);
    if !report.is_empty() {
        out.push_str(&format!("API changes for users ({} breaking semver):\n", report.iter().filter(|c| c.breaking).count()));
        for change in &report {
            out.push_str(&format!("  {change}\n"));
        }
    }
    out.push_str(&format!("regenerate: {} file(s) changed ({})\n", plan.changes.len(), plan.summary()));
    Ok(out)
}

/// Files to write or remove, computed before any is touched.
#[derive(Default)]
struct Files {
    /// `(path, Some(text))` to write, `(path, None)` to remove.
    changes: Vec<(PathBuf, Option<String>)>,
}

impl Files {
    fn write(&mut self, path: PathBuf, text: String) {
        self.changes.push((path, Some(text)));
    }

    fn write_if_changed(&mut self, path: PathBuf, text: String) {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            self.write(path, text);
        }
    }

    /// Only when missing: a hand-written file is never replaced.
    fn create(&mut self, path: PathBuf, text: String) {
        if !path.exists() {
            self.write(path, text);
        }
    }

    fn remove(&mut self, path: PathBuf) {
        self.changes.push((path, None));
    }

    fn apply(&self, written: &mut Written) -> Result<(), String> {
        for (path, text) in &self.changes {
            written.record(path);
            let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
            match text {
                Some(text) => {
                    if let Some(dir) = path.parent() {
                        written.record_dir(dir);
                        std::fs::create_dir_all(dir).map_err(fail)?;
                    }
                    std::fs::write(path, text).map_err(fail)?;
                }
                None => std::fs::remove_file(path).map_err(fail)?,
            }
        }
        Ok(())
    }
}

/// What was there before each write, to put back if a later step fails.
#[derive(Default)]
struct Written {
    /// `(path, previous content)`, `None` for a file that did not exist; first record wins.
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Directories created, outermost first.
    dirs: Vec<PathBuf>,
}

impl Written {
    fn record(&mut self, path: &Path) {
        if !self.files.iter().any(|(p, _)| p == path) {
            self.files.push((path.to_path_buf(), std::fs::read(path).ok()));
        }
    }

    fn record_dir(&mut self, dir: &Path) {
        let missing: Vec<PathBuf> = dir.ancestors().take_while(|d| !d.exists()).map(Path::to_path_buf).collect();
        self.dirs.extend(missing.into_iter().rev());
    }

    fn restore(&self) {
        for (path, previous) in self.files.iter().rev() {
            let _ = match previous {
                Some(bytes) => std::fs::write(path, bytes),
                None => std::fs::remove_file(path),
            };
        }
        for dir in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

// The tests' one way to find ../shared (and to skip it, saying so).
#[cfg(test)]
#[path = "../../codegen/tests/shared_data/mod.rs"]
mod shared_data;

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// A scratch workspace of products alone: the root manifest with `generated/*` as members,
    /// the runtime (a link to this one), a copy of the emulator without its product tables (the
    /// command adds its dependencies and tables), and the licences. Removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let root = crate::workspace_root();
            let dir = std::env::temp_dir().join(format!("add-product-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for sub in ["api-specs", "generated", "emulator/src"] {
                std::fs::create_dir_all(dir.join(sub)).unwrap();
            }
            let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
            let members = manifest.lines().find(|l| l.starts_with("members")).unwrap();
            std::fs::write(dir.join("Cargo.toml"), manifest.replace(members, r#"members = ["runtime", "generated/*", "emulator"]"#)).unwrap();
            std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
            for licence in ["LICENSE-APACHE", "LICENSE-MIT"] {
                std::fs::copy(root.join(licence), dir.join(licence)).unwrap();
            }
            #[cfg(unix)]
            std::os::unix::fs::symlink(root.join("runtime"), dir.join("runtime")).unwrap();
            copy_dir(&root.join("emulator"), &dir.join("emulator"), &root.join("emulator/src/products"));
            Scratch(dir)
        }
    }

    /// `from` into `to`, but for `except`.
    fn copy_dir(from: &Path, to: &Path, except: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let (path, target) = (entry.path(), to.join(entry.file_name()));
            if path == except {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&path, &target, except);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Every file under `dir`, with its content, to compare a tree before and after.
    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                out.extend(snapshot(&path));
            } else if entry.file_type().unwrap().is_file() {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
        out.sort();
        out
    }

    /// Every product of the shared metadata becomes a crate that builds, the emulator serving all
    /// of them builds too, and a second run over the same metadata changes nothing.
    #[test]
    fn every_shared_product_becomes_a_crate_that_builds() {
        let Some(docs) = shared_data::path("every_shared_product_becomes_a_crate_that_builds", "api-docs") else { return };
        let scratch = Scratch::new("all");
        let mut products: Vec<PathBuf> =
            std::fs::read_dir(&docs).unwrap().flatten().map(|e| e.path().join("api-docs.json")).filter(|p| p.is_file()).collect();
        products.sort();
        assert!(products.len() >= 11, "{} products in {}", products.len(), docs.display());
        let mut report = String::new();
        for file in &products {
            let file = file.display().to_string();
            report = add(&scratch.0, std::slice::from_ref(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
        // What the workspace generates, every product's action count.
        eprintln!("{}", report.lines().find(|l| l.starts_with("regenerate:")).unwrap_or_default());
        let before = snapshot(&scratch.0.join("api-specs"));
        add(&scratch.0, &[products[0].display().to_string()]).unwrap();
        assert!(before == snapshot(&scratch.0.join("api-specs")), "a second run changed specs");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let target = crate::workspace_root().join("target/add-product-check");
        let output = Command::new(cargo)
            .current_dir(&scratch.0)
            .args(["check", "--workspace", "--lib", "--quiet"])
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(output.status.success(), "the products do not build:\n{}", String::from_utf8_lossy(&output.stderr));
    }

    #[test]
    fn bad_metadata_is_refused_and_nothing_is_written() {
        let scratch = Scratch::new("bad");
        let before = snapshot(&scratch.0);
        let write = |name: &str, text: &str| {
            let file = scratch.0.join(name);
            std::fs::write(&file, text).unwrap();
            file.display().to_string()
        };
        let roa = write("roa.json", r#"{"info": {"style": "ROA", "product": "Cs", "version": "2015-12-15"}, "apis": {}}"#);
        let error = add(&scratch.0, &[roa]).unwrap_err();
        assert!(error.contains("only RPC"), "{error}");
        let broken = write("broken.json", "{\"info\": {\"style\": \"RPC\",\n \"product\": }");
        let error = add(&scratch.0, &[broken]).unwrap_err();
        assert!(error.contains("broken.json") && error.contains("line 2"), "{error}");
        let odd_type = write(
            "odd.json",
            r#"{"info": {"style": "RPC", "product": "Odd", "version": "2020-01-01"}, "apis": {"Run": {"methods": ["post"],
              "parameters": [{"name": "Size", "in": "query", "schema": {"type": "decimal"}}]}}}"#,
        );
        let error = add(&scratch.0, &[odd_type]).unwrap_err();
        assert!(error.contains("apis.Run.parameters[Size].schema.type: `decimal`"), "{error}");
        // An action that cannot be imported stops the product; what was computed is not written.
        let bad_action = write(
            "bad-action.json",
            r#"{"info": {"style": "RPC", "product": "Odd", "version": "2020-01-01"}, "apis": {"Run": {"methods": ["post"]}, "lower": {}}}"#,
        );
        let error = add(&scratch.0, &[bad_action]).unwrap_err();
        assert!(error.contains("lower"), "{error}");
        for name in ["roa.json", "broken.json", "odd.json", "bad-action.json"] {
            std::fs::remove_file(scratch.0.join(name)).unwrap();
        }
        assert!(before == snapshot(&scratch.0), "a refused product changed the workspace");
    }
}
