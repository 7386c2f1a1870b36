//! No secret (AccessKey secret, security token, OIDC token, a credentials URI's query) in any
//! `Debug` output, error or tracing line, through every provider's success and failure.

mod credentials_support;

use aliyun_rpc_runtime::credentials::{
    AssumeRoleProvider, CredentialsChain, CredentialsUriProvider, EcsRamRoleProvider, OidcRoleProvider, ProvideCredentials,
};
use aliyun_rpc_runtime::{Client, Credentials};
use credentials_support::*;
use std::time::Duration;

const SOURCE_ID: &str = "LTAI.source";
const SOURCE_SECRET: &str = "source-secret-d41c";
const SOURCE_TOKEN: &str = "source-token-+/=8e";
const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.oidc-token-payload.sig";

fn assert_no_secret(text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(!text.contains(secret.as_str()), "`{secret}` in: {text}");
    }
}

// One thread, so that the subscriber set for this thread sees every task.
#[tokio::test(flavor = "current_thread")]
async fn secrets_appear_in_no_debug_output_error_or_tracing_line() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let keys = Keys::default();
    keys.add_static(SOURCE_ID, SOURCE_SECRET, Some(SOURCE_TOKEN));
    let sts = StsServer::start(&keys, Duration::ZERO).await;
    let metadata = MetadataServer::start(&keys, "app-role", true).await;
    let uri = UriServer::start(&keys).await;
    let product = ProductServer::start(&keys).await;
    let home = TempHome::new();
    let token_file = home.write("token", OIDC_TOKEN);
    sts.expect_oidc_token(OIDC_TOKEN);
    sts.set_lifetime(2);

    let source = Credentials::new(SOURCE_ID, SOURCE_SECRET).with_security_token(SOURCE_TOKEN);
    let assume_role = || AssumeRoleProvider::new(source.clone(), ROLE_ARN).sts_endpoint(sts.uri()).policy("{}").external_id("x");
    let oidc = || OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, &token_file).sts_endpoint(sts.uri());
    let env = home.env(&[
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER_ARN),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file.to_str().unwrap()),
        ("ALIBABA_CLOUD_CREDENTIALS_URI", &uri.uri()),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", SOURCE_TOKEN),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SOURCE_SECRET),
    ]);
    let mut debug = Vec::new();
    let mut errors = Vec::new();

    // Every flow, with a client that logs its calls: AssumeRole (refreshed, with a source token),
    // OIDC, ECS, credentials URI, the chain.
    let builder = product.client_builder().credentials_provider(assume_role());
    debug.push(format!("{builder:?}"));
    let client: Client = builder.build().unwrap();
    call(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    call(&client).await.unwrap();
    debug.push(format!("{client:?}"));
    for provider in [
        Box::new(oidc()) as Box<dyn ProvideCredentials>,
        Box::new(EcsRamRoleProvider::new().endpoint(metadata.uri())),
        Box::new(CredentialsUriProvider::new(uri.uri())),
        Box::new(CredentialsChain::builder(env.clone()).sts_endpoint(sts.uri()).build().unwrap()),
    ] {
        debug.push(format!("{provider:?}"));
        let credentials = provider.provide_credentials().await.unwrap();
        debug.push(format!("{credentials:?}"));
        let client = product.client_builder().credentials_provider(provider).build().unwrap();
        call(&client).await.unwrap();
        debug.push(format!("{client:?}"));
    }
    debug.push(format!("{env:?}"));

    // Failures: a wrong secret (the gateway quotes the string to sign), refusals while a refresh
    // is due, a broken credentials URI, a chain where nothing works.
    let wrong =
        AssumeRoleProvider::new(Credentials::new(SOURCE_ID, "wrong-secret-1f").with_security_token(SOURCE_TOKEN), ROLE_ARN).sts_endpoint(sts.uri());
    let error = wrong.provide_credentials().await.unwrap_err();
    assert!(error.to_string().contains("SignatureDoesNotMatch"), "{error}");
    errors.push(error.to_string());
    debug.push(format!("{error:?}"));
    sts.set_lifetime(4);
    let refreshing = product.client_builder().credentials_provider(assume_role()).build().unwrap();
    call(&refreshing).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2200)).await;
    sts.fail_with(Some((400, "InvalidParameter.OIDCToken")));
    call(&refreshing).await.unwrap();
    let error = call(&product.client_builder().credentials_provider(oidc()).build().unwrap()).await.unwrap_err();
    errors.push(error.to_string());
    debug.push(format!("{error:?}"));
    uri.broken.store(true, std::sync::atomic::Ordering::SeqCst);
    let error = CredentialsUriProvider::new(uri.uri()).provide_credentials().await.unwrap_err();
    errors.push(error.to_string());
    let chain = CredentialsChain::builder(env).sts_endpoint(sts.uri()).build().unwrap();
    let error = chain.provide_credentials().await.unwrap_err();
    assert_eq!(error.tried().len(), 6, "{error}");
    errors.push(error.to_string());
    debug.push(format!("{error:?}"));

    let mut secrets = keys.secrets();
    secrets.extend(["wrong-secret-1f", OIDC_TOKEN, URI_QUERY_SECRET, "imds-session-token-1"].map(String::from));
    assert!(secrets.iter().any(|s| s == "STS-issued-secret-2") && secrets.iter().any(|s| s == "ECS-issued-token-1"), "{secrets:?}");
    let lines = capture.lines();
    for expected in ["fetched credentials", "requesting temporary credentials from STS", "refreshing credentials failed", "aliyun_rpc.call"] {
        assert!(lines.iter().any(|line| line.contains(expected)), "no `{expected}` in {lines:#?}");
    }
    for text in debug.iter().chain(&errors).chain(&lines) {
        assert_no_secret(text, &secrets);
    }
}
