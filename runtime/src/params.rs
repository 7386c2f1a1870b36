//! Request parameters on the wire: the RPC repeat-list style (`DeviceName.1`, `Tag.1.TagKey`), one
//! JSON string for `encoding: json` parameters, and the check of required parameters before any I/O.
//! Generated `write_params` functions call into this; no serde round trip is involved.

use std::fmt;

/// The operation-specific parameters of one request, in the order they were written.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// No parameters yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The parameters written so far, as (wire name, value) pairs.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A scalar parameter (`prefix.name=value`); `None` is skipped unless the parameter is required.
    /// `required` names the setter of a required parameter, for the error that says it is missing.
    pub fn scalar<T: ParamValue>(&mut self, prefix: &str, name: &str, value: &Option<T>, required: Required) -> Result<(), BuildError> {
        match value {
            Some(v) => {
                self.pairs.push((key(prefix, name), v.to_param()));
                Ok(())
            }
            None => missing(prefix, name, required),
        }
    }

    /// An object sent field by field: `name.Field=value` (its own fields say how each is written).
    pub fn object<T: ToParams>(&mut self, prefix: &str, name: &str, value: &Option<T>, required: Required) -> Result<(), BuildError> {
        match value {
            Some(v) => v.write_params(&key(prefix, name), self),
            None => missing(prefix, name, required),
        }
    }

    /// A list of scalars as one value, joined by `separator`: `name=a,b`. A required list must not
    /// be empty.
    pub fn joined<T: ParamValue>(&mut self, prefix: &str, name: &str, values: &[T], separator: &str, required: Required) -> Result<(), BuildError> {
        if values.is_empty() {
            return missing(prefix, name, required);
        }
        let joined: Vec<String> = values.iter().map(ParamValue::to_param).collect();
        self.pairs.push((key(prefix, name), joined.join(separator)));
        Ok(())
    }

    /// A list of scalars: `name.1=a&name.2=b`. A required list must not be empty.
    pub fn list<T: ParamValue>(&mut self, prefix: &str, name: &str, values: &[T], required: Required) -> Result<(), BuildError> {
        let base = key(prefix, name);
        if values.is_empty() {
            missing("", &base, required)?;
        }
        for (i, v) in values.iter().enumerate() {
            self.pairs.push((format!("{base}.{}", i + 1), v.to_param()));
        }
        Ok(())
    }

    /// A list of objects: `name.1.Field=...`, each element writing its own fields under `name.N`.
    pub fn objects<T: ToParams>(&mut self, prefix: &str, name: &str, values: &[T], required: Required) -> Result<(), BuildError> {
        let base = key(prefix, name);
        if values.is_empty() {
            missing("", &base, required)?;
        }
        for (i, v) in values.iter().enumerate() {
            v.write_params(&format!("{base}.{}", i + 1), self)?;
        }
        Ok(())
    }

    /// A parameter sent as one JSON-encoded string.
    pub fn json(&mut self, prefix: &str, name: &str, value: &Option<serde_json::Value>, required: Required) -> Result<(), BuildError> {
        match value {
            Some(v) => {
                self.pairs.push((key(prefix, name), v.to_string()));
                Ok(())
            }
            None => missing(prefix, name, required),
        }
    }
}

/// Whether a parameter is required: the name of its setter if so (`Some("product_key")`), for the
/// error that says it is missing; `None` if it is optional.
pub type Required = Option<&'static str>;

/// `Ok` for an optional parameter; the error naming the wire name and the setter of a required one.
fn missing(prefix: &str, name: &str, required: Required) -> Result<(), BuildError> {
    match required {
        Some(setter) => Err(BuildError::MissingParameter { name: key(prefix, name), setter: Some(setter.to_string()) }),
        None => Ok(()),
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.pairs.iter().map(|(k, v)| (k, v))).finish()
    }
}

fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}

/// A value that can be one request parameter.
pub trait ParamValue {
    /// The value as it goes on the wire.
    fn to_param(&self) -> String;
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_param!(i32, i64, bool, f32, f64);

/// Parameters assembled by hand are an input too, e.g. for an action no crate generates yet.
impl ToParams for Params {
    fn write_params(&self, prefix: &str, out: &mut Params) -> Result<(), BuildError> {
        out.pairs.extend(self.pairs.iter().map(|(name, value)| (key(prefix, name), value.clone())));
        Ok(())
    }
}

/// A request input or a request object element: writes its fields under `prefix`.
pub trait ToParams {
    /// Writes the fields under `prefix` (`""` for a top-level input), checking required ones.
    fn write_params(&self, prefix: &str, out: &mut Params) -> Result<(), BuildError>;

    /// All parameters of a top-level input, checked.
    fn to_params(&self) -> Result<Params, BuildError> {
        let mut out = Params::new();
        self.write_params("", &mut out)?;
        Ok(out)
    }
}

/// A request that cannot be sent as it is; found before any I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A required parameter has no value (for lists: no element).
    MissingParameter {
        /// The parameter's wire name (`DeviceName.1.Tag` for a field of a list element).
        name: String,
        /// The setter that sets it (`product_key`), on the request builder or the list element.
        setter: Option<String>,
    },
    /// Something else about the request is invalid.
    Invalid {
        /// What is wrong.
        message: String,
    },
}

impl BuildError {
    /// A [`BuildError::MissingParameter`] for the parameter with this wire name.
    pub fn missing(name: impl Into<String>) -> Self {
        BuildError::MissingParameter { name: name.into(), setter: None }
    }

    /// The wire name of the missing parameter, if that is the problem.
    pub fn missing_parameter(&self) -> Option<&str> {
        match self {
            BuildError::MissingParameter { name, .. } => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingParameter { name, setter: Some(setter) } => {
                write!(f, "missing required parameter `{name}`: set it with `.{setter}(..)`")
            }
            BuildError::MissingParameter { name, setter: None } => write!(f, "missing required parameter `{name}`"),
            BuildError::Invalid { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tag {
        key: Option<String>,
        value: Option<String>,
    }

    impl ToParams for Tag {
        fn write_params(&self, prefix: &str, out: &mut Params) -> Result<(), BuildError> {
            out.scalar(prefix, "TagKey", &self.key, Some("tag_key"))?;
            out.scalar(prefix, "TagValue", &self.value, None)
        }
    }

    #[test]
    fn a_flat_object_goes_field_by_field_under_its_name_and_inside_list_elements() {
        let mut p = Params::new();
        let tag = Tag { key: Some("k".into()), value: None };
        p.object("", "Label", &Some(tag), None).unwrap();
        p.object::<Tag>("", "Absent", &None, None).unwrap();
        p.object("Tag.1", "Inner", &Some(Tag { key: Some("i".into()), value: Some("v".into()) }), None).unwrap();
        let pairs: Vec<(&str, &str)> = p.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("Label.TagKey", "k"), ("Tag.1.Inner.TagKey", "i"), ("Tag.1.Inner.TagValue", "v")]);
        let missing = p.object::<Tag>("", "Disk", &None, Some("disk")).unwrap_err();
        assert_eq!(missing.missing_parameter(), Some("Disk"));
        // A required field of a present object is still required.
        assert_eq!(p.object("", "Label", &Some(Tag { key: None, value: None }), None).unwrap_err().missing_parameter(), Some("Label.TagKey"));
    }

    #[test]
    fn a_delimited_list_is_one_value() {
        let mut p = Params::new();
        p.joined("", "Zones", &["a".to_string(), "b".to_string()], ",", None).unwrap();
        p.joined("", "Ports", &[80, 443], "|", None).unwrap();
        p.joined::<String>("", "None", &[], ",", None).unwrap();
        let pairs: Vec<(&str, &str)> = p.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("Zones", "a,b"), ("Ports", "80|443")]);
        assert_eq!(p.joined::<String>("", "Need", &[], ",", Some("need")).unwrap_err().missing_parameter(), Some("Need"));
    }

    #[test]
    fn repeat_list_and_nested_objects() {
        let mut p = Params::new();
        p.list("", "DeviceName", &["a".to_string(), "b c".to_string()], Some("device_name")).unwrap();
        let tags = [Tag { key: Some("k".into()), value: None }, Tag { key: Some("k2".into()), value: Some("v2".into()) }];
        p.objects("", "Tag", &tags, None).unwrap();
        let pairs: Vec<_> = p.pairs().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(pairs, ["DeviceName.1=a", "DeviceName.2=b c", "Tag.1.TagKey=k", "Tag.2.TagKey=k2", "Tag.2.TagValue=v2"]);
    }

    #[test]
    fn missing_nested_required_names_the_wire_path() {
        let mut p = Params::new();
        let err = p.objects("", "Tag", &[Tag { key: None, value: None }], None).unwrap_err();
        assert_eq!(err.missing_parameter(), Some("Tag.1.TagKey"));
        let err = p.list::<String>("", "DeviceName", &[], Some("device_name")).unwrap_err();
        assert_eq!(err.missing_parameter(), Some("DeviceName"));
        assert_eq!(err.to_string(), "missing required parameter `DeviceName`: set it with `.device_name(..)`");
    }
}
