//! The three responses: typed, validated, and what their numbers mean.

use super::error::Problem;
use super::loose::{expect_object, field, Json, Loose};
use super::numbers::number_text;
use super::time::Timestamp;

/// The three cards, in their default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardKind {
    /// Organisation exposure score (`/api/exposureScore`).
    Exposure,
    /// Microsoft Secure Score for Devices (`/api/configurationScore`).
    Device,
    /// Exposure score per device group (`/api/exposureScore/ByMachineGroups`).
    Groups,
}

impl CardKind {
    /// Every card, in the default order.
    pub const ALL: [CardKind; 3] = [CardKind::Exposure, CardKind::Device, CardKind::Groups];

    /// The `data-card` value and the name used in options and events.
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Exposure => "exposure",
            CardKind::Device => "device",
            CardKind::Groups => "groups",
        }
    }

    /// Reads a card name as the `cards` option spells it.
    pub fn parse(name: &str) -> Option<CardKind> {
        CardKind::ALL
            .into_iter()
            .find(|c| c.as_str() == name.trim())
    }

    /// The API path (below the API base) this card reads.
    pub fn path(self) -> &'static str {
        match self {
            CardKind::Exposure => "/api/exposureScore",
            CardKind::Device => "/api/configurationScore",
            CardKind::Groups => "/api/exposureScore/ByMachineGroups",
        }
    }

    /// Which way the score is better.
    pub fn direction(self) -> Direction {
        match self {
            CardKind::Device => Direction::HigherIsBetter,
            CardKind::Exposure | CardKind::Groups => Direction::LowerIsBetter,
        }
    }
}

/// Which way a score is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Exposure: a lower score means less exposure.
    LowerIsBetter,
    /// Device secure score: more points mean more resilient devices.
    HigherIsBetter,
}

/// Exposure level as Defender Vulnerability Management defines it: 0-29 low, 30-69 medium, 70-100 high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExposureBand {
    /// 0-29.
    Low,
    /// 30-69.
    Medium,
    /// 70-100.
    High,
}

impl ExposureBand {
    /// The band of a score as it is shown, rounded to a whole number, so that
    /// the number on screen and its band always agree (29.6 shows as 30: medium).
    pub fn of(score: f64) -> ExposureBand {
        let shown = score.round();
        if shown >= 70.0 {
            ExposureBand::High
        } else if shown >= 30.0 {
            ExposureBand::Medium
        } else {
            ExposureBand::Low
        }
    }

    /// The `data-band` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ExposureBand::Low => "low",
            ExposureBand::Medium => "medium",
            ExposureBand::High => "high",
        }
    }
}

/// The organisation exposure score: 0-100, lower is better.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureScore {
    /// The score, 0-100.
    pub score: f64,
    /// When the API was called (the documented meaning of `time`).
    pub time: Timestamp,
}

impl ExposureScore {
    /// Its exposure band.
    pub fn band(&self) -> ExposureBand {
        ExposureBand::of(self.score)
    }
}

/// Microsoft Secure Score for Devices: raw points, higher is better, no documented maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceSecureScore {
    /// The points, not negative.
    pub score: f64,
    /// When the API was called.
    pub time: Timestamp,
}

/// One device group's exposure score.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceGroupScore {
    /// `rbacGroupName`, shown as text (never as markup).
    pub name: String,
    /// `rbacGroupId`, when present (string or number in the wild).
    pub id: Option<String>,
    /// Exposure score, 0-100.
    pub score: f64,
    /// When the API was called.
    pub time: Timestamp,
}

impl DeviceGroupScore {
    /// Its exposure band.
    pub fn band(&self) -> ExposureBand {
        ExposureBand::of(self.score)
    }
}

/// Exposure per device group, sorted worst (highest) first, then by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceGroupScores {
    /// The groups, worst first.
    pub groups: Vec<DeviceGroupScore>,
}

impl DeviceGroupScores {
    /// Sorts `groups` worst first (ties by name) and keeps them.
    pub fn new(groups: Vec<DeviceGroupScore>) -> DeviceGroupScores {
        DeviceGroupScores {
            groups: worst_first(groups),
        }
    }

    /// The most exposed group.
    pub fn worst(&self) -> Option<&DeviceGroupScore> {
        self.groups.first()
    }

    /// The latest `time` among the groups.
    pub fn time(&self) -> Option<Timestamp> {
        self.groups
            .iter()
            .map(|g| g.time)
            .max_by(|a, b| a.epoch_ms.total_cmp(&b.epoch_ms))
    }
}

/// Whether `a` goes before `b`: higher score first, then by name.
fn before(a: &DeviceGroupScore, b: &DeviceGroupScore) -> bool {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.name.cmp(&b.name))
        .is_lt()
}

/// A stable merge sort, worst first: a few hundred bytes of wasm where `slice::sort_by`
/// costs kilobytes. At most 20,000 groups, so about 15 levels deep.
fn worst_first(mut groups: Vec<DeviceGroupScore>) -> Vec<DeviceGroupScore> {
    if groups.len() < 2 {
        return groups;
    }
    let right = groups.split_off(groups.len() / 2);
    let mut left = worst_first(groups).into_iter().peekable();
    let mut right = worst_first(right).into_iter().peekable();
    let mut out = Vec::with_capacity(left.len() + right.len());
    loop {
        let next = match (left.peek(), right.peek()) {
            (Some(l), Some(r)) if before(r, l) => right.next(),
            (Some(_), _) => left.next(),
            (None, _) => right.next(),
        };
        match next {
            Some(group) => out.push(group),
            None => return out,
        }
    }
}

/// Largest device secure score accepted as plausible; far above any real tenant.
pub const MAX_DEVICE_POINTS: f64 = 1e9;
/// Most device groups the widget accepts over all pages.
pub const MAX_GROUPS: usize = 20_000;
/// Most `@odata.nextLink` pages the widget follows.
pub const MAX_PAGES: usize = 50;

/// A single-score body (`exposureScore`, `configurationScore`), read loosely.
#[derive(Debug)]
pub struct RawScore {
    score: Option<Loose>,
    time: Option<Loose>,
    error: Option<Loose>,
}

/// One page of `ByMachineGroups`, read loosely.
#[derive(Debug)]
pub struct RawGroupPage {
    value: Option<Vec<RawGroup>>,
    next_link: Option<Loose>,
    error: Option<Loose>,
}

/// One item of `value`, read loosely.
#[derive(Debug)]
pub struct RawGroup {
    /// The item's JSON type when it is not an object (then nothing else was read).
    not_object: Option<&'static str>,
    score: Option<Loose>,
    time: Option<Loose>,
    name: Option<Loose>,
    id: Option<Loose>,
}

impl RawScore {
    /// Reads a parsed body: it must be an object; its members are only noted here.
    pub fn read<J: Json>(body: &J) -> Result<RawScore, Problem> {
        expect_object(body, "the body")?;
        Ok(RawScore {
            score: field(body, "score"),
            time: field(body, "time"),
            error: field(body, "error"),
        })
    }
}

impl RawGroupPage {
    /// Reads a parsed page: an object whose `value`, when present, is an array of objects.
    pub fn read<J: Json>(body: &J) -> Result<RawGroupPage, Problem> {
        expect_object(body, "the body")?;
        let value = match body.member("value") {
            None => None,
            Some(v) => match v.loose() {
                Loose::Null => None,
                Loose::Array => Some(v.items().iter().map(RawGroup::read).collect()),
                other => {
                    return Err(Problem::WrongType {
                        field: "value".into(),
                        expected: "an array",
                        found: other.type_name(),
                    })
                }
            },
        };
        Ok(RawGroupPage {
            value,
            next_link: field(body, "@odata.nextLink"),
            error: field(body, "error"),
        })
    }
}

impl RawGroup {
    fn read<J: Json>(item: &J) -> RawGroup {
        match item.loose() {
            Loose::Object => RawGroup {
                not_object: None,
                score: field(item, "score"),
                time: field(item, "time"),
                name: field(item, "rbacGroupName"),
                id: field(item, "rbacGroupId"),
            },
            other => RawGroup {
                not_object: Some(other.type_name()),
                score: None,
                time: None,
                name: None,
                id: None,
            },
        }
    }
}

/// `value[i]` followed by `rest` (".score", or nothing).
fn index_path(i: usize, rest: &str) -> String {
    let mut path = String::from("value[");
    path.push_str(&number_text(i as f64));
    path.push(']');
    path.push_str(rest);
    path
}

fn number(value: &Option<Loose>, field: &str) -> Result<f64, Problem> {
    match value {
        None | Some(Loose::Null) => Err(Problem::Missing(field.into())),
        // `+ 0.0` turns a `-0` into 0, so that no card shows "-0".
        Some(Loose::Number(n)) if n.is_finite() => Ok(*n + 0.0),
        Some(Loose::Number(_)) => Err(Problem::NotFinite(field.into())),
        Some(other) => Err(Problem::WrongType {
            field: field.into(),
            expected: "a number",
            found: other.type_name(),
        }),
    }
}

/// Whether `n` is a possible exposure score (0 to 100; NaN is not).
pub fn is_exposure_score(n: f64) -> bool {
    (0.0..=100.0).contains(&n)
}

/// Whether `n` is a plausible device secure score (0 to [`MAX_DEVICE_POINTS`]; NaN is not).
pub fn is_device_score(n: f64) -> bool {
    (0.0..=MAX_DEVICE_POINTS).contains(&n)
}

fn exposure_number(value: &Option<Loose>, field: &str) -> Result<f64, Problem> {
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

fn time(value: &Option<Loose>, field: &str) -> Result<Timestamp, Problem> {
    match value {
        None | Some(Loose::Null) => Err(Problem::Missing(field.into())),
        Some(Loose::Text(t)) => Timestamp::parse(t).ok_or_else(|| Problem::BadTime(field.into())),
        Some(other) => Err(Problem::WrongType {
            field: field.into(),
            expected: "a timestamp string",
            found: other.type_name(),
        }),
    }
}

fn error_body(error: &Option<Loose>) -> Result<(), Problem> {
    match error {
        None | Some(Loose::Null) => Ok(()),
        Some(_) => Err(Problem::ErrorBody { code: None }),
    }
}

impl RawScore {
    /// Validates an exposure score: a finite number within 0-100 and a valid `time`.
    pub fn into_exposure(self) -> Result<ExposureScore, Problem> {
        error_body(&self.error)?;
        Ok(ExposureScore {
            score: exposure_number(&self.score, "score")?,
            time: time(&self.time, "time")?,
        })
    }

    /// Validates a device secure score: a finite, non-negative, plausible number and a valid `time`.
    pub fn into_device(self) -> Result<DeviceSecureScore, Problem> {
        error_body(&self.error)?;
        let score = number(&self.score, "score")?;
        if !is_device_score(score) {
            return Err(Problem::OutOfRange {
                field: "score".into(),
                value: score,
                range: "0 to 1e9 points",
            });
        }
        Ok(DeviceSecureScore {
            score,
            time: time(&self.time, "time")?,
        })
    }
}

impl RawGroupPage {
    /// Validates one page; `offset` is how many groups earlier pages held (for field paths).
    /// Returns the groups and the raw `@odata.nextLink`, if the page had one.
    pub fn into_groups(
        self,
        offset: usize,
    ) -> Result<(Vec<DeviceGroupScore>, Option<Loose>), Problem> {
        error_body(&self.error)?;
        let items = self.value.ok_or_else(|| Problem::Missing("value".into()))?;
        let mut groups = Vec::with_capacity(items.len().min(MAX_GROUPS));
        for (i, item) in items.into_iter().enumerate() {
            let at = |f: &str| index_path(offset + i, f);
            if let Some(found) = item.not_object {
                return Err(Problem::WrongType {
                    field: at(""),
                    expected: "an object",
                    found,
                });
            }
            let name = match item.name {
                Some(Loose::Text(n)) if !n.trim().is_empty() => n,
                Some(Loose::Text(_)) => return Err(Problem::Missing(at(".rbacGroupName"))),
                None | Some(Loose::Null) => return Err(Problem::Missing(at(".rbacGroupName"))),
                Some(other) => {
                    return Err(Problem::WrongType {
                        field: at(".rbacGroupName"),
                        expected: "a string",
                        found: other.type_name(),
                    })
                }
            };
            let id = match item.id {
                None | Some(Loose::Null) => None,
                Some(Loose::Text(t)) => Some(t),
                Some(Loose::Number(n)) if n.is_finite() => Some(number_text(n)),
                Some(other) => {
                    return Err(Problem::WrongType {
                        field: at(".rbacGroupId"),
                        expected: "a string or number",
                        found: other.type_name(),
                    })
                }
            };
            groups.push(DeviceGroupScore {
                score: exposure_number(&item.score, &at(".score"))?,
                time: time(&item.time, &at(".time"))?,
                name,
                id,
            });
        }
        let next = match self.next_link {
            None | Some(Loose::Null) => None,
            Some(link) => Some(link),
        };
        Ok((groups, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `JSON.parse` stand-in: serde_json's `Value`, read through [`Json`].
    fn parse(json: &str) -> Result<serde_json::Value, Problem> {
        serde_json::from_str(json).map_err(|_| Problem::NotJson)
    }
    fn exposure(json: &str) -> Result<ExposureScore, Problem> {
        RawScore::read(&parse(json)?)?.into_exposure()
    }
    fn device(json: &str) -> Result<DeviceSecureScore, Problem> {
        RawScore::read(&parse(json)?)?.into_device()
    }
    fn groups(json: &str) -> Result<(Vec<DeviceGroupScore>, Option<Loose>), Problem> {
        RawGroupPage::read(&parse(json)?)?.into_groups(0)
    }

    #[test]
    fn documented_exposure_score_parses_as_medium() {
        let e = exposure(include_str!("../../tests/fixtures/exposure-score.json")).expect("valid");
        assert_eq!(e.score, 33.491554051195706);
        assert_eq!(e.band(), ExposureBand::Medium);
        assert_eq!(
            Some(e.time),
            Timestamp::parse("2019-12-03T07:23:53.280499Z")
        );
    }

    #[test]
    fn documented_device_secure_score_parses_as_raw_points() {
        let d = device(include_str!(
            "../../tests/fixtures/configuration-score.json"
        ))
        .expect("valid");
        assert_eq!(d.score, 340.0);
        assert_eq!(CardKind::Device.direction(), Direction::HigherIsBetter);
        assert_eq!(CardKind::Exposure.direction(), Direction::LowerIsBetter);
    }

    #[test]
    fn documented_group_scores_parse_without_rbac_group_id() {
        let (g, next) = groups(include_str!(
            "../../tests/fixtures/exposure-score-by-machine-groups.json"
        ))
        .expect("valid");
        assert!(next.is_none());
        let sorted = DeviceGroupScores::new(g);
        let names: Vec<_> = sorted.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["GroupOne", "GroupTwo"]);
        assert_eq!(sorted.worst().map(|g| g.score), Some(41.38041766305988));
        assert!(sorted.groups.iter().all(|g| g.id.is_none()));
        assert_eq!(
            sorted.time(),
            Timestamp::parse("2019-12-03T09:51:28.2143399Z")
        );
    }

    #[test]
    fn group_ids_may_be_strings_or_numbers() {
        let (g, _) = groups(
            r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":1,"rbacGroupName":"A","rbacGroupId":7},
                         {"time":"2019-12-03T09:51:28Z","score":2,"rbacGroupName":"B","rbacGroupId":"x-9"}]}"#,
        )
        .expect("valid");
        assert_eq!(g[0].id.as_deref(), Some("7"));
        assert_eq!(g[1].id.as_deref(), Some("x-9"));
    }

    #[test]
    fn the_merge_sort_agrees_with_the_standard_stable_sort() {
        let t = Timestamp { epoch_ms: 0.0 };
        let mut seed = 7u32;
        for len in [0usize, 1, 2, 3, 5, 17, 64, 257] {
            let groups: Vec<_> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    DeviceGroupScore {
                        name: ((seed >> 8) % 5).to_string(),
                        id: Some(i.to_string()),
                        score: f64::from((seed >> 16) % 7),
                        time: t,
                    }
                })
                .collect();
            let mut expected = groups.clone();
            expected.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.name.cmp(&b.name))
            });
            assert_eq!(DeviceGroupScores::new(groups).groups, expected, "{len}");
        }
    }

    #[test]
    fn groups_sort_worst_first_then_by_name() {
        let t = Timestamp { epoch_ms: 0.0 };
        let g = |name: &str, score| DeviceGroupScore {
            name: name.into(),
            id: None,
            score,
            time: t,
        };
        let s = DeviceGroupScores::new(vec![g("b", 10.0), g("c", 80.0), g("a", 10.0)]);
        let names: Vec<_> = s.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b"]);
    }

    #[test]
    fn bands_follow_the_documented_boundaries_on_the_shown_number() {
        let cases = [
            (0.0, ExposureBand::Low),
            (29.0, ExposureBand::Low),
            (29.49, ExposureBand::Low),
            (29.5, ExposureBand::Medium),
            (30.0, ExposureBand::Medium),
            (69.0, ExposureBand::Medium),
            (69.5, ExposureBand::High),
            (70.0, ExposureBand::High),
            (100.0, ExposureBand::High),
        ];
        for (score, band) in cases {
            assert_eq!(ExposureBand::of(score), band, "score {score}");
        }
    }

    #[test]
    fn negative_zero_is_zero() {
        let e = exposure(r#"{"score": -0.0, "time": "2019-12-03T07:23:53Z"}"#).expect("valid");
        assert!(e.score.is_sign_positive());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let e = exposure(
            r#"{"score": 5, "time": "2019-12-03T07:23:53Z", "extra": {"a": [1]}, "@odata.context": 1}"#,
        );
        assert_eq!(e.map(|e| e.score), Ok(5.0));
    }

    #[test]
    fn bad_scores_name_what_was_wrong() {
        let t = r#""time":"2019-12-03T07:23:53Z""#;
        let cases = [
            (format!(r#"{{{t}}}"#), "score is missing"),
            (format!(r#"{{"score":null,{t}}}"#), "score is missing"),
            (
                format!(r#"{{"score":"33",{t}}}"#),
                "score should be a number but is a string",
            ),
            (
                format!(r#"{{"score":true,{t}}}"#),
                "score should be a number but is a boolean",
            ),
            (
                format!(r#"{{"score":[1],{t}}}"#),
                "score should be a number but is an array",
            ),
            (
                format!(r#"{{"score":{{}},{t}}}"#),
                "score should be a number but is an object",
            ),
            (
                format!(r#"{{"score":-0.5,{t}}}"#),
                "score is -0.5, outside 0 to 100",
            ),
            (
                format!(r#"{{"score":100.01,{t}}}"#),
                "score is 100.01, outside 0 to 100",
            ),
            (format!(r#"{{"score":1e300,{t}}}"#), "outside 0 to 100"),
            (r#"{"score":5}"#.to_string(), "time is missing"),
            (
                r#"{"score":5,"time":"soon"}"#.to_string(),
                "time is not a valid timestamp",
            ),
            (
                r#"{"score":5,"time":17}"#.to_string(),
                "time should be a timestamp string but is a number",
            ),
            (r#"{"error":{"code":"X"}}"#.to_string(), "error body"),
        ];
        for (json, expected) in cases {
            let problem = exposure(&json).expect_err(&json);
            assert!(
                problem.describe().contains(expected),
                "{json}: {} does not contain {expected}",
                problem.describe()
            );
        }
    }

    #[test]
    fn non_json_bodies_are_shape_errors_natively() {
        for body in [
            "",
            "{",
            "[]",
            "42",
            "null",
            r#"{"score": NaN, "time": "2019-12-03T07:23:53Z"}"#,
        ] {
            assert!(exposure(body).is_err(), "{body:?}");
        }
    }

    #[test]
    fn device_score_must_be_non_negative_and_plausible() {
        let t = r#""time":"2019-12-03T07:23:53Z""#;
        assert!(device(&format!(r#"{{"score":0,{t}}}"#)).is_ok());
        assert!(device(&format!(r#"{{"score":1234.5,{t}}}"#)).is_ok());
        assert!(device(&format!(r#"{{"score":-1,{t}}}"#)).is_err());
        assert!(device(&format!(r#"{{"score":1e12,{t}}}"#)).is_err());
        assert!(device(&format!(r#"{{"score":"340",{t}}}"#)).is_err());
    }

    #[test]
    fn bad_groups_name_the_item_and_field() {
        let cases = [
            (r#"{}"#, "value is missing"),
            (r#"{"value": null}"#, "value is missing"),
            (
                r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":5}]}"#,
                "value[0].rbacGroupName is missing",
            ),
            (
                r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":5,"rbacGroupName":"  "}]}"#,
                "value[0].rbacGroupName is missing",
            ),
            (
                r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":5,"rbacGroupName":3}]}"#,
                "value[0].rbacGroupName should be a string",
            ),
            (
                r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":5,"rbacGroupName":"a"},{"time":"x","score":5,"rbacGroupName":"b"}]}"#,
                "value[1].time is not a valid timestamp",
            ),
            (
                r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":101,"rbacGroupName":"a"}]}"#,
                "value[0].score is 101",
            ),
            (
                r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":1,"rbacGroupName":"a","rbacGroupId":[1]}]}"#,
                "rbacGroupId should be a string or number",
            ),
        ];
        for (json, expected) in cases {
            let problem = groups(json).expect_err(json);
            assert!(
                problem.describe().contains(expected),
                "{json}: {}",
                problem.describe()
            );
        }
        let wrong = |json: &str| groups(json).map_err(|p| p.describe());
        assert_eq!(
            wrong(r#"{"value":"nope"}"#),
            Err("value should be an array but is a string".into())
        );
        assert_eq!(
            wrong(r#"{"value":[1,2]}"#),
            Err("value[0] should be an object but is a number".into())
        );
        assert_eq!(
            wrong("[]"),
            Err("the body should be an object but is an array".into())
        );
    }

    #[test]
    fn group_names_with_markup_are_kept_as_plain_text() {
        let (g, _) = groups(
            r#"{"value":[{"time":"2019-12-03T07:23:53Z","score":5,"rbacGroupName":"<img src=x onerror=alert(1)>"}]}"#,
        )
        .expect("valid");
        assert_eq!(g[0].name, "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn next_link_is_returned_for_the_client_to_check() {
        let (_, next) = groups(r#"{"value":[],"@odata.nextLink":"https://api.security.microsoft.com/api/exposureScore/ByMachineGroups?$skip=2"}"#)
            .expect("valid");
        assert!(matches!(next, Some(Loose::Text(_))));
    }

    #[test]
    fn card_names_round_trip() {
        for c in CardKind::ALL {
            assert_eq!(CardKind::parse(c.as_str()), Some(c));
        }
        assert_eq!(CardKind::parse("exposures"), None);
    }
}
