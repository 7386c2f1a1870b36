//! Typed async client for Alibaba Cloud IoT Platform (`Iot`, API version `2018-01-20`).
//!
//! Every action has a module in [`operations`], generated from `api-specs/` by
//! `cargo xtask regenerate`, and a method on [`Client`] that returns a fluent builder:
//!
//! ```no_run
//! # async fn demo(client: aliyun_iot::Client) -> Result<(), aliyun_iot::Error> {
//! let page = client.query_product_list().current_page(1).page_size(10).send().await?;
//! for product in page.data.unwrap_or_default().list {
//!     println!("{:?} {:?}", product.product_key, product.product_name);
//! }
//! # Ok(()) }
//! ```

mod client;
pub mod credentials;
#[cfg(feature = "emulator")]
pub mod emulator;
#[doc(hidden)]
pub mod de;
pub mod enums;
mod error;
pub mod operation;
pub mod operations;
#[doc(hidden)]
pub mod params;
#[doc(hidden)]
pub mod redact;
mod rate_limit;
mod retry;
pub mod signing;

// The generator's fixture operations, compiled to prove the snapshots build, and tested.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
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
