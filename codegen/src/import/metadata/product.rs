//! `product.yaml` from the metadata: the product's code and version, its endpoints (a rule and the
//! regions the rule does not give) and the parameters a client sets once for every action.

use super::Metadata;
use super::json::Json;
use crate::spec::{Action, ClientParameter, Product, Type};
use aliyun_rpc_runtime::protocol::REGION_ID;
use std::collections::BTreeMap;

/// The share of a product's actions that must take an identifier for it to be a client setting.
const CLIENT_WIDE_SHARE: f64 = 0.5;

impl Metadata {
    /// The product descriptor for `actions` (this metadata's, imported); `Err` names the JSON path
    /// of what cannot be read. Keys the metadata does not state (`transient-codes`) are empty.
    pub fn product(&self, actions: &[Action]) -> Result<Product, String> {
        let listed = self.endpoints()?;
        let (endpoint, endpoints) = endpoint_rule(&listed);
        Ok(Product {
            product: self.product.clone(),
            version: self.version.clone(),
            style: "RPC".into(),
            endpoint: endpoint.or_else(|| listed.is_empty().then(|| format!("{}.{{region}}.aliyuncs.com", self.product.to_ascii_lowercase()))),
            endpoints,
            regions: listed.iter().map(|(region, _)| region.clone()).collect(),
            transient_codes: Vec::new(),
            client_parameters: client_parameters(actions),
        })
    }

    /// `endpoints[]`: `(regionId, endpoint)` in document order.
    fn endpoints(&self) -> Result<Vec<(String, String)>, String> {
        let Some(list) = self.root.get("endpoints") else { return Ok(Vec::new()) };
        let items = list.as_array().ok_or_else(|| format!("endpoints: expected a list, found {}", list.kind()))?;
        let mut out: Vec<(String, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let text = |key: &str| {
                item.get(key)
                    .and_then(Json::as_str)
                    .filter(|s| is_host_part(s))
                    .map(str::to_string)
                    .ok_or_else(|| format!("endpoints[{i}].{key}: expected a region id or host name"))
            };
            let (region, host) = (text("regionId")?, text("endpoint")?);
            if !out.iter().any(|(r, _)| *r == region) {
                out.push((region, host));
            }
        }
        Ok(out)
    }
}

/// `product.yaml`'s text for `product`, checked by loading it back as `file`.
pub fn product_yaml(product: &Product, file: &std::path::Path) -> Result<String, String> {
    let yaml = crate::spec::yaml::quote_for_yaml_1_1(&serde_yaml::to_string(product).map_err(|e| e.to_string())?);
    match crate::spec::load::product(file, &yaml) {
        Ok(loaded) if loaded == *product => Ok(yaml),
        Ok(_) => Err("product.yaml does not load back as written".into()),
        Err(errors) => Err(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

fn is_host_part(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// The rule most listed regions follow (their host with the region id as `{region}`; a host
/// without it serves every region), and the hosts of the regions it does not give. A tie goes to
/// the regional rule, which is how the portal names new regions' hosts.
fn endpoint_rule(listed: &[(String, String)]) -> (Option<String>, BTreeMap<String, String>) {
    let pattern = |region: &str, host: &str| -> String {
        host.split('.').map(|label| if label == region { "{region}".to_string() } else { label.to_string() }).collect::<Vec<_>>().join(".")
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (region, host) in listed {
        let p = pattern(region, host);
        match counts.iter_mut().find(|(q, _)| *q == p) {
            Some((_, n)) => *n += 1,
            None => counts.push((p, 1)),
        }
    }
    let rule = counts.iter().max_by_key(|(p, n)| (*n, p.contains("{region}"))).map(|(p, _)| p.clone());
    let exceptions = listed
        .iter()
        .filter(|(region, host)| rule.as_ref().is_none_or(|rule| rule.replace("{region}", region) != *host))
        .map(|(region, host)| (region.clone(), host.clone()))
        .collect();
    (rule, exceptions)
}

/// `RegionId`, when actions take it (the client's region fills it); and any other text
/// identifier at least half of the actions take: the context every call names (an instance of
/// the service), read from `ALIBABA_CLOUD_<NAME>` when the client does not set it.
fn client_parameters(actions: &[Action]) -> Vec<ClientParameter> {
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    for action in actions {
        for m in action.request.iter().filter(|m| m.ty == Type::String && m.encoding.is_none()) {
            *taken.entry(m.name.as_str()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    if taken.contains_key(REGION_ID) {
        out.push(ClientParameter { name: REGION_ID.into(), env: None });
    }
    let threshold = (actions.len() as f64 * CLIENT_WIDE_SHARE).max(2.0);
    for (name, count) in taken {
        if name != REGION_ID && name.ends_with("Id") && count as f64 >= threshold {
            let env = format!("ALIBABA_CLOUD_{}", crate::names::snake(name).to_ascii_uppercase());
            out.push(ClientParameter { name: name.into(), env: Some(env) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(r, h)| (r.to_string(), h.to_string())).collect()
    }

    #[test]
    fn the_rule_is_what_most_regions_follow_and_the_rest_are_listed() {
        let (rule, rest) = endpoint_rule(&listed(&[
            ("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
            ("cn-beijing", "ecs.cn-beijing.aliyuncs.com"),
            ("cn-shanghai", "ecs.cn-shanghai.aliyuncs.com"),
        ]));
        assert_eq!(rule.as_deref(), Some("ecs.{region}.aliyuncs.com"));
        assert_eq!(rest.into_iter().collect::<Vec<_>>(), [("cn-hangzhou".to_string(), "ecs-cn-hangzhou.aliyuncs.com".to_string())]);

        let (rule, rest) = endpoint_rule(&listed(&[
            ("cn-beijing", "linkvisual.aliyuncs.com"),
            ("cn-qingdao", "linkvisual.aliyuncs.com"),
            ("cn-shanghai", "linkvisual.cn-shanghai.aliyuncs.com"),
        ]));
        assert_eq!(rule.as_deref(), Some("linkvisual.aliyuncs.com"));
        assert_eq!(rest.len(), 1);
        assert_eq!(endpoint_rule(&[]), (None, BTreeMap::new()));
    }

    #[test]
    fn a_tie_goes_to_the_regional_rule() {
        let (rule, _) = endpoint_rule(&listed(&[("cn-beijing", "x.aliyuncs.com"), ("cn-shanghai", "x.cn-shanghai.aliyuncs.com")]));
        assert_eq!(rule.as_deref(), Some("x.{region}.aliyuncs.com"));
    }
}
