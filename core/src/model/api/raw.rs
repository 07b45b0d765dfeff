//! The three response bodies as they arrive (`serde`, read permissively through
//! [`crate::model::api::json`]) and their validation into the typed scores of [`crate::model::cards::scores`].
//!
//! Decoding never fails on a member of the wrong type: every member is kept as what it was,
//! and validation names the field and what was wrong ("value[2].score is 101, outside 0 to
//! 100"). Validation runs in a fixed order: an error body first, then each field.

use crate::model::api::json::{members, AnArray, AnObject, Decoded, Found};
use crate::model::api::problem::Problem;
use crate::model::cards::numbers::number_text;
use crate::model::cards::recommendations::Recommendation;
use crate::model::cards::scores::{
    is_device_score, is_exposure_score, DeviceGroupScore, DeviceSecureScore, ExposureScore,
    MAX_GROUPS,
};
use crate::model::cards::time::Timestamp;
use crate::model::snapshot::Failure;
use crate::model::storage::history::KeptRecords;
use crate::model::storage::stored::StoredItem;

/// What a body must be: a JSON object; named so in messages.
const BODY: &str = "the body";

/// Any body as decoded: the members of the three endpoints' bodies, of the OData error
/// envelope and of the snapshot folder's two files (`snapshot.json`, `history.json`; read in
/// [`crate::model::snapshot`]), each kept as it came. One type for every body (and one,
/// [`RawMembers`], for every object inside one), because each decoded type is compiled once
/// per map reader of the deserializer: fewer types, less code. A member a body does not have
/// is `None`.
#[derive(Debug, Default)]
pub struct RawBody {
    score: Option<Found>,
    time: Option<Found>,
    value: Option<AnArray<AnObject<RawMembers>>>,
    next_link: Option<Found>,
    error: Option<AnObject<RawMembers>>,
    /// A folder file's `format`.
    pub(crate) format: Option<Found>,
    /// A folder file's `version`.
    pub(crate) version: Option<Found>,
    /// A folder file's `tenant`.
    pub(crate) tenant: Option<Found>,
    /// `snapshot.json`'s `cloud`.
    pub(crate) cloud: Option<Found>,
    /// `snapshot.json`'s `apiBase`.
    pub(crate) api_base: Option<Found>,
    /// `snapshot.json`'s `publishedAt`.
    pub(crate) published_at: Option<Found>,
    /// `snapshot.json`'s `everySeconds`.
    pub(crate) every_seconds: Option<Found>,
    /// `snapshot.json`'s `nextDueAt`.
    pub(crate) next_due_at: Option<Found>,
    /// `snapshot.json`'s `readings`: objects read as group items are.
    pub(crate) readings: Option<AnArray<AnObject<RawMembers>>>,
    /// `snapshot.json`'s `failure`, decoded strictly (serde names what was wrong).
    pub(crate) failure: Option<Decoded<Failure>>,
    /// `history.json`'s `records` (damaged records dropped; not an array: serde's words).
    pub(crate) records: Option<Decoded<KeptRecords>>,
}

/// An object inside a body, as decoded: an item of `value` (a group), the OData `error`, or
/// an entry of a snapshot's `readings`. Its members are kept as they came (a reading's
/// `items` strictly, as the reading cache stores them); nested objects are not walked.
#[derive(Debug, Default)]
pub struct RawMembers {
    score: Option<Found>,
    time: Option<Found>,
    name: Option<Found>,
    id: Option<Found>,
    /// The OData error's `code`.
    pub code: Option<Found>,
    /// The OData error's `message`.
    pub message: Option<Found>,
    /// The OData error's `target`.
    pub target: Option<Found>,
    /// A snapshot reading's `kind`.
    pub(crate) kind: Option<Found>,
    /// A snapshot reading's `receivedMs`.
    pub(crate) received_ms: Option<Found>,
    /// A snapshot reading's `items`.
    pub(crate) items: Option<Decoded<Vec<StoredItem>>>,
    /// A snapshot recommendations reading's `active`.
    pub(crate) active: Option<Found>,
    /// A snapshot recommendations reading's `top`, strictly (as the reading cache stores it).
    pub(crate) top: Option<Decoded<Vec<Recommendation>>>,
}

members!(RawBody {
    "score" => score,
    "time" => time,
    "value" => value,
    "@odata.nextLink" => next_link,
    "error" => error,
    "format" => format,
    "version" => version,
    "tenant" => tenant,
    "cloud" => cloud,
    "apiBase" => api_base,
    "publishedAt" => published_at,
    "everySeconds" => every_seconds,
    "nextDueAt" => next_due_at,
    "readings" => readings,
    "failure" => failure,
    "records" => records,
});

members!(RawMembers {
    "score" => score,
    "time" => time,
    "rbacGroupName" => name,
    "rbacGroupId" => id,
    "code" => code,
    "message" => message,
    "target" => target,
    "kind" => kind,
    "receivedMs" => received_ms,
    "items" => items,
    "active" => active,
    "top" => top,
});

impl RawBody {
    /// The OData `error` member: absent (`None`), an object, or something else.
    pub fn error(self) -> Option<AnObject<RawMembers>> {
        self.error
    }
}

/// A single-score body (`exposureScore`, `configurationScore`), as decoded.
#[derive(Debug)]
pub struct RawScore(RawBody);

/// One page of `ByMachineGroups`, as decoded.
#[derive(Debug)]
pub struct RawGroupPage(RawBody);

impl RawScore {
    /// The decoded body, which must be an object.
    pub fn from_body(body: AnObject<RawBody>) -> Result<RawScore, Problem> {
        body.require(BODY).map(RawScore)
    }
}

impl RawGroupPage {
    /// The decoded page, which must be an object.
    pub fn from_body(body: AnObject<RawBody>) -> Result<RawGroupPage, Problem> {
        body.require(BODY).map(RawGroupPage)
    }
}

/// `value[i]` followed by `rest` (".score", or nothing).
fn index_path(i: usize, rest: &str) -> String {
    format!("value[{i}]{rest}")
}

fn wrong_type(field: &str, expected: &'static str, found: &Found) -> Problem {
    Problem::WrongType {
        field: field.into(),
        expected,
        found: found.type_name(),
    }
}

fn number(value: &Option<Found>, field: &str) -> Result<f64, Problem> {
    match value {
        None | Some(Found::Null) => Err(Problem::Missing(field.into())),
        // `+ 0.0` turns a `-0` into 0, so that no card shows "-0".
        Some(Found::Number(n)) if n.is_finite() => Ok(*n + 0.0),
        Some(Found::Number(_)) => Err(Problem::NotFinite(field.into())),
        Some(other) => Err(wrong_type(field, "a number", other)),
    }
}

fn exposure_number(value: &Option<Found>, field: &str) -> Result<f64, Problem> {
    let n = number(value, field)?;
    if is_exposure_score(n) {
        Ok(n)
    } else {
        Err(Problem::OutOfRange {
            field: field.into(),
            value: n,
            range: "0 to 100",
        })
    }
}

fn time(value: &Option<Found>, field: &str) -> Result<Timestamp, Problem> {
    match value {
        None | Some(Found::Null) => Err(Problem::Missing(field.into())),
        Some(Found::Text(t)) => Timestamp::parse(t).ok_or_else(|| Problem::BadTime(field.into())),
        Some(other) => Err(wrong_type(field, "a timestamp string", other)),
    }
}

fn error_body(error: &Option<AnObject<RawMembers>>) -> Result<(), Problem> {
    match error {
        None | Some(AnObject::Not("null")) => Ok(()),
        Some(_) => Err(Problem::ErrorBody { code: None }),
    }
}

impl RawScore {
    /// Validates an exposure score: a finite number within 0-100 and a valid `time`.
    pub fn into_exposure(self) -> Result<ExposureScore, Problem> {
        let RawScore(body) = self;
        error_body(&body.error)?;
        Ok(ExposureScore {
            score: exposure_number(&body.score, "score")?,
            time: time(&body.time, "time")?,
        })
    }

    /// Validates a device secure score: a finite, non-negative, plausible number and a valid `time`.
    pub fn into_device(self) -> Result<DeviceSecureScore, Problem> {
        let RawScore(body) = self;
        error_body(&body.error)?;
        let score = number(&body.score, "score")?;
        if !is_device_score(score) {
            return Err(Problem::OutOfRange {
                field: "score".into(),
                value: score,
                range: "0 to 1e9 points",
            });
        }
        Ok(DeviceSecureScore {
            score,
            time: time(&body.time, "time")?,
        })
    }
}

impl RawMembers {
    /// Validates one group; `at` names its fields (`value[3].score`).
    fn into_group(mut self, at: impl Fn(&str) -> String) -> Result<DeviceGroupScore, Problem> {
        // Members are taken (`take`), not moved out, so an early return drops `self` whole.
        let name = match self.name.take() {
            Some(Found::Text(n)) if !n.trim().is_empty() => n,
            None | Some(Found::Null | Found::Text(_)) => {
                return Err(Problem::Missing(at(".rbacGroupName")))
            }
            Some(other) => return Err(wrong_type(&at(".rbacGroupName"), "a string", &other)),
        };
        let id = match self.id.take() {
            None | Some(Found::Null) => None,
            Some(Found::Text(t)) => Some(t),
            Some(Found::Number(n)) if n.is_finite() => Some(number_text(n)),
            Some(other) => {
                return Err(wrong_type(
                    &at(".rbacGroupId"),
                    "a string or number",
                    &other,
                ))
            }
        };
        Ok(DeviceGroupScore {
            score: exposure_number(&self.score, &at(".score"))?,
            time: time(&self.time, &at(".time"))?,
            name,
            id,
        })
    }
}

/// The items of an OData collection page's `value`, each an object still to check, given the
/// page's `error` member. A `value` that is not an array at all is named before an error body.
fn collection_items<T>(
    value: Option<AnArray<AnObject<T>>>,
    error: &Option<AnObject<RawMembers>>,
) -> Result<Vec<AnObject<T>>, Problem> {
    let items = match value {
        None | Some(AnArray::Not(Found::Null)) => None,
        Some(AnArray::Not(other)) => return Err(wrong_type("value", "an array", &other)),
        Some(AnArray::Array(items)) => Some(items),
    };
    error_body(error)?;
    items.ok_or_else(|| Problem::Missing("value".into()))
}

impl RawGroupPage {
    /// Validates one page; `offset` is how many groups earlier pages held (for field paths).
    /// Returns the groups and the raw `@odata.nextLink`, if the page had one.
    pub fn into_groups(
        self,
        offset: usize,
    ) -> Result<(Vec<DeviceGroupScore>, Option<Found>), Problem> {
        let RawGroupPage(mut body) = self;
        let items = collection_items(body.value.take(), &body.error)?;
        let mut groups = Vec::with_capacity(items.len().min(MAX_GROUPS));
        for (i, item) in items.into_iter().enumerate() {
            let at = |f: &str| index_path(offset + i, f);
            groups.push(item.require(&at(""))?.into_group(at)?);
        }
        let next = body.next_link.take().filter(|link| *link != Found::Null);
        Ok((groups, next))
    }
}

pub mod recommendations;

#[cfg(test)]
mod tests;
