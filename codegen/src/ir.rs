//! The intermediate representation: a checked, resolved API with Rust names, knowing nothing
//! of YAML or OpenAPI syntax. `lower` produces it and decides every name in it; `emit` only
//! prints it.
//!
//! Types refer to each other by [`TypeId`], an index into [`Api::types`], never by name.

/// How the generated crate is packaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packaging {
    /// The crate's version: the flag's, else `info.version` read as semver, else `0.1.0`.
    pub version: String,
    /// Why `info.version` was not taken as the crate version, when it was not (said in the
    /// manifest so the reader knows where `0.1.0` came from).
    pub version_note: Option<String>,
    /// Whether the manifest allows `cargo publish`.
    pub publish: bool,
    /// Where the crate finds the runtime crate.
    pub runtime: Runtime,
}

/// Where a generated crate finds `codegen-runtime`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// By path, written into the manifest as given (relative to the generated crate's folder,
    /// or absolute).
    Path(String),
    /// By version, from the registry (once the runtime is published).
    Version(String),
}

/// The version of the runtime crate this generator emits code for: the one in its checkout.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// The runtime crate in the generator's checkout.
pub const RUNTIME_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/runtime");

impl Default for Runtime {
    fn default() -> Self {
        Runtime::Path(RUNTIME_DIR.to_owned())
    }
}

/// A whole API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The Cargo package name of the generated crate.
    pub package: String,
    /// How the generated crate is packaged: version, publishing, the runtime it depends on.
    pub packaging: Packaging,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, in spec order; the first is the client's default.
    pub servers: Vec<Server>,
    /// The first server's URL with every variable at its default, when that is an absolute
    /// http(s) URL (not when the URL is relative or a variable has no default).
    pub default_base_url: Option<String>,
    /// Every security scheme in spec order; operations refer to them by index.
    pub schemes: Vec<Scheme>,
    /// The top-level security requirement: alternatives of scheme indexes.
    pub security: Vec<Vec<usize>>,
    /// Every named type in emission order: component schemas in spec order, each followed by
    /// the types lifted out of it. A [`TypeId`] indexes this list.
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

impl Api {
    /// The type a [`TypeId`] names.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Whether an operation is paginated (`x-pagination`).
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// Whether a parameter is an expression (`x-expression`).
    pub fn has_expressions(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.params.iter().any(|p| p.expression.is_some()))
    }
}

/// A server of the API.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// The URL as written, with `{variable}` placeholders.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Its variables in spec order.
    pub variables: Vec<ServerVariable>,
}

/// A `{variable}` of a server URL.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerVariable {
    /// The name in the URL.
    pub name: String,
    /// The value used unless the client sets another; `{name}` itself when the spec gives
    /// none (the client then refuses to build a URL until it is set).
    pub default: String,
    /// The spec gives a default.
    pub has_default: bool,
    /// The documented values (`enum`), possibly none.
    pub values: Vec<String>,
    /// `description`.
    pub doc: Option<String>,
}

/// How a security scheme puts a credential on a request.
#[derive(Clone, Debug, PartialEq)]
pub struct Scheme {
    /// The scheme's name in `components.securitySchemes`.
    pub name: String,
    /// What is sent.
    pub kind: SchemeKind,
}

/// The credential kinds a generated client sends.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// An API key in a header of this name.
    ApiKeyHeader(String),
    /// An API key in a query parameter of this name.
    ApiKeyQuery(String),
    /// An API key in a cookie of this name.
    ApiKeyCookie(String),
    /// A client certificate on the TLS connection (`mutualTLS`): nothing on the request.
    MutualTls,
}

/// An index into [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// Where it comes from, as a JSON pointer (for docs and messages).
    pub pointer: String,
    /// The description, if any.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
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
    /// `oneOf` / `anyOf`: one of several types.
    Union(Union),
    /// Another name for a type (a component schema that is not an object with properties or
    /// an enum, such as a free-form map or a string).
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
    /// The name of the `…Patch` type, when one is emitted (the schema is a PATCH body).
    pub patch: Option<String>,
    /// The name of the `…Input` type, when one is emitted: the schema, or one it holds, has
    /// read-only or write-only properties and is written in a request.
    pub input: Option<String>,
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
    /// Sent by the client only: absent from received objects.
    pub write_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
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

/// `oneOf` / `anyOf`.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the spec names one: the value is read by its tag.
    /// Without one, the variants are tried in order.
    pub tag: Option<String>,
    /// The name of the variant that keeps a value no alternative reads (or an unknown tag).
    pub catch_all: String,
}

/// One alternative of a [`Union`].
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust: String,
    /// What it holds.
    pub ty: Ty,
    /// The discriminator values that select it (empty without a discriminator).
    pub tags: Vec<String>,
}

/// Integer widths (`format: int8` ... `uint64`; no format is 64 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Int {
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `int64` or no format.
    I64,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
}

/// A value type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A string (any format but decimal).
    String,
    /// A `format: decimal` string (also accepted as a JSON number).
    Decimal,
    /// `integer`.
    Int(Int),
    /// `number`.
    F64,
    /// `boolean`.
    Bool,
    /// Any JSON value (a schema without a type).
    Json,
    /// Always `null` (`enum: [null]`, `const: null`): Rust's `()`.
    Unit,
    /// A free-form JSON object.
    JsonObject,
    /// An array.
    Vec(Box<Ty>),
    /// An object with only `additionalProperties: <schema>`.
    Map(Box<Ty>),
    /// A named type; `boxed` when it sits on a reference cycle.
    Named {
        /// The type.
        id: TypeId,
        /// Held in a `Box` to break a cycle.
        boxed: bool,
    },
}

/// The HTTP methods a path item takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `get`.
    Get,
    /// `put`.
    Put,
    /// `post`.
    Post,
    /// `patch`.
    Patch,
    /// `delete`.
    Delete,
    /// `head`.
    Head,
    /// `options`.
    Options,
    /// `trace`.
    Trace,
}

impl Method {
    /// Every method, with its key in a path item.
    pub const ALL: [(&'static str, Method); 8] = [
        ("get", Method::Get),
        ("put", Method::Put),
        ("post", Method::Post),
        ("patch", Method::Patch),
        ("delete", Method::Delete),
        ("head", Method::Head),
        ("options", Method::Options),
        ("trace", Method::Trace),
    ];

    /// The method of a path item's key (`get`), if it is one.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
    }

    /// The method as HTTP writes it: `GET`; also the name of its `http::Method` constant.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operationId as written, or the one derived from method and path.
    pub id: String,
    /// The module and request-function name (snake_case).
    pub rust: String,
    /// The `Client` method name: `rust`, unless that is a method `Client` has of its own.
    pub method_name: String,
    /// The call builder's type name in the `calls` module (UpperCamelCase of `rust`).
    pub call: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/partners/{partner_sid}`.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Servers the spec names for this operation alone (documented; the client's base URL is
    /// used).
    pub servers: Vec<String>,
    /// Every parameter, in argument order: path parameters in template order, then query and
    /// header parameters in spec order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The `Accept` header: the media types of the success responses.
    pub accept: String,
    /// What a success answer holds.
    pub success: Success,
    /// Declared error statuses whose bodies are typed, most specific first.
    pub errors: Vec<Outcome>,
    /// The type of those error responses (lower's `failures` pass gives every operation one).
    pub failure: Option<Failure>,
    /// Security alternatives: any one of them suffices; each lists the schemes it uses
    /// (indexes into [`Api::schemes`]) and the scopes it needs.
    pub security: Vec<Requirement>,
    /// How to follow the pages of a list (`x-pagination`), when the spec says.
    pub pagination: Option<Pagination>,
}

/// An offset-paginated list operation (`x-pagination`): the client also gets a method that
/// streams every item, page after page.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The JSON name of the answer's property holding the page's items.
    pub items: String,
    /// The type of one item.
    pub item: Ty,
    /// The JSON name of the boolean property that says whether another page exists, if any.
    pub has_more: Option<String>,
    /// The Rust argument name of the page-size parameter.
    pub limit: String,
    /// The Rust argument name of the offset parameter.
    pub offset: String,
    /// The page size asked for when the caller gives no limit (the server's own otherwise).
    pub page_size: Option<u64>,
}

/// One security alternative of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// The schemes used together, as indexes into [`Api::schemes`].
    pub schemes: Vec<usize>,
    /// The scopes needed, over every scheme of the alternative.
    pub scopes: Vec<String>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A path segment.
    Path,
    /// A query argument.
    Query,
    /// A request header.
    Header,
}

/// A path, query or header parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The Rust argument name, and the field name in the operation's `Params`.
    pub rust: String,
    /// The setter of an optional query or header parameter, on the operation's `Params` and
    /// its call builder: `rust`, unless that is a method the builder has of its own. `None`
    /// for a required parameter, which is an argument of the request function and of the
    /// client method instead. This decides the argument lists of every printer.
    pub setter: Option<String>,
    /// The name on the wire (lower case for headers).
    pub wire: String,
    /// Where it goes.
    pub location: Location,
    /// A scalar, a string enum, (query and header) an array of those, or (query) an object of
    /// those.
    pub ty: Ty,
    /// `required: true` (always for path parameters).
    pub required: bool,
    /// For an array: `explode` (repeat the name per value) rather than one comma-joined value.
    pub explode: bool,
    /// For an object (query only): `style: deepObject`, each property sent as
    /// `name[property]`; otherwise each property is sent under its own name (`style: form`).
    pub deep_object: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The description, if any.
    pub doc: Option<String>,
    /// The schema's `default`, as JSON text (documented only: the server applies it).
    pub default: Option<String>,
    /// The spec describes the value with `content: application/json`: it is sent as JSON
    /// text, whatever its type.
    pub json: bool,
    /// The parameter is written in a small expression language (`x-expression`); the
    /// argument is then a typed builder instead of a string.
    pub expression: Option<Expression>,
}

/// The expression languages of `x-expression`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expression {
    /// `attribute op value`, conditions joined with `and` (`x-expression: filter`).
    Filter,
    /// `attribute [asc|desc]` (`x-expression: order`).
    Order,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The `Content-Type` sent, as the spec writes it.
    pub media: String,
    /// The caller gives the `Content-Type` (a `multipart/*` body needs its boundary; a
    /// wildcard such as `image/*` needs the actual type).
    pub media_arg: bool,
    /// How it is encoded. The body is always an argument: specs leave out `required: true`
    /// far more often than they mean a body to be optional.
    pub kind: BodyKind,
    /// For a form body: the properties sent as JSON text (`encoding.<name>.contentType`
    /// JSON), in spec order.
    pub form_json: Vec<String>,
    /// For a form body: the array properties sent with indices (`name[0]=a`, `encoding.<name>
    /// .style: deepObject`) rather than as repeated names.
    pub form_indexed: Vec<String>,
}

/// The encodings of a request body.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// JSON of this type, in this form.
    Json(Ty, Form),
    /// `application/x-www-form-urlencoded` of this object type, in this form.
    UrlEncoded(Ty, Form),
    /// Text, sent as it is.
    Text,
    /// Bytes, sent as they are (binary, or a media type the generator does not encode).
    Bytes,
}

/// Which form of a named struct a request body is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The type as received (PUT sends back what was read).
    Model,
    /// Its `…Patch` form (PATCH).
    Patch,
    /// Its `…Input` form (without read-only, with write-only properties).
    Input,
}

/// What a response body holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// Nothing (or nothing the spec describes).
    Empty,
    /// JSON of this type.
    Json(Ty),
    /// Text.
    Text,
    /// Bytes (binary, or a media type the generator does not decode).
    Bytes,
}

/// A response status as the spec keys it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// One status, such as 404.
    Code(u16),
    /// A class, such as `4XX` (the digit).
    Class(u16),
    /// `default`: every status not declared otherwise.
    Default,
}

/// One declared response.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The status it covers.
    pub status: Status,
    /// Its body.
    pub payload: Payload,
    /// Its description, if any.
    pub doc: Option<String>,
}

/// The error responses of an operation as a Rust type in `crate::errors`: an enum with a
/// variant per declared status, or an alias of an earlier operation's enum when the two
/// declare the same statuses with the same bodies.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The operation's own name for it (`GetDidError`).
    pub name: String,
    /// The earlier operation's enum that this name aliases, when it is one.
    pub same_as: Option<String>,
    /// Whether later operations' names alias this one's enum.
    pub shared: bool,
    /// The variants, most specific status first: a code, then a class, then `default`.
    pub variants: Vec<(String, Outcome)>,
    /// The variant of a status the operation does not declare or a body not in its shape.
    pub undeclared: String,
}

/// What an operation's response function returns on success.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// Every declared 2xx answer has this body.
    One(Payload),
    /// The 2xx answers differ: an enum named `name` in the operation's module, one variant per
    /// declared status (`rust` names), plus one for any other 2xx status.
    ByStatus {
        /// The enum's name.
        name: String,
        /// The variants in spec order.
        variants: Vec<(String, Outcome)>,
        /// The variant that keeps an undeclared 2xx answer's status and bytes.
        other: String,
    },
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
    /// The form of `ty` it is read into.
    pub form: Form,
    /// The example as compact JSON.
    pub json: String,
    /// Read-only properties the type requires that a request example leaves out (a request
    /// need not send them), added to `json` with a placeholder value before the round trip.
    pub added: Vec<String>,
}
