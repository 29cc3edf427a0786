//! Synthetic specs for benchmarks: `n` object schemas of about twenty properties each and a
//! PATCH and a PUT operation per object, within the supported subset and deterministic for a
//! given `n`.
//!
//! Each object mixes every supported type: strings of several formats, decimals, integers,
//! numbers, booleans, an inline enum, an array of references to an earlier object, a map, and
//! a free-form object; about 30% of the properties are read only and 30% nullable.

use std::fmt::Write as _;

/// The property templates of every object, as (name, schema) pairs in YAML flow style.
/// Seven of the twenty are read only, six nullable.
const PROPERTIES: &[(&str, &str)] = &[
    (
        "sid",
        "{type: string, format: uuid, readOnly: true, description: Secure ID.}",
    ),
    ("name", "{type: string, description: Display name.}"),
    ("display_id", "{type: string, readOnly: true}"),
    ("balance", "{type: string, format: decimal, readOnly: true}"),
    ("limit", "{type: string, format: decimal, nullable: true}"),
    ("count", "{type: integer, format: int32}"),
    ("total", "{type: integer, format: int64, readOnly: true}"),
    ("ratio", "{type: number, nullable: true}"),
    ("enabled", "{type: boolean}"),
    (
        "created",
        "{type: string, format: date-time, readOnly: true}",
    ),
    ("email", "{type: string, format: email, nullable: true}"),
    ("homepage", "{type: string, format: uri, nullable: true}"),
    ("day", "{type: string, format: date}"),
    ("tags", "{type: array, items: {type: string}}"),
    (
        "labels",
        "{type: object, additionalProperties: {type: string}}",
    ),
    ("attributes", "{type: object, additionalProperties: {}}"),
    ("state", "{type: string, readOnly: true, nullable: true}"),
    (
        "note",
        "{type: string, nullable: true, description: \"Free text.\"}",
    ),
];

/// A synthetic OpenAPI 3.0.3 spec with `n` objects.
pub fn spec(n: usize) -> String {
    let mut out = String::with_capacity(2_000 + n * 2_400);
    out.push_str("openapi: 3.0.3\n");
    let _ = writeln!(out, "info: {{title: Synthetic {n} API, version: \"1.0\"}}");
    out.push_str("servers: [{url: \"https://synthetic.example.com/v1\"}]\n");
    out.push_str("security: [{oauth: [objects.write]}]\n");
    out.push_str("paths:\n");
    for i in 0..n {
        let _ = writeln!(out, "  /objects{i}/{{sid}}:");
        out.push_str("    parameters:\n");
        out.push_str("      - {name: sid, in: path, required: true, schema: {type: string}}\n");
        for (method, verb, body) in [("patch", "update", "Patch"), ("put", "replace", "Put")] {
            let _ = writeln!(out, "    {method}:");
            let _ = writeln!(out, "      operationId: {verb}Object{i}");
            let _ = writeln!(out, "      summary: {body} object {i}");
            out.push_str("      requestBody:\n        required: true\n        content:\n          application/json:\n");
            let _ = writeln!(
                out,
                "            schema: {{$ref: \"#/components/schemas/Object{i}\"}}"
            );
            out.push_str("      responses:\n        \"200\":\n          description: The object.\n          content:\n            application/json:\n");
            let _ = writeln!(
                out,
                "              schema: {{$ref: \"#/components/schemas/Object{i}\"}}"
            );
        }
    }
    out.push_str("components:\n");
    out.push_str("  securitySchemes:\n");
    out.push_str("    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: \"https://synthetic.example.com/token\", scopes: {objects.write: Write.}}}}\n");
    out.push_str("  schemas:\n");
    for i in 0..n {
        // An earlier object (the first refers to itself): a tree of references, as most
        // APIs have, with one cycle.
        let next = i / 2;
        let _ = writeln!(out, "    Object{i}:");
        out.push_str("      type: object\n");
        let _ = writeln!(out, "      description: Synthetic object number {i}.");
        out.push_str("      required: [sid, name]\n");
        out.push_str("      properties:\n");
        for (name, schema) in PROPERTIES {
            let _ = writeln!(out, "        {name}: {schema}");
        }
        out.push_str("        kind: {type: string, enum: [small, medium, large], description: An inline enum.}\n");
        let _ = writeln!(
            out,
            "        related: {{type: array, items: {{$ref: \"#/components/schemas/Object{next}\"}}}}"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::spec;

    #[test]
    fn synthetic_specs_generate_and_are_deterministic() {
        for n in [1, 3] {
            assert_eq!(spec(n), spec(n));
            let files = crate::generate(&spec(n), "synth.yaml", &crate::Options::default())
                .unwrap_or_else(|d| panic!("{d}"));
            let models = files.iter().find(|f| f.path == "src/models.rs").unwrap();
            assert!(
                models
                    .text
                    .contains(&format!("pub struct Object{}Patch", n - 1))
            );
        }
    }
}
