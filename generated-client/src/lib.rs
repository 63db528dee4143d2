//! Typed client for the Alibaba Cloud ECS API, generated from the reference pages.
//!
//! Every page in the workspace's `specs/` folder becomes a module of [`actions`]: a request
//! type with a validating builder, its wire encoding, a response type and an error enum. The
//! same generator is available to user crates through the [`ecs_action`] attribute:
//!
//! ```ignore
//! #[ecs_client::ecs_action(spec = "specs/CreateAutoSnapshotPolicy.md")]
//! pub struct CreateAutoSnapshotPolicy;
//! ```
//!
//! # Validation and stale documentation
//! Builders check every rule the documentation states (required parameters, ranges, closed
//! value sets, lengths, prefixes, patterns, item counts) and report all violations at once
//! ([`ValidationErrors`]). Documentation can be stale; to send a request the docs would reject,
//! use the builder's `build_unchecked()` (checks only that required fields are present, since
//! the type needs them), or write the request as a struct literal, which is never validated
//! until you call `validate()` yourself.
//!
//! The generated code reaches this runtime only through the hidden [`__private`] module:
//! behaviour (validation, wire encoding, error matching, lenient response parsing) is written
//! once here and compiled once, and per action only data and thin trait impls are generated.

#![forbid(unsafe_code)]

extern crate self as ecs_client;

pub mod credentials;
pub mod de;
pub mod error;
pub mod model;
pub mod params;
pub mod secret;
pub mod sign;
pub mod validate;
pub mod wire;

pub use credentials::{
    ChainOptions, Credentials, CredentialsError, CredentialsProvider, ProvideCredentials,
};
pub use ecs_macros::{ecs_action, ecs_actions};
pub use params::{ParamError, ParamsError};
pub use secret::Secret;
pub use validate::{ValidationErrors, Violation};

/// What every generated request type knows about itself.
pub trait Action: model::Struct {
    /// The `Action` parameter.
    const ACTION: &'static str;
    /// The API version (`2014-05-26`).
    const VERSION: &'static str;
    /// The product code (`Ecs`).
    const PRODUCT: &'static str;
    /// The success response.
    type Response: serde::de::DeserializeOwned;
    /// The action's error enum.
    type Error: std::error::Error;

    /// The request's own wire parameters.
    fn to_params(&self) -> Vec<(String, String)>
    where
        Self: Sized,
    {
        wire::to_params(self)
    }
}

/// Runtime items the generated code names by absolute path (`::ecs_client::__private::…`).
/// Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::de;
    pub use crate::error::{
        common_kind, error_index, fmt_error_debug, is_retryable, match_row, Common, ErrorRowSpec,
    };
    pub use crate::model::{Check, FieldSpec, List, Rule, Shape, Struct, StructSpec, Value, View};
    pub use crate::params::{self, FromParam, ParamError, ParamsError};
    pub use crate::validate::{incomplete, validate, validate_required, ValidationErrors};
    pub use crate::wire::to_params;
    pub use crate::Action;
    pub use serde;
    pub use serde_json;
}

/// One module per page in the workspace's `specs/` folder.
pub mod actions {
    crate::ecs_actions!(dir = "../specs");
}
