//! Fresh identifiers and the clock of stateful resources.

use std::time::{SystemTime, UNIX_EPOCH};

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Random identifiers (splitmix64 from an OS-random start: unpredictable enough for a test
/// server, and no system call per id) and increasing numbers.
#[derive(Debug, Clone)]
pub(crate) struct Ids {
    state: u64,
    counter: u64,
}

impl Default for Ids {
    fn default() -> Self {
        let mut bytes = [0u8; 8];
        // Without OS randomness ids are still distinct within a run, only predictable.
        let _ = getrandom::fill(&mut bytes);
        Ids { state: u64::from_le_bytes(bytes), counter: 0 }
    }
}

impl Ids {
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `len` random letters and digits.
    pub(crate) fn alphanumeric(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from(ALPHANUMERIC[(self.next_u64() % ALPHANUMERIC.len() as u64) as usize])).collect()
    }

    /// A number never returned before by this generator: creation order, and ids the service
    /// writes as numbers (`ApplyId`, `MessageId`).
    pub(crate) fn sequence(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_have_the_asked_length() {
        let mut ids = Ids::default();
        let many: std::collections::HashSet<String> = (0..1000).map(|_| ids.alphanumeric(16)).collect();
        assert_eq!(many.len(), 1000);
        assert!(many.iter().all(|id| id.len() == 16 && id.chars().all(|c| c.is_ascii_alphanumeric())));
        assert!(ids.sequence() < ids.sequence());
    }
}
