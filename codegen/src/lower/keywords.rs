//! Keys that have no meaning where they are written: a misspelt keyword (`tpye`,
//! `readonly`), a property written beside `properties` instead of under it, `required: true`
//! in a schema. Each is a located warning with the keyword meant, when one is close; `x-`
//! extensions are never reported.

use serde_yaml::Mapping;

use super::{Lowerer, child, get};

/// The objects of an OpenAPI document whose keys are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Object {
    Document,
    Info,
    Components,
    Server,
    ServerVariable,
    Operation,
    Parameter,
    RequestBody,
    MediaType,
    Response,
    Schema,
    SecurityScheme,
    License,
    Contact,
    Tag,
    Header,
    Encoding,
    Discriminator,
    OAuthFlows,
    OAuthFlow,
}

impl Object {
    /// What the object is called in messages.
    fn what(self) -> &'static str {
        match self {
            Object::Document => "the document",
            Object::Info => "`info`",
            Object::Components => "`components`",
            Object::Server => "a server",
            Object::ServerVariable => "a server variable",
            Object::Operation => "an operation",
            Object::Parameter => "a parameter",
            Object::RequestBody => "a request body",
            Object::MediaType => "a media type",
            Object::Response => "a response",
            Object::Schema => "a schema",
            Object::SecurityScheme => "a security scheme",
            Object::License => "`license`",
            Object::Contact => "`contact`",
            Object::Tag => "a tag",
            Object::Header => "a header",
            Object::Encoding => "an encoding",
            Object::Discriminator => "a discriminator",
            Object::OAuthFlows => "`flows`",
            Object::OAuthFlow => "an OAuth flow",
        }
    }

    /// The keys OpenAPI 3.0 and 3.1 define for the object.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Object::Document => &[
                "openapi",
                "info",
                "jsonSchemaDialect",
                "servers",
                "paths",
                "webhooks",
                "components",
                "security",
                "tags",
                "externalDocs",
            ],
            Object::Info => &[
                "title",
                "summary",
                "description",
                "termsOfService",
                "contact",
                "license",
                "version",
            ],
            Object::Components => &[
                "schemas",
                "responses",
                "parameters",
                "examples",
                "requestBodies",
                "headers",
                "securitySchemes",
                "links",
                "callbacks",
                "pathItems",
            ],
            Object::Server => &["url", "description", "variables"],
            Object::ServerVariable => &["enum", "default", "description"],
            Object::Operation => &[
                "tags",
                "summary",
                "description",
                "externalDocs",
                "operationId",
                "parameters",
                "requestBody",
                "responses",
                "callbacks",
                "deprecated",
                "security",
                "servers",
            ],
            Object::Parameter => &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "allowEmptyValue",
                "style",
                "explode",
                "allowReserved",
                "schema",
                "example",
                "examples",
                "content",
            ],
            Object::RequestBody => &["description", "content", "required"],
            Object::MediaType => &["schema", "example", "examples", "encoding"],
            Object::Response => &["description", "headers", "content", "links"],
            Object::Schema => SCHEMA,
            Object::SecurityScheme => &[
                "type",
                "description",
                "name",
                "in",
                "scheme",
                "bearerFormat",
                "flows",
                "openIdConnectUrl",
            ],
            Object::License => &["name", "identifier", "url"],
            Object::Contact => &["name", "url", "email"],
            Object::Tag => &["name", "description", "externalDocs"],
            Object::Header => &[
                "description",
                "required",
                "deprecated",
                "allowEmptyValue",
                "style",
                "explode",
                "allowReserved",
                "schema",
                "example",
                "examples",
                "content",
            ],
            Object::Encoding => &[
                "contentType",
                "headers",
                "style",
                "explode",
                "allowReserved",
            ],
            Object::Discriminator => &["propertyName", "mapping"],
            Object::OAuthFlows => &[
                "implicit",
                "password",
                "clientCredentials",
                "authorizationCode",
            ],
            Object::OAuthFlow => &["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"],
        }
    }
}

/// The keywords of a schema: OpenAPI 3.0's Schema Object and JSON Schema 2020-12 as
/// OpenAPI 3.1 uses it (validation-only ones included).
const SCHEMA: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "examples",
    "deprecated",
    "$ref",
    "const",
    "$defs",
    "definitions",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "$id",
    "$schema",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
];

/// Schema keywords whose value is itself a schema.
const SCHEMA_VALUED: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];

/// Keys of a schema that say what its value is; a mapping holding one of them, written where
/// a keyword belongs, is a schema out of its place.
const SHAPE: &[&str] = &[
    "type",
    "$ref",
    "properties",
    "items",
    "enum",
    "allOf",
    "oneOf",
    "anyOf",
];

impl Lowerer<'_> {
    /// Reports the keys of `map` that the object it is does not define.
    pub(super) fn keywords(&mut self, map: &Mapping, ptr: &str, object: Object) {
        let known = object.keys();
        for (key, value) in map {
            let Some(key) = key.as_str() else {
                continue;
            };
            if key.starts_with("x-") || known.contains(&key) {
                if object == Object::Schema && key == "required" && value.is_bool() {
                    self.warn(&child(ptr, key), "`required: true` is how a parameter says it; in a schema, list the property's name in the `required` list of the object that holds it");
                }
                continue;
            }
            let kptr = child(ptr, key);
            let what = object.what();
            let looks_like_schema = value
                .as_mapping()
                .is_some_and(|m| SHAPE.iter().any(|k| get(m, k).is_some()));
            let candidates: Vec<String> = known.iter().map(|k| (*k).to_owned()).collect();
            let candidates: Vec<&String> = candidates.iter().collect();
            let nearest = super::schema::nearest(key, &candidates);
            // A short property name written beside `properties` (`id` beside `if`) is a
            // property out of its place, not a misspelt keyword.
            let nearest = nearest.filter(|meant| {
                !(object == Object::Schema && looks_like_schema)
                    || (key.len() > 3
                        && super::schema::nearest(key, &[*meant]).is_some()
                        && SCHEMA_VALUED.contains(&meant.as_str()))
            });
            let message = match nearest {
                Some(meant) => format!(
                    "`{key}` is not a keyword of {what}, so it is read past; did you mean `{meant}`?"
                ),
                None if object == Object::Schema && looks_like_schema => format!(
                    "`{key}` is not a keyword of {what}, so it is read past; it looks like a property: did you mean to put it under `properties`?"
                ),
                None => format!(
                    "`{key}` is not a keyword of {what}, so it is read past (an extension's name starts with `x-`)"
                ),
            };
            self.warn(&kptr, message);
        }
    }
}
