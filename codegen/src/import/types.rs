//! The type column, normalised: `Struct` is an Object, `List<X>`/`RepeatList`/`Array of X` are
//! arrays, `Date` and ZH `text` are strings, a custom name (`Data`, `DeviceInfo`) is a structure
//! described elsewhere, and an empty cell is the marker row of an `Array of X`.

use crate::spec::Type;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DocType {
    Scalar(Type),
    /// `Struct`/`Object` (no name) or a structure named in the type cell (`Data`, `DeviceInfo`).
    Object(Option<String>),
    Array {
        element: Element,
        style: ArrayStyle,
    },
    /// An empty type cell: the `|X| | |` row that says an `Array of X` is wrapped in `X`.
    Marker,
    /// `-`, `N/A`, or prose in the type column.
    NotAType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Element {
    /// `List`, `RepeatList`, `Array`: the element type is not written.
    Unknown,
    Scalar(Type),
    Named(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArrayStyle {
    /// `Array of X` (2019+ pages): bare unless a marker row follows.
    ArrayOf,
    /// `List`, `List<X>` (older pages): in responses, a wrapper object around the array.
    List,
    /// `RepeatList`, `Array`: request arrays.
    Plain,
}

pub(crate) fn parse(cell: &str) -> DocType {
    let cell = cell.trim().trim_matches('`').trim();
    if cell.is_empty() {
        return DocType::Marker;
    }
    if let Some(ty) = scalar(cell) {
        return DocType::Scalar(ty);
    }
    let lower = cell.to_ascii_lowercase();
    match lower.as_str() {
        "struct" | "object" | "json" | "jsonobject" => return DocType::Object(None),
        "list" | "array" | "jsonarray" => return DocType::Array { element: Element::Unknown, style: ArrayStyle::List },
        "repeatlist" => return DocType::Array { element: Element::Unknown, style: ArrayStyle::Plain },
        _ => {}
    }
    if let Some(inner) = generic_argument(cell, "List").or_else(|| generic_argument(cell, "Array")) {
        return DocType::Array { element: element(inner), style: ArrayStyle::List };
    }
    // Today's API reference (`array<object>`, `array<string>`) writes the metadata's arrays: bare,
    // like `Array of X`.
    if let Some(inner) = generic_argument(cell, "array") {
        return DocType::Array { element: element(inner), style: ArrayStyle::ArrayOf };
    }
    if let Some(inner) = cell.strip_prefix("Array of ").or_else(|| cell.strip_prefix("array of ")) {
        return DocType::Array { element: element(inner), style: ArrayStyle::ArrayOf };
    }
    if cell == "-" || lower == "n/a" || lower == "none" {
        return DocType::NotAType;
    }
    if crate::spec::load::is_identifier_like(cell) && cell.len() <= 48 {
        return DocType::Object(Some(cell.to_string()));
    }
    DocType::NotAType
}

/// `List<X>`, `List(X)`, `List<Map<String, Object>>` -> the inside.
fn generic_argument<'a>(cell: &'a str, outer: &str) -> Option<&'a str> {
    let rest = cell.strip_prefix(outer)?.trim_start();
    let inner = rest.strip_prefix('<').and_then(|r| r.strip_suffix('>'));
    inner.or_else(|| rest.strip_prefix('(').and_then(|r| r.strip_suffix(')'))).map(str::trim)
}

fn element(inner: &str) -> Element {
    match parse(inner) {
        DocType::Scalar(ty) => Element::Scalar(ty),
        DocType::Object(Some(name)) => Element::Named(name),
        _ => Element::Unknown,
    }
}

/// The scalar spellings, English and Chinese, in any case.
fn scalar(cell: &str) -> Option<Type> {
    let ty = match cell.to_ascii_lowercase().as_str() {
        "string" | "str" | "text" | "date" | "datetime" | "map" | "文本" | "字符串" | "number、date" => Type::String,
        "integer" | "int" | "int32" | "number" | "整数" => Type::Integer,
        "long" | "int64" | "长整型" => Type::Long,
        "boolean" | "bool" | "布尔" => Type::Boolean,
        "float" => Type::Float,
        "double" => Type::Double,
        _ => return None,
    };
    Some(ty)
}

/// The scalar type a misspelt type cell means (`Strng`, `Interger`, `boolen`): one letter off a
/// known name of five letters or more (two for names of seven letters or more). `None` for anything else, such as a
/// structure's name (`Data`).
pub(crate) fn near_scalar(word: &str) -> Option<Type> {
    // `long` is left out: four letters are one off too many words (`Lang`, `Song`).
    const NAMES: [(&str, Type); 5] =
        [("string", Type::String), ("integer", Type::Integer), ("boolean", Type::Boolean), ("float", Type::Float), ("double", Type::Double)];
    let word = word.to_ascii_lowercase();
    let length = word.chars().count();
    if length < 4 {
        return None;
    }
    NAMES.iter().find_map(|(name, ty)| {
        let allowed = if name.len() >= 7 { 2 } else { 1 };
        (length.abs_diff(name.len()) <= allowed && strsim::levenshtein(&word, name) <= allowed).then_some(*ty)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_normalise() {
        assert_eq!(parse("string"), DocType::Scalar(Type::String));
        assert_eq!(parse("Date"), DocType::Scalar(Type::String));
        assert_eq!(parse("text"), DocType::Scalar(Type::String));
        assert_eq!(parse("number、date"), DocType::Scalar(Type::String));
        assert_eq!(parse("Long "), DocType::Scalar(Type::Long));
        assert_eq!(parse("Struct"), DocType::Object(None));
        assert_eq!(parse("Data"), DocType::Object(Some("Data".into())));
        assert_eq!(parse(""), DocType::Marker);
        assert_eq!(parse("-"), DocType::NotAType);
        assert_eq!(parse("N/A"), DocType::NotAType);
        assert_eq!(parse("Whether the primary key is an automatically incrementing column."), DocType::NotAType);
    }

    #[test]
    fn misspelt_scalars_are_near_a_known_name() {
        assert_eq!(near_scalar("Strng"), Some(Type::String));
        assert_eq!(near_scalar("Interger"), Some(Type::Integer));
        assert_eq!(near_scalar("boolen"), Some(Type::Boolean));
        for name in ["Data", "DeviceInfo", "Lang", "Date", "List", "Tag"] {
            assert_eq!(near_scalar(name), None, "{name}");
        }
    }

    #[test]
    fn array_spellings_keep_their_element_and_style() {
        let list = |element| DocType::Array { element, style: ArrayStyle::List };
        assert_eq!(parse("List"), list(Element::Unknown));
        assert_eq!(parse("List<String>"), list(Element::Scalar(Type::String)));
        assert_eq!(parse("List(String)"), list(Element::Scalar(Type::String)));
        assert_eq!(parse("List<FileStoreSummary>"), list(Element::Named("FileStoreSummary".into())));
        assert_eq!(parse("List<Map<String, Object>>"), list(Element::Unknown));
        assert_eq!(parse("RepeatList"), DocType::Array { element: Element::Unknown, style: ArrayStyle::Plain });
        assert_eq!(
            parse("Array of SimpleOTAJobInfo"),
            DocType::Array { element: Element::Named("SimpleOTAJobInfo".into()), style: ArrayStyle::ArrayOf }
        );
        assert_eq!(parse("Array of String"), DocType::Array { element: Element::Scalar(Type::String), style: ArrayStyle::ArrayOf });
        assert_eq!(parse("array<object>"), DocType::Array { element: Element::Unknown, style: ArrayStyle::ArrayOf });
        assert_eq!(parse("array<string>"), DocType::Array { element: Element::Scalar(Type::String), style: ArrayStyle::ArrayOf });
    }
}
