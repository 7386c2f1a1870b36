//! The emulated API gateway and service: the order of checks a request goes through, and the
//! state they share. Independent of HTTP: it takes an [`Incoming`] and returns an [`Answer`].
//!
//! Order: signature (V3 or V1, with timestamp and nonce), API version, action, HTTP method,
//! parameters, QPS; then a script answers, else the product's state (IoT's resources), else the
//! sample.

use crate::faults::{Fault, Reply, Scripts};
use crate::incoming::Incoming;
use crate::iot;
use crate::journal::{Journal, RecordedRequest};
use crate::keys::AccessKey;
use crate::rejection::Rejection;
use crate::replay::ReplayGuard;
use crate::responses::{self, Response, SuccessBody};
use crate::state::{Call, Codes, Handled, Outcome, Params, ProductCodes, Refusal};
use crate::table::{Action, ProductTable};
use crate::throttle::Throttle;
use crate::validate::check_params;
use crate::verify::{Claim, Verifier};
use aliyun_rpc_runtime::Product;
use aliyun_rpc_runtime::protocol::is_common_parameter;
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
    product: &'static Product,
    action: &'static Action,
    /// The answer to a valid call: the sample in the documented wire shape (after
    /// `normalize`), with the call's `RequestId` and `Success: true`.
    success: SuccessBody,
    /// Whether the action's answers carry `Success` (a few document none).
    with_success: bool,
}

#[derive(Debug)]
pub(crate) struct Gateway {
    /// The accepted keys by AccessKeyId.
    keys: HashMap<String, AccessKey>,
    enforce_qps: bool,
    /// Every action by API version, then name: requests name both. Where two products serve the
    /// same action at the same version, both are here, in product order.
    served: HashMap<&'static str, HashMap<&'static str, Vec<Served>>>,
    replay_guard: Mutex<ReplayGuard>,
    throttle: Mutex<Throttle>,
    pub(crate) scripts: Mutex<Scripts>,
    pub(crate) journal: Mutex<Journal>,
    /// Whether stateful actions answer from the state (else every action answers its sample).
    stateful: bool,
    /// The error codes each product documents, by product code.
    codes: HashMap<&'static str, ProductCodes>,
    /// IoT Platform's resources; one lock, so that concurrent calls see a consistent state.
    pub(crate) iot: Mutex<iot::State>,
}

/// A mutex whose data stays usable if a holder panicked: every critical section here leaves the
/// data consistent, and one failed test must not cascade into every other request.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Gateway {
    /// Serves every action of `products`; fails if a sample does not decode with its own output
    /// type. `journal_limit`: how many recent requests the journal keeps (`None`: all).
    pub(crate) fn new(
        products: &'static [ProductTable],
        keys: HashMap<String, AccessKey>,
        enforce_qps: bool,
        journal_limit: Option<usize>,
        stateful: bool,
    ) -> Result<Self, String> {
        let mut served: HashMap<&'static str, HashMap<&'static str, Vec<Served>>> = HashMap::new();
        let mut codes = HashMap::new();
        for table in products {
            let product = table.product;
            codes.insert(product.code, ProductCodes::new(table.actions.iter().map(|action| action.errors)));
            for action in table.actions {
                let name = action.operation.action;
                let parsed: Value = serde_json::from_str(action.sample).map_err(|e| format!("the sample response of {name} is not JSON: {e}"))?;
                let sample = (action.normalize)(parsed.clone()).map_err(|e| format!("the sample response of {name} does not decode: {e}"))?;
                let with_success = parsed.get("Success").is_some();
                let entry = Served { product, action, success: SuccessBody::new(&sample, with_success), with_success };
                served.entry(product.version).or_default().entry(name).or_default().push(entry);
            }
        }
        Ok(Gateway {
            keys,
            enforce_qps,
            served,
            replay_guard: Mutex::default(),
            throttle: Mutex::default(),
            scripts: Mutex::default(),
            journal: Mutex::new(Journal::with_limit(journal_limit)),
            stateful,
            codes,
            iot: Mutex::default(),
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
        let action = served.action.operation.action;
        let scripted = lock(&self.scripts).next(action);
        let reply = match scripted {
            Some(reply) => reply,
            None => match self.state_answer(served, request) {
                Some(handled) => return self.render(served, handled, &request_id, request),
                None => Reply::Sample,
            },
        };
        match reply {
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

    /// The answer the state gives, for the actions a product's state keeps.
    fn state_answer(&self, served: &Served, request: &Incoming) -> Option<Handled> {
        let keeps = match served.product.code {
            iot::PRODUCT_CODE => iot::keeps(served.action.operation.action),
            _ => false,
        };
        if !self.stateful || !keeps {
            return None;
        }
        let params = Params::new(request.params().map(|(name, value)| (name.as_str(), value.as_str())));
        let codes = Codes { action: served.action.errors, product: self.codes.get(served.product.code)? };
        let call = Call { action: served.action.operation.action, params, codes };
        lock(&self.iot).answer(&call)
    }

    /// A state's answer as the service sends it: the body in the documented shape (checked with
    /// the action's output type), or the documented error.
    fn render(&self, served: &Served, handled: Handled, request_id: &str, request: &Incoming) -> (Answer, Option<String>) {
        let (delay, body) = match handled {
            Ok(Outcome::Body(body)) => (None, body),
            Ok(Outcome::Late(delay, body)) => (Some(delay), body),
            Err(Refusal::Documented { code, message }) => {
                let response = responses::business_error(code, &message, request_id);
                return (Answer::Respond { delay: None, response }, Some(code.to_string()));
            }
            Err(Refusal::InvalidParameter { name, why }) => {
                let rejection = Rejection::invalid_parameter(name, &why);
                let response = responses::gateway_error(&rejection, request_id, host_id(request));
                return (Answer::Respond { delay: None, response }, Some(rejection.code));
            }
            Err(Refusal::Undocumented { what }) => return self.emulator_fault(&what, request_id, request),
        };
        match conform(served.action, body) {
            Ok(body) => (Answer::Respond { delay, response: responses::with_request_id(&body, request_id, served.with_success) }, None),
            Err(why) => self.emulator_fault(&format!("the answer to {} {why}", served.action.operation.action), request_id, request),
        }
    }

    /// A fault of the emulator itself, told rather than hidden: HTTP 500 saying what went wrong.
    fn emulator_fault(&self, what: &str, request_id: &str, request: &Incoming) -> (Answer, Option<String>) {
        let rejection = Rejection::emulator_fault(what);
        let response = responses::gateway_error(&rejection, request_id, host_id(request));
        (Answer::Respond { delay: None, response }, Some(rejection.code))
    }

    /// Every gateway check, in order; the action to answer if all pass.
    fn admit(&self, request: &Incoming, claim: &Claim) -> Result<&Served, Rejection> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let verifier = Verifier { keys: &self.keys, replay_guard: &self.replay_guard, now };
        verifier.verify(request, claim)?;
        let actions = match claim.api_version.as_deref() {
            None => return Err(Rejection::missing_parameter("Version")),
            Some(version) => self.served.get(version).ok_or_else(|| Rejection::unsupported_version(version))?,
        };
        let action = claim.action.as_deref().ok_or_else(|| Rejection::missing_parameter("Action"))?;
        let served = pick(actions.get(action).ok_or_else(|| Rejection::api_not_found(action))?, request);
        let (table, operation) = (served.action, served.action.operation);
        if !table.methods.iter().any(|method| method.as_str() == request.method) {
            let allowed: Vec<&str> = table.methods.iter().map(|method| method.as_str()).collect();
            return Err(Rejection::unsupported_method(&request.method, &allowed.join(" or ")));
        }
        let own_params = request.params().filter(|(name, _)| !is_common_parameter(name)).map(|(name, value)| (name.as_str(), value.as_str()));
        check_params(table.params, own_params)?;
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

/// Of the products that serve an action at one version (almost always one), the one whose
/// endpoint the request's `Host` names (`ecs.cn-hangzhou.aliyuncs.com`, as a client sends it
/// through a proxy), else the first.
fn pick<'s>(candidates: &'s [Served], request: &Incoming) -> &'s Served {
    let host = request.header("host").unwrap_or_default().to_ascii_lowercase();
    let named = |served: &&Served| {
        let code = served.product.code.to_ascii_lowercase();
        host.starts_with(&format!("{code}.")) || host.starts_with(&format!("{code}-"))
    };
    candidates.iter().find(named).unwrap_or(&candidates[0])
}

/// `body` if the action's output type writes it back the same, else an error naming the first
/// field it changes or drops: a handler cannot answer a shape the documentation does not have.
/// Empty lists count as the same as absent ones, which the output type leaves out.
fn conform(action: &Action, body: Value) -> Result<Value, String> {
    let normalized = (action.normalize)(body.clone()).map_err(|e| format!("does not decode: {e}"))?;
    match first_difference(&body, &normalized, "") {
        None => Ok(body),
        Some(path) => Err(format!("does not fit its documented shape at `{path}`")),
    }
}

fn first_difference(written: &Value, documented: &Value, path: &str) -> Option<String> {
    match (written, documented) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .find_map(|(key, value)| match b.get(key) {
                Some(other) => first_difference(value, other, &format!("{path}.{key}")),
                None if is_empty(value) => None,
                None => Some(format!("{path}.{key}")),
            })
            .or_else(|| b.keys().find(|key| !a.contains_key(*key)).map(|key| format!("{path}.{key}"))),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]")))
        }
        (a, b) if a == b => None,
        _ => Some(path.to_string()),
    }
}

/// An empty list, or a wrapper holding only empty lists.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => !fields.is_empty() && fields.values().all(is_empty),
        _ => false,
    }
}

/// The `HostId` of an error: the host the caller addressed, as the real gateway names itself.
fn host_id(request: &Incoming) -> &str {
    request.header("host").unwrap_or("localhost")
}

impl Gateway {
    /// The names of every action served, sorted, without repeats.
    pub(crate) fn action_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.served.values().flat_map(|actions| actions.keys().copied()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query_product_list() -> &'static Action {
        crate::products::iot::ACTIONS.iter().find(|a| a.operation.action == "QueryProductList").unwrap()
    }

    #[test]
    fn an_answer_in_the_documented_shape_conforms_and_others_are_named() {
        let good = json!({"Data": {"Total": 1, "List": {"ProductInfo": [{"ProductKey": "a1", "NodeType": 0}]}}});
        assert_eq!(conform(query_product_list(), good.clone()), Ok(good));
        let empty = json!({"Data": {"Total": 0, "List": {"ProductInfo": []}}});
        assert_eq!(conform(query_product_list(), empty.clone()), Ok(empty));
        let unwrapped = json!({"Data": {"List": [{"ProductKey": "a1"}]}});
        assert_eq!(conform(query_product_list(), unwrapped), Err("does not fit its documented shape at `.Data.List`".into()));
        let misspelt = json!({"Data": {"Totl": 1}});
        assert_eq!(conform(query_product_list(), misspelt), Err("does not fit its documented shape at `.Data.Totl`".into()));
        let mistyped = json!({"Data": {"Total": "one"}});
        assert!(conform(query_product_list(), mistyped).is_err());
    }
}
