//! Rust tokens for one operation module, from its [`OperationModel`].
//!
//! Each module holds only what is specific to its action: the client method, the builder, the
//! input and its parameter writer, the output types, enums, and the `OPERATION` constant. Signing,
//! HTTP, retries and decoding leniency live once in the hand-written runtime.

use super::docs;
use super::model::{EnumModel, FieldModel, OperationModel, RustType, Shape, StructModel};
use crate::names::ident;
use crate::spec::{Method, Type};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

fn inner_doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

fn type_ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

/// The element (or scalar) type of a field.
fn element_type(field: &FieldModel) -> TokenStream {
    match &field.rust_type {
        RustType::Primitive(p) => {
            let p = type_ident(p);
            quote!(#p)
        }
        RustType::Local(name) => {
            let name = type_ident(name);
            quote!(#name)
        }
        RustType::Json => quote!(::serde_json::Value),
    }
}

/// The full field type: `Option<T>` or `Vec<T>`.
fn field_type(field: &FieldModel) -> TokenStream {
    let element = element_type(field);
    match field.shape {
        Shape::Scalar | Shape::Object | Shape::Json => quote!(Option<#element>),
        Shape::List | Shape::Objects => quote!(Vec<#element>),
    }
}

pub fn operation(op: &OperationModel, spec_file: &str, sample_json: &str) -> TokenStream {
    let action = op.action;
    let module_doc = inner_doc(&module_doc(op, spec_file));
    let client_method = client_method(op);
    let builder = builder(op);
    let input = input_struct(op);
    let request_structs = op.request_structs.iter().map(request_struct);
    let enums = op.enums.iter().map(wire_enum);
    let output = response_struct(&op.output, Some(&action.action));
    let response_structs = op.response_structs.iter().map(|s| response_struct(s, None));
    let wire_objects: Vec<_> = op.response_structs.iter().map(|s| type_ident(&s.name)).collect();
    let wire_objects = (!wire_objects.is_empty()).then(|| quote!(crate::wire_object!(#(#wire_objects),*);));
    let wrappers = std::iter::once(&op.output).chain(&op.response_structs).flat_map(|s| &s.fields).filter_map(|f| {
        let module = type_ident(f.wrapper_module.as_ref()?);
        let key = f.member.wrapper.as_deref()?;
        Some(quote!(crate::wrapped_list!(#module, #key);))
    });
    let operation = operation_const(op, sample_json);
    quote! {
        #module_doc
        #client_method
        #builder
        #input
        #(#request_structs)*
        #(#enums)*
        #output
        #(#response_structs)*
        #wire_objects
        #(#wrappers)*
        #operation
    }
}

fn module_doc(op: &OperationModel, spec_file: &str) -> Vec<String> {
    let a = op.action;
    let mut lines = vec![format!("`{}`: {}", a.action, a.summary.as_deref().map(docs::escape_line).unwrap_or_default())];
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
    lines.push(String::new());
    lines.push(format!("Calls `{wire}`; see the [module docs](crate::operations::{}) for limits and the reference.", op.module));
    let doc = doc_attrs(&lines);
    quote! {
        impl crate::Client {
            #doc
            #[doc(alias = #wire)]
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
    let setters = op.input.fields.iter().map(|f| setters(f, quote!(self.input)));
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
            pub async fn send(self) -> Result<#output, crate::Error> {
                self.client.execute(&OPERATION, &self.input).await
            }
        }
    }
}

/// `x(value)` and `set_x(Option<..>)` for one field of `target` (the builder's input or `self`).
fn setters(f: &FieldModel, target: TokenStream) -> TokenStream {
    let field = ident(&f.ident);
    let setter = ident(&f.ident);
    let set = format_ident!("set_{}", f.ident);
    let element = element_type(f);
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
        Shape::Object => unreachable!("validated: object request parameters are json-encoded"),
    }
}

fn input_struct(op: &OperationModel) -> TokenStream {
    let doc = format!(" The parameters of `{}`. Build it with the builder's setters.", op.action.action);
    let body = request_struct_body(&op.input);
    quote! {
        #[doc = #doc]
        #body
    }
}

/// An element of an object array in a request (`Tag.N.Key`): fields plus chainable setters.
fn request_struct(s: &StructModel) -> TokenStream {
    let name = type_ident(&s.name);
    let member = s.member.expect("request structs come from members");
    let mut lines = member.description.as_deref().map(docs::first_paragraph).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("An element of `{}`.", member.name));
    }
    let doc = doc_attrs(&lines);
    let body = request_struct_body(s);
    let setters = s.fields.iter().map(|f| setters(f, quote!(self)));
    quote! {
        #doc
        #body
        impl #name {
            pub fn new() -> Self {
                Self::default()
            }
            #(#setters)*
        }
    }
}

/// The struct, its `Debug` and its `ToParams`; shared by inputs and request elements.
fn request_struct_body(s: &StructModel) -> TokenStream {
    let name = type_ident(&s.name);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = field_type(f);
        let doc = doc_attrs(&f.member.description.as_deref().map(docs::first_paragraph).unwrap_or_default());
        quote! { #doc pub #field: #ty, }
    });
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.member.name;
        let required = f.member.required;
        let call = match f.shape {
            Shape::Scalar => quote!(scalar),
            Shape::List => quote!(list),
            Shape::Objects => quote!(objects),
            Shape::Json => quote!(json),
            Shape::Object => unreachable!("validated: object request parameters are json-encoded"),
        };
        quote!(out.#call(prefix, #wire, &self.#field, #required)?;)
    });
    let (derive_debug, debug_impl) = debug_impl(s);
    quote! {
        #[derive(Clone, Default, PartialEq, #derive_debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl

        impl crate::params::ToParams for #name {
            fn write_params(&self, prefix: &str, out: &mut crate::params::Params) -> Result<(), crate::BuildError> {
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

fn wire_enum(e: &EnumModel) -> TokenStream {
    let name = type_ident(&e.name);
    let mut lines = e.description.map(docs::first_paragraph).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("Documented values of `{}`.", e.member_name));
    }
    let doc = doc_attrs(&lines);
    let kind = if e.numeric { quote!(int) } else { quote!(str) };
    let variants = e.variants.iter().map(|v| {
        let variant = type_ident(&v.ident);
        let lines = match v.option.description.as_deref() {
            Some(d) => docs::prose(d),
            None => vec![format!("`{}`", v.option.value)],
        };
        let doc = doc_attrs(&lines);
        quote!(#doc #variant,)
    });
    let pairs = e.variants.iter().map(|v| {
        let variant = type_ident(&v.ident);
        let text = &v.option.value;
        quote!(#variant = #text)
    });
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value not documented when this crate was generated; it round-trips unchanged.
            Unknown(crate::UnknownValue),
        }
        crate::wire_enum!(#name: #kind { #(#pairs),* });
    }
}

/// A response struct: every field optional or default-empty, lenient in, documented shape out.
fn response_struct(s: &StructModel, action: Option<&str>) -> TokenStream {
    let name = type_ident(&s.name);
    let lines = match (action, s.member) {
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
    let doc = doc_attrs(&lines);
    let request_id = action.map(|_| {
        quote! {
            /// The ID Alibaba Cloud assigned to the request; quote it when asking for support.
            #[serde(deserialize_with = "crate::de::opt", skip_serializing_if = "Option::is_none")]
            pub request_id: Option<String>,
        }
    });
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = field_type(f);
        let doc = doc_attrs(&docs::member(f.member, enum_name(f)));
        let rename = (serde_pascal(&f.ident) != f.member.name).then(|| {
            let wire = &f.member.name;
            quote!(rename = #wire,)
        });
        let with = match (f.shape, &f.wrapper_module) {
            (Shape::List | Shape::Objects, Some(module)) => quote!(with = #module, skip_serializing_if = "Vec::is_empty"),
            (Shape::List | Shape::Objects, None) => {
                quote!(deserialize_with = "crate::de::list", skip_serializing_if = "Vec::is_empty")
            }
            _ => quote!(deserialize_with = "crate::de::opt", skip_serializing_if = "Option::is_none"),
        };
        quote! {
            #doc
            #[serde(#rename #with)]
            pub #field: #ty,
        }
    });
    let (derive_debug, debug_impl) = debug_impl(s);
    let request_id_method = action.map(|_| {
        quote! {
            impl #name {
                /// The ID Alibaba Cloud assigned to the request.
                pub fn request_id(&self) -> Option<&str> {
                    self.request_id.as_deref()
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Default, PartialEq, #derive_debug ::serde::Serialize, ::serde::Deserialize)]
        #[serde(default, rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct #name {
            #request_id
            #(#fields)*
        }
        #debug_impl
        #request_id_method
    }
}

/// What serde's `rename_all = "PascalCase"` makes of a snake_case field name.
fn serde_pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn operation_const(op: &OperationModel, sample_json: &str) -> TokenStream {
    let a = op.action;
    let wire = &a.action;
    let method = method_tokens(a.method());
    let methods = op.methods.iter().map(|m| method_tokens(*m));
    let idempotent = a.is_idempotent();
    let qps = match a.qps {
        Some(q) => {
            let q = Literal::f64_suffixed(q.0);
            quote!(Some(#q))
        }
        None => quote!(None),
    };
    let params = param_specs(&op.input.fields, &op.request_structs);
    let output = type_ident(&op.output.name);
    let sample_literal = raw_string(sample_json);
    quote! {
        /// What the runtime and the emulator need to know about this action.
        pub const OPERATION: crate::operation::Operation = crate::operation::Operation {
            action: #wire,
            method: #method,
            methods: &[#(#methods),*],
            idempotent: #idempotent,
            qps: #qps,
            params: #params,
            sample_response: #sample_literal,
            normalize_response: crate::operation::normalize::<#output>,
        };
    }
}

fn method_tokens(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(crate::operation::Method::Get),
        Method::Post => quote!(crate::operation::Method::Post),
    }
}

fn param_specs(fields: &[FieldModel], structs: &[StructModel]) -> TokenStream {
    let specs = fields.iter().map(|f| {
        let name = &f.member.name;
        let required = f.member.required;
        let shape = match f.shape {
            Shape::Scalar => {
                let kind = scalar_kind(f.member.ty);
                quote!(crate::operation::ParamShape::Scalar(#kind))
            }
            Shape::List => {
                let kind = scalar_kind(f.member.items.as_ref().map(|i| i.ty).unwrap_or(Type::String));
                quote!(crate::operation::ParamShape::List(#kind))
            }
            Shape::Objects => {
                let RustType::Local(struct_name) = &f.rust_type else { unreachable!("object lists name a struct") };
                let element = structs.iter().find(|s| &s.name == struct_name).expect("request struct exists");
                let inner = param_specs(&element.fields, structs);
                quote!(crate::operation::ParamShape::Objects(#inner))
            }
            Shape::Json => quote!(crate::operation::ParamShape::Json),
            Shape::Object => unreachable!("validated: object request parameters are json-encoded"),
        };
        quote!(crate::operation::ParamSpec { name: #name, required: #required, shape: #shape })
    });
    quote!(&[#(#specs),*])
}

fn scalar_kind(ty: Type) -> TokenStream {
    let kind = type_ident(match ty {
        Type::Integer => "Integer",
        Type::Long => "Long",
        Type::Boolean => "Boolean",
        Type::Float => "Float",
        Type::Double => "Double",
        Type::String | Type::Object | Type::Array => "String",
    });
    quote!(crate::operation::ScalarKind::#kind)
}

/// `r#"..."#` with enough hashes: JSON reads better unescaped.
fn raw_string(text: &str) -> TokenStream {
    let hashes = (0..).map(|n| "#".repeat(n)).find(|h| !text.contains(&format!("\"{h}"))).expect("some count works");
    format!("r{hashes}\"{text}\"{hashes}").parse().expect("a raw string literal")
}

/// The generated enum a field's values became, if any.
fn enum_name<'a>(f: &'a FieldModel) -> Option<&'a str> {
    match &f.rust_type {
        RustType::Local(name) if matches!(f.shape, Shape::Scalar | Shape::List) => Some(name),
        _ => None,
    }
}
