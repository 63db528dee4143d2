//! Shared types: when several pages are emitted together ([`super::emit_pages`], so
//! `ecs_actions!` and `ecs-codegen generate`), a nested type that two or more actions define
//! alike (`Tag`, a value-set enum such as `InstanceChargeType`) is emitted once in a `types`
//! module and each of those actions' modules re-exports it (`pub use super::types::Tag;`), so
//! one helper takes the tags of every action, and the crate compiles each such type once.
//! A page emitted alone (`#[ecs_action]`) keeps all its types in its own module.
//!
//! Alike means the same name and the same [`Nested::key`] (the wire shape and rules: field
//! names, wire names, types, required flags, checks, secret flags; enum values), and the same
//! for every type it uses, recursively: two actions' `Instance` structs are one type only when
//! their `Tag`s are one too. Docs and page lines may differ: the shared type carries the first
//! page's (so a validation error on a shared request type names that page's line) and says
//! that it is shared. When one name has several shapes, the shape most actions have is
//! shared and the others stay in their modules.

use super::{docs, ident, Nested};
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use std::collections::{BTreeSet, HashMap};

/// The module's name. [`super::emit_pages`] keeps it out of the action modules' names.
pub const MODULE: &str = "types";

/// One action's nested types, as [`share`] reads them.
pub(crate) struct Defined<'a> {
    pub module: &'a str,
    pub nested: &'a [Nested],
}

/// The laid-out nested items: the `types` module (when anything is shared) and, per action,
/// its nested items with the shared ones replaced by re-exports.
pub(crate) struct Shared {
    pub module: Option<TokenStream>,
    pub nested: Vec<ModuleNested>,
}

/// One action module's nested items: the types it keeps (and re-exports of shared ones), and
/// the `FromParam` impls of the types it keeps, for its `from-params` gate.
pub(crate) struct ModuleNested {
    pub items: Vec<TokenStream>,
    pub replay: Vec<TokenStream>,
}

/// Identifiers in `tokens`, recursively.
fn idents(tokens: &TokenStream, out: &mut BTreeSet<String>) {
    for t in tokens.clone() {
        match t {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => idents(&g.stream(), out),
            _ => {}
        }
    }
}

/// Per nested type of one action: the full key (its key and, in name order, the full keys of
/// the action's types it uses) and the names of those types.
fn full_keys(nested: &[Nested]) -> Vec<(String, Vec<String>)> {
    let index: HashMap<&str, usize> = nested
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = nested
        .iter()
        .map(|n| {
            let mut ids = BTreeSet::new();
            idents(&n.body, &mut ids);
            ids.iter()
                .filter(|id| **id != n.name)
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect()
        })
        .collect();
    let mut memo: Vec<Option<String>> = vec![None; nested.len()];
    fn key(
        i: usize,
        nested: &[Nested],
        deps: &[Vec<usize>],
        memo: &mut Vec<Option<String>>,
        depth: usize,
    ) -> String {
        if let Some(k) = &memo[i] {
            return k.clone();
        }
        let mut k = nested[i].key.clone();
        // Nested types form a tree; the bound only guards against a cycle.
        if depth < 64 {
            for &d in &deps[i] {
                k.push_str(" {");
                k.push_str(&key(d, nested, deps, memo, depth + 1));
                k.push('}');
            }
        }
        memo[i] = Some(k.clone());
        k
    }
    (0..nested.len())
        .map(|i| {
            let k = key(i, nested, &deps, &mut memo, 0);
            let names = deps[i].iter().map(|&d| nested[d].name.clone()).collect();
            (k, names)
        })
        .collect()
}

/// One shape of one name across the actions.
struct Candidate {
    /// (action, nested index) of each action that defines it, in action order.
    at: Vec<(usize, usize)>,
    deps: Vec<String>,
}

/// Chooses the shared types and lays the nested items out.
pub(crate) fn share(actions: &[Defined<'_>]) -> Shared {
    let keys: Vec<Vec<(String, Vec<String>)>> =
        actions.iter().map(|a| full_keys(a.nested)).collect();
    // (name, full key) -> candidate, in order of first appearance.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut candidates: HashMap<(String, String), Candidate> = HashMap::new();
    for (a, action) in actions.iter().enumerate() {
        for (i, n) in action.nested.iter().enumerate() {
            let (k, deps) = &keys[a][i];
            let id = (n.name.clone(), k.clone());
            let c = candidates.entry(id.clone()).or_insert_with(|| {
                order.push(id);
                Candidate {
                    at: Vec::new(),
                    deps: deps.clone(),
                }
            });
            c.at.push((a, i));
        }
    }
    // Shared: per name one key. A shape is shareable once every type it uses is shared with
    // the key it uses; among a name's shareable shapes, the one most actions define wins
    // (the first seen on a tie). Repeat until nothing changes.
    let mut chosen: HashMap<String, String> = HashMap::new();
    loop {
        let mut best: HashMap<&str, (&str, usize)> = HashMap::new();
        for (name, key) in &order {
            let c = &candidates[&(name.clone(), key.clone())];
            if c.at.len() < 2 || chosen.contains_key(name) {
                continue;
            }
            let a = c.at[0].0;
            let ready = c.deps.iter().all(|d| {
                let dep_key = actions[a]
                    .nested
                    .iter()
                    .position(|n| n.name == *d)
                    .map(|j| keys[a][j].0.as_str());
                chosen.get(d).map(String::as_str) == dep_key
            });
            if ready && best.get(name.as_str()).is_none_or(|b| b.1 < c.at.len()) {
                best.insert(name, (key, c.at.len()));
            }
        }
        if best.is_empty() {
            break;
        }
        let picked: Vec<(String, String)> = best
            .into_iter()
            .map(|(n, (k, _))| (n.to_string(), k.to_string()))
            .collect();
        chosen.extend(picked);
    }
    let m = ident(MODULE);
    let mut nested = Vec::with_capacity(actions.len());
    for (a, action) in actions.iter().enumerate() {
        let mut items = Vec::new();
        let mut replay = Vec::new();
        let mut reexports = Vec::new();
        for (i, n) in action.nested.iter().enumerate() {
            if chosen.get(&n.name) == Some(&keys[a][i].0) {
                reexports.push(ident(&n.name));
            } else {
                items.push(n.local());
                replay.push(n.replay.clone());
            }
        }
        if !reexports.is_empty() {
            items.push(quote!(pub use super::#m::{#(#reexports),*};));
        }
        nested.push(ModuleNested { items, replay });
    }
    let firsts: Vec<(&Nested, &[(usize, usize)])> = order
        .iter()
        .filter(|(name, key)| chosen.get(name) == Some(key))
        .map(|id| {
            let c = &candidates[id];
            let (a, i) = c.at[0];
            (&actions[a].nested[i], c.at.as_slice())
        })
        .collect();
    let mut items: Vec<TokenStream> = firsts
        .iter()
        .map(|(first, at)| shared_item(actions, first, at))
        .collect();
    let replay = super::gate(firsts.iter().map(|(first, _)| first.replay.clone()));
    if !replay.is_empty() {
        items.push(replay);
    }
    let module = (!items.is_empty()).then(|| {
        let doc = docs::attrs(
            "Types that several actions define alike, each emitted once; every action module \
             that uses one re-exports it (`pub use super::types::Tag;`).",
        );
        quote! {
            #doc
            #[allow(dead_code, clippy::all)]
            pub mod #m {
                #(#items)*
            }
        }
    });
    Shared { module, nested }
}

/// The first action's item with its doc's links made to reach that action's module from
/// `types`, and a note of who shares it.
fn shared_item(actions: &[Defined<'_>], first: &Nested, at: &[(usize, usize)]) -> TokenStream {
    let module = &actions[at[0].0].module;
    let mut doc = first
        .doc
        .replace("](super::", &format!("](super::{module}::"));
    let names: Vec<String> = at
        .iter()
        .map(|(a, _)| format!("`{}`", actions[*a].module))
        .collect();
    const SHOWN: usize = 3;
    let shown = if names.len() > SHOWN {
        format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    } else {
        names.join(", ")
    };
    doc.push_str(&format!(
        "\n\nShared by the modules of {} pages that define it alike ({shown}); the text \
         above is the first one's.",
        names.len()
    ));
    let doc = docs::attrs(&doc);
    let body = &first.body;
    quote!(#doc #body)
}

#[cfg(test)]
mod tests {
    use crate::emit::{emit_action, render_file, Options};
    use crate::ir::{EnumValue, Page};

    fn page(action: &str) -> Page {
        let shown = format!("tests/pages/value_sets/{action}.md");
        let path = format!("{}/../{shown}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture page");
        crate::parse_page(&shown, &text)
    }

    fn count(code: &str, needle: &str) -> usize {
        code.matches(needle).count()
    }

    #[test]
    fn types_defined_alike_are_emitted_once_and_re_exported() {
        let code = render_file(&[page("DescribeVolumes"), page("ListVolumes")]).expect("emits");
        assert_eq!(count(&code, "pub mod types {"), 1, "{code}");
        for ty in [
            "pub struct Volume {",
            "pub enum Status {",
            "pub enum IpProtocol {",
            "pub enum VolumeIpProtocol {",
        ] {
            assert_eq!(count(&code, ty), 1, "{ty}");
        }
        assert_eq!(
            count(
                &code,
                "pub use super::types::{IpProtocol, Status, VolumeIpProtocol, Volume};"
            ),
            2,
            "{code}"
        );
        // The first page's docs, its links reaching into its module, and who shares it.
        assert!(code.contains("The ID of the volume."), "{code}");
        assert!(!code.contains("The volume ID."), "{code}");
        assert!(code.contains("(super::describe_volumes::DescribeVolumesResponse)"));
        assert!(code.contains(
            "Shared by the modules of 2 pages that define it alike (`describe_volumes`, `list_volumes`)"
        ));
    }

    #[test]
    fn a_type_that_differs_stays_in_its_module_and_so_do_the_types_using_it() {
        let mut list = page("ListVolumes");
        let volume = list.response.fields[1]
            .item
            .as_deref_mut()
            .expect("the Volume item");
        let status = volume
            .fields
            .iter_mut()
            .find(|f| f.name == "Status")
            .expect("Status");
        status.enum_values.push(EnumValue {
            value: "Hibernating".into(),
            doc: String::new(),
        });
        let code = render_file(&[page("DescribeVolumes"), list]).expect("emits");
        assert_eq!(count(&code, "pub enum Status {"), 2, "{code}");
        assert_eq!(count(&code, "pub struct Volume {"), 2, "{code}");
        assert_eq!(count(&code, "pub enum IpProtocol {"), 1, "{code}");
        assert_eq!(
            count(
                &code,
                "pub use super::types::{IpProtocol, VolumeIpProtocol};"
            ),
            2,
            "{code}"
        );
    }

    #[test]
    fn a_page_emitted_alone_keeps_its_own_types() {
        let code = emit_action(&page("DescribeVolumes"), &Options::default())
            .expect("emits")
            .to_string();
        assert!(!code.contains("super :: types"), "{code}");
        assert!(!code.contains("mod types"), "{code}");
        let code = render_file(&[page("DescribeVolumes")]).expect("emits");
        assert!(!code.contains("pub mod types"), "{code}");
    }
}
