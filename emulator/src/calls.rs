//! The log of API calls the control API reports (never any token).

use std::collections::{HashMap, VecDeque};

use serde_json::{json, Value};

use crate::endpoint::Endpoint;

/// How many calls the log keeps; the counts go on past it.
pub const KEPT_CALLS: usize = 10_000;

/// One API call as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The HTTP method.
    pub method: String,
    /// The request path, without the query.
    pub path: String,
    /// The status answered.
    pub status: u16,
    /// The `Origin` header, if any.
    pub origin: Option<String>,
}

/// Every API call since the start or the last reset.
#[derive(Debug, Default)]
pub struct CallLog {
    total: u64,
    by_endpoint: HashMap<Endpoint, u64>,
    calls: VecDeque<Call>,
}

impl CallLog {
    /// Records a call, to `endpoint` if it named one.
    pub fn record(&mut self, endpoint: Option<Endpoint>, call: Call) {
        self.total += 1;
        if let Some(endpoint) = endpoint {
            *self.by_endpoint.entry(endpoint).or_default() += 1;
        }
        if self.calls.len() == KEPT_CALLS {
            self.calls.pop_front();
        }
        self.calls.push_back(call);
    }

    /// Forgets every call.
    pub fn clear(&mut self) {
        *self = CallLog::default();
    }

    /// `{"total", "byEndpoint", "calls"}` as `GET /_emulator/calls` answers.
    pub fn to_json(&self) -> Value {
        let by_endpoint: serde_json::Map<String, Value> = Endpoint::ALL
            .iter()
            .map(|endpoint| {
                let count = self.by_endpoint.get(endpoint).copied().unwrap_or(0);
                (endpoint.name().to_string(), Value::from(count))
            })
            .collect();
        let calls: Vec<Value> = self
            .calls
            .iter()
            .map(|call| {
                json!({
                    "method": call.method,
                    "path": call.path,
                    "status": call.status,
                    "origin": call.origin,
                })
            })
            .collect();
        json!({ "total": self.total, "byEndpoint": by_endpoint, "calls": calls })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(path: &str) -> Call {
        Call {
            method: "GET".into(),
            path: path.into(),
            status: 200,
            origin: None,
        }
    }

    #[test]
    fn calls_are_counted_per_endpoint_and_in_total() {
        let mut log = CallLog::default();
        log.record(Some(Endpoint::ExposureScore), call("/api/exposureScore"));
        log.record(None, call("/api/machines"));
        let shown = log.to_json();
        assert_eq!(shown["total"], 2);
        assert_eq!(shown["byEndpoint"]["exposureScore"], 1);
        assert_eq!(shown["byEndpoint"]["ByMachineGroups"], 0);
        assert_eq!(shown["calls"][1]["path"], "/api/machines");
        assert_eq!(shown["calls"][1]["origin"], Value::Null);
    }

    #[test]
    fn the_log_keeps_the_latest_calls_but_counts_all() {
        let mut log = CallLog::default();
        for _ in 0..KEPT_CALLS + 5 {
            log.record(None, call("/api/x"));
        }
        let shown = log.to_json();
        assert_eq!(shown["total"], (KEPT_CALLS + 5) as u64);
        assert_eq!(shown["calls"].as_array().map(Vec::len), Some(KEPT_CALLS));
    }
}
