use super::*;
use crate::model::Cloud;
use serde_json::Value;

const BASE: &str = "https://api.security.microsoft.com";

impl Json for Value {
    fn decode<T: DeserializeOwned>(self) -> Result<T, Problem> {
        T::deserialize(self).map_err(|e| Problem::Shape(e.to_string()))
    }
}

fn base() -> ApiBase {
    ApiBase::parse(BASE, None).expect("valid base")
}

fn json_head(status: u16) -> Head {
    Head::new(status).header(
        "Content-Type",
        Some("application/json; charset=utf-8".into()),
    )
}

fn body(text: &str) -> Body<Value> {
    match serde_json::from_str(text) {
        Ok(value) => Body::Json(value),
        Err(_) => Body::NotJson,
    }
}

fn exposure_fixture() -> Body<Value> {
    body(include_str!(
        "../../../../../tests/fixtures/exposure-score.json"
    ))
}

fn group_page(name: &str, next: Option<&str>) -> Body<Value> {
    let link = next.map_or(String::new(), |l| format!(r#","@odata.nextLink":"{l}""#));
    body(&format!(
        r#"{{"value":[{{"time":"2019-12-03T09:51:28Z","score":5,"rbacGroupName":"{name}"}}]{link}}}"#
    ))
}

fn problem(result: Result<Step, ScoreError>) -> Option<Problem> {
    result.err().and_then(|e| e.problem.map(|p| *p))
}

#[test]
fn the_first_request_is_the_cards_endpoint_with_json_and_the_bearer_token() {
    let reader = CardReader::new(CardKind::Device, &base());
    assert_eq!(reader.url(), format!("{BASE}/api/configurationScore"));
    assert_eq!(reader.token_origin(), BASE);
    assert_eq!(
        reader.headers("t0ken"),
        [
            ("Accept", "application/json".to_owned()),
            ("Authorization", "Bearer t0ken".to_owned())
        ]
    );
    let sovereign = ApiBase::parse(&Cloud::GccHigh.api_base(None), None).expect("cloud base");
    let reader = CardReader::new(CardKind::Exposure, &sovereign);
    assert!(reader.url().starts_with(reader.token_origin()));
}

#[test]
fn a_documented_score_answer_is_the_cards_data() {
    let mut reader = CardReader::new(CardKind::Exposure, &base());
    match reader.answer(&json_head(200), exposure_fixture()) {
        Ok(Step::Done(CardData::Exposure(e))) => assert!((e.score - 33.49).abs() < 0.01),
        other => panic!("expected the exposure score, got {other:?}"),
    }
}

#[test]
fn group_pages_are_followed_on_the_api_origin_then_collected_worst_first() {
    let mut reader = CardReader::new(CardKind::Groups, &base());
    let second = format!("{BASE}/api/exposureScore/ByMachineGroups?$skip=1");
    let step = reader.answer(&json_head(200), group_page("A", Some(&second)));
    assert_eq!(step, Ok(Step::Next));
    assert_eq!(reader.url(), second);
    let last =
        body(r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":80,"rbacGroupName":"B"}]}"#);
    match reader.answer(&json_head(200), last) {
        Ok(Step::Done(CardData::Groups(g))) => {
            let names: Vec<_> = g.groups.iter().map(|g| g.name.as_str()).collect();
            assert_eq!(names, ["B", "A"]);
        }
        other => panic!("expected the groups, got {other:?}"),
    }
}

#[test]
fn a_next_link_to_another_origin_is_refused_before_it_is_requested() {
    let mut reader = CardReader::new(CardKind::Groups, &base());
    let first = reader.url().to_owned();
    let foreign = "https://evil.example/api/exposureScore/ByMachineGroups";
    let result = reader.answer(&json_head(200), group_page("A", Some(foreign)));
    assert_eq!(problem(result), Some(Problem::ForeignNextLink));
    assert_eq!(reader.url(), first);
}

#[test]
fn a_first_401_asks_for_a_new_token_and_a_second_is_the_error() {
    let mut reader = CardReader::new(CardKind::Exposure, &base());
    let denied = || body(r#"{"error":{"code":"Unauthorized","message":"expired"}}"#);
    assert_eq!(
        reader.answer(&json_head(401), denied()),
        Ok(Step::RenewToken)
    );
    let error = reader
        .answer(&json_head(401), denied())
        .expect_err("401 twice");
    assert_eq!((error.kind, error.status), (ErrorKind::Unauthorized, 401));
    assert_eq!(error.message.as_deref(), Some("expired"));
}

#[test]
fn each_page_may_renew_the_token_once() {
    let mut reader = CardReader::new(CardKind::Groups, &base());
    let second = format!("{BASE}/api/exposureScore/ByMachineGroups?$skip=1");
    assert_eq!(
        reader.answer(&json_head(401), Body::<Value>::NotRead),
        Ok(Step::RenewToken)
    );
    let step = reader.answer(&json_head(200), group_page("A", Some(&second)));
    assert_eq!(step, Ok(Step::Next));
    assert_eq!(
        reader.answer(&json_head(401), Body::<Value>::NotRead),
        Ok(Step::RenewToken)
    );
}

#[test]
fn an_error_status_keeps_the_bodys_strings_and_the_retry_advice() {
    let mut reader = CardReader::new(CardKind::Device, &base());
    let head = json_head(429).header("retry-after", Some("17".into()));
    let throttled = body(r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#);
    let error = reader.answer(&head, throttled).expect_err("429");
    assert_eq!(error.kind, ErrorKind::Throttled);
    assert_eq!(error.code.as_deref(), Some("TooManyRequests"));
    assert_eq!(error.retry_after_seconds, Some(17));
    let error = reader
        .answer(
            &json_head(404),
            body(include_str!(
                "../../../../../tests/fixtures/error-not-found.json"
            )),
        )
        .expect_err("404");
    assert_eq!(error.kind, ErrorKind::NotFound);
    assert!(error.code.is_some());
}

#[test]
fn an_error_bodys_read_failure_does_not_hide_its_status() {
    let mut reader = CardReader::new(CardKind::Device, &base());
    let broken = Body::<Value>::Broken(ScoreError::network("connection reset"));
    let error = reader.answer(&json_head(503), broken).expect_err("503");
    assert_eq!((error.kind, error.status), (ErrorKind::Server, 503));
}

#[test]
fn a_200_that_is_not_json_too_large_or_cut_off_is_refused_with_its_reason() {
    let mut reader = CardReader::new(CardKind::Exposure, &base());
    let html = Head::new(200).header("content-type", Some("text/html".into()));
    assert_eq!(html.body_limit(), None);
    assert_eq!(
        problem(reader.answer(&html, Body::<Value>::NotRead)),
        Some(Problem::ContentType("text/html".into()))
    );
    assert_eq!(
        problem(reader.answer(&json_head(200), body("<html>"))),
        Some(Problem::NotJson)
    );
    assert_eq!(
        problem(reader.answer(&json_head(200), Body::<Value>::TooLarge)),
        Some(Problem::TooLarge {
            limit: MAX_BODY_BYTES
        })
    );
    let cut = Body::<Value>::Broken(ScoreError::network("the connection failed"));
    let error = reader
        .answer(&json_head(200), cut)
        .expect_err("broken body");
    assert_eq!(error.kind, ErrorKind::Network);
}

#[test]
fn a_redirect_is_refused_and_its_body_not_read() {
    let mut head = json_head(302);
    head.redirected = true;
    assert_eq!(head.body_limit(), None);
    let mut reader = CardReader::new(CardKind::Exposure, &base());
    assert_eq!(
        problem(reader.answer(&head, Body::<Value>::NotRead)),
        Some(Problem::Redirected)
    );
}

#[test]
fn only_json_within_the_limit_is_worth_reading() {
    assert_eq!(json_head(200).body_limit(), Some(MAX_BODY_BYTES));
    assert_eq!(json_head(500).body_limit(), Some(MAX_BODY_BYTES));
    let huge = json_head(200).header("Content-Length", Some("999999999".into()));
    assert_eq!(huge.body_limit(), None);
    assert_eq!(Head::new(200).body_limit(), None);
    assert_eq!(
        Head::new(200).header("x-other", Some("1".into())),
        Head::new(200)
    );
}

#[test]
fn a_body_of_the_wrong_shape_names_the_field() {
    let mut reader = CardReader::new(CardKind::Exposure, &base());
    let result = reader.answer(
        &json_head(200),
        body(r#"{"time":"2019-12-03T07:23:53Z","score":"33"}"#),
    );
    assert!(matches!(problem(result), Some(Problem::WrongType { .. })));
    let result = reader.answer(&json_head(200), body("[1,2]"));
    assert!(problem(result).is_some());
}

#[test]
fn a_snapshot_file_is_checked_as_an_answer_and_handed_back_parsed() {
    let parsed = check_answer(&json_head(200), body(r#"{"format":"x"}"#));
    assert_eq!(parsed, Ok(serde_json::json!({"format": "x"})));
    let missing = check_answer(&json_head(404), Body::<Value>::NotRead).expect_err("404");
    assert_eq!(missing.kind, ErrorKind::NotFound);
}

fn recommendation(id: &str, exposure: f64, status: &str) -> String {
    format!(
        r#"{{"id":"{id}","recommendationName":"Fix {id}","exposureImpact":{exposure},
        "configScoreImpact":1,"exposedMachinesCount":1,"totalMachineCount":2,
        "publicExploit":false,"activeAlert":false,"status":"{status}"}}"#
    )
}

#[test]
fn the_recommendations_card_asks_for_active_ones_and_ranks_every_page() {
    let mut reader = CardReader::new(CardKind::Recommendations, &base());
    assert_eq!(
        reader.url(),
        format!("{BASE}/api/recommendations?$filter=status%20eq%20%27Active%27")
    );
    let next = format!("{BASE}/api/recommendations?$skip=2");
    let first = format!(
        r#"{{"value":[{},{}],"@odata.nextLink":"{next}"}}"#,
        recommendation("low", 0.5, "Active"),
        recommendation("accepted", 9.0, "Exception")
    );
    assert!(matches!(
        reader.answer(&json_head(200), body(&first)),
        Ok(Step::Next)
    ));
    assert_eq!(reader.url(), next);
    let second = format!(r#"{{"value":[{}]}}"#, recommendation("high", 2.0, "Active"));
    let Ok(Step::Done(CardData::Recommendations(r))) =
        reader.answer(&json_head(200), body(&second))
    else {
        panic!("the recommendations expected");
    };
    let ids: Vec<&str> = r.top.iter().map(|x| x.id.as_str()).collect();
    assert_eq!((ids, r.active), (vec!["high", "low"], 2));
}

#[test]
fn the_documented_recommendations_body_is_read() {
    let mut reader = CardReader::new(CardKind::Recommendations, &base());
    let fixture = body(include_str!(
        "../../../../../tests/fixtures/recommendations.json"
    ));
    let Ok(Step::Done(CardData::Recommendations(r))) = reader.answer(&json_head(200), fixture)
    else {
        panic!("the recommendations expected");
    };
    assert_eq!(r.active, r.top.len());
    assert!(r.is_valid());
}

#[test]
fn a_recommendations_link_to_another_origin_is_refused() {
    let mut reader = CardReader::new(CardKind::Recommendations, &base());
    let page = format!(
        r#"{{"value":[{}],"@odata.nextLink":"https://evil.example/api/recommendations"}}"#,
        recommendation("a", 1.0, "Active")
    );
    assert!(matches!(
        problem(reader.answer(&json_head(200), body(&page))),
        Some(Problem::ForeignNextLink)
    ));
}
