//! Renders an action spec as an API reference page in the layouts real pages use, so the
//! importer can be tried on every action of the API metadata, not only on the few real pages
//! there are. Descriptions are the spec's, as written.

use codegen::spec::{Action, Member, Type};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// The 2019–2022 markdown layout: example column, response fields nested inline.
    InlineEn,
    /// The same, in Chinese.
    InlineZh,
    /// The 2018 markdown layout: no example column, nested structures in untitled sub-tables.
    OldEn,
    /// `InlineEn` as today's web page copied as text: tab-separated cells, no markup.
    WebTabbed,
    /// Today's API reference page (2023+), which the portal renders from the metadata, copied as
    /// text: lowercase types, a root `object` row, element rows, rows in the metadata's order, the
    /// example under the description; English or Chinese by the action's index.
    WebReference,
}

pub(crate) const FORMS: [Form; 5] = [Form::InlineEn, Form::InlineZh, Form::OldEn, Form::WebTabbed, Form::WebReference];

/// What the portal's page shows beyond the spec, from the metadata: the spec leaves the envelope
/// out, and the reference layout has it among the fields, in the metadata's order.
pub(crate) struct Source<'a> {
    /// The action's place in the metadata, to vary the page's language and element rows.
    pub index: usize,
    /// The short title of the first line.
    pub title: Option<&'a str>,
    /// The response's top-level field names, envelope included, in the metadata's order.
    pub response_order: &'a [String],
}

/// One table row; `required` only in request tables.
struct Row {
    name: String,
    ty: String,
    required: Option<bool>,
    example: String,
    description: String,
}

struct Words {
    request: &'static str,
    response: &'static str,
    examples: &'static str,
    sample_request: &'static str,
    sample_response: &'static str,
    json_format: &'static str,
    name: &'static str,
    ty: &'static str,
    required: &'static str,
    example: &'static str,
    description: &'static str,
    yes: &'static str,
    no: &'static str,
    common: &'static str,
    common_in_url: &'static str,
    note: &'static str,
}

const EN: Words = Words {
    request: "Request parameters",
    response: "Response parameters",
    examples: "Examples",
    sample_request: "Sample requests",
    sample_response: "Sample success responses",
    json_format: "`JSON` format",
    name: "Parameter",
    ty: "Type",
    required: "Required",
    example: "Example",
    description: "Description",
    yes: "Yes",
    no: "No",
    common: "Every call also takes the common request parameters.",
    common_in_url: "&<Common request parameters>",
    note: "**Note:** ",
};

const ZH: Words = Words {
    request: "请求参数",
    response: "返回数据",
    examples: "示例",
    sample_request: "请求示例",
    sample_response: "正常返回示例",
    json_format: "`JSON` 格式",
    name: "名称",
    ty: "类型",
    required: "是否必选",
    example: "示例值",
    description: "描述",
    yes: "是",
    no: "否",
    common: "每次调用另需公共请求参数。",
    common_in_url: "&<公共请求参数>",
    note: "**说明：** ",
};

/// The page of `action` in `form`; with `sample`, its examples show a JSON sample response (the
/// importer's second witness), else only the sample request.
pub(crate) fn render(action: &Action, form: Form, sample: bool, source: &Source) -> String {
    match form {
        Form::InlineEn => inline(action, &EN, sample),
        Form::InlineZh => inline(action, &ZH, sample),
        Form::OldEn => old(action, sample),
        Form::WebTabbed => web(&inline(action, &EN, sample)),
        Form::WebReference => reference(action, sample, source),
    }
}

fn summary(action: &Action) -> String {
    action.summary.as_deref().and_then(|s| s.lines().find(|l| !l.trim().is_empty())).unwrap_or("Calls the operation.").trim().to_string()
}

fn inline(action: &Action, w: &Words, sample: bool) -> String {
    let mut out = vec![format!("# {}", action.action), String::new(), summary(action), String::new(), format!("## {}", w.request), String::new()];
    let mut request = vec![action_row(action, w)];
    inline_request(&top_level_order(&action.request), "", w, &mut request);
    let header = [w.name, w.ty, w.required, w.example, w.description];
    out.extend(markdown_table(&header, &request, w, false));
    out.extend([String::new(), w.common.to_string(), String::new(), format!("## {}", w.response), String::new()]);
    let mut members = envelope(w);
    members.extend(action.response.iter().cloned());
    let mut response = Vec::new();
    inline_response(&members, w, &mut response);
    out.extend(markdown_table(&[w.name, w.ty, w.example, w.description], &response, w, false));
    out.extend([String::new(), format!("## {}", w.examples), String::new(), w.sample_request.to_string(), String::new()]);
    out.extend(fenced(&sample_request(action, w)));
    if sample {
        out.extend([String::new(), w.sample_response.to_string(), String::new(), w.json_format.to_string(), String::new()]);
        out.extend(fenced(&sample_response(action)));
    }
    out.push(String::new());
    out.join("\n")
}

/// Real pages list the required parameters first.
fn top_level_order(members: &[Member]) -> Vec<&Member> {
    let mut ordered: Vec<&Member> = members.iter().filter(|m| m.required).collect();
    ordered.extend(members.iter().filter(|m| !m.required));
    ordered
}

fn action_row(action: &Action, w: &Words) -> Row {
    Row {
        name: "Action".into(),
        ty: "String".into(),
        required: Some(true),
        example: action.action.clone(),
        description: if w.yes == "Yes" {
            format!("The operation that you want to perform. Set the value to {}.", action.action)
        } else {
            format!("接口名。取值：{}。", action.action)
        },
    }
}

/// `DeviceName.N|RepeatList` for a list, `Tag.N.Key` rows for a list of structures.
fn inline_request(members: &[&Member], prefix: &str, w: &Words, out: &mut Vec<Row>) {
    for m in members {
        let name = format!("{prefix}{}", m.name);
        match (m.ty, m.items.as_deref()) {
            (Type::Array, Some(items)) if items.ty == Type::Object => {
                let fields: Vec<&Member> = items.fields.iter().collect();
                inline_request(&fields, &format!("{name}.N."), w, out);
            }
            (Type::Array, _) => out.push(row(m, format!("{name}.N"), "RepeatList", Some(m.required), w)),
            (Type::Object, _) => out.push(row(m, name, "Object", Some(m.required), w)),
            (ty, _) => out.push(row(m, name, ty.as_str(), Some(m.required), w)),
        }
    }
}

fn row(m: &Member, name: String, ty: &str, required: Option<bool>, w: &Words) -> Row {
    let example = if m.ty.is_scalar() || m.ty == Type::Object || ty == "RepeatList" { m.example.clone().unwrap_or_default() } else { String::new() };
    let values = m.values.iter().chain(m.items.iter().flat_map(|i| &i.values));
    let list: Vec<String> = values
        .map(|v| match &v.description {
            Some(d) => format!("-   **{}**{}{d}", v.value, if w.yes == "Yes" { ": " } else { "：" }),
            None => format!("-   **{}**", v.value),
        })
        .collect();
    let description = with_values(&clean_description(m.description.as_deref().unwrap_or(""), w), &list);
    Row { name, ty: ty.to_string(), required, example, description: description.replace('_', "\\_") }
}

/// The value list the metadata import took out of a description, back where pages have it: after
/// the line that introduces it (`取值：`), else at the end.
fn with_values(description: &str, list: &[String]) -> String {
    if list.is_empty() {
        return description.to_string();
    }
    let mut lines: Vec<String> = description.lines().map(String::from).collect();
    let at = lines.iter().position(|l| l.ends_with('：') || l.ends_with(':')).map_or(lines.len(), |i| i + 1);
    let mut block = vec![String::new()];
    block.extend(list.iter().cloned());
    if at < lines.len() && !lines[at].is_empty() {
        block.push(String::new());
    }
    if at == 0 {
        block.remove(0);
    }
    lines.splice(at..at, block);
    clean_description(&lines.join("\n"), &EN)
}

/// `RequestId`, `Success`, `Code`, `ErrorMessage`: on every page, not in the spec.
fn envelope(w: &Words) -> Vec<Member> {
    let english = w.yes == "Yes";
    let fields = [
        ("Code", Type::String, "iot.system.SystemException", "The error code, on failure.", "失败时的错误码。"),
        ("ErrorMessage", Type::String, "A system exception occurred.", "The error message, on failure.", "失败时的错误信息。"),
        ("RequestId", Type::String, "E55E50B7-40EE-4B6B-8BBE-D3ED55CCF565", "The ID of the request.", "请求的ID。"),
        ("Success", Type::Boolean, "true", "Whether the call succeeded.", "调用是否成功。"),
    ];
    fields
        .into_iter()
        .map(|(name, ty, example, en, zh)| {
            let mut m = Member::new(name, ty);
            m.example = Some(example.into());
            m.description = Some(if english { en } else { zh }.into());
            m
        })
        .collect()
}

/// The name of an array's element: its wrapper key, else a made-up `<Name>DTO` as real pages
/// give bare arrays (ListOTAModuleByProduct's `Array of OtaModuleDTO`).
fn element_name(m: &Member) -> String {
    m.wrapper.clone().unwrap_or_else(|| format!("{}DTO", m.items.as_ref().and_then(|i| i.name.clone()).unwrap_or(m.name.clone())))
}

/// Children right after their parent, each level sorted as on 2019+ pages; `Struct`
/// objects; `Array of X` and its marker row `|X| | | |` for a wrapper; a wrapped
/// list of scalars as `List` with its JSON as the example, as the 2020 pages have it.
fn inline_response(members: &[Member], w: &Words, out: &mut Vec<Row>) {
    let mut sorted: Vec<&Member> = members.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for m in sorted {
        match (m.ty, m.items.as_deref()) {
            (Type::Object, _) => {
                let mut r = row(m, m.name.clone(), "Struct", None, w);
                r.example.clear();
                out.push(r);
                inline_response(&m.fields, w, out);
            }
            (Type::Array, Some(items)) if items.ty == Type::Object => {
                out.push(row(m, m.name.clone(), &format!("Array of {}", element_name(m)), None, w));
                if let Some(wrapper) = &m.wrapper {
                    out.push(Row { name: wrapper.clone(), ty: String::new(), required: None, example: String::new(), description: String::new() });
                }
                inline_response(&items.fields, w, out);
            }
            (Type::Array, items) => {
                let ty = items.map_or(Type::String, |i| i.ty);
                match &m.wrapper {
                    Some(wrapper) => {
                        let mut r = row(m, m.name.clone(), "List", None, w);
                        r.example = format!("{{\"{wrapper}\": [{}]}}", scalar_json(ty, &list_example(m)));
                        out.push(r);
                    }
                    None => out.push(row(m, m.name.clone(), &format!("Array of {ty}"), None, w)),
                }
            }
            (ty, _) => out.push(row(m, m.name.clone(), ty.as_str(), None, w)),
        }
    }
}

/// A markdown table; a multi-line description stays in its cell and the row ends on its last
/// line with ` |`, or, on old pages, on a line of its own.
fn markdown_table(header: &[&str], rows: &[Row], w: &Words, old: bool) -> Vec<String> {
    let mut out = vec![format!("|{}|", header.join("|"))];
    let rule = if old { ":---" } else { "---" };
    out.push(format!("|{}|", vec![rule; header.len()].join("|")));
    for r in rows {
        let mut cells = vec![escape_name(&r.name), if r.ty.is_empty() { " ".into() } else { r.ty.clone() }];
        if let Some(required) = r.required {
            cells.push(if required { w.yes } else { w.no }.into());
        }
        if !old {
            cells.push(if r.example.is_empty() { " ".into() } else { escape(&r.example) });
        }
        let lines: Vec<String> = r.description.replace('|', "\\|").lines().map(String::from).collect();
        let start = format!("|{}|", cells.join("|"));
        match lines.len() {
            0 => out.push(format!("{start} |")),
            1 if old => out.push(format!("{start}{}|", lines[0])),
            1 => out.push(format!("{start}{} |", lines[0])),
            _ if old => {
                out.push(format!("{start} {}", lines[0]));
                out.extend(lines[1..].iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }));
                out.push(" |".into());
            }
            _ => {
                out.push(format!("{start}{}", lines[0]));
                let mut after_blank = false;
                for l in &lines[1..] {
                    out.push(if after_blank && !l.is_empty() { format!(" {l}") } else { l.clone() });
                    after_blank = l.is_empty();
                }
                out.last_mut().unwrap().push_str(" |");
            }
        }
    }
    out
}

/// Markdown escapes real pages carry in names and examples.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '{' | '}' | '|' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn escape_name(name: &str) -> String {
    name.replace('_', "\\_")
}

/// The metadata's notice markup as pages show it: `**Note:**`, and no conditional-text tags.
fn clean_description(text: &str, w: &Words) -> String {
    let mut text = text.replace("<notice>", w.note).replace("</notice>", "");
    for tag in ["<ph>", "</ph>", "</props>", "<props=\"china\">", "<props=\"intl\">"] {
        text = text.replace(tag, "");
    }
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.strip_prefix('>').unwrap_or(line).trim();
        let line = if line.trim().is_empty() { "" } else { line };
        if !(line.is_empty() && lines.last().is_none_or(|l| l.is_empty())) {
            lines.push(line);
        }
    }
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines.join("\n")
}

fn fenced(text: &str) -> Vec<String> {
    let mut out = vec!["```".to_string()];
    out.extend(text.lines().map(String::from));
    out.push("```".into());
    out
}

/// The request URL with every parameter that has an example, lists as `Name.1`.
fn sample_request(action: &Action, w: &Words) -> String {
    let mut lines = vec![format!("https://iot.cn-shanghai.aliyuncs.com/?Action={}", action.action)];
    fn add(members: &[Member], prefix: &str, lines: &mut Vec<String>) {
        for m in members {
            let name = format!("{prefix}{}", m.name);
            match (m.ty, m.items.as_deref()) {
                (Type::Array, Some(items)) if items.ty == Type::Object => add(&items.fields, &format!("{name}.1."), lines),
                (Type::Array, _) => lines.extend(m.example.as_ref().map(|_| format!("&{name}.1={}", list_example(m)))),
                _ => lines.extend(m.example.as_ref().map(|e| format!("&{name}={e}"))),
            }
        }
    }
    add(&action.request, "", &mut lines);
    lines.push(w.common_in_url.into());
    lines.join("\n")
}

/// A list's example is often a JSON list (`["a","b"]`): its first element.
fn list_example(m: &Member) -> String {
    let example = m.example.clone().unwrap_or_else(|| "example".into());
    match serde_json::from_str::<serde_json::Value>(&example) {
        Ok(serde_json::Value::Array(values)) => match values.first() {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => "example".into(),
        },
        _ => example,
    }
}

/// The JSON sample from the fields' examples, every array with one element, field order kept.
fn sample_response(action: &Action) -> String {
    let mut members = vec![("RequestId".to_string(), "\"E55E50B7-40EE-4B6B-8BBE-D3ED55CCF565\"".to_string())];
    members.extend(action.response.iter().map(|m| (m.name.clone(), value(m, 1))));
    members.push(("Success".into(), "true".into()));
    object(&members, 0)
}

fn object(members: &[(String, String)], depth: usize) -> String {
    if members.is_empty() {
        return "{}".into();
    }
    let pad = "  ".repeat(depth + 1);
    let body: Vec<String> = members.iter().map(|(k, v)| format!("{pad}\"{k}\": {v}")).collect();
    format!("{{\n{}\n{}}}", body.join(",\n"), "  ".repeat(depth))
}

fn value(m: &Member, depth: usize) -> String {
    match (m.ty, m.items.as_deref()) {
        (Type::Object, _) => object(&m.fields.iter().map(|f| (f.name.clone(), value(f, depth + 1))).collect::<Vec<_>>(), depth),
        (Type::Array, items) => {
            let inner_depth = depth + usize::from(m.wrapper.is_some());
            let element = match items {
                Some(i) if i.ty == Type::Object => {
                    let pad = "  ".repeat(inner_depth + 1);
                    let fields: Vec<(String, String)> = i.fields.iter().map(|f| (f.name.clone(), value(f, inner_depth + 2))).collect();
                    format!("{pad}{}", object(&fields, inner_depth + 1))
                }
                _ => format!("{}{}", "  ".repeat(inner_depth + 1), scalar_json(items.map_or(Type::String, |i| i.ty), &list_example(m))),
            };
            let list = format!("[\n{element}\n{}]", "  ".repeat(inner_depth));
            match &m.wrapper {
                Some(wrapper) => object(&[(wrapper.clone(), list)], depth),
                None => list,
            }
        }
        (ty, _) => scalar_json(ty, m.example.as_deref().unwrap_or("")),
    }
}

fn scalar_json(ty: Type, example: &str) -> String {
    match ty {
        Type::Integer | Type::Long | Type::Float | Type::Double => {
            if example.parse::<f64>().is_ok() {
                example.to_string()
            } else {
                "0".into()
            }
        }
        Type::Boolean => if example == "false" { "false" } else { "true" }.into(),
        _ => serde_json::Value::String(if example.is_empty() { "example".into() } else { example.into() }).to_string(),
    }
}

/// The 2018 layout: `|Name|Type|Required|Description|`, lists as `List<X\>`, each
/// structure in an untitled table after its parent's, which names it.
fn old(action: &Action, sample: bool) -> String {
    let w = &EN;
    let mut out = vec![
        format!("# {} {{#reference_a1b_2cd_xdb .reference}}", action.action),
        String::new(),
        summary(action),
        String::new(),
        "## Request parameters {#section_a1b_2cd_xdb .section}".into(),
        String::new(),
    ];
    let header = ["Name", "Type", "Required", "Description"];
    let mut main = vec![action_row(action, w)];
    let mut subs = Vec::new();
    for m in top_level_order(&action.request) {
        main.push(old_row(m, Some(m.required), w, &mut subs, true));
    }
    main.push(Row {
        name: "Common request parameters".into(),
        ty: "-".into(),
        required: Some(true),
        example: String::new(),
        description: "See the common parameters.".into(),
    });
    out.extend(markdown_table(&header, &main, w, true));
    for rows in subs {
        out.push(String::new());
        out.extend(markdown_table(&header, &rows, w, true));
    }
    out.extend([String::new(), "## Response parameters {#section_e3f_4gh_xdb .section}".into(), String::new()]);
    let mut members = envelope(w);
    members.sort_by_key(|m| ["RequestId", "Success", "ErrorMessage", "Code"].iter().position(|n| *n == m.name));
    members.extend(action.response.iter().cloned());
    for (i, rows) in old_response_tables(&members, w).iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(markdown_table(&["Name", "Type", "Description"], rows, w, true));
    }
    out.extend(["".into(), "## Examples {#section_i5j_6kl_xdb .section}".into(), String::new(), "**Request example**".into(), String::new()]);
    out.extend(fenced(&sample_request(action, w)));
    if sample {
        out.extend([String::new(), "**Response example**".into(), String::new()]);
        out.extend(fenced(&sample_response(action)));
    }
    out.push(String::new());
    out.join("\n")
}

/// A row of the 2018 layout; a structure's rows go to `subs`, a table of their own.
fn old_row(m: &Member, required: Option<bool>, w: &Words, subs: &mut Vec<Vec<Row>>, request: bool) -> Row {
    let see = |name: &str| format!(" For more information, see the following table {name}.");
    let mut r = row(m, m.name.clone(), m.ty.as_str(), required, w);
    match (m.ty, m.items.as_deref()) {
        (Type::Object, _) if !m.fields.is_empty() && !request => {
            r.ty = m.name.clone();
            r.description.push_str(&see(&m.name));
        }
        (Type::Object, _) => r.ty = "Object".into(),
        (Type::Array, Some(items)) if items.ty == Type::Object => {
            let element = if request { items.name.clone().unwrap_or(m.name.clone()) } else { element_name(m) };
            r.ty = format!("List<{element}\\>");
            if !items.fields.is_empty() {
                r.description.push_str(&see(&element));
                if request {
                    subs.push(items.fields.iter().map(|f| old_row(f, Some(f.required), w, &mut Vec::new(), true)).collect());
                }
            }
        }
        (Type::Array, items) => r.ty = format!("List<{}\\>", items.map_or(Type::String, |i| i.ty)),
        _ => {}
    }
    r
}

/// The main response table, then every structure's table, each right after its parent's.
fn old_response_tables(members: &[Member], w: &Words) -> Vec<Vec<Row>> {
    let mut tables = vec![members.iter().map(|m| old_row(m, None, w, &mut Vec::new(), false)).collect()];
    for m in members {
        let fields = match (m.ty, m.items.as_deref()) {
            (Type::Object, _) => &m.fields,
            (Type::Array, Some(items)) if items.ty == Type::Object => &items.fields,
            _ => continue,
        };
        if !fields.is_empty() {
            tables.extend(old_response_tables(fields, w));
        }
    }
    tables
}

/// A markdown page (of the inline layout) as a browser copies today's web page: no markup, each
/// table row's cells separated by tabs, a cell's further lines on the lines below, code indented.
fn web(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut in_row = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            // A code block inside a cell is just its text, on the cell's lines.
            in_code = !in_code && !in_row;
            continue;
        }
        if in_code {
            out.push(format!("    {line}"));
            continue;
        }
        if let Some(rest) = line.strip_prefix('|') {
            if rest.starts_with('-') {
                continue;
            }
            let cells = split_cells(rest);
            in_row = !line.ends_with('|');
            let text: Vec<String> = cells.iter().map(|c| plain(c.trim())).collect();
            out.push(text.join("\t"));
            continue;
        }
        if in_row {
            let (text, ends) = match line.strip_suffix(" |") {
                Some(t) => (t, true),
                None => (line, false),
            };
            out.push(plain(text.trim()));
            in_row = !ends;
            continue;
        }
        out.push(plain(line.trim_start_matches('#').trim()));
    }
    out.join("\n")
}

/// The cells of a row after its first `|`, split on unescaped pipes.
fn split_cells(rest: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => cells.last_mut().unwrap().push(chars.next().unwrap()),
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    if cells.last().is_some_and(|c| c.trim().is_empty()) && rest.ends_with('|') {
        cells.pop();
    }
    cells
}

/// Markdown as the browser shows it: no escapes, emphasis, list bullets or link targets.
fn plain(text: &str) -> String {
    let text = text.trim_start();
    let text = text.strip_prefix("- ").or_else(|| text.strip_prefix("* ")).unwrap_or(text).trim_start();
    let mut text = text.replace("**", "").replace("`JSON` format", "JSON format");
    // `[label](target)` shows as `label`.
    while let Some((start, middle)) = text.find("](").and_then(|m| text[..m].rfind('[').map(|s| (s, m))) {
        let Some(end) = text[middle..].find(')').map(|e| middle + e) else { break };
        text = format!("{}{}{}", &text[..start], &text[start + 1..middle], &text[end + 1..]);
    }
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => out.push(chars.next().unwrap()),
            c => out.push(c),
        }
    }
    out
}

/// The words of today's reference page in one language.
struct ReferenceWords {
    words: &'static Words,
    updated: &'static str,
    response: &'static str,
    request_header: &'static str,
    response_header: &'static str,
    json_format: &'static str,
    error_codes: &'static str,
    error_header: &'static str,
    error_row: &'static str,
    error_more: &'static str,
}

const REFERENCE_EN: ReferenceWords = ReferenceWords {
    words: &EN,
    updated: "Updated at: 2024-05-20 10:37",
    response: "Response parameters",
    request_header: "Parameter\tType\tRequired\tDescription\tExample",
    response_header: "Parameter\tType\tDescription\tExample",
    json_format: "JSON format",
    error_codes: "Error codes",
    error_header: "HTTP status code\tError code\tError message\tDescription",
    error_row: "400\tiot.common.Example\tA made-up error.\tAn error row, which is no parameter.",
    error_more: "More error codes are listed elsewhere.",
};

const REFERENCE_ZH: ReferenceWords = ReferenceWords {
    words: &ZH,
    updated: "更新时间：2024-05-20 10:37",
    response: "返回参数",
    request_header: "名称\t类型\t必填\t描述\t示例值",
    response_header: "名称\t类型\t描述\t示例值",
    json_format: "JSON格式",
    error_codes: "错误码",
    error_header: "HTTP status code\t错误码\t错误信息\t描述",
    error_row: "400\tiot.common.Example\t虚构的错误。\t错误码表的一行，不是参数。",
    error_more: "更多错误码见别处。",
};

/// Today's reference page: `Action - title`, request rows (list elements as an `object` row of
/// their own, fields unindented after it), the response from a root `object` row with the envelope
/// where the metadata has it, the JSON sample, and the error table every page ends with.
fn reference(action: &Action, sample: bool, source: &Source) -> String {
    let w = if source.index.is_multiple_of(2) { &REFERENCE_EN } else { &REFERENCE_ZH };
    // The portal names an array's element either bare or with the array's name again.
    let named_element = source.index / 2 % 2 == 1;
    let summary = summary(action);
    let mut out = vec![
        format!("{} - {}", action.action, source.title.unwrap_or(&summary)),
        w.updated.into(),
        String::new(),
        summary,
        String::new(),
        w.words.request.into(),
        w.request_header.into(),
    ];
    reference_request(&action.request, w, &mut out);
    out.extend([String::new(), w.response.into(), w.response_header.into(), "object\t\t".into()]);
    let envelope = envelope(w.words);
    let mut members: Vec<&Member> = Vec::new();
    for name in source.response_order {
        members.extend(envelope.iter().chain(&action.response).find(|m| &m.name == name));
    }
    members.extend(action.response.iter().filter(|m| !source.response_order.contains(&m.name)));
    for m in members {
        reference_response(m, w, named_element, &mut out);
    }
    if sample {
        out.extend([String::new(), w.words.examples.into(), w.words.sample_response.into(), String::new(), w.json_format.into(), String::new()]);
        out.extend(sample_response(action).lines().map(String::from));
    }
    out.extend([String::new(), w.error_codes.into(), w.error_header.into(), w.error_row.into(), String::new(), w.error_more.into(), String::new()]);
    out.join("\n")
}

/// `array<string>`, `integer`, ...: the portal's lowercase types.
fn lowercase_type(m: &Member) -> String {
    match (m.ty, m.items.as_deref()) {
        (Type::Array, items) => format!("array<{}>", items.map_or(Type::String, |i| i.ty).as_str().to_lowercase()),
        (ty, _) => ty.as_str().to_lowercase(),
    }
}

/// One row as a browser copies it: the cells up to the description, the description's lines
/// under it, then the example cell on a line of its own.
fn reference_row(cells: String, m: &Member, w: &Words, out: &mut Vec<String>) {
    out.push(cells);
    let description = row(m, m.name.clone(), "", None, w).description;
    if !description.is_empty() {
        out.extend(description.lines().map(plain));
        out.push(String::new());
    }
    out.extend(m.example.iter().flat_map(|e| e.lines()).map(String::from));
}

/// Request rows in the metadata's order; a list by its bare name (no `.N`), a list of structures
/// followed by its element's row and the element's fields.
fn reference_request(members: &[Member], w: &ReferenceWords, out: &mut Vec<String>) {
    for m in members {
        let required = if m.required { w.words.yes } else { w.words.no };
        reference_row(format!("{}\t{}\t{required}\t", m.name, lowercase_type(m)), m, w.words, out);
        if let Some(items) = m.items.as_deref().filter(|i| i.ty == Type::Object) {
            out.push(format!("object\t{}\t", w.words.no));
            reference_request(&items.fields, w, out);
        }
    }
}

/// A response field and, right after it, what it holds: a wrapper as an `object` row holding its
/// array's row, an array of structures' element row, then the element's or the object's fields.
fn reference_response(m: &Member, w: &ReferenceWords, named_element: bool, out: &mut Vec<String>) {
    let name = match &m.wrapper {
        Some(wrapper) => {
            out.push(format!("{}\tobject\t", m.name));
            wrapper
        }
        None => &m.name,
    };
    reference_row(format!("{name}\t{}\t", lowercase_type(m)), m, w.words, out);
    let fields = match m.items.as_deref() {
        Some(items) if items.ty == Type::Object => {
            out.push(if named_element { format!("{name}\tobject\t") } else { "object\t\t".into() });
            &items.fields
        }
        _ => &m.fields,
    };
    for f in fields {
        reference_response(f, w, named_element, out);
    }
}
