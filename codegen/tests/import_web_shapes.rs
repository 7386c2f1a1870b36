//! The web plain-text layouts of quirk 18 (corpus README) that have no real page in the repository:
//! the two seed pages are rendered into each layout here (pipe rows, one cell per line, cells run
//! together) and must import to the same spec as the seed itself.

use codegen::import::page::{self, Block};
use codegen::import::table::Table;
use codegen::import::{self, Imported, Options};
use codegen::spec::Type;
use serde_json::Value;
use std::path::Path;

#[derive(Clone, Copy, Debug)]
enum Shape {
    Piped,
    CellPerLine,
    Concatenated,
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)).unwrap()
}

/// The page as a browser would render it as text, its tables in `shape`.
fn render(page_text: &str, shape: Shape) -> String {
    let page = page::read(page_text);
    let mut out = String::new();
    if let Some(title) = &page.title {
        out.push_str(&format!("{title}\n\n"));
    }
    let mut captions = 0;
    for block in &page.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push_str(&format!("{text}\n\n")),
            Block::Code { text, .. } => {
                text.lines().for_each(|l| out.push_str(&format!("    {l}\n")));
                out.push('\n');
            }
            Block::Table(table) => {
                if let Some(caption) = &table.caption {
                    captions += 1;
                    out.push_str(&format!("Table {captions}. {caption}\n"));
                }
                out.push_str(&render_table(table, shape));
                out.push('\n');
            }
        }
    }
    out
}

fn render_table(table: &Table, shape: Shape) -> String {
    let columns = table.columns;
    let mut header = vec![""; columns.count];
    header[columns.name] = "Parameter";
    header[columns.ty] = "Type";
    let optional = [(columns.required, "Required"), (columns.example, "Example"), (columns.description, "Description")];
    for (at, name) in optional {
        if let Some(at) = at {
            header[at] = name;
        }
    }
    let rows = table.rows.iter().map(|row| {
        let mut cells = vec![String::new(); columns.count];
        cells[columns.name] = row.name.clone();
        cells[columns.ty] = row.ty.clone();
        let optional = [
            (columns.required, row.required.map(|r| if r { "Yes" } else { "No" }.to_string())),
            (columns.example, row.example.clone()),
            (columns.description, Some(row.description.clone())),
        ];
        for (at, cell) in optional {
            if let (Some(at), Some(cell)) = (at, cell) {
                cells[at] = cell;
            }
        }
        cells
    });
    let mut out = String::new();
    match shape {
        Shape::Piped => {
            out.push_str(&format!("{} |\n{}\n", header.join(" | "), "---|".repeat(columns.count)));
            rows.for_each(|cells| out.push_str(&format!("{} |\n", cells.join(" | "))));
        }
        Shape::CellPerLine => {
            header.iter().for_each(|h| out.push_str(&format!("{h}\n")));
            rows.flatten().for_each(|cell| out.push_str(&format!("{cell}\n")));
        }
        Shape::Concatenated => {
            out.push_str(&format!("{}\n", header.concat()));
            rows.for_each(|cells| out.push_str(&format!("{}\n", cells.concat())));
        }
    }
    out
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
    let messages = |i: &Imported| i.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>();
    assert_eq!(messages(&actual), messages(&expected), "{shape:?}:\n{rendered}");
    actual
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
    assert!(imported.action.response.iter().all(|m| m.name != "Data"));
}
