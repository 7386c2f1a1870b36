//! Scripted answers: what an action replies to authentic, valid calls instead of its sample,
//! either for the next calls (a queue, consumed in order) or from now on (a standing reply).

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// A failure to inject into the answer to one call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// An IoT business error: HTTP 200 with `Success: false`, `Code` and `ErrorMessage`.
    Business {
        /// The `Code` of the answer.
        code: String,
        /// The `ErrorMessage` of the answer.
        message: String,
    },
    /// A gateway error with this HTTP status (`InternalError`; `ServiceUnavailable` for 503).
    ServerError {
        /// The HTTP status (5xx).
        status: u16,
    },
    /// `Throttling.User` (HTTP 400) with an `x-acs-retry-after` header of this many milliseconds.
    Throttled {
        /// The delay the `x-acs-retry-after` header asks for.
        retry_after: Duration,
    },
    /// Wait this long, then answer normally (the sample), e.g. to trip a client timeout.
    Delay(Duration),
    /// Close the connection without answering.
    DropConnection,
    /// HTTP 200 with a body that is not valid JSON (a truncated sample).
    MalformedBody,
}

impl Fault {
    /// [`Fault::Business`] with the given `Code` and `ErrorMessage`.
    pub fn business(code: impl Into<String>, message: impl Into<String>) -> Self {
        Fault::Business { code: code.into(), message: message.into() }
    }
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Reply {
    /// The action's sample response, as an unscripted call of an action without state gets (the
    /// IoT resources' actions answer from the state when unscripted).
    Sample,
    /// A success body (HTTP 200), served as given except that a missing `RequestId` is filled in.
    Json(serde_json::Value),
    /// Exactly this status, body and these headers: for shapes nothing else produces.
    Raw {
        /// The HTTP status.
        status: u16,
        /// The headers, as (name, value).
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
    },
    /// An injected failure.
    Fault(Fault),
}

impl From<Fault> for Reply {
    fn from(fault: Fault) -> Self {
        Reply::Fault(fault)
    }
}

impl From<serde_json::Value> for Reply {
    fn from(body: serde_json::Value) -> Self {
        Reply::Json(body)
    }
}

/// The scripted replies of every action.
#[derive(Debug, Default)]
pub(crate) struct Scripts {
    queued: HashMap<String, VecDeque<Reply>>,
    standing: HashMap<String, Reply>,
}

impl Scripts {
    pub(crate) fn enqueue(&mut self, action: &str, replies: impl IntoIterator<Item = Reply>) {
        self.queued.entry(action.to_string()).or_default().extend(replies);
    }

    pub(crate) fn set_standing(&mut self, action: &str, reply: Option<Reply>) {
        match reply {
            Some(reply) => self.standing.insert(action.to_string(), reply),
            None => self.standing.remove(action),
        };
    }

    pub(crate) fn clear(&mut self) {
        self.queued.clear();
        self.standing.clear();
    }

    /// The scripted reply to the next call of `action`: the next queued one, else the standing
    /// one; `None` when nothing is scripted (the state or the sample answers).
    pub(crate) fn next(&mut self, action: &str) -> Option<Reply> {
        if let Some(reply) = self.queued.get_mut(action).and_then(VecDeque::pop_front) {
            return Some(reply);
        }
        self.standing.get(action).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_replies_come_first_in_order_then_the_standing_one_then_none() {
        let mut scripts = Scripts::default();
        assert_eq!(scripts.next("A"), None);
        scripts.enqueue("A", [Fault::ServerError { status: 503 }.into(), Fault::DropConnection.into()]);
        scripts.set_standing("A", Some(Fault::MalformedBody.into()));
        assert_eq!(scripts.next("B"), None);
        assert_eq!(scripts.next("A"), Some(Reply::Fault(Fault::ServerError { status: 503 })));
        assert_eq!(scripts.next("A"), Some(Reply::Fault(Fault::DropConnection)));
        assert_eq!(scripts.next("A"), Some(Reply::Fault(Fault::MalformedBody)));
        assert_eq!(scripts.next("A"), Some(Reply::Fault(Fault::MalformedBody)));
        scripts.set_standing("A", None);
        assert_eq!(scripts.next("A"), None);
    }
}
