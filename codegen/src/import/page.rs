//! A doc page as a sequence of blocks (headings, paragraphs, tables, code), whichever reader
//! produced it, and the page sections those blocks fall into.

use super::table::Table;
use super::{Warning, markdown, plain_text};

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A markdown heading, a bold-only line, or a known section title on a web page.
    Heading {
        line: usize,
        text: String,
    },
    /// Consecutive text lines, cleaned; line breaks kept.
    Paragraph {
        line: usize,
        text: String,
    },
    Table(Table),
    /// A code fence or, on web pages, an indented sample; `line` is its first content line.
    Code {
        line: usize,
        text: String,
    },
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. } | Block::Paragraph { line, .. } | Block::Code { line, .. } => *line,
            Block::Table(t) => t.line,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The `# Title` of a markdown page (the action name), if any.
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    /// Rows the reader saw but could not split into cells, at their page line.
    pub warnings: Vec<Warning>,
}

/// Reads markdown if the page has a markdown table or heading, else the plain text of a web page.
pub fn read(text: &str) -> Page {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_markdown = text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("# ") || l.starts_with("## ") || (l.starts_with("|-") || l.starts_with("|:-") || l.starts_with("| -"))
    });
    if is_markdown { markdown::read(text) } else { plain_text::read(text) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the first heading: title, summary, often the QPS sentence.
    Intro,
    Description,
    Limits,
    Request,
    Response,
    Examples,
    Other,
}

/// What a heading opens. Sub-headings of the examples (`Sample requests`) are labels, not sections.
pub fn section_of(heading: &str) -> Option<Section> {
    let h = heading.trim().to_lowercase();
    let h = h.as_str();
    let section = if h.starts_with("request param") || h == "请求参数" || h == "request parameter" {
        Section::Request
    } else if h.starts_with("response param")
        || h.starts_with("returned param")
        || matches!(h, "返回数据" | "返回参数" | "返回结果" | "response elements")
    {
        Section::Response
    } else if matches!(h, "examples" | "example" | "示例") {
        Section::Examples
    } else if matches!(h, "description" | "usage notes" | "描述" | "使用说明" | "功能描述") {
        Section::Description
    } else if matches!(h, "limits" | "restrictions" | "限制说明" | "qps limits") {
        Section::Limits
    } else if matches!(h, "debugging" | "调试" | "error codes" | "错误码" | "sdk" | "common parameters") {
        Section::Other
    } else {
        return None;
    };
    Some(section)
}

/// The blocks with the section each belongs to. Headings that open no known section (sub-headings
/// inside a section, such as `Configuration of the FC type`) keep the current one.
pub fn sectioned(page: &Page) -> Vec<(Section, &Block)> {
    let mut current = Section::Intro;
    page.blocks
        .iter()
        .map(|block| {
            if let Block::Heading { text, .. } = block
                && let Some(s) = section_of(text)
            {
                current = s;
            }
            (current, block)
        })
        .collect()
}
