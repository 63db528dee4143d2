//! Which host a call goes to (WIRE.md §4): an explicit endpoint wins; then the caller's
//! per-region overrides; then the product's own special cases (ECS answers `cn-hangzhou` at
//! `ecs-cn-hangzhou.aliyuncs.com`, as the current official SDK resolves it); then the rule
//! `<product>[-<network>].<region>.aliyuncs.com`. HTTPS unless the endpoint says `http://`.

use std::collections::BTreeMap;

/// Regions whose ECS endpoint is not the regional rule, as the official SDK (7.11.8) maps
/// them and its runs confirm (WIRE.md §4).
const ECS_SPECIAL: &[(&str, &str)] = &[("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com")];

/// Everything endpoint resolution reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointConfig {
    /// A whole endpoint (`https://ecs.example`, `http://127.0.0.1:8080`, or a bare host).
    pub explicit: Option<String>,
    /// Region -> endpoint, consulted before the built-in rules.
    pub overrides: BTreeMap<String, String>,
    /// `vpc` for `ecs-vpc.<region>.aliyuncs.com`.
    pub network: Option<String>,
}

/// The base URL (scheme and authority, no trailing `/`) for `product` in `region`.
pub fn resolve(cfg: &EndpointConfig, product: &str, region: &str) -> String {
    let product = product.to_ascii_lowercase();
    if let Some(e) = &cfg.explicit {
        return with_scheme(e);
    }
    if let Some(e) = cfg.overrides.get(region) {
        return with_scheme(e);
    }
    let network = cfg
        .network
        .as_deref()
        .filter(|n| !n.is_empty() && *n != "public");
    if network.is_none() && product == "ecs" {
        if let Some((_, host)) = ECS_SPECIAL.iter().find(|(r, _)| *r == region) {
            return with_scheme(host);
        }
    }
    let host = match network {
        Some(n) => format!("{product}-{n}.{region}.aliyuncs.com"),
        None => format!("{product}.{region}.aliyuncs.com"),
    };
    with_scheme(&host)
}

/// `https://` unless a scheme is given; no trailing `/`.
fn with_scheme(endpoint: &str) -> String {
    let e = endpoint.trim().trim_end_matches('/');
    if e.starts_with("http://") || e.starts_with("https://") {
        e.to_string()
    } else {
        format!("https://{e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_order() {
        let mut cfg = EndpointConfig::default();
        assert_eq!(
            resolve(&cfg, "Ecs", "cn-beijing"),
            "https://ecs.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            resolve(&cfg, "Ecs", "ap-southeast-1"),
            "https://ecs.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(
            resolve(&cfg, "Ecs", "cn-hangzhou"),
            "https://ecs-cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            resolve(&cfg, "Vpc", "cn-hangzhou"),
            "https://vpc.cn-hangzhou.aliyuncs.com"
        );
        cfg.network = Some("vpc".into());
        assert_eq!(
            resolve(&cfg, "Ecs", "cn-beijing"),
            "https://ecs-vpc.cn-beijing.aliyuncs.com"
        );
        cfg.overrides
            .insert("cn-beijing".into(), "ecs.internal.example/".into());
        assert_eq!(
            resolve(&cfg, "Ecs", "cn-beijing"),
            "https://ecs.internal.example"
        );
        cfg.explicit = Some("http://127.0.0.1:9000".into());
        assert_eq!(resolve(&cfg, "Ecs", "cn-beijing"), "http://127.0.0.1:9000");
    }
}
