//! `XResponse` and its nested types: serde `Deserialize` with the wire names, lists unwrapped
//! from ECS's `{"Instances": {"Instance": [..]}}` convention, unknown fields ignored, absent
//! fields tolerated, numbers-as-strings accepted. No serde derive: each struct gets a
//! `FromMap` impl (one `de::field(&mut m, "Wire")` call per field; the field's type picks the
//! lenient rule) and a one-line `Deserialize` through the runtime's shared `de::read_object`,
//! which keeps the per-struct compile cost small. A text field whose page documents its values
//! is a value-set enum ([`super::enums`]), which decodes any text (`Unknown` for a new one).

use super::enums::{self, Owner};
use super::{docs, ident, rt, Ctx, Nested};
use crate::ir::{Field, Type};
use proc_macro2::{Ident, TokenStream};
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

/// Names of response types that a request-side type of the action already holds.
type Clash = std::collections::HashSet<String>;

/// The suffix of a response type whose name a request type of the same action holds: the
/// response's `Tags.Tag` item beside the request's `Tag.N` is `TagInfo`, not `Tag2`.
const RESPONSE_SUFFIX: &str = "Info";

/// The bases of the nested response types below `fields` whose names are taken when the
/// response starts (by request types, enums and the four main types).
fn clashes(ctx: &Ctx<'_>, fields: &[Field], out: &mut Clash) {
    for f in fields {
        let is_list = f.ty == Type::List || f.item.is_some();
        let nested = match f.item.as_deref() {
            Some(item) if is_list && !item.fields.is_empty() => {
                let base = item
                    .type_name
                    .clone()
                    .or_else(|| f.wrapper.clone())
                    .unwrap_or_else(|| item.name.clone());
                Some((base, &item.fields))
            }
            _ if !is_list && !f.fields.is_empty() => Some((
                f.type_name.clone().unwrap_or_else(|| f.name.clone()),
                &f.fields,
            )),
            _ => None,
        };
        if let Some((base, fields)) = nested {
            let camel = super::TypeScope::default().unique(&base);
            if ctx.types.contains(&camel) {
                out.insert(camel);
            }
            clashes(ctx, fields, out);
        }
    }
}

/// The value-set enum of a text field (or list item) whose page documents its values, else
/// its scalar type.
fn text_type(ctx: &mut Ctx<'_>, f: &Field, parent: Option<&str>) -> TokenStream {
    if f.ty == Type::String && !f.enum_values.is_empty() {
        let name = enums::value_set(
            ctx,
            Owner::Response(parent),
            &f.name,
            &f.enum_values,
            f.line,
        );
        let id = ident(&name);
        quote!(#id)
    } else {
        scalar_ty(f.ty)
    }
}

/// A field's type (which also selects how the runtime reads it), and for lists the item type.
/// `parent` is the struct that holds it (`None`: the response itself).
fn field_type(
    ctx: &mut Ctx<'_>,
    f: &Field,
    parent: Option<&str>,
    clash: &Clash,
) -> (TokenStream, Option<TokenStream>) {
    let is_list = f.ty == Type::List || f.item.is_some();
    if is_list {
        let item = match f.item.as_deref() {
            Some(item) if !item.fields.is_empty() => {
                let base = item
                    .type_name
                    .clone()
                    .or_else(|| f.wrapper.clone())
                    .unwrap_or_else(|| item.name.clone());
                let name = emit_struct(
                    ctx,
                    &base,
                    &item.fields,
                    &item.description,
                    item.line,
                    clash,
                );
                let id = ident(&name);
                quote!(#id)
            }
            // A list of documented values states them on the item or on the list.
            Some(item) if item.enum_values.is_empty() && item.ty == Type::String => {
                let listed = Field {
                    enum_values: f.enum_values.clone(),
                    ..(*item).clone()
                };
                text_type(ctx, &listed, parent)
            }
            Some(item) => text_type(ctx, item, parent),
            None => quote!(::std::string::String),
        };
        (quote!(::std::vec::Vec<#item>), Some(item))
    } else if !f.fields.is_empty() {
        let base = f.type_name.clone().unwrap_or_else(|| f.name.clone());
        let name = emit_struct(ctx, &base, &f.fields, &f.description, f.line, clash);
        let id = ident(&name);
        (quote!(::core::option::Option<#id>), None)
    } else {
        let t = text_type(ctx, f, parent);
        (quote!(::core::option::Option<#t>), None)
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

/// One response struct's fields: declarations, the expressions that read each field
/// (`field: de::field(&mut m, "Wire")`), `(field, secret)` for `Debug`, and what makes two
/// structs' fields the same (field, wire name, type, secrecy; see [`Nested::key`]).
struct Decls {
    decls: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    debug: Vec<(Ident, bool)>,
    key: Vec<String>,
}

/// The fields of one response struct; with `top`, `request_id: String` always exists.
/// `parent` is the struct's name (`None` for the response itself).
fn decls(
    ctx: &mut Ctx<'_>,
    fields: &[Field],
    top: bool,
    parent: Option<&str>,
    clash: &Clash,
) -> Decls {
    let rt = rt();
    let mut scope = crate::names::Scope::default();
    let mut wires = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut inits = Vec::new();
    let mut debug = Vec::new();
    let mut key = Vec::new();
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
            scope.unique("request_id".to_string());
            out.push(quote! {
                #doc
                pub request_id: ::std::string::String
            });
            inits.push(quote!(request_id: #rt::de::field(&mut m, #wire)));
            debug.push((ident("request_id"), false));
            continue;
        }
        let base = if f.rust_name.trim().is_empty() {
            crate::names::snake(&f.name)
        } else {
            f.rust_name.clone()
        };
        let id = ident(&scope.unique(ident(&base).to_string()));
        let (ty, item) = field_type(ctx, f, parent, clash);
        if let (true, Some(item)) = (top, item) {
            ctx.response_lists.push((id.clone(), item));
        }
        out.push(quote! {
            #doc
            pub #id: #ty
        });
        inits.push(quote!(#id: #rt::de::field(&mut m, #wire)));
        let secret = crate::secret::field_is_secret(f);
        key.push(format!("{id} {wire:?} {ty} {secret}"));
        debug.push((id, secret));
    }
    if top && !has_request_id {
        let id = ident(&scope.unique("request_id".to_string()));
        out.insert(
            0,
            quote! {
                /// ID of the request (`RequestId`), present in every ECS response.
                pub #id: ::std::string::String
            },
        );
        inits.insert(0, quote!(#id: #rt::de::field(&mut m, "RequestId")));
        debug.insert(0, (id, false));
    }
    Decls {
        decls: out,
        inits,
        debug,
        key,
    }
}

/// The struct with its `FromMap` and `Deserialize` impls (and a redacting `Debug` when a
/// field is secret), without its doc.
fn response_struct(ty: &Ident, fields: &Decls) -> TokenStream {
    let rt = rt();
    let Decls {
        decls,
        inits,
        debug,
        key: _,
    } = fields;
    let debug_impl =
        super::request::debug_impl(TokenStream::new(), quote!(#ty), &ty.to_string(), debug, &[]);
    let debug = if debug_impl.is_some() {
        TokenStream::new()
    } else {
        quote!(Debug,)
    };
    let m = if inits.is_empty() {
        quote!(_m)
    } else {
        quote!(mut m)
    };
    quote! {
        #[derive(#debug Clone, PartialEq, Default)]
        pub struct #ty {
            #(#decls,)*
        }
        #debug_impl
        impl #rt::de::FromMap for #ty {
            #[inline]
            fn from_map(#m: #rt::de::Map) -> Self {
                Self { #(#inits,)* }
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                #rt::de::read_object(d).map(<Self as #rt::de::FromMap>::from_map)
            }
        }
    }
}

fn emit_struct(
    ctx: &mut Ctx<'_>,
    base: &str,
    fields: &[Field],
    description: &str,
    line: u32,
    clash: &Clash,
) -> String {
    let camel = super::TypeScope::default().unique(base);
    let name = if clash.contains(&camel) {
        ctx.types.unique(&format!("{camel}{RESPONSE_SUFFIX}"))
    } else {
        ctx.types.unique(base)
    };
    let ty = ident(&name);
    let fields = decls(ctx, fields, false, Some(&name), clash);
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
    let body = response_struct(&ty, &fields);
    ctx.items.push(Nested {
        name: name.clone(),
        key: format!("response struct {name} {{ {} }}", fields.key.join("; ")),
        doc: text,
        body,
        replay: TokenStream::new(),
    });
    name
}

/// `XResponse`.
pub(crate) fn emit(ctx: &mut Ctx<'_>) -> TokenStream {
    let name = format!("{}Response", ctx.name);
    let ty = ident(&name);
    let fields = ctx.page.response.fields.clone();
    let mut clash = Clash::new();
    clashes(ctx, &fields, &mut clash);
    let fields = decls(ctx, &fields, true, None, &clash);
    let doc = docs::attrs(&format!(
        "Success response of [`{0}`]. Unknown fields are ignored, absent ones are `None` or \
         empty, numbers sent as strings are accepted, and wrapped lists \
         (`{{\"Items\": {{\"Item\": [..]}}}}`) are flattened.\n\n{1}",
        ctx.name,
        docs::source(&ctx.page.file, 1)
    ));
    let body = response_struct(&ty, &fields);
    quote!(#doc #body)
}

#[cfg(test)]
mod tests {
    use crate::emit::render_file;

    fn page(request_tag: bool) -> crate::ir::Page {
        let tag_rows = if request_tag {
            "|Tag.N.Key|String|No|k|The key of tag N.|\n|Tag.N.Value|String|No|v|The value of tag N.|\n"
        } else {
            ""
        };
        let text = format!(
            "# DescribeWidgets\n\nLists widgets.\n\n## Request parameters\n\n\
             |Name|Type|Required|Example|Description|\n|----|----|--------|-------|-----------|\n\
             |RegionId|String|Yes|cn-hangzhou|The ID of the region.|\n{tag_rows}\n\
             ## Response parameters\n\n|Name|Type|Example|Description|\n|----|----|-------|-----------|\n\
             |RequestId|String|473469C7|The ID of the request.|\n\
             |Tags|Array of Tag| |The tags.|\n|Tag| | | |\n\
             |TagKey|String|k|The key.|\n|TagValue|String|v|The value.|\n\n\
             ## Examples\n\nSample success responses\n\n`JSON` format\n\n```\n\
             {{\"RequestId\": \"473469C7\", \"Tags\": {{\"Tag\": [{{\"TagKey\": \"k\", \"TagValue\": \"v\"}}]}}}}\n```\n"
        );
        crate::parse_page("DescribeWidgets.md", &text)
    }

    #[test]
    fn a_response_type_beside_a_request_type_of_its_name_is_suffixed_not_numbered() {
        let code = render_file(&[page(true)]).expect("emits");
        assert!(
            code.contains("pub struct Tag {"),
            "the request's item keeps `Tag`"
        );
        assert!(code.contains("pub struct TagInfo {"), "{code}");
        assert!(
            code.contains("pub tags: ::std::vec::Vec<TagInfo>"),
            "{code}"
        );
        assert!(!code.contains("Tag2"), "{code}");
        // Without a request `Tag`, the response's item is plain `Tag`.
        let code = render_file(&[page(false)]).expect("emits");
        assert!(code.contains("pub tags: ::std::vec::Vec<Tag>"), "{code}");
        assert!(!code.contains("TagInfo"), "{code}");
    }
}
