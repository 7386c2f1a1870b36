//! The documented error code for a failure, found by what the code says rather than typed in.
//!
//! Codes read `<service>.<namespace>.<Meaning><Subject>`: `Iot.Device.NotExistedDevice`,
//! `iot.group.GroupNameExisted`, `iot.prod.NullProductKey`. A failure is a [`Concern`]: a
//! namespace, a subject and a [`Meaning`]. The code is the one whose namespace matches and whose
//! last part is the subject and one of the meaning's words, in either order (an `Is` between them
//! allowed), case aside. The action's own documented codes are tried first, then every code the
//! product documents, most documented first: the core actions often list none.

use std::collections::HashMap;

/// What a failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// The resource named does not exist.
    NotFound,
    /// A resource with that name already exists.
    AlreadyExists,
    /// A required identifier was not given.
    Missing,
    /// A name does not follow the documented format.
    InvalidFormat,
}

impl Meaning {
    fn words(self) -> &'static [&'static str] {
        match self {
            Meaning::NotFound => &["notexisted", "notexists", "notexist", "notfound", "nonexistent", "nonexist"],
            Meaning::AlreadyExists => &["alreadyexisted", "alreadyexists", "alreadyexist", "existed", "exists"],
            Meaning::Missing => &["null", "missing", "empty"],
            Meaning::InvalidFormat => &["invalidformatted", "invalidformat", "invalid"],
        }
    }
}

/// A failure to find the code of: `Concern::new("device", "Device", Meaning::NotFound)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Concern {
    namespace: &'static str,
    subject: &'static str,
    meaning: Meaning,
}

impl Concern {
    pub(crate) const fn new(namespace: &'static str, subject: &'static str, meaning: Meaning) -> Self {
        Concern { namespace, subject, meaning }
    }

    /// `NotFound Device (namespace device)`, for the error that says no code was found.
    pub(crate) fn describe(&self) -> String {
        format!("no documented code for {:?} {} (namespace `{}`)", self.meaning, self.subject, self.namespace)
    }

    fn matches(&self, code: &str) -> bool {
        let mut parts = code.rsplit('.');
        let (Some(last), Some(namespace)) = (parts.next(), parts.next()) else { return false };
        if !namespace.eq_ignore_ascii_case(self.namespace) {
            return false;
        }
        let last = last.to_ascii_lowercase();
        let subject = self.subject.to_ascii_lowercase();
        self.meaning.words().iter().any(|word| [format!("{word}{subject}"), format!("{subject}{word}"), format!("{subject}is{word}")].contains(&last))
    }
}

/// The codes one action may answer with: its own, then its product's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Codes<'a> {
    pub(crate) action: &'a [&'static str],
    pub(crate) product: &'a ProductCodes,
}

impl Codes<'_> {
    pub(crate) fn find(&self, concern: Concern) -> Option<&'static str> {
        let own = self.action.iter().copied().find(|code| concern.matches(code));
        own.or_else(|| self.product.by_frequency.iter().copied().find(|code| concern.matches(code)))
    }
}

/// Every code a product documents, the most often documented first (ties by name).
#[derive(Debug, Default)]
pub(crate) struct ProductCodes {
    by_frequency: Vec<&'static str>,
}

impl ProductCodes {
    pub(crate) fn new<'a>(per_action: impl IntoIterator<Item = &'a [&'static str]>) -> Self {
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        for codes in per_action {
            for code in codes {
                *counts.entry(code).or_default() += 1;
            }
        }
        let mut by_frequency: Vec<(&'static str, usize)> = counts.into_iter().collect();
        by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ProductCodes { by_frequency: by_frequency.into_iter().map(|(code, _)| code).collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVICE_NOT_FOUND: Concern = Concern::new("device", "Device", Meaning::NotFound);

    #[test]
    fn a_code_is_read_by_namespace_meaning_and_subject_in_either_order() {
        assert!(DEVICE_NOT_FOUND.matches("Iot.Device.NotExistedDevice"));
        assert!(DEVICE_NOT_FOUND.matches("Iot.device.DeviceNotFound"));
        assert!(!DEVICE_NOT_FOUND.matches("iot.securetunnel.DeviceNotExist"), "another namespace");
        assert!(!DEVICE_NOT_FOUND.matches("iot.device.DeviceApplyIsNotFound"), "another subject");
        assert!(Concern::new("device", "DeviceApply", Meaning::NotFound).matches("iot.device.DeviceApplyIsNotFound"));
        assert!(Concern::new("group", "GroupName", Meaning::AlreadyExists).matches("iot.group.GroupNameExisted"));
        assert!(Concern::new("prod", "ProductKey", Meaning::Missing).matches("iot.prod.NullProductKey"));
        assert!(Concern::new("device", "DeviceName", Meaning::InvalidFormat).matches("iot.device.InvalidFormattedDeviceName"));
        assert!(!Concern::new("device", "DeviceName", Meaning::InvalidFormat).matches("iot.device.InvalidFormattedDeviceNameInNameArray"));
    }

    #[test]
    fn the_actions_own_code_comes_first_then_the_most_documented() {
        let product = ProductCodes::new([
            &["iot.device.NotExistedDevice"][..],
            &["Iot.Device.NotExistedDevice", "iot.prod.NotExistedProduct"][..],
            &["Iot.Device.NotExistedDevice"][..],
        ]);
        let codes = Codes { action: &[], product: &product };
        assert_eq!(codes.find(DEVICE_NOT_FOUND), Some("Iot.Device.NotExistedDevice"));
        let codes = Codes { action: &["iot.device.NotExistedDevice"], product: &product };
        assert_eq!(codes.find(DEVICE_NOT_FOUND), Some("iot.device.NotExistedDevice"));
        assert_eq!(codes.find(Concern::new("group", "Group", Meaning::NotFound)), None);
    }
}
