//! Sets the SMS callback URL of a phone number: finds its DID with a filter, then PATCHes
//! `callback_url`, and prints the updated DID as JSON.
//!
//! ```sh
//! CARRIERX_TOKEN=... cargo run --example set_did_callback -- 15162065819 https://example.com/sms
//! ```
//!
//! Environment: `CARRIERX_TOKEN` (required), `CARRIERX_BASE_URL` (optional; the spec's server
//! by default). Exits with status 1 and a message on any error, including a number that no
//! rented DID has.

use std::io::Write;
use std::process::ExitCode;

use carrierx_core::models::DidPatch;
use carrierx_core::{Client, Filter, Patch};
use futures::TryStreamExt as _;

/// Finds the DID of `args[0]`, sets its callback URL to `args[1]`, writes it as JSON to `out`.
pub async fn run(
    args: &[String],
    env: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
) -> Result<(), String> {
    let [number, url] = args else {
        return Err("usage: set_did_callback PHONENUMBER URL".into());
    };
    let token = env("CARRIERX_TOKEN")
        .filter(|t| !t.trim().is_empty())
        .ok_or("CARRIERX_TOKEN is not set; see the top of examples/set_did_callback.rs")?;
    let mut builder = Client::builder().token(token);
    if let Some(base_url) = env("CARRIERX_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let filter = Filter::new().eq("phonenumber", number.as_str());
    // Two at most: one is the answer, a second would make the number ambiguous.
    let found: Vec<_> = client
        .list_dids()
        .limit(2)
        .filter(&filter)
        .stream()
        .try_collect()
        .await
        .map_err(|e| format!("finding the DID of {number} failed: {e}"))?;
    let did = match found.as_slice() {
        [did] => did,
        [] => return Err(format!("no rented DID has the number {number}")),
        _ => return Err(format!("more than one DID has the number {number}")),
    };
    // Its own SID is required in the spec: a DID without one fails to decode, never here.
    let sid = did.did_sid();
    let patch = DidPatch {
        callback_url: Patch::Set(url.clone()),
        ..Default::default()
    };
    let updated = client
        .update_did(sid, &patch)
        .send()
        .await
        .map_err(|e| format!("updating DID {sid} failed: {e}"))?;
    let json = serde_json::to_string_pretty(&updated).map_err(|e| e.to_string())?;
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env = |name: &str| std::env::var(name).ok();
    match run(&args, env, &mut std::io::stdout().lock()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
