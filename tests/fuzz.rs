//! The generator never panics, whatever it is given: arbitrary text, the project's specs with
//! random edits, and random documents built from OpenAPI's vocabulary. Each case may succeed
//! or fail; a panic fails the test and proptest shrinks the input.
//!
//! `FUZZ_CASES=N` sets the number of cases of each property (a longer session:
//! `FUZZ_CASES=200000 cargo test --release -p tests --test fuzz`).

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_yaml::{Mapping, Value};

fn config(default: u32) -> Config {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs the whole pipeline; returns whether it succeeded. Panics propagate.
fn generate(text: &str) -> bool {
    codegen::generate(
        text,
        "fuzz.yaml",
        &codegen::Options {
            rustfmt: false,
            ..Default::default()
        },
    )
    .is_ok()
}

/// The specs to mutate: the project's spec, the fixtures and the bad corpus.
fn seeds() -> Vec<String> {
    let root = tests::root();
    let mut texts = vec![std::fs::read_to_string(tests::spec_path()).unwrap()];
    for dir in ["tests/fixtures/specs", "tests/fixtures/bad"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    }
    texts
}

/// Fragments that tend to hit the edges of the subset.
const SNIPPETS: &[&str] = &[
    "type: object",
    "type: [string, 'null']",
    "type: strng",
    "type: array",
    "items: {}",
    "$ref: '#/components/schemas/Nope'",
    "$ref: '#/components/schemas/Partner'",
    "$ref: 'other.yaml#/x'",
    "$ref: 7",
    "allOf: []",
    "allOf: [{}, {}]",
    "oneOf: [{type: string}]",
    "enum: [1, null, a, A]",
    "enum: []",
    "nullable: 'yes'",
    "readOnly: true",
    "required: [nope]",
    "additionalProperties: {type: integer}",
    "properties: []",
    "properties: {'': {type: string}}",
    "properties: {'-': {}, '_': {}}",
    "in: header",
    "in: path",
    "operationId: ''",
    "operationId: self",
    "operationId: [x]",
    "content: {text/plain: {}}",
    "content: {}",
    "responses: {}",
    "'204': {description: x}",
    "security: [{nope: [x]}]",
    "servers: [{url: 'https://{x}.example.com'}]",
    "example: {a: [1, {b: .inf}]}",
    "- {name: x, in: query, schema: {type: array, items: {}}}",
    "/x/{y}: {get: {operationId: y, responses: {'200': {description: d}}}}",
    "&anchor {a: 1}",
    "*anchor",
    "? [complex]\n  : key",
    "!!binary aGVsbG8=",
    "'\u{0}\u{7}\u{1b}'",
    "description: \"*/ #[x] ``` \\u00e9\"",
    "oneOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]",
    "anyOf: [{type: integer}, {type: string, format: decimal}]",
    "anyOf: []",
    "discriminator: {propertyName: kind, mapping: {a: A, b: '#/components/schemas/B'}}",
    "discriminator: {propertyName: 7}",
    "writeOnly: true",
    "deprecated: true",
    "type: 'null'",
    "format: uint64",
    "$ref: '#/components/parameters/P'",
    "$ref: '#/components/responses/R'",
    "$ref: '#/components/requestBodies/B'",
    "parameters: {P: {$ref: '#/components/parameters/P'}}",
    "content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: object}}}}}",
    "content: {multipart/form-data: {}}",
    "content: {'application/json; charset=utf-8': {schema: {type: string, format: binary}}}",
    "style: deepObject",
    "explode: false",
    "'2XX': {description: x, content: {text/plain: {}}}",
    "default: {description: x, content: {'*/*': {}}}",
    "securitySchemes: {b: {type: http, scheme: basic}, k: {type: apiKey, in: query, name: key}}",
    "servers: [{url: '{root}/v1', variables: {root: {default: 'https://x'}}}]",
    "callbacks: {c: {'{$url}': {post: {responses: {'200': {description: x}}}}}}",
    "x-pagination: {items: items, has_more: has_more, limit: limit, offset: offset, page_size: 3}",
    "x-pagination: {style: cursor, items: [], limit: 7}",
    "x-pagination: true",
    "x-expression: filter",
    "x-expression: order",
    "x-expression: {a: 1}",
    "openapi: 3.1.0",
    "type: [string, integer, 'null']",
    "type: [object, array]",
    "type: []",
    "const: x",
    "const: null",
    "enum: [null]",
    "examples: [1, {a: b}]",
    "prefixItems: [{type: string}]",
    "items: false",
    "$defs: {D: {type: string}}",
    "$ref: '#/$defs/D'",
    "$ref: '#/components/schemas/A/properties/b'",
    "$ref: '#anchor'",
    "$ref: 'parts/common.yaml#/components/schemas/A'",
    "$ref: 'parts/common.yaml'",
    "$ref: '../outside.yaml#/x'",
    "$ref: 'https://example.com/x.yaml'",
    "$ref: '#/components/pathItems/P'",
    "contentMediaType: image/png",
    "patternProperties: {'^x': {type: integer}, '^y': {}}",
    "unevaluatedProperties: false",
    "exclusiveMinimum: 0",
    "minimum: -99999999999999999999999999",
    "oneOf: [{const: 0, title: A}, {const: 1, title: B}]",
    "anyOf: [{type: string, enum: [a]}, {type: string}]",
    "webhooks: {w: {post: {responses: {'200': {description: x}}}}}",
    "jsonSchemaDialect: https://example.com/dialect",
    "- {name: x, in: query, content: {application/json: {schema: {type: object}}}}",
];

#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, usize),
    ReplaceValue(usize, usize),
    Indent(usize, bool),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::ReplaceValue(a, b)),
        (any::<usize>(), any::<bool>()).prop_map(|(a, b)| Edit::Indent(a, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for e in edits {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match *e {
            Edit::Delete(i) => {
                lines.remove(i % n);
            }
            Edit::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Edit::Swap(a, b) => lines.swap(a % n, b % n),
            Edit::Insert(i, s) => {
                let indent: String = lines[i % n].chars().take_while(|c| *c == ' ').collect();
                lines.insert(i % n, format!("{indent}{}", SNIPPETS[s % SNIPPETS.len()]));
            }
            Edit::ReplaceValue(i, s) => {
                let line = &mut lines[i % n];
                if let Some(colon) = line.find(": ") {
                    line.truncate(colon + 2);
                    line.push_str(SNIPPETS[s % SNIPPETS.len()]);
                }
            }
            Edit::Indent(i, more) => {
                let line = &mut lines[i % n];
                if more {
                    line.insert_str(0, "  ");
                } else if line.starts_with("  ") {
                    line.replace_range(..2, "");
                }
            }
            Edit::Truncate(i) => {
                let i = i % n;
                lines.truncate(i.max(1));
            }
        }
    }
    lines.join("\n")
}

/// A random schema built from the vocabulary of the subset and just beyond it.
fn schema() -> impl Strategy<Value = Value> {
    let names = prop_oneof![
        4 => Just("A"),
        4 => Just("B"),
        4 => Just("C"),
        2 => Just("type"),
        2 => Just("1st"),
        2 => Just("a-b"),
        1 => Just(""),
    ];
    let leaf = prop_oneof![
        8 => prop_oneof![
            Just("string"),
            Just("integer"),
            Just("number"),
            Just("boolean"),
            Just("object"),
            Just("array"),
        ]
        .prop_map(|t| yaml(&format!("{{type: {t}}}"))),
        1 => Just(yaml("{type: file}")),
        3 => names.clone().prop_map(|n| yaml(&format!("{{$ref: '#/components/schemas/{n}'}}"))),
        2 => Just(yaml("{type: string, format: decimal, nullable: true}")),
        2 => Just(yaml("{type: string, enum: [a, b, null], nullable: true}")),
        1 => Just(yaml("{enum: [x, X]}")),
        2 => Just(yaml("{}")),
        1 => Just(Value::Null),
        1 => Just(yaml("[1, 2]")),
        1 => any::<bool>().prop_map(Value::Bool),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            (
                prop::collection::vec((names.clone(), inner.clone()), 0..5),
                any::<bool>(),
                any::<bool>()
            )
                .prop_map(|(props, read_only, extra)| {
                    let mut properties = Mapping::new();
                    let mut required = Vec::new();
                    for (i, (k, v)) in props.into_iter().enumerate() {
                        if i % 2 == 0 {
                            required.push(Value::String(k.to_owned()));
                        }
                        properties.insert(Value::String(k.to_owned()), v);
                    }
                    let mut m = Mapping::new();
                    m.insert("type".into(), "object".into());
                    m.insert("properties".into(), Value::Mapping(properties));
                    m.insert("readOnly".into(), read_only.into());
                    m.insert("additionalProperties".into(), extra.into());
                    m.insert("required".into(), Value::Sequence(required));
                    Value::Mapping(m)
                }),
            inner.clone().prop_map(|i| {
                let mut m = Mapping::new();
                m.insert("type".into(), "array".into());
                m.insert("items".into(), i);
                Value::Mapping(m)
            }),
            prop_oneof![
                4 => prop::collection::vec(inner.clone(), 1..2),
                1 => prop::collection::vec(inner.clone(), 0..3),
            ]
            .prop_map(|members| {
                let mut m = Mapping::new();
                m.insert("allOf".into(), Value::Sequence(members));
                m.insert("nullable".into(), true.into());
                Value::Mapping(m)
            }),
            inner.clone().prop_map(|i| {
                let mut m = Mapping::new();
                m.insert("type".into(), "object".into());
                m.insert("additionalProperties".into(), i);
                Value::Mapping(m)
            }),
            (
                prop::collection::vec(inner, 0..4),
                any::<bool>(),
                prop_oneof![Just("oneOf"), Just("anyOf")]
            )
                .prop_map(|(members, tagged, key)| {
                    let mut m = Mapping::new();
                    m.insert(key.into(), Value::Sequence(members));
                    if tagged {
                        m.insert(
                            "discriminator".into(),
                            yaml("{propertyName: kind, mapping: {a: A, c: '#/components/schemas/C'}}"),
                        );
                    }
                    Value::Mapping(m)
                }),
        ]
    })
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

/// A random document: schemas A, B, C and a few operations using them.
fn document() -> impl Strategy<Value = String> {
    let method = prop_oneof![
        3 => Just("get"),
        3 => Just("put"),
        3 => Just("post"),
        6 => Just("patch"),
        3 => Just("delete"),
        1 => Just("head"),
    ];
    let param_in = prop_oneof![8 => Just("path"), 2 => Just("query"), 1 => Just("header")];
    let id = prop_oneof![4 => Just("x"), 4 => Just("y"), 1 => Just("")];
    let operation = (
        method,
        param_in,
        schema(),
        schema(),
        prop::bool::weighted(0.9),
        id,
    );
    (
        prop::collection::vec(schema(), 0..4),
        prop::collection::vec(operation, 0..4),
    )
        .prop_map(|(schemas, operations)| {
            let mut components = Mapping::new();
            for (name, s) in ["A", "B", "C", "type"].iter().zip(schemas) {
                components.insert((*name).into(), s);
            }
            let mut paths = Mapping::new();
            for (i, (method, param_in, body, response, with_param, id)) in operations.into_iter().enumerate() {
                let mut op = Mapping::new();
                op.insert("operationId".into(), format!("{id}{i}").into());
                if with_param {
                    op.insert(
                        "parameters".into(),
                        yaml(&format!("[{{name: id, in: {param_in}, required: true, schema: {{type: string}}}}]")),
                    );
                }
                let mut media = Mapping::new();
                media.insert("schema".into(), body);
                op.insert(
                    "requestBody".into(),
                    Value::Mapping([("content".into(), Value::Mapping([("application/json".into(), Value::Mapping(media))].into_iter().collect()))].into_iter().collect()),
                );
                let mut ok = Mapping::new();
                ok.insert("description".into(), "ok".into());
                ok.insert(
                    "content".into(),
                    Value::Mapping([("application/json".into(), Value::Mapping([("schema".into(), response)].into_iter().collect()))].into_iter().collect()),
                );
                op.insert("responses".into(), Value::Mapping([("200".into(), Value::Mapping(ok))].into_iter().collect()));
                let mut item = Mapping::new();
                item.insert(method.into(), Value::Mapping(op));
                paths.insert(format!("/p{}/{{id}}", i % 3).into(), Value::Mapping(item));
            }
            let mut doc = Mapping::new();
            doc.insert("openapi".into(), "3.0.3".into());
            doc.insert("info".into(), yaml("{title: Fuzz, version: '1'}"));
            doc.insert("paths".into(), Value::Mapping(paths));
            doc.insert("components".into(), Value::Mapping([("schemas".into(), Value::Mapping(components))].into_iter().collect()));
            serde_yaml::to_string(&Value::Mapping(doc)).unwrap()
        })
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        generate(&text);
    }

    #[test]
    fn arbitrary_yaml_like_text_never_panics(text in "[a-z:{}\\[\\]$'\" \n#/&*!?|>-]{0,300}") {
        generate(&format!("openapi: 3.0.3\n{text}"));
    }
}

proptest! {
    #![proptest_config(config(800))]

    #[test]
    fn edited_specs_never_panic(seed in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..6)) {
        let seeds = seeds();
        let text = seed.get(&seeds);
        generate(&apply(text, &edits));
    }

    #[test]
    fn random_documents_never_panic(text in document()) {
        generate(&text);
    }
}

/// Other files for the multi-file cases: the edited entry spec refers to these, and they to
/// each other (and back), in YAML and JSON.
fn other_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "parts/common.yaml",
            "components:\n  schemas:\n    A: {type: object, properties: {b: {$ref: 'more.json#/B'}}}\n  parameters:\n    P: {name: p, in: query, schema: {$ref: '#/components/schemas/A/properties/b'}}\n",
        ),
        (
            "parts/more.json",
            "{\"B\": {\"type\": [\"string\", \"null\"]}, \"C\": {\"$ref\": \"common.yaml#/components/schemas/A\"}}",
        ),
        (
            "parts/loop.yaml",
            "x: {$ref: '#/x'}\ny: {$ref: '../fuzz.yaml#/components/schemas/A'}\n",
        ),
    ]
}

proptest! {
    #![proptest_config(config(400))]

    /// Specs over several files, held in memory: edited entry specs and edited other files.
    #[test]
    fn several_files_never_panic(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..6),
        other in any::<prop::sample::Index>(),
        other_edits in prop::collection::vec(edit(), 0..4),
    ) {
        let seeds = seeds();
        let entry: &String = seed.get(&seeds);
        let entry = apply(entry, &edits);
        let mut files = codegen::files::InMemory::default();
        let others = other_files();
        let (name, _) = other.get(&others);
        for (n, t) in &others {
            let t = if n == name { apply(t, &other_edits) } else { (*t).to_owned() };
            files.0.insert(std::path::PathBuf::from("/fuzz").join(n), t);
        }
        let path = std::path::Path::new("/fuzz/fuzz.yaml");
        let _ = codegen::generate_with(&entry, "fuzz.yaml", path, &codegen::Options { rustfmt: false, ..Default::default() }, &files);
    }
}
