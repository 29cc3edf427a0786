//! Request bodies and responses: which media type is used, what type it carries, which
//! statuses are success and which errors are typed; and the examples found there.
//!
//! Of several media types, the first JSON one is used; without JSON, the first form
//! (`application/x-www-form-urlencoded`), then the first text (`text/*`), then the first
//! other one, carried as bytes.

use serde_yaml::{Mapping, Value};

use super::names::{bare, snake};
use super::refs::Shared;
use super::{Lowerer, Reported, child, get};
use crate::ir::{Body, BodyKind, Example, Form, Outcome, Payload, Status, Success, Ty, TypeKind};
use crate::load::describe;

/// How a media type is carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Media {
    Json,
    Form,
    Text,
    Bytes,
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`, `*/*`
/// are JSON; parameters are ignored and case does not matter.
fn classify(media: &str) -> Media {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" | "application/*" => Media::Json,
        e if e.ends_with("+json") || e.ends_with("/json") => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        e if e.starts_with("text/") => Media::Text,
        _ => Media::Bytes,
    }
}

/// The `encoding` mapping of a media type object, if it has one.
fn object_encoding(object: Option<&Mapping>) -> Option<&Mapping> {
    object
        .and_then(|o| get(o, "encoding"))
        .and_then(Value::as_mapping)
}

/// Whether a media type is carried as JSON.
pub(super) fn is_json(media: &str) -> bool {
    classify(media) == Media::Json
}

/// Whether a schema is `type: string, format: binary`: bytes, whatever the media type says
/// (`*/*` with a binary schema is a file, not JSON).
fn is_binary(schema: Option<&Value>) -> bool {
    let Some(map) = schema.and_then(Value::as_mapping) else {
        return false;
    };
    let string = matches!(get(map, "type"), Some(Value::String(t)) if t == "string");
    // OpenAPI 3.1 says bytes with `contentMediaType` (and no `contentEncoding`, which would
    // make them text such as base64).
    let media = match get(map, "contentMediaType") {
        Some(Value::String(m)) => !matches!(classify(m), Media::Json | Media::Text),
        _ => false,
    };
    string
        && (matches!(get(map, "format"), Some(Value::String(f)) if f == "binary")
            || (media && get(map, "contentEncoding").is_none()))
}

/// Whether a name is an HTTP token (RFC 9110), as header names must be.
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The statuses' reason phrases (RFC 9110 and the registry's common ones), for naming the
/// variants of success and error enums; other statuses are named by number.
pub(super) fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableContent",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}

/// The media type chosen from a `content` mapping.
struct Picked<'v> {
    /// As the spec writes it.
    media: String,
    kind: Media,
    /// The media type object, if it is not empty.
    object: Option<&'v Mapping>,
    ptr: String,
}

/// What the responses of an operation come to.
pub(super) struct Responses {
    pub accept: String,
    pub success: Success,
    pub errors: Vec<Outcome>,
}

impl<'a> Lowerer<'a> {
    /// The media type to use of a `content` mapping, with its media type object and pointer;
    /// `None` when it lists none.
    fn pick<'v>(&mut self, content: &'v Value, ptr: &str) -> Result<Option<Picked<'v>>, Reported> {
        let content = self.mapping(content, ptr, "`content`").ok_or(Reported)?;
        let mut best: Option<Picked<'v>> = None;
        for (key, value) in self.entries(content, ptr) {
            if key.is_empty() || !key.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                self.error(&child(ptr, &key), format!("`{key}` is not a media type (expected visible ASCII such as `application/json`)"));
                return Err(Reported);
            }
            let media = classify(&key);
            if best.as_ref().is_some_and(|b| b.kind <= media) {
                continue;
            }
            let mptr = child(ptr, &key);
            let object = match value {
                Value::Mapping(m) => Some(m),
                Value::Null => None,
                other => {
                    let what = describe(other);
                    self.error(
                        &mptr,
                        format!("a media type must be a mapping, but this is {what}"),
                    );
                    return Err(Reported);
                }
            };
            if let Some(m) = object {
                self.keywords(m, &mptr, super::keywords::Object::MediaType);
            }
            best = Some(Picked {
                media: key,
                kind: media,
                object,
                ptr: mptr,
            });
        }
        Ok(best)
    }

    pub(super) fn request_body(
        &mut self,
        body: &'a Value,
        ptr: &str,
        method: &str,
        rust: &str,
        type_hint: &str,
        operation: usize,
    ) -> Option<Body> {
        let (body, ptr) = self.resolve(body, ptr, Shared::RequestBody)?;
        let body = self.mapping(body, &ptr, "`requestBody`")?;
        self.keywords(body, &ptr, super::keywords::Object::RequestBody);
        let Some(content) = get(body, "content") else {
            self.error(
                &ptr,
                "the request body has no `content`; give it a media type such as `application/json` with a schema",
            );
            return None;
        };
        let Some(Picked {
            media,
            kind,
            object,
            ptr: mptr,
        }) = self.pick(content, &child(&ptr, "content")).ok()?
        else {
            self.error(
                &child(&ptr, "content"),
                "the request body's `content` lists no media type",
            );
            return None;
        };
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let media_arg = essence.contains('*') || essence.starts_with("multipart/");
        let hint = format!("{type_hint}Body");
        let schema = object.and_then(|o| get(o, "schema"));
        let kind = if is_binary(schema) {
            Media::Bytes
        } else {
            kind
        };
        let media_arg = media_arg && kind == Media::Bytes;
        let media = match kind {
            // A wildcard JSON media type (`*/*`) is sent as plain JSON.
            Media::Json if essence.contains('*') => "application/json".to_owned(),
            _ => media,
        };
        let media_object = object;
        let mut form_json = Vec::new();
        let mut form_indexed = Vec::new();
        let kind = match kind {
            Media::Json | Media::Form => {
                let ty = match schema {
                    Some(schema) => self.schema(schema, &child(&mptr, "schema"), &hint)?.0,
                    None => Ty::Json,
                };
                let form = if method == "patch" && self.is_struct(&ty) {
                    Form::Patch
                } else {
                    // Decided with every operation known (`post::mark_forms`).
                    Form::Model
                };
                if kind == Media::Form {
                    // Any object: nested objects and arrays of objects go in the bracket
                    // encoding (`metadata[key]=v`), checked as sent.
                    let seen = self.scalar(&ty);
                    let object = matches!(seen, Ty::Json | Ty::JsonObject | Ty::Map(_))
                        || self.is_struct(&seen);
                    if !object {
                        self.error(&mptr, "a form body (`application/x-www-form-urlencoded`) must be an object; its properties are the form's fields");
                        return None;
                    }
                    if let Some(encoding) = object_encoding(media_object) {
                        (form_json, form_indexed) = self.form_encoding(encoding, &mptr);
                    }
                    BodyKind::UrlEncoded(ty, form)
                } else {
                    if let Some(object) = object {
                        let before = self.examples.len();
                        self.media_examples(object, &mptr, &format!("{}_request", bare(rust)), &ty);
                        for e in before..self.examples.len() {
                            self.request_examples.push((e, operation));
                        }
                    }
                    BodyKind::Json(ty, form)
                }
            }
            Media::Text => BodyKind::Text,
            Media::Bytes => BodyKind::Bytes,
        };
        Some(Body {
            media: if media_arg { String::new() } else { media },
            media_arg,
            kind,
            form_json,
            form_indexed,
        })
    }

    /// A form body's `encoding`: the properties sent as JSON text, and the arrays sent with
    /// indices (`style: deepObject`). Other styles are the form default.
    fn form_encoding(&mut self, encoding: &Mapping, mptr: &str) -> (Vec<String>, Vec<String>) {
        let eptr = child(mptr, "encoding");
        let mut json = Vec::new();
        let mut indexed = Vec::new();
        for (name, how) in self.entries(encoding, &eptr) {
            let Some(how) = how.as_mapping() else {
                continue;
            };
            self.keywords(how, &child(&eptr, &name), super::keywords::Object::Encoding);
            if get(how, "contentType")
                .and_then(Value::as_str)
                .is_some_and(|m| classify(m) == Media::Json)
            {
                json.push(name.clone());
            }
            if get(how, "style").and_then(Value::as_str) == Some("deepObject") {
                indexed.push(name);
            }
        }
        (json, indexed)
    }

    /// A form body or an object query parameter must be an object whose properties are
    /// scalars, enums or arrays of those: `what` names it in messages.
    pub(super) fn flat_object(&mut self, ty: &Ty, ptr: &str, what: &str) -> bool {
        let Ty::Named { id, .. } = ty else {
            self.error(ptr, format!("{what} must be an object with properties"));
            return false;
        };
        let TypeKind::Struct(s) = &self.types[id.0].kind else {
            self.error(ptr, format!("{what} must be an object with properties"));
            return false;
        };
        let scalar = |ty: &Ty| match ty {
            Ty::String | Ty::Decimal | Ty::Int(_) | Ty::F64 | Ty::Bool | Ty::Json => true,
            Ty::Named { id, .. } => matches!(
                self.types[id.0].kind,
                TypeKind::Enum(_) | TypeKind::Alias(Ty::String | Ty::Int(_) | Ty::F64 | Ty::Bool)
            ),
            _ => false,
        };
        let bad: Vec<String> = s
            .fields
            .iter()
            .filter(|f| match self.scalar(&f.ty) {
                Ty::Vec(item) => !scalar(&item),
                other => !scalar(&other),
            })
            .map(|f| format!("`{}`", f.wire))
            .collect();
        if bad.is_empty() {
            return true;
        }
        self.error(ptr, format!("{what} carries properties that are scalars or arrays of scalars; {} {} not (nested objects have no standard encoding there)", bad.join(", "), if bad.len() == 1 { "is" } else { "are" }));
        false
    }

    pub(super) fn responses(
        &mut self,
        responses: &'a Value,
        ptr: &str,
        rust: &str,
        type_hint: &str,
    ) -> Option<Responses> {
        let responses = self.mapping(responses, ptr, "`responses`")?;
        let mut success: Vec<(Outcome, Option<String>)> = Vec::new();
        let mut failures: Vec<(Outcome, Option<String>)> = Vec::new();
        let mut default: Option<(Outcome, Option<String>)> = None;
        let mut ok = true;
        for (code, response) in self.entries(responses, ptr) {
            let rptr = child(ptr, &code);
            let status = match parse_status(&code) {
                Some(status) => status,
                None if code.starts_with("x-") => continue,
                None => {
                    self.error(&rptr, format!("`{code}` is not a response status; expected a code such as `200`, a class such as `4XX`, or `default`"));
                    ok = false;
                    continue;
                }
            };
            let hint = match status {
                Status::Code(c) if (200..300).contains(&c) => format!("{type_hint}Response"),
                Status::Class(2) => format!("{type_hint}Response"),
                Status::Code(c) | Status::Class(c) => format!("{type_hint}Error{c}"),
                Status::Default => format!("{type_hint}Error"),
            };
            let is_success = matches!(status, Status::Code(200..=299) | Status::Class(2));
            let example_name = is_success.then(|| format!("{}_response", bare(rust)));
            let Some((payload, media, doc)) =
                self.response(response, &rptr, &hint, example_name.as_deref())
            else {
                ok = false;
                continue;
            };
            let outcome = Outcome {
                status,
                payload,
                doc,
            };
            let seen =
                |list: &[(Outcome, Option<String>)]| list.iter().any(|(o, _)| o.status == status);
            if seen(&success) || seen(&failures) {
                // `200` and `"200"` are two YAML keys but one status: the first counts.
                continue;
            }
            match status {
                Status::Default => default = Some((outcome, media)),
                _ if is_success => success.push((outcome, media)),
                _ => failures.push((outcome, media)),
            }
        }
        if !ok {
            return None;
        }
        if success.is_empty() {
            // Only `default`: it describes every answer, success included.
            // Without either (only error statuses, or `responses: {}`), a success is
            // whatever the server sends: its bytes, untouched.
            let fallback = (
                Outcome {
                    status: Status::Class(2),
                    payload: Payload::Bytes,
                    doc: Some(
                        "The spec declares no success response: the answer's bytes as received."
                            .to_owned(),
                    ),
                },
                Some("*/*".to_owned()),
            );
            success.push(default.clone().unwrap_or(fallback));
        }
        let mut accept: Vec<String> = Vec::new();
        for media in success.iter().filter_map(|(_, m)| m.clone()) {
            if !accept.contains(&media) {
                accept.push(media);
            }
        }
        if accept.is_empty() {
            accept.push("application/json".to_owned());
        }
        // Codes before classes, so that a `2XX` never hides a `200` written after it.
        success.sort_by_key(|(o, _)| matches!(o.status, Status::Class(_)));
        let first = &success[0].0.payload;
        let result = if success.iter().all(|(o, _)| &o.payload == first) {
            Success::One(first.clone())
        } else {
            let mut variants: Vec<(String, Outcome)> = Vec::new();
            for (outcome, _) in success {
                let name = match outcome.status {
                    Status::Code(c) => {
                        reason(c).map_or_else(|| format!("Status{c}"), str::to_owned)
                    }
                    _ => "Success".to_owned(),
                };
                let name = super::schema::unique(&name, |n| variants.iter().any(|(v, _)| v == n));
                variants.push((name, outcome));
            }
            let other = super::schema::unique("Other", |n| variants.iter().any(|(v, _)| v == n));
            Success::ByStatus {
                name: "Success".to_owned(),
                variants,
                other,
            }
        };
        // Most specific first: codes, then classes, then `default`.
        let errors: Vec<Outcome> = failures
            .iter()
            .filter(|(o, _)| matches!(o.status, Status::Code(_)))
            .chain(
                failures
                    .iter()
                    .filter(|(o, _)| matches!(o.status, Status::Class(_))),
            )
            .chain(default.iter())
            .map(|(o, _)| o.clone())
            .collect();
        Some(Responses {
            accept: accept.join(", "),
            success: result,
            errors,
        })
    }

    /// One response: its payload, the media type it is read as, and its description.
    fn response(
        &mut self,
        response: &'a Value,
        ptr: &str,
        hint: &str,
        example_name: Option<&str>,
    ) -> Option<(Payload, Option<String>, Option<String>)> {
        let (response, ptr) = self.resolve(response, ptr, Shared::Response)?;
        let response = self.mapping(response, &ptr, "a response")?;
        self.keywords(response, &ptr, super::keywords::Object::Response);
        if let Some(Value::Mapping(headers)) = get(response, "headers") {
            let hptr = child(&ptr, "headers");
            for (name, header) in headers {
                let Some(name) = name.as_str() else { continue };
                // A header by `$ref` is checked where it is defined.
                if let Some(h) = header.as_mapping().filter(|h| get(h, "$ref").is_none()) {
                    self.keywords(h, &child(&hptr, name), super::keywords::Object::Header);
                }
            }
        }
        let doc = self.text(response, &ptr, "description");
        let Some(content) = get(response, "content") else {
            return Some((Payload::Empty, None, doc));
        };
        let Some(Picked {
            media,
            kind,
            object,
            ptr: mptr,
        }) = self.pick(content, &child(&ptr, "content")).ok()?
        else {
            return Some((Payload::Empty, None, doc));
        };
        let schema = object.and_then(|o| get(o, "schema"));
        let kind = if is_binary(schema) {
            Media::Bytes
        } else {
            kind
        };
        let payload = match kind {
            Media::Json => {
                // A JSON response without a schema is any JSON value.
                let ty = match object.and_then(|o| get(o, "schema")) {
                    Some(schema) => self.schema(schema, &child(&mptr, "schema"), hint)?.0,
                    None => Ty::Json,
                };
                if let (Some(name), Some(object)) = (example_name, object) {
                    self.media_examples(object, &mptr, name, &ty);
                }
                Payload::Json(ty)
            }
            Media::Text => Payload::Text,
            Media::Form | Media::Bytes => Payload::Bytes,
        };
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        Some((payload, Some(essence), doc))
    }

    fn media_examples(&mut self, media: &Mapping, ptr: &str, name: &str, ty: &Ty) {
        if let Some(example) = get(media, "example") {
            self.example(name, &child(ptr, "example"), example, ty.clone());
        }
        if let Some(Value::Mapping(examples)) = get(media, "examples") {
            let eptr = child(ptr, "examples");
            for (key, example) in self.entries(examples, &eptr) {
                // Shared examples (`$ref` to `components.examples`) are documentation only.
                if let Some(value) = example.as_mapping().and_then(|m| get(m, "value")) {
                    let test = format!("{name}_{}", bare(&snake(&key).unwrap_or_default()));
                    self.example(
                        &test,
                        &child(&child(&eptr, &key), "value"),
                        value,
                        ty.clone(),
                    );
                }
            }
        }
    }

    /// Records an example to be checked by round trip through its type.
    /// An example JSON cannot hold (a tagged value, say) documents nothing the client sends
    /// or reads, so there is nothing to check it against and it is passed over.
    pub(super) fn example(&mut self, name: &str, ptr: &str, value: &Value, ty: Ty) {
        if let Ok(json) = serde_json::to_string(value) {
            let name = super::schema::unique(name, |n| self.examples.iter().any(|e| e.name == n));
            self.examples.push(Example {
                name,
                pointer: ptr.to_owned(),
                ty,
                form: Form::Model,
                json,
                added: Vec::new(),
            });
        }
    }

    pub(super) fn is_struct(&self, ty: &Ty) -> bool {
        let Ty::Named { id, .. } = ty else {
            return false;
        };
        matches!(self.types[id.0].kind, TypeKind::Struct(_))
    }
}

/// `200`, `4XX` (any case) or `default`.
fn parse_status(code: &str) -> Option<Status> {
    if code == "default" {
        return Some(Status::Default);
    }
    let bytes = code.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return None;
    }
    if code[1..].eq_ignore_ascii_case("xx") {
        return Some(Status::Class(u16::from(bytes[0] - b'0')));
    }
    code.parse().ok().map(Status::Code)
}

#[cfg(test)]
mod tests {
    use super::{Media, classify, parse_status};
    use crate::ir::Status;

    #[test]
    fn media_types_are_classified_by_essence() {
        assert_eq!(classify("application/json"), Media::Json);
        assert_eq!(classify("application/json; charset=utf-8"), Media::Json);
        assert_eq!(classify("Application/JSON"), Media::Json);
        assert_eq!(classify("application/problem+json"), Media::Json);
        assert_eq!(classify("application/vnd.api.v2+json;q=1"), Media::Json);
        assert_eq!(classify("application/x-www-form-urlencoded"), Media::Form);
        assert_eq!(classify("text/plain; charset=utf-8"), Media::Text);
        assert_eq!(classify("application/octet-stream"), Media::Bytes);
        assert_eq!(classify("multipart/form-data"), Media::Bytes);
        assert_eq!(classify("application/xml"), Media::Bytes);
    }

    #[test]
    fn statuses() {
        assert_eq!(parse_status("200"), Some(Status::Code(200)));
        assert_eq!(parse_status("4XX"), Some(Status::Class(4)));
        assert_eq!(parse_status("5xx"), Some(Status::Class(5)));
        assert_eq!(parse_status("default"), Some(Status::Default));
        assert_eq!(parse_status("20"), None);
        assert_eq!(parse_status("600"), None);
        assert_eq!(parse_status("OK"), None);
    }
}
