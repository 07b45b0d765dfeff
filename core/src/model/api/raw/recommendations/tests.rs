use super::*;
use crate::model::api::json::from_json;
use crate::model::api::paging::RecommendationPages;
use crate::model::cards::recommendations::{Recommendations, MAX_RECOMMENDATIONS};
use crate::model::cloud::ApiBase;

const DOCUMENTED: &str = include_str!("../../../../../../tests/fixtures/recommendations.json");
const BASE: &str = "https://api.security.microsoft.com";

fn page(json: &str) -> RawRecommendationPage {
    let body = from_json(json).expect("test page decodes");
    RawRecommendationPage::from_body(body).expect("test page is an object")
}

fn read(json: &str) -> Result<(Vec<Recommendation>, usize), Problem> {
    page(json)
        .into_recommendations(0)
        .map(|(active, count, _)| (active, count))
}

/// A page with one item: [`item`].
fn one(change: &str) -> String {
    format!(r#"{{"value":[{}]}}"#, item(change))
}

/// An item with every field the card uses, with `change` applied: `"field":value` replaces
/// a field, `"field":-` removes it; changes are separated by `;`.
fn item(change: &str) -> String {
    let base = r#""id":"r1","recommendationName":"Update Google Chrome","status":"Active","exposureImpact":2.5,"configScoreImpact":0.5,"exposedMachinesCount":3,"totalMachineCount":10,"publicExploit":true,"activeAlert":false"#;
    let mut fields: Vec<String> = base.split(',').map(str::to_owned).collect();
    for replacement in change.split(';').filter(|c| !c.is_empty()) {
        let key = replacement.split(':').next().unwrap_or("");
        fields.retain(|f| f.split(':').next() != Some(key));
        if !replacement.ends_with(":-") {
            fields.push(replacement.to_owned());
        }
    }
    format!("{{{}}}", fields.join(","))
}

fn refused(change: &str) -> Problem {
    read(&one(change)).expect_err(change)
}

#[test]
fn the_documented_answer_is_one_active_recommendation() {
    let (active, count) = read(DOCUMENTED).expect("the documented body checks");
    assert_eq!(count, 1);
    assert_eq!(
        active,
        [Recommendation {
            id: "va-_-microsoft-_-windows_11".into(),
            name: "Update Windows 11".into(),
            exposure_impact: 7.674418604651163,
            config_score_impact: 0.0,
            exposed_devices: 7,
            total_devices: 37,
            public_exploit: true,
            active_alert: false,
        }]
    );
}

#[test]
fn exceptions_are_counted_as_items_but_not_kept() {
    let json = format!(
        r#"{{"value":[{},{}]}}"#,
        item(""),
        item(r#""status":"Exception""#)
    );
    let (active, count) = read(&json).expect("checks");
    assert_eq!((active.len(), count), (1, 2));
}

#[test]
fn markup_in_a_name_stays_text() {
    let (active, _) = read(&one(
        r#""recommendationName":"<img src=x onerror=alert(1)>""#,
    ))
    .expect("checks");
    assert_eq!(active[0].name, "<img src=x onerror=alert(1)>");
}

#[test]
fn a_negative_or_too_large_impact_is_refused_naming_the_field() {
    assert_eq!(
        refused(r#""exposureImpact":-1"#),
        Problem::OutOfRange {
            field: "value[0].exposureImpact".into(),
            value: -1.0,
            range: "0 to 100"
        }
    );
    assert!(matches!(
        refused(r#""exposureImpact":101"#),
        Problem::OutOfRange { .. }
    ));
    assert!(matches!(
        refused(r#""configScoreImpact":-0.5"#),
        Problem::OutOfRange { .. }
    ));
}

#[test]
fn an_impact_that_is_not_a_number_is_refused() {
    assert!(matches!(
        refused(r#""exposureImpact":"7""#),
        Problem::WrongType { .. }
    ));
    assert_eq!(
        refused(r#""exposureImpact":null"#),
        Problem::Missing("value[0].exposureImpact".into())
    );
}

#[test]
fn more_exposed_devices_than_devices_is_refused() {
    assert_eq!(
        refused(r#""exposedMachinesCount":11"#),
        Problem::OutOfRange {
            field: "value[0].exposedMachinesCount".into(),
            value: 11.0,
            range: "0 to totalMachineCount"
        }
    );
    assert!(matches!(
        refused(r#""totalMachineCount":10.5"#),
        Problem::OutOfRange { .. }
    ));
}

#[test]
fn flags_must_be_booleans() {
    assert_eq!(
        refused(r#""publicExploit":"true""#),
        Problem::WrongType {
            field: "value[0].publicExploit".into(),
            expected: "true or false",
            found: "a string"
        }
    );
    assert!(matches!(
        refused(r#""activeAlert":1"#),
        Problem::WrongType { .. }
    ));
}

#[test]
fn every_field_the_card_uses_must_be_there() {
    for field in [
        "\"id\"",
        "\"recommendationName\"",
        "\"status\"",
        "\"exposureImpact\"",
        "\"configScoreImpact\"",
        "\"exposedMachinesCount\"",
        "\"totalMachineCount\"",
        "\"publicExploit\"",
        "\"activeAlert\"",
    ] {
        let problem = refused(&format!("{field}:-"));
        assert!(
            matches!(problem, Problem::Missing(_)),
            "{field}: {problem:?}"
        );
    }
}

#[test]
fn an_id_too_long_for_a_link_is_refused() {
    let id = "x".repeat(MAX_ID_BYTES + 1);
    assert!(matches!(
        refused(&format!(r#""id":"{id}""#)),
        Problem::TooLong { .. }
    ));
}

#[test]
fn a_value_that_is_not_a_list_or_an_error_body_is_refused() {
    assert!(matches!(
        read(r#"{"value":{}}"#),
        Err(Problem::WrongType { .. })
    ));
    assert!(matches!(
        read(r#"{"error":{"code":"x"}}"#),
        Err(Problem::ErrorBody { .. })
    ));
    assert_eq!(read(r#"{}"#).err(), Some(Problem::Missing("value".into())));
}

fn pages() -> RecommendationPages {
    let base = ApiBase::parse(BASE, None).expect("valid base");
    RecommendationPages::new(&base, format!("{BASE}/api/recommendations"))
}

fn with_link(item: &str, link: &str) -> String {
    let json = one(item);
    format!(
        r#"{},"@odata.nextLink":"{link}"}}"#,
        &json[..json.len() - 1]
    )
}

#[test]
fn pages_are_followed_on_the_api_origin_and_ranked_together() {
    let mut p = pages();
    let second = format!("{BASE}/api/recommendations?$skip=1");
    let first = with_link(
        r#""id":"a";"recommendationName":"A";"exposureImpact":1"#,
        &second,
    );
    assert_eq!(p.add(page(&first)), Ok(Some(second)));
    let last = one(r#""id":"b";"recommendationName":"B";"exposureImpact":5"#);
    assert_eq!(p.add(page(&last)), Ok(None));
    let ranked: Recommendations = p.finish(5);
    let names: Vec<_> = ranked.top.iter().map(|r| r.name.as_str()).collect();
    assert_eq!((names, ranked.active), (vec!["B", "A"], 2));
}

#[test]
fn a_next_link_to_another_origin_is_refused() {
    let json = with_link("", "https://evil.example/api/recommendations");
    assert_eq!(pages().add(page(&json)), Err(Problem::ForeignNextLink));
}

#[test]
fn fields_on_later_pages_are_named_by_their_place_in_the_whole_list() {
    let mut p = pages();
    let second = format!("{BASE}/api/recommendations?$skip=1");
    p.add(page(&with_link("", &second))).expect("first page");
    assert_eq!(
        p.add(page(&one(r#""activeAlert":"no""#))),
        Err(Problem::WrongType {
            field: "value[1].activeAlert".into(),
            expected: "true or false",
            found: "a string"
        })
    );
}

/// A page of `n` valid items, ids `r0`...
fn many(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"r{i}","recommendationName":"R {i}","status":"Active","exposureImpact":{},"configScoreImpact":0,"exposedMachinesCount":1,"totalMachineCount":2,"publicExploit":false,"activeAlert":false}}"#,
                (i % 100) as f64 / 10.0
            )
        })
        .collect();
    format!(r#"{{"value":[{}]}}"#, items.join(","))
}

#[test]
fn ten_thousand_items_are_read_and_more_are_refused() {
    let mut p = pages();
    assert_eq!(p.add(page(&many(MAX_RECOMMENDATIONS))), Ok(None));
    let ranked = p.finish(5);
    assert_eq!(ranked.active, MAX_RECOMMENDATIONS);
    assert_eq!(ranked.top[0].exposure_impact, 9.9);
    assert_eq!(
        pages().add(page(&many(50_000))),
        Err(Problem::TooManyRecommendations(MAX_RECOMMENDATIONS))
    );
}
