//! Parameter tables in the plain text of a web page, in the layouts browsers and converters
//! produce (corpus README, quirk 18): cells separated by spaces (`Action String Yes The ...`), by
//! pipes (`Action | String | Yes | ... |` under a `---|---|` line), one cell per line, or run
//! together with no separator at all (`ActionStringYesThe ...`). Each layout has its own header
//! shape; the rows of a table are read in the layout of its header.

use super::markdown::split_cells;
use super::table::{Columns, Role, Row, parse_required};
use super::text;
use super::types::{self, DocType, Element};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Spaced,
    Piped,
    CellPerLine,
    Concatenated,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    pub columns: Columns,
    pub layout: Layout,
    /// Page lines the header takes (a pipe header's separator line included).
    pub lines: usize,
}

/// A table header starting at `lines[start]`: every cell names a column, and there are name and
/// type columns.
pub fn header(lines: &[&str], start: usize) -> Option<Header> {
    let line = lines[start].trim();
    let header = |columns, layout, lines| Some(Header { columns, layout, lines });
    if line.contains('|') {
        let cells = split_cells(line);
        let columns = all_named(&cells)?;
        let separated = lines.get(start + 1).is_some_and(|next| is_separator(next));
        return header(columns, Layout::Piped, 1 + usize::from(separated));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() >= 2 {
        return header(all_named(&words)?, Layout::Spaced, 1);
    }
    let stacked: Vec<&str> = lines[start..].iter().map(|l| l.trim()).take_while(|l| Role::of(l).is_some()).collect();
    if stacked.len() >= 2
        && let Some(columns) = all_named(&stacked)
    {
        return header(columns, Layout::CellPerLine, stacked.len());
    }
    let run_together = split_column_names(line)?;
    header(all_named(&run_together)?, Layout::Concatenated, 1)
}

/// The columns of a header whose every cell names a column, each role once.
fn all_named<S: AsRef<str>>(cells: &[S]) -> Option<Columns> {
    let mut roles: Vec<Role> = cells.iter().map(|c| Role::of(c.as_ref())).collect::<Option<_>>()?;
    roles.sort();
    roles.dedup();
    if roles.len() < cells.len() {
        return None;
    }
    Columns::from_header(cells)
}

/// `ParameterTypeRequiredDescription` -> its column names; the reading with the most columns
/// (`RequiredDescription` alone would also read as a `Required...` column). Each role is taken
/// once, and long lines are not tried: `Description...` and `Required...` prefixes of any length
/// name columns, so the readings multiply with the length.
fn split_column_names(line: &str) -> Option<Vec<&str>> {
    const LONGEST_HEADER: usize = 100;
    (line.len() <= LONGEST_HEADER).then(|| column_names(line, &[]))?
}

fn column_names<'a>(line: &'a str, taken: &[Role]) -> Option<Vec<&'a str>> {
    if line.is_empty() {
        return Some(Vec::new());
    }
    let ends = line.char_indices().skip(1).map(|(i, _)| i).chain([line.len()]);
    ends.filter_map(|i| {
        let role = Role::of(&line[..i]).filter(|r| !taken.contains(r))?;
        let mut names = column_names(&line[i..], &[taken, &[role]].concat())?;
        names.insert(0, &line[..i]);
        Some(names)
    })
    .max_by_key(Vec::len)
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// What a line inside a table is.
#[derive(Debug, PartialEq)]
pub enum Line {
    /// A new row; `lines` is how many page lines its leading cells take (cell-per-line rows: all
    /// but the last), `warning` what could not be read of it.
    Row { row: Row, lines: usize, warning: Option<String> },
    /// More of the previous row's last cell.
    Continuation,
    /// A row whose cells cannot be told apart; the message says why.
    Unsplittable(String),
    /// Not part of the table: a pipe table's last row has closed with its `|`.
    End,
}

/// Reads `lines[i]` (and, one cell per line, the lines after it) in a table of this header.
/// `captions` are the structure names of the page's `Table N. X` captions; `previous` is the row
/// before, whose `Array of X` type makes a bare `X` line its marker row.
pub fn line(header: &Header, lines: &[&str], i: usize, captions: &[String], previous: Option<&Row>) -> Line {
    let trimmed = lines[i].trim();
    let number = i + 1;
    if previous.is_some_and(|row| is_marker_of(trimmed, row)) {
        let row = Row { line: number, name: trimmed.to_string(), ty: String::new(), required: None, example: None, description: String::new() };
        return Line::Row { row, lines: 1, warning: None };
    }
    let columns = header.columns;
    let read = match header.layout {
        Layout::Spaced => spaced(columns, trimmed, number, captions).map(|row| (row, 1)),
        Layout::Piped => match piped(columns, trimmed, number) {
            Some(row) => Some((row, 1)),
            None if lines[..i].iter().rev().find(|l| !l.trim().is_empty()).is_some_and(|l| l.trim_end().ends_with('|')) => {
                return Line::End;
            }
            None => None,
        },
        Layout::CellPerLine => cell_per_line(columns, lines, i, captions),
        Layout::Concatenated => return concatenated(columns, trimmed, number, captions),
    };
    read.map_or(Line::Continuation, |(row, lines)| Line::Row { row, lines, warning: None })
}

/// More text for the last cell: a pipe row's continuation lines end in the row's closing `|`.
pub fn continuation(layout: Layout, line: &str) -> String {
    let line = line.trim();
    let line = if layout == Layout::Piped { line.trim_end_matches('|').trim_end() } else { line };
    text::clean_web(line)
}

/// `Data` after a `Data Array of Data ...` row: the marker row of an `Array of X`, whose empty
/// cells leave only the name.
fn is_marker_of(line: &str, previous: &Row) -> bool {
    matches!(types::parse(&previous.ty), DocType::Array { element: Element::Named(x), .. } if x == line)
}

/// The pseudo row name the line starts with, in the line's own spelling.
fn pseudo_name(line: &str) -> Option<&str> {
    let lower = line.to_lowercase();
    super::rows::PSEUDO_NAMES.iter().find(|p| lower.starts_with(*p)).and_then(|p| line.get(..p.len()))
}

fn is_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphanumeric()) && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// Whether `ty` reads as the type cell of a row named `name`. A structure named in the type column
/// is either the field's own name or a table caption; anything else is the first word of a
/// description line. Pseudo rows have `-` for a type.
fn is_type_cell(name: &str, ty: &str, captions: &[String], pseudo: bool) -> bool {
    match types::parse(ty) {
        DocType::Scalar(_) | DocType::Array { .. } | DocType::Object(None) => true,
        DocType::Object(Some(n)) => n == name || captions.contains(&n),
        DocType::NotAType => pseudo,
        DocType::Marker => false,
    }
}

/// `Name Type Yes Example Description...`: a name, a type, then the required and example words
/// the header announces, then text. A pseudo row whose name has spaces (`Common Request
/// Parameters - Yes ...`) is kept by its name.
fn spaced(columns: Columns, line: &str, number: usize, captions: &[String]) -> Option<Row> {
    let pseudo = pseudo_name(line);
    let (name, rest) = match pseudo {
        Some(p) => line.split_at(p.len()),
        None => line.split_once(char::is_whitespace)?,
    };
    let rest = rest.trim_start();
    // `Array of X` is the one type of several words.
    let type_words = if rest.starts_with("Array of ") { 3 } else { 1 };
    let mut words = rest.splitn(type_words + 1, char::is_whitespace);
    let type_end = words.by_ref().take(type_words).map(|w| w.len() + 1).sum::<usize>() - 1;
    let ty = rest.get(..type_end)?;
    if !is_type_cell(name, ty, captions, pseudo.is_some()) || pseudo.is_none() && !is_name(name) {
        return None;
    }
    let mut rest = words.next().unwrap_or("").trim();
    let mut required = None;
    if columns.required.is_some() {
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        required = parse_required(word);
        if required.is_some() {
            rest = after.trim();
        }
    }
    let mut example = None;
    if columns.example.is_some() {
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        example = Some(word.to_string()).filter(|w| !w.is_empty());
        rest = after.trim();
    }
    Some(Row { line: number, name: name.trim().to_string(), ty: ty.to_string(), required, example, description: text::clean_web(rest) })
}

/// `Name | Type | Yes | Description |`: a line with a separator for each column boundary.
/// `Data | |||` is a marker row like its markdown twin.
fn piped(columns: Columns, line: &str, number: usize) -> Option<Row> {
    if line.matches('|').count() + 1 < columns.count {
        return None;
    }
    let cells = split_cells(line);
    cells.first().is_some_and(|name| !name.trim().is_empty()).then(|| columns.row_cleaned_by(number, &cells, text::clean_web))
}

/// One cell per line: a row starts where a name line is followed by a type line (and a required
/// line, if the table has that column). Its cells but the last take one line each; the last one
/// runs to the next row, like a description in the spaced layout.
fn cell_per_line(columns: Columns, lines: &[&str], start: usize, captions: &[String]) -> Option<(Row, usize)> {
    // The last cell runs on, unless it is the name or type (a two-column table).
    let leading = (columns.count - 1).max(columns.name + 1).max(columns.ty + 1);
    let cells: Vec<String> = lines.get(start..start + leading.max(2))?.iter().map(|l| l.trim().to_string()).collect();
    let name = cells.get(columns.name)?;
    let pseudo = pseudo_name(name).is_some_and(|p| p.len() == name.len());
    let is_row = (pseudo || is_name(name))
        && is_type_cell(name, cells.get(columns.ty)?, captions, pseudo)
        && columns.required.is_none_or(|r| cells.get(r).is_some_and(|c| parse_required(c).is_some()));
    is_row.then(|| (columns.row_cleaned_by(start + 1, &cells[..leading.min(cells.len())], text::clean_web), leading))
}

/// The words a type cell can be in a row with no separators, longest first where one starts
/// another. Structures named by captions and `Array of X`/`List<X>` are added per row.
const TYPE_WORDS: [&str; 14] =
    ["RepeatList", "String", "Integer", "Long", "Boolean", "Float", "Double", "Date", "Object", "Struct", "Array", "List", "Map", "JSON"];
const REQUIRED_WORDS: [&str; 8] = ["Yes", "No", "是", "否", "true", "false", "Required", "Optional"];

/// `ActionStringYesThe operation ...`: cells run together. Known type and required words are the
/// anchors: every way to read the line as name, type, required word and a text that can start a
/// cell is tried, and the line is a row only if exactly one reading fits. An example column runs
/// into the description with nothing to tell where one ends, so the text is kept as the
/// description and the example is not read.
fn concatenated(columns: Columns, line: &str, number: usize, captions: &[String]) -> Line {
    let readings = concatenated_readings(columns, line, captions);
    let Some(&(name, ty, required, rest)) = readings.first() else {
        return Line::Continuation;
    };
    if readings.len() > 1 {
        let types: Vec<String> = readings.iter().map(|(n, t, ..)| format!("`{n}` `{t}`")).collect();
        return Line::Unsplittable(format!("row cells run together and read several ways ({}); row skipped", types.join(", ")));
    }
    let warning = (columns.example.is_some() && !rest.is_empty())
        .then(|| format!("`{name}`: the example and description cells run together; both kept as the description, no example read"));
    let row = Row { line: number, name: name.to_string(), ty: ty.to_string(), required, example: None, description: text::clean_web(rest) };
    Line::Row { row, lines: 1, warning }
}

type Reading<'a> = (&'a str, &'a str, Option<bool>, &'a str);

fn concatenated_readings<'a>(columns: Columns, line: &'a str, captions: &[String]) -> Vec<Reading<'a>> {
    let pseudo = pseudo_name(line);
    let names: Vec<&str> = match pseudo {
        Some(p) => vec![p],
        None => line.char_indices().skip(1).map(|(i, _)| &line[..i]).take_while(|n| is_name(n)).collect(),
    };
    let pseudo = pseudo.is_some();
    let mut readings = Vec::new();
    for name in names {
        let after_name = &line[name.len()..];
        for ty in type_prefixes(after_name, captions, pseudo) {
            let rest = &after_name[ty.len()..];
            if !is_type_cell(name, ty, captions, pseudo) {
                continue;
            }
            let (required, rest) = match columns.required {
                Some(_) => match REQUIRED_WORDS.iter().find(|w| rest.starts_with(*w)) {
                    Some(word) => (parse_required(word), &rest[word.len()..]),
                    None => continue,
                },
                None => (None, rest),
            };
            if can_start_cell(rest, columns.example.is_some()) {
                readings.push((name, ty, required, rest));
            }
        }
    }
    readings
}

/// The type cells `text` may start with: known words, caption names, `List<X>`, and `Array of X`
/// for every identifier `X` it may continue with (the readings that do not fit drop out later).
fn type_prefixes<'a>(text: &'a str, captions: &[String], pseudo: bool) -> Vec<&'a str> {
    let words = TYPE_WORDS.into_iter().chain(captions.iter().map(String::as_str));
    let mut prefixes: Vec<&str> = words.filter_map(|w| text.get(..w.len()).filter(|p| *p == w)).collect();
    if pseudo && text.starts_with('-') {
        prefixes.push("-");
    }
    if text.starts_with("List<")
        && let Some(end) = text.find('>')
    {
        prefixes.push(&text[..=end]);
    }
    if let Some(element) = text.strip_prefix("Array of ") {
        let start = text.len() - element.len();
        let ends = element.char_indices().skip(1).map(|(i, _)| i).chain([element.len()]);
        prefixes.extend(ends.take_while(|&i| is_name(&element[..i])).map(|i| &text[..start + i]));
    }
    prefixes.sort_unstable();
    prefixes.dedup();
    prefixes
}

/// Whether a cell may start here: cells are trimmed, so not on a space, and a lowercase letter
/// would continue the word before it, unless an example (`true`, `barcodeScanner`) comes next.
fn can_start_cell(rest: &str, example_next: bool) -> bool {
    match rest.chars().next() {
        None => true,
        Some(c) if c.is_whitespace() => false,
        Some(c) => example_next || !c.is_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of(text: &str) -> Option<Header> {
        header(&text.lines().collect::<Vec<_>>(), 0)
    }

    fn row_of(header_text: &str, row_text: &str) -> Line {
        let header = header_of(header_text).unwrap();
        let lines = [row_text];
        line(&header, &lines, 0, &["Data".to_string()], None)
    }

    #[test]
    fn headers_of_every_layout() {
        let spaced = header_of("Parameter Type Required Description").unwrap();
        assert_eq!((spaced.layout, spaced.columns.required, spaced.lines), (Layout::Spaced, Some(2), 1));
        let piped = header_of("Parameter | Type | Description |\n---|---|---|").unwrap();
        assert_eq!((piped.layout, piped.columns.description, piped.lines), (Layout::Piped, Some(2), 2));
        let stacked = header_of("名称\n类型\n是否必选\n示例值\n描述\nProductKey").unwrap();
        assert_eq!((stacked.layout, stacked.columns.example, stacked.lines), (Layout::CellPerLine, Some(3), 5));
        let run_together = header_of("ParameterTypeRequiredExampleDescription").unwrap();
        assert_eq!((run_together.layout, run_together.columns.count, run_together.columns.required), (Layout::Concatenated, 5, Some(2)));
        assert_eq!(header_of("名称类型是否必选描述").map(|h| h.columns.count), Some(4));
        // Prose, a lone column name and a repeated role are not headers.
        let long = "ParameterTypeDescriptionRequired".repeat(4);
        for text in ["Parameter Type is important", "Description\nYou can query", "TypeType", "Parameter | Note |", &long] {
            assert_eq!(header_of(text), None, "{text}");
        }
    }

    #[test]
    fn run_together_rows_split_at_type_and_required_words() {
        let Line::Row { row, warning: None, .. } = row_of("ParameterTypeRequiredDescription", "IsListedStringYesWhether it is listed.") else {
            panic!("not a row")
        };
        assert_eq!((row.name.as_str(), row.ty.as_str(), row.required), ("IsListed", "String", Some(true)));
        assert_eq!(row.description, "Whether it is listed.");
        let Line::Row { row, .. } = row_of("ParameterTypeDescription", "DataDataProduct data.") else { panic!("not a row") };
        assert_eq!((row.name.as_str(), row.ty.as_str()), ("Data", "Data"));
        let Line::Row { row, .. } = row_of("ParameterTypeRequiredDescription", "Common Request Parameters-YesSee Common parameters.") else {
            panic!("not a row")
        };
        assert_eq!((row.name.as_str(), row.ty.as_str()), ("Common Request Parameters", "-"));
        // `List` then `StringThe...` or `ListString` then `The...`: no way to tell.
        assert!(matches!(row_of("ParameterTypeDescription", "IsListStringThe flag."), Line::Unsplittable(_)));
        // Description lines stay descriptions.
        for text in ["iothub_senior: Pro Edition products.", "Note If you do not specify this parameter.", "0: Device."] {
            assert_eq!(row_of("ParameterTypeRequiredDescription", text), Line::Continuation, "{text}");
        }
    }

    #[test]
    fn a_bare_element_name_after_an_array_of_row_is_its_marker_row() {
        let header = header_of("Parameter Type Description").unwrap();
        let lines = ["Data Array of DeviceInfo The devices.", "DeviceInfo", "Name String The name."];
        let Line::Row { row: array, .. } = line(&header, &lines, 0, &[], None) else { panic!("not a row") };
        let Line::Row { row: marker, .. } = line(&header, &lines, 1, &[], Some(&array)) else { panic!("not a marker row") };
        assert_eq!((marker.name.as_str(), marker.ty.as_str(), marker.line), ("DeviceInfo", "", 2));
    }

    #[test]
    fn a_closed_pipe_row_ends_its_table() {
        let lines = ["Parameter | Type | Description |", "---|---|---|", "Code | String | The error", "code. |", "", "After the table."];
        let header = header_of(&lines.join("\n")).unwrap();
        assert!(matches!(line(&header, &lines, 2, &[], None), Line::Row { .. }));
        assert_eq!(line(&header, &lines, 3, &[], None), Line::Continuation);
        assert_eq!(continuation(Layout::Piped, lines[3]), "code.");
        assert_eq!(line(&header, &lines, 5, &[], None), Line::End);
        let Line::Row { row: marker, .. } = line(&header, &["Data | |||"], 0, &[], None) else { panic!("not a row") };
        assert_eq!((marker.name.as_str(), marker.ty.as_str()), ("Data", ""));
    }
}
