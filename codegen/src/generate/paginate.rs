//! The paginator of an action that pages: `into_paginator()` on its builder, and the builder's
//! [`Paged`](aliyun_rpc_runtime::paginate::Paged) impl, which reads the page's counts, token and
//! items at the paths the spec's `pagination` names. When to stop is the runtime's decision.

use super::emit::type_ident;
use super::model::{CrateModel, FieldModel, OperationModel, RustType, StructModel};
use crate::names::ident;
use crate::spec::Type;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn paginator(op: &OperationModel, model: &CrateModel) -> Option<TokenStream> {
    let p = op.action.pagination.as_ref()?;
    let builder = type_ident(&format!("{}Builder", op.type_prefix));
    let output = type_ident(&op.output.name);
    let items_path = resolve(&op.output, &p.items, model);
    let items_field = items_path.last().expect("a path has a field");
    let item = match &items_field.rust_type {
        RustType::Shape(name) => {
            let name = type_ident(name);
            quote!(crate::types::#name)
        }
        RustType::Primitive(name) => {
            let name = type_ident(name);
            quote!(#name)
        }
        RustType::Json => quote!(::serde_json::Value),
    };
    let items_owned = owned(&items_path);
    let items_len = match parts(&items_path, false) {
        (None, last) => quote!(page.#last.len()),
        (Some(chain), last) => quote!(#chain.map_or(0, |v| v.#last.len())),
    };
    let next = match (&p.page, &p.token) {
        (Some(page_param), _) => {
            let param = input_field(op, page_param);
            let size = p.size.as_ref().map_or(quote!(None), |s| {
                let field = input_field(op, s);
                let size = ident(&field.ident);
                let widen = widen(field);
                quote!(self.input.#size #widen)
            });
            let count = |path: &Option<String>| {
                path.as_ref().map_or(quote!(None), |path| {
                    let path = resolve(&op.output, path, model);
                    let widen = widen(path.last().expect("a path has a field"));
                    match parts(&path, false) {
                        (None, last) => quote!(page.#last #widen),
                        (Some(chain), last) => quote!(#chain.and_then(|v| v.#last) #widen),
                    }
                })
            };
            let (total, page_count) = (count(&p.total), count(&p.page_count));
            let field = ident(&param.ident);
            let value = if param.member.ty == Type::Long { quote!(next) } else { quote!(i32::try_from(next).ok()?) };
            let widen_page = widen(param);
            quote! {
                let next = crate::paginate::next_page_number(self.input.#field #widen_page, #size, #items_len, #total, #page_count)?;
                Some(self.clone().#field(#value))
            }
        }
        (None, Some(token_param)) => {
            let field = ident(&input_field(op, token_param).ident);
            let next_token = p.next_token.as_ref().expect("validated: token paging names the next token");
            let token = match parts(&resolve(&op.output, next_token, model), false) {
                (None, last) => quote!(page.#last.as_deref()),
                (Some(chain), last) => quote!(#chain.and_then(|v| v.#last.as_deref())),
            };
            quote! {
                let token = #token;
                let next = crate::paginate::next_page_token(self.input.#field.as_deref(), token)?;
                Some(self.clone().#field(next))
            }
        }
        (None, None) => unreachable!("validated: a page or a token parameter"),
    };
    let doc = format!(
        " Every page of `{}` from the page this request asks for, as a `Stream` of results; `.items()` gives the elements of `{}` one by one.",
        op.action.action, p.items
    );
    Some(quote! {
        impl #builder {
            #[doc = #doc]
            pub fn into_paginator(self) -> crate::Paginator<Self> {
                crate::Paginator::new(self)
            }
        }
        impl crate::paginate::Paged for #builder {
            type Output = #output;
            type Item = #item;
            fn send_page(self) -> impl ::std::future::Future<Output = Result<#output, crate::Error>> + Send + 'static {
                self.send()
            }
            fn next_page(&self, page: &#output) -> Option<Self> {
                #next
            }
            fn page_items(page: #output) -> Vec<#item> {
                #items_owned
            }
        }
    })
}

/// `.map(i64::from)` for a 32-bit count; nothing for a 64-bit one.
fn widen(field: &FieldModel) -> Option<TokenStream> {
    (field.member.ty != Type::Long).then(|| quote!(.map(i64::from)))
}

/// The input field of a request parameter.
fn input_field<'m>(op: &'m OperationModel, name: &str) -> &'m FieldModel<'m> {
    op.input.fields.iter().find(|f| f.member.name == name).expect("validated: the parameter exists")
}

/// The fields along `path` (wire names joined by `.`) from `start`.
fn resolve<'m>(start: &'m StructModel<'m>, path: &str, model: &'m CrateModel<'m>) -> Vec<&'m FieldModel<'m>> {
    let mut out = Vec::new();
    let mut current = start;
    for segment in path.split('.') {
        let field = current.fields.iter().find(|f| f.member.name == segment).expect("validated: the path exists");
        out.push(field);
        if let RustType::Shape(name) = &field.rust_type
            && let Some(next) = model.structs.iter().find(|s| &s.name == name)
        {
            current = next;
        }
    }
    out
}

/// The way to the last field of `path` from `page`: `None` when it is a field of the page itself,
/// else `page.data.as_ref()` followed by `.and_then(|v| v.inner.as_ref())` for each further object
/// (`page.data`, `.and_then(|v| v.inner)` when `owned`); and the last field's name.
fn parts(path: &[&FieldModel], owned: bool) -> (Option<TokenStream>, proc_macro2::Ident) {
    let (last, parents) = path.split_last().expect("a path has a field");
    let chain = parents.split_first().map(|(first, rest)| {
        let first = ident(&first.ident);
        let rest = rest.iter().map(|f| {
            let field = ident(&f.ident);
            if owned { quote!(.and_then(|v| v.#field)) } else { quote!(.and_then(|v| v.#field.as_ref())) }
        });
        if owned { quote!(page.#first #(#rest)*) } else { quote!(page.#first.as_ref() #(#rest)*) }
    });
    (chain, ident(&last.ident))
}

/// The page's items, taken out of it.
fn owned(path: &[&FieldModel]) -> TokenStream {
    match parts(path, true) {
        (None, last) => quote!(page.#last),
        (Some(chain), last) => quote!(#chain.map(|v| v.#last).unwrap_or_default()),
    }
}
