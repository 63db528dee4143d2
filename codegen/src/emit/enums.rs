//! Closed value sets as enums, for request parameters and response fields alike: one variant
//! per documented value (spellings that differ only in ASCII case, `In_use`/`In_Use`, are one
//! variant, spelt as the page first spells it) and `Unknown(String)` for any other value.
//!
//! The generated enum is data: its variants, `VALUES`, `as_str()`, and one-line impls into
//! the runtime's `value_set` (case-insensitive matching, `Unknown` for a new value, the
//! documented spelling on the wire). Request and response enums are the same item, so one type
//! can serve both sides of an action and, through [`super::types`], several actions.

use super::{docs, ident, rt, Ctx, Nested, TypeScope};
use crate::ir::EnumValue;
use proc_macro2::TokenStream;
use quote::quote;

/// An enum already emitted in this action: reused for another field with the same base name
/// and the same values.
#[derive(Debug, Clone)]
pub(crate) struct Emitted {
    /// UpperCamel form of the wire name it was emitted for.
    base: String,
    values: Vec<String>,
    name: String,
}

/// The documented values with spellings that differ only in ASCII case folded into the
/// first: (spelling, doc), in page order.
pub(crate) fn fold(values: &[EnumValue]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for v in values {
        match out
            .iter_mut()
            .find(|(s, _)| s.eq_ignore_ascii_case(&v.value))
        {
            Some((_, doc)) => {
                if doc.trim().is_empty() {
                    doc.clone_from(&v.doc);
                }
            }
            None => out.push((v.value.clone(), v.doc.clone())),
        }
    }
    out
}

/// Where the enum is used, for its name and docs.
pub(crate) enum Owner<'a> {
    /// A request parameter (or list item) of the action: named after the wire name, numbered
    /// when taken (`Status`, `Status2`), as request types always were.
    Request,
    /// A response field of the struct `parent` (`None`: of `XResponse` itself): named after
    /// the wire name, else `{Parent}{Wire}` (`InstanceStatus`), else numbered.
    Response(Option<&'a str>),
}

/// The enum for the value set `values` of the field `wire` (page line `line`): an enum of
/// this action with the same base name and values, or a new one. Returns its name.
pub(crate) fn value_set(
    ctx: &mut Ctx<'_>,
    owner: Owner<'_>,
    wire: &str,
    values: &[EnumValue],
    line: u32,
) -> String {
    let folded = fold(values);
    // The set, not the order: `PrePaid, PostPaid` on one row and `PostPaid, PrePaid` on
    // another are one enum (in the first row's order).
    let mut spellings: Vec<String> = folded.iter().map(|(s, _)| s.clone()).collect();
    spellings.sort();
    let base = TypeScope::default().unique(wire);
    if let Some(e) = ctx
        .enums
        .iter()
        .find(|e| e.base == base && e.values == spellings)
    {
        return e.name.clone();
    }
    let holder = match owner {
        Owner::Request => ctx.name.clone(),
        Owner::Response(_) => format!("{}Response", ctx.name),
    };
    let name = match owner {
        Owner::Request => ctx.types.unique(wire),
        Owner::Response(parent) => {
            let parent = TypeScope::default().unique(parent.unwrap_or(ctx.name.as_str()));
            // `InstanceStatus`, but not `LockReasonLockReason` nor `InstanceInstanceChargeType`.
            let prefixed = (!base.starts_with(&parent)).then(|| format!("{parent}{base}"));
            let candidates = [Some(base.clone()), prefixed, Some(format!("{base}Value"))];
            match candidates
                .into_iter()
                .flatten()
                .find(|c| !ctx.types.contains(c))
            {
                Some(free) => ctx.types.unique(&free),
                None => ctx.types.unique(&base),
            }
        }
    };
    let doc = format!(
        "Values of `{wire}` documented for [`{holder}`](super::{holder}); `Unknown` carries any \
         other value. Text in any case matches a documented value ([`ecs_client::ValueSet`]).\n\n{}",
        docs::source(&ctx.page.file, line)
    );
    let body = body(&name, &folded);
    ctx.enums.push(Emitted {
        base,
        values: spellings.clone(),
        name: name.clone(),
    });
    let replay = replay(&name);
    ctx.items.push(Nested {
        name: name.clone(),
        key: format!("enum {name} {spellings:?}"),
        doc,
        body,
        replay,
    });
    name
}

/// The enum's `FromParam` impl, for the `from-params` gate.
fn replay(name: &str) -> TokenStream {
    let rt = rt();
    let ty = ident(name);
    quote! {
        impl #rt::FromParam for #ty {
            #[inline]
            fn from_param(
                v: #rt::serde_json::Value,
                path: &str,
                e: &mut ::std::vec::Vec<#rt::ParamError>,
            ) -> ::core::option::Option<Self> {
                #rt::params::text(v, path, e).map(#rt::value_set::parse_owned)
            }
        }
    }
}

/// The enum and its impls (without its doc).
fn body(name: &str, folded: &[(String, String)]) -> TokenStream {
    let rt = rt();
    let ty = ident(name);
    let mut variants = TypeScope::default();
    variants.reserve("Unknown");
    let mut decls = Vec::new();
    let mut to_str = Vec::new();
    let mut known = Vec::new();
    let mut all = Vec::new();
    for (i, (value, doc)) in folded.iter().enumerate() {
        let var = ident(&variants.unique(value));
        let doc_text = if doc.trim().is_empty() {
            docs::code(value)
        } else {
            format!(
                "{}: {}",
                docs::code(value),
                docs::escape_inline(&doc.replace('\n', " ")).trim()
            )
        };
        let doc = docs::attrs(&doc_text);
        decls.push(quote!(#doc #var));
        to_str.push(quote!(Self::#var => #value));
        known.push(quote!(#i => ::core::option::Option::Some(Self::#var)));
        all.push(quote!(#value));
    }
    let string = quote!(::std::string::String);
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #ty {
            #(#decls,)*
            /// A value the documentation does not list, as written or received.
            Unknown(#string),
        }
        impl #ty {
            /// Every documented value, spelt as the documentation spells it.
            pub const VALUES: &'static [&'static str] = &[#(#all),*];
            /// The value's text: the documented spelling, or an `Unknown`'s text as it is.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str,)*
                    Self::Unknown(s) => s,
                }
            }
        }
        impl #rt::ValueSet for #ty {
            const VALUES: &'static [&'static str] = #ty::VALUES;
            #[inline]
            fn known(index: usize) -> ::core::option::Option<Self> {
                match index {
                    #(#known,)*
                    _ => ::core::option::Option::None,
                }
            }
            #[inline]
            fn unknown(value: #string) -> Self {
                Self::Unknown(value)
            }
        }
        impl ::core::convert::From<&str> for #ty {
            #[inline]
            fn from(s: &str) -> Self {
                #rt::value_set::parse(s)
            }
        }
        impl ::core::convert::From<#string> for #ty {
            #[inline]
            fn from(s: #string) -> Self {
                #rt::value_set::parse_owned(s)
            }
        }
        impl ::core::str::FromStr for #ty {
            type Err = ::core::convert::Infallible;
            #[inline]
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(#rt::value_set::parse(s))
            }
        }
        impl ::core::fmt::Display for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl #rt::Value for #ty {
            #[inline]
            fn view(&self) -> #rt::View<'_> {
                #rt::View::Str(match self {
                    Self::Unknown(s) => #rt::value_set::wire(#ty::VALUES, s),
                    known => known.as_str(),
                })
            }
        }
        impl #rt::de::Lenient for #ty {
            #[inline]
            fn from_json(v: #rt::serde_json::Value) -> ::core::option::Option<Self> {
                #rt::value_set::from_json(v)
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                #rt::value_set::deserialize(d)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(value: &str, doc: &str) -> EnumValue {
        EnumValue {
            value: value.into(),
            doc: doc.into(),
        }
    }

    #[test]
    fn spellings_that_differ_in_case_fold_into_the_first() {
        let folded = fold(&[
            v("In_use", ""),
            v("Available", "free"),
            v("In_Use", "attached"),
            v("available", "again"),
        ]);
        assert_eq!(
            folded,
            [
                ("In_use".to_string(), "attached".to_string()),
                ("Available".to_string(), "free".to_string())
            ]
        );
    }
}
