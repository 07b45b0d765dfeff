//! The scores and security recommendations a tenant reports, the built-in
//! demo tenant, and the bodies of the endpoints built from them.
//!
//! [`recommendation`] holds the recommendation type, the demo tenant's list
//! and the recommendations body.

pub mod recommendation;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::endpoint::Endpoint;
use crate::odata::{score_number, METADATA_BASE};
use crate::query::Listing;
use crate::timestamp;
use recommendation::{collection_body, Recommendation};

/// The tenant names `--tenant` accepts.
pub const TENANT_NAMES: [&str; 1] = ["demo"];

/// The scores and recommendations one tenant reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Tenant {
    /// The exposure score, 0 to 100, lower is better.
    pub exposure_score: f64,
    /// The device secure score (`configurationScore`), raw points.
    pub configuration_score: f64,
    /// The exposure score of each device group.
    pub groups: Vec<GroupScore>,
    /// The security recommendations, in the order served.
    pub recommendations: Vec<Recommendation>,
}

/// The exposure score of one device group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupScore {
    /// `rbacGroupName`.
    pub name: String,
    /// `score`.
    pub score: f64,
    /// `rbacGroupId`, a number or a string; absent in the documented examples.
    pub id: Option<Value>,
}

impl GroupScore {
    fn new(name: &str, score: f64, id: Option<u64>) -> GroupScore {
        GroupScore {
            name: name.to_string(),
            score,
            id: id.map(Value::from),
        }
    }
}

impl Tenant {
    /// The demo tenant: the documented example values (exposure score
    /// 33.491554051195706, device secure score 340, GroupOne and GroupTwo
    /// without `rbacGroupId`) plus four groups that span every band, and
    /// the demo recommendations (the documented one first).
    pub fn demo() -> Tenant {
        Tenant {
            exposure_score: 33.491554051195706,
            configuration_score: 340.0,
            groups: vec![
                GroupScore::new("GroupOne", 41.38041766305988, None),
                GroupScore::new("GroupTwo", 37.403726933165366, None),
                GroupScore::new("Finance laptops", 72.6, Some(3)),
                GroupScore::new("Datacenter servers", 55.2, Some(4)),
                GroupScore::new("Kiosks", 12.4, Some(5)),
                GroupScore::new("Ungrouped devices (default)", 28.9, Some(6)),
            ],
            recommendations: Recommendation::demo(),
        }
    }

    /// The tenant named `name`, if there is one (see [`TENANT_NAMES`]).
    pub fn named(name: &str) -> Option<Tenant> {
        (name == "demo").then(Tenant::demo)
    }

    /// The body `endpoint` answers with, `time` being now; `listing`
    /// selects the recommendations (the score endpoints ignore it).
    pub fn body(&self, endpoint: Endpoint, listing: &Listing) -> Vec<u8> {
        let written = match endpoint {
            Endpoint::ExposureScore => serde_json::to_vec(&ScoreEntity {
                context: format!("{METADATA_BASE}#ExposureScore/$entity"),
                time: timestamp::now(),
                score: score_number(self.exposure_score),
            }),
            Endpoint::ConfigurationScore => serde_json::to_vec(&ScoreEntity {
                context: format!("{METADATA_BASE}#ConfigurationScore/$entity"),
                time: timestamp::now(),
                score: score_number(self.configuration_score),
            }),
            Endpoint::ByMachineGroups => serde_json::to_vec(&GroupCollection {
                context: format!("{METADATA_BASE}#ExposureScore"),
                value: self
                    .groups
                    .iter()
                    .map(|group| GroupEntity {
                        time: timestamp::now(),
                        score: score_number(group.score),
                        rbac_group_name: &group.name,
                        rbac_group_id: group.id.as_ref(),
                    })
                    .collect(),
            }),
            Endpoint::Recommendations => return collection_body(&self.recommendations, listing),
        };
        written.unwrap_or_default()
    }

    /// The tenant as the control API shows it.
    pub fn to_json(&self) -> Value {
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|group| {
                let mut entry = json!({
                    "rbacGroupName": group.name,
                    "score": score_number(group.score),
                });
                if let (Some(id), Some(object)) = (&group.id, entry.as_object_mut()) {
                    object.insert("rbacGroupId".into(), id.clone());
                }
                entry
            })
            .collect();
        json!({
            "exposureScore": score_number(self.exposure_score),
            "configurationScore": score_number(self.configuration_score),
            "groups": groups,
            "recommendations": self.recommendations,
        })
    }

    /// Applies a control-API update (each field optional); on error nothing
    /// changes and the message says what was wrong.
    pub fn apply(&mut self, update: &Value) -> Result<(), String> {
        let update = TenantUpdate::deserialize(update)
            .map_err(|e| format!("cannot use this tenant: {e}"))?;
        let mut groups = None;
        if let Some(given) = update.groups {
            let mut checked = Vec::with_capacity(given.len());
            for (index, group) in given.into_iter().enumerate() {
                if let Some(id) = &group.rbac_group_id {
                    if !(id.is_number() || id.is_string()) {
                        return Err(format!(
                            "groups[{index}].rbacGroupId must be a number or a string, not {id}"
                        ));
                    }
                }
                checked.push(GroupScore {
                    name: group.rbac_group_name,
                    score: group.score,
                    id: group.rbac_group_id,
                });
            }
            groups = Some(checked);
        }
        if let Some(score) = update.exposure_score {
            self.exposure_score = score;
        }
        if let Some(score) = update.configuration_score {
            self.configuration_score = score;
        }
        if let Some(groups) = groups {
            self.groups = groups;
        }
        if let Some(recommendations) = update.recommendations {
            self.recommendations = recommendations;
        }
        Ok(())
    }
}

/// `exposureScore` and `configurationScore` bodies, fields in documented order.
#[derive(Serialize)]
struct ScoreEntity {
    #[serde(rename = "@odata.context")]
    context: String,
    time: String,
    score: Value,
}

/// The `ByMachineGroups` body.
#[derive(Serialize)]
struct GroupCollection<'a> {
    #[serde(rename = "@odata.context")]
    context: String,
    value: Vec<GroupEntity<'a>>,
}

/// One element of `value` in the `ByMachineGroups` body.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupEntity<'a> {
    time: String,
    score: Value,
    rbac_group_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rbac_group_id: Option<&'a Value>,
}

/// `PUT /_emulator/tenant` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TenantUpdate {
    exposure_score: Option<f64>,
    configuration_score: Option<f64>,
    groups: Option<Vec<GroupUpdate>>,
    recommendations: Option<Vec<Recommendation>>,
}

/// One group in `PUT /_emulator/tenant`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GroupUpdate {
    rbac_group_name: String,
    score: f64,
    rbac_group_id: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(bytes: Vec<u8>) -> Value {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }

    fn everything() -> Listing {
        Listing::everything(10_000, String::new())
    }

    #[test]
    fn the_demo_tenant_answers_the_documented_values() {
        let demo = Tenant::demo();
        let exposure = parsed(demo.body(Endpoint::ExposureScore, &everything()));
        assert_eq!(exposure["score"], json!(33.491554051195706));
        let device = parsed(demo.body(Endpoint::ConfigurationScore, &everything()));
        assert_eq!(device["score"], json!(340));
        let groups = parsed(demo.body(Endpoint::ByMachineGroups, &everything()));
        assert_eq!(groups["value"][0]["rbacGroupName"], "GroupOne");
        assert!(groups["value"][0].get("rbacGroupId").is_none());
        assert_eq!(groups["value"][2]["rbacGroupId"], 3);
    }

    #[test]
    fn score_bodies_keep_the_documented_field_order() {
        let text = String::from_utf8(Tenant::demo().body(Endpoint::ExposureScore, &everything()))
            .unwrap_or_default();
        let context = text.find("@odata.context").unwrap_or(usize::MAX);
        let time = text.find("\"time\"").unwrap_or(usize::MAX);
        let score = text.find("\"score\"").unwrap_or(usize::MAX);
        assert!(context < time && time < score, "{text}");
    }

    #[test]
    fn updates_change_only_the_fields_given() {
        let mut tenant = Tenant::demo();
        tenant.apply(&json!({"exposureScore": 80.5})).unwrap();
        assert_eq!(tenant.exposure_score, 80.5);
        assert_eq!(tenant.configuration_score, 340.0);
        assert_eq!(tenant.groups.len(), 6);
        assert_eq!(tenant.recommendations, Recommendation::demo());
    }

    #[test]
    fn an_update_can_replace_the_recommendations() {
        let mut tenant = Tenant::demo();
        let mut item = serde_json::to_value(&tenant.recommendations[0]).unwrap_or_default();
        item["recommendationName"] = json!("<b>Update</b> Windows 11");
        tenant
            .apply(&json!({"recommendations": [item.clone(), item]}))
            .unwrap();
        assert_eq!(tenant.recommendations.len(), 2);
        assert_eq!(
            tenant.recommendations[1].recommendation_name,
            "<b>Update</b> Windows 11"
        );
        assert_eq!(tenant.exposure_score, Tenant::demo().exposure_score);
        tenant.apply(&json!({"recommendations": []})).unwrap();
        assert!(tenant.recommendations.is_empty());
    }

    #[test]
    fn bad_updates_change_nothing() {
        let mut tenant = Tenant::demo();
        let bad = json!({"exposureScore": 1.0, "groups": [{"rbacGroupName": "x", "score": 1, "rbacGroupId": [1]}]});
        assert!(tenant.apply(&bad).is_err());
        let bad_item = json!({"exposureScore": 1.0, "recommendations": [{"id": "x"}]});
        assert!(tenant.apply(&bad_item).is_err());
        assert!(tenant.apply(&json!({"exposureScroe": 1.0})).is_err());
        assert_eq!(tenant, Tenant::demo());
    }

    #[test]
    fn the_tenant_view_round_trips_through_an_update() {
        let mut tenant = Tenant {
            exposure_score: 0.0,
            configuration_score: 0.0,
            groups: Vec::new(),
            recommendations: Vec::new(),
        };
        tenant.apply(&Tenant::demo().to_json()).unwrap();
        assert_eq!(tenant, Tenant::demo());
    }
}
