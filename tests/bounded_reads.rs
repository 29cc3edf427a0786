//! A server that streams a 512 MiB answer, without a `Content-Length`: the client stops at
//! its limit with the typed error, and this process's peak memory stays far below the body.
//! A test binary of its own, so that the peak is this call's and not another test's.

use std::time::Duration;

use carrierx_core::models::PrefixPatch;
use carrierx_core::{Client, Error};
use tests::raw::{Conn, raw_server};

/// The peak resident memory of this process image so far, in MiB: `VmHWM` of
/// `/proc/self/status`. (`getrusage`'s maximum would do elsewhere, but Linux keeps it across
/// `execve`, so here it would report cargo's own peak from before the test started.)
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    kib / 1024.0
}

#[tokio::test]
async fn a_512_mib_answer_fails_typed_within_64_mib() {
    let before = peak_mib();
    eprintln!("peak before the call: {before:.1} MiB");
    let (base, _) = raw_server(vec![Conn::Chunked(512 << 20)]).await;
    let client = Client::builder()
        .base_url(base)
        .token("t")
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let err = client
        .update_prefix(
            "cc367acb-94c8-418f-b247-85dce5806ef4",
            &PrefixPatch::default(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit, .. } if limit == carrierx_core::DEFAULT_MAX_RESPONSE_BYTES),
        "{err:?}"
    );
    let peak = peak_mib();
    eprintln!("peak after the call: {peak:.1} MiB");
    assert!(peak < 64.0, "peak memory {peak:.1} MiB");
}
