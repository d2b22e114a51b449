//! What this module knows about AWS Regions, in one place: the regions it knows by name
//! ([`known`]: codes, names and partitions, for tab completion and messages) and the rule every
//! region given by a user, the environment or a profile must pass before it goes into a host
//! name, a signing scope or the config file ([`valid`]: the partitions' patterns, so regions
//! newer than the module still work).

pub mod known;
pub mod valid;

pub use known::{lookup, Region, REGIONS};
pub use valid::{partition_of, validate_region, validate_region_as};

use crate::error::Result;
use serde_json::{json, Value};

/// The one-shot operation behind completion: `{"regions":[{"code","name","partition"}]}`.
/// The request is ignored (it carries only the environment).
pub async fn list_op(_req: Value) -> Result<Value> {
    let regions: Vec<Value> =
        REGIONS.iter().map(|r| json!({ "code": r.code, "name": r.name, "partition": r.partition })).collect();
    Ok(json!({ "regions": regions }))
}
