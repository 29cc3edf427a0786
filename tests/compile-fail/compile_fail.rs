//! What the generated types must refuse to compile. Each case under `ui/` holds one mistake
//! and its `.stderr` the compiler's verdict; refresh those with `TRYBUILD=overwrite` and read
//! the diff before committing.

#[test]
fn generated_types_refuse_these_mistakes() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
