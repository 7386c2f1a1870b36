//! The command line of `cargo xtask`, declared once: xflags generates the parser and the help text
//! from the declaration below, so what `--help` says and what is accepted cannot drift apart.
//!
//! Each `cmd` becomes a struct named after it (`add-product` -> `AddProduct`), with a field per
//! flag (`--facts-only` -> `facts_only`) and per positional argument: `optional` without a value is
//! a `bool`, with one an `Option`, `repeated` a `Vec`. What xflags cannot state (a list that must
//! not be empty, a value that must not be empty) is checked in [`parse`], so every argument error
//! is reported the same way, with the command's help.

use crate::fetch_metadata::Lang;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

xflags::xflags! {
    /// The developer commands of this workspace.
    cmd xtask {
        /// Generate the product crates' code and the emulator's tables from api-specs/.
        ///
        /// Writes generated/<product>/src and emulator/src/products/, and prints what changes for
        /// users of the generated crates.
        cmd regenerate {
            /// Write nothing; fail if the generated code differs from what the specs generate.
            optional --check
            /// Also write the API change report into CHANGELOG.md (Unreleased).
            optional --changelog
        }

        /// Import documentation pages or API metadata into action specs.
        ///
        /// Each FILE is an action's documentation page (markdown, or a web page's text in any
        /// layout; `-` reads stdin), or the API portal's metadata (api-docs.json, recognised by
        /// its content) for every action it documents. Writes <dir>/<Action>.yaml and reports,
        /// per action, what it found, every warning (a doubt, at its page line) and every note
        /// (what the page's sample settled). Re-importing keeps what the import does not state
        /// and the file's form; an unchanged import leaves the file untouched.
        cmd import {
            /// A documentation page (`-`: stdin) or API metadata; at least one.
            repeated file: String
            /// Write the specs into dir (default: metadata into its product's
            /// api-specs/<product>/<version>/actions, pages into api-specs/iot/2018-01-20/actions).
            optional --out dir: PathBuf
            /// Warnings are errors: nothing is written for an action that has any.
            optional --strict
            /// Leave out the prose (summaries, descriptions, messages); keep every fact.
            optional --facts-only
            /// The page's URL, recorded as `source` (one page at a time).
            optional --source url: String
            /// Read FILE as API metadata whatever its content.
            optional --metadata
            /// With metadata: import only this action (repeatable); with a page that does not
            /// name its action: its name (else the file's name, if it is one).
            repeated --action name: String
        }

        /// Add or refresh a product from its API metadata: specs, crate and emulator tables.
        ///
        /// From its API documentation metadata (api-docs.json, the Chinese or English edition, or
        /// both for one product version), writes the action specs under
        /// api-specs/<product>/<version>/ (facts only), product.yaml, the crate generated/<product>
        /// (aliyun-<product>) and the emulator's tables. Nothing is written unless every step
        /// succeeds. Get the metadata with `cargo xtask fetch-metadata`.
        cmd add-product {
            /// The product's api-docs.json, one file per edition; at least one.
            repeated file: String
        }

        /// Download a product's API metadata (api-docs.json) from the API portal.
        ///
        /// The file is written only if the portal answers 200 with RPC metadata for that product
        /// and version (ROA/REST products are refused: only RPC products are supported), through
        /// a temporary file, so a failed download never leaves half a file or replaces a previous
        /// one. Then `cargo xtask add-product FILE` creates or refreshes the product crate from it.
        cmd fetch-metadata {
            /// The product code as the portal spells it (Ecs, Iot, alikafka).
            required code: String
            /// Its API version (2014-05-26).
            required version: String
            /// The edition, en or zh: zh (default) from https://api.aliyun.com, en from
            /// https://api.alibabacloud.com (?language=EN_US).
            optional --lang lang: Lang
            /// Where to write (default: target/api-docs/<code>-<version>/api-docs.json, or
            /// api-docs.en.json for en: the file names of ../shared/api-docs/).
            optional --out file: PathBuf
            /// The portal's scheme and host, for either edition (default: as for --lang).
            optional --base-url url: String
        }

        /// Run the local emulator, which serves every product of the workspace, until stopped.
        ///
        /// The emulator is the crate aliyun-iot-emulator. Its arguments are passed on as they
        /// are: `cargo xtask emulate --help` builds it and prints its options.
        cmd emulate {
            /// The emulator's own arguments.
            repeated args: OsString
        }

        /// Time builds of a generated crate: what each action costs a user's build.
        ///
        /// Times builds of a product's crate generated from all specs against the same crate
        /// generated from two actions only (IoT: the seeds QueryProductList,
        /// ListOTAModuleByProduct; another product: its first two by name), both as scratch
        /// crates under <target>/build-cost/ built into the workspace's target directory
        /// (dependencies built first, untimed):
        ///   clean dev build          cargo clean -p, then cargo build with CARGO_INCREMENTAL=0
        ///   incremental dev build    after one spec edit (a qps), incremental on, a warm build
        ///   release build            cargo clean -p --release, then cargo build --release
        /// and prints, for each, the seeds-only time, the full time and (full - seeds) /
        /// (actions - 2) in ms per action, plus the generated src/ bytes per action of both.
        cmd build-cost {
            /// The product crate generated/<name> (default: iot).
            optional --product name: String
            /// Timings per measure and side, at least 1; the median is kept (default: 3).
            optional --runs n: usize
            /// Print the figures as JSON on stdout (progress still goes to stderr).
            optional --json
        }

        /// Run everything CI checks, with its own set-up.
        ///
        /// The format check, clippy and cargo doc with warnings denied, then the whole test suite
        /// (doc tests included; cargo-nextest if installed, else cargo test), in which the drift
        /// test (tests/tests/drift.rs) checks that the generated code is what the specs generate
        /// and the interop tests run the official Python SDKs (set up under target/python-sdk/ on
        /// the first run: needs python3 and access to PyPI), then every example with --emulator,
        /// then cargo package --workspace (every crate builds from its tarball). Needs ../shared beside the checkout (the API metadata and the doc corpus).
        ///
        /// environment:
        ///   ALIYUN_IOT_TEST_SKIP=ITEM,...   skip checks that cannot run here; each skip is printed:
        ///       fmt          the format check (when rustfmt is not installed)
        ///       python-sdk   the interop tests with the official Python SDK (no Python set-up)
        ///       shared       the tests that read ../shared (each prints that it was skipped)
        cmd test {}
    }
}

/// What the command line asks for, when it is not a command to run.
#[derive(Debug, PartialEq)]
pub(crate) enum NotRun {
    /// `--help`: the help to print on stdout.
    Help(String),
    /// A bad command line: the error and the help of the command, for stderr.
    Error(String),
}

/// Stands for a lone `-` (stdin) while xflags parses, which reads any argument starting with `-`
/// as a flag. No command line can hold it: arguments cannot contain NUL.
const STDIN: &str = "\0-";

/// The command `args` (without the program name) ask for.
pub(crate) fn parse(args: Vec<OsString>) -> Result<XtaskCmd, NotRun> {
    let args = normalize(args);
    let help = help(&args);
    let error = match Xtask::from_vec(args.clone()) {
        Err(error) if error.is_help() => return Err(NotRun::Help(help.text)),
        Ok(flags) => match check(flags) {
            Ok(command) => return Ok(command),
            Err(error) => error,
        },
        Err(error) => match help.unknown {
            Some(name) => format!("unknown command `{name}`"),
            None => say(&error.to_string()),
        },
    };
    Err(NotRun::Error(format!("{error}\n\n{}", help.text)))
}

/// The command line as xflags reads it. What this CLI accepts and xflags does not: `help [COMMAND]`
/// for `--help`, `--name=value` (split in two), a lone `-` for stdin among import's files (as
/// [`STDIN`]) and any argument of `emulate` (they are the emulator's: passed after a `--`, which
/// makes xflags take them as they are).
fn normalize(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.first().is_some_and(|first| first == "help") {
        args[0] = "--help".into();
    }
    let command = args.first().cloned().unwrap_or_default();
    if command == "emulate" {
        if args.get(1).is_none_or(|next| next != "--") {
            args.insert(1, "--".into());
        }
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    let mut rest = args.into_iter();
    for arg in rest.by_ref() {
        let text = arg.to_str().unwrap_or_default();
        if text == "--" {
            out.push(arg);
            break;
        }
        match text.strip_prefix("--").and_then(|flag| flag.split_once('=')).filter(|(name, _)| !name.is_empty()) {
            Some((name, value)) => out.extend([format!("--{name}").into(), value.into()]),
            None if text == "-" && command == "import" => out.push(STDIN.into()),
            None => out.push(arg),
        }
    }
    out.extend(rest);
    out
}

/// What xflags cannot state, and `-` given back to import.
fn check(flags: Xtask) -> Result<XtaskCmd, String> {
    fn empty<T: AsRef<OsStr>>(value: &Option<T>) -> bool {
        value.as_ref().is_some_and(|value| value.as_ref().is_empty())
    }
    let mut command = flags.subcommand;
    match &mut command {
        XtaskCmd::Import(import) => {
            for text in import.file.iter_mut().chain(&mut import.action).chain(&mut import.source) {
                if text == STDIN {
                    *text = "-".into();
                }
            }
            if import.out.as_deref() == Some(Path::new(STDIN)) {
                import.out = Some("-".into());
            }
            if import.file.is_empty() {
                return Err("import needs at least one FILE".into());
            }
            if empty(&import.out) {
                return Err("--out needs a directory".into());
            }
            if import.action.iter().any(String::is_empty) {
                return Err("--action needs an action name".into());
            }
            if empty(&import.source) {
                return Err("--source needs a URL".into());
            }
        }
        XtaskCmd::AddProduct(add) if add.file.is_empty() => return Err("add-product needs at least one FILE".into()),
        XtaskCmd::FetchMetadata(fetch) if empty(&fetch.out) => return Err("--out needs a file".into()),
        XtaskCmd::FetchMetadata(fetch) if empty(&fetch.base_url) => return Err("--base-url needs a URL".into()),
        XtaskCmd::BuildCost(cost) if empty(&cost.product) => return Err("--product needs a product".into()),
        XtaskCmd::BuildCost(cost) if cost.runs == Some(0) => return Err("--runs takes a number of runs, at least 1".into()),
        _ => {}
    }
    Ok(command)
}

/// xflags' words for what it does not know of this CLI: it names positional arguments flags, and
/// commands subcommands.
fn say(error: &str) -> String {
    match error.strip_prefix("flag is required: `") {
        Some(name) if !name.starts_with('-') => format!("missing argument `{}`", name.trim_end_matches('`')),
        _ if error == "subcommand is required" => "no command given".into(),
        _ => error.to_string(),
    }
}

/// The help for a command line.
struct Help {
    /// The help of the command it names, else the list of commands.
    text: String,
    /// What it names as its command, when that is no command.
    unknown: Option<String>,
}

/// The help of the command `args` name, else the list of commands, cut from the help xflags
/// generates: every command's, each under a line `xtask NAME` (every other line of a command's
/// help is indented), after the root's (a line `xtask`, its doc, its options).
fn help(args: &[OsString]) -> Help {
    let full = match Xtask::from_vec(vec!["--help".into()]) {
        Err(help) => help.to_string(),
        Ok(_) => unreachable!("--help is help"),
    };
    let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in full.lines() {
        if let Some(name) = line.strip_prefix("xtask ").or((line == "xtask").then_some("")) {
            sections.push((name, Vec::new()));
        }
        if let Some((_, lines)) = sections.last_mut() {
            lines.push(line);
        }
    }
    // The first paragraph of a doc is its summary.
    let summary = |lines: &[&str]| lines[1..].iter().take_while(|line| !line.is_empty()).map(|line| line.trim()).collect::<Vec<_>>().join(" ");
    let named = args.iter().find(|arg| !arg.to_str().is_some_and(|arg| arg.starts_with('-'))).map(|arg| arg.to_string_lossy().into_owned());
    if let Some((_, lines)) = sections.iter().find(|(name, _)| !name.is_empty() && Some(*name) == named.as_deref()) {
        return Help { text: format!("cargo {}", lines.join("\n").trim_end()), unknown: None };
    }
    let mut text = String::from("cargo xtask COMMAND [ARGS]\n");
    if let Some((_, root)) = sections.first() {
        text.push_str(&format!("  {}\n", summary(root)));
    }
    text.push_str("\ncommands:\n");
    for (name, lines) in sections.iter().skip(1) {
        text.push_str(&format!("  {name:<16}{}\n", summary(lines)));
    }
    text.push_str("\n`cargo xtask help COMMAND` (or `cargo xtask COMMAND --help`): its arguments and options");
    let unknown = named.filter(|name| args.first().is_some_and(|first| first == name.as_str()));
    Help { text, unknown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<XtaskCmd, NotRun> {
        super::parse(args.iter().map(OsString::from).collect())
    }

    fn error(args: &[&str]) -> String {
        match parse(args) {
            Err(NotRun::Error(error)) => error,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn import_reads_stdin_repeated_actions_and_every_flag() {
        let Ok(XtaskCmd::Import(import)) = parse(&["import", "--strict", "-", "a.md", "--action", "A", "--action=B", "--out", "dir", "--facts-only"])
        else {
            panic!("not an import")
        };
        assert_eq!(import.file, ["-", "a.md"]);
        assert_eq!(import.action, ["A", "B"]);
        assert_eq!(import.out, Some(PathBuf::from("dir")));
        assert!(import.strict && import.facts_only && !import.metadata && import.source.is_none());
        let Ok(XtaskCmd::Import(import)) = parse(&["import", "--metadata", "--source", "https://x/?a=b", "--", "-"]) else { panic!() };
        assert_eq!((import.file, import.source.as_deref(), import.metadata), (vec!["-".to_string()], Some("https://x/?a=b"), true));
        let Ok(XtaskCmd::Import(import)) = parse(&["import", "--action", "-", "-"]) else { panic!() };
        assert_eq!((import.file, import.action), (vec!["-".to_string()], vec!["-".to_string()]));
        assert!(error(&["import"]).starts_with("import needs at least one FILE\n\ncargo xtask import\n"));
        assert!(error(&["import", "a.md", "--action", ""]).starts_with("--action needs an action name"));
        assert!(error(&["import", "a.md", "--action"]).starts_with("expected a value for `--action`"));
        assert!(error(&["import", "a.md", "--source", ""]).starts_with("--source needs a URL"));
        assert!(error(&["import", "a.md", "--bogus"]).starts_with("unexpected flag: `--bogus`"));
    }

    #[test]
    fn every_command_parses() {
        assert!(matches!(parse(&["regenerate"]), Ok(XtaskCmd::Regenerate(Regenerate { check: false, changelog: false }))));
        assert!(matches!(parse(&["regenerate", "--changelog", "--check"]), Ok(XtaskCmd::Regenerate(Regenerate { check: true, changelog: true }))));
        assert!(error(&["regenerate", "extra"]).starts_with("unexpected argument: \"extra\""));
        let Ok(XtaskCmd::AddProduct(add)) = parse(&["add-product", "zh.json", "en.json"]) else { panic!() };
        assert_eq!(add.file, ["zh.json", "en.json"]);
        assert!(error(&["add-product"]).starts_with("add-product needs at least one FILE"));
        assert!(error(&["add-product", "--strict", "a.json"]).starts_with("unexpected flag: `--strict`"));
        assert!(matches!(parse(&["test"]), Ok(XtaskCmd::Test(Test))));
        assert!(error(&["test", "now"]).starts_with("unexpected argument"));
        assert!(error(&[]).starts_with("no command given\n\ncargo xtask COMMAND [ARGS]\n"));
        assert!(error(&["frobnicate"]).starts_with("unknown command `frobnicate`\n\ncargo xtask COMMAND [ARGS]\n"));
        assert!(error(&["--bogus"]).starts_with("unexpected flag: `--bogus`\n\ncargo xtask COMMAND [ARGS]\n"));
    }

    #[test]
    fn fetch_metadata_arguments() {
        let Ok(XtaskCmd::FetchMetadata(fetch)) = parse(&["fetch-metadata", "Iot", "2018-01-20"]) else { panic!() };
        assert_eq!((fetch.code.as_str(), fetch.version.as_str(), fetch.lang, fetch.out, fetch.base_url), ("Iot", "2018-01-20", None, None, None));
        let Ok(XtaskCmd::FetchMetadata(fetch)) =
            parse(&["fetch-metadata", "--lang", "en", "Ecs", "2014-05-26", "--out", "x.json", "--base-url", "http://127.0.0.1:1"])
        else {
            panic!()
        };
        assert_eq!((fetch.lang, fetch.out, fetch.base_url.as_deref()), (Some(Lang::En), Some(PathBuf::from("x.json")), Some("http://127.0.0.1:1")));
        assert!(error(&["fetch-metadata", "Ecs"]).starts_with("missing argument `version`\n\ncargo xtask fetch-metadata\n"));
        assert!(error(&["fetch-metadata", "Ecs", "2014-05-26", "extra"]).starts_with("unexpected argument: \"extra\""));
        assert!(error(&["fetch-metadata", "Ecs", "2014-05-26", "--lang", "fr"]).contains("en or zh, not `fr`"));
        assert!(error(&["fetch-metadata", "Ecs", "2014-05-26", "--lang"]).starts_with("expected a value for `--lang`"));
        assert!(error(&["fetch-metadata", "Ecs", "2014-05-26", "--verbose"]).starts_with("unexpected flag: `--verbose`"));
        assert!(error(&["fetch-metadata", "Ecs", "2014-05-26", "--out", ""]).starts_with("--out needs a file"));
    }

    #[test]
    fn build_cost_arguments() {
        let options = |args: &[&str]| match parse(args) {
            Ok(XtaskCmd::BuildCost(BuildCost { product, runs, json })) => (product, runs, json),
            other => panic!("{args:?}: {other:?}"),
        };
        assert_eq!(options(&["build-cost"]), (None, None, false));
        assert_eq!(options(&["build-cost", "--runs", "1", "--json"]), (None, Some(1), true));
        assert_eq!(options(&["build-cost", "--runs=5", "--product", "ecs"]), (Some("ecs".into()), Some(5), false));
        assert!(error(&["build-cost", "--product"]).starts_with("expected a value for `--product`"));
        assert!(error(&["build-cost", "--runs", "0"]).starts_with("--runs takes a number of runs, at least 1"));
        assert!(error(&["build-cost", "--runs", "x"]).starts_with("can't parse `--runs`"));
        assert!(error(&["build-cost", "--runs"]).starts_with("expected a value for `--runs`"));
        assert!(error(&["build-cost", "--fast"]).starts_with("unexpected flag: `--fast`"));
    }

    /// The emulator's arguments are its own, `--help` included.
    #[test]
    fn emulate_passes_its_arguments_on() {
        let args = |list: &[&str]| match parse(list) {
            Ok(XtaskCmd::Emulate(emulate)) => emulate.args,
            other => panic!("{list:?}: {other:?}"),
        };
        assert!(args(&["emulate"]).is_empty());
        assert_eq!(args(&["emulate", "--addr", "127.0.0.1:0", "--no-qps-limit", "-"]), ["--addr", "127.0.0.1:0", "--no-qps-limit", "-"]);
        assert_eq!(args(&["emulate", "--help"]), ["--help"]);
        assert_eq!(args(&["emulate", "--", "--x=y"]), ["--x=y"]);
    }

    #[test]
    fn help_of_one_command_or_all() {
        let help = |args: &[&str]| match parse(args) {
            Err(NotRun::Help(help)) => help,
            other => panic!("{args:?}: {other:?}"),
        };
        let all = help(&["--help"]);
        assert!(all.starts_with("cargo xtask COMMAND [ARGS]\n  The developer commands of this workspace.\n\ncommands:\n"), "{all}");
        for command in ["regenerate", "import", "add-product", "fetch-metadata", "emulate", "build-cost", "test"] {
            assert!(all.contains(&format!("\n  {command:<16}")), "{all}");
            let one = help(&["help", command]);
            assert!(one.starts_with(&format!("cargo xtask {command}\n")), "{one}");
            assert!(!one.contains("\nxtask "), "{one}");
            // The emulator's `--help` is its own (see emulate_passes_its_arguments_on).
            if command != "emulate" {
                assert_eq!(help(&[command, "--help"]), one);
                assert_eq!(help(&[command, "-h"]), one);
            }
        }
        assert!(help(&["import", "--help"]).contains("--action <name>"));
        assert!(help(&["test", "--help"]).contains("(tests/tests/drift.rs) checks that the generated code"));
        assert_eq!(help(&["help"]), all);
        assert_eq!(help(&["-h"]), all);
    }
}
