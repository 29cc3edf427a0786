//! Compile-fail tests live in `compile_fail.rs` and `ui/`; this library is empty.
