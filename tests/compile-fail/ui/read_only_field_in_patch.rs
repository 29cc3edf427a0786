// A read-only attribute does not exist on the patch type.
use carrierx_core::models::PartnerPatch;

fn main() {
    let _patch = PartnerPatch {
        balance: None,
        ..Default::default()
    };
}
