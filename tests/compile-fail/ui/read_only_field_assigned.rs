// A read-only attribute of a received object can be read but not assigned.
use carrierx_core::models::Partner;

fn main() {
    let mut partner: Partner = serde_json::from_str("{}").unwrap();
    println!("{:?}", partner.balance());
    partner.balance = None;
}
