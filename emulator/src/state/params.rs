//! A call's parameters as a handler reads them: scalars, `Name.N` lists and `Name.N.Field`
//! objects. The gateway has already checked names, types and required ones.

/// The parameters of one call (or of one `Name.N.` object), by wire name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params<'a> {
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> Params<'a> {
    pub(crate) fn new(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Params { pairs: pairs.into_iter().collect() }
    }

    /// The value of `name`; an empty value counts as absent, as SDKs send unset strings that way.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.pairs.iter().find(|(n, v)| *n == name && !v.is_empty()).map(|(_, v)| *v)
    }

    /// `name` as a number; absent (or, past the gateway's checks, unreadable) is `None`.
    pub(crate) fn number(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|v| v.parse().ok())
    }

    /// The page a listing asks for (`CurrentPage`, 1 by default) and its size (`PageSize`, 10).
    pub(crate) fn page_request(&self) -> (i64, i64) {
        (self.number("CurrentPage").unwrap_or(1), self.number("PageSize").unwrap_or(10))
    }

    /// `name` as a boolean, in any case (`True` from Python).
    pub(crate) fn flag(&self, name: &str) -> Option<bool> {
        self.get(name).map(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The values of `Name.1`, `Name.2`, ... in index order.
    pub(crate) fn list(&self, name: &str) -> Vec<&'a str> {
        let mut indexed: Vec<(u32, &'a str)> =
            self.pairs.iter().filter_map(|(n, v)| n.strip_prefix(name)?.strip_prefix('.')?.parse().ok().map(|i| (i, *v))).collect();
        indexed.sort_by_key(|(i, _)| *i);
        indexed.into_iter().map(|(_, v)| v).collect()
    }

    /// The objects of `Name.N.Field` parameters, in index order, each read by its field names.
    pub(crate) fn objects(&self, name: &str) -> Vec<Params<'a>> {
        let mut by_index: std::collections::BTreeMap<u32, Params<'a>> = std::collections::BTreeMap::new();
        for (n, v) in &self.pairs {
            let Some((index, field)) = n.strip_prefix(name).and_then(|rest| rest.strip_prefix('.')).and_then(|rest| rest.split_once('.')) else {
                continue;
            };
            if let Ok(index) = index.parse() {
                by_index.entry(index).or_default().pairs.push((field, v));
            }
        }
        by_index.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_objects_are_read_in_index_order() {
        let params = Params::new([
            ("DeviceName.10", "j"),
            ("DeviceName.2", "b"),
            ("DeviceName.1", "a"),
            ("DeviceNameList.1.DeviceName", "x"),
            ("Device.2.DeviceName", "d2"),
            ("Device.1.DeviceName", "d1"),
            ("Device.1.ProductKey", "pk"),
            ("Nickname", ""),
        ]);
        assert_eq!(params.list("DeviceName"), ["a", "b", "j"]);
        let devices = params.objects("Device");
        assert_eq!(devices.len(), 2);
        assert_eq!((devices[0].get("DeviceName"), devices[0].get("ProductKey"), devices[1].get("DeviceName")), (Some("d1"), Some("pk"), Some("d2")));
        assert_eq!(params.get("Nickname"), None);
    }
}
