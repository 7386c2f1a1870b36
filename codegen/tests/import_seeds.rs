//! Importing the two seed pages reproduces the committed seed specs, as data.

use codegen::import::{self, Options};
use codegen::spec::{load, Action};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Imports a fixture page and loads the written YAML back, as `cargo xtask import` would write it.
fn import_page(fixture: &str, source: &str) -> (Action, Vec<import::Warning>) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(fixture)).unwrap();
    let imported = import::import(&text, &Options { source: Some(source.into()) }).unwrap();
    let file = PathBuf::from(format!("{}.yaml", imported.action.action));
    let yaml = import::to_yaml(&imported.action, &file).unwrap_or_else(|e| panic!("{e:?}"));
    (load::action(&file, &yaml).unwrap(), imported.warnings)
}

fn committed(action: &str) -> Action {
    let file = workspace().join("api-specs/iot/2018-01-20/actions").join(format!("{action}.yaml"));
    load::action(&file, &std::fs::read_to_string(&file).unwrap()).unwrap()
}

fn assert_same(imported: &Action, committed: &Action) {
    let (a, b) = (serde_json::to_value(imported).unwrap(), serde_json::to_value(committed).unwrap());
    assert!(a == b, "imported:\n{}\ncommitted:\n{}", serde_yaml::to_string(imported).unwrap(), serde_yaml::to_string(committed).unwrap());
}

#[test]
fn list_ota_module_by_product_markdown_seed() {
    let (mut imported, warnings) = import_page("ListOTAModuleByProduct.md", "https://www.alibabacloud.com/help/doc-detail/186532.htm");
    assert_eq!(warnings, []);
    let committed = committed("ListOTAModuleByProduct");
    // Pages never state HTTP methods; a re-import keeps the spec's.
    assert!(imported.methods.is_empty());
    import::keep_unstated(&mut imported, &committed);
    assert_same(&imported, &committed);
}

#[test]
fn query_product_list_web_text_seed() {
    let (mut imported, warnings) = import_page("QueryProductList.txt", "https://www.alibabacloud.com/help/doc-detail/69271.htm");
    // The published sample misses a comma (the fixup repairs it); the warning points at it.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, 101);
    assert!(warnings[0].message.contains("line 25, column 23"), "{}", warnings[0].message);
    let committed = committed("QueryProductList");
    // This page states neither methods nor a QPS limit; a re-import keeps the spec's.
    assert!(imported.methods.is_empty() && imported.qps.is_none());
    import::keep_unstated(&mut imported, &committed);
    assert_same(&imported, &committed);
}
