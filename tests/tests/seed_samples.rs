//! The seeds' published sample responses decode into the generated types with the right values,
//! and re-serialize to the same JSON (as values, after the recorded fixups; `Success` is the
//! runtime's business and not part of the output types).

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

#[test]
fn the_published_query_product_list_sample_is_broken_and_fixed_by_a_fixup() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let raw = std::fs::read_to_string(root.join("api-specs/iot/2018-01-20/actions/QueryProductList.yaml")).unwrap();
    let published = raw.split("response: |").nth(1).unwrap();
    assert!(serde_json::from_str::<Value>(published).is_err(), "the spec keeps the published text");
    sample("QueryProductList");
}

#[test]
fn query_product_list_sample() {
    let mut sample = sample("QueryProductList");
    let output: QueryProductListOutput = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(output.request_id(), Some("57b144cf-09fc-4916-a272-a62902d5b207"));
    let data = output.data.as_ref().unwrap();
    assert_eq!((data.page_count, data.page_size, data.current_page, data.total), (Some(4), Some(20), Some(1), Some(79)));
    assert_eq!(data.list.len(), 2);
    let second = &data.list[1];
    assert_eq!(second.product_name.as_deref(), Some("Test Event"));
    assert_eq!(second.gmt_create, Some(1517466635000));
    assert_eq!(second.node_type, Some(NodeType::Device));
    assert_eq!(second.data_format, Some(DataFormat::AlinkJson));
    assert_eq!(data.list[0].data_format.as_ref().map(|f| f.as_str()), Some("0"));

    sample.as_object_mut().unwrap().remove("Success");
    assert_eq!(serde_json::to_value(&output).unwrap(), sample);
}

#[test]
fn list_ota_module_by_product_sample() {
    let mut sample = sample("ListOTAModuleByProduct");
    let output: ListOtaModuleByProductOutput = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(output.request_id(), Some("74C2BB8D-1D6F-41F5-AE68-6B2310883F63"));
    // The sample shows one object where the spec documents an array: it decodes as one element.
    assert_eq!(output.data.len(), 1);
    let module = &output.data[0];
    assert_eq!(module.module_name.as_deref(), Some("barcodeScanner"));
    assert_eq!(module.alias_name.as_deref(), Some("Barcode_scanner"));
    assert_eq!(module.gmt_create.as_deref(), Some("Wed, 20-Feb-2019 02:16:09 GMT"));

    // ... and is written back in the documented shape, an array.
    let object = sample.as_object_mut().unwrap();
    object.remove("Success");
    let data = object.remove("Data").unwrap();
    object.insert("Data".into(), Value::Array(vec![data]));
    assert_eq!(serde_json::to_value(&output).unwrap(), sample);
}
