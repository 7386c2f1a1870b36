//! The ruler (`../shared/tools/score_specs.py`: precision and recall against an oracle of the
//! official SDK or the metadata, counting only what each page mentions) on every corpus of pages:
//! each product's English and Chinese pages (and IoT's older English layouts), each imported as
//! `cargo xtask import --out DIR` writes them (no fixups). Prints the ruler's summary line per set
//! and holds each set to its figures: the project's one scorer of the page importer. Needs Python 3
//! with PyYAML, and fails saying so without them.

mod shared_data;

use codegen::import::{self, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (corpus, set of pages, minimum precision, minimum recall), over request and response items
/// together. Each floor is the set's figure when it was last raised, rounded down.
const SETS: &[(&str, &str, f64, f64)] = &[
    ("iot-2018-01-20", "en", 96.5, 94.5),
    ("iot-2018-01-20", "en/variants", 95.0, 92.5),
    ("iot-2018-01-20", "zh", 98.5, 97.0),
    ("ecs-2014-05-26", "en", 98.0, 91.5),
    ("ecs-2014-05-26", "zh", 98.0, 92.0),
    ("kms-2016-01-20", "en", 99.5, 99.0),
    ("kms-2016-01-20", "zh", 98.5, 98.5),
    ("ram-2015-05-01", "en", 80.5, 98.5),
    ("ram-2015-05-01", "zh", 99.5, 99.5),
    ("alikafka-2019-09-16", "en", 99.0, 97.0),
    ("alikafka-2019-09-16", "zh", 99.0, 98.0),
];

/// A corpus's oracles, as the ruler takes them (`--oracle`, `--oracle2021`): IoT has the SDK's of
/// 2021 beside the metadata's; the others have the metadata's alone, given twice.
fn oracle_files(corpus: &Path) -> [PathBuf; 2] {
    let older = corpus.join("oracle-2021.json");
    [corpus.join("oracle.json"), if older.exists() { older } else { corpus.join("oracle.json") }]
}

/// Fails, saying what to install, without the ruler's interpreter: a ruler that cannot run is no pass.
fn assert_python_with_yaml() {
    let ok = Command::new("python3").args(["-c", "import yaml"]).output().is_ok_and(|o| o.status.success());
    assert!(ok, "the ruler (../shared/tools/score_specs.py) needs python3 with PyYAML: `python3 -m pip install pyyaml`");
}

/// Imports every page of `set` into `out/specs` (named by page, as the ruler pairs them), copies
/// the pages to `out/pages`, and writes the oracles keyed by page name; returns the ruler's
/// summary line.
fn score(shared: &Path, corpus: &str, set: &str, out: &Path) -> String {
    let corpus = shared.join("corpus").join(corpus);
    let (specs, pages) = (out.join("specs"), out.join("pages"));
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::create_dir_all(&pages).unwrap();
    let oracle_files = oracle_files(&corpus);
    let oracles: Vec<Value> = oracle_files.iter().map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap()).collect();
    let mut keyed = vec![serde_json::Map::new(), serde_json::Map::new()];
    for entry in std::fs::read_dir(corpus.join(set)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let action = stem.split("__").next().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(pages.join(format!("{stem}.md")), &text).unwrap();
        for (oracle, into) in oracles.iter().zip(&mut keyed) {
            if let Some(entry) = oracle.get(action) {
                into.insert(stem.clone(), entry.clone());
            }
        }
        // A page that does not import scores nothing: its items count as missed.
        let Ok(mut imported) = import::import(&text, &Options::default()) else { continue };
        import::finish(&mut imported.action, None, false);
        let file = PathBuf::from(format!("{}.yaml", imported.action.action));
        if let Ok(yaml) = import::to_yaml(&imported.action, &file) {
            std::fs::write(specs.join(format!("{stem}.yaml")), yaml).unwrap();
        }
    }
    for (name, oracle) in ["oracle.json", "oracle-2021.json"].iter().zip(keyed) {
        std::fs::write(out.join(name), Value::Object(oracle).to_string()).unwrap();
    }
    let output = Command::new("python3")
        .arg(shared.join("tools/score_specs.py"))
        .args(["--quiet", "--specs"])
        .arg(&specs)
        .arg("--pages")
        .arg(&pages)
        .arg("--oracle")
        .arg(out.join("oracle.json"))
        .arg("--oracle2021")
        .arg(out.join("oracle-2021.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().last().unwrap_or_default().to_string()
}

fn figure(summary: &str, key: &str) -> f64 {
    summary.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{key}="))).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

#[test]
fn the_ruler_on_every_corpus() {
    let Some(shared) = shared_data::path("the_ruler_on_every_corpus", "") else { return };
    assert_python_with_yaml();
    let out = std::env::temp_dir().join(format!("import-ruler-{}", std::process::id()));
    let mut short = Vec::new();
    for &(corpus, set, min_precision, min_recall) in SETS {
        let name = format!("{corpus} {set}");
        let summary = score(&shared, corpus, set, &out.join(name.replace(['/', ' '], "-")));
        println!("{name}: {summary}");
        let (precision, recall) = (figure(&summary, "precision"), figure(&summary, "recall"));
        if precision < min_precision || recall < min_recall {
            short.push(format!("{name}: precision {precision} (at least {min_precision}), recall {recall} (at least {min_recall})"));
        }
    }
    if std::env::var_os("IMPORT_RULER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}
