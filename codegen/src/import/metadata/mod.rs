//! The API portal's documentation metadata (`api-docs.json`, the data OpenAPI Explorer and the API
//! reference pages are rendered from) in, one action spec per selected action out: the same
//! [`Action`] values the page importer makes, with the same warnings for whatever the importer
//! could not represent, each naming the action and the field path (`apis.X.parameters[Y].schema...`).
//!
//! A metadata document is a JSON object with `apis` and `info.style == "RPC"` ([`is_metadata`]).
//! Per action ([`Metadata::import`]):
//! - `methods` -> `methods`; `deprecated: true` -> `deprecated`; `systemTags.operationType` `get` ->
//!   `idempotent: true`, `create`/`update`/`delete` -> `false`, none -> unset;
//! - `source`: the action's page on the portal; `group`: its top-level directory ([`group`]);
//! - `summary`, `description`: as published; the QPS limit from the description ([`qps`]);
//! - `parameters`, `responses["200"].schema` -> `request`, `response` ([`members`]), value options
//!   from `enum` or bold-value lists ([`values`]);
//! - `errorCodes` -> `errors` ([`errors`]); `responseDemo` -> `examples.response` ([`sample`]).
//!
//! Keys left out on purpose, as nothing in a spec holds them: `schemes` and `security` (the
//! same for every action), `title` (the summary says it), the boilerplate
//! `requestParamsDescription`/`responseParamsDescription`/`extraInfo`, and the top-level
//! `operationType` (`read`/`write`; `systemTags.operationType` is the finer one). Any other key is a
//! warning.

mod errors;
mod group;
mod json;
mod members;
mod product;

pub use product::product_yaml;
mod qps;
mod sample;
mod values;

use super::{Imported, Warning};
use crate::spec::load::is_identifier_like;
use crate::spec::{Action, Examples, Method};
use json::Json;

const ACTION_KEYS: &[&str] = &[
    "methods",
    "schemes",
    "security",
    "systemTags",
    "deprecated",
    "parameters",
    "responses",
    "errorCodes",
    "responseDemo",
    "title",
    "summary",
    "description",
    "requestParamsDescription",
    "responseParamsDescription",
    "extraInfo",
    "operationType",
];

/// A parsed metadata document.
#[derive(Debug, Clone)]
pub struct Metadata {
    root: Json,
    pub product: String,
    pub version: String,
}

/// Whether `text` is API metadata rather than a doc page: a JSON object with `apis` and
/// `info.style == "RPC"`.
pub fn is_metadata(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{') && Metadata::parse(text).is_ok()
}

impl Metadata {
    pub fn parse(text: &str) -> Result<Metadata, String> {
        let root = Json::parse(text.trim_start_matches('\u{feff}')).map_err(|e| format!("not JSON: {e}"))?;
        if !matches!(root.get("apis"), Some(Json::Object(_))) {
            return Err("no `apis` object: not API metadata".into());
        }
        let info = root.get("info");
        let style = info.and_then(|i| i.get("style")).and_then(Json::as_str);
        if style != Some("RPC") {
            return Err(format!("`info.style` is {}, not RPC: only RPC APIs are supported", style.map_or("missing".into(), |s| format!("`{s}`"))));
        }
        let field = |key: &str| info.and_then(|i| i.get(key)).and_then(Json::text).map(str::to_string).ok_or(format!("no `info.{key}`"));
        let (product, version) = (field("product")?, field("version")?);
        Ok(Metadata { root, product, version })
    }

    /// The action names, in document order.
    pub fn actions(&self) -> Vec<&str> {
        self.apis().iter().map(|(name, _)| name.as_str()).collect()
    }

    fn apis(&self) -> &[(String, Json)] {
        self.root.get("apis").map(Json::entries).unwrap_or_default()
    }

    /// Every schema whose `type` the importer does not know (`string`, `integer`, `number`,
    /// `boolean`, `array`, `object`), as `JSON path: type`: a product with any cannot be generated
    /// whole, though `import` skips them with a warning.
    pub fn unknown_types(&self) -> Vec<String> {
        fn walk(node: &Json, path: &str, out: &mut Vec<String>) {
            if let Some(ty) = node.get("type") {
                let known = ["string", "integer", "number", "boolean", "array", "object"];
                if !ty.as_str().is_some_and(|t| known.contains(&t)) {
                    out.push(format!("{path}.type: `{}`", ty.scalar_text().unwrap_or_else(|| ty.kind().into())));
                }
            }
            if let Some(items) = node.get("items") {
                walk(items, &format!("{path}.items"), out);
            }
            for (name, field) in node.get("properties").map(Json::entries).unwrap_or_default() {
                walk(field, &format!("{path}.properties.{name}"), out);
            }
        }
        let mut out = Vec::new();
        for (name, api) in self.apis() {
            for (i, p) in api.get("parameters").and_then(Json::as_array).unwrap_or_default().iter().enumerate() {
                let id = p.get("name").and_then(Json::as_str).map_or(i.to_string(), str::to_string);
                if let Some(schema) = p.get("schema") {
                    walk(schema, &format!("apis.{name}.parameters[{id}].schema"), &mut out);
                }
            }
            if let Some(schema) = api.get("responses").and_then(|r| r.get("200")).and_then(|r| r.get("schema")) {
                walk(schema, &format!("apis.{name}.responses.200.schema"), &mut out);
            }
        }
        out
    }

    /// The portal page of an action.
    pub fn source(&self, action: &str) -> String {
        format!("https://api.aliyun.com/#product={}&api={action}&type=RPC&version={}", self.product, self.version)
    }

    /// Imports one action; `None` if the metadata has no such action. The result is not yet
    /// validated: see [`super::to_yaml`].
    pub fn import(&self, action: &str) -> Option<Result<Imported, String>> {
        let api = self.root.get("apis")?.get(action)?;
        Some(self.import_api(action, api))
    }

    fn import_api(&self, name: &str, api: &Json) -> Result<Imported, String> {
        if !is_identifier_like(name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Err(format!("apis.{name}: `{name}` is not an action name (UpperCamelCase letters and digits)"));
        }
        if !matches!(api, Json::Object(_)) {
            return Err(format!("apis.{name}: expected an object, found {}", api.kind()));
        }
        let mut notes = Notes::new(name);
        for (key, _) in api.entries() {
            if !ACTION_KEYS.contains(&key.as_str()) {
                notes.warn(key, "not imported (no spec key for it)");
            }
        }
        let description = api.get("description").and_then(Json::text).map(str::to_string);
        let action = Action {
            action: name.to_string(),
            summary: api.get("summary").and_then(Json::text).map(str::to_string),
            qps: description.as_deref().and_then(qps::qps),
            description,
            source: Some(self.source(name)),
            group: group::group(self.root.get("directories"), name),
            deprecated: api.get("deprecated").and_then(Json::as_bool).unwrap_or(false),
            methods: methods(api.get("methods"), &mut notes),
            idempotent: idempotent(api, &mut notes),
            pagination: None,
            request: without_legacy_spellings(members::request(api.get("parameters"), &mut notes), "parameters", &mut notes),
            response: without_legacy_spellings(members::response(api.get("responses"), &mut notes), "responses", &mut notes),
            errors: api.get("errorCodes").map(|codes| errors::errors(codes, &mut notes)).unwrap_or_default(),
            examples: Examples { response: sample::response(api.get("responseDemo"), &mut notes) },
        };
        Ok(Imported { action, warnings: notes.warnings })
    }
}

fn methods(methods: Option<&Json>, notes: &mut Notes) -> Vec<Method> {
    let mut out = Vec::new();
    for (i, m) in methods.and_then(Json::as_array).unwrap_or_default().iter().enumerate() {
        match m.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("post") => out.push(Method::Post),
            Some("get") => out.push(Method::Get),
            _ => notes.warn(
                &format!("methods[{i}]"),
                format!("{} is not a method RPC calls use (POST or GET); left out", m.scalar_text().unwrap_or(m.kind().into())),
            ),
        }
    }
    out.dedup();
    out
}

/// `systemTags.operationType`: reads may be retried, writes may not.
fn idempotent(api: &Json, notes: &mut Notes) -> Option<bool> {
    let operation = api.get("systemTags").and_then(|t| t.get("operationType"))?;
    match operation.as_str() {
        Some("get") => Some(true),
        Some("create" | "update" | "delete") => Some(false),
        _ => {
            let text = operation.scalar_text().unwrap_or(operation.kind().into());
            notes.warn("systemTags.operationType", format!("unknown operation type `{text}`; idempotency left to the action name"));
            None
        }
    }
}

/// `members` without the legacy spellings of names documented in UpperCamelCase too.
fn without_legacy_spellings(mut members: Vec<crate::spec::Member>, path: &str, notes: &mut Notes) -> Vec<crate::spec::Member> {
    for (kept, dropped) in super::legacy_spellings(&mut members) {
        notes.warn(path, format!("`{dropped}` is a legacy spelling of `{kept}`, which is documented too; `{dropped}` skipped"));
    }
    members
}

/// The warnings of one action, each at a field path under `apis.<Action>`.
#[derive(Debug)]
pub(crate) struct Notes {
    prefix: String,
    pub warnings: Vec<Warning>,
}

impl Notes {
    pub(crate) fn new(action: &str) -> Self {
        Notes { prefix: format!("apis.{action}"), warnings: Vec::new() }
    }

    /// A warning about `path` (relative to the action).
    pub(crate) fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.warnings.push(Warning { line: 0, message: format!("{}.{path}: {}", self.prefix, message.into()) });
    }
}

#[cfg(test)]
mod tests;
