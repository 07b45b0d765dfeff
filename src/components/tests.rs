use super::view::tests::{device, exposure, groups, ready, PlainFormats};
use super::*;
use crate::i18n::Lang;
use crate::model::CardKind;
use crate::model::{CardData, Cloud, Reading, ScoreError};

fn render(readings: &[(CardKind, Reading)], lang: Lang) -> String {
    let cards = readings
        .iter()
        .map(|(kind, r)| {
            Rc::new(card_view(
                *kind,
                r,
                false,
                lang,
                &PlainFormats,
                Cloud::Commercial,
                0.0,
            ))
        })
        .collect();
    let props = ScoreCardsProps {
        cards: Rc::new(cards),
        theme: "auto".into(),
        lang: lang.tag().into(),
        label: "scores".into(),
        layout: "cards".into(),
        shared: None,
        group: None,
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<ScoreCards>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[test]
fn ready_cards_carry_the_contract_hooks() {
    let html = render(
        &[
            (CardKind::Exposure, ready(exposure(33.49))),
            (CardKind::Device, ready(device(340.0))),
            (
                CardKind::Groups,
                ready(groups(&[("GroupOne", 41.4), ("GroupTwo", 37.4)])),
            ),
        ],
        Lang::En,
    );
    assert!(html.contains(r#"data-card="exposure""#), "{html}");
    assert!(html.contains(r#"data-card="device""#));
    assert!(html.contains(r#"data-card="groups""#));
    assert_eq!(html.matches(r#"data-state="ready""#).count(), 3);
    assert_eq!(html.matches(r#"data-testid="score""#).count(), 3);
    assert!(html.contains(r#"class="score">33<"#), "{html}");
    assert!(html.contains(r#"class="score">340<"#));
    assert!(html.contains(r#"data-group="GroupOne""#));
    assert!(html.contains(r#"data-group="GroupTwo""#));
    assert!(!html.contains("data-error"));
    assert!(html.contains(r#"rel="noopener noreferrer""#));
}

#[test]
fn error_cards_carry_data_error_and_no_score() {
    let err = ScoreError::from_status(403, None, None);
    let html = render(
        &[(CardKind::Device, Reading::Loading.after(Err(err), 0.0))],
        Lang::En,
    );
    assert!(html.contains(r#"data-state="error""#));
    assert!(html.contains(r#"data-error="forbidden""#));
    assert!(html.contains(r#"class="error""#));
    assert!(
        !html.contains(r#"role="alert""#),
        "the live region announces the error"
    );
    assert!(!html.contains("data-testid"));
}

#[test]
fn markup_in_group_names_and_error_messages_is_escaped() {
    let evil = r#"<img src=x onerror="alert(1)">"#;
    let body = super::view::tests::error_body(
        r#"{"error":{"code":"<b>x</b>","message":"<script>alert(1)</script>","target":"<i>t</i>"}}"#,
    );
    let html = render(
        &[
            (CardKind::Groups, ready(groups(&[(evil, 50.0)]))),
            (
                CardKind::Exposure,
                Reading::Loading.after(Err(ScoreError::from_status(500, Some(&body), None)), 0.0),
            ),
        ],
        Lang::En,
    );
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn the_download_button_and_risen_group_marks_render_as_words() {
    let mut view = card_view(
        CardKind::Groups,
        &ready(groups(&[("GroupOne", 41.4), ("GroupTwo", 37.4)])),
        false,
        Lang::En,
        &PlainFormats,
        Cloud::Commercial,
        0.0,
    );
    view.csv = Some("Download history (CSV)");
    view.groups[0].rose = Some("+4.1 since 16 Nov, exposure rose".into());
    let props = ScoreCardsProps {
        cards: Rc::new(vec![Rc::new(view)]),
        theme: "auto".into(),
        lang: "en".into(),
        label: "scores".into(),
        layout: "cards".into(),
        shared: None,
        group: None,
    };
    let html = futures::executor::block_on(
        yew::LocalServerRenderer::<ScoreCards>::with_props(props)
            .hydratable(false)
            .render(),
    );
    assert!(
        html.contains(r#"<button type="button" class="csv">Download history (CSV)</button>"#),
        "{html}"
    );
    assert_eq!(html.matches(r#"class="rose""#).count(), 1, "{html}");
    assert!(html.contains(r#"<span class="vh">+4.1 since 16 Nov, exposure rose</span>"#));
    // Without history: no button, no marks, no trend box.
    let plain = render(
        &[(CardKind::Groups, ready(groups(&[("GroupOne", 41.4)])))],
        Lang::En,
    );
    assert!(!plain.contains("csv") && !plain.contains("rose") && !plain.contains("trend"));
}

#[test]
fn the_gauge_and_the_group_bars_are_decorative_svg_and_the_bands_stay_in_words() {
    let html = render(
        &[
            (CardKind::Exposure, ready(exposure(33.49))),
            (
                CardKind::Groups,
                ready(groups(&[("GroupOne", 41.4), ("GroupTwo", 120.0)])),
            ),
        ],
        Lang::En,
    );
    // One gauge, on the exposure card: a marker at 33 (the bands are its background).
    assert_eq!(html.matches(r#"class="gauge""#).count(), 1, "{html}");
    assert!(html.contains(
        r#"<svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" class="gauge">"#
    ));
    assert!(
        html.contains(r#"<rect x="32" width="2" height="6">"#),
        "{html}"
    );
    assert!(html.contains(r#"<p class="meaning">Medium exposure · 0 to 100, lower is better</p>"#));
    // A bar per group row, as long as its exposure (at most the track).
    assert_eq!(
        html.matches(
            r#"<svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" class="bar">"#
        )
        .count(),
        2
    );
    assert!(html.contains(r#"<rect width="41.4" height="1">"#), "{html}");
    assert!(html.contains(r#"<rect width="100" height="1">"#), "{html}");
    assert!(html.contains(r#"<span class="group-band">High</span>"#));
    // No inline style anywhere: a strict CSP allows the cards.
    assert!(!html.contains("style="), "{html}");
}

#[test]
fn an_error_every_card_shares_is_said_once_in_the_widgets_live_region() {
    let failed = || Reading::Loading.after(Err(ScoreError::from_status(403, None, None)), 0.0);
    let views: Vec<CardView> = [CardKind::Exposure, CardKind::Device]
        .into_iter()
        .map(|kind| {
            card_view(
                kind,
                &failed(),
                false,
                Lang::En,
                &PlainFormats,
                Cloud::Commercial,
                0.0,
            )
        })
        .collect();
    let html = render_said_once(views, "compact");
    assert!(html.contains(r#"data-layout="compact""#), "{html}");
    assert_eq!(html.matches(r#"class="error""#).count(), 1, "{html}");
    assert_eq!(html.matches(r#"data-error="forbidden""#).count(), 2);
    assert!(html.contains(r#"<div aria-live="polite" class="shared"><div class="error"><p class="error-title">No access to the scores</p>"#), "{html}");
    // One button, the refresh of every card in the header before them; none on the cards.
    assert_eq!(html.matches(r#"class="refresh""#).count(), 1, "{html}");
    assert!(
        html.find(r#"class="refresh""#) < html.find(r#"class="shared""#),
        "{html}"
    );
    // Without a shared error the region is there, empty.
    let plain = render(&[(CardKind::Device, failed())], Lang::En);
    assert!(
        plain.contains(r#"<div aria-live="polite" class="shared"></div>"#),
        "{plain}"
    );
    assert_eq!(plain.matches(r#"class="error""#).count(), 1);
}

/// The widget as rendered from `views`, said once as the widget does.
fn render_said_once(mut views: Vec<CardView>, layout: &'static str) -> String {
    let (group, shared) = view::say_once(&mut views, Lang::En);
    let props = ScoreCardsProps {
        cards: Rc::new(views.into_iter().map(Rc::new).collect()),
        theme: "auto".into(),
        lang: "en".into(),
        label: "scores".into(),
        layout: layout.into(),
        shared,
        group,
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<ScoreCards>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn shown(kind: CardKind, reading: &Reading) -> CardView {
    card_view(
        kind,
        reading,
        false,
        Lang::En,
        &PlainFormats,
        Cloud::Commercial,
        0.0,
    )
}

#[test]
fn recommendation_rows_carry_their_hook_words_and_an_escaped_name_linking_to_the_portal() {
    use crate::model::cards::recommendations::{Recommendation, Recommendations};
    let row = |id: &str, name: &str, exploit: bool| Recommendation {
        id: id.into(),
        name: name.into(),
        exposure_impact: 4.3,
        config_score_impact: 0.0,
        exposed_devices: 3,
        total_devices: 12,
        public_exploit: exploit,
        active_alert: false,
    };
    let data = CardData::Recommendations(Recommendations {
        top: vec![
            row("va-_-google-_-chrome", "Update Google Chrome", true),
            row(
                "x\"><img src=x>",
                r#"<img src=x onerror="alert(1)">"#,
                false,
            ),
        ],
        active: 15,
    });
    let html = render(&[(CardKind::Recommendations, ready(data))], Lang::En);
    assert!(html.contains(r#"data-card="recommendations""#), "{html}");
    assert!(
        html.contains(r#"<span data-testid="score" class="score">15</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"<p class="meaning">Active security recommendations</p>"#));
    assert!(
        html.contains(r#"<ol aria-labelledby="dsc-title-recommendations" class="recs">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<li data-recommendation="va-_-google-_-chrome" class="rec">"#),
        "{html}"
    );
    assert!(html.contains(
        r#"<a href="https://security.microsoft.com/security-recommendations?recommendationId=va-_-google-_-chrome" target="_blank" rel="noopener noreferrer" aria-label="Update Google Chrome (opens in Microsoft Defender)" class="rec-name">Update Google Chrome</a>"#
    ), "{html}");
    assert!(html.contains(r#"<span class="rec-devices">3 of 12 devices exposed</span>"#));
    assert!(html.contains(r#"<span class="rec-impact">−4.3 exposure score</span></span><span class="rec-badges"><span class="badge">Public exploit</span></span></li>"#), "{html}");
    assert_eq!(
        html.matches(r#"<span class="badge">Public exploit</span>"#)
            .count(),
        1
    );
    assert!(!html.contains("Active alert") && !html.contains("device score points"));
    // Hostile names and ids stay text and one attribute value.
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("recommendationId=x%22%3E%3Cimg%20src%3Dx%3E"),
        "{html}"
    );
}

#[test]
fn two_cards_share_one_header_with_their_age_the_portal_link_and_one_refresh() {
    let html = render_said_once(
        vec![
            shown(CardKind::Exposure, &ready(exposure(33.0))),
            shown(CardKind::Device, &ready(device(340.0))),
        ],
        "cards",
    );
    assert_eq!(html.matches(r#"class="refresh""#).count(), 1, "{html}");
    assert_eq!(html.matches(r#"class="portal""#).count(), 1, "{html}");
    assert_eq!(html.matches(r#"class="fetched""#).count(), 1, "{html}");
    assert_eq!(html.matches("<footer").count(), 0, "{html}");
    // The header comes first (keyboard order), the refresh outside any card.
    let head = html.find(r#"class="group-head""#).expect("a header");
    let first_card = html.find("data-card=").expect("a card");
    let refresh = html.find(r#"class="refresh""#).expect("a refresh");
    assert!(head < refresh && refresh < first_card, "{html}");
    assert!(
        html.contains(r#"<span title="@1000" class="fetched">Fetched just now</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"<button type="button" class="refresh"><span aria-hidden="true" class="refresh-icon">↻</span><span class="refresh-text">Refresh</span></button>"#), "{html}");
    let portal = html.find(r#"class="portal""#).expect("a portal link");
    assert!(head < portal && portal < first_card, "{html}");
    // A failed card keeps its own retry, named by the card.
    let failed = Reading::Loading.after(Err(ScoreError::from_status(500, None, None)), 0.0);
    let html = render_said_once(
        vec![
            shown(CardKind::Exposure, &ready(exposure(33.0))),
            shown(CardKind::Device, &failed),
        ],
        "cards",
    );
    assert_eq!(html.matches(r#"class="refresh""#).count(), 2, "{html}");
    assert!(
        html.contains(r#"aria-label="Refresh Secure Score for Devices""#),
        "{html}"
    );
}

#[test]
fn loading_cards_say_so_in_the_chosen_language() {
    let html = render(&[(CardKind::Exposure, Reading::Loading)], Lang::Nl);
    assert!(html.contains(r#"data-state="loading""#));
    assert!(html.contains("Laden…"));
    assert!(html.contains(r#"lang="nl""#));
}
