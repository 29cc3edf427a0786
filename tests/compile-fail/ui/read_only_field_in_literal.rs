// A received object cannot be forged with read-only values in a struct literal.
use carrierx_core::models::DidGroup;

fn main() {
    let _group = DidGroup {
        did_group_sid: "forged".into(),
        ..Default::default()
    };
}
