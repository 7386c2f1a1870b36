//! The credentials a client signs with: fixed, or fetched from a provider, kept, and fetched again
//! before they expire, by one caller at a time.
//!
//! Deadlines are on tokio's clock, computed from the expiry when the credentials arrive, so they
//! follow tokio's paused time in tests and do not jump with the wall clock.

use super::{Credentials, CredentialsError, ProvideCredentials};
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// Credentials are fetched again when this little of their life is left (the official tools'
/// margin)...
const REFRESH_MARGIN: Duration = Duration::from_secs(180);
/// ...and a failed refresh is tried again after this long, while the current credentials last.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// Credentials shared by a client and its clones (and by an STS provider, for its source).
pub(crate) struct Cache {
    /// `None` for fixed credentials, which are never fetched.
    provider: Option<Arc<dyn ProvideCredentials>>,
    current: RwLock<Option<Entry>>,
    /// Held by the one caller that fetches; the others use still-valid credentials, or wait.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Entry {
    credentials: Arc<Credentials>,
    /// When to fetch again; `None`: never (no expiry).
    refresh_at: Option<Instant>,
    /// When the credentials stop working; `None`: never.
    expires_at: Option<Instant>,
}

#[derive(PartialEq, Eq)]
enum State {
    Fresh,
    /// Still valid, but due for a refresh.
    Stale,
    Expired,
}

impl Entry {
    fn new(credentials: Credentials) -> Self {
        let Some(expiry) = credentials.expiry() else {
            return Entry { credentials: Arc::new(credentials), refresh_at: None, expires_at: None };
        };
        let now = Instant::now();
        let lifetime = expiry.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO);
        // Short-lived credentials are refreshed halfway, not on every call.
        let refresh_after = lifetime.saturating_sub(REFRESH_MARGIN).max(lifetime / 2);
        Entry { credentials: Arc::new(credentials), refresh_at: Some(now + refresh_after), expires_at: Some(now + lifetime) }
    }

    fn state(&self, now: Instant) -> State {
        match (self.refresh_at, self.expires_at) {
            (_, Some(expires_at)) if now >= expires_at => State::Expired,
            (Some(refresh_at), _) if now >= refresh_at => State::Stale,
            _ => State::Fresh,
        }
    }
}

impl Cache {
    /// Credentials used as given for the cache's lifetime, whatever their expiry.
    pub(crate) fn fixed(credentials: Credentials) -> Self {
        let entry = Entry { credentials: Arc::new(credentials), refresh_at: None, expires_at: None };
        Cache { provider: None, current: RwLock::new(Some(entry)), refreshing: tokio::sync::Mutex::new(()) }
    }

    /// Credentials from `provider`, fetched at the first [`get`](Self::get).
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        Cache { provider: Some(provider), current: RwLock::new(None), refreshing: tokio::sync::Mutex::new(()) }
    }

    fn current(&self) -> Option<Entry> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn store(&self, entry: Entry) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(entry);
    }

    /// Credentials to sign with now.
    pub(crate) async fn get(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let current = self.current();
        if let Some(entry) = &current {
            if entry.expires_at.is_none() && entry.refresh_at.is_none() {
                return Ok(entry.credentials.clone());
            }
            match entry.state(Instant::now()) {
                State::Fresh => return Ok(entry.credentials.clone()),
                // Due for a refresh: one caller fetches, the others go on with what is still valid.
                State::Stale => match self.refreshing.try_lock() {
                    Ok(guard) => return self.refresh(guard).await,
                    Err(_) => return Ok(entry.credentials.clone()),
                },
                State::Expired => {}
            }
        }
        // None, or expired: wait for whoever is fetching, or fetch.
        let guard = self.refreshing.lock().await;
        self.refresh(guard).await
    }

    /// Fetches, unless another caller did while this one waited for `_guard`. If the fetch fails
    /// while the current credentials are still valid, they are used (and the fetch tried again
    /// later).
    async fn refresh(&self, _guard: tokio::sync::MutexGuard<'_, ()>) -> Result<Arc<Credentials>, CredentialsError> {
        let current = self.current();
        if let Some(entry) = &current
            && entry.state(Instant::now()) == State::Fresh
        {
            return Ok(entry.credentials.clone());
        }
        let Some(provider) = &self.provider else {
            // Fixed credentials are always fresh.
            return Ok(current.expect("fixed credentials are set").credentials);
        };
        tracing::debug!(refresh = current.is_some(), "fetching credentials");
        match provider.provide_credentials().await {
            Ok(credentials) => {
                let entry = Entry::new(credentials);
                match entry.credentials.expiry() {
                    Some(expiry) if entry.expires_at.is_some_and(|at| at <= Instant::now()) => tracing::warn!(
                        access_key_id = entry.credentials.access_key_id(),
                        expiry = %super::format_time(expiry),
                        "the credentials provider gave credentials that have already expired (is the clock right?)"
                    ),
                    expiry => tracing::debug!(
                        access_key_id = entry.credentials.access_key_id(),
                        expiry = expiry.map(super::format_time),
                        "fetched credentials"
                    ),
                }
                let credentials = entry.credentials.clone();
                self.store(entry);
                Ok(credentials)
            }
            Err(error) => match current {
                Some(mut entry) if entry.state(Instant::now()) == State::Stale => {
                    tracing::warn!(%error, "refreshing credentials failed: using the current ones while they last");
                    let retry_at = Instant::now() + RETRY_AFTER_FAILURE;
                    entry.refresh_at = Some(entry.expires_at.map_or(retry_at, |expires_at| retry_at.min(expires_at)));
                    let credentials = entry.credentials.clone();
                    self.store(entry);
                    Ok(credentials)
                }
                _ => {
                    tracing::debug!(%error, "fetching credentials failed");
                    Err(error)
                }
            },
        }
    }

    /// The service refused `credentials` as expired: fetch anew at the next call, unless they have
    /// been replaced already or are fixed.
    pub(crate) fn invalidate(&self, credentials: &Arc<Credentials>) {
        if self.provider.is_none() {
            return;
        }
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current.as_ref().is_some_and(|entry| Arc::ptr_eq(&entry.credentials, credentials)) {
            *current = None;
        }
    }
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.provider {
            Some(provider) => provider.fmt(f),
            None => match self.current() {
                Some(entry) => entry.credentials.fmt(f),
                None => f.write_str("None"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsFuture;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Gives `id-N` for the N-th fetch, valid for `lifetime`, after `delay`; fails when `fail` is set.
    #[derive(Debug)]
    struct Counting {
        fetches: AtomicU32,
        lifetime: Duration,
        delay: Duration,
        fail: std::sync::atomic::AtomicBool,
    }

    impl Counting {
        fn new(lifetime: Duration, delay: Duration) -> Arc<Self> {
            Arc::new(Counting { fetches: AtomicU32::new(0), lifetime, delay, fail: false.into() })
        }

        fn fetches(&self) -> u32 {
            self.fetches.load(Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            Box::pin(async move {
                let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(self.delay).await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err(CredentialsError::failed("counting", "told to fail"));
                }
                // Paused tokio time does not move the wall clock: the expiry is relative to it.
                Ok(Credentials::new(format!("id-{n}"), "secret").with_expiry(SystemTime::now() + self.lifetime))
            })
        }
    }

    fn cache(provider: &Arc<Counting>) -> Arc<Cache> {
        Arc::new(Cache::new(provider.clone()))
    }

    async fn id(cache: &Cache) -> String {
        cache.get().await.unwrap().access_key_id().to_string()
    }

    #[tokio::test(start_paused = true)]
    async fn fetched_once_then_refreshed_within_the_margin() {
        let provider = Counting::new(Duration::from_secs(3600), Duration::ZERO);
        let cache = cache(&provider);
        assert_eq!(id(&cache).await, "id-1");
        tokio::time::advance(Duration::from_secs(3000)).await;
        assert_eq!(id(&cache).await, "id-1");
        assert_eq!(provider.fetches(), 1);
        // 3 minutes before the expiry.
        tokio::time::advance(Duration::from_secs(421)).await;
        assert_eq!(id(&cache).await, "id-2");
        assert_eq!(id(&cache).await, "id-2");
        assert_eq!(provider.fetches(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn short_lived_credentials_are_refreshed_halfway() {
        let provider = Counting::new(Duration::from_secs(60), Duration::ZERO);
        let cache = cache(&provider);
        assert_eq!(id(&cache).await, "id-1");
        tokio::time::advance(Duration::from_secs(29)).await;
        assert_eq!(id(&cache).await, "id-1");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(id(&cache).await, "id-2");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_fetch_and_do_not_wait_for_a_refresh() {
        let provider = Counting::new(Duration::from_secs(3600), Duration::from_secs(2));
        let cache = cache(&provider);
        // No credentials yet: everyone waits for the one fetch.
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                tokio::spawn({
                    let cache = cache.clone();
                    async move { id(&cache).await }
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), "id-1");
        }
        assert_eq!(provider.fetches(), 1);

        // Due for a refresh: one caller fetches, the others keep the valid credentials meanwhile.
        tokio::time::advance(Duration::from_secs(3500)).await;
        let refresher = tokio::spawn({
            let cache = cache.clone();
            async move { id(&cache).await }
        });
        tokio::task::yield_now().await;
        let during: Vec<_> = (0..20)
            .map(|_| {
                tokio::spawn({
                    let cache = cache.clone();
                    async move { id(&cache).await }
                })
            })
            .collect();
        for task in during {
            assert_eq!(task.await.unwrap(), "id-1");
        }
        assert_eq!(refresher.await.unwrap(), "id-2");
        assert_eq!(provider.fetches(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_refresh_keeps_valid_credentials_and_is_retried_later() {
        let provider = Counting::new(Duration::from_secs(3600), Duration::ZERO);
        let cache = cache(&provider);
        assert_eq!(id(&cache).await, "id-1");
        provider.fail.store(true, Ordering::SeqCst);
        tokio::time::advance(Duration::from_secs(3500)).await;
        assert_eq!(id(&cache).await, "id-1");
        assert_eq!(id(&cache).await, "id-1");
        assert_eq!(provider.fetches(), 2, "not retried at once");
        tokio::time::advance(RETRY_AFTER_FAILURE).await;
        provider.fail.store(false, Ordering::SeqCst);
        assert_eq!(id(&cache).await, "id-3");
        // Expired and failing: the error shows.
        provider.fail.store(true, Ordering::SeqCst);
        tokio::time::advance(Duration::from_secs(3600)).await;
        let error = cache.get().await.unwrap_err();
        assert_eq!(error.tried()[0].reason, "told to fail");
    }

    #[tokio::test]
    async fn fixed_credentials_are_never_fetched_and_invalidated_ones_are() {
        let fixed = Cache::fixed(Credentials::new("id", "s").with_expiry(SystemTime::UNIX_EPOCH));
        let credentials = fixed.get().await.unwrap();
        fixed.invalidate(&credentials);
        assert_eq!(fixed.get().await.unwrap().access_key_id(), "id");

        let provider = Counting::new(Duration::from_secs(3600), Duration::ZERO);
        let cache = cache(&provider);
        let first = cache.get().await.unwrap();
        cache.invalidate(&first);
        assert_eq!(id(&cache).await, "id-2");
        // A stale handle does not drop newer credentials.
        cache.invalidate(&first);
        assert_eq!(id(&cache).await, "id-2");
    }
}
