//! Wire names to Rust names, the same way everywhere.

/// `QueryProductList` -> `query_product_list`, `IoTId` -> `io_t_id`, `HTTPServer` -> `http_server`.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for word in words(name) {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// `query_product_list` / `deviceInfo` / `iothub_senior` -> `QueryProductList` / `DeviceInfo` / `IothubSenior`.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
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

/// Splits on `_` and other separators, lower-to-upper changes, and the end of an acronym.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
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
}
