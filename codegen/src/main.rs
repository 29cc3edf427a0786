//! `cargo run -p codegen -- [FLAGS]`: parses flags and calls the library.
//!
//! It allocates with the system allocator: with most of the output printed as table text
//! rather than through syn, mimalloc saved about 6% of generation time at N = 1000 and cost
//! 35-40 MiB of peak memory (codegen/BENCHMARKS.md).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::files::Disk;
use codegen::ir::{RUNTIME_DIR, RUNTIME_VERSION, Runtime};
use codegen::{Options, generate_with, output};

const HELP: &str = "\
codegen: generate a typed Rust client crate from an OpenAPI 3.0 spec

USAGE:
    cargo run -p codegen -- [--spec PATH] [--out DIR] [--root DIR] [--package NAME] [--check]
                            [--package-version VERSION] [--publish] [--runtime-version VERSION] [--no-rustfmt]

FLAGS:
    --spec PATH      the spec to read (default: spec/carrierx-core-v2.yaml of this workspace)
    --out DIR        the crate folder to write (default: generated/ of this workspace)
    --root DIR       the folder `$ref`s may read files from (default: the entry spec's
                     folder); a reference to a file outside it is an error
    --package NAME   the Cargo package name (default: from info.title, a trailing \"API\"
                     dropped: \"CarrierX Core API\" gives carrierx-core)
    --package-version VERSION
                     the crate's version (default: info.version when it reads as semver,
                     such as 2.1.0 or 2.1, else 0.1.0)
    --publish        let `cargo publish` take the crate (default: publish = false)
    --runtime-version VERSION
                     depend on codegen-runtime VERSION from the registry; by default the
                     crate depends on the runtime of this checkout by path
    --deny-warnings  treat every warning as an error (exit 2, nothing written)
    --no-rustfmt     leave the Rust files as printed, not in rustfmt's shape (quicker;
                     `cargo fmt` would change them); by default each goes through the
                     toolchain's rustfmt (or $RUSTFMT)
    --check          write nothing; report whether DIR is up to date, with a diff if not
    -h, --help       print this help
    -V, --version    print the generator's version and the runtime version it emits for

EXIT CODES:
    0  success (with --check: the output is up to date)
    1  --check found the output out of date
    2  the spec is invalid, a flag is wrong, or a file could not be read or written

The output folder is only changed after the whole crate was generated without error.
";

struct Args {
    spec: PathBuf,
    out: PathBuf,
    package: Option<String>,
    root: Option<PathBuf>,
    package_version: Option<String>,
    publish: bool,
    runtime_version: Option<String>,
    deny_warnings: bool,
    check: bool,
    no_rustfmt: bool,
}

/// Whether a flag's value reads as a semver version: three numbers, an optional pre-release
/// or build suffix.
fn is_semver(text: &str) -> bool {
    let core = text.split(['-', '+']).next().unwrap_or("");
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && text[core.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'+')
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn parse(argv: impl IntoIterator<Item = String>) -> Result<Option<Command>, String> {
    use lexopt::prelude::*;
    let root = workspace_root();
    let mut args = Args {
        spec: root.join("spec/carrierx-core-v2.yaml"),
        out: root.join("generated"),
        package: None,
        root: None,
        package_version: None,
        publish: false,
        runtime_version: None,
        deny_warnings: false,
        check: false,
        no_rustfmt: false,
    };
    let mut parser = lexopt::Parser::from_args(argv);
    let see_help = |e: lexopt::Error| format!("{e}; see --help");
    while let Some(arg) = parser.next().map_err(see_help)? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Short('V') | Long("version") => return Ok(Some(Command::Version)),
            Long("publish") => args.publish = true,
            Long(flag @ ("package-version" | "runtime-version")) => {
                let flag = flag.to_owned();
                let value = parser
                    .value()
                    .map_err(see_help)?
                    .string()
                    .map_err(see_help)?;
                // The runtime's version may be a requirement (`0.1`, `^0.1.2`); the
                // package's must be one version.
                let valid = if flag == "package-version" {
                    is_semver(&value)
                } else {
                    !value.is_empty()
                        && value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"^~=<>., *-+".contains(&b))
                };
                if !valid {
                    return Err(format!(
                        "--{flag} {value:?} is not a version (such as 1.2.3); see --help"
                    ));
                }
                if flag == "package-version" {
                    args.package_version = Some(value);
                } else {
                    args.runtime_version = Some(value);
                }
            }
            Long("check") => args.check = true,
            Long("deny-warnings") => args.deny_warnings = true,
            Long("no-rustfmt") => args.no_rustfmt = true,
            Long("spec") => args.spec = PathBuf::from(parser.value().map_err(see_help)?),
            Long("out") => args.out = PathBuf::from(parser.value().map_err(see_help)?),
            Long("root") => args.root = Some(PathBuf::from(parser.value().map_err(see_help)?)),
            Long("package") => {
                let name = parser
                    .value()
                    .map_err(see_help)?
                    .string()
                    .map_err(see_help)?;
                let valid = !name.is_empty()
                    && name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !valid {
                    return Err(format!(
                        "--package {name:?} is not a valid Cargo package name (letters, digits, - and _, starting with a letter)"
                    ));
                }
                args.package = Some(name);
            }
            Long(other) => return Err(format!("unknown argument \"--{other}\"; see --help")),
            Short(other) => return Err(format!("unknown argument \"-{other}\"; see --help")),
            Value(other) => {
                return Err(format!(
                    "unknown argument {:?}; see --help",
                    other.to_string_lossy()
                ));
            }
        }
    }
    Ok(Some(Command::Generate(args)))
}

/// What the command line asks for.
enum Command {
    Generate(Args),
    Version,
}

/// The path as the user would write it: relative to the current folder where possible.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn main() -> ExitCode {
    // The main thread is one of rayon's workers: it formats too, reusing the memory the
    // spec's YAML trees freed, where a pool of its own threads would take fresh pages
    // (codegen/BENCHMARKS.md: peak memory). If a pool exists already, it is used as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(Command::Generate(args))) => args,
        Ok(Some(Command::Version)) => {
            let _ = writeln!(
                std::io::stdout(),
                "codegen {} (emits code for codegen-runtime {RUNTIME_VERSION})",
                env!("CARGO_PKG_VERSION")
            );
            return ExitCode::SUCCESS;
        }
        Ok(None) => {
            // A closed stdout (`codegen --help | head -1`) is not worth a panic.
            let _ = write!(std::io::stdout(), "{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let spec_name = shown(&args.spec);
    let text = match std::fs::read(&args.spec) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                eprintln!(
                    "{spec_name}: error: the file is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                );
                return ExitCode::from(2);
            }
        },
        Err(e) => {
            eprintln!("{spec_name}: error: cannot read the spec: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match args.runtime_version {
        Some(version) => Runtime::Version(version),
        None if Path::new(RUNTIME_DIR).join("Cargo.toml").is_file() => {
            Runtime::Path(output::relative_path(&args.out, Path::new(RUNTIME_DIR)))
        }
        // A generator installed away from its checkout (`cargo install`) has no runtime
        // folder beside it: the crate then names the runtime's version in the registry.
        None => {
            eprintln!(
                "note: the runtime's folder {RUNTIME_DIR} is not there; the crate depends on codegen-runtime {RUNTIME_VERSION} from the registry (--runtime-version sets another)"
            );
            Runtime::Version(RUNTIME_VERSION.to_owned())
        }
    };
    let options = Options {
        package: args.package,
        root: args.root,
        package_version: args.package_version,
        publish: args.publish,
        runtime,
        rustfmt: !args.no_rustfmt,
    };
    let files = match generate_with(&text, &spec_name, &args.spec, &options, &Disk) {
        Ok(generated) if args.deny_warnings && !generated.warnings.items.is_empty() => {
            eprintln!("{}", generated.warnings.denied());
            return ExitCode::from(2);
        }
        Ok(generated) => {
            if !generated.warnings.items.is_empty() {
                eprintln!("{}", generated.warnings);
            }
            for note in &generated.notes {
                eprintln!("note: {note}");
            }
            generated.files
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(2);
        }
    };
    let out_name = shown(&args.out);
    if args.check {
        match output::check(&args.out, &files) {
            Ok(differences) if differences.is_empty() => {
                let _ = writeln!(
                    std::io::stdout(),
                    "{out_name} is up to date with {spec_name}"
                );
                ExitCode::SUCCESS
            }
            Ok(differences) => {
                for d in &differences {
                    let _ = writeln!(std::io::stdout(), "{d}");
                }
                eprintln!(
                    "{out_name} is out of date with {spec_name} ({} file(s) differ); run `cargo run -p codegen` and review the change (`git diff` of the output folder)",
                    differences.len()
                );
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: cannot read {out_name}: {e}");
                ExitCode::from(2)
            }
        }
    } else {
        match output::write(&args.out, &files) {
            Ok(written) if written.unchanged() => {
                let _ = writeln!(
                    std::io::stdout(),
                    "{out_name} unchanged: already up to date with {spec_name}"
                );
                ExitCode::SUCCESS
            }
            Ok(written) => {
                let removed = match written.removed {
                    0 => String::new(),
                    n => format!(", removed {n} no longer generated"),
                };
                let _ = writeln!(
                    std::io::stdout(),
                    "{out_name}: wrote {} of {} files{removed}",
                    written.changed,
                    files.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write {out_name}: {e}");
                ExitCode::from(2)
            }
        }
    }
}
