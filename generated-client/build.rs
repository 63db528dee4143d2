//! Rebuilds the generated actions when `ECS_CLIENT_SPECS` (another folder of reference pages)
//! changes, or when a page is added to or removed from the folder in use.

fn main() {
    println!("cargo:rerun-if-env-changed=ECS_CLIENT_SPECS");
    let dir = std::env::var("ECS_CLIENT_SPECS")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "../specs".to_string());
    println!("cargo:rerun-if-changed={dir}");
}
