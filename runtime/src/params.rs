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
    pub fn new() -> Self {
        Self::default()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A scalar parameter (`prefix.name=value`); `None` is skipped unless the parameter is required.
    pub fn scalar<T: ParamValue>(&mut self, prefix: &str, name: &str, value: &Option<T>, required: bool) -> Result<(), BuildError> {
        match value {
            Some(v) => {
                self.pairs.push((key(prefix, name), v.to_param()));
                Ok(())
            }
            None if required => Err(BuildError::missing(key(prefix, name))),
            None => Ok(()),
        }
    }

    /// A list of scalars: `name.1=a&name.2=b`. A required list must not be empty.
    pub fn list<T: ParamValue>(&mut self, prefix: &str, name: &str, values: &[T], required: bool) -> Result<(), BuildError> {
        let base = key(prefix, name);
        if values.is_empty() && required {
            return Err(BuildError::missing(base));
        }
        for (i, v) in values.iter().enumerate() {
            self.pairs.push((format!("{base}.{}", i + 1), v.to_param()));
        }
        Ok(())
    }

    /// A list of objects: `name.1.Field=...`, each element writing its own fields under `name.N`.
    pub fn objects<T: ToParams>(&mut self, prefix: &str, name: &str, values: &[T], required: bool) -> Result<(), BuildError> {
        let base = key(prefix, name);
        if values.is_empty() && required {
            return Err(BuildError::missing(base));
        }
        for (i, v) in values.iter().enumerate() {
            v.write_params(&format!("{base}.{}", i + 1), self)?;
        }
        Ok(())
    }

    /// A parameter sent as one JSON-encoded string.
    pub fn json(&mut self, prefix: &str, name: &str, value: &Option<serde_json::Value>, required: bool) -> Result<(), BuildError> {
        match value {
            Some(v) => {
                self.pairs.push((key(prefix, name), v.to_string()));
                Ok(())
            }
            None if required => Err(BuildError::missing(key(prefix, name))),
            None => Ok(()),
        }
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
    MissingParameter { name: String },
    /// Something else about the request is invalid.
    Invalid { message: String },
}

impl BuildError {
    pub fn missing(name: impl Into<String>) -> Self {
        BuildError::MissingParameter { name: name.into() }
    }

    /// The wire name of the missing parameter, if that is the problem.
    pub fn missing_parameter(&self) -> Option<&str> {
        match self {
            BuildError::MissingParameter { name } => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingParameter { name } => write!(f, "missing required parameter `{name}`"),
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
            out.scalar(prefix, "TagKey", &self.key, true)?;
            out.scalar(prefix, "TagValue", &self.value, false)
        }
    }

    #[test]
    fn repeat_list_and_nested_objects() {
        let mut p = Params::new();
        p.list("", "DeviceName", &["a".to_string(), "b c".to_string()], true).unwrap();
        let tags = [Tag { key: Some("k".into()), value: None }, Tag { key: Some("k2".into()), value: Some("v2".into()) }];
        p.objects("", "Tag", &tags, false).unwrap();
        let pairs: Vec<_> = p.pairs().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(pairs, ["DeviceName.1=a", "DeviceName.2=b c", "Tag.1.TagKey=k", "Tag.2.TagKey=k2", "Tag.2.TagValue=v2"]);
    }

    #[test]
    fn missing_nested_required_names_the_wire_path() {
        let mut p = Params::new();
        let err = p.objects("", "Tag", &[Tag { key: None, value: None }], false).unwrap_err();
        assert_eq!(err.missing_parameter(), Some("Tag.1.TagKey"));
        assert_eq!(p.list::<String>("", "DeviceName", &[], true).unwrap_err().missing_parameter(), Some("DeviceName"));
    }
}
