//! Client-side spacing of requests per action, so a busy program stays under the documented
//! per-account QPS instead of collecting `Throttling` errors.

use crate::operation::Operation;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Which actions are rate-limited, and how fast.
///
/// By default every action with a documented QPS (e.g. 10/s for `ListOTAModuleByProduct`) is
/// limited to it. Each attempt takes a slot, retries included; slots are spaced `1/qps` apart
/// (no bursts), so any one-second window holds at most `qps + 1` requests. The limiter is shared by
/// every clone of a client; separate clients (or processes) on one account do not coordinate.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    enabled: bool,
    overrides: HashMap<String, f64>,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self::documented()
    }
}

impl RateLimit {
    /// Each action at its documented QPS; actions without one are not limited.
    pub fn documented() -> Self {
        RateLimit { enabled: true, overrides: HashMap::new() }
    }

    /// No client-side limit.
    pub fn disabled() -> Self {
        RateLimit { enabled: false, overrides: HashMap::new() }
    }

    /// Limits `action` (wire name, e.g. `QueryProductList`) to `qps`, e.g. after a quota increase.
    /// A `qps` that is not a positive number removes the limit for that action. A positive one is
    /// honoured however small: below about one request in the clock's range (some 10^-18), the
    /// action gets one request and later calls wait until their total timeout.
    pub fn action_qps(mut self, action: impl Into<String>, qps: f64) -> Self {
        self.overrides.insert(action.into(), qps);
        self
    }

    fn qps(&self, op: &Operation) -> Option<f64> {
        if !self.enabled {
            return None;
        }
        let qps = self.overrides.get(op.action).copied().or(op.qps)?;
        (qps.is_finite() && qps > 0.0).then_some(qps)
    }
}

/// The next free slot of each action.
pub(crate) struct RateLimiter {
    config: RateLimit,
    /// `None`: no slot left within the clock's range (see [`RateLimit::action_qps`]).
    next_slot: Mutex<HashMap<&'static str, Option<Instant>>>,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.config.fmt(f)
    }
}

impl RateLimiter {
    pub(crate) fn new(config: RateLimit) -> Self {
        RateLimiter { config, next_slot: Mutex::new(HashMap::new()) }
    }

    /// Waits for the action's next slot.
    pub(crate) async fn acquire(&self, op: &'static Operation) {
        let Some(qps) = self.config.qps(op) else { return };
        // A spacing too long for a `Duration` (a QPS below ~5e-20) is as long as one can be.
        let interval = Duration::try_from_secs_f64(qps.recip()).unwrap_or(Duration::MAX);
        match self.reserve(op.action, interval) {
            Some(wait) if wait.is_zero() => {}
            Some(wait) => {
                tracing::debug!(action = op.action, wait_ms = wait.as_millis() as u64, "waiting for the client-side rate limit");
                tokio::time::sleep(wait).await;
            }
            None => {
                tracing::debug!(action = op.action, qps, "no slot of the client-side rate limit is left: waiting for the total timeout");
                std::future::pending::<()>().await;
            }
        }
    }

    /// Books the earliest free slot and returns how long until it starts, or `None` if there is
    /// none within the clock's range.
    fn reserve(&self, action: &'static str, interval: Duration) -> Option<Duration> {
        let now = Instant::now();
        // A poisoned lock only means another thread panicked mid-update of plain instants: still usable.
        let mut slots = self.next_slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = match slots.get(action) {
            Some(&next) => next?.max(now),
            None => now,
        };
        slots.insert(action, slot.checked_add(interval));
        Some(slot - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(action: &'static str, qps: Option<f64>) -> Operation {
        let op = Operation::new(action, crate::operation::Method::Get).idempotent();
        match qps {
            Some(qps) => op.with_qps(qps),
            None => op,
        }
    }

    #[test]
    fn documented_qps_overrides_and_disabling() {
        let limited = op("A", Some(10.0));
        let unlimited = op("B", None);
        assert_eq!(RateLimit::documented().qps(&limited), Some(10.0));
        assert_eq!(RateLimit::documented().qps(&unlimited), None);
        assert_eq!(RateLimit::disabled().qps(&limited), None);
        assert_eq!(RateLimit::documented().action_qps("A", 100.0).qps(&limited), Some(100.0));
        assert_eq!(RateLimit::documented().action_qps("B", 5.0).qps(&unlimited), Some(5.0));
        assert_eq!(RateLimit::documented().action_qps("A", 0.0).qps(&limited), None);
        assert_eq!(RateLimit::documented().action_qps("A", f64::NAN).qps(&limited), None);
    }

    #[tokio::test(start_paused = true)]
    async fn slots_are_spaced_per_action() {
        let limiter = RateLimiter::new(RateLimit::documented());
        let interval = Duration::from_millis(100);
        assert_eq!(limiter.reserve("A", interval), Some(Duration::ZERO));
        assert_eq!(limiter.reserve("A", interval), Some(interval));
        assert_eq!(limiter.reserve("A", interval), Some(interval * 2));
        assert_eq!(limiter.reserve("B", interval), Some(Duration::ZERO), "actions are independent");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(limiter.reserve("A", interval), Some(Duration::ZERO), "idle time does not bank a burst");
        assert_eq!(limiter.reserve("A", interval), Some(interval));
    }

    /// 1e-30 QPS: a spacing of 1e30 s, past what a `Duration` holds.
    #[tokio::test(start_paused = true)]
    async fn a_qps_too_small_for_a_duration_leaves_one_request_and_does_not_panic() {
        static TINY: Operation = Operation::new("Tiny", crate::operation::Method::Get).idempotent().with_qps(1e-30);
        let limiter = RateLimiter::new(RateLimit::documented());
        limiter.acquire(&TINY).await;
        let second = tokio::time::timeout(Duration::from_secs(3600), limiter.acquire(&TINY)).await;
        assert!(second.is_err(), "the next slot is past the clock's range");
    }

    /// 1e-19 QPS: a spacing of 1e19 s, a `Duration`, but past what the clock reaches.
    #[tokio::test(start_paused = true)]
    async fn a_slot_past_the_clock_s_range_is_never_and_does_not_panic() {
        static FAR: Operation = Operation::new("Far", crate::operation::Method::Get).idempotent();
        let limiter = RateLimiter::new(RateLimit::documented().action_qps("Far", 1e-19));
        limiter.acquire(&FAR).await;
        let second = tokio::time::timeout(Duration::from_secs(3600), limiter.acquire(&FAR)).await;
        assert!(second.is_err(), "the next slot is past the clock's range");
        assert!(limiter.reserve("Far", Duration::from_secs(1)).is_none(), "and stays so");
    }
}
