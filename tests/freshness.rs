//! `generated/` is exactly what the generator makes from `spec/` now.

#[test]
fn generated_crate_is_fresh() {
    let files = tests::generate(&tests::spec_path());
    let differences =
        codegen::output::check(&tests::root().join("generated"), &files).expect("readable");
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(
        differences.is_empty(),
        "generated/ is stale; run `cargo run -p codegen`:\n{}",
        report.join("\n")
    );
}
