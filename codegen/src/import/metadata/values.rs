//! Value options: a schema's `enum`, or the Markdown list of bold values a description gives them
//! in (`- **iothub_senior**：使用物模型版产品。`, `- **0**（默认）：...`, `- **true**表示...`).
//!
//! Only value-shaped text counts: a list item that starts with a bold value (ASCII letters, digits,
//! `_ - . /`) followed by a separator (`：`, `:`, `，`, `,`, `。`, `表示`) or nothing, at least two of
//! them, all fitting the member's type. Bold words in running text (`**Props**的总大小...`,
//! `**Type**为**0**时...`) are not options, and a member whose example is JSON (`{...}`, `[...]`)
//! describes the keys of that JSON in such lists, not values.

use crate::spec::{Type, ValueOption};

/// Options found in a description, and the description without their lines.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Described {
    pub options: Vec<ValueOption>,
    /// The description without the option lines (`None` if nothing is left).
    pub rest: Option<String>,
}

/// Default markers written next to a value: `**0**（默认）：` or `**false（默认）**：`.
const DEFAULT_MARKS: &[&str] = &["（默认）", "(默认)", "（默认值）", "(default)", "（default）"];
const SEPARATORS: &[&str] = &["：", ":", "，", ",", "。", "表示"];

/// The bold-value options of `description` (at least two), whatever their type.
pub(super) fn described(description: &str) -> Described {
    let mut options: Vec<ValueOption> = Vec::new();
    let mut rest = Vec::new();
    for line in description.lines() {
        match option_line(line) {
            Some(option) if !options.iter().any(|o| o.value == option.value) => options.push(option),
            Some(_) => {}
            None => rest.push(line),
        }
    }
    if options.len() < 2 {
        return Described { options: Vec::new(), rest: Some(description.trim().to_string()).filter(|d| !d.is_empty()) };
    }
    Described { options, rest: Some(collapse_blank_lines(&rest)).filter(|d| !d.is_empty()) }
}

/// `- **value**：meaning` -> the option.
fn option_line(line: &str) -> Option<ValueOption> {
    let item = line.trim_start().strip_prefix(['-', '*', '+'])?;
    let bold = item.trim_start().strip_prefix("**")?;
    let end = bold.find("**")?;
    let (mut value, mut after) = (bold[..end].trim(), bold[end + 2..].trim_start());
    let mut mark = "";
    for m in DEFAULT_MARKS {
        if let Some(v) = value.strip_suffix(m) {
            (value, mark) = (v.trim(), m);
        }
        if let Some(a) = after.strip_prefix(m) {
            (after, mark) = (a.trim_start(), m);
        }
    }
    if !is_value_shaped(value) {
        return None;
    }
    let meaning = if after.is_empty() {
        ""
    } else {
        let separator = SEPARATORS.iter().find(|s| after.starts_with(*s))?;
        let meaning = if *separator == "表示" { after } else { &after[separator.len()..] };
        meaning.trim()
    };
    let description = format!("{mark}{meaning}");
    Some(ValueOption { value: value.to_string(), name: None, description: (!description.is_empty()).then_some(description) })
}

fn is_value_shaped(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && value.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Joins kept lines, with at most one blank line in a row and none at the ends.
fn collapse_blank_lines(lines: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        if line.trim().is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(line.trim_end());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Whether a documented value can be a value of `ty`.
pub(super) fn fits(value: &str, ty: Type) -> bool {
    match ty {
        Type::Integer => value.parse::<i32>().is_ok(),
        Type::Long => value.parse::<i64>().is_ok(),
        Type::Boolean => matches!(value, "true" | "false"),
        Type::Float | Type::Double => value.parse::<f64>().is_ok(),
        Type::String => true,
        Type::Object | Type::Array => false,
    }
}

/// An example that is JSON: the bold lists of its description name keys, not values.
pub(super) fn is_json_example(example: Option<&str>) -> bool {
    example.is_some_and(|e| e.trim_start().starts_with(['{', '[']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(d: &Described) -> Vec<(&str, Option<&str>)> {
        d.options.iter().map(|o| (o.value.as_str(), o.description.as_deref())).collect()
    }

    #[test]
    fn bold_value_lists() {
        let d = described(
            "指定要查看的产品类型，取值：\n\n- **iothub_senior**：使用物模型版产品。\n\n- **iothub**：不使用物模型版产品。\n\n> 如果不传入该参数，则返回所有产品的列表。",
        );
        assert_eq!(pairs(&d), [("iothub_senior", Some("使用物模型版产品。")), ("iothub", Some("不使用物模型版产品。"))]);
        assert_eq!(d.rest.as_deref(), Some("指定要查看的产品类型，取值：\n\n> 如果不传入该参数，则返回所有产品的列表。"));
    }

    #[test]
    fn separators_defaults_and_spacing() {
        let d = described(
            "Qos.\n- **0**（默认）：最多一次。\n- **1**:至少一次。\n* ** 2 **，两次\n- **true**表示成功。\n- **false（默认）**\n- **MNS**。",
        );
        assert_eq!(
            pairs(&d),
            [
                ("0", Some("（默认）最多一次。")),
                ("1", Some("至少一次。")),
                ("2", Some("两次")),
                ("true", Some("表示成功。")),
                ("false", Some("（默认）")),
                ("MNS", None)
            ]
        );
        assert_eq!(d.rest.as_deref(), Some("Qos."));
    }

    #[test]
    fn bold_words_in_running_text_are_not_options() {
        for text in [
            "- **Props**的总大小不超过5 KB。\n- **Key**取值为属性的标识符。",
            "- **Type**为**0**（整包升级包）时，可不传入该参数。\n- **TimeoutInMinutes**的值为60分钟。",
            "- **240**~**255**：用户自定义透传。\n- **PropertyIdentifier.N**、**ServiceIdentifier.N**不为空时。",
            "- 具体消息Topic：表示来自消息源。\n- **all**：表示所有消息。",
            "**a**：不是列表项。\n**b**：也不是。",
            "- **名称**：中文不是值。\n- **状态**：也不是。",
        ] {
            let d = described(text);
            assert_eq!(d.options, [], "{text}");
            assert_eq!(d.rest.as_deref(), Some(text));
        }
    }

    #[test]
    fn types_and_json_examples() {
        assert!(fits("0", Type::Integer) && !fits("a", Type::Integer) && !fits("4294967296", Type::Integer));
        assert!(fits("4294967296", Type::Long) && fits("true", Type::Boolean) && !fits("1", Type::Boolean));
        assert!(fits("0.5", Type::Float) && fits("x", Type::String));
        assert!(is_json_example(Some(" {\"method\":\"update\"}")) && is_json_example(Some("[1]")));
        assert!(!is_json_example(Some("update")) && !is_json_example(None));
    }
}
