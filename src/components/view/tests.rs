use super::*;
use crate::model::api::error::INTERACTION_REQUIRED;
use crate::model::ODataErrorBody;
use crate::model::{
    DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, ExposureScore, Timestamp,
};

/// A plain stand-in for `Intl`, good enough to test what is shown.
pub struct PlainFormats;

impl Formats for PlainFormats {
    fn number(&self, value: f64) -> String {
        format!("{}", value.round())
    }
    fn relative(&self, amount: f64, unit: &'static str) -> String {
        if amount < 0.0 {
            format!("{} {unit}s ago", -amount)
        } else {
            format!("in {amount} {unit}s")
        }
    }
    fn date_time(&self, epoch_ms: f64) -> String {
        format!("@{epoch_ms}")
    }
    fn decimal(&self, value: f64) -> String {
        match value {
            v if v > 0.0 => format!("+{v:.1}"),
            v if v < 0.0 => format!("−{:.1}", -v),
            _ => "0".into(),
        }
    }
    fn day(&self, epoch_ms: f64) -> String {
        format!("day {}", (epoch_ms / 86_400_000.0).floor())
    }
}

const T: Timestamp = Timestamp { epoch_ms: 1000.0 };

pub fn ready(data: CardData) -> Reading {
    Reading::Loading.after(Ok(data), 0.0)
}

pub fn exposure(score: f64) -> CardData {
    CardData::Exposure(ExposureScore { score, time: T })
}

pub fn device(score: f64) -> CardData {
    CardData::Device(DeviceSecureScore { score, time: T })
}

pub fn groups(list: &[(&str, f64)]) -> CardData {
    CardData::Groups(DeviceGroupScores::new(
        list.iter()
            .map(|(name, score)| DeviceGroupScore {
                name: (*name).into(),
                id: None,
                score: *score,
                time: T,
            })
            .collect(),
    ))
}

fn view(kind: CardKind, reading: &Reading, lang: Lang) -> CardView {
    card_view(
        kind,
        reading,
        false,
        lang,
        &PlainFormats,
        Cloud::Commercial,
        120_000.0,
    )
}

#[test]
fn exposure_shows_rounded_score_band_and_direction() {
    let v = view(
        CardKind::Exposure,
        &ready(exposure(33.491554051195706)),
        Lang::En,
    );
    assert_eq!(v.state, "ready");
    assert_eq!(v.score.as_deref(), Some("33"));
    assert_eq!(v.band, Some(ExposureBand::Medium));
    assert_eq!(
        v.meter,
        Some((33.0, "33 out of 100, Medium exposure".to_string()))
    );
    assert_eq!(
        v.meaning.as_deref(),
        Some("Medium exposure · 0 to 100, lower is better")
    );
    assert_eq!(v.fetched.as_deref(), Some("Fetched 2 minutes ago"));
    assert_eq!(v.fetched_exact.as_deref(), Some("@1000"));
    assert_eq!(v.portal_url, "https://security.microsoft.com/tvm_dashboard");
}

/// Formats whose locale data is not loaded yet: using them would be slow.
pub struct ColdFormats;

impl Formats for ColdFormats {
    fn number(&self, value: f64) -> String {
        format!("{}", value.round())
    }
    fn relative(&self, _: f64, _: &'static str) -> String {
        panic!("a reading under a minute old needs no relative-time formatter")
    }
    fn date_time(&self, _: f64) -> String {
        panic!("the exact time waits until the formatters are ready")
    }
    fn decimal(&self, _: f64) -> String {
        panic!("the trend waits until the formatters are ready")
    }
    fn day(&self, _: f64) -> String {
        panic!("the trend waits until the formatters are ready")
    }
    fn ready(&self) -> bool {
        false
    }
}

#[test]
fn a_reading_under_a_minute_old_says_just_now_without_intl_and_no_exact_time_until_ready() {
    let reading = ready(exposure(33.0));
    for now in [0.0, 29_000.0, 59_000.0] {
        let v = card_view(
            CardKind::Exposure,
            &reading,
            false,
            Lang::Nl,
            &ColdFormats,
            Cloud::Commercial,
            now,
        );
        assert_eq!(v.fetched.as_deref(), Some("Zojuist opgehaald"), "{now}");
        assert_eq!(v.fetched_exact, None);
    }
    let warm = card_view(
        CardKind::Exposure,
        &reading,
        false,
        Lang::En,
        &PlainFormats,
        Cloud::Commercial,
        30_000.0,
    );
    assert_eq!(warm.fetched.as_deref(), Some("Fetched just now"));
    assert_eq!(warm.fetched_exact.as_deref(), Some("@1000"));
}

#[test]
fn device_score_says_higher_is_better_without_a_maximum() {
    let v = view(CardKind::Device, &ready(device(340.0)), Lang::En);
    assert_eq!(v.score.as_deref(), Some("340"));
    assert_eq!(v.band, None);
    assert_eq!(v.meter, None);
    assert_eq!(v.meaning.as_deref(), Some("Points, higher is better"));
    assert!(!v.meaning.unwrap_or_default().contains('/'));
}

#[test]
fn groups_show_worst_first_with_bands_and_count() {
    let v = view(
        CardKind::Groups,
        &ready(groups(&[
            ("GroupTwo", 37.4),
            ("GroupOne", 41.38),
            ("Kiosks", 12.4),
            ("Finance", 72.6),
        ])),
        Lang::En,
    );
    let names: Vec<_> = v.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Finance", "GroupOne", "GroupTwo", "Kiosks"]);
    assert_eq!(v.score.as_deref(), Some("73"));
    assert_eq!(v.band, Some(ExposureBand::High));
    assert_eq!(v.summary.as_deref(), Some("Device groups: 4"));
    assert_eq!(v.groups[3].band_text, "Low");
}

#[test]
fn groups_card_with_no_groups_says_so() {
    let v = view(CardKind::Groups, &ready(groups(&[])), Lang::Nl);
    assert_eq!(v.state, "ready");
    assert_eq!(v.score, None);
    assert_eq!(v.empty, Some("Er zijn geen apparaatgroepen gemeld."));
}

#[test]
fn loading_state_has_words_and_no_score() {
    let v = view(CardKind::Exposure, &Reading::Loading, Lang::Da);
    assert_eq!(v.state, "loading");
    assert_eq!(v.loading, Some("Indlæser…"));
    assert_eq!(v.score, None);
    assert_eq!(v.title, "Eksponeringsscore");
}

#[test]
fn forbidden_explains_permission_and_role_and_shows_the_support_id() {
    let body = error_body(
        r#"{"error":{"code":"Forbidden","message":"Missing permission","target":"abc-123"}}"#,
    );
    let err = ScoreError::from_status(403, Some(&body), None);
    let v = view(
        CardKind::Exposure,
        &Reading::Loading.after(Err(err), 0.0),
        Lang::En,
    );
    assert_eq!(v.state, "error");
    let e = v.error.expect("error shown");
    assert_eq!(e.kind.as_str(), "forbidden");
    assert!(e.body.contains("Score.Read"));
    assert!(e.body.contains("View data"));
    assert_eq!(e.support.as_deref(), Some("Support reference: abc-123"));
    assert_eq!(
        e.detail.as_deref(),
        Some("HTTP status 403 · Forbidden · Missing permission")
    );
}

#[test]
fn interaction_required_offers_a_sign_in_button_and_other_401s_do_not() {
    let mut err = ScoreError::new(ErrorKind::Unauthorized, 0);
    err.code = Some(INTERACTION_REQUIRED.into());
    assert_eq!(
        error_view(&err, Lang::Nl, &PlainFormats).sign_in,
        Some("Aanmelden")
    );
    let plain = ScoreError::from_status(401, None, None);
    assert_eq!(error_view(&plain, Lang::En, &PlainFormats).sign_in, None);
}

#[test]
fn disabled_feature_gets_its_own_explanation() {
    let body = error_body(r#"{"error":{"code":"DisabledFeature","message":"x","target":"t"}}"#);
    let err = ScoreError::from_status(403, Some(&body), None);
    let e = error_view(&err, Lang::En, &PlainFormats);
    assert!(e.body.contains("turned off"));
}

#[test]
fn throttled_says_when_it_tries_again() {
    let err = ScoreError::from_status(429, None, Some("30"));
    let e = error_view(&err, Lang::En, &PlainFormats);
    assert!(e.body.ends_with("try again in 30 seconds."), "{}", e.body);
}

#[test]
fn a_server_error_with_a_scheduled_retry_says_when_it_will_try_again() {
    let mut err = ScoreError::from_status(503, None, None);
    let plain = error_view(&err, Lang::En, &PlainFormats);
    assert!(!plain.body.contains("will try again"), "{}", plain.body);
    err.retry_after_seconds = Some(4);
    let v = error_view(&err, Lang::En, &PlainFormats);
    assert!(
        v.body.starts_with("The service could not answer."),
        "{}",
        v.body
    );
    assert!(v.body.contains("The card will try again"), "{}", v.body);
    let nl = error_view(&err, Lang::Nl, &PlainFormats);
    assert!(nl.body.contains("De kaart probeert het"), "{}", nl.body);
}

#[test]
fn transient_failure_after_a_reading_is_stale_with_data_and_note() {
    let stale = ready(exposure(12.0)).after(Err(ScoreError::network("offline")), 60_000.0);
    let v = view(CardKind::Exposure, &stale, Lang::En);
    assert_eq!(v.state, "stale");
    assert_eq!(v.score.as_deref(), Some("12"));
    assert!(v.stale_note.is_some());
    assert_eq!(v.error.map(|e| e.kind), Some(ErrorKind::Network));
}

#[test]
fn every_error_kind_has_a_title_and_body_in_every_language() {
    for kind in [
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::Throttled,
        ErrorKind::Server,
        ErrorKind::Network,
        ErrorKind::InvalidResponse,
    ] {
        for lang in Lang::ALL {
            let e = error_view(&ScoreError::new(kind, 0), lang, &PlainFormats);
            assert!(
                !e.title.is_empty() && !e.body.is_empty(),
                "{kind:?} {lang:?}"
            );
            assert!(!e.body.contains('{'), "{kind:?} {lang:?}: {}", e.body);
        }
    }
}

/// An OData error body from JSON text, read as the widget reads one.
pub(crate) fn error_body(json: &str) -> ODataErrorBody {
    let raw = serde_json::from_str(json).expect("test body decodes");
    ODataErrorBody::read(raw).expect("test body is an error body")
}

fn failed(kind: CardKind, error: ScoreError) -> CardView {
    view(kind, &Reading::Loading.after(Err(error), 0.0), Lang::En)
}

fn forbidden(target: &str) -> ScoreError {
    let body = format!(r#"{{"error":{{"code":"Forbidden","message":"m","target":"{target}"}}}}"#);
    ScoreError::from_status(403, Some(&error_body(&body)), None)
}

#[test]
fn one_reason_on_every_card_is_said_once_with_every_support_reference_and_one_button() {
    let cards = [
        failed(CardKind::Exposure, forbidden("t-1")),
        failed(CardKind::Device, forbidden("t-2")),
        failed(CardKind::Groups, forbidden("t-1")),
    ];
    let shared = shared_error(&cards, Lang::En).expect("said once");
    assert_eq!(shared.kind, ErrorKind::Forbidden);
    assert!(shared.body.contains("Score.Read"), "{}", shared.body);
    assert_eq!(
        shared.support.as_deref(),
        Some("Support reference: t-1, t-2")
    );
    assert_eq!(shared.sign_in, None);
    // Sign-in needed on every card: the one button signs in.
    let mut needs_sign_in = ScoreError::new(ErrorKind::Unauthorized, 0);
    needs_sign_in.code = Some(INTERACTION_REQUIRED.into());
    let cards = [
        failed(CardKind::Exposure, needs_sign_in.clone()),
        failed(CardKind::Device, needs_sign_in),
    ];
    let shared = shared_error(&cards, Lang::En).expect("said once");
    assert_eq!(shared.sign_in, Some("Sign in"));
    assert_eq!(shared.support, None);
}

#[test]
fn different_reasons_one_card_or_a_card_with_a_reading_are_not_merged() {
    let throttled = ScoreError::from_status(429, None, Some("30"));
    let mixed = [
        failed(CardKind::Exposure, forbidden("t")),
        failed(CardKind::Device, throttled.clone()),
    ];
    assert_eq!(shared_error(&mixed, Lang::En), None);
    assert_eq!(shared_error(&mixed[..1], Lang::En), None);
    assert_eq!(shared_error(&[], Lang::En), None);
    let with_ready = [
        failed(CardKind::Exposure, forbidden("t")),
        view(CardKind::Device, &ready(device(300.0)), Lang::En),
    ];
    assert_eq!(shared_error(&with_ready, Lang::En), None);
    // 403 with DisabledFeature reads differently from a plain 403.
    let disabled = error_body(r#"{"error":{"code":"DisabledFeature","message":"x","target":"t"}}"#);
    let other_words = [
        failed(CardKind::Exposure, forbidden("t")),
        failed(
            CardKind::Device,
            ScoreError::from_status(403, Some(&disabled), None),
        ),
    ];
    assert_eq!(shared_error(&other_words, Lang::En), None);
    // Cards that each try again at their own time keep their own words.
    let mut soon = ScoreError::from_status(503, None, None);
    soon.retry_after_seconds = Some(2);
    let mut later = soon.clone();
    later.retry_after_seconds = Some(7);
    let apart = [
        failed(CardKind::Exposure, soon),
        failed(CardKind::Device, later),
    ];
    assert_eq!(shared_error(&apart, Lang::En), None);
    let same_time = [
        failed(CardKind::Exposure, throttled.clone()),
        failed(CardKind::Device, throttled),
    ];
    assert!(shared_error(&same_time, Lang::En).is_some());
}

#[test]
fn the_cors_hint_says_the_api_may_refuse_the_page_and_points_to_snapshot_mode() {
    for lang in Lang::ALL {
        let err = ScoreError::network("Failed to fetch");
        let mut v = view(
            CardKind::Exposure,
            &Reading::Loading.after(Err(err.clone()), 0.0),
            lang,
        );
        add_cors_hint(&mut v, &err, lang, &PlainFormats);
        let e = v.error.expect("the error");
        assert_eq!(e.title, lang.text(Text::NetworkTitle));
        assert!(e.body.starts_with(lang.text(Text::CorsBody)), "{lang:?}");
        assert!(e.body.contains("CORS"), "{lang:?}: {}", e.body);
    }
    // With a retry scheduled, the note stays after the hint.
    let mut err = ScoreError::network("Failed to fetch");
    err.retry_after_seconds = Some(2);
    let mut v = failed(CardKind::Device, err.clone());
    add_cors_hint(&mut v, &err, Lang::En, &PlainFormats);
    let body = v.error.expect("the error").body;
    assert!(body.contains("snapshot mode"), "{body}");
    assert!(
        body.ends_with("The card will try again in 2 seconds."),
        "{body}"
    );
}

#[test]
fn the_cors_hint_leaves_a_failure_with_an_http_answer_in_its_own_words() {
    let err = ScoreError::new(ErrorKind::Server, 503);
    let mut v = failed(CardKind::Device, err.clone());
    let before = v.error.clone().expect("the error").body;
    add_cors_hint(&mut v, &err, Lang::En, &PlainFormats);
    assert_eq!(v.error.expect("the error").body, before);
}

#[test]
fn compact_words_give_the_band_and_the_worst_group_of_how_many() {
    let v = view(CardKind::Exposure, &ready(exposure(33.4)), Lang::En);
    assert_eq!(v.brief.as_deref(), Some("Medium exposure"));
    let v = view(
        CardKind::Groups,
        &ready(groups(&[
            ("GroupOne", 41.4),
            ("Lab", 77.0),
            ("GroupTwo", 37.4),
        ])),
        Lang::En,
    );
    assert_eq!(v.brief.as_deref(), Some("High · Lab · Device groups: 3"));
    assert_eq!(v.groups[0].value, 77.0);
    let v = view(CardKind::Device, &ready(device(340.0)), Lang::En);
    assert_eq!(v.brief, None);
    let v = view(CardKind::Groups, &ready(groups(&[])), Lang::En);
    assert_eq!(v.brief, None);
}

pub(crate) mod recommendations;
mod say_once;
