//! When to repeat a failed attempt, and how long to wait first.

use crate::Error;
use std::time::Duration;

/// Bounded retries with jittered exponential backoff.
///
/// Retried: throttling (`Throttling*` codes, HTTP 429, `x-acs-retry-after`), HTTP 5xx, the codes
/// `ServiceUnavailable`, `InternalError`, the product's transient codes, and transport failures
/// before the request was sent. A failure that leaves the outcome unknown (a timeout or broken
/// connection after sending, a gateway timeout) is retried only for idempotent actions, unless
/// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) is set.
///
/// The wait before retry `n` (1-based) is `base × 2^(n-1)`, capped at `max_delay`, of which a
/// random upper half is taken (so two clients that failed together do not retry together).
/// `base` is 100 ms, or 500 ms after throttling; `x-acs-retry-after` replaces the computed wait.
/// Every attempt is signed anew (fresh nonce and timestamp).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    throttling_base_delay: Duration,
    max_delay: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryPolicy {
    /// 3 attempts in total, backoff bases 100 ms and 500 ms (throttling), waits capped at 20 s.
    pub fn standard() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            throttling_base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            retry_non_idempotent: false,
        }
    }

    /// A single attempt.
    pub fn disabled() -> Self {
        Self::standard().max_attempts(1)
    }

    /// Attempts in total, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Backoff base after a transient failure.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Backoff base after throttling.
    pub fn throttling_base_delay(mut self, delay: Duration) -> Self {
        self.throttling_base_delay = delay;
        self
    }

    /// Upper bound of any single wait, `x-acs-retry-after` included.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Also repeat non-idempotent actions after a failure whose outcome is unknown, accepting
    /// that the action may then take effect twice.
    pub fn retry_non_idempotent(mut self, enabled: bool) -> Self {
        self.retry_non_idempotent = enabled;
        self
    }

    /// The wait before the next attempt, or `None` to give up with `error`.
    pub(crate) fn delay_before_retry(&self, error: &Error, attempts_made: u32, idempotent: bool) -> Option<Duration> {
        if attempts_made >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        if error.outcome_unknown() && !idempotent && !self.retry_non_idempotent {
            return None;
        }
        if let Some(requested) = error.retry_after() {
            return Some(requested.min(self.max_delay));
        }
        let base = if error.is_throttling() { self.throttling_base_delay } else { self.base_delay };
        let exponential = base.saturating_mul(1 << (attempts_made - 1).min(16)).min(self.max_delay);
        Some(exponential / 2 + random_fraction(exponential / 2))
    }
}

/// A uniformly random duration in `[0, limit]`.
fn random_fraction(limit: Duration) -> Duration {
    // Jitter needs no cryptographic quality; if the OS source fails, the full wait is still valid.
    let random = getrandom::u64().unwrap_or(u64::MAX);
    limit.mul_f64(random as f64 / u64::MAX as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ServiceError, TimeoutError, TimeoutScope};

    fn service(code: &str, http_status: u16, retry_after: Option<Duration>) -> Error {
        Error::Service(Box::new(ServiceError {
            code: code.into(),
            message: String::new(),
            request_id: None,
            http_status,
            recommend: None,
            host_id: None,
            retry_after,
            transient: code == "Product.Transient",
        }))
    }

    fn attempt_timeout() -> Error {
        Error::Timeout(TimeoutError { scope: TimeoutScope::Attempt, limit: Duration::from_secs(1), request_sent: true })
    }

    #[test]
    fn classifies_what_to_retry() {
        let policy = RetryPolicy::standard();
        for retryable in [
            service("Throttling.User", 400, None),
            service("ServiceUnavailable", 503, None),
            service("InternalError", 500, None),
            service("Product.Transient", 200, None),
            service("Whatever", 502, None),
            service("Whatever", 429, None),
        ] {
            assert!(policy.delay_before_retry(&retryable, 1, false).is_some(), "{retryable}");
        }
        for final_error in [
            service("InvalidAccessKeyId.NotFound", 404, None),
            service("Product.NotFound", 200, None),
            Error::Build(crate::BuildError::missing("ProductKey")),
        ] {
            assert!(policy.delay_before_retry(&final_error, 1, true).is_none(), "{final_error}");
        }
    }

    #[test]
    fn unknown_outcomes_are_retried_only_when_safe() {
        let policy = RetryPolicy::standard();
        assert!(policy.delay_before_retry(&attempt_timeout(), 1, true).is_some());
        assert!(policy.delay_before_retry(&attempt_timeout(), 1, false).is_none());
        assert!(policy.delay_before_retry(&service("GatewayTimeout", 504, None), 1, false).is_none());
        assert!(policy.clone().retry_non_idempotent(true).delay_before_retry(&attempt_timeout(), 1, false).is_some());
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::standard().max_attempts(2);
        let error = service("Throttling", 400, None);
        assert!(policy.delay_before_retry(&error, 1, true).is_some());
        assert!(policy.delay_before_retry(&error, 2, true).is_none());
        assert!(RetryPolicy::disabled().delay_before_retry(&error, 1, true).is_none());
    }

    #[test]
    fn backoff_grows_with_jitter_and_caps() {
        let policy = RetryPolicy::standard();
        let transient = service("InternalError", 500, None);
        for (attempts_made, full) in [(1, 100), (2, 200), (3, 400)] {
            let policy = policy.clone().max_attempts(10);
            let delay = policy.delay_before_retry(&transient, attempts_made, true).unwrap();
            assert!(delay >= Duration::from_millis(full / 2) && delay <= Duration::from_millis(full), "{delay:?}");
        }
        let throttled = policy.delay_before_retry(&service("Throttling.Api", 400, None), 1, true).unwrap();
        assert!(throttled >= Duration::from_millis(250) && throttled <= Duration::from_millis(500), "{throttled:?}");
        let capped = policy.clone().max_attempts(100).delay_before_retry(&transient, 60, true).unwrap();
        assert!(capped >= Duration::from_secs(10) && capped <= Duration::from_secs(20), "{capped:?}");
    }

    #[test]
    fn retry_after_replaces_backoff_within_the_cap() {
        let policy = RetryPolicy::standard();
        let asked = service("Throttling", 400, Some(Duration::from_millis(1500)));
        assert_eq!(policy.delay_before_retry(&asked, 1, true), Some(Duration::from_millis(1500)));
        let too_long = service("Throttling", 400, Some(Duration::from_secs(90)));
        assert_eq!(policy.delay_before_retry(&too_long, 1, true), Some(Duration::from_secs(20)));
    }
}
