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

/// Resource kinds of [`control_plane`], grouped by provider area.
const KINDS: &[(&str, &[&str])] = &[
    (
        "Compute",
        &[
            "VirtualMachine",
            "Disk",
            "Snapshot",
            "Image",
            "AvailabilitySet",
            "ScaleSet",
        ],
    ),
    (
        "Network",
        &[
            "VirtualNetwork",
            "Subnet",
            "PublicAddress",
            "LoadBalancer",
            "SecurityGroup",
            "RouteTable",
            "DnsZone",
            "Gateway",
        ],
    ),
    (
        "Storage",
        &["StorageAccount", "FileShare", "Queue", "Table"],
    ),
    (
        "Data",
        &[
            "SqlServer",
            "Database",
            "ElasticPool",
            "CacheInstance",
            "SearchService",
            "Warehouse",
        ],
    ),
    (
        "Web",
        &[
            "Site",
            "Plan",
            "Certificate",
            "Domain",
            "Function",
            "StaticSite",
        ],
    ),
    (
        "Security",
        &["Vault", "Key", "Secret", "Identity", "Policy", "Assignment"],
    ),
];

/// A cloud control-plane API in the shape large cloud providers publish, deterministic and
/// within the supported subset: for each of 36 resource kinds, get, create-or-replace (PUT,
/// 200 or 201), update (PATCH, 200 or 202), delete (200, 202 or 204), two lists (resource
/// group and subscription, with `nextLink`) and an action: 252 operations. Parameters,
/// responses and request bodies are shared through `$ref`; resources inherit through
/// `allOf`; properties refer across kinds. `tests/fixtures/specs/cloud_control_plane.yaml` is
/// its output (`cargo run -p codegen --example control_plane`).
pub fn control_plane() -> String {
    let mut out = String::with_capacity(200_000);
    out.push_str(
        "# A cloud control-plane API in the shape large cloud providers publish: 36 resource kinds,
# 252 operations, shared parameters, responses and request bodies, allOf inheritance.
# Generated by `cargo run -p codegen --example control_plane`; do not edit by hand.
openapi: 3.0.1
info:
  title: Cirrus Resource Manager
  version: 2024-03-01
  description: Manages the resources of a Cirrus subscription.
servers:
  - url: https://management.cirrus.example
security:
  - oauth2: [user_impersonation]
paths:
",
    );
    let scope = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers";
    for (area, kinds) in KINDS {
        for kind in kinds.iter() {
            let plural = format!("{}s", lower_first(kind));
            let item = format!(
                "{scope}/Cirrus.{area}/{plural}/{{{}Name}}",
                lower_first(kind)
            );
            let _ = write!(
                out,
                "  {item}:
    parameters:
      - $ref: \"#/components/parameters/SubscriptionId\"
      - $ref: \"#/components/parameters/ResourceGroupName\"
      - $ref: \"#/components/parameters/{kind}Name\"
      - $ref: \"#/components/parameters/ApiVersion\"
    get:
      operationId: {kind}s_Get
      tags: [{area}]
      summary: Gets a {kind}.
      parameters:
        - $ref: \"#/components/parameters/ClientRequestId\"
      responses:
        \"200\":
          description: The {kind}.
          content:
            application/json:
              schema: {{$ref: \"#/components/schemas/{kind}\"}}
        default: {{$ref: \"#/components/responses/Error\"}}
    put:
      operationId: {kind}s_CreateOrUpdate
      tags: [{area}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: \"#/components/schemas/{kind}\"}}
      responses:
        \"200\": {{$ref: \"#/components/responses/{kind}\"}}
        \"201\": {{$ref: \"#/components/responses/{kind}\"}}
        default: {{$ref: \"#/components/responses/Error\"}}
    patch:
      operationId: {kind}s_Update
      tags: [{area}]
      requestBody: {{$ref: \"#/components/requestBodies/{kind}Update\"}}
      responses:
        \"200\": {{$ref: \"#/components/responses/{kind}\"}}
        \"202\": {{$ref: \"#/components/responses/Accepted\"}}
        default: {{$ref: \"#/components/responses/Error\"}}
    delete:
      operationId: {kind}s_Delete
      tags: [{area}]
      responses:
        \"200\": {{description: Deleted.}}
        \"202\": {{$ref: \"#/components/responses/Accepted\"}}
        \"204\": {{description: There was nothing to delete.}}
        default: {{$ref: \"#/components/responses/Error\"}}
  {item}/restart:
    post:
      operationId: {kind}s_Restart
      tags: [{area}]
      parameters:
        - $ref: \"#/components/parameters/SubscriptionId\"
        - $ref: \"#/components/parameters/ResourceGroupName\"
        - $ref: \"#/components/parameters/{kind}Name\"
        - $ref: \"#/components/parameters/ApiVersion\"
        - name: force
          in: query
          schema: {{type: boolean, default: false}}
      responses:
        \"202\": {{$ref: \"#/components/responses/Accepted\"}}
        default: {{$ref: \"#/components/responses/Error\"}}
  {scope}/Cirrus.{area}/{plural}:
    get:
      operationId: {kind}s_ListByResourceGroup
      tags: [{area}]
      parameters:
        - $ref: \"#/components/parameters/SubscriptionId\"
        - $ref: \"#/components/parameters/ResourceGroupName\"
        - $ref: \"#/components/parameters/ApiVersion\"
        - $ref: \"#/components/parameters/Top\"
        - $ref: \"#/components/parameters/SkipToken\"
      responses:
        \"200\": {{$ref: \"#/components/responses/{kind}List\"}}
        default: {{$ref: \"#/components/responses/Error\"}}
  /subscriptions/{{subscriptionId}}/providers/Cirrus.{area}/{plural}:
    get:
      operationId: {kind}s_List
      tags: [{area}]
      parameters:
        - $ref: \"#/components/parameters/SubscriptionId\"
        - $ref: \"#/components/parameters/ApiVersion\"
        - $ref: \"#/components/parameters/Top\"
      responses:
        \"200\": {{$ref: \"#/components/responses/{kind}List\"}}
        default: {{$ref: \"#/components/responses/Error\"}}
"
            );
        }
    }
    out.push_str(
        "components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://login.cirrus.example/oauth2/authorize
          scopes: {user_impersonation: Act as the signed-in user}
  parameters:
    SubscriptionId:
      name: subscriptionId
      in: path
      required: true
      schema: {type: string, format: uuid}
    ResourceGroupName:
      name: resourceGroupName
      in: path
      required: true
      schema: {type: string, minLength: 1, maxLength: 90}
    ApiVersion:
      name: api-version
      in: query
      required: true
      schema: {type: string, default: 2024-03-01}
    ClientRequestId:
      name: x-cirrus-client-request-id
      in: header
      schema: {type: string, format: uuid}
    Top:
      name: $top
      in: query
      schema: {type: integer, format: int32, minimum: 1}
    SkipToken:
      name: $skipToken
      in: query
      schema: {type: string}
",
    );
    for kind in KINDS.iter().flat_map(|(_, kinds)| kinds.iter()) {
        let _ = write!(
            out,
            "    {kind}Name:
      name: {}Name
      in: path
      required: true
      description: The name of the {kind}.
      schema: {{type: string, pattern: \"^[a-zA-Z0-9-]{{3,63}}$\"}}
",
            lower_first(kind)
        );
    }
    out.push_str(
        "  requestBodies:
",
    );
    for kind in KINDS.iter().flat_map(|(_, kinds)| kinds.iter()) {
        let _ = write!(
            out,
            "    {kind}Update:
      required: true
      content:
        application/json:
          schema: {{$ref: \"#/components/schemas/{kind}Update\"}}
"
        );
    }
    out.push_str(
        "  responses:
    Accepted:
      description: Accepted; the operation continues in the background.
    Error:
      description: An error.
      content:
        application/json:
          schema: {$ref: \"#/components/schemas/ErrorResponse\"}
",
    );
    for kind in KINDS.iter().flat_map(|(_, kinds)| kinds.iter()) {
        let _ = write!(
            out,
            "    {kind}:
      description: The {kind}.
      content:
        application/json:
          schema: {{$ref: \"#/components/schemas/{kind}\"}}
    {kind}List:
      description: A page of {kind}s.
      content:
        application/json:
          schema: {{$ref: \"#/components/schemas/{kind}ListResult\"}}
"
        );
    }
    out.push_str(
        "  schemas:
    Resource:
      type: object
      properties:
        id: {type: string, readOnly: true, description: The resource ID.}
        name: {type: string, readOnly: true}
        type: {type: string, readOnly: true}
        systemData: {$ref: \"#/components/schemas/SystemData\"}
    TrackedResource:
      allOf:
        - $ref: \"#/components/schemas/Resource\"
        - type: object
          required: [location]
          properties:
            location: {type: string, x-ms-mutability: [read, create]}
            tags: {type: object, additionalProperties: {type: string}}
    SystemData:
      type: object
      readOnly: true
      properties:
        createdBy: {type: string}
        createdByType: {$ref: \"#/components/schemas/CreatedByType\"}
        createdAt: {type: string, format: date-time}
        lastModifiedAt: {type: string, format: date-time}
    CreatedByType:
      type: string
      enum: [User, Application, ManagedIdentity, Key]
      x-ms-enum: {name: createdByType, modelAsString: true}
    ProvisioningState:
      type: string
      readOnly: true
      enum: [Succeeded, Failed, Canceled, Provisioning, Updating, Deleting, Accepted]
    Sku:
      type: object
      required: [name]
      properties:
        name: {type: string}
        tier: {type: string, enum: [Free, Basic, Standard, Premium]}
        capacity: {type: integer, format: int32}
    ManagedIdentity:
      type: object
      properties:
        principalId: {type: string, format: uuid, readOnly: true}
        tenantId: {type: string, format: uuid, readOnly: true}
        type: {type: string, enum: [None, SystemAssigned, UserAssigned, \"SystemAssigned,UserAssigned\"]}
        userAssignedIdentities:
          type: object
          additionalProperties:
            type: object
            properties:
              principalId: {type: string, readOnly: true}
              clientId: {type: string, readOnly: true}
    ErrorResponse:
      type: object
      properties:
        error: {$ref: \"#/components/schemas/ErrorDetail\"}
    ErrorDetail:
      type: object
      properties:
        code: {type: string, readOnly: true}
        message: {type: string, readOnly: true}
        target: {type: string, readOnly: true}
        details:
          type: array
          readOnly: true
          items: {$ref: \"#/components/schemas/ErrorDetail\"}
        additionalInfo:
          type: array
          readOnly: true
          items:
            type: object
            properties:
              type: {type: string}
              info: {type: object}
",
    );
    let all: Vec<&str> = KINDS.iter().flat_map(|(_, k)| k.iter().copied()).collect();
    for (i, kind) in all.iter().enumerate() {
        let other = all[(i + 7) % all.len()];
        let _ = write!(
            out,
            "    {kind}:
      description: A {kind} resource.
      allOf:
        - $ref: \"#/components/schemas/TrackedResource\"
        - type: object
          properties:
            properties: {{$ref: \"#/components/schemas/{kind}Properties\"}}
            sku: {{$ref: \"#/components/schemas/Sku\"}}
            identity: {{$ref: \"#/components/schemas/ManagedIdentity\"}}
            etag: {{type: string, readOnly: true}}
    {kind}Properties:
      type: object
      properties:
        provisioningState: {{$ref: \"#/components/schemas/ProvisioningState\"}}
        displayName: {{type: string}}
        description: {{type: string, nullable: true}}
        enabled: {{type: boolean, default: true}}
        capacity: {{type: integer, format: int64}}
        ratio: {{type: number, format: double}}
        mode:
          type: string
          enum: [Default, Restricted, Isolated]
        network:
          type: object
          properties:
            publicAccess: {{type: string, enum: [Enabled, Disabled]}}
            allowedRanges: {{type: array, items: {{type: string}}}}
        linked{other}: {{$ref: \"#/components/schemas/{other}Properties\"}}
        dependsOn:
          type: array
          items: {{type: string}}
        createdAt: {{type: string, format: date-time, readOnly: true}}
    {kind}Update:
      type: object
      properties:
        tags: {{type: object, additionalProperties: {{type: string}}}}
        sku: {{$ref: \"#/components/schemas/Sku\"}}
        properties:
          type: object
          properties:
            displayName: {{type: string}}
            description: {{type: string, nullable: true}}
            enabled: {{type: boolean}}
    {kind}ListResult:
      type: object
      required: [value]
      properties:
        value:
          type: array
          items: {{$ref: \"#/components/schemas/{kind}\"}}
        nextLink: {{type: string, nullable: true}}
"
        );
    }
    out
}

fn lower_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
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
