//! Today's web pages (2021–2025) copied as text, in every shape a browser copy or an HTML-to-text
//! converter gives them (issue 10, class 7): tab-separated cells, cells separated by spaces, pipe
//! rows with or without edge pipes and a `---|` line, pipe rows whose description follows on the
//! next lines and ends with `|`, header cells one per line above tab-separated rows, one cell per
//! line; in English, Simplified and Traditional Chinese. Made-up pages in the layout of today's
//! pages (`Struct`, `Array of X` with its marker row, descriptions under the row): every shape
//! imports to the same facts.

mod shared_data;

use codegen::import::{self, Options};
use codegen::spec::Member;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Lang {
    En,
    Hans,
    Hant,
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    Tabbed,
    Spaced,
    /// `Name | String | No | example |`, the description on the next lines, ending with `|`.
    PipedOpen,
    /// `| a | b |` under a `|---|` line, each row on one line.
    PipedEdges,
    /// `| a | b |` without a separator line.
    PipedEdgesNoSeparator,
    /// `a | b |` under `---|---|`.
    PipedBare,
    /// The header's cells one per line, the rows tab-separated.
    HeaderPerLine,
    CellPerLine,
}

const SHAPES: [Shape; 8] = [
    Shape::Tabbed,
    Shape::Spaced,
    Shape::PipedOpen,
    Shape::PipedEdges,
    Shape::PipedEdgesNoSeparator,
    Shape::PipedBare,
    Shape::HeaderPerLine,
    Shape::CellPerLine,
];

/// name, type, required (request rows), example, description lines.
type Row = (&'static str, &'static str, Option<bool>, &'static str, &'static [&'static str]);

const REQUEST: &[Row] = &[
    ("Action", "String", Some(true), "QueryDeviceList", &["The operation that you want to perform. Set the value to QueryDeviceList."]),
    ("IotInstanceId", "String", Some(false), "iot-cn-0pp1n8t****", &["The ID of the instance.", "", "If your instance has an ID, specify it."]),
    ("ProductKey", "String", Some(true), "a1BwAGV****", &["The ProductKey of the product."]),
    ("PageSize", "Integer", Some(false), "10", &["The number of entries per page. Maximum value: 50."]),
    ("DeviceName.N", "RepeatList", Some(false), "light", &["The names of the devices."]),
    ("Tag.N.TagKey", "String", Some(false), "room", &["The key of tag N."]),
    ("Tag.N.TagValue", "String", Some(false), "101", &["The value of tag N."]),
    ("Status", "String", Some(false), "ONLINE", &["The status. Valid values:", "", "ONLINE: online.", "OFFLINE: offline."]),
];

const RESPONSE: &[Row] = &[
    ("Code", "String", None, "iot.system.SystemException", &["The error code returned if the call fails."]),
    ("Data", "Struct", None, "", &["The devices returned if the call succeeds."]),
    ("CurrentPage", "Integer", None, "1", &["The page number."]),
    ("List", "Array of DeviceInfo", None, "", &["The devices."]),
    ("DeviceInfo", "", None, "", &[]),
    ("DeviceName", "String", None, "light", &["The DeviceName."]),
    ("GmtCreate", "String", None, "Fri, 22-Nov-2019 09:12:45 GMT", &["The creation time."]),
    ("IotId", "String", None, "Q7uOhVRdZRRlDnTLv****00100", &["The ID of the device."]),
    ("Tags", "Array of Tag", None, "", &["The tags."]),
    ("Tag", "", None, "", &[]),
    ("TagKey", "String", None, "room", &["The key."]),
    ("TagValue", "String", None, "101", &["The value."]),
    ("PageCount", "Integer", None, "3", &["The number of pages."]),
    ("Total", "Long", None, "25", &["The number of devices."]),
    ("ErrorMessage", "String", None, "A system exception occurred.", &["The error message."]),
    ("RequestId", "String", None, "57b144cf-09fc-4916-a272-a62902d5b207", &["The ID of the request."]),
    ("Success", "Boolean", None, "true", &["Whether the call succeeded."]),
];

const SAMPLE: &str = r#"{
  "Data": {
    "CurrentPage": 1,
    "List": {
      "DeviceInfo": [
        {
          "DeviceName": "light",
          "GmtCreate": "Fri, 22-Nov-2019 09:12:45 GMT",
          "IotId": "Q7uOhVRdZRRlDnTLv****00100",
          "Tags": {
            "Tag": [
              {"TagKey": "room", "TagValue": "101"}
            ]
          }
        }
      ]
    },
    "PageCount": 3,
    "Total": 25
  },
  "RequestId": "57b144cf-09fc-4916-a272-a62902d5b207",
  "Success": true
}"#;

struct Words {
    request: &'static str,
    response: &'static str,
    examples: &'static str,
    sample_requests: &'static str,
    sample_responses: &'static str,
    request_header: [&'static str; 5],
    response_header: [&'static str; 4],
    yes: &'static str,
    no: &'static str,
    common: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            request: "Request parameters",
            response: "Response parameters",
            examples: "Examples",
            sample_requests: "Sample requests",
            sample_responses: "Sample success responses",
            request_header: ["Parameter", "Type", "Required", "Example", "Description"],
            response_header: ["Parameter", "Type", "Example", "Description"],
            yes: "Yes",
            no: "No",
            common: "Every call also takes the common parameters.",
        },
        Lang::Hans => Words {
            request: "请求参数",
            response: "返回数据",
            examples: "示例",
            sample_requests: "请求示例",
            sample_responses: "正常返回示例",
            request_header: ["名称", "类型", "是否必选", "示例值", "描述"],
            response_header: ["名称", "类型", "示例值", "描述"],
            yes: "是",
            no: "否",
            common: "每次调用另需公共参数。",
        },
        Lang::Hant => Words {
            request: "請求參數",
            response: "返回數據",
            examples: "範例",
            sample_requests: "請求範例",
            sample_responses: "正常返回範例",
            request_header: ["名稱", "類型", "是否必選", "樣本值", "描述"],
            response_header: ["名稱", "類型", "樣本值", "描述"],
            yes: "是",
            no: "否",
            common: "每次調用另需公共參數。",
        },
    }
}

fn cells(row: &Row, w: &Words, request: bool) -> Vec<String> {
    let (name, ty, required, example, _) = *row;
    let mut out = vec![name.to_string(), ty.to_string()];
    if request {
        out.push(match required {
            Some(true) => w.yes.to_string(),
            Some(false) => w.no.to_string(),
            None => String::new(),
        });
    }
    out.push(example.to_string());
    out
}

fn table(header: &[&str], rows: &[Row], w: &Words, request: bool, shape: Shape) -> Vec<String> {
    let mut out = Vec::new();
    let description = |row: &Row| row.4.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    match shape {
        Shape::Tabbed | Shape::HeaderPerLine => {
            if matches!(shape, Shape::Tabbed) {
                out.push(header.join("\t"));
            } else {
                out.extend(header.iter().map(|h| h.to_string()));
            }
            for row in rows {
                out.push(format!("{}\t", cells(row, w, request).join("\t")));
                out.extend(description(row));
                if !row.4.is_empty() {
                    out.push(String::new());
                }
            }
        }
        Shape::Spaced => {
            out.push(header.join(" "));
            for row in rows {
                let line: Vec<String> = cells(row, w, request).into_iter().filter(|c| !c.is_empty()).collect();
                out.push(line.join(" "));
                out.extend(description(row));
            }
        }
        Shape::PipedOpen => {
            out.push(format!("{} |", header.join(" | ")));
            out.push("---|".repeat(header.len()));
            for row in rows {
                let mut d = description(row);
                if d.is_empty() {
                    out.push(format!("{} | |", cells(row, w, request).join(" | ")));
                    continue;
                }
                out.push(format!("{} |", cells(row, w, request).join(" | ")));
                let last = d.len() - 1;
                d[last].push_str(" |");
                out.extend(d);
            }
        }
        Shape::PipedEdges | Shape::PipedEdgesNoSeparator | Shape::PipedBare => {
            let edges = !matches!(shape, Shape::PipedBare);
            let line = |cells: Vec<String>| if edges { format!("| {} |", cells.join(" | ")) } else { format!("{} |", cells.join(" | ")) };
            out.push(line(header.iter().map(|h| h.to_string()).collect()));
            match shape {
                Shape::PipedEdges => out.push(format!("|{}", "---|".repeat(header.len()))),
                Shape::PipedBare => out.push("---|".repeat(header.len())),
                _ => {}
            }
            for row in rows {
                let mut c = cells(row, w, request);
                c.push(row.4.iter().filter(|l| !l.is_empty()).copied().collect::<Vec<_>>().join("<br>"));
                out.push(line(c));
            }
        }
        Shape::CellPerLine => {
            out.extend(header.iter().map(|h| h.to_string()));
            for row in rows {
                out.extend(cells(row, w, request));
                let d: Vec<&str> = row.4.iter().filter(|l| !l.is_empty()).copied().collect();
                out.push(d.join(" "));
            }
        }
    }
    out
}

fn page(lang: Lang, shape: Shape, request: &[Row], response: &[Row], sample: &str) -> String {
    let w = words(lang);
    let mut out = vec![
        "QueryDeviceList".to_string(),
        "Last Updated:Mar 28, 2024".into(),
        String::new(),
        "Queries the devices of a product.".into(),
        String::new(),
        w.request.into(),
    ];
    out.extend(table(&w.request_header, request, &w, true, shape));
    out.extend([String::new(), w.common.into(), String::new(), w.response.into()]);
    out.extend(table(&w.response_header, response, &w, false, shape));
    out.extend([
        String::new(),
        w.examples.into(),
        w.sample_requests.into(),
        String::new(),
        "https://iot.cn-shanghai.aliyuncs.com/?Action=QueryDeviceList".into(),
        "&ProductKey=a1BwAGV****".into(),
        String::new(),
        w.sample_responses.into(),
        String::new(),
        "JSON format".into(),
        String::new(),
        "HTTP/1.1 200 OK".into(),
        "Content-Type:application/json".into(),
        String::new(),
    ]);
    out.extend(sample.lines().map(String::from));
    out.push(String::new());
    out.join("\n")
}

/// The facts of a spec: request `name type [items] [required]`, response paths and types.
fn facts(members: &[Member], prefix: &str, request: bool, out: &mut Vec<String>) {
    for m in members {
        let mut fact = format!("{prefix}{} {}", m.name, m.ty);
        if let Some(w) = &m.wrapper {
            fact.push_str(&format!(" wrapper {w}"));
        }
        if let Some(items) = &m.items {
            fact.push_str(&format!(" of {}", items.ty));
        }
        if m.encoding.is_some() {
            fact.push_str(" json");
        }
        if request && m.required {
            fact.push_str(" required");
        }
        if !m.values.is_empty() {
            fact.push_str(&format!(" values {}", m.values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>().join(",")));
        }
        out.push(fact);
        facts(&m.fields, &format!("{prefix}{}.", m.name), request, out);
        if let Some(items) = &m.items {
            facts(&items.fields, &format!("{prefix}{}[].", m.name), request, out);
        }
    }
}

fn spec_facts(text: &str) -> (Vec<String>, Vec<String>) {
    let imported = import::import(text, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (mut request, mut response) = (Vec::new(), Vec::new());
    facts(&imported.action.request, "", true, &mut request);
    facts(&imported.action.response, "", false, &mut response);
    (request, response)
}

const EXPECTED_REQUEST: &[&str] = &[
    "IotInstanceId String",
    "ProductKey String required",
    "PageSize Integer",
    "DeviceName Array of String",
    "Tag Array of Object",
    "Tag[].TagKey String",
    "Tag[].TagValue String",
    "Status String values ONLINE,OFFLINE",
];

const EXPECTED_RESPONSE: &[&str] = &[
    "Data Object",
    "Data.CurrentPage Integer",
    "Data.List Array wrapper DeviceInfo of Object",
    "Data.List[].DeviceName String",
    "Data.List[].GmtCreate String",
    "Data.List[].IotId String",
    "Data.List[].Tags Array wrapper Tag of Object",
    "Data.List[].Tags[].TagKey String",
    "Data.List[].Tags[].TagValue String",
    "Data.PageCount Integer",
    "Data.Total Long",
];

#[test]
fn every_shape_in_every_language_imports_the_same_facts() {
    for lang in [Lang::En, Lang::Hans, Lang::Hant] {
        for shape in SHAPES {
            let text = page(lang, shape, REQUEST, RESPONSE, SAMPLE);
            let (request, response) = spec_facts(&text);
            // A value list run into one line is not read as one (a converter's `<br>` is a line break).
            let expected_request: Vec<String> = EXPECTED_REQUEST
                .iter()
                .map(|f| match shape {
                    Shape::CellPerLine => f.split(" values").next().unwrap().to_string(),
                    _ => f.to_string(),
                })
                .collect();
            assert_eq!(request, expected_request, "{lang:?} {shape:?} request:\n{text}");
            assert_eq!(response, EXPECTED_RESPONSE, "{lang:?} {shape:?} response:\n{text}");
        }
    }
}

#[test]
fn examples_with_spaces_are_whole_when_descriptions_are_below_the_row() {
    let text = page(Lang::En, Shape::Spaced, REQUEST, RESPONSE, SAMPLE);
    let imported = import::import(&text, &Options::default()).unwrap();
    let list = &imported.action.response[0].fields[1];
    let created = &list.items.as_ref().unwrap().fields[1];
    assert_eq!(created.example.as_deref(), Some("Fri, 22-Nov-2019 09:12:45 GMT"));
    assert_eq!(created.description.as_deref(), Some("The creation time."));
    assert_eq!(imported.action.summary.as_deref(), Some("Queries the devices of a product."));
}

#[test]
fn misspelt_types_and_unreadable_required_cells_are_reported_in_every_shape() {
    const ROWS: &[Row] = &[("ProductKey", "Strng", Some(true), "a1BwAGV****", &["The product."]), ("Mode", "String", None, "FULL", &["The mode."])];
    for shape in [Shape::Tabbed, Shape::Spaced, Shape::PipedOpen, Shape::PipedEdges, Shape::CellPerLine] {
        let text = page(Lang::En, shape, ROWS, RESPONSE, SAMPLE).replace("String\t\tFULL", "String\tMaybe\tFULL");
        let imported = import::import(&text, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let (request, _) = spec_facts(&text);
        assert_eq!(request[0], "ProductKey String required", "{shape:?}");
        assert!(imported.warnings.iter().any(|w| w.message.contains("`Strng` is no known type spelling")), "{shape:?}: {:?}", imported.warnings);
        if matches!(shape, Shape::Tabbed) {
            assert!(imported.warnings.iter().any(|w| w.message.contains("`Maybe`")), "{shape:?}: {:?}", imported.warnings);
        }
    }
}

#[test]
fn nested_rows_may_come_indented_with_tree_glyphs() {
    for shape in [Shape::Tabbed, Shape::Spaced] {
        let text = page(Lang::En, shape, REQUEST, RESPONSE, SAMPLE);
        let nested =
            ["CurrentPage", "List", "DeviceInfo", "DeviceName", "GmtCreate", "IotId", "Tags", "Tag", "TagKey", "TagValue", "PageCount", "Total"];
        let indented: Vec<String> = text
            .lines()
            .map(|l| match nested.iter().find(|n| l.starts_with(&format!("{n}\t")) || l.starts_with(&format!("{n} ")) || l == **n) {
                Some(_) => format!("  └ {l}"),
                None => l.to_string(),
            })
            .collect();
        let (_, response) = spec_facts(&indented.join("\n"));
        assert_eq!(response, EXPECTED_RESPONSE, "{shape:?}");
    }
}

#[test]
fn labels_inside_descriptions_are_no_sections_but_parameter_titles_are() {
    let text = "QueryX\n\nRequest parameters:\nParameter\tType\tRequired\tDescription\nTopic\tString\tYes\t\nThe topic.\nExample:\n/a/b/c\nQos\tInteger\tNo\t\nThe QoS.\nResponse parameters:\nParameter\tType\tDescription\nMessageId\tString\t\nThe message.\n";
    let imported = import::import(text, &Options::default()).unwrap();
    let request: Vec<&str> = imported.action.request.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(request, ["Topic", "Qos"]);
    assert_eq!(imported.action.response[0].name, "MessageId");
    assert!(imported.action.request[0].description.as_deref().unwrap().contains("/a/b/c"));
}

#[test]
fn required_cells_may_be_missing_in_spaced_chinese_rows() {
    const ROWS: &[Row] =
        &[("ProductKey", "String", Some(true), "a1BwAGV****", &["产品的ProductKey。"]), ("DeviceName", "String", None, "light", &["设备名称。"])];
    let text = page(Lang::Hans, Shape::Spaced, ROWS, RESPONSE, SAMPLE);
    let (request, _) = spec_facts(&text);
    assert_eq!(request, ["ProductKey String required", "DeviceName String"]);
}

#[test]
fn a_page_whose_tables_yield_nothing_is_an_error() {
    let text = "QueryX\n\nRequest parameters\n\nParameter Type Required Description\nsee the console\n\nResponse parameters\n\nParameter Type Description\nRequestId String The ID.\n";
    let error = import::import(text, &Options::default()).unwrap_err();
    assert!(error.message.contains("request parameter table"), "{error}");
    assert_eq!(error.line, 3);
    // A header and nothing else: no parameters of its own, with a warning.
    let text = "QueryX\n\nRequest parameters\n\nParameter Type Required Description\n\nResponse parameters\n\nParameter Type Description\nRequestId String The ID.\n";
    let imported = import::import(text, &Options::default()).unwrap();
    assert!(imported.action.request.is_empty());
    assert!(imported.warnings.iter().any(|w| w.line == 3 && w.message.contains("no rows")), "{:?}", imported.warnings);
    // A section that says there is nothing to document is no error.
    let text = "QueryX\n\nRequest parameters\n\nThis operation has no request parameters other than common parameters.\n\nResponse parameters\n\nParameter Type Description\nRequestId String The ID.\n";
    assert!(import::import(text, &Options::default()).unwrap().action.request.is_empty());
    let text = "QueryX\n\nRequest parameters\n\nParameter Type Required Description\nProductKey String Yes The key.\n\nResponse parameters\n\nSomething went wrong.\n";
    let error = import::import(text, &Options::default()).unwrap_err();
    assert!(error.message.contains("response parameter table"), "{error}");
    assert_eq!(error.line, 8);
}

/// The corpus pages (../shared/corpus, read where it is), rendered as today's web text in each
/// shape, import to the facts their markdown gives: the readers do not depend on the layout.
#[test]
fn corpus_pages_rendered_in_every_shape_keep_their_facts() {
    let Some(dir) = shared_data::corpus("corpus_pages_rendered_in_every_shape_keep_their_facts") else { return };
    let pages = shared_data::corpus_pages(&dir);
    let (mut same, mut differ) = (0, Vec::new());
    for path in &pages {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(markdown) = import::import(&text, &Options::default()) else { continue };
        let expected = all_facts(&markdown.action);
        for shape in [Shape::Tabbed, Shape::Spaced, Shape::PipedOpen, Shape::PipedEdges, Shape::HeaderPerLine] {
            let rendered = render_page(&text, shape);
            let got = import::import(&rendered, &Options::default()).map(|i| all_facts(&i.action));
            match got {
                Ok(facts) if facts == expected => same += 1,
                Ok(facts) => {
                    if let Some(dump) = std::env::var_os("IMPORT_DUMP_RENDERINGS") {
                        let name = format!("{}_{shape:?}.txt", path.file_stem().unwrap().to_string_lossy());
                        std::fs::write(std::path::Path::new(&dump).join(name), &rendered).unwrap();
                    }
                    let missing: Vec<_> = expected.iter().filter(|f| !facts.contains(f)).collect();
                    let extra: Vec<_> = facts.iter().filter(|f| !expected.contains(f)).collect();
                    differ.push(format!("{} {shape:?}: missing {missing:?}, extra {extra:?}", path.display()));
                }
                Err(e) => differ.push(format!("{} {shape:?}: {e}", path.display())),
            }
        }
    }
    for d in &differ {
        println!("  differs: {d}");
    }
    println!("{same} renderings the same, {} differ", differ.len());
    assert!(differ.len() * 100 <= (same + differ.len()), "{} of {} renderings differ", differ.len(), same + differ.len());
}

fn all_facts(action: &codegen::spec::Action) -> Vec<String> {
    let mut out = Vec::new();
    facts(&action.request, "request.", true, &mut out);
    facts(&action.response, "response.", false, &mut out);
    out
}

/// A markdown page as a browser would copy it, its tables in `shape` with each row's description
/// on the lines below the row.
fn render_page(text: &str, shape: Shape) -> String {
    use codegen::import::layout::{self, Block};
    let page = layout::read(text);
    let mut out: Vec<String> = Vec::new();
    if let Some(title) = &page.title {
        out.extend([title.clone(), String::new()]);
    }
    for block in &page.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.extend([text.clone(), String::new()]),
            Block::Code { text, .. } => {
                out.extend(text.lines().map(|l| format!("    {l}")));
                out.push(String::new());
            }
            Block::Table(table) => {
                let c = table.columns;
                let mut header = vec![""; c.count];
                header[c.name] = "Parameter";
                header[c.ty] = "Type";
                for (at, name) in [(c.required, "Required"), (c.example, "Example"), (c.description, "Description")] {
                    if let Some(at) = at {
                        header[at] = name;
                    }
                }
                let header: Vec<&str> = header.into_iter().map(|h| if h.is_empty() { "Description" } else { h }).collect();
                let mut rows: Vec<(Vec<String>, Vec<String>)> = Vec::new();
                for row in &table.rows {
                    let mut cells = vec![String::new(); c.count];
                    cells[c.name] = row.name.clone();
                    cells[c.ty] = row.ty.clone();
                    if let Some(at) = c.required {
                        cells[at] = row.required.map(|r| if r { "Yes" } else { "No" }.to_string()).unwrap_or_default();
                    }
                    if let Some(at) = c.example {
                        cells[at] = row.example.clone().unwrap_or_default();
                    }
                    // The description goes below the row, as on today's pages.
                    let below: Vec<String> = row.description.lines().map(String::from).collect();
                    if let Some(at) = c.description {
                        cells.truncate(at);
                    }
                    rows.push((cells, below));
                }
                out.extend(render_rows(&header, &rows, shape));
                out.push(String::new());
            }
        }
    }
    out.join("\n")
}

fn render_rows(header: &[&str], rows: &[(Vec<String>, Vec<String>)], shape: Shape) -> Vec<String> {
    let mut out = Vec::new();
    match shape {
        Shape::Tabbed | Shape::HeaderPerLine => {
            if matches!(shape, Shape::Tabbed) {
                out.push(header.join("\t"));
            } else {
                out.extend(header.iter().map(|h| h.to_string()));
            }
            for (cells, below) in rows {
                out.push(format!("{}\t", cells.join("\t")));
                out.extend(below.iter().cloned());
            }
        }
        Shape::Spaced => {
            out.push(header.join(" "));
            for (cells, below) in rows {
                out.push(cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" "));
                out.extend(below.iter().cloned());
            }
        }
        Shape::PipedOpen => {
            out.push(format!("{} |", header.join(" | ")));
            out.push("---|".repeat(header.len()));
            for (cells, below) in rows {
                out.push(format!("{} |", cells.join(" | ")));
                let mut below: Vec<String> = below.iter().filter(|l| !l.trim().is_empty()).cloned().collect();
                if below.is_empty() {
                    below.push(String::new());
                }
                let last = below.len() - 1;
                below[last].push_str(" |");
                out.extend(below);
            }
        }
        _ => {
            out.push(format!("| {} |", header.join(" | ")));
            out.push(format!("|{}", "---|".repeat(header.len())));
            for (cells, below) in rows {
                let description = below.iter().filter(|l| !l.trim().is_empty()).cloned().collect::<Vec<_>>().join("<br>");
                out.push(format!("| {} | {} |", cells.join(" | "), description));
            }
        }
    }
    out
}

#[test]
fn the_action_name_and_sections_worded_otherwise() {
    let tail = "\nInput parameters\nParameter\tType\tRequired\tDescription\nProductKey\tString\tYes\t\nThe key.\n\n\
Output parameters\nParameter\tType\tDescription\nRequestId\tString\t\nThe ID.\n";
    // The title after a breadcrumb and an update stamp.
    let text = format!("Document Center > IoT Platform > API reference\nLast Updated: Mar 28, 2024\nQueryThing - 查询\n\nQueries a thing.\n{tail}");
    let imported = import::import(&text, &Options::default()).unwrap();
    assert_eq!(imported.action.action, "QueryThing");
    assert_eq!(imported.action.request[0].name, "ProductKey");
    assert_eq!(imported.action.response.len(), 0);
    // No title: the `Action` row's value, emphasised.
    let text = "Queries a thing.\n\nRequest parameters\nParameter\tType\tRequired\tDescription\nAction\tString\tYes\t\nSet the value to **QueryThing**.\n\
ProductKey\tString\tYes\t\nThe key.\n\nResponse parameters\nParameter\tType\tDescription\nRequestId\tString\t\nThe ID.\n";
    assert_eq!(import::import(text, &Options::default()).unwrap().action.action, "QueryThing");
    // `Note: ...` further down is no title; with no name at all, the caller's (`--action`, the file's name).
    let text = format!("Queries a thing.\nNote: read this.\n{tail}");
    let error = import::import(&text, &Options::default()).unwrap_err();
    assert!(error.message.contains("no action name"), "{error}");
    let given = Options { action: Some("QueryThing".into()), ..Options::default() };
    assert_eq!(import::import(&text, &given).unwrap().action.action, "QueryThing");
}
