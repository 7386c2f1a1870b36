//! Temporary credentials through a client: cached and shared by clones, refreshed before they
//! expire (not on every call), one STS request under concurrent calls, and what happens when a
//! refresh fails or the service says the token expired. Real STS flows with short expiries.

mod credentials_support;

use aliyun_rpc_runtime::credentials::AssumeRoleProvider;
use aliyun_rpc_runtime::{Client, Credentials, Error};
use credentials_support::*;
use std::time::Duration;

const SOURCE_ID: &str = "LTAI.source";
const SOURCE_SECRET: &str = "source-secret";

/// STS answering after `delay` with credentials that live `lifetime` seconds, a product, and a
/// client assuming the role.
async fn setup(lifetime: u64, delay: Duration) -> (Keys, StsServer, ProductServer, Client) {
    let keys = Keys::default();
    keys.add_static(SOURCE_ID, SOURCE_SECRET, None);
    let sts = StsServer::start(&keys, delay).await;
    sts.set_lifetime(lifetime);
    let product = ProductServer::start(&keys).await;
    let provider = AssumeRoleProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN).sts_endpoint(sts.uri());
    let client = product.client_builder().credentials_provider(provider).build().unwrap();
    (keys, sts, product, client)
}

async fn concurrent_calls(client: &Client, count: usize) {
    let calls: Vec<_> = (0..count)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(&client).await })
        })
        .collect();
    for task in calls {
        task.await.unwrap().unwrap();
    }
}

/// Credentials are fetched before the attempt's clock starts: an STS slower than an attempt may
/// take does not fail the call, nor is its request cancelled and sent again on every attempt.
#[tokio::test]
async fn a_credentials_fetch_slower_than_the_attempt_timeout_does_not_fail_the_call() {
    let keys = Keys::default();
    keys.add_static(SOURCE_ID, SOURCE_SECRET, None);
    let sts = StsServer::start(&keys, Duration::from_millis(600)).await;
    let product = ProductServer::start(&keys).await;
    let provider = AssumeRoleProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN).sts_endpoint(sts.uri());
    let client = product.client_builder().credentials_provider(provider).attempt_timeout(Duration::from_millis(200)).build().unwrap();
    call(&client).await.unwrap();
    assert_eq!(sts.requests(), 1);
    assert_eq!(product.accepted(), ["STS.issued-1"]);
}

#[tokio::test]
async fn temporary_credentials_are_cached_shared_by_clones_and_refreshed_before_they_expire() {
    // 4 s of life (3 to 4 with whole-second expiries): refreshed halfway, after 1.5 to 2 s.
    let (_keys, sts, product, client) = setup(4, Duration::ZERO).await;
    call(&client).await.unwrap();
    call(&client.clone()).await.unwrap();
    call(&client).await.unwrap();
    assert_eq!(sts.requests(), 1);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    call(&client.clone()).await.unwrap();
    call(&client).await.unwrap();
    assert_eq!(sts.requests(), 2);
    assert_eq!(product.accepted(), ["STS.issued-1", "STS.issued-1", "STS.issued-1", "STS.issued-2", "STS.issued-2"]);
    assert_eq!(product.refused(), 0, "never an expired key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_calls_wait_for_one_sts_request() {
    let (_keys, sts, product, client) = setup(3600, Duration::from_millis(300)).await;
    concurrent_calls(&client, 16).await;
    assert_eq!(sts.requests(), 1);
    assert_eq!(product.accepted(), vec!["STS.issued-1"; 16]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_during_a_refresh_make_one_sts_request_and_use_the_valid_credentials() {
    // 6 s of life (5 to 6): refreshed after 2.5 to 3 s; STS takes 600 ms to answer.
    let (_keys, sts, product, client) = setup(6, Duration::from_millis(600)).await;
    call(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(3100)).await;
    concurrent_calls(&client, 16).await;
    assert_eq!(sts.requests(), 2, "exactly one refresh");
    let accepted = product.accepted();
    assert_eq!(accepted.len(), 17);
    // Calls made while the refresh was in flight went on with the still-valid credentials; the
    // one that refreshed used the new ones.
    assert!(accepted.iter().filter(|id| *id == "STS.issued-1").count() >= 2, "{accepted:?}");
    assert!(accepted.contains(&"STS.issued-2".to_string()), "{accepted:?}");
    call(&client).await.unwrap();
    assert_eq!(product.accepted().last().unwrap(), "STS.issued-2");
    assert_eq!(product.refused(), 0);
}

#[tokio::test]
async fn a_failed_refresh_uses_the_current_credentials_until_they_expire_then_fails() {
    let (_keys, sts, product, client) = setup(4, Duration::ZERO).await;
    call(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2200)).await;
    sts.fail_with(Some((503, "ServiceUnavailable")));
    call(&client).await.unwrap();
    assert_eq!(product.accepted(), ["STS.issued-1", "STS.issued-1"]);
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let error = call(&client).await.unwrap_err();
    assert!(matches!(&error, Error::Credentials(_)), "{error:?}");
    assert!(error.to_string().contains("ServiceUnavailable"), "{error}");
    assert_eq!(product.refused(), 0, "no call with expired credentials");
    // STS is back: the next call fetches.
    sts.fail_with(None);
    call(&client).await.unwrap();
    assert_eq!(product.accepted().last().unwrap(), "STS.issued-2");
}

#[tokio::test]
async fn a_token_the_service_calls_expired_is_fetched_anew_at_the_next_call() {
    let (keys, sts, product, client) = setup(3600, Duration::ZERO).await;
    call(&client).await.unwrap();
    keys.expire("STS.issued-1");
    let error = call(&client).await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidSecurityToken.Expired"));
    call(&client).await.unwrap();
    assert_eq!(sts.requests(), 2);
    assert_eq!(product.accepted(), ["STS.issued-1", "STS.issued-2"]);
}
