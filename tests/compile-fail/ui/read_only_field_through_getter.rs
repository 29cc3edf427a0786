// The getter of a read-only attribute gives a shared reference: no writing through it.
use carrierx_core::models::Did;

fn main() {
    let did: Did = serde_json::from_str(r#"{"capabilities":7}"#).unwrap();
    *did.capabilities().unwrap() = 31;
}
