//! `PartnerPatch::from_changes` against the double's PATCH rules (absent keeps, null clears,
//! nested objects merge key by key unless `nested_objects=replace`): for random pairs of
//! partners, PUT the first, PATCH with the patch from the changes (in replace mode when
//! `needs_replace` says so), and the stored partner equals the second on every writable
//! field.

use std::time::Duration;

use carrierx_core::Client;
use carrierx_core::models::{NestedObjects, Partner, PartnerPatch};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use tests::double::Double;

const SID: &str = "ed437757-001d-4ecc-aa5a-efdf5e50dba0";

/// A change to one writable field of the sample partner, or none.
fn field(name: &'static str) -> BoxedStrategy<Option<(&'static str, Value)>> {
    let text = "[a-z ]{1,8}".prop_map(Value::String);
    let object = prop::collection::btree_map("[abc]", "[xy]{1,3}", 0..3)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k, Value::String(v))).collect()));
    let value: BoxedStrategy<Value> = match name {
        "address1" | "address2" | "billing_email" | "city" | "owner_email" | "tech_email" => {
            prop_oneof![Just(Value::Null), text].boxed()
        }
        "attributes" | "callbacks" => object.boxed(),
        "acls" | "parent_assigned_acls" | "transformations" => Just(json!([])).boxed(),
        _ => text.boxed(),
    };
    prop::option::of(value.prop_map(move |v| (name, v))).boxed()
}

fn partner() -> impl Strategy<Value = Value> {
    let changes: Vec<_> = Double::writable("partners")
        .into_iter()
        .map(field)
        .collect();
    changes.prop_map(|changes| {
        let mut partner: Value =
            serde_json::from_str(&tests::sample("partner.response.json")).unwrap();
        for (name, value) in changes.into_iter().flatten() {
            partner[name] = value;
        }
        partner
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_patch_from_changes_makes_before_into_after(before in partner(), after in partner()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let double = Double::start().await;
            let client = Client::builder()
                .base_url(double.base_url())
                .token("full-token")
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let typed_before: Partner = serde_json::from_value(before.clone()).unwrap();
            let typed_after: Partner = serde_json::from_value(after.clone()).unwrap();
            client.replace_partner(SID, &typed_before).send().await.unwrap();

            let patch = PartnerPatch::from_changes(&typed_before, &typed_after);
            let replace = PartnerPatch::needs_replace(&typed_before, &typed_after);
            let call = client.update_partner(SID, &patch);
            let call = if replace {
                call.nested_objects(NestedObjects::Replace)
            } else {
                call
            };
            call.send().await.unwrap();

            let stored = double.object("partners", SID).unwrap();
            let writable = Double::writable("partners");
            assert_eq!(writable.len(), 15);
            let fields: Map<String, Value> = writable
                .iter()
                .map(|n| ((*n).to_owned(), stored[*n].clone()))
                .collect();
            let wanted: Map<String, Value> = writable
                .iter()
                .map(|n| ((*n).to_owned(), after[*n].clone()))
                .collect();
            assert_eq!(fields, wanted, "replace mode: {replace}");
            // Only what changed was sent.
            let sent: Map<String, Value> = serde_json::from_slice(&double.last().body).unwrap();
            for name in sent.keys() {
                assert_ne!(before[name.as_str()], after[name.as_str()], "`{name}` was sent unchanged");
            }
        });
    }
}

#[test]
fn no_change_is_the_empty_patch() {
    let partner: Partner = serde_json::from_str(&tests::sample("partner.response.json")).unwrap();
    let patch = PartnerPatch::from_changes(&partner, &partner);
    assert_eq!(serde_json::to_string(&patch).unwrap(), "{}");
    assert!(!PartnerPatch::needs_replace(&partner, &partner));
}
