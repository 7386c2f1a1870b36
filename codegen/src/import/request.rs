//! Request parameters from the request tables. Arrays come three ways: `Name.N` rows
//! (and `Tag.N.Key` rows for arrays of objects), `Name|List<String>` on older pages, and
//! `Devices|List<Device>` with a sub-table of the element's fields (a list of structures, sent as
//! `Devices.1.ProductKey`), or on today's reference `Tag|array<object>` with an element row and
//! the element's fields after it. The wire name is the one the page documents, unless the page's own
//! sample request sends another (`IotIds` documented, `IotId.1=` sent): then the sample's, with a
//! note. A list or structure the text says is JSON is one JSON-encoded string.

use super::Diagnostics;
use super::layout::table::{Row, Table};
use super::rows::{self, doc_type};
use super::sample::RequestSample;
use super::types::{self, DocType, Element};
use crate::spec::{Encoding, Items, Member, Type};

pub(super) fn build(tables: &[&Table], sent: &RequestSample, diagnostics: &mut Diagnostics) -> Vec<Member> {
    let Some((main, rest)) = tables.split_first() else { return Vec::new() };
    let mut sub_tables = SubTables { tables: rest.to_vec() };
    let mut out: Vec<Member> = Vec::new();
    // Today's API reference: a list whose element is a row of its own (`object`, no name), the
    // element's fields following it to the end of the table (a copy loses their indentation).
    let mut element: Option<OpenElement> = None;
    for (at, row) in main.rows.iter().enumerate() {
        let list = at.checked_sub(1).map(|i| &main.rows[i]).filter(|p| !p.name.is_empty() && matches!(doc_type(p), DocType::Array { .. }));
        if let Some(list) = list.filter(|_| row.name.is_empty()) {
            match doc_type(row) {
                DocType::Object(None) => {
                    element = Some(OpenElement { list: list.name.clone(), line: list.line, rows: 0 });
                    continue;
                }
                DocType::Scalar(ty) => {
                    if let Some(items) = out.iter_mut().find(|m| m.name == list.name).and_then(|m| m.items.as_mut()) {
                        items.ty = ty;
                    }
                    continue;
                }
                _ => {}
            }
        }
        // A list of structures of its own (its element row follows) starts a new block: the
        // elements of request lists hold no such lists.
        let next_is_element = main.rows.get(at + 1).is_some_and(|n| n.name.is_empty() && doc_type(n) == DocType::Object(None));
        // So does a name the element already has.
        let repeated = element.as_ref().is_some_and(|open| {
            let fields = out.iter().find(|m| m.name == open.list).and_then(|m| m.items.as_ref()).map(|i| i.fields.as_slice()).unwrap_or_default();
            fields.iter().any(|f| f.name == row.name)
        });
        if next_is_element || repeated {
            element = None;
        }
        if let Some(open) = element.as_mut() {
            let field = if matches!(doc_type(row), DocType::Array { .. }) { format!("{}.N", row.name) } else { row.name.clone() };
            add_repeated(&mut out, row, &open.list, Some(&field), &mut sub_tables, diagnostics);
            open.rows += 1;
            continue;
        }
        if rows::is_pseudo(row) || doc_type(row) == DocType::NotAType && row.name.contains(' ') {
            continue;
        }
        required_cell(row, diagnostics);
        if let Some((base, field)) = split_repeat(&row.name) {
            add_repeated(&mut out, row, base, field, &mut sub_tables, diagnostics);
            continue;
        }
        let Some(name) = rows::identifier(row, &row.name, diagnostics) else { continue };
        let member = parameter(row, name, &mut sub_tables, sent, diagnostics);
        rows::push_unique(&mut out, member, row.line, diagnostics);
    }
    if let Some(OpenElement { list, line, rows: taken @ 1.. }) = element {
        let (what, verb) = if taken == 1 { ("the row".to_string(), "is") } else { (format!("the {taken} rows"), "are") };
        diagnostics
            .warn(line, format!("{what} after `{list}`'s element row {verb} read as its elements' fields: the page does not show where they end"));
    }
    for table in sub_tables.tables {
        diagnostics.warn(table.line, "a request table that no parameter refers to; ignored");
    }
    out
}

/// The list of today's reference whose element's fields are being read: its name, its row's line,
/// and how many rows its fields took so far.
struct OpenElement {
    list: String,
    line: usize,
    rows: usize,
}

/// A required cell that says neither yes nor no (`Maybe`, `Conditional`) is a doubt.
pub(super) fn required_cell(row: &Row, diagnostics: &mut Diagnostics) {
    let cell = row.required_cell.trim();
    if row.required.is_none() && !cell.is_empty() && !matches!(cell, "-" | "–" | "—") {
        diagnostics.warn(row.line, format!("`{}`: the required cell `{cell}` says neither yes nor no; imported as not required", row.name));
    }
}

/// The request sub-tables not yet given to a parameter.
struct SubTables<'a> {
    tables: Vec<&'a Table>,
}

impl<'a> SubTables<'a> {
    /// The sub-table of a parameter: the one whose caption names it (one of `names`: its name, its
    /// element's or type's; or the structure its row's text points to), else the next one in page
    /// order.
    fn take(&mut self, names: impl IntoIterator<Item = String>, row: &Row) -> Option<&'a Table> {
        let names: Vec<String> = names.into_iter().chain(rows::structure_mention(&row.description)).collect();
        let named = self.tables.iter().position(|t| t.caption.as_ref().is_some_and(|c| names.iter().any(|n| n.eq_ignore_ascii_case(c))));
        let at = named.or_else(|| (!self.tables.is_empty()).then_some(0))?;
        Some(self.tables.remove(at))
    }
}

/// `Tag.N.Key` -> (`Tag`, Some(`Key`)); `DeviceName.N` -> (`DeviceName`, None).
/// `Param.N.Values.N` -> (`Param`, Some(`Values.N`)): a list inside each element.
fn split_repeat(name: &str) -> Option<(&str, Option<&str>)> {
    if let Some((base, field)) = name.split_once(".N.").or_else(|| name.split_once(".n.")) {
        return Some((base, Some(field)));
    }
    let base = name.strip_suffix(".N").or_else(|| name.strip_suffix(".n"))?;
    Some((base, None))
}

fn add_repeated(out: &mut Vec<Member>, row: &Row, base: &str, field: Option<&str>, sub_tables: &mut SubTables, diagnostics: &mut Diagnostics) {
    let Some(base) = rows::identifier(row, base, diagnostics) else { return };
    match field {
        None => {
            let mut m = rows::member(row, base, Type::Array);
            m.required = row.required.unwrap_or(false);
            // `Configuration.N` typed `Configuration` (or `Struct`): a list of the structure a
            // sub-table describes; else of the scalar its type says (`Err`: a word naming none).
            let (structure, scalar) = match doc_type(row) {
                DocType::Scalar(ty) | DocType::Array { element: Element::Scalar(ty), .. } => (None, Ok(ty)),
                DocType::Object(word) => (sub_tables.take([m.name.clone()].into_iter().chain(word.clone()), row), word.map_or(Ok(Type::String), Err)),
                DocType::Array { element: Element::Named(word), .. } => (sub_tables.take([m.name.clone(), word.clone()], row), Err(word)),
                _ => (None, Ok(Type::String)),
            };
            let items = match structure {
                Some(table) => Items { ty: Type::Object, name: None, values: Vec::new(), fields: fields(table, diagnostics) },
                None => {
                    let ty = scalar.unwrap_or_else(|word| {
                        let (ty, message) = unknown_type(&word);
                        diagnostics.warn(row.line, format!("`{}`: {message}", row.name));
                        ty
                    });
                    Items { ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() }
                }
            };
            m.items = Some(Box::new(items));
            rows::push_unique(out, m, row.line, diagnostics);
        }
        Some(field) => {
            let list = field.strip_suffix(".N").or_else(|| field.strip_suffix(".n"));
            let Some(field) = rows::identifier(row, list.unwrap_or(field), diagnostics) else { return };
            let mut sub = match list {
                Some(_) => {
                    let element = match doc_type(row) {
                        DocType::Scalar(ty) | DocType::Array { element: Element::Scalar(ty), .. } => ty,
                        _ => Type::String,
                    };
                    let mut m = rows::member(row, field, Type::Array);
                    m.items = Some(Box::new(Items { ty: element, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() }));
                    m
                }
                None => rows::member(row, field, scalar_or_string(row, diagnostics)),
            };
            sub.required = row.required.unwrap_or(false);
            let index = match out.iter().position(|m| m.name == base) {
                Some(i) => i,
                None => {
                    out.push(Member::new(base, Type::Array));
                    out.len() - 1
                }
            };
            let array = &mut out[index];
            array.ty = Type::Array;
            let items = array.items.get_or_insert_with(|| Box::new(Items { ty: Type::Object, name: None, values: Vec::new(), fields: Vec::new() }));
            items.ty = Type::Object;
            items.values.clear();
            if items.fields.iter().any(|f| f.name == sub.name) {
                diagnostics.warn(row.line, format!("`{}` is documented twice; the second row is ignored", row.name));
            } else {
                items.fields.push(sub);
            }
        }
    }
}

/// The scalar type of a row that can only hold a scalar; anything else is a String, with a
/// warning where the cell is a spelling the importer does not know.
fn scalar_or_string(row: &Row, diagnostics: &mut Diagnostics) -> Type {
    match doc_type(row) {
        DocType::Scalar(ty) => ty,
        DocType::Object(Some(word)) => {
            let (ty, message) = unknown_type(&word);
            diagnostics.warn(row.line, format!("`{}`: {message}", row.name));
            ty
        }
        _ => Type::String,
    }
}

/// What an unknown type spelling is read as, and the warning that says so: a near spelling of a
/// known type (`Strng`) is that type; anything else a String.
fn unknown_type(word: &str) -> (Type, String) {
    match types::near_scalar(word) {
        Some(ty) => (ty, format!("the type `{word}` is no known type spelling; read as {ty}")),
        None => (Type::String, format!("the type `{word}` is no known type spelling and no structure the page describes; imported as String")),
    }
}

fn parameter(row: &Row, name: String, sub_tables: &mut SubTables, sent: &RequestSample, diagnostics: &mut Diagnostics) -> Member {
    let required = row.required.unwrap_or(false);
    let says_json = row.description.contains("JSON") || name.ends_with("Str") || name.ends_with("Json");
    let doc = doc_type(row);
    let mut m = match doc {
        DocType::Scalar(ty) => match sent.list_line(&name) {
            // Documented as one value, sent as a list by the page's own sample request.
            Some(line) if !says_json => {
                diagnostics.note(
                    row.line,
                    format!("`{name}` is sent as a list (`{name}.1`) by the sample request (line {line}); imported as a list of {ty}"),
                );
                let mut m = rows::member(row, name, Type::Array);
                m.items = Some(Box::new(Items { ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() }));
                m
            }
            _ => rows::member(row, name, ty),
        },
        DocType::Array { .. } | DocType::Object(_) if says_json => {
            let mut m = rows::member(row, name, Type::String);
            m.encoding = Some(Encoding::Json);
            m
        }
        DocType::Array { element, .. } => {
            let element_name = match &element {
                Element::Named(n) => Some(n.clone()),
                _ => None,
            };
            let wire = wire_name(row, &name, element_name.as_deref(), sent, diagnostics);
            let mut m = rows::member(row, wire.clone(), Type::Array);
            let names = [name.clone(), wire.clone()].into_iter().chain(element_name.clone());
            let items = match element {
                Element::Scalar(ty) => Items { ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() },
                Element::Named(_) | Element::Unknown => match sub_tables.take(names, row) {
                    Some(table) => Items { ty: Type::Object, name: element_name, values: Vec::new(), fields: fields(table, diagnostics) },
                    None => match sent.list_fields(&wire)[..] {
                        [] => Items { ty: Type::String, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() },
                        ref sent_fields => {
                            diagnostics.warn(
                                row.line,
                                format!(
                                    "the fields of the elements of `{wire}` are taken from the sample request ({}); imported as Strings",
                                    sent_fields.join(", ")
                                ),
                            );
                            let fields = sent_fields.iter().map(|f| Member::new(f.clone(), Type::String)).collect();
                            Items { ty: Type::Object, name: element_name, values: Vec::new(), fields }
                        }
                    },
                },
            };
            m.items = Some(Box::new(items));
            m
        }
        DocType::Object(word) => {
            // RPC flattens only arrays: a structure goes as one JSON string.
            let table = sub_tables.take([name.clone()].into_iter().chain(word.clone()), row);
            let mut m = rows::member(row, name, Type::String);
            m.encoding = Some(Encoding::Json);
            match table {
                Some(table) => {
                    m.ty = Type::Object;
                    m.fields = fields(table, diagnostics);
                }
                None => {
                    if let Some(word) = word.filter(|w| types::near_scalar(w).is_some()) {
                        let (ty, message) = unknown_type(&word);
                        diagnostics.warn(row.line, format!("`{}`: {message}", row.name));
                        m.ty = ty;
                        m.encoding = None;
                    } else if let Some(word) = row.ty.split_whitespace().next().filter(|_| !row.description.contains("JSON")) {
                        diagnostics.warn(
                            row.line,
                            format!("`{}`: the type `{word}` is no known type spelling and no structure the page describes; imported as a JSON-encoded String", row.name),
                        );
                    }
                }
            }
            m
        }
        DocType::Marker | DocType::NotAType => {
            diagnostics.warn(row.line, format!("`{}` has no type (`{}`); imported as String", row.name, row.ty));
            rows::member(row, name, Type::String)
        }
    };
    m.required = required;
    m
}

/// The fields of an object element from its sub-table (scalars; nested lists are strings).
fn fields(table: &Table, diagnostics: &mut Diagnostics) -> Vec<Member> {
    let mut out = Vec::new();
    for row in &table.rows {
        if rows::is_pseudo(row) {
            continue;
        }
        required_cell(row, diagnostics);
        let Some(name) = rows::identifier(row, &row.name, diagnostics) else { continue };
        let mut m = match doc_type(row) {
            // A list of scalars in each element (`Param.1.Values.1`).
            DocType::Array { element: Element::Scalar(ty), .. } if !row.description.contains("JSON") => {
                let mut m = rows::member(row, name, Type::Array);
                m.items = Some(Box::new(Items { ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() }));
                m
            }
            DocType::Array { .. } | DocType::Object(None) => rows::member(row, name, Type::String),
            _ => rows::member(row, name, scalar_or_string(row, diagnostics)),
        };
        m.required = row.required.unwrap_or(false);
        rows::push_unique(&mut out, m, row.line, diagnostics);
    }
    out
}

/// The wire name of a list parameter documented without `.N`: the documented name, unless the
/// page's sample request sends the list under another spelling of it (the singular `IotId.1`
/// for `IotIds`, the element's name `Device.1.ProductKey` for `Devices|List<Device>`).
fn wire_name(row: &Row, name: &str, element: Option<&str>, sent: &RequestSample, diagnostics: &mut Diagnostics) -> String {
    if sent.list_line(name).is_some() {
        return name.to_string();
    }
    let singular = name.strip_suffix("es").filter(|s| s.ends_with(['s', 'x', 'h'])).or_else(|| name.strip_suffix('s'));
    let other = sent.lists().into_iter().find(|(base, _)| {
        Some(*base) == singular || Some(*base) == element || name.strip_suffix("List") == Some(base) || base.eq_ignore_ascii_case(name)
    });
    match other {
        Some((base, line)) => {
            diagnostics.note(row.line, format!("the list `{name}` is sent as `{base}.1` by the sample request (line {line}); imported as `{base}`"));
            base.to_string()
        }
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::table::Columns;

    fn table(line: usize, rows: &[(&str, &str, bool, &str)]) -> Table {
        let columns = Columns::from_header(&["Parameter", "Type", "Required", "Description"]).unwrap();
        Table {
            line,
            caption: None,
            columns,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (name, ty, required, description))| Row {
                    line: line + 2 + i,
                    name: name.to_string(),
                    ty: ty.to_string(),
                    required: Some(*required),
                    required_cell: String::new(),
                    example: None,
                    description: description.to_string(),
                })
                .collect(),
        }
    }

    fn shape(m: &Member) -> String {
        match &m.items {
            Some(items) if items.ty == Type::Object => {
                let fields: Vec<_> = items.fields.iter().map(|f| f.name.as_str()).collect();
                format!("{}: {} of Object {:?}{}", m.name, m.ty, fields, if m.required { " required" } else { "" })
            }
            Some(items) => format!("{}: {} of {}{}", m.name, m.ty, items.ty, if m.required { " required" } else { "" }),
            None => format!("{}: {}{}{}", m.name, m.ty, if m.encoding.is_some() { " json" } else { "" }, if m.required { " required" } else { "" }),
        }
    }

    fn build_shapes(tables: &[Table]) -> (Vec<String>, Diagnostics) {
        build_sent(tables, &RequestSample::default())
    }

    fn build_sent(tables: &[Table], sent: &RequestSample) -> (Vec<String>, Diagnostics) {
        let mut d = Diagnostics::default();
        let refs: Vec<&Table> = tables.iter().collect();
        (build(&refs, sent, &mut d).iter().map(shape).collect(), d)
    }

    fn sent(names: &[&str]) -> RequestSample {
        RequestSample { names: names.iter().enumerate().map(|(i, n)| (n.to_string(), 40 + i)).collect() }
    }

    #[test]
    fn pseudo_rows_are_dropped() {
        let (shapes, _) = build_shapes(&[table(
            1,
            &[
                ("Action", "String", true, "Set the value to X."),
                ("ProductKey", "String", true, ""),
                ("Common request parameters", "-", true, "See Common parameters."),
            ],
        )]);
        assert_eq!(shapes, ["ProductKey: String required"]);
    }

    #[test]
    fn repeat_list_rows_and_struct_arrays() {
        let (shapes, _) = build_shapes(&[table(
            1,
            &[
                ("SrcVersion.N", "RepeatList", false, "Versions."),
                ("Tag.N.Key", "String", true, "Tag key."),
                ("Tag.N.Value", "String", true, "Tag value."),
            ],
        )]);
        assert_eq!(shapes, ["SrcVersion: Array of String", "Tag: Array of Object [\"Key\", \"Value\"]"]);
    }

    #[test]
    fn old_lists_keep_their_documented_names() {
        let tables = [
            table(
                1,
                &[
                    ("GroupId", "String", true, ""),
                    ("Devices", "List<Device>", true, "The devices. See the following table for device parameters."),
                    ("DeviceNames", "List<String>", true, ""),
                    ("IotIds", "List", false, ""),
                ],
            ),
            table(10, &[("ProductKey", "String", true, ""), ("DeviceName", "String", true, "")]),
        ];
        let (shapes, d) = build_shapes(&tables);
        assert_eq!(
            shapes,
            [
                "GroupId: String required",
                "Devices: Array of Object [\"ProductKey\", \"DeviceName\"] required",
                "DeviceNames: Array of String required",
                "IotIds: Array of String",
            ]
        );
        assert!(d.warnings.is_empty() && d.notes.is_empty(), "{d:?}");
        // The page's own sample request shows other wire names: they win, with a note each.
        let (shapes, d) = build_sent(&tables, &sent(&["GroupId", "Device.1.ProductKey", "Device.1.DeviceName", "DeviceNames.1", "IotId.1"]));
        assert_eq!(
            shapes,
            [
                "GroupId: String required",
                "Device: Array of Object [\"ProductKey\", \"DeviceName\"] required",
                "DeviceNames: Array of String required",
                "IotId: Array of String",
            ]
        );
        assert_eq!(d.notes.len(), 2, "{d:?}");
        assert!(d.notes[1].message.contains("sent as `IotId.1` by the sample request (line 44)"), "{:?}", d.notes);
    }

    #[test]
    fn the_case_of_a_sample_request_is_no_witness() {
        // Sample requests are written loosely (`productKey=`); the table's spelling stays.
        let (shapes, d) = build_sent(&[table(1, &[("ProductKey", "String", true, "")])], &sent(&["productKey"]));
        assert_eq!(shapes, ["ProductKey: String required"]);
        assert!(d.notes.is_empty());
    }

    #[test]
    fn a_scalar_the_sample_request_sends_as_a_list_is_a_list() {
        let (shapes, d) = build_sent(&[table(1, &[("DeviceName", "String", true, "")])], &sent(&["DeviceName.1", "DeviceName.2"]));
        assert_eq!(shapes, ["DeviceName: Array of String required"]);
        assert_eq!(d.notes.len(), 1);
    }

    #[test]
    fn struct_lists_take_the_sub_table_their_caption_names() {
        let mut tags = table(20, &[("Key", "String", true, ""), ("Value", "String", false, "")]);
        tags.caption = Some("Tag".into());
        let mut devices = table(10, &[("ProductKey", "String", true, ""), ("DeviceName", "String", true, "")]);
        devices.caption = Some("Device".into());
        let (shapes, d) = build_shapes(&[
            table(1, &[("Tags", "List<Tag>", false, "The tags."), ("Devices", "List", true, "The devices. For details, see DeviceInfo.")]),
            tags,
            devices,
        ]);
        // `Devices` has no caption of its own: it takes the sub-table left.
        assert_eq!(shapes, ["Tags: Array of Object [\"Key\", \"Value\"]", "Devices: Array of Object [\"ProductKey\", \"DeviceName\"] required"]);
        assert!(d.warnings.is_empty(), "{d:?}");
    }

    #[test]
    fn unknown_type_spellings_and_required_cells_warn() {
        let mut rows = table(1, &[("Name", "Strng", true, ""), ("Config", "Setting", false, ""), ("Mode", "String", false, "")]);
        rows.rows[2].required = None;
        rows.rows[2].required_cell = "Maybe".into();
        let (shapes, d) = build_shapes(&[rows]);
        assert_eq!(shapes, ["Name: String required", "Config: String json", "Mode: String"]);
        let lines: Vec<usize> = d.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 4, 5], "{:?}", d.warnings);
        assert!(d.warnings[0].message.contains("`Strng` is no known type spelling; read as String"));
        assert!(d.warnings[1].message.contains("`Setting` is no known type spelling"));
        assert!(d.warnings[2].message.contains("`Maybe`"));
    }

    #[test]
    fn lists_that_are_json_strings() {
        let (shapes, _) = build_shapes(&[table(1, &[("DeviceListStr", "List", true, "The sub-devices, a JSON array.")])]);
        assert_eq!(shapes, ["DeviceListStr: String json required"]);
    }

    #[test]
    fn names_with_spaces() {
        let (shapes, d) = build_shapes(&[table(1, &[("Group ID", "String", true, "")])]);
        assert_eq!(shapes, ["GroupId: String required"]);
        assert!(d.warnings[0].message.contains("GroupId"));
    }
}
