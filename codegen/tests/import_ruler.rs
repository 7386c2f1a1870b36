//! The ruler (`../shared/tools/score_specs.py`: precision and recall against an oracle of the
//! official SDK or the metadata, counting only what each page mentions) on every corpus of pages:
//! each product's English and Chinese pages (and IoT's older English layouts), each imported as
//! `cargo xtask import --out DIR` writes them (no fixups). Prints the ruler's summary line per set
//! and holds each set to its figures: the project's one scorer of the page importer. The ruler
//! counts an oracle item when the page mentions its name anywhere, and an imported item right
//! only when today's API has it; the misses of items a page names but does not state, and the
//! imported items wrong for what the page states (see [`Drift`]), are counted apart too, and listed with
//! their page lines in `drift.txt` beside each set's specs (`IMPORT_RULER_KEEP=1` keeps them in
//! the temporary directory). Needs Python 3 with PyYAML, and fails saying so without them.

mod shared_data;

use codegen::import::layout::{self, Block, Section};
use codegen::import::{self, Options};
use codegen::spec::{Action, Member};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
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
    stated_precision: f64,
    stated_recall: f64,
}

const fn set(corpus: &'static str, pages: &'static str, precision: f64, recall: f64, stated_precision: f64, stated_recall: f64) -> Set {
    Set { corpus, pages, precision, recall, stated_precision, stated_recall }
}

const SETS: &[Set] = &[
    set("iot-2018-01-20", "en", 96.5, 94.5, 99.5, 99.0),
    set("iot-2018-01-20", "en/variants", 95.0, 92.5, 98.5, 98.5),
    set("iot-2018-01-20", "zh", 98.5, 97.0, 99.0, 99.0),
    set("ecs-2014-05-26", "en", 98.0, 91.5, 99.0, 98.5),
    set("ecs-2014-05-26", "zh", 97.5, 92.0, 99.0, 98.0),
    set("kms-2016-01-20", "en", 99.5, 99.0, 99.5, 99.0),
    set("kms-2016-01-20", "zh", 98.5, 98.5, 99.0, 99.0),
    set("ram-2015-05-01", "en", 80.5, 98.5, 99.5, 99.5),
    set("ram-2015-05-01", "zh", 99.5, 99.5, 99.5, 99.5),
    set("alikafka-2019-09-16", "en", 99.0, 97.0, 99.5, 99.0),
    set("alikafka-2019-09-16", "zh", 99.0, 98.0, 99.5, 99.0),
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
        let file = PathBuf::from(format!("{}.yaml", imported.action.action));
        if let Ok(yaml) = import::to_yaml(&imported.action, &file) {
            std::fs::write(specs.join(format!("{stem}.yaml")), yaml).unwrap();
        }
        actions.insert(stem, (text, imported.action));
    }
    let keyed: Vec<Value> = keyed.into_iter().map(Value::Object).collect();
    for (name, oracle) in ["oracle.json", "oracle-2021.json"].iter().zip(&keyed) {
        std::fs::write(out.join(name), oracle.to_string()).unwrap();
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
    let drift = Drift::of(&scored, &actions, &keyed);
    std::fs::write(out.join("drift.txt"), drift.listing.join("\n")).unwrap();
    (summary, drift)
}

/// The ruler's misses that are no importer's: the oracle (today's API) has an item whose name the
/// page mentions but does not state as that parameter or field. Three kinds, each by a rule any
/// page can be held to:
/// - *prose*: the name is in no table row and no sample of its side (named in a sentence, an
///   error message, or as a response field where the miss is a parameter: added since);
/// - *elsewhere*: every row of that name is imported and right at its own path, and the API has
///   the name at another path too (`IpProtocol` documented, `Permissions.N.IpProtocol` added since);
/// - *case*: a spelling that differs only in case from a right one (`Tag.N.key` beside
///   `Tag.N.Key`), which the importer leaves out on purpose.
///
/// And the imported items that are wrong for what the page states, not for how it was read:
/// - *gone*: a name on the item's path that the page states (a row, or a sample's key) is nowhere
///   on that side of the action's oracle (removed since, or misspelt on the page: an XML sample's
///   `AntoSnapshotPolicy`);
/// - *type*: the oracle has the item with another type, and the page's row of that name states
///   the imported one (`Total` an `Integer` on the page, a `Long` today);
/// - *moved*: a response field the page's JSON sample shows at the imported path, which the API
///   has only at other paths (a structure turned into a list since);
/// - *wrapper*: a list of plain values that the page states as a list, while the wire wraps its
///   values in a key no row or sample of the page names (`AvailableInstanceTypes` is
///   `{"InstanceTypes": [...]}`);
/// - *untyped*: a list inside a request list's element, which the ruler's oracle types `Array`
///   with no element type, a type no spec has (`NetworkInterface.N.SecurityGroupIds`).
///
/// The oracle's items where such an item is (the other type, the field where it is now, the
/// wrapper object and its list, the untyped list) are misses of the same kind.
#[derive(Default)]
struct Drift {
    /// Misses of each kind: the three above, and those that go with an imported item.
    misses: BTreeMap<&'static str, usize>,
    /// Imported items of each kind.
    extras: BTreeMap<&'static str, usize>,
    /// `Page.md:line kind side key`, one per miss above and per such item.
    listing: Vec<String>,
    /// The ruler's items found, and stated (mentioned by the page); imported, and right; requests
    /// and responses together.
    found: usize,
    stated: usize,
    imported: usize,
    right: usize,
}

/// The kinds of imported items counted apart, in the order they are tried, and of misses.
const EXTRA_KINDS: [&str; 5] = ["gone", "type", "moved", "wrapper", "untyped"];
const MISS_KINDS: [&str; 7] = ["prose", "elsewhere", "case", "type", "moved", "wrapper", "untyped"];

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
            let entries: Vec<&Value> = oracles.iter().map(|oracle| &oracle[page.as_str()]).collect();
            let sections = layout::read(text);
            let sectioned = layout::sectioned(&sections);
            let sample: Value = action.examples.response.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
            let sides = [(&action.request, Section::Request, "request", "req"), (&action.response, Section::Response, "response", "resp")];
            for (members, section, name, short) in sides {
                let side = Side::new(text, &sectioned, section, &entries, &sample);
                let extra_typed = pairs(&result[format!("{short}_extra")]);
                let missed_typed = pairs(&result[format!("{short}_missed")]);
                let extra: Vec<String> = extra_typed.iter().map(|(key, _)| key.clone()).collect();
                let mut imported: BTreeMap<String, usize> = BTreeMap::new();
                count_names(members, &mut imported);
                // The imported items counted apart, by kind: their misses go with them.
                let mut counted: Vec<(&'static str, &str)> = Vec::new();
                for (key, ty) in &extra_typed {
                    let Some((kind, line)) = side.extra_kind(key, ty, &missed_typed) else { continue };
                    *drift.extras.entry(kind).or_default() += 1;
                    counted.push((kind, key));
                    drift.listing.push(format!("{page}.md:{line} {kind} {name} {key}"));
                }
                for (key, _) in &missed_typed {
                    let Some(kind) = side.miss_kind(key, &counted, &imported, &extra) else { continue };
                    *drift.misses.entry(kind).or_default() += 1;
                    // A miss that goes with an imported item is listed with it.
                    if !EXTRA_KINDS.contains(&kind) {
                        drift.listing.push(format!("{page}.md:{} {kind} {name} {key}", side.line_of(leaf(key))));
                    }
                }
            }
        }
        drift
    }

    fn total(&self) -> usize {
        self.misses.values().sum()
    }

    fn misses(&self, kind: &str) -> usize {
        self.misses.get(kind).copied().unwrap_or(0)
    }

    fn extras(&self, kind: &str) -> usize {
        self.extras.get(kind).copied().unwrap_or(0)
    }

    /// Recall over what the page states: its misses of the kinds above left out.
    fn recall(&self) -> f64 {
        100.0 * self.found as f64 / (self.stated - self.total()).max(1) as f64
    }

    /// Precision over what the page states: the imported items of the kinds above left out.
    fn precision(&self) -> f64 {
        100.0 * self.right as f64 / (self.imported - self.extras.values().sum::<usize>()).max(1) as f64
    }
}

/// One side (request or response) of one page, as the drift rules read it.
struct Side<'a> {
    text: &'a str,
    /// The side's table rows by bare name (`Tag.N.Key` is a `Key` row): line and type cell.
    rows: BTreeMap<String, Vec<(usize, String)>>,
    /// Every name the oracles have on this side, at any path.
    api_names: BTreeSet<String>,
    /// The action's entry in each oracle.
    entries: &'a [&'a Value],
    response: bool,
    /// The page's JSON sample response, or null.
    sample: &'a Value,
}

impl<'a> Side<'a> {
    fn new(text: &'a str, sectioned: &[(Section, &Block)], section: Section, entries: &'a [&'a Value], sample: &'a Value) -> Self {
        let mut rows: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (s, block) in sectioned {
            if let (true, Block::Table(table)) = (*s == section, block) {
                for row in &table.rows {
                    rows.entry(leaf(&row.name).to_string()).or_default().push((row.line, row.ty.clone()));
                }
            }
        }
        let response = section == Section::Response;
        let mut api_names = BTreeSet::new();
        for entry in entries {
            oracle_names(entry, response, &mut api_names);
        }
        Side { text, rows, api_names, entries, response, sample }
    }

    /// Whether a sample of this side shows the name: a response sample's key (`"Name"`,
    /// `<Name>`), a sample request's parameter (`&Name=`, `?Name.1=`).
    fn in_sample(&self, name: &str) -> bool {
        if self.response {
            return self.text.contains(&format!("\"{name}\"")) || self.text.contains(&format!("<{name}>"));
        }
        self.text.match_indices(name).any(|(at, _)| self.text[..at].ends_with(['&', '?']) && self.text[at + name.len()..].starts_with(['=', '.']))
    }

    fn on_page(&self, name: &str) -> bool {
        self.rows.contains_key(name) || self.in_sample(name)
    }

    /// The line of the first row of that name, else of the first line that has it.
    fn line_of(&self, name: &str) -> usize {
        let first_line = || self.text.lines().position(|l| l.contains(name)).map_or(0, |i| i + 1);
        self.rows.get(name).and_then(|rows| rows.first()).map_or_else(first_line, |(line, _)| *line)
    }

    /// Which kind of imported item, wrong for what the page states, this one is, and its line.
    fn extra_kind(&self, key: &str, ty: &str, missed: &[(String, String)]) -> Option<(&'static str, usize)> {
        let leaf_name = leaf(key);
        if let Some(name) = path_names(key).into_iter().find(|name| self.on_page(name) && !self.api_names.contains(*name)) {
            return Some(("gone", self.line_of(name)));
        }
        let stated_type = self.rows.get(leaf_name).is_some_and(|rows| rows.iter().any(|(_, cell)| cell.trim().eq_ignore_ascii_case(ty)));
        if stated_type && missed.iter().any(|(k, t)| k == key && t != ty) {
            return Some(("type", self.line_of(leaf_name)));
        }
        if self.response && shows(self.sample, &path_names(key)) && self.entries.iter().all(|entry| oracle_field(entry, key).is_none()) {
            return Some(("moved", self.line_of(leaf_name)));
        }
        if self.response && self.unstated_wrapper(key, ty) {
            return Some(("wrapper", self.line_of(leaf_name)));
        }
        if ty.starts_with("Array<") && missed.iter().any(|(k, t)| k == key && t == "Array") {
            return Some(("untyped", self.line_of(leaf_name)));
        }
        None
    }

    /// Which kind of miss, not the importer's, this one is: one that goes with an imported item
    /// counted apart (`counted`, by kind and key), or one the page does not state.
    fn miss_kind(&self, key: &str, counted: &[(&'static str, &str)], imported: &BTreeMap<String, usize>, extra: &[String]) -> Option<&'static str> {
        let leaf_name = leaf(key);
        // What the oracle has where a counted item is: the other type, the field where it is
        // now, the wrapper object and its list, the untyped list.
        let with_item = counted.iter().find(|(kind, item)| match *kind {
            "type" => key == *item,
            "moved" => leaf(item) == leaf_name,
            "wrapper" | "untyped" => key == *item || key.strip_prefix(item).is_some_and(|rest| rest.starts_with('.')),
            _ => false,
        });
        if let Some((kind, _)) = with_item {
            return Some(kind);
        }
        let right = right_of(leaf_name, imported, extra);
        let stated = self.rows.get(leaf_name).map_or(0, Vec::len);
        if stated == 0 && !self.in_sample(leaf_name) {
            Some("prose")
        } else if stated > 0 && right >= stated {
            Some("elsewhere")
        } else if imported.keys().any(|n| n != leaf_name && n.eq_ignore_ascii_case(leaf_name) && right_of(n, imported, extra) > 0) {
            Some("case")
        } else {
            None
        }
    }

    /// A plain list imported without the wrapper key the oracle has, where no sample of the page
    /// shows the list holding that key and no row of it follows the list's.
    fn unstated_wrapper(&self, key: &str, ty: &str) -> bool {
        let list = leaf(key);
        let row_after = |wrapper: &str| {
            let after: Vec<usize> = self.rows.get(list).into_iter().flatten().map(|(line, _)| line + 1).collect();
            self.rows.get(wrapper).is_some_and(|rows| rows.iter().any(|(line, _)| after.contains(line)))
        };
        self.entries.iter().filter_map(|entry| oracle_field(entry, key)).any(|node| {
            let children = node["children"].as_array().map_or(&[][..], Vec::as_slice);
            let [wrapped] = children else { return false };
            let wrapper = wrapped["name"].as_str().unwrap_or_default();
            node["type"] == "Object"
                && wrapped["type"] == "Array"
                && ty == format!("Array<{}>", wrapped["item_type"].as_str().unwrap_or("Object"))
                && !sample_wraps(self.text, list, wrapper)
                && !row_after(wrapper)
        })
    }
}

/// Whether a sample shows a value at these names (a list's elements, any of them).
fn shows(value: &Value, names: &[&str]) -> bool {
    match (names.split_first(), value) {
        (None, _) => true,
        (Some((first, rest)), Value::Object(map)) => map.get(*first).is_some_and(|v| shows(v, rest)),
        (Some(_), Value::Array(items)) => items.iter().any(|v| shows(v, names)),
        _ => false,
    }
}

/// Every name of one side of an oracle entry, at every path and depth: parameters and their
/// fields, or response fields and wrappers.
fn oracle_names(entry: &Value, response: bool, out: &mut BTreeSet<String>) {
    fn walk(node: &Value, out: &mut BTreeSet<String>) {
        for child in node["children"].as_array().into_iter().flatten() {
            out.extend(child["name"].as_str().map(String::from));
            walk(child, out);
        }
    }
    if response {
        walk(&entry["response"], out);
        return;
    }
    for parameter in entry["request"].as_array().into_iter().flatten() {
        out.extend(parameter["name"].as_str().into_iter().flat_map(|n| n.split('.')).map(String::from));
        for sub in parameter["sub_parameters"].as_array().into_iter().flatten() {
            out.extend(sub["name"].as_str().into_iter().flat_map(|n| n.split('.')).map(String::from));
        }
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

/// Whether a sample of the page shows `list` holding `wrapper`: `"list": {"wrapper"` or
/// `<list><wrapper>`, whatever the spaces between.
fn sample_wraps(text: &str, list: &str, wrapper: &str) -> bool {
    let json = text.match_indices(&format!("\"{list}\"")).any(|(at, key)| {
        let rest = text[at + key.len()..].trim_start().strip_prefix(':').map(str::trim_start);
        rest.and_then(|r| r.strip_prefix('{')).is_some_and(|r| r.trim_start().starts_with(&format!("\"{wrapper}\"")))
    });
    json || text.match_indices(&format!("<{list}>")).any(|(at, tag)| text[at + tag.len()..].trim_start().starts_with(&format!("<{wrapper}>")))
}

/// The oracle's response field at a ruler key (`Data.List[].Name`).
fn oracle_field<'v>(entry: &'v Value, key: &str) -> Option<&'v Value> {
    path_names(key).into_iter().try_fold(&entry["response"], |node, name| node["children"].as_array()?.iter().find(|child| child["name"] == name))
}

/// The names on a ruler key's path (`Data.List[].Name`, `Tag.N.Key`), outermost first.
fn path_names(key: &str) -> Vec<&str> {
    key.split(['.', '[', ']']).filter(|name| !name.is_empty() && *name != "N").collect()
}

/// The ruler's `[key, type]` pairs.
fn pairs(list: &Value) -> Vec<(String, String)> {
    list.as_array().into_iter().flatten().filter_map(|pair| Some((pair[0].as_str()?.to_string(), pair[1].as_str()?.to_string()))).collect()
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
        let kinds: Vec<String> = MISS_KINDS.iter().map(|kind| format!("{} {kind}", drift.misses(kind))).collect();
        println!("{name}: {} misses the page does not state ({}); recall without them {:.1}", drift.total(), kinds.join(", "), drift.recall());
        let kinds: Vec<String> = EXTRA_KINDS.iter().map(|kind| format!("{} {kind}", drift.extras(kind))).collect();
        println!("{name}: imported items wrong for what the page states: {}; precision without them {:.1}", kinds.join(", "), drift.precision());
        let (precision, recall) = (figure(&summary, "precision"), figure(&summary, "recall"));
        let figures = [
            ("precision", precision, set.precision),
            ("recall", recall, set.recall),
            ("precision over what the pages state", drift.precision(), set.stated_precision),
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
