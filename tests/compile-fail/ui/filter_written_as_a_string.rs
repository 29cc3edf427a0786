// A filter is built with `Filter`, which quotes values and refuses what it cannot write; a
// hand-made string does not compile where a filter goes.
use carrierx_core::operations::list_dids;

fn main() {
    let _request = list_dids::request(
        "https://api.carrierx.com/core/v2",
        &list_dids::Params::default().filter("phonenumber like %555%"),
    );
}
