//! The shape of imported members as one line of facts each, for the import tests to compare.

use codegen::spec::Member;

/// Members as `path type [wrapper W] [of T [Name]] [json]` facts, nested ones under their parent's
/// path (`Data.List[].Name String`).
pub(crate) fn shape(members: &[Member]) -> Vec<String> {
    fn walk(members: &[Member], prefix: &str, out: &mut Vec<String>) {
        for m in members {
            let mut fact = format!("{prefix}{} {}", m.name, m.ty);
            if let Some(w) = &m.wrapper {
                fact.push_str(&format!(" wrapper {w}"));
            }
            if let Some(items) = &m.items {
                fact.push_str(&format!(" of {}", items.ty));
                if let Some(name) = &items.name {
                    fact.push_str(&format!(" {name}"));
                }
            }
            if m.encoding.is_some() {
                fact.push_str(" json");
            }
            out.push(fact);
            walk(&m.fields, &format!("{prefix}{}.", m.name), out);
            if let Some(items) = &m.items {
                walk(&items.fields, &format!("{prefix}{}[].", m.name), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(members, "", &mut out);
    out
}
