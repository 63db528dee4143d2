//! `XError`: one variant per documented error row, the common ECS errors, and `Unknown`;
//! matching a returned (code, message) to a variant is the runtime's `match_row`.

use super::{docs, ident, rt, Ctx, TypeScope};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The common errors every action can return: (variant base name, runtime class, doc).
const COMMON: &[(&str, &str, &str)] = &[
    (
        "Throttled",
        "Throttling",
        "Flow control (`Throttling`, `Throttling.User`, `Throttling.Api`, ...): retry later.",
    ),
    (
        "BadSignature",
        "Signature",
        "The request signature, timestamp or nonce was rejected (`SignatureDoesNotMatch`, \
         `IncompleteSignature`, `SignatureNonceUsed`, ...).",
    ),
    (
        "ServerError",
        "Internal",
        "A server-side fault (`InternalError`, `UnknownError`): retryable.",
    ),
    (
        "Unavailable",
        "Unavailable",
        "The service is unavailable (`ServiceUnavailable`, ...): retryable.",
    ),
];

pub(crate) fn emit(ctx: &mut Ctx<'_>) -> TokenStream {
    let rt = rt();
    let name = format!("{}Error", ctx.name);
    let ty = ident(&name);
    let rows = ctx.page.errors.clone();
    let mut variants = TypeScope::default();
    variants.reserve("Unknown");
    let mut decls = Vec::new();
    let mut table = Vec::new();
    let mut from_arms = Vec::new();
    let mut index_arms = Vec::new();
    let mut vars = Vec::new();
    let mut names = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let base = if row.variant.trim().is_empty() {
            &row.code
        } else {
            &row.variant
        };
        let var = ident(&variants.unique(base));
        let mut text = String::new();
        let d = docs::escape(&row.description);
        if !d.trim().is_empty() {
            text.push_str(d.trim_end());
            text.push_str("\n\n");
        }
        let status = row
            .http_status
            .map_or_else(|| "unstated".to_string(), |s| s.to_string());
        text.push_str(&format!(
            "- Code: {}\n- HTTP status: {status}\n- Message: {}\n\n{}",
            docs::code(&row.code),
            docs::code(&row.message),
            docs::source(&ctx.page.file, row.line)
        ));
        let doc = docs::attrs(&text);
        decls.push(quote! {
            #doc
            #var(#rt::ErrorMeta)
        });
        let code = &row.code;
        let message = &row.message;
        let hs = match row.http_status {
            Some(s) => quote!(::core::option::Option::Some(#s)),
            None => quote!(::core::option::Option::None),
        };
        let retryable = row.retryable;
        table.push(quote!(#rt::ErrorRowSpec { code: #code, message: #message, http_status: #hs, retryable: #retryable }));
        let index = Literal::usize_unsuffixed(i);
        from_arms.push(quote!(#index => Self::#var(meta)));
        index_arms.push(quote!(Self::#var(_) => #index));
        vars.push(var.clone());
        names.push(var.to_string());
    }
    for (k, (base, _class, doc)) in COMMON.iter().enumerate() {
        let var = ident(&variants.unique(base));
        let doc = docs::attrs(doc);
        decls.push(quote! {
            #doc
            #var(#rt::ErrorMeta)
        });
        let index = Literal::usize_unsuffixed(rows.len() + k);
        from_arms.push(quote!(#index => Self::#var(meta)));
        index_arms.push(quote!(Self::#var(_) => #index));
        vars.push(var.clone());
        names.push(var.to_string());
    }
    let unknown = Literal::usize_unsuffixed(rows.len() + COMMON.len());
    index_arms.push(quote!(Self::Unknown(_) => #unknown));
    names.push("Unknown".to_string());
    let doc = docs::attrs(&format!(
        "Errors of [`{0}`]: one variant per row of the page's error table (rows sharing a code \
         are told apart by message), the common ECS errors, and `Unknown` for anything else. \
         Build one with `ecs_client::ActionError::from_parts`; it dereferences to its \
         `ErrorMeta` (`e.code()`, `e.request_id()`, `e.is_retryable()`).\n\n{1}",
        ctx.name,
        docs::source(&ctx.page.file, 1)
    ));
    let errors_const = ident("ERRORS");
    quote! {
        #doc
        #[non_exhaustive]
        pub enum #ty {
            #(#decls,)*
            /// An error the page does not document.
            Unknown(#rt::ErrorMeta),
        }
        impl #ty {
            /// The page's error table (code, message, HTTP status), in page order.
            pub const #errors_const: &'static [#rt::ErrorRowSpec] = &[#(#table),*];
            const __VARIANTS: &'static [&'static str] = &[#(#names),*];

            /// The variant at `index` (documented rows, then the common errors, then `Unknown`).
            #[inline]
            fn __from_index(index: usize, meta: #rt::ErrorMeta) -> Self {
                match index {
                    #(#from_arms,)*
                    _ => Self::Unknown(meta),
                }
            }

        }
        impl ::core::ops::Deref for #ty {
            type Target = #rt::ErrorMeta;
            #[inline]
            fn deref(&self) -> &#rt::ErrorMeta {
                #rt::ActionError::meta(self)
            }
        }
        impl #rt::ActionError for #ty {
            #[inline]
            fn from_meta(mut meta: #rt::ErrorMeta) -> Self {
                let index = #rt::classify(Self::#errors_const, &mut meta);
                Self::__from_index(index, meta)
            }
            #[inline]
            fn meta(&self) -> &#rt::ErrorMeta {
                match self {
                    #(Self::#vars(m))|* | Self::Unknown(m) => m,
                }
            }
            #[inline]
            fn variant_index(&self) -> usize {
                match self {
                    #(#index_arms,)*
                }
            }
        }
        impl ::core::fmt::Debug for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let index = #rt::ActionError::variant_index(self);
                #rt::fmt_error_debug(f, Self::__VARIANTS, index, self)
            }
        }
        impl ::core::clone::Clone for #ty {
            #[inline]
            fn clone(&self) -> Self {
                Self::__from_index(
                    #rt::ActionError::variant_index(self),
                    #rt::ErrorMeta::clone(self),
                )
            }
        }
        impl ::core::cmp::PartialEq for #ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                #rt::ActionError::variant_index(self) == #rt::ActionError::variant_index(other)
                    && **self == **other
            }
        }
        impl ::core::cmp::Eq for #ty {}
        impl ::core::fmt::Display for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&**self, f)
            }
        }
        impl ::std::error::Error for #ty {}
    }
}
