//! Response fields from the response tables, as a tree.
//!
//! Two layouts: 2019+ pages nest inline (children right after their parent row, no end marker;
//! rows are sorted per level, so a name that sorts lower than its predecessor closes the scope);
//! older pages put each structure in its own untitled table, in the order their parents appear.
//! Arrays: `Array of X` is bare unless a marker row `|X| | |` follows (then `wrapper: X`); an old
//! `List`/`List<X>` is a wrapper whose element key comes from the sample, else from the page.
//! The sample also settles where an inline block ends when sorting cannot, and gives the fields
//! of structures the page names but does not describe.

use super::Diagnostics;
use super::rows::{self, doc_type};
use super::table::{Row, Table};
use super::types::{ArrayStyle, DocType, Element};
use crate::spec::{Items, Member, Type};
use serde_json::Value;
use std::collections::VecDeque;

/// Handled by the runtime for every action; not part of `response`.
pub const COMMON_FIELDS: [&str; 4] = aliyun_rpc_runtime::protocol::envelope::DOCUMENTED;

/// A documented row and the rows nested under it.
struct Node<'a> {
    row: &'a Row,
    doc: DocType,
    /// The `|X| | |` row after an `Array of X`.
    marker: Option<String>,
    /// The sub-table an older page gave this structure.
    caption: Option<String>,
    children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    fn new(row: &'a Row) -> Self {
        Node { row, doc: doc_type(row), marker: None, caption: None, children: Vec::new() }
    }

    /// Whether rows (or a sub-table) describe what the node holds. A `List` whose example is a
    /// `[...]` literal holds scalars.
    fn is_structure(&self) -> bool {
        match &self.doc {
            DocType::Object(_) | DocType::Array { element: Element::Named(_), .. } => true,
            DocType::Array { element: Element::Unknown, .. } => !self.row.example.as_deref().is_some_and(|e| e.starts_with('[')),
            _ => false,
        }
    }
}

pub fn build(tables: &[&Table], sample: &Value, diagnostics: &mut Diagnostics) -> Vec<Member> {
    let roots = match tables {
        [] => return Vec::new(),
        [single] => inline(single, sample),
        [main, rest @ ..] => separate(main, rest, diagnostics),
    };
    let mut out = Vec::new();
    for node in &roots {
        if COMMON_FIELDS.contains(&node.row.name.as_str()) {
            continue;
        }
        if let Some(m) = member(node, sample.get(&node.row.name), diagnostics) {
            rows::push_unique(&mut out, m, node.row.line, diagnostics);
        }
    }
    out
}

/// One table whose nested rows follow their parent.
fn inline<'a>(table: &'a Table, sample: &Value) -> Vec<Node<'a>> {
    let mut roots = Vec::new();
    // The structures whose children are being read, outermost first, and their field path.
    let mut open: Vec<Node<'a>> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    for row in &table.rows {
        let node = Node::new(row);
        if node.doc == DocType::Marker
            && let Some(parent) = open.last_mut()
            && parent.children.is_empty()
            && parent.marker.is_none()
            && matches!(parent.doc, DocType::Array { .. })
        {
            parent.marker = Some(row.name.clone());
            continue;
        }
        while !open.is_empty() && closes(&open, &path, &node.row.name, sample) {
            let done = open.pop().expect("checked");
            path.pop();
            attach(&mut open, &mut roots, done);
        }
        if node.is_structure() {
            path.push(node.row.name.clone());
            open.push(node);
        } else {
            attach(&mut open, &mut roots, node);
        }
    }
    while let Some(done) = open.pop() {
        attach(&mut open, &mut roots, done);
    }
    roots
}

fn attach<'a>(open: &mut [Node<'a>], roots: &mut Vec<Node<'a>>, node: Node<'a>) {
    match open.last_mut() {
        Some(parent) => parent.children.push(node),
        None => roots.push(node),
    }
}

/// Whether `name` no longer belongs to the innermost open structure.
fn closes(open: &[Node], path: &[String], name: &str, sample: &Value) -> bool {
    if COMMON_FIELDS.contains(&name) {
        return true;
    }
    let parent = open.last().expect("caller checks");
    // Sorted levels: a name that sorts before its predecessor starts a new level up. Pages sort
    // either by bytes (`CreateUserId` < `Created`, `UtcOnline` < `iotId`) or ignoring case; only a
    // name that sorts lower both ways surely closes the level.
    if let Some(last) = parent.children.last() {
        let last = &last.row.name;
        if name < last.as_str() && name.to_lowercase() < last.to_lowercase() {
            return true;
        }
    }
    // The sample shows the key one level up and not here.
    let here = keys_at(sample, path);
    let above = keys_at(sample, &path[..path.len() - 1]);
    match (here, above) {
        (Some(here), Some(above)) => !here.iter().any(|k| k == name) && above.iter().any(|k| k == name),
        _ => false,
    }
}

/// The keys of the sample's objects at a field path, looking through arrays and wrappers.
fn keys_at(sample: &Value, path: &[String]) -> Option<Vec<String>> {
    let mut level = vec![sample];
    for name in path {
        let mut next = Vec::new();
        for value in level {
            if let Some(v) = value.get(name) {
                next.extend(objects_inside(v));
            }
        }
        if next.is_empty() {
            return None;
        }
        level = next;
    }
    let keys: Vec<String> = level.iter().filter_map(|v| v.as_object()).flat_map(|o| o.keys().cloned()).collect();
    (!keys.is_empty()).then_some(keys)
}

/// The objects a field's value holds: itself, its elements, or the elements under its one wrapper key.
fn objects_inside(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().filter(|v| v.is_object()).collect(),
        Value::Object(map) if map.len() == 1 => match map.values().next() {
            Some(Value::Array(items)) => items.iter().filter(|v| v.is_object()).collect(),
            _ => vec![value],
        },
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    }
}

/// The old layout: the first table holds the roots; each following table describes the next
/// structure still waiting for one, or the one its `Table 2. ProductInfo` caption names.
fn separate<'a>(main: &'a Table, rest: &'a [&'a Table], diagnostics: &mut Diagnostics) -> Vec<Node<'a>> {
    let mut roots: Vec<Node<'a>> = main.rows.iter().map(Node::new).collect();
    // Paths (child indices) of structures waiting for their table, in page order.
    let mut waiting: VecDeque<Vec<usize>> = (0..roots.len()).filter(|&i| roots[i].is_structure()).map(|i| vec![i]).collect();
    for table in rest {
        let by_caption = table
            .caption
            .as_ref()
            .and_then(|caption| waiting.iter().position(|path| structure_names(node_at(&roots, path)).iter().any(|n| n == caption)));
        let Some(path) = by_caption.or((!waiting.is_empty()).then_some(0)).and_then(|i| waiting.remove(i)) else {
            diagnostics.warn(table.line, "a response table that no field refers to; ignored");
            continue;
        };
        let node = node_at_mut(&mut roots, &path);
        node.caption = table.caption.clone();
        for row in &table.rows {
            node.children.push(Node::new(row));
        }
        for (i, child) in node.children.iter().enumerate() {
            if child.is_structure() {
                let mut child_path = path.clone();
                child_path.push(i);
                waiting.push_back(child_path);
            }
        }
    }
    roots
}

fn node_at<'n, 'a>(roots: &'n [Node<'a>], path: &[usize]) -> &'n Node<'a> {
    let mut node = &roots[path[0]];
    for &i in &path[1..] {
        node = &node.children[i];
    }
    node
}

fn node_at_mut<'n, 'a>(roots: &'n mut [Node<'a>], path: &[usize]) -> &'n mut Node<'a> {
    let mut node = &mut roots[path[0]];
    for &i in &path[1..] {
        node = &mut node.children[i];
    }
    node
}

/// Names under which the page may refer to a structure's own table.
fn structure_names(node: &Node) -> Vec<String> {
    let mut names = vec![node.row.name.clone()];
    match &node.doc {
        DocType::Object(Some(n)) | DocType::Array { element: Element::Named(n), .. } => names.push(n.clone()),
        _ => {}
    }
    names.extend(rows::table_pointer(&node.row.description));
    names
}

/// The member for a node; `sample` is the node's value in the sample response, if any.
fn member(node: &Node, sample: Option<&Value>, diagnostics: &mut Diagnostics) -> Option<Member> {
    let row = node.row;
    let name = rows::identifier(row, &row.name, diagnostics)?;
    let m = match &node.doc {
        DocType::Scalar(ty) => rows::member(row, name, *ty),
        // A named structure that the sample shows as `{X: [...]}` is an old-style list wrapper.
        DocType::Object(Some(_)) if wrapped_array(sample).is_some() => {
            let element = Element::Unknown;
            array(node, name, &element, ArrayStyle::List, sample, diagnostics)
        }
        DocType::Object(_) => {
            let mut m = rows::member(row, name, Type::Object);
            m.fields = children(node, sample, diagnostics);
            if m.fields.is_empty() {
                diagnostics.warn(row.line, format!("`{}` has no documented fields; imported as String", row.name));
                m.ty = Type::String;
            }
            m
        }
        DocType::Array { element, style } => array(node, name, element, *style, sample, diagnostics),
        DocType::Marker | DocType::NotAType => {
            diagnostics.warn(row.line, format!("`{}` has no type (`{}`); imported as String", row.name, row.ty));
            rows::member(row, name, Type::String)
        }
    };
    Some(m)
}

fn array(node: &Node, name: String, element: &Element, style: ArrayStyle, sample: Option<&Value>, diagnostics: &mut Diagnostics) -> Member {
    let row = node.row;
    let mut m = rows::member(row, name, Type::Array);
    let documented_name = match element {
        Element::Named(n) => Some(n.clone()),
        _ => node.caption.clone().or_else(|| rows::table_pointer(&row.description)),
    };
    let wrapper = match style {
        ArrayStyle::ArrayOf => node.marker.clone(),
        ArrayStyle::Plain => None,
        // An old `List`: the sample shows the element key (or a bare array); else the page's name for it.
        ArrayStyle::List => match sample {
            Some(_) if wrapped_array(sample).is_some() => wrapped_array(sample).cloned(),
            Some(Value::Object(map)) if map.len() == 1 => map.keys().next().cloned(),
            Some(Value::Array(_)) => None,
            _ => {
                if documented_name.is_none() {
                    diagnostics.warn(row.line, format!("the element key of the list `{}` is unknown; imported as a bare array", row.name));
                }
                documented_name.clone()
            }
        },
    };
    let elements = match (&wrapper, sample) {
        (Some(w), Some(v)) => v.get(w),
        (None, v) => v,
        _ => None,
    };
    let element_sample = match elements {
        Some(Value::Array(items)) => items.first(),
        other => other,
    };
    let items = match element {
        Element::Scalar(ty) => Items { ty: *ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() },
        Element::Named(_) | Element::Unknown => {
            let fields = children(node, element_sample, diagnostics);
            if fields.is_empty() {
                let ty = element_sample.map(scalar_type).unwrap_or(Type::String);
                Items { ty, name: None, values: Vec::new(), fields }
            } else {
                let name = documented_name.or_else(|| wrapper.clone()).filter(|n| crate::spec::load::is_identifier_like(n));
                Items { ty: Type::Object, name, values: Vec::new(), fields }
            }
        }
    };
    m.wrapper = wrapper;
    m.items = Some(Box::new(items));
    m
}

/// `{"DeviceGroup": [...]}` -> `DeviceGroup`.
fn wrapped_array(sample: Option<&Value>) -> Option<&String> {
    match sample {
        Some(Value::Object(map)) if map.len() == 1 => map.iter().find(|(_, v)| v.is_array()).map(|(k, _)| k),
        _ => None,
    }
}

/// The fields under a structure: its documented rows, else what the sample shows.
fn children(node: &Node, sample: Option<&Value>, diagnostics: &mut Diagnostics) -> Vec<Member> {
    let mut out = Vec::new();
    if node.children.is_empty() {
        if let Some(Value::Object(map)) = sample
            && !map.is_empty()
        {
            diagnostics.warn(node.row.line, format!("the fields of `{}` are taken from the sample response", node.row.name));
            out.extend(map.iter().filter(|(k, _)| crate::spec::load::is_identifier_like(k)).map(|(k, v)| from_sample(k, v)));
        }
        return out;
    }
    for child in &node.children {
        if let Some(m) = member(child, sample.and_then(|s| s.get(&child.row.name)), diagnostics) {
            rows::push_unique(&mut out, m, child.row.line, diagnostics);
        }
    }
    out
}

/// A field the page does not document, typed from its sample value.
fn from_sample(name: &str, value: &Value) -> Member {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut m = Member::new(name, Type::Object);
            m.fields = map.iter().filter(|(k, _)| crate::spec::load::is_identifier_like(k)).map(|(k, v)| from_sample(k, v)).collect();
            if m.fields.is_empty() {
                m.ty = Type::String;
            }
            m
        }
        Value::Array(items) => {
            let mut m = Member::new(name, Type::Array);
            let element = items.first().map(|first| from_sample(name, first));
            m.items = Some(Box::new(match element {
                Some(e) if e.ty == Type::Object => Items { ty: Type::Object, name: None, values: Vec::new(), fields: e.fields },
                Some(e) if e.ty.is_scalar() => Items { ty: e.ty, name: None, values: Vec::new(), fields: Vec::new() },
                _ => Items { ty: Type::String, name: None, values: Vec::new(), fields: Vec::new() },
            }));
            m
        }
        other => Member::new(name, scalar_type(other)),
    }
}

fn scalar_type(value: &Value) -> Type {
    match value {
        Value::Bool(_) => Type::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            if n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()) {
                Type::Integer
            } else {
                Type::Long
            }
        }
        Value::Number(_) => Type::Double,
        _ => Type::String,
    }
}
