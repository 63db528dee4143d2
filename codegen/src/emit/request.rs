//! The request side: the request struct, nested request types (dotted structs, repeat-list
//! items) and each struct's static spec plus the two thin trait impls (`Struct`, `Value`) the
//! runtime reads it through. Closed value sets are [`super::enums`].

use super::enums::{self, Owner};
use super::{docs, ident, rt, validate, Ctx, Nested};
use crate::ir::{Param, Type};
use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// One field of a request struct, planned.
pub(crate) struct FieldPlan {
    pub ident: Ident,
    pub wire: String,
    /// The value type (`String`, `Vec<Tag>`), without the `Option` of optional fields.
    pub ty: TokenStream,
    /// For lists: the item type.
    pub item_ty: Option<TokenStream>,
    pub required: bool,
    /// Whether `ty` implements `Default`.
    pub has_default: bool,
    pub shape: TokenStream,
    pub rules: TokenStream,
    pub doc: String,
    pub line: u32,
    /// The value is a secret (`crate::secret`): `Debug` prints `***` for it.
    pub secret: bool,
    /// The checks without their page lines (see [`Nested::key`]).
    pub rules_key: String,
}

impl FieldPlan {
    /// What makes two fields the same on the wire: name, type, shape, rules, secrecy.
    fn key(&self) -> String {
        format!(
            "{} {:?} {} {} {} {} {}",
            self.ident, self.wire, self.ty, self.required, self.shape, self.rules_key, self.secret
        )
    }
}

impl FieldPlan {
    /// The field's type in the struct: `T` when required, `Option<T>` otherwise.
    pub fn field_ty(&self) -> TokenStream {
        let ty = &self.ty;
        if self.required {
            quote!(#ty)
        } else {
            quote!(::core::option::Option<#ty>)
        }
    }
}

/// `Action` rows that only restate the action.
fn is_action_param(ctx: &Ctx<'_>, p: &Param) -> bool {
    let Some(action) = ctx.page.action.as_deref() else {
        return false;
    };
    p.name == "Action"
        && (p.constraints.enum_values.iter().all(|v| v.value == action)
            || p.example.as_deref() == Some(action))
        && p.constraints.enum_values.len() <= 1
}

fn scalar_ty(ty: Type) -> TokenStream {
    match ty {
        Type::Integer => quote!(i32),
        Type::Long => quote!(i64),
        Type::Float => quote!(f32),
        Type::Double => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::String | Type::Json | Type::List | Type::Struct => {
            quote!(::std::string::String)
        }
    }
}

/// The runtime's `Shape` for a shape the rules module decided.
fn shape_tokens(shape: crate::rules::ShapeData) -> TokenStream {
    use crate::rules::ShapeData as S;
    let rt = rt();
    match shape {
        S::Scalar => quote!(#rt::Shape::Scalar),
        S::Json => quote!(#rt::Shape::Json),
        S::RepeatList => quote!(#rt::Shape::RepeatList),
        S::JsonList => quote!(#rt::Shape::JsonList),
        S::JsonTextList => quote!(#rt::Shape::JsonTextList),
        S::Struct => quote!(#rt::Shape::Struct),
    }
}

/// Plans the fields of one struct level (skipping the `Action` row at the top).
pub(crate) fn plan_fields(ctx: &mut Ctx<'_>, params: &[Param], top: bool) -> Vec<FieldPlan> {
    let mut scope = crate::names::Scope::default();
    let mut out = Vec::new();
    for p in params {
        if top && is_action_param(ctx, p) {
            continue;
        }
        let base = if p.rust_name.trim().is_empty() {
            crate::names::snake(&p.name)
        } else {
            p.rust_name.clone()
        };
        let name = scope.unique(ident(&base).to_string());
        out.push(plan_field(ctx, p, ident(&name)));
    }
    out
}

fn plan_field(ctx: &mut Ctx<'_>, p: &Param, field_ident: Ident) -> FieldPlan {
    let doc = docs::param_doc(p, &ctx.page.file);
    let is_list = p.ty == Type::List || (p.item.is_some() && p.fields.is_empty());
    let is_struct = !is_list && (p.ty == Type::Struct || !p.fields.is_empty());
    if is_list {
        let mut constraints = p.constraints.clone();
        let item = p.item.as_deref();
        if let Some(item) = item {
            docs::merge_item(&mut constraints, &item.constraints);
        }
        let (item_ty, item_default) = match item {
            Some(item) if !item.fields.is_empty() => {
                let name = emit_struct(ctx, &p.name, &item.fields, &item.description, item.line);
                let id = ident(&name);
                (quote!(#id), true)
            }
            _ => {
                let item_type = item.map_or(Type::String, |i| i.ty);
                if item_type == Type::String && !constraints.enum_values.is_empty() {
                    let name = enums::value_set(
                        ctx,
                        Owner::Request,
                        &p.name,
                        &constraints.enum_values,
                        p.line,
                    );
                    let id = ident(&name);
                    (quote!(#id), false)
                } else if let Some(width) = crate::rules::numeric_text(item_type, &constraints) {
                    match width {
                        crate::rules::IntWidth::I32 => (quote!(i32), true),
                        crate::rules::IntWidth::I64 => (quote!(i64), true),
                    }
                } else {
                    (scalar_ty(item_type), true)
                }
            }
        };
        let _ = item_default;
        let item_type = item.map_or(Type::String, |i| i.ty);
        let shape = shape_tokens(crate::rules::shape_of(p));
        let (rules, rules_key) = validate::rules(ctx, &constraints, item_type, p.line);
        return FieldPlan {
            ident: field_ident,
            wire: p.name.clone(),
            ty: quote!(::std::vec::Vec<#item_ty>),
            item_ty: Some(item_ty),
            required: p.required,
            has_default: true,
            shape,
            rules,
            doc,
            line: p.line,
            secret: crate::secret::param_is_secret(p),
            rules_key,
        };
    }
    if is_struct && !p.fields.is_empty() {
        let name = emit_struct(ctx, &p.name, &p.fields, &p.description, p.line);
        let id = ident(&name);
        let (rules, rules_key) = validate::rules(ctx, &p.constraints, p.ty, p.line);
        return FieldPlan {
            ident: field_ident,
            wire: p.name.clone(),
            ty: quote!(#id),
            item_ty: None,
            required: p.required,
            has_default: false,
            shape: shape_tokens(crate::rules::ShapeData::Struct),
            rules,
            doc,
            line: p.line,
            secret: false,
            rules_key,
        };
    }
    let (ty, has_default) = if p.ty == Type::String && !p.constraints.enum_values.is_empty() {
        let name = enums::value_set(
            ctx,
            Owner::Request,
            &p.name,
            &p.constraints.enum_values,
            p.line,
        );
        let id = ident(&name);
        (quote!(#id), false)
    } else {
        (scalar_ty(p.ty), true)
    };
    let shape = shape_tokens(crate::rules::shape_of(p));
    let (rules, rules_key) = validate::rules(ctx, &p.constraints, p.ty, p.line);
    FieldPlan {
        ident: field_ident,
        wire: p.name.clone(),
        ty,
        item_ty: None,
        required: p.required,
        has_default,
        shape,
        rules,
        doc,
        line: p.line,
        secret: crate::secret::param_is_secret(p),
        rules_key,
    }
}

/// A `Debug` impl like the derived one that prints `***` for the secret fields (`(field,
/// secret)` in declaration order, then `extra` fields printed as they are), or `None` when no
/// field is secret and the derive can stay (it costs less to compile).
pub(crate) fn debug_impl(
    generics: TokenStream,
    ty: TokenStream,
    name: &str,
    fields: &[(Ident, bool)],
    extra: &[Ident],
) -> Option<TokenStream> {
    if !fields.iter().any(|(_, secret)| *secret) {
        return None;
    }
    let rt = rt();
    let calls = fields.iter().map(|(id, secret)| {
        let label = id.to_string();
        if *secret {
            quote!(.field(#label, &#rt::Redacted(&self.#id)))
        } else {
            quote!(.field(#label, &self.#id))
        }
    });
    let extra = extra.iter().map(|id| {
        let label = id.to_string();
        quote!(.field(#label, &self.#id))
    });
    Some(quote! {
        impl #generics ::core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#calls)* #(#extra)* .finish()
            }
        }
    })
}

/// `Debug, ` for the derive list when no field is secret; otherwise the manual impl.
pub(crate) fn debug_derive_or_impl(ty: &Ident, fields: &[FieldPlan]) -> (TokenStream, TokenStream) {
    let plan: Vec<(Ident, bool)> = fields.iter().map(|f| (f.ident.clone(), f.secret)).collect();
    match debug_impl(TokenStream::new(), quote!(#ty), &ty.to_string(), &plan, &[]) {
        Some(imp) => (TokenStream::new(), imp),
        None => (quote!(Debug,), TokenStream::new()),
    }
}

/// `static X_SPEC: StructSpec = ..;` for a struct with these fields.
pub(crate) fn spec_static(
    ctx: &Ctx<'_>,
    type_name: &str,
    fields: &[FieldPlan],
) -> (Ident, TokenStream) {
    let rt = rt();
    let spec = ident(&format!("{}_SPEC", type_name.to_shouty_snake_case()));
    let page = &ctx.page.file;
    let entries = fields.iter().map(|f| {
        let wire = &f.wire;
        let line = Literal::u32_unsuffixed(f.line);
        let required = f.required;
        let shape = &f.shape;
        let rules = &f.rules;
        quote! {
            #rt::FieldSpec { wire: #wire, line: #line, required: #required, shape: #shape, rules: #rules }
        }
    });
    let secret = fields.iter().filter(|f| f.secret).map(|f| &f.wire);
    let tokens = quote! {
        static #spec: #rt::StructSpec = #rt::StructSpec {
            name: #type_name,
            page: #page,
            fields: &[#(#entries),*],
            secret: &[#(#secret),*],
        };
    };
    (spec, tokens)
}

/// `impl Struct` (spec + visit) for a type whose fields are `fields`.
pub(crate) fn struct_impl(ty: &Ident, spec: &Ident, fields: &[FieldPlan]) -> TokenStream {
    struct_impl_generic(TokenStream::new(), quote!(#ty), spec, fields)
}

/// [`struct_impl`] for `ty` with the impl generics `generics` (`<C>` for `XBuilder<C>`).
pub(crate) fn struct_impl_generic(
    generics: TokenStream,
    ty: TokenStream,
    spec: &Ident,
    fields: &[FieldPlan],
) -> TokenStream {
    let rt = rt();
    let ids = fields.iter().map(|f| &f.ident);
    let f = if fields.is_empty() {
        quote!(_f)
    } else {
        quote!(f)
    };
    quote! {
        impl #generics #rt::Struct for #ty {
            #[inline]
            fn spec(&self) -> &'static #rt::StructSpec {
                &#spec
            }
            #[inline]
            fn visit<'a>(&'a self, #f: &mut dyn FnMut(&'a dyn #rt::Value)) {
                #(#f(&self.#ids);)*
            }
        }
    }
}

/// `impl FromParam`: the struct rebuilt from its level of the parameter tree (one
/// `params::opt`/`params::req` call per field; unknown names are reported), for the
/// module's `from-params` gate.
pub(crate) fn from_param_impl(ty: &Ident, fields: &[FieldPlan]) -> TokenStream {
    let rt = rt();
    let m = if fields.is_empty() {
        quote!(__m)
    } else {
        quote!(mut __m)
    };
    let lets = fields.iter().map(|f| {
        let id = &f.ident;
        let wire = &f.wire;
        let take = if f.required { quote!(req) } else { quote!(opt) };
        quote!(let #id = #rt::params::#take(&mut __m, #wire, __path, __e);)
    });
    let inits = fields.iter().map(|f| {
        let id = &f.ident;
        if f.required {
            quote!(#id: #id?)
        } else {
            quote!(#id)
        }
    });
    quote! {
        impl #rt::FromParam for #ty {
            #[inline]
            fn from_param(
                __v: #rt::serde_json::Value,
                __path: &str,
                __e: &mut ::std::vec::Vec<#rt::ParamError>,
            ) -> ::core::option::Option<Self> {
                let #m = #rt::params::object(__v, __path, __e)?;
                #(#lets)*
                #rt::params::leftovers(__m, __path, __e);
                ::core::option::Option::Some(Self { #(#inits),* })
            }
        }
    }
}

/// Struct field declarations with docs.
pub(crate) fn field_decls(fields: &[FieldPlan]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let doc = docs::attrs(&f.doc);
            let id = &f.ident;
            let ty = f.field_ty();
            quote!(#doc pub #id: #ty)
        })
        .collect()
}

/// A nested request struct (dotted struct or list item); returns its (unique) name.
fn emit_struct(
    ctx: &mut Ctx<'_>,
    wire: &str,
    params: &[Param],
    description: &str,
    line: u32,
) -> String {
    let rt = rt();
    let name = ctx.types.unique(wire);
    let fields = plan_fields(ctx, params, false);
    let ty = ident(&name);
    let (spec, spec_tokens) = spec_static(ctx, &name, &fields);
    let decls = field_decls(&fields);
    let imp = struct_impl(&ty, &spec, &fields);
    let replay = from_param_impl(&ty, &fields);
    let default = if fields.iter().all(|f| !f.required || f.has_default) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let mut text = String::new();
    let desc = docs::escape(description);
    if !desc.trim().is_empty() {
        text.push_str(desc.trim_end());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The `{wire}` parameter group of [`{}`](super::{}).\n\n{}",
        ctx.name,
        ctx.name,
        docs::source(&ctx.page.file, line)
    ));
    let (debug, debug_impl) = debug_derive_or_impl(&ty, &fields);
    let key = fields
        .iter()
        .map(FieldPlan::key)
        .collect::<Vec<_>>()
        .join("; ");
    let body = quote! {
        #[derive(#debug Clone, PartialEq, #default)]
        pub struct #ty {
            #(#decls,)*
        }
        #debug_impl
        #spec_tokens
        #imp
        impl #rt::Value for #ty {
            #[inline]
            fn view(&self) -> #rt::View<'_> {
                #rt::View::Struct(self)
            }
        }
    };
    ctx.items.push(Nested {
        name: name.clone(),
        key: format!("request struct {name} {{ {key} }}"),
        doc: text,
        body,
        replay,
    });
    name
}

/// The request struct `X` with its spec, trait impls and inherent API.
pub(crate) fn emit(
    ctx: &mut Ctx<'_>,
    user_attrs: TokenStream,
) -> (TokenStream, Vec<FieldPlan>, Ident) {
    let rt = rt();
    let page = ctx.page;
    let params = page.params.clone();
    let fields = plan_fields(ctx, &params, true);
    let name = ctx.name.clone();
    let ty = ident(&name);
    let builder = ident(&format!("{name}Builder"));
    let response = ident(&format!("{name}Response"));
    let error = ident(&format!("{name}Error"));
    let (spec, spec_tokens) = spec_static(ctx, &name, &fields);
    let decls = field_decls(&fields);
    let imp = struct_impl(&ty, &spec, &fields);
    ctx.replay.push(from_param_impl(&ty, &fields));
    let action = page.action.clone().unwrap_or_default();
    let version = &page.version;
    let product = &page.product;
    let default = if fields.iter().all(|f| !f.required || f.has_default) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let mut text = String::new();
    for part in [&page.summary, &page.description] {
        let e = docs::escape(part);
        if !e.trim().is_empty() {
            text.push_str(e.trim_end());
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!(
        "Request of the `{action}` action ({product} API version `{version}`). Build it with \
         [`{name}::builder`] (validates every documented rule) or as a struct literal \
         (validated only when you call [`{name}::validate`]); \
         [`{name}Builder::build_unchecked`] skips the documented constraints when the \
         documentation is stale. The reply is a [`{name}Response`]; failures map to \
         [`{name}Error`].\n\n{}",
        docs::source(&page.file, 1)
    ));
    let doc = docs::attrs(&text);
    let (debug, debug_impl) = debug_derive_or_impl(&ty, &fields);
    let tokens = quote! {
        #doc
        #user_attrs
        #[derive(#debug Clone, PartialEq, #default)]
        pub struct #ty {
            #(#decls,)*
        }
        #debug_impl
        #spec_tokens
        #imp
        impl #ty {
            /// The `Action` parameter.
            pub const ACTION: &'static str = #action;
            /// The API version.
            pub const VERSION: &'static str = #version;
            /// The product code.
            pub const PRODUCT: &'static str = #product;

            /// A builder that validates every documented rule in `build()`.
            #[inline]
            pub fn builder() -> #builder {
                <#builder as ::core::default::Default>::default()
            }

            /// Checks required parameters and every documented rule; reports all violations.
            #[inline]
            pub fn validate(&self) -> ::core::result::Result<(), #rt::ValidationErrors> {
                #rt::validate(self)
            }

            /// The action's own wire parameters (no common parameters), not URL-encoded.
            #[inline]
            pub fn to_params(&self) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
                #rt::to_params(self)
            }

        }
        impl #rt::Action for #ty {
            const ACTION: &'static str = #action;
            const VERSION: &'static str = #version;
            const PRODUCT: &'static str = #product;
            type Response = #response;
            type Error = #error;
        }
    };
    ctx.replay.push(quote! {
        impl #ty {
            /// The request rebuilt from its own wire parameters (the inverse of
            /// [`to_params`](Self::to_params); no `Action`, no common parameters, not
            /// URL-encoded), e.g. to replay a logged request. Checks only that the parameters
            /// fit the type (known names, values that parse, required ones present); call
            /// [`validate`](Self::validate) for the documented rules. Needs `ecs-client`'s
            /// `from-params` feature.
            #[inline]
            pub fn from_params(
                params: &[(::std::string::String, ::std::string::String)],
            ) -> ::core::result::Result<Self, #rt::ParamsError> {
                #rt::params::from_params(#name, params)
            }
        }
    });
    (tokens, fields, spec)
}
