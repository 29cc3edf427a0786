// There is no spelling of null for a non-nullable patch field either.
use carrierx_core::models::DidGroupPatch;

fn main() {
    let _patch = DidGroupPatch {
        name: Some(None),
        ..Default::default()
    };
}
