//! Facts of the Alibaba Cloud RPC protocol that several parts of the workspace need: the client
//! writes them, the emulator checks them, the importer leaves them out of an action's own
//! parameters and fields.

/// The V1 common request parameters: the protocol's own, which every request may carry and no
/// action's own parameters are among. `RegionId` is not one: it is an action parameter (see
/// [`REGION_ID`]).
pub const COMMON_PARAMETERS: [&str; 11] = [
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
];

/// The action parameter that names the region an action works in. Most products' actions take it
/// (often as a required parameter); a client sends its own region there when a call sets none.
pub const REGION_ID: &str = "RegionId";

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

/// The gateway's error codes, the same for every product: match on them with
/// [`Error::code_as`](crate::Error::code_as) (`Missing{Parameter}` codes are `Unknown`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum CommonErrorCode {
    /// No product found for the endpoint.
    InvalidProductNotFound,
    /// No such action.
    InvalidApiNotFound,
    /// The action only accepts HTTPS.
    InvalidProtocolNeedSsl,
    /// Unknown AccessKey ID.
    InvalidAccessKeyIdNotFound,
    /// A malformed timestamp.
    InvalidTimeStampFormat,
    /// The request time is more than 15 minutes from the server's.
    InvalidTimeStampExpired,
    /// The nonce was used before.
    SignatureNonceUsed,
    /// The signature does not match the request.
    SignatureDoesNotMatch,
    /// The signature is incomplete.
    IncompleteSignature,
    /// The security token expired.
    InvalidSecurityTokenExpired,
    /// The security token is malformed.
    InvalidSecurityTokenMalformed,
    /// The security token does not belong to the AccessKey.
    InvalidSecurityTokenMismatchWithAccessKey,
    /// A temporary AccessKey came without its security token.
    MissingSecurityToken,
    /// RAM does not allow the call.
    ForbiddenRam,
    /// The service failed.
    InternalError,
    /// The service is unavailable.
    ServiceUnavailable,
    /// Throttled.
    Throttling,
    /// Throttled: the account's limit.
    ThrottlingUser,
    /// Throttled: the action's limit.
    ThrottlingApi,
    /// A code not listed here; it keeps its text.
    Unknown(crate::UnknownValue),
}

crate::wire_enum!(CommonErrorCode: str {
    InvalidProductNotFound = "InvalidProduct.NotFound",
    InvalidApiNotFound = "InvalidApi.NotFound",
    InvalidProtocolNeedSsl = "InvalidProtocol.NeedSsl",
    InvalidAccessKeyIdNotFound = "InvalidAccessKeyId.NotFound",
    InvalidTimeStampFormat = "InvalidTimeStamp.Format",
    InvalidTimeStampExpired = "InvalidTimeStamp.Expired",
    SignatureNonceUsed = "SignatureNonceUsed",
    SignatureDoesNotMatch = "SignatureDoesNotMatch",
    IncompleteSignature = "IncompleteSignature",
    InvalidSecurityTokenExpired = "InvalidSecurityToken.Expired",
    InvalidSecurityTokenMalformed = "InvalidSecurityToken.Malformed",
    InvalidSecurityTokenMismatchWithAccessKey = "InvalidSecurityToken.MismatchWithAccessKey",
    MissingSecurityToken = "MissingSecurityToken",
    ForbiddenRam = "Forbidden.RAM",
    InternalError = "InternalError",
    ServiceUnavailable = "ServiceUnavailable",
    Throttling = "Throttling",
    ThrottlingUser = "Throttling.User",
    ThrottlingApi = "Throttling.Api",
});
