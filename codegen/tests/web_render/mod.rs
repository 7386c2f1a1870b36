//! Renders a page as the plain text of a web page whose tables are in one of the layouts browsers
//! and converters give, for tests: there are no real pages of these layouts in the repository.

use codegen::import::layout::table::Table;
use codegen::import::layout::{self, Block};

#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    Piped,
    CellPerLine,
    Concatenated,
}

/// The page as a browser would render it as text, its tables in `shape`.
pub(crate) fn render(page_text: &str, shape: Shape) -> String {
    let page = layout::read(page_text);
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
