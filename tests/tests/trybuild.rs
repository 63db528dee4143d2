//! The attribute as a user crate sees it: a passing crate, and compile errors for bad pages.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("trybuild/pass/*.rs");
    t.compile_fail("trybuild/fail/*.rs");
}
