//! The one error type of the crate. (Skeleton: the client-runtime work fills in the other kinds.)

use crate::params::BuildError;
use std::fmt;

#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built (a required parameter is missing, ...). Nothing was sent.
    Build(BuildError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(e) => write!(f, "request not sent: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<BuildError> for Error {
    fn from(e: BuildError) -> Self {
        Error::Build(e)
    }
}
