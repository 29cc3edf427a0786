//! A local CarrierX double: an HTTP server on `127.0.0.1` (ephemeral port) that holds the
//! four sample objects in memory and enforces what the CarrierX docs say about the update,
//! get-by-SID, list, create and delete operations. It is written from the seed pages and the
//! read reference, not from the generated crate, so that the end-to-end tests check the
//! client against an independent reading of the API.
//!
//! Where the docs are silent, its assumptions are marked `Assumption:` next to the code.

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
    /// What a create takes beyond the writable fields, and whether it is required; `None`
    /// when the collection has no documented create.
    create: Option<&'static [(&'static str, Kind, bool)]>,
    /// Whether the collection has a documented delete.
    delete: bool,
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
        // Create Partner is documented but not offered: partners appear only once verified.
        create: None,
        delete: false,
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
        // Create Prefix requires `prefix` (writable too); assumption: the destination trunk
        // group, read only afterwards, can be given at creation.
        create: Some(&[
            ("prefix", Text, true),
            ("trunk_group_sid", NullableText, false),
        ]),
        delete: true,
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
        // Rent DID: `phonenumber` picks the number; nothing is required.
        create: Some(&[("phonenumber", Text, false)]),
        delete: true,
    },
    Collection {
        path: &["phonenumber", "did_groups"],
        sid_field: "did_group_sid",
        scopes: &["phonenumber.manage", "phonenumber.update"],
        // Assumption: no get-by-SID page; the scopes of Get DID Groups.
        read_scopes: &["phonenumber.manage", "phonenumber.read"],
        writable: &[("callback_url", NullableText), ("name", Text)],
        sample: "did_group.response.json",
        create: Some(&[]),
        // Delete DID Group: not found in the docs.
        delete: false,
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
    ("create-token", &["phonenumber.create"]),
    ("delete-token", &["phonenumber.delete"]),
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
    /// Objects in the order they were created: (collection index, sid, object).
    objects: Vec<(usize, String, Value)>,
    /// How many sids and numbers the double has made up.
    made: u64,
    received: Vec<Received>,
    /// The fault to answer with, and how many more requests get it.
    fault: Option<(Fault, usize)>,
}

impl Shared {
    fn get(&self, index: usize, sid: &str) -> Option<&Value> {
        self.objects
            .iter()
            .find(|(i, s, _)| *i == index && s == sid)
            .map(|(_, _, o)| o)
    }

    fn set(&mut self, index: usize, sid: &str, object: Value) {
        match self
            .objects
            .iter_mut()
            .find(|(i, s, _)| *i == index && s == sid)
        {
            Some(entry) => entry.2 = object,
            None => self.objects.push((index, sid.to_owned(), object)),
        }
    }

    fn remove(&mut self, index: usize, sid: &str) -> Option<Value> {
        let at = self
            .objects
            .iter()
            .position(|(i, s, _)| *i == index && s == sid)?;
        Some(self.objects.remove(at).2)
    }

    /// A new secure ID in the shape CarrierX uses (a UUID).
    fn new_sid(&mut self) -> String {
        self.made += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.made)
    }

    /// A number no DID holds (Assumption: the inventory is 1516555xxxx).
    fn available_number(&mut self) -> String {
        self.made += 1;
        format!("1516555{:04}", self.made % 10_000)
    }
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
            shared.objects.push((i, sid, object));
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
        self.lock().get(i, sid).cloned()
    }

    /// Every stored object of a collection, in creation order.
    pub fn objects(&self, collection: &str) -> Vec<Value> {
        let Some(i) = COLLECTIONS
            .iter()
            .position(|c| c.path.last() == Some(&collection))
        else {
            return Vec::new();
        };
        self.lock()
            .objects
            .iter()
            .filter(|(c, _, _)| *c == i)
            .map(|(_, _, o)| o.clone())
            .collect()
    }

    /// Adds `n` DIDs like the sample, each with its own sid and number, and returns their
    /// (sid, number) pairs in the order a list answers them.
    pub fn add_dids(&self, n: usize) -> Vec<(String, String)> {
        let i = COLLECTIONS
            .iter()
            .position(|c| c.path.last() == Some(&"dids"))
            .expect("dids");
        let sample: Value =
            serde_json::from_str(&crate::sample("did.response.json")).expect("sample");
        let mut shared = self.lock();
        (0..n)
            .map(|_| {
                let sid = shared.new_sid();
                let number = shared.available_number();
                let mut did = sample.clone();
                did["did_sid"] = json!(sid);
                did["phonenumber"] = json!(number);
                shared.objects.push((i, sid.clone(), did));
                (sid, number)
            })
            .collect()
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

/// The answer to one request: route, credentials, then the operation.
fn serve(shared: &mut Shared, request: &Received) -> Response {
    // Route: the API prefix, a collection path, and at most one segment for the sid.
    let Some(rest) = request.path.strip_prefix(PREFIX) else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let found = COLLECTIONS.iter().enumerate().find(|(_, c)| {
        (segments.len() == c.path.len() || segments.len() == c.path.len() + 1)
            && segments[..c.path.len()] == *c.path
    });
    let Some((index, collection)) = found else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    let sid = match segments.get(collection.path.len()) {
        Some(segment) => match decode(segment) {
            Some(sid) => Some(sid),
            None => return error(StatusCode::NOT_FOUND, "Cannot find item by SID"),
        },
        None => None,
    };
    let method = &request.method;
    let allowed = match &sid {
        Some(_) => {
            *method == Method::GET
                || *method == Method::PATCH
                || *method == Method::PUT
                || (*method == Method::DELETE && collection.delete)
        }
        None => *method == Method::GET || (*method == Method::POST && collection.create.is_some()),
    };
    if !allowed {
        return error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
    }

    // 401, then 403: the token, then its scopes ("any one of").
    let token = request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some((_, scopes)) = TOKENS.iter().find(|(t, _)| Some(*t) == token) else {
        return error(StatusCode::UNAUTHORIZED, "Bad credentials");
    };
    let needed: &[&str] = if *method == Method::GET {
        collection.read_scopes
    } else if *method == Method::POST {
        &["phonenumber.manage", "phonenumber.create"]
    } else if *method == Method::DELETE {
        &["phonenumber.manage", "phonenumber.delete"]
    } else {
        collection.scopes
    };
    if !needed.iter().any(|s| scopes.contains(s)) {
        return error(StatusCode::FORBIDDEN, "Forbidden");
    }
    let query = Query::parse(request.query.as_deref());

    let Some(sid) = sid else {
        if *method == Method::GET {
            return list(shared, index, request, &query);
        }
        let body = match json_body(request) {
            Ok(body) => body,
            Err((status, message)) => return error(status, message),
        };
        return create(shared, index, &body);
    };
    if *method == Method::GET {
        // Assumption: `with_related=true` embeds nothing here; the object is the same.
        return match shared.get(index, &sid) {
            Some(object) => (StatusCode::OK, axum::Json(object.clone())).into_response(),
            None => error(StatusCode::NOT_FOUND, "Cannot find item by SID"),
        };
    }
    if *method == Method::DELETE {
        // Assumption: a released DID leaves Get DIDs at once ("the DIDs that have been
        // rented"); its `aging` state is not modelled.
        return match shared.remove(index, &sid) {
            Some(_) => StatusCode::NO_CONTENT.into_response(),
            None => error(StatusCode::NOT_FOUND, "Cannot find item by SID"),
        };
    }
    let body = match json_body(request) {
        Ok(body) => body,
        Err((status, message)) => return error(status, message),
    };

    // Assumption: an unknown sid is reported after authentication and body checks.
    let Some(stored) = shared.get(index, &sid).cloned() else {
        return error(StatusCode::NOT_FOUND, "Cannot find item by SID");
    };
    let replace_nested = query.get("nested_objects") == Some("replace");

    let result = if *method == Method::PATCH {
        patch(collection, stored, &body, replace_nested)
    } else {
        put(collection, stored, &body)
    };
    match result {
        Ok(updated) => {
            shared.set(index, &sid, updated.clone());
            (StatusCode::OK, axum::Json(updated)).into_response()
        }
        Err(message) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Object validation error: {message}"),
        ),
    }
}

/// The JSON object body of a PATCH, PUT or POST: 415 without the JSON content type, 400 when
/// it is not JSON, 422 when it is not an object.
fn json_body(request: &Received) -> Result<Map<String, Value>, (StatusCode, &'static str)> {
    // 415: a body needs the JSON content type (the Requests pages of the docs).
    let json_type = request
        .header("content-type")
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim() == "application/json");
    if !json_type {
        return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"));
    }
    // 400: the body must be JSON; PATCH, PUT and POST must carry one ("{}" when empty).
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return Err((StatusCode::BAD_REQUEST, "No JSON object could be decoded"));
    };
    // Assumption: a JSON body that is not an object is a validation error (422).
    match body {
        Value::Object(body) => Ok(body),
        _ => Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            "Object validation error: the body must be a JSON object",
        )),
    }
}

/// The decoded query of a request (`application/x-www-form-urlencoded`: `+` is a space).
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(query: Option<&str>) -> Query {
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        Query(
            query
                .unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((k, v)) => (decode(k), decode(v)),
                    None => (decode(pair), String::new()),
                })
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A list GET: filter, order, then the page, in the Core list envelope.
fn list(shared: &Shared, index: usize, request: &Received, query: &Query) -> Response {
    let number = |name: &str, default: u64| match query.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| format!("`{name}` is not a number")),
    };
    // Read reference 3.2: limit 10 by default, at most 1000. Assumption: more is a 400
    // rather than silently capped, so a client asking for more notices.
    let (limit, offset) = match (number("limit", 10), number("offset", 0)) {
        (Ok(limit), Ok(offset)) => (limit, offset),
        (Err(message), _) | (_, Err(message)) => {
            return error(StatusCode::BAD_REQUEST, &message);
        }
    };
    if limit > 1000 {
        return error(StatusCode::BAD_REQUEST, "`limit` cannot exceed 1000");
    }
    let conditions = match query.get("filter").map(parse_filter).transpose() {
        Ok(conditions) => conditions.unwrap_or_default(),
        Err(message) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("Invalid filter: {message}"),
            );
        }
    };
    let mut items: Vec<&Value> = shared
        .objects
        .iter()
        .filter(|(i, _, _)| *i == index)
        .map(|(_, _, object)| object)
        .filter(|object| conditions.iter().all(|c| c.holds(object)))
        .collect();
    // Get DIDs: `trunk_group_sid` keeps the DIDs of that trunk group.
    if let Some(trunk) = query.get("trunk_group_sid") {
        items.retain(|o| o["trunk_group_sid"].as_str() == Some(trunk));
    }
    // Read reference 5: `attribute asc|desc` (space or `+`), `attribute` alone ascending.
    // Assumption: without `order`, creation order; `shuffle` is refused (the double must
    // answer repeatably).
    if let Some(order) = query.get("order") {
        let mut words = order.split_whitespace();
        let (Some(attribute), direction, None) = (words.next(), words.next(), words.next()) else {
            return error(StatusCode::BAD_REQUEST, "Invalid order");
        };
        let descending = match direction {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return error(StatusCode::BAD_REQUEST, "Invalid order"),
        };
        items.sort_by(|a, b| {
            let ordering = compare(lookup(a, attribute), lookup(b, attribute));
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
    }
    let total = items.len() as u64;
    let page: Vec<Value> = items
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .cloned()
        .collect();
    let count = page.len() as u64;
    let has_more = offset.saturating_add(count) < total;
    let pagination = if has_more {
        let host = request.header("host").unwrap_or("127.0.0.1");
        let path = &request.path;
        json!({ "next": format!("http://{host}{path}?limit={limit}&offset={}", offset + count) })
    } else {
        json!({})
    };
    (
        StatusCode::OK,
        axum::Json(json!({
            "count": count,
            "has_more": has_more,
            "items": page,
            "limit": limit,
            "offset": offset,
            "pagination": pagination,
            "total": total,
        })),
    )
        .into_response()
}

/// A field by dotted path (`trunks.allow_transfer`).
fn lookup<'v>(object: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(object, |v, key| &v[key])
}

/// Values compared as numbers when both read as numbers, as text otherwise; null first.
fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    let number = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<f64>().ok());
    let (a, b) = (text(a), text(b));
    match (number(&a), number(&b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.cmp(&b),
    }
}

/// One filter condition.
struct Condition {
    attribute: String,
    operator: String,
    value: String,
}

impl Condition {
    fn holds(&self, object: &Value) -> bool {
        let field = lookup(object, &self.attribute);
        let value = Value::String(self.value.clone());
        match self.operator.as_str() {
            "eq" => compare(field, &value).is_eq() && !field.is_null(),
            "gt" => !field.is_null() && compare(field, &value).is_gt(),
            "ge" => !field.is_null() && compare(field, &value).is_ge(),
            "lt" => !field.is_null() && compare(field, &value).is_lt(),
            "like" => match field {
                Value::String(text) => like(text, &self.value),
                Value::Null => false,
                other => like(&other.to_string(), &self.value),
            },
            _ => false,
        }
    }
}

/// SQL-style `like` with `%` as the only wildcard (the one the docs name).
fn like(text: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('%').collect();
    if parts.len() == 1 {
        return text == pattern;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Reads `attribute operator value [and ...]` (read reference 4): values in single or double
/// quotes, or one bare word. Assumption: the operators are those the docs and CarrierX's code
/// use (eq, gt, ge, lt, like); any other, and `or`, are refused with 400.
fn parse_filter(text: &str) -> Result<Vec<Condition>, String> {
    let mut conditions = Vec::new();
    let mut rest = text.trim();
    loop {
        let (attribute, after) = rest
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("expected a condition at `{rest}`"))?;
        let (operator, after) = after
            .trim_start()
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("expected an operator and a value at `{after}`"))?;
        if !["eq", "gt", "ge", "lt", "like"].contains(&operator) {
            return Err(format!("unknown operator `{operator}`"));
        }
        let after = after.trim_start();
        let (value, after) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = after[1..]
                    .find(q)
                    .ok_or_else(|| "an unclosed quote".to_owned())?;
                (&after[1..=end], &after[end + 2..])
            }
            Some(_) => after.split_at(after.find(char::is_whitespace).unwrap_or(after.len())),
            None => return Err("a condition without a value".to_owned()),
        };
        conditions.push(Condition {
            attribute: attribute.to_owned(),
            operator: operator.to_owned(),
            value: value.to_owned(),
        });
        let after = after.trim_start();
        if after.is_empty() {
            return Ok(conditions);
        }
        rest = after
            .strip_prefix("and ")
            .ok_or_else(|| format!("expected `and` at `{after}`"))?
            .trim_start();
    }
}

/// A POST: the writable fields and what only creation takes; 422 for anything else.
fn create(shared: &mut Shared, index: usize, body: &Map<String, Value>) -> Response {
    let collection = &COLLECTIONS[index];
    let extra = collection.create.unwrap_or(&[]);
    for (name, value) in body {
        let kind = extra
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, k, _)| *k)
            .or_else(|| {
                collection
                    .writable
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, k)| *k)
            });
        let Some(kind) = kind else {
            // Assumption: read-only and unknown fields are refused, as in a PATCH.
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Object validation error: `{name}` cannot be set"),
            );
        };
        if let Err(message) = check_kind(name, kind, value) {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Object validation error: {message}"),
            );
        }
    }
    if let Some((name, _, _)) = extra
        .iter()
        .find(|(n, _, req)| *req && !body.contains_key(*n))
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Object validation error: `{name}` is required"),
        );
    }
    let sid = shared.new_sid();
    // A new object is the sample's shape: every field, writable ones at their defaults
    // (null, empty), then what the body gives.
    let sample: Value = serde_json::from_str(&crate::sample(collection.sample)).expect("sample");
    let mut object = sample.clone();
    for (name, kind) in collection.writable {
        object[*name] = match kind {
            Object => json!({}),
            Array => json!([]),
            NullableText => Value::Null,
            // Assumption: text fields default to "N/A", the documented default of `name`.
            Text => json!("N/A"),
        };
    }
    object[collection.sid_field] = json!(sid);
    if collection.path.last() == Some(&"dids") {
        // Rent DID: the number asked for, or the first available one. Assumption: a number
        // already rented is a 409 Conflict.
        let number = match body.get("phonenumber").and_then(Value::as_str) {
            Some(number) => number.to_owned(),
            None => shared.available_number(),
        };
        let taken = shared
            .objects
            .iter()
            .any(|(i, _, o)| *i == index && o["phonenumber"].as_str() == Some(&number));
        if taken {
            return error(StatusCode::CONFLICT, "The phone number is already rented");
        }
        object["phonenumber"] = json!(number);
        object["status"] = json!("assigned");
    }
    for (name, value) in body {
        object[name.as_str()] = value.clone();
    }
    shared.objects.push((index, sid, object.clone()));
    (StatusCode::OK, axum::Json(object)).into_response()
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
