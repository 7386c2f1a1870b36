//! What every table row becomes, on either side: a member with an identifier name, its example,
//! and a description without value options and without pointers to the sub-table.

use super::Diagnostics;
use super::layout::table::{PSEUDO_NAMES, Row, table_pointer};
use super::layout::text;
use super::types::{self, DocType};
use super::values;
use crate::spec::load::is_identifier_like;
use crate::spec::{Member, Type};

/// `Common request parameters`, `公共请求参数` and `Action`: on every page, handled by the runtime.
pub(super) fn is_pseudo(row: &Row) -> bool {
    let lower = row.name.to_lowercase();
    // Singular spellings occur too: compare without the plural `s`.
    lower == "action" || PSEUDO_NAMES.iter().any(|p| lower.starts_with(p.trim_end_matches('s')))
}

/// The row's name as an identifier: `Group ID` -> `GroupId`, with a warning. `None` (with a
/// warning) if nothing usable is left.
pub(super) fn identifier(row: &Row, name: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    // `└` before a nested row's name says its level, not its name.
    let name = super::layout::table::bare_name(name);
    // A dotted name (`NetworkAttributes.UdpTimeout`) is the wire name as the SDKs write it.
    if is_identifier_like(name) || crate::spec::load::is_wire_name_like(name) {
        return Some(name.to_string());
    }
    match text::identifier_from(name) {
        Some(fixed) => {
            diagnostics.warn(row.line, format!("`{name}` is not an identifier; imported as `{fixed}`"));
            Some(fixed)
        }
        None => {
            diagnostics.warn(row.line, format!("`{name}` cannot become an identifier; row skipped"));
            None
        }
    }
}

/// A member of the given type from the row: example, description and value options.
pub(super) fn member(row: &Row, name: String, ty: Type) -> Member {
    let mut m = Member::new(name, ty);
    // The row's page line, for what later steps report about the member.
    m.at = crate::spec::Location { line: row.line, column: 1 };
    m.example = row.example.clone();
    let description = without_table_pointers(&row.description);
    let (description, values) = values::extract_with_example(&description, ty, row.example.as_deref());
    m.values = values;
    m.description = (!description.is_empty()).then_some(description);
    m
}

pub(super) fn doc_type(row: &Row) -> DocType {
    types::parse(&row.ty)
}

/// Drops sentences that point at the sub-table (`See the following table Data.`): the spec
/// nests the fields instead.
fn without_table_pointers(description: &str) -> String {
    let lines: Vec<String> = description
        .lines()
        .map(|line| {
            let mut kept = String::new();
            for sentence in sentences(line) {
                let lower = sentence.to_lowercase();
                if !(lower.contains("following table") || lower.contains("下表") || lower.contains("以下参数")) {
                    kept.push_str(sentence);
                }
            }
            kept.trim().to_string()
        })
        .collect();
    text::join_paragraphs(&lines)
}

/// Splits after `. ` and `。`, keeping the separators with their sentence.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        let end = i + c.len_utf8();
        if c == '。' || (c == '.' && line[end..].starts_with(' ')) {
            out.push(&line[start..end]);
            start = end;
        }
    }
    out.push(&line[start..]);
    out
}

/// The structure a row's text names as described elsewhere: a table pointer, or `see DeviceInfo`,
/// `For details, see ProductInfo.`, `详情参见DeviceInfo` (a name with an inner capital, so not
/// `see Common parameters`).
pub(super) fn structure_mention(description: &str) -> Option<String> {
    if let Some(name) = table_pointer(description) {
        return Some(name);
    }
    let lower = description.to_ascii_lowercase();
    let mut found = None;
    for marker in ["see ", "参见", "參見", "见"] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(marker) {
            let start = from + at + marker.len();
            from = start;
            let rest = description[start..].trim_start_matches([' ', '：', ':']);
            let rest = rest.strip_prefix("the following ").unwrap_or(rest);
            let word: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let camel = word.chars().skip(1).any(|c| c.is_ascii_uppercase()) && word.chars().any(|c| c.is_ascii_lowercase());
            if is_identifier_like(&word) && camel && word.starts_with(|c: char| c.is_ascii_alphabetic()) {
                found.get_or_insert(word);
            }
        }
        if found.is_some() {
            break;
        }
    }
    found
}

/// Adds a member unless one with the same Rust name is there (rows documented twice).
pub(super) fn push_unique(out: &mut Vec<Member>, member: Member, line: usize, diagnostics: &mut Diagnostics) {
    if out.iter().any(|m| crate::names::snake(&m.name) == crate::names::snake(&member.name)) {
        diagnostics.warn(line, format!("`{}` is documented twice; the second row is ignored", member.name));
    } else {
        out.push(member);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, description: &str) -> Row {
        Row {
            line: 3,
            name: name.into(),
            ty: "String".into(),
            required: None,
            required_cell: String::new(),
            example: None,
            description: description.into(),
        }
    }

    #[test]
    fn pseudo_rows() {
        for name in ["Action", "Common request parameters", "Common Request Parameters", "公共请求参数"] {
            assert!(is_pseudo(&row(name, "")), "{name}");
        }
        assert!(!is_pseudo(&row("ActionId", "")));
    }

    #[test]
    fn pointers_to_sub_tables_leave_descriptions() {
        let r = row("List", "Information of all the products. See the following table ProductInfo.\nNote Listed in order.");
        let m = member(&r, "List".into(), Type::Array);
        assert_eq!(m.description.as_deref(), Some("Information of all the products.\nNote Listed in order."));
        assert_eq!(table_pointer(&r.description).as_deref(), Some("ProductInfo"));
        assert_eq!(table_pointer("For more information, see the table DeviceGroup.").as_deref(), Some("DeviceGroup"));
    }

    #[test]
    fn names_become_identifiers_with_a_warning() {
        let mut d = Diagnostics::default();
        assert_eq!(identifier(&row("Group ID", ""), "Group ID", &mut d).as_deref(), Some("GroupId"));
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, 3);
    }
}
