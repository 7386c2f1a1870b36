//! The emulated API gateway and service: the order of checks a request goes through, and the
//! state they share. Independent of HTTP: it takes an [`Incoming`] and returns an [`Answer`].
//!
//! Order: signature (V3 or V1, with timestamp and nonce), API version, action, HTTP method,
//! parameters, QPS, then the script (or the sample) answers.

use super::faults::{Fault, Reply, Scripts};
use super::incoming::Incoming;
use super::journal::{Journal, RecordedRequest};
use super::rejection::Rejection;
use super::replay::ReplayGuard;
use super::responses::{self, Response, SuccessBody};
use super::throttle::Throttle;
use super::validate::check_params;
use super::verify::{Claim, Verifier, is_common_parameter};
use crate::API_VERSION;
use crate::credentials::Credentials;
use crate::operation::Operation;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What the server does with a request.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Send `response`, after `delay` if any.
    Respond { delay: Option<Duration>, response: Response },
    /// Close the connection without a response.
    Drop,
}

/// An action the emulator serves.
#[derive(Debug)]
struct Served {
    operation: &'static Operation,
    /// The answer to a valid call: the sample in the documented wire shape (after
    /// `normalize_response`), with the call's `RequestId` and `Success: true`.
    success: SuccessBody,
}

#[derive(Debug)]
pub(crate) struct Gateway {
    /// The accepted credentials by AccessKeyId.
    credentials: HashMap<String, Credentials>,
    enforce_qps: bool,
    served: HashMap<&'static str, Served>,
    replay_guard: Mutex<ReplayGuard>,
    throttle: Mutex<Throttle>,
    pub(crate) scripts: Mutex<Scripts>,
    pub(crate) journal: Mutex<Journal>,
}

/// A mutex whose data stays usable if a holder panicked: every critical section here leaves the
/// data consistent, and one failed test must not cascade into every other request.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Gateway {
    /// Serves `operations`; fails if a sample does not decode with its own output type.
    /// `journal_limit`: how many recent requests the journal keeps (`None`: all).
    pub(crate) fn new(
        operations: &[&'static Operation],
        credentials: HashMap<String, Credentials>,
        enforce_qps: bool,
        journal_limit: Option<usize>,
    ) -> Result<Self, String> {
        let mut served = HashMap::new();
        for &operation in operations {
            let parsed: Value = serde_json::from_str(operation.sample_response)
                .map_err(|e| format!("the sample response of {} is not JSON: {e}", operation.action))?;
            let sample =
                (operation.normalize_response)(parsed).map_err(|e| format!("the sample response of {} does not decode: {e}", operation.action))?;
            served.insert(operation.action, Served { operation, success: SuccessBody::new(&sample) });
        }
        Ok(Gateway {
            credentials,
            enforce_qps,
            served,
            replay_guard: Mutex::default(),
            throttle: Mutex::default(),
            scripts: Mutex::default(),
            journal: Mutex::new(Journal::with_limit(journal_limit)),
        })
    }

    /// Decides the answer to `request` and journals both.
    pub(crate) fn answer(&self, request: &Incoming) -> Answer {
        let claim = Claim::read(request);
        let (answer, error_code) = self.decide(request, &claim);
        let response = match &answer {
            Answer::Respond { response, .. } => Some(response),
            Answer::Drop => None,
        };
        self.record(request, claim, response, error_code);
        answer
    }

    /// A refusal before any check ran (e.g. a body over the size limit), journaled like the rest.
    pub(crate) fn refuse(&self, request: &Incoming, rejection: &Rejection) -> Response {
        let response = responses::gateway_error(rejection, &responses::new_request_id(), host_id(request));
        self.record(request, Claim::read(request), Some(&response), Some(rejection.code.clone()));
        response
    }

    /// `response` is `None` when the connection is dropped instead.
    fn record(&self, request: &Incoming, claim: Claim, response: Option<&Response>, error_code: Option<String>) {
        let request_id = response.and_then(|r| r.headers.iter().find(|(name, _)| name == "x-acs-request-id")).map(|(_, id)| id.clone());
        let entry = RecordedRequest {
            method: request.method.clone(),
            path: request.path.clone(),
            action: claim.action,
            signature_version: claim.version,
            access_key_id: claim.access_key_id,
            nonce: claim.nonce,
            params: request.params().cloned().collect(),
            headers: request.headers.clone(),
            body: String::from_utf8_lossy(&request.body).into_owned(),
            status: response.map(|r| r.status),
            error_code,
            request_id,
            received_at: std::time::Instant::now(),
        };
        lock(&self.journal).record(entry);
    }

    /// The answer and, for an error answer, its `Code`.
    fn decide(&self, request: &Incoming, claim: &Claim) -> (Answer, Option<String>) {
        let request_id = responses::new_request_id();
        let respond = |response: Response| Answer::Respond { delay: None, response };
        let served = match self.admit(request, claim) {
            Ok(served) => served,
            Err(rejection) => {
                let response = responses::gateway_error(&rejection, &request_id, host_id(request));
                return (respond(response), Some(rejection.code));
            }
        };
        let action = served.operation.action;
        match lock(&self.scripts).next(action) {
            Reply::Sample => (respond(served.success.render(&request_id)), None),
            Reply::Json(body) => (respond(responses::scripted_json(&body, &request_id)), None),
            Reply::Raw { status, headers, body } => {
                let code = serde_json::from_str::<Value>(&body)
                    .ok()
                    .and_then(|json| json.get("Code").and_then(Value::as_str).filter(|c| !c.is_empty()).map(str::to_string));
                (respond(responses::raw(status, &headers, &body)), code)
            }
            Reply::Fault(fault) => match fault {
                Fault::Business { code, message } => (respond(responses::business_error(&code, &message, &request_id)), Some(code)),
                Fault::ServerError { status } => {
                    let rejection = Rejection::server_error(status);
                    (respond(responses::gateway_error(&rejection, &request_id, host_id(request))), Some(rejection.code))
                }
                Fault::Throttled { retry_after } => {
                    let rejection = Rejection::throttled();
                    let response = responses::gateway_error(&rejection, &request_id, host_id(request))
                        .with_header("x-acs-retry-after", retry_after.as_millis().to_string());
                    (respond(response), Some(rejection.code))
                }
                Fault::Delay(delay) => (Answer::Respond { delay: Some(delay), response: served.success.render(&request_id) }, None),
                Fault::DropConnection => (Answer::Drop, Some("DropConnection".into())),
                Fault::MalformedBody => (respond(responses::malformed(&served.success, &request_id)), Some("MalformedBody".into())),
            },
        }
    }

    /// Every gateway check, in order; the action to answer if all pass.
    fn admit(&self, request: &Incoming, claim: &Claim) -> Result<&Served, Rejection> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let verifier = Verifier { credentials: &self.credentials, replay_guard: &self.replay_guard, now };
        verifier.verify(request, claim)?;
        match claim.api_version.as_deref() {
            None => return Err(Rejection::missing_parameter("Version")),
            Some(API_VERSION) => {}
            Some(other) => return Err(Rejection::unsupported_version(other)),
        }
        let action = claim.action.as_deref().ok_or_else(|| Rejection::missing_parameter("Action"))?;
        let served = self.served.get(action).ok_or_else(|| Rejection::api_not_found(action))?;
        let operation = served.operation;
        if !operation.methods.iter().any(|method| method.as_str() == request.method) {
            let allowed: Vec<&str> = operation.methods.iter().map(|method| method.as_str()).collect();
            return Err(Rejection::unsupported_method(&request.method, &allowed.join(" or ")));
        }
        let own_params = request.params().filter(|(name, _)| !is_common_parameter(name)).map(|(name, value)| (name.as_str(), value.as_str()));
        check_params(operation.params, own_params)?;
        if self.enforce_qps
            && let Some(qps) = operation.qps
        {
            // The account is the AccessKey here: the emulator has no RAM users sharing a quota.
            let access_key_id = claim.access_key_id.as_deref().unwrap_or_default();
            if !lock(&self.throttle).admit(access_key_id, operation.action, qps, Instant::now()) {
                return Err(Rejection::throttled());
            }
        }
        Ok(served)
    }
}

/// The `HostId` of an error: the host the caller addressed, as the real gateway names itself.
fn host_id(request: &Incoming) -> &str {
    request.header("host").unwrap_or("localhost")
}
