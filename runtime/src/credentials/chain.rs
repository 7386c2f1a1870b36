//! Steps 2 to 7 of the chain (see the [module docs](super)): which apply is decided from variables
//! and files when the chain is built; the steps that apply are tried in order at the first fetch.

use super::ecs::{self, EcsRamRoleProvider};
use super::http::Http;
use super::sts::{self, AssumeRoleProvider, OidcRoleProvider};
use super::uri::CredentialsUriProvider;
use super::{ChainAttempt, Credentials, CredentialsError, CredentialsFuture, Env, ProvideCredentials, files};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const OIDC_ROLE: &str = "OIDC role (RRSA)";
const ECS_ROLE: &str = "ECS instance RAM role";
const CREDENTIALS_URI: &str = "credentials URI";
const OIDC_VARS: [&str; 3] = ["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"];

/// Where credentials come from, as configured: what a chain step found, not yet fetched.
pub(super) enum Source {
    Static(Credentials),
    AssumeRole(RoleSpec),
    Oidc(OidcSpec),
    Ecs { role_name: Option<String> },
    Uri(String),
}

/// STS `AssumeRole` with the credentials of `source`.
pub(super) struct RoleSpec {
    pub(super) source: Box<Source>,
    pub(super) role_arn: String,
    pub(super) session_name: Option<String>,
    pub(super) duration_seconds: Option<u64>,
    pub(super) policy: Option<String>,
    pub(super) external_id: Option<String>,
    pub(super) sts_region: Option<String>,
}

/// STS `AssumeRoleWithOIDC` with the token in `token_file`.
pub(super) struct OidcSpec {
    pub(super) role_arn: String,
    pub(super) provider_arn: String,
    pub(super) token_file: PathBuf,
    pub(super) session_name: Option<String>,
    pub(super) duration_seconds: Option<u64>,
    pub(super) sts_region: Option<String>,
}

/// The default credentials chain, steps 2 to 7 of the [module docs](super): what a client uses
/// when it is given no credentials. It remembers the step that gave credentials and asks only that
/// step afterwards, as the official tools do.
///
/// A client caches what the chain gives; asked directly, the chain fetches every time.
///
/// ```no_run
/// # fn demo() -> Result<(), aliyun_rpc_runtime::Error> {
/// use aliyun_rpc_runtime::credentials::CredentialsChain;
/// use aliyun_rpc_runtime::{Client, Env, Product};
/// static PRODUCT: Product = Product::new("Ecs", "2014-05-26", "ecs.{region}.aliyuncs.com");
/// // The same as `Client::from_env`, with STS reached through the VPC endpoint of a region.
/// let chain = CredentialsChain::builder(Env::process()).sts_endpoint("sts-vpc.cn-shanghai.aliyuncs.com").build()?;
/// let client: Client = Client::builder(&PRODUCT).credentials_provider(chain).build()?;
/// # Ok(()) }
/// ```
pub struct CredentialsChain {
    steps: Vec<Step>,
    /// The index of the step that gave credentials.
    chosen: Mutex<Option<usize>>,
}

struct Step {
    /// `environment`, `aliyun CLI config <path>`, ...
    name: String,
    /// What the step found (``profile `x`: mode `RamRoleArn` ``), to prefix its failures.
    what: Option<String>,
    /// The provider, or why the step does not apply.
    provider: Result<Arc<dyn ProvideCredentials>, String>,
}

impl Step {
    fn failure(&self, error: &CredentialsError) -> String {
        match &self.what {
            Some(what) => format!("{what}: {}", error.summary()),
            None => error.summary(),
        }
    }
}

/// Configures a [`CredentialsChain`]: where it reads variables and files, and where its network
/// calls go.
#[derive(Debug)]
pub struct CredentialsChainBuilder {
    env: Env,
    sts_endpoint: Option<String>,
    metadata_endpoint: Option<String>,
}

impl CredentialsChain {
    /// The chain over `env` (see [`builder`](Self::builder) to change endpoints). Fails, listing
    /// every step and why it does not apply, when none does.
    pub fn from_env(env: &Env) -> Result<CredentialsChain, CredentialsError> {
        Self::builder(env.clone()).build()
    }

    /// A builder for the chain over `env`.
    pub fn builder(env: Env) -> CredentialsChainBuilder {
        CredentialsChainBuilder { env, sts_endpoint: None, metadata_endpoint: None }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let chosen = *self.chosen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = chosen {
            let step = &self.steps[index];
            let provider = step.provider.as_ref().expect("a chosen step has a provider");
            return provider.provide_credentials().await.map_err(|error| CredentialsError::failed(&step.name, step.failure(&error)));
        }
        let mut tried = Vec::new();
        for (index, step) in self.steps.iter().enumerate() {
            let reason = match &step.provider {
                Err(reason) => reason.clone(),
                Ok(provider) => match provider.provide_credentials().await {
                    Ok(credentials) => {
                        tracing::debug!(step = %step.name, "credentials chain: using this step");
                        *self.chosen.lock().unwrap_or_else(|e| e.into_inner()) = Some(index);
                        return Ok(credentials);
                    }
                    Err(error) => step.failure(&error),
                },
            };
            tracing::debug!(step = %step.name, %reason, "credentials chain: step gave no credentials");
            tried.push(ChainAttempt { source: step.name.clone(), reason });
        }
        Err(CredentialsError::not_found(tried))
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Steps<'a>(&'a [Step]);
        impl fmt::Debug for Steps<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for step in self.0 {
                    match &step.provider {
                        Ok(provider) => map.entry(&step.name, provider),
                        Err(reason) => map.entry(&step.name, &format_args!("not applicable: {reason}")),
                    };
                }
                map.finish()
            }
        }
        let chosen = *self.chosen.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("CredentialsChain").field("steps", &Steps(&self.steps)).field("chosen", &chosen.map(|i| &self.steps[i].name)).finish()
    }
}

impl CredentialsChainBuilder {
    /// Every STS call of the chain goes to this endpoint (a host, or an `http(s)://` URL) instead of
    /// `sts.aliyuncs.com` or the one of `ALIBABA_CLOUD_STS_REGION` (e.g. a local server in tests).
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// The instance metadata service is at this base URL instead of `http://100.100.100.200`
    /// (e.g. a local server in tests); the ECS step then applies wherever the chain runs.
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(endpoint.into());
        self
    }

    /// Reads the configuration and decides which steps apply; fails, listing every step and why it
    /// does not apply, when none does. Nothing is fetched yet.
    pub fn build(self) -> Result<CredentialsChain, CredentialsError> {
        let env = &self.env;
        let context = Context {
            http: Http::shared(),
            sts_endpoint: self.sts_endpoint.clone(),
            sts_region: env.var("ALIBABA_CLOUD_STS_REGION"),
            vpc: env.is_true("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"),
            metadata_endpoint: self.metadata_endpoint.clone(),
            imdsv1_disabled: env.is_true("ALIBABA_CLOUD_IMDSV1_DISABLED"),
        };
        let mut steps = Vec::new();
        let mut add = |name: String, what: Option<String>, found: Result<Source, String>| {
            // Static keys always work: the steps after them would never be asked.
            let last = matches!(found, Ok(Source::Static(_)));
            steps.push(Step { name, what, provider: found.map(|source| context.provider(source)) });
            last
        };
        let done = add(super::ENVIRONMENT.into(), None, super::from_environment(env).map(Source::Static).map_err(|a| a.reason))
            || add(OIDC_ROLE.into(), None, oidc_from_env(env))
            || [files::from_cli_config, files::from_credentials_file].into_iter().any(|step| match step(env) {
                Ok(found) => add(found.step, Some(found.what), Ok(found.source)),
                Err(attempt) => add(attempt.source, None, Err(attempt.reason)),
            })
            || add(ECS_ROLE.into(), None, ecs_from_env(env, self.metadata_endpoint.is_some()));
        if !done {
            add(
                CREDENTIALS_URI.into(),
                None,
                env.var("ALIBABA_CLOUD_CREDENTIALS_URI").map(Source::Uri).ok_or_else(|| "ALIBABA_CLOUD_CREDENTIALS_URI is not set".into()),
            );
        }
        if steps.iter().all(|step| step.provider.is_err()) {
            let tried = steps.into_iter().map(|step| ChainAttempt { source: step.name, reason: step.provider.err().unwrap_or_default() }).collect();
            return Err(CredentialsError::not_found(tried));
        }
        Ok(CredentialsChain { steps, chosen: Mutex::new(None) })
    }
}

/// Step 3: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
fn oidc_from_env(env: &Env) -> Result<Source, String> {
    let values = OIDC_VARS.map(|name| env.var(name));
    let names = |set: bool| OIDC_VARS.iter().zip(&values).filter(|(_, value)| value.is_some() == set).map(|(name, _)| *name).collect::<Vec<_>>();
    let (set, unset) = (names(true), names(false));
    match (set.is_empty(), unset.is_empty()) {
        (true, _) => Err(format!("{} are not set", OIDC_VARS.join(", "))),
        (false, false) => Err(format!("{} set but {} not", set.join(", "), unset.join(", "))),
        (false, true) => {
            let [role_arn, provider_arn, token_file] = values.map(Option::unwrap_or_default);
            Ok(Source::Oidc(OidcSpec {
                role_arn,
                provider_arn,
                token_file: PathBuf::from(token_file),
                session_name: env.var("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                duration_seconds: None,
                sts_region: None,
            }))
        }
    }
}

/// Step 6: the metadata service, where there can be one.
fn ecs_from_env(env: &Env, endpoint_given: bool) -> Result<Source, String> {
    if env.is_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
        return Err("disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED".into());
    }
    let role_name = env.var("ALIBABA_CLOUD_ECS_METADATA");
    if role_name.is_none() && !endpoint_given && !on_ecs_instance() {
        return Err("the system does not identify as an Alibaba Cloud ECS instance; set ALIBABA_CLOUD_ECS_METADATA to the \
                    instance's RAM role name to use the metadata service anyway"
            .into());
    }
    Ok(Source::Ecs { role_name })
}

/// ECS instances say so in their DMI data (Linux); containers on them see it too.
fn on_ecs_instance() -> bool {
    ["/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/product_name"]
        .iter()
        .any(|path| std::fs::read_to_string(path).is_ok_and(|value| value.trim().starts_with("Alibaba Cloud")))
}

/// What the chain's providers share.
struct Context {
    http: Arc<Http>,
    sts_endpoint: Option<String>,
    sts_region: Option<String>,
    vpc: bool,
    metadata_endpoint: Option<String>,
    imdsv1_disabled: bool,
}

impl Context {
    /// The configured endpoint, else the one of the profile's region, else of
    /// `ALIBABA_CLOUD_STS_REGION`, else the global one.
    fn sts_endpoint(&self, region: Option<&str>) -> String {
        match (&self.sts_endpoint, region.or(self.sts_region.as_deref())) {
            (Some(endpoint), _) => endpoint.clone(),
            (None, Some(region)) => sts::regional_endpoint(region, self.vpc),
            (None, None) => sts::DEFAULT_ENDPOINT.to_string(),
        }
    }

    fn provider(&self, source: Source) -> Arc<dyn ProvideCredentials> {
        let duration = |seconds: Option<u64>| seconds.map(Duration::from_secs);
        match source {
            Source::Static(credentials) => Arc::new(credentials),
            Source::AssumeRole(spec) => {
                let mut provider = AssumeRoleProvider::with_source(self.provider(*spec.source), spec.role_arn)
                    .sts_endpoint(self.sts_endpoint(spec.sts_region.as_deref()));
                if let Some(name) = spec.session_name {
                    provider = provider.session_name(name);
                }
                if let Some(duration) = duration(spec.duration_seconds) {
                    provider = provider.duration(duration);
                }
                if let Some(policy) = spec.policy {
                    provider = provider.policy(policy);
                }
                if let Some(external_id) = spec.external_id {
                    provider = provider.external_id(external_id);
                }
                Arc::new(provider)
            }
            Source::Oidc(spec) => {
                let mut provider = OidcRoleProvider::new(spec.role_arn, spec.provider_arn, spec.token_file)
                    .sts_endpoint(self.sts_endpoint(spec.sts_region.as_deref()));
                if let Some(name) = spec.session_name {
                    provider = provider.session_name(name);
                }
                if let Some(duration) = duration(spec.duration_seconds) {
                    provider = provider.duration(duration);
                }
                Arc::new(provider)
            }
            Source::Ecs { role_name } => {
                let mut provider = EcsRamRoleProvider::new()
                    .endpoint(self.metadata_endpoint.as_deref().unwrap_or(ecs::DEFAULT_ENDPOINT))
                    .imdsv1_disabled(self.imdsv1_disabled)
                    .with_http(self.http.clone());
                if let Some(role_name) = role_name {
                    provider = provider.role_name(role_name);
                }
                Arc::new(provider)
            }
            Source::Uri(uri) => Arc::new(CredentialsUriProvider::new(uri).with_http(self.http.clone())),
        }
    }
}
