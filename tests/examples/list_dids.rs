//! Lists every rented DID, one line each: `<did_sid> <phonenumber>`, over all pages.
//!
//! ```sh
//! CARRIERX_TOKEN=... cargo run --example list_dids
//! CARRIERX_TOKEN=... cargo run --example list_dids -- 'phonenumber like "%555%"'
//! ```
//!
//! Environment: `CARRIERX_TOKEN` (required), `CARRIERX_BASE_URL` (optional; the spec's server
//! by default). The optional first argument is a result filter in CarrierX's language,
//! `attribute operator value` conditions joined with `and`; it is read with
//! `carrierx_core::Filter::parse`, so a filter the language cannot carry is refused here
//! instead of being sent as something else. Exits with status 1 and a message on any error.

use std::io::Write;
use std::process::ExitCode;

use carrierx_core::{Client, Filter};
use futures::StreamExt as _;

/// Writes one line per DID to `out`; `args` are the command-line arguments after the
/// program name, `env` reads an environment variable.
pub async fn run(
    args: &[String],
    env: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
) -> Result<(), String> {
    let token = env("CARRIERX_TOKEN")
        .filter(|t| !t.trim().is_empty())
        .ok_or("CARRIERX_TOKEN is not set; see the top of examples/list_dids.rs")?;
    let filter = match args {
        [] => None,
        [filter] => Some(Filter::parse(filter).map_err(|e| e.to_string())?),
        _ => return Err("give at most one argument: the filter, quoted as one word".into()),
    };
    let mut builder = Client::builder().token(token);
    if let Some(base_url) = env("CARRIERX_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let mut call = client.list_dids();
    if let Some(filter) = &filter {
        call = call.filter(filter);
    }
    let mut dids = call.stream();
    while let Some(did) = dids.next().await {
        let did = did.map_err(|e| format!("listing DIDs failed: {e}"))?;
        writeln!(
            out,
            "{} {}",
            did.did_sid(),
            did.phonenumber().unwrap_or("-")
        )
        .map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
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
