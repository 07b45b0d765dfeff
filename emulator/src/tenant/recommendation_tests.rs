//! Unit tests of the recommendations: the demo list and how items are
//! written and read.

use serde_json::{json, Value};

use super::*;

/// The documented example item, as "List all recommendations" shows it.
const DOCUMENTED: &str = r#"{"id":"va-_-microsoft-_-windows_11","productName":"windows_11","recommendationName":"Update Windows 11","weaknesses":397,"vendor":"microsoft","recommendedVersion":"","recommendationCategory":"Application","subCategory":"","severityScore":0,"publicExploit":true,"activeAlert":false,"associatedThreats":["3098b8ef-23b1-46b3-aed4-499e1928f9ed","40c189d5-0330-4654-a816-e48c2b7f9c4b","4b0c9702-9b6c-4ca2-9d02-1556869f56f8","e8fc2121-3cf3-4dd2-9ea0-87d7e1d2b29d","94b6e94b-0c1d-4817-ac06-c3b8639be3ab"],"remediationType":"Update","status":"Active","configScoreImpact":0,"exposureImpact":7.674418604651163,"totalMachineCount":37,"exposedMachinesCount":7,"nonProductivityImpactedAssets":0,"relatedComponent":"Windows 11"}"#;

fn documented() -> Value {
    serde_json::from_str(DOCUMENTED).unwrap_or_default()
}

#[test]
fn the_demo_list_starts_with_the_documented_item_written_exactly() {
    let demo = Recommendation::demo();
    assert!(demo.len() >= 16, "{} items", demo.len());
    let first = serde_json::to_string(&demo[0]).unwrap_or_default();
    assert_eq!(first, DOCUMENTED, "the same fields, values and order");
}

#[test]
fn the_demo_list_covers_every_category_remediation_and_status() {
    let demo = Recommendation::demo();
    let has = |wanted: &dyn Fn(&Recommendation) -> bool| demo.iter().any(wanted);
    for category in [
        "Accounts",
        "Application",
        "Network",
        "OS",
        "SecurityControls",
    ] {
        assert!(
            has(&|r| r.recommendation_category == category),
            "{category}"
        );
    }
    for remediation in ["ConfigurationChange", "Update", "Upgrade", "Uninstall"] {
        assert!(has(&|r| r.remediation_type == remediation), "{remediation}");
    }
    assert!(has(&|r| r.status == "Exception"));
    assert!(has(&|r| r.public_exploit) && has(&|r| r.active_alert));
    assert!(has(
        &|r| r.exposure_impact == 0.0 && r.config_score_impact > 0.0
    ));
    for item in &demo {
        assert!(
            item.exposed_machines_count <= item.total_machine_count,
            "{}",
            item.id
        );
        assert!(
            matches!(item.status.as_str(), "Active" | "Exception"),
            "{}",
            item.id
        );
        assert!((0.0..=10.0).contains(&item.severity_score), "{}", item.id);
    }
    let mut ids: Vec<&str> = demo.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), demo.len(), "ids are unique");
}

#[test]
fn program_and_vendor_stay_absent_null_or_text_as_given() {
    let mut item = documented();
    item["recommendedProgram"] = Value::Null;
    item["recommendedVendor"] = json!("microsoft");
    let read: Recommendation =
        serde_json::from_value(item.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.recommended_program, Some(None));
    assert_eq!(read.recommended_vendor, Some(Some("microsoft".into())));
    assert_eq!(serde_json::to_value(&read).unwrap_or_default(), item);
    assert_eq!(read.field("recommendedProgram"), FieldValue::Text(None));
    assert_eq!(
        read.field("recommendedVendor"),
        FieldValue::Text(Some("microsoft"))
    );
}

#[test]
fn items_with_unknown_or_missing_fields_or_wrong_types_are_refused() {
    let mut unknown = documented();
    unknown["exposureImpactt"] = json!(1);
    let mut missing = documented();
    if let Some(object) = missing.as_object_mut() {
        object.remove("status");
    }
    let mut wrong = documented();
    wrong["recommendedProgram"] = json!(5);
    for item in [unknown, missing, wrong] {
        assert!(
            serde_json::from_value::<Recommendation>(item.clone()).is_err(),
            "{item}"
        );
    }
}

#[test]
fn the_body_carries_the_documented_context_and_a_next_link_when_paged() {
    let demo = Recommendation::demo();
    let listing = Listing::everything(2, "http://h/api/recommendations".into());
    let body: Value = serde_json::from_slice(&collection_body(&demo, &listing)).unwrap_or_default();
    assert_eq!(body["@odata.context"], RECOMMENDATIONS_CONTEXT);
    assert_eq!(body["value"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        body["@odata.nextLink"],
        "http://h/api/recommendations?$skip=2"
    );
    let whole = Listing::everything(10_000, String::new());
    let body: Value = serde_json::from_slice(&collection_body(&demo, &whole)).unwrap_or_default();
    assert_eq!(body["value"].as_array().map(Vec::len), Some(demo.len()));
    assert!(body.get("@odata.nextLink").is_none());
}
