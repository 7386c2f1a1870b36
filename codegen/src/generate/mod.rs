//! The generator: specs in, Rust files out, all in memory. The caller (`cargo xtask regenerate`)
//! compares and writes. Output is deterministic: sorted actions, no timestamps, no absolute paths.
//!
//! A product crate is generated whole: `lib.rs` (the product descriptor, the `Client` and the
//! runtime re-exports), `types/` (shared shapes, a file each) and one module per action under
//! `operations/`.
//! The emulator's per-action tables are a separate file ([`emulator_tables`]), so a client never
//! compiles them.

mod docs;
mod emit;
mod emulator;
mod model;
mod paginate;
mod root;
mod sample;
mod types;

use crate::spec::SpecSet;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Generated files by path relative to the output directory, plus warnings worth showing.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<PathBuf, String>,
    pub warnings: Vec<String>,
}

/// Generates a product crate's `src/` from its specs. Paths in headers are `specs.dir` as given,
/// so pass it relative to the workspace.
pub fn generate(specs: &SpecSet) -> Result<Output, String> {
    let mut out = Output::default();
    let model = model::build(specs);
    let source = portable(&specs.dir);
    for op in &model.operations {
        let spec_file = portable(&specs.action_file(&op.action.action));
        let tokens = emit::operation(op, &spec_file, &specs.product, &model);
        out.files.insert(PathBuf::from(format!("operations/{}.rs", op.module)), render(&spec_file, tokens)?);
    }
    out.files.insert(PathBuf::from("operations/mod.rs"), render(&source, root::operations_index(specs, &model))?);
    for (file, tokens) in types::types(&model, &specs.product.product)? {
        out.files.insert(PathBuf::from(file), render(&source, tokens)?);
    }
    out.files.insert(PathBuf::from("lib.rs"), render(&source, root::lib(specs))?);
    Ok(out)
}

/// The emulator's table of every action of a product, as the module `products/<module>.rs`:
/// methods, parameter shapes, a sample answer, and how to normalize an answer through the
/// generated output type. `client_crate` is the generated crate's name as a Rust path
/// (`aliyun_iot`).
pub fn emulator_tables(specs: &SpecSet, client_crate: &str, module: &str) -> Result<Output, String> {
    let mut out = Output::default();
    let model = model::build(specs);
    let mut samples = Vec::new();
    let with_success = sample::product_answers_success(&specs.actions);
    for op in &model.operations {
        let sample = sample::sample(op.action, with_success);
        if let sample::Sample::Synthesized(_, Some(problem)) = &sample {
            let spec_file = portable(&specs.action_file(&op.action.action));
            out.warnings.push(format!("{spec_file}: examples.response: {problem}; serving a synthesized sample"));
        }
        samples.push(serde_json::to_string(sample.value()).map_err(|e| e.to_string())?);
    }
    let tokens = emulator::tables(&model, &samples, client_crate, &specs.product);
    out.files.insert(PathBuf::from(format!("{module}.rs")), render(&portable(&specs.dir), tokens)?);
    Ok(out)
}

/// The emulator's `products/mod.rs`: every product it serves, as `(module, client crate)`.
pub fn emulator_index(products: &[(String, String)]) -> Result<Output, String> {
    let mut out = Output::default();
    out.files.insert(PathBuf::from("mod.rs"), render("api-specs", emulator::index(products))?);
    Ok(out)
}

fn render(source: &str, tokens: proc_macro2::TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code for {source} does not parse: {e}"))?;
    Ok(format!("{}{}", header(source), lay_out_wire_macros(&prettyplease::unparse(&file))))
}

/// The `wire_object!` and `wire_enum!` calls, one field or variant a line: prettyplease leaves a
/// macro's tokens as one run of text.
fn lay_out_wire_macros(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = ["crate::wire_object!(", "crate::wire_enum!("].iter().filter_map(|m| rest.find(m).map(|i| (i, *m))).min() {
        let (at, opening) = start;
        let body_start = at + opening.len();
        let Some(len) = rest[body_start..].find(");") else { break };
        let body = &rest[body_start..body_start + len];
        out.push_str(&rest[..at]);
        match body.parse::<proc_macro2::TokenStream>().ok().and_then(|tokens| lay_out(opening, tokens)) {
            Some(laid_out) => out.push_str(&laid_out),
            None => out.push_str(&rest[at..body_start + len + 2]),
        }
        rest = &rest[body_start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// `Name { a: "A", b: "B" / "Item" } raw_body` or `Name: str { A = "a" }`, laid out by lines.
fn lay_out(opening: &str, tokens: proc_macro2::TokenStream) -> Option<String> {
    use proc_macro2::{Delimiter, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let group = trees.iter().position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))?;
    let TokenTree::Group(fields) = &trees[group] else { return None };
    let head: Vec<String> = trees[..group].iter().map(ToString::to_string).collect();
    let tail: Vec<String> = trees[group + 1..].iter().map(ToString::to_string).collect();
    let mut lines = Vec::new();
    let mut line = Vec::new();
    for tree in fields.stream() {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => lines.push(std::mem::take(&mut line)),
            _ => line.push(tree),
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let mut text = format!("{opening}{} {{\n", head.join(" ").replace(" :", ":"));
    for line in lines {
        let words: Vec<String> = line.iter().map(ToString::to_string).collect();
        text.push_str(&format!("    {},\n", words.join(" ").replace(" :", ":")));
    }
    text.push('}');
    if !tail.is_empty() {
        text.push_str(&format!(" {}", tail.join(" ")));
    }
    text.push_str(");");
    Some(text)
}

/// How every generated file starts; regeneration only ever removes files that start so.
pub const HEADER_START: &str = "// @generated by `cargo xtask regenerate`";

/// The first line of every generated file.
pub fn header(source: &str) -> String {
    format!("{HEADER_START} from {source}. Do not edit: change the spec and regenerate.\n\n")
}

/// Forward slashes whatever the platform, so output is byte-identical across machines.
pub(crate) fn portable(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
