//! Corrections to upstream documentation errors, kept apart from the action specs so that
//! re-importing a page does not lose them (in the spirit of k8s-openapi's `fixups/upstream_bugs.rs`).
//!
//! `fixups.yaml` maps an action to a list of fixups. Each has a one-line `reason` and one operation:
//! - `sample: {find, replace}` patches the published sample response text (which stays as published
//!   in the action spec);
//! - `at: response.Data.List` + `set: {type, wrapper, item_name, required, name}` changes a member,
//!   addressed by the wire names from `request`/`response` down through `fields` and `items.fields`.
//!   `type: Array` on an `Object` makes it a list of such objects (its fields become the element's).
//!
//! Every action goes through [`apply`] after loading, whatever produced its spec. A fixup that no
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
    Sample { find: String, replace: String },
    Set { path: String, changes: Changes },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub ty: Option<Type>,
    pub wrapper: Option<String>,
    pub item_name: Option<String>,
    pub required: Option<bool>,
    pub name: Option<String>,
}

/// All fixups of a product, by action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixups {
    pub(crate) file: PathBuf,
    pub by_action: BTreeMap<String, Vec<Fixup>>,
}

const FIXUP_KEYS: &[&str] = &["reason", "sample", "at", "set"];
const SET_KEYS: &[&str] = &["type", "wrapper", "item_name", "required", "name"];

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

fn read_fixup(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Fixup> {
    let mut f = ctx.map(node, path)?;
    let reason = f.require(ctx, "reason").and_then(|n| ctx.string(n, &f.path("reason")));
    let sample = f.take("sample");
    let at = f.take("at").and_then(|n| ctx.string(n, &f.path("at")));
    let set = f.take("set");
    let op = match (sample, at, set) {
        (Some(s), None, None) => {
            let mut sf = ctx.map(s, &f.path("sample"))?;
            let find = sf.require(ctx, "find").and_then(|n| ctx.string(n, &sf.path("find")));
            let replace = sf.require(ctx, "replace").and_then(|n| ctx.string(n, &sf.path("replace")));
            sf.finish(ctx, &["find", "replace"]);
            FixupOp::Sample { find: find?, replace: replace.unwrap_or_default() }
        }
        (None, Some(path), Some(set)) => {
            let mut sf = ctx.map(set, &f.path("set"))?;
            let mut changes = Changes::default();
            if let Some(n) = sf.take("type") {
                let text = ctx.string(n, &sf.path("type"));
                changes.ty = text.as_deref().and_then(Type::parse);
                if changes.ty.is_none() {
                    ctx.error(n, &sf.path("type"), format!("unknown type `{}`", text.unwrap_or_default()));
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
            ctx.error(node, path, "a fixup has either `sample` or both `at` and `set`");
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
