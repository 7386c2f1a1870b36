//! The Alibaba Cloud RPC protocol for generated product crates: a [`Client`] given a [`Product`]
//! descriptor, signing ([`signing`], V3 and V1), the credentials chain ([`credentials`]),
//! endpoints, retries ([`RetryPolicy`]), client-side rate limiting ([`RateLimit`]), typed errors
//! ([`Error`]), request parameter encoding ([`params`]), lenient response decoding ([`de`]) and
//! forward-compatible enums ([`UnknownValue`]).
//!
//! It names no product: a product crate is generated from one spec per
//! action and supplies a [`Product`] and one [`Operation`] per action.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

mod client;
pub mod credentials;
pub mod de;
pub mod enums;
mod error;
pub mod operation;
pub mod paginate;
pub mod params;
pub mod product;
pub mod protocol;
mod rate_limit;
#[doc(hidden)]
pub mod redact;
mod retry;
pub mod signing;

pub use client::{Client, ClientBuilder};
pub use credentials::{Credentials, Env, ProvideCredentials};
pub use de::{ActionOutput, RawBody};
pub use enums::UnknownValue;
pub use error::{DecodeError, Error, ServiceError, TimeoutError, TimeoutScope, TransportError};
pub use operation::{Method, Operation};
pub use params::BuildError;
pub use product::{DefaultParam, Product};
pub use rate_limit::RateLimit;
/// The HTTP client crate [`ClientBuilder::http_client`] takes, at the version this crate uses.
pub use reqwest;
pub use retry::{ClassifyRetry, DefaultRetryClassifier, RetryAction, RetryPolicy};
pub use signing::SignatureVersion;
