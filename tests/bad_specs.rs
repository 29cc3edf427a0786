//! The bad-spec corpus (`tests/fixtures/bad`): every spec fails with messages that name the
//! place (file:line:column, and the JSON pointer of the node) and say what would be accepted.
//! The exact text of each is a snapshot (`tests/snapshots/bad/`).

/// The specs of a corpus folder, sorted (the files they refer to sit in subfolders).
fn corpus(folder: &str) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(tests::root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_bad_spec_is_refused_with_located_messages() {
    let paths = corpus("tests/fixtures/bad");
    assert!(paths.len() >= 30, "the corpus has {} specs", paths.len());
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let name = format!("tests/fixtures/bad/{stem}.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        // Read through the disk, so that a `$ref` to another file is followed as the
        // command line follows it.
        let options = codegen::Options::default();
        let generated =
            codegen::generate_with(&text, &name, &path, &options, &codegen::files::Disk);
        let diagnostics = match generated {
            Ok(_) => panic!("{name} was accepted"),
            Err(d) => d,
        };
        for item in &diagnostics.items {
            // Only a problem of the whole file (an empty one) has no place in it.
            if !text.trim().is_empty() {
                assert!(
                    item.position.is_some(),
                    "{name}: no line:column for {item:?}"
                );
            }
        }
        insta::with_settings!({
            snapshot_path => "snapshots/bad",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(stem, diagnostics.to_string());
        });
    }
}

/// The warning corpus (`tests/fixtures/warn`): specs with slips the generator reads past.
/// Each generates, and its located warnings are a snapshot (`tests/snapshots/warn/`).
#[test]
fn every_slip_is_a_located_warning_and_generation_goes_on() {
    let paths = corpus("tests/fixtures/warn");
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let name = format!("tests/fixtures/warn/{stem}.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let options = codegen::Options::default();
        let generated =
            codegen::generate_with(&text, &name, &path, &options, &codegen::files::Disk)
                .unwrap_or_else(|d| panic!("{name} was refused:\n{d}"));
        let warnings = generated.warnings;
        assert!(!warnings.items.is_empty(), "{name} gave no warning");
        for item in &warnings.items {
            assert!(
                item.position.is_some(),
                "{name}: no line:column for {item:?}"
            );
            assert_eq!(item.severity, codegen::Severity::Warning);
        }
        insta::with_settings!({
            snapshot_path => "snapshots/warn",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(stem, warnings.to_string());
        });
    }
}
