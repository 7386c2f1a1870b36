//! Snapshots of the generator's output for the fixture specs, which together use every spec
//! feature. The same output is compiled into aliyun-iot's unit tests (generated/src/fixtures), so
//! a snapshot that would not build fails there. Review changes with `cargo insta review`.

use std::path::Path;

#[test]
fn fixture_operations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let specs = codegen::spec::load_in(root, Path::new("codegen/tests/fixtures/api-specs")).expect("fixture specs load");
    let output = codegen::generate::generate(&specs).expect("fixtures generate");
    assert_eq!(output.files.len(), specs.actions.len() + 1, "one module per action plus mod.rs");
    for (file, content) in &output.files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, content);
    }
}

#[test]
fn output_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = Path::new("codegen/tests/fixtures/api-specs");
    let first = codegen::generate::generate(&codegen::spec::load_in(root, dir).unwrap()).unwrap();
    let second = codegen::generate::generate(&codegen::spec::load_in(root, dir).unwrap()).unwrap();
    assert_eq!(first.files, second.files);
    for content in first.files.values() {
        assert!(!content.contains(root.to_str().unwrap()), "no absolute paths in generated code");
    }
}
