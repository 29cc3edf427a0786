//! Whole-process figures for `codegen/BENCHMARKS.md`:
//!
//! ```sh
//! cargo build --release -p codegen && cargo run --release -p codegen --example harness
//! ```
//!
//! For `spec/` and synthetic specs of 100, 300 and 1000 objects: the release generator's wall
//! time and peak memory (median of 3 runs, each a fresh process writing a fresh folder), the
//! generated line count and lines per object, beside progenitor's for the same synthetic spec
//! when it is installed; for `spec/` and 100 objects, the time to build and to `cargo check`
//! the generated crate alone from scratch (`CARGO_INCREMENTAL=0`, dependencies already
//! built; median of 9 for `spec/`, whose crate builds in under a second, and of 3 for 100
//! objects). When `cargo progenitor` is installed (`cargo install
//! cargo-progenitor`), the crate it writes for the same spec is built in the same workspace,
//! runs interleaved with ours, and the ratio is printed beside each figure. Prints a Markdown
//! table.
//!
//! Peak memory comes from `getrusage(RUSAGE_CHILDREN)`, which reports the largest child
//! ever waited for; so each run is measured by a fresh copy of this program (`--measure`)
//! that has exactly one child.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

const RUNS: usize = 3;

/// Builds of a crate that takes under a second (`spec/`'s): a median of 3 moved by 0.1x of
/// the ratio from run to run on a machine doing nothing else, so more samples are taken.
const SMALL_BUILD_RUNS: usize = 9;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// `--measure CMD ARGS...`: runs CMD once; prints its wall seconds and peak RSS in KiB.
fn measure(args: &[String]) -> ExitCode {
    let start = Instant::now();
    let status = Command::new(&args[0]).args(&args[1..]).output();
    let wall = start.elapsed();
    let Ok(output) = status else {
        eprintln!("cannot run {}", args[0]);
        return ExitCode::FAILURE;
    };
    if !output.status.success() {
        eprintln!(
            "{} failed:\n{}",
            args[0],
            String::from_utf8_lossy(&output.stderr)
        );
        return ExitCode::FAILURE;
    }
    let rss = getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0, |u| u.max_rss());
    println!("{} {rss}", wall.as_secs_f64());
    ExitCode::SUCCESS
}

/// Generates `spec` into a fresh `out` in a fresh measuring process, with any `extra` flags:
/// (seconds, MiB).
fn generate(codegen: &Path, spec: &Path, out: &Path, extra: &[&str]) -> (f64, f64) {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    measured(codegen, &args, out)
}

/// progenitor's generator (`cargo-progenitor`, run directly, as cargo would) on `spec`:
/// (seconds, MiB), or `None` when it fails.
fn generate_progenitor(spec: &Path, out: &Path) -> Option<(f64, f64)> {
    let exe = which("cargo-progenitor")?;
    let result = std::panic::catch_unwind(|| {
        measured(
            &exe,
            &[
                "progenitor".as_ref(),
                "-i".as_ref(),
                spec.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "-n".as_ref(),
                "progenitor-crate".as_ref(),
                "-v".as_ref(),
                "0.1.0".as_ref(),
            ],
            out,
        )
    });
    result.ok()
}

/// The executable of this name on `PATH`, or in cargo's `bin` folder.
fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(format!("{name}{}", std::env::consts::EXE_SUFFIX)))
        .find(|p| p.is_file())
}

/// Runs `exe args` in a fresh measuring process, `out` removed first: (seconds, MiB).
fn measured(exe: &Path, args: &[&std::ffi::OsStr], out: &Path) -> (f64, f64) {
    let _ = std::fs::remove_dir_all(out);
    let me = std::env::current_exe().expect("own path");
    let output = Command::new(me)
        .arg("--measure")
        .arg(exe)
        .args(args)
        .output()
        .expect("the measuring copy runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let secs: f64 = parts.next().and_then(|s| s.parse().ok()).expect("seconds");
    let kib: f64 = parts.next().and_then(|s| s.parse().ok()).expect("KiB");
    (secs, kib / 1024.0)
}

fn lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path)
                    .expect("text")
                    .lines()
                    .count();
            }
        }
    }
    total
}

fn cargo(dir: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    start.elapsed()
}

/// The package name in `dir/<member>/Cargo.toml`.
fn package(dir: &Path, member: &str) -> String {
    let manifest = std::fs::read_to_string(dir.join(member).join("Cargo.toml")).expect("manifest");
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("package name")
        .to_owned()
}

/// Median from-scratch `cargo build` and `cargo check` of each crate in `dir/<member>`, with
/// their dependencies built beforehand; the crates' runs interleaved, so that a change in the
/// machine's load touches them alike.
fn build_times(dir: &Path, root: &Path, members: &[&str], runs: usize) -> Vec<(f64, f64)> {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .expect("workspace written");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock copied");
    let packages: Vec<String> = members.iter().map(|m| package(dir, m)).collect();
    let mut results = vec![(0.0, 0.0); members.len()];
    for (slot, command) in ["build", "check"].into_iter().enumerate() {
        cargo(dir, &[command, "--workspace"]); // dependencies, once
        let mut times = vec![Vec::new(); members.len()];
        for _ in 0..runs {
            for (i, package) in packages.iter().enumerate() {
                cargo(dir, &["clean", "-p", package]);
                times[i].push(cargo(dir, &[command, "-p", package]).as_secs_f64());
            }
        }
        for (i, t) in times.into_iter().enumerate() {
            let m = median(t);
            if slot == 0 {
                results[i].0 = m;
            } else {
                results[i].1 = m;
            }
        }
    }
    results
}

/// Whether `cargo progenitor` (`cargo install cargo-progenitor`) can be run.
fn progenitor_installed() -> bool {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["progenitor", "--help"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Generates progenitor's crate for `spec` into `out`. progenitor 0.15 refuses an operation
/// whose `default` response has a body beside other error responses, so when it refuses the
/// spec it is given a copy without `default` responses (the note says so).
fn progenitor(spec: &Path, out: &Path) -> Result<Option<&'static str>, String> {
    let run = |input: &Path| {
        let _ = std::fs::remove_dir_all(out);
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["progenitor", "-i"])
            .arg(input)
            .arg("-o")
            .arg(out)
            .args(["-n", "progenitor-crate", "-v", "0.1.0"])
            .output()
            .map_err(|e| e.to_string())
    };
    let first = run(spec)?;
    if first.status.success() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_mapping_mut()) {
        for (_, item) in paths.iter_mut() {
            for (_, op) in item.as_mapping_mut().into_iter().flatten() {
                if let Some(responses) = op.get_mut("responses").and_then(|r| r.as_mapping_mut()) {
                    responses.remove("default");
                }
            }
        }
    }
    let stripped = out.with_extension("yaml");
    std::fs::write(
        &stripped,
        serde_yaml::to_string(&doc).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let second = run(&stripped)?;
    if second.status.success() {
        Ok(Some(
            "progenitor was given the spec without `default` responses, which it refuses",
        ))
    } else {
        Err(String::from_utf8_lossy(&second.stderr)
            .lines()
            .find(|l| l.contains("panicked") || l.contains("error") || l.contains("assertion"))
            .unwrap_or("it failed")
            .to_owned())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--measure") {
        return measure(&args[1..]);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let exe = std::env::current_exe().expect("own path");
    let codegen = exe
        .parent()
        .and_then(Path::parent)
        .map(|release| release.join(format!("codegen{}", std::env::consts::EXE_SUFFIX)))
        .expect("target folder");
    if !codegen.exists() {
        eprintln!(
            "{} is missing: run `cargo build --release -p codegen` first",
            codegen.display()
        );
        return ExitCode::FAILURE;
    }
    let work = std::env::temp_dir().join("codegen-harness");
    std::fs::create_dir_all(&work).expect("work folder");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Machine: {cores} cores. Generation: median of {RUNS} fresh processes; builds: median of {SMALL_BUILD_RUNS} (spec/) and {RUNS} (N = 100).\n"
    );
    let with_progenitor = progenitor_installed();
    if !with_progenitor {
        println!(
            "cargo-progenitor is not installed (`cargo install cargo-progenitor`): builds are not compared side by side.\n"
        );
    }
    let mut notes: Vec<String> = Vec::new();
    println!(
        "| input | generation | peak memory | generated lines | lines per object | build of the generated crate alone | `cargo check`, same |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (name, n) in [
        ("spec/", 0usize),
        ("N = 100", 100),
        ("N = 300", 300),
        ("N = 1000", 1000),
    ] {
        let dir = work.join(if n == 0 {
            "spec".to_owned()
        } else {
            format!("n{n}")
        });
        std::fs::create_dir_all(&dir).expect("folder");
        let spec = if n == 0 {
            root.join("spec/carrierx-core-v2.yaml")
        } else {
            let path = dir.join("spec.yaml");
            std::fs::write(&path, codegen::synth::spec(n)).expect("spec written");
            path
        };
        let out = dir.join("crate");
        let runs: Vec<(f64, f64)> = (0..RUNS)
            .map(|_| generate(&codegen, &spec, &out, &[]))
            .collect();
        let secs = median(runs.iter().map(|r| r.0).collect());
        let mib = median(runs.iter().map(|r| r.1).collect());
        // The same without the rustfmt pass: what putting the files in rustfmt's shape costs.
        let plain = dir.join("plain");
        let plain_runs: Vec<f64> = (0..RUNS)
            .map(|_| generate(&codegen, &spec, &plain, &["--no-rustfmt"]).0)
            .collect();
        let plain_secs = median(plain_runs);
        let count = lines(&out);
        // progenitor generating the same spec, interleaved with ours above run for run.
        let side = dir.join("progenitor");
        let theirs: Vec<(f64, f64)> = if with_progenitor && n > 0 {
            (0..RUNS)
                .filter_map(|_| generate_progenitor(&spec, &side))
                .collect()
        } else {
            Vec::new()
        };
        let (generation, memory, per_object) = if theirs.is_empty() {
            (
                format!("{secs:.3} s (without rustfmt {plain_secs:.3} s)"),
                format!("{mib:.0} MiB"),
                count
                    .checked_div(n)
                    .map_or_else(|| "-".to_owned(), |per| per.to_string()),
            )
        } else {
            let their_secs = median(theirs.iter().map(|r| r.0).collect());
            let their_mib = median(theirs.iter().map(|r| r.1).collect());
            let their_lines = lines(&side);
            (
                format!(
                    "{secs:.3} s (progenitor {their_secs:.3} s, {:.2}x; without rustfmt {plain_secs:.3} s, {:.2}x)",
                    secs / their_secs,
                    plain_secs / their_secs
                ),
                format!("{mib:.0} MiB (progenitor {their_mib:.0} MiB)"),
                format!("{} (progenitor {})", count / n, their_lines / n),
            )
        };
        let (build, check) = if n <= 100 {
            let anchor = if with_progenitor {
                match progenitor(&spec, &side) {
                    Ok(note) => Some(note),
                    Err(reason) => {
                        notes.push(format!("{name}: progenitor refused the spec: {reason}"));
                        None
                    }
                }
            } else {
                None
            };
            let members: &[&str] = if anchor.is_some() {
                &["crate", "progenitor"]
            } else {
                &["crate"]
            };
            let runs = if n == 0 { SMALL_BUILD_RUNS } else { RUNS };
            let times = build_times(&dir, &root, members, runs);
            let (b, c) = times[0];
            match (anchor, times.get(1)) {
                (Some(note), Some(&(pb, pc))) => {
                    if let Some(note) = note {
                        notes.push(format!("{name}: {note}"));
                    }
                    (
                        format!("{b:.2} s (progenitor {pb:.2} s, {:.2}x)", b / pb),
                        format!("{c:.2} s (progenitor {pc:.2} s, {:.2}x)", c / pc),
                    )
                }
                _ => (format!("{b:.2} s"), format!("{c:.2} s")),
            }
        } else {
            ("(not built)".to_owned(), "(not checked)".to_owned())
        };
        println!(
            "| {name} | {generation} | {memory} | {count} | {per_object} | {build} | {check} |"
        );
    }
    for note in notes {
        println!("\n- {note}");
    }
    ExitCode::SUCCESS
}
