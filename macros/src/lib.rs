//! `#[ecs_action(spec = "specs/X.md")]` and `ecs_actions!(dir = "specs")`: thin proc-macros
//! over `ecs-codegen`, in the manner of `serde_derive`. They only parse their arguments, read
//! the page(s) relative to the invoking crate's `CARGO_MANIFEST_DIR`, call the generator, turn
//! the page's error diagnostics into `compile_error!`s spanned at the path literal (all of
//! them, with page path and line), and add `const _: &str = include_str!(..)` so the crate
//! rebuilds when a page changes. Paths are relative to `CARGO_MANIFEST_DIR` (or to
//! `ECS_SPEC_BASE` when that is set, for test harnesses that build in a scratch crate).

use ecs_codegen::emit::{self, Options};
use ecs_codegen::ir::{Diagnostic, Page};
use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{quote, ToTokens};
use std::path::{Path, PathBuf};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

/// `key = "value"` arguments.
struct Args(Vec<(Ident, LitStr)>);

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let pairs = Punctuated::<(Ident, LitStr), Token![,]>::parse_terminated_with(input, |p| {
            let key: Ident = p.parse()?;
            p.parse::<Token![=]>()?;
            let value: LitStr = p.parse()?;
            Ok((key, value))
        })?;
        Ok(Args(pairs.into_iter().collect()))
    }
}

/// The folder spec paths are relative to: `ECS_SPEC_BASE` when set (test harnesses such as
/// trybuild, whose scratch crate lives under `target/`), else the invoking crate's
/// `CARGO_MANIFEST_DIR`.
fn manifest_dir() -> PathBuf {
    std::env::var_os("ECS_SPEC_BASE")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A page read from `rel` (relative to the manifest dir), or a spanned error.
fn read_page(lit: &LitStr) -> Result<(Page, PathBuf), syn::Error> {
    let rel = lit.value();
    let abs = manifest_dir().join(&rel);
    let text = std::fs::read_to_string(&abs).map_err(|e| {
        syn::Error::new(
            lit.span(),
            format!("cannot read spec page {rel} ({}): {e}", abs.display()),
        )
    })?;
    let shown = emit::docs::shown_path(&manifest_dir(), &rel);
    Ok((ecs_codegen::parse_page(&shown, &text), abs))
}

fn track(abs: &Path) -> Tokens {
    let path = abs.to_string_lossy().into_owned();
    quote!(
        const _: &str = ::core::include_str!(#path);
    )
}

fn diagnostics_error(span: Span, file: &str, diags: &[Diagnostic]) -> syn::Error {
    let mut err: Option<syn::Error> = None;
    for d in diags {
        let e = syn::Error::new(
            span,
            format!("{file}:{}: {} ({})", d.line, d.message, d.kind),
        );
        match &mut err {
            Some(all) => all.combine(e),
            None => err = Some(e),
        }
    }
    err.unwrap_or_else(|| syn::Error::new(span, format!("{file}: cannot generate code")))
}

/// Generates the request, builder, response and error types of one ECS action from its
/// reference page, replacing the annotated unit struct:
///
/// ```ignore
/// #[ecs_client::ecs_action(spec = "specs/CreateAutoSnapshotPolicy.md")]
/// pub struct CreateAutoSnapshotPolicy;
/// ```
///
/// The path is relative to the invoking crate's `CARGO_MANIFEST_DIR`. The struct's name,
/// visibility and attributes are kept; nested types go to a module named after it
/// (`create_auto_snapshot_policy`).
#[proc_macro_attribute]
pub fn ecs_action(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemStruct);
    let args = syn::parse_macro_input!(args as Args);
    match expand_action(args, &item) {
        Ok(t) => t.into(),
        Err((err, tracking)) => {
            let err = err.to_compile_error();
            quote!(#err #item #tracking).into()
        }
    }
}

fn expand_action(args: Args, item: &syn::ItemStruct) -> Result<Tokens, (syn::Error, Tokens)> {
    let mut spec: Option<LitStr> = None;
    for (key, value) in args.0 {
        if key == "spec" && spec.is_none() {
            spec = Some(value);
        } else {
            return Err((
                syn::Error::new(key.span(), "expected a single `spec = \"path/to/Page.md\"`"),
                Tokens::new(),
            ));
        }
    }
    let Some(spec) = spec else {
        return Err((
            syn::Error::new(
                Span::call_site(),
                "missing `spec = \"path/to/Page.md\"` (relative to CARGO_MANIFEST_DIR)",
            ),
            Tokens::new(),
        ));
    };
    if !matches!(item.fields, syn::Fields::Unit) || !item.generics.params.is_empty() {
        return Err((
            syn::Error::new_spanned(
                &item.ident,
                "#[ecs_action] goes on a unit struct without generics: `pub struct X;`",
            ),
            Tokens::new(),
        ));
    }
    let (page, abs) = read_page(&spec).map_err(|e| (e, Tokens::new()))?;
    let tracking = track(&abs);
    let attrs = item.attrs.iter().map(|a| a.to_token_stream());
    let opts = Options {
        type_name: Some(item.ident.to_string()),
        vis: Some(item.vis.to_token_stream()),
        attrs: Some(quote!(#(#attrs)*)),
    };
    match emit::emit_action(&page, &opts) {
        Ok(tokens) => Ok(quote!(#tokens #tracking)),
        Err(diags) => Err((diagnostics_error(spec.span(), &page.file, &diags), tracking)),
    }
}

/// Generates every action of a folder (`dir = "specs"`, one module per page, non-action pages
/// skipped) and/or listed pages (`spec = "a.md", spec = "b.md"`), with the same code the
/// attribute emits. `dir_env = "VAR"`: the folder named by that environment variable when it
/// is set. `client_methods = "true"` (only inside `ecs-client`) adds a `Client` method per
/// action. Module names are the snake_case action names, made unique; the main types
/// of the first page of each action are re-exported next to the modules.
#[proc_macro]
pub fn ecs_actions(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    let mut pages = Vec::new();
    let mut tracking = Tokens::new();
    let mut errors: Option<syn::Error> = None;
    let push_err = |e: syn::Error, errors: &mut Option<syn::Error>| match errors {
        Some(all) => all.combine(e),
        None => *errors = Some(e),
    };
    let mut spans = Vec::new();
    let mut client_methods = false;
    for (key, lit) in &args.0 {
        if key == "spec" {
            match read_page(lit) {
                Ok((page, abs)) => {
                    tracking.extend(track(&abs));
                    spans.push(lit.span());
                    pages.push(page);
                }
                Err(e) => push_err(e, &mut errors),
            }
        } else if key == "client_methods" {
            client_methods = lit.value() == "true";
        } else if key == "dir_env" {
            // Read below, with `dir`.
        } else if key == "dir" {
            // `dir_env = "VAR"` names an environment variable that, when set, replaces the
            // folder (absolute, or relative to the manifest dir). The invoking crate's build
            // script tracks it (`cargo:rerun-if-env-changed`).
            let rel = args
                .0
                .iter()
                .find(|(k, _)| k == "dir_env")
                .and_then(|(_, var)| std::env::var(var.value()).ok())
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| lit.value());
            let dir = manifest_dir().join(&rel);
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "md"))
                    .collect(),
                Err(e) => {
                    push_err(
                        syn::Error::new(lit.span(), format!("cannot read folder {rel}: {e}")),
                        &mut errors,
                    );
                    continue;
                }
            };
            files.sort();
            for abs in files {
                let name = abs
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // Never the building machine's absolute path (a `dir_env` folder often is).
                let shown = emit::docs::shown_path(
                    &manifest_dir(),
                    &format!("{}/{name}", rel.trim_end_matches('/')),
                );
                match std::fs::read_to_string(&abs) {
                    Ok(text) => {
                        tracking.extend(track(&abs));
                        let page = ecs_codegen::parse_page(&shown, &text);
                        if page.kind == ecs_codegen::ir::PageKind::Action {
                            spans.push(lit.span());
                            pages.push(page);
                        }
                    }
                    Err(e) => push_err(
                        syn::Error::new(lit.span(), format!("cannot read {shown}: {e}")),
                        &mut errors,
                    ),
                }
            }
        } else {
            push_err(
                syn::Error::new(
                    key.span(),
                    "expected `dir = \"...\"`, `spec = \"...\"`, `dir_env = \"VAR\"` or `client_methods = \"true\"`",
                ),
                &mut errors,
            );
        }
    }
    // Report every page's blocking diagnostics at the literal that named it.
    for (page, span) in pages.iter().zip(&spans) {
        let diags = emit::blocking_diagnostics(page);
        if !diags.is_empty() {
            push_err(diagnostics_error(*span, &page.file, &diags), &mut errors);
        }
    }
    if let Some(e) = errors {
        let e = e.to_compile_error();
        return quote!(#e #tracking).into();
    }
    match emit::emit_pages_with(&pages, true, client_methods) {
        Ok(tokens) => quote!(#tokens #tracking).into(),
        Err(diags) => {
            let mut all: Option<syn::Error> = None;
            for (file, d) in diags {
                push_err(diagnostics_error(Span::call_site(), &file, &[d]), &mut all);
            }
            let e = all.map(|e| e.to_compile_error()).unwrap_or_default();
            quote!(#e #tracking).into()
        }
    }
}
