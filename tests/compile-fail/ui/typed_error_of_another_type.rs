// An API error's typed body is the operation's own `errors` type: asking for another type
// (here the success model) does not compile, where `typed::<T>()` once gave a silent `None`.
use carrierx_core::models::Partner;
use carrierx_core::{Error, operations};

fn main() {
    let response = carrierx_core::http::Response::builder()
        .status(404)
        .body(Vec::new())
        .unwrap();
    if let Err(Error::Api(api)) = operations::get_partner::response(&response) {
        let _partner: &Partner = api.typed();
    }
}
