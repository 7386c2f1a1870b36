//! The client. (Skeleton: the client-runtime work replaces `execute` with signing, HTTP, retries.)

use crate::operation::Operation;
use crate::params::ToParams;
use crate::Error;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Client {
    #[allow(dead_code)]
    inner: Arc<()>,
}

impl Client {
    /// Runs one operation: the single entry point of every generated `send()`.
    pub(crate) async fn execute<I, O>(&self, op: &'static Operation, input: &I) -> Result<O, Error>
    where
        I: ToParams,
        O: serde::de::DeserializeOwned,
    {
        let _params = input.to_params()?;
        let _ = op;
        todo!("client runtime")
    }
}
