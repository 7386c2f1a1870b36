//! Importing the two seed pages gives the specs they gave when they were the committed seed specs
//! (kept beside the pages as `<Action>.yaml`; the committed specs are now imported from the API
//! metadata, keeping the seeds' prose: see `import_metadata.rs`), as data.

use codegen::import::{self, Options};
use codegen::spec::{Action, load};
use std::path::{Path, PathBuf};

/// Imports a fixture page and loads the written YAML back, as `cargo xtask import` would write it.
fn import_page(fixture: &str, source: &str) -> (Action, Vec<import::Warning>) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(fixture)).unwrap();
    let imported = import::import(&text, &Options { source: Some(source.into()), ..Options::default() }).unwrap();
    let file = PathBuf::from(format!("{}.yaml", imported.action.action));
    let yaml = import::to_yaml(&imported.action, &file).unwrap_or_else(|e| panic!("{e:?}"));
    (load::action(&file, &yaml).unwrap(), imported.warnings)
}

/// The spec a seed page gives, with what pages never state (methods, QPS) added by hand.
fn committed(action: &str) -> Action {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(format!("{action}.yaml"));
    load::action(&file, &std::fs::read_to_string(&file).unwrap()).unwrap()
}

fn assert_same(imported: &Action, committed: &Action) {
    let (a, b) = (serde_json::to_value(imported).unwrap(), serde_json::to_value(committed).unwrap());
    assert!(a == b, "imported:\n{}\ncommitted:\n{}", serde_yaml::to_string(imported).unwrap(), serde_yaml::to_string(committed).unwrap());
}

#[test]
fn list_ota_module_by_product_markdown_seed() {
    let (mut imported, warnings) = import_page("ListOTAModuleByProduct.md", "https://www.alibabacloud.com/help/doc-detail/186532.htm");
    // The tables document `Data` as a list; the published sample shows one object. The tables win,
    // and the warning names both lines.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, 28);
    assert!(warnings[0].message.contains("one object in the sample response (line 75)"), "{}", warnings[0].message);
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

/// Every `summary`/`description` key anywhere in a spec, by path.
fn prose_keys(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "summary" || k == "description" {
                    out.push(format!("{path}.{k}"));
                }
                prose_keys(v, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| prose_keys(v, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

#[test]
fn facts_only_leaves_out_all_prose_and_keeps_every_fact() {
    for (fixture, action) in [("ListOTAModuleByProduct.md", "ListOTAModuleByProduct"), ("QueryProductList.txt", "QueryProductList")] {
        let (mut imported, _) = import_page(fixture, "https://example.invalid/page");
        let mut committed = committed(action);
        // The seed pages do have prose, including value option descriptions.
        let mut before = Vec::new();
        prose_keys(&serde_json::to_value(&imported).unwrap(), "", &mut before);
        assert!(before.iter().any(|k| k == ".summary"), "{before:?}");
        if action == "QueryProductList" {
            assert!(before.iter().any(|k| k.contains(".values[")), "{before:?}");
        }

        import::facts_only(&mut imported);
        let file = PathBuf::from(format!("{action}.yaml"));
        let yaml = import::to_yaml(&imported, &file).unwrap();
        let reloaded = load::action(&file, &yaml).unwrap();
        let mut left = Vec::new();
        prose_keys(&serde_json::to_value(&reloaded).unwrap(), "", &mut left);
        assert_eq!(left, Vec::<String>::new(), "{yaml}");
        assert!(!yaml.contains("description:") && !yaml.contains("summary:"), "{yaml}");
        if action == "QueryProductList" {
            // Values that do not make variant names keep the label their description gave them.
            let mut reloaded = reloaded.clone();
            let node_type = codegen::spec::fixups::find_member(&mut reloaded, "response.Data.List.NodeType").unwrap();
            let names: Vec<_> = node_type.values.iter().map(|v| (v.value.as_str(), v.name.as_deref())).collect();
            assert_eq!(names, [("0", Some("Device")), ("1", Some("Gateway"))]);
        }

        // Everything else is what the full import gives: the committed spec without its prose.
        import::facts_only(&mut committed);
        import::keep_unstated(&mut imported, &committed);
        imported.source = committed.source.clone();
        assert_same(&imported, &committed);
        assert!(committed.examples.response.is_some() && !committed.response.is_empty());
    }
}
