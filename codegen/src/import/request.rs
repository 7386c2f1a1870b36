//! Request parameters from the request tables. Arrays come three ways (quirk 5): `Name.N` rows
//! (and `Tag.N.Key` rows for arrays of objects), `Name|List<String>` on older pages, and plural
//! names (`IotIds|List`, `Devices|List<Device>` with a sub-table) whose wire name is the singular.
//! A list or structure the text says is JSON is one JSON-encoded string.

use super::Diagnostics;
use super::rows::{self, doc_type};
use super::table::{Row, Table};
use super::types::{DocType, Element};
use crate::spec::{Encoding, Items, Member, Type};
use std::collections::VecDeque;

pub fn build(tables: &[&Table], diagnostics: &mut Diagnostics) -> Vec<Member> {
    let Some((main, rest)) = tables.split_first() else { return Vec::new() };
    let mut sub_tables: VecDeque<&Table> = rest.iter().copied().collect();
    let mut out: Vec<Member> = Vec::new();
    for row in &main.rows {
        if rows::is_pseudo(row) || doc_type(row) == DocType::NotAType && row.name.contains(' ') {
            continue;
        }
        if let Some((base, field)) = split_repeat(&row.name) {
            add_repeated(&mut out, row, base, field, diagnostics);
            continue;
        }
        let Some(name) = rows::identifier(row, &row.name, diagnostics) else { continue };
        let member = parameter(row, name, &mut sub_tables, diagnostics);
        rows::push_unique(&mut out, member, row.line, diagnostics);
    }
    for table in sub_tables {
        diagnostics.warn(table.line, "a request table that no parameter refers to; ignored");
    }
    out
}

/// `Tag.N.Key` -> (`Tag`, Some(`Key`)); `DeviceName.N` -> (`DeviceName`, None).
fn split_repeat(name: &str) -> Option<(&str, Option<&str>)> {
    if let Some(base) = name.strip_suffix(".N").or_else(|| name.strip_suffix(".n")) {
        return Some((base, None));
    }
    let (base, field) = name.split_once(".N.").or_else(|| name.split_once(".n."))?;
    Some((base, Some(field)))
}

fn add_repeated(out: &mut Vec<Member>, row: &Row, base: &str, field: Option<&str>, diagnostics: &mut Diagnostics) {
    let Some(base) = rows::identifier(row, base, diagnostics) else { return };
    match field {
        None => {
            let element = match doc_type(row) {
                DocType::Scalar(ty) => ty,
                DocType::Array { element: Element::Scalar(ty), .. } => ty,
                _ => Type::String,
            };
            let mut m = rows::member(row, base, Type::Array);
            m.required = row.required.unwrap_or(false);
            m.items = Some(Box::new(Items { ty: element, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() }));
            rows::push_unique(out, m, row.line, diagnostics);
        }
        Some(field) => {
            let Some(field) = rows::identifier(row, field, diagnostics) else { return };
            let ty = match doc_type(row) {
                DocType::Scalar(ty) => ty,
                _ => Type::String,
            };
            let mut sub = rows::member(row, field, ty);
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

fn parameter(row: &Row, name: String, sub_tables: &mut VecDeque<&Table>, diagnostics: &mut Diagnostics) -> Member {
    let required = row.required.unwrap_or(false);
    let says_json = row.description.contains("JSON") || name.ends_with("Str") || name.ends_with("Json");
    let doc = doc_type(row);
    let mut m = match doc {
        DocType::Scalar(ty) => rows::member(row, name, ty),
        DocType::Array { .. } | DocType::Object(_) if says_json => {
            let mut m = rows::member(row, name, Type::String);
            m.encoding = Some(Encoding::Json);
            m
        }
        DocType::Array { element, .. } => {
            let (wire, element_name) = singular(&name, &element);
            if wire != name {
                diagnostics.warn(row.line, format!("the list `{name}` is sent as `{wire}.N`; imported as `{wire}`"));
            }
            let mut m = rows::member(row, wire, Type::Array);
            let items = match element {
                Element::Scalar(ty) => Items { ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() },
                Element::Named(_) | Element::Unknown => match sub_tables.pop_front() {
                    Some(table) => Items { ty: Type::Object, name: element_name, values: Vec::new(), fields: fields(table, diagnostics) },
                    None => Items { ty: Type::String, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() },
                },
            };
            m.items = Some(Box::new(items));
            m
        }
        DocType::Object(_) => {
            // RPC flattens only arrays: a structure goes as one JSON string.
            let mut m = rows::member(row, name, Type::String);
            m.encoding = Some(Encoding::Json);
            if let Some(table) = sub_tables.pop_front() {
                m.ty = Type::Object;
                m.fields = fields(table, diagnostics);
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
        let Some(name) = rows::identifier(row, &row.name, diagnostics) else { continue };
        let ty = match doc_type(row) {
            DocType::Scalar(ty) => ty,
            _ => Type::String,
        };
        let mut m = rows::member(row, name, ty);
        m.required = row.required.unwrap_or(false);
        rows::push_unique(&mut out, m, row.line, diagnostics);
    }
    out
}

/// The wire name of a list parameter documented without `.N`: `Devices|List<Device>` -> `Device`,
/// `IotIds|List` -> `IotId`; other names stay. Also the element's type name, if written.
fn singular(name: &str, element: &Element) -> (String, Option<String>) {
    let element_name = match element {
        Element::Named(n) => Some(n.clone()),
        _ => None,
    };
    if let Some(n) = &element_name
        && name.strip_suffix('s') == Some(n.as_str())
    {
        return (n.clone(), element_name);
    }
    let wire = match name.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    };
    (wire, element_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Columns;

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
        let mut d = Diagnostics::default();
        let refs: Vec<&Table> = tables.iter().collect();
        (build(&refs, &mut d).iter().map(shape).collect(), d)
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
    fn old_lists_and_plural_names() {
        let (shapes, d) = build_shapes(&[
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
        ]);
        assert_eq!(
            shapes,
            [
                "GroupId: String required",
                "Device: Array of Object [\"ProductKey\", \"DeviceName\"] required",
                "DeviceName: Array of String required",
                "IotId: Array of String",
            ]
        );
        assert_eq!(d.warnings.len(), 3);
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
