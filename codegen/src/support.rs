//! The support code every generated crate carries: ordinary Rust kept in `templates/` and
//! copied verbatim, so it is compiled and tested as part of each generated crate.

/// Path in the generated crate, and text.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("src/decimal.rs", include_str!("../templates/decimal.rs")),
    ("src/error.rs", include_str!("../templates/error.rs")),
    ("src/patch.rs", include_str!("../templates/patch.rs")),
    ("src/retry.rs", include_str!("../templates/retry.rs")),
    (
        "src/transport.rs",
        include_str!("../templates/transport.rs"),
    ),
    ("src/wire.rs", include_str!("../templates/wire.rs")),
];
