//! Prints the cloud control-plane spec of `codegen::synth::control_plane`, which
//! `tests/fixtures/specs/cloud_control_plane.yaml` holds:
//! `cargo run -p codegen --example control_plane > tests/fixtures/specs/cloud_control_plane.yaml`.

use std::io::Write as _;

fn main() {
    let _ = std::io::stdout().write_all(codegen::synth::control_plane().as_bytes());
}
