//! The classification rules: for every kind of change, its effect on the generated Rust API
//! and on the wire, with the reason. One table, so the rules can be read (and reviewed) in one
//! place; the comparers only decide which kind a change is.
//!
//! The semver column follows what `crate::emit` generates: request and response structs with
//! public fields (optional ones as `Option<T>`), a builder method per parameter, closed string
//! sets as Rust enums (exhaustive, with `Unknown(String)`), and a `#[non_exhaustive]` error
//! enum with one variant per error code. Adding an optional parameter counts as additive: the
//! builder and struct literals ending in `..Default::default()` keep compiling (an exhaustive
//! struct literal does not; the generated structs are not `#[non_exhaustive]` so that literals
//! stay possible at all).

use super::change::{Kind, Semver, Wire};
use crate::ir::Type;

use Semver::{Additive as Add, Breaking as Brk, None as NoApi};
use Wire::{
    Changed as WChg, Narrowed as WNar, None as WNone, ResponseChanged as RChg,
    ResponseGains as RGain, ResponseLoses as RLose, Widened as WWid,
};

/// `(kind, semver, wire, why)`.
pub const RULES: &[(Kind, Semver, Wire, &str)] = &[
    (Kind::ActionAdded, Add, WWid, "a new action type and module; a new request is accepted"),
    (Kind::ActionRemoved, Brk, WNar, "the action's types go; its requests are rejected"),
    (Kind::ApiVersionChanged, NoApi, WChg, "the same types send another Version or product"),
    (Kind::ParamAdded, Add, WWid, "a new builder method and Option field; a new parameter is accepted"),
    (Kind::ParamAddedRequired, Brk, WNar, "a new non-Option field; requests without it are rejected"),
    (Kind::ParamRemoved, Brk, WNar, "the field and builder method go; requests carrying it are not valid"),
    (Kind::ParamRenamed, Brk, WChg, "the field is renamed; the old wire name is no longer read"),
    (Kind::ParamWireRenamed, NoApi, WChg, "the Rust field keeps its name; the wire name changes, so requests under the old spelling are not read"),
    (Kind::ParamRustRenamed, Brk, WNone, "the Rust field is renamed; the wire name stays"),
    (Kind::ParamTypeWidened, Brk, WWid, "the Rust type changes; every old value is still valid"),
    (Kind::ParamTypeNarrowed, Brk, WNar, "the Rust type changes; some old values are rejected"),
    (Kind::ParamTypeChanged, Brk, WChg, "the Rust type changes; old values may not fit"),
    (Kind::ParamTypeRelabelled, NoApi, WNone, "the same Rust type and wire text"),
    (Kind::ParamNowRequired, Brk, WNar, "Option<T> becomes T; requests without it are rejected"),
    (Kind::ParamNowOptional, Brk, WWid, "T becomes Option<T>; requests without it are accepted"),
    (Kind::ParamEncodingChanged, NoApi, WChg, "the same Vec, sent as Name.N or as a JSON array: the other form is not read"),
    (Kind::ParamDeprecated, NoApi, WNone, "documentation only"),
    (Kind::ParamUndeprecated, NoApi, WNone, "documentation only"),
    (Kind::DefaultAdded, NoApi, WChg, "an omitted parameter now has a documented meaning"),
    (Kind::DefaultRemoved, NoApi, WChg, "an omitted parameter no longer has a documented meaning"),
    (Kind::DefaultChanged, NoApi, WChg, "an omitted parameter means something else"),
    (Kind::RangeNarrowed, NoApi, WNar, "values that were valid are rejected"),
    (Kind::RangeWidened, NoApi, WWid, "values that were rejected are valid"),
    (Kind::RangeChanged, NoApi, WChg, "some values become valid, others are rejected"),
    (Kind::EnumValueAdded, NoApi, WWid, "one more accepted value"),
    (Kind::EnumValueRemoved, NoApi, WNar, "a value that was valid is rejected"),
    (Kind::EnumVariantAdded, Brk, WWid, "a new variant of an exhaustive enum breaks matches on it"),
    (Kind::EnumVariantRemoved, Brk, WNar, "the variant goes; the value is rejected"),
    (Kind::EnumIntroduced, NoApi, WNar, "only the listed values are valid now"),
    (Kind::EnumDropped, NoApi, WWid, "any value is valid now"),
    (Kind::EnumTypeIntroduced, Brk, WNar, "String becomes an enum; only the listed values are valid"),
    (Kind::EnumTypeDropped, Brk, WWid, "the enum becomes String; any value is valid"),
    (Kind::LengthNarrowed, NoApi, WNar, "strings that were valid are too short or too long now"),
    (Kind::LengthWidened, NoApi, WWid, "more string lengths are valid"),
    (Kind::ItemsNarrowed, NoApi, WNar, "lists that were valid have too few or too many items now"),
    (Kind::ItemsWidened, NoApi, WWid, "more list sizes are valid"),
    (Kind::PrefixNarrowed, NoApi, WNar, "values with the new forbidden prefix are rejected"),
    (Kind::PrefixWidened, NoApi, WWid, "values with the old forbidden prefix are valid"),
    (Kind::PatternAdded, NoApi, WNar, "values must match a pattern now"),
    (Kind::PatternRemoved, NoApi, WWid, "values need not match the old pattern"),
    (Kind::PatternChanged, NoApi, WChg, "values must match another pattern"),
    (Kind::FieldAdded, Add, RGain, "a new Option field; responses carry more"),
    (Kind::FieldRemoved, Brk, RLose, "the field goes; responses no longer carry it"),
    (Kind::FieldRetyped, Brk, RChg, "the field's Rust type changes with the data"),
    (Kind::FieldMoved, Brk, RChg, "the field is read from another parent"),
    (Kind::FieldRenamed, Brk, RChg, "the Rust field is renamed with the JSON key"),
    (Kind::FieldWireRenamed, NoApi, RChg, "the Rust field stays; the JSON key is spelt otherwise"),
    (Kind::FieldWrapperChanged, NoApi, RChg, "the same Vec, under another JSON wrapper key"),
    (Kind::FieldTypeRenamed, Brk, WNone, "the nested struct is generated under another name"),
    (Kind::FieldRustRenamed, Brk, WNone, "the Rust field is renamed; the JSON name stays"),
    (Kind::ErrorAdded, Add, WNone, "a new code: a new variant of the non-exhaustive error enum"),
    (Kind::ErrorRemoved, Brk, WNone, "the code's error variant goes"),
    (Kind::ErrorRowAdded, NoApi, WNone, "the code's variant is there already; its meta can name the new row"),
    (Kind::ErrorRowRemoved, NoApi, WNone, "the code's variant stays; its meta no longer names this row"),
    (Kind::ErrorCodeChanged, Brk, RChg, "the variant is named from the code; the same failure answers with another code"),
    (Kind::ErrorStatusChanged, NoApi, RChg, "the same code answers with another HTTP status"),
    (Kind::ErrorMessageChanged, NoApi, WNone, "the variant is keyed by code; only the documented message of its row changes"),
];

/// The semver and wire class of `kind`.
pub fn classes(kind: Kind) -> (Semver, Wire) {
    RULES
        .iter()
        .find(|r| r.0 == kind)
        .map(|r| (r.1, r.2))
        .unwrap_or((Semver::Breaking, Wire::Changed))
}

/// Why `kind` has its classes.
pub fn reason(kind: Kind) -> &'static str {
    RULES.iter().find(|r| r.0 == kind).map_or("", |r| r.3)
}

/// Whether every value of type `a` is a valid value of type `b` on the wire (wire text: `3`
/// is an integer, a long, a float and a string).
fn accepts(b: Type, a: Type) -> bool {
    use Type::*;
    a == b
        || matches!(
            (a, b),
            (Integer, Long | Float | Double | String)
                | (Long, Double | String)
                | (Float, Double | String)
                | (Double | Boolean, String)
        )
}

/// The Rust type of a request scalar, as `crate::emit` maps it (`None`: String-like).
fn rust_scalar(t: Type) -> &'static str {
    match t {
        Type::Integer => "i32",
        Type::Long => "i64",
        Type::Float => "f32",
        Type::Double => "f64",
        Type::Boolean => "bool",
        Type::String | Type::Json => "String",
        Type::List => "Vec",
        Type::Struct => "struct",
    }
}

/// Which kind a parameter's type change is.
pub fn param_type_change(old: Type, new: Type) -> Kind {
    if rust_scalar(old) == rust_scalar(new) {
        Kind::ParamTypeRelabelled
    } else if accepts(new, old) {
        Kind::ParamTypeWidened
    } else if accepts(old, new) {
        Kind::ParamTypeNarrowed
    } else {
        Kind::ParamTypeChanged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_exactly_one_rule() {
        for k in Kind::ALL {
            assert_eq!(
                RULES.iter().filter(|r| r.0 == *k).count(),
                1,
                "{}",
                k.as_str()
            );
        }
        assert_eq!(RULES.len(), Kind::ALL.len());
    }

    #[test]
    fn type_changes_are_ordered_by_what_the_wire_accepts() {
        assert_eq!(
            param_type_change(Type::Integer, Type::Long),
            Kind::ParamTypeWidened
        );
        assert_eq!(
            param_type_change(Type::String, Type::Integer),
            Kind::ParamTypeNarrowed
        );
        assert_eq!(
            param_type_change(Type::Boolean, Type::Integer),
            Kind::ParamTypeChanged
        );
        assert_eq!(
            param_type_change(Type::String, Type::Json),
            Kind::ParamTypeRelabelled
        );
    }
}
