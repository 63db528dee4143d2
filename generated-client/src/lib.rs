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
//! # Sending requests
//! A [`Client`] sends any [`Action`]; every action of [`actions`] also has a method on it that
//! starts a builder bound to the client:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = ecs_client::Client::from_env()?;
//! let created = client
//!     .create_auto_snapshot_policy()
//!     .region_id("cn-hangzhou")
//!     .time_points([0, 19])
//!     .repeat_weekdays([1, 7])
//!     .retention_days(30)
//!     .send()
//!     .await?;
//! # let _ = created; Ok(()) }
//! ```
//!
//! [`Config`] picks the region, endpoint ([`endpoint`]), credentials ([`credentials`]: the
//! official default chain), signature version ([`sign`]), retries ([`retry`] states when a
//! failed call is tried again) and timeouts. Failures are [`SdkError`]s whose `Service` case
//! is the action's own error enum. Paging actions have `into_paginator()` ([`paginate`]).
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

mod client;
pub mod config;
pub mod credentials;
pub mod de;
pub mod endpoint;
pub mod error;
pub mod model;
pub mod paginate;
pub mod params;
pub mod region;
pub mod retry;
pub mod sdk_error;
pub mod secret;
pub mod sign;
pub mod transport;
pub mod validate;
pub mod value_set;
pub mod waiter;
pub mod wire;

pub use client::Client;
pub use config::{Config, ConfigBuilder, ConfigError, ConfigOverride, SignatureVersion};
pub use credentials::{
    ChainOptions, Credentials, CredentialsError, CredentialsProvider, ProvideCredentials,
};
pub use ecs_macros::{ecs_action, ecs_actions};
pub use error::{ActionError, ErrorMeta};
pub use paginate::{PageItems, Paginated, Paginator, Paging};
pub use params::{ParamError, ParamsError};
pub use retry::RetryPolicy;
pub use sdk_error::{ResponseError, SdkError};
pub use secret::Secret;
pub use validate::{ValidationErrors, Violation};
pub use value_set::ValueSet;
pub use waiter::{ManualClock, WaitDecision, WaitOptions, WaiterError};

/// What every generated request type knows about itself.
pub trait Action: model::Struct + Send + Sync + 'static {
    /// The `Action` parameter.
    const ACTION: &'static str;
    /// The API version (`2014-05-26`).
    const VERSION: &'static str;
    /// The product code (`Ecs`).
    const PRODUCT: &'static str;
    /// The success response.
    type Response: serde::de::DeserializeOwned + Send + 'static;
    /// The action's error enum.
    type Error: ActionError;

    /// Whether the action only reads, so that retrying it is always safe (see [`retry`]).
    fn read_only() -> bool {
        retry::is_read_only(Self::ACTION)
    }

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
    pub use crate::__from_params_gate as from_params_gate;
    pub use crate::client::{send_built, send_owned};
    pub use crate::config::ConfigOverride;
    pub use crate::de;
    pub use crate::error::{
        classify, common_kind, error_index, fmt_error_debug, is_retryable, match_row, ActionError,
        Common, ErrorMeta, ErrorRowSpec,
    };
    pub use crate::model::{Check, FieldSpec, List, Rule, Shape, Struct, StructSpec, Value, View};
    pub use crate::paginate::{PageItems, Paginated, Paginator, Paging};
    pub use crate::params::{self, FromParam, ParamError, ParamsError};
    pub use crate::region::fill_region;
    pub use crate::sdk_error::SdkError;
    pub use crate::secret::Redacted;
    pub use crate::validate::{incomplete, validate, validate_required, ValidationErrors};
    pub use crate::value_set::{self, ValueSet};
    pub use crate::waiter::{Sleep, StatusWaiter, TimeSource, WaiterError, Waiting};
    pub use crate::wire::to_params;
    pub use crate::Action;
    pub use crate::Client;
    pub use serde;
    pub use serde_json;
}

/// One module per page in the workspace's `specs/` folder, or in the folder named by the
/// `ECS_CLIENT_SPECS` environment variable at build time (absolute, or relative to this
/// crate's folder), e.g. `ECS_CLIENT_SPECS=$PWD/../shared/corpus/ecs/en-US` for every ECS
/// action. Each action also gets a [`Client`] method (`client.create_auto_snapshot_policy()`).
pub mod actions {
    crate::ecs_actions!(
        dir = "../specs",
        dir_env = "ECS_CLIENT_SPECS",
        client_methods = "true"
    );
}
