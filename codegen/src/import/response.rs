//! Response fields from the response tables, as a tree, reconciled with the page's sample response.
//!
//! Two layouts: 2019+ pages nest inline (children right after their parent row, no end marker;
//! rows are sorted per level, so a name that sorts lower than its predecessor closes the scope);
//! older pages put each structure in its own untitled table, in the order their parents appear.
//! Today's reference nests inline too, in the metadata's order (a structure after its siblings, so
//! its block runs to its parent's end), with an array's element as a row of its own; an object
//! holding one list there is that list with its wrapper, as the metadata import writes it.
//! Arrays: `Array of X` is bare unless a marker row `|X| | |` follows (then `wrapper: X`); an old
//! `List`/`List<X>` is a wrapper whose element key comes from the sample, else from the page (the
//! type cell, the sub-table's caption or mention, the row's pointer to it).
//!
//! The sample is a second witness ([`Sample`]): where it settles what the tables leave open (a
//! structure shown as a list of such objects, a wrapper key the tables never name, the exact case
//! of a wire name, where an inline block ends, the fields of a structure the page names but does
//! not describe), the import follows it and says so in a note; where the two truly contradict (a
//! documented list shown as one object, a scalar shown as a structure), the tables are kept and a
//! warning names both page lines.

use super::Diagnostics;
use super::layout::table::{Row, TREE_GLYPHS, Table, bare_name, holds_elements};
use super::rows::{self, doc_type};
use super::sample::Sample;
use super::types::{ArrayStyle, DocType, Element};
use crate::spec::load::is_identifier_like;
use crate::spec::{Items, Member, Type};
use serde_json::{Map, Value};
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
    /// JSON literal of scalars (`["a"]`, `{"Name": ["a"]}`) holds scalars.
    fn is_structure(&self) -> bool {
        match &self.doc {
            DocType::Object(_) | DocType::Array { element: Element::Named(_), .. } => true,
            DocType::Array { element: Element::Unknown, .. } => match self.example_value() {
                Some(value) => !objects_inside(&value).is_empty(),
                None => !self.row.example.as_deref().is_some_and(|e| e.starts_with('[')),
            },
            _ => false,
        }
    }

    /// The row's example, when it is a JSON literal: a sample of the field's own.
    fn example_value(&self) -> Option<Value> {
        let example = self.row.example.as_deref()?.trim();
        (example.starts_with('{') || example.starts_with('[')).then(|| super::sample::lenient(example))
    }
}

/// The sample as the builder consults it, and where to report.
struct Ctx<'s, 'd> {
    sample: Option<&'s Sample>,
    /// The page's text, which settles between two spellings of a name.
    page: &'s str,
    diagnostics: &'d mut Diagnostics,
}

impl Ctx<'_, '_> {
    /// ` (sample line N)` for the key at `path`, or nothing.
    fn at(&self, path: &str) -> String {
        self.sample.and_then(|s| s.line_of(path)).map(|l| format!(" (line {l})")).unwrap_or_default()
    }

    fn xml(&self) -> bool {
        self.sample.is_some_and(|s| s.xml)
    }
}

pub(super) fn build(tables: &[&Table], sample: Option<&Sample>, page: &str, diagnostics: &mut Diagnostics) -> Vec<Member> {
    let null = Value::Null;
    let tree = sample.map_or(&null, |s| &s.tree);
    let roots = match tables {
        [] => return Vec::new(),
        [single] => inline(single, tree),
        [main, rest @ ..] => separate(main, rest, tree, diagnostics),
    };
    let mut ctx = Ctx { sample, page, diagnostics };
    let mut out = Vec::new();
    for node in &roots {
        if COMMON_FIELDS.contains(&node.row.name.as_str()) {
            continue;
        }
        let (key, value) = lookup(Some(tree), &node.row.name);
        if let Some(m) = member(node, key, value, "", &mut ctx) {
            rows::push_unique(&mut out, m, node.row.line, ctx.diagnostics);
        }
    }
    settle_by_sample(&mut out, tree, "", true, &mut ctx);
    undocumented(tree, &out, "", &mut ctx);
    fold_wrappers(&mut out);
    out
}

/// An object documented with one field, a bare list (`List object` holding `ProductInfo
/// array<object>`, as today's reference shows a wrapper), is written as the metadata's import
/// writes it: a list with its wrapper.
fn fold_wrappers(members: &mut [Member]) {
    for m in members.iter_mut() {
        fold_wrappers(&mut m.fields);
        if let Some(items) = m.items.as_mut() {
            fold_wrappers(&mut items.fields);
        }
        if m.ty == Type::Object
            && let [inner] = &m.fields[..]
            && inner.ty == Type::Array
            && inner.wrapper.is_none()
        {
            let inner = m.fields.pop().expect("one field");
            let (outer, at) = (m.description.take(), m.at);
            *m = inner.wrapped_as(&m.name);
            m.description = outer.or(m.description.take());
            m.at = at;
        }
    }
}

/// Where documented fields are missing from the sample at their level and the sample has keys
/// no row documents there: a near-identical key is the field's wire spelling
/// (`ShawdowMessage`/`ShadowMessage`), and an undocumented object holding the fields is a
/// structure the tables never name (`ApplyId` documented at the top, sent as `Data.ApplyId`).
fn settle_by_sample(members: &mut Vec<Member>, sample: &Value, prefix: &str, top: bool, ctx: &mut Ctx) {
    let Value::Object(map) = sample else { return };
    let skip = |name: &str| top && COMMON_FIELDS.contains(&name);
    let absent = |members: &[Member], name: &str| !map.keys().any(|k| k.eq_ignore_ascii_case(name)) && !skip(name) && !members.is_empty();
    let undocumented: Vec<&String> =
        map.keys().filter(|k| !skip(k) && is_identifier_like(k) && !members.iter().any(|m| m.name.eq_ignore_ascii_case(k))).collect();
    // Misspelt names.
    for key in &undocumented {
        let near: Vec<usize> = (0..members.len()).filter(|&i| absent(members, &members[i].name) && near_spelling(&members[i].name, key)).collect();
        if let [i] = near[..] {
            let at = ctx.at(&format!("{prefix}{key}"));
            let line = members[i].at.line;
            let name = &members[i].name;
            // A misspelling is a slip in one place: the spelling fewer lines of the page use.
            if lines_naming(ctx.page, name) > lines_naming(ctx.page, key) {
                ctx.diagnostics
                    .note(line, format!("`{name}` is spelt `{key}` in the sample response{at}; imported as more lines of the page spell it"));
                continue;
            }
            ctx.diagnostics.note(line, format!("`{name}` is spelt `{key}` in the sample response{at}; imported as the sample spells it"));
            members[i].name = (*key).clone();
        }
    }
    // Structures the tables never name.
    for key in &undocumented {
        if members.iter().any(|m| m.name == **key) {
            continue;
        }
        // An object, a list of objects, or a wrapper holding one (`{"Keys": {"Key": [...]}}`).
        let objects = |items: &[Value]| !items.is_empty() && items.iter().all(Value::is_object);
        let (value, list, wrapper) = match &map[*key] {
            Value::Object(inner) => match inner.iter().next() {
                Some((name, Value::Array(items))) if inner.len() == 1 && objects(items) => (merged(items), true, Some(name.clone())),
                _ => (inner.clone(), false, None),
            },
            Value::Array(items) if objects(items) => (merged(items), true, None),
            _ => continue,
        };
        let moved: Vec<usize> = (0..members.len())
            .filter(|&i| absent(members, &members[i].name) && value.keys().any(|k| k.eq_ignore_ascii_case(&members[i].name)))
            .collect();
        if moved.is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        for i in moved.iter().rev() {
            fields.insert(0, members.remove(*i));
        }
        let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
        let at = ctx.at(&format!("{prefix}{key}"));
        let line = fields[0].at.line;
        let shape = if list { "a list of objects" } else { "an object" };
        ctx.diagnostics.note(
            line,
            format!("the sample response{at} holds {} in `{key}`, {shape} the tables do not name; imported under `{key}`", names.join(", ")),
        );
        let mut m = Member::new((*key).clone(), if list { Type::Array } else { Type::Object });
        if list {
            m.items = Some(Box::new(Items { ty: Type::Object, name: wrapper.clone(), values: Vec::new(), fields }));
            m.wrapper = wrapper;
        } else {
            m.fields = fields;
        }
        members.push(m);
    }
    for m in members.iter_mut() {
        let Some(value) = map.get(&m.name) else { continue };
        let path = format!("{prefix}{}", m.name);
        match (m.ty, value) {
            (Type::Object, Value::Object(_)) => settle_by_sample(&mut m.fields, value, &format!("{path}."), false, ctx),
            (Type::Array, _) => {
                let value = unbracketed(m.wrapper.as_deref(), value);
                let (inner, element_prefix) = match (&m.wrapper, value) {
                    (Some(w), Value::Object(o)) => (o.get(w), format!("{path}.{w}[].")),
                    _ => (Some(value), format!("{path}[].")),
                };
                let element = match inner {
                    Some(Value::Array(items)) if items.iter().any(Value::is_object) => Value::Object(merged(items)),
                    Some(v @ Value::Object(_)) => v.clone(),
                    _ => continue,
                };
                if let Some(items) = m.items.as_mut().filter(|i| i.ty == Type::Object) {
                    settle_by_sample(&mut items.fields, &element, &element_prefix, false, ctx);
                }
            }
            _ => {}
        }
    }
}

/// How many lines of the page name `name` as a word of its own (not `InstanceType` in
/// `InstanceTypeFamily`).
fn lines_naming(page: &str, name: &str) -> usize {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    page.lines()
        .filter(|line| line.match_indices(name).any(|(at, _)| !line[..at].ends_with(word) && !line[at + name.len()..].starts_with(word)))
        .count()
}

/// Two spellings of one long name: a few letters apart (`ShawdowMessage`, `ShadowMessage`).
fn near_spelling(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    let shorter = a_len.min(b_len);
    if shorter < 8 || a_len.abs_diff(b_len) > 2 || a == b {
        return false;
    }
    let allowed = (shorter / 8).max(1);
    strsim::levenshtein(&a, &b) <= allowed
}

/// The sample's value for a documented name: its key (exactly, else differing only in case) and value.
fn lookup<'v>(parent: Option<&'v Value>, name: &str) -> (Option<&'v String>, Option<&'v Value>) {
    let Some(Value::Object(map)) = parent else { return (None, None) };
    if let Some((k, v)) = map.get_key_value(name) {
        return (Some(k), Some(v));
    }
    let mut same = map.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name));
    match (same.next(), same.next()) {
        (Some((k, v)), None) => (Some(k), Some(v)),
        _ => (None, None),
    }
}

/// One table whose nested rows follow their parent.
fn inline<'a>(table: &'a Table, sample: &Value) -> Vec<Node<'a>> {
    let mut roots = Vec::new();
    // The structures whose children are being read, outermost first, their field path, and the
    // keys the sample shows at each level (the top level first).
    let mut open: Vec<Node<'a>> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut levels: Vec<Option<Vec<&str>>> = vec![keys_at(sample, &[])];
    // Today's reference lists fields in the metadata's order, a structure after its siblings:
    // its sort order says nothing of where a block ends.
    let sorted = !table.rows.iter().any(|r| r.ty == "object" || r.ty.starts_with("array<"));
    // `└` before a name, once per level: where the table says each row nests, it settles it.
    let depth = |row: &Row| row.name.chars().take_while(|c| TREE_GLYPHS.contains(c) || c.is_whitespace()).filter(|c| *c == '└').count();
    let marked = table.rows.iter().any(|r| depth(r) > 0);
    // Marks of one level only (every nested row `└Name`, however deep) say that a row nests, not
    // how deep: below the top level the sample and the rows' order decide, as without marks.
    let flat_marks = marked && table.rows.iter().all(|r| depth(r) <= 1);
    // A row's name without its marks, as the sample and the other rows spell it.
    let bare = |row: &Row| bare_name(&row.name).to_string();
    for (at, row) in table.rows.iter().enumerate() {
        let mut node = Node::new(row);
        let name = bare(row);
        // A row the next one nests under holds it, whatever its type cell says.
        if marked && !node.is_structure() && table.rows.get(at + 1).is_some_and(|next| depth(next) > depth(row)) {
            node.doc = shown_as(sample, &path, &name).unwrap_or(DocType::Object(None));
        }
        // A row with no name right after a list or structure is its element's row (a bare
        // `object` or `string`), whatever the list; first, the response's own root `object`.
        let after_structure = at.checked_sub(1).map_or(node.doc == DocType::Object(None), |i| holds_elements(&table.rows[i]));
        let element_row = open.last().is_some_and(|parent| parent.children.is_empty() && parent.marker.is_none() && is_element_row(parent, &node));
        if row.name.is_empty() && after_structure || element_row {
            continue;
        }
        // The sample's wrapper of the open list, when it shows one (`{"Tags": {"Tag": [...]}}`):
        // a row of another name is no element name but the element's first field.
        let shown_wrapper = path.split_last().and_then(|(list, outer)| {
            let value = values_at(sample, outer)?.into_iter().find_map(|v| lookup(Some(v), list).1)?;
            match value {
                Value::Object(map) if map.len() == 1 && map.values().all(Value::is_array) => map.keys().next().cloned(),
                _ => None,
            }
        });
        // `|Alert|N/A|` after an `Array of Alert` is its marker row too.
        let names_element =
            open.last().is_some_and(|p| matches!(&p.doc, DocType::Array { element: Element::Named(x), .. } if x.eq_ignore_ascii_case(&name)));
        if (node.doc == DocType::Marker || node.doc == DocType::NotAType && names_element)
            && shown_wrapper.as_ref().is_none_or(|wrapper| wrapper.eq_ignore_ascii_case(&name))
            && let Some(parent) = open.last_mut()
            && parent.children.is_empty()
            && parent.marker.is_none()
            && matches!(parent.doc, DocType::Array { .. })
        {
            // The element's fields are what the sample shows under the element key, even where a
            // broken sample puts other keys beside it (`{"Keys": {"Key": [...], "TotalCount": 3}`).
            let element: Vec<String> = path.iter().cloned().chain([name.clone()]).collect();
            if let (Some(level), Some(keys)) = (levels.last_mut(), keys_at(sample, &element)) {
                *level = Some(keys);
            }
            parent.marker = Some(name);
            continue;
        }
        // A row without a type (an empty cell, `N/A`) that the sample shows as a structure is a
        // container: the rows after it are its members. Where it is shown, in the structure open
        // or one enclosing it, also says where it belongs.
        if matches!(node.doc, DocType::Marker | DocType::NotAType)
            && let Some(shown) = (0..=path.len()).rev().find_map(|open| shown_as(sample, &path[..open], &name))
        {
            node.doc = shown;
        }
        // Under marks of one level, a row without a type that the sample does not show, followed
        // by typed rows of its mark the sample does not show either, holds them (`ResourceTypeCount`
        // and its counts); a row the sample shows at an enclosing level closes it.
        let shown_anywhere = |name: &str| (0..=path.len()).any(|open| keys_at(sample, &path[..open]).is_some_and(|keys| keys.contains(&name)));
        if flat_marks
            && depth(row) == 1
            && matches!(node.doc, DocType::Marker | DocType::NotAType)
            && !shown_anywhere(&name)
            && table.rows.get(at + 1).is_some_and(|next| {
                let next_node = Node::new(next);
                // Shown nowhere, or a name the open structure already has: either way not a sibling.
                let taken = open.last().is_some_and(|parent| parent.children.iter().any(|c| bare(c.row) == bare(next)));
                depth(next) == 1 && matches!(next_node.doc, DocType::Scalar(_)) && (!shown_anywhere(&bare(next)) || taken)
            })
        {
            node.doc = DocType::Object(None);
        }
        let later = table.rows[at + 1..].iter().any(|r| bare(r) == name);
        let again = later || roots.iter().any(|r: &Node| bare(r.row) == name);
        let level = depth(row);
        while !open.is_empty()
            && if flat_marks && level == 1 {
                open.len() > 1 && closes(&open, &levels, &name, Repeats { again, later }, sorted)
            } else if marked && level <= open.len() {
                open.len() > level
            } else {
                closes(&open, &levels, &name, Repeats { again, later }, sorted)
            }
        {
            let done = open.pop().expect("checked");
            path.pop();
            levels.pop();
            attach(&mut open, &mut roots, done);
        }
        // A list of plain values has no member rows: the rows after it are its siblings. So is a list
        // the sample shows holding them (`{"DiskCategories": ["cloud"]}`), and an old `List` that
        // neither the sample (holding objects) nor the next row (its element's name) says holds more.
        let bare_list = matches!(node.doc, DocType::Array { element: Element::Unknown, style: ArrayStyle::List })
            && shown_as(sample, &path, &name).is_none()
            && table.rows.get(at + 1).is_none_or(|next| Node::new(next).doc != DocType::Marker);
        if node.is_structure() && !bare_list && !(matches!(node.doc, DocType::Array { .. }) && shown_holding_values(sample, &path, &name)) {
            path.push(name);
            levels.push(keys_at(sample, &path));
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

/// Today's API reference shows an `array<object>`'s element as a row of its own, before the
/// element's fields: a bare `object`, or the array's name again typed `object`. It is no field.
fn is_element_row(parent: &Node, node: &Node) -> bool {
    let object_row = node.row.name.eq_ignore_ascii_case("object") && node.doc == DocType::Marker
        || node.doc == DocType::Object(None) && (node.row.name.is_empty() || node.row.name == parent.row.name);
    object_row && matches!(parent.doc, DocType::Array { element: Element::Unknown, style: ArrayStyle::ArrayOf })
}

fn attach<'a>(open: &mut [Node<'a>], roots: &mut Vec<Node<'a>>, node: Node<'a>) {
    match open.last_mut() {
        Some(parent) => parent.children.push(node),
        None => roots.push(node),
    }
}

/// Whether `name` no longer belongs to the innermost open structure. The sample decides where it
/// shows the key at one open level and not the others (a child whose name sorts lower stays, a
/// root field whose name sorts higher leaves); else what the name means (an envelope field the
/// page documents once, a page count after an element's fields) and the sort order of the level.
/// `repeats`: where else the table documents the name; `sorted`: the table sorts each level's rows.
fn closes(open: &[Node], levels: &[Option<Vec<&str>>], name: &str, repeats: Repeats, sorted: bool) -> bool {
    let Repeats { again, later } = repeats;
    let parent = open.last().expect("caller checks");
    // Whether the sample shows the name at each open level. A level's key of the structure open
    // inside it is that structure, no other field of the name (`InstanceType.InstanceType`).
    let shown: Vec<bool> = levels
        .iter()
        .enumerate()
        .map(|(at, keys)| {
            keys.as_ref().is_some_and(|keys| keys.contains(&name)) && open.get(at).is_none_or(|inner| bare_name(&inner.row.name) != name)
        })
        .collect();
    let enclosing = shown[..shown.len() - 1].iter().any(|&here| here);
    // The enclosing structure already has a field of that name: this row cannot be its too, and
    // stays, unless the sample shows the name further out.
    if open.len() >= 2
        && open[open.len() - 2].children.iter().any(|c| bare_name(&c.row.name) == name)
        && !shown[..shown.len() - 2].iter().any(|&here| here)
    {
        return false;
    }
    // The innermost structure is not in the sample, but an enclosing one shows the name there,
    // and the table does not document it again further down (that row would be the enclosing one's).
    if !later && levels.last().is_some_and(Option::is_none) && enclosing {
        return true;
    }
    let read = parent.children.iter().any(|c| bare_name(&c.row.name) == name);
    if levels.iter().all(Option::is_some) {
        let innermost = shown[shown.len() - 1];
        // Shown in the innermost structure and not yet read there: it stays, whatever the order
        // (today's pages do not sort their rows).
        if innermost && !read {
            return false;
        }
        // Not shown there, or read there already, and shown in an enclosing one: the enclosing
        // one's field. Shown there alone: it stays.
        if enclosing && (read || !innermost) {
            return true;
        }
        if innermost {
            return false;
        }
    }
    if COMMON_FIELDS.contains(&name) && !again {
        return true;
    }
    // A structure has each field once: a name it already has is an enclosing one's.
    if read {
        return true;
    }
    // Paging counts describe a list, not each of its elements.
    if matches!(parent.doc, DocType::Array { .. }) && !parent.children.is_empty() && is_paging_count(name) {
        return true;
    }
    // Sorted levels: a name that sorts before its predecessor starts a new level up. Pages sort
    // either by bytes (`CreateUserId` < `Created`, `UtcOnline` < `iotId`) or ignoring case; only a
    // name that sorts lower both ways surely closes the level.
    // A level whose rows so far are not in order is not sorted, whatever the rest of the table.
    let in_order = parent.children.windows(2).all(|pair| {
        let (a, b) = (bare_name(&pair[0].row.name), bare_name(&pair[1].row.name));
        a <= b || a.to_lowercase() <= b.to_lowercase()
    });
    if let Some(last) = parent.children.last().filter(|_| sorted && in_order) {
        let last = bare_name(&last.row.name);
        if name < last && name.to_lowercase() < last.to_lowercase() {
            return true;
        }
    }
    false
}

/// Where else the table documents a row's name.
#[derive(Clone, Copy)]
struct Repeats {
    /// At the top before the row, or anywhere after it: this row is likely a nested one.
    again: bool,
    /// Anywhere after the row.
    later: bool,
}

/// A field that counts or pages a list (`Total`, `PageSize`, `NextToken`).
fn is_paging_count(name: &str) -> bool {
    const NAMES: [&str; 11] =
        ["total", "totalcount", "totalsize", "pagesize", "pagecount", "currentpage", "pageno", "pagenum", "pagenumber", "nexttoken", "maxresults"];
    NAMES.contains(&name.to_ascii_lowercase().as_str())
}

/// What the sample shows under `name` at `path`, when it is a structure: an object, a list of
/// objects, or a list wrapped in an object of one key (as `List` writes it).
fn shown_as(sample: &Value, path: &[String], name: &str) -> Option<DocType> {
    let value = values_at(sample, path)?.into_iter().find_map(|v| lookup(Some(v), name).1)?;
    match value {
        Value::Object(map) if map.len() == 1 && map.values().all(Value::is_array) => {
            Some(DocType::Array { element: Element::Unknown, style: ArrayStyle::List })
        }
        Value::Object(map) if !map.is_empty() => Some(DocType::Object(None)),
        Value::Array(items) if items.iter().any(Value::is_object) => Some(DocType::Array { element: Element::Unknown, style: ArrayStyle::ArrayOf }),
        _ => None,
    }
}

/// A list wrapped in `wrapper` that the sample writes in brackets too (`[{"Task": [...]}]`, as
/// samples converted from XML do): the one object inside, which is the wrapper.
fn unbracketed<'v>(wrapper: Option<&str>, value: &'v Value) -> &'v Value {
    match (wrapper, value) {
        (Some(wrapper), Value::Array(items)) if items.len() == 1 => match &items[0] {
            inner @ Value::Object(map) if map.len() == 1 && map.get(wrapper).is_some_and(Value::is_array) => inner,
            _ => value,
        },
        _ => value,
    }
}

/// Whether the sample shows `name` at `path` as a list of plain values, bare or in a wrapper.
fn shown_holding_values(sample: &Value, path: &[String], name: &str) -> bool {
    let values = |items: &Vec<Value>| !items.is_empty() && !items.iter().any(|v| v.is_object() || v.is_array());
    values_at(sample, path).into_iter().flatten().find_map(|v| lookup(Some(v), name).1).is_some_and(|value| match value {
        Value::Array(items) => values(items),
        Value::Object(map) if map.len() == 1 => map.values().all(|inner| inner.as_array().is_some_and(values)),
        _ => false,
    })
}

/// The keys of the sample's objects at a field path, looking through arrays and wrappers.
fn keys_at<'v>(sample: &'v Value, path: &[String]) -> Option<Vec<&'v str>> {
    let level = values_at(sample, path)?;
    // Empty objects too: the sample shows no field there.
    let objects: Vec<&Map<String, Value>> = level.iter().filter_map(|v| v.as_object()).collect();
    (!objects.is_empty()).then(|| objects.iter().flat_map(|o| o.keys().map(String::as_str)).collect())
}

/// The sample's values at a field path, looking through arrays and wrappers; `None` where the
/// sample does not reach.
fn values_at<'v>(sample: &'v Value, path: &[String]) -> Option<Vec<&'v Value>> {
    let mut level = vec![sample];
    for name in path {
        let mut next = Vec::new();
        for value in level {
            if let (_, Some(v)) = lookup(Some(value), name) {
                next.extend(objects_inside(v));
                // A wrapper too: the tables may document it as an object holding the list.
                if v.as_object().is_some_and(|o| o.len() == 1 && o.values().all(Value::is_array)) {
                    next.push(v);
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        level = next;
    }
    Some(level)
}

/// The objects a field's value holds: itself, its elements, or the elements under its one wrapper key.
/// A wrapper over one object may be a list of one written without its brackets, as samples
/// converted from XML do (`{"Groups": {"Group": {...}}}`): both readings are kept.
fn objects_inside(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().filter(|v| v.is_object()).collect(),
        Value::Object(map) if map.len() == 1 => match map.values().next() {
            Some(Value::Array(items)) => items.iter().filter(|v| v.is_object()).collect(),
            Some(inner @ Value::Object(_)) => vec![value, inner],
            _ => vec![value],
        },
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    }
}

/// The old layout: the first table holds the roots; each following table describes the next
/// structure still waiting for one, or the one its caption (`Table 2. ProductInfo`, or the
/// mention before it) names. A row the sample shows as objects waits for a table too, whatever
/// its type cell says (`List<String>` over a list of objects).
fn separate<'a>(main: &'a Table, rest: &'a [&'a Table], sample: &Value, diagnostics: &mut Diagnostics) -> Vec<Node<'a>> {
    let mut roots: Vec<Node<'a>> = main.rows.iter().map(Node::new).collect();
    let waits = |node: &Node, names: &[String]| node.is_structure() || holds_objects(sample, names);
    // Paths (child indices) of structures waiting for their table, in page order.
    let mut waiting: VecDeque<Vec<usize>> =
        (0..roots.len()).filter(|&i| waits(&roots[i], std::slice::from_ref(&roots[i].row.name))).map(|i| vec![i]).collect();
    for table in rest {
        let by_caption = table
            .caption
            .as_ref()
            .and_then(|caption| waiting.iter().position(|path| structure_names(node_at(&roots, path)).iter().any(|n| n == caption)));
        // Else the structure under which the sample shows the table's fields, else the next one.
        let by_sample = || {
            let overlap = |path: &Vec<usize>| {
                let keys = keys_at(sample, &names_at(&roots, path)).unwrap_or_default();
                table.rows.iter().filter(|r| keys.iter().any(|k| k.eq_ignore_ascii_case(&r.name))).count()
            };
            let scores: Vec<usize> = waiting.iter().map(overlap).collect();
            let best = scores.iter().copied().max().unwrap_or(0);
            (best > 0 && scores[0] < best).then(|| scores.iter().position(|&s| s == best)).flatten()
        };
        let chosen = by_caption.or_else(by_sample).or((!waiting.is_empty()).then_some(0));
        let Some(path) = chosen.and_then(|i| waiting.remove(i)) else {
            diagnostics.warn(table.line, "a response table that no field refers to; ignored");
            continue;
        };
        let names = names_at(&roots, &path);
        let node = node_at_mut(&mut roots, &path);
        node.caption = table.caption.clone();
        for row in &table.rows {
            node.children.push(Node::new(row));
        }
        for (i, child) in node.children.iter().enumerate() {
            let mut child_names = names.clone();
            child_names.push(child.row.name.clone());
            if waits(child, &child_names) {
                let mut child_path = path.clone();
                child_path.push(i);
                waiting.push_back(child_path);
            }
        }
    }
    roots
}

/// Whether the sample shows objects at this field path (a structure, or a list of them).
fn holds_objects(sample: &Value, names: &[String]) -> bool {
    let Some((last, parents)) = names.split_last() else { return false };
    let Some(keys) = keys_at(sample, parents) else { return false };
    if !keys.contains(&last.as_str()) {
        return false;
    }
    keys_at(sample, names).is_some()
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

fn names_at(roots: &[Node], path: &[usize]) -> Vec<String> {
    let mut node = &roots[path[0]];
    let mut names = vec![node.row.name.clone()];
    for &i in &path[1..] {
        node = &node.children[i];
        names.push(node.row.name.clone());
    }
    names
}

/// Names under which the page may refer to a structure's own table.
fn structure_names(node: &Node) -> Vec<String> {
    let mut names = vec![node.row.name.clone()];
    match &node.doc {
        DocType::Object(Some(n)) | DocType::Array { element: Element::Named(n), .. } => names.push(n.clone()),
        _ => {}
    }
    names.extend(rows::structure_mention(&node.row.description));
    names
}

/// The member for a node. `key` and `sample` are the node's key and value in the sample
/// response, if any; `parent` is the wire path of the structure holding it (`Data.List[].`).
fn member(node: &Node, key: Option<&String>, sample: Option<&Value>, parent: &str, ctx: &mut Ctx) -> Option<Member> {
    let row = node.row;
    let example = if sample.is_none() && !matches!(node.doc, DocType::Scalar(_)) { node.example_value() } else { None };
    let sample = sample.or(example.as_ref());
    let mut name = rows::identifier(row, &row.name, ctx.diagnostics)?;
    if let Some(key) = key.filter(|k| **k != name && is_identifier_like(k)) {
        let at = ctx.at(&format!("{parent}{key}"));
        ctx.diagnostics.note(row.line, format!("`{name}` is `{key}` in the sample response{at}; imported as the sample spells it"));
        name = key.clone();
    }
    let path = format!("{parent}{name}");
    let m = match &node.doc {
        DocType::Scalar(ty) => {
            if let Some(shape) = sample.and_then(structure_shape) {
                let at = ctx.at(&path);
                ctx.diagnostics
                    .warn(row.line, format!("`{name}` is a {ty} in the tables but {shape} in the sample response{at}; kept as the tables say"));
            }
            rows::member(row, name, *ty)
        }
        DocType::Object(_) if node.children.is_empty() => undescribed(node, name, sample, &path, ctx),
        DocType::Object(_) => described(node, name, sample, &path, ctx),
        DocType::Array { element, style } => array(node, name, element, *style, sample, &path, ctx),
        DocType::Marker | DocType::NotAType => {
            ctx.diagnostics.warn(row.line, format!("`{}` has no type (`{}`); imported as String", row.name, row.ty));
            rows::member(row, name, Type::String)
        }
    };
    Some(m)
}

/// `an object`/`a list` for a sample value that is a structure (not empty).
fn structure_shape(value: &Value) -> Option<&'static str> {
    match value {
        Value::Object(map) if !map.is_empty() => Some("an object"),
        Value::Array(items) if !items.is_empty() => Some("a list"),
        _ => None,
    }
}

/// A structure the tables name but whose fields no row describes: what the sample shows.
fn undescribed(node: &Node, name: String, sample: Option<&Value>, path: &str, ctx: &mut Ctx) -> Member {
    let row = node.row;
    // A misspelt scalar type (`Strng`) that the sample does not show as a structure.
    if let DocType::Object(Some(word)) = &node.doc
        && let Some(ty) = super::types::near_scalar(word)
        && sample.and_then(structure_shape).is_none()
    {
        ctx.diagnostics.warn(row.line, format!("`{}`: the type `{word}` is no known type spelling; read as {ty}", row.name));
        return rows::member(row, name, ty);
    }
    // A named structure that the sample shows as `{X: [...]}` is an old-style list wrapper.
    if matches!(node.doc, DocType::Object(Some(_))) && wrapped_array(sample).is_some() {
        return array(node, name, &Element::Unknown, ArrayStyle::List, sample, path, ctx);
    }
    match sample {
        Some(Value::Array(items)) if items.iter().any(Value::is_object) => {
            let element = merged(items);
            ctx.diagnostics.warn(row.line, format!("the fields of `{}` are taken from the sample response", row.name));
            let mut m = rows::member(row, name, Type::Array);
            let fields = sample_fields(&element);
            m.items = Some(Box::new(Items { ty: Type::Object, name: element_name(node), values: Vec::new(), fields }));
            m
        }
        Some(Value::Object(map)) if !map.is_empty() => {
            ctx.diagnostics.warn(row.line, format!("the fields of `{}` are taken from the sample response", row.name));
            let mut m = rows::member(row, name, Type::Object);
            m.fields = sample_fields(map);
            if m.fields.is_empty() {
                m.ty = Type::String;
            }
            m
        }
        _ => {
            ctx.diagnostics.warn(row.line, format!("`{}` has no documented fields; imported as String", row.name));
            rows::member(row, name, Type::String)
        }
    }
}

/// The element name a structure's type cell gives (`Data|DeviceInfo`), if any.
fn element_name(node: &Node) -> Option<String> {
    match &node.doc {
        DocType::Object(Some(n)) if *n != node.row.name => Some(n.clone()),
        _ => node.caption.clone(),
    }
}

/// A structure whose fields the rows describe. The sample may show a list of such objects (the
/// type cell names a structure, not how many), bare or under a wrapper key no row names.
fn described(node: &Node, name: String, sample: Option<&Value>, path: &str, ctx: &mut Ctx) -> Member {
    let row = node.row;
    let documented: Vec<&str> = node.children.iter().map(|c| c.row.name.as_str()).collect();
    let fits = |element: &Map<String, Value>| element.is_empty() || element.keys().any(|k| documented.iter().any(|d| d.eq_ignore_ascii_case(k)));
    match sample {
        Some(Value::Array(items)) if items.iter().all(|i| i.as_object().is_some_and(fits)) && !ctx.xml() => {
            let at = ctx.at(path);
            ctx.diagnostics.note(row.line, format!("`{name}` is a list of such objects in the sample response{at}; imported as a list"));
            let element = merged(items);
            return list_of_described(node, name, None, &element, &format!("{path}[]."), ctx);
        }
        Some(Value::Object(map)) if map.len() == 1 => {
            let (key, inner) = map.iter().next().expect("one key");
            let elements: Option<Vec<&Value>> = match inner {
                Value::Array(items) => Some(items.iter().collect()),
                // An XML sample shows a list of one as one element.
                Value::Object(_) if ctx.xml() => Some(vec![inner]),
                _ => None,
            };
            let is_field = documented.iter().any(|d| d.eq_ignore_ascii_case(key));
            if let Some(elements) = elements.filter(|e| !is_field && e.iter().all(|i| i.as_object().is_some_and(fits)))
                && is_identifier_like(key)
            {
                let at = ctx.at(&format!("{path}.{key}"));
                ctx.diagnostics.note(
                    row.line,
                    format!("`{name}` is a list of such objects under `{key}` in the sample response{at}; imported as a list wrapped in `{key}`"),
                );
                let element = merged_refs(&elements);
                return list_of_described(node, name, Some(key.clone()), &element, &format!("{path}.{key}[]."), ctx);
            }
        }
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) if !v.as_str().is_some_and(str::is_empty) => {
            let at = ctx.at(path);
            ctx.diagnostics
                .warn(row.line, format!("`{name}` is an object in the tables but a single value in the sample response{at}; kept as the tables say"));
        }
        _ => {}
    }
    let mut m = rows::member(row, name, Type::Object);
    m.fields = children(node, sample, &format!("{path}."), ctx);
    m
}

fn list_of_described(node: &Node, name: String, wrapper: Option<String>, element: &Map<String, Value>, prefix: &str, ctx: &mut Ctx) -> Member {
    let element = Value::Object(element.clone());
    let mut m = rows::member(node.row, name, Type::Array);
    let fields = children(node, Some(&element), prefix, ctx);
    let item_name = element_name(node).or_else(|| wrapper.clone()).filter(|n| is_identifier_like(n));
    m.wrapper = wrapper;
    m.items = Some(Box::new(Items { ty: Type::Object, name: item_name, values: Vec::new(), fields }));
    m
}

/// The keys of all the objects of a list, in order of appearance, each with its first value.
fn merged(items: &[Value]) -> Map<String, Value> {
    merged_refs(&items.iter().collect::<Vec<_>>())
}

fn merged_refs(items: &[&Value]) -> Map<String, Value> {
    let mut out = Map::new();
    for item in items {
        if let Value::Object(map) = item {
            for (k, v) in map {
                if !out.contains_key(k) || out[k].is_null() {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    out
}

fn array(node: &Node, name: String, element: &Element, style: ArrayStyle, sample: Option<&Value>, path: &str, ctx: &mut Ctx) -> Member {
    let row = node.row;
    let sample = sample.map(|value| unbracketed(node.marker.as_deref(), value));
    let mut m = rows::member(row, name.clone(), Type::Array);
    let documented_name = match element {
        Element::Named(n) => Some(n.clone()),
        _ => node.caption.clone().or_else(|| rows::structure_mention(&row.description)),
    };
    let documented_fields: Vec<&str> = node.children.iter().map(|c| bare_name(&c.row.name)).collect();
    let sample_wrapper = wrapped_array(sample).filter(|k| !documented_fields.iter().any(|d| d.eq_ignore_ascii_case(k))).cloned();
    // A list shown as one object whose keys are the element's fields: the sample contradicts.
    let single = (!ctx.xml() && sample_wrapper.is_none() && map_is_element(sample, &documented_fields)).then_some(());
    let wrapper = match style {
        ArrayStyle::ArrayOf => match (&node.marker, &sample_wrapper) {
            (None, Some(k)) => {
                let at = ctx.at(&format!("{path}.{k}"));
                ctx.diagnostics.note(
                    row.line,
                    format!("the sample response{at} wraps the list `{name}` in `{k}`, which the tables do not name; imported as wrapped"),
                );
                Some(k.clone())
            }
            (Some(x), Some(k)) if x != k && x.eq_ignore_ascii_case(k) => {
                let at = ctx.at(&format!("{path}.{k}"));
                ctx.diagnostics
                    .note(row.line, format!("the wrapper `{x}` of `{name}` is `{k}` in the sample response{at}; imported as the sample spells it"));
                Some(k.clone())
            }
            (Some(x), Some(k)) if x != k => {
                let at = ctx.at(&format!("{path}.{k}"));
                ctx.diagnostics.warn(
                    row.line,
                    format!("the list `{name}` is wrapped in `{x}` in the tables but in `{k}` in the sample response{at}; kept as the tables say"),
                );
                Some(x.clone())
            }
            (Some(x), None) if matches!(sample, Some(Value::Array(items)) if !items.is_empty()) => {
                let at = ctx.at(path);
                ctx.diagnostics.warn(
                    row.line,
                    format!("the list `{name}` is wrapped in `{x}` in the tables but bare in the sample response{at}; kept as the tables say"),
                );
                Some(x.clone())
            }
            (marker, _) => marker.clone(),
        },
        ArrayStyle::Plain => None,
        // An old `List`: the sample shows the element key (or a bare array); else the page's name for it.
        ArrayStyle::List => match sample {
            _ if sample_wrapper.is_some() => sample_wrapper.clone(),
            // The row after it names the element, as after an `Array of X`: the tables say so.
            _ if node.marker.is_some() => {
                if matches!(sample, Some(Value::Array(items)) if !items.is_empty()) {
                    let at = ctx.at(path);
                    let marker = node.marker.as_deref().unwrap_or_default();
                    ctx.diagnostics.warn(
                        row.line,
                        format!(
                            "the list `{name}` is wrapped in `{marker}` in the tables but bare in the sample response{at}; kept as the tables say"
                        ),
                    );
                }
                node.marker.clone()
            }
            Some(Value::Object(map)) if map.len() == 1 && single.is_none() => map.keys().next().cloned(),
            Some(Value::Array(_)) => None,
            _ => {
                if documented_name.is_none() && single.is_none() {
                    ctx.diagnostics.warn(row.line, format!("the element key of the list `{}` is unknown; imported as a bare array", row.name));
                }
                documented_name.clone()
            }
        },
    };
    if single.is_some() {
        let at = ctx.at(path);
        ctx.diagnostics.warn(row.line, format!("`{name}` is a list in the tables but one object in the sample response{at}; kept as the tables say"));
    }
    let (elements, element_path) = match (&wrapper, sample) {
        (Some(w), Some(v)) => (lookup(Some(v), w).1, format!("{path}.{w}[].")),
        (None, v) => (v, format!("{path}[].")),
        _ => (None, format!("{path}[].")),
    };
    let element_sample = match elements {
        Some(Value::Array(items)) if items.iter().any(Value::is_object) => Some(Value::Object(merged(items))),
        Some(Value::Array(items)) => items.first().cloned(),
        other => other.cloned(),
    };
    let items = match element {
        Element::Scalar(ty) if node.children.is_empty() => {
            if let Some(shape) = element_sample.as_ref().filter(|v| v.is_object()).and_then(structure_shape) {
                let at = ctx.at(element_path.trim_end_matches('.'));
                ctx.diagnostics.warn(
                    row.line,
                    format!("the elements of `{name}` are {ty}s in the tables but {shape} in the sample response{at}; kept as the tables say"),
                );
            }
            Items { ty: *ty, name: None, values: std::mem::take(&mut m.values), fields: Vec::new() }
        }
        _ => {
            let fields = children(node, element_sample.as_ref(), &element_path, ctx);
            if fields.is_empty() {
                let ty = element_sample.as_ref().map(scalar_type).unwrap_or(Type::String);
                Items { ty, name: None, values: Vec::new(), fields }
            } else {
                let name = documented_name.or_else(|| wrapper.clone()).filter(|n| is_identifier_like(n));
                Items { ty: Type::Object, name, values: Vec::new(), fields }
            }
        }
    };
    m.wrapper = wrapper;
    m.items = Some(Box::new(items));
    m
}

/// Whether a sample object has the element's own documented fields as its keys (one element,
/// not a wrapper).
fn map_is_element(sample: Option<&Value>, documented: &[&str]) -> bool {
    match sample {
        Some(Value::Object(map)) if !documented.is_empty() => map.keys().any(|k| documented.iter().any(|d| d.eq_ignore_ascii_case(k))),
        _ => false,
    }
}

/// `{"DeviceGroup": [...]}` -> `DeviceGroup`.
fn wrapped_array(sample: Option<&Value>) -> Option<&String> {
    match sample {
        Some(Value::Object(map)) if map.len() == 1 => map.iter().find(|(_, v)| v.is_array()).map(|(k, _)| k),
        _ => None,
    }
}

/// The fields under a structure: its documented rows, else what the sample shows.
fn children(node: &Node, sample: Option<&Value>, prefix: &str, ctx: &mut Ctx) -> Vec<Member> {
    let mut out = Vec::new();
    if node.children.is_empty() {
        if let Some(Value::Object(map)) = sample
            && !map.is_empty()
        {
            ctx.diagnostics.warn(node.row.line, format!("the fields of `{}` are taken from the sample response", node.row.name));
            out = sample_fields(map);
        }
        return out;
    }
    for child in &node.children {
        let (key, value) = lookup(sample, bare_name(&child.row.name));
        if let Some(m) = member(child, key, value, prefix, ctx) {
            rows::push_unique(&mut out, m, child.row.line, ctx.diagnostics);
        }
    }
    out
}

fn sample_fields(map: &Map<String, Value>) -> Vec<Member> {
    map.iter().filter(|(k, _)| is_identifier_like(k)).map(|(k, v)| from_sample(k, v)).collect()
}

/// A field the page does not document, typed from its sample value.
fn from_sample(name: &str, value: &Value) -> Member {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut m = Member::new(name, Type::Object);
            m.fields = sample_fields(map);
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

/// Notes the sample's keys that no row documents, by path (the importer does not add them: a
/// sample may show what the service no longer returns, or misspell a key).
fn undocumented(tree: &Value, members: &[Member], prefix: &str, ctx: &mut Ctx) {
    let mut missing = Vec::new();
    collect_undocumented(tree, members, prefix, true, &mut missing);
    if missing.is_empty() {
        return;
    }
    let line = ctx.sample.and_then(|s| s.line_of(&missing[0])).or(ctx.sample.map(|s| s.line)).unwrap_or(1);
    let listed: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
    ctx.diagnostics.note(line, format!("the sample response has keys the tables do not document, not imported: {}", listed.join(", ")));
}

fn collect_undocumented(value: &Value, members: &[Member], prefix: &str, top: bool, out: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    for (key, v) in map {
        if top && COMMON_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let Some(m) = members.iter().find(|m| m.name == *key) else {
            if out.len() < 20 && is_identifier_like(key) {
                out.push(format!("{prefix}{key}"));
            }
            continue;
        };
        let path = format!("{prefix}{key}");
        match (m.ty, v) {
            (Type::Object, Value::Object(_)) => collect_undocumented(v, &m.fields, &format!("{path}."), false, out),
            (Type::Array, _) => {
                let items = m.items.as_ref().map(|i| i.fields.as_slice()).unwrap_or_default();
                if items.is_empty() {
                    continue;
                }
                let (inner, element_prefix) = match (&m.wrapper, v) {
                    (Some(w), Value::Object(o)) => (o.get(w), format!("{path}.{w}[].")),
                    _ => (Some(v), format!("{path}[].")),
                };
                match inner {
                    Some(Value::Array(elements)) => {
                        let element = Value::Object(merged(elements));
                        collect_undocumented(&element, items, &element_prefix, false, out);
                    }
                    Some(element @ Value::Object(_)) => collect_undocumented(element, items, &element_prefix, false, out),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}
