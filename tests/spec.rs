//! The hand-written spec against the CarrierX documentation: valid OpenAPI 3.0.3, read-only
//! exactly where the seed pages' "Fields that can be modified" lists leave a field out,
//! nullable wherever a sample shows null, the eight update operations, the gets by SID, the
//! lists, creates and deletes with their scopes, parameters and the list envelope.
//!
//! The lists below are copied from the seed pages (shared/seeds) and the read reference
//! (shared/reference/carrierx-core-v2-read.md), not from the spec.

use serde_yaml::Value;

fn spec() -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(tests::spec_path()).unwrap()).unwrap()
}

/// The seed pages' "Fields that can be modified" lists (seed 003's `callback_urlname` is
/// `callback_url` and `name` run together).
const MODIFIABLE: &[(&str, &[&str])] = &[
    (
        "Partner",
        &[
            "acls",
            "address1",
            "address2",
            "attributes",
            "billing_email",
            "callbacks",
            "city",
            "company_name",
            "name",
            "owner_email",
            "parent_assigned_acls",
            "phonenumber",
            "tech_email",
            "transformations",
            "zip",
        ],
    ),
    (
        "Prefix",
        &[
            "attributes",
            "callback_url",
            "name",
            "prefix",
            "source_trunk_group_sid",
            "string_key_1",
            "string_key_2",
            "transformations",
        ],
    ),
    (
        "Did",
        &[
            "attributes",
            "callback_url",
            "did_group_sid",
            "name",
            "string_key_1",
            "string_key_2",
            "transformations",
            "trunk_group_sid",
        ],
    ),
    ("DidGroup", &["callback_url", "name"]),
];

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    &spec["components"]["schemas"][name]
}

/// A property's flag, looking through a single-member allOf and a `$ref` to a component.
fn flag(spec: &Value, property: &Value, key: &str) -> bool {
    if property[key].as_bool() == Some(true) {
        return true;
    }
    if let Some(members) = property["allOf"].as_sequence() {
        return members.iter().any(|m| flag(spec, m, key));
    }
    if let Some(target) = property["$ref"].as_str() {
        let name = target.trim_start_matches("#/components/schemas/");
        return schema(spec, name)[key].as_bool() == Some(true);
    }
    false
}

#[test]
fn spec_is_openapi_3_0_3_as_openapiv3_reads_it() {
    let text = std::fs::read_to_string(tests::spec_path()).unwrap();
    let api: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("valid OpenAPI 3.0");
    assert_eq!(
        api.openapi, "3.0.3",
        "the spec is written in OpenAPI 3.0.3 (README); a new version needs the README and this test changed with it"
    );
    assert_eq!(
        api.servers[0].url, "https://api.carrierx.com/core/v2",
        "the first server is the client's default base URL, the one the docs name"
    );
    // The four objects by SID, and the three collections plus partners; a spec that grows
    // keeps them.
    for path in [
        "/partners",
        "/partners/{partner_sid}",
        "/phonenumber/dids",
        "/phonenumber/dids/{did_sid}",
        "/phonenumber/did_groups",
        "/phonenumber/did_groups/{did_group_sid}",
        "/phonenumber/prefixes",
        "/phonenumber/prefixes/{prefix_sid}",
    ] {
        assert!(
            api.paths.paths.contains_key(path),
            "spec/carrierx-core-v2.yaml has no path `{path}`; the reference documents it (../shared/reference), so keep it"
        );
    }
}

#[test]
fn read_only_is_exactly_what_the_seeds_do_not_list_as_modifiable() {
    let spec = spec();
    for (object, modifiable) in MODIFIABLE {
        let properties = schema(&spec, object)["properties"]
            .as_mapping()
            .unwrap_or_else(|| panic!("{object} has properties"));
        for modifiable_name in *modifiable {
            assert!(
                properties.contains_key(*modifiable_name),
                "{object}.{modifiable_name} is modifiable but missing from the spec"
            );
        }
        for (name, property) in properties {
            let name = name.as_str().unwrap();
            let read_only = flag(&spec, property, "readOnly");
            let listed = modifiable.contains(&name);
            assert_eq!(
                read_only,
                !listed,
                "{object}.{name}: readOnly is {read_only}, but the seed {} it as modifiable",
                if listed { "lists" } else { "does not list" }
            );
        }
    }
}

#[test]
fn every_attribute_of_the_samples_is_in_the_spec_and_nullable_where_null() {
    let spec = spec();
    for (object, sample) in [
        ("Partner", "partner.response.json"),
        ("Prefix", "prefix.response.json"),
        ("Did", "did.response.json"),
        ("DidGroup", "did_group.response.json"),
    ] {
        let sample: serde_json::Value = serde_json::from_str(&tests::sample(sample)).unwrap();
        let properties = &schema(&spec, object)["properties"];
        for (name, value) in sample.as_object().unwrap() {
            let property = &properties[name.as_str()];
            assert!(!property.is_null(), "{object}.{name} is not in the spec");
            if value.is_null() {
                assert!(
                    flag(&spec, property, "nullable"),
                    "{object}.{name} is null in the sample but not nullable"
                );
            }
        }
    }
    // The nested ACL item of the Partner sample has nulls too.
    let acl = &schema(&spec, "AclItem")["properties"];
    for name in [
        "sms_action_false",
        "voice_action_false",
        "voice_action_true",
    ] {
        assert!(flag(&spec, &acl[name], "nullable"), "AclItem.{name}");
    }
}

#[test]
fn eight_operations_with_their_scopes_and_arguments() {
    let spec = spec();
    let expected = [
        (
            "/partners/{partner_sid}",
            "updatePartner",
            "replacePartner",
            "partners",
            true,
        ),
        (
            "/phonenumber/prefixes/{prefix_sid}",
            "updatePrefix",
            "replacePrefix",
            "phonenumber",
            false,
        ),
        (
            "/phonenumber/dids/{did_sid}",
            "updateDid",
            "replaceDid",
            "phonenumber",
            true,
        ),
        (
            "/phonenumber/did_groups/{did_group_sid}",
            "updateDidGroup",
            "replaceDidGroup",
            "phonenumber",
            false,
        ),
    ];
    for (path, patch_id, put_id, scope, nested) in expected {
        let item = &spec["paths"][path];
        assert_eq!(
            item["patch"]["operationId"].as_str(),
            Some(patch_id),
            "the PATCH of {path} names the client method users call; renaming it breaks their code (update CHANGELOG.md and this list together)"
        );
        assert_eq!(
            item["put"]["operationId"].as_str(),
            Some(put_id),
            "the PUT of {path} names the client method users call; renaming it breaks their code (update CHANGELOG.md and this list together)"
        );
        for method in ["patch", "put"] {
            let security: Vec<Vec<String>> = item[method]["security"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|alt| {
                    alt["oauth2"]
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_owned())
                        .collect()
                })
                .collect();
            assert_eq!(
                security,
                vec![
                    vec![format!("{scope}.manage")],
                    vec![format!("{scope}.update")]
                ],
                "{method} {path}"
            );
        }
        let params: Vec<&serde_yaml::Value> = item["parameters"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|p| shared(&spec, p, "parameters"))
            .collect();
        // `nested_objects` is declared on the updates of the path (PATCH and PUT alike).
        for method in ["patch", "put"] {
            let has_nested = item[method]["parameters"]
                .as_sequence()
                .into_iter()
                .flatten()
                .chain(params.iter().copied())
                .map(|p| shared(&spec, p, "parameters"))
                .any(|p| p["name"] == "nested_objects" && p["in"] == "query");
            assert_eq!(has_nested, nested, "nested_objects on {method} {path}");
        }
        let sid = path.rsplit('{').next().unwrap().trim_end_matches('}');
        assert!(
            params
                .iter()
                .any(|p| p["name"] == sid && p["in"] == "path" && p["required"] == true),
            "{sid} on {path}"
        );
        // The documented error statuses, each with the lenient error body.
        for method in ["patch", "put"] {
            for status in ["400", "401", "403", "404", "409", "415", "422", "default"] {
                let response = shared(&spec, &item[method]["responses"][status], "responses");
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"].as_str(),
                    Some("#/components/schemas/ErrorBody"),
                    "{method} {path} {status}"
                );
            }
        }
    }
}

/// A node, or the shared component its `$ref` names.
fn shared<'a>(
    spec: &'a serde_yaml::Value,
    node: &'a serde_yaml::Value,
    kind: &str,
) -> &'a serde_yaml::Value {
    match node["$ref"].as_str() {
        Some(target) => {
            let name = target
                .strip_prefix(&format!("#/components/{kind}/"))
                .unwrap_or_else(|| panic!("{target} is not a shared {kind} reference"));
            &spec["components"][kind][name]
        }
        None => node,
    }
}

#[test]
fn every_discrepancy_of_the_reference_is_resolved_in_a_comment() {
    let text = std::fs::read_to_string(tests::spec_path()).unwrap();
    for n in 1..=16 {
        let found = text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with('#')
                && line.contains("Discrepanc")
                && line
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|d| d == n.to_string())
        });
        assert!(found, "no comment resolves discrepancy {n}");
    }
}

#[test]
fn four_gets_by_sid_with_the_documented_scopes() {
    let spec = spec();
    // Path, operationId, scope alternatives, whether `with_related` is declared. The DID
    // read pages name partners.* scopes (read reference 2.3); either family is accepted.
    let expected: [(&str, &str, &[&str], bool); 4] = [
        (
            "/partners/{partner_sid}",
            "getPartner",
            &["partners.manage", "partners.read"],
            false,
        ),
        (
            "/phonenumber/prefixes/{prefix_sid}",
            "getPrefix",
            &["phonenumber.manage", "phonenumber.read"],
            true,
        ),
        (
            "/phonenumber/dids/{did_sid}",
            "getDid",
            &[
                "partners.manage",
                "partners.read",
                "phonenumber.manage",
                "phonenumber.read",
            ],
            true,
        ),
        (
            "/phonenumber/did_groups/{did_group_sid}",
            "getDidGroup",
            &["phonenumber.manage", "phonenumber.read"],
            true,
        ),
    ];
    for (path, id, scopes, with_related) in expected {
        let get = &spec["paths"][path]["get"];
        assert_eq!(get["operationId"].as_str(), Some(id), "{path}");
        let security: Vec<String> = get["security"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|alt| alt["oauth2"][0].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(security, scopes, "{path}");
        let params: Vec<&serde_yaml::Value> = get["parameters"]
            .as_sequence()
            .map(|s| s.iter().map(|p| shared(&spec, p, "parameters")).collect())
            .unwrap_or_default();
        assert_eq!(
            params
                .iter()
                .any(|p| p["name"] == "with_related" && p["in"] == "query"),
            with_related,
            "{path}"
        );
        // nested_objects belongs to the updates, not to the read of the same path.
        assert!(
            !params.iter().any(|p| p["name"] == "nested_objects"),
            "{path}"
        );
        let ok = &get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        assert!(
            ok.as_str()
                .is_some_and(|r| r.starts_with("#/components/schemas/")),
            "{path}"
        );
        errors_declared(&spec, get, &format!("GET {path}"));
    }
}

/// The scope alternatives of an operation, each `oauth2` list joined.
fn scopes(op: &serde_yaml::Value) -> Vec<String> {
    op["security"]
        .as_sequence()
        .expect("security")
        .iter()
        .map(|alt| {
            alt["oauth2"]
                .as_sequence()
                .expect("oauth2 scopes")
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The parameters of an operation (path-level ones included), shared ones resolved.
fn parameters<'a>(
    spec: &'a serde_yaml::Value,
    path: &str,
    method: &str,
) -> Vec<&'a serde_yaml::Value> {
    let item = &spec["paths"][path];
    item["parameters"]
        .as_sequence()
        .into_iter()
        .flatten()
        .chain(
            item[method]["parameters"]
                .as_sequence()
                .into_iter()
                .flatten(),
        )
        .map(|p| shared(spec, p, "parameters"))
        .collect()
}

/// A schema, or the component its `$ref` names.
fn resolve<'a>(spec: &'a serde_yaml::Value, node: &'a serde_yaml::Value) -> &'a serde_yaml::Value {
    shared(spec, node, "schemas")
}

/// The properties of an object schema, `allOf` members merged.
fn properties(spec: &serde_yaml::Value, node: &serde_yaml::Value) -> serde_yaml::Mapping {
    let node = resolve(spec, node);
    let mut out = node["properties"].as_mapping().cloned().unwrap_or_default();
    for member in node["allOf"].as_sequence().into_iter().flatten() {
        out.extend(properties(spec, member));
    }
    out
}

/// Path, operationId, item schema, scopes, `with_related`, `trunk_group_sid`.
type ListCase = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    bool,
    bool,
);

/// Path, operationId, body schema, its required fields, the object answered, query arguments.
type CreateCase = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static [&'static str],
);

#[test]
fn lists_take_the_documented_arguments_and_answer_the_envelope() {
    let spec = spec();
    // Path, operationId, item schema, scopes, `with_related`, `trunk_group_sid` (read
    // reference 2). Get Partners' and Get Prefixes' scopes were not found: those of the get
    // by SID of the same object.
    let expected: [ListCase; 4] = [
        (
            "/partners",
            "listPartners",
            "Partner",
            &["partners.manage", "partners.read"],
            false,
            false,
        ),
        (
            "/phonenumber/prefixes",
            "listPrefixes",
            "Prefix",
            &["phonenumber.manage", "phonenumber.read"],
            true,
            false,
        ),
        (
            "/phonenumber/dids",
            "listDids",
            "Did",
            &[
                "partners.manage",
                "partners.read",
                "phonenumber.manage",
                "phonenumber.read",
            ],
            true,
            true,
        ),
        (
            "/phonenumber/did_groups",
            "listDidGroups",
            "DidGroup",
            &["phonenumber.manage", "phonenumber.read"],
            true,
            false,
        ),
    ];
    for (path, id, item, expected_scopes, with_related, trunk) in expected {
        let get = &spec["paths"][path]["get"];
        assert_eq!(get["operationId"].as_str(), Some(id), "{path}");
        assert_eq!(scopes(get), *expected_scopes, "{path}");
        let params = parameters(&spec, path, "get");
        let param = |name: &str| {
            params
                .iter()
                .find(|p| p["name"] == name && p["in"] == "query")
                .copied()
        };
        // Read reference 3.2: limit 10 by default, at most 1000; offset from 0.
        let limit = param("limit").unwrap_or_else(|| panic!("limit on {path}"));
        assert_eq!(
            limit["schema"]["type"], "integer",
            "{path} limit: the reference documents an integer"
        );
        assert_eq!(
            limit["schema"]["default"], 10,
            "{path} limit: the reference documents the default 10"
        );
        assert_eq!(
            limit["schema"]["maximum"], 1000,
            "{path} limit: the reference documents at most 1000"
        );
        let offset = param("offset").unwrap_or_else(|| panic!("offset on {path}"));
        assert_eq!(
            offset["schema"]["type"], "integer",
            "{path} offset: the reference documents an integer"
        );
        assert_eq!(
            offset["schema"]["default"], 0,
            "{path} offset: the reference documents the default 0"
        );
        // Result filtering and ordering: strings written with the typed builders.
        assert_eq!(
            param("filter").map(|p| &p["x-expression"]),
            Some(&"filter".into()),
            "{path}"
        );
        assert_eq!(
            param("order").map(|p| &p["x-expression"]),
            Some(&"order".into()),
            "{path}"
        );
        assert_eq!(param("with_related").is_some(), with_related, "{path}");
        assert_eq!(param("trunk_group_sid").is_some(), trunk, "{path}");
        // Field filtering stays out until its parameter names are documented.
        for name in [
            "fields",
            "exclude_fields",
            "include_fields",
            "includeFields",
        ] {
            assert!(param(name).is_none(), "{name} on {path}");
        }
        // The envelope (read reference 3.1), one named list type per object.
        let schema = &get["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(
            schema["$ref"].as_str(),
            Some(format!("#/components/schemas/{item}List").as_str())
        );
        let envelope = properties(&spec, schema);
        for (name, ty) in [
            ("count", "integer"),
            ("has_more", "boolean"),
            ("items", "array"),
            ("limit", "integer"),
            ("offset", "integer"),
            ("total", "integer"),
        ] {
            let property = resolve(&spec, &envelope[name]);
            assert_eq!(property["type"].as_str(), Some(ty), "{path} {name}");
        }
        assert_eq!(
            envelope["total"]["nullable"], true,
            "total may be null (S24)"
        );
        assert_eq!(
            envelope["items"]["items"]["$ref"].as_str(),
            Some(format!("#/components/schemas/{item}").as_str())
        );
        let pagination = properties(&spec, &envelope["pagination"]);
        assert_eq!(
            pagination["next"]["type"], "string",
            "`pagination.next` is the URL of the next page in every sample"
        );
        // The generator's pagination mark names the envelope's own properties.
        let mark = &get["x-pagination"];
        assert_eq!(mark["style"], "offset", "{path}");
        for (key, value) in [
            ("items", "items"),
            ("has_more", "has_more"),
            ("limit", "limit"),
            ("offset", "offset"),
        ] {
            assert_eq!(mark[key].as_str(), Some(value), "{path} x-pagination {key}");
        }
        errors_declared(&spec, get, &format!("GET {path}"));
    }
}

/// 401, 403, 404, 409, 415 and 422 (and any other status) with the lenient error body.
fn errors_declared(spec: &serde_yaml::Value, op: &serde_yaml::Value, what: &str) {
    for status in ["401", "403", "404", "409", "415", "422", "default"] {
        let response = shared(spec, &op["responses"][status], "responses");
        assert_eq!(
            response["content"]["application/json"]["schema"]["$ref"].as_str(),
            Some("#/components/schemas/ErrorBody"),
            "{what} {status}"
        );
    }
}

#[test]
fn creates_and_deletes_as_documented() {
    let spec = spec();
    // Read reference 8: path, operationId, body schema, its required fields, the object
    // answered with 200, and the query arguments.
    let creates: [CreateCase; 3] = [
        (
            "/phonenumber/prefixes",
            "createPrefix",
            "PrefixCreate",
            &["prefix"],
            "Prefix",
            &[],
        ),
        (
            "/phonenumber/dids",
            "rentDid",
            "DidRent",
            &[],
            "Did",
            &["include_external"],
        ),
        (
            "/phonenumber/did_groups",
            "createDidGroup",
            "DidGroupCreate",
            &[],
            "DidGroup",
            &[],
        ),
    ];
    for (path, id, body, required, object, query) in creates {
        let post = &spec["paths"][path]["post"];
        assert_eq!(post["operationId"].as_str(), Some(id), "{path}");
        assert_eq!(
            scopes(post),
            ["phonenumber.manage", "phonenumber.create"],
            "{path}"
        );
        let schema = &post["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(
            schema["$ref"].as_str(),
            Some(format!("#/components/schemas/{body}").as_str())
        );
        let body_schema = resolve(&spec, schema);
        let listed: Vec<&str> = body_schema["required"]
            .as_sequence()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(listed, required, "{path} required");
        // A create body holds no read-only property: it is its own type.
        for (name, property) in properties(&spec, schema) {
            assert!(
                !flag(&spec, &property, "readOnly"),
                "{body}.{name:?} is read only"
            );
        }
        let ok = &post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(
            ok.as_str(),
            Some(format!("#/components/schemas/{object}").as_str())
        );
        assert!(
            post["responses"]["201"].is_null(),
            "creates answer 200, not 201"
        );
        let names: Vec<&str> = parameters(&spec, path, "post")
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, query, "{path}");
        errors_declared(&spec, post, &format!("POST {path}"));
    }
    // Rent DID: `phonenumber` picks the number.
    assert!(
        properties(&spec, &spec["components"]["schemas"]["DidRent"]).contains_key("phonenumber")
    );

    for (path, id) in [
        ("/phonenumber/prefixes/{prefix_sid}", "deletePrefix"),
        ("/phonenumber/dids/{did_sid}", "releaseDid"),
    ] {
        let delete = &spec["paths"][path]["delete"];
        assert_eq!(delete["operationId"].as_str(), Some(id), "{path}");
        assert_eq!(
            scopes(delete),
            ["phonenumber.manage", "phonenumber.delete"],
            "{path}"
        );
        let no_content = &delete["responses"]["204"];
        assert!(!no_content.is_null(), "{path} answers 204");
        assert!(no_content["content"].is_null(), "{path}: 204 has no body");
        errors_declared(&spec, delete, &format!("DELETE {path}"));
    }
    // No delete is documented for partners and DID groups.
    for path in [
        "/partners/{partner_sid}",
        "/phonenumber/did_groups/{did_group_sid}",
    ] {
        assert!(spec["paths"][path]["delete"].is_null(), "{path}");
    }
}
