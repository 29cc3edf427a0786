// `name` is not nullable: a patch can set it but not clear it.
use carrierx_core::Patch;
use carrierx_core::models::PartnerPatch;

fn main() {
    let _patch = PartnerPatch {
        name: Patch::Null,
        ..Default::default()
    };
}
