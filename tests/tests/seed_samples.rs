//! The seeds' published sample responses (the API metadata's, see `codegen/tests/import_metadata.rs`)
//! decode into the generated types with the right values, and re-serialize to the same JSON (as
//! values; the envelope's `Success`, `Code` and `ErrorMessage` are the runtime's business and not
//! part of the output types).

use aliyun_iot::operations::list_ota_module_by_product::ListOtaModuleByProductOutput;
use aliyun_iot::operations::query_product_list::QueryProductListOutput;
use aliyun_iot::types::{DataFormat, NodeType};
use serde_json::Value;
use std::path::Path;

/// The sample as the spec publishes it, with fixups applied, parsed.
fn sample(action: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let specs = codegen::spec::load_in(root, Path::new("api-specs/iot/2018-01-20")).expect("specs load");
    let spec = specs.actions.iter().find(|a| a.action == action).expect("seed spec exists");
    let text = spec.examples.response.as_deref().expect("the seed has a sample");
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{action} sample does not parse after fixups: {e}"))
}

/// The sample without the envelope fields the output types leave to the runtime.
fn without_envelope(mut sample: Value) -> Value {
    let object = sample.as_object_mut().unwrap();
    for key in ["Success", "Code", "ErrorMessage"] {
        object.remove(key);
    }
    sample
}

#[test]
fn the_seed_samples_need_no_fixup() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let fixups = std::fs::read_to_string(root.join("api-specs/iot/2018-01-20/fixups.yaml")).unwrap();
    for action in ["QueryProductList", "ListOTAModuleByProduct"] {
        assert!(!fixups.lines().any(|l| l.starts_with(&format!("{action}:"))), "{action} has fixups");
        sample(action);
    }
}

#[test]
fn query_product_list_sample() {
    let sample = sample("QueryProductList");
    let output: QueryProductListOutput = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(output.request_id.as_deref(), Some("4B4ECF2C-6222-42EC-A4B5-C12202E71CEA"));
    let data = output.data.as_ref().unwrap();
    assert_eq!((data.page_count, data.page_size, data.current_page, data.total), (Some(92), Some(2), Some(1), Some(184)));
    assert_eq!(data.list.len(), 1);
    let product = &data.list[0];
    assert_eq!(product.product_key.as_deref(), Some("a1T27vz****"));
    assert_eq!(product.gmt_create, Some(1581595942000));
    assert_eq!(product.device_count, Some(128));
    assert_eq!(product.node_type, Some(NodeType::Device));
    assert_eq!(product.data_format, Some(DataFormat::AlinkJson));
    assert_eq!(product.auth_type.as_ref().map(|a| a.as_str()), Some("secret"));

    assert_eq!(serde_json::to_value(&output).unwrap(), without_envelope(sample));
}

#[test]
fn list_ota_module_by_product_sample() {
    let sample = sample("ListOTAModuleByProduct");
    let output: ListOtaModuleByProductOutput = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(output.request_id.as_deref(), Some("74C2BB8D-1D6F-41F5-AE68-6B2310883F63"));
    assert_eq!(output.data.len(), 1);
    let module = &output.data[0];
    assert_eq!(module.module_name.as_deref(), Some("barcodeScanner"));
    assert_eq!(module.product_key.as_deref(), Some("aluctKe****"));
    assert_eq!(module.gmt_create.as_deref(), Some("2020-10-13T09:46Z"));

    // A single object where the spec documents an array decodes as one element and is written
    // back in the documented shape, an array.
    let mut single = sample.clone();
    let element = single["Data"][0].take();
    single["Data"] = element;
    let from_single: ListOtaModuleByProductOutput = serde_json::from_value(single).unwrap();
    assert_eq!(from_single, output);
    assert_eq!(serde_json::to_value(&output).unwrap(), without_envelope(sample));
}
