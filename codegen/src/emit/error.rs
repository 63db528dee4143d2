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
    let mut code_arms = Vec::new();
    let mut all = Vec::new();
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
        from_arms.push(quote! {
            ::core::option::Option::Some(#index) => Self::#var { message, http_status }
        });
        code_arms.push(quote!(Self::#var { .. } => #code));
        all.push(var);
    }
    let mut common_decls = Vec::new();
    let mut common_arms = Vec::new();
    let mut common_vars = Vec::new();
    for (base, class, doc) in COMMON {
        let var = ident(&variants.unique(base));
        let class = ident(class);
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
        common_arms.push(quote! {
            ::core::option::Option::Some(#rt::Common::#class) => Self::#var { code, message, http_status }
        });
        common_vars.push(var);
    }
    let doc = docs::attrs(&format!(
        "Errors of [`{0}`]: one variant per row of the page's error table (rows sharing a code \
         are told apart by message), the common ECS errors, and `Unknown` for anything else. \
         Build one with [`{name}::from_parts`].\n\n{1}",
        ctx.name,
        docs::source(&ctx.page.file, 1)
    ));
    let errors_const = ident("ERRORS");
    let row_match = if rows.is_empty() {
        quote!(match ::core::option::Option::<usize>::None)
    } else {
        quote!(match #rt::match_row(Self::#errors_const, &code, &message))
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
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
                #row_match {
                    #(#from_arms,)*
                    _ => match #rt::common_kind(&code) {
                        #(#common_arms,)*
                        ::core::option::Option::None => Self::Unknown { code, message, http_status },
                    },
                }
            }

            /// The error code.
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms,)*
                    #(Self::#common_vars { code, .. } |)* Self::Unknown { code, .. } => code,
                }
            }

            /// The message the service returned.
            pub fn message(&self) -> &str {
                match self {
                    #(Self::#all { message, .. } |)*
                    #(Self::#common_vars { message, .. } |)* Self::Unknown { message, .. } => message,
                }
            }

            /// The HTTP status the service returned.
            pub fn http_status(&self) -> u16 {
                match self {
                    #(Self::#all { http_status, .. } |)*
                    #(Self::#common_vars { http_status, .. } |)* Self::Unknown { http_status, .. } => *http_status,
                }
            }

            /// Whether retrying may succeed (throttling, server faults, 5xx).
            pub fn is_retryable(&self) -> bool {
                #rt::is_retryable(self.code(), self.http_status())
            }
        }
        impl ::core::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}: {} (HTTP {})", self.code(), self.message(), self.http_status())
            }
        }
        impl ::std::error::Error for #ty {}
    }
}
