//! When to repeat a failed attempt, and how long to wait first: which failures are worth another
//! attempt is a [`ClassifyRetry`]'s call, how many attempts and how far apart is the
//! [`RetryPolicy`]'s.

use crate::Error;
use crate::operation::Operation;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What to do after a failed attempt, as a [`ClassifyRetry`] decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryAction {
    /// The failure is final: the call fails with it.
    DoNotRetry,
    /// A transient failure: try again after the policy's
    /// [`base_delay`](RetryPolicy::base_delay) backoff.
    Transient,
    /// Flow control: try again after the longer
    /// [`throttling_base_delay`](RetryPolicy::throttling_base_delay) backoff.
    Throttling,
}

impl RetryAction {
    /// `do_not_retry`, `transient` or `throttling`: a stable name for logs and traces.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryAction::DoNotRetry => "do_not_retry",
            RetryAction::Transient => "transient",
            RetryAction::Throttling => "throttling",
        }
    }
}

/// Decides which failed attempts are worth another one, e.g. to also retry a product's error
/// code that means "busy" in your account, or to never retry what the default would.
///
/// The [`RetryPolicy`] still bounds the attempts, spaces them, keeps them within the total
/// timeout, and never repeats a non-idempotent action whose outcome is unknown (unless
/// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent)): a classifier cannot make a call
/// apply a write twice by accident. Delegate to [`DefaultRetryClassifier`] for what you do not
/// decide yourself:
///
/// ```
/// use aliyun_rpc_runtime::{ClassifyRetry, DefaultRetryClassifier, Error, Operation, RetryAction, RetryPolicy};
///
/// #[derive(Debug)]
/// struct DeviceBusyIsTransient;
///
/// impl ClassifyRetry for DeviceBusyIsTransient {
///     fn classify_retry(&self, error: &Error, operation: &Operation) -> RetryAction {
///         match error.code() {
///             Some("Demo.Resource.Busy") => RetryAction::Transient,
///             _ => DefaultRetryClassifier.classify_retry(error, operation),
///         }
///     }
/// }
///
/// let policy = RetryPolicy::standard().classifier(DeviceBusyIsTransient);
/// ```
pub trait ClassifyRetry: fmt::Debug + Send + Sync {
    /// What to do after `operation` failed with `error`. Called once per failed attempt, after
    /// the response (if any) was read; it should be quick and must not block.
    fn classify_retry(&self, error: &Error, operation: &Operation) -> RetryAction;
}

/// The classification [`RetryPolicy::standard`] uses: throttling (`Throttling*` codes, HTTP 429,
/// `x-acs-retry-after`) is [`Throttling`](RetryAction::Throttling); HTTP 5xx, the codes
/// `ServiceUnavailable` and `InternalError`, the product's transient codes, transport failures and
/// attempt or connect timeouts are [`Transient`](RetryAction::Transient) (that is,
/// [`Error::is_retryable`]); anything else is final. Public so that a classifier of your own can
/// fall back on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DefaultRetryClassifier;

impl ClassifyRetry for DefaultRetryClassifier {
    fn classify_retry(&self, error: &Error, _operation: &Operation) -> RetryAction {
        if !error.is_retryable() {
            RetryAction::DoNotRetry
        } else if error.is_throttling() {
            RetryAction::Throttling
        } else {
            RetryAction::Transient
        }
    }
}

/// Bounded retries with jittered exponential backoff.
///
/// What is retried is the [classifier](RetryPolicy::classifier)'s decision, by default
/// [`DefaultRetryClassifier`]'s: throttling, HTTP 5xx, transient codes, and transport failures
/// and timeouts. A failure that leaves the outcome unknown (a timeout or broken connection after
/// sending, a gateway timeout) is retried only for idempotent actions, unless
/// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) is set.
///
/// The wait before retry `n` (1-based) is `base × 2^(n-1)`, capped at `max_delay`, of which a
/// random upper half is taken (so two clients that failed together do not retry together).
/// `base` is 100 ms, or 500 ms after throttling; `x-acs-retry-after` replaces the computed wait.
/// Every attempt is signed anew (fresh nonce and timestamp).
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    throttling_base_delay: Duration,
    max_delay: Duration,
    retry_non_idempotent: bool,
    /// `None`: [`DefaultRetryClassifier`], so that default policies compare equal.
    classifier: Option<Arc<dyn ClassifyRetry>>,
}

/// Equal settings and the same classifier: the default on both sides, or one shared instance
/// (classifiers have no equality of their own).
impl PartialEq for RetryPolicy {
    fn eq(&self, other: &Self) -> bool {
        let same_classifier = match (&self.classifier, &other.classifier) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_classifier
            && self.max_attempts == other.max_attempts
            && self.base_delay == other.base_delay
            && self.throttling_base_delay == other.throttling_base_delay
            && self.max_delay == other.max_delay
            && self.retry_non_idempotent == other.retry_non_idempotent
    }
}

impl Eq for RetryPolicy {}

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
            classifier: None,
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

    /// Which failures are worth another attempt (default [`DefaultRetryClassifier`]).
    pub fn classifier(mut self, classifier: impl ClassifyRetry + 'static) -> Self {
        self.classifier = Some(Arc::new(classifier));
        self
    }

    /// The wait before the next attempt and why there is one, or `None` to give up with `error`.
    pub(crate) fn retry_after_failure(&self, error: &Error, attempts_made: u32, op: &Operation) -> Option<(Duration, RetryAction)> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        let action = match &self.classifier {
            Some(classifier) => classifier.classify_retry(error, op),
            None => DefaultRetryClassifier.classify_retry(error, op),
        };
        let base = match action {
            RetryAction::DoNotRetry => return None,
            RetryAction::Transient => self.base_delay,
            RetryAction::Throttling => self.throttling_base_delay,
        };
        if error.outcome_unknown() && !op.idempotent && !self.retry_non_idempotent {
            return None;
        }
        if let Some(requested) = error.retry_after() {
            return Some((requested.min(self.max_delay), action));
        }
        let exponential = base.saturating_mul(1 << (attempts_made - 1).min(16)).min(self.max_delay);
        Some((exponential / 2 + random_fraction(exponential / 2), action))
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

    const READ: Operation = Operation::new("DescribeThings", crate::Method::Get).idempotent();
    const WRITE: Operation = Operation::new("CreateThing", crate::Method::Post);

    fn op(idempotent: bool) -> &'static Operation {
        if idempotent { &READ } else { &WRITE }
    }

    fn delay(policy: &RetryPolicy, error: &Error, attempts_made: u32, idempotent: bool) -> Option<Duration> {
        policy.retry_after_failure(error, attempts_made, op(idempotent)).map(|(delay, _)| delay)
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
            assert!(delay(&policy, &retryable, 1, false).is_some(), "{retryable}");
        }
        for final_error in [
            service("InvalidAccessKeyId.NotFound", 404, None),
            service("Product.NotFound", 200, None),
            Error::Build(crate::BuildError::missing("ProductKey")),
        ] {
            assert!(delay(&policy, &final_error, 1, true).is_none(), "{final_error}");
        }
    }

    #[test]
    fn unknown_outcomes_are_retried_only_when_safe() {
        let policy = RetryPolicy::standard();
        assert!(delay(&policy, &attempt_timeout(), 1, true).is_some());
        assert!(delay(&policy, &attempt_timeout(), 1, false).is_none());
        assert!(delay(&policy, &service("GatewayTimeout", 504, None), 1, false).is_none());
        assert!(delay(&policy.clone().retry_non_idempotent(true), &attempt_timeout(), 1, false).is_some());
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::standard().max_attempts(2);
        let error = service("Throttling", 400, None);
        assert!(delay(&policy, &error, 1, true).is_some());
        assert!(delay(&policy, &error, 2, true).is_none());
        assert!(delay(&RetryPolicy::disabled(), &error, 1, true).is_none());
    }

    #[test]
    fn backoff_grows_with_jitter_and_caps() {
        let policy = RetryPolicy::standard();
        let transient = service("InternalError", 500, None);
        for (attempts_made, full) in [(1, 100), (2, 200), (3, 400)] {
            let policy = policy.clone().max_attempts(10);
            let waited = delay(&policy, &transient, attempts_made, true).unwrap();
            assert!(waited >= Duration::from_millis(full / 2) && waited <= Duration::from_millis(full), "{waited:?}");
        }
        let throttled = delay(&policy, &service("Throttling.Api", 400, None), 1, true).unwrap();
        assert!(throttled >= Duration::from_millis(250) && throttled <= Duration::from_millis(500), "{throttled:?}");
        let capped = delay(&policy.clone().max_attempts(100), &transient, 60, true).unwrap();
        assert!(capped >= Duration::from_secs(10) && capped <= Duration::from_secs(20), "{capped:?}");
    }

    #[test]
    fn retry_after_replaces_backoff_within_the_cap() {
        let policy = RetryPolicy::standard();
        let asked = service("Throttling", 400, Some(Duration::from_millis(1500)));
        assert_eq!(delay(&policy, &asked, 1, true), Some(Duration::from_millis(1500)));
        let too_long = service("Throttling", 400, Some(Duration::from_secs(90)));
        assert_eq!(delay(&policy, &too_long, 1, true), Some(Duration::from_secs(20)));
    }

    /// Retries `Thing.Busy` (final by default) and nothing else the default would not.
    #[derive(Debug)]
    struct BusyIsTransient;

    impl ClassifyRetry for BusyIsTransient {
        fn classify_retry(&self, error: &Error, operation: &Operation) -> RetryAction {
            match error.code() {
                Some("Thing.Busy") => RetryAction::Transient,
                _ => DefaultRetryClassifier.classify_retry(error, operation),
            }
        }
    }

    #[test]
    fn a_classifier_of_one_s_own_decides_what_is_retried_and_the_policy_still_bounds_it() {
        let busy = service("Thing.Busy", 400, None);
        assert_eq!(delay(&RetryPolicy::standard(), &busy, 1, true), None);
        let policy = RetryPolicy::standard().classifier(BusyIsTransient);
        assert_eq!(policy.retry_after_failure(&busy, 1, &READ).map(|(_, action)| action), Some(RetryAction::Transient));
        assert_eq!(delay(&policy, &busy, 3, true), None, "attempts are still bounded");
        assert!(delay(&policy, &service("Throttling.User", 400, None), 1, true).is_some(), "the rest is the default's");
        assert_eq!(delay(&policy, &attempt_timeout(), 1, false), None, "an unknown outcome of a write is still not repeated");
        // Policies compare equal when they share the classifier.
        assert_eq!(RetryPolicy::standard(), RetryPolicy::default());
        assert_ne!(policy, RetryPolicy::standard());
        assert_eq!(policy.clone(), policy);
    }
}
