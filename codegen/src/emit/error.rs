//! `XError`: one variant per documented error code (named by [`crate::error_codes`], so the
//! same code is the same variant in every action), the common ECS errors, and `Unknown`.
//! Matching a returned (code, message) to its row, and so to its variant, is the runtime's
//! `classify`; everything that can be generic (the error classes, `Debug`, equality) is
//! runtime code reached through `Deref` to `ErrorMeta` and the `ActionError` trait.

use super::{docs, ident, rt, Ctx};
use crate::error_codes::{common_index, variant_name, COMMON_VARIANTS};
use crate::ir::ErrorRow;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The documented variants of a page's error table: (variant name, indices of its rows), in
/// the order of their first row; rows of a common code are left to the common variants.
pub(crate) fn documented_variants(rows: &[ErrorRow]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let name = if row.variant.trim().is_empty() {
            variant_name(&row.code)
        } else {
            row.variant.clone()
        };
        if common_index(&name).is_some() {
            continue;
        }
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, idxs)) => idxs.push(i),
            None => out.push((name, vec![i])),
        }
    }
    out
}

/// The rustdoc of a documented variant: its row, or every row of its code.
fn variant_doc(file: &str, rows: &[&ErrorRow]) -> String {
    let status = |r: &ErrorRow| {
        r.http_status
            .map_or_else(|| "unstated".to_string(), |s| s.to_string())
    };
    let mut text = String::new();
    if let [row] = rows {
        let d = docs::escape(&row.description);
        if !d.trim().is_empty() {
            text.push_str(d.trim_end());
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "- Code: {}\n- HTTP status: {}\n- Message: {}\n\n{}",
            docs::code(&row.code),
            status(row),
            docs::code(&row.message),
            docs::source(file, row.line)
        ));
        return text;
    }
    let mut codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    codes.dedup();
    let codes: Vec<String> = codes.iter().map(|c| docs::code(c)).collect();
    text.push_str(&format!(
        "Code {}: {} documented rows, told apart by message; `ErrorMeta::row` names the one \
         that matched.\n\n",
        codes.join(", "),
        rows.len()
    ));
    for row in rows {
        let d = docs::escape(&row.description.replace('\n', " "));
        let d = d.trim();
        text.push_str(&format!(
            "- HTTP {}, {}{}{} (line {})\n",
            status(row),
            docs::code(&row.message),
            if d.is_empty() { "" } else { ": " },
            d,
            row.line
        ));
    }
    text.push('\n');
    text.push_str(&docs::source(file, rows[0].line));
    text
}

pub(crate) fn emit(ctx: &mut Ctx<'_>) -> TokenStream {
    let rt = rt();
    let name = format!("{}Error", ctx.name);
    let ty = ident(&name);
    let rows = &ctx.page.errors;
    let groups = documented_variants(rows);
    let documented = groups.len();
    let mut row_variant = vec![0usize; rows.len()];
    let mut decls = Vec::new();
    let mut from_arms = Vec::new();
    let mut index_arms = Vec::new();
    let mut vars = Vec::new();
    let mut names = Vec::new();
    let mut push = |index: usize, var: &str, doc: TokenStream| {
        let var_ident = ident(var);
        decls.push(quote! {
            #doc
            #var_ident(#rt::ErrorMeta)
        });
        let index = Literal::usize_unsuffixed(index);
        from_arms.push(quote!(#index => Self::#var_ident(meta)));
        index_arms.push(quote!(Self::#var_ident(_) => #index));
        vars.push(var_ident);
        names.push(var.to_string());
    };
    for (k, (var, idxs)) in groups.iter().enumerate() {
        let members: Vec<&ErrorRow> = idxs.iter().map(|&i| &rows[i]).collect();
        for &i in idxs {
            row_variant[i] = k;
        }
        push(k, var, docs::attrs(&variant_doc(&ctx.page.file, &members)));
    }
    for (k, (var, doc)) in COMMON_VARIANTS.iter().enumerate() {
        let mut text = doc.to_string();
        let documented_here: Vec<&str> = rows
            .iter()
            .filter(|r| variant_name(&r.code) == *var)
            .map(|r| r.code.as_str())
            .collect();
        if !documented_here.is_empty() {
            let mut codes: Vec<String> = documented_here.iter().map(|c| docs::code(c)).collect();
            codes.dedup();
            text.push_str(&format!(
                " The page documents {}; `ErrorMeta::row` names the row that matched.",
                codes.join(", ")
            ));
        }
        push(documented + k, var, docs::attrs(&text));
    }
    for (i, row) in rows.iter().enumerate() {
        if let Some(k) = common_index(&variant_name(&row.code)) {
            row_variant[i] = documented + k;
        }
    }
    let table = rows.iter().zip(&row_variant).map(|(row, &variant)| {
        let code = &row.code;
        let message = &row.message;
        let description = row.description.trim();
        let hs = match row.http_status {
            Some(s) => quote!(::core::option::Option::Some(#s)),
            None => quote!(::core::option::Option::None),
        };
        let retryable = row.retryable;
        let variant = Literal::usize_unsuffixed(variant);
        quote!(#rt::ErrorRowSpec {
            code: #code,
            message: #message,
            description: #description,
            http_status: #hs,
            retryable: #retryable,
            variant: #variant,
        })
    });
    let table: Vec<TokenStream> = table.collect();
    let documented_lit = Literal::usize_unsuffixed(documented);
    let unknown = Literal::usize_unsuffixed(documented + COMMON_VARIANTS.len());
    index_arms.push(quote!(Self::Unknown(_) => #unknown));
    names.push("Unknown".to_string());
    let doc = docs::attrs(&format!(
        "Errors of [`{0}`]: one variant per error code of the page (rows sharing a code are \
         one variant; `ErrorMeta::row` names the row that matched), the common ECS errors, and \
         `Unknown` for anything else. Build one with `ecs_client::ActionError::from_parts`; it \
         dereferences to its `ErrorMeta` (`e.code()`, `e.request_id()`, `e.is_not_found()`, \
         `e.is_throttling()`, `e.is_invalid_parameter()`, `e.is_retryable()`).\n\n{1}",
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
            /// The page's error table (code, message, description, HTTP status, variant), in
            /// page order.
            pub const #errors_const: &'static [#rt::ErrorRowSpec] = &[#(#table),*];
            const __VARIANTS: &'static [&'static str] = &[#(#names),*];

            /// The variant at `index` (documented codes, then the common errors, then `Unknown`).
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
                let index = #rt::classify(Self::#errors_const, #documented_lit, &mut meta);
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
