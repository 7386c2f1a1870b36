//! Rustdoc text from spec prose. Doc pages are Markdown-ish; rustdoc is Markdown too, so the text
//! is kept, minus what rustdoc would misread: indented lines (they would become doctests), code
//! fences, `[x]` (intra-doc links) and `<X>` (HTML tags).

use crate::spec::{Member, ValueOption};

/// One line of prose made safe for rustdoc.
pub(super) fn escape_line(line: &str) -> String {
    line.trim().replace("```", "'''").replace('[', "\\[").replace(']', "\\]").replace('<', "&lt;").replace('>', "&gt;")
}

/// Prose as doc lines, paragraphs kept.
pub(super) fn prose(text: &str) -> Vec<String> {
    text.trim().lines().map(escape_line).collect()
}

/// The first paragraph only: for places that point elsewhere for the details.
pub(super) fn first_paragraph(text: &str) -> Vec<String> {
    text.trim().lines().take_while(|l| !l.trim().is_empty()).map(escape_line).collect()
}

/// Everything the spec says about a member: description, required-ness, example, value options.
/// When the values became an enum, its variants carry their descriptions; here they are listed.
pub(super) fn member(m: &Member, enum_name: Option<&str>) -> Vec<String> {
    let mut lines = m.description.as_deref().map(prose).unwrap_or_default();
    let mut facts = Vec::new();
    if m.required {
        facts.push("**Required.**".to_string());
    }
    if let Some(default) = &m.default {
        facts.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    match (&m.minimum, &m.maximum) {
        (Some(min), Some(max)) => facts.push(format!("From {min} to {max}.")),
        (Some(min), None) => facts.push(format!("At least {min}.")),
        (None, Some(max)) => facts.push(format!("At most {max}.")),
        (None, None) => {}
    }
    if let Some(max) = m.max_items {
        facts.push(format!("At most {max} elements."));
    }
    // Control characters (a stray NUL in the docs) are shown escaped, not written raw.
    let example = m.example.as_ref().map(|example| -> String {
        example.chars().flat_map(|c| if c.is_control() && c != '\n' { c.escape_default().collect() } else { vec![c] }).collect()
    });
    // A one-line example is inline code; a longer one a text block after the facts.
    let block = match example {
        Some(example) if example.trim().contains('\n') => Some(example.trim().replace("```", "'''")),
        Some(example) => {
            facts.push(format!("Example: `{}`.", example.replace('`', "'")));
            None
        }
        None => None,
    };
    if m.is_sensitive() {
        facts.push("Sensitive: redacted in `Debug` output.".to_string());
    }
    if !facts.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(facts.join(" "));
    }
    if let Some(block) = block {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(["Example:".to_string(), "```text".to_string()]);
        lines.extend(block.lines().map(str::to_string));
        lines.push("```".to_string());
    }
    let values = m.items.as_ref().map(|i| i.values.as_slice()).filter(|v| !v.is_empty()).unwrap_or(&m.values);
    if !values.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        match enum_name {
            Some(name) => {
                let list: Vec<String> = values.iter().map(|v| format!("`{}`", v.value)).collect();
                lines.push(format!("Values: {} (see [`types::{name}`](crate::types::{name})).", list.join(", ")));
            }
            None => {
                lines.push("Values:".to_string());
                lines.extend(values.iter().map(value_line));
            }
        }
    }
    lines
}

fn value_line(option: &ValueOption) -> String {
    match option.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")) {
        Some(d) if !d.is_empty() => format!("- `{}`: {}", option.value, escape_line(&d)),
        _ => format!("- `{}`", option.value),
    }
}
