use super::*;
use crate::model::api::json::from_json as decode;
use crate::model::cards::scores::{CardKind, DeviceGroupScores, Direction, ExposureBand};

fn exposure(json: &str) -> Result<ExposureScore, Problem> {
    RawScore::from_body(decode(json)?)?.into_exposure()
}
fn device(json: &str) -> Result<DeviceSecureScore, Problem> {
    RawScore::from_body(decode(json)?)?.into_device()
}
fn groups(json: &str) -> Result<(Vec<DeviceGroupScore>, Option<Found>), Problem> {
    RawGroupPage::from_body(decode(json)?)?.into_groups(0)
}

#[test]
fn documented_exposure_score_parses_as_medium() {
    let e = exposure(include_str!(
        "../../../../../tests/fixtures/exposure-score.json"
    ))
    .expect("valid");
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
        "../../../../../tests/fixtures/configuration-score.json"
    ))
    .expect("valid");
    assert_eq!(d.score, 340.0);
    assert_eq!(CardKind::Device.direction(), Direction::HigherIsBetter);
    assert_eq!(CardKind::Exposure.direction(), Direction::LowerIsBetter);
}

#[test]
fn documented_group_scores_parse_without_rbac_group_id() {
    let (g, next) = groups(include_str!(
        "../../../../../tests/fixtures/exposure-score-by-machine-groups.json"
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
    assert!(matches!(next, Some(Found::Text(_))));
}
