//! Every operation of the generated client against a mock server built from the spec alone
//! (Stoplight Prism, which answers each request with the spec's examples or with values made
//! from the schemas, and refuses requests that do not match the spec), so that client and
//! spec are checked against a reading of the spec that is not ours.
//!
//! The shipped programs (`list_dids`, `set_did_callback`, `update_partner`) run against it
//! too, and an error answer must carry the message of the spec's example.
//!
//! Needs Node.js, so it is not part of `cargo test`; `.ci/run` installs Prism (pinned in
//! `.ci/node`), starts it on a free port, runs these tests and stops it. By hand:
//!
//! ```sh
//! npx @stoplight/prism-cli@5.16.0 mock -p 4010 spec/carrierx-core-v2.yaml &
//! CARRIERX_MOCK_URL=http://127.0.0.1:4010 cargo test -p tests --test mock_server -- --ignored
//! ```

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "examples/list_dids.rs"]
mod list_dids;
#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "examples/set_did_callback.rs"]
mod set_did_callback;

use carrierx_core::models::{
    DidGroupCreate, DidGroupPatch, DidPatch, DidRent, PartnerPatch, PrefixCreate, PrefixPatch,
};
use carrierx_core::{Client, Error, Filter, Order};
use futures::StreamExt as _;

fn client() -> Client {
    let url = std::env::var("CARRIERX_MOCK_URL")
        .expect("CARRIERX_MOCK_URL: the mock server's URL (see the top of this file)");
    Client::builder()
        .base_url(url)
        .token("mock-token")
        .build()
        .unwrap()
}

#[tokio::test]
#[ignore = "needs a mock server built from the spec; see the top of tests/mock_server.rs"]
async fn every_operation_against_a_mock_server_built_from_the_spec() {
    let client = client();
    let filter = Filter::new().like("phonenumber", "%555%");
    let order = Order::asc("phonenumber");

    // Gets and lists: each answer reads into its type.
    let partner = client.get_partner("p1").send().await.unwrap();
    let prefix = client
        .get_prefix("x1")
        .with_related(true)
        .send()
        .await
        .unwrap();
    let did = client.get_did("d1").send().await.unwrap();
    let group = client.get_did_group("g1").send().await.unwrap();
    let partners = client
        .list_partners()
        .limit(10)
        .offset(0)
        .order(&order)
        .filter(&filter)
        .send()
        .await
        .unwrap();
    assert!(partners.items.is_some());
    client
        .list_prefixes()
        .with_related(false)
        .send()
        .await
        .unwrap();
    let dids = client
        .list_dids()
        .limit(1)
        .offset(0)
        .order(&order)
        .filter(&filter)
        .with_related(true)
        .trunk_group_sid("t1")
        .send()
        .await
        .unwrap();
    assert!(dids.items.is_some());
    client.list_did_groups().limit(1000).send().await.unwrap();

    // The mock answers with the spec's first example, the last page (`has_more: false`):
    // the stream yields its items and ends. (A server that answers the same page twice ends
    // the stream with `Error::Pagination`; the double's tests show that.)
    let results: Vec<_> = client.list_did_groups().stream().collect().await;
    assert!(
        !results.is_empty() && results.iter().all(Result::is_ok),
        "{results:?}"
    );

    // Updates: a patch each, then the object just read sent back whole.
    client
        .update_partner("p1", &PartnerPatch::from_changes(&partner, &partner))
        .send()
        .await
        .unwrap();
    client.replace_partner("p1", &partner).send().await.unwrap();
    client
        .update_prefix("x1", &PrefixPatch::default())
        .send()
        .await
        .unwrap();
    client.replace_prefix("x1", &prefix).send().await.unwrap();
    client
        .update_did("d1", &DidPatch::default())
        .send()
        .await
        .unwrap();
    client.replace_did("d1", &did).send().await.unwrap();
    client
        .update_did_group("g1", &DidGroupPatch::default())
        .send()
        .await
        .unwrap();
    client.replace_did_group("g1", &group).send().await.unwrap();

    // Creates and deletes.
    client
        .create_prefix(&PrefixCreate {
            prefix: "51625".into(),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    client
        .rent_did(&DidRent::default())
        .include_external(true)
        .send()
        .await
        .unwrap();
    client
        .create_did_group(&DidGroupCreate::default())
        .send()
        .await
        .unwrap();
    client.delete_prefix("x1").send().await.unwrap();
    client.release_did("d1").send().await.unwrap();
}

/// What the shipped programs read from the environment, pointed at the mock.
fn mock_env(name: &str) -> Option<String> {
    match name {
        "CARRIERX_TOKEN" => Some("mock-token".to_owned()),
        "CARRIERX_BASE_URL" => std::env::var("CARRIERX_MOCK_URL").ok(),
        _ => None,
    }
}

#[tokio::test]
#[ignore = "needs a mock server built from the spec; see the top of tests/mock_server.rs"]
async fn the_shipped_programs_succeed_against_the_mock() {
    // The mock answers every list with the spec's first example, the last page: the stream
    // ends there instead of asking for the same page again.
    let mut out = Vec::new();
    list_dids::run(&[], mock_env, &mut out)
        .await
        .unwrap_or_else(|e| panic!("list_dids against the mock: {e}"));
    let listed = String::from_utf8(out).unwrap();
    assert_eq!(
        listed.lines().count(),
        1,
        "one DID on the mock's one page: {listed}"
    );

    let mut out = Vec::new();
    let args = [
        "15162065574".to_owned(),
        "https://example.com/sms".to_owned(),
    ];
    set_did_callback::run(&args, mock_env, &mut out)
        .await
        .unwrap_or_else(|e| panic!("set_did_callback against the mock: {e}"));
    let did: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(did["did_sid"].is_string(), "{did}");

    let program = std::process::Command::new(env!("CARGO_BIN_EXE_update_partner"))
        .arg("4300 E Pacific Coast Hwy")
        .env("CARRIERX_TOKEN", "mock-token")
        .env("CARRIERX_PARTNER_SID", "p1")
        .env(
            "CARRIERX_BASE_URL",
            std::env::var("CARRIERX_MOCK_URL").unwrap(),
        )
        .output()
        .unwrap();
    assert!(
        program.status.success(),
        "update_partner against the mock: {}",
        String::from_utf8_lossy(&program.stderr)
    );
}

/// Asks the mock for the answer of one status (Prism's `Prefer: code=...`).
struct Prefer(&'static str);

impl carrierx_core::Hook for Prefer {
    fn before(&self, _: &http::Method, _: &http::Uri, headers: &mut http::HeaderMap) {
        headers.insert("prefer", http::HeaderValue::from_static(self.0));
    }
}

#[tokio::test]
#[ignore = "needs a mock server built from the spec; see the top of tests/mock_server.rs"]
async fn error_answers_carry_the_spec_s_message() {
    let url = std::env::var("CARRIERX_MOCK_URL").unwrap();
    let client = Client::builder()
        .base_url(url)
        .token("mock-token")
        .hook(Prefer("code=404"))
        .build()
        .unwrap();
    let Err(Error::Api(api)) = client.get_partner("p1").send().await else {
        panic!("the mock was asked for a 404");
    };
    assert_eq!(api.status().as_u16(), 404);
    assert_eq!(api.message(), Some("Cannot find item by SID"));
}
