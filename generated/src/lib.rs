//! Typed async client for Alibaba Cloud IoT Platform (`Iot`, API version `2018-01-20`).
//!
//! Every action has a module in [`operations`], generated from `api-specs/` by
//! `cargo xtask regenerate`, and a method on [`Client`] that returns a fluent builder:
//!
//! ```no_run
//! # async fn demo() -> Result<(), aliyun_iot::Error> {
//! let client = aliyun_iot::Client::from_env()?;
//! let page = client.query_product_list().current_page(1).page_size(10).send().await?;
//! println!("request {:?}", page.request_id());
//! for product in page.data.unwrap_or_default().list {
//!     println!("{:?} {:?}", product.product_key, product.product_name);
//! }
//! # Ok(()) }
//! ```
//!
//! - **Configuration**: [`Client::from_env`] resolves credentials, region and endpoint the way
//!   the official tools do ([`credentials`]); [`Client::builder`] sets any of them explicitly,
//!   with timeouts, a [`RetryPolicy`], a [`RateLimit`] and the [`SignatureVersion`] (V3 by default).
//! - **Requests**: required parameters are checked before any I/O ([`Error::Build`]); arrays go
//!   out as `Name.1`, `Name.2`; every attempt is signed afresh.
//! - **Responses**: output fields are all optional or default-empty and decode leniently (numbers
//!   as strings and back, `null` anywhere, wrapped or bare arrays); documented values are
//!   forward-compatible enums ([`UnknownValue`]). Secrets never show in `Debug`.
//! - **Errors**: one [`Error`]; service errors, whether the gateway's (HTTP 4xx/5xx) or IoT's
//!   (HTTP 200 with `Success: false`), carry `code()`, `request_id()` and `http_status()`;
//!   `is_throttling()` and `is_retryable()` classify them.
//! - **Testing**: the `emulator` feature serves every operation locally over real HTTP, verifying
//!   signatures like the gateway, with scripted replies, injected faults and a request journal.

mod client;
pub mod credentials;
#[doc(hidden)]
pub mod de;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod enums;
mod error;
pub mod operation;
// Generated and formatted by `cargo xtask regenerate` (prettyplease), not by rustfmt.
#[rustfmt::skip]
pub mod operations;
#[doc(hidden)]
pub mod params;
mod rate_limit;
#[doc(hidden)]
pub mod redact;
mod retry;
pub mod signing;

// The generator's fixture operations, compiled to prove the snapshots build, and tested.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
mod fixtures;
#[cfg(test)]
mod generated_code_tests;

pub use client::{API_VERSION, Client, ClientBuilder};
pub use credentials::{Credentials, Env};
pub use enums::UnknownValue;
pub use error::{DecodeError, Error, ServiceError, TimeoutError, TimeoutScope, TransportError};
pub use params::BuildError;
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use signing::SignatureVersion;
