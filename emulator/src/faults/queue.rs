//! The faults waiting to answer, oldest first.

use std::collections::VecDeque;

use serde_json::{json, Value};

use super::{Fault, Times};
use crate::endpoint::Endpoint;

/// The queued faults, oldest first.
#[derive(Debug, Default)]
pub struct FaultQueue {
    faults: VecDeque<Fault>,
}

impl FaultQueue {
    /// Queues faults after those already waiting.
    pub fn push(&mut self, faults: Vec<Fault>) {
        self.faults.extend(faults);
    }

    /// Drops every fault; returns how many there were.
    pub fn clear(&mut self) -> usize {
        let count = self.faults.len();
        self.faults.clear();
        count
    }

    /// How many faults wait.
    pub fn len(&self) -> usize {
        self.faults.len()
    }

    /// Whether no fault waits.
    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }

    /// The earliest fault matching `endpoint`, used once (an `"always"`
    /// fault stays).
    pub fn take(&mut self, endpoint: Endpoint) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(endpoint))?;
        let fault = self.faults.get_mut(index)?;
        let Times::Count(times) = fault.times else {
            return Some(fault.clone());
        };
        fault.times = Times::Count(times.saturating_sub(1));
        let answer = fault.clone();
        if times <= 1 {
            self.faults.remove(index);
        }
        Some(answer)
    }

    /// The waiting faults as posted, each with the uses it has left (a
    /// number, or `"always"`).
    pub fn to_json(&self) -> Value {
        let pending: Vec<Value> = self
            .faults
            .iter()
            .map(|fault| {
                let remaining = match fault.times {
                    Times::Count(count) => json!(count),
                    Times::Always => json!("always"),
                };
                json!({"fault": fault.spec, "remaining": remaining})
            })
            .collect();
        json!({ "pending": pending })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::posted::parse_faults;

    #[test]
    fn faults_answer_first_in_first_out_and_star_matches_any_endpoint() {
        let mut queue = FaultQueue::default();
        queue.push(
            parse_faults(
                json!([
                    {"endpoint": "configurationScore", "status": 500},
                    {"endpoint": "*", "status": 502, "times": 2},
                    {"endpoint": "exposureScore", "status": 503}
                ])
                .to_string()
                .as_bytes(),
            )
            .unwrap(),
        );
        let status = |fault: Option<Fault>| fault.map(|f| f.status.as_u16());
        assert_eq!(status(queue.take(Endpoint::ExposureScore)), Some(502));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), Some(500));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), Some(502));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), None);
        assert_eq!(status(queue.take(Endpoint::ExposureScore)), Some(503));
        assert!(queue.is_empty());
    }

    #[test]
    fn an_always_fault_stays_in_front_of_later_faults_for_its_endpoint() {
        let mut queue = FaultQueue::default();
        queue.push(
            parse_faults(
                json!([
                    {"endpoint": "exposureScore", "status": 503, "times": "always"},
                    {"endpoint": "*", "status": 500}
                ])
                .to_string()
                .as_bytes(),
            )
            .unwrap(),
        );
        let status = |fault: Option<Fault>| fault.map(|f| f.status.as_u16());
        for _ in 0..3 {
            assert_eq!(status(queue.take(Endpoint::ExposureScore)), Some(503));
        }
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), Some(500));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), None);
        assert_eq!(queue.to_json()["pending"][0]["remaining"], "always");
    }
}
