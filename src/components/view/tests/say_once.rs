//! What two or more cards share is said once: refresh, age, scope, portal, download.

use super::super::*;
use super::recommendations::twenty;
use super::{device, exposure, ready, PlainFormats};
use crate::model::ScoreError;

const MINUTE: f64 = 60_000.0;

/// A card whose reading came at `fetched_ms`, seen at `now_ms`.
fn card(kind: CardKind, reading: &Reading, now_ms: f64) -> CardView {
    card_view(
        kind,
        reading,
        false,
        Lang::En,
        &PlainFormats,
        Cloud::Commercial,
        now_ms,
    )
}

fn fetched_at(data: CardData, fetched_ms: f64) -> Reading {
    Reading::Loading.after(Ok(data), fetched_ms)
}

#[test]
fn a_single_card_keeps_its_refresh_age_and_portal() {
    let mut cards = [card(
        CardKind::Exposure,
        &ready(exposure(33.0)),
        3.0 * MINUTE,
    )];
    let before = cards.clone();
    let (group, shared) = say_once(&mut cards, Lang::En);
    assert_eq!((group, shared), (None, None));
    assert_eq!(cards, before);
    assert!(cards[0].refresh_here && cards[0].portal_here);
    assert_eq!(cards[0].fetched.as_deref(), Some("Fetched 3 minutes ago"));
}

#[test]
fn cards_read_together_say_one_age_one_refresh_and_one_portal_link() {
    let now = 10.0 * MINUTE;
    let mut cards = [
        card(CardKind::Exposure, &fetched_at(exposure(33.0), 0.0), now),
        card(CardKind::Device, &fetched_at(device(340.0), 20_000.0), now),
        card(
            CardKind::Recommendations,
            &fetched_at(twenty(), 50_000.0),
            now,
        ),
    ];
    cards[1].csv = Some("Download history (CSV)");
    let (group, shared) = say_once(&mut cards, Lang::En);
    let group = group.expect("a group");
    assert_eq!(shared, None);
    assert_eq!(group.refresh, "Refresh");
    // The newest reading's age and time (recommendations carry no time of their own: when
    // they were fetched).
    assert_eq!(group.fetched.as_deref(), Some("Fetched 9 minutes ago"));
    assert_eq!(group.fetched_exact.as_deref(), Some("@50000"));
    assert_eq!(
        group.portal_url,
        "https://security.microsoft.com/tvm_dashboard"
    );
    assert_eq!(group.portal, "Improve in Microsoft Defender");
    assert_eq!(group.csv, Some("Download history (CSV)"));
    assert_eq!((group.scope, group.note, group.busy), (None, None, false));
    for v in &cards {
        assert!(!v.refresh_here && !v.portal_here, "{:?}", v.kind);
        assert_eq!((v.fetched.as_deref(), v.csv), (None, None), "{:?}", v.kind);
    }
    // What differs stays: the rows and their links.
    assert_eq!(cards[2].recommendations.len(), 20);
}

#[test]
fn a_card_whose_reading_is_older_keeps_its_own_age_and_a_failed_card_its_own_retry() {
    let now = 30.0 * MINUTE;
    let stale = fetched_at(exposure(12.0), 0.0).after(Err(ScoreError::network("offline")), now);
    let failed = Reading::Loading.after(Err(ScoreError::from_status(500, None, None)), now);
    let mut cards = [
        card(CardKind::Exposure, &stale, now),
        card(
            CardKind::Device,
            &fetched_at(device(340.0), now - 2.0 * MINUTE),
            now,
        ),
        card(CardKind::Groups, &failed, now),
    ];
    let (group, shared) = say_once(&mut cards, Lang::En);
    let group = group.expect("a group");
    assert_eq!(shared, None, "one card failed: said on it");
    assert_eq!(group.fetched.as_deref(), Some("Fetched 2 minutes ago"));
    assert_eq!(cards[0].state, "stale");
    assert_eq!(cards[0].fetched.as_deref(), Some("Fetched 30 minutes ago"));
    assert_eq!(cards[1].fetched, None);
    let own_refresh: Vec<bool> = cards.iter().map(|v| v.refresh_here).collect();
    assert_eq!(own_refresh, [true, false, true]);
    assert!(!cards[2].error_elsewhere);
}

#[test]
fn an_error_every_card_shares_is_said_once_and_the_group_refreshes_them() {
    let failed = Reading::Loading.after(Err(ScoreError::from_status(500, None, None)), 0.0);
    let mut cards = [
        card(CardKind::Exposure, &failed, 0.0),
        card(CardKind::Device, &failed, 0.0),
    ];
    let (group, shared) = say_once(&mut cards, Lang::En);
    assert!(
        shared.is_some_and(|e| e.sign_in.is_none()),
        "said once, without a button"
    );
    assert!(
        group.is_some_and(|g| g.fetched.is_none()),
        "the group's refresh is the one button"
    );
    for v in &cards {
        assert!(v.error_elsewhere && !v.refresh_here, "{:?}", v.kind);
    }
}

#[test]
fn loading_cards_share_one_refresh_and_the_group_is_busy_when_any_card_is() {
    let mut cards = [
        card(CardKind::Exposure, &Reading::Loading, 0.0),
        card(CardKind::Recommendations, &Reading::Loading, 0.0),
    ];
    cards[1].busy = true;
    let (group, _) = say_once(&mut cards, Lang::Ja);
    let group = group.expect("a group");
    assert!(group.busy);
    assert_eq!(group.refresh, "更新");
    assert_eq!(group.fetched, None);
    assert!(cards.iter().all(|v| !v.refresh_here && v.loading.is_some()));
}

#[test]
fn when_every_card_is_stale_the_note_and_the_retry_are_the_groups() {
    let now = 3.0 * MINUTE;
    let stale = |data| fetched_at(data, 0.0).after(Err(ScoreError::network("offline")), now);
    let mut cards = [
        card(CardKind::Exposure, &stale(exposure(12.0)), now),
        card(CardKind::Device, &stale(device(300.0)), now),
    ];
    let (group, shared) = say_once(&mut cards, Lang::En);
    let group = group.expect("a group");
    assert_eq!(shared, None);
    assert_eq!(
        group.note.as_deref(),
        Some("Showing an earlier reading: the latest refresh failed.")
    );
    assert_eq!(group.fetched.as_deref(), Some("Fetched 3 minutes ago"));
    for v in &cards {
        assert_eq!(v.state, "stale", "{:?}", v.kind);
        assert_eq!(
            (v.stale_note, v.refresh_here),
            (None, false),
            "{:?}",
            v.kind
        );
        assert_eq!(v.fetched, None, "{:?}", v.kind);
    }
}
