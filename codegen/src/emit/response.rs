//! `XResponse` and its nested types: serde `Deserialize` with the wire names, lists unwrapped
//! from ECS's `{"Instances": {"Instance": [..]}}` convention, unknown fields ignored, absent
//! fields tolerated, numbers-as-strings accepted (all through the runtime's `de` helpers).

use super::{docs, ident, rt, Ctx};
use crate::ir::{Field, Type};
use proc_macro2::TokenStream;
use quote::quote;

fn scalar_ty(ty: Type) -> TokenStream {
    match ty {
        Type::Integer | Type::Long => quote!(i64),
        Type::Float | Type::Double => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::Json | Type::Struct | Type::List => {
            let rt = rt();
            quote!(#rt::serde_json::Value)
        }
        Type::String => quote!(::std::string::String),
    }
}

/// Field type and the `de` helper that reads it.
fn field_type(ctx: &mut Ctx<'_>, f: &Field) -> (TokenStream, &'static str) {
    let is_list = f.ty == Type::List || f.item.is_some();
    if is_list {
        match f.item.as_deref() {
            Some(item) if !item.fields.is_empty() => {
                let base = item
                    .type_name
                    .clone()
                    .or_else(|| f.wrapper.clone())
                    .unwrap_or_else(|| item.name.clone());
                let name = emit_struct(ctx, &base, &item.fields, &item.description, item.line);
                let id = ident(&name);
                (quote!(::std::vec::Vec<#id>), "list")
            }
            Some(item) => {
                let t = scalar_ty(item.ty);
                (quote!(::std::vec::Vec<#t>), "list_scalar")
            }
            None => (
                quote!(::std::vec::Vec<::std::string::String>),
                "list_scalar",
            ),
        }
    } else if !f.fields.is_empty() {
        let base = f.type_name.clone().unwrap_or_else(|| f.name.clone());
        let name = emit_struct(ctx, &base, &f.fields, &f.description, f.line);
        let id = ident(&name);
        (quote!(::core::option::Option<#id>), "object")
    } else {
        let t = scalar_ty(f.ty);
        (quote!(::core::option::Option<#t>), "opt")
    }
}

fn field_doc(ctx: &Ctx<'_>, f: &Field) -> TokenStream {
    let mut text = String::new();
    let desc = docs::escape(&f.description);
    if !desc.trim().is_empty() {
        text.push_str(desc.trim_end());
        text.push_str("\n\n");
    }
    text.push_str(&format!("- Wire name: {}.\n", docs::code(&f.name)));
    if let Some(e) = &f.example {
        text.push_str(&format!("- Example: {}.\n", docs::code(e)));
    }
    text.push('\n');
    text.push_str(&docs::source(&ctx.page.file, f.line));
    docs::attrs(&text)
}

/// Field declarations of one response struct; with `top`, `request_id: String` always exists.
fn decls(ctx: &mut Ctx<'_>, fields: &[Field], top: bool) -> Vec<TokenStream> {
    let rt = rt();
    let mut scope = crate::names::Scope::default();
    let mut wires = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut has_request_id = false;
    for f in fields {
        if !wires.insert(f.name.clone()) {
            ctx.warn(
                f.line,
                "response-duplicate-field",
                format!(
                    "response field {} appears twice at one level; the first is kept",
                    f.name
                ),
            );
            continue;
        }
        let doc = field_doc(ctx, f);
        let wire = &f.name;
        if top && f.name == "RequestId" {
            has_request_id = true;
            let de = format!("{rt}::de::req").replace(' ', "");
            scope.unique("request_id".to_string());
            out.push(quote! {
                #doc
                #[serde(rename = #wire, default, deserialize_with = #de)]
                pub request_id: ::std::string::String
            });
            continue;
        }
        let base = if f.rust_name.trim().is_empty() {
            crate::names::snake(&f.name)
        } else {
            f.rust_name.clone()
        };
        let id = ident(&scope.unique(ident(&base).to_string()));
        let (ty, helper) = field_type(ctx, f);
        let de = format!("{rt}::de::{helper}").replace(' ', "");
        out.push(quote! {
            #doc
            #[serde(rename = #wire, default, deserialize_with = #de)]
            pub #id: #ty
        });
    }
    if top && !has_request_id {
        let de = format!("{rt}::de::req").replace(' ', "");
        let id = ident(&scope.unique("request_id".to_string()));
        out.insert(
            0,
            quote! {
                /// ID of the request (`RequestId`), present in every ECS response.
                #[serde(rename = "RequestId", default, deserialize_with = #de)]
                pub #id: ::std::string::String
            },
        );
    }
    out
}

fn serde_crate() -> String {
    format!("{}::serde", rt()).replace(' ', "")
}

fn emit_struct(
    ctx: &mut Ctx<'_>,
    base: &str,
    fields: &[Field],
    description: &str,
    line: u32,
) -> String {
    let rt = rt();
    let name = ctx.types.unique(base);
    let ty = ident(&name);
    let decls = decls(ctx, fields, false);
    let krate = serde_crate();
    let mut text = String::new();
    let desc = docs::escape(description);
    if !desc.trim().is_empty() {
        text.push_str(desc.trim_end());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{base}` in [`{0}Response`](super::{0}Response).\n\n{1}",
        ctx.name,
        docs::source(&ctx.page.file, line)
    ));
    let doc = docs::attrs(&text);
    ctx.items.push(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default, #rt::serde::Deserialize)]
        #[serde(crate = #krate)]
        pub struct #ty {
            #(#decls,)*
        }
    });
    name
}

/// `XResponse`.
pub(crate) fn emit(ctx: &mut Ctx<'_>) -> TokenStream {
    let rt = rt();
    let name = format!("{}Response", ctx.name);
    let ty = ident(&name);
    let fields = ctx.page.response.fields.clone();
    let decls = decls(ctx, &fields, true);
    let krate = serde_crate();
    let doc = docs::attrs(&format!(
        "Success response of [`{0}`]. Unknown fields are ignored, absent ones are `None` or \
         empty, numbers sent as strings are accepted, and wrapped lists \
         (`{{\"Items\": {{\"Item\": [..]}}}}`) are flattened.\n\n{1}",
        ctx.name,
        docs::source(&ctx.page.file, 1)
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default, #rt::serde::Deserialize)]
        #[serde(crate = #krate)]
        pub struct #ty {
            #(#decls,)*
        }
    }
}
