//! The ruler (`../shared/tools/score_specs.py`: precision and recall against an oracle of the
//! official SDK or the metadata, counting only what each page mentions) on every corpus of pages:
//! each product's English and Chinese pages (and IoT's older English layouts), each imported as
//! `cargo xtask import --out DIR` writes them (no fixups). Prints the ruler's summary line per set
//! and holds each set to its figures: the project's one scorer of the page importer. The ruler
//! counts an oracle item when the page mentions its name anywhere; the misses of items the page
//! names but does not state (see [`Drift`]) are counted apart, and listed with their page lines
//! in `drift.txt` beside each set's specs (`IMPORT_RULER_KEEP=1` keeps them in the temporary
//! directory). Needs Python 3 with PyYAML, and fails saying so without them.

mod shared_data;

use codegen::import::layout::{self, Block, Section};
use codegen::import::{self, Options};
use codegen::spec::{Action, Member};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (corpus, set of pages, minimum precision, minimum recall, minimum recall of what the pages
/// state), over request and response items together. Each floor is the set's figure when it was
/// last raised, rounded down.
const SETS: &[(&str, &str, f64, f64, f64)] = &[
    ("iot-2018-01-20", "en", 96.5, 94.5, 97.0),
    ("iot-2018-01-20", "en/variants", 95.0, 92.5, 97.0),
    ("iot-2018-01-20", "zh", 98.5, 97.0, 99.0),
    ("ecs-2014-05-26", "en", 98.0, 91.5, 97.0),
    ("ecs-2014-05-26", "zh", 98.0, 92.0, 97.5),
    ("kms-2016-01-20", "en", 99.5, 99.0, 99.0),
    ("kms-2016-01-20", "zh", 98.5, 98.5, 99.0),
    ("ram-2015-05-01", "en", 80.5, 98.5, 99.5),
    ("ram-2015-05-01", "zh", 99.5, 99.5, 99.5),
    ("alikafka-2019-09-16", "en", 99.0, 97.0, 97.5),
    ("alikafka-2019-09-16", "zh", 99.0, 98.0, 98.0),
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
/// summary line and what its misses are (written to `out/drift.txt`).
fn score(shared: &Path, corpus: &str, set: &str, out: &Path) -> (String, Drift) {
    let corpus = shared.join("corpus").join(corpus);
    let (specs, pages) = (out.join("specs"), out.join("pages"));
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::create_dir_all(&pages).unwrap();
    let oracle_files = oracle_files(&corpus);
    let oracles: Vec<Value> = oracle_files.iter().map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap()).collect();
    let mut keyed = vec![serde_json::Map::new(), serde_json::Map::new()];
    let mut actions = BTreeMap::new();
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
        actions.insert(stem.clone(), (text.clone(), imported.action.clone()));
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
        .arg("--json")
        .arg(out.join("score.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = String::from_utf8_lossy(&output.stdout).lines().last().unwrap_or_default().to_string();
    let scored: Value = serde_json::from_str(&std::fs::read_to_string(out.join("score.json")).unwrap()).unwrap();
    let drift = Drift::of(&scored, &actions);
    std::fs::write(out.join("drift.txt"), drift.listing.join("\n")).unwrap();
    (summary, drift)
}

/// The ruler's misses that are no importer's: the oracle (today's API) has an item whose name the
/// page mentions but does not state as that parameter or field. Three kinds, each by a rule any
/// page can be held to:
/// - *prose*: the name is in no table row and no sample of the page (named in a sentence or an
///   error message: added after the page was written);
/// - *elsewhere*: every row of that name is imported and right at its own path, and the API has
///   the name at another path too (`IpProtocol` documented, `Permissions.N.IpProtocol` added since);
/// - *case*: a spelling that differs only in case from a right one (`Tag.N.key` beside
///   `Tag.N.Key`), which the importer leaves out on purpose.
#[derive(Default)]
struct Drift {
    /// Misses of each kind.
    prose: usize,
    elsewhere: usize,
    case: usize,
    /// `Page.md:line kind side key`, one per miss above.
    listing: Vec<String>,
    /// The ruler's items found, and stated (mentioned by the page), requests and responses together.
    found: usize,
    stated: usize,
}

impl Drift {
    fn of(scored: &Value, actions: &BTreeMap<String, (String, Action)>) -> Drift {
        let totals = |key: &str| scored["totals"][key].as_u64().unwrap_or(0) as usize;
        let mut drift = Drift { found: totals("req_found") + totals("resp_found"), stated: totals("req_or") + totals("resp_or"), ..Drift::default() };
        let Some(per_action) = scored["actions"].as_object() else { return drift };
        for (page, result) in per_action {
            let Some((text, action)) = actions.get(page) else { continue };
            let sections = layout::read(text);
            let sectioned = layout::sectioned(&sections);
            for (side, members, section) in [("request", &action.request, Section::Request), ("response", &action.response, Section::Response)] {
                // Rows of the side's tables by bare name (`Tag.N.Key` is a `Key` row), with their lines.
                let mut rows: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                for (s, block) in &sectioned {
                    if let (true, Block::Table(table)) = (*s == section, block) {
                        for row in &table.rows {
                            rows.entry(leaf(&row.name).to_string()).or_default().push(row.line);
                        }
                    }
                }
                let mut imported: BTreeMap<String, usize> = BTreeMap::new();
                count_names(members, &mut imported);
                let short = if side == "request" { "req" } else { "resp" };
                let extra = keys(&result[format!("{short}_extra")]);
                for key in keys(&result[format!("{short}_missed")]) {
                    let name = leaf(&key).to_string();
                    let right = right_of(&name, &imported, &extra);
                    let stated = rows.get(&name).map_or(0, Vec::len);
                    let in_sample = text.contains(&format!("\"{name}\"")) || text.contains(&format!("<{name}>"));
                    let kind = if stated == 0 && !in_sample {
                        drift.prose += 1;
                        Some(("prose", text.lines().position(|l| l.contains(name.as_str())).map_or(0, |i| i + 1)))
                    } else if stated > 0 && right >= stated {
                        drift.elsewhere += 1;
                        Some(("elsewhere", rows[&name][0]))
                    } else if imported.keys().any(|n| *n != name && n.eq_ignore_ascii_case(&name) && right_of(n, &imported, &extra) > 0) {
                        drift.case += 1;
                        Some(("case", rows.get(&name).and_then(|r| r.first().copied()).unwrap_or(0)))
                    } else {
                        None
                    };
                    if let Some((kind, line)) = kind {
                        drift.listing.push(format!("{page}.md:{line} {kind} {side} {key}"));
                    }
                }
            }
        }
        drift
    }

    fn total(&self) -> usize {
        self.prose + self.elsewhere + self.case
    }

    /// Recall over what the page states: its misses of the kinds above left out.
    fn recall(&self) -> f64 {
        100.0 * self.found as f64 / (self.stated - self.total()).max(1) as f64
    }
}

/// How many imported members of this name are not among the extras.
fn right_of(name: &str, imported: &BTreeMap<String, usize>, extra: &[String]) -> usize {
    let all = imported.get(name).copied().unwrap_or(0);
    all - extra.iter().filter(|e| leaf(e) == name).count().min(all)
}

/// The names of the members at every depth, with how many members have each.
fn count_names(members: &[Member], out: &mut BTreeMap<String, usize>) {
    for m in members {
        *out.entry(leaf(&m.name).to_string()).or_default() += 1;
        count_names(&m.fields, out);
        if let Some(items) = &m.items {
            count_names(&items.fields, out);
        }
    }
}

/// The ruler's keys of a list of `[key, type]` pairs.
fn keys(list: &Value) -> Vec<String> {
    list.as_array().into_iter().flatten().filter_map(|pair| pair[0].as_str().map(String::from)).collect()
}

/// The last name of a path or row (`Data.List[].Name`, `Tag.N.Key`, `└Name`).
fn leaf(path: &str) -> &str {
    let path = path.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()).trim_end_matches("[]").trim_end_matches(".N");
    path.rsplit(['.', '[', ']']).find(|p| !p.is_empty()).unwrap_or(path)
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
    for &(corpus, set, min_precision, min_recall, min_stated) in SETS {
        let name = format!("{corpus} {set}");
        let (summary, drift) = score(&shared, corpus, set, &out.join(name.replace(['/', ' '], "-")));
        println!("{name}: {summary}");
        println!(
            "{name}: {} misses the page does not state ({} in prose only, {} stated at another path, {} in another case); recall without them {:.1}",
            drift.total(),
            drift.prose,
            drift.elsewhere,
            drift.case,
            drift.recall()
        );
        let (precision, recall) = (figure(&summary, "precision"), figure(&summary, "recall"));
        if precision < min_precision || recall < min_recall || drift.recall() < min_stated {
            short.push(format!(
                "{name}: precision {precision} (at least {min_precision}), recall {recall} (at least {min_recall}), of what the pages state {:.1} (at least {min_stated})",
                drift.recall()
            ));
        }
    }
    if std::env::var_os("IMPORT_RULER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}
