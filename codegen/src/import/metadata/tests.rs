//! The mapping rules on small hand-made metadata documents.

use super::*;
use crate::import::{facts_only, to_yaml};
use crate::spec::{Encoding, ParamIn, Type};
use std::path::Path;

/// A document with the given `apis` entries (JSON text) and a small directory tree.
fn doc(apis: &str) -> Metadata {
    let text = format!(
        r#"{{"version": "1.0", "info": {{"style": "RPC", "product": "Demo", "version": "2020-01-01"}},
            "directories": [{{"id": 1, "title": "设备", "type": "directory", "children": ["Other", {{"title": "子目录", "children": ["ListThings"]}}]}}],
            "apis": {apis}}}"#
    );
    Metadata::parse(&text).unwrap()
}

fn import(apis: &str, action: &str) -> Imported {
    doc(apis).import(action).expect("the action exists").expect("imports")
}

fn yaml(action: &Action) -> String {
    to_yaml(action, Path::new(&format!("{}.yaml", action.action))).unwrap_or_else(|e| panic!("{e:?}"))
}

fn warnings(imported: &Imported) -> Vec<&str> {
    imported.warnings.iter().map(|w| w.message.as_str()).collect()
}

/// A JSON string literal holding `text`.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn list_things() -> String {
    let demo = quoted(&format!(
        r#"[{{"type": "xml", "example": "<R/>"}}, {{"type": "json", "example": {}, "errorExample": ""}}]"#,
        quoted("{\n  \"RequestId\": \"R\",\n  \"Data\": {\"Total\": 3}\n}")
    ));
    format!(
        r###"{{"ListThings": {{
        "methods": ["post", "get"], "schemes": ["https"], "security": [{{"AK": []}}],
        "systemTags": {{"operationType": "get"}}, "deprecated": true,
        "title": "列出东西", "summary": "列出东西。",
        "description": "## QPS限制\n单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为20。",
        "requestParamsDescription": " ", "responseParamsDescription": " ", "extraInfo": " ",
        "parameters": [
          {{"name": "PageSize", "in": "query", "schema": {{"type": "integer", "format": "int32", "required": true, "docRequired": true,
             "example": " 10\t", "default": "20", "minimum": "1", "maximum": "100", "description": "每页数量。"}}}},
          {{"name": "Kind", "in": "formData", "schema": {{"type": "string", "required": false, "example": "big",
             "description": "种类，取值：\n\n- **big**：大的。\n- **small**（默认）：小的。"}}}},
          {{"name": "Level", "in": "query", "schema": {{"type": "integer", "format": "int64", "enum": ["1", "2"],
             "description": "级别：\n- **1**：一级。\n- **2**：二级。"}}}},
          {{"name": "Tag", "in": "query", "style": "repeatList", "schema": {{"type": "array", "maxItems": 10, "required": false,
             "items": {{"type": "object", "required": false, "properties": {{
               "Key": {{"type": "string", "required": true, "example": "k"}},
               "Value": {{"type": "string", "required": false}}}}}}}}}},
          {{"name": "Types", "in": "query", "style": "repeatList", "schema": {{"type": "array", "description": "类型：\n- **A**：甲。\n- **B**：乙。",
             "items": {{"type": "string"}}}}}},
          {{"name": "Config", "in": "formData", "style": "json", "schema": {{"type": "object", "example": "{{\"a\":1}}"}}}},
          {{"name": "Shadow", "in": "query", "schema": {{"type": "string", "example": "{{\"state\":{{}}}}",
             "description": "影子，包含：\n- **state**：状态。\n- **version**：版本。"}}}},
          {{"name": "Ratio", "in": "query", "schema": {{"type": "number", "format": "float", "example": " "}}}},
          {{"name": "Weight", "in": "query", "schema": {{"type": "number", "format": "double"}}}},
          {{"name": "Flag", "in": "query", "schema": {{"type": "boolean"}}}}
        ],
        "responses": {{"200": {{"schema": {{"type": "object", "properties": {{
          "RequestId": {{"type": "string"}}, "Success": {{"type": "boolean"}}, "Code": {{"type": "string"}}, "ErrorMessage": {{"type": "string"}},
          "Data": {{"type": "object", "description": "数据。", "properties": {{
            "Total": {{"type": "integer", "format": "int64", "example": "3"}},
            "List": {{"type": "object", "properties": {{"Thing": {{"type": "array", "description": "东西。", "items": {{"type": "object", "properties": {{
              "Name": {{"type": "string"}},
              "State": {{"type": "string", "description": "状态：\n- **ON**：开。\n- **OFF**：关。"}}}}}}}}}}}},
            "Ids": {{"type": "object", "properties": {{"Id": {{"type": "array", "items": {{"type": "string"}}}}}}}},
            "Extra": {{"type": "object", "description": "任意JSON。"}},
            "Single": {{"type": "object", "properties": {{"Only": {{"type": "string"}}}}}}}}}},
          "Bare": {{"type": "array", "items": {{"type": "object", "properties": {{"A": {{"type": "integer"}}}}}}}}}}}}}}}},
        "errorCodes": {{"400": [{{"errorCode": "Demo.NotFound", "errorMessage": "找不到。"}}], "500": [{{"errorCode": "Demo.System", "errorMessage": "系统错误。"}}]}},
        "responseDemo": {demo}
      }},
      "Other": {{"methods": ["post"], "parameters": [], "errorCodes": {{}}, "systemTags": {{"operationType": "delete"}},
        "responses": {{"200": {{"schema": {{"type": "object", "properties": {{"RequestId": {{"type": "string"}}}}}}}}}}}}}}"###
    )
}

#[test]
fn an_action_maps_fact_by_fact() {
    let imported = import(&list_things(), "ListThings");
    assert_eq!(warnings(&imported), Vec::<&str>::new());
    let expected = r#"action: ListThings
summary: 列出东西。
description: |-
  ## QPS限制
  单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为20。
source: https://api.aliyun.com/#product=Demo&api=ListThings&type=RPC&version=2020-01-01
group: 设备
deprecated: true
methods:
- POST
- GET
qps: 20
idempotent: true
request:
- name: PageSize
  type: Integer
  in: query
  required: true
  default: '20'
  example: '10'
  minimum: '1'
  maximum: '100'
  description: 每页数量。
- name: Kind
  type: String
  in: body
  example: big
  description: 种类，取值：
  values:
  - value: big
    description: 大的。
  - value: small
    description: （默认）小的。
- name: Level
  type: Long
  in: query
  description: 级别：
  values:
  - value: '1'
    description: 一级。
  - value: '2'
    description: 二级。
- name: Tag
  type: Array
  in: query
  max-items: 10
  items:
    type: Object
    fields:
    - name: Key
      type: String
      required: true
      example: k
    - name: Value
      type: String
- name: Types
  type: Array
  in: query
  description: 类型：
  items:
    type: String
    values:
    - value: A
      description: 甲。
    - value: B
      description: 乙。
- name: Config
  type: Object
  in: body
  example: '{"a":1}'
  encoding: json
- name: Shadow
  type: String
  in: query
  example: '{"state":{}}'
  description: |-
    影子，包含：
    - **state**：状态。
    - **version**：版本。
- name: Ratio
  type: Float
  in: query
- name: Weight
  type: Double
  in: query
- name: Flag
  type: Boolean
  in: query
response:
- name: Data
  type: Object
  description: 数据。
  fields:
  - name: Total
    type: Long
    example: '3'
  - name: List
    type: Array
    description: 东西。
    wrapper: Thing
    items:
      type: Object
      name: Thing
      fields:
      - name: Name
        type: String
      - name: State
        type: String
        description: 状态：
        values:
        - value: 'ON'
          description: 开。
        - value: 'OFF'
          description: 关。
  - name: Ids
    type: Array
    wrapper: Id
    items:
      type: String
  - name: Extra
    type: Object
    description: 任意JSON。
  - name: Single
    type: Object
    fields:
    - name: Only
      type: String
- name: Bare
  type: Array
  items:
    type: Object
    fields:
    - name: A
      type: Integer
errors:
- code: Demo.NotFound
  status: 400
  message: 找不到。
- code: Demo.System
  status: 500
  message: 系统错误。
examples:
  response: |-
    {
      "RequestId": "R",
      "Data": {"Total": 3}
    }
"#;
    assert_eq!(yaml(&imported.action), expected);
}

#[test]
fn facts_only_keeps_every_fact_and_no_prose() {
    let mut action = import(&list_things(), "ListThings").action;
    facts_only(&mut action);
    let text = yaml(&action);
    for prose in ["summary:", "description:", "message:", "每页", "找不到"] {
        assert!(!text.contains(prose), "{prose} in:\n{text}");
    }
    for fact in ["qps: 20", "group: 设备", "code: Demo.NotFound", "status: 500", "value: small", "wrapper: Thing", "max-items: 10", "\"Total\": 3"]
    {
        assert!(text.contains(fact), "{fact} not in:\n{text}");
    }
}

#[test]
fn operation_types_methods_and_defaults() {
    let other = import(&list_things(), "Other").action;
    assert_eq!((other.idempotent, other.methods.as_slice(), other.deprecated), (Some(false), [Method::Post].as_slice(), false));
    assert_eq!((other.group.as_deref(), other.qps, other.summary.as_deref()), (Some("设备"), None, None));
    assert!(other.request.is_empty() && other.response.is_empty() && other.errors.is_empty());
    let no_tags = import(r#"{"Ping": {"methods": ["get"], "parameters": [], "responses": {}}}"#, "Ping");
    assert_eq!((no_tags.action.idempotent, no_tags.action.group.as_deref()), (None, None));
    assert_eq!(warnings(&no_tags), ["apis.Ping.responses: no `200` response schema", "apis.Ping.responseDemo: no sample response"]);
    for (tag, idempotent) in [("get", Some(true)), ("create", Some(false)), ("update", Some(false)), ("delete", Some(false)), ("list", None)] {
        let api = format!(
            r#"{{"A": {{"methods": ["post"], "systemTags": {{"operationType": "{tag}"}}, "responses": {{"200": {{"schema": {{}}}}}}, "responseDemo": "[]"}}}}"#
        );
        assert_eq!(import(&api, "A").action.idempotent, idempotent, "{tag}");
    }
}

#[test]
fn what_cannot_be_represented_is_a_warning_naming_the_action_and_path() {
    let apis = r#"{"Odd": {
        "methods": ["post", "put"], "newKey": 1,
        "systemTags": {"operationType": "list"},
        "parameters": [
          {"name": "Bad-Name", "in": "query", "schema": {"type": "string"}},
          {"name": "Where", "in": "path", "schema": {"type": "string", "pattern": "x"}},
          {"name": "Grid", "in": "query", "schema": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}},
          {"name": "Loose", "in": "query", "schema": {"type": "array", "items": {"type": "object"}}},
          {"name": "Obj", "in": "formData", "schema": {"type": "object"}},
          {"name": "Filter", "in": "formData", "style": "json", "schema": {"type": "object", "properties": {
            "Field": {"type": "string"}, "Range": {"type": "object", "properties": {"From": {"type": "integer"}}}}}},
          {"name": "Count", "in": "query", "schema": {"type": "integer", "description": "- **a**：甲。\n- **b**：乙。", "docRequired": true}},
          {"name": "Mode", "in": "query", "schema": {"type": "integer", "enum": ["x", "y"]}},
          {"name": "Names", "in": "query", "style": "repeatList", "schema": {"type": "array", "items": {"type": "string", "example": "n1"}}},
          {"name": "names", "in": "query", "schema": {"type": "string"}},
          {"name": "Size", "in": "query", "schema": {"type": "decimal"}}
        ],
        "responses": {"200": {"schema": {"type": "object", "properties": {
          "When": {"type": "string", "format": "int64"},
          "Nested": {"type": "object", "properties": {"Inner": {"type": "string", "xml": {}}}}}}},
          "404": {"schema": {}}},
        "errorCodes": {"400": [{"errorCode": "E", "errorMessage": "m"}, {"errorMessage": "no code"}]},
        "responseDemo": "[{\"type\":\"json\",\"example\":\"{\\\"Data\\\": 1,}\"}]"}}"#;
    let imported = import(apis, "Odd");
    let expected = [
        "apis.Odd.newKey: not imported (no spec key for it)",
        "apis.Odd.methods[1]: put is not a method RPC calls use (POST or GET); left out",
        "apis.Odd.systemTags.operationType: unknown operation type `list`; idempotency left to the action name",
        "apis.Odd.parameters[Bad-Name].schema: `Bad-Name` cannot become a Rust name (ASCII letters, digits and `_`); skipped",
        "apis.Odd.parameters[Where].schema.pattern: not imported (no spec key for it on a member)",
        "apis.Odd.parameters[Where].in: `path` is not a place RPC sends parameters (query or formData); left to the method",
        "apis.Odd.parameters[Grid].schema.items: arrays of arrays are not supported; skipped",
        "apis.Odd.parameters[Loose].schema.items: a request element object without properties cannot be sent; skipped",
        "apis.Odd.parameters[Obj].style: an object parameter without `style: json` or `flat` fields; sent JSON-encoded",
        "apis.Odd.parameters[Count].schema.description: lists values that are not Integer (`a`, `b`); no values imported",
        "apis.Odd.parameters[Count].schema.docRequired: `docRequired: true` disagrees with `required: false`; `required` kept",
        "apis.Odd.parameters[Mode].schema.enum: `x` is not a valid Integer; enum not imported",
        "apis.Odd.parameters[Names].schema.items.example: an element's example (n1) has no place in a spec; not imported",
        "apis.Odd.parameters: `names` is a legacy spelling of `Names`, which is documented too; `names` skipped",
        "apis.Odd.parameters[Size].schema.type: unknown type `decimal`; skipped",
        "apis.Odd.responses.404: only the success response (200) is imported",
        "apis.Odd.responses.200.schema.properties.When.format: format `int64` on `string` is not a known pair; imported as String",
        "apis.Odd.responses.200.schema.properties.Nested.properties.Inner.xml: not imported (no spec key for it on a member)",
        "apis.Odd.errorCodes.400[1]: no `errorCode`; skipped",
        "apis.Odd.responseDemo[0].example: the sample response is not valid JSON (trailing comma at line 1 column 12); kept as published",
    ];
    let got = warnings(&imported);
    for w in &got {
        assert!(expected.contains(w), "unexpected warning: {w}\nall: {got:#?}");
    }
    for w in expected {
        assert!(got.contains(&w), "missing warning: {w}\nall: {got:#?}");
    }
    // What could be represented is, and the result loads.
    let action = &imported.action;
    let names: Vec<&str> = action.request.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Where", "Obj", "Filter", "Count", "Mode", "Names"]);
    // A JSON object's nested object is a field too (its encoding says how it would be flattened).
    assert_eq!(action.request[2].fields.len(), 2);
    assert_eq!(action.request[2].fields[1].encoding, Some(Encoding::Flat));
    assert_eq!(action.request[1].encoding, Some(Encoding::Json));
    assert!(action.request[3].values.is_empty() && action.request[4].values.is_empty());
    assert_eq!(action.methods, [Method::Post]);
    assert_eq!(action.examples.response.as_deref(), Some("{\"Data\": 1,}"));
    yaml(action);
}

#[test]
fn detection_by_content() {
    let good = r#"{"info": {"style": "RPC", "product": "P", "version": "1"}, "apis": {}}"#;
    assert!(is_metadata(good) && is_metadata(&format!("\u{feff}\n{good}")));
    assert!(!is_metadata(r#"{"info": {"style": "ROA", "product": "P", "version": "1"}, "apis": {}}"#));
    assert!(!is_metadata(r#"{"info": {"style": "RPC"}, "paths": {}}"#));
    assert!(!is_metadata("# QueryProductList\n\n{\"apis\": {}}"));
    assert!(Metadata::parse(r#"{"info": {"style": "ROA"}, "apis": {}}"#).unwrap_err().contains("not RPC"));
    let doc = doc(&list_things());
    assert_eq!(doc.actions(), ["ListThings", "Other"]);
    assert!(doc.import("Missing").is_none());
}

/// `style: flat` objects and dotted names (`SystemDisk.Category`, `Filter.1.Key`) are flat objects
/// and list elements, as the SDKs write them; of two names that differ only in case the
/// UpperCamelCase one is kept.
#[test]
fn flat_objects_and_dotted_names() {
    let text = r#"{"info": {"style": "RPC", "product": "P", "version": "2020-01-01"}, "apis": {"Run": {
        "methods": ["post"],
        "parameters": [
          {"name": "SystemDisk.Size", "in": "query", "schema": {"type": "integer", "required": true}},
          {"name": "SystemDisk", "in": "query", "style": "flat", "schema": {"type": "object", "properties": {
            "StorageClusterId": {"type": "string"}, "Options": {"type": "object", "properties": {"Burst": {"type": "boolean"}}}}}},
          {"name": "Filter.1.Key", "in": "query", "schema": {"type": "string"}},
          {"name": "Filter.1.Value", "in": "query", "schema": {"type": "string"}},
          {"name": "Tag", "in": "query", "style": "repeatList", "schema": {"type": "array", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "Key": {"type": "string"}}}}},
          {"name": "Zones", "in": "query", "style": "simple", "schema": {"type": "array", "items": {"type": "string"}}},
          {"name": "Ports", "in": "query", "style": "pipeDelimited", "schema": {"type": "array", "items": {"type": "integer"}}}
        ]}}}"#;
    let doc = Metadata::parse(text).unwrap();
    let imported = doc.import("Run").unwrap().unwrap();
    let request = &imported.action.request;
    let names: Vec<&str> = request.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["SystemDisk", "Filter", "Tag", "Zones", "Ports"]);
    assert_eq!((request[3].encoding, request[4].encoding), (Some(Encoding::Simple), Some(Encoding::PipeDelimited)));
    let disk = &request[0];
    assert_eq!((disk.ty, disk.encoding, disk.required, disk.location), (Type::Object, Some(Encoding::Flat), true, Some(ParamIn::Query)));
    let fields: Vec<&str> = disk.fields.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(fields, ["Size", "StorageClusterId", "Options"]);
    assert_eq!((disk.fields[0].location, disk.fields[2].encoding), (None, Some(Encoding::Flat)));
    let filter = request[1].items.as_ref().unwrap();
    assert_eq!((request[1].ty, filter.ty), (Type::Array, Type::Object));
    assert_eq!(filter.fields.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Key", "Value"]);
    assert_eq!(request[2].items.as_ref().unwrap().fields.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Key"]);
    yaml(&imported.action);
}
