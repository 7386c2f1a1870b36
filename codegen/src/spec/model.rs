//! The spec model: what `api-specs/` says, after validation. The generator reads only this.
//! Field order here is the key order the importer writes.

use serde::Serialize;
use std::fmt;

/// `product.yaml`: one per product and version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub product: String,
    pub version: String,
    pub style: String,
    /// The endpoint rule: the host of a region not in `endpoints`, with `{region}` where the
    /// region id goes (a host without it serves every region). Absent: only the listed regions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The host of each region the rule does not give.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub endpoints: std::collections::BTreeMap<String, String>,
    pub regions: Vec<String>,
    /// The product's error codes that mean "try again later".
    #[serde(rename = "transient-codes", skip_serializing_if = "Vec::is_empty")]
    pub transient_codes: Vec<String>,
    /// Parameters a client sets once for every action that takes them.
    #[serde(rename = "client-parameters", skip_serializing_if = "Vec::is_empty")]
    pub client_parameters: Vec<ClientParameter>,
}

/// A parameter a client sets once (`Client::builder().iot_instance_id(..)`) for every action that
/// takes it, unless a call sets its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientParameter {
    /// The wire name.
    pub name: String,
    /// The environment variable it is read from when the builder does not set it; none for
    /// `RegionId`, which takes the client's region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}

/// `actions/<Action>.yaml`: one API action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The API group the documentation files the action under (e.g. a portal directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Documented as deprecated: still generated, marked `#[deprecated]`.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// HTTP methods the action accepts; the client uses the first. Empty means `[POST, GET]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<Method>,
    /// Documented per-account queries per second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qps: Option<Qps>,
    /// Whether a call may be repeated safely when its outcome is unknown. Absent means: decided by
    /// the action's name (see [`Action::is_idempotent`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// How the action pages, for its paginator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<Member>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Member>,
    /// Documented error codes of this action.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    #[serde(skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

/// How an action pages (see [`crate::spec::pagination`]): by page number (`page`) or by token
/// (`token` and `next-token`). Parameters are wire names; response fields are paths of wire names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// The request parameter of the page number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The request parameter of the token to continue from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The request parameter of the page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The response field of the page's items.
    pub items: String,
    /// The response field counting all items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The response field counting all pages.
    #[serde(rename = "page-count", skip_serializing_if = "Option::is_none")]
    pub page_count: Option<String>,
    /// The response field of the token of the next page.
    #[serde(rename = "next-token", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCode {
    pub code: String,
    /// The HTTP status it comes with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The documented message (prose).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Where a request parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamIn {
    /// The query string, whatever the method.
    Query,
    /// The form body (of a POST).
    Body,
}

impl Action {
    /// Read-only actions by naming convention, unless the spec says otherwise.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent.unwrap_or_else(|| ["Query", "List", "Get", "BatchGet", "BatchQuery"].iter().any(|p| self.action.starts_with(p)))
    }

    /// The methods the action accepts: the spec's, else both, POST first.
    pub fn accepted_methods(&self) -> &[Method] {
        if self.methods.is_empty() { &[Method::Post, Method::Get] } else { &self.methods }
    }

    /// The method the client uses: the first accepted one.
    pub fn method(&self) -> Method {
        self.accepted_methods()[0]
    }
}

/// Which side of a call a member is on: a request parameter or a response field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Request,
    Response,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Post,
    Get,
}

/// A QPS limit; written as an integer when it is one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Qps(pub f64);

impl Serialize for Qps {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0 >= 0.0 && self.0 < 1e15 { s.serialize_u64(self.0 as u64) } else { s.serialize_f64(self.0) }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Examples {
    /// A sample success response, as published (JSON text, possibly broken: see fixups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
}

impl Examples {
    pub fn is_empty(&self) -> bool {
        self.response.is_none()
    }
}

/// A request parameter or a response field. Some keys only mean something on one side:
/// `required` and `encoding` on requests, `wrapper` on responses; validation enforces that.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    /// Where a request parameter goes; absent: where the method puts parameters (GET: query, POST: body).
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<ParamIn>,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// The value the service assumes when the parameter is not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Documented bounds, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<String>,
    /// The most elements an Array parameter may have.
    #[serde(rename = "max-items", skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueOption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    #[serde(skip_serializing_if = "is_false")]
    pub sensitive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Member>,
    /// Where the member is defined, for diagnostics after loading. Not part of the format.
    #[serde(skip)]
    pub at: Location,
}

impl Member {
    pub fn new(name: impl Into<String>, ty: Type) -> Self {
        Member {
            name: name.into(),
            ty,
            location: None,
            required: false,
            default: None,
            example: None,
            minimum: None,
            maximum: None,
            max_items: None,
            description: None,
            values: Vec::new(),
            encoding: None,
            sensitive: false,
            wrapper: None,
            items: None,
            fields: Vec::new(),
            at: Location::default(),
        }
    }

    /// This array as the field `name` of an object whose only key is the array (the XML-derived
    /// wrapper `"List": {"ProductInfo": [...]}`): `List`, an Array with `wrapper: ProductInfo`, its
    /// object element named `ProductInfo` unless it has a name.
    pub fn wrapped_as(mut self, name: &str) -> Member {
        let inner = std::mem::replace(&mut self.name, name.to_string());
        if let Some(items) = self.items.as_mut().filter(|i| i.ty == Type::Object && !i.fields.is_empty()) {
            items.name.get_or_insert_with(|| inner.clone());
        }
        self.wrapper = Some(inner);
        self
    }

    /// Secrets are redacted in Debug output: marked `sensitive`, or named like a secret.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive || is_secret_name(&self.name)
    }
}

/// `DeviceSecret`, `ProductSecret`, `AccessKeySecret`, ...: names that always hold secrets.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("secret") || lower == "password" || lower.ends_with("token") && lower.contains("security")
}

/// The element of an `Array`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Items {
    #[serde(rename = "type")]
    pub ty: Type,
    /// Rust type name for an object element; derived from the member name if absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueOption {
    pub value: String,
    /// Rust variant name, when the value itself does not make a good one (`"0"` -> `Device`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// The whole value is sent as one JSON-encoded string.
    Json,
    /// An object sent field by field under its name: `Name.Field=value` (`Name.Sub.Field`,
    /// `Name.List.1=value` for what it holds).
    Flat,
    /// A list of scalars sent as one value, its elements joined by commas: `Name=a,b`.
    Simple,
    /// ... joined by spaces: `Name=a b`.
    #[serde(rename = "space-delimited")]
    SpaceDelimited,
    /// ... joined by `|`: `Name=a|b`.
    #[serde(rename = "pipe-delimited")]
    PipeDelimited,
}

impl Encoding {
    /// What joins a delimited list's elements.
    pub fn separator(self) -> Option<&'static str> {
        match self {
            Encoding::Simple => Some(","),
            Encoding::SpaceDelimited => Some(" "),
            Encoding::PipeDelimited => Some("|"),
            Encoding::Json | Encoding::Flat => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Type {
    String,
    Integer,
    Long,
    Boolean,
    Float,
    Double,
    Object,
    Array,
}

impl Type {
    pub const ALL: [Type; 8] = [Type::String, Type::Integer, Type::Long, Type::Boolean, Type::Float, Type::Double, Type::Object, Type::Array];

    pub fn as_str(self) -> &'static str {
        match self {
            Type::String => "String",
            Type::Integer => "Integer",
            Type::Long => "Long",
            Type::Boolean => "Boolean",
            Type::Float => "Float",
            Type::Double => "Double",
            Type::Object => "Object",
            Type::Array => "Array",
        }
    }

    pub fn parse(s: &str) -> Option<Type> {
        Type::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn is_scalar(self) -> bool {
        !matches!(self, Type::Object | Type::Array)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in a spec file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

fn is_false(b: &bool) -> bool {
    !*b
}
