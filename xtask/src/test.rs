//! `cargo xtask test`: everything CI checks, in one command that does its own set-up.
//!
//! 1. `cargo fmt --all --check` (generated files opt out of rustfmt: they are prettyplease's);
//! 2. clippy and `cargo doc`, warnings denied, on every crate, generated ones included;
//! 3. a Python environment with the official SDKs under `target/python-sdk/` (reused when it is
//!    there), for the interop tests, which run the interpreter named by `ALIYUN_IOT_PYTHON`;
//! 4. the whole test suite, doc tests included: cargo-nextest when installed, else `cargo test`.
//!    Its drift test (`generated_code_is_up_to_date` in `tests/tests/drift.rs`) is what checks
//!    that the generated code matches the specs, so `regenerate --check` is not a step of its own;
//! 5. every example of the `examples` crate (`examples/<product>/`) with `--emulator`;
//! 6. `cargo package --workspace`: every crate packages and builds from its tarball.
//!
//! Every step runs even when one before it failed; the summary lists each step's outcome. A check
//! that cannot run fails, saying what is missing; `ALIYUN_IOT_TEST_SKIP` (see `cargo xtask test
//! --help`, declared in `flags.rs`) is the only way to skip one, and a skip is printed.

use crate::workspace_root;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The official Python SDKs the interop tests run, one per product of the workspace, pinned so
/// that a new release cannot change a run: `(requirement, module the tests import)`.
const PYTHON_SDKS: &[(&str, &str)] = &[
    ("alibabacloud-iot20180120==5.1.0", "alibabacloud_iot20180120.client"),
    ("alibabacloud-linkvisual20180120==2.3.0", "alibabacloud_linkvisual20180120.client"),
    ("alibabacloud-ecs20140526==7.11.8", "alibabacloud_ecs20140526.client"),
];
/// What may be skipped, and what it skips.
const SKIPPABLE: &[(&str, &str)] = &[
    ("fmt", "the format check"),
    ("python-sdk", "the interop tests with the official Python SDK"),
    ("shared", "the tests that read ../shared (they say so as they pass)"),
];
/// The longest an example may take against the emulator.
const EXAMPLE_TIMEOUT: Duration = Duration::from_secs(120);

pub(crate) fn run() -> Result<(), String> {
    let skip = Skip::from_env()?;
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut run = Run { root: root.clone(), cargo, steps: Vec::new() };
    let started = Instant::now();

    for (item, what) in SKIPPABLE {
        if skip.has(item) {
            println!("SKIPPED {what}: ALIYUN_IOT_TEST_SKIP={item}");
        }
    }
    let shared = root.join("../shared");
    if !skip.has("shared") && !shared.join("api-docs").is_dir() {
        println!(
            "warning: no shared data at {} (api-docs/, corpus/): the tests that read it will fail; put it beside the checkout, \
             or set ALIYUN_IOT_TEST_SKIP=shared",
            shared.display()
        );
    }

    // 1. Hand-written code is rustfmt-formatted (rustfmt.toml); generated code is prettyplease's.
    if skip.has("fmt") {
        run.skipped("format check", "ALIYUN_IOT_TEST_SKIP=fmt");
    } else {
        run.step("format check", |run| run.format_check());
    }
    // 2. Lints and documentation, generated crates included, with warnings denied.
    run.step("clippy -D warnings", |run| run.cargo(&["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], &[]));
    // Published crates as docs.rs shows them; the unpublished ones with their private items, which
    // is how their readers browse them.
    let internal = ["aliyun-rpc-codegen", "xtask", "workspace-tests", "codegen-fixture-client", "examples"];
    run.step("cargo doc -D warnings", |run| {
        let deny = [("RUSTDOCFLAGS", OsString::from("-D warnings"))];
        let mut published = vec!["doc", "--workspace", "--no-deps", "--all-features"];
        internal.iter().for_each(|name| published.extend(["--exclude", name]));
        let mut unpublished = vec!["doc", "--no-deps", "--all-features", "--document-private-items"];
        internal.iter().for_each(|name| unpublished.extend(["-p", name]));
        let private_links = [("RUSTDOCFLAGS", OsString::from("-D warnings -A rustdoc::private-intra-doc-links"))];
        run.cargo(&published, &deny).and(run.cargo(&unpublished, &private_links))
    });
    // 3. The official Python SDK, in an environment of its own.
    let python = if skip.has("python-sdk") {
        run.skipped("Python SDK interop tests", "ALIYUN_IOT_TEST_SKIP=python-sdk");
        None
    } else {
        let target_dir = run.target_dir();
        let mut python = None;
        run.step("Python SDK set-up", |_| {
            python = Some(python_environment(&target_dir.join("python-sdk"))?);
            Ok(())
        });
        python
    };
    let python_env: Vec<(&str, OsString)> = match &python {
        Some(python) => python.env(),
        None => Vec::new(),
    };
    // 4. The test suite, doc tests included, the drift test among them. Without the SDK
    //    environment, the interop tests run with `python3` and fail, naming what is missing,
    //    unless they are skipped.
    if nextest_installed(&run.cargo) {
        let mut args = vec!["nextest", "run", "--workspace", "--all-features", "--no-fail-fast"];
        if skip.has("python-sdk") {
            args.extend(["-E", "not binary(python_sdk_interop)"]);
        }
        run.step("tests (cargo-nextest)", |run| run.cargo(&args, &python_env));
        run.step("doc tests", |run| run.cargo(&["test", "--workspace", "--all-features", "--doc"], &python_env));
    } else {
        println!("cargo-nextest is not installed: the tests run with `cargo test` (`cargo install --locked cargo-nextest` for nextest)");
        let mut args = vec!["test", "--workspace", "--all-features", "--no-fail-fast"];
        if skip.has("python-sdk") {
            args.extend(["--", "--skip", "the_official_python_sdk"]);
        }
        run.step("tests, doc tests included (cargo test)", |run| run.cargo(&args, &python_env));
    }
    // 5. Every example against the emulator, built as the tests built them (the same features, so
    //    nothing is rebuilt), and run as built.
    let mut built = Vec::new();
    run.step("examples build", |run| {
        built = run.build_examples()?;
        Ok(())
    });
    let mut names = Vec::new();
    for dir in product_dirs(&root.join("examples"))? {
        names.extend(examples(&dir)?);
    }
    if names.is_empty() {
        run.step("examples", |_| Err("no example found under examples/<product>/".into()));
    }
    for example in names {
        let executable = built.iter().find(|path| path.file_stem().is_some_and(|stem| stem == example.as_str()));
        run.step(&format!("example {example} --emulator"), |_| match executable {
            Some(executable) => run_example(executable),
            None => Err("not built".into()),
        });
    }

    // 6. Every crate packages, and builds from its tarball as a user would get it.
    run.step("cargo package --workspace", |run| {
        run.forget_unpacked_workspace_crates()?;
        run.cargo(&["package", "--workspace", "--allow-dirty"], &[])
    });

    if skip.has("shared") {
        run.skipped("tests that read ../shared", "ALIYUN_IOT_TEST_SKIP=shared (each says so on its stderr)");
    }
    println!("\ncargo xtask test: {:.0} s", started.elapsed().as_secs_f64());
    let mut failed = 0;
    for step in &run.steps {
        println!("  {:<8} {:<48} {}", step.outcome.label(), step.name, step.detail());
        failed += matches!(step.outcome, Outcome::Failed(_)) as usize;
    }
    // The closing line, in the form test runners close with.
    let passed = run.steps.iter().filter(|step| matches!(step.outcome, Outcome::Ok)).count();
    println!("steps: {passed} passed, {failed} failed");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} step(s) failed")) }
}

/// `ALIYUN_IOT_TEST_SKIP`, checked: an unknown item is an error, not a silent no-op.
struct Skip(Vec<String>);

impl Skip {
    fn from_env() -> Result<Skip, String> {
        let list = std::env::var("ALIYUN_IOT_TEST_SKIP").unwrap_or_default();
        let items: Vec<String> = list.split(',').map(str::trim).filter(|item| !item.is_empty()).map(String::from).collect();
        for item in &items {
            if !SKIPPABLE.iter().any(|(known, _)| known == item) {
                let known: Vec<&str> = SKIPPABLE.iter().map(|(known, _)| *known).collect();
                return Err(format!("ALIYUN_IOT_TEST_SKIP: unknown item `{item}` (known: {})", known.join(", ")));
            }
        }
        Ok(Skip(items))
    }

    fn has(&self, item: &str) -> bool {
        self.0.iter().any(|i| i == item)
    }
}

enum Outcome {
    Ok,
    Failed(String),
    Skipped(String),
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed(_) => "FAILED",
            Outcome::Skipped(_) => "SKIPPED",
        }
    }
}

struct Step {
    name: String,
    outcome: Outcome,
    time: Duration,
}

impl Step {
    fn detail(&self) -> String {
        match &self.outcome {
            Outcome::Ok => format!("{:.1} s", self.time.as_secs_f64()),
            Outcome::Failed(why) => format!("{:.1} s: {}", self.time.as_secs_f64(), why.lines().next().unwrap_or_default()),
            Outcome::Skipped(why) => why.clone(),
        }
    }
}

struct Run {
    root: PathBuf,
    cargo: String,
    steps: Vec<Step>,
}

impl Run {
    fn step(&mut self, name: &str, body: impl FnOnce(&mut Run) -> Result<(), String>) {
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = match body(self) {
            Ok(()) => Outcome::Ok,
            Err(why) => {
                eprintln!("FAILED {name}: {why}");
                Outcome::Failed(why)
            }
        };
        self.steps.push(Step { name: name.to_string(), outcome, time: started.elapsed() });
    }

    fn skipped(&mut self, name: &str, why: &str) {
        self.steps.push(Step { name: name.to_string(), outcome: Outcome::Skipped(why.to_string()), time: Duration::ZERO });
    }

    fn target_dir(&self) -> PathBuf {
        let dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| self.root.join("target"));
        if dir.is_absolute() { dir } else { self.root.join(dir) }
    }

    /// Runs cargo from the workspace root, its output going to the terminal.
    fn cargo(&self, args: &[&str], env: &[(&str, OsString)]) -> Result<(), String> {
        let mut command = Command::new(&self.cargo);
        command.current_dir(&self.root).args(args);
        command.envs(env.iter().map(|(name, value)| (name, value)));
        status(command, &format!("cargo {}", args.join(" ")))
    }

    /// Removes what earlier `cargo package` runs unpacked of the workspace's own crates into
    /// `$CARGO_HOME/registry/src/`. Cargo unpacks each packaged crate there to build its
    /// dependents and reuses an unpacked crate of the same name and version as it is, so after a
    /// change without a version bump the dependents would build against the old sources.
    fn forget_unpacked_workspace_crates(&self) -> Result<(), String> {
        let output = Command::new(&self.cargo)
            .current_dir(&self.root)
            .args(["metadata", "--no-deps", "--format-version", "1"])
            .output()
            .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
        let unpacked: Vec<String> = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some(format!("{}-{}", p["name"].as_str()?, p["version"].as_str()?)))
            .collect();
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
            .ok_or("neither CARGO_HOME nor HOME is set")?;
        let Ok(registries) = std::fs::read_dir(cargo_home.join("registry").join("src")) else { return Ok(()) };
        for registry in registries.flatten() {
            for name in &unpacked {
                let dir = registry.path().join(name);
                if dir.is_dir() {
                    std::fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
                }
            }
        }
        Ok(())
    }

    fn format_check(&self) -> Result<(), String> {
        let installed = Command::new(&self.cargo).args(["fmt", "--version"]).output().is_ok_and(|output| output.status.success());
        if !installed {
            return Err("rustfmt is not installed: `rustup component add rustfmt`, or set ALIYUN_IOT_TEST_SKIP=fmt".into());
        }
        // Generated files opt out (`rustfmt::skip`): prettyplease formats them.
        self.cargo(&["fmt", "--all", "--check"], &[]).map_err(|why| format!("{why}; `cargo fmt --all` formats the workspace"))
    }

    /// Builds every example of the workspace, with every feature as the tests do; their executables.
    fn build_examples(&self) -> Result<Vec<PathBuf>, String> {
        let args = ["build", "--workspace", "--all-features", "--examples", "--message-format", "json-render-diagnostics"];
        let output = Command::new(&self.cargo)
            .current_dir(&self.root)
            .args(args)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            return Err(format!("`cargo {}` failed ({})", args.join(" "), output.status));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        Ok(stdout
            .lines()
            .filter(|line| line.contains(r#""kind":["example"]"#))
            .filter_map(|line| json_string(line, "executable"))
            .map(PathBuf::from)
            .collect())
    }
}

/// Runs an example against the emulator, its output indented below the step.
fn run_example(executable: &Path) -> Result<(), String> {
    let child = Command::new(executable)
        .arg("--emulator")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
    let output = wait_with_timeout(child, EXAMPLE_TIMEOUT)?;
    for line in String::from_utf8_lossy(&output.stdout).lines().chain(String::from_utf8_lossy(&output.stderr).lines()) {
        println!("    {line}");
    }
    if output.status.success() { Ok(()) } else { Err(format!("the example exited with {}", output.status)) }
}

/// The string value of `"key":"..."` in a line of cargo's JSON messages (unescaped), if there is one.
fn json_string(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!(r#""{key}":""#))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let code: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

fn status(mut command: Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("cannot run `{what}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{what}` failed ({status})")) }
}

/// Waits for `child`, killing it after `timeout`; reads its output meanwhile, so it never blocks on a full pipe.
fn wait_with_timeout(mut child: Child, timeout: Duration) -> Result<Output, String> {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("cannot wait for the example: {e}"))? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no answer after {} s: stopped", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() })
}

/// The folders of the `examples` crate, one per product (`examples/iot`), sorted.
fn product_dirs(examples: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(examples).map_err(|e| format!("{}: {e}", examples.display()))?;
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|d| d.is_dir()).collect();
    dirs.sort();
    Ok(dirs)
}

/// The examples of a product's folder: `NAME.rs` and `NAME/main.rs` (a directory without
/// `main.rs`, like `common/`, is code the examples share).
fn examples(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if path.extension().is_some_and(|x| x == "rs") || path.join("main.rs").is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

fn nextest_installed(cargo: &str) -> bool {
    Command::new(cargo).args(["nextest", "--version"]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// A Python interpreter that imports the official SDK.
#[derive(Clone)]
struct Python {
    interpreter: PathBuf,
    /// Set when the SDK was installed with `pip --target` (no `venv` module here).
    path: Option<PathBuf>,
}

impl Python {
    /// What the tests' environment needs: the interpreter, and where the SDK is if not in it.
    fn env(&self) -> Vec<(&'static str, OsString)> {
        let mut env = vec![("ALIYUN_IOT_PYTHON", self.interpreter.clone().into_os_string())];
        if let Some(path) = &self.path {
            let mut paths = vec![path.clone()];
            paths.extend(std::env::var_os("PYTHONPATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default());
            env.push(("PYTHONPATH", std::env::join_paths(paths).unwrap_or_default()));
        }
        env
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.interpreter);
        command.envs(self.env());
        command
    }

    /// Whether every pinned SDK imports, at its pinned version.
    fn has_sdk(&self) -> bool {
        PYTHON_SDKS.iter().all(|(requirement, module)| {
            let (package, version) = requirement.split_once("==").unwrap_or((requirement, ""));
            let check = format!("import importlib.metadata, {module}; assert importlib.metadata.version('{package}') == '{version}'");
            self.command().args(["-c", &check]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
        })
    }
}

/// A virtual environment in `dir/venv` with the SDK, made on the first run and reused after;
/// without Python's `venv` module, the SDK installed with `pip --target` into `dir/site`.
fn python_environment(dir: &Path) -> Result<Python, String> {
    let bin = if cfg!(windows) { "Scripts/python.exe" } else { "bin/python" };
    let venv = Python { interpreter: dir.join("venv").join(bin), path: None };
    let base = if cfg!(windows) { "python" } else { "python3" };
    let site = Python { interpreter: PathBuf::from(base), path: Some(dir.join("site")) };
    let requirements: Vec<&str> = PYTHON_SDKS.iter().map(|(requirement, _)| *requirement).collect();
    let sdks = requirements.join(" ");
    for python in [&venv, &site] {
        if (python.path.is_some() || python.interpreter.is_file()) && python.path.as_ref().is_none_or(|p| p.is_dir()) && python.has_sdk() {
            println!("reusing {} ({sdks})", python.path.as_ref().unwrap_or(&python.interpreter).display());
            return Ok(python.clone());
        }
    }
    let version = Command::new(base).arg("--version").output();
    if !version.is_ok_and(|output| output.status.success()) {
        return Err(format!(
            "`{base}` is not installed: install Python 3 with pip (e.g. `apt-get install python3 python3-pip python3-venv`), \
             or set ALIYUN_IOT_TEST_SKIP=python-sdk to skip the interop tests"
        ));
    }
    let pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"];
    let how = "the interop tests need it (ALIYUN_IOT_TEST_SKIP=python-sdk skips them)";
    let venv_made = Command::new(base).args(["-m", "venv", "--clear"]).arg(dir.join("venv")).status().is_ok_and(|s| s.success());
    let venv_has_pip = venv_made && Command::new(&venv.interpreter).args(["-m", "pip", "--version"]).output().is_ok_and(|o| o.status.success());
    let python = if venv_has_pip {
        println!("installing {sdks} into {}", dir.join("venv").display());
        let mut install = venv.command();
        install.args(pip).args(&requirements);
        status(install, &format!("pip install {sdks}")).map_err(|why| format!("{why}: {how}"))?;
        venv
    } else {
        let target = dir.join("site");
        println!("no usable `{base} -m venv` here: installing {sdks} with pip --target {}", target.display());
        let _ = std::fs::remove_dir_all(&target);
        let mut install = Command::new(base);
        install.args(pip).arg("--target").arg(&target).args(&requirements);
        status(install, &format!("{base} -m pip install --target {} {sdks}", target.display()))
            .map_err(|why| format!("{why}: {how}; without pip, install python3-pip (or python3-venv)"))?;
        site
    };
    if !python.has_sdk() {
        return Err(format!("{sdks} were installed but do not all import with {}", python.interpreter.display()));
    }
    Ok(python)
}
