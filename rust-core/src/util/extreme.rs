//! The extreme values every property test of a number a service sends feeds to its parser (the
//! bug they guard against: `expiresIn` = 2^64-1 or 2^63-1 panicked when added to the clock). One
//! list, so that a value added for one service is tried against all of them.

use serde_json::{json, Value};

/// Zero, negatives, the integer limits, 2^53 (where JSON numbers stop being exact in most
/// parsers), a fraction, a huge float, and values of the wrong JSON type.
pub fn json_numbers() -> Vec<Value> {
    vec![
        json!(0),
        json!(-1),
        json!(i64::MIN),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(1u64 << 53),
        json!(1.5),
        json!(1e300),
        json!("900"),
        json!(null),
        json!(true),
    ]
}
