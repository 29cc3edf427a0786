//! The only stage that knows Rust syntax: IR in, token streams and file texts out. This
//! module only says which printer makes which file; `tokens` and `signature` hold what the
//! printers share.

mod calls;
mod changes;
mod client;
mod codecs;
mod doctext;
mod errors;
mod examples;
mod frame;
mod models;
mod operations;
mod signature;
mod tokens;

use proc_macro2::TokenStream;

use crate::ir::Api;

pub use frame::{MODULE_LINTS, REEXPORTS};

/// One piece of a Rust file: the module's inner attributes, or one or more items, produced
/// on demand by the format stage on whichever thread formats it (token streams cannot move
/// between threads), so that no whole file's tokens are ever held at once.
pub type Piece<'a> = Box<dyn Fn() -> Code + Send + Sync + 'a>;

/// What a piece produces, in order: token streams for the printer, and texts already in their
/// printed form.
pub struct Code(pub Vec<Chunk>);

/// A part of a piece.
pub enum Chunk {
    /// Items to parse and print.
    Tokens(TokenStream),
    /// Items written as they are: the codec tables (invocations of the runtime's table
    /// macros), one property per line. syn and prettyplease would only flow their tokens
    /// into filled lines, and skipping them is a good part of generation time.
    Text(String),
    /// Items to parse and print, then indent by this many spaces: items inside a table
    /// macro's braces, which rustfmt leaves as they are.
    Nested(TokenStream, usize),
}

/// A piece that is token streams only.
fn piece<'a>(tokens: impl Fn() -> TokenStream + Send + Sync + 'a) -> Piece<'a> {
    Box::new(move || tokens().into())
}

impl From<TokenStream> for Code {
    fn from(tokens: TokenStream) -> Self {
        Code(vec![Chunk::Tokens(tokens)])
    }
}

/// What one generated file holds before formatting.
pub enum Content<'a> {
    /// Rust code, in pieces, formatted by the next stage.
    Rust(Vec<Piece<'a>>),
    /// Text written as it is: the Cargo manifest, and `lib.rs`, which is kept in the shape
    /// rustfmt gives it so that `cargo fmt --check` passes on the generated crate.
    Text(String),
}

/// One file of the generated crate, by path relative to the crate root.
pub struct Emitted<'a> {
    /// For example `src/models.rs`.
    pub path: &'static str,
    /// Its content.
    pub content: Content<'a>,
}

/// Every file of the generated crate.
pub fn emit(api: &Api) -> Vec<Emitted<'_>> {
    let mut files = vec![
        Emitted {
            path: "Cargo.toml",
            content: Content::Text(frame::manifest(api)),
        },
        Emitted {
            path: "src/lib.rs",
            content: Content::Text(frame::lib(api)),
        },
        Emitted {
            path: "src/models.rs",
            content: Content::Rust(models::models(api)),
        },
        Emitted {
            path: "src/errors.rs",
            content: Content::Rust(errors::errors(api)),
        },
        Emitted {
            path: "src/operations.rs",
            content: Content::Rust(operations::operations(api)),
        },
        Emitted {
            path: "src/client.rs",
            content: Content::Rust(client::client(api)),
        },
        Emitted {
            path: "src/calls.rs",
            content: Content::Rust(calls::calls(api)),
        },
        Emitted {
            path: "src/servers.rs",
            content: Content::Rust(frame::servers(api)),
        },
    ];
    if !api.examples.is_empty() {
        files.push(Emitted {
            path: "src/examples.rs",
            content: Content::Rust(examples::examples(api)),
        });
    }
    files
}
