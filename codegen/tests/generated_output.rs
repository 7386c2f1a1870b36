//! Properties of the generator's output as a whole. The output for the fixture specs is checked
//! in as a crate of its own (`codegen/tests/fixtures/crate`, kept current by the drift test), so
//! its review is a diff and its build is a test.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn output_is_deterministic() {
    let dir = Path::new("codegen/tests/fixtures/api-specs");
    let first = codegen::generate::generate(&codegen::spec::load_in(root(), dir).unwrap()).unwrap();
    let second = codegen::generate::generate(&codegen::spec::load_in(root(), dir).unwrap()).unwrap();
    assert_eq!(first.files, second.files);
    for content in first.files.values() {
        assert!(!content.contains(root().to_str().unwrap()), "no absolute paths in generated code");
    }
}

#[test]
fn every_file_is_generated_and_says_so() {
    let specs = codegen::spec::load_in(root(), Path::new("api-specs/iot/2018-01-20")).unwrap();
    let output = codegen::generate::generate(&specs).unwrap();
    let under = |dir: &str| output.files.keys().filter(|f| f.starts_with(dir)).count();
    assert_eq!(under("operations"), specs.actions.len() + 1, "a module per action, and operations/mod.rs");
    assert_eq!(under("types") + under("operations") + 1, output.files.len(), "types/, operations/ and lib.rs");
    for (file, content) in &output.files {
        assert!(content.starts_with(codegen::generate::HEADER_START), "{}", file.display());
    }
    // A file per shape: one struct or enum in each.
    for (file, content) in output.files.iter().filter(|(f, _)| f.starts_with("types") && !f.ends_with("mod.rs")) {
        let shapes = syn::parse_file(content).unwrap().items.iter().filter(|i| matches!(i, syn::Item::Struct(_) | syn::Item::Enum(_))).count();
        assert_eq!(shapes, 1, "{}", file.display());
    }
}

/// A shape with its name and docs taken out: what makes two shapes the same Rust type.
fn anonymous(item: &syn::Item, values: Option<&syn::ItemMacro>) -> String {
    // A copy to edit (syn is built without `clone-impls`).
    let mut item: syn::Item = syn::parse2(quote::ToTokens::to_token_stream(item)).unwrap();
    let strip = |attrs: &mut Vec<syn::Attribute>| attrs.retain(|a| !a.path().is_ident("doc"));
    match &mut item {
        syn::Item::Struct(s) => {
            strip(&mut s.attrs);
            s.ident = quote::format_ident!("Shape");
            s.fields.iter_mut().for_each(|f| strip(&mut f.attrs));
        }
        syn::Item::Enum(e) => {
            strip(&mut e.attrs);
            e.ident = quote::format_ident!("Shape");
            e.variants.iter_mut().for_each(|v| strip(&mut v.attrs));
        }
        _ => unreachable!("only structs and enums are compared"),
    }
    // An enum's wire values are in its `wire_enum!` call, after its name.
    let values = values.map(|m| m.mac.tokens.to_string().split_once(':').map(|(_, rest)| rest.to_string()).unwrap_or_default());
    format!("{} {}", quote::ToTokens::to_token_stream(&item), values.unwrap_or_default())
}

#[test]
fn no_two_emitted_shapes_are_identical() {
    let specs = codegen::spec::load_in(root(), Path::new("api-specs/iot/2018-01-20")).unwrap();
    let output = codegen::generate::generate(&specs).unwrap();
    let types = output.files.iter().filter(|(f, _)| f.starts_with("types")).flat_map(|(_, content)| syn::parse_file(content).unwrap().items);
    let mut file = syn::parse_file("").unwrap();
    file.items = types.collect();
    let types = file;
    let macros: Vec<&syn::ItemMacro> = types.items.iter().filter_map(|i| if let syn::Item::Macro(m) = i { Some(m) } else { None }).collect();
    // A request structure is sent by its `ToParams` impl, which also says which fields are
    // required: a request and a response structure with the same fields, or two request structures
    // that differ in what they require, are different types.
    let sent: std::collections::HashMap<String, String> = types
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Impl(imp) if imp.trait_.as_ref().is_some_and(|t| t.0.segments.last().is_some_and(|s| s.ident == "ToParams")) => {
                let body: Vec<String> = imp.items.iter().map(|f| quote::ToTokens::to_token_stream(f).to_string()).collect();
                Some((quote::ToTokens::to_token_stream(&imp.self_ty).to_string(), body.join(" ")))
            }
            _ => None,
        })
        .collect();
    let mut seen = std::collections::HashMap::new();
    let mut shapes = 0;
    for item in &types.items {
        let name = match item {
            syn::Item::Struct(s) => s.ident.to_string(),
            syn::Item::Enum(e) => e.ident.to_string(),
            _ => continue,
        };
        let values = macros.iter().copied().find(|m| m.mac.tokens.to_string().starts_with(&format!("{name} :")));
        let side = sent.get(&name).map_or("response".to_string(), |params| format!("request {params}"));
        if let Some(other) = seen.insert(format!("{side} {}", anonymous(item, values)), name.clone()) {
            panic!("`{other}` and `{name}` are the same shape");
        }
        shapes += 1;
    }
    assert!(shapes > 20, "{shapes} shapes");
}
