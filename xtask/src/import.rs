//! `cargo xtask import [--out DIR] [--strict] [--facts-only] [--source URL] PAGE...`: documentation
//! pages (files, or `-` for stdin) -> `<DIR>/<Action>.yaml`, one per page, with a report of what each
//! page gave and every warning with its page line. `--facts-only` leaves out the pages' prose
//! (summaries and descriptions) and keeps every fact (see `import::facts_only`). A page that cannot
//! be imported is reported and the others still are; the command fails at the end if any did (with
//! `--strict`, warnings count as failures).
//! Re-importing over an existing spec keeps what pages do not state (see `import::keep_unstated`).

use codegen::import::{self, Options, report};
use codegen::spec::{Fixups, load};
use std::io::Read;
use std::path::{Path, PathBuf};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut out_dir = crate::workspace_root().join(crate::SPEC_DIR).join("actions");
    let mut strict = false;
    let mut facts_only = false;
    let mut source = None;
    let mut pages = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out_dir = PathBuf::from(args.next().ok_or("--out needs a directory")?),
            "--strict" => strict = true,
            "--facts-only" => facts_only = true,
            "--source" => source = Some(args.next().filter(|url| !url.is_empty()).ok_or("--source needs a URL")?.clone()),
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            page => pages.push(page.to_string()),
        }
    }
    if pages.is_empty() {
        return Err("usage: cargo xtask import [--out DIR] [--strict] [--facts-only] [--source URL] PAGE... (- for stdin)".into());
    }
    if source.is_some() && pages.len() > 1 {
        return Err("--source names the URL of one page; import pages with different URLs separately".into());
    }
    let fixups = read_fixups()?;
    let options = Options { source };
    let mut failed = 0;
    for page in &pages {
        match import_one(page, &out_dir, &options, &fixups, strict, facts_only) {
            Ok(report) => print!("{report}"),
            Err(report) => {
                failed += 1;
                eprint!("{report}");
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} of {} pages not imported", pages.len()));
    }
    Ok(())
}

fn read_fixups() -> Result<Fixups, String> {
    let file = crate::workspace_root().join(crate::SPEC_DIR).join("fixups.yaml");
    match std::fs::read_to_string(&file) {
        Ok(text) => Fixups::parse(&file, &text).map_err(|errors| join(&errors)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Fixups::default()),
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

/// Imports one page; the report on success, or the report with the error.
fn import_one(page: &str, out_dir: &Path, options: &Options, fixups: &Fixups, strict: bool, facts_only: bool) -> Result<String, String> {
    let text = read_page(page).map_err(|e| format!("{page}: error: {e}\n"))?;
    let mut imported = import::import(&text, options).map_err(|e| report::failed(page, &e))?;
    if facts_only {
        import::facts_only(&mut imported.action);
    }
    let file = out_dir.join(format!("{}.yaml", imported.action.action));
    if let Ok(previous_text) = std::fs::read_to_string(&file)
        && let Ok(previous) = load::action(&file, &previous_text)
    {
        import::keep_unstated(&mut imported.action, &previous);
    }
    let mut summary = report::imported(page, &imported);
    if strict && !imported.warnings.is_empty() {
        return Err(format!("{summary}{page}: error: warnings are errors with --strict; nothing written\n"));
    }
    let yaml = import::to_yaml(&imported.action, &file)
        .map_err(|errors| format!("{summary}{page}: error: the spec would not load:\n{}\n", join(&errors)))?;
    // Fixups must still apply to the new spec, or the page changed under them.
    let mut fixed = imported.action.clone();
    fixups.apply(&mut fixed).map_err(|errors| format!("{summary}{page}: error: {}\n", join(&errors)))?;
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    std::fs::write(&file, yaml).map_err(|e| format!("{}: {e}", file.display()))?;
    summary.push_str(&format!("  wrote {}\n", file.display()));
    Ok(summary)
}

fn read_page(page: &str) -> std::io::Result<String> {
    if page == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(page)
    }
}

fn join(errors: &[codegen::spec::SpecError]) -> String {
    errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n")
}
