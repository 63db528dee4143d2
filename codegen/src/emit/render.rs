//! Generated code as formatted text: prettyplease, and inside the runtime's gate macro
//! (`from_params_gate! { .. }`), whose body prettyplease would leave as one run of tokens,
//! the items formatted as items, so a reader of a generated file or a snapshot sees code.

use quote::ToTokens;
use syn::{File, Item};

/// The gate macros whose bodies are items.
const GATES: &[&str] = &["from_params_gate"];

/// `file` formatted, gate bodies included.
pub fn unparse(file: &File) -> String {
    let mut file = file.clone();
    let mut bodies = Vec::new();
    lift(&mut file.items, &mut bodies);
    let text = prettyplease::unparse(&file);
    let mut out =
        String::with_capacity(text.len() + bodies.iter().map(|b| b.1.len()).sum::<usize>());
    for line in text.lines() {
        let body = line
            .trim()
            .strip_prefix("const __ECS_GATE_")
            .and_then(|rest| rest.strip_suffix(": () = ();"))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| bodies.get(n));
        match body {
            Some((path, body)) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&format!("{indent}{path}! {{\n"));
                for l in body.lines() {
                    if !l.is_empty() {
                        out.push_str(indent);
                        out.push_str("    ");
                        out.push_str(l);
                    }
                    out.push('\n');
                }
                out.push_str(&format!("{indent}}}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Replaces each gate invocation among `items` (and in nested modules) by a placeholder
/// constant, recording (macro path, formatted body). A body that does not parse as items
/// stays as prettyplease prints it.
fn lift(items: &mut [Item], bodies: &mut Vec<(String, String)>) {
    for item in items {
        match item {
            Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    lift(inner, bodies);
                }
            }
            Item::Macro(mac) => {
                let is_gate = mac
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| GATES.contains(&s.ident.to_string().as_str()));
                if !is_gate {
                    continue;
                }
                let Ok(inner) = syn::parse2::<File>(mac.mac.tokens.clone()) else {
                    continue;
                };
                let path = mac.mac.path.to_token_stream().to_string().replace(' ', "");
                let n = bodies.len();
                bodies.push((path, unparse(&inner)));
                *item = syn::parse_str(&format!("const __ECS_GATE_{n}: () = ();"))
                    .expect("a constant item parses");
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_bodies_are_formatted_as_items() {
        let file: File = syn::parse_str(
            "mod m { pub struct A; ::rt::from_params_gate! { impl A { pub fn f(x: u8) -> u8 { x + 1 } } } }",
        )
        .unwrap();
        let text = unparse(&file);
        assert!(
            text.contains(
                "    ::rt::from_params_gate! {\n        impl A {\n            pub fn f(x: u8) -> u8 {\n                x + 1\n            }\n        }\n    }\n"
            ),
            "{text}"
        );
        // What it prints parses back to the same items.
        let again: File = syn::parse_str(&text).unwrap();
        assert_eq!(
            again.to_token_stream().to_string(),
            file.to_token_stream().to_string()
        );
    }

    #[test]
    fn other_macros_are_left_alone() {
        let file: File = syn::parse_str("other! { a b c }").unwrap();
        assert_eq!(unparse(&file), prettyplease::unparse(&file));
    }
}
