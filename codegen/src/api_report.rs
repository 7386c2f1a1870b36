//! What a regeneration changes for users of a generated crate: actions, parameters (builder
//! setters), fields, enum values, methods, re-exports, constants and trait impls added, removed or
//! changed in type, and which of those break semver. Read from the generated code itself, before (on disk) and after (in memory), so the
//! report says what users see whatever in the specs caused it.

use crate::regenerate::Change;
use quote::ToTokens;
use std::collections::BTreeMap;
use std::fmt;

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiChange {
    /// Whether code that compiled against the old crate may not compile against the new one.
    pub breaking: bool,
    pub text: String,
}

impl fmt::Display for ApiChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.text, if self.breaking { " (breaking)" } else { "" })
    }
}

/// The API changes that `changes` (of `.rs` files of generated crates) make, sorted, breaking first.
pub fn report(changes: &[Change]) -> Vec<ApiChange> {
    let mut before = Surface::default();
    let mut after = Surface::default();
    for change in changes.iter().filter(|c| c.path.extension().is_some_and(|e| e == "rs")) {
        let module = module_path(&change.path);
        if let Some(old) = &change.previous {
            before.read(&module, old);
        }
        if let Some(new) = &change.content {
            after.read(&module, new);
        }
    }
    let mut out = Vec::new();
    for (key, old) in &before.items {
        match after.items.get(key) {
            None => out.push(ApiChange { breaking: true, text: format!("removed {}", key.describe()) }),
            Some(new) if new != old => out.push(ApiChange { breaking: true, text: format!("changed {}: `{old}` became `{new}`", key.describe()) }),
            Some(_) => {}
        }
    }
    for key in after.items.keys().filter(|k| !before.items.contains_key(*k)) {
        // Structs and enums are `#[non_exhaustive]`: new fields and variants break no one.
        out.push(ApiChange { breaking: false, text: format!("added {}", key.describe()) });
    }
    out.sort_by(|a, b| b.breaking.cmp(&a.breaking).then_with(|| a.text.cmp(&b.text)));
    out
}

/// A public item of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// `Client::query_device`: an action.
    Action(String),
    /// A builder setter: a parameter of an action, or a field of a request structure.
    Setter { owner: String, name: String },
    /// A field of a response structure.
    Field { owner: String, name: String },
    /// A variant of an enum.
    Variant { owner: String, name: String },
    /// A type of its own (struct or enum).
    Type(String),
    /// Any other public method: `Owner::name`.
    Method { owner: String, name: String },
    /// A public module, constant, static or re-export: its path in the crate.
    Item(String),
    /// A trait implemented by hand (derived ones come with their type).
    TraitImpl { trait_: String, ty: String },
}

impl Key {
    fn describe(&self) -> String {
        match self {
            Key::Action(name) => format!("action `Client::{name}`"),
            Key::Setter { owner, name } => format!("parameter `{owner}::{name}`"),
            Key::Field { owner, name } => format!("field `{owner}.{name}`"),
            Key::Variant { owner, name } => format!("value `{owner}::{name}`"),
            Key::Type(name) => format!("type `{name}`"),
            Key::Method { owner, name } => format!("method `{owner}::{name}`"),
            Key::Item(path) => format!("item `{path}`"),
            Key::TraitImpl { trait_, ty } => format!("`impl {trait_} for {ty}`"),
        }
    }
}

/// Every public item with its type, as written.
#[derive(Default)]
struct Surface {
    items: BTreeMap<Key, String>,
}

impl Surface {
    fn read(&mut self, module: &str, source: &str) {
        let Ok(file) = syn::parse_file(source) else { return };
        self.read_items(module, &file.items);
    }

    fn read_items(&mut self, module: &str, items: &[syn::Item]) {
        let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
        let path = |name: &dyn fmt::Display| if module.is_empty() { name.to_string() } else { format!("{module}::{name}") };
        // `mod instance; pub use instance::Instance;` gives a type a file of its own: the type is
        // reported as a type, its re-export is not a second item.
        let private_modules: Vec<String> = items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) if !public(&m.vis) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        let own_file = |target: &str| private_modules.iter().any(|m| target.strip_prefix(m.as_str()).is_some_and(|rest| rest.starts_with("::")));
        for item in items {
            match item {
                syn::Item::Mod(m) if public(&m.vis) => {
                    self.items.insert(Key::Item(path(&m.ident)), "mod".into());
                    if let Some((_, inner)) = &m.content {
                        self.read_items(&path(&m.ident), inner);
                    }
                }
                syn::Item::Const(c) if public(&c.vis) => {
                    self.items.insert(Key::Item(path(&c.ident)), text(&c.ty));
                }
                syn::Item::Static(s) if public(&s.vis) => {
                    self.items.insert(Key::Item(path(&s.ident)), text(&s.ty));
                }
                syn::Item::Use(u) if public(&u.vis) => {
                    let mut leaves = Vec::new();
                    use_leaves(&u.tree, String::new(), &mut leaves);
                    for (name, target) in leaves.into_iter().filter(|(_, target)| !own_file(target)) {
                        self.items.insert(Key::Item(path(&name)), format!("use {target}"));
                    }
                }
                syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                    let owner = s.ident.to_string();
                    // An action's input is what its builder's setters set: reported as parameters.
                    if owner.ends_with("Input") {
                        continue;
                    }
                    self.items.insert(Key::Type(owner.clone()), "struct".into());
                    for field in s.fields.iter().filter(|f| matches!(f.vis, syn::Visibility::Public(_))) {
                        let Some(name) = &field.ident else { continue };
                        let name = name.to_string();
                        self.items.insert(Key::Field { owner: owner.clone(), name }, text(&field.ty));
                    }
                }
                syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => {
                    let owner = e.ident.to_string();
                    self.items.insert(Key::Type(owner.clone()), "enum".into());
                    for v in &e.variants {
                        self.items.insert(Key::Variant { owner: owner.clone(), name: v.ident.to_string() }, String::new());
                    }
                }
                syn::Item::Impl(imp) => self.read_impl(imp),
                _ => {}
            }
        }
    }

    /// Actions (`impl Client`), setters (methods taking one value, returning the builder), other
    /// methods, and trait impls.
    fn read_impl(&mut self, imp: &syn::ItemImpl) {
        let ty = text(&imp.self_ty);
        if let Some((trait_, _)) = &imp.trait_ {
            self.items.insert(Key::TraitImpl { trait_: text(trait_), ty }, String::new());
            return;
        }
        let owner = ty.rsplit("::").next().unwrap_or(&ty).to_string();
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let name = f.sig.ident.to_string();
            if owner == "Client" {
                self.items.insert(Key::Action(name), text(&f.sig.output));
            } else if f.sig.inputs.len() == 2 && !name.starts_with("set_") && text(&f.sig.output) == "->Self" {
                let value: Vec<String> = f.sig.inputs.iter().skip(1).map(text).collect();
                self.items.insert(Key::Setter { owner: owner.clone(), name }, value.join(", "));
            } else if !name.starts_with("set_") {
                let inputs: Vec<String> = f.sig.inputs.iter().map(text).collect();
                self.items.insert(Key::Method { owner: owner.clone(), name }, format!("({}){}", inputs.join(", "), text(&f.sig.output)));
            }
        }
    }
}

/// The module a generated file is: `operations::query_device` for `.../src/operations/query_device.rs`,
/// `""` for `lib.rs`.
fn module_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let in_src = text.rsplit_once("src/").map_or(text.as_str(), |(_, rest)| rest);
    let module = in_src.trim_end_matches(".rs").trim_end_matches("mod").trim_end_matches("lib").trim_end_matches('/');
    module.replace('/', "::")
}

/// The names a `pub use` tree exports, each with the path it points at.
fn use_leaves(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    let join = |name: &dyn fmt::Display| if prefix.is_empty() { name.to_string() } else { format!("{prefix}::{name}") };
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, join(&p.ident), out),
        syn::UseTree::Name(n) => out.push((n.ident.to_string(), join(&n.ident))),
        syn::UseTree::Rename(r) => out.push((r.rename.to_string(), join(&r.ident))),
        syn::UseTree::Glob(_) => out.push(("*".to_string(), join(&"*"))),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_leaves(t, prefix.clone(), out)),
    }
}

/// Tokens as compact text: `Option < i32 >` becomes `Option<i32>`.
fn text(tokens: &impl ToTokens) -> String {
    let mut out = String::new();
    for piece in tokens.to_token_stream().to_string().split_whitespace() {
        let joins =
            out.ends_with(|c: char| c.is_alphanumeric() || c == '_') && piece.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '\'');
        if joins {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}
