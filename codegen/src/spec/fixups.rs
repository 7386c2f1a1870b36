//! Corrections to upstream documentation errors, kept apart from the action specs so that
//! re-importing a page does not lose them (in the spirit of k8s-openapi's `fixups/upstream_bugs.rs`).
//!
//! `fixups.yaml` maps an action to a list of fixups. Each has a one-line `reason` and one operation:
//! - `sample: {find, replace}` patches the published sample response text (which stays as published
//!   in the action spec);
//! - `at: response.Data.List` + `set: {type, wrapper, item_name, item_type, required, name}` changes a
//!   member, addressed by the wire names from `request`/`response` down through `fields` and
//!   `items.fields`. `type: Array` on an `Object` makes it a list of such objects (its fields become
//!   the element's); `item_type` changes the type of an Array's element (a scalar element has no
//!   fields);
//! - `at: response.Data.NextToken` + `add: {type}` adds a member the documentation's own sample
//!   shows but its tables leave out: a scalar, or (in responses) an Object without fields, any JSON.
//!
//! Every action goes through [`Fixups::apply`] after loading, whatever produced its spec. A fixup that no
//! longer applies is an error: the page was corrected upstream, or the spec drifted.

use super::load::{Ctx, SpecError};
use super::model::*;
use super::yaml::Node;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Fixup {
    pub reason: String,
    pub op: FixupOp,
    at: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FixupOp {
    Sample {
        find: String,
        replace: String,
    },
    Set {
        path: String,
        changes: Changes,
    },
    /// A member the tables leave out, at `path` (its parent's path and its wire name).
    Add {
        path: String,
        ty: Type,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub ty: Option<Type>,
    pub wrapper: Option<String>,
    pub item_name: Option<String>,
    pub item_type: Option<Type>,
    pub required: Option<bool>,
    pub name: Option<String>,
}

/// All fixups of a product, by action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixups {
    pub(crate) file: PathBuf,
    pub by_action: BTreeMap<String, Vec<Fixup>>,
}

const FIXUP_KEYS: &[&str] = &["reason", "sample", "at", "set", "add"];
const SET_KEYS: &[&str] = &["type", "wrapper", "item_name", "item_type", "required", "name"];

impl Fixups {
    pub fn parse(file: &Path, text: &str) -> Result<Fixups, Vec<SpecError>> {
        let mut ctx = Ctx::new(file);
        let mut by_action = BTreeMap::new();
        if let Some(root) = ctx.parse(text) {
            if let super::yaml::NodeKind::Map(entries) = &root.kind {
                for (key, list) in entries {
                    let Some(action) = ctx.string(key, "") else { continue };
                    let fixups: Vec<Fixup> = ctx
                        .seq(list, &action)
                        .iter()
                        .enumerate()
                        .filter_map(|(i, node)| read_fixup(&mut ctx, node, &format!("{action}[{i}]")))
                        .collect();
                    by_action.insert(action, fixups);
                }
            } else if !root.is_null() {
                ctx.error(&root, "", "expected a mapping from action name to a list of fixups");
            }
        }
        if ctx.errors.is_empty() { Ok(Fixups { file: file.to_path_buf(), by_action }) } else { Err(ctx.errors) }
    }

    pub fn for_action(&self, action: &str) -> &[Fixup] {
        self.by_action.get(action).map(Vec::as_slice).unwrap_or_default()
    }

    /// Applies the action's fixups in order. Errors name the fixup in `fixups.yaml`.
    pub fn apply(&self, action: &mut Action) -> Result<(), Vec<SpecError>> {
        let mut errors = Vec::new();
        for (i, fixup) in self.for_action(&action.action).iter().enumerate() {
            if let Err(message) = apply_one(action, &fixup.op) {
                errors.push(SpecError {
                    file: self.file.clone(),
                    line: fixup.at.line,
                    column: fixup.at.column,
                    path: format!("{}[{i}]", action.action),
                    message: format!("fixup no longer applies ({}): {message}", fixup.reason),
                });
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

impl Fixup {
    /// Applies this fixup alone; the error says why it does not apply.
    pub fn apply(&self, action: &mut Action) -> Result<(), String> {
        apply_one(action, &self.op)
    }
}

fn read_fixup(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Fixup> {
    let mut f = ctx.map(node, path)?;
    let reason = f.require(ctx, "reason").and_then(|n| ctx.string(n, &f.path("reason")));
    let sample = f.take("sample");
    let at = f.take("at").and_then(|n| ctx.string(n, &f.path("at")));
    let set = f.take("set");
    let add = f.take("add");
    let op = match (sample, at, set, add) {
        (Some(s), None, None, None) => {
            let mut sf = ctx.map(s, &f.path("sample"))?;
            let find = sf.require(ctx, "find").and_then(|n| ctx.string(n, &sf.path("find")));
            let replace = sf.require(ctx, "replace").and_then(|n| ctx.string(n, &sf.path("replace")));
            sf.finish(ctx, &["find", "replace"]);
            FixupOp::Sample { find: find?, replace: replace.unwrap_or_default() }
        }
        (None, Some(path), None, Some(add)) => {
            let mut af = ctx.map(add, &f.path("add"))?;
            let ty_node = af.require(ctx, "type");
            let text = ty_node.and_then(|n| ctx.string(n, &af.path("type")));
            let ty = text.as_deref().and_then(Type::parse);
            match (ty, ty_node) {
                (None, Some(n)) => ctx.error(n, &af.path("type"), format!("unknown type `{}`", text.unwrap_or_default())),
                (Some(Type::Array), Some(n)) => ctx.error(n, &af.path("type"), "an added member is a scalar or an Object (any JSON), not an Array"),
                _ => {}
            }
            af.finish(ctx, &["type"]);
            FixupOp::Add { path, ty: ty.filter(|t| *t != Type::Array)? }
        }
        (None, Some(path), Some(set), None) => {
            let mut sf = ctx.map(set, &f.path("set"))?;
            let mut changes = Changes::default();
            for (key, slot) in [("type", &mut changes.ty), ("item_type", &mut changes.item_type)] {
                if let Some(n) = sf.take(key) {
                    let text = ctx.string(n, &sf.path(key));
                    *slot = text.as_deref().and_then(Type::parse);
                    if slot.is_none() {
                        ctx.error(n, &sf.path(key), format!("unknown type `{}`", text.unwrap_or_default()));
                    }
                }
            }
            changes.wrapper = sf.take("wrapper").and_then(|n| ctx.string(n, &sf.path("wrapper")));
            changes.item_name = sf.take("item_name").and_then(|n| ctx.string(n, &sf.path("item_name")));
            changes.required = sf.take("required").and_then(|n| ctx.bool(n, &sf.path("required")));
            changes.name = sf.take("name").and_then(|n| ctx.string(n, &sf.path("name")));
            sf.finish(ctx, SET_KEYS);
            FixupOp::Set { path, changes }
        }
        _ => {
            ctx.error(node, path, "a fixup has either `sample`, or `at` with one of `set` and `add`");
            return None;
        }
    };
    f.finish(ctx, FIXUP_KEYS);
    Some(Fixup { reason: reason?, op, at: Location { line: node.line, column: node.column } })
}

fn apply_one(action: &mut Action, op: &FixupOp) -> Result<(), String> {
    match op {
        FixupOp::Sample { find, replace } => {
            let sample = action.examples.response.as_mut().ok_or("the spec has no sample response")?;
            if !sample.contains(find.as_str()) {
                return Err(format!("the sample response does not contain {find:?}"));
            }
            *sample = sample.replacen(find.as_str(), replace, 1);
            Ok(())
        }
        FixupOp::Add { path, ty } => {
            let (parent, name) = path.rsplit_once('.').ok_or_else(|| format!("`{path}` names no member"))?;
            if !super::load::is_identifier_like(name) {
                return Err(format!("`{name}` cannot become a Rust name"));
            }
            let request = parent == "request" || parent.starts_with("request.");
            if request && *ty == Type::Object {
                return Err("an Object request parameter needs fields and `encoding: json`; add it to the spec instead".into());
            }
            let list = match parent {
                "request" => &mut action.request,
                "response" => &mut action.response,
                _ => {
                    let member = find_member(action, parent).ok_or_else(|| format!("no member at `{parent}`"))?;
                    let fields = match &mut member.items {
                        Some(items) if items.ty == Type::Object => &mut items.fields,
                        _ if member.ty == Type::Object => &mut member.fields,
                        _ => return Err(format!("`{parent}` is not an object nor a list of objects")),
                    };
                    if fields.is_empty() {
                        return Err(format!("`{parent}` is documented without fields (any JSON); a field would narrow it"));
                    }
                    fields
                }
            };
            if list.iter().any(|m| crate::names::snake(&m.name) == crate::names::snake(name)) {
                return Err(format!("`{path}` is documented now"));
            }
            list.push(Member::new(name, *ty));
            Ok(())
        }
        FixupOp::Set { path, changes } => {
            let member = find_member(action, path).ok_or_else(|| format!("no member at `{path}`"))?;
            if let Some(ty) = changes.ty {
                // An object documented where the service returns a list of such objects: its
                // fields become the element's.
                if ty == Type::Array && member.ty == Type::Object && member.items.is_none() {
                    let fields = std::mem::take(&mut member.fields);
                    member.items = Some(Box::new(Items { ty: Type::Object, name: None, values: Vec::new(), fields }));
                }
                member.ty = ty;
            }
            if let Some(w) = &changes.wrapper {
                member.wrapper = Some(w.clone());
            }
            if let Some(n) = &changes.item_name {
                member.items.as_mut().ok_or("`item_name` on a member that is not an Array")?.name = Some(n.clone());
            }
            if let Some(ty) = changes.item_type {
                let items = member.items.as_mut().ok_or("`item_type` on a member that is not an Array")?;
                if ty == Type::Array {
                    return Err("`item_type: Array`: arrays of arrays are not supported".into());
                }
                if ty.is_scalar() && !items.fields.is_empty() {
                    return Err(format!("`item_type: {ty}` on an element with fields"));
                }
                items.ty = ty;
            }
            if let Some(r) = changes.required {
                member.required = r;
            }
            if let Some(n) = &changes.name {
                member.name = n.clone();
            }
            Ok(())
        }
    }
}

/// `response.Data.List` -> the member `List` inside `Data` (through `fields` or `items.fields`).
pub fn find_member<'a>(action: &'a mut Action, path: &str) -> Option<&'a mut Member> {
    let mut names = path.split('.');
    let mut list: &'a mut Vec<Member> = match names.next()? {
        "request" => &mut action.request,
        "response" => &mut action.response,
        _ => return None,
    };
    let mut names = names.peekable();
    loop {
        let name = names.next()?;
        let member = list.iter_mut().find(|m| m.name == name)?;
        if names.peek().is_none() {
            return Some(member);
        }
        list = match &mut member.items {
            Some(items) if items.ty == Type::Object => &mut items.fields,
            _ => &mut member.fields,
        };
    }
}
