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
    /// The parameters (top-level names) sent in the form body of a POST; the others go in the
    /// query string, where the official SDKs put them. A GET sends all in the query.
    pub body: &'static [&'static str],
    /// The client-wide parameters this action takes: the product's
    /// ([`Product::default_params`](crate::Product::default_params)), and
    /// [`RegionId`](crate::protocol::REGION_ID), filled from the client's region.
    pub default_params: &'static [&'static str],
    /// Those of [`default_params`](Operation::default_params) the action requires, with the
    /// request builder's setter: a call fails before any I/O when neither it nor the client sets
    /// them.
    pub required_defaults: &'static [(&'static str, &'static str)],
}

impl Operation {
    /// An action's descriptor: not idempotent, no documented QPS, every parameter in the query.
    /// `const`, as are the `with_` methods, so generated crates can build it in a constant:
    /// `Operation::new("DescribeThings", Method::Get).idempotent().with_qps(50.0)`.
    pub const fn new(action: &'static str, method: Method) -> Self {
        Operation { action, method, idempotent: false, qps: None, body: &[], default_params: &[], required_defaults: &[] }
    }

    /// Safe to repeat when the outcome of an attempt is unknown (a read, or a write the service
    /// deduplicates).
    pub const fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// With a documented limit of `qps` queries per second per account.
    pub const fn with_qps(mut self, qps: f64) -> Self {
        self.qps = Some(qps);
        self
    }

    /// With these parameters in the form body of a POST.
    pub const fn with_body(mut self, body: &'static [&'static str]) -> Self {
        self.body = body;
        self
    }

    /// Taking these client-wide parameters.
    pub const fn with_default_params(mut self, names: &'static [&'static str]) -> Self {
        self.default_params = names;
        self
    }

    /// Requiring these of its client-wide parameters.
    pub const fn with_required_defaults(mut self, names: &'static [(&'static str, &'static str)]) -> Self {
        self.required_defaults = names;
        self
    }

    /// Whether a parameter (`Name`, or `Name.1.Field` of a list) goes in the form body.
    pub fn in_body(&self, param: &str) -> bool {
        self.method == Method::Post && self.body.contains(&param.split('.').next().unwrap_or(param))
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
