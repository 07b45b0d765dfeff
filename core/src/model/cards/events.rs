//! The details of the events the widget dispatches on its host, as docs/embedding.md ("Events") and the
//! TypeScript types (`LoadedDetail`, `ErrorDetail`) give them. A token is never part of one.

use crate::model::cards::recommendations::Recommendation;
use crate::model::{CardData, CardKind, Fresh, ScoreError};
use serde::Serialize;

/// `defender-scores:loaded`: `{ card, score, time }`, for the groups card
/// `{ card, groups: [{ name, score }], time }`, for the recommendations card
/// `{ card, recommendations: [{ id, name, exposureImpact, configScoreImpact, exposedDevices,
/// totalDevices, publicExploit, activeAlert }], active, time }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadedDetail<'a> {
    /// `exposure`, `device` or `groups`.
    pub card: &'static str,
    /// The score (exposure and device cards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Each device group's name and score (groups card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupDetail<'a>>>,
    /// The recommendations the card shows, first to last (recommendations card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<&'a [Recommendation]>,
    /// How many recommendations are active in all (recommendations card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<usize>,
    /// The API's `time` as an ISO 8601 text; `null` for a groups reading without groups. The
    /// recommendations API gives no time: theirs is when the reading was received.
    pub time: Option<String>,
}

/// One device group in a [`LoadedDetail`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDetail<'a> {
    /// `rbacGroupName`.
    pub name: &'a str,
    /// The group's exposure score.
    pub score: f64,
}

impl LoadedDetail<'_> {
    /// The detail of a reading; `top` is how many recommendations the card shows, `iso`
    /// writes an instant (ms since the epoch) as ISO 8601.
    pub fn of(fresh: &Fresh, top: usize, iso: impl FnOnce(f64) -> String) -> LoadedDetail<'_> {
        let data = &fresh.data;
        let (mut score, mut groups, mut recommendations, mut active) = (None, None, None, None);
        match data {
            CardData::Exposure(e) => score = Some(e.score),
            CardData::Device(d) => score = Some(d.score),
            CardData::Recommendations(r) => {
                recommendations = Some(r.first(top));
                active = Some(r.active);
            }
            CardData::Groups(g) => {
                let each = g.groups.iter().map(|group| GroupDetail {
                    name: &group.name,
                    score: group.score,
                });
                groups = Some(each.collect());
            }
        }
        // The recommendations API gives no time: when the reading arrived stands for it.
        let received = recommendations.is_some().then_some(fresh.received_ms);
        let time = data.time().map(|t| t.epoch_ms).or(received);
        LoadedDetail {
            card: data.kind().as_str(),
            score,
            groups,
            recommendations,
            active,
            time: time.map(iso),
        }
    }
}

/// `defender-scores:error`: `{ card, status, code, message, target, error, retryAfter? }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail<'a> {
    /// The card.
    pub card: &'static str,
    /// The HTTP status; 0 when no HTTP answer came.
    pub status: u16,
    /// The OData error `code`, else `null`.
    pub code: Option<&'a str>,
    /// The OData error `message`, else the `data-error` value.
    pub message: &'a str,
    /// The OData error `target`, else `null`.
    pub target: Option<&'a str>,
    /// The `data-error` value.
    pub error: &'static str,
    /// Seconds until the next automatic try; absent when none is planned or known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
}

impl ErrorDetail<'_> {
    /// The detail of `kind`'s failure.
    pub fn of(kind: CardKind, e: &ScoreError) -> ErrorDetail<'_> {
        ErrorDetail {
            card: kind.as_str(),
            status: e.status,
            code: e.code.as_deref(),
            message: e.message.as_deref().unwrap_or(e.kind.as_str()),
            target: e.target.as_deref(),
            error: e.kind.as_str(),
            retry_after: e.retry_after_seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cards::recommendations::Recommendations;
    use crate::model::{
        DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, ErrorKind, Timestamp,
    };
    use serde_json::json;

    fn iso(ms: f64) -> String {
        format!("@{ms}")
    }

    fn fresh(data: CardData) -> Fresh {
        Fresh {
            data,
            received_ms: 77.0,
        }
    }

    #[test]
    fn the_recommendations_card_reports_the_rows_it_shows_the_active_count_and_when_received() {
        let row = |name: &str, exposure: f64| Recommendation {
            id: format!("id-{name}"),
            name: name.into(),
            exposure_impact: exposure,
            config_score_impact: 0.0,
            exposed_devices: 2,
            total_devices: 3,
            public_exploit: true,
            active_alert: false,
        };
        let ranked = Recommendations::rank(vec![row("A", 3.0), row("B", 2.0), row("C", 1.0)], 20);
        let data = CardData::Recommendations(ranked);
        let detail = serde_json::to_value(LoadedDetail::of(&fresh(data), 2, iso)).expect("json");
        let one = |name: &str, exposure: f64| {
            json!({
                "id": format!("id-{name}"), "name": name, "exposureImpact": exposure,
                "configScoreImpact": 0.0, "exposedDevices": 2, "totalDevices": 3,
                "publicExploit": true, "activeAlert": false
            })
        };
        assert_eq!(
            detail,
            json!({
                "card": "recommendations",
                "recommendations": [one("A", 3.0), one("B", 2.0)],
                "active": 3,
                "time": "@77"
            })
        );
    }

    #[test]
    fn a_score_card_reports_its_score_and_time() {
        let data = CardData::Device(DeviceSecureScore {
            score: 340.0,
            time: Timestamp { epoch_ms: 5.0 },
        });
        let detail = serde_json::to_value(LoadedDetail::of(&fresh(data), 5, iso)).expect("json");
        assert_eq!(
            detail,
            json!({ "card": "device", "score": 340.0, "time": "@5" })
        );
    }

    #[test]
    fn the_groups_card_reports_each_group_and_null_time_without_groups() {
        let group = |name: &str, score| DeviceGroupScore {
            name: name.into(),
            id: Some("secret-id".into()),
            score,
            time: Timestamp { epoch_ms: 9.0 },
        };
        let data = CardData::Groups(DeviceGroupScores::new(vec![
            group("GroupOne", 41.5),
            group("GroupTwo", 12.0),
        ]));
        let detail = serde_json::to_value(LoadedDetail::of(&fresh(data), 5, iso)).expect("json");
        assert_eq!(
            detail,
            json!({
                "card": "groups",
                "groups": [{ "name": "GroupOne", "score": 41.5 }, { "name": "GroupTwo", "score": 12.0 }],
                "time": "@9"
            })
        );
        let empty = CardData::Groups(DeviceGroupScores::new(Vec::new()));
        let detail = serde_json::to_value(LoadedDetail::of(&fresh(empty), 5, iso)).expect("json");
        assert_eq!(
            detail,
            json!({ "card": "groups", "groups": [], "time": null })
        );
    }

    #[test]
    fn an_error_reports_the_odata_fields_as_null_when_absent_and_retry_after_only_when_known() {
        let bare = ScoreError::network("offline");
        let detail =
            serde_json::to_value(ErrorDetail::of(CardKind::Exposure, &bare)).expect("json");
        assert_eq!(
            detail,
            json!({
                "card": "exposure", "status": 0, "code": null, "message": "offline",
                "target": null, "error": "network"
            })
        );
        let mut full = ScoreError::new(ErrorKind::Throttled, 429);
        full.code = Some("TooManyRequests".into());
        full.target = Some("t-1".into());
        full.retry_after_seconds = Some(42);
        let detail = serde_json::to_value(ErrorDetail::of(CardKind::Groups, &full)).expect("json");
        assert_eq!(
            detail,
            json!({
                "card": "groups", "status": 429, "code": "TooManyRequests", "message": "throttled",
                "target": "t-1", "error": "throttled", "retryAfter": 42
            })
        );
    }
}
