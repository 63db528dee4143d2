//! One change between two models of the same action, and its two classes: the effect on the
//! generated Rust API (semver) and on the wire. The rules that assign the classes live in
//! [`super::classify`].

use serde::Serialize;

/// Effect on the generated Rust API, in semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Code that compiled against the old client may not compile (or may behave differently).
    Breaking,
    /// The API only grows.
    Additive,
    /// The generated API is the same.
    None,
}

/// Effect on what travels over the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wire {
    /// Requests that were valid are now rejected.
    Narrowed,
    /// The set of valid requests changed both ways, or a request now means something else
    /// (a renamed parameter, another list encoding, another default).
    Changed,
    /// Responses lose data the old client read.
    ResponseLoses,
    /// Responses carry the same data in another shape or type.
    ResponseChanged,
    /// Requests that were rejected are now accepted.
    Widened,
    /// Responses gain data.
    ResponseGains,
    /// Nothing changes on the wire.
    None,
}

impl Wire {
    /// A change a deployed client can notice: a valid request rejected, or a response it
    /// reads no longer there or shaped as before.
    pub fn is_breaking(self) -> bool {
        matches!(
            self,
            Wire::Narrowed | Wire::Changed | Wire::ResponseLoses | Wire::ResponseChanged
        )
    }
}

/// The one class a change is grouped and counted by: `breaking` when either effect breaks
/// (narrowing is breaking even when the Rust API is unchanged), `additive` when something is
/// gained, `none` when neither the API nor the wire changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Breaking,
    Additive,
    None,
}

impl Class {
    pub fn of(semver: Semver, wire: Wire) -> Class {
        if semver == Semver::Breaking || wire.is_breaking() {
            Class::Breaking
        } else if semver == Semver::Additive || matches!(wire, Wire::Widened | Wire::ResponseGains)
        {
            Class::Additive
        } else {
            Class::None
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::None => "none",
        }
    }
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Breaking => "breaking",
            Semver::Additive => "additive",
            Semver::None => "none",
        }
    }
}

impl Wire {
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Narrowed => "narrowed",
            Wire::Changed => "changed",
            Wire::ResponseLoses => "response-loses",
            Wire::ResponseChanged => "response-changed",
            Wire::Widened => "widened",
            Wire::ResponseGains => "response-gains",
            Wire::None => "none",
        }
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $v:ident = $s:literal,)*) => {
        /// What changed. The kebab-case names are the stable `kind` of `--json`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Kind {
            $($(#[$doc])* #[serde(rename = $s)] $v,)*
        }
        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$v,)*];
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$v => $s,)*
                }
            }
        }
    };
}

kinds! {
    ActionAdded = "action-added",
    ActionRemoved = "action-removed",
    /// The product code or API version of the action.
    ApiVersionChanged = "api-version-changed",
    ParamAdded = "param-added",
    ParamAddedRequired = "param-added-required",
    ParamRemoved = "param-removed",
    /// Another wire name and another Rust name.
    ParamRenamed = "param-renamed",
    /// Another wire name, the same Rust name (a case-only rename such as `regionId` -> `RegionId`).
    ParamWireRenamed = "param-wire-renamed",
    /// The same wire name, another Rust name (a sibling took the old one).
    ParamRustRenamed = "param-rust-renamed",
    /// Another type that accepts every value the old one did (`integer` -> `long`).
    ParamTypeWidened = "param-type-widened",
    /// Another type that accepts only some of the old values (`string` -> `integer`).
    ParamTypeNarrowed = "param-type-narrowed",
    /// Another type, neither wider nor narrower (`boolean` -> `integer`, scalar -> list).
    ParamTypeChanged = "param-type-changed",
    /// Another type with the same Rust type (`string` <-> `json`).
    ParamTypeRelabelled = "param-type-relabelled",
    ParamNowRequired = "param-now-required",
    ParamNowOptional = "param-now-optional",
    ParamEncodingChanged = "param-encoding-changed",
    ParamDeprecated = "param-deprecated",
    ParamUndeprecated = "param-undeprecated",
    DefaultAdded = "default-added",
    DefaultRemoved = "default-removed",
    DefaultChanged = "default-changed",
    RangeNarrowed = "range-narrowed",
    RangeWidened = "range-widened",
    RangeChanged = "range-changed",
    /// A value joins a closed set that is a plain string (or number) in Rust.
    EnumValueAdded = "enum-value-added",
    EnumValueRemoved = "enum-value-removed",
    /// A value joins a closed set the client generates as a Rust enum.
    EnumVariantAdded = "enum-variant-added",
    EnumVariantRemoved = "enum-variant-removed",
    /// A closed set appears where any value was accepted.
    EnumIntroduced = "enum-introduced",
    EnumDropped = "enum-dropped",
    /// As `EnumIntroduced`/`EnumDropped`, for a set the client generates as a Rust enum.
    EnumTypeIntroduced = "enum-type-introduced",
    EnumTypeDropped = "enum-type-dropped",
    LengthNarrowed = "length-narrowed",
    LengthWidened = "length-widened",
    /// Item limits of a list (`Valid values of N: 1 to 20`, `最多传入24个`).
    ItemsNarrowed = "items-narrowed",
    ItemsWidened = "items-widened",
    /// A forbidden prefix added (`cannot start with http://`).
    PrefixNarrowed = "prefix-narrowed",
    PrefixWidened = "prefix-widened",
    PatternAdded = "pattern-added",
    PatternRemoved = "pattern-removed",
    PatternChanged = "pattern-changed",
    FieldAdded = "field-added",
    FieldRemoved = "field-removed",
    FieldRetyped = "field-retyped",
    FieldMoved = "field-moved",
    /// Another JSON name under the same parent (the same members, or a case-only respelling).
    FieldRenamed = "field-renamed",
    /// As `FieldRenamed`, but the Rust field keeps its name (`InstanceID` -> `InstanceId`).
    FieldWireRenamed = "field-wire-renamed",
    FieldWrapperChanged = "field-wrapper-changed",
    /// Another generated struct name for a nested object (`Array of Instance` -> `Array of X`).
    FieldTypeRenamed = "field-type-renamed",
    FieldRustRenamed = "field-rust-renamed",
    /// A new code, so a new variant of the non-exhaustive error enum.
    ErrorAdded = "error-added",
    /// A code gone, so its variant.
    ErrorRemoved = "error-removed",
    /// Another row of a code whose variant was there already (or a common code).
    ErrorRowAdded = "error-row-added",
    /// A row gone whose code's variant stays (another row has the code, or it is common).
    ErrorRowRemoved = "error-row-removed",
    /// The same message (and failure) under another code.
    ErrorCodeChanged = "error-code-changed",
    ErrorStatusChanged = "error-status-changed",
    ErrorMessageChanged = "error-message-changed",
}

/// One change, located on both pages (`None` on the side where the thing does not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// What changed: a parameter path (`Tag.N.Key`), a response path (`Instances[].InstanceId`),
    /// an error (`403 ParameterInvalid`) or the action name.
    pub path: String,
    /// The old value, as text, where there is one (`null` in JSON otherwise).
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    pub semver: Semver,
    pub wire: Wire,
    pub class: Class,
}

impl Change {
    /// A change of `kind`, classified by the rule table.
    pub fn new(kind: Kind, path: impl Into<String>) -> Change {
        let (semver, wire) = super::classify::classes(kind);
        Change {
            kind,
            path: path.into(),
            old: None,
            new: None,
            old_line: None,
            new_line: None,
            semver,
            wire,
            class: Class::of(semver, wire),
        }
    }
    pub fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }
    pub fn lines(mut self, old: Option<u32>, new: Option<u32>) -> Change {
        self.old_line = old;
        self.new_line = new;
        self
    }
}
