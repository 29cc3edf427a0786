//! Updates a partner's address through the generated client.
//!
//! ```sh
//! CARRIERX_TOKEN=... CARRIERX_PARTNER_SID=... cargo run --bin update_partner -- "4300 E Pacific Coast Hwy"
//! ```
//!
//! Environment: `CARRIERX_TOKEN` and `CARRIERX_PARTNER_SID` (required), `CARRIERX_BASE_URL`
//! (optional; the spec's server by default). The first argument is the new first address
//! line. Prints the updated partner as JSON; exits with status 1 and a message on any error.

use std::process::ExitCode;

use carrierx_core::models::PartnerPatch;
use carrierx_core::{Client, Patch};

fn required(name: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(format!(
            "{name} is not set; see the top of tests/examples/update_partner.rs"
        )),
    }
}

async fn run() -> Result<String, String> {
    let token = required("CARRIERX_TOKEN")?;
    let partner_sid = required("CARRIERX_PARTNER_SID")?;
    let address1 = std::env::args()
        .nth(1)
        .ok_or("give the new address line as the first argument")?;
    let mut builder = Client::builder().token(token);
    if let Ok(base_url) = std::env::var("CARRIERX_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let patch = PartnerPatch {
        address1: Patch::Set(address1),
        ..Default::default()
    };
    let partner = client
        .update_partner(&partner_sid, &patch)
        .send()
        .await
        .map_err(|e| format!("updating partner {partner_sid} failed: {e}"))?;
    serde_json::to_string_pretty(&partner).map_err(|e| e.to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
