//! Action-level facts from the page's prose: the action name, the summary (first sentence), the
//! longer description, and the QPS limit sentence.

use super::layout::{Block, Page, Section, is_action_name, title_name};
use crate::spec::Qps;

/// The `# Title` of a markdown page, else the `Action` row (`Set the value to X`) or a sample
/// request URL (`?Action=X`).
pub(super) fn action_name(page: &Page, blocks: &[(Section, &Block)]) -> Option<String> {
    if let Some(name) = page.title.as_deref().and_then(|t| title_name(t, true)) {
        return Some(name.to_string());
    }
    for (_, block) in blocks {
        if let Block::Table(table) = block {
            for row in table.rows.iter().filter(|r| r.name == "Action") {
                if let Some(example) = row.example.as_deref().filter(|e| is_action_name(e)) {
                    return Some(example.to_string());
                }
                let markers = ["value to ", "取值：", "取值:", "取值为", "值为", "Value: ", "value: "];
                if let Some(name) = markers.iter().find_map(|m| after(&row.description, m)) {
                    return Some(name);
                }
            }
        }
    }
    blocks.iter().find_map(|(_, block)| match block {
        Block::Paragraph { text, .. } | Block::Code { text, .. } => after(text, "Action="),
        _ => None,
    })
}

/// The action name right after `marker` in `text`.
fn after(text: &str, marker: &str) -> Option<String> {
    let at = text.find(marker)? + marker.len();
    // Past emphasis and quotes: `Set the value to **QueryDeviceInfo**`.
    let rest = text[at..].trim_start_matches(['*', '`', '"', '\'', ' ', '‘', '“', '「', '\\']);
    let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    is_action_name(&name).then_some(name)
}

/// The first sentence of the first paragraph before any section, after the action name that
/// web pages start with.
pub(super) fn summary(blocks: &[(Section, &Block)]) -> Option<String> {
    blocks.iter().find_map(|(section, block)| match (section, block) {
        (Section::Intro, Block::Paragraph { text, .. }) => {
            let text = without_title(text);
            (!text.is_empty() && !is_qps(text)).then(|| super::layout::text::first_sentence(text).to_string())
        }
        _ => None,
    })
}

/// The paragraph without the action name that web pages start with and the `Last Updated: ...`
/// stamp under it.
fn without_title(paragraph: &str) -> &str {
    let mut text = paragraph.trim_start();
    loop {
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        if title_name(first, true).is_some() || is_update_stamp(first) {
            text = rest.trim_start();
        } else {
            return text;
        }
    }
}

/// `Last Updated:Mar 28, 2024`, `Updated at: 2022-08-04 08:12`, `更新时间：2024-03-28`.
fn is_update_stamp(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    ["last updated", "updated at", "update time", "更新时间", "更新時間", "最后更新", "最後更新"].iter().any(|p| lower.starts_with(p))
}

/// The paragraphs of a `Description`/`Usage notes` section.
pub(super) fn description(blocks: &[(Section, &Block)]) -> Option<String> {
    let paragraphs: Vec<&str> = blocks
        .iter()
        .filter_map(|(section, block)| match (section, block) {
            (Section::Description, Block::Paragraph { text, .. }) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// `... a maximum of 10 queries per second (QPS).` / `每秒请求数（QPS）最大限制为50。`
pub(super) fn qps(blocks: &[(Section, &Block)]) -> Option<Qps> {
    blocks.iter().find_map(|(section, block)| match (section, block) {
        (Section::Intro | Section::Limits | Section::Description, Block::Paragraph { text, .. }) if is_qps(text) => {
            let sentence = text.split(['.', '。']).find(|s| is_qps(s)).unwrap_or(text);
            first_number(sentence).map(Qps)
        }
        _ => None,
    })
}

fn is_qps(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.contains("QPS") || ["queries per second", "requests/second", "requests per second"].iter().any(|p| lower.contains(p))
}

fn first_number(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    digits.trim_end_matches('.').parse().ok().filter(|q: &f64| *q > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::{read, sectioned};

    #[test]
    fn qps_sentences_in_both_languages() {
        let en = read("# A\n\nDoes a thing.\n\n## Limits\n\nEach Alibaba Cloud account can run a maximum of 10 queries per second \\(QPS\\).\n");
        assert_eq!(qps(&sectioned(&en)), Some(Qps(10.0)));
        let zh = read("# A\n\n做事。\n\n## 限制说明\n\n单阿里云账号调用该接口的每秒请求数（QPS）最大限制为50。\n");
        assert_eq!(qps(&sectioned(&zh)), Some(Qps(50.0)));
        assert_eq!(summary(&sectioned(&zh)).as_deref(), Some("做事。"));
        let old = read("# A\n\nDoes.\n\n## Limits\n\nCalls to the operation are restricted to no more than 50 requests/second.\n");
        assert_eq!(qps(&sectioned(&old)), Some(Qps(50.0)));
    }

    #[test]
    fn action_name_without_a_title() {
        let page =
            read("Call this.\n\nRequest parameters\n\nParameter Type Required Description\nAction String Yes Set the value to QueryProductList.\n");
        assert_eq!(action_name(&page, &sectioned(&page)).as_deref(), Some("QueryProductList"));
    }
}
