//! What the runtime needs to know about one action: generated as one `OPERATION` constant per
//! operation module of a product crate. Anything only a server would need (parameter shapes,
//! samples) is not here, so it is never compiled into a client.

/// One API action.
#[derive(Debug)]
#[non_exhaustive]
pub struct Operation {
    /// The wire `Action` name.
    pub action: &'static str,
    /// The HTTP method the client uses.
    pub method: Method,
    /// Safe to repeat when the outcome of an attempt is unknown.
    pub idempotent: bool,
    /// Documented per-account queries per second.
    pub qps: Option<f64>,
}

impl Operation {
    /// An action's descriptor; `const`, so generated crates can build it in a constant.
    pub const fn new(action: &'static str, method: Method, idempotent: bool, qps: Option<f64>) -> Self {
        Operation { action, method, idempotent, qps }
    }
}

/// An HTTP method an RPC action accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Parameters in the query string.
    Get,
    /// Parameters in a form body.
    Post,
}

impl Method {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}
