//! `cargo xtask import [--out DIR] [--strict] [--facts-only] [--source URL] [--metadata] [--action NAME]... FILE...`:
//! documentation in, `<DIR>/<Action>.yaml` out, with a report of what each action got and every
//! warning (at its page line, or at its field path in metadata).
//!
//! A FILE is a documentation page (or `-` for stdin), or the API portal's documentation metadata
//! (`api-docs.json`: recognised by its content, a JSON object with `apis` and `info.style: RPC`, or
//! forced with `--metadata`), which gives every action it documents, or those named with
//! `--action` (repeatable). `--facts-only` leaves out the prose (summaries, descriptions, error
//! messages) and keeps every fact (see `import::facts_only`). Re-importing over an existing spec
//! keeps what the import does not state (see `import::keep_unstated`). An action that cannot be
//! imported is reported and the others still are; the command fails at the end if any failed (with
//! `--strict`, warnings count as failures).

use codegen::import::metadata::{self, Metadata};
use codegen::import::{self, Imported, Options, report};
use codegen::spec::{Fixups, load};
use std::io::Read;
use std::path::PathBuf;

const USAGE: &str =
    "usage: cargo xtask import [--out DIR] [--strict] [--facts-only] [--source URL] [--metadata] [--action NAME]... FILE... (- for stdin)";

struct Settings {
    out_dir: PathBuf,
    strict: bool,
    facts_only: bool,
    fixups: Fixups,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut out_dir = crate::workspace_root().join(crate::SPEC_DIR).join("actions");
    let mut strict = false;
    let mut facts_only = false;
    let mut force_metadata = false;
    let mut source = None;
    let mut selected = Vec::new();
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out_dir = PathBuf::from(args.next().ok_or("--out needs a directory")?),
            "--strict" => strict = true,
            "--facts-only" => facts_only = true,
            "--metadata" => force_metadata = true,
            "--action" => selected.push(args.next().filter(|a| !a.is_empty()).ok_or("--action needs an action name")?.clone()),
            "--source" => source = Some(args.next().filter(|url| !url.is_empty()).ok_or("--source needs a URL")?.clone()),
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return Err(USAGE.into());
    }
    let settings = Settings { out_dir, strict, facts_only, fixups: read_fixups()? };
    let (mut imported, mut failed) = (0, 0);
    for file in &files {
        let text = match read_file(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: error: {e}");
                failed += 1;
                continue;
            }
        };
        if force_metadata || metadata::is_metadata(&text) {
            if source.is_some() {
                return Err(format!("{file}: --source names the URL of one page; metadata gives each action its portal page"));
            }
            let (ok, not) = import_metadata(file, &text, &selected, &settings)?;
            (imported, failed) = (imported + ok, failed + not);
        } else {
            if !selected.is_empty() {
                return Err(format!("{file}: --action selects actions of API metadata; a page documents one action"));
            }
            if source.is_some() && files.len() > 1 {
                return Err("--source names the URL of one page; import pages with different URLs separately".into());
            }
            let options = Options { source: source.clone() };
            let result = import::import(&text, &options).map_err(|e| report::failed(file, &e)).and_then(|i| write(file, i, &settings));
            match result {
                Ok(report) => {
                    imported += 1;
                    print!("{report}");
                }
                Err(report) => {
                    failed += 1;
                    eprint!("{report}");
                }
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} of {} actions not imported", imported + failed));
    }
    Ok(())
}

/// Imports the selected actions of a metadata document; how many were written and how many not.
fn import_metadata(file: &str, text: &str, selected: &[String], settings: &Settings) -> Result<(usize, usize), String> {
    let doc = Metadata::parse(text).map_err(|e| format!("{file}: {e}"))?;
    let names: Vec<String> = if selected.is_empty() { doc.actions().into_iter().map(String::from).collect() } else { selected.to_vec() };
    let missing: Vec<&str> = names.iter().map(String::as_str).filter(|n| !doc.actions().contains(n)).collect();
    if !missing.is_empty() {
        return Err(format!("{file}: no action {} in this metadata", missing.join(", ")));
    }
    let (mut written, mut failed, mut warnings) = (0, 0, 0);
    let (mut parameters, mut fields, mut errors) = (0, 0, 0);
    for name in &names {
        let result = doc.import(name).expect("checked above").map_err(|e| format!("{file}: error: {e}\n"));
        let counts = result.as_ref().ok().map(|i| (report::counts(&i.action), i.action.errors.len(), i.warnings.len()));
        match result.and_then(|i| write(file, i, settings)) {
            Ok(report) => {
                written += 1;
                let ((p, f), e, w) = counts.expect("imported");
                (parameters, fields, errors, warnings) = (parameters + p, fields + f, errors + e, warnings + w);
                print!("{report}");
            }
            Err(report) => {
                failed += 1;
                eprint!("{report}");
            }
        }
    }
    println!(
        "{file}: {written} of {} actions written ({parameters} parameters, {fields} response fields, {errors} error codes, {warnings} warnings)",
        names.len()
    );
    Ok((written, failed))
}

fn read_fixups() -> Result<Fixups, String> {
    let file = crate::workspace_root().join(crate::SPEC_DIR).join("fixups.yaml");
    match std::fs::read_to_string(&file) {
        Ok(text) => Fixups::parse(&file, &text).map_err(|errors| join(&errors)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Fixups::default()),
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

/// Writes one imported action over its previous spec, if any; the report, or the report with the
/// error.
fn write(file: &str, mut imported: Imported, settings: &Settings) -> Result<String, String> {
    let spec = settings.out_dir.join(format!("{}.yaml", imported.action.action));
    let previous = std::fs::read_to_string(&spec).ok().and_then(|text| load::action(&spec, &text).ok());
    import::finish(&mut imported.action, previous.as_ref(), settings.facts_only);
    let mut summary = report::imported(file, &imported);
    if settings.strict && !imported.warnings.is_empty() {
        return Err(format!("{summary}{file}: error: warnings are errors with --strict; nothing written\n"));
    }
    let yaml = import::to_yaml(&imported.action, &spec)
        .map_err(|errors| format!("{summary}{file}: error: the spec would not load:\n{}\n", join(&errors)))?;
    // Fixups must still apply to the new spec, or the documentation changed under them.
    let mut fixed = imported.action.clone();
    settings.fixups.apply(&mut fixed).map_err(|errors| format!("{summary}{file}: error: {}\n", join(&errors)))?;
    std::fs::create_dir_all(&settings.out_dir).map_err(|e| format!("{}: {e}", settings.out_dir.display()))?;
    std::fs::write(&spec, yaml).map_err(|e| format!("{}: {e}", spec.display()))?;
    summary.push_str(&format!("  wrote {}\n", spec.display()));
    Ok(summary)
}

fn read_file(file: &str) -> std::io::Result<String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(file)
    }
}

fn join(errors: &[codegen::spec::SpecError]) -> String {
    errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n")
}
