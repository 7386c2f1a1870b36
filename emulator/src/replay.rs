//! Remembers the signature nonces seen per AccessKey, so a replayed request is refused
//! (`SignatureNonceUsed`). A nonce only needs remembering while its timestamp is acceptable: after
//! that the request is refused as expired anyway, so old entries are dropped.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub(crate) struct ReplayGuard {
    /// (AccessKeyId, nonce) -> when it was first seen, seconds since the Unix epoch.
    seen: HashMap<(String, String), u64>,
    /// The oldest entry may be older than this; pruning happens when `now` passes it.
    next_prune: u64,
}

impl ReplayGuard {
    /// Records the nonce; `false` if this AccessKey already used it within `window_seconds`.
    pub(crate) fn first_use(&mut self, access_key_id: &str, nonce: &str, now: u64, window_seconds: u64) -> bool {
        if now >= self.next_prune {
            // A request signed up to `window` in the future stays valid until `now + window`.
            self.seen.retain(|_, &mut first_seen| now.saturating_sub(first_seen) <= 2 * window_seconds);
            self.next_prune = now + window_seconds;
        }
        let key = (access_key_id.to_string(), nonce.to_string());
        match self.seen.get(&key) {
            Some(&first_seen) if now.saturating_sub(first_seen) <= 2 * window_seconds => false,
            _ => {
                self.seen.insert(key, now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_accepted_once_per_access_key() {
        let mut guard = ReplayGuard::default();
        assert!(guard.first_use("ak", "n1", 1000, 900));
        assert!(!guard.first_use("ak", "n1", 1001, 900));
        assert!(guard.first_use("other", "n1", 1001, 900));
        assert!(guard.first_use("ak", "n2", 1001, 900));
    }

    #[test]
    fn entries_older_than_two_windows_are_forgotten() {
        let mut guard = ReplayGuard::default();
        assert!(guard.first_use("ak", "n1", 1000, 900));
        assert!(!guard.first_use("ak", "n1", 1000 + 1800, 900));
        assert!(guard.first_use("ak", "n1", 1000 + 1801, 900));
    }
}
