//! End-to-end tests: the generated `Client` against the local CarrierX double.

use std::time::Duration;

use carrierx_core::errors::{GetPartnerError, UpdatePrefixError};
use carrierx_core::models::{
    Did, DidGroup, DidGroupPatch, DidPatch, NestedObjects, Partner, PartnerPatch, Prefix,
    PrefixPatch,
};
use carrierx_core::{Client, Error, Nullable, Patch, operations};
use serde_json::{Value, json};
use tests::double::{Double, Fault};

const PARTNER: &str = "ed437757-001d-4ecc-aa5a-efdf5e50dba0";
const PREFIX_SID: &str = "cc367acb-94c8-418f-b247-85dce5806ef4";
const DID: &str = "e8df62d5-07a3-4189-a67e-87585067c5fe";
const DID_GROUP: &str = "41e21049-e5eb-433c-a93d-d57417b1863c";
const TOKEN: &str = "full-token";

fn client(double: &Double, token: &str) -> Client {
    Client::builder()
        .base_url(double.base_url())
        .token(token)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Method, path and headers every operation must send.
fn assert_sent(double: &Double, method: &str, path: &str, query: Option<&str>) -> Value {
    let r = double.last();
    assert_eq!(r.method.as_str(), method);
    assert_eq!(r.path, format!("/core/v2{path}"));
    assert_eq!(r.query.as_deref(), query);
    assert_eq!(r.header("authorization"), Some("Bearer full-token"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(
        r.header("user-agent"),
        Some("carrierx-core/2.0.0"),
        "user agent names the crate and version"
    );
    r.json()
}

fn sample(name: &str) -> Value {
    serde_json::from_str(&tests::sample(name)).unwrap()
}

#[tokio::test]
async fn update_partner_sends_only_what_is_set() {
    let double = Double::start().await;
    let patch = PartnerPatch {
        address1: Patch::Set("1 Ocean Blvd".into()),
        city: Patch::Null,
        name: Some("Jane Roe".into()),
        ..Default::default()
    };
    let partner = client(&double, TOKEN)
        .update_partner(PARTNER, &patch)
        .send()
        .await
        .unwrap();
    let body = assert_sent(&double, "PATCH", &format!("/partners/{PARTNER}"), None);
    assert_eq!(
        body,
        json!({"address1": "1 Ocean Blvd", "city": null, "name": "Jane Roe"})
    );
    assert_eq!(partner.address1, Nullable::Value("1 Ocean Blvd".into()));
    assert_eq!(partner.city, Nullable::Null);
    assert_eq!(partner.name.as_deref(), Some("Jane Roe"));
    // Absent fields kept their values.
    assert_eq!(partner.zip.as_deref(), Some("90804"));
    assert_eq!(partner.balance().unwrap().as_str(), "351.52");
    assert_eq!(
        double.object("partners", PARTNER).unwrap()["name"],
        "Jane Roe"
    );
}

#[tokio::test]
async fn replace_partner_sends_the_whole_object_back() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    let mut partner: Partner = serde_json::from_value(sample("partner.response.json")).unwrap();
    partner.company_name = Some("CarrierX Inc.".into());
    let updated = client
        .replace_partner(PARTNER, &partner)
        .nested_objects(NestedObjects::Replace)
        .send()
        .await
        .unwrap();
    let body = assert_sent(
        &double,
        "PUT",
        &format!("/partners/{PARTNER}"),
        Some("nested_objects=replace"),
    );
    let mut expected = sample("partner.response.json");
    expected["company_name"] = "CarrierX Inc.".into();
    assert_eq!(
        body, expected,
        "read-only fields and nulls are sent back as received"
    );
    assert_eq!(updated, partner);
}

#[tokio::test]
async fn update_and_replace_prefix() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    let patch = PrefixPatch {
        name: Some("main prefix 2".into()),
        string_key_1: Patch::Set("k1".into()),
        ..Default::default()
    };
    let prefix = client
        .update_prefix(PREFIX_SID, &patch)
        .send()
        .await
        .unwrap();
    let body = assert_sent(
        &double,
        "PATCH",
        &format!("/phonenumber/prefixes/{PREFIX_SID}"),
        None,
    );
    assert_eq!(body, json!({"name": "main prefix 2", "string_key_1": "k1"}));
    assert_eq!(prefix.string_key_1.as_deref().value(), Some(&"k1"));

    let mut whole: Prefix = prefix.clone();
    whole.string_key_1 = Nullable::Null;
    let replaced = client
        .replace_prefix(PREFIX_SID, &whole)
        .send()
        .await
        .unwrap();
    let body = assert_sent(
        &double,
        "PUT",
        &format!("/phonenumber/prefixes/{PREFIX_SID}"),
        None,
    );
    assert_eq!(body["string_key_1"], Value::Null);
    assert_eq!(body["prefix_sid"], PREFIX_SID);
    assert_eq!(replaced.string_key_1, Nullable::Null);
}

#[tokio::test]
async fn update_and_replace_did() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    let mut attributes = serde_json::Map::new();
    attributes.insert("team".into(), "sales".into());
    let patch = DidPatch {
        attributes: Some(attributes),
        trunk_group_sid: Patch::Set("tg-1".into()),
        ..Default::default()
    };
    let did = client.update_did(DID, &patch).send().await.unwrap();
    let body = assert_sent(&double, "PATCH", &format!("/phonenumber/dids/{DID}"), None);
    assert_eq!(
        body,
        json!({"attributes": {"team": "sales"}, "trunk_group_sid": "tg-1"})
    );
    // Merged key by key by default: the sample's `name` attribute stays.
    assert_eq!(
        Value::Object(did.attributes.clone().unwrap()),
        json!({"name": "main line", "team": "sales"})
    );

    let replaced: Did = client
        .replace_did(DID, &did)
        .nested_objects(NestedObjects::Replace)
        .send()
        .await
        .unwrap();
    let body = assert_sent(
        &double,
        "PUT",
        &format!("/phonenumber/dids/{DID}"),
        Some("nested_objects=replace"),
    );
    assert_eq!(body["price"], "0.6");
    assert_eq!(replaced, did);
}

#[tokio::test]
async fn nested_objects_replace_replaces_instead_of_merging() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    let mut attributes = serde_json::Map::new();
    attributes.insert("team".into(), "support".into());
    let patch = DidPatch {
        attributes: Some(attributes),
        ..Default::default()
    };
    let did = client
        .update_did(DID, &patch)
        .nested_objects(NestedObjects::Replace)
        .send()
        .await
        .unwrap();
    assert_sent(
        &double,
        "PATCH",
        &format!("/phonenumber/dids/{DID}"),
        Some("nested_objects=replace"),
    );
    assert_eq!(
        Value::Object(did.attributes.unwrap()),
        json!({"team": "support"})
    );
}

#[tokio::test]
async fn update_and_replace_did_group() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    let patch = DidGroupPatch {
        callback_url: Patch::Set("https://example.com/sms".into()),
        ..Default::default()
    };
    let group = client
        .update_did_group(DID_GROUP, &patch)
        .send()
        .await
        .unwrap();
    let body = assert_sent(
        &double,
        "PATCH",
        &format!("/phonenumber/did_groups/{DID_GROUP}"),
        None,
    );
    assert_eq!(body, json!({"callback_url": "https://example.com/sms"}));
    assert_eq!(
        group.callback_url,
        Nullable::Value("https://example.com/sms".into())
    );

    let mut whole: DidGroup = group.clone();
    whole.name = Some("renamed".into());
    let replaced = client
        .replace_did_group(DID_GROUP, &whole)
        .send()
        .await
        .unwrap();
    let body = assert_sent(
        &double,
        "PUT",
        &format!("/phonenumber/did_groups/{DID_GROUP}"),
        None,
    );
    assert_eq!(
        body,
        json!({
            "callback_url": "https://example.com/sms",
            "did_group_sid": DID_GROUP,
            "name": "renamed",
            "partner_sid": "e00430c3-a7d0-4666-ab5c-f7202448382f"
        })
    );
    assert_eq!(replaced.name.as_deref(), Some("renamed"));
}

#[tokio::test]
async fn empty_patch_sends_an_empty_object_and_changes_nothing() {
    let double = Double::start().await;
    let before = double.object("dids", DID).unwrap();
    let did = client(&double, TOKEN)
        .update_did(DID, &DidPatch::default())
        .send()
        .await
        .unwrap();
    assert_eq!(double.last().body, b"{}");
    assert_eq!(serde_json::to_value(&did).unwrap(), before);
}

fn api_status<E: std::fmt::Debug>(err: &Error<E>) -> u16 {
    match err {
        Error::Api(api) => api.status().as_u16(),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn api_errors_carry_status_message_and_raw_body() {
    let double = Double::start().await;
    let patch = PartnerPatch::default();

    let err = client(&double, "wrong-token")
        .update_partner(PARTNER, &patch)
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_status(&err), 401);
    // The error names the operation, its method and path template (no SID, no token).
    assert_eq!(
        err.to_string(),
        "updatePartner (PATCH /partners/{partner_sid}): the server refused the request with 401 Unauthorized: Bad credentials"
    );
    let call = err.call().expect("the call is named");
    assert_eq!(
        (call.operation(), call.method().as_str(), call.path()),
        ("updatePartner", "PATCH", "/partners/{partner_sid}")
    );

    let err = client(&double, "phonenumber-update-token")
        .update_partner(PARTNER, &patch)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_status(&err),
        403,
        "a phone-number scope cannot update partners"
    );
    // Any one of the scopes is enough.
    client(&double, "partners-update-token")
        .update_partner(PARTNER, &patch)
        .send()
        .await
        .unwrap();

    let err = client(&double, TOKEN)
        .update_partner("no-such-partner", &patch)
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_status(&err), 404);
    let Error::Api(api) = &err else {
        unreachable!()
    };
    assert_eq!(api.message(), Some("Cannot find item by SID"));
    assert_eq!(api.errors(), Some(&json!([])));
    let raw: Value = serde_json::from_slice(api.body()).unwrap();
    let raw_len = api.body().len();
    assert_eq!(raw["message"], "Cannot find item by SID");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    // The spec declares 404 with the lenient error body: it comes typed too, as the
    // operation's own type.
    let GetPartnerError::NotFound(typed) = api.typed() else {
        panic!("a typed 404 body: {:?}", api.typed())
    };
    assert_eq!(typed.message.as_deref(), Some("Cannot find item by SID"));
    // `?` into a plain `Error` keeps the status and the body.
    let plain: Error = err.into();
    assert_eq!(plain.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(plain.api_error().map(|a| a.body().len()), Some(raw_len));
}

#[tokio::test]
async fn server_error_with_html_body_is_an_api_error_with_an_excerpt() {
    let double = Double::start().await;
    double.fail_next(Fault::Html500);
    let err = client(&double, TOKEN)
        .update_prefix(PREFIX_SID, &PrefixPatch::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_status(&err), 500);
    let text = err.to_string();
    assert!(
        text.starts_with(
            "updatePrefix (PATCH /phonenumber/prefixes/{prefix_sid}): the server refused the request with 500 Internal Server Error; body: <html>"
        ),
        "{text}"
    );
    let Error::Api(api) = &err else {
        unreachable!()
    };
    assert_eq!(api.message(), None);
    assert!(api.json().is_none());
    // HTML is not the declared error body: `Undeclared`, the raw body kept.
    assert_eq!(api.typed(), &UpdatePrefixError::Undeclared);
    assert!(api.body().starts_with(b"<html>"));
}

#[tokio::test]
async fn success_with_a_body_that_is_not_the_object_is_a_decode_error() {
    let double = Double::start().await;
    double.fail_next(Fault::NotJson);
    let err = client(&double, TOKEN)
        .update_did_group(DID_GROUP, &DidGroupPatch::default())
        .send()
        .await
        .unwrap_err();
    let Error::Decode {
        status, excerpt, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(excerpt, "this is not JSON {");
    assert!(
        err.to_string()
            .contains("the server answered 200 OK with a body this client cannot read"),
        "{err}"
    );

    double.fail_next(Fault::WrongShape);
    let err = client(&double, TOKEN)
        .update_did_group(DID_GROUP, &DidGroupPatch::default())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn hostile_path_arguments_stay_one_segment() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    let cases = [
        ("a/b", "a%2Fb"),
        ("%2e%2e", "%252e%252e"),
        ("?x=1", "%3Fx%3D1"),
        ("#f", "%23f"),
        ("a b", "a%20b"),
        ("é/ü", "%C3%A9%2F%C3%BC"),
        ("...", "..."),
        ("../partners", "..%2Fpartners"),
    ];
    for (arg, encoded) in cases {
        let err = client
            .update_partner(arg, &PartnerPatch::default())
            .send()
            .await
            .unwrap_err();
        assert_eq!(api_status(&err), 404, "{arg:?} reached an object");
        let r = double.last();
        assert_eq!(r.path, format!("/core/v2/partners/{encoded}"), "{arg:?}");
        assert_eq!(r.query, None, "{arg:?} made a query");
    }
}

#[tokio::test]
async fn dot_segments_and_empty_arguments_are_refused_before_sending() {
    let double = Double::start().await;
    let client = client(&double, TOKEN);
    for arg in ["", ".", ".."] {
        let err = client
            .update_did(arg, &DidPatch::default())
            .send()
            .await
            .unwrap_err();
        let Error::InvalidArgument { name, .. } = &err else {
            panic!("{arg:?}: {err:?}")
        };
        assert_eq!(*name, "did_sid");
        assert!(
            err.to_string().starts_with(
                "updateDid (PATCH /phonenumber/dids/{did_sid}): invalid argument `did_sid`: "
            ),
            "{err}"
        );
    }
    assert!(double.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn timeout_against_a_server_that_never_answers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{addr}/core/v2"))
        .token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client
        .update_partner(PARTNER, &PartnerPatch::default())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    // A PATCH that went out may have been applied: it is not sent again.
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "updatePartner (PATCH /partners/{partner_sid}): no answer within 300ms; raise the limit with ClientBuilder::timeout"
    );
    hold.abort();
}

#[tokio::test]
async fn transport_error_when_nothing_listens() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{addr}/core/v2"))
        .token(TOKEN)
        .build()
        .unwrap();
    let err = client
        .update_partner(PARTNER, &PartnerPatch::default())
        .send()
        .await
        .unwrap_err();
    // Nothing was sent, so every attempt of the default policy was made.
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("updatePartner (PATCH /partners/{partner_sid}): the request could not be completed in 3 attempts: "),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

const SECRET: &str = "s3cr3t-T0KEN-do-not-print";

fn assert_redacted(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows the token: {text}");
    assert!(
        !text.contains("s3cr3t"),
        "{what} shows part of the token: {text}"
    );
}

#[tokio::test]
async fn the_token_never_appears_in_debug_display_or_errors() {
    let double = Double::start().await;
    let builder = Client::builder().base_url(double.base_url()).token(SECRET);
    assert_redacted("builder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_redacted("client", &format!("{client:?}"));
    assert!(format!("{client:?}").contains("[redacted]"));

    // Plain errors: each call's declared bodies forgotten, the rest of each error kept.
    let mut errors: Vec<Error> = Vec::new();
    // API error (401: the double does not know this token), with its body.
    errors.push(
        client
            .update_partner(PARTNER, &PartnerPatch::default())
            .send()
            .await
            .unwrap_err()
            .into(),
    );
    // Decode error.
    double.fail_next(Fault::NotJson);
    errors.push(
        client
            .update_partner(PARTNER, &PartnerPatch::default())
            .send()
            .await
            .unwrap_err()
            .into(),
    );
    // Invalid argument.
    errors.push(
        client
            .update_partner("", &PartnerPatch::default())
            .send()
            .await
            .unwrap_err()
            .into(),
    );
    // Transport error.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let unreachable = Client::builder()
        .base_url(format!("http://{closed}"))
        .token(SECRET)
        .build()
        .unwrap();
    errors.push(
        unreachable
            .update_partner(PARTNER, &PartnerPatch::default())
            .send()
            .await
            .unwrap_err()
            .into(),
    );
    // Timeout.
    errors.push(Error::Timeout {
        after: Duration::from_secs(1),
        attempts: 1,
        call: None,
    });
    // A token that cannot be a header value, refused at build time.
    let bad = format!("{SECRET}\n");
    let built = Client::builder()
        .base_url(double.base_url())
        .token(bad)
        .build();
    errors.push(built.unwrap_err());
    assert_eq!(errors.len(), 6);
    for err in &errors {
        assert_redacted("error Display", &err.to_string());
        assert_redacted("error Debug", &format!("{err:?}"));
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = Double::start().await;
    let double = Double::start().await;
    // 127.0.0.1 and localhost are different hosts to the client.
    let target = format!(
        "http://localhost:{}/core/v2/partners/{PARTNER}",
        elsewhere.addr().port()
    );
    double.fail_next(Fault::RedirectTo(target));
    let err = client(&double, TOKEN)
        .update_partner(PARTNER, &PartnerPatch::default())
        .send()
        .await
        .unwrap_err();
    // The other host saw the request, without the token, and refused it.
    assert_eq!(api_status(&err), 401);
    let seen = elsewhere.last();
    assert_eq!(seen.header("authorization"), None);
}

#[test]
fn the_client_builder_refuses_bad_settings_with_clear_messages() {
    let err = Client::builder()
        .base_url("https://api.example.com")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid argument `token`: a bearer token is required"
    );
    let err = Client::builder()
        .base_url("api.example.com")
        .token("t")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid argument `base_url`: `api.example.com` is not an absolute http(s) URL"
    );
    let client = Client::new("t").unwrap();
    assert_eq!(
        client.as_ref().base_url(),
        "https://api.carrierx.com/core/v2"
    );
}

#[test]
fn required_scopes_are_data() {
    assert_eq!(
        operations::update_partner::REQUIRED_SCOPES,
        &[&["partners.manage"][..], &["partners.update"][..]]
    );
    assert_eq!(
        operations::replace_did_group::REQUIRED_SCOPES,
        &[&["phonenumber.manage"][..], &["phonenumber.update"][..]]
    );
    assert_eq!(operations::update_did::METHOD, http::Method::PATCH);
    assert_eq!(operations::replace_did::PATH, "/phonenumber/dids/{did_sid}");
}

#[tokio::test]
async fn the_double_enforces_what_the_client_cannot_send() {
    // Checked with a plain HTTP client, since the generated types cannot make these mistakes.
    let double = Double::start().await;
    let http = tests::plain_reqwest().build().unwrap();
    let url = format!("{}/partners/{PARTNER}", double.base_url());
    let send = |body: &str, content_type: Option<&'static str>| {
        let mut request = http.patch(&url).bearer_auth(TOKEN).body(body.to_owned());
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.send()
    };
    let cases: [(&str, Option<&'static str>, u16); 7] = [
        ("{}", None, 415),
        ("{nope", Some("application/json"), 400),
        (r#"{"balance":"1"}"#, Some("application/json"), 422),
        (r#"{"name":null}"#, Some("application/json"), 422),
        (r#"{"city":5}"#, Some("application/json"), 422),
        (r#"{"brand":"x"}"#, Some("application/json"), 422),
        ("[]", Some("application/json"), 422),
    ];
    for (body, content_type, expected) in cases {
        let status = send(body, content_type).await.unwrap().status().as_u16();
        assert_eq!(status, expected, "{body} with {content_type:?}");
    }
    let put = http
        .put(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"name":"only"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        put.status().as_u16(),
        422,
        "a PUT must carry every writable field"
    );
}

/// Runs the `update_partner` program (a binary of this package, which cargo builds for every
/// test target of it) with these variables.
async fn run_example(envs: Vec<(&'static str, String)>, arg: &'static str) -> std::process::Output {
    let example = std::path::PathBuf::from(env!("CARGO_BIN_EXE_update_partner"));
    tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(example);
        command
            .arg(arg)
            .env_remove("CARRIERX_TOKEN")
            .env_remove("CARRIERX_PARTNER_SID");
        for (k, v) in envs {
            command.env(k, v);
        }
        command.output().unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_example_updates_the_address_and_reports_errors() {
    let double = Double::start().await;
    let base = ("CARRIERX_BASE_URL", double.base_url());
    let sid = ("CARRIERX_PARTNER_SID", PARTNER.to_owned());

    let ok = run_example(
        vec![base.clone(), sid.clone(), ("CARRIERX_TOKEN", TOKEN.into())],
        "9 Harbor Way",
    )
    .await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let printed: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(printed["address1"], "9 Harbor Way");
    assert_eq!(double.last().json(), json!({"address1": "9 Harbor Way"}));

    let missing = run_example(vec![base.clone(), sid.clone()], "x").await;
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "error: CARRIERX_TOKEN is not set; see the top of tests/examples/update_partner.rs\n"
    );

    let refused = run_example(vec![base, sid, ("CARRIERX_TOKEN", "wrong".into())], "x").await;
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "error: updating partner {PARTNER} failed: updatePartner (PATCH /partners/{{partner_sid}}): the server refused the request with 401 Unauthorized: Bad credentials\n"
        )
    );
}

#[tokio::test]
async fn get_each_object_by_sid() {
    let double = Double::start().await;
    let reader = client(&double, "read-token");
    let partner = reader.get_partner(PARTNER).send().await.unwrap();
    let r = double.last();
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, format!("/core/v2/partners/{PARTNER}"));
    assert_eq!(r.query, None);
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-type"), None);
    let sample: Value = serde_json::from_str(&tests::sample("partner.response.json")).unwrap();
    assert_eq!(serde_json::to_value(&partner).unwrap(), sample);

    let prefix = reader
        .get_prefix(PREFIX_SID)
        .with_related(true)
        .send()
        .await
        .unwrap();
    assert_eq!(prefix.prefix_sid(), PREFIX_SID);
    assert_eq!(double.last().query.as_deref(), Some("with_related=true"));
    let did = reader.get_did(DID).send().await.unwrap();
    assert_eq!(did.did_sid(), DID);
    let group = reader
        .get_did_group(DID_GROUP)
        .with_related(false)
        .send()
        .await
        .unwrap();
    assert_eq!(group.did_group_sid(), DID_GROUP);

    // What was read can be sent back whole.
    client(&double, TOKEN)
        .replace_partner(PARTNER, &partner)
        .send()
        .await
        .unwrap();

    // An update scope does not read; an unknown sid is 404.
    let err = client(&double, "partners-update-token")
        .get_partner(PARTNER)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    let err = reader.get_did("no-such-did").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

/// A call's future has a name, so a program can keep it in a field; nothing is sent until it
/// is awaited; and it can be spawned on a multi-threaded runtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_future_is_named_lazy_and_spawned() {
    struct Pending<'a> {
        partner: carrierx_core::Sending<'a, carrierx_core::models::Partner, GetPartnerError>,
    }
    let double = Double::start().await;
    let reader: &'static Client = Box::leak(Box::new(client(&double, "read-token")));
    let pending = Pending {
        partner: reader.get_partner(PARTNER).send(),
    };
    assert!(
        double.received().is_empty(),
        "nothing sent before it is awaited"
    );
    let partner = tokio::spawn(pending.partner).await.unwrap().unwrap();
    assert_eq!(partner.partner_sid(), PARTNER);
    assert_eq!(double.received().len(), 1);
}

/// Every call's future, and every list's stream, can be spawned on a multi-threaded runtime:
/// for every operation of the crate, the type says so (`Sending` is `Send` whatever the
/// operation; a stream is `Send` when its item and error are).
#[test]
fn every_call_can_be_spawned() {
    fn spawnable<F: std::future::Future + Send>(_: F) {}
    fn stream_spawnable<S: Send>(_: S) {}
    let client = Client::builder().token("t").build().unwrap();
    let s = "sid";
    spawnable(client.get_partner(s).send());
    spawnable(client.update_partner(s, &Default::default()).send());
    spawnable(client.replace_partner(s, &Default::default()).send());
    spawnable(client.list_partners().send());
    spawnable(client.get_prefix(s).send());
    spawnable(client.update_prefix(s, &Default::default()).send());
    spawnable(client.replace_prefix(s, &Default::default()).send());
    spawnable(client.delete_prefix(s).send());
    spawnable(client.list_prefixes().send());
    spawnable(client.create_prefix(&Default::default()).send());
    spawnable(client.get_did(s).send());
    spawnable(client.update_did(s, &Default::default()).send());
    spawnable(client.replace_did(s, &Default::default()).send());
    spawnable(client.release_did(s).send());
    spawnable(client.list_dids().send());
    spawnable(client.rent_did(&Default::default()).send());
    spawnable(client.get_did_group(s).send());
    spawnable(client.update_did_group(s, &Default::default()).send());
    spawnable(client.replace_did_group(s, &Default::default()).send());
    spawnable(client.list_did_groups().send());
    spawnable(client.create_did_group(&Default::default()).send());
    stream_spawnable(client.list_partners().stream());
    stream_spawnable(client.list_dids().stream());
}
