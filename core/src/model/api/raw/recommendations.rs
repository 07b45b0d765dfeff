//! A page of `GET /api/recommendations` as decoded, and its checks into the
//! [`Recommendation`]s a card shows: only `Active` ones are kept; every field the card uses
//! must be there, of its type and in its range, or the whole answer is refused naming it.
//!
//! Its types are its own, not [`RawBody`](super::RawBody)'s: a body type's members are
//! compiled into every read of it, and the score cards need none of these.

use super::{collection_items, index_path, number, wrong_type, Problem, RawMembers, BODY};
use crate::model::api::json::{members, AnArray, AnObject, Found};
use crate::model::cards::recommendations::{Recommendation, MAX_ID_BYTES};
use crate::model::cards::scores::MAX_DEVICE_POINTS;

/// The most devices a recommendation may count (a plausibility bound, far above any tenant).
const MAX_DEVICES: f64 = 1e9;

/// A page of `GET /api/recommendations` as decoded: its collection members, each kept as it
/// came.
#[derive(Debug, Default)]
pub struct RawRecommendationBody {
    value: Option<AnArray<AnObject<RawRecommendation>>>,
    next_link: Option<Found>,
    error: Option<AnObject<RawMembers>>,
}

members!(RawRecommendationBody {
    "value" => value,
    "@odata.nextLink" => next_link,
    "error" => error,
});

/// One item of `value`, as decoded: the members the card uses.
#[derive(Debug, Default)]
pub struct RawRecommendation {
    id: Option<Found>,
    name: Option<Found>,
    status: Option<Found>,
    exposure_impact: Option<Found>,
    config_score_impact: Option<Found>,
    exposed_machines: Option<Found>,
    total_machines: Option<Found>,
    public_exploit: Option<Found>,
    active_alert: Option<Found>,
}

members!(RawRecommendation {
    "id" => id,
    "recommendationName" => name,
    "status" => status,
    "exposureImpact" => exposure_impact,
    "configScoreImpact" => config_score_impact,
    "exposedMachinesCount" => exposed_machines,
    "totalMachineCount" => total_machines,
    "publicExploit" => public_exploit,
    "activeAlert" => active_alert,
});

/// One page of `GET /api/recommendations`, as decoded.
#[derive(Debug)]
pub struct RawRecommendationPage(RawRecommendationBody);

impl RawRecommendationPage {
    /// The decoded page, which must be an object.
    pub fn from_body(
        body: AnObject<RawRecommendationBody>,
    ) -> Result<RawRecommendationPage, Problem> {
        body.require(BODY).map(RawRecommendationPage)
    }

    /// Checks one page; `offset` is how many items earlier pages held (for field paths).
    /// Returns the page's `Active` recommendations, how many items it held in all, and the
    /// raw `@odata.nextLink`, if it had one.
    pub fn into_recommendations(
        self,
        offset: usize,
    ) -> Result<(Vec<Recommendation>, usize, Option<Found>), Problem> {
        let RawRecommendationPage(mut body) = self;
        let items = collection_items(body.value.take(), &body.error)?;
        let count = items.len();
        let mut active = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let at = |f: &str| index_path(offset + i, f);
            if let Some(recommendation) = item.require(&at(""))?.into_recommendation(at)? {
                active.push(recommendation);
            }
        }
        Ok((active, count, body.next_link.take()))
    }
}

/// A non-empty string member.
fn text(value: Option<Found>, field: &str) -> Result<String, Problem> {
    match value {
        Some(Found::Text(t)) if !t.trim().is_empty() => Ok(t),
        None | Some(Found::Null | Found::Text(_)) => Err(Problem::Missing(field.into())),
        Some(other) => Err(wrong_type(field, "a string", &other)),
    }
}

/// A `true` or `false` member.
fn flag(value: &Option<Found>, field: &str) -> Result<bool, Problem> {
    match value {
        Some(Found::Bool(b)) => Ok(*b),
        None | Some(Found::Null) => Err(Problem::Missing(field.into())),
        Some(other) => Err(wrong_type(field, "true or false", other)),
    }
}

/// A finite number from 0 to `max`; `range` says so in words.
fn bounded(
    value: &Option<Found>,
    field: &str,
    max: f64,
    range: &'static str,
) -> Result<f64, Problem> {
    let n = number(value, field)?;
    if (0.0..=max).contains(&n) {
        Ok(n)
    } else {
        Err(Problem::OutOfRange {
            field: field.into(),
            value: n,
            range,
        })
    }
}

/// A whole count of devices.
fn devices(value: &Option<Found>, field: &str) -> Result<u64, Problem> {
    let n = bounded(value, field, MAX_DEVICES, "0 to 1e9 devices")?;
    if n.fract() == 0.0 {
        Ok(n as u64)
    } else {
        Err(Problem::OutOfRange {
            field: field.into(),
            value: n,
            range: "whole devices",
        })
    }
}

impl RawRecommendation {
    /// Checks one recommendation; `at` names its fields (`value[3].exposureImpact`). `None`
    /// when it is not `Active` (an exception the organisation accepted).
    fn into_recommendation(
        mut self,
        at: impl Fn(&str) -> String,
    ) -> Result<Option<Recommendation>, Problem> {
        if text(self.status.take(), &at(".status"))? != "Active" {
            return Ok(None);
        }
        let id = text(self.id.take(), &at(".id"))?;
        if id.len() > MAX_ID_BYTES {
            return Err(Problem::TooLong {
                field: at(".id"),
                limit: MAX_ID_BYTES,
            });
        }
        let exposed_devices = devices(&self.exposed_machines, &at(".exposedMachinesCount"))?;
        let total_devices = devices(&self.total_machines, &at(".totalMachineCount"))?;
        if exposed_devices > total_devices {
            return Err(Problem::OutOfRange {
                field: at(".exposedMachinesCount"),
                value: exposed_devices as f64,
                range: "0 to totalMachineCount",
            });
        }
        Ok(Some(Recommendation {
            name: text(self.name.take(), &at(".recommendationName"))?,
            exposure_impact: bounded(
                &self.exposure_impact,
                &at(".exposureImpact"),
                100.0,
                "0 to 100",
            )?,
            config_score_impact: bounded(
                &self.config_score_impact,
                &at(".configScoreImpact"),
                MAX_DEVICE_POINTS,
                "0 to 1e9 points",
            )?,
            exposed_devices,
            total_devices,
            public_exploit: flag(&self.public_exploit, &at(".publicExploit"))?,
            active_alert: flag(&self.active_alert, &at(".activeAlert"))?,
            id,
        }))
    }
}

#[cfg(test)]
mod tests;
