//! Fault injection: a queue of faults, each applied to the next N requests whose path starts
//! with its prefix. Control-API paths (`/_emulator/…`) are never faulted (the router checks them
//! first).
//!
//! How a `500` or `throttle` looks on the wire depends on the service; each service module has a
//! `fault_response` that the router calls, and [`json_fault`] is the default for JSON services.

use std::collections::VecDeque;
use std::sync::Mutex;

use hyper::{Body, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::respond;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    /// Answer a server error (500) in the service's error shape.
    #[serde(rename = "500")]
    InternalError,
    /// Answer the service's throttling error.
    #[serde(rename = "throttle")]
    Throttle,
    /// Sleep `delayMs`, then answer normally.
    #[serde(rename = "delay")]
    Delay,
    /// Close the connection without any response.
    #[serde(rename = "drop")]
    Drop,
    /// Answer normally, then apply `patch` (a JSON merge patch, RFC 7386) to a successful JSON
    /// answer: how tests send a client values no real service would, such as `expiresIn` 2^64-1.
    #[serde(rename = "patch")]
    Patch,
    /// Answer `status` with `body` (and `contentType`, default JSON) instead of the service, such
    /// as an STS error with a 1 MB message.
    #[serde(rename = "respond")]
    Respond,
}

impl FaultKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::InternalError => "500",
            FaultKind::Throttle => "throttle",
            FaultKind::Delay => "delay",
            FaultKind::Drop => "drop",
            FaultKind::Patch => "patch",
            FaultKind::Respond => "respond",
        }
    }
}

/// The body of `POST /_emulator/faults`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    pub kind: FaultKind,
    /// How many matching requests to affect (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Sleep before answering. Required in effect for `delay` (default 1000 there); for the other
    /// kinds it delays the fault itself (default 0).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Only requests whose path starts with this are affected (default: every service path).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// For `patch`: the merge patch (an object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<serde_json::Value>,
    /// For `respond`: the status, body and content type to answer with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

fn one() -> u32 {
    1
}

/// What the router must do to one request.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedFault {
    pub kind: FaultKind,
    pub delay_ms: u64,
    pub patch: Option<serde_json::Value>,
    /// `(status, content type, body)` for `respond`.
    pub reply: Option<(u16, String, String)>,
}

#[derive(Default)]
pub struct FaultQueue {
    queue: Mutex<VecDeque<FaultSpec>>,
}

impl FaultQueue {
    pub fn push(&self, spec: FaultSpec) -> Result<(), String> {
        if spec.count == 0 {
            return Err("count must be at least 1".into());
        }
        if spec.kind == FaultKind::Patch && !spec.patch.as_ref().is_some_and(serde_json::Value::is_object) {
            return Err("a patch fault needs \"patch\", a JSON object (merge patch)".into());
        }
        if spec.kind == FaultKind::Respond && (spec.status.is_none() || spec.body.is_none()) {
            return Err("a respond fault needs \"status\" and \"body\"".into());
        }
        self.queue.lock().unwrap().push_back(spec);
        Ok(())
    }

    pub fn clear(&self) -> usize {
        let mut q = self.queue.lock().unwrap();
        let n = q.len();
        q.clear();
        n
    }

    pub fn pending(&self) -> Vec<FaultSpec> {
        self.queue.lock().unwrap().iter().cloned().collect()
    }

    /// Takes one use of the first queued fault that matches `path` (FIFO), removing it when used up.
    pub fn take(&self, path: &str) -> Option<AppliedFault> {
        let mut q = self.queue.lock().unwrap();
        let idx = q.iter().position(|f| path.starts_with(f.path_prefix.as_deref().unwrap_or("")))?;
        let f = &mut q[idx];
        f.count -= 1;
        let applied = AppliedFault {
            kind: f.kind,
            delay_ms: f.delay_ms.unwrap_or(if f.kind == FaultKind::Delay { 1000 } else { 0 }),
            patch: f.patch.clone(),
            reply: match (f.status, &f.body) {
                (Some(status), Some(body)) => {
                    Some((status, f.content_type.clone().unwrap_or_else(|| "application/json".into()), body.clone()))
                }
                _ => None,
            },
        };
        if f.count == 0 {
            q.remove(idx);
        }
        Some(applied)
    }
}

/// Applies a JSON merge patch (RFC 7386): `null` removes a member, objects merge, anything else
/// replaces.
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    let serde_json::Value::Object(members) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = serde_json::Value::Object(Default::default());
    }
    let object = target.as_object_mut().expect("made an object above");
    for (k, v) in members {
        if v.is_null() {
            object.remove(k);
        } else {
            merge_patch(object.entry(k.clone()).or_insert(serde_json::Value::Null), v);
        }
    }
}

/// Default error shape for JSON services (sign-in, SSO OIDC, SSO portal) until a service
/// defines its own: 500 `{"error":"InternalFailure",…}`; throttle 429 `{"error":"slow_down",…}`
/// plus `x-amzn-ErrorType: TooManyRequestsException`.
pub fn json_fault(kind: FaultKind) -> Response<Body> {
    match kind {
        FaultKind::Throttle => {
            let mut r = respond::json(429, &json!({"error": "slow_down", "message": "Rate exceeded"}));
            r.headers_mut()
                .insert("x-amzn-ErrorType", hyper::header::HeaderValue::from_static("TooManyRequestsException"));
            r
        }
        _ => respond::json(500, &json!({"error": "InternalFailure", "message": "Injected fault: internal failure"})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_apply_in_order_for_count_requests_and_respect_prefix() {
        let q = FaultQueue::default();
        q.push(serde_json::from_str(r#"{"kind":"throttle","count":2,"pathPrefix":"/v1/"}"#).unwrap()).unwrap();
        q.push(serde_json::from_str(r#"{"kind":"delay"}"#).unwrap()).unwrap();
        assert_eq!(
            q.take("/").unwrap(),
            AppliedFault { kind: FaultKind::Delay, delay_ms: 1000, patch: None, reply: None }
        );
        assert_eq!(q.take("/").map(|f| f.kind), None);
        assert_eq!(q.take("/v1/token").unwrap().kind, FaultKind::Throttle);
        assert_eq!(q.take("/v1/token").unwrap().kind, FaultKind::Throttle);
        assert!(q.take("/v1/token").is_none());
        assert!(serde_json::from_str::<FaultSpec>(r#"{"kind":"explode"}"#).is_err());
        assert!(q.push(serde_json::from_str(r#"{"kind":"500","count":0}"#).unwrap()).is_err());
        assert!(q.push(serde_json::from_str(r#"{"kind":"patch"}"#).unwrap()).is_err());
        assert!(q.push(serde_json::from_str(r#"{"kind":"respond","status":403}"#).unwrap()).is_err());
    }

    #[test]
    fn merge_patches() {
        let mut v = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": 4});
        merge_patch(&mut v, &json!({"a": 18446744073709551615u64, "b": {"c": null, "x": "y"}, "e": null, "n": [1]}));
        assert_eq!(v, json!({"a": 18446744073709551615u64, "b": {"d": 3, "x": "y"}, "n": [1]}));
    }
}
