//! The support code generated crates carry: ordinary Rust kept in `templates/` and copied
//! verbatim, so it is compiled and tested as part of each generated crate.

/// When a generated crate carries a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Every crate.
    Always,
    /// Crates with an `x-pagination` operation (the item stream).
    Pagination,
    /// Crates with an `x-expression` parameter (the filter and order builders).
    Expressions,
}

/// Path in the generated crate, text, and when it is carried.
pub const TEMPLATES: &[(&str, &str, Needs)] = &[
    (
        "src/decimal.rs",
        include_str!("../templates/decimal.rs"),
        Needs::Always,
    ),
    (
        "src/error.rs",
        include_str!("../templates/error.rs"),
        Needs::Always,
    ),
    (
        "src/paginate.rs",
        include_str!("../templates/paginate.rs"),
        Needs::Pagination,
    ),
    (
        "src/nullable.rs",
        include_str!("../templates/nullable.rs"),
        Needs::Always,
    ),
    (
        "src/patch.rs",
        include_str!("../templates/patch.rs"),
        Needs::Always,
    ),
    (
        "src/query.rs",
        include_str!("../templates/query.rs"),
        Needs::Expressions,
    ),
    (
        "src/retry.rs",
        include_str!("../templates/retry.rs"),
        Needs::Always,
    ),
    (
        "src/transport.rs",
        include_str!("../templates/transport.rs"),
        Needs::Always,
    ),
    (
        "src/wire.rs",
        include_str!("../templates/wire.rs"),
        Needs::Always,
    ),
];
