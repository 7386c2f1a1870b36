//! IoT Platform's resources, remembered per emulator: products, devices (status, nicknames, tags,
//! property values), groups, and the messages sent to devices. Each resource's actions are in its
//! own module; `State::answer` routes to them. Every other action answers its sample.
//!
//! One emulator is one account in one instance: `IotInstanceId` is accepted and not used to
//! separate resources. Failures answer the code the documentation lists for them (see
//! `state::codes`), never one written here.

mod devices;
mod groups;
mod messages;
mod products;
mod seed;
mod thing_model;

pub use messages::{Message, MessageKind, ServiceCall};
pub use seed::{DeviceRef, Seed, SeedDevice, SeedError, SeedGroup, SeedProduct};

use crate::gateway::{Gateway, lock};
use crate::state::ids::Ids;
use crate::state::{Call, Concern, Handled, Meaning, Refusal};
use devices::{Apply, Device};
use groups::Group;
use products::Product;
use std::collections::{BTreeMap, HashMap};

/// The product code whose actions [`State`] answers.
pub(crate) const PRODUCT_CODE: &str = "Iot";

const PRODUCT_NOT_FOUND: Concern = Concern::new("prod", "Product", Meaning::NotFound);
const PRODUCT_KEY_MISSING: Concern = Concern::new("prod", "ProductKey", Meaning::Missing);
const DEVICE_NOT_FOUND: Concern = Concern::new("device", "Device", Meaning::NotFound);
const DEVICE_NAME_MISSING: Concern = Concern::new("device", "DeviceName", Meaning::Missing);
const DEVICE_NAME_TAKEN: Concern = Concern::new("device", "DeviceName", Meaning::AlreadyExists);
const DEVICE_NAME_INVALID: Concern = Concern::new("device", "DeviceName", Meaning::InvalidFormat);
const APPLY_NOT_FOUND: Concern = Concern::new("device", "DeviceApply", Meaning::NotFound);
const GROUP_NOT_FOUND: Concern = Concern::new("group", "Group", Meaning::NotFound);
const GROUP_NAME_TAKEN: Concern = Concern::new("group", "GroupName", Meaning::AlreadyExists);

/// Every failure the handlers report; each must have a documented code (tested).
#[cfg(test)]
const CONCERNS: &[Concern] = &[
    PRODUCT_NOT_FOUND,
    PRODUCT_KEY_MISSING,
    DEVICE_NOT_FOUND,
    DEVICE_NAME_MISSING,
    DEVICE_NAME_TAKEN,
    DEVICE_NAME_INVALID,
    APPLY_NOT_FOUND,
    GROUP_NOT_FOUND,
    GROUP_NAME_TAKEN,
];

/// A device's connection status, as `GetDeviceStatus` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DeviceStatus {
    /// Registered, never connected.
    Unactive,
    /// Connected.
    Online,
    /// Connected before, not now.
    Offline,
    /// Disabled (`DisableThing`); `EnableThing` restores the status it had.
    #[serde(rename = "DISABLE")]
    Disabled,
}

impl DeviceStatus {
    /// The wire value: `UNACTIVE`, `ONLINE`, `OFFLINE`, `DISABLE`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Unactive => "UNACTIVE",
            DeviceStatus::Online => "ONLINE",
            DeviceStatus::Offline => "OFFLINE",
            DeviceStatus::Disabled => "DISABLE",
        }
    }

    /// The number `QueryDeviceByStatus` selects it with.
    fn number(self) -> i64 {
        match self {
            DeviceStatus::Unactive => 0,
            DeviceStatus::Online => 1,
            DeviceStatus::Offline => 3,
            DeviceStatus::Disabled => 8,
        }
    }
}

/// Everything the emulator remembers of IoT Platform.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    products: BTreeMap<String, Product>,
    /// By `IotId`.
    devices: BTreeMap<String, Device>,
    /// `(ProductKey, DeviceName)` to `IotId`.
    names: HashMap<(String, String), String>,
    /// By `GroupId`.
    groups: BTreeMap<String, Group>,
    /// Batch registrations by `ApplyId`.
    applies: BTreeMap<i64, Apply>,
    messages: Vec<Message>,
    service_calls: Vec<ServiceCall>,
    /// What a device answers to `RRpc`, by `(ProductKey, DeviceName)`.
    rrpc_replies: HashMap<(String, String), Vec<u8>>,
    ids: Ids,
}

/// Whether the state answers `action`.
pub(crate) fn keeps(action: &str) -> bool {
    STATEFUL_ACTIONS.contains(&action)
}

impl State {
    /// The answer to a stateful action; `None` for the actions this state does not keep.
    pub(crate) fn answer(&mut self, call: &Call) -> Option<Handled> {
        Some(match call.action {
            "CreateProduct" => self.create_product(call),
            "QueryProduct" => self.query_product(call),
            "QueryProductList" => self.query_product_list(call),
            "UpdateProduct" => self.update_product(call),
            "DeleteProduct" => self.delete_product(call),
            "RegisterDevice" => self.register_device(call),
            "BatchCheckDeviceNames" => self.batch_check_device_names(call),
            "BatchRegisterDevice" => self.batch_register_device(call),
            "BatchRegisterDeviceWithApplyId" => self.batch_register_device_with_apply_id(call),
            "QueryBatchRegisterDeviceStatus" => self.query_batch_register_device_status(call),
            "QueryPageByApplyId" => self.query_page_by_apply_id(call),
            "QueryDeviceInfo" => self.query_device_info(call),
            "QueryDeviceDetail" => self.query_device_detail(call),
            "BatchQueryDeviceDetail" => self.batch_query_device_detail(call),
            "QueryDevice" => self.query_device(call),
            "QueryDeviceByStatus" => self.query_device_by_status(call),
            "EnableThing" => self.set_disabled(call, false),
            "DisableThing" => self.set_disabled(call, true),
            "DeleteDevice" => self.delete_device(call),
            "BatchUpdateDeviceNickname" => self.batch_update_device_nickname(call),
            "SaveDeviceProp" => self.save_device_prop(call),
            "QueryDeviceProp" => self.query_device_prop(call),
            "DeleteDeviceProp" => self.delete_device_prop(call),
            "GetDeviceStatus" => self.get_device_status(call),
            "BatchGetDeviceState" => self.batch_get_device_state(call),
            "CreateDeviceGroup" => self.create_device_group(call),
            "QueryDeviceGroupInfo" => self.query_device_group_info(call),
            "QueryDeviceGroupList" => self.query_device_group_list(call),
            "UpdateDeviceGroup" => self.update_device_group(call),
            "DeleteDeviceGroup" => self.delete_device_group(call),
            "BatchAddDeviceGroupRelations" => self.batch_add_device_group_relations(call),
            "BatchDeleteDeviceGroupRelations" => self.batch_delete_device_group_relations(call),
            "QueryDeviceListByDeviceGroup" => self.query_device_list_by_device_group(call),
            "SetDeviceProperty" => self.set_device_property(call),
            "QueryDevicePropertyStatus" => self.query_device_property_status(call),
            "InvokeThingService" => self.invoke_thing_service(call),
            "Pub" => self.publish(call),
            "PubBroadcast" => self.publish_broadcast(call),
            "RRpc" => self.rrpc(call),
            _ => return None,
        })
    }

    /// The product a call names by `ProductKey`.
    fn product_of(&self, call: &Call) -> Result<&Product, Refusal> {
        let key = call.params.get("ProductKey").ok_or_else(|| call.refuse(PRODUCT_KEY_MISSING, "ProductKey is required"))?;
        self.products.get(key).ok_or_else(|| call.refuse(PRODUCT_NOT_FOUND, format!("no product has ProductKey `{key}`")))
    }

    /// Forgets every resource and message; identifiers stay fresh.
    fn reset(&mut self) {
        *self = State { ids: self.ids.clone(), ..State::default() };
    }
}

/// The IoT Platform state of an [`Emulator`](crate::Emulator): what a test sets up and checks
/// beside the calls its code makes. Made by [`Emulator::iot`](crate::Emulator::iot).
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// use aliyun_iot::types::NodeType;
/// use aliyun_iot_emulator::{Emulator, iot::DeviceStatus};
/// let emu = Emulator::start().await?;
/// let client = emu.client();
/// let product = client.create_product().product_name("pumps").node_type(NodeType::Device).send().await?;
/// let key = product.product_key.unwrap();
/// client.register_device().product_key(&key).device_name("pump-7").send().await?;
/// emu.iot().set_device_status(&key, "pump-7", DeviceStatus::Online)?;
/// let status = client.get_device_status().product_key(&key).device_name("pump-7").send().await?;
/// assert_eq!(status.data.unwrap().status.unwrap().as_str(), "ONLINE");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone, Copy)]
pub struct IotPlatform<'e> {
    gateway: &'e Gateway,
}

/// A device the emulator does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchDevice {
    /// The `ProductKey` asked for.
    pub product_key: String,
    /// The `DeviceName` asked for.
    pub device_name: String,
}

impl std::fmt::Display for NoSuchDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the emulator has no device `{}` of product `{}`", self.device_name, self.product_key)
    }
}

impl std::error::Error for NoSuchDevice {}

impl<'e> IotPlatform<'e> {
    pub(crate) fn new(gateway: &'e Gateway) -> Self {
        IotPlatform { gateway }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut lock(&self.gateway.iot))
    }

    /// Forgets every product, device, group, message and registered reply.
    pub fn reset(&self) {
        self.with(State::reset);
    }

    /// Adds what `seed` describes, all or nothing: on error nothing is added.
    pub fn seed(&self, seed: &Seed) -> Result<(), SeedError> {
        self.with(|state| seed.apply_to(state))
    }

    /// Sets a device's status as if it had connected, disconnected or been disabled.
    pub fn set_device_status(&self, product_key: &str, device_name: &str, status: DeviceStatus) -> Result<(), NoSuchDevice> {
        self.with(|state| state.set_status(product_key, device_name, status))
    }

    /// What the device answers to `RRpc` from now on (the payload, before Base64); `None`: it
    /// does not answer, and calls time out.
    pub fn set_rrpc_reply(&self, product_key: &str, device_name: &str, payload: Option<Vec<u8>>) {
        self.with(|state| {
            let key = (product_key.to_string(), device_name.to_string());
            match payload {
                Some(payload) => state.rrpc_replies.insert(key, payload),
                None => state.rrpc_replies.remove(&key),
            };
        });
    }

    /// Every message sent to devices (`Pub`, `PubBroadcast`, `RRpc`), oldest first.
    pub fn messages(&self) -> Vec<Message> {
        self.with(|state| state.messages.clone())
    }

    /// Every `InvokeThingService` call, oldest first.
    pub fn service_calls(&self) -> Vec<ServiceCall> {
        self.with(|state| state.service_calls.clone())
    }

    /// Forgets the messages and service calls (resources stay).
    pub fn clear_messages(&self) {
        self.with(|state| {
            state.messages.clear();
            state.service_calls.clear();
        });
    }

    /// The `(ProductKey, DeviceName)` of every device, in order of creation.
    pub fn devices(&self) -> Vec<(String, String)> {
        self.with(|state| state.devices_in_order().map(|d| (d.product_key.clone(), d.name.clone())).collect())
    }

    /// Everything the state holds, as the [`Seed`] that would rebuild it (`GET
    /// /_emulator/iot/state` answers the same as JSON).
    pub fn snapshot(&self) -> Seed {
        self.with(|state| Seed::of(state))
    }
}

/// Every IoT action the state answers (the gateway asks before taking the state's lock).
const STATEFUL_ACTIONS: &[&str] = &[
    "CreateProduct",
    "QueryProduct",
    "QueryProductList",
    "UpdateProduct",
    "DeleteProduct",
    "RegisterDevice",
    "BatchCheckDeviceNames",
    "BatchRegisterDevice",
    "BatchRegisterDeviceWithApplyId",
    "QueryBatchRegisterDeviceStatus",
    "QueryPageByApplyId",
    "QueryDeviceInfo",
    "QueryDeviceDetail",
    "BatchQueryDeviceDetail",
    "QueryDevice",
    "QueryDeviceByStatus",
    "EnableThing",
    "DisableThing",
    "DeleteDevice",
    "BatchUpdateDeviceNickname",
    "SaveDeviceProp",
    "QueryDeviceProp",
    "DeleteDeviceProp",
    "GetDeviceStatus",
    "BatchGetDeviceState",
    "CreateDeviceGroup",
    "QueryDeviceGroupInfo",
    "QueryDeviceGroupList",
    "UpdateDeviceGroup",
    "DeleteDeviceGroup",
    "BatchAddDeviceGroupRelations",
    "BatchDeleteDeviceGroupRelations",
    "QueryDeviceListByDeviceGroup",
    "SetDeviceProperty",
    "QueryDevicePropertyStatus",
    "InvokeThingService",
    "Pub",
    "PubBroadcast",
    "RRpc",
];

/// Times as the service writes them.
mod clock {
    use time::OffsetDateTime;
    use time::macros::{format_description, offset};

    fn at(ms: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// `2018-08-06T02:47:50.000Z`
    pub(super) fn utc(ms: i64) -> String {
        at(ms).format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z")).unwrap_or_default()
    }

    /// `2018-08-06 10:47:50`: the `Gmt` times are the service's local time, UTC+8.
    pub(super) fn local(ms: i64) -> String {
        at(ms).to_offset(offset!(+8)).format(format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::iot::ACTIONS;
    use crate::state::{Codes, ProductCodes};

    #[test]
    fn every_failure_has_a_documented_code() {
        let product = ProductCodes::new(ACTIONS.iter().map(|a| a.errors));
        let codes = Codes { action: &[], product: &product };
        let missing: Vec<String> = CONCERNS.iter().filter(|c| codes.find(**c).is_none()).map(|c| c.describe()).collect();
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(codes.find(DEVICE_NOT_FOUND), Some("Iot.Device.NotExistedDevice"));
    }

    #[test]
    fn the_state_answers_exactly_the_actions_it_keeps() {
        let product = ProductCodes::new([]);
        for action in STATEFUL_ACTIONS {
            assert!(ACTIONS.iter().any(|a| a.operation.action == *action), "{action} is not in the IoT table");
        }
        for served in ACTIONS {
            let codes = Codes { action: &[], product: &product };
            let call = Call { action: served.operation.action, params: crate::state::Params::default(), codes };
            let routed = State::default().answer(&call).is_some();
            assert_eq!(routed, keeps(served.operation.action), "{}", served.operation.action);
        }
    }

    #[test]
    fn times_are_written_as_the_service_writes_them() {
        assert_eq!(clock::utc(1_533_523_670_000), "2018-08-06T02:47:50.000Z");
        assert_eq!(clock::local(1_533_523_670_000), "2018-08-06 10:47:50");
    }
}
