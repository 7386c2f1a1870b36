//! Every accepted shape, decoded through the streaming parser (`from_str`, what the client uses)
//! and through a `Value` (`from_value`, what the emulator uses); both must agree.

// The generated-style types below carry items these tests do not use (`VALUES`), public as in a
// generated crate.
#![allow(dead_code, unreachable_pub)]

use super::*;
use serde::de::DeserializeOwned;
use serde_json::json;

/// Written exactly as the generator writes response types.
#[derive(Clone, Default, PartialEq, Debug)]
#[non_exhaustive]
pub(super) struct Data {
    pub page_size: Option<i32>,
    pub total: Option<i64>,
    pub ratio: Option<f64>,
    pub enabled: Option<bool>,
    pub thing_id: Option<String>,
    pub node_type: Option<NodeType>,
    pub detail: Option<Detail>,
    pub list: Vec<ProductInfo>,
    pub names: Vec<String>,
    pub counts: Vec<i32>,
}

#[derive(Clone, Default, PartialEq, Debug)]
#[non_exhaustive]
pub(super) struct ProductInfo {
    pub product_key: Option<String>,
    pub node_type: Option<NodeType>,
}

#[derive(Clone, Default, PartialEq, Debug)]
#[non_exhaustive]
pub(super) struct Detail {
    pub name: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) enum NodeType {
    Device,
    Gateway,
    Unknown(crate::UnknownValue),
}

crate::wire_object!(Data {
    page_size: "PageSize",
    total: "Total",
    ratio: "Ratio",
    enabled: "Enabled",
    thing_id: "thingId",
    node_type: "NodeType",
    detail: "Detail",
    list: "List" / "ProductInfo",
    names: "Names",
    counts: "Counts",
});
crate::wire_object!(ProductInfo { product_key: "ProductKey", node_type: "NodeType" });
crate::wire_object!(Detail { name: "Name" });
crate::wire_enum!(NodeType : int { Device = "0", Gateway = "1" });

/// A list field's value, decoded as `WireField` decodes it.
fn list_from<'de, D: Deserializer<'de>, T: FromWire>(d: D, wrapper: Option<&str>) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(ListVisitor::<T>::field(wrapper))
}

/// Decodes `body` both ways, checks they agree, and returns the result (errors as text).
fn both<T: DeserializeOwned + PartialEq + fmt::Debug>(body: &str) -> Result<T, String> {
    let streamed = serde_json::from_str::<T>(body).map_err(|e| e.to_string());
    let value: Value = serde_json::from_str(body).unwrap();
    let buffered = serde_json::from_value::<T>(value).map_err(|e| e.to_string());
    assert_eq!(streamed.is_ok(), buffered.is_ok(), "{body}: {streamed:?} vs {buffered:?}");
    if let (Ok(a), Ok(b)) = (&streamed, &buffered) {
        assert_eq!(a, b, "{body}");
    }
    streamed
}

fn data(body: &str) -> Data {
    both::<Data>(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn data_error(body: &str) -> String {
    both::<Data>(body).expect_err(body)
}

fn product(key: &str) -> ProductInfo {
    ProductInfo { product_key: Some(key.into()), node_type: None }
}

#[test]
fn numbers_as_text_and_text_as_numbers() {
    let d = data(r#"{"PageSize":"20","Total":" 79 ","Ratio":"1.5","thingId":12,"Names":[1,2.5,true]}"#);
    assert_eq!((d.page_size, d.total, d.ratio, d.thing_id.as_deref()), (Some(20), Some(79), Some(1.5), Some("12")));
    assert_eq!(d.names, ["1", "2.5", "true"]);
    // Integral floats are integers; a float is written back as JSON wrote it.
    let d = data(r#"{"Total":1.0,"thingId":1.0,"Ratio":3}"#);
    assert_eq!((d.total, d.thing_id.as_deref(), d.ratio), (Some(1), Some("1.0"), Some(3.0)));
}

#[test]
fn booleans_from_text_and_numbers() {
    for (wire, expected) in [("true", true), ("\"TRUE\"", true), ("\"1\"", true), ("1", true), ("0", false), ("\"false\"", false), ("\" 0 \"", false)]
    {
        assert_eq!(data(&format!(r#"{{"Enabled":{wire}}}"#)).enabled, Some(expected), "{wire}");
    }
    assert!(data_error(r#"{"Enabled":"yes"}"#).contains("expected a boolean"));
}

#[test]
fn null_and_empty_text_are_no_value_except_for_text() {
    let d = data(r#"{"PageSize":null,"Total":"","Ratio":"","Enabled":"","thingId":"","NodeType":"","Detail":"","List":"","Names":null,"Counts":""}"#);
    assert_eq!(d, Data { thing_id: Some(String::new()), ..Data::default() });
    assert_eq!(data(r#"{"thingId":null,"NodeType":null,"Detail":null,"List":null}"#), Data::default());
}

#[test]
fn structured_values_where_text_was_documented_keep_their_json_text() {
    let d = data(r#"{"thingId":{"b":[1,null],"a":"x"},"Names":[["n"],{"k":1}]}"#);
    assert_eq!(d.thing_id.as_deref(), Some(r#"{"a":"x","b":[1,null]}"#));
    assert_eq!(d.names, [r#"["n"]"#, r#"{"k":1}"#]);
}

#[test]
fn integers_out_of_range_are_errors_not_truncations() {
    for body in [
        r#"{"PageSize":1099511627776}"#,
        r#"{"PageSize":"2147483648"}"#,
        r#"{"PageSize":-2147483649}"#,
        r#"{"Total":18446744073709551615}"#,
        r#"{"Total":9223372036854775808.0}"#,
        r#"{"Total":1e30}"#,
        r#"{"Total":1.5}"#,
        r#"{"Counts":[1,4294967296]}"#,
    ] {
        let e = data_error(body);
        assert!(e.contains("expected an integer in the range of"), "{body}: {e}");
    }
    assert_eq!(data(r#"{"PageSize":-2147483648,"Total":-9223372036854775808}"#).total, Some(i64::MIN));
    assert_eq!(data(r#"{"Total":-9223372036854775808.0}"#).total, Some(i64::MIN));
}

#[test]
fn errors_say_what_was_expected_and_what_was_found() {
    let e = data_error(r#"{"PageSize":"abc"}"#);
    assert!(e.contains(r#"string "abc""#) && e.contains("expected an integer in the range of i32"), "{e}");
    let e = data_error(r#"{"PageSize":{"a":1}}"#);
    assert!(e.contains("map") && e.contains("expected an integer"), "{e}");
    let e = data_error(r#"{"Detail":"x"}"#);
    assert!(e.contains(r#"string "x""#) && e.contains("expected an object"), "{e}");
    let e = data_error(r#"{"Detail":[1]}"#);
    assert!(e.contains("sequence") && e.contains("expected an object"), "{e}");
    let e = data_error(r#"{"Ratio":true}"#);
    assert!(e.contains("boolean") && e.contains("expected a number"), "{e}");
}

#[test]
fn nested_objects_decode_in_place() {
    let d = data(r#"{"Detail":{"Name":7,"Unknown":[{"deep":null}]}}"#);
    assert_eq!(d.detail, Some(Detail { name: Some("7".into()) }));
}

#[test]
fn enums_decode_from_numbers_and_text() {
    assert_eq!(data(r#"{"NodeType":0}"#).node_type, Some(NodeType::Device));
    assert_eq!(data(r#"{"NodeType":"1"}"#).node_type, Some(NodeType::Gateway));
    let unknown = data(r#"{"NodeType":7}"#).node_type.unwrap();
    assert_eq!((unknown.as_str(), serde_json::to_string(&unknown).unwrap().as_str()), ("7", "7"));
    assert_eq!(data(r#"{"NodeType":true}"#).node_type.unwrap().as_str(), "true");
}

#[test]
fn lists_accept_every_documented_shape() {
    let list = |wire: &str| data(&format!(r#"{{"List":{wire}}}"#)).list;
    let keys = |wire: &str| list(wire).into_iter().map(|p| p.product_key.unwrap()).collect::<Vec<_>>();
    assert_eq!(keys(r#"{"ProductInfo":[{"ProductKey":"a"},null,{"ProductKey":"b"}]}"#), ["a", "b"]);
    assert_eq!(keys(r#"{"ProductInfo":{"ProductKey":"a"}}"#), ["a"]);
    assert_eq!(keys(r#"[{"ProductKey":"a"},{"ProductKey":"b"}]"#), ["a", "b"]);
    assert_eq!(keys(r#"{"Item":[{"ProductKey":"a"}]}"#), ["a"]);
    assert_eq!(keys(r#"{"ProductKey":"a","NodeType":1}"#), ["a"]);
    assert_eq!(list(r#"{"ProductKey":"a","NodeType":1}"#)[0].node_type, Some(NodeType::Gateway));
    // The wrapper after other keys, and siblings after the wrapper.
    assert_eq!(keys(r#"{"Count":2,"ProductInfo":[{"ProductKey":"a"}]}"#), ["a"]);
    assert_eq!(keys(r#"{"ProductInfo":[{"ProductKey":"a"}],"Count":2}"#), ["a"]);
    for empty in ["null", r#""""#, "[]", "{}", r#"{"ProductInfo":null}"#, r#"{"ProductInfo":""}"#, r#"{"ProductInfo":[]}"#] {
        assert!(list(empty).is_empty(), "{empty}");
    }
    assert_eq!(list(r#"{"ProductInfo":{}}"#), [ProductInfo::default()]);
    assert!(data_error(r#"{"List":{"ProductInfo":[1]}}"#).contains("expected an object"));
}

#[test]
fn lists_without_a_wrapper_accept_every_shape() {
    let names = |wire: &str| data(&format!(r#"{{"Names":{wire}}}"#)).names;
    assert_eq!(names(r#"["a",null,1,""]"#), ["a", "1", ""]);
    assert_eq!(names(r#"{"Name":["a","b"]}"#), ["a", "b"]);
    assert_eq!(names(r#""a""#), ["a"]);
    assert_eq!(names("3"), ["3"]);
    assert_eq!(names(r#"{"a":1,"b":2}"#), [r#"{"a":1,"b":2}"#]);
    let counts = |wire: &str| data(&format!(r#"{{"Counts":{wire}}}"#)).counts;
    assert_eq!(counts(r#"["1",2,null,""]"#), [1, 2]);
    assert_eq!(counts(r#"{"Count":["4"]}"#), [4]);
    assert_eq!(counts(r#""5""#), [5]);
    assert!(data_error(r#"{"Counts":{"Count":4,"Other":5}}"#).contains("expected an integer"));
}

#[test]
fn serialization_writes_the_documented_shape() {
    let d = data(r#"{"List":[{"ProductKey":"a","NodeType":"1"}],"Names":"n","PageSize":"3"}"#);
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        json!({"PageSize": 3, "List": {"ProductInfo": [{"ProductKey": "a", "NodeType": 1}]}, "Names": ["n"]})
    );
    assert_eq!(data(&serde_json::to_string(&d).unwrap()), d);
    assert_eq!(d.list, [ProductInfo { node_type: Some(NodeType::Gateway), ..product("a") }]);
}

#[test]
fn scalars_are_lenient_but_not_silent() {
    assert_eq!(i32::from_wire(json!("42")).unwrap(), Some(42));
    assert_eq!(i64::from_wire(json!(1.0)).unwrap(), Some(1));
    assert_eq!(String::from_wire(json!(12)).unwrap().as_deref(), Some("12"));
    assert_eq!(bool::from_wire(json!("TRUE")).unwrap(), Some(true));
    assert!(i32::from_wire(json!("abc")).is_err());
    assert!(i32::from_wire(json!(1u64 << 40)).is_err());
    assert_eq!(Value::from_wire(json!({"a": null})).unwrap(), Some(json!({"a": null})));
    assert_eq!(Value::from_wire(json!(null)).unwrap(), None);
}

#[test]
fn lists_from_values() {
    let wrapped: Vec<i64> = list_from(json!({"P": [1, "2"]}), Some("P")).unwrap();
    assert_eq!(wrapped, [1, 2]);
    let single: Vec<i64> = list_from(json!({"P": 3}), Some("P")).unwrap();
    assert_eq!(single, [3]);
    let bare: Vec<String> = list_from(json!(["a", 1]), None).unwrap();
    assert_eq!(bare, ["a", "1"]);
    let undocumented: Vec<String> = list_from(json!({"X": ["a"]}), None).unwrap();
    assert_eq!(undocumented, ["a"]);
    assert!(list_from::<_, String>(json!(null), None).unwrap().is_empty());
    assert!(list_from::<_, i32>(json!(""), None).unwrap().is_empty());
}

#[test]
fn integers_where_text_was_documented_keep_their_digits() {
    for n in [0i64, 7, -7, 10, 1517479077000, i64::MIN, i64::MAX] {
        assert_eq!(String::from_wire(json!(n)).unwrap(), Some(n.to_string()));
    }
    assert_eq!(String::from_wire(json!(u64::MAX)).unwrap(), Some(u64::MAX.to_string()));
}
