//! What the emulator knows about each action beyond the client's descriptor: the methods it
//! accepts, its parameters' wire shapes, a sample answer and how to normalize one. The table of a
//! product's actions is generated (`actions.rs`); these are its types.

use aliyun_rpc_runtime::{Method, Operation};
use serde_json::Value;

/// One action the emulator serves.
#[derive(Debug)]
pub struct Action {
    /// The client's descriptor: name, method, idempotency, QPS.
    pub operation: &'static Operation,
    /// Every method the action accepts.
    pub methods: &'static [Method],
    /// The request parameters.
    pub params: &'static [ParamSpec],
    /// A sample success body: the published one (corrected) or one synthesized from the fields.
    pub sample: &'static str,
    /// The error codes the documentation lists for the action.
    pub errors: &'static [&'static str],
    /// Decodes a body with the generated output type and encodes it back in the documented shape.
    pub normalize: fn(Value) -> Result<Value, String>,
}

/// One request parameter as the wire sees it.
#[derive(Debug)]
pub struct ParamSpec {
    /// The wire name.
    pub name: &'static str,
    /// Whether a call without it is refused.
    pub required: bool,
    /// How its value is written.
    pub shape: ParamShape,
}

impl ParamSpec {
    /// A parameter; `const`, for the generated table.
    pub const fn new(name: &'static str, required: bool, shape: ParamShape) -> Self {
        ParamSpec { name, required, shape }
    }
}

/// How a parameter's value is written.
#[derive(Debug)]
pub enum ParamShape {
    /// `Name=value`
    Scalar(ScalarKind),
    /// `Name.1=value`, `Name.2=value`
    List(ScalarKind),
    /// `Name.1.Field=value`
    Objects(&'static [ParamSpec]),
    /// `Name.Field=value`
    Object(&'static [ParamSpec]),
    /// `Name=a,b`: the elements joined by the separator.
    Joined(ScalarKind, &'static str),
    /// `Name=<JSON text>`
    Json,
}

/// The type of a scalar parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// Any text.
    String,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// `true` or `false`.
    Boolean,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
}

impl ScalarKind {
    /// Whether `text` is a valid wire value of this kind. Booleans are read without regard to
    /// case, as the service reads them: the official Python SDK sends `True` and `False`.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            ScalarKind::String => true,
            ScalarKind::Integer => text.parse::<i32>().is_ok(),
            ScalarKind::Long => text.parse::<i64>().is_ok(),
            ScalarKind::Boolean => text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false"),
            ScalarKind::Float | ScalarKind::Double => text.parse::<f64>().is_ok(),
        }
    }
}

/// `normalize` for an output type `O`: decoded leniently, written back in the documented shape.
pub fn normalize<O: serde::de::DeserializeOwned + serde::Serialize>(body: Value) -> Result<Value, String> {
    let output: O = serde_json::from_value(body).map_err(|e| e.to_string())?;
    serde_json::to_value(&output).map_err(|e| e.to_string())
}

/// One product the emulator serves: its descriptor and every action.
#[derive(Debug)]
pub struct ProductTable {
    /// The product's descriptor, as its client crate has it.
    pub product: &'static aliyun_rpc_runtime::Product,
    /// Every action, sorted by name.
    pub actions: &'static [Action],
}
