//! Rust tokens for the `types` module: every structure and enum of the product's requests and
//! responses, each once however many actions use it, in a file of its own.

use super::docs;
use super::emit::{Place, doc_attrs, request_struct_body, response_struct, setters, type_ident, used_by};
use super::model::{CrateModel, EnumModel, ErrorEnumModel, StructModel};
use crate::names::{ident, snake};
use crate::spec::Side;
use quote::quote;
use std::collections::BTreeMap;

/// The `types` module: `mod.rs`, and one file per shape, re-exported by `mod.rs` so each type is
/// `types::X` while its file stays small. Returns `(path under src/, tokens)`.
pub(super) fn types(model: &CrateModel, product: &str) -> Result<Vec<(String, proc_macro2::TokenStream)>, String> {
    let doc = format!(
        " The structures and enums of `{product}`'s requests and responses. A shape that several actions document alike is one type here, so a value read from one action can be passed to another."
    );
    let structs = model.structs.iter().map(|s| {
        let tokens = match s.side {
            Side::Request => request_struct(s),
            Side::Response => response_struct(s, None, Place::Types),
        };
        (s.name.as_str(), tokens)
    });
    let enums = model.enums.iter().map(|e| (e.name.as_str(), wire_enum(e)));
    let error_enums = model.error_enums.iter().map(|e| (e.name.as_str(), error_enum(e)));
    let mut shapes: BTreeMap<String, (&str, proc_macro2::TokenStream)> = BTreeMap::new();
    for (name, tokens) in structs.chain(enums).chain(error_enums) {
        // A keyword is a raw identifier (`mod r#type;` is `type.rs`).
        let module = ident(&snake(name)).to_string().trim_start_matches("r#").to_string();
        if let Some((other, _)) = shapes.insert(module.clone(), (name, tokens)) {
            return Err(format!("the types `{other}` and `{name}` would share the file types/{module}.rs"));
        }
    }
    let mut files = Vec::new();
    let mut index = Vec::new();
    for (module, (name, tokens)) in shapes {
        let (module_ident, name) = (ident(&module), type_ident(name));
        index.push(quote! {
            mod #module_ident;
            pub use #module_ident::#name;
        });
        files.push((format!("types/{module}.rs"), tokens));
    }
    files.push((
        "types/mod.rs".to_string(),
        quote! {
            #![doc = #doc]
            pub use aliyun_rpc_runtime::{RawBody, UnknownValue};
            #(#index)*
        },
    ));
    Ok(files)
}

/// An element of an object array in a request (`Tag.N.Key`): fields plus chainable setters.
fn request_struct(s: &StructModel) -> proc_macro2::TokenStream {
    let name = type_ident(&s.name);
    let member = s.member.expect("request structs come from members");
    let mut lines = member.description.as_deref().map(docs::first_paragraph).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("An element of `{}`.", member.name));
    }
    lines.push(String::new());
    lines.push(used_by(&s.used_by));
    let doc = doc_attrs(&lines);
    let body = request_struct_body(s, Place::Types, &[]);
    let setters = s.fields.iter().map(|f| setters(f, quote!(self), Place::Types));
    quote! {
        #doc
        #body
        impl #name {
            /// An element with no field set.
            pub fn new() -> Self {
                Self::default()
            }
            #(#setters)*
        }
    }
}

fn wire_enum(e: &EnumModel) -> proc_macro2::TokenStream {
    let mut lines = e.description.map(docs::first_paragraph).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("Documented values of `{}`.", e.member_name));
    }
    lines.push(String::new());
    lines.push(used_by(&e.used_by));
    let variants = e.variants.iter().map(|v| {
        let doc = match v.option.description.as_deref() {
            Some(d) => docs::prose(d),
            None => vec![format!("`{}`", v.option.value)],
        };
        (v.ident.as_str(), doc, v.option.value.as_str())
    });
    let kind = if e.numeric { quote!(int) } else { quote!(str) };
    forward_compatible_enum(
        &e.name,
        &lines,
        variants.collect(),
        kind,
        "A value not documented when this crate was generated; it round-trips unchanged.",
    )
}

/// The error codes an action documents, as an enum to match `error.code_as::<X>()` against.
fn error_enum(e: &ErrorEnumModel) -> proc_macro2::TokenStream {
    let lines = [
        "The error codes the documentation lists for this action; match with `error.code_as::<Self>()`. The gateway's own codes are".to_string(),
        "[`CommonErrorCode`](aliyun_rpc_runtime::protocol::CommonErrorCode).".to_string(),
        String::new(),
        used_by(&e.used_by),
    ];
    let variants = e.codes.iter().map(|(ident, code)| {
        let mut line = format!("`{}`", code.code);
        if let Some(status) = code.status {
            line.push_str(&format!(" (HTTP {status})"));
        }
        if let Some(message) = &code.message {
            line.push_str(&format!(": {}", docs::escape_line(message)));
        }
        (ident.as_str(), vec![line], code.code.as_str())
    });
    forward_compatible_enum(
        &e.name,
        &lines,
        variants.collect(),
        quote!(str),
        "A code not documented when this crate was generated; it keeps its text.",
    )
}

/// An enum of documented wire values (variant, its doc lines, its wire text) with an `Unknown`
/// for the others, and its `wire_enum!` impls (`kind`: `str` or `int`).
fn forward_compatible_enum(
    name: &str,
    doc: &[String],
    variants: Vec<(&str, Vec<String>, &str)>,
    kind: proc_macro2::TokenStream,
    unknown_doc: &str,
) -> proc_macro2::TokenStream {
    let name = type_ident(name);
    let doc = doc_attrs(doc);
    let idents: Vec<_> = variants.iter().map(|(ident, _, _)| type_ident(ident)).collect();
    let docs = variants.iter().map(|(_, lines, _)| doc_attrs(lines));
    let texts = variants.iter().map(|(_, _, text)| text);
    let unknown_doc = format!(" {unknown_doc}");
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #idents,)*
            #[doc = #unknown_doc]
            Unknown(crate::types::UnknownValue),
        }
        crate::wire_enum!(#name: #kind { #(#idents = #texts),* });
    }
}
