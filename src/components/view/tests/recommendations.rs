//! The recommendations card's view: the active count, its rows, its own refusal.

use super::super::*;
use super::{error_body, ready, PlainFormats};
use crate::model::cards::recommendations::{Recommendation, Recommendations};
use crate::model::ScoreError;

pub fn item(id: &str, name: &str, exposure: f64, config: f64) -> Recommendation {
    Recommendation {
        id: id.into(),
        name: name.into(),
        exposure_impact: exposure,
        config_score_impact: config,
        exposed_devices: 3,
        total_devices: 12,
        public_exploit: false,
        active_alert: false,
    }
}

pub fn recommendations(top: Vec<Recommendation>, active: usize) -> CardData {
    CardData::Recommendations(Recommendations { top, active })
}

/// The demo tenant's first rows: 20 kept of 25 active.
pub fn twenty() -> CardData {
    let top = (0..20)
        .map(|i| {
            item(
                &format!("id-{i}"),
                &format!("Fix {i}"),
                20.0 - f64::from(i),
                0.0,
            )
        })
        .collect();
    recommendations(top, 25)
}

fn shown(data: CardData, lang: Lang, cloud: Cloud) -> CardView {
    card_view(
        CardKind::Recommendations,
        &ready(data),
        false,
        lang,
        &PlainFormats,
        cloud,
        0.0,
    )
}

#[test]
fn the_headline_is_the_active_count_in_words_and_each_row_says_devices_impacts_and_badges() {
    let mut chrome = item("va-_-google-_-chrome", "Update Google Chrome", 4.3, 2.0);
    chrome.public_exploit = true;
    chrome.active_alert = true;
    let config_only = item("scid-2090", "Disable SMBv1 server", 0.0, 1.5);
    let v = shown(
        recommendations(vec![chrome, config_only], 15),
        Lang::En,
        Cloud::Commercial,
    );
    assert_eq!(v.state, "ready");
    assert_eq!(v.score.as_deref(), Some("15"));
    assert_eq!(
        v.meaning.as_deref(),
        Some("Active security recommendations")
    );
    assert_eq!((v.band, v.meter.is_none(), v.empty), (None, true, None));
    let [first, second] = v.recommendations.as_slice() else {
        panic!("two rows: {:?}", v.recommendations)
    };
    assert_eq!(
        first,
        &RecommendationRow {
            id: "va-_-google-_-chrome".into(),
            name: "Update Google Chrome".into(),
            devices: "3 of 12 devices exposed".into(),
            exploit: Some("Public exploit"),
            alert: Some("Active alert"),
            exposure: Some("−4.3 exposure score".into()),
            points: Some("+2.0 device score points".into()),
            url: "https://security.microsoft.com/security-recommendations?recommendationId=va-_-google-_-chrome".into(),
            label: "Update Google Chrome (opens in Microsoft Defender)".into(),
        }
    );
    // Only impacts above 0 are said; no badge without its fact.
    assert_eq!(second.exposure, None);
    assert_eq!(second.points.as_deref(), Some("+1.5 device score points"));
    assert_eq!((second.exploit, second.alert), (None, None));
}

#[test]
fn an_impact_that_would_read_as_zero_is_left_out() {
    let v = shown(
        recommendations(vec![item("a", "Tiny", 0.04, 0.049)], 1),
        Lang::En,
        Cloud::Commercial,
    );
    assert_eq!(v.recommendations[0].exposure, None);
    assert_eq!(v.recommendations[0].points, None);
    let v = shown(
        recommendations(vec![item("a", "Small", 0.05, 0.0)], 1),
        Lang::En,
        Cloud::Commercial,
    );
    assert_eq!(
        v.recommendations[0].exposure.as_deref(),
        Some("−0.1 exposure score")
    );
}

#[test]
fn no_active_recommendations_says_so_in_words() {
    let v = shown(recommendations(Vec::new(), 0), Lang::Nl, Cloud::Commercial);
    assert_eq!(v.score.as_deref(), Some("0"));
    assert_eq!(v.empty, Some("Geen actieve beveiligingsaanbevelingen."));
    assert_eq!(v.meaning, None, "said once, by the empty line");
    assert!(v.recommendations.is_empty());
}

#[test]
fn rows_link_to_the_recommendation_in_the_clouds_portal_with_the_id_encoded() {
    let v = shown(
        recommendations(vec![item("a&b #<script>", "<b>Name</b>", 1.0, 0.0)], 1),
        Lang::En,
        Cloud::Dod,
    );
    let row = &v.recommendations[0];
    assert_eq!(
        row.url,
        "https://security.apps.mil/security-recommendations?recommendationId=a%26b%20%23%3Cscript%3E"
    );
    // The name stays text: the markup is escaped where it is rendered (see components::tests).
    assert_eq!(row.name, "<b>Name</b>");
    assert!(row.label.starts_with("<b>Name</b>"));
}

#[test]
fn the_card_shows_the_top_asked_for_and_in_the_compact_layout_the_first_only() {
    let names = |v: &CardView| -> Vec<String> {
        v.recommendations.iter().map(|r| r.name.clone()).collect()
    };
    let all = shown(twenty(), Lang::En, Cloud::Commercial);
    assert_eq!(all.recommendations.len(), 20);
    let mut five = all.clone();
    keep_top(&mut five, 5, false);
    assert_eq!(names(&five), ["Fix 0", "Fix 1", "Fix 2", "Fix 3", "Fix 4"]);
    let mut compact = all.clone();
    keep_top(&mut compact, 5, true);
    assert_eq!(names(&compact), ["Fix 0"]);
    // Out of range asks are kept within 1 to 20.
    let mut none = all.clone();
    keep_top(&mut none, 0, false);
    assert_eq!(names(&none), ["Fix 0"]);
    let mut many = all.clone();
    keep_top(&mut many, 500, false);
    assert_eq!(many.recommendations.len(), 20);
    // The count is of every active one, whatever is shown.
    assert_eq!(compact.score.as_deref(), Some("25"));
}

#[test]
fn a_refusal_names_the_recommendations_permission_and_role_in_every_language() {
    let body = error_body(r#"{"error":{"code":"Forbidden","message":"m","target":"t-9"}}"#);
    let reading = Reading::Loading.after(Err(ScoreError::from_status(403, Some(&body), None)), 0.0);
    for lang in Lang::ALL {
        let v = card_view(
            CardKind::Recommendations,
            &reading,
            false,
            lang,
            &PlainFormats,
            Cloud::Commercial,
            0.0,
        );
        let e = v.error.expect("an error");
        assert_eq!(e.kind, ErrorKind::Forbidden);
        assert!(
            e.body.contains("SecurityRecommendation.Read"),
            "{lang:?}: {}",
            e.body
        );
        assert!(!e.body.contains("Score.Read"), "{lang:?}: {}", e.body);
        assert_eq!(e.title, lang.text(Text::RecommendationsForbiddenTitle));
        assert_eq!(e.support.as_deref().map(|s| s.contains("t-9")), Some(true));
    }
    // A score card's refusal keeps naming Score.Read.
    let score = card_view(
        CardKind::Device,
        &reading,
        false,
        Lang::En,
        &PlainFormats,
        Cloud::Commercial,
        0.0,
    );
    assert!(score.error.expect("an error").body.contains("Score.Read"));
}

#[test]
fn the_recommendations_refusal_is_not_merged_with_the_score_cards_refusal() {
    let refused = |kind| {
        card_view(
            kind,
            &Reading::Loading.after(Err(ScoreError::from_status(403, None, None)), 0.0),
            false,
            Lang::En,
            &PlainFormats,
            Cloud::Commercial,
            0.0,
        )
    };
    let cards = [
        refused(CardKind::Exposure),
        refused(CardKind::Recommendations),
    ];
    assert_eq!(shared_error(&cards, Lang::En), None);
}
