//! Parameter tables in the plain text of a web page, in the layouts browsers and converters
//! produce: cells separated by tabs (a browser copy:
//! `Action<TAB>String<TAB>Yes<TAB>QueryDeviceList<TAB>` with the description on the following
//! lines), by spaces (`Action String Yes The ...`), by pipes (`Action | String | Yes | ... |`, with
//! or without edge pipes and a `---|---|` line, the last cell running over several lines until one
//! ends in `|`), one cell per line, or run together with no separator at all
//! (`ActionStringYesThe ...`). The header has its own layout; the rows are read in the layout the
//! first row shows (a header one cell per line may head tab-separated rows).

use super::markdown::split_cells;
use super::table::{Columns, PSEUDO_NAMES, Role, Row, TREE_GLYPHS, holds_elements, parse_required};
use super::text;
use crate::import::types::{self, DocType, Element};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    Spaced,
    Tabbed,
    Piped,
    CellPerLine,
    Concatenated,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Header {
    pub columns: Columns,
    /// The layout of the header itself.
    pub layout: Layout,
    /// The layout the rows are read in.
    pub rows: Layout,
    /// Page lines the header takes (a pipe header's separator line included).
    pub lines: usize,
}

/// A table header starting at `lines[start]`: every cell names a column, and there are name and
/// type columns.
pub(super) fn header(lines: &[&str], start: usize) -> Option<Header> {
    let line = lines[start].trim_matches(|c: char| c == ' ' || c == '\u{a0}');
    let (columns, layout, taken) = header_cells(lines, start, line)?;
    let rows = row_layout(layout, columns, lines, start + taken);
    Some(Header { columns, layout, rows, lines: taken })
}

fn header_cells(lines: &[&str], start: usize, line: &str) -> Option<(Columns, Layout, usize)> {
    if line.contains('\t') {
        let cells = tab_cells(line);
        let named: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
        return Some((all_named(&named)?, Layout::Tabbed, 1));
    }
    let line = line.trim();
    if line.contains('|') {
        let cells = split_cells(line);
        let columns = all_named(&cells)?;
        let separated = lines.get(start + 1).is_some_and(|next| is_separator(next));
        return Some((columns, Layout::Piped, 1 + usize::from(separated)));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() >= 2 {
        return Some((all_named(&words)?, Layout::Spaced, 1));
    }
    let stacked: Vec<&str> = lines[start..].iter().map(|l| l.trim()).take_while(|l| Role::of(l).is_some()).collect();
    if stacked.len() >= 2
        && let Some(columns) = all_named(&stacked)
    {
        return Some((columns, Layout::CellPerLine, stacked.len()));
    }
    let run_together = split_column_names(line)?;
    Some((all_named(&run_together)?, Layout::Concatenated, 1))
}

/// The layout of the rows under a header of `layout`, from the first line after it.
fn row_layout(layout: Layout, columns: Columns, lines: &[&str], from: usize) -> Layout {
    let Some(first) = lines.iter().skip(from).take(4).find(|l| !l.trim().is_empty()) else { return layout };
    let trimmed = first.trim();
    if layout == Layout::Piped {
        return Layout::Piped;
    }
    if first.trim_end().contains('\t') {
        return Layout::Tabbed;
    }
    match layout {
        Layout::Tabbed => Layout::Spaced,
        Layout::CellPerLine | Layout::Concatenated => {
            if trimmed.contains('|') && piped(columns, trimmed, 0, &[]).is_some() {
                Layout::Piped
            } else if spaced(columns, trimmed, 0, &[]).is_some() {
                Layout::Spaced
            } else {
                layout
            }
        }
        other => other,
    }
}

/// The cells of a tab-separated line, trimmed; empty cells kept.
fn tab_cells(line: &str) -> Vec<&str> {
    let line = line.trim_end_matches(['\t', ' ', '\u{a0}', '\r']);
    line.split('\t').map(|c| c.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')).collect()
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

pub(super) fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// What a line inside a table is.
#[derive(Debug, PartialEq)]
pub(super) enum Line {
    /// A new row; `lines` is how many page lines its leading cells take (cell-per-line rows: all
    /// but the last), `warning` what could not be read of it, `closed` whether a pipe row is
    /// complete (all its cells, and a closing `|`): what follows is no more of its last cell.
    Row { row: Row, lines: usize, warning: Option<String>, closed: bool },
    /// More of the previous row's last cell.
    Continuation,
    /// A row whose cells cannot be told apart; the message says why.
    Unsplittable(String),
    /// Not part of the table: a pipe table's last row has closed with its `|`.
    End,
}

/// Reads `lines[i]` (and, one cell per line, the lines after it) in a table of this header.
/// `captions` are the structure names of the page's `Table N. X` captions; `previous` is the row
/// before, whose `Array of X` type makes a bare `X` line its marker row; `closed` is whether that
/// row was a complete pipe row.
pub(super) fn line(header: &Header, lines: &[&str], i: usize, captions: &[String], previous: Option<&Row>, closed: bool) -> Line {
    // Nested rows may come indented with tree glyphs (`└ DeviceName String ...`).
    let trimmed = lines[i].trim().trim_start_matches(TREE_GLYPHS).trim_start();
    let number = i + 1;
    if previous.is_some_and(|row| is_marker_of(trimmed, row)) {
        let row = marker_row(number, marker_name(trimmed));
        return Line::Row { row, lines: 1, warning: None, closed: header.rows == Layout::Piped };
    }
    if let Some(row) = previous.filter(|row| holds_elements(row)).and_then(|_| element_row(trimmed, number)) {
        return Line::Row { row, lines: 1, warning: None, closed: header.rows == Layout::Piped };
    }
    let columns = header.columns;
    let read = match header.rows {
        Layout::Spaced => spaced(columns, trimmed, number, captions).map(|row| (row, 1)),
        Layout::Tabbed => tabbed(columns, lines[i].trim_start().trim_start_matches(TREE_GLYPHS), number, captions, previous).map(|row| (row, 1)),
        Layout::Piped => match piped(columns, trimmed, number, captions) {
            Some(row) => {
                let closed = trimmed.ends_with('|') && split_cells(trimmed).len() >= columns.count;
                return Line::Row { row, lines: 1, warning: None, closed };
            }
            None if closed && !trimmed.is_empty() && trimmed != "|" => return Line::End,
            None => None,
        },
        Layout::CellPerLine => cell_per_line(columns, lines, i, captions),
        Layout::Concatenated => return concatenated(columns, trimmed, number, captions),
    };
    read.map_or(Line::Continuation, |(row, lines)| Line::Row { row, lines, warning: None, closed: false })
}

/// More text for the last cell: a pipe row's continuation lines end in the row's closing `|`.
pub(super) fn continuation(layout: Layout, line: &str) -> String {
    let line = line.trim();
    let line = if layout == Layout::Piped { line.trim_start_matches('|').trim_end_matches('|').trim() } else { line };
    text::clean_web(line)
}

/// Whether a continuation line closes a pipe row.
pub(super) fn closes_row(layout: Layout, line: &str) -> bool {
    layout == Layout::Piped && line.trim_end().ends_with('|')
}

/// `object`, `object<TAB>No`, `string | 是 |`: an array's element as a row of its own, with no name
/// (its cells are a lowercase type and, in a request table, a required word). Read as a row with
/// an empty name.
pub(super) fn element_row(line: &str, number: usize) -> Option<Row> {
    let cells: Vec<&str> = line.split(['\t', '|', ' ']).map(str::trim).filter(|c| !c.is_empty()).collect();
    let (ty, rest) = cells.split_first()?;
    let type_word = ty.starts_with(|c: char| c.is_ascii_lowercase()) && matches!(types::parse(ty), DocType::Scalar(_) | DocType::Object(None));
    let required = match rest {
        [] => None,
        [word] => Some(parse_required(word)?),
        _ => return None,
    };
    let required_cell = rest.first().map(|w| w.to_string()).unwrap_or_default();
    type_word.then(|| Row {
        line: number,
        name: String::new(),
        ty: ty.to_string(),
        required,
        required_cell,
        example: None,
        description: String::new(),
    })
}

fn marker_row(line: usize, name: &str) -> Row {
    Row { line, name: name.to_string(), ty: String::new(), required: None, required_cell: String::new(), example: None, description: String::new() }
}

/// `Data` after a `Data Array of Data ...` row: the marker row of an `Array of X`, whose empty
/// cells leave only the name.
fn is_marker_of(line: &str, previous: &Row) -> bool {
    let line = marker_name(line);
    matches!(types::parse(&previous.ty), DocType::Array { element: Element::Named(x), .. } if x == line)
}

/// `| Data | | |` -> `Data`.
fn marker_name(line: &str) -> &str {
    line.trim_matches(|c: char| matches!(c, '|' | '\t' | ' ' | '\u{a0}'))
}

/// The pseudo row name the line starts with, in the line's own spelling.
fn pseudo_name(line: &str) -> Option<&str> {
    let lower = line.to_lowercase();
    PSEUDO_NAMES.iter().find(|p| lower.starts_with(*p)).and_then(|p| line.get(..p.len()))
}

fn is_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphanumeric()) && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// A name in a cell of its own: a name, or a few words of one (`Group ID`), which the importer
/// makes an identifier of (with a warning).
fn is_cell_name(cell: &str) -> bool {
    is_name(cell) || cell.split(' ').count() <= 3 && cell.split(' ').all(|w| is_name(w) && w.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Words that start sentences of descriptions (`The number of ...`, `If string ...`) and are
/// never parameter names: a line starting with one is prose, whatever the next word is.
const SENTENCE_STARTS: &[&str] = &[
    "A", "An", "And", "As", "At", "By", "For", "From", "If", "In", "It", "Its", "Of", "On", "Or", "See", "The", "These", "This", "To", "When", "You",
    "Your",
];

fn is_row_name(word: &str) -> bool {
    is_name(word) && !SENTENCE_STARTS.contains(&word)
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
/// Parameters - Yes ...`) is kept by its name, and so is a name of a few capitalised words
/// (`Group ID String Yes ...`) before a type. A required word may be missing (an empty cell).
fn spaced(columns: Columns, line: &str, number: usize, captions: &[String]) -> Option<Row> {
    if let Some(p) = pseudo_name(line) {
        return spaced_after(columns, line, p, number, captions, true);
    }
    let (name, _) = line.split_once(char::is_whitespace)?;
    if let Some(row) = spaced_after(columns, line, name, number, captions, false) {
        return Some(row);
    }
    // `Group ID String ...`: capitalised words, then a type that is not a structure's name.
    let mut end = name.len();
    for _ in 0..2 {
        let next = line[end..].split_whitespace().next()?;
        if !next.starts_with(|c: char| c.is_ascii_uppercase()) || !is_name(next) || types::parse(next) != DocType::Object(Some(next.into())) {
            return None;
        }
        end = line.find(next).map(|at| at + next.len())?;
        let row = spaced_after(columns, line, &line[..end], number, captions, false);
        if row.as_ref().is_some_and(|r| !matches!(types::parse(&r.ty), DocType::Object(Some(_)))) {
            return row;
        }
    }
    None
}

/// The rest of a spaced row after its name (`line` starts with `name`).
fn spaced_after(columns: Columns, line: &str, name: &str, number: usize, captions: &[String], pseudo: bool) -> Option<Row> {
    let rest = line[name.len()..].trim_start();
    let ty = type_words(rest)?;
    let after_type = &rest[ty.len()..];
    // `Data DeviceDataInfo` alone on its line: a structure type, the description below.
    let alone = after_type.trim().is_empty()
        && matches!(types::parse(ty), DocType::Object(Some(_)))
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.starts_with(|c: char| c.is_ascii_uppercase());
    // Lowercase words that are type spellings in a type cell but English in a sentence.
    let prose_word = matches!(ty, "number" | "text" | "date" | "map" | "str" | "int" | "bool" | "list" | "array" | "datetime" | "json");
    // A misspelt type (`Strng`) is still a type cell: the importer reports it.
    let misspelt = ty.starts_with(|c: char| c.is_ascii_uppercase()) && types::near_scalar(ty).is_some();
    let typed = alone || misspelt || is_type_cell(name, ty, captions, pseudo);
    let named = pseudo || name.split(' ').all(is_row_name);
    if prose_word || !typed || !named {
        return None;
    }
    let mut rest = after_type.trim();
    let mut required = None;
    let mut required_cell = String::new();
    if columns.required.is_some() {
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        required = parse_required(word);
        if required.is_some() {
            required_cell = word.to_string();
            rest = after.trim();
        }
    }
    let mut example = None;
    if columns.example.is_some() {
        // An example that is a JSON literal (`[80, 443]`) runs to its closing bracket.
        let end = json_literal_end(rest).unwrap_or_else(|| rest.find(char::is_whitespace).unwrap_or(rest.len()));
        let (word, after) = rest.split_at(end);
        example = Some(word.to_string()).filter(|w| !w.is_empty());
        rest = after.trim();
    }
    let name = name.trim().to_string();
    Some(Row { line: number, name, ty: ty.to_string(), required, required_cell, example, description: text::clean_web(rest) })
}

/// The length of the `[...]` or `{...}` that `text` starts with, if it closes on this line.
fn json_literal_end(text: &str) -> Option<usize> {
    let open = text.chars().next()?;
    let close = match open {
        '[' => ']',
        '{' => '}',
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + c.len_utf8());
            }
        }
    }
    None
}

/// The type cell `text` starts with, in a row whose cells are separated by spaces: one word, or
/// `Array of X`, or a generic type up to its closing `>` (`List<Map<String, Object>>`).
fn type_words(text: &str) -> Option<&str> {
    if text.starts_with("Array of ") || text.starts_with("array of ") {
        let element = text["Array of ".len()..].split_whitespace().next()?;
        return text.get(..text.find(element)? + element.len());
    }
    let first = text.split_whitespace().next()?;
    if first.contains('<') {
        let mut depth = 0i32;
        for (i, c) in text.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(&text[..=i]);
                    }
                }
                '\n' => break,
                _ => {}
            }
        }
    }
    Some(first)
}

/// `Name<TAB>Type<TAB>Yes<TAB>Example<TAB>`: cells between tabs, empty ones kept; the last cell
/// (the description, usually) starts here or on the following lines. `Data<TAB><TAB>` after an
/// `Array of Data` row is its marker row.
fn tabbed(columns: Columns, line: &str, number: usize, captions: &[String], previous: Option<&Row>) -> Option<Row> {
    // Nested rows may come indented.
    let line = line.trim_start();
    if !line.trim_end_matches(['\t', ' ', '\r']).contains('\t') {
        return None;
    }
    let cells: Vec<String> = tab_cells(line).into_iter().map(String::from).collect();
    let name = cells.get(columns.name)?;
    let ty = cells.get(columns.ty).map_or("", |t| t.as_str());
    let pseudo = pseudo_name(name).is_some_and(|p| p.len() == name.len());
    if !pseudo && !is_cell_name(name) {
        return None;
    }
    if ty.is_empty() {
        let after_array = previous.is_some_and(|p| matches!(types::parse(&p.ty), DocType::Array { .. }));
        let rest_empty = cells.iter().enumerate().all(|(i, c)| i == columns.name || c.is_empty());
        return (after_array && rest_empty).then(|| marker_row(number, name));
    }
    if !is_type_cell(name, ty, captions, pseudo) && !matches!(types::parse(ty), DocType::Object(Some(_))) {
        return None;
    }
    Some(columns.row_cleaned_by(number, &cells, text::clean_web))
}

/// `Name | Type | Yes | Description |`, with or without edge pipes: a line with a separator for
/// each column boundary (the last cell may be missing: it follows on the next lines), whose name
/// and type cells read as such. `Data | |||` is a marker row like its markdown twin.
fn piped(columns: Columns, line: &str, number: usize, captions: &[String]) -> Option<Row> {
    let cells = split_cells(line);
    if cells.len() + 1 < columns.count || line.matches('|').count() + 2 < columns.count {
        return None;
    }
    let name = text::clean_web(cells.get(columns.name)?);
    let ty = text::clean_web(cells.get(columns.ty)?);
    let pseudo = pseudo_name(&name).is_some_and(|p| p.len() == name.len());
    if !pseudo && !is_cell_name(&name) {
        return None;
    }
    if !ty.is_empty() && !is_type_cell(&name, &ty, captions, pseudo) && !matches!(types::parse(&ty), DocType::Object(Some(_))) {
        return None;
    }
    Some(columns.row_cleaned_by(number, &cells, text::clean_web))
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
    let ty = cells.get(columns.ty)?;
    let is_row = (pseudo || is_name(name))
        && (is_type_cell(name, ty, captions, pseudo) || types::near_scalar(ty).is_some())
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
    let required_cell = match required {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "",
    }
    .to_string();
    let description = text::clean_web(rest);
    let row = Row { line: number, name: name.to_string(), ty: ty.to_string(), required, required_cell, example: None, description };
    Line::Row { row, lines: 1, warning, closed: false }
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
        line(&header, &lines, 0, &["Data".to_string()], None, false)
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
    fn a_spaced_rows_json_example_runs_to_its_closing_bracket() {
        let Line::Row { row, .. } = row_of("Parameter Type Example Description", "Ports List [80, 443] The ports.") else { panic!("not a row") };
        assert_eq!((row.example.as_deref(), row.description.as_str()), (Some("[80, 443]"), "The ports."));
    }

    #[test]
    fn a_bare_element_name_after_an_array_of_row_is_its_marker_row() {
        let header = header_of("Parameter Type Description").unwrap();
        let lines = ["Data Array of DeviceInfo The devices.", "DeviceInfo", "Name String The name."];
        let Line::Row { row: array, .. } = line(&header, &lines, 0, &[], None, false) else { panic!("not a row") };
        let Line::Row { row: marker, .. } = line(&header, &lines, 1, &[], Some(&array), false) else { panic!("not a marker row") };
        assert_eq!((marker.name.as_str(), marker.ty.as_str(), marker.line), ("DeviceInfo", "", 2));
    }

    #[test]
    fn a_closed_pipe_row_ends_its_table() {
        let lines = ["Parameter | Type | Description |", "---|---|---|", "Code | String | The error", "code. |", "", "After the table."];
        let header = header_of(&lines.join("\n")).unwrap();
        assert!(matches!(line(&header, &lines, 2, &[], None, false), Line::Row { closed: false, .. }));
        assert_eq!(line(&header, &lines, 3, &[], None, false), Line::Continuation);
        assert_eq!(continuation(Layout::Piped, lines[3]), "code.");
        assert!(closes_row(Layout::Piped, lines[3]));
        assert_eq!(line(&header, &lines, 5, &[], None, true), Line::End);
        // A row without its last cell goes on over the next lines until one ends in `|`.
        let open = ["Parameter | Type | Description |", "---|---|---|", "Code | String |", "The error code.", "More. |"];
        let header = header_of(&open.join("\n")).unwrap();
        assert!(matches!(line(&header, &open, 2, &[], None, false), Line::Row { closed: false, .. }));
        assert_eq!(line(&header, &open, 3, &[], None, false), Line::Continuation);
        let Line::Row { row: marker, .. } = line(&header, &["Data | |||"], 0, &[], None, false) else { panic!("not a row") };
        assert_eq!((marker.name.as_str(), marker.ty.as_str()), ("Data", ""));
    }
}
