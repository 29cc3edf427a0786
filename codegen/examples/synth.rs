//! Prints a synthetic spec of N objects (see `codegen::synth`):
//! `cargo run -p codegen --example synth -- 100 > spec.yaml`.

fn main() -> std::process::ExitCode {
    match std::env::args()
        .nth(1)
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(n) if n > 0 => {
            print!("{}", codegen::synth::spec(n));
            std::process::ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: cargo run -p codegen --example synth -- N   (N > 0 objects)");
            std::process::ExitCode::from(2)
        }
    }
}
