//! `cargo xtask build-cost`: what each action of a generated crate costs a user's build, as a
//! difference against a baseline measured in the same run (timings on a shared machine are noisy;
//! differences and ratios of interleaved runs much less so).
//!
//! Two scratch crates are generated with the codegen library under `<target>/build-cost/`:
//! `seeds/` from two actions only (the baseline: IoT's two seed actions, or a product's first two by
//! name) and `full/` from every spec. Each has a
//! manifest of its own (a `[workspace]` table, the generated crate's dependencies with the runtime
//! as a path dependency, the root manifest's `[profile.*]` tables) and builds into the workspace's
//! target directory, so dependencies are built once, untimed, and only the crate itself is timed.
//! Both sides are built the same way, in turn within each run, and the median of the runs is kept:
//!
//! 1. clean dev build: `cargo clean -p`, then `cargo build` with `CARGO_INCREMENTAL=0` (what a
//!    crate depending on `aliyun-iot` pays);
//! 2. incremental dev build: after a warm incremental build, one spec edit (the `qps` of the first
//!    baseline action, in memory) is regenerated into the scratch crate and `cargo build` timed;
//! 3. release build: `cargo clean -p --release`, then `cargo build --release`.
//!
//! Other builds share the machine and the target directory: a timed build that had to wait for
//! another cargo's lock (cargo says "Blocking waiting for file lock") or that compiled anything but
//! the scratch crate (someone edited the runtime meanwhile) is measured again.

use crate::workspace_root;
use codegen::spec::{self, Qps, SpecSet};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The baseline of a product that has them (IoT): the crate generated from these actions only;
/// another product's is its first two actions by name. The first is the one whose spec the
/// incremental measure edits (so both sides edit it).
pub(crate) const SEEDS: &[&str] = &["QueryProductList", "ListOTAModuleByProduct"];
/// What cargo prints when another cargo holds a lock it needs.
const LOCK_WAIT: &str = "Blocking waiting for file lock";
/// Disturbed timed builds are measured again, this many times at most.
const MAX_RETRIES: usize = 5;

pub(crate) fn run(flags: crate::flags::BuildCost) -> Result<(), String> {
    // xflags has no defaults: these are the ones the help states.
    let product = flags.product.unwrap_or_else(|| "iot".into());
    let runs = flags.runs.unwrap_or(3);
    let started = Instant::now();
    let root = workspace_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let target_dir = if target_dir.is_absolute() { target_dir } else { root.join(target_dir) };
    let scratch = target_dir.join("build-cost");
    let cargo = Cargo { program: std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()), target_dir };

    let targets = codegen::regenerate::targets(&root)?;
    let crate_dir = Path::new(codegen::regenerate::CRATES_ROOT).join(&product);
    let target =
        targets.iter().find(|t| t.crate_src.parent() == Some(crate_dir.as_path())).ok_or(format!("no product crate {}", crate_dir.display()))?;
    let full_specs = spec::load_in(&root, &target.specs).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("{} error(s) in the specs:\n{}", errors.len(), lines.join("\n"))
    })?;
    let baseline = baseline(&full_specs);
    let seed_specs = subset(&full_specs, &baseline)?;
    let edited = baseline[0].to_string();
    let root_manifest = read(&root.join("Cargo.toml"))?;
    let crate_manifest = read(&root.join(&crate_dir).join("Cargo.toml"))?;
    let mut sides = Vec::new();
    for (label, specs) in [("seeds", seed_specs), ("full", full_specs)] {
        let dir = scratch.join(label);
        let package = format!("build-cost-{label}");
        let manifest = manifest(&package, &root_manifest, &crate_manifest, &root.join(&crate_dir))?;
        let mut side = Side::new(label, package, dir, specs, &edited)?;
        side.write_crate(&root.join(&crate_dir), &root, &manifest)?;
        eprintln!("build-cost: {} ({} actions, {} bytes of src/)", side.dir.display(), side.actions(), side.bytes);
        sides.push(side);
    }
    let [seeds, full] = &mut sides[..] else { unreachable!("two sides") };
    let mut bench = Bench { cargo, runs, redone: 0, disturbed_kept: 0 };

    eprintln!("build-cost: building dependencies (dev, untimed)");
    for side in [&*seeds, &*full] {
        bench.cargo.run(side, &["build"], false)?;
    }
    let clean_dev = bench.measure(Measure::CleanDev, seeds, full)?;
    eprintln!("build-cost: warm incremental builds (untimed)");
    for side in [&*seeds, &*full] {
        bench.cargo.run(side, &["build"], true)?;
    }
    let incremental = bench.measure(Measure::Incremental, seeds, full)?;
    eprintln!("build-cost: building dependencies (release, untimed)");
    for side in [&*seeds, &*full] {
        bench.cargo.run(side, &["build", "--release"], false)?;
    }
    let release = bench.measure(Measure::Release, seeds, full)?;

    let figures = Figures {
        actions: full.actions(),
        seed_actions: seeds.actions(),
        runs,
        times: vec![clean_dev, incremental, release],
        seeds_bytes: seeds.bytes,
        full_bytes: full.bytes,
        redone: bench.redone,
        disturbed_kept: bench.disturbed_kept,
        total: started.elapsed(),
    };
    if flags.json {
        println!("{}", figures.json())
    } else {
        print!("{}", figures.text())
    }
    Ok(())
}

/// The baseline actions: the seeds where the product has them, else its first two by name.
fn baseline(full: &SpecSet) -> Vec<&str> {
    if SEEDS.iter().all(|seed| full.actions.iter().any(|a| a.action == *seed)) {
        return SEEDS.to_vec();
    }
    full.actions.iter().take(2).map(|a| a.action.as_str()).collect()
}

/// The specs of `actions` only, out of a set loaded whole. Loading the whole set first keeps the
/// fixup rules as they are (a fixup for an action without a spec file is a load error, see
/// `codegen::spec::load`, and every fixup must still apply); the fixups of the actions left out
/// are left out with them.
fn subset(full: &SpecSet, actions: &[&str]) -> Result<SpecSet, String> {
    let mut set = full.clone();
    set.actions.retain(|a| actions.contains(&a.action.as_str()));
    set.fixups.by_action.retain(|action, _| actions.contains(&action.as_str()));
    match actions.iter().find(|name| !set.actions.iter().any(|a| a.action == **name)) {
        Some(missing) => Err(format!("no spec for the baseline action `{missing}` in {}", full.dir.display())),
        None => Ok(set),
    }
}

/// One scratch crate.
struct Side {
    label: &'static str,
    package: String,
    dir: PathBuf,
    specs: SpecSet,
    /// Total size of the generated `src/` as first written.
    bytes: u64,
    /// The action the incremental measure edits, the edits made so far and its documented qps.
    edited: String,
    edits: u32,
    base_qps: f64,
}

impl Side {
    fn new(label: &'static str, package: String, dir: PathBuf, specs: SpecSet, edited: &str) -> Result<Side, String> {
        let action = specs.actions.iter().find(|a| a.action == edited).ok_or(format!("no spec for `{edited}`"))?;
        let base_qps = action.qps.map_or(10.0, |q| q.0);
        Ok(Side { label, package, dir, specs, bytes: 0, edited: edited.to_string(), edits: 0, base_qps })
    }

    fn actions(&self) -> usize {
        self.specs.actions.len()
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    /// Writes the manifest, the workspace's lock file (so dependencies resolve to the versions
    /// already built), the crate guide its `lib.rs` includes, and `src/`.
    fn write_crate(&mut self, crate_dir: &Path, root: &Path, manifest: &str) -> Result<(), String> {
        write_if_changed(&self.manifest_path(), manifest)?;
        write_if_changed(&self.dir.join("Cargo.lock"), &read(&root.join("Cargo.lock"))?)?;
        write_if_changed(&self.dir.join("README.md"), &read(&crate_dir.join("README.md"))?)?;
        let files = codegen::generate::generate(&self.specs).map_err(|e| format!("{}: {e}", self.label))?.files;
        self.bytes = files.values().map(|text| text.len() as u64).sum();
        write_src(&self.dir.join("src"), &files)?;
        Ok(())
    }

    /// Edits the spec of the edited action (its qps, differently each time) and regenerates `src/`.
    fn edit_one_spec(&mut self) -> Result<(), String> {
        self.edits += 1;
        let qps = self.base_qps + f64::from(self.edits);
        let edited = &self.edited;
        let action = self.specs.actions.iter_mut().find(|a| a.action == *edited).expect("checked in Side::new");
        action.qps = Some(Qps(qps));
        let files = codegen::generate::generate(&self.specs).map_err(|e| format!("{}: {e}", self.label))?.files;
        match write_src(&self.dir.join("src"), &files)? {
            0 => Err(format!("editing the qps of {} changed no generated file", self.edited)),
            _ => Ok(()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Measure {
    CleanDev,
    Incremental,
    Release,
}

impl Measure {
    fn key(self) -> &'static str {
        match self {
            Measure::CleanDev => "clean_dev",
            Measure::Incremental => "incremental_dev",
            Measure::Release => "release",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Measure::CleanDev => "clean dev build",
            Measure::Incremental => "incremental dev, 1 spec edited",
            Measure::Release => "release build",
        }
    }
}

struct Bench {
    cargo: Cargo,
    runs: usize,
    /// Timed builds measured again because they were disturbed, and disturbed ones kept anyway.
    redone: usize,
    disturbed_kept: usize,
}

impl Bench {
    /// `runs` timings of each side, the sides in turn within a run.
    fn measure(&mut self, measure: Measure, seeds: &mut Side, full: &mut Side) -> Result<Timings, String> {
        let mut timings = Timings { measure, seeds: Vec::new(), full: Vec::new() };
        for run in 1..=self.runs {
            for side in [&mut *seeds, &mut *full] {
                let time = self.time_one(measure, side)?;
                eprintln!("build-cost: {} [run {run}/{}] {}: {:.2} s", measure.label(), self.runs, side.label, time.as_secs_f64());
                if side.label == "seeds" { &mut timings.seeds } else { &mut timings.full }.push(time);
            }
        }
        Ok(timings)
    }

    fn time_one(&mut self, measure: Measure, side: &mut Side) -> Result<Duration, String> {
        let mut attempt = 0;
        loop {
            let (build, incremental): (&[&str], bool) = match measure {
                Measure::CleanDev => {
                    self.cargo.run(side, &["clean", "--package", &side.package], false)?;
                    (&["build"], false)
                }
                Measure::Incremental => {
                    side.edit_one_spec()?;
                    (&["build"], true)
                }
                Measure::Release => {
                    self.cargo.run(side, &["clean", "--release", "--package", &side.package], false)?;
                    (&["build", "--release"], false)
                }
            };
            let run = self.cargo.run(side, build, incremental)?;
            let Some(disturbance) = run.disturbance(&side.package) else { return Ok(run.time) };
            if attempt == MAX_RETRIES {
                eprintln!("build-cost: warning: the build {disturbance} {MAX_RETRIES} times in a row; keeping this timing");
                self.disturbed_kept += 1;
                return Ok(run.time);
            }
            attempt += 1;
            self.redone += 1;
            eprintln!("build-cost: the build {disturbance}; measuring again");
        }
    }
}

struct Cargo {
    program: String,
    target_dir: PathBuf,
}

struct CargoRun {
    time: Duration,
    /// What cargo printed.
    stderr: String,
}

impl CargoRun {
    /// Why the timing is not the scratch crate's alone, if it is not.
    fn disturbance(&self, package: &str) -> Option<String> {
        if self.stderr.contains(LOCK_WAIT) {
            return Some("waited for another cargo's lock".into());
        }
        let others: Vec<&str> = self
            .stderr
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("Compiling ")?.split(' ').next())
            .filter(|name| *name != package)
            .collect();
        (!others.is_empty()).then(|| format!("also compiled {}", others.join(", ")))
    }
}

impl Cargo {
    /// Runs cargo on a scratch crate (from its directory, so cargo reads the same configuration
    /// files as in the workspace) and times it.
    fn run(&self, side: &Side, args: &[&str], incremental: bool) -> Result<CargoRun, String> {
        let mut command = Command::new(&self.program);
        command
            .current_dir(&side.dir)
            .args(args)
            .arg("--manifest-path")
            .arg(side.manifest_path())
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" });
        let start = Instant::now();
        let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
        let time = start.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            let tail: Vec<&str> = stderr.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            return Err(format!("`cargo {}` failed for {} ({}):\n{}", args.join(" "), side.dir.display(), output.status, tail.join("\n")));
        }
        Ok(CargoRun { time, stderr: stderr.into_owned() })
    }
}

/// The timings of one measure.
#[derive(Debug)]
struct Timings {
    measure: Measure,
    seeds: Vec<Duration>,
    full: Vec<Duration>,
}

impl Timings {
    fn seeds_ms(&self) -> f64 {
        ms(median(&self.seeds))
    }

    fn full_ms(&self) -> f64 {
        ms(median(&self.full))
    }
}

#[derive(Debug)]
struct Figures {
    actions: usize,
    seed_actions: usize,
    runs: usize,
    times: Vec<Timings>,
    seeds_bytes: u64,
    full_bytes: u64,
    redone: usize,
    disturbed_kept: usize,
    total: Duration,
}

impl Figures {
    fn per_action(&self, seeds: f64, full: f64) -> Option<f64> {
        per_action(seeds, full, self.seed_actions, self.actions)
    }

    fn text(&self) -> String {
        let (n, s) = (self.actions, self.seed_actions);
        let mut out = format!("build cost of the generated crate: {n} actions vs {s} seed actions, median of {} run(s)\n", self.runs);
        let seeds_col = format!("seeds ({s})");
        let full_col = format!("full ({n})");
        let _ = writeln!(out, "{:<32}{seeds_col:>12}{full_col:>12}{:>20}", "", "per extra action");
        for t in &self.times {
            let per = self.per_action(t.seeds_ms(), t.full_ms()).map_or("n/a".into(), |v| format!("{v:.1} ms"));
            let _ = writeln!(out, "{:<32}{:>10.2} s{:>10.2} s{per:>20}", t.measure.label(), t.seeds_ms() / 1e3, t.full_ms() / 1e3);
        }
        let (sb, fb) = (self.seeds_bytes as f64, self.full_bytes as f64);
        let per = self.per_action(sb, fb).map_or("n/a".into(), |v| format!("{v:.0} B"));
        let _ = writeln!(out, "{:<32}{:>12}{:>12}{per:>20}", "generated src/ bytes", self.seeds_bytes, self.full_bytes);
        let _ = writeln!(out, "{:<32}{:>12.0}{:>12.0}", "generated src/ bytes per action", sb / s as f64, fb / n as f64);
        if self.redone + self.disturbed_kept > 0 {
            let _ = writeln!(
                out,
                "timings redone (another cargo's lock, or other crates compiled): {}; kept though disturbed: {}",
                self.redone, self.disturbed_kept
            );
        }
        let _ = writeln!(out, "whole run: {:.0} s", self.total.as_secs_f64());
        out
    }

    fn json(&self) -> String {
        let number = |v: Option<f64>| v.map_or("null".into(), |v| format!("{v:.1}"));
        let list = |times: &[Duration]| times.iter().map(|t| format!("{:.1}", ms(*t))).collect::<Vec<_>>().join(", ");
        let mut measures = Vec::new();
        for t in &self.times {
            measures.push(format!(
                "    \"{}\": {{\"seeds_ms\": {:.1}, \"full_ms\": {:.1}, \"per_action_ms\": {}, \"seeds_runs_ms\": [{}], \"full_runs_ms\": [{}]}}",
                t.measure.key(),
                t.seeds_ms(),
                t.full_ms(),
                number(self.per_action(t.seeds_ms(), t.full_ms())),
                list(&t.seeds),
                list(&t.full),
            ));
        }
        let (sb, fb) = (self.seeds_bytes as f64, self.full_bytes as f64);
        format!(
            "{{\n  \"actions\": {},\n  \"seed_actions\": {},\n  \"runs\": {},\n  \"measures\": {{\n{}\n  }},\n  \"src_bytes\": {{\"seeds\": {}, \"full\": {}, \"seeds_per_action\": {:.1}, \"full_per_action\": {:.1}, \"per_extra_action\": {}}},\n  \"redone\": {},\n  \"disturbed_kept\": {},\n  \"total_s\": {:.1}\n}}",
            self.actions,
            self.seed_actions,
            self.runs,
            measures.join(",\n"),
            self.seeds_bytes,
            self.full_bytes,
            sb / self.seed_actions as f64,
            fb / self.actions as f64,
            number(self.per_action(sb, fb)),
            self.redone,
            self.disturbed_kept,
            self.total.as_secs_f64(),
        )
    }
}

/// The middle timing (the mean of the two middle ones for an even count).
fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What each action beyond the baseline's adds: `(full - seeds) / (actions - seed_actions)`;
/// `None` when the full crate has no more actions than the baseline.
fn per_action(seeds: f64, full: f64, seed_actions: usize, actions: usize) -> Option<f64> {
    (actions > seed_actions).then(|| (full - seeds) / (actions - seed_actions) as f64)
}

/// The scratch crate's manifest: a package of its own name, the generated crate's `[dependencies]`
/// (`x.workspace = true` resolved from the root manifest's `[workspace.dependencies]`, relative
/// paths made absolute against `crate_dir`), its edition, a `[workspace]` table of its own, and the
/// root manifest's `[profile.*]` tables verbatim. Manifests are read line by line: dependencies
/// and tables written the way this workspace writes them (one line per dependency).
fn manifest(package: &str, root_manifest: &str, crate_manifest: &str, crate_dir: &Path) -> Result<String, String> {
    let root = sections(root_manifest);
    let krate = sections(crate_manifest);
    let table = |sections: &[(String, Vec<String>)], name: &str| -> Vec<String> {
        sections.iter().filter(|(header, _)| header == name).flat_map(|(_, lines)| lines.clone()).collect()
    };
    let package_table = table(&krate, "[package]");
    let edition = match (value(&package_table, "edition"), value(&package_table, "edition.workspace")) {
        (Some(edition), _) => edition,
        (None, Some(_)) => value(&table(&root, "[workspace.package]"), "edition").ok_or("the root manifest has no [workspace.package] edition")?,
        (None, None) => "\"2015\"".into(),
    };
    let workspace_deps = table(&root, "[workspace.dependencies]");
    let mut deps = Vec::new();
    for line in table(&krate, "[dependencies]") {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once('=').ok_or(format!("cannot read the dependency line `{line}`"))?;
        let key = key.trim();
        if let Some(name) = key.strip_suffix(".workspace") {
            let spec = value(&workspace_deps, name).ok_or(format!("`{name}` is not in the root manifest's [workspace.dependencies]"))?;
            deps.push(format!("{name} = {spec}"));
        } else if rest.contains("workspace") {
            return Err(format!("cannot read the dependency line `{line}` (write `{key}.workspace = true`)"));
        } else {
            deps.push(format!("{key} ={}", absolute_paths(rest, crate_dir)));
        }
    }
    let mut out = format!(
        "# Written by `cargo xtask build-cost`: the generated crate as a scratch crate of its own.\n\
         [package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = {edition}\npublish = false\n\n\
         [dependencies]\n{}\n\n[workspace]\n",
        deps.join("\n")
    );
    for (header, lines) in &root {
        if header.starts_with("[profile.") {
            let _ = write!(out, "\n{header}\n{}", lines.iter().map(|l| format!("{l}\n")).collect::<String>());
        }
    }
    Ok(out)
}

/// The tables of a manifest in file order, by header (`[profile.dev]`), each with its lines (blank
/// ones dropped); lines before the first header are under `""`.
fn sections(text: &str) -> Vec<(String, Vec<String>)> {
    let mut sections = vec![(String::new(), Vec::new())];
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && !trimmed.starts_with("[[") && trimmed.ends_with(']') {
            sections.push((trimmed.to_string(), Vec::new()));
        } else if !trimmed.is_empty() {
            sections.last_mut().expect("never empty").1.push(line.to_string());
        }
    }
    sections
}

/// The value text of `key = value` among a table's lines.
fn value(lines: &[String], key: &str) -> Option<String> {
    lines.iter().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// `path = "../runtime"` -> `path = "/abs/runtime"` (relative to `base`), lexically normalized.
fn absolute_paths(spec: &str, base: &Path) -> String {
    let Some(start) = spec.find("path = \"") else { return spec.to_string() };
    let from = start + "path = \"".len();
    let Some(len) = spec[from..].find('"') else { return spec.to_string() };
    let relative = &spec[from..from + len];
    if Path::new(relative).is_absolute() {
        return spec.to_string();
    }
    let mut path = PathBuf::new();
    for component in base.join(relative).components() {
        match component {
            Component::ParentDir => {
                path.pop();
            }
            Component::CurDir => {}
            other => path.push(other),
        }
    }
    let escaped = path.to_string_lossy().replace('\\', "\\\\").replace('"', "\\\"");
    format!("{}{escaped}{}", &spec[..from], &spec[from + len..])
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes `content` unless the file already holds it (so cargo sees no change); true if written.
fn write_if_changed(path: &Path, content: &str) -> Result<bool, String> {
    if std::fs::read_to_string(path).is_ok_and(|current| current == content) {
        return Ok(false);
    }
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    std::fs::write(path, content).map_err(fail)?;
    Ok(true)
}

/// Makes `src` hold exactly `files`; returns how many files were written or removed.
fn write_src(src: &Path, files: &BTreeMap<PathBuf, String>) -> Result<usize, String> {
    let mut changed = 0;
    for (name, content) in files {
        changed += usize::from(write_if_changed(&src.join(name), content)?);
    }
    for stale in files_under(src).into_iter().filter(|p| p.strip_prefix(src).is_ok_and(|rel| !files.contains_key(rel))) {
        std::fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        changed += 1;
    }
    Ok(changed)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        match entry.file_type() {
            Ok(t) if t.is_dir() => found.extend(files_under(&entry.path())),
            Ok(_) => found.push(entry.path()),
            Err(_) => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &[f64]) -> Vec<Duration> {
        s.iter().map(|s| Duration::from_secs_f64(*s)).collect()
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&secs(&[3.0, 1.0, 2.0])), Duration::from_secs(2));
        assert_eq!(median(&secs(&[9.0])), Duration::from_secs(9));
        assert_eq!(median(&secs(&[4.0, 1.0, 2.0, 10.0])), Duration::from_secs(3));
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[test]
    fn per_action_is_the_difference_over_the_extra_actions() {
        assert_eq!(per_action(1000.0, 6200.0, 2, 54), Some(100.0));
        assert_eq!(per_action(1000.0, 900.0, 2, 4), Some(-50.0));
        assert_eq!(per_action(1000.0, 1000.0, 2, 2), None);
    }

    const ROOT: &str = r#"[workspace]
members = ["runtime", "generated"]

[workspace.package]
edition = "2024"

[workspace.dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
"#;

    const CRATE: &str = r#"[package]
name = "aliyun-iot"
edition.workspace = true

[dependencies]
aliyun-rpc-runtime = { path = "../runtime", version = "0.1.0" }
# a comment
serde.workspace = true
serde_json.workspace = true

[dev-dependencies]
tokio = { workspace = true }
"#;

    #[test]
    fn scratch_manifest() {
        let text = manifest("build-cost-full", ROOT, CRATE, Path::new("/work/ws/generated")).unwrap();
        let expected = r#"# Written by `cargo xtask build-cost`: the generated crate as a scratch crate of its own.
[package]
name = "build-cost-full"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
aliyun-rpc-runtime = { path = "/work/ws/runtime", version = "0.1.0" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
"#;
        assert_eq!(text, expected);
    }

    #[test]
    fn scratch_manifest_needs_workspace_dependencies() {
        let err = manifest("x", "[workspace.package]\nedition = \"2024\"\n", CRATE, Path::new("/g")).unwrap_err();
        assert!(err.contains("`serde` is not in the root manifest"), "{err}");
    }

    /// The real manifests read: the one thing the xtask cannot check before building.
    #[test]
    fn scratch_manifest_of_this_workspace() {
        let root = workspace_root();
        let text = manifest(
            "p",
            &read(&root.join("Cargo.toml")).unwrap(),
            &read(&root.join(crate::CRATE_DIR).join("Cargo.toml")).unwrap(),
            &root.join(crate::CRATE_DIR),
        )
        .unwrap();
        assert!(text.contains("\n[workspace]\n"), "{text}");
        assert!(text.contains(&format!("path = \"{}\"", root.join("runtime").display())), "{text}");
        assert!(text.contains("[profile.dev]"), "{text}");
    }

    #[test]
    fn seed_subset_keeps_only_the_seeds_and_their_fixups() {
        let full = spec::load_in(&workspace_root(), Path::new(crate::SPEC_DIR)).expect("the specs load");
        assert_eq!(baseline(&full), SEEDS);
        let seeds = subset(&full, SEEDS).unwrap();
        let mut names: Vec<&str> = seeds.actions.iter().map(|a| a.action.as_str()).collect();
        names.sort();
        assert_eq!(names, ["ListOTAModuleByProduct", "QueryProductList"]);
        assert!(seeds.fixups.by_action.keys().all(|a| SEEDS.contains(&a.as_str())));
        assert!(codegen::generate::generate(&seeds).is_ok());
        assert!(subset(&full, &["NoSuchAction"]).is_err());
    }

    #[test]
    fn disturbed_builds() {
        let run = |stderr: &str| CargoRun { time: Duration::ZERO, stderr: stderr.into() };
        let own = "   Compiling build-cost-full v0.1.0 (/t/full)\n    Finished `dev` profile";
        assert_eq!(run(own).disturbance("build-cost-full"), None);
        let other = "   Compiling aliyun-rpc-runtime v0.1.0 (/w/runtime)\n".to_string() + own;
        assert_eq!(run(&other).disturbance("build-cost-full"), Some("also compiled aliyun-rpc-runtime".into()));
        let lock = "    Blocking waiting for file lock on build directory\n".to_string() + own;
        assert!(run(&lock).disturbance("build-cost-full").unwrap().contains("lock"));
    }

    #[test]
    fn json_and_text_figures() {
        let figures = Figures {
            actions: 54,
            seed_actions: 2,
            runs: 1,
            times: vec![Timings { measure: Measure::CleanDev, seeds: secs(&[1.0]), full: secs(&[6.2]) }],
            seeds_bytes: 20_000,
            full_bytes: 332_000,
            redone: 0,
            disturbed_kept: 0,
            total: Duration::from_secs(60),
        };
        let json = figures.json();
        assert!(json.contains("\"clean_dev\": {\"seeds_ms\": 1000.0, \"full_ms\": 6200.0, \"per_action_ms\": 100.0,"), "{json}");
        assert!(json.contains("\"per_extra_action\": 6000.0"), "{json}");
        assert!(json.contains("\"seeds_per_action\": 10000.0"), "{json}");
        let text = figures.text();
        assert!(text.contains("100.0 ms"), "{text}");
        assert!(text.contains("6000 B"), "{text}");
    }
}
