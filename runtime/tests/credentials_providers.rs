//! Each credentials provider end to end against loopback servers (STS, ECS metadata, a credentials
//! URI, a product that checks every signature), alone and through the chain, and the chain's
//! order, fall-through and errors.

mod credentials_support;

use aliyun_rpc_runtime::credentials::{
    AssumeRoleProvider, CredentialsChain, CredentialsError, CredentialsFuture, CredentialsUriProvider, EcsRamRoleProvider, OidcRoleProvider,
    ProvideCredentials,
};
use aliyun_rpc_runtime::{Credentials, Error};
use credentials_support::*;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

const SOURCE_ID: &str = "LTAI.source";
const SOURCE_SECRET: &str = "source-secret-3b9d";

async fn servers() -> (Keys, StsServer, ProductServer) {
    let keys = Keys::default();
    keys.add_static(SOURCE_ID, SOURCE_SECRET, None);
    let sts = StsServer::start(&keys, Duration::ZERO).await;
    let product = ProductServer::start(&keys).await;
    (keys, sts, product)
}

#[tokio::test]
async fn assume_role_with_static_keys_signs_the_sts_call_and_then_every_product_call() {
    let (_keys, sts, product) = servers().await;
    let provider = AssumeRoleProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN)
        .session_name("reporting")
        .duration(Duration::from_secs(900))
        .external_id("ext-1")
        .policy(r#"{"Version":"1","Statement":[]}"#)
        .sts_endpoint(sts.uri());
    let client = product.client_builder().credentials_provider(provider).build().unwrap();
    call(&client).await.unwrap();
    call(&client).await.unwrap();
    assert_eq!(product.accepted(), ["STS.issued-1", "STS.issued-1"]);
    assert_eq!(sts.requests(), 1, "cached, not fetched per call");
    let request = &sts.received()[0];
    for (name, value) in [
        ("Action", "AssumeRole"),
        ("RoleArn", ROLE_ARN),
        ("RoleSessionName", "reporting"),
        ("DurationSeconds", "900"),
        ("ExternalId", "ext-1"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("AccessKeyId", SOURCE_ID),
    ] {
        assert_eq!(request.get(name).map(String::as_str), Some(value), "{name}");
    }
    assert!(request.contains_key("Policy") && !request.contains_key("SecurityToken"));
}

#[tokio::test]
async fn assume_role_with_temporary_source_credentials_sends_their_token() {
    let (keys, sts, product) = servers().await;
    keys.add_static("STS.source", "sts-source-secret", Some("sts-source-token-77"));
    let source = Credentials::new("STS.source", "sts-source-secret").with_security_token("sts-source-token-77");
    let client = product.client_builder().credentials_provider(AssumeRoleProvider::new(source, ROLE_ARN).sts_endpoint(sts.uri())).build().unwrap();
    call(&client).await.unwrap();
    assert_eq!(sts.received()[0].get("SecurityToken").map(String::as_str), Some("sts-source-token-77"));
    assert!(sts.received()[0]["RoleSessionName"].starts_with("aliyun-rpc-runtime-"));
    assert_eq!(product.accepted(), ["STS.issued-1"]);
}

#[tokio::test]
async fn a_refused_assume_role_is_a_credentials_error_that_quotes_sts_without_secrets() {
    let (keys, sts, product) = servers().await;
    keys.add_static("STS.source", "right-secret", Some("source-token-5c"));
    let wrong = Credentials::new("STS.source", "wrong-secret-9e").with_security_token("source-token-5c");
    let client = product
        .client_builder()
        .credentials_provider(AssumeRoleProvider::new(wrong, ROLE_ARN).sts_endpoint(sts.uri()))
        .retry_policy(aliyun_rpc_runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = call(&client).await.unwrap_err();
    let Error::Credentials(credentials_error) = &error else { panic!("{error:?}") };
    let message = error.to_string();
    assert!(message.starts_with("cannot get Alibaba Cloud credentials from STS AssumeRole at http://127.0.0.1:"), "{message}");
    assert!(message.contains("SignatureDoesNotMatch") && message.contains("server string to sign is:"), "{message}");
    // The gateway quoted the string to sign, where the token is percent-encoded twice.
    assert!(message.contains("** redacted **"), "{message}");
    for secret in ["wrong-secret-9e", "right-secret", "source-token-5c"] {
        assert!(!message.contains(secret) && !format!("{error:?}").contains(secret), "{secret} in {message}");
    }
    assert_eq!(credentials_error.tried().len(), 1);
    assert_eq!(product.calls.lock().unwrap().len(), 0, "no product call without credentials");

    // Other refusals: the role does not exist, or STS throttles (retried, then reported).
    let missing_role = AssumeRoleProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), "acs:ram::1:role/none").sts_endpoint(sts.uri());
    let error = missing_role.provide_credentials().await.unwrap_err();
    assert!(error.to_string().contains("EntityNotExist.Role"), "{error}");
    sts.fail_with(Some((400, "Throttling.User")));
    let before = sts.requests();
    let error = AssumeRoleProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN)
        .sts_endpoint(sts.uri())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("Throttling.User"), "{error}");
    assert_eq!(sts.requests() - before, 3, "throttling is retried like any call");
}

#[tokio::test]
async fn oidc_from_the_environment_reads_the_token_file_anew_for_every_request() {
    let (_keys, sts, product) = servers().await;
    let home = TempHome::new();
    let token_file = home.write("rrsa/token", "oidc-token-one\n");
    sts.expect_oidc_token("oidc-token-one");
    let env = home.env(&[
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER_ARN),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file.to_str().unwrap()),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-7"),
    ]);
    let chain = CredentialsChain::builder(env).sts_endpoint(sts.uri()).build().unwrap();
    let debug = format!("{chain:?}");
    assert!(debug.contains("OidcRoleProvider") && !debug.contains("oidc-token-one"), "{debug}");
    let client = product.client_builder().credentials_provider(chain).build().unwrap();
    call(&client).await.unwrap();
    assert_eq!(product.accepted(), ["STS.issued-1"]);
    let request = &sts.received()[0];
    assert_eq!(request["Action"], "AssumeRoleWithOIDC");
    assert_eq!(request["OIDCToken"], "oidc-token-one");
    assert_eq!(request["RoleSessionName"], "pod-7");
    assert!(!request.contains_key("Signature") && !request.contains_key("AccessKeyId"), "anonymous: {request:?}");

    // The cluster rotates the token: the next request carries the new one.
    home.write("rrsa/token", "oidc-token-two");
    sts.expect_oidc_token("oidc-token-two");
    let provider = OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, &token_file).sts_endpoint(sts.uri());
    assert_eq!(provider.provide_credentials().await.unwrap().access_key_id(), "STS.issued-2");

    // A token STS refuses, a missing file: reported, the token never shown.
    sts.expect_oidc_token("something-else");
    let error = provider.provide_credentials().await.unwrap_err().to_string();
    assert!(error.contains("InvalidParameter.OIDCToken") && !error.contains("oidc-token-two"), "{error}");
    let error = OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, home.0.join("missing")).provide_credentials().await.unwrap_err().to_string();
    assert!(error.contains("cannot read the OIDC token file"), "{error}");
}

#[tokio::test]
async fn ecs_metadata_service_with_imdsv2_token_role_discovery_and_credentials() {
    let keys = Keys::default();
    let metadata = MetadataServer::start(&keys, "app-role", true).await;
    let product = ProductServer::start(&keys).await;
    // Nothing else configured: the chain reaches the ECS step, which the endpoint makes apply.
    let home = TempHome::new();
    let env = home.env(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false")]);
    let chain = CredentialsChain::builder(env).metadata_endpoint(metadata.uri()).build().unwrap();
    let client = product.client_builder().credentials_provider(chain).build().unwrap();
    call(&client).await.unwrap();
    assert_eq!(product.accepted(), ["ECS.issued-1"]);
    assert_eq!(
        metadata.received(),
        ["PUT /latest/api/token", "GET /latest/meta-data/ram/security-credentials/", "GET /latest/meta-data/ram/security-credentials/app-role"]
    );

    // A configured role name skips the discovery.
    let home = TempHome::new();
    let env = home.env(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false"), ("ALIBABA_CLOUD_ECS_METADATA", "app-role")]);
    let chain = CredentialsChain::builder(env).metadata_endpoint(metadata.uri()).build().unwrap();
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "ECS.issued-2");
    assert_eq!(metadata.received()[3..], ["PUT /latest/api/token", "GET /latest/meta-data/ram/security-credentials/app-role"]);

    // An unknown role.
    let error = EcsRamRoleProvider::new().endpoint(metadata.uri()).role_name("other").provide_credentials().await.unwrap_err().to_string();
    assert!(error.contains("credentials of role `other`: HTTP 404"), "{error}");
}

#[tokio::test]
async fn ecs_metadata_falls_back_to_imdsv1_unless_it_is_disabled() {
    let keys = Keys::default();
    let metadata = MetadataServer::start(&keys, "v1-role", false).await;
    let credentials = EcsRamRoleProvider::new().endpoint(metadata.uri()).provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ECS.issued-1");
    assert!(credentials.expiry().is_some());

    let error = EcsRamRoleProvider::new().endpoint(metadata.uri()).imdsv1_disabled(true).provide_credentials().await.unwrap_err().to_string();
    assert!(error.contains("IMDSv2 token: HTTP 404 (IMDSv1 is disabled)"), "{error}");
    // The same through the chain's variable.
    let home = TempHome::new();
    let env = home.env(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false"), ("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]);
    let chain = CredentialsChain::builder(env).metadata_endpoint(metadata.uri()).build().unwrap();
    let error = chain.provide_credentials().await.unwrap_err();
    let ecs = error.tried().iter().find(|a| a.source == "ECS instance RAM role").unwrap();
    assert!(ecs.reason.contains("IMDSv1 is disabled"), "{error}");
}

#[tokio::test]
async fn credentials_uri_from_the_environment_never_shows_the_uri_secret() {
    let keys = Keys::default();
    let uri = UriServer::start(&keys).await;
    let product = ProductServer::start(&keys).await;
    let home = TempHome::new();
    let env = home.env(&[("ALIBABA_CLOUD_CREDENTIALS_URI", &uri.uri())]);
    let chain = CredentialsChain::from_env(&env).unwrap();
    assert!(!format!("{chain:?}").contains(URI_QUERY_SECRET), "{chain:?}");
    let client = product.client_builder().credentials_provider(chain).build().unwrap();
    call(&client).await.unwrap();
    assert_eq!(product.accepted(), ["URI.issued-1"]);

    uri.broken.store(true, Ordering::SeqCst);
    let error = CredentialsUriProvider::new(uri.uri()).provide_credentials().await.unwrap_err().to_string();
    assert!(error.contains("credentials URI http://127.0.0.1:") && error.contains("HTTP 500"), "{error}");
    assert!(!error.contains(URI_QUERY_SECRET), "{error}");
}

#[tokio::test]
async fn cli_profile_modes_resolve_to_their_providers() {
    let (keys, sts, _product) = servers().await;
    let metadata = MetadataServer::start(&keys, "cli-role", true).await;
    let uri = UriServer::start(&keys).await;
    let home = TempHome::new();
    let token_file = home.write("token", "cli-oidc-token");
    sts.expect_oidc_token("cli-oidc-token");
    let config = serde_json::json!({
        "current": "role",
        "profiles": [
            {"name": "role", "mode": "RamRoleArn", "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET,
             "ram_role_arn": ROLE_ARN, "ram_session_name": "cli-session", "expired_seconds": 1800, "region_id": "cn-hangzhou"},
            {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role", "ram_role_arn": ROLE_ARN},
            {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": ROLE_ARN},
            {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": ROLE_ARN},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "cli-role"},
            {"name": "oidc", "mode": "OIDC", "ram_role_arn": ROLE_ARN, "oidc_provider_arn": OIDC_PROVIDER_ARN,
             "oidc_token_file": token_file.to_str().unwrap()},
            {"name": "uri", "mode": "CredentialsURI", "credentials_uri": uri.uri()},
            {"name": "sso", "mode": "CloudSSO"},
            {"name": "short", "mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b", "ram_role_arn": ROLE_ARN, "expired_seconds": 60}
        ]
    });
    home.write(".aliyun/config.json", &config.to_string());
    let chain = |profile: &str| {
        CredentialsChain::builder(home.env(&[("ALIBABA_CLOUD_PROFILE", profile)])).sts_endpoint(sts.uri()).metadata_endpoint(metadata.uri()).build()
    };

    let credentials = chain("role").unwrap().provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.issued-1");
    let request = &sts.received()[0];
    assert_eq!(
        (request["AccessKeyId"].as_str(), request["RoleSessionName"].as_str(), request["DurationSeconds"].as_str()),
        (SOURCE_ID, "cli-session", "1800")
    );

    // The source profile's role credentials sign the second AssumeRole (with their token).
    let credentials = chain("chained").unwrap().provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.issued-3");
    assert_eq!(sts.received()[2]["AccessKeyId"], "STS.issued-2");
    assert_eq!(sts.received()[2]["SecurityToken"], "STS-issued-token-2");

    assert_eq!(chain("ecs").unwrap().provide_credentials().await.unwrap().access_key_id(), "ECS.issued-1");
    assert_eq!(chain("oidc").unwrap().provide_credentials().await.unwrap().access_key_id(), "STS.issued-4");
    assert_eq!(chain("uri").unwrap().provide_credentials().await.unwrap().access_key_id(), "URI.issued-1");

    for (profile, expected) in [
        ("loop-a", "source_profile `loop-a` loops back or chains too deep"),
        ("sso", "mode `CloudSSO` is not supported (supported: AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI)"),
        ("short", "expired_seconds must be at least 900"),
    ] {
        let error = chain(profile).unwrap_err();
        let cli = &error.tried()[2];
        assert!(cli.source.starts_with("aliyun CLI config") && cli.reason.contains(expected), "{error}");
    }
}

#[tokio::test]
async fn credentials_file_role_types_resolve_to_their_providers() {
    let (keys, sts, _product) = servers().await;
    let metadata = MetadataServer::start(&keys, "ini-role", true).await;
    let home = TempHome::new();
    home.write(
        ".alibabacloud/credentials",
        &format!(
            "[default]\ntype = ram_role_arn\naccess_key_id = {SOURCE_ID}\naccess_key_secret = {SOURCE_SECRET}\nrole_arn = {ROLE_ARN}\n\
             role_session_name = ini-session\npolicy = {{}}\n\n[ecs]\ntype = ecs_ram_role\nrole_name = ini-role\n\n[bad]\ntype = ram_role_arn\n\
             access_key_id = a\naccess_key_secret = b\n"
        ),
    );
    let chain = |profile: &str| {
        CredentialsChain::builder(home.env(&[("ALIBABA_CLOUD_PROFILE", profile)])).sts_endpoint(sts.uri()).metadata_endpoint(metadata.uri()).build()
    };
    assert_eq!(chain("default").unwrap().provide_credentials().await.unwrap().access_key_id(), "STS.issued-1");
    assert_eq!((sts.received()[0]["RoleSessionName"].as_str(), sts.received()[0]["Policy"].as_str()), ("ini-session", "{}"));
    assert_eq!(chain("ecs").unwrap().provide_credentials().await.unwrap().access_key_id(), "ECS.issued-1");
    assert_eq!(metadata.received().last().unwrap(), "GET /latest/meta-data/ram/security-credentials/ini-role");
    let error = chain("bad").unwrap_err();
    assert!(error.tried()[3].reason.contains("section [bad] needs role_arn"), "{error}");
}

#[tokio::test]
async fn the_chain_takes_the_first_step_that_applies_and_remembers_it() {
    let (_keys, sts, _product) = servers().await;
    let home = TempHome::new();
    let token_file = home.write("token", "t");
    home.write(".alibabacloud/credentials", "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n");
    let oidc = [
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER_ARN),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file.to_str().unwrap()),
    ];
    // The environment comes before OIDC: STS is never asked.
    let env = home.env(&[oidc[0], oidc[1], oidc[2], ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")]);
    let chain = CredentialsChain::builder(env).sts_endpoint(sts.uri()).build().unwrap();
    assert_eq!(chain.provide_credentials().await.unwrap(), Credentials::new("env-id", "env-secret"));
    assert_eq!(sts.requests(), 0);

    // OIDC comes before the credentials file; when STS refuses, the chain goes on to the file
    // and keeps to it afterwards.
    sts.expect_oidc_token("t");
    let chain = CredentialsChain::builder(home.env(&oidc)).sts_endpoint(sts.uri()).build().unwrap();
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "STS.issued-1");
    sts.fail_with(Some((403, "NoPermission")));
    let chain = CredentialsChain::builder(home.env(&oidc)).sts_endpoint(sts.uri()).build().unwrap();
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "ini-id");
    let requests = sts.requests();
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "ini-id");
    assert_eq!(sts.requests(), requests, "the chain remembers the step that worked");
    assert!(format!("{chain:?}").contains("chosen: Some(\"credentials file"), "{chain:?}");
}

#[tokio::test]
async fn the_chain_error_lists_every_step_and_why_without_values() {
    let (_keys, sts, product) = servers().await;
    let home = TempHome::new();
    let env = home.env(&[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "half-set-secret"), ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/token")]);
    let error = CredentialsChain::from_env(&env).unwrap_err();
    let tried: Vec<(&str, &str)> = error.tried().iter().map(|a| (a.source.as_str(), a.reason.as_str())).collect();
    let home_path = home.0.display().to_string();
    assert_eq!(
        tried,
        [
            ("environment", "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not"),
            ("OIDC role (RRSA)", "ALIBABA_CLOUD_OIDC_TOKEN_FILE set but ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN not"),
            (format!("aliyun CLI config {home_path}/.aliyun/config.json").as_str(), "file not found"),
            (format!("credentials file {home_path}/.alibabacloud/credentials").as_str(), "file not found"),
            ("ECS instance RAM role", "disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
            ("credentials URI", "ALIBABA_CLOUD_CREDENTIALS_URI is not set"),
        ]
    );
    let message = error.to_string();
    assert!(
        message.starts_with("no Alibaba Cloud credentials found; tried environment:") && message.contains("ALIBABA_CLOUD_ACCESS_KEY_ID and"),
        "{message}"
    );
    assert!(!message.contains("half-set-secret") && !format!("{error:?}").contains("half-set-secret"));

    // Without the metadata service disabled, the step does not apply off ECS, and a client
    // without credentials fails at build, as before.
    let on_ecs = std::fs::read_to_string("/sys/class/dmi/id/sys_vendor").is_ok_and(|v| v.contains("Alibaba"));
    if !on_ecs {
        let env = aliyun_rpc_runtime::Env::from_vars([("HOME", home_path.as_str())]);
        let error = CredentialsChain::from_env(&env).unwrap_err();
        assert!(error.tried()[4].reason.starts_with("the system does not identify as an Alibaba Cloud ECS instance"), "{error}");
        let error = product.client_builder().env(env).build().unwrap_err();
        assert!(matches!(&error, Error::Credentials(e) if e.tried().len() == 6), "{error:?}");
    }

    // A step that applies but fails at the first call: the call's error says why.
    home.write(
        ".aliyun/config.json",
        &serde_json::json!({"current": "r", "profiles": [{"name": "r", "mode": "RamRoleArn", "access_key_id": SOURCE_ID,
            "access_key_secret": SOURCE_SECRET, "ram_role_arn": ROLE_ARN}]})
        .to_string(),
    );
    sts.fail_with(Some((403, "NoPermission")));
    let chain = CredentialsChain::builder(home.env(&[])).sts_endpoint(sts.uri()).build().unwrap();
    let client = product.client_builder().credentials_provider(chain).build().unwrap();
    let error = call(&client).await.unwrap_err();
    let Error::Credentials(e) = &error else { panic!("{error:?}") };
    let cli = &e.tried()[2];
    assert!(cli.reason.starts_with("profile `r`: mode `RamRoleArn`: STS AssumeRole at http://127.0.0.1:"), "{error}");
    assert!(cli.reason.contains("service error NoPermission (HTTP 403)"), "{error}");
    assert!(!error.to_string().contains(SOURCE_SECRET));
}

/// A provider of one's own: counted, with a short expiry.
#[derive(Debug)]
struct Rotating(AtomicU32);

impl ProvideCredentials for Rotating {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            if n > 2 {
                return Err(CredentialsError::failed("rotating", "the vault is sealed"));
            }
            Ok(Credentials::new(format!("own-{n}"), format!("own-secret-{n}")).with_expiry(SystemTime::now() + Duration::from_secs(2)))
        })
    }
}

#[tokio::test]
async fn a_provider_of_ones_own_is_asked_again_before_its_credentials_expire() {
    let keys = Keys::default();
    keys.add_static("own-1", "own-secret-1", None);
    keys.add_static("own-2", "own-secret-2", None);
    let product = ProductServer::start(&keys).await;
    let client = product.client_builder().credentials_provider(Rotating(AtomicU32::new(0))).build().unwrap();
    call(&client).await.unwrap();
    call(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    call(&client).await.unwrap();
    assert_eq!(product.accepted(), ["own-1", "own-1", "own-2"]);
    // The provider fails while `own-2` is still valid: it is used; once expired, the error shows.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    call(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let error = call(&client).await.unwrap_err();
    assert_eq!(error.to_string(), "cannot get Alibaba Cloud credentials from rotating: the vault is sealed");
}
