//! The AccessKeys an emulator accepts: its own store, like the real service's, apart from any
//! client's credentials.

use std::fmt;

/// An AccessKey pair the emulator accepts, with the security token a temporary one must carry.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct AccessKey {
    pub(crate) id: String,
    pub(crate) secret: String,
    pub(crate) security_token: Option<String>,
}

impl AccessKey {
    /// The same key as a client's credentials, to sign with.
    pub(crate) fn to_credentials(&self) -> aliyun_rpc_runtime::Credentials {
        let credentials = aliyun_rpc_runtime::Credentials::new(&self.id, &self.secret);
        match &self.security_token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        }
    }
}

/// Secrets never show in `Debug` output.
impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &"[redacted]")
            .field("security_token", &self.security_token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}
