//! The `tracing` feature: one span per call with the operation, method, path template's
//! path, status, attempts and duration; never the token, never a body.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use carrierx_core::Client;
use carrierx_core::models::PartnerPatch;
use tests::double::{Double, Fault};

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_span_per_call_without_secrets() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);

    let double = Double::start().await;
    double.fail_next(Fault::Decline(503, Some("0")));
    let secret = "full-token";
    let client = Client::builder()
        .base_url(double.base_url())
        .token(secret)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let patch = PartnerPatch {
        name: Some("Body Secret Name".into()),
        ..Default::default()
    };
    client
        .update_partner("ed437757-001d-4ecc-aa5a-efdf5e50dba0", &patch)
        .send()
        .await
        .unwrap();

    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("call{operation=\"updatePartner\""))
        .unwrap_or_else(|| panic!("no span of updatePartner in:\n{text}"));
    // The path template, not the path: a sid in a trace is not the trace's business.
    assert!(
        line.contains(" method=PATCH path=\"/partners/{partner_sid}\" "),
        "{line}"
    );
    assert!(line.contains(" status=200 attempts=2}"), "{line}");
    assert!(line.contains(" duration_ms="), "{line}");
    assert!(!text.contains(secret), "the token was traced:\n{text}");
    assert!(
        !text.contains("Body Secret Name"),
        "a body was traced:\n{text}"
    );
}
