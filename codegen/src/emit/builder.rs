//! `XBuilder`: one setter per parameter and its `set_x(Option<T>)` twin, `build()` (validates
//! everything, reports all violations), `build_unchecked()` (the escape hatch for stale
//! documentation), and on a client-bound builder `customize` and `send`.

use super::request::{debug_impl, struct_impl_generic, FieldPlan};
use super::{docs, ident, rt, Ctx};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

const RESERVED: &[&str] = &[
    "build",
    "build_unchecked",
    "default",
    "clone",
    "send",
    "into_paginator",
    "customize",
];

/// How a client-bound builder builds its request before sending (`self` is the builder,
/// `client` its client): the `RegionId` field is first filled from the client's configured
/// region when the builder leaves it unset (`fill_region`, not generic: nothing per action to
/// type-check but one call), then `build()`; just `build()` when the action has no string
/// `RegionId`.
pub(crate) fn build_call(fields: &[FieldPlan]) -> TokenStream {
    let rt = rt();
    let string = quote!(::std::string::String).to_string();
    match fields
        .iter()
        .find(|f| f.wire.eq_ignore_ascii_case("RegionId") && f.ty.to_string() == string)
    {
        Some(f) => {
            let id = &f.ident;
            quote! {{
                let mut builder = self;
                #rt::fill_region(&client, &mut builder.#id);
                Self::build(builder)
            }}
        }
        None => quote!(Self::build(self)),
    }
}

pub(crate) fn emit(ctx: &mut Ctx<'_>, fields: &[FieldPlan], spec: &Ident) -> TokenStream {
    let rt = rt();
    let name = ctx.name.clone();
    let ty = ident(&name);
    let builder = ident(&format!("{name}Builder"));
    let decls = fields.iter().map(|f| {
        let id = &f.ident;
        let t = &f.ty;
        quote!(#id: ::core::option::Option<#t>)
    });
    let setters = fields.iter().map(|f| {
        let id = &f.ident;
        let t = &f.ty;
        // A field named like a builder method has `set_x` as its setter, so its `Option`
        // twin is `set_x_option`.
        let (setter, set) = if RESERVED.contains(&id.to_string().as_str()) {
            (ident(&format!("set_{id}")), ident(&format!("set_{id}_option")))
        } else {
            (id.clone(), ident(&format!("set_{id}")))
        };
        let set_doc = format!(" [`{setter}`](Self::{setter}) from an `Option`; `None` unsets it.");
        // One small fn per field: its doc is one line, and it is generic over `C` like every
        // setter, so it costs type checking only until a caller uses it.
        let set_opt = quote! {
            #[doc = #set_doc]
            pub fn #set(mut self, value: ::core::option::Option<#t>) -> Self {
                self.#id = value;
                self
            }
        };
        let doc = docs::attrs(&f.doc);
        let plain = match &f.item_ty {
            Some(item) => quote! {
                #doc
                pub fn #setter(
                    mut self,
                    items: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>,
                ) -> Self {
                    self.#id = ::core::option::Option::Some(
                        items.into_iter().map(::core::convert::Into::into).collect(),
                    );
                    self
                }
            },
            None => quote! {
                #doc
                pub fn #setter(mut self, value: impl ::core::convert::Into<#t>) -> Self {
                    self.#id = ::core::option::Option::Some(value.into());
                    self
                }
            },
        };
        quote!(#plain #set_opt)
    });
    let all: Vec<&Ident> = fields.iter().map(|f| &f.ident).collect();
    let required: Vec<&Ident> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| &f.ident)
        .collect();
    let assemble = if required.is_empty() {
        quote!(::core::result::Result::Ok(#ty { #(#all),* }))
    } else {
        quote! {
            match (#(#required,)*) {
                (#(::core::option::Option::Some(#required),)*) => {
                    ::core::result::Result::Ok(#ty { #(#all),* })
                }
                _ => ::core::result::Result::Err(#rt::incomplete(&#spec)),
            }
        }
    };
    let imp = struct_impl_generic(quote!(<C>), quote!(#builder<C>), spec, fields);
    let build = build_call(fields);
    let doc = docs::attrs(&format!(
        "Builder of [`{name}`]: one setter per parameter; [`build`]({name}Builder::build) checks \
         every documented rule and reports all violations at once, \
         [`build_unchecked`]({name}Builder::build_unchecked) checks only that required \
         parameters are present (for when the documentation is stale).\n\n\
         `C` is the client the request goes to: `()` from [`{name}::builder`] (send the \
         built request with `Client::send`); `Client` from the client's own method, whose \
         `send()` validates and sends.\n\n{}",
        docs::source(&ctx.page.file, 1)
    ));
    let destructure = if all.is_empty() {
        quote!(let Self { __client: _ } = self;)
    } else {
        quote!(let Self { #(#all,)* __client: _ } = self;)
    };
    let response = ident(&format!("{name}Response"));
    let error = ident(&format!("{name}Error"));
    let plan: Vec<(Ident, bool)> = fields.iter().map(|f| (f.ident.clone(), f.secret)).collect();
    let debug_impl = debug_impl(
        quote!(<C: ::core::fmt::Debug>),
        quote!(#builder<C>),
        &builder.to_string(),
        &plan,
        &[ident("__client")],
    );
    let debug = if debug_impl.is_some() {
        TokenStream::new()
    } else {
        quote!(Debug,)
    };
    quote! {
        #doc
        #[derive(#debug Clone, Default)]
        pub struct #builder<C = ()> {
            #(#decls,)*
            __client: C,
        }
        #debug_impl
        #imp
        impl<C> #builder<C> {
            /// A builder with nothing set, for `client`.
            #[doc(hidden)]
            #[inline]
            pub fn __new(client: C) -> Self {
                Self { #(#all: ::core::option::Option::None,)* __client: client }
            }

            #(#setters)*

            /// Checks required parameters and every documented rule, reporting all violations
            /// (each names the wire parameter, rule, value and page line).
            #[inline]
            pub fn build(self) -> ::core::result::Result<#ty, #rt::ValidationErrors> {
                #rt::validate(&self)?;
                self.build_unchecked()
            }

            /// Builds without the documented constraints (ranges, lengths, patterns, value
            /// sets, item counts): only required parameters must be present. Use it when the
            /// documentation is stale and the service accepts what the docs reject.
            #[inline]
            pub fn build_unchecked(self) -> ::core::result::Result<#ty, #rt::ValidationErrors> {
                #rt::validate_required(&self)?;
                #destructure
                #assemble
            }
        }
        impl #builder<#rt::Client> {
            /// This call's own retries, timeouts or endpoint (`ecs_client::ConfigOverride`):
            /// `.customize(|o| o.max_attempts(5))`.
            pub fn customize(
                mut self,
                f: impl ::core::ops::FnOnce(#rt::ConfigOverride) -> #rt::ConfigOverride,
            ) -> Self {
                self.__client = self.__client.with_override(f);
                self
            }

            /// Validates the request (as [`build`](Self::build)) and sends it with the client
            /// it came from. Where the action has a `RegionId`, one left unset takes the
            /// client's configured region (one set here wins; see `ecs_client::region`).
            #[inline]
            pub fn send(
                self,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<#response, #rt::SdkError<#error>>,
            > {
                // The future is `Send` (the runtime's says so, and auto traits show through
                // `impl Future`); stating it here would make every action prove it when the
                // crate compiles.
                let client = ::core::clone::Clone::clone(&self.__client);
                let built = #build;
                #rt::send_owned(client, built)
            }
        }
    }
}
