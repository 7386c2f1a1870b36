//! The plain text of a rendered web page (copied from a browser): no markup, section titles on
//! their own lines, parameter tables in one of the layouts of [`web_table`] (rows whose last cell
//! may continue on the following lines), old `Table 2. ProductInfo` captions, and indented samples.

use super::table::{Row, Table};
use super::text;
use super::web_table::{self, Header, Layout};
use super::{Block, Page, Section, section_of};
use crate::import::Warning;

pub(super) fn read(text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    // Structure names the page gives: `Table 2. ProductInfo` captions and `see the following
    // table DeviceInfo` pointers.
    let mut captions: Vec<String> = lines.iter().filter_map(|l| caption(l).or_else(|| super::table::table_pointer(l))).collect();
    captions.sort_unstable();
    captions.dedup();
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    let mut table: Option<Open> = None;
    let mut pending_caption = None;
    let mut paragraph: Vec<&str> = Vec::new();
    let mut paragraph_line = 0;
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim();
        let number = i + 1;
        let header = web_table::header(&lines, i);
        // `Example:` inside a row's description is a label of the description, not a section;
        // `Response parameters:` after a table still opens its section.
        let parameters_title = matches!(section_of(trimmed.trim_end_matches([':', '：'])), Some(Section::Request | Section::Response));
        let label_in_table = table.is_some() && trimmed.ends_with([':', '：']) && !parameters_title;
        // A title-like line that a row of the open table follows is a cell (an example `描述`).
        let row_follows = || {
            let open = table.as_ref().expect("in a table");
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            next.is_some_and(|j| {
                web_table::header(&lines, j).is_none()
                    && matches!(web_table::line(&open.header, &lines, j, &captions, open.table.rows.last(), false), web_table::Line::Row { .. })
            })
        };
        let heading = !label_in_table && (is_heading(trimmed) || is_example_label(trimmed)) && (table.is_none() || !row_follows());
        // Rows come before section titles where a cell is a line (a row's name may be
        // `Description`); section titles come first in the other layouts.
        let mut in_table = table
            .as_ref()
            .filter(|o| header.is_none() && (!heading || o.header.rows == Layout::CellPerLine))
            .map(|o| web_table::line(&o.header, &lines, i, &captions, o.table.rows.last(), o.closed));
        if in_table == Some(web_table::Line::End) {
            blocks.extend(table.take().map(Open::finish));
            in_table = None;
        }
        if let Some(web_table::Line::Row { row, lines: taken, warning, closed }) = in_table {
            let open = table.as_mut().expect("in a table");
            warnings.extend(warning.map(|message| Warning { line: number, message }));
            open.same_line.push(row.description.clone());
            open.table.rows.push(row);
            open.closed = closed;
            i += taken;
            continue;
        }
        let caption_here = caption(trimmed);
        // In a table, JSON is part of a row's description unless it is the sample response.
        let json = trimmed.starts_with('{') && (table.is_none() || sample(&lines, i).0.contains("\"RequestId\""));
        let starts_code = json || trimmed.starts_with("<?") || trimmed.starts_with('<') && table.is_none();
        if header.is_some() && pending_caption.is_none() && table.is_none() && paragraph.len() == 1 {
            // A short label right above a table names the structure it describes.
            pending_caption = super::table::caption_of(paragraph[0]);
        }
        if heading || header.is_some() || caption_here.is_some() || starts_code {
            blocks.extend(table.take().map(Open::finish));
            flush(&mut paragraph, paragraph_line, &mut blocks);
        }
        if heading {
            blocks.push(Block::Heading { line: number, text: text::heading_text(trimmed) });
        } else if let Some(header) = header {
            let t = Table { line: number, caption: pending_caption.take(), columns: header.columns, rows: Vec::new() };
            table = Some(Open { table: t, header, closed: false, same_line: Vec::new() });
            i += header.lines;
            continue;
        } else if caption_here.is_some() {
            pending_caption = caption_here;
        } else if starts_code {
            let (code, end) = sample(&lines, i);
            blocks.push(Block::Code { line: number, text: code });
            i = end;
            continue;
        } else if let Some(open) =
            table.as_mut().filter(|o| !o.table.rows.is_empty() || trimmed.is_empty() || web_table::element_row(trimmed, number).is_some())
        {
            match in_table {
                Some(web_table::Line::Unsplittable(message)) => warnings.push(Warning { line: number, message }),
                _ => {
                    if let Some(last) = open.table.rows.last_mut() {
                        last.description.push('\n');
                        last.description.push_str(&web_table::continuation(open.header.rows, trimmed));
                        if !trimmed.is_empty() {
                            open.closed = web_table::closes_row(open.header.rows, trimmed);
                        }
                    }
                }
            }
        } else if trimmed.is_empty() {
            flush(&mut paragraph, paragraph_line, &mut blocks);
        } else {
            // Text right under a header, no row of it (nor an element row: the root's bare
            // `object`): the table has none, and this is prose.
            if table.is_some() {
                if let Some(web_table::Line::Unsplittable(message)) = in_table {
                    warnings.push(Warning { line: number, message });
                }
                blocks.extend(table.take().map(Open::finish));
            }
            if paragraph.is_empty() {
                paragraph_line = number;
            }
            paragraph.push(trimmed.trim_start_matches('•').trim());
        }
        i += 1;
    }
    blocks.extend(table.take().map(Open::finish));
    flush(&mut paragraph, paragraph_line, &mut blocks);
    for block in &mut blocks {
        if let Block::Table(t) = block {
            for row in &mut t.rows {
                row.description = text::join_paragraphs(&row.description.lines().collect::<Vec<_>>());
            }
        }
    }
    Page { title: title(&lines), blocks, warnings }
}

/// The action name a web page starts with: its title line, the first line or, after a
/// breadcrumb or an update stamp, one of the next few.
fn title(lines: &[&str]) -> Option<String> {
    let lines = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take(5);
    let before_sections = lines.take_while(|l| !is_heading(l));
    before_sections.enumerate().find_map(|(i, l)| super::title_name(l, i == 0)).map(String::from)
}

/// A table being read.
struct Open {
    table: Table,
    header: Header,
    /// Whether the last row is a closed pipe row.
    closed: bool,
    /// Each row's last cell as its own line gave it (before continuation lines).
    same_line: Vec<String>,
}

impl Open {
    /// The table, once its rows are all read. Space-separated cells cannot show where an example
    /// with spaces (`A system exception occurred.`) ends; where the table's rows put their
    /// descriptions on the lines after the row, the whole rest of a row's line is its example.
    fn finish(mut self) -> Block {
        let columns = self.header.columns;
        let description_last = columns.description.is_some_and(|d| d + 1 == columns.count);
        if self.header.rows == Layout::Spaced && columns.example.is_some() && description_last {
            let below = |row: &Row, own: &str| row.description.len() > own.len();
            let rows = self.table.rows.iter().zip(&self.same_line);
            let on_next_lines = rows.clone().filter(|(row, own)| own.is_empty() && below(row, own)).count();
            let on_own_line = rows.filter(|(_, own)| !own.is_empty()).count();
            if on_next_lines > 0 && on_next_lines >= on_own_line {
                for (row, own) in self.table.rows.iter_mut().zip(&self.same_line) {
                    if own.is_empty() || row.example.is_none() {
                        continue;
                    }
                    let example = row.example.take().unwrap_or_default();
                    row.example = Some(format!("{example} {own}"));
                    row.description = row.description[own.len()..].trim_start().to_string();
                }
            }
        }
        // Today's API reference puts the example after the description: in a copy, the last line
        // of a row whose description runs over several.
        let example_last = columns.example.is_some_and(|e| e + 1 == columns.count && columns.description.is_some_and(|d| d < e));
        if example_last && self.header.rows != Layout::Piped {
            for row in self.table.rows.iter_mut().filter(|r| r.example.is_none()) {
                let lines: Vec<&str> = row.description.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                if let [.., last] = lines[..]
                    && lines.len() >= 2
                    && is_example_shaped(last)
                {
                    let at = row.description.rfind(last).expect("a line of it");
                    row.example = Some(last.to_string());
                    row.description = row.description[..at].trim_end().to_string();
                }
            }
        }
        Block::Table(self.table)
    }
}

/// A line that reads as an example value rather than the end of a description: no list item or
/// note, no sentence (a long line, or one ending in a colon or a full stop after more than a few
/// words).
fn is_example_shaped(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let note = ["-", "•", "*", ">", "Note", "说明", "注意", "說明"].iter().any(|p| line.starts_with(p));
    let sentence = line.ends_with(['。', '：', ':', '；', ';', '，', ',']) || line.ends_with('.') && words > 4;
    !note && !sentence && words <= 12 && line.chars().count() <= 200
}

fn flush(paragraph: &mut Vec<&str>, line: usize, blocks: &mut Vec<Block>) {
    if !paragraph.is_empty() {
        blocks.push(Block::Paragraph { line, text: text::clean(&paragraph.join("\n")) });
        paragraph.clear();
    }
}

/// A section title on its own line (`Request parameters`, `请求参数：`).
fn is_heading(line: &str) -> bool {
    line.chars().count() < 60 && section_of(line.trim_end_matches([':', '：'])).is_some()
}

/// `Request example`, `Response example`, `Sample success responses`, `正常返回示例`.
fn is_example_label(line: &str) -> bool {
    let l = line.to_lowercase();
    l.len() < 40 && (l.starts_with("request example") || l.starts_with("response example") || l.starts_with("sample") || l.ends_with("示例"))
}

/// `Table 2. ProductInfo` -> `ProductInfo`.
fn caption(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("Table ")?;
    let (number, name) = rest.split_once(". ")?;
    (number.chars().all(|c| c.is_ascii_digit()) && !name.trim().is_empty()).then(|| name.trim().to_string())
}

/// An indented sample: JSON up to its balanced closing brace, other text up to a blank line, a
/// bullet label or a heading. De-indented by its first line's indentation. Returns the index after.
fn sample(lines: &[&str], start: usize) -> (String, usize) {
    let indent = lines[start].len() - lines[start].trim_start().len();
    let json = lines[start].trim_start().starts_with('{');
    let mut depth = 0i64;
    let mut out = String::new();
    let mut i = start;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if i > start && (trimmed.is_empty() || trimmed.starts_with('•') || section_of(trimmed).is_some()) {
            break;
        }
        let cut = (line.len() - line.trim_start().len()).min(indent);
        out.push_str(&line[cut..]);
        out.push('\n');
        i += 1;
        if json {
            depth += brace_balance(line);
            if depth <= 0 {
                break;
            }
        }
    }
    (out, i)
}

/// Opening minus closing braces outside string literals.
fn brace_balance(line: &str) -> i64 {
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => depth += 1,
            '}' | ']' if !in_string => depth -= 1,
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Call this operation to query the products.\n\nRequest parameters\n\nParameter Type Required Description\n\
Action String Yes The operation.\nCurrentPage Integer Yes The page.\nAliyunCommodityCode String No\n\nThe edition. Value options:\n\n\
iothub: Basic Edition products.\nCommon Request Parameters - Yes See Common parameters.\n\nResponse parameters\n\n\
Parameter Type Description\nData Data Product data. See the following table Data.\nTable 1. Data\nParameter Type Description\n\
List List Information. See the following table ProductInfo.\nNote Product information is listed in order.\nTable 2. ProductInfo\n\
Parameter Type Description\nProductKey String The key.\n\nResponse example\n\n  • JSON format\n    {\n      \"a\": {\n        \"b\": 1\n      }\n    }\n  • XML format\n";

    fn tables() -> Vec<Table> {
        read(PAGE).blocks.into_iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn rows_and_descriptions_on_following_lines() {
        let t = tables();
        let request = &t[0];
        let names: Vec<_> = request.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Action", "CurrentPage", "AliyunCommodityCode", "Common Request Parameters"]);
        assert_eq!(request.rows[2].required, Some(false));
        assert_eq!(request.rows[2].description, "The edition. Value options:\n\niothub: Basic Edition products.");
        assert_eq!(request.rows[3].ty, "-");
    }

    #[test]
    fn captions_name_tables_and_prose_lines_are_not_rows() {
        let t = tables();
        assert_eq!(t.len(), 4);
        assert_eq!(t[2].caption.as_deref(), Some("Data"));
        assert_eq!(t[2].rows.len(), 1);
        assert_eq!(t[2].rows[0].description, "Information. See the following table ProductInfo.\nNote Product information is listed in order.");
        assert_eq!(t[3].caption.as_deref(), Some("ProductInfo"));
    }

    #[test]
    fn indented_json_sample_ends_at_its_closing_brace() {
        let page = read(PAGE);
        let code = page.blocks.iter().find_map(|b| if let Block::Code { text, .. } = b { Some(text.clone()) } else { None });
        assert_eq!(code.as_deref(), Some("{\n  \"a\": {\n    \"b\": 1\n  }\n}\n"));
    }
}
