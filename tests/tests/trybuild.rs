//! The attribute as a user crate sees it: a passing crate, and compile errors for bad pages.
//! trybuild builds in a scratch crate under `target/`, so spec paths are anchored at this
//! crate through `ECS_SPEC_BASE`.

#[test]
fn ui() {
    std::env::set_var("ECS_SPEC_BASE", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.pass("trybuild/pass/*.rs");
    t.compile_fail("trybuild/fail/*.rs");
}
