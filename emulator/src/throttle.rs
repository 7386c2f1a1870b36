//! The documented per-account QPS of each action, enforced with one token bucket per
//! (AccessKey, action): it holds up to one second of calls (at least one), refilled continuously,
//! so a burst of `qps` calls passes and the next one within the same second is `Throttling.User`.

use std::collections::HashMap;
use std::time::Instant;

#[derive(Debug, Default)]
pub(crate) struct Throttle {
    buckets: HashMap<(String, &'static str), Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

impl Throttle {
    /// Takes a token for one call; `false` if the bucket is empty (the call is throttled).
    pub(crate) fn admit(&mut self, access_key_id: &str, action: &'static str, qps: f64, now: Instant) -> bool {
        let capacity = qps.max(1.0);
        let bucket = self.buckets.entry((access_key_id.to_string(), action)).or_insert(Bucket { tokens: capacity, refilled_at: now });
        let elapsed = now.saturating_duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * qps).min(capacity);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_of_qps_calls_passes_and_the_next_waits_for_a_refill() {
        let mut throttle = Throttle::default();
        let start = Instant::now();
        for _ in 0..10 {
            assert!(throttle.admit("ak", "A", 10.0, start));
        }
        assert!(!throttle.admit("ak", "A", 10.0, start));
        assert!(throttle.admit("other", "A", 10.0, start), "buckets are per AccessKey");
        assert!(throttle.admit("ak", "B", 10.0, start), "buckets are per action");
        assert!(throttle.admit("ak", "A", 10.0, start + Duration::from_millis(100)));
        assert!(!throttle.admit("ak", "A", 10.0, start + Duration::from_millis(100)));
    }

    #[test]
    fn fractional_qps_still_admits_one_call() {
        let mut throttle = Throttle::default();
        let start = Instant::now();
        assert!(throttle.admit("ak", "A", 0.5, start));
        assert!(!throttle.admit("ak", "A", 0.5, start + Duration::from_secs(1)));
        assert!(throttle.admit("ak", "A", 0.5, start + Duration::from_secs(2)));
    }
}
