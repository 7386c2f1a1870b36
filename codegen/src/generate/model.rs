//! The intermediate model between the specs and Rust tokens: Rust names chosen, types resolved,
//! collisions settled, identical shapes merged. Everything the emitters need, nothing they decide.
//!
//! Shapes (the structures and enums of requests and responses) are collected over all actions at
//! once: two actions that document the same structure (same wire names, same field types) or the
//! same value list get one Rust type in the crate's `types` module, so a value read from one action
//! can be passed to another. A shape keeps the name its spec gives it unless another shape wants
//! that name too, or the name says nothing on its own (`Data`, `List`): then it is prefixed with
//! the first action that uses it (`QueryProductListData`).

use crate::names::{pascal, snake, variant_label};
use crate::spec::{Action, Encoding, ErrorCode, Member, Side, SpecSet, Type, ValueOption};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(super) struct CrateModel<'a> {
    /// One per action, sorted by action name.
    pub operations: Vec<OperationModel<'a>>,
    /// The `types` module: shared structures, sorted by name.
    pub structs: Vec<StructModel<'a>>,
    /// The `types` module: enums of documented values, sorted by name.
    pub enums: Vec<EnumModel<'a>>,
    /// The `types` module: enums of actions' documented error codes, sorted by name.
    pub error_enums: Vec<ErrorEnumModel<'a>>,
}

/// The error codes one or more actions document.
pub(super) struct ErrorEnumModel<'a> {
    pub name: String,
    /// Variant name and code.
    pub codes: Vec<(String, &'a ErrorCode)>,
    pub used_by: Vec<&'a str>,
}

pub(super) struct OperationModel<'a> {
    pub action: &'a Action,
    /// Module and client method name: `query_product_list`.
    pub module: String,
    /// `QueryProductList`, the prefix of the operation's own type names.
    pub type_prefix: String,
    pub input: StructModel<'a>,
    pub output: StructModel<'a>,
    /// The enum of its documented error codes, in `types`.
    pub errors: Option<String>,
}

pub(super) struct StructModel<'a> {
    pub name: String,
    pub side: Side,
    /// The member this struct was made for (none for the input and output).
    pub member: Option<&'a Member>,
    pub fields: Vec<FieldModel<'a>>,
    /// The actions whose requests or responses hold it, sorted.
    pub used_by: Vec<&'a str>,
}

impl StructModel<'_> {
    pub(super) fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.member.is_sensitive())
    }
}

pub(super) struct FieldModel<'a> {
    pub member: &'a Member,
    /// The Rust field and setter name (before keyword escaping).
    pub ident: String,
    pub shape: Shape,
    /// Element or scalar Rust type: `i32`, `String`, a shape of `types`.
    pub rust_type: RustType,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// `Option<T>`
    Scalar,
    /// `Option<Struct>` (responses only)
    Object,
    /// `Vec<T>` of scalars
    List,
    /// `Vec<Struct>`
    Objects,
    /// `Option<serde_json::Value>`, sent as one JSON string (requests only)
    Json,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum RustType {
    Primitive(&'static str),
    /// A struct or enum of the `types` module.
    Shape(String),
    Json,
}

pub(super) struct EnumModel<'a> {
    pub name: String,
    pub member_name: &'a str,
    pub numeric: bool,
    pub description: Option<&'a str>,
    pub variants: Vec<VariantModel<'a>>,
    pub used_by: Vec<&'a str>,
}

pub(super) struct VariantModel<'a> {
    pub ident: String,
    pub option: &'a ValueOption,
}

/// Names the builder already uses; a parameter with one of these names gets a `_param` suffix.
const BUILDER_METHODS: &[&str] = &["send", "as_input", "into_input", "client"];

/// Names a shape never takes: generated code uses them unqualified, or enums use them as variants.
const RESERVED: &[&str] =
    &["Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Default", "Debug", "Clone", "Unknown", "RawBody", "UnknownValue"];

/// Names that say nothing without their action: always prefixed with it.
const GENERIC_NAMES: &[&str] =
    &["Data", "List", "Item", "Items", "Info", "Result", "Results", "Value", "Values", "Detail", "Details", "Content", "Body", "Param", "Params"];

pub(super) fn build(specs: &SpecSet) -> CrateModel<'_> {
    let mut shapes = Shapes::default();
    for action in &specs.actions {
        for m in &action.request {
            shapes.visit(m, Side::Request, &action.action, &action.action);
        }
        for m in &action.response {
            shapes.visit(m, Side::Response, &action.action, &action.action);
        }
        shapes.errors(action);
    }
    let names = shapes.assign_names();
    let resolve = Resolver { shapes: &shapes, names: &names };
    let operations = specs
        .actions
        .iter()
        .map(|action| {
            let type_prefix = pascal(&action.action);
            OperationModel {
                action,
                module: snake(&action.action),
                input: resolve.top_level(format!("{type_prefix}Input"), &action.request, Side::Request, &action.action),
                output: resolve.top_level(format!("{type_prefix}Output"), &action.response, Side::Response, &action.action),
                errors: shapes.errors_of.get(action.action.as_str()).map(|key| names[key].clone()),
                type_prefix,
            }
        })
        .collect();
    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let mut error_enums = Vec::new();
    for (key, shape) in &shapes.by_key {
        let name = names[key].clone();
        let used_by = shape.used_by.iter().copied().collect();
        match shape.kind {
            ShapeKind::Struct { side, fields } => {
                let fields = fields.iter().map(|m| resolve.field(m, side)).collect();
                structs.push(StructModel { name, side, member: shape.member, fields, used_by });
            }
            ShapeKind::Enum { numeric, values } => {
                let member = shape.member.expect("value lists belong to members");
                enums.push(EnumModel {
                    name,
                    member_name: &member.name,
                    numeric,
                    description: member.description.as_deref(),
                    variants: variant_names(values),
                    used_by,
                })
            }
            ShapeKind::Errors(codes) => error_enums.push(ErrorEnumModel { name, codes: error_variants(codes), used_by }),
        }
    }
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    error_enums.sort_by(|a, b| a.name.cmp(&b.name));
    CrateModel { operations, structs, enums, error_enums }
}

/// A structure or value list, as first met.
struct ShapeInfo<'a> {
    kind: ShapeKind<'a>,
    /// The member of its first occurrence: its docs are the shape's docs (none for error codes).
    member: Option<&'a Member>,
    /// The name its spec asks for: the element name, else the member name, in PascalCase.
    preferred: String,
    /// A list element's other name, from the list's own (`InvalidProductTags` -> `InvalidProductTag`
    /// for an element documented as `ProductTag`): tried before the parent's name is.
    alternative: Option<String>,
    /// Where it was first met: the action, the name the parent asks for, and how deep.
    first_action: &'a str,
    parent: String,
    depth: usize,
    used_by: BTreeSet<&'a str>,
}

#[derive(Clone, Copy)]
enum ShapeKind<'a> {
    Struct { side: Side, fields: &'a [Member] },
    Enum { numeric: bool, values: &'a [ValueOption] },
    Errors(&'a [ErrorCode]),
}

/// Shapes by structural key: equal keys are the same Rust type.
#[derive(Default)]
struct Shapes<'a> {
    by_key: BTreeMap<String, ShapeInfo<'a>>,
    /// Keys in the order first met, so naming does not depend on how keys sort.
    order: Vec<String>,
    /// The key of each member that is (or holds) a shape.
    of_member: HashMap<*const Member, String>,
    /// The key of each action's error codes.
    errors_of: HashMap<&'a str, String>,
    /// How many structures enclose the member being visited.
    depth: usize,
    /// The list's own name for the element about to be registered, when it is not `preferred`.
    alternative: Option<String>,
}

impl<'a> Shapes<'a> {
    /// Registers the shapes under `m` and returns its type key.
    fn visit(&mut self, m: &'a Member, side: Side, action: &'a str, parent: &str) -> String {
        if m.encoding == Some(Encoding::Json) {
            return "json".into();
        }
        let key = match (m.ty, &m.items) {
            // An object documented without fields is any JSON.
            (Type::Object, _) if m.fields.is_empty() => "json".into(),
            (Type::Array, Some(items)) if items.ty == Type::Object && items.fields.is_empty() => "[json]".into(),
            (Type::Object, _) => self.structure(m, pascal(&m.name), &m.fields, side, action, parent),
            (Type::Array, Some(items)) if items.ty == Type::Object => {
                // The documented element name, unless it says nothing (`Items`): then the list's.
                let singular = element_name(&m.name);
                let element = items.name.as_deref().or(m.wrapper.as_deref()).map(pascal).filter(|name| !GENERIC_NAMES.contains(&name.as_str()));
                let (preferred, alternative) = match element {
                    Some(element) if element != singular => (element, Some(singular)),
                    _ => (singular, None),
                };
                self.alternative = alternative;
                format!("[{}]", self.structure(m, preferred, &items.fields, side, action, parent))
            }
            (Type::Array, Some(items)) => format!("[{}]", self.scalar(m, element_name(&m.name), items.ty, &items.values, action, parent)),
            (Type::Array, None) => "[String]".into(),
            (ty, _) => self.scalar(m, pascal(&m.name), ty, &m.values, action, parent),
        };
        self.of_member.insert(m as *const Member, key.clone());
        key
    }

    /// Registers the action's documented error codes, if any.
    fn errors(&mut self, action: &'a Action) {
        if action.errors.is_empty() {
            return;
        }
        let codes: Vec<&str> = action.errors.iter().map(|e| e.code.as_str()).collect();
        let key = format!("errors {{{}}}", codes.join(","));
        let name = format!("{}ErrorCode", pascal(&action.action));
        let key = self.register(key, ShapeKind::Errors(&action.errors), None, name, &action.action, &action.action);
        self.errors_of.insert(&action.action, key);
    }

    /// An enum named `preferred` when `values` make one, else the scalar type.
    fn scalar(&mut self, m: &'a Member, preferred: String, ty: Type, values: &'a [ValueOption], action: &'a str, parent: &str) -> String {
        if !makes_enum(ty, values) {
            return ty.as_str().into();
        }
        let numeric = ty != Type::String;
        let variants: Vec<String> = variant_names(values).iter().map(|v| format!("{}={}", v.option.value, v.ident)).collect();
        let key = format!("enum {} {{{}}}", if numeric { "int" } else { "str" }, variants.join(","));
        self.register(key, ShapeKind::Enum { numeric, values }, Some(m), preferred, action, parent)
    }

    /// A structure named `preferred` (PascalCase), holding `fields`.
    fn structure(&mut self, m: &'a Member, preferred: String, fields: &'a [Member], side: Side, action: &'a str, parent: &str) -> String {
        let alternative = self.alternative.take();
        self.depth += 1;
        let parts: Vec<String> = fields
            .iter()
            .map(|f| {
                let ty = self.visit(f, side, action, &preferred);
                let required = side == Side::Request && f.required;
                format!(
                    "{}:{ty}{}{}{}",
                    f.name,
                    if required { "!" } else { "" },
                    f.wrapper.as_deref().map(|w| format!("@{w}")).unwrap_or_default(),
                    if f.is_sensitive() { "*" } else { "" }
                )
            })
            .collect();
        self.depth -= 1;
        let key = format!("{side:?} {{{}}}", parts.join(","));
        let key = self.register(key, ShapeKind::Struct { side, fields }, Some(m), preferred, action, parent);
        let info = self.by_key.get_mut(&key).expect("just registered");
        info.alternative = info.alternative.take().or(alternative);
        key
    }

    fn register(&mut self, key: String, kind: ShapeKind<'a>, member: Option<&'a Member>, preferred: String, action: &'a str, parent: &str) -> String {
        let info = self.by_key.entry(key.clone()).or_insert_with(|| {
            self.order.push(key.clone());
            ShapeInfo {
                kind,
                member,
                preferred,
                alternative: None,
                first_action: action,
                parent: parent.to_string(),
                depth: self.depth,
                used_by: BTreeSet::new(),
            }
        });
        info.used_by.insert(action);
        key
    }

    /// A unique Rust name for every shape.
    fn assign_names(&self) -> HashMap<String, String> {
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for info in self.by_key.values() {
            *wanted.entry(info.preferred.as_str()).or_default() += 1;
        }
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        let mut names = HashMap::new();
        // Names wanted by one shape only are settled first, so a prefixed name never takes them.
        let (alone, mut shared): (Vec<&String>, Vec<&String>) = self.order.iter().partition(|k| {
            let p = self.by_key[*k].preferred.as_str();
            wanted[p] == 1 && !GENERIC_NAMES.contains(&p) && !RESERVED.contains(&p)
        });
        for key in alone {
            let name = self.by_key[key].preferred.clone();
            taken.insert(name.clone());
            names.insert(key.clone(), name);
        }
        // Outer shapes choose first: a response's `Data` is `QueryXData`, the `Data` inside it
        // `QueryXDataData`, never the other way round.
        shared.sort_by_key(|k| self.by_key[*k].depth);
        for key in shared {
            let info = &self.by_key[key];
            let action = pascal(info.first_action);
            // Then the parent's name, when it is not the action's own (`QueryProductListDataList`).
            let parent = pascal(&info.parent);
            let parent = if parent == action { String::new() } else { parent };
            let mut candidates = vec![format!("{action}{}", info.preferred)];
            candidates.extend(info.alternative.as_ref().map(|other| format!("{action}{other}")));
            candidates.push(format!("{action}{parent}{}", info.preferred));
            candidates.extend(info.alternative.as_ref().map(|other| format!("{action}{parent}{other}")));
            // Shapes of one action that match on every name tried differ by side or structure.
            let last_resort = match info.kind {
                ShapeKind::Struct { side: Side::Request, .. } => "Param",
                ShapeKind::Struct { side: Side::Response, .. } => "Entry",
                ShapeKind::Enum { .. } => "Value",
                ShapeKind::Errors(_) => "Codes",
            };
            candidates.push(format!("{action}{parent}{}{last_resort}", info.preferred));
            let name = candidates
                .into_iter()
                .chain((2..).map(|n| format!("{action}{}{n}", info.preferred)))
                .find(|c| !taken.contains(c))
                .expect("a numbered name is free");
            taken.insert(name.clone());
            names.insert(key.clone(), name);
        }
        names
    }
}

/// Turns members into fields, now that every shape has its name.
struct Resolver<'s, 'a> {
    shapes: &'s Shapes<'a>,
    names: &'s HashMap<String, String>,
}

impl<'a> Resolver<'_, 'a> {
    fn top_level(&self, name: String, members: &'a [Member], side: Side, action: &'a str) -> StructModel<'a> {
        StructModel { name, side, member: None, fields: members.iter().map(|m| self.field(m, side)).collect(), used_by: vec![action] }
    }

    fn field(&self, m: &'a Member, side: Side) -> FieldModel<'a> {
        let mut ident = snake(&m.name);
        if side == Side::Request && BUILDER_METHODS.contains(&ident.as_str()) {
            ident.push_str("_param");
        }
        let shape_name = || {
            let key = &self.shapes.of_member[&(m as *const Member)];
            let key = key.strip_prefix('[').and_then(|k| k.strip_suffix(']')).unwrap_or(key);
            RustType::Shape(self.names[key].clone())
        };
        let (shape, rust_type) = if m.encoding == Some(Encoding::Json) {
            (Shape::Json, RustType::Json)
        } else {
            match (m.ty, &m.items) {
                (Type::Object, _) if m.fields.is_empty() => (Shape::Json, RustType::Json),
                (Type::Array, Some(items)) if items.ty == Type::Object && items.fields.is_empty() => (Shape::List, RustType::Json),
                (Type::Object, _) => (Shape::Object, shape_name()),
                (Type::Array, Some(items)) if items.ty == Type::Object => (Shape::Objects, shape_name()),
                (Type::Array, Some(items)) if makes_enum(items.ty, &items.values) => (Shape::List, shape_name()),
                (Type::Array, Some(items)) => (Shape::List, RustType::Primitive(primitive(items.ty))),
                (Type::Array, None) => (Shape::List, RustType::Primitive("String")),
                (ty, _) if makes_enum(ty, &m.values) => (Shape::Scalar, shape_name()),
                (ty, _) => (Shape::Scalar, RustType::Primitive(primitive(ty))),
            }
        };
        FieldModel { member: m, ident, shape, rust_type }
    }
}

/// The name of one element of the list `list` when the documentation names none: `DeviceList` ->
/// `Device`, `Instances` -> `Instance`, `Policies` -> `Policy`, `List` -> `Item`; a name that is no plural stays
/// (`InstanceStatus`), so an element type never reads as a list (`Vec<DeviceList>`).
fn element_name(list: &str) -> String {
    let name = pascal(list);
    // The last word decides: `DeviceStatus` is one status, `DeviceNames` several names.
    let word_start = name.rfind(|c: char| c.is_ascii_uppercase()).unwrap_or(0);
    let (head, word) = name.split_at(word_start);
    let singular = match word {
        "List" | "Array" if head.is_empty() => "Item".to_string(),
        "List" | "Array" => return head.to_string(),
        // Singular and plural alike.
        "Series" | "Species" => word.to_string(),
        _ if word.ends_with("ies") && word.len() > 4 => format!("{}y", &word[..word.len() - 3]),
        _ if ["sses", "shes", "ches", "xes", "uses"].iter().any(|s| word.ends_with(s)) => word[..word.len() - 2].to_string(),
        _ if word.len() >= 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|s| word.ends_with(s)) => word[..word.len() - 1].to_string(),
        _ => word.to_string(),
    };
    format!("{head}{singular}")
}

/// Documented values become an enum for text and integer types.
fn makes_enum(ty: Type, values: &[ValueOption]) -> bool {
    !values.is_empty() && matches!(ty, Type::String | Type::Integer | Type::Long)
}

fn primitive(ty: Type) -> &'static str {
    match ty {
        Type::String => "String",
        Type::Integer => "i32",
        Type::Long => "i64",
        Type::Boolean => "bool",
        Type::Float => "f32",
        Type::Double => "f64",
        Type::Object | Type::Array => unreachable!("validated: arrays of arrays are rejected"),
    }
}

/// Variant names: the spec's `name`, else the value itself when it reads as a name
/// (`iothub_senior` -> `IothubSenior`), else a short description (`0: Device.` -> `Device`),
/// else `V` and the value (`V0`).
fn variant_names(values: &[ValueOption]) -> Vec<VariantModel<'_>> {
    let mut taken = BTreeSet::from(["Unknown".to_string()]);
    values
        .iter()
        .map(|option| {
            let candidates = [
                option.name.clone(),
                Some(pascal(&option.value)).filter(|p| p.starts_with(|c: char| c.is_ascii_alphabetic())),
                option.description.as_deref().and_then(variant_label),
                Some(format!("V{}", option.value.chars().filter(char::is_ascii_alphanumeric).collect::<String>())),
            ];
            let ident = candidates.into_iter().flatten().find(|c| !c.is_empty() && !taken.contains(c)).unwrap_or_else(|| format!("V{}", taken.len()));
            taken.insert(ident.clone());
            VariantModel { ident, option }
        })
        .collect()
}

/// Variant names of error codes: `iot.prod.NotExistedProduct` -> `IotProdNotExistedProduct`,
/// numbered where two codes make the same name.
fn error_variants(codes: &[ErrorCode]) -> Vec<(String, &ErrorCode)> {
    let mut taken = BTreeSet::from(["Unknown".to_string()]);
    codes
        .iter()
        .map(|code| {
            let base = Some(pascal(&code.code))
                .filter(|p| p.starts_with(|c: char| c.is_ascii_alphabetic()))
                .unwrap_or_else(|| format!("E{}", pascal(&code.code)));
            let ident = std::iter::once(base.clone()).chain((2..).map(|n| format!("{base}{n}"))).find(|c| !taken.contains(c)).expect("a free name");
            taken.insert(ident.clone());
            (ident, code)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::element_name;

    #[test]
    fn an_element_is_named_in_the_singular() {
        let cases = [
            ("DeviceList", "Device"),
            ("Instances", "Instance"),
            ("Policies", "Policy"),
            ("Addresses", "Address"),
            ("Statuses", "Status"),
            ("Ips", "Ip"),
            ("InstanceStatus", "InstanceStatus"),
            ("Data", "Data"),
            ("List", "Item"),
            ("TimeSeries", "TimeSeries"),
            ("Analysis", "Analysis"),
        ];
        for (list, element) in cases {
            assert_eq!(element_name(list), element, "{list}");
        }
    }
}
