//! The cards as Yew components: short, mostly markup, fed by [`view::CardView`]s.

// Top down: the widget (here) → a card's frame → its parts → the views they lay out.

/// One card's frame: title, refresh, headline, gauge, notes or error, footer.
mod card;
/// The device-group rows.
mod groups;
/// Snapshot mode's words on a card: scope, when published, why stale.
pub mod snapshot;
/// The trend: sparkline, change line, groups that rose.
pub mod sparkline;
/// What each card shows (its words, numbers and state), decided without a browser.
pub mod view;

pub use card::{ScoreCard, ScoreCardProps};
pub use view::{card_view, CardView, ErrorView};

use std::rc::Rc;
use yew::prelude::*;

/// Properties of the whole widget: one view per card, in order.
#[derive(Properties, PartialEq, Clone)]
pub struct ScoreCardsProps {
    /// The cards to show, in order.
    pub cards: Rc<Vec<Rc<CardView>>>,
    /// `auto`, `light` or `dark`.
    pub theme: AttrValue,
    /// The BCP 47 tag of the words shown.
    pub lang: AttrValue,
    /// The widget's accessible name.
    pub label: AttrValue,
    /// `cards` or `compact`.
    pub layout: AttrValue,
    /// The error every card shares, said once (see [`view::shared_error`]).
    pub shared: Option<ErrorView>,
}

/// The widget: a labelled region holding the error every card shares, if any, and the cards.
///
/// The shared error's polite live region is always there (empty and without a box when no
/// error is shared), so the message is announced when it comes.
#[component]
pub fn ScoreCards(props: &ScoreCardsProps) -> Html {
    html! {
        <div class="dsc" data-theme={props.theme.clone()} data-layout={props.layout.clone()}
             lang={props.lang.clone()} role="region" aria-label={props.label.clone()}>
            <div class="shared" aria-live="polite">
                if let Some(error) = &props.shared {
                    { card::error_block(error) }
                }
            </div>
            <div class="cards">
                { for props.cards.iter().map(|view| html! {
                    <ScoreCard key={view.kind.as_str()} view={view.clone()} />
                }) }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::view::tests::{device, exposure, groups, ready, PlainFormats};
    use super::*;
    use crate::i18n::Lang;
    use crate::model::CardKind;
    use crate::model::{Cloud, Reading, ScoreError};

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
                    Reading::Loading
                        .after(Err(ScoreError::from_status(500, Some(&body), None)), 0.0),
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
        assert!(
            html.contains(r#"<p class="meaning">Medium exposure · 0 to 100, lower is better</p>"#)
        );
        // A bar per group row, as long as its exposure (at most the track).
        assert_eq!(html.matches(r#"<svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" class="bar">"#).count(), 2);
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
        let shared = view::shared_error(&views, Lang::En);
        let props = ScoreCardsProps {
            cards: Rc::new(
                views
                    .into_iter()
                    .map(|v| {
                        Rc::new(CardView {
                            error_elsewhere: true,
                            ..v
                        })
                    })
                    .collect(),
            ),
            theme: "auto".into(),
            lang: "en".into(),
            label: "scores".into(),
            layout: "compact".into(),
            shared,
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<ScoreCards>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert!(html.contains(r#"data-layout="compact""#), "{html}");
        assert_eq!(html.matches(r#"class="error""#).count(), 1, "{html}");
        assert_eq!(html.matches(r#"data-error="forbidden""#).count(), 2);
        assert!(html.contains(r#"<div aria-live="polite" class="shared"><div class="error"><p class="error-title">No access to the scores</p>"#), "{html}");
        assert!(
            html.contains(r#"<button type="button" class="refresh">Refresh</button></div></div>"#),
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

    #[test]
    fn loading_cards_say_so_in_the_chosen_language() {
        let html = render(&[(CardKind::Exposure, Reading::Loading)], Lang::Nl);
        assert!(html.contains(r#"data-state="loading""#));
        assert!(html.contains("Laden…"));
        assert!(html.contains(r#"lang="nl""#));
    }
}
