//! Tests of generated code, on the generator's fixture operations (generated/src/fixtures), which
//! use every spec feature: request encoding byte for byte, required checks, redaction, lenient
//! decoding and re-encoding in the documented shape.

use crate::fixtures::batch_tag_devices::{BatchTagDevicesInput, BatchTagDevicesOutput, State, Tag, Type};
use crate::fixtures::get_thing_status::GetThingStatusOutput;
use crate::params::ToParams;
use serde_json::json;

fn full_input() -> BatchTagDevicesInput {
    BatchTagDevicesInput {
        device_name: vec!["a".into(), "b c".into()],
        tag: vec![Tag::new().tag_key("k1").tag_value("v1"), Tag::new().tag_key("k2")],
        items: Some(json!({"x": [1, "two"], "y": null})),
        r#type: Some(Type::On),
        send_param: Some(true),
        self_: Some(42),
        device_secret: Some("s3cr3t-value".into()),
    }
}

#[test]
fn request_parameters_are_encoded_exactly() {
    let params = full_input().to_params().unwrap();
    let lines: Vec<String> = params.pairs().iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        lines,
        [
            "DeviceName.1=a",
            "DeviceName.2=b c",
            "Tag.1.TagKey=k1",
            "Tag.1.TagValue=v1",
            "Tag.2.TagKey=k2",
            r#"Items={"x":[1,"two"],"y":null}"#,
            "Type=on",
            "Send=true",
            "Self=42",
            "DeviceSecret=s3cr3t-value",
        ]
    );
}

#[test]
fn unknown_enum_values_are_sent_as_given() {
    let input = BatchTagDevicesInput { device_name: vec!["a".into()], r#type: Some(Type::from("standby")), ..Default::default() };
    assert!(input.to_params().unwrap().pairs().contains(&("Type".to_string(), "standby".to_string())));
}

#[test]
fn required_parameters_are_checked_before_sending() {
    let missing_list = BatchTagDevicesInput::default().to_params().unwrap_err();
    assert_eq!(missing_list.missing_parameter(), Some("DeviceName"));
    let missing_nested = BatchTagDevicesInput { device_name: vec!["a".into()], tag: vec![Tag::new().tag_value("v")], ..Default::default() };
    assert_eq!(missing_nested.to_params().unwrap_err().missing_parameter(), Some("Tag.1.TagKey"));
}

#[test]
fn secrets_are_redacted_in_debug_output() {
    let debug = format!("{:?}", full_input());
    assert!(!debug.contains("s3cr3t-value"), "{debug}");
    assert!(debug.contains("redacted"));
    let output: BatchTagDevicesOutput =
        serde_json::from_value(json!({"Data": {"Failed": {"DeviceInfo": [{"DeviceName": "d", "DeviceSecret": "s3cr3t-value"}]}}})).unwrap();
    let debug = format!("{output:?}");
    assert!(!debug.contains("s3cr3t-value"), "{debug}");
    assert!(debug.contains("\"d\""));
}

#[test]
fn responses_decode_leniently_and_encode_as_documented() {
    let sample: serde_json::Value = serde_json::from_str(crate::fixtures::get_thing_status::OPERATION.sample_response).unwrap();
    let output: GetThingStatusOutput = serde_json::from_value(sample).unwrap();
    let data = output.data.as_ref().unwrap();
    assert_eq!(output.request_id(), Some("R-1"));
    assert_eq!(data.online, Some(true));
    assert_eq!(data.temperature, Some(21.5));
    assert_eq!(data.uptime, Some(86400));
    assert_eq!(data.status.as_deref(), Some("1"));
    assert_eq!(data.labels, ["a", "b"]);
    assert_eq!(
        serde_json::to_value(&output).unwrap(),
        json!({"RequestId": "R-1", "Data": {"Online": true, "Temperature": 21.5, "Uptime": 86400, "Status": "1", "Labels": {"Label": ["a", "b"]}}})
    );
}

#[test]
fn nulls_missing_fields_and_unknown_values_are_tolerated() {
    let output: BatchTagDevicesOutput = serde_json::from_value(json!({
        "Data": {"Stats": null, "Failed": {"DeviceInfo": {"DeviceName": "only", "State": 7}}, "Codes": null, "Extra": [1]},
        "Unexpected": {"a": 1}
    }))
    .unwrap();
    let data = output.data.unwrap();
    assert_eq!(data.stats, None);
    assert!(data.codes.is_empty());
    assert_eq!(data.failed.len(), 1);
    let state = data.failed[0].state.clone().unwrap();
    assert!(matches!(state, State::Unknown(_)));
    assert_eq!(serde_json::to_value(&state).unwrap(), json!(7));
}

#[test]
fn synthesized_samples_have_the_documented_shape() {
    let op = &crate::fixtures::batch_tag_devices::OPERATION;
    let sample: serde_json::Value = serde_json::from_str(op.sample_response).unwrap();
    assert_eq!(sample["Data"]["Stats"]["Count"], json!(3));
    assert!(sample["Data"]["Failed"]["DeviceInfo"].is_array());
    let normalized = (op.normalize_response)(sample.clone()).unwrap();
    assert_eq!(normalized["Data"], sample["Data"]);
}
