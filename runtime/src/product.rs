//! What the runtime needs to know about a product: its code, API version and endpoints. A product
//! crate generates one [`Product`] constant from its `product.yaml`.

/// An Alibaba Cloud RPC product at one API version.
#[derive(Debug)]
#[non_exhaustive]
pub struct Product {
    /// The product code, e.g. `Ecs`.
    pub code: &'static str,
    /// The API version every request names (`Version`, `x-acs-version`).
    pub version: &'static str,
    /// The endpoint rule: the host for a region not in [`endpoints`](Product::endpoints), with
    /// `{region}` where the region id goes (a host without it serves every region). `None`: only
    /// the listed regions have an endpoint.
    pub endpoint: Option<&'static str>,
    /// Regions whose host the rule does not give: `(region, host)`.
    pub endpoints: &'static [(&'static str, &'static str)],
    /// The regions documented for the product. Others are not refused where the rule gives them a
    /// host: regions open after a crate is generated.
    pub regions: &'static [&'static str],
    /// The first word of the `User-Agent` header: the product crate's name and version.
    pub user_agent: &'static str,
    /// The product's own error codes that mean "try again later" (retried like a 5xx).
    pub transient_codes: &'static [&'static str],
    /// Parameters a client sets once for every action that takes them (a call's own value wins),
    /// e.g. an instance id.
    pub default_params: &'static [DefaultParam],
}

/// A parameter a client sets once for every action that takes it.
#[derive(Debug)]
#[non_exhaustive]
pub struct DefaultParam {
    /// The wire name.
    pub name: &'static str,
    /// The environment variable [`ClientBuilder::build`](crate::ClientBuilder::build) reads it
    /// from when the builder does not set it.
    pub env: &'static str,
}

impl DefaultParam {
    /// A client-wide parameter; `const`, for generated crates.
    pub const fn new(name: &'static str, env: &'static str) -> Self {
        DefaultParam { name, env }
    }
}

impl Product {
    /// A product descriptor whose endpoint rule is `endpoint` (see [`Product::endpoint`]), with no
    /// documented regions or transient codes, and `aliyun-rpc-runtime` as its user agent; `const`,
    /// so generated crates build it in a constant.
    pub const fn new(code: &'static str, version: &'static str, endpoint: &'static str) -> Self {
        Product {
            code,
            version,
            endpoint: Some(endpoint),
            endpoints: &[],
            regions: &[],
            user_agent: "aliyun-rpc-runtime",
            transient_codes: &[],
            default_params: &[],
        }
    }

    /// Without an endpoint rule: only the regions of [`with_endpoints`](Product::with_endpoints)
    /// have an endpoint.
    pub const fn without_endpoint_rule(mut self) -> Self {
        self.endpoint = None;
        self
    }

    /// With these hosts for regions the rule does not give: `(region, host)`.
    pub const fn with_endpoints(mut self, endpoints: &'static [(&'static str, &'static str)]) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// With these documented regions.
    pub const fn with_regions(mut self, regions: &'static [&'static str]) -> Self {
        self.regions = regions;
        self
    }

    /// With this `User-Agent` start, e.g. `my-crate/1.0`.
    pub const fn with_user_agent(mut self, user_agent: &'static str) -> Self {
        self.user_agent = user_agent;
        self
    }

    /// With these error codes retried as transient.
    pub const fn with_transient_codes(mut self, codes: &'static [&'static str]) -> Self {
        self.transient_codes = codes;
        self
    }

    /// With these client-wide parameters.
    pub const fn with_default_params(mut self, params: &'static [DefaultParam]) -> Self {
        self.default_params = params;
        self
    }

    /// The endpoint host of `region`: the listed one, else the rule's; `None` when neither gives one.
    pub fn endpoint_for(&self, region: &str) -> Option<String> {
        match self.endpoints.iter().find(|(r, _)| *r == region) {
            Some((_, host)) => Some(host.to_string()),
            None => self.endpoint.map(|rule| rule.replace("{region}", region)),
        }
    }
}
