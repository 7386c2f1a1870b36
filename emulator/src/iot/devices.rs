//! Devices: registration (one, a batch of generated names, a batch of checked names), queries,
//! listings, enabling and disabling, deletion, nicknames, tags (`...DeviceProp`) and status.

use super::{
    APPLY_NOT_FOUND, DEVICE_NAME_INVALID, DEVICE_NAME_MISSING, DEVICE_NAME_TAKEN, DEVICE_NOT_FOUND, DeviceStatus, NoSuchDevice, PRODUCT_KEY_MISSING,
    State, clock,
};
use crate::state::{Call, Handled, Params, Refusal, body, ids::now_ms, page};
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub(crate) struct Device {
    pub(crate) product_key: String,
    pub(crate) name: String,
    pub(crate) iot_id: String,
    pub(crate) secret: String,
    pub(crate) nickname: Option<String>,
    /// Unactive, online or offline; [`Device::disabled`] is kept apart so that enabling restores it.
    pub(crate) activity: DeviceStatus,
    pub(crate) disabled: bool,
    pub(crate) created_ms: i64,
    pub(crate) modified_ms: i64,
    /// When the status last changed.
    pub(crate) status_ms: i64,
    pub(crate) active_ms: Option<i64>,
    pub(crate) online_ms: Option<i64>,
    /// Tags (`SaveDeviceProp`).
    pub(crate) tags: BTreeMap<String, String>,
    /// Thing model property values with the time they were set.
    pub(crate) properties: BTreeMap<String, (Value, i64)>,
    pub(crate) order: u64,
}

impl Device {
    pub(crate) fn status(&self) -> DeviceStatus {
        if self.disabled { DeviceStatus::Disabled } else { self.activity }
    }

    pub(crate) fn set_status(&mut self, status: DeviceStatus) {
        let now = now_ms();
        match status {
            DeviceStatus::Disabled => self.disabled = true,
            other => {
                self.disabled = false;
                self.activity = other;
                if other == DeviceStatus::Online {
                    self.online_ms = Some(now);
                    self.active_ms.get_or_insert(now);
                }
            }
        }
        self.status_ms = now;
        self.modified_ms = now;
    }

    /// The fields named, by wire name; `product` gives the product's own (name, node type).
    pub(crate) fn view(&self, names: &[&str], product: Option<&super::products::Product>) -> Value {
        let field = |name: &str| match name {
            "ProductKey" => json!(self.product_key),
            "DeviceName" => json!(self.name),
            "IotId" => json!(self.iot_id),
            // The older id, still listed: the `IotId` without its instance suffix.
            "DeviceId" => json!(self.iot_id.get(..20).unwrap_or(&self.iot_id)),
            "DeviceSecret" => json!(self.secret),
            "Nickname" => json!(self.nickname),
            "Status" | "DeviceStatus" => json!(self.status().as_str()),
            "UtcCreate" => json!(clock::utc(self.created_ms)),
            "GmtCreate" => json!(clock::local(self.created_ms)),
            "UtcModified" => json!(clock::utc(self.modified_ms)),
            "GmtModified" => json!(clock::local(self.modified_ms)),
            "UtcActive" => json!(self.active_ms.map(clock::utc)),
            "GmtActive" => json!(self.active_ms.map(clock::local)),
            "UtcOnline" => json!(self.online_ms.map(clock::utc)),
            "GmtOnline" => json!(self.online_ms.map(clock::local)),
            "LastOnlineTime" => json!(self.online_ms.map(clock::local)),
            "Timestamp" => json!(self.status_ms),
            "ProductName" => json!(product.map(|p| &p.name)),
            "NodeType" => json!(product.map(|p| p.node_type)),
            "Owner" => json!(true),
            _ => Value::Null,
        };
        Value::Object(names.iter().map(|name| (name.to_string(), field(name))).collect())
    }
}

/// A batch registration (`ApplyId`).
#[derive(Debug, Clone)]
pub(crate) struct Apply {
    pub(crate) product_key: String,
    /// Names to register, with nicknames.
    pub(crate) valid: Vec<(String, Option<String>)>,
    pub(crate) invalid: Vec<String>,
    /// The `IotId`s registered.
    pub(crate) registered: Vec<String>,
    pub(crate) status: &'static str,
}

/// 4 to 32 letters, digits and `-_@.:`, as the documentation states for `DeviceName`.
fn valid_device_name(name: &str) -> bool {
    (4..=32).contains(&name.chars().count()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_@.:".contains(c))
}

/// The fields of a device in the `...DeviceDetail` answers.
const DETAIL: &[&str] = &[
    "Status",
    "UtcActive",
    "ProductName",
    "DeviceName",
    "UtcCreate",
    "ProductKey",
    "NodeType",
    "DeviceSecret",
    "GmtActive",
    "GmtCreate",
    "Nickname",
    "IotId",
];

impl State {
    pub(crate) fn devices_in_order(&self) -> impl Iterator<Item = &Device> {
        let mut devices: Vec<&Device> = self.devices.values().collect();
        devices.sort_by_key(|d| d.order);
        devices.into_iter()
    }

    /// A new device with fresh ids, not yet added (see [`State::insert_device`]).
    pub(crate) fn new_device(&mut self, product_key: &str, name: &str, nickname: Option<String>) -> Device {
        let now = now_ms();
        Device {
            product_key: product_key.to_string(),
            name: name.to_string(),
            iot_id: format!("{}000100", self.ids.alphanumeric(20)),
            secret: self.ids.alphanumeric(32),
            nickname,
            activity: DeviceStatus::Unactive,
            disabled: false,
            created_ms: now,
            modified_ms: now,
            status_ms: now,
            active_ms: None,
            online_ms: None,
            tags: BTreeMap::new(),
            properties: BTreeMap::new(),
            order: self.ids.sequence(),
        }
    }

    /// Adds a device; the caller has checked its product, name and `IotId`. Its `IotId`.
    pub(crate) fn insert_device(&mut self, device: Device) -> String {
        let iot_id = device.iot_id.clone();
        self.names.insert((device.product_key.clone(), device.name.clone()), iot_id.clone());
        self.devices.insert(iot_id.clone(), device);
        iot_id
    }

    /// Registers a new device; the caller has checked the product and the name.
    fn add_device(&mut self, product_key: &str, name: &str, nickname: Option<String>) -> String {
        let device = self.new_device(product_key, name, nickname);
        self.insert_device(device)
    }

    /// Removes a device and every trace of it (group memberships, `RRpc` reply).
    pub(crate) fn remove_device(&mut self, iot_id: &str) {
        if let Some(device) = self.devices.remove(iot_id) {
            let key = (device.product_key, device.name);
            self.names.remove(&key);
            self.rrpc_replies.remove(&key);
            for group in self.groups.values_mut() {
                group.devices.remove(iot_id);
            }
        }
    }

    pub(crate) fn iot_id_by_name(&self, product_key: &str, device_name: &str) -> Option<&String> {
        self.names.get(&(product_key.to_string(), device_name.to_string()))
    }

    /// The `IotId` of the device `params` names: by `IotId`, or by `ProductKey` and `DeviceName`.
    pub(crate) fn iot_id_in(&self, call: &Call, params: &Params) -> Result<String, Refusal> {
        if let Some(iot_id) = params.get("IotId") {
            return match self.devices.contains_key(iot_id) {
                true => Ok(iot_id.to_string()),
                false => Err(call.refuse(DEVICE_NOT_FOUND, format!("no device has IotId `{iot_id}`"))),
            };
        }
        let product_key = params.get("ProductKey").ok_or_else(|| call.refuse(PRODUCT_KEY_MISSING, "give IotId, or ProductKey and DeviceName"))?;
        let name = params.get("DeviceName").ok_or_else(|| call.refuse(DEVICE_NAME_MISSING, "give IotId, or ProductKey and DeviceName"))?;
        self.iot_id_by_name(product_key, name)
            .cloned()
            .ok_or_else(|| call.refuse(DEVICE_NOT_FOUND, format!("product `{product_key}` has no device `{name}`")))
    }

    pub(crate) fn device_of(&self, call: &Call) -> Result<&Device, Refusal> {
        let iot_id = self.iot_id_in(call, &call.params)?;
        self.devices.get(&iot_id).ok_or_else(|| call.refuse(DEVICE_NOT_FOUND, format!("no device has IotId `{iot_id}`")))
    }

    pub(crate) fn device_of_mut(&mut self, call: &Call) -> Result<&mut Device, Refusal> {
        let iot_id = self.iot_id_in(call, &call.params)?;
        self.devices.get_mut(&iot_id).ok_or_else(|| call.refuse(DEVICE_NOT_FOUND, format!("no device has IotId `{iot_id}`")))
    }

    pub(crate) fn set_status(&mut self, product_key: &str, device_name: &str, status: DeviceStatus) -> Result<(), NoSuchDevice> {
        let missing = || NoSuchDevice { product_key: product_key.to_string(), device_name: device_name.to_string() };
        let iot_id = self.iot_id_by_name(product_key, device_name).cloned().ok_or_else(missing)?;
        self.devices.get_mut(&iot_id).ok_or_else(missing)?.set_status(status);
        Ok(())
    }

    /// Refuses a name that is malformed or taken in the product.
    fn check_new_name(&self, call: &Call, product_key: &str, name: &str) -> Result<(), Refusal> {
        if !valid_device_name(name) {
            return Err(call.refuse(DEVICE_NAME_INVALID, format!("`{name}` is not 4 to 32 letters, digits and -_@.:")));
        }
        match self.iot_id_by_name(product_key, name) {
            Some(_) => Err(call.refuse(DEVICE_NAME_TAKEN, format!("product `{product_key}` already has a device `{name}`"))),
            None => Ok(()),
        }
    }

    pub(super) fn register_device(&mut self, call: &Call) -> Handled {
        let product_key = self.product_of(call)?.key.clone();
        let name = match call.params.get("DeviceName") {
            Some(name) => name.to_string(),
            None => self.ids.alphanumeric(20),
        };
        self.check_new_name(call, &product_key, &name)?;
        let iot_id = self.add_device(&product_key, &name, call.params.get("Nickname").map(str::to_string));
        let device = &self.devices[&iot_id];
        body(json!({"Data": device.view(&["ProductKey", "DeviceName", "DeviceSecret", "Nickname", "IotId"], None)}))
    }

    pub(super) fn batch_check_device_names(&mut self, call: &Call) -> Handled {
        let product_key = self.product_of(call)?.key.clone();
        let mut wanted: Vec<(String, Option<String>)> = call.params.list("DeviceName").into_iter().map(|name| (name.to_string(), None)).collect();
        for entry in call.params.objects("DeviceNameList") {
            let nickname = entry.get("DeviceNickname").map(str::to_string);
            wanted.push((entry.get("DeviceName").unwrap_or_default().to_string(), nickname));
        }
        let (mut valid, mut invalid, mut repeated) = (Vec::new(), Vec::new(), Vec::new());
        for (name, nickname) in wanted {
            if !valid_device_name(&name) {
                invalid.push(name);
            } else if self.iot_id_by_name(&product_key, &name).is_some() || valid.iter().any(|(n, _)| *n == name) {
                repeated.push(name);
            } else {
                valid.push((name, nickname));
            }
        }
        let status = if invalid.is_empty() && repeated.is_empty() { "CHECK_SUCCESS" } else { "CHECK_FAILED" };
        let apply_id =
            self.new_apply(Apply { product_key, valid, invalid: [invalid.clone(), repeated.clone()].concat(), registered: Vec::new(), status });
        body(json!({"Data": {
            "ApplyId": apply_id,
            "InvalidDeviceNameList": {"InvalidDeviceName": invalid},
            "RepeatedDeviceNameList": {"RepeatDevieNameList": repeated},
        }}))
    }

    fn new_apply(&mut self, apply: Apply) -> i64 {
        let apply_id = i64::try_from(self.ids.sequence()).unwrap_or(i64::MAX);
        self.applies.insert(apply_id, apply);
        apply_id
    }

    pub(super) fn batch_register_device(&mut self, call: &Call) -> Handled {
        let product_key = self.product_of(call)?.key.clone();
        let count = call.params.number("Count").unwrap_or(0).max(0);
        let mut registered = Vec::new();
        let mut valid = Vec::new();
        for _ in 0..count {
            let name = self.ids.alphanumeric(20);
            registered.push(self.add_device(&product_key, &name, None));
            valid.push((name, None));
        }
        let apply_id = self.new_apply(Apply { product_key, valid, invalid: Vec::new(), registered, status: "CREATE_SUCCESS" });
        body(json!({"Data": {"ApplyId": apply_id}}))
    }

    fn apply_of(&self, call: &Call) -> Result<i64, Refusal> {
        let apply_id = call.params.number("ApplyId").unwrap_or_default();
        match self.applies.get(&apply_id) {
            Some(apply) if call.params.get("ProductKey").is_none_or(|key| key == apply.product_key) => Ok(apply_id),
            _ => Err(call.refuse(APPLY_NOT_FOUND, format!("no batch registration has ApplyId {apply_id} for this product"))),
        }
    }

    pub(super) fn batch_register_device_with_apply_id(&mut self, call: &Call) -> Handled {
        self.product_of(call)?;
        let apply_id = self.apply_of(call)?;
        let apply = self.applies[&apply_id].clone();
        let mut registered = apply.registered;
        if apply.status != "CREATE_SUCCESS" {
            for (name, nickname) in &apply.valid {
                // A name taken since the check stays unregistered, as in the service's result list.
                if self.iot_id_by_name(&apply.product_key, name).is_none() {
                    registered.push(self.add_device(&apply.product_key, name, nickname.clone()));
                }
            }
        }
        if let Some(stored) = self.applies.get_mut(&apply_id) {
            stored.registered = registered;
            stored.status = "CREATE_SUCCESS";
        }
        body(json!({"Data": {"ApplyId": apply_id}}))
    }

    pub(super) fn query_batch_register_device_status(&mut self, call: &Call) -> Handled {
        let apply = &self.applies[&self.apply_of(call)?];
        let valid: Vec<&str> = apply.valid.iter().map(|(name, _)| name.as_str()).collect();
        body(json!({"Data": {"Status": apply.status, "ValidList": {"Name": valid}, "InvalidList": {"Name": apply.invalid}}}))
    }

    pub(super) fn query_page_by_apply_id(&mut self, call: &Call) -> Handled {
        let apply = &self.applies[&self.apply_of(call)?];
        let devices: Vec<&Device> = apply.registered.iter().filter_map(|iot_id| self.devices.get(iot_id)).collect();
        let (current, size) = call.params.page_request();
        let total = devices.len();
        let (items, pages) = page(devices, current, size);
        let list: Vec<Value> = items.iter().map(|d| d.view(&["DeviceName", "DeviceId", "IotId", "DeviceSecret"], None)).collect();
        body(json!({"PageSize": size, "Total": total, "PageCount": pages, "Page": current, "ApplyDeviceList": {"ApplyDeviceInfo": list}}))
    }

    pub(super) fn query_device_info(&mut self, call: &Call) -> Handled {
        let device = self.device_of(call)?;
        body(json!({"Data": device.view(&["Nickname", "ProductKey", "DeviceName", "DeviceSecret", "IotId"], None)}))
    }

    pub(super) fn query_device_detail(&mut self, call: &Call) -> Handled {
        let device = self.device_of(call)?;
        let mut fields = DETAIL.to_vec();
        fields.extend(["Owner", "GmtOnline", "UtcOnline"]);
        body(json!({"Data": device.view(&fields, self.products.get(&device.product_key))}))
    }

    /// The devices named that exist; the others are left out, as the service does.
    pub(super) fn batch_query_device_detail(&mut self, call: &Call) -> Handled {
        let product = self.product_of(call)?;
        let details: Vec<Value> = call
            .params
            .list("DeviceName")
            .into_iter()
            .filter_map(|name| self.iot_id_by_name(&product.key, name))
            .map(|iot_id| self.devices[iot_id].view(DETAIL, Some(product)))
            .collect();
        body(json!({"Data": {"Data": details}}))
    }

    /// Pages by `CurrentPage`, or by the `NextToken` of the previous page.
    pub(super) fn query_device(&mut self, call: &Call) -> Handled {
        let product_key = self.product_of(call)?.key.clone();
        let devices: Vec<&Device> = self.devices_in_order().filter(|d| d.product_key == product_key).collect();
        let size = call.params.number("PageSize").unwrap_or(10).clamp(1, 50);
        let current = match call.params.get("NextToken") {
            Some(token) => token.parse::<i64>().unwrap_or(1),
            None => call.params.number("CurrentPage").unwrap_or(1).max(1),
        };
        let total = devices.len() as i64;
        let (items, pages) = page(devices, current, size);
        let fields = [
            "DeviceName",
            "DeviceId",
            "UtcCreate",
            "DeviceStatus",
            "GmtModified",
            "ProductKey",
            "UtcModified",
            "DeviceSecret",
            "GmtCreate",
            "Nickname",
            "IotId",
        ];
        let list: Vec<Value> = items.iter().map(|d| d.view(&fields, None)).collect();
        // The token is the next page's number: opaque to callers, and stable while devices are added.
        let next_token = (current < pages).then(|| (current + 1).to_string());
        body(json!({"NextToken": next_token, "PageSize": size, "PageCount": pages, "Total": total, "Page": current, "Data": {"DeviceInfo": list}}))
    }

    pub(super) fn query_device_by_status(&mut self, call: &Call) -> Handled {
        let product_key = match call.params.get("ProductKey") {
            Some(_) => Some(self.product_of(call)?.key.clone()),
            None => None,
        };
        let wanted = call.params.number("Status");
        let devices: Vec<&Device> = self
            .devices_in_order()
            .filter(|d| product_key.as_ref().is_none_or(|key| *key == d.product_key) && Some(d.status().number()) == wanted)
            .collect();
        let (current, size) = call.params.page_request();
        let total = devices.len();
        let (items, pages) = page(devices, current, size);
        let fields =
            ["Status", "ProductKey", "DeviceName", "UtcModified", "DeviceSecret", "UtcCreate", "GmtCreate", "Nickname", "GmtModified", "IotId"];
        let list: Vec<Value> = items.iter().map(|d| d.view(&fields, None)).collect();
        body(json!({"PageSize": size, "Total": total, "PageCount": pages, "Page": current, "Data": {"SimpleDeviceInfo": list}}))
    }

    pub(super) fn set_disabled(&mut self, call: &Call, disabled: bool) -> Handled {
        let device = self.device_of_mut(call)?;
        device.disabled = disabled;
        device.status_ms = now_ms();
        device.modified_ms = device.status_ms;
        body(json!({}))
    }

    pub(super) fn delete_device(&mut self, call: &Call) -> Handled {
        let iot_id = self.iot_id_in(call, &call.params)?;
        self.remove_device(&iot_id);
        body(json!({}))
    }

    /// All or nothing: one device that does not exist fails the call and changes nothing.
    pub(super) fn batch_update_device_nickname(&mut self, call: &Call) -> Handled {
        let mut updates = Vec::new();
        for entry in call.params.objects("DeviceNicknameInfo") {
            updates.push((self.iot_id_in(call, &entry)?, entry.get("Nickname").map(str::to_string)));
        }
        for (iot_id, nickname) in updates {
            if let Some(device) = self.devices.get_mut(&iot_id) {
                device.nickname = nickname;
                device.modified_ms = now_ms();
            }
        }
        body(json!({}))
    }

    pub(super) fn save_device_prop(&mut self, call: &Call) -> Handled {
        let props = call.json_object("Props")?;
        let device = self.device_of_mut(call)?;
        for (key, value) in props {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            device.tags.insert(key, text);
        }
        body(json!({}))
    }

    pub(super) fn query_device_prop(&mut self, call: &Call) -> Handled {
        let device = self.device_of(call)?;
        let props = serde_json::to_string(&device.tags).unwrap_or_default();
        body(json!({"Props": props}))
    }

    pub(super) fn delete_device_prop(&mut self, call: &Call) -> Handled {
        let key = call.params.get("PropKey").unwrap_or_default().to_string();
        self.device_of_mut(call)?.tags.remove(&key);
        body(json!({}))
    }

    pub(super) fn get_device_status(&mut self, call: &Call) -> Handled {
        let device = self.device_of(call)?;
        body(json!({"Data": device.view(&["Status", "Timestamp"], None)}))
    }

    /// By `IotId.N`, or by `ProductKey` and `DeviceName.N`; one unknown device fails the call.
    pub(super) fn batch_get_device_state(&mut self, call: &Call) -> Handled {
        let mut iot_ids = Vec::new();
        for iot_id in call.params.list("IotId") {
            iot_ids.push(self.iot_id_in(call, &Params::new([("IotId", iot_id)]))?);
        }
        if let Some(product_key) = call.params.get("ProductKey") {
            for name in call.params.list("DeviceName") {
                iot_ids.push(self.iot_id_in(call, &Params::new([("ProductKey", product_key), ("DeviceName", name)]))?);
            }
        }
        let fields = ["Status", "LastOnlineTime", "DeviceName", "DeviceId", "Timestamp", "IotId"];
        let list: Vec<Value> = iot_ids.iter().map(|iot_id| self.devices[iot_id].view(&fields, None)).collect();
        body(json!({"DeviceStatusList": {"DeviceStatus": list}}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_follow_the_documented_format() {
        assert!(valid_device_name("pump-7") && valid_device_name("a_b@c.d:e") && valid_device_name(&"x".repeat(32)));
        assert!(!valid_device_name("abc") && !valid_device_name(&"x".repeat(33)) && !valid_device_name("pump 7") && !valid_device_name("泵-七号"));
    }
}
