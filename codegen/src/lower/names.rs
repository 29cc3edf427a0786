//! Rust names from spec names.
//!
//! Spec names may be anything: Rust keywords, leading digits, dashes, dots, spaces, non-ASCII.
//! Every character that is not an ASCII letter or digit separates words; a name that starts
//! with a digit gets a letter in front (`n` for values and functions, `N` for types and
//! variants); keywords become raw identifiers (`r#type`), or take a trailing `_` where Rust
//! has no raw form (`self_`; `Self` becomes `SelfType`). The JSON name is always kept through `#[serde(rename)]`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case value name (field, argument, function, module), or `None` when the name has
/// no ASCII letter or digit to build one from.
pub fn snake(name: &str) -> Option<String> {
    let mut ident = words(name).to_snake_case();
    if ident.is_empty() {
        return None;
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'n');
    }
    Some(escape(ident))
}

/// An UpperCamelCase type or variant name, or `None` as for [`snake`].
pub fn camel(name: &str) -> Option<String> {
    let mut ident = words(name).to_upper_camel_case();
    if ident.is_empty() {
        return None;
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'N');
    }
    Some(escape(ident))
}

fn escape(ident: String) -> String {
    if ident == "Self" {
        // A type or variant: `Self_` would read as a style slip (and `Self_Input` is one).
        "SelfType".to_owned()
    } else if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Names the generated models use without a path (standard types, the prelude's variants
/// and traits, and the crate's own `Decimal`, `Nullable` and `Patch`, which `models.rs`
/// imports); a schema that would take one of these names gets a `Type` suffix instead
/// (`Option` becomes `OptionType`, `Patch` `PatchType`).
pub const RESERVED_TYPES: &[&str] = &[
    "Option", "String", "Vec", "Box", "Result", "Ok", "Err", "Some", "None", "From", "Decimal",
    "Nullable", "Patch",
];

/// A type name that does not shadow a standard type the generated code uses.
pub fn type_name(camel: String) -> String {
    if RESERVED_TYPES.contains(&camel.as_str()) {
        format!("{camel}Type")
    } else {
        camel
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The Cargo package name derived from an API title: lower case, words joined by `-`, a
/// trailing `api` word dropped ("CarrierX Core API" gives `carrierx-core`).
pub fn package_from_title(title: &str) -> String {
    let lowered = words(title).to_ascii_lowercase();
    let mut parts: Vec<&str> = lowered.split_whitespace().collect();
    if parts.len() > 1 && parts.last() == Some(&"api") {
        parts.pop();
    }
    if parts.is_empty() {
        return "api-client".to_owned();
    }
    let name = parts.join("-");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_names_become_identifiers() {
        assert_eq!(snake("type").unwrap(), "r#type");
        assert_eq!(snake("self").unwrap(), "self_");
        assert_eq!(snake("1st-line").unwrap(), "n1st_line");
        assert_eq!(snake("content.type").unwrap(), "content_type");
        assert_eq!(snake("x y").unwrap(), "x_y");
        assert_eq!(snake("camelCase").unwrap(), "camel_case");
        assert_eq!(snake("grüße").unwrap(), "gr_e");
        assert_eq!(snake("--"), None);
        assert_eq!(camel("self").unwrap(), "SelfType");
        assert_eq!(camel("reject403").unwrap(), "Reject403");
        assert_eq!(camel("403").unwrap(), "N403");
        assert_eq!(camel("did_group").unwrap(), "DidGroup");
        assert_eq!(type_name(camel("option").unwrap()), "OptionType");
        assert_eq!(type_name(camel("Options").unwrap()), "Options");
        assert_eq!(type_name(camel("none").unwrap()), "NoneType");
        assert_eq!(type_name(camel("From").unwrap()), "FromType");
        assert_eq!(type_name(camel("patch").unwrap()), "PatchType");
        assert_eq!(type_name(camel("Nullable").unwrap()), "NullableType");
    }

    #[test]
    fn package_names() {
        assert_eq!(package_from_title("CarrierX Core API"), "carrierx-core");
        assert_eq!(package_from_title("Pet Store"), "pet-store");
        assert_eq!(package_from_title("API"), "api");
        assert_eq!(package_from_title("!!"), "api-client");
    }
}
