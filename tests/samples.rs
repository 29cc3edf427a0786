//! The seed pages' samples through the generated crate: every response reads into its model
//! and writes back to the same JSON; every sample PATCH body is exactly what the patch types
//! write; the sample request is what the request functions build; nothing unknown is lost.

use carrierx_core::models::{
    AclDirection, Did, DidGroup, DidGroupPatch, DidPatch, Partner, PartnerPatch, PartnerStatus,
    PaymentType, Prefix, PrefixPatch,
};
use carrierx_core::{Nullable, Patch, operations};
use serde::Serialize;
use serde::de::DeserializeOwned;

const BASE: &str = "https://api.carrierx.com/core/v2";

/// The sample as compact JSON in its own key order (serde_json keeps order here).
fn compact(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    serde_json::to_string(&value).unwrap()
}

/// Reads a sample into `T` and writes it back: the bytes must equal the compact sample, so
/// order, nulls, money strings and timestamps are all as received.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let sample = tests::sample(name);
    let typed: T = serde_json::from_str(&sample).unwrap();
    assert_eq!(
        serde_json::to_string(&typed).unwrap(),
        compact(&sample),
        "{name}"
    );
    typed
}

#[test]
fn partner_sample_round_trips_byte_for_byte() {
    let partner: Partner = round_trip("partner.response.json");
    // Read-only values are readable, exactly as sent.
    assert_eq!(partner.balance().unwrap().as_str(), "351.52");
    assert_eq!(partner.daily_spent_amount().unwrap().as_str(), "0");
    assert_eq!(partner.date_created().unwrap(), "2023-09-20T21:34:55.000Z");
    assert_eq!(partner.status(), Some(&PartnerStatus::Active));
    assert_eq!(partner.payment_type(), Some(&PaymentType::Prepay));
    assert_eq!(partner.state(), Nullable::Null, "state is present and null");
    // Writable nullable fields distinguish null from absent.
    assert_eq!(partner.address2, Nullable::Null);
    assert_eq!(
        partner.address1.as_deref().value(),
        Some(&"4300 E Pacific Coast Hwy")
    );
    let acl = &partner.parent_assigned_acls.as_ref().unwrap()[0];
    assert_eq!(acl.direction, Some(AclDirection::Outbound));
    assert_eq!(acl.sms_action_false, Nullable::Null);
}

#[test]
fn prefix_did_and_did_group_samples_round_trip_byte_for_byte() {
    let prefix: Prefix = round_trip("prefix.response.json");
    assert_eq!(prefix.prefix.as_deref(), Some("51625"));
    let did: Did = round_trip("did.response.json");
    assert_eq!(did.price().unwrap().as_str(), "0.6");
    assert_eq!(did.capabilities(), Some(&7));
    assert_eq!(did.attributes.as_ref().unwrap()["name"], "main line");
    let group: DidGroup = round_trip("did_group.response.json");
    assert_eq!(group.name.as_deref(), Some("my_did_group"));
}

fn body(patch: &impl Serialize) -> String {
    serde_json::to_string(patch).unwrap()
}

#[test]
fn sample_patch_bodies_are_exactly_what_the_patch_types_write() {
    let partner = PartnerPatch {
        address1: Patch::Set("4300 E Pacific Coast Hwy".into()),
        ..Default::default()
    };
    assert_eq!(body(&partner), tests::sample("partner.patch.json").trim());

    let prefix = PrefixPatch {
        name: Some("main prefix".into()),
        ..Default::default()
    };
    assert_eq!(body(&prefix), tests::sample("prefix.patch.json").trim());

    let mut attributes = serde_json::Map::new();
    attributes.insert("name".into(), "main line".into());
    let did = DidPatch {
        attributes: Some(attributes),
        ..Default::default()
    };
    assert_eq!(body(&did), tests::sample("did.patch.json").trim());

    let group = DidGroupPatch {
        name: Some("my_did_group".into()),
        ..Default::default()
    };
    assert_eq!(body(&group), tests::sample("did_group.patch.json").trim());
}

#[test]
fn empty_patch_is_an_empty_object_and_null_clears() {
    assert_eq!(body(&PartnerPatch::default()), "{}");
    let clear = PartnerPatch {
        city: Patch::Null,
        address2: Patch::Null,
        ..Default::default()
    };
    assert_eq!(body(&clear), r#"{"address2":null,"city":null}"#);
}

#[test]
fn sample_patch_request_is_the_documented_curl_request() {
    let patch = PartnerPatch {
        address1: Patch::Set("4300 E Pacific Coast Hwy".into()),
        ..Default::default()
    };
    let request = operations::update_partner::request(
        BASE,
        "ed437757-002d-4ecc-aa5a-efdf5e50dba0",
        &patch,
        &operations::update_partner::Params::default(),
    )
    .unwrap();
    assert_eq!(request.method(), http::Method::PATCH);
    assert_eq!(
        request.uri().to_string(),
        tests::sample("partner.url.txt").trim()
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["accept"], "application/json");
    assert_eq!(
        String::from_utf8(request.body().clone()).unwrap(),
        tests::sample("partner.patch.json").trim()
    );
    for (name, url) in [("did", "did.url.txt"), ("prefix", "prefix.url.txt")] {
        let url = tests::sample(url);
        let sid = url.trim().rsplit('/').next().unwrap();
        let uri = match name {
            "did" => operations::update_did::request(
                BASE,
                sid,
                &DidPatch::default(),
                &operations::update_did::Params::default(),
            ),
            _ => operations::update_prefix::request(
                BASE,
                sid,
                &PrefixPatch::default(),
                &operations::update_prefix::Params::default(),
            ),
        }
        .unwrap()
        .uri()
        .to_string();
        assert_eq!(uri, url.trim());
    }
}

#[test]
fn put_sends_back_everything_received() {
    let sample = tests::sample("partner.response.json");
    let partner: Partner = serde_json::from_str(&sample).unwrap();
    let request = operations::replace_partner::request(
        BASE,
        partner.partner_sid(),
        &partner,
        &operations::replace_partner::Params::default(),
    )
    .unwrap();
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(
        String::from_utf8(request.body().clone()).unwrap(),
        compact(&sample)
    );
}

#[test]
fn unknown_enum_values_and_properties_survive_a_round_trip() {
    let mut value: serde_json::Value =
        serde_json::from_str(&tests::sample("partner.response.json")).unwrap();
    value["status"] = "suspended".into();
    value["payment_type"] = "invoice".into();
    value["brand_sid"] = "b-1".into();
    value["parent_assigned_acls"][0]["direction"] = "sideways".into();
    value["parent_assigned_acls"][0]["priority"] = 3.into();
    value["parent_assigned_acls"][0]["voice_action_true"] = "reject302".into();
    value["callbacks"] =
        serde_json::json!({"sms": "https://x.example/sms", "future_event": "https://x.example/f"});
    let text = serde_json::to_string(&value).unwrap();

    let partner: Partner = serde_json::from_str(&text).unwrap();
    assert_eq!(
        partner.status(),
        Some(&PartnerStatus::Unknown("suspended".into()))
    );
    assert_eq!(partner.additional_properties["brand_sid"], "b-1");
    let acl = &partner.parent_assigned_acls.as_ref().unwrap()[0];
    assert_eq!(
        acl.direction,
        Some(AclDirection::Unknown("sideways".into()))
    );
    assert_eq!(acl.additional_properties["priority"], 3);
    let callbacks = partner.callbacks.as_ref().unwrap();
    assert_eq!(callbacks.sms.as_deref(), Some("https://x.example/sms"));
    assert_eq!(
        callbacks.additional_properties["future_event"],
        "https://x.example/f"
    );

    assert_eq!(serde_json::to_string(&partner).unwrap(), text);
}

#[test]
fn money_accepts_numbers_and_keeps_their_form() {
    let text = r#"{"balance":351.52,"charge_at":20,"partner_sid":"p-1","spending_limit":"0.50"}"#;
    let partner: Partner = serde_json::from_str(text).unwrap();
    assert_eq!(partner.balance().unwrap().as_str(), "351.52");
    let charge_at = partner.charge_at().into_value().unwrap();
    assert_eq!(charge_at.as_str(), "20");
    assert!(charge_at.was_json_number());
    assert_eq!(serde_json::to_string(&partner).unwrap(), text);
}

#[test]
fn a_received_object_without_its_own_sid_is_a_decode_error() {
    // The spec requires the object's own SID of what the server sends (and nothing else):
    // without it, reading fails and names the property, rather than a program unwrapping
    // an Option.
    let err = serde_json::from_str::<Partner>(r#"{"name":"no sid"}"#).unwrap_err();
    assert!(err.to_string().contains("partner_sid"), "{err}");
    let partner: Partner = serde_json::from_str(r#"{"partner_sid":"p-1"}"#).unwrap();
    assert_eq!(partner.partner_sid(), "p-1");
}

#[test]
fn absent_fields_stay_absent() {
    let text = r#"{"name":"only this","partner_sid":"p-1"}"#;
    let partner: Partner = serde_json::from_str(text).unwrap();
    assert_eq!(partner.balance(), None);
    assert_eq!(partner.address2, Nullable::Absent);
    assert_eq!(serde_json::to_string(&partner).unwrap(), text);
}
