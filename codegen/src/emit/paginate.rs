//! Pagination of actions whose page documents `PageNumber`/`PageSize` or
//! `NextToken`/`MaxResults`: `impl Paginated` (the paging parameters' wire names), `impl
//! PageItems` when the response has exactly one top-level list, and `into_paginator()` on
//! the client-bound builder. The paging itself is the runtime's `Paginator`.

use super::builder::build_call;
use super::request::FieldPlan;
use super::{ident, rt, Ctx};
use crate::ir::Param;
use proc_macro2::TokenStream;
use quote::quote;

/// How an action pages, by the exact wire names of its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    Pages { number: String, size: String },
    Tokens { token: String, max: String },
}

/// The paging parameters of `params` (tokens win when a page documents both, as the ECS docs
/// recommend them).
pub fn paging(params: &[Param]) -> Option<Paging> {
    let find = |name: &str| {
        params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.name.clone())
    };
    if let (Some(token), Some(max)) = (find("NextToken"), find("MaxResults")) {
        return Some(Paging::Tokens { token, max });
    }
    if let (Some(number), Some(size)) = (find("PageNumber"), find("PageSize")) {
        return Some(Paging::Pages { number, size });
    }
    None
}

pub(crate) fn emit(ctx: &Ctx<'_>, fields: &[FieldPlan]) -> TokenStream {
    let Some(paging) = paging(&ctx.page.params) else {
        return TokenStream::new();
    };
    let rt = rt();
    let build = build_call(fields);
    let ty = ident(&ctx.name);
    let builder = ident(&format!("{}Builder", ctx.name));
    let paging = match paging {
        Paging::Pages { number, size } => {
            quote!(#rt::Paging::Pages { number: #number, size: #size })
        }
        Paging::Tokens { token, max } => {
            quote!(#rt::Paging::Tokens { token: #token, max: #max })
        }
    };
    let (page_len, items) = match ctx.response_lists.as_slice() {
        [(field, item)] => (
            quote! {
                #[inline]
                fn page_len(response: &Self::Response) -> ::core::option::Option<usize> {
                    ::core::option::Option::Some(response.#field.len())
                }
            },
            quote! {
                impl #rt::PageItems for #ty {
                    type Item = #item;
                    #[inline]
                    fn into_items(response: Self::Response) -> ::std::vec::Vec<#item> {
                        response.#field
                    }
                }
            },
        ),
        _ => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        impl #rt::Paginated for #ty {
            const PAGING: #rt::Paging = #paging;
            #page_len
        }
        #items
        impl #builder<#rt::Client> {
            /// Every page of the call, as a `Stream` (validation errors come out as its one
            /// item); see the runtime's `Paginator` for when it stops.
            #[inline]
            pub fn into_paginator(self) -> #rt::Paginator<#ty> {
                let client = ::core::clone::Clone::clone(&self.__client);
                let built = #build;
                #rt::Paginator::new(client, built)
            }
        }
    }
}
