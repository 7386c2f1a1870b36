//! Value options written in a description (`Value options:` / `Valid values:` / `取值：` followed by
//! `value: meaning` lines, bullets `-   **PLANNED**: ...`, or `0: ...` lines) become `values`; the
//! option lines and the phrase that introduced them leave the description.

use super::layout::text;
use crate::spec::{Type, ValueOption};

/// Phrases that announce a list of options, as they end a line (lowercase).
const INTRODUCTIONS: &[&str] = &[
    "value options:",
    "valid values:",
    "valid value:",
    "values:",
    "values include:",
    "value:",
    "the value can be:",
    "options:",
    "取值：",
    "取值:",
    "取值范围：",
    "可选值：",
];

/// Words that look like a value before a colon but start a note.
const NOT_VALUES: &[&str] = &["note", "notice", "warning", "important", "example", "default", "description", "tip"];

/// Phrases that announce the fields of a structure (a JSON string's keys), not values.
const FIELD_INTRODUCTIONS: &[&str] = &[
    "following parameters",
    "following fields",
    "following keys",
    "following members",
    "following structure",
    "following format",
    "includes the following",
    "contains the following",
    "consists of the following",
    "包含以下",
    "包含如下",
    "包括以下",
    "包括如下",
    "以下参数",
    "以下字段",
    "如下字段",
    "如下参数",
    "结构如下",
    "格式如下",
];

/// How an option's meaning starts when the option is a field: its type (`a string that ...`,
/// `a LONG integer`, `String.`, `(Integer)`, `字符串`).
fn is_field_meaning(meaning: &str) -> bool {
    let lower = meaning.trim_start_matches(['(', '（']).to_lowercase();
    let lower = lower.strip_prefix("a ").or_else(|| lower.strip_prefix("an ")).unwrap_or(&lower);
    let lower = lower.strip_prefix("long ").unwrap_or(lower);
    [
        "string",
        "integer",
        "int ",
        "long",
        "boolean",
        "bool ",
        "object",
        "array",
        "json",
        "number",
        "float",
        "double",
        "字符串",
        "整数",
        "整型",
        "布尔",
        "数组",
        "对象",
        "类型",
    ]
    .iter()
    .any(|t| lower.starts_with(t))
}

#[cfg(test)]
fn extract(description: &str, ty: Type) -> (String, Vec<ValueOption>) {
    extract_with_example(description, ty, None)
}

/// The description without its option lines, and the options, in page order. Only value-shaped
/// text gives options: not the keys of the JSON `example`, not a list that the text introduces
/// as the fields of a structure, not lines that give each entry a type.
pub(super) fn extract_with_example(description: &str, ty: Type, example: Option<&str>) -> (String, Vec<ValueOption>) {
    let lines: Vec<&str> = description.lines().collect();
    let mut introduced = false;
    let mut intro_line = None;
    let mut options: Vec<(usize, ValueOption)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let lower = line.trim().to_lowercase();
        if let Some(phrase) = INTRODUCTIONS.iter().find(|p| lower.ends_with(*p)) {
            introduced = true;
            intro_line = Some((i, phrase.chars().count()));
            continue;
        }
        if let Some(option) = option_line(line, introduced)
            && !options.iter().any(|(_, o)| o.value == option.value)
        {
            options.push((i, option));
        }
    }
    let typed = options.iter().all(|(_, o)| fits(&o.value, ty));
    if !ty.is_scalar() || !typed || options.is_empty() || (options.len() < 2 && !introduced) {
        return (description.to_string(), Vec::new());
    }
    // A structure's fields: announced as such before the first option, or typed one by one, or
    // the keys of the JSON example.
    let first = options[0].0;
    let before = lines[..first].join("\n").to_lowercase();
    let fields_announced = FIELD_INTRODUCTIONS.iter().any(|p| before.contains(p)) && !introduced;
    let typed_entries = options.iter().filter(|(_, o)| o.description.as_deref().is_some_and(is_field_meaning)).count() * 2 > options.len();
    let json_keys = example.is_some_and(|e| {
        let e = e.trim_start();
        (e.starts_with('{') || e.starts_with('[')) && options.iter().all(|(_, o)| e.contains(&format!("\"{}\"", o.value)))
    });
    if fields_announced || typed_entries || json_keys {
        return (description.to_string(), Vec::new());
    }
    let mut kept: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if options.iter().any(|(at, _)| *at == i) {
            continue;
        }
        match intro_line {
            Some((at, phrase_chars)) if at == i => {
                let trimmed = line.trim();
                let keep: String = trimmed.chars().take(trimmed.chars().count() - phrase_chars).collect();
                kept.push(keep.trim().trim_end_matches([',', '，', ';', '；']).trim().to_string());
            }
            _ => kept.push(line.to_string()),
        }
    }
    (text::join_paragraphs(&kept), options.into_iter().map(|(_, o)| o).collect())
}

/// `-   PLANNED: The batch is planned.`, `0: Device.`, or (after an introduction) `iothub: Basic.`
fn option_line(line: &str, introduced: bool) -> Option<ValueOption> {
    let trimmed = line.trim();
    let unbulleted = trimmed.trim_start_matches(['-', '*', '•']).trim_start();
    let bullet = unbulleted.len() != trimmed.len();
    let colon = unbulleted.find([':', '：'])?;
    let value = unbulleted[..colon].trim();
    let meaning = unbulleted[colon..].trim_start_matches([':', '：']).trim();
    let plain = !value.is_empty() && value.len() <= 64 && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    let numeric = value.parse::<i64>().is_ok();
    if !plain || NOT_VALUES.contains(&value.to_lowercase().as_str()) || !(bullet || numeric || introduced) {
        return None;
    }
    Some(ValueOption { value: value.to_string(), name: None, description: (!meaning.is_empty()).then(|| meaning.to_string()) })
}

fn fits(value: &str, ty: Type) -> bool {
    match ty {
        Type::Integer | Type::Long => value.parse::<i64>().is_ok(),
        Type::Boolean => matches!(value, "true" | "false"),
        Type::Float | Type::Double => value.parse::<f64>().is_ok(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(options: &[ValueOption]) -> Vec<(&str, Option<&str>)> {
        options.iter().map(|o| (o.value.as_str(), o.description.as_deref())).collect()
    }

    #[test]
    fn introduced_plain_lines() {
        let d = "The edition of products that you want to query. Value options:\n\niothub_senior: Pro Edition products.\n\niothub: Basic Edition products.\n\nNote If you do not specify this parameter, all are returned.";
        let (rest, options) = extract(d, Type::String);
        assert_eq!(values(&options), [("iothub_senior", Some("Pro Edition products.")), ("iothub", Some("Basic Edition products."))]);
        assert_eq!(rest, "The edition of products that you want to query.\n\nNote If you do not specify this parameter, all are returned.");
    }

    #[test]
    fn numbered_lines_without_introduction() {
        let d = "The data format.\n\n0: Do not parse.\n\n1: Alink JSON.\n\nNote: Pro Edition only.";
        let (rest, options) = extract(d, Type::Integer);
        assert_eq!(values(&options), [("0", Some("Do not parse.")), ("1", Some("Alink JSON."))]);
        assert_eq!(rest, "The data format.\n\nNote: Pro Edition only.");
    }

    #[test]
    fn bold_bullets_and_chinese_colons() {
        let d = "The status of the update batch.\n\n-   PLANNED: Being planned.\n-   IN_PROGRESS: In progress.";
        let (rest, options) = extract(d, Type::String);
        assert_eq!(values(&options), [("PLANNED", Some("Being planned.")), ("IN_PROGRESS", Some("In progress."))]);
        assert_eq!(rest, "The status of the update batch.");
        let zh = "指定要查看的产品类型，取值：\n\n-   iothub_senior：使用物模型版产品。\n-   iothub：不使用物模型版产品。\n\n说明：如果不传入该参数，则返回所有产品的列表。";
        let (rest, options) = extract(zh, Type::String);
        assert_eq!(options.len(), 2);
        assert_eq!(rest, "指定要查看的产品类型\n\n说明：如果不传入该参数，则返回所有产品的列表。");
    }

    #[test]
    fn options_that_do_not_fit_the_type_are_left_in_the_text() {
        let d = "The node type.\n\n-   DEVICE: a device.\n-   GATEWAY: a gateway.";
        let (rest, options) = extract(d, Type::Integer);
        assert!(options.is_empty());
        assert_eq!(rest, d);
    }

    #[test]
    fn the_fields_of_a_structure_are_no_values() {
        let d = "The shadow information includes the following parameters:\n\n-   method: a string that specifies the operation.\n-   state: a string that specifies the state.\n-   version: a LONG integer.";
        assert_eq!(extract(d, Type::String), (d.to_string(), Vec::new()));
        let d = "The configuration.\n\n-   topic: String. The topic.\n-   qos: Integer. The QoS.";
        assert!(extract(d, Type::String).1.is_empty());
        let d = "The message.\n\n-   method: the operation.\n-   state: the state.";
        assert!(extract_with_example(d, Type::String, Some(r#"{"method":"update","state":{}}"#)).1.is_empty());
        assert_eq!(extract_with_example(d, Type::String, Some("update")).1.len(), 2);
        let zh = "影子信息，包含以下参数：\n\n-   method：操作类型。\n-   version：版本。";
        assert!(extract(zh, Type::String).1.is_empty());
    }

    #[test]
    fn a_single_note_is_not_an_option() {
        let (rest, options) = extract("Value options:\n\nNote: none yet.", Type::String);
        assert!(options.is_empty());
        assert_eq!(rest, "Value options:\n\nNote: none yet.");
    }
}
