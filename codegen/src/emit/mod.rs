//! The emitter: IR -> `proc_macro2::TokenStream`. Knows nothing of Markdown.
//!
//! Per action page it emits one module (`create_auto_snapshot_policy`) holding the request
//! struct `X`, its builder `XBuilder`, the response `XResponse`, the error enum `XError` and
//! every nested type, and re-exports the four main types next to the module. Behaviour lives
//! in the `ecs-client` runtime: the generated code is data (field lists and constraint tables)
//! plus thin trait impls that hand the runtime a view of the values, always through
//! `::ecs_client::__private`.
//!
//! Compile cost (measured in /work/notes/build-cost.md) shapes the output: no serde derives
//! (responses get a `FromMap` impl with one `de::field` call per field), error enums go through
//! one `__parts` and one `__from_index` match, and every non-generic generated function is
//! `#[inline]`, so a debug build of the client crate codegens nothing until a user calls it.
//!
//! One fragment per file: [`request`] (struct, nested types, spec tables), [`enums`] (value
//! sets, request and response alike), [`builder`], [`validate`] (constraint tables),
//! [`response`], [`error`], [`paginate`], [`client`] (the `Client` methods), [`waiter`] (a
//! describe page's waiters), [`docs`]; [`types`] moves the nested types several pages define
//! alike into one `types` module when pages are emitted together; [`krate`] lays the output
//! out as a standalone crate (`generate --crate`).

pub mod builder;
pub mod client;
pub mod docs;
pub mod enums;
pub mod error;
pub mod krate;
pub mod paginate;
pub mod render;
pub mod request;
pub mod response;
pub mod types;
pub mod validate;
pub mod waiter;

use crate::ir::{Diagnostic, Page, PageKind, Severity};
use crate::names;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::HashSet;

/// How one action is emitted.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Name of the request type; the page's action when `None` (the attribute passes the
    /// user's struct name).
    pub type_name: Option<String>,
    /// Visibility of the emitted module and re-exports (`pub` when `None`).
    pub vis: Option<TokenStream>,
    /// Extra attributes for the request struct (the attribute forwards the user's).
    pub attrs: Option<TokenStream>,
}

/// Path of the runtime module the generated code calls.
pub(crate) fn rt() -> TokenStream {
    quote!(::ecs_client::__private)
}

/// An identifier from any text: never panics, always a valid non-keyword identifier.
pub fn ident(s: &str) -> Ident {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) || out == "_" {
        out.insert(0, '_');
    }
    if syn::parse_str::<Ident>(&out).is_err() {
        // A keyword.
        out.push('_');
    }
    Ident::new(&out, Span::call_site())
}

/// UpperCamel type or variant names unique within one scope (`Tag`, `Tag2`).
#[derive(Debug, Default)]
pub struct TypeScope {
    taken: HashSet<String>,
}

impl TypeScope {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }
    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
    /// `base` made an ASCII UpperCamel identifier and unique.
    pub fn unique(&mut self, base: &str) -> String {
        let mut camel = names::camel(base);
        if camel.is_empty() || !camel.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            camel = camel
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
                camel.insert(0, 'V');
            }
        }
        if self.taken.insert(camel.clone()) {
            return camel;
        }
        let mut n = 2;
        loop {
            let c = format!("{camel}{n}");
            if self.taken.insert(c.clone()) {
                return c;
            }
            n += 1;
        }
    }
}

/// Everything known while emitting one action.
pub(crate) struct Ctx<'a> {
    pub page: &'a Page,
    /// The request type name (`X`).
    pub name: String,
    pub types: TypeScope,
    /// Nested types of the module (structs and enums, each with its spec table and impls).
    pub items: Vec<Nested>,
    /// The value-set enums emitted so far, for reuse by another field with the same values.
    pub enums: Vec<enums::Emitted>,
    pub diags: Vec<Diagnostic>,
    /// Top-level lists of the response: (field, item type), for pagination.
    pub response_lists: Vec<(Ident, TokenStream)>,
    /// The request's `from_params` and `FromParam` impl (nested types carry their own in
    /// [`Nested::replay`]): laid out behind the `from-params` gate by [`gate`].
    pub replay: Vec<TokenStream>,
}

/// One nested type of an action's module (a request or response struct, a value-set enum)
/// with what [`types`] needs to tell whether another action's type of the name is the same.
pub(crate) struct Nested {
    pub name: String,
    /// The wire shape and rules, without docs or page lines: two types of one name and one
    /// key (and the same keys for the types they use) are one type.
    pub key: String,
    /// The rustdoc text (links to the action's types are relative: `super::X`).
    pub doc: String,
    /// The item and its impls, without the doc.
    pub body: TokenStream,
    /// Its `FromParam` impl (request types and value sets), which goes behind the
    /// `from-params` gate of whichever module holds the type.
    pub replay: TokenStream,
}

impl Nested {
    /// The item as its own module holds it.
    pub fn local(&self) -> TokenStream {
        let doc = docs::attrs(&self.doc);
        let body = &self.body;
        quote!(#doc #body)
    }
}

impl<'a> Ctx<'a> {
    /// The context of emitting `page` with request type `name` (whose main type names are
    /// reserved by the caller in `types`).
    pub fn new(page: &'a Page, name: String, types: TypeScope) -> Ctx<'a> {
        Ctx {
            page,
            name,
            types,
            items: Vec::new(),
            enums: Vec::new(),
            diags: Vec::new(),
            response_lists: Vec::new(),
            replay: Vec::new(),
        }
    }

    pub fn warn(&mut self, line: u32, kind: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(line, kind, message));
    }
}

/// Problems that stop a page from being emitted: its error diagnostics, or not being an
/// action page.
pub fn blocking_diagnostics(page: &Page) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = page
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if page.kind != PageKind::Action {
        let why = page
            .skip_reason
            .as_deref()
            .unwrap_or("no request parameter table");
        out.insert(
            0,
            Diagnostic::error(
                1,
                "not-an-action",
                format!("not an action page ({}): {why}", page.kind.as_str()),
            ),
        );
    } else if !matches!(page.action.as_deref(), Some(a) if !a.trim().is_empty()) {
        out.insert(
            0,
            Diagnostic::error(1, "no-action-name", "the page names no action"),
        );
    }
    out
}

/// The items of one action's module and the module's name, or the blocking diagnostics.
/// The module name is `snake(type name)`; warnings found while emitting are returned too.
pub fn action_module(
    page: &Page,
    opts: &Options,
) -> Result<(String, String, TokenStream, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parts = action_parts(page, opts)?;
    let mut tokens = parts.main;
    tokens.extend(parts.nested.iter().map(Nested::local));
    tokens.extend(gate(
        parts
            .replay
            .into_iter()
            .chain(parts.nested.iter().map(|n| n.replay.clone())),
    ));
    Ok((parts.module, parts.name, tokens, parts.diags))
}

/// `X::from_params` and the `FromParam` impls of one module, in one invocation of the
/// runtime's gate macro, which keeps them only when `ecs-client`'s `from-params` feature is
/// on. Replaying a logged request is rare and these impls were about a sixth of a generated
/// client's build time; one gate per module (not per type) keeps the gate itself cheap.
pub(crate) fn gate(items: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let items: Vec<TokenStream> = items.into_iter().filter(|t| !t.is_empty()).collect();
    if items.is_empty() {
        return TokenStream::new();
    }
    let rt = rt();
    quote! {
        #rt::from_params_gate! {
            #(#items)*
        }
    }
}

/// One action's module before it is laid out: its own items and its nested types apart, so
/// that [`types`] can move the ones several actions share.
pub(crate) struct ActionParts {
    pub module: String,
    pub name: String,
    /// The request, builder, response, error, paging and waiter items.
    pub main: TokenStream,
    /// The request's items for the `from-params` gate ([`Ctx::replay`]).
    pub replay: Vec<TokenStream>,
    pub nested: Vec<Nested>,
    pub diags: Vec<Diagnostic>,
}

fn action_parts(page: &Page, opts: &Options) -> Result<ActionParts, Vec<Diagnostic>> {
    let blocking = blocking_diagnostics(page);
    if !blocking.is_empty() {
        return Err(blocking);
    }
    let action = page.action.clone().unwrap_or_default();
    let name = match &opts.type_name {
        Some(n) => n.clone(),
        None => TypeScope::default().unique(&action),
    };
    let mut types = TypeScope::default();
    for suffix in ["", "Builder", "Response", "Error", "Waiters"] {
        types.reserve(&format!("{name}{suffix}"));
    }
    let mut ctx = Ctx::new(page, name.clone(), types);
    let (request, fields, spec) = request::emit(&mut ctx, opts.attrs.clone().unwrap_or_default());
    let builder = builder::emit(&mut ctx, &fields, &spec);
    let response = response::emit(&mut ctx);
    let error = error::emit(&mut ctx);
    let paging = paginate::emit(&ctx, &fields);
    let waiters = waiter::emit(&ctx);
    let main = quote! {
        #request
        #builder
        #response
        #error
        #paging
        #waiters
    };
    Ok(ActionParts {
        module: names::snake(&name),
        name,
        main,
        replay: ctx.replay,
        nested: ctx.items,
        diags: ctx.diags,
    })
}

/// One action, as the attribute emits it: the module plus re-exports of `X`, `XBuilder`,
/// `XResponse`, `XError`.
pub fn emit_action(page: &Page, opts: &Options) -> Result<TokenStream, Vec<Diagnostic>> {
    let (module, name, items, _warnings) = action_module(page, opts)?;
    let vis = opts.vis.clone().unwrap_or_else(|| quote!(pub));
    Ok(wrap(page, &module, &name, items, &vis, true))
}

fn wrap(
    page: &Page,
    module: &str,
    name: &str,
    items: TokenStream,
    vis: &TokenStream,
    reexport: bool,
) -> TokenStream {
    let m = ident(module);
    let doc = docs::attrs(&format!(
        "Types of the `{}` action (request, builder, response, errors, nested types).\n\n{}",
        page.action.as_deref().unwrap_or(name),
        docs::source(&page.file, 1)
    ));
    let reexports = if reexport {
        let waiters = (!waiter::specs(page).is_empty()).then(|| waiter::trait_name(name));
        let ids = ["", "Builder", "Response", "Error"]
            .iter()
            .map(|s| format!("{name}{s}"))
            .chain(waiters)
            .map(|s| ident(&s));
        quote! {
            #[allow(unused_imports)]
            #vis use #m::{#(#ids),*};
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[allow(dead_code, clippy::all)]
        #vis mod #m {
            #items
        }
        #reexports
    }
}

/// Several pages, one module each (module names made unique: `describe_disks`,
/// `describe_disks_2`), re-exporting the main types of the first page of each action, and
/// the types several pages define alike once, in a `types` module ([`types`]). With `skip_non_actions`, pages that are not action pages are left out silently; every
/// other blocking diagnostic is returned with its page's file.
pub fn emit_pages(
    pages: &[Page],
    skip_non_actions: bool,
) -> Result<TokenStream, Vec<(String, Diagnostic)>> {
    emit_pages_with(pages, skip_non_actions, false)
}

/// [`emit_pages`], plus with `client_methods` one `Client` method per action (the first page
/// of each): only for the crate that defines `Client`.
pub fn emit_pages_with(
    pages: &[Page],
    skip_non_actions: bool,
    client_methods: bool,
) -> Result<TokenStream, Vec<(String, Diagnostic)>> {
    let (mut out, bound) = emit_pages_bound(pages, skip_non_actions)?;
    if client_methods {
        out.extend(client::methods(&bound));
    }
    Ok(out)
}

/// Blocking diagnostics, each with its page's file.
pub type PageProblems = Vec<(String, Diagnostic)>;

/// [`emit_pages`], and the (module, type name) of the first page of each action: what a
/// crate binds its client methods to ([`client::methods_for`]). The nested types several
/// actions define alike go into one `types` module ([`types`]), emitted first.
pub fn emit_pages_bound(
    pages: &[Page],
    skip_non_actions: bool,
) -> Result<(TokenStream, Vec<(String, String)>), PageProblems> {
    let mut errors = Vec::new();
    let mut modules = names::Scope::default();
    modules.unique(types::MODULE.to_string());
    let mut exported = HashSet::new();
    let mut bound = Vec::new();
    let mut actions = Vec::new();
    for page in pages {
        if skip_non_actions && page.kind != PageKind::Action {
            continue;
        }
        match action_parts(page, &Options::default()) {
            Ok(mut parts) => {
                parts.module = modules.unique(parts.module);
                let first = exported.insert(parts.name.clone());
                if first {
                    bound.push((parts.module.clone(), parts.name.clone()));
                }
                actions.push((page, parts, first));
            }
            Err(diags) => errors.extend(diags.into_iter().map(|d| (page.file.clone(), d))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let defined: Vec<types::Defined<'_>> = actions
        .iter()
        .map(|(_, p, _)| types::Defined {
            module: &p.module,
            nested: &p.nested,
        })
        .collect();
    let shared = types::share(&defined);
    let mut out = shared.module.unwrap_or_default();
    for ((page, action, first), nested) in actions.into_iter().zip(shared.nested) {
        let mut items = action.main;
        items.extend(nested.items);
        items.extend(gate(action.replay.into_iter().chain(nested.replay)));
        out.extend(wrap(
            page,
            &action.module,
            &action.name,
            items,
            &quote!(pub),
            first,
        ));
    }
    Ok((out, bound))
}

/// The generated code for `pages` as one formatted Rust file (what the attribute would emit
/// for each, plus a header), or every blocking diagnostic with its page.
pub fn render_file(pages: &[Page]) -> Result<String, Vec<(String, Diagnostic)>> {
    let tokens = emit_pages(pages, false)?;
    let file: syn::File = match syn::parse2(tokens) {
        Ok(f) => f,
        Err(e) => {
            return Err(vec![(
                String::new(),
                Diagnostic::error(
                    0,
                    "emit-invalid-tokens",
                    format!("generated code does not parse: {e}"),
                ),
            )])
        }
    };
    let sources: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    Ok(format!(
        "// @generated by ecs-codegen from {}. Do not edit.\n\n{}",
        sources.join(", "),
        render::unparse(&file)
    ))
}

#[cfg(test)]
mod tests;
