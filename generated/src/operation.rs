//! What the runtime and the emulator know about each action: generated as one `OPERATION`
//! constant per operation module, listed in [`crate::operations::OPERATIONS`].

/// One API action.
#[derive(Debug)]
#[non_exhaustive]
pub struct Operation {
    /// The wire `Action` name.
    pub action: &'static str,
    /// The HTTP method the client uses.
    pub method: Method,
    /// Every method the action accepts.
    pub methods: &'static [Method],
    /// Safe to repeat when the outcome of an attempt is unknown.
    pub idempotent: bool,
    /// Documented per-account queries per second.
    pub qps: Option<f64>,
    /// The request parameters, for servers that validate requests (the emulator).
    pub params: &'static [ParamSpec],
    /// A sample success body: the published one (corrected) or one synthesized from the fields.
    pub sample_response: &'static str,
    /// Decodes a body with the generated output type and encodes it back in the documented shape.
    pub normalize_response: fn(serde_json::Value) -> Result<serde_json::Value, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One request parameter as the wire sees it.
#[derive(Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub required: bool,
    pub shape: ParamShape,
}

#[derive(Debug)]
pub enum ParamShape {
    /// `Name=value`
    Scalar(ScalarKind),
    /// `Name.1=value`, `Name.2=value`
    List(ScalarKind),
    /// `Name.1.Field=value`
    Objects(&'static [ParamSpec]),
    /// `Name=<JSON text>`
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    String,
    Integer,
    Long,
    Boolean,
    Float,
    Double,
}

impl ScalarKind {
    /// Whether `text` is a valid wire value of this kind.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            ScalarKind::String => true,
            ScalarKind::Integer => text.parse::<i32>().is_ok(),
            ScalarKind::Long => text.parse::<i64>().is_ok(),
            ScalarKind::Boolean => matches!(text, "true" | "false"),
            ScalarKind::Float | ScalarKind::Double => text.parse::<f64>().is_ok(),
        }
    }
}

/// `normalize_response` for an output type `O`.
pub fn normalize<O: serde::de::DeserializeOwned + serde::Serialize>(body: serde_json::Value) -> Result<serde_json::Value, String> {
    let output: O = serde_json::from_value(body).map_err(|e| e.to_string())?;
    serde_json::to_value(&output).map_err(|e| e.to_string())
}
