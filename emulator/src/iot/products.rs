//! Products: `CreateProduct`, `QueryProduct`, `QueryProductList`, `UpdateProduct`, `DeleteProduct`.

use super::State;
use crate::state::{Call, Handled, body, ids::now_ms, page};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) node_type: i64,
    pub(crate) data_format: Option<i64>,
    pub(crate) description: Option<String>,
    pub(crate) auth_type: String,
    pub(crate) secret: String,
    pub(crate) commodity_code: Option<String>,
    pub(crate) protocol_type: Option<String>,
    pub(crate) net_type: Option<String>,
    pub(crate) category_key: Option<String>,
    pub(crate) validate_type: Option<i64>,
    pub(crate) id2: Option<bool>,
    pub(crate) created_ms: i64,
    pub(crate) order: u64,
}

impl Product {
    /// `NetType` as `QueryProduct` answers it: a number for the name `CreateProduct` takes.
    fn net_type_number(&self) -> Option<i64> {
        match self.net_type.as_deref()? {
            "WIFI" => Some(3),
            "CELLULAR" => Some(6),
            "ETHERNET" => Some(7),
            "OTHER" => Some(8),
            _ => None,
        }
    }

    /// The fields named, by wire name.
    fn view(&self, names: &[&str], device_count: usize) -> Value {
        let field = |name: &str| match name {
            "ProductKey" => json!(self.key),
            "ProductName" => json!(self.name),
            "NodeType" => json!(self.node_type),
            "DataFormat" => json!(self.data_format),
            "Description" => json!(self.description),
            "AuthType" => json!(self.auth_type),
            "ProductSecret" => json!(self.secret),
            "AliyunCommodityCode" => json!(self.commodity_code),
            "ProtocolType" => json!(self.protocol_type),
            "NetType" => json!(self.net_type_number()),
            "CategoryKey" => json!(self.category_key),
            "ValidateType" => json!(self.validate_type),
            "Id2" => json!(self.id2),
            "GmtCreate" => json!(self.created_ms),
            "DeviceCount" => json!(device_count),
            "Owner" => json!(true),
            "ProductStatus" => json!("DEVELOPMENT_STATUS"),
            _ => Value::Null,
        };
        Value::Object(names.iter().map(|name| (name.to_string(), field(name))).collect())
    }
}

impl State {
    /// Products, newest first, as `QueryProductList` lists them.
    fn products_newest_first(&self) -> Vec<&Product> {
        let mut products: Vec<&Product> = self.products.values().collect();
        products.sort_by_key(|p| std::cmp::Reverse(p.order));
        products
    }

    pub(crate) fn device_count(&self, product_key: &str) -> usize {
        self.devices.values().filter(|d| d.product_key == product_key).count()
    }

    /// A new product with a fresh key and secret.
    pub(crate) fn new_product(&mut self, name: &str, node_type: i64) -> Product {
        Product {
            key: format!("a1{}", self.ids.alphanumeric(9)),
            name: name.to_string(),
            node_type,
            data_format: None,
            description: None,
            auth_type: "secret".into(),
            secret: self.ids.alphanumeric(16),
            commodity_code: None,
            protocol_type: None,
            net_type: None,
            category_key: None,
            validate_type: None,
            id2: None,
            created_ms: now_ms(),
            order: self.ids.sequence(),
        }
    }

    pub(super) fn create_product(&mut self, call: &Call) -> Handled {
        let p = &call.params;
        let mut product = self.new_product(p.get("ProductName").unwrap_or_default(), p.number("NodeType").unwrap_or(0));
        product.data_format = p.number("DataFormat");
        product.description = p.get("Description").map(str::to_string);
        product.auth_type = p.get("AuthType").unwrap_or("secret").to_string();
        product.commodity_code = p.get("AliyunCommodityCode").map(str::to_string);
        product.protocol_type = p.get("ProtocolType").map(str::to_string);
        product.net_type = p.get("NetType").map(str::to_string);
        product.category_key = p.get("CategoryKey").map(str::to_string);
        product.validate_type = p.number("ValidateType");
        product.id2 = p.flag("Id2");
        let data = product.view(
            &[
                "AuthType",
                "ProductKey",
                "ProductName",
                "NodeType",
                "Description",
                "Id2",
                "ProductSecret",
                "ProtocolType",
                "DataFormat",
                "AliyunCommodityCode",
            ],
            0,
        );
        let key = product.key.clone();
        self.products.insert(key.clone(), product);
        body(json!({"ProductKey": key, "Data": data}))
    }

    pub(super) fn query_product(&mut self, call: &Call) -> Handled {
        let product = self.product_of(call)?;
        let fields = [
            "Owner",
            "ProductName",
            "ProductSecret",
            "DataFormat",
            "ProductStatus",
            "AliyunCommodityCode",
            "DeviceCount",
            "AuthType",
            "ProductKey",
            "NodeType",
            "Description",
            "ValidateType",
            "Id2",
            "NetType",
            "GmtCreate",
            "ProtocolType",
            "CategoryKey",
        ];
        body(json!({"Data": product.view(&fields, self.device_count(&product.key))}))
    }

    pub(super) fn query_product_list(&mut self, call: &Call) -> Handled {
        let p = &call.params;
        let (current, size) = p.page_request();
        let commodity = p.get("AliyunCommodityCode");
        let matching: Vec<&Product> = self
            .products_newest_first()
            .into_iter()
            .filter(|product| commodity.is_none() || product.commodity_code.as_deref() == commodity)
            .collect();
        let total = matching.len();
        let (items, pages) = page(matching, current, size);
        let fields = ["AuthType", "ProductKey", "ProductName", "Description", "NodeType", "GmtCreate", "DataFormat", "DeviceCount"];
        let list: Vec<Value> = items.iter().map(|product| product.view(&fields, self.device_count(&product.key))).collect();
        body(json!({"Data": {"CurrentPage": current, "PageSize": size, "Total": total, "PageCount": pages, "List": {"ProductInfo": list}}}))
    }

    pub(super) fn update_product(&mut self, call: &Call) -> Handled {
        let key = self.product_of(call)?.key.clone();
        let p = &call.params;
        if let Some(product) = self.products.get_mut(&key) {
            if let Some(name) = p.get("ProductName") {
                name.clone_into(&mut product.name);
            }
            if let Some(description) = p.get("Description") {
                product.description = Some(description.to_string());
            }
        }
        body(json!({}))
    }

    /// Deletes the product and its devices with it: the documentation lists no code for refusing
    /// while devices remain.
    pub(super) fn delete_product(&mut self, call: &Call) -> Handled {
        let key = self.product_of(call)?.key.clone();
        let devices: Vec<String> = self.devices.values().filter(|d| d.product_key == key).map(|d| d.iot_id.clone()).collect();
        for iot_id in devices {
            self.remove_device(&iot_id);
        }
        self.products.remove(&key);
        body(json!({}))
    }
}
