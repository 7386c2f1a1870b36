//! The code generator behind `cargo xtask`: a spec model ([`spec`]) loaded and validated from
//! `api-specs/`, a Rust emitter ([`generate`]) for the `aliyun-iot` crate, and a doc page importer.

pub mod api_report;
pub mod generate;
pub mod import;
pub mod names;
pub mod regenerate;
pub mod spec;
