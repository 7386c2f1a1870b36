//! `cargo xtask import FILE...`: documentation in, `<DIR>/<Action>.yaml` out, with a report of what
//! each action got and every warning (at its page line, or at its field path in metadata).
//!
//! A FILE is a documentation page (or `-` for stdin), or the API portal's documentation metadata
//! (`api-docs.json`: recognised by its content, a JSON object with `apis` and `info.style: RPC`, or
//! forced with `--metadata`), which gives every action it documents, or those named with
//! `--action` (repeatable). `--facts-only` leaves out the prose (summaries, descriptions, error
//! messages) and keeps every fact (see `import::facts_only`). Re-importing over an existing spec
//! keeps what the import does not state (see `import::keep_unstated`) and the file's form: an
//! unchanged import leaves the file as it is, a changed one rewrites only what changed (see
//! `import::rewrite`). A page is imported from the page alone: nothing is looked up in the
//! metadata or anywhere else. An action that cannot be imported is reported and the others still
//! are; the command fails at the end if any failed (with `--strict`, warnings count as failures).
//! A fixup of `fixups.yaml` that the imported page no longer needs is a warning naming it.

use crate::flags;
use codegen::import::metadata::{self, Metadata};
use codegen::import::{self, Imported, Options, report};
use codegen::spec::{Fixups, load};
use std::io::Read;
use std::path::{Path, PathBuf};

struct Settings {
    out_dir: PathBuf,
    strict: bool,
    facts_only: bool,
    fixups: Fixups,
}

pub(crate) fn run(flags: flags::Import) -> Result<(), String> {
    let flags::Import { file: files, out: out_dir, strict, facts_only, source, metadata: force_metadata, action: selected } = flags;
    // Pages go to the flagship product's specs unless told otherwise; metadata to its own product's.
    let explicit_out = out_dir.is_some();
    let out_dir = out_dir.unwrap_or_else(|| crate::workspace_root().join(crate::SPEC_DIR).join("actions"));
    let settings = Settings { fixups: read_fixups(&out_dir)?, out_dir, strict, facts_only };
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
            let (ok, not) = import_metadata(file, &text, &selected, &settings, explicit_out)?;
            (imported, failed) = (imported + ok, failed + not);
        } else {
            if selected.len() > 1 || !selected.is_empty() && files.len() > 1 {
                return Err(format!("{file}: --action names the action of one page (or selects actions of API metadata)"));
            }
            if source.is_some() && files.len() > 1 {
                return Err("--source names the URL of one page; import pages with different URLs separately".into());
            }
            // A page that does not say its action: --action, else a file named after it.
            let stem = Path::new(file).file_stem().and_then(|s| s.to_str()).map(|s| s.split("__").next().unwrap_or(s).to_string());
            let action = selected.first().cloned().or(stem);
            let options = Options { source: source.clone(), action };
            let result = import::import_with_notes(&text, &options)
                .map_err(|e| report::failed(file, &e))
                .and_then(|(imported, notes)| write(file, imported, &notes, &settings));
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
fn import_metadata(file: &str, text: &str, selected: &[String], settings: &Settings, explicit_out: bool) -> Result<(usize, usize), String> {
    let doc = Metadata::parse(text).map_err(|e| format!("{file}: {e}"))?;
    let own;
    let settings = if explicit_out {
        settings
    } else {
        let out_dir = crate::workspace_root().join(crate::add_product::spec_dir(&doc)).join("actions");
        own = Settings { fixups: read_fixups(&out_dir)?, out_dir, strict: settings.strict, facts_only: settings.facts_only };
        &own
    };
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
        match result.and_then(|i| write(file, i, &[], settings)) {
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

fn read_fixups(out_dir: &Path) -> Result<Fixups, String> {
    // The fixups of the product whose actions these are: beside its `actions/`.
    let file = out_dir.parent().unwrap_or(out_dir).join("fixups.yaml");
    read_fixups_file(&file)
}

/// `fixups.yaml`, or none if there is no such file.
pub(crate) fn read_fixups_file(file: &Path) -> Result<Fixups, String> {
    match std::fs::read_to_string(file) {
        Ok(text) => Fixups::parse(file, &text).map_err(|errors| join(&errors)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Fixups::default()),
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

/// Writes one imported action over its previous spec, if any, in that file's form (an unchanged
/// import writes nothing); the report, or the report with the error.
fn write(file: &str, imported: Imported, notes: &[import::Warning], settings: &Settings) -> Result<String, String> {
    let rendered = render(file, imported, notes, &settings.out_dir, &settings.fixups, settings.strict, settings.facts_only)?;
    let mut summary = rendered.summary;
    match rendered.text {
        Some(text) => {
            std::fs::create_dir_all(&settings.out_dir).map_err(|e| format!("{}: {e}", settings.out_dir.display()))?;
            std::fs::write(&rendered.spec, text).map_err(|e| format!("{}: {e}", rendered.spec.display()))?;
            summary.push_str(&format!("  wrote {}\n", rendered.spec.display()));
        }
        None => summary.push_str(&format!("  unchanged {}\n", rendered.spec.display())),
    }
    Ok(summary)
}

/// An imported action as the text of its spec file.
pub(crate) struct Rendered {
    /// The report: what the action got, its warnings and notes.
    pub summary: String,
    /// `<out_dir>/<Action>.yaml`.
    pub spec: PathBuf,
    /// The new text; `None` when the file already says it.
    pub text: Option<String>,
}

/// Renders one imported action over its previous spec in `out_dir`, if any, in that file's form.
/// Fixups that no longer apply to the import are warnings naming them: the page may have been
/// fixed upstream.
pub(crate) fn render(
    file: &str,
    mut imported: Imported,
    notes: &[import::Warning],
    out_dir: &Path,
    fixups: &Fixups,
    strict: bool,
    facts_only: bool,
) -> Result<Rendered, String> {
    let spec = out_dir.join(format!("{}.yaml", imported.action.action));
    let old_text = std::fs::read_to_string(&spec).ok();
    let previous = old_text.as_deref().and_then(|text| load::action(&spec, text).ok());
    import::finish(&mut imported.action, previous.as_ref(), facts_only);
    let mut fixed = imported.action.clone();
    if let Err(errors) = fixups.apply(&mut fixed) {
        for e in errors {
            let message = format!("{}:{}: {}; not needed by this import", e.file.display(), e.line, e.message);
            imported.warnings.push(import::Warning { line: 0, message });
        }
    }
    let mut summary = report::imported(file, &imported);
    summary.push_str(&report::notes(file, notes));
    if strict && !imported.warnings.is_empty() {
        return Err(format!("{summary}{file}: error: warnings are errors with --strict; nothing written\n"));
    }
    let yaml = import::to_yaml(&imported.action, &spec)
        .map_err(|errors| format!("{summary}{file}: error: the spec would not load:\n{}\n", join(&errors)))?;
    let text = match (&old_text, &previous) {
        (Some(old_text), Some(previous)) => import::rewrite::rewrite(&spec, old_text, previous, &imported.action, &yaml),
        _ => Some(yaml),
    };
    Ok(Rendered { summary, spec, text })
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
