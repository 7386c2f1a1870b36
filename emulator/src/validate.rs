//! Checks an operation's parameters against its [`ParamSpec`]s: required ones present, values of
//! the documented type, lists as `Name.1`, `Name.2`, objects as `Name.1.Field`, JSON as JSON text.
//! Parameters the spec does not name are ignored, as the gateway ignores them.

use crate::rejection::Rejection;
use crate::table::{ParamShape, ParamSpec, ScalarKind};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

/// Validates `params` (the operation's own parameters, decoded) against `specs`.
pub(crate) fn check_params<'a>(specs: &[ParamSpec], params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), Rejection> {
    let params: BTreeMap<&str, &str> = params.into_iter().collect();
    check_level(specs, "", &params)
}

fn check_level(specs: &[ParamSpec], prefix: &str, params: &BTreeMap<&str, &str>) -> Result<(), Rejection> {
    for spec in specs {
        let name = if prefix.is_empty() { spec.name.to_string() } else { format!("{prefix}.{}", spec.name) };
        match &spec.shape {
            ParamShape::Scalar(kind) => match params.get(name.as_str()) {
                Some(value) => check_scalar(&name, *kind, value)?,
                None if spec.required => return Err(Rejection::missing_parameter(&name)),
                None => {}
            },
            ParamShape::Json => match params.get(name.as_str()) {
                Some(value) => {
                    serde_json::from_str::<serde_json::Value>(value)
                        .map_err(|e| Rejection::invalid_parameter(&name, &format!("not JSON text ({e})")))?;
                }
                None if spec.required => return Err(Rejection::missing_parameter(&name)),
                None => {}
            },
            ParamShape::List(kind) => {
                let elements = elements_under(&name, params)?;
                if elements.is_empty() && spec.required {
                    return Err(Rejection::missing_parameter(&name));
                }
                for (index, rest, value) in elements {
                    if !rest.is_empty() {
                        return Err(Rejection::invalid_parameter(&format!("{name}.{index}.{rest}"), "a list element is a plain value"));
                    }
                    check_scalar(&format!("{name}.{index}"), *kind, value)?;
                }
            }
            ParamShape::Joined(kind, separator) => match params.get(name.as_str()) {
                Some(value) => {
                    for element in value.split(separator) {
                        check_scalar(&name, *kind, element)?;
                    }
                }
                None if spec.required => return Err(Rejection::missing_parameter(&name)),
                None => {}
            },
            ParamShape::Object(fields) => {
                let present = params.keys().any(|key| key.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('.')));
                if !present && spec.required {
                    return Err(Rejection::missing_parameter(&name));
                }
                if present {
                    check_level(fields, &name, params)?;
                }
            }
            ParamShape::Objects(fields) => {
                let elements = elements_under(&name, params)?;
                if elements.is_empty() && spec.required {
                    return Err(Rejection::missing_parameter(&name));
                }
                let indices: BTreeSet<u32> = elements.iter().map(|(index, _, _)| *index).collect();
                for index in indices {
                    check_level(fields, &format!("{name}.{index}"), params)?;
                }
            }
        }
    }
    Ok(())
}

fn check_scalar(name: &str, kind: ScalarKind, value: &str) -> Result<(), Rejection> {
    if kind.accepts(value) {
        return Ok(());
    }
    let expected = match kind {
        ScalarKind::String => "a string",
        ScalarKind::Integer => "a 32-bit integer",
        ScalarKind::Long => "a 64-bit integer",
        ScalarKind::Boolean => "true or false",
        ScalarKind::Float | ScalarKind::Double => "a number",
    };
    Err(Rejection::invalid_parameter(name, &format!("`{value}` is not {expected}.")))
}

/// The parameters `name.N[.rest]`, as (N, rest, value); N must be a positive integer.
fn elements_under<'a>(name: &str, params: &BTreeMap<&'a str, &'a str>) -> Result<Vec<(u32, &'a str, &'a str)>, Rejection> {
    let prefix = format!("{name}.");
    let mut elements = Vec::new();
    for (key, value) in params.range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded)).take_while(|(key, _)| key.starts_with(&prefix)) {
        let after = &key[prefix.len()..];
        let (index, rest) = after.split_once('.').unwrap_or((after, ""));
        match index.parse::<u32>() {
            Ok(index) if index >= 1 => elements.push((index, rest, *value)),
            _ => return Err(Rejection::invalid_parameter(key, "list indexes start at 1 (`Name.1`, `Name.2`, ...).")),
        }
    }
    Ok(elements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::ParamShape::{Joined, Json, List, Object, Objects, Scalar};

    const TAG_FIELDS: &[ParamSpec] = &[
        ParamSpec { name: "TagKey", required: true, shape: Scalar(ScalarKind::String) },
        ParamSpec { name: "TagValue", required: false, shape: Scalar(ScalarKind::Integer) },
    ];
    const SPECS: &[ParamSpec] = &[
        ParamSpec { name: "PageSize", required: true, shape: Scalar(ScalarKind::Integer) },
        ParamSpec { name: "Flag", required: false, shape: Scalar(ScalarKind::Boolean) },
        ParamSpec { name: "DeviceName", required: false, shape: List(ScalarKind::String) },
        ParamSpec { name: "Tag", required: false, shape: Objects(TAG_FIELDS) },
        ParamSpec { name: "Config", required: false, shape: Json },
        ParamSpec { name: "Disk", required: false, shape: Object(TAG_FIELDS) },
        ParamSpec { name: "Ports", required: false, shape: Joined(ScalarKind::Integer, ",") },
    ];

    fn check(pairs: &[(&str, &str)]) -> Result<(), String> {
        check_params(SPECS, pairs.iter().copied()).map_err(|r| format!("{} {}", r.code, r.message))
    }

    #[test]
    fn valid_parameters_of_every_shape_pass() {
        let pairs = [
            ("PageSize", "10"),
            ("Flag", "true"),
            ("DeviceName.1", "a"),
            ("DeviceName.2", "b"),
            ("Tag.1.TagKey", "k"),
            ("Tag.1.TagValue", "3"),
            ("Tag.2.TagKey", "k2"),
            ("Config", r#"{"a":1}"#),
            ("Disk.TagKey", "k"),
            ("Ports", "80,443"),
            ("Undocumented", "ignored"),
        ];
        assert_eq!(check(&pairs), Ok(()));
    }

    #[test]
    fn a_flat_object_s_fields_and_a_delimited_list_s_elements_are_checked() {
        let err = check(&[("PageSize", "1"), ("Disk.TagValue", "3")]).unwrap_err();
        assert!(err.starts_with("MissingDisk.TagKey "), "{err}");
        let err = check(&[("PageSize", "1"), ("Ports", "80,http")]).unwrap_err();
        assert!(err.contains("Ports"), "{err}");
    }

    #[test]
    fn missing_required_parameters_are_named() {
        assert!(check(&[]).unwrap_err().starts_with("MissingPageSize "));
        let err = check(&[("PageSize", "1"), ("Tag.1.TagValue", "3")]).unwrap_err();
        assert!(err.starts_with("MissingTag.1.TagKey "), "{err}");
    }

    #[test]
    fn values_of_the_wrong_type_are_invalid() {
        for pairs in [
            vec![("PageSize", "ten")],
            vec![("PageSize", "1"), ("Flag", "yes")],
            vec![("PageSize", "1"), ("Tag.1.TagKey", "k"), ("Tag.1.TagValue", "x")],
            vec![("PageSize", "1"), ("Config", "{not json")],
            vec![("PageSize", "1"), ("DeviceName.0", "a")],
        ] {
            let err = check(&pairs).unwrap_err();
            assert!(err.starts_with("InvalidParameter "), "{pairs:?}: {err}");
        }
    }
}
