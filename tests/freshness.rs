//! `generated/` is exactly what the generator makes from `spec/` now.

#[test]
fn generated_crate_is_fresh() {
    let out = tests::root().join("generated");
    // As `cargo run -p codegen` writes it: the runtime by its path from the output folder.
    let runtime =
        codegen::output::relative_path(&out, std::path::Path::new(codegen::ir::RUNTIME_DIR));
    let options = codegen::Options {
        runtime: codegen::ir::Runtime::Path(runtime),
        ..Default::default()
    };
    let files = tests::generate_with(&tests::spec_path(), &options);
    let differences = codegen::output::check(&out, &files).expect("readable");
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(
        differences.is_empty(),
        "generated/ is stale; run `cargo run -p codegen`:\n{}",
        report.join("\n")
    );
}
