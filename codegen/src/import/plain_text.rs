//! The plain text of a rendered web page (copied from a browser): no markup, section titles on
//! their own lines, parameter tables in one of the layouts of [`web_table`] (rows whose last cell
//! may continue on the following lines), old `Table 2. ProductInfo` captions, and indented samples.

use super::Warning;
use super::page::{self, Block, Page};
use super::table::Table;
use super::text;
use super::web_table::{self, Header};

pub fn read(text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let captions: Vec<String> = lines.iter().filter_map(|l| caption(l)).collect();
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    let mut table: Option<(Table, Header)> = None;
    let mut pending_caption = None;
    let mut paragraph: Vec<&str> = Vec::new();
    let mut paragraph_line = 0;
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim();
        let number = i + 1;
        let header = web_table::header(&lines, i);
        // Rows come before section titles: one cell per line, a row's name may be one (`Description`).
        let mut in_table = table.as_ref().filter(|_| header.is_none()).map(|(t, h)| web_table::line(h, &lines, i, &captions, t.rows.last()));
        if in_table == Some(web_table::Line::End) {
            blocks.extend(table.take().map(|(t, _)| Block::Table(t)));
            in_table = None;
        }
        if let Some(web_table::Line::Row { row, lines: taken, warning }) = in_table {
            let (t, _) = table.as_mut().expect("in a table");
            warnings.extend(warning.map(|message| Warning { line: number, message }));
            t.rows.push(row);
            i += taken;
            continue;
        }
        let heading = page::section_of(trimmed.trim_end_matches([':', '：'])).is_some() || is_example_label(trimmed);
        let caption_here = caption(trimmed);
        let starts_code = trimmed.starts_with('{') || trimmed.starts_with("<?") || trimmed.starts_with('<') && table.is_none();
        if heading || header.is_some() || caption_here.is_some() || starts_code {
            blocks.extend(table.take().map(|(t, _)| Block::Table(t)));
            flush(&mut paragraph, paragraph_line, &mut blocks);
        }
        if heading {
            blocks.push(Block::Heading { line: number, text: text::heading_text(trimmed) });
        } else if let Some(header) = header {
            table = Some((Table { line: number, caption: pending_caption.take(), columns: header.columns, rows: Vec::new() }, header));
            i += header.lines;
            continue;
        } else if caption_here.is_some() {
            pending_caption = caption_here;
        } else if starts_code {
            let (code, end) = sample(&lines, i);
            blocks.push(Block::Code { line: number, text: code });
            i = end;
            continue;
        } else if let Some((t, header)) = table.as_mut() {
            match in_table {
                Some(web_table::Line::Unsplittable(message)) => warnings.push(Warning { line: number, message }),
                _ => {
                    if let Some(last) = t.rows.last_mut() {
                        last.description.push('\n');
                        last.description.push_str(&web_table::continuation(header.layout, trimmed));
                    }
                }
            }
        } else if trimmed.is_empty() {
            flush(&mut paragraph, paragraph_line, &mut blocks);
        } else {
            if paragraph.is_empty() {
                paragraph_line = number;
            }
            paragraph.push(trimmed.trim_start_matches('•').trim());
        }
        i += 1;
    }
    blocks.extend(table.take().map(|(t, _)| Block::Table(t)));
    flush(&mut paragraph, paragraph_line, &mut blocks);
    for block in &mut blocks {
        if let Block::Table(t) = block {
            for row in &mut t.rows {
                row.description = text::join_paragraphs(&row.description.lines().collect::<Vec<_>>());
            }
        }
    }
    Page { title: None, blocks, warnings }
}

fn flush(paragraph: &mut Vec<&str>, line: usize, blocks: &mut Vec<Block>) {
    if !paragraph.is_empty() {
        blocks.push(Block::Paragraph { line, text: text::clean(&paragraph.join("\n")) });
        paragraph.clear();
    }
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
        if i > start && (trimmed.is_empty() || trimmed.starts_with('•') || page::section_of(trimmed).is_some()) {
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
