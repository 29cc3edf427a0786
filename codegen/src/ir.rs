//! The intermediate representation: a checked, resolved API with Rust names, knowing nothing
//! of YAML or OpenAPI syntax. `lower` produces it; `emit` consumes it.

/// A whole API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The Cargo package name of the generated crate.
    pub package: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers[0].url`, the client's default base URL.
    pub server_url: Option<String>,
    /// Every named type: component schemas in spec order, each followed by the types
    /// lifted out of it (inline enums and objects).
    pub types: Vec<TypeDef>,
    /// Every operation in spec order (paths, then methods in the order they are written).
    pub operations: Vec<Operation>,
    /// Every example to check by round trip, in spec order.
    pub examples: Vec<Example>,
    /// How many types the largest group of mutually referring types holds (through fields,
    /// arrays and maps); 0 without cycles. Long cycles need a higher `recursion_limit` for
    /// rustc's drop check.
    pub longest_cycle: usize,
}

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// Where it comes from, as a JSON pointer (for docs and messages).
    pub pointer: String,
    /// The description, if any.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// Another name for a type (a component schema that is not an object with properties or
    /// an enum, such as a free-form map).
    Alias(Ty),
}

/// An object with properties.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The properties in spec order.
    pub fields: Vec<Field>,
    /// What happens to properties the spec does not name.
    pub additional: Additional,
    /// The Rust name of the catch-all field, chosen not to clash with a property.
    pub additional_field: String,
    /// Whether a `…Patch` type is emitted (the schema is a PATCH body).
    pub patch: bool,
    /// Whether a `…Input` type without read-only fields is emitted (the schema, or one it
    /// holds, has read-only properties and is written inside a patch).
    pub input: bool,
}

/// Properties beyond the named ones.
#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    /// Kept in a map with values of this type (`true`, absent, or a schema).
    Keep(Ty),
    /// `additionalProperties: false`: there are none to keep.
    None,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Rust field name (snake_case, escaped).
    pub rust: String,
    /// The JSON name.
    pub wire: String,
    /// The value type.
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Set by the server only.
    pub read_only: bool,
    /// The description, if any.
    pub doc: Option<String>,
    /// The default, as JSON text, if any (documented only).
    pub default: Option<String>,
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// The documented values in spec order.
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps unknown values.
    pub catch_all: String,
}

/// One documented enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub rust: String,
    /// The JSON string.
    pub wire: String,
}

/// A value type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A string (any format but decimal).
    String,
    /// A `format: decimal` string (also accepted as a JSON number).
    Decimal,
    /// `integer`, `format: int32`.
    I32,
    /// `integer` (int64 or no format).
    I64,
    /// `number`.
    F64,
    /// `boolean`.
    Bool,
    /// Any JSON value (a schema without a type).
    Json,
    /// A free-form JSON object.
    JsonObject,
    /// An array.
    Vec(Box<Ty>),
    /// An object with only `additionalProperties: <schema>`.
    Map(Box<Ty>),
    /// A named type; `boxed` when it sits on a reference cycle.
    Named {
        /// The Rust type name.
        name: String,
        /// Held in a `Box` to break a cycle.
        boxed: bool,
    },
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operationId as written.
    pub id: String,
    /// The Rust function and module name (snake_case).
    pub rust: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, such as `/partners/{partner_sid}`.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Path parameters in template order.
    pub path_params: Vec<Param>,
    /// Query parameters in spec order.
    pub query_params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// The type of the JSON success response; `None` for a response without a body.
    pub response: Option<Ty>,
    /// Security alternatives: any one of them suffices; each lists the scopes it needs.
    pub scopes: Vec<Vec<String>>,
}

/// A path or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The Rust argument name.
    pub rust: String,
    /// The name on the wire.
    pub wire: String,
    /// String, I32, I64, Bool or a Named enum.
    pub ty: Ty,
    /// `required: true`.
    pub required: bool,
    /// The description, if any.
    pub doc: Option<String>,
}

/// A JSON request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The schema's type.
    pub ty: Ty,
    /// Sent as the schema's `…Patch` type (PATCH operations with a named object body).
    pub patch: bool,
}

/// An example to round-trip through a generated type.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// A snake_case name for the test.
    pub name: String,
    /// Where it stands in the spec.
    pub pointer: String,
    /// The type it must read into.
    pub ty: Ty,
    /// Read into the `…Patch` form of `ty` (a PATCH request body).
    pub patch: bool,
    /// The example as compact JSON.
    pub json: String,
}
