//! The crate root (`lib.rs`) and the operations index (`operations/mod.rs`) of a product crate.

use super::model::CrateModel;
use crate::names::ident;
use crate::spec::SpecSet;
use quote::{format_ident, quote};

/// `lib.rs`: the crate guide (the crate's hand-written `README.md`), the product descriptor, the
/// product's `Client` around the runtime's, and the runtime items users need, re-exported.
pub(super) fn lib(specs: &SpecSet) -> proc_macro2::TokenStream {
    let p = &specs.product;
    let (code, version) = (&p.product, &p.version);
    let regions = &p.regions;
    let transient = &p.transient_codes;
    // The region parameter is the runtime's own; the others are the product's settings.
    let defaults = p.client_parameters.iter().filter_map(|c| {
        let (name, env) = (&c.name, c.env.as_ref()?);
        Some(quote!(aliyun_rpc_runtime::DefaultParam::new(#name, #env)))
    });
    let rule = match &p.endpoint {
        Some(rule) => quote!(aliyun_rpc_runtime::Product::new(#code, #version, #rule)),
        None => quote!(aliyun_rpc_runtime::Product::new(#code, #version, "").without_endpoint_rule()),
    };
    let endpoints = (!p.endpoints.is_empty()).then(|| {
        let pairs = p.endpoints.iter().map(|(region, host)| quote!((#region, #host)));
        quote!(.with_endpoints(&[#(#pairs),*]))
    });
    let builder = client_builder(specs);
    let product_doc = format!(" `{code}` {version} as the runtime sees it: product code, API version, endpoint rule.");
    let client_doc = [
        format!(" A client for `{code}` {version}: one method per action, each returning a request builder."),
        String::new(),
        " Cheap to clone: clones share the connection pool, the configuration and the rate limiter.".to_string(),
        " [`runtime()`](Self::runtime) is the protocol's client underneath, for an action this crate".to_string(),
        " does not have yet.".to_string(),
    ];
    quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        // Generated files keep the generator's layout: `cargo fmt` on the workspace leaves them alone.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;

        pub use aliyun_rpc_runtime::Error;
        pub use aliyun_rpc_runtime::paginate::{Items, Paginator};

        /// What configures a [`Client`] beyond plain values: credentials and where they come from,
        /// retries, rate limits, the signature version.
        pub mod config {
            pub use aliyun_rpc_runtime::credentials::{
                AssumeRoleProvider, CredentialsChain, CredentialsUriProvider, EcsRamRoleProvider, OidcRoleProvider,
            };
            pub use aliyun_rpc_runtime::{
                ClassifyRetry, Credentials, DefaultRetryClassifier, Env, ProvideCredentials, RateLimit, RetryAction, RetryPolicy,
                SignatureVersion,
            };
        }

        /// What an [`Error`] holds: the service's answer, a request that could not be built, a
        /// response that could not be read, a timeout, a transport failure.
        pub mod error {
            pub use aliyun_rpc_runtime::{BuildError, DecodeError, ServiceError, TimeoutError, TimeoutScope, TransportError};
        }

        // What generated modules call into, by short paths (`crate::wire_object!`).
        #[allow(unused_imports)]
        use aliyun_rpc_runtime::{paginate, params, redact, wire_enum, wire_object, Method, Operation};
        use config::{Credentials, Env, RateLimit, RetryPolicy, SignatureVersion};

        #[doc = #product_doc]
        pub static PRODUCT: aliyun_rpc_runtime::Product = #rule
            #endpoints
            .with_regions(&[#(#regions),*])
            .with_user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .with_transient_codes(&[#(#transient),*])
            .with_default_params(&[#(#defaults),*]);

        #(#[doc = #client_doc])*
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: aliyun_rpc_runtime::Client,
        }

        #builder

        impl Client {
            /// A builder; anything not set on it is resolved from the environment at `build()`.
            pub fn builder() -> ClientBuilder {
                ClientBuilder(aliyun_rpc_runtime::ClientBuilder::new(&PRODUCT))
            }

            /// A client configured from the environment and the aliyun CLI profile, as the
            /// official tools are: see [`aliyun_rpc_runtime::Client::from_env`].
            pub fn from_env() -> Result<Client, Error> {
                Client::builder().build()
            }

            /// The URL requests go to: the region's endpoint, or the one configured.
            pub fn endpoint(&self) -> &str {
                self.inner.endpoint()
            }

            /// The region, if one was configured (it may be unknown when only an endpoint was given).
            pub fn region(&self) -> Option<&str> {
                self.inner.region()
            }

            /// The protocol's client this one wraps, sharing its configuration: its
            /// [`execute`](aliyun_rpc_runtime::Client::execute) calls any action of the product by name.
            pub fn runtime(&self) -> &aliyun_rpc_runtime::Client {
                &self.inner
            }
        }

        impl From<aliyun_rpc_runtime::Client> for Client {
            fn from(inner: aliyun_rpc_runtime::Client) -> Self {
                Client { inner }
            }
        }

    }
}

/// `operations/mod.rs`: the modules (each type has one path, in its action's module).
pub(super) fn operations_index(specs: &SpecSet, model: &CrateModel) -> proc_macro2::TokenStream {
    let doc = format!(" The {} actions of `{}` {}, one module each.", model.operations.len(), specs.product.product, specs.product.version);
    let mods = model.operations.iter().map(|op| {
        let m = ident(&op.module);
        quote!(pub mod #m;)
    });
    quote! {
        #![doc = #doc]
        #(#mods)*
    }
}

/// The product's `ClientBuilder`: the runtime's, with a setter for each client-wide parameter.
fn client_builder(specs: &SpecSet) -> proc_macro2::TokenStream {
    // (setter, argument type, doc) of every runtime setting, forwarded as is.
    let settings: [(&str, proc_macro2::TokenStream, &str); 13] = [
        (
            "region",
            quote!(impl Into<String>),
            "The region, e.g. `cn-shanghai`: the endpoint is the product's endpoint there, and actions that take `RegionId` are sent it unless a call sets its own.",
        ),
        ("endpoint", quote!(impl Into<String>), "Any `http://` or `https://` base URL (e.g. a local emulator), instead of the region's endpoint."),
        ("credentials", quote!(Credentials), "Static credentials: the first step of the chain, so nothing else is looked up."),
        (
            "credentials_provider",
            quote!(impl config::ProvideCredentials + 'static),
            "Where credentials come from instead of the chain: an assumed role, an ECS instance role, one of your own; refreshed before they expire.",
        ),
        ("env", quote!(Env), "Where unset settings are read from instead of the process environment."),
        ("connect_timeout", quote!(::std::time::Duration), "Limit for opening a connection (default 5 s)."),
        ("attempt_timeout", quote!(::std::time::Duration), "Limit for one attempt (default 10 s)."),
        ("total_timeout", quote!(Option<::std::time::Duration>), "Limit for a whole call, retries and waits included (default 60 s)."),
        ("retry_policy", quote!(RetryPolicy), "When and how failed attempts are repeated."),
        ("rate_limit", quote!(RateLimit), "Client-side rate limiting (default: each action's documented QPS)."),
        ("signature_version", quote!(SignatureVersion), "V3 (`ACS3-HMAC-SHA256`, default) or V1 (`HMAC-SHA1`)."),
        ("user_agent_suffix", quote!(impl Into<String>), "Text appended to the `User-Agent` header, e.g. `my-app/1.2`."),
        (
            "http_client",
            quote!(aliyun_rpc_runtime::reqwest::Client),
            "Your own HTTP client (a proxy, a private CA, your connection pool) instead of the built-in one, which reads the proxy settings of the environment.",
        ),
    ];
    let forwarded = settings.iter().map(|(name, ty, doc)| {
        let setter = format_ident!("{name}");
        let doc = format!(" {doc} See [`aliyun_rpc_runtime::ClientBuilder::{name}`].");
        quote! {
            #[doc = #doc]
            pub fn #setter(self, value: #ty) -> Self {
                ClientBuilder(self.0.#setter(value))
            }
        }
    });
    let parameters = specs.product.client_parameters.iter().filter_map(|c| {
        let setter = ident(&crate::names::snake(&c.name));
        let (name, env) = (&c.name, c.env.as_ref()?);
        let doc =
            format!(" Sends `{name}` with every action that takes it, unless a call sets its own. Without it, `{env}` is read from the environment.");
        Some(quote! {
            #[doc = #doc]
            pub fn #setter(self, value: impl Into<String>) -> Self {
                ClientBuilder(self.0.default_param(#name, value))
            }
        })
    });
    quote! {
        /// Configures a [`Client`]: region, endpoint, credentials, timeouts, retries, rate limits,
        /// signature version. Anything unset comes from the environment, as the official tools read it.
        #[derive(Debug)]
        #[must_use = "a builder does nothing until `build()`"]
        pub struct ClientBuilder(aliyun_rpc_runtime::ClientBuilder<Client>);

        impl ClientBuilder {
            #(#forwarded)*
            #(#parameters)*

            /// Resolves what is unset from the environment and makes the client.
            pub fn build(self) -> Result<Client, Error> {
                self.0.build()
            }
        }
    }
}
