//! The intermediate model between a spec and Rust tokens: Rust names chosen, types resolved,
//! collisions settled. Everything the emitter needs, nothing it has to decide.

use crate::names::{pascal, snake, variant_label};
use crate::spec::{Action, Member, Method, Type, ValueOption};
use std::collections::BTreeSet;

pub struct OperationModel<'a> {
    pub action: &'a Action,
    /// Module and client method name: `query_product_list`.
    pub module: String,
    /// `QueryProductList`, the prefix of the operation's own type names.
    pub type_prefix: String,
    pub input: StructModel<'a>,
    /// Elements of object arrays in the request (`Tag.N.Key`).
    pub request_structs: Vec<StructModel<'a>>,
    pub output: StructModel<'a>,
    pub response_structs: Vec<StructModel<'a>>,
    pub enums: Vec<EnumModel<'a>>,
    pub methods: Vec<Method>,
}

pub struct StructModel<'a> {
    pub name: String,
    /// The member this struct was made for (none for the input and output).
    pub member: Option<&'a Member>,
    pub fields: Vec<FieldModel<'a>>,
}

impl StructModel<'_> {
    pub fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.member.is_sensitive())
    }
}

pub struct FieldModel<'a> {
    pub member: &'a Member,
    /// The Rust field and setter name (before keyword escaping).
    pub ident: String,
    pub shape: Shape,
    /// Element or scalar Rust type: `i32`, `String`, `ProductInfo`, `NodeType`.
    pub rust_type: RustType,
    /// For response lists documented with `wrapper`: the serde `with` module name.
    pub wrapper_module: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
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

#[derive(Clone, PartialEq, Eq)]
pub enum RustType {
    Primitive(&'static str),
    /// A type generated in the same module.
    Local(String),
    Json,
}

pub struct EnumModel<'a> {
    pub name: String,
    pub member_name: &'a str,
    pub numeric: bool,
    pub description: Option<&'a str>,
    pub variants: Vec<VariantModel<'a>>,
}

pub struct VariantModel<'a> {
    pub ident: String,
    pub option: &'a ValueOption,
}

/// Names the builder already uses; a parameter with one of these names gets a `_param` suffix.
const BUILDER_METHODS: &[&str] = &["send", "as_input", "into_input", "client"];

pub fn build(action: &Action) -> OperationModel<'_> {
    let type_prefix = pascal(&action.action);
    // Prelude and std names stay free, so generated code can say `Option` and `Vec` unqualified.
    let names = ["Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Default", "Debug", "Clone"];
    let mut b = Builder {
        names: names.into_iter().map(String::from).collect(),
        enums: Vec::new(),
        request_structs: Vec::new(),
        response_structs: Vec::new(),
    };
    for suffix in ["Input", "Output", "Builder"] {
        b.names.insert(format!("{type_prefix}{suffix}"));
    }
    let input_fields = b.fields(&action.request, &type_prefix, Side::Request);
    let output_fields = b.fields(&action.response, &type_prefix, Side::Response);
    OperationModel {
        action,
        module: snake(&action.action),
        input: StructModel { name: format!("{type_prefix}Input"), member: None, fields: input_fields },
        output: StructModel { name: format!("{type_prefix}Output"), member: None, fields: output_fields },
        type_prefix,
        request_structs: b.request_structs,
        response_structs: b.response_structs,
        enums: b.enums,
        methods: if action.methods.is_empty() { vec![Method::Post, Method::Get] } else { action.methods.clone() },
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Request,
    Response,
}

struct Builder<'a> {
    /// Type names taken in the module.
    names: BTreeSet<String>,
    enums: Vec<EnumModel<'a>>,
    request_structs: Vec<StructModel<'a>>,
    response_structs: Vec<StructModel<'a>>,
}

impl<'a> Builder<'a> {
    fn fields(&mut self, members: &'a [Member], parent: &str, side: Side) -> Vec<FieldModel<'a>> {
        members.iter().map(|m| self.field(m, parent, side)).collect()
    }

    fn field(&mut self, m: &'a Member, parent: &str, side: Side) -> FieldModel<'a> {
        let mut ident = snake(&m.name);
        if side == Side::Request && BUILDER_METHODS.contains(&ident.as_str()) {
            ident.push_str("_param");
        }
        let (shape, rust_type) = if m.encoding.is_some() {
            (Shape::Json, RustType::Json)
        } else {
            match (m.ty, &m.items) {
                (Type::Object, _) => {
                    let name = self.struct_for(&m.name, None, &m.fields, m, parent, side);
                    (Shape::Object, RustType::Local(name))
                }
                (Type::Array, Some(items)) if items.ty == Type::Object => {
                    // The element is named by the spec, else by its wrapper key (`ProductInfo`).
                    let element_name = items.name.as_deref().or(m.wrapper.as_deref());
                    let name = self.struct_for(&m.name, element_name, &items.fields, m, parent, side);
                    (Shape::Objects, RustType::Local(name))
                }
                (Type::Array, Some(items)) => (Shape::List, self.scalar_type(items.ty, &items.values, m, parent)),
                (Type::Array, None) => (Shape::List, RustType::Primitive("String")),
                (ty, _) => (Shape::Scalar, self.scalar_type(ty, &m.values, m, parent)),
            }
        };
        let wrapper_module = m.wrapper.as_ref().map(|_| format!("{}_{}_wrapper", snake(parent), snake(&m.name)));
        FieldModel { member: m, ident, shape, rust_type, wrapper_module }
    }

    fn scalar_type(&mut self, ty: Type, values: &'a [ValueOption], m: &'a Member, parent: &str) -> RustType {
        let primitive = match ty {
            Type::String => "String",
            Type::Integer => "i32",
            Type::Long => "i64",
            Type::Boolean => "bool",
            Type::Float => "f32",
            Type::Double => "f64",
            Type::Object | Type::Array => unreachable!("validated: arrays of arrays are rejected"),
        };
        if values.is_empty() || !matches!(ty, Type::String | Type::Integer | Type::Long) {
            return RustType::Primitive(primitive);
        }
        // The same option list under the same name (a parameter echoed in the response) is one enum.
        if let Some(existing) = self.enums.iter().find(|e| e.member_name == m.name && e.variants.iter().map(|v| v.option).eq(values.iter())) {
            return RustType::Local(existing.name.clone());
        }
        let name = self.claim(&pascal(&m.name), parent);
        self.enums.push(EnumModel {
            name: name.clone(),
            member_name: &m.name,
            numeric: ty != Type::String,
            description: m.description.as_deref(),
            variants: variant_names(values),
        });
        RustType::Local(name)
    }

    fn struct_for(&mut self, member_name: &str, element_name: Option<&str>, fields: &'a [Member], m: &'a Member, parent: &str, side: Side) -> String {
        let name = self.claim(&pascal(element_name.unwrap_or(member_name)), parent);
        // Parents come before their children in the module: remember the slot, recurse, insert.
        let slot = match side {
            Side::Request => self.request_structs.len(),
            Side::Response => self.response_structs.len(),
        };
        let fields = self.fields(fields, &name, side);
        let model = StructModel { name: name.clone(), member: Some(m), fields };
        match side {
            Side::Request => self.request_structs.insert(slot, model),
            Side::Response => self.response_structs.insert(slot, model),
        }
        name
    }

    /// A free type name: the preferred one, else prefixed by its parent, else numbered.
    fn claim(&mut self, preferred: &str, parent: &str) -> String {
        let mut candidates = vec![preferred.to_string(), format!("{parent}{preferred}")];
        candidates.extend((2..).take(100).map(|n| format!("{parent}{preferred}{n}")));
        let name = candidates.into_iter().find(|c| !self.names.contains(c) && c != "Unknown").expect("a free name");
        self.names.insert(name.clone());
        name
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
