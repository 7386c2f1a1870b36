//! Device groups: create, query, list, update, delete, and the devices in a group.

use super::{GROUP_NAME_TAKEN, GROUP_NOT_FOUND, State, clock};
use crate::state::{Call, Handled, Params, Refusal, body, ids::now_ms, page};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// How many groups a device may be in.
const GROUPS_PER_DEVICE: usize = 10;

#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) parent: Option<String>,
    pub(crate) created_ms: i64,
    /// By `IotId`.
    pub(crate) devices: BTreeSet<String>,
    pub(crate) order: u64,
}

impl Group {
    fn view(&self, names: &[&str], state: &State) -> Value {
        let devices = || self.devices.iter().filter_map(|iot_id| state.devices.get(iot_id));
        let field = |name: &str| match name {
            "GroupId" => json!(self.id),
            "GroupName" => json!(self.name),
            "GroupDesc" => json!(self.description),
            "UtcCreate" => json!(clock::utc(self.created_ms)),
            "GroupType" => json!("LINK_PLATFORM"),
            "DeviceCount" => json!(self.devices.len()),
            "DeviceActive" => json!(devices().filter(|d| d.active_ms.is_some()).count()),
            "DeviceOnline" => json!(devices().filter(|d| d.status() == super::DeviceStatus::Online).count()),
            _ => Value::Null,
        };
        Value::Object(names.iter().map(|name| (name.to_string(), field(name))).collect())
    }
}

impl State {
    /// A new group with a fresh id, not yet added.
    pub(crate) fn new_group(&mut self, name: &str, description: Option<String>, parent: Option<String>) -> Group {
        let id = self.ids.alphanumeric(16);
        Group { id, name: name.to_string(), description, parent, created_ms: now_ms(), devices: BTreeSet::new(), order: self.ids.sequence() }
    }

    pub(crate) fn group_name_taken(&self, name: &str, parent: Option<&str>) -> bool {
        self.groups.values().any(|g| g.name == name && g.parent.as_deref() == parent)
    }

    fn group_id_in(&self, call: &Call, params: &Params, name: &str) -> Result<String, Refusal> {
        let id = params.get(name).unwrap_or_default();
        match self.groups.contains_key(id) {
            true => Ok(id.to_string()),
            false => Err(call.refuse(GROUP_NOT_FOUND, format!("no group has GroupId `{id}`"))),
        }
    }

    pub(super) fn create_device_group(&mut self, call: &Call) -> Handled {
        let parent = match call.params.get("SuperGroupId") {
            Some(_) => Some(self.group_id_in(call, &call.params, "SuperGroupId")?),
            None => None,
        };
        let name = call.params.get("GroupName").unwrap_or_default();
        if self.group_name_taken(name, parent.as_deref()) {
            return Err(call.refuse(GROUP_NAME_TAKEN, format!("a group named `{name}` already exists here")));
        }
        let group = self.new_group(name, call.params.get("GroupDesc").map(str::to_string), parent);
        let data = group.view(&["GroupId", "GroupName", "GroupDesc", "UtcCreate"], self);
        self.groups.insert(group.id.clone(), group);
        body(json!({"Data": data}))
    }

    pub(super) fn query_device_group_info(&mut self, call: &Call) -> Handled {
        let group = &self.groups[&self.group_id_in(call, &call.params, "GroupId")?];
        let fields = ["GroupId", "GroupName", "DeviceActive", "UtcCreate", "DeviceOnline", "GroupDesc", "DeviceCount"];
        body(json!({"Data": group.view(&fields, self)}))
    }

    /// The groups under `SuperGroupId` (top-level ones without it), oldest first, optionally
    /// those whose name contains `GroupName`.
    pub(super) fn query_device_group_list(&mut self, call: &Call) -> Handled {
        let parent = call.params.get("SuperGroupId");
        let name = call.params.get("GroupName");
        let mut groups: Vec<&Group> =
            self.groups.values().filter(|g| g.parent.as_deref() == parent && name.is_none_or(|name| g.name.contains(name))).collect();
        groups.sort_by_key(|g| g.order);
        let (current, size) = call.params.page_request();
        let total = groups.len();
        let (items, pages) = page(groups, current, size);
        let list: Vec<Value> = items.iter().map(|g| g.view(&["GroupName", "GroupId", "GroupType", "GroupDesc", "UtcCreate"], self)).collect();
        body(json!({"CurrentPage": current, "PageSize": size, "Total": total, "PageCount": pages, "Data": {"GroupInfo": list}}))
    }

    pub(super) fn update_device_group(&mut self, call: &Call) -> Handled {
        let id = self.group_id_in(call, &call.params, "GroupId")?;
        if let (Some(group), Some(description)) = (self.groups.get_mut(&id), call.params.get("GroupDesc")) {
            group.description = Some(description.to_string());
        }
        body(json!({}))
    }

    /// Deletes the group and the groups under it.
    pub(super) fn delete_device_group(&mut self, call: &Call) -> Handled {
        let mut doomed = vec![self.group_id_in(call, &call.params, "GroupId")?];
        while let Some(id) = doomed.pop() {
            self.groups.remove(&id);
            doomed.extend(self.groups.values().filter(|g| g.parent.as_deref() == Some(&id)).map(|g| g.id.clone()));
        }
        body(json!({}))
    }

    /// Devices that do not exist are not valid and are skipped; a device already in ten groups
    /// is counted apart, as the answer's fields say.
    pub(super) fn batch_add_device_group_relations(&mut self, call: &Call) -> Handled {
        let id = self.group_id_in(call, &call.params, "GroupId")?;
        let (mut valid, mut added, mut already, mut over_limit) = (0, 0, 0, 0);
        for entry in call.params.objects("Device") {
            let Ok(iot_id) = self.iot_id_in(call, &entry) else { continue };
            valid += 1;
            let memberships = self.groups.values().filter(|g| g.devices.contains(&iot_id)).count();
            let Some(group) = self.groups.get_mut(&id) else { break };
            if group.devices.contains(&iot_id) {
                already += 1;
            } else if memberships >= GROUPS_PER_DEVICE {
                over_limit += 1;
            } else {
                group.devices.insert(iot_id);
                added += 1;
            }
        }
        body(json!({
            "ExceedTenGroupDeviceCount": over_limit,
            "AlreadyRelatedGroupDeviceCount": already,
            "ValidDeviceCount": valid,
            "SuccessAddedDeviceCount": added,
        }))
    }

    pub(super) fn batch_delete_device_group_relations(&mut self, call: &Call) -> Handled {
        let id = self.group_id_in(call, &call.params, "GroupId")?;
        let (mut valid, mut removed) = (0, 0);
        for entry in call.params.objects("Device") {
            let Ok(iot_id) = self.iot_id_in(call, &entry) else { continue };
            valid += 1;
            if self.groups.get_mut(&id).is_some_and(|group| group.devices.remove(&iot_id)) {
                removed += 1;
            }
        }
        body(json!({"SuccessDeviceCount": removed, "AlreadyRelatedGroupDeviceCount": removed, "ValidDeviceCount": valid}))
    }

    pub(super) fn query_device_list_by_device_group(&mut self, call: &Call) -> Handled {
        let group = &self.groups[&self.group_id_in(call, &call.params, "GroupId")?];
        let mut devices: Vec<&super::devices::Device> = group.devices.iter().filter_map(|iot_id| self.devices.get(iot_id)).collect();
        devices.sort_by_key(|d| d.order);
        let (current, size) = call.params.page_request();
        let total = devices.len();
        let (items, pages) = page(devices, current, size);
        let list: Vec<Value> =
            items.iter().map(|d| d.view(&["ProductKey", "ProductName", "DeviceName", "IotId"], self.products.get(&d.product_key))).collect();
        body(json!({"PageSize": size, "Total": total, "PageCount": pages, "Page": current, "Data": {"SimpleDeviceInfo": list}}))
    }
}
