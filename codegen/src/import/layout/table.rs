//! A parameter table, whatever the page's layout: which column holds what, and its rows as
//! cleaned text with the page line each row starts on.

use super::text;
use crate::import::types::{self, DocType};
use crate::spec::load::is_identifier_like;

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Page line of the header row.
    pub line: usize,
    /// `Table 2. ProductInfo` on web pages: the name of the structure the table describes.
    pub caption: Option<String>,
    pub columns: Columns,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub name: String,
    /// The type cell as written (cleaned); empty on marker rows.
    pub ty: String,
    pub required: Option<bool>,
    /// The required cell as written (cleaned), to report a value [`parse_required`] cannot read.
    pub required_cell: String,
    pub example: Option<String>,
    pub description: String,
}

/// Positions of the columns in the header; `name` and `ty` are required for a parameter table.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Columns {
    pub count: usize,
    pub name: usize,
    pub ty: usize,
    pub required: Option<usize>,
    pub example: Option<usize>,
    pub description: Option<usize>,
}

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Name,
    Type,
    Required,
    Example,
    Description,
}

impl Role {
    /// The role of a header cell (`Parameter`, `类型`, `Required?`, `Decription`), if it names one.
    pub fn of(cell: &str) -> Option<Role> {
        let cell = text::clean(cell).to_lowercase();
        let cell = cell.trim_end_matches(['?', ':', '：', '？']).trim();
        let role = match cell {
            "parameter" | "parameters" | "parameter name" | "name" | "field" | "名称" | "名稱" | "参数" | "參數" | "参数名" | "參數名"
            | "参数名称" | "參數名稱" | "字段" | "欄位" => Role::Name,
            "type" | "类型" | "類型" | "data type" | "数据类型" | "資料類型" => Role::Type,
            _ if cell.starts_with("required") || cell.starts_with("是否必") || matches!(cell, "必填" | "必选" | "必選" | "mandatory") => {
                Role::Required
            }
            "example" | "examples" | "example value" | "sample value" | "sample" | "示例值" | "示例" | "樣本值" | "樣例值" | "範例值" | "范例值"
            | "示例值/示例" => Role::Example,
            _ if cell.starts_with("descri") || cell.starts_with("decri") || matches!(cell, "描述" | "说明" | "說明" | "request parameters") => {
                Role::Description
            }
            "sample response" | "response example" => Role::Example,
            // A misspelt header word (`Prameter`): one edit from the word a header means.
            _ if cell.len() >= 6 && strsim::levenshtein(cell, "parameter") <= 1 => Role::Name,
            _ => return None,
        };
        Some(role)
    }
}

impl Columns {
    /// Reads a header row (`Parameter|Type|Required|Example|Description`, `名称|类型|是否必选|示例值|描述`,
    /// and their variants). `None` for tables that are not parameter tables (no name or no type column).
    pub fn from_header<S: AsRef<str>>(cells: &[S]) -> Option<Columns> {
        let mut columns = Columns { count: cells.len(), ..Columns::default() };
        if cells.iter().all(|c| c.as_ref().trim().is_empty()) {
            return Columns::positional(cells.len());
        }
        let (mut name, mut ty) = (None, None);
        for (i, cell) in cells.iter().enumerate() {
            match Role::of(cell.as_ref()) {
                Some(Role::Name) => {
                    name.get_or_insert(i);
                }
                Some(Role::Type) => {
                    ty.get_or_insert(i);
                }
                Some(Role::Required) => columns.required = Some(i),
                Some(Role::Example) => columns.example = Some(i),
                Some(Role::Description) => {
                    columns.description.get_or_insert(i);
                }
                None => {}
            }
        }
        columns.name = name?;
        columns.ty = ty?;
        Some(columns)
    }

    /// A table whose header row is empty: the usual layouts, by column count.
    fn positional(count: usize) -> Option<Columns> {
        let (required, example, description) = match count {
            5 => (Some(2), Some(3), Some(4)),
            4 => (Some(2), None, Some(3)),
            3 => (None, None, Some(2)),
            _ => return None,
        };
        Some(Columns { count, name: 0, ty: 1, required, example, description })
    }

    /// A row from its markdown cells (already split); missing trailing cells read as empty.
    pub fn row(&self, line: usize, cells: &[String]) -> Row {
        self.row_cleaned_by(line, cells, text::clean)
    }

    /// A row from cells in a page format that `clean` turns into plain text.
    pub fn row_cleaned_by(&self, line: usize, cells: &[String], clean: fn(&str) -> String) -> Row {
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| clean(c)).unwrap_or_default();
        let example = cell(self.example);
        Row {
            line,
            name: cell(Some(self.name)),
            ty: cell(Some(self.ty)),
            required: self.required.and_then(|i| cells.get(i)).and_then(|c| parse_required(&clean(c))),
            required_cell: cell(self.required),
            example: (!example.is_empty()).then_some(example),
            description: cell(self.description),
        }
    }
}

/// The structure a short label above a table names: `ProductInfo`, `Table 2. ProductInfo`,
/// `Parameters of DeviceInfo`, `The following table describes ProductInfo.`, `DeviceInfo 的参数`:
/// its one name of a structure (an identifier with a capital letter that is no column or section
/// word). `None` for longer prose, or none or several such names.
pub fn caption_of(label: &str) -> Option<String> {
    const NOT_NAMES: &[&str] = &[
        "Parameter",
        "Parameters",
        "Type",
        "Description",
        "Required",
        "Example",
        "Examples",
        "Note",
        "Notes",
        "Table",
        "The",
        "JSON",
        "XML",
        "Response",
        "Request",
        "Field",
        "Fields",
        "Value",
        "Values",
        "Name",
        "ID",
        "Sample",
        "Format",
        "Error",
        "Errors",
        "API",
        "SDK",
        "QPS",
        "HTTP",
        "HTTPS",
        "URL",
        "RAM",
        "IoT",
        "Alibaba",
        "Cloud",
        "For",
        "See",
        "This",
        "Common",
        "Returned",
        "Elements",
    ];
    if label.chars().count() > 100 || label.contains('\n') {
        return None;
    }
    let mut names = label
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= 3 && w.starts_with(|c: char| c.is_ascii_alphabetic()) && w.chars().any(|c| c.is_ascii_uppercase()))
        .filter(|w| !NOT_NAMES.contains(w) && !w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    let name = names.next()?;
    names.next().is_none().then(|| name.to_string())
}

/// `Yes`/`No`, `是`/`否`, `true`/`false`, `Required`/`Optional`, `必选`/`可选`.
pub fn parse_required(cell: &str) -> Option<bool> {
    match cell.trim().trim_end_matches(['.', '。']).to_lowercase().as_str() {
        "yes" | "是" | "true" | "required" | "y" | "必选" | "必選" | "必填" => Some(true),
        "no" | "否" | "false" | "optional" | "n" | "可选" | "可選" | "选填" | "選填" => Some(false),
        _ => None,
    }
}

/// The names of the rows that stand for the common request parameters, lowercase.
pub(in crate::import) const PSEUDO_NAMES: [&str; 4] = ["common request parameters", "公共请求参数", "公共請求參數", "public request parameters"];

/// The structure a row's text points to: `see the following table ProductInfo`.
/// Also `详情参见下表DeviceStatus`.
pub(in crate::import) fn table_pointer(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    if let Some(at) = lower.find("table ") {
        let word = description[at + "table ".len()..].split_whitespace().next().unwrap_or("").trim_end_matches(['.', ',', '。']);
        if is_identifier_like(word) {
            return Some(word.to_string());
        }
    }
    let at = description.find("下表")? + "下表".len();
    let rest = description[at..].trim_start();
    let word: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    (is_identifier_like(&word) && word.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(word)
}

/// The characters a copied tree view puts before a nested row's name.
pub(in crate::import) const TREE_GLYPHS: &[char] = &['└', '├', '│', '─', '┌', '┬', '┴', '┼', '·'];

/// A row's name without its nesting marks (`└Name`), as the sample and the other rows spell it.
pub(in crate::import) fn bare_name(name: &str) -> &str {
    name.trim_start_matches(TREE_GLYPHS).trim_start()
}

/// Whether a row is a list or structure, which today's API reference follows with a row for its
/// element.
pub(in crate::import) fn holds_elements(row: &Row) -> bool {
    matches!(types::parse(&row.ty), DocType::Array { .. } | DocType::Object(None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants_are_recognised() {
        for header in [
            &["Parameter", "Type", "Required", "Example", "Description"][..],
            &["Name ", "Type", "Required or Not", "Decription"],
            &["Parameter name", "Type", "Required?", "Description"],
            &["name", "Type", "Required", "Request parameters"],
            &["名称", "类型", "是否必选", "示例值", "描述"],
            &["参数", "类型", "是否必需", "描述"],
        ] {
            let columns = Columns::from_header(header).unwrap_or_else(|| panic!("{header:?}"));
            assert_eq!((columns.name, columns.ty), (0, 1), "{header:?}");
            assert_eq!(columns.required, Some(2), "{header:?}");
        }
        let response = Columns::from_header(&["Parameters", "Type", "Description"]).unwrap();
        assert_eq!((response.required, response.description), (None, Some(2)));
        assert_eq!(Columns::from_header(&["Name", "Description"]), None);
        assert_eq!(Columns::from_header(&["描述"]), None);
        let unnamed = Columns::from_header(&["", " ", "", ""]).unwrap();
        assert_eq!((unnamed.required, unnamed.description), (Some(2), Some(3)));
    }

    #[test]
    fn labels_above_tables_name_their_structure() {
        for label in [
            "ProductInfo",
            "Table 2. ProductInfo",
            "Parameters of ProductInfo",
            "The following table describes ProductInfo.",
            "ProductInfo 的参数",
            "deviceInfo",
        ] {
            assert_eq!(caption_of(label).as_deref(), Some(if label == "deviceInfo" { "deviceInfo" } else { "ProductInfo" }), "{label}");
        }
        for label in ["Response parameters", "The following table describes the response.", "ProductKey and DeviceName", "JSON format", "返回数据"]
        {
            assert_eq!(caption_of(label), None, "{label}");
        }
    }

    #[test]
    fn rows_read_by_column() {
        let columns = Columns::from_header(&["名称", "类型", "是否必选", "示例值", "描述"]).unwrap();
        let cells: Vec<String> = ["ProductKey", "String", "是", r"a1T27vz\*\*\*\*", "产品Key。 "].map(String::from).into();
        let row = columns.row(7, &cells);
        assert_eq!(row.required, Some(true));
        assert_eq!(row.example.as_deref(), Some("a1T27vz****"));
        assert_eq!(row.description, "产品Key。");
    }
}
