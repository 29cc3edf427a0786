//! The generated client next to hand-written baselines doing the same work:
//! `cargo bench -p tests --bench client`. Figures: `codegen/BENCHMARKS.md`.
//!
//! - building a PATCH request: patch value to `http::Request` with its JSON body;
//! - decoding a Partner response into its type;
//! - a loopback round trip: `Client::update_partner` against plain reqwest, same server.
#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented public function"
)]

use std::hint::black_box;

use carrierx_core::models::{Partner, PartnerPatch};
use carrierx_core::{Client, Patch, operations};
use criterion::{Criterion, criterion_group, criterion_main};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

const BASE: &str = "https://api.carrierx.com/core/v2";
const SID: &str = "ed437757-002d-4ecc-aa5a-efdf5e50dba0";

/// What a hand-written client would send: the same fields, plain `Option`s.
#[derive(Serialize)]
struct PlainPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    address1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

/// What a hand-written client would read: every attribute of the sample, plain types.
#[derive(Deserialize, Serialize)]
#[allow(
    dead_code,
    reason = "read to measure decoding; not every field is used"
)]
struct PlainPartner {
    acls: Option<Vec<Value>>,
    address1: Option<String>,
    address2: Option<String>,
    attributes: Option<Map<String, Value>>,
    available_scopes: Option<Vec<String>>,
    balance: Option<String>,
    billing_email: Option<String>,
    callbacks: Option<Map<String, Value>>,
    charge_at: Option<String>,
    city: Option<String>,
    company_name: Option<String>,
    country_code: Option<String>,
    daily_spending_limit: Option<String>,
    daily_spent_amount: Option<String>,
    date_created: Option<String>,
    display_id: Option<String>,
    login: Option<String>,
    name: Option<String>,
    owner_email: Option<String>,
    parent_assigned_acls: Option<Vec<Value>>,
    parent_sid: Option<String>,
    partner_sid: Option<String>,
    payment_type: Option<String>,
    phonenumber: Option<String>,
    prepay_amount: Option<String>,
    spending_limit: Option<String>,
    state: Option<String>,
    status: Option<String>,
    tech_email: Option<String>,
    transformations: Option<Vec<Value>>,
    zip: Option<String>,
}

fn sample() -> String {
    tests::sample("partner.response.json")
}

fn build_request(c: &mut Criterion) {
    let mut group = c.benchmark_group("client/build_patch_request");
    let patch = PartnerPatch {
        address1: Patch::Set("4300 E Pacific Coast Hwy".into()),
        city: Patch::Null,
        name: Some("John Smith".into()),
        ..Default::default()
    };
    let plain = PlainPatch {
        address1: Some("4300 E Pacific Coast Hwy".into()),
        city: Some(None),
        name: Some("John Smith".into()),
    };
    group.bench_function("generated", |b| {
        b.iter(|| {
            operations::update_partner::request(
                black_box(BASE),
                black_box(SID),
                black_box(&patch),
                &operations::update_partner::Params::default(),
            )
            .unwrap()
        })
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| {
            let url = format!(
                "{}/partners/{}",
                black_box(BASE),
                utf8_percent_encode(black_box(SID), NON_ALPHANUMERIC)
            );
            http::Request::builder()
                .method(http::Method::PATCH)
                .uri(url)
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(black_box(&plain)).unwrap())
                .unwrap()
        })
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("client/decode_partner");
    let response = http::Response::builder()
        .status(200)
        .body(sample().into_bytes())
        .unwrap();
    group.bench_function("generated", |b| {
        b.iter(|| -> Partner {
            operations::update_partner::response(black_box(&response)).unwrap()
        })
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| -> PlainPartner {
            let response = black_box(&response);
            assert!(response.status().is_success());
            serde_json::from_slice(response.body()).unwrap()
        })
    });
    group.finish();
}

/// The baseline round trip: what a hand-written client does with plain reqwest, both with
/// and without a timeout (the same request the generated client sends, accept header
/// included).
async fn plain_update(client: &reqwest::Client, base: &str, patch: &PlainPatch) -> PlainPartner {
    let url = format!(
        "{base}/partners/{}",
        utf8_percent_encode(SID, NON_ALPHANUMERIC)
    );
    let bytes = client
        .patch(url)
        .bearer_auth("bench-token")
        .header(http::header::ACCEPT, "application/json")
        .json(patch)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let body = sample();
    let addr = runtime.block_on(async {
        let app = axum::Router::new().fallback(move || {
            let body = body.clone();
            async move { ([(http::header::CONTENT_TYPE, "application/json")], body) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    });
    let base = format!("http://{addr}/core/v2");
    let client = Client::builder()
        .base_url(&base)
        .token("bench-token")
        .build()
        .unwrap();
    let plain = tests::plain_reqwest().build().unwrap();
    let plain_timeout = tests::plain_reqwest()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let patch = PartnerPatch {
        address1: Patch::Set("4300 E Pacific Coast Hwy".into()),
        ..Default::default()
    };
    let plain_patch = PlainPatch {
        address1: Some("4300 E Pacific Coast Hwy".into()),
        city: None,
        name: None,
    };
    let mut group = c.benchmark_group("client/loopback_update_partner");
    group.bench_function("plain reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| plain_update(&plain, &base, &plain_patch))
    });
    group.bench_function("generated Client", |b| {
        b.to_async(&runtime)
            .iter(|| async { client.update_partner(SID, &patch).send().await.unwrap() })
    });
    group.bench_function("plain reqwest with timeout", |b| {
        b.to_async(&runtime)
            .iter(|| plain_update(&plain_timeout, &base, &plain_patch))
    });
    group.finish();
}

criterion_group!(benches, build_request, decode, round_trip);
criterion_main!(benches);
