//! End-to-end tests of the read, create and delete operations: lists and their item streams,
//! filters and order written with the typed builders, creates and deletes, against the local
//! CarrierX double; and the stream against servers that misbehave.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use carrierx_core::models::{DidGroupCreate, DidPatch, DidRent, PrefixCreate};
use carrierx_core::{Client, Error, Filter, Nullable, Order};
use futures::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};
use tests::double::Double;

const DID: &str = "e8df62d5-07a3-4189-a67e-87585067c5fe";
const SAMPLE_NUMBER: &str = "15162065574";

fn client(base_url: &str, token: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(token)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// The query of a received request, decoded as a form (`+` is a space), in order.
fn query(received: &tests::double::Received) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    received
        .query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn param(received: &tests::double::Received, name: &str) -> Option<String> {
    query(received)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[tokio::test]
async fn the_stream_yields_every_did_once_over_several_pages() {
    let double = Double::start().await;
    let added = double.add_dids(23);
    let client = client(&double.base_url(), "read-token");
    let dids: Vec<_> = client
        .list_dids()
        .limit(5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let sids: Vec<&str> = dids.iter().map(|d| d.did_sid()).collect();
    let mut expected = vec![DID.to_owned()];
    expected.extend(added.iter().map(|(sid, _)| sid.clone()));
    assert_eq!(sids, expected, "every DID, once, in the server's order");
    // 24 DIDs in pages of 5: five requests, offsets 0, 5, ..., 20; the fifth page has
    // `has_more: false`, so no sixth request is made.
    let received = double.received();
    assert_eq!(received.len(), 5);
    for (i, r) in received.iter().enumerate() {
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/core/v2/phonenumber/dids");
        assert_eq!(param(r, "limit").as_deref(), Some("5"));
        assert_eq!(param(r, "offset"), Some((i * 5).to_string()));
    }
}

#[tokio::test]
async fn pages_are_fetched_lazily_and_the_default_page_size_is_asked_for() {
    let double = Double::start().await;
    double.add_dids(150);
    let client = client(&double.base_url(), "read-token");
    let mut stream = client.list_dids().stream();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.did_sid(), DID);
    assert_eq!(double.received().len(), 1, "one page, not all of them");
    assert_eq!(param(&double.last(), "limit").as_deref(), Some("100"));
    assert_eq!(stream.by_ref().take(99).count().await, 99);
    assert_eq!(double.received().len(), 1, "the first page's 100 items");
    assert_eq!(stream.count().await, 51);
    assert_eq!(double.received().len(), 2);
}

#[tokio::test]
async fn a_filter_reaches_the_server_with_its_meaning_intact() {
    let double = Double::start().await;
    let added = double.add_dids(12);
    let client = client(&double.base_url(), "read-token");
    // Quotes, `%`, spaces and `and` all survive percent-encoding.
    let filter = Filter::new()
        .like("phonenumber", "%555%")
        .eq("status", "assigned");
    let page = client
        .list_dids()
        .limit(100)
        .filter(&filter)
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&double.last(), "filter").as_deref(),
        Some(r#"phonenumber like "%555%" and status eq "assigned""#)
    );
    let numbers: Vec<String> = page
        .items
        .unwrap()
        .iter()
        .map(|d| d.phonenumber().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = added.iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(
        numbers, expected,
        "the sample's {SAMPLE_NUMBER} holds no 555"
    );

    // One number by equality, as `set_did_callback` finds it.
    let (sid, number) = &added[7];
    let found: Vec<_> = client
        .list_dids()
        .filter(Filter::new().eq("phonenumber", number.as_str()))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].did_sid(), sid.as_str());

    // A value with spaces is quoted; a raw filter, as read from a command line, too.
    let parsed = Filter::parse(r#"name eq 'N/A' and phonenumber like "%5550%""#).unwrap();
    let page = client.list_dids().filter(&parsed).send().await.unwrap();
    assert_eq!(
        param(&double.last(), "filter").as_deref(),
        Some(r#"name eq "N/A" and phonenumber like "%5550%""#)
    );
    assert!(
        page.items
            .unwrap()
            .iter()
            .all(|d| d.phonenumber().unwrap().contains("5550"))
    );
}

#[tokio::test]
async fn a_filter_that_cannot_be_written_is_refused_before_sending() {
    let double = Double::start().await;
    let client = client(&double.base_url(), "read-token");
    for filter in [
        Filter::new().eq("name", r#"it's "quoted""#),
        Filter::new().eq("name) or (1", "x"),
        Filter::new().eq("name", "two\nlines"),
    ] {
        let error = client.list_dids().filter(&filter).send().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidArgument { name: "filter", .. }),
            "{error}"
        );
        let mut stream = client.list_dids().filter(&filter).stream();
        assert!(matches!(
            stream.next().await,
            Some(Err(Error::InvalidArgument { .. }))
        ));
        assert!(stream.next().await.is_none(), "nothing follows an error");
    }
    assert!(double.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn order_sorts_and_the_envelope_says_where_the_page_is() {
    let double = Double::start().await;
    let added = double.add_dids(4);
    let client = client(&double.base_url(), "read-token");
    let page = client
        .list_dids()
        .limit(2)
        .offset(1)
        .order(Order::desc("phonenumber"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&double.last(), "order").as_deref(),
        Some("phonenumber desc")
    );
    // Descending: the added 1516555xxxx, largest first, then the sample's 15162065574;
    // offset 1 skips the largest.
    let numbers: Vec<&str> = page
        .items
        .as_ref()
        .unwrap()
        .iter()
        .map(|d| d.phonenumber().unwrap())
        .collect();
    assert_eq!(numbers, [added[2].1.as_str(), added[1].1.as_str()]);
    assert_eq!(page.count, Some(2));
    assert_eq!(page.offset, Some(1));
    assert_eq!(page.limit, Some(2));
    assert_eq!(page.has_more, Some(true));
    assert_eq!(page.total, Nullable::Value(5));
    let next = page.pagination.unwrap().next.unwrap();
    assert!(
        next.ends_with("/core/v2/phonenumber/dids?limit=2&offset=3"),
        "{next}"
    );
}

#[tokio::test]
async fn the_other_lists_page_through_their_objects() {
    let double = Double::start().await;
    let client = client(&double.base_url(), "full-token");
    let partners: Vec<_> = client.list_partners().stream().try_collect().await.unwrap();
    assert_eq!(partners.len(), 1);
    let prefixes: Vec<_> = client
        .list_prefixes()
        .limit(1)
        .with_related(true)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(prefixes.len(), 1);
    assert_eq!(
        param(&double.last(), "with_related").as_deref(),
        Some("true")
    );
    let groups: Vec<_> = client
        .list_did_groups()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups[0].name.as_deref(), Some("my_did_group"));
    // `trunk_group_sid` narrows Get DIDs; the sample has none.
    let none: Vec<_> = client
        .list_dids()
        .trunk_group_sid("no-such-trunk")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(
        param(&double.last(), "trunk_group_sid").as_deref(),
        Some("no-such-trunk")
    );
}

#[tokio::test]
async fn create_rent_and_delete() {
    let double = Double::start().await;
    let client = client(&double.base_url(), "full-token");

    let prefix = client
        .create_prefix(&PrefixCreate {
            prefix: "51626".into(),
            name: Some("second prefix".into()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    let r = double.last();
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/core/v2/phonenumber/prefixes")
    );
    assert_eq!(
        r.json(),
        json!({ "name": "second prefix", "prefix": "51626" })
    );
    let sid = prefix.prefix_sid().to_owned();
    assert_eq!(prefix.prefix.as_deref(), Some("51626"));
    assert!(double.object("prefixes", &sid).is_some());

    client.delete_prefix(&sid).send().await.unwrap();
    assert_eq!(double.last().method, "DELETE");
    assert!(double.object("prefixes", &sid).is_none());
    let gone = client.get_prefix(&sid).send().await.unwrap_err();
    assert_eq!(gone.status(), Some(http::StatusCode::NOT_FOUND));
    let again = client.delete_prefix(&sid).send().await.unwrap_err();
    assert_eq!(again.status(), Some(http::StatusCode::NOT_FOUND));

    // Rent a given number, then the same one again: 409, with the error body typed.
    let body = DidRent {
        phonenumber: Some("15165550001".into()),
        ..Default::default()
    };
    let did = client
        .rent_did(&body)
        .include_external(false)
        .send()
        .await
        .unwrap();
    assert_eq!(did.phonenumber(), Some("15165550001"));
    assert_eq!(
        param(&double.last(), "include_external").as_deref(),
        Some("false")
    );
    let conflict = client.rent_did(&body).send().await.unwrap_err();
    let Error::Api(api) = &conflict else {
        panic!("{conflict}")
    };
    assert_eq!(api.status(), http::StatusCode::CONFLICT);
    // A match on the operation's declared errors: rent_did's 409.
    let carrierx_core::errors::RentDidError::Conflict(typed) = api.typed() else {
        panic!("a typed 409: {:?}", api.typed())
    };
    assert_eq!(
        typed.message.as_deref(),
        Some("The phone number is already rented")
    );
    // `{}` rents the first available number.
    let any = client.rent_did(&DidRent::default()).send().await.unwrap();
    assert_eq!(double.last().body, b"{}");
    let any_sid = any.did_sid().to_owned();
    client.release_did(&any_sid).send().await.unwrap();
    assert!(double.object("dids", &any_sid).is_none());

    let group = client
        .create_did_group(&DidGroupCreate::default())
        .send()
        .await
        .unwrap();
    assert_eq!(double.last().body, b"{}");
    assert!(!group.did_group_sid().is_empty());

    // Without the create scope: 403, and nothing was created.
    let before = double.objects("did_groups").len();
    let refused = client_for(&double, "read-token")
        .create_did_group(&DidGroupCreate::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(http::StatusCode::FORBIDDEN));
    assert_eq!(double.objects("did_groups").len(), before);
}

fn client_for(double: &Double, token: &str) -> Client {
    client(&double.base_url(), token)
}

#[tokio::test]
async fn find_a_number_then_set_its_callback() {
    let double = Double::start().await;
    let client = client(&double.base_url(), "full-token");
    let filter = Filter::new().eq("phonenumber", SAMPLE_NUMBER);
    let did = client
        .list_dids()
        .limit(1)
        .filter(&filter)
        .stream()
        .next()
        .await
        .expect("the number is rented")
        .unwrap();
    let patch = DidPatch {
        callback_url: carrierx_core::Patch::Set("https://example.com/sms".into()),
        ..Default::default()
    };
    let updated = client
        .update_did(did.did_sid(), &patch)
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated.callback_url,
        Nullable::Value("https://example.com/sms".into())
    );
    assert_eq!(
        double.object("dids", DID).unwrap()["callback_url"],
        "https://example.com/sms"
    );
}

/// A server that answers every list request with this page, counting the requests.
async fn fixed_page(page: Value) -> (String, Arc<Mutex<usize>>, tokio::task::JoinHandle<()>) {
    let count = Arc::new(Mutex::new(0));
    let seen = count.clone();
    let app = axum::Router::new().fallback(move || {
        let page = page.clone();
        let seen = seen.clone();
        async move {
            *seen.lock().unwrap() += 1;
            axum::Json(page)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/core/v2", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, count, task)
}

#[tokio::test]
async fn a_server_that_repeats_a_page_is_not_followed_forever() {
    let did: Value = serde_json::from_str(&tests::sample("did.response.json")).unwrap();
    // Ignores the offset: the same page, always "more to come".
    let (url, count, task) =
        fixed_page(json!({ "items": [did.clone(), did], "has_more": true })).await;
    let client = client(&url, "any");
    let results: Vec<_> = client.list_dids().limit(2).stream().collect().await;
    assert_eq!(
        results.len(),
        3,
        "the first page's two items, then the error"
    );
    assert!(results[0].is_ok() && results[1].is_ok());
    match &results[2] {
        Err(Error::Pagination { offset, .. }) => assert_eq!(*offset, 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(*count.lock().unwrap(), 2);
    task.abort();
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_even_when_more_is_promised() {
    let (url, count, task) =
        fixed_page(json!({ "items": [], "has_more": true, "total": null })).await;
    let client = client(&url, "any");
    let results: Vec<_> = client.list_dids().stream().collect().await;
    assert!(results.is_empty());
    assert_eq!(*count.lock().unwrap(), 1);
    task.abort();
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let double = Double::start().await;
    let client = client(&double.base_url(), "no-scope-token");
    let mut stream = client.list_dids().stream();
    match stream.next().await {
        Some(Err(Error::Api(api))) => assert_eq!(api.status(), http::StatusCode::FORBIDDEN),
        other => panic!("{other:?}"),
    }
    assert!(stream.next().await.is_none());
    assert_eq!(double.received().len(), 1);
}
