//! The importer against the corpus of real IoT Platform pages (../shared/corpus/iot-2018-01-20, see
//! its README): every page imports, its sample response fits its spec, and the specs score against
//! the official SDK's view of each action (oracle.json, oracle-2021.json), counting only what the
//! page itself mentions. The fixups written for these pages when the committed specs came from them
//! (`tests/fixtures/import/corpus-fixups.yaml`) are applied as for committed specs.

mod shared_data;

use codegen::import::{self, COMMON_FIELDS, Options, sample};
use codegen::spec::{Action, Fixups, Member, Type};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.95;

fn fixups() -> Fixups {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/corpus-fixups.yaml");
    Fixups::parse(&file, &std::fs::read_to_string(&file).unwrap()).unwrap()
}

/// Counts of one kind of item: what the specs have, what of it is right, what the oracle expects.
#[derive(Default)]
struct Score {
    found: usize,
    correct: usize,
    expected: usize,
    recalled: usize,
    mismatches: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        self.correct as f64 / self.found.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.recalled as f64 / self.expected.max(1) as f64
    }
    fn add(&mut self, other: Score) {
        self.found += other.found;
        self.correct += other.correct;
        self.expected += other.expected;
        self.recalled += other.recalled;
        self.mismatches.extend(other.mismatches);
    }
}

/// One comparable fact: a request parameter `(name, type, array, required)` or a response field
/// `(wire path, type)`.
type Facts = BTreeMap<String, BTreeSet<String>>;

#[test]
fn corpus_pages_import_and_score_against_the_sdk() {
    let Some(dir) = shared_data::corpus("corpus_pages_import_and_score_against_the_sdk") else { return };
    let oracles: Vec<Value> =
        ["oracle.json", "oracle-2021.json"].iter().map(|f| serde_json::from_str(&std::fs::read_to_string(dir.join(f)).unwrap()).unwrap()).collect();
    let fixups = fixups();
    let (mut request, mut response) = (Score::default(), Score::default());
    let mut failures = Vec::new();
    let mut sample_problems = Vec::new();
    let mut warnings = 0;
    let pages = shared_data::corpus_pages(&dir);
    for path in &pages {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let action_key = path.file_stem().unwrap().to_str().unwrap().split("__").next().unwrap().to_string();
        let imported = import::import(&text, &Options::default());
        let action = match imported {
            Ok(imported) => {
                warnings += imported.warnings.len();
                let mut action = imported.action;
                let file = PathBuf::from(format!("{}.yaml", action.action));
                if let Err(errors) = import::to_yaml(&action, &file) {
                    failures.push(format!("{name}: the spec does not load: {errors:?}"));
                    None
                } else {
                    // Fixups are written against the committed spec's page; another version of the
                    // page may not need them.
                    if let Err(errors) = fixups.apply(&mut action) {
                        let reasons: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
                        println!("  note: {name}: {}", reasons.join("; "));
                    }
                    Some(action)
                }
            }
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                None
            }
        };
        if let Some(action) = &action {
            sample_problems.extend(check_sample(action).into_iter().map(|p| format!("{name}: {p}")));
        }
        let entries: Vec<&Value> = oracles.iter().filter_map(|o| o.get(&action_key)).collect();
        if entries.is_empty() {
            continue;
        }
        let mentioned = |name: &str| mentions(&text, name);
        let spec_request = action.as_ref().map(|a| request_facts(&a.request)).unwrap_or_default();
        let spec_response = action.as_ref().map(|a| response_facts(&a.response)).unwrap_or_default();
        let oracle_request: Vec<Facts> = entries.iter().map(|e| oracle_request_facts(&e["request"])).collect();
        let oracle_response: Vec<Facts> = entries.iter().map(|e| oracle_response_facts(&e["response"])).collect();
        request.add(score(&name, &spec_request, &oracle_request, &mentioned));
        response.add(score(&name, &spec_response, &oracle_response, &mentioned));
    }

    println!("{} pages, {} failed, {warnings} warnings", pages.len(), failures.len());
    for f in &failures {
        println!("  failed: {f}");
    }
    println!("sample responses: {} keys that do not fit their spec", sample_problems.len());
    for p in &sample_problems {
        println!("  sample: {p}");
    }
    for (kind, s) in [("request parameters", &request), ("response fields", &response)] {
        println!(
            "{kind}: precision {:.1}% ({}/{}), recall {:.1}% ({}/{})",
            100.0 * s.precision(),
            s.correct,
            s.found,
            100.0 * s.recall(),
            s.recalled,
            s.expected
        );
    }
    let mut total = Score::default();
    total.add(request);
    total.add(response);
    for m in &total.mismatches {
        println!("  mismatch: {m}");
    }
    println!("overall: precision {:.1}%, recall {:.1}%", 100.0 * total.precision(), 100.0 * total.recall());
    assert!(total.precision() >= MIN_PRECISION, "precision {:.3} < {MIN_PRECISION}", total.precision());
    assert!(total.recall() >= MIN_RECALL, "recall {:.3} < {MIN_RECALL}", total.recall());
}

/// Compares one page's facts with the oracles: a spec fact is right if either oracle has it; an
/// oracle key counts towards recall if the page mentions its last name part.
fn score(page: &str, spec: &Facts, oracles: &[Facts], mentioned: &dyn Fn(&str) -> bool) -> Score {
    let mut s = Score::default();
    for (key, facts) in spec {
        s.found += 1;
        let known: Vec<&BTreeSet<String>> = oracles.iter().filter_map(|o| o.get(key)).collect();
        if known.iter().any(|o| agrees(facts, o)) {
            s.correct += 1;
        } else if known.is_empty() {
            s.mismatches.push(format!("{page}: `{key}` {facts:?} is not in the SDK"));
        } else {
            s.mismatches.push(format!("{page}: `{key}` {facts:?}, SDK {known:?}"));
        }
    }
    let keys: BTreeSet<&String> = oracles.iter().flat_map(|o| o.keys()).collect();
    for key in keys {
        if !key.split('.').all(|part| mentioned(part.trim_end_matches("[]"))) {
            continue;
        }
        s.expected += 1;
        match spec.get(key) {
            Some(facts) if oracles.iter().filter_map(|o| o.get(key)).any(|o| agrees(facts, o)) => s.recalled += 1,
            Some(_) => {}
            None => s.mismatches.push(format!("{page}: `{key}` is missing")),
        }
    }
    s
}

/// The page has `word` as a whole word (not inside `ProductKey` when looking for `Key`).
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// Every oracle fact holds for the spec (`required` only where the oracle has it; `Any` matches all).
fn agrees(spec: &BTreeSet<String>, oracle: &BTreeSet<String>) -> bool {
    oracle
        .iter()
        .all(|fact| fact == "type=Any" || spec.contains(fact) || fact.starts_with("required=") && !spec.iter().any(|f| f.starts_with("required=")))
        && spec.iter().all(|fact| {
            oracle.contains(fact)
                || fact.starts_with("required=") && !oracle.iter().any(|f| f.starts_with("required="))
                || oracle.contains("type=Any") && fact.starts_with("type=")
        })
}

fn type_name(m: &Member) -> &'static str {
    if m.encoding.is_some() { "String" } else { m.ty.as_str() }
}

fn request_facts(members: &[Member]) -> Facts {
    let mut out = Facts::new();
    for m in members {
        let facts = BTreeSet::from([format!("type={}", type_name(m)), format!("required={}", m.required)]);
        out.insert(m.name.clone(), facts);
        if let Some(items) = &m.items {
            for f in &items.fields {
                out.insert(format!("{}.{}", m.name, f.name), BTreeSet::from([format!("type={}", type_name(f))]));
            }
        }
    }
    out
}

fn oracle_request_facts(items: &Value) -> Facts {
    let mut out = Facts::new();
    for item in items.as_array().into_iter().flatten() {
        let name = item["name"].as_str().unwrap_or_default().to_string();
        let mut facts = BTreeSet::from([format!("type={}", oracle_type(&item["type"]))]);
        if let Some(required) = item["required"].as_bool() {
            facts.insert(format!("required={required}"));
        }
        for sub in item["sub_parameters"].as_array().into_iter().flatten() {
            let sub_name = sub["name"].as_str().unwrap_or_default();
            out.insert(format!("{name}.{sub_name}"), BTreeSet::from([format!("type={}", oracle_type(&sub["type"]))]));
        }
        out.insert(name, facts);
    }
    out
}

/// `Map` is sent and received as a JSON string by the SDK.
fn oracle_type(ty: &Value) -> &str {
    match ty.as_str().unwrap_or("Any") {
        "Map" => "String",
        other => other,
    }
}

/// Wire paths: `Data.List` (Object, the wrapper), `Data.List.ProductInfo` (Array),
/// `Data.List.ProductInfo[].ProductKey` (String).
fn response_facts(members: &[Member]) -> Facts {
    let mut out = Facts::new();
    fn walk(members: &[Member], prefix: &str, out: &mut Facts) {
        for m in members {
            let path = format!("{prefix}{}", m.name);
            let element_prefix = match &m.wrapper {
                Some(w) => {
                    out.insert(path.clone(), BTreeSet::from(["type=Object".to_string()]));
                    let inner = format!("{path}.{w}");
                    out.insert(inner.clone(), BTreeSet::from(["type=Array".to_string()]));
                    format!("{inner}[].")
                }
                None => {
                    out.insert(path.clone(), BTreeSet::from([format!("type={}", m.ty)]));
                    format!("{path}[].")
                }
            };
            walk(&m.fields, &format!("{path}."), out);
            if let Some(items) = &m.items {
                walk(&items.fields, &element_prefix, out);
            }
        }
    }
    walk(members, "", &mut out);
    out
}

fn oracle_response_facts(root: &Value) -> Facts {
    let mut out = Facts::new();
    fn walk(nodes: &Value, prefix: &str, top: bool, out: &mut Facts) {
        for node in nodes.as_array().into_iter().flatten() {
            let name = node["name"].as_str().unwrap_or_default();
            if top && COMMON_FIELDS.contains(&name) {
                continue;
            }
            let path = format!("{prefix}{name}");
            out.insert(path.clone(), BTreeSet::from([format!("type={}", oracle_type(&node["type"]))]));
            let child_prefix = if node["type"] == "Array" { format!("{path}[].") } else { format!("{path}.") };
            walk(&node["children"], &child_prefix, false, out);
        }
    }
    walk(&root["children"], "", true, &mut out);
    out
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
