//! # codegen-runtime
//!
//! The runtime of the API clients that `codegen` generates: everything a generated crate
//! needs that does not depend on the spec it was generated from. A generated crate holds its
//! models, its sans-IO request functions and a `Client` whose methods are the spec's
//! operations; this crate holds the machinery they stand on, compiled once however many
//! generated clients a program uses:
//!
//! - [`Transport`] and [`ClientBuilder`] (feature `client`): reqwest with rustls, credentials
//!   sent to the base URL's origin only, retries ([`RetryPolicy`]), bounded reads, hooks
//!   ([`Hook`]), and the [`Items`] stream of paginated lists.
//! - [`Error`] and [`ApiError`]: every way a call can fail.
//! - [`Nullable`] and [`Patch`]: null kept distinct from absent, in received objects and in
//!   PATCH bodies; [`Decimal`]: money as written.
//! - [`Filter`] and [`Order`]: the expression builders of `x-expression` parameters.
//! - [`wire`]: the helpers generated request and response functions call.
//!
//! A generated crate re-exports what its users need, so a program depends on the generated
//! crate alone. What is spec-specific reaches the runtime as data: a [`Spec`] (servers,
//! server variables, security schemes) given through the generated client's [`Api`] impl.
//!
//! ## Versions
//!
//! A generated crate names the runtime version it was generated for; the generator of this
//! workspace emits code for the runtime of the same workspace (by path, or by version with
//! `--runtime-version`). The runtime follows semver: items marked `#[doc(hidden)]` are the
//! contract with generated code and may change only in a major version together with the
//! generator; everything else is public API for programs.
#![deny(missing_docs)]

#[doc(hidden)]
pub mod args;
#[doc(hidden)]
mod builder;
pub mod codec;
mod decimal;
mod error;
mod nullable;
#[doc(hidden)]
mod operation;
#[cfg(feature = "client")]
mod paginate;
mod patch;
mod query;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod transport;
#[doc(hidden)]
pub mod wire;

pub use decimal::{Decimal, ParseDecimalError};
pub use error::{ApiError, Call, Error, ErrorResponses, Untyped};
pub use nullable::Nullable;
#[cfg(feature = "client")]
pub use paginate::Items;
#[cfg(feature = "client")]
#[doc(hidden)]
pub use paginate::{Fetch, Page, PageFuture, offset_as, read_page};
pub use patch::Patch;
pub use query::{Filter, FilterValue, Order};
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
pub use transport::{
    Api, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Hook,
    SchemeKind, Sending, Spec, Transport, redirect_policy,
};

/// The `http` crate, whose request, response, method and status types appear in the API.
pub use http;
/// The ordered map of unknown properties typed by an `additionalProperties` schema.
pub use indexmap::IndexMap;
/// serde, whose traits the generated models implement.
pub use serde;
/// serde_json, whose `Value` holds free-form and unknown data in the generated models.
pub use serde_json;
