//! From YAML text to the validated model, collecting every error with its file, line, column and
//! field path (`request[2].items.fields[0].type`).

use super::model::*;
use super::yaml::{self, Node, NodeKind};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Path of the offending field, e.g. `request[2].items.fields[0].type`; empty for the file itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecError {}

/// Collects errors for one file.
pub(crate) struct Ctx {
    file: PathBuf,
    pub errors: Vec<SpecError>,
}

impl Ctx {
    pub(crate) fn new(file: &Path) -> Self {
        Ctx { file: file.to_path_buf(), errors: Vec::new() }
    }

    pub(crate) fn error(&mut self, node: &Node, path: &str, message: impl Into<String>) {
        self.error_at(node.line, node.column, path, message);
    }

    pub(crate) fn error_at(&mut self, line: usize, column: usize, path: &str, message: impl Into<String>) {
        self.errors.push(SpecError { file: self.file.clone(), line, column, path: path.to_string(), message: message.into() });
    }

    pub(crate) fn parse(&mut self, text: &str) -> Option<Node> {
        match yaml::parse(text) {
            Ok(node) => {
                self.check_yaml_1_1(&node, "");
                Some(node)
            }
            Err(e) => {
                self.error_at(e.line, e.column, "", format!("invalid YAML: {}", e.message));
                None
            }
        }
    }

    /// Reports every plain scalar that YAML 1.1 readers take for something other than its text.
    fn check_yaml_1_1(&mut self, node: &Node, path: &str) {
        match &node.kind {
            NodeKind::Scalar { value, plain: true } => {
                if let Some(reading) = yaml::yaml_1_1_reading(value) {
                    self.error(node, path, format!("`{value}` is {reading} to YAML 1.1 readers: quote it ('{value}')"));
                }
            }
            NodeKind::Scalar { .. } => {}
            NodeKind::Seq(items) => items.iter().enumerate().for_each(|(i, item)| self.check_yaml_1_1(item, &format!("{path}[{i}]"))),
            NodeKind::Map(entries) => {
                for (key, value) in entries {
                    let name = key.scalar().unwrap_or_default();
                    self.check_yaml_1_1(key, path);
                    self.check_yaml_1_1(value, &join(path, name));
                }
            }
        }
    }

    /// Opens a mapping for field-by-field reading; reports duplicate keys.
    pub(crate) fn map<'a>(&mut self, node: &'a Node, path: &str) -> Option<Fields<'a>> {
        let NodeKind::Map(entries) = &node.kind else {
            self.error(node, path, format!("expected a mapping, found {}", node.kind_name()));
            return None;
        };
        let mut fields = Fields { node, entries: Vec::new(), path: path.to_string() };
        for (key, value) in entries {
            let Some(name) = key.scalar() else {
                self.error(key, path, "mapping keys must be plain names");
                continue;
            };
            if fields.entries.iter().any(|(k, ..)| *k == name) {
                self.error(key, &join(path, name), format!("duplicate key `{name}`"));
                continue;
            }
            fields.entries.push((name, key, value, false));
        }
        Some(fields)
    }

    pub(crate) fn seq<'a>(&mut self, node: &'a Node, path: &str) -> &'a [Node] {
        match &node.kind {
            NodeKind::Seq(items) => items,
            _ if node.is_null() => &[],
            _ => {
                self.error(node, path, format!("expected a list, found {}", node.kind_name()));
                &[]
            }
        }
    }

    pub(crate) fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        if node.is_null() {
            return None;
        }
        match node.scalar() {
            Some(s) => Some(s.to_string()),
            None => {
                self.error(node, path, format!("expected text, found {}", node.kind_name()));
                None
            }
        }
    }

    pub(crate) fn bool(&mut self, node: &Node, path: &str) -> Option<bool> {
        match node.scalar() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => {
                self.error(node, path, "expected `true` or `false`");
                None
            }
        }
    }
}

/// The entries of a mapping being read; remembers which keys were consumed.
pub(crate) struct Fields<'a> {
    node: &'a Node,
    entries: Vec<(&'a str, &'a Node, &'a Node, bool)>,
    path: String,
}

impl<'a> Fields<'a> {
    pub(crate) fn take(&mut self, key: &str) -> Option<&'a Node> {
        self.entries.iter_mut().find(|(k, ..)| *k == key).map(|entry| {
            entry.3 = true;
            entry.2
        })
    }

    /// Every entry, as a map of names to values (all consumed).
    pub(crate) fn all(&mut self) -> Vec<(&'a str, &'a Node)> {
        self.entries
            .iter_mut()
            .map(|entry| {
                entry.3 = true;
                (entry.0, entry.2)
            })
            .collect()
    }

    /// A key that must be present.
    pub(crate) fn require(&mut self, ctx: &mut Ctx, key: &str) -> Option<&'a Node> {
        let found = self.take(key);
        if found.is_none() {
            ctx.error(self.node, &self.path, format!("missing required key `{key}`"));
        }
        found
    }

    pub(crate) fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Reports every key that was not consumed.
    pub(crate) fn finish(self, ctx: &mut Ctx, known: &[&str]) {
        for (name, key, _, used) in &self.entries {
            if !used {
                ctx.error(key, &join(&self.path, name), format!("unknown key `{name}` (expected one of: {})", known.join(", ")));
            }
        }
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

const PRODUCT_KEYS: &[&str] = &["product", "version", "style", "endpoint", "endpoints", "regions", "transient-codes", "client-parameters"];
const ACTION_KEYS: &[&str] = &[
    "action",
    "summary",
    "description",
    "source",
    "group",
    "deprecated",
    "methods",
    "qps",
    "idempotent",
    "pagination",
    "request",
    "response",
    "errors",
    "examples",
];
const PAGINATION_KEYS: &[&str] = &["page", "token", "size", "items", "total", "page-count", "next-token"];
const MEMBER_KEYS: &[&str] = &[
    "name",
    "type",
    "in",
    "required",
    "default",
    "example",
    "minimum",
    "maximum",
    "max-items",
    "description",
    "values",
    "encoding",
    "sensitive",
    "wrapper",
    "items",
    "fields",
];
const ERROR_KEYS: &[&str] = &["code", "status", "message"];
const ITEMS_KEYS: &[&str] = &["type", "name", "values", "fields"];
const VALUE_KEYS: &[&str] = &["value", "name", "description"];

/// Parses and validates `product.yaml`.
pub fn product(file: &Path, text: &str) -> Result<Product, Vec<SpecError>> {
    let mut ctx = Ctx::new(file);
    let product = ctx.parse(text).and_then(|root| {
        let mut f = ctx.map(&root, "")?;
        let text_key = |f: &mut Fields, ctx: &mut Ctx, key: &str| {
            let node = f.require(ctx, key)?;
            ctx.string(node, key)
        };
        let product = text_key(&mut f, &mut ctx, "product");
        let version = text_key(&mut f, &mut ctx, "version");
        let style = text_key(&mut f, &mut ctx, "style");
        let endpoint_node = f.take("endpoint");
        let endpoint = endpoint_node.and_then(|n| ctx.string(n, "endpoint"));
        let mut endpoints = BTreeMap::new();
        if let Some(node) = f.take("endpoints")
            && let Some(mut entries) = ctx.map(node, "endpoints")
        {
            for (region, host) in entries.all() {
                endpoints.extend(ctx.string(host, &format!("endpoints.{region}")).map(|host| (region.to_string(), host)));
            }
        }
        if endpoint.is_none() && endpoints.is_empty() {
            ctx.error(&root, "endpoint", "no endpoint: give the rule (`endpoint`), the regions' hosts (`endpoints`), or both");
        }
        let mut strings = |f: &mut Fields, key: &str| {
            let mut list = Vec::new();
            if let Some(node) = f.take(key) {
                for (i, r) in ctx.seq(node, key).iter().enumerate() {
                    list.extend(ctx.string(r, &format!("{key}[{i}]")));
                }
            }
            list
        };
        let regions = strings(&mut f, "regions");
        let transient_codes = strings(&mut f, "transient-codes");
        let mut client_parameters = Vec::new();
        if let Some(node) = f.take("client-parameters") {
            for (i, item) in ctx.seq(node, "client-parameters").iter().enumerate() {
                let path = format!("client-parameters[{i}]");
                let Some(mut pf) = ctx.map(item, &path) else { continue };
                let name_node = pf.require(&mut ctx, "name");
                let name = name_node.and_then(|n| ctx.string(n, &format!("{path}.name")));
                let env = pf.take("env").and_then(|n| ctx.string(n, &format!("{path}.env")));
                pf.finish(&mut ctx, &["name", "env"]);
                let Some(name) = name else { continue };
                // The region parameter takes the client's region; every other one its own setting.
                match (name == aliyun_rpc_runtime::protocol::REGION_ID, env.is_some()) {
                    (true, true) => ctx.error(item, &format!("{path}.env"), "`RegionId` takes the client's region: no `env`"),
                    (false, false) => ctx.error(item, &path, format!("`{name}` needs `env`: the variable it is read from")),
                    _ => client_parameters.push(ClientParameter { name, env }),
                }
            }
        }
        if let (Some(e), Some(node)) = (&endpoint, endpoint_node)
            && (e.is_empty() || e.contains(['/', ':', ' ']))
        {
            ctx.error(node, "endpoint", "the endpoint rule is a host name, with `{region}` where the region id goes");
        }
        if let Some(s) = &style
            && s != "RPC"
        {
            ctx.error(&root, "style", format!("unsupported style `{s}` (only RPC)"));
        }
        f.finish(&mut ctx, PRODUCT_KEYS);
        Some(Product { product: product?, version: version?, style: style?, endpoint, endpoints, regions, transient_codes, client_parameters })
    });
    match product {
        Some(p) if ctx.errors.is_empty() => Ok(p),
        _ => Err(ctx.errors),
    }
}

/// Parses and validates one `actions/<Action>.yaml`. `file_stem` is checked against `action`.
pub fn action(file: &Path, text: &str) -> Result<Action, Vec<SpecError>> {
    let mut ctx = Ctx::new(file);
    let action = ctx.parse(text).and_then(|root| read_action(&mut ctx, &root, file));
    match action {
        Some(a) if ctx.errors.is_empty() => Ok(a),
        _ => Err(ctx.errors),
    }
}

fn read_action(ctx: &mut Ctx, root: &Node, file: &Path) -> Option<Action> {
    let mut f = ctx.map(root, "")?;
    let name_node = f.require(ctx, "action");
    let action = name_node.and_then(|n| ctx.string(n, "action"));
    if let (Some(name), Some(node)) = (&action, name_node) {
        if !is_identifier_like(name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            ctx.error(node, "action", format!("`{name}` is not an action name (UpperCamelCase letters and digits)"));
        }
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if stem != name {
            ctx.error(node, "action", format!("action `{name}` does not match its file name `{stem}.yaml`"));
        }
    }
    let summary = f.take("summary").and_then(|n| ctx.string(n, "summary"));
    let description = f.take("description").and_then(|n| ctx.string(n, "description"));
    let source = f.take("source").and_then(|n| ctx.string(n, "source"));
    let group = f.take("group").and_then(|n| ctx.string(n, "group"));
    let deprecated = f.take("deprecated").and_then(|n| ctx.bool(n, "deprecated")).unwrap_or(false);
    let mut methods = Vec::new();
    if let Some(node) = f.take("methods") {
        for (i, m) in ctx.seq(node, "methods").iter().enumerate() {
            let path = format!("methods[{i}]");
            match ctx.string(m, &path).as_deref() {
                Some("POST") => methods.push(Method::Post),
                Some("GET") => methods.push(Method::Get),
                Some(other) => ctx.error(m, &path, format!("unsupported method `{other}` (expected POST or GET)")),
                None => {}
            }
        }
    }
    let qps = f.take("qps").and_then(|n| match n.scalar().map(str::parse::<f64>) {
        Some(Ok(q)) if q > 0.0 && q.is_finite() => Some(Qps(q)),
        _ => {
            ctx.error(n, "qps", "expected a positive number of queries per second");
            None
        }
    });
    let idempotent = f.take("idempotent").and_then(|n| ctx.bool(n, "idempotent"));
    let request = f.take("request").map(|n| members(ctx, n, "request", Side::Request)).unwrap_or_default();
    let response = f.take("response").map(|n| members(ctx, n, "response", Side::Response)).unwrap_or_default();
    let errors = f.take("errors").map(|n| error_codes(ctx, n)).unwrap_or_default();
    let pagination = f.take("pagination").and_then(|n| read_pagination(ctx, n, &request, &response));
    let mut examples = Examples::default();
    if let Some(node) = f.take("examples")
        && let Some(mut ef) = ctx.map(node, "examples")
    {
        examples.response = ef.take("response").and_then(|n| ctx.string(n, "examples.response"));
        ef.finish(ctx, &["response"]);
    }
    f.finish(ctx, ACTION_KEYS);
    Some(Action {
        action: action?,
        summary,
        description,
        source,
        group,
        deprecated,
        methods,
        qps,
        idempotent,
        pagination,
        request,
        response,
        errors,
        examples,
    })
}

fn read_pagination(ctx: &mut Ctx, node: &Node, request: &[Member], response: &[Member]) -> Option<Pagination> {
    let mut f = ctx.map(node, "pagination")?;
    let mut text = |f: &mut Fields, key: &str| f.take(key).and_then(|n| ctx.string(n, &format!("pagination.{key}")));
    let page = text(&mut f, "page");
    let token = text(&mut f, "token");
    let size = text(&mut f, "size");
    let total = text(&mut f, "total");
    let page_count = text(&mut f, "page-count");
    let next_token = text(&mut f, "next-token");
    let items = f.require(ctx, "items").and_then(|n| ctx.string(n, "pagination.items"));
    f.finish(ctx, PAGINATION_KEYS);
    let p = Pagination { page, token, size, items: items?, total, page_count, next_token };
    // Members with errors of their own would only echo them here.
    if ctx.errors.is_empty() {
        for (key, problem) in super::pagination::problems(&p, request, response) {
            ctx.error(node, &format!("pagination.{key}"), problem);
        }
    }
    Some(p)
}

fn error_codes(ctx: &mut Ctx, node: &Node) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    for (i, item) in ctx.seq(node, "errors").iter().enumerate() {
        let path = format!("errors[{i}]");
        let Some(mut f) = ctx.map(item, &path) else { continue };
        let code = f.require(ctx, "code").and_then(|n| ctx.string(n, &f.path("code")));
        let status = f.take("status").and_then(|n| match n.scalar().map(str::parse::<u16>) {
            Some(Ok(s)) if (100..600).contains(&s) => Some(s),
            _ => {
                ctx.error(n, &f.path("status"), "expected an HTTP status (100 to 599)");
                None
            }
        });
        let message = f.take("message").and_then(|n| ctx.string(n, &f.path("message")));
        f.finish(ctx, ERROR_KEYS);
        if let Some(code) = code {
            if out.iter().any(|e| e.code == code) {
                ctx.error(item, &path, format!("duplicate error code `{code}`"));
                continue;
            }
            out.push(ErrorCode { code, status, message });
        }
    }
    out
}

fn members(ctx: &mut Ctx, node: &Node, path: &str, side: Side) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for (i, item) in ctx.seq(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let Some(member) = member(ctx, item, &item_path, side) else { continue };
        if out.iter().any(|m| m.name == member.name) {
            ctx.error(item, &format!("{item_path}.name"), format!("duplicate name `{}`", member.name));
            continue;
        }
        let rust = crate::names::snake(&member.name);
        if let Some(other) = rust_names.insert(rust.clone(), member.name.clone()) {
            ctx.error(item, &format!("{item_path}.name"), format!("`{}` and `{other}` both become the Rust name `{rust}`", member.name));
            continue;
        }
        out.push(member);
    }
    out
}

fn member(ctx: &mut Ctx, node: &Node, path: &str, side: Side) -> Option<Member> {
    let mut f = ctx.map(node, path)?;
    let name_node = f.require(ctx, "name");
    let name = name_node.and_then(|n| ctx.string(n, &f.path("name")));
    if let (Some(text), Some(node)) = (name.as_deref(), name_node)
        && !is_wire_name_like(text)
    {
        ctx.error(
            node,
            &f.path("name"),
            format!(
                "`{text}` cannot become a Rust identifier (use ASCII letters, digits and `_`, not starting with a digit; `.` between such words)"
            ),
        );
    }
    let ty = read_type(ctx, &mut f);
    let mut m = Member::new(name.clone().unwrap_or_default(), ty.unwrap_or(Type::String));
    m.at = Location { line: node.line, column: node.column };
    if let Some(n) = f.take("required") {
        m.required = ctx.bool(n, &f.path("required")).unwrap_or(false);
        if side == Side::Response {
            ctx.error(n, &f.path("required"), "`required` applies to request parameters only (every response field is optional)");
        }
    }
    if let Some(n) = f.take("in") {
        match ctx.string(n, &f.path("in")).as_deref() {
            Some(_) if side == Side::Response => ctx.error(n, &f.path("in"), "`in` applies to request parameters only"),
            Some("query") => m.location = Some(ParamIn::Query),
            Some("body") => m.location = Some(ParamIn::Body),
            Some(other) => ctx.error(n, &f.path("in"), format!("unknown location `{other}` (expected query or body)")),
            None => {}
        }
    }
    m.default = f.take("default").and_then(|n| ctx.string(n, &f.path("default")));
    m.example = f.take("example").and_then(|n| ctx.string(n, &f.path("example")));
    m.minimum = f.take("minimum").and_then(|n| ctx.string(n, &f.path("minimum")));
    m.maximum = f.take("maximum").and_then(|n| ctx.string(n, &f.path("maximum")));
    m.max_items = f.take("max-items").and_then(|n| match n.scalar().map(str::parse::<u32>) {
        Some(Ok(max)) => Some(max),
        _ => {
            ctx.error(n, &f.path("max-items"), "expected a whole number");
            None
        }
    });
    m.description = f.take("description").and_then(|n| ctx.string(n, &f.path("description")));
    if let Some(n) = f.take("values") {
        m.values = values(ctx, n, &f.path("values"), m.ty);
    }
    if let Some(n) = f.take("encoding") {
        match ctx.string(n, &f.path("encoding")).as_deref() {
            Some("json" | "flat") if side != Side::Request => ctx.error(n, &f.path("encoding"), "`encoding` applies to request parameters only"),
            Some("json") => m.encoding = Some(Encoding::Json),
            Some("flat") if ty.is_some_and(|ty| ty != Type::Object) => {
                ctx.error(n, &f.path("encoding"), "`encoding: flat` applies to Object parameters (an Array is sent field by field anyway)")
            }
            Some("flat") => m.encoding = Some(Encoding::Flat),
            Some(joined @ ("simple" | "space-delimited" | "pipe-delimited")) => {
                if ty.is_some_and(|ty| ty != Type::Array) {
                    ctx.error(n, &f.path("encoding"), format!("`encoding: {joined}` applies to Array parameters (of scalars)"));
                }
                m.encoding = Some(match joined {
                    "simple" => Encoding::Simple,
                    "space-delimited" => Encoding::SpaceDelimited,
                    _ => Encoding::PipeDelimited,
                });
            }
            Some(other) => ctx.error(
                n,
                &f.path("encoding"),
                format!("unknown encoding `{other}` (expected json, flat, simple, space-delimited or pipe-delimited)"),
            ),
            None => {}
        }
    }
    if let Some(n) = f.take("sensitive") {
        m.sensitive = ctx.bool(n, &f.path("sensitive")).unwrap_or(false);
    }
    if let Some(n) = f.take("wrapper") {
        m.wrapper = ctx.string(n, &f.path("wrapper"));
        if side == Side::Request {
            ctx.error(n, &f.path("wrapper"), "`wrapper` applies to response fields only");
        } else if ty.is_some() && m.ty != Type::Array {
            ctx.error(n, &f.path("wrapper"), format!("`wrapper` needs `type: Array`, not {}", m.ty));
        }
        if m.wrapper.as_deref() == Some("") {
            ctx.error(n, &f.path("wrapper"), "`wrapper` must name the wire key of the array");
        }
    }
    let items_node = f.take("items");
    let fields_node = f.take("fields");
    if let Some(ty) = ty {
        match (ty, items_node) {
            (Type::Array, Some(n)) => {
                m.items = items(ctx, n, &f.path("items"), side).map(Box::new);
                if m.encoding.and_then(Encoding::separator).is_some() && m.items.as_ref().is_some_and(|i| matches!(i.ty, Type::Object | Type::Array))
                {
                    ctx.error(n, &f.path("items"), "a delimited list joins scalars: its elements cannot be objects or lists");
                }
            }
            (Type::Array, None) => ctx.error(node, path, format!("`{}` is an Array without `items`", m.name)),
            (_, Some(n)) => ctx.error(n, &f.path("items"), format!("`items` needs `type: Array`, not {ty}")),
            _ => {}
        }
        match (ty, fields_node) {
            (Type::Object, Some(n)) => m.fields = members(ctx, n, &f.path("fields"), side),
            // A response object documented without fields is any JSON object.
            (Type::Object, None) if m.encoding != Some(Encoding::Json) && side == Side::Request => {
                ctx.error(node, path, format!("`{}` is an Object without `fields`", m.name))
            }
            (_, Some(n)) => ctx.error(n, &f.path("fields"), format!("`fields` needs `type: Object`, not {ty}")),
            _ => {}
        }
        if ty == Type::Object && side == Side::Request && m.encoding.is_none() {
            ctx.error(node, path, "an Object request parameter needs its encoding: `json` (one JSON text) or `flat` (`Name.Field=value`)");
        }
    }
    f.finish(ctx, MEMBER_KEYS);
    name.map(|_| m)
}

fn read_type(ctx: &mut Ctx, f: &mut Fields) -> Option<Type> {
    let path = f.path("type");
    let node = f.require(ctx, "type")?;
    let text = ctx.string(node, &path)?;
    let ty = Type::parse(&text);
    if ty.is_none() {
        let known: Vec<_> = Type::ALL.iter().map(|t| t.as_str()).collect();
        ctx.error(node, &path, format!("unknown type `{text}` (expected one of: {})", known.join(", ")));
    }
    ty
}

fn items(ctx: &mut Ctx, node: &Node, path: &str, side: Side) -> Option<Items> {
    let mut f = ctx.map(node, path)?;
    let ty = read_type(ctx, &mut f);
    let name_node = f.take("name");
    let name = name_node.and_then(|n| ctx.string(n, &f.path("name")));
    check_name(ctx, name_node, name.as_deref(), &f.path("name"), "a Rust type name");
    let values = f.take("values").map(|n| values(ctx, n, &f.path("values"), ty.unwrap_or(Type::String))).unwrap_or_default();
    let fields_node = f.take("fields");
    let mut fields = Vec::new();
    match (ty, fields_node) {
        (Some(Type::Object), Some(n)) => fields = members(ctx, n, &f.path("fields"), side),
        // A response element documented without fields is any JSON object.
        (Some(Type::Object), None) if side == Side::Request => ctx.error(node, path, "an Object element without `fields`"),
        (Some(t), Some(n)) => ctx.error(n, &f.path("fields"), format!("`fields` needs `type: Object`, not {t}")),
        _ => {}
    }
    if ty == Some(Type::Array) {
        ctx.error(node, &f.path("type"), "arrays of arrays are not supported");
    }
    f.finish(ctx, ITEMS_KEYS);
    Some(Items { ty: ty?, name, values, fields })
}

fn values(ctx: &mut Ctx, node: &Node, path: &str, ty: Type) -> Vec<ValueOption> {
    let mut out: Vec<ValueOption> = Vec::new();
    if !ty.is_scalar() {
        ctx.error(node, path, format!("`values` need a scalar type, not {ty}"));
        return out;
    }
    for (i, item) in ctx.seq(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        // `- iothub` is shorthand for `- value: iothub`.
        let (value, name, description) = if let Some(v) = item.scalar() {
            (v.to_string(), None, None)
        } else {
            let Some(mut f) = ctx.map(item, &item_path) else { continue };
            let value = f.require(ctx, "value").and_then(|n| ctx.string(n, &f.path("value")));
            let name_node = f.take("name");
            let name = name_node.and_then(|n| ctx.string(n, &f.path("name")));
            check_name(ctx, name_node, name.as_deref(), &f.path("name"), "a Rust variant name");
            let description = f.take("description").and_then(|n| ctx.string(n, &f.path("description")));
            f.finish(ctx, VALUE_KEYS);
            let Some(value) = value else { continue };
            (value, name, description)
        };
        let numeric = matches!(ty, Type::Integer | Type::Long);
        if numeric && value.parse::<i64>().is_err() {
            ctx.error(item, &format!("{item_path}.value"), format!("`{value}` is not a valid {ty}"));
        }
        if out.iter().any(|o| o.value == value) {
            ctx.error(item, &format!("{item_path}.value"), format!("duplicate value `{value}`"));
            continue;
        }
        out.push(ValueOption { value, name, description });
    }
    out
}

/// Reports a `name` that cannot become `what`.
fn check_name(ctx: &mut Ctx, node: Option<&Node>, name: Option<&str>, path: &str, what: &str) {
    if let (Some(name), Some(node)) = (name, node)
        && !is_identifier_like(name)
    {
        ctx.error(node, path, format!("`{name}` cannot become {what}"));
    }
}

/// A wire name: identifier-like words joined by `.` (`NetworkAttributes.UdpTimeout`, a field of a
/// flat object written out; `CityName.en`; `Filter.1.Key`, with an index); its Rust name joins the
/// words with `_`.
pub fn is_wire_name_like(s: &str) -> bool {
    let mut words = s.split('.');
    // After the first word, an index too (`Filter.1.Key`).
    words.next().is_some_and(is_identifier_like) && words.all(|w| is_identifier_like(w) || !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
}

/// ASCII letters, digits and `_`, not starting with a digit: what can become a Rust name.
pub fn is_identifier_like(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.chars().any(|c| c.is_ascii_alphanumeric())
}
