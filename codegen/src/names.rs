//! Wire names to Rust names, the same way everywhere.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `QueryProductList` -> `query_product_list`, `IoTId` -> `io_t_id`, `HTTPServer` -> `http_server`.
pub fn snake(name: &str) -> String {
    heck_input(name).to_snake_case()
}

/// `query_product_list` / `deviceInfo` / `iothub_senior` -> `QueryProductList` / `DeviceInfo` / `IothubSenior`.
pub fn pascal(name: &str) -> String {
    heck_input(name).to_upper_camel_case()
}

/// The Rust variant name a value option's description gives, for values that do not make one
/// (`0`): `Device. A device cannot...` -> `Device`; `Alink JSON.` -> `AlinkJson`; long phrases -> None.
pub fn variant_label(description: &str) -> Option<String> {
    let head = description.split(['.', ',', '(', ':', ';', '，', '。', '（', '：']).next()?.trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    let readable = !words.is_empty() && words.len() <= 3 && words.iter().all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()));
    let name = pascal(head);
    (readable && name.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(name)
}

/// `name` prepared so that heck splits it into the words these names have always had, in two
/// places where heck alone splits otherwise:
/// - only ASCII letters and digits make words, anything else separates them: heck keeps every
///   Unicode letter, which would put `中文` of a value into an identifier;
/// - an uppercase letter after a digit starts a word (`V2X` -> `v2_x`, `00BC` -> `00_bc` /
///   `00Bc`); heck does so only when a lowercase letter comes before the digits (`Tag2Key` ->
///   `tag2_key` either way). Error codes in the specs rely on it: `SecurityRisk.3DVerification`
///   gives `SecurityRisk3DVerification`, not heck's `SecurityRisk3dVerification`.
fn heck_input(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut after_digit = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            out.push('_');
        } else {
            if after_digit && c.is_ascii_uppercase() {
                out.push('_');
            }
            out.push(c);
        }
        after_digit = c.is_ascii_digit();
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized",
    "virtual", "yield",
];

/// True for names that need `r#` (or, for `self`/`crate`/`super`/`Self`, a trailing `_`).
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// An identifier token for `name`, raw where it is a keyword.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name {
        "self" | "Self" | "crate" | "super" => proc_macro2::Ident::new(&format!("{name}_"), proc_macro2::Span::call_site()),
        _ if is_keyword(name) => proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site()),
        _ => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_wire_names() {
        assert_eq!(snake("QueryProductList"), "query_product_list");
        assert_eq!(snake("IotInstanceId"), "iot_instance_id");
        assert_eq!(snake("IoTId"), "io_t_id");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("topicType"), "topic_type");
        assert_eq!(snake("Tag2Key"), "tag2_key");
        assert_eq!(pascal("deviceInfo"), "DeviceInfo");
        assert_eq!(pascal("iothub_senior"), "IothubSenior");
        assert_eq!(pascal("IN_PROGRESS"), "InProgress");
        assert_eq!(pascal("OtaModuleDTO"), "OtaModuleDto");
    }

    /// Where heck alone would split otherwise (see `heck_input`).
    #[test]
    fn digits_before_uppercase_and_non_ascii_separate_words() {
        assert_eq!(pascal("SecurityRisk.3DVerification"), "SecurityRisk3DVerification");
        assert_eq!(snake("V2X"), "v2_x");
        assert_eq!(pascal("V2X"), "V2X");
        assert_eq!(snake("00BC"), "00_bc");
        assert_eq!(pascal("00BC"), "00Bc");
        assert_eq!(snake("A3DC0DE"), "a3_dc0_de");
        assert_eq!(snake("2019-01-01T00:00Z"), "2019_01_01_t00_00_z");
        assert_eq!(pascal("中文abc"), "Abc");
        assert_eq!(snake("设备_Name"), "name");
        assert_eq!(pascal("Alink JSON"), "AlinkJson");
        assert_eq!(snake(""), "");
        assert_eq!(pascal("--"), "");
    }
}
