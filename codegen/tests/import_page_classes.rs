//! The failure classes of issue 10, each on a small made-up page: the sample response as a second
//! witness (class 1), old-layout lists in responses (2) and requests (3), inline blocks closed at
//! the wrong row (4), doubts reported (5), value lists only from value-shaped text (6), and wire
//! names as the page says them (9).

mod member_shape;

use codegen::import::{self, Imported, Options, Warning};
use codegen::spec::Type;
use member_shape::shape;

fn import_page(text: &str) -> (Imported, Vec<Warning>) {
    import::import_with_notes(text, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// A markdown page of the old layout: the request table, the response tables, the samples.
fn old_page(request: &str, response: &str, samples: &str) -> String {
    format!(
        "# QueryThings\n\nQueries things.\n\n## Request parameters\n\n|Parameter|Type|Required|Description|\n|:--|:--|:--|:--|\n\
|Action|String|Yes|Set the value to QueryThings.|\n{request}\n## Response parameters\n\n{response}\n## Examples\n\n{samples}"
    )
}

const RESPONSE_HEADER: &str = "|Parameter|Type|Description|\n|:--|:--|:--|\n";

fn json(sample: &str) -> String {
    format!(
        "**Request example**\n\n```\nhttps://iot.cn-shanghai.aliyuncs.com/?Action=QueryThings\n&ProductKey=a1\n```\n\n**Response example**\n\n```\n{sample}\n```\n"
    )
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("no `{needle}`")) + 1
}

// Class 1: the sample as a second witness.

#[test]
fn a_structure_the_sample_shows_as_a_list_is_a_list() {
    let response = format!(
        "{RESPONSE_HEADER}|RequestId|String|The request ID.|\n|Data|Data|The things. See the following table Data.|\n\n{RESPONSE_HEADER}|Name|String|The name.|\n|Size|Integer|The size.|\n"
    );
    let text = old_page(
        "",
        &response,
        &json("{\n  \"RequestId\": \"1\",\n  \"Data\": [\n    {\"Name\": \"a\", \"Size\": 1},\n    {\"Name\": \"b\", \"Size\": 2}\n  ]\n}"),
    );
    let (imported, notes) = import_page(&text);
    assert_eq!(shape(&imported.action.response), ["Data Array of Object", "Data[].Name String", "Data[].Size Integer"]);
    assert_eq!(imported.warnings, []);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].line, line_of(&text, "|Data|Data|"));
    assert!(notes[0].message.contains(&format!("list of such objects in the sample response (line {})", line_of(&text, "\"Data\": ["))), "{notes:?}");
}

#[test]
fn a_wrapper_the_tables_never_name_comes_from_the_sample() {
    let response = format!(
        "{RESPONSE_HEADER}|Data|ProductTopicInfo|The topics. See the following table ProductTopicInfo.|\n\n{RESPONSE_HEADER}|TopicShortName|String|The topic.|\n|Operation|String|The operation.|\n"
    );
    let text = old_page(
        "",
        &response,
        &json("{\n  \"Data\": {\n    \"ProductTopicInfo\": [\n      {\"TopicShortName\": \"/a\", \"Operation\": \"PUB\"}\n    ]\n  }\n}"),
    );
    let (imported, notes) = import_page(&text);
    assert_eq!(
        shape(&imported.action.response),
        ["Data Array wrapper ProductTopicInfo of Object ProductTopicInfo", "Data[].TopicShortName String", "Data[].Operation String"]
    );
    assert!(notes[0].message.contains("under `ProductTopicInfo`"), "{notes:?}");

    // An `Array of X` without a marker row, which the sample shows wrapped.
    let inline = "|Parameter|Type|Example|Description|\n|--|--|--|--|\n|FailureTopics|Array of String| |The topics that failed.|\n|RequestId|String|1|The ID.|\n";
    let text = old_page("", inline, &json("{\n  \"FailureTopics\": {\"Topic\": [\"/a/b\"]},\n  \"RequestId\": \"1\"\n}"));
    let (imported, notes) = import_page(&text);
    assert_eq!(shape(&imported.action.response), ["FailureTopics Array wrapper Topic of String"]);
    assert!(notes[0].message.contains("wraps the list `FailureTopics` in `Topic`"), "{notes:?}");
}

#[test]
fn a_true_contradiction_keeps_the_tables_and_warns_with_both_lines() {
    let inline = "|Parameter|Type|Example|Description|\n|--|--|--|--|\n|Data|Array of Thing| |The things.|\n|Thing| | | |\n|Name|String|a|The name.|\n|RequestId|String|1|The ID.|\n";
    let text = old_page("", inline, &json("{\n  \"Data\": [\n    {\"Name\": \"a\"}\n  ],\n  \"RequestId\": \"1\"\n}"));
    let (imported, _) = import_page(&text);
    assert_eq!(shape(&imported.action.response), ["Data Array wrapper Thing of Object Thing", "Data[].Name String"]);
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    let warning = &imported.warnings[0];
    assert_eq!(warning.line, line_of(&text, "|Data|Array of Thing|"));
    assert!(warning.message.contains(&format!("bare in the sample response (line {})", line_of(&text, "\"Data\": ["))), "{}", warning.message);
}

#[test]
fn a_broken_sample_is_read_as_far_as_it_goes_and_xml_stands_in_for_json() {
    let response = format!(
        "{RESPONSE_HEADER}|Data|Data|The data.|\n\n{RESPONSE_HEADER}|Total|Integer|The total.|\n|List|List|The things.|\n\n{RESPONSE_HEADER}|Name|String|The name.|\n"
    );
    // A missing comma and an unquoted value.
    let broken = "{\n  \"Data\": {\n    \"Total\": 1\n    \"List\": {\"ThingInfo\": [{\"Name\": a}]}\n  }\n}";
    let (imported, _) = import_page(&old_page("", &response, &json(broken)));
    assert_eq!(
        shape(&imported.action.response),
        ["Data Object", "Data.Total Integer", "Data.List Array wrapper ThingInfo of Object ThingInfo", "Data.List[].Name String"]
    );
    let xml = "**Response example**\n\n```\n<? xml version='1.0' encoding='utf-8'? >\n<QueryThingsResponse>\n  <Data>\n    <Total>1</Total>\n    <List>\n      <ThingInfo><Name>a</Name></ThingInfo>\n    </List>\n  </Data>\n</QueryThingsResponse>\n```\n";
    let (imported, _) = import_page(&old_page("", &response, xml));
    assert_eq!(
        shape(&imported.action.response),
        ["Data Object", "Data.Total Integer", "Data.List Array wrapper ThingInfo of Object ThingInfo", "Data.List[].Name String"]
    );
}

#[test]
fn the_sample_settles_wire_spelling_and_structures_the_tables_never_name() {
    let response = format!(
        "{RESPONSE_HEADER}|RequestId|String|The ID.|\n|topicType|Integer|The type.|\n|ApplyId|Long|The application ID.|\n|ShawdowMessage|String|The shadow.|\n"
    );
    let sample = "{\n  \"RequestId\": \"1\",\n  \"TopicType\": 1,\n  \"ShadowMessage\": \"{}\",\n  \"Data\": {\n    \"ApplyId\": 4399\n  }\n}";
    let (imported, notes) = import_page(&old_page("", &response, &json(sample)));
    assert_eq!(shape(&imported.action.response), ["TopicType Integer", "ShadowMessage String", "Data Object", "Data.ApplyId Long"]);
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

// Class 2: old-layout `List` rows and their untitled sub-tables.

#[test]
fn old_list_element_names_come_from_every_clue() {
    let list = |row: &str, label: &str| {
        format!(
            "{RESPONSE_HEADER}|Data|Data|The data.|\n\n{RESPONSE_HEADER}|Total|Integer|The total.|\n{row}\n\n{label}{RESPONSE_HEADER}|Name|String|The name.|\n"
        )
    };
    let no_sample = "**Response example**\n\n```\n{\"RequestId\": \"1\"}\n```\n";
    for (row, label, wrapper) in [
        ("|List|List<ThingInfo>|The things.|", "", "ThingInfo"),
        ("|List|List|The things. For details, see ThingInfo.|", "", "ThingInfo"),
        ("|List|List|The things.|", "**ThingInfo**\n\n", "ThingInfo"),
        ("|List|List|The things.|", "The following table describes ThingInfo.\n\n", "ThingInfo"),
    ] {
        let (imported, _) = import_page(&old_page("", &list(row, label), no_sample));
        let list = &imported.action.response[0].fields[1];
        assert_eq!(list.wrapper.as_deref(), Some(wrapper), "{row} {label}");
        assert_eq!(list.items.as_ref().unwrap().fields[0].name, "Name");
    }
    // The sample names the element key over the page.
    let sample = json("{\"Data\": {\"Total\": 1, \"List\": {\"thingInfo\": [{\"Name\": \"a\"}]}}}");
    let (imported, _) = import_page(&old_page("", &list("|List|List<ThingInfo>|The things.|", ""), &sample));
    assert_eq!(imported.action.response[0].fields[1].wrapper.as_deref(), Some("thingInfo"));
    // Nothing names it: a bare array, and a warning.
    let (imported, _) = import_page(&old_page("", &list("|List|List|The things.|", ""), no_sample));
    assert_eq!(imported.action.response[0].fields[1].wrapper, None);
    assert!(imported.warnings.iter().any(|w| w.message.contains("element key of the list `List` is unknown")), "{:?}", imported.warnings);
}

#[test]
fn a_list_of_strings_the_sample_shows_as_objects_takes_its_sub_table() {
    let response =
        format!("{RESPONSE_HEADER}|Data|List<String>|The tags.|\n\n{RESPONSE_HEADER}|TagKey|String|The key.|\n|TagValue|String|The value.|\n");
    let sample = json("{\"Data\": {\"ProductTag\": [{\"TagKey\": \"k\", \"TagValue\": \"v\"}]}}");
    let (imported, _) = import_page(&old_page("", &response, &sample));
    assert_eq!(
        shape(&imported.action.response),
        ["Data Array wrapper ProductTag of Object ProductTag", "Data[].TagKey String", "Data[].TagValue String"]
    );
}

#[test]
fn untitled_sub_tables_go_to_the_structure_the_sample_shows_their_fields_under() {
    // The page describes `Owner` before `Data`, against the order of their rows.
    let response = format!(
        "{RESPONSE_HEADER}|Data|Data|The data.|\n|Owner|Owner|The owner.|\n\n{RESPONSE_HEADER}|UserId|String|The user.|\n\n{RESPONSE_HEADER}|Total|Integer|The total.|\n"
    );
    let sample = json("{\"Data\": {\"Total\": 1}, \"Owner\": {\"UserId\": \"u\"}}");
    let (imported, _) = import_page(&old_page("", &response, &sample));
    assert_eq!(shape(&imported.action.response), ["Data Object", "Data.Total Integer", "Owner Object", "Owner.UserId String"]);
}

// Class 3: request lists of structures on old pages.

#[test]
fn old_request_lists_of_structures_keep_their_sub_table_rows() {
    let request = "|Devices|List<Device>|Yes|The devices.|\n|Tags|List|No|The tags. See the following table Tag.|\n\n**Tag**\n\n|Parameter|Type|Required|Description|\n|:--|:--|:--|:--|\n|TagKey|String|Yes|The key.|\n|TagValue|String|No|The value.|\n\n**Device**\n\n|Parameter|Type|Required|Description|\n|:--|:--|:--|:--|\n|ProductKey|String|Yes|The product.|\n|DeviceName|String|Yes|The device.|\n";
    let response = format!("{RESPONSE_HEADER}|RequestId|String|The ID.|\n");
    let samples = "```\nhttps://iot.cn-shanghai.aliyuncs.com/?Action=QueryThings\n&Device. 1. ProductKey=a1\n&Device. 1. DeviceName=d1\n&Tags.1.TagKey=k\n```\n\n**Response example**\n\n```\n{\"RequestId\": \"1\"}\n```\n";
    let text = old_page(request, &response, samples);
    let (imported, notes) = import_page(&text);
    assert_eq!(
        shape(&imported.action.request),
        [
            "Device Array of Object Device",
            "Device[].ProductKey String",
            "Device[].DeviceName String",
            "Tags Array of Object",
            "Tags[].TagKey String",
            "Tags[].TagValue String"
        ]
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.contains("sent as `Device.1` by the sample request"), "{notes:?}");
}

// Class 4: inline blocks closed at the wrong row.

#[test]
fn the_sample_settles_where_an_inline_block_ends() {
    // `Total` sorts after `Value` and so reads as a field of `Item`; `Code` sorts before `Name`
    // but is a field of `Item` all the same. The sample says where each belongs.
    let inline = "|Parameter|Type|Example|Description|\n|--|--|--|--|\n|Data|Struct| |The data.|\n|List|Array of Item| |The items.|\n|Item| | | |\n\
|Name|String|a|The name.|\n|Value|String|1|The value.|\n|Code|String|c|The item code.|\n|Total|Integer|3|The total.|\n|RequestId|String|1|The ID.|\n";
    let sample = "{\n  \"Data\": {\n    \"List\": {\"Item\": [{\"Name\": \"a\", \"Value\": \"1\", \"Code\": \"c\"}]},\n    \"Total\": 3\n  },\n  \"RequestId\": \"1\"\n}";
    let (imported, _) = import_page(&old_page("", inline, &json(sample)));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Data Object",
            "Data.List Array wrapper Item of Object Item",
            "Data.List[].Name String",
            "Data.List[].Value String",
            "Data.List[].Code String",
            "Data.Total Integer"
        ]
    );
}

#[test]
fn without_a_sample_what_names_mean_settles_where_a_block_ends() {
    // `ErrorMessage` is the envelope's at the top, and the element's own when the page documents
    // the envelope's again; `Total` counts the list, not each element, though it sorts after `Value`.
    let inline = "|Parameter|Type|Example|Description|\n|--|--|--|--|\n|Code|String|c|The error code.|\n|Data|Struct| |The data.|\n\
|List|Array of Item| |The items.|\n|Item| | | |\n|Code|String|c|The item code.|\n|ErrorMessage|String|e|The item's error.|\n|Value|String|1|The value.|\n\
|Total|Integer|3|The total.|\n|ErrorMessage|String|e|The error message.|\n|RequestId|String|1|The ID.|\n";
    let (imported, _) = import_page(&old_page("", inline, ""));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Data Object",
            "Data.List Array wrapper Item of Object Item",
            "Data.List[].Code String",
            "Data.List[].ErrorMessage String",
            "Data.List[].Value String",
            "Data.Total Integer"
        ]
    );
}

#[test]
fn a_structure_the_sample_shows_empty_holds_none_of_the_rows_after_it() {
    let inline = "|Parameter|Type|Example|Description|\n|--|--|--|--|\n|Data|Struct| |The data.|\n|Result|Array of ResultDTO| |Any objects.|\n\
|Status|Integer|1|The status.|\n|RequestId|String|1|The ID.|\n";
    let sample = "{\n  \"Data\": {\"Result\": [{}], \"Status\": 1},\n  \"RequestId\": \"1\"\n}";
    let (imported, _) = import_page(&old_page("", inline, &json(sample)));
    let facts = shape(&imported.action.response);
    assert_eq!(facts[0], "Data Object");
    assert!(facts.contains(&"Data.Status Integer".to_string()), "{facts:?}");
}

#[test]
fn json_in_a_web_row_description_is_no_sample() {
    let text = "QueryThings\n\nRequest parameters\nParameter\tType\tRequired\tExample\tDescription\n\
Items\tString\tYes\t{\"a\": 1}\t\nThe data, as JSON:\n{\n\"a\": 1\n}\nProductKey\tString\tNo\ta1\t\nThe product.\n\n\
Response parameters\nParameter\tType\tExample\tDescription\nRequestId\tString\t1\t\nThe ID.\n\nExamples\n\n{\n  \"RequestId\": \"1\"\n}\n";
    let (imported, _) = import_page(text);
    let names: Vec<&str> = imported.action.request.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Items", "ProductKey"]);
    assert!(imported.action.examples.response.is_some());
}

#[test]
fn a_list_inside_each_element_of_a_request_list() {
    let request = "|Param.N.Name|String|No|The name.|\n|Param.N.Values.N|RepeatList|No|The values.|\n";
    let (imported, _) = import_page(&old_page(request, &format!("{RESPONSE_HEADER}|RequestId|String|The ID.|\n"), ""));
    assert_eq!(shape(&imported.action.request), ["Param Array of Object", "Param[].Name String", "Param[].Values Array of String"]);
    // The old layout: a `List<String>` row in the element's sub-table.
    let request = "|Param|List<ParamDTO\\>|No|The parameters. See the following table.|\n\n|Parameter|Type|Required|Description|\n|:--|:--|:--|:--|\n\
|Name|String|No|The name.|\n|Values|List<String\\>|No|The values.|\n";
    let (imported, _) = import_page(&old_page(request, &format!("{RESPONSE_HEADER}|RequestId|String|The ID.|\n"), ""));
    assert_eq!(shape(&imported.action.request), ["Param Array of Object ParamDTO", "Param[].Name String", "Param[].Values Array of String"]);
}

// Class 5: doubts are reported.

#[test]
fn unknown_type_spellings_and_required_values_are_warnings_at_their_line() {
    let request = "|ThingName|Strng|Yes|The name.|\n|Mode|String|Maybe|The mode.|\n|Config|Settings|No|The settings.|\n";
    let response = format!("{RESPONSE_HEADER}|RequestId|String|The ID.|\n|Count|Interger|The count.|\n");
    let text = old_page(request, &response, &json("{\"RequestId\": \"1\", \"Count\": 2}"));
    let (imported, _) = import_page(&text);
    assert_eq!(shape(&imported.action.request), ["ThingName String", "Mode String", "Config String json"]);
    assert_eq!(shape(&imported.action.response), ["Count Integer"]);
    let warned: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    for needle in ["|ThingName|Strng|", "|Mode|String|Maybe|", "|Config|Settings|", "|Count|Interger|"] {
        assert!(warned.contains(&line_of(&text, needle)), "{needle}: {:?}", imported.warnings);
    }
}

// Class 6: a value list only from value-shaped text.

#[test]
fn a_description_of_sub_fields_is_no_value_list() {
    let request = "|Shadow|String|Yes|The shadow, a JSON string. It includes the following parameters:\n\n-   **method**: a string, the operation.\n-   **version**: a long integer, the version. |\n|Mode|String|No|The mode. Valid values:\n\n-   **FULL**: all.\n-   **DELTA**: changes. |\n";
    let response = format!("{RESPONSE_HEADER}|RequestId|String|The ID.|\n");
    let (imported, _) = import_page(&old_page(request, &response, &json("{\"RequestId\": \"1\"}")));
    assert!(imported.action.request[0].values.is_empty(), "{:?}", imported.action.request[0].values);
    let modes: Vec<&str> = imported.action.request[1].values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(modes, ["FULL", "DELTA"]);
}

// Class 9: the wire name is what the page says.

#[test]
fn a_documented_plural_list_keeps_its_name_unless_the_sample_request_sends_another() {
    let request = "|IotIds|List|No|The devices.|\n";
    let response = format!("{RESPONSE_HEADER}|RequestId|String|The ID.|\n");
    let no_request = "**Response example**\n\n```\n{\"RequestId\": \"1\"}\n```\n";
    let (imported, notes) = import_page(&old_page(request, &response, no_request));
    assert_eq!(shape(&imported.action.request), ["IotIds Array of String"]);
    assert!(imported.warnings.is_empty() && notes.is_empty());
    let with_request = format!("```\nhttps://iot.cn-shanghai.aliyuncs.com/?Action=QueryThings&IotId.1=a&IotId.2=b\n```\n\n{no_request}");
    let (imported, notes) = import_page(&old_page(request, &response, &with_request));
    assert_eq!(shape(&imported.action.request), ["IotId Array of String"]);
    assert_eq!(notes.len(), 1);
    assert_eq!(imported.action.request[0].ty, Type::Array);
}
