//! The committed specs of every product are the API metadata's facts
//! (../shared/api-docs/<product>-<version>, see its README): importing `api-docs.json` with
//! `--facts-only` over the committed specs, as `cargo xtask add-product` does, reproduces every
//! committed spec and `product.yaml` byte for byte; there is a spec for every action and an action
//! for every spec; and every fixup still applies to the import and changes something. The metadata lives outside the repository and is read where it is: this
//! test fails, naming the file, when it is missing, unless `ALIYUN_IOT_TEST_SKIP=shared` skips it.

mod shared_data;

use codegen::import::{self, metadata::Metadata};
use codegen::spec::{self, Action, Fixups, load};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The flagship's specs, for the tests of what only it has (fixups, the seeds' prose).
const SPECS: &str = "api-specs/iot/2018-01-20";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every product's specs: `api-specs/<product>/<version>`, as (product, version).
fn products() -> Vec<(String, String)> {
    let targets = codegen::regenerate::targets(&workspace()).unwrap();
    targets
        .iter()
        .filter_map(|t| t.specs.strip_prefix(codegen::regenerate::SPECS_ROOT).ok())
        .filter_map(|rel| {
            let mut parts = rel.iter().map(|p| p.to_string_lossy().into_owned());
            Some((parts.next()?, parts.next()?))
        })
        .collect()
}

/// A product's metadata, `None` when `ALIYUN_IOT_TEST_SKIP=shared` skips `test`; missing, it fails the test.
fn metadata(test: &str, product: &str, version: &str) -> Option<Metadata> {
    let file = shared_data::path(test, &format!("api-docs/{product}-{version}/api-docs.json"))?;
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Some(Metadata::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

fn committed_in(specs: &Path, action: &str) -> Option<(PathBuf, String)> {
    let file = workspace().join(specs).join("actions").join(format!("{action}.yaml"));
    std::fs::read_to_string(&file).ok().map(|text| (file, text))
}

fn committed(action: &str) -> Option<(PathBuf, String)> {
    committed_in(Path::new(SPECS), action)
}

fn committed_actions(specs: &Path) -> BTreeSet<String> {
    std::fs::read_dir(workspace().join(specs).join("actions"))
        .unwrap()
        .filter_map(|e| e.unwrap().path().file_stem().and_then(|s| s.to_str()).map(String::from))
        .collect()
}

fn fixups_of(specs: &Path) -> Fixups {
    let file = workspace().join(specs).join("fixups.yaml");
    match std::fs::read_to_string(&file) {
        Ok(text) => Fixups::parse(&file, &text).unwrap_or_else(|e| panic!("{e:?}")),
        Err(_) => Fixups::default(),
    }
}

fn fixups() -> Fixups {
    fixups_of(Path::new(SPECS))
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(committed: &str, imported: &str) -> String {
    let (mut a, mut b) = (committed.lines(), imported.lines());
    for line in 1.. {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => break,
            (x, y) => return format!("line {line}: committed {x:?}, import {y:?}"),
        }
    }
    "line endings".into()
}

#[test]
fn importing_the_metadata_over_the_committed_specs_reproduces_them() {
    let test = "importing_the_metadata_over_the_committed_specs_reproduces_them";
    let mut problems = Vec::new();
    let mut documented_iot = 0;
    for (product, version) in products() {
        let Some(doc) = metadata(test, &product, &version) else { return };
        let specs = Path::new(codegen::regenerate::SPECS_ROOT).join(&product).join(&version);
        let fixups = fixups_of(&specs);
        let (mut warnings, mut parameters, mut fields, mut errors) = (0, 0, 0, 0);
        let mut actions = Vec::new();
        for name in doc.actions() {
            let imported = match doc.import(name).expect("listed") {
                Ok(imported) => imported,
                Err(e) => {
                    problems.push(format!("{name}: {e}"));
                    continue;
                }
            };
            warnings += imported.warnings.len();
            let Some((file, text)) = committed_in(&specs, name) else {
                problems.push(format!("{name}: documented, but no spec in {}/actions", specs.display()));
                continue;
            };
            let previous = load::action(&file, &text).unwrap_or_else(|e| panic!("{e:?}"));
            let mut action = imported.action;
            import::finish(&mut action, Some(&previous), true);
            let yaml = import::to_yaml(&action, &file).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            if yaml != text {
                problems.push(format!("{name}: the import differs from the committed spec at {}", first_difference(&text, &yaml)));
            }
            if let Err(e) = fixups.apply(&mut action.clone()) {
                problems.push(format!("{name}: {e:?}"));
            }
            let (p, f) = import::report::counts(&action);
            (parameters, fields, errors) = (parameters + p, fields + f, errors + action.errors.len());
            actions.push(action);
        }
        let documented: BTreeSet<String> = doc.actions().into_iter().map(String::from).collect();
        for extra in committed_actions(&specs).difference(&documented) {
            problems.push(format!("{extra}: a spec for an action the metadata does not document"));
        }
        // product.yaml: the metadata's, and what only a person writes there.
        let file = workspace().join(&specs).join("product.yaml");
        let text = std::fs::read_to_string(&file).unwrap();
        let mut expected = doc.product(&actions).unwrap();
        expected.transient_codes = load::product(&file, &text).unwrap().transient_codes;
        if codegen::import::metadata::product_yaml(&expected, &file).unwrap() != text {
            problems.push(format!("{}: not what the metadata says", file.display()));
        }
        println!(
            "{product} {version}: {} actions: {parameters} parameters, {fields} response fields, {errors} error codes, {warnings} warnings",
            documented.len()
        );
        if product == "iot" {
            documented_iot = documented.len();
        }
    }
    assert!(problems.is_empty(), "re-run `cargo xtask add-product ../shared/api-docs/<product>-<version>/api-docs.json`:\n{}", problems.join("\n"));
    assert_eq!(documented_iot, 423);
}

/// A fixup that changes nothing is one the metadata made unnecessary.
#[test]
fn every_fixup_changes_what_the_metadata_says() {
    let fixups = fixups();
    let mut idle = Vec::new();
    for (action, list) in &fixups.by_action {
        let (file, text) = committed(action).unwrap_or_else(|| panic!("fixups for {action}, which has no spec"));
        let mut spec = load::action(&file, &text).unwrap();
        for (i, fixup) in list.iter().enumerate() {
            let before = spec.clone();
            fixup.apply(&mut spec).unwrap_or_else(|e| panic!("{action}[{i}]: {e}"));
            if spec == before {
                idle.push(format!("{action}[{i}]: {}", fixup.reason));
            }
        }
    }
    assert!(idle.is_empty(), "fixups that change nothing:\n{}", idle.join("\n"));
}

/// The two seeds keep the English summary and descriptions their seed pages gave them: the
/// metadata's prose is left out, and what it does not state is kept.
#[test]
fn the_seeds_keep_their_prose() {
    let specs = spec::load_in(&workspace(), Path::new(SPECS)).unwrap_or_else(|e| panic!("{e:?}"));
    let find = |name: &str| -> &Action { specs.actions.iter().find(|a| a.action == name).unwrap() };
    let products = find("QueryProductList");
    assert_eq!(products.summary.as_deref(), Some("Call this operation to query the products of an account."));
    let code = products.request.iter().find(|m| m.name == "AliyunCommodityCode").unwrap();
    assert_eq!(code.values[0].description.as_deref(), Some("Pro Edition products."));
    let modules = find("ListOTAModuleByProduct");
    assert_eq!(modules.summary.as_deref(), Some("Queries all OTA modules of a product."));
    assert_eq!(modules.response[0].items.as_ref().unwrap().name.as_deref(), Some("OtaModuleDTO"));
    // Every other spec is facts only.
    let with_prose: Vec<&str> = specs
        .actions
        .iter()
        .filter(|a| !["QueryProductList", "ListOTAModuleByProduct"].contains(&a.action.as_str()))
        .filter(|a| {
            a.summary.is_some()
                || a.description.is_some()
                || a.errors.iter().any(|e| e.message.is_some())
                || has_prose(&a.request)
                || has_prose(&a.response)
        })
        .map(|a| a.action.as_str())
        .collect();
    assert_eq!(with_prose, Vec::<&str>::new());
}

fn has_prose(members: &[spec::Member]) -> bool {
    members.iter().any(|m| {
        let values = m.values.iter().chain(m.items.iter().flat_map(|i| &i.values));
        m.description.is_some()
            || values.clone().any(|v| v.description.is_some())
            || has_prose(&m.fields)
            || m.items.as_ref().is_some_and(|i| has_prose(&i.fields))
    })
}
