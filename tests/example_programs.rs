//! The example programs `list_dids` and `set_did_callback`, run in this process against the
//! local CarrierX double: their `run` functions are included from `examples/` as they are.

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "examples/list_dids.rs"]
mod list_dids;
#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "examples/set_did_callback.rs"]
mod set_did_callback;

use serde_json::Value;
use tests::double::Double;

const DID: &str = "e8df62d5-07a3-4189-a67e-87585067c5fe";

fn env(double: &Double, token: &'static str) -> impl Fn(&str) -> Option<String> {
    let base = double.base_url();
    move |name| match name {
        "CARRIERX_TOKEN" => Some(token.to_owned()),
        "CARRIERX_BASE_URL" => Some(base.clone()),
        _ => None,
    }
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// The decoded `filter` argument of a request.
fn filter_sent(query: Option<&str>) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let value = pair.strip_prefix("filter=")?.replace('+', " ");
        Some(
            percent_encoding::percent_decode_str(&value)
                .decode_utf8()
                .unwrap()
                .into_owned(),
        )
    })
}

#[tokio::test]
async fn list_dids_prints_every_did_once_over_all_pages() {
    let double = Double::start().await;
    let added = double.add_dids(250);
    let mut out = Vec::new();
    list_dids::run(&[], env(&double, "read-token"), &mut out)
        .await
        .unwrap();
    let mut expected = format!("{DID} 15162065574\n");
    for (sid, number) in &added {
        expected.push_str(&format!("{sid} {number}\n"));
    }
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    // 251 DIDs in pages of 100.
    let offsets: Vec<Option<String>> = double.received().iter().map(|r| r.query.clone()).collect();
    assert_eq!(offsets.len(), 3, "{offsets:?}");
}

#[tokio::test]
async fn list_dids_passes_the_filter_through_in_meaning() {
    let double = Double::start().await;
    let added = double.add_dids(30);
    let mut out = Vec::new();
    list_dids::run(
        &args(&[r#"phonenumber like "%555001%""#]),
        env(&double, "read-token"),
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(
        filter_sent(double.last().query.as_deref()).as_deref(),
        Some(r#"phonenumber like "%555001%""#)
    );
    let printed = String::from_utf8(out).unwrap();
    let expected: String = added
        .iter()
        .filter(|(_, number)| number.contains("555001"))
        .map(|(sid, number)| format!("{sid} {number}\n"))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(printed, expected);

    // Single quotes and a bare number: the same conditions, written the builder's way.
    list_dids::run(
        &args(&["status eq 'assigned' and capabilities ge 7"]),
        env(&double, "read-token"),
        &mut Vec::new(),
    )
    .await
    .unwrap();
    assert_eq!(
        filter_sent(double.last().query.as_deref()).as_deref(),
        Some(r#"status eq "assigned" and capabilities ge 7"#)
    );
}

#[tokio::test]
async fn list_dids_refuses_what_it_cannot_send_and_says_why() {
    let double = Double::start().await;
    for (arguments, token, message) in [
        (vec!["name eq 'unclosed"], "read-token", "unclosed"),
        (vec!["a eq 1 or b eq 2"], "read-token", "`and`"),
        (
            vec!["a eq 1", "extra"],
            "read-token",
            "at most one argument",
        ),
        (vec![], "", "CARRIERX_TOKEN"),
    ] {
        let error = list_dids::run(&args(&arguments), env(&double, token), &mut Vec::new())
            .await
            .unwrap_err();
        assert!(error.contains(message), "{arguments:?}: {error}");
    }
    assert!(double.received().is_empty());
    // A server error ends the listing with a message.
    let error = list_dids::run(&[], env(&double, "no-scope-token"), &mut Vec::new())
        .await
        .unwrap_err();
    assert!(error.contains("403"), "{error}");
}

#[tokio::test]
async fn set_did_callback_finds_the_number_and_patches_only_the_callback() {
    let double = Double::start().await;
    let added = double.add_dids(3);
    let (sid, number) = &added[1];
    let mut out = Vec::new();
    set_did_callback::run(
        &args(&[number, "https://example.com/sms"]),
        env(&double, "full-token"),
        &mut out,
    )
    .await
    .unwrap();
    let printed: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(printed["did_sid"], sid.as_str());
    assert_eq!(printed["callback_url"], "https://example.com/sms");
    let patch = double.last();
    assert_eq!(patch.method, "PATCH");
    assert_eq!(patch.path, format!("/core/v2/phonenumber/dids/{sid}"));
    assert_eq!(
        patch.json(),
        serde_json::json!({ "callback_url": "https://example.com/sms" })
    );
    assert_eq!(
        double.object("dids", sid).unwrap()["callback_url"],
        "https://example.com/sms"
    );
    // The other DIDs are untouched.
    assert!(double.object("dids", &added[0].0).unwrap()["callback_url"].is_null());

    let error = set_did_callback::run(
        &args(&["19999999999", "https://example.com/sms"]),
        env(&double, "full-token"),
        &mut Vec::new(),
    )
    .await
    .unwrap_err();
    assert!(
        error.contains("no rented DID has the number 19999999999"),
        "{error}"
    );
    let error = set_did_callback::run(&args(&["1"]), env(&double, "full-token"), &mut Vec::new())
        .await
        .unwrap_err();
    assert!(error.starts_with("usage:"), "{error}");
}
