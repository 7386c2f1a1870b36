//! The importer against the corpus of real IoT Platform pages (../shared/corpus/iot-2018-01-20, see
//! its README), as committed specs are made from them: every page imports and its spec loads, and
//! with the fixups written for these pages (`tests/fixtures/import/corpus-fixups.yaml`) applied,
//! its sample response fits its spec. How much of each page the importer gets right is the ruler's
//! to say (`import_ruler.rs`).

mod shared_data;

use codegen::import::{self, COMMON_FIELDS, Options, sample};
use codegen::spec::{Action, Fixups, Member, Type};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Samples that disagree with their own page, which no fixup settles because the committed specs
/// do not come from these pages: `(page, problem)`.
const PAGE_ERRORS: &[(&str, &str)] = &[
    // The page types the shadow as a String; the sample shows the JSON document it holds.
    ("en/variants/GetDeviceShadow__md-name-noex__2018-07-13.md", "`ShadowMessage` is String but the sample has {}"),
    ("zh/GetDeviceShadow.md", "`ShadowMessage` is String but the sample has {\"method\":\"update\",\"state\":{\"desired\":{\"..."),
    // The sample shows a field the page's table leaves out.
    ("zh/CreateProduct.md", "`Data.ResourceGroupId` is not documented"),
    // The sample masks a number into a string.
    ("zh/GetRule.md", "`RuleInfo.CreateUserId` is Long but the sample has \"198426864326****\""),
];

fn fixups() -> Fixups {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/corpus-fixups.yaml");
    Fixups::parse(&file, &std::fs::read_to_string(&file).unwrap()).unwrap()
}

#[test]
fn corpus_pages_import_and_their_samples_fit_their_specs() {
    let Some(dir) = shared_data::corpus("corpus_pages_import_and_their_samples_fit_their_specs") else { return };
    let fixups = fixups();
    let mut failures = Vec::new();
    let mut sample_problems = Vec::new();
    let pages = shared_data::corpus_pages(&dir);
    for path in &pages {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let mut action = match import::import(&text, &Options::default()) {
            Ok(imported) => imported.action,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let file = PathBuf::from(format!("{}.yaml", action.action));
        if let Err(errors) = import::to_yaml(&action, &file) {
            failures.push(format!("{name}: the spec does not load: {errors:?}"));
            continue;
        }
        // Fixups are written against the committed spec's page; another version of the page may
        // not need them.
        if let Err(errors) = fixups.apply(&mut action) {
            let reasons: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
            println!("  note: {name}: {}", reasons.join("; "));
        }
        for problem in check_sample(&action) {
            if !PAGE_ERRORS.contains(&(name.as_str(), problem.as_str())) {
                sample_problems.push(format!("{name}: {problem}"));
            }
        }
    }
    println!("{} pages, {} failed, {} samples that do not fit their spec", pages.len(), failures.len(), sample_problems.len());
    assert!(pages.len() >= 150, "{} pages in {}", pages.len(), dir.display());
    assert!(failures.is_empty(), "pages that do not import:\n{}", failures.join("\n"));
    assert!(sample_problems.is_empty(), "sample keys that do not fit their spec:\n{}", sample_problems.join("\n"));
}

/// Every key of the sample response is a documented field at that path with a compatible type,
/// reading arrays through their wrapper (or bare, or as a single object: decoding is lenient).
fn check_sample(action: &Action) -> Vec<String> {
    let Some(text) = &action.examples.response else { return Vec::new() };
    let value = serde_json::from_str(text).unwrap_or_else(|_| sample::lenient(text));
    let mut problems = Vec::new();
    if let Value::Object(map) = &value {
        for (key, v) in map {
            if !COMMON_FIELDS.contains(&key.as_str()) {
                check_value(key, v, &action.response, key, &mut problems);
            }
        }
    }
    problems
}

fn check_value(key: &str, value: &Value, members: &[Member], path: &str, problems: &mut Vec<String>) {
    let Some(m) = members.iter().find(|m| m.name == key) else {
        problems.push(format!("`{path}` is not documented"));
        return;
    };
    check_member(m, value, path, problems);
}

fn check_member(m: &Member, value: &Value, path: &str, problems: &mut Vec<String>) {
    match (m.ty, value) {
        (_, Value::Null) => {}
        (Type::Object, Value::Object(map)) => {
            for (k, v) in map {
                check_value(k, v, &m.fields, &format!("{path}.{k}"), problems);
            }
        }
        (Type::Array, _) => {
            let items = m.items.as_ref().expect("arrays have items");
            let unwrapped = match (&m.wrapper, value) {
                (Some(w), Value::Object(map)) if map.contains_key(w) => &map[w],
                _ => value,
            };
            let elements: Vec<&Value> = match unwrapped {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for e in elements {
                match (items.ty, e) {
                    (Type::Object, Value::Object(map)) => {
                        for (k, v) in map {
                            check_value(k, v, &items.fields, &format!("{path}[].{k}"), problems);
                        }
                    }
                    (ty, e) if scalar_fits(ty, e) => {}
                    (ty, e) => problems.push(format!("`{path}[]` is {ty} but the sample has {e}")),
                }
            }
        }
        (ty, v) if scalar_fits(ty, v) => {}
        (ty, v) => problems.push(format!("`{path}` is {ty} but the sample has {}", short(v))),
    }
}

fn scalar_fits(ty: Type, value: &Value) -> bool {
    match (ty, value) {
        (_, Value::Null) => true,
        (Type::String, Value::String(_) | Value::Number(_) | Value::Bool(_)) => true,
        (Type::Integer | Type::Long, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Type::Float | Type::Double, Value::Number(_)) => true,
        (Type::Boolean, Value::Bool(_)) => true,
        _ => false,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 40 { format!("{}...", &s[..s.floor_char_boundary(40)]) } else { s }
}

/// Specs committed from these pages keep their facts and leave out their prose (the corpus's rule):
/// no `summary` or `description` anywhere in them (the two seed specs come from the project's own
/// seed pages and keep theirs).
#[test]
fn committed_specs_from_corpus_pages_have_no_prose() {
    let Some(dir) = shared_data::corpus("committed_specs_from_corpus_pages_have_no_prose") else { return };
    let actions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs/iot/2018-01-20/actions");
    let mut checked = 0;
    for page in std::fs::read_dir(dir.join("en")).unwrap().map(|e| e.unwrap().path()) {
        let Some(action) = page.file_stem().and_then(|s| s.to_str()).filter(|_| page.extension().is_some_and(|x| x == "md")) else { continue };
        if ["ListOTAModuleByProduct", "QueryProductList"].contains(&action) {
            continue;
        }
        let file = actions.join(format!("{action}.yaml"));
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let spec = codegen::spec::load::action(&file, &text).unwrap();
        let mut prose = Vec::new();
        if spec.summary.is_some() || spec.description.is_some() {
            prose.push(action.to_string());
        }
        fn walk(members: &[Member], path: &str, prose: &mut Vec<String>) {
            for m in members {
                let here = format!("{path}.{}", m.name);
                let mut values = m.values.iter().chain(m.items.iter().flat_map(|i| &i.values));
                if m.description.is_some() || values.any(|v| v.description.is_some()) {
                    prose.push(here.clone());
                }
                walk(&m.fields, &here, prose);
                if let Some(items) = &m.items {
                    walk(&items.fields, &here, prose);
                }
            }
        }
        walk(&spec.request, &format!("{action}.request"), &mut prose);
        walk(&spec.response, &format!("{action}.response"), &mut prose);
        assert_eq!(prose, Vec::<String>::new(), "prose in {}", file.display());
        checked += 1;
    }
    println!("{checked} committed specs from corpus pages, none with prose");
}
