//! Constraint tables: each parameter's inferred rules as `&'static [Rule]` data for the
//! runtime's one generic validator.

use super::{rt, Ctx};
use crate::ir::{Constraints, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Page line a rule came from: its origin, else the parameter's line.
fn origin_line(c: &Constraints, keys: &[&str], fallback: u32) -> u32 {
    keys.iter()
        .find_map(|k| c.origin.get(*k))
        .map_or(fallback, |o| o.line)
}

/// An `i64` literal that survives every token round trip (negative numbers as `-` + literal).
pub fn int(v: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote!(-#abs)
    } else {
        quote!(#abs)
    }
}

/// The anchored form of a documented pattern, or `None` (with a warning) when it does not
/// compile with the `regex` crate.
pub(crate) fn anchored(ctx: &mut Ctx<'_>, pattern: &str, line: u32) -> Option<String> {
    let anchored = format!("^(?:{pattern})$");
    match regex::Regex::new(&anchored) {
        Ok(_) => Some(anchored),
        Err(e) => {
            ctx.warn(
                line,
                "pattern-invalid",
                format!("pattern {pattern:?} does not compile and is not checked: {e}"),
            );
            None
        }
    }
}

/// `&[Rule { .. }, ..]` for one parameter of type `ty` (for lists: the list's rules merged
/// with its item's; item-count rules apply to the list, the others to each item).
pub(crate) fn rules(ctx: &mut Ctx<'_>, c: &Constraints, ty: Type, line: u32) -> TokenStream {
    let rt = rt();
    let mut out: Vec<TokenStream> = Vec::new();
    let mut push = |check: TokenStream, line: u32| {
        let line = Literal::u32_unsuffixed(line);
        out.push(quote!(#rt::Rule { check: #rt::Check::#check, line: #line }));
    };
    if !c.ranges.is_empty() && ty != Type::Boolean {
        let pairs = c.ranges.iter().map(|[a, b]| {
            let (lo, hi) = if a <= b { (*a, *b) } else { (*b, *a) };
            let (lo, hi) = (int(lo), int(hi));
            quote!([#lo, #hi])
        });
        push(
            quote!(Ranges(&[#(#pairs),*])),
            origin_line(c, &["ranges", "range"], line),
        );
    }
    if !c.enum_values.is_empty() && ty != Type::Boolean {
        let mut seen = std::collections::HashSet::new();
        let values: Vec<&str> = c
            .enum_values
            .iter()
            .map(|v| v.value.as_str())
            .filter(|v| seen.insert(*v))
            .collect();
        push(
            quote!(OneOf(&[#(#values),*])),
            origin_line(c, &["enum", "enum_values"], line),
        );
    }
    if let Some(n) = c.min_len {
        push(quote!(MinLen(#n)), origin_line(c, &["min_len"], line));
    }
    if let Some(n) = c.max_len {
        push(quote!(MaxLen(#n)), origin_line(c, &["max_len"], line));
    }
    if let Some(n) = c.min_items {
        push(quote!(MinItems(#n)), origin_line(c, &["min_items"], line));
    }
    if let Some(n) = c.max_items {
        push(quote!(MaxItems(#n)), origin_line(c, &["max_items"], line));
    }
    if !c.not_prefix.is_empty() {
        let p = &c.not_prefix;
        push(
            quote!(NotPrefix(&[#(#p),*])),
            origin_line(c, &["not_prefix"], line),
        );
    }
    let pattern_line = origin_line(c, &["pattern"], line);
    let pattern = c
        .pattern
        .as_deref()
        .and_then(|p| anchored(ctx, p, pattern_line));
    if let Some(p) = pattern {
        push(quote!(Pattern(#p)), pattern_line);
    }
    quote!(&[#(#out),*])
}
