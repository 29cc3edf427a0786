//! A local CarrierX double: an HTTP server on `127.0.0.1` (ephemeral port) that holds the
//! four sample objects in memory and enforces what the CarrierX docs say about the update
//! and get-by-SID operations. It is written from the seed pages, not from the generated crate, so that the
//! end-to-end tests check the client against an independent reading of the API.
//!
//! Where the docs are silent, its assumptions are marked `Assumption:` next to the code.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// The value kinds the double checks in request bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A string; null refused.
    Text,
    /// A string or null.
    NullableText,
    /// A JSON object: a nested object, merged key by key by a PATCH unless `replace`.
    Object,
    /// A JSON array: replaced whole.
    Array,
}

use Kind::{Array, NullableText, Object, Text};

/// One of the four objects: where it lives, the scopes that may update it, and its writable
/// fields as the seed pages' "Fields that can be modified" lists give them. Every other
/// field is read only.
struct Collection {
    path: &'static [&'static str],
    sid_field: &'static str,
    scopes: &'static [&'static str],
    /// The scopes that may read it (any one).
    read_scopes: &'static [&'static str],
    writable: &'static [(&'static str, Kind)],
    sample: &'static str,
}

const COLLECTIONS: &[Collection] = &[
    Collection {
        path: &["partners"],
        sid_field: "partner_sid",
        scopes: &["partners.manage", "partners.update"],
        read_scopes: &["partners.manage", "partners.read"],
        writable: &[
            ("acls", Array),
            ("address1", NullableText),
            ("address2", NullableText),
            ("attributes", Object),
            ("billing_email", NullableText),
            ("callbacks", Object),
            ("city", NullableText),
            ("company_name", Text),
            ("name", Text),
            ("owner_email", NullableText),
            ("parent_assigned_acls", Array),
            ("phonenumber", Text),
            ("tech_email", NullableText),
            ("transformations", Array),
            ("zip", Text),
        ],
        sample: "partner.response.json",
    },
    Collection {
        path: &["phonenumber", "prefixes"],
        sid_field: "prefix_sid",
        scopes: &["phonenumber.manage", "phonenumber.update"],
        read_scopes: &["phonenumber.manage", "phonenumber.read"],
        writable: &[
            ("attributes", Object),
            ("callback_url", NullableText),
            ("name", Text),
            ("prefix", Text),
            ("source_trunk_group_sid", NullableText),
            ("string_key_1", NullableText),
            ("string_key_2", NullableText),
            ("transformations", Array),
        ],
        sample: "prefix.response.json",
    },
    Collection {
        path: &["phonenumber", "dids"],
        sid_field: "did_sid",
        scopes: &["phonenumber.manage", "phonenumber.update"],
        // Assumption: the DID read pages name partners.* scopes, every other phone-number read
        // phonenumber.*; the double accepts either family, as the spec does.
        read_scopes: &[
            "partners.manage",
            "partners.read",
            "phonenumber.manage",
            "phonenumber.read",
        ],
        writable: &[
            ("attributes", Object),
            ("callback_url", NullableText),
            ("did_group_sid", NullableText),
            ("name", Text),
            ("string_key_1", NullableText),
            ("string_key_2", NullableText),
            ("transformations", Array),
            ("trunk_group_sid", NullableText),
        ],
        sample: "did.response.json",
    },
    Collection {
        path: &["phonenumber", "did_groups"],
        sid_field: "did_group_sid",
        scopes: &["phonenumber.manage", "phonenumber.update"],
        // Assumption: no get-by-SID page; the scopes of Get DID Groups.
        read_scopes: &["phonenumber.manage", "phonenumber.read"],
        writable: &[("callback_url", NullableText), ("name", Text)],
        sample: "did_group.response.json",
    },
];

/// The double's bearer tokens and the scopes each holds.
pub const TOKENS: &[(&str, &[&str])] = &[
    (
        "full-token",
        &[
            "partners.manage",
            "phonenumber.manage",
            "partners.update",
            "phonenumber.update",
        ],
    ),
    ("partners-update-token", &["partners.update"]),
    ("read-token", &["partners.read", "phonenumber.read"]),
    ("phonenumber-update-token", &["phonenumber.update"]),
    ("no-scope-token", &[]),
];

/// The path prefix of the API, as in `https://api.carrierx.com/core/v2`.
pub const PREFIX: &str = "/core/v2";

/// One request as the double received it.
#[derive(Clone, Debug)]
pub struct Received {
    /// The method.
    pub method: Method,
    /// The path exactly as sent, percent-encoding intact.
    pub path: String,
    /// The query exactly as sent, if any.
    pub query: Option<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Received {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A misbehaviour the double can be told to show for the next request or requests.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer 500 with an HTML page, as a proxy in front of the API might.
    Html500,
    /// Answer 200 with a body that is not JSON.
    NotJson,
    /// Answer 200 with JSON of the wrong shape (a list instead of an object).
    WrongShape,
    /// Answer 307 Temporary Redirect to this URL.
    RedirectTo(String),
    /// Decline with this status (such as 503 or 429), with this `Retry-After` if any, as
    /// rate limiters and rolling deploys do.
    Decline(u16, Option<&'static str>),
}

#[derive(Default)]
struct Shared {
    /// Objects by (collection index, sid).
    objects: HashMap<(usize, String), Value>,
    received: Vec<Received>,
    /// The fault to answer with, and how many more requests get it.
    fault: Option<(Fault, usize)>,
}

/// A running double. It stops when dropped.
pub struct Double {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Double {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Double {
    /// Starts a double holding the four seed samples.
    pub async fn start() -> Double {
        let mut shared = Shared::default();
        for (i, c) in COLLECTIONS.iter().enumerate() {
            let object: Value = serde_json::from_str(&crate::sample(c.sample)).expect("sample");
            let sid = object[c.sid_field].as_str().expect("sid").to_owned();
            shared.objects.insert((i, sid), object);
        }
        let shared = Arc::new(Mutex::new(shared));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Double { addr, shared, task }
    }

    /// The base URL to give the client: `http://127.0.0.1:<port>/core/v2`.
    pub fn base_url(&self) -> String {
        format!("http://{}{PREFIX}", self.addr)
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// The last request received; panics when there was none.
    pub fn last(&self) -> Received {
        self.lock()
            .received
            .last()
            .cloned()
            .expect("a request was received")
    }

    /// The stored object of a collection (`"partners"`, `"prefixes"`, `"dids"`,
    /// `"did_groups"`) by sid.
    pub fn object(&self, collection: &str, sid: &str) -> Option<Value> {
        let i = COLLECTIONS
            .iter()
            .position(|c| c.path.last() == Some(&collection))?;
        self.lock().objects.get(&(i, sid.to_owned())).cloned()
    }

    /// The writable fields of a collection (`"partners"`, ...), as the double enforces them.
    pub fn writable(collection: &str) -> Vec<&'static str> {
        COLLECTIONS
            .iter()
            .find(|c| c.path.last() == Some(&collection))
            .map(|c| c.writable.iter().map(|(n, _)| *n).collect())
            .unwrap_or_default()
    }

    /// Makes the next request fail this way.
    pub fn fail_next(&self, fault: Fault) {
        self.fail_times(fault, 1);
    }

    /// Makes the next `n` requests fail this way.
    pub fn fail_times(&self, fault: Fault, n: usize) {
        self.lock().fault = (n > 0).then_some((fault, n));
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "message": message, "errors": [] })),
    )
        .into_response()
}

async fn handle(State(shared): State<Arc<Mutex<Shared>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, 1 << 20).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "Body too large");
    };
    let received = Received {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body: body.to_vec(),
    };
    let mut shared = shared.lock().unwrap_or_else(|e| e.into_inner());
    shared.received.push(received.clone());
    if let Some((fault, left)) = shared.fault.take() {
        if left > 1 {
            shared.fault = Some((fault.clone(), left - 1));
        }
        return match fault {
            Fault::Html500 => (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            )
                .into_response(),
            Fault::NotJson => (StatusCode::OK, "this is not JSON {").into_response(),
            Fault::WrongShape => (StatusCode::OK, axum::Json(json!([1, 2, 3]))).into_response(),
            Fault::RedirectTo(url) => Response::builder()
                .status(StatusCode::TEMPORARY_REDIRECT)
                .header(header::LOCATION, url)
                .body(Body::empty())
                .expect("response"),
            Fault::Decline(status, retry_after) => {
                let status = StatusCode::from_u16(status).expect("status");
                let mut response = error(status, "Try again later");
                if let Some(after) = retry_after {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from_static(after));
                }
                response
            }
        };
    }
    serve(&mut shared, &received)
}

/// Percent-decodes one path segment; `None` when it is not UTF-8 after decoding.
fn decode(segment: &str) -> Option<String> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// GET, PATCH and PUT of one object by sid.
fn serve(shared: &mut Shared, request: &Received) -> Response {
    // Route: the API prefix, a collection path, and exactly one segment for the sid.
    let Some(rest) = request.path.strip_prefix(PREFIX) else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let found = COLLECTIONS
        .iter()
        .enumerate()
        .find(|(_, c)| segments.len() == c.path.len() + 1 && segments[..c.path.len()] == *c.path);
    let Some((index, collection)) = found else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    let Some(sid) = decode(segments[collection.path.len()]) else {
        return error(StatusCode::NOT_FOUND, "Cannot find item by SID");
    };
    let read = request.method == Method::GET;
    if !read && request.method != Method::PATCH && request.method != Method::PUT {
        return error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
    }

    // 401, then 403: the token, then its scopes ("any one of").
    let token = request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some((_, scopes)) = TOKENS.iter().find(|(t, _)| Some(*t) == token) else {
        return error(StatusCode::UNAUTHORIZED, "Bad credentials");
    };
    let needed = if read {
        collection.read_scopes
    } else {
        collection.scopes
    };
    if !needed.iter().any(|s| scopes.contains(s)) {
        return error(StatusCode::FORBIDDEN, "Forbidden");
    }
    if read {
        // Assumption: `with_related=true` embeds nothing here; the object is the same.
        return match shared.objects.get(&(index, sid)) {
            Some(object) => (StatusCode::OK, axum::Json(object.clone())).into_response(),
            None => error(StatusCode::NOT_FOUND, "Cannot find item by SID"),
        };
    }

    // 415: a body needs the JSON content type (the Requests pages of the docs).
    let json_type = request
        .header("content-type")
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim() == "application/json");
    if !json_type {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type");
    }

    // 400: the body must be JSON; PATCH, PUT and POST must carry one ("{}" when empty).
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return error(StatusCode::BAD_REQUEST, "No JSON object could be decoded");
    };
    // Assumption: a JSON body that is not an object is a validation error (422).
    let Value::Object(body) = body else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Object validation error: the body must be a JSON object",
        );
    };

    // Assumption: an unknown sid is reported after authentication and body checks.
    let key = (index, sid);
    let Some(stored) = shared.objects.get(&key).cloned() else {
        return error(StatusCode::NOT_FOUND, "Cannot find item by SID");
    };
    let replace_nested = request
        .query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|pair| pair == "nested_objects=replace"));

    let result = if request.method == Method::PATCH {
        patch(collection, stored, &body, replace_nested)
    } else {
        put(collection, stored, &body)
    };
    match result {
        Ok(updated) => {
            shared.objects.insert(key, updated.clone());
            (StatusCode::OK, axum::Json(updated)).into_response()
        }
        Err(message) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Object validation error: {message}"),
        ),
    }
}

fn check_kind(name: &str, kind: Kind, value: &Value) -> Result<(), String> {
    let ok = match kind {
        Text => value.is_string(),
        NullableText => value.is_string() || value.is_null(),
        Object => value.is_object(),
        Array => value.is_array(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{name}` has the wrong type ({kind:?} expected)"))
    }
}

/// PATCH: absent keeps, null clears, a value sets. Nested objects merge key by key unless
/// `nested_objects=replace`.
fn patch(
    collection: &Collection,
    mut stored: Value,
    body: &Map<String, Value>,
    replace_nested: bool,
) -> Result<Value, String> {
    for (name, value) in body {
        let Some((_, kind)) = collection.writable.iter().find(|(n, _)| n == name) else {
            return Err(if stored.get(name).is_some() {
                format!("`{name}` is read only")
            } else {
                // Assumption: unknown fields are refused rather than ignored.
                format!("`{name}` is not a field of this object")
            });
        };
        check_kind(name, *kind, value)?;
        let target = &mut stored[name.as_str()];
        match (kind, value, target.as_object_mut()) {
            // Assumption (the nested-object section of the docs was not available): the
            // default merge is RFC 7396's, keys set one by one and a null value removing its
            // key; arrays are replaced whole, having no keys to merge by.
            (Object, Value::Object(changes), Some(current)) if !replace_nested => {
                for (k, v) in changes {
                    if v.is_null() {
                        current.remove(k);
                    } else {
                        current.insert(k.clone(), v.clone());
                    }
                }
            }
            _ => *target = value.clone(),
        }
    }
    Ok(stored)
}

/// PUT: every writable field must be present and replaces the stored value; read-only fields
/// in the body are accepted and left unchanged (the docs: "all the fields must be present in
/// a PUT request, not all the attribute values may be modified").
fn put(
    collection: &Collection,
    mut stored: Value,
    body: &Map<String, Value>,
) -> Result<Value, String> {
    for (name, kind) in collection.writable {
        // Assumption: a PUT missing a writable field is a validation error.
        let Some(value) = body.get(*name) else {
            return Err(format!("`{name}` is missing; a PUT sends the whole object"));
        };
        check_kind(name, *kind, value)?;
        stored[*name] = value.clone();
    }
    Ok(stored)
}
