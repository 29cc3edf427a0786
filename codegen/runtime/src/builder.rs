//! The struct, `send()` and client method of a generated call builder, from a few lines of
//! a table: the part of every builder that is the same for every operation but for names
//! and types. Setters and `stream()`, which differ from operation to operation, are printed
//! by the generator.

/// A call builder: the struct (the client, the required arguments, the operation's `Params`),
/// its `send()`, which runs the operation's sans-IO `request` and `response` through
/// [`Transport::run`](crate::Transport::run), and the `Client` method that makes it.
///
/// The struct's attributes and head; then the module of the operation in the generated crate's
/// `operations`, its operation id, what a success reads as and the operation's error type;
/// then the client method's attributes and its required arguments, in the order `request`
/// takes them. A builder holds the arguments in a tuple; past twelve (the most `Clone` and
/// `Debug` take), the generator gives the nested pattern and type they are held in
/// (`as ((a, ..., l), (m,)): ((A, ..., L), (M,))`).
///
/// ```text
/// call! {
///     /// A call of `GET /dids/{did_sid}`.
///     pub struct GetDid<'a> = get_did "getDid" -> crate::models::Did, crate::errors::GetDidError;
///     /// `GET /dids/{did_sid}`: Get a DID
///     pub fn get_did(did_sid: &'a str);
/// }
/// ```
///
/// The names the macro gives (`client`, `args`, `params`, `transport`) are fields or
/// hygienic locals: an argument of the same name from the spec is a different variable.
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
        $(#[$method_attr:meta])*
        pub fn $method:ident($($arg:ident: $arg_ty:ty),* $(,)?) as $pattern:tt: $packed:ty;
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct $name<'a> {
            pub(crate) client: &'a crate::Client,
            #[allow(clippy::type_complexity, reason = "the operation's arguments, as many as it has")]
            pub(crate) args: $packed,
            pub(crate) params: crate::operations::$module::Params,
        }

        impl crate::Client {
            $(#[$method_attr])*
            // Inline and not `async`: the call builder sends it, through the runtime's future;
            // a program compiles only the operations it uses.
            #[inline]
            pub fn $method<'a>(&'a self, $($arg: $arg_ty),*) -> $name<'a> {
                $name {
                    client: self,
                    args: $pattern,
                    params: ::core::default::Default::default(),
                }
            }
        }

        impl<'a> $name<'a> {
            /// Sends the request and reads the answer. The future is `Send`, so it can be
            /// spawned on a multi-threaded runtime.
            #[inline]
            pub fn send(self) -> $crate::Sending<'a, $ok, $error> {
                let transport =
                    <crate::Client as ::core::convert::AsRef<$crate::Transport>>::as_ref(
                        self.client,
                    );
                let $pattern = self.args;
                transport.run(
                    crate::operations::$module::request(
                        transport.base_url(),
                        $($arg,)*
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
    (
        $(#[$attr:meta])*
        pub struct $name:ident<'a> = $module:ident $id:literal -> $ok:ty, $error:ty;
        $(#[$method_attr:meta])*
        pub fn $method:ident($($arg:ident: $arg_ty:ty),* $(,)?);
    ) => {
        $crate::call! {
            $(#[$attr])*
            pub struct $name<'a> = $module $id -> $ok, $error;
            $(#[$method_attr])*
            pub fn $method($($arg: $arg_ty),*) as ($($arg,)*): ($($arg_ty,)*);
        }
    };
}
