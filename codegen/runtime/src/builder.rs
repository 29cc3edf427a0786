//! The struct and `send()` of a generated call builder, from one line of a table: the part of
//! every builder that is the same for every operation but for names and types. Setters and
//! `stream()`, which differ from operation to operation, are printed by the generator.

/// A call builder: the struct (the client, the required arguments, the operation's `Params`)
/// and its `send()`, which runs the operation's sans-IO `request` and `response` through
/// [`Transport::run`](crate::Transport::run).
///
/// The struct's attributes and head; then the module of the operation in the generated crate's
/// `operations`, its operation id, what a success reads as and the operation's error type; then,
/// if it has required arguments, the tuple type that holds them, the pattern that takes them
/// apart and the names in the order `request` takes them.
///
/// ```text
/// call! {
///     /// A call of `GET /dids/{did_sid}`.
///     pub struct GetDid<'a> = get_did "getDid" -> crate::models::Did, crate::errors::GetDidError;
///     args (&'a str,) as (a0,) => a0
/// }
/// ```
///
/// The names the struct and `send()` use (`client`, `args`, `params`, `transport` and the
/// generator's `a0`, `a1`, ...) are the macro's or the generator's own, never the spec's.
#[doc(hidden)]
#[macro_export]
#[allow(
    clippy::crate_in_macro_def,
    reason = "`crate` is the generated crate, whose `Client` and `operations` the builder names"
)]
macro_rules! call {
    (
        $(#[$attr:meta])*
        pub struct $name:ident<'a> = $module:ident $id:literal -> $ok:ty, $error:ty;
        $(args $args:ty as $pattern:tt => $($arg:ident)*)?
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct $name<'a> {
            pub(crate) client: &'a crate::Client,
            $(
                #[allow(clippy::type_complexity, reason = "the operation's arguments, as many as it has")]
                pub(crate) args: $args,
            )?
            pub(crate) params: crate::operations::$module::Params,
        }

        impl<'a> $name<'a> {
            /// Sends the request and reads the answer. The future is `Send` (so it can be
            /// spawned on a multi-threaded runtime) whenever the answer's types are, as
            /// every generated type is.
            // No `+ Send` in the signature: the future's auto traits show through `impl
            // Future` all the same, and proving them here, for every operation, was about
            // a sixth of checking a generated crate (codegen/BENCHMARKS.md); the proof is
            // made where a program needs it, for the calls it spawns.
            #[inline]
            pub fn send(
                self,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<$ok, $crate::Error<$error>>,
            > + 'a {
                let transport =
                    <crate::Client as ::core::convert::AsRef<$crate::Transport>>::as_ref(
                        self.client,
                    );
                $(let $pattern = self.args;)?
                transport.run(
                    crate::operations::$module::request(
                        transport.base_url(),
                        $($($arg,)*)?
                        &self.params,
                    ),
                    crate::operations::$module::SECURITY,
                    $id,
                    crate::operations::$module::METHOD,
                    crate::operations::$module::PATH,
                    crate::operations::$module::response,
                )
            }
        }
    };
}
