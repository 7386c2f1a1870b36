//! The emulator's table of a product's actions (`emulator/src/products/<product>.rs`): what a
//! server needs and a client does not (accepted methods, parameter shapes, sample answers,
//! documented error codes, normalizers); and the index of every product it serves (`products/mod.rs`).

use super::emit::{operation_value, raw_string};
use super::model::{CrateModel, FieldModel, RustType, Shape};
use crate::names::ident;
use crate::spec::{Method, Product, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn tables(model: &CrateModel, samples: &[String], client_crate: &str, product: &Product) -> TokenStream {
    let krate = format_ident!("{}", client_crate);
    let actions = model.operations.iter().zip(samples).map(|(op, sample)| {
        // The client's own descriptor is private to its module; this one is generated alike.
        let operation = operation_value(op, product, &quote!(aliyun_rpc_runtime));
        let module = ident(&op.module);
        let output = format_ident!("{}", op.output.name);
        let methods = op.action.accepted_methods().iter().map(|m| match m {
            Method::Get => quote!(Method::Get),
            Method::Post => quote!(Method::Post),
        });
        let params = param_specs(&op.input.fields, model);
        let sample = raw_string(sample);
        let errors = op.action.errors.iter().map(|error| &error.code);
        quote! {
            Action {
                operation: &#operation,
                methods: &[#(#methods),*],
                params: #params,
                sample: #sample,
                errors: &[#(#errors),*],
                normalize: normalize::<ops::#module::#output>,
            }
        }
    });
    quote! {
        //! Every action of the product, from the same specs as the client.
        use crate::table::{normalize, Action, ParamShape, ParamSpec, ScalarKind};
        use aliyun_rpc_runtime::Method;
        use #krate::operations as ops;

        /// The product.
        pub static PRODUCT: &aliyun_rpc_runtime::Product = &#krate::PRODUCT;

        /// Every action, sorted by name.
        pub static ACTIONS: &[Action] = &[#(#actions),*];
    }
}

pub(super) fn index(products: &[(String, String)]) -> TokenStream {
    let modules: Vec<_> = products.iter().map(|(module, _)| ident(module)).collect();
    quote! {
        //! Every product the emulator serves: one module of tables each.
        #(pub mod #modules;)*

        /// Every product with its actions.
        pub static PRODUCTS: &[crate::table::ProductTable] = &[
            #(crate::table::ProductTable { product: #modules::PRODUCT, actions: #modules::ACTIONS }),*
        ];
    }
}

fn param_specs(fields: &[FieldModel], model: &CrateModel) -> TokenStream {
    let specs = fields.iter().map(|f| {
        let name = &f.member.name;
        let required = f.member.required;
        let shape = match f.shape {
            Shape::Scalar => {
                let kind = scalar_kind(f.member.ty);
                quote!(ParamShape::Scalar(#kind))
            }
            Shape::List => {
                let kind = scalar_kind(f.member.items.as_ref().map(|i| i.ty).unwrap_or(Type::String));
                match f.member.encoding.and_then(crate::spec::Encoding::separator) {
                    Some(separator) => quote!(ParamShape::Joined(#kind, #separator)),
                    None => quote!(ParamShape::List(#kind)),
                }
            }
            Shape::Objects => {
                let RustType::Shape(struct_name) = &f.rust_type else { unreachable!("object lists name a struct") };
                let element = model.structs.iter().find(|s| &s.name == struct_name).expect("request struct exists");
                let inner = param_specs(&element.fields, model);
                quote!(ParamShape::Objects(#inner))
            }
            Shape::Json => quote!(ParamShape::Json),
            Shape::Object => {
                let RustType::Shape(struct_name) = &f.rust_type else { unreachable!("flat objects name a struct") };
                let object = model.structs.iter().find(|s| &s.name == struct_name).expect("request struct exists");
                let inner = param_specs(&object.fields, model);
                quote!(ParamShape::Object(#inner))
            }
        };
        quote!(ParamSpec::new(#name, #required, #shape))
    });
    quote!(&[#(#specs),*])
}

fn scalar_kind(ty: Type) -> TokenStream {
    let kind = format_ident!(
        "{}",
        match ty {
            Type::Integer => "Integer",
            Type::Long => "Long",
            Type::Boolean => "Boolean",
            Type::Float => "Float",
            Type::Double => "Double",
            Type::String | Type::Object | Type::Array => "String",
        }
    );
    quote!(ScalarKind::#kind)
}
