//! Today's API reference pages, which the portal renders from the API metadata, copied as text:
//! lowercase types (`array<object>`), a root `object` row, an array's element as a row of its own
//! (bare `object`, or the array's name again; a request list's element row followed by the
//! element's fields), the example after the description (the last line of a row, even one that
//! reads like a section title), rows in the metadata's order rather than sorted, and a
//! `Name - title` first line.
//! Made-up pages in that layout, English and Chinese.

use codegen::import::{self, Options};
use codegen::spec::Member;

/// The words of a page in one language.
struct Words {
    request: &'static str,
    response: &'static str,
    request_header: &'static str,
    response_header: &'static str,
    yes: &'static str,
    no: &'static str,
}

const EN: Words = Words {
    request: "Request parameters",
    response: "Response parameters",
    request_header: "Parameter\tType\tRequired\tDescription\tExample",
    response_header: "Parameter\tType\tDescription\tExample",
    yes: "Yes",
    no: "No",
};

const ZH: Words = Words {
    request: "请求参数",
    response: "返回参数",
    request_header: "名称\t类型\t必填\t描述\t示例值",
    response_header: "名称\t类型\t描述\t示例值",
    yes: "是",
    no: "否",
};

/// The element row of `Products`: bare, named again, or none.
#[derive(Clone, Copy, Debug)]
enum ElementRow {
    Bare,
    Named,
    None,
}

fn page(w: &Words, element: ElementRow) -> String {
    let element_row = match element {
        ElementRow::Bare => "object\t\t\n",
        ElementRow::Named => "ProductInfo\tobject\t\n",
        ElementRow::None => "",
    };
    format!(
        "QueryProducts - 查询产品\nUpdated at: 2024-05-20 10:37\n\nQueries products.\n\n{request}\n{request_header}\n\
PageSize\tinteger\t{yes}\t\nThe number of entries per page.\n\n10\n\
Edition\tstring\t{no}\t\nThe edition. Valid values:\n\nsenior: Pro.\nbasic: Basic.\n\nsenior\n\
ResourceGroupId\tstring\t{no}\t\nThe resource group.\n\n\
DeviceName\tarray<string>\t{no}\t\nThe devices.\n\nstring\t{no}\t\nA device.\n\nlight\n\
Tag\tarray<object>\t{no}\t\nThe tags.\n\nobject\t{no}\t\nTagKey\tstring\t{yes}\t\nThe key.\n\nroom\nTagValue\tstring\t{no}\t\nThe value.\n\n\
Param\tarray<object>\t{no}\t\nThe parameters.\n\nobject\t{no}\t\nKey\tstring\t{no}\t\nA key.\n\nDesc\tstring\t{no}\t\nIts text.\n\n\
Desc\tstring\t{no}\t\nThe text.\n\n\n\
{response}\n{response_header}\nobject\t\t\nRequestId\tstring\t\nThe ID of the request.\n\n57b144cf-09fc\n\
Data\tobject\t\nThe data.\n\nPageSize\tinteger\t\nThe page size.\n\n20\n\
List\tobject\t\nProductInfo\tarray<object>\t\nThe products.\n\n{element_row}\
ProductKey\tstring\t\nThe ProductKey.\n\na1BwAGV****\n\
GmtCreate\tlong\t\nThe creation time.\n\n1581595942000\n\
Tags\tarray<string>\t\nThe tags.\n\n\
Kind\tstring\t\nThe kind.\n\nDescription\n\
Total\tinteger\t\nThe number of products.\n\n79\n\
Success\tboolean\t\nWhether the call succeeded.\n\ntrue\n\n\
Examples\nSample success responses\n\nJSON format\n\n\
{{\n  \"RequestId\": \"57b144cf-09fc\",\n  \"Data\": {{\n    \"PageSize\": 20,\n    \"List\": {{\n      \"ProductInfo\": [\n        {{\n\
          \"ProductKey\": \"a1BwAGV****\",\n          \"GmtCreate\": 1581595942000,\n          \"Tags\": [\"a\"]\n        }}\n      ]\n    }},\n\
    \"Kind\": \"Description\",\n    \"Total\": 79\n  }},\n  \"Success\": true\n}}\n\nError codes\n",
        request = w.request,
        request_header = w.request_header,
        yes = w.yes,
        no = w.no,
        response = w.response,
        response_header = w.response_header,
    )
}

fn paths(members: &[Member], prefix: &str, out: &mut Vec<String>) {
    for m in members {
        let path = format!("{prefix}{}", m.name);
        let ty = match &m.items {
            Some(items) => format!("Array<{}>", items.ty),
            None => m.ty.to_string(),
        };
        out.push(format!("{path} {ty}"));
        paths(&m.fields, &format!("{path}."), out);
        if let Some(items) = &m.items {
            paths(&items.fields, &format!("{path}[]."), out);
        }
    }
}

#[test]
fn todays_reference_layout_imports_its_facts() {
    for (lang, w) in [("en", &EN), ("zh", &ZH)] {
        for element in [ElementRow::Bare, ElementRow::Named, ElementRow::None] {
            let text = page(w, element);
            let imported = import::import(&text, &Options::default()).unwrap_or_else(|e| panic!("{lang} {element:?}: {e}"));
            let action = &imported.action;
            assert_eq!(action.action, "QueryProducts");
            assert_eq!(action.summary.as_deref(), Some("Queries products."), "{lang} {element:?}");
            let request: Vec<String> =
                action.request.iter().map(|m| format!("{} {} {} {}", m.name, m.ty, m.required, m.example.as_deref().unwrap_or("-"))).collect();
            assert_eq!(
                &request[..3],
                ["PageSize Integer true 10", "Edition String false senior", "ResourceGroupId String false -"],
                "{lang} {element:?}"
            );
            // A list of structures' fields follow its element row, up to a new list of
            // structures or a name the element already has.
            let mut lists = Vec::new();
            paths(&action.request[3..], "", &mut lists);
            assert_eq!(
                lists,
                [
                    "DeviceName Array<String>",
                    "Tag Array<Object>",
                    "Tag[].TagKey String",
                    "Tag[].TagValue String",
                    "Param Array<Object>",
                    "Param[].Key String",
                    "Param[].Desc String",
                    "Desc String"
                ],
                "{lang} {element:?}"
            );
            let values: Vec<&str> = action.request[1].values.iter().map(|v| v.value.as_str()).collect();
            assert_eq!(values, ["senior", "basic"], "{lang} {element:?}");
            assert_eq!(action.request[0].description.as_deref(), Some("The number of entries per page."));
            let mut response = Vec::new();
            paths(&action.response, "", &mut response);
            // `List` holds one list: written as that list, wrapped in `ProductInfo`.
            assert_eq!(action.response[0].fields[1].wrapper.as_deref(), Some("ProductInfo"), "{lang} {element:?}");
            assert_eq!(
                response,
                [
                    "Data Object",
                    "Data.PageSize Integer",
                    "Data.List Array<Object>",
                    "Data.List[].ProductKey String",
                    "Data.List[].GmtCreate Long",
                    "Data.List[].Tags Array<String>",
                    "Data.Kind String",
                    "Data.Total Integer",
                ],
                "{lang} {element:?}"
            );
        }
    }
}

/// Without a sample, the metadata's order settles where blocks end: a structure comes after its
/// siblings, so its block runs to its parent's end, which an envelope field or a paging count
/// marks.
#[test]
fn without_a_sample_a_structure_runs_to_its_parents_end() {
    let text = "QueryThings\n\nRequest parameters\nParameter\tType\tRequired\tDescription\tExample\nPageSize\tinteger\tNo\t\nThe page size.\n\n10\n\n\
Response parameters\nParameter\tType\tDescription\tExample\nobject\t\t\nRequestId\tstring\t\nThe request.\n\n1\n\
Data\tobject\t\nThe data.\n\nTotal\tinteger\t\nThe total.\n\n3\nStatus\tstring\t\nThe state.\n\nok\n\
Items\tarray<object>\t\nThe items.\n\nobject\t\t\nName\tstring\t\nThe name.\n\na\nIotId\tstring\t\nThe device.\n\nx\n\
Tags\tarray<object>\t\nThe tags.\n\nobject\t\t\nKey\tstring\t\nThe key.\n\nk\n\
Success\tboolean\t\nWhether it worked.\n\ntrue\n";
    let imported = import::import(text, &Options::default()).unwrap();
    let mut response = Vec::new();
    paths(&imported.action.response, "", &mut response);
    assert_eq!(
        response,
        [
            "Data Object",
            "Data.Total Integer",
            "Data.Status String",
            "Data.Items Array<Object>",
            "Data.Items[].Name String",
            "Data.Items[].IotId String",
            "Data.Items[].Tags Array<Object>",
            "Data.Items[].Tags[].Key String",
        ]
    );
}

/// The same layout converted to markdown: element and root rows have an empty name cell.
#[test]
fn todays_reference_as_markdown() {
    let text = "# QueryThings - 查询\n\n## 请求参数\n\n| 名称 | 类型 | 必填 | 描述 | 示例值 |\n| --- | --- | --- | --- | --- |\n\
| PageSize | integer | 否 | 每页数量。 | 10 |\n| Tag | array<object> | 否 | 标签。 |  |\n|  | object | 否 |  |  |\n| TagKey | string | 是 | 键。 | room |\n\n\
## 返回参数\n\n| 名称 | 类型 | 描述 | 示例值 |\n| --- | --- | --- | --- |\n|  | object |  |  |\n| RequestId | string | 请求ID。 | 1 |\n\
| Data | object | 数据。 |  |\n| Total | integer | 总数。 | 3 |\n| Items | array<object> | 条目。 |  |\n|  | object |  |  |\n| Name | string | 名称。 | a |\n";
    let (imported, warnings) = import::import_with_notes(text, &Options::default()).unwrap();
    // No row is a doubt but where the list's element ends (and the page has no sample, which is one).
    assert!(
        imported.warnings.iter().all(|w| w.message.contains("no sample") || w.message.contains("does not show where they end")),
        "{:?}",
        imported.warnings
    );
    assert!(
        imported.warnings.iter().any(|w| w.line == 8 && w.message.starts_with("the row after `Tag`'s element row is read")),
        "{:?}",
        imported.warnings
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let (mut request, mut response) = (Vec::new(), Vec::new());
    paths(&imported.action.request, "", &mut request);
    paths(&imported.action.response, "", &mut response);
    assert_eq!(request, ["PageSize Integer", "Tag Array<Object>", "Tag[].TagKey String"]);
    assert_eq!(response, ["Data Object", "Data.Total Integer", "Data.Items Array<Object>", "Data.Items[].Name String"]);
}
