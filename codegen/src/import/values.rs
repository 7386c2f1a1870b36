//! Value options written in a description (`Value options:` / `Valid values:` / `取值：` followed by
//! `value: meaning` lines, bullets `-   **PLANNED**: ...`, or `0: ...` lines) become `values`; the
//! option lines and the phrase that introduced them leave the description.

use super::text;
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

/// The description without its option lines, and the options, in page order.
pub fn extract(description: &str, ty: Type) -> (String, Vec<ValueOption>) {
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
    fn a_single_note_is_not_an_option() {
        let (rest, options) = extract("Value options:\n\nNote: none yet.", Type::String);
        assert!(options.is_empty());
        assert_eq!(rest, "Value options:\n\nNote: none yet.");
    }
}
