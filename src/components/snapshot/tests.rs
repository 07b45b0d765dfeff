use super::*;
use crate::components::view::card_view;
use crate::components::view::tests::recommendations::{item, recommendations};
use crate::components::view::tests::{exposure, ready, PlainFormats};
use crate::model::snapshot::{Failure, Schedule};
use crate::model::{ApiBase, CardKind, Cloud, Reading, ScoreError, Timestamp};

const MINUTE: f64 = 60_000.0;
const HOUR: f64 = 60.0 * MINUTE;
const PUBLISHED: f64 = 1_796_133_603_000.0;

fn snapshot(schedule: Option<Schedule>, failure: Option<Failure>) -> CheckedSnapshot {
    CheckedSnapshot {
        tenant: "t".into(),
        cloud: Cloud::GccHigh,
        api_base: ApiBase::parse("https://api-gov.securitycenter.microsoft.us", None)
            .expect("valid"),
        published: Timestamp {
            epoch_ms: PUBLISHED,
        },
        schedule,
        readings: Vec::new(),
        failure,
    }
}

fn every_15_minutes() -> Option<Schedule> {
    Some(Schedule::after(PUBLISHED, 900))
}

/// The exposure card in snapshot mode.
fn shown(reading: &Reading, s: Option<&CheckedSnapshot>, now: f64) -> CardView {
    shown_as(CardKind::Exposure, reading, s, now)
}

/// A card of `kind` in snapshot mode.
fn shown_as(kind: CardKind, reading: &Reading, s: Option<&CheckedSnapshot>, now: f64) -> CardView {
    let mut v = card_view(
        kind,
        reading,
        false,
        Lang::En,
        &PlainFormats,
        Cloud::Commercial,
        now,
    );
    add_snapshot(&mut v, s, Lang::En, &PlainFormats, now);
    v
}

#[test]
fn a_published_reading_says_whose_scores_and_when_they_were_published() {
    let s = snapshot(every_15_minutes(), None);
    let v = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + 10.0 * MINUTE);
    assert_eq!(v.state, "ready");
    assert_eq!(v.scope, Some("Scores for the whole organisation"));
    assert_eq!(v.fetched.as_deref(), Some("Published 10 minutes ago"));
    assert_eq!(v.fetched_exact, Some(format!("@{PUBLISHED}")));
    assert_eq!(v.portal_url, Cloud::GccHigh.portal_url());
    assert_eq!(v.snapshot_note, None);
    let v = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + 5_000.0);
    assert_eq!(v.fetched.as_deref(), Some("Published just now"));
}

#[test]
fn a_failed_latest_publish_shows_the_last_scores_as_stale_with_status_and_code() {
    let failure = Failure::new(
        PUBLISHED + HOUR,
        Some(CardKind::Groups),
        Some(429),
        Some("TooManyRequests"),
        "the API limited calls",
    );
    let s = snapshot(every_15_minutes(), Some(failure));
    let v = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + 2.0 * HOUR);
    assert_eq!(v.state, "stale");
    assert_eq!(v.stale_note, None);
    let note = v.snapshot_note.expect("a reason");
    assert!(
        note.starts_with(
            "The latest publish failed 1 hours ago (HTTP status 429 · TooManyRequests)"
        ),
        "{note}"
    );
    // Also overdue: the next publish was due at +15 minutes.
    assert!(
        note.contains("Out of date: the next publish was due 2 hours ago."),
        "{note}"
    );
    // A failure with neither status nor code gives its message.
    let s = snapshot(
        every_15_minutes(),
        Some(Failure::new(
            PUBLISHED,
            None,
            None,
            None,
            "sign-in timed out",
        )),
    );
    let note = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + MINUTE)
        .snapshot_note
        .expect("a reason");
    assert!(note.contains("(sign-in timed out)"), "{note}");
}

#[test]
fn a_snapshot_is_stale_only_past_its_next_due_time_by_more_than_an_interval() {
    let s = snapshot(every_15_minutes(), None);
    let just_in_time = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + 30.0 * MINUTE);
    assert_eq!(just_in_time.state, "ready");
    let late = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + 31.0 * MINUTE);
    assert_eq!(late.state, "stale");
    assert_eq!(
        late.snapshot_note.as_deref(),
        Some("Out of date: the next publish was due 16 minutes ago.")
    );
    let unscheduled = snapshot(None, None);
    let day_old = shown(
        &ready(exposure(33.0)),
        Some(&unscheduled),
        PUBLISHED + 25.0 * HOUR,
    );
    assert_eq!(day_old.state, "stale");
    assert_eq!(
        day_old.snapshot_note.as_deref(),
        Some("Out of date: nothing was published for over a day.")
    );
}

#[test]
fn a_folder_that_cannot_be_read_says_so_in_the_folders_terms() {
    for error in [
        ScoreError::new(ErrorKind::NotFound, 404),
        ScoreError::new(ErrorKind::Forbidden, 403),
        ScoreError::network("Failed to fetch"),
    ] {
        let failed = Reading::Loading.after(Err(error), 0.0);
        let v = shown(&failed, None, PUBLISHED);
        assert_eq!(v.state, "error");
        let e = v.error.expect("the error");
        assert!(
            e.body.contains("published scores could not be read"),
            "{}",
            e.body
        );
        assert_eq!(v.scope, None);
        assert_eq!(v.fetched, None);
    }
}

#[test]
fn server_and_network_failures_of_the_folder_are_titled_after_it_not_after_defender() {
    for error in [
        ScoreError::new(ErrorKind::Server, 503),
        ScoreError::network("Failed to fetch"),
    ] {
        let v = shown(&Reading::Loading.after(Err(error), 0.0), None, PUBLISHED);
        let e = v.error.expect("the error");
        assert_eq!(e.title, "Cannot read the published scores");
        assert!(!e.title.contains("Defender"));
    }
    // Others keep their own titles.
    let v = shown(
        &Reading::Loading.after(Err(ScoreError::new(ErrorKind::Forbidden, 403)), 0.0),
        None,
        PUBLISHED,
    );
    assert_eq!(v.error.expect("the error").title, "No access to the scores");
}

#[test]
fn the_scope_the_publish_time_and_why_it_is_stale_are_said_once_for_every_card() {
    use crate::components::view::say_once;
    use crate::components::view::tests::device;
    let failure = Failure::new(PUBLISHED + HOUR, None, Some(500), None, "server error");
    let s = snapshot(every_15_minutes(), Some(failure));
    let now = PUBLISHED + 2.0 * HOUR;
    // The readings were read from the folder long after they were published.
    let read = |data| Reading::Loading.after(Ok(data), now);
    let mut cards = [
        shown_as(CardKind::Exposure, &read(exposure(33.0)), Some(&s), now),
        shown_as(CardKind::Device, &read(device(340.0)), Some(&s), now),
    ];
    let (group, _) = say_once(&mut cards, Lang::En);
    let group = group.expect("a group");
    assert_eq!(group.scope, Some("Scores for the whole organisation"));
    assert_eq!(group.fetched.as_deref(), Some("Published 2 hours ago"));
    assert_eq!(group.portal_url, Cloud::GccHigh.portal_url());
    assert!(
        group
            .note
            .as_deref()
            .is_some_and(|n| n.contains("HTTP status 500")),
        "{group:?}"
    );
    for v in &cards {
        assert_eq!(v.state, "stale");
        assert_eq!((v.scope, v.fetched.as_deref()), (None, None));
        assert_eq!(v.snapshot_note, None);
        assert!(
            !v.refresh_here,
            "every card is stale: the group's refresh tries them all"
        );
    }
}

#[test]
fn a_folder_refusal_is_one_error_for_every_card_the_recommendations_card_too() {
    use crate::components::view::shared_error;
    let refused = || Reading::Loading.after(Err(ScoreError::new(ErrorKind::Forbidden, 403)), 0.0);
    let cards = [
        shown_as(CardKind::Exposure, &refused(), None, PUBLISHED),
        shown_as(CardKind::Recommendations, &refused(), None, PUBLISHED),
    ];
    let shared = shared_error(&cards, Lang::En).expect("said once");
    assert_eq!(shared.title, "No access to the scores");
}

/// A snapshot whose publish was refused the recommendations (the application lacks
/// `SecurityRecommendation.Read.All`) while the score cards were read.
fn publisher_refused_recommendations() -> CheckedSnapshot {
    let failure = Failure::new(
        PUBLISHED,
        Some(CardKind::Recommendations),
        Some(403),
        Some("Forbidden"),
        "the application lacks SecurityRecommendation.Read.All",
    );
    snapshot(every_15_minutes(), Some(failure))
}

#[test]
fn a_publish_that_failed_on_the_recommendations_card_alone_leaves_the_score_cards_fresh() {
    let s = publisher_refused_recommendations();
    let score_card = shown(&ready(exposure(33.0)), Some(&s), PUBLISHED + 10.0 * MINUTE);
    assert_eq!(score_card.state, "ready");
    assert_eq!(score_card.snapshot_note, None);
    let top = vec![item("a", "Update Google Chrome", 4.0, 2.0)];
    let reading = ready(recommendations(top, 15));
    let card = shown_as(
        CardKind::Recommendations,
        &reading,
        Some(&s),
        PUBLISHED + 10.0 * MINUTE,
    );
    assert_eq!(card.state, "stale");
    assert!(card.snapshot_note.is_some());
}

#[test]
fn a_recommendations_card_the_publisher_was_refused_says_what_its_application_needs() {
    let s = publisher_refused_recommendations();
    let refused = Reading::Loading.after(Err(s.missing(CardKind::Recommendations)), PUBLISHED);
    let card = shown_as(CardKind::Recommendations, &refused, Some(&s), PUBLISHED);
    let error = card.error.expect("the refusal");
    assert_eq!((card.state, error.kind), ("error", ErrorKind::Forbidden));
    assert!(
        error.body.contains("SecurityRecommendation.Read.All"),
        "{}",
        error.body
    );
    assert!(error
        .detail
        .is_some_and(|d| d.contains("lacks SecurityRecommendation.Read.All")));
    // The folder itself refused: the folder's words, on any card.
    let folder = Reading::Loading.after(Err(ScoreError::new(ErrorKind::Forbidden, 403)), PUBLISHED);
    let card = shown_as(CardKind::Recommendations, &folder, None, PUBLISHED);
    assert!(!card.error.expect("refused").body.contains("Read.All"));
}
