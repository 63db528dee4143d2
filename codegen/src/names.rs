//! Rust names for wire names: heck-based, keyword-safe, unique among siblings.

use heck::{ToSnakeCase, ToUpperCamelCase};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;

thread_local! {
    /// Wire names repeat across pages (`RegionId`, `InternalError`); heck's conversions go
    /// through `fmt`, so each distinct name is converted once per thread. The keys are short
    /// and trusted, so a fast non-keyed hash is enough.
    static SNAKE: RefCell<FxHashMap<String, String>> = RefCell::default();
    static CAMEL: RefCell<FxHashMap<String, String>> = RefCell::default();
}

fn memo(
    cache: &'static std::thread::LocalKey<RefCell<FxHashMap<String, String>>>,
    key: &str,
    f: fn(&str) -> String,
) -> String {
    cache.with(|c| {
        if let Some(v) = c.borrow().get(key) {
            return v.clone();
        }
        let v = f(key);
        c.borrow_mut().insert(key.to_string(), v.clone());
        v
    })
}

/// Words that cannot be plain identifiers (strict and reserved keywords, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// `regionId` -> `region_id`, `Type` -> `type_` (keywords get a trailing underscore so the name
/// stays a plain identifier that works in every position, including `self`/`crate`).
pub fn snake(wire: &str) -> String {
    memo(&SNAKE, wire, snake_uncached)
}

fn snake_uncached(wire: &str) -> String {
    let mut s = wire.to_snake_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `ParameterInvalid` / `InvalidParameter.Format` -> `InvalidParameterFormat`.
pub fn camel(wire: &str) -> String {
    memo(&CAMEL, wire, camel_uncached)
}

fn camel_uncached(wire: &str) -> String {
    let mut s = wire.to_upper_camel_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Hands out names unique within one scope: the second `tag_key` becomes `tag_key_2`.
#[derive(Default, Debug)]
pub struct Scope {
    taken: FxHashSet<String>,
}

impl Scope {
    pub fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(|c| self.taken.insert(c.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_follow_wire_spelling() {
        assert_eq!(snake("regionId"), "region_id");
        assert_eq!(snake("RegionId"), "region_id");
        assert_eq!(snake("Type"), "type_");
        assert_eq!(snake("IOPS"), "iops");
        assert_eq!(snake("Ipv6AddressCount"), "ipv6_address_count");
    }

    #[test]
    fn camel_names_are_identifiers() {
        assert_eq!(camel("InvalidParameter.Format"), "InvalidParameterFormat");
        assert_eq!(camel("HOSTNAME_ILLEGAL"), "HostnameIllegal");
        assert_eq!(camel("self"), "Self_");
    }

    #[test]
    fn scope_disambiguates() {
        let mut s = Scope::default();
        assert_eq!(s.unique("a".into()), "a");
        assert_eq!(s.unique("a".into()), "a_2");
        assert_eq!(s.unique("a".into()), "a_3");
    }
}
