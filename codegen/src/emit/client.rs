//! The `Client` methods of a crate's own actions (`client.create_auto_snapshot_policy()`),
//! each a one-line constructor of the action's builder bound to the client: the setters are
//! the builder's own, not a second copy. Only the crate that defines `Client` (`ecs-client`)
//! can add inherent methods to it, so `ecs_actions!` emits these on request; a crate written
//! by `generate --crate` gets them on its own `Client`, a newtype of `ecs_client::Client`
//! ([`methods_for`]).

use super::{ident, rt};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// Names `Client` already uses.
const RESERVED: &[&str] = &[
    "new",
    "from_env",
    "config",
    "send",
    "paginate",
    "wait_for",
    "clone",
    "fmt",
    "with_override",
];

/// `impl Client { pub fn x(&self) -> x::XBuilder<Client> { .. } }` for each (module, type name).
pub fn methods(actions: &[(String, String)]) -> TokenStream {
    let rt = rt();
    methods_for(&quote!(#rt::Client), &quote!(self), actions)
}

/// The same methods on `self_ty`, each handing the builder a clone of `inner` (an expression
/// of type `&ecs_client::Client`: `self` for the runtime's own type, `&self.0` for a newtype).
pub fn methods_for(
    self_ty: &TokenStream,
    inner: &TokenStream,
    actions: &[(String, String)],
) -> TokenStream {
    let rt = rt();
    let mut scope = names::Scope::default();
    for r in RESERVED {
        scope.unique((*r).to_string());
    }
    let methods = actions.iter().map(|(module, name)| {
        let method = ident(&scope.unique(names::snake(name)));
        let m = ident(module);
        let builder = ident(&format!("{name}Builder"));
        let doc = format!(
            " A [`{name}`]({module}::{name}) request bound to this client: set its parameters, \
             then `.send().await`."
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> #m::#builder<#rt::Client> {
                #m::#builder::__new(::core::clone::Clone::clone(#inner))
            }
        }
    });
    quote! {
        impl #self_ty {
            #(#methods)*
        }
    }
}
