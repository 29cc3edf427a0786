//! Generator speed, per stage and whole, on `spec/` and synthetic specs of 10, 100 and 1000
//! objects: `cargo bench -p codegen`. Figures and how to read them: `codegen/BENCHMARKS.md`.

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented public function"
)]

use std::hint::black_box;
use std::time::Duration;

use codegen::files::{InMemory, SpecSet};
use codegen::{Options, emit, lower};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn inputs() -> Vec<(String, String)> {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/carrierx-core-v2.yaml"
    ))
    .expect("spec/ is readable");
    let mut inputs = vec![("spec".to_owned(), spec)];
    for n in [10, 100, 1000] {
        inputs.push((format!("n{n}"), codegen::synth::spec(n)));
    }
    inputs
}

fn pieces<'a>(files: &'a [emit::Emitted<'a>]) -> Vec<&'a emit::Piece<'a>> {
    files
        .iter()
        .flat_map(|f| match &f.content {
            emit::Content::Rust(pieces) => pieces.iter().collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let options = Options::default();
    for (name, text) in inputs() {
        let mut group = c.benchmark_group(format!("generate/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if name == "n1000" {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        let path = std::path::Path::new("bench.yaml");
        let load = |text: &str| {
            SpecSet::load(text, "bench.yaml", path, None, &InMemory::default()).expect("loads")
        };
        let set = load(&text);
        let (api, _) = lower::lower(&set, &options).expect("lowers");
        group.bench_function(BenchmarkId::from_parameter("load"), |b| {
            b.iter(|| load(black_box(&text)))
        });
        group.bench_function(BenchmarkId::from_parameter("lower"), |b| {
            b.iter(|| lower::lower(black_box(&set), &options).expect("lowers"))
        });
        // Emitting is lazy (files are lists of pieces that make their tokens when asked), so
        // this stage makes every piece's tokens, on one thread.
        group.bench_function(BenchmarkId::from_parameter("emit"), |b| {
            b.iter(|| {
                let files = emit::emit(black_box(&api));
                pieces(&files)
                    .iter()
                    .map(|p| {
                        p().0
                            .into_iter()
                            .map(|chunk| match chunk {
                                emit::Chunk::Tokens(t) | emit::Chunk::Nested(t, _) => {
                                    t.into_iter().count()
                                }
                                emit::Chunk::Text(text) => text.len(),
                            })
                            .sum::<usize>()
                    })
                    .sum::<usize>()
            })
        });
        // Parsing with syn and printing with prettyplease, on one thread, of tokens made
        // beforehand; the pipeline spreads tokens, parsing and printing over the cores.
        let files = emit::emit(&api);
        // The texts (the codec tables) are written as they are, so only token streams count.
        let tokens: Vec<proc_macro2::TokenStream> = pieces(&files)
            .iter()
            .flat_map(|p| p().0)
            .filter_map(|chunk| match chunk {
                emit::Chunk::Tokens(t) | emit::Chunk::Nested(t, _) => Some(t),
                emit::Chunk::Text(_) => None,
            })
            .collect();
        group.bench_function(BenchmarkId::from_parameter("format"), |b| {
            b.iter_batched(
                || tokens.clone(),
                |tokens| {
                    tokens
                        .into_iter()
                        .map(|t| {
                            prettyplease::unparse(&syn::parse2::<syn::File>(t).expect("parses"))
                                .len()
                        })
                        .sum::<usize>()
                },
                criterion::BatchSize::PerIteration,
            )
        });
        group.bench_function(BenchmarkId::from_parameter("pipeline"), |b| {
            b.iter(|| {
                codegen::generate(black_box(&text), "bench.yaml", &options).expect("generates")
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
