//! Markdown pages (the AlibabaCloudDocs sources): headings with DITA anchors, paragraphs, code
//! fences, and pipe tables whose cells may run over several lines.

use super::table::{Columns, Table};
use super::text;
use super::{Block, Page};

pub(super) fn read(text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut title = None;
    let mut paragraph: Vec<&str> = Vec::new();
    let mut paragraph_line = 0;
    let mut i = 0;
    let flush = |paragraph: &mut Vec<&str>, line: usize, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            let text = text::clean(&paragraph.join("\n"));
            if !text.is_empty() {
                blocks.push(Block::Paragraph { line, text });
            }
            paragraph.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if let Some(fence_indent) = fence_start(line) {
            flush(&mut paragraph, paragraph_line, &mut blocks);
            let (code, skipped, end) = code_block(&lines, i + 1, fence_indent);
            blocks.push(Block::Code { line: i + 2 + skipped, text: code });
            i = end;
            continue;
        }
        if trimmed.starts_with('#') {
            flush(&mut paragraph, paragraph_line, &mut blocks);
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let heading = text::heading_text(&trimmed[level..]);
            if level == 1 && title.is_none() {
                title = Some(heading);
            } else {
                blocks.push(Block::Heading { line: i + 1, text: heading });
            }
            i += 1;
            continue;
        }
        if trimmed.starts_with('|') && (lines.get(i + 1).is_some_and(|next| is_separator(next)) || is_bare_header(&lines, i)) {
            flush(&mut paragraph, paragraph_line, &mut blocks);
            let (table, end) = table(&lines, i);
            // A short label right above a table names the structure it describes.
            let label = match blocks.last() {
                Some(Block::Heading { line, text } | Block::Paragraph { line, text }) if i + 1 - line <= 4 => Some(text.as_str()),
                _ => None,
            };
            blocks.extend(table.map(|mut t| {
                t.caption = label.and_then(super::table::caption_of);
                Block::Table(t)
            }));
            i = end;
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, paragraph_line, &mut blocks);
        } else if is_bold_label(trimmed) {
            flush(&mut paragraph, paragraph_line, &mut blocks);
            blocks.push(Block::Heading { line: i + 1, text: text::heading_text(trimmed) });
        } else {
            if paragraph.is_empty() {
                paragraph_line = i + 1;
            }
            paragraph.push(line);
        }
        i += 1;
    }
    flush(&mut paragraph, paragraph_line, &mut blocks);
    Page { title, blocks, warnings: Vec::new() }
}

/// `**Request example**`: a whole line in bold works as a heading on older pages.
fn is_bold_label(line: &str) -> bool {
    line.len() > 4 && line.starts_with("**") && line.ends_with("**") && !line[2..line.len() - 2].contains("**")
}

/// The indentation of a fence opening (fences are indented under list items on older pages).
fn fence_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    line.trim_start().starts_with("```").then_some(indent)
}

/// The fence's content, de-indented by the fence's own indentation, the number of blank lines
/// before it, and the index after it.
fn code_block(lines: &[&str], start: usize, indent: usize) -> (String, usize, usize) {
    let mut out = String::new();
    let mut i = start;
    while i < lines.len() && !lines[i].trim_start().starts_with("```") {
        let line = lines[i];
        let cut = line.len() - line.trim_start().len();
        out.push_str(&line[cut.min(indent)..]);
        out.push('\n');
        i += 1;
    }
    // A sample framed by blank lines inside the fence keeps only its content.
    let trimmed = out.trim_matches('\n');
    let skipped = out.len() - out.trim_start_matches('\n').len();
    let text = if trimmed.is_empty() { String::new() } else { format!("{trimmed}\n") };
    (text, if trimmed.is_empty() { 0 } else { skipped }, (i + 1).min(lines.len()))
}

/// A header naming parameter columns (`|Name|Type|Required|Description|`) with rows right after
/// it and no `|--|` line between: some older pages leave the separator out.
fn is_bare_header(lines: &[&str], at: usize) -> bool {
    let cells = split_cells(lines[at]);
    lines.get(at + 1).is_some_and(|next| next.trim_start().starts_with('|'))
        && cells.iter().all(|c| !c.trim().is_empty())
        && Columns::from_header(&cells).is_some()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A pipe table starting at `start` (the header); `None` if the header names no parameter columns.
/// Returns the index after the table.
fn table(lines: &[&str], start: usize) -> (Option<Table>, usize) {
    let header = split_cells(lines[start]);
    let columns = Columns::from_header(&header);
    let count = header.len();
    let mut rows = Vec::new();
    let mut i = start + if lines.get(start + 1).is_some_and(|next| is_separator(next)) { 2 } else { 1 };
    loop {
        // A blank line and a lone `|` inside a table: the same table goes on after them.
        if lines.get(i).is_some_and(|l| l.trim().is_empty())
            && lines.get(i + 1).is_some_and(|l| l.trim() == "|")
            && lines.get(i + 2).is_some_and(|l| l.trim_start().starts_with('|') && l.trim() != "|" && !is_separator(l))
        {
            i += 2;
        }
        if !(i < lines.len() && lines[i].trim_start().starts_with('|') && !is_separator(lines[i])) {
            break;
        }
        let row_line = i + 1;
        let mut raw = lines[i].trim_start().to_string();
        let mut cells = RowCells::default();
        cells.add(&raw);
        i += 1;
        // A row runs over several lines until it holds all its cells and ends in `|`.
        while !(cells.count() >= count && raw.trim_end().ends_with('|')) && i < lines.len() {
            let next = lines[i];
            if next.trim_start().starts_with('|') && next.trim() != "|" && cells.count() >= count {
                break;
            }
            if next.trim().is_empty() && lines.get(i + 1).is_none_or(|l| l.trim().is_empty()) && cells.count() >= count && !closes_ahead(lines, i) {
                break;
            }
            raw.push('\n');
            raw.push_str(next);
            cells.add(next);
            i += 1;
        }
        if let Some(columns) = &columns {
            rows.push(columns.row(row_line, &split_cells(&raw)));
        }
    }
    (columns.map(|columns| Table { line: start + 1, caption: None, columns, rows }), i)
}

/// The cells of a row that starts with `|`, counted as its lines come (as [`split_cells`] would
/// split the row so far).
#[derive(Default)]
struct RowCells {
    pipes: usize,
    /// Only blanks after the last pipe.
    last_blank: bool,
}

impl RowCells {
    fn add(&mut self, line: &str) {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    chars.next();
                    self.last_blank = false;
                }
                '|' => {
                    self.pipes += 1;
                    self.last_blank = true;
                }
                c => self.last_blank &= c.is_whitespace(),
            }
        }
    }

    fn count(&self) -> usize {
        self.pipes.max(1) - usize::from(self.last_blank && self.pipes > 1)
    }
}

/// Whether a line ending in `|` closes the row being read before the next row, heading or fence
/// (a description with blank lines in it), within a page's worth of lines.
fn closes_ahead(lines: &[&str], from: usize) -> bool {
    for line in lines.iter().skip(from).take(80) {
        let t = line.trim();
        if t.starts_with('#') || t.starts_with("```") || t.starts_with('|') && t != "|" {
            return false;
        }
        if t.ends_with('|') {
            return true;
        }
    }
    false
}

/// The cells of a row: split on unescaped `|`, without the empty edges.
pub(super) fn split_cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().expect("never empty").push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().expect("never empty").push(c),
        }
    }
    if cells.first().is_some_and(|c| c.trim().is_empty()) {
        cells.remove(0);
    }
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(page: &str) -> Vec<Table> {
        read(page)
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn multi_line_cells_end_on_a_pipe_line() {
        let page = "## Request parameters {#section_vyp .section}\n\n|Parameter|Type|Required|Description|\n|:--|:--|:--|:--|\n\
|CurrentPage|Integer|Yes|The page.|\n\
|AliyunCommodityCode|String|No| The edition. Value options:\n\n iothub\\_senior: Pro.\n\n iothub: Basic.\n\n |\n\
|Common Request Parameters|-|Yes|See [Common parameters](x.md#).|\n\nAfter.\n";
        let t = &tables(page)[0];
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].name, "AliyunCommodityCode");
        assert_eq!(t.rows[1].description, "The edition. Value options:\n\niothub_senior: Pro.\n\niothub: Basic.");
        assert_eq!(t.rows[2].line, 13);
        assert_eq!(t.rows[2].description, "See Common parameters.");
    }

    #[test]
    fn a_row_without_closing_pipe_runs_to_the_bullet_that_ends_it() {
        let page = "|Parameter|Type|Example|Description|\n|---|---|---|---|\n|Success|Boolean|true|Indicates success.\n\n-   **true**: ok.\n-   **false**: failed. |\n|X|String|x|y |\n";
        let t = &tables(page)[0];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].description, "Indicates success.\n\n-   true: ok.\n-   false: failed.");
        assert_eq!(t.rows[1].name, "X");
    }

    #[test]
    fn cells_are_counted_as_split() {
        for row in ["|a|b|", "| a | b |c", "|a\\|b|", "|", "||", "| |x| |", "|a \\\\| b", "|a|b|\n\nmore |"] {
            let mut cells = RowCells::default();
            row.lines().for_each(|l| cells.add(l));
            assert_eq!(cells.count(), split_cells(row).len(), "{row}");
        }
    }

    #[test]
    fn headings_lose_anchors_and_bold_lines_are_headings() {
        let page =
            read("# QueryProductList {#reference_tts .reference}\n\nCall this.\n\n**Response parameters**\n\n    ```\n    {\"a\": 1}\n    ```\n");
        assert_eq!(page.title.as_deref(), Some("QueryProductList"));
        assert_eq!(page.blocks[1], Block::Heading { line: 5, text: "Response parameters".into() });
        assert_eq!(page.blocks[2], Block::Code { line: 8, text: "{\"a\": 1}\n".into() });
    }
}
