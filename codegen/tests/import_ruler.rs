//! The ruler (`../shared/tools/score_specs.py`: precision and recall against an oracle of the
//! official SDK or the metadata, counting only what each page mentions) on every corpus of pages:
//! each product's English and Chinese pages (and IoT's older English layouts), each imported as
//! `cargo xtask import --out DIR` writes them (no fixups). Prints the ruler's summary line per set
//! and holds each set to its figures: the project's one scorer of the page importer. The ruler
//! counts an oracle item when the page mentions its name anywhere, and an imported item right
//! only when today's API has it; the misses of items a page names but does not state, and the
//! items of names the API no longer has (see [`Drift`]), are counted apart too, and listed with
//! their page lines in `drift.txt` beside each set's specs (`IMPORT_RULER_KEEP=1` keeps them in
//! the temporary directory). Needs Python 3 with PyYAML, and fails saying so without them.

mod shared_data;

use codegen::import::layout::{self, Block, Section};
use codegen::import::{self, Options};
use codegen::spec::{Action, Member};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A set of pages and its floors, over request and response items together: precision and
/// recall as the ruler counts them, and the same over what the pages state of today's API
/// ([`Drift`]). Each floor is the set's figure when it was last raised, rounded down.
struct Set {
    corpus: &'static str,
    pages: &'static str,
    precision: f64,
    recall: f64,
    api_precision: f64,
    stated_recall: f64,
}

const fn set(corpus: &'static str, pages: &'static str, precision: f64, recall: f64, api_precision: f64, stated_recall: f64) -> Set {
    Set { corpus, pages, precision, recall, api_precision, stated_recall }
}

const SETS: &[Set] = &[
    set("iot-2018-01-20", "en", 96.5, 94.5, 97.0, 97.0),
    set("iot-2018-01-20", "en/variants", 95.0, 92.5, 97.5, 97.0),
    set("iot-2018-01-20", "zh", 98.5, 97.0, 99.0, 99.0),
    set("ecs-2014-05-26", "en", 98.0, 91.5, 98.0, 97.0),
    set("ecs-2014-05-26", "zh", 98.0, 92.0, 98.0, 97.5),
    set("kms-2016-01-20", "en", 99.5, 99.0, 99.5, 99.0),
    set("kms-2016-01-20", "zh", 98.5, 98.5, 99.0, 99.0),
    set("ram-2015-05-01", "en", 80.5, 98.5, 98.5, 99.5),
    set("ram-2015-05-01", "zh", 99.5, 99.5, 99.5, 99.5),
    set("alikafka-2019-09-16", "en", 99.0, 97.0, 99.0, 97.5),
    set("alikafka-2019-09-16", "zh", 99.0, 98.0, 99.0, 98.0),
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
    let oracles: Vec<Value> =
        ["oracle.json", "oracle-2021.json"].iter().map(|f| serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()).collect();
    let drift = Drift::of(&scored, &actions, &oracles);
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
///
/// And the imported items that are wrong only because the API has no such name: a row the page
/// documents whose name is nowhere in the action's oracle, at any path (removed since, or
/// misspelt on the page: `AutoRenewEnalbed`).
#[derive(Default)]
struct Drift {
    /// Misses of each kind.
    prose: usize,
    elsewhere: usize,
    case: usize,
    /// Imported items of names the API does not have.
    gone: usize,
    /// `Page.md:line kind side key`, one per miss above and per such item.
    listing: Vec<String>,
    /// The ruler's items found, and stated (mentioned by the page); imported, and right; requests
    /// and responses together.
    found: usize,
    stated: usize,
    imported: usize,
    right: usize,
}

impl Drift {
    fn of(scored: &Value, actions: &BTreeMap<String, (String, Action)>, oracles: &[Value]) -> Drift {
        let totals = |key: &str| scored["totals"][key].as_u64().unwrap_or(0) as usize;
        let mut drift = Drift {
            found: totals("req_found") + totals("resp_found"),
            stated: totals("req_or") + totals("resp_or"),
            imported: totals("req_spec") + totals("resp_spec"),
            right: totals("req_tp") + totals("resp_tp"),
            ..Drift::default()
        };
        let Some(per_action) = scored["actions"].as_object() else { return drift };
        for (page, result) in per_action {
            let Some((text, action)) = actions.get(page) else { continue };
            let mut api_names = std::collections::BTreeSet::new();
            oracles.iter().for_each(|oracle| oracle_names(&oracle[page.as_str()], &mut api_names));
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
                for key in extra {
                    let name = leaf(&key);
                    if let Some(&line) = rows.get(name).and_then(|lines| lines.first()).filter(|_| !api_names.contains(name)) {
                        drift.gone += 1;
                        drift.listing.push(format!("{page}.md:{line} gone {side} {key}"));
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

    /// Precision over the names the API has: the imported items of names it does not have left out.
    fn precision(&self) -> f64 {
        100.0 * self.right as f64 / (self.imported - self.gone).max(1) as f64
    }
}

/// Every name of an oracle entry, at every path and depth: parameters, their fields, response
/// fields and wrappers.
fn oracle_names(entry: &Value, out: &mut std::collections::BTreeSet<String>) {
    fn walk(node: &Value, out: &mut std::collections::BTreeSet<String>) {
        for child in node["children"].as_array().into_iter().flatten() {
            out.extend(child["name"].as_str().map(String::from));
            walk(child, out);
        }
    }
    for parameter in entry["request"].as_array().into_iter().flatten() {
        out.extend(parameter["name"].as_str().into_iter().flat_map(|n| n.split('.')).map(String::from));
        for sub in parameter["sub_parameters"].as_array().into_iter().flatten() {
            out.extend(sub["name"].as_str().into_iter().flat_map(|n| n.split('.')).map(String::from));
        }
    }
    walk(&entry["response"], out);
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
    for set in SETS {
        let name = format!("{} {}", set.corpus, set.pages);
        let (summary, drift) = score(&shared, set.corpus, set.pages, &out.join(name.replace(['/', ' '], "-")));
        println!("{name}: {summary}");
        println!(
            "{name}: {} misses the page does not state ({} in prose only, {} stated at another path, {} in another case); recall without them {:.1}",
            drift.total(),
            drift.prose,
            drift.elsewhere,
            drift.case,
            drift.recall()
        );
        println!("{name}: {} imported items of names the API does not have; precision without them {:.1}", drift.gone, drift.precision());
        let (precision, recall) = (figure(&summary, "precision"), figure(&summary, "recall"));
        let figures = [
            ("precision", precision, set.precision),
            ("recall", recall, set.recall),
            ("precision over the API's names", drift.precision(), set.api_precision),
            ("recall of what the pages state", drift.recall(), set.stated_recall),
        ];
        for (what, figure, floor) in figures {
            if figure < floor {
                short.push(format!("{name}: {what} {figure:.1}, at least {floor} expected"));
            }
        }
    }
    if std::env::var_os("IMPORT_RULER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}
