//! The web plain-text layouts that have no real page in the repository:
//! the two seed pages are rendered into each layout here (pipe rows, one cell per line, cells run
//! together) and must import to the same spec as the seed itself.

mod web_render;

use codegen::import::{self, Imported, Options};
use codegen::spec::Type;
use serde_json::Value;
use std::path::Path;
use web_render::{Shape, render};

fn seed(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)).unwrap()
}

fn import_text(text: &str) -> Imported {
    import::import(text, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The spec as data, with every string's whitespace runs made single spaces (the layouts differ
/// in how descriptions wrap, not in what they say).
fn as_data(imported: &Imported) -> Value {
    fn squeeze(value: &mut Value) {
        match value {
            Value::String(s) => *s = s.split_whitespace().collect::<Vec<_>>().join(" "),
            Value::Array(items) => items.iter_mut().for_each(squeeze),
            Value::Object(map) => map.values_mut().for_each(squeeze),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(&imported.action).unwrap();
    squeeze(&mut value);
    value
}

fn assert_same_spec(seed_name: &str, shape: Shape) -> Imported {
    assert_same_spec_but(seed_name, shape, |_| {})
}

/// Like [`assert_same_spec`], once `known_difference` has been undone in the imported spec.
fn assert_same_spec_but(seed_name: &str, shape: Shape, known_difference: impl Fn(&mut Value)) -> Imported {
    let seed_text = seed(seed_name);
    let rendered = render(&seed_text, shape);
    let (expected, actual) = (import_text(&seed_text), import_text(&rendered));
    let (mut a, b) = (as_data(&actual), as_data(&expected));
    known_difference(&mut a);
    assert!(a == b, "{shape:?}:\n{rendered}\nimported:\n{}\nseed:\n{}", serde_yaml::to_string(&a).unwrap(), serde_yaml::to_string(&b).unwrap());
    // The same page facts warn the same, bar the page lines.
    let messages = |i: &Imported| i.warnings.iter().map(|w| without_line_numbers(&w.message)).collect::<Vec<_>>();
    assert_eq!(messages(&actual), messages(&expected), "{shape:?}:\n{rendered}");
    actual
}

/// A message without the page lines it names (`(line 75)`).
fn without_line_numbers(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("(line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "(line ".len()..];
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(')');
    }
    out.push_str(rest);
    out
}

#[test]
fn pipe_rows_import_like_the_seeds() {
    for seed in ["QueryProductList.txt", "ListOTAModuleByProduct.md"] {
        assert_same_spec(seed, Shape::Piped);
    }
}

#[test]
fn one_cell_per_line_imports_like_the_seeds() {
    assert_same_spec("QueryProductList.txt", Shape::CellPerLine);
    // With nothing to close a row, the paragraph after the request table reads as more of the
    // last row's description, as in the spaced layout.
    assert_same_spec_but("ListOTAModuleByProduct.md", Shape::CellPerLine, |spec| {
        let description = &mut spec["request"][1]["description"];
        let own = "The instance ID. This parameter is not required for the public instance but required for your purchased instances.";
        let text = description.as_str().unwrap();
        assert!(text.starts_with(own) && text.ends_with("see Common request parameters."), "{text}");
        *description = Value::from(own);
    });
}

#[test]
fn cells_run_together_import_like_the_seed_without_an_example_column() {
    assert_same_spec("QueryProductList.txt", Shape::Concatenated);
}

#[test]
fn cells_run_together_with_an_example_column_keep_names_types_and_required_flags() {
    let rendered = render(&seed("ListOTAModuleByProduct.md"), Shape::Concatenated);
    let imported = import_text(&rendered);
    let request: Vec<_> = imported.action.request.iter().map(|m| (m.name.as_str(), m.ty, m.required, m.example.as_deref())).collect();
    assert_eq!(request, [("ProductKey", Type::String, true, None), ("IotInstanceId", Type::String, false, None)]);
    let line_of = |needle: &str| rendered.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    // Every row with an example says it was not read; `Array of OtaModuleDTO` runs into the next
    // cell with nothing to tell where the element name ends, so that row is not read at all.
    let warned: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    for row in ["ActionString", "ProductKeyString", "CodeString", "AliasNameString", "SuccessBoolean"] {
        assert!(warned.contains(&line_of(row)), "{row}: {:?}", imported.warnings);
    }
    let data = imported.warnings.iter().find(|w| w.line == line_of("DataArray of")).expect("the Data row warns");
    assert!(data.message.contains("several ways"), "{}", data.message);
    // Its rows then read as top-level fields, which the sample shows under `Data`: they are
    // imported there (as the one object the sample shows), and the import says so.
    let data = imported.action.response.iter().find(|m| m.name == "Data").expect("Data from the sample");
    assert_eq!(data.ty, Type::Object);
    assert!(data.fields.iter().any(|f| f.name == "ModuleName"), "{data:?}");
    let (_, notes) = import::import_with_notes(&rendered, &Options::default()).unwrap();
    assert!(notes.iter().any(|n| n.message.contains("in `Data`, an object the tables do not name")), "{notes:?}");
}
