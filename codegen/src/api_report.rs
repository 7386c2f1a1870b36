//! What a regeneration changes for users of a generated crate: actions, parameters (builder
//! setters), fields and enum values added, removed or changed in type, and which of those break
//! semver. Read from the generated code itself, before (on disk) and after (in memory), so the
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
        if let Some(old) = &change.previous {
            before.read(old);
        }
        if let Some(new) = &change.content {
            after.read(new);
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
}

impl Key {
    fn describe(&self) -> String {
        match self {
            Key::Action(name) => format!("action `Client::{name}`"),
            Key::Setter { owner, name } => format!("parameter `{owner}::{name}`"),
            Key::Field { owner, name } => format!("field `{owner}.{name}`"),
            Key::Variant { owner, name } => format!("value `{owner}::{name}`"),
            Key::Type(name) => format!("type `{name}`"),
        }
    }
}

/// Every public item with its type, as written.
#[derive(Default)]
struct Surface {
    items: BTreeMap<Key, String>,
}

impl Surface {
    fn read(&mut self, source: &str) {
        let Ok(file) = syn::parse_file(source) else { return };
        for item in &file.items {
            match item {
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

    /// Actions (`impl Client`) and setters (methods taking one value, returning the builder).
    fn read_impl(&mut self, imp: &syn::ItemImpl) {
        if imp.trait_.is_some() {
            return;
        }
        let ty = text(&imp.self_ty);
        let owner = ty.rsplit("::").next().unwrap_or(&ty).to_string();
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let name = f.sig.ident.to_string();
            if owner == "Client" {
                self.items.insert(Key::Action(name), text(&f.sig.output));
            } else if f.sig.inputs.len() == 2 && !name.starts_with("set_") {
                let value: Vec<String> = f.sig.inputs.iter().skip(1).map(text).collect();
                self.items.insert(Key::Setter { owner: owner.clone(), name }, value.join(", "));
            }
        }
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
