//! The committed specs are the API metadata's facts (../shared/api-docs/iot-2018-01-20, see its
//! README): importing `api-docs.json` with `--facts-only` over the committed specs, as
//! `cargo xtask import --facts-only` does, reproduces every committed spec byte for byte; there is a
//! spec for every action and an action for every spec; and every fixup still applies to the import
//! and changes something. The metadata lives outside the repository and is read where it is: this
//! test fails, naming the file, when it is missing, unless `ALIYUN_IOT_TEST_SKIP=shared` skips it.

mod shared_data;

use codegen::import::{self, metadata::Metadata};
use codegen::spec::{self, Action, Fixups, load};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SPECS: &str = "api-specs/iot/2018-01-20";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The metadata, `None` when `ALIYUN_IOT_TEST_SKIP=shared` skips `test`; missing, it fails the test.
fn metadata(test: &str) -> Option<Metadata> {
    let file = shared_data::path(test, "api-docs/iot-2018-01-20/api-docs.json")?;
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Some(Metadata::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

fn committed(action: &str) -> Option<(PathBuf, String)> {
    let file = workspace().join(SPECS).join("actions").join(format!("{action}.yaml"));
    std::fs::read_to_string(&file).ok().map(|text| (file, text))
}

fn committed_actions() -> BTreeSet<String> {
    std::fs::read_dir(workspace().join(SPECS).join("actions"))
        .unwrap()
        .filter_map(|e| e.unwrap().path().file_stem().and_then(|s| s.to_str()).map(String::from))
        .collect()
}

fn fixups() -> Fixups {
    let file = workspace().join(SPECS).join("fixups.yaml");
    Fixups::parse(&file, &std::fs::read_to_string(&file).unwrap()).unwrap_or_else(|e| panic!("{e:?}"))
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
    let Some(doc) = metadata("importing_the_metadata_over_the_committed_specs_reproduces_them") else { return };
    let fixups = fixups();
    let mut problems = Vec::new();
    let (mut warnings, mut parameters, mut fields, mut errors) = (0, 0, 0, 0);
    for name in doc.actions() {
        let imported = match doc.import(name).expect("listed") {
            Ok(imported) => imported,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        warnings += imported.warnings.len();
        let Some((file, text)) = committed(name) else {
            problems.push(format!("{name}: documented, but no spec in {SPECS}/actions"));
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
    }
    let documented: BTreeSet<String> = doc.actions().into_iter().map(String::from).collect();
    for extra in committed_actions().difference(&documented) {
        problems.push(format!("{extra}: a spec for an action the metadata does not document"));
    }
    println!("{} actions: {parameters} parameters, {fields} response fields, {errors} error codes, {warnings} warnings", documented.len());
    assert!(
        problems.is_empty(),
        "re-run `cargo xtask import --facts-only ../shared/api-docs/iot-2018-01-20/api-docs.json`:\n{}",
        problems.join("\n")
    );
    assert_eq!(documented.len(), 423);
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
