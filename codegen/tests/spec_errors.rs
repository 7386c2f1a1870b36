//! One test per validation rule: each bad spec is rejected with its file, line, column and the
//! path of the offending field.

use codegen::spec::{self, SpecError, load};
use std::path::Path;

const FILE: &str = "api-specs/iot/2018-01-20/actions/Demo.yaml";

fn errors(text: &str) -> Vec<SpecError> {
    load::action(Path::new(FILE), text).expect_err("the spec must be rejected")
}

/// The one error, as `file:line:column: path: message`.
fn only_error(text: &str) -> String {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].to_string()
}

fn assert_starts(message: &str, prefix: &str) {
    assert!(message.starts_with(prefix), "expected `{prefix}...`, got `{message}`");
}

#[test]
fn a_valid_spec_loads() {
    let action = load::action(Path::new(FILE), "action: Demo\nrequest:\n  - name: A\n    type: String\n").unwrap();
    assert_eq!(action.request[0].name, "A");
}

#[test]
fn unknown_keys() {
    let e = only_error("action: Demo\nrequest:\n  - name: A\n    type: String\n    colour: red\n");
    assert_starts(&e, &format!("{FILE}:5:5: request[0].colour: unknown key `colour`"));
    let e = only_error("action: Demo\nsumary: typo\n");
    assert_starts(&e, &format!("{FILE}:2:1: sumary: unknown key"));
}

#[test]
fn unknown_types() {
    let text = "action: Demo
request:
  - { name: A, type: String }
  - { name: B, type: String }
  - name: Tag
    type: Array
    items:
      type: Object
      fields:
        - { name: Key, type: Strng }
";
    let e = only_error(text);
    assert_starts(&e, &format!("{FILE}:10:30: request[2].items.fields[0].type: unknown type `Strng`"));
}

#[test]
fn duplicate_names() {
    let e = only_error("action: Demo\nresponse:\n  - { name: A, type: String }\n  - { name: A, type: Long }\n");
    assert_starts(&e, &format!("{FILE}:4:5: response[1].name: duplicate name `A`"));
    // Names that differ on the wire but not in Rust collide too.
    let e = only_error("action: Demo\nresponse:\n  - { name: IotId, type: String }\n  - { name: iot_id, type: String }\n");
    assert_starts(&e, &format!("{FILE}:4:5: response[1].name: `iot_id` and `IotId` both become the Rust name `iot_id`"));
    let e = only_error("action: Demo\nrequest:\n  - name: A\n    type: Integer\n    values: [\"1\", \"1\"]\n");
    assert!(e.contains("request[0].values[1].value: duplicate value `1`"), "{e}");
}

#[test]
fn file_name_must_match_the_action() {
    let e = only_error("action: Other\n");
    assert_starts(&e, &format!("{FILE}:1:9: action: action `Other` does not match its file name `Demo.yaml`"));
}

#[test]
fn array_without_items() {
    let e = only_error("action: Demo\nrequest:\n  - name: DeviceName\n    type: Array\n");
    assert_starts(&e, &format!("{FILE}:3:5: request[0]: `DeviceName` is an Array without `items`"));
}

#[test]
fn object_without_fields() {
    // In a request a structure must say its fields (it is flattened to `Name.1.Field`); a response
    // object without fields is any JSON.
    let e = only_error("action: Demo\nrequest:\n  - name: Data\n    type: Array\n    items: { type: Object }\n");
    assert_starts(&e, &format!("{FILE}:5:12: request[0].items: an Object element without `fields`"));
}

#[test]
fn names_that_cannot_become_identifiers() {
    let e = only_error("action: Demo\nrequest:\n  - { name: Group ID, type: String }\n");
    assert_starts(&e, &format!("{FILE}:3:13: request[0].name: `Group ID` cannot become a Rust identifier"));
    let e = only_error("action: Demo\nresponse:\n  - { name: 2fa, type: String }\n");
    assert_starts(&e, &format!("{FILE}:3:13: response[0].name: `2fa` cannot become a Rust identifier"));
}

#[test]
fn keys_on_the_wrong_side_or_type() {
    let e = only_error("action: Demo\nresponse:\n  - { name: A, type: String, required: true }\n");
    assert!(e.contains("response[0].required: `required` applies to request parameters only"), "{e}");
    let e = only_error("action: Demo\nresponse:\n  - { name: A, type: String, wrapper: X }\n");
    assert!(e.contains("response[0].wrapper: `wrapper` needs `type: Array`"), "{e}");
    let e = only_error("action: Demo\nrequest:\n  - { name: A, type: String, encoding: xml }\n");
    assert!(e.contains("request[0].encoding: unknown encoding `xml`"), "{e}");
    let e = only_error("action: Demo\nrequest:\n  - { name: A, type: Integer, values: [x] }\n");
    assert!(e.contains("request[0].values[0].value: `x` is not a valid Integer"), "{e}");
}

#[test]
fn yaml_syntax_errors_have_a_position() {
    let e = only_error("action: Demo\nrequest: [\n  - name: A\n");
    assert_starts(&e, &format!("{FILE}:"));
    assert!(e.contains("invalid YAML"), "{e}");
}

#[test]
fn every_error_of_a_file_is_reported() {
    let text = "action: Demo
qps: fast
request:
  - { name: A, type: Strin }
  - { name: B, type: Array }
  - { name: C D, type: String }
response:
  - { name: Data, type: Object, extra: 1 }
";
    let errors = errors(text);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["qps", "request[0].type", "request[1]", "request[2].name", "response[0].extra"], "{errors:#?}");
}

#[test]
fn every_file_of_a_product_is_checked() {
    let dir = std::env::temp_dir().join(format!("spec-errors-{}", std::process::id()));
    let actions = dir.join("actions");
    std::fs::create_dir_all(&actions).unwrap();
    std::fs::write(dir.join("product.yaml"), "product: Iot\nversion: \"2018-01-20\"\nstyle: RPC\nendpoint: \"iot.{region}.aliyuncs.com\"\n").unwrap();
    std::fs::write(actions.join("One.yaml"), "action: One\nrequest:\n  - { name: A, type: Nope }\n").unwrap();
    std::fs::write(actions.join("Two.yaml"), "action: Three\n").unwrap();
    std::fs::write(dir.join("fixups.yaml"), "Gone:\n  - reason: stale\n    sample: { find: a, replace: b }\n").unwrap();
    let errors = spec::load(&dir).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    let files: Vec<String> = errors.iter().map(|e| e.file.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(files, ["One.yaml", "Two.yaml", "fixups.yaml"], "{errors:#?}");
}

#[test]
fn a_fixup_that_no_longer_applies_is_an_error() {
    let fixups =
        spec::Fixups::parse(Path::new("fixups.yaml"), "Demo:\n  - reason: Doc typo.\n    at: response.Data.Nope\n    set: { type: Long }\n").unwrap();
    let mut action =
        load::action(Path::new(FILE), "action: Demo\nresponse:\n  - { name: Data, type: Object, fields: [{ name: A, type: String }] }\n").unwrap();
    let e = fixups.apply(&mut action).unwrap_err();
    assert_starts(&e[0].to_string(), "fixups.yaml:2:5: Demo[0]: fixup no longer applies (Doc typo.): no member at `response.Data.Nope`");
}

#[test]
fn a_fixup_can_make_a_documented_object_a_wrapped_list_of_such_objects() {
    let text =
        "Demo:\n  - reason: The service returns a list.\n    at: response.Data\n    set: { type: Array, wrapper: GroupInfo, item_name: GroupInfo }\n";
    let fixups = spec::Fixups::parse(Path::new("fixups.yaml"), text).unwrap();
    let mut action =
        load::action(Path::new(FILE), "action: Demo\nresponse:\n  - { name: Data, type: Object, fields: [{ name: A, type: String }] }\n").unwrap();
    fixups.apply(&mut action).unwrap();
    let data = &action.response[0];
    assert_eq!((data.ty, data.wrapper.as_deref()), (spec::Type::Array, Some("GroupInfo")));
    assert!(data.fields.is_empty());
    let items = data.items.as_ref().unwrap();
    assert_eq!((items.ty, items.name.as_deref(), items.fields.len()), (spec::Type::Object, Some("GroupInfo"), 1));
    assert_eq!(items.fields[0].name, "A");
}

#[test]
fn a_fixup_can_change_the_type_of_an_element() {
    let text = "Demo:\n  - reason: The sample lists strings.\n    at: response.Topics\n    set: { item_type: String }\n";
    let fixups = spec::Fixups::parse(Path::new("fixups.yaml"), text).unwrap();
    let mut action =
        load::action(Path::new(FILE), "action: Demo\nresponse:\n  - { name: Topics, type: Array, wrapper: Topic, items: { type: Object } }\n")
            .unwrap();
    fixups.apply(&mut action).unwrap();
    assert_eq!(action.response[0].items.as_ref().unwrap().ty, spec::Type::String);

    // Not on an element with fields, nor on a member that is not a list.
    let mut action = load::action(
        Path::new(FILE),
        "action: Demo\nresponse:\n  - { name: Topics, type: Array, items: { type: Object, fields: [{ name: A, type: String }] } }\n",
    )
    .unwrap();
    assert!(fixups.apply(&mut action).unwrap_err()[0].message.contains("`item_type: String` on an element with fields"));
    let mut action = load::action(Path::new(FILE), "action: Demo\nresponse:\n  - { name: Topics, type: String }\n").unwrap();
    assert!(fixups.apply(&mut action).unwrap_err()[0].message.contains("not an Array"));
    let bad = spec::Fixups::parse(Path::new("fixups.yaml"), "Demo:\n  - reason: r\n    at: response.A\n    set: { item_type: Int }\n").unwrap_err();
    assert!(bad[0].message.contains("unknown type `Int`"), "{bad:?}");
}

#[test]
fn a_fixup_can_add_a_member_the_tables_leave_out() {
    let text = "Demo:\n  - reason: The sample has it.\n    at: response.Data.NextToken\n    add: { type: String }\n  - reason: The sample has it.\n    at: response.JobId\n    add: { type: Object }\n";
    let fixups = spec::Fixups::parse(Path::new("fixups.yaml"), text).unwrap();
    let spec = "action: Demo\nresponse:\n  - { name: Data, type: Object, fields: [{ name: Total, type: Long }] }\n";
    let mut action = load::action(Path::new(FILE), spec).unwrap();
    fixups.apply(&mut action).unwrap();
    let names = |members: &[spec::Member]| members.iter().map(|m| (m.name.clone(), m.ty)).collect::<Vec<_>>();
    assert_eq!(names(&action.response[0].fields), [("Total".into(), spec::Type::Long), ("NextToken".into(), spec::Type::String)]);
    assert_eq!(names(&action.response)[1], ("JobId".into(), spec::Type::Object));

    // Once documented, it no longer applies; nor where there is no object to add it to.
    let mut documented = action.clone();
    let e = fixups.apply(&mut documented).unwrap_err();
    assert!(e[0].message.contains("`response.Data.NextToken` is documented now"), "{e:?}");
    let mut any = load::action(Path::new(FILE), "action: Demo\nresponse:\n  - { name: Data, type: Object }\n").unwrap();
    assert!(fixups.apply(&mut any).unwrap_err()[0].message.contains("any JSON"));
    let bad = spec::Fixups::parse(Path::new("fixups.yaml"), "Demo:\n  - reason: r\n    at: response.A\n    add: { type: Array }\n").unwrap_err();
    assert!(bad[0].message.contains("not an Array"), "{bad:?}");
    let both =
        spec::Fixups::parse(Path::new("fixups.yaml"), "Demo:\n  - reason: r\n    at: response.A\n    add: { type: Long }\n    set: { type: Long }\n")
            .unwrap_err();
    assert!(both[0].message.contains("one of `set` and `add`"), "{both:?}");
}
