//! Request parameters (`parameters[]`) and response fields (`responses["200"].schema`) as members.
//!
//! Types: `string` -> String, `integer` (`int32` or no format) -> Integer, `integer` `int64` -> Long,
//! `number` `float` -> Float, `number` (`double` or no format) -> Double, `boolean` -> Boolean,
//! `array` -> Array (`items`), `object` -> Object (`properties` become `fields`; none: any JSON).
//! Parameters: `in: query` -> `in: query`, `in: formData` -> `in: body`; `style: json` ->
//! `encoding: json`; `style: repeatList` is the default list style (`Name.1`, `Name.1.Field`).
//! Responses: the envelope fields are left out, and an object whose only property is an array is
//! the XML-derived wrapper of that array (`"List": {"ProductInfo": [...]}` is `List`, an Array with
//! `wrapper: ProductInfo`, its object element named `ProductInfo` as in the committed specs).
//! An array's description and its element's (or a wrapper's and its array's) are joined.

use super::Notes;
use super::json::Json;
use super::values;
use crate::import::COMMON_FIELDS;
use crate::names::snake;
use crate::spec::load::is_identifier_like;
use crate::spec::{Encoding, Items, Member, ParamIn, Side, Type, ValueOption};

const PARAMETER_KEYS: &[&str] = &["name", "in", "style", "schema"];
const REQUEST_KEYS: &[&str] = &[
    "type",
    "format",
    "required",
    "docRequired",
    "description",
    "example",
    "default",
    "minimum",
    "maximum",
    "maxItems",
    "enum",
    "items",
    "properties",
];
const RESPONSE_KEYS: &[&str] = &["type", "format", "description", "example", "enum", "items", "properties"];
const ITEMS_KEYS: &[&str] = &["type", "format", "required", "description", "example", "enum", "items", "properties"];

pub(super) fn request(parameters: Option<&Json>, notes: &mut Notes) -> Vec<Member> {
    let mut out = Vec::new();
    let Some(parameters) = parameters else { return out };
    let Some(list) = parameters.as_array() else {
        notes.warn("parameters", format!("expected a list, found {}", parameters.kind()));
        return out;
    };
    for (i, p) in list.iter().enumerate() {
        let name = p.get("name").and_then(Json::as_str);
        let path = format!("parameters[{}]", name.map_or(i.to_string(), str::to_string));
        unknown_keys(p, PARAMETER_KEYS, &path, "a parameter", notes);
        let (Some(name), Some(schema)) = (name, p.get("schema")) else {
            notes.warn(&path, "a parameter without `name` or `schema`; skipped");
            continue;
        };
        // A dotted name (`SystemDisk.Category`) is a field of a flat object (`Filter.1.Key`: of a
        // list's element), as the SDKs write it.
        let (containers, leaf) = match name.rsplit_once('.') {
            Some((containers, leaf)) => (containers.split('.').collect::<Vec<_>>(), leaf),
            None => (Vec::new(), name),
        };
        let Some(mut m) = member(leaf, schema, &format!("{path}.schema"), Side::Request, notes) else { continue };
        match p.get("in").and_then(Json::as_str) {
            Some("query") => m.location = Some(ParamIn::Query),
            Some("formData") => m.location = Some(ParamIn::Body),
            other => notes.warn(
                &format!("{path}.in"),
                format!("`{}` is not a place RPC sends parameters (query or formData); left to the method", other.unwrap_or("none")),
            ),
        }
        match (p.get("style").and_then(Json::as_str), m.ty) {
            (Some("json"), _) => m.encoding = Some(Encoding::Json),
            (Some("flat"), Type::Object) if !m.fields.is_empty() => m.encoding = Some(Encoding::Flat),
            (Some(style @ ("simple" | "spaceDelimited" | "pipeDelimited")), Type::Array)
                if m.items.as_ref().is_some_and(|i| !matches!(i.ty, Type::Object | Type::Array)) =>
            {
                m.encoding = Some(match style {
                    "simple" => Encoding::Simple,
                    "spaceDelimited" => Encoding::SpaceDelimited,
                    _ => Encoding::PipeDelimited,
                });
            }
            // A list goes out as `Name.1`, `Name.1.Field` in either style.
            (Some("repeatList" | "flat") | None, Type::Array) | (None, _) => {}
            (Some(style), ty) => notes.warn(&format!("{path}.style"), format!("style `{style}` on {ty} is not supported; sent as the default style")),
        }
        if m.ty == Type::Object && m.encoding.is_none() && containers.is_empty() {
            notes.warn(&format!("{path}.style"), "an object parameter without `style: json` or `flat` fields; sent JSON-encoded");
            m.encoding = Some(Encoding::Json);
        }
        flatten_nested(&mut m);
        place(&mut out, &containers, m, &path, notes);
    }
    out
}

/// Adds `m` to `level`, inside the objects (and list elements) that `containers` name.
fn place(level: &mut Vec<Member>, containers: &[&str], m: Member, path: &str, notes: &mut Notes) {
    let index = |s: &str| s.parse::<u32>().is_ok() || s == "N";
    let Some((first, rest)) = containers.split_first() else {
        push_unique(level, m, path, notes);
        return;
    };
    let is_list = rest.first().is_some_and(|next| index(next));
    let rest = if is_list { &rest[1..] } else { rest };
    let (leaf, location) = (m.name.clone(), m.location);
    // Where it goes is its container's.
    let m = Member { location: None, ..m };
    // A required field makes what holds it required.
    match container_of(level, first, is_list, location, m.required) {
        Some(fields) => place(fields, rest, m, path, notes),
        None => notes.warn(path, format!("`{first}` is not an object to hold `{leaf}`; skipped")),
    }
}

/// The fields of the flat object (or of the element of the list, `is_list`) named `name` in
/// `level`, made when missing; `None` when `name` is something else.
fn container_of<'m>(level: &'m mut Vec<Member>, name: &str, is_list: bool, location: Option<ParamIn>, required: bool) -> Option<&'m mut Vec<Member>> {
    let at = match level.iter().position(|m| m.name == name) {
        Some(at) => at,
        None => {
            let mut m = if is_list {
                let mut list = Member::new(name, Type::Array);
                list.items = Some(Box::new(Items { ty: Type::Object, name: None, values: Vec::new(), fields: Vec::new() }));
                list
            } else {
                let mut object = Member::new(name, Type::Object);
                object.encoding = Some(Encoding::Flat);
                object
            };
            m.location = location;
            level.push(m);
            level.len() - 1
        }
    };
    let m = &mut level[at];
    m.required |= required;
    match (m.ty, m.items.as_deref_mut()) {
        (Type::Array, Some(items)) if is_list && items.ty == Type::Object => Some(&mut items.fields),
        (Type::Object, _) if !is_list && m.encoding != Some(Encoding::Json) => {
            m.encoding = Some(Encoding::Flat);
            Some(&mut m.fields)
        }
        _ => None,
    }
}

/// Objects inside a request parameter go out field by field, as the SDKs flatten them.
fn flatten_nested(m: &mut Member) {
    let nested = m.fields.iter_mut().chain(m.items.iter_mut().flat_map(|items| items.fields.iter_mut()));
    for field in nested {
        if field.ty == Type::Object && field.encoding.is_none() {
            field.encoding = Some(if field.fields.is_empty() { Encoding::Json } else { Encoding::Flat });
        }
        flatten_nested(field);
    }
}

pub(super) fn response(responses: Option<&Json>, notes: &mut Notes) -> Vec<Member> {
    let mut out = Vec::new();
    let Some(responses) = responses else { return out };
    for (status, _) in responses.entries().iter().filter(|(s, _)| s != "200") {
        notes.warn(&format!("responses.{status}"), "only the success response (200) is imported");
    }
    let Some(schema) = responses.get("200").and_then(|r| r.get("schema")) else {
        notes.warn("responses", "no `200` response schema");
        return out;
    };
    let path = "responses.200.schema";
    if let Some(ty) = schema.get("type").and_then(Json::as_str).filter(|t| *t != "object") {
        notes.warn(path, format!("the response is `{ty}`, not an object; no fields imported"));
        return out;
    }
    for (name, node) in properties(schema) {
        if COMMON_FIELDS.contains(&name.as_str()) {
            continue;
        }
        let field_path = format!("{path}.properties.{name}");
        if let Some(m) = member(name, node, &field_path, Side::Response, notes) {
            push_unique(&mut out, m, &field_path, notes);
        }
    }
    out
}

fn properties(schema: &Json) -> &[(String, Json)] {
    schema.get("properties").map(Json::entries).unwrap_or_default()
}

/// Members of one object, each Rust name once.
fn fields(schema: &Json, path: &str, side: Side, notes: &mut Notes) -> Vec<Member> {
    let mut out = Vec::new();
    for (name, node) in properties(schema) {
        let field_path = format!("{path}.properties.{name}");
        if let Some(m) = member(name, node, &field_path, side, notes) {
            push_unique(&mut out, m, &field_path, notes);
        }
    }
    out
}

/// Adds `m` unless a member of the same Rust name is there (then the first stays), merging a flat
/// object's fields given apart.
fn push_unique(out: &mut Vec<Member>, m: Member, path: &str, notes: &mut Notes) {
    let upper = |name: &str| name.starts_with(|c: char| c.is_ascii_uppercase());
    let flat = |m: &Member| m.ty == Type::Object && m.encoding == Some(Encoding::Flat);
    match out.iter_mut().find(|o| snake(&o.name) == snake(&m.name)) {
        // A flat object and the dotted names of its other fields (`SystemDisk`, `SystemDisk.Size`).
        Some(other) if other.name == m.name && flat(other) && flat(&m) => {
            other.required |= m.required;
            for field in m.fields {
                push_unique(&mut other.fields, field, path, notes);
            }
        }
        // Names that differ only in case, one of them UpperCamelCase: both, until
        // `import::legacy_spellings` keeps that one.
        Some(other) if other.name != m.name && other.name.eq_ignore_ascii_case(&m.name) && (upper(&m.name) || upper(&other.name)) => out.push(m),
        Some(other) => notes.warn(path, format!("`{}` and `{}` are the same Rust name; the second is skipped", other.name, m.name)),
        None => out.push(m),
    }
}

fn unknown_keys(node: &Json, known: &[&str], path: &str, what: &str, notes: &mut Notes) {
    for (key, _) in node.entries() {
        if !known.contains(&key.as_str()) {
            notes.warn(&format!("{path}.{key}"), format!("not imported (no spec key for it on {what})"));
        }
    }
}

/// The type of a schema node.
fn schema_type(schema: &Json, path: &str, notes: &mut Notes) -> Option<Type> {
    let ty = schema.get("type").and_then(Json::as_str);
    let format = schema.get("format").and_then(Json::as_str);
    let mapped = match (ty, format) {
        (Some("string"), None) => Type::String,
        (Some("integer"), None | Some("int32")) => Type::Integer,
        (Some("integer"), Some("int64")) => Type::Long,
        (Some("number"), Some("float")) => Type::Float,
        (Some("number"), None | Some("double")) => Type::Double,
        (Some("boolean"), None) => Type::Boolean,
        (Some("array"), None) => Type::Array,
        (Some("object"), None) => Type::Object,
        (Some(t @ ("string" | "integer" | "number" | "boolean" | "array" | "object")), Some(f)) => {
            let kept = match t {
                "string" => Type::String,
                "integer" => Type::Integer,
                "number" => Type::Double,
                "boolean" => Type::Boolean,
                "array" => Type::Array,
                _ => Type::Object,
            };
            notes.warn(&format!("{path}.format"), format!("format `{f}` on `{t}` is not a known pair; imported as {kept}"));
            kept
        }
        (other, _) => {
            notes.warn(&format!("{path}.type"), format!("unknown type `{}`; skipped", other.unwrap_or("none")));
            return None;
        }
    };
    Some(mapped)
}

/// One schema node (a parameter's schema or a property) as the member `name`.
fn member(name: &str, schema: &Json, path: &str, side: Side, notes: &mut Notes) -> Option<Member> {
    if !is_identifier_like(name) {
        notes.warn(path, format!("`{name}` cannot become a Rust name (ASCII letters, digits and `_`); skipped"));
        return None;
    }
    if !matches!(schema, Json::Object(_)) {
        notes.warn(path, format!("expected a schema object, found {}", schema.kind()));
        return None;
    }
    if side == Side::Response
        && let Some(wrapped) = wrapper(name, schema, path, notes)
    {
        return wrapped;
    }
    unknown_keys(schema, if side == Side::Request { REQUEST_KEYS } else { RESPONSE_KEYS }, path, "a member", notes);
    let ty = schema_type(schema, path, notes)?;
    let mut m = Member::new(name, ty);
    let text = |key: &str, notes: &mut Notes| -> Option<String> {
        let value = schema.get(key)?;
        let text = value.scalar_text();
        if text.is_none() && *value != Json::Null {
            notes.warn(&format!("{path}.{key}"), format!("expected a scalar, found {}; not imported", value.kind()));
        }
        text
    };
    // Space around an example is not part of it (`a1BwAGV****\t`).
    m.example = text("example", notes).map(|e| e.trim().to_string()).filter(|e| !e.is_empty());
    if side == Side::Request {
        m.required = schema.get("required").and_then(Json::as_bool).unwrap_or(false);
        if let Some(doc) = schema.get("docRequired").and_then(Json::as_bool).filter(|d| *d != m.required) {
            notes.warn(&format!("{path}.docRequired"), format!("`docRequired: {doc}` disagrees with `required: {}`; `required` kept", m.required));
        }
        m.default = text("default", notes);
        m.minimum = text("minimum", notes);
        m.maximum = text("maximum", notes);
        if let Some(max) = schema.get("maxItems") {
            match max.scalar_text().and_then(|t| t.parse::<u32>().ok()) {
                Some(n) if ty == Type::Array => m.max_items = Some(n),
                Some(_) => notes.warn(&format!("{path}.maxItems"), format!("`maxItems` on {ty}; not imported")),
                None => notes.warn(&format!("{path}.maxItems"), "not a whole number; not imported"),
            }
        }
    }
    let description = schema.get("description").and_then(Json::text).map(str::to_string);
    match ty {
        Type::Array => {
            let items_path = format!("{path}.items");
            let Some(node) = schema.get("items") else {
                notes.warn(path, "an array without `items`; skipped");
                return None;
            };
            let (items, element_description) = items(node, &items_path, side, notes)?;
            m.items = Some(Box::new(items));
            m.description = join_descriptions(description, element_description);
        }
        Type::Object => {
            m.fields = fields(schema, path, side, notes);
            m.description = description;
        }
        _ => m.description = description,
    }
    let (values, rest) = value_options(schema, &m, path, notes);
    if !values.is_empty() {
        m.description = rest;
        match &mut m.items {
            Some(items) => items.values = values,
            None => m.values = values,
        }
    }
    Some(m)
}

/// The element of an array; and its description, which the array may lack.
fn items(node: &Json, path: &str, side: Side, notes: &mut Notes) -> Option<(Items, Option<String>)> {
    unknown_keys(node, ITEMS_KEYS, path, "an array element", notes);
    let ty = schema_type(node, path, notes)?;
    if node.get("required").and_then(Json::as_bool) == Some(true) {
        notes.warn(&format!("{path}.required"), "a required element means nothing; not imported");
    }
    if let Some(example) = node.get("example").and_then(Json::text) {
        notes.warn(&format!("{path}.example"), format!("an element's example ({example}) has no place in a spec; not imported"));
    }
    let mut items = Items { ty, name: None, values: Vec::new(), fields: Vec::new() };
    match ty {
        Type::Array => {
            notes.warn(path, "arrays of arrays are not supported; skipped");
            return None;
        }
        Type::Object => {
            items.fields = fields(node, path, side, notes);
            if items.fields.is_empty() && side == Side::Request {
                notes.warn(path, "a request element object without properties cannot be sent; skipped");
                return None;
            }
        }
        _ => {}
    }
    Some((items, node.get("description").and_then(Json::text).map(str::to_string)))
}

/// `"List": {"properties": {"ProductInfo": {"type": "array", ...}}}` -> `List`, an Array wrapped in
/// `ProductInfo`. `None` if the node is not such an object.
fn wrapper(name: &str, schema: &Json, path: &str, notes: &mut Notes) -> Option<Option<Member>> {
    let [(inner_name, inner)] = properties(schema) else { return None };
    if schema.get("type").and_then(Json::as_str) != Some("object") || inner.get("type").and_then(Json::as_str) != Some("array") {
        return None;
    }
    unknown_keys(schema, &["type", "description", "properties"], path, "a wrapper object", notes);
    let inner_path = format!("{path}.properties.{inner_name}");
    if !is_identifier_like(inner_name) {
        notes.warn(&inner_path, format!("`{inner_name}` cannot be a wrapper key; skipped"));
        return Some(None);
    }
    let Some(m) = member(inner_name, inner, &inner_path, Side::Response, notes) else { return Some(None) };
    let mut m = m.wrapped_as(name);
    let outer = schema.get("description").and_then(Json::text).map(str::to_string);
    m.description = join_descriptions(outer, m.description.take());
    Some(Some(m))
}

/// An array's description and its element's (or a wrapper's and its array's): one, or both as
/// paragraphs.
fn join_descriptions(outer: Option<String>, inner: Option<String>) -> Option<String> {
    match (outer, inner) {
        (Some(o), Some(i)) if o != i => Some(format!("{o}\n\n{i}")),
        (o, i) => o.or(i),
    }
}

/// The value options of a member (or of its scalar elements): its `enum`, with the descriptions
/// its text gives them, else the bold-value list of its description; and what remains of the
/// description once the option lines are out.
fn value_options(schema: &Json, m: &Member, path: &str, notes: &mut Notes) -> (Vec<ValueOption>, Option<String>) {
    let (ty, node) = match &m.items {
        Some(items) if items.ty.is_scalar() => (items.ty, schema.get("items").unwrap_or(schema)),
        Some(_) => return (Vec::new(), m.description.clone()),
        None if m.ty.is_scalar() => (m.ty, schema),
        None => return (Vec::new(), m.description.clone()),
    };
    let described = m.description.as_deref().map(values::described);
    let listed = node.get("enum").or_else(|| schema.get("enum"));
    if let Some(listed) = listed {
        let enum_path = format!("{path}.enum");
        let Some(list) = listed.as_array() else {
            notes.warn(&enum_path, format!("expected a list, found {}", listed.kind()));
            return (Vec::new(), m.description.clone());
        };
        let mut options: Vec<ValueOption> = Vec::new();
        for value in list {
            let Some(value) = value.scalar_text() else {
                notes.warn(&enum_path, format!("{} is not a value; enum not imported", value.kind()));
                return (Vec::new(), m.description.clone());
            };
            if !values::fits(&value, ty) {
                notes.warn(&enum_path, format!("`{value}` is not a valid {ty}; enum not imported"));
                return (Vec::new(), m.description.clone());
            }
            if !options.iter().any(|o| o.value == value) {
                let description = described.as_ref().and_then(|d| d.options.iter().find(|o| o.value == value)).and_then(|o| o.description.clone());
                options.push(ValueOption { value, name: None, description });
            }
        }
        let rest = match &described {
            Some(d) if !d.options.is_empty() => d.rest.clone(),
            _ => m.description.clone(),
        };
        return (options, rest);
    }
    let Some(described) = described.filter(|d| !d.options.is_empty()) else { return (Vec::new(), m.description.clone()) };
    if m.items.is_none() && values::is_json_example(m.example.as_deref()) {
        // The list names the keys of the JSON text, not values.
        return (Vec::new(), m.description.clone());
    }
    let misfits: Vec<&str> = described.options.iter().map(|o| o.value.as_str()).filter(|v| !values::fits(v, ty)).collect();
    if !misfits.is_empty() {
        notes.warn(
            &format!("{path}.description"),
            format!(
                "lists values that are not {ty} ({}); no values imported",
                misfits.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
            ),
        );
        return (Vec::new(), m.description.clone());
    }
    (described.options, described.rest)
}
