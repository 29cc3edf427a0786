//! Every operation of the generated client against a mock server built from the spec alone
//! (Stoplight Prism, which answers each request with the spec's examples or with values made
//! from the schemas, and refuses requests that do not match the spec), so that client and
//! spec are checked against a reading of the spec that is not ours.
//!
//! Needs Node.js, so it is not part of `cargo test`:
//!
//! ```sh
//! npx @stoplight/prism-cli mock -p 4010 spec/carrierx-core-v2.yaml &
//! CARRIERX_MOCK_URL=http://127.0.0.1:4010 cargo test -p tests --test mock_server -- --ignored
//! ```

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
    let partner = client.get_partner("p1").await.unwrap();
    let prefix = client.get_prefix("x1", Some(true)).await.unwrap();
    let did = client.get_did("d1", None).await.unwrap();
    let group = client.get_did_group("g1", None).await.unwrap();
    let partners = client
        .list_partners(Some(10), Some(0), Some(&order), Some(&filter))
        .await
        .unwrap();
    assert!(partners.items.is_some());
    client
        .list_prefixes(None, None, None, None, Some(false))
        .await
        .unwrap();
    let dids = client
        .list_dids(
            Some(1),
            Some(0),
            Some(&order),
            Some(&filter),
            Some(true),
            Some("t1"),
        )
        .await
        .unwrap();
    assert!(dids.items.is_some());
    client
        .list_did_groups(Some(1000), None, None, None, None)
        .await
        .unwrap();

    // A mock answers the same page whatever the offset: the stream yields the page's items,
    // then refuses to follow it again instead of looping.
    let results: Vec<_> = client
        .list_did_groups_stream(None, None, None, None)
        .collect()
        .await;
    let (last, items) = results.split_last().unwrap();
    assert!(!items.is_empty() && items.iter().all(Result::is_ok));
    assert!(matches!(last, Err(Error::Pagination { .. })), "{last:?}");

    // Updates: a patch each, then the object just read sent back whole.
    client
        .update_partner("p1", &PartnerPatch::from_changes(&partner, &partner), None)
        .await
        .unwrap();
    client.replace_partner("p1", &partner, None).await.unwrap();
    client
        .update_prefix("x1", &PrefixPatch::default())
        .await
        .unwrap();
    client.replace_prefix("x1", &prefix).await.unwrap();
    client
        .update_did("d1", &DidPatch::default(), None)
        .await
        .unwrap();
    client.replace_did("d1", &did, None).await.unwrap();
    client
        .update_did_group("g1", &DidGroupPatch::default())
        .await
        .unwrap();
    client.replace_did_group("g1", &group).await.unwrap();

    // Creates and deletes.
    client
        .create_prefix(&PrefixCreate {
            prefix: "51625".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .rent_did(&DidRent::default(), Some(true))
        .await
        .unwrap();
    client
        .create_did_group(&DidGroupCreate::default())
        .await
        .unwrap();
    client.delete_prefix("x1").await.unwrap();
    client.release_did("d1").await.unwrap();
}
