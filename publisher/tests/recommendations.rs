//! The opt-in recommendations card against the emulator (in-process): published with the top
//! 20 and the active count when listed in `--cards`, every page followed, kept in the history;
//! a token without its permission fails that card alone and the scores are still published.

mod common;

use common::*;
use defender_score_core::model::{CardData, CardKind};

const ALL_CARDS: &str = "exposure,device,groups,recommendations";
/// The emulator's fixed token that reads the scores but is answered 403 on recommendations.
const SCORE_ONLY_TOKEN: &str = "demo-token-score-only";

/// The recommendations reading of a folder read back as the widget reads it.
fn recommendations(
    folder: &Folder,
) -> Option<defender_score_core::model::cards::recommendations::Recommendations> {
    folder.readings.iter().find_map(|f| match &f.data {
        CardData::Recommendations(r) => Some(r.clone()),
        _ => None,
    })
}

#[test]
fn listing_recommendations_publishes_the_top_and_the_active_count_and_keeps_the_count_in_history() {
    // Four recommendations an answer, so the 18 of the demo tenant come in five pages.
    let emulator = Emulator::start(&["--page-size", "4"]);
    let out = tempfile::tempdir().expect("temp dir");
    let output = publish(&emulator, out.path(), &["--cards", ALL_CARDS]);
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout {stdout} stderr {stderr}"
    );
    assert!(stdout.contains("recommendations 15 active"), "{stdout}");
    let folder = read_folder(out.path());
    let kinds: Vec<_> = folder.readings.iter().map(|f| f.data.kind()).collect();
    assert_eq!(kinds, CardKind::ALL);
    let read = recommendations(&folder).expect("a recommendations reading");
    assert_eq!(read.active, 15);
    assert_eq!(read.top.len(), 15, "all 15 active ones fit the top 20");
    let names: Vec<_> = read.first(5).iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Update Google Chrome",
            "Disable SMBv1 server",
            "Update Windows 11",
            "Block Office applications from creating child processes",
            "Enable Network Protection"
        ]
    );
    // Active only (15 of 18) means each page was followed: 15 active need four pages of four.
    assert_eq!(emulator.calls_to("/api/recommendations").len(), 4);
    // The file holds the cache's shape: no items, the count and the rows in camel case.
    let file = json(out.path(), "snapshot.json");
    let reading = &file["readings"][3];
    assert_eq!(reading["kind"], "recommendations");
    assert_eq!(reading["items"], serde_json::json!([]));
    assert_eq!(reading["active"], 15);
    assert_eq!(reading["top"][0]["name"], "Update Google Chrome");
    for member in [
        "id",
        "exposureImpact",
        "configScoreImpact",
        "exposedDevices",
        "totalDevices",
        "publicExploit",
        "activeAlert",
    ] {
        assert!(!reading["top"][0][member].is_null(), "top[0].{member}");
    }
    let record = &folder.history.records[0];
    assert_eq!(record.recommendations, Some(15));
    assert!(record.exposure.is_some() && record.device.is_some());
    assert!(
        folder.csv.contains(",recommendations,,15\r\n"),
        "{}",
        folder.csv
    );
}

#[test]
fn recommendations_are_not_read_unless_listed() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    let folder = read_folder(out.path());
    assert!(recommendations(&folder).is_none());
    assert!(emulator.calls_to("/api/recommendations").is_empty());
    assert_eq!(folder.history.records[0].recommendations, None);
}

#[test]
fn a_token_without_the_recommendations_permission_fails_that_card_alone() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = token_args(&emulator, out.path());
    args.extend(["--cards".to_owned(), ALL_CARDS.to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, &[("DEFENDER_TEST_TOKEN", SCORE_ONLY_TOKEN)]);
    let (stdout, stderr) = text(&output);
    // The card asked for could not be read: the run says so, as for any card.
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout {stdout} stderr {stderr}"
    );
    assert!(stderr.contains("recommendations failed: 403"), "{stderr}");
    assert!(stderr.contains("published exposure"), "{stderr}");
    let folder = read_folder(out.path());
    let failure = folder
        .snapshot
        .failure
        .clone()
        .expect("the failure is recorded");
    assert_eq!(failure.card, Some(CardKind::Recommendations));
    assert_eq!(failure.status, Some(403));
    let kinds: Vec<_> = folder.readings.iter().map(|f| f.data.kind()).collect();
    assert_eq!(kinds, CardKind::DEFAULT, "the three scores are published");
    assert_eq!(folder.score(CardKind::Device), Some(340.0));
    let record = &folder.history.records[0];
    assert!(record.exposure.is_some() && record.recommendations.is_none());
}

#[test]
fn a_later_recommendations_failure_keeps_the_last_good_reading() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let first = publish(&emulator, out.path(), &["--cards", ALL_CARDS]);
    assert_eq!(first.status.code(), Some(0), "{:?}", text(&first));
    let before = recommendations(&read_folder(out.path())).expect("a first reading");
    emulator.fault(
        serde_json::json!({"endpoint": "recommendations", "status": 403, "times": "always"}),
    );
    let output = publish(&emulator, out.path(), &["--cards", ALL_CARDS]);
    assert_eq!(output.status.code(), Some(1), "{:?}", text(&output));
    let after = read_folder(out.path());
    assert_eq!(recommendations(&after), Some(before));
    let failure = after.snapshot.failure.expect("the failure is recorded");
    assert_eq!(failure.card, Some(CardKind::Recommendations));
}

#[test]
fn a_score_cards_failure_is_recorded_over_the_recommendations_cards() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    emulator.fault(
        serde_json::json!({"endpoint": "recommendations", "status": 403, "times": "always"}),
    );
    emulator.fault(
        serde_json::json!({"endpoint": "configurationScore", "status": 403, "times": "always"}),
    );
    let cards = "recommendations,exposure,device,groups";
    let output = publish(&emulator, out.path(), &["--cards", cards]);
    assert_eq!(output.status.code(), Some(1), "{:?}", text(&output));
    let failure = read_folder(out.path())
        .snapshot
        .failure
        .expect("the failure is recorded");
    assert_eq!(failure.card, Some(CardKind::Device));
}
