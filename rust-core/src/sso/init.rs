//! `Initialize-AWSSSOConfiguration`.

use super::Transport;
use crate::error::Result;
use crate::interact::Interaction;
use serde_json::Value;

pub async fn run(_req: Value, _ui: &Interaction, _http: &Transport) -> Result<Value> {
    Err(crate::ops::not_implemented("Initialize-AWSSSOConfiguration"))
}
