//! The documentation's conventions beyond IoT's pages (issue 17), each on a small made-up page:
//! a container row without a type, `└` nesting marks, a table without its separator line, a
//! heading's attribute block, dotted and indexed wire names, names that differ only in case, a
//! sample's list of one written without brackets, fields the sample shows in a list the tables
//! never name, a comment line before a sample, a container row after another structure's
//! members, sample keys with stray spaces, marks of one level at every depth, the element row of a
//! plain `Array`, a sample's list opened with a brace, a container row of one-level marks that the
//! sample does not show, a row after a wrapped list that is no element name, a marked list inside
//! a list, a list of plain values, an element's fields beside a broken sample's other keys, a name
//! the enclosing structure already has (also after a row without a type), a wrapper the sample
//! writes in brackets, an old `List` with nothing to say what it holds, an XML sample that agrees
//! with the tables where the JSON one does not, a response section that says only the common
//! fields come back, a name the open structure already has, a row the sample shows only in an
//! enclosing structure, a request table without rows, headings inside a web page's
//! descriptions, a sample inside a key named for the action, a table split by a lone `|`, a field
//! named as its structure, a name the table documents again further down, a name the enclosing
//! structure has that the sample shows further out, a near spelling on fewer lines, and a
//! repeated parameter typed as a structure that a later table describes.

mod member_shape;

use codegen::import::{self, Imported, Options};
use member_shape::shape;

fn import_page(text: &str) -> Imported {
    import::import(text, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn page(request_rows: &str, response: &str, sample: &str) -> String {
    format!(
        "# ListThings\n\nLists things.\n\n## Request parameters {{ .section}}\n\n|Name|Type|Required|Description|\n|--|--|--|--|\n{request_rows}\n\
## Response parameters\n\n{response}\n\n## Examples\n\n**Response example**\n\n```\n{sample}\n```\n"
    )
}

#[test]
fn a_row_without_a_type_that_the_sample_shows_as_an_object_holds_the_rows_after_it() {
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Owner| | |Who owns it.|\n|Name|String|ann|The name.|\n|Since|String|2020|Since when.|\n|RequestId|String|R1|The request.|";
    let sample = r#"{"RequestId": "R1", "Owner": {"Name": "ann", "Since": "2020"}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["Owner Object", "Owner.Name String", "Owner.Since String"]);
}

#[test]
fn a_sample_that_shows_a_list_of_one_without_brackets_still_places_the_rows() {
    // The sample, converted from XML, writes the one group as an object; the table's rows are not
    // sorted, so only the sample says that `Zone` closes `Options`.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Groups|Array of Group| |The groups.|\n|Group| | | |\n\
|Name|String|g1|The name.|\n|Options|Struct| |Its options.|\n|Strategy|String|low|How.|\n|Zone|String|cn|Where.|";
    let sample = r#"{"RequestId": "R1", "Groups": {"Group": {"Name": "g1", "Options": {"Strategy": "low"}, "Zone": "cn"}}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Groups Array wrapper Group of Object Group",
            "Groups[].Name String",
            "Groups[].Options Object",
            "Groups[].Options.Strategy String",
            "Groups[].Zone String"
        ]
    );
}

#[test]
fn rows_documented_at_the_top_that_the_sample_shows_in_a_wrapped_list_go_there() {
    // The table lists an element's field as if it were the response's own; the sample shows it in
    // a list under a wrapper the table never names.
    let response = "|Name|Type|Description|\n|--|--|--|\n|KeyId|String|A key.|\n|TotalCount|Integer|All.|";
    let sample = r#"{"RequestId": "R1", "Keys": {"Key": [{"KeyId": "k1"}, {"KeyId": "k2"}]}, "TotalCount": 2}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["TotalCount Integer", "Keys Array wrapper Key of Object Key", "Keys[].KeyId String"]);
}

#[test]
fn a_comment_line_before_a_sample_is_no_part_of_it() {
    let response = "|Name|Type|Description|\n|--|--|--|\n|KeyId|String|A key.|";
    let sample = "//json response\n{\"RequestId\": \"R1\", \"Keys\": {\"Key\": [{\"KeyId\": \"k1\"}]}}";
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert!(imported.action.examples.response.as_deref().is_some_and(|s| s.starts_with('{')), "{:?}", imported.action.examples.response);
    assert_eq!(shape(&imported.action.response), ["Keys Array wrapper Key of Object Key", "Keys[].KeyId String"]);
}

#[test]
fn a_row_without_a_type_after_a_structure_is_a_container_where_the_sample_shows_it() {
    // `Policy` follows the members of `Version` and has no type: the sample shows it as an object
    // beside `Version`, not in it.
    let response = "|Name|Type|Description|\n|--|--|--|\n|Version| |The version.|\n|VersionId|String|Its id.|\n\
|Policy| |The policy.|\n|PolicyName|String|Its name.|";
    let sample = r#"{"RequestId": "R1", "Version": {"VersionId": "v1"}, "Policy": {"PolicyName": "p"}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["Version Object", "Version.VersionId String", "Policy Object", "Policy.PolicyName String"]);
}

#[test]
fn a_sample_key_with_spaces_around_it_is_the_name_without_them() {
    let response = "|Name|Type|Description|\n|--|--|--|\n|Bandwidths| |The bandwidths.|\n|Max|Integer|Most.|";
    let sample = r#"{"RequestId": "R1", " Bandwidths": {" Bandwidth": [{"Max": 100}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["Bandwidths Array wrapper Bandwidth of Object Bandwidth", "Bandwidths[].Max Integer"]);
}

#[test]
fn marks_of_one_level_say_that_a_row_nests_and_the_sample_says_how_deep() {
    // Every nested row carries one `└`, however deep: `User` is in the device, `UserName` in `User`.
    let response = "|Name|Type|Description|\n|--|--|--|\n|Devices| |The devices.|\n|└Serial|String|Its serial.|\n\
|└User| |Its user.|\n|└UserName|String|The user's name.|\n|└Zone|String|Where.|";
    let sample = r#"{"RequestId": "R1", "Devices": {"Device": [{"Serial": "s", "User": {"UserName": "u"}, "Zone": "z"}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Devices Array wrapper Device of Object Device",
            "Devices[].Serial String",
            "Devices[].User Object",
            "Devices[].User.UserName String",
            "Devices[].Zone String"
        ]
    );
}

#[test]
fn the_row_after_a_plain_array_names_its_element_whatever_the_sample() {
    let response = "|Name|Type|Description|\n|--|--|--|\n|References|Array|The references.|\n|Reference| | |\n|GroupId|String|A group.|";
    let sample = r#"{"RequestId": "R1", "References": [{"GroupId": "g"}]}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["References Array wrapper Reference of Object Reference", "References[].GroupId String"]);
}

#[test]
fn rows_marked_with_a_corner_nest_where_the_marks_say() {
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Count|Integer|2|How many.|\n|Results| | |The results.|\n\
|└Code|String|200|The code.|\n|└Detail| | |More.|\n|└└Reason|String|ok|Why.|\n|Total|Integer|2|All.|";
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, r#"{"RequestId": "R1"}"#));
    assert_eq!(
        shape(&imported.action.response),
        ["Count Integer", "Results Object", "Results.Code String", "Results.Detail Object", "Results.Detail.Reason String", "Total Integer"]
    );
}

#[test]
fn a_table_may_leave_out_its_separator_line_and_a_heading_its_attributes() {
    let text = "# ListThings\n\nLists things.\n\n## 请求参数 { .section}\n\n|名称|类型|是否必需|描述|\n|KeyId|String|是|The key.|\n\n\
## 返回参数 { .section}\n\n|名称|类型|描述|\n|Total|Integer|All.|\n";
    let imported = import_page(text);
    assert_eq!(imported.action.request.iter().map(|m| (m.name.as_str(), m.required)).collect::<Vec<_>>(), [("KeyId", true)]);
    assert_eq!(shape(&imported.action.response), ["Total Integer"]);
}

#[test]
fn dotted_and_indexed_names_are_wire_names_and_a_legacy_spelling_gives_way() {
    let rows = "|Network.Timeout|Integer|No|Seconds.|\n|Filter.1.Key|String|No|A key.|\n|Tag.N.key|String|No|Old spelling.|\n|Tag.N.Key|String|No|A tag key.|";
    let imported = import_page(&page(rows, "|Name|Type|Description|\n|--|--|--|\n|Total|Integer|All.|", r#"{"RequestId": "R1", "Total": 1}"#));
    let names: Vec<String> = shape(&imported.action.request);
    assert_eq!(names, ["Network.Timeout Integer", "Filter.1.Key String", "Tag Array of Object", "Tag[].Key String"]);
}

#[test]
fn a_response_section_that_says_only_common_fields_return_is_no_error() {
    let text = page("|Id|String|Yes|The id.|", "All are common response parameters.", r#"{"RequestId": "R1"}"#);
    let imported = import_page(&text);
    assert!(imported.action.response.is_empty());
    // A section with neither a table nor such words is still refused.
    let broken = page("|Id|String|Yes|The id.|", "Something went wrong.", r#"{"RequestId": "R1"}"#);
    assert!(import::import(&broken, &Options::default()).unwrap_err().message.contains("response parameter table"));
}

#[test]
fn a_sample_list_opened_with_a_brace_is_still_a_list() {
    // `"KeyPair":{ {...} ]`: an object cannot open with another, so the `{` was a `[`. The rows
    // marked under `KeyPairs` are the element's, those the sample leaves out too.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|KeyPairs| | |The pairs.|\n|└KeyPairName|String|k1|The name.|\n\
|└KeyPairFingerPrint|String|ab|The print.|\n|└ResourceGroupId|String|rg-1|The group.|\n|PageSize|Integer|10|The size.|";
    let sample = "{\"KeyPairs\": {\"KeyPair\":{\n {\"KeyPairName\": \"k1\", \"KeyPairFingerPrint\": \"ab\"}\n]}, \"PageSize\": 10}";
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "KeyPairs Array wrapper KeyPair of Object KeyPair",
            "KeyPairs[].KeyPairName String",
            "KeyPairs[].KeyPairFingerPrint String",
            "KeyPairs[].ResourceGroupId String",
            "PageSize Integer"
        ]
    );
}

#[test]
fn under_one_level_marks_a_row_without_a_type_the_sample_leaves_out_holds_the_rows_it_leaves_out() {
    // `Counts` and its members are not in the sample; `TagKey`, which the sample shows in the
    // element, closes it. `Disk` sorts before the marked `└Ddh`: the order is read on bare names.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Tags| | |The tags.|\n|└Counts| | |How many.|\n|└Ddh|Integer|1|Hosts.|\n\
|└Disk|Integer|2|Disks.|\n|└TagKey|String|k|The key.|\n|TotalCount|Integer|1|All.|";
    let sample = r#"{"Tags": {"Tag": [{"TagKey": "k"}]}, "TotalCount": 1}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Tags Array wrapper Tag of Object Tag",
            "Tags[].Counts Object",
            "Tags[].Counts.Ddh Integer",
            "Tags[].Counts.Disk Integer",
            "Tags[].TagKey String",
            "TotalCount Integer"
        ]
    );
}

#[test]
fn a_list_the_sample_shows_holding_plain_values_has_no_member_rows() {
    // Sorted rows, no marks: only the sample says that `Categories` holds strings, so that
    // `Kinds`, which sorts after it, is the zone's own.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Zones|Array of Zone| |The zones.|\n|Zone| | | |\n\
|Categories|List| |Disk categories.|\n|Kinds|List| |Kinds.|\n|ZoneId|String|z1|The zone.|";
    let sample = r#"{"Zones": {"Zone": [{"Categories": {"Category": ["cloud"]}, "ZoneId": "z1"}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    let shape = shape(&imported.action.response);
    assert!(shape.contains(&"Zones[].Categories Array wrapper Category of String".to_string()), "{shape:#?}");
    assert!(shape.contains(&"Zones[].ZoneId String".to_string()), "{shape:#?}");
    assert!(!shape.iter().any(|s| s.starts_with("Zones[].Categories[].")), "{shape:#?}");
}

#[test]
fn a_marked_list_inside_a_list_takes_its_wrapper_from_the_sample() {
    // The sample is looked up by the rows' bare names: `└Resources` is `Resources` there.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Zones| | |The zones.|\n|└Resources| | |What it has.|\n\
|└└Type|String|disk|The type.|\n|└ZoneId|String|z1|The zone.|";
    let sample = r#"{"Zones": {"Zone": [{"Resources": {"Resource": [{"Type": "disk"}]}, "ZoneId": "z1"}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    let shape = shape(&imported.action.response);
    assert!(shape.contains(&"Zones[].Resources Array wrapper Resource of Object Resource".to_string()), "{shape:#?}");
    assert!(shape.contains(&"Zones[].Resources[].Type String".to_string()), "{shape:#?}");
}

#[test]
fn an_elements_fields_are_what_the_sample_shows_under_the_element_key() {
    // The sample misses the brace that closes `Keys`, so the counts sit beside `Key`: they are
    // still the response's, not each key's.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Keys|Array of Key| |The keys.|\n|Key| | | |\n\
|KeyArn|String|arn|The ARN.|\n|KeyId|String|k1|The id.|\n|PageNumber|Integer|1|The page.|\n|TotalCount|Integer|3|All.|";
    let sample = "{\"Keys\": {\"Key\": [{\"KeyId\": \"k1\", \"KeyArn\": \"arn\"}],\n \"TotalCount\": 3,\n \"PageNumber\": 1\n}";
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        ["Keys Array wrapper Key of Object Key", "Keys[].KeyArn String", "Keys[].KeyId String", "PageNumber Integer", "TotalCount Integer"]
    );
}

#[test]
fn a_name_the_enclosing_structure_already_has_stays_in_the_inner_one() {
    // The sample shows `AttachedTime` on the disk and `MountInstance` empty: the second
    // `AttachedTime` is the mount's, since the disk has one already.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Disks|Array of Disk| |The disks.|\n|Disk| | | |\n\
|AttachedTime|String|t1|When.|\n|MountInstances|Array of MountInstance| |Mounts.|\n|MountInstance| | | |\n|AttachedTime|String|t2|When.|\n\
|Device|String|/dev/xvdb|Where.|\n|Status|String|In_use|The status.|";
    let sample = r#"{"Disks": {"Disk": [{"AttachedTime": "t1", "MountInstances": {"MountInstance": []}, "Status": "In_use"}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    let shape = shape(&imported.action.response);
    assert!(shape.contains(&"Disks[].MountInstances[].AttachedTime String".to_string()), "{shape:#?}");
    assert!(shape.contains(&"Disks[].AttachedTime String".to_string()), "{shape:#?}");
}

#[test]
fn a_wrapper_the_sample_writes_in_brackets_is_still_the_wrapper() {
    // The tables wrap `TaskSet` in `Task`; the sample writes `[{"Task": [...]}]`.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|TaskSet|Array of Task| |The tasks.|\n|Task| | | |\n\
|TaskId|String|t-1|The id.|\n|TaskStatus|String|Finished|The status.|\n|TotalCount|Integer|1|All.|";
    let sample = r#"{"TaskSet": [{"Task": [{"TaskId": "t-1", "TaskStatus": "Finished"}]}], "TotalCount": 1}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        ["TaskSet Array wrapper Task of Object Task", "TaskSet[].TaskId String", "TaskSet[].TaskStatus String", "TotalCount Integer"]
    );
}

#[test]
fn a_row_without_a_type_followed_by_a_name_its_structure_already_has_holds_it() {
    // `RoleSets` is followed by `InstanceId`, which the element already has: the second one
    // cannot be the element's, so `RoleSets` holds it.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Results| | |The results.|\n|└InstanceId|String|i-1|The instance.|\n\
|└RoleSets| | |The roles.|\n|└InstanceId|String|i-1|The instance.|\n|└RoleName|String|r|The role.|\n|TotalCount|Integer|1|All.|";
    let sample = r#"{"Results": {"Result": [{"InstanceId": "i-1"}]}, "TotalCount": 1}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    let shape = shape(&imported.action.response);
    assert!(shape.contains(&"Results[].RoleSets Object".to_string()), "{shape:#?}");
    assert!(shape.contains(&"Results[].RoleSets.InstanceId String".to_string()), "{shape:#?}");
    assert!(shape.contains(&"Results[].RoleSets.RoleName String".to_string()), "{shape:#?}");
}

#[test]
fn an_old_list_the_sample_does_not_show_holds_no_rows_unless_the_next_names_its_element() {
    // Sorted rows, no marks, no sample for either list: `Kinds` and `Zone` follow `Hosts` in
    // order, but a `List` holds rows only when its element is named or shown.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Zones|Array of Zone| |The zones.|\n|Zone| | | |\n\
|Hosts|List| |Host types.|\n|Kinds|List| |Kinds.|\n|Name|String|z|The name.|\n|Volumes|List| |Volumes.|\n|Volume| | | |\n|Size|Integer|20|The size.|";
    let sample = r#"{"Zones": {"Zone": [{"Name": "z"}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    let shape = shape(&imported.action.response);
    for expected in ["Zones[].Hosts Array of String", "Zones[].Kinds Array of String", "Zones[].Name String", "Zones[].Volumes[].Size Integer"] {
        assert!(shape.iter().any(|s| s.starts_with(expected)), "{expected}: {shape:#?}");
    }
}

#[test]
fn where_the_xml_sample_shows_more_of_the_tables_structures_it_is_the_witness() {
    // The JSON sample renames `Referencing` and drops the wrappers; the XML one agrees with the
    // tables. The JSON text stays the example.
    let md = "# ListThings\n\nLists things.\n\n## Request parameters\n\n|Name|Type|Required|Description|\n|--|--|--|--|\n|Id|String|Yes|The id.|\n\n\
## Response parameters\n\n|Name|Type|Example|Description|\n|--|--|--|--|\n|References| | |The references.|\n|Referencing| | |Who refers.|\n\
|AliUid|String|1|The owner.|\n|GroupId|String|g2|The referrer.|\n|GroupId|String|g1|The group.|\n\n## Examples\n\n\
Sample success responses\n\n`XML` format\n\n```\n<ListThingsResponse>\n  <References>\n    <Reference>\n      <GroupId>g1</GroupId>\n\
      <Referencing>\n        <Group><GroupId>g2</GroupId><AliUid>1</AliUid></Group>\n        <Group><GroupId>g3</GroupId><AliUid>1</AliUid></Group>\n\
      </Referencing>\n    </Reference>\n  </References>\n</ListThingsResponse>\n```\n\n`JSON` format\n\n```\n\
{\"References\": [{\"Referrers\": [{\"GroupId\": \"g2\", \"AliUid\": 1}], \"GroupId\": \"g1\"}]}\n```\n";
    let imported = import_page(md);
    let shape = shape(&imported.action.response);
    assert!(shape.iter().any(|s| s.starts_with("References Array wrapper Reference")), "{shape:#?}");
    assert!(shape.iter().any(|s| s.starts_with("References[].Referencing Array wrapper Group")), "{shape:#?}");
    assert!(imported.action.examples.response.as_deref().is_some_and(|r| r.starts_with("{\"References\"")));
}

#[test]
fn a_name_the_open_structure_already_has_belongs_to_an_enclosing_one() {
    // Sorted rows: the element's `TotalDiff` comes last in `Topics`, then the response's own. With
    // the sample, it shows both; without, a structure still has each field once.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Progress|Struct| |The progress.|\n|LastTime|Long|1|When.|\n\
|Topics|Array of Topic| |The topics.|\n|Topic| | | |\n|Name|String|t|The topic.|\n|TotalDiff|Long|0|Its backlog.|\n|TotalDiff|Long|0|All of it.|";
    let sample = r#"{"Progress": {"LastTime": 1, "TotalDiff": 0, "Topics": {"Topic": [{"Name": "t", "TotalDiff": 0}]}}}"#;
    let expected = [
        "Progress Object",
        "Progress.LastTime Long",
        "Progress.Topics Array wrapper Topic of Object Topic",
        "Progress.Topics[].Name String",
        "Progress.Topics[].TotalDiff Long",
        "Progress.TotalDiff Long",
    ];
    for sample in [sample, "(none)"] {
        let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
        assert_eq!(shape(&imported.action.response), expected, "sample {sample}");
    }
}

#[test]
fn a_row_the_sample_shows_in_an_enclosing_structure_and_not_the_open_one_closes_it() {
    // Today's reference: no marks, no order. `Id` follows the tag's fields; the sample shows it
    // in the domain, which it sees twice (the wrapper `Domains` and its elements).
    let response = "|Name|Type|Description|Example|\n|--|--|--|--|\n|Domains|object| | |\n|Domain|array<object>| | |\n|object| | | |\n\
|Tags|object| | |\n|Tag|array<object>| | |\n|object| | | |\n|Key|string| |k|\n|Value|string| |v|\n|Id|string| |d-1|\n|TotalCount|long| |1|";
    let sample = r#"{"Domains": {"Domain": [{"Tags": {"Tag": [{"Key": "k", "Value": "v"}]}, "Id": "d-1"}]}, "TotalCount": 1}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Domains Array wrapper Domain of Object Domain",
            "Domains[].Tags Array wrapper Tag of Object Tag",
            "Domains[].Tags[].Key String",
            "Domains[].Tags[].Value String",
            "Domains[].Id String",
            "TotalCount Long"
        ]
    );
}

#[test]
fn a_request_table_without_rows_means_only_the_common_parameters() {
    let text = "GetAlias - Get the alias\n\nGets the alias.\n\nRequest parameters\nParameter\tType\tRequired\tDescription\tExample\n\n\
Response parameters\nParameter\tType\tDescription\tExample\nobject\t\t\nRequestId\tstring\t\nThe request.\n\nR1\nAlias\tstring\t\nThe alias.\n\nmy\n";
    let imported = import::import(text, &Options { action: Some("GetAlias".into()), ..Options::default() }).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.action.request.is_empty());
    assert_eq!(shape(&imported.action.response), ["Alias String"]);
    assert!(imported.warnings.iter().any(|w| w.message.contains("no rows")), "{:#?}", imported.warnings);
}

#[test]
fn headings_inside_a_web_pages_descriptions_do_not_make_it_markdown() {
    let text = "CreateTemplate\n\nCreates a template.\n\nRequest parameters\n\nParameter\tType\tRequired\tExample\tDescription\n\
Name\tString\tYes\tt1\tThe name.\nRule\tString\tNo\t{}\tThe rule.\n\n### 1. Fields\n\nWhat the rule holds.\n\n\
Response parameters\n\nParameter\tType\tExample\tDescription\nRequestId\tString\tR1\tThe request.\nCode\tString\tOK\tThe code.\nId\tString\tt-1\tThe id.\n";
    let imported = import::import(text, &Options { action: Some("CreateTemplate".into()), ..Options::default() }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shape(&imported.action.request), ["Name String", "Rule String"]);
    assert!(imported.action.request[0].required);
    assert_eq!(shape(&imported.action.response), ["Id String"]);
}

#[test]
fn a_sample_written_inside_a_key_named_for_the_action_is_what_that_key_holds() {
    // `|Alert|N/A|` after `Array of Alert` is its wrapper row, as an empty type cell would be.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|RequestId|String|R1|The request.|\n|Total|Integer|1|All.|\n\
|Alerts|Array of Alert| |The alerts.|\n|Alert|N/A| | |\n|RuleId|String|r-1|The rule.|\n|Success|Boolean|true|Whether it was set.|";
    for key in ["ListThings", "ListThingsResponse"] {
        let sample = format!(r#"{{"{key}": {{"RequestId": "R1", "Total": 1, "Alerts": {{"Alert": [{{"RuleId": "r-1", "Success": true}}]}}}}}}"#);
        let imported = import_page(&page("|Id|String|Yes|The id.|", response, &sample));
        assert_eq!(
            shape(&imported.action.response),
            ["Total Integer", "Alerts Array wrapper Alert of Object Alert", "Alerts[].RuleId String", "Alerts[].Success Boolean"],
            "{key}"
        );
    }
}

#[test]
fn a_table_split_by_a_blank_line_and_a_lone_pipe_goes_on() {
    let md = "# ListThings\n\nLists things.\n\n## Request parameters\n\n|Name|Type|Required?|Example value|Description|\n|--|--|--|--|--|\n\
|RegionId|String|Yes|cn|The region.|\n\n|\n|PageSize|Integer|No|10|The page size.|\n\n## Response parameters\n\n\
|Name|Type|Example value|Description|\n|--|--|--|--|\n|RequestId|String|R1|The request.|\n\n|\n|Total|Integer|1|All.|\n";
    let imported = import_page(md);
    assert_eq!(shape(&imported.action.request), ["RegionId String", "PageSize Integer"]);
    assert_eq!(shape(&imported.action.response), ["Total Integer"]);
}

#[test]
fn a_field_named_as_its_structure_belongs_to_that_structure() {
    // The element shows `InstanceType` as the structure itself: the row of that name inside it is
    // the structure's field, whatever its sample leaves out.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Data|Array of Offer| |The offers.|\n|Offer| | | |\n\
|InstanceType|Struct| |The type.|\n|Cores|Integer|2|Cores.|\n|InstanceType|String|g5|Its name.|\n|Memory|Integer|8|Memory.|\n|Priority|Integer|1|Rank.|";
    let sample = r#"{"Data": {"Offer": [{"InstanceType": {"Cores": 2, "Memory": 8}, "Priority": 1}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Data Array wrapper Offer of Object Offer",
            "Data[].InstanceType Object",
            "Data[].InstanceType.Cores Integer",
            "Data[].InstanceType.InstanceType String",
            "Data[].InstanceType.Memory Integer",
            "Data[].Priority Integer"
        ]
    );
}

#[test]
fn a_name_the_table_documents_again_further_down_stays_in_a_structure_the_sample_leaves_out() {
    // The sample shows `InstanceId` on the item and no `Attachment`: the later `InstanceId` row
    // is the item's, this one the attachment's.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Items|Array of Item| |The items.|\n|Item| | | |\n\
|Attachment|Struct| |Where.|\n|DeviceIndex|Integer|0|Index.|\n|InstanceId|String|i-1|Its instance.|\n|CreationTime|String|t|When.|\n\
|InstanceId|String|i-1|The instance.|";
    let sample = r#"{"Items": {"Item": [{"CreationTime": "t", "InstanceId": "i-1"}]}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Items Array wrapper Item of Object Item",
            "Items[].Attachment Object",
            "Items[].Attachment.DeviceIndex Integer",
            "Items[].Attachment.InstanceId String",
            "Items[].CreationTime String",
            "Items[].InstanceId String"
        ]
    );
}

#[test]
fn a_name_the_enclosing_structure_has_goes_further_out_where_the_sample_shows_it() {
    // `Discount` is the detail's, then the rule's neighbour: the detail has one already and the
    // sample shows the price's, so the second row is the price's.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Price|Struct| |The price.|\n|Currency|String|CNY|Unit.|\n\
|Details|Array of Detail| |Details.|\n|Detail| | | |\n|Discount|Float|1|Off.|\n|Rules|Array of Rule| |Rules.|\n|Rule| | | |\n\
|RuleId|Long|5|The rule.|\n|Discount|Float|1|Off overall.|";
    let sample = r#"{"Price": {"Currency": "CNY", "Discount": 1}}"#;
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(
        shape(&imported.action.response),
        [
            "Price Object",
            "Price.Currency String",
            "Price.Details Array wrapper Detail of Object Detail",
            "Price.Details[].Discount Float",
            "Price.Details[].Rules Array wrapper Rule of Object Rule",
            "Price.Details[].Rules[].RuleId Long",
            "Price.Discount Float"
        ]
    );
}

#[test]
fn a_near_spelling_the_page_uses_on_fewer_lines_gives_way() {
    // The sample misspells `InstanceType` once; the request and response tables spell it alike.
    let response = "|Name|Type|Example|Description|\n|--|--|--|--|\n|Cores|Integer|2|Cores.|\n|InstanceType|String|g5|The type.|";
    let sample = r#"{"RequestId": "R1", "Cores": 2, "InsanceType": "g5"}"#;
    let imported = import_page(&page("|InstanceType|String|Yes|The type.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["Cores Integer", "InstanceType String"]);
    // Spelt once each way, the sample's spelling is the wire's.
    let imported = import_page(&page("|Id|String|Yes|The id.|", response, sample));
    assert_eq!(shape(&imported.action.response), ["Cores Integer", "InsanceType String"]);
}

#[test]
fn a_repeated_parameter_typed_as_a_structure_takes_the_table_that_describes_it() {
    // `Configuration.N` is typed by the structure's name; a later table, introduced by a
    // sentence naming it, lists each element's fields.
    let request = "|Id|String|Yes|The id.|\n|Configuration.N|Configuration|Yes|The targets.|\n\n\
The following table describes the parameters of the Configuration data type.\n\n|Name|Type|Required|Description|\n|--|--|--|--|\n\
|InstanceType|String|Yes|The type.|\n|InstanceAmount|Integer|No|How many.|";
    let response = "|Name|Type|Description|\n|--|--|--|\n|RequestId|String|The request.|";
    let imported = import_page(&page(request, response, r#"{"RequestId": "R1"}"#));
    assert_eq!(
        shape(&imported.action.request),
        ["Id String", "Configuration Array of Object", "Configuration[].InstanceType String", "Configuration[].InstanceAmount Integer"]
    );
    assert!(imported.warnings.iter().all(|w| !w.message.contains("no parameter refers to")), "{:?}", imported.warnings);
}
