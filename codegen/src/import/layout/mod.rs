//! Reading a page's layout, apart from what its rows mean: the page as a sequence of blocks
//! (headings, paragraphs, tables of rows, code), whichever format it came in ([`markdown`],
//! [`plain_text`] of a web page, whose tables [`web_table`] splits into cells), and the sections
//! those blocks fall into. The readers consult the type spellings (`types`) only to tell a type
//! cell from prose.

mod markdown;
mod plain_text;
pub mod table;
pub(in crate::import) mod text;
mod web_table;

use crate::import::Warning;
use crate::spec::load::is_identifier_like;
use table::Table;

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

/// Reads markdown if the page has a markdown title (`# Title` first) or section heading (`##
/// Request parameters`), or markdown tables and no section title on a line of its own; else the
/// plain text of a web page (whose tables may be pipe tables too: a converter's output, and whose
/// descriptions may hold headings of their own: `### 1. Fields`).
pub fn read(text: &str) -> Page {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut heading = false;
    let mut table = false;
    let first = text.lines().position(|line| !line.trim().is_empty());
    for (at, line) in text.lines().enumerate() {
        let l = line.trim_start();
        heading |= line.starts_with('#') && {
            let level = l.chars().take_while(|&c| c == '#').count();
            let title = &l[level..];
            let title = title.split(" {#").next().unwrap_or(title).trim().trim_end_matches([':', '：']);
            level <= 6 && l[level..].starts_with(' ') && (level == 1 && Some(at) == first || section_of(title).is_some())
        };
        table |= l.starts_with("|-") || l.starts_with("|:-") || l.starts_with("| -") || l.starts_with("| :-");
    }
    let plain_title = || text.lines().any(|line| line.len() < 80 && section_of(line.trim().trim_end_matches([':', '：'])).is_some());
    if heading || table && !plain_title() { markdown::read(text) } else { plain_text::read(text) }
}

/// The action a title line names first: `QueryDeviceList`, `Pub - 发布消息`, `QueryDeviceList:
/// Queries devices`. Past a page's first line only a CamelCase name counts, so that a line of prose
/// (`Note: ...`) under a breadcrumb is no title.
pub(in crate::import) fn title_name(line: &str, first: bool) -> Option<&str> {
    let line = line.trim();
    let name = line.split([' ', '\t', ':', '：', '(', '（']).next()?;
    let rest = line[name.len()..].trim_start();
    let camel = name.chars().filter(char::is_ascii_uppercase).count() >= 2;
    let titled = rest.is_empty() || rest.starts_with(['-', '–', '—', ':', '：', '(', '（']);
    let named = name.len() > 2 && is_action_name(name) && name.chars().any(|c| c.is_ascii_lowercase());
    (named && titled && (first || camel)).then_some(name)
}

/// A CamelCase identifier: what an action name looks like.
pub(in crate::import) fn is_action_name(s: &str) -> bool {
    is_identifier_like(s) && s.starts_with(|c: char| c.is_ascii_uppercase())
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
/// English, Simplified and Traditional Chinese.
pub fn section_of(heading: &str) -> Option<Section> {
    let h = heading.trim().to_lowercase();
    let h = h.as_str();
    let section = if h.starts_with("request param")
        || h.starts_with("input param")
        || matches!(
            h,
            "请求参数"
                | "請求參數"
                | "request parameter"
                | "请求参数说明"
                | "請求參數說明"
                | "请求参数列表"
                | "入参"
                | "输入参数"
                | "request elements"
        ) {
        Section::Request
    } else if h.starts_with("response param")
        || h.starts_with("returned param")
        || h.starts_with("return param")
        || h.starts_with("output param")
        || matches!(
            h,
            "response data"
                | "returned data"
                | "return data"
                | "return values"
                | "返回参数说明"
                | "返回參數說明"
                | "返回参数列表"
                | "响应数据"
                | "输出参数"
        )
        || matches!(
            h,
            "返回数据"
                | "返回參數"
                | "返回参数"
                | "返回结果"
                | "返回數據"
                | "返回結果"
                | "响应参数"
                | "響應參數"
                | "回應參數"
                | "出参"
                | "response elements"
                | "response"
                | "responses"
                | "返回值"
        )
    {
        Section::Response
    } else if matches!(h, "examples" | "example" | "示例" | "範例" | "样例" | "樣例" | "示範" | "sample" | "samples") {
        Section::Examples
    } else if matches!(
        h,
        "description"
            | "usage notes"
            | "描述"
            | "使用说明"
            | "使用說明"
            | "功能描述"
            | "接口说明"
            | "接口說明"
            | "api description"
            | "operation description"
    ) {
        Section::Description
    } else if matches!(h, "limits" | "restrictions" | "限制说明" | "限制說明" | "qps limits" | "qps limit" | "qps限制" | "qps 限制") {
        Section::Limits
    } else if matches!(
        h,
        "debugging"
            | "调试"
            | "調試"
            | "error codes"
            | "error code"
            | "错误码"
            | "錯誤碼"
            | "sdk"
            | "common parameters"
            | "授权信息"
            | "授權資訊"
            | "authorization information"
            | "请求语法"
            | "請求語法"
            | "request syntax"
    ) {
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
