// A nullable received field says what it holds (`Nullable::Absent`, `Null` or `Value`); the
// nested option that could not tell a reader which `None` is which is gone.
use carrierx_core::models::Did;

fn clear(did: &mut Did) {
    did.callback_url = Some(None);
}

fn main() {}
