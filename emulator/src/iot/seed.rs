//! Seeds: resources a test starts from, as JSON (`--seed FILE`, `POST /_emulator/iot/seed`) or
//! built in Rust, added all or nothing. The same shape reads the state back (`Seed::of`).

use super::{DeviceStatus, State};
use crate::state::ids::now_ms;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Products, devices and groups to add to an emulator's IoT state. As JSON:
///
/// ```json
/// {"Products": [{"ProductKey": "a1pump00001", "ProductName": "pumps"}],
///  "Devices": [{"ProductKey": "a1pump00001", "DeviceName": "pump-7", "Status": "ONLINE",
///               "Tags": {"site": "north"}, "Properties": {"Speed": 1200}}],
///  "Groups": [{"GroupName": "north", "Devices": [{"ProductKey": "a1pump00001", "DeviceName": "pump-7"}]}]}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Seed {
    /// Added first.
    #[serde(default)]
    pub products: Vec<SeedProduct>,
    /// Added next; their products must exist by then.
    #[serde(default)]
    pub devices: Vec<SeedDevice>,
    /// Added last, in order: a parent before its subgroups.
    #[serde(default)]
    pub groups: Vec<SeedGroup>,
}

/// A product of a [`Seed`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedProduct {
    /// Generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// The name.
    pub product_name: String,
    /// 0: device, 1: gateway.
    #[serde(default)]
    pub node_type: i64,
    /// Generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_secret: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A device of a [`Seed`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedDevice {
    /// Its product, which must exist.
    pub product_key: String,
    /// Its name, unique in the product.
    pub device_name: String,
    /// Generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iot_id: Option<String>,
    /// Generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_secret: Option<String>,
    /// A nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// `UNACTIVE` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeviceStatus>,
    /// Tags (what `QueryDeviceProp` returns).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Thing model property values (what `QueryDevicePropertyStatus` returns).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, Value>,
}

/// A group of a [`Seed`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedGroup {
    /// Generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// The name, unique among its siblings.
    pub group_name: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_desc: Option<String>,
    /// The parent group, which must exist (seeded earlier, or already there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub super_group_id: Option<String>,
    /// Its devices, which must exist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceRef>,
}

/// A device named by product and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeviceRef {
    /// The product.
    pub product_key: String,
    /// The device.
    pub device_name: String,
}

/// Why a seed was not added: where in it, and what is wrong. Nothing of the seed was added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    /// `Devices[2]`, or `line 3, column 5` for JSON that does not read.
    pub location: String,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for SeedError {}

impl Seed {
    /// Reads a seed from its JSON (the shape above).
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        serde_json::from_str(text)
            .map_err(|error| SeedError { location: format!("line {}, column {}", error.line(), error.column()), message: error.to_string() })
    }

    /// Adds a product.
    pub fn product(mut self, product: SeedProduct) -> Self {
        self.products.push(product);
        self
    }

    /// Adds a device.
    pub fn device(mut self, device: SeedDevice) -> Self {
        self.devices.push(device);
        self
    }

    /// Adds a group.
    pub fn group(mut self, group: SeedGroup) -> Self {
        self.groups.push(group);
        self
    }

    /// Everything `state` holds, as a seed that would rebuild it.
    pub(super) fn of(state: &State) -> Seed {
        let mut products: Vec<&super::products::Product> = state.products.values().collect();
        products.sort_by_key(|p| p.order);
        let mut groups: Vec<&super::groups::Group> = state.groups.values().collect();
        groups.sort_by_key(|g| g.order);
        let device_ref =
            |iot_id: &String| state.devices.get(iot_id).map(|d| DeviceRef { product_key: d.product_key.clone(), device_name: d.name.clone() });
        Seed {
            products: products
                .into_iter()
                .map(|p| SeedProduct {
                    product_key: Some(p.key.clone()),
                    product_name: p.name.clone(),
                    node_type: p.node_type,
                    product_secret: Some(p.secret.clone()),
                    description: p.description.clone(),
                })
                .collect(),
            devices: state
                .devices_in_order()
                .map(|d| SeedDevice {
                    product_key: d.product_key.clone(),
                    device_name: d.name.clone(),
                    iot_id: Some(d.iot_id.clone()),
                    device_secret: Some(d.secret.clone()),
                    nickname: d.nickname.clone(),
                    status: Some(d.status()),
                    tags: d.tags.clone(),
                    properties: d.properties.iter().map(|(k, (v, _))| (k.clone(), v.clone())).collect(),
                })
                .collect(),
            groups: groups
                .into_iter()
                .map(|g| SeedGroup {
                    group_id: Some(g.id.clone()),
                    group_name: g.name.clone(),
                    group_desc: g.description.clone(),
                    super_group_id: g.parent.clone(),
                    devices: g.devices.iter().filter_map(device_ref).collect(),
                })
                .collect(),
        }
    }

    /// Adds the seed to `state`, or nothing if any entry is wrong.
    pub(super) fn apply_to(&self, state: &mut State) -> Result<(), SeedError> {
        let mut next = state.clone();
        let fail = |location: String, message: String| SeedError { location, message };
        for (i, seeded) in self.products.iter().enumerate() {
            let mut product = next.new_product(&seeded.product_name, seeded.node_type);
            if let Some(key) = &seeded.product_key {
                if next.products.contains_key(key) {
                    return Err(fail(format!("Products[{i}]"), format!("a product with ProductKey `{key}` already exists")));
                }
                product.key.clone_from(key);
            }
            if let Some(secret) = &seeded.product_secret {
                product.secret.clone_from(secret);
            }
            product.description.clone_from(&seeded.description);
            next.products.insert(product.key.clone(), product);
        }
        for (i, seeded) in self.devices.iter().enumerate() {
            let location = || format!("Devices[{i}] ({})", seeded.device_name);
            if !next.products.contains_key(&seeded.product_key) {
                return Err(fail(location(), format!("no product has ProductKey `{}`", seeded.product_key)));
            }
            if next.iot_id_by_name(&seeded.product_key, &seeded.device_name).is_some() {
                return Err(fail(location(), format!("product `{}` already has this device", seeded.product_key)));
            }
            if seeded.iot_id.as_ref().is_some_and(|id| next.devices.contains_key(id)) {
                return Err(fail(location(), "another device has this IotId".into()));
            }
            let mut device = next.new_device(&seeded.product_key, &seeded.device_name, seeded.nickname.clone());
            if let Some(iot_id) = &seeded.iot_id {
                device.iot_id.clone_from(iot_id);
            }
            if let Some(secret) = &seeded.device_secret {
                device.secret.clone_from(secret);
            }
            if let Some(status) = seeded.status {
                device.set_status(status);
            }
            device.tags.clone_from(&seeded.tags);
            let now = now_ms();
            device.properties = seeded.properties.iter().map(|(k, v)| (k.clone(), (v.clone(), now))).collect();
            next.insert_device(device);
        }
        for (i, seeded) in self.groups.iter().enumerate() {
            let location = || format!("Groups[{i}] ({})", seeded.group_name);
            if let Some(parent) = &seeded.super_group_id
                && !next.groups.contains_key(parent)
            {
                return Err(fail(location(), format!("no group has GroupId `{parent}`")));
            }
            if next.group_name_taken(&seeded.group_name, seeded.super_group_id.as_deref()) {
                return Err(fail(location(), "a group with this name already exists there".into()));
            }
            let mut members = Vec::new();
            for device in &seeded.devices {
                match next.iot_id_by_name(&device.product_key, &device.device_name) {
                    Some(iot_id) => members.push(iot_id.clone()),
                    None => return Err(fail(location(), format!("product `{}` has no device `{}`", device.product_key, device.device_name))),
                }
            }
            let mut group = next.new_group(&seeded.group_name, seeded.group_desc.clone(), seeded.super_group_id.clone());
            if let Some(id) = &seeded.group_id {
                if next.groups.contains_key(id) {
                    return Err(fail(location(), format!("a group with GroupId `{id}` already exists")));
                }
                group.id.clone_from(id);
            }
            group.devices.extend(members);
            next.groups.insert(group.id.clone(), group);
        }
        *state = next;
        Ok(())
    }
}

impl SeedProduct {
    /// A product named `name`, with a generated key (see [`SeedProduct::key`]).
    pub fn new(name: impl Into<String>) -> Self {
        SeedProduct { product_name: name.into(), ..SeedProduct::default() }
    }

    /// Its `ProductKey`, to name it in devices.
    pub fn key(mut self, product_key: impl Into<String>) -> Self {
        self.product_key = Some(product_key.into());
        self
    }
}

impl SeedDevice {
    /// Device `device_name` of product `product_key`.
    pub fn new(product_key: impl Into<String>, device_name: impl Into<String>) -> Self {
        SeedDevice { product_key: product_key.into(), device_name: device_name.into(), ..SeedDevice::default() }
    }

    /// Its status.
    pub fn status(mut self, status: DeviceStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Its nickname.
    pub fn nickname(mut self, nickname: impl Into<String>) -> Self {
        self.nickname = Some(nickname.into());
        self
    }

    /// A tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// A property value.
    pub fn property(mut self, identifier: impl Into<String>, value: Value) -> Self {
        self.properties.insert(identifier.into(), value);
        self
    }
}

impl SeedGroup {
    /// A top-level group named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        SeedGroup { group_name: name.into(), ..SeedGroup::default() }
    }

    /// A device in the group.
    pub fn device(mut self, product_key: impl Into<String>, device_name: impl Into<String>) -> Self {
        self.devices.push(DeviceRef { product_key: product_key.into(), device_name: device_name.into() });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = r#"{
        "Products": [{"ProductKey": "a1pump00001", "ProductName": "pumps"}],
        "Devices": [{"ProductKey": "a1pump00001", "DeviceName": "pump-7", "Status": "ONLINE", "Tags": {"site": "north"}, "Properties": {"Speed": 1200}}],
        "Groups": [{"GroupName": "north", "Devices": [{"ProductKey": "a1pump00001", "DeviceName": "pump-7"}]}]
    }"#;

    #[test]
    fn a_seed_is_added_and_read_back() {
        let mut state = State::default();
        Seed::from_json(SEED).unwrap().apply_to(&mut state).unwrap();
        let back = Seed::of(&state);
        assert_eq!(back.products[0].product_key.as_deref(), Some("a1pump00001"));
        assert_eq!((back.devices[0].status, back.devices[0].properties["Speed"].as_i64()), (Some(DeviceStatus::Online), Some(1200)));
        assert_eq!(back.groups[0].devices, vec![DeviceRef { product_key: "a1pump00001".into(), device_name: "pump-7".into() }]);
        // What was read back seeds an empty state into the same state.
        let mut again = State::default();
        back.apply_to(&mut again).unwrap();
        assert_eq!(Seed::of(&again), back);
    }

    #[test]
    fn a_wrong_entry_names_where_and_adds_nothing() {
        let mut state = State::default();
        let seed = Seed::default().product(SeedProduct::new("pumps").key("a1pump00001")).device(SeedDevice::new("a1other0001", "pump-7"));
        let error = seed.apply_to(&mut state).unwrap_err();
        assert_eq!(error.location, "Devices[0] (pump-7)");
        assert!(error.message.contains("a1other0001"), "{error}");
        assert!(state.products.is_empty(), "the product of a refused seed was added");
        let error = Seed::from_json("{\"Products\": [{\"ProductNam\": 1}]}").unwrap_err();
        assert!(error.location.starts_with("line 1"), "{error}");
        assert!(error.message.contains("ProductNam"), "{error}");
    }
}
