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
    let mut parts_arms = Vec::new();
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
            #var {
                /// The message the service returned.
                message: ::std::string::String,
                /// The HTTP status the service returned.
                http_status: u16,
            }
        });
        let code = &row.code;
        let message = &row.message;
        let hs = match row.http_status {
            Some(s) => quote!(::core::option::Option::Some(#s)),
            None => quote!(::core::option::Option::None),
        };
        table.push(quote!(#rt::ErrorRowSpec { code: #code, message: #message, http_status: #hs }));
        let index = Literal::usize_unsuffixed(i);
        from_arms.push(quote!(#index => Self::#var { message, http_status }));
        parts_arms.push(
            quote!(Self::#var { message, http_status } => (#index, #code, message, *http_status)),
        );
        names.push(var.to_string());
    }
    let mut common_decls = Vec::new();
    for (k, (base, _class, doc)) in COMMON.iter().enumerate() {
        let var = ident(&variants.unique(base));
        let doc = docs::attrs(doc);
        common_decls.push(quote! {
            #doc
            #var {
                /// The code the service returned.
                code: ::std::string::String,
                /// The message the service returned.
                message: ::std::string::String,
                /// The HTTP status the service returned.
                http_status: u16,
            }
        });
        let index = Literal::usize_unsuffixed(rows.len() + k);
        from_arms.push(quote!(#index => Self::#var { code, message, http_status }));
        parts_arms.push(quote!(Self::#var { code, message, http_status } => (#index, code, message, *http_status)));
        names.push(var.to_string());
    }
    let unknown = Literal::usize_unsuffixed(rows.len() + COMMON.len());
    parts_arms.push(quote!(Self::Unknown { code, message, http_status } => (#unknown, code, message, *http_status)));
    names.push("Unknown".to_string());
    let code_shown = if rows.is_empty() {
        quote!(::core::option::Option::Some(code))
    } else {
        let documented = Literal::usize_unsuffixed(rows.len());
        quote!((index >= #documented).then_some(code))
    };
    let doc = docs::attrs(&format!(
        "Errors of [`{0}`]: one variant per row of the page's error table (rows sharing a code \
         are told apart by message), the common ECS errors, and `Unknown` for anything else. \
         Build one with [`{name}::from_parts`].\n\n{1}",
        ctx.name,
        docs::source(&ctx.page.file, 1)
    ));
    let errors_const = ident("ERRORS");
    quote! {
        #doc
        #[non_exhaustive]
        pub enum #ty {
            #(#decls,)*
            #(#common_decls,)*
            /// An error the page does not document.
            Unknown {
                /// The code the service returned.
                code: ::std::string::String,
                /// The message the service returned.
                message: ::std::string::String,
                /// The HTTP status the service returned.
                http_status: u16,
            },
        }
        impl #ty {
            /// The page's error table (code, message, HTTP status), in page order.
            pub const #errors_const: &'static [#rt::ErrorRowSpec] = &[#(#table),*];
            const __VARIANTS: &'static [&'static str] = &[#(#names),*];

            /// Maps a returned error to its variant: documented code (told apart by message
            /// when the code repeats; the code's first row otherwise), then the common ECS
            /// errors, then `Unknown`.
            pub fn from_parts(
                http_status: u16,
                code: impl ::core::convert::Into<::std::string::String>,
                message: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                let code: ::std::string::String = code.into();
                let message: ::std::string::String = message.into();
                let index = #rt::error_index(Self::#errors_const, &code, &message);
                Self::__from_index(index, code, message, http_status)
            }

            /// The variant at `index` (documented rows, then the common errors, then `Unknown`).
            #[inline]
            fn __from_index(
                index: usize,
                code: ::std::string::String,
                message: ::std::string::String,
                http_status: u16,
            ) -> Self {
                match index {
                    #(#from_arms,)*
                    _ => Self::Unknown { code, message, http_status },
                }
            }

            /// (variant index, code, message, HTTP status).
            #[inline]
            fn __parts(&self) -> (usize, &str, &str, u16) {
                match self {
                    #(#parts_arms,)*
                }
            }

            /// The error code.
            #[inline]
            pub fn code(&self) -> &str {
                self.__parts().1
            }

            /// The message the service returned.
            #[inline]
            pub fn message(&self) -> &str {
                self.__parts().2
            }

            /// The HTTP status the service returned.
            #[inline]
            pub fn http_status(&self) -> u16 {
                self.__parts().3
            }

            /// Whether retrying may succeed (throttling, server faults, 5xx).
            #[inline]
            pub fn is_retryable(&self) -> bool {
                #rt::is_retryable(self.code(), self.http_status())
            }
        }
        impl ::core::fmt::Debug for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let (index, code, message, http_status) = self.__parts();
                let name = Self::__VARIANTS.get(index).copied().unwrap_or("Unknown");
                #rt::fmt_error_debug(f, name, #code_shown, message, http_status)
            }
        }
        impl ::core::clone::Clone for #ty {
            #[inline]
            fn clone(&self) -> Self {
                let (index, code, message, http_status) = self.__parts();
                Self::__from_index(index, code.into(), message.into(), http_status)
            }
        }
        impl ::core::cmp::PartialEq for #ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.__parts() == other.__parts()
            }
        }
        impl ::core::cmp::Eq for #ty {}
        impl ::core::fmt::Display for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}: {} (HTTP {})", self.code(), self.message(), self.http_status())
            }
        }
        impl ::std::error::Error for #ty {}
    }
}
