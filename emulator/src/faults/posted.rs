//! The body of `POST /_emulator/faults`: one fault, an array of them, or a
//! schedule of steps for one endpoint, each step a fault of its own.

use serde_json::Value;

use super::spec::parse_fault;
use super::{Fault, Times};

/// The faults in a `POST /_emulator/faults` body: one object or an array.
pub fn parse_faults(body: &[u8]) -> Result<Vec<Fault>, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    match value {
        Value::Array(items) if items.is_empty() => {
            Err("an empty array queues no fault; post a fault object or an array of them".into())
        }
        Value::Array(items) => {
            let mut faults = Vec::new();
            for (index, item) in items.into_iter().enumerate() {
                faults.extend(parse_entry(item).map_err(|e| format!("fault [{index}]: {e}"))?);
            }
            Ok(faults)
        }
        single => parse_entry(single),
    }
}

/// One posted object: a fault, or `{"endpoint", "schedule": [step, …]}`
/// that becomes one fault per step, all for that endpoint.
fn parse_entry(value: Value) -> Result<Vec<Fault>, String> {
    let Value::Object(mut object) = value else {
        return Err(format!("a fault is a JSON object, not {value}"));
    };
    let Some(schedule) = object.remove("schedule") else {
        return parse_fault(Value::Object(object)).map(|fault| vec![fault]);
    };
    if let Some(other) = object.keys().find(|key| *key != "endpoint") {
        return Err(format!(
            "a schedule has only endpoint beside it, not {other}; put {other} in its steps"
        ));
    }
    let endpoint = object.remove("endpoint");
    let Value::Array(steps) = schedule else {
        return Err("schedule is an array of fault objects".into());
    };
    if steps.is_empty() {
        return Err("an empty schedule queues no fault".into());
    }
    let last = steps.len() - 1;
    let mut faults = Vec::with_capacity(steps.len());
    for (index, step) in steps.into_iter().enumerate() {
        let fault = parse_step(step, endpoint.as_ref())
            .map_err(|e| format!("schedule step [{index}]: {e}"))?;
        if fault.times == Times::Always && index != last {
            return Err(format!(
                "schedule step [{index}]: only the last step may have times \"always\"; later steps would never answer"
            ));
        }
        faults.push(fault);
    }
    Ok(faults)
}

/// A schedule step: a fault without `endpoint`, which it takes from the schedule.
fn parse_step(step: Value, endpoint: Option<&Value>) -> Result<Fault, String> {
    let Value::Object(mut object) = step else {
        return Err(format!("a step is a JSON object, not {step}"));
    };
    for key in ["endpoint", "schedule"] {
        if object.contains_key(key) {
            return Err(format!("a step cannot have its own {key}"));
        }
    }
    if let Some(endpoint) = endpoint {
        object.insert("endpoint".into(), endpoint.clone());
    }
    parse_fault(Value::Object(object))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::endpoint::Endpoint;
    use crate::faults::FaultTarget;

    fn one(json: Value) -> Result<Fault, String> {
        parse_faults(json.to_string().as_bytes()).map(|mut faults| faults.remove(0))
    }

    #[test]
    fn mistakes_are_refused_with_a_reason() {
        for (bad, says) in [
            (json!({"endpont": "*"}), "unknown field"),
            (json!({"endpoint": "machines"}), "unknown endpoint"),
            (json!({"status": 199}), "200 to 599"),
            (json!({"status": 600}), "200 to 599"),
            (json!({"status": "500"}), "invalid type"),
            (json!({"body": "x", "json": {}}), "not both"),
            (json!({"times": 0}), "at least 1"),
            (json!({"delayMs": 600_001}), "at most"),
            (json!({"headers": {"bad name": "x"}}), "not a header name"),
            (json!({"headers": {"Content-Length": "1"}}), "cannot set"),
            (json!([]), "empty array"),
            (json!(5), "JSON object"),
            (json!({"times": "often"}), "\"always\""),
            (json!({"times": 1.5}), "whole number"),
            (
                json!({"drip": {"chunkBytes": 0, "everyMs": 1}}),
                "at least 1",
            ),
            (json!({"drip": {"chunkBytes": 1}}), "everyMs"),
            (
                json!({"drip": {"chunkBytes": 1, "everyMs": 600_001}}),
                "at most",
            ),
            (json!({"redirect": "/x", "status": 200}), "300 to 399"),
            (json!({"redirect": ""}), "not a URL"),
            (
                json!({"redirect": "/x", "headers": {"Location": "/y"}}),
                "not both",
            ),
            (
                json!({"retryAfter": 1, "headers": {"retry-after": "2"}}),
                "not both",
            ),
            (json!({"retryAfter": 1, "redirect": "/x"}), "not both"),
            (json!({"passThrough": true, "status": 500}), "not status"),
            (json!({"schedule": []}), "empty schedule"),
            (json!({"schedule": {}}), "array"),
            (json!({"schedule": [{}], "times": 2}), "only endpoint"),
            (json!({"schedule": [{"endpoint": "*"}]}), "own endpoint"),
            (json!({"schedule": [{"schedule": []}]}), "own schedule"),
            (
                json!({"schedule": [{"times": "always"}, {}]}),
                "only the last",
            ),
            (json!({"schedule": [5]}), "JSON object"),
            (json!({"body": "", "dropAfterBytes": 1}), "empty"),
            (json!({"redirect": "/x", "dropAfterBytes": 1}), "empty"),
        ] {
            let error = one(bad.clone()).err().unwrap_or_default();
            assert!(error.contains(says), "{bad} gave {error:?}");
        }
    }

    #[test]
    fn a_schedule_becomes_one_fault_per_step_for_its_endpoint() {
        let faults = parse_faults(
            json!({"endpoint": "ByMachineGroups", "schedule": [{"status": 500}, {"passThrough": true}]})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(faults.len(), 2);
        assert!(faults
            .iter()
            .all(|f| f.target == FaultTarget::Only(Endpoint::ByMachineGroups)));
        assert!(!faults[0].pass_through && faults[1].pass_through);
        assert_eq!(
            faults[1].spec,
            json!({"endpoint": "ByMachineGroups", "passThrough": true})
        );
    }
}
