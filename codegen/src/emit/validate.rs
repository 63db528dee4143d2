//! Constraint tables: each parameter's inferred rules ([`crate::rules`]) as `&'static [Rule]`
//! data for the runtime's one generic validator.

use super::{rt, Ctx};
use crate::ir::{Constraints, Type};
use crate::rules::{rule_data, CheckData};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// An `i64` literal that survives every token round trip (negative numbers as `-` + literal).
pub fn int(v: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote!(-#abs)
    } else {
        quote!(#abs)
    }
}

/// `&[Rule { .. }, ..]` for one parameter of type `ty` (for lists: the list's rules merged
/// with its item's; item-count rules apply to the list, the others to each item). The rules
/// are [`crate::rules::rule_data`]'s; a pattern that does not compile is left out with a warning.
/// Also returns the checks without their lines, to compare two parameters' rules by.
pub(crate) fn rules(
    ctx: &mut Ctx<'_>,
    c: &Constraints,
    ty: Type,
    line: u32,
) -> (TokenStream, String) {
    let rt = rt();
    let table = rule_data(c, ty, line);
    if let Some(bad) = &table.bad_pattern {
        ctx.warn(
            bad.line,
            "pattern-invalid",
            format!(
                "pattern {:?} does not compile and is not checked: {}",
                bad.pattern, bad.error
            ),
        );
    }
    let out = table.rules.iter().map(|r| {
        let check = check_tokens(&r.check);
        let line = Literal::u32_unsuffixed(r.line);
        quote!(#rt::Rule { check: #rt::Check::#check, line: #line })
    });
    let checks: Vec<&CheckData> = table.rules.iter().map(|r| &r.check).collect();
    (quote!(&[#(#out),*]), format!("{checks:?}"))
}

/// `Ranges(&[[1, 7]])`, `MaxLen(128u32)`, ...: one check as the runtime's `Check` variant.
fn check_tokens(check: &CheckData) -> TokenStream {
    match check {
        CheckData::Ranges(ranges) => {
            let pairs = ranges.iter().map(|[lo, hi]| {
                let (lo, hi) = (int(*lo), int(*hi));
                quote!([#lo, #hi])
            });
            quote!(Ranges(&[#(#pairs),*]))
        }
        CheckData::OneOf(values) => quote!(OneOf(&[#(#values),*])),
        CheckData::MinLen(n) => quote!(MinLen(#n)),
        CheckData::MaxLen(n) => quote!(MaxLen(#n)),
        CheckData::MinItems(n) => quote!(MinItems(#n)),
        CheckData::MaxItems(n) => quote!(MaxItems(#n)),
        CheckData::NotPrefix(p) => quote!(NotPrefix(&[#(#p),*])),
        CheckData::Pattern(p) => quote!(Pattern(#p)),
    }
}
