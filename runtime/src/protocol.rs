//! Facts of the Alibaba Cloud RPC protocol that several parts of the workspace need: the client
//! writes them, the emulator checks them, the importer leaves them out of an action's own
//! parameters and fields.

/// The V1 common request parameters: every request may carry them, and no action's own
/// parameters are among them.
pub const COMMON_PARAMETERS: [&str; 12] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
    "RegionId",
];

/// Response body fields of the envelope, around every action's own fields.
pub mod envelope {
    /// The request's id, on successes and errors alike.
    pub const REQUEST_ID: &str = "RequestId";
    /// `false` on a business error answered with HTTP 200.
    pub const SUCCESS: &str = "Success";
    /// The error code.
    pub const CODE: &str = "Code";
    /// A business error's message.
    pub const ERROR_MESSAGE: &str = "ErrorMessage";
    /// A gateway error's message.
    pub const MESSAGE: &str = "Message";
    /// A gateway error's advice (a diagnosis link).
    pub const RECOMMEND: &str = "Recommend";
    /// The host that answered a gateway error.
    pub const HOST_ID: &str = "HostId";

    /// The envelope fields a response table documents next to an action's own fields.
    pub const DOCUMENTED: [&str; 4] = [REQUEST_ID, SUCCESS, CODE, ERROR_MESSAGE];
}

/// Whether `name` is a common request parameter.
pub fn is_common_parameter(name: &str) -> bool {
    COMMON_PARAMETERS.contains(&name)
}
