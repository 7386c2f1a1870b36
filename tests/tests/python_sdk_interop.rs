//! Each product's official Python SDK (`alibabacloud-iot20180120`, `alibabacloud-linkvisual20180120`,
//! `alibabacloud-ecs20140526`) against the emulator: every action the emulator serves, with every
//! parameter filled, once with the SDK's default V3 signature and once with V1. If the SDK is refused or decodes something else than the sample, the emulator (or its
//! table) is wrong, unless the SDK's own model is the cause, which the failure then says.
//!
//! Needs `python3` with the SDKs installed (`python3 -m pip install alibabacloud-iot20180120 ...`;
//! `cargo xtask test` does). Without them the tests fail, naming what is missing.

use aliyun_iot::config::SignatureVersion;
use aliyun_iot_emulator::products;
use aliyun_iot_emulator::table::{Action, ParamShape, ParamSpec, ProductTable, ScalarKind};
use aliyun_iot_emulator::{Emulator, Fault, RecordedRequest};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python").join("call_emulator.py")
}

/// The interpreter: `ALIYUN_IOT_PYTHON` (`cargo xtask test` sets it to its own environment), else `python3`.
fn python() -> String {
    std::env::var("ALIYUN_IOT_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// A product's official SDK: its Python package, and the emulator's table of the product.
struct Sdk {
    package: &'static str,
    table: &'static ProductTable,
}

fn iot() -> Sdk {
    sdk("alibabacloud_iot20180120", "iot")
}

/// The SDK `package` of the product whose code is `code` (any case).
fn sdk(package: &'static str, code: &str) -> Sdk {
    let table = products::PRODUCTS.iter().find(|p| p.product.code.eq_ignore_ascii_case(code));
    Sdk { package, table: table.unwrap_or_else(|| panic!("the emulator serves no product `{code}`")) }
}

/// Panics, naming what is missing and how to install it, unless the SDK can be imported.
fn require_sdk(sdk: &Sdk) {
    let package = sdk.package;
    let why = match Command::new(python()).args(["-c", &format!("import {package}.client")]).output() {
        Ok(output) if output.status.success() => return,
        Ok(output) => String::from_utf8_lossy(&output.stderr).trim().lines().last().unwrap_or_default().to_string(),
        Err(error) => format!("cannot run python3: {error}"),
    };
    let pip = package.replace('_', "-");
    panic!("the official Python SDK is not importable ({why}); install it with `python3 -m pip install {pip}` (or run `cargo xtask test`)");
}

/// The sample of `action` as the emulator serves it, without the per-call `RequestId`.
fn served_sample(action: &Action) -> Value {
    let published: Value = serde_json::from_str(action.sample).unwrap();
    let mut sample = (action.normalize)(published.clone()).unwrap();
    let fields = sample.as_object_mut().unwrap();
    fields.remove("RequestId");
    // The emulator answers `Success: true` where the action documents `Success`.
    if published.get("Success").is_some() {
        fields.insert("Success".into(), Value::Bool(true));
    }
    sample
}

/// Runs the script with `scenario` against `emu`, `stdin` on its standard input.
async fn run_sdk(sdk: &Sdk, emu: &Emulator, signature: &'static str, scenario: &'static str, stdin: Vec<u8>) -> Output {
    let mut command = Command::new(python());
    command
        .arg(script())
        .env("EMULATOR_SDK", sdk.package)
        .env("EMULATOR_API_VERSION", sdk.table.product.version)
        .env("EMULATOR_ENDPOINT", emu.local_addr().to_string())
        .env("EMULATOR_ACCESS_KEY_ID", emu.access_key_id())
        .env("EMULATOR_ACCESS_KEY_SECRET", emu.access_key_secret())
        .env("EMULATOR_SIGNATURE", signature)
        .env("EMULATOR_SCENARIO", scenario)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // The emulator serves on this runtime's workers; wait for Python off them.
    tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().expect("python3 runs");
        child.stdin.take().unwrap().write_all(&stdin).expect("the script reads its input");
        child.wait_with_output().expect("python3 runs")
    })
    .await
    .unwrap()
}

/// What the script printed, after checking it exited successfully.
fn sdk_output(output: Output, signature: &str) -> Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{signature}: the SDK failed ({}):\n{stderr}", output.status);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{signature}: not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)))
}

// --- every action ---------------------------------------------------------------------------------

fn kind_name(kind: ScalarKind) -> &'static str {
    match kind {
        ScalarKind::String => "String",
        ScalarKind::Integer => "Integer",
        ScalarKind::Long => "Long",
        ScalarKind::Boolean => "Boolean",
        ScalarKind::Float => "Float",
        ScalarKind::Double => "Double",
    }
}

fn param_json(param: &ParamSpec) -> Value {
    let shape = match &param.shape {
        ParamShape::Scalar(kind) => json!({ "scalar": kind_name(*kind) }),
        ParamShape::List(kind) => json!({ "list": kind_name(*kind) }),
        ParamShape::Objects(fields) => json!({ "objects": fields.iter().map(param_json).collect::<Vec<_>>() }),
        ParamShape::Object(fields) => json!({ "object": fields.iter().map(param_json).collect::<Vec<_>>() }),
        // The script sets a list; the SDK joins it.
        ParamShape::Joined(kind, _) => json!({ "list": kind_name(*kind) }),
        ParamShape::Json => json!({ "json": true }),
    };
    json!({ "name": param.name, "required": param.required, "shape": shape })
}

/// The emulator's table, the single source of the parameter shapes the script fills.
fn action_table(actions: &[Action]) -> Vec<u8> {
    let table: Vec<Value> = actions
        .iter()
        .map(|a| {
            let methods: Vec<&str> = a.methods.iter().map(|m| m.as_str()).collect();
            json!({ "action": a.operation.action, "methods": methods, "params": a.params.iter().map(param_json).collect::<Vec<_>>() })
        })
        .collect();
    serde_json::to_vec(&table).unwrap()
}

/// The wire parameters a call carries for `params` set to `set` (the script's values, by wire
/// name), under `prefix`: (key, the parameter's shape, the value set).
fn wire_params<'a>(params: &'a [ParamSpec], set: &'a Value, prefix: &str, out: &mut Vec<(String, &'a ParamShape, &'a Value)>) {
    for param in params {
        let name = format!("{prefix}{}", param.name);
        let value = &set[param.name];
        match (&param.shape, value) {
            (ParamShape::List(_), Value::Array(elements)) => {
                out.extend(elements.iter().enumerate().map(|(i, element)| (format!("{name}.{}", i + 1), &param.shape, element)));
            }
            (ParamShape::Objects(fields), Value::Array(elements)) => {
                for (i, element) in elements.iter().enumerate() {
                    wire_params(fields, element, &format!("{name}.{}.", i + 1), out);
                }
            }
            (ParamShape::Object(fields), Value::Object(_)) => wire_params(fields, value, &format!("{name}."), out),
            _ => out.push((name, &param.shape, value)),
        }
    }
}

/// Whether `received` (a wire value, decoded by the emulator) is `set` (the script's value) as
/// the SDK writes it: numbers as numbers, booleans in any case (`True`), JSON as equal JSON.
fn arrived_intact(shape: &ParamShape, set: &Value, received: &str) -> bool {
    let kind = match shape {
        ParamShape::Scalar(kind) | ParamShape::List(kind) => *kind,
        ParamShape::Json => return serde_json::from_str::<Value>(received).is_ok_and(|json| json == *set),
        ParamShape::Objects(_) | ParamShape::Object(_) => return false,
        // As the SDK joins them: Python's text of each element.
        ParamShape::Joined(_, separator) => {
            let python = |v: &Value| match v {
                Value::Bool(b) => {
                    if *b {
                        "True".to_string()
                    } else {
                        "False".to_string()
                    }
                }
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let elements: Vec<String> = set.as_array().into_iter().flatten().map(python).collect();
            return elements.join(separator) == received;
        }
    };
    match kind {
        ScalarKind::String => set.as_str() == Some(received),
        ScalarKind::Integer | ScalarKind::Long => received.parse::<i64>().ok() == set.as_i64(),
        ScalarKind::Float | ScalarKind::Double => received.parse::<f64>().ok() == set.as_f64(),
        ScalarKind::Boolean => set.as_bool().is_some_and(|b| received.eq_ignore_ascii_case(&b.to_string())),
    }
}

/// Actions the service documents (in the API metadata the specs come from) but the official SDK
/// has no method for. The script calls them through the SDK's generic `call_api`, as the SDK's
/// generated methods do (same signing, same decoding, no model), so their signatures and samples
/// are still checked. The SDK's doing, not ours: an entry the SDK has since gained is only noted.
const SDK_WITHOUT_OPERATION: &[(&str, &str)] = &[
    // alibabacloud-iot20180120 5.1.0 has `publish_thing_model_async_with_options` but no `...Inner`.
    ("PublishThingModelAsyncInner", "not in alibabacloud-iot20180120 (5.1.0)"),
    ("PurchaseElasticityAssurance", "not in alibabacloud-ecs20140526 (7.11.8)"),
];

/// Fields the service sends that the official SDK's response models lack, so the SDK drops them
/// (paths as `Action.Field.Field`, list indexes left out). The SDK is generated from the API
/// metadata's field tables, which leave these out although the metadata's own samples show them
/// (`fixups.yaml` adds them to our specs, with the reason). The SDK's doing, not ours: an entry
/// the SDK has since gained is only noted.
const SDK_MODEL_WITHOUT_FIELD: &[&str] = &[
    // fixups.yaml: "The metadata's JSON and XML samples return Data.NextToken, which its tables leave out."
    "GetThingTopo.Data.NextToken",
    // fixups.yaml: "The metadata's JSON sample returns JobId, which its tables leave out."
    "RemoveThingTopo.JobId",
    // No published sample: the emulator's synthesized one has the usual `Success`, which the SDK's
    // model of this internal action (with an integer `Code` envelope) does not.
    "GetThingModelStatusInner.Success",
];

// The failure classes, each with whose it is to fix.
const REFUSED: &str = "refused: the emulator refused the SDK's call (or the SDK raised before sending)";
const NO_OPERATION: &str = "the SDK has no method for the action (called through its generic `call_api`); \
     a misspelt action in the spec, or else an entry for SDK_WITHOUT_OPERATION";
const DROPPED_PARAM: &str = "parameters the SDK's request model lacks, so it never sends them";
const ALTERED_PARAM: &str = "parameters the SDK's request model keeps with another value than set";
const NOT_FILLED: &str = "parameters of the emulator's table the script did not fill (tests/python/call_emulator.py)";
const NOT_RECEIVED: &str = "parameters the SDK sent that the emulator did not receive";
const NOT_INTACT: &str = "parameters the emulator received with another value than the SDK was given";
const JOURNAL: &str = "the requests the emulator journaled (one per action, signed as asked, an accepted method, answered 2xx)";
const NOT_OK: &str = "answers that are not HTTP 200 with a 36-character RequestId";
const SUCCESS_ENVELOPE: &str = "`Success: true`, which the emulator answers where the action documents it, is not in the SDK's \
     response model of these actions, so the SDK drops it: does the service send `Success` for them? (emulator: responses::SuccessBody)";
const DROPPED_FIELD: &str = "fields of the served sample the SDK's response model lacks, so the SDK drops them";
const EXTRA_FIELD: &str = "fields the SDK decoded that the served sample lacks";
const OTHER_VALUE: &str = "values the SDK decoded differently from the served sample";

/// Not a failure: a field of SDK_MODEL_WITHOUT_FIELD the SDK dropped, as expected.
const SDK_MODEL_GAP: &str = "allowed: a field the SDK's model lacks (SDK_MODEL_WITHOUT_FIELD)";

/// `path` without its list indexes: `A.List[0].B` is `A.List.B`.
fn unindexed(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where `decoded` differs from `sample`: (class, `path: detail`).
fn differences(path: &str, sample: &Value, decoded: &Value, out: &mut Vec<(&'static str, String)>) {
    match (sample, decoded) {
        (Value::Object(sample), Value::Object(decoded)) => {
            for (key, value) in sample {
                let field = format!("{path}.{key}");
                match decoded.get(key) {
                    Some(got) => differences(&field, value, got, out),
                    // The top level of a body is `Action.Field`.
                    None if SDK_MODEL_WITHOUT_FIELD.contains(&unindexed(&field).as_str()) => out.push((SDK_MODEL_GAP, field)),
                    None if key == "Success" && !path.contains('.') => out.push((SUCCESS_ENVELOPE, field)),
                    None => out.push((DROPPED_FIELD, format!("{field} (served: {value})"))),
                }
            }
            for (key, value) in decoded.iter().filter(|(key, _)| !sample.contains_key(*key)) {
                out.push((EXTRA_FIELD, format!("{path}.{key} (SDK: {value})")));
            }
        }
        (Value::Array(sample), Value::Array(decoded)) if sample.len() == decoded.len() => {
            for (index, (value, got)) in sample.iter().zip(decoded).enumerate() {
                differences(&format!("{path}[{index}]"), value, got, out);
            }
        }
        _ if sample == decoded => {}
        // A `Float` field is 32 bits: the served value and the SDK's (a 64-bit float) agree to that.
        (Value::Number(a), Value::Number(b)) if a.as_f64().zip(b.as_f64()).is_some_and(|(a, b)| (a - b).abs() <= a.abs() * 1e-7) => {}
        _ => out.push((OTHER_VALUE, format!("{path}: served {sample}, SDK decoded {decoded}"))),
    }
}

/// Failures: class -> entry (naming the action) -> the signatures it happened with.
#[derive(Default)]
struct Failures(BTreeMap<&'static str, BTreeMap<String, Vec<&'static str>>>);

impl Failures {
    fn add(&mut self, class: &'static str, signature: &'static str, entry: String) {
        self.0.entry(class).or_default().entry(entry).or_default().push(signature);
    }

    fn report(&self) -> String {
        let mut report = String::new();
        for (class, entries) in &self.0 {
            report.push_str(&format!("\n{class} ({}):\n", entries.len()));
            for (entry, signatures) in entries {
                report.push_str(&format!("  [{}] {entry}\n", signatures.join(", ")));
            }
        }
        report
    }
}

/// Whether `part` is an object whose every key `whole` has with the same value.
fn is_subset(part: &Value, whole: &Value) -> bool {
    match (part, whole) {
        (Value::Object(part), Value::Object(whole)) => part.iter().all(|(key, value)| whole.get(key) == Some(value)),
        _ => false,
    }
}

/// The text of a JSON string, or the JSON of anything else.
fn text(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_string)
}

/// What is wrong with what the SDK made of `action` with `signature` (the script's `outcome`) and
/// with what the emulator journaled: (class, entry naming the action).
fn check_action(
    action: &Action,
    signature: &str,
    version: SignatureVersion,
    outcome: &Value,
    journal: &[RecordedRequest],
) -> Vec<(&'static str, String)> {
    let name = action.operation.action;
    let mut problems = Vec::new();
    let mut fail = |class, entry: String| problems.push((class, entry));
    if outcome.is_null() {
        fail(REFUSED, format!("{name}: the script reported no outcome"));
        return problems;
    }
    if outcome.get("sdk_missing").is_some() && !SDK_WITHOUT_OPERATION.iter().any(|(a, _)| *a == name) {
        fail(NO_OPERATION, format!("{name}: {}", text(&outcome["sdk_missing"])));
    }
    let requests: Vec<&RecordedRequest> = journal.iter().filter(|r| r.action.as_deref() == Some(name)).collect();
    if let Some(error) = outcome.get("error") {
        let sent = if requests.is_empty() { "never sent: the SDK raised" } else { "the emulator answered" };
        fail(REFUSED, format!("{name} ({signature}; {sent}): {} {}: {}", text(&error["exception"]), text(&error["code"]), text(&error["message"])));
        return problems;
    }
    let dropped: Vec<&str> = outcome["dropped_params"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for param in &dropped {
        fail(DROPPED_PARAM, format!("{name}.{param}"));
    }
    let altered = outcome["altered_params"].as_object();
    for (param, change) in altered.into_iter().flatten() {
        // The script fills a JSON object with keys of its own; the SDK's model of it keeps the
        // fields it knows, which is the SDK's to decide.
        if !is_subset(&change["kept"], &change["set"]) {
            fail(ALTERED_PARAM, format!("{name}.{param}: set {}, kept {}", change["set"], change["kept"]));
        }
    }
    match requests.as_slice() {
        [request] => {
            let methods: Vec<&str> = action.methods.iter().map(|m| m.as_str()).collect();
            if request.signature_version != Some(version) || !request.succeeded() || !methods.contains(&request.method.as_str()) {
                let seen = (request.signature_version, &request.method, request.status, &request.error_code);
                fail(JOURNAL, format!("{name}: (signature, method, status, code) {seen:?}; accepted methods {methods:?}"));
            }
            let mut sent = Vec::new();
            wire_params(action.params, &outcome["params"], "", &mut sent);
            for (key, shape, value) in sent.into_iter().filter(|(key, _, _)| !dropped.contains(&key.split('.').next().unwrap())) {
                // What the SDK kept of a JSON object is what it sends.
                let value = altered.and_then(|a| a.get(&key)).map_or(value, |change| &change["kept"]);
                match request.param(&key) {
                    _ if value.is_null() => fail(NOT_FILLED, format!("{name}: {key}")),
                    None => fail(NOT_RECEIVED, format!("{name}: {key} (the SDK sent {})", request.method)),
                    Some(received) if !arrived_intact(shape, value, received) => {
                        fail(NOT_INTACT, format!("{name}: {key}: set {value}, received {received:?}"));
                    }
                    Some(_) => {}
                }
            }
        }
        other => fail(JOURNAL, format!("{name}: {} requests journaled", other.len())),
    }
    let mut body = outcome["body"].clone();
    let request_id = body.as_object_mut().and_then(|b| b.remove("RequestId"));
    let request_id_ok = request_id.as_ref().and_then(Value::as_str).is_some_and(|id| id.len() == 36);
    if outcome["status"] != 200 || !request_id_ok {
        fail(NOT_OK, format!("{name}: status {}, RequestId {request_id:?}", outcome["status"]));
    }
    differences(name, &served_sample(action), &body, &mut problems);
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_iot_sdk_calls_every_action_with_every_parameter_with_v3_and_v1_signatures() {
    every_action(&iot()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_linkvisual_sdk_calls_every_action_with_every_parameter_with_v3_and_v1_signatures() {
    every_action(&sdk("alibabacloud_linkvisual20180120", "linkvisual")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_ecs_sdk_calls_every_action_with_every_parameter_with_v3_and_v1_signatures() {
    every_action(&sdk("alibabacloud_ecs20140526", "ecs")).await;
}

async fn every_action(sdk: &Sdk) {
    require_sdk(sdk);
    let actions = sdk.table.actions;
    let product = sdk.table.product.code;
    let mut failures = Failures::default();
    let mut summary = Vec::new();
    for (signature, version) in [("v3", SignatureVersion::V3), ("v1", SignatureVersion::V1)] {
        // A fresh emulator per signature: each action is called once, within its QPS.
        let emu = Emulator::builder().samples_only().start().await.unwrap();
        let decoded = sdk_output(run_sdk(sdk, &emu, signature, "every-action", action_table(actions)).await, signature);
        let journal = emu.requests();
        let (mut passed, mut gaps_seen) = (0, BTreeSet::new());
        for action in actions {
            let mut problems = check_action(action, signature, version, &decoded["actions"][action.operation.action], &journal);
            // Allowed gaps are not failures; remember them, to note entries the SDK has outgrown.
            problems.retain(|(class, entry)| {
                let allowed = *class == SDK_MODEL_GAP;
                if allowed {
                    gaps_seen.insert(unindexed(entry));
                }
                !allowed
            });
            passed += usize::from(problems.is_empty());
            for (class, entry) in problems {
                failures.add(class, signature, entry);
            }
        }
        let served = |field: &str| actions.iter().any(|a| field.split('.').next() == Some(a.operation.action));
        for field in SDK_MODEL_WITHOUT_FIELD.iter().filter(|field| served(field) && !gaps_seen.contains(**field)) {
            eprintln!(
                "note ({signature}): {field} is no longer dropped (the SDK decodes it, or the sample lost it); SDK_MODEL_WITHOUT_FIELD can lose it"
            );
        }
        if journal.len() != actions.len() {
            failures.add(JOURNAL, signature, format!("{} requests journaled for {} actions", journal.len(), actions.len()));
        }
        for (action, why) in SDK_WITHOUT_OPERATION {
            if decoded["actions"].get(action).is_some_and(|outcome| outcome.get("sdk_missing").is_none()) {
                eprintln!("note: the SDK now has a method for {action}; SDK_WITHOUT_OPERATION ({why}) can lose it");
            }
        }
        if let Some(extra) = decoded["sdk_only"].as_array().filter(|extra| !extra.is_empty()) {
            eprintln!("note: the SDK has operations the emulator does not serve: {extra:?}");
        }
        summary.push(format!("{product} {signature}: {passed} of {} actions pass", actions.len()));
    }
    eprintln!("{}", summary.join("; "));
    let report = failures.report();
    assert!(report.is_empty(), "the official Python SDK and the emulator disagree ({}):{report}", summary.join("; "));
}

// --- error answers --------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_reads_the_emulators_error_answers() {
    require_sdk(&iot());
    let emu = Emulator::start().await.unwrap();
    for signature in ["v3", "v1"] {
        // The script's order: a wrong secret (refused before any script plays), then these.
        emu.script(
            "ListOTAModuleByProduct",
            [Fault::Throttled { retry_after: Duration::from_millis(2000) }.into(), Fault::ServerError { status: 503 }.into()],
        );
        emu.fail_next("QueryProductList", Fault::business("iot.prod.NotExistedProduct", "no such product"));
        emu.clear_requests();
        let decoded = sdk_output(run_sdk(&iot(), &emu, signature, "errors", Vec::new()).await, signature);
        let journal = emu.requests();
        let issued = |index: usize| Value::from(journal[index].request_id.clone().unwrap());

        let wrong_secret = &decoded["wrong_secret"];
        assert_eq!(
            (&wrong_secret["status_code"], &wrong_secret["code"]),
            (&Value::from(400), &Value::from("SignatureDoesNotMatch")),
            "{signature}: {wrong_secret}"
        );
        assert_eq!(wrong_secret["request_id"], issued(0), "{signature}");

        let throttled = &decoded["throttled"];
        assert_eq!(
            (&throttled["exception"], &throttled["retry_after"]),
            (&Value::from("ThrottlingException"), &Value::from(2000)),
            "{signature}: {throttled}"
        );

        let unavailable = &decoded["unavailable"];
        assert_eq!(
            (&unavailable["status_code"], &unavailable["code"]),
            (&Value::from(503), &Value::from("ServiceUnavailable")),
            "{signature}: {unavailable}"
        );
        assert_eq!(unavailable["request_id"], issued(2), "{signature}");

        let business = &decoded["business"];
        assert_eq!(business["status"], 200);
        assert_eq!(business["body"]["Success"], false);
        assert_eq!(business["body"]["Code"], "iot.prod.NotExistedProduct", "{signature}: {business}");
        assert_eq!(business["body"]["ErrorMessage"], "no such product");
        assert_eq!(journal.len(), 4, "{signature}: one request per call, no retries");
    }
}

// --- state ----------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_and_the_rust_client_see_the_same_iot_state() {
    require_sdk(&iot());
    for signature in ["v3", "v1"] {
        let emu = Emulator::start().await.unwrap();
        let client = emu.client();
        let created = client.create_product().product_name("pumps").node_type("0").send().await.unwrap();
        let product_key = created.product_key.unwrap();
        let ours = client.register_device().product_key(&product_key).device_name("pump-rs").nickname("from rust").send().await.unwrap();
        let ours = ours.data.unwrap();

        let stdin = serde_json::to_vec(&serde_json::json!({"ProductKey": product_key})).unwrap();
        let decoded = sdk_output(run_sdk(&iot(), &emu, signature, "state", stdin).await, signature);

        // What Rust registered, Python reads.
        let seen = &decoded["seen"]["Data"];
        assert_eq!((seen["IotId"].as_str(), seen["Nickname"].as_str()), (ours.iot_id.as_deref(), Some("from rust")), "{signature}: {seen}");
        assert_eq!(seen["DeviceSecret"].as_str(), ours.device_secret.as_deref(), "{signature}");
        // What Python registered, set and published, Rust reads.
        let theirs = &decoded["registered"]["Data"];
        let info = client.query_device_info().product_key(&product_key).device_name("pump-py").send().await.unwrap().data.unwrap();
        assert_eq!((info.iot_id.as_deref(), info.nickname.as_deref()), (theirs["IotId"].as_str(), Some("from python")), "{signature}: {theirs}");
        assert_eq!(info.device_secret.as_deref(), theirs["DeviceSecret"].as_str(), "{signature}");
        let properties = client.query_device_property_status().product_key(&product_key).device_name("pump-py").send().await.unwrap();
        let speed = &properties.data.unwrap().list[0];
        assert_eq!((speed.identifier.as_deref(), speed.value.as_deref()), (Some("Speed"), Some("7")), "{signature}");
        let messages = emu.iot().messages();
        assert_eq!(messages.len(), 2, "{signature}: Pub and RRpc");
        assert_eq!((messages[0].device_name.as_deref(), messages[0].payload_text(), messages[0].qos), (Some("pump-py"), Some("hello"), Some(1)));
        // Over the emulator's HTTP endpoints, Python set the status and the RRpc reply, and read
        // the messages.
        let rrpc = &decoded["rrpc"];
        assert_eq!((rrpc["RrpcCode"].as_str(), rrpc["PayloadBase64Byte"].as_str()), (Some("SUCCESS"), Some("cG9uZw==")), "{signature}: {rrpc}");
        let listed = &decoded["messages"];
        assert_eq!((listed[0]["Kind"].as_str(), listed[0]["PayloadBase64"].as_str()), (Some("Pub"), Some("aGVsbG8=")), "{signature}: {listed}");
        assert_eq!((listed[1]["Kind"].as_str(), listed[1]["PayloadBase64"].as_str()), (Some("RRpc"), Some("cGluZw==")), "{signature}: {listed}");
        // The documented code, as the SDK reads a business error.
        let missing = &decoded["missing"];
        assert_eq!(
            (&missing["Success"], &missing["Code"]),
            (&Value::from(false), &Value::from("Iot.Device.NotExistedDevice")),
            "{signature}: {missing}"
        );
    }
}
