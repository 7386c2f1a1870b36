//! The official Python SDK (`alibabacloud-iot20180120`) against the emulator, with its default V3
//! signature and with V1: if the SDK is refused or decodes something else, the emulator is wrong.
//!
//! Needs `python3` with the SDK installed (`pip install alibabacloud-iot20180120`; CI does). Without
//! it the test is skipped with a message, unless `CI` is set, where it fails.

use aliyun_iot::signing::SignatureVersion;
use aliyun_iot_emulator::actions::ACTIONS;
use aliyun_iot_emulator::{Emulator, Fault};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python").join("call_emulator.py")
}

/// `None` when the SDK can be imported, else why not.
fn sdk_unavailable() -> Option<String> {
    match Command::new("python3").args(["-c", "import alibabacloud_iot20180120.client"]).output() {
        Ok(output) if output.status.success() => None,
        Ok(output) => Some(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        Err(error) => Some(format!("cannot run python3: {error}")),
    }
}

/// The sample of `action` as the emulator serves it, without the per-call `RequestId`.
fn served_sample(action: &str) -> Value {
    let op = ACTIONS.iter().find(|a| a.operation.action == action).unwrap();
    let mut sample = (op.normalize)(serde_json::from_str(op.sample).unwrap()).unwrap();
    let fields = sample.as_object_mut().unwrap();
    fields.remove("RequestId");
    fields.insert("Success".into(), Value::Bool(true));
    sample
}

async fn run_sdk(emu: &Emulator, signature: &'static str, scenario: &'static str) -> Output {
    let mut command = Command::new("python3");
    command
        .arg(script())
        .env("EMULATOR_ENDPOINT", emu.local_addr().to_string())
        .env("EMULATOR_ACCESS_KEY_ID", emu.access_key_id())
        .env("EMULATOR_ACCESS_KEY_SECRET", emu.access_key_secret())
        .env("EMULATOR_SIGNATURE", signature)
        .env("EMULATOR_SCENARIO", scenario);
    // The emulator serves on this runtime's workers; wait for Python off them.
    tokio::task::spawn_blocking(move || command.output().expect("python3 runs")).await.unwrap()
}

/// What the script printed, after checking it exited successfully.
fn sdk_output(output: Output, signature: &str) -> Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{signature}: the SDK failed ({}):\n{stderr}", output.status);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{signature}: not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)))
}

/// `false` (after saying why) when the SDK is missing outside CI; panics when it is missing in CI.
fn sdk_available() -> bool {
    let Some(why) = sdk_unavailable() else { return true };
    assert!(std::env::var_os("CI").is_none(), "CI must have the official Python SDK: {why}");
    eprintln!("skipped: the official Python SDK is not importable ({why}); `pip install alibabacloud-iot20180120`");
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_is_served_with_v3_and_v1_signatures() {
    if !sdk_available() {
        return;
    }
    let emu = Emulator::start().await.unwrap();
    for (signature, version) in [("v3", SignatureVersion::V3), ("v1", SignatureVersion::V1)] {
        emu.clear_requests();
        let decoded = sdk_output(run_sdk(&emu, signature, "success").await, signature);
        for action in ["QueryProductList", "ListOTAModuleByProduct"] {
            let answer = &decoded[action];
            assert_eq!(answer["status"], 200, "{signature} {action}");
            let mut body = answer["body"].clone();
            let request_id = body.as_object_mut().unwrap().remove("RequestId");
            assert!(request_id.as_ref().and_then(Value::as_str).is_some_and(|id| id.len() == 36), "{signature} {action}: {request_id:?}");
            assert_eq!(body, served_sample(action), "{signature} {action}: what the SDK decoded");
        }
        // The SDK sent what its runtime documents: POST for QueryProductList, GET for ListOTAModuleByProduct.
        let seen: Vec<(Option<SignatureVersion>, String, Option<String>, bool)> =
            emu.requests().into_iter().map(|r| (r.signature_version, r.method.clone(), r.action.clone(), r.succeeded())).collect();
        assert_eq!(
            seen,
            [
                (Some(version), "POST".to_string(), Some("QueryProductList".to_string()), true),
                (Some(version), "GET".to_string(), Some("ListOTAModuleByProduct".to_string()), true),
            ],
            "{signature}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_reads_the_emulators_error_answers() {
    if !sdk_available() {
        return;
    }
    let emu = Emulator::start().await.unwrap();
    for signature in ["v3", "v1"] {
        // The script's order: a wrong secret (refused before any script plays), then these.
        emu.script(
            "ListOTAModuleByProduct",
            [Fault::Throttled { retry_after: Duration::from_millis(2000) }.into(), Fault::ServerError { status: 503 }.into()],
        );
        emu.fail_next("QueryProductList", Fault::business("iot.prod.NotExistedProduct", "no such product"));
        emu.clear_requests();
        let decoded = sdk_output(run_sdk(&emu, signature, "errors").await, signature);
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
