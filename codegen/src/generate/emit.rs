//! Rust tokens for one operation module, from its [`OperationModel`].
//!
//! Each module holds only what is specific to its action: the client method, the builder, the
//! input and its parameter writer, the output, and the `OPERATION` descriptor. Structures and
//! enums live in the `types` module ([`super::types`]); signing, HTTP, retries and decoding
//! leniency live once in the runtime crate.

use super::docs;
use super::model::{CrateModel, FieldModel, OperationModel, RustType, Shape, StructModel};
use crate::names::ident;
use crate::spec::{Method, ParamIn, Product};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub(super) fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

pub(super) fn inner_doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

pub(super) fn type_ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

/// Where the code that names a type is: a shape is `super::X` in a sibling file of `types`,
/// `crate::types::X` elsewhere.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Place {
    Types,
    Operation,
}

/// The element (or scalar) type of a field.
fn element_type(field: &FieldModel, place: Place) -> TokenStream {
    match &field.rust_type {
        RustType::Primitive(p) => {
            let p = type_ident(p);
            quote!(#p)
        }
        RustType::Shape(name) => {
            let name = type_ident(name);
            match place {
                Place::Types => quote!(super::#name),
                Place::Operation => quote!(crate::types::#name),
            }
        }
        RustType::Json => quote!(::serde_json::Value),
    }
}

/// The full field type: `Option<T>` or `Vec<T>`.
fn field_type(field: &FieldModel, place: Place) -> TokenStream {
    let element = element_type(field, place);
    match field.shape {
        Shape::Scalar | Shape::Object | Shape::Json => quote!(Option<#element>),
        Shape::List | Shape::Objects => quote!(Vec<#element>),
    }
}

pub(super) fn operation(op: &OperationModel, spec_file: &str, product: &Product, model: &CrateModel) -> TokenStream {
    let module_doc = inner_doc(&module_doc(op, spec_file));
    let client_method = client_method(op);
    let builder = builder(op);
    let input = input_struct(op, product);
    let output = response_struct(&op.output, Some(&op.action.action), Place::Operation);
    let operation = operation_const(op, product);
    let paginator = super::paginate::paginator(op, model);
    quote! {
        #module_doc
        #client_method
        #builder
        #input
        #output
        #paginator
        #operation
    }
}

fn module_doc(op: &OperationModel, spec_file: &str) -> Vec<String> {
    let a = op.action;
    let mut lines = vec![match a.summary.as_deref() {
        Some(summary) => format!("`{}`: {}", a.action, docs::escape_line(summary)),
        None => format!("`{}`.", a.action),
    }];
    if let Some(d) = &a.description {
        lines.push(String::new());
        lines.extend(docs::prose(d));
    }
    lines.push(String::new());
    let mut facts = Vec::new();
    if let Some(qps) = a.qps {
        facts.push(format!("Documented limit: {} queries per second per account; the client spaces calls to stay under it.", qps.0));
    }
    facts.push(if a.is_idempotent() {
        "Idempotent: retried after an ambiguous failure.".to_string()
    } else {
        "Not idempotent: not retried after an ambiguous failure unless the retry policy allows it.".to_string()
    });
    lines.push(facts.join(" "));
    if let Some(errors) = &op.errors {
        lines.push(String::new());
        lines.push(format!("Documented error codes: [`types::{errors}`](crate::types::{errors}), matched with `error.code_as::<{errors}>()`."));
    }
    if a.deprecated {
        lines.push(String::new());
        lines.push("**Deprecated** in the API's documentation.".to_string());
    }
    lines.push(String::new());
    match &a.source {
        Some(url) => lines.push(format!("Reference: <{url}> (spec: `{spec_file}`)")),
        None => lines.push(format!("Spec: `{spec_file}`")),
    }
    lines
}

fn client_method(op: &OperationModel) -> TokenStream {
    let a = op.action;
    let method = ident(&op.module);
    let builder = type_ident(&format!("{}Builder", op.type_prefix));
    let input = type_ident(&op.input.name);
    let wire = &a.action;
    let mut lines = a.summary.as_deref().map(docs::first_paragraph).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Calls `{wire}`; see the [module docs](crate::operations::{}) for limits and the reference.", op.module));
    let doc = doc_attrs(&lines);
    let deprecated = a.deprecated.then(|| quote!(#[deprecated(note = "deprecated in the API's documentation")]));
    quote! {
        impl crate::Client {
            #doc
            #[doc(alias = #wire)]
            #deprecated
            pub fn #method(&self) -> #builder {
                #builder { client: self.clone(), input: #input::default() }
            }
        }
    }
}

fn builder(op: &OperationModel) -> TokenStream {
    let builder = type_ident(&format!("{}Builder", op.type_prefix));
    let input = type_ident(&op.input.name);
    let output = type_ident(&op.output.name);
    let setters = op.input.fields.iter().map(|f| setters(f, quote!(self.input), Place::Operation));
    let builder_doc = format!(" Builds and sends `{}`; made by [`Client::{}`](crate::Client::{}).", op.action.action, op.module, op.module);
    quote! {
        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until `send()` is awaited"]
        pub struct #builder {
            client: crate::Client,
            input: #input,
        }

        impl #builder {
            #(#setters)*

            /// The request as built so far.
            pub fn as_input(&self) -> &#input {
                &self.input
            }

            /// Sends the request. Missing required parameters fail here, before any I/O.
            pub fn send(self) -> impl ::std::future::Future<Output = Result<#output, crate::Error>> + Send + 'static {
                self.client.inner.send(&OPERATION, self.input)
            }
        }
    }
}

/// The generated enum a field's values became, if any.
pub(super) fn enum_name<'a>(f: &'a FieldModel) -> Option<&'a str> {
    match &f.rust_type {
        RustType::Shape(name) if matches!(f.shape, Shape::Scalar | Shape::List) => Some(name),
        _ => None,
    }
}

/// `x(value)` and `set_x(Option<..>)` for one field of `target` (the builder's input or `self`).
pub(super) fn setters(f: &FieldModel, target: TokenStream, place: Place) -> TokenStream {
    let field = ident(&f.ident);
    let setter = ident(&f.ident);
    let set = format_ident!("set_{}", f.ident);
    let element = element_type(f, place);
    let doc = doc_attrs(&docs::member(f.member, enum_name(f)));
    let set_doc = format!(" Sets or clears [`{0}`](Self::{0}).", setter.to_string().trim_start_matches("r#"));
    match f.shape {
        Shape::Scalar => {
            quote! {
                #doc
                pub fn #setter(mut self, value: impl Into<#element>) -> Self {
                    #target.#field = Some(value.into());
                    self
                }
                #[doc = #set_doc]
                pub fn #set(mut self, value: Option<#element>) -> Self {
                    #target.#field = value;
                    self
                }
            }
        }
        Shape::Json => quote! {
            #doc
            ///
            /// Sent as one JSON-encoded string: pass a `serde_json::Value` (`json!`) or anything that converts into one.
            pub fn #setter(mut self, value: impl Into<::serde_json::Value>) -> Self {
                #target.#field = Some(value.into());
                self
            }
            #[doc = #set_doc]
            pub fn #set(mut self, value: Option<::serde_json::Value>) -> Self {
                #target.#field = value;
                self
            }
        },
        Shape::List | Shape::Objects => {
            let (arg, value) =
                if f.shape == Shape::List { (quote!(impl Into<#element>), quote!(value.into())) } else { (quote!(#element), quote!(value)) };
            quote! {
                #doc
                ///
                /// Appends one element; sent as `Name.1`, `Name.2`, ...
                pub fn #setter(mut self, value: #arg) -> Self {
                    #target.#field.push(#value);
                    self
                }
                #[doc = #set_doc]
                pub fn #set(mut self, value: Option<Vec<#element>>) -> Self {
                    #target.#field = value.unwrap_or_default();
                    self
                }
            }
        }
        Shape::Object => quote! {
            #doc
            ///
            /// Sent field by field under its name: `Name.Field=value`.
            pub fn #setter(mut self, value: #element) -> Self {
                #target.#field = Some(value);
                self
            }
            #[doc = #set_doc]
            pub fn #set(mut self, value: Option<#element>) -> Self {
                #target.#field = value;
                self
            }
        },
    }
}

fn input_struct(op: &OperationModel, product: &Product) -> TokenStream {
    let doc = format!(" The parameters of `{}`. Build it with the builder's setters.", op.action.action);
    let client_wide: Vec<&str> = client_wide(op, product).iter().map(|f| f.member.name.as_str()).collect();
    let body = request_struct_body(&op.input, Place::Operation, &client_wide);
    quote! {
        #[doc = #doc]
        #body
    }
}

/// The struct, its `Debug` and its `ToParams`; shared by inputs and request elements. The
/// `client_wide` parameters are never missing here: the client fills them in, and checks them.
pub(super) fn request_struct_body(s: &StructModel, place: Place, client_wide: &[&str]) -> TokenStream {
    let name = type_ident(&s.name);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = field_type(f, place);
        let doc = doc_attrs(&f.member.description.as_deref().map(docs::first_paragraph).unwrap_or_default());
        quote! { #doc pub #field: #ty, }
    });
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.member.name;
        // A required parameter names its setter, for the error that says it is missing.
        let setter = f.ident.as_str();
        let required = if f.member.required && !client_wide.contains(&wire.as_str()) { quote!(Some(#setter)) } else { quote!(None) };
        // A delimited list is one value, its elements joined.
        if let Some(separator) = f.member.encoding.and_then(crate::spec::Encoding::separator) {
            return quote!(out.joined(prefix, #wire, &self.#field, #separator, #required)?;);
        }
        let call = match f.shape {
            Shape::Scalar => quote!(scalar),
            Shape::List => quote!(list),
            Shape::Objects => quote!(objects),
            Shape::Json => quote!(json),
            Shape::Object => quote!(object),
        };
        quote!(out.#call(prefix, #wire, &self.#field, #required)?;)
    });
    let (derive_debug, debug_impl) = debug_impl(s);
    // An action without parameters writes nothing.
    let (prefix, out) = if s.fields.is_empty() { (quote!(_prefix), quote!(_out)) } else { (quote!(prefix), quote!(out)) };
    quote! {
        #[derive(Clone, Default, PartialEq, #derive_debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl

        impl crate::params::ToParams for #name {
            fn write_params(&self, #prefix: &str, #out: &mut crate::params::Params) -> Result<(), crate::error::BuildError> {
                #(#writes)*
                Ok(())
            }
        }
    }
}

/// `derive(Debug)`, or a hand-written `Debug` that redacts sensitive fields.
fn debug_impl(s: &StructModel) -> (TokenStream, TokenStream) {
    if !s.has_sensitive() {
        return (quote!(Debug,), TokenStream::new());
    }
    let name = type_ident(&s.name);
    let name_str = &s.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let label = f.ident.as_str();
        if f.member.is_sensitive() && matches!(f.shape, Shape::Scalar | Shape::Json) {
            quote!(.field(#label, &crate::redact::redacted(&self.#field)))
        } else if f.member.is_sensitive() {
            quote!(.field(#label, &format_args!("[{} redacted]", self.#field.len())))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let debug = quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_str) #(#fields)* .finish()
            }
        }
    };
    (TokenStream::new(), debug)
}

/// A response struct: every field optional or default-empty, lenient in, documented shape out.
/// Decoding and encoding are one `wire_object!` line per field, with the wire name exactly as the
/// spec writes it (`iotId`, `GroupID`).
pub(super) fn response_struct(s: &StructModel, action: Option<&str>, place: Place) -> TokenStream {
    let name = type_ident(&s.name);
    let mut lines = match (action, s.member) {
        (Some(action), _) => vec![format!("The response of `{action}`.")],
        (None, Some(m)) => {
            let mut lines = m.description.as_deref().map(docs::first_paragraph).unwrap_or_default();
            if lines.is_empty() {
                lines.push(format!("The `{}` of a response.", m.name));
            }
            lines
        }
        (None, None) => Vec::new(),
    };
    if place == Place::Types {
        lines.push(String::new());
        lines.push(used_by(&s.used_by));
    }
    let doc = doc_attrs(&lines);
    let request_id = action.map(|_| {
        quote! {
            /// The ID Alibaba Cloud assigned to the request; quote it when asking for support.
            pub request_id: Option<String>,
        }
    });
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = field_type(f, place);
        let doc = doc_attrs(&docs::member(f.member, enum_name(f)));
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    let wire_fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.member.name;
        match (&f.member.wrapper, f.shape) {
            (Some(wrapper), Shape::List | Shape::Objects) => quote!(#field: #wire / #wrapper),
            _ => quote!(#field: #wire),
        }
    });
    let request_id_wire = action.map(|_| quote!(request_id: "RequestId",));
    // An action's output also keeps the body it was decoded from.
    let raw_body_field = action.map(|_| quote!(raw_body: crate::types::RawBody,));
    let raw_body_marker = action.map(|_| quote!(raw_body));
    let (derive_debug, debug_impl) = debug_impl(s);
    let raw_body_method = action.map(|_| {
        quote! {
            impl #name {
                /// The body the response came with, as received: fields the spec does not know are there too.
                pub fn raw_body(&self) -> &crate::types::RawBody {
                    &self.raw_body
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Default, PartialEq, #derive_debug)]
        #[non_exhaustive]
        pub struct #name {
            #request_id
            #(#fields)*
            #raw_body_field
        }
        crate::wire_object!(#name { #request_id_wire #(#wire_fields),* } #raw_body_marker);
        #debug_impl
        #raw_body_method
    }
}

/// Used by `A`, `B`: which actions a shape belongs to, for readers of the docs.
pub(super) fn used_by(actions: &[&str]) -> String {
    let names: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
    format!("Used by {}.", names.join(", "))
}

fn operation_const(op: &OperationModel, product: &Product) -> TokenStream {
    let value = operation_value(op, product, &quote!(crate));
    quote! {
        /// What the runtime needs to know about this action.
        const OPERATION: crate::Operation = #value;
    }
}

/// The action's [`Operation`](aliyun_rpc_runtime::Operation) descriptor, with the runtime's items
/// under `runtime` (`crate` in a product crate, which imports them).
pub(super) fn operation_value(op: &OperationModel, product: &Product, runtime: &TokenStream) -> TokenStream {
    let a = op.action;
    let wire = &a.action;
    let method = match a.method() {
        Method::Get => quote!(#runtime::Method::Get),
        Method::Post => quote!(#runtime::Method::Post),
    };
    let idempotent = a.is_idempotent().then(|| quote!(.idempotent()));
    let qps = a.qps.map(|q| {
        let q = Literal::f64_unsuffixed(q.0);
        quote!(.with_qps(#q))
    });
    // Where a parameter goes: as the spec says, else where the method puts parameters.
    let body: Vec<&str> = match a.method() {
        Method::Get => Vec::new(),
        Method::Post => a.request.iter().filter(|m| m.location.unwrap_or(ParamIn::Body) == ParamIn::Body).map(|m| m.name.as_str()).collect(),
    };
    let body = (!body.is_empty()).then(|| quote!(.with_body(&[#(#body),*])));
    let client_wide = client_wide(op, product);
    let defaults = client_wide.iter().map(|f| &f.member.name);
    let defaults = (!client_wide.is_empty()).then(|| quote!(.with_default_params(&[#(#defaults),*])));
    // A required one names its setter, for the error that says it is missing.
    let required: Vec<TokenStream> = client_wide
        .iter()
        .filter(|f| f.member.required)
        .map(|f| {
            let (name, setter) = (&f.member.name, &f.ident);
            quote!((#name, #setter))
        })
        .collect();
    let required = (!required.is_empty()).then(|| quote!(.with_required_defaults(&[#(#required),*])));
    quote!(#runtime::Operation::new(#wire, #method) #idempotent #qps #body #defaults #required)
}

/// The action's parameters that the product's client sets once for every call (see
/// `client-parameters` in `product.yaml`).
fn client_wide<'a>(op: &'a OperationModel, product: &Product) -> Vec<&'a FieldModel<'a>> {
    op.input.fields.iter().filter(|f| product.client_parameters.iter().any(|c| c.name == f.member.name)).collect()
}

/// `r#"..."#` with enough hashes: JSON reads better unescaped.
pub(super) fn raw_string(text: &str) -> TokenStream {
    let hashes = (0..).map(|n| "#".repeat(n)).find(|h| !text.contains(&format!("\"{h}"))).expect("some count works");
    format!("r{hashes}\"{text}\"{hashes}").parse().expect("a raw string literal")
}
