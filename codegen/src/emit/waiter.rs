//! Waiters of a describe page ([`crate::lifecycle::waiters`]): a trait `XWaiters` on the
//! runtime's `Client` with one `wait_until_<name>()` per waiter, each returning the describe's
//! own builder with a `Waiting` in its client slot (so the setters are the describe's), and
//! on that builder `.wait(max_wait)`, `.min_delay(..)`, `.max_delay(..)`, `.time_source(..)`,
//! `.sleep_impl(..)`, each one line into the runtime's `Waiting`. A trait because a user
//! crate's `#[ecs_action]` cannot add inherent methods to `ecs_client::Client`; it is
//! re-exported beside the module. The waiter itself (acceptor, backoff) is runtime code; per
//! waiter only a static `StatusWaiter` table is emitted.

use super::{docs, ident, rt, Ctx};
use crate::ir::Page;
use crate::lifecycle::{self, WaiterSpec};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Methods the waiting builder adds; a page with a parameter of one of these names would
/// clash with its own setter, and gets no waiters.
const METHODS: &[&str] = &[
    "wait",
    "min_delay",
    "max_delay",
    "time_source",
    "sleep_impl",
];

/// The waiters emitted for `page`: its [`lifecycle::waiters`], unless a parameter's setter
/// would clash with the waiting builder's methods.
pub fn specs(page: &Page) -> Vec<WaiterSpec> {
    if page
        .params
        .iter()
        .any(|p| METHODS.contains(&p.rust_name.as_str()))
    {
        return Vec::new();
    }
    lifecycle::waiters(page)
}

/// The name of the waiters trait of request type `name`.
pub fn trait_name(name: &str) -> String {
    format!("{name}Waiters")
}

fn strs(values: &[String]) -> TokenStream {
    quote!(&[#(#values),*])
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| docs::code(v))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn emit(ctx: &Ctx<'_>) -> TokenStream {
    let specs = specs(ctx.page);
    if specs.is_empty() {
        return TokenStream::new();
    }
    let rt = rt();
    let name = &ctx.name;
    let builder = ident(&format!("{name}Builder"));
    let response = ident(&format!("{name}Response"));
    let error = ident(&format!("{name}Error"));
    let waiters = ident(&trait_name(name));
    let waiting = quote!(#builder<#rt::Waiting>);
    let methods: Vec<(Ident, TokenStream, TokenStream)> = specs
        .iter()
        .map(|w| {
            let method = ident(&format!("wait_until_{}", w.name));
            let describe = if w.action == *name {
                format!("[`{name}`]")
            } else {
                format!("[`{}`]({name})", w.action)
            };
            let mut text = format!(
                "Waits until every `{item}` that {describe} lists has {status} {target}: \
                 set the describe's parameters, then `.wait(max_wait)`.",
                item = w.item,
                status = docs::code(&w.status),
                target = docs::code(&w.target),
            );
            if !w.retry.is_empty() {
                text.push_str(&format!("\n\nPolls again while {}.", list(&w.retry)));
            }
            if !w.failure.is_empty() {
                text.push_str(&format!(
                    " Fails on {} unless the wait starts there.",
                    list(&w.failure)
                ));
            }
            text.push_str(" An empty list is `NotFound` at once.\n\n");
            text.push_str(&docs::source(&ctx.page.file, w.line));
            let doc = docs::attrs(&text);
            let (wire_name, status, target) = (&w.name, &w.status, &w.target);
            let (path, retry, failure) = (strs(&w.list), strs(&w.retry), strs(&w.failure));
            let wrapper = match &w.wrapper {
                Some(x) => quote!(::core::option::Option::Some(#x)),
                None => quote!(::core::option::Option::None),
            };
            let decl = quote! {
                #doc
                fn #method(&self) -> #waiting;
            };
            let body = quote! {
                #[inline]
                fn #method(&self) -> #waiting {
                    static SPEC: #rt::StatusWaiter = #rt::StatusWaiter {
                        name: #wire_name,
                        list: #path,
                        wrapper: #wrapper,
                        status: #status,
                        target: #target,
                        retry: #retry,
                        failure: #failure,
                    };
                    #builder::__new(#rt::Waiting::new(::core::clone::Clone::clone(self), &SPEC))
                }
            };
            (method, decl, body)
        })
        .collect();
    let decls = methods.iter().map(|m| &m.1);
    let bodies = methods.iter().map(|m| &m.2);
    let trait_doc = docs::attrs(&format!(
        "Waiters of [`{name}`]: `client.{}()`{}. Bring this trait into scope to call them.",
        methods[0].0,
        if methods.len() > 1 {
            " and the others"
        } else {
            ""
        }
    ));
    let duration = quote!(::core::time::Duration);
    quote! {
        #trait_doc
        pub trait #waiters {
            #(#decls)*
        }
        impl #waiters for #rt::Client {
            #(#bodies)*
        }
        impl #waiting {
            /// Polls the describe until the waiter's state, a failure state, an empty list,
            /// an error, or `max_wait`.
            #[inline]
            pub fn wait(
                self,
                max_wait: #duration,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<#response, #rt::WaiterError<#response, #error>>,
            > {
                let waiting = ::core::clone::Clone::clone(&self.__client);
                waiting.wait(self.build(), max_wait)
            }
            /// The shortest delay between polls (default 2 s).
            #[inline]
            pub fn min_delay(mut self, delay: #duration) -> Self {
                self.__client = self.__client.options(|o| o.min_delay(delay));
                self
            }
            /// The longest delay between polls (default 120 s).
            #[inline]
            pub fn max_delay(mut self, delay: #duration) -> Self {
                self.__client = self.__client.options(|o| o.max_delay(delay));
                self
            }
            /// The clock that measures the wait (tests: `ecs_client::ManualClock`).
            #[inline]
            pub fn time_source(mut self, time: impl #rt::TimeSource + 'static) -> Self {
                self.__client = self.__client.options(|o| o.time_source(time));
                self
            }
            /// How to sleep between polls (tests: `ecs_client::ManualClock`).
            #[inline]
            pub fn sleep_impl(mut self, sleep: impl #rt::Sleep + 'static) -> Self {
                self.__client = self.__client.options(|o| o.sleep_impl(sleep));
                self
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{emit_action, Options, TypeScope};

    fn gadgets() -> Page {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/pages/DescribeGadgets.md"
        );
        let text = std::fs::read_to_string(path).expect("tests/pages/DescribeGadgets.md");
        crate::read::parse_page("tests/pages/DescribeGadgets.md", &text)
    }

    fn ctx(page: &Page) -> Ctx<'_> {
        Ctx::new(page, "DescribeGadgets".into(), TypeScope::default())
    }

    #[test]
    fn the_waiters_of_a_describe_page() {
        let page = gadgets();
        assert_eq!(page.errors_count(), 0, "{:#?}", page.diagnostics);
        let tokens = emit(&ctx(&page));
        let file: syn::File = syn::parse2(tokens).expect("the waiters parse as Rust");
        insta::assert_snapshot!("describe_gadgets_waiters", prettyplease::unparse(&file));
    }

    #[test]
    fn the_trait_is_re_exported_beside_the_module() {
        let page = gadgets();
        let code = emit_action(&page, &Options::default())
            .expect("emits")
            .to_string();
        assert!(
            code.contains("DescribeGadgetsError , DescribeGadgetsWaiters }"),
            "{code}"
        );
    }

    #[test]
    fn no_waiters_without_a_status_set_or_when_a_setter_would_clash() {
        let mut page = gadgets();
        assert_eq!(specs(&page).len(), 2);
        let mut clash = page.params[0].clone();
        clash.name = "Wait".into();
        clash.rust_name = "wait".into();
        page.params.push(clash);
        assert!(specs(&page).is_empty());
        assert!(emit(&ctx(&page)).is_empty());
        let seed = crate::emit::tests::seed();
        assert!(emit(&ctx(&seed)).is_empty());
    }
}
