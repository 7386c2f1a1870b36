//! The record of every request the emulator received, refused ones included, for tests to read.

use aliyun_rpc_runtime::signing::SignatureVersion;
use std::collections::VecDeque;

/// One received request and how it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ... as sent.
    pub method: String,
    /// The decoded path.
    pub path: String,
    /// The action named by `Action` (V1) or `x-acs-action` (V3), whether or not it exists.
    pub action: Option<String>,
    /// The signature the request claimed: `Authorization` header (V3) or `Signature` parameter (V1).
    pub signature_version: Option<SignatureVersion>,
    /// The AccessKey ID the request was signed with, as sent.
    pub access_key_id: Option<String>,
    /// `SignatureNonce` (V1) or `x-acs-signature-nonce` (V3).
    pub nonce: Option<String>,
    /// Query then form parameters, decoded, in the order sent; V1 common parameters included. A form
    /// parameter repeating a query one (same name and value) is listed once.
    pub params: Vec<(String, String)>,
    /// Headers with lowercase names, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The raw body, lossily decoded as UTF-8.
    pub body: String,
    /// The HTTP status answered; `None` when the connection was dropped by a fault.
    pub status: Option<u16>,
    /// The `Code` of an error answer (gateway refusal, injected fault); `None` for a success.
    pub error_code: Option<String>,
    /// The `RequestId` answered, if any.
    pub request_id: Option<String>,
    /// When the emulator took the request (after reading it, before any injected delay): for
    /// tests of the client's pacing, retries and backoff.
    pub received_at: std::time::Instant,
}

impl RecordedRequest {
    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Answered with a 2xx status and no error code.
    pub fn succeeded(&self) -> bool {
        matches!(self.status, Some(200..=299)) && self.error_code.is_none()
    }
}

/// The recorded requests, oldest first; with a limit, only the most recent ones are kept, so a
/// long-running emulator does not grow without bound.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    entries: VecDeque<RecordedRequest>,
    limit: Option<usize>,
    /// Every request ever recorded, evicted ones included.
    received: u64,
}

impl Journal {
    pub(crate) fn with_limit(limit: Option<usize>) -> Self {
        Journal { entries: VecDeque::new(), limit, received: 0 }
    }

    pub(crate) fn record(&mut self, entry: RecordedRequest) {
        self.received += 1;
        if self.limit == Some(0) {
            return;
        }
        if self.limit.is_some_and(|limit| self.entries.len() >= limit) {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub(crate) fn entries(&self) -> impl Iterator<Item = &RecordedRequest> {
        self.entries.iter()
    }

    pub(crate) fn received(&self) -> u64 {
        self.received
    }

    /// Forgets the entries; the count of requests received stays.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            path: "/".into(),
            action: Some(action.into()),
            signature_version: None,
            access_key_id: None,
            nonce: None,
            params: Vec::new(),
            headers: Vec::new(),
            body: String::new(),
            status: Some(200),
            error_code: None,
            request_id: None,
            received_at: std::time::Instant::now(),
        }
    }

    #[test]
    fn a_limited_journal_keeps_the_most_recent_entries_and_counts_all() {
        let mut journal = Journal::with_limit(Some(2));
        for action in ["a", "b", "c"] {
            journal.record(entry(action));
        }
        let kept: Vec<_> = journal.entries().map(|e| e.action.clone().unwrap()).collect();
        assert_eq!((kept, journal.received()), (vec!["b".to_string(), "c".to_string()], 3));
        journal.clear();
        assert_eq!((journal.entries().count(), journal.received()), (0, 3));
    }

    #[test]
    fn an_unlimited_journal_keeps_everything() {
        let mut journal = Journal::with_limit(None);
        for _ in 0..1000 {
            journal.record(entry("a"));
        }
        assert_eq!(journal.entries().count(), 1000);
    }
}
