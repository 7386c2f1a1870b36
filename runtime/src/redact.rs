//! Debug output that never shows a secret.

use std::fmt;

/// Shows whether a secret is set, never its value.
pub struct Redacted(bool);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "Some(\"** redacted **\")" } else { "None" })
    }
}

/// For generated `Debug` impls of types with sensitive fields.
pub fn redacted<T>(value: &Option<T>) -> Redacted {
    Redacted(value.is_some())
}
